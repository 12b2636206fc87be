#pragma once

// How a failed call ends the CLI: its exit code and its lines on stderr, as the AWS CLI writes
// them. An error response is named as botocore names it, from the status where the body names no
// error; and what the service wrote is shown with its control characters escaped, so that an
// answer cannot move the cursor, retitle the terminal or fake a line of output.

#include <awsml-cli/commands.hpp>
#include <awsml-cli/python_json.hpp>
#include <awsml/awsml.hpp>
#include <awsml/core/detail/trim.hpp>
#include <awsml/http/reason_phrase.hpp>
#include <awsml/model/detail/terminal_safe.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
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

/// The last error response a command's calls received (its secrets replaced, as hooks see it), and
/// the URL of the last request sent: what botocore's error line is made of.
struct error_answer {
    int status = 0; ///< 0: none arrived
    std::string body;
    std::string request_url;    ///< as botocore names it: "http://127.0.0.1:8686/"
    bool through_proxy = false; ///< the environment's proxies take that request
};

/// Whether the environment's proxies (the transport's default) take `request`.
inline bool goes_through_proxy(const awsml::http_request& request) {
    const awsml::proxy_selector proxies({}, {}, {}, true, awsml::environment::process());
    const auto proxy = proxies.select(request.scheme == "https", request.host, request.port);
    return proxy && proxy->has_value();
}

