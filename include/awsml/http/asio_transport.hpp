#pragma once

/// \file
/// asio_http_transport: awsml's HTTP/1.1 transport over standalone Asio (plain TCP for http://,
/// TLS through OpenSSL for https://, HTTP proxies), blocking and asynchronous over one
/// implementation. It models awsml::http_transport and awsml::async_http_transport.
///
///     // Blocking: send() runs the asynchronous machinery below on a private io_context.
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
/// Errors (std::error_code with awsml::errc; the message in last_error_message() after a blocking
/// send, and in the body of the otherwise empty response an asynchronous send completes with):
///   errc::timeout                  waiting for a free connection, resolving, connecting, a proxy's
///                                  CONNECT and the TLS handshake together took longer than
///                                  connect_timeout, or no byte arrived (or could be written) for
///                                  read_timeout;
///   errc::cancelled                the handler's cancellation slot was emitted (asynchronous);
///   errc::transport_error          cannot resolve or connect, TLS failure (untrusted certificate,
///                                  host name mismatch: OpenSSL's verify error is quoted), a proxy
///                                  refused CONNECT (its status line is quoted), the connection
///                                  reset or closed before the response was complete, a body
///                                  that ends with the connection cut by a TLS close without
///                                  close_notify (it may be truncated);
///   errc::malformed_http_response  the server's bytes are not HTTP/1.1 (see http_parser.hpp);
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
/// for the target host. Proxy-Authorization: Basic is sent when the proxy URL names a user.
/// Messages name the proxy by host and port only: credentials are never shown.
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

#include <awsml/core/environment.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/http/detail/asio.hpp>
#include <awsml/http/detail/connect_tunnel.hpp>
#include <awsml/http/detail/connection_pool.hpp>
#include <awsml/http/detail/http_connection.hpp>
#include <awsml/http/detail/outstanding_work.hpp>
#include <awsml/http/detail/request_writer.hpp>
#include <awsml/http/message.hpp>
#include <awsml/http/parser.hpp>
#include <awsml/http/proxy.hpp>
#include <awsml/http/transport.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

namespace awsml {

/// Everything asio_http_transport can be told; designated initializers leave the rest at their
/// defaults: `asio_http_transport transport({.connect_timeout = 2s, .read_timeout = 30s});`.
struct http_transport_config {
    /// From the start of a call until its request can be written: waiting for a free connection,
    /// resolving, connecting, a proxy's CONNECT and the TLS handshake. Zero or less: no limit.
    std::chrono::milliseconds connect_timeout{3100};
    /// The longest wait for the next bytes of the response (and for the request to be written).
    /// Zero or less: no limit.
    std::chrono::milliseconds read_timeout{60000};
    /// The largest response header section and body accepted; a larger response fails the
    /// attempt with errc::response_too_large rather than exhausting memory.
    http_parser_limits limits;
    /// The PEM bundle of CA certificates servers are verified against, replacing the system's
    /// store (as botocore's `verify` and libcurl's CA file do). Unset: AWS_CA_BUNDLE (read from
    /// `environment`), else shared_config_ca_bundle, else the system's store.
    std::optional<std::string> ca_file;
    /// The profile's `ca_bundle` from the shared config file, used when neither of the above is
    /// set. service_client fills it in from its profile (the transport reads no config files).
    std::optional<std::string> shared_config_ca_bundle;
    /// Trust the system's store as well as the bundle chosen above: "system store plus this file".
    bool ca_bundle_adds_to_system_store = false;
    /// Accept any certificate for any host: for tests against local servers, never in production.
    bool insecure_skip_tls_verify = false;
    /// Open connections per route (scheme, host, port; or proxy); further calls wait their turn.
    /// Zero: no limit.
    std::size_t max_connections_per_host = 50;
    /// Proxy URLs ("http://user:password@proxy:3128") for https:// and http:// targets, and the
    /// hosts that bypass them; unset: the environment's (when use_environment_proxies), an empty
    /// string: none. See proxy.hpp.
    std::optional<std::string> https_proxy;
    /// The proxy for http:// targets; see https_proxy.
    std::optional<std::string> http_proxy;
    /// Hosts that bypass the proxies: names (each also matching the hosts under it), IP addresses,
    /// CIDR blocks, or "*", comma-separated; proxy.hpp has the rules.
    std::optional<std::string> no_proxy;
    /// Read HTTPS_PROXY, HTTP_PROXY and NO_PROXY for whichever of the three above is unset.
    bool use_environment_proxies = true;
    /// Where HTTPS_PROXY, HTTP_PROXY, NO_PROXY (and lower-case forms) and AWS_CA_BUNDLE are read;
    /// unset: the process environment.
    std::optional<awsml::environment> environment;
};

namespace detail {

inline std::string milliseconds_text(std::chrono::milliseconds d) {
    return std::to_string(d.count()) + " ms";
}

/// Zero, negative and beyond a century all mean "no limit".
inline bool is_limited(std::chrono::milliseconds timeout) {
    return timeout > std::chrono::milliseconds::zero() &&
           timeout <= std::chrono::hours(24 * 365 * 100);
}

/// How a request reaches its origin: directly, through a CONNECT tunnel (https:// targets behind
/// a proxy) or as an absolute-form request to the proxy (http:// targets behind a proxy).
struct http_route {
    http_origin target;
    std::optional<proxy_url> proxy;
    std::string key; ///< the connection pool's route key
    bool dial_is_address = false;

