// The AWS CLI's shorthand syntax (shorthand.hpp), ported from awscli/shorthand.py step by step,
// since users' command lines depend on its corners: a list after Key= ends where the next
// Key= begins (found by stepping back to the comma), a bare value stops at characters the
// grammar reserves, and a quoted value without its closing quote ends at its last escaped one.
#include <awsml-cli/shorthand.hpp>

#include <awsml-cli/parameter_file.hpp>
#include <awsml-cli/unicode_text.hpp>
#include <awsml-cli/usage_error.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace awsml::cli {

namespace {

// A parse that does not fit the grammar: the parser may step back from it (a list's end).
struct syntax_error {
    std::string expected;
    std::string received;
    std::size_t at;
};

// The character classes of shorthand.py's regular expressions. Python's ranges stop at
// U+FFFF, so a code point above it ends a bare value.
bool starts_word(char32_t c) {
    return c == '!' || (c >= '#' && c <= '&') || (c >= '(' && c <= '+') || (c >= '-' && c <= '<') ||
           (c >= '>' && c <= 'Z') || (c >= '\\' && c <= 'z') || (c >= '|' && c <= 0xFFFF);
}
// In a value before any comma: not ',', '"', '\'', ']' or '}' ('=' may follow the first letter).
bool follows_first(char32_t c) {
    return python_space(c) || c == '!' || (c >= '#' && c <= '&') || (c >= '(' && c <= '+') ||
           (c >= '-' && c <= '\\') || (c >= '^' && c <= '|') || (c >= '~' && c <= 0xFFFF);
}
// In a list's later values: not ',', '"', '\'' or '=' (an '=' means the next key has begun).
bool follows_second(char32_t c) {
    return python_space(c) || c == '!' || (c >= '#' && c <= '&') || (c >= '(' && c <= '+') ||
           (c >= '-' && c <= '<') || (c >= '>' && c <= 0xFFFF);
}
bool key_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("-_.#/:").find(c) != std::string_view::npos;
}
constexpr std::string_view ascii_whitespace = " \t\n\r\v\f"; // Python's string.whitespace

// Nested lists and objects deeper than this are refused rather than recursed into.
constexpr int deepest_nesting = 64;

std::size_t code_points(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t at = 0; at < text.size(); at += code_point_at(text, at).length)
        ++count;
    return count;
}

// The input with a caret under `at`, as ShorthandParseError._error_location draws it.
std::string error_location(std::string_view text, std::size_t at) {
    const std::size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
    const std::size_t from =
        line_start == std::string_view::npos || line_start >= at ? 0 : line_start + 1;
    const std::size_t line_end = text.find('\n', at);
    const std::string_view consumed = text.substr(0, line_end);
    const std::string_view remaining =
        line_end == std::string_view::npos ? std::string_view{} : text.substr(line_end);
    return std::string(consumed) + "\n" +
           std::string(code_points(text.substr(from, at - from)), ' ') + "^" +
           std::string(remaining);
}

class shorthand_parser {
public:
    shorthand_parser(std::string_view text, const std::string& option)
        : text_(text)
        , option_(option) {}

    // parameter = keyval *("," keyval)
    json::value parameter() {
        json::object params;
        auto [key, value] = keyval();
        params[key] = std::move(value);
        std::size_t last = at_;
        while (!at_end()) {
            expect(',', true);
            auto next = keyval();
            if (params.contains(next.first))
                throw usage_error{option_ + ": Second instance of key \"" + next.first +
                                  "\" encountered for input:\n" + error_location(text_, last + 1) +
                                  "\nThis is often because there is a preceding \",\" instead "
                                  "of a space."};
            params[next.first] = std::move(next.second);
            last = at_;
        }
        return params;
    }

private:
    std::string_view text_;
    const std::string& option_;
    std::size_t at_ = 0;
    bool read_files_ = false; // Key@=: a file:// value is the file's contents
    int depth_ = 0;

    bool at_end() const { return at_ >= text_.size(); }
    // The byte at the position, or -1 at the end (every byte the grammar names is ASCII).
    int current() const { return at_end() ? -1 : static_cast<unsigned char>(text_[at_]); }

    void skip_whitespace() {
        while (!at_end() && ascii_whitespace.find(text_[at_]) != std::string_view::npos)
            ++at_;
    }

    void expect(char wanted, bool around_whitespace = false) {
        if (around_whitespace)
            skip_whitespace();
        if (at_end())
            throw syntax_error{std::string(1, wanted), "EOF", at_};
        if (text_[at_] != wanted)
            throw syntax_error{std::string(1, wanted),
                               std::string(text_.substr(at_, code_point_at(text_, at_).length)),
                               at_};
        ++at_;
        if (around_whitespace)
            skip_whitespace();
    }

    // keyval = key "=" [values] / key "@=" [file-optional-values]
    std::pair<std::string, json::value> keyval() {
        std::string key = this->key();
        key_operator();
        return {std::move(key), values()};
    }

    void key_operator() {
        read_files_ = false;
        try {
            expect('@', true);
            read_files_ = true;
        } catch (const syntax_error&) {
        }
        expect('=', true);
    }

    std::string key() {
        const std::size_t start = at_;
        while (!at_end() && key_character(text_[at_]))
            ++at_;
        return std::string(text_.substr(start, at_ - start));
    }

    // values = csv-list / explicit-list / hash-literal
    json::value values() {
        if (at_end())
            return json::string();
        if (current() == '[')
            return explicit_list();
        if (current() == '{')
            return hash_literal();
        return csv_value();
    }

