#pragma once

// How a failed call ends the CLI: its exit code and its lines on stderr, as the AWS CLI writes
// them. An error response is named as botocore names it, from the status where the body names no
// error; and what the service wrote is shown with its control characters escaped, so that an
// answer cannot move the cursor, retitle the terminal or fake a line of output.

#include <awsml-cli/commands.hpp>
#include <awsml/awsml.hpp>
#include <awsml/core/detail/trim.hpp>
#include <awsml/http/reason_phrase.hpp>

#include <iostream>
#include <string>
#include <string_view>

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

/// `text` with C0 and C1 control characters (and DEL) written as escapes: `\n`, `\r`, `\t`,
/// `\xNN`, `\u0080`-`\u009f`; everything else, UTF-8 included, as it is. `lines`: line feeds
/// stay (the client's own messages list things one per line).
inline std::string terminal_safe(std::string_view text, bool lines = false) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
        if (byte == '\n')
            out += lines ? "\n" : "\\n";
        else if (byte == '\r')
            out += "\\r";
        else if (byte == '\t')
            out += "\\t";
        else if (byte < 0x20 || byte == 0x7f)
            out += {'\\', 'x', digits[byte >> 4], digits[byte & 0xf]};
        else if (byte == 0xc2 && next >= 0x80 && next <= 0x9f) // U+0080-U+009F in UTF-8
            out += {'\\', 'u', '0', '0', digits[next >> 4], digits[next & 0xf]}, ++i;
        else
            out += text[i];
    }
    return out;
}

/// An error response's code and message as botocore reads them: a 5xx whose body is empty or an
/// HTML page is named by its status and reason phrase; otherwise a response whose body names no
/// error is named by its status, and a body that is not JSON is its message.
struct error_names {
    std::string code;
    std::string message;
};

inline error_names botocore_names(const awsml::service_error_info& s) {
    const std::string_view body = awsml::detail::trim(s.body_excerpt);
    const std::string status = std::to_string(s.http_status);
    if (s.http_status >= 500 && (body.empty() || body.starts_with("<html>")))
        return {status, std::string(awsml::http_reason_phrase(s.http_status))};
    error_names names{s.code.empty() ? status : s.code, s.message};
    if (s.code.empty() && s.message.empty() && !body.starts_with('{'))
        names.message = s.body_excerpt;
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

/// The AWS CLI's line for a failed call; `retry`: the client's strategy.
inline void print_failure(std::string_view operation, const awsml::call_failure& f,
                          const awsml::retry_strategy& retry) {
    if (f.code == awsml::errc::service_error) {
        const error_names names = botocore_names(f.service);
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
inline void print_waiter_failure(std::string_view waiter, const awsml::call_failure& f) {
    if (f.code == awsml::errc::service_error) {
        const error_names names = botocore_names(f.service);
        std::cerr << "\nWaiter " << waiter << " failed: An error occurred ("
                  << terminal_safe(names.code) << "): " << terminal_safe(names.message) << "\n";
    } else {
        std::cerr << "\n" << terminal_safe(f.message, true) << "\n";
    }
}

} // namespace awsml::cli
