#pragma once

// The keep-alive options of this process's sockets connected to a port on 127.0.0.1: what a
// transport set on the connection it opened, read back from the kernel (getsockopt), not from
// the transport. The sockets are found through /proc (the kernel's TCP table gives their inodes,
// /proc/self/fd which descriptors hold them), so no other descriptor is touched: a server thread
// may be closing its own at the same time.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

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

// The inodes of the TCP sockets whose peer is 127.0.0.1:port (/proc/self/net/tcp writes the
// address as 0100007F and the port in hexadecimal).
inline std::set<std::string> inodes_of_connections_to(unsigned short port) {
    char peer[16];
    std::snprintf(peer, sizeof peer, "0100007F:%04X", port);
    std::set<std::string> inodes;
    std::ifstream table("/proc/self/net/tcp");
    std::string line;
    std::getline(table, line); // the header
    while (std::getline(table, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
        fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
            timeout >> inode;
        if (remote == peer && inode != "0")
            inodes.insert(inode);
    }
    return inodes;
}

// One entry per open socket whose peer is 127.0.0.1:port.
inline std::vector<keepalive_options> keepalive_of_connections_to(unsigned short port) {
    const std::set<std::string> inodes = inodes_of_connections_to(port);
    std::vector<keepalive_options> found;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
        std::error_code unreadable;
        const std::string target = std::filesystem::read_symlink(entry.path(), unreadable);
        if (unreadable || !target.starts_with("socket:[") ||
            !inodes.contains(target.substr(8, target.size() - 9)))
            continue;
        const int fd = std::stoi(entry.path().filename().string());
        keepalive_options options;
        options.enabled = int_option(fd, SOL_SOCKET, SO_KEEPALIVE).value_or(0) != 0;
        options.idle_seconds = int_option(fd, IPPROTO_TCP, TCP_KEEPIDLE).value_or(-1);
        options.interval_seconds = int_option(fd, IPPROTO_TCP, TCP_KEEPINTVL).value_or(-1);
        found.push_back(options);
    }
    return found;
}

} // namespace awsml_test
