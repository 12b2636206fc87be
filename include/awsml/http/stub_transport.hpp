#pragma once

/// \file
/// A transport for users' own tests, like botocore's Stubber: queue the calls you expect (the
/// operation, optionally its exact parameters) with the answer each should get (an output, a
/// service error, or a transport failure). A call that was not expected, or whose parameters
/// differ, fails with the service error "StubAssertionError" (never retried) and is recorded;
/// assert_no_pending_responses() reports expectations that were never consumed.
///
///     awsml::stub_transport stub;
///     stub.expect<awsml::machinelearning::get_ml_model>({.ml_model_id = "ml-1"},
///                                                       {.ml_model_id = "ml-1"});
///     awsml::basic_client<awsml::stub_transport> client(config, stub);
///     ... client.get_ml_model({.ml_model_id = "ml-1"}) ...
///     stub.assert_no_pending_responses();
///
/// Copies share one queue, so the copy the client holds and the test's object see the same calls.
/// Constructed with an executor, it also serves the asynchronous API (async_send), completing on
/// that executor; an answer may be delayed (add_delay), and a delayed answer can be cancelled.

#include <awsml/core/error.hpp>
#include <awsml/http/message.hpp>
#include <awsml/http/transport.hpp>
#include <awsml/model/shape.hpp>
#include <awsml/model/to_json.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/associated_cancellation_slot.hpp>
#include <asio/associated_executor.hpp>
#include <asio/bind_executor.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace awsml {

/// The transport for users' own tests (see the top of this file). Copies share one queue of
/// expectations and one record of requests and failures, so the stub a test keeps sees what the
/// client's copies did; it is safe to use from several threads.
class stub_transport {
public:
    /// For blocking calls only.
    stub_transport()
        : state_(std::make_shared<state>()) {}
    /// For blocking and asynchronous calls; asynchronous answers complete on `executor`.
    explicit stub_transport(asio::any_io_executor executor)
        : state_(std::make_shared<state>())
        , executor_(std::move(executor)) {}

    /// Where asynchronous answers complete (empty for a blocking-only stub).
    const asio::any_io_executor& get_executor() const noexcept { return executor_; }

    /// Delays the answer to the expectation queued last (sleeping, or a timer when asynchronous).
    stub_transport& add_delay(std::chrono::milliseconds delay) {
        std::lock_guard lock(state_->mutex);
        if (!state_->queue.empty())
            state_->queue.back().delay = delay;
        return *this;
    }

    /// Expect `operation`; answer with `status` and the JSON `body`.
    stub_transport& add_raw_response(std::string operation, int status, std::string body,
                                     http_headers headers = {},
                                     std::optional<std::string> expected_params = std::nullopt) {
        expectation e;
        e.operation = std::move(operation);
        e.expected_params = std::move(expected_params);
        e.response.status = status;
        e.response.headers = std::move(headers);
        e.response.headers.push_back({"Content-Type", "application/x-amz-json-1.1"});
        e.response.headers.push_back({"x-amzn-RequestId", "stub-" + std::to_string(next_id())});
        e.response.body = std::move(body);
        push(std::move(e));
        return *this;
    }

    /// Expect `operation` (with exactly `expected_input` as parameters, when given); answer
    /// `output`.
    template <detail::described_shape Output>
    stub_transport& add_response(const std::string& operation, const Output& output) {
        return add_raw_response(operation, 200, to_json(output));
    }
    /// As add_response(operation, output), and the call's input must equal `expected_input`
    /// (compared as JSON); a different one fails the call with "StubAssertionError".
    template <detail::described_shape Output, detail::described_shape Input>
    stub_transport& add_response(const std::string& operation, const Output& output,
                                 const Input& expected_input) {
        return add_raw_response(operation, 200, to_json(output), {}, to_json(expected_input));
    }

