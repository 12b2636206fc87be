// The asynchronous API over the asynchronous stub transport: callbacks, futures, coroutines and
// as_tuple; retries on timers; cancellation; a per-call deadline; many calls in flight. Then over
// the HTTP transport against a real server, with several threads running the io_context.
#include <awsml/machinelearning/client.hpp>

#include <awsml/http/asio_transport.hpp>
#include <awsml/http/stub_transport.hpp>

#include <catch2/catch.hpp>

#include <support/test_server.hpp>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/bind_executor.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/deferred.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/use_future.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <thread>
#include <vector>

namespace async_client_test {

using namespace std::chrono_literals;
using awsml::get_ml_model_output;
using client = awsml::basic_client<awsml::stub_transport>;
using awsml_test::raw_response;

namespace {

awsml::client_config test_config() {
    awsml::client_config config;
    config.region = "us-east-1";
    config.credentials = awsml::credentials{
        "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", {}, "test"};
    config.use_environment = false;
    config.retry_environment.random = [] { return 0.01; }; // short real waits: 10 ms, 20 ms
    return config;
}

get_ml_model_output model(std::string id) {
    get_ml_model_output m;
    m.ml_model_id = std::move(id);
    m.status = awsml::entity_status::COMPLETED;
    return m;
}

} // namespace

TEST_CASE("callback: the outcome arrives on the io_context", "[async]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    stub.add_response("GetMLModel", model("ml-1"));
    client c(test_config(), stub);
    std::optional<awsml::outcome<get_ml_model_output>> got;
    c.async_try_get_ml_model({.ml_model_id = "ml-1"},
                             [&](awsml::outcome<get_ml_model_output> r) { got = std::move(r); });
    CHECK_FALSE(got);
    io.run();
    REQUIRE(got);
    REQUIRE(got->has_value());
    CHECK((*got)->ml_model_id == "ml-1");
}

TEST_CASE("callback: a transport failure carries how far it got", "[async]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    auto config = test_config();
    config.max_attempts = 1;
    stub.add_transport_error("GetMLModel", awsml::errc::transport_error,
                             awsml::transport_stage::tls_handshake);
    client c(config, stub);
    std::optional<awsml::outcome<get_ml_model_output>> got;
    c.async_try_get_ml_model({.ml_model_id = "ml-1"},
                             [&](awsml::outcome<get_ml_model_output> r) { got = std::move(r); });
    io.run();
    REQUIRE(got);
    REQUIRE_FALSE(got->has_value());
    CHECK(got->error().code == awsml::errc::transport_error);
    CHECK(got->error().stage == awsml::transport_stage::tls_handshake);
}

TEST_CASE("retries wait on timers, not on a sleeping thread", "[async][retry]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    stub.add_client_error("GetMLModel", "ThrottlingException", "slow", 400)
        .add_raw_response("GetMLModel", 503, "")
        .add_response("GetMLModel", model("ml-1"));
    client c(test_config(), stub);
    int ticks = 0; // other work keeps running on the same thread during the waits
    asio::steady_timer ticker(io);
    std::function<void()> tick = [&] {
        ticker.expires_after(1ms);
        ticker.async_wait([&](std::error_code ec) {
            if (!ec && ++ticks < 1000)
                tick();
        });
    };
    tick();
    std::optional<awsml::outcome<get_ml_model_output>> got;
    c.async_try_get_ml_model({.ml_model_id = "ml-1"}, [&](auto r) {
        got = std::move(r);
        ticker.cancel();
    });
    io.run();
    REQUIRE(got);
    REQUIRE(got->has_value());
    CHECK(stub.requests().size() == 3);
    CHECK(ticks > 0);
}

TEST_CASE("use_future: typed exceptions come out of get()", "[async]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    stub.add_client_error("GetMLModel", "ResourceNotFoundException", "gone", 400, 404)
        .add_response("GetMLModel", model("ml-2"));
    client c(test_config(), stub);
    auto missing = c.async_get_ml_model({.ml_model_id = "ml-1"}, asio::use_future);
    auto found = c.async_get_ml_model({.ml_model_id = "ml-2"}, asio::use_future);
    io.run();
    CHECK_THROWS_AS(missing.get(), awsml::resource_not_found_error);
    CHECK(found.get().ml_model_id == "ml-2");
}

TEST_CASE("use_awaitable: a coroutine awaits the output or catches the modeled error", "[async]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    stub.add_response("GetMLModel", model("ml-1"))
        .add_client_error("GetMLModel", "InvalidInputException", "bad", 400, 400);
    client c(test_config(), stub);
    std::vector<std::string> seen;
    // Named inputs: g++ 12 destroys a temporary with a destructor inside a co_await expression
    // twice (a compiler bug), so coroutines pass variables, as users on g++ 12 must too.
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            const awsml::get_ml_model_input first{.ml_model_id = "ml-1"},
                third{.ml_model_id = "ml-3"};
            auto m = co_await c.async_get_ml_model(first, asio::use_awaitable);
            seen.push_back(*m.ml_model_id);
            try {
                co_await c.async_get_ml_model(first, asio::use_awaitable);
            } catch (const awsml::invalid_input_error& e) {
                seen.push_back(e.error_code() + " " + std::to_string(*e.body().code));
            }
            auto [failure, output] = co_await c.async_get_ml_model(
                third, asio::experimental::as_tuple(asio::use_awaitable));
            seen.push_back(failure ? "failed" : "ok");
        },
        asio::detached);
    io.run();
    CHECK(seen == std::vector<std::string>{"ml-1", "InvalidInputException 400", "failed"});
}