    bool tunnel() const noexcept { return proxy && target.tls; }
    bool absolute_form() const noexcept { return proxy && !target.tls; }
    const std::string& dial_host() const noexcept { return proxy ? proxy->host : target.host; }
    std::uint16_t dial_port() const noexcept { return proxy ? proxy->port : target.port; }
    /// What connect errors name: "127.0.0.1:443" or "proxy 127.0.0.1:3128".
    std::string dial_name() const {
        return proxy ? "proxy " + proxy->authority() : target.authority();
    }
};

struct exchange_result {
    std::error_code ec;
    http_response response;
    std::string message;    ///< what went wrong; empty on success
    bool connected = false; ///< it got as far as writing the request (a read, not a connect,
                            ///< timeout: callers such as IMDS treat them apart)
};
using exchange_completion = std::function<void(exchange_result)>;

class http_exchange;

/// The shared state behind an asio_http_transport's calls, on one executor: the strand that
/// serialises them, the connection pool, the TLS context and the proxy settings.
class http_engine : public std::enable_shared_from_this<http_engine> {
public:
    http_engine(asio::any_io_executor executor, const http_transport_config& config)
        : config_(config)
        , executor_(std::move(executor))
        , strand_(asio::make_strand(executor_))
        , pool_(config.max_connections_per_host)
        , proxies_(config.https_proxy, config.http_proxy, config.no_proxy,
                   config.use_environment_proxies, env()) {}
    http_engine(const http_engine&) = delete;
    http_engine& operator=(const http_engine&) = delete;

    /// A call, ready to launch(): the request is checked and serialised here (on any thread).
    std::shared_ptr<http_exchange> prepare(const http_request& request, exchange_completion done);
    /// Starts it on the strand.
    void launch(const std::shared_ptr<http_exchange>& exchange);

    const http_transport_config& config() const noexcept { return config_; }
    const asio::any_io_executor& executor() const noexcept { return executor_; }
    const asio::any_io_executor& strand() const noexcept { return strand_; }
    const proxy_selector& proxies() const noexcept { return proxies_; }
    /// On the strand only.
    connection_pool& pool() noexcept { return pool_; }

    void count_connection_opened() noexcept { ++connections_opened_; }
    std::size_t connections_opened() const noexcept { return connections_opened_.load(); }

    /// From any thread: closes the idle connections on the strand.
    void close_idle() {
        asio::post(strand_, [self = shared_from_this()] { self->pool_.close_idle(); });
    }

    /// On the strand only: the TLS context, made on first use; null (with ec and message) when
    /// a CA bundle cannot be loaded.
    asio::ssl::context* tls_context(std::error_code& ec, std::string& message) {
        if (tls_context_)
            return &*tls_context_;
        asio::ssl::context context(asio::ssl::context::tls_client);
        SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
        context.set_options(asio::ssl::context::default_workarounds |
                            asio::ssl::context::no_compression);
        if (config_.insecure_skip_tls_verify) {
            context.set_verify_mode(asio::ssl::verify_none);
        } else {
            context.set_verify_mode(asio::ssl::verify_peer);
            auto bundle = ca_bundle();
            if (!bundle || config_.ca_bundle_adds_to_system_store) {
                std::error_code ignored; // a system without CA paths can still trust a bundle
                context.set_default_verify_paths(ignored);
            }
            if (bundle) {
                std::error_code load_error;
                context.load_verify_file(bundle->first, load_error);
                if (load_error) {
                    ec = make_error_code(errc::config_error);
                    message = "cannot load the CA bundle ";
                    message.append(bundle->first).append(" (named by ").append(bundle->second);
                    message.append("): ").append(load_error.message());
                    return nullptr;
                }
            }
        }
        tls_context_.emplace(std::move(context));
        return &*tls_context_;
    }

private:
    awsml::environment env() const {
        return config_.environment.value_or(awsml::environment::process());
    }

