#pragma once

/// \file
/// The AWS SDKs' retry behaviour, as botocore implements it (retries/standard.py, quota.py,
/// adaptive.py, bucket.py, throttling.py, and retryhandler.py with data/_retry.json for legacy):
///
///   standard  up to 3 attempts; retries transient errors (transport failures, HTTP 500, 502,
///             503, 504, RequestTimeout...) and throttling errors; waits
///             random[0,1) * min(2^(attempt-1), 20) s; each retry takes 5 tokens (10 after a
///             timeout) from a client-wide quota of 500, and a success gives back what its last
///             retry took (1 token when it needed no retry). No tokens, no retry.
///   adaptive  standard, plus a client-side rate limiter: once the service throttles, every
///             attempt first takes a token from a bucket refilled at a rate that CUBIC adjusts
///             (cut by 30% on throttling, growing back on success).
///   legacy    botocore's pre-standard default: up to 5 attempts; retries transport failures,
///             HTTP 429, 500, 502, 503, 504, 509 and five throttling codes with 400 (Throttling,
///             ThrottlingException...); waits random[0,1) * 2^(attempt-1) s; no quota.
///
/// The strategy never sleeps: it returns the delays, so the blocking and the asynchronous paths
/// of the client can wait the way they wait. The clock and the random source can be replaced,
/// which makes every delay exact in tests. One strategy is shared by all the threads that use a
/// client; its shared state (quota, rate limiter) sits behind a mutex.

#include <awsml/config/detail/retry_error_codes.hpp>
#include <awsml/config/retry_mode.hpp>
#include <awsml/core/error.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace awsml {

/// How a client retries: the settings the configuration sources resolve to.
struct retry_config {
    retry_mode mode = retry_mode::standard; ///< the `retry_mode` setting, AWS_RETRY_MODE
    /// Attempts in all, the first included (the `max_attempts` setting, AWS_MAX_ATTEMPTS);
    /// unset means the mode's default: 3, or 5 in legacy mode. Must be at least 1.
    std::optional<int> max_attempts = std::nullopt;

    /// max_attempts, or the mode's default when it is unset.
    constexpr int effective_max_attempts() const noexcept {
        if (max_attempts)
            return *max_attempts;
        return mode == retry_mode::legacy ? 5 : 3;
    }
};

/// What went wrong with one attempt: what the classifiers look at.
struct attempt_outcome {
    std::optional<int> http_status = std::nullopt; ///< absent when no response arrived
    std::string error_code;                        ///< the service's error code, may be empty
    bool is_transport_error = false;               ///< connecting, sending or receiving failed
    bool is_timeout = false; ///< a connect or read timeout (a transport error too)
};

/// How the standard and adaptive modes see a failed attempt (classify_error()).
enum class error_class {
    not_retryable, ///< the request itself is wrong (most 4xx): retrying cannot help
    transient,     ///< a transport failure, timeout, 500/502/503/504 or a transient error code
    throttling     ///< the service asked to slow down (by its code: Throttling...)
};

/// Whether the error code is one the SDKs treat as throttling (the rate limiter reacts to these).
constexpr bool is_throttling_error(const attempt_outcome& outcome) noexcept {
    return detail::retry::contains(detail::retry::throttling_error_codes, outcome.error_code);
}

/// The standard and adaptive modes' classification.
constexpr error_class classify_error(const attempt_outcome& outcome) noexcept {
    if (is_throttling_error(outcome))
        return error_class::throttling;
    if (detail::retry::contains(detail::retry::transient_error_codes, outcome.error_code))
        return error_class::transient;
    if (outcome.http_status &&
        detail::retry::contains(detail::retry::transient_status_codes, *outcome.http_status))
        return error_class::transient;
    if (outcome.is_transport_error || outcome.is_timeout)
        return error_class::transient;
    return error_class::not_retryable;
}

/// The legacy mode's policies (botocore 1.43's data/_retry.json, "__default__").
constexpr bool is_retryable_legacy(const attempt_outcome& outcome) noexcept {
    if (outcome.is_transport_error || outcome.is_timeout)
        return true;
    if (!outcome.http_status)
        return false;
    constexpr int statuses[] = {429, 500, 502, 503, 504, 509};
    constexpr std::string_view codes_at_400[] = {"Throttling", "ThrottlingException",
                                                 "ThrottledException", "RequestThrottledException",
                                                 "ProvisionedThroughputExceededException"};
    const int status = *outcome.http_status;
    if (std::find(std::begin(statuses), std::end(statuses), status) != std::end(statuses))
        return true;
    return status == 400 && std::find(std::begin(codes_at_400), std::end(codes_at_400),
                                      outcome.error_code) != std::end(codes_at_400);
}

