#include <awsml/auth/sigv4.hpp>
#include <awsml/auth/sigv4_chunks.hpp>
#include <awsml/auth/sigv4_verify.hpp>

#include "support/vectors.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <catch2/catch.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <span>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace sigv4_test {

namespace {

namespace fs = std::filesystem;
namespace v4 = awsml::sigv4;
using awsml::http_request;
using std::chrono::system_clock;

constexpr std::string_view example_access_key = "AKIDEXAMPLE";
constexpr std::string_view example_secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr std::string_view example_token = "AQoDYXdzEPT//////////wEXAMPLEtoken+/=";

// ---- reading the vectors

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

/// A raw HTTP/1.1 request as the suites write it: request line (the target may contain
/// spaces), headers with repeats and obsolete line folding (a continuation line starting with
/// whitespace, joined to the previous value with a space), a blank line, then the body as is.
http_request parse_raw_request(std::string_view text) {
    std::size_t pos = 0;
    auto read_line = [&]() -> std::optional<std::string_view> {
        if (pos >= text.size())
            return std::nullopt;
        const std::size_t newline = text.find('\n', pos);
        std::string_view line = text.substr(
            pos, newline == std::string_view::npos ? std::string_view::npos : newline - pos);
        pos = newline == std::string_view::npos ? text.size() : newline + 1;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        return line;
    };
    http_request request;
    const std::string_view request_line = read_line().value_or("");
    const std::size_t first_space = request_line.find(' ');
    const std::size_t last_space = request_line.rfind(' ');
    REQUIRE(first_space != std::string_view::npos);
    REQUIRE(last_space > first_space);
    request.method = request_line.substr(0, first_space);
    request.target = request_line.substr(first_space + 1, last_space - first_space - 1);
    while (auto line = read_line()) {
        if (line->empty()) {
            request.body = text.substr(pos);
            break;
        }
        if (line->front() == ' ' || line->front() == '\t') {
            REQUIRE(!request.headers.empty());
            request.headers.back().value += ' ';
            request.headers.back().value += *line;
            continue;
        }
        const std::size_t colon = line->find(':');
        REQUIRE(colon != std::string_view::npos);
        request.headers.push_back(
            {std::string(line->substr(0, colon)), std::string(line->substr(colon + 1))});
    }
    for (auto& header : request.headers)
        header.value = std::string(trimmed(header.value));
    request.host = std::string(awsml::find_header(request.headers, "host").value_or(""));
    return request;
}

/// Headers one per line, so that a mismatch prints readably.
std::string render_headers(const awsml::http_headers& headers, std::string_view leave_out = {}) {
    std::string out;
    for (const auto& h : headers)
        if (leave_out.empty() || !awsml::detail::iequals(h.name, leave_out))
            out += h.name + ": " + h.value + "\n";
    return out;
}

system_clock::time_point parse_iso8601(std::string_view text) {
    // 2015-08-30T12:36:00Z
    REQUIRE(text.size() == 20);
    std::string compact;
    for (char c : text)
        if (c != '-' && c != ':')
            compact.push_back(c);
    const auto parsed = v4::parse_amz_date(compact);
    REQUIRE(parsed);
    return *parsed;
}

system_clock::time_point suite_time() {
    return parse_iso8601("2015-08-30T12:36:00Z");
}

v4::signing_params example_params() {
    v4::signing_params params;
    params.credentials.access_key_id = std::string(example_access_key);
    params.credentials.secret_access_key = std::string(example_secret);
    params.region = "us-east-1";
    params.service = "service";
    params.time = suite_time();
    return params;
}

struct aws_c_auth_context {
    v4::signing_params params;
    bool normalize = true;
};

aws_c_auth_context load_context(const fs::path& file) {
    const boost::json::value json = boost::json::parse(awsml_test::read_file(file));
    const auto& object = json.as_object();
    const auto& creds = object.at("credentials").as_object();
    aws_c_auth_context context;
    auto& params = context.params;
    params.credentials.access_key_id = creds.at("access_key_id").as_string().c_str();
    params.credentials.secret_access_key = creds.at("secret_access_key").as_string().c_str();
    if (const auto* token = creds.if_contains("token"))
        params.credentials.session_token = token->as_string().c_str();
    params.region = object.at("region").as_string().c_str();
    params.service = object.at("service").as_string().c_str();
    params.time = parse_iso8601(object.at("timestamp").as_string().c_str());
    context.normalize = object.at("normalize").as_bool();
    params.options.normalize_path = context.normalize;
    // encode_path stays true: the suite's unnormalized cases still encode the path once.
    params.options.add_content_sha256_header = object.at("sign_body").as_bool();
    if (const auto* omit = object.if_contains("omit_session_token"))
        params.options.omit_session_token = omit->as_bool();
    params.options.expires_in =
        std::chrono::seconds(object.at("expiration_in_seconds").to_number<long>());
    return context;
}

std::vector<fs::path> sorted_subdirectories(const fs::path& root) {
    std::vector<fs::path> dirs;
    for (const auto& entry : fs::directory_iterator(root))
        if (entry.is_directory())
            dirs.push_back(entry.path());
    std::sort(dirs.begin(), dirs.end());
    return dirs;
}

// ---- helpers for the unit tests

http_request simple_request() {
    http_request request;
    request.method = "POST";
    request.host = "machinelearning.us-east-1.amazonaws.com";
    request.target = "/";
    request.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                       {"X-Amz-Target", "AmazonML_20141212.GetMLModel"}};
    request.body = R"({"MLModelId":"ml-123","Verbose":true})";
    return request;
}

std::size_t count_headers(const http_request& request, std::string_view name) {
    return static_cast<std::size_t>(
        std::count_if(request.headers.begin(), request.headers.end(),
                      [&](const auto& h) { return awsml::detail::iequals(h.name, name); }));
}

void set_header_value(http_request& request, std::string_view name, std::string value) {
    for (auto& h : request.headers)
        if (awsml::detail::iequals(h.name, name))
            h.value = value;
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

} // namespace

// =============================================================================================
// The shared test suites

