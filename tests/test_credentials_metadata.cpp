#include <awsml/auth/container_credentials_provider.hpp>
#include <awsml/auth/instance_metadata_client.hpp>
#include <awsml/auth/instance_metadata_credentials_provider.hpp>

#include <support/scratch_folder.hpp>
#include <support/test_server.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace credentials_metadata_test {

using awsml::container_credentials_options;
using awsml::container_credentials_provider;
using awsml::credentials;
using awsml::environment;
using awsml::errc;
using awsml::instance_metadata_credentials_provider;
using awsml::instance_metadata_options;
using awsml_test::raw_response;
using awsml_test::received_request;
using namespace std::chrono_literals;

namespace {

using time_point = std::chrono::system_clock::time_point;

// Markers that must never show up in a message: the secret key, the session token, the IMDSv2
// session token and the container's authorization token.
const std::string secret = "wJalrXUtnFEMI-SECRET-MARKER";
const std::string session_token = "SESSION-TOKEN-MARKER";
const std::string imds_token = "IMDS-TOKEN-MARKER-1";
const std::string auth_token = "Bearer AUTH-TOKEN-MARKER";

bool leaks(const std::string& text) {
    return text.find("SECRET-MARKER") != std::string::npos ||
           text.find("TOKEN-MARKER") != std::string::npos;
}

time_point at(const std::string& iso8601) {
    return std::chrono::time_point_cast<std::chrono::system_clock::duration>(
        *awsml::parse_iso8601(iso8601));
}

std::string iso(time_point when) {
    return awsml::format_iso8601(std::chrono::time_point_cast<std::chrono::milliseconds>(when));
}

// The credentials document IMDS and the container endpoint answer, `missing` left out.
std::string credentials_json(time_point expiration, const std::string& key_id = "ASIAIMDS",
                             const std::string& missing = "") {
    const std::pair<std::string, std::string> fields[] = {{"Code", "Success"},
                                                          {"AccessKeyId", key_id},
                                                          {"SecretAccessKey", secret},
                                                          {"Token", session_token},
                                                          {"Expiration", iso(expiration)}};
    std::string out = "{";
    for (const auto& [name, value] : fields)
        if (name != missing)
            out += (out.size() > 1 ? ",\"" : "\"") + name + "\":\"" + value + "\"";
    return out + "}";
}

// A clock the test moves by hand.
struct manual_clock {
    std::shared_ptr<std::atomic<time_point>> now =
        std::make_shared<std::atomic<time_point>>(at("2026-01-10T12:00:00Z"));
    std::function<time_point()> function() const {
        return [now = now] { return now->load(); };
    }
    time_point get() const { return now->load(); }
    void advance(std::chrono::seconds by) { now->store(now->load() + by); }
};

// IMDS as the tests need it: IMDSv2 by default (a GET without the current token is 401), each
// answer adjustable while the server runs.
struct fake_imds {
    std::mutex mutex;
    int token_status = 200;
    bool token_never_answers = false;
    bool accepts_v1 = false;
    std::string token = imds_token;
    std::string role = "test-role";
    std::vector<int> role_statuses; ///< consumed in order, then 200
    int credentials_status = 200;
    std::string credentials_body = credentials_json(at("2026-01-10T18:00:00Z"));
    bool down = false; ///< every request answered 503
    std::string region = "eu-west-3";

    raw_response answer(const received_request& request) {
        std::lock_guard lock(mutex);
        if (down)
            return raw_response::with_status(503);
        if (request.target == "/latest/api/token") {
            if (request.method != "PUT")
                return raw_response::with_status(405);
            if (token_never_answers)
                return raw_response::never_answer();
            if (token_status != 200)
                return raw_response::with_status(token_status);
            return raw_response::ok(token);
        }
        auto sent = request.header("X-aws-ec2-metadata-token");
        if (!(sent ? *sent == token : accepts_v1))
            return raw_response::with_status(401);
        if (request.target == "/latest/meta-data/placement/region")
            return raw_response::ok(region);
        if (request.target == "/latest/meta-data/instance-id")
            return raw_response::ok("i-0123456789abcdef0");
        const std::string prefix = "/latest/meta-data/iam/security-credentials/";
        if (request.target == prefix) {
            if (!role_statuses.empty()) {
                int status = role_statuses.front();
                role_statuses.erase(role_statuses.begin());
                if (status != 200)
                    return raw_response::with_status(status);
            }
            return raw_response::ok(role);
        }
        if (request.target == prefix + role) {
            if (credentials_status != 200)
                return raw_response::with_status(credentials_status);
            return raw_response::ok(credentials_body);
        }
        return raw_response::with_status(404);
    }

    template <class Change>
    void change(Change apply) {
        std::lock_guard lock(mutex);
        apply(*this);
    }
};

struct imds_fixture {
    fake_imds imds;
    awsml_test::test_server server{[this](const received_request& r) { return imds.answer(r); }};
    manual_clock clock;

