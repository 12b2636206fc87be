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
template <class Executor, class Handler>
void resolve_credentials_then(const any_credentials_provider& provider, const Executor& executor,
                              Handler on_resolved) {
    std::thread([provider, work = asio::make_work_guard(executor),
                 on_resolved = std::move(on_resolved)]() mutable {
        auto found = provider.try_get_credentials();
        asio::post(work.get_executor(),
                   [on_resolved = std::move(on_resolved), found = std::move(found)]() mutable {
                       on_resolved(std::move(found));
                   });
        work.reset();
    }).detach();
}

} // namespace awsml::detail