    // The CA bundle to trust, and what named it; none: the system's store alone.
    std::optional<std::pair<std::string, std::string>> ca_bundle() const {
        if (config_.ca_file)
            return std::pair{*config_.ca_file, std::string("http_transport_config::ca_file")};
        if (auto named = env().get("AWS_CA_BUNDLE"))
            return std::pair{*named, std::string("AWS_CA_BUNDLE")};
        if (config_.shared_config_ca_bundle)
            return std::pair{*config_.shared_config_ca_bundle,
                             std::string("the profile's ca_bundle")};
        return std::nullopt;
    }

    http_transport_config config_;
    asio::any_io_executor executor_;
    asio::any_io_executor strand_;
    std::optional<asio::ssl::context> tls_context_; // before the pool: connections use it
    connection_pool pool_;
    proxy_selector proxies_;
    std::atomic<std::size_t> connections_opened_{0};
};

/// One call: take a connection from the pool (or wait for one, or open one: resolve, connect,
/// CONNECT through a proxy, TLS handshake), write the request, read and parse the response, give
/// the connection back. Every step is an asynchronous operation on the engine's strand, watched
/// by one timer; a timeout or a cancellation closes the connection and completes the call at
/// once, and the aborted operation's handler, arriving later, finds the call finished.
class http_exchange : public std::enable_shared_from_this<http_exchange> {
public:
    http_exchange(std::shared_ptr<http_engine> engine, exchange_completion done)
        : engine_(std::move(engine))
        , done_(std::move(done))
        , timer_(engine_->strand()) {}

    /// On any thread, before start(): checks and serialises the request.
    void prepare(const http_request& request) {
        std::string problem;
        http_origin origin;
        if (!origin_of(request, origin, problem))
            return refuse(make_error_code(errc::invalid_value), std::move(problem));
        if (!route_to(origin))
            return;
        if (!serialize(request, problem))
            return refuse(make_error_code(errc::invalid_value), std::move(problem));
        head_ = request.method == "HEAD";
        request_closes_ = connection_close_requested(request.headers);
    }

    /// On the strand.
    void start() {
        if (finished_)
            return; // cancelled before it started
        if (refusal_)
            return finish(refusal_->first, {}, std::move(refusal_->second));
        guarded([&] {
            phase_ = phase::queued;
            arm_timer(config().connect_timeout);
            acquire();
        });
    }

    /// On the strand: ends the call with errc::cancelled unless it is over.
    void cancel() {
        if (!finished_)
            fail(make_error_code(errc::cancelled), "the call was cancelled");
    }

private:
    enum class phase { queued, resolving, connecting, tunnelling, handshaking, writing, reading };
    using tcp = asio::ip::tcp;

    const http_transport_config& config() const noexcept { return engine_->config(); }
    connection_pool& pool() const noexcept { return engine_->pool(); }

    // ---- the request ----

    static bool connection_close_requested(const http_headers& headers) {
        for (const auto& h : headers)
            if (iequals(h.name, "Connection") && list_contains(h.value, "close"))
                return true;
        return false;
    }

    static bool origin_of(const http_request& request, http_origin& origin, std::string& message) {
        if (iequals(request.scheme, "https")) {
            origin.tls = true;
        } else if (!iequals(request.scheme, "http")) {
            message = "unsupported URL scheme " + in_quotes(request.scheme) + " (http or https)";
            return false;
        }
        std::string_view host = request.host;
        if (host.size() > 2 && host.front() == '[' && host.back() == ']')
            host = host.substr(1, host.size() - 2);
        if (host.empty() || !std::all_of(host.begin(), host.end(), [](char c) {
                return is_token_char(c) || c == ':' || c == '%';
            })) {
            message = "bad host name " + in_quotes(request.host);
            return false;
        }
        origin.host = std::string(host);
        origin.port = request.port;
        origin.host_is_address = proxies::ip_literal(origin.host).has_value();
        return true;
    }

    void refuse(std::error_code ec, std::string message) {
        refusal_.emplace(ec, std::move(message));
    }

