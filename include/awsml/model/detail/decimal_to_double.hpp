#pragma once

// The double nearest to a JSON number's text, correctly rounded (ties to even) whatever its
// length or exponent: both JSON readers convert through here, so a document decodes to the same
// bits on either path. Boost.JSON 1.81's own conversion is not correctly rounded
// (0.21209149732767718 comes out one ulp high), and libstdc++ 12's std::from_chars is.

#include <charconv>
#include <limits>
#include <string_view>
#include <system_error>

namespace awsml::detail {

/// Whether a JSON number too large or too small for a double is too large: its first
/// significant digit stands at a positive power of ten. (Out-of-range magnitudes are beyond
/// 1e308 or below 1e-323, so this position alone decides.)
inline bool decimal_overflows(std::string_view json_number) noexcept {
    const char* p = json_number.data();
    const char* end = p + json_number.size();
    const auto is_digit = [&] { return p != end && *p >= '0' && *p <= '9'; };
    if (p != end && *p == '-')
        ++p;
    // The power of ten of the first significant digit, plus one. JSON's integer part is a
    // lone 0 or has no leading zero.
    long position = 0;
    if (is_digit() && *p == '0')
        ++p;
    for (; is_digit(); ++p)
        ++position;
    if (p != end && *p == '.') {
        ++p;
        if (position == 0)
            for (; p != end && *p == '0'; ++p)
                --position;
        while (is_digit())
            ++p;
    }
    if (p != end && (*p == 'e' || *p == 'E')) {
        ++p;
        const bool negative = p != end && *p == '-';
        if (p != end && (*p == '-' || *p == '+'))
            ++p;
        long exponent = 0;
        for (; is_digit(); ++p)
            if (exponent < 1'000'000) // far beyond any double; a longer exponent saturates
                exponent = exponent * 10 + (*p - '0');
        position += negative ? -exponent : exponent;
    }
    return position > 0;
}

/// `json_number` must be valid JSON number syntax. Beyond a double's range the result is an
/// infinity (which the decoder then refuses as out of range) or a zero, with the number's sign.
inline double decimal_to_double(std::string_view json_number) noexcept {
    double value = 0;
    const auto [end, ec] =
        std::from_chars(json_number.data(), json_number.data() + json_number.size(), value);
    (void)end;
    if (ec != std::errc::result_out_of_range)
        return value;
    const bool negative = !json_number.empty() && json_number.front() == '-';
    const double magnitude =
        decimal_overflows(json_number) ? std::numeric_limits<double>::infinity() : 0.0;
    return negative ? -magnitude : magnitude;
}

} // namespace awsml::detail
