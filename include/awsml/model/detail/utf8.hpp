#pragma once

// UTF-8 as JSON text needs it: strict validation (no overlong forms, no surrogates, nothing
// above U+10FFFF), and encoding a code point. A JSON document's bytes from 0x80 can only be valid
// inside strings, so the optimistic reader validates the whole document once, before it reads it,
// and its string scan need not stop at each of them.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
// x86 with g++ or clang: the SSSE3 and AVX2 checks, compiled for those instruction sets whatever
// the build's, one picked at run time by what the CPU has. Their tables are built with SSE2,
// which a 32-bit build for older CPUs (Debian's i386 targets the i686) may not have.
#if defined(__GNUC__) && defined(__SSE2__) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>
#define AWSML_DETAIL_UTF8_X86_DISPATCH 1
#endif

namespace awsml::detail {

/// Length of the valid UTF-8 sequence starting at `p` (a byte >= 0x80), or 0. Strict as
/// basic_parser is: no overlong forms, no surrogates, nothing above U+10FFFF (the well-formed
/// byte ranges of the Unicode standard's table 3-7).
inline std::size_t utf8_sequence_length(const char* p, const char* end) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(p[i]); };
    const auto continuation = [&](std::size_t i) { return (byte(i) & 0xC0) == 0x80; };
    const auto available = static_cast<std::size_t>(end - p);
    const unsigned char c = byte(0);
    if (c < 0xC2) // a continuation byte, or an overlong 2-byte form
        return 0;
    if (c < 0xE0)
        return available >= 2 && continuation(1) ? 2 : 0;
    if (c < 0xF0) {
        if (available < 3 || !continuation(1) || !continuation(2))
            return 0;
        // E0 needs A0..BF after it (else overlong), ED 80..9F (else a surrogate).
        const bool valid = c == 0xE0 ? byte(1) >= 0xA0 : c == 0xED ? byte(1) < 0xA0 : true;
        return valid ? 3 : 0;
    }
    if (c > 0xF4 || available < 4 || !continuation(1) || !continuation(2) || !continuation(3))
        return 0;
    // F0 needs 90..BF after it (else overlong), F4 80..8F (else beyond U+10FFFF).
    const bool valid = c == 0xF0 ? byte(1) >= 0x90 : c == 0xF4 ? byte(1) < 0x90 : true;
    return valid ? 4 : 0;
}

/// The first byte from 0x80 at or after `p`, or `end`: 32 bytes at a time while they are ASCII
/// (most documents are), then 16.
inline const char* find_non_ascii(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
    while (end - p >= 32) {
        const __m128i low = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i high = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
        if (_mm_movemask_epi8(_mm_or_si128(low, high)) != 0)
            break;
        p += 32;
    }
    while (end - p >= 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(bytes)); mask != 0)
            return p + __builtin_ctz(mask);
        p += 16;
    }
#endif
    while (p != end && static_cast<unsigned char>(*p) < 0x80)
        ++p;
    return p;
}

/// Whether `text` is valid UTF-8 (strict, as utf8_sequence_length), one sequence after the
/// other: the reference, and the check where SSSE3 is missing.
inline bool is_valid_utf8_scalar(std::string_view text) noexcept {
    const char* p = text.data();
    const char* const end = p + text.size();
    while ((p = find_non_ascii(p, end)) != end) {
        // A run of non-ASCII text: its sequences one after the other.
        do {
            const std::size_t length = utf8_sequence_length(p, end);
            if (length == 0)
                return false;
            p += length;
        } while (p != end && static_cast<unsigned char>(*p) >= 0x80);
    }
    return true;
}

