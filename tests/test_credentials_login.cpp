#include <awsml/auth/default_credentials_chain.hpp>
#include <awsml/auth/login_credentials_provider.hpp>
#include <awsml/model/blob.hpp>
#include <awsml/runtime/detail/client_settings.hpp>

#include "support/credential_files.hpp"
#include "support/scratch_folder.hpp"
#include "support/test_server.hpp"

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include <sys/stat.h>

namespace credentials_login_test {

using awsml::environment;
using awsml::errc;
using awsml_test::at;
using awsml_test::json_text;
using awsml_test::raw_response;
using awsml_test::received_request;

namespace {

// Every secret in these tests carries "MARKER": none may show up in a message.
const std::string secret_key = "SECRET-KEY-MARKER-1";
const std::string session_token = "SESSION-TOKEN-MARKER-1";
const std::string refresh_token = "REFRESH-TOKEN-MARKER-1";
const std::string new_secret_key = "SECRET-KEY-MARKER-2";
const std::string new_session_token = "SESSION-TOKEN-MARKER-2";
const std::string new_refresh_token = "REFRESH-TOKEN-MARKER-2";

bool leaks(const std::string& text) {
    return text.find("MARKER") != std::string::npos ||
           text.find("PRIVATE KEY") != std::string::npos;
}

const auto now = at("2030-06-01T12:00:00Z");

// Computed apart from the library: SHA-256("abc") is the FIPS 180 test vector; the ARN's with
// Python's hashlib.sha256.
const std::string session_arn = "arn:aws:sts::111122223333:assumed-role/Admin/alice";
const std::string session_cache_name =
    "72e85d728f74f2df867f4babc6055141a06cb5ffde91531dd1581b51322a3e8e.json";
const std::string abc_cache_name =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.json";

const std::string profile_config = "[profile dev]\n"
                                   "login_session = " +
                                   session_arn +
                                   "\n"
                                   "region = eu-west-1\n";

struct pkey_free {
    void operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_free>;

// A fresh key on `curve`, as `aws login` makes one per session.
pkey_ptr generate_key(const char* curve = "P-256") {
    pkey_ptr key(EVP_EC_gen(curve));
    REQUIRE(key);
    return key;
}

// PEM: SEC1 ("EC PRIVATE KEY", what the AWS CLI writes) or PKCS #8 ("PRIVATE KEY").
std::string pem_of(EVP_PKEY* key, bool pkcs8 = false) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    const int written =
        pkcs8 ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
              : PEM_write_bio_PrivateKey_traditional(bio.get(), key, nullptr, nullptr, 0, nullptr,
                                                     nullptr);
    REQUIRE(written == 1);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

std::string base64url_decode(std::string text) {
    for (char& c : text)
        c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (text.size() % 4 != 0)
        text += '=';
    auto bytes = awsml::base64_decode(text);
    REQUIRE(bytes);
    return std::string(bytes->begin(), bytes->end());
}

// The public point as OpenSSL encodes it (0x04 || X || Y): another path than the library's.
std::string public_point(EVP_PKEY* key) {
    unsigned char point[65];
    std::size_t size = 0;
    REQUIRE(EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point,
                                            &size) == 1);
    REQUIRE(size == 65);
    return std::string(reinterpret_cast<char*>(point), size);
}

// Whether the JWT's ES256 signature verifies with `key`.
bool signature_verifies(const std::string& proof, EVP_PKEY* key) {
    const auto second = proof.rfind('.');
    const std::string signature = base64url_decode(proof.substr(second + 1));
    if (signature.size() != 64)
        return false;
    std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(), &ECDSA_SIG_free);
    const auto* bytes = reinterpret_cast<const unsigned char*>(signature.data());
    REQUIRE(ECDSA_SIG_set0(sig.get(), BN_bin2bn(bytes, 32, nullptr),
                           BN_bin2bn(bytes + 32, 32, nullptr)) == 1);
    unsigned char* der = nullptr;
    const int der_size = i2d_ECDSA_SIG(sig.get(), &der);
    REQUIRE(der_size > 0);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    const std::string signed_part = proof.substr(0, second);
    const bool verified =
        EVP_DigestVerifyInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, key, nullptr) ==
            1 &&
        EVP_DigestVerify(ctx.get(), der, static_cast<std::size_t>(der_size),
                         reinterpret_cast<const unsigned char*>(signed_part.data()),
                         signed_part.size()) == 1;
    OPENSSL_free(der);
    return verified;
}

