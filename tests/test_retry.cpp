#include <awsml/runtime/retry.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace retry_test {

using namespace std::chrono_literals;
using awsml::attempt_outcome;
using awsml::error_class;
using awsml::retry_config;
using awsml::retry_mode;
using awsml::retry_request;
using awsml::retry_strategy;
using awsml::retry_verdict;

namespace {

// A clock and a random source the test moves by hand.
struct fake_environment {
    double now = 0;
    double random = 0.5;
    int random_calls = 0;

    awsml::retry_environment environment() {
        return {[this] {
                    ++random_calls;
                    return random;
                },
                [this] { return now; }};
    }
};

attempt_outcome status(int http_status, std::string code = "") {
    return {http_status, std::move(code), false, false};
}

attempt_outcome transport_error() {
    return {std::nullopt, "", true, false};
}
attempt_outcome timeout() {
    return {std::nullopt, "", true, true};
}

// One retry (taking quota) followed by nothing: leaves the request's tokens spent.
void fail_once(retry_strategy& strategy, const attempt_outcome& outcome) {
    retry_request request;
    (void)strategy.before_attempt(request);
    REQUIRE(strategy.after_failure(request, outcome).should_retry());
}

} // namespace

TEST_CASE("throttling codes are classified as throttling", "[retry][classify]") {
    for (const char* code :
         {"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
          "TooManyRequestsException", "ProvisionedThroughputExceededException",
          "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
          "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
          "EC2ThrottledException"}) {
        INFO(code);
        CHECK(awsml::is_throttling_error(status(400, code)));
        CHECK(awsml::classify_error(status(400, code)) == error_class::throttling);
        // The code decides, whatever the status.
        CHECK(awsml::classify_error(status(503, code)) == error_class::throttling);
    }
}

TEST_CASE("transient errors are classified as transient", "[retry][classify]") {
    for (const char* code : {"RequestTimeout", "RequestTimeoutException"}) {
        INFO(code);
        CHECK(awsml::classify_error(status(400, code)) == error_class::transient);
        CHECK_FALSE(awsml::is_throttling_error(status(400, code)));
    }
    for (int http_status : {500, 502, 503, 504}) {
        INFO(http_status);
        CHECK(awsml::classify_error(status(http_status)) == error_class::transient);
        CHECK(awsml::classify_error(status(http_status, "InternalServerException")) ==
              error_class::transient);
    }
    CHECK(awsml::classify_error(transport_error()) == error_class::transient);
    CHECK(awsml::classify_error(timeout()) == error_class::transient);
    CHECK(awsml::classify_error({std::nullopt, "", false, true}) == error_class::transient);
}

TEST_CASE("client errors are not retryable", "[retry][classify]") {
    CHECK(awsml::classify_error(status(400, "InvalidInputException")) ==
          error_class::not_retryable);
    CHECK(awsml::classify_error(status(404, "ResourceNotFoundException")) ==
          error_class::not_retryable);
    CHECK(awsml::classify_error(status(400, "ValidationException")) == error_class::not_retryable);
    CHECK(awsml::classify_error(status(403, "AccessDeniedException")) ==
          error_class::not_retryable);
    for (int http_status : {400, 401, 403, 404, 409, 413, 429, 501, 505, 509})
        CHECK(awsml::classify_error(status(http_status)) == error_class::not_retryable);
    CHECK(awsml::classify_error(status(400, "throttling")) == error_class::not_retryable);
    CHECK(awsml::classify_error(attempt_outcome{}) == error_class::not_retryable);
}

TEST_CASE("legacy mode retries what botocore's _retry.json lists", "[retry][classify]") {
    CHECK(awsml::is_retryable_legacy(transport_error()));
    CHECK(awsml::is_retryable_legacy(timeout()));
    for (int http_status : {429, 500, 502, 503, 504, 509})
        CHECK(awsml::is_retryable_legacy(status(http_status)));
    for (int http_status : {400, 403, 404, 501, 505})
        CHECK_FALSE(awsml::is_retryable_legacy(status(http_status)));
    for (const char* code : {"Throttling", "ThrottlingException", "ThrottledException",
                             "RequestThrottledException", "ProvisionedThroughputExceededException"})
        CHECK(awsml::is_retryable_legacy(status(400, code)));
    CHECK_FALSE(awsml::is_retryable_legacy(status(403, "Throttling")));
    CHECK_FALSE(awsml::is_retryable_legacy(status(400, "TooManyRequestsException")));
    CHECK_FALSE(awsml::is_retryable_legacy(status(400, "RequestTimeout")));
    CHECK_FALSE(awsml::is_retryable_legacy(status(400, "InvalidInputException")));
}

