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
#include <awsml/core/detail/ascii.hpp>
#include <awsml/core/detail/hex.hpp>
#include <awsml/core/detail/separate_compilation.hpp>
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

AWSML_DECL std::optional<std::uint16_t> parse_port(std::string_view digits) noexcept;

// Splits "host[:port]" or "[v6]:port" into the URL's host and port.
AWSML_DECL std::optional<std::string> parse_authority(std::string_view authority,
                                                      endpoint_url& url);

AWSML_DECL std::optional<std::string> parse_url_into(std::string_view text, endpoint_url& url);

AWSML_DECL endpoint_url regional_endpoint(std::string_view prefix, std::string_view region,
                                          bool fips, std::string_view dns_suffix);

} // namespace detail::endpoints

/// Parses a custom endpoint URL: scheme (http or https), host name or bracketed IPv6 literal,
/// optional port, optional path. Rejects anything else (user information, query, fragment,
/// spaces, ...) with a message that names the URL and the problem.
AWSML_DECL endpoint_result<endpoint_url> parse_endpoint_url(std::string_view text);

/// The rule set's evaluation for the service whose endpoints start with `prefix`. An empty region
/// counts as unset, and a region that is not a DNS label is refused before it can end up in a
/// host name.
AWSML_DECL endpoint_result<resolved_endpoint>
try_resolve_service_endpoint(std::string_view prefix, const endpoint_params& params);

} // namespace awsml

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/config/impl/endpoint.ipp>
#endif
