#pragma once

// A tiny HTTP proxy for tests: listens on 127.0.0.1 on an ephemeral port, serves on a thread of
// its own, and stops in its destructor. Given a tls_identity it is an https:// proxy: every
// connection to it starts with a TLS handshake, and what follows runs inside that TLS.
//
//     awsml_test::test_proxy proxy;
//     config.https_proxy = proxy.url("user", "secret"); // "http://user:secret@127.0.0.1:PORT"
//     ... send through it ...
//     CHECK(proxy.requests().at(0).method == "CONNECT");
//     CHECK(proxy.requests().at(0).header("Proxy-Authorization") == "Basic dXNlcjpzZWNyZXQ=");
//
// What it does with each request it reads:
//   - `CONNECT host:port`: dials the target, answers `200 Connection Established`, then pipes the
//     bytes both ways until either side closes (a TLS client then talks to the target through it);
//   - an absolute-form request (`GET http://host:port/path HTTP/1.1`): sends it on to the target
//     in origin form (`GET /path`) with `Connection: close` and without Proxy-Authorization,
//     relays the whole answer, and keeps the client's connection for its next request;
//   - after refuse_with(status): answers every request with that status and closes.
// Observation (thread-safe): requests() (what it read, in arrival order, headers included),
// connections_accepted().
//
// The proxy itself (Asio coroutines) is compiled once, in test_proxy.cpp, into the tests'
// support library.

#include "test_server.hpp"

#include <awsml/http/message.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsml_test {

struct proxied_request {
    std::string method;
    std::string target; ///< "127.0.0.1:443" for CONNECT, "http://127.0.0.1:80/path" otherwise
    awsml::http_headers headers;

    std::optional<std::string_view> header(std::string_view name) const {
        return awsml::find_header(headers, name);
    }
};

class test_proxy {
public:
    test_proxy();
    explicit test_proxy(tls_identity tls);
    ~test_proxy();
    test_proxy(const test_proxy&) = delete;
    test_proxy& operator=(const test_proxy&) = delete;

    std::uint16_t port() const noexcept;
    /// "http://127.0.0.1:PORT" ("https://" with TLS), or with "user:password@" (as given:
    /// percent-encode if needed).
    std::string url(std::string_view user = {}, std::string_view password = {}) const {
        std::string credentials;
        if (!user.empty() || !password.empty())
            credentials = std::string(user) + ":" + std::string(password) + "@";
        return std::string(tls_ ? "https://" : "http://") + credentials +
               "127.0.0.1:" + std::to_string(port());
    }
    /// TLS handshakes clients completed with it (an https:// proxy).
    std::size_t handshakes_completed() const noexcept;

    /// From now on, answer every request with this status (e.g. 407) and close.
    void refuse_with(int status, std::string reason);

    std::vector<proxied_request> requests() const;
    std::size_t connections_accepted() const noexcept;

private:
    class proxy;

    bool tls_ = false;
    std::unique_ptr<proxy> proxy_;
};

} // namespace awsml_test