/// What retry_strategy::after_failure() decided, and why.
enum class retry_verdict {
    retry,                ///< try again after the decision's delay
    not_retryable,        ///< the error is not one that retrying can fix
    max_attempts_reached, ///< that was the last attempt allowed
    quota_exhausted       ///< the client's retry quota has no tokens left for this retry
};

/// The verdict as the failure message explains it, e.g. "the maximum number of attempts was
/// reached".
constexpr std::string_view to_string(retry_verdict verdict) noexcept {
    switch (verdict) {
    case retry_verdict::retry:
        return "retry";
    case retry_verdict::not_retryable:
        return "the error is not retryable";
    case retry_verdict::max_attempts_reached:
        return "the maximum number of attempts was reached";
    case retry_verdict::quota_exhausted:
        return "the client's retry quota is exhausted";
    }
    return "unknown";
}

/// Whether to retry a failed attempt, and after how long.
struct retry_decision {
    retry_verdict verdict = retry_verdict::not_retryable; ///< retry, or why not
    std::chrono::nanoseconds delay{0}; ///< how long to wait before the next attempt

    /// True for retry_verdict::retry.
    constexpr bool should_retry() const noexcept { return verdict == retry_verdict::retry; }
    /// should_retry().
    constexpr explicit operator bool() const noexcept { return should_retry(); }
};

/// Where the strategy gets randomness and time. Empty functions mean the defaults.
struct retry_environment {
    std::function<double()> random;      ///< uniform in [0, 1); default: a per-thread engine
    std::function<double()> now_seconds; ///< monotonic seconds; default: steady_clock
};

/// One operation call's retry bookkeeping: created per call, never shared between threads.
class retry_request {
public:
    retry_request() = default;
    /// A call allowed `max_attempts` attempts in all instead of its strategy's (call_options);
    /// zero or less: the strategy's.
    explicit retry_request(int max_attempts) noexcept
        : max_attempts_(max_attempts) {}

    /// Attempts started so far (counted by retry_strategy::before_attempt).
    int attempts() const noexcept { return attempts_; }

    /// The retry last granted is being sent: retry_strategy::retry_not_made no longer gives
    /// its tokens back.
    void retry_made() noexcept { retry_unsent_ = false; }

private:
    friend class retry_strategy;
    int attempts_ = 0;
    int max_attempts_ = 0;      // 0: the strategy's
    int last_retry_cost_ = 0;   // tokens the latest retry took; 0 when it had none
    bool retry_unsent_ = false; // a retry was granted and not yet sent
};

/// The rate limiter's state, for tests and logs.
struct rate_limiter_snapshot {
    bool enabled = false;          ///< false until the first throttling error
    double fill_rate = 0;          ///< tokens per second
    double max_capacity = 0;       ///< the bucket's size
    double available_capacity = 0; ///< negative while later senders are waiting
    double measured_rate = 0;      ///< responses per second, smoothed
    double last_max_rate = 0;      ///< CUBIC's W_max: the rate when last throttled
    double last_throttle_time = 0; ///< seconds, on the strategy's clock
};

