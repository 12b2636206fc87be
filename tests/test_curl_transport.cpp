// The libcurl transport against a real HTTP(S) server on 127.0.0.1: the request goes out as
// given, responses come back whole, connections are reused, errors map to awsml::errc, TLS is
// verified; and the client runs a GetMLModel call over it.
#include <awsml/http/curl_transport.hpp>

#include <awsml-local/server.hpp>
#include <awsml/machinelearning/client.hpp>
#include <support/vectors.hpp>

#include "support/socket_options.hpp"
#include "support/test_proxy.hpp"
#include "support/test_server.hpp"
#include "support/test_tls.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using awsml::errc;
using awsml_test::raw_response;
using awsml_test::received_request;
using awsml_test::test_server;

namespace {

// Hermetic: no proxy from the environment, short timeouts.
awsml::curl_transport_config local_config() {
    awsml::curl_transport_config config;
    config.proxy = "";
    config.connect_timeout = 2s;
    config.read_timeout = 10s;
    return config;
}

raw_response echo_ok(const received_request&) {
    return raw_response::ok("{}", {{"Content-Type", "application/json"}});
}

// A port nothing listens on: one a server had, after it stopped.
std::uint16_t closed_port() {
    test_server server(echo_ok);
    return server.port();
}

class scoped_env {
public:
    scoped_env(const char* name, const std::string& value)
        : name_(name) {
        if (const char* old = std::getenv(name))
            old_ = old;
        ::setenv(name, value.c_str(), 1);
    }
    ~scoped_env() {
        if (old_)
            ::setenv(name_, old_->c_str(), 1);
        else
            ::unsetenv(name_);
    }
    scoped_env(const scoped_env&) = delete;
    scoped_env& operator=(const scoped_env&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

const char* const model_json =
    R"({"MLModelId":"ml-curl","Name":"churn over curl","Status":"COMPLETED",
    "ScoreThreshold":0.5,"CreatedAt":1.4409e9,"EndpointInfo":{"EndpointStatus":"READY"}})";

} // namespace

static_assert(awsml::http_transport<awsml::curl_transport>);
static_assert(awsml::transport_with_failure_stage<awsml::curl_transport>);

TEST_CASE("the request goes out as given, without curl's default headers", "[curl]") {
    test_server server([](const received_request&) {
        return raw_response::with_status(201, "created!",
                                         {{"X-Answer", "  forty-two  "}, {"X-Answer", "again"}});
    });
    awsml::curl_transport transport(local_config());
    awsml::http_request request = server.request("POST", "/a/../b?x=1", R"({"k":"v"})");
    request.headers = {{"Host", "127.0.0.1:" + std::to_string(server.port())},
                       {"X-Amz-Target", "AmazonML_20141212.GetMLModel"},
                       {"Content-Type", "application/x-amz-json-1.1"},
                       {"X-Empty", ""}};
    std::error_code ec;
    awsml::http_response response = transport.send(request, ec);
    REQUIRE_FALSE(ec);
    CHECK(transport.last_error_message().empty());
    CHECK(response.status == 201);
    CHECK(response.body == "created!");
    CHECK(response.header("x-answer") == "forty-two");
    CHECK(response.headers.size() == 3); // two X-Answer and Content-Length: no status line

    REQUIRE(server.requests_received() == 1);
    const received_request got = server.requests().at(0);
    CHECK(got.method == "POST");
    CHECK(got.target == "/a/../b?x=1"); // dot segments not squashed: the signature covers the path
    CHECK(got.body == R"({"k":"v"})");
    CHECK(got.header("X-Amz-Target") == "AmazonML_20141212.GetMLModel");
    CHECK(got.header("Content-Type") == "application/x-amz-json-1.1");
    CHECK(got.header("Content-Length") == "9");
    CHECK(got.header("X-Empty") == "");
    CHECK_FALSE(got.header("Expect"));
    CHECK_FALSE(got.header("Accept"));
    CHECK_FALSE(got.header("User-Agent"));
}

TEST_CASE("curl adds only Host and Content-Length; GET and HEAD carry no body", "[curl]") {
    test_server server([](const received_request& r) {
        return raw_response::ok(r.method == "HEAD" ? "" : "body of " + r.method);
    });
    awsml::curl_transport transport(local_config());
    std::error_code ec;

    auto post = transport.send(server.request("POST", "/", ""), ec);
    REQUIRE_FALSE(ec);
    auto get = transport.send(server.request("GET", "/g"), ec);
    REQUIRE_FALSE(ec);
    auto head = transport.send(server.request("HEAD", "/h"), ec);
    REQUIRE_FALSE(ec);
    auto del = transport.send(server.request("DELETE", "/d"), ec);
    REQUIRE_FALSE(ec);
    CHECK(post.body == "body of POST");
    CHECK(get.body == "body of GET");
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    CHECK(del.body == "body of DELETE");

    const auto requests = server.requests();
    REQUIRE(requests.size() == 4);
    CHECK(requests[0].header("Host") == "127.0.0.1:" + std::to_string(server.port()));
    CHECK(requests[0].header("Content-Length") == "0");
    CHECK_FALSE(requests[0].header("Content-Type"));
    CHECK(requests[1].method == "GET");
    CHECK_FALSE(requests[1].header("Content-Length"));
    CHECK(requests[2].method == "HEAD");
    CHECK(requests[3].method == "DELETE");
    CHECK(requests[3].target == "/d");
}