    /// Typed forms over an operation's declaration (awsml::operation): the operation's wire name
    /// and shapes come from it, so an expectation cannot name the wrong shape.
    ///     stub.expect<awsml::machinelearning::get_ml_model>(input, output);
    template <class Op>
    requires requires {
        Op::name;
        typename Op::input;
        typename Op::output;
    }
    stub_transport& expect(const typename Op::input& input, const typename Op::output& output) {
        return add_response(std::string(Op::name), output, input);
    }
    /// Expect Op with whatever input; answer `output`.
    template <class Op>
    requires requires {
        Op::name;
        typename Op::output;
    }
    stub_transport& expect_any_input(const typename Op::output& output) {
        return add_response(std::string(Op::name), output);
    }
    /// Expect Op; answer with its modeled error `body` (e.g. a resource_not_found_exception).
    template <class Op, detail::named_shape Error>
    requires requires { Op::name; }
    stub_transport& expect_error(const Error& body, int status = 400) {
        std::string json = to_json(body); // an object: "__type" goes first
        json.insert(1, "\"__type\":" + json_string(shape_wire_name<Error>) +
                           (json.size() > 2 ? "," : ""));
        return add_raw_response(std::string(Op::name), status, std::move(json));
    }

    /// Expect `operation`; answer with the service error `code` (as Amazon ML sends it).
    stub_transport& add_client_error(std::string operation, const std::string& code,
                                     const std::string& message, int status = 400,
                                     std::optional<int> numeric_code = std::nullopt) {
        std::string body =
            "{\"__type\":" + json_string(code) + ",\"message\":" + json_string(message);
        if (numeric_code)
            body += ",\"code\":" + std::to_string(*numeric_code);
        return add_raw_response(std::move(operation), status, body + "}");
    }

    /// Expect `operation`; fail it in the transport with `ec` (e.g. errc::timeout), having got
    /// as far as `stage` (the call's call_failure::stage).
    stub_transport& add_transport_error(std::string operation, std::error_code ec,
                                        transport_stage stage = transport_stage::unknown) {
        expectation e;
        e.operation = std::move(operation);
        e.transport_error = ec;
        e.stage = stage;
        push(std::move(e));
        return *this;
    }

    /// The stage of the last transport error this object answered a blocking send() with. Copies
    /// share the queue, not this: a client sends on copies of the stub it was given, so read a
    /// call's stage from its call_failure::stage.
    transport_stage last_failure_stage() const noexcept { return last_failure_stage_; }

    /// The transport concept's blocking send: answers with the next expectation, after its delay.
    http_response send(const http_request& request, std::error_code& ec) {
        auto delay = next_delay();
        if (delay.count() > 0)
            std::this_thread::sleep_for(delay);
        http_response response = answer(request, ec);
        last_failure_stage_ = ec ? transport_stage_of_failure(response) : transport_stage::unknown;
        return response;
    }

    /// The asynchronous send: completes `handler` with `(std::error_code, http_response)` on its
    /// associated executor, after the expectation's delay (on a timer, cancellable through the
    /// handler's cancellation slot).
    template <class Handler>
    void async_send(http_request request, Handler handler) {
        auto delay = next_delay();
        if (delay.count() <= 0)
            return complete(std::move(handler), request);
        // The wait ends on the handler's executor, where its slot is emitted (by Asio's rules),
        // so clearing the slot and cancelling the timer never run at once.
        const auto handler_executor = asio::get_associated_executor(handler, executor_);
        auto timer = std::make_shared<asio::steady_timer>(executor_, delay);
        auto slot = asio::get_associated_cancellation_slot(handler);
        if (slot.is_connected())
            slot.assign([timer](asio::cancellation_type) { timer->cancel(); });
        timer->async_wait(asio::bind_executor(
            handler_executor, [self = *this, timer, request = std::move(request),
                               handler = std::move(handler)](std::error_code ec) mutable {
                asio::get_associated_cancellation_slot(handler).clear();
                if (ec)
                    return self.complete_with(std::move(handler), make_error_code(errc::cancelled),
                                              {});
                self.complete(std::move(handler), request);
            }));
    }

private:
    template <class Handler>
    void complete(Handler handler, const http_request& request) {
        std::error_code ec;
        http_response response = answer(request, ec);
        complete_with(std::move(handler), ec, std::move(response));
    }

    template <class Handler>
    void complete_with(Handler handler, std::error_code ec, http_response response) {
        auto executor = asio::get_associated_executor(handler, executor_);
        asio::post(executor,
                   [handler = std::move(handler), ec, response = std::move(response)]() mutable {
                       handler(ec, std::move(response));
                   });
    }

