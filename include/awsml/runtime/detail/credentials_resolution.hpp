#pragma once

// Resolving a call's credentials without letting a slow source (a credential_process helper, a
// user's provider) hold the call past its call_timeout, or hold an io thread at all: the
// provider runs on a thread of its own, which the caller stops waiting for at its deadline (the
// blocking path) or which posts its result back to the call's executor (the asynchronous path).
// A provider left running finishes in the background; a chain keeps what it finds for the next
// call. Credentials already at hand (a chain's fresh cache, static ones) skip the thread.

#include <awsml/auth/credentials_provider.hpp>

#include <asio/execution/context.hpp>
#include <asio/execution_context.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/post.hpp>
#include <asio/query.hpp>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace awsml::detail {

/// The provider's answer, or nullopt when `deadline` passed first.
inline std::optional<config_result<credentials>>
resolve_credentials_before(const any_credentials_provider& provider,
                           std::chrono::steady_clock::time_point deadline) {
    struct rendezvous {
        std::mutex mutex;
        std::condition_variable done;
        std::optional<config_result<credentials>> result;
    };
    auto shared = std::make_shared<rendezvous>();
    std::thread([shared, provider] {
        auto found = provider.try_get_credentials();
        std::lock_guard lock(shared->mutex);
        shared->result.emplace(std::move(found));
        shared->done.notify_all();
    }).detach();
    std::unique_lock lock(shared->mutex);
    shared->done.wait_until(lock, deadline, [&] { return shared->result.has_value(); });
    return std::move(shared->result);
}

/// Where a credentials thread hands its answer back to an io_context that may be gone by then
/// (stopped and destroyed, as on Ctrl-C during a program's first call, while a source still
/// runs). The answers on their way are this service's: shutting the io_context down destroys
/// their handlers while its services still exist, as Asio destroys any pending handler, and an
/// answer that comes after that is dropped. Asio's resolver service keeps its thread the same way.
class credentials_handover final : public asio::execution_context::service {
public:
    inline static asio::execution_context::id id;

    explicit credentials_handover(asio::execution_context& context)
        : asio::execution_context::service(context) {}

    /// One answer on its way; the resolving thread and shutdown() meet under `mutex`.
    class pending {
    public:
        virtual ~pending() = default;
        /// Destroys what would run the answer (outside the lock); a later answer is dropped.
        virtual void close() = 0;

        std::mutex mutex;
        bool closed = false;
    };

    void add(const std::shared_ptr<pending>& answer) {
        const std::lock_guard lock(mutex_);
        std::erase_if(pending_, [](const std::weak_ptr<pending>& p) { return p.expired(); });
        pending_.push_back(answer);
    }

private:
    void shutdown() override {
        std::vector<std::shared_ptr<pending>> open;
        {
            const std::lock_guard lock(mutex_);
            for (const auto& weak : pending_)
                if (auto answer = weak.lock())
                    open.push_back(std::move(answer));
            pending_.clear();
        }
        for (const auto& answer : open)
            answer->close();
    }

    std::mutex mutex_;
    std::vector<std::weak_ptr<pending>> pending_;
};

/// The executor, work guard and handler of one answer on its way.
template <class Executor, class Handler>
class pending_credentials final : public credentials_handover::pending {
public:
    pending_credentials(const Executor& executor, Handler handler)
        : executor_(executor)
        , work_(asio::make_work_guard(executor))
        , handler_(std::move(handler)) {}

    /// On the resolving thread: posts the answer to the executor unless the io_context shut
    /// down meanwhile. The thread lets go of its executor before the handler may run: the
    /// handler's end may let run() return and the io_context be destroyed, and the last copy of
    /// a strand destroyed after that would touch freed memory.
    void hand_over(std::shared_ptr<pending_credentials> self, config_result<credentials> found) {
        std::unique_lock lock(mutex);
        if (closed)
            return;
        asio::post(*executor_, [handler = std::move(*handler_), work = std::move(*work_),
                                found = std::move(found), owner = std::move(self)]() mutable {
            { const std::lock_guard handed_over(owner->mutex); }
            handler(std::move(found));
        });
        release();
    }

    void close() override {
        std::unique_lock lock(mutex);
        closed = true;
        [[maybe_unused]] auto executor = std::move(executor_);
        [[maybe_unused]] auto work = std::move(work_);
        [[maybe_unused]] auto handler = std::move(handler_);
        release();
        lock.unlock();
    } // destroyed here, outside the lock: the handler, then the work guard, then the executor

private:
    void release() {
        handler_.reset();
        work_.reset();
        executor_.reset();
    }

    std::optional<Executor> executor_;
    std::optional<asio::executor_work_guard<Executor>> work_;
    std::optional<Handler> handler_;
};

/// Runs the provider on a thread of its own, then `on_resolved(config_result<credentials>)`
/// through `executor`, which is kept busy (its io_context's run() does not return) meanwhile.
/// If the io_context is destroyed first, `on_resolved` is destroyed with it and never runs.
template <class Executor, class Handler>
void resolve_credentials_then(const any_credentials_provider& provider, const Executor& executor,
                              Handler on_resolved) {
    using answer_type = pending_credentials<Executor, Handler>;
    auto answer = std::make_shared<answer_type>(executor, std::move(on_resolved));
    asio::use_service<credentials_handover>(asio::query(executor, asio::execution::context))
        .add(answer);
    std::thread([provider, answer = std::move(answer)]() mutable {
        auto found = provider.try_get_credentials();
        answer->hand_over(answer, std::move(found));
    }).detach();
}

} // namespace awsml::detail
