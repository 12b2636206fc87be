// JSON and scalars as Python writes them (python_json.hpp).
#include <awsml-cli/python_json.hpp>

#include <boost/json/string.hpp>

#include <charconv>
#include <cmath>
#include <cstdlib>
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

void append_escape(std::string& out, unsigned unit) {
    static constexpr char hex[] = "0123456789abcdef";
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4)
        out += hex[(unit >> shift) & 15];
}

// The code point that starts at text[i] and its length in bytes (the text is valid UTF-8: the
// CLI's answers have been decoded and checked).
std::pair<unsigned, std::size_t> code_point_at(std::string_view text, std::size_t i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2;
    if (i + length > text.size())
        length = 1;
    unsigned code = length == 1 ? byte : byte & (0x3Fu >> (length - 1));
    for (std::size_t k = 1; k < length; ++k)
        code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    return {code, length};
}

bool append_short_escape(std::string& out, unsigned code) {
    switch (code) {
    case '"':
        out += "\\\"";
        return true;
    case '\\':
        out += "\\\\";
        return true;
    case '\n':
        out += "\\n";
        return true;
    case '\r':
        out += "\\r";
        return true;
    case '\t':
        out += "\\t";
        return true;
    case '\b':
        out += "\\b";
        return true;
    case '\f':
        out += "\\f";
        return true;
    default:
        return false;
    }
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
        if (append_short_escape(out, code)) {
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

std::string python_str(const json::value& scalar) {
    switch (scalar.kind()) {
    case json::kind::string:
        return std::string(scalar.get_string());
    case json::kind::null:
        return "None";
    case json::kind::bool_:
        return scalar.get_bool() ? "True" : "False";
    case json::kind::int64:
        return std::to_string(scalar.get_int64());
    case json::kind::uint64:
        return std::to_string(scalar.get_uint64());
    case json::kind::double_:
        return python_float_repr(scalar.get_double());
    default:
        return python_json(scalar, python_json_layout::compact);
    }
}

} // namespace awsml::cli
