#pragma once

#include <string>

namespace awsml::cli {

/// A command line that cannot be read; the CLI exits 252 with its message.
struct usage_error {
    std::string message;
};

} // namespace awsml::cli
