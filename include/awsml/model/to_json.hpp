#pragma once

/// \file
/// Shapes to JSON: awsml::to_json(value) writes the wire form, members that are absent left out,
/// timestamps as epoch seconds, blobs as base64, non-finite floats as "NaN"/"Infinity".

#include <awsml/core/detail/hex.hpp>
#include <awsml/model/blob.hpp>
#include <awsml/model/detail/json_string_scan.hpp>
#include <awsml/model/open_enum.hpp>
#include <awsml/model/shape.hpp>
#include <awsml/model/timestamp.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <type_traits>

namespace awsml {

/// How to_json writes what the wire form leaves open.
struct json_write_options {
    /// A `float` as the double it widens to (0.1f as 0.10000000149011612), the text AWS's Java
    /// services send (an emulator of one writes it so); by default its shortest text (0.1), which
    /// reads back as the same float and is what a client sends.
    bool floats_as_doubles = false;
};

namespace detail {

// Room for `extra` more bytes, growing geometrically: reserving exact sizes string after string
// would reallocate at every one.
inline void make_room(std::string& out, std::size_t extra) {
    if (out.capacity() - out.size() < extra)
        out.reserve(std::max(out.size() + extra, 2 * out.capacity()));
}

// JSON's two-character escape of `c` (backslash n for a newline), or nullptr for a byte that
// has none: the other control characters take \u00XX, the rest no escape.
constexpr const char* json_short_escape(unsigned char c) noexcept {
    return c == '"'    ? "\\\""
           : c == '\\' ? "\\\\"
           : c == '\n' ? "\\n"
           : c == '\r' ? "\\r"
           : c == '\t' ? "\\t"
           : c == '\b' ? "\\b"
           : c == '\f' ? "\\f"
                       : nullptr;
}

// The escape of a byte that ends a plain run (see find_string_special).
inline void write_json_escape(std::string& out, unsigned char c) {
    if (const char* escape = json_short_escape(c)) {
        out.append(escape, 2);
    } else {
        const char unicode[] = {'\\', 'u', '0', '0', hex_digit(c >> 4), hex_digit(c)};
        out.append(unicode, sizeof unicode);
    }
}

inline void write_json_string(std::string& out, std::string_view s) {
    make_room(out, s.size() + s.size() / 8 + 2);
    out.push_back('"');
    const char* p = s.data();
    const char* const end = p + s.size();
    while (true) { // plain runs copied whole, found 16 bytes at a time
        const char* special = find_string_special(p, end);
        if (special != p)
            out.append(p, static_cast<std::size_t>(special - p));
        if (special == end)
            break;
        write_json_escape(out, static_cast<unsigned char>(*special));
        p = special + 1;
    }
    out.push_back('"');
}

template <class Number>
void write_json_number(std::string& out, Number value, json_write_options options) {
    if constexpr (std::is_floating_point_v<Number>) {
        if (std::isnan(value))
            return out.append("\"NaN\""), void();
        if (std::isinf(value))
            return out.append(value > 0 ? "\"Infinity\"" : "\"-Infinity\""), void();
    }
    if constexpr (std::is_same_v<Number, float>) {
        if (options.floats_as_doubles)
            return write_json_number(out, static_cast<double>(value), options);
    }
    char buf[64];
    auto result = std::to_chars(buf, buf + sizeof buf, value); // shortest round-trip form
    out.append(buf, result.ptr);
}

template <class T>
void write_json_value(std::string& out, const T& value, json_write_options options);

template <class T>
void write_json_object(std::string& out, const T& value, json_write_options options) {
    out.push_back('{');
    bool first = true;
    for_each_member<T>([&](auto d, const auto& rule) {
        const auto& member = value.*d.pointer;
        if constexpr (is_optional<std::remove_cvref_t<decltype(member)>>::value) {
            if (!member)
                return;
        }
        if (!first)
            out.push_back(',');
        first = false;
        write_json_string(out, rule.wire_name);
        out.push_back(':');
        write_json_value(out, member, options);
    });
    out.push_back('}');
}

template <class T>
void write_json_value(std::string& out, const T& value, json_write_options options) {
    if constexpr (is_optional<T>::value) {
        if (value)
            write_json_value(out, *value, options);
        else
            out.append("null");
    } else if constexpr (std::is_same_v<T, std::string>) {
        write_json_string(out, value);
    } else if constexpr (std::is_same_v<T, bool>) {
        out.append(value ? "true" : "false");
    } else if constexpr (std::is_arithmetic_v<T>) {
        write_json_number(out, value, options);
    } else if constexpr (std::is_same_v<T, timestamp>) {
        out.append(format_epoch_seconds(value));
    } else if constexpr (std::is_same_v<T, blob>) {
        write_json_string(out, base64_encode(value.as_string_view()));
    } else if constexpr (open_enumeration<T>) {
        write_json_string(out, value.wire());
    } else if constexpr (described_shape<T>) {
        write_json_object(out, value, options);
    } else if constexpr (requires { typename T::key_type; }) {
        out.push_back('{');
        bool first = true;
        for (const auto& [k, v] : value) {
            if (!first)
                out.push_back(',');
            first = false;
            write_json_string(out, k);
            out.push_back(':');
            write_json_value(out, v, options);
        }
        out.push_back('}');
    } else {
        out.push_back('[');
        bool first = true;
        for (const auto& element : value) {
            if (!first)
                out.push_back(',');
            first = false;
            write_json_value(out, element, options);
        }
        out.push_back(']');
    }
}

} // namespace detail

/// Appends the JSON form of `value` to `out` (no allocation beyond the string's growth).
template <detail::described_shape T>
void to_json(const T& value, std::string& out, json_write_options options = {}) {
    detail::write_json_object(out, value, options);
}

/// The JSON form of `value` (compact, members in declaration order, unset optionals left out).
/// Writing never fails; it does not check constraints (see validate()).
template <detail::described_shape T>
std::string to_json(const T& value, json_write_options options = {}) {
    std::string out;
    to_json(value, out, options);
    return out;
}

} // namespace awsml