TEST_CASE("a non-2xx status is a transport success", "[curl]") {
    test_server server([](const received_request&) {
        return raw_response::with_status(503, R"({"__type":"ServiceUnavailable"})");
    });
    awsml::curl_transport transport(local_config());
    std::error_code ec;
    auto response = transport.send(server.request("POST", "/", "{}"), ec);
    CHECK_FALSE(ec);
    CHECK(response.status == 503);
    CHECK(response.body == R"({"__type":"ServiceUnavailable"})");
}

TEST_CASE("chunked bodies are reassembled", "[curl]") {
    test_server server([](const received_request&) {
        raw_response r = raw_response::ok("0123456789abcdefghij");
        r.chunked = true;
        r.chunk_size = 3;
        return r;
    });
    awsml::curl_transport transport(local_config());
    std::error_code ec;
    auto response = transport.send(server.request("GET", "/"), ec);
    REQUIRE_FALSE(ec);
    CHECK(response.body == "0123456789abcdefghij");
    CHECK(response.header("Transfer-Encoding") == "chunked");
}

TEST_CASE("one object keeps its connection; a copy has connections of its own", "[curl]") {
    test_server server(echo_ok);
    awsml::curl_transport transport(local_config());
    std::error_code ec;
    for (int i = 0; i < 3; ++i) {
        transport.send(server.request("POST", "/", "{}"), ec);
        REQUIRE_FALSE(ec);
    }
    CHECK(server.connections_accepted() == 1);
    CHECK(transport.connections_opened() == 1);

    // A copy (what the client's transport pool keeps for each concurrent call) opens its own:
    // libcurl's connection cache is not safe to share between threads.
    awsml::curl_transport copy = transport;
    for (int i = 0; i < 2; ++i) {
        copy.send(server.request("POST", "/", "{}"), ec);
        REQUIRE_FALSE(ec);
    }
    CHECK(copy.connections_opened() == 1);
    transport.send(server.request("POST", "/", "{}"), ec);
    REQUIRE_FALSE(ec);
    CHECK(server.connections_accepted() == 2);
    CHECK(transport.connections_opened() == 1);
}

// The sanitizer runs also see the old handle's lock of a freed share, which the socket cannot.
TEST_CASE("a transport assigned over a used one closes the old one's connection", "[curl]") {
    test_server server(echo_ok);
    awsml::curl_transport transport(local_config());
    std::error_code ec;
    transport.send(server.request("POST", "/", "{}"), ec);
    REQUIRE_FALSE(ec);
    REQUIRE(awsml_test::keepalive_of_connections_to(server.port()).size() == 1);
    transport = awsml::curl_transport(local_config());
    CHECK(awsml_test::keepalive_of_connections_to(server.port()).empty());
    transport.send(server.request("POST", "/", "{}"), ec);
    CHECK_FALSE(ec);
    CHECK(server.connections_accepted() == 2);
}

TEST_CASE("requests go out over HTTP/1.1, blank header values included; folded response "
          "headers are joined, a malformed name refused",
          "[curl]") {
    test_server server([](const received_request& r) {
        if (r.target == "/folded")
            return raw_response::bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Folded: first\r\n"
                                       "  second: part\r\n\tthird\r\n\r\n{}");
        if (r.target == "/spaced")
            return raw_response::bytes(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Name : v\r\n\r\n{}");
        return echo_ok(r);
    });
    awsml::curl_transport transport(local_config());
    std::error_code ec;
    auto blank = server.request("POST", "/", "{}");
    blank.headers.push_back({"X-Amz-Meta-Blank", "   "});
    transport.send(blank, ec);
    REQUIRE_FALSE(ec);
    const received_request sent = server.requests().at(0);
    CHECK(sent.version == "HTTP/1.1");
    CHECK(sent.header("X-Amz-Meta-Blank") == std::optional<std::string_view>(""));

    auto folded = transport.send(server.request("GET", "/folded"), ec);
    REQUIRE_FALSE(ec);
    CHECK(folded.header("X-Folded") == std::optional<std::string_view>("first second: part third"));

    transport.send(server.request("GET", "/spaced"), ec);
    CHECK(ec == errc::malformed_http_response);
    CHECK_THAT(transport.last_error_message(), Catch::Contains("X-Name :"));
}

