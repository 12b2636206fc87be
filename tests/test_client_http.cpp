// The default client (awsml::client: blocking calls over awsml's HTTP/1.1 + TLS transport)
// against real servers on 127.0.0.1 started by the test. The server recomputes each request's
// SigV4 signature from the secret, as the service does.
#include <awsml/machinelearning/client.hpp>

#include <awsml/auth/sigv4_verify.hpp>
#include <awsml/http/decorated_transport.hpp>
#include <awsml/http/stub_transport.hpp>

#include <catch2/catch.hpp>

#include <support/scratch_folder.hpp>
#include <support/socket_options.hpp>
#include <support/test_server.hpp>
#include <support/test_tls.hpp>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace client_http_test {

using awsml_test::raw_response;
using awsml_test::received_request;

namespace {

const awsml::credentials test_credentials{
    "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", {}, "test"};

awsml::client_config config_for(const awsml_test::test_server& server) {
    awsml::client_config config;
    config.region = "us-east-1";
    config.endpoint_url = server.url();
    config.credentials = test_credentials;
    config.use_environment = false;
    config.retry_environment.random = [] { return 0.0; }; // retry at once
    return config;
}

// The request as the client signed it.
awsml::http_request as_sent(const received_request& r) {
    awsml::http_request request;
    request.method = r.method;
    request.target = r.target;
    request.headers = r.headers;
    request.body = r.body;
    return request;
}

// What a GetMLModel server checks before answering: the operation and the signature.
raw_response answer(const received_request& r) {
    awsml::sigv4::verify_options options;
    options.now = std::chrono::system_clock::now();
    options.service = "machinelearning";
    auto verified = awsml::sigv4::verify(as_sent(r), test_credentials.secret_access_key, options);
    if (!verified)
        return raw_response::with_status(400,
                                         R"({"__type":"InvalidSignatureException","message":")" +
                                             verified.error().message + "\"}");
    if (r.header("X-Amz-Target") != "AmazonML_20141212.GetMLModel")
        return raw_response::with_status(400, R"({"__type":"UnknownOperationException"})");
    return raw_response::ok(
        R"({"MLModelId":"ml-1","Status":"COMPLETED","SizeInBytes":7})",
        {{"Content-Type", "application/x-amz-json-1.1"}, {"x-amzn-RequestId", "req-1"}});
}

} // namespace

TEST_CASE("a signed call over HTTP: the server verifies the signature", "[http][client]") {
    awsml_test::test_server server(answer);
    awsml::client c(config_for(server));
    awsml::response_metadata meta;
    auto model = c.get_ml_model({.ml_model_id = "ml-1", .verbose = true}, meta);
    CHECK(model.ml_model_id == "ml-1");
    CHECK(model.size_in_bytes == 7);
    CHECK(meta.request_id == "req-1");
    CHECK(server.requests().at(0).body == R"({"MLModelId":"ml-1","Verbose":true})");
}

TEST_CASE("keep-alive: many calls, one connection", "[http][client]") {
    awsml_test::test_server server(answer);
    awsml::client c(config_for(server));
    for (int i = 0; i < 10; ++i)
        CHECK(c.try_get_ml_model({.ml_model_id = "ml-1"}).has_value());
    CHECK(server.requests_received() == 10);
    CHECK(server.connections_accepted() == 1);
}

TEST_CASE("5xx over the wire is retried by the client; a reused connection the server dropped, by "
          "the transport",
          "[http][client][retry]") {
    std::atomic<int> calls{0};
    awsml_test::test_server server([&](const received_request& r) {
        switch (++calls) {
        case 1:
            return raw_response::with_status(503, "<html>busy</html>");
        case 2:
            return raw_response::close_without_answer();
        default:
            return answer(r);
        }
    });
    awsml::client c(config_for(server));
    awsml::response_metadata meta;
    CHECK(c.get_ml_model({.ml_model_id = "ml-1"}, meta).ml_model_id == "ml-1");
    CHECK(meta.attempts == 2);              // the 503, then a success
    CHECK(server.requests_received() == 3); // the drop was resent once on a fresh connection
    CHECK(server.connections_accepted() == 2);
}

