#include <awsml/auth/assume_role_credentials_provider.hpp>
#include <awsml/auth/web_identity_credentials_provider.hpp>

#include <awsml/auth/default_credentials_chain.hpp>
#include <awsml/machinelearning/service.hpp>
#include <awsml/model/timestamp.hpp>
#include <awsml/runtime/detail/client_settings.hpp>

#include "support/scratch_folder.hpp"
#include "support/test_server.hpp"
#include "support/test_tls.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace credentials_sts_test {

using awsml::credentials;
using awsml::environment;
using awsml::errc;
using awsml_test::raw_response;
using awsml_test::received_request;
using namespace std::chrono_literals;

namespace {

// Markers that must never appear in a message: the source secret key, STS's secret keys and
// session tokens, and the web identity token.
bool leaks(const std::string& text) {
    for (const char* marker : {"SOURCE-SECRET", "STS-SECRET", "STS-TOKEN", "WEB-IDENTITY-JWT"})
        if (text.find(marker) != std::string::npos)
            return true;
    return false;
}

using form_fields = std::map<std::string, std::string>;

form_fields parse_form(const std::string& body) {
    form_fields fields;
    std::string_view rest = body;
    while (!rest.empty()) {
        auto amp = rest.find('&');
        std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        auto eq = pair.find('=');
        fields[awsml::detail::sigv4::percent_decoded(pair.substr(0, eq))] =
            eq == std::string_view::npos
                ? ""
                : awsml::detail::sigv4::percent_decoded(pair.substr(eq + 1));
    }
    return fields;
}

// STS's answer; the assumed role's ARN is `role_user_arn`.
std::string
credentials_xml(const std::string& operation, const std::string& key_id, const std::string& n,
                const std::string& expiration,
                const std::string& role_user_arn = "arn:aws:sts::123456789012:assumed-role/r/s") {
    return "<" + operation + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" +
           operation + "Result><AssumedRoleUser><Arn>" + role_user_arn +
           "</Arn></AssumedRoleUser><Credentials><AccessKeyId>" + key_id +
           "</AccessKeyId><SecretAccessKey>STS-SECRET-" + n + "</SecretAccessKey><SessionToken>" +
           "STS-TOKEN-" + n + "</SessionToken><Expiration>" + expiration +
           "</Expiration></Credentials></" + operation + "Result><ResponseMetadata><RequestId>r" +
           "</RequestId></ResponseMetadata></" + operation + "Response>";
}

raw_response sts_error(int status, const std::string& code, const std::string& message) {
    return raw_response::with_status(
        status,
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
        "<Type>Sender</Type><Code>" +
            code + "</Code><Message>" + message +
            "</Message></Error><RequestId>r</RequestId></ErrorResponse>",
        {{"Content-Type", "text/xml"}});
}

// Plays STS: each answer's key id is "ASIA-<n>-<last part of the role ARN>", n counting calls.
class fake_sts {
public:
    fake_sts()
        : server_([this](const received_request& r) { return answer(r); }) {}

    std::string url() const { return server_.url(); }
    std::vector<received_request> requests() const { return server_.requests(); }
    std::vector<form_fields> forms() const {
        std::vector<form_fields> out;
        for (const auto& r : server_.requests())
            out.push_back(parse_form(r.body));
        return out;
    }
    void set_handler(awsml_test::test_server::handler h) { server_.set_handler(std::move(h)); }

private:
    raw_response answer(const received_request& r) {
        form_fields form = parse_form(r.body);
        std::string n = std::to_string(++calls_);
        std::string role = form["RoleArn"].substr(form["RoleArn"].rfind('/') + 1);
        // As STS does: the assumed role's ARN is in the role's account.
        std::string account = form["RoleArn"];
        for (int field = 0; field < 4; ++field)
            account.erase(0, account.find(':') + 1);
        account.erase(account.find(':'));
        return raw_response::ok(
            credentials_xml(form["Action"], "ASIA-" + n + "-" + role, n, "2030-01-02T03:04:05Z",
                            "arn:aws:sts::" + account + ":assumed-role/" + role + "/s"),
            {{"Content-Type", "text/xml"}});
    }

    std::atomic<int> calls_{0};
    awsml_test::test_server server_;
};

struct setup {
    awsml_test::scratch_folder folder;
    fake_sts sts;

    environment env(const std::string& config, const std::string& creds = "",
                    environment::variable_map variables = {}) const {
        folder.put("config", config);
        folder.put("credentials", creds);
        variables.try_emplace("AWS_CONFIG_FILE", folder.file("config"));
        variables.try_emplace("AWS_SHARED_CREDENTIALS_FILE", folder.file("credentials"));
        variables.try_emplace("AWS_ENDPOINT_URL_STS", sts.url());
        variables.try_emplace("AWS_REGION", "us-west-2");
        return environment::from_map(std::move(variables));
    }
};

awsml::assume_role_options quick() {
    awsml::assume_role_options options;
    options.sts.timeout = 10s;
    options.sts.retry_base_delay = 1ms;
    return options;
}

std::string authorization(const received_request& r) {
    return std::string(r.header("Authorization").value_or(""));
}

const std::string base_keys = "[base]\naws_access_key_id = AKIDBASE\n"
                              "aws_secret_access_key = SOURCE-SECRET-base\n";

} // namespace

