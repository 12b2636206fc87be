#pragma once

// A small backtracking matcher for the regular-expression subset the service models use in
// their `pattern` constraints: literals, '.', escapes (\d \w \s and their negations \D \W \S),
// [classes] with ranges and negation, (groups), alternation '|', the anchors '^' and '$', and the
// quantifiers '*', '+', '?'. It avoids <regex>, which costs
// every translation unit seconds of compile time. Matching is against the whole value.

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
        auto at_text_end = [this](std::size_t t) { return t == text_.size(); };
        return match_alternation(0, pattern_.size(), 0, at_text_end);
    }

private:
    std::string_view pattern_;
    std::string_view text_;
    long budget_ = 0; // bounds pathological backtracking

    // Index one past the atom that starts at p (a literal, escape, class or group).
    constexpr std::size_t atom_end(std::size_t p, std::size_t end) const noexcept {
        char c = pattern_[p];
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

    // Greedy repetition with backtracking; a repetition that consumes nothing stops.
    bool match_repeat(std::size_t p, std::size_t a_end, std::size_t t, int minimum,
                      continuation next) {
        auto again = [&](std::size_t after) {
            return after != t && match_repeat(p, a_end, after, minimum > 0 ? minimum - 1 : 0, next);
        };
        if (match_atom(p, a_end, t, again))
            return true;
        return minimum == 0 && next(t);
    }

    bool match_atom(std::size_t p, std::size_t a_end, std::size_t t, continuation next) {
        char c = pattern_[p];
        if (c == '(')
            return match_alternation(p + 1, a_end - 1, t, next);
        if (c == '^') // anchors match no character, only a place
            return t == 0 && next(t);
        if (c == '$')
            return t == text_.size() && next(t);
        if (t >= text_.size())
            return false;
        char ch = text_[t];
        bool ok = false;
        if (c == '[')
            ok = class_contains(p + 1, a_end - 1, ch);
        else if (c == '.')
            ok = ch != '\n';
        else if (c == '\\')
            ok = escape_matches(pattern_[p + 1], ch);
        else
            ok = c == ch;
        return ok && next(t + 1);
    }

    static constexpr bool escape_matches(char e, char ch) noexcept {
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
            return !escape_matches(static_cast<char>(e - 'A' + 'a'), ch);
        default:
            return e == ch;
        }
    }

    static constexpr bool is_word(char ch) noexcept {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
               ch == '_';
    }

    constexpr bool class_contains(std::size_t p, std::size_t end, char ch) const noexcept {
        bool negated = p < end && pattern_[p] == '^';
        if (negated)
            ++p;
        bool found = false;
        for (std::size_t q = p; q < end && !found;) {
            char lo = pattern_[q];
            std::size_t next = q + 1;
            if (lo == '\\' && next < end) {
                found = escape_matches(pattern_[next], ch);
                q = next + 1;
                continue;
            }
            if (next + 1 < end && pattern_[next] == '-') {
                found = ch >= lo && ch <= pattern_[next + 1];
                q = next + 2;
            } else {
                found = ch == lo;
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
