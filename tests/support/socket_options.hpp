#pragma once

// The keep-alive options of this process's sockets connected to a port on 127.0.0.1: what a
// transport set on the connection it opened, read back from the kernel (getsockopt), not from
// the transport.

#include <optional>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>

namespace awsml_test {

struct keepalive_options {
    bool enabled = false;
    int idle_seconds = 0;
    int interval_seconds = 0;
};

inline std::optional<int> int_option(int fd, int level, int name) {
    int value = 0;
    socklen_t size = sizeof(value);
    if (::getsockopt(fd, level, name, &value, &size) != 0)
        return std::nullopt;
    return value;
}

// One entry per open socket whose peer is 127.0.0.1:port.
inline std::vector<keepalive_options> keepalive_of_connections_to(unsigned short port) {
    std::vector<keepalive_options> found;
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    const int highest = limit.rlim_cur > 65536 ? 65536 : static_cast<int>(limit.rlim_cur);
    for (int fd = 0; fd < highest; ++fd) {
        struct stat status {};
        if (::fstat(fd, &status) != 0 || !S_ISSOCK(status.st_mode))
            continue;
        sockaddr_in peer{};
        socklen_t size = sizeof(peer);
        if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &size) != 0 ||
            peer.sin_family != AF_INET || ntohs(peer.sin_port) != port ||
            peer.sin_addr.s_addr != htonl(INADDR_LOOPBACK))
            continue;
        keepalive_options options;
        options.enabled = int_option(fd, SOL_SOCKET, SO_KEEPALIVE).value_or(0) != 0;
        options.idle_seconds = int_option(fd, IPPROTO_TCP, TCP_KEEPIDLE).value_or(-1);
        options.interval_seconds = int_option(fd, IPPROTO_TCP, TCP_KEEPINTVL).value_or(-1);
        found.push_back(options);
    }
    return found;
}

} // namespace awsml_test
