#pragma once

// The definitions behind endpoint.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

#include <awsml/config/endpoint.hpp>

namespace awsml::detail::endpoints {

AWSML_DECL std::optional<std::uint16_t> parse_port(std::string_view digits) noexcept {
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

AWSML_DECL std::optional<std::string> parse_authority(std::string_view authority,
                                                      endpoint_url& url) {
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

AWSML_DECL std::optional<std::string> parse_url_into(std::string_view text, endpoint_url& url) {
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

AWSML_DECL endpoint_url regional_endpoint(std::string_view prefix, std::string_view region,
                                          bool fips, std::string_view dns_suffix) {
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

} // namespace awsml::detail::endpoints

namespace awsml {

AWSML_DECL endpoint_result<endpoint_url> parse_endpoint_url(std::string_view text) {
    endpoint_url url;
    url.url = std::string(text);
    if (auto problem = detail::endpoints::parse_url_into(text, url))
        return detail::endpoints::endpoint_failed("invalid endpoint URL " + in_quotes(text) + ": " +
                                                  *problem);
    return url;
}

AWSML_DECL endpoint_result<resolved_endpoint>
try_resolve_service_endpoint(std::string_view prefix, const endpoint_params& params) {
    using detail::endpoints::endpoint_failed;
    // Checked with a custom endpoint too, as botocore does: the region is signed into every
    // request's credential scope.
    if (params.region && !params.region->empty() &&
        !detail::endpoints::is_valid_region_label(*params.region))
        return endpoint_failed("invalid region " + in_quotes(*params.region) +
                               ": a region is letters, digits and '-' (for example us-east-1)");
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
