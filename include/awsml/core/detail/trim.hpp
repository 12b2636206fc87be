#pragma once

// Trimming, the one way every layer does it; each caller names its blanks, since HTTP's optional
// whitespace, SigV4's header values and the config file's lines differ in which bytes count.

#include <string_view>

namespace awsml::detail {

/// HTTP's optional whitespace (RFC 9110 OWS).
inline constexpr std::string_view http_whitespace = " \t";
/// Spaces, tabs and line ends.
inline constexpr std::string_view ascii_whitespace = " \t\r\n";

/// `text` without the `blanks` it starts and ends with.
constexpr std::string_view trim(std::string_view text,
                                std::string_view blanks = ascii_whitespace) noexcept {
    const auto first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) // empty, but still pointing into `text` (never null)
        return text.substr(text.size());
    return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

} // namespace awsml::detail