    // Key=a is text, Key=a,b,c a list; the list ends where a later value turns out to be the
    // next key (Key=a,b,Next=c), found by stepping back to the comma before it.
    json::value csv_value() {
        json::value first = first_value();
        skip_whitespace();
        if (at_end() || text_[at_] != ',')
            return first;
        expect(',', true);
        json::array list{first};
        for (;;) {
            try {
                json::value value = second_value();
                skip_whitespace();
                if (at_end()) {
                    list.push_back(std::move(value));
                    break;
                }
                expect(',', true);
                list.push_back(std::move(value));
            } catch (const syntax_error&) {
                if (at_end())
                    throw;
                back_to_comma();
                break;
            }
        }
        if (list.size() == 1)
            return first;
        return list;
    }

    void back_to_comma() {
        while (at_ > 0 && text_[at_] != ',')
            --at_;
    }

    // explicit-list = "[" [value *("," value)] "]"
    json::value explicit_list() {
        nest();
        expect('[', true);
        json::array values;
        while (current() != ']') {
            values.push_back(explicit_value());
            skip_whitespace();
            if (current() != ']') {
                expect(',');
                skip_whitespace();
            }
        }
        expect(']');
        --depth_;
        return values;
    }

    json::value hash_literal() {
        nest();
        expect('{', true);
        json::object members;
        while (current() != '}') {
            std::string key = this->key();
            key_operator();
            json::value value = explicit_value();
            skip_whitespace();
            if (current() != '}') {
                expect(',');
                skip_whitespace();
            }
            members[key] = std::move(value); // a repeated key inside {} replaces, as in Python
        }
        expect('}');
        --depth_;
        return members;
    }

    void nest() {
        if (++depth_ > deepest_nesting)
            throw usage_error{option_ + ": lists and structures nested deeper than " +
                              std::to_string(deepest_nesting) + " levels"};
    }

    json::value explicit_value() {
        if (current() == '[')
            return explicit_list();
        if (current() == '{')
            return hash_literal();
        return first_value();
    }

    json::value first_value() {
        if (current() == '\'' || current() == '"')
            return quoted_value();
        const std::size_t end = bare_value_end(follows_first);
        if (end == std::string_view::npos)
            return json::string();
        return bare_value(end);
    }

    json::value second_value() {
        if (current() == '\'' || current() == '"')
            return quoted_value();
        const std::size_t end = bare_value_end(follows_second);
        if (end == std::string_view::npos)
            throw syntax_error{"<second>", "<none>", at_};
        return bare_value(end);
    }

    // Where a bare value that starts here ends (\, is a comma of the value's own), or npos when
    // none starts here.
    std::size_t bare_value_end(bool (*follows)(char32_t)) const {
        const auto escaped_comma = [&](std::size_t i) {
            return i + 1 < text_.size() && text_[i] == '\\' && text_[i + 1] == ',';
        };
        std::size_t i = at_;
        if (escaped_comma(i)) {
            i += 2;
        } else if (i < text_.size()) {
            const code_point first = code_point_at(text_, i);
            if (!starts_word(first.value))
                return std::string_view::npos;
            i += first.length;
        } else {
            return std::string_view::npos;
        }
        while (i < text_.size()) {
            if (escaped_comma(i)) {
                i += 2;
                continue;
            }
            const code_point c = code_point_at(text_, i);
            if (!follows(c.value))
                break;
            i += c.length;
        }
        return i;
    }

    json::value bare_value(std::size_t end) {
        const std::string_view consumed = text_.substr(at_, end - at_);
        at_ = end;
        return resolved(std::string(python_rstrip(python_replace(consumed, "\\,", ","))));
    }

    // '...' or "...": the quote inside as \' or \", a backslash as \\. As Python's regular
    // expression matches it: a value that runs to the end without its closing quote closes at
    // its last escaped quote instead.
    json::value quoted_value() {
        const char quote = text_[at_];
        std::size_t i = at_ + 1;
        std::size_t last_escaped = std::string_view::npos;
        while (i < text_.size() && text_[i] != quote) {
            if (text_[i] == '\\' && i + 1 < text_.size() && text_[i + 1] == quote) {
                last_escaped = i;
                i += 2;
            } else {
                ++i;
            }
        }
        if (i >= text_.size()) {
            if (last_escaped == std::string_view::npos)
                throw syntax_error{quote == '\'' ? "<singled quoted>" : "<double quoted>", "<none>",
                                   at_};
            i = last_escaped + 1;
        }
        std::string value(text_.substr(at_ + 1, i - at_ - 1));
        at_ = i + 1;
        value = python_replace(value, std::string{'\\', quote}, std::string(1, quote));
        return resolved(python_replace(value, "\\\\", "\\"));
    }

    json::value resolved(std::string value) const {
        if (read_files_)
            value = text_or_file(value, option_);
        return json::string(value);
    }
};

} // namespace

json::value parse_shorthand(std::string_view text, const std::string& option) {
    try {
        return shorthand_parser(text, option).parameter();
    } catch (const syntax_error& e) {
        throw usage_error{option + ": Expected: '" + e.expected + "', received: '" + e.received +
                          "' for input:\n" + error_location(text, e.at)};
    }
}

bool looks_like_json(std::string_view text) {
    const std::string_view stripped = python_lstrip(text);
    return stripped.starts_with('[') || stripped.starts_with('{');
}

} // namespace awsml::cli