TEST_CASE("retry modes and their default attempts", "[retry][config]") {
    CHECK(awsml::parse_retry_mode("standard") == retry_mode::standard);
    CHECK(awsml::parse_retry_mode("adaptive") == retry_mode::adaptive);
    CHECK(awsml::parse_retry_mode("legacy") == retry_mode::legacy);
    CHECK_FALSE(awsml::parse_retry_mode("Standard"));
    CHECK_FALSE(awsml::parse_retry_mode(""));
    CHECK(awsml::to_string(retry_mode::adaptive) == "adaptive");

    CHECK(retry_config{}.mode == retry_mode::standard);
    CHECK(retry_config{}.effective_max_attempts() == 3);
    CHECK(retry_config{retry_mode::adaptive}.effective_max_attempts() == 3);
    CHECK(retry_config{retry_mode::legacy}.effective_max_attempts() == 5);
    CHECK(retry_config{retry_mode::legacy, 2}.effective_max_attempts() == 2);

    try {
        retry_strategy strategy({retry_mode::standard, 0});
        FAIL("no exception");
    } catch (const awsml::error& e) {
        CHECK(e.code() == awsml::errc::config_error);
        CHECK_THAT(e.what(), Catch::Contains("max_attempts must be at least 1"));
    }
}

TEST_CASE("standard mode: exponential backoff with full jitter, capped at 20 s", "[retry]") {
    fake_environment fake;
    retry_strategy strategy({retry_mode::standard, 8}, fake.environment());
    retry_request request;
    const std::chrono::nanoseconds expected[] = {500ms, 1s, 2s, 4s, 8s, 10s, 10s};
    for (auto delay : expected) {
        CHECK(strategy.before_attempt(request) == 0ns);
        auto decision = strategy.after_failure(request, status(503));
        REQUIRE(decision.should_retry());
        CHECK(decision.delay == delay);
    }
    CHECK(request.attempts() == 7);
    (void)strategy.before_attempt(request);
    CHECK(strategy.after_failure(request, status(503)).verdict ==
          retry_verdict::max_attempts_reached);

    // The random factor scales the whole ceiling.
    retry_request other;
    fake.random = 0.25;
    (void)strategy.before_attempt(other);
    CHECK(strategy.after_failure(other, transport_error()).delay == 250ms);
    (void)strategy.before_attempt(other);
    CHECK(strategy.after_failure(other, transport_error()).delay == 500ms);
    fake.random = 0;
    (void)strategy.before_attempt(other);
    auto decision = strategy.after_failure(other, transport_error());
    CHECK(decision.should_retry());
    CHECK(decision.delay == 0ns);
}

TEST_CASE("standard mode: three attempts by default", "[retry]") {
    fake_environment fake;
    retry_strategy strategy({}, fake.environment());
    CHECK(strategy.max_attempts() == 3);
    retry_request request;
    (void)strategy.before_attempt(request);
    CHECK(strategy.after_failure(request, status(500)));
    (void)strategy.before_attempt(request);
    CHECK(strategy.after_failure(request, status(400, "ThrottlingException")));
    (void)strategy.before_attempt(request);
    auto decision = strategy.after_failure(request, status(500));
    CHECK_FALSE(decision);
    CHECK(decision.verdict == retry_verdict::max_attempts_reached);
    CHECK(awsml::to_string(decision.verdict) == "the maximum number of attempts was reached");

    // One attempt in all: never a retry.
    retry_strategy single({retry_mode::standard, 1}, fake.environment());
    retry_request lone;
    (void)single.before_attempt(lone);
    CHECK(single.after_failure(lone, status(503)).verdict == retry_verdict::max_attempts_reached);
    CHECK(single.available_quota() == retry_strategy::initial_quota);
}

TEST_CASE("non-retryable errors are not retried and cost nothing", "[retry]") {
    fake_environment fake;
    retry_strategy strategy({}, fake.environment());
    retry_request request;
    (void)strategy.before_attempt(request);
    auto decision = strategy.after_failure(request, status(400, "InvalidInputException"));
    CHECK(decision.verdict == retry_verdict::not_retryable);
    CHECK(decision.delay == 0ns);
    (void)strategy.before_attempt(request);
    CHECK(strategy.after_failure(request, status(404, "ResourceNotFoundException")).verdict ==
          retry_verdict::not_retryable);
    CHECK(strategy.available_quota() == 500);
    CHECK(fake.random_calls == 0);
}

