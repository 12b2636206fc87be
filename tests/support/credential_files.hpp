#pragma once

// What the credentials tests share: times written as the files they fake write them, and the
// members of the JSON files the providers write back.

#include <awsml/model/timestamp.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

namespace awsml_test {

/// An ISO 8601 time (a test's own literal) on the system clock. Throws for a malformed one:
/// tests also call it before Catch2 runs, to initialise their constants.
inline std::chrono::system_clock::time_point at(const std::string& iso8601) {
    auto parsed = awsml::parse_iso8601(iso8601);
    if (!parsed)
        throw std::invalid_argument("not an ISO 8601 time: " + iso8601);
    return std::chrono::time_point_cast<std::chrono::system_clock::duration>(*parsed);
}

/// The member `key` of `object` when it is a string; "(not a string)" otherwise, so that a
/// CHECK shows what was there instead.
inline std::string json_text(const boost::json::object& object, std::string_view key) {
    const boost::json::value* field = object.if_contains(key);
    return field && field->is_string() ? std::string(field->get_string()) : "(not a string)";
}

} // namespace awsml_test