    // Chooses the route (direct, or which proxy); false (refused) if the proxy setting is bad.
    bool route_to(const http_origin& origin) {
        auto proxy = engine_->proxies().select(origin.tls, origin.host, origin.port);
        if (!proxy) {
            refuse(proxy.error().code, proxy.error().message);
            return false;
        }
        route_.target = origin;
        route_.proxy = std::move(*proxy);
        const std::string direct = origin.scheme() + "://" + origin.authority();
        if (route_.tunnel())
            route_.key = direct + " via " + route_.proxy->authority();
        else if (route_.absolute_form())
            route_.key = "proxy " + route_.proxy->authority();
        else
            route_.key = direct;
        route_.dial_is_address = proxies::ip_literal(route_.dial_host()).has_value();
        return true;
    }

    bool serialize(const http_request& request, std::string& message) {
        request_writer_options options;
        const std::string host = route_.target.host_header();
        options.host = host;
        options.absolute_form = route_.absolute_form();
        if (options.absolute_form)
            options.proxy_authorization = route_.proxy->authorization();
        return detail::write_request(request, options, wire_, message);
    }

    // ---- a connection ----

    void acquire() {
        connection_pool::connection_ptr idle;
        if (pool().try_acquire(route_.key, idle))
            return granted(std::move(idle));
        waiting_ = true;
        waiter_id_ = pool().wait(
            route_.key, [self = shared_from_this()](connection_pool::connection_ptr connection) {
                // Called inside another call's release(): continue on a handler of our own.
                asio::post(self->engine_->strand(),
                           [self, connection = std::move(connection)]() mutable {
                               self->waiting_ = false;
                               self->granted(std::move(connection));
                           });
            });
    }

    void granted(connection_pool::connection_ptr idle) {
        if (finished_) // timed out or cancelled while the grant was on its way: pass it on
            return pool().release(route_.key, std::move(idle));
        holding_slot_ = true;
        guarded([&] {
            if (!idle)
                return open();
            connection_ = std::move(idle);
            write_request();
        });
    }

    void open() {
        if (route_.dial_is_address) {
            const tcp::endpoint endpoint(asio::ip::make_address(route_.dial_host()),
                                         route_.dial_port());
            return connect(std::vector<tcp::endpoint>{endpoint});
        }
        phase_ = phase::resolving;
        resolver_.emplace(engine_->strand());
        resolver_->async_resolve(
            route_.dial_host(), std::to_string(route_.dial_port()), tcp::resolver::numeric_service,
            [self = shared_from_this()](std::error_code ec, tcp::resolver::results_type results) {
                self->on_step([&] {
                    if (ec)
                        return self->fail(make_error_code(errc::transport_error),
                                          "resolve " + self->route_.dial_host() + ": " +
                                              ec.message());
                    std::vector<tcp::endpoint> endpoints;
                    for (const auto& entry : results)
                        endpoints.push_back(entry.endpoint());
                    self->connect(std::move(endpoints));
                });
            });
    }

    void connect(std::vector<tcp::endpoint> endpoints) {
        asio::ssl::context* tls_context = nullptr;
        if (route_.target.tls) {
            std::error_code ec;
            std::string message;
            tls_context = engine_->tls_context(ec, message);
            if (!tls_context)
                return fail(ec, std::move(message));
        }
        phase_ = phase::connecting;
        connection_ = std::make_unique<http_connection>(engine_->strand(), tls_context);
        auto endpoints_kept = std::make_shared<std::vector<tcp::endpoint>>(std::move(endpoints));
        asio::async_connect(
            connection_->socket(), *endpoints_kept,
            [self = shared_from_this(), endpoints_kept](std::error_code ec, const tcp::endpoint&) {
                self->on_step([&] { self->on_connected(ec); });
            });
    }

    void on_connected(std::error_code ec) {
        if (ec)
            return fail(make_error_code(errc::transport_error),
                        "connect to " + route_.dial_name() + ": " + ec.message());
        engine_->count_connection_opened();
        std::error_code ignored;
        connection_->socket().set_option(tcp::no_delay(true), ignored);
        if (route_.tunnel())
            return request_tunnel();
        if (route_.target.tls)
            return handshake();
        write_request();
    }

    void request_tunnel() {
        phase_ = phase::tunnelling;
        const std::string target = route_.target.authority();
        connect_wire_ = connect_request(target, route_.proxy->authorization());
        asio::async_write(
            connection_->socket(), asio::buffer(connect_wire_),
            [self = shared_from_this()](std::error_code ec, std::size_t) {
                self->on_step([&] {
                    if (ec)
                        return self->fail(make_error_code(errc::transport_error),
                                          "send CONNECT to " + self->route_.dial_name() + ": " +
                                              ec.message());
                    self->tunnel_answer_.emplace(self->config().limits, self->route_.dial_name(),
                                                 self->route_.target.authority(),
                                                 self->route_.proxy->has_credentials());
                    self->read_tunnel_answer();
                });
            });
    }