TEST_CASE("a wrong secret is the service's signature error, not retried",
          "[http][client][errors]") {
    awsml_test::test_server server(answer);
    auto config = config_for(server);
    config.credentials->secret_access_key = "wrong";
    awsml::client c(config);
    try {
        (void)c.get_ml_model({.ml_model_id = "ml-1"});
        FAIL("no exception");
    } catch (const awsml::service_error& e) {
        CHECK(e.error_code() == "InvalidSignatureException");
        CHECK(std::string(e.what()).find("wrong") == std::string::npos);
    }
    CHECK(server.requests_received() == 1);
}

TEST_CASE("connection refused: a clear transport error after the retries",
          "[http][client][errors]") {
    awsml::client_config config;
    config.region = "us-east-1";
    config.endpoint_url = "http://127.0.0.1:1";
    config.credentials = test_credentials;
    config.use_environment = false;
    config.retry_environment.random = [] { return 0.0; };
    awsml::client c(config);
    auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == awsml::errc::transport_error);
    CHECK_THAT(result.error().message, Catch::Contains("127.0.0.1:1"));
    CHECK(result.error().metadata.attempts == 3);
}

TEST_CASE("HTTPS with a trusted test CA works; an untrusted certificate fails clearly",
          "[http][client][tls]") {
    const auto& certs = awsml_test::test_tls_certificates();
    SECTION("trusted") {
        awsml_test::test_server server(
            answer, awsml_test::tls_identity{certs.server_cert, certs.server_key});
        awsml::http_transport_config tls;
        tls.ca_file = certs.ca_cert.string();
        awsml::client c(config_for(server), awsml::asio_http_transport(tls));
        CHECK(c.get_ml_model({.ml_model_id = "ml-1"}).ml_model_id == "ml-1");
    }
    SECTION("untrusted") {
        awsml_test::test_server server(
            answer, awsml_test::tls_identity{certs.self_signed_cert, certs.self_signed_key});
        auto config = config_for(server);
        config.max_attempts = 1;
        awsml::client c(config);
        auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == awsml::errc::transport_error);
        CHECK_THAT(result.error().message, Catch::Contains("certificate"));
        CHECK(server.requests_received() == 0);
    }
}

TEST_CASE("the profile's ca_bundle is the CA bundle the client's transport trusts",
          "[http][client][tls]") {
    const auto& certs = awsml_test::test_tls_certificates();
    awsml_test::scratch_folder folder;
    awsml_test::test_server server(answer,
                                   awsml_test::tls_identity{certs.server_cert, certs.server_key});
    auto client_trusting = [&](const std::filesystem::path& bundle) {
        folder.put("config", "[default]\nca_bundle = " + bundle.string() + "\n");
        auto config = config_for(server);
        config.max_attempts = 1;
        config.environment =
            awsml::environment::from_map({{"AWS_CONFIG_FILE", folder.file("config")}});
        awsml::http_transport_config tls;
        tls.use_environment_proxies = false;
        tls.environment = awsml::environment::empty();
        awsml::client c(config, awsml::asio_http_transport(tls));
        return c.try_get_ml_model({.ml_model_id = "ml-1"});
    };
    CHECK(client_trusting(certs.ca_cert).has_value());
    // It replaces the system's store (which OpenSSL's SSL_CERT_FILE stands in for here).
    ::setenv("SSL_CERT_FILE", certs.ca_cert.c_str(), 1);
    auto refused = client_trusting(certs.self_signed_cert);
    ::unsetenv("SSL_CERT_FILE");
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().code == awsml::errc::transport_error);
    CHECK_THAT(refused.error().message, Catch::Contains("certificate verification failed"));
}

