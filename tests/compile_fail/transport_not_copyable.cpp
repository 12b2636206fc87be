// expect: a transport must be copy-constructible
#include <awsml/machinelearning/client.hpp>

#include <memory>
#include <system_error>

// A move-only transport used for a blocking call: the client's pool copies its transport for each
// concurrent one, so it says so first, not from deep in the pool.
struct move_only_transport {
    std::unique_ptr<int> connection = std::make_unique<int>(0);
    awsml::http_response send(const awsml::http_request&, std::error_code&) { return {}; }
};

int main() {
    awsml::basic_client<move_only_transport> client(awsml::client_config{});
    (void)client.try_get_ml_model({.ml_model_id = "ml-1"});
    return 0;
}
