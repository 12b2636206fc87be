#pragma once

// The error vocabulary shared by every layer: one errc enum with its category, so that the
// throwing API (awsml::error and its subclasses) and the non-throwing one (std::error_code)
// speak the same codes.

#include <stdexcept>
#include <string>
#include <system_error>

namespace awsml {

enum class errc {
    // response and request data
    malformed_json = 1,
    type_mismatch,
    out_of_range,
    invalid_timestamp,
    invalid_value,
    too_deep,
    validation_failed,
    // configuration
    config_error,
    no_region,
    no_credentials,
    credential_process_failed,
    endpoint_error,
    // the exchange with the service
    transport_error,
    timeout,
    cancelled,
    service_error,
    retries_exhausted,
    signature_error,
    malformed_http_response,
    response_too_large,
    // paginators and waiters
    pagination_loop,
    waiter_failed,
    waiter_timeout,
    // configuration, added later (values stay stable)
    credentials_source_failed, ///< a network source (IMDS, container, STS, SSO) is set up but failed
};

class error_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "awsml"; }
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

inline const std::error_category& error_category() noexcept {
    static const error_category_impl instance;
    return instance;
}

inline std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

/// Base of every exception awsml throws: a std::system_error whose code() is an awsml::errc
/// (or a transport's own code) and whose what() is the full, human-readable explanation.
class error : public std::system_error {
public:
    error(std::error_code code, std::string what)
        : std::system_error(code)
        , what_(std::move(what)) {}
    const char* what() const noexcept override { return what_.c_str(); }

private:
    std::string what_; // exactly the explanation: system_error would append the code's message
};

} // namespace awsml

template <>
struct std::is_error_code_enum<awsml::errc> : std::true_type {};