TEST_CASE("sigv4: every aws-c-auth v4 case signs in headers and in the query", "[sigv4][vectors]") {
    const auto root = awsml_test::shared_path("vectors/sigv4/aws-c-auth-v4");
    if (!root)
        return;

    std::size_t on_disk = 0;
    for (const auto& entry : fs::recursive_directory_iterator(*root))
        if (entry.path().filename() == "context.json")
            ++on_disk;
    CHECK(on_disk == 38);

    v4::signer signer;
    std::size_t ran = 0;
    std::vector<std::string> failed;
    for (const fs::path& dir : sorted_subdirectories(*root)) {
        if (!fs::exists(dir / "context.json"))
            continue;
        const std::string name = dir.filename().string();
        INFO("aws-c-auth-v4 case: " << name);
        const auto read = [&](const char* file) { return awsml_test::read_file(dir / file); };
        const auto context = load_context(dir / "context.json");
        const http_request original = parse_raw_request(read("request.txt"));
        bool ok = true;
        const auto check = [&](bool passed) { ok = ok && passed; };

        // Header form.
        http_request signed_request = original;
        const auto details = signer.sign(signed_request, context.params);
        CHECK(details.canonical_request == read("header-canonical-request.txt"));
        check(details.canonical_request == read("header-canonical-request.txt"));
        CHECK(details.string_to_sign == read("header-string-to-sign.txt"));
        check(details.string_to_sign == read("header-string-to-sign.txt"));
        CHECK(details.signature == read("header-signature.txt"));
        check(details.signature == read("header-signature.txt"));
        const http_request expected_signed = parse_raw_request(read("header-signed-request.txt"));
        CHECK(signed_request.target == expected_signed.target);
        CHECK(render_headers(signed_request.headers) == render_headers(expected_signed.headers));
        CHECK(signed_request.body == expected_signed.body);
        check(render_headers(signed_request.headers) == render_headers(expected_signed.headers));
        // The client's path, which builds no signing_details, signs identically.
        http_request added = original;
        signer.add_signature(added, context.params);
        CHECK(render_headers(added.headers) == render_headers(signed_request.headers));
        check(render_headers(added.headers) == render_headers(signed_request.headers));

        v4::verify_options verify_options;
        verify_options.normalize_path = context.normalize;
        const auto verified = v4::verify(signed_request, example_secret, verify_options);
        if (!verified)
            WARN(name << ": " << verified.error().message);
        CHECK(verified.has_value());
        check(verified.has_value());

        // Query (presigned) form.
        http_request presigned = original;
        const auto query_details = signer.presign(presigned, context.params);
        CHECK(query_details.canonical_request == read("query-canonical-request.txt"));
        check(query_details.canonical_request == read("query-canonical-request.txt"));
        CHECK(query_details.string_to_sign == read("query-string-to-sign.txt"));
        check(query_details.string_to_sign == read("query-string-to-sign.txt"));
        CHECK(query_details.signature == read("query-signature.txt"));
        check(query_details.signature == read("query-signature.txt"));
        const http_request expected_presigned = parse_raw_request(read("query-signed-request.txt"));
        CHECK(presigned.target == expected_presigned.target);
        check(presigned.target == expected_presigned.target);
        CHECK(render_headers(presigned.headers) == render_headers(expected_presigned.headers));

        verify_options.presigned_token_unsigned = context.params.options.omit_session_token;
        const auto presign_verified = v4::verify(presigned, example_secret, verify_options);
        if (!presign_verified)
            WARN(name << ": " << presign_verified.error().message);
        CHECK(presign_verified.has_value());
        check(presign_verified.has_value());

        if (!ok)
            failed.push_back(name);
        ++ran;
    }
    INFO("failed cases: " << failed.size());
    for (const auto& name : failed)
        UNSCOPED_INFO("failed: " << name);
    CHECK(failed.empty());
    CHECK(ran == on_disk);
}

TEST_CASE("sigv4: every botocore aws4_testsuite case signs in headers", "[sigv4][vectors]") {
    const auto root = awsml_test::shared_path("vectors/sigv4/botocore-aws4_testsuite");
    if (!root)
        return;

    // Case folders are those holding <folder>.req, at the top level and in the
    // normalize-path/ and post-sts-token/ groups.
    std::size_t on_disk = 0;
    std::vector<fs::path> cases;
    for (const auto& entry : fs::recursive_directory_iterator(*root)) {
        if (entry.path().extension() != ".req")
            continue;
        ++on_disk;
        const fs::path dir = entry.path().parent_path();
        if (entry.path().stem() == dir.filename())
            cases.push_back(dir);
    }
    std::sort(cases.begin(), cases.end());
    CHECK(on_disk == 34);

    // post-sts-token/readme.txt: the token value, and that post-sts-header-after adds the
    // token after signing.
    const std::string readme = awsml_test::read_file(*root / "post-sts-token" / "readme.txt");
    const std::string marker = "uses this example value for X-Amz-Security-Token:";
    const std::size_t at = readme.find(marker);
    REQUIRE(at != std::string::npos);
    std::istringstream after(readme.substr(at + marker.size()));
    std::string readme_token;
    while (readme_token.empty() && std::getline(after, readme_token))
        readme_token = std::string(trimmed(readme_token));
    REQUIRE(!readme_token.empty());

    v4::signer signer;
    std::size_t ran = 0;
    std::vector<std::string> failed;
    for (const fs::path& dir : cases) {
        const std::string name = dir.filename().string();
        INFO("botocore case: " << fs::relative(dir, *root).string());
        const auto read = [&](const char* extension) {
            return awsml_test::read_file(dir / (name + extension));
        };
        const http_request original = parse_raw_request(read(".req"));
        const http_request expected_signed = parse_raw_request(read(".sreq"));

        v4::signing_params params = example_params();
        // The suite states the token a signer adds only as the X-Amz-Security-Token of the
        // signed request (get-vanilla-with-session-token uses a different one from the readme).
        if (auto token = awsml::find_header(expected_signed.headers, "X-Amz-Security-Token"))
            params.credentials.session_token = std::string(*token);
        if (dir.parent_path().filename() == "post-sts-token")
            CHECK(params.credentials.session_token == readme_token);
        params.options.omit_session_token = name == "post-sts-header-after";

        http_request signed_request = original;
        const auto details = signer.sign(signed_request, params);
        const bool creq_ok = details.canonical_request == read(".creq");
        const bool sts_ok = details.string_to_sign == read(".sts");
        const std::string authorization(
            awsml::find_header(signed_request.headers, "Authorization").value_or(""));
        const bool authz_ok = authorization == read(".authz");
        CHECK(details.canonical_request == read(".creq"));
        CHECK(details.string_to_sign == read(".sts"));
        CHECK(authorization == read(".authz"));
        http_request added = original;
        signer.add_signature(added, params);
        CHECK(render_headers(added.headers) == render_headers(signed_request.headers));
        // The .sreq files' Authorization is not always the .authz one (upstream
        // get-vanilla-with-session-token keeps the signature of get-vanilla): compare the rest.
        CHECK(render_headers(signed_request.headers, "Authorization") ==
              render_headers(expected_signed.headers, "Authorization"));
        CHECK(signed_request.target == expected_signed.target);
        CHECK(signed_request.body == expected_signed.body);

        const auto verified = v4::verify(signed_request, example_secret);
        if (!verified)
            WARN(name << ": " << verified.error().message);
        CHECK(verified.has_value());

        if (!(creq_ok && sts_ok && authz_ok && verified))
            failed.push_back(name);
        ++ran;
    }
    for (const auto& name : failed)
        UNSCOPED_INFO("failed: " << name);
    CHECK(failed.empty());
    CHECK(ran == on_disk);
}

