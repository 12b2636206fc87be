#pragma once

// Where a plain run inside a JSON string ends: at a quote, a backslash or a control character.
// The one scanner of both directions: the optimistic reader hands such runs over whole, and the
// writer copies them whole before escaping the byte that ends them. 16 bytes at a time with SSE2.

#include <cstddef>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace awsml::detail {

#if defined(__SSE2__)
/// Bit i set when byte i of the 16 ends a plain run inside a JSON string: a quote, a
/// backslash or a control character. Bytes from 0x80 are plain: the reader validates a
/// document's UTF-8 once, before it reads it (is_valid_utf8), and the writer copies them as
/// they are.
inline unsigned string_special_mask(__m128i bytes) noexcept {
    // SSE2 has no unsigned byte compare: max(b, 0x1F) == 0x1F exactly when b <= 0x1F.
    const __m128i control_limit = _mm_set1_epi8(0x1F);
    const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(bytes, control_limit), control_limit);
    const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')),
                                                      _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'))),
                                         control);
    return static_cast<unsigned>(_mm_movemask_epi8(special));
}
#endif

inline bool is_string_special(char c) noexcept {
    const auto byte = static_cast<unsigned char>(c);
    return byte == '"' || byte == '\\' || byte < 0x20;
}

/// The first byte at or after `p` that ends a plain run inside a JSON string, or `end`.
inline const char* find_string_special(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
    while (end - p >= 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        if (const unsigned mask = string_special_mask(bytes); mask != 0)
            return p + __builtin_ctz(mask);
        p += 16;
    }
#endif
    while (p < end && !is_string_special(*p))
        ++p;
    return p;
}

} // namespace awsml::detail
