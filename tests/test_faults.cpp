// The fault matrix: awsml::client over its own HTTP transport against servers that misbehave on
// purpose (throttling, 5xx, refused and reset connections, truncated bodies, silence, a trickle,
// a 2 GB Content-Length, 10 MB of headers). Each fault runs through the blocking call and the
// asynchronous one, with millisecond timeouts and retries without backoff. Every call must end
// in success after a retry or in the right error code, within a generous time bound (only upper
// bounds are asserted), and without the memory a hostile response asks for.
#include <awsml/machinelearning/client.hpp>

#include <catch2/catch.hpp>

#include <support/test_server.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/read_until.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include <sys/resource.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace faults_test {

#if defined(__GNUC__) && !defined(__clang__)
// g++ 12 wrongly pairs Asio's coroutine frame allocator with the wrong delete.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

using namespace std::chrono_literals;
using awsml::errc;
using awsml_test::raw_response;
using awsml_test::received_request;

namespace {

constexpr auto connect_timeout = 200ms;
constexpr auto read_timeout = 200ms;
constexpr int max_attempts = 3;
// Ten times the longest a call may legitimately take: every attempt waiting out both timeouts.
constexpr auto generous_bound = 10 * max_attempts * (connect_timeout + read_timeout);

const std::string success_body = R"({"MLModelId":"ml-1","Status":"COMPLETED"})";

// ---------------------------------------------------------------------------------------------
// Servers

// A server that answers its first `faulty` requests with a connection reset (after writing
// `prefix`, e.g. a response head) and every later one with a success. A reset is what
// test_server cannot do: it closes connections politely.
class resetting_server {
public:
    resetting_server(std::string prefix, std::size_t faulty)
        : prefix_(std::move(prefix))
        , faulty_(faulty) {
        const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
        acceptor_.open(endpoint.protocol());
        acceptor_.bind(endpoint);
        acceptor_.listen();
        port_ = acceptor_.local_endpoint().port();
        asio::co_spawn(io_, accept_connections(), asio::detached);
        thread_ = std::thread([this] { io_.run(); });
    }
    ~resetting_server() {
        io_.stop();
        thread_.join();
    }
    resetting_server(const resetting_server&) = delete;
    resetting_server& operator=(const resetting_server&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    using tcp = asio::ip::tcp;

    asio::awaitable<void> accept_connections() {
        for (;;) {
            tcp::socket socket = co_await acceptor_.async_accept(asio::use_awaitable);
            asio::co_spawn(io_, serve(std::move(socket)), asio::detached);
        }
    }

    asio::awaitable<void> serve(tcp::socket socket) {
        try {
            std::string buffer;
            const std::size_t head_end = co_await asio::async_read_until(
                socket, asio::dynamic_buffer(buffer), "\r\n\r\n", asio::use_awaitable);
            const std::size_t length = content_length(std::string_view(buffer).substr(0, head_end));
            if (buffer.size() < head_end + length)
                co_await asio::async_read(socket, asio::dynamic_buffer(buffer),
                                          asio::transfer_exactly(head_end + length - buffer.size()),
                                          asio::use_awaitable);
            if (++requests_ <= faulty_) {
                if (!prefix_.empty())
                    co_await asio::async_write(socket, asio::buffer(prefix_), asio::use_awaitable);
                socket.set_option(asio::socket_base::linger(true, 0)); // close() sends RST
                socket.close();
                co_return;
            }
            const std::string response =
                "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(success_body.size()) +
                "\r\nConnection: close\r\n\r\n" + success_body;
            co_await asio::async_write(socket, asio::buffer(response), asio::use_awaitable);
        } catch (const std::exception&) {
            // The client went away or the server is stopping.
        }
    }

    static std::size_t content_length(std::string_view head) {
        const std::size_t at = head.find("Content-Length: ");
        std::size_t length = 0;
        if (at != std::string_view::npos) {
            const char* digits = head.data() + at + 16;
            std::from_chars(digits, head.data() + head.size(), length);
        }
        return length;
    }

    std::string prefix_;
    std::size_t faulty_;
    std::atomic<std::size_t> requests_{0};
    asio::io_context io_{1};
    tcp::acceptor acceptor_{io_};
    std::uint16_t port_ = 0;
    std::thread thread_;
};

// A port on 127.0.0.1 that nothing listens on (bound, then released).
std::uint16_t closed_port() {
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    return acceptor.local_endpoint().port();
}

// Answers the first `faulty` requests with `fault`, later ones with a success.
awsml_test::test_server::handler fault_then_success(std::size_t faulty, raw_response fault) {
    auto seen = std::make_shared<std::atomic<std::size_t>>(0);
    return [seen, faulty, fault](const received_request&) {
        if (++*seen <= faulty)
            return fault;
        return raw_response::ok(success_body, {{"Content-Type", "application/x-amz-json-1.1"}});
    };
}

raw_response service_error(int status, std::string type) {
    return raw_response::with_status(
        status, R"({"__type":")" + type + R"(","message":"injected fault"})",
        {{"Content-Type", "application/x-amz-json-1.1"}, {"x-amzn-RequestId", "req-fault"}});
}

raw_response raw(std::string bytes) {
    return raw_response::bytes(std::move(bytes));
}

std::string ten_megabytes_of_headers() {
    std::string out = "HTTP/1.1 200 OK\r\n";
    const std::string filler(1000, 'h');
    for (int i = 0; out.size() < 10 * 1024 * 1024; ++i)
        out += "X-Filler-" + std::to_string(i) + ": " + filler + "\r\n";
    return out + "Content-Length: 2\r\n\r\n{}";
}

// ---------------------------------------------------------------------------------------------
// The matrix

constexpr std::size_t always = 1000;

struct running_server {
    std::string url;
    std::shared_ptr<void> keep_alive; // the server object, stopped when the row is done
};

template <class Server, class... Args>
running_server start(Args&&... args) {
    auto server = std::make_shared<Server>(std::forward<Args>(args)...);
    return {server->url(), server};
}

struct fault_case {
    std::string fault;
    std::function<running_server()> server;
    std::optional<errc> error; ///< nullopt: the call succeeds after retrying
    int attempts;              ///< the attempts the call takes
    std::chrono::milliseconds bound = generous_bound;
    std::string message_part; ///< found in the failure's message
    /// The transport's read timeout. A fault of size, not of silence, gets more: a sanitizer
    /// build on a loaded machine took over 200 ms to send the first 64 KB of a 10 MB head.
    std::chrono::milliseconds row_read_timeout = read_timeout;
    /// How far the last attempt got (call_failure::stage): unknown for a service's error.
    awsml::transport_stage stage = awsml::transport_stage::unknown;
};

constexpr auto connecting = awsml::transport_stage::connecting;
constexpr auto tls_handshake = awsml::transport_stage::tls_handshake;
constexpr auto exchanging = awsml::transport_stage::exchanging;

std::vector<fault_case> fault_matrix() {
    using awsml_test::test_server;
    const std::string head_of_100_bytes = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n";
    raw_response trickle = raw_response::ok(success_body);
    trickle.trickle_interval = 1s;
    trickle.trickle_bytes = 1;
    return {
        {"throttling error (400 ThrottlingException), once",
         [] {
             return start<test_server>(
                 fault_then_success(1, service_error(400, "ThrottlingException")));
         },
         std::nullopt, 2, generous_bound, ""},
        {"throttling error, every time",
         [] {
             return start<test_server>(
                 fault_then_success(always, service_error(400, "ThrottlingException")));
         },
         errc::service_error, max_attempts, generous_bound, "ThrottlingException"},
        {"500 InternalServerException, once",
         [] {
             return start<test_server>(
                 fault_then_success(1, service_error(500, "InternalServerException")));
         },
         std::nullopt, 2, generous_bound, ""},
        {"503 with an HTML body, once",
         [] {
             return start<test_server>(fault_then_success(
                 1, raw_response::with_status(503, "<html>Service Unavailable</html>",
                                              {{"Content-Type", "text/html"}})));
         },
         std::nullopt, 2, generous_bound, ""},
        {"503, every time",
         [] {
             return start<test_server>(fault_then_success(always, raw_response::with_status(503)));
         },
         errc::service_error, max_attempts, generous_bound, "HTTP 503"},
        {"connection refused",
         [] {
             return running_server{"http://127.0.0.1:" + std::to_string(closed_port()), nullptr};
         },
         errc::transport_error, max_attempts, generous_bound, "refused", read_timeout, connecting},
        {"connection reset before the headers, once",
         [] { return start<resetting_server>(std::string(), 1); }, std::nullopt, 2, generous_bound,
         ""},
        {"connection reset before the headers, every time",
         [] { return start<resetting_server>(std::string(), always); }, errc::transport_error,
         max_attempts, generous_bound, "reset", read_timeout, exchanging},
        {"connection reset after the headers, every time",
         [=] { return start<resetting_server>(head_of_100_bytes, always); }, errc::transport_error,
         max_attempts, generous_bound, "reset", read_timeout, exchanging},
        {"body shorter than Content-Length, then close",
         [=] {
             return start<test_server>(
                 fault_then_success(always, raw(head_of_100_bytes + "{\"MLModelId\"")));
         },
         errc::malformed_http_response, max_attempts, generous_bound, "12 of 100 body bytes",
         read_timeout, exchanging},
        {"chunked body cut off, then close",
         [] {
             return start<test_server>(fault_then_success(
                 always,
                 raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n{\"MLModel")));
         },
         errc::malformed_http_response, max_attempts, generous_bound, "chunked body", read_timeout,
         exchanging},
        {"accepts and never answers",
         [] {
             return start<test_server>(fault_then_success(always, raw_response::never_answer()));
         },
         errc::timeout, max_attempts, generous_bound, "200 ms", read_timeout, exchanging},
        {"trickles a byte per second",
         [=] { return start<test_server>(fault_then_success(always, trickle)); }, errc::timeout,
         max_attempts, generous_bound, "200 ms", read_timeout, exchanging},
        {"a 2 GB Content-Length",
         [] {
             return start<test_server>(fault_then_success(
                 always,
                 raw("HTTP/1.1 200 OK\r\nContent-Length: 2147483648\r\n\r\n{\"MLModelId\":")));
         },
         errc::response_too_large, 1, 5s, "2147483648", read_timeout, exchanging}, // not retried
        {"10 MB of headers",
         [] {
             return start<test_server>(fault_then_success(always, raw(ten_megabytes_of_headers())));
         },
         errc::response_too_large, 1, generous_bound, "65536 bytes", 2s, exchanging},
        {"TLS to a server that never answers the handshake (it waits for an HTTP request)",
         [] {
             running_server plain =
                 start<test_server>(fault_then_success(always, raw_response::ok(success_body)));
             plain.url.replace(0, 4, "https");
             return plain;
         },
         errc::timeout, max_attempts, generous_bound, "TLS handshake with", read_timeout,
         tls_handshake},
    };
}

awsml::client_config config_for(const std::string& url) {
    awsml::client_config config;
    config.region = "us-east-1";
    config.endpoint_url = url;
    config.credentials = awsml::credentials{
        "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", {}, "test"};
    config.use_environment = false;
    config.max_attempts = max_attempts;
    config.retry_environment.random = [] { return 0.0; }; // retry at once
    return config;
}

awsml::http_transport_config transport_config(std::chrono::milliseconds read = read_timeout) {
    awsml::http_transport_config config;
    config.connect_timeout = connect_timeout;
    config.read_timeout = read;
    config.use_environment_proxies = false; // straight to 127.0.0.1 whatever HTTP_PROXY says
    return config;
}

long peak_rss_kb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

struct call_result {
    awsml::outcome<awsml::get_ml_model_output> outcome;
    std::chrono::milliseconds elapsed;
};

call_result blocking_call(const std::string& url, std::chrono::milliseconds read) {
    awsml::client client(config_for(url), awsml::asio_http_transport(transport_config(read)));
    const auto start = std::chrono::steady_clock::now();
    auto outcome = client.try_get_ml_model({.ml_model_id = "ml-1"});
    return {std::move(outcome), std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::steady_clock::now() - start)};
}

call_result async_call(const std::string& url, std::chrono::milliseconds read) {
    asio::io_context io;
    awsml::client client(config_for(url),
                         awsml::asio_http_transport(io.get_executor(), transport_config(read)));
    std::optional<awsml::outcome<awsml::get_ml_model_output>> outcome;
    const auto start = std::chrono::steady_clock::now();
    client.async_try_get_ml_model(
        {.ml_model_id = "ml-1"},
        [&](awsml::outcome<awsml::get_ml_model_output> r) { outcome = std::move(r); });
    io.run();
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    REQUIRE(outcome);
    return {std::move(*outcome), elapsed};
}

void check(const fault_case& row, const call_result& result) {
    INFO("took " << result.elapsed.count() << " ms");
    CHECK(result.elapsed < row.bound);
    if (!row.error) {
        REQUIRE(result.outcome.has_value());
        CHECK(result.outcome->ml_model_id == "ml-1");
        return;
    }
    REQUIRE_FALSE(result.outcome.has_value());
    const awsml::call_failure& failure = result.outcome.error();
    INFO(failure.message);
    CHECK(failure.code == *row.error);
    CHECK(failure.metadata.attempts == row.attempts);
    CHECK_THAT(failure.message, Catch::Contains(row.message_part));
    CHECK(failure.stage == row.stage);
}

} // namespace