// =============================================================================================
// Crypto primitives

TEST_CASE("sigv4: SHA-256 and HMAC-SHA256 match published vectors", "[sigv4][crypto]") {
    using namespace awsml::detail;
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const std::array<std::string_view, 3> parts = {"a", "", "bc"};
    CHECK(to_hex(sha256(parts)) == sha256_hex("abc"));
    // RFC 4231 test case 2.
    const std::string_view key = "Jefe";
    const auto mac = hmac_sha256({reinterpret_cast<const unsigned char*>(key.data()), key.size()},
                                 "what do ya want for nothing?");
    CHECK(to_hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(constant_time_equal("abc", "abc"));
    CHECK_FALSE(constant_time_equal("abc", "abd"));
    CHECK_FALSE(constant_time_equal("abc", "abcd"));
}

namespace {

// What the thread's HMAC context computes when restarted with whatever key it still holds
// (OpenSSL takes a null key to mean the current one).
std::string mac_with_the_key_held(std::string_view data) {
    EVP_MAC_CTX* ctx = awsml::detail::thread_hmac_context();
    REQUIRE(EVP_MAC_init(ctx, nullptr, 0, nullptr) == 1);
    REQUIRE(EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(data.data()), data.size()) ==
            1);
    awsml::detail::sha256_digest mac{};
    std::size_t length = 0;
    REQUIRE(EVP_MAC_final(ctx, mac.data(), &length, mac.size()) == 1);
    return awsml::detail::to_hex(mac);
}

// HMAC-SHA256 through OpenSSL's one-shot API, independent of awsml's contexts.
std::string reference_mac(std::span<const unsigned char> key, std::string_view data) {
    awsml::detail::sha256_digest mac{};
    std::size_t length = 0;
    const unsigned char none = 0;
    REQUIRE(EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.empty() ? &none : key.data(),
                      key.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                      mac.data(), mac.size(), &length) != nullptr);
    return awsml::detail::to_hex(mac);
}

std::span<const unsigned char> bytes_of(std::string_view text) {
    return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

} // namespace

TEST_CASE("sigv4: the thread's HMAC context forgets each key after use", "[sigv4][crypto]") {
    using awsml::detail::hmac_sha256;
    const std::string_view message = "what do ya want for nothing?";
    const std::string empty_key_mac = reference_mac({}, message);

    SECTION("the secret's seed, \"AWS4\" + secret") {
        const std::string seed = "AWS4" + std::string(example_secret);
        CHECK(awsml::detail::to_hex(hmac_sha256(bytes_of(seed), message)) ==
              reference_mac(bytes_of(seed), message));
        const std::string held = mac_with_the_key_held(message);
        CHECK(held != reference_mac(bytes_of(seed), message));
        CHECK(held == empty_key_mac);
    }
    SECTION("a derived signing key, through the whole derivation") {
        const auto key = v4::derive_signing_key(example_secret, "20120215", "us-east-1", "iam");
        const std::string held = mac_with_the_key_held(message);
        CHECK(held != reference_mac(key.bytes(), message));
        CHECK(held == empty_key_mac);
    }
    SECTION("a signer's signatures, its key derived then cached") {
        v4::signer signer;
        for (int i = 0; i < 2; ++i) {
            http_request request = simple_request();
            signer.sign(request, example_params());
            CHECK(mac_with_the_key_held(message) == empty_key_mac);
        }
    }
    SECTION("an empty key is the empty key, not the one used before") {
        hmac_sha256(bytes_of("Jefe"), message);
        CHECK(awsml::detail::to_hex(hmac_sha256({}, message)) == empty_key_mac);
    }
}

TEST_CASE("sigv4: crypto contexts are per thread", "[sigv4][crypto]") {
    const std::string expected = awsml::detail::sha256_hex("payload");
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 2000; ++i)
                if (awsml::detail::sha256_hex("payload") != expected)
                    ++mismatches;
        });
    for (auto& thread : threads)
        thread.join();
    CHECK(mismatches == 0);
}

// =============================================================================================
// The pieces