TEST_CASE("tcp_keepalive: curl's keep-alive and its timing on the connections opened", "[curl]") {
    test_server server(echo_ok);
    auto keepalive_after_a_call = [&](const awsml::curl_transport_config& config) {
        awsml::curl_transport transport(config);
        std::error_code ec;
        transport.send(server.request("POST", "/", "{}"), ec);
        REQUIRE_FALSE(ec);
        auto found = awsml_test::keepalive_of_connections_to(server.port());
        REQUIRE(found.size() == 1); // the cached connection, still open
        return found.front();
    };
    CHECK_FALSE(keepalive_after_a_call(local_config()).enabled);
    auto config = local_config();
    config.tcp_keepalive = true;
    const auto curls = keepalive_after_a_call(config);
    CHECK(curls.enabled);
    CHECK(curls.idle_seconds == 60);
    config.tcp_keepalive_idle = 42s;
    const auto chosen = keepalive_after_a_call(config);
    CHECK(chosen.enabled);
    CHECK(chosen.idle_seconds == 42);
    CHECK(chosen.interval_seconds == 42);

    awsml::curl_transport from_client(local_config());
    from_client.use_client_defaults({.tcp_keepalive = true});
    CHECK(from_client.config().tcp_keepalive == true);
    auto off = local_config();
    off.tcp_keepalive = false;
    awsml::curl_transport own_off(off);
    own_off.use_client_defaults({.tcp_keepalive = true});
    CHECK(own_off.config().tcp_keepalive == false);
}

TEST_CASE("a connection the server closed is replaced", "[curl]") {
    test_server server([](const received_request&) {
        raw_response r = raw_response::ok("bye");
        r.then = raw_response::action::respond_and_close;
        return r;
    });
    awsml::curl_transport transport(local_config());
    std::error_code ec;
    CHECK(transport.send(server.request("GET", "/"), ec).body == "bye");
    REQUIRE_FALSE(ec);
    CHECK(transport.send(server.request("GET", "/"), ec).body == "bye");
    REQUIRE_FALSE(ec);
    CHECK(server.connections_accepted() == 2);
}

TEST_CASE("cannot connect: transport_error with curl's explanation, the query left out", "[curl]") {
    awsml::curl_transport transport(local_config());
    awsml::http_request request;
    request.scheme = "http";
    request.host = "127.0.0.1";
    request.port = closed_port();
    std::error_code ec;
    auto response = transport.send(request, ec);
    CHECK(ec == errc::transport_error);
    CHECK(response.status == 0);
    CHECK(transport.last_curl_code() == CURLE_COULDNT_CONNECT);
    CHECK(transport.last_failure_stage() == awsml::transport_stage::connecting);
    CHECK_THAT(transport.last_error_message(),
               Catch::Contains("127.0.0.1") && Catch::Contains("POST http://127.0.0.1:"));
    CHECK_THROWS_AS(transport.send(request), awsml::error);

    // The request is named without its query: a presigned one's holds its token.
    request.target = "/object?X-Amz-Security-Token=tok-SECRET&X-Amz-Signature=abc";
    transport.send(request, ec);
    REQUIRE(ec == errc::transport_error);
    CHECK(transport.last_error_message().find("tok-SECRET") == std::string::npos);
    CHECK_THAT(transport.last_error_message(), Catch::Contains("/object)"));
}

TEST_CASE("a server that never answers: errc::timeout after read_timeout", "[curl]") {
    test_server server([](const received_request&) { return raw_response::never_answer(); });
    auto config = local_config();
    config.read_timeout = 1s;
    awsml::curl_transport transport(config);
    std::error_code ec;
    const auto start = std::chrono::steady_clock::now();
    transport.send(server.request("POST", "/", "{}"), ec);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(ec == errc::timeout);
    CHECK(transport.last_curl_code() == CURLE_OPERATION_TIMEDOUT);
    CHECK(transport.last_failure_stage() == awsml::transport_stage::exchanging);
    CHECK_THAT(transport.last_error_message(), Catch::Contains("read_timeout (1000 ms)"));
    CHECK(elapsed >= 900ms);
    CHECK(elapsed < 5s);
}

