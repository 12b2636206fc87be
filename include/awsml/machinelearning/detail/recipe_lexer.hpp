#pragma once

// The tokens of Amazon ML's recipe language (Recipe Format Reference): names, quoted names,
// whole numbers, '(', ')', ',', and a "//" comment that runs to the end of the string.
//
// A name starts with a letter and runs until whitespace or one of the characters the guide
// calls special: , ' " ( ) \ (so "hours-per-week" is one name). A name that starts otherwise or
// holds a special character is quoted, with ' or "; a backslash takes the next character as it
// is. Every token carries its byte position; the lexer always advances, so nothing loops.
// Also here, for the parser and the checker alike: character classes, character offsets, and
// the paths of a recipe's entries (groups.NAME, assignments["odd name"]).

#include <awsml/core/detail/ascii.hpp>
#include <awsml/core/detail/hex.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace awsml::detail {

/// How deep a recipe expression may nest: the parser refuses deeper text and the checker deeper
/// trees, so what one accepts the other reads back, and no input exhausts the stack.
inline constexpr std::size_t max_recipe_depth = 32;

enum class recipe_token_kind { name, quoted_name, number, open, close, comma, comment, end, error };

struct recipe_token {
    recipe_token_kind kind = recipe_token_kind::end;
    std::size_t position = 0; ///< byte where the token starts
    std::string text;         ///< name (unescaped), number digits, comment body, or error message
};

constexpr bool recipe_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/// The characters that end an unquoted name (the guide's list, and whitespace).
constexpr bool recipe_special(char c) noexcept {
    return c == ',' || c == '\'' || c == '"' || c == '(' || c == ')' || c == '\\' ||
           recipe_space(c);
}

constexpr bool ascii_letter(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr bool ascii_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

/// A name may start unquoted with a letter: ASCII, or any character beyond ASCII.
constexpr bool recipe_name_start(char c) noexcept {
    return ascii_letter(c) || static_cast<unsigned char>(c) >= 0x80;
}

constexpr bool recipe_name_char(char c) noexcept {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u != 0x7f && !recipe_special(c);
}

/// The number of characters (UTF-8 code points) in text[0, bytes).
inline std::size_t character_offset(std::string_view text, std::size_t bytes) noexcept {
    std::size_t n = 0;
    for (std::size_t i = 0; i < bytes && i < text.size(); ++i)
        n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    return n;
}

/// The path of a named entry: groups.NAME, or groups["odd name"] where NAME is not plain.
inline std::string recipe_entry_path(std::string_view section, std::string_view name) {
    bool plain = !name.empty();
    for (char c : name)
        plain = plain && (ascii_letter(c) || ascii_digit(c) || c == '_' || c == '-');
    std::string out(section);
    if (plain)
        return out.append(".").append(name);
    out.append("[\"");
    for (char c : name) {
        if (c == '"' || c == '\\')
            out.push_back('\\');
        out.push_back(c);
    }
    return out.append("\"]");
}

class recipe_lexer {
public:
    explicit recipe_lexer(std::string_view text) noexcept
        : text_(text) {}

    recipe_token next() {
        while (pos_ < text_.size() && recipe_space(text_[pos_]))
            ++pos_;
        if (pos_ == text_.size())
            return {recipe_token_kind::end, pos_, {}};
        const char c = text_[pos_];
        if (c == '(' || c == ')' || c == ',')
            return punctuation(c);
        if (c == '/' && starts_comment(pos_))
            return comment();
        if (c == '\'' || c == '"')
            return quoted(c);
        if (ascii_digit(c) || (c == '-' && pos_ + 1 < text_.size() && ascii_digit(text_[pos_ + 1])))
            return number();
        if (recipe_name_start(c))
            return name();
        return unexpected();
    }

private:
    bool starts_comment(std::size_t at) const noexcept {
        return at + 1 < text_.size() && text_[at] == '/' && text_[at + 1] == '/';
    }

    recipe_token punctuation(char c) {
        const auto kind = c == '('   ? recipe_token_kind::open
                          : c == ')' ? recipe_token_kind::close
                                     : recipe_token_kind::comma;
        return {kind, pos_++, {}};
    }

    recipe_token comment() {
        const std::size_t start = pos_;
        std::string_view body = text_.substr(pos_ + 2);
        pos_ = text_.size();
        while (!body.empty() && recipe_space(body.front()))
            body.remove_prefix(1);
        while (!body.empty() && recipe_space(body.back()))
            body.remove_suffix(1);
        return {recipe_token_kind::comment, start, std::string(body)};
    }

    recipe_token quoted(char quote) {
        const std::size_t start = pos_++;
        std::string value;
        while (pos_ < text_.size() && text_[pos_] != quote) {
            if (text_[pos_] == '\\' && ++pos_ == text_.size())
                break;
            value.push_back(text_[pos_++]);
        }
        if (pos_ == text_.size())
            return error(start, std::string("the quoted name has no closing ") + quote);
        ++pos_;
        if (value.empty())
            return error(start, "a quoted name is empty");
        return {recipe_token_kind::quoted_name, start, std::move(value)};
    }

    recipe_token number() {
        const std::size_t start = pos_++;
        while (pos_ < text_.size() && ascii_digit(text_[pos_]))
            ++pos_;
        if (pos_ < text_.size() && recipe_name_char(text_[pos_]) && !starts_comment(pos_))
            return not_a_number(start);
        return {recipe_token_kind::number, start, std::string(text_.substr(start, pos_ - start))};
    }

    // Digits run into other name characters: a decimal, or a name that needed quotes.
    recipe_token not_a_number(std::size_t start) {
        const bool decimal = text_[pos_] == '.';
        skip_name_characters();
        const std::string word(text_.substr(start, pos_ - start));
        if (decimal)
            return error(start, "'" + word + "' is not a whole number");
        return error(start, "'" + word + "': a name that does not start with a letter is quoted");
    }

    recipe_token name() {
        const std::size_t start = pos_;
        skip_name_characters();
        return {recipe_token_kind::name, start, std::string(text_.substr(start, pos_ - start))};
    }

    recipe_token unexpected() {
        const std::size_t start = pos_;
        if (!recipe_name_char(text_[pos_]))
            return error(start, unexpected_character(text_[pos_]));
        skip_name_characters();
        return error(start, "'" + std::string(text_.substr(start, pos_ - start)) +
                                "': a name that does not start with a letter is quoted");
    }

    static std::string unexpected_character(char c) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            std::string message = "unexpected control character 0x";
            append_hex_byte(message, u);
            return message;
        }
        return std::string("unexpected '") + c + "'";
    }

    void skip_name_characters() noexcept {
        while (pos_ < text_.size() && recipe_name_char(text_[pos_]) && !starts_comment(pos_))
            ++pos_;
    }

    recipe_token error(std::size_t at, std::string message) {
        pos_ = text_.size(); // nothing after an error is read
        return {recipe_token_kind::error, at, std::move(message)};
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

} // namespace awsml::detail
