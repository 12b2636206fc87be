#pragma once

// Equality and a readable print for every described shape, derived from its member list.

// shape.hpp includes this header at its end; included first, this one brings shape.hpp in.
#include <awsml/core/detail/hex.hpp>
#include <awsml/model/blob.hpp>
#include <awsml/model/open_enum.hpp>
#include <awsml/model/shape.hpp>
#include <awsml/model/timestamp.hpp>

#include <charconv>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <type_traits>
#include <vector>

namespace awsml::detail {

template <class T>
bool shape_equal(const T& a, const T& b) {
    bool equal = true;
    for_each_member<T>([&](auto d, const auto&) { equal = equal && a.*d.pointer == b.*d.pointer; });
    return equal;
}

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

inline void print_quoted(std::ostream& out, std::string_view s) {
    out << '"';
    for (char c : s) {
        if (c == '"' || c == '\\')
            out << '\\' << c;
        else if (c == '\n')
            out << "\\n";
        else if (static_cast<unsigned char>(c) < 0x20)
            out << "\\x" << hex_digit(static_cast<unsigned char>(c) >> 4) << hex_digit(c);
        else
            out << c;
    }
    out << '"';
}

template <class Float>
void print_floating(std::ostream& out, Float value) {
    char buf[64];
    auto result = std::to_chars(buf, buf + sizeof buf, value);
    out.write(buf, result.ptr - buf);
}

template <class T>
void print_value(std::ostream& out, const T& value);

template <class T>
void print_shape_members(std::ostream& out, const T& value) {
    out << '{';
    bool first = true;
    for_each_member<T>([&](auto d, const auto& rule) {
        const auto& member = value.*d.pointer;
        if constexpr (is_optional<std::remove_cvref_t<decltype(member)>>::value) {
            if (!member)
                return;
        }
        out << (first ? "" : ", ") << d.name << ": ";
        first = false;
        if (has_constraint<sensitive_constraint>(rule))
            out << "<redacted>";
        else
            print_value(out, member);
    });
    out << '}';
}

template <class T>
void print_value(std::ostream& out, const T& value) {
    if constexpr (is_optional<T>::value) {
        if (value)
            print_value(out, *value);
        else
            out << "null";
    } else if constexpr (std::is_same_v<T, std::string>) {
        print_quoted(out, value);
    } else if constexpr (std::is_same_v<T, bool>) {
        out << (value ? "true" : "false");
    } else if constexpr (std::is_floating_point_v<T>) {
        print_floating(out, value);
    } else if constexpr (std::is_integral_v<T>) {
        out << value;
    } else if constexpr (std::is_same_v<T, timestamp>) {
        out << format_iso8601(value);
    } else if constexpr (std::is_same_v<T, blob>) {
        out << "<" << value.bytes.size() << " bytes>";
    } else if constexpr (open_enumeration<T>) {
        out << value.wire();
    } else if constexpr (described_shape<T>) {
        print_shape_members(out, value);
    } else if constexpr (requires { typename T::key_type; }) {
        out << '{';
        const char* separator = "";
        for (const auto& [k, v] : value) {
            out << separator;
            print_quoted(out, k);
            out << ": ";
            print_value(out, v);
            separator = ", ";
        }
        out << '}';
    } else {
        out << '[';
        const char* separator = "";
        for (const auto& element : value) {
            out << separator;
            print_value(out, element);
            separator = ", ";
        }
        out << ']';
    }
}

template <class T>
std::ostream& print_shape(std::ostream& out, const T& value) {
    print_shape_members(out, value);
    return out;
}

} // namespace awsml::detail