TEST_CASE("a deadline ends the exchange wherever it is; one already passed sends nothing",
          "[curl]") {
    static_assert(awsml::transport_with_deadline<awsml::curl_transport>);
    test_server server([](const received_request&) { return raw_response::never_answer(); });
    awsml::curl_transport transport(local_config()); // read_timeout 10 s
    std::error_code ec;
    const auto start = std::chrono::steady_clock::now();
    transport.send(server.request("POST", "/", "{}"), ec, start + 300ms);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(ec == errc::timeout);
    CHECK(transport.last_curl_code() == CURLE_OPERATION_TIMEDOUT);
    CHECK_THAT(transport.last_error_message(), Catch::StartsWith("the deadline passed ("));
    CHECK(elapsed >= 250ms);
    CHECK(elapsed < 5s); // well before read_timeout

    transport.send(server.request("POST", "/", "{}"), ec, std::chrono::steady_clock::now() - 1ms);
    CHECK(ec == errc::timeout);
    CHECK_THAT(transport.last_error_message(),
               Catch::StartsWith("the deadline passed before sending (POST http://127.0.0.1:"));
    CHECK(server.requests_received() == 1);

    // A deadline far away changes nothing.
    test_server answering(echo_ok);
    auto response = transport.send(answering.request("POST", "/", "{}"), ec,
                                   std::chrono::steady_clock::now() + 1h);
    CHECK_FALSE(ec);
    CHECK(response.status == 200);
}

TEST_CASE("a connection closed without an answer is a transport error", "[curl]") {
    test_server server(
        [](const received_request&) { return raw_response::close_without_answer(); });
    awsml::curl_transport transport(local_config());
    std::error_code ec;
    transport.send(server.request("POST", "/", "{}"), ec);
    CHECK(ec == errc::transport_error);
    CHECK(transport.last_curl_code() == CURLE_GOT_NOTHING);
    CHECK(transport.last_failure_stage() == awsml::transport_stage::exchanging);
    // A success leaves no stage behind.
    server.set_handler(echo_ok);
    transport.send(server.request("POST", "/", "{}"), ec);
    CHECK_FALSE(ec);
    CHECK(transport.last_failure_stage() == awsml::transport_stage::unknown);
}

TEST_CASE("a response that is not HTTP is malformed", "[curl]") {
    test_server server(
        [](const received_request&) { return raw_response::bytes("SMTP ready\r\n\r\n"); });
    awsml::curl_transport transport(local_config());
    std::error_code ec;
    transport.send(server.request("GET", "/"), ec);
    CHECK(ec == errc::malformed_http_response);

    server.set_handler([](const received_request&) {
        return raw_response::bytes(
            "HTTP/1.1 200 OK\r\nno colon here\r\nContent-Length: 1\r\n\r\na");
    });
    transport.send(server.request("GET", "/"), ec);
    CHECK(ec == errc::malformed_http_response);
}

TEST_CASE("a body cut short is a transport error", "[curl]") {
    test_server server([](const received_request&) {
        return raw_response::bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    });
    awsml::curl_transport transport(local_config());
    std::error_code ec;
    transport.send(server.request("GET", "/"), ec);
    CHECK(ec == errc::transport_error);
    CHECK(transport.last_curl_code() == CURLE_PARTIAL_FILE);
    CHECK(transport.last_failure_stage() == awsml::transport_stage::exchanging);
}

TEST_CASE("bodies and headers over the limits are refused", "[curl]") {
    test_server server([](const received_request& r) {
        if (r.target == "/big-body")
            return raw_response::ok(std::string(100, 'x'));
        if (r.target == "/long-line")
            return raw_response::ok("", {{"X-Long", std::string(150 * 1024, 'y')}});
        return raw_response::ok("", {{"X-Big", std::string(300, 'y')}});
    });
    auto config = local_config();
    config.limits.max_body_bytes = 10;
    config.limits.max_header_bytes = 200;
    awsml::curl_transport transport(config);
    std::error_code ec;
    transport.send(server.request("GET", "/big-body"), ec);
    CHECK(ec == errc::response_too_large);
    CHECK_THAT(transport.last_error_message(), Catch::Contains("body over 10 bytes"));
    transport.send(server.request("GET", "/big-header"), ec);
    CHECK(ec == errc::response_too_large);
    CHECK_THAT(transport.last_error_message(), Catch::Contains("headers over 200 bytes"));

    config.limits.max_body_bytes = 100;
    awsml::curl_transport exact(config);
    CHECK(exact.send(server.request("GET", "/big-body"), ec).body.size() == 100);
    CHECK_FALSE(ec);
    // libcurl's own cap on one header line, whatever the limits: too large, not retried.
    config.limits.max_header_bytes = 1 << 20;
    awsml::curl_transport roomy(config);
    roomy.send(server.request("GET", "/long-line"), ec);
    CHECK(ec == errc::response_too_large);
    CHECK_THAT(roomy.last_error_message(), Catch::Contains("100 KiB"));
}

