#pragma once

// A JSON document as values, its numbers exactly: Boost.JSON 1.81's parser may round a 17-digit
// double differently from its text, and the CLI must print the digits the answer carried.

#include <boost/json/value.hpp>

#include <cstddef>
#include <stdexcept>
#include <string_view>

namespace awsml::cli {

/// The deepest nesting of arrays and objects parse_exact_json reads: what is read is also
/// printed and searched by recursion.
inline constexpr std::size_t max_json_depth = 256;

/// Thrown for a document nested deeper than max_json_depth.
struct json_too_deep : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

/// The value of the JSON text `text`, each double the correctly rounded value of its digits.
/// Throws std::invalid_argument, naming the byte, for text that is not JSON.
boost::json::value parse_exact_json(std::string_view text);

} // namespace awsml::cli
