#pragma once

/// \file
/// A transport that wraps another and runs a step of yours around each exchange (logging,
/// metrics, a header of your own), keeping every blocking capability of the transport it wraps:
/// the send that ends at the call's deadline, the connect timeout and connection cap of its
/// config, the client's defaults (the profile's CA bundle, keep-alive), its words and stage for
/// a failure. A wrapper that offers only send(request, ec) silently loses all of these.
///
///     auto logged = awsml::decorated_transport(awsml::asio_http_transport{},
///         [](const awsml::http_request& request, std::error_code& ec, auto&& send) {
///             std::clog << request.target << "\n";
///             return send(request, ec); // the wrapped one's, with the deadline if it has one
///         });
///     awsml::basic_client<decltype(logged)> client(config, logged);
///
/// The step may send a changed copy of the request, or answer without sending (then the wrapped
/// transport's words and stage of an earlier failure are not reported). The client copies its
/// transport for each concurrent blocking call, the step with it. A decorated transport is
/// blocking only: a client of it has no async_* calls, even when the wrapped transport is
/// asynchronous.

#include <awsml/http/transport.hpp>

#include <chrono>
#include <concepts>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace awsml {

namespace detail {
// Stands for the `send` a step is given.
struct next_send_archetype {
    http_response operator()(const http_request&, std::error_code&) const { return {}; }
};
} // namespace detail

/// A step around an exchange: step(request, ec, send) returns the answer, where `send` is the
/// wrapped transport's send (any callable of that signature, so the step is generic in it).
template <class Step>
concept transport_step = requires(Step& step, const http_request& request, std::error_code& ec,
                                  detail::next_send_archetype& send) {
    { step(request, ec, send) } -> std::same_as<http_response>;
};

/// `inner` with `step` run around each of its exchanges; each blocking capability of `inner` is
/// offered exactly when `inner` offers it.
template <http_transport Inner, transport_step Step>
class decorated_transport {
    static_assert(!transport_with_retired_hooks<Inner>,
                  "use_default_connect_timeout and use_shared_config_ca_bundle are replaced by "
                  "use_client_defaults(const awsml::transport_defaults&): see the CHANGELOG");

public:
    /// Wraps `inner`; `step` runs around each exchange.
    decorated_transport(Inner inner, Step step)
        : inner_(std::move(inner))
        , step_(std::move(step)) {}

    /// The step, given the wrapped transport's send.
    http_response send(const http_request& request, std::error_code& ec) {
        return step_around(request, ec, [this](const http_request& sent, std::error_code& sent_ec) {
            return inner_.send(sent, sent_ec);
        });
    }

    /// The step, given the wrapped transport's send that ends at `deadline`.
    http_response
    send(const http_request& request, std::error_code& ec,
         std::chrono::steady_clock::time_point deadline) requires transport_with_deadline<Inner> {
        return step_around(request, ec,
                           [this, deadline](const http_request& sent, std::error_code& sent_ec) {
                               return inner_.send(sent, sent_ec, deadline);
                           });
    }

    /// The wrapped transport's config (its connect timeout and connection cap).
    decltype(auto) config() const requires requires(const Inner& inner) { inner.config(); }
    { return inner_.config(); }

    /// Hands the client's defaults (CA bundle, connect timeout, keep-alive) to the wrapped one.
    void use_client_defaults(const transport_defaults& defaults) requires
        transport_with_client_defaults<Inner> {
        inner_.use_client_defaults(defaults);
    }

    /// The wrapped transport's words for the last failure, when the last step sent through it.
    std::string last_error_message() const requires transport_with_error_message<Inner> {
        return inner_sent_ ? std::string(std::string_view(inner_.last_error_message()))
                           : std::string();
    }

    /// How far the wrapped transport's last failed exchange got, when the last step sent
    /// through it; else unknown.
    transport_stage last_failure_stage() const requires transport_with_failure_stage<Inner> {
        return inner_sent_ ? inner_.last_failure_stage() : transport_stage::unknown;
    }

    /// The wrapped transport.
    Inner& inner() noexcept { return inner_; }
    /// The wrapped transport.
    const Inner& inner() const noexcept { return inner_; }

private:
    // The step, given `inner_send` as its send; notes whether the step used it.
    template <class InnerSend>
    http_response step_around(const http_request& request, std::error_code& ec,
                              InnerSend inner_send) {
        inner_sent_ = false;
        auto send = [this, &inner_send](const http_request& sent, std::error_code& sent_ec) {
            inner_sent_ = true;
            return inner_send(sent, sent_ec);
        };
        return step_(request, ec, send);
    }

    Inner inner_;
    Step step_;
    bool inner_sent_ = false; // whether the last step sent through inner_
};

} // namespace awsml
