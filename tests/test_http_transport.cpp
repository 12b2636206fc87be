#include <awsml/http/asio_transport.hpp>

#include "support/socket_options.hpp"
#include "support/test_proxy.hpp"
#include "support/test_server.hpp"
#include "support/test_tls.hpp"

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/write.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace http_transport_test {

using namespace std::chrono_literals;
using awsml::asio_http_transport;
using awsml::errc;
using awsml::http_transport_config;
using awsml_test::raw_response;
using awsml_test::received_request;
using awsml_test::test_server;

namespace {

http_transport_config quick_config() {
    http_transport_config config;
    config.connect_timeout = 2000ms;
    config.read_timeout = 2000ms;
    return config;
}

// Sends and requires success; the transport's message is shown on failure.
awsml::http_response send_ok(asio_http_transport& transport, const awsml::http_request& request) {
    std::error_code ec;
    awsml::http_response response = transport.send(request, ec);
    INFO("error: " << transport.last_error_message());
    REQUIRE_FALSE(ec);
    CHECK(transport.last_error_message().empty());
    return response;
}

struct failure {
    std::error_code ec;
    std::string message;
};

failure send_failing(asio_http_transport& transport, const awsml::http_request& request) {
    std::error_code ec;
    transport.send(request, ec);
    INFO("message: " << transport.last_error_message());
    CHECK(ec);
    CHECK_FALSE(transport.last_error_message().empty());
    return {ec, transport.last_error_message()};
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A non-blocking socket connecting to 127.0.0.1:port, closed when it goes out of scope.
class socket_handle {
public:
    explicit socket_handle(int fd)
        : fd_(fd) {}
    socket_handle(socket_handle&& other) noexcept
        : fd_(std::exchange(other.fd_, -1)) {}
    socket_handle& operator=(socket_handle&&) = delete;
    ~socket_handle() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    int fd() const noexcept { return fd_; }

private:
    int fd_;
};

socket_handle start_connecting(std::uint16_t port) {
    socket_handle handle(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
    ::sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    (void)::connect(handle.fd(), reinterpret_cast<const ::sockaddr*>(&address), sizeof address);
    return handle;
}

auto elapsed_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::steady_clock::now() - start;
}

} // namespace

TEST_CASE("a plain HTTP round trip sends the request as given", "[http_transport]") {
    test_server server([](const received_request& request) {
        return raw_response::ok("echo:" + request.body,
                                {{"Content-Type", "text/plain"}, {"x-amzn-RequestId", "r-1"}});
    });
    asio_http_transport transport(quick_config());
    auto request = server.request("POST", "/path?query=1", "{\"MLModelId\":\"ml-1\"}");
    request.headers = {{"X-Amz-Target", "AmazonML_20141212.GetMLModel"},
                       {"Content-Type", "application/x-amz-json-1.1"}};
    auto response = send_ok(transport, request);
    CHECK(response.status == 200);
    CHECK(response.body == "echo:{\"MLModelId\":\"ml-1\"}");
    CHECK(response.header("content-type") == "text/plain");
    CHECK(response.header("X-Amzn-RequestId") == "r-1");

    auto seen = server.requests();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].method == "POST");
    CHECK(seen[0].target == "/path?query=1");
    CHECK(seen[0].version == "HTTP/1.1");
    CHECK(seen[0].body == request.body);
    REQUIRE(seen[0].headers.size() == 4);
    CHECK(seen[0].headers[0] ==
          awsml::http_header{"Host", "127.0.0.1:" + std::to_string(server.port())});
    CHECK(seen[0].headers[1] == request.headers[0]);
    CHECK(seen[0].headers[2] == request.headers[1]);
    CHECK(seen[0].headers[3] ==
          awsml::http_header{"Content-Length", std::to_string(request.body.size())});
}

