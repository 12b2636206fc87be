#pragma once

// asio_http_transport: the blocking HTTP/1.1 transport awsml's client uses by default, over
// standalone Asio (plain TCP for http://, TLS through OpenSSL for https://). It models
// awsml::http_transport.
//
//     awsml::asio_http_transport transport({.connect_timeout = 2s, .read_timeout = 30s});
//     std::error_code ec;
//     awsml::http_response response = transport.send(request, ec);
//     if (ec) std::cerr << transport.last_error_message() << '\n';
//         // "connect to 127.0.0.1:1: Connection refused"
//
// Errors (std::error_code with awsml::errc; details in last_error_message()):
//   errc::timeout                  connecting (resolve + TCP + TLS handshake) took longer than
//                                  connect_timeout, or no byte arrived for read_timeout;
//   errc::transport_error          cannot resolve or connect, TLS failure (untrusted certificate,
//                                  host name mismatch: OpenSSL's verify error is quoted), the
//                                  connection reset or closed before the response was complete;
//   errc::malformed_http_response  the server's bytes are not HTTP/1.1 (see http_parser.hpp);
//   errc::response_too_large       headers or body over config.limits;
//   errc::config_error             a CA bundle (AWS_CA_BUNDLE, ca_file) cannot be loaded;
//   errc::invalid_value            the request itself cannot be sent (scheme other than http or
//                                  https, CR or LF in a header, Content-Length not the body size).
// A non-2xx status is a success: ec is clear and the response holds it.
//
// Connections: one idle connection per (scheme, host, port) is kept for the next call unless the
// request or the response said `Connection: close` (or HTTP/1.0 without keep-alive). A kept
// connection the server has closed meanwhile is noticed before use; if the server closes it
// after the request was written but before any response byte, the request is sent once more on
// a new connection.
//
// Requests are written as given: `METHOD target HTTP/1.1`, the headers in order (Host added
// first when absent; Content-Length added when absent for a non-empty body and for POST, PUT and
// PATCH), then the body.
//
// TLS: TLS 1.2 or newer; the peer is verified by default against the system's CA paths, plus the
// PEM bundles named by the AWS_CA_BUNDLE environment variable and by config.ca_file; SNI is sent
// for host names; the certificate must match the host name (or IP address) requested.
// config.insecure_skip_tls_verify turns verification off: for tests against local servers only.
//
// Threads: one object serves one call at a time (it owns an io_context that send() runs on the
// calling thread). Copies share nothing but the configuration: a copy starts with no connection,
// which is how the client's transport pool gives each concurrent call its own.

