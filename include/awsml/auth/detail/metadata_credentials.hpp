#pragma once

// What the instance metadata service and the container endpoint have in common: the credentials
// document both return ({"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}). Errors name
// the field, never its value.

#include <awsml/auth/credentials.hpp>
#include <awsml/auth/detail/json_object.hpp>
#include <awsml/config/detail/ini.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/model/timestamp.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace awsml::detail {

/// Whether the body parses as JSON at all (IMDS retries a credentials answer that does not).
inline bool is_json(std::string_view body) {
    boost::system::error_code ec;
    boost::json::parse(body, ec);
    return !ec;
}

/// The credentials document: the four fields must be non-empty strings and Expiration an ISO 8601
/// timestamp. A failure has `code` and a message starting with `label`. An error document
/// ({"Code": ..., "Message": ...}, as IMDS answers when the role cannot be assumed) is reported
/// with its code and message, which hold no secret.
inline config_result<credentials> parse_metadata_credentials(std::string_view body,
                                                             const std::string& label, errc code) {
    auto failure = [&](const std::string& why) {
        return config_failure{make_error_code(code), label + ": " + why};
    };
    auto document = parse_json_object(body);
    if (!document)
        return failure("the credentials answer " + document.error());
    const boost::json::object* object = &*document;

    auto string_field = [&](std::string_view name) { return json_string_field(*object, name); };
    const auto* error_code = string_field("Code");
    const auto* error_message = string_field("Message");
    if (error_code && error_message && *error_code != "Success" && !object->contains("AccessKeyId"))
        return failure("the service answered with an error: " + in_quotes(text_of(*error_code)) +
                       ": " + in_quotes(text_of(*error_message)));

    for (std::string_view name : {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}) {
        const boost::json::value* field = object->if_contains(name);
        if (!field)
            return failure("the credentials answer has no \"" + std::string(name) + "\"");
        if (!field->is_string() || field->get_string().empty())
            return failure("\"" + std::string(name) +
                           "\" in the credentials answer is not a non-empty string");
    }
    credentials found;
    found.access_key_id = text_of(*string_field("AccessKeyId"));
    found.secret_access_key = text_of(*string_field("SecretAccessKey"));
    found.session_token = text_of(*string_field("Token"));
    auto expiration = system_time_from_iso8601(text_of(*string_field("Expiration")));
    if (!expiration)
        return failure(R"("Expiration" in the credentials answer is not an ISO 8601 timestamp )"
                       "within the clock's range: " +
                       in_quotes(text_of(*string_field("Expiration"))));
    found.expiration = *expiration;
    // Newer instance metadata and container endpoints add the role's account; null is none (as
    // botocore's get('AccountId') reads it).
    if (const boost::json::value* account = object->if_contains("AccountId");
        account && !account->is_null()) {
        if (!account->is_string())
            return failure(R"("AccountId" in the credentials answer is not a string)");
        found.account_id = text_of(account->get_string());
    }
    return found;
}

} // namespace awsml::detail
