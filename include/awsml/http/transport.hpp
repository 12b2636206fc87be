#pragma once

/// \file
/// The transport concept: how awsml hands an HTTP request to an HTTP layer, stated once.
///
/// A blocking transport `t` of type T supports exactly:
///     http_response r = t.send(request, ec);   // request: const http_request&, ec:
///     std::error_code&
/// On success ec is cleared and r holds the status, headers and body. A non-2xx status is a
/// transport success: the protocol layer, not the transport, turns it into an error. On failure
/// (cannot connect, timed out, connection reset, malformed response...) ec is set and r is ignored.
/// The codes the client reads:
///     errc::timeout (or any code equal to std::errc::timed_out, which the client takes for it)
///                        a connect or read timeout: retried at a timeout's cost in the quota,
///                        unless the call's own deadline has passed
///     errc::invalid_value, errc::config_error
///                        the transport refuses this request or its own settings: never retried
///     errc::response_too_large
///                        an answer over the transport's limits: never asked for again
///     anything else      a failed exchange (errc::transport_error...): retried
/// The request's headers are all to be sent as given (Host and the signed ones); the transport
/// adds the framing: Content-Length for the body, which is whole. A response body is handed over
/// as the service sent it: a layer that decodes gzip must also drop its Content-Encoding header.
///
/// For blocking calls the client copies the transport (it must be copy-constructible): each
/// concurrent one borrows a copy of its own from the client's pool, so a copy must not share a
/// connection with the original. Asynchronous calls share the one the client holds; it
/// serialises nothing, so an asynchronous transport is used by several calls at once.
///
/// An asynchronous transport additionally supports, in Asio's completion-token style:
///     t.async_send(request, token);   // completes with void(std::error_code, http_response)
///     t.get_executor();
///
/// Optional capabilities the client looks for, each a concept below (nothing else is probed;
/// those on `const T&` must be const members, or they are not seen). A transport that wraps
/// another keeps them (blocking ones) through decorated_transport.hpp:
///     transport_with_deadline        t.send(request, ec, deadline): ends the exchange at the
///                                    call's deadline (call_timeout) instead of between attempts
///     transport_with_connect_timeout t.config().connect_timeout (a duration, or an optional
///                                    one): how long a blocking call may wait for a free
///                                    transport of the client's pool
///     transport_with_client_defaults t.use_client_defaults(defaults): what the client resolved
///                                    from its defaults mode, environment and profile (connect
///                                    timeout, ca_bundle, tcp_keepalive), for what the
///                                    transport's own config leaves unset
///     transport_with_connection_cap  t.config().max_connections_per_host: caps the transports
///                                    the pool leases at once
///     transport_with_error_message   t.last_error_message(): the transport's own words for the
///                                    last failure, put in the call's message
///     transport_with_failure_stage   t.last_failure_stage(): how far the last failed exchange
///                                    got (transport_stage), put in the call's failure; an
///                                    asynchronous transport names it in its failure response's
///                                    transport_stage_header

#include <awsml/http/message.hpp>

#include <chrono>
#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace awsml {

template <class T>
concept http_transport = requires(T& transport, const http_request& request, std::error_code& ec) {
    { transport.send(request, ec) } -> std::same_as<http_response>;
};

namespace detail {
// Stands for any completion handler of an asynchronous send.
struct send_completion_archetype {
    void operator()(std::error_code, const http_response&) {}
};
} // namespace detail

/// An asynchronous transport may be shared by many calls in flight at once; it completes each
/// through the handler's associated executor and honours its associated cancellation slot.
template <class T>
concept async_http_transport = requires(T& transport, http_request request) {
    transport.get_executor();
    transport.async_send(std::move(request), detail::send_completion_archetype{});
};

template <class T>
concept transport_with_deadline = http_transport<T> &&
    requires(T& transport, const http_request& request, std::error_code& ec,
             std::chrono::steady_clock::time_point deadline) {
    { transport.send(request, ec, deadline) } -> std::same_as<http_response>;
};

/// A transport's connect timeout where neither its config nor the client's defaults mode sets
/// one: the AWS SDKs' standard 3.1 s.
inline constexpr std::chrono::milliseconds default_connect_timeout{3100};

/// A connect timeout as a transport's config holds it: a duration, or an optional one (unset: the
/// default).
template <class T>
concept transport_with_connect_timeout = requires(const T& transport) {
    transport.config().connect_timeout.count();
}
|| requires(const T& transport) {
    transport.config().connect_timeout.value_or(default_connect_timeout).count();
};

