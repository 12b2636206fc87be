#pragma once

// A small backtracking matcher for the regular-expression subset the service models use in
// their `pattern` constraints: literals, '.', escapes (\d \w \s and their negations \D \W \S),
// the Unicode categories \p{L} \p{N} \p{Z}, [classes] with ranges and negation, (groups),
// alternation '|', the anchors '^' and '$', and the quantifiers '*', '+', '?'. It avoids <regex>,
// which costs every translation unit seconds of compile time. Matching is against the whole
// value, one UTF-8 code point at a time (a byte that is not UTF-8 stands for itself).
//
// The categories are exact for ASCII. Beyond it they are judged by Unicode block, without the
// full tables: separators are the Zs/Zl/Zp code points, numbers the common digit blocks, and
// letters every other code point outside the punctuation, symbol, mark, emoji and private-use
// blocks. The service has the last word on the rare code points where that differs.

#include <cstddef>
#include <string_view>

namespace awsml::detail {

// A type-erased "match the rest from text position t": keeps the matcher's functions
// non-templates, so nested continuations do not instantiate without end.
class continuation {
public:
    template <class F>
    continuation(const F& f) noexcept // NOLINT(google-explicit-constructor)
        : state_(&f)
        , invoke_([](const void* s, std::size_t t) { return (*static_cast<const F*>(s))(t); }) {}
    bool operator()(std::size_t t) const { return invoke_(state_, t); }

private:
    const void* state_;
    bool (*invoke_)(const void*, std::size_t);
};

class pattern_matcher {
public:
    pattern_matcher(std::string_view pattern, std::string_view text) noexcept
        : pattern_(pattern)
        , text_(text) {}

    /// True when the whole text matches the whole pattern. Malformed patterns match nothing.
    bool full_match() noexcept {
        budget_ = 1'000'000;
        depth_ = 0;
        auto at_text_end = [this](std::size_t t) { return t == text_.size(); };
        return match_alternation(0, pattern_.size(), 0, at_text_end);
    }

private:
    std::string_view pattern_;
    std::string_view text_;
    long budget_ = 0; // bounds pathological backtracking
    int depth_ = 0;   // repetitions of groups under way: each one recurses

    // A group repeated more often than this counts as not matching, as when the budget runs out;
    // no service model's pattern repeats a group at all (a repeated character is a loop), and the
    // bound keeps the stack small even in unoptimised builds.
    static constexpr int max_depth = 1000;

    struct depth_guard {
        int& depth;
        explicit depth_guard(int& d) noexcept
            : depth(++d) {}
        ~depth_guard() { --depth; }
        depth_guard(const depth_guard&) = delete;
        depth_guard& operator=(const depth_guard&) = delete;
    };

    // Index one past the atom that starts at p (a literal, escape, class or group).
    constexpr std::size_t atom_end(std::size_t p, std::size_t end) const noexcept {
        char c = pattern_[p];
        if (c == '\\' && p + 2 < end && (pattern_[p + 1] == 'p' || pattern_[p + 1] == 'P') &&
            pattern_[p + 2] == '{') {
            std::size_t close = pattern_.find('}', p);
            return close < end ? close + 1 : end + 1;
        }
        if (c == '\\')
            return p + 2 <= end ? p + 2 : end + 1;
        if (c == '[') {
            std::size_t q = p + 1;
            if (q < end && pattern_[q] == '^')
                ++q;
            if (q < end && pattern_[q] == ']')
                ++q; // a leading ']' is literal
            while (q < end && pattern_[q] != ']')
                q += pattern_[q] == '\\' ? 2 : 1;
            return q < end ? q + 1 : end + 1;
        }
        if (c == '(') {
            int depth = 0;
            for (std::size_t q = p; q < end; ++q) {
                if (pattern_[q] == '\\') {
                    ++q;
                    continue;
                }
                if (pattern_[q] == '(')
                    ++depth;
                if (pattern_[q] == ')' && --depth == 0)
                    return q + 1;
            }
            return end + 1;
        }
        return p + 1;
    }

