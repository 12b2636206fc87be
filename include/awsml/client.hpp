#pragma once

// The Amazon Machine Learning client. One call, e.g. get_ml_model, goes:
//   validate the input -> build the awsJson1_1 request -> for each attempt: sign (SigV4), send
//   through the transport, then decode the 2xx body into the output shape, or turn the error
//   response into a modeled error, retrying as the retry strategy says.
// Two forms over that one path: get_ml_model throws; try_get_ml_model returns an outcome.
// With an asynchronous transport, the same in Asio's completion-token style:
//   async_get_ml_model(input, token)      completes with void(std::exception_ptr, output): the
//                                         exception is the one get_ml_model would throw, so a
//                                         coroutine (use_awaitable) or future sees typed errors;
//   async_try_get_ml_model(input, token)  completes with void(outcome<output>).
// Both work with callbacks, use_future, use_awaitable and as_tuple, honour the handler's
// cancellation slot, and wait between retries on timers, never on a sleeping thread.
// A client is safe to use from several threads at once: the signing-key cache, the retry quota
// and the clock offset are shared and synchronised; each call borrows a transport of its own.

#include <awsml/call_failure.hpp>
#include <awsml/client_config.hpp>
#include <awsml/detail/async_call.hpp>
#include <awsml/detail/call_state.hpp>
#include <awsml/detail/transport_pool.hpp>
#include <awsml/http_transport.hpp>
#include <awsml/shapes.hpp>
#include <awsml/transport.hpp>

#include <asio/async_result.hpp>

#include <algorithm>
#include <chrono>
#include <exception>
#include <thread>

namespace awsml {

template <http_transport Transport = asio_http_transport>
class basic_client {
public:
    explicit basic_client(client_config config = {}, Transport transport = Transport{})
        : core_(std::move(config))
        , transports_(std::move(transport)) {}

    basic_client(const basic_client&) = delete;
    basic_client& operator=(const basic_client&) = delete;

    /// GetMLModel: throws modeled_service_error<...>, service_error, validation_error or
    /// awsml::error.
    get_ml_model_output get_ml_model(const get_ml_model_input& input) {
        return try_get_ml_model(input).value();
    }
    get_ml_model_output get_ml_model(const get_ml_model_input& input, response_metadata& metadata) {
        return try_get_ml_model(input, metadata).value();
    }

    /// GetMLModel without exceptions: the output, or a call_failure saying what went wrong.
    outcome<get_ml_model_output> try_get_ml_model(const get_ml_model_input& input) {
        response_metadata ignored;
        return try_get_ml_model(input, ignored);
    }
    outcome<get_ml_model_output> try_get_ml_model(const get_ml_model_input& input,
                                                  response_metadata& metadata) {
        detail::call_state<get_ml_model_output> call(core_, "GetMLModel",
                                                     &detail::decode_get_ml_model_error);
        auto result = run(call, input);
        metadata = call.metadata();
        return result;
    }

    template <class CompletionToken>
    requires async_http_transport<Transport>
    auto async_try_get_ml_model(const get_ml_model_input& input, CompletionToken&& token) {
        return asio::async_initiate<CompletionToken, void(outcome<get_ml_model_output>)>(
            [this, input](auto handler) {
                // this->: clang 14 calls the capture unused in a generic lambda otherwise.
                this->template start_async<get_ml_model_output>(
                    "GetMLModel", &detail::decode_get_ml_model_error, std::move(handler), input);
            },
            token);
    }

    template <class CompletionToken>
    requires async_http_transport<Transport>
    auto async_get_ml_model(const get_ml_model_input& input, CompletionToken&& token) {
        return asio::async_initiate<CompletionToken, void(std::exception_ptr, get_ml_model_output)>(
            [this, input](auto handler) {
                using adapter = detail::rethrowing_handler<decltype(handler), get_ml_model_output>;
                this->template start_async<get_ml_model_output>("GetMLModel",
                                                                &detail::decode_get_ml_model_error,
                                                                adapter{std::move(handler)}, input);
            },
            token);
    }

