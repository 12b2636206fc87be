#pragma once

/// \file
/// Where requests go: the standard regional AWS endpoint rule set (each service's
/// endpoint-rule-set-1.json of this form) written out as code, and the parser for user-supplied
/// endpoint URLs. A service gives its endpoint prefix; its folder names the resolver for users.
///
/// The rule set, in order:
///   1. A custom endpoint is used verbatim, unless FIPS or dual-stack is asked for with it.
///   2. With a region: https://{prefix}[-fips].{region}.{dnsSuffix | dualStackDnsSuffix}
///      of the region's partition, when that partition supports what is asked for.
///   3. Otherwise: "Invalid Configuration: Missing Region".
/// Error messages are the rule set's own texts, word for word.

#include <awsml/config/detail/partitions.hpp>
#include <awsml/core/detail/hex.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>

namespace awsml {

/// The rule set's parameters (Region, UseFIPS, UseDualStack, Endpoint).
struct endpoint_params {
    /// e.g. "us-east-1"; a region of no known partition follows the aws partition's rules
    std::optional<std::string> region = std::nullopt;
    bool use_fips = false;       ///< the FIPS endpoint ({prefix}-fips.{region}...)
    bool use_dual_stack = false; ///< the dual-stack (IPv6) endpoint (api.aws for aws)
    std::optional<std::string> endpoint =
        std::nullopt; ///< a custom endpoint URL, e.g. "http://localhost:4566"
};

/// An endpoint URL and its parts.
struct endpoint_url {
    std::string url;                ///< as resolved; a custom endpoint exactly as given
    std::string scheme;             ///< "https" or "http", lower case
    std::string host;               ///< without brackets, also for an IPv6 literal
    std::uint16_t port = 443;       ///< the URL's port, else the scheme's default
    bool has_explicit_port = false; ///< the URL named its port
    bool is_ipv6_literal = false;   ///< the host is an IPv6 address (bracketed in the URL)
    std::string path;               ///< "" or starting with '/', as given

    /// The Host header value: the host (bracketed when IPv6) and ":port" unless it is the
    /// scheme's default port, as SigV4 signs it.
    std::string host_header() const {
        std::string value = is_ipv6_literal ? "[" + host + "]" : host;
        if (port != default_port(scheme))
            value += ":" + std::to_string(port);
        return value;
    }

    /// The request path for an operation whose model says requestUri "/".
    std::string target() const { return path.empty() ? "/" : path; }

    /// 80 for "http", 443 for anything else.
    static constexpr std::uint16_t default_port(std::string_view scheme) noexcept {
        return scheme == "http" ? 80 : 443;
    }

    friend bool operator==(const endpoint_url&, const endpoint_url&) = default;
};

/// Where a service's requests go, as the rule set resolves it.
using resolved_endpoint = endpoint_url;

/// Why an endpoint could not be resolved or a URL not parsed: code is errc::endpoint_error and
/// message the full explanation (for rule-set errors, the rule set's text exactly).
struct endpoint_failure {
    std::error_code code = make_error_code(errc::endpoint_error); ///< errc::endpoint_error
    /// e.g. "Invalid Configuration: Missing Region"
    std::string message;

