// The test proxy's machinery (see test_proxy.hpp), compiled once for every test executable.

#include "test_proxy.hpp"

#include "loopback_acceptor.hpp"

#include <asio/co_spawn.hpp>
#include <asio/connect.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/read_until.hpp>
#include <asio/redirect_error.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

namespace awsml_test {

// The listening socket, its thread, the connections' coroutines and what they recorded.
class test_proxy::proxy {
public:
    explicit proxy(const std::optional<tls_identity>& tls) {
        if (tls) {
            tls_context_.emplace(asio::ssl::context::tls_server);
            tls_context_->use_certificate_chain_file(tls->cert_file.string());
            tls_context_->use_private_key_file(tls->key_file.string(), asio::ssl::context::pem);
        }
        port_ = listen_on_loopback(acceptor_);
        asio::co_spawn(io_, accept_connections(), asio::detached);
        thread_ = std::thread([this] { io_.run(); });
    }
    ~proxy() { stop_and_join(io_, thread_); }
    proxy(const proxy&) = delete;
    proxy& operator=(const proxy&) = delete;

    std::uint16_t port() const noexcept { return port_; }

    void refuse_with(int status, std::string reason) {
        std::lock_guard lock(mutex_);
        refusal_ = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                   "\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: "
                   "0\r\nConnection: close\r\n\r\n";
    }

    std::vector<proxied_request> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }
    std::size_t connections_accepted() const noexcept { return connections_.load(); }
    std::size_t handshakes_completed() const noexcept { return handshakes_.load(); }

private:
    using tcp = asio::ip::tcp;
    using socket_ptr = std::shared_ptr<tcp::socket>;
    using tls_stream = asio::ssl::stream<tcp::socket>;

    asio::awaitable<void> accept_connections() {
        for (;;) {
            tcp::socket accepted = co_await acceptor_.async_accept(asio::use_awaitable);
            ++connections_;
            if (tls_context_)
                asio::co_spawn(
                    io_,
                    serve_tls(std::make_shared<tls_stream>(std::move(accepted), *tls_context_)),
                    asio::detached);
            else
                asio::co_spawn(io_, serve(std::make_shared<tcp::socket>(std::move(accepted))),
                               asio::detached);
        }
    }

    asio::awaitable<void> serve_tls(std::shared_ptr<tls_stream> client) {
        std::error_code ec;
        co_await client->async_handshake(asio::ssl::stream_base::server,
                                         asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            close(*client);
            co_return;
        }
        ++handshakes_;
        co_await serve(client);
    }

    template <class Stream>
    static void close(Stream& stream) {
        std::error_code ignored;
        stream.lowest_layer().close(ignored);
    }

    template <class Stream>
    asio::awaitable<void> serve(std::shared_ptr<Stream> client) {
        try {
            std::string buffer;
            for (;;) {
                const std::size_t head_end = co_await asio::async_read_until(
                    *client, asio::dynamic_buffer(buffer), "\r\n\r\n", asio::use_awaitable);
                proxied_request request = parse_head(std::string_view(buffer).substr(0, head_end));
                buffer.erase(0, head_end);
                std::optional<std::string> refusal;
                {
                    std::lock_guard lock(mutex_);
                    requests_.push_back(request);
                    refusal = refusal_;
                }
                if (refusal) {
                    co_await asio::async_write(*client, asio::buffer(*refusal),
                                               asio::use_awaitable);
                    break;
                }
                if (request.method == "CONNECT") {
                    co_await tunnel(client, request.target, std::move(buffer));
                    co_return;
                }
                co_await forward(*client, request, buffer);
            }
        } catch (const std::exception&) {
            // The client went away, or the proxy is stopping.
        }
        close(*client);
    }

    static proxied_request parse_head(std::string_view head) {
        proxied_request request;
        const std::size_t line_end = head.find("\r\n");
        const std::string_view line = head.substr(0, line_end);
        const std::size_t first = line.find(' ');
        const std::size_t last = line.rfind(' ');
        request.method = std::string(line.substr(0, first));
        request.target = std::string(line.substr(first + 1, last - first - 1));
        std::string_view fields = head.substr(line_end + 2);
        while (!fields.empty()) {
            const std::size_t end = fields.find("\r\n");
            const std::string_view field = fields.substr(0, end);
            fields = end == std::string_view::npos ? std::string_view() : fields.substr(end + 2);
            const std::size_t colon = field.find(':');
            if (colon == std::string_view::npos)
                continue;
            std::string_view value = field.substr(colon + 1);
            while (!value.empty() && value.front() == ' ')
                value.remove_prefix(1);
            request.headers.push_back({std::string(field.substr(0, colon)), std::string(value)});
        }
        return request;
    }

    asio::awaitable<socket_ptr> dial(std::string authority) {
        const std::size_t colon = authority.rfind(':');
        std::string host = authority.substr(0, colon);
        if (host.size() > 2 && host.front() == '[')
            host = host.substr(1, host.size() - 2);
        const std::string port = authority.substr(colon + 1);
        tcp::resolver resolver(io_);
        auto endpoints = co_await resolver.async_resolve(host, port, asio::use_awaitable);
        auto upstream = std::make_shared<tcp::socket>(io_);
        co_await asio::async_connect(*upstream, endpoints, asio::use_awaitable);
        co_return upstream;
    }

