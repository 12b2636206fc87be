// A JSON document as values, its numbers exactly (exact_json.hpp).
#include <awsml-cli/exact_json.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

#include <charconv>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace awsml::cli {

namespace {

namespace json = boost::json;
using json::error_code;
using json::string_view;

// Builds the document as Boost.JSON's own parser does, but converts each double from its text
// with std::from_chars, which rounds correctly.
struct exact_handler {
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);

    json::value_stack stack;
    std::string number; // a number's text split over parts

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_object_begin(error_code&) { return true; }
    bool on_object_end(std::size_t n, error_code&) { return stack.push_object(n), true; }
    bool on_array_begin(error_code&) { return true; }
    bool on_array_end(std::size_t n, error_code&) { return stack.push_array(n), true; }
    bool on_key_part(string_view s, std::size_t, error_code&) { return stack.push_chars(s), true; }
    bool on_key(string_view s, std::size_t, error_code&) { return stack.push_key(s), true; }
    bool on_string_part(string_view s, std::size_t, error_code&) {
        return stack.push_chars(s), true;
    }
    bool on_string(string_view s, std::size_t, error_code&) { return stack.push_string(s), true; }
    bool on_number_part(string_view s, error_code&) { return number.append(s), true; }
    bool on_int64(std::int64_t i, string_view, error_code&) {
        number.clear();
        return stack.push_int64(i), true;
    }
    bool on_uint64(std::uint64_t u, string_view, error_code&) {
        number.clear();
        return stack.push_uint64(u), true;
    }
    bool on_double(double d, string_view s, error_code&) {
        number.append(s);
        double exact = d;
        const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), exact);
        number.clear();
        // Out of range (1e400): from_chars leaves it unconverted; Boost.JSON's infinity stands.
        return stack.push_double(ec == std::errc{} ? exact : d), true;
    }
    bool on_bool(bool b, error_code&) { return stack.push_bool(b), true; }
    bool on_null(error_code&) { return stack.push_null(), true; }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }
};

} // namespace

boost::json::value parse_exact_json(std::string_view text) {
    json::parse_options options;
    options.max_depth = max_json_depth;
    json::basic_parser<exact_handler> parser(options);
    parser.handler().stack.reset();
    error_code ec;
    const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
    if (ec == json::error::too_deep)
        throw json_too_deep("JSON nested more than " + std::to_string(max_json_depth) +
                            " levels deep at byte " + std::to_string(used));
    if (ec || used != text.size())
        throw std::invalid_argument("not JSON at byte " + std::to_string(used) + ": " +
                                    (ec ? ec.message() : std::string("text after the value")));
    return parser.handler().stack.release();
}

} // namespace awsml::cli