TEST_CASE("STS form encoding", "[sts]") {
    awsml::detail::assume_role_parameters p;
    p.role_arn = "arn:aws:iam::123456789012:role/a b+c";
    p.role_session_name = "s=1&x";
    p.external_id = "ext~-_.";
    auto body = awsml::detail::assume_role_form(p).body();
    CHECK(body == "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%"
                  "3Arole%2Fa%20b%2Bc&RoleSessionName=s%3D1%26x&ExternalId=ext~-_.");
}

TEST_CASE("STS XML: credentials, errors and malformed documents", "[sts]") {
    using awsml::detail::parse_sts_credentials;
    const std::string label = "test";
    auto good = parse_sts_credentials(
        credentials_xml("AssumeRole", "ASIA1", "1", "2030-01-02T03:04:05Z"), "AssumeRole", label);
    REQUIRE(good);
    CHECK(good->access_key_id == "ASIA1");
    CHECK(good->secret_access_key == "STS-SECRET-1");
    CHECK(good->session_token == "STS-TOKEN-1");
    REQUIRE(good->expiration);
    CHECK(*good->expiration ==
          std::chrono::sys_days{std::chrono::year{2030} / 1 / 2} + 3h + 4min + 5s);
    CHECK(good->account_id == "123456789012");
    // The account is the ARN's fifth field, as botocore's ArnParser reads it; text that is no
    // ARN gives none, and is no error.
    auto account_of = [&](const std::string& arn) {
        auto found = parse_sts_credentials(
            credentials_xml("AssumeRole", "A", "1", "2030-01-02T03:04:05Z", arn), "AssumeRole",
            label);
        REQUIRE(found);
        return found->account_id;
    };
    CHECK(account_of("arn:aws-cn:sts::210987654321:assumed-role/r/a:b:c") == "210987654321");
    CHECK(account_of("arn:aws:sts::210987654321:") == "210987654321");
    CHECK(account_of("arn:aws:sts::210987654321").empty());
    CHECK(account_of("urn:aws:sts::210987654321:assumed-role/r/s").empty());
    CHECK(account_of("").empty());

    auto message_of = [&](const std::string& xml) {
        auto r = parse_sts_credentials(xml, "AssumeRole", label);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::credentials_source_failed);
        CHECK_FALSE(leaks(r.error().message));
        return r.error().message;
    };
    CHECK_THAT(message_of("<AssumeRoleResponse><AssumeRoleResult><Credentials>"),
               Catch::Contains("not well-formed XML"));
    std::string without_token = credentials_xml("AssumeRole", "A", "1", "2030-01-02T03:04:05Z");
    without_token.replace(without_token.find("<SessionToken>"),
                          without_token.find("<Expiration>") - without_token.find("<SessionToken>"),
                          "");
    CHECK_THAT(message_of(without_token), Catch::Contains("no <SessionToken>"));
    CHECK_THAT(message_of(credentials_xml("AssumeRole", "A", "1", "next tuesday")),
               Catch::Contains("<Expiration>") && Catch::Contains("next tuesday"));
    CHECK_THAT(
        message_of(credentials_xml("AssumeRoleWithWebIdentity", "A", "1", "2030-01-02T03:04:05Z")),
        Catch::Contains("<AssumeRoleWithWebIdentityResponse>"));
    CHECK_THAT(message_of("<!DOCTYPE x [<!ENTITY a \"aaaa\">]><AssumeRoleResponse>&a;"
                          "</AssumeRoleResponse>"),
               Catch::Contains("DOCTYPE"));

    auto error = awsml::detail::parse_sts_error(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Code>"
        "AccessDenied</Code><Message>not allowed</Message></Error></ErrorResponse>");
    REQUIRE(error);
    CHECK(error->code == "AccessDenied");
    CHECK(error->message == "not allowed");
    CHECK_FALSE(awsml::detail::parse_sts_error("<html>bad gateway</html>"));
}