TEST_CASE("sigv4: derived signing key matches the AWS documentation example", "[sigv4][pieces]") {
    const auto key = v4::derive_signing_key(example_secret, "20120215", "us-east-1", "iam");
    CHECK(awsml::detail::to_hex(key.bytes()) ==
          "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    CHECK(key == v4::derive_signing_key(example_secret, "20120215", "us-east-1", "iam"));
    CHECK_FALSE(key == v4::derive_signing_key(example_secret, "20120216", "us-east-1", "iam"));
}

TEST_CASE("sigv4: canonical URI", "[sigv4][pieces]") {
    v4::signing_options s3;
    s3.normalize_path = false;
    s3.encode_path = false;
    v4::signing_options no_normalize;
    no_normalize.normalize_path = false;

    CHECK(v4::canonical_uri("") == "/");
    CHECK(v4::canonical_uri("/") == "/");
    CHECK(v4::canonical_uri("/a/./b/../c/") == "/a/c/");
    CHECK(v4::canonical_uri("/a//b") == "/a/b");
    CHECK(v4::canonical_uri("/..") == "/");
    CHECK(v4::canonical_uri("/a b/$") == "/a%20b/%24");
    // The target is already encoded for the wire: services other than S3 sign it encoded twice.
    CHECK(v4::canonical_uri("/a%20b") == "/a%2520b");
    CHECK(v4::canonical_uri("/a%20b", s3) == "/a%20b");
    CHECK(v4::canonical_uri("//a//./", s3) == "//a//./");
    CHECK(v4::canonical_uri("//a b//", no_normalize) == "//a%20b//");
}

TEST_CASE("sigv4: a path taken as its own canonical URI is one, with every option",
          "[sigv4][pieces]") {
    using awsml::detail::sigv4::is_canonical_path;
    const std::vector<v4::signing_options> all_options = [] {
        std::vector<v4::signing_options> out(4);
        out[1].normalize_path = false;
        out[2].encode_path = false;
        out[3].normalize_path = out[3].encode_path = false;
        return out;
    }();
    for (std::string_view path : {"/", "/a", "/a/b/", "/2014-12-12/x_y~z.-"}) {
        CHECK(is_canonical_path(path));
        for (const auto& options : all_options)
            CHECK(v4::canonical_uri(path, options) == path);
    }
    for (std::string_view path : {"", "a", "//", "/a//b", "/.", "/..", "/a/./b", "/a/../b", "/a/.",
                                  "/a b", "/a%20b", "/$", "/caf\xc3\xa9"}) {
        INFO(path);
        CHECK_FALSE(is_canonical_path(path));
    }
}

TEST_CASE("sigv4: canonical query", "[sigv4][pieces]") {
    CHECK(v4::canonical_query("") == "");
    CHECK(v4::canonical_query("b=2&a=1&a") == "a=&a=1&b=2");
    CHECK(v4::canonical_query("a=2&a=1&A=3") == "A=3&a=1&a=2");
    CHECK(v4::canonical_query("%41=%7e&sp=a b&plus=a+b") == "A=~&plus=a%2Bb&sp=a%20b");
    CHECK(v4::canonical_query("bad=%zz&&x=") == "bad=%25zz&x=");
    CHECK(v4::canonical_query("k=a=b") == "k=a%3Db");
}

TEST_CASE("sigv4: canonical headers", "[sigv4][pieces]") {
    const awsml::http_headers headers = {{"Host", "example.com"}, {"X-B", "  two   words  "},
                                         {"x-a", "first"},        {"User-Agent", "awsml"},
                                         {"X-A", "second"},       {"Authorization", "old"}};
    const auto block = v4::canonical_headers(headers);
    CHECK(block.headers == "host:example.com\nx-a:first,second\nx-b:two words\n");
    CHECK(block.signed_headers == "host;x-a;x-b");
}

TEST_CASE("sigv4: dates and scope", "[sigv4][pieces]") {
    CHECK(v4::format_amz_date(suite_time()) == "20150830T123600Z");
    CHECK(v4::format_amz_date(suite_time() + std::chrono::milliseconds(999)) == "20150830T123600Z");
    CHECK(v4::parse_amz_date("20150830T123600Z") == suite_time());
    CHECK_FALSE(v4::parse_amz_date("20150230T123600Z"));
    CHECK_FALSE(v4::parse_amz_date("20150830T243600Z"));
    CHECK_FALSE(v4::parse_amz_date("20150830 123600Z"));
    CHECK_FALSE(v4::parse_amz_date("2015-08-30T12:36:00Z"));
    CHECK(v4::credential_scope("20150830", "us-east-1", "service") ==
          "20150830/us-east-1/service/aws4_request");
}

TEST_CASE("sigv4: the pieces compose into sign()", "[sigv4][pieces]") {
    http_request request = simple_request();
    const auto params = example_params();
    const auto details = v4::sign(request, params);
    CHECK(v4::canonical_request(request, awsml::detail::sha256_hex(request.body)) ==
          details.canonical_request);
    CHECK(v4::string_to_sign("20150830T123600Z", details.credential_scope,
                             details.canonical_request) == details.string_to_sign);
    const auto key = v4::derive_signing_key(example_secret, "20150830", "us-east-1", "service");
    CHECK(v4::compute_signature(key, details.string_to_sign) == details.signature);
}

// =============================================================================================
// Signing behaviour

TEST_CASE("sigv4: Authorization header format", "[sigv4][sign]") {
    http_request request = simple_request();
    const auto details = v4::sign(request, example_params());
    const std::string value(awsml::find_header(request.headers, "Authorization").value());
    CHECK(value == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                   "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                   "Signature=" +
                       details.signature);
    CHECK(details.signature.size() == 64);
    CHECK(std::all_of(details.signature.begin(), details.signature.end(),
                      [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }));
    const auto parsed = v4::parse_authorization(value);
    REQUIRE(parsed);
    CHECK(parsed->access_key_id == "AKIDEXAMPLE");
    CHECK(parsed->scope() == "20150830/us-east-1/service/aws4_request");
    CHECK(parsed->signed_headers ==
          std::vector<std::string>{"content-type", "host", "x-amz-date", "x-amz-target"});
    CHECK(parsed->signature == details.signature);
}

TEST_CASE("sigv4: Host is added with a non-default port only", "[sigv4][sign]") {
    auto host_after_signing = [](std::string scheme, std::string host, std::uint16_t port) {
        http_request request;
        request.method = "GET";
        request.scheme = std::move(scheme);
        request.host = std::move(host);
        request.port = port;
        v4::sign(request, example_params());
        REQUIRE(request.headers.front().name == "Host");
        return request.headers.front().value;
    };
    CHECK(host_after_signing("https", "example.com", 443) == "example.com");
    CHECK(host_after_signing("http", "example.com", 80) == "example.com");
    CHECK(host_after_signing("https", "example.com", 8443) == "example.com:8443");
    CHECK(host_after_signing("http", "localhost", 443) == "localhost:443");
    CHECK(host_after_signing("http", "::1", 8080) == "[::1]:8080");

    http_request request = simple_request();
    request.headers.push_back({"host", "custom.example"});
    v4::sign(request, example_params());
    CHECK(count_headers(request, "host") == 1);
    CHECK(awsml::find_header(request.headers, "host") == "custom.example");
}

TEST_CASE("sigv4: signing again replaces the signing headers", "[sigv4][sign]") {
    http_request request = simple_request();
    auto params = example_params();
    params.credentials.session_token = std::string(example_token);
    params.options.add_content_sha256_header = true;
    const auto first = v4::sign(request, params);
    params.time = suite_time() + std::chrono::seconds(5);
    const auto second = v4::sign(request, params);
    for (const char* name :
         {"Host", "X-Amz-Date", "X-Amz-Security-Token", "x-amz-content-sha256", "Authorization"})
        CHECK(count_headers(request, name) == 1);
    CHECK(awsml::find_header(request.headers, "X-Amz-Date") == "20150830T123605Z");
    CHECK(first.signature != second.signature);
    CHECK(v4::verify(request, example_secret).has_value());

    // Signing with long-term credentials drops a stale token.
    params.credentials.session_token.clear();
    v4::sign(request, params);
    CHECK(count_headers(request, "X-Amz-Security-Token") == 0);
}

TEST_CASE("sigv4: options change what is signed", "[sigv4][sign]") {
    SECTION("payload_hash override, e.g. UNSIGNED-PAYLOAD") {
        http_request request = simple_request();
        auto params = example_params();
        params.options.payload_hash = std::string(v4::unsigned_payload);
        params.options.add_content_sha256_header = true;
        const auto details = v4::sign(request, params);
        CHECK(details.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
        CHECK(awsml::find_header(request.headers, "x-amz-content-sha256") == "UNSIGNED-PAYLOAD");
        CHECK(v4::verify(request, example_secret).has_value());
    }
    SECTION("omit_session_token leaves the token unsigned") {
        http_request request = simple_request();
        auto params = example_params();
        params.credentials.session_token = std::string(example_token);
        params.options.omit_session_token = true;
        const auto details = v4::sign(request, params);
        CHECK_FALSE(contains(details.canonical_request, example_token));
        CHECK(awsml::find_header(request.headers, "X-Amz-Security-Token") == example_token);
        CHECK(v4::verify(request, example_secret).has_value());
    }
    SECTION("unsigned headers stay out of the signature") {
        http_request request = simple_request();
        request.headers.push_back({"User-Agent", "awsml/1.0"});
        request.headers.push_back({"X-Amzn-Trace-Id", "Root=1-abc"});
        const auto details = v4::sign(request, example_params());
        CHECK(details.signed_headers == "content-type;host;x-amz-date;x-amz-target");
        // Changing them later does not break the signature.
        set_header_value(request, "User-Agent", "proxy-rewritten");
        CHECK(v4::verify(request, example_secret).has_value());
    }
}

TEST_CASE("sigv4: presign appends the signing parameters", "[sigv4][sign]") {
    http_request request;
    request.method = "GET";
    request.host = "example.amazonaws.com";
    request.target = "/path?b=2&a=1";
    auto params = example_params();
    params.credentials.session_token = std::string(example_token);
    params.options.expires_in = std::chrono::seconds(60);
    const auto details = v4::presign(request, params);
    CHECK(request.target ==
          "/path?b=2&a=1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830"
          "%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-"
          "SignedHeaders=host&X-Amz-Expires=60&X-Amz-Security-Token=AQoDYXdzEPT%2F%2F%2F%2F%2F%2F"
          "%2F%2F%2F%2FwEXAMPLEtoken%2B%2F%3D&X-Amz-Signature=" +
              details.signature);
    CHECK(count_headers(request, "Authorization") == 0);
    CHECK(count_headers(request, "X-Amz-Date") == 0);

    v4::verify_options options;
    options.now = suite_time() + std::chrono::seconds(59);
    const auto verified = v4::verify(request, example_secret, options);
    REQUIRE(verified);
    CHECK(verified->presigned);
    options.now = suite_time() + std::chrono::seconds(61);
    const auto expired = v4::verify(request, example_secret, options);
    REQUIRE_FALSE(expired);
    CHECK(expired.error().reason == v4::failure_reason::expired);
    // A query that names a presigned URL's parameters but lacks its signature is a malformed
    // presigned URL, not an unsigned request.
    http_request unsigned_query = request;
    unsigned_query.target.erase(unsigned_query.target.find("&X-Amz-Signature="));
    options.now = suite_time();
    const auto lacking = v4::verify(unsigned_query, example_secret, options);
    REQUIRE_FALSE(lacking);
    CHECK(lacking.error().reason == v4::failure_reason::malformed_authorization);
    CHECK(contains(lacking.error().message, "lacks X-Amz-Signature"));

    // Presigning twice is refused rather than producing two signatures.
    http_request again = request;
    CHECK_THROWS_AS(v4::presign(again, params), awsml::error);
    CHECK(again.target == request.target);

    // Found by tests/fuzz/sigv4.cpp: a request signed in its headers, once presigned, carried
    // both signatures and verified by the stale header. Refused too.
    http_request signed_in_headers = simple_request();
    v4::sign(signed_in_headers, example_params());
    const std::string target_before = signed_in_headers.target;
    std::error_code already_signed;
    v4::presign(signed_in_headers, params, already_signed);
    CHECK(already_signed == awsml::errc::invalid_value);
    CHECK(signed_in_headers.target == target_before);

    params.options.expires_in = std::chrono::seconds(0);
    http_request fresh = simple_request();
    std::error_code ec;
    v4::presign(fresh, params, ec);
    CHECK(ec == awsml::errc::invalid_value);
}

TEST_CASE("sigv4: invalid parameters fail before touching the request", "[sigv4][sign]") {
    const http_request original = simple_request();
    auto expect_failure = [&](const v4::signing_params& params, awsml::errc code) {
        http_request request = original;
        std::error_code ec;
        v4::sign(request, params, ec);
        CHECK(ec == code);
        CHECK(render_headers(request.headers) == render_headers(original.headers));
        CHECK_THROWS_AS(v4::sign(request, params), awsml::error);
    };
    auto params = example_params();
    params.region.clear();
    expect_failure(params, awsml::errc::no_region);
    params = example_params();
    params.region = "us-east-1/evil";
    expect_failure(params, awsml::errc::config_error);
    params = example_params();
    params.service = "";
    expect_failure(params, awsml::errc::config_error);
    params = example_params();
    params.credentials.secret_access_key.clear();
    expect_failure(params, awsml::errc::no_credentials);
    params = example_params();
    params.credentials.access_key_id.clear();
    expect_failure(params, awsml::errc::no_credentials);
    params = example_params();
    params.credentials.session_token = "token\r\nX-Injected: 1";
    expect_failure(params, awsml::errc::no_credentials);
}

// =============================================================================================
// The signing-key cache

TEST_CASE("sigv4: a cached signing key gives the same signature", "[sigv4][cache]") {
    v4::signer signer;
    const auto params = example_params();
    http_request first = simple_request();
    http_request second = simple_request();
    const auto a = signer.sign(first, params);
    const auto b = signer.sign(second, params);
    CHECK(a.signature == b.signature);
    auto stats = signer.key_cache_stats();
    CHECK(stats.misses == 1);
    CHECK(stats.hits == 1);
    CHECK(stats.entries == 1);

    // And the same as the uncached free function.
    http_request third = simple_request();
    CHECK(v4::sign(third, params).signature == a.signature);

    // Another region, day or secret is another key.
    auto other = params;
    other.region = "eu-west-1";
    http_request fourth = simple_request();
    signer.sign(fourth, other);
    other = params;
    other.time = suite_time() + std::chrono::hours(24);
    signer.sign(fourth, other);
    other = params;
    other.credentials.secret_access_key = "another-secret";
    const auto with_other_secret = signer.sign(fourth, other);
    CHECK(with_other_secret.signature != a.signature);
    stats = signer.key_cache_stats();
    CHECK(stats.misses == 4);
    CHECK(stats.entries == 4);
}

TEST_CASE("sigv4: the cache evicts the least recently used key", "[sigv4][cache]") {
    v4::signer signer(2);
    auto params = example_params();
    http_request request = simple_request();
    const auto sign_in = [&](const char* region) {
        params.region = region;
        return signer.sign(request, params).signature;
    };
    const std::string east = sign_in("us-east-1");
    sign_in("us-west-2");
    sign_in("us-east-1"); // hit; us-west-2 is now the oldest
    sign_in("eu-west-1"); // evicts us-west-2
    CHECK(sign_in("us-east-1") == east);
    auto stats = signer.key_cache_stats();
    CHECK(stats.entries == 2);
    CHECK(stats.hits == 2);
    CHECK(stats.misses == 3);

    v4::signer uncached(0);
    uncached.sign(request, params);
    uncached.sign(request, params);
    CHECK(uncached.key_cache_stats().hits == 0);
    CHECK(uncached.key_cache_stats().entries == 0);
}

TEST_CASE("sigv4: the cache's keyed HMAC contexts last no longer than their key",
          "[sigv4][cache]") {
    v4::signer signer(2);
    auto params = example_params();
    const auto sign_in = [&](const char* region) {
        http_request request = simple_request();
        params.region = region;
        const std::string signature = signer.sign(request, params).signature;
        http_request uncached = simple_request();
        CHECK(v4::sign(uncached, params).signature == signature);
        return signer.key_cache_stats();
    };
    // One context per cached key, reused by each signature with that key.
    CHECK(sign_in("us-east-1").keyed_contexts == 1);
    CHECK(sign_in("us-east-1").keyed_contexts == 1);
    CHECK(sign_in("us-west-2").keyed_contexts == 2);
    // An evicted key's context goes with it.
    auto stats = sign_in("eu-west-1");
    CHECK(stats.entries == 2);
    CHECK(stats.keyed_contexts == 2);
    stats = sign_in("us-east-1"); // evicted above: derived and keyed again
    CHECK(stats.misses == 4);
    CHECK(stats.keyed_contexts == 2);

    v4::signer uncached(0);
    http_request request = simple_request();
    uncached.sign(request, params);
    CHECK(uncached.key_cache_stats().keyed_contexts == 0);
}

TEST_CASE("sigv4: one signer signs from several threads", "[sigv4][cache]") {
    v4::signer signer;
    const auto params = example_params();
    http_request reference = simple_request();
    const std::string expected = v4::sign(reference, params).signature;
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 300; ++i) {
                http_request request = simple_request();
                if (signer.sign(request, params).signature != expected)
                    ++mismatches;
            }
        });
    for (auto& thread : threads)
        thread.join();
    CHECK(mismatches == 0);
    const auto stats = signer.key_cache_stats();
    CHECK(stats.entries == 1);
    // One keyed context per signature that ran at the same time, at most.
    CHECK(stats.keyed_contexts >= 1);
    CHECK(stats.keyed_contexts <= 4);
}