namespace {

// A call through the handler's cancellation slot, cancelled `after` it starts; runs `io`.
std::optional<awsml::outcome<get_ml_model_output>> cancelled_call(client& c, asio::io_context& io,
                                                                  std::chrono::milliseconds after) {
    asio::cancellation_signal cancel;
    std::optional<awsml::outcome<get_ml_model_output>> got;
    c.async_try_get_ml_model(
        {.ml_model_id = "ml-1"},
        asio::bind_cancellation_slot(cancel.slot(), [&](auto r) { got = std::move(r); }));
    asio::steady_timer soon(io, after);
    soon.async_wait([&](std::error_code) { cancel.emit(asio::cancellation_type::terminal); });
    io.run();
    return got;
}

// A 503 first (retried after the backoff), then the model.
void busy_then_model(awsml::stub_transport& stub) {
    stub.add_raw_response("GetMLModel", 503,
                          R"({"__type":"ServiceUnavailableException","message":"busy"})")
        .add_response("GetMLModel", model("ml-1"));
}

} // namespace

TEST_CASE("cancellation through the handler's slot ends the call promptly", "[async][cancel]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    stub.add_response("GetMLModel", model("ml-1")).add_delay(60s);
    client c(test_config(), stub);
    auto started = std::chrono::steady_clock::now();
    const auto got = cancelled_call(c, io, 20ms);
    CHECK(std::chrono::steady_clock::now() - started < 10s); // ends, far before the 60 s answer
    REQUIRE(got);
    REQUIRE_FALSE(got->has_value());
    CHECK(got->error().code == awsml::errc::cancelled);
}

TEST_CASE("a call cancelled during its backoff gives the retry's tokens back", "[async][cancel]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    busy_then_model(stub);
    auto config = test_config();
    config.retry_environment.random = [] { return 0.9; }; // 900 ms of backoff
    client c(config, stub);
    const auto got = cancelled_call(c, io, 300ms);
    REQUIRE(got);
    REQUIRE_FALSE(got->has_value());
    CHECK(got->error().code == awsml::errc::cancelled);
    CHECK(stub.requests().size() == 1);
    CHECK(c.retries().available_quota() == awsml::retry_strategy::initial_quota);
}

TEST_CASE("a per-call deadline ends a call that takes too long", "[async][timeout]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    stub.add_response("GetMLModel", model("ml-1")).add_delay(60s);
    auto config = test_config();
    config.call_timeout = 50ms;
    client c(config, stub);
    std::optional<awsml::outcome<get_ml_model_output>> got;
    c.async_try_get_ml_model({.ml_model_id = "ml-1"}, [&](auto r) { got = std::move(r); });
    auto started = std::chrono::steady_clock::now();
    io.run();
    CHECK(std::chrono::steady_clock::now() - started < 10s);
    REQUIRE(got);
    REQUIRE_FALSE(got->has_value());
    CHECK(got->error().code == awsml::errc::timeout);
}

