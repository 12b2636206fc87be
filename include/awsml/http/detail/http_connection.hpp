#pragma once

// One HTTP/1.1 connection of asio_http_transport: a TCP socket, TLS to an https:// proxy over it
// or not, and TLS to the origin over that or not, with its read buffer; and the origin (scheme,
// host, port) a request is aimed at. The connection's asynchronous operations run on the
// executor it was made with (the transport's strand); write_now and read_now, on the thread of a
// blocking call that owns that executor.

#include <awsml/core/error.hpp>
#include <awsml/http/detail/asio.hpp>

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#if __has_include(<poll.h>)
#include <poll.h>
#endif

namespace awsml::detail {

/// Whether a plain connection can be written and read at once by a thread that waits for
/// nothing else (http_connection::write_now, read_now): where send(2) and recv(2) take
/// MSG_DONTWAIT and poll(2) exists. Their bodies need the test at preprocessing time, where
/// the constant cannot serve, hence the macro beside it.
#if defined(MSG_DONTWAIT) && defined(MSG_NOSIGNAL) && defined(POLLIN)
#define AWSML_DETAIL_IMMEDIATE_IO 1
#else
#define AWSML_DETAIL_IMMEDIATE_IO 0
#endif
inline constexpr bool immediate_io_supported = AWSML_DETAIL_IMMEDIATE_IO != 0;

/// Where a request goes, and how errors name it: "127.0.0.1:8080", "[::1]:443".
struct http_origin {
    bool tls = false;
    std::string host; ///< without brackets
    std::uint16_t port = 0;
    bool host_is_address = false;

    std::string authority() const { return bracketed_host() + ":" + std::to_string(port); }
    /// The Host header: the port only when it is not the scheme's default.
    std::string host_header() const {
        return port == (tls ? 443 : 80) ? bracketed_host() : authority();
    }
    std::string scheme() const { return tls ? "https" : "http"; }

private:
    std::string bracketed_host() const {
        return host.find(':') != std::string::npos ? "[" + host + "]" : host;
    }
};

/// A TLS peer closed the TCP connection without close_notify: framing (Content-Length, chunks)
/// still tells a complete response from a cut one, but a body that ends with the connection may
/// have been cut short by anyone on the path.
inline bool is_truncated_tls(const std::error_code& ec) noexcept {
    return ec == asio::ssl::error::stream_truncated;
}

/// The peer closed the connection: cleanly, or (a TLS peer) without close_notify.
inline bool is_end_of_stream(const std::error_code& ec) noexcept {
    return ec == asio::error::eof || is_truncated_tls(ec);
}

/// A completion handler `void(std::error_code, std::size_t)` of any type, moved to the heap. TLS
/// to a proxy is then compiled for this one handler type, not again for each handler above it
/// (compile time: the origin's TLS and every exchange step would each add a copy).
class any_io_handler {
public:
    template <class Handler, class = std::enable_if_t<
                                 !std::is_same_v<std::remove_cvref_t<Handler>, any_io_handler>>>
    explicit any_io_handler(Handler&& handler)
        : held_(std::make_unique<holder<std::decay_t<Handler>>>(std::forward<Handler>(handler))) {}

    void operator()(std::error_code ec, std::size_t bytes) {
        auto held = std::move(held_);
        held->complete(ec, bytes);
    }

private:
    struct base {
        virtual ~base() = default;
        virtual void complete(std::error_code ec, std::size_t bytes) = 0;
    };
    template <class Handler>
    struct holder final : base {
        explicit holder(Handler h)
            : handler(std::move(h)) {}
        void complete(std::error_code ec, std::size_t bytes) override {
            std::move(handler)(ec, bytes);
        }
        Handler handler;
    };
    std::unique_ptr<base> held_;
};

/// The bytes beneath the origin's TLS: a TCP socket, or TLS to an https:// proxy over one. An
/// asynchronous read and write stream, so that the origin's TLS stream runs over either. Every
/// handler runs on the socket's executor (the transport's strand), so erasing the handlers of
/// the proxy's TLS loses no executor they are associated with.
class proxy_layer {
public:
    using tcp = asio::ip::tcp;
    using executor_type = tcp::socket::executor_type;
    using lowest_layer_type = tcp::socket;

    /// Plain TCP, or (with a TLS context) TLS to the proxy once its handshake is done.
    proxy_layer(const asio::any_io_executor& executor, asio::ssl::context* proxy_tls_context) {
        if (proxy_tls_context)
            tls_.emplace(executor, *proxy_tls_context);
        else
            plain_.emplace(executor);
    }
    // The origin's TLS stream holds a reference to it: it stays where it was made.
    proxy_layer(const proxy_layer&) = delete;
    proxy_layer& operator=(const proxy_layer&) = delete;

    bool is_tls() const noexcept { return tls_.has_value(); }
    tcp::socket& socket() noexcept { return tls_ ? tls_->next_layer() : *plain_; }
    asio::ssl::stream<tcp::socket>& tls() noexcept { return *tls_; }