// Verifies a DPoP proof as Sign-In would: the JWT's ES256 signature with the session's key,
// and that its JWK is that key's. Returns the payload.
boost::json::object verify_proof(const std::string& proof, EVP_PKEY* key) {
    const auto first = proof.find('.'), second = proof.rfind('.');
    REQUIRE(first != std::string::npos);
    REQUIRE(second > first);
    const std::string point = public_point(key);
    CHECK(base64url_decode(proof.substr(0, first)) ==
          "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{\"kty\":\"EC\",\"x\":\"" +
              awsml::detail::base64url(point.substr(1, 32)) + "\",\"y\":\"" +
              awsml::detail::base64url(point.substr(33, 32)) + "\",\"crv\":\"P-256\"}}");
    CHECK(signature_verifies(proof, key));
    return boost::json::parse(base64url_decode(proof.substr(first + 1, second - first - 1)))
        .as_object();
}

// The cache file `aws login` writes.
std::string session_file(const std::string& pem, const std::string& expires_at) {
    boost::json::object access{{"accessKeyId", "ASIALOGIN1"},
                               {"secretAccessKey", secret_key},
                               {"sessionToken", session_token},
                               {"accountId", "111122223333"},
                               {"expiresAt", expires_at}};
    boost::json::object file{{"accessToken", access},
                             {"tokenType", "aws_sigv4"},
                             {"refreshToken", refresh_token},
                             {"idToken", "ID-TOKEN-MARKER"},
                             {"clientId", "arn:aws:signin:::devtools/same-device"},
                             {"dpopKey", pem}};
    return boost::json::serialize(file);
}

std::string token_answer(double expires_in = 900) {
    return "{\"accessToken\": {\"accessKeyId\": \"ASIALOGIN2\", \"secretAccessKey\": \"" +
           new_secret_key + "\", \"sessionToken\": \"" + new_session_token +
           "\"}, \"tokenType\": \"aws_sigv4\", \"expiresIn\": " + std::to_string(expires_in) +
           ", \"refreshToken\": \"" + new_refresh_token + "\"}";
}

using responder = std::function<raw_response(const received_request&)>;

// A fake HOME with ~/.aws/config, and AWS Sign-In on 127.0.0.1. The test sets the answer
// (set_signin) between calls; the server's thread reads it under a lock.
struct login_fixture {
    awsml_test::scratch_folder home;
    pkey_ptr key = generate_key();
    mutable std::mutex mutex;
    responder signin = [](const received_request&) {
        return raw_response::ok(token_answer(), {{"Content-Type", "application/json"}});
    };
    awsml_test::test_server server{[this](const received_request& r) {
        std::unique_lock lock(mutex);
        responder respond = r.target == "/v1/token" ? signin : responder();
        lock.unlock();
        if (!respond)
            return raw_response::with_status(404, "{\"message\": \"no such path\"}");
        return respond(r);
    }};

    explicit login_fixture(const std::string& config = profile_config) {
        home.put(".aws/config", config);
    }

    void set_signin(responder respond) {
        std::lock_guard lock(mutex);
        signin = std::move(respond);
    }

    std::string cache_path(const std::string& name = session_cache_name) const {
        return home.file(".aws/login/cache/" + name);
    }
    void put_session(const std::string& content,
                     const std::string& name = session_cache_name) const {
        home.put(".aws/login/cache/" + name, content);
    }
    void put_session_expiring(const std::string& expires_at) const {
        put_session(session_file(pem_of(key.get()), expires_at));
    }
    std::string read(const std::string& path) const { return home.content(path); }

    environment env(environment::variable_map extra = {}) const {
        extra.try_emplace("HOME", home.path().string());
        extra.try_emplace("AWS_ENDPOINT_URL_SIGNIN", server.url());
        return environment::from_map(std::move(extra));
    }

