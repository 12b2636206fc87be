#pragma once

// Keeping an executor's context running while a handler waits to be invoked on it, whichever
// executor model the executor follows. Asio 1.22's executor_work_guard cannot hold a strand of
// any_io_executor (the strand claims the older Networking TS model, which any_io_executor does
// not implement), and handlers are bound to exactly such strands (each asynchronous call's).

#include <asio/execution/executor.hpp>
#include <asio/execution/outstanding_work.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/prefer.hpp>

#include <utility>

namespace awsml::detail {

template <class Executor>
auto track_outstanding_work(const Executor& executor) {
    if constexpr (asio::execution::is_executor<Executor>::value)
        return asio::prefer(executor, asio::execution::outstanding_work.tracked);
    else
        return asio::make_work_guard(executor);
}

/// Work counted on `Executor` until this is destroyed or moved from.
template <class Executor>
class outstanding_work {
public:
    explicit outstanding_work(const Executor& executor)
        : executor_(executor)
        , tracked_(track_outstanding_work(executor)) {}

    const Executor& executor() const noexcept { return executor_; }

private:
    Executor executor_;
    decltype(track_outstanding_work(std::declval<const Executor&>())) tracked_;
};

} // namespace awsml::detail
