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
/// Transports are used from one call at a time per object unless they document otherwise; the
/// client serialises nothing itself, so a transport shared by threads must be thread-safe.
///
/// An asynchronous transport additionally supports, in Asio's completion-token style:
///     t.async_send(request, token);   // completes with void(std::error_code, http_response)
///     t.get_executor();
///
/// Optional capabilities the client looks for, each a concept below (nothing else is probed):
///     transport_with_deadline        t.send(request, ec, deadline): ends the exchange at the
///                                    call's deadline (call_timeout) instead of between attempts
///     transport_with_connect_timeout t.config().connect_timeout: how long a blocking call may
///                                    wait for a free transport of the client's pool
///     transport_with_connection_cap  t.config().max_connections_per_host: caps the transports
///                                    the pool leases at once
///     transport_with_error_message   t.last_error_message(): the transport's own words for the
///                                    last failure, put in the call's message

#include <awsml/http/message.hpp>

#include <chrono>
#include <concepts>
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

template <class T>
concept transport_with_connect_timeout = requires(const T& transport) {
    transport.config().connect_timeout.count();
};

template <class T>
concept transport_with_connection_cap = requires(const T& transport) {
    transport.config().max_connections_per_host;
};

template <class T>
concept transport_with_error_message = requires(const T& transport) {
    { transport.last_error_message() } -> std::convertible_to<std::string_view>;
};

} // namespace awsml
