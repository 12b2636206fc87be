#pragma once

// The error vocabulary shared by every layer: one errc enum with its category, so that the
// throwing API (awsml::error and its subclasses) and the non-throwing one (std::error_code)
// speak the same codes.

#include <stdexcept>
#include <string>
#include <system_error>

namespace awsml {

/// What went wrong, for every awsml failure: the value of awsml::error::code() and of the
/// std::error_code the non-throwing API sets (compare with `ec == awsml::errc::timeout`). The
/// values are stable: new codes are added at the end.
enum class errc {
    // response and request data
    malformed_json = 1, ///< a response body is not valid JSON
    type_mismatch,      ///< a JSON member has the wrong type for its shape (the path is named)
    out_of_range,       ///< a number does not fit its member's type
    invalid_timestamp,  ///< a timestamp member is neither epoch seconds nor ISO 8601
    invalid_value,      ///< a value breaks a rule of its type (e.g. a blob that is not base64)
    too_deep,           ///< a document nests deeper than the decoder's limit
    validation_failed,  ///< a request breaks its shape's constraints; nothing was sent
    // configuration
    config_error,              ///< a config file, variable or setting is malformed or inconsistent
    no_region,                 ///< no region in code, the environment or the profile
    no_credentials,            ///< no credentials source had any; the message lists those tried
    credential_process_failed, ///< the profile's credential_process failed or printed bad output
    endpoint_error,            ///< no endpoint could be resolved (bad URL, unsupported FIPS ...)
    // the exchange with the service
    transport_error,         ///< connecting, TLS or the exchange failed (the transport's words)
    timeout,                 ///< call_timeout, or a transport's connect/read timeout, ran out
    cancelled,               ///< an asynchronous call was cancelled through its slot
    service_error,           ///< the service answered with an error (its code and message kept)
    retries_exhausted,       ///< every attempt failed with a retryable error
    signature_error,         ///< a request could not be signed
    malformed_http_response, ///< the response is not well-formed HTTP/1.1
    response_too_large,      ///< the response exceeds the parser's size limits
    // paginators and waiters
    pagination_loop, ///< the service returned a pagination token already seen
    waiter_failed,   ///< a waiter reached a failure state (e.g. the entity FAILED)
    waiter_timeout,  ///< a waiter ran out of attempts before a success state
    // configuration, added later (values stay stable)
    credentials_source_failed, ///< a network source (IMDS, container, STS, SSO) is set up but failed
    hook_failed, ///< a hook, the transport or another step threw, ending the call (what())
};

/// The category of awsml::errc ("awsml"); its message() gives each code's short description.
class error_category_impl final : public std::error_category {
public:
    /// "awsml".
    const char* name() const noexcept override { return "awsml"; }
    /// The short description of errc(value), e.g. "timed out".
    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
        case errc::malformed_json:
            return "malformed JSON";
        case errc::type_mismatch:
            return "wrong JSON type";
        case errc::out_of_range:
            return "number out of range";
        case errc::invalid_timestamp:
            return "invalid timestamp";
        case errc::invalid_value:
            return "invalid value";
        case errc::too_deep:
            return "JSON nested too deeply";
        case errc::validation_failed:
            return "validation failed";
        case errc::config_error:
            return "configuration error";
        case errc::no_region:
            return "no region configured";
        case errc::no_credentials:
            return "no credentials found";
        case errc::credential_process_failed:
            return "credential_process failed";
        case errc::credentials_source_failed:
            return "credentials source failed";
        case errc::hook_failed:
            return "a hook threw";
        case errc::endpoint_error:
            return "endpoint resolution failed";
        case errc::transport_error:
            return "transport error";
        case errc::timeout:
            return "timed out";
        case errc::cancelled:
            return "cancelled";
        case errc::service_error:
            return "service error";
        case errc::retries_exhausted:
            return "retries exhausted";
        case errc::signature_error:
            return "signing failed";
        case errc::malformed_http_response:
            return "malformed HTTP response";
        case errc::response_too_large:
            return "response too large";
        case errc::pagination_loop:
            return "the service repeated a page token";
        case errc::waiter_failed:
            return "the waited-for resource failed";
        case errc::waiter_timeout:
            return "the waiter ran out of attempts";
        }
        return "unknown awsml error";
    }
};

/// The one awsml error category instance.
inline const std::error_category& error_category() noexcept {
    static const error_category_impl instance;
    return instance;
}

/// Makes awsml::errc values convert to std::error_code (found by argument-dependent lookup).
inline std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

/// Base of every exception awsml throws: a std::system_error whose code() is an awsml::errc
/// (or a transport's own code) and whose what() is the full, human-readable explanation.
class error : public std::system_error {
public:
    /// `what` is the whole explanation, returned verbatim by what().
    error(std::error_code code, std::string what)
        : std::system_error(code)
        , what_(std::move(what)) {}
    /// The explanation: what failed, where (e.g. the JSON path) and why; never a secret.
    const char* what() const noexcept override { return what_.c_str(); }

private:
    std::string what_; // exactly the explanation: system_error would append the code's message
};

} // namespace awsml

template <>
struct std::is_error_code_enum<awsml::errc> : std::true_type {};