/// How long `transport` may take to connect (transport_with_connect_timeout).
template <transport_with_connect_timeout T>
std::chrono::milliseconds connect_timeout_of(const T& transport) {
    const auto& timeout = transport.config().connect_timeout;
    if constexpr (requires { timeout.count(); })
        return std::chrono::duration_cast<std::chrono::milliseconds>(timeout);
    else
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            timeout.value_or(default_connect_timeout));
}

/// What a client resolves for its transport (a transport reads no config files): each applies
/// where the transport's own config leaves it unset.
struct transport_defaults {
    /// The defaults mode's connect timeout (none in the legacy mode).
    std::optional<std::chrono::milliseconds> connect_timeout{};
    /// The profile's ca_bundle, for a transport that verifies TLS peers (AWS_CA_BUNDLE, which
    /// wins over it as in botocore, the transport reads itself).
    std::optional<std::string> ca_bundle{};
    /// BOTOCORE_TCP_KEEPALIVE, else the profile's tcp_keepalive, else false (botocore's
    /// tcp_keepalive): SO_KEEPALIVE on the connections the transport opens.
    bool tcp_keepalive = false;
};

/// The client hands what it resolved (transport_defaults) to a transport that takes it.
template <class T>
concept transport_with_client_defaults = requires(T& transport,
                                                  const transport_defaults& defaults) {
    transport.use_client_defaults(defaults);
};

/// A transport written for the hooks use_client_defaults replaced (0.x): the client refuses it at
/// compile time rather than let it silently miss the connect timeout and the CA bundle.
template <class T>
concept transport_with_retired_hooks = requires(T& transport) {
    transport.use_default_connect_timeout(std::chrono::milliseconds{});
}
|| requires(T& transport) {
    transport.use_shared_config_ca_bundle(std::string{});
};

template <class T>
concept transport_with_connection_cap = requires(const T& transport) {
    transport.config().max_connections_per_host;
};

/// How far a failed exchange got, and so whether the service may have received the request: a
/// caller deciding whether to send a non-idempotent request again needs to know.
enum class transport_stage {
    unknown,       ///< the transport did not say
    connecting,    ///< resolving the host, opening the connection or waiting for one: nothing sent
    proxy,         ///< reaching the proxy, or it refused the tunnel: nothing reached the service
    tls_handshake, ///< the TLS handshake with the service: nothing was sent
    exchanging,    ///< writing the request or reading the answer: the service may have it
    /// The proxy was reached but no answer to CONNECT came: it closed the connection before a
    /// status line, answered with something that is not HTTP, or not in time. Nothing reached
    /// the service.
    tunnelling,
};

namespace detail {
struct named_transport_stage {
    transport_stage stage;
    std::string_view name;
};
inline constexpr named_transport_stage transport_stage_names[] = {
    {transport_stage::unknown, "unknown"},       {transport_stage::connecting, "connecting"},
    {transport_stage::proxy, "proxy"},           {transport_stage::tls_handshake, "tls_handshake"},
    {transport_stage::exchanging, "exchanging"}, {transport_stage::tunnelling, "tunnelling"},
};
} // namespace detail

/// Its name: "unknown", "connecting", "proxy", "tunnelling", "tls_handshake" or "exchanging".
constexpr std::string_view to_string(transport_stage stage) noexcept {
    for (const auto& named : detail::transport_stage_names)
        if (named.stage == stage)
            return named.name;
    return "unknown";
}

/// The stage named `name` (to_string's), else transport_stage::unknown.
constexpr transport_stage transport_stage_named(std::string_view name) noexcept {
    for (const auto& named : detail::transport_stage_names)
        if (named.name == name)
            return named.stage;
    return transport_stage::unknown;
}

/// The header of an asynchronous transport's failure response (status 0) that names its
/// transport_stage: the completion signature has no other place for it.
inline constexpr std::string_view transport_stage_header = "x-awsml-transport-stage";

/// The stage an asynchronous transport's failure response names (unknown when it names none).
inline transport_stage transport_stage_of_failure(const http_response& failure) {
    const auto name = failure.header(transport_stage_header);
    return name ? transport_stage_named(*name) : transport_stage::unknown;
}

template <class T>
concept transport_with_failure_stage = requires(const T& transport) {
    { transport.last_failure_stage() } -> std::same_as<transport_stage>;
};

template <class T>
concept transport_with_error_message = requires(const T& transport) {
    { transport.last_error_message() } -> std::convertible_to<std::string_view>;
};

} // namespace awsml