    awsml::config_result<awsml::credentials> get(const std::string& profile = "dev",
                                                 environment::variable_map extra = {}) const {
        awsml::login_credentials_options options;
        options.clock = [] { return now; };
        options.timeout = std::chrono::seconds(20);
        options.retry_base_delay = std::chrono::milliseconds(1);
        return awsml::login_credentials_provider(env(std::move(extra)), profile, options)
            .try_get_credentials();
    }
};

// The failure's message, after checking its code and that it holds no secret.
std::string failure(const awsml::config_result<awsml::credentials>& result, errc code) {
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == code);
    CHECK_FALSE(leaks(result.error().message));
    return result.error().message;
}

} // namespace

TEST_CASE("login: a session far from expiry gives its cached credentials, with no request",
          "[credentials][login]") {
    login_fixture login;
    login.put_session_expiring("2030-06-01T12:10:00Z");

    auto found = login.get();
    REQUIRE(found.has_value());
    CHECK(found->access_key_id == "ASIALOGIN1");
    CHECK(found->secret_access_key == secret_key);
    CHECK(found->session_token == session_token);
    CHECK(found->source == "login:dev");
    CHECK(found->account_id == "111122223333");
    REQUIRE(found->expiration);
    CHECK(*found->expiration == at("2030-06-01T12:10:00Z"));
    CHECK(login.server.requests_received() == 0);
}

