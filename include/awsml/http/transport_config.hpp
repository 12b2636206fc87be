#pragma once

/// \file
/// http_transport_config: what asio_http_transport can be told (timeouts, limits, TLS trust,
/// connections per host, TCP keep-alive, proxies).

#include <awsml/core/environment.hpp>
#include <awsml/http/parser.hpp>
#include <awsml/http/transport.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace awsml {

/// Everything asio_http_transport can be told; designated initializers leave the rest at their
/// defaults: `asio_http_transport transport({.connect_timeout = 2s, .read_timeout = 30s});`.
struct http_transport_config {
    /// From the start of a call until its request can be written: waiting for a free connection,
    /// resolving, connecting, the TLS handshake with an https:// proxy, a proxy's CONNECT and the
    /// TLS handshake. Zero or less: no limit.
    /// Unset: the client's defaults mode's (client_config::defaults_mode), else 3.1 s.
    std::optional<std::chrono::milliseconds> connect_timeout{};
    /// connect_timeout, or the default where it is unset.
    std::chrono::milliseconds connect_limit() const noexcept {
        return connect_timeout.value_or(default_connect_timeout);
    }
    /// The longest wait for the next bytes of the response (and for the request to be written).
    /// Zero or less: no limit.
    std::chrono::milliseconds read_timeout{60000};
    /// The largest response header section and body accepted; a larger response fails the
    /// attempt with errc::response_too_large rather than exhausting memory.
    http_parser_limits limits{};
    /// The PEM bundle of CA certificates servers are verified against, replacing the system's
    /// store (as botocore's `verify` and libcurl's CA file do). Unset: AWS_CA_BUNDLE (read from
    /// `environment`), else shared_config_ca_bundle, else the system's store.
    std::optional<std::string> ca_file{};
    /// The profile's `ca_bundle` from the shared config file, used when neither of the above is
    /// set. service_client fills it in from its profile (the transport reads no config files).
    std::optional<std::string> shared_config_ca_bundle{};
    /// Trust the system's store as well as the bundle chosen above: "system store plus this file".
    bool ca_bundle_adds_to_system_store = false;
    /// Accept any certificate for any host: for tests against local servers, never in production.
    bool insecure_skip_tls_verify = false;
    /// SO_KEEPALIVE on each connection it opens (to the proxy, where there is one), so that a
    /// pooled connection a peer or a NAT has silently dropped is found dead rather than written
    /// to. Unset: the client's (BOTOCORE_TCP_KEEPALIVE, the profile's tcp_keepalive, as botocore),
    /// else off.
    std::optional<bool> tcp_keepalive{};
    /// With tcp_keepalive: idle time before the first probe, and between probes (TCP_KEEPIDLE and
    /// TCP_KEEPINTVL); zero: the system's (Linux: 7200 s and 75 s). Under a NAT that forgets idle
    /// flows (AWS's NAT gateway after 350 s), keep it below that.
    std::chrono::seconds tcp_keepalive_idle{0};
    /// Open connections per route (scheme, host, port; or proxy); further calls wait their turn.
    /// Zero: no limit.
    std::size_t max_connections_per_host = 50;
    /// Proxy URLs ("http://user:password@proxy:3128", or "https://..." for TLS to the proxy)
    /// for https:// and http:// targets, and the hosts that bypass them; unset: the
    /// environment's (when use_environment_proxies), an empty string: none. See proxy.hpp.
    std::optional<std::string> https_proxy{};
    /// The proxy for http:// targets; see https_proxy.
    std::optional<std::string> http_proxy{};
    /// Hosts that bypass the proxies: names (each also matching the hosts under it), IP addresses,
    /// CIDR blocks, or "*", comma-separated; proxy.hpp has the rules.
    std::optional<std::string> no_proxy{};
    /// Read HTTPS_PROXY, HTTP_PROXY and NO_PROXY for whichever of the three above is unset.
    bool use_environment_proxies = true;
    /// Where HTTPS_PROXY, HTTP_PROXY, NO_PROXY (and lower-case forms) and AWS_CA_BUNDLE are read;
    /// unset: the process environment.
    std::optional<awsml::environment> environment{};
};

} // namespace awsml
