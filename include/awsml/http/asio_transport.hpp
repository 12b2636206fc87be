#pragma once

/// \file
/// asio_http_transport: awsml's HTTP/1.1 transport over standalone Asio (plain TCP for http://,
/// TLS through OpenSSL for https://, HTTP proxies), blocking and asynchronous over one
/// implementation. It models awsml::http_transport and awsml::async_http_transport.
///
///     // Blocking: send() runs the asynchronous machinery (detail/http_exchange.hpp) on a
///     // private io_context; on a plain connection it writes and reads at once, waiting in
///     // poll(2), as nothing else runs on that io_context.
///     awsml::asio_http_transport transport({.connect_timeout = 2s, .read_timeout = 30s});
///     std::error_code ec;
///     awsml::http_response response = transport.send(request, ec);
///     if (ec) std::cerr << transport.last_error_message() << '\n';
///         // "connect to 127.0.0.1:1: Connection refused"
///
///     // Asynchronous: many calls in flight on one object, over the caller's io_context.
///     awsml::asio_http_transport transport(io.get_executor(), config);
///     transport.async_send(request, [](std::error_code ec, awsml::http_response response) {...});
///     auto future = transport.async_send(request, asio::use_future);  // any completion token
///
/// Errors (std::error_code with awsml::errc; the message in last_error_message() and how far the
/// exchange got in last_failure_stage() after a blocking send, both in the otherwise empty
/// response an asynchronous send completes with):
///   errc::timeout                  waiting for a free connection, resolving, connecting, the TLS
///                                  handshake with an https:// proxy, a proxy's CONNECT and the
///                                  TLS handshake together took longer than
///                                  connect_timeout, or no byte arrived (or could be written) for
///                                  read_timeout;
///   errc::cancelled                the handler's cancellation slot was emitted (asynchronous);
///   errc::transport_error          cannot resolve or connect, TLS failure (untrusted certificate,
///                                  host name mismatch: OpenSSL's verify error is quoted), a proxy
///                                  refused CONNECT (its status line is quoted), the connection
///                                  reset or closed before the response was complete, a body
///                                  that ends with the connection cut by a TLS close without
///                                  close_notify (it may be truncated);
///   errc::malformed_http_response  the server's bytes are not HTTP/1.1 (see parser.hpp);
///   errc::response_too_large       headers or body over config.limits;
///   errc::config_error             a CA bundle (AWS_CA_BUNDLE, ca_file) cannot be loaded, or a
///                                  proxy URL is malformed (see proxy.hpp);
///   errc::invalid_value            the request itself cannot be sent (scheme other than http or
///                                  https, CR or LF in a header, Content-Length not the body size).
/// A non-2xx status is a success: ec is clear and the response holds it.
///
/// Connections: a pool per route (scheme, host and port; or the proxy) holds at most
/// config.max_connections_per_host open connections, kept alive for later calls unless the request
/// or the response said `Connection: close` (or HTTP/1.0 without keep-alive). A call beyond the
/// limit waits in a FIFO queue, and that wait counts against its connect_timeout: connect_timeout
/// bounds everything from the start of the call until the request can be written. A kept
/// connection the server has closed meanwhile is noticed before use; if the server closes it after
/// the request was written but before any response byte, the request is sent once more on a new
/// connection.
///
/// Requests are written as given: `METHOD target HTTP/1.1`, the headers in order (Host added
/// first when absent; Content-Length added when absent for a non-empty body and for POST, PUT and
/// PATCH), then the body.
///
/// TLS: TLS 1.2 or newer; the peer is verified against one CA bundle, replacing the system's CA
/// store as botocore does: config.ca_file, else the AWS_CA_BUNDLE environment variable, else the
/// profile's ca_bundle (config.shared_config_ca_bundle), else the system's store alone.
/// config.ca_bundle_adds_to_system_store trusts the system's store as well. SNI is sent for host
/// names; the certificate must match the host name (or IP address) requested.
/// config.insecure_skip_tls_verify turns verification off: for tests against local servers only.
///
/// Proxies (see proxy.hpp for where they come from and NO_PROXY): an http:// request goes to the
/// proxy in absolute form (`POST http://host:port/ HTTP/1.1`); an https:// request goes through a
/// CONNECT tunnel (`CONNECT host:443 HTTP/1.1`), inside which TLS runs with SNI and verification
/// for the target host. An https:// proxy is reached over TLS first, verified as a target is
/// (same CA store, SNI and name checks for the proxy's host), and the tunnel or the absolute-form
/// requests run inside that TLS. Proxy-Authorization: Basic is sent when the proxy URL names a
/// user. Messages name the proxy by host and port only: credentials are never shown.
///
/// Threads and lifetimes:
///   - send(): one call at a time per object, on the calling thread. Copies share nothing but the
///     configuration (and executor): a copy starts with no connection, which is how the client's
///     transport pool gives each concurrent blocking call its own.
///   - async_send(): any number of calls at once, initiated from any thread; the transport's
///     state lives on a strand of its executor, and each handler is invoked through its own
///     associated executor (by default the transport's). Calls in flight keep what they need
///     alive, so the transport may be destroyed before they complete; the io_context must outlive
///     both. Cancelling (any cancellation type) closes the call's connection and completes it with
///     errc::cancelled, exactly once.