TEST_CASE("a call whose deadline would pass during its backoff ends then, naming the failure",
          "[async][timeout][retry]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    busy_then_model(stub);
    auto config = test_config();
    config.retry_environment.random = [] { return 0.9; }; // 900 ms of backoff
    config.call_timeout = 60s;
    client c(config, stub);
    std::optional<awsml::outcome<get_ml_model_output>> got;
    c.async_try_get_ml_model({.ml_model_id = "ml-1"}, awsml::call_options{.call_timeout = 300ms},
                             [&](auto r) { got = std::move(r); });
    io.run();
    REQUIRE(got);
    REQUIRE_FALSE(got->has_value());
    CHECK(got->error().code == awsml::errc::timeout);
    CHECK(got->error().metadata.attempts == 1);
    CHECK_THAT(got->error().message,
               Catch::Contains("would pass before attempt 2 could start (attempt 1 failed: "
                               "ServiceUnavailableException: busy"));
    // The retry never made gave its tokens back.
    CHECK(c.retries().available_quota() == awsml::retry_strategy::initial_quota);
}

TEST_CASE("call_options in the asynchronous forms: this call's deadline, attempts and headers",
          "[async][call_options]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    stub.add_client_error("GetMLModel", "ServiceUnavailable", "busy", 503);
    stub.add_response("GetMLModel", model("ml-2"));
    client c(test_config(), stub); // no call_timeout of its own

    // One attempt allowed: the 503 is not retried; the headers travel with the request.
    const awsml::call_options once{.max_attempts = 1, .headers = {{"x-tenant", "blue"}}};
    auto failed = c.async_get_ml_model({.ml_model_id = "ml-2"}, once, asio::use_future);
    io.run();
    CHECK_THROWS_AS(failed.get(), awsml::service_error);
    REQUIRE(stub.requests().size() == 1);
    CHECK(awsml::find_header(stub.requests()[0].headers, "x-tenant") == "blue");
    CHECK(awsml::find_header(stub.requests()[0].headers, "amz-sdk-request") == "attempt=1; max=1");

    io.restart();
    std::optional<awsml::outcome<get_ml_model_output>> bad;
    c.async_try_get_ml_model({.ml_model_id = "ml-2"},
                             awsml::call_options{.headers = {{"X-Amz-Target", "x"}}},
                             [&](auto r) { bad = std::move(r); });
    io.run();
    REQUIRE(bad);
    REQUIRE_FALSE(bad->has_value());
    CHECK(bad->error().code == awsml::errc::config_error);
    CHECK(stub.requests().size() == 1); // nothing sent
    CHECK(c.get_ml_model({.ml_model_id = "ml-2"}).ml_model_id == "ml-2");

    // The client has no deadline; this call has one.
    io.restart();
    stub.add_response("GetMLModel", model("ml-slow")).add_delay(60s);
    std::optional<awsml::outcome<get_ml_model_output>> slow;
    c.async_try_get_ml_model({.ml_model_id = "ml-slow"}, awsml::call_options{.call_timeout = 50ms},
                             [&](auto r) { slow = std::move(r); });
    auto started = std::chrono::steady_clock::now();
    io.run();
    CHECK(std::chrono::steady_clock::now() - started < 10s);
    REQUIRE(slow);
    REQUIRE_FALSE(slow->has_value());
    CHECK(slow->error().code == awsml::errc::timeout);
}