    environment env(environment::variable_map extra = {}) const {
        extra.try_emplace("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url());
        extra.try_emplace("AWS_CONFIG_FILE", "/nonexistent/awsml-test/config");
        extra.try_emplace("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/awsml-test/credentials");
        return environment::from_map(std::move(extra));
    }

    instance_metadata_options options() const {
        instance_metadata_options o;
        o.clock = clock.function();
        o.extension_jitter = [] { return std::chrono::seconds(300); };
        return o;
    }

    instance_metadata_credentials_provider provider(environment::variable_map extra = {}) const {
        return instance_metadata_credentials_provider(env(std::move(extra)), std::nullopt,
                                                      options());
    }

    std::vector<std::string> targets() const {
        std::vector<std::string> out;
        for (const auto& r : server.requests())
            out.push_back(r.method + " " + r.target);
        return out;
    }
};

const std::string token_put = "PUT /latest/api/token";
const std::string role_get = "GET /latest/meta-data/iam/security-credentials/";
const std::string credentials_get = "GET /latest/meta-data/iam/security-credentials/test-role";

std::string failure_of(const awsml::config_result<credentials>& result) {
    REQUIRE_FALSE(result);
    CHECK_FALSE(leaks(result.error().message));
    return result.error().message;
}

} // namespace

TEST_CASE("IMDS: the IMDSv2 token, then the role and its credentials", "[imds]") {
    imds_fixture f;
    auto found = f.provider().try_get_credentials();
    REQUIRE(found);
    CHECK(found->access_key_id == "ASIAIMDS");
    CHECK(found->secret_access_key == secret);
    CHECK(found->session_token == session_token);
    CHECK(found->expiration == at("2026-01-10T18:00:00Z"));
    CHECK(found->source == "instance-metadata:test-role");

    auto requests = f.server.requests();
    REQUIRE(f.targets() == std::vector<std::string>{token_put, role_get, credentials_get});
    CHECK(requests[0].header("X-aws-ec2-metadata-token-ttl-seconds") == "21600");
    CHECK_FALSE(requests[0].header("X-aws-ec2-metadata-token"));
    CHECK(requests[1].header("X-aws-ec2-metadata-token") == imds_token);
    CHECK(requests[2].header("X-aws-ec2-metadata-token") == imds_token);
}

TEST_CASE("IMDS: the token is kept until a minute before its TTL, by copies too", "[imds]") {
    imds_fixture f;
    auto options = f.options();
    options.token_ttl = 300s;
    instance_metadata_credentials_provider provider(f.env(), std::nullopt, options);
    REQUIRE(provider.try_get_credentials());
    auto copy = provider;
    f.clock.advance(239s);
    REQUIRE(copy.try_get_credentials());
    CHECK(f.server.requests().at(0).header("X-aws-ec2-metadata-token-ttl-seconds") == "300");
    CHECK(f.targets() == std::vector<std::string>{token_put, role_get, credentials_get, role_get,
                                                  credentials_get});
    f.clock.advance(2s);
    REQUIRE(provider.try_get_credentials());
    CHECK(f.targets().at(5) == token_put);
}

TEST_CASE("IMDS: a kept token the service refuses is replaced once", "[imds]") {
    imds_fixture f;
    auto provider = f.provider();
    REQUIRE(provider.try_get_credentials());
    f.imds.change([](fake_imds& i) { i.token = "IMDS-TOKEN-MARKER-2"; });
    auto found = provider.try_get_credentials();
    REQUIRE(found);
    CHECK(f.targets() == std::vector<std::string>{token_put, role_get, credentials_get, role_get,
                                                  token_put, role_get, credentials_get});
    CHECK(f.server.requests().back().header("X-aws-ec2-metadata-token") == "IMDS-TOKEN-MARKER-2");
}

TEST_CASE("IMDS: falls back to IMDSv1 where botocore does", "[imds]") {
    imds_fixture f;
    f.imds.change([&](fake_imds& i) { i.accepts_v1 = true; });
    auto requests_without_token = [&] {
        for (const auto& r : f.server.requests())
            if (r.method == "GET" && r.header("X-aws-ec2-metadata-token"))
                return false;
        return true;
    };

    SECTION("the token request answered 403, 404 or 405: at once, whatever the attempts") {
        const int status = GENERATE(403, 404, 405);
        f.imds.change([&](fake_imds& i) { i.token_status = status; });
        REQUIRE(f.provider({{"AWS_METADATA_SERVICE_NUM_ATTEMPTS", "3"}}).try_get_credentials());
        CHECK(f.targets() == std::vector<std::string>{token_put, role_get, credentials_get});
        CHECK(requests_without_token());
    }
    SECTION("another status on every attempt") {
        f.imds.change([&](fake_imds& i) { i.token_status = 500; });
        REQUIRE(f.provider({{"AWS_METADATA_SERVICE_NUM_ATTEMPTS", "2"}}).try_get_credentials());
        CHECK(f.targets() ==
              std::vector<std::string>{token_put, token_put, role_get, credentials_get});
        CHECK(requests_without_token());
    }
    SECTION("no answer in time") {
        f.imds.change([&](fake_imds& i) { i.token_never_answers = true; });
        auto options = f.options();
        options.timeout = 300ms;
        options.attempts = 3; // a timeout falls back at once
        instance_metadata_credentials_provider provider(f.env(), std::nullopt, options);
        REQUIRE(provider.try_get_credentials());
        CHECK(f.targets() == std::vector<std::string>{token_put, role_get, credentials_get});
        CHECK(requests_without_token());
    }
}

TEST_CASE("IMDS: no fallback when IMDSv1 is turned off", "[imds]") {
    imds_fixture f;
    f.imds.change([&](fake_imds& i) { i.accepts_v1 = true; });
    f.imds.change([&](fake_imds& i) { i.token_status = 404; });
    SECTION("by the environment") {
        auto found = f.provider({{"AWS_EC2_METADATA_V1_DISABLED", "true"}}).try_get_credentials();
        std::string message = failure_of(found);
        CHECK(found.error().code == errc::credentials_source_failed);
        CHECK_THAT(message,
                   Catch::Contains("IMDSv1 is turned off by AWS_EC2_METADATA_V1_DISABLED"));
        CHECK_THAT(message, Catch::Contains("answered 404"));
    }
    SECTION("by the profile") {
        awsml_test::scratch_folder folder;
        folder.put("config", "[default]\nec2_metadata_v1_disabled = TRUE\n");
        auto found = f.provider({{"AWS_CONFIG_FILE", folder.file("config")}}).try_get_credentials();
        std::string message = failure_of(found);
        CHECK(found.error().code == errc::credentials_source_failed);
        CHECK_THAT(message,
                   Catch::Contains(folder.file("config") + ":2: ec2_metadata_v1_disabled"));
    }
    CHECK(f.targets() == std::vector<std::string>{token_put});
}

TEST_CASE("IMDS: a token request answered 400 ends the search", "[imds]") {
    imds_fixture f;
    f.imds.change([&](fake_imds& i) { i.accepts_v1 = true; });
    f.imds.change([&](fake_imds& i) { i.token_status = 400; });
    auto found = f.provider().try_get_credentials();
    std::string message = failure_of(found);
    CHECK(found.error().code == errc::no_credentials);
    CHECK_THAT(message, Catch::Contains("answered 400"));
    CHECK(f.targets() == std::vector<std::string>{token_put});
}

TEST_CASE("IMDS: AWS_EC2_METADATA_DISABLED", "[imds]") {
    imds_fixture f;
    auto off = f.provider({{"AWS_EC2_METADATA_DISABLED", "True"}}).try_get_credentials();
    CHECK(failure_of(off) == "instance metadata (IMDS): turned off by AWS_EC2_METADATA_DISABLED");
    CHECK(off.error().code == errc::no_credentials);
    auto bad = f.provider({{"AWS_EC2_METADATA_DISABLED", "yes"}}).try_get_credentials();
    CHECK_THAT(failure_of(bad), Catch::Contains("AWS_EC2_METADATA_DISABLED"));
    CHECK(bad.error().code == errc::config_error);
    CHECK(f.server.requests_received() == 0);
    CHECK(f.provider({{"AWS_EC2_METADATA_DISABLED", "false"}}).try_get_credentials());
}

TEST_CASE("IMDS: a silent service ends the call with its timeout", "[imds]") {
    awsml_test::test_server silent(
        [](const received_request&) { return raw_response::never_answer(); });
    auto env = environment::from_map({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", silent.url()},
                                      {"AWS_CONFIG_FILE", "/nonexistent/awsml-test/config"}});
    instance_metadata_options options;
    options.timeout = 200ms;
    const auto start = std::chrono::steady_clock::now();
    auto found =
        instance_metadata_credentials_provider(env, std::nullopt, options).try_get_credentials();
    CHECK(std::chrono::steady_clock::now() - start < 30s);
    std::string message = failure_of(found);
    CHECK(found.error().code == errc::no_credentials);
    CHECK_THAT(message, Catch::Contains("no answer within 200 ms"));
    CHECK(silent.requests_received() == 2); // the token, then IMDSv1's role request
}

TEST_CASE("IMDS: attempts", "[imds]") {
    imds_fixture f;
    SECTION("a failing request is tried again up to the number of attempts") {
        f.imds.change([&](fake_imds& i) { i.role_statuses = {500, 503}; });
        auto found = f.provider({{"AWS_METADATA_SERVICE_NUM_ATTEMPTS", "3"}}).try_get_credentials();
        REQUIRE(found);
        CHECK(f.targets() ==
              std::vector<std::string>{token_put, role_get, role_get, role_get, credentials_get});
    }
    SECTION("then the last failure is reported") {
        f.imds.change([&](fake_imds& i) { i.role_statuses = {500, 503, 500}; });
        auto found = f.provider({{"AWS_METADATA_SERVICE_NUM_ATTEMPTS", "2"}}).try_get_credentials();
        std::string message = failure_of(found);
        CHECK(found.error().code == errc::no_credentials);
        CHECK_THAT(message,
                   Catch::Contains(f.server.url() + "/latest/meta-data/iam/security-credentials/ "
                                                    "answered 503 (2 attempts, IMDSv2)"));
    }
    SECTION("settings from the profile, and invalid ones") {
        awsml_test::scratch_folder folder;
        folder.put("config", "[default]\nmetadata_service_num_attempts = 2\n[profile bad]\n"
                             "metadata_service_timeout = 0.5\n");
        f.imds.change([&](fake_imds& i) { i.role_statuses = {500}; });
        REQUIRE(f.provider({{"AWS_CONFIG_FILE", folder.file("config")}}).try_get_credentials());
        auto bad = f.provider({{"AWS_CONFIG_FILE", folder.file("config")}, {"AWS_PROFILE", "bad"}})
                       .try_get_credentials();
        CHECK(bad.error().code == errc::config_error);
        CHECK_THAT(failure_of(bad), Catch::Contains(folder.file("config") +
                                                    ":4: metadata_service_timeout: \"0.5\""));
    }
}

TEST_CASE("IMDS: endpoint settings", "[imds]") {
    imds_fixture f;
    SECTION("the profile's endpoint, and the mode that a custom endpoint overrides") {
        awsml_test::scratch_folder folder;
        folder.put("config", "[default]\nec2_metadata_service_endpoint = " + f.server.url() +
                                 "/\nec2_metadata_service_endpoint_mode = IPv6\n");
        environment env = environment::from_map({{"AWS_CONFIG_FILE", folder.file("config")}});
        REQUIRE(instance_metadata_credentials_provider(env, std::nullopt, f.options())
                    .try_get_credentials());
        CHECK(f.targets().at(0) == token_put);
    }
    SECTION("an endpoint mode that is neither") {
        auto found = instance_metadata_credentials_provider(
                         environment::from_map({{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv5"},
                                                {"AWS_CONFIG_FILE", "/nonexistent/awsml/c"}}))
                         .try_get_credentials();
        CHECK(found.error().code == errc::config_error);
        CHECK_THAT(failure_of(found),
                   Catch::Contains("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: \"ipv5\" is not an "
                                   "endpoint mode (IPv4 or IPv6)"));
    }
    SECTION("an endpoint that is not a URL") {
        auto found = f.provider({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "169.254.169.254"}})
                         .try_get_credentials();
        CHECK(found.error().code == errc::config_error);
        CHECK_THAT(failure_of(found), Catch::Contains("\"169.254.169.254\": it has no scheme"));
    }
}

TEST_CASE("IMDS: the endpoint chosen, as botocore chooses it (nothing contacted)", "[imds]") {
    auto settings = [](environment::variable_map variables) {
        variables.try_emplace("AWS_CONFIG_FILE", "/nonexistent/awsml-test/config");
        return awsml::detail::resolve_imds_settings(environment::from_map(std::move(variables)),
                                                    std::nullopt, {})
            .value();
    };
    auto defaults = settings({});
    CHECK(defaults.base.url == "http://169.254.169.254/");
    CHECK(defaults.timeout == 1000ms);
    CHECK(defaults.attempts == 1);
    CHECK_FALSE(defaults.disabled_by);
    CHECK_FALSE(defaults.v1_disabled_by);
    CHECK(settings({{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}}).base.url ==
          "http://[fd00:ec2::254]/");
    CHECK(settings({{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}}).base.host ==
          "fd00:ec2::254");
    CHECK(settings({{"AWS_IMDS_USE_IPV6", "true"}}).base.url == "http://[fd00:ec2::254]/");
    CHECK(settings(
              {{"AWS_IMDS_USE_IPV6", "true"}, {"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv4"}})
              .base.url == "http://169.254.169.254/");
    CHECK(settings({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://[fd00:ec2::254]:8080"},
                    {"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv4"}})
              .base.port == 8080);
    auto timed = settings(
        {{"AWS_METADATA_SERVICE_TIMEOUT", "3"}, {"AWS_METADATA_SERVICE_NUM_ATTEMPTS", "4"}});
    CHECK(timed.timeout == 3000ms);
    CHECK(timed.attempts == 4);

    // Settings given in code that IMDS would refuse, or that end every wait at once.
    auto refused = [](awsml::instance_metadata_options options) {
        auto resolved = awsml::detail::resolve_imds_settings(
            environment::from_map({{"AWS_CONFIG_FILE", "/nonexistent/awsml-test/config"}}),
            std::nullopt, options);
        REQUIRE_FALSE(resolved.has_value());
        CHECK(resolved.error().code == errc::config_error);
        return resolved.error().message;
    };
    CHECK_THAT(refused({.token_ttl = 0s}),
               Catch::Contains("token_ttl must be from 1 to 21600 seconds") &&
                   Catch::EndsWith("it is 0"));
    CHECK_THAT(refused({.token_ttl = 21601s}), Catch::EndsWith("it is 21601"));
    CHECK_THAT(refused({.timeout = 0ms}), Catch::Contains("timeout must be positive"));
}

TEST_CASE("IMDS: the role name given in code", "[imds]") {
    imds_fixture f;
    auto options = f.options();
    options.role_name = "test-role";
    REQUIRE(instance_metadata_credentials_provider(f.env(), std::nullopt, options)
                .try_get_credentials());
    CHECK(f.targets() == std::vector<std::string>{token_put, credentials_get});

    f.imds.change([](fake_imds& i) { i.role = "../../user-data"; });
    auto found = f.provider().try_get_credentials();
    CHECK_THAT(failure_of(found), Catch::Contains("\"../../user-data\" is not an IAM role name"));
}

TEST_CASE("IMDS: credentials answers that are not usable", "[imds]") {
    imds_fixture f;
    SECTION("not JSON, on every attempt") {
        f.imds.change([&](fake_imds& i) { i.credentials_body = "<html>"; });
        auto found = f.provider({{"AWS_METADATA_SERVICE_NUM_ATTEMPTS", "2"}}).try_get_credentials();
        CHECK(found.error().code == errc::no_credentials);
        CHECK_THAT(failure_of(found), Catch::Contains("a body that is not JSON (2 attempts"));
        CHECK(f.targets().size() == 4);
    }
    SECTION("a missing or empty field is named, its value never shown") {
        const std::string field = GENERATE("AccessKeyId", "SecretAccessKey", "Token", "Expiration");
        f.imds.change([&](fake_imds& i) {
            i.credentials_body = credentials_json(at("2026-01-10T18:00:00Z"), "ASIAIMDS", field);
        });
        auto found = f.provider().try_get_credentials();
        CHECK(found.error().code == errc::no_credentials);
        CHECK_THAT(failure_of(found), Catch::Contains("has no \"" + field + "\""));

        std::string body = credentials_json(at("2026-01-10T18:00:00Z"));
        f.imds.change([&](fake_imds& i) {
            i.credentials_body = body.replace(body.find(session_token), session_token.size(), "");
        });
        CHECK_THAT(
            failure_of(f.provider().try_get_credentials()),
            Catch::Contains("\"Token\" in the credentials answer is not a non-empty string"));
    }
    SECTION("an error document, its text quoted by the one rule (core/in_quotes.hpp)") {
        f.imds.change([&](fake_imds& i) {
            i.credentials_body =
                R"({"Code":"AssumeRoleUnauthorizedAccess","Message":"EC2 cannot\n\u001b[2Jassume the role"})";
        });
        CHECK_THAT(
            failure_of(f.provider().try_get_credentials()),
            Catch::Contains(
                R"("AssumeRoleUnauthorizedAccess": "EC2 cannot\x0a\x1b[2Jassume the role")"));
    }
    SECTION("an Expiration that is not a timestamp") {
        f.imds.change([&](fake_imds& i) {
            i.credentials_body = R"({"AccessKeyId":"A","SecretAccessKey":")" + secret +
                                 R"(","Token":")" + session_token + R"(","Expiration":"soon"})";
        });
        CHECK_THAT(failure_of(f.provider().try_get_credentials()),
                   Catch::Contains("\"Expiration\" in the credentials answer is not an ISO 8601 "
                                   "timestamp within the clock's range: \"soon\""));
    }
}