TEST_CASE("fault matrix: blocking calls end in success or the right error, in time", "[faults]") {
    for (const fault_case& row : fault_matrix()) {
        DYNAMIC_SECTION(row.fault) {
            const running_server server = row.server();
            const long rss_before = peak_rss_kb();
            const call_result result = blocking_call(server.url, row.row_read_timeout);
            check(row, result);
            // Nothing the server announced was allocated: the peak grew by far less than 2 GB.
            CHECK(peak_rss_kb() - rss_before < 256 * 1024);
        }
    }
}

TEST_CASE("fault matrix: asynchronous calls end in success or the right error, in time",
          "[faults][async]") {
    for (const fault_case& row : fault_matrix()) {
        DYNAMIC_SECTION(row.fault) {
            const running_server server = row.server();
            const long rss_before = peak_rss_kb();
            check(row, async_call(server.url, row.row_read_timeout));
            CHECK(peak_rss_kb() - rss_before < 256 * 1024);
        }
    }
}

TEST_CASE("fault matrix: a blocking call ends at call_timeout even while bytes trickle",
          "[faults]") {
    // 50 ms between bytes stays under the read timeout, so only the call's deadline stops it,
    // in the middle of the exchange.
    raw_response slow = raw_response::ok(success_body);
    slow.trickle_interval = 50ms;
    awsml_test::test_server server(fault_then_success(always, slow));
    auto config = config_for(server.url());
    config.call_timeout = 500ms;
    awsml::client client(config, awsml::asio_http_transport(transport_config()));
    const auto start = std::chrono::steady_clock::now();
    auto outcome = client.try_get_ml_model({.ml_model_id = "ml-1"});
    CHECK(std::chrono::steady_clock::now() - start < 5s);
    REQUIRE_FALSE(outcome.has_value());
    CHECK(outcome.error().code == errc::timeout);
    CHECK_THAT(outcome.error().message, Catch::Contains("deadline"));
    CHECK(outcome.error().stage == exchanging);

    // The transport's session survives the cut: the next call ends the same way, in time.
    const auto second = std::chrono::steady_clock::now();
    auto again = client.try_get_ml_model({.ml_model_id = "ml-1"});
    CHECK(std::chrono::steady_clock::now() - second < 5s);
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().code == errc::timeout);
}