    /// The region the client signs for, if one was found.
    const std::optional<std::string>& region() const noexcept { return core_.settings.region; }
    /// The endpoint the client sends to, or why there is none.
    const auto& endpoint() const noexcept { return core_.settings.endpoint; }
    const retry_strategy& retries() const noexcept { return core_.retry; }
    /// The correction applied to the local clock after the service reported a skew.
    std::chrono::milliseconds clock_offset() const noexcept {
        return std::chrono::milliseconds(core_.clock_offset_ms.load());
    }
    /// The transport every call copies (a stub transport's copies share its expectations).
    const Transport& transport() const noexcept { return transports_.prototype(); }

private:
    // The blocking driver of a call_state.
    template <class Output, class Input>
    outcome<Output> run(detail::call_state<Output>& call, const Input& input) {
        if (!call.start(input))
            return call.take_result();
        auto deadline = std::chrono::steady_clock::now() + core_.config.call_timeout;
        auto leased = transports_.acquire(lease_deadline(deadline));
        if (!leased) {
            call.abandon(make_error_code(errc::timeout),
                         "every connection the transport may open was busy until the call "
                         "could wait no longer (max_connections_per_host)");
            return call.take_result();
        }
        Transport& transport = **leased;
        for (std::chrono::nanoseconds wait = call.delay_before_attempt();;) {
            if (!sleep_within(wait, deadline)) {
                call.abandon(make_error_code(errc::timeout), "the call's deadline passed");
                return call.take_result();
            }
            http_request request;
            if (!call.prepare_attempt(request))
                return call.take_result();
            std::error_code ec;
            http_response response = send_before(transport, request, ec, deadline);
            detail::next_step step = call.on_result(ec, response, failure_detail(transport, ec));
            if (step.finished)
                return call.take_result();
            wait = step.delay + call.delay_before_attempt();
        }
    }

    // How long a call may wait for a free transport: as long as it may wait to connect (the
    // transport's connect_timeout, where it has one), and never past the call's deadline.
    std::chrono::steady_clock::time_point
    lease_deadline(std::chrono::steady_clock::time_point call_deadline) const {
        auto deadline = std::chrono::steady_clock::time_point::max();
        if (core_.config.call_timeout.count() > 0)
            deadline = call_deadline;
        const Transport& prototype = transports_.prototype();
        if constexpr (requires { prototype.config().connect_timeout; }) {
            const auto connect = prototype.config().connect_timeout;
            if (connect.count() > 0)
                deadline = std::min(deadline, std::chrono::steady_clock::now() + connect);
        }
        return deadline;
    }

    // A transport that can end an exchange at a deadline (asio_http_transport) is given the
    // call's; any other is only checked between attempts.
    http_response send_before(Transport& transport, const http_request& request,
                              std::error_code& ec, std::chrono::steady_clock::time_point deadline) {
        if constexpr (requires { transport.send(request, ec, deadline); }) {
            if (core_.config.call_timeout.count() > 0)
                return transport.send(request, ec, deadline);
        }
        return transport.send(request, ec);
    }

    // Sleeps, unless that would pass the call's deadline.
    bool sleep_within(std::chrono::nanoseconds delay,
                      std::chrono::steady_clock::time_point deadline) {
        bool limited = core_.config.call_timeout.count() > 0;
        if (limited && std::chrono::steady_clock::now() + delay >= deadline)
            return false;
        if (delay.count() <= 0)
            return true;
        if (core_.config.sleep)
            core_.config.sleep(delay);
        else
            std::this_thread::sleep_for(delay);
        return true;
    }

    static std::string_view failure_detail(const Transport& transport, std::error_code ec) {
        if constexpr (requires { transport.last_error_message(); }) {
            if (ec)
                return transport.last_error_message();
        }
        return {};
    }

    template <class Output, class Handler, class Input>
    void start_async(std::string_view operation, detail::error_decoder decode, Handler handler,
                     const Input& input) {
        auto call = std::make_shared<detail::async_call<Output, Transport, Handler>>(
            core_, transports_.prototype(), operation, decode, std::move(handler),
            core_.config.call_timeout);
        call->start(input);
    }

    detail::client_core core_;
    detail::transport_pool<Transport> transports_;
};

/// The client most programs want: blocking calls over awsml's own HTTP/1.1 + TLS transport.
///     awsml::client c{{.region = "us-east-1"}};
using client = basic_client<asio_http_transport>;

} // namespace awsml
