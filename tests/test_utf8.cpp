// UTF-8 validation: the 16- and 32-byte checks (SSSE3, AVX2) against the sequence-by-sequence
// reference, which the decoder's tests and fuzz target hold to basic_parser's verdicts.
#include <awsml/model/detail/utf8.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace utf8_test {

namespace {

using awsml::detail::is_valid_utf8_scalar;

// Appends the UTF-8 of a code point (U+0000 to U+10FFFF, surrogates excluded).
void append_utf8(std::string& out, char32_t cp) {
    char bytes[4];
    out.append(bytes, awsml::detail::write_utf8(bytes, static_cast<std::uint32_t>(cp)));
}

// splitmix64: the same texts on every machine.
class generator {
public:
    std::uint64_t operator()() noexcept {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15u);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
        return z ^ (z >> 31);
    }

private:
    std::uint64_t state_ = 0x9E3779B97F4A7C15u;
};

// Bytes at the edges of the classes the checks tell apart.
constexpr unsigned char edges[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0,
                                   0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};

} // namespace

TEST_CASE("the 16- and 32-byte UTF-8 checks agree with the sequence-by-sequence one", "[utf8]") {
#if defined(AWSML_DETAIL_UTF8_X86_DISPATCH)
    const bool has_ssse3 = __builtin_cpu_supports("ssse3") != 0;
    const bool has_avx2 = __builtin_cpu_supports("avx2") != 0;
    if (!has_ssse3)
        WARN("this CPU lacks SSSE3: the 16-byte check is not tested here");
    if (!has_avx2)
        WARN("this CPU lacks AVX2: the 32-byte check is not tested here");
    const auto agree = [&](std::string_view text) {
        const bool expected = is_valid_utf8_scalar(text);
        const bool ssse3_agrees =
            !has_ssse3 || awsml::detail::is_valid_utf8_ssse3(text) == expected;
        const bool avx2_agrees = !has_avx2 || awsml::detail::is_valid_utf8_avx2(text) == expected;
        if (!ssse3_agrees || !avx2_agrees) {
            std::string hex;
            for (const unsigned char c : text)
                hex += "0123456789abcdef"[c >> 4], hex += "0123456789abcdef"[c & 15], hex += ' ';
            FAIL("the " << (ssse3_agrees ? "32" : "16") << "-byte check disagrees on " << hex
                        << "(sequence by sequence: " << expected << ")");
        }
    };

    SECTION("every byte pair, and 3- and 4-byte sequences, across the blocks' and halves' edges") {
        for (const std::size_t offset : {0, 14, 15, 30, 31}) {
            std::string text;
            for (int first = 0; first < 256; ++first)
                for (int second = 0; second < 256; ++second) {
                    text.assign(36, 'a');
                    text[offset] = static_cast<char>(first);
                    text[offset + 1] = static_cast<char>(second);
                    agree(text);
                    if (first < 0xE0 || (offset != 14 && offset != 30))
                        continue;
                    for (const unsigned char third : edges) {
                        text[offset + 2] = static_cast<char>(third);
                        agree(text);
                        if (first < 0xF0)
                            continue;
                        for (const unsigned char fourth : {0x41, 0x80}) {
                            text[offset + 3] = static_cast<char>(fourth);
                            agree(text);
                        }
                        text[offset + 3] = 'a';
                    }
                }
        }
    }
    SECTION("a sequence cut short by the end of the text, or by the ASCII after it") {
        // 64 bytes of ASCII after the cut take the checks' whole-ASCII steps, which must still
        // see the sequence the block before left unfinished.
        const std::string ascii_after(64, 'a');
        for (std::size_t length = 0; length < 72; ++length)
            for (const unsigned char lead : edges) {
                std::string text(length, 'a');
                text += static_cast<char>(lead);
                for (int continuations = 0; continuations < 3; ++continuations) {
                    agree(text);
                    agree(text + ascii_after);
                    text += '\x80';
                }
            }
    }
    SECTION("random text: valid, then with one byte changed") {
        // Code points of every length between runs of ASCII of up to 80 bytes, so that the
        // checks' 32-byte ASCII steps start anywhere and follow non-ASCII blocks.
        generator next;
        const char32_t ranges[][2] = {
            {0x20, 0x7E}, {0x80, 0x7FF}, {0x800, 0xD7FF}, {0xE000, 0xFFFF}, {0x10000, 0x10FFFF}};
        for (int i = 0; i < 4000; ++i) {
            const std::size_t length = next() % 200;
            std::string text;
            while (text.size() < length) {
                if (next() % 2)
                    text.append(next() % 81, 'x');
                const auto& range = ranges[next() % 5];
                append_utf8(text,
                            static_cast<char32_t>(range[0] + next() % (range[1] - range[0] + 1)));
            }
            REQUIRE(is_valid_utf8_scalar(text)); // what write_utf8 wrote
            agree(text);
            if (text.empty())
                continue;
            text[next() % text.size()] = static_cast<char>(edges[next() % std::size(edges)]);
            agree(text);
        }
    }
#else
    WARN("no SSSE3 or AVX2 check on this target: only the sequence-by-sequence check runs here");
#endif
}

TEST_CASE("the UTF-8 check used picks the widest the CPU has, with the same verdicts", "[utf8]") {
    // Through is_valid_utf8, the decoder's entry: whatever the CPU, the reference's verdicts.
    for (const std::string_view text :
         {std::string_view(""), std::string_view("plain ASCII"),
          std::string_view("caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80"),
          std::string_view("caf\xC3\x28"), std::string_view("\xED\xA0\x80"),
          std::string_view("\xF4\x90\x80\x80"), std::string_view("\xC0\xAF"),
          std::string_view("cut short \xE6\x97")}) {
        INFO(text);
        CHECK(awsml::detail::is_valid_utf8(text) == is_valid_utf8_scalar(text));
    }
    CHECK(awsml::detail::is_valid_utf8("caf\xC3\xA9"));
    CHECK_FALSE(awsml::detail::is_valid_utf8("caf\xC3\x28"));
}

} // namespace utf8_test
