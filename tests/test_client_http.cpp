// The default client (awsml::client: blocking calls over awsml's HTTP/1.1 + TLS transport)
// against real servers on 127.0.0.1 started by the test. The server recomputes each request's
// SigV4 signature from the secret, as the service does.
#include <awsml/machinelearning/client.hpp>

#include <awsml/auth/sigv4_verify.hpp>

#include <catch2/catch.hpp>

#include <support/scratch_folder.hpp>
#include <support/test_server.hpp>
#include <support/test_tls.hpp>

#include <atomic>
#include <cstdlib>
#include <filesystem>
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

// What a GetMLModel server checks before answering: the operation and the signature.
raw_response answer(const received_request& r) {
    awsml::http_request as_sent;
    as_sent.method = r.method;
    as_sent.target = r.target;
    as_sent.headers = r.headers;
    as_sent.body = r.body;
    awsml::sigv4::verify_options options;
    options.now = std::chrono::system_clock::now();
    options.service = "machinelearning";
    auto verified = awsml::sigv4::verify(as_sent, test_credentials.secret_access_key, options);
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
    CHECK(elapsed < std::chrono::milliseconds(1000)); // ended by the wait's bound, not the answer
    CHECK(server.requests_received() == 1);
}

} // namespace client_http_test
