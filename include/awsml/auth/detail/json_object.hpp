#pragma once

// The JSON documents the credential sources read (credential_process output, IMDS and container
// answers, the SSO token cache and the SSO services' answers): an object whose members are read
// as strings. One parse and one member lookup for all of them, so their messages agree.

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace awsml::detail {

/// The JSON object `text` holds, or why it does not hold one: "is not valid JSON (<reason>)" or
/// "is not a JSON object", for the caller to put after what it read.
inline boost::system::result<boost::json::object, std::string>
parse_json_object(std::string_view text) {
    boost::system::error_code ec;
    boost::json::value document = boost::json::parse(text, ec);
    if (ec)
        return std::string("is not valid JSON (") + ec.message() + ")";
    if (!document.is_object())
        return std::string("is not a JSON object");
    return std::move(document.as_object());
}

/// The member `name` when it is a string; null when it is missing or not a string.
inline const boost::json::string* json_string_field(const boost::json::object& object,
                                                    std::string_view name) {
    const boost::json::value* field = object.if_contains(name);
    return field ? field->if_string() : nullptr;
}

inline std::string text_of(const boost::json::string& s) {
    return std::string(s.data(), s.size());
}

} // namespace awsml::detail
