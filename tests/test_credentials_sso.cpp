#include <awsml/auth/sso_credentials_provider.hpp>

#include "support/credential_files.hpp"
#include "support/scratch_folder.hpp"
#include "support/test_proxy.hpp"
#include "support/test_server.hpp"

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include <sys/stat.h>

namespace credentials_sso_test {

using awsml::environment;
using awsml::errc;
using awsml_test::at;
using awsml_test::json_text;
using awsml_test::raw_response;
using awsml_test::received_request;

namespace {

// Every secret in these tests carries "MARKER": none may show up in a message.
const std::string access_token = "ACCESS-TOKEN-MARKER-1";
const std::string new_access_token = "ACCESS-TOKEN-MARKER-2";
const std::string refresh_token = "REFRESH-TOKEN-MARKER-1";
const std::string new_refresh_token = "REFRESH-TOKEN-MARKER-2";
const std::string client_secret = "CLIENT-SECRET-MARKER";
const std::string secret_key = "SECRET-KEY-MARKER";
const std::string session_token = "SESSION-TOKEN-MARKER";

bool leaks(const std::string& text) {
    return text.find("MARKER") != std::string::npos;
}

const auto now = at("2030-06-01T12:00:00Z");

// Computed apart from the library: SHA-1("abc") is the FIPS 180 test vector; the start URL's
// with Python's hashlib.sha1.
const std::string session_cache_name = "a9993e364706816aba3e25717850c26c9cd0d89d.json";
const std::string start_url = "https://example.awsapps.com/start";
const std::string start_url_cache_name = "e8be5486177c5b5392bd9aa76563515b29358e6e.json";

const std::string session_profile = "[profile dev]\n"
                                    "sso_session = abc\n"
                                    "sso_account_id = 111122223333\n"
                                    "sso_role_name = Read+Only\n"
                                    "region = eu-west-1\n"
                                    "[sso-session abc]\n"
                                    "sso_start_url = " +
                                    start_url +
                                    "\n"
                                    "sso_region = us-east-1\n"
                                    "sso_registration_scopes = sso:account:access\n";

const std::string legacy_profile = "[profile legacy]\n"
                                   "sso_start_url = " +
                                   start_url +
                                   "\n"
                                   "sso_region = us-east-1\n"
                                   "sso_account_id = 111122223333\n"
                                   "sso_role_name = ReadOnly\n";

std::string token_file(const std::string& token, const std::string& expires_at,
                       const std::string& extra = "") {
    return "{\"startUrl\": \"" + start_url + "\", \"region\": \"us-east-1\", \"accessToken\": \"" +
           token + "\", \"expiresAt\": \"" + expires_at + "\"" + extra + "}";
}

std::string registration(const std::string& registration_expires = "2030-09-01T00:00:00Z") {
    return ", \"refreshToken\": \"" + refresh_token +
           "\", \"clientId\": \"client-id-1\", \"clientSecret\": \"" + client_secret +
           "\", \"registrationExpiresAt\": \"" + registration_expires + "\"";
}

// 2030-06-01T13:00:00Z in epoch milliseconds.
constexpr std::int64_t role_expiration_ms = 1906549200000;

std::string role_credentials_body() {
    return "{\"roleCredentials\": {\"accessKeyId\": \"ASIASSO\", \"secretAccessKey\": \"" +
           secret_key + "\", \"sessionToken\": \"" + session_token +
           "\", \"expiration\": " + std::to_string(role_expiration_ms) + "}}";
}

using responder = std::function<raw_response(const received_request&)>;

// A fake HOME with ~/.aws/config, and the SSO portal and SSO OIDC on 127.0.0.1. The test sets
// the answers (set_portal, set_oidc) between calls; the server's thread reads them under a lock.
struct sso_fixture {
    awsml_test::scratch_folder home;
    mutable std::mutex mutex;
    responder portal = [](const received_request&) {
        return raw_response::ok(role_credentials_body(), {{"Content-Type", "application/json"}});
    };
    responder oidc = [](const received_request&) {
        return raw_response::ok("{\"accessToken\": \"" + new_access_token +
                                    "\", \"expiresIn\": 28800, \"refreshToken\": \"" +
                                    new_refresh_token + "\", \"tokenType\": \"Bearer\"}",
                                {{"Content-Type", "application/json"}});
    };
    awsml_test::test_server server{[this](const received_request& r) {
        std::unique_lock lock(mutex);
        responder respond = r.target.find("/federation/credentials") != std::string::npos ? portal
                            : r.target == "/token"                                        ? oidc
                                                   : responder();
        lock.unlock();
        if (!respond)
            return raw_response::with_status(404, "{\"message\": \"no such path\"}");
        return respond(r);
    }};