TEST_CASE("STS endpoint as botocore finds it", "[sts]") {
    using awsml::detail::resolve_sts_endpoint;
    awsml_test::scratch_folder folder;
    folder.put("config", "[default]\nregion = eu-west-1\nservices = local\n"
                         "[profile legacy]\nsts_regional_endpoints = legacy\nregion = us-east-1\n"
                         "[profile bad]\nsts_regional_endpoints = sometimes\nregion = eu-west-3\n"
                         "[services local]\nsts =\n  endpoint_url = http://127.0.0.1:1/sts\n");
    auto env = [&](environment::variable_map v) {
        v.try_emplace("AWS_CONFIG_FILE", folder.file("config"));
        v.try_emplace("AWS_SHARED_CREDENTIALS_FILE", folder.file("none"));
        return environment::from_map(std::move(v));
    };
    awsml::sts_options options;

    auto none = resolve_sts_endpoint(env({{"AWS_CONFIG_FILE", folder.file("none")}}), std::nullopt,
                                     options);
    REQUIRE(none.has_value());
    CHECK(none->url.url == "https://sts.amazonaws.com");
    CHECK(none->signing_region == "us-east-1");

    auto regional = resolve_sts_endpoint(env({}), std::string("legacy"), [] {
        awsml::sts_options o;
        o.region = "eu-south-1";
        return o;
    }());
    REQUIRE(regional.has_value());
    CHECK(regional->url.url == "https://sts.eu-south-1.amazonaws.com");
    CHECK(regional->signing_region == "eu-south-1");

    auto legacy = resolve_sts_endpoint(env({}), std::string("legacy"), options);
    REQUIRE(legacy.has_value());
    CHECK(legacy->url.url == "https://sts.amazonaws.com");

    auto fips =
        resolve_sts_endpoint(env({{"AWS_USE_FIPS_ENDPOINT", "true"}, {"AWS_REGION", "us-east-2"}}),
                             std::string("legacy"), options);
    REQUIRE(fips.has_value());
    CHECK(fips->url.url == "https://sts-fips.us-east-2.amazonaws.com");

    auto bad = resolve_sts_endpoint(env({}), std::string("bad"), options);
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().code == errc::config_error);
    CHECK_THAT(bad.error().message,
               Catch::Contains("sts_regional_endpoints") && Catch::Contains("sometimes"));

    auto services = resolve_sts_endpoint(env({}), std::nullopt, options);
    REQUIRE(services.has_value());
    CHECK(services->url.url == "http://127.0.0.1:1/sts");
    CHECK(services->signing_region == "eu-west-1");

    auto general = resolve_sts_endpoint(env({{"AWS_ENDPOINT_URL", "http://127.0.0.1:2"}}),
                                        std::nullopt, options);
    REQUIRE(general.has_value());
    CHECK(general->url.port == 2);
    auto specific = resolve_sts_endpoint(env({{"AWS_ENDPOINT_URL", "http://127.0.0.1:2"},
                                              {"AWS_ENDPOINT_URL_STS", "http://127.0.0.1:3"}}),
                                         std::nullopt, options);
    REQUIRE(specific.has_value());
    CHECK(specific->url.port == 3);

    // FIPS (or a FIPS pseudo-region) with an endpoint URL: the URL as it is, as botocore.
    auto fips_local = resolve_sts_endpoint(env({{"AWS_USE_FIPS_ENDPOINT", "true"},
                                                {"AWS_USE_DUALSTACK_ENDPOINT", "true"},
                                                {"AWS_ENDPOINT_URL_STS", "http://127.0.0.1:3"}}),
                                           std::nullopt, options);
    REQUIRE(fips_local.has_value());
    CHECK(fips_local->url.url == "http://127.0.0.1:3");
    auto pseudo = resolve_sts_endpoint(env({{"AWS_REGION", "fips-us-east-2"}}),
                                       std::string("legacy"), options);
    REQUIRE(pseudo.has_value());
    CHECK(pseudo->url.url == "https://sts-fips.us-east-2.amazonaws.com");
    CHECK(pseudo->signing_region == "us-east-2");
}

