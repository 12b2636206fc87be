#pragma once

// A client's settings, resolved once at construction from its config and the standard sources
// (environment variables, the shared config and credentials files), as the AWS SDKs do.

#include <awsml/auth/credentials_provider.hpp>
#include <awsml/auth/default_credentials_chain.hpp>
#include <awsml/config/endpoint.hpp>
#include <awsml/config/shared_config.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/runtime/call_failure.hpp>
#include <awsml/runtime/client_config.hpp>
#include <awsml/runtime/retry.hpp>
#include <awsml/runtime/service.hpp>

#include <optional>
#include <string>

namespace awsml::detail {

struct client_settings {
    std::optional<std::string> region;
    endpoint_result<resolved_endpoint> endpoint = endpoint_failure{};
    bool custom_endpoint = false; ///< the endpoint is the user's endpoint_url, not AWS's own
    awsml::retry_config retry;
    any_credentials_provider credentials;
    /// The profile's ca_bundle, handed to a transport that takes it (AWS_CA_BUNDLE, which wins
    /// over it as in botocore, the transport reads itself).
    std::optional<std::string> ca_bundle;
    std::optional<std::string> app_id;          ///< for the User-Agent, as configured (unsanitised)
    std::optional<call_failure> config_failure; ///< a problem every call will report
};

inline call_failure configuration_failure(errc code, std::string message) {
    call_failure f;
    f.code = make_error_code(code);
    f.message = std::move(message);
    return f;
}

inline environment environment_for(const client_config& config) {
    if (config.environment)
        return *config.environment;
    return config.use_environment ? environment::process() : environment::empty();
}

// STS is asked in the client's region, as botocore's clients do, unless told otherwise.
inline default_credentials_sources sources_for(const client_config& config,
                                               const std::optional<std::string>& region) {
    default_credentials_sources sources = config.credential_sources;
    if (!sources.sts.region && region && !region->empty())
        sources.sts.region = region;
    return sources;
}

inline client_settings resolve_client_settings(const service_identity& service,
                                               const client_config& config) {
    client_settings s;
    environment env = environment_for(config);
    explicit_settings given{config.region,
                            config.endpoint_url,
                            config.use_fips_endpoint,
                            config.use_dualstack_endpoint,
                            config.retry_mode,
                            config.max_attempts,
                            service.service_id,
                            config.app_id};
    auto resolved = try_resolve_settings(env, config.profile, given);
    if (!resolved) {
        s.config_failure = configuration_failure(errc::config_error, resolved.error().message);
        return s;
    }
    s.region = resolved->region;
    s.endpoint = try_resolve_service_endpoint(
        service.endpoint_prefix,
        endpoint_params{resolved->region, resolved->use_fips_endpoint,
                        resolved->use_dualstack_endpoint, resolved->endpoint_url});
    s.custom_endpoint = resolved->endpoint_url.has_value();
    s.retry.mode = resolved->retry_mode.value_or(retry_mode::standard);
    s.retry.max_attempts = resolved->max_attempts;
    s.ca_bundle = resolved->shared.profile.get("ca_bundle");
    s.app_id = resolved->app_id;

    if (config.credentials)
        s.credentials = static_credentials_provider(*config.credentials);
    else if (config.credentials_provider)
        s.credentials = any_credentials_provider::from_function(config.credentials_provider);
    else
        s.credentials = make_default_credentials_chain(env, config.profile, std::nullopt, {},
                                                       sources_for(config, resolved->region));
    return s;
}

} // namespace awsml::detail
