#pragma once

// The executor an asynchronous call or wait runs on: its transport's, which a transport made
// without one (for blocking calls only) lacks.

#include <awsml/core/error.hpp>

#include <type_traits>

namespace awsml::detail {

/// The transport's executor; throws awsml::error (errc::invalid_value) when it has none, before
/// anything is built on it (Asio would throw its bare bad_executor).
template <class Transport>
auto executor_for_async_calls(const Transport& transport) {
    auto executor = transport.get_executor();
    if constexpr (std::is_constructible_v<bool, decltype(executor)>) {
        if (!static_cast<bool>(executor))
            throw error(errc::invalid_value,
                        "asynchronous calls need a transport made with an executor, e.g. "
                        "asio_http_transport(io.get_executor()); this one serves blocking calls "
                        "only");
    }
    return executor;
}

} // namespace awsml::detail