TEST_CASE("attempt_timeout, asynchronously: the slow attempt is cancelled in the transport and "
          "retried",
          "[async][timeout]") {
    std::atomic<int> received{0};
    awsml_test::test_server server([&](const awsml_test::received_request&) {
        raw_response r = raw_response::ok(R"({"MLModelId":"ml-1","Status":"COMPLETED"})",
                                          {{"Content-Type", "application/x-amz-json-1.1"}});
        if (++received == 1)
            r.delay = 3s;
        return r;
    });
    asio::io_context io;
    awsml::http_transport_config transport_config;
    transport_config.environment = awsml::environment::empty();
    auto config = test_config();
    config.endpoint_url = server.url();
    awsml::basic_client<awsml::asio_http_transport> c(
        config, awsml::asio_http_transport(io.get_executor(), transport_config));
    std::optional<awsml::outcome<get_ml_model_output>> got;
    c.async_try_get_ml_model({.ml_model_id = "ml-1"}, awsml::call_options{.attempt_timeout = 200ms},
                             [&](auto r) { got = std::move(r); });
    const auto started = std::chrono::steady_clock::now();
    io.run_for(30s);                                            // bounds the test
    CHECK(std::chrono::steady_clock::now() - started < 2500ms); // not the slow answer's 3 s
    REQUIRE(got);
    REQUIRE(got->has_value());
    CHECK((*got)->ml_model_id == "ml-1");
    CHECK(received == 2);
}

namespace {

// An asynchronous transport that answers after a delay and ignores cancellation, as a user's own
// may: the answer that arrives after an attempt's timer fired is still the answer.
class late_transport {
public:
    late_transport(asio::io_context& io, std::chrono::milliseconds delay)
        : io_(&io)
        , delay_(delay) {}
    asio::io_context::executor_type get_executor() const { return io_->get_executor(); }
    awsml::http_response send(const awsml::http_request&, std::error_code& ec) {
        ec = make_error_code(awsml::errc::transport_error); // asynchronous only
        return {};
    }
    template <class Handler>
    void async_send(awsml::http_request, Handler handler) {
        auto timer = std::make_shared<asio::steady_timer>(*io_, delay_);
        auto executor = asio::get_associated_executor(handler, io_->get_executor());
        timer->async_wait(asio::bind_executor(
            executor, [timer, handler = std::move(handler)](std::error_code) mutable {
                awsml::http_response answer;
                answer.status = 200;
                answer.headers = {{"Content-Type", "application/x-amz-json-1.1"}};
                answer.body = R"({"MLModelId":"ml-late","Status":"COMPLETED"})";
                std::move(handler)(std::error_code(), std::move(answer));
            }));
    }

private:
    asio::io_context* io_;
    std::chrono::milliseconds delay_;
};

} // namespace

TEST_CASE("attempt_timeout, asynchronously: an answer that comes after the attempt's timer fired "
          "is kept, not retried",
          "[async][timeout]") {
    asio::io_context io;
    awsml::basic_client<late_transport> c(test_config(), late_transport(io, 200ms));
    std::optional<awsml::outcome<get_ml_model_output>> got;
    c.async_try_get_ml_model({.ml_model_id = "ml-late"},
                             awsml::call_options{.attempt_timeout = 20ms},
                             [&](auto r) { got = std::move(r); });
    io.run_for(30s); // bounds the test
    REQUIRE(got);
    REQUIRE(got->has_value());
    CHECK((*got)->ml_model_id == "ml-late");
}

TEST_CASE("1000 calls in flight on one thread all complete", "[async][load]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    constexpr int calls = 1000;
    for (int i = 0; i < calls; ++i)
        stub.add_response("GetMLModel", model("ml-" + std::to_string(i))).add_delay(5ms);
    client c(test_config(), stub);
    int ok = 0, in_flight = 0, most_in_flight = 0;
    for (int i = 0; i < calls; ++i) {
        ++in_flight;
        most_in_flight = std::max(most_in_flight, in_flight);
        c.async_try_get_ml_model({.ml_model_id = "ml-1"}, [&](auto r) {
            ok += r.has_value();
            --in_flight;
        });
    }
    io.run();
    CHECK(ok == calls);
    CHECK(most_in_flight == calls);
}