    void read_tunnel_answer() {
        connection_->async_read_some_below_tls(
            [self = shared_from_this()](std::error_code ec, std::size_t bytes) {
                self->on_step([&] { self->on_tunnel_answer(ec, bytes); });
            });
    }

    void on_tunnel_answer(std::error_code ec, std::size_t bytes) {
        if (ec)
            return fail(make_error_code(errc::transport_error),
                        is_end_of_stream(ec) ? route_.dial_name() +
                                                   " closed the connection without answering "
                                                   "CONNECT " +
                                                   route_.target.authority()
                                             : "read the answer to CONNECT from " +
                                                   route_.dial_name() + ": " + ec.message());
        switch (tunnel_answer_->feed(connection_->received(bytes))) {
        case connect_answer_reader::status::more:
            return read_tunnel_answer();
        case connect_answer_reader::status::refused:
            return fail(make_error_code(errc::transport_error), tunnel_answer_->message());
        case connect_answer_reader::status::established:
            break;
        }
        handshake();
    }

    void handshake() {
        phase_ = phase::handshaking;
        std::string problem;
        if (!connection_->prepare_tls(route_.target, !config().insecure_skip_tls_verify, problem))
            return fail(make_error_code(errc::transport_error),
                        "TLS handshake with " + route_.target.authority() + " failed: " + problem);
        connection_->tls().async_handshake(
            asio::ssl::stream_base::client, [self = shared_from_this()](std::error_code ec) {
                self->on_step([&] {
                    if (ec)
                        return self->fail(
                            make_error_code(errc::transport_error),
                            "TLS handshake with " + self->route_.target.authority() + " failed: " +
                                self->connection_->handshake_failure(ec, self->route_.target));
                    self->write_request();
                });
            });
    }

    // ---- the exchange ----

    void write_request() {
        phase_ = phase::writing;
        arm_timer(config().read_timeout);
        connection_->async_write(
            asio::buffer(wire_), [self = shared_from_this()](std::error_code ec, std::size_t) {
                self->on_step([&] {
                    if (ec)
                        return self->fail_exchange(make_error_code(errc::transport_error),
                                                   "send the request to " +
                                                       self->route_.target.authority() + ": " +
                                                       ec.message(),
                                                   true);
                    self->parser_.emplace(self->config().limits, self->head_);
                    self->read_response();
                });
            });
    }

    void read_response() {
        phase_ = phase::reading;
        arm_timer(config().read_timeout);
        connection_->async_read_some(
            [self = shared_from_this()](std::error_code ec, std::size_t bytes) {
                self->on_step([&] { self->on_response_bytes(ec, bytes); });
            });
    }

    void on_response_bytes(std::error_code ec, std::size_t bytes) {
        const std::string origin = route_.target.authority();
        std::error_code parse_error;
        if (ec) {
            const bool stale = !parser_->received_any(); // the server may never have seen it
            if (!is_end_of_stream(ec))
                return fail_exchange(make_error_code(errc::transport_error),
                                     "read the response from " + origin + ": " + ec.message(),
                                     stale);
            parser_->feed_eof(parse_error);
            if (!parse_error && is_truncated_tls(ec))
                return fail(make_error_code(errc::transport_error),
                            "response from " + origin +
                                ": the TLS connection closed without close_notify, so the body, "
                                "which ends with the connection, may be truncated");
            if (!parse_error)
                return succeed(false);
            return fail_exchange(parse_error,
                                 stale
                                     ? origin + " closed the connection without responding"
                                     : "response from " + origin + ": " + parser_->error_message(),
                                 stale);
        }
        const std::size_t used = parser_->feed(connection_->received(bytes), parse_error);
        if (parse_error)
            return fail_exchange(
                parse_error, "response from " + origin + ": " + parser_->error_message(), false);
        if (!parser_->done())
            return read_response();
        // Bytes after the response were not asked for: the connection's framing is not to be
        // trusted with another request.
        succeed(parser_->keep_alive() && used == bytes && !request_closes_);
    }

    void succeed(bool keep_connection) {
        http_response response = parser_->take();
        holding_slot_ = false;
        if (keep_connection) {
            connection_->reused = true;
            pool().release(route_.key, std::move(connection_));
        } else {
            connection_->close();
            pool().release(route_.key, nullptr);
        }
        finish({}, std::move(response), {});
    }