TEST_CASE("login: within 5 minutes of expiry the session is refreshed with a DPoP proof",
          "[credentials][login]") {
    login_fixture login;
    // botocore refreshes at 5 minutes or less; an expired session refreshes the same way.
    const std::string expires_at =
        GENERATE(as<std::string>(), "2030-06-01T12:05:00Z", "2030-06-01T11:00:00Z");
    login.put_session_expiring(expires_at);
    const std::string before = login.read(login.cache_path());

    auto found = login.get();
    REQUIRE(found.has_value());
    CHECK(found->access_key_id == "ASIALOGIN2");
    CHECK(found->secret_access_key == new_secret_key);
    CHECK(found->session_token == new_session_token);
    REQUIRE(found->expiration);
    CHECK(*found->expiration == at("2030-06-01T12:15:00Z")); // now + expiresIn 900

    auto requests = login.server.requests();
    REQUIRE(requests.size() == 1);
    const received_request& sent = requests[0];
    CHECK(sent.method == "POST");
    CHECK(sent.target == "/v1/token");
    CHECK(sent.header("Content-Type") == "application/json");
    CHECK_FALSE(sent.header("Authorization")); // unsigned: the proof is the authentication
    CHECK(sent.body ==
          "{\"clientId\":\"arn:aws:signin:::devtools/same-device\",\"refreshToken\":\"" +
              refresh_token + "\",\"grantType\":\"refresh_token\"}");

    REQUIRE(sent.header("DPoP"));
    const std::string proof(*sent.header("DPoP"));
    auto payload = verify_proof(proof, login.key.get());
    // The verification can fail: with another key, or with one byte of the payload changed.
    CHECK_FALSE(signature_verifies(proof, generate_key().get()));
    std::string tampered = proof;
    tampered[proof.find('.') + 2] ^= 1;
    CHECK_FALSE(signature_verifies(tampered, login.key.get()));
    CHECK(json_text(payload, "htm") == "POST");
    CHECK(json_text(payload, "htu") == login.server.url() + "/v1/token");
    CHECK(payload.at("iat").as_int64() ==
          std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
    CHECK(std::regex_match(
        json_text(payload, "jti"),
        std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
    CHECK(std::vector<std::string>{"htm", "htu", "iat", "jti"} == [&] {
        std::vector<std::string> keys;
        for (const auto& member : payload)
            keys.emplace_back(member.key());
        return keys;
    }());

    // The cache keeps every member, with the new credentials, expiry and refresh token.
    const std::string path = login.cache_path();
    auto cached = boost::json::parse(login.read(path)).as_object();
    auto old = boost::json::parse(before).as_object();
    const auto& access = cached.at("accessToken").as_object();
    CHECK(json_text(access, "accessKeyId") == "ASIALOGIN2");
    CHECK(json_text(access, "secretAccessKey") == new_secret_key);
    CHECK(json_text(access, "sessionToken") == new_session_token);
    CHECK(json_text(access, "accountId") == "111122223333");
    CHECK(json_text(access, "expiresAt") == "2030-06-01T12:15:00Z");
    CHECK(json_text(cached, "refreshToken") == new_refresh_token);
    for (std::string_view kept : {"dpopKey", "clientId", "idToken", "tokenType"})
        CHECK(cached.at(kept) == old.at(kept));
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry :
         std::filesystem::directory_iterator(login.home.path() / ".aws/login/cache"))
        ++files;
    CHECK(files == 1); // no temporary file left behind

    // The next call uses the refreshed session as it is.
    auto again = login.get();
    REQUIRE(again.has_value());
    CHECK(again->access_key_id == "ASIALOGIN2");
    CHECK(again->account_id == "111122223333"); // kept through the refresh
    CHECK(login.server.requests_received() == 1);
}

TEST_CASE("login: a PKCS #8 key signs as well as the CLI's SEC1 key", "[credentials][login]") {
    login_fixture login;
    login.put_session(session_file(pem_of(login.key.get(), true), "2030-06-01T12:01:00Z"));
    REQUIRE(login.get().has_value());
    auto requests = login.server.requests();
    REQUIRE(requests.size() == 1);
    verify_proof(std::string(requests[0].header("DPoP").value_or("")), login.key.get());
}

TEST_CASE("login: Sign-In's refusals say what to do", "[credentials][login]") {
    login_fixture login;
    login.put_session_expiring("2030-06-01T12:01:00Z");
    const std::string before = login.read(login.cache_path());
    auto refuse = [&](int status, std::string type, std::string body) {
        login.set_signin([=](const received_request&) {
            return raw_response::with_status(
                status, body, {{"Content-Type", "application/json"}, {"x-amzn-ErrorType", type}});
        });
        return failure(login.get(), errc::credentials_source_failed);
    };

    SECTION("an expired session: sign in again") {
        auto message = refuse(401, "AccessDeniedException",
                              R"({"error": "TOKEN_EXPIRED", "message": "Refresh token expired"})");
        CHECK_THAT(message, Catch::StartsWith("login: profile \"dev\": CreateOAuth2Token (" +
                                              login.server.url() + "/v1/token) was refused") &&
                                Catch::Contains("HTTP 401 \"AccessDeniedException\" "
                                                "\"TOKEN_EXPIRED\": \"Refresh token expired\"") &&
                                Catch::Contains("aws login"));
    }
    SECTION("changed credentials: sign in again") {
        auto message = refuse(403, "AccessDeniedException:http://internal",
                              R"({"error": "USER_CREDENTIALS_CHANGED", "message": "m"})");
        CHECK_THAT(message,
                   Catch::Contains("credentials have changed") && Catch::Contains("aws login"));
    }
    SECTION("a missing permission is named") {
        auto message = refuse(403, "AccessDeniedException",
                              R"({"error": "INSUFFICIENT_PERMISSIONS", "message": "m"})");
        CHECK_THAT(message, Catch::Contains("signin:CreateOAuth2Token"));
        CHECK_THAT(message, !Catch::Contains("aws login"));
    }
    SECTION("a server error names its status and type") {
        auto message = refuse(500, "InternalServerException",
                              R"({"error": "server_error", "message": "try later"})");
        CHECK_THAT(message, Catch::EndsWith("failed (HTTP 500 \"InternalServerException\" "
                                            "\"server_error\": \"try later\") (after 3 attempts)"));
        CHECK(login.server.requests_received() == 3);
    }
    SECTION("a type in the body only, with its namespace") {
        auto message = refuse(429, "",
                              R"({"__type": "com.amazon.signin#TooManyRequestsError", "error":
                                  "INVALID_REQUEST", "message": "slow down"})");
        CHECK_THAT(message,
                   Catch::Contains("HTTP 429 \"TooManyRequestsError\" \"INVALID_REQUEST\""));
        CHECK(login.server.requests_received() == 3); // throttled: retried
    }
    CHECK(login.read(login.cache_path()) == before); // a failed refresh changes nothing
}

TEST_CASE("login: a transient failure at Sign-In is retried, each attempt with a proof of its "
          "own",
          "[credentials][login]") {
    login_fixture login;
    login.put_session_expiring("2030-06-01T12:01:00Z");
    std::atomic<int> answered{0};
    login.set_signin([&](const received_request&) {
        if (answered++ == 0)
            return raw_response::with_status(503, R"({"message": "busy"})",
                                             {{"x-amzn-ErrorType", "ServiceUnavailable"}});
        return raw_response::ok(token_answer(), {{"Content-Type", "application/json"}});
    });
    auto found = login.get();
    REQUIRE(found.has_value());
    CHECK(found->access_key_id == "ASIALOGIN2");
    auto requests = login.server.requests();
    REQUIRE(requests.size() == 2);
    REQUIRE(requests[0].header("DPoP"));
    REQUIRE(requests[1].header("DPoP"));
    const auto first = verify_proof(std::string(*requests[0].header("DPoP")), login.key.get());
    const auto second = verify_proof(std::string(*requests[1].header("DPoP")), login.key.get());
    CHECK(first.at("jti") != second.at("jti"));

    // A refusal that is not transient is not retried.
    login.put_session_expiring("2030-06-01T12:01:00Z");
    login.set_signin([](const received_request&) {
        return raw_response::with_status(400, R"({"error": "INVALID_REQUEST", "message": "m"})",
                                         {{"x-amzn-ErrorType", "ValidationException"}});
    });
    failure(login.get(), errc::credentials_source_failed);
    CHECK(login.server.requests_received() == 3);
}

TEST_CASE("login: an expiresAt centuries away is compared without overflow",
          "[credentials][login]") {
    login_fixture login;
    login.put_session_expiring("1700-01-01T00:00:00Z"); // long expired: refreshed
    auto refreshed = login.get();
    REQUIRE(refreshed.has_value());
    CHECK(refreshed->access_key_id == "ASIALOGIN2");
    CHECK(login.server.requests_received() == 1);
    login.put_session_expiring("2250-01-01T00:00:00Z"); // far from expiry: kept
    auto kept = login.get();
    REQUIRE(kept.has_value());
    CHECK(kept->access_key_id != "ASIALOGIN2");
    CHECK(login.server.requests_received() == 1);
}

TEST_CASE("login: AWS Sign-In is asked in the session's region, not the client's",
          "[credentials][login]") {
    awsml::client_config config;
    config.region = "eu-west-1";
    const auto sources = awsml::detail::sources_for(config, config.region);
    CHECK(sources.sts.region == "eu-west-1"); // STS, as botocore's clients, in the client's
    CHECK_FALSE(sources.login.region);        // the provider resolves the session's
    config.credential_sources.login.region = "us-west-2";
    CHECK(awsml::detail::sources_for(config, config.region).login.region == "us-west-2");
}

TEST_CASE("login: malformed answers from Sign-In", "[credentials][login]") {
    login_fixture login;
    login.put_session_expiring("2030-06-01T12:01:00Z");
    const std::string before = login.read(login.cache_path());
    auto answer = [&](std::string body) {
        login.set_signin([=](const received_request&) { return raw_response::ok(body); });
        return failure(login.get(), errc::credentials_source_failed);
    };
    CHECK_THAT(answer("<html>"), Catch::Contains("is not valid JSON"));
    CHECK_THAT(answer(R"({"refreshToken": "r", "expiresIn": 900})"),
               Catch::EndsWith("answered without an accessToken object"));
    CHECK_THAT(answer(R"({"accessToken": {}, "expiresIn": 900})"),
               Catch::EndsWith("answered without a refreshToken string"));
    CHECK_THAT(answer(R"({"accessToken": {}, "refreshToken": "r", "expiresIn": "900"})"),
               Catch::EndsWith("answered without an expiresIn number"));
    CHECK_THAT(answer(R"({"accessToken": {}, "refreshToken": "r", "expiresIn": -1})"),
               Catch::EndsWith("answered with an expiresIn out of range"));
    CHECK_THAT(answer(R"({"accessToken": {"accessKeyId": "A", "secretAccessKey": ""},
                          "refreshToken": "r", "expiresIn": 900})"),
               Catch::EndsWith("without a non-empty accessToken.secretAccessKey string"));
    CHECK(login.read(login.cache_path()) == before);

    login.set_signin([](const received_request&) { return raw_response::never_answer(); });
    awsml::login_credentials_options options;
    options.clock = [] { return now; };
    options.timeout = std::chrono::milliseconds(300);
    options.retry_base_delay = std::chrono::milliseconds(1);
    auto timed_out =
        awsml::login_credentials_provider(login.env(), "dev", options).try_get_credentials();
    CHECK_THAT(failure(timed_out, errc::credentials_source_failed),
               Catch::Contains("no answer within 300 ms") && Catch::EndsWith("(after 3 attempts)"));
}

