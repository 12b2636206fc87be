// Constructs the client most programs use, against the installed headers and, in the compiled
// mode, the installed libawsml (the client's call path is declared extern there): the one
// consumer that compiles the whole library (tests/install/run.sh builds it once per mode).
#include <awsml/auth/detail/sts_response.hpp>
#include <awsml/awsml.hpp>

#include <iostream>

int main() {
    awsml::client_config config;
    config.region = "us-east-1";
    config.credentials =
        awsml::credentials{"AKIDEXAMPLE", "example-secret", "", std::nullopt, "example"};
    config.use_environment = false;
    awsml::client client(config);
    // Links expat, which the package must pass on (STS's XML answers).
    if (!awsml::detail::parse_sts_error(
            "<ErrorResponse><Error><Code>C</Code></Error></ErrorResponse>"))
        return 1;
    std::cout << "client: awsml " << awsml::version_string << '\n';
}
