// JSON and scalars as Python writes them (python_json.hpp).
#include <awsml-cli/python_json.hpp>

#include <awsml-cli/unicode_text.hpp>
#include <awsml/core/detail/hex.hpp>
#include <awsml/model/to_json.hpp>

#include <boost/json/string.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <system_error>

namespace awsml::cli {

namespace {

// Python's repr puts the decimal point after `point` digits (negative: zeros before them) and
// switches to an exponent outside (-4, 16].
std::string fixed_form(const std::string& digits, int point) {
    const int count = static_cast<int>(digits.size());
    if (point <= 0)
        return "0." + std::string(std::size_t(-point), '0') + digits;
    if (point >= count)
        return digits + std::string(std::size_t(point - count), '0') + ".0";
    return digits.substr(0, std::size_t(point)) + "." + digits.substr(std::size_t(point));
}

std::string exponent_form(const std::string& digits, int exponent) {
    std::string out = digits.substr(0, 1);
    if (digits.size() > 1)
        out += "." + digits.substr(1);
    const int magnitude = std::abs(exponent);
    return out + (exponent < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" : "") +
           std::to_string(magnitude);
}

// \uXXXX: JSON's escape of a UTF-16 unit.
void append_escape(std::string& out, unsigned unit) {
    out += "\\u";
    awsml::detail::append_hex_byte(out, static_cast<unsigned char>(unit >> 8));
    awsml::detail::append_hex_byte(out, static_cast<unsigned char>(unit));
}

void write_value(std::string& out, const json::value& value, python_json_layout layout, int depth);

void new_line(std::string& out, python_json_layout layout, int depth) {
    if (layout == python_json_layout::indented)
        out.append("\n").append(std::size_t(depth) * 4, ' ');
}

void write_array(std::string& out, const json::array& array, python_json_layout layout, int depth) {
    if (array.empty())
        return out.append("[]"), void();
    out += '[';
    for (std::size_t i = 0; i < array.size(); ++i) {
        if (i > 0)
            out += ',';
        new_line(out, layout, depth + 1);
        write_value(out, array[i], layout, depth + 1);
    }
    new_line(out, layout, depth);
    out += ']';
}

void write_object(std::string& out, const json::object& object, python_json_layout layout,
                  int depth) {
    if (object.empty())
        return out.append("{}"), void();
    const bool ascii = layout == python_json_layout::compact;
    out += '{';
    bool first = true;
    for (const auto& member : object) {
        if (!first)
            out += ',';
        first = false;
        new_line(out, layout, depth + 1);
        out += python_json_string(member.key(), ascii);
        out += layout == python_json_layout::indented ? ": " : ":";
        write_value(out, member.value(), layout, depth + 1);
    }
    new_line(out, layout, depth);
    out += '}';
}

void write_value(std::string& out, const json::value& value, python_json_layout layout, int depth) {
    switch (value.kind()) {
    case json::kind::object:
        return write_object(out, value.get_object(), layout, depth);
    case json::kind::array:
        return write_array(out, value.get_array(), layout, depth);
    case json::kind::string:
        out += python_json_string(value.get_string(), layout == python_json_layout::compact);
        return;
    case json::kind::null:
        out += "null";
        return;
    case json::kind::bool_:
        out += value.get_bool() ? "true" : "false";
        return;
    case json::kind::double_:
        if (const double d = value.get_double(); std::isnan(d) || std::isinf(d))
            out += std::isnan(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity"; // json.dumps' words
        else
            out += python_float_repr(d);
        return;
    default:
        out += python_str(value);
        return;
    }
}

// Code points Python's str.isprintable() refuses among those an answer may hold: C1 controls,
// spaces other than ' ', and format characters. (Python refuses a few more, unassigned code
// points among them; those are kept.)
bool python_unprintable(char32_t c) {
    return (c >= 0x7F && c <= 0xA0) || c == 0xAD || (c >= 0x2000 && c <= 0x200F) ||
           (c >= 0x2028 && c <= 0x202F) || (c >= 0x205F && c <= 0x206F) || c == 0x3000 ||
           c == 0xFEFF;
}

void append_hex_escape(std::string& out, char32_t c) {
    const int digits = c <= 0xFF ? 2 : c <= 0xFFFF ? 4 : 8;
    out += digits == 2 ? "\\x" : digits == 4 ? "\\u" : "\\U";
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out += awsml::detail::hex_digit(c >> shift);
}

// repr() of a str: single quotes, unless the text holds one and no double quote.
void append_str_repr(std::string& out, std::string_view text) {
    const char quote =
        text.find('\'') != std::string_view::npos && text.find('"') == std::string_view::npos
            ? '"'
            : '\'';
    out += quote;
    for (std::size_t i = 0; i < text.size();) {
        const auto [c, length] = code_point_at(text, i);
        if (c == static_cast<char32_t>(quote) || c == '\\')
            out.append(1, '\\').append(1, static_cast<char>(c));
        else if (c == '\n' || c == '\r' || c == '\t')
            out += c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t";
        else if (c < 0x20 || python_unprintable(c))
            append_hex_escape(out, c);
        else
            out.append(text.substr(i, length));
        i += length;
    }
    out += quote;
}

void append_repr(std::string& out, const json::value& value) {
    if (value.is_string())
        return append_str_repr(out, value.get_string());
    if (value.is_array()) {
        out += '[';
        for (const json::value& element : value.get_array()) {
            if (&element != value.get_array().begin())
                out += ", ";
            append_repr(out, element);
        }
        return out += ']', void();
    }
    if (value.is_object()) {
        out += '{';
        for (const auto& member : value.get_object()) {
            if (&member != value.get_object().begin())
                out += ", ";
            append_str_repr(out, member.key());
            out += ": ";
            append_repr(out, member.value());
        }
        return out += '}', void();
    }
    out += python_str(value);
}

} // namespace

std::string python_float_repr(double value) {
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    char buffer[64];
    const auto end =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific).ptr;
    // "-d.ddde+XX": the sign, the significant digits and the decimal exponent.
    std::string_view text(buffer, std::size_t(end - buffer));
    std::string sign;
    if (text.front() == '-')
        sign = "-", text.remove_prefix(1);
    const std::size_t e = text.find('e');
    std::string digits;
    for (char c : text.substr(0, e))
        if (c != '.')
            digits += c;
    const int exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
    const int point = exponent + 1;
    return sign + (point > -4 && point <= 16 ? fixed_form(digits, point)
                                             : exponent_form(digits, exponent));
}

std::string python_json_string(std::string_view text, bool ensure_ascii) {
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size();) {
        const auto [code, length] = code_point_at(text, i);
        if (const char* escape =
                code < 0x80 ? awsml::detail::json_short_escape(static_cast<unsigned char>(code))
                            : nullptr) {
            out += escape;
        } else if (code < 0x20 || (ensure_ascii && code >= 0x7F && code <= 0xFFFF)) {
            append_escape(out, code);
        } else if (ensure_ascii && code > 0xFFFF) {
            append_escape(out, 0xD800 + ((code - 0x10000) >> 10));
            append_escape(out, 0xDC00 + ((code - 0x10000) & 0x3FF));
        } else {
            out.append(text.substr(i, length));
        }
        i += length;
    }
    return out + "\"";
}

std::string python_json(const json::value& value, python_json_layout layout) {
    std::string out;
    write_value(out, value, layout, 0);
    return out;
}

std::string python_str(const json::value& value) {
    switch (value.kind()) {
    case json::kind::string:
        return std::string(value.get_string());
    case json::kind::null:
        return "None";
    case json::kind::bool_:
        return value.get_bool() ? "True" : "False";
    case json::kind::int64:
        return std::to_string(value.get_int64());
    case json::kind::uint64:
        return std::to_string(value.get_uint64());
    case json::kind::double_:
        return python_float_repr(value.get_double());
    default:
        return python_repr(value);
    }
}

std::string_view python_type_name(const json::value& value) {
    switch (value.kind()) {
    case json::kind::string:
        return "str";
    case json::kind::bool_:
        return "bool";
    case json::kind::array:
        return "list";
    case json::kind::object:
        return "dict";
    case json::kind::null:
        return "NoneType";
    case json::kind::double_:
        return "float";
    default:
        return "int";
    }
}

std::string python_repr(const json::value& value) {
    std::string out;
    append_repr(out, value);
    return out;
}

json::value python_number(std::string_view given) {
    const std::optional<std::string> ascii = python_number_text(given);
    if (!ascii)
        return nullptr;
    constexpr std::string_view blanks = " \t\n\r\f\v"; // int()'s, not isspace()'s
    std::string_view text = *ascii;
    const std::size_t first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos)
        return nullptr;
    text = text.substr(first, text.find_last_not_of(blanks) - first + 1);
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    std::string plain;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] != '_' || i == 0 || i + 1 == text.size() || !is_digit(text[i - 1]) ||
            !is_digit(text[i + 1]))
            plain += text[i];
    std::string_view unsigned_part = plain;
    const bool negative = unsigned_part.starts_with('-');
    if (negative || unsigned_part.starts_with('+'))
        unsigned_part.remove_prefix(1);
    if (unsigned_part.empty() || unsigned_part.front() == '+' || unsigned_part.front() == '-' ||
        unsigned_part.find('(') != std::string_view::npos)
        return nullptr;
    const char* const begin = unsigned_part.data();
    const char* const end = begin + unsigned_part.size();
    if (std::all_of(begin, end, is_digit)) {
        std::uint64_t magnitude = 0;
        if (std::from_chars(begin, end, magnitude).ec == std::errc{}) {
            if (!negative && magnitude > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
                return magnitude;
            if (!negative)
                return static_cast<std::int64_t>(magnitude);
            if (magnitude <= std::uint64_t(1) << 63)
                return magnitude == std::uint64_t(1) << 63
                           ? std::numeric_limits<std::int64_t>::min()
                           : -static_cast<std::int64_t>(magnitude);
        }
    }
    double real = 0;
    const auto [stop, ec] = std::from_chars(begin, end, real);
    if (stop != end || (ec != std::errc{} && ec != std::errc::result_out_of_range))
        return nullptr;
    if (ec == std::errc::result_out_of_range) // Python's float: infinity, or zero
        real = std::strtod(std::string(unsigned_part).c_str(), nullptr);
    return negative ? -real : real;
}

} // namespace awsml::cli