// Each call's handlers (its deadline, the transport's completion, the retry timer, a
// cancellation) may otherwise run at once on different io threads: ThreadSanitizer (scripts/test
// runs this file under it) reports the races, and a call could complete twice or never.
TEST_CASE("several io threads: deadlines and cancellations race completions, each call completes "
          "exactly once",
          "[async][threads]") {
    std::atomic<int> requests{0};
    awsml_test::test_server server([&](const awsml_test::received_request&) {
        // Every fourth request is refused with a 503, so that retries wait on the retry timer.
        raw_response r = ++requests % 4 == 0
                             ? raw_response::with_status(503, "")
                             : raw_response::ok(R"({"MLModelId":"ml-1","Status":"COMPLETED"})",
                                                {{"Content-Type", "application/x-amz-json-1.1"}});
        r.delay = 20ms; // the server's latency, which the calls' deadlines straddle
        return r;
    });
    asio::io_context io;
    awsml::http_transport_config transport_config;
    transport_config.environment = awsml::environment::empty();
    transport_config.max_connections_per_host = 1000; // every call in flight at once, none queued
    awsml::asio_http_transport transport(io.get_executor(), transport_config);

    using http_client = awsml::basic_client<awsml::asio_http_transport>;
    std::vector<std::unique_ptr<http_client>> clients; // call_timeout from 15 to 29 ms
    for (int timeout_ms = 15; timeout_ms < 30; ++timeout_ms) {
        auto config = test_config();
        config.endpoint_url = server.url();
        config.call_timeout = std::chrono::milliseconds(timeout_ms);
        clients.push_back(std::make_unique<http_client>(config, transport));
    }

    // A cancelled call's slot is emitted on the strand its handler runs on, as Asio requires.
    struct cancellable {
        asio::strand<asio::io_context::executor_type> strand;
        asio::cancellation_signal signal;
        asio::steady_timer timer;
        explicit cancellable(asio::io_context& io)
            : strand(asio::make_strand(io))
            , timer(strand) {}
    };
    // A race shows only when a deadline or a cancellation falls within microseconds of the
    // response: several rounds make that near certain.
    constexpr int rounds = 10, calls = 400;
    std::array<std::atomic<int>, rounds * calls> completions{};
    std::array<std::atomic<int>, rounds * calls> codes{}; // 0: success, else the failure's errc
    for (int round = 0; round < rounds; ++round) {
        std::vector<std::unique_ptr<cancellable>> cancellations;
        for (int i = 0; i < calls; ++i) {
            auto record = [&, n = round * calls + i](awsml::outcome<get_ml_model_output> r) {
                ++completions[n];
                codes[n] = r ? 0 : r.error().code.value();
            };
            http_client& c = *clients[i % clients.size()];
            if (i % 3 != 0) {
                c.async_try_get_ml_model({.ml_model_id = "ml-1"}, record);
                continue;
            }
            auto& cancel = *cancellations.emplace_back(std::make_unique<cancellable>(io));
            asio::dispatch(cancel.strand, [&c, &cancel, record, i] {
                c.async_try_get_ml_model(
                    {.ml_model_id = "ml-1"},
                    asio::bind_executor(
                        cancel.strand, asio::bind_cancellation_slot(cancel.signal.slot(), record)));
                cancel.timer.expires_after(std::chrono::milliseconds(10 + i % 20));
                cancel.timer.async_wait([&cancel](std::error_code ec) {
                    if (!ec)
                        cancel.signal.emit(asio::cancellation_type::terminal);
                });
            });
        }
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&] { io.run(); });
        for (auto& t : threads)
            t.join();
        io.restart();
    }

    const std::array expected{0, static_cast<int>(awsml::errc::timeout),
                              static_cast<int>(awsml::errc::cancelled),
                              static_cast<int>(awsml::errc::service_error)};
    for (int i = 0; i < rounds * calls; ++i) {
        INFO("call " << i);
        CHECK(completions[i] == 1);
        CHECK(std::find(expected.begin(), expected.end(), codes[i].load()) != expected.end());
    }
}

namespace {

// A provider that answers only once released: a source as slow as its caller makes it.
struct gated_provider {
    std::shared_ptr<std::promise<void>> release = std::make_shared<std::promise<void>>();
    std::shared_future<void> gate = release->get_future().share();