TEST_CASE("requests that cannot be sent as given are refused before connecting", "[curl]") {
    test_server server(echo_ok);
    awsml::curl_transport transport(local_config());
    std::error_code ec;

    auto bad_scheme = server.request("GET", "/");
    bad_scheme.scheme = "ftp";
    transport.send(bad_scheme, ec);
    CHECK(ec == errc::invalid_value);
    CHECK_THAT(transport.last_error_message(), Catch::Contains("unsupported scheme \"ftp\""));

    auto injected = server.request("GET", "/");
    injected.headers.push_back({"X-Evil", "a\r\nX-Injected: 1"});
    transport.send(injected, ec);
    CHECK(ec == errc::invalid_value);

    auto wrong_length = server.request("POST", "/", "12345");
    wrong_length.headers.push_back({"Content-Length", "4"});
    transport.send(wrong_length, ec);
    CHECK(ec == errc::invalid_value);
    CHECK_THAT(transport.last_error_message(), Catch::Contains("not the body's size (5)"));

    auto relative = server.request("GET", "relative");
    transport.send(relative, ec);
    CHECK(ec == errc::invalid_value);

    // curl would cut the target at '#', the query with it.
    transport.send(server.request("GET", "/a%20b#frag?x=1"), ec);
    CHECK(ec == errc::invalid_value);
    CHECK_THAT(transport.last_error_message(), Catch::Contains("'#'"));

    CHECK(server.requests_received() == 0);
    CHECK(transport.last_curl_code() == CURLE_OK);
}

TEST_CASE("TLS: the server is verified against the configured CA bundle", "[curl][tls]") {
    const awsml_test::test_certificates& certs = awsml_test::test_tls_certificates();
    test_server server(echo_ok, {certs.server_cert, certs.server_key});
    std::error_code ec;

    SECTION("a CA curl does not know is refused") {
        awsml::curl_transport transport(local_config());
        transport.send(server.request("GET", "/"), ec);
        CHECK(ec == errc::transport_error);
        CHECK(transport.last_curl_code() == CURLE_PEER_FAILED_VERIFICATION);
    }
    SECTION("ca_file trusts the test CA") {
        auto config = local_config();
        config.ca_file = certs.ca_cert.string();
        awsml::curl_transport transport(config);
        auto response = transport.send(server.request("GET", "/"), ec);
        CHECK_FALSE(ec);
        CHECK(response.body == "{}");
    }
    SECTION("so does AWS_CA_BUNDLE") {
        scoped_env bundle("AWS_CA_BUNDLE", certs.ca_cert.string());
        awsml::curl_transport transport(local_config());
        transport.send(server.request("GET", "/"), ec);
        CHECK_FALSE(ec);
    }
    SECTION("the profile's ca_bundle, when neither is set; AWS_CA_BUNDLE wins over it") {
        scoped_env unset("AWS_CA_BUNDLE", ""); // empty counts as unset
        auto config = local_config();
        config.shared_config_ca_bundle = certs.ca_cert.string();
        awsml::curl_transport transport(config);
        transport.send(server.request("GET", "/"), ec);
        CHECK_FALSE(ec);
        scoped_env other("AWS_CA_BUNDLE", certs.self_signed_cert.string());
        transport.send(server.request("GET", "/"), ec);
        CHECK(ec == errc::transport_error);
        CHECK(transport.last_curl_code() == CURLE_PEER_FAILED_VERIFICATION);
    }
    SECTION("a profile's CA bundle that cannot be read is named as such") {
        scoped_env unset("AWS_CA_BUNDLE", "");
        auto config = local_config();
        config.shared_config_ca_bundle = (certs.directory / "no-such-bundle.pem").string();
        awsml::curl_transport transport(config);
        transport.send(server.request("GET", "/"), ec);
        CHECK(ec == errc::config_error);
        CHECK_THAT(transport.last_error_message(), Catch::Contains("the profile's ca_bundle"));
    }
    SECTION("a CA bundle that cannot be read is a configuration error") {
        auto config = local_config();
        config.ca_file = (certs.directory / "no-such-bundle.pem").string();
        awsml::curl_transport transport(config);
        transport.send(server.request("GET", "/"), ec);
        CHECK(ec == errc::config_error);
        CHECK_THAT(transport.last_error_message(),
                   Catch::Contains("curl_transport_config::ca_file"));
    }
}