    // Top-level '|' split of [begin, end), honouring groups, classes and escapes.
    bool match_alternation(std::size_t begin, std::size_t end, std::size_t t, continuation next) {
        std::size_t branch = begin;
        int depth = 0;
        bool in_class = false;
        for (std::size_t p = begin; p <= end; ++p) {
            if (p < end) {
                char c = pattern_[p];
                if (c == '\\') {
                    ++p;
                    continue;
                }
                if (in_class) {
                    in_class = c != ']';
                    continue;
                }
                if (c == '[')
                    in_class = true;
                if (c == '(')
                    ++depth;
                if (c == ')')
                    --depth;
                if (c != '|' || depth != 0)
                    continue;
            }
            if (match_sequence(branch, p, t, next))
                return true;
            branch = p + 1;
        }
        return false;
    }

    bool match_sequence(std::size_t p, std::size_t end, std::size_t t, continuation next) {
        if (--budget_ < 0)
            return false;
        if (p == end)
            return next(t);
        std::size_t a_end = atom_end(p, end);
        if (a_end > end)
            return false;
        char quantifier = a_end < end ? pattern_[a_end] : '\0';
        bool quantified = quantifier == '*' || quantifier == '+' || quantifier == '?';
        std::size_t rest = quantified ? a_end + 1 : a_end;
        auto match_rest = [&](std::size_t after) { return match_sequence(rest, end, after, next); };
        if (!quantified)
            return match_atom(p, a_end, t, match_rest);
        if (quantifier == '?')
            return match_atom(p, a_end, t, match_rest) || match_rest(t);
        return match_repeat(p, a_end, t, quantifier == '+' ? 1 : 0, match_rest);
    }

    // Repetition with backtracking; a repetition that consumes nothing stops. full_match asks
    // only whether some match exists, so the order the counts are tried in is free.
    bool match_repeat(std::size_t p, std::size_t a_end, std::size_t t, int minimum,
                      continuation next) {
        if (is_single_character(p))
            return match_character_repeat(p, a_end, t, minimum, next);
        const depth_guard level(depth_);
        if (depth_ > max_depth)
            return false;
        auto again = [&](std::size_t after) {
            return after != t && match_repeat(p, a_end, after, minimum > 0 ? minimum - 1 : 0, next);
        };
        if (match_atom(p, a_end, t, again))
            return true;
        return minimum == 0 && next(t);
    }

    // A repeated literal, '.', escape or class: greedy, then backing off one character at a time,
    // in a loop, so that a long value does not recurse once per character.
    bool match_character_repeat(std::size_t p, std::size_t a_end, std::size_t t, int minimum,
                                continuation next) {
        std::size_t end = t;
        std::size_t count = 0;
        for (std::size_t length = 0; character_matches(p, a_end, end, length); end += length)
            ++count;
        const bool byte_wise = static_cast<unsigned char>(pattern_[p]) >= 0x80;
        for (;;) {
            if (count < static_cast<std::size_t>(minimum) || --budget_ < 0)
                return false;
            if (next(end))
                return true;
            if (count-- == 0)
                return false;
            end = byte_wise ? end - 1 : previous_code_point(t, end);
        }
    }

    // Where the code point that ends at u starts, as code_point_at reads the text forward from
    // `from`: every byte that is not a continuation byte starts one, and a continuation byte that
    // no lead byte claims is one of its own.
    std::size_t previous_code_point(std::size_t from, std::size_t u) const noexcept {
        const auto is_continuation = [&](std::size_t i) {
            return (static_cast<unsigned char>(text_[i]) & 0xC0) == 0x80;
        };
        std::size_t v = u - 1;
        while (v > from && u - v < 4 && is_continuation(v))
            --v;
        std::size_t length = 1;
        code_point_at(v, length);
        return v + length == u ? v : u - 1;
    }

    bool is_single_character(std::size_t p) const noexcept {
        const char c = pattern_[p];
        return c != '(' && c != '^' && c != '$';
    }