#include <awsml/core/detail/separate_compilation.hpp>
#include <awsml/core/error.hpp>
#include <awsml/http/detail/exchange_result.hpp>
#include <awsml/http/detail/outstanding_work.hpp>
#include <awsml/http/message.hpp>
#include <awsml/http/transport.hpp>
#include <awsml/http/transport_config.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/associated_cancellation_slot.hpp>
#include <asio/associated_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/cancellation_type.hpp>
#include <asio/post.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>

namespace awsml {

namespace detail {

// The engine and its exchanges (detail/http_exchange.hpp) are complete only in
// impl/asio_transport.ipp: the transport and its asynchronous initiation reach them through
// these functions, compiled once in the separate compilation mode.
class http_engine;
class http_exchange;

AWSML_DECL std::shared_ptr<http_engine> make_http_engine(asio::any_io_executor executor,
                                                         const http_transport_config& config);
/// A call, ready to launch: the request is checked and serialised here (on any thread).
AWSML_DECL std::shared_ptr<http_exchange>
prepare_exchange(http_engine& engine, const http_request& request, exchange_completion done);
/// Starts it on the engine's strand.
AWSML_DECL void launch_exchange(http_engine& engine,
                                const std::shared_ptr<http_exchange>& exchange);
AWSML_DECL const asio::any_io_executor& executor_of(const http_engine& engine) noexcept;
AWSML_DECL const asio::any_io_executor& strand_of(const http_engine& engine) noexcept;

/// Holds an asynchronous send's handler with a work guard on its executor, and completes it
/// there (never inside async_send).
template <class Handler>
class send_completion {
public:
    using executor_type = asio::associated_executor_t<Handler, asio::any_io_executor>;

    send_completion(Handler handler, const asio::any_io_executor& fallback)
        : handler_(std::move(handler))
        , work_(asio::get_associated_executor(handler_, fallback)) {}

    // The slot is cleared on the handler's executor, where its owner emits it (Asio's rule):
    // clearing it here, on the transport's strand, would race a cancellation being emitted.
    void operator()(exchange_result result) {
        if (result.ec)
            result.response = http_response{
                0,
                {{std::string(transport_stage_header), std::string(to_string(result.stage))}},
                std::move(result.message)};
        executor_type executor = work_.executor();
        asio::post(executor,
                   [handler = std::move(handler_), ec = result.ec,
                    response = std::move(result.response), work = std::move(work_)]() mutable {
                       asio::get_associated_cancellation_slot(handler).clear();
                       handler(ec, std::move(response));
                   });
    }

private:
    Handler handler_;
    outstanding_work<executor_type> work_;
};

/// The cancellation slot's handler: cancels the call on the strand (never inline, since the
/// call's completion clears the slot that holds this handler). It holds no executor: a signal
/// may outlive the io_context, and the last copy of a strand must not.
struct cancel_exchange {
    std::weak_ptr<http_exchange> exchange;

    AWSML_DECL void operator()(asio::cancellation_type_t) const;
};

struct initiate_send {
    std::shared_ptr<http_engine> engine;

    template <class Handler>
    void operator()(Handler&& handler, const http_request& request) const {
        using handler_type = std::decay_t<Handler>;
        auto slot = asio::get_associated_cancellation_slot(handler);
        auto completion = std::make_shared<send_completion<handler_type>>(
            std::forward<Handler>(handler), executor_of(*engine));
        auto exchange = prepare_exchange(*engine, request, [completion](exchange_result result) {
            (*completion)(std::move(result));
        });
        if (slot.is_connected())
            slot.assign(cancel_exchange{exchange});
        launch_exchange(*engine, exchange);
    }
};

} // namespace detail

/// The HTTP/1.1 transport (see the top of this file).
class asio_http_transport {
public:
    using executor_type = asio::any_io_executor; ///< what get_executor() returns

