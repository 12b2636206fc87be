#pragma once

// A client's settings, resolved once at construction from its config and the standard sources.

#include <awsml/call_failure.hpp>
#include <awsml/client_config.hpp>
#include <awsml/endpoint.hpp>
#include <awsml/retry.hpp>

#include <cstdlib>
#include <optional>
#include <string>

namespace awsml::detail {

struct client_settings {
    std::optional<std::string> region;
    boost::system::result<resolved_endpoint, endpoint_failure> endpoint = endpoint_failure{};
    awsml::retry_config retry;
    std::optional<call_failure> config_failure; ///< a problem every call will report
};

inline std::optional<std::string> environment_value(const client_config& config, const char* name) {
    if (!config.use_environment) return std::nullopt;
    const char* value = std::getenv(name);
    if (!value || !*value) return std::nullopt;
    return std::string(value);
}

inline call_failure configuration_failure(errc code, std::string message) {
    call_failure f;
    f.code = make_error_code(code);
    f.message = std::move(message);
    return f;
}

inline std::optional<bool> parse_bool_setting(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    if (iequals(*text, "true")) return true;
    if (iequals(*text, "false")) return false;
    return std::nullopt;
}

inline client_settings resolve_client_settings(const client_config& config) {
    client_settings s;
    s.region = config.region;
    if (!s.region) s.region = environment_value(config, "AWS_REGION");
    if (!s.region) s.region = environment_value(config, "AWS_DEFAULT_REGION");

    endpoint_params params;
    params.region = s.region;
    params.endpoint = config.endpoint_url;
    if (!params.endpoint) params.endpoint = environment_value(config, "AWS_ENDPOINT_URL_MACHINE_LEARNING");
    if (!params.endpoint) params.endpoint = environment_value(config, "AWS_ENDPOINT_URL");
    params.use_fips = config.use_fips_endpoint.value_or(
        parse_bool_setting(environment_value(config, "AWS_USE_FIPS_ENDPOINT")).value_or(false));
    params.use_dual_stack = config.use_dualstack_endpoint.value_or(
        parse_bool_setting(environment_value(config, "AWS_USE_DUALSTACK_ENDPOINT")).value_or(false));
    s.endpoint = try_resolve_endpoint(params);

    s.retry.mode = config.retry_mode.value_or(retry_mode::standard);
    if (!config.retry_mode) {
        if (auto text = environment_value(config, "AWS_RETRY_MODE")) {
            if (auto mode = parse_retry_mode(*text)) s.retry.mode = *mode;
            else s.config_failure = configuration_failure(errc::config_error, "AWS_RETRY_MODE: \"" + *text +
                                                          "\" is not one of standard, legacy, adaptive");
        }
    }
    s.retry.max_attempts = config.max_attempts;
    if (!config.max_attempts) {
        if (auto text = environment_value(config, "AWS_MAX_ATTEMPTS")) {
            char* end = nullptr;
            long n = std::strtol(text->c_str(), &end, 10);
            if (*end == '\0' && n >= 1 && n <= 100) s.retry.max_attempts = int(n);
            else s.config_failure = configuration_failure(errc::config_error, "AWS_MAX_ATTEMPTS: \"" + *text +
                                                          "\" is not a whole number from 1 to 100");
        }
    }
    return s;
}

} // namespace awsml::detail