TEST_CASE("sigv4: signer is movable", "[sigv4][cache]") {
    static_assert(std::is_nothrow_move_constructible_v<v4::signer>);
    static_assert(!std::is_copy_constructible_v<v4::signer>);
    v4::signer first;
    http_request request = simple_request();
    first.sign(request, example_params());
    v4::signer second = std::move(first);
    CHECK(second.key_cache_stats().entries == 1);
}

// =============================================================================================
// Verifying

TEST_CASE("sigv4: verify accepts a signed request and rejects a changed one", "[sigv4][verify]") {
    auto params = example_params();
    params.credentials.session_token = std::string(example_token);
    http_request request = simple_request();
    v4::sign(request, params);

    v4::verify_options options;
    options.now = suite_time() + std::chrono::minutes(3);
    options.region = "us-east-1";
    options.service = "service";
    const auto ok = v4::verify(request, example_secret, options);
    REQUIRE(ok);
    CHECK(ok->access_key_id == "AKIDEXAMPLE");
    CHECK_FALSE(ok->presigned);

    auto expect = [&](const http_request& changed, v4::failure_reason reason,
                      std::string_view secret = example_secret) {
        const auto result = v4::verify(changed, secret, options);
        REQUIRE_FALSE(result);
        CHECK(result.error().reason == reason);
        CHECK(result.error().code == awsml::errc::signature_error);
        return result.error().message;
    };

    SECTION("tampered body") {
        http_request changed = request;
        changed.body += " ";
        expect(changed, v4::failure_reason::signature_mismatch);
    }
    SECTION("tampered signed header") {
        http_request changed = request;
        set_header_value(changed, "X-Amz-Target", "AmazonML_20141212.DeleteMLModel");
        expect(changed, v4::failure_reason::signature_mismatch);
    }
    SECTION("tampered target") {
        http_request changed = request;
        changed.target = "/?x=1";
        expect(changed, v4::failure_reason::signature_mismatch);
    }
    SECTION("tampered token") {
        http_request changed = request;
        set_header_value(changed, "X-Amz-Security-Token", "other");
        expect(changed, v4::failure_reason::signature_mismatch);
    }
    SECTION("wrong secret") {
        const std::string message = expect(request, v4::failure_reason::signature_mismatch,
                                           "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ");
        CHECK(contains(message, "AKIDEXAMPLE"));
    }
    SECTION("unknown access key") {
        auto lookup = [](std::string_view id) -> std::optional<std::string> {
            if (id == "AKIDOTHER")
                return std::string(example_secret);
            return std::nullopt;
        };
        const auto result = v4::verify(request, lookup, options);
        REQUIRE_FALSE(result);
        CHECK(result.error().reason == v4::failure_reason::unknown_access_key);
    }
    SECTION("lookup by access key") {
        std::map<std::string, std::string, std::less<>> secrets = {
            {"AKIDEXAMPLE", std::string(example_secret)}};
        auto lookup = [&](std::string_view id) -> std::optional<std::string> {
            auto found = secrets.find(id);
            if (found == secrets.end())
                return std::nullopt;
            return found->second;
        };
        CHECK(v4::verify(request, lookup, options).has_value());
    }
    SECTION("clock skew") {
        options.now = suite_time() + std::chrono::minutes(16);
        expect(request, v4::failure_reason::time_skewed);
        options.now = suite_time() - std::chrono::minutes(16);
        expect(request, v4::failure_reason::time_skewed);
    }
    SECTION("wrong region or service") {
        options.region = "eu-west-1";
        expect(request, v4::failure_reason::wrong_scope);
    }
    SECTION("unsigned request") {
        http_request changed = request;
        std::erase_if(changed.headers, [](const auto& h) {
            return awsml::detail::iequals(h.name, "authorization");
        });
        expect(changed, v4::failure_reason::missing_authorization);
    }
    SECTION("a signed header removed") {
        http_request changed = request;
        std::erase_if(changed.headers,
                      [](const auto& h) { return awsml::detail::iequals(h.name, "x-amz-target"); });
        const std::string message = expect(changed, v4::failure_reason::malformed_authorization);
        CHECK(contains(message, "x-amz-target"));
    }
    SECTION(".value() throws awsml::error") {
        http_request changed = request;
        changed.body = "{}";
        CHECK_THROWS_AS(v4::verify(changed, example_secret, options).value(), awsml::error);
    }
}