    template <class Stream>
    asio::awaitable<void> tunnel(std::shared_ptr<Stream> client, std::string target,
                                 std::string early) {
        socket_ptr upstream;
        try {
            upstream = co_await dial(target);
        } catch (const std::exception&) {
        }
        if (!upstream) {
            const std::string bad_gateway = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n";
            co_await asio::async_write(*client, asio::buffer(bad_gateway), asio::use_awaitable);
            co_return;
        }
        const std::string established = "HTTP/1.1 200 Connection Established\r\n\r\n";
        co_await asio::async_write(*client, asio::buffer(established), asio::use_awaitable);
        if (!early.empty())
            co_await asio::async_write(*upstream, asio::buffer(early), asio::use_awaitable);
        asio::co_spawn(io_, pipe(upstream, client), asio::detached);
        co_await pipe(client, upstream);
    }

    // Copies bytes until either side fails or closes, then closes both.
    template <class From, class To>
    static asio::awaitable<void> pipe(std::shared_ptr<From> from, std::shared_ptr<To> to) {
        std::vector<char> data(16 * 1024);
        try {
            for (;;) {
                const std::size_t n =
                    co_await from->async_read_some(asio::buffer(data), asio::use_awaitable);
                co_await asio::async_write(*to, asio::buffer(data.data(), n), asio::use_awaitable);
            }
        } catch (const std::exception&) {
        }
        close(*from);
        close(*to);
    }

    // An absolute-form request: on to the target in origin form, the answer back to the client.
    template <class Stream>
    asio::awaitable<void> forward(Stream& client, const proxied_request& request,
                                  std::string& buffer) {
        std::size_t length = 0;
        if (auto text = request.header("Content-Length"))
            std::from_chars(text->data(), text->data() + text->size(), length);
        if (buffer.size() < length)
            co_await asio::async_read(client, asio::dynamic_buffer(buffer),
                                      asio::transfer_exactly(length - buffer.size()),
                                      asio::use_awaitable);
        const std::string body = buffer.substr(0, length);
        buffer.erase(0, length);

        std::string_view target = request.target;
        const std::size_t scheme_end = target.find("://");
        if (scheme_end == std::string_view::npos)
            throw std::runtime_error("not an absolute-form request");
        target.remove_prefix(scheme_end + 3);
        const std::size_t path_start = std::min(target.find('/'), target.size());
        const std::string_view authority = target.substr(0, path_start);
        const std::string_view path =
            path_start == target.size() ? std::string_view("/") : target.substr(path_start);

        std::string outgoing = request.method + " " + std::string(path) + " HTTP/1.1\r\n";
        for (const auto& h : request.headers) {
            if (awsml::detail::iequals(h.name, "Proxy-Authorization") ||
                awsml::detail::iequals(h.name, "Connection") ||
                awsml::detail::iequals(h.name, "Proxy-Connection"))
                continue;
            outgoing += h.name + ": " + h.value + "\r\n";
        }
        outgoing += "Connection: close\r\n\r\n" + body;
        std::string upstream_authority(authority);
        if (authority.find(':') == std::string_view::npos)
            upstream_authority += ":80";
        auto upstream = co_await dial(upstream_authority);
        co_await asio::async_write(*upstream, asio::buffer(outgoing), asio::use_awaitable);
        std::string answer;
        std::error_code ec;
        co_await asio::async_read(*upstream, asio::dynamic_buffer(answer),
                                  asio::redirect_error(asio::use_awaitable, ec));
        co_await asio::async_write(client, asio::buffer(answer), asio::use_awaitable);
    }

    mutable std::mutex mutex_;
    std::vector<proxied_request> requests_;
    std::optional<std::string> refusal_;
    std::atomic<std::size_t> connections_{0};
    std::atomic<std::size_t> handshakes_{0};
    std::optional<asio::ssl::context> tls_context_;
    asio::io_context io_{1};
    tcp::acceptor acceptor_{io_};
    std::uint16_t port_ = 0;
    std::thread thread_;
};

test_proxy::test_proxy()
    : proxy_(std::make_unique<proxy>(std::nullopt)) {}

test_proxy::test_proxy(tls_identity tls)
    : tls_(true)
    , proxy_(std::make_unique<proxy>(tls)) {}

test_proxy::~test_proxy() = default;

std::uint16_t test_proxy::port() const noexcept {
    return proxy_->port();
}
void test_proxy::refuse_with(int status, std::string reason) {
    proxy_->refuse_with(status, std::move(reason));
}
std::vector<proxied_request> test_proxy::requests() const {
    return proxy_->requests();
}
std::size_t test_proxy::connections_accepted() const noexcept {
    return proxy_->connections_accepted();
}
std::size_t test_proxy::handshakes_completed() const noexcept {
    return proxy_->handshakes_completed();
}

} // namespace awsml_test
