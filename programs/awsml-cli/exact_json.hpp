#pragma once

// A JSON document as values, its numbers exactly: Boost.JSON 1.81's parser may round a 17-digit
// double differently from its text, and the CLI must print the digits the answer carried.

#include <boost/json/value.hpp>

#include <string_view>

namespace awsml::cli {

/// The value of the JSON text `text`, each double the correctly rounded value of its digits.
/// Throws std::invalid_argument, naming the byte, for text that is not JSON.
boost::json::value parse_exact_json(std::string_view text);

} // namespace awsml::cli