TEST_CASE("IMDS: the answer's AccountId is the credentials' account", "[imds][account_id]") {
    imds_fixture f;
    CHECK(f.provider().get_credentials().account_id.empty());
    std::string body = credentials_json(at("2026-01-10T18:00:00Z"));
    f.imds.change([&](fake_imds& i) {
        i.credentials_body = body.substr(0, body.size() - 1) + R"(,"AccountId":"123456789012"})";
    });
    CHECK(f.provider().get_credentials().account_id == "123456789012");
    f.imds.change([&](fake_imds& i) {
        i.credentials_body = body.substr(0, body.size() - 1) + R"(,"AccountId":null})";
    });
    CHECK(f.provider().get_credentials().account_id.empty()); // null is none
    f.imds.change([&](fake_imds& i) {
        i.credentials_body = body.substr(0, body.size() - 1) + R"(,"AccountId":123456789012})";
    });
    CHECK_THAT(failure_of(f.provider().try_get_credentials()),
               Catch::Contains("\"AccountId\" in the credentials answer is not a string"));
}

TEST_CASE("IMDS: expired credentials get their expiry extended, as botocore does", "[imds]") {
    imds_fixture f;
    std::vector<std::string> warnings;
    auto options = f.options();
    options.warning = [&](const std::string& w) { warnings.push_back(w); };
    instance_metadata_credentials_provider provider(f.env(), std::nullopt, options);

    SECTION("already expired") {
        f.imds.change(
            [&](fake_imds& i) { i.credentials_body = credentials_json(f.clock.get() - 1h); });
    }
    SECTION("expiring within the window and its jitter (15 + 5 minutes here)") {
        f.imds.change(
            [&](fake_imds& i) { i.credentials_body = credentials_json(f.clock.get() + 19min); });
    }
    auto found = provider.try_get_credentials();
    REQUIRE(found);
    CHECK(found->expiration == f.clock.get() + 20min);
    CHECK_THAT(found->source, Catch::Contains("expiry extended"));
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], Catch::Contains("extended to 2026-01-10T12:20:00"));
    CHECK_FALSE(leaks(warnings[0]));
    f.clock.advance(60s);
    REQUIRE(provider.try_get_credentials());
    CHECK(warnings.size() == 1); // once per episode
}