    std::chrono::milliseconds next_delay() const {
        std::lock_guard lock(state_->mutex);
        return state_->queue.empty() ? std::chrono::milliseconds(0) : state_->queue.front().delay;
    }

    http_response answer(const http_request& request, std::error_code& ec) {
        std::lock_guard lock(state_->mutex);
        state_->requests.push_back(request);
        ec.clear();
        std::string operation = operation_of(request);
        if (state_->queue.empty())
            return reject("unexpected call to " + operation + ": no response queued");
        expectation next = std::move(state_->queue.front());
        state_->queue.pop_front();
        if (next.operation != operation)
            return reject("expected a call to " + next.operation + ", got " + operation);
        if (next.expected_params && !same_json(*next.expected_params, request.body))
            return reject(operation + ": expected parameters " + *next.expected_params + ", got " +
                          request.body);
        if (next.transport_error) {
            ec = *next.transport_error;
            // Named as asio_http_transport's asynchronous failures name it.
            return {
                0, {{std::string(transport_stage_header), std::string(to_string(next.stage))}}, {}};
        }
        return next.response;
    }

public:
    /// Throws awsml::error naming the expectations no call consumed, and any recorded failure.
    void assert_no_pending_responses() const {
        std::lock_guard lock(state_->mutex);
        std::string problems;
        for (const auto& e : state_->queue)
            problems += " expected a call to " + e.operation + " that never came;";
        for (const auto& f : state_->failures)
            problems += " " + f + ";";
        if (!problems.empty())
            throw error(make_error_code(errc::invalid_value),
                        "stub_transport:" + problems.substr(0, problems.size() - 1));
    }

    /// Why each call that did not match its expectation failed, in order (a copy).
    std::vector<std::string> failures() const {
        std::lock_guard lock(state_->mutex);
        return state_->failures;
    }
    /// Every request received, matched or not, in order (a copy).
    std::vector<http_request> requests() const {
        std::lock_guard lock(state_->mutex);
        return state_->requests;
    }
    /// Expectations not consumed yet.
    std::size_t pending() const {
        std::lock_guard lock(state_->mutex);
        return state_->queue.size();
    }

private:
    struct expectation {
        std::string operation;
        std::optional<std::string> expected_params;
        http_response response;
        std::optional<std::error_code> transport_error;
        transport_stage stage = transport_stage::unknown;
        std::chrono::milliseconds delay{0};
    };
    struct state {
        std::mutex mutex;
        std::deque<expectation> queue;
        std::vector<std::string> failures;
        std::vector<http_request> requests;
        int ids = 0;
    };

    void push(expectation e) {
        std::lock_guard lock(state_->mutex);
        state_->queue.push_back(std::move(e));
    }
    int next_id() {
        std::lock_guard lock(state_->mutex);
        return ++state_->ids;
    }

    http_response reject(const std::string& why) {
        state_->failures.push_back(why);
        http_response r;
        r.status = 400;
        r.headers = {{"Content-Type", "application/x-amz-json-1.1"}};
        r.body = R"({"__type":"StubAssertionError","message":)" + json_string(why) + "}";
        return r;
    }

    static std::string operation_of(const http_request& request) {
        auto target = find_header(request.headers, "X-Amz-Target").value_or("");
        auto dot = target.rfind('.');
        return std::string(dot == std::string_view::npos ? target : target.substr(dot + 1));
    }

    static bool same_json(std::string_view a, std::string_view b) {
        boost::json::error_code ea, eb;
        auto va = boost::json::parse(a, ea);
        auto vb = boost::json::parse(b, eb);
        return !ea && !eb && va == vb;
    }

    static std::string json_string(std::string_view s) {
        std::string out;
        detail::write_json_string(out, s);
        return out;
    }

    std::shared_ptr<state> state_;
    transport_stage last_failure_stage_ = transport_stage::unknown; // blocking sends only
    asio::any_io_executor executor_;
};

static_assert(http_transport<stub_transport>);
static_assert(async_http_transport<stub_transport>);

} // namespace awsml