    std::function<awsml::credentials()> function() const {
        return [gate = gate] {
            // Bounded, so that a provider run on the thread that would release it ends the test.
            if (gate.wait_for(10s) != std::future_status::ready)
                throw awsml::error(awsml::errc::config_error,
                                   "never released: the thread that would release it waited");
            return awsml::credentials{
                "AKIDGATED", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", {}, "gated"};
        };
    }
    void open() const { release->set_value(); }
};

} // namespace

TEST_CASE("credentials: a slow source runs off the io thread", "[async][credentials]") {
    asio::io_context io; // one thread: the provider blocking it would never be released
    awsml::stub_transport stub(io.get_executor());
    stub.add_response("GetMLModel", model("ml-1"));
    gated_provider provider;
    auto config = test_config();
    config.credentials.reset();
    config.credentials_provider = provider.function();
    client c(config, stub);
    asio::post(io, [&] { provider.open(); });
    std::optional<awsml::outcome<get_ml_model_output>> got;
    c.async_try_get_ml_model({.ml_model_id = "ml-1"}, [&](auto r) { got = std::move(r); });
    io.run();
    REQUIRE(got);
    INFO((got->has_value() ? std::string() : got->error().message));
    REQUIRE(got->has_value());
    CHECK((*got)->ml_model_id == "ml-1");
}

TEST_CASE("credentials: call_timeout covers resolving them", "[async][credentials]") {
    gated_provider provider;
    auto config = test_config();
    config.credentials.reset();
    config.credentials_provider = provider.function();
    config.call_timeout = 200ms;

    SECTION("blocking") {
        client c(config, awsml::stub_transport());
        auto started = std::chrono::steady_clock::now();
        auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
        CHECK(std::chrono::steady_clock::now() - started < 5s); // before the provider gives up
        provider.open();
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == awsml::errc::timeout);
        CHECK_THAT(result.error().message, Catch::Contains("while resolving credentials") &&
                                               Catch::Contains("call_timeout 200 ms"));
    }
    SECTION("asynchronous") {
        asio::io_context io;
        awsml::stub_transport stub(io.get_executor());
        client c(config, stub);
        std::optional<awsml::outcome<get_ml_model_output>> got;
        c.async_try_get_ml_model({.ml_model_id = "ml-1"}, [&](auto r) {
            got = std::move(r);
            provider.open(); // io.run() returns once the provider's thread is done
        });
        io.run();
        REQUIRE(got);
        REQUIRE_FALSE(got->has_value());
        CHECK(got->error().code == awsml::errc::timeout);
        CHECK(stub.requests().empty());
    }
}

TEST_CASE("a call or a wait never completes inside the function that starts it", "[async]") {
    // Asio's rule: a handler started from an io thread must not run before the initiating
    // function returns (re-entrancy, a caller's lock taken again, recursion without end).
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    client c(test_config(), stub);
    auto no_region_config = test_config();
    no_region_config.region.reset();
    client no_region(no_region_config, stub);
    std::vector<std::string> order;
    asio::post(io, [&] {
        c.async_try_get_ml_model({.ml_model_id = ""}, [&](auto r) {
            CHECK(r.error().code == awsml::errc::validation_failed);
            order.push_back("invalid input");
        });
        no_region.async_try_get_ml_model({.ml_model_id = "ml-1"}, [&](auto r) {
            CHECK(r.error().code == awsml::errc::no_region);
            order.push_back("no region");
        });
        c.async_wait<awsml::machinelearning::ml_model_completed>({.ml_model_id = ""}, {},
                                                                 [&](auto r) {
                                                                     CHECK_FALSE(r.has_value());
                                                                     order.push_back("wait");
                                                                 });
        order.push_back("started");
    });
    io.run_for(30s); // bounds the test: it ends at once
    REQUIRE_FALSE(order.empty());
    CHECK(order.front() == "started");
    CHECK(order.size() == 4);
    CHECK(stub.requests().empty());
}