TEST_CASE("tcp_keepalive from BOTOCORE_TCP_KEEPALIVE or the profile reaches the connections",
          "[http][client]") {
    awsml_test::test_server server(answer);
    awsml_test::scratch_folder folder;
    auto keepalive_with = [&](const std::string& profile_value,
                              std::map<std::string, std::string, std::less<>> variables,
                              std::optional<bool> transport_setting = std::nullopt) {
        folder.put("config", "[default]\ntcp_keepalive = " + profile_value + "\n");
        variables["AWS_CONFIG_FILE"] = folder.file("config");
        auto config = config_for(server);
        config.max_attempts = 1;
        config.environment = awsml::environment::from_map(variables);
        awsml::http_transport_config transport;
        transport.use_environment_proxies = false;
        transport.tcp_keepalive = transport_setting;
        awsml::client c(config, awsml::asio_http_transport(transport));
        auto answered = c.try_get_ml_model({.ml_model_id = "ml-1"});
        if (!answered)
            return std::optional<std::string>(answered.error().message);
        auto found = awsml_test::keepalive_of_connections_to(server.port());
        REQUIRE(found.size() == 1);
        return std::optional<std::string>(found.front().enabled ? "on" : "off");
    };
    CHECK(keepalive_with("false", {}) == "off");
    CHECK(keepalive_with("TRUE", {}) == "on"); // any case, as botocore
    CHECK(keepalive_with("true", {{"BOTOCORE_TCP_KEEPALIVE", "false"}}) == "off");
    CHECK(keepalive_with("false", {{"BOTOCORE_TCP_KEEPALIVE", "true"}}) == "on");
    CHECK(keepalive_with("true", {}, false) == "off"); // the transport's own setting wins
    CHECK(keepalive_with("false", {}, true) == "on");
    CHECK(keepalive_with("yes", {}) == "off"); // as botocore: any text but true is false
    CHECK(keepalive_with("1", {}, true) == "on");
    CHECK(server.requests_received() == 8);
}

TEST_CASE("blocking calls from many threads keep to max_connections_per_host, in turn",
          "[http][client][threads]") {
    awsml_test::test_server server([](const received_request& r) {
        raw_response response = answer(r);
        response.delay = std::chrono::milliseconds(20); // so that calls overlap
        return response;
    });
    awsml::http_transport_config transport;
    transport.max_connections_per_host = 2;
    transport.use_environment_proxies = false;
    awsml::client c(config_for(server), awsml::asio_http_transport(transport));
    std::atomic<int> succeeded{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&] {
            for (int k = 0; k < 3; ++k)
                if (c.try_get_ml_model({.ml_model_id = "ml-1"}))
                    ++succeeded;
        });
    for (auto& t : threads)
        t.join();
    CHECK(succeeded == 24);
    CHECK(server.requests_received() == 24);
    CHECK(server.connections_accepted() <= 2); // 8 threads, 2 connections: the rest waited
}

TEST_CASE("a blocking call waiting for a free connection gives up at connect_timeout",
          "[http][client][threads]") {
    awsml_test::test_server server([](const received_request& r) {
        raw_response response = answer(r);
        response.delay = std::chrono::milliseconds(1500);
        return response;
    });
    awsml::http_transport_config transport;
    transport.max_connections_per_host = 1;
    transport.connect_timeout = std::chrono::milliseconds(100);
    transport.use_environment_proxies = false;
    auto config = config_for(server);
    config.max_attempts = 1;
    awsml::client c(config, awsml::asio_http_transport(transport));
    std::thread slow([&] { CHECK(c.try_get_ml_model({.ml_model_id = "ml-1"}).has_value()); });
    while (server.requests_received() == 0) // the first call holds the only connection
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const auto start = std::chrono::steady_clock::now();
    auto waited = c.try_get_ml_model({.ml_model_id = "ml-1"});
    const auto elapsed = std::chrono::steady_clock::now() - start;
    slow.join();
    REQUIRE_FALSE(waited.has_value());
    CHECK(waited.error().code == awsml::errc::timeout);
    CHECK_THAT(waited.error().message, Catch::Contains("max_connections_per_host"));
    CHECK(waited.error().stage == awsml::transport_stage::connecting); // nothing was sent
    CHECK(elapsed < std::chrono::milliseconds(1000)); // ended by the wait's bound, not the answer
    CHECK(server.requests_received() == 1);
}