TEST_CASE("login: a missing or malformed session cache", "[credentials][login]") {
    login_fixture login;
    const std::string path = login.cache_path();

    SECTION("no file: sign in") {
        auto message = failure(login.get(), errc::credentials_source_failed);
        CHECK_THAT(message, Catch::Contains(path) && Catch::Contains("does not exist") &&
                                Catch::Contains("aws login"));
    }
    SECTION("not JSON") {
        login.put_session("{\"accessToken\": ");
        CHECK_THAT(failure(login.get(), errc::credentials_source_failed),
                   Catch::Contains(path + " is not valid JSON"));
    }
    SECTION("required members missing are named, as botocore names them") {
        login.put_session(R"({"accessToken": {}, "clientId": "c"})");
        CHECK_THAT(failure(login.get(), errc::credentials_source_failed),
                   Catch::Contains("misses required members: refreshToken, dpopKey"));
    }
    SECTION("credentials missing from accessToken") {
        login.put_session(R"({"accessToken": {"accessKeyId": "A", "secretAccessKey": "s"},
                              "refreshToken": "r", "dpopKey": "k", "clientId": "c"})");
        CHECK_THAT(failure(login.get(), errc::credentials_source_failed),
                   Catch::Contains("has no accessToken.sessionToken string"));
    }
    SECTION("an accountId that is not a string; a null one is none") {
        auto session =
            boost::json::parse(session_file(pem_of(login.key.get()), "2030-06-01T12:10:00Z"))
                .as_object();
        session["accessToken"].as_object()["accountId"] = 111122223333;
        login.put_session(boost::json::serialize(session));
        CHECK_THAT(failure(login.get(), errc::credentials_source_failed),
                   Catch::Contains("has an accessToken.accountId that is not a string"));
        session["accessToken"].as_object()["accountId"] = nullptr;
        login.put_session(boost::json::serialize(session));
        auto found = login.get();
        REQUIRE(found.has_value());
        CHECK(found->account_id.empty());
    }
    SECTION("a client id or refresh token that is not a string (only read to refresh)") {
        auto session =
            boost::json::parse(session_file(pem_of(login.key.get()), "2030-06-01T12:01:00Z"))
                .as_object();
        session["clientId"] = 7;
        login.put_session(boost::json::serialize(session));
        CHECK_THAT(failure(login.get(), errc::credentials_source_failed),
                   Catch::Contains("'s clientId is not a string") && Catch::Contains("aws login"));
        session["clientId"] = "c";
        session["refreshToken"] = nullptr;
        login.put_session(boost::json::serialize(session));
        CHECK_THAT(failure(login.get(), errc::credentials_source_failed),
                   Catch::Contains("'s refreshToken is not a string"));
        CHECK(login.server.requests_received() == 0);
    }
    SECTION("an expiry that is not a timestamp") {
        login.put_session(session_file(pem_of(login.key.get()), "tomorrow"));
        CHECK_THAT(failure(login.get(), errc::credentials_source_failed),
                   Catch::Contains("accessToken.expiresAt that is not a timestamp: \"tomorrow\""));
        login.put_session(session_file(pem_of(login.key.get()), "9999-12-31T23:59:59Z"));
        CHECK_THAT(failure(login.get(), errc::credentials_source_failed),
                   Catch::Contains("accessToken.expiresAt beyond what the system clock holds"));
    }
    SECTION("a key that is not base64, not a key, or not on P-256 (only read to refresh)") {
        auto p384 = generate_key("P-384");
        const std::string not_base64 = "-----BEGIN EC PRIVATE KEY-----\nnot base64!\n-----END";
        const std::string not_a_key = "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END";
        for (const auto& [pem, why] :
             {std::pair{not_base64, std::string("its body is not base64")},
              std::pair{not_a_key, std::string("not a private key that OpenSSL can read")},
              std::pair{pem_of(p384.get()), std::string("not an EC key on P-256")}}) {
            login.put_session(session_file(pem, "2030-06-01T13:00:00Z"));
            CHECK(login.get().has_value()); // far from expiry, the key is not needed
            login.put_session(session_file(pem, "2030-06-01T12:01:00Z"));
            CHECK_THAT(failure(login.get(), errc::credentials_source_failed),
                       Catch::Contains("'s dpopKey") && Catch::Contains(why));
        }
        CHECK(login.server.requests_received() == 0);
    }
}

