// A transport you write yourself: a step around each exchange of any other transport, here one
// that logs it, secrets redacted. awsml::decorated_transport keeps what the wrapped transport
// offers beyond send (the call's deadline, the pool's limits, the profile's CA bundle). Here it
// wraps the stub transport, so the example runs offline:
//   logging-transport
// Wrap an awsml::asio_http_transport or awsml::curl_transport instead to log real traffic.
#include <awsml/awsml.hpp>

#include <functional>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>

// The client copies its transport for each concurrent call, this step with it: the sink must be
// safe to call from several threads if the client is.
auto logging_step(std::function<void(std::string_view)> log) {
    return [log = std::move(log)](const awsml::http_request& request, std::error_code& ec,
                                  auto&& send) {
        log("--> " + awsml::format_request_for_log(request));
        awsml::http_response response = send(request, ec);
        if (ec)
            log("<-- failed: " + ec.message());
        else
            log("<-- " + awsml::format_response_for_log(response));
        return response;
    };
}

// Nothing the real transport offers is lost on the way.
using logged_asio =
    awsml::decorated_transport<awsml::asio_http_transport, decltype(logging_step({}))>;
static_assert(awsml::transport_with_deadline<logged_asio>);
static_assert(awsml::transport_with_client_defaults<logged_asio>);
static_assert(awsml::transport_with_connect_timeout<logged_asio>);
static_assert(awsml::transport_with_connection_cap<logged_asio>);

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

    awsml::decorated_transport transport(
        stub, logging_step([](std::string_view entry) { std::cout << entry << "\n\n"; }));
    awsml::basic_client<decltype(transport)> client(config, transport);
    awsml::get_ml_model_output model = client.get_ml_model({.ml_model_id = "ml-1"});
    std::cout << "model " << model.ml_model_id.value_or("?") << ": " << model.name.value_or("")
              << "\n";
    stub.assert_no_pending_responses();
    return 0;
}
