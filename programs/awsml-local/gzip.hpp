#pragma once

// gzip files (RFC 1952) as Amazon ML writes its batch prediction results, without a compression
// library: the deflate stream (RFC 1951) is made of stored blocks, which every gzip reader
// accepts. The results are the size of the CSV they hold; what matters is that every tool that
// reads Amazon ML's .gz results reads these.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace awsml::local {

namespace detail::gzip {

inline constexpr auto crc_table = [] {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t n = 0; n < 256; ++n) {
        std::uint32_t c = n;
        for (int k = 0; k < 8; ++k)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    return table;
}();

inline void append_le32(std::string& out, std::uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8)
        out += static_cast<char>((value >> shift) & 0xFF);
}

} // namespace detail::gzip

/// The CRC-32 (ISO 3309, as gzip and zlib compute it) of `data`.
constexpr std::uint32_t crc32(std::string_view data) noexcept {
    std::uint32_t c = 0xFFFFFFFFu;
    for (char byte : data)
        c = detail::gzip::crc_table[(c ^ static_cast<unsigned char>(byte)) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

/// `data` as a gzip file: a header (no name, no time), stored deflate blocks of up to 65535
/// bytes, then the CRC-32 and the size modulo 2^32.
inline std::string gzip_stored(std::string_view data) {
    constexpr std::size_t block = 65535;
    std::string out = {'\x1f', '\x8b', '\x08', '\x00', '\x00',
                       '\x00', '\x00', '\x00', '\x00', '\x03'};
    out.reserve(out.size() + data.size() + (data.size() / block + 1) * 5 + 8);
    std::size_t at = 0;
    do {
        const std::size_t size = std::min(block, data.size() - at);
        const bool last = at + size == data.size();
        out += static_cast<char>(last ? 1 : 0); // BFINAL, BTYPE 00: stored
        out += static_cast<char>(size & 0xFF);
        out += static_cast<char>(size >> 8);
        out += static_cast<char>(~size & 0xFF);
        out += static_cast<char>((~size >> 8) & 0xFF);
        out.append(data.substr(at, size));
        at += size;
    } while (at < data.size());
    detail::gzip::append_le32(out, crc32(data));
    detail::gzip::append_le32(out, static_cast<std::uint32_t>(data.size()));
    return out;
}

} // namespace awsml::local
