#pragma once

// What the tests' servers (test_server.cpp, test_proxy.cpp) share: a listening socket on
// 127.0.0.1 at a port the system picks, and an io_context run by a thread of its own.

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include <cstdint>
#include <thread>

namespace awsml_test {

/// Opens `acceptor` on 127.0.0.1 at an ephemeral port and listens; the port it got.
inline std::uint16_t listen_on_loopback(asio::ip::tcp::acceptor& acceptor) {
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen();
    return acceptor.local_endpoint().port();
}

/// Stops `io` and waits for `runner`, the thread that runs it: before the members its
/// connections use are destroyed.
inline void stop_and_join(asio::io_context& io, std::thread& runner) {
    io.stop();
    if (runner.joinable())
        runner.join();
}

} // namespace awsml_test