TEST_CASE("assume role: source_profile with static keys", "[assume_role]") {
    setup s;
    auto env = s.env("[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\n"
                     "source_profile = base\nexternal_id = ext-1\nrole_session_name = my session\n"
                     "duration_seconds = 1800\n",
                     base_keys);
    awsml::assume_role_credentials_provider provider(env, std::string("dev"), quick());
    auto found = provider.try_get_credentials();
    REQUIRE(found);
    CHECK(found->access_key_id == "ASIA-1-dev");
    CHECK(found->secret_access_key == "STS-SECRET-1");
    CHECK(found->session_token == "STS-TOKEN-1");
    CHECK(found->source == "assume_role:dev");
    CHECK(found->account_id == "123456789012");
    REQUIRE(found->expiration);

    auto requests = s.sts.requests();
    REQUIRE(requests.size() == 1);
    const auto& request = requests[0];
    CHECK(request.method == "POST");
    CHECK(request.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8");
    auto form = parse_form(request.body);
    CHECK(form == form_fields{{"Action", "AssumeRole"},
                              {"Version", "2011-06-15"},
                              {"RoleArn", "arn:aws:iam::123456789012:role/dev"},
                              {"RoleSessionName", "my session"},
                              {"ExternalId", "ext-1"},
                              {"DurationSeconds", "1800"}});
    CHECK_THAT(authorization(request), Catch::StartsWith("AWS4-HMAC-SHA256 Credential=AKIDBASE/") &&
                                           Catch::Contains("/us-west-2/sts/aws4_request"));
    CHECK_FALSE(request.header("X-Amz-Security-Token"));
    for (const auto& h : request.headers)
        CHECK_FALSE(leaks(h.value));
    CHECK_FALSE(leaks(request.body));
}

TEST_CASE("assume role: a client's STS over TLS trusts the profile's ca_bundle",
          "[assume_role][tls]") {
    const auto& certs = awsml_test::test_tls_certificates();
    awsml_test::test_server sts(
        [](const received_request& r) {
            form_fields form = parse_form(r.body);
            return raw_response::ok(credentials_xml(form["Action"], "ASIATLS", "1",
                                                    "2030-01-02T03:04:05Z",
                                                    "arn:aws:sts::1:assumed-role/r/s"),
                                    {{"Content-Type", "text/xml"}});
        },
        {certs.server_cert, certs.server_key});
    awsml_test::scratch_folder folder;
    folder.put("credentials", base_keys);
    // The credentials of a client whose profile assumes a role, through STS at the test server.
    const auto credentials_of = [&](const std::string& profile_lines,
                                    environment::variable_map variables) {
        folder.put("config", "[profile dev]\nrole_arn = arn:aws:iam::1:role/r\n"
                             "source_profile = base\n" +
                                 profile_lines);
        variables.try_emplace("AWS_CONFIG_FILE", folder.file("config"));
        variables.try_emplace("AWS_SHARED_CREDENTIALS_FILE", folder.file("credentials"));
        variables.try_emplace("AWS_ENDPOINT_URL_STS", sts.url());
        awsml::client_config config;
        config.region = "us-west-2";
        config.profile = "dev";
        config.environment = environment::from_map(std::move(variables));
        config.credential_sources.sts.retry_base_delay = 1ms;
        return awsml::detail::resolve_client_settings(awsml::machinelearning::service::identity,
                                                      config)
            .credentials.try_get_credentials();
    };
    const std::string trusted = "ca_bundle = " + certs.ca_cert.string() + "\n";

    const auto found = credentials_of(trusted, {});
    REQUIRE(found);
    CHECK(found->access_key_id == "ASIATLS");
    CHECK(sts.requests_received() == 1);

    // Without it, the system's store does not know the test CA.
    const auto untrusted = credentials_of("", {});
    REQUIRE_FALSE(untrusted);
    CHECK(untrusted.error().code == errc::credentials_source_failed);
    CHECK_THAT(untrusted.error().message, Catch::Contains("certificate"));
    // AWS_CA_BUNDLE comes before the profile's, as for the client's own calls.
    const auto overridden =
        credentials_of(trusted, {{"AWS_CA_BUNDLE", certs.self_signed_cert.string()}});
    REQUIRE_FALSE(overridden);
    CHECK_THAT(overridden.error().message, Catch::Contains("certificate"));
    CHECK(sts.requests_received() == 1);
}

TEST_CASE("assume role: a source profile's credential_process runs again only near its expiry",
          "[assume_role][process]") {
    setup s;
    // A source whose credentials expire at `expiration`, counting its runs in the file `runs`.
    const auto counting_process = [&](const std::string& runs, const std::string& expiration) {
        s.folder.put(runs + ".sh", "echo run >> '" + s.folder.file(runs) +
                                       "'\nprintf '%s' '{\"Version\": 1, \"AccessKeyId\": "
                                       "\"AKIDPROCESS\", \"SecretAccessKey\": \"PROCESS-SECRET\", "
                                       "\"Expiration\": \"" +
                                       expiration + "\"}'\n");
        return "credential_process = /bin/sh " + s.folder.file(runs + ".sh") + "\n";
    };
    const std::string soon = awsml::format_iso8601(
        std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now() + 5min));
    auto env = s.env("[profile dev]\nrole_arn = arn:aws:iam::1:role/dev\nsource_profile = base\n"
                     "[profile base]\n" +
                     counting_process("base-runs", "2030-01-01T00:00:00Z") +
                     "[profile soon]\nrole_arn = arn:aws:iam::1:role/soon\n"
                     "source_profile = soon-base\n[profile soon-base]\n" +
                     counting_process("soon-runs", soon));
    awsml::assume_role_credentials_provider provider(env, std::string("dev"), quick());
    REQUIRE(provider.try_get_credentials());
    const auto copy = provider; // as a chain holds it
    REQUIRE(copy.try_get_credentials());
    REQUIRE(provider.try_get_credentials());
    CHECK(s.sts.requests().size() == 3); // the role is assumed at each call
    for (const auto& request : s.sts.requests())
        CHECK_THAT(authorization(request), Catch::Contains("Credential=AKIDPROCESS/"));
    CHECK(s.folder.content("base-runs") == "run\n"); // its source's process ran once

    // Within the refresh window, the source's credentials are fetched again.
    awsml::assume_role_credentials_provider near_expiry(env, std::string("soon"), quick());
    REQUIRE(near_expiry.try_get_credentials());
    REQUIRE(near_expiry.try_get_credentials());
    CHECK(s.folder.content("soon-runs") == "run\nrun\n");
}