// --- call_options: one call's own timeout, attempts, credentials and headers ---

namespace {

const awsml::credentials tenant_credentials{
    "AKIDTENANT", "tenant-secret-of-forty-characters-xxxxxx", "", {}, "test"};

// A server that knows two access keys, as IAM does, and reports what it verified.
raw_response answer_either_key(const received_request& r) {
    const std::string auth(r.header("Authorization").value_or(""));
    const bool tenant = auth.find("Credential=AKIDTENANT/") != std::string::npos;
    const auto& secret = (tenant ? tenant_credentials : test_credentials).secret_access_key;
    awsml::sigv4::verify_options options;
    options.service = "machinelearning";
    auto verified = awsml::sigv4::verify(as_sent(r), secret, options);
    if (!verified)
        return raw_response::with_status(400, R"({"__type":"InvalidSignatureException"})");
    std::string signed_headers;
    for (const auto& h : verified->signed_headers)
        signed_headers += h + ";";
    return raw_response::ok(R"({"MLModelId":")" + verified->access_key_id + R"(","Name":")" +
                                signed_headers + "\"}",
                            {{"Content-Type", "application/x-amz-json-1.1"}});
}

} // namespace

TEST_CASE("call_options: headers are sent and signed on that call only; credentials sign that "
          "call only",
          "[http][client][call_options]") {
    awsml_test::test_server server(answer_either_key);
    awsml::client c(config_for(server));
    const awsml::call_options traced{
        .headers = {{"X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793"},
                    {"x-tenant", "blue"}}};
    auto model = c.get_ml_model({.ml_model_id = "ml-1"}, traced);
    CHECK(model.ml_model_id == "AKIDEXAMPLE");
    // X-Amzn-Trace-Id is sent unsigned, as the AWS SDKs send it (tracing may rewrite it).
    CHECK_THAT(*model.name, Catch::Contains(";x-tenant;") && !Catch::Contains("x-amzn-trace-id"));
    CHECK(server.requests().at(0).header("x-tenant") == "blue");
    CHECK(server.requests().at(0).header("X-Amzn-Trace-Id") ==
          "Root=1-5759e988-bd862e3fe1be46a994272793");

    auto plain = c.get_ml_model({.ml_model_id = "ml-1"});
    CHECK_THAT(*plain.name, !Catch::Contains("x-tenant"));
    CHECK_FALSE(server.requests().at(1).header("x-tenant"));

    awsml::response_metadata meta;
    auto as_tenant = c.try_get_ml_model({.ml_model_id = "ml-1"}, meta,
                                        awsml::call_options{.credentials = tenant_credentials});
    REQUIRE(as_tenant.has_value());
    CHECK(as_tenant->ml_model_id == "AKIDTENANT");
    CHECK(meta.attempts == 1);
    CHECK(c.get_ml_model({.ml_model_id = "ml-1"}).ml_model_id == "AKIDEXAMPLE"); // client's again
}

