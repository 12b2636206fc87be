// Secrets never leak: with credentials whose secret key and session token are distinctive, every
// error path and the --debug path (the library's logging hooks and the get-ml-model CLI) is run,
// and everything a user could see is collected (stdout, stderr, exception messages, failure
// messages, log lines, printed objects). None of it may hold the secret key, the session token,
// a derived signing key (hex or raw) or a request signature.
#include <awsml/runtime/hooks.hpp>

#include <awsml/auth/credentials.hpp>
#include <awsml/auth/sigv4.hpp>
#include <awsml/core/detail/hex.hpp>
#include <awsml/machinelearning/client.hpp>

#include <catch2/catch.hpp>

#include <support/test_server.hpp>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace secrets_test {

using namespace std::chrono_literals;
using awsml_test::raw_response;
using awsml_test::received_request;

namespace {

const awsml::credentials known_credentials{
    "AKIDSECRETSTEST",
    "SecretKey+d1st1nct1ve/wJalrXUtnFEMIK7MDENGbPxRfiCY",
    "SessionToken+d1st1nct1ve/IQoJb3JpZ2luX2VjEHAaCXVzLWVhc3QtMSJHMEUC",
    {},
    "test"};

/// What must never be seen, and everything that was.
class leak_detector {
public:
    leak_detector() {
        forbid(known_credentials.secret_access_key);
        forbid(known_credentials.session_token);
    }

    /// The secret as it is, and percent-encoded as in a query string.
    void forbid(const std::string& secret) {
        if (secret.empty())
            return;
        forbidden_.insert(secret);
        forbidden_.insert(awsml::detail::sigv4::uri_encoded(secret));
    }

    /// The signing keys of the day `amz_date` (YYYYMMDD...) falls on, for each region given,
    /// in every form they could be printed.
    void forbid_signing_keys(std::string_view amz_date, const std::vector<std::string>& regions) {
        for (const auto& region : regions) {
            const auto key =
                awsml::sigv4::derive_signing_key(known_credentials.secret_access_key,
                                                 amz_date.substr(0, 8), region, "machinelearning");
            const std::string hex = awsml::detail::to_hex(key.bytes());
            std::string upper = hex;
            for (char& c : upper)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            forbid(hex);
            forbid(upper);
            forbid(
                std::string(reinterpret_cast<const char*>(key.bytes().data()), key.bytes().size()));
        }
    }

    /// Today's and yesterday's keys (a call may straddle midnight UTC).
    void forbid_recent_signing_keys(const std::vector<std::string>& regions) {
        const auto now = std::chrono::system_clock::now();
        for (auto when : {now, now - 24h, now + 24h})
            forbid_signing_keys(awsml::sigv4::format_amz_date(when), regions);
    }

    /// The signature of a request as sent: "...Signature=<hex>".
    void forbid_signature_of(const awsml::http_headers& headers) {
        auto authorization = awsml::find_header(headers, "Authorization");
        if (!authorization)
            return;
        const auto at = authorization->find("Signature=");
        REQUIRE(at != std::string_view::npos);
        forbid(std::string(authorization->substr(at + 10)));
    }

    void saw(std::string_view where, std::string_view text) {
        seen_.append("--- ").append(where).append("\n").append(text).append("\n");
    }

    void require_no_leak() const {
        INFO("everything seen:\n" << seen_);
        REQUIRE_FALSE(seen_.empty());
        for (const auto& secret : forbidden_) {
            INFO("forbidden (" << secret.size() << " bytes): " << printable(secret));
            CHECK(seen_.find(secret) == std::string::npos);
        }
    }

    std::size_t forbidden_count() const { return forbidden_.size(); }

private:
    static std::string printable(std::string_view s) {
        std::string out;
        for (char c : s)
            out += (c >= 0x20 && c < 0x7f) ? c : '?';
        return out;
    }