TEST_CASE("sigv4: malformed Authorization headers are named", "[sigv4][verify]") {
    const std::string good = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                             "aws4_request, SignedHeaders=host;x-amz-date, Signature=" +
                             std::string(64, 'a');
    REQUIRE(v4::parse_authorization(good));
    // Spaces after commas are optional, components may come in any order.
    CHECK(v4::parse_authorization(
        "AWS4-HMAC-SHA256 Signature=" + std::string(64, 'a') +
        ",SignedHeaders=host,Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"));

    struct bad_case {
        std::string header;
        std::string mentions;
    };
    const std::string sig = ", Signature=" + std::string(64, 'a');
    const std::string cred = "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
    const std::vector<bad_case> cases = {
        {"", "empty"},
        {"AWS4-HMAC-SHA1 " + cred + ", SignedHeaders=host" + sig, "AWS4-HMAC-SHA1"},
        {"AWS4-HMAC-SHA256", "lacks Credential"},
        {"AWS4-HMAC-SHA256 " + cred + sig, "lacks SignedHeaders"},
        {"AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host", "lacks Signature"},
        {"AWS4-HMAC-SHA256 " + cred + ", " + cred + ", SignedHeaders=host" + sig,
         "repeats Credential"},
        {"AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host, Foo=bar" + sig, R"("Foo")"},
        {"AWS4-HMAC-SHA256 " + cred + ", SignedHeaders" + sig, "without '='"},
        {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service, SignedHeaders=host" +
             sig,
         "Credential"},
        {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/2015083/us-east-1/service/aws4_request, "
         "SignedHeaders=host" +
             sig,
         "<yyyymmdd>"},
        {"AWS4-HMAC-SHA256 Credential=A/20150830/us-east-1/service/aws4_request/x, "
         "SignedHeaders=host" +
             sig,
         "more than 5 parts"},
        {"AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=Host" + sig, "lowercase"},
        {"AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=x-amz-date;host" + sig, "sorted"},
        {"AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host;;x" + sig, "lowercase"},
        {"AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host, Signature=ABC", "64 lowercase"},
    };
    for (const auto& c : cases) {
        INFO("header: " << c.header);
        const auto parsed = v4::parse_authorization(c.header);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().reason == v4::failure_reason::malformed_authorization);
        INFO("message: " << parsed.error().message);
        CHECK(contains(parsed.error().message, c.mentions));

        http_request request = simple_request();
        request.headers.push_back({"Authorization", c.header});
        request.headers.push_back({"X-Amz-Date", "20150830T123600Z"});
        const auto verified = v4::verify(request, example_secret);
        REQUIRE_FALSE(verified);
        CHECK(verified.error().reason == v4::failure_reason::malformed_authorization);
    }

    http_request twice = simple_request();
    v4::sign(twice, example_params());
    twice.headers.push_back({"authorization", good});
    const auto verified = v4::verify(twice, example_secret);
    REQUIRE_FALSE(verified);
    CHECK(contains(verified.error().message, "more than one Authorization"));
}