TEST_CASE("TLS: an https:// proxy is verified against the same CA bundle", "[curl][tls][proxy]") {
    const awsml_test::test_certificates& certs = awsml_test::test_tls_certificates();
    test_server server(echo_ok, {certs.server_cert, certs.server_key});
    auto config = local_config();
    config.ca_file = certs.ca_cert.string();
    std::error_code ec;

    awsml_test::test_proxy proxy({certs.server_cert, certs.server_key});
    config.proxy = proxy.url();
    awsml::curl_transport transport(config);
    auto response = transport.send(server.request("GET", "/"), ec);
    INFO(transport.last_error_message());
    CHECK_FALSE(ec);
    CHECK(response.body == "{}");
    CHECK(proxy.handshakes_completed() == 1);
    REQUIRE(proxy.requests().size() == 1);
    CHECK(proxy.requests()[0].method == "CONNECT");

    // A proxy that refuses CONNECT: nothing reached the service.
    awsml_test::test_proxy forbidding;
    forbidding.refuse_with(403, "Forbidden");
    config.proxy = forbidding.url();
    awsml::curl_transport forbidden(config);
    forbidden.send(server.request("GET", "/"), ec);
    INFO(forbidden.last_error_message());
    CHECK(ec == errc::transport_error);
    CHECK(forbidden.last_failure_stage() == awsml::transport_stage::proxy);

    awsml_test::test_proxy untrusted({certs.self_signed_cert, certs.self_signed_key});
    config.proxy = untrusted.url();
    awsml::curl_transport refusing(config);
    refusing.send(server.request("GET", "/"), ec);
    CHECK(ec == errc::transport_error);
    CHECK(untrusted.requests().empty());
    // A proxy URL that cannot be used is a configuration error, its credentials never shown.
    config.proxy = "socks9://user:SECRET-PROXY-PW@127.0.0.1:1";
    awsml::curl_transport unusable(config);
    unusable.send(server.request("GET", "/"), ec);
    CHECK(ec == errc::config_error);
    INFO(unusable.last_error_message());
    CHECK(unusable.last_error_message().find("SECRET-PROXY-PW") == std::string::npos);
    CHECK(unusable.last_error_message().find("://***@127.0.0.1:1") != std::string::npos);
}

TEST_CASE("proxies from the environment as asio_http_transport reads them, credentials apart",
          "[curl][proxy]") {
    // The host's proxy variables out of the way (each section's run restores them).
    constexpr const char* proxy_variables[] = {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY",
                                               "http_proxy",  "NO_PROXY",    "no_proxy"};
    std::vector<std::unique_ptr<scoped_env>> cleared;
    for (const char* name : proxy_variables) {
        cleared.push_back(std::make_unique<scoped_env>(name, ""));
        ::unsetenv(name);
    }
    test_server server(echo_ok);
    awsml_test::test_proxy proxy;
    auto config = local_config();
    config.proxy.reset(); // the environment's
    std::error_code ec;
    SECTION("HTTP_PROXY in upper case, with a password holding '/'") {
        const std::string url = proxy.url();
        scoped_env upper("HTTP_PROXY",
                         "http://alice:S3cr%2Fet-PW@" + url.substr(url.find("://") + 3));
        awsml::curl_transport transport(config);
        transport.send(server.request("GET", "/through"), ec);
        REQUIRE_FALSE(ec);
        REQUIRE(proxy.requests().size() == 1);
        CHECK(proxy.requests()[0].header("Proxy-Authorization") ==
              "Basic " + awsml::base64_encode("alice:S3cr/et-PW"));
    }
    SECTION("a bad URL in https_proxy: a configuration error without its password") {
        scoped_env lower("https_proxy", "http://alice:S3cr/et-PW@127.0.0.1:3128:9");
        awsml::curl_transport transport(config);
        auto request = server.request("GET", "/");
        request.scheme = "https";
        transport.send(request, ec);
        CHECK(ec == errc::config_error);
        CHECK(transport.last_error_message().find("S3cr") == std::string::npos);
        CHECK_THAT(transport.last_error_message(), Catch::Contains("(from https_proxy)"));
    }
    SECTION("a bad config.proxy is named as such") {
        config.proxy = "socks5://127.0.0.1:1080";
        awsml::curl_transport transport(config);
        transport.send(server.request("GET", "/"), ec);
        CHECK(ec == errc::config_error);
        CHECK_THAT(transport.last_error_message(),
                   Catch::Contains("(from curl_transport_config::proxy)"));
    }
    SECTION("config.proxy is used whatever NO_PROXY says") {
        scoped_env no_proxy("NO_PROXY", "127.0.0.1,localhost");
        scoped_env no_proxy_lower("no_proxy", "127.0.0.1,localhost");
        config.proxy = proxy.url();
        awsml::curl_transport transport(config);
        transport.send(server.request("GET", "/through"), ec);
        CHECK_FALSE(ec);
        CHECK(proxy.requests().size() == 1);
    }
    SECTION("ALL_PROXY is not read") {
        scoped_env all("ALL_PROXY", proxy.url());
        awsml::curl_transport transport(config);
        transport.send(server.request("GET", "/direct"), ec);
        CHECK_FALSE(ec);
        CHECK(proxy.requests().empty());
        CHECK(server.requests_received() == 1);
    }
}