TEST_CASE("login: the cache folder and the session's file name", "[credentials][login]") {
    login_fixture login("[profile dev]\nlogin_session = abc\nregion = us-east-1\n");
    const std::string session = session_file(pem_of(login.key.get()), "2030-06-01T13:00:00Z");

    SECTION("the SHA-256 of the session's name, under ~/.aws/login/cache") {
        login.put_session(session, abc_cache_name);
        CHECK(login.get().has_value());
    }
    SECTION("AWS_LOGIN_CACHE_DIRECTORY, with ~ and $VAR expanded") {
        login.home.put("elsewhere/cache/" + abc_cache_name, session);
        CHECK(login.get("dev", {{"AWS_LOGIN_CACHE_DIRECTORY", "~/elsewhere/cache"}}).has_value());
        CHECK(login
                  .get("dev", {{"AWS_LOGIN_CACHE_DIRECTORY", "${BASE}/cache"},
                               {"BASE", login.home.file("elsewhere")}})
                  .has_value());
        auto unset = failure(login.get("dev", {{"AWS_LOGIN_CACHE_DIRECTORY", "$NOPE/cache"}}),
                             errc::credentials_source_failed);
        CHECK_THAT(unset, Catch::Contains("$NOPE/cache/" + abc_cache_name)); // kept, as Python
    }
    SECTION("the options' folder wins") {
        login.home.put("mine/" + abc_cache_name, session);
        awsml::login_credentials_options options;
        options.cache_directory = login.home.file("mine");
        options.clock = [] { return now; };
        CHECK(awsml::login_credentials_provider(login.env(), "dev", options)
                  .try_get_credentials()
                  .has_value());
    }
    // As Python's os.path.expandvars: an unknown or malformed reference stays as written, and
    // nothing inside ${...} is expanded again.
    const auto vars = environment::from_map({{"A", "x"}, {"B", "y"}, {"A-$B", "z"}});
    CHECK(awsml::detail::expand_variables("$A/${A}_$A_/$-/$/${B-$A}/${}/${A", vars) ==
          "x/x_$A_/$-/$/${B-$A}/${}/${A");
    CHECK(awsml::detail::expand_variables("${A-$B}$B", vars) == "zy");
}

