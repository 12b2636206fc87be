#pragma once

// What the tests that run awsml::client against awsml-local in process share: the bundled models
// and a client configuration that signs with the emulator's example keys, reads nothing from the
// environment, and retries without jitter.

#include <awsml-local/app.hpp>
#include <awsml/runtime/client_config.hpp>

#include <cstdlib>
#include <optional>
#include <string>

namespace awsml_test {

inline std::string bundled_models_path() {
    const char* source = std::getenv("AWSML_SOURCE_DIR");
    return std::string(source ? source : "..") + "/examples/data/models.json";
}

inline awsml::local::model_store bundled_models() {
    return awsml::local::model_store::from_file(bundled_models_path()).value();
}

inline awsml::client_config local_client_config(std::optional<std::string> endpoint) {
    awsml::client_config config;
    config.region = "us-east-1";
    config.endpoint_url = std::move(endpoint);
    config.credentials = awsml::credentials{std::string(awsml::local::example_access_key_id),
                                            std::string(awsml::local::example_secret_access_key),
                                            "",
                                            {},
                                            "test"};
    config.use_environment = false;
    config.retry_environment.random = [] { return 0.0; };
    return config;
}

} // namespace awsml_test