TEST_CASE("call_options: a header the client sets, a bad name or value, a repeated name or "
          "max_attempts below 1 fail the call before anything is sent",
          "[http][client][call_options]") {
    awsml_test::test_server server(answer_either_key);
    awsml::client c(config_for(server));
    struct bad_case {
        awsml::call_options options;
        std::string expected;
    };
    const bad_case cases[] = {
        {{.headers = {{"authorization", "AWS4-HMAC-SHA256 forged"}}},
         "\"authorization\" is set by the client itself"},
        {{.headers = {{"X-Amz-Date", "20150830T123600Z"}}}, "\"X-Amz-Date\" is set by the client"},
        {{.headers = {{"amz-sdk-request", "attempt=9"}}}, "\"amz-sdk-request\" is set by"},
        {{.headers = {{"Host", "elsewhere.example"}}}, "\"Host\" is set by the client"},
        {{.headers = {{"x-a b", "v"}}}, "\"x-a b\" is not an HTTP header name"},
        {{.headers = {{"x-tenant", "blue\r\nx-injected: 1"}}}, "\"x-tenant\" has a value holding"},
        {{.headers = {{"x-tenant", std::string("a\0b", 3)}}}, "a control character"},
        {{.headers = {{"x-auth", "token-SECRET\x01"}}}, "\"x-auth\" has a value holding a control"},
        {{.headers = {{"x-auth", "token-SECRET\x7f"}}}, "\"x-auth\" has a value holding a control"},
        {{.headers = {{"Proxy-Authorization", "Basic token-SECRET"}}},
         "\"Proxy-Authorization\" is set"},
        {{.headers = {{"Upgrade", "h2c"}}}, "\"Upgrade\" is set by the client"},
        {{.headers = {{"Content-Encoding", "gzip"}}}, "\"Content-Encoding\" is set"},
        {{.headers = {{"x-tenant", "a"}, {"X-Tenant", "b"}}}, "\"X-Tenant\" is given twice"},
        {{.max_attempts = 0}, "call_options::max_attempts must be at least 1"},
    };
    for (const auto& bad : cases) {
        auto result = c.try_get_ml_model({.ml_model_id = "ml-1"}, bad.options);
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == awsml::errc::config_error);
        CHECK_THAT(result.error().message, Catch::Contains("GetMLModel: ") &&
                                               Catch::Contains(bad.expected) &&
                                               !Catch::Contains("SECRET"));
        auto dry_run =
            c.check<awsml::machinelearning::get_ml_model>({.ml_model_id = "ml-1"}, bad.options);
        REQUIRE(dry_run);
        CHECK(dry_run->message == result.error().message);
    }
    CHECK_THROWS_AS(c.get_ml_model({.ml_model_id = "ml-1"}, cases[0].options), awsml::error);
    CHECK(server.requests_received() == 0);
}

TEST_CASE("call_options: max_attempts bounds this call's retries and is announced in "
          "amz-sdk-request",
          "[http][client][call_options][retry]") {
    awsml_test::test_server server(
        [](const received_request&) { return raw_response::with_status(503, "busy"); });
    awsml::client c(config_for(server)); // standard mode: 3 attempts
    for (int attempts : {1, 5}) {
        const std::size_t before = server.requests_received();
        // The generic form takes the options braced; the named ones, with their type named.
        auto result = c.try_call<awsml::machinelearning::get_ml_model>({.ml_model_id = "ml-1"},
                                                                       {.max_attempts = attempts});
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().metadata.attempts == attempts);
        CHECK(server.requests_received() - before == static_cast<std::size_t>(attempts));
        CHECK(server.requests().back().header("amz-sdk-request") ==
              "attempt=" + std::to_string(attempts) + "; max=" + std::to_string(attempts));
    }
    CHECK(c.try_get_ml_model({.ml_model_id = "ml-1"}).error().metadata.attempts == 3);
}

