#pragma once

/// \file
/// Untrusted text (a header, a host name, a profile name, a member's value) as every error
/// message shows it, by one rule: in double quotes; printable ASCII as it is, `"` and `\` escaped
/// with a backslash; any other byte as `\xNN`, so a message stays one readable line whatever the
/// text holds; cut after `limit` bytes, saying how long the text was.

#include <awsml/core/detail/hex.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace awsml {

/// How many bytes of a text in_quotes() shows by default.
inline constexpr std::size_t default_in_quotes_limit = 80;

/// `text` as error messages quote it (see the top of this file): `in_quotes("a\"b\n")` is
/// `"a\"b\x0a"`; a text longer than `limit` bytes ends with `... (N bytes)` after the quote.
inline std::string in_quotes(std::string_view text, std::size_t limit = default_in_quotes_limit) {
    const std::string_view shown = text.substr(0, limit);
    std::string out;
    out.reserve(shown.size() + 2);
    out += '"';
    for (char c : shown) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte >= 0x20 && byte < 0x7f) {
            out += c;
        } else {
            out += "\\x";
            detail::append_hex_byte(out, byte);
        }
    }
    out += '"';
    if (shown.size() < text.size())
        out += "... (" + std::to_string(text.size()) + " bytes)";
    return out;
}

} // namespace awsml
