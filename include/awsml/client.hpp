#pragma once

// The Amazon Machine Learning client. One call, e.g. get_ml_model, goes:
//   validate the input -> build the awsJson1_1 request -> for each attempt: sign (SigV4), send
//   through the transport, then decode the 2xx body into the output shape, or turn the error
//   response into a modeled error, retrying as the retry strategy says.
// Two forms over that one path: get_ml_model throws; try_get_ml_model returns an outcome.
// A client is safe to use from several threads at once: the signing-key cache, the retry quota
// and the clock offset are shared and synchronised; each call borrows a transport of its own.

#include <awsml/call_failure.hpp>
#include <awsml/client_config.hpp>
#include <awsml/detail/call_state.hpp>
#include <awsml/detail/transport_pool.hpp>
#include <awsml/shapes.hpp>
#include <awsml/transport.hpp>

#include <chrono>
#include <thread>

namespace awsml {

template <http_transport Transport>
class basic_client {
public:
    explicit basic_client(client_config config = {}, Transport transport = Transport{})
        : core_(std::move(config)), transports_(std::move(transport)) {}

    basic_client(const basic_client&) = delete;
    basic_client& operator=(const basic_client&) = delete;

    /// GetMLModel: throws modeled_service_error<...>, service_error, validation_error or awsml::error.
    get_ml_model_output get_ml_model(const get_ml_model_input& input) {
        return try_get_ml_model(input).value();
    }
    get_ml_model_output get_ml_model(const get_ml_model_input& input, response_metadata& metadata) {
        return try_get_ml_model(input, metadata).value();
    }

    /// GetMLModel without exceptions: the output, or a call_failure saying what went wrong.
    outcome<get_ml_model_output> try_get_ml_model(const get_ml_model_input& input) {
        response_metadata ignored;
        return try_get_ml_model(input, ignored);
    }
    outcome<get_ml_model_output> try_get_ml_model(const get_ml_model_input& input,
                                                  response_metadata& metadata) {
        detail::call_state<get_ml_model_output> call(core_, "GetMLModel", &detail::decode_get_ml_model_error);
        auto result = run(call, input);
        metadata = call.metadata();
        return result;
    }

    /// The region the client signs for, if one was found.
    const std::optional<std::string>& region() const noexcept { return core_.settings.region; }
    /// The endpoint the client sends to, or why there is none.
    const auto& endpoint() const noexcept { return core_.settings.endpoint; }
    const retry_strategy& retries() const noexcept { return core_.retry; }
    /// The correction applied to the local clock after the service reported a skew.
    std::chrono::milliseconds clock_offset() const noexcept {
        return std::chrono::milliseconds(core_.clock_offset_ms.load());
    }
    /// The transport every call copies (a stub transport's copies share its expectations).
    const Transport& transport() const noexcept { return transports_.prototype(); }

private:
    // The blocking driver of a call_state.
    template <class Output, class Input>
    outcome<Output> run(detail::call_state<Output>& call, const Input& input) {
        if (!call.start(input)) return call.take_result();
        auto transport = transports_.acquire();
        for (;;) {
            sleep(call.delay_before_attempt());
            http_request request;
            if (!call.prepare_attempt(request)) return call.take_result();
            std::error_code ec;
            http_response response = (*transport).send(request, ec);
            detail::next_step step = call.on_result(ec, response);
            if (step.finished) return call.take_result();
            sleep(step.delay);
        }
    }

    void sleep(std::chrono::nanoseconds delay) {
        if (delay.count() <= 0) return;
        if (core_.config.sleep) core_.config.sleep(delay);
        else std::this_thread::sleep_for(delay);
    }

    detail::client_core core_;
    detail::transport_pool<Transport> transports_;
};

} // namespace awsml