    std::set<std::string> forbidden_;
    std::string seen_;
};

// ---------------------------------------------------------------------------------------------
// The library: awsml::client with the logging hooks

raw_response model_response() {
    return raw_response::ok(
        R"({"MLModelId":"ml-1","Status":"COMPLETED"})",
        {{"Content-Type", "application/x-amz-json-1.1"}, {"x-amzn-RequestId", "req-ok"}});
}

raw_response bad_request_response() {
    return raw_response::with_status(
        400, R"({"__type":"InvalidInputException","message":"The model ID is invalid","code":400})",
        {{"Content-Type", "application/x-amz-json-1.1"}, {"x-amzn-RequestId", "req-400"}});
}

raw_response internal_error_response() {
    return raw_response::with_status(
        500, R"({"__type":"InternalServerException","message":"try again","code":500})",
        {{"Content-Type", "application/x-amz-json-1.1"}, {"x-amzn-RequestId", "req-500"}});
}

// AWS's answer to a bad signature quotes the canonical request it computed, which holds the
// X-Amz-Security-Token header: the session token comes back in the error message.
raw_response echoing_signature_error(const received_request& r) {
    std::string quoted = "POST\\n/\\n\\n";
    for (const auto& h : r.headers)
        if (!awsml::detail::iequals(h.name, "Authorization"))
            quoted += awsml::detail::sigv4::lowercase(h.name) + ":" + h.value + "\\n";
    return raw_response::with_status(
        403,
        R"({"__type":"InvalidSignatureException","message":"The request signature we calculated does not match. The Canonical String for this request should have been\n')" +
            quoted + R"('"})",
        {{"Content-Type", "application/x-amz-json-1.1"}, {"x-amzn-RequestId", "req-403"}});
}

// `text` as a JSON encoder may escape it: '/' as \/, every other character but letters as \u00XX.
std::string json_escaped(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '/')
            out += "\\/";
        else if (std::isalpha(static_cast<unsigned char>(c)))
            out += c;
        else
            awsml::detail::append_hex_byte(out += "\\u00", static_cast<unsigned char>(c));
    }
    return out;
}

// An error of the operation's own (so that its body is decoded too) quoting both secrets escaped.
raw_response escaped_secrets_error(const received_request&) {
    return raw_response::with_status(
        400,
        R"({"__type":"InvalidInputException","message":"token )" +
            json_escaped(known_credentials.session_token) + " key " +
            json_escaped(known_credentials.secret_access_key) + R"("})",
        {{"Content-Type", "application/x-amz-json-1.1"}, {"x-amzn-RequestId", "req-400"}});
}

// The logging hooks, plus a look at each signed request (kept in the test, never printed).
awsml::hooks observed_logging(leak_detector& leaks, std::vector<awsml::http_request>& sent) {
    auto lines = awsml::logging_hooks([&leaks](std::string_view line) { leaks.saw("log", line); });
    auto log_request = lines.before_send;
    lines.before_send = [&sent, log_request](const awsml::attempt_context& c,
                                             const awsml::http_request& request) {
        sent.push_back(request);
        log_request(c, request);
    };
    return lines;
}

awsml::client_config library_config(const std::string& endpoint, leak_detector& leaks,
                                    std::vector<awsml::http_request>& sent) {
    awsml::client_config config;
    config.region = "us-east-1";
    config.endpoint_url = endpoint;
    config.credentials = known_credentials;
    config.use_environment = false;
    config.retry_environment.random = [] { return 0.0; };
    config.hooks = observed_logging(leaks, sent);
    return config;
}

awsml::http_transport_config quick_transport() {
    awsml::http_transport_config config;
    config.connect_timeout = 500ms;
    config.read_timeout = 500ms;
    config.use_environment_proxies = false;
    return config;
}

