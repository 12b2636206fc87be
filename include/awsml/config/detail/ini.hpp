#pragma once

// The INI dialect of ~/.aws/config and ~/.aws/credentials, read as botocore reads it (Python's
// RawConfigParser plus botocore's nested values), with the AWS SDKs' inline comments:
//
//   # comment            ; comment                full-line comments ('#' or ';' first)
//   [default]            [ profile  dev ]  # c   section headers, whitespace trimmed
//   region = us-west-2   # comment               key = value (or key: value); keys are
//                                                  case-insensitive; " #" / " ;" start a comment
//   credential_process = my-tool                 an indented line continues the previous value,
//       --flag                                     joined with '\n'
//   s3 =                                         an empty value followed by indented k = v lines
//       max_concurrent_requests = 10               is a sub-section (a nested map)
//
// Blank lines and comment lines may appear anywhere, including inside continued values. A
// section or key that appears twice is merged, the later value winning (the SDKs' behaviour;
// Python would refuse the file). Any other line is an error naming the file and line. The parser
// takes arbitrary bytes: it only splits, trims and compares, so no input can make it misbehave.

#include <awsml/core/detail/ascii.hpp>
#include <awsml/core/detail/trim.hpp>
#include <awsml/core/error.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace awsml {

/// Why configuration (files, environment variables, credentials) could not be used: `code` is
/// an awsml::errc (config_error, no_credentials, credential_process_failed) and `message` the
/// full explanation, naming the file and line or the variable. It never holds a secret.
struct config_failure {
    std::error_code code = make_error_code(errc::config_error);
    std::string message;

    friend std::ostream& operator<<(std::ostream& out, const config_failure& f) {
        return out << f.message;
    }
};

/// Found by boost::system::result<T, config_failure>::value() through argument-dependent
/// lookup: throws awsml::error with the failure's code and message.
[[noreturn]] inline void throw_exception_from_error(const config_failure& f,
                                                    const boost::source_location&) {
    throw error(f.code, f.message);
}

template <class T>
using config_result = boost::system::result<T, config_failure>;

namespace detail {

using ini_sub_section = std::map<std::string, std::string, std::less<>>;

struct ini_value {
    std::string text;            ///< the value; continuation lines are joined with '\n'
    ini_sub_section sub_section; ///< the nested keys, when is_sub_section
    bool is_sub_section = false;
    std::size_t line = 0; ///< where the key was (last) defined
};

struct ini_section {
    std::map<std::string, ini_value, std::less<>> entries; ///< keys in lower case
    std::size_t line = 0;                                  ///< the first header of this name

    const ini_value* find(std::string_view key) const {
        auto found = entries.find(key);
        return found == entries.end() ? nullptr : &found->second;
    }
};

struct ini_document {
    std::map<std::string, ini_section, std::less<>> sections; ///< by name, whitespace trimmed