TEST_CASE("assume role: the default session name and options", "[assume_role]") {
    setup s;
    auto env = s.env(
        "[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\nrole_session_name =\n",
        base_keys);
    auto options = quick();
    options.sts.clock = [] { return std::chrono::system_clock::time_point(1700000000s); };
    REQUIRE(
        awsml::assume_role_credentials_provider(env, std::nullopt, options).try_get_credentials());
    auto form = s.sts.forms().at(0);
    CHECK(form["RoleSessionName"] == "awsml-session-1700000000");
    CHECK(form.count("ExternalId") == 0);
    CHECK(form.count("DurationSeconds") == 0);
    CHECK(form.count("SerialNumber") == 0);
}

TEST_CASE("assume role: chains of source profiles", "[assume_role]") {
    setup s;
    auto env = s.env("[profile a]\nrole_arn = arn:aws:iam::1:role/ra\nsource_profile = b\n"
                     "[profile b]\nrole_arn = arn:aws:iam::1:role/rb\nsource_profile = base\n",
                     base_keys);
    auto found = awsml::assume_role_credentials_provider(env, std::string("a"), quick())
                     .try_get_credentials();
    REQUIRE(found);
    CHECK(found->access_key_id == "ASIA-2-ra");
    auto requests = s.sts.requests();
    REQUIRE(requests.size() == 2);
    CHECK(parse_form(requests[0].body)["RoleArn"] == "arn:aws:iam::1:role/rb");
    CHECK_THAT(authorization(requests[0]), Catch::Contains("Credential=AKIDBASE/"));
    CHECK(parse_form(requests[1].body)["RoleArn"] == "arn:aws:iam::1:role/ra");
    CHECK_THAT(authorization(requests[1]), Catch::Contains("Credential=ASIA-1-rb/"));
    CHECK(requests[1].header("X-Amz-Security-Token") == "STS-TOKEN-1");
}

TEST_CASE("assume role: loops are refused, a profile may source its own keys", "[assume_role]") {
    setup s;
    auto env =
        s.env("[profile a]\nrole_arn = arn:aws:iam::1:role/ra\nsource_profile = b\n"
              "[profile b]\nrole_arn = arn:aws:iam::1:role/rb\nsource_profile = a\n"
              "[profile self]\nrole_arn = arn:aws:iam::1:role/rs\nsource_profile = self\n"
              "[profile selfkeys]\nrole_arn = arn:aws:iam::1:role/rk\nsource_profile = selfkeys\n"
              "aws_access_key_id = AKIDSELF\naws_secret_access_key = SOURCE-SECRET-self\n");
    for (std::string name : {"a", "self"}) {
        auto r = awsml::assume_role_credentials_provider(env, name, quick()).try_get_credentials();
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::config_error);
        CHECK_THAT(r.error().message,
                   Catch::Contains("loop") && Catch::Contains("\"" + name + "\""));
    }
    CHECK(s.sts.requests().empty());

    auto own = awsml::assume_role_credentials_provider(env, std::string("selfkeys"), quick())
                   .try_get_credentials();
    REQUIRE(own);
    CHECK(own->access_key_id == "ASIA-1-rk");
    CHECK_THAT(authorization(s.sts.requests().at(0)), Catch::Contains("Credential=AKIDSELF/"));
}