TEST_CASE("IMDS: credentials far from expiry are left as they are", "[imds]") {
    imds_fixture f;
    f.imds.change(
        [&](fake_imds& i) { i.credentials_body = credentials_json(f.clock.get() + 21min); });
    auto found = f.provider().try_get_credentials();
    REQUIRE(found);
    CHECK(found->expiration == f.clock.get() + 21min);
    CHECK(found->source == "instance-metadata:test-role");
}

TEST_CASE("IMDS: during an outage the last credentials are kept, expiry extended", "[imds]") {
    imds_fixture f;
    std::vector<std::string> warnings;
    auto options = f.options();
    options.warning = [&](const std::string& w) { warnings.push_back(w); };
    instance_metadata_credentials_provider provider(f.env(), std::nullopt, options);
    f.imds.change([&](fake_imds& i) { i.credentials_body = credentials_json(f.clock.get() + 1h); });
    REQUIRE(provider.try_get_credentials());

    f.imds.change([](fake_imds& i) { i.down = true; });
    f.clock.advance(50min);
    auto kept = provider.try_get_credentials();
    REQUIRE(kept);
    CHECK(kept->access_key_id == "ASIAIMDS");
    CHECK(kept->expiration == f.clock.get() + 20min);
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], Catch::Contains("answered 503"));
    CHECK_FALSE(leaks(warnings[0]));
    f.clock.advance(1h);
    auto still = provider.try_get_credentials();
    REQUIRE(still);
    CHECK(still->expiration == f.clock.get() + 20min);
    CHECK(warnings.size() == 1);

    f.imds.change([&](fake_imds& i) {
        i.down = false;
        i.credentials_body = credentials_json(f.clock.get() + 6h, "ASIANEW");
    });
    auto fresh = provider.try_get_credentials();
    REQUIRE(fresh);
    CHECK(fresh->access_key_id == "ASIANEW");
    CHECK(fresh->expiration == f.clock.get() + 6h);

    f.imds.change([](fake_imds& i) { i.down = true; });
    f.clock.advance(6h);
    REQUIRE(provider.try_get_credentials());
    CHECK(warnings.size() == 2); // a new episode is told again

    SECTION("without earlier credentials an outage is a failure") {
        auto found = f.provider().try_get_credentials();
        CHECK(found.error().code == errc::no_credentials);
        CHECK_THAT(failure_of(found), Catch::Contains("answered 503"));
    }
}

