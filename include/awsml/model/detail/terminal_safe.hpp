#pragma once

// Text that came from the other side of a connection, made safe to print: a terminal shows it and
// acts on none of it, and a log keeps it on one line. The service's error codes and messages reach
// exception messages, logs and the CLI's stderr; a control sequence in them could clear a screen,
// retitle a window, reorder text or fake a line of output.

#include <awsml/core/detail/hex.hpp>
#include <awsml/model/detail/utf8.hpp>

#include <string>
#include <string_view>

namespace awsml::detail {

/// Code points a terminal or a log acts on rather than shows: C1 controls, the line and
/// paragraph separators, and the bidirectional marks, embeddings, overrides and isolates.
constexpr bool steers_terminal(char32_t point) noexcept {
    return (point >= 0x80 && point <= 0x9f) || point == 0x061c || point == 0x200e ||
           point == 0x200f || (point >= 0x2028 && point <= 0x202e) ||
           (point >= 0x2066 && point <= 0x2069);
}

/// `text` as it may reach a terminal: C0 controls and DEL as `\n`, `\r`, `\t` or `\xNN`, what
/// steers_terminal() names as `\uXXXX`, bytes that are not UTF-8 as `\xNN`; the rest of UTF-8 as
/// it is. `keep_line_feeds`: line feeds stay (for text that lists things one
/// per line).
inline std::string terminal_safe(std::string_view text, bool keep_line_feeds = false) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const auto [point, size] = code_point_at(text, i);
        if (byte >= 0x20 && byte < 0x7f) {
            out += text[i];
        } else if (byte == '\n' || byte == '\r' || byte == '\t') {
            out += byte == '\n' ? (keep_line_feeds ? "\n" : "\\n") : byte == '\r' ? "\\r" : "\\t";
        } else if (byte < 0x80 || size == 1) { // a C0 control, DEL, or a byte that is not UTF-8
            out += "\\x";
            append_hex_byte(out, byte);
        } else if (steers_terminal(point)) {
            out += "\\u";
            append_hex_byte(out, static_cast<unsigned char>(point >> 8));
            append_hex_byte(out, static_cast<unsigned char>(point));
        } else {
            out.append(text.substr(i, size));
        }
        i += size;
    }
    return out;
}

} // namespace awsml::detail