    friend std::ostream& operator<<(std::ostream& out, const endpoint_failure& f) {
        return out << f.message;
    }
};

/// Found by boost::system::result<T, endpoint_failure>::value() through argument-dependent
/// lookup: throws awsml::error with the failure's code and message.
[[noreturn]] inline void throw_exception_from_error(const endpoint_failure& f,
                                                    const boost::source_location&) {
    throw error(f.code, f.message);
}

/// A value, or why the endpoint could not be resolved.
template <class T>
using endpoint_result = boost::system::result<T, endpoint_failure>;

namespace detail::endpoints {

inline endpoint_failure endpoint_failed(std::string message) {
    return endpoint_failure{make_error_code(errc::endpoint_error), std::move(message)};
}

constexpr bool is_ascii_alnum(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

constexpr char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

/// A region ends up inside a host name, so it must be one DNS label (botocore checks the same
/// before resolving): 1 to 63 letters, digits and '-', not starting or ending with '-'.
constexpr bool is_valid_region_label(std::string_view region) noexcept {
    if (region.empty() || region.size() > 63)
        return false;
    if (region.front() == '-' || region.back() == '-')
        return false;
    for (char c : region)
        if (!is_ascii_alnum(c) && c != '-')
            return false;
    return true;
}

constexpr bool is_host_name_char(char c) noexcept {
    return is_ascii_alnum(c) || c == '-' || c == '.' || c == '_';
}

// RFC 3986 pchar and '/', percent-escapes included; no query or fragment.
constexpr bool is_path_char(char c) noexcept {
    constexpr std::string_view allowed = "-._~!$&'()*+,;=:@/%";
    return is_ascii_alnum(c) || allowed.find(c) != std::string_view::npos;
}

inline std::optional<std::uint16_t> parse_port(std::string_view digits) noexcept {
    if (digits.empty() || digits.size() > 5)
        return std::nullopt;
    unsigned value = 0;
    for (char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + unsigned(c - '0');
    }
    if (value == 0 || value > 65535)
        return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

// Splits "host[:port]" or "[v6]:port" into the URL's host and port.
inline std::optional<std::string> parse_authority(std::string_view authority, endpoint_url& url) {
    std::string_view host = authority;
    std::optional<std::string_view> port_text;
    if (authority.starts_with('[')) {
        auto close = authority.find(']');
        if (close == std::string_view::npos)
            return "the IPv6 address has no closing ']'";
        host = authority.substr(1, close - 1);
        auto rest = authority.substr(close + 1);
        if (!rest.empty() && !rest.starts_with(':'))
            return "unexpected characters after the IPv6 address";
        if (!rest.empty())
            port_text = rest.substr(1);
        bool has_colon = host.find(':') != std::string_view::npos;
        for (char c : host)
            if (hex_digit_value(c) < 0 && c != ':' && c != '.')
                has_colon = false;
        if (!has_colon)
            return "the bracketed host is not an IPv6 address";
        url.is_ipv6_literal = true;
    } else {
        auto colon = authority.rfind(':');
        if (colon != std::string_view::npos) {
            host = authority.substr(0, colon);
            port_text = authority.substr(colon + 1);
        }
        if (host.empty())
            return "the host is empty";
        for (char c : host)
            if (!is_host_name_char(c))
                return "the host contains " + in_quotes(std::string_view(&c, 1)) +
                       " (a host name is letters, digits, '-', '.' and '_')";
        if (host.front() == '.' || host.find("..") != std::string_view::npos)
            return "the host has an empty label";
    }
    url.host = std::string(host);
    url.port = endpoint_url::default_port(url.scheme);
    if (port_text) {
        auto port = parse_port(*port_text);
        if (!port)
            return "the port " + in_quotes(*port_text) + " is not a number from 1 to 65535";
        url.port = *port;
        url.has_explicit_port = true;
    }
    return std::nullopt;
}

inline std::optional<std::string> parse_url_into(std::string_view text, endpoint_url& url) {
    auto separator = text.find("://");
    if (separator == std::string_view::npos)
        return "it has no scheme (expected it to start with https:// or http://)";
    for (char c : text.substr(0, separator))
        url.scheme += ascii_lower(c);
    if (url.scheme != "https" && url.scheme != "http")
        return "the scheme " + in_quotes(text.substr(0, separator)) + " is not https or http";
    auto rest = text.substr(separator + 3);
    auto authority_end = rest.find_first_of("/?#");
    auto authority = rest.substr(0, authority_end);
    if (authority.find('@') != std::string_view::npos)
        return "user information (\"user@\") is not supported in an endpoint URL";
    if (auto problem = parse_authority(authority, url))
        return problem;
    auto path =
        authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
    if (!path.empty() && path.front() != '/')
        return "a query or fragment is not supported in an endpoint URL";
    for (char c : path) {
        if (c == '?' || c == '#')
            return "a query or fragment is not supported in an endpoint URL";
        if (!is_path_char(c))
            return "the path contains " + in_quotes(std::string_view(&c, 1)) +
                   ", which must be percent-encoded";
    }
    url.path = std::string(path);
    return std::nullopt;
}

inline endpoint_url regional_endpoint(std::string_view prefix, std::string_view region, bool fips,
                                      std::string_view dns_suffix) {
    endpoint_url url;
    url.scheme = "https";
    url.host = std::string(prefix);
    url.host += fips ? "-fips." : ".";
    url.host += region;
    url.host += '.';
    url.host += dns_suffix;
    url.port = 443;
    url.url = "https://" + url.host;
    return url;
}

} // namespace detail::endpoints

/// Parses a custom endpoint URL: scheme (http or https), host name or bracketed IPv6 literal,
/// optional port, optional path. Rejects anything else (user information, query, fragment,
/// spaces, ...) with a message that names the URL and the problem.
inline endpoint_result<endpoint_url> parse_endpoint_url(std::string_view text) {
    endpoint_url url;
    url.url = std::string(text);
    if (auto problem = detail::endpoints::parse_url_into(text, url))
        return detail::endpoints::endpoint_failed("invalid endpoint URL " + in_quotes(text) + ": " +
                                                  *problem);
    return url;
}

/// The rule set's evaluation for the service whose endpoints start with `prefix`. An empty region
/// counts as unset, and a region that is not a DNS label is refused before it can end up in a
/// host name.
inline endpoint_result<resolved_endpoint>
try_resolve_service_endpoint(std::string_view prefix, const endpoint_params& params) {
    using detail::endpoints::endpoint_failed;
    if (params.endpoint) {
        if (params.use_fips)
            return endpoint_failed(
                "Invalid Configuration: FIPS and custom endpoint are not supported");
        if (params.use_dual_stack)
            return endpoint_failed(
                "Invalid Configuration: Dualstack and custom endpoint are not supported");
        return parse_endpoint_url(*params.endpoint);
    }
    if (!params.region || params.region->empty())
        return endpoint_failed("Invalid Configuration: Missing Region");
    const std::string& region = *params.region;
    if (!detail::endpoints::is_valid_region_label(region))
        return endpoint_failed("invalid region " + in_quotes(region) +
                               ": a region is letters, digits and '-' (for example us-east-1)");

    const auto& partition = detail::partition_for_region(region).outputs;
    if (params.use_fips && params.use_dual_stack) {
        if (partition.supports_fips && partition.supports_dual_stack)
            return detail::endpoints::regional_endpoint(prefix, region, true,
                                                        partition.dual_stack_dns_suffix);
        return endpoint_failed(
            "FIPS and DualStack are enabled, but this partition does not support one or both");
    }
    if (params.use_fips) {
        if (partition.supports_fips)
            return detail::endpoints::regional_endpoint(prefix, region, true, partition.dns_suffix);
        return endpoint_failed("FIPS is enabled but this partition does not support FIPS");
    }
    if (params.use_dual_stack) {
        if (partition.supports_dual_stack)
            return detail::endpoints::regional_endpoint(prefix, region, false,
                                                        partition.dual_stack_dns_suffix);
        return endpoint_failed(
            "DualStack is enabled but this partition does not support DualStack");
    }
    return detail::endpoints::regional_endpoint(prefix, region, false, partition.dns_suffix);
}

} // namespace awsml
