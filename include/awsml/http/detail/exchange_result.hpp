#pragma once

// What one exchange of asio_http_transport ends with, and the callback that receives it: shared by
// the transport's header and the exchange's implementation (http_exchange.hpp).

#include <awsml/http/message.hpp>
#include <awsml/http/transport.hpp>

#include <functional>
#include <string>
#include <system_error>

namespace awsml::detail {

struct exchange_result {
    std::error_code ec;
    http_response response;
    std::string message; ///< what went wrong; empty on success
    /// How far it got: exchanging is a read, not a connect, timeout (callers such as IMDS treat
    /// them apart).
    transport_stage stage = transport_stage::unknown;
};
using exchange_completion = std::function<void(exchange_result)>;

} // namespace awsml::detail
