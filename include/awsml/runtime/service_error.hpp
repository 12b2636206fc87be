#pragma once

/// \file
/// What a non-2xx awsJson1_1 response says went wrong, and the exception that carries it.
///
/// The error code is looked for, in order (Smithy's awsJson1_1 specification), in the
/// X-Amzn-ErrorType header, the body's top-level "code" when it is a string, and the body's
/// top-level "__type"; it is the part before the first ':' and after the last '#'
/// ("aws.ml#InvalidInputException:http://..." names InvalidInputException). Amazon Machine
/// Learning's errors also carry "code" as an integer; it is kept as numeric_code. Whatever the
/// body is (JSON, HTML from a proxy, nothing), the result keeps the status and a bounded,
/// printable excerpt of it.

#include <awsml/core/detail/hex.hpp>
#include <awsml/core/detail/separate_compilation.hpp>
#include <awsml/core/error.hpp>
#include <awsml/http/message.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace awsml {

/// What an error response said, as far as it could be read: parse_error_response() never fails,
/// it leaves empty what it cannot find.
struct service_error_info {
    int http_status = 0; ///< the response's status; 0 when no response arrived
    std::string code;    ///< the error's shape name, e.g. "ResourceNotFoundException"; may be empty
    std::string message; ///< the body's "message" (or "Message"); may be empty
    std::string request_id; ///< x-amzn-RequestId (or x-amz-request-id); may be empty
    std::optional<std::int32_t> numeric_code; ///< the body's "code" when it is an integer
    std::string body_excerpt;                 ///< the body's start, non-printable bytes escaped

    friend bool operator==(const service_error_info&, const service_error_info&) = default;
};

/// The shape name in a raw error type: before the first ':', after the last '#'.
constexpr std::string_view normalize_error_code(std::string_view raw) noexcept {
    raw = raw.substr(0, raw.find(':'));
    auto hash = raw.rfind('#');
    return hash == std::string_view::npos ? raw : raw.substr(hash + 1);
}

/// How many bytes of an error body service_error_info::body_excerpt keeps.
inline constexpr std::size_t default_excerpt_limit = 200;

/// The first `limit` bytes of a body, readable on one line: printable ASCII as it is, newline,
/// carriage return and tab as `\n \r \t`, every other byte as `\xNN`; "... (N bytes)" when cut.
AWSML_DECL std::string body_excerpt(std::string_view body,
                                    std::size_t limit = default_excerpt_limit);

namespace detail::error_response {

inline const boost::json::string* string_member(const boost::json::object& object,
                                                std::string_view key) {
    const auto* value = object.if_contains(key);
    return value ? value->if_string() : nullptr;
}

AWSML_DECL std::optional<std::int32_t> int32_member(const boost::json::object& object,
                                                    std::string_view key);

AWSML_DECL void read_error_body(const boost::json::object& body, service_error_info& info);

} // namespace detail::error_response

/// Reads an error response. Never fails: what cannot be found stays empty.
AWSML_DECL service_error_info parse_error_response(const http_response& response);

/// One line for people: "InvalidInputException: <message> (HTTP 400, request id <id>)", or
/// with no code found, "HTTP 502 error response: <excerpt>". What the service wrote is shown
/// terminal-safe (detail::terminal_safe): controls escaped, on one line; info keeps it as sent.
AWSML_DECL std::string describe(const service_error_info& info);

/// Thrown for an error response from the service: code() is errc::service_error, what() the
/// description above, info() everything that was found.
class service_error : public error {
public:
    /// What the service answered; what() is describe(info).
    explicit service_error(service_error_info info)
        : error(make_error_code(errc::service_error), describe(info))
        , info_(std::move(info)) {}

    /// Everything found in the response.
    const service_error_info& info() const noexcept { return info_; }
    /// The response's HTTP status, e.g. 400.
    int http_status() const noexcept { return info_.http_status; }
    /// The service's error code, e.g. "ResourceNotFoundException" ("" when it sent none). Not
    /// code(), which is the std::error_code errc::service_error.
    const std::string& error_code() const noexcept { return info_.code; }
    /// The service's message ("" when it sent none).
    const std::string& message() const noexcept { return info_.message; }
    /// The request ID to quote to AWS support ("" when none came).
    const std::string& request_id() const noexcept { return info_.request_id; }

private:
    service_error_info info_;
};

} // namespace awsml

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/runtime/impl/service_error.ipp>
#endif