// Both API forms: the failure's message and service fields, and the exception's what().
void call_both_forms(const awsml::client_config& config, leak_detector& leaks) {
    awsml::client client(config, awsml::asio_http_transport(quick_transport()));
    auto result = client.try_get_ml_model({.ml_model_id = "ml-1"});
    if (result) {
        std::ostringstream printed;
        printed << awsml::to_json(*result);
        leaks.saw("output", printed.str());
    } else {
        const awsml::call_failure& f = result.error();
        leaks.saw("failure message", f.message);
        leaks.saw("failure code", f.code.message());
        leaks.saw("service message", f.service.message);
        leaks.saw("service excerpt", f.service.body_excerpt);
        leaks.saw("service description", awsml::describe(f.service));
        if (const auto* body = f.as<awsml::machinelearning::invalid_input_exception>())
            leaks.saw("modeled body", body->message.value_or(""));
    }
    try {
        (void)client.get_ml_model({.ml_model_id = "ml-1"});
    } catch (const std::exception& e) {
        leaks.saw("exception", e.what());
    }
}

std::uint16_t closed_port() {
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    return acceptor.local_endpoint().port();
}

void forbid_what_was_sent(leak_detector& leaks, const std::vector<awsml::http_request>& sent) {
    for (const auto& request : sent) {
        leaks.forbid_signature_of(request.headers);
        if (auto date = awsml::find_header(request.headers, "X-Amz-Date"))
            leaks.forbid_signing_keys(*date, {"us-east-1"});
    }
}

// ---------------------------------------------------------------------------------------------
// The CLI: build/examples/get-ml-model, found through AWSML_CLI

struct cli_run {
    int exit_code = -1;
    std::string out;
    std::string err;
};

