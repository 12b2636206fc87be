#pragma once

/// \file
/// Timestamps as std::chrono time points with millisecond precision, and the wire forms AWS uses:
/// epoch seconds (JSON number, possibly fractional), ISO 8601 / RFC 3339 with offsets, and the
/// HTTP date (IMF-fixdate).

#include <awsml/core/detail/separate_compilation.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace awsml {

/// A timestamp member's value: UTC, milliseconds since the Unix epoch (finer precision on the wire
/// is truncated). Read from any of the wire forms; written as epoch seconds in JSON.
using timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

namespace detail {

// Howard Hinnant's days_from_civil / civil_from_days: exact over the proleptic Gregorian calendar.
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct civil_date {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

constexpr civil_date civil_from_days(std::int64_t z) noexcept {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

// The range accepted from the wire: years 0001 to 9999, as ISO 8601 and the SDKs allow.
inline constexpr std::int64_t min_timestamp_ms = -62135596800000; // 0001-01-01T00:00:00Z
inline constexpr std::int64_t max_timestamp_ms = 253402300799999; // 9999-12-31T23:59:59.999Z

class date_scanner {
public:
    explicit date_scanner(std::string_view s)
        : s_(s) {}
    bool done() const { return pos_ == s_.size(); }
    bool literal(char c) {
        if (pos_ < s_.size() && s_[pos_] == c)
            return ++pos_, true;
        return false;
    }
    bool digits(unsigned count, unsigned& out) {
        out = 0;
        for (unsigned i = 0; i < count; ++i) {
            if (pos_ >= s_.size() || s_[pos_] < '0' || s_[pos_] > '9')
                return false;
            out = out * 10 + unsigned(s_[pos_++] - '0');
        }
        return true;
    }
    // Fraction digits after '.', as milliseconds (extra digits are truncated).
    bool fraction_ms(unsigned& ms) {
        ms = 0;
        unsigned n = 0;
        while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
            if (n < 3)
                ms = ms * 10 + unsigned(s_[pos_] - '0');
            ++n, ++pos_;
        }
        for (unsigned i = n; i < 3; ++i)
            ms *= 10;
        return n > 0;
    }
    bool word(std::string_view w) {
        if (s_.substr(pos_, w.size()) != w)
            return false;
        pos_ += w.size();
        return true;
    }

private:
    std::string_view s_;
    std::size_t pos_ = 0;
};

inline bool valid_civil(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s) {
    constexpr unsigned month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 &&
           d <= (mo == 2 && !leap ? 28u : month_days[mo - 1]) && h <= 23 && mi <= 59 && s <= 60;
}

inline timestamp make_timestamp(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi,
                                unsigned s, unsigned ms, std::int64_t offset_minutes) {
    std::int64_t seconds = days_from_civil(y, mo, d) * 86400 + std::int64_t{h} * 3600 +
                           std::int64_t{mi} * 60 + s - offset_minutes * 60;
    return timestamp(std::chrono::milliseconds(seconds * 1000 + ms));
}

} // namespace detail

/// Epoch seconds (integer or fractional) to a timestamp, rounded to the millisecond;
/// nullopt when not finite or outside years 1 to 9999.
inline std::optional<timestamp> timestamp_from_epoch_seconds(double seconds) noexcept {
    if (!std::isfinite(seconds))
        return std::nullopt;
    double ms = std::round(seconds * 1000.0);
    if (ms < double(detail::min_timestamp_ms) || ms > double(detail::max_timestamp_ms))
        return std::nullopt;
    return timestamp(std::chrono::milliseconds(static_cast<std::int64_t>(ms)));
}

/// `t` on std::chrono::system_clock, or nullopt where that clock cannot hold it (its
/// nanoseconds in libstdc++ span about 1677 to 2262): a conversion that would overflow.
AWSML_DECL std::optional<std::chrono::system_clock::time_point>
to_system_clock(timestamp t) noexcept;

/// RFC 3339 / ISO 8601 date-time: 2019-12-16T22:48:18.123-01:00 (or Z); nullopt if malformed.
AWSML_DECL std::optional<timestamp> parse_iso8601(std::string_view text);

/// An ISO 8601 date-time on std::chrono::system_clock (a credentials' expiration), or nullopt
/// when it is malformed or beyond that clock's range.
inline std::optional<std::chrono::system_clock::time_point>
system_time_from_iso8601(std::string_view text) {
    const auto parsed = parse_iso8601(text);
    return parsed ? to_system_clock(*parsed) : std::nullopt;
}

/// IMF-fixdate (RFC 7231): Sun, 02 Jan 2000 20:34:56 GMT; nullopt if malformed.
AWSML_DECL std::optional<timestamp> parse_http_date(std::string_view text);

/// Seconds since the epoch as AWS JSON writes them: "1700000000" or "1700000000.123".
inline std::string format_epoch_seconds(timestamp t) {
    std::int64_t ms = t.time_since_epoch().count();
    std::uint64_t magnitude =
        ms < 0 ? 0 - static_cast<std::uint64_t>(ms) : static_cast<std::uint64_t>(ms);
    std::string out = ms < 0 ? "-" : "";
    out += std::to_string(magnitude / 1000);
    if (auto frac = static_cast<unsigned>(magnitude % 1000); frac != 0) {
        char digits[3] = {char('0' + frac / 100), char('0' + frac / 10 % 10),
                          char('0' + frac % 10)};
        std::string_view f(digits, 3);
        while (f.back() == '0')
            f.remove_suffix(1);
        out.append(".").append(f);
    }
    return out;
}

/// ISO 8601 in UTC with milliseconds: 2019-12-16T23:48:18.000Z.
AWSML_DECL std::string format_iso8601(timestamp t);

} // namespace awsml

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/model/impl/timestamp.ipp>
#endif