TEST_CASE("the retry quota: 5 per retry, 10 per timeout, exhausted at zero", "[retry][quota]") {
    fake_environment fake;
    retry_strategy strategy({}, fake.environment());
    CHECK(strategy.available_quota() == 500);
    fail_once(strategy, status(503));
    CHECK(strategy.available_quota() == 495);
    fail_once(strategy, timeout());
    CHECK(strategy.available_quota() == 485);
    fail_once(strategy, transport_error()); // not a timeout: the ordinary cost
    CHECK(strategy.available_quota() == 480);

    for (int i = 0; i < 96; ++i)
        fail_once(strategy, status(500));
    CHECK(strategy.available_quota() == 0);

    retry_request request;
    (void)strategy.before_attempt(request);
    auto decision = strategy.after_failure(request, status(500));
    CHECK(decision.verdict == retry_verdict::quota_exhausted);
    CHECK_FALSE(decision);
    // Not retryable is reported as such, even with the quota empty.
    CHECK(strategy.after_failure(request, status(400, "InvalidInputException")).verdict ==
          retry_verdict::not_retryable);
}

TEST_CASE("a timeout retry needs 10 tokens", "[retry][quota]") {
    fake_environment fake;
    retry_strategy strategy({}, fake.environment());
    for (int i = 0; i < 99; ++i)
        fail_once(strategy, status(502));
    CHECK(strategy.available_quota() == 5);
    retry_request request;
    (void)strategy.before_attempt(request);
    CHECK(strategy.after_failure(request, timeout()).verdict == retry_verdict::quota_exhausted);
    CHECK(strategy.after_failure(request, status(502)).should_retry());
    CHECK(strategy.available_quota() == 0);
}

TEST_CASE("success refunds the last retry's cost, or 1 token", "[retry][quota]") {
    fake_environment fake;
    retry_strategy strategy({retry_mode::standard, 5}, fake.environment());

    // Two retries (timeout then 503) then success: the last cost (5) comes back.
    retry_request request;
    (void)strategy.before_attempt(request);
    REQUIRE(strategy.after_failure(request, timeout()));
    (void)strategy.before_attempt(request);
    REQUIRE(strategy.after_failure(request, status(503)));
    CHECK(strategy.available_quota() == 485);
    (void)strategy.before_attempt(request);
    strategy.after_success(request);
    CHECK(strategy.available_quota() == 490);

    // Retry after a timeout, then success: 10 back.
    retry_request timed_out;
    (void)strategy.before_attempt(timed_out);
    REQUIRE(strategy.after_failure(timed_out, timeout()));
    CHECK(strategy.available_quota() == 480);
    (void)strategy.before_attempt(timed_out);
    strategy.after_success(timed_out);
    CHECK(strategy.available_quota() == 490);

    // Success at the first attempt: 1 back each, up to the initial 500.
    for (int i = 0; i < 12; ++i) {
        retry_request plain;
        (void)strategy.before_attempt(plain);
        strategy.after_success(plain);
    }
    CHECK(strategy.available_quota() == 500);

    // A call that ends in a non-retryable error gives nothing back.
    fail_once(strategy, status(500));
    retry_request failed;
    (void)strategy.before_attempt(failed);
    CHECK_FALSE(strategy.after_failure(failed, status(400, "InvalidInputException")));
    CHECK(strategy.available_quota() == 495);
}

TEST_CASE("legacy mode: five attempts, 2^(n-1) backoff, no quota", "[retry][legacy]") {
    fake_environment fake;
    retry_strategy strategy({retry_mode::legacy}, fake.environment());
    CHECK(strategy.max_attempts() == 5);
    retry_request request;
    for (auto delay : {500ms, 1000ms, 2000ms, 4000ms}) {
        CHECK(strategy.before_attempt(request) == 0ns);
        auto decision = strategy.after_failure(request, status(429));
        REQUIRE(decision.should_retry());
        CHECK(decision.delay == delay);
    }
    (void)strategy.before_attempt(request);
    CHECK(strategy.after_failure(request, status(429)).verdict ==
          retry_verdict::max_attempts_reached);

    for (int i = 0; i < 200; ++i)
        fail_once(strategy, status(500));
    CHECK(strategy.available_quota() == 500); // untouched: legacy has no quota

    retry_request other;
    (void)strategy.before_attempt(other);
    CHECK(strategy.after_failure(other, status(501)).verdict == retry_verdict::not_retryable);
    CHECK(strategy.after_failure(other, status(400, "TooManyRequestsException")).verdict ==
          retry_verdict::not_retryable);

    // With more attempts configured the delay stops growing at 20 s.
    retry_strategy patient({retry_mode::legacy, 10}, fake.environment());
    fake.random = 1.0;
    retry_request slow;
    std::chrono::nanoseconds last{};
    for (int i = 0; i < 9; ++i) {
        (void)patient.before_attempt(slow);
        last = patient.after_failure(slow, transport_error()).delay;
    }
    CHECK(last == 20s);
}