TEST_CASE("call_options: call_timeout ends a slow call; zero lifts the client's",
          "[http][client][call_options][timeout]") {
    awsml_test::test_server server([](const received_request& r) {
        raw_response response = answer(r);
        response.delay = std::chrono::milliseconds(1500);
        return response;
    });
    auto config = config_for(server);
    config.call_timeout = std::chrono::milliseconds(100);
    awsml::client c(config);
    // The client's 100 ms ends the call; this call's own zero lets it wait for the answer.
    CHECK(c.try_get_ml_model({.ml_model_id = "ml-1"}).error().code == awsml::errc::timeout);
    CHECK(c.try_get_ml_model({.ml_model_id = "ml-1"},
                             awsml::call_options{.call_timeout = std::chrono::milliseconds(0)})
              .has_value());

    // The call's own deadline ends it: no retry is announced, and none is charged to the quota.
    auto unlimited_config = config_for(server);
    std::atomic<int> retries_announced{0};
    unlimited_config.hooks.on_retry = [&](const awsml::attempt_context&, std::chrono::nanoseconds,
                                          std::string_view) { ++retries_announced; };
    awsml::client unlimited(unlimited_config);
    const int quota = unlimited.retries().available_quota();
    const auto start = std::chrono::steady_clock::now();
    auto result = unlimited.try_get_ml_model(
        {.ml_model_id = "ml-1"},
        awsml::call_options{.call_timeout = std::chrono::milliseconds(100)});
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == awsml::errc::timeout);
    CHECK(elapsed < std::chrono::milliseconds(1200)); // ended by the deadline, not the answer
    CHECK_THAT(result.error().message, Catch::Contains("the call's deadline passed"));
    CHECK(unlimited.retries().available_quota() == quota);
    CHECK(retries_announced == 0);
}

TEST_CASE("decorated_transport: the step runs around each exchange and the wrapped transport's "
          "deadline, words and stage still apply",
          "[http][client][call_options][timeout][decorated]") {
    awsml_test::test_server server([](const received_request& r) {
        raw_response response = answer(r);
        response.delay = std::chrono::milliseconds(4000);
        return response;
    });
    std::atomic<int> stepped{0};
    std::atomic<bool> answer_itself{false};
    auto step = [&](const awsml::http_request& request, std::error_code& ec, auto&& send) {
        ++stepped;
        if (answer_itself) {
            ec = make_error_code(awsml::errc::transport_error);
            return awsml::http_response{};
        }
        awsml::http_request tagged = request;
        tagged.headers.push_back({"x-decorated", "yes"});
        return send(tagged, ec);
    };
    using logged = awsml::decorated_transport<awsml::asio_http_transport, decltype(step)>;
    static_assert(awsml::transport_with_deadline<logged>);
    static_assert(awsml::transport_with_client_defaults<logged>);
    static_assert(awsml::transport_with_connect_timeout<logged>);
    static_assert(awsml::transport_with_connection_cap<logged>);
    static_assert(awsml::transport_with_error_message<logged>);
    static_assert(awsml::transport_with_failure_stage<logged>);
    static_assert(!awsml::transport_with_deadline<
                  awsml::decorated_transport<awsml::stub_transport, decltype(step)>>);

    auto config = config_for(server);
    config.max_attempts = 1;
    awsml::basic_client<logged> c(config, logged(awsml::asio_http_transport{}, step));
    const auto start = std::chrono::steady_clock::now();
    auto result =
        c.try_get_ml_model({.ml_model_id = "ml-1"},
                           awsml::call_options{.call_timeout = std::chrono::milliseconds(1000)});
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(result.has_value());
    // Cut inside the exchange by the wrapped transport's deadline, not after the 4 s answer.
    CHECK(result.error().code == awsml::errc::timeout);
    CHECK(elapsed < std::chrono::milliseconds(3500));
    CHECK(result.error().stage == awsml::transport_stage::exchanging);
    CHECK(stepped == 1);
    REQUIRE(server.requests().size() == 1);
    CHECK(server.requests()[0].header("x-decorated") == "yes");

    // The wrapped transport's words and stage: for its own failure, not for the step's.
    auto unreachable = config;
    unreachable.endpoint_url = "http://127.0.0.1:1"; // nothing listens there
    awsml::basic_client<logged> d(unreachable, logged(awsml::asio_http_transport{}, step));
    auto refused = d.try_get_ml_model({.ml_model_id = "ml-1"});
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().stage == awsml::transport_stage::connecting);
    CHECK_THAT(refused.error().message, Catch::Contains("127.0.0.1:1"));
    answer_itself = true;
    auto own = d.try_get_ml_model({.ml_model_id = "ml-1"});
    REQUIRE_FALSE(own.has_value());
    CHECK(own.error().code == awsml::errc::transport_error);
    CHECK(own.error().stage == awsml::transport_stage::unknown);
    CHECK_THAT(own.error().message, !Catch::Contains("127.0.0.1:1"));
}

