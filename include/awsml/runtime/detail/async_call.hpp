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

#include <atomic>
#include <exception>
#include <memory>
#include <string>
#include <utility>

namespace awsml::detail {

/// The steps of one asynchronous call, the same for every operation and every handler: compiled
/// once per transport (in the separate compilation mode, once in libawsml for awsml's own
/// transport). What depends on the handler (its executor, its cancellation slot, its call) is
/// async_call's, below.
template <async_http_transport Transport>
class async_call_driver : public std::enable_shared_from_this<async_call_driver<Transport>> {
public:
    using io_executor = std::decay_t<decltype(std::declval<Transport&>().get_executor())>;

    async_call_driver(const async_call_driver&) = delete;
    async_call_driver& operator=(const async_call_driver&) = delete;

protected:
    /// What a handler's cancellation slot runs where the caller emits: it only hands the stop to
    /// the call's strand, and does nothing once the call is gone. It holds no executor: a signal
    /// may outlive the io_context, and the last copy of a strand must not.
    class cancellation_handler {
    public:
        explicit cancellation_handler(async_call_driver& call)
            : call_(call.weak_from_this()) {}
        void operator()(asio::cancellation_type type) const;

    private:
        std::weak_ptr<async_call_driver> call_;
    };

    async_call_driver(client_core& core, Transport& transport, const operation_codec& op,
                      void* output, call_options options)
        : options_(std::move(options))
        , call_(core, op, output, options_)
        , transport_(transport)
        , strand_(asio::make_strand(transport.get_executor()))
        , timer_(strand_)
        , deadline_timer_(strand_)
        , attempt_timer_(strand_) {}
    virtual ~async_call_driver() = default;

    /// On the initiating thread: reads the input; false when the call ended there (it then
    /// completes from the strand, never inside the initiating function).
    bool read_input(const void* input);
    /// Runs the rest of the call on its strand.
    void run();
    /// Hands the result to the handler; called once, on the strand.
    virtual void deliver() = 0;

    call_options options_; // the call_state refers to them
    call_state call_;
    Transport& transport_;

private:
    void begin();
    void cancel(asio::cancellation_type type);
    void stop(std::error_code ec, const std::string& why);
    void halt(); // stop()'s steps once the call_state knows why
    template <class Step>
    void guarded(Step step);
    void resolve_credentials();
    void attempt();
    void send();
    void watch_attempt();
    void received(std::error_code ec, const http_response& response);
    void after_exchange(std::error_code ec, const http_response& response); // the hooks run here
    void wait(std::chrono::nanoseconds delay, void (async_call_driver::*next)());
    void complete();

    asio::strand<io_executor> strand_; // every handler of the call runs on it
    asio::steady_timer timer_;
    asio::steady_timer deadline_timer_;
    asio::steady_timer attempt_timer_; // attempt_timeout
    unsigned attempt_sequence_ = 0;    // tells a stale attempt timer from the current one
    bool attempt_timed_out_ = false;
    asio::cancellation_signal transport_cancel_;
    bool in_flight_ = false;
    bool stopped_ = false;
    bool finished_ = false;
    // Set where the caller emits, before the posted cancel() runs: a cancellation emitted before
    // the first request is sent keeps it from being sent, whatever its type.
    std::atomic<bool> cancel_requested_{false};
};

/// Where an asynchronous call's answer goes: constructed before the driver, which keeps its
/// address.
template <class Output>
struct async_output {
    Output output{};
};

/// One asynchronous call of an operation whose output is Output, completing Handler with
/// `void(outcome<Output>)` through the handler's associated executor.
template <class Output, async_http_transport Transport, class Handler>
class async_call final : private async_output<Output>, public async_call_driver<Transport> {
    using driver = async_call_driver<Transport>;
    using handler_executor = asio::associated_executor_t<Handler, typename driver::io_executor>;

public:
    async_call(client_core& core, Transport& transport, const operation_codec& op, Handler handler,
               call_options options)
        : driver(core, transport, op, &this->output, std::move(options))
        , handler_(std::move(handler))
        , work_(asio::get_associated_executor(handler_, transport.get_executor())) {}