TEST_CASE("assume role: credential_source", "[assume_role]") {
    setup s;
    auto env = s.env(
        "[profile env]\nrole_arn = arn:aws:iam::1:role/re\ncredential_source = Environment\n"
        "[profile imds]\nrole_arn = arn:aws:iam::1:role/ri\ncredential_source = "
        "Ec2InstanceMetadata\n"
        "[profile lower]\nrole_arn = arn:aws:iam::1:role/rl\ncredential_source = environment\n"
        "[profile both]\nrole_arn = arn:aws:iam::1:role/rb\ncredential_source = Environment\n"
        "source_profile = base\n"
        "[profile neither]\nrole_arn = arn:aws:iam::1:role/rn\n",
        base_keys,
        {{"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"AWS_SECRET_ACCESS_KEY", "SOURCE-SECRET-env"}});
    auto from_env = awsml::assume_role_credentials_provider(env, std::string("env"), quick())
                        .try_get_credentials();
    REQUIRE(from_env);
    CHECK(from_env->access_key_id == "ASIA-1-re");
    CHECK_THAT(authorization(s.sts.requests().at(0)), Catch::Contains("Credential=AKIDENV/"));

    auto failure = [&](const std::string& profile, awsml::assume_role_options options = quick()) {
        auto r =
            awsml::assume_role_credentials_provider(env, profile, options).try_get_credentials();
        REQUIRE_FALSE(r);
        CHECK_FALSE(leaks(r.error().message));
        CHECK_THAT(r.error().message, Catch::Contains("\"" + profile + "\""));
        return r.error();
    };
    auto imds = failure("imds");
    CHECK(imds.code == errc::config_error);
    CHECK_THAT(imds.message,
               Catch::Contains("Ec2InstanceMetadata") && Catch::Contains("not available"));
    auto lower = failure("lower");
    CHECK(lower.code == errc::config_error);
    CHECK_THAT(lower.message, Catch::Contains("\"environment\" is not valid"));
    auto both = failure("both");
    CHECK(both.code == errc::config_error);
    CHECK_THAT(both.message, Catch::Contains("both source_profile and credential_source"));
    auto neither = failure("neither");
    CHECK(neither.code == errc::config_error);
    CHECK_THAT(neither.message, Catch::Contains("neither source_profile nor credential_source"));
    CHECK(s.sts.requests().size() == 1);

    // The lead's injection point: a provider for a named source.
    auto options = quick();
    std::vector<std::string> asked;
    options.credential_source =
        [&](const environment&,
            const std::string& name) -> awsml::config_result<awsml::any_credentials_provider> {
        asked.push_back(name);
        credentials c;
        c.access_key_id = "AKIDIMDS";
        c.secret_access_key = "SOURCE-SECRET-imds";
        return awsml::any_credentials_provider(awsml::static_credentials_provider(c));
    };
    auto injected = awsml::assume_role_credentials_provider(env, std::string("imds"), options)
                        .try_get_credentials();
    REQUIRE(injected);
    CHECK(asked == std::vector<std::string>{"Ec2InstanceMetadata"});
    CHECK_THAT(authorization(s.sts.requests().at(1)), Catch::Contains("Credential=AKIDIMDS/"));

    // A named source with nothing is a failure of this profile, not "no credentials".
    auto empty_env = s.env(
        "[profile env]\nrole_arn = arn:aws:iam::1:role/re\ncredential_source = Environment\n");
    auto r = awsml::assume_role_credentials_provider(empty_env, std::string("env"), quick())
                 .try_get_credentials();
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::credentials_source_failed);
    CHECK_THAT(r.error().message, Catch::Contains("found no credentials"));
}

TEST_CASE("assume role: not configured, missing source profile, bad values", "[assume_role]") {
    setup s;
    auto env =
        s.env("[profile plain]\nregion = us-east-1\n"
              "[profile web]\nrole_arn = arn:aws:iam::1:role/w\nweb_identity_token_file = /x\n"
              "[profile orphan]\nrole_arn = arn:aws:iam::1:role/o\nsource_profile = ghost\n"
              "[profile empty]\nregion = us-east-1\n"
              "[profile sourceless]\nrole_arn = arn:aws:iam::1:role/s\nsource_profile = empty\n"
              "[profile duration]\nrole_arn = arn:aws:iam::1:role/d\nsource_profile = base\n"
              "duration_seconds = 1h\n"
              "[profile mfa]\nrole_arn = arn:aws:iam::1:role/m\nsource_profile = base\n"
              "mfa_serial = arn:aws:iam::1:mfa/me\n",
              base_keys);
    auto get = [&](const std::string& profile, awsml::assume_role_options options = quick()) {
        return awsml::assume_role_credentials_provider(env, profile, options).try_get_credentials();
    };
    for (std::string name : {"plain", "web"}) {
        auto r = get(name);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::no_credentials);
    }
    struct expectation {
        std::string profile;
        std::string text;
    };
    for (const auto& [profile, text] :
         {expectation{"orphan", "source_profile \"ghost\" does not exist"},
          expectation{"sourceless", "\"empty\" has no credentials"},
          expectation{"duration", "duration_seconds \"1h\""},
          expectation{"mfa", "mfa_serial is set"}}) {
        auto r = get(profile);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::config_error);
        CHECK_THAT(r.error().message, Catch::Contains(text) &&
                                          Catch::Contains("\"" + profile + "\"") &&
                                          Catch::Contains(s.folder.file("config") + ":"));
    }
    CHECK(s.sts.requests().empty());

    auto options = quick();
    std::string asked_for;
    options.mfa_code = [&](const std::string& serial) {
        asked_for = serial;
        return std::string("123456");
    };
    REQUIRE(get("mfa", options));
    CHECK(asked_for == "arn:aws:iam::1:mfa/me");
    auto form = s.sts.forms().at(0);
    CHECK(form["SerialNumber"] == "arn:aws:iam::1:mfa/me");
    CHECK(form["TokenCode"] == "123456");
}

