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
#include <awsml/model/detail/json_string_scan.hpp>
#include <awsml/model/detail/utf8.hpp>

#include <boost/json/error.hpp>
#include <boost/json/string_view.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace awsml::detail {

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
        if (!is_valid_utf8(json) || !handler_.on_document_begin(ec_))
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
        const char* special = find_string_special(start, end_);
        if (special == end_)
            return false;
        if (*special == '"') {
            out = std::string_view(start, static_cast<std::size_t>(special - start));
            p_ = special + 1;
            return true;
        }
        if (*special != '\\') // a control character
            return false;
        return escaped_string(start, special, out);
    }

    // At the first backslash of the string that began at `start`: unescapes all of it into the
    // scratch buffer, written through a local pointer. The unescaped text is never longer than
    // what it came from, so room for the rest of the document is room enough, and every 16-byte
    // store below stays within it.
    bool escaped_string(const char* start, const char* p, std::string_view& out) {
        const auto before = static_cast<std::size_t>(p - start);
        scratch_.clear();
        char* const first = scratch_.reserve(before + static_cast<std::size_t>(end_ - p));
        std::memcpy(first, start, before);
        char* o = first + before;
        const auto finish = [&](const char* quote) {
            scratch_.commit(static_cast<std::size_t>(o - first));
            out = scratch_.view();
            p_ = quote + 1;
            return true;
        };
#if defined(__SSE2__)
        // While 32 bytes remain: the specials of each 16-byte block are found once, then
        // handled one after the other from its mask. JSON inside JSON has an escape every few
        // bytes; this way finding the next one does not wait for a load and a compare that
        // depend on where the previous one ended.
        while (end_ - p >= 32) {
            unsigned mask = string_special_mask(load16(p));
            const char* q = p; // the block's first byte not yet written
            while (mask != 0) {
                const char* special = p + __builtin_ctz(mask);
                store16(o, load16(q)); // the plain bytes before it (and some after)
                o += special - q;
                if (*special == '"')
                    return finish(special);
                q = special;
                if (!escape(q, o)) // also false at a control character
                    return false;
                const auto done = q - p;
                mask = done >= 16 ? 0u : mask & (~0u << done);
            }
            if (q - p < 16) {
                store16(o, load16(q));
                o += p + 16 - q;
                p += 16;
            } else {
                p = q; // the last escape ended beyond the block
            }
        }
#endif
        for (;;) {
            if (!copy_plain_run(p, o))
                return false;
            if (*p == '"')
                return finish(p);
            if (!escape(p, o))
                return false;
        }
    }

#if defined(__SSE2__)
    static __m128i load16(const char* p) noexcept {
        return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    }
    static void store16(char* o, __m128i bytes) noexcept {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(o), bytes);
    }
#endif

    // At a special byte of a string other than its closing quote: writes what the escape there
    // stands for at `o`, and moves both past it; false for a control character or an invalid
    // escape.
    bool escape(const char*& p, char*& o) const noexcept {
        if (*p != '\\' || end_ - p < 2)
            return false;
        if (p[1] == 'u')
            return unicode_escape(p, o);
        const char plain = escaped_char(p[1]);
        if (plain == 0)
            return false;
        *o++ = plain;
        p += 2;
        return true;
    }

    // Copies plain bytes from `p` to `o` up to the next special byte, where it leaves `p`;
    // false at the end of the input. Runs between escapes are short in JSON-inside-JSON: 16
    // bytes are stored unconditionally, and only the plain ones are kept.
    bool copy_plain_run(const char*& p, char*& o) const noexcept {
#if defined(__SSE2__)
        while (end_ - p >= 16) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(o), bytes);
            if (const unsigned mask = string_special_mask(bytes); mask != 0) {
                const auto plain = static_cast<unsigned>(__builtin_ctz(mask));
                p += plain;
                o += plain;
                return true;
            }
            p += 16;
            o += 16;
        }
#endif
        for (; p != end_; ++p, ++o) {
            if (is_string_special(*p))
                return true;
            *o = *p;
        }
        return false;
    }

    // What a two-character escape stands for, from the character after the backslash; 0 for
    // an invalid escape (and for "\\u", which unicode_escape() reads). A table, not a switch:
    // JSON inside strings alternates \" and \n, which a jump mispredicts.
    static char escaped_char(char c) noexcept {
        static constexpr auto plain = [] {
            std::array<char, 256> table{};
            table['"'] = '"';
            table['\\'] = '\\';
            table['/'] = '/';
            table['b'] = '\b';
            table['f'] = '\f';
            table['n'] = '\n';
            table['r'] = '\r';
            table['t'] = '\t';
            return table;
        }();
        return plain[static_cast<unsigned char>(c)];
    }

    // At "\\u": writes the code point, or the surrogate pair's, as UTF-8 at `o`; a lone
    // surrogate is left to basic_parser.
    bool unicode_escape(const char*& p, char*& o) const noexcept {
        if (end_ - p < 6)
            return false;
        const std::int32_t unit = json_hex4(p + 2);
        if (unit < 0 || (unit >= 0xDC00 && unit <= 0xDFFF))
            return false;
        auto cp = static_cast<std::uint32_t>(unit);
        p += 6;
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            if (end_ - p < 6 || p[0] != '\\' || p[1] != 'u')
                return false;
            const std::int32_t low = json_hex4(p + 2);
            if (low < 0xDC00 || low > 0xDFFF)
                return false;
            cp = from_surrogate_pair(cp, static_cast<std::uint32_t>(low));
            p += 6;
        }
        o += write_utf8(o, cp);
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