TEST_CASE("IMDS: concurrent callers share one provider", "[imds]") {
    imds_fixture f;
    auto provider = f.provider();
    std::atomic<int> succeeded{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&, copy = provider] {
            for (int j = 0; j < 3; ++j)
                if (copy.try_get_credentials())
                    ++succeeded;
        });
    for (auto& t : threads)
        t.join();
    CHECK(succeeded == 12);
}

namespace {

struct container_fixture {
    std::mutex mutex;
    std::vector<int> statuses; ///< consumed in order, then 200
    std::string body = credentials_json(at("2026-01-10T18:00:00Z"), "ASIACONTAINER");
    awsml_test::test_server server{[this](const received_request&) {
        std::lock_guard lock(mutex);
        if (!statuses.empty()) {
            int status = statuses.front();
            statuses.erase(statuses.begin());
            if (status != 200)
                return raw_response::with_status(status, "{\"message\":\"not now\"}");
        }
        return raw_response::ok(body);
    }};
    manual_clock clock;

    template <class Change>
    void change(Change apply) {
        std::lock_guard lock(mutex);
        apply(*this);
    }

    container_credentials_options options() const {
        container_credentials_options o;
        o.relative_uri_base = server.url();
        o.retry_pause = 10ms;
        o.clock = clock.function();
        return o;
    }
    container_credentials_provider provider(environment::variable_map variables) const {
        return container_credentials_provider(environment::from_map(std::move(variables)),
                                              std::nullopt, options());
    }
};

} // namespace

