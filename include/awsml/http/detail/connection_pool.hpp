#pragma once

// The connections of one asio_http_transport, per route ("https://host:443", or a proxy), with
// at most max_per_route of them open at once. A call takes a *slot*: an idle connection to reuse,
// or the right to open a new one; calls beyond the limit wait in a FIFO queue. Giving a slot back
// with a connection to keep hands it to the first waiter (else it idles); giving it back empty
// lets the first waiter open a connection (else the slot is free).
//
// Not thread-safe: the transport uses it on its strand only. Waiters are told through their
// grant function, called from inside release(): it must only schedule work, not run it.

#include <awsml/http/detail/http_connection.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace awsml::detail {

class connection_pool {
public:
    /// An idle connection to reuse, or null: the slot is the caller's, to open a connection in.
    using connection_ptr = std::unique_ptr<http_connection>;
    using grant_function = std::function<void(connection_ptr)>;

    /// max_per_route zero: no limit.
    explicit connection_pool(std::size_t max_per_route)
        : max_per_route_(max_per_route) {}
    connection_pool(const connection_pool&) = delete;
    connection_pool& operator=(const connection_pool&) = delete;
    ~connection_pool() { close_idle(); }

    /// A slot at once (true, with an idle connection or none), or false when the route is at
    /// its limit (or others already wait): then wait().
    bool try_acquire(const std::string& route, connection_ptr& idle) {
        route_state& r = routes_[route];
        while (!r.idle.empty()) {
            connection_ptr candidate = std::move(r.idle.back()); // the most recently used
            r.idle.pop_back();
            if (candidate->idle_and_open()) {
                idle = std::move(candidate);
                return true;
            }
            candidate->close(); // the server closed it, or sent what nobody asked for
            --r.open;
        }
        if (!r.waiters.empty() || (max_per_route_ != 0 && r.open >= max_per_route_))
            return false;
        ++r.open;
        return true;
    }

    /// Queues for a slot; `grant` is called when one is free. Returns an id for cancel_wait().
    std::uint64_t wait(const std::string& route, grant_function grant) {
        const std::uint64_t id = ++last_waiter_id_;
        routes_[route].waiters.push_back({id, std::move(grant)});
        return id;
    }

    /// Leaves the queue; false when the waiter was already granted (its grant is on its way).
    bool cancel_wait(const std::string& route, std::uint64_t id) {
        auto& waiters = routes_[route].waiters;
        for (auto it = waiters.begin(); it != waiters.end(); ++it) {
            if (it->id == id) {
                waiters.erase(it);
                return true;
            }
        }
        return false;
    }

    /// Gives a slot back: with a connection that can carry another request, or without.
    void release(const std::string& route, connection_ptr keep) {
        route_state& r = routes_[route];
        if (!r.waiters.empty()) {
            waiter next = std::move(r.waiters.front());
            r.waiters.pop_front();
            next.grant(std::move(keep));
            return;
        }
        if (keep)
            r.idle.push_back(std::move(keep));
        else
            --r.open;
    }

    void close_idle() noexcept {
        for (auto& [route, r] : routes_) {
            for (auto& c : r.idle)
                c->close();
            r.open -= r.idle.size();
            r.idle.clear();
        }
    }

    /// Connections open (in use, being opened, idle) on the route.
    std::size_t open(const std::string& route) const {
        auto found = routes_.find(route);
        return found == routes_.end() ? 0 : found->second.open;
    }
    std::size_t waiting(const std::string& route) const {
        auto found = routes_.find(route);
        return found == routes_.end() ? 0 : found->second.waiters.size();
    }
    std::size_t max_per_route() const noexcept { return max_per_route_; }

private:
    struct waiter {
        std::uint64_t id;
        grant_function grant;
    };
    struct route_state {
        std::size_t open = 0;
        std::vector<connection_ptr> idle;
        std::deque<waiter> waiters;
    };

    std::size_t max_per_route_;
    std::map<std::string, route_state, std::less<>> routes_;
    std::uint64_t last_waiter_id_ = 0;
};

} // namespace awsml::detail
