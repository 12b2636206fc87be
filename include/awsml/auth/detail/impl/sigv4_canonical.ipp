#pragma once

// The definitions behind sigv4_canonical.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

#include <awsml/auth/detail/sigv4_canonical.hpp>

namespace awsml::detail::sigv4 {

AWSML_DECL void append_uri_encoded(std::string& out, std::string_view text, bool keep_slashes) {
    constexpr std::string_view digits = "0123456789ABCDEF";
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (is_unreserved(c) || (keep_slashes && c == '/')) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(digits[c >> 4]);
            out.push_back(digits[c & 0x0f]);
        }
    }
}

AWSML_DECL std::string percent_decoded(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const int high = hex_digit_value(text[i + 1]);
            const int low = hex_digit_value(text[i + 2]);
            if (high >= 0 && low >= 0) {
                out.push_back(static_cast<char>(high * 16 + low));
                i += 2;
                continue;
            }
        }
        out.push_back(text[i]);
    }
    return out;
}

AWSML_DECL target_parts split_target(std::string_view target) {
    const std::size_t hash = target.find('#');
    if (hash != std::string_view::npos)
        target = target.substr(0, hash);
    const std::size_t question = target.find('?');
    if (question == std::string_view::npos)
        return {target, {}, false};
    return {target.substr(0, question), target.substr(question + 1), true};
}

AWSML_DECL std::optional<amz_date_text>
amz_date_chars_of(std::chrono::system_clock::time_point time) noexcept {
    using namespace std::chrono;
    const auto second = floor<seconds>(time);
    const auto day = floor<days>(second);
    const year_month_day date{day};
    const hh_mm_ss<seconds> clock{second - day};
    const int year = static_cast<int>(date.year());
    if (year < 0 || year > 9999)
        return std::nullopt;
    amz_date_text text;
    char* out = text.chars.data();
    put_digits(out, static_cast<unsigned>(year), 4);
    put_digits(out + 4, static_cast<unsigned>(date.month()), 2);
    put_digits(out + 6, static_cast<unsigned>(date.day()), 2);
    out[8] = 'T';
    put_digits(out + 9, static_cast<unsigned>(clock.hours().count()), 2);
    put_digits(out + 11, static_cast<unsigned>(clock.minutes().count()), 2);
    put_digits(out + 13, static_cast<unsigned>(clock.seconds().count()), 2);
    out[15] = 'Z';
    return text;
}

AWSML_DECL std::optional<unsigned> parse_digits(std::string_view text) noexcept {
    unsigned value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    return value;
}

AWSML_DECL std::string normalized_path(std::string_view path) {
    std::vector<std::string_view> segments;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string_view::npos)
            slash = path.size();
        const std::string_view segment = path.substr(start, slash - start);
        if (segment == "..") {
            if (!segments.empty())
                segments.pop_back();
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
        start = slash + 1;
    }
    const bool trailing_slash = !path.empty() && path.back() == '/';
    std::string out = "/";
    for (std::size_t i = 0; i < segments.size(); ++i) {
        out += segments[i];
        if (i + 1 < segments.size() || trailing_slash)
            out.push_back('/');
    }
    return out;
}

AWSML_DECL void add_canonical_params(std::vector<query_param>& params, std::string_view query,
                                     std::string_view skipped_name) {
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty())
            continue;
        const std::size_t eq = pair.find('=');
        const std::string name = percent_decoded(pair.substr(0, eq));
        if (!skipped_name.empty() && name == skipped_name)
            continue;
        const std::string value =
            eq == std::string_view::npos ? std::string() : percent_decoded(pair.substr(eq + 1));
        params.push_back({uri_encoded(name), uri_encoded(value)});
    }
}

AWSML_DECL std::string join_sorted(std::vector<query_param>& params) {
    std::sort(params.begin(), params.end(), [](const query_param& a, const query_param& b) {
        return a.name != b.name ? a.name < b.name : a.value < b.value;
    });
    std::string out;
    for (const auto& p : params) {
        if (!out.empty())
            out.push_back('&');
        out += p.name;
        out.push_back('=');
        out += p.value;
    }
    return out;
}

} // namespace awsml::detail::sigv4