    explicit sso_fixture(const std::string& config) { home.put(".aws/config", config); }

    void set_portal(responder respond) {
        std::lock_guard lock(mutex);
        portal = std::move(respond);
    }
    void set_oidc(responder respond) {
        std::lock_guard lock(mutex);
        oidc = std::move(respond);
    }

    std::string cache_path(const std::string& name) const {
        return home.file(".aws/sso/cache/" + name);
    }
    void put_token(const std::string& name, const std::string& content) const {
        home.put(".aws/sso/cache/" + name, content);
    }
    std::string read(const std::string& path) const { return home.content(path); }

    environment env(environment::variable_map extra = {}) const {
        extra.try_emplace("HOME", home.path().string());
        extra.try_emplace("AWS_ENDPOINT_URL_SSO", server.url());
        extra.try_emplace("AWS_ENDPOINT_URL_SSO_OIDC", server.url());
        return environment::from_map(std::move(extra));
    }

    awsml::config_result<awsml::credentials> get(const std::string& profile,
                                                 environment::variable_map extra = {}) const {
        awsml::sso_credentials_options options;
        options.clock = [] { return now; };
        options.timeout = std::chrono::seconds(20);
        return awsml::sso_credentials_provider(env(std::move(extra)), profile, options)
            .try_get_credentials();
    }