TEST_CASE("IMDS client: the region and any metadata path, one token for both", "[imds][region]") {
    imds_fixture f;
    const awsml::instance_metadata_client imds(f.env(), std::nullopt, f.options());
    CHECK(imds.try_region().value() == "eu-west-3");
    CHECK(imds.try_get("/latest/meta-data/instance-id").value() == "i-0123456789abcdef0");
    CHECK(f.targets() == std::vector<std::string>{token_put,
                                                  "GET /latest/meta-data/placement/region",
                                                  "GET /latest/meta-data/instance-id"});

    auto missing = imds.try_get("/latest/meta-data/no-such-thing");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == errc::credentials_source_failed);
    CHECK_THAT(missing.error().message,
               Catch::Contains("GET http://127.0.0.1:") && Catch::Contains(" answered 404"));
    for (const char* bad : {"latest/meta-data", "/latest/meta data", "/latest/x?y=1", "/a\r\nb"}) {
        auto refused = imds.try_get(bad);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code == errc::config_error);
        CHECK_THAT(refused.error().message, Catch::Contains("is not a metadata path"));
    }
    CHECK(f.server.requests_received() == 4); // the bad paths were not sent
}

TEST_CASE("IMDS client: a region that is none, an IMDS turned off or silent: errc::no_region",
          "[imds][region]") {
    imds_fixture f;
    f.imds.change([](fake_imds& i) { i.region = "eu west 3"; });
    const awsml::instance_metadata_client imds(f.env(), std::nullopt, f.options());
    auto odd = imds.try_region();
    REQUIRE_FALSE(odd);
    CHECK(odd.error().code == errc::no_region);
    CHECK_THAT(odd.error().message, Catch::Contains("\"eu west 3\", which is no region name"));

    const awsml::instance_metadata_client off(f.env({{"AWS_EC2_METADATA_DISABLED", "true"}}),
                                              std::nullopt, f.options());
    auto disabled = off.try_region();
    REQUIRE_FALSE(disabled);
    CHECK(disabled.error().code == errc::no_region);
    CHECK_THAT(disabled.error().message,
               Catch::Contains("turned off by AWS_EC2_METADATA_DISABLED"));

    f.imds.change([](fake_imds& i) { i.down = true; });
    const awsml::instance_metadata_client down(f.env(), std::nullopt, f.options());
    auto unavailable = down.try_region();
    REQUIRE_FALSE(unavailable);
    CHECK(unavailable.error().code == errc::no_region);
    CHECK_FALSE(leaks(unavailable.error().message));
}