#if defined(AWSML_DETAIL_UTF8_X86_DISPATCH)
// With SSSE3's byte shuffle as a 16-entry table lookup, 16 bytes are validated at once and
// without a branch: the lookup algorithm of Keiser and Lemire, "Validating UTF-8 in less than
// one instruction per byte" (Software: Practice and Experience, 2021), as simdjson uses it. Each
// byte is classified with the byte before it by three lookups (the previous byte's high and low
// nibble, this byte's high nibble), each giving the set of errors the pair may be; a pair is
// invalid when all three agree on one. Third and fourth bytes of a sequence are checked apart, by
// the lead two and three bytes back. Documents with text outside ASCII (names, messages, JSON
// inside strings) otherwise pay a mispredicted branch at each run of it.
namespace utf8_lookup {
// The errors a pair of bytes may be, one bit each.
inline constexpr unsigned char too_short = 1 << 0;  // a lead, then no continuation
inline constexpr unsigned char too_long = 1 << 1;   // ASCII, then a continuation
inline constexpr unsigned char overlong_3 = 1 << 2; // E0, then 80..9F
inline constexpr unsigned char too_large = 1 << 3;  // above U+10FFFF: F4 90.., F5..
inline constexpr unsigned char surrogate = 1 << 4;  // ED, then A0..BF
inline constexpr unsigned char overlong_2 = 1 << 5; // C0 or C1
// These two share a bit: F0 and F5..FF differ in their low nibble, which the second lookup
// (first_low_table) tells apart.
inline constexpr unsigned char too_large_1000 = 1 << 6; // F5.. then 80..8F
inline constexpr unsigned char overlong_4 = 1 << 6;     // F0, then 80..8F
inline constexpr unsigned char two_continuations = 1 << 7;
inline constexpr unsigned char carry = too_short | too_long | two_continuations;

template <class... Bytes>
inline __m128i table(Bytes... bytes) noexcept {
    return _mm_setr_epi8(static_cast<char>(bytes)...);
}

// The errors a pair may be, by the high nibble of its first byte.
inline __m128i first_high_table() noexcept {
    return table(too_long, too_long, too_long, too_long, too_long, too_long, too_long, too_long,
                 two_continuations, two_continuations, two_continuations, two_continuations,
                 too_short | overlong_2, too_short, too_short | overlong_3 | surrogate,
                 too_short | too_large | too_large_1000 | overlong_4);
}
// By the low nibble of its first byte.
inline __m128i first_low_table() noexcept {
    constexpr unsigned char large = carry | too_large | too_large_1000;
    return table(carry | overlong_3 | overlong_2 | overlong_4, carry | overlong_2, carry, carry,
                 carry | too_large, large, large, large, large, large, large, large, large,
                 large | surrogate, large, large);
}
// By the high nibble of its second byte.
inline __m128i second_high_table() noexcept {
    constexpr unsigned char continuation = too_long | overlong_2 | two_continuations;
    return table(too_short, too_short, too_short, too_short, too_short, too_short, too_short,
                 too_short, continuation | overlong_3 | too_large_1000 | overlong_4,
                 continuation | overlong_3 | too_large, continuation | surrogate | too_large,
                 continuation | surrogate | too_large, too_short, too_short, too_short, too_short);
}

// Bit 7 of each byte set when that byte of `input` is not where UTF-8 allows it, given the
// block before it (`previous`).
[[gnu::target("ssse3")]] inline __m128i block_errors(__m128i input, __m128i previous) noexcept {
    const __m128i nibble = _mm_set1_epi8(0x0F);
    const __m128i prev1 = _mm_alignr_epi8(input, previous, 15);
    const __m128i pair_errors = _mm_and_si128(
        _mm_and_si128(
            _mm_shuffle_epi8(first_high_table(), _mm_and_si128(_mm_srli_epi16(prev1, 4), nibble)),
            _mm_shuffle_epi8(first_low_table(), _mm_and_si128(prev1, nibble))),
        _mm_shuffle_epi8(second_high_table(), _mm_and_si128(_mm_srli_epi16(input, 4), nibble)));
    // Where a lead two (E0..) or three (F0..) bytes back needs a continuation: bit 7 set.
    const __m128i third = _mm_subs_epu8(_mm_alignr_epi8(input, previous, 14), _mm_set1_epi8(0x60));
    const __m128i fourth = _mm_subs_epu8(_mm_alignr_epi8(input, previous, 13), _mm_set1_epi8(0x70));
    const __m128i must_continue =
        _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8(static_cast<char>(0x80)));
    // A continuation there is flagged as two_continuations (bit 7) by the pair: the two cancel.
    return _mm_xor_si128(must_continue, pair_errors);
}

// The same for 32 bytes. AVX2's byte shuffles and shifts work within each 16-byte half, so the
// bytes before the upper half's first ones come from the lower half, and the lower half's from
// the previous block's upper half.
[[gnu::target("avx2")]] inline __m256i block_errors(__m256i input, __m256i previous) noexcept {
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    const __m256i before = _mm256_permute2x128_si256(previous, input, 0x21);
    const __m256i prev1 = _mm256_alignr_epi8(input, before, 15);
    const __m256i pair_errors = _mm256_and_si256(
        _mm256_and_si256(_mm256_shuffle_epi8(_mm256_broadcastsi128_si256(first_high_table()),
                                             _mm256_and_si256(_mm256_srli_epi16(prev1, 4), nibble)),
                         _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(first_low_table()),
                                             _mm256_and_si256(prev1, nibble))),
        _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(second_high_table()),
                            _mm256_and_si256(_mm256_srli_epi16(input, 4), nibble)));
    const __m256i third =
        _mm256_subs_epu8(_mm256_alignr_epi8(input, before, 14), _mm256_set1_epi8(0x60));
    const __m256i fourth =
        _mm256_subs_epu8(_mm256_alignr_epi8(input, before, 13), _mm256_set1_epi8(0x70));
    const __m256i must_continue =
        _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8(static_cast<char>(0x80)));
    return _mm256_xor_si256(must_continue, pair_errors);
}
} // namespace utf8_lookup