namespace detail::retry {

inline double default_random_unit() {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

inline double steady_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

inline std::chrono::nanoseconds to_nanoseconds(double seconds) {
    return std::chrono::round<std::chrono::nanoseconds>(std::chrono::duration<double>(seconds));
}

// CUBIC (RFC 8312) applied to the send rate, as botocore's throttling.CubicCalculator.
class cubic_calculator {
public:
    static constexpr double scale_constant = 0.4;
    static constexpr double beta = 0.7;

    cubic_calculator(double starting_max_rate, double start_time)
        : w_max_(starting_max_rate)
        , k_(zero_point(starting_max_rate))
        , last_fail_(start_time) {}

    double success_received(double timestamp) const {
        double dt = timestamp - last_fail_ - k_;
        return scale_constant * dt * dt * dt + w_max_;
    }

    double error_received(double current_rate, double timestamp) {
        w_max_ = current_rate;
        k_ = zero_point(current_rate);
        last_fail_ = timestamp;
        return current_rate * beta;
    }

    double w_max() const noexcept { return w_max_; }
    double last_fail() const noexcept { return last_fail_; }

private:
    static double zero_point(double w_max) {
        return std::cbrt(w_max * (1 - beta) / scale_constant);
    }

    double w_max_;
    double k_;
    double last_fail_;
};

// botocore's bucket.TokenBucket, except that acquire() never blocks: it takes the token at
// once, letting the capacity go below zero, and returns how long the caller must wait for the
// refill to cover it. Concurrent senders thus queue up behind each other in time.
class token_bucket {
public:
    static constexpr double min_rate = 0.5;

    token_bucket(double max_rate, double now) { set_max_rate(max_rate, now); }

    void set_max_rate(double value, double now) {
        refill(now); // tokens earned so far were earned at the old rate
        fill_rate_ = std::max(value, min_rate);
        max_capacity_ = std::max(value, 1.0);
        capacity_ = std::min(capacity_, max_capacity_);
    }

    double acquire(double now) {
        refill(now);
        capacity_ -= 1;
        return capacity_ >= 0 ? 0.0 : -capacity_ / fill_rate_;
    }

    double fill_rate() const noexcept { return fill_rate_; }
    double max_capacity() const noexcept { return max_capacity_; }
    double capacity() const noexcept { return capacity_; }

private:
    void refill(double now) {
        if (last_timestamp_) {
            capacity_ = std::min(max_capacity_, capacity_ + (now - *last_timestamp_) * fill_rate_);
        }
        last_timestamp_ = now;
    }

    double fill_rate_ = min_rate;
    double max_capacity_ = 1;
    double capacity_ = 0;
    std::optional<double> last_timestamp_;
};

// botocore's adaptive.RateClocker: responses per second, counted in half-second buckets and
// smoothed.
class rate_clocker {
public:
    static constexpr double smoothing = 0.8;
    static constexpr double buckets_per_second = 2; // one bucket every 0.5 s

    explicit rate_clocker(double now)
        : last_bucket_(std::floor(now)) {}

    double record(double now) {
        double bucket = std::floor(now * buckets_per_second) / buckets_per_second;
        ++count_;
        if (bucket > last_bucket_) {
            double current_rate = count_ / (bucket - last_bucket_);
            measured_rate_ = current_rate * smoothing + measured_rate_ * (1 - smoothing);
            count_ = 0;
            last_bucket_ = bucket;
        }
        return measured_rate_;
    }

    double measured_rate() const noexcept { return measured_rate_; }

private:
    double measured_rate_ = 0;
    double last_bucket_;
    double count_ = 0;
};

// botocore's adaptive.ClientRateLimiter. Not synchronised: retry_strategy holds the lock.
class client_rate_limiter {
public:
    static constexpr double max_rate_adjust_scale = 2.0;

    explicit client_rate_limiter(double now)
        : cubic_(0, now)
        , bucket_(1, now)
        , clocker_(now) {}

    // Seconds to wait before sending.
    double before_send(double now) { return enabled_ ? bucket_.acquire(now) : 0.0; }

    void on_response(bool throttled, double now) {
        double measured = clocker_.record(now);
        double new_rate;
        if (!throttled) {
            new_rate = cubic_.success_received(now);
        } else {
            double rate_to_use = enabled_ ? std::min(measured, bucket_.fill_rate()) : measured;
            new_rate = cubic_.error_received(rate_to_use, now);
            enabled_ = true;
        }
        bucket_.set_max_rate(std::min(new_rate, max_rate_adjust_scale * measured), now);
    }

    rate_limiter_snapshot snapshot() const {
        return {enabled_,           bucket_.fill_rate(),      bucket_.max_capacity(),
                bucket_.capacity(), clocker_.measured_rate(), cubic_.w_max(),
                cubic_.last_fail()};
    }

private:
    cubic_calculator cubic_;
    token_bucket bucket_;
    rate_clocker clocker_;
    bool enabled_ = false;
};

} // namespace detail::retry

/// Decides whether, and after how long, a failed attempt is tried again.
///
///   retry_request request;
///   for (;;) {
///       wait(strategy.before_attempt(request));
///       request.retry_made();                    // sending it: its tokens are spent
///       ... send ...
///       if (succeeded) { strategy.after_success(request); break; }
///       auto decision = strategy.after_failure(request, outcome);
///       if (!decision) fail(decision.verdict);   // the last error, and why it was not retried
///       if (!wait(decision.delay)) { strategy.retry_not_made(request); give_up(); }
///   }
class retry_strategy {
public:
    /// Tokens the client's retry quota starts with, and its ceiling (botocore's 500).
    static constexpr int initial_quota = 500;
    /// Tokens a retry takes from the quota; the success of the retried call gives them back.
    static constexpr int retry_cost = 5;
    /// Tokens a retry after a timeout takes.
    static constexpr int timeout_retry_cost = 10;
    /// Tokens a call that succeeds at its first attempt gives back.
    static constexpr int no_retry_refund = 1;
    /// The longest wait before a retry, in seconds: the exponential backoff (random in
    /// [0, 2^(attempt-1)) s) stops growing there.
    static constexpr double max_backoff_seconds = 20;

    /// Throws awsml::error (errc::config_error) when max_attempts is below 1.
    explicit retry_strategy(retry_config config = {}, retry_environment environment = {})
        : config_(validated(config))
        , max_attempts_(config_.effective_max_attempts())
        , random_(environment.random ? std::move(environment.random)
                                     : std::function<double()>(detail::retry::default_random_unit))
        , now_(environment.now_seconds ? std::move(environment.now_seconds)
                                       : std::function<double()>(detail::retry::steady_seconds))
        , limiter_(now_()) {}

