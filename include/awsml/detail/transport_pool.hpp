#pragma once

// Concurrent calls on one client each need a transport of their own (a transport serves one
// call at a time): the pool hands out idle copies of a prototype and takes them back, so
// connections stay warm across calls.

#include <awsml/transport.hpp>

#include <memory>
#include <mutex>
#include <vector>

namespace awsml::detail {

template <http_transport Transport>
class transport_pool {
public:
    explicit transport_pool(Transport prototype)
        : prototype_(std::move(prototype)) {}

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

    lease acquire() {
        std::lock_guard lock(mutex_);
        if (idle_.empty())
            return lease(*this, std::make_unique<Transport>(prototype_));
        auto t = std::move(idle_.back());
        idle_.pop_back();
        return lease(*this, std::move(t));
    }

    /// The prototype: inspected by tests, shared by asynchronous calls (an asynchronous
    /// transport serves many calls at once).
    const Transport& prototype() const noexcept { return prototype_; }
    Transport& prototype() noexcept { return prototype_; }

private:
    void give_back(std::unique_ptr<Transport> t) {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(t));
    }

    Transport prototype_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Transport>> idle_;
};

} // namespace awsml::detail
