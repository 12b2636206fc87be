#pragma once

// A small HTTP/1.1 server for tests: listens on 127.0.0.1 on an ephemeral port, serves on a
// thread of its own, and stops (closing every connection) in its destructor.
//
//     awsml_test::test_server server([](const awsml_test::received_request& request) {
//         if (request.target != "/") return awsml_test::raw_response::with_status(404);
//         return awsml_test::raw_response::ok("{\"MLModelId\":\"ml-1\"}",
//                                             {{"Content-Type", "application/x-amz-json-1.1"}});
//     });
//     awsml::http_request request = server.request("POST", "/", "{}"); // scheme, host, port set
//     ... send it ...
//     CHECK(server.connections_accepted() == 1);
//     CHECK(server.requests().at(0).header("X-Amz-Target") == "AmazonML_20141212.GetMLModel");
//
// The handler runs on the server's thread, once per request, and says what to send back:
//   - a well-formed response: status, reason (empty: the usual phrase), headers as given, body;
//     Content-Length is added unless the headers have it, or with `chunked` the body goes as
//     chunks of `chunk_size` bytes (0: one chunk) with Transfer-Encoding: chunked;
//   - or `raw` bytes written verbatim (malformed responses, odd framing);
//   - and what to do: `then` = respond (keep the connection for the next request, unless the
//     request said Connection: close), respond_and_close (over TLS: the TCP connection is closed
//     without close_notify), respond_and_shutdown (over TLS: close_notify first),
//     close_without_answer, never_answer
//     (hold the connection open, silent, until the client closes it or the server stops);
//   - how: `delay` before the first byte, `trickle_interval` between pieces of `trickle_bytes`.
// A handler that throws answers 500 with the exception's message. Don't sleep in a handler (it
// would stall every connection): use `delay`.
//
// TLS: pass a tls_identity (PEM certificate chain and key files, see test_tls.hpp); the server
// then speaks only HTTPS. Requests are read with Content-Length bodies (chunked request bodies
// are answered 501); a request that cannot be parsed is answered 400 and the connection closed.
//
// Observation (thread-safe): connections_accepted() counts accepted TCP connections (keep-alive
// reuse shows as fewer connections than requests), requests_received(), requests() (copies, in
// arrival order, each with its 1-based connection number and position on that connection).

#include <awsml/http/message.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/read_until.hpp>
#include <asio/redirect_error.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#if defined(__GNUC__) && !defined(__clang__)
// g++ 12 wrongly pairs Asio's coroutine frame allocator with the wrong delete.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace awsml_test {

struct received_request {
    std::string method;
    std::string target;
    std::string version; ///< "HTTP/1.1"
    awsml::http_headers headers;
    std::string body;
    std::size_t connection = 0;             ///< 1-based, in accept order
    std::size_t sequence_on_connection = 0; ///< 1-based position among that connection's requests

    std::optional<std::string_view> header(std::string_view name) const {
        return awsml::find_header(headers, name);
    }
};

struct raw_response {
    enum class action {
        respond,              ///< write the response; keep the connection for the next request
        respond_and_close,    ///< write the response, then close the connection (over TLS
                              ///< without close_notify, as a dropped connection looks)
        respond_and_shutdown, ///< write the response, then close: over TLS, with close_notify
        close_without_answer, ///< close the connection without writing anything
        never_answer,         ///< write nothing; hold the connection until the client closes it
    };

    int status = 200;
    std::string reason; ///< empty: the usual phrase for `status`
    awsml::http_headers headers;
    std::string body;
    bool chunked = false;
    std::size_t chunk_size = 0;     ///< with `chunked`: bytes per chunk, 0 for a single chunk
    std::optional<std::string> raw; ///< when set, written verbatim instead of the fields above
    action then = action::respond;
    std::chrono::milliseconds delay{0};            ///< before the first byte
    std::chrono::milliseconds trickle_interval{0}; ///< nonzero: write in pieces, pausing this long
    std::size_t trickle_bytes = 1;                 ///< bytes per piece when trickling