std::string shell_quoted(std::string_view s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

cli_run run_cli(const std::string& cli, const std::vector<std::string>& args) {
    const auto scratch =
        std::filesystem::temp_directory_path() / ("awsml-secrets-" + std::to_string(::getpid()));
    std::filesystem::create_directories(scratch);
    // A clean environment: the known credentials, no shared files, no proxy.
    std::string command =
        "env -i HOME=" + shell_quoted(scratch.string()) +
        " AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent" +
        " AWS_ACCESS_KEY_ID=" + shell_quoted(known_credentials.access_key_id) +
        " AWS_SECRET_ACCESS_KEY=" + shell_quoted(known_credentials.secret_access_key) +
        " AWS_SESSION_TOKEN=" + shell_quoted(known_credentials.session_token) +
        " AWS_MAX_ATTEMPTS=2 " + shell_quoted(cli);
    for (const auto& a : args)
        command += " " + shell_quoted(a);
    const auto out_file = scratch / "stdout";
    const auto err_file = scratch / "stderr";
    command += " >" + shell_quoted(out_file.string()) + " 2>" + shell_quoted(err_file.string());
    const int status = std::system(command.c_str());
    cli_run run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    auto slurp = [](const std::filesystem::path& p) {
        std::ifstream in(p, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    };
    run.out = slurp(out_file);
    run.err = slurp(err_file);
    std::filesystem::remove_all(scratch);
    return run;
}

std::optional<std::string> cli_path() {
    const char* path = std::getenv("AWSML_CLI");
    if (path && std::filesystem::exists(path))
        return std::string(path);
    WARN("SKIPPED: the get-ml-model CLI was not found (AWSML_CLI="
         << (path ? path : "unset") << "); build with -Dexamples=true");
    return std::nullopt;
}

} // namespace

TEST_CASE("credentials and signing parameters print redacted", "[secrets]") {
    leak_detector leaks;
    std::ostringstream printed;
    printed << known_credentials;
    CHECK(printed.str() ==
          "credentials{access_key_id=AKIDSECRETSTEST, secret_access_key=<redacted>, "
          "session_token=<redacted>, source=test}");
    leaks.saw("credentials", printed.str());

    awsml::sigv4::signing_params params;
    params.credentials = known_credentials;
    params.region = "us-east-1";
    params.service = "machinelearning";
    params.time = std::chrono::system_clock::time_point(std::chrono::seconds(1440938160));
    std::ostringstream printed_params;
    printed_params << params;
    leaks.saw("signing_params", printed_params.str());
    CHECK_THAT(printed_params.str(), Catch::Contains("<redacted>"));

    // A request signed in its headers, and one presigned in its query, as the log shows them.
    awsml::http_request request;
    request.host = "machinelearning.us-east-1.amazonaws.com";
    request.body = R"({"MLModelId":"ml-1"})";
    awsml::http_request presigned = request;
    presigned.method = "GET";
    const auto details = awsml::sigv4::sign(request, params);
    const auto presigned_details = awsml::sigv4::presign(presigned, params);
    leaks.forbid(details.signature);
    leaks.forbid(presigned_details.signature);
    leaks.forbid_signing_keys("20150830", {"us-east-1"});
    leaks.saw("signed request", awsml::format_request_for_log(request));
    // Found by this test: the presigned query's X-Amz-Signature and X-Amz-Security-Token were
    // logged as they are.
    const std::string presigned_log = awsml::format_request_for_log(presigned);
    CHECK_THAT(presigned_log, Catch::Contains("X-Amz-Signature=<redacted>"));
    CHECK_THAT(presigned_log, Catch::Contains("X-Amz-Security-Token=<redacted>"));
    CHECK_THAT(presigned_log, Catch::Contains("X-Amz-Expires=3600&"));
    leaks.saw("presigned request", presigned_log);

    // Failures of signing name the problem, not the secret.
    params.region = "us-east-1/bad";
    std::error_code ec;
    awsml::http_request unsigned_request;
    unsigned_request.host = "example.com";
    awsml::sigv4::sign(unsigned_request, params, ec);
    leaks.saw("sign error", ec.message());
    try {
        awsml::sigv4::sign(unsigned_request, params);
    } catch (const std::exception& e) {
        leaks.saw("sign exception", e.what());
    }
    leaks.require_no_leak();
}

TEST_CASE("the client's error paths and logging hooks never show a secret", "[secrets][client]") {
    leak_detector leaks;
    leaks.forbid_recent_signing_keys({"us-east-1"});
    std::vector<awsml::http_request> sent;

    SECTION("success") {
        awsml_test::test_server server([](const received_request&) { return model_response(); });
        call_both_forms(library_config(server.url(), leaks, sent), leaks);
    }
    SECTION("a 400 error") {
        awsml_test::test_server server(
            [](const received_request&) { return bad_request_response(); });
        call_both_forms(library_config(server.url(), leaks, sent), leaks);
    }
    SECTION("a 500 error, retried") {
        awsml_test::test_server server(
            [](const received_request&) { return internal_error_response(); });
        call_both_forms(library_config(server.url(), leaks, sent), leaks);
    }
    SECTION("a signature the server rejects") {
        awsml_test::test_server server([](const received_request&) {
            return raw_response::with_status(
                400,
                R"({"__type":"InvalidSignatureException","message":"The request signature we calculated does not match"})");
        });
        call_both_forms(library_config(server.url(), leaks, sent), leaks);
    }
    SECTION("a server that quotes the canonical request, session token included, as AWS does") {
        awsml_test::test_server server(
            [](const received_request& r) { return echoing_signature_error(r); });
        call_both_forms(library_config(server.url(), leaks, sent), leaks);
    }
    SECTION("a server that quotes the secrets with JSON escapes") {
        leaks.forbid(json_escaped(known_credentials.session_token));
        leaks.forbid(json_escaped(known_credentials.secret_access_key));
        awsml_test::test_server server(
            [](const received_request& r) { return escaped_secrets_error(r); });
        call_both_forms(library_config(server.url(), leaks, sent), leaks);
    }
    SECTION("a closed port") {
        call_both_forms(
            library_config("http://127.0.0.1:" + std::to_string(closed_port()), leaks, sent),
            leaks);
    }
    SECTION("a server that never answers") {
        awsml_test::test_server server(
            [](const received_request&) { return raw_response::never_answer(); });
        auto config = library_config(server.url(), leaks, sent);
        config.max_attempts = 1;
        call_both_forms(config, leaks);
    }
    SECTION("a bad region") {
        auto config = library_config("http://127.0.0.1:9", leaks, sent);
        config.region = "us-east-1/../evil";
        call_both_forms(config, leaks);
    }
    SECTION("a bad endpoint") {
        call_both_forms(library_config("not a url", leaks, sent), leaks);
    }
    SECTION("the session token has a line break") {
        auto config = library_config("http://127.0.0.1:9", leaks, sent);
        config.credentials->session_token += "\r\nX-Injected: 1";
        leaks.forbid(config.credentials->session_token);
        call_both_forms(config, leaks);
    }
    forbid_what_was_sent(leaks, sent);
    leaks.require_no_leak();
}

TEST_CASE("the CLI's --debug output and errors never show a secret", "[secrets][cli]") {
    const auto cli = cli_path();
    if (!cli)
        return;
    leak_detector leaks;
    leaks.forbid_recent_signing_keys({"us-east-1", "us-east-1/evil"});
    std::vector<received_request> received;
    auto run = [&](std::vector<std::string> args, int expected_exit) {
        args.insert(args.begin(), {"--ml-model-id", "ml-1", "--debug", "--cli-read-timeout", "2"});
        const cli_run result = run_cli(*cli, args);
        leaks.saw("stdout", result.out);
        leaks.saw("stderr", result.err);
        CHECK(result.exit_code == expected_exit);
        return result;
    };
    auto run_against = [&](raw_response answer, int expected_exit) {
        awsml_test::test_server server([answer](const received_request&) { return answer; });
        const cli_run result =
            run({"--region", "us-east-1", "--endpoint-url", server.url()}, expected_exit);
        for (const auto& r : server.requests())
            received.push_back(r);
        return result;
    };

    SECTION("success") {
        const auto result = run_against(model_response(), 0);
        CHECK_THAT(result.out, Catch::Contains("\"MLModelId\": \"ml-1\""));
        // --debug did log the request, its signature redacted.
        CHECK_THAT(result.err, Catch::Contains("Signature=<redacted>"));
        CHECK_THAT(result.err, Catch::Contains("X-Amz-Security-Token: <redacted>"));
    }
    SECTION("a 400 error") {
        const auto result = run_against(bad_request_response(), 254);
        CHECK_THAT(result.err, Catch::Contains("InvalidInputException"));
    }
    SECTION("a 500 error") {
        run_against(internal_error_response(), 254);
    }
    SECTION("an error quoting the session token back") {
        awsml_test::test_server server(
            [](const received_request& r) { return echoing_signature_error(r); });
        const auto result = run({"--region", "us-east-1", "--endpoint-url", server.url()}, 254);
        CHECK_THAT(result.err, Catch::Contains("x-amz-security-token:<redacted>"));
        for (const auto& r : server.requests())
            received.push_back(r);
    }
    SECTION("a closed port") {
        run({"--region", "us-east-1", "--endpoint-url",
             "http://127.0.0.1:" + std::to_string(closed_port())},
            255);
    }
    SECTION("a bad region") {
        const auto result = run({"--region", "us-east-1/evil"}, 253);
        CHECK_FALSE(result.err.empty());
    }
    SECTION("a bad endpoint") {
        const auto result = run({"--region", "us-east-1", "--endpoint-url", "ftp://[::1"}, 253);
        CHECK_FALSE(result.err.empty());
    }
    SECTION("a server that never answers: the read timeout") {
        raw_response silent = raw_response::ok();
        silent.then = raw_response::action::never_answer;
        silent.raw = std::string(); // nothing at all is written
        const auto result = run_against(silent, 255);
        CHECK_THAT(result.err, Catch::Contains("2000 ms"));
    }
    SECTION("bad arguments") {
        const auto result = run({"--region", "us-east-1", "--no-such-option"}, 252);
        CHECK_FALSE(result.err.empty());
        CHECK(result.out.empty());
    }
    SECTION("a request that fails validation") {
        // The later --ml-model-id wins; it breaks the model's pattern.
        const auto result = run({"--region", "us-east-1", "--ml-model-id", "not valid!"}, 252);
        CHECK_THAT(result.err, Catch::Contains("MLModelId"));
    }
    for (const auto& r : received) {
        leaks.forbid_signature_of(r.headers);
        if (auto date = r.header("X-Amz-Date"))
            leaks.forbid_signing_keys(*date, {"us-east-1"});
    }
    leaks.require_no_leak();
}

} // namespace secrets_test
