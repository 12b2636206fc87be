// expect: replaced by use_client_defaults
#include <awsml/machinelearning/client.hpp>

#include <chrono>
#include <string>
#include <system_error>

// A transport written for the hooks before use_client_defaults: it would silently lose the
// profile's ca_bundle and the defaults mode's connect timeout, so the client refuses it.
struct old_transport {
    awsml::http_response send(const awsml::http_request&, std::error_code&) { return {}; }
    void use_default_connect_timeout(std::chrono::milliseconds) {}
    void use_shared_config_ca_bundle(std::string) {}
};

int main() {
    awsml::basic_client<old_transport> client(awsml::client_config{}, old_transport{});
    return 0;
}
