#pragma once

/// \file
/// Binary data (the model's `blob` type): raw bytes in memory, base64 on the JSON wire.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsml {

/// A `blob` member's value: the raw bytes, decoded from base64 when read from JSON and encoded to
/// base64 when written. Equality compares the bytes.
struct blob {
    std::vector<std::uint8_t> bytes; ///< the raw bytes (not base64)

    /// No bytes.
    blob() = default;
    /// A copy of the bytes of `data` (any bytes, text or not).
    explicit blob(std::string_view data)
        : bytes(data.begin(), data.end()) {}
    /// The bytes as characters, without a copy; valid while the blob is neither changed nor
    /// destroyed.
    std::string_view as_string_view() const noexcept {
        return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
    }
    friend bool operator==(const blob&, const blob&) = default;
};

namespace detail {
inline constexpr std::string_view base64_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

/// The standard base64 of `data` (RFC 4648 alphabet, `=` padding, no line breaks): the wire form of
/// a blob.
inline std::string base64_encode(std::string_view data) {
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        std::uint32_t n = std::uint32_t(std::uint8_t(data[i])) << 16 |
                          std::uint32_t(std::uint8_t(data[i + 1])) << 8 | std::uint8_t(data[i + 2]);
        for (int shift = 18; shift >= 0; shift -= 6)
            out += detail::base64_alphabet[(n >> shift) & 63];
    }
    if (std::size_t rest = data.size() - i) {
        std::uint32_t n = std::uint32_t(std::uint8_t(data[i])) << 16;
        if (rest == 2)
            n |= std::uint32_t(std::uint8_t(data[i + 1])) << 8;
        out += detail::base64_alphabet[(n >> 18) & 63];
        out += detail::base64_alphabet[(n >> 12) & 63];
        out += rest == 2 ? detail::base64_alphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

/// Strict base64 (RFC 4648, with padding); nullopt for anything else.
inline std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text) {
    static constexpr auto table = [] {
        std::array<std::int8_t, 256> t{};
        t.fill(-1);
        for (std::size_t i = 0; i < detail::base64_alphabet.size(); ++i)
            t[std::uint8_t(detail::base64_alphabet[i])] = std::int8_t(i);
        return t;
    }();
    if (text.size() % 4 != 0)
        return std::nullopt;
    std::vector<std::uint8_t> out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        bool last = i + 4 == text.size();
        std::uint32_t n = 0;
        int pad = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            char c = text[i + j];
            if (c == '=' && last && j >= 2) {
                ++pad;
                n <<= 6;
                continue;
            }
            std::int8_t v = table[std::uint8_t(c)];
            if (v < 0 || pad)
                return std::nullopt;
            n = n << 6 | std::uint32_t(v);
        }
        out.push_back(std::uint8_t(n >> 16));
        if (pad < 2)
            out.push_back(std::uint8_t(n >> 8));
        if (pad < 1)
            out.push_back(std::uint8_t(n));
    }
    return out;
}

} // namespace awsml
