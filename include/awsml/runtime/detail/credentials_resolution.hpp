#pragma once

// Resolving a call's credentials without letting a slow source (a credential_process helper, a
// user's provider) hold the call past its call_timeout, or hold an io thread at all: the
// provider runs on a thread of its own, which the caller stops waiting for at its deadline (the
// blocking path) or which posts its result back to the call's executor (the asynchronous path).
// A provider left running finishes in the background; a chain keeps what it finds for the next
// call. Credentials already at hand (a chain's fresh cache, static ones) skip the thread.

#include <awsml/auth/credentials_provider.hpp>

#include <asio/executor_work_guard.hpp>
#include <asio/post.hpp>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

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

/// Runs the provider on a thread of its own, then `on_resolved(config_result<credentials>)`
/// through `executor`, which is kept busy (its io_context's run() does not return) meanwhile.
///
/// The resolving thread must hold no copy of the executor once the handler can run: the
/// handler's end may let run() return and the io_context (with its strand service) be destroyed,
/// and the last copy of a strand destroyed after that touches freed memory. So the executor and
/// the work guard live in one `delivery` that the handler owns; the thread lets go of it, under a
/// mutex the handler waits for, before the handler proceeds.
template <class Executor, class Handler>
void resolve_credentials_then(const any_credentials_provider& provider, const Executor& executor,
                              Handler on_resolved) {
    struct delivery {
        explicit delivery(const Executor& e)
            : executor(e)
            , work(asio::make_work_guard(e)) {}
        Executor executor;
        asio::executor_work_guard<Executor> work;
        std::mutex handing_over;
    };
    auto shared = std::make_shared<delivery>(executor);
    std::thread([provider, shared = std::move(shared),
                 on_resolved = std::move(on_resolved)]() mutable {
        auto found = provider.try_get_credentials();
        std::unique_lock lock(shared->handing_over);
        asio::post(shared->executor, [on_resolved = std::move(on_resolved),
                                      found = std::move(found), owner = shared]() mutable {
            { const std::lock_guard handed_over(owner->handing_over); }
            on_resolved(std::move(found));
        });
        shared.reset(); // the handler's is now the only reference (it keeps the mutex alive)
        lock.unlock();
    }).detach();
}

} // namespace awsml::detail
