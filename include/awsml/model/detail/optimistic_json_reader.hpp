#pragma once

// A JSON reader for the documents services actually send, in front of Boost.JSON's
// basic_parser: it drives the same handler (json_decoder), but scans strings 16 bytes at a time
// and hands them over whole, where basic_parser copies escaped strings byte by byte (most of the
// decoding time of a verbose GetMLModel response, whose Recipe and Schema are JSON inside
// strings).
//
// It is optimistic: it takes every valid document the handler accepts, with the values
// basic_parser's handler would receive (numbers correctly rounded on both paths), and returns
// false on anything else (a syntax error, a handler that rejects a value, invalid UTF-8, a lone
// surrogate, deep nesting). The caller then decodes the document again with basic_parser, which
// decides and explains. So errors, their JSON paths and byte offsets all come from one place, and
// this reader only has to be right about what it accepts (tests/fuzz/decoder.cpp checks both
// directions against basic_parser).

#include <awsml/model/detail/decimal_to_double.hpp>

#include <boost/json/error.hpp>
#include <boost/json/string_view.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace awsml::detail {

#if defined(__SSE2__)
/// Bit i set when byte i of the 16 ends a plain run inside a JSON string: a quote, a
/// backslash, a control character or a non-ASCII byte (which needs UTF-8 validation).
inline unsigned string_special_mask(__m128i bytes) noexcept {
    // A signed compare below 0x20 catches both the control characters and 0x80 to 0xFF.
    const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')),
                                                      _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'))),
                                         _mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20)));
    return static_cast<unsigned>(_mm_movemask_epi8(special));
}
#endif

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
    for (; p < end; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
            return p;
    }
    return end;
}

/// Length of the valid UTF-8 sequence starting at `p` (a byte >= 0x80), or 0. Strict as
/// basic_parser is: no overlong forms, no surrogates, nothing above U+10FFFF.
inline std::size_t utf8_sequence_length(const char* p, const char* end) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(p[i]); };
    const unsigned char c = byte(0);
    const std::size_t length = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (length == 0 || static_cast<std::size_t>(end - p) < length || (length == 2 && c < 0xC2))
        return 0;
    for (std::size_t k = 1; k < length; ++k)
        if ((byte(k) & 0xC0) != 0x80)
            return 0;
    if (length == 3) {
        const unsigned cp = (c & 0x0Fu) << 12 | (byte(1) & 0x3Fu) << 6;
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
    }
    if (length == 4) {
        const unsigned cp = (c & 0x07u) << 18 | (byte(1) & 0x3Fu) << 12;
        if (cp < 0x10000 || cp > 0x10FFFF)
            return 0;
    }
    return length;
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

/// Where strings with escapes are unescaped: a growable buffer written through a pointer,
/// without the capacity check of each std::string::push_back or the zero fill of resize.
class unescape_buffer {
public:
    void clear() noexcept { size_ = 0; }
    std::string_view view() const noexcept { return {data_.get(), size_}; }
    std::size_t capacity() const noexcept { return capacity_; }

    /// Room for `n` more bytes; write them at the pointer returned, then commit(n or fewer).
    char* reserve(std::size_t n) {
        if (capacity_ - size_ < n)
            grow(size_ + n);
        return data_.get() + size_;
    }
    void commit(std::size_t n) noexcept { size_ += n; }

    void append(const char* first, const char* last) {
        const auto n = static_cast<std::size_t>(last - first);
        if (n == 0) // memcpy must not see the null pointer of a buffer never grown
            return;
        std::memcpy(reserve(n), first, n);
        size_ += n;
    }

private:
    void grow(std::size_t needed) {
        const std::size_t capacity = std::max(needed, 2 * capacity_ + 64);
        auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
        if (size_ != 0)
            std::memcpy(bigger.get(), data_.get(), size_);
        data_ = std::move(bigger);
        capacity_ = capacity;
    }

