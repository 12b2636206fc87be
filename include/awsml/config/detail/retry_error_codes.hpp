#pragma once

// The error codes the SDKs' standard retry mode retries, written once: the client's retry
// strategy (runtime/retry.hpp) and the credential sources' own STS calls classify with them.

#include <algorithm>
#include <iterator>
#include <string_view>

namespace awsml::detail::retry {

// botocore's ThrottledRetryableChecker, the same list as aws-sdk-go-v2's.
inline constexpr std::string_view throttling_error_codes[] = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
};

// botocore's TransientRetryableChecker.
inline constexpr std::string_view transient_error_codes[] = {
    "RequestTimeout",
    "RequestTimeoutException",
    "PriorRequestNotComplete",
};

inline constexpr int transient_status_codes[] = {500, 502, 503, 504};

template <class Range, class Value>
constexpr bool contains(const Range& range, const Value& value) noexcept {
    return std::find(std::begin(range), std::end(range), value) != std::end(range);
}

} // namespace awsml::detail::retry
