#pragma once

// The asynchronous driver of a call_state: the same steps as the blocking driver, waiting on an
// Asio timer instead of sleeping, sending through an asynchronous transport, completing the
// caller's handler through its associated executor. Per-operation cancellation (the handler's
// cancellation slot) and a whole-call deadline both end the call promptly.
//
// Several threads may run the io_context: every handler of one call (its deadline, the retry
// timer, the transport's completion, a cancellation) runs on a strand of its own, so they never
// run at once, and the call completes exactly once.

#include <awsml/http/detail/outstanding_work.hpp>
#include <awsml/http/transport.hpp>
#include <awsml/runtime/detail/call_state.hpp>

#include <asio/associated_cancellation_slot.hpp>
#include <asio/associated_executor.hpp>
#include <asio/bind_cancellation_slot.hpp>
#include <asio/bind_executor.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/dispatch.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>

#include <exception>
#include <memory>
#include <optional>

namespace awsml::detail {

template <class Output, async_http_transport Transport, class Handler>
class async_call : public std::enable_shared_from_this<async_call<Output, Transport, Handler>> {
public:
    using io_executor = std::decay_t<decltype(std::declval<Transport&>().get_executor())>;

    async_call(client_core& core, Transport& transport, const operation_codec& op, Handler handler,
               std::chrono::nanoseconds deadline)
        : call_(core, op, &output_)
        , transport_(transport)
        , strand_(asio::make_strand(transport.get_executor()))
        , timer_(strand_)
        , deadline_timer_(strand_)
        , handler_(std::move(handler))
        , work_(asio::get_associated_executor(handler_, transport.get_executor()))
        , deadline_(deadline) {}

    /// On the initiating thread: the input is read here, the rest runs on the call's strand.
    template <class Input>
    void start(const Input& input) {
        if (!call_.start(&input, false))
            return complete();
        watch_cancellation();
        asio::dispatch(strand_, [self = this->shared_from_this()] { self->begin(); });
    }

private:
    void begin() {
        if (finished_) // cancelled before it began
            return;
        if (deadline_.count() > 0) {
            deadline_timer_.expires_after(deadline_);
            deadline_timer_.async_wait([self = this->shared_from_this()](std::error_code ec) {
                if (!ec)
                    self->stop(make_error_code(errc::timeout), "the call's deadline passed");
            });
        }
        resolve_credentials();
    }

    // The slot's handler runs where the caller emits: it only hands the stop to the strand.
    void watch_cancellation() {
        auto slot = asio::get_associated_cancellation_slot(handler_);
        if (!slot.is_connected())
            return;
        slot.assign([weak = this->weak_from_this(), strand = strand_](asio::cancellation_type) {
            asio::post(strand, [weak] {
                if (auto self = weak.lock())
                    self->stop(make_error_code(errc::cancelled), "cancelled");
            });
        });
    }

    void stop(std::error_code ec, const char* why) {
        if (finished_)
            return;
        call_.abandon(ec, why);
        stopped_ = true;
        timer_.cancel();
        transport_cancel_.emit(asio::cancellation_type::terminal);
        if (!in_flight_)
            complete();
    }

    // Never on the io thread when a source must run: the answer comes back through the
    // executor the timers use, and the deadline or a cancellation may end the call meanwhile.
    void resolve_credentials() {
        if (call_.use_cached_credentials())
            return attempt();
        resolve_credentials_then(call_.credentials_provider(), timer_.get_executor(),
                                 [self = this->shared_from_this()](auto found) {
                                     if (self->stopped_)
                                         return self->complete();
                                     if (!self->call_.accept_credentials(std::move(found)))
                                         return self->complete();
                                     self->attempt();
                                 });
    }

    void attempt() {
        if (stopped_)
            return complete();
        wait(call_.delay_before_attempt(), [](async_call& self) { self.send(); });
    }

    void send() {
        if (stopped_)
            return complete();
        http_request request;
        if (!call_.prepare_attempt(request))
            return complete();
        in_flight_ = true;
        transport_.async_send(
            std::move(request),
            asio::bind_cancellation_slot(
                transport_cancel_.slot(),
                asio::bind_executor(strand_, [self = this->shared_from_this()](
                                                 std::error_code ec, http_response response) {
                    self->received(ec, response);
                })));
    }

    void received(std::error_code ec, const http_response& response) {
        in_flight_ = false;
        if (stopped_)
            return complete();
        // A failed asynchronous send explains itself in the otherwise empty response's body
        // (asio_http_transport: "no response from 127.0.0.1:8080 within 200 ms").
        next_step step = call_.on_result(ec, response,
                                         ec ? std::string_view(response.body) : std::string_view());
        if (step.finished)
            return complete();
        wait(step.delay, [](async_call& self) { self.attempt(); });
    }

    template <class Next>
    void wait(std::chrono::nanoseconds delay, Next next) {
        if (delay.count() <= 0)
            return next(*this);
        timer_.expires_after(delay);
        timer_.async_wait([self = this->shared_from_this(), next](std::error_code) {
            if (self->stopped_)
                return self->complete();
            next(*self);
        });
    }

    // The slot is cleared where the caller may emit it: on the handler's executor.
    void complete() {
        if (finished_)
            return;
        finished_ = true;
        deadline_timer_.cancel();
        auto executor = asio::get_associated_executor(handler_, transport_.get_executor());
        asio::dispatch(executor,
                       [handler = std::move(handler_), result = call_.take_result(output_),
                        work = std::move(work_)]() mutable {
                           asio::get_associated_cancellation_slot(handler).clear();
                           handler(std::move(result));
                       });
    }

    Output output_{}; // before call_, which keeps its address
    call_state call_;
    Transport& transport_;
    asio::strand<io_executor> strand_; // every handler of the call runs on it
    asio::steady_timer timer_;
    asio::steady_timer deadline_timer_;
    Handler handler_;
    outstanding_work<asio::associated_executor_t<Handler, io_executor>> work_;
    std::chrono::nanoseconds deadline_;
    asio::cancellation_signal transport_cancel_;
    bool in_flight_ = false;
    bool stopped_ = false;
    bool finished_ = false;
};

inline std::exception_ptr as_exception(const call_failure& failure) {
    try {
        throw_exception_from_error(failure);
    } catch (...) {
        return std::current_exception();
    }
}

/// Turns an outcome into void(std::exception_ptr, Output) for the throwing asynchronous form,
/// keeping the wrapped handler's executor and cancellation slot.
template <class Handler, class Output>
struct rethrowing_handler {
    Handler handler;

    using cancellation_slot_type = asio::associated_cancellation_slot_t<Handler>;
    cancellation_slot_type get_cancellation_slot() const noexcept {
        return asio::get_associated_cancellation_slot(handler);
    }

    void operator()(outcome<Output> result) {
        if (result)
            handler(std::exception_ptr(), std::move(*result));
        else
            handler(as_exception(result.error()), Output{});
    }
};

} // namespace awsml::detail

template <class Handler, class Output, class Executor>
struct asio::associated_executor<awsml::detail::rethrowing_handler<Handler, Output>, Executor> {
    using type = asio::associated_executor_t<Handler, Executor>;
    static type get(const awsml::detail::rethrowing_handler<Handler, Output>& h,
                    const Executor& fallback = Executor()) noexcept {
        return asio::get_associated_executor(h.handler, fallback);
    }
};