TEST_CASE("the request's own Host and Content-Length are kept; POST without body says 0",
          "[http_transport]") {
    test_server server(
        [](const received_request&) { return raw_response::with_status(404, "nope"); });
    asio_http_transport transport(quick_config());
    auto request = server.request("POST", "/", "abc");
    request.headers = {{"content-length", "3"}, {"host", "example.com"}};
    auto response = send_ok(transport, request);
    CHECK(response.status == 404); // a non-2xx status is a transport success
    CHECK(response.body == "nope");
    send_ok(transport, server.request("POST", "/"));
    send_ok(transport, server.request("GET", "/"));
    auto seen = server.requests();
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].headers == request.headers);
    CHECK(seen[1].header("Content-Length") == "0");
    CHECK_FALSE(seen[2].header("Content-Length"));
}

TEST_CASE("Content-Length, chunked and large bodies", "[http_transport]") {
    std::string large(3 * 1024 * 1024 + 17, 'x');
    for (std::size_t i = 0; i < large.size(); i += 997)
        large[i] = char('a' + i % 26);
    test_server server([&](const received_request& request) {
        raw_response r = raw_response::ok(request.target == "/large" ? large : "0123456789");
        r.chunked = request.target != "/length";
        r.chunk_size = request.target == "/large" ? 100000 : 3;
        return r;
    });
    asio_http_transport transport(quick_config());
    CHECK(send_ok(transport, server.request("GET", "/length")).body == "0123456789");
    CHECK(send_ok(transport, server.request("GET", "/chunked")).body == "0123456789");
    CHECK(send_ok(transport, server.request("GET", "/large")).body == large);
    // A request of megabytes, which the blocking transport writes in as many pieces as the
    // socket takes, waiting for room in between when it is full.
    const auto upload = send_ok(transport, server.request("POST", "/upload", large));
    CHECK(upload.status == 200);
    CHECK(server.requests().back().body == large);
    CHECK(server.connections_accepted() == 1);
}

TEST_CASE("keep-alive: one connection serves many calls", "[http_transport]") {
    test_server server(
        [](const received_request& request) { return raw_response::ok(request.target); });
    asio_http_transport transport(quick_config());
    for (int i = 0; i < 5; ++i)
        CHECK(send_ok(transport, server.request("GET", "/" + std::to_string(i))).body ==
              "/" + std::to_string(i));
    CHECK(server.connections_accepted() == 1);
    CHECK(transport.connections_opened() == 1);
    auto seen = server.requests();
    REQUIRE(seen.size() == 5);
    CHECK(seen[4].connection == 1);
    CHECK(seen[4].sequence_on_connection == 5);

    // One idle connection per origin.
    test_server other([](const received_request&) { return raw_response::ok("other"); });
    for (int i = 0; i < 3; ++i) {
        send_ok(transport, server.request());
        CHECK(send_ok(transport, other.request()).body == "other");
    }
    CHECK(server.connections_accepted() == 1);
    CHECK(other.connections_accepted() == 1);

    // A copy shares only the configuration.
    asio_http_transport copy = transport;
    CHECK(copy.connections_opened() == 0);
    send_ok(copy, server.request());
    CHECK(server.connections_accepted() == 2);
}

TEST_CASE("tcp_keepalive: SO_KEEPALIVE and its timing on the connections opened",
          "[http_transport]") {
    test_server server([](const received_request&) { return raw_response::ok("ok"); });
    auto keepalive_after_a_call = [&](http_transport_config config) {
        asio_http_transport transport(config);
        send_ok(transport, server.request());
        auto found = awsml_test::keepalive_of_connections_to(server.port());
        REQUIRE(found.size() == 1); // the pooled connection, still open
        return found.front();
    };
    CHECK_FALSE(keepalive_after_a_call(quick_config()).enabled);

    auto config = quick_config();
    config.tcp_keepalive = true;
    const auto system_idle = keepalive_after_a_call(config);
    CHECK(system_idle.enabled);
    config.tcp_keepalive_idle = 42s;
    const auto chosen = keepalive_after_a_call(config);
    CHECK(chosen.enabled);
    CHECK(chosen.idle_seconds == 42);
    CHECK(chosen.interval_seconds == 42);
    CHECK(system_idle.idle_seconds != 42);                    // zero left the system's
    config.tcp_keepalive_idle = std::chrono::hours(24 * 365); // beyond what Linux takes
    CHECK(keepalive_after_a_call(config).idle_seconds == 32767);

    // The client's resolved setting applies only where the transport's own is unset.
    asio_http_transport from_client(quick_config());
    from_client.use_client_defaults({.tcp_keepalive = true});
    CHECK(from_client.config().tcp_keepalive == true);
    auto off = quick_config();
    off.tcp_keepalive = false;
    asio_http_transport own_off(off);
    own_off.use_client_defaults({.tcp_keepalive = true});
    send_ok(own_off, server.request());
    const auto found = awsml_test::keepalive_of_connections_to(server.port());
    REQUIRE(found.size() == 1);
    CHECK_FALSE(found.front().enabled);
}