TEST_CASE("TLS: wrong host and self-signed certificates are refused", "[curl][tls]") {
    const awsml_test::test_certificates& certs = awsml_test::test_tls_certificates();
    auto config = local_config();
    config.ca_file = certs.ca_cert.string();
    std::error_code ec;

    test_server wrong_host(echo_ok, {certs.wrong_host_cert, certs.wrong_host_key});
    awsml::curl_transport transport(config);
    transport.send(wrong_host.request("GET", "/"), ec);
    CHECK(ec == errc::transport_error);

    test_server self_signed(echo_ok, {certs.self_signed_cert, certs.self_signed_key});
    transport.send(self_signed.request("GET", "/"), ec);
    CHECK(ec == errc::transport_error);
    CHECK(transport.last_failure_stage() == awsml::transport_stage::tls_handshake);
    // Through a tunnel the proxy opened (CONNECT answered 200), the handshake is the service's.
    awsml_test::test_proxy tunnel;
    auto tunnelled_config = config;
    tunnelled_config.proxy = tunnel.url();
    awsml::curl_transport tunnelled(tunnelled_config);
    tunnelled.send(self_signed.request("GET", "/"), ec);
    CHECK(ec == errc::transport_error);
    CHECK(tunnelled.last_failure_stage() == awsml::transport_stage::tls_handshake);

    config.insecure_skip_tls_verify = true;
    awsml::curl_transport insecure(config);
    insecure.send(self_signed.request("GET", "/"), ec);
    CHECK_FALSE(ec);
}

namespace {

awsml::client_config client_config_for(const test_server& server) {
    awsml::client_config config;
    config.region = "us-east-1";
    config.endpoint_url = server.url();
    config.credentials =
        awsml::credentials{"AKIDCURLTEST", "curl-test-secret-key", "", std::nullopt, "test"};
    config.use_environment = false;
    config.sleep = [](std::chrono::nanoseconds) {};
    return config;
}

// Answers GetMLModel as the service would, after checking what makes it a signed GetMLModel call.
raw_response machine_learning_service(const received_request& request) {
    if (request.header("X-Amz-Target") != "AmazonML_20141212.GetMLModel")
        return raw_response::with_status(400, R"({"__type":"UnknownOperationException"})");
    const auto authorization = request.header("Authorization");
    if (!authorization || !authorization->starts_with("AWS4-HMAC-SHA256 Credential=AKIDCURLTEST/"))
        return raw_response::with_status(403,
                                         R"({"__type":"MissingAuthenticationTokenException"})");
    const awsml::http_headers json = {{"Content-Type", "application/x-amz-json-1.1"},
                                      {"x-amzn-RequestId", "req-curl-1"}};
    if (request.body.find("\"ml-missing\"") != std::string::npos)
        return raw_response::with_status(
            400, R"({"__type":"ResourceNotFoundException","message":"no such model","code":404})",
            json);
    return raw_response::ok(model_json, json);
}

} // namespace

TEST_CASE("the client calls GetMLModel over libcurl", "[curl][client]") {
    test_server server(machine_learning_service);
    awsml::basic_client<awsml::curl_transport> client(client_config_for(server),
                                                      awsml::curl_transport(local_config()));

    awsml::response_metadata metadata;
    auto model = client.get_ml_model({.ml_model_id = "ml-curl", .verbose = true}, metadata);
    CHECK(model.ml_model_id == "ml-curl");
    CHECK(model.name == "churn over curl");
    CHECK(model.status == awsml::entity_status::COMPLETED);
    CHECK(metadata.http_status == 200);
    CHECK(metadata.request_id == "req-curl-1");

    REQUIRE(server.requests_received() == 1);
    const received_request sent = server.requests().at(0);
    CHECK(sent.body == R"({"MLModelId":"ml-curl","Verbose":true})");
    CHECK(sent.header("Content-Type") == "application/x-amz-json-1.1");
    CHECK(sent.header("Host") == "127.0.0.1:" + std::to_string(server.port()));
    CHECK(sent.header("X-Amz-Date"));

    auto missing = client.try_get_ml_model({.ml_model_id = "ml-missing"});
    REQUIRE_FALSE(missing.has_value());
    REQUIRE(missing.error().as<awsml::resource_not_found_exception>());
    CHECK(missing.error().service.http_status == 400);

    client.get_ml_model({.ml_model_id = "ml-curl"});
    CHECK(server.connections_accepted() == 1); // the pooled transport kept its connection
}

