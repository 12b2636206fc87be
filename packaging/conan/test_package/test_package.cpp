// Conan's test package: awsml's include directory, the definitions the recipe passes on and,
// in the compiled mode, libawsml reach a consumer (a client over awsml's transport is made).
#include <awsml/awsml.hpp>

#include <iostream>

#ifndef ASIO_NO_DEPRECATED
#error "the awsml package does not pass ASIO_NO_DEPRECATED on"
#endif

int main() {
    awsml::client_config config;
    config.region = "us-east-1";
    config.credentials =
        awsml::credentials{"AKIDEXAMPLE", "example-secret", "", std::nullopt, "example"};
    config.use_environment = false;
    awsml::client client(config);
    std::cout << "awsml " << awsml::version_string << " (AWSML_VERSION " << AWSML_VERSION << ")\n";
}
