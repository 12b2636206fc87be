#pragma once

/// \file
/// The generic client of one AWS JSON service. One call of any operation goes:
///   validate the input -> build the awsJson1_1 request -> for each attempt: sign (SigV4), send
///   through the transport, then decode the 2xx body into the output shape, or turn the error
///   response into one of the operation's modeled errors, retrying as the retry strategy says.
/// Two forms over that one path: call<Op> throws; try_call<Op> returns an outcome. check<Op>
/// runs its first two steps only: a dry run. Each form may take call_options, which change one
/// call's timeout, attempts, credentials or headers.
/// With an asynchronous transport, the same in Asio's completion-token style:
///   async_call<Op>(input, token)      completes with void(std::exception_ptr, output): the
///                                     exception is the one call<Op> would throw, so a coroutine
///                                     (use_awaitable) or future sees typed errors;
///   async_try_call<Op>(input, token)  completes with void(outcome<output>).
/// Both work with callbacks, use_future, use_awaitable and as_tuple, honour the handler's
/// cancellation slot (terminal cancellation at any time; partial and total only before the
/// first request is sent), never complete inside the initiating function, and wait between
/// retries on timers, never on a sleeping thread; they send through the transport the client
/// was given (its prototype, which must have an executor: errc::invalid_value otherwise), never
/// a pooled one. A hook, transport or other step of a call that throws ends it, blocking or
/// not: the non-throwing forms fail with errc::hook_failed and the exception's what(), the
/// throwing forms throw that exception again (call_failure::thrown).
/// A client is safe to use from several threads at once: the signing-key cache, the retry quota
/// and the clock offset are shared and synchronised; each blocking call borrows a transport of
/// its own from a pool. Several threads may run the io_context: each asynchronous call's
/// handlers run on a strand of its own (detail/async_call.hpp).
///
/// A service's folder derives its client from this one, adding a named member per operation.

#include <awsml/http/transport.hpp>
#include <awsml/runtime/call_failure.hpp>
#include <awsml/runtime/call_options.hpp>
#include <awsml/runtime/client_config.hpp>
#include <awsml/runtime/detail/async_call.hpp>
#include <awsml/runtime/detail/async_executor.hpp>
#include <awsml/runtime/detail/call_state.hpp>
#include <awsml/runtime/detail/transport_pool.hpp>
#include <awsml/runtime/operation.hpp>
#include <awsml/runtime/paginator.hpp>
#include <awsml/runtime/service.hpp>
#include <awsml/runtime/waiter.hpp>

#include <asio/async_result.hpp>

#include <algorithm>
#include <chrono>
#include <concepts>
#include <exception>
#include <optional>
#include <thread>

namespace awsml {

/// The generic client of one AWS JSON service: the calls of any of its operations, paginators and
/// waiters. machinelearning::basic_client adds a named member per operation on top of it.
///
/// Thread-safe: calls may run concurrently from several threads; the settings resolved at
/// construction, the retry quota, the signing-key cache and the clock offset are shared, and each
/// call uses a copy of the transport of its own. Neither copyable nor movable (paginators, waits
/// and calls in flight refer to it: it must outlive them, an asynchronous wait sleeping on its
/// timer included); hold it in a std::unique_ptr to pass it around.
/// \tparam Service a service_description (e.g. machinelearning::service)
/// \tparam Transport a model of http_transport; the async_ members also need
///   async_http_transport
template <service_description Service, http_transport Transport>
class service_client {
public:
    using transport_type = Transport; ///< the transport each call copies

    /// Resolves region, endpoint, retry settings and credentials from `config`, then the
    /// environment and the shared files, once. Never throws for a bad configuration (a malformed
    /// config file, no region): each call then fails with errc::config_error, errc::no_region
    /// and a message saying what is wrong, so that a client can be built before it is usable.
    explicit service_client(client_config config = {}, Transport transport = Transport{});

    service_client(const service_client&) = delete;
    service_client& operator=(const service_client&) = delete;

    /// Op's call: throws modeled_service_error<...>, service_error, validation_error,
    /// call_error, or what a hook or the transport threw. `options` change this call's
    /// settings (runtime/call_options.hpp).
    template <operation_description Op>
    typename Op::output call(const typename Op::input& input,
                             const call_options& options = detail::no_call_options()) {
        return try_call<Op>(input, options).value();
    }
    /// As call(input, options), also filling `metadata` (attempts, last status, request ID,
    /// duration), whether the call succeeds or throws.
    template <operation_description Op>
    typename Op::output call(const typename Op::input& input, response_metadata& metadata,
                             const call_options& options = detail::no_call_options()) {
        return try_call<Op>(input, metadata, options).value();
    }

