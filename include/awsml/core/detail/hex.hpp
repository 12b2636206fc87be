#pragma once

// Hexadecimal digits, both ways: the one table every layer writes bytes with (percent-encoding,
// JSON's \u escapes, hashes, ids, messages) and the one reader of a digit.

#include <string>

namespace awsml::detail {

/// The lowercase digit of a value 0-15.
constexpr char hex_digit(unsigned value) noexcept {
    return "0123456789abcdef"[value & 15];
}

/// The value of a hexadecimal digit of either case, or -1 for any other character.
constexpr int hex_digit_value(char c) noexcept {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/// Appends `byte` as two lowercase digits.
inline void append_hex_byte(std::string& out, unsigned char byte) {
    out += hex_digit(byte >> 4);
    out += hex_digit(byte);
}

} // namespace awsml::detail
