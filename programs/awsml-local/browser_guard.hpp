#pragma once

// What awsml-local answers of the requests a web browser makes. It signs with public example
// keys, so a signature proves nothing about who sent a request: a page on another site could
// presign one itself. Two things do tell: the Host a browser was sent to (a page that rebinds
// its own DNS name to 127.0.0.1 still names itself there), and the site a browser says a request
// comes from (Sec-Fetch-Site, Origin). awsml-local has no CORS, so no other site's page has a
// reason to change anything in it.

#include <awsml/core/detail/ascii.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/http/message.hpp>

#include <asio/ip/address.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace awsml::local {

/// "localhost", a name under ".localhost" (which browsers resolve to loopback themselves, RFC
/// 6761) or an IP literal: a Host no DNS rebinding can have named. `host` without its port.
inline bool local_host_name(std::string_view host) {
    if (host.ends_with('.')) // the absolute form of the same name
        host.remove_suffix(1);
    constexpr std::string_view localhost = "localhost";
    if (awsml::detail::iequals(host, localhost))
        return true;
    if (host.size() > localhost.size() + 1 &&
        awsml::detail::iequals(host.substr(host.size() - localhost.size() - 1), ".localhost"))
        return true;
    std::error_code ec;
    asio::ip::make_address(std::string(host), ec);
    return !ec;
}

/// Why `request` is one a browser sends on another site's behalf that could change something,
/// which awsml-local does not answer; none when it is not. Anything but GET and HEAD must come
/// from this server's own origin, or from no page at all. Reads may come from anywhere, as S3's
/// presigned links do (an image or a download link on another page): without CORS the other
/// page cannot read the answer, and S3 serves an object sandboxed, so it runs no script here.
inline std::optional<std::string> cross_site_refusal(const http_request& request) {
    if (request.method == "GET" || request.method == "HEAD")
        return std::nullopt;
    const auto site = find_header(request.headers, "sec-fetch-site");
    if (site &&
        (awsml::detail::iequals(*site, "cross-site") || awsml::detail::iequals(*site, "same-site")))
        return "awsml-local answers no request a browser sends on another site's behalf "
               "(Sec-Fetch-Site: " +
               in_quotes(*site) + "): it has no CORS";
    const auto origin = find_header(request.headers, "origin");
    if (!origin)
        return std::nullopt;
    const std::size_t authority = origin->find("://");
    const auto host = find_header(request.headers, "host");
    if (authority == std::string_view::npos || !host ||
        !awsml::detail::iequals(origin->substr(authority + 3), *host))
        return "awsml-local answers no request a browser sends on another site's behalf "
               "(Origin " +
               in_quotes(*origin) + " is not this server's)";
    return std::nullopt;
}

} // namespace awsml::local