    /// Op's call without exceptions: the output, or a call_failure saying what went wrong.
    template <operation_description Op>
    outcome<typename Op::output> try_call(const typename Op::input& input,
                                          const call_options& options = detail::no_call_options()) {
        response_metadata ignored;
        return try_call<Op>(input, ignored, options);
    }
    /// As try_call(input, options), also filling `metadata`.
    template <operation_description Op>
    outcome<typename Op::output> try_call(const typename Op::input& input,
                                          response_metadata& metadata,
                                          const call_options& options = detail::no_call_options()) {
        typename Op::output output{};
        if (auto failure =
                run(detail::codec_for<Service, Op>(), &input, &output, metadata, options))
            return std::move(*failure);
        return output;
    }

    /// What Op's call with `input` would fail with before sending anything, or nullopt when it
    /// would be sent: the input's constraints (an own endpoint admitted as the call admits it),
    /// the region and the endpoint. No credentials are resolved and nothing is sent: a dry run,
    /// as the AWS CLI's `--generate-cli-skeleton output` checks a command line. `options`' headers
    /// and limits are checked too.
    template <operation_description Op>
    std::optional<call_failure> check(const typename Op::input& input,
                                      const call_options& options = detail::no_call_options()) {
        detail::call_state call(core_, detail::codec_for<Service, Op>(), nullptr, options);
        if (call.start(&input, false))
            return std::nullopt;
        return call.take_failure();
    }

    /// Op's call, asynchronously: completes with `void(outcome<output>)` through any Asio
    /// completion token (a callback, use_future, use_awaitable, as_tuple...). The input is copied;
    /// retries wait on timers, not on a thread; the handler's cancellation slot cancels the call
    /// (it then fails with errc::cancelled).
    template <operation_description Op, class CompletionToken>
    requires async_http_transport<Transport>
    auto async_try_call(const typename Op::input& input, CompletionToken&& token) {
        return asio::async_initiate<CompletionToken, void(outcome<typename Op::output>)>(
            async_initiation<Op, false>{this, input, {}}, token);
    }
    /// As async_try_call(input, token), with this call's `options` (copied).
    template <operation_description Op, class CompletionToken>
    requires async_http_transport<Transport>
    auto async_try_call(const typename Op::input& input, call_options options,
                        CompletionToken&& token) {
        return asio::async_initiate<CompletionToken, void(outcome<typename Op::output>)>(
            async_initiation<Op, false>{this, input, std::move(options)}, token);
    }

    /// As async_try_call(), completing with `void(std::exception_ptr, output)`: the exception is
    /// the one call() would throw, so a coroutine (use_awaitable) or a future sees typed errors.
    template <operation_description Op, class CompletionToken>
    requires async_http_transport<Transport>
    auto async_call(const typename Op::input& input, CompletionToken&& token) {
        return asio::async_initiate<CompletionToken, void(std::exception_ptr, typename Op::output)>(
            async_initiation<Op, true>{this, input, {}}, token);
    }
    /// As async_call(input, token), with this call's `options` (copied).
    template <operation_description Op, class CompletionToken>
    requires async_http_transport<Transport>
    auto async_call(const typename Op::input& input, call_options options,
                    CompletionToken&& token) {
        return asio::async_initiate<CompletionToken, void(std::exception_ptr, typename Op::output)>(
            async_initiation<Op, true>{this, input, std::move(options)}, token);
    }

    /// A lazy walk over Op's pages (runtime/paginator.hpp); the client must outlive it.
    template <paginated_operation Op>
    paginator<service_client, Op> paginate(const typename Op::input& input,
                                           page_options options = {}) {
        return paginator<service_client, Op>(*this, input, options);
    }

    /// Calls W's operation until W's acceptor says success or failure (runtime/waiter.hpp).
    template <waiter_description W>
    typename W::operation::output wait(const typename W::operation::input& input,
                                       const waiter_options& options = {}) {
        return try_wait<W>(input, options).value();
    }
    /// As wait(), without exceptions: the last answer on success; a failure with
    /// errc::waiter_failed, errc::waiter_timeout, the call's own error, or errc::config_error
    /// for options that make no wait, otherwise.
    template <waiter_description W>
    outcome<typename W::operation::output> try_wait(const typename W::operation::input& input,
                                                    const waiter_options& options = {}) {
        return awsml::try_wait<W>(*this, input, options);
    }
    /// As try_wait(), asynchronously (waits on timers): completes with `void(outcome<output>)`.
    template <waiter_description W, class CompletionToken>
    requires async_http_transport<Transport>
    auto async_wait(const typename W::operation::input& input, const waiter_options& options,
                    CompletionToken&& token) {
        return awsml::async_wait<W>(*this, input, options, std::forward<CompletionToken>(token));
    }