TEST_CASE("call_timeout: a call that cannot wait out its backoff ends early and names the failure "
          "it was retrying",
          "[http][client][call_options][timeout][retry]") {
    awsml_test::test_server server([](const received_request&) {
        return raw_response::with_status(
            503, R"({"__type":"ServiceUnavailableException","message":"busy"})");
    });
    auto config = config_for(server);
    config.retry_environment.random = [] { return 0.9; }; // a backoff of 900 ms after attempt 1
    config.call_timeout = std::chrono::milliseconds(400);
    awsml::client c(config);
    auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == awsml::errc::timeout);
    CHECK(result.error().metadata.attempts == 1);
    CHECK(server.requests_received() == 1);
    // The retry never made gave its tokens back.
    CHECK(c.retries().available_quota() == awsml::retry_strategy::initial_quota);
    CHECK_THAT(result.error().message,
               Catch::Contains("the call's deadline would pass before attempt 2 could start") &&
                   Catch::Contains("(attempt 1 failed: ") &&
                   Catch::Contains("ServiceUnavailableException") && Catch::Contains("busy"));
}

TEST_CASE("an answer over the client's size limits is not asked for again; an encoded body is "
          "refused by name",
          "[http][client][retry]") {
    SECTION("too large") {
        awsml_test::test_server server([](const received_request&) {
            return raw_response::with_status(503, std::string(4096, 'x'));
        });
        awsml::http_transport_config transport;
        transport.limits.max_body_bytes = 1024;
        awsml::client c(config_for(server), awsml::asio_http_transport(transport));
        auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == awsml::errc::response_too_large);
        CHECK(server.requests_received() == 1);
    }
    SECTION("Content-Encoding") {
        const std::string encoding = GENERATE("gzip", "br, gzip");
        awsml_test::test_server server([&](const received_request&) {
            return raw_response::with_status(
                200, "\x1f\x8b\x08 not JSON",
                {{"Content-Encoding", "identity"}, {"Content-Encoding", encoding}});
        });
        awsml::client c(config_for(server));
        auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == awsml::errc::malformed_http_response);
        CHECK(result.error().message ==
              "GetMLModel response (HTTP 200): its body is encoded (Content-Encoding \"" +
                  encoding + "\"), which the client did not ask for and does not decode");
        CHECK(server.requests_received() == 1);
        // An error's status decides its retry whatever its body; an empty body needs no decoding.
        std::atomic<int> calls{0};
        awsml_test::test_server proxy([&](const received_request& r) {
            if (++calls == 1)
                return raw_response::with_status(503, "\x1f\x8b\x08 busy",
                                                 {{"Content-Encoding", encoding}});
            raw_response response = answer(r);
            response.headers.push_back({"Content-Encoding", encoding});
            response.body.clear();
            return response;
        });
        awsml::client retried(config_for(proxy));
        CHECK(retried.try_get_ml_model({.ml_model_id = "ml-1"}).has_value());
        CHECK(calls == 2);
    }
    SECTION("identity is no encoding") {
        awsml_test::test_server server([](const received_request& r) {
            raw_response response = answer(r);
            response.headers.push_back({"Content-Encoding", " Identity "});
            return response;
        });
        awsml::client c(config_for(server));
        CHECK(c.get_ml_model({.ml_model_id = "ml-1"}).size_in_bytes == 7);
    }
}

