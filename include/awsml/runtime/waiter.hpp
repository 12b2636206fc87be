#pragma once

/// \file
/// Waiters: call an operation until what it answers says the resource is ready, or has failed,
/// or the attempts run out. A waiter is declared once, as the operation it polls, its acceptor
/// (what an answer means) and its defaults (the model's waiters-2.json delay and attempts):
///
///     struct ml_model_available
///         : awsml::waiter<"MLModelAvailable", describe_ml_models,
///                         all_results_status<&output::results, &ml_model::status, ...>,
///                         30, 60> {};  // 30 s between attempts, at most 60 attempts
///
/// and a client then waits, blocking or asynchronously (on a timer: no io thread sleeps):
///
///     client.wait<ml_model_available>(query);                    // throws awsml::error
///     outcome<output> done = client.try_wait<ml_model_available>(query, {.delay = 5s});
///     client.async_wait<ml_model_available>(query, {}, token);   // void(outcome<output>)
///
/// It ends with the answer that satisfied it; with errc::waiter_failed (the resource's own
/// message) when an acceptor says failure; with errc::waiter_timeout when the attempts or
/// max_wait run out; and with the call's own failure when a call fails (each call keeps its
/// call_timeout, cut to what is left of max_wait; the wait before the last attempt max_wait
/// allows is shortened so that its call still has a delay's time). Options that make no wait
/// (max_attempts below 1, a negative delay or max_wait) end it with errc::config_error before
/// any call. The blocking form waits with the client's sleep function; one that throws ends the
/// wait with errc::hook_failed (wait() throws the exception itself). The
/// asynchronous form honours the handler's cancellation slot, for every cancellation type
/// (errc::cancelled).

#include <awsml/core/error.hpp>
#include <awsml/model/detail/terminal_safe.hpp>
#include <awsml/model/shape.hpp>
#include <awsml/runtime/call_failure.hpp>
#include <awsml/runtime/call_options.hpp>
#include <awsml/runtime/detail/async_executor.hpp>
#include <awsml/runtime/operation.hpp>