    static raw_response ok(std::string body = {}, awsml::http_headers headers = {}) {
        return with_status(200, std::move(body), std::move(headers));
    }
    static raw_response with_status(int status, std::string body = {},
                                    awsml::http_headers headers = {}) {
        raw_response r;
        r.status = status;
        r.body = std::move(body);
        r.headers = std::move(headers);
        return r;
    }
    /// Exactly these bytes; by default the connection is closed after them, which is what ends
    /// a response without framing.
    static raw_response bytes(std::string raw, action then = action::respond_and_close) {
        raw_response r;
        r.raw = std::move(raw);
        r.then = then;
        return r;
    }
    static raw_response close_without_answer() {
        raw_response r;
        r.then = action::close_without_answer;
        return r;
    }
    static raw_response never_answer() {
        raw_response r;
        r.then = action::never_answer;
        return r;
    }

    /// The bytes written on the wire; for a HEAD request the body is left out.
    std::string serialize(bool head_request = false) const {
        if (raw)
            return *raw;
        std::string out = "HTTP/1.1 " + std::to_string(status) + " " +
                          (reason.empty() ? std::string(usual_reason(status)) : reason) + "\r\n";
        for (const auto& h : headers)
            out += h.name + ": " + h.value + "\r\n";
        const bool no_body = (status >= 100 && status < 200) || status == 204 || status == 304;
        if (chunked && !awsml::find_header(headers, "Transfer-Encoding"))
            out += "Transfer-Encoding: chunked\r\n";
        if (!chunked && !no_body && !awsml::find_header(headers, "Content-Length") &&
            !awsml::find_header(headers, "Transfer-Encoding"))
            out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
        out += "\r\n";
        if (head_request || no_body)
            return out;
        if (!chunked)
            return out + body;
        const std::size_t piece =
            chunk_size == 0 ? std::max<std::size_t>(body.size(), 1) : chunk_size;
        for (std::size_t at = 0; at < body.size(); at += piece) {
            const std::string_view chunk = std::string_view(body).substr(at, piece);
            char size[20];
            auto end = std::to_chars(size, size + sizeof size, chunk.size(), 16).ptr;
            out.append(size, end).append("\r\n").append(chunk).append("\r\n");
        }
        return out + "0\r\n\r\n";
    }

    static std::string_view usual_reason(int status) {
        switch (status) {
        case 100:
            return "Continue";
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 204:
            return "No Content";
        case 304:
            return "Not Modified";
        case 400:
            return "Bad Request";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 413:
            return "Payload Too Large";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 501:
            return "Not Implemented";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        case 504:
            return "Gateway Timeout";
        default:
            return "Status";
        }
    }
};

/// PEM files for an HTTPS test server (see test_tls.hpp).
struct tls_identity {
    std::filesystem::path cert_file; ///< certificate chain
    std::filesystem::path key_file;
};

class test_server {
public:
    using handler = std::function<raw_response(const received_request&)>;

    /// Plain HTTP.
    explicit test_server(handler respond)
        : test_server(std::move(respond), std::nullopt) {}
    /// HTTPS with this certificate and key.
    test_server(handler respond, tls_identity tls)
        : test_server(std::move(respond), std::optional(std::move(tls))) {}

    ~test_server() {
        io_.stop();
        if (thread_.joinable())
            thread_.join();
    }
    test_server(const test_server&) = delete;
    test_server& operator=(const test_server&) = delete;

    std::uint16_t port() const noexcept { return port_; }
    bool tls() const noexcept { return tls_context_.has_value(); }
    std::string host() const { return "127.0.0.1"; }
    std::string scheme() const { return tls() ? "https" : "http"; }
    /// "http://127.0.0.1:PORT"
    std::string url() const { return scheme() + "://" + host() + ":" + std::to_string(port_); }

    /// A request aimed at this server.
    awsml::http_request request(std::string method = "GET", std::string target = "/",
                                std::string body = {}) const {
        awsml::http_request r;
        r.method = std::move(method);
        r.scheme = scheme();
        r.host = host();
        r.port = port_;
        r.target = std::move(target);
        r.body = std::move(body);
        return r;
    }