TEST_CASE("adaptive mode sends freely until the first throttle", "[retry][adaptive]") {
    fake_environment fake;
    retry_strategy strategy({retry_mode::adaptive}, fake.environment());
    for (int i = 0; i < 50; ++i) {
        fake.now = 0.01 * i;
        retry_request request;
        CHECK(strategy.before_attempt(request) == 0ns);
        strategy.after_success(request);
    }
    CHECK_FALSE(strategy.rate_limiter().enabled);

    // A 503 is transient, not throttling: still no rate limiting.
    retry_request request;
    (void)strategy.before_attempt(request);
    CHECK(strategy.after_failure(request, status(503)));
    CHECK_FALSE(strategy.rate_limiter().enabled);

    // Standard-mode quota applies too.
    CHECK(strategy.available_quota() == 495);
}

// The expected numbers come from botocore 1.43.11's own ClientRateLimiter, CubicCalculator,
// TokenBucket and RateClocker driven through the same sequence with a fake clock (the send
// delays from its bucket with the non-blocking reservation described in retry.hpp).
TEST_CASE("adaptive mode: the send rate drops on throttling and recovers", "[retry][adaptive]") {
    fake_environment fake;
    retry_strategy strategy({retry_mode::adaptive}, fake.environment());
    auto approx = [](double value) { return Approx(value).epsilon(1e-9); };
    auto seconds = [](std::chrono::nanoseconds d) {
        return std::chrono::duration<double>(d).count();
    };

    // 10 requests a second for two seconds.
    for (int i = 0; i < 20; ++i) {
        fake.now = 0.05 + 0.1 * i;
        retry_request request;
        CHECK(strategy.before_attempt(request) == 0ns);
        strategy.after_success(request);
    }
    auto state = strategy.rate_limiter();
    CHECK_FALSE(state.enabled);
    CHECK(state.measured_rate == approx(9.984));
    CHECK(state.fill_rate == approx(2.965950000000001));
    CHECK(state.available_capacity == approx(1.7556000000000007));

    // Throttled: the limiter turns on at 70% of the rate measured when it happened.
    fake.now = 2.0;
    retry_request throttled;
    (void)strategy.before_attempt(throttled);
    auto decision = strategy.after_failure(throttled, status(400, "ThrottlingException"));
    CHECK(decision.should_retry());
    state = strategy.rate_limiter();
    CHECK(state.enabled);
    CHECK(state.measured_rate == approx(9.9968));
    CHECK(state.last_max_rate == approx(9.9968));
    CHECK(state.last_throttle_time == 2.0);
    CHECK(state.fill_rate == approx(6.9977599999999995));
    CHECK(state.max_capacity == approx(6.9977599999999995));
    CHECK(state.available_capacity == approx(1.9038975000000002));

    // Three sends at the same instant: the first has a token, the next ones wait in turn.
    std::vector<double> delays;
    for (int i = 0; i < 3; ++i) {
        retry_request request;
        delays.push_back(seconds(strategy.before_attempt(request)));
    }
    CHECK(delays[0] == 0.0);
    CHECK(delays[1] == Approx(0.013733323234863695).margin(1e-9));
    CHECK(delays[2] == Approx(0.15663619501097492).margin(1e-9));
    CHECK(strategy.rate_limiter().available_capacity == approx(-1.0961024999999998));

    // Successes every 0.1 s: the rate climbs back past where it was throttled.
    struct checkpoint {
        int step;
        double delay;
        double fill_rate;
    };
    const checkpoint checkpoints[] = {
        {1, 0.19953906678708605, 7.434360866532282},
        {5, 0.25971142232305283, 8.759030331373003},
        {10, 0.2748934200045623, 9.645965659524988},
        {20, 0.27246259541087897, 9.996831306165907},
        {30, 0.2545769608019292, 10.450356939922756},
        {40, 0.08933664248699946, 13.406542560795538},
        {60, 0.0, 19.999999999973785},
    };
    const checkpoint* next = checkpoints;
    for (int i = 1; i <= 60; ++i) {
        fake.now = 2.0 + 0.1 * i;
        retry_request request;
        double delay = seconds(strategy.before_attempt(request));
        strategy.after_success(request);
        if (next != std::end(checkpoints) && next->step == i) {
            INFO("step " << i);
            CHECK(delay == Approx(next->delay).margin(1e-9));
            CHECK(strategy.rate_limiter().fill_rate == approx(next->fill_rate));
            ++next;
        }
    }
    CHECK(next == std::end(checkpoints));
    CHECK(strategy.rate_limiter().fill_rate > 9.9968);
}

