// Timestamps as the AWS CLI's cli_timestamp_format prints them (timestamps.hpp).
#include <awsml-cli/timestamps.hpp>

#include <awsml-cli/python_json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <optional>
#include <stdexcept>
#include <utility>

namespace awsml::cli {

namespace {

struct epoch_instant {
    std::int64_t seconds;
    long microseconds; // 0 to 999999
};

// Python's _PyTime_DoubleToDenominator with ROUND_HALF_EVEN: the fraction's microseconds rounded
// half to even, carried into the seconds.
epoch_instant split(double value) {
    double whole = 0;
    double micro = std::modf(value, &whole) * 1e6;
    double rounded = std::round(micro);
    if (std::fabs(micro - rounded) == 0.5)
        rounded = 2.0 * std::round(micro / 2.0);
    if (rounded >= 1e6)
        rounded -= 1e6, whole += 1;
    else if (rounded < 0)
        rounded += 1e6, whole -= 1;
    return {static_cast<std::int64_t>(whole), static_cast<long>(rounded)};
}

// The year of `seconds` after the epoch, in the proleptic Gregorian calendar.
std::int64_t year_of(std::int64_t seconds) {
    const std::int64_t days = seconds / 86400 - (seconds % 86400 < 0);
    return awsml::detail::civil_from_days(days).year;
}

// The C library's local time at `seconds` after the epoch (all zero where it has none).
std::tm local_tm(std::int64_t seconds) {
    const auto t = static_cast<std::time_t>(seconds);
    std::tm local{};
    if (!localtime_r(&t, &local))
        local = std::tm{};
    return local;
}

// Python's datetime spans years 1 to 9999; arithmetic that leaves them raises OverflowError.
constexpr std::int64_t first_second = awsml::detail::min_timestamp_ms / 1000;
constexpr std::int64_t last_second = awsml::detail::max_timestamp_ms / 1000;
struct date_overflow {};

std::int64_t checked(std::int64_t wall) {
    if (wall < first_second || wall > last_second)
        throw date_overflow{};
    return wall;
}

// dateutil's tzlocal: the zone's standard and summer offsets as Python's time module finds them
// at start-up (probing this year's January and July), and, for a local wall time, whether
// summer time applies, from the C library's tm_isdst. Its steps, where they can overflow, are
// Python's.
class python_local_zone {
public:
    python_local_zone() {
        constexpr std::int64_t year = (365 * 24 + 6) * 3600;
        const std::int64_t january = std::int64_t(std::time(nullptr)) / year * year;
        const long january_offset = local_tm(january).tm_gmtoff;
        const long july_offset = local_tm(january + year / 2).tm_gmtoff;
        standard_ = std::min(january_offset, july_offset);
        saved_ = std::max(january_offset, july_offset) - standard_;
    }

    struct local_time {
        std::int64_t wall;
        long offset; ///< what isoformat() prints: utcoffset() asked afresh of the result
    };

    // botocore's parse_timestamp: fromtimestamp(t, tzlocal()), else, where that overflows,
    // the epoch's local time plus t; nullopt where both overflow.
    std::optional<local_time> from_utc(std::int64_t utc) const {
        try {
            const auto [wall, fold] = from_utc_with_fold(utc);
            return local_time{wall, printed_offset(wall, fold)};
        } catch (const date_overflow&) {
        }
        try {
            const std::int64_t wall = checked(utc + from_utc_with_fold(0).first);
            return local_time{wall, printed_offset(wall, false)};
        } catch (const date_overflow&) {
            return std::nullopt;
        }
    }

private:
    // tzlocal.fromutc: standard time, then summer time where the standard wall time has it (in
    // the repeated hour, not), and the fold that records which offset made an ambiguous result.
    std::pair<std::int64_t, bool> from_utc_with_fold(std::int64_t utc) const {
        const std::int64_t standard_wall = checked(utc + standard_);
        const bool summer = saved_ != 0 && !ambiguous(standard_wall) && naive_dst(standard_wall);
        const std::int64_t wall = checked(standard_wall + (summer ? saved_ : 0));
        const bool fold = saved_ != 0 && ambiguous(wall) && !summer;
        return {wall, fold};
    }

    // utcoffset(): an overflow here is not caught by botocore ("date value out of range").
    long printed_offset(std::int64_t wall, bool fold) const {
        bool summer = false;
        try {
            summer = saved_ != 0 && (ambiguous(wall) ? !fold : naive_dst(wall));
        } catch (const date_overflow&) {
            throw std::runtime_error("date value out of range");
        }
        return standard_ + (summer ? saved_ : 0);
    }

    bool naive_dst(std::int64_t wall) const { return local_tm(wall - standard_).tm_isdst > 0; }
    bool ambiguous(std::int64_t wall) const {
        return !naive_dst(wall) && naive_dst(checked(wall - saved_));
    }

    long standard_ = 0;
    long saved_ = 0;
};

std::string offset_text(long offset) {
    char text[16];
    const long magnitude = std::labs(offset);
    const int n = std::snprintf(text, sizeof text, "%c%02ld:%02ld", offset < 0 ? '-' : '+',
                                magnitude / 3600, magnitude / 60 % 60);
    std::string out(text, std::size_t(n));
    if (magnitude % 60 != 0) {
        std::snprintf(text, sizeof text, ":%02ld", magnitude % 60);
        out += text;
    }
    return out;
}

} // namespace

timestamp_format timestamp_format_named(std::string_view value) {
    if (value == "wire" || value == "none")
        return timestamp_format::wire;
    if (value == "iso8601")
        return timestamp_format::iso8601;
    throw std::runtime_error("Unknown cli_timestamp_format value: " + std::string(value) +
                             R"(, valid values are "none", "wire" or "iso8601")");
}

std::string python_isoformat(const boost::json::value& epoch_seconds) {
    if (epoch_seconds.is_double() && std::isnan(epoch_seconds.get_double()))
        throw std::runtime_error("Invalid value NaN (not a number)");
    // Beyond what the C library's gmtime can break down (a year that fits an int), Python's
    // fromtimestamp fails and so does botocore's fallback.
    constexpr double beyond_gmtime = 6.7e16;
    if (std::fabs(epoch_seconds.to_number<double>()) >= beyond_gmtime)
        throw std::runtime_error("Unable to calculate correct timezone offset for \"" +
                                 python_str(epoch_seconds) + "\"");
    const epoch_instant instant = epoch_seconds.is_double()
                                      ? split(epoch_seconds.get_double())
                                      : epoch_instant{epoch_seconds.to_number<std::int64_t>(), 0};
    if (const std::int64_t year = year_of(instant.seconds); year < 1 || year > 9999)
        throw std::runtime_error("year " + std::to_string(year) + " is out of range");
    static const python_local_zone zone;
    const auto local_time = zone.from_utc(instant.seconds);
    if (!local_time)
        throw std::runtime_error("Unable to calculate correct timezone offset for \"" +
                                 python_str(epoch_seconds) + "\"");
    // "YYYY-MM-DDTHH:MM:SS" of awsml's own ISO 8601 form, then Python's fraction and offset.
    std::string text =
        awsml::format_iso8601(awsml::timestamp(std::chrono::seconds(local_time->wall)))
            .substr(0, 19);
    if (instant.microseconds != 0) {
        const std::string digits = std::to_string(1000000 + instant.microseconds);
        text += "." + digits.substr(1);
    }
    return text + offset_text(local_time->offset);
}

} // namespace awsml::cli
