#pragma once

// The definitions behind secret_redaction.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

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
    if (text.find('\\') == std::string_view::npos)
        return false;
    for (std::string_view secret : secrets)
        if (std::any_of(secret.begin(), secret.end(), [](char c) {
                return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
            }))
            return true;
    for (std::size_t at = text.find('\\'); at != std::string_view::npos && at + 1 < text.size();
         at = text.find('\\', at + 2))
        if (text[at + 1] == '/' || text[at + 1] == 'u')
            return true;
    return false;
}

// The UTF-16 code unit of the \u escape at `at`, or -1.
inline std::int32_t code_unit_at(std::string_view text, std::size_t at) {
    return at + 6 <= text.size() && text[at + 1] == 'u' ? json_hex4(text.data() + at + 2) : -1;
}

// One escape at `at` (text[at] == '\\'): writes the bytes it stands for to `out` and returns its
// length in `text` and theirs; a backslash that starts no valid escape stands for itself.
inline std::pair<std::size_t, std::size_t> undo_escape(std::string_view text, std::size_t at,
                                                       char (&out)[4]) {
    constexpr std::string_view simple = "\"\\/bfnrt", meaning = "\"\\/\b\f\n\r\t";
    if (at + 1 < text.size())
        if (const auto which = simple.find(text[at + 1]); which != std::string_view::npos) {
            out[0] = meaning[which];
            return {2, 1};
        }
    const std::int32_t unit = code_unit_at(text, at);
    if (unit < 0) {
        out[0] = '\\';
        return {1, 1};
    }
    auto cp = static_cast<std::uint32_t>(unit);
    std::size_t length = 6;
    if (unit >= 0xD800 && unit < 0xDC00 && at + 6 < text.size() && text[at + 6] == '\\') {
        const std::int32_t low = code_unit_at(text, at + 6);
        if (low >= 0xDC00 && low < 0xE000) {
            cp = from_surrogate_pair(cp, static_cast<std::uint32_t>(low));
            length = 12;
        }
    }
    return {length, write_utf8(out, cp)};
}

// The text with JSON's escapes undone; with `source`, where in `text` the escape or byte each
// of its bytes came from starts (and one past its end).
inline std::string undo_escapes(std::string_view text, std::vector<std::size_t>* source) {
    std::string bytes;
    bytes.reserve(text.size());
    if (source)
        source->reserve(text.size() + 1);
    for (std::size_t at = 0; at < text.size();) {
        char decoded[4] = {text[at]};
        std::pair<std::size_t, std::size_t> lengths{1, 1}; // in text, decoded
        if (text[at] == '\\')
            lengths = undo_escape(text, at, decoded);
        bytes.append(decoded, lengths.second);
        if (source)
            source->insert(source->end(), lengths.second, at);
        at += lengths.first;
    }
    if (source)
        source->push_back(text.size());
    return bytes;
}

// Where each secret occurs in `text`, as ranges of it: the whole secret, or with `shortest_part`
// its first bytes, at least that many.
inline std::vector<span_of_text> occurrences(std::string_view text,
                                             std::span<const std::string_view> secrets,
                                             std::size_t shortest_part) {
    std::vector<span_of_text> found;
    for (std::string_view secret : secrets) {
        if (secret.empty())
            continue;
        const std::string_view start =
            secret.substr(0, shortest_part == 0 ? secret.size() : shortest_part);
        for (auto at = text.find(start); at != std::string_view::npos;
             at = text.find(start, at + 1)) {
            std::size_t length = start.size();
            while (length < secret.size() && at + length < text.size() &&
                   text[at + length] == secret[length])
                ++length;
            if (length == secret.size() || shortest_part != 0)
                found.emplace_back(at, at + length);
        }
    }
    return found;
}

// The ranges of the unescaped text as ranges of `text`: a range ends after the escape its last
// byte came from.
inline std::vector<span_of_text> in_source(std::vector<span_of_text> ranges,
                                           const std::vector<std::size_t>& source) {
    for (auto& [begin, end] : ranges) {
        while (end + 1 < source.size() && source[end] == source[end - 1])
            ++end;
        begin = source[begin];
        end = source[end];
    }
    return ranges;
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
                                                      std::span<const std::string_view> secrets,
                                                      std::size_t shortest_part) {
    using namespace secret_redaction;
    if (std::all_of(secrets.begin(), secrets.end(), [](auto s) { return s.empty(); }))
        return std::nullopt;
    auto found = occurrences(text, secrets, shortest_part);
    if (found.empty() && escapes_may_hide(text, secrets) &&
        !occurrences(undo_escapes(text, nullptr), secrets, shortest_part).empty()) {
        // Found once escapes are undone: where, in the text as written.
        std::vector<std::size_t> source;
        const std::string plain = undo_escapes(text, &source);
        found = in_source(occurrences(plain, secrets, shortest_part), source);
    }
    if (found.empty())
        return std::nullopt;
    return replaced(text, std::move(found));
}

} // namespace awsml::detail