    bool match_atom(std::size_t p, std::size_t a_end, std::size_t t, continuation next) {
        char c = pattern_[p];
        if (c == '(')
            return match_alternation(p + 1, a_end - 1, t, next);
        if (c == '^') // anchors match no character, only a place
            return t == 0 && next(t);
        if (c == '$')
            return t == text_.size() && next(t);
        std::size_t length = 0;
        return character_matches(p, a_end, t, length) && next(t + length);
    }

    // Whether the single-character atom [p, a_end) matches the code point at t, and its length.
    bool character_matches(std::size_t p, std::size_t a_end, std::size_t t,
                           std::size_t& length) const noexcept {
        const char c = pattern_[p];
        if (t >= text_.size())
            return false;
        length = 1;
        const char32_t ch = code_point_at(t, length);
        bool ok = false;
        if (c == '[')
            ok = class_contains(p + 1, a_end - 1, ch);
        else if (c == '.')
            ok = ch != '\n';
        else if (c == '\\')
            ok = escape_matches(p + 1, ch);
        else if (static_cast<unsigned char>(c) >= 0x80) { // a literal byte of a UTF-8 pattern
            length = 1;
            ok = c == text_[t];
        } else
            ok = static_cast<char32_t>(c) == ch;
        return ok;
    }

    // The code point that starts at text position t and its length in bytes; a byte that does
    // not start well-formed UTF-8 is a code point of its own (above the Unicode range).
    char32_t code_point_at(std::size_t t, std::size_t& length) const noexcept {
        const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text_[i]); };
        const unsigned char lead = byte(t);
        length = 1;
        if (lead < 0x80)
            return lead;
        const std::size_t n = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
        if (n == 0 || lead > 0xF4 || t + n > text_.size())
            return 0x110000 + lead;
        char32_t cp = lead & (0x7F >> n);
        for (std::size_t i = 1; i < n; ++i) {
            if ((byte(t + i) & 0xC0) != 0x80)
                return 0x110000 + lead;
            cp = (cp << 6) | (byte(t + i) & 0x3F);
        }
        length = n;
        return cp;
    }

    // The escape at pattern position e (just after the backslash).
    bool escape_matches(std::size_t e, char32_t ch) const noexcept {
        const char kind = pattern_[e];
        if (kind == 'p' || kind == 'P') { // one-letter categories only: \p{L}, never \p{L
            const bool well_formed =
                e + 3 < pattern_.size() && pattern_[e + 1] == '{' && pattern_[e + 3] == '}';
            return well_formed && in_category(pattern_[e + 2], ch) == (kind == 'p');
        }
        return simple_escape_matches(kind, ch);
    }

    static constexpr bool in_range(char32_t ch, char32_t first, char32_t last) noexcept {
        return ch >= first && ch <= last;
    }

    static constexpr bool is_separator(char32_t ch) noexcept {
        return ch == ' ' || ch == 0xA0 || ch == 0x1680 || in_range(ch, 0x2000, 0x200A) ||
               ch == 0x2028 || ch == 0x2029 || ch == 0x202F || ch == 0x205F || ch == 0x3000;
    }

    static constexpr bool is_number(char32_t ch) noexcept {
        return in_range(ch, '0', '9') || ch == 0xB2 || ch == 0xB3 || ch == 0xB9 ||
               in_range(ch, 0xBC, 0xBE) || in_range(ch, 0x660, 0x669) ||
               in_range(ch, 0x6F0, 0x6F9) || in_range(ch, 0x966, 0x96F) ||
               in_range(ch, 0x2150, 0x218B) || in_range(ch, 0x2460, 0x249B) ||
               in_range(ch, 0x3007, 0x3007) || in_range(ch, 0xFF10, 0xFF19);
    }

    static constexpr bool is_letter(char32_t ch) noexcept {
        if (ch < 0x80)
            return in_range(ch, 'a', 'z') || in_range(ch, 'A', 'Z');
        if (ch >= 0x110000 || is_separator(ch) || is_number(ch))
            return false;
        if (ch < 0xC0) // Latin-1 punctuation and symbols, but for ª µ º
            return ch == 0xAA || ch == 0xB5 || ch == 0xBA;
        if (is_letter_among_symbols(ch))
            return true;
        return ch != 0xD7 && ch != 0xF7 && !in_range(ch, 0x300, 0x36F) && // combining marks
               !in_range(ch, 0x2000, 0x2BFF) &&   // punctuation, symbols, arrows, shapes
               !in_range(ch, 0x3000, 0x303F) &&   // CJK punctuation
               !in_range(ch, 0xD800, 0xF8FF) &&   // surrogates, private use
               !in_range(ch, 0xFE00, 0xFE0F) &&   // variation selectors
               !in_range(ch, 0xFF00, 0xFF20) &&   // fullwidth punctuation
               !in_range(ch, 0x1F000, 0x1FAFF) && // emoji and pictographs
               !in_range(ch, 0xE0000, 0x10FFFF);  // tags, private use
    }

    // The letters inside the blocks is_letter excludes: superscript and subscript letters,
    // letterlike symbols (ℂ Ω K Å ℮ ...), and the CJK iteration and repetition marks (々 〆 〱).
    static constexpr bool is_letter_among_symbols(char32_t ch) noexcept {
        return ch == 0x2071 || ch == 0x207F || in_range(ch, 0x2090, 0x209C) || ch == 0x2102 ||
               ch == 0x2107 || in_range(ch, 0x210A, 0x2113) || ch == 0x2115 ||
               in_range(ch, 0x2119, 0x211D) || ch == 0x2124 || ch == 0x2126 || ch == 0x2128 ||
               in_range(ch, 0x212A, 0x212D) || in_range(ch, 0x212F, 0x2139) ||
               in_range(ch, 0x213C, 0x213F) || in_range(ch, 0x2145, 0x2149) || ch == 0x214E ||
               in_range(ch, 0x2183, 0x2184) || ch == 0x3005 || ch == 0x3006 ||
               in_range(ch, 0x3031, 0x3035) || in_range(ch, 0x303B, 0x303C);
    }

    static constexpr bool in_category(char category, char32_t ch) noexcept {
        switch (category) {
        case 'L':
            return is_letter(ch);
        case 'N':
            return is_number(ch);
        case 'Z':
            return is_separator(ch);
        default:
            return false; // an unknown category matches nothing, like a malformed pattern
        }
    }

    static constexpr bool simple_escape_matches(char e, char32_t ch) noexcept {
        switch (e) {
        case 'd':
            return ch >= '0' && ch <= '9';
        case 'w':
            return is_word(ch);
        case 's':
            return ch == ' ' || (ch >= '\t' && ch <= '\r');
        case 'D':
        case 'W':
        case 'S':
            return !simple_escape_matches(static_cast<char>(e - 'A' + 'a'), ch);
        default:
            return static_cast<char32_t>(static_cast<unsigned char>(e)) == ch;
        }
    }

    static constexpr bool is_word(char32_t ch) noexcept {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
               ch == '_';
    }

    bool class_contains(std::size_t p, std::size_t end, char32_t ch) const noexcept {
        bool negated = p < end && pattern_[p] == '^';
        if (negated)
            ++p;
        bool found = false;
        for (std::size_t q = p; q < end && !found;) {
            char lo = pattern_[q];
            std::size_t next = q + 1;
            if (lo == '\\' && next < end) {
                found = escape_matches(next, ch);
                const bool category = pattern_[next] == 'p' || pattern_[next] == 'P';
                const std::size_t close = category ? pattern_.find('}', next) : next;
                q = close < end ? close + 1 : end;
                continue;
            }
            if (next + 1 < end && pattern_[next] == '-') {
                found = ch >= static_cast<unsigned char>(lo) &&
                        ch <= static_cast<unsigned char>(pattern_[next + 1]);
                q = next + 2;
            } else {
                found = ch == static_cast<unsigned char>(lo);
                q = next;
            }
        }
        return found != negated;
    }
};

/// Whether `text` as a whole matches `pattern` (the model's regular-expression subset).
inline bool matches_pattern(std::string_view pattern, std::string_view text) noexcept {
    return pattern_matcher(pattern, text).full_match();
}

} // namespace awsml::detail
