// The test server's machinery (see test_server.hpp), compiled once for every test executable.

#include "test_server.hpp"

#include "loopback_acceptor.hpp"

#include <awsml/http/reason_phrase.hpp>

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
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <type_traits>

namespace awsml_test {

std::string raw_response::serialize(bool head_request) const {
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
    const std::size_t piece = chunk_size == 0 ? std::max<std::size_t>(body.size(), 1) : chunk_size;
    for (std::size_t at = 0; at < body.size(); at += piece) {
        const std::string_view chunk = std::string_view(body).substr(at, piece);
        char size[20];
        auto end = std::to_chars(size, size + sizeof size, chunk.size(), 16).ptr;
        out.append(size, end).append("\r\n").append(chunk).append("\r\n");
    }
    return out + "0\r\n\r\n";
}

std::string_view raw_response::usual_reason(int status) {
    std::string_view phrase = awsml::http_reason_phrase(status);
    return phrase.empty() ? "Status" : phrase;
}

// The listening socket, its thread, the connections' coroutines and what they recorded.
class test_server::server {
public:
    server(handler respond, std::optional<tls_identity> tls)
        : handler_(std::move(respond)) {
        if (tls) {
            tls_context_.emplace(asio::ssl::context::tls_server);
            tls_context_->use_certificate_chain_file(tls->cert_file.string());
            tls_context_->use_private_key_file(tls->key_file.string(), asio::ssl::context::pem);
        }
        port_ = listen_on_loopback(acceptor_);
        asio::co_spawn(io_, accept_connections(), asio::detached);
        thread_ = std::thread([this] { io_.run(); });
    }

    ~server() { stop_and_join(io_, thread_); }
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    std::uint16_t port() const noexcept { return port_; }
    bool tls() const noexcept { return tls_context_.has_value(); }

    void set_handler(handler respond) {
        std::lock_guard lock(mutex_);
        handler_ = std::move(respond);
    }

    std::size_t connections_accepted() const noexcept { return connections_.load(); }
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

test_server::test_server(handler respond)
    : test_server(std::move(respond), std::nullopt) {}

test_server::test_server(handler respond, tls_identity tls)
    : test_server(std::move(respond), std::optional(std::move(tls))) {}

test_server::test_server(handler respond, std::optional<tls_identity> tls)
    : server_(std::make_unique<server>(std::move(respond), std::move(tls))) {}

test_server::~test_server() = default;

std::uint16_t test_server::port() const noexcept {
    return server_->port();
}
bool test_server::tls() const noexcept {
    return server_->tls();
}
void test_server::set_handler(handler respond) {
    server_->set_handler(std::move(respond));
}
std::size_t test_server::connections_accepted() const noexcept {
    return server_->connections_accepted();
}
std::vector<std::string> test_server::tls_server_names() const {
    return server_->tls_server_names();
}
std::size_t test_server::requests_received() const {
    return server_->requests_received();
}
std::vector<received_request> test_server::requests() const {
    return server_->requests();
}

} // namespace awsml_test
