#pragma once

// How a failed call ends the CLI: its exit code and its lines on stderr, as the AWS CLI writes
// them. An error response is named as botocore names it, from the status where the body names no
// error; and what the service wrote is shown with its control characters escaped, so that an
// answer cannot move the cursor, retitle the terminal or fake a line of output.

#include <awsml-cli/commands.hpp>
#include <awsml/awsml.hpp>
#include <awsml/core/detail/trim.hpp>
#include <awsml/http/reason_phrase.hpp>
#include <awsml/model/detail/terminal_safe.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

namespace awsml::cli {

inline int exit_code_for(const awsml::call_failure& f) {
    using awsml::errc;
    if (f.code == errc::service_error)
        return exit_service_error;
    if (f.code == errc::no_region || f.code == errc::no_credentials ||
        f.code == errc::config_error || f.code == errc::credential_process_failed ||
        f.code == errc::credentials_source_failed || f.code == errc::endpoint_error)
        return exit_config_error;
    if (f.code == errc::validation_failed)
        return exit_usage_error;
    return exit_other_error;
}

/// What the service wrote, safe to print (awsml::detail::terminal_safe).
using awsml::detail::terminal_safe;

/// The last error response a command's calls received (its secrets replaced, as hooks see it):
/// what botocore's error line is made of.
struct error_answer {
    int status = 0; ///< 0: none arrived
    std::string body;
};

/// `hooks` that also keep each error response in `kept`.
inline awsml::hooks keeping_error_answers(awsml::hooks hooks, std::shared_ptr<error_answer> kept) {
    hooks.after_receive = [kept, previous = std::move(hooks.after_receive)](
                              const awsml::attempt_context& context,
                              const awsml::http_response* response, std::error_code ec,
                              std::chrono::nanoseconds latency) {
        if (previous)
            previous(context, response, ec, latency);
        if (response && response->status >= 300)
            *kept = {response->status, response->body};
    };
    return hooks;
}

/// An error response's code and message as botocore reads them (parsers.py): a 5xx whose body
/// is blank or an HTML page is named by its status and reason phrase; otherwise the code is the
/// body's `__type` (else the status), the message its `message` or `Message`, or the whole body
/// when it is not JSON. Headers are not read: botocore reads none for this protocol.
struct error_names {
    std::string code;
    std::string message;
};

inline error_names botocore_names(const error_answer& answer) {
    const std::string status = std::to_string(answer.status);
    const std::string_view stripped = awsml::detail::trim(answer.body, " \t\n\r\x0b\x0c");
    if (answer.status >= 500 && (stripped.empty() || stripped.starts_with("<html>")))
        return {status, std::string(awsml::http_reason_phrase(answer.status))};
    if (answer.body.empty())
        return {status, ""};
    boost::system::error_code ec;
    const boost::json::value document = boost::json::parse(answer.body, ec);
    if (ec)
        return {status, answer.body};
    const boost::json::object* body = document.if_object();
    if (!body)
        return {status, ""};
    auto text = [](const boost::json::value& v) {
        return v.is_string() ? std::string(v.get_string()) : boost::json::serialize(v);
    };
    error_names names{status, ""};
    if (const auto* message = body->if_contains("message"))
        names.message = text(*message);
    else if (const auto* capital = body->if_contains("Message"))
        names.message = text(*capital);
    if (const auto* type = body->if_contains("__type"))
        names.code = std::string(awsml::normalize_error_code(text(*type)));
    return names;
}

/// Whether botocore would say "reached max retries" of a service error: in the standard and
/// adaptive modes, when the last attempt allowed failed; in the legacy mode, when it failed with
/// an error that mode retries.
inline bool reached_max_retries(const awsml::call_failure& f, const awsml::retry_strategy& retry) {
    if (f.metadata.attempts < retry.max_attempts())
        return false;
    return retry.mode() != awsml::retry_mode::legacy ||
           awsml::is_retryable_legacy({f.service.http_status, f.service.code, false, false});
}

// The failure's error response as botocore names it, or as the client read it if none was kept.
inline error_names names_of(const awsml::call_failure& f, const error_answer& answer) {
    if (answer.status == f.service.http_status)
        return botocore_names(answer);
    return {f.service.code, f.service.message};
}

/// The AWS CLI's line for a failed call; `retry`: the client's strategy, `answer`: the last error
/// response (keeping_error_answers).
inline void print_failure(std::string_view operation, const awsml::call_failure& f,
                          const awsml::retry_strategy& retry, const error_answer& answer) {
    if (f.code == awsml::errc::service_error) {
        const error_names names = names_of(f, answer);
        std::cerr << "\nAn error occurred (" << terminal_safe(names.code) << ") when calling the "
                  << operation << " operation";
        if (reached_max_retries(f, retry))
            std::cerr << " (reached max retries: " << f.metadata.attempts - 1 << ")";
        std::cerr << ": " << terminal_safe(names.message) << "\n";
    } else if (f.code == awsml::errc::validation_failed) {
        std::cerr << "\nParameter validation failed:\n";
        for (const auto& v : f.violations)
            std::cerr << "Invalid " << v.path << ": " << v.message << "\n";
    } else if (f.code == awsml::errc::no_region) { // said in the CLI's terms, not the library's
        std::cerr << "\nYou must specify a region: --region, AWS_REGION or AWS_DEFAULT_REGION, or "
                     "the profile's region.\n";
    } else {
        std::cerr << "\n" << terminal_safe(f.message, true) << "\n";
    }
}

/// botocore's WaiterError for a waiter that ended on an error response.
inline void print_waiter_failure(std::string_view waiter, const awsml::call_failure& f,
                                 const error_answer& answer) {
    if (f.code == awsml::errc::service_error) {
        const error_names names = names_of(f, answer);
        std::cerr << "\nWaiter " << waiter << " failed: An error occurred ("
                  << terminal_safe(names.code) << "): " << terminal_safe(names.message) << "\n";
    } else {
        std::cerr << "\n" << terminal_safe(f.message, true) << "\n";
    }
}

} // namespace awsml::cli