#include <awsml/detail/asio.hpp>
#include <awsml/error.hpp>
#include <awsml/http.hpp>
#include <awsml/http_parser.hpp>
#include <awsml/transport.hpp>

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace awsml {

struct http_transport_config {
    /// Resolving, connecting and the TLS handshake together. Zero or less: no limit.
    std::chrono::milliseconds connect_timeout{3100};
    /// The longest wait for the next bytes of the response (and for the request to be written).
    /// Zero or less: no limit.
    std::chrono::milliseconds read_timeout{60000};
    http_parser_limits limits;
    /// A PEM bundle of CA certificates trusted in addition to the system's (and AWS_CA_BUNDLE's).
    std::optional<std::string> ca_file;
    /// Accept any certificate for any host: for tests against local servers, never in production.
    bool insecure_skip_tls_verify = false;
};

namespace detail {

using steady_clock = std::chrono::steady_clock;

inline steady_clock::time_point deadline_after(std::chrono::milliseconds timeout) {
    // Beyond a century is "no limit"; also keeps now() + timeout from overflowing.
    if (timeout <= std::chrono::milliseconds::zero() || timeout > std::chrono::hours(24 * 365 * 100))
        return steady_clock::time_point::max();
    return steady_clock::now() + timeout;
}

inline std::string milliseconds_text(std::chrono::milliseconds d) {
    return std::to_string(d.count()) + " ms";
}

/// Where a request goes, and how errors name it: "127.0.0.1:8080", "[::1]:443".
struct http_origin {
    bool tls = false;
    std::string host; // without brackets
    std::uint16_t port = 0;
    bool host_is_address = false;

    std::string authority() const {
        std::string bracketed = host.find(':') != std::string::npos ? "[" + host + "]" : host;
        return bracketed + ":" + std::to_string(port);
    }
    std::string key() const { return (tls ? "https://" : "http://") + authority(); }
    /// The Host header: the port only when it is not the scheme's default.
    std::string host_header() const {
        std::string bracketed = host.find(':') != std::string::npos ? "[" + host + "]" : host;
        return port == (tls ? 443 : 80) ? bracketed : bracketed + ":" + std::to_string(port);
    }
};

/// One open connection, plain or TLS.
struct http_connection {
    std::string key;
    std::unique_ptr<asio::ip::tcp::socket> plain;
    std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket>> tls;
    bool reused = false; ///< it already carried a response

    asio::ip::tcp::socket& socket() { return tls ? tls->next_layer() : *plain; }

    template <class Operation>
    void with_stream(Operation&& operation) {
        if (tls)
            operation(*tls);
        else
            operation(*plain);
    }

    void close() noexcept {
        std::error_code ignored;
        socket().close(ignored);
    }

    /// Whether an idle connection can carry a request: the server has neither closed it nor
    /// sent anything unasked (a peek that would block means all is quiet).
    bool idle_and_open() {
        auto& s = socket();
        std::error_code ec;
        s.non_blocking(true, ec);
        if (ec) return false;
        char byte = 0;
        s.receive(asio::buffer(&byte, 1), asio::ip::tcp::socket::message_peek, ec);
        const bool quiet = ec == asio::error::would_block;
        s.non_blocking(false, ec);
        return quiet;
    }
};

/// Where an asynchronous operation's handler reports; shared with the handler so that a handler
/// that runs after its caller gave up (a resolver cannot be interrupted) writes somewhere valid.
template <class Value>
struct completion_slot {
    bool finished = false;
    std::error_code ec;
    Value value{};
};

template <class Value>
auto complete_into(const std::shared_ptr<completion_slot<Value>>& slot) {
    return [slot](std::error_code ec, Value value) {
        slot->finished = true;
        slot->ec = ec;
        slot->value = std::move(value);
    };
}

inline bool is_end_of_stream(const std::error_code& ec) noexcept {
    // A TLS peer that closes without close_notify: framing (Content-Length, chunks) still
    // tells a complete response from a truncated one.
    return ec == asio::error::eof || ec == asio::ssl::error::stream_truncated;
}

/// The state behind an asio_http_transport: its io_context, TLS context and idle connections.
class http_session {
public:
    explicit http_session(const http_transport_config& config) : config_(config) {}
    http_session(const http_session&) = delete;
    http_session& operator=(const http_session&) = delete;
    ~http_session() { close_idle(); }

    http_response send(const http_request& request, std::error_code& ec, std::string& message) {
        ec.clear();
        message.clear();
        http_origin origin;
        std::string wire;
        if (!prepare(request, origin, wire, ec, message)) return {};
        const bool head = request.method == "HEAD";
        const bool request_closes = connection_close_requested(request.headers);
        for (int attempt = 1;; ++attempt) {
            ec.clear();
            message.clear();
            std::unique_ptr<http_connection> connection = take_idle(origin.key());
            if (!connection) connection = open(origin, ec, message);
            if (!connection) return {};
            bool stale = false;
            bool keep = false;
            http_response response = exchange(*connection, origin, wire, head, keep, stale, ec, message);
            if (!ec) {
                if (keep && !request_closes) {
                    connection->reused = true;
                    idle_.push_back(std::move(connection));
                } else {
                    connection->close();
                }
                return response;
            }
            connection->close();
            // A kept connection the server closed just as we wrote: not an answer, try once anew.
            if (!(stale && connection->reused && attempt == 1)) return {};
        }
    }

    std::size_t connections_opened() const noexcept { return connections_opened_; }

    void close_idle() noexcept {
        for (auto& c : idle_) c->close();
        idle_.clear();
    }

private:
    static bool connection_close_requested(const http_headers& headers) {
        for (const auto& h : headers)
            if (iequals(h.name, "Connection") && list_contains(h.value, "close")) return true;
        return false;
    }

    static bool invalid(std::error_code& ec, std::string& message, std::string what) {
        ec = make_error_code(errc::invalid_value);
        message = std::move(what);
        return false;
    }

    // Checks the request and serialises it; false (with ec and message) if it cannot be sent.
    static bool prepare(const http_request& request, http_origin& origin, std::string& wire,
                        std::error_code& ec, std::string& message) {
        if (iequals(request.scheme, "https"))
            origin.tls = true;
        else if (!iequals(request.scheme, "http"))
            return invalid(ec, message, "unsupported URL scheme " + quoted_excerpt(request.scheme) +
                                            " (http or https)");
        std::string_view host = request.host;
        if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
        if (host.empty() || !std::all_of(host.begin(), host.end(), [](char c) {
                return is_token_char(c) || c == ':' || c == '%';
            }))
            return invalid(ec, message, "bad host name " + quoted_excerpt(request.host));
        origin.host = std::string(host);
        origin.port = request.port;
        std::error_code not_address;
        (void)asio::ip::make_address(origin.host, not_address);
        origin.host_is_address = !not_address;

        if (!is_token(request.method))
            return invalid(ec, message, "bad request method " + quoted_excerpt(request.method));
        const bool target_ok = !request.target.empty() &&
                               std::all_of(request.target.begin(), request.target.end(), [](char c) {
                                   return c > 0x20 && c < 0x7f;
                               });
        if (!target_ok) return invalid(ec, message, "bad request target " + quoted_excerpt(request.target));

        std::string fields;
        bool has_host = false;
        bool has_length = false;
        for (const auto& h : request.headers) {
            if (!is_token(h.name)) return invalid(ec, message, "bad request header name " + quoted_excerpt(h.name));
            if (!is_field_text(h.value))
                return invalid(ec, message, "bad value for request header " + h.name + ": " + quoted_excerpt(h.value));
            if (iequals(h.name, "Transfer-Encoding"))
                return invalid(ec, message, "Transfer-Encoding in requests is not supported (the body is sent "
                                            "with Content-Length)");
            if (iequals(h.name, "Host")) has_host = true;
            if (iequals(h.name, "Content-Length")) {
                if (trim_whitespace(h.value) != std::to_string(request.body.size()))
                    return invalid(ec, message, "request Content-Length " + quoted_excerpt(h.value) +
                                                    " differs from the body's " +
                                                    std::to_string(request.body.size()) + " bytes");
                has_length = true;
            }
            fields.append(h.name).append(": ").append(h.value).append("\r\n");
        }
        const bool body_method = request.method == "POST" || request.method == "PUT" || request.method == "PATCH";
        if (!has_length && (!request.body.empty() || body_method))
            fields.append("Content-Length: ").append(std::to_string(request.body.size())).append("\r\n");

        wire.clear();
        wire.reserve(request.method.size() + request.target.size() + fields.size() + request.body.size() + 64);
        wire.append(request.method).append(" ").append(request.target).append(" HTTP/1.1\r\n");
        if (!has_host) wire.append("Host: ").append(origin.host_header()).append("\r\n");
        wire.append(fields).append("\r\n").append(request.body);
        return true;
    }

    std::unique_ptr<http_connection> take_idle(const std::string& key) {
        for (auto it = idle_.begin(); it != idle_.end(); ++it) {
            if ((*it)->key != key) continue;
            std::unique_ptr<http_connection> connection = std::move(*it);
            idle_.erase(it);
            if (connection->idle_and_open()) return connection;
            connection->close();
            return nullptr;
        }
        return nullptr;
    }

    // Runs handlers until `finished` or the deadline (false then). Only this thread runs io_.
    bool run_until(const bool& finished, steady_clock::time_point deadline) {
        while (!finished) {
            if (io_.stopped()) io_.restart();
            if (io_.run_one_until(deadline) == 0 && !finished) return false;
        }
        return true;
    }

    // After a timeout: close the connection and let the aborted operation finish, so that no
    // operation outlives the buffers it was given.
    void abandon(http_connection& connection, const bool& finished) {
        connection.close();
        (void)run_until(finished, deadline_after(std::chrono::seconds(10)));
    }

    std::unique_ptr<http_connection> open(const http_origin& origin, std::error_code& ec, std::string& message) {
        const auto deadline = deadline_after(config_.connect_timeout);
        auto timed_out = [&](std::string what) {
            ec = make_error_code(errc::timeout);
            message = what + " " + origin.authority() + " timed out after " +
                      milliseconds_text(config_.connect_timeout);
            return nullptr;
        };

        std::vector<asio::ip::tcp::endpoint> endpoints;
        if (origin.host_is_address) {
            endpoints.emplace_back(asio::ip::make_address(origin.host), origin.port);
        } else {
            auto resolved = std::make_shared<completion_slot<asio::ip::tcp::resolver::results_type>>();
            resolver_.async_resolve(origin.host, std::to_string(origin.port),
                                    asio::ip::tcp::resolver::numeric_service, complete_into(resolved));
            if (!run_until(resolved->finished, deadline)) {
                resolver_.cancel(); // the lookup thread finishes on its own; its handler writes to `resolved`
                return timed_out("resolving");
            }
            if (resolved->ec) {
                ec = make_error_code(errc::transport_error);
                message = "resolve " + origin.host + ": " + resolved->ec.message();
                return nullptr;
            }
            for (const auto& entry : resolved->value) endpoints.push_back(entry.endpoint());
        }

        auto connection = std::make_unique<http_connection>();
        connection->key = origin.key();
        if (origin.tls) {
            asio::ssl::context* context = tls_context(ec, message);
            if (!context) return nullptr;
            connection->tls = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket>>(io_, *context);
        } else {
            connection->plain = std::make_unique<asio::ip::tcp::socket>(io_);
        }

        auto connected = std::make_shared<completion_slot<asio::ip::tcp::endpoint>>();
        asio::async_connect(connection->socket(), endpoints, complete_into(connected));
        if (!run_until(connected->finished, deadline)) {
            abandon(*connection, connected->finished);
            return timed_out("connect to");
        }
        if (connected->ec) {
            ec = make_error_code(errc::transport_error);
            message = "connect to " + origin.authority() + ": " + connected->ec.message();
            return nullptr;
        }
        ++connections_opened_;
        std::error_code ignored;
        connection->socket().set_option(asio::ip::tcp::no_delay(true), ignored);

        if (origin.tls && !handshake(*connection, origin, deadline, ec, message)) return nullptr;
        return connection;
    }

    bool handshake(http_connection& connection, const http_origin& origin, steady_clock::time_point deadline,
                   std::error_code& ec, std::string& message) {
        SSL* ssl = connection.tls->native_handle();
        // SNI carries host names only (RFC 6066 section 3).
        if (!origin.host_is_address && SSL_set_tlsext_host_name(ssl, origin.host.c_str()) != 1)
            return tls_failure(connection, origin, "cannot set the TLS server name", ec, message);
        if (!config_.insecure_skip_tls_verify) {
            // OpenSSL checks the name as part of the chain, so a mismatch is reported by
            // SSL_get_verify_result with its own verify error ("hostname mismatch").
            X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
            X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
            const int named = origin.host_is_address ? X509_VERIFY_PARAM_set1_ip_asc(param, origin.host.c_str())
                                                     : X509_VERIFY_PARAM_set1_host(param, origin.host.c_str(), 0);
            if (named != 1) return tls_failure(connection, origin, "cannot set the host name to verify", ec, message);
        }
        auto shaken = std::make_shared<completion_slot<char>>();
        connection.tls->async_handshake(asio::ssl::stream_base::client,
                                        [shaken](std::error_code e) { complete_into(shaken)(e, char{}); });
        if (!run_until(shaken->finished, deadline)) {
            abandon(connection, shaken->finished);
            ec = make_error_code(errc::timeout);
            message = "TLS handshake with " + origin.authority() + " timed out after " +
                      milliseconds_text(config_.connect_timeout);
            return false;
        }
        if (!shaken->ec) return true;
        const long verify = SSL_get_verify_result(ssl);
        if (verify == X509_V_OK) return tls_failure(connection, origin, shaken->ec.message(), ec, message);
        std::string what = std::string("certificate verification failed: ") +
                           X509_verify_cert_error_string(verify);
        if (verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH)
            what += " (the server's certificate is not valid for " + origin.host + ")";
        else if (verify == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT || verify == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
                 verify == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
                 verify == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE)
            what += " (the server's certificate is not signed by a trusted CA: add the CA with "
                    "AWS_CA_BUNDLE or http_transport_config::ca_file)";
        return tls_failure(connection, origin, what, ec, message);
    }

    static bool tls_failure(http_connection& connection, const http_origin& origin, const std::string& what,
                            std::error_code& ec, std::string& message) {
        connection.close();
        ec = make_error_code(errc::transport_error);
        message = "TLS handshake with " + origin.authority() + " failed: " + what;
        return false;
    }

    asio::ssl::context* tls_context(std::error_code& ec, std::string& message) {
        if (tls_context_) return &*tls_context_;
        asio::ssl::context context(asio::ssl::context::tls_client);
        SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
        context.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_compression);
        if (config_.insecure_skip_tls_verify) {
            context.set_verify_mode(asio::ssl::verify_none);
        } else {
            context.set_verify_mode(asio::ssl::verify_peer);
            std::error_code ignored; // a system without CA paths can still trust the bundles below
            context.set_default_verify_paths(ignored);
            std::vector<std::pair<std::string, std::string>> bundles;
            if (const char* env = std::getenv("AWS_CA_BUNDLE"); env && *env)
                bundles.emplace_back(env, "named by AWS_CA_BUNDLE");
            if (config_.ca_file) bundles.emplace_back(*config_.ca_file, "named by http_transport_config::ca_file");
            for (const auto& [file, origin] : bundles) {
                std::error_code load_error;
                context.load_verify_file(file, load_error);
                if (load_error) {
                    ec = make_error_code(errc::config_error);
                    message = "cannot load the CA bundle " + file + " (" + origin + "): " + load_error.message();
                    return nullptr;
                }
            }
        }
        tls_context_.emplace(std::move(context));
        return &*tls_context_;
    }

    // Writes the request and reads the response. `stale`: it failed before any response byte,
    // so the server may never have seen the request.
    http_response exchange(http_connection& connection, const http_origin& origin, const std::string& wire,
                           bool head, bool& keep, bool& stale, std::error_code& ec, std::string& message) {
        auto written = std::make_shared<completion_slot<std::size_t>>();
        connection.with_stream([&](auto& stream) { asio::async_write(stream, asio::buffer(wire), complete_into(written)); });
        if (!run_until(written->finished, deadline_after(config_.read_timeout))) {
            abandon(connection, written->finished);
            ec = make_error_code(errc::timeout);
            message = "sending the request to " + origin.authority() + " timed out after " +
                      milliseconds_text(config_.read_timeout);
            return {};
        }
        if (written->ec) {
            stale = true;
            ec = make_error_code(errc::transport_error);
            message = "send the request to " + origin.authority() + ": " + written->ec.message();
            return {};
        }

        http_response_parser parser(config_.limits, head);
        bool leftover = false;
        while (!parser.done()) {
            auto read = std::make_shared<completion_slot<std::size_t>>();
            connection.with_stream(
                [&](auto& stream) { stream.async_read_some(asio::buffer(buffer_), complete_into(read)); });
            if (!run_until(read->finished, deadline_after(config_.read_timeout))) {
                abandon(connection, read->finished);
                ec = make_error_code(errc::timeout);
                message = parser.received_any()
                              ? origin.authority() + " stopped sending the response: nothing for " +
                                    milliseconds_text(config_.read_timeout)
                              : "no response from " + origin.authority() + " within " +
                                    milliseconds_text(config_.read_timeout);
                return {};
            }
            std::error_code parse_error;
            if (read->ec) {
                stale = !parser.received_any();
                if (!is_end_of_stream(read->ec)) {
                    ec = make_error_code(errc::transport_error);
                    message = "read the response from " + origin.authority() + ": " + read->ec.message();
                    return {};
                }
                parser.feed_eof(parse_error);
                if (!parse_error) break;
                ec = parse_error;
                message = stale ? origin.authority() + " closed the connection without responding"
                                : "response from " + origin.authority() + ": " + parser.error_message();
                return {};
            }
            const std::size_t used = parser.feed(std::string_view(buffer_.data(), read->value), parse_error);
            if (parse_error) {
                ec = parse_error;
                message = "response from " + origin.authority() + ": " + parser.error_message();
                return {};
            }
            leftover = used < read->value;
        }
        // Bytes after the response were not asked for: the connection's framing cannot be trusted.
        keep = parser.keep_alive() && !leftover;
        return parser.take();
    }

    http_transport_config config_;
    // Declared first so that it is destroyed last, after everything that uses it.
    asio::io_context io_{1};
    std::optional<asio::ssl::context> tls_context_;
    asio::ip::tcp::resolver resolver_{io_};
    std::vector<std::unique_ptr<http_connection>> idle_;
    std::vector<char> buffer_ = std::vector<char>(16 * 1024);
    std::size_t connections_opened_ = 0;
};

} // namespace detail