TEST_CASE("attempt_timeout: a slow attempt is cut and retried; when every attempt is slow, the "
          "timeout names attempt_timeout",
          "[http][client][call_options][timeout]") {
    std::atomic<int> received{0};
    awsml_test::test_server server([&](const received_request& r) {
        raw_response response = answer(r);
        if (++received % 2 == 1) // the first attempt of each call hangs
            response.delay = std::chrono::milliseconds(3000);
        return response;
    });
    auto config = config_for(server);
    config.attempt_timeout = std::chrono::milliseconds(200);
    awsml::client c(config);
    awsml::response_metadata meta;
    const auto start = std::chrono::steady_clock::now();
    CHECK(c.get_ml_model({.ml_model_id = "ml-1"}, meta).ml_model_id == "ml-1");
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(2500));
    CHECK(meta.attempts == 2);

    awsml_test::test_server hanging([](const received_request& r) {
        raw_response response = answer(r);
        response.delay = std::chrono::milliseconds(3000);
        return response;
    });
    awsml::client slow(config_for(hanging));
    auto result = slow.try_get_ml_model(
        {.ml_model_id = "ml-1"},
        awsml::call_options{.attempt_timeout = std::chrono::milliseconds(150), .max_attempts = 2});
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == awsml::errc::timeout);
    CHECK_THAT(result.error().message,
               Catch::Contains("no answer within attempt_timeout (150 ms)"));
    CHECK(result.error().metadata.attempts == 2);
}

TEST_CASE("region_from_instance_metadata: the region where no other source has one; why not, "
          "when IMDS cannot say",
          "[http][client][region]") {
    std::atomic<int> region_requests{0};
    awsml_test::test_server imds([&](const received_request& r) {
        if (r.method == "PUT" && r.target == "/latest/api/token")
            return raw_response::ok("imds-session-token");
        if (r.target == "/latest/meta-data/placement/region" &&
            r.header("X-aws-ec2-metadata-token") == "imds-session-token") {
            ++region_requests;
            return raw_response::ok("ap-southeast-2");
        }
        return raw_response::with_status(404);
    });
    awsml_test::test_server service(answer);
    auto config = config_for(service);
    config.region.reset();
    config.region_from_instance_metadata = true;
    config.credential_sources.instance_metadata.endpoint = imds.url();
    config.environment = awsml::environment::from_map(
        {{"AWS_CONFIG_FILE", "/nonexistent/awsml-test/config"},
         {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/awsml-test/credentials"}});
    awsml::client c(config);
    CHECK(c.region() == "ap-southeast-2");
    CHECK(region_requests == 1);
    CHECK(c.try_get_ml_model({.ml_model_id = "ml-1"}).has_value());
    CHECK_THAT(std::string(service.requests().back().header("Authorization").value_or("")),
               Catch::Contains("/ap-southeast-2/machinelearning/aws4_request"));

    // A region from any other source wins, and IMDS is not asked.
    config.region = "eu-north-1";
    awsml::client explicit_region(config);
    CHECK(explicit_region.region() == "eu-north-1");
    CHECK(region_requests == 1);

    // IMDS cannot say: each call fails with no_region, and says why.
    config.region.reset();
    config.credential_sources.instance_metadata.endpoint = service.url() + "/nothing-here";
    awsml::client without(config);
    CHECK_FALSE(without.region());
    auto failed = without.try_get_ml_model({.ml_model_id = "ml-1"});
    REQUIRE_FALSE(failed.has_value());
    CHECK(failed.error().code == awsml::errc::no_region);
    CHECK_THAT(failed.error().message, Catch::Contains("asked for one, instance metadata (IMDS)"));
}

} // namespace client_http_test