    std::unique_ptr<char[]> data_;
    std::size_t capacity_ = 0;
    std::size_t size_ = 0;
};

template <class Handler>
class optimistic_json_reader {
public:
    /// `scratch` receives strings that had escapes; it can be reused between documents.
    optimistic_json_reader(Handler& handler, std::size_t max_depth,
                           unescape_buffer& scratch) noexcept
        : handler_(handler)
        , max_depth_(max_depth)
        , scratch_(scratch) {}

    /// True when the whole of `json` was one valid document and the handler took every value.
    bool read(std::string_view json) {
        p_ = json.data();
        end_ = json.data() + json.size();
        if (!handler_.on_document_begin(ec_))
            return false;
        skip_whitespace();
        if (!value())
            return false;
        skip_whitespace();
        return p_ == end_ && handler_.on_document_end(ec_);
    }

private:
    using text = boost::json::string_view;

    void skip_whitespace() noexcept {
        while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t'))
            ++p_;
    }

    bool consume(char c) noexcept {
        if (p_ == end_ || *p_ != c)
            return false;
        ++p_;
        return true;
    }

    bool value() {
        if (p_ == end_)
            return false;
        switch (*p_) {
        case '{':
            return object();
        case '[':
            return array();
        case '"': {
            std::string_view s;
            ++p_;
            return string(s) && handler_.on_string(text(s.data(), s.size()), s.size(), ec_);
        }
        case 't':
            return literal("true") && handler_.on_bool(true, ec_);
        case 'f':
            return literal("false") && handler_.on_bool(false, ec_);
        case 'n':
            return literal("null") && handler_.on_null(ec_);
        default:
            return number();
        }
    }

    bool literal(std::string_view word) noexcept {
        if (static_cast<std::size_t>(end_ - p_) < word.size() ||
            std::string_view(p_, word.size()) != word)
            return false;
        p_ += word.size();
        return true;
    }

    // basic_parser takes max_depth levels and refuses one more.
    bool enter() noexcept { return ++depth_ <= max_depth_; }

    bool object() {
        ++p_;
        if (!enter() || !handler_.on_object_begin(ec_))
            return false;
        skip_whitespace();
        std::size_t members = 0;
        if (!consume('}')) {
            do {
                skip_whitespace();
                std::string_view key;
                if (!consume('"') || !string(key) ||
                    !handler_.on_key(text(key.data(), key.size()), key.size(), ec_))
                    return false;
                skip_whitespace();
                if (!consume(':'))
                    return false;
                skip_whitespace();
                if (!value())
                    return false;
                ++members;
                skip_whitespace();
            } while (consume(','));
            if (!consume('}'))
                return false;
        }
        --depth_;
        return handler_.on_object_end(members, ec_);
    }

    bool array() {
        ++p_;
        if (!enter() || !handler_.on_array_begin(ec_))
            return false;
        skip_whitespace();
        std::size_t elements = 0;
        if (!consume(']')) {
            do {
                skip_whitespace();
                if (!value())
                    return false;
                ++elements;
                skip_whitespace();
            } while (consume(','));
            if (!consume(']'))
                return false;
        }
        --depth_;
        return handler_.on_array_end(elements, ec_);
    }

    // After the opening quote. `out` views the input when the string has no escape, else the
    // scratch buffer.
    bool string(std::string_view& out) {
        const char* start = p_;
        for (const char* run = p_;;) {
            const char* special = find_string_special(run, end_);
            if (special == end_)
                return false;
            const auto c = static_cast<unsigned char>(*special);
            if (c == '"') {
                out = std::string_view(start, static_cast<std::size_t>(special - start));
                p_ = special + 1;
                return true;
            }
            if (c == '\\') {
                scratch_.clear();
                scratch_.append(start, special);
                p_ = special;
                return escaped_string(out);
            }
            const std::size_t length = c >= 0x80 ? utf8_sequence_length(special, end_) : 0;
            if (length == 0) // a control character or invalid UTF-8
                return false;
            run = special + length;
        }
    }