    executor_type get_executor() noexcept { return socket().get_executor(); }
    lowest_layer_type& lowest_layer() noexcept { return socket(); }

    template <class Buffers, class Handler>
    void async_read_some(const Buffers& buffers, Handler&& handler) {
        if (tls_)
            tls_->async_read_some(asio::mutable_buffer(*asio::buffer_sequence_begin(buffers)),
                                  any_io_handler(std::forward<Handler>(handler)));
        else
            plain_->async_read_some(buffers, std::forward<Handler>(handler));
    }
    template <class Buffers, class Handler>
    void async_write_some(const Buffers& buffers, Handler&& handler) {
        if (tls_)
            tls_->async_write_some(asio::const_buffer(*asio::buffer_sequence_begin(buffers)),
                                   any_io_handler(std::forward<Handler>(handler)));
        else
            plain_->async_write_some(buffers, std::forward<Handler>(handler));
    }

private:
    std::optional<tcp::socket> plain_;
    std::optional<asio::ssl::stream<tcp::socket>> tls_;
};

class http_connection {
public:
    using tcp = asio::ip::tcp;
    using tls_stream = asio::ssl::stream<proxy_layer&>;

    /// A plain connection, or (with a TLS context) one that speaks TLS to the origin once
    /// handshake() is done; beneath either, TLS to an https:// proxy when `proxy_tls_context` is
    /// given.
    http_connection(const asio::any_io_executor& executor, asio::ssl::context* tls_context,
                    asio::ssl::context* proxy_tls_context = nullptr)
        : below_(executor, proxy_tls_context) {
        if (tls_context)
            tls_.emplace(below_, *tls_context);
    }
    http_connection(const http_connection&) = delete;
    http_connection& operator=(const http_connection&) = delete;

    /// TLS to the origin.
    bool is_tls() const noexcept { return tls_.has_value(); }
    /// Neither TLS to the origin nor to a proxy: bytes go straight to the TCP socket.
    bool is_plain_tcp() const noexcept { return !tls_ && !below_.is_tls(); }
    /// The TCP socket: what connects.
    tcp::socket& socket() noexcept { return below_.socket(); }
    tls_stream& tls() noexcept { return *tls_; }
    /// Beneath the origin's TLS: what a proxy's CONNECT exchange runs on.
    proxy_layer& below_tls() noexcept { return below_; }

    /// Sends the whole buffer over TLS or plain TCP: handler(error_code, bytes).
    template <class Handler>
    void async_write(asio::const_buffer bytes, Handler&& handler) {
        if (tls_)
            asio::async_write(*tls_, bytes, std::forward<Handler>(handler));
        else
            asio::async_write(below_, bytes, std::forward<Handler>(handler));
    }

    /// Reads what is there into buffer(): handler(error_code, bytes).
    template <class Handler>
    void async_read_some(Handler&& handler) {
        if (tls_)
            tls_->async_read_some(asio::buffer(buffer_), std::forward<Handler>(handler));
        else
            below_.async_read_some(asio::buffer(buffer_), std::forward<Handler>(handler));
    }

    /// Reads beneath the origin's TLS (a proxy's answer to CONNECT).
    template <class Handler>
    void async_read_some_below_tls(Handler&& handler) {
        below_.async_read_some(asio::buffer(buffer_), std::forward<Handler>(handler));
    }

    std::string_view received(std::size_t bytes) const noexcept { return {buffer_.data(), bytes}; }

    /// Closing aborts every pending operation (their handlers see operation_aborted).
    void close() noexcept {
        std::error_code ignored;
        socket().close(ignored);
    }

    /// Whether an idle connection can carry a request: the server has neither closed it nor
    /// sent anything unasked (a TLS close_notify counts). A peek that would block means quiet.
    bool idle_and_open() {
        auto& s = socket();
        if (!s.is_open())
            return false;
#if defined(MSG_DONTWAIT) && defined(MSG_PEEK)
        // One system call: switching the socket to non-blocking and back costs three more.
        char peeked = 0;
        const auto got = ::recv(s.native_handle(), &peeked, 1, MSG_PEEK | MSG_DONTWAIT);
        return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
#else
        std::error_code ec;
        s.non_blocking(true, ec);
        if (ec)
            return false;
        char byte = 0;
        s.receive(asio::buffer(&byte, 1), tcp::socket::message_peek, ec);
        const bool quiet = ec == asio::error::would_block;
        s.non_blocking(false, ec);
        return quiet;
#endif
    }