TEST_CASE("assume role: a source profile with web identity", "[assume_role][web_identity]") {
    setup s;
    s.folder.put("token", "WEB-IDENTITY-JWT-1");
    auto env = s.env(
        "[profile top]\nrole_arn = arn:aws:iam::1:role/top\nsource_profile = pod\n"
        "endpoint_url = " +
            s.sts.url() +
            "\n"
            // STS is located with the first profile's settings, also for the source profile.
            "[profile pod]\nendpoint_url = http://127.0.0.1:9\n"
            "role_arn = arn:aws:iam::1:role/pod\nweb_identity_token_file = " +
            s.folder.file("token") + "\n",
        "",
        // Not read for a source profile, as in botocore.
        {{"AWS_WEB_IDENTITY_TOKEN_FILE", s.folder.file("nowhere")}, {"AWS_ENDPOINT_URL_STS", ""}});
    // Alone, and through the default chain (which gives the source profile's sources itself).
    awsml::default_credentials_sources sources;
    sources.sts = quick().sts;
    const bool through_chain = GENERATE(false, true);
    auto found = through_chain
                     ? awsml::make_default_credentials_chain(env, std::string("top"), std::nullopt,
                                                             {}, sources)
                           .try_get_credentials()
                     : awsml::assume_role_credentials_provider(env, std::string("top"), quick())
                           .try_get_credentials();
    REQUIRE(found);
    CHECK(found->access_key_id == "ASIA-2-top");
    auto requests = s.sts.requests();
    REQUIRE(requests.size() == 2);
    CHECK(parse_form(requests[0].body)["Action"] == "AssumeRoleWithWebIdentity");
    CHECK(parse_form(requests[0].body)["WebIdentityToken"] == "WEB-IDENTITY-JWT-1");
    CHECK_FALSE(requests[0].header("Authorization"));
    CHECK_THAT(authorization(requests[1]), Catch::Contains("Credential=ASIA-1-pod/"));
}

TEST_CASE("STS failures: error responses, bad answers, silence", "[assume_role][sts]") {
    setup s;
    auto env =
        s.env("[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n", base_keys);
    auto failure = [&](awsml::assume_role_options options = quick()) {
        auto r = awsml::assume_role_credentials_provider(env, std::nullopt, options)
                     .try_get_credentials();
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::credentials_source_failed);
        CHECK_FALSE(leaks(r.error().message));
        CHECK_THAT(r.error().message, Catch::StartsWith("assume role (profile \"default\")"));
        return r.error().message;
    };

    s.sts.set_handler([](const received_request&) {
        return sts_error(403, "AccessDenied", "User arn:aws:iam::1:user/u is not authorized");
    });
    CHECK_THAT(failure(),
               Catch::Contains("AccessDenied: User arn:aws:iam::1:user/u is not authorized") &&
                   Catch::Contains("HTTP 403") && Catch::Contains(s.sts.url()));
    CHECK(s.sts.requests().size() == 1); // not retried

    s.sts.set_handler(
        [](const received_request&) { return raw_response::ok("<AssumeRoleResponse><oops"); });
    CHECK_THAT(failure(), Catch::Contains("not well-formed XML"));

    s.sts.set_handler([](const received_request&) {
        return raw_response::with_status(502, "<html>proxy says no</html>");
    });
    auto options = quick();
    options.sts.max_attempts = 2;
    CHECK_THAT(failure(options),
               Catch::Contains("HTTP 502") && Catch::Contains("after 2 attempts"));

    s.sts.set_handler([](const received_request&) { return raw_response::never_answer(); });
    options = quick();
    options.sts.timeout = 300ms;
    options.sts.max_attempts = 1;
    auto started = std::chrono::steady_clock::now();
    CHECK_THAT(failure(options), Catch::Contains("no answer within 300 ms"));
    CHECK(std::chrono::steady_clock::now() - started < 60s); // only proves the call ends
}

