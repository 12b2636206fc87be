#pragma once

// What a failed call tells its caller, in both API forms: the non-throwing form returns an
// outcome<T> (a boost::system::result carrying a call_failure); the throwing form throws the
// matching exception, built from the same call_failure.
//   - a modeled error of the operation:  modeled_service_error<Shape>, e.g.
//   resource_not_found_error
//   - any other error the service sent:  service_error
//   - a request that breaks the model:   validation_error
//   - configuration, transport, decoding: awsml::error with the errc

#include <awsml/error.hpp>
#include <awsml/service_error.hpp>
#include <awsml/shapes.hpp>
#include <awsml/validate.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <string>
#include <variant>
#include <vector>

namespace awsml {

/// The body of one of GetMLModel's modeled errors, when the service sent one.
using modeled_error_body = std::variant<std::monostate, invalid_input_exception,
                                        resource_not_found_exception, internal_server_exception>;

/// Facts about one call, successful or not.
struct response_metadata {
    std::string request_id;
    int http_status = 0;
    int attempts = 0;
    std::chrono::nanoseconds latency{0};
};

struct call_failure {
    std::error_code code;       ///< errc::service_error, errc::timeout, errc::no_region, ...
    std::string message;        ///< the full explanation; never holds a secret
    service_error_info service; ///< what the service answered (http_status 0 when it did not)
    modeled_error_body modeled; ///< the modeled error's body, when the code names one
    std::vector<violation> violations; ///< for errc::validation_failed
    response_metadata metadata;

    /// The modeled error's body if the failure is that error, e.g.
    /// as<resource_not_found_exception>().
    template <class Shape>
    const Shape* as() const noexcept {
        return std::get_if<Shape>(&modeled);
    }
};

template <class T>
using outcome = boost::system::result<T, call_failure>;

/// A modeled error of the operation, carrying its decoded body (message and integer code).
template <class Shape>
class modeled_service_error : public service_error {
public:
    modeled_service_error(service_error_info info, Shape body)
        : service_error(std::move(info))
        , body_(std::move(body)) {}
    const Shape& body() const noexcept { return body_; }

private:
    Shape body_;
};

using invalid_input_error = modeled_service_error<invalid_input_exception>;
using resource_not_found_error = modeled_service_error<resource_not_found_exception>;
using internal_server_error = modeled_service_error<internal_server_exception>;

/// Throws the exception that matches the failure (outcome<T>::value() calls this).
[[noreturn]] inline void throw_exception_from_error(const call_failure& failure,
                                                    const boost::source_location& = {}) {
    if (auto* e = failure.as<invalid_input_exception>())
        throw invalid_input_error(failure.service, *e);
    if (auto* e = failure.as<resource_not_found_exception>())
        throw resource_not_found_error(failure.service, *e);
    if (auto* e = failure.as<internal_server_exception>())
        throw internal_server_error(failure.service, *e);
    if (failure.code == errc::service_error)
        throw service_error(failure.service);
    if (failure.code == errc::validation_failed)
        throw validation_error(failure.violations);
    throw error(failure.code, failure.message);
}

} // namespace awsml
