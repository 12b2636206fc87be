#pragma once

/// \file
/// What a failed call tells its caller, in both API forms: the non-throwing form returns an
/// outcome<T> (a boost::system::result carrying a call_failure); the throwing form throws the
/// matching exception, built from the same call_failure.
///   - a modeled error of the operation:  modeled_service_error<Shape>, e.g. the service's
///                                        resource_not_found_error
///   - any other error the service sent:  service_error
///   - a request that breaks the model:   validation_error
///   - configuration, transport, decoding: call_error (an awsml::error with the errc), carrying
///                                        the whole call_failure

#include <awsml/core/error.hpp>
#include <awsml/http/transport.hpp>
#include <awsml/model/validate.hpp>
#include <awsml/runtime/service_error.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <exception>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace awsml {

/// A modeled error of the operation, carrying its decoded body (message and integer code).
template <class Shape>
class modeled_service_error : public service_error {
public:
    /// What the service answered, and its body decoded as the error's shape.
    modeled_service_error(service_error_info info, Shape body)
        : service_error(std::move(info))
        , body_(std::move(body)) {}
    /// The decoded body: its `message` and, for most of Amazon ML's errors, its integer `code`.
    const Shape& body() const noexcept { return body_; }

private:
    Shape body_;
};

/// The decoded body of one of the operation's modeled errors, of whichever shape the error code
/// named; empty when the service sent another error. Knows how to throw itself as
/// modeled_service_error<Shape>, so that no generic code lists a service's errors.
class modeled_error_body {
public:
    modeled_error_body() = default;

    /// Holds `body`, which throw_if_set() throws as modeled_service_error<Shape>.
    template <class Shape>
    static modeled_error_body of(Shape body) {
        modeled_error_body out;
        out.body_ = std::make_shared<const Shape>(std::move(body));
        out.type_ = &type_tag<Shape>;
        out.throw_ = [](const void* shape, const service_error_info& info) {
            throw modeled_service_error<Shape>(info, *static_cast<const Shape*>(shape));
        };
        return out;
    }

    /// The body if it is a Shape.
    template <class Shape>
    const Shape* get() const noexcept {
        return type_ == &type_tag<Shape> ? static_cast<const Shape*>(body_.get()) : nullptr;
    }

    /// True when it holds a body (the failure is one of the operation's modeled errors).
    explicit operator bool() const noexcept { return body_ != nullptr; }

    /// Throws modeled_service_error<Shape>; does nothing when empty.
    void throw_if_set(const service_error_info& info) const {
        if (body_)
            throw_(body_.get(), info);
    }

private:
    template <class Shape>
    static constexpr char type_tag = 0;

    std::shared_ptr<const void> body_;
    const char* type_ = nullptr;
    void (*throw_)(const void*, const service_error_info&) = nullptr;
};

/// Facts about one call, successful or not.
/// Facts about one call, successful or not: pass one to a call's metadata parameter to receive
/// them, or read call_failure::metadata.
struct response_metadata {
    /// The service's request ID (x-amzn-RequestId, else x-amz-request-id) of the last answer; ""
    /// when none came. Quote it to AWS support.
    std::string request_id;
    int http_status = 0; ///< the last answer's HTTP status; 0 when no answer came
    int attempts = 0;    ///< attempts sent, retries included (1 for a call that was not retried)
    /// The whole call's duration: every attempt, and the waits between them.
    std::chrono::nanoseconds latency{0};
};

namespace detail {

/// How a failure's message tells of `thrown` (not null): "threw: " and its what(), or that it
/// is of an unknown type.
inline std::string thrown_words(const std::exception_ptr& thrown) {
    try {
        std::rethrow_exception(thrown);
    } catch (const std::exception& e) {
        return std::string("threw: ") + e.what();
    } catch (...) {
        return "threw an exception of unknown type";
    }
}

} // namespace detail

/// Why a call failed, as the non-throwing forms return it in their outcome; the throwing forms
/// throw the matching exception (see throw_exception_from_error()).
struct call_failure {
    std::error_code code;       ///< errc::service_error, errc::timeout, errc::no_region, ...
    std::string message;        ///< the full explanation; never holds a secret
    service_error_info service; ///< what the service answered (http_status 0 when it did not)
    modeled_error_body modeled; ///< the modeled error's body, when the code names one
    std::vector<violation> violations; ///< for errc::validation_failed
    response_metadata metadata;        ///< the call's attempts, last status, request ID, duration
    /// For a failure of the exchange (transport_error, timeout, malformed_http_response,
    /// response_too_large, cancelled, the call's deadline cutting an attempt): how far the last
    /// attempt got, so whether the service may have received the request. unknown for a
    /// service's error, a request refused before sending, a configuration that cannot be used,
    /// and transports that do not say. curl_transport tells less (see its last_failure_stage()).
    transport_stage stage = transport_stage::unknown;
    /// For errc::hook_failed: the exception a hook, the transport or another step of the call
    /// threw. The non-throwing forms give its what() in `message`; the throwing forms throw it
    /// again, as it was.
    std::exception_ptr thrown;

    /// The modeled error's body if the failure is that error, e.g.
    /// as<resource_not_found_exception>().
    template <class Shape>
    const Shape* as() const noexcept {
        return modeled.get<Shape>();
    }
};

/// Thrown for a call's failure that is neither the service's error nor the input's:
/// configuration, transport, decoding, timeouts. code() and what() as awsml::error's; failure()
/// is what the non-throwing form returns: how far the exchange got (stage), the answer's HTTP
/// status and request ID when one came but could not be used, the attempts.
class call_error : public error {
public:
    /// Throws nothing but std::bad_alloc; copies share the failure, as exceptions must copy
    /// without throwing.
    explicit call_error(call_failure failure)
        : error(failure.code, failure.message)
        , failure_(std::make_shared<const call_failure>(std::move(failure))) {}
    /// The failure, as try_call's outcome holds it.
    const call_failure& failure() const noexcept { return *failure_; }

private:
    std::shared_ptr<const call_failure> failure_;
};

/// The failure's message (never a secret), as tests and logs show it.
inline std::ostream& operator<<(std::ostream& out, const call_failure& failure) {
    return out << failure.message;
}

/// What the non-throwing calls return: the output, or the call_failure. `value()` throws what the
/// throwing call would; `has_value()`, `error()` and `*` read it without throwing.
template <class T>
using outcome = boost::system::result<T, call_failure>;

/// Throws the exception that matches the failure (outcome<T>::value() calls this). A code the
/// failure's contents do not back (errc::service_error without an answer, as a credentials
/// provider or a transport may report it; errc::validation_failed without violations) throws
/// call_error with the failure's own message, which the typed exceptions would lose.
[[noreturn]] inline void throw_exception_from_error(const call_failure& failure,
                                                    const boost::source_location& = {}) {
    if (failure.thrown)
        std::rethrow_exception(failure.thrown);
    failure.modeled.throw_if_set(failure.service);
    if (failure.code == errc::service_error && failure.service.http_status != 0)
        throw service_error(failure.service);
    if (failure.code == errc::validation_failed && !failure.violations.empty())
        throw validation_error(failure.violations);
    throw call_error(failure);
}

} // namespace awsml