/// `hooks` that also keep each error response, and each request's URL, in `kept`.
inline awsml::hooks keeping_error_answers(awsml::hooks hooks, std::shared_ptr<error_answer> kept) {
    hooks.before_send = [kept, previous = std::move(hooks.before_send)](
                            const awsml::attempt_context& context,
                            const awsml::http_request& request) {
        if (previous)
            previous(context, request);
        kept->request_url = awsml::origin_of(request) + request.target; // botocore's request.url
        kept->through_proxy = goes_through_proxy(request);
    };
    hooks.after_receive = [kept, previous = std::move(hooks.after_receive)](
                              const awsml::attempt_context& context,
                              const awsml::http_response* response, std::error_code ec,
                              std::chrono::nanoseconds latency) {
        if (previous)
            previous(context, response, ec, latency);
        if (response && response->status >= 300) {
            kept->status = response->status;
            kept->body = response->body;
        }
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

/// The proxy botocore names when it cannot reach it: the environment's URL for the scheme (the
/// lower-case variable first), "http://" added where it has no scheme, its user and password
/// shown as "***" (botocore's _fix_proxy_url and mask_proxy_url).
inline std::string botocore_proxy_url(std::string_view request_url) {
    const std::string scheme = request_url.starts_with("https:") ? "https" : "http";
    const auto env = awsml::environment::process();
    std::string url =
        env.get_even_if_empty(scheme + "_proxy")
            .value_or(env.get(scheme == "https" ? "HTTPS_PROXY" : "HTTP_PROXY").value_or(""));
    if (url.starts_with("//"))
        url = "http:" + url;
    else if (!url.starts_with("http:") && !url.starts_with("https:"))
        url = "http://" + url;
    // As urllib's urlparse: the authority ends at the first '/', '?' or '#'; its user
    // information at the last '@' in it, split into user and password at the first ':'.
    const std::size_t start = url.find("//") + 2;
    const std::size_t authority_end = std::min(url.find_first_of("/?#", start), url.size());
    const std::size_t at = url.rfind('@', authority_end - 1);
    if (at == std::string::npos || at < start)
        return url;
    const std::string_view userinfo = std::string_view(url).substr(start, at - start);
    const std::size_t colon = userinfo.find(':');
    std::string masked = userinfo.substr(0, colon).empty() ? "" : "***";
    if (colon != std::string_view::npos)
        masked += userinfo.substr(colon + 1).empty() ? ":" : ":***";
    url.replace(start, at - start, masked);
    return url;
}

/// botocore's words for a failure of the exchange itself (EndpointConnectionError,
/// ConnectTimeoutError, ReadTimeoutError, SSLError, ProxyConnectionError,
/// ConnectionClosedError), chosen by how far the last attempt got; none where the failure is
/// another (awsml's own message is printed then). Through a proxy, urllib3 names the proxy
/// whenever its connection was not, or no longer, connected to it: while reaching it, when it
/// refused the tunnel, and when the connection closed before any answer to a forwarded request
/// or inside an open tunnel (http.client closes it then); a CONNECT answer that never came,
/// closed before its status line or was not HTTP is named as an exchange's.
inline std::optional<std::string> botocore_transport_words(const awsml::call_failure& f,
                                                           const error_answer& answer) {
    using awsml::transport_stage;
    const bool timed_out = f.code == awsml::errc::timeout;
    // http.client's BadStatusLine and urllib3's IncompleteRead are both a ProtocolError to
    // botocore: a connection closed before a valid response.
    const bool malformed = f.code == awsml::errc::malformed_http_response;
    if ((!timed_out && !malformed && f.code != awsml::errc::transport_error) ||
        answer.request_url.empty())
        return std::nullopt;
    const std::string quoted = "\"" + answer.request_url + "\"";
    const std::string closed_words =
        "Connection was closed before we received a valid response from endpoint URL: " + quoted +
        ".";
    const std::string proxy_words =
        "Failed to connect to proxy URL: \"" + botocore_proxy_url(answer.request_url) + "\"";
    switch (f.stage) {
    case transport_stage::connecting:
        return (timed_out ? "Connect timeout on endpoint URL: "
                          : "Could not connect to the endpoint URL: ") +
               quoted;
    case transport_stage::proxy:
        return proxy_words;
    case transport_stage::tunnelling:
        return timed_out ? "Read timeout on endpoint URL: " + quoted : closed_words;
    case transport_stage::tls_handshake: {
        if (timed_out) // urllib3 reads the handshake's answer under its read timeout
            return "Read timeout on endpoint URL: " + quoted;
        // botocore quotes urllib3's reason; awsml's own (after "Operation: ") says as much.
        const std::size_t reason = f.message.find(": ");
        return "SSL validation failed for " + answer.request_url + " " +
               f.message.substr(reason == std::string::npos ? 0 : reason + 2);
    }
    case transport_stage::exchanging:
        if (timed_out)
            return "Read timeout on endpoint URL: " + quoted;
        // transport_error: closed or reset before a valid answer; malformed: a cut or bad one
        return answer.through_proxy && !malformed ? proxy_words : closed_words;
    case transport_stage::unknown:
        break;
    }
    return std::nullopt;
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
    } else if (const auto words = botocore_transport_words(f, answer)) {
        std::cerr << "\n" << terminal_safe(*words, true) << "\n";
    } else {
        std::cerr << "\n" << terminal_safe(f.message, true) << "\n";
    }
}

/// botocore's PaginationError for a service that sent back a token the walk had sent (awsml's
/// walk ends on any token sent before; botocore's on the previous one, the same words).
inline void print_pagination_loop(const std::string& token) {
    std::cerr << "\nError during pagination: The same next token was received twice: "
              << python_repr(json::object{{"NextToken", token}}) << "\n";
}

/// botocore's WaiterError: for a waiter that ended on an error response, on a failure state
/// (`failure_explanation`, the acceptor's words, where the model has the waiter), or out of
/// attempts.
inline void print_waiter_failure(std::string_view waiter, const awsml::call_failure& f,
                                 const error_answer& answer,
                                 std::optional<std::string> failure_explanation) {
    if (f.code == awsml::errc::waiter_failed && failure_explanation) {
        std::cerr << "\nWaiter " << waiter
                  << " failed: Waiter encountered a terminal failure state: "
                  << *failure_explanation << "\n";
    } else if (f.code == awsml::errc::waiter_timeout) {
        std::cerr << "\nWaiter " << waiter << " failed: Max attempts exceeded\n";
    } else if (f.code == awsml::errc::service_error) {
        const error_names names = names_of(f, answer);
        std::cerr << "\nWaiter " << waiter << " failed: An error occurred ("
                  << terminal_safe(names.code) << "): " << terminal_safe(names.message) << "\n";
    } else if (const auto words = botocore_transport_words(f, answer)) {
        std::cerr << "\n" << terminal_safe(*words, true) << "\n";
    } else {
        std::cerr << "\n" << terminal_safe(f.message, true) << "\n";
    }
}

} // namespace awsml::cli
