#pragma once

// The definitions behind timestamp.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

#include <awsml/model/timestamp.hpp>

namespace awsml {

AWSML_DECL std::optional<std::chrono::system_clock::time_point>
to_system_clock(timestamp t) noexcept {
    using clock_duration = std::chrono::system_clock::duration;
    constexpr auto earliest =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock_duration::min());
    constexpr auto latest =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock_duration::max());
    if (t.time_since_epoch() < earliest || t.time_since_epoch() > latest)
        return std::nullopt;
    return std::chrono::time_point_cast<clock_duration>(t);
}

AWSML_DECL std::optional<timestamp> parse_iso8601(std::string_view text) {
    detail::date_scanner in(text);
    unsigned y, mo, d, h, mi, s, ms = 0, oh = 0, om = 0;
    if (!(in.digits(4, y) && in.literal('-') && in.digits(2, mo) && in.literal('-') &&
          in.digits(2, d) && (in.literal('T') || in.literal('t') || in.literal(' ')) &&
          in.digits(2, h) && in.literal(':') && in.digits(2, mi) && in.literal(':') &&
          in.digits(2, s)))
        return std::nullopt;
    if (in.literal('.') && !in.fraction_ms(ms))
        return std::nullopt;
    std::int64_t offset = 0;
    if (in.literal('Z') || in.literal('z')) {
    } else if (bool minus = in.literal('-'); minus || in.literal('+')) {
        if (!(in.digits(2, oh) && in.literal(':') && in.digits(2, om)) || oh > 23 || om > 59)
            return std::nullopt;
        offset = (minus ? -1 : 1) * std::int64_t(oh * 60 + om);
    } else {
        return std::nullopt;
    }
    if (!in.done() || !detail::valid_civil(y, mo, d, h, mi, s))
        return std::nullopt;
    return detail::make_timestamp(y, mo, d, h, mi, s, ms, offset);
}

AWSML_DECL std::optional<timestamp> parse_http_date(std::string_view text) {
    static constexpr std::string_view days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static constexpr std::string_view months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    detail::date_scanner in(text);
    bool day_ok = false;
    for (auto day : days)
        day_ok = day_ok || in.word(day);
    unsigned d, mo = 0, y, h, mi, s, ms = 0;
    if (!(day_ok && in.literal(',') && in.literal(' ') && in.digits(2, d) && in.literal(' ')))
        return std::nullopt;
    for (unsigned i = 0; i < 12 && mo == 0; ++i)
        if (in.word(months[i]))
            mo = i + 1;
    if (!(mo && in.literal(' ') && in.digits(4, y) && in.literal(' ') && in.digits(2, h) &&
          in.literal(':') && in.digits(2, mi) && in.literal(':') && in.digits(2, s)))
        return std::nullopt;
    if (in.literal('.') && !in.fraction_ms(ms))
        return std::nullopt;
    if (!(in.word(" GMT") && in.done()) || !detail::valid_civil(y, mo, d, h, mi, s))
        return std::nullopt;
    return detail::make_timestamp(y, mo, d, h, mi, s, ms, 0);
}

AWSML_DECL std::string format_iso8601(timestamp t) {
    std::int64_t ms = t.time_since_epoch().count();
    std::int64_t days = (ms >= 0 ? ms : ms - 86399999) / 86400000;
    std::int64_t in_day = ms - days * 86400000;
    auto date = detail::civil_from_days(days);
    char buf[40];
    auto two = [](char* p, unsigned v) { p[0] = char('0' + v / 10), p[1] = char('0' + v % 10); };
    auto y = static_cast<unsigned>(date.year);
    buf[0] = char('0' + y / 1000 % 10), buf[1] = char('0' + y / 100 % 10);
    two(buf + 2, y % 100);
    buf[4] = '-', two(buf + 5, date.month), buf[7] = '-', two(buf + 8, date.day), buf[10] = 'T';
    auto secs = static_cast<unsigned>(in_day / 1000);
    two(buf + 11, secs / 3600), buf[13] = ':', two(buf + 14, secs / 60 % 60), buf[16] = ':';
    two(buf + 17, secs % 60), buf[19] = '.';
    auto milli = static_cast<unsigned>(in_day % 1000);
    buf[20] = char('0' + milli / 100), two(buf + 21, milli % 100), buf[23] = 'Z';
    return std::string(buf, 24);
}

} // namespace awsml