    /// On the initiating thread: the input is read here, the rest runs on the call's strand.
    template <class Input>
    void start(const Input& input) {
        if (!this->read_input(&input))
            return;
        auto slot = asio::get_associated_cancellation_slot(handler_);
        if (slot.is_connected())
            slot.assign(typename driver::cancellation_handler(*this));
        this->run();
    }

private:
    // The slot is cleared where the caller may emit it: on the handler's executor.
    void deliver() override {
        auto executor = asio::get_associated_executor(handler_, this->transport_.get_executor());
        asio::dispatch(executor, [handler = std::move(handler_),
                                  result = this->call_.take_result(this->output),
                                  work = std::move(work_)]() mutable {
            asio::get_associated_cancellation_slot(handler).clear();
            handler(std::move(result));
        });
    }

    Handler handler_;
    outstanding_work<handler_executor> work_;
};

template <async_http_transport Transport>
void async_call_driver<Transport>::cancellation_handler::operator()(
    asio::cancellation_type type) const {
    if (type == asio::cancellation_type::none)
        return;
    if (auto self = call_.lock()) {
        self->cancel_requested_.store(true, std::memory_order_release);
        asio::post(self->strand_, [self, type] { self->cancel(type); });
    }
}

template <async_http_transport Transport>
bool async_call_driver<Transport>::read_input(const void* input) {
    if (call_.start(input, false))
        return true;
    asio::post(strand_, [self = this->shared_from_this()] { self->complete(); });
    return false;
}

// Posted, not dispatched: an io thread that starts a call does not run its first steps (the
// hooks, signing, a failure's handler) inside the initiating function.
template <async_http_transport Transport>
void async_call_driver<Transport>::run() {
    asio::post(strand_, [self = this->shared_from_this()] { self->begin(); });
}

// Terminal cancellation ends the call wherever it is. Partial and total promise what a call
// cannot keep once a request went out (the service may have acted on it: total promises nothing
// happened, partial a state the caller knows), so they end it only before its first attempt is
// sent (send() checks cancel_requested_), and are ignored after, as Asio's rules ask.
template <async_http_transport Transport>
void async_call_driver<Transport>::cancel(asio::cancellation_type type) {
    const bool terminal = (type & asio::cancellation_type::terminal) != asio::cancellation_type{};
    if (terminal || attempt_sequence_ == 0)
        stop(make_error_code(errc::cancelled), "cancelled");
}

// A step that throws (a hook, an allocation) ends the call as it ends a blocking one: with
// errc::hook_failed and its words, the exception kept for the throwing form, the handler called
// once.
// An exception from the caller's own handler (run inline by a dispatch once the call finished)
// is the caller's: it leaves io.run() as Asio lets it.
template <async_http_transport Transport>
template <class Step>
void async_call_driver<Transport>::guarded(Step step) {
    try {
        step();
        return;
    } catch (...) {
        if (finished_)
            throw;
        call_.abandon_thrown(std::current_exception());
    }
    halt();
    in_flight_ = false; // an exchange still running ends in received(), which finds the call done
    complete();
}

template <async_http_transport Transport>
void async_call_driver<Transport>::begin() {
    if (finished_) // cancelled before it began
        return;
    guarded([this] {
        if (call_.limited()) {
            deadline_timer_.expires_at(call_.deadline());
            deadline_timer_.async_wait([self = this->shared_from_this()](std::error_code ec) {
                if (!ec)
                    self->stop(make_error_code(errc::timeout), "the call's deadline passed");
            });
        }
        resolve_credentials(); // a thread that cannot be made throws here
    });
}

template <async_http_transport Transport>
void async_call_driver<Transport>::stop(std::error_code ec, const std::string& why) {
    if (finished_)
        return;
    call_.abandon(ec, why);
    halt();
}

template <async_http_transport Transport>
void async_call_driver<Transport>::halt() {
    stopped_ = true;
    timer_.cancel();
    attempt_timer_.cancel();
    transport_cancel_.emit(asio::cancellation_type::terminal);
    if (!in_flight_)
        complete();
}

// Never on the io thread when a source must run: the answer comes back through the executor the
// timers use, and the deadline or a cancellation may end the call meanwhile.
template <async_http_transport Transport>
void async_call_driver<Transport>::resolve_credentials() {
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

template <async_http_transport Transport>
void async_call_driver<Transport>::attempt() {
    if (stopped_)
        return complete();
    wait(call_.delay_before_attempt(), &async_call_driver::send);
}

template <async_http_transport Transport>
void async_call_driver<Transport>::send() {
    guarded([this] {
        if (attempt_sequence_ == 0 && cancel_requested_.load(std::memory_order_acquire))
            stop(make_error_code(errc::cancelled), "cancelled");
        if (stopped_)
            return complete();
        http_request request;
        if (!call_.prepare_attempt(request)) // the before_send hook runs here
            return complete();
        in_flight_ = true;
        watch_attempt();
        transport_.async_send(
            std::move(request),
            asio::bind_cancellation_slot(
                transport_cancel_.slot(),
                asio::bind_executor(strand_, [self = this->shared_from_this()](
                                                 std::error_code ec, http_response response) {
                    self->received(ec, response);
                })));
    });
}

// An attempt that outlives its attempt_timeout is cancelled in the transport, and reported as a
// timeout (received() below), which the retry strategy may retry; the call's own deadline has
// its timer.
template <async_http_transport Transport>
void async_call_driver<Transport>::watch_attempt() {
    const unsigned sequence = ++attempt_sequence_; // every attempt, timed or not
    const auto deadline = call_.attempt_deadline();
    if (deadline >= call_.deadline())
        return;
    attempt_timer_.expires_at(deadline);
    attempt_timer_.async_wait([self = this->shared_from_this(), sequence](std::error_code ec) {
        if (ec || self->stopped_ || !self->in_flight_ || sequence != self->attempt_sequence_)
            return;
        self->attempt_timed_out_ = true;
        self->transport_cancel_.emit(asio::cancellation_type::terminal);
    });
}

template <async_http_transport Transport>
void async_call_driver<Transport>::received(std::error_code ec, const http_response& response) {
    in_flight_ = false;
    attempt_timer_.cancel();
    guarded([&] { after_exchange(ec, response); });
}

template <async_http_transport Transport>
void async_call_driver<Transport>::after_exchange(std::error_code ec,
                                                  const http_response& response) {
    if (stopped_) {
        // The attempt in flight when the call stopped: an answer means the service had it.
        call_.abandoned_at(ec ? transport_stage_of_failure(response) : transport_stage::exchanging);
        return complete();
    }
    // The answer may have arrived just before the attempt's timer fired: it is kept.
    if (std::exchange(attempt_timed_out_, false) && ec)
        ec = make_error_code(errc::timeout);
    // A failed asynchronous send explains itself in the otherwise empty response: its body
    // (asio_http_transport: "no response from 127.0.0.1:8080 within 200 ms") and its
    // transport_stage_header.
    next_step step =
        ec ? call_.on_result(ec, response, response.body, transport_stage_of_failure(response))
           : call_.on_result(ec, response);
    if (step.finished || !call_.time_for_attempt_after(step.delay))
        return complete();
    wait(step.delay, &async_call_driver::attempt);
}

template <async_http_transport Transport>
void async_call_driver<Transport>::wait(std::chrono::nanoseconds delay,
                                        void (async_call_driver::*next)()) {
    if (delay.count() <= 0)
        return (this->*next)();
    timer_.expires_after(delay);
    timer_.async_wait([self = this->shared_from_this(), next](std::error_code) {
        if (self->stopped_)
            return self->complete();
        ((*self).*next)();
    });
}

template <async_http_transport Transport>
void async_call_driver<Transport>::complete() {
    if (finished_)
        return;
    finished_ = true;
    deadline_timer_.cancel();
    attempt_timer_.cancel();
    deliver();
}

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