TEST_CASE("web identity from the environment and from the profile", "[web_identity]") {
    setup s;
    s.folder.put("token", "WEB-IDENTITY-JWT-env");
    s.folder.put("profile-token", "WEB-IDENTITY-JWT-profile");
    const std::string config =
        "[default]\nweb_identity_token_file = " + s.folder.file("profile-token") +
        "\nrole_arn = arn:aws:iam::1:role/from-profile\n"
        "role_session_name = profile-session\n";
    awsml::web_identity_options options;
    options.sts.retry_base_delay = 1ms;

    SECTION("the environment first, key by key") {
        auto env = s.env(config, "",
                         {{"AWS_WEB_IDENTITY_TOKEN_FILE", s.folder.file("token")},
                          {"AWS_ROLE_SESSION_NAME", "env-session"}});
        auto found = awsml::web_identity_credentials_provider(env, std::nullopt, options)
                         .try_get_credentials();
        REQUIRE(found);
        CHECK(found->access_key_id == "ASIA-1-from-profile");
        CHECK(found->session_token == "STS-TOKEN-1");
        CHECK(found->source == "web_identity");
        CHECK(found->account_id == "1");
        auto request = s.sts.requests().at(0);
        CHECK_FALSE(request.header("Authorization"));
        CHECK(parse_form(request.body) ==
              form_fields{{"Action", "AssumeRoleWithWebIdentity"},
                          {"Version", "2011-06-15"},
                          {"RoleArn", "arn:aws:iam::1:role/from-profile"},
                          {"RoleSessionName", "env-session"},
                          {"WebIdentityToken", "WEB-IDENTITY-JWT-env"}});
    }
    SECTION("the profile alone when the environment is not to be read") {
        auto env = s.env(config, "",
                         {{"AWS_WEB_IDENTITY_TOKEN_FILE", s.folder.file("token")},
                          {"AWS_ROLE_ARN", "arn:aws:iam::1:role/from-env"}});
        options.use_environment_variables = false;
        REQUIRE(awsml::web_identity_credentials_provider(env, std::nullopt, options)
                    .try_get_credentials());
        auto form = s.sts.forms().at(0);
        CHECK(form["WebIdentityToken"] == "WEB-IDENTITY-JWT-profile");
        CHECK(form["RoleArn"] == "arn:aws:iam::1:role/from-profile");
        CHECK(form["RoleSessionName"] == "profile-session");
    }
    SECTION("the token file is read at each call") {
        auto env = s.env("", "",
                         {{"AWS_WEB_IDENTITY_TOKEN_FILE", s.folder.file("token")},
                          {"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"}});
        awsml::web_identity_credentials_provider provider(env, std::nullopt, options);
        REQUIRE(provider.try_get_credentials());
        s.folder.put("token", "WEB-IDENTITY-JWT-rotated");
        REQUIRE(provider.try_get_credentials());
        auto forms = s.sts.forms();
        REQUIRE(forms.size() == 2);
        CHECK(forms[0]["WebIdentityToken"] == "WEB-IDENTITY-JWT-env");
        CHECK(forms[1]["WebIdentityToken"] == "WEB-IDENTITY-JWT-rotated");
        CHECK_THAT(forms[0]["RoleSessionName"], Catch::StartsWith("awsml-session-"));
    }
}

TEST_CASE("web identity: not configured, misconfigured, failing", "[web_identity]") {
    setup s;
    s.folder.put("token", "WEB-IDENTITY-JWT-x");
    awsml::web_identity_options options;
    options.sts.retry_base_delay = 1ms;
    auto get = [&](environment env) {
        return awsml::web_identity_credentials_provider(env, std::nullopt, options)
            .try_get_credentials();
    };

    auto none = get(s.env("[default]\nrole_arn = arn:aws:iam::1:role/r\n"));
    REQUIRE_FALSE(none);
    CHECK(none.error().code == errc::no_credentials);

    auto no_role = get(s.env("", "", {{"AWS_WEB_IDENTITY_TOKEN_FILE", s.folder.file("token")}}));
    REQUIRE_FALSE(no_role);
    CHECK(no_role.error().code == errc::config_error);
    CHECK_THAT(no_role.error().message, Catch::Contains("AWS_ROLE_ARN"));

    auto missing = get(s.env("", "",
                             {{"AWS_WEB_IDENTITY_TOKEN_FILE", s.folder.file("gone")},
                              {"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"}}));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == errc::credentials_source_failed);
    CHECK_THAT(missing.error().message,
               Catch::Contains(s.folder.file("gone")) && Catch::Contains("does not exist"));
    CHECK(s.sts.requests().empty());

    auto env = s.env("", "",
                     {{"AWS_WEB_IDENTITY_TOKEN_FILE", s.folder.file("token")},
                      {"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"}});
    // IDPCommunicationError is retried (botocore's STS rule), then succeeds.
    std::atomic<int> calls{0};
    s.sts.set_handler([&](const received_request&) {
        if (++calls < 3)
            return sts_error(400, "IDPCommunicationError", "the IdP did not answer");
        return raw_response::ok(
            credentials_xml("AssumeRoleWithWebIdentity", "ASIA-ok", "9", "2030-01-02T03:04:05Z"));
    });
    auto retried = get(env);
    REQUIRE(retried);
    CHECK(retried->access_key_id == "ASIA-ok");
    CHECK(calls == 3);

    // InvalidIdentityToken is not retried (botocore does not).
    s.sts.set_handler([](const received_request&) {
        return sts_error(400, "InvalidIdentityToken", "the token is not valid");
    });
    const auto before = s.sts.requests().size();
    auto refused = get(env);
    REQUIRE_FALSE(refused);
    CHECK(s.sts.requests().size() == before + 1);
    CHECK(refused.error().code == errc::credentials_source_failed);
    CHECK_THAT(refused.error().message,
               Catch::StartsWith("web identity") &&
                   Catch::Contains("InvalidIdentityToken: the token is not valid"));
    CHECK_FALSE(leaks(refused.error().message));
}

} // namespace credentials_sts_test
