#pragma once

// ASCII case, the one way every layer folds it: header names, hosts, schemes, settings and the
// config file's keys are case-insensitive in ASCII only, whatever the locale.

#include <algorithm>
#include <string>
#include <string_view>

namespace awsml::detail {

constexpr char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = ascii_lower(c);
    return out;
}

/// Equal but for ASCII case.
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ascii_lower(x) == ascii_lower(y);
           });
}

} // namespace awsml::detail