// =============================================================================================
// Secrets stay secret

// ---- chunk signatures: the streaming PUT Object example in AWS's documentation ("Signature
// Calculations for the Authorization Header: Transferring Payload in Multiple Chunks"), 65 KiB of
// 'a' in chunks of 64 KiB and 1 KiB, signed with and without a trailer.

constexpr std::string_view streaming_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr std::string_view streaming_seed =
    "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
constexpr std::array<std::string_view, 3> streaming_signatures = {
    "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
    "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
    "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"};

v4::chunk_signature_chain streaming_chain(std::string_view seed) {
    return {v4::derive_signing_key(streaming_secret, "20130524", "us-east-1", "s3"),
            "20130524T000000Z", "20130524/us-east-1/s3/aws4_request", std::string(seed)};
}

std::array<std::string, 3> streaming_chunks() {
    return {std::string(65536, 'a'), std::string(1024, 'a'), std::string()};
}

TEST_CASE("sigv4: chunk signatures are those of AWS's streaming example", "[sigv4][chunks]") {
    const auto chunks = streaming_chunks();
    SECTION("signed without a trailer") {
        auto signer = streaming_chain(streaming_seed);
        for (std::size_t i = 0; i < chunks.size(); ++i)
            CHECK(signer.sign_chunk(chunks[i]) == streaming_signatures[i]);
    }
    SECTION("signed with a trailer (a CRC32C)") {
        auto signer =
            streaming_chain("106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e");
        CHECK(signer.sign_chunk(chunks[0]) ==
              "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2");
        CHECK(signer.sign_chunk(chunks[1]) ==
              "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7");
        CHECK(signer.sign_chunk(chunks[2]) ==
              "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992");
        CHECK(signer.sign_trailer("x-amz-checksum-crc32c:sOO8/Q==\n") ==
              "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435");
    }
    SECTION("a verifier accepts the chain and moves only past a match") {
        auto verifier = streaming_chain(streaming_seed);
        CHECK(verifier.verify_chunk(chunks[0], streaming_signatures[0]));
        CHECK_FALSE(verifier.verify_chunk(chunks[1], streaming_signatures[2]));
        CHECK(verifier.verify_chunk(chunks[1], streaming_signatures[1]));
        CHECK(verifier.verify_chunk(chunks[2], streaming_signatures[2]));
    }
    SECTION("a changed byte, a reordered chunk or another seed breaks the chain") {
        std::string changed = chunks[0];
        changed[4096] = 'b';
        CHECK_FALSE(streaming_chain(streaming_seed).verify_chunk(changed, streaming_signatures[0]));
        CHECK_FALSE(
            streaming_chain(streaming_seed).verify_chunk(chunks[1], streaming_signatures[1]));
        CHECK_FALSE(streaming_chain(streaming_signatures[0])
                        .verify_chunk(chunks[0], streaming_signatures[0]));
    }
}

