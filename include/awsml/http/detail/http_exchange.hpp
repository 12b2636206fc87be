#pragma once

// The machinery behind asio_http_transport: the engine (strand, connection pool, TLS context,
// proxies) and one exchange (connect, tunnel, handshake, write, read, timers). Only
// impl/asio_transport.ipp includes it, so that a translation unit of the separate compilation
// mode that uses the transport compiles none of it.

#include <awsml/core/environment.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/http/detail/asio.hpp>
#include <awsml/http/detail/connect_tunnel.hpp>
#include <awsml/http/detail/connection_pool.hpp>
#include <awsml/http/detail/exchange_result.hpp>
#include <awsml/http/detail/http_connection.hpp>
#include <awsml/http/detail/request_writer.hpp>
#include <awsml/http/detail/tcp_keepalive.hpp>
#include <awsml/http/message.hpp>
#include <awsml/http/parser.hpp>
#include <awsml/http/proxy.hpp>
#include <awsml/http/transport_config.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace awsml::detail {

inline std::string milliseconds_text(std::chrono::milliseconds d) {
    return std::to_string(d.count()) + " ms";
}

/// Zero, negative and beyond a century all mean "no limit".
inline bool is_limited(std::chrono::milliseconds timeout) {
    return timeout > std::chrono::milliseconds::zero() &&
           timeout <= std::chrono::hours(24 * 365 * 100);
}

/// How a request reaches its origin: directly, through a CONNECT tunnel (https:// targets behind
/// a proxy) or as an absolute-form request to the proxy (http:// targets behind a proxy); to an
/// https:// proxy, over TLS to the proxy first.
struct http_route {
    http_origin target;
    std::optional<proxy_url> proxy;
    http_origin proxy_origin; ///< the proxy as a TLS peer: its name to verify, for SNI
    std::string key;          ///< the connection pool's route key
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
    /// With serves_one_thread(), on that thread while it does not run the io_context: starts it
    /// here, since no other thread runs the strand. A reused plain connection's exchange then
    /// completes before this returns, without a pass of the io_context's loop.
    void start_here(const std::shared_ptr<http_exchange>& exchange);

    const http_transport_config& config() const noexcept { return config_; }
    const asio::any_io_executor& executor() const noexcept { return executor_; }
    const asio::any_io_executor& strand() const noexcept { return strand_; }
    const proxy_selector& proxies() const noexcept { return proxies_; }
    /// On the strand only.
    connection_pool& pool() noexcept { return pool_; }

    void count_connection_opened() noexcept { ++connections_opened_; }
    std::size_t connections_opened() const noexcept { return connections_opened_.load(); }

    /// The engine runs on a private io_context whose one thread runs it only to wait for one
    /// call (asio_http_transport's blocking calls): nothing else can run meanwhile, so a plain
    /// connection is written and read at once on that thread, waiting in poll(2). That takes
    /// four system calls a call where the asynchronous operations take eight (the reactor's
    /// passes and the timer's arming), on a path that costs mostly system calls.
    void serve_one_thread() noexcept { one_thread_ = immediate_io_supported; }
    bool serves_one_thread() const noexcept { return one_thread_; }

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
    bool one_thread_ = false;
};

/// One call: take a connection from the pool (or wait for one, or open one: resolve, connect,
/// CONNECT through a proxy, TLS handshake), write the request, read and parse the response, give
/// the connection back. Every step is an asynchronous operation on the engine's strand, watched
/// by one timer; a timeout or a cancellation closes the connection and completes the call at
/// once, and the aborted operation's handler, arriving later, finds the call finished. With an
/// engine that serves_one_thread(), a plain connection's write and read are not asynchronous:
/// they happen at once on that thread, which waits in poll(2) until the phase's deadline or the
/// call's.
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
            // The timer is armed only when the call has to wait (for a connection, to connect):
            // a reused connection's exchange arms it for its own phases, or needs none.
            set_deadline(config().connect_limit());
            acquire();
        });
    }

    /// Before start(), for an engine that serves_one_thread(): the call's own deadline, which
    /// bounds the waits that thread makes in poll(2) (no timer can fire meanwhile).
    void limit_waits_to(std::chrono::steady_clock::time_point call_deadline) noexcept {
        call_deadline_ = call_deadline;
    }

    /// The strand the exchange's steps run on.
    const asio::any_io_executor& strand() const noexcept { return engine_->strand(); }

    /// On the strand: ends the call with errc::cancelled unless it is over.
    void cancel() {
        if (!finished_)
            fail(make_error_code(errc::cancelled), "the call was cancelled");
    }