TEST_CASE("adaptive mode: a second throttle uses the bucket's rate", "[retry][adaptive]") {
    // botocore's trace for these responses (rate, capacity, measured rate, W_max after each).
    struct step {
        double time;
        bool throttled;
        bool enabled;
        double fill_rate;
        double max_capacity;
        double measured_rate;
        double last_max_rate;
    };
    const step steps[] = {
        {0.1, false, false, 0.5, 1, 0, 0},
        {0.3, false, false, 0.5, 1, 0, 0},
        {0.6, false, false, 0.5, 1, 4.800000000000001, 0},
        {0.8, false, false, 0.5, 1, 4.800000000000001, 0},
        {1.1, false, false, 0.5324000000000002, 1, 4.16, 0},
        {1.2, false, false, 0.6911999999999999, 1, 4.16, 0},
        {1.6, false, false, 1.6384000000000005, 1.6384000000000005, 4.032, 0},
        {2.1, true, true, 1.6844799999999998, 1.6844799999999998, 2.4063999999999997,
         2.4063999999999997},
        {2.2, false, true, 1.8481525557262337, 1.8481525557262337, 2.4063999999999997,
         2.4063999999999997},
        {2.7, true, true, 1.2937067890083636, 1.2937067890083636, 3.68128, 1.8481525557262337},
        {3.5, false, true, 1.8356528061528108, 1.8356528061528108, 1.5362559999999998,
         1.8481525557262337},
        {4.0, false, true, 1.8506861028416703, 1.8506861028416703, 1.9072512, 1.8481525557262337},
        {5.0, false, true, 2.36290048, 2.36290048, 1.18145024, 1.8481525557262337},
        {8.0, false, true, 1.0059134293333332, 1.0059134293333332, 0.5029567146666666,
         1.8481525557262337},
        // Traffic dies down: the rate follows the measured rate, not below the minimum.
        {12.0, false, true, 0.6011826858666667, 1, 0.30059134293333334, 1.8481525557262337},
    };
    fake_environment fake;
    retry_strategy strategy({retry_mode::adaptive, 10}, fake.environment());
    for (const auto& s : steps) {
        INFO("t = " << s.time);
        fake.now = s.time;
        retry_request request;
        if (s.throttled)
            (void)strategy.after_failure(request, status(400, "Throttling"));
        else
            strategy.after_success(request);
        auto state = strategy.rate_limiter();
        CHECK(state.enabled == s.enabled);
        CHECK(state.fill_rate == Approx(s.fill_rate).epsilon(1e-9));
        CHECK(state.max_capacity == Approx(s.max_capacity).epsilon(1e-9));
        CHECK(state.measured_rate == Approx(s.measured_rate).epsilon(1e-9));
        CHECK(state.last_max_rate == Approx(s.last_max_rate).epsilon(1e-9));
    }
}

TEST_CASE("one strategy shared by many threads keeps its books", "[retry][threads]") {
    retry_strategy strategy({retry_mode::adaptive, 3});
    constexpr int threads = 8;
    constexpr int calls = 500;
    std::atomic<int> retries{0};
    std::atomic<int> bad_delays{0}; // Catch2 assertions are not thread-safe: count instead
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            for (int i = 0; i < calls; ++i) {
                retry_request request;
                (void)strategy.before_attempt(request);
                auto decision = strategy.after_failure(request, status(503));
                if (decision) {
                    ++retries;
                    if (decision.delay > 1s)
                        ++bad_delays;
                    (void)strategy.before_attempt(request);
                }
                strategy.after_success(request);
            }
        });
    }
    for (auto& w : workers)
        w.join();
    // Every retry was followed by a success that gave its 5 tokens back.
    CHECK(strategy.available_quota() == 500);
    CHECK(retries == threads * calls);
    CHECK(bad_delays == 0);
}

} // namespace retry_test
