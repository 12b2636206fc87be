#pragma once

/// \file
/// The HTTP messages exchanged between the protocol layer and a transport.

#include <awsml/core/detail/ascii.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsml {

/// One header field, as sent or received.
struct http_header {
    std::string name;  ///< as written; compare names with find_header() (case-insensitive)
    std::string value; ///< without the surrounding blanks
    friend bool operator==(const http_header&, const http_header&) = default;
};

/// Header fields in order; a name may repeat.
using http_headers = std::vector<http_header>;

/// The first header of that name (case-insensitive), if any.
inline std::optional<std::string_view> find_header(const http_headers& headers,
                                                   std::string_view name) {
    for (const auto& h : headers)
        if (detail::iequals(h.name, name))
            return std::string_view(h.value);
    return std::nullopt;
}

/// A request for a transport to send, as the client built and signed it: a transport must not
/// change the signed headers, the target or the body.
struct http_request {
    std::string method = "POST";  ///< e.g. "POST", "GET"
    std::string scheme = "https"; ///< "https" or "http"
    std::string host;             ///< without port
    std::uint16_t port = 443;     ///< 443 for https, 80 for http unless the endpoint says
    std::string target = "/";     ///< path and query, as sent on the request line
    http_headers headers;         ///< Host, X-Amz-Date, Authorization, ... (signed ones unchanged)
    std::string body;             ///< the payload (the JSON document, for an awsJson service)
};

/// "scheme://host[:port]", the request's origin as a URL names it: the port only where it is not
/// the scheme's, an IPv6 host in brackets. For messages.
inline std::string origin_of(const http_request& request) {
    const bool default_port = request.port == (request.scheme == "https" ? 443 : 80);
    const bool bare_ipv6 =
        request.host.find(':') != std::string::npos && !request.host.starts_with('[');
    std::string origin =
        request.scheme + "://" + (bare_ipv6 ? "[" + request.host + "]" : request.host);
    if (!default_port)
        origin += ":" + std::to_string(request.port);
    return origin;
}

/// A complete response as a transport delivers it: any status, the body whole (a chunked body
/// decoded).
struct http_response {
    int status = 0;       ///< e.g. 200; a non-2xx status is still a transport success
    http_headers headers; ///< in the order received
    std::string body;     ///< the whole body

    /// The first header of that name (case-insensitive), if any.
    std::optional<std::string_view> header(std::string_view name) const {
        return find_header(headers, name);
    }
};

} // namespace awsml