private:
    enum class phase {
        queued,
        resolving,
        connecting,
        handshaking_with_proxy,
        tunnelling,
        handshaking,
        writing,
        reading
    };
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
            route_.key = direct + " via " + route_.proxy->redacted();
        else if (route_.absolute_form())
            route_.key = "proxy " + route_.proxy->redacted();
        else
            route_.key = direct;
        route_.dial_is_address = proxies::ip_literal(route_.dial_host()).has_value();
        if (route_.proxy)
            route_.proxy_origin = {route_.proxy->tls, route_.proxy->host, route_.proxy->port,
                                   route_.dial_is_address};
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
        keep_deadline();
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
            if (!idle) {
                keep_deadline();
                return open();
            }
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
        const bool proxy_tls = route_.proxy && route_.proxy->tls;
        if (route_.target.tls || proxy_tls) {
            std::error_code ec;
            std::string message;
            tls_context = engine_->tls_context(ec, message);
            if (!tls_context)
                return fail(ec, std::move(message));
        }
        phase_ = phase::connecting;
        // One context for both: a proxy is verified against the trust store the targets are.
        connection_ = std::make_unique<http_connection>(engine_->strand(),
                                                        route_.target.tls ? tls_context : nullptr,
                                                        proxy_tls ? tls_context : nullptr);
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
        if (config().tcp_keepalive.value_or(false))
            enable_keepalive(connection_->socket(), config().tcp_keepalive_idle);
        if (route_.proxy && route_.proxy->tls)
            return handshake_with_proxy();
        through_proxy();
    }

    // Once the proxy (if any) can be spoken to: a tunnel, TLS to the origin, or the request.
    void through_proxy() {
        if (route_.tunnel())
            return request_tunnel();
        if (route_.target.tls)
            return handshake();
        write_request();
    }

    void handshake_with_proxy() {
        phase_ = phase::handshaking_with_proxy;
        std::string problem;
        const bool verify = !config().insecure_skip_tls_verify;
        if (!connection_->prepare_tls(route_.proxy_origin, verify, problem, true))
            return fail(make_error_code(errc::transport_error),
                        "TLS handshake with " + route_.dial_name() + " failed: " + problem);
        connection_->below_tls().tls().async_handshake(
            asio::ssl::stream_base::client, [self = shared_from_this()](std::error_code ec) {
                self->on_step([&] {
                    if (ec)
                        return self->fail(make_error_code(errc::transport_error),
                                          "TLS handshake with " + self->route_.dial_name() +
                                              " failed: " +
                                              self->connection_->handshake_failure(
                                                  ec, self->route_.proxy_origin, true));
                    self->through_proxy();
                });
            });
    }

    void request_tunnel() {
        phase_ = phase::tunnelling;
        const std::string target = route_.target.authority();
        connect_wire_ = connect_request(target, route_.proxy->authorization());
        asio::async_write(
            connection_->below_tls(), asio::buffer(connect_wire_),
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
        if (ec && is_end_of_stream(ec) &&
            tunnel_answer_->closed() == connect_answer_reader::status::refused) {
            tunnel_refused_ = true;
            return fail(make_error_code(errc::transport_error), tunnel_answer_->message());
        }
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
            tunnel_refused_ = true;
            return fail(make_error_code(errc::transport_error), tunnel_answer_->message());
        case connect_answer_reader::status::malformed:
            return fail(make_error_code(errc::malformed_http_response), tunnel_answer_->message());
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

    // Whether this exchange's writing and reading happen at once (http_engine::serve_one_thread).
    bool immediate() const noexcept {
        return engine_->serves_one_thread() && connection_->is_plain_tcp();
    }

    void write_request() {
        phase_ = phase::writing;
        request_sent_ = true;
        if (immediate()) {
            set_deadline(config().read_timeout);
            const auto ec = connection_->write_now(wire_, wait_limit());
            return ec == errc::timeout ? fail_waiting() : on_request_written(ec);
        }
        arm_timer(config().read_timeout);
        connection_->async_write(asio::buffer(wire_),
                                 [self = shared_from_this()](std::error_code ec, std::size_t) {
                                     self->on_step([&] { self->on_request_written(ec); });
                                 });
    }

    void on_request_written(std::error_code ec) {
        if (ec)
            return fail_exchange(
                make_error_code(errc::transport_error),
                "send the request to " + route_.target.authority() + ": " + ec.message(), true);
        parser_.emplace(config().limits, head_);
        if (immediate())
            return read_response_now();
        read_response();
    }

    void read_response() {
        phase_ = phase::reading;
        arm_timer(config().read_timeout);
        connection_->async_read_some(
            [self = shared_from_this()](std::error_code ec, std::size_t bytes) {
                self->on_step([&] {
                    if (self->on_response_bytes(ec, bytes))
                        self->read_response();
                });
            });
    }

    // As read_response(), in a loop on this thread; each read moves the deadline as there.
    void read_response_now() {
        phase_ = phase::reading;
        bool first = true;
        std::size_t bytes = 0;
        std::error_code ec;
        do {
            set_deadline(config().read_timeout);
            bytes = connection_->read_now(wait_limit(), std::exchange(first, false), ec);
            if (ec == errc::timeout)
                return fail_waiting();
        } while (on_response_bytes(ec, bytes));
    }

    // The response's next bytes (or the read's end): true when more are to be read.
    bool on_response_bytes(std::error_code ec, std::size_t bytes) {
        const std::string origin = route_.target.authority();
        std::error_code parse_error;
        if (ec) {
            const bool stale = !parser_->received_any(); // the server may never have seen it
            if (!is_end_of_stream(ec)) {
                fail_exchange(make_error_code(errc::transport_error),
                              "read the response from " + origin + ": " + ec.message(), stale);
                return false;
            }
            parser_->feed_eof(parse_error);
            if (!parse_error && is_truncated_tls(ec))
                fail(make_error_code(errc::transport_error),
                     "response from " + origin + ": the TLS connection" +
                         (route_.target.tls ? "" : " to " + route_.dial_name()) +
                         " closed without close_notify, so the body, which ends with the "
                         "connection, may be truncated");
            else if (!parse_error)
                succeed(false);
            else
                fail_exchange(parse_error,
                              stale ? origin + " closed the connection without responding"
                                    : "response from " + origin + ": " + parser_->error_message(),
                              stale);
            return false;
        }
        const std::size_t used = parser_->feed(connection_->received(bytes), parse_error);
        if (parse_error) {
            fail_exchange(parse_error, "response from " + origin + ": " + parser_->error_message(),
                          false);
            return false;
        }
        if (!parser_->done())
            return true;
        // Bytes after the response were not asked for: the connection's framing is not to be
        // trusted with another request.
        succeed(parser_->keep_alive() && used == bytes && !request_closes_);
        return false;
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
            arm_timer(config().connect_limit()); // the slot stays ours
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
        done({ec, std::move(response), std::move(message), stage_of_failure(ec)});
    }

    // A request refused before sending, or a configuration that cannot be used, got nowhere; a
    // request once written may have reached the service, even if a retry on a new connection
    // (a stale kept one) then failed to connect.
    transport_stage stage_of_failure(std::error_code ec) const noexcept {
        if (ec == errc::invalid_value || ec == errc::config_error)
            return transport_stage::unknown;
        if (request_sent_)
            return transport_stage::exchanging;
        switch (phase_) {
        case phase::queued:
            return transport_stage::connecting;
        case phase::resolving:
        case phase::connecting:
            return route_.proxy ? transport_stage::proxy : transport_stage::connecting;
        case phase::handshaking_with_proxy:
            return transport_stage::proxy;
        case phase::tunnelling: // a refusal is the proxy's answer; anything else its failure
            return tunnel_refused_ ? transport_stage::proxy : transport_stage::tunnelling;
        case phase::handshaking:
            return transport_stage::tls_handshake;
        case phase::writing:
        case phase::reading:
            return transport_stage::exchanging;
        }
        return transport_stage::unknown;
    }

    // Each phase (and each read) moves the deadline; the timer is re-armed only when it must
    // fire earlier than it is set to. A wait that fires before the deadline re-arms itself for
    // the rest, so a healthy exchange costs one arming, not one per phase and read.
    void arm_timer(std::chrono::milliseconds timeout) {
        set_deadline(timeout);
        keep_deadline();
    }

    void set_deadline(std::chrono::milliseconds timeout) {
        deadline_ = is_limited(timeout) ? std::chrono::steady_clock::now() + timeout
                                        : std::chrono::steady_clock::time_point::max();
    }

    // Makes sure the timer fires by deadline_.
    void keep_deadline() {
        if (deadline_ != std::chrono::steady_clock::time_point::max() &&
            (!timer_waiting_ || timer_.expiry() > deadline_))
            wait_for_deadline();
    }

    // How long this thread may wait in poll(2): the phase's deadline or the call's.
    std::chrono::steady_clock::time_point wait_limit() const noexcept {
        return std::min(deadline_, call_deadline_);
    }

    // A wait in poll(2) reached wait_limit().
    void fail_waiting() {
        if (call_deadline_ < deadline_)
            return fail(make_error_code(errc::timeout),
                        "the call's deadline passed during the exchange");
        fail(make_error_code(errc::timeout), timeout_message());
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
        const std::string connect_limit = milliseconds_text(config().connect_limit());
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
        case phase::handshaking_with_proxy:
            return "TLS handshake with " + route_.dial_name() + " timed out after " + connect_limit;
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
    bool tunnel_refused_ = false; ///< the proxy answered CONNECT with a status other than 2xx
    bool head_ = false;
    bool request_closes_ = false;
    asio::steady_timer timer_;
    std::uint64_t step_ = 0;                           ///< which arming of the timer is current
    std::chrono::steady_clock::time_point deadline_{}; ///< of the current phase
    std::chrono::steady_clock::time_point call_deadline_ =
        std::chrono::steady_clock::time_point::max();
    bool timer_waiting_ = false;
    phase phase_ = phase::queued;
    std::optional<tcp::resolver> resolver_;
    std::unique_ptr<http_connection> connection_;
    std::optional<http_response_parser> parser_;
    std::uint64_t waiter_id_ = 0;
    bool waiting_ = false;
    bool holding_slot_ = false;
    bool finished_ = false;
    bool request_sent_ = false; // writing it began, on some connection
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

inline void http_engine::start_here(const std::shared_ptr<http_exchange>& exchange) {
    exchange->start();
}

} // namespace awsml::detail
