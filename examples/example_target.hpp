#pragma once

// What the asynchronous examples call: `[--endpoint-url URL] [MODEL_ID ...]`. With an endpoint,
// credentials and region come from the usual AWS sources; without one, awsml-local runs in this
// process (the bundled sample models, the documentation's example keys), so the examples run
// anywhere.

#include <awsml-local/server.hpp>
#include <awsml/runtime/client_config.hpp>

#include <optional>
#include <string>
#include <vector>

namespace example {

struct target {
    awsml::client_config config;
    std::vector<std::string> model_ids;
    std::optional<awsml::local::background_server> emulator; ///< when no endpoint was given
};

/// Fills `out` from the command line (`default_ids` when it names no model).
inline void parse_target(int argc, char** argv, std::vector<std::string> default_ids, target& out) {
    std::optional<std::string> endpoint;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--endpoint-url" && i + 1 < argc)
            endpoint = argv[++i];
        else
            out.model_ids.push_back(arg);
    }
    if (out.model_ids.empty())
        out.model_ids = std::move(default_ids);
    if (endpoint) {
        out.config.endpoint_url = *endpoint;
        return;
    }
    out.emulator.emplace(awsml::local::model_store::from_file(AWSML_DEFAULT_MODELS).value());
    out.config.endpoint_url = out.emulator->endpoint_url();
    out.config.region = "us-east-1";
    out.config.credentials =
        awsml::credentials{std::string(awsml::local::example_access_key_id),
                           std::string(awsml::local::example_secret_access_key),
                           "",
                           {},
                           "example"};
}

} // namespace example
