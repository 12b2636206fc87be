#pragma once

/// \file
/// Observing each attempt of a call: hooks the client calls before sending, after receiving and
/// before a retry; and a ready-made logging hook that writes the wire exchange with every secret
/// redacted (Authorization's signature, X-Amz-Security-Token, and both as query parameters of a
/// presigned request).

#include <awsml/http/message.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <system_error>

namespace awsml {

/// Which attempt of which call a hook is told about.
struct attempt_context {
    std::string_view operation; ///< e.g. "GetMLModel"
    int attempt = 1;            ///< 1 for the first attempt
    int max_attempts = 1;       ///< the retry strategy's limit for this call
};

/// What client_config::hooks calls around each attempt; an empty function is skipped. Hooks of
/// concurrent calls may run concurrently. The request's body has its sensitive members (database
/// passwords) redacted and a response has the credentials' secrets replaced, but headers are as
/// sent, signature included: log them through format_request_for_log() or logging_hooks().
/// A hook that throws ends the call: errc::hook_failed, or that exception from a throwing form.
struct hooks {
    /// The signed request, just before it goes to the transport.
    std::function<void(const attempt_context&, const http_request&)> before_send;
    /// The transport's answer: a response, or an error (then `response` is null).
    std::function<void(const attempt_context&, const http_response* response, std::error_code,
                       std::chrono::nanoseconds latency)>
        after_receive;
    /// A retry is about to happen after `delay`, because of `reason`.
    std::function<void(const attempt_context&, std::chrono::nanoseconds delay,
                       std::string_view reason)>
        on_retry;
};

namespace detail {

inline bool is_secret_header(std::string_view name) {
    return iequals(name, "X-Amz-Security-Token") || iequals(name, "Authorization") ||
           iequals(name, "Proxy-Authorization") || iequals(name, "Cookie") ||
           iequals(name, "Set-Cookie");
}

// Authorization keeps its credential scope and signed headers, which help debugging; the
// signature goes. Everything else secret is replaced whole.
inline std::string redacted_header_value(std::string_view name, std::string_view value) {
    if (iequals(name, "Authorization")) {
        if (auto at = value.find("Signature="); at != std::string_view::npos)
            return std::string(value.substr(0, at)) + "Signature=<redacted>";
    }
    return "<redacted>";
}

inline void append_headers(std::string& out, const http_headers& headers) {
    for (const auto& h : headers) {
        out.append(h.name).append(": ");
        out.append(is_secret_header(h.name) ? redacted_header_value(h.name, h.value) : h.value);
        out.append("\n");
    }
}

// A presigned request carries its signature and session token in the query.
inline bool is_secret_query_parameter(std::string_view name) {
    return iequals(name, "X-Amz-Signature") || iequals(name, "X-Amz-Security-Token");
}

inline std::string redacted_target(std::string_view target) {
    const auto question = target.find('?');
    if (question == std::string_view::npos)
        return std::string(target);
    std::string out(target.substr(0, question + 1));
    std::string_view query = target.substr(question + 1);
    for (bool first = true;; first = false) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto equals = pair.find('=');
        if (!first)
            out += '&';
        if (equals != std::string_view::npos && is_secret_query_parameter(pair.substr(0, equals)))
            out.append(pair.substr(0, equals)).append("=<redacted>");
        else
            out.append(pair);
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
    return out;
}

} // namespace detail

/// The wire exchange as text, secrets redacted (used by logging_hooks and the CLI's --debug).
inline std::string format_request_for_log(const http_request& request) {
    std::string out = request.method + " " + request.scheme + "://" + request.host + ":" +
                      std::to_string(request.port) + detail::redacted_target(request.target) + "\n";
    detail::append_headers(out, request.headers);
    return out.append("\n").append(request.body);
}

/// A response as logging_hooks() writes it: status line, headers (Set-Cookie and the like
/// redacted), blank line, body.
inline std::string format_response_for_log(const http_response& response) {
    std::string out = "HTTP " + std::to_string(response.status) + "\n";
    detail::append_headers(out, response.headers);
    return out.append("\n").append(response.body);
}

/// Hooks that write each attempt's request, response or error, and each retry, to `sink`.
inline hooks logging_hooks(const std::function<void(std::string_view line)>& sink) {
    hooks h;
    h.before_send = [sink](const attempt_context& c, const http_request& request) {
        sink("awsml: " + std::string(c.operation) + " attempt " + std::to_string(c.attempt) + "/" +
             std::to_string(c.max_attempts) + " request:\n" + format_request_for_log(request));
    };
    h.after_receive = [sink](const attempt_context& c, const http_response* response,
                             std::error_code ec, std::chrono::nanoseconds latency) {
        auto ms =
            std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(latency).count());
        if (response)
            sink("awsml: " + std::string(c.operation) + " attempt " + std::to_string(c.attempt) +
                 " response after " + ms + " ms:\n" + format_response_for_log(*response));
        else
            sink("awsml: " + std::string(c.operation) + " attempt " + std::to_string(c.attempt) +
                 " failed after " + ms + " ms: " + ec.message());
    };
    h.on_retry = [sink](const attempt_context& c, std::chrono::nanoseconds delay,
                        std::string_view reason) {
        sink("awsml: " + std::string(c.operation) + " retrying (attempt " +
             std::to_string(c.attempt + 1) + ") in " +
             std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(delay).count()) +
             " ms: " + std::string(reason));
    };
    return h;
}

} // namespace awsml