TEST_CASE("interim responses are skipped; a body may end with the connection", "[http_transport]") {
    test_server server([](const received_request& request) {
        if (request.target == "/continue")
            return raw_response::bytes("HTTP/1.1 100 Continue\r\n\r\n"
                                       "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                                       raw_response::action::respond);
        return raw_response::bytes("HTTP/1.1 200 OK\r\n\r\nuntil the server closes");
    });
    asio_http_transport transport(quick_config());
    CHECK(send_ok(transport, server.request("GET", "/continue")).body == "ok");
    CHECK(send_ok(transport, server.request("GET", "/eof")).body == "until the server closes");
    CHECK(send_ok(transport, server.request("GET", "/continue")).body == "ok");
    CHECK(server.connections_accepted() == 2);
}

TEST_CASE("HEAD responses end at their headers", "[http_transport]") {
    test_server server(
        [](const received_request&) { return raw_response::ok("a body HEAD leaves out"); });
    asio_http_transport transport(quick_config());
    auto head = send_ok(transport, server.request("HEAD", "/"));
    CHECK(head.header("Content-Length") == "22");
    CHECK(head.body.empty());
    CHECK(send_ok(transport, server.request("GET", "/")).body == "a body HEAD leaves out");
    CHECK(server.connections_accepted() == 1);
}

TEST_CASE("a kept connection the server closed is replaced transparently", "[http_transport]") {
    SECTION("closed while idle") {
        test_server server([](const received_request&) {
            raw_response r = raw_response::ok("fine");
            r.then = raw_response::action::respond_and_close; // without saying Connection: close
            return r;
        });
        asio_http_transport transport(quick_config());
        for (int i = 0; i < 3; ++i)
            CHECK(send_ok(transport, server.request()).body == "fine");
        CHECK(server.connections_accepted() == 3);
        CHECK(server.requests_received() == 3);
    }
    SECTION("closed after reading the request, before answering: sent again once") {
        test_server server([](const received_request& request) {
            return request.sequence_on_connection == 1 ? raw_response::ok("fine")
                                                       : raw_response::close_without_answer();
        });
        asio_http_transport transport(quick_config());
        CHECK(send_ok(transport, server.request("GET", "/1")).body == "fine");
        CHECK(send_ok(transport, server.request("GET", "/2")).body == "fine");
        CHECK(server.connections_accepted() == 2);
        auto seen = server.requests();
        REQUIRE(seen.size() == 3);
        CHECK(seen[1].target == "/2");
        CHECK(seen[2].target == "/2");
        CHECK(seen[2].connection == 2);
    }
    SECTION("only once") {
        test_server server([](const received_request& request) {
            return request.connection == 1 && request.sequence_on_connection == 1
                       ? raw_response::ok("fine")
                       : raw_response::close_without_answer();
        });
        asio_http_transport transport(quick_config());
        send_ok(transport, server.request());
        auto f = send_failing(transport, server.request());
        CHECK(f.ec == errc::transport_error);
        CHECK(f.message == "127.0.0.1:" + std::to_string(server.port()) +
                               " closed the connection without responding");
        CHECK(server.requests_received() == 3);
    }
    SECTION("sent on the kept connection, then no new one: the service may have it") {
        // One connection, one answer; the second request is read and the server goes away, so
        // the transport's new connection is refused.
        asio::io_context io;
        asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
        const auto port = acceptor.local_endpoint().port();
        std::thread server([&] {
            asio::ip::tcp::socket socket(io);
            acceptor.accept(socket);
            auto read_request = [&] {
                std::string seen;
                char buffer[4096];
                while (seen.find("\r\n\r\n") == std::string::npos)
                    seen.append(buffer, socket.read_some(asio::buffer(buffer)));
            };
            read_request();
            asio::write(socket, asio::buffer(std::string_view(
                                    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")));
            read_request();
            acceptor.close();
            socket.close();
        });
        asio_http_transport transport(quick_config());
        awsml::http_request request;
        request.method = "GET";
        request.scheme = "http";
        request.host = "127.0.0.1";
        request.port = port;
        CHECK(send_ok(transport, request).body == "ok");
        auto f = send_failing(transport, request);
        server.join();
        CHECK(f.ec == errc::transport_error);
        CHECK(contains(f.message, "Connection refused"));
        CHECK(transport.last_failure_stage() == awsml::transport_stage::exchanging);
    }
    SECTION("a fresh connection closed without an answer is not retried") {
        test_server server(
            [](const received_request&) { return raw_response::close_without_answer(); });
        asio_http_transport transport(quick_config());
        auto f = send_failing(transport, server.request());
        CHECK(contains(f.message, "closed the connection without responding"));
        CHECK(server.requests_received() == 1);
    }
}

TEST_CASE("Connection: close is honoured both ways", "[http_transport]") {
    test_server server([](const received_request& request) {
        if (request.target == "/close")
            return raw_response::ok("bye", {{"Connection", "close"}});
        return raw_response::ok("hi");
    });
    asio_http_transport transport(quick_config());
    send_ok(transport, server.request("GET", "/close"));
    send_ok(transport, server.request("GET", "/"));
    CHECK(server.connections_accepted() == 2);

    auto closing = server.request("GET", "/");
    closing.headers = {{"Connection", "close"}};
    send_ok(transport, closing);
    send_ok(transport, server.request("GET", "/"));
    CHECK(server.connections_accepted() == 3);

    // HTTP/1.0 without keep-alive, and bytes after the response, also end the connection.
    server.set_handler([](const received_request&) {
        return raw_response::bytes("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
                                   raw_response::action::respond);
    });
    send_ok(transport, server.request());
    server.set_handler([](const received_request&) {
        return raw_response::bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA",
                                   raw_response::action::respond);
    });
    send_ok(transport, server.request());
    server.set_handler([](const received_request&) { return raw_response::ok(); });
    send_ok(transport, server.request());
    // 1: /close; 2: / and the request saying close; 3: / and the HTTP/1.0 answer; 4: EXTRA; 5.
    CHECK(server.connections_accepted() == 5);
}

TEST_CASE("connection refused is named", "[http_transport]") {
    static_assert(awsml::transport_with_failure_stage<asio_http_transport>);
    asio_http_transport transport(quick_config());
    awsml::http_request request;
    request.scheme = "http";
    request.host = "127.0.0.1";
    request.port = 1;
    auto f = send_failing(transport, request);
    CHECK(f.ec == errc::transport_error);
    CHECK(f.message == "connect to 127.0.0.1:1: Connection refused");
    CHECK(transport.last_failure_stage() == awsml::transport_stage::connecting);
    CHECK_FALSE(transport.last_failure_connected());
    try {
        transport.send(request);
        FAIL("no exception");
    } catch (const awsml::error& e) {
        CHECK(e.code() == errc::transport_error);
        CHECK(std::string(e.what()) == "connect to 127.0.0.1:1: Connection refused");
    }
}

TEST_CASE("timeouts", "[http_transport]") {
    http_transport_config config;
    config.connect_timeout = 200ms;
    config.read_timeout = 200ms;
    asio_http_transport transport(config);

    SECTION("a server that never answers") {
        test_server server([](const received_request&) { return raw_response::never_answer(); });
        const auto start = std::chrono::steady_clock::now();
        auto f = send_failing(transport, server.request());
        CHECK(elapsed_since(start) < 1000ms);
        CHECK(f.ec == errc::timeout);
        CHECK(f.message ==
              "no response from 127.0.0.1:" + std::to_string(server.port()) + " within 200 ms");
        // The transport is usable afterwards.
        server.set_handler([](const received_request&) { return raw_response::ok("later"); });
        CHECK(send_ok(transport, server.request()).body == "later");
    }
    SECTION("a response that stalls") {
        test_server server([](const received_request&) {
            raw_response r = raw_response::ok("slow");
            r.trickle_bytes = 20;
            r.trickle_interval = 3000ms;
            return r;
        });
        const auto start = std::chrono::steady_clock::now();
        auto f = send_failing(transport, server.request());
        CHECK(elapsed_since(start) < 1000ms);
        CHECK(f.ec == errc::timeout);
        CHECK(contains(f.message, "stopped sending the response: nothing for 200 ms"));
    }
    SECTION("the read timeout is per read, not per response") {
        test_server server([](const received_request&) {
            raw_response r = raw_response::ok(std::string(40, 'b'));
            r.trickle_bytes = 10;
            r.trickle_interval = 20ms; // about 200 ms in all, each wait well below the timeout
            return r;
        });
        CHECK(send_ok(transport, server.request()).body == std::string(40, 'b'));
    }
    SECTION("a server that does not read the request") {
        // The kernel completes the handshake of a connection no one accepts, and takes bytes
        // until its buffers are full; a request larger than them then waits for room in vain.
        asio::io_context io;
        asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
        acceptor.listen(8);
        awsml::http_request request;
        request.method = "POST";
        request.scheme = "http";
        request.host = "127.0.0.1";
        request.port = acceptor.local_endpoint().port();
        // 64 MiB: more than the two buffers can hold (a receive buffer grows only as the
        // application reads, and tcp_rmem's maximum is 32 MiB here).
        request.body = std::string(64 * 1024 * 1024, 'x');
        const auto start = std::chrono::steady_clock::now();
        std::error_code ec;
        transport.send(request, ec);
        // Generous: serialising 64 MiB under a sanitizer comes before the 200 ms.
        CHECK(elapsed_since(start) < 5000ms);
        REQUIRE(ec);
        CHECK(ec == errc::timeout);
        CHECK(transport.last_error_message() ==
              "sending the request to 127.0.0.1:" + std::to_string(request.port) +
                  " timed out after 200 ms");
    }
    SECTION("connecting to a listener whose backlog is full") {
        asio::io_context io;
        asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
        acceptor.listen(0);
        const auto endpoint = acceptor.local_endpoint();
        // Fill the accept queue (never accepted) so that further SYNs are dropped. Asio's
        // synchronous connect would wait for these, so they are plain non-blocking sockets.
        std::vector<socket_handle> fillers;
        for (int i = 0; i < 4; ++i)
            fillers.push_back(start_connecting(endpoint.port()));
        awsml::http_request request;
        request.scheme = "http";
        request.host = "127.0.0.1";
        request.port = endpoint.port();
        const auto start = std::chrono::steady_clock::now();
        std::error_code ec;
        transport.send(request, ec);
        CHECK(elapsed_since(start) < 1000ms);
        INFO(transport.last_error_message());
        REQUIRE(ec);
        CHECK(ec == errc::timeout);
        CHECK(transport.last_error_message() ==
              "connect to 127.0.0.1:" + std::to_string(endpoint.port()) +
                  " timed out after 200 ms");
    }
}

TEST_CASE("malformed responses give clear errors", "[http_transport]") {
    struct bad_case {
        std::string bytes;
        errc code;
        std::string message;
    };
    const std::vector<bad_case> cases = {
        {"HTTP/1.1 2x0 OK\r\n\r\n", errc::malformed_http_response,
         "bad status line \"HTTP/1.1 2x0 OK\""},
        {"SSH-2.0-OpenSSH_9.2\r\n", errc::malformed_http_response,
         "bad status line \"SSH-2.0-OpenSSH_9.2\""},
        {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
         errc::malformed_http_response, "bad chunk size \"zz\""},
        {"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", errc::malformed_http_response,
         "the connection closed after 3 of 10 body bytes"},
        {"HTTP/1.1 200 OK\r\nX-Big: " + std::string(100 * 1024, 'x') + "\r\n\r\n",
         errc::response_too_large, "the response's status line and headers exceed 65536 bytes"},
        {"HTTP/1.1 200 OK\r\nContent-Length: 2147483648\r\n\r\n", errc::response_too_large,
         "Content-Length 2147483648 exceeds the body limit of 67108864 bytes"},
        {"HTTP/1.1 200 OK\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcd",
         errc::malformed_http_response, "conflicting Content-Length values 4 and 5"},
    };
    test_server server([](const received_request&) { return raw_response::ok(); });
    asio_http_transport transport(quick_config());
    for (const auto& c : cases) {
        server.set_handler(
            [bytes = c.bytes](const received_request&) { return raw_response::bytes(bytes); });
        INFO(c.message);
        auto f = send_failing(transport, server.request());
        CHECK(f.ec == c.code);
        CHECK(f.message ==
              "response from 127.0.0.1:" + std::to_string(server.port()) + ": " + c.message);
    }
}

TEST_CASE("requests that cannot be sent are refused before connecting", "[http_transport]") {
    asio_http_transport transport(quick_config());
    awsml::http_request request;
    request.scheme = "http";
    request.host = "127.0.0.1";
    request.port = 1;
    auto refused = [&](awsml::http_request r, const std::string& part) {
        auto f = send_failing(transport, r);
        CHECK(f.ec == errc::invalid_value);
        CHECK(contains(f.message, part));
    };
    auto r = request;
    r.headers = {{"X-Injected", "a\r\nEvil: yes"}};
    refused(r, "bad value for request header X-Injected");
    r = request;
    r.scheme = "ftp";
    refused(r, "unsupported URL scheme \"ftp\"");
    r = request;
    r.target = "/a b";
    refused(r, "bad request target");
    r = request;
    r.body = "abc";
    r.headers = {{"Content-Length", "4"}};
    refused(r, "request Content-Length \"4\" differs from the body's 3 bytes");
    r = request;
    r.host = "";
    refused(r, "bad host name");
}

TEST_CASE("HTTPS", "[http_transport][tls]") {
    const auto& certs = awsml_test::test_tls_certificates();
    awsml::environment::variable_map environment_variables;
    auto respond = [](const received_request& request) {
        return raw_response::ok("secure " + request.target);
    };

    SECTION("trusted through ca_file, with keep-alive") {
        test_server server(respond, {certs.server_cert, certs.server_key});
        auto config = quick_config();
        config.ca_file = certs.ca_cert.string();
        asio_http_transport transport(config);
        CHECK(send_ok(transport, server.request("GET", "/a")).body == "secure /a");
        CHECK(send_ok(transport, server.request("GET", "/b")).body == "secure /b");
        CHECK(server.connections_accepted() == 1);
        auto by_name = server.request("GET", "/by-name");
        by_name.host = "localhost";
        CHECK(send_ok(transport, by_name).body == "secure /by-name");
        // SNI carries a host name, never an address (RFC 6066 section 3).
        CHECK(server.tls_server_names() == std::vector<std::string>{"", "localhost"});
    }
    SECTION("trusted through AWS_CA_BUNDLE") {
        test_server server(respond, {certs.server_cert, certs.server_key});
        ::setenv("AWS_CA_BUNDLE", certs.ca_cert.c_str(), 1);
        asio_http_transport transport(quick_config());
        std::error_code ec;
        auto response = transport.send(server.request("GET", "/env"), ec);
        ::unsetenv("AWS_CA_BUNDLE");
        INFO(transport.last_error_message());
        REQUIRE_FALSE(ec);
        CHECK(response.body == "secure /env");
    }
    SECTION("a CA bundle replaces the system's store") {
        // OpenSSL's SSL_CERT_FILE stands in for the system's store: it trusts the test CA.
        ::setenv("SSL_CERT_FILE", certs.ca_cert.c_str(), 1);
        test_server server(respond, {certs.server_cert, certs.server_key});
        auto trusting = [&](awsml::http_transport_config config) {
            config.environment = awsml::environment::from_map(environment_variables);
            asio_http_transport transport(config);
            std::error_code ec;
            transport.send(server.request("GET", "/store"), ec);
            INFO(transport.last_error_message());
            return !ec;
        };
        auto other_ca = certs.self_signed_cert.string(); // a bundle without the test CA
        environment_variables = {};
        CHECK(trusting(quick_config())); // the system's store alone
        environment_variables = {{"AWS_CA_BUNDLE", other_ca}};
        CHECK_FALSE(trusting(quick_config()));
        auto plus_store = quick_config();
        plus_store.ca_bundle_adds_to_system_store = true;
        CHECK(trusting(plus_store));
        auto explicit_file = quick_config(); // ca_file wins over AWS_CA_BUNDLE
        explicit_file.ca_file = certs.ca_cert.string();
        CHECK(trusting(explicit_file));
        environment_variables = {};
        auto from_profile = quick_config(); // the profile's ca_bundle, when nothing else is set
        from_profile.shared_config_ca_bundle = other_ca;
        CHECK_FALSE(trusting(from_profile));
        environment_variables = {{"AWS_CA_BUNDLE", certs.ca_cert.string()}};
        CHECK(trusting(from_profile)); // AWS_CA_BUNDLE wins over the profile's
        ::unsetenv("SSL_CERT_FILE");
    }
    SECTION("an untrusted certificate is refused") {
        test_server server(respond, {certs.self_signed_cert, certs.self_signed_key});
        auto config = quick_config();
        config.ca_file = certs.ca_cert.string();
        asio_http_transport transport(config);
        auto f = send_failing(transport, server.request());
        CHECK(f.ec == errc::transport_error);
        CHECK(contains(f.message,
                       "TLS handshake with 127.0.0.1:" + std::to_string(server.port()) +
                           " failed: certificate verification failed: self-signed certificate"));
        CHECK(contains(f.message, "not signed by a trusted CA"));
        // Without the test CA, the CA-signed certificate is untrusted too.
        test_server signed_server(respond, {certs.server_cert, certs.server_key});
        asio_http_transport system_only(quick_config());
        auto g = send_failing(system_only, signed_server.request());
        CHECK(contains(g.message,
                       "certificate verification failed: unable to get local issuer certificate"));
    }
    SECTION("a certificate for another host is refused") {
        test_server server(respond, {certs.wrong_host_cert, certs.wrong_host_key});
        auto config = quick_config();
        config.ca_file = certs.ca_cert.string();
        asio_http_transport transport(config);
        auto f = send_failing(transport, server.request());
        CHECK(f.ec == errc::transport_error);
        CHECK(contains(
            f.message,
            "certificate verification failed: IP address mismatch (the server's certificate "
            "is not valid for 127.0.0.1)"));
        auto by_name = server.request();
        by_name.host = "localhost";
        auto g = send_failing(transport, by_name);
        CHECK(contains(g.message, "certificate verification failed: hostname mismatch"));
    }
    SECTION("insecure_skip_tls_verify accepts anything") {
        test_server server(respond, {certs.self_signed_cert, certs.self_signed_key});
        auto config = quick_config();
        config.insecure_skip_tls_verify = true;
        asio_http_transport transport(config);
        CHECK(send_ok(transport, server.request("GET", "/x")).body == "secure /x");
        test_server wrong(respond, {certs.wrong_host_cert, certs.wrong_host_key});
        CHECK(send_ok(transport, wrong.request("GET", "/y")).body == "secure /y");
    }
    SECTION("a CA bundle that cannot be loaded is a configuration error") {
        auto config = quick_config();
        config.ca_file = (certs.directory / "missing.pem").string();
        asio_http_transport transport(config);
        test_server server(respond, {certs.server_cert, certs.server_key});
        auto f = send_failing(transport, server.request());
        CHECK(f.ec == errc::config_error);
        CHECK(contains(f.message, "cannot load the CA bundle " + *config.ca_file));
    }
    SECTION("plain HTTP to a TLS server fails clearly") {
        test_server server(respond, {certs.server_cert, certs.server_key});
        auto request = server.request();
        request.scheme = "http";
        asio_http_transport transport(quick_config());
        auto f = send_failing(transport, request);
        CHECK(f.ec);
    }
}

TEST_CASE("blocking calls through a proxy", "[http_transport][proxy]") {
    const auto& certs = awsml_test::test_tls_certificates();
    awsml_test::test_proxy proxy;
    auto config = quick_config();
    config.environment = awsml::environment::from_map({{"HTTPS_PROXY", proxy.url("me", "pw")}});
    config.ca_file = certs.ca_cert.string();
    asio_http_transport transport(config);

    test_server server(
        [](const received_request& request) { return raw_response::ok(request.target); },
        {certs.server_cert, certs.server_key});
    CHECK(send_ok(transport, server.request("GET", "/tunnelled")).body == "/tunnelled");
    CHECK(send_ok(transport, server.request("GET", "/again")).body == "/again");
    auto seen = proxy.requests();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].method == "CONNECT");
    CHECK(seen[0].target == "127.0.0.1:" + std::to_string(server.port()));
    CHECK(seen[0].header("Proxy-Authorization") == "Basic bWU6cHc=");

    // http:// targets take HTTP_PROXY, which is not set: they go directly.
    test_server plain([](const received_request&) { return raw_response::ok("direct"); });
    CHECK(send_ok(transport, plain.request()).body == "direct");
    CHECK(proxy.requests().size() == 1);
}

TEST_CASE("blocking calls through an https:// proxy, from the environment",
          "[http_transport][proxy]") {
    const auto& certs = awsml_test::test_tls_certificates();
    awsml_test::test_proxy proxy({certs.server_cert, certs.server_key});
    auto config = quick_config();
    config.environment = awsml::environment::from_map(
        {{"HTTPS_PROXY", proxy.url("me", "pw")}, {"HTTP_PROXY", proxy.url()}});
    config.ca_file = certs.ca_cert.string();
    asio_http_transport transport(config);

    test_server secure(
        [](const received_request& request) { return raw_response::ok(request.target); },
        {certs.server_cert, certs.server_key});
    CHECK(send_ok(transport, secure.request("GET", "/tunnelled")).body == "/tunnelled");
    CHECK(send_ok(transport, secure.request("GET", "/again")).body == "/again");
    // The plain target's requests go inside TLS to the proxy too, so they are not written at
    // once on the socket (the blocking transport's shortcut for plain TCP).
    test_server plain(
        [](const received_request& request) { return raw_response::ok(request.target); });
    CHECK(send_ok(transport, plain.request("GET", "/plain")).body == "/plain");
    CHECK(send_ok(transport, plain.request("GET", "/plain-again")).body == "/plain-again");
    auto seen = proxy.requests();
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].method == "CONNECT");
    CHECK(seen[0].header("Proxy-Authorization") == "Basic bWU6cHc=");
    CHECK(seen[1].target == "http://127.0.0.1:" + std::to_string(plain.port()) + "/plain");
    CHECK(proxy.handshakes_completed() == proxy.connections_accepted());
    CHECK(proxy.connections_accepted() == 2); // one per route, each kept for its second call
}

} // namespace http_transport_test