    /// The service this client calls.
    static constexpr const service_identity& service() noexcept { return Service::identity; }
    /// The region the client signs for, if one was found.
    const std::optional<std::string>& region() const noexcept { return core_.settings.region; }
    /// The endpoint the client sends to, or why there is none.
    const auto& endpoint() const noexcept { return core_.settings.endpoint; }
    /// The defaults mode in force (client_config::defaults_mode; `automatic` resolved to what it
    /// means here).
    awsml::defaults_mode defaults_mode() const noexcept { return core_.settings.defaults_mode; }
    /// The retry strategy every call shares: its mode, max attempts and (adaptive mode) rate.
    const retry_strategy& retries() const noexcept { return core_.retry; }
    /// Each call's timeout unless its call_options say otherwise (client_config::call_timeout;
    /// zero or less: none).
    std::chrono::milliseconds call_timeout() const noexcept { return core_.config.call_timeout; }
    /// The correction applied to the local clock after the service reported a skew.
    std::chrono::milliseconds clock_offset() const noexcept {
        return std::chrono::milliseconds(core_.clock_offset_ms.load());
    }
    /// The transport every call copies (a stub transport's copies share its expectations).
    const Transport& transport() const noexcept { return transports_.prototype(); }
    /// How blocking calls and waiters wait between attempts: client_config::sleep, else a real
    /// sleep (nothing for a delay of zero or less).
    void sleep_for(std::chrono::nanoseconds delay);

private:
    // The blocking call path, the same for every operation (compiled once in the separate
    // compilation mode): the failure, or none when `output` holds the answer.
    std::optional<call_failure> run(const detail::operation_codec& op, const void* input,
                                    void* output, response_metadata& metadata,
                                    const call_options& options);
    std::optional<call_failure> attempt_until_done(detail::call_state& call);
    std::chrono::steady_clock::time_point lease_deadline(const detail::call_state& call) const;
    http_response send_before(Transport& transport, const http_request& request,
                              std::error_code& ec, const detail::call_state& call);
    // A copy: a transport may give its words as a temporary std::string.
    static std::string failure_detail(const Transport& transport, std::error_code ec);
    static transport_stage failure_stage(const Transport& transport, std::error_code ec);
    Transport with_shared_settings(Transport transport) const;

    // What async_initiate runs with the handler it made of the token: the call, with the input
    // and options copied. `rethrow`: complete with void(std::exception_ptr, output).
    template <class Op, bool rethrow>
    struct async_initiation {
        service_client* client;
        typename Op::input input;
        call_options options;

        template <class Handler>
        void operator()(Handler handler) {
            if constexpr (rethrow) {
                using adapter = detail::rethrowing_handler<Handler, typename Op::output>;
                client->template start_async<Op>(adapter{std::move(handler)}, input,
                                                 std::move(options));
            } else {
                client->template start_async<Op>(std::move(handler), input, std::move(options));
            }
        }
    };

    template <class Op, class Handler>
    void start_async(Handler handler, const typename Op::input& input, call_options options) {
        detail::executor_for_async_calls(transports_.prototype());
        auto call = std::make_shared<detail::async_call<typename Op::output, Transport, Handler>>(
            core_, transports_.prototype(), detail::codec_for<Service, Op>(), std::move(handler),
            std::move(options));
        call->start(input);
    }