    // A failure once the request may have been sent. `stale`: nothing of a response arrived, so
    // on a reused connection the server probably closed it as we wrote: try once on a new one.
    void fail_exchange(std::error_code ec, std::string message, bool stale) {
        if (stale && connection_->reused && attempt_ == 1) {
            ++attempt_;
            connection_->close();
            phase_ = phase::connecting;
            arm_timer(config().connect_timeout); // the slot stays ours
            return open();
        }
        fail(ec, std::move(message));
    }

    // ---- ending ----

    // Ends the call with an error: closes what is open, gives the slot back, completes.
    void fail(std::error_code ec, std::string message) {
        if (finished_)
            return;
        if (waiting_ && pool().cancel_wait(route_.key, waiter_id_))
            waiting_ = false; // otherwise the grant is on its way, and granted() passes it on
        if (resolver_)
            resolver_->cancel();
        if (connection_)
            connection_->close();
        if (holding_slot_) {
            holding_slot_ = false;
            pool().release(route_.key, nullptr);
        }
        finish(ec, {}, std::move(message));
    }

    void finish(std::error_code ec, http_response response, std::string message) {
        finished_ = true;
        ++step_;
        timer_.cancel();
        exchange_completion done = std::move(done_);
        const bool connected = phase_ == phase::writing || phase_ == phase::reading;
        done({ec, std::move(response), std::move(message), connected});
    }

    // Each phase (and each read) moves the deadline; the timer is re-armed only when it must
    // fire earlier than it is set to. A wait that fires before the deadline re-arms itself for
    // the rest, so a healthy exchange costs one arming, not one per phase and read.
    void arm_timer(std::chrono::milliseconds timeout) {
        if (!is_limited(timeout)) {
            deadline_ = std::chrono::steady_clock::time_point::max();
            return;
        }
        deadline_ = std::chrono::steady_clock::now() + timeout;
        if (!timer_waiting_ || timer_.expiry() > deadline_)
            wait_for_deadline();
    }

    void wait_for_deadline() {
        const std::uint64_t step = ++step_;
        timer_waiting_ = true;
        timer_.expires_at(deadline_);
        timer_.async_wait([self = shared_from_this(), step](std::error_code) {
            if (self->finished_ || step != self->step_)
                return; // superseded by a re-arming or the end of the exchange
            self->timer_waiting_ = false;
            if (self->deadline_ == std::chrono::steady_clock::time_point::max())
                return; // the current phase has no limit
            if (std::chrono::steady_clock::now() < self->deadline_)
                return self->wait_for_deadline();
            self->guarded(
                [&] { self->fail(make_error_code(errc::timeout), self->timeout_message()); });
        });
    }

    std::string timeout_message() const {
        const std::string connect_limit = milliseconds_text(config().connect_timeout);
        const std::string read_limit = milliseconds_text(config().read_timeout);
        const std::string origin = route_.target.authority();
        switch (phase_) {
        case phase::queued:
            return "waited " + connect_limit + " for a free connection to " + origin + " (all " +
                   std::to_string(pool().open(route_.key)) +
                   " in use; see http_transport_config::max_connections_per_host)";
        case phase::resolving:
            return "resolving " + route_.dial_host() + " timed out after " + connect_limit;
        case phase::connecting:
            return "connect to " + route_.dial_name() + " timed out after " + connect_limit;
        case phase::tunnelling:
            return route_.dial_name() + " did not answer CONNECT " + origin + " within " +
                   connect_limit;
        case phase::handshaking:
            return "TLS handshake with " + origin + " timed out after " + connect_limit;
        case phase::writing:
            return "sending the request to " + origin + " timed out after " + read_limit;
        case phase::reading:
            return parser_ && parser_->received_any()
                       ? origin + " stopped sending the response: nothing for " + read_limit
                       : "no response from " + origin + " within " + read_limit;
        }
        return "timed out";
    }

    // A handler of an operation this call started: ignored once the call is over (a timeout or
    // a cancellation completed it; the operation only ran to its aborted end).
    template <class Step>
    void on_step(Step&& step) {
        if (!finished_)
            guarded(std::forward<Step>(step));
    }

    // Asio reports rare internal failures (out of descriptors, OpenSSL allocation) by throwing.
    template <class Step>
    void guarded(Step&& step) {
        try {
            step();
        } catch (const std::exception& e) {
            fail(make_error_code(errc::transport_error),
                 std::string("HTTP transport failure: ") + e.what());
        }
    }

