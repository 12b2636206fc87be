// get-ml-model: `aws machinelearning get-ml-model` with awsml. It is the `awsml` CLI's
// get-ml-model command (programs/awsml-cli), under a name of its own: it prints the response as
// the AWS CLI does with --output json, and errors go to stderr with the AWS CLI v2 exit codes
// (254 service error, 253 configuration error, 252 bad arguments, 255 other).
#include <awsml-cli/commands.hpp>

#include <string>
#include <vector>

int main(int argc, char** argv) {
    return awsml::cli::run_command(awsml::cli::machinelearning_commands(), "get-ml-model",
                                   "get-ml-model", std::vector<std::string>(argv + 1, argv + argc));
}
