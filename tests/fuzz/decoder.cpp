// Fuzz target: bytes -> GetMLModel's output shape (and the modeled error shapes) through
// awsml's JSON decoder. Checks: no crash or leak; a document the decoder accepts is valid JSON
// to Boost.JSON too; a failure names a JSON path and a reason; a decoded value survives
// to_json -> decode with the same JSON form; and whatever the optimistic reader accepts,
// basic_parser accepts too and decodes to the same value, while what it declines,
// basic_parser refuses too; and decoding into a value kept from the previous input
// (from_json(text, out, ec)) gives what decoding afresh gives, or an empty value on failure; and
// the 16- and 32-byte UTF-8 checks give the sequence-by-sequence check's verdict.
#include <awsml/machinelearning/shapes.hpp>
#include <awsml/model/detail/optimistic_json_reader.hpp>
#include <awsml/model/detail/utf8.hpp>
#include <awsml/model/from_json.hpp>
#include <awsml/model/to_json.hpp>

#include <boost/json/parse.hpp>

#include "fuzz_support.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using awsml_fuzz::require;

bool boost_json_accepts(std::string_view text) {
    boost::json::parse_options options;
    options.max_depth = 64; // the decoder's own limit
    boost::system::error_code ec;
    (void)boost::json::parse(text, ec, {}, options);
    return !ec;
}

template <class Shape>
void check_round_trip(std::string_view text) {
    auto first = awsml::try_from_json<Shape>(text);
    if (!first) {
        const awsml::decode_failure& failure = first.error();
        require(failure.code.category() == awsml::error_category(),
                "failure code is an awsml::errc");
        require(!failure.path.empty() && failure.path.front() == '$', "failure path starts at $",
                failure.path);
        require(!failure.reason.empty(), "failure has a reason");
        require(failure.offset <= text.size(), "failure offset inside the document");
        return;
    }
    require(boost_json_accepts(text), "decoder accepted what Boost.JSON rejects", text);
    const std::string json = awsml::to_json(*first);
    require(boost_json_accepts(json), "to_json wrote invalid JSON", json);
    auto second = awsml::try_from_json<Shape>(json);
    require(second.has_value(), "to_json output does not decode",
            second ? std::string_view() : std::string_view(second.error().message()));
    const std::string again = awsml::to_json(*second);
    require(again == json, "decode(to_json(x)) differs from x", json + "\n  vs\n" + again);

    // The std::error_code form agrees with the result form.
    std::error_code ec;
    (void)awsml::from_json<Shape>(text, ec);
    require(!ec, "from_json(text, ec) fails where try_from_json succeeds");
}

// An exponent of 10 or more significant digits: the optimistic reader leaves those to
// basic_parser (which takes some and refuses others as an exponent overflow).
bool has_huge_exponent(std::string_view text) {
    for (std::size_t at = text.find_first_of("eE"); at != std::string_view::npos;
         at = text.find_first_of("eE", at + 1)) {
        std::size_t digit = text.find_first_not_of("+-", at + 1);
        digit = digit == std::string_view::npos ? text.size() : digit;
        digit = std::min(text.find_first_not_of('0', digit), text.size());
        const std::size_t end = std::min(text.find_first_not_of("0123456789", digit), text.size());
        if (end - digit >= 10)
            return true;
    }
    return false;
}

template <class Shape>
void check_optimistic_reader(std::string_view text) {
    namespace detail = awsml::detail;
    Shape fast{};
    detail::unescape_buffer scratch;
    detail::json_decoder handler({&fast, &detail::ops_for<Shape>(), nullptr, nullptr});
    detail::optimistic_json_reader<detail::json_decoder> reader(handler, 64, scratch);
    const bool read = reader.read(text);
    Shape slow{};
    awsml::decode_failure failure;
    const bool decoded = detail::decode_json(
        text, {&slow, &detail::ops_for<Shape>(), nullptr, nullptr}, {}, failure);
    if (!read) {
        // Only documents basic_parser refuses go to it: no valid document falls off the fast path.
        require(!decoded || has_huge_exponent(text),
                "the optimistic reader declined what basic_parser decodes", text);
        return;
    }
    require(decoded, "the optimistic reader accepted what basic_parser rejects", text);
    // Both paths round every double correctly, so they must agree exactly. Compared in JSON
    // form, whose floats are written in their shortest round-trip form (so equal text is equal
    // bits), and where a NaN member is equal to itself.
    require(awsml::to_json(fast) == awsml::to_json(slow),
            "the optimistic reader and basic_parser decode differently", text);
}

// The value each input is decoded into holds the previous input's: reuse must not show through.
template <class Shape>
void check_reuse(std::string_view text) {
    static Shape kept{};
    std::error_code ec;
    awsml::from_json(text, kept, ec);
    const auto fresh = awsml::try_from_json<Shape>(text);
    if (!fresh) {
        require(static_cast<bool>(ec),
                "decoding into a kept value accepted what fresh decoding refuses", text);
        require(awsml::to_json(kept) == awsml::to_json(Shape{}),
                "a failed decoding into a kept value left it non-empty", text);
        return;
    }
    require(!ec, "decoding into a kept value refused what fresh decoding accepts", text);
    require(awsml::to_json(kept) == awsml::to_json(*fresh),
            "decoding into a kept value differs from decoding afresh", text);
}

} // namespace

// The decoder reaches only the widest UTF-8 check the CPU has; each is held to the reference.
void check_utf8_checks(std::string_view text) {
#if defined(AWSML_DETAIL_UTF8_X86_DISPATCH)
    static const bool has_ssse3 = __builtin_cpu_supports("ssse3") != 0;
    static const bool has_avx2 = __builtin_cpu_supports("avx2") != 0;
    const bool expected = awsml::detail::is_valid_utf8_scalar(text);
    require(!has_ssse3 || awsml::detail::is_valid_utf8_ssse3(text) == expected,
            "the 16-byte UTF-8 check disagrees with the sequence-by-sequence one");
    require(!has_avx2 || awsml::detail::is_valid_utf8_avx2(text) == expected,
            "the 32-byte UTF-8 check disagrees with the sequence-by-sequence one");
#else
    (void)text;
#endif
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_round_trip<awsml::get_ml_model_output>(text);
    check_round_trip<awsml::resource_not_found_exception>(text);
    check_optimistic_reader<awsml::get_ml_model_output>(text);
    check_reuse<awsml::get_ml_model_output>(text);
    check_utf8_checks(text);
    return 0;
}