TEST_CASE("fault matrix: an asynchronous call ends at call_timeout even while bytes trickle",
          "[faults][async]") {
    // 50 ms between bytes stays under the read timeout, so only the call's deadline stops it.
    raw_response slow = raw_response::ok(success_body);
    slow.trickle_interval = 50ms;
    awsml_test::test_server server(fault_then_success(always, slow));
    asio::io_context io;
    auto config = config_for(server.url());
    config.call_timeout = 500ms;
    awsml::client client(config, awsml::asio_http_transport(io.get_executor(), transport_config()));
    std::optional<awsml::outcome<awsml::get_ml_model_output>> outcome;
    const auto start = std::chrono::steady_clock::now();
    client.async_try_get_ml_model(
        {.ml_model_id = "ml-1"},
        [&](awsml::outcome<awsml::get_ml_model_output> r) { outcome = std::move(r); });
    io.run();
    CHECK(std::chrono::steady_clock::now() - start < 5s);
    REQUIRE(outcome);
    REQUIRE_FALSE(outcome->has_value());
    CHECK(outcome->error().code == errc::timeout);
    CHECK(outcome->error().stage == exchanging); // the exchange the deadline cut
}

TEST_CASE("fault matrix: a proxy that refuses the connection is named as the stage that failed",
          "[faults][proxy]") {
    const awsml_test::test_server service(
        [](const received_request&) { return raw_response::ok(success_body); });
    awsml::http_transport_config transport = transport_config();
    transport.http_proxy = "http://127.0.0.1:" + std::to_string(closed_port());

    SECTION("blocking") {
        awsml::client client(config_for(service.url()), awsml::asio_http_transport(transport));
        const auto outcome = client.try_get_ml_model({.ml_model_id = "ml-1"});
        REQUIRE_FALSE(outcome.has_value());
        INFO(outcome.error().message);
        CHECK(outcome.error().code == errc::transport_error);
        CHECK(outcome.error().stage == awsml::transport_stage::proxy);
    }
    SECTION("asynchronous") {
        asio::io_context io;
        awsml::client client(config_for(service.url()),
                             awsml::asio_http_transport(io.get_executor(), transport));
        std::optional<awsml::outcome<awsml::get_ml_model_output>> outcome;
        client.async_try_get_ml_model(
            {.ml_model_id = "ml-1"},
            [&](awsml::outcome<awsml::get_ml_model_output> r) { outcome = std::move(r); });
        io.run();
        REQUIRE(outcome);
        REQUIRE_FALSE(outcome->has_value());
        INFO(outcome->error().message);
        CHECK(outcome->error().code == errc::transport_error);
        CHECK(outcome->error().stage == awsml::transport_stage::proxy);
    }
    CHECK(service.requests().empty());
}

} // namespace faults_test
