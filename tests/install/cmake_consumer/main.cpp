// Uses an installed awsml found with find_package(awsml CONFIG): decodes a sample GetMLModel
// response and runs one call through the client over the stub transport.
#include <awsml/awsml.hpp>

#include <iostream>

int main() {
    const auto model = awsml::from_json<awsml::get_ml_model_output>(
        R"({"MLModelId":"ml-installed","Name":"found by CMake","Status":"COMPLETED"})");
    std::cout << *model.ml_model_id << ": " << *model.name << " (" << *model.status << ")\n";

    awsml::stub_transport stub;
    stub.add_response("GetMLModel", model);
    awsml::client_config config;
    config.region = "us-east-1";
    config.credentials =
        awsml::credentials{"AKIDEXAMPLE", "example-secret", "", std::nullopt, "example"};
    config.use_environment = false;
    awsml::basic_client<awsml::stub_transport> client(config, stub);
    std::cout << "client: " << *client.get_ml_model({.ml_model_id = "ml-installed"}).name
              << " (awsml " << awsml::version_string << ")\n";
}