    /// Plain TCP, on a thread that waits for nothing else: sends all of `bytes` now, waiting in
    /// poll(2) while the socket's buffer is full. errc::timeout once `deadline` has passed.
    std::error_code write_now([[maybe_unused]] std::string_view bytes,
                              [[maybe_unused]] std::chrono::steady_clock::time_point deadline) {
#if AWSML_DETAIL_IMMEDIATE_IO
        if (deadline <= std::chrono::steady_clock::now())
            return make_error_code(errc::timeout); // nothing is written after the deadline
        const auto fd = socket().native_handle();
        while (!bytes.empty()) {
            const auto sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
            if (sent >= 0) {
                bytes.remove_prefix(static_cast<std::size_t>(sent));
                continue;
            }
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                return {errno, asio::error::get_system_category()};
            if (auto ec = wait_for(POLLOUT, deadline))
                return ec;
        }
#endif
        return {};
    }

    /// Plain TCP, on a thread that waits for nothing else: reads what is there into buffer(),
    /// waiting in poll(2) until something is (first, when `wait_first`: a response just asked
    /// for is seldom there yet). asio::error::eof when the peer closed; errc::timeout once
    /// `deadline` has passed.
    std::size_t read_now([[maybe_unused]] std::chrono::steady_clock::time_point deadline,
                         [[maybe_unused]] bool wait_first, std::error_code& ec) {
        ec.clear();
#if AWSML_DETAIL_IMMEDIATE_IO
        const auto fd = socket().native_handle();
        if (wait_first && (ec = wait_for(POLLIN, deadline)))
            return 0;
        for (;;) {
            const auto got = ::recv(fd, buffer_.data(), buffer_.size(), MSG_DONTWAIT);
            if (got > 0)
                return static_cast<std::size_t>(got);
            if (got == 0) {
                ec = asio::error::eof;
                return 0;
            }
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                ec = {errno, asio::error::get_system_category()};
                return 0;
            }
            if ((ec = wait_for(POLLIN, deadline)))
                return 0;
        }
#endif
        return 0;
    }

    /// Sets SNI and the name to verify before the handshake with `origin` (or, `to_proxy`, with
    /// the proxy it names); false (with `problem`) if OpenSSL refuses them.
    bool prepare_tls(const http_origin& origin, bool verify, std::string& problem,
                     bool to_proxy = false) {
        SSL* ssl = to_proxy ? below_.tls().native_handle() : tls_->native_handle();
        // SNI carries host names only (RFC 6066 section 3).
        if (!origin.host_is_address && SSL_set_tlsext_host_name(ssl, origin.host.c_str()) != 1) {
            problem = "cannot set the TLS server name";
            return false;
        }
        if (!verify)
            return true;
        // OpenSSL checks the name as part of the chain, so a mismatch is reported by
        // SSL_get_verify_result with its own verify error ("hostname mismatch").
        X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        const int named = origin.host_is_address
                              ? X509_VERIFY_PARAM_set1_ip_asc(param, origin.host.c_str())
                              : X509_VERIFY_PARAM_set1_host(param, origin.host.c_str(), 0);
        if (named != 1) {
            problem = "cannot set the host name to verify";
            return false;
        }
        return true;
    }

    /// Why the handshake failed, quoting OpenSSL's verify error when there is one.
    std::string handshake_failure(const std::error_code& ec, const http_origin& origin,
                                  bool to_proxy = false) {
        const long verify =
            SSL_get_verify_result(to_proxy ? below_.tls().native_handle() : tls_->native_handle());
        if (verify == X509_V_OK)
            return ec.message();
        std::string what = std::string("certificate verification failed: ") +
                           X509_verify_cert_error_string(verify);
        if (verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH)
            what += " (the server's certificate is not valid for " + origin.host + ")";
        else if (verify == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
                 verify == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
                 verify == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
                 verify == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE)
            what += " (the server's certificate is not signed by a trusted CA: add the CA with "
                    "AWS_CA_BUNDLE or http_transport_config::ca_file)";
        return what;
    }

    bool reused = false; ///< it already carried a response

private:
    // Until the socket is ready for `events` (or has failed: the next send or recv says how).
    std::error_code wait_for([[maybe_unused]] short events,
                             [[maybe_unused]] std::chrono::steady_clock::time_point deadline) {
#if AWSML_DETAIL_IMMEDIATE_IO
        using std::chrono::milliseconds;
        for (;;) {
            int timeout = -1;
            if (deadline != std::chrono::steady_clock::time_point::max()) {
                const auto left =
                    std::chrono::ceil<milliseconds>(deadline - std::chrono::steady_clock::now())
                        .count();
                if (left <= 0)
                    return make_error_code(errc::timeout);
                timeout = static_cast<int>(std::min<long long>(left, INT_MAX));
            }
            pollfd watched{socket().native_handle(), events, 0};
            const int ready = ::poll(&watched, 1, timeout);
            if (ready > 0)
                return {};
            if (ready < 0 && errno != EINTR)
                return {errno, asio::error::get_system_category()};
        }
#endif
        return {};
    }

    proxy_layer below_;
    std::optional<tls_stream> tls_; // over below_
    std::vector<char> buffer_ = std::vector<char>(16 * 1024);
};

} // namespace awsml::detail