/// The blocking HTTP/1.1 transport (see the top of this file).
class asio_http_transport {
public:
    asio_http_transport() = default;
    explicit asio_http_transport(http_transport_config config) : config_(std::move(config)) {}

    /// A copy has the same configuration and no connection of its own yet.
    asio_http_transport(const asio_http_transport& other) : config_(other.config_) {}
    asio_http_transport& operator=(const asio_http_transport& other) {
        if (this != &other) {
            config_ = other.config_;
            session_.reset();
            last_error_message_.clear();
        }
        return *this;
    }
    asio_http_transport(asio_http_transport&&) noexcept = default;
    asio_http_transport& operator=(asio_http_transport&&) noexcept = default;
    ~asio_http_transport() = default;

    /// Sends `request` and waits for the whole response. On failure sets `ec` (an awsml::errc)
    /// and last_error_message(), and returns an empty response.
    http_response send(const http_request& request, std::error_code& ec) {
        last_error_message_.clear();
        try {
            if (!session_) session_ = std::make_unique<detail::http_session>(config_);
            http_response response = session_->send(request, ec, last_error_message_);
            if (ec && last_error_message_.empty()) last_error_message_ = ec.message();
            return response;
        } catch (const std::system_error& e) { // Asio reports its rare internal failures so
            session_.reset();
            ec = make_error_code(errc::transport_error);
            last_error_message_ = std::string("HTTP transport failure: ") + e.what();
            return {};
        }
    }

    /// Throwing form: awsml::error whose what() is last_error_message().
    http_response send(const http_request& request) {
        std::error_code ec;
        http_response response = send(request, ec);
        if (ec) throw error(ec, last_error_message_);
        return response;
    }

    /// What the last failed send() ran into, e.g. "connect to 127.0.0.1:1: Connection refused";
    /// empty after a success.
    const std::string& last_error_message() const noexcept { return last_error_message_; }

    const http_transport_config& config() const noexcept { return config_; }

    /// Connections this object has opened (a measure of keep-alive reuse).
    std::size_t connections_opened() const noexcept { return session_ ? session_->connections_opened() : 0; }

    void close_idle_connections() noexcept {
        if (session_) session_->close_idle();
    }

private:
    http_transport_config config_;
    std::unique_ptr<detail::http_session> session_;
    std::string last_error_message_;
};

static_assert(http_transport<asio_http_transport>);

} // namespace awsml