    std::vector<received_request> requests_to(std::string_view prefix) const {
        std::vector<received_request> out;
        for (auto& r : server.requests())
            if (r.target.rfind(prefix, 0) == 0)
                out.push_back(r);
        return out;
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

TEST_CASE("sso: an sso-session profile gets the role's credentials with the cached token",
          "[credentials][sso]") {
    sso_fixture sso(session_profile);
    sso.put_token(session_cache_name,
                  token_file(access_token, "2030-06-01T20:00:00Z", registration()));

    auto found = sso.get("dev");
    REQUIRE(found.has_value());
    CHECK(found->access_key_id == "ASIASSO");
    CHECK(found->secret_access_key == secret_key);
    CHECK(found->session_token == session_token);
    CHECK(found->source == "sso:dev");
    CHECK(found->account_id == "111122223333");
    REQUIRE(found->expiration);
    CHECK(*found->expiration == at("2030-06-01T13:00:00Z"));

    auto requests = sso.server.requests();
    REQUIRE(requests.size() == 1); // far from expiry: no refresh
    CHECK(requests[0].method == "GET");
    CHECK(requests[0].target ==
          "/federation/credentials?account_id=111122223333&role_name=Read%2BOnly");
    CHECK(requests[0].header("x-amz-sso_bearer_token") == access_token);
    CHECK_FALSE(requests[0].header("Authorization")); // unsigned
}

TEST_CASE("sso: a legacy profile's token is cached under the start URL's SHA-1",
          "[credentials][sso]") {
    sso_fixture sso(legacy_profile);
    SECTION("a valid token") {
        sso.put_token(start_url_cache_name, token_file(access_token, "2030-06-01T12:30:00Z"));
        auto found = sso.get("legacy");
        REQUIRE(found.has_value());
        CHECK(found->access_key_id == "ASIASSO");
        auto requests = sso.server.requests();
        REQUIRE(requests.size() == 1);
        CHECK(requests[0].target ==
              "/federation/credentials?account_id=111122223333&role_name=ReadOnly");
        CHECK(requests[0].header("x-amz-sso_bearer_token") == access_token);
    }
    SECTION("the older CLIs' \"UTC\" suffix is read") {
        sso.put_token(start_url_cache_name, token_file(access_token, "2030-06-01T12:30:00UTC"));
        CHECK(sso.get("legacy").has_value());
    }
    SECTION("an expired token is never refreshed: run aws sso login --profile") {
        sso.put_token(start_url_cache_name,
                      token_file(access_token, "2030-06-01T11:59:59Z", registration()));
        auto message = failure(sso.get("legacy"), errc::credentials_source_failed);
        CHECK_THAT(message, Catch::StartsWith("sso: profile \"legacy\": ") &&
                                Catch::Contains("expired at 2030-06-01T11:59:59Z") &&
                                Catch::Contains("aws sso login --profile legacy"));
        CHECK(sso.server.requests_received() == 0);
    }
    SECTION("near expiry, a legacy token is used as it is: only sso-session tokens refresh") {
        sso.put_token(start_url_cache_name,
                      token_file(access_token, "2030-06-01T12:05:00Z", registration()));
        REQUIRE(sso.get("legacy").has_value());
        CHECK(sso.requests_to("/token").empty());
        CHECK(sso.requests_to("/federation/credentials").at(0).header("x-amz-sso_bearer_token") ==
              access_token);
    }
    SECTION("the session's name is not used for a legacy profile") {
        sso.put_token(session_cache_name, token_file(access_token, "2030-06-01T20:00:00Z"));
        auto message = failure(sso.get("legacy"), errc::credentials_source_failed);
        CHECK_THAT(message, Catch::Contains(sso.cache_path(start_url_cache_name)) &&
                                Catch::Contains("does not exist"));
    }
}

TEST_CASE("sso: a token near expiry is refreshed and the cache rewritten", "[credentials][sso]") {
    sso_fixture sso(session_profile);
    // 14 minutes left: inside botocore's 15-minute window.
    sso.put_token(session_cache_name,
                  token_file(access_token, "2030-06-01T12:14:00Z", registration()));

    auto found = sso.get("dev");
    REQUIRE(found.has_value());
    CHECK(found->access_key_id == "ASIASSO");

    auto token_requests = sso.requests_to("/token");
    REQUIRE(token_requests.size() == 1);
    CHECK(token_requests[0].method == "POST");
    CHECK(token_requests[0].header("Content-Type") == "application/json");
    auto sent = boost::json::parse(token_requests[0].body).as_object();
    CHECK(json_text(sent, "grantType") == "refresh_token");
    CHECK(json_text(sent, "clientId") == "client-id-1");
    CHECK(json_text(sent, "clientSecret") == client_secret);
    CHECK(json_text(sent, "refreshToken") == refresh_token);

    auto portal_requests = sso.requests_to("/federation/credentials");
    REQUIRE(portal_requests.size() == 1);
    CHECK(portal_requests[0].header("x-amz-sso_bearer_token") == new_access_token);

    const std::string path = sso.cache_path(session_cache_name);
    auto cached = boost::json::parse(sso.read(path)).as_object();
    CHECK(json_text(cached, "accessToken") == new_access_token);
    CHECK(json_text(cached, "expiresAt") == "2030-06-01T20:00:00Z"); // now + 28800 s
    CHECK(json_text(cached, "refreshToken") == new_refresh_token);
    CHECK(json_text(cached, "clientId") == "client-id-1");
    CHECK(json_text(cached, "clientSecret") == client_secret);
    CHECK(json_text(cached, "registrationExpiresAt") == "2030-09-01T00:00:00Z");
    CHECK(json_text(cached, "startUrl") == start_url);
    CHECK(json_text(cached, "region") == "us-east-1");

    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry :
         std::filesystem::directory_iterator(sso.home.path() / ".aws/sso/cache"))
        ++files;
    CHECK(files == 1); // no temporary file left behind

    // The next run uses the refreshed token as it is: no second refresh.
    REQUIRE(sso.get("dev").has_value());
    CHECK(sso.requests_to("/token").size() == 1);
    CHECK(sso.requests_to("/federation/credentials").back().header("x-amz-sso_bearer_token") ==
          new_access_token);
}

TEST_CASE("sso: a token that cannot be refreshed", "[credentials][sso]") {
    sso_fixture sso(session_profile);
    const std::string path = sso.cache_path(session_cache_name);

    SECTION("expired, without a refresh token: run aws sso login --sso-session") {
        sso.put_token(session_cache_name, token_file(access_token, "2030-06-01T11:00:00Z"));
        auto message = failure(sso.get("dev"), errc::credentials_source_failed);
        CHECK_THAT(message, Catch::StartsWith("sso: profile \"dev\": ") && Catch::Contains(path) &&
                                Catch::Contains("expired at") && Catch::Contains("refreshToken") &&
                                Catch::Contains("aws sso login --sso-session abc"));
        CHECK(sso.server.requests_received() == 0);
    }
    SECTION("expired, and the client registration expired too") {
        sso.put_token(session_cache_name, token_file(access_token, "2030-06-01T11:00:00Z",
                                                     registration("2030-05-01T00:00:00Z")));
        auto message = failure(sso.get("dev"), errc::credentials_source_failed);
        CHECK_THAT(message, Catch::Contains("registration expired") &&
                                Catch::Contains("aws sso login --sso-session abc"));
        CHECK(sso.server.requests_received() == 0);
    }
    SECTION("expired, and SSO OIDC refuses the refresh token") {
        sso.set_oidc([](const received_request&) {
            return raw_response::with_status(
                400, "{\"error\": \"invalid_grant\", \"error_description\": \"Invalid grant\"}");
        });
        sso.put_token(session_cache_name,
                      token_file(access_token, "2030-06-01T11:00:00Z", registration()));
        const std::string before = sso.read(path);
        auto message = failure(sso.get("dev"), errc::credentials_source_failed);
        CHECK_THAT(message, Catch::Contains("CreateToken") && Catch::Contains("HTTP 400") &&
                                Catch::Contains("invalid_grant") &&
                                Catch::Contains("aws sso login --sso-session abc"));
        CHECK(sso.requests_to("/federation/credentials").empty());
        CHECK(sso.read(path) == before); // the cache is left as it was
    }
    SECTION("still valid: a failed refresh keeps the token") {
        sso.set_oidc([](const received_request&) { return raw_response::with_status(500); });
        sso.put_token(session_cache_name,
                      token_file(access_token, "2030-06-01T12:05:00Z", registration()));
        auto found = sso.get("dev");
        REQUIRE(found.has_value());
        CHECK(sso.requests_to("/token").size() == 1);
        CHECK(sso.requests_to("/federation/credentials").at(0).header("x-amz-sso_bearer_token") ==
              access_token);
    }
}

TEST_CASE("sso: a missing or malformed token cache", "[credentials][sso]") {
    sso_fixture sso(session_profile);
    const std::string path = sso.cache_path(session_cache_name);
    auto message_for = [&](const std::string& content) {
        sso.put_token(session_cache_name, content);
        return failure(sso.get("dev"), errc::credentials_source_failed);
    };
    SECTION("missing") {
        auto message = failure(sso.get("dev"), errc::credentials_source_failed);
        CHECK_THAT(message, Catch::Contains("no cached SSO token for sso-session \"abc\"") &&
                                Catch::Contains(path) &&
                                Catch::Contains("aws sso login --sso-session abc"));
    }
    SECTION("not JSON") {
        CHECK_THAT(message_for("{\"accessToken\": \"" + access_token),
                   Catch::Contains(path) && Catch::Contains("is not valid JSON ("));
    }
    SECTION("not an object") {
        CHECK_THAT(message_for("[1, 2]"), Catch::Contains("is not a JSON object"));
    }
    SECTION("no accessToken") {
        CHECK_THAT(message_for("{\"expiresAt\": \"2030-06-01T20:00:00Z\"}"),
                   Catch::Contains("has no accessToken string"));
    }
    SECTION("no expiresAt") {
        CHECK_THAT(message_for("{\"accessToken\": \"" + access_token + "\"}"),
                   Catch::Contains("has no expiresAt string"));
    }
    SECTION("expiresAt is not a timestamp") {
        CHECK_THAT(message_for(token_file(access_token, "tomorrow")),
                   Catch::Contains("expiresAt") && Catch::Contains("\"tomorrow\""));
    }
    SECTION("no HOME") {
        awsml::sso_credentials_options options;
        environment env = environment::from_map({{"AWS_CONFIG_FILE", sso.home.file(".aws/config")},
                                                 {"AWS_ENDPOINT_URL_SSO", sso.server.url()}});
        auto message =
            failure(awsml::sso_credentials_provider(env, "dev", options).try_get_credentials(),
                    errc::credentials_source_failed);
        CHECK_THAT(message, Catch::Contains("HOME is not set"));
    }
    CHECK(sso.server.requests_received() == 0);
}

TEST_CASE("sso: the portal's refusals and malformed answers", "[credentials][sso]") {
    sso_fixture sso(session_profile);
    sso.put_token(session_cache_name, token_file(access_token, "2030-06-01T20:00:00Z"));
    auto answer = [&](int status, const std::string& body, awsml::http_headers headers = {}) {
        sso.set_portal([=](const received_request&) {
            return raw_response::with_status(status, body, headers);
        });
        return failure(sso.get("dev"), errc::credentials_source_failed);
    };
    SECTION("401: the session is no longer valid") {
        auto message = answer(401, "{\"message\": \"Session token not found or invalid\"}",
                              {{"x-amzn-ErrorType", "UnauthorizedException:http://x"}});
        CHECK_THAT(message,
                   Catch::StartsWith("sso: profile \"dev\": GetRoleCredentials") &&
                       Catch::Contains("\"Read+Only\"") && Catch::Contains("\"111122223333\"") &&
                       Catch::Contains("HTTP 401, UnauthorizedException: \"Session token") &&
                       Catch::Contains("aws sso login --sso-session abc"));
    }
    SECTION("403: no access to the role") {
        auto message =
            answer(403, "{\"__type\": \"ForbiddenException\", \"message\": \"No access\"}");
        CHECK_THAT(message, Catch::Contains("HTTP 403, ForbiddenException: \"No access\"") &&
                                Catch::Contains("may not use this role"));
    }
    SECTION("500") {
        CHECK_THAT(answer(500, "oops"), Catch::Contains("returned HTTP 500"));
    }
    SECTION("a body that is not JSON") {
        CHECK_THAT(answer(200, "<html>"), Catch::Contains("without a roleCredentials object"));
    }
    SECTION("a missing field is named") {
        CHECK_THAT(answer(200, "{\"roleCredentials\": {\"accessKeyId\": \"ASIA\", "
                               "\"sessionToken\": \"t\", \"expiration\": 1}}"),
                   Catch::Contains("secretAccessKey"));
        CHECK_THAT(answer(200, "{\"roleCredentials\": {\"accessKeyId\": \"ASIA\", "
                               "\"secretAccessKey\": \"" +
                                   secret_key + "\", \"sessionToken\": \"t\"}}"),
                   Catch::Contains("expiration number"));
        CHECK_THAT(answer(200, "{\"roleCredentials\": {\"accessKeyId\": \"ASIA\", "
                               "\"secretAccessKey\": \"" +
                                   secret_key +
                                   "\", \"sessionToken\": \"t\", \"expiration\": "
                                   "\"soon\"}}"),
                   Catch::Contains("expiration number"));
    }
    SECTION("the portal does not answer") {
        sso.set_portal(
            [](const received_request&) { return raw_response::close_without_answer(); });
        auto message = failure(sso.get("dev"), errc::credentials_source_failed);
        CHECK_THAT(message, Catch::StartsWith("sso: profile \"dev\": GET " + sso.server.url() +
                                              "/federation/credentials"));
    }
}

TEST_CASE("sso: settings are validated as botocore does", "[credentials][sso]") {
    auto outcome = [](const std::string& config, const std::string& profile) {
        sso_fixture sso(config);
        sso.put_token(session_cache_name, token_file(access_token, "2030-06-01T20:00:00Z"));
        return sso.get(profile);
    };
    SECTION("a profile without sso_account_id and sso_role_name is not an SSO profile") {
        auto message = failure(
            outcome("[profile p]\nsso_start_url = " + start_url + "\nsso_region = us-east-1\n",
                    "p"),
            errc::no_credentials);
        CHECK_THAT(message, Catch::Contains("sso_account_id") && Catch::Contains("sso_role_name"));
    }
    SECTION("missing keys are named") {
        auto message =
            failure(outcome("[profile p]\nsso_account_id = 1\n", "p"), errc::config_error);
        CHECK_THAT(message, Catch::Contains("profile \"p\" is configured to use SSO but is missing "
                                            "required configuration: sso_role_name, "
                                            "sso_start_url, sso_region"));
        auto in_session = failure(outcome("[profile p]\nsso_session = s\nsso_role_name = r\n"
                                          "sso_account_id = 1\n[sso-session s]\n"
                                          "sso_start_url = u\n",
                                          "p"),
                                  errc::config_error);
        CHECK_THAT(in_session, Catch::EndsWith("configuration: sso_region"));
    }
    SECTION("a session that does not exist") {
        auto message = failure(outcome("[profile p]\nsso_session = ghost\nsso_role_name = r\n"
                                       "sso_account_id = 1\n",
                                       "p"),
                               errc::config_error);
        CHECK_THAT(message, Catch::Contains("config:2: ") &&
                                Catch::Contains("[sso-session ghost], which does not exist"));
    }
    SECTION("the profile and the session disagree") {
        auto message = failure(outcome(session_profile + "[profile p]\nsso_session = abc\n"
                                                         "sso_role_name = r\nsso_account_id = 1\n"
                                                         "sso_region = eu-west-1\n",
                                       "p"),
                               errc::config_error);
        CHECK_THAT(message, Catch::Contains("sso_region is inconsistent") &&
                                Catch::Contains("\"eu-west-1\"") &&
                                Catch::Contains("\"us-east-1\""));
    }
    SECTION("the profile may repeat the session's values") {
        CHECK(outcome(session_profile + "[profile p]\nsso_session = abc\nsso_role_name = r\n"
                                        "sso_account_id = 1\nsso_region = us-east-1\n",
                      "p")
                  .has_value());
    }
}

TEST_CASE("sso: endpoints", "[credentials][sso]") {
    sso_fixture sso(legacy_profile);
    sso.put_token(start_url_cache_name, token_file(access_token, "2030-06-01T20:00:00Z"));

    SECTION("AWS_ENDPOINT_URL serves when the service's own variable is unset") {
        awsml::sso_credentials_options options;
        options.clock = [] { return now; };
        environment env = environment::from_map(
            {{"HOME", sso.home.path().string()}, {"AWS_ENDPOINT_URL", sso.server.url()}});
        CHECK(awsml::sso_credentials_provider(env, "legacy", options)
                  .try_get_credentials()
                  .has_value());
        CHECK(sso.server.requests_received() == 1);
    }
    SECTION("a path in the endpoint URL is kept") {
        sso.set_portal([](const received_request& r) {
            return r.target.rfind("/base/federation/credentials?", 0) == 0
                       ? raw_response::ok(role_credentials_body())
                       : raw_response::with_status(404);
        });
        auto found = sso.get("legacy", {{"AWS_ENDPOINT_URL_SSO", sso.server.url() + "/base/"}});
        INFO((found ? std::string() : found.error().message));
        CHECK(found.has_value());
    }
    SECTION("without an override: the regional portal, through the environment's proxy") {
        // The proxy refuses without dialing anything: no request leaves the machine.
        awsml_test::test_proxy proxy;
        proxy.refuse_with(403, "Forbidden");
        awsml::sso_credentials_options options;
        options.clock = [] { return now; };
        environment env = environment::from_map(
            {{"HOME", sso.home.path().string()}, {"HTTPS_PROXY", proxy.url()}});
        auto message =
            failure(awsml::sso_credentials_provider(env, "legacy", options).try_get_credentials(),
                    errc::credentials_source_failed);
        CHECK_THAT(message, Catch::Contains("https://portal.sso.us-east-1.amazonaws.com"));
        REQUIRE(proxy.requests().size() == 1);
        CHECK(proxy.requests()[0].method == "CONNECT");
        CHECK(proxy.requests()[0].target == "portal.sso.us-east-1.amazonaws.com:443");
    }
    SECTION("without an override: the regional SSO OIDC, through the environment's proxy") {
        sso_fixture session(session_profile);
        session.put_token(session_cache_name,
                          token_file(access_token, "2030-06-01T11:00:00Z", registration()));
        awsml_test::test_proxy proxy;
        proxy.refuse_with(403, "Forbidden");
        awsml::sso_credentials_options options;
        options.clock = [] { return now; };
        environment env = environment::from_map(
            {{"HOME", session.home.path().string()}, {"HTTPS_PROXY", proxy.url()}});
        auto message =
            failure(awsml::sso_credentials_provider(env, "dev", options).try_get_credentials(),
                    errc::credentials_source_failed);
        CHECK_THAT(message, Catch::Contains("POST https://oidc.us-east-1.amazonaws.com/token") &&
                                Catch::Contains("aws sso login --sso-session abc"));
        REQUIRE(proxy.requests().size() == 1);
        CHECK(proxy.requests()[0].target == "oidc.us-east-1.amazonaws.com:443");
    }
    SECTION("an invalid region is refused before it reaches a host name") {
        sso_fixture bad("[profile p]\nsso_start_url = u\nsso_region = us-east-1.evil.com/x\n"
                        "sso_account_id = 1\nsso_role_name = r\n");
        awsml::sso_credentials_options options;
        options.clock = [] { return now; };
        bad.home.put(".aws/sso/cache/" + awsml::detail::sha1_hex("u") + ".json",
                     token_file(access_token, "2030-06-01T20:00:00Z"));
        environment env = environment::from_map({{"HOME", bad.home.path().string()}});
        auto message =
            failure(awsml::sso_credentials_provider(env, "p", options).try_get_credentials(),
                    errc::credentials_source_failed);
        CHECK_THAT(message, Catch::Contains("invalid region"));
    }
}

TEST_CASE("sso: in a chain, the credentials are cached until near their expiration",
          "[credentials][sso]") {
    sso_fixture sso(session_profile);
    sso.put_token(session_cache_name, token_file(access_token, "2030-06-01T20:00:00Z"));
    auto clock_now = std::make_shared<std::atomic<std::int64_t>>(0);
    auto clock = [clock_now] { return now + std::chrono::seconds(clock_now->load()); };
    awsml::sso_credentials_options options;
    options.clock = clock;
    std::vector<awsml::any_credentials_provider> providers;
    providers.emplace_back(awsml::sso_credentials_provider(sso.env(), "dev", options));
    awsml::credentials_chain_options chain_options;
    chain_options.clock = clock;
    awsml::credentials_chain chain(std::move(providers), chain_options);

    CHECK(chain.get_credentials().access_key_id == "ASIASSO");
    CHECK(chain.get_credentials().access_key_id == "ASIASSO");
    CHECK(sso.server.requests_received() == 1);
    // 2030-06-01T13:00:00Z expiry: at 12:50 the chain is in its 10-minute window and asks again.
    clock_now->store(50 * 60);
    CHECK(chain.get_credentials().access_key_id == "ASIASSO");
    CHECK(sso.server.requests_received() == 2);
}

TEST_CASE("sso: SHA-1 of the cache file name", "[credentials][sso]") {
    CHECK(awsml::detail::sha1_hex("abc") + ".json" == session_cache_name);
    CHECK(awsml::detail::sha1_hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    CHECK(awsml::detail::sha1_hex(start_url) + ".json" == start_url_cache_name);
}

} // namespace credentials_sso_test