#include <asio/cancellation_state.hpp>
#include <asio/compose.hpp>
#include <asio/steady_timer.hpp>

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace awsml {

/// What one answer means to a waiter.
struct waiter_verdict {
    /// What the waiter does next.
    enum state {
        retry,          ///< not there yet: ask again after the delay
        success,        ///< done: the wait returns this answer
        failure         ///< the resource failed: the wait fails with errc::waiter_failed
    } state = retry;    ///< retry unless an acceptor says otherwise
    std::string reason; ///< for failure: why, in the resource's own words
};

/// Overrides of a waiter's defaults for one wait; each unset one keeps the waiter's.
struct waiter_options {
    std::optional<std::chrono::milliseconds> delay{}; ///< between attempts; else the waiter's
    std::optional<int> max_attempts{};                ///< else the waiter's
    /// An overall bound, besides attempts: each call's call_timeout is cut to what is left of it.
    std::optional<std::chrono::milliseconds> max_wait{};
    call_options call{}; ///< each attempt's call's own settings (its call_timeout, headers...)
};

/// A waiter's declaration: derive from it (see the file's example), then wait with
/// `client.wait<W>(input)`, try_wait or async_wait.
/// \tparam Name the waiter's name, quoted in its failure messages ("MLModelAvailable")
/// \tparam Op the operation it polls
/// \tparam Acceptor what an answer means: a type with `static waiter_verdict accept(const
///   outcome<Output>&)`, such as status_reaches or all_results_status
/// \tparam DelaySeconds the wait between attempts, in seconds
/// \tparam MaxAttempts the most attempts, the first included
template <fixed_string Name, operation_description Op, class Acceptor, int DelaySeconds,
          int MaxAttempts>
struct waiter {
    static constexpr std::string_view name = Name.view(); ///< e.g. "MLModelAvailable"
    using operation = Op;                                 ///< the operation it polls
    using acceptor = Acceptor;                            ///< what an answer means
    /// The wait between attempts unless waiter_options::delay says otherwise.
    static constexpr std::chrono::milliseconds default_delay = std::chrono::seconds(DelaySeconds);
    /// The most attempts unless waiter_options::max_attempts says otherwise.
    static constexpr int default_max_attempts = MaxAttempts;
};

template <class W>
concept waiter_description = requires(const outcome<typename W::operation::output>& answer) {
    { W::name } -> std::convertible_to<std::string_view>;
    { W::acceptor::accept(answer) } -> std::same_as<waiter_verdict>;
    W::default_delay;
    W::default_max_attempts;
};

/// A path of members from a shape to one of its (possibly nested, possibly optional) members:
/// member_path<&get_ml_model_output::endpoint_info, &realtime_endpoint_info::endpoint_status>.
template <auto... Members>
struct member_path {
    /// The member's value, or nullptr where an optional along the path is empty.
    template <class T>
    static const auto* find(const T& value) {
        return find_from<Members...>(value);
    }
    /// The path in wire names, as a waiter's JMESPath names it: "EndpointInfo.EndpointStatus".
    static std::string wire_path() {
        std::string path;
        ((path += (path.empty() ? "" : ".") + std::string(detail::wire_name_of<Members>())), ...);
        return path;
    }

private:
    template <class T>
    static const T* unwrap(const T& value) {
        return &value;
    }
    template <class T>
    static const T* unwrap(const std::optional<T>& value) {
        return value ? &*value : nullptr;
    }
    template <auto First, auto... Rest, class T>
    static auto find_from(const T& value) {
        const auto* member = unwrap(value.*First);
        if constexpr (sizeof...(Rest) == 0) {
            return member;
        } else {
            using found = decltype(find_from<Rest...>(*member));
            return member ? find_from<Rest...>(*member) : found{nullptr};
        }
    }
};

namespace detail {
template <class Status>
auto known_status(const Status* status) {
    return status ? status->known() : decltype(status->known()){};
}
template <class MessagePath, class Shape>
std::string message_of(const Shape& shape) {
    const auto* message = MessagePath::find(shape);
    return message && !message->empty() ? terminal_safe(*message) : "(no message)";
}
} // namespace detail

/// One resource's own status (a Get* answer): success at Success, failure at any of Failures,
/// whose reason is the resource's message.
template <class StatusPath, class MessagePath, auto Success, auto... Failures>
struct status_reaches {
    /// Retry for a failed call or any other status (the waiter then ends a failed call with its
    /// failure).
    template <class Output>
    static waiter_verdict accept(const outcome<Output>& answer) {
        if (!answer)
            return {};
        const auto status = detail::known_status(StatusPath::find(*answer));
        if (status == Success)
            return {waiter_verdict::success, {}};
        if (((status == Failures) || ...))
            return {waiter_verdict::failure,
                    "status " + detail::terminal_safe((*StatusPath::find(*answer)).wire()) + ": " +
                        detail::message_of<MessagePath>(*answer)};
        return {};
    }
};

/// Every result of a Describe* page (the model's pathAll and pathAny over Results[].Status):
/// success when there are statuses and all are at Success, failure when any is at one of
/// Failures. As the AWS SDKs read the JMESPath projection, a result without a status is left
/// out, and an empty page (or one with no status at all) is not success.
template <auto Results, class StatusPath, class IdPath, class MessagePath, auto Success,
          auto... Failures>
struct all_results_status {
    /// Retry for a failed call, an empty page, or results not all at Success yet.
    template <class Output>
    static waiter_verdict accept(const outcome<Output>& answer) {
        if (!answer)
            return {};
        const auto& results = (*answer).*Results;
        if (!results)
            return {};
        bool all = true;
        bool any = false;
        for (const auto& result : *results) {
            if (!StatusPath::find(result))
                continue;
            any = true;
            const auto status = detail::known_status(StatusPath::find(result));
            if (((status == Failures) || ...)) {
                const auto* id = IdPath::find(result);
                return {waiter_verdict::failure,
                        (id ? detail::terminal_safe(*id) : std::string("a result")) + " is " +
                            detail::terminal_safe((*StatusPath::find(result)).wire()) + ": " +
                            detail::message_of<MessagePath>(result)};
            }
            all = all && status == Success;
        }
        return {any && all ? waiter_verdict::success : waiter_verdict::retry, {}};
    }

    /// The failure acceptor in the AWS SDKs' words (botocore's explanation of a pathAny
    /// matcher): For expression "Results[].Status" we matched expected path: "FAILED" at least
    /// once.
    static std::string failure_explanation() requires(sizeof...(Failures) == 1) {
        using output = typename detail::member_class<decltype(Results)>::type;
        using result = typename std::remove_cvref_t<decltype(*(output{}.*Results))>::value_type;
        using status_type = std::remove_cvref_t<decltype(*StatusPath::find(result{}))>;
        return "For expression \"" + std::string(detail::wire_name_of<Results>()) + "[]." +
               StatusPath::wire_path() + "\" we matched expected path: \"" +
               std::string(status_type::known_name(Failures...)) + "\" at least once";
    }
};

namespace detail {

/// A waiter's progress, the same for the blocking and the asynchronous form.
template <waiter_description W>
class waiter_progress {
public:
    using output = typename W::operation::output;

    explicit waiter_progress(const waiter_options& options)
        : delay_(options.delay.value_or(W::default_delay))
        , max_attempts_(options.max_attempts.value_or(W::default_max_attempts))
        , deadline_(deadline_after(options.max_wait))
        , negative_max_wait_(options.max_wait && options.max_wait->count() < 0) {}

    /// The failure a wait with these options ends in before its first call, if they make no wait
    /// (as call_options::max_attempts below 1 fails a call before it is sent).
    std::optional<outcome<output>> refusal() const {
        if (max_attempts_ < 1)
            return refused("max_attempts must be at least 1 (it counts the first attempt), not " +
                           std::to_string(max_attempts_));
        if (delay_.count() < 0)
            return refused("delay must not be negative, not " + std::to_string(delay_.count()) +
                           " ms");
        if (negative_max_wait_)
            return refused("max_wait must not be negative");
        return std::nullopt;
    }

    /// How long to wait before the next attempt: the delay, shortened so that the last attempt
    /// max_wait allows still has a delay's time for its call (as Smithy's waiters do), and
    /// never past the clock's range. After a shortened wait comes the last attempt.
    std::chrono::milliseconds next_delay() {
        const auto left = std::chrono::floor<std::chrono::milliseconds>(deadline_ - clock::now());
        if (deadline_ == clock::time_point::max())
            return std::min(delay_, left);
        const auto wait = std::clamp(left - delay_, std::chrono::milliseconds(0), delay_);
        last_attempt_ = wait < delay_;
        return wait;
    }

    /// The next attempt's call settings: `call`'s, its timeout (`call`'s, else the client's
    /// `client_timeout`) cut to what is left of max_wait, so that one slow call (with its
    /// retries) cannot outlast the wait's bound.
    call_options attempt_call(call_options call, std::chrono::milliseconds client_timeout) {
        cut_ = false;
        if (deadline_ == clock::time_point::max())
            return call;
        const auto left =
            std::max(std::chrono::ceil<std::chrono::milliseconds>(deadline_ - clock::now()),
                     std::chrono::milliseconds(1));
        const auto own = call.call_timeout.value_or(client_timeout);
        if (own.count() <= 0 || own > left) {
            call.call_timeout = left;
            cut_ = true;
        }
        return call;
    }

    /// The waiter's result once `answer` is in, or nullopt to try again after next_delay().
    std::optional<outcome<output>> judge(outcome<output> answer) {
        ++attempts_;
        waiter_verdict verdict = W::acceptor::accept(answer);
        if (verdict.state == waiter_verdict::success)
            return answer;
        if (verdict.state == waiter_verdict::failure)
            return failed(errc::waiter_failed, std::move(verdict.reason));
        if (!answer && answer.error().code == errc::timeout && cut_)
            return past_max_wait(); // the call ran out of the time attempt_call() left it
        if (!answer)
            return answer; // a failed call that no acceptor expects ends the wait with its failure
        if (attempts_ >= max_attempts_)
            return failed(errc::waiter_timeout,
                          "not reached after " + std::to_string(attempts_) + " attempts");
        if (deadline_ == clock::time_point::max())
            return std::nullopt; // no max_wait: the attempts bound the wait
        // In milliseconds: a delay as long as milliseconds::max() has no nanoseconds.
        if (last_attempt_ ||
            std::chrono::floor<std::chrono::milliseconds>(deadline_ - clock::now()) < delay_)
            return past_max_wait();
        return std::nullopt;
    }

    /// The wait's end when waiting between attempts threw `thrown` (client_config::sleep):
    /// errc::hook_failed with its words, as a call's hook that throws; wait() throws `thrown`.
    static outcome<output> failed_by(std::exception_ptr thrown) {
        std::string why = "its sleep " + terminal_safe(thrown_words(thrown));
        return failed(errc::hook_failed, std::move(why), std::move(thrown));
    }

    static outcome<output> failed(errc code, std::string why, std::exception_ptr thrown = {}) {
        call_failure f;
        f.code = make_error_code(code);
        f.message = "Waiter " + std::string(W::name) + " failed: " + std::move(why);
        f.thrown = std::move(thrown);
        return f;
    }

private:
    using clock = std::chrono::steady_clock;

    // now + max_wait, saturated: a max_wait beyond the clock's range is no bound at all.
    static clock::time_point deadline_after(std::optional<std::chrono::milliseconds> max_wait) {
        if (!max_wait)
            return clock::time_point::max();
        const auto now = clock::now();
        const auto room =
            std::chrono::duration_cast<std::chrono::milliseconds>(clock::time_point::max() - now);
        if (*max_wait >= room)
            return clock::time_point::max();
        return max_wait->count() <= 0 ? now : now + *max_wait;
    }

    static outcome<output> refused(std::string why) {
        call_failure f;
        f.code = make_error_code(errc::config_error);
        f.message = "Waiter " + std::string(W::name) + ": waiter_options::" + std::move(why);
        return f;
    }

    outcome<output> past_max_wait() const {
        return failed(errc::waiter_timeout,
                      "not reached within max_wait (" + std::to_string(attempts_) + " attempts)");
    }

    std::chrono::milliseconds delay_;
    int max_attempts_;
    clock::time_point deadline_;
    bool negative_max_wait_;
    bool cut_ = false;          // whether the last attempt's timeout is what max_wait left it
    bool last_attempt_ = false; // whether next_delay() shortened the wait for max_wait
    int attempts_ = 0;
};

/// The asynchronous waiter: call, judge, wait on a timer, call again.
template <class Client, waiter_description W>
struct async_wait_op {
    using op = typename W::operation;
    using output = typename op::output;

    Client* client;
    typename op::input input;
    waiter_options options;
    // Made when the wait starts, not when it is described (asio::deferred, parallel_group):
    // max_wait counts from the start.
    std::optional<waiter_progress<W>> progress;
    std::unique_ptr<asio::steady_timer> timer;

    template <class Self>
    void operator()(Self& self) {
        if (!progress) {
            // A wait changes nothing: any cancellation ends it, and ends its Get or Describe
            // call in flight as a terminal one (which a call honours even once sent).
            self.reset_cancellation_state(asio::enable_total_cancellation(),
                                          [](asio::cancellation_type type) {
                                              return type == asio::cancellation_type::none
                                                         ? type
                                                         : asio::cancellation_type::terminal;
                                          });
            progress.emplace(options);
            timer = std::make_unique<asio::steady_timer>(client->transport().get_executor());
            if (progress->refusal()) { // completes from the timer: never inside the initiation
                timer->expires_after(std::chrono::milliseconds(0));
                return timer->async_wait(std::move(self));
            }
        }
        client->template async_try_call<op>(
            input, progress->attempt_call(options.call, client->call_timeout()), std::move(self));
    }
    template <class Self>
    void operator()(Self& self, outcome<output> answer) {
        // A cancellation that came after the call had finished is only recorded in the state.
        if (self.get_cancellation_state().cancelled() != asio::cancellation_type::none)
            return self.complete(cancelled());
        if (auto done = progress->judge(std::move(answer)))
            return self.complete(std::move(*done));
        timer->expires_after(progress->next_delay());
        timer->async_wait(std::move(self));
    }
    template <class Self>
    void operator()(Self& self, std::error_code ec) {
        if (auto refused = progress->refusal())
            return self.complete(std::move(*refused));
        if (ec || self.get_cancellation_state().cancelled() != asio::cancellation_type::none)
            return self.complete(cancelled());
        (*this)(self);
    }

    static outcome<output> cancelled() {
        call_failure f;
        f.code = make_error_code(errc::cancelled);
        f.message = "Waiter " + std::string(W::name) + " cancelled";
        return f;
    }
};

} // namespace detail

/// Waits on `client`, blocking the calling thread between attempts as the client's blocking calls
/// do (client_config::sleep, else a real sleep).
template <waiter_description W, class Client>
outcome<typename W::operation::output> try_wait(Client& client,
                                                const typename W::operation::input& input,
                                                const waiter_options& options = {}) {
    detail::waiter_progress<W> progress(options);
    if (auto refused = progress.refusal())
        return std::move(*refused);
    for (;;) {
        if (auto done = progress.judge(client.template try_call<typename W::operation>(
                input, progress.attempt_call(options.call, client.call_timeout()))))
            return std::move(*done);
        try {
            client.sleep_for(progress.next_delay());
        } catch (...) {
            return detail::waiter_progress<W>::failed_by(std::current_exception());
        }
    }
}

/// Waits on `client` on timers of its transport's executor: completes with
/// void(outcome<output>).
template <waiter_description W, class Client, class CompletionToken>
auto async_wait(Client& client, const typename W::operation::input& input,
                const waiter_options& options, CompletionToken&& token) {
    using output = typename W::operation::output;
    auto executor = detail::executor_for_async_calls(client.transport());
    return asio::async_compose<CompletionToken, void(outcome<output>)>(
        detail::async_wait_op<Client, W>{&client, input, options, std::nullopt, nullptr}, token,
        executor);
}

} // namespace awsml