    /// Blocking use only.
    AWSML_DECL asio_http_transport() noexcept;
    /// Blocking use only, configured.
    AWSML_DECL explicit asio_http_transport(http_transport_config config);
    /// Blocking and asynchronous use; asynchronous calls run on `executor`.
    AWSML_DECL explicit asio_http_transport(asio::any_io_executor executor,
                                            http_transport_config config = {});

    /// A copy has the same configuration and executor, and no connection of its own yet.
    AWSML_DECL asio_http_transport(const asio_http_transport& other);
    /// As the copy constructor: the same configuration and executor, no connection of its own.
    AWSML_DECL asio_http_transport& operator=(const asio_http_transport& other);
    /// Moves the configuration, the executor and the connections.
    AWSML_DECL asio_http_transport(asio_http_transport&&) noexcept;
    /// Moves the configuration, the executor and the connections.
    AWSML_DECL asio_http_transport& operator=(asio_http_transport&&) noexcept;
    AWSML_DECL ~asio_http_transport();

    /// The executor asynchronous calls run on (empty for a blocking-only transport).
    executor_type get_executor() const noexcept { return executor_; }

    /// Sends `request` and waits for the whole response. On failure sets `ec` (an awsml::errc)
    /// and last_error_message(), and returns an empty response.
    AWSML_DECL http_response send(const http_request& request, std::error_code& ec);

    /// As above, ending with errc::timeout at `deadline` whatever phase the exchange is in: how
    /// the blocking client keeps its call_timeout during an attempt, not only between them.
    AWSML_DECL http_response send(const http_request& request, std::error_code& ec,
                                  std::chrono::steady_clock::time_point deadline);

    /// Throwing form: awsml::error whose what() is last_error_message().
    AWSML_DECL http_response send(const http_request& request);

    /// Sends `request` asynchronously; completes with void(std::error_code, http_response)
    /// through the handler's associated executor, honouring its associated cancellation slot.
    /// On failure the response (status 0) holds only the message in its body (e.g. "no
    /// response from 127.0.0.1:8080 within 200 ms") and the transport_stage in its
    /// transport_stage_header. Throws awsml::error (invalid_value) on a transport constructed
    /// without an executor.
    template <class CompletionToken>
    auto async_send(http_request request, CompletionToken&& token) {
        if (!engine_)
            throw error(make_error_code(errc::invalid_value),
                        "asio_http_transport::async_send needs a transport constructed with an "
                        "executor");
        return asio::async_initiate<CompletionToken, void(std::error_code, http_response)>(
            detail::initiate_send{engine_}, token, std::move(request));
    }

    /// What the last failed send() ran into, e.g. "connect to 127.0.0.1:1: Connection refused";
    /// empty after a success.
    const std::string& last_error_message() const noexcept { return last_error_message_; }

    /// Whether the last failed send() had begun writing the request (last_failure_stage() is
    /// exchanging), on this connection or on a kept one that went stale: a timeout then is a
    /// read timeout, not a connect timeout.
    bool last_failure_connected() const noexcept {
        return last_failure_stage_ == transport_stage::exchanging;
    }

    /// How far the last failed send() got (unknown after a success).
    transport_stage last_failure_stage() const noexcept { return last_failure_stage_; }

    /// The configuration it was made with.
    const http_transport_config& config() const noexcept { return config_; }

    /// What service_client resolved (transport_defaults): config().connect_timeout and
    /// tcp_keepalive where they are unset, and shared_config_ca_bundle where it has one; before
    /// the first call only, as the engine and its TLS context take the config on first use.
    AWSML_DECL void use_client_defaults(const transport_defaults& defaults);

    /// Connections this object has opened, blocking and asynchronous (a measure of keep-alive
    /// reuse).
    AWSML_DECL std::size_t connections_opened() const noexcept;

    /// Closes the idle connections (asynchronous ones on the executor, soon after).
    AWSML_DECL void close_idle_connections() noexcept;

private:
    // send()'s private io_context, which it runs on the calling thread until its call is done.
    struct blocking_session;

    // After a change of config_: the engine (if made) and the blocking session take it anew.
    AWSML_DECL void reconfigure();

    http_transport_config config_;
    asio::any_io_executor executor_;
    std::shared_ptr<detail::http_engine> engine_;
    std::unique_ptr<blocking_session> session_;
    std::string last_error_message_;
    transport_stage last_failure_stage_ = transport_stage::unknown;
};

static_assert(http_transport<asio_http_transport>);
static_assert(async_http_transport<asio_http_transport>);

} // namespace awsml

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/http/impl/asio_transport.ipp>
#endif