/// is_valid_utf8_scalar's answer, 32 bytes at a time in two 16-byte blocks.
[[gnu::target("ssse3")]] inline bool is_valid_utf8_ssse3(std::string_view text) noexcept {
    const char* p = text.data();
    const char* const end = p + text.size();
    const auto load = [](const char* at) {
        return _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    };
    const __m128i zero = _mm_setzero_si128();
    // Bytes 13 to 15 of a block that lead sequences longer than what is left of it.
    const __m128i last_leads_limit = _mm_setr_epi8(
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, static_cast<char>(0xF0 - 1),
        static_cast<char>(0xE0 - 1), static_cast<char>(0xC0 - 1));
    __m128i errors = zero, previous = zero, unfinished = zero;
    for (; end - p >= 32; p += 32) {
        const __m128i low = load(p), high = load(p + 16);
        if (_mm_movemask_epi8(_mm_or_si128(low, high)) == 0) {
            errors = _mm_or_si128(errors, unfinished); // a sequence the ASCII cut short
            // Zero bytes stand for the ASCII skipped: the next block only asks whether the bytes
            // before it were ASCII.
            unfinished = previous = zero;
            continue;
        }
        errors = _mm_or_si128(errors, utf8_lookup::block_errors(low, previous));
        errors = _mm_or_si128(errors, utf8_lookup::block_errors(high, low));
        unfinished = _mm_subs_epu8(high, last_leads_limit);
        previous = high;
    }
    if (end - p >= 16) {
        const __m128i input = load(p);
        errors = _mm_or_si128(errors, utf8_lookup::block_errors(input, previous));
        previous = input;
        p += 16;
    }
    // The rest, padded with zero bytes: as ASCII, they end any sequence the text cut short with
    // an error.
    char rest[16] = {};
    if (p != end) // memcpy must not see the null pointer of an empty view
        std::memcpy(rest, p, static_cast<std::size_t>(end - p));
    errors = _mm_or_si128(errors, utf8_lookup::block_errors(load(rest), previous));
    return _mm_movemask_epi8(_mm_cmpeq_epi8(errors, zero)) == 0xFFFF;
}

/// is_valid_utf8_scalar's answer, 32 bytes at a time.
[[gnu::target("avx2")]] inline bool is_valid_utf8_avx2(std::string_view text) noexcept {
    const char* p = text.data();
    const char* const end = p + text.size();
    const __m256i zero = _mm256_setzero_si256();
    // Bytes 29 to 31 of a block that lead sequences longer than what is left of it.
    const __m256i last_leads_limit =
        _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                         -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, static_cast<char>(0xF0 - 1),
                         static_cast<char>(0xE0 - 1), static_cast<char>(0xC0 - 1));
    __m256i errors = zero, previous = zero, unfinished = zero;
    for (; end - p >= 32; p += 32) {
        const __m256i input = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
        if (_mm256_movemask_epi8(input) == 0) {
            errors = _mm256_or_si256(errors, unfinished); // a sequence the ASCII cut short
            unfinished = previous = zero;                 // as in is_valid_utf8_ssse3
            continue;
        }
        errors = _mm256_or_si256(errors, utf8_lookup::block_errors(input, previous));
        unfinished = _mm256_subs_epu8(input, last_leads_limit);
        previous = input;
    }
    // The rest, padded with zero bytes: as ASCII, they end any sequence the text cut short with
    // an error.
    char rest[32] = {};
    if (p != end) // memcpy must not see the null pointer of an empty view
        std::memcpy(rest, p, static_cast<std::size_t>(end - p));
    errors = _mm256_or_si256(
        errors, utf8_lookup::block_errors(
                    _mm256_loadu_si256(reinterpret_cast<const __m256i*>(rest)), previous));
    return _mm256_testz_si256(errors, errors) != 0;
}
#endif

