#pragma once

/// \file
/// The retry modes the AWS SDKs share (AWS_RETRY_MODE, the profile's retry_mode): a setting of the
/// configuration layer; what each mode does is the runtime's (runtime/retry.hpp).

#include <optional>
#include <string_view>

namespace awsml {

/// How a client retries failed attempts (runtime/retry.hpp has the details).
enum class retry_mode {
    legacy,   ///< botocore's original rules: 5 attempts, no retry quota
    standard, ///< the SDKs' default: 3 attempts, a shared retry quota, capped backoff
    adaptive  ///< standard, plus a client-side rate limiter that slows down when throttled
};

/// The mode's name as the settings spell it: "legacy", "standard" or "adaptive".
constexpr std::string_view to_string(retry_mode mode) noexcept {
    switch (mode) {
    case retry_mode::legacy:
        return "legacy";
    case retry_mode::standard:
        return "standard";
    case retry_mode::adaptive:
        return "adaptive";
    }
    return "unknown";
}

/// The values of the `retry_mode` setting and AWS_RETRY_MODE (lower case, as the SDKs take them).
constexpr std::optional<retry_mode> parse_retry_mode(std::string_view text) noexcept {
    if (text == "legacy")
        return retry_mode::legacy;
    if (text == "standard")
        return retry_mode::standard;
    if (text == "adaptive")
        return retry_mode::adaptive;
    return std::nullopt;
}

} // namespace awsml