    /// Replaces the handler for requests that arrive from now on.
    void set_handler(handler respond) {
        std::lock_guard lock(mutex_);
        handler_ = std::move(respond);
    }

    std::size_t connections_accepted() const noexcept { return connections_.load(); }
    /// The TLS server name (SNI) each handshake carried, "" for none, in order.
    std::vector<std::string> tls_server_names() const {
        std::lock_guard lock(mutex_);
        return server_names_;
    }
    std::size_t requests_received() const {
        std::lock_guard lock(mutex_);
        return requests_.size();
    }
    std::vector<received_request> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }

private:
    using tcp = asio::ip::tcp;
    using tls_stream = asio::ssl::stream<tcp::socket>;
    static constexpr std::size_t max_request_head_bytes = 1024 * 1024;

    test_server(handler respond, std::optional<tls_identity> tls)
        : handler_(std::move(respond)) {
        if (tls) {
            tls_context_.emplace(asio::ssl::context::tls_server);
            tls_context_->use_certificate_chain_file(tls->cert_file.string());
            tls_context_->use_private_key_file(tls->key_file.string(), asio::ssl::context::pem);
        }
        tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(tcp::acceptor::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen();
        port_ = acceptor_.local_endpoint().port();
        asio::co_spawn(io_, accept_connections(), asio::detached);
        thread_ = std::thread([this] { io_.run(); });
    }

    asio::awaitable<void> accept_connections() {
        for (;;) {
            tcp::socket socket = co_await acceptor_.async_accept(asio::use_awaitable);
            const std::size_t number = ++connections_;
            if (tls_context_)
                asio::co_spawn(io_, serve(tls_stream(std::move(socket), *tls_context_), number),
                               asio::detached);
            else
                asio::co_spawn(io_, serve(std::move(socket), number), asio::detached);
        }
    }

    template <class Stream>
    asio::awaitable<void> serve(Stream stream, std::size_t connection) {
        try {
            if constexpr (std::is_same_v<Stream, tls_stream>) {
                co_await stream.async_handshake(asio::ssl::stream_base::server,
                                                asio::use_awaitable);
                const char* name =
                    SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name);
                std::lock_guard lock(mutex_);
                server_names_.push_back(name ? name : "");
            }
            std::string buffer;
            for (std::size_t sequence = 1;; ++sequence) {
                received_request request;
                std::optional<raw_response> refusal =
                    co_await read_request(stream, buffer, request);
                if (refusal) {
                    co_await write_all(stream, *refusal, false);
                    break;
                }
                request.connection = connection;
                request.sequence_on_connection = sequence;
                raw_response response = answer(request);
                if (response.then == raw_response::action::close_without_answer)
                    break;
                if (response.then == raw_response::action::never_answer) {
                    char byte = 0;
                    for (;;)
                        co_await stream.async_read_some(asio::buffer(&byte, 1),
                                                        asio::use_awaitable);
                }
                co_await write_all(stream, response, request.method == "HEAD");
                if (response.then == raw_response::action::respond_and_shutdown) {
                    if constexpr (std::is_same_v<Stream, tls_stream>)
                        co_await shut_down_tls(stream);
                    break;
                }
                if (response.then == raw_response::action::respond_and_close ||
                    asks_to_close(request))
                    break;
            }
        } catch (const std::exception&) {
            // The client went away, or the server is stopping: either way this connection is over.
        }
        std::error_code ignored;
        stream.lowest_layer().close(ignored);
    }

    // Sends close_notify; the client's close ends the wait for its own (an error, ignored).
    static asio::awaitable<void> shut_down_tls(tls_stream& stream) {
        std::error_code ignored;
        co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ignored));
    }

    raw_response answer(received_request& request) {
        handler respond;
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(request);
            respond = handler_;
        }
        try {
            return respond(request);
        } catch (const std::exception& e) {
            return raw_response::with_status(500, e.what());
        }
    }

    // Reads one request into `request`; a response to send (before closing) if it is unusable.
    template <class Stream>
    asio::awaitable<std::optional<raw_response>> read_request(Stream& stream, std::string& buffer,
                                                              received_request& request) {
        const std::size_t head_end = co_await asio::async_read_until(
            stream, asio::dynamic_buffer(buffer, max_request_head_bytes), "\r\n\r\n",
            asio::use_awaitable);
        std::string_view head = std::string_view(buffer).substr(0, head_end - 4);
        const auto line_end = head.find("\r\n");
        const std::string_view request_line = head.substr(0, line_end);
        const auto first_space = request_line.find(' ');
        const auto last_space = request_line.rfind(' ');
        if (first_space == std::string_view::npos || first_space == last_space)
            co_return bad_request("bad request line");
        request.method = std::string(request_line.substr(0, first_space));
        request.target =
            std::string(request_line.substr(first_space + 1, last_space - first_space - 1));
        request.version = std::string(request_line.substr(last_space + 1));

        std::string_view fields =
            line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);
        while (!fields.empty()) {
            const auto end = fields.find("\r\n");
            const std::string_view line = fields.substr(0, end);
            fields = end == std::string_view::npos ? std::string_view() : fields.substr(end + 2);
            const auto colon = line.find(':');
            if (colon == std::string_view::npos || colon == 0)
                co_return bad_request("bad header line");
            std::string_view value = line.substr(colon + 1);
            while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
                value.remove_prefix(1);
            while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
                value.remove_suffix(1);
            request.headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
        }
        if (request.header("Transfer-Encoding")) {
            raw_response refusal =
                raw_response::with_status(501, "chunked request bodies are not supported");
            refusal.then = raw_response::action::respond_and_close;
            co_return refusal;
        }
        std::size_t length = 0;
        if (auto text = request.header("Content-Length")) {
            auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), length);
            if (error != std::errc() || end != text->data() + text->size())
                co_return bad_request("bad Content-Length");
        }
        if (buffer.size() < head_end + length)
            co_await asio::async_read(stream, asio::dynamic_buffer(buffer),
                                      asio::transfer_exactly(head_end + length - buffer.size()),
                                      asio::use_awaitable);
        request.body = buffer.substr(head_end, length);
        buffer.erase(0, head_end + length);
        co_return std::nullopt;
    }

    static bool asks_to_close(const received_request& request) {
        std::string value(request.header("Connection").value_or(""));
        std::transform(value.begin(), value.end(), value.begin(),
                       [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; });
        return value.find("close") != std::string::npos;
    }

    static raw_response bad_request(std::string why) {
        raw_response r = raw_response::with_status(400, std::move(why));
        r.then = raw_response::action::respond_and_close;
        return r;
    }

    template <class Stream>
    asio::awaitable<void> write_all(Stream& stream, const raw_response& response,
                                    bool head_request) {
        const std::string bytes = response.serialize(head_request);
        asio::steady_timer timer(io_);
        if (response.delay.count() > 0) {
            timer.expires_after(response.delay);
            co_await timer.async_wait(asio::use_awaitable);
        }
        if (response.trickle_interval.count() <= 0) {
            co_await asio::async_write(stream, asio::buffer(bytes), asio::use_awaitable);
            co_return;
        }
        const std::size_t piece = std::max<std::size_t>(response.trickle_bytes, 1);
        for (std::size_t at = 0; at < bytes.size(); at += piece) {
            if (at > 0) {
                timer.expires_after(response.trickle_interval);
                co_await timer.async_wait(asio::use_awaitable);
            }
            co_await asio::async_write(
                stream, asio::buffer(bytes.data() + at, std::min(piece, bytes.size() - at)),
                asio::use_awaitable);
        }
    }

    // Declared in destruction order: connections (inside io_'s handlers) go before the TLS
    // context and the handler they use.
    mutable std::mutex mutex_;
    handler handler_;
    std::vector<received_request> requests_;
    std::vector<std::string> server_names_;
    std::atomic<std::size_t> connections_{0};
    std::optional<asio::ssl::context> tls_context_;
    asio::io_context io_{1};
    tcp::acceptor acceptor_{io_};
    std::uint16_t port_ = 0;
    std::thread thread_;
};

} // namespace awsml_test

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
