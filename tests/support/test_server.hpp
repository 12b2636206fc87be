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
//
// The server itself (Asio coroutines, asio::ssl) is compiled once, in test_server.cpp, into the
// tests' support library: this header stays light for the many test files that include it.

#include <awsml/http/message.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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
    std::string serialize(bool head_request = false) const;

    static std::string_view usual_reason(int status);
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
    explicit test_server(handler respond);
    /// HTTPS with this certificate and key.
    test_server(handler respond, tls_identity tls);

    ~test_server();
    test_server(const test_server&) = delete;
    test_server& operator=(const test_server&) = delete;

    std::uint16_t port() const noexcept;
    bool tls() const noexcept;
    std::string host() const { return "127.0.0.1"; }
    std::string scheme() const { return tls() ? "https" : "http"; }
    /// "http://127.0.0.1:PORT"
    std::string url() const { return scheme() + "://" + host() + ":" + std::to_string(port()); }

    /// A request aimed at this server.
    awsml::http_request request(std::string method = "GET", std::string target = "/",
                                std::string body = {}) const {
        awsml::http_request r;
        r.method = std::move(method);
        r.scheme = scheme();
        r.host = host();
        r.port = port();
        r.target = std::move(target);
        r.body = std::move(body);
        return r;
    }

    /// Replaces the handler for requests that arrive from now on.
    void set_handler(handler respond);

    std::size_t connections_accepted() const noexcept;
    /// The TLS server name (SNI) each handshake carried, "" for none, in order.
    std::vector<std::string> tls_server_names() const;
    std::size_t requests_received() const;
    std::vector<received_request> requests() const;

private:
    class server;

    test_server(handler respond, std::optional<tls_identity> tls);

    std::unique_ptr<server> server_;
};

} // namespace awsml_test
