#pragma once

// TCP keep-alive on a connection: SO_KEEPALIVE, and where asked the time before probes and
// between them (Asio names only SO_KEEPALIVE; libcurl takes the same seconds).

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <system_error>

namespace awsml::detail {

// An idle time or interval as the socket takes it: Linux refuses more than 32767 seconds
// (MAX_TCP_KEEPIDLE), so longer ones are cut to that.
inline int keepalive_seconds(std::chrono::seconds idle) noexcept {
    constexpr std::chrono::seconds::rep longest = 32767;
    return static_cast<int>(std::clamp<std::chrono::seconds::rep>(idle.count(), 1, longest));
}

// An integer option at IPPROTO_TCP, in the form Asio's set_option takes.
template <int Name>
struct tcp_integer_option {
    int value = 0;
    template <class Protocol>
    int level(const Protocol&) const noexcept {
        return IPPROTO_TCP;
    }
    template <class Protocol>
    int name(const Protocol&) const noexcept {
        return Name;
    }
    template <class Protocol>
    const int* data(const Protocol&) const noexcept {
        return &value;
    }
    template <class Protocol>
    std::size_t size(const Protocol&) const noexcept {
        return sizeof(value);
    }
};

#if defined(TCP_KEEPIDLE)
using keepalive_idle_option = tcp_integer_option<TCP_KEEPIDLE>;
#else // macOS names the same setting TCP_KEEPALIVE
using keepalive_idle_option = tcp_integer_option<TCP_KEEPALIVE>;
#endif
using keepalive_interval_option = tcp_integer_option<TCP_KEEPINTVL>;

// On an Asio socket; best effort, as TCP_NODELAY is: a socket that refuses an option still
// carries the call. A zero idle time leaves the system's.
template <class Socket>
void enable_keepalive(Socket& socket, std::chrono::seconds idle) {
    std::error_code ignored;
    socket.set_option(typename Socket::keep_alive(true), ignored);
    if (idle <= std::chrono::seconds::zero())
        return;
    socket.set_option(keepalive_idle_option{keepalive_seconds(idle)}, ignored);
    socket.set_option(keepalive_interval_option{keepalive_seconds(idle)}, ignored);
}

} // namespace awsml::detail
