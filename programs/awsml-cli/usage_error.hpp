#pragma once

#include <string>

namespace awsml::cli {

/// A command line that cannot be read; the CLI exits 252 with its message.
struct usage_error {
    std::string message;
};

/// Parameters that botocore's own validation refuses (a member the shape does not have, a
/// required one missing from --cli-input-json): the CLI exits 252 with its message under
/// "Parameter validation failed:", as the AWS CLI does.
struct parameter_error {
    std::string message;
};

} // namespace awsml::cli
