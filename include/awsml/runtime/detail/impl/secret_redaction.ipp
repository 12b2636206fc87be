#pragma once

// The definitions behind secret_redaction.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

#include <awsml/core/detail/hex.hpp>
#include <awsml/model/detail/utf8.hpp>
#include <awsml/runtime/detail/secret_redaction.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace awsml::detail {

namespace secret_redaction {

// A byte range of the text to replace.
using span_of_text = std::pair<std::size_t, std::size_t>; // begin, end

// Whether JSON escapes could hide one of the secrets: an escaped '/' or a \u escape, or a secret
// holding a character JSON always escapes. Most texts (recipes and schemas hold \" and \n) are
// not decoded.
inline bool escapes_may_hide(std::string_view text, std::span<const std::string_view> secrets) {
    for (std::string_view secret : secrets)
        for (char c : secret)
            if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20)
                return text.find('\\') != std::string_view::npos;
    for (std::size_t at = text.find('\\'); at != std::string_view::npos && at + 1 < text.size();
         at = text.find('\\', at + 2))
        if (text[at + 1] == '/' || text[at + 1] == 'u')
            return true;
    return false;
}

// The four hex digits at `at` as a UTF-16 code unit, or -1.
inline long code_unit_at(std::string_view text, std::size_t at) {
    if (at + 4 > text.size())
        return -1;
    long unit = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
        const int digit = hex_digit_value(text[i]);
        if (digit < 0)
            return -1;
        unit = unit * 16 + digit;
    }
    return unit;
}

// The text with JSON's escapes undone, and for each of its bytes (and one past its end) where
// the escape or byte it came from starts in `text`.
struct unescaped {
    std::string bytes;
    std::vector<std::size_t> source;
};

// One escape at `at` (text[at] == '\\'): the bytes it stands for and its length in `text`; a
// backslash that starts no valid escape stands for itself.
inline std::size_t undo_escape(std::string_view text, std::size_t at, char (&out)[4],
                               std::size_t& written) {
    constexpr std::string_view simple = "\"\\/bfnrt", meaning = "\"\\/\b\f\n\r\t";
    written = 1;
    out[0] = '\\';
    if (at + 1 >= text.size())
        return 1;
    if (const auto which = simple.find(text[at + 1]); which != std::string_view::npos) {
        out[0] = meaning[which];
        return 2;
    }
    const long unit = text[at + 1] == 'u' ? code_unit_at(text, at + 2) : -1;
    if (unit < 0)
        return 1;
    std::uint32_t cp = static_cast<std::uint32_t>(unit);
    std::size_t length = 6;
    if (unit >= 0xD800 && unit < 0xDC00 && at + 12 <= text.size() && text[at + 6] == '\\' &&
        text[at + 7] == 'u') {
        const long low = code_unit_at(text, at + 8);
        if (low >= 0xDC00 && low < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + static_cast<std::uint32_t>(low - 0xDC00);
            length = 12;
        }
    }
    written = write_utf8(out, cp);
    return length;
}

inline unescaped undo_escapes(std::string_view text) {
    unescaped out;
    out.bytes.reserve(text.size());
    out.source.reserve(text.size() + 1);
    for (std::size_t at = 0; at < text.size();) {
        char decoded[4] = {text[at]};
        std::size_t written = 1, length = 1;
        if (text[at] == '\\')
            length = undo_escape(text, at, decoded, written);
        out.bytes.append(decoded, written);
        out.source.insert(out.source.end(), written, at);
        at += length;
    }
    out.source.push_back(text.size());
    return out;
}

// Where each secret occurs in `text`, escaped or not, as ranges of `text`.
inline std::vector<span_of_text> escaped_occurrences(std::string_view text,
                                                     std::span<const std::string_view> secrets) {
    const unescaped plain = undo_escapes(text);
    std::vector<span_of_text> found;
    for (std::string_view secret : secrets) {
        if (secret.empty())
            continue;
        for (auto at = plain.bytes.find(secret); at != std::string::npos;
             at = plain.bytes.find(secret, at + 1)) {
            // The match ends after the escape its last byte came from.
            std::size_t end = at + secret.size();
            while (end < plain.bytes.size() && plain.source[end] == plain.source[end - 1])
                ++end;
            found.emplace_back(plain.source[at], plain.source[end]);
        }
    }
    return found;
}

inline std::vector<span_of_text> literal_occurrences(std::string_view text,
                                                     std::span<const std::string_view> secrets) {
    std::vector<span_of_text> found;
    for (std::string_view secret : secrets) {
        if (secret.empty())
            continue;
        for (auto at = text.find(secret); at != std::string_view::npos;
             at = text.find(secret, at + 1))
            found.emplace_back(at, at + secret.size());
    }
    return found;
}

// `text` with the ranges (overlapping ones merged) replaced.
inline std::string replaced(std::string_view text, std::vector<span_of_text> ranges) {
    std::sort(ranges.begin(), ranges.end());
    std::string out;
    std::size_t copied = 0;
    for (std::size_t i = 0; i < ranges.size();) {
        auto [begin, end] = ranges[i];
        for (++i; i < ranges.size() && ranges[i].first < end; ++i)
            end = std::max(end, ranges[i].second);
        out.append(text.substr(copied, begin - copied)).append(redacted_secret);
        copied = end;
    }
    out.append(text.substr(copied));
    return out;
}

} // namespace secret_redaction

AWSML_DECL std::optional<std::string> without_secrets(std::string_view text,
                                                      std::span<const std::string_view> secrets) {
    using namespace secret_redaction;
    auto found = escapes_may_hide(text, secrets) ? escaped_occurrences(text, secrets)
                                                 : literal_occurrences(text, secrets);
    if (found.empty())
        return std::nullopt;
    return replaced(text, std::move(found));
}

} // namespace awsml::detail