TEST_CASE("login: no login_session, or an empty one", "[credentials][login]") {
    login_fixture login("[profile plain]\nregion = us-east-1\n[profile empty]\nlogin_session =\n");
    auto none = login.get("plain");
    REQUIRE_FALSE(none.has_value());
    CHECK(none.error().code == errc::no_credentials);
    CHECK(none.error().message == "login: profile \"plain\" sets no login_session");
    CHECK_THAT(failure(login.get("empty"), errc::config_error),
               Catch::Contains("config:4: login: profile \"empty\": login_session is empty"));
}

TEST_CASE("login: AWS Sign-In's endpoints, by its rule set", "[credentials][login]") {
    using awsml::detail::resolve_signin_endpoint;
    auto url = [](std::string region, bool fips = false, bool dual_stack = false) {
        awsml::endpoint_params params;
        params.region = std::move(region);
        params.use_fips = fips;
        params.use_dual_stack = dual_stack;
        auto resolved = resolve_signin_endpoint(params);
        return resolved ? resolved->url : "error: " + resolved.error().message;
    };
    CHECK(url("us-east-1") == "https://us-east-1.signin.aws.amazon.com");
    CHECK(url("cn-north-1") == "https://cn-north-1.signin.amazonaws.cn");
    CHECK(url("us-gov-west-1") == "https://us-gov-west-1.signin.amazonaws-us-gov.com");
    CHECK(url("us-east-1", true) == "https://signin-fips.us-east-1.amazonaws.com");
    CHECK(url("us-east-1", false, true) == "https://signin.us-east-1.api.aws");
    CHECK(url("us-iso-east-1") == "https://signin.us-iso-east-1.c2s.ic.gov");
    CHECK(url("") == "error: Invalid Configuration: Missing Region");
    CHECK_THAT(url("us-east-1/evil"), Catch::StartsWith("error: invalid region"));

    login_fixture login("[profile dev]\nlogin_session = " + session_arn + "\n");
    login.put_session_expiring("2030-06-01T12:01:00Z");
    auto message = failure(login.get("dev", {{"AWS_ENDPOINT_URL_SIGNIN", ""}}),
                           errc::credentials_source_failed);
    CHECK(message == "login: profile \"dev\": AWS Sign-In's endpoint: Invalid Configuration: "
                     "Missing Region");
}