TEST_CASE("a hook that throws ends the asynchronous call once, with its words; the throwing "
          "form throws the exception itself",
          "[async][hooks]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    stub.add_response("GetMLModel", model("ml-1"));
    auto config = test_config();
    const auto hook_fails = GENERATE(as<std::string>{}, "before_send", "after_receive");
    if (hook_fails == "before_send")
        config.hooks.before_send = [](const auto&, const auto&) {
            throw std::runtime_error("the log is full");
        };
    else
        config.hooks.after_receive = [](const auto&, const auto*, std::error_code, auto) {
            throw std::runtime_error("the log is full");
        };
    client c(config, stub);
    int calls = 0;
    std::optional<awsml::outcome<get_ml_model_output>> got;
    c.async_try_get_ml_model({.ml_model_id = "ml-1"}, [&](auto r) {
        ++calls;
        got = std::move(r);
    });
    auto future = c.async_get_ml_model({.ml_model_id = "ml-1"}, asio::use_future);
    io.run_for(30s); // bounds the test: it ends at once
    CHECK(calls == 1);
    REQUIRE(got);
    REQUIRE_FALSE(got->has_value());
    CHECK(got->error().code == awsml::errc::hook_failed);
    CHECK_THAT(got->error().message, Catch::Contains("GetMLModel: threw: the log is full"));
    // After the answer came, the failure says so: the service did act.
    CHECK(got->error().metadata.http_status == (hook_fails == "after_receive" ? 200 : 0));
    REQUIRE(future.wait_for(0s) == std::future_status::ready);
    CHECK_THROWS_WITH(future.get(), "the log is full"); // the exception itself, as thrown
}

TEST_CASE("partial and total cancellation end a call only before its request is sent",
          "[async][cancel]") {
    const auto type = GENERATE(asio::cancellation_type::partial, asio::cancellation_type::total);
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    stub.add_response("GetMLModel", model("ml-1")).add_delay(200ms);
    asio::cancellation_signal in_flight, not_sent, at_once;
    auto config = test_config();
    config.hooks.before_send = [&](const auto&, const auto&) { in_flight.emit(type); }; // as sent
    client c(config, stub);
    client quick(test_config(), stub);
    gated_provider provider; // the second call is still resolving its credentials
    auto slow_config = test_config();
    slow_config.credentials.reset();
    slow_config.credentials_provider = provider.function();
    client slow(slow_config, stub);
    std::optional<awsml::outcome<get_ml_model_output>> sent, unsent, never_started;
    c.async_try_get_ml_model(
        {.ml_model_id = "ml-1"},
        asio::bind_cancellation_slot(in_flight.slot(), [&](auto r) { sent = std::move(r); }));
    quick.async_try_get_ml_model({.ml_model_id = "ml-3"},
                                 asio::bind_cancellation_slot(at_once.slot(), [&](auto r) {
                                     never_started = std::move(r);
                                 }));
    at_once.emit(type); // before io.run(): its first step has not run
    slow.async_try_get_ml_model({.ml_model_id = "ml-2"},
                                asio::bind_cancellation_slot(not_sent.slot(), [&](auto r) {
                                    unsent = std::move(r);
                                    provider.open(); // its thread ends; io.run_for can return
                                }));
    not_sent.emit(type);
    io.run_for(30s);
    REQUIRE(sent);
    CHECK(sent->has_value()); // the service may have acted: the answer is kept
    REQUIRE(unsent);
    REQUIRE_FALSE(unsent->has_value());
    CHECK(unsent->error().code == awsml::errc::cancelled);
    REQUIRE(never_started);
    REQUIRE_FALSE(never_started->has_value());
    CHECK(never_started->error().code == awsml::errc::cancelled);
    CHECK(stub.requests().size() == 1);
}

TEST_CASE("a cancellation signal may outlive the io_context of its call", "[async][cancel]") {
    // The slot's handler holds no executor: the signal destroyed after the io_context (here,
    // declared before it) touches nothing freed (the sanitizer runs check it).
    asio::cancellation_signal outliving;
    {
        asio::io_context io;
        awsml::stub_transport stub(io.get_executor());
        stub.add_response("GetMLModel", model("ml-1")).add_delay(60s);
        client c(test_config(), stub);
        c.async_try_get_ml_model({.ml_model_id = "ml-1"},
                                 asio::bind_cancellation_slot(outliving.slot(), [](auto) {}));
        io.run_for(20ms); // the call is in flight; the io_context goes with it unfinished
    }
    outliving.emit(asio::cancellation_type::terminal); // the call is gone: nothing happens
    SUCCEED();
}