TEST_CASE("sigv4: verify accepts the seed signature of AWS's streaming example",
          "[sigv4][chunks]") {
    http_request request;
    request.method = "PUT";
    request.target = "/examplebucket/chunkObject.txt";
    request.headers = {
        {"Host", "s3.amazonaws.com"},
        {"x-amz-date", "20130524T000000Z"},
        {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
        {"x-amz-content-sha256", std::string(v4::streaming_signed_payload)},
        {"Content-Encoding", "aws-chunked"},
        {"x-amz-decoded-content-length", "66560"},
        {"Content-Length", "66824"},
        {"Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
                          "aws4_request, SignedHeaders=content-encoding;content-length;host;"
                          "x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;"
                          "x-amz-storage-class, Signature=" +
                              std::string(streaming_seed)}};
    v4::verify_options options;
    options.service = "s3";
    options.normalize_path = false;
    options.encode_path = false;
    const auto verified = v4::verify(request, streaming_secret, options);
    REQUIRE(verified);
    CHECK(verified->signature == streaming_seed);
    request.headers[5].value = "66561";
    CHECK_FALSE(v4::verify(request, streaming_secret, options));
}

TEST_CASE("sigv4: no message or printed object contains a secret", "[sigv4][secrets]") {
    auto params = example_params();
    params.credentials.session_token = std::string(example_token);
    const std::string derived = awsml::detail::to_hex(
        v4::derive_signing_key(example_secret, "20150830", "us-east-1", "service").bytes());
    std::vector<std::string> texts;

    // Printed objects.
    std::ostringstream printed;
    printed << params;
    texts.push_back(printed.str());
    http_request request = simple_request();
    v4::sign(request, params);
    const auto parsed =
        v4::parse_authorization(awsml::find_header(request.headers, "Authorization").value());
    REQUIRE(parsed);
    std::ostringstream printed_authorization;
    printed_authorization << *parsed;
    texts.push_back(printed_authorization.str());

    // Signing failures.
    const auto capture = [&](v4::signing_params p, bool presigning = false) {
        http_request r = simple_request();
        try {
            presigning ? v4::presign(r, p) : v4::sign(r, p);
            FAIL("expected an exception");
        } catch (const awsml::error& e) {
            texts.emplace_back(e.what());
        }
    };
    auto bad = params;
    bad.region = "bad region";
    capture(bad);
    bad = params;
    bad.credentials.session_token = std::string(example_token) + "\n";
    capture(bad);
    bad = params;
    bad.credentials.access_key_id = "bad/key";
    capture(bad);
    bad = params;
    bad.options.expires_in = std::chrono::hours(24 * 8);
    capture(bad, true);
    bad = params;
    bad.service = "bad/service";
    capture(bad);

    // Verification failures.
    v4::verify_options options;
    options.now = suite_time() + std::chrono::hours(1);
    const auto record = [&](const http_request& r, std::string_view secret) {
        const auto result = v4::verify(r, secret, options);
        REQUIRE_FALSE(result);
        std::ostringstream out;
        out << result.error();
        texts.push_back(out.str());
        try {
            (void)result.value();
        } catch (const awsml::error& e) {
            texts.emplace_back(e.what());
        }
    };
    record(request, example_secret); // skewed
    options.now.reset();
    record(request, "wrong-secret");
    http_request tampered = request;
    tampered.body = "changed";
    record(tampered, example_secret);

    REQUIRE(texts.size() >= 10);
    for (const auto& text : texts) {
        INFO("text: " << text);
        CHECK_FALSE(text.empty());
        CHECK_FALSE(contains(text, example_secret));
        CHECK_FALSE(contains(text, example_token));
        CHECK_FALSE(contains(text, derived));
    }
}

// =============================================================================================
// Speed (run with: test_sigv4 "[.bench]")

TEST_CASE("sigv4: signing speed", "[.bench]") {
    v4::signer signer;
    const auto params = example_params();
    const http_request original = simple_request();
    constexpr int rounds = 100000;
    const auto start = std::chrono::steady_clock::now();
    std::size_t total = 0;
    for (int i = 0; i < rounds; ++i) {
        http_request request = original;
        total += signer.sign(request, params).signature.size();
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    const double micros = std::chrono::duration<double, std::micro>(elapsed).count() / rounds;
    WARN("signer.sign with a cached key: " << micros << " us per request");

    const auto start_uncached = std::chrono::steady_clock::now();
    for (int i = 0; i < rounds / 10; ++i) {
        http_request request = original;
        total += v4::sign(request, params).signature.size();
    }
    const double uncached =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start_uncached)
            .count() /
        (rounds / 10);
    WARN("sigv4::sign deriving the key each time: " << uncached << " us per request");
    CHECK(total > 0);
}

} // namespace sigv4_test