    const ini_section* find(std::string_view name) const {
        auto found = sections.find(name);
        return found == sections.end() ? nullptr : &found->second;
    }
};

inline bool is_blank(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/// The blanks the config file's lines are trimmed of.
inline constexpr std::string_view ini_blanks = " \t\f\v";

inline bool starts_comment(std::string_view s) noexcept {
    return !s.empty() && (s.front() == '#' || s.front() == ';');
}

/// A value without its inline comment: '#' or ';' starts one only after whitespace, so that
/// URLs with fragments and commands with semicolons survive when written without a space.
inline std::string_view strip_inline_comment(std::string_view value) noexcept {
    for (std::size_t i = 1; i < value.size(); ++i)
        if ((value[i] == '#' || value[i] == ';') && is_blank(value[i - 1]))
            return trim(value.substr(0, i), ini_blanks);
    return value;
}

class ini_parser {
public:
    explicit ini_parser(std::string_view source_name)
        : source_(source_name) {}

    config_result<ini_document> parse(std::string_view text) {
        constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
        if (text.substr(0, utf8_bom.size()) == utf8_bom)
            text.remove_prefix(utf8_bom.size());
        std::size_t line_number = 0;
        while (!text.empty()) {
            ++line_number;
            std::string_view line = next_line(text);
            if (auto failure = parse_line(line, line_number))
                return std::move(*failure);
        }
        return std::move(document_);
    }

private:
    // Splits at "\n", "\r\n" or a lone "\r", as Python's universal newlines do.
    static std::string_view next_line(std::string_view& text) noexcept {
        std::size_t end = text.find_first_of("\r\n");
        if (end == std::string_view::npos) {
            std::string_view line = text;
            text = {};
            return line;
        }
        std::string_view line = text.substr(0, end);
        std::size_t skip =
            (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ? 2 : 1;
        text.remove_prefix(end + skip);
        return line;
    }

    std::optional<config_failure> parse_line(std::string_view line, std::size_t number) {
        std::string_view content = trim(line, ini_blanks);
        if (content.empty() || starts_comment(content))
            return std::nullopt;
        // As Python's configparser: a line continues the value only when indented deeper than
        // the line that began it; one indented as deep (a whole profile indented) is a new key.
        const std::size_t indent = line.find_first_not_of(ini_blanks);
        if (value_ != nullptr && indent > value_indent_)
            return continue_value(content, number);
        value_ = nullptr;
        if (content.front() == '[')
            return parse_header(content, number);
        value_indent_ = indent;
        return parse_property(content, number);
    }

    std::optional<config_failure> parse_header(std::string_view content, std::size_t number) {
        std::size_t close = content.find(']');
        if (close == std::string_view::npos)
            return failure(number, "section header has no closing ']'");
        std::string_view name = trim(content.substr(1, close - 1), ini_blanks);
        if (name.empty())
            return failure(number, "section header has an empty name");
        std::string_view rest = trim(content.substr(close + 1), ini_blanks);
        if (!rest.empty() && !starts_comment(rest))
            return failure(number, "unexpected text after the section header");
        auto [section, inserted] = document_.sections.try_emplace(std::string(name));
        if (inserted)
            section->second.line = number;
        section_ = &section->second;
        return std::nullopt;
    }

    std::optional<config_failure> parse_property(std::string_view content, std::size_t number) {
        std::size_t delimiter = content.find_first_of("=:");
        if (delimiter == std::string_view::npos)
            return failure(number, "expected 'key = value', a [section] header or a comment");
        std::string_view key = trim(content.substr(0, delimiter), ini_blanks);
        if (key.empty())
            return failure(number, "missing key name before '='");
        if (section_ == nullptr)
            return failure(number, "'key = value' line before any [section] header");
        ini_value& value = section_->entries[ascii_lower(key)];
        value = ini_value{};
        value.text =
            std::string(trim(strip_inline_comment(content.substr(delimiter + 1)), ini_blanks));
        value.line = number;
        value_ = &value;
        value_started_empty_ = value.text.empty();
        return std::nullopt;
    }

    // Continues the last value: as text, or as a sub-section when that value was empty.
    std::optional<config_failure> continue_value(std::string_view content, std::size_t number) {
        if (!value_started_empty_) {
            value_->text += '\n';
            value_->text += content;
            return std::nullopt;
        }
        std::size_t equals = content.find('=');
        if (equals == std::string_view::npos)
            return failure(number, "expected 'key = value' in the nested section");
        std::string_view key = trim(content.substr(0, equals), ini_blanks);
        if (key.empty())
            return failure(number, "missing key name before '=' in the nested section");
        value_->is_sub_section = true;
        value_->sub_section[ascii_lower(key)] =
            std::string(trim(strip_inline_comment(content.substr(equals + 1)), ini_blanks));
        return std::nullopt;
    }

    config_failure failure(std::size_t number, std::string_view what) const {
        return {make_error_code(errc::config_error),
                std::string(source_) + ":" + std::to_string(number) + ": " + std::string(what)};
    }

    std::string_view source_;
    ini_document document_;
    ini_section* section_ = nullptr;
    ini_value* value_ = nullptr;   ///< the value a deeper indented line would continue
    std::size_t value_indent_ = 0; ///< how deep the line that began value_ was indented
    bool value_started_empty_ = false;
};

/// Parses the text of a config or credentials file; `source_name` (usually the path) prefixes
/// every error message, as "<source_name>:<line>: <problem>".
inline config_result<ini_document> parse_ini(std::string_view text, std::string_view source_name) {
    return ini_parser(source_name).parse(text);
}

} // namespace detail
} // namespace awsml
