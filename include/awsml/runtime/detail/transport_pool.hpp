#pragma once

// Concurrent calls on one client each need a transport of their own (a transport serves one
// call at a time): the pool hands out idle copies of a prototype and takes them back, so
// connections stay warm across calls. A transport whose configuration caps its connections per
// host (asio_http_transport's max_connections_per_host) caps the copies leased at once too,
// since each blocking call holds one connection: calls beyond it wait in a FIFO queue, for as
// long as the call may wait to connect.

#include <awsml/http/transport.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace awsml::detail {

template <class Transport>
std::size_t lease_limit_of(const Transport& transport) {
    if constexpr (transport_with_connection_cap<Transport>)
        return static_cast<std::size_t>(transport.config().max_connections_per_host);
    return 0;
}

template <http_transport Transport>
class transport_pool {
public:
    explicit transport_pool(Transport prototype)
        : prototype_(std::move(prototype))
        , limit_(lease_limit_of(prototype_)) {}

    class lease {
    public:
        lease(transport_pool& pool, std::unique_ptr<Transport> t)
            : pool_(&pool)
            , transport_(std::move(t)) {}
        lease(lease&&) noexcept = default;
        lease& operator=(lease&&) = delete;
        ~lease() {
            if (transport_)
                pool_->give_back(std::move(transport_));
        }
        Transport& operator*() const noexcept { return *transport_; }

    private:
        transport_pool* pool_;
        std::unique_ptr<Transport> transport_;
    };

    /// A transport for one call; waits (first come, first served) while the limit's worth are
    /// leased, until `deadline`: nullopt when it passes first.
    std::optional<lease> acquire(std::chrono::steady_clock::time_point deadline =
                                     std::chrono::steady_clock::time_point::max()) {
        std::unique_lock lock(mutex_);
        if (limit_ != 0 && (leased_ >= limit_ || !waiting_.empty())) {
            const std::uint64_t ticket = next_ticket_++;
            waiting_.push_back(ticket);
            const bool turn = freed_.wait_until(
                lock, deadline, [&] { return waiting_.front() == ticket && leased_ < limit_; });
            std::erase(waiting_, ticket);
            freed_.notify_all(); // the next in line may go now, or its turn came by our leaving
            if (!turn)
                return std::nullopt;
        }
        std::unique_ptr<Transport> t;
        if (idle_.empty()) {
            t = std::make_unique<Transport>(prototype_); // a copy that throws takes no slot
        } else {
            t = std::move(idle_.back());
            idle_.pop_back();
        }
        ++leased_;
        return lease(*this, std::move(t));
    }

    /// The prototype: inspected by tests, shared by asynchronous calls (an asynchronous
    /// transport serves many calls at once).
    const Transport& prototype() const noexcept { return prototype_; }
    Transport& prototype() noexcept { return prototype_; }

private:
    // From a lease's destructor: never throws. A transport that cannot be kept (no memory for
    // the list) is closed; its slot is free either way.
    void give_back(std::unique_ptr<Transport> t) noexcept {
        {
            std::lock_guard lock(mutex_);
            try {
                idle_.push_back(std::move(t));
            } catch (...) {
            }
            --leased_;
        }
        freed_.notify_all();
    }

    Transport prototype_;
    std::size_t limit_ = 0; ///< 0: no limit
    std::mutex mutex_;
    std::condition_variable freed_;
    std::vector<std::unique_ptr<Transport>> idle_;
    std::size_t leased_ = 0;
    std::deque<std::uint64_t> waiting_;
    std::uint64_t next_ticket_ = 0;
};

} // namespace awsml::detail