TEST_CASE("concurrent calls over libcurl keep their connections, however many", "[curl][client]") {
    test_server server(machine_learning_service);
    awsml::basic_client<awsml::curl_transport> client(client_config_for(server),
                                                      awsml::curl_transport(local_config()));
    constexpr int threads = 8, calls = 40;
    std::atomic<int> failures{0};
    std::vector<std::thread> callers;
    for (int t = 0; t < threads; ++t)
        callers.emplace_back([&] {
            for (int i = 0; i < calls; ++i)
                if (!client.try_get_ml_model({.ml_model_id = "ml-curl"}))
                    ++failures;
        });
    for (auto& caller : callers)
        caller.join();
    CHECK(failures == 0);
    CHECK(server.requests_received() == threads * calls);
    // One connection per transport the pool made (at most one per thread); curl's shared cache
    // of 5 closed and reopened them past 5 threads.
    CHECK(server.connections_accepted() <= threads);
}

TEST_CASE("the client's call_timeout cuts an exchange over libcurl", "[curl][client]") {
    test_server server([](const received_request& r) {
        raw_response slow = machine_learning_service(r);
        slow.delay = 3s;
        return slow;
    });
    awsml::basic_client<awsml::curl_transport> client(client_config_for(server),
                                                      awsml::curl_transport(local_config()));
    const auto start = std::chrono::steady_clock::now();
    auto result = client.try_get_ml_model({.ml_model_id = "ml-curl"},
                                          awsml::call_options{.call_timeout = 300ms});
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == errc::timeout);
    CHECK(elapsed < 2500ms); // ended by the deadline, not by the answer
}

TEST_CASE("the client retries a transport failure, then reports it", "[curl][client]") {
    test_server server(
        [](const received_request&) { return raw_response::close_without_answer(); });
    auto config = client_config_for(server);
    config.max_attempts = 2;
    awsml::basic_client<awsml::curl_transport> client(config,
                                                      awsml::curl_transport(local_config()));
    auto result = client.try_get_ml_model({.ml_model_id = "ml-curl"});
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == errc::transport_error);
    CHECK(result.error().metadata.attempts == 2);
    CHECK(server.requests_received() == 2);
}

// The client suite's core against the emulator, over this transport: every sample model, verbose
// and not, and the service's errors as typed errors.
TEST_CASE("the client over libcurl against awsml-local: every sample model and the errors",
          "[curl][client][local]") {
    const char* source = std::getenv("AWSML_SOURCE_DIR");
    const std::string models_file =
        std::string(source ? source : "..") + "/examples/data/models.json";
    awsml::local::background_server server(
        awsml::local::model_store::from_file(models_file).value());
    awsml::client_config config;
    config.region = "us-east-1";
    config.endpoint_url = server.endpoint_url();
    config.credentials = awsml::credentials{std::string(awsml::local::example_access_key_id),
                                            std::string(awsml::local::example_secret_access_key),
                                            "",
                                            {},
                                            "test"};
    config.use_environment = false;
    awsml::basic_client<awsml::curl_transport> client(config,
                                                      awsml::curl_transport(local_config()));

    // What the emulator serves, read independently of it.
    std::vector<awsml::get_ml_model_output> expected;
    awsml::decode_failure failure;
    REQUIRE(awsml::detail::decode_json_fresh(awsml_test::read_file(models_file), expected, {},
                                             failure));
    REQUIRE(expected.size() == 7);
    std::size_t checked = 0;
    for (const auto& model : expected) {
        for (bool verbose : {false, true}) {
            INFO(*model.ml_model_id << (verbose ? " verbose" : ""));
            const awsml::get_ml_model_input input{.ml_model_id = *model.ml_model_id,
                                                  .verbose = verbose};
            auto want = model;
            if (!verbose) { // Recipe and Schema only when asked for
                want.recipe.reset();
                want.schema.reset();
            }
            CHECK(client.get_ml_model(input) == want);
            ++checked;
        }
    }
    CHECK(checked == 14);

    auto missing = client.try_get_ml_model({.ml_model_id = "ml-NoSuchModel"});
    REQUIRE_FALSE(missing.has_value());
    REQUIRE(missing.error().as<awsml::resource_not_found_exception>());
    CHECK(missing.error().service.http_status == 400);
    auto invalid = client.try_get_ml_model({.ml_model_id = "has spaces"});
    REQUIRE_FALSE(invalid.has_value());
    CHECK(invalid.error().code == awsml::errc::validation_failed);

    config.credentials->secret_access_key = "not-the-secret";
    awsml::basic_client<awsml::curl_transport> wrong(config, awsml::curl_transport(local_config()));
    auto rejected = wrong.try_get_ml_model({.ml_model_id = "ml-tGvRzy5Dr8Q"});
    REQUIRE_FALSE(rejected.has_value());
    CHECK(rejected.error().service.code == "InvalidSignatureException");
}
