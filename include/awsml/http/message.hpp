#pragma once

/// \file
/// The HTTP messages exchanged between the protocol layer and a transport.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsml {

struct http_header {
    std::string name;
    std::string value;
    friend bool operator==(const http_header&, const http_header&) = default;
};

using http_headers = std::vector<http_header>;

namespace detail {
inline bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}
} // namespace detail

/// The first header of that name (case-insensitive), if any.
inline std::optional<std::string_view> find_header(const http_headers& headers,
                                                   std::string_view name) {
    for (const auto& h : headers)
        if (detail::iequals(h.name, name))
            return std::string_view(h.value);
    return std::nullopt;
}

struct http_request {
    std::string method = "POST";
    std::string scheme = "https"; ///< "https" or "http"
    std::string host;             ///< without port
    std::uint16_t port = 443;
    std::string target = "/"; ///< path and query, as sent on the request line
    http_headers headers;
    std::string body;
};

struct http_response {
    int status = 0;
    http_headers headers;
    std::string body;

    std::optional<std::string_view> header(std::string_view name) const {
        return find_header(headers, name);
    }
};

} // namespace awsml