    std::shared_ptr<http_engine> engine_;
    exchange_completion done_;
    std::optional<std::pair<std::error_code, std::string>> refusal_; ///< from prepare()
    http_route route_;
    std::string wire_;
    std::string connect_wire_;
    std::optional<connect_answer_reader> tunnel_answer_;
    bool head_ = false;
    bool request_closes_ = false;
    asio::steady_timer timer_;
    std::uint64_t step_ = 0;                           ///< which arming of the timer is current
    std::chrono::steady_clock::time_point deadline_{}; ///< of the current phase
    bool timer_waiting_ = false;
    phase phase_ = phase::queued;
    std::optional<tcp::resolver> resolver_;
    std::unique_ptr<http_connection> connection_;
    std::optional<http_response_parser> parser_;
    std::uint64_t waiter_id_ = 0;
    bool waiting_ = false;
    bool holding_slot_ = false;
    bool finished_ = false;
    int attempt_ = 1;
};

inline std::shared_ptr<http_exchange> http_engine::prepare(const http_request& request,
                                                           exchange_completion done) {
    auto exchange = std::make_shared<http_exchange>(shared_from_this(), std::move(done));
    exchange->prepare(request);
    return exchange;
}

inline void http_engine::launch(const std::shared_ptr<http_exchange>& exchange) {
    asio::post(strand_, [exchange] { exchange->start(); });
}

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
            result.response = http_response{0, {}, std::move(result.message)};
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
/// call's completion clears the slot that holds this handler).
struct cancel_exchange {
    std::weak_ptr<http_exchange> exchange;
    asio::any_io_executor strand;

    void operator()(asio::cancellation_type_t) const {
        asio::post(strand, [exchange = exchange] {
            if (auto call = exchange.lock())
                call->cancel();
        });
    }
};

struct initiate_send {
    std::shared_ptr<http_engine> engine;

    template <class Handler>
    void operator()(Handler&& handler, const http_request& request) const {
        using handler_type = std::decay_t<Handler>;
        auto slot = asio::get_associated_cancellation_slot(handler);
        auto completion = std::make_shared<send_completion<handler_type>>(
            std::forward<Handler>(handler), engine->executor());
        auto exchange = engine->prepare(
            request, [completion](exchange_result result) { (*completion)(std::move(result)); });
        if (slot.is_connected())
            slot.assign(cancel_exchange{exchange, engine->strand()});
        engine->launch(exchange);
    }
};

} // namespace detail

/// The HTTP/1.1 transport (see the top of this file).
class asio_http_transport {
public:
    using executor_type = asio::any_io_executor; ///< what get_executor() returns

    /// Blocking use only.
    asio_http_transport() = default;
    /// Blocking use only, configured.
    explicit asio_http_transport(http_transport_config config)
        : config_(std::move(config)) {}
    /// Blocking and asynchronous use; asynchronous calls run on `executor`.
    explicit asio_http_transport(asio::any_io_executor executor, http_transport_config config = {})
        : config_(std::move(config))
        , executor_(std::move(executor))
        , engine_(std::make_shared<detail::http_engine>(executor_, config_)) {}

    /// A copy has the same configuration and executor, and no connection of its own yet.
    asio_http_transport(const asio_http_transport& other)
        : config_(other.config_)
        , executor_(other.executor_)
        , engine_(executor_ ? std::make_shared<detail::http_engine>(executor_, config_) : nullptr) {
    }
    /// As the copy constructor: the same configuration and executor, no connection of its own.
    asio_http_transport& operator=(const asio_http_transport& other) {
        if (this != &other)
            *this = asio_http_transport(other);
        return *this;
    }
    /// Moves the configuration, the executor and the connections.
    asio_http_transport(asio_http_transport&&) noexcept = default;
    /// Moves the configuration, the executor and the connections.
    asio_http_transport& operator=(asio_http_transport&&) noexcept = default;
    ~asio_http_transport() = default;

    /// The executor asynchronous calls run on (empty for a blocking-only transport).
    executor_type get_executor() const noexcept { return executor_; }

    /// Sends `request` and waits for the whole response. On failure sets `ec` (an awsml::errc)
    /// and last_error_message(), and returns an empty response.
    http_response send(const http_request& request, std::error_code& ec) {
        return send(request, ec, std::chrono::steady_clock::time_point::max());
    }