    retry_strategy(const retry_strategy&) = delete;
    retry_strategy& operator=(const retry_strategy&) = delete;

    /// The configuration it was made with.
    const retry_config& config() const noexcept { return config_; }
    /// Its mode: legacy, standard or adaptive.
    retry_mode mode() const noexcept { return config_.mode; }
    /// Attempts in all for one call, the first included (the mode's default when unset).
    int max_attempts() const noexcept { return max_attempts_; }
    /// Attempts in all for the call `request` keeps: its own limit, else the strategy's.
    int max_attempts(const retry_request& request) const noexcept {
        return request.max_attempts_ > 0 ? request.max_attempts_ : max_attempts_;
    }

    /// Before each attempt, the first included: counts it, and returns how long to wait before
    /// sending it. Always zero, except in adaptive mode once the service has throttled.
    std::chrono::nanoseconds before_attempt(retry_request& request) {
        ++request.attempts_;
        if (config_.mode != retry_mode::adaptive)
            return std::chrono::nanoseconds{0};
        std::lock_guard lock(mutex_);
        return detail::retry::to_nanoseconds(limiter_.before_send(now_()));
    }

    /// After an attempt that failed (a transport error or a non-2xx response): whether to try
    /// again, and after how long. A retry takes its tokens from the quota here.
    retry_decision after_failure(retry_request& request, const attempt_outcome& outcome) {
        std::lock_guard lock(mutex_);
        if (config_.mode == retry_mode::adaptive)
            limiter_.on_response(is_throttling_error(outcome), now_());
        bool retryable = config_.mode == retry_mode::legacy
                             ? is_retryable_legacy(outcome)
                             : classify_error(outcome) != error_class::not_retryable;
        if (!retryable)
            return {retry_verdict::not_retryable};
        int attempt = std::max(request.attempts_, 1);
        if (attempt >= max_attempts(request))
            return {retry_verdict::max_attempts_reached};
        if (config_.mode != retry_mode::legacy) {
            int cost = outcome.is_timeout ? timeout_retry_cost : retry_cost;
            if (cost > quota_)
                return {retry_verdict::quota_exhausted};
            quota_ -= cost;
            request.last_retry_cost_ = cost;
            request.retry_unsent_ = true;
        }
        return {retry_verdict::retry, backoff(attempt)};
    }

    /// A retry after_failure granted will not be sent (the call's deadline would pass first):
    /// the tokens it took go back to the quota, as if it had never been asked for.
    void retry_not_made(retry_request& request) {
        if (!request.retry_unsent_)
            return;
        std::lock_guard lock(mutex_);
        quota_ = std::min(initial_quota, quota_ + request.last_retry_cost_);
        request.last_retry_cost_ = 0;
        request.retry_unsent_ = false;
    }

    /// After the attempt that succeeded (a 2xx response).
    void after_success(retry_request& request) {
        std::lock_guard lock(mutex_);
        if (config_.mode == retry_mode::adaptive)
            limiter_.on_response(false, now_());
        if (config_.mode == retry_mode::legacy)
            return;
        int refund = request.last_retry_cost_ > 0 ? request.last_retry_cost_ : no_retry_refund;
        quota_ = std::min(initial_quota, quota_ + refund);
    }

    /// Tokens left in the retry quota (standard and adaptive modes).
    int available_quota() const {
        std::lock_guard lock(mutex_);
        return quota_;
    }

    /// The adaptive mode's client-side rate limiter, as it stands (disabled until the first
    /// throttling error; unused in the other modes).
    rate_limiter_snapshot rate_limiter() const {
        std::lock_guard lock(mutex_);
        return limiter_.snapshot();
    }

private:
    static retry_config validated(const retry_config& config) {
        if (config.max_attempts && *config.max_attempts < 1)
            throw error(make_error_code(errc::config_error),
                        "max_attempts must be at least 1 (it counts the first attempt), not " +
                            std::to_string(*config.max_attempts));
        return config;
    }

    // Truncated binary exponential backoff with full jitter, attempt being the one that failed
    // (1-based): the first retry waits random * 1 s. botocore lets the legacy delay grow
    // without bound; here both modes stop at 20 s, which only matters past 6 attempts.
    std::chrono::nanoseconds backoff(int attempt) const {
        double ceiling = std::min(std::ldexp(1.0, std::min(attempt - 1, 62)), max_backoff_seconds);
        return detail::retry::to_nanoseconds(random_() * ceiling);
    }

    const retry_config config_;
    const int max_attempts_;
    std::function<double()> random_;
    std::function<double()> now_;

    mutable std::mutex mutex_;
    int quota_ = initial_quota;
    detail::retry::client_rate_limiter limiter_;
};

} // namespace awsml
