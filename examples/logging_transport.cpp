// A transport you write yourself: a decorator that wraps any other transport and logs each
// exchange, secrets redacted. Here it wraps the stub transport, so the example runs offline:
//   logging-transport
// Swap the stub for awsml::asio_http_transport or awsml::curl_transport to log real traffic.
#include <awsml/awsml.hpp>

#include <functional>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>

template <awsml::http_transport Inner>
class logging_transport {
public:
    using sink = std::function<void(std::string_view)>;

    logging_transport(Inner inner, sink log)
        : inner_(std::move(inner))
        , log_(std::move(log)) {}

    // The client copies its transport for each concurrent call: a copy wraps a copy of the inner
    // transport and logs to the same sink, so the sink must be safe to call from several threads
    // if the client is.
    awsml::http_response send(const awsml::http_request& request, std::error_code& ec) {
        log_("--> " + awsml::format_request_for_log(request));
        awsml::http_response response = inner_.send(request, ec);
        if (ec)
            log_("<-- failed: " + ec.message());
        else
            log_("<-- " + awsml::format_response_for_log(response));
        return response;
    }

private:
    Inner inner_;
    sink log_;
};

static_assert(awsml::http_transport<logging_transport<awsml::stub_transport>>);

int main() {
    awsml::stub_transport stub;
    stub.add_response("GetMLModel",
                      awsml::get_ml_model_output{.ml_model_id = "ml-1",
                                                 .name = "churn",
                                                 .status = awsml::entity_status::COMPLETED});

    awsml::client_config config;
    config.region = "us-east-1";
    config.credentials = awsml::credentials{"AKIDEXAMPLE", "example-secret-key",
                                            "example-session-token", std::nullopt, "example"};
    config.use_environment = false;

    logging_transport transport(stub, [](std::string_view entry) { std::cout << entry << "\n\n"; });
    awsml::basic_client<logging_transport<awsml::stub_transport>> client(config, transport);
    awsml::get_ml_model_output model = client.get_ml_model({.ml_model_id = "ml-1"});
    std::cout << "model " << model.ml_model_id.value_or("?") << ": " << model.name.value_or("")
              << "\n";
    stub.assert_no_pending_responses();
    return 0;
}
