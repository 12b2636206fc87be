#pragma once

// The bytes of an HTTP/1.1 request, from an http_request: the request line in origin form
// ("GET /path HTTP/1.1") or, for a plain-HTTP request sent to a proxy, absolute form
// ("GET http://host/path HTTP/1.1"), the headers, Host and Content-Length when missing, and the
// body. A pure function: asio_http_transport calls it before it touches the network.
//
//     std::string wire, problem;
//     if (!awsml::detail::write_request(request, {.host = "example.com"}, wire, problem))
//         // problem: "bad request header name 'a b'", ...

#include <awsml/core/detail/trim.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/http/message.hpp>
#include <awsml/http/parser.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

namespace awsml::detail {

struct request_writer_options {
    /// The origin's Host value ("example.com", "example.com:8443", "[::1]:8080"): written as the
    /// Host header when the request has none, and in absolute form after "http://".
    std::string_view host{};
    /// Absolute form, for a plain-HTTP request sent to a proxy; otherwise origin form.
    bool absolute_form = false;
    /// A Proxy-Authorization value, added unless the request has one (the transport gives it
    /// in absolute form only: a tunnel's CONNECT carries it instead).
    std::optional<std::string> proxy_authorization{};
};

/// Writes `request` into `wire` (replacing what it held). Returns false, with `message` naming
/// the problem and `wire` unspecified, for a request that cannot be sent: a method that is not
/// a token, a target that is empty or has bytes outside visible ASCII, a header name that is not
/// a token or a value with CR, LF or NUL, Transfer-Encoding (the body is sent with
/// Content-Length), or a Content-Length other than the body's size. Content-Length is added
/// when the request has a body, or is a POST, PUT or PATCH.
inline bool write_request(const http_request& request, const request_writer_options& options,
                          std::string& wire, std::string& message) {
    if (!is_token(request.method)) {
        message = "bad request method " + in_quotes(request.method);
        return false;
    }
    const bool target_ok =
        !request.target.empty() && std::all_of(request.target.begin(), request.target.end(),
                                               [](char c) { return c > 0x20 && c < 0x7f; });
    if (!target_ok) {
        message = "bad request target " + in_quotes(request.target);
        return false;
    }
    std::string fields;
    bool has_host = false;
    bool has_length = false;
    bool has_proxy_authorization = false;
    for (const auto& h : request.headers) {
        if (!is_token(h.name)) {
            message = "bad request header name " + in_quotes(h.name);
            return false;
        }
        if (!is_field_text(h.value)) {
            message = "bad value for request header " + h.name + ": " + in_quotes(h.value);
            return false;
        }
        if (iequals(h.name, "Transfer-Encoding")) {
            message = "Transfer-Encoding in requests is not supported (the body is sent with "
                      "Content-Length)";
            return false;
        }
        has_host = has_host || iequals(h.name, "Host");
        has_proxy_authorization = has_proxy_authorization || iequals(h.name, "Proxy-Authorization");
        if (iequals(h.name, "Content-Length")) {
            if (trim(h.value, http_whitespace) != std::to_string(request.body.size())) {
                message = "request Content-Length " + in_quotes(h.value) +
                          " differs from the body's " + std::to_string(request.body.size()) +
                          " bytes";
                return false;
            }
            has_length = true;
        }
        fields.append(h.name).append(": ").append(h.value).append("\r\n");
    }
    const bool body_method =
        request.method == "POST" || request.method == "PUT" || request.method == "PATCH";
    if (!has_length && (!request.body.empty() || body_method))
        fields.append("Content-Length: ")
            .append(std::to_string(request.body.size()))
            .append("\r\n");
    if (options.proxy_authorization && !has_proxy_authorization)
        fields.append("Proxy-Authorization: ").append(*options.proxy_authorization).append("\r\n");

    wire.clear();
    wire.reserve(request.method.size() + request.target.size() + fields.size() +
                 request.body.size() + 96);
    wire.append(request.method).append(" ");
    if (options.absolute_form)
        wire.append("http://").append(options.host);
    wire.append(request.target).append(" HTTP/1.1\r\n");
    if (!has_host)
        wire.append("Host: ").append(options.host).append("\r\n");
    wire.append(fields).append("\r\n").append(request.body);
    return true;
}

} // namespace awsml::detail