    detail::client_core core_;
    detail::transport_pool<Transport> transports_;
};

// Defined out of the class, so that an `extern template` in the separate compilation mode keeps
// them out of users' translation units.

template <service_description Service, http_transport Transport>
service_client<Service, Transport>::service_client(client_config config, Transport transport)
    : core_(Service::identity, std::move(config))
    , transports_(with_shared_settings(std::move(transport))) {}

// A transport reads no config files: what the client resolved for it reaches one that takes it.
template <service_description Service, http_transport Transport>
Transport service_client<Service, Transport>::with_shared_settings(Transport transport) const {
    static_assert(!transport_with_retired_hooks<Transport>,
                  "use_default_connect_timeout and use_shared_config_ca_bundle are replaced by "
                  "use_client_defaults(const awsml::transport_defaults&): see the CHANGELOG");
    if constexpr (transport_with_client_defaults<Transport>)
        transport.use_client_defaults(core_.settings.transport);
    return transport;
}

template <service_description Service, http_transport Transport>
std::optional<call_failure>
service_client<Service, Transport>::run(const detail::operation_codec& op, const void* input,
                                        void* output, response_metadata& metadata,
                                        const call_options& options) {
    detail::call_state call(core_, op, output, options);
    std::optional<call_failure> failure;
    try {
        failure = call.start(input) ? attempt_until_done(call) : call.take_failure();
    } catch (...) {
        // A hook, the transport, the sleep or clock function: the call ends as an asynchronous
        // one does, an unsent retry's tokens given back to the quota.
        call.abandon_thrown(std::current_exception());
        failure = call.take_failure();
    }
    metadata = call.metadata(); // take_failure gave the failure the same
    return failure;
}

template <service_description Service, http_transport Transport>
std::optional<call_failure>
service_client<Service, Transport>::attempt_until_done(detail::call_state& call) {
    static_assert(
        std::copy_constructible<Transport>,
        "a transport must be copy-constructible for blocking calls: each concurrent one "
        "borrows a copy of its own from the client's pool (see awsml/http/transport.hpp)");
    auto leased = transports_.acquire(lease_deadline(call));
    if (!leased) {
        call.abandon(make_error_code(errc::timeout),
                     "every connection the transport may open was busy until the call "
                     "could wait no longer (max_connections_per_host)");
        call.abandoned_at(transport_stage::connecting); // as a transport's own wait says it
        return call.take_failure();
    }
    Transport& transport = **leased;
    for (std::chrono::nanoseconds backoff{0};;) {
        if (!call.time_for_attempt_after(backoff))
            return call.take_failure();
        sleep_for(backoff);
        // The rate limiter (adaptive mode) is asked after the backoff, as botocore asks it
        // before sending: what its bucket refilled meanwhile counts, so the waits overlap.
        const std::chrono::nanoseconds pace = call.delay_before_attempt();
        if (!call.time_for_attempt_after(pace))
            return call.take_failure();
        sleep_for(pace);
        http_request request;
        if (!call.prepare_attempt(request))
            return call.take_failure();
        std::error_code ec;
        http_response response = send_before(transport, request, ec, call);
        detail::next_step step = call.on_result(ec, response, failure_detail(transport, ec),
                                                failure_stage(transport, ec));
        if (step.finished)
            return call.take_failure();
        backoff = step.delay;
    }
}

// How long a call may wait for a free transport: as long as it may wait to connect (the
// transport's connect_timeout, where it has one), and never past the call's deadline.
template <service_description Service, http_transport Transport>
std::chrono::steady_clock::time_point
service_client<Service, Transport>::lease_deadline(const detail::call_state& call) const {
    auto deadline = call.deadline(); // from the call's start: credentials counted
    if constexpr (transport_with_connect_timeout<Transport>) {
        const auto connect = connect_timeout_of(transports_.prototype());
        if (connect.count() > 0)
            deadline = std::min(deadline, std::chrono::steady_clock::now() + connect);
    }
    return deadline;
}

// A transport that can end an exchange at a deadline (asio_http_transport, curl_transport) is
// given the attempt's (never past the call's); any other is only checked between attempts.
template <service_description Service, http_transport Transport>
http_response service_client<Service, Transport>::send_before(Transport& transport,
                                                              const http_request& request,
                                                              std::error_code& ec,
                                                              const detail::call_state& call) {
    if constexpr (transport_with_deadline<Transport>) {
        if (const auto deadline = call.attempt_deadline();
            deadline != std::chrono::steady_clock::time_point::max())
            return transport.send(request, ec, deadline);
    }
    return transport.send(request, ec);
}

template <service_description Service, http_transport Transport>
void service_client<Service, Transport>::sleep_for(std::chrono::nanoseconds delay) {
    if (delay.count() <= 0)
        return;
    if (core_.config.sleep)
        core_.config.sleep(delay);
    else
        std::this_thread::sleep_for(delay);
}

template <service_description Service, http_transport Transport>
std::string service_client<Service, Transport>::failure_detail(const Transport& transport,
                                                               std::error_code ec) {
    if constexpr (transport_with_error_message<Transport>) {
        if (ec)
            return std::string(std::string_view(transport.last_error_message()));
    }
    return {};
}

template <service_description Service, http_transport Transport>
transport_stage service_client<Service, Transport>::failure_stage(const Transport& transport,
                                                                  std::error_code ec) {
    if constexpr (transport_with_failure_stage<Transport>) {
        if (ec)
            return transport.last_failure_stage();
    }
    return transport_stage::unknown;
}

} // namespace awsml