TEST_CASE("login: its place in the default chain, after the credentials file's keys",
          "[credentials][login][chain]") {
    login_fixture login;
    login.put_session_expiring("2030-06-01T13:00:00Z");
    awsml::default_credentials_sources sources;
    sources.login.clock = [] { return now; };
    auto chain_credentials = [&](const std::string& config, const std::string& credentials_file) {
        login.home.put(".aws/config", config);
        login.home.put(".aws/credentials", credentials_file);
        return awsml::make_default_credentials_chain(login.env(), "dev", std::nullopt, {}, sources)
            .try_get_credentials();
    };
    const std::string keys = "aws_access_key_id = AKIDFILE\naws_secret_access_key = s\n";

    auto from_login = chain_credentials(profile_config + "credential_process = false\n" + keys, "");
    REQUIRE(from_login.has_value());
    CHECK(from_login->source == "login:dev"); // before credential_process and the config's keys

    auto from_file = chain_credentials(profile_config, "[dev]\n" + keys);
    REQUIRE(from_file.has_value());
    CHECK(from_file->access_key_id == "AKIDFILE"); // the credentials file's keys come first

    // A source profile's own login session serves an assumed role's source (botocore's
    // providers for a source profile); here the refresh is due and Sign-In refuses, so the
    // failure shows the login source was the one tried.
    login.set_signin([](const received_request&) {
        return raw_response::with_status(401, R"({"error": "TOKEN_EXPIRED", "message": "m"})",
                                         {{"x-amzn-ErrorType", "AccessDeniedException"}});
    });
    login.put_session_expiring("2030-06-01T12:01:00Z");
    auto assumed = chain_credentials("[profile dev]\nrole_arn = arn:aws:iam::111122223333:role/R\n"
                                     "source_profile = base\nregion = eu-west-1\n"
                                     "[profile base]\nlogin_session = " +
                                         session_arn + "\nregion = eu-west-1\n",
                                     "");
    REQUIRE_FALSE(assumed.has_value());
    CHECK_THAT(assumed.error().message,
               Catch::Contains("login: profile \"base\"") && Catch::Contains("aws login"));
    CHECK_FALSE(leaks(assumed.error().message));
}

} // namespace credentials_login_test