TEST_CASE("container: the relative URI, against the base address", "[container]") {
    container_fixture f;
    auto found =
        f.provider({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc-123?x=1"},
                    {"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://localhost:1/unused"}})
            .try_get_credentials();
    REQUIRE(found);
    CHECK(found->access_key_id == "ASIACONTAINER");
    CHECK(found->secret_access_key == secret);
    CHECK(found->session_token == session_token);
    CHECK(found->expiration == at("2026-01-10T18:00:00Z"));
    CHECK(found->source == "container");
    CHECK(found->account_id.empty());
    auto request = f.server.requests().at(0);
    CHECK(request.method == "GET");
    CHECK(request.target == "/v2/credentials/abc-123?x=1");
    CHECK(request.header("Accept") == "application/json");
    CHECK_FALSE(request.header("Authorization"));
}

TEST_CASE("container: the full URI, with an authorization token", "[container]") {
    container_fixture f;
    const std::string full = f.server.url() + "/get-credentials";
    awsml_test::scratch_folder folder;
    folder.put("token", "AUTH-TOKEN-MARKER-FROM-FILE");

    SECTION("given directly") {
        REQUIRE(f.provider({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", full},
                            {"AWS_CONTAINER_AUTHORIZATION_TOKEN", auth_token}})
                    .try_get_credentials());
        CHECK(f.server.requests().at(0).target == "/get-credentials");
        CHECK(f.server.requests().at(0).header("Authorization") == auth_token);
    }
    SECTION("from a file, which wins and is read at each call") {
        auto provider =
            f.provider({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", full},
                        {"AWS_CONTAINER_AUTHORIZATION_TOKEN", auth_token},
                        {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", folder.file("token")}});
        REQUIRE(provider.try_get_credentials());
        folder.put("token", "AUTH-TOKEN-MARKER-ROTATED");
        REQUIRE(provider.try_get_credentials());
        CHECK(f.server.requests().at(0).header("Authorization") == "AUTH-TOKEN-MARKER-FROM-FILE");
        CHECK(f.server.requests().at(1).header("Authorization") == "AUTH-TOKEN-MARKER-ROTATED");
    }
    SECTION("a token with a line break is refused, unsent") {
        folder.put("token", "AUTH-TOKEN-MARKER\n");
        auto found = f.provider({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", full},
                                 {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", folder.file("token")}})
                         .try_get_credentials();
        CHECK(found.error().code == errc::credentials_source_failed);
        CHECK_THAT(failure_of(found),
                   Catch::Contains("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (" +
                                   folder.file("token") + ") contains a CR or LF"));
        auto direct =
            f.provider({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", full},
                        {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "AUTH-TOKEN-MARKER\r\nX: y"}})
                .try_get_credentials();
        CHECK_THAT(failure_of(direct),
                   Catch::Contains("AWS_CONTAINER_AUTHORIZATION_TOKEN contains"));
        CHECK(f.server.requests_received() == 0);
    }
    SECTION("a token file that is missing") {
        auto found = f.provider({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", full},
                                 {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", folder.file("none")}})
                         .try_get_credentials();
        CHECK(found.error().code == errc::credentials_source_failed);
        CHECK_THAT(failure_of(found), Catch::Contains(folder.file("none") + ") does not exist"));
    }
}

TEST_CASE("container: botocore's host allow-list for http", "[container]") {
    auto refusal = [](const std::string& url) {
        return awsml::detail::container_host_refusal(*awsml::parse_endpoint_url(url));
    };
    for (const char* allowed :
         {"http://127.0.0.1:8080/c", "http://127.9.8.7/c", "http://[::1]:80/c",
          "http://localhost/c", "http://LOCALHOST/c", "http://169.254.170.2/c",
          "http://169.254.170.23/c", "http://[fd00:ec2::23]/c", "https://example.com/c",
          "https://169.254.169.254/c"})
        CHECK_FALSE(refusal(allowed));
    for (const char* refused :
         {"http://169.254.169.254/c", "http://example.com/c", "http://10.0.0.1/c",
          "http://[fd00:ec2::254]/c", "http://localhost.example.com/c", "http://128.0.0.1/c"})
        CHECK(refusal(refused));

    container_fixture f;
    auto found =
        f.provider({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.169.254/creds"}})
            .try_get_credentials();
    CHECK(found.error().code == errc::config_error);
    CHECK(
        failure_of(found) ==
        "container credentials: AWS_CONTAINER_CREDENTIALS_FULL_URI: the host "
        "\"169.254.169.254\" is not allowed over http: only a loopback address or one of "
        "169.254.170.2, 169.254.170.23, fd00:ec2::23, localhost (any host is allowed over https)");
    auto malformed = f.provider({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "localhost:8080/creds"}})
                         .try_get_credentials();
    CHECK(malformed.error().code == errc::config_error);
    CHECK_THAT(failure_of(malformed), Catch::Contains("AWS_CONTAINER_CREDENTIALS_FULL_URI: "));
    auto relative =
        f.provider({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "creds"}}).try_get_credentials();
    CHECK_THAT(failure_of(relative), Catch::Contains("does not start with '/'"));
}

TEST_CASE("container: neither variable set", "[container]") {
    container_fixture f;
    auto found = f.provider({}).try_get_credentials();
    CHECK(found.error().code == errc::no_credentials);
    CHECK(failure_of(found) == "container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and "
                               "AWS_CONTAINER_CREDENTIALS_FULL_URI are not set");
}

TEST_CASE("container: attempts", "[container]") {
    container_fixture f;
    const environment::variable_map variables = {
        {"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds"}};
    SECTION("up to three") {
        f.change([&](container_fixture& c) { c.statuses = {500, 503}; });
        REQUIRE(f.provider(variables).try_get_credentials());
        CHECK(f.server.requests_received() == 3);
    }
    SECTION("then the last failure") {
        f.change([&](container_fixture& c) { c.statuses = {500, 503, 429}; });
        auto found = f.provider(variables).try_get_credentials();
        CHECK(found.error().code == errc::credentials_source_failed);
        CHECK_THAT(failure_of(found),
                   Catch::Contains("GET " + f.server.url() + "/creds answered 429 (3 attempts)"));
        CHECK_THAT(failure_of(found), !Catch::Contains("not now")); // bodies are never quoted
        CHECK(f.server.requests_received() == 3);
    }
    SECTION("a silent endpoint ends the call") {
        awsml_test::test_server silent(
            [](const received_request&) { return raw_response::never_answer(); });
        auto options = f.options();
        options.relative_uri_base = silent.url();
        options.timeout = 200ms;
        options.attempts = 2;
        const auto start = std::chrono::steady_clock::now();
        auto found =
            container_credentials_provider(environment::from_map(variables), std::nullopt, options)
                .try_get_credentials();
        CHECK(std::chrono::steady_clock::now() - start < 30s);
        CHECK_THAT(failure_of(found), Catch::Contains("no answer within 200 ms (2 attempts)"));
    }
}

TEST_CASE("container: answers that are not usable", "[container]") {
    container_fixture f;
    const environment::variable_map variables = {
        {"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds"}};
    SECTION("not JSON") {
        f.change([&](container_fixture& c) { c.body = "not json"; });
        CHECK_THAT(failure_of(f.provider(variables).try_get_credentials()),
                   Catch::Contains("answered 200 with a body that is not JSON (3 attempts)"));
    }
    SECTION("a missing field is named") {
        const std::string field = GENERATE("AccessKeyId", "SecretAccessKey", "Token", "Expiration");
        f.change([&](container_fixture& c) {
            c.body = credentials_json(at("2026-01-10T18:00:00Z"), "ASIACONTAINER", field);
        });
        auto found = f.provider(variables).try_get_credentials();
        CHECK(found.error().code == errc::credentials_source_failed);
        CHECK_THAT(failure_of(found), Catch::Contains("has no \"" + field + "\""));
    }
    SECTION("an AccountId that is not a string; one that is, kept") {
        std::string body = credentials_json(at("2026-01-10T18:00:00Z"), "ASIACONTAINER");
        f.change([&](container_fixture& c) {
            c.body = body.substr(0, body.size() - 1) + R"(,"AccountId":["123456789012"]})";
        });
        CHECK_THAT(failure_of(f.provider(variables).try_get_credentials()),
                   Catch::Contains("\"AccountId\" in the credentials answer is not a string"));
        f.change([&](container_fixture& c) {
            c.body = body.substr(0, body.size() - 1) + R"(,"AccountId":"123456789012"})";
        });
        CHECK(f.provider(variables).get_credentials().account_id == "123456789012");
    }
    SECTION("already expired") {
        f.change([&](container_fixture& c) { c.body = credentials_json(f.clock.get() - 1s); });
        auto found = f.provider(variables).try_get_credentials();
        CHECK(found.error().code == errc::credentials_source_failed);
        CHECK_THAT(failure_of(found), Catch::Contains("have already expired (\"Expiration\" is "
                                                      "2026-01-10T11:59:59"));
    }
}

} // namespace credentials_metadata_test