/// Whether `text` is valid UTF-8, strict as basic_parser is (utf8_sequence_length): with the
/// widest of the checks above that the CPU running it has.
inline bool is_valid_utf8(std::string_view text) noexcept {
#if defined(AWSML_DETAIL_UTF8_X86_DISPATCH) && defined(__AVX2__) // built for CPUs that have it
    return is_valid_utf8_avx2(text);
#elif defined(AWSML_DETAIL_UTF8_X86_DISPATCH)
    enum class width { scalar, ssse3, avx2 };
    static const width widest = [] {
        __builtin_cpu_init(); // in case this runs in a static initializer, before libgcc's own
        return __builtin_cpu_supports("avx2")    ? width::avx2
               : __builtin_cpu_supports("ssse3") ? width::ssse3
                                                 : width::scalar;
    }();
    switch (widest) {
    case width::avx2:
        return is_valid_utf8_avx2(text);
    case width::ssse3:
        return is_valid_utf8_ssse3(text);
    case width::scalar:
        break;
    }
    return is_valid_utf8_scalar(text);
#else
    return is_valid_utf8_scalar(text);
#endif
}

/// The first byte at which `text` is not valid UTF-8 (strict, as is_valid_utf8), or npos: what
/// an error message names. Checked whole first, since nearly every text is valid.
inline std::size_t invalid_utf8_offset(std::string_view text) noexcept {
    if (is_valid_utf8(text))
        return std::string_view::npos;
    const char* end = text.data() + text.size();
    for (const char* p = text.data(); p != end;) {
        const std::size_t length =
            static_cast<unsigned char>(*p) < 0x80 ? 1 : utf8_sequence_length(p, end);
        if (length == 0)
            return static_cast<std::size_t>(p - text.data());
        p += length;
    }
    return std::string_view::npos;
}

/// A code point read from UTF-8 text, and the bytes it took.
struct utf8_code_point {
    char32_t value;
    std::size_t length;
};

/// The code point that starts at text[at] (at < text.size()). A byte that starts no well-formed
/// sequence is a code point of its own, of the byte's value, so text that is not UTF-8 is still
/// read through, a byte at a time.
inline utf8_code_point code_point_at(std::string_view text, std::size_t at) noexcept {
    const auto lead = static_cast<unsigned char>(text[at]);
    const std::size_t length =
        lead < 0x80 ? 1 : utf8_sequence_length(text.data() + at, text.data() + text.size());
    if (length <= 1)
        return {lead, 1};
    char32_t value = lead & (0x7F >> length);
    for (std::size_t i = 1; i < length; ++i)
        value = (value << 6) | (static_cast<unsigned char>(text[at + i]) & 0x3F);
    return {value, length};
}

/// The value of the four hex digits at `p` (a JSON \u escape's), or -1.
inline std::int32_t json_hex4(const char* p) noexcept {
    static constexpr auto values = [] {
        std::array<std::int8_t, 256> table{};
        table.fill(-1);
        for (int i = 0; i < 10; ++i)
            table['0' + i] = static_cast<std::int8_t>(i);
        for (int i = 0; i < 6; ++i) {
            table['a' + i] = static_cast<std::int8_t>(10 + i);
            table['A' + i] = static_cast<std::int8_t>(10 + i);
        }
        return table;
    }();
    const auto digit = [&](int i) {
        return static_cast<std::int32_t>(values[static_cast<unsigned char>(p[i])]);
    };
    const std::int32_t a = digit(0), b = digit(1), c = digit(2), d = digit(3);
    if ((a | b | c | d) < 0)
        return -1;
    return a << 12 | b << 8 | c << 4 | d;
}

/// The code point a UTF-16 surrogate pair (high D800-DBFF, low DC00-DFFF) stands for.
constexpr std::uint32_t from_surrogate_pair(std::uint32_t high, std::uint32_t low) noexcept {
    return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
}

/// Writes a code point as UTF-8 (1 to 4 bytes); returns the number of bytes.
inline std::size_t write_utf8(char* out, std::uint32_t cp) noexcept {
    const auto byte = [](std::uint32_t b) { return static_cast<char>(b); };
    if (cp < 0x80) {
        out[0] = byte(cp);
        return 1;
    }
    if (cp < 0x800) {
        out[0] = byte(0xC0 | (cp >> 6));
        out[1] = byte(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = byte(0xE0 | (cp >> 12));
        out[1] = byte(0x80 | ((cp >> 6) & 0x3F));
        out[2] = byte(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = byte(0xF0 | (cp >> 18));
    out[1] = byte(0x80 | ((cp >> 12) & 0x3F));
    out[2] = byte(0x80 | ((cp >> 6) & 0x3F));
    out[3] = byte(0x80 | (cp & 0x3F));
    return 4;
}

} // namespace awsml::detail