    // At the first backslash of a string: unescapes the rest of it into the scratch buffer.
    bool escaped_string(std::string_view& out) {
        for (;;) {
            copy_plain_run();
            if (p_ == end_)
                return false;
            const auto c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                out = scratch_.view();
                ++p_;
                return true;
            }
            if (c == '\\') {
                if (!unescape())
                    return false;
                continue;
            }
            const std::size_t length = c >= 0x80 ? utf8_sequence_length(p_, end_) : 0;
            if (length == 0)
                return false;
            scratch_.append(p_, p_ + length);
            p_ += length;
        }
    }

    // Copies plain bytes to the scratch buffer up to the next special byte (or the end). Runs
    // between escapes are short in JSON-inside-JSON: 16 bytes are stored unconditionally, and
    // only the plain ones are kept.
    void copy_plain_run() {
#if defined(__SSE2__)
        while (end_ - p_ >= 16) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p_));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(scratch_.reserve(16)), bytes);
            if (const unsigned mask = string_special_mask(bytes); mask != 0) {
                const auto plain = static_cast<std::size_t>(__builtin_ctz(mask));
                scratch_.commit(plain);
                p_ += plain;
                return;
            }
            scratch_.commit(16);
            p_ += 16;
        }
#endif
        const char* special = find_string_special(p_, end_);
        scratch_.append(p_, special);
        p_ = special;
    }

    // At a backslash: appends what the escape stands for to the scratch buffer.
    bool unescape() {
        if (end_ - p_ < 2)
            return false;
        const char c = p_[1];
        p_ += 2;
        char plain;
        switch (c) {
        case '"':
        case '\\':
        case '/':
            plain = c;
            break;
        case 'b':
            plain = '\b';
            break;
        case 'f':
            plain = '\f';
            break;
        case 'n':
            plain = '\n';
            break;
        case 'r':
            plain = '\r';
            break;
        case 't':
            plain = '\t';
            break;
        case 'u':
            return unicode_escape();
        default:
            return false;
        }
        *scratch_.reserve(1) = plain;
        scratch_.commit(1);
        return true;
    }

    bool hex4(std::uint32_t& out) noexcept {
        if (end_ - p_ < 4)
            return false;
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = *p_++;
            const int digit = c >= '0' && c <= '9'   ? c - '0'
                              : c >= 'a' && c <= 'f' ? c - 'a' + 10
                              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                     : -1;
            if (digit < 0)
                return false;
            out = out << 4 | static_cast<std::uint32_t>(digit);
        }
        return true;
    }

    // After "\u": a code point, or a surrogate pair; a lone surrogate is left to basic_parser.
    bool unicode_escape() {
        std::uint32_t cp = 0;
        if (!hex4(cp) || (cp >= 0xDC00 && cp <= 0xDFFF))
            return false;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t low = 0;
            if (!consume('\\') || !consume('u') || !hex4(low) || low < 0xDC00 || low > 0xDFFF)
                return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        scratch_.commit(write_utf8(scratch_.reserve(4), cp));
        return true;
    }

    bool at_digit() const noexcept {
        return p_ != end_ && *p_ >= '0' && *p_ <= '9';
    }
    bool at_any_of(std::string_view chars) const noexcept {
        return p_ != end_ && chars.find(*p_) != std::string_view::npos;
    }
    std::uint64_t digit() const noexcept {
        return static_cast<std::uint64_t>(*p_ - '0');
    }

    // Every valid number is taken, converted as basic_parser's handler converts it: integers
    // exactly (int64, then uint64, then beyond as a double), doubles correctly rounded. A number
    // in an unknown member is only checked, not converted.
    bool number() {
        const char* begin = p_;
        const bool negative = consume('-');
        if (!at_digit())
            return false;
        std::uint64_t mantissa = 0; // the first 19 significant digits
        int digits = 0;             // significant digits, leading zeros excluded
        if (*p_ == '0') {
            ++p_;
            if (at_digit())
                return false; // leading zero
        } else {
            for (; at_digit(); ++p_, ++digits)
                if (digits < 19)
                    mantissa = mantissa * 10 + digit();
        }
        if (!at_any_of(".eE")) {
            if (handler_.skips_next_value())
                return handler_.on_skipped_scalar(), true;
            return integer(text(begin, static_cast<std::size_t>(p_ - begin)), negative, mantissa,
                           digits);
        }
        int power = 0; // of the mantissa, while it holds every digit
        if (consume('.')) {
            if (!at_digit())
                return false;
            for (; at_digit(); ++p_) {
                if (digits == 0 && *p_ == '0') { // leading zeros are not significant
                    --power;
                    continue;
                }
                if (digits < 19) {
                    mantissa = mantissa * 10 + digit();
                    --power;
                }
                ++digits;
            }
        }
        if (consume('e') || consume('E')) {
            const bool negative_exponent = consume('-');
            if (!negative_exponent)
                consume('+');
            if (!at_digit())
                return false;
            // basic_parser refuses exponents beyond INT_MAX, or near it once added to the
            // number's own digits: those rare documents are left to it to decide.
            constexpr std::uint64_t exponent_limit = 1 << 30;
            std::uint64_t exponent = 0;
            for (; at_digit(); ++p_)
                if ((exponent = exponent * 10 + digit()) > exponent_limit)
                    return false;
            power += negative_exponent ? -static_cast<int>(exponent) : static_cast<int>(exponent);
        }
        const text number_text(begin, static_cast<std::size_t>(p_ - begin));
        if (handler_.skips_next_value())
            return handler_.on_skipped_scalar(), true;
        double value = 0;
        if (digits > 19 || !exact_product(mantissa, power, value))
            value = decimal_to_double(number_text);
        else if (negative)
            value = -value;
        return handler_.on_rounded_double(value, number_text, ec_);
    }

    // Like basic_parser: int64 when it fits, else uint64, else the nearest double.
    bool integer(text number_text, bool negative, std::uint64_t mantissa, int digits) {
        constexpr std::uint64_t int64_magnitude = std::uint64_t(1) << 63;
        bool exact = digits <= 19;
        if (digits == 20) // the 20th digit may still fit in uint64
            exact = !__builtin_mul_overflow(mantissa, 10u, &mantissa) &&
                    !__builtin_add_overflow(mantissa, static_cast<std::uint64_t>(p_[-1] - '0'),
                                            &mantissa);
        if (exact && negative && mantissa <= int64_magnitude)
            return handler_.on_int64(static_cast<std::int64_t>(0 - mantissa), number_text, ec_);
        if (exact && !negative && mantissa < int64_magnitude)
            return handler_.on_int64(static_cast<std::int64_t>(mantissa), number_text, ec_);
        if (exact && !negative)
            return handler_.on_uint64(mantissa, number_text, ec_);
        return handler_.on_rounded_double(decimal_to_double(number_text), number_text, ec_);
    }

    // Clinger's fast path: a mantissa a double holds exactly, times or divided by a power of
    // ten a double holds exactly, is one correctly rounded operation. About twice as fast as
    // std::from_chars on the short decimals services send most.
    static bool exact_product(std::uint64_t mantissa, int power, double& out) noexcept {
        static constexpr double powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                            1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
        if (mantissa > (std::uint64_t(1) << 53) || power < -22 || power > 22)
            return false;
        const auto value = static_cast<double>(mantissa);
        out = power < 0 ? value / powers[-power] : value * powers[power];
        return true;
    }

    Handler& handler_;
    std::size_t max_depth_;
    unescape_buffer& scratch_;
    const char* p_ = nullptr;
    const char* end_ = nullptr;
    std::size_t depth_ = 0;
    boost::json::error_code ec_;
};

} // namespace awsml::detail
