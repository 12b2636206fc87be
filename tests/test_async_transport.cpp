// asio_http_transport used asynchronously (many calls in flight on one object), its connection
// pool, timeouts, cancellation, TLS and proxies, against servers on 127.0.0.1 started by the test.
#include <awsml/http/asio_transport.hpp>
#include <awsml/http/proxy.hpp>
#include <awsml/model/blob.hpp>

#include "support/loopback_acceptor.hpp"
#include "support/test_proxy.hpp"
#include "support/test_server.hpp"
#include "support/test_tls.hpp"

#include <asio/bind_cancellation_slot.hpp>
#include <asio/bind_executor.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_future.hpp>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace async_transport_test {

using namespace std::chrono_literals;
using awsml::asio_http_transport;
using awsml::errc;
using awsml::http_transport_config;
using awsml_test::raw_response;
using awsml_test::received_request;
using awsml_test::test_proxy;
using awsml_test::test_server;

namespace {

using clock_type = std::chrono::steady_clock;

// Generous timeouts (the machine is shared) and no proxy from the process environment.
http_transport_config quick_config() {
    http_transport_config config;
    config.connect_timeout = 10s;
    config.read_timeout = 10s;
    config.environment = awsml::environment::empty();
    return config;
}

struct outcome {
    std::error_code ec;
    awsml::http_response response;
    clock_type::duration took{};
    int calls = 0; ///< how often the handler ran
};

// Starts an asynchronous send whose result lands in the returned outcome.
std::shared_ptr<outcome> start_send(asio_http_transport& transport, awsml::http_request request) {
    auto result = std::make_shared<outcome>();
    const auto start = clock_type::now();
    transport.async_send(std::move(request),
                         [result, start](std::error_code ec, awsml::http_response response) {
                             result->ec = ec;
                             result->response = std::move(response);
                             result->took = clock_type::now() - start;
                             ++result->calls;
                         });
    return result;
}

// One asynchronous send, run to completion on `io` (on this thread).
outcome send_async(asio::io_context& io, asio_http_transport& transport,
                   awsml::http_request request) {
    auto result = start_send(transport, std::move(request));
    io.restart();
    io.run();
    REQUIRE(result->calls == 1);
    return *result;
}

awsml::http_response send_ok(asio::io_context& io, asio_http_transport& transport,
                             awsml::http_request request) {
    outcome result = send_async(io, transport, std::move(request));
    INFO("error: " << result.response.body);
    REQUIRE_FALSE(result.ec);
    return result.response;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("an asynchronous round trip", "[async_transport]") {
    test_server server([](const received_request& request) {
        return raw_response::ok("echo:" + request.body, {{"x-amzn-RequestId", "r-1"}});
    });
    asio::io_context io;
    asio_http_transport transport(io.get_executor(), quick_config());
    static_assert(awsml::async_http_transport<asio_http_transport>);
    CHECK(transport.get_executor() == asio::any_io_executor(io.get_executor()));

    SECTION("with a callback") {
        auto response = send_ok(io, transport, server.request("POST", "/a", "{}"));
        CHECK(response.status == 200);
        CHECK(response.body == "echo:{}");
        CHECK(response.header("x-amzn-requestid") == "r-1");
        auto seen = server.requests();
        REQUIRE(seen.size() == 1);
        CHECK(seen[0].target == "/a");
        CHECK(seen[0].header("Content-Length") == "2");
    }
    SECTION("with use_future, the io_context running on another thread") {
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
        // std::future synchronises inside libstdc++, which is not instrumented: ThreadSanitizer
        // reports the hand-over of the exception as a race (seen once in CI, not reproducible).
        WARN("SKIPPED under ThreadSanitizer: use_future's synchronisation is not instrumented");
        return;
#endif
#endif
        auto work = asio::make_work_guard(io);
        std::thread runner([&] { io.run(); });
        auto future = transport.async_send(server.request("POST", "/f", "x"), asio::use_future);
        CHECK(future.get().body == "echo:x");

        awsml::http_request refused = server.request();
        refused.port = 1;
        auto failing = transport.async_send(refused, asio::use_future);
        try {
            failing.get();
            FAIL("no exception");
        } catch (const std::system_error& e) {
            CHECK(e.code() == errc::transport_error);
        }
        work.reset();
        runner.join();
    }
    SECTION("the handler runs on its associated executor") {
        asio::io_context elsewhere;
        bool ran = false;
        std::thread::id ran_on;
        transport.async_send(
            server.request(),
            asio::bind_executor(elsewhere, [&](std::error_code ec, awsml::http_response response) {
                ran = true;
                ran_on = std::this_thread::get_id();
                CHECK_FALSE(ec);
                CHECK(response.status == 200);
            }));
        io.run(); // does the transport's work; the handler waits for its own executor
        CHECK_FALSE(ran);
        std::thread other([&] { elsewhere.run(); });
        other.join();
        CHECK(ran);
        CHECK(ran_on != std::this_thread::get_id());
    }
}

TEST_CASE("a failure's message is in the body of the empty response", "[async_transport]") {
    asio::io_context io;
    asio_http_transport transport(io.get_executor(), quick_config());
    awsml::http_request request;
    request.scheme = "http";
    request.host = "127.0.0.1";
    request.port = 1;
    auto result = send_async(io, transport, request);
    CHECK(result.ec == errc::transport_error);
    CHECK(result.response.status == 0);
    CHECK(result.response.body == "connect to 127.0.0.1:1: Connection refused");
    CHECK(result.response.header(awsml::transport_stage_header) == "connecting");
    CHECK(awsml::transport_stage_of_failure(result.response) == awsml::transport_stage::connecting);

    request.scheme = "ftp";
    result = send_async(io, transport, request);
    CHECK(result.ec == errc::invalid_value);
    CHECK(contains(result.response.body, "unsupported URL scheme \"ftp\""));
}

TEST_CASE("1000 concurrent calls on one transport all complete within the per-host limit",
          "[async_transport]") {
    test_server server(
        [](const received_request& request) { return raw_response::ok(request.target); });
    asio::io_context io;
    auto config = quick_config();
    config.connect_timeout = 30s; // the wait for a free connection counts against it
    asio_http_transport transport(io.get_executor(), config);
    REQUIRE(config.max_connections_per_host == 50);

    constexpr int calls = 1000;
    int completed = 0;
    int correct = 0;
    for (int i = 0; i < calls; ++i) {
        const std::string target = "/" + std::to_string(i);
        transport.async_send(server.request("GET", target),
                             [&, target](std::error_code ec, awsml::http_response response) {
                                 ++completed;
                                 if (!ec && response.body == target)
                                     ++correct;
                                 else
                                     WARN("call " << target << ": " << ec.message() << " "
                                                  << response.body);
                             });
    }
    io.run(); // one thread
    CHECK(completed == calls);
    CHECK(correct == calls);
    CHECK(server.requests_received() == calls);
    CHECK(server.connections_accepted() <= 50);
    CHECK(transport.connections_opened() <= 50);
    CHECK(transport.connections_opened() == server.connections_accepted());
}

TEST_CASE("calls started on several threads, the io_context run by several threads",
          "[async_transport]") {
    test_server server(
        [](const received_request& request) { return raw_response::ok(request.target); });
    asio::io_context io;
    auto config = quick_config();
    config.connect_timeout = 30s;
    config.max_connections_per_host = 8;
    asio_http_transport transport(io.get_executor(), config);
    auto work = asio::make_work_guard(io);
    std::vector<std::thread> runners;
    for (int i = 0; i < 3; ++i)
        runners.emplace_back([&] { io.run(); });

    constexpr int threads = 4;
    constexpr int calls_per_thread = 50;
    std::atomic<int> completed{0};
    std::atomic<int> correct{0};
    std::vector<std::thread> starters;
    for (int t = 0; t < threads; ++t)
        starters.emplace_back([&, t] {
            for (int i = 0; i < calls_per_thread; ++i) {
                const std::string target = "/" + std::to_string(t) + "/" + std::to_string(i);
                transport.async_send(server.request("GET", target),
                                     [&, target](std::error_code ec, awsml::http_response r) {
                                         if (!ec && r.body == target)
                                             ++correct;
                                         ++completed;
                                     });
            }
        });
    for (auto& starter : starters)
        starter.join();
    const auto give_up = clock_type::now() + 60s;
    while (completed < threads * calls_per_thread && clock_type::now() < give_up)
        std::this_thread::sleep_for(5ms);
    work.reset();
    for (auto& runner : runners)
        runner.join();
    CHECK(completed == threads * calls_per_thread);
    CHECK(correct == threads * calls_per_thread);
    CHECK(server.connections_accepted() <= 8);
}

TEST_CASE("calls beyond the limit wait their turn, first come first served", "[async_transport]") {
    asio::io_context io;
    auto config = quick_config();
    config.max_connections_per_host = 1;

    SECTION("in order, on one connection") {
        test_server server([](const received_request& request) {
            raw_response r = raw_response::ok(request.target);
            r.delay = 20ms;
            return r;
        });
        asio_http_transport transport(io.get_executor(), config);
        std::vector<std::string> completion_order;
        for (int i = 0; i < 6; ++i)
            transport.async_send(server.request("GET", "/" + std::to_string(i)),
                                 [&](std::error_code ec, awsml::http_response response) {
                                     CHECK_FALSE(ec);
                                     completion_order.push_back(response.body);
                                 });
        io.run();
        CHECK(completion_order == std::vector<std::string>{"/0", "/1", "/2", "/3", "/4", "/5"});
        CHECK(server.connections_accepted() == 1);
        auto seen = server.requests();
        REQUIRE(seen.size() == 6);
        for (std::size_t i = 0; i < seen.size(); ++i)
            CHECK(seen[i].target == "/" + std::to_string(i));
    }
    SECTION("the wait counts against the connect timeout") {
        test_server server([](const received_request& request) {
            raw_response r = raw_response::ok(request.target);
            if (request.target == "/slow")
                r.delay = 1500ms;
            return r;
        });
        config.connect_timeout = 300ms;
        asio_http_transport transport(io.get_executor(), config);
        auto slow = start_send(transport, server.request("GET", "/slow"));
        auto waiting = start_send(transport, server.request("GET", "/waiting"));
        io.run();
        CHECK_FALSE(slow->ec);
        CHECK(slow->response.body == "/slow");
        CHECK(waiting->ec == errc::timeout);
        CHECK(waiting->response.body ==
              "waited 300 ms for a free connection to 127.0.0.1:" + std::to_string(server.port()) +
                  " (all 1 in use; see http_transport_config::max_connections_per_host)");
        CHECK(waiting->took < 1200ms);
        // The slot it never got is not lost.
        CHECK(send_ok(io, transport, server.request("GET", "/after")).body == "/after");
        CHECK(server.connections_accepted() == 1);
    }
}

TEST_CASE("keep-alive reuse, Connection: close, and replaced connections", "[async_transport]") {
    asio::io_context io;
    SECTION("one connection serves call after call") {
        test_server server(
            [](const received_request& request) { return raw_response::ok(request.target); });
        asio_http_transport transport(io.get_executor(), quick_config());
        for (int i = 0; i < 5; ++i)
            send_ok(io, transport, server.request("GET", "/" + std::to_string(i)));
        CHECK(server.connections_accepted() == 1);
        CHECK(transport.connections_opened() == 1);
        CHECK(server.requests().back().sequence_on_connection == 5);
    }
    SECTION("Connection: close from either side ends the connection") {
        test_server server([](const received_request& request) {
            if (request.target == "/close")
                return raw_response::ok("bye", {{"Connection", "close"}});
            return raw_response::ok("hi");
        });
        asio_http_transport transport(io.get_executor(), quick_config());
        send_ok(io, transport, server.request("GET", "/close"));
        send_ok(io, transport, server.request("GET", "/"));
        CHECK(server.connections_accepted() == 2);
        auto closing = server.request("GET", "/");
        closing.headers = {{"Connection", "close"}};
        send_ok(io, transport, closing);
        send_ok(io, transport, server.request("GET", "/"));
        CHECK(server.connections_accepted() == 3);
    }
    SECTION("the server closes an idle connection: the next call opens another") {
        test_server server([](const received_request&) {
            raw_response r = raw_response::ok("fine");
            r.then = raw_response::action::respond_and_close; // without saying Connection: close
            return r;
        });
        asio_http_transport transport(io.get_executor(), quick_config());
        for (int i = 0; i < 3; ++i) {
            CHECK(send_ok(io, transport, server.request()).body == "fine");
            std::this_thread::sleep_for(20ms); // the server's FIN arrives while idle
        }
        CHECK(server.connections_accepted() == 3);
        CHECK(server.requests_received() == 3);
    }
    SECTION("closed after reading the request, before answering: sent again, once") {
        test_server server([](const received_request& request) {
            return request.sequence_on_connection == 1 ? raw_response::ok("fine")
                                                       : raw_response::close_without_answer();
        });
        asio_http_transport transport(io.get_executor(), quick_config());
        CHECK(send_ok(io, transport, server.request("GET", "/1")).body == "fine");
        CHECK(send_ok(io, transport, server.request("GET", "/2")).body == "fine");
        auto seen = server.requests();
        REQUIRE(seen.size() == 3);
        CHECK(seen[1].target == "/2");
        CHECK(seen[2].target == "/2");
        CHECK(seen[2].connection == 2);

        server.set_handler([](const received_request& request) {
            return request.connection == 2 && request.sequence_on_connection == 1
                       ? raw_response::ok("fine")
                       : raw_response::close_without_answer();
        });
        auto failed = send_async(io, transport, server.request("GET", "/3"));
        CHECK(failed.ec == errc::transport_error);
        CHECK(failed.response.body == "127.0.0.1:" + std::to_string(server.port()) +
                                          " closed the connection without responding");
    }
}

TEST_CASE("timeouts in asynchronous calls", "[async_transport]") {
    asio::io_context io;
    auto config = quick_config();
    config.read_timeout = 200ms;
    asio_http_transport transport(io.get_executor(), config);

    SECTION("a server that accepts and never answers") {
        test_server server([](const received_request&) { return raw_response::never_answer(); });
        auto result = send_async(io, transport, server.request());
        CHECK(result.ec == errc::timeout);
        CHECK(result.took < 5 * 200ms);
        CHECK(result.response.body ==
              "no response from 127.0.0.1:" + std::to_string(server.port()) + " within 200 ms");
        server.set_handler([](const received_request&) { return raw_response::ok("later"); });
        CHECK(send_ok(io, transport, server.request()).body == "later");
    }
    SECTION("many calls to a silent server all time out") {
        test_server server([](const received_request&) { return raw_response::never_answer(); });
        std::vector<std::shared_ptr<outcome>> results;
        for (int i = 0; i < 20; ++i)
            results.push_back(start_send(transport, server.request()));
        const auto start = clock_type::now();
        io.run();
        CHECK(clock_type::now() - start < 5 * 200ms);
        for (const auto& r : results) {
            CHECK(r->calls == 1);
            CHECK(r->ec == errc::timeout);
        }
    }
    SECTION("a response that stalls") {
        test_server server([](const received_request&) {
            raw_response r = raw_response::ok("slow");
            r.trickle_bytes = 20;
            r.trickle_interval = 3000ms;
            return r;
        });
        auto result = send_async(io, transport, server.request());
        CHECK(result.ec == errc::timeout);
        CHECK(result.took < 5 * 200ms);
        CHECK(contains(result.response.body, "stopped sending the response: nothing for 200 ms"));
    }
}

TEST_CASE("a cancellation signal may outlive the io_context of its exchange", "[async_transport]") {
    // The slot's handler holds no executor: the signal destroyed after the io_context (declared
    // before it) touches nothing freed (the sanitizer runs check it).
    test_server server([](const received_request&) { return raw_response::never_answer(); });
    asio::cancellation_signal outliving;
    {
        asio::io_context io;
        asio_http_transport transport(io.get_executor(), quick_config());
        transport.async_send(server.request("GET", "/silent"),
                             asio::bind_cancellation_slot(
                                 outliving.slot(), [](std::error_code, awsml::http_response) {}));
        io.run_for(50ms); // the request is waiting for its answer; the io_context goes with it
    }
    outliving.emit(asio::cancellation_type::terminal); // the exchange is gone: nothing happens
    SUCCEED();
}

TEST_CASE("cancellation through the handler's cancellation slot", "[async_transport]") {
    test_server server([](const received_request& request) {
        return request.target == "/silent" ? raw_response::never_answer() : raw_response::ok("ok");
    });
    asio::io_context io;
    auto config = quick_config();
    config.max_connections_per_host = 1;
    asio_http_transport transport(io.get_executor(), config);

    auto send_cancellable = [&](asio::cancellation_signal& signal, std::string target) {
        auto result = std::make_shared<outcome>();
        const auto start = clock_type::now();
        transport.async_send(
            server.request("GET", std::move(target)),
            asio::bind_cancellation_slot(
                signal.slot(), [result, start](std::error_code ec, awsml::http_response r) {
                    result->ec = ec;
                    result->response = std::move(r);
                    result->took = clock_type::now() - start;
                    ++result->calls;
                }));
        return result;
    };
    auto emit_after = [&](asio::cancellation_signal& signal, std::chrono::milliseconds delay) {
        auto timer = std::make_shared<asio::steady_timer>(io, delay);
        timer->async_wait(
            [timer, &signal](std::error_code) { signal.emit(asio::cancellation_type::terminal); });
    };

    SECTION("while waiting for the response") {
        asio::cancellation_signal signal;
        auto result = send_cancellable(signal, "/silent");
        emit_after(signal, 100ms);
        io.run();
        CHECK(result->calls == 1);
        CHECK(result->ec == errc::cancelled);
        CHECK(result->took < 2s);
        // The connection was closed and its slot given back: the next call gets a new one.
        CHECK(send_ok(io, transport, server.request()).body == "ok");
        CHECK(server.connections_accepted() == 2);
    }
    SECTION("while waiting for a free connection, and the call holding it") {
        asio::cancellation_signal first_signal;
        asio::cancellation_signal second_signal;
        auto first = send_cancellable(first_signal, "/silent");
        auto second = send_cancellable(second_signal, "/queued");
        emit_after(second_signal, 50ms);
        emit_after(first_signal, 150ms);
        io.run();
        CHECK(second->calls == 1);
        CHECK(second->ec == errc::cancelled);
        CHECK(first->calls == 1);
        CHECK(first->ec == errc::cancelled);
        CHECK(server.requests_received() == 1); // the queued call never went out
        CHECK(send_ok(io, transport, server.request()).body == "ok");
    }
    SECTION("after completion, cancelling does nothing") {
        asio::cancellation_signal signal;
        auto result = send_cancellable(signal, "/done");
        io.run();
        signal.emit(asio::cancellation_type::terminal);
        io.restart();
        io.run();
        CHECK(result->calls == 1);
        CHECK_FALSE(result->ec);
    }
}

TEST_CASE("calls in flight outlive the transport object", "[async_transport]") {
    test_server server([](const received_request&) {
        raw_response r = raw_response::ok("late");
        r.delay = 50ms;
        return r;
    });
    asio::io_context io;
    auto transport = std::make_unique<asio_http_transport>(io.get_executor(), quick_config());
    auto result = start_send(*transport, server.request());
    transport.reset();
    io.run();
    CHECK(result->calls == 1);
    CHECK_FALSE(result->ec);
    CHECK(result->response.body == "late");
}

TEST_CASE("blocking and asynchronous calls on one object", "[async_transport]") {
    test_server server([](const received_request&) { return raw_response::ok("both"); });
    asio::io_context io;
    asio_http_transport transport(io.get_executor(), quick_config());
    std::error_code ec;
    CHECK(transport.send(server.request(), ec).body == "both"); // on a private io_context
    CHECK_FALSE(ec);
    CHECK(send_ok(io, transport, server.request()).body == "both");
    CHECK(transport.connections_opened() == 2);

    asio_http_transport blocking_only(quick_config());
    CHECK_FALSE(blocking_only.get_executor());
    CHECK_THROWS_AS(blocking_only.async_send(server.request(), asio::use_future), awsml::error);
}

TEST_CASE("HTTPS asynchronously", "[async_transport][tls]") {
    const auto& certs = awsml_test::test_tls_certificates();
    auto respond = [](const received_request& request) {
        return raw_response::ok("secure " + request.target);
    };
    asio::io_context io;
    auto config = quick_config();
    config.ca_file = certs.ca_cert.string();

    SECTION("trusted through ca_file, with keep-alive, many at once") {
        test_server server(respond, {certs.server_cert, certs.server_key});
        asio_http_transport transport(io.get_executor(), config);
        CHECK(send_ok(io, transport, server.request("GET", "/a")).body == "secure /a");
        CHECK(send_ok(io, transport, server.request("GET", "/b")).body == "secure /b");
        CHECK(server.connections_accepted() == 1);
        std::vector<std::shared_ptr<outcome>> results;
        for (int i = 0; i < 30; ++i)
            results.push_back(
                start_send(transport, server.request("GET", "/" + std::to_string(i))));
        io.restart();
        io.run();
        for (int i = 0; i < 30; ++i)
            CHECK(results[i]->response.body == "secure /" + std::to_string(i));
    }
    SECTION("trusted through AWS_CA_BUNDLE in the transport's environment") {
        test_server server(respond, {certs.server_cert, certs.server_key});
        auto by_environment = quick_config();
        by_environment.environment =
            awsml::environment::from_map({{"AWS_CA_BUNDLE", certs.ca_cert.string()}});
        asio_http_transport transport(io.get_executor(), by_environment);
        CHECK(send_ok(io, transport, server.request("GET", "/env")).body == "secure /env");
    }
    SECTION("untrusted and wrong-host certificates are refused") {
        test_server untrusted(respond, {certs.self_signed_cert, certs.self_signed_key});
        test_server wrong_host(respond, {certs.wrong_host_cert, certs.wrong_host_key});
        asio_http_transport transport(io.get_executor(), config);
        auto f = send_async(io, transport, untrusted.request());
        CHECK(f.ec == errc::transport_error);
        CHECK(contains(f.response.body,
                       "failed: certificate verification failed: self-signed certificate"));
        auto by_name = wrong_host.request();
        by_name.host = "localhost";
        auto g = send_async(io, transport, by_name);
        CHECK(contains(g.response.body, "certificate verification failed: hostname mismatch"));
    }
    SECTION("insecure_skip_tls_verify accepts anything") {
        test_server server(respond, {certs.self_signed_cert, certs.self_signed_key});
        auto insecure = quick_config();
        insecure.insecure_skip_tls_verify = true;
        asio_http_transport transport(io.get_executor(), insecure);
        CHECK(send_ok(io, transport, server.request("GET", "/x")).body == "secure /x");
    }
}

// A body without Content-Length or chunks ends with the connection. Over TLS only close_notify
// proves that end: a TCP close without it may be an attacker (or a failing middlebox) cutting
// the body short.
TEST_CASE("HTTPS: a body that ends with the connection needs close_notify",
          "[async_transport][tls]") {
    const auto& certs = awsml_test::test_tls_certificates();
    const std::string close_delimited =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of the body";
    asio::io_context io;
    auto config = quick_config();
    config.ca_file = certs.ca_cert.string();
    asio_http_transport transport(io.get_executor(), config);
    const awsml_test::tls_identity identity{certs.server_cert, certs.server_key};

    SECTION("dropped without close_notify: a clear error, not a short body") {
        test_server server(
            [&](const received_request&) {
                return raw_response::bytes(close_delimited,
                                           raw_response::action::respond_and_close);
            },
            identity);
        auto f = send_async(io, transport, server.request());
        CHECK(f.ec == errc::transport_error);
        CHECK(contains(f.response.body, "response from 127.0.0.1:" + std::to_string(server.port()) +
                                            ": the TLS connection closed without close_notify"));
        CHECK(contains(f.response.body, "may be truncated"));
    }
    SECTION("closed with close_notify: the body is whole") {
        test_server server(
            [&](const received_request&) {
                return raw_response::bytes(close_delimited,
                                           raw_response::action::respond_and_shutdown);
            },
            identity);
        CHECK(send_ok(io, transport, server.request()).body == "all of the body");
    }
    SECTION("Content-Length and chunked bodies are whole without close_notify") {
        test_server server(
            [](const received_request& request) {
                raw_response r = raw_response::ok("framed " + request.target);
                r.chunked = request.target == "/chunked";
                r.chunk_size = 3;
                r.then = raw_response::action::respond_and_close;
                return r;
            },
            identity);
        CHECK(send_ok(io, transport, server.request("GET", "/length")).body == "framed /length");
        CHECK(send_ok(io, transport, server.request("GET", "/chunked")).body == "framed /chunked");
    }
}

TEST_CASE("proxy URLs", "[proxy]") {
    auto parsed = awsml::parse_proxy_url("http://user:p%40ss@proxy.example.com:3128/");
    REQUIRE(parsed);
    CHECK(parsed->host == "proxy.example.com");
    CHECK(parsed->port == 3128);
    CHECK(parsed->username == "user");
    CHECK(parsed->password == "p@ss");
    CHECK(parsed->authority() == "proxy.example.com:3128");
    CHECK(parsed->authorization() == "Basic " + awsml::base64_encode("user:p@ss"));
    CHECK(parsed->redacted() == "http://proxy.example.com:3128");

    auto bare = awsml::parse_proxy_url("10.0.0.1");
    REQUIRE(bare);
    CHECK(bare->port == 80);
    CHECK_FALSE(bare->authorization());
    auto v6 = awsml::parse_proxy_url("http://[::1]:8080");
    REQUIRE(v6);
    CHECK(v6->host == "::1");
    CHECK(v6->authority() == "[::1]:8080");

    auto https = awsml::parse_proxy_url("HTTPS://user:secret@proxy");
    REQUIRE(https);
    CHECK(https->tls);
    CHECK(https->port == 443); // the scheme's port, as curl and urllib3 default it
    CHECK(https->redacted() == "https://proxy:443");
    CHECK_FALSE(parsed->tls);
    auto https_bad = awsml::parse_proxy_url("https://user:secret@proxy:0");
    REQUIRE_FALSE(https_bad);
    CHECK(https_bad.error().code == errc::config_error);
    CHECK(contains(https_bad.error().message, "bad proxy URL \"https://***@proxy:0\""));
    CHECK_FALSE(contains(https_bad.error().message, "secret"));
    auto bad_port = awsml::parse_proxy_url("http://user:secret@proxy:99999");
    REQUIRE_FALSE(bad_port);
    CHECK(contains(bad_port.error().message, "bad port"));
    CHECK_FALSE(contains(bad_port.error().message, "secret"));
    auto unencoded = awsml::parse_proxy_url("http://user:s3cr/et@proxy:3128");
    REQUIRE_FALSE(unencoded);
    CHECK_FALSE(contains(unencoded.error().message, "s3cr"));
    auto socks = awsml::parse_proxy_url("socks5://proxy:1080");
    REQUIRE_FALSE(socks);
    CHECK(contains(socks.error().message, "unsupported proxy scheme \"socks5\" (http or https)"));
    CHECK_FALSE(awsml::parse_proxy_url("http://"));
    CHECK_THROWS_AS(awsml::parse_proxy_url("http://:3128").value(), awsml::error);
}

TEST_CASE("NO_PROXY matching", "[proxy]") {
    using awsml::no_proxy_matches;
    CHECK(no_proxy_matches("*", "anything.example.com", 443));
    CHECK(no_proxy_matches("example.com", "example.com", 443));
    CHECK(no_proxy_matches("example.com", "api.Example.COM", 443));
    CHECK(no_proxy_matches(".example.com", "api.example.com", 443));
    CHECK(no_proxy_matches(".example.com", "example.com", 443));
    CHECK(no_proxy_matches("*.example.com", "a.b.example.com", 443));
    CHECK_FALSE(no_proxy_matches("example.com", "badexample.com", 443));
    CHECK_FALSE(no_proxy_matches("", "example.com", 443));
    CHECK(no_proxy_matches("localhost, 127.0.0.1", "127.0.0.1", 8080));
    CHECK(no_proxy_matches("other.com,169.254.169.254", "169.254.169.254", 80));
    CHECK(no_proxy_matches("::1", "[::1]", 80));
    CHECK(no_proxy_matches("[::1]", "::1", 80));
    CHECK(no_proxy_matches("10.0.0.0/8", "10.20.30.40", 443));
    CHECK_FALSE(no_proxy_matches("10.0.0.0/8", "11.0.0.1", 443));
    CHECK(no_proxy_matches("fd00::/8", "fd12::1", 443));
    CHECK(no_proxy_matches("example.com:8443", "example.com", 8443));
    CHECK_FALSE(no_proxy_matches("example.com:8443", "example.com", 443));
    CHECK_FALSE(no_proxy_matches("127.0.0.1", "127.0.0.2", 80));
}

TEST_CASE("which proxy a request takes", "[proxy]") {
    using awsml::environment;
    using awsml::proxy_selector;
    const auto env = environment::from_map({{"HTTPS_PROXY", "http://upper:1"},
                                            {"https_proxy", "http://lower:2"},
                                            {"HTTP_PROXY", "http://plain:3"},
                                            {"NO_PROXY", "internal.example"}});
    proxy_selector from_environment({}, {}, {}, true, env);
    auto https = from_environment.select(true, "machinelearning.us-east-1.amazonaws.com", 443);
    REQUIRE(https.has_value());
    REQUIRE(*https);
    CHECK((*https)->authority() == "lower:2"); // the lower-case variable wins
    auto http = from_environment.select(false, "example.com", 80);
    REQUIRE(http.has_value());
    REQUIRE(*http);
    CHECK((*http)->authority() == "plain:3");
    auto bypassed = from_environment.select(true, "api.internal.example", 443);
    REQUIRE(bypassed.has_value());
    CHECK_FALSE(*bypassed);

    // Set but empty, the lower-case variable means no proxy, whatever the upper-case one says.
    const auto emptied = environment::from_map({{"HTTPS_PROXY", "http://upper:1"},
                                                {"https_proxy", ""},
                                                {"HTTP_PROXY", "http://plain:3"},
                                                {"NO_PROXY", "example.com"},
                                                {"no_proxy", ""}});
    proxy_selector lower_empty({}, {}, {}, true, emptied);
    CHECK_FALSE(*lower_empty.select(true, "example.com", 443));
    CHECK(*lower_empty.select(false, "example.com", 80)); // no exceptions: NO_PROXY is hidden

    proxy_selector ignoring_environment({}, {}, {}, false, env);
    CHECK_FALSE(*ignoring_environment.select(true, "example.com", 443));

    proxy_selector explicitly_none(std::string(), {}, std::string(), true, env);
    CHECK_FALSE(*explicitly_none.select(true, "example.com", 443));
    CHECK(*explicitly_none.select(false, "example.com", 80)); // HTTP_PROXY still applies

    proxy_selector bad({}, {}, {}, true,
                       environment::from_map({{"HTTPS_PROXY", "http://me:secret@host:0"}}));
    auto failure = bad.select(true, "example.com", 443);
    REQUIRE_FALSE(failure.has_value());
    CHECK(failure.error().code == errc::config_error);
    CHECK(contains(failure.error().message, "(from HTTPS_PROXY)"));
    CHECK_FALSE(contains(failure.error().message, "secret"));
}

TEST_CASE("HTTPS through a CONNECT tunnel, HTTP through a proxy; an http:// or https:// proxy",
          "[async_transport][proxy]") {
    const auto& certs = awsml_test::test_tls_certificates();
    auto respond = [](const received_request& request) {
        return raw_response::ok("served " + request.target);
    };
    // An https:// proxy: every exchange below runs inside TLS to it.
    const bool proxy_tls = GENERATE(false, true);
    CAPTURE(proxy_tls);
    auto made = proxy_tls ? std::make_unique<test_proxy>(
                                awsml_test::tls_identity{certs.server_cert, certs.server_key})
                          : std::make_unique<test_proxy>();
    test_proxy& proxy = *made;
    asio::io_context io;
    auto proxied_config = [&] {
        auto config = quick_config();
        config.ca_file = certs.ca_cert.string();
        return config;
    };
    auto check_handshakes = [&] {
        CHECK(proxy.handshakes_completed() == (proxy_tls ? proxy.connections_accepted() : 0));
    };

    SECTION("HTTPS: CONNECT, then TLS to the target through the tunnel") {
        test_server server(respond, {certs.server_cert, certs.server_key});
        auto config = proxied_config();
        config.https_proxy = proxy.url("user", "p%40ss");
        asio_http_transport transport(io.get_executor(), config);
        CHECK(send_ok(io, transport, server.request("GET", "/one")).body == "served /one");
        CHECK(send_ok(io, transport, server.request("GET", "/two")).body == "served /two");
        auto seen = proxy.requests();
        REQUIRE(seen.size() == 1); // the tunnel is kept for the second call
        const std::string target = "127.0.0.1:" + std::to_string(server.port());
        CHECK(seen[0].method == "CONNECT");
        CHECK(seen[0].target == target);
        CHECK(seen[0].header("Host") == target);
        CHECK(seen[0].header("Proxy-Authorization") ==
              "Basic " + awsml::base64_encode("user:p@ss"));
        auto at_server = server.requests();
        REQUIRE(at_server.size() == 2);
        CHECK(at_server[0].target == "/one"); // origin form inside the tunnel
        CHECK_FALSE(at_server[0].header("Proxy-Authorization"));
        CHECK(proxy.connections_accepted() == 1);
        check_handshakes();

        // Verification is for the target host, through the tunnel too.
        test_server wrong_host(respond, {certs.wrong_host_cert, certs.wrong_host_key});
        auto refused = send_async(io, transport, wrong_host.request());
        CHECK(refused.ec == errc::transport_error);
        CHECK(contains(refused.response.body, "IP address mismatch"));
    }
    SECTION("HTTP: absolute-form requests to the proxy, blocking and asynchronous") {
        test_server server(respond);
        auto config = proxied_config();
        config.http_proxy = proxy.url("user", "secret");
        asio_http_transport transport(io.get_executor(), config);
        CHECK(send_ok(io, transport, server.request("POST", "/path?q=1", "{}")).body ==
              "served /path?q=1");
        std::error_code ec;
        CHECK(transport.send(server.request("GET", "/blocking"), ec).body == "served /blocking");
        INFO(transport.last_error_message());
        CHECK_FALSE(ec);
        auto seen = proxy.requests();
        REQUIRE(seen.size() == 2);
        const std::string origin = "http://127.0.0.1:" + std::to_string(server.port());
        CHECK(seen[0].method == "POST");
        CHECK(seen[0].target == origin + "/path?q=1");
        CHECK(seen[0].header("Host") == "127.0.0.1:" + std::to_string(server.port()));
        CHECK(seen[0].header("Proxy-Authorization") ==
              "Basic " + awsml::base64_encode("user:secret"));
        CHECK(seen[1].target == origin + "/blocking");
        auto at_server = server.requests();
        REQUIRE(at_server.size() == 2);
        CHECK(at_server[0].target == "/path?q=1");
        CHECK(at_server[0].body == "{}");
        check_handshakes();
    }
    SECTION("from the environment; NO_PROXY bypasses it") {
        test_server server(respond);
        auto config = proxied_config();
        config.environment = awsml::environment::from_map({{"HTTP_PROXY", proxy.url()}});
        asio_http_transport proxied(io.get_executor(), config);
        send_ok(io, proxied, server.request("GET", "/via"));
        CHECK(proxy.requests().size() == 1);

        config.environment = awsml::environment::from_map(
            {{"HTTP_PROXY", proxy.url()}, {"NO_PROXY", "example.com, 127.0.0.1"}});
        asio_http_transport bypassing(io.get_executor(), config);
        send_ok(io, bypassing, server.request("GET", "/direct"));
        config.environment = awsml::environment::from_map({{"HTTP_PROXY", proxy.url()}});
        config.no_proxy = "*";
        asio_http_transport bypassing_all(io.get_executor(), config);
        send_ok(io, bypassing_all, server.request("GET", "/direct"));
        config.no_proxy.reset();
        config.use_environment_proxies = false;
        asio_http_transport ignoring(io.get_executor(), config);
        send_ok(io, ignoring, server.request("GET", "/direct"));
        CHECK(proxy.requests().size() == 1);
        CHECK(server.requests_received() == 4);
    }
    SECTION("a proxy that refuses CONNECT: its status line, never the credentials") {
        test_server server(respond, {certs.server_cert, certs.server_key});
        proxy.refuse_with(407, "Proxy Authentication Required");
        auto config = proxied_config();
        config.https_proxy = proxy.url("user", "secret");
        asio_http_transport transport(io.get_executor(), config);
        auto f = send_async(io, transport, server.request());
        CHECK(f.ec == errc::transport_error);
        CHECK(f.response.body == "proxy 127.0.0.1:" + std::to_string(proxy.port()) +
                                     " refused CONNECT 127.0.0.1:" + std::to_string(server.port()) +
                                     ": HTTP/1.1 407 Proxy Authentication Required (the proxy "
                                     "refused the user name and password in its URL)");
        CHECK_FALSE(contains(f.response.body, "secret"));
        CHECK(awsml::transport_stage_of_failure(f.response) == awsml::transport_stage::proxy);
        // The blocking form says the same.
        std::error_code ec;
        transport.send(server.request(), ec);
        CHECK(ec == errc::transport_error);
        CHECK(transport.last_error_message() == f.response.body);
        CHECK(transport.last_failure_stage() == awsml::transport_stage::proxy);
        CHECK(server.connections_accepted() == 0);
    }
    SECTION("an unreachable proxy and a malformed proxy URL") {
        test_server server(respond);
        auto config = quick_config();
        config.http_proxy = "http://user:secret@127.0.0.1:1";
        asio_http_transport unreachable(io.get_executor(), config);
        auto f = send_async(io, unreachable, server.request());
        CHECK(f.ec == errc::transport_error);
        CHECK(f.response.body == "connect to proxy 127.0.0.1:1: Connection refused");
        CHECK(awsml::transport_stage_of_failure(f.response) == awsml::transport_stage::proxy);
        config.http_proxy = "http://user:secret@127.0.0.1:notaport";
        asio_http_transport malformed(io.get_executor(), config);
        auto g = send_async(io, malformed, server.request());
        CHECK(g.ec == errc::config_error);
        CHECK(contains(g.response.body, "(from http_transport_config::http_proxy)"));
        CHECK_FALSE(contains(g.response.body, "secret"));
    }
}

TEST_CASE("a proxy that fails to answer CONNECT: tunnelling, unlike one that refuses it",
          "[async_transport][proxy]") {
    struct case_row {
        const char* what;
        raw_response answer;
        errc code;
        awsml::transport_stage stage;
    };
    const std::vector<case_row> rows = {
        {"closes", raw_response::close_without_answer(), errc::transport_error,
         awsml::transport_stage::tunnelling},
        {"is no HTTP proxy", raw_response::bytes("SSH-2.0-OpenSSH\r\n\r\n"),
         errc::malformed_http_response, awsml::transport_stage::tunnelling},
        {"never answers", raw_response::never_answer(), errc::timeout,
         awsml::transport_stage::tunnelling},
        {"refuses", raw_response::with_status(403), errc::transport_error,
         awsml::transport_stage::proxy},
        {"refuses and closes mid-answer", raw_response::bytes("HTTP/1.1 403 Forbidden\r\nVia: p"),
         errc::transport_error, awsml::transport_stage::proxy},
    };
    for (const auto& row : rows) {
        CAPTURE(row.what);
        test_server proxy([&](const received_request&) { return row.answer; });
        auto config = quick_config();
        // The proxy's answer to CONNECT is awaited for connect_timeout: short only where it must
        // run out, generous where it must not (a sanitizer build answers slowly).
        config.connect_timeout = row.code == errc::timeout ? 300ms : 10s;
        config.https_proxy = "http://127.0.0.1:" + std::to_string(proxy.port());
        asio::io_context io;
        asio_http_transport transport(io.get_executor(), config);
        awsml::http_request request = proxy.request();
        request.scheme = "https";
        request.port = 9; // never reached: the tunnel is not opened
        auto f = send_async(io, transport, request);
        INFO(f.response.body);
        CHECK(f.ec == row.code);
        CHECK(awsml::transport_stage_of_failure(f.response) == row.stage);
        std::error_code ec;
        transport.send(request, ec); // the blocking form says the same
        CHECK(ec == row.code);
        CHECK(transport.last_failure_stage() == row.stage);
        // The proxy records a request once it has read it, which a client that gave up on it
        // may not wait for.
        for (int i = 0; i < 200 && proxy.requests().size() < 2; ++i)
            std::this_thread::sleep_for(50ms);
        REQUIRE(proxy.requests().size() == 2);
        CHECK(proxy.requests().front().method == "CONNECT");
    }
}

TEST_CASE("an https:// proxy: verified, timed, and not reached with plain HTTP",
          "[async_transport][proxy]") {
    const auto& certs = awsml_test::test_tls_certificates();
    auto respond = [](const received_request& request) {
        return raw_response::ok("served " + request.target);
    };
    asio::io_context io;
    auto config = quick_config();
    config.ca_file = certs.ca_cert.string();

    SECTION("the proxy's certificate is verified as a target's is, and named in the error") {
        test_server server(respond, {certs.server_cert, certs.server_key});
        test_proxy untrusted({certs.self_signed_cert, certs.self_signed_key});
        config.https_proxy = untrusted.url("user", "secret");
        asio_http_transport transport(io.get_executor(), config);
        auto f = send_async(io, transport, server.request());
        CHECK(f.ec == errc::transport_error);
        CHECK_THAT(f.response.body, Catch::StartsWith("TLS handshake with proxy 127.0.0.1:" +
                                                      std::to_string(untrusted.port()) +
                                                      " failed: certificate verification failed") &&
                                        Catch::Contains("not signed by a trusted CA"));
        CHECK_FALSE(contains(f.response.body, "secret"));
        CHECK(untrusted.requests().empty()); // nothing was sent to it, credentials least of all

        test_proxy wrong_host({certs.wrong_host_cert, certs.wrong_host_key});
        config.https_proxy = wrong_host.url();
        asio_http_transport wrong(io.get_executor(), config);
        auto g = send_async(io, wrong, server.request());
        CHECK(g.ec == errc::transport_error);
        CHECK(contains(g.response.body, "IP address mismatch"));
        CHECK(wrong_host.requests().empty());

        // insecure_skip_tls_verify turns the proxy's checks off too, as the targets'.
        config.https_proxy = untrusted.url();
        config.insecure_skip_tls_verify = true;
        asio_http_transport insecure(io.get_executor(), config);
        CHECK(send_ok(io, insecure, server.request("GET", "/x")).body == "served /x");
    }
    SECTION("a proxy that never completes the TLS handshake: connect_timeout, naming it") {
        asio::ip::tcp::acceptor silent(io);
        const auto port = awsml_test::listen_on_loopback(silent);
        asio::ip::tcp::socket held(io);
        silent.async_accept(held, [](std::error_code) {});
        test_server server(respond, {certs.server_cert, certs.server_key});
        config.https_proxy = "https://127.0.0.1:" + std::to_string(port);
        config.connect_timeout = 200ms;
        asio_http_transport transport(io.get_executor(), config);
        auto f = send_async(io, transport, server.request());
        CHECK(f.ec == errc::timeout);
        CHECK(f.response.body == "TLS handshake with proxy 127.0.0.1:" + std::to_string(port) +
                                     " timed out after 200 ms");
        CHECK(server.connections_accepted() == 0);
    }
    SECTION("an http:// proxy URL to a TLS proxy fails, never silently") {
        test_proxy proxy({certs.server_cert, certs.server_key});
        test_server server(respond);
        config.http_proxy = "http://127.0.0.1:" + std::to_string(proxy.port());
        config.read_timeout = 2s;
        asio_http_transport transport(io.get_executor(), config);
        auto f = send_async(io, transport, server.request());
        CHECK(f.ec);
        CHECK(server.requests_received() == 0);
    }
}

} // namespace async_transport_test
