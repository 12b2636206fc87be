#pragma once

// The definitions behind asio_transport.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

#include <awsml/core/error.hpp>
#include <awsml/http/asio_transport.hpp>
#include <awsml/http/detail/asio.hpp>
#include <awsml/http/detail/http_exchange.hpp>

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

namespace awsml {

namespace detail {

AWSML_DECL std::shared_ptr<http_engine> make_http_engine(asio::any_io_executor executor,
                                                         const http_transport_config& config) {
    return std::make_shared<http_engine>(std::move(executor), config);
}

AWSML_DECL std::shared_ptr<http_exchange>
prepare_exchange(http_engine& engine, const http_request& request, exchange_completion done) {
    return engine.prepare(request, std::move(done));
}

AWSML_DECL void launch_exchange(http_engine& engine,
                                const std::shared_ptr<http_exchange>& exchange) {
    engine.launch(exchange);
}

AWSML_DECL const asio::any_io_executor& executor_of(const http_engine& engine) noexcept {
    return engine.executor();
}

AWSML_DECL const asio::any_io_executor& strand_of(const http_engine& engine) noexcept {
    return engine.strand();
}

AWSML_DECL void cancel_exchange::operator()(asio::cancellation_type_t) const {
    if (auto call = exchange.lock())
        asio::post(call->strand(), [call] { call->cancel(); });
}

} // namespace detail

struct asio_http_transport::blocking_session {
    asio::io_context io{1};
    std::shared_ptr<detail::http_engine> engine; // after io: destroyed before it

    explicit blocking_session(const http_transport_config& config)
        : engine(detail::make_http_engine(io.get_executor(), config)) {
        engine->serve_one_thread();
    }

    detail::exchange_result run(const http_request& request,
                                std::chrono::steady_clock::time_point deadline) {
        std::optional<detail::exchange_result> outcome;
        auto exchange = engine->prepare(
            request, [&outcome](detail::exchange_result result) { outcome = std::move(result); });
        exchange->limit_waits_to(deadline);
        io.restart();
        engine->start_here(exchange);
        // The call's deadline bounds this loop's waits rather than an Asio timer, whose arming
        // would cost a system call per call.
        bool expired = false;
        while (!outcome) {
            const bool bounded =
                !expired && deadline != std::chrono::steady_clock::time_point::max();
            if ((bounded ? io.run_one_until(deadline) : io.run_one()) != 0 || outcome)
                continue;
            if (io.stopped())
                throw std::system_error(make_error_code(errc::transport_error),
                                        "the call stopped without completing");
            expired = true;
            asio::post(engine->strand(), [call = std::weak_ptr(exchange)] {
                if (auto live = call.lock())
                    live->cancel();
            });
        }
        // What the call left behind (a cancelled timer's handler) runs now, not in a later call.
        io.poll();
        if (expired && outcome->ec == errc::cancelled) {
            outcome->ec = make_error_code(errc::timeout);
            outcome->message = "the call's deadline passed during the exchange";
        }
        return std::move(*outcome);
    }
};

AWSML_DECL asio_http_transport::asio_http_transport() noexcept = default;

AWSML_DECL asio_http_transport::asio_http_transport(http_transport_config config)
    : config_(std::move(config)) {}

AWSML_DECL asio_http_transport::asio_http_transport(asio::any_io_executor executor,
                                                    http_transport_config config)
    : config_(std::move(config))
    , executor_(std::move(executor))
    , engine_(detail::make_http_engine(executor_, config_)) {}

AWSML_DECL asio_http_transport::asio_http_transport(const asio_http_transport& other)
    : config_(other.config_)
    , executor_(other.executor_)
    , engine_(executor_ ? detail::make_http_engine(executor_, config_) : nullptr) {}

AWSML_DECL asio_http_transport& asio_http_transport::operator=(const asio_http_transport& other) {
    if (this != &other)
        *this = asio_http_transport(other);
    return *this;
}

AWSML_DECL asio_http_transport::asio_http_transport(asio_http_transport&&) noexcept = default;
AWSML_DECL asio_http_transport&
asio_http_transport::operator=(asio_http_transport&&) noexcept = default;
AWSML_DECL asio_http_transport::~asio_http_transport() = default;

AWSML_DECL http_response asio_http_transport::send(const http_request& request,
                                                   std::error_code& ec) {
    return send(request, ec, std::chrono::steady_clock::time_point::max());
}

AWSML_DECL http_response asio_http_transport::send(const http_request& request, std::error_code& ec,
                                                   std::chrono::steady_clock::time_point deadline) {
    last_error_message_.clear();
    detail::exchange_result result;
    try {
        if (!session_)
            session_ = std::make_unique<blocking_session>(config_);
        result = session_->run(request, deadline);
    } catch (const std::system_error& e) { // Asio reports rare internal failures so
        session_.reset();
        result.ec = make_error_code(errc::transport_error);
        result.message = std::string("HTTP transport failure: ") + e.what();
    }
    ec = result.ec;
    last_failure_stage_ = ec ? result.stage : transport_stage::unknown;
    if (ec)
        last_error_message_ = result.message.empty() ? ec.message() : result.message;
    return std::move(result.response);
}

AWSML_DECL http_response asio_http_transport::send(const http_request& request) {
    std::error_code ec;
    http_response response = send(request, ec);
    if (ec)
        throw error(ec, last_error_message_);
    return response;
}

AWSML_DECL void asio_http_transport::reconfigure() {
    if (engine_)
        engine_ = detail::make_http_engine(executor_, config_);
    session_.reset();
}

AWSML_DECL void asio_http_transport::use_client_defaults(const transport_defaults& defaults) {
    if (!config_.connect_timeout)
        config_.connect_timeout = defaults.connect_timeout;
    if (defaults.ca_bundle)
        config_.shared_config_ca_bundle = defaults.ca_bundle;
    if (!config_.tcp_keepalive)
        config_.tcp_keepalive = defaults.tcp_keepalive;
    reconfigure();
}

AWSML_DECL std::size_t asio_http_transport::connections_opened() const noexcept {
    return (session_ ? session_->engine->connections_opened() : 0) +
           (engine_ ? engine_->connections_opened() : 0);
}

AWSML_DECL void asio_http_transport::close_idle_connections() noexcept {
    try {
        if (session_)
            session_->engine->pool().close_idle();
        if (engine_)
            engine_->close_idle();
    } catch (const std::exception&) { // only allocation can fail here; the idle stay idle
    }
}

} // namespace awsml