    /// As above, ending with errc::timeout at `deadline` whatever phase the exchange is in: how
    /// the blocking client keeps its call_timeout during an attempt, not only between them.
    http_response send(const http_request& request, std::error_code& ec,
                       std::chrono::steady_clock::time_point deadline) {
        last_error_message_.clear();
        detail::exchange_result result;
        try {
            if (!session_)
                session_ = std::make_unique<blocking_session>(config_);
            result = session_->run(request, deadline);
        } catch (const std::system_error& e) { // Asio reports rare internal failures so
            session_.reset();
            result.ec = make_error_code(errc::transport_error);
            result.message = std::string("HTTP transport failure: ") + e.what();
        }
        ec = result.ec;
        last_failure_connected_ = result.connected;
        if (ec)
            last_error_message_ = result.message.empty() ? ec.message() : result.message;
        return std::move(result.response);
    }

    /// Throwing form: awsml::error whose what() is last_error_message().
    http_response send(const http_request& request) {
        std::error_code ec;
        http_response response = send(request, ec);
        if (ec)
            throw error(ec, last_error_message_);
        return response;
    }

    /// Sends `request` asynchronously; completes with void(std::error_code, http_response)
    /// through the handler's associated executor, honouring its associated cancellation slot.
    /// On failure the response is empty but for its body, which holds the message (e.g.
    /// "no response from 127.0.0.1:8080 within 200 ms"). Throws awsml::error (invalid_value)
    /// on a transport constructed without an executor.
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

    /// Whether the last failed send() had connected and begun writing the request: a timeout
    /// then is a read timeout, not a connect timeout.
    bool last_failure_connected() const noexcept { return last_failure_connected_; }

    /// The configuration it was made with.
    const http_transport_config& config() const noexcept { return config_; }

    /// Sets config().shared_config_ca_bundle (service_client passes its profile's ca_bundle);
    /// before the first call only, as the TLS context is made on first use.
    void use_shared_config_ca_bundle(std::optional<std::string> bundle) {
        config_.shared_config_ca_bundle = std::move(bundle);
        if (engine_)
            engine_ = std::make_shared<detail::http_engine>(executor_, config_);
        session_.reset();
    }

    /// Connections this object has opened, blocking and asynchronous (a measure of keep-alive
    /// reuse).
    std::size_t connections_opened() const noexcept {
        return (session_ ? session_->engine->connections_opened() : 0) +
               (engine_ ? engine_->connections_opened() : 0);
    }

    /// Closes the idle connections (asynchronous ones on the executor, soon after).
    void close_idle_connections() noexcept {
        try {
            if (session_)
                session_->engine->pool().close_idle();
            if (engine_)
                engine_->close_idle();
        } catch (const std::exception&) { // only allocation can fail here; the idle stay idle
        }
    }

private:
    // send()'s private io_context, which it runs on the calling thread until its call is done.
    struct blocking_session {
        asio::io_context io{1};
        std::shared_ptr<detail::http_engine> engine; // after io: destroyed before it

        explicit blocking_session(const http_transport_config& config)
            : engine(std::make_shared<detail::http_engine>(io.get_executor(), config)) {}

        detail::exchange_result run(const http_request& request,
                                    std::chrono::steady_clock::time_point deadline) {
            std::optional<detail::exchange_result> outcome;
            auto exchange = engine->prepare(request, [&outcome](detail::exchange_result result) {
                outcome = std::move(result);
            });
            engine->launch(exchange);
            // The timer's handler may run after this call returns (in the next one's run_one):
            // it holds only what outlives this frame.
            auto expired = std::make_shared<bool>(false);
            asio::steady_timer limit(io);
            if (deadline != std::chrono::steady_clock::time_point::max()) {
                limit.expires_at(deadline);
                limit.async_wait(
                    [expired, engine = engine, call = std::weak_ptr(exchange)](std::error_code ec) {
                        if (ec)
                            return; // the exchange ended first
                        *expired = true;
                        asio::post(engine->strand(), [call] {
                            if (auto live = call.lock())
                                live->cancel();
                        });
                    });
            }
            io.restart();
            while (!outcome)
                if (io.run_one() == 0)
                    throw std::system_error(make_error_code(errc::transport_error),
                                            "the call stopped without completing");
            limit.cancel();
            if (*expired && outcome->ec == errc::cancelled) {
                outcome->ec = make_error_code(errc::timeout);
                outcome->message = "the call's deadline passed during the exchange";
            }
            return std::move(*outcome);
        }
    };

    http_transport_config config_;
    asio::any_io_executor executor_;
    std::shared_ptr<detail::http_engine> engine_;
    std::unique_ptr<blocking_session> session_;
    std::string last_error_message_;
    bool last_failure_connected_ = false;
};

static_assert(http_transport<asio_http_transport>);
static_assert(async_http_transport<asio_http_transport>);

} // namespace awsml