TEST_CASE("asynchronous calls and waits on a transport without an executor are refused by name",
          "[async]") {
    awsml::stub_transport blocking_only; // made without an executor
    client c(test_config(), blocking_only);
    const auto refused = [](const awsml::error& e) {
        return e.code() == awsml::errc::invalid_value &&
               std::string(e.what()).find("made with an executor") != std::string::npos;
    };
    CHECK_THROWS_MATCHES(c.async_get_ml_model({.ml_model_id = "ml-1"}, asio::use_future),
                         awsml::error, Catch::Predicate<awsml::error>(refused));
    CHECK_THROWS_MATCHES(c.async_wait<awsml::machinelearning::ml_model_completed>(
                             {.ml_model_id = "ml-1"}, {}, [](auto) {}),
                         awsml::error, Catch::Predicate<awsml::error>(refused));
    CHECK(blocking_only.requests().empty());
}

TEST_CASE("credentials: a source still running when its io_context is destroyed",
          "[async][credentials]") {
    // As on Ctrl-C during a program's first call: the io_context stops and goes while a source
    // runs on its thread. The call is destroyed with the io_context; the source's late answer
    // is dropped without touching it (the sanitizer runs check it).
    gated_provider provider;
    auto alive = std::make_shared<int>(0); // held by every copy of the provider
    std::weak_ptr<int> any_copy = alive;
    bool completed = false;
    {
        auto config = test_config();
        config.credentials.reset();
        config.credentials_provider = [gated = provider.function(), alive = std::move(alive)] {
            return gated();
        };
        asio::io_context io;
        awsml::stub_transport stub(io.get_executor());
        client c(config, stub);
        c.async_try_get_ml_model({.ml_model_id = "ml-1"}, [&](auto) { completed = true; });
        io.run_for(30ms); // the source is still running
    }
    provider.open();
    const auto bound = std::chrono::steady_clock::now() + 10s;
    while (!any_copy.expired() && std::chrono::steady_clock::now() < bound)
        std::this_thread::sleep_for(5ms);
    CHECK(any_copy.expired()); // the source's thread ended
    CHECK_FALSE(completed);    // its handler went with the io_context
}

TEST_CASE("a deferred wait's max_wait counts from when it starts, not from when it is made",
          "[async][waiter]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    stub.add_response("GetMLModel", model("ml-1")).add_delay(20ms); // past the 1 ms once left
    client c(test_config(), stub);
    auto wait = c.async_wait<awsml::machinelearning::ml_model_completed>(
        {.ml_model_id = "ml-1"}, {.max_wait = 100ms}, asio::experimental::deferred);
    std::this_thread::sleep_for(150ms); // longer than max_wait, before the wait starts
    std::optional<awsml::outcome<get_ml_model_output>> got;
    std::move(wait)([&](auto r) { got = std::move(r); });
    io.run_for(30s); // bounds the test: it ends at once
    REQUIRE(got);
    INFO((got->has_value() ? std::string() : got->error().message));
    CHECK(got->has_value());
    CHECK(stub.requests().size() == 1);
}

TEST_CASE("a wait cancelled while its call is in flight ends at once, whatever the type",
          "[async][waiter][cancel]") {
    const auto type = GENERATE(asio::cancellation_type::terminal, asio::cancellation_type::partial,
                               asio::cancellation_type::total);
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    stub.add_response("GetMLModel", model("ml-1")).add_delay(60s);
    client c(test_config(), stub);
    asio::cancellation_signal cancel;
    std::optional<awsml::outcome<get_ml_model_output>> got;
    c.async_wait<awsml::machinelearning::ml_model_completed>(
        {.ml_model_id = "ml-1"}, {},
        asio::bind_cancellation_slot(cancel.slot(), [&](auto r) { got = std::move(r); }));
    asio::steady_timer soon(io, 20ms);
    soon.async_wait([&](std::error_code) { cancel.emit(type); });
    const auto started = std::chrono::steady_clock::now();
    io.run_for(30s);
    CHECK(std::chrono::steady_clock::now() - started < 10s); // far before the 60 s answer
    REQUIRE(got);
    REQUIRE_FALSE(got->has_value());
    CHECK(got->error().code == awsml::errc::cancelled);
}

} // namespace async_client_test
