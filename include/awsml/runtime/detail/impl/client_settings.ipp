#pragma once

// The definitions behind client_settings.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

#include <awsml/auth/default_credentials_chain.hpp>
#include <awsml/auth/instance_metadata_client.hpp>
#include <awsml/config/shared_config.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/runtime/detail/client_settings.hpp>

#include <optional>
#include <string>

namespace awsml::detail {

inline environment environment_for(const client_config& config) {
    if (config.environment)
        return *config.environment;
    if (config.use_environment)
        return environment::process();
    // Nothing ambient: no variables, no files, and no instance metadata service either.
    return environment::from_map({{"AWS_EC2_METADATA_DISABLED", "true"}});
}

// STS is asked in the client's region, as botocore's clients do, unless told otherwise. AWS
// Sign-In is not: botocore asks it in the session's region (awsml's order: AWS_REGION,
// AWS_DEFAULT_REGION, the profile's), which the login provider resolves itself; the AWS CLI's
// --region, the session's region there, is set as the login source's region by the awsml CLI.
// botocore's STS, SSO and Sign-In clients trust the session's CA bundle as its other clients do:
// AWS_CA_BUNDLE (which the credential sources' transports read themselves), else the profile's.
AWSML_DECL default_credentials_sources sources_for(const client_config& config,
                                                   const std::optional<std::string>& region,
                                                   const std::optional<std::string>& ca_bundle) {
    default_credentials_sources sources = config.credential_sources;
    if (region && !region->empty() && !sources.sts.region)
        sources.sts.region = region;
    for (auto* ca_file : {&sources.sts.ca_file, &sources.sso.ca_file, &sources.login.ca_file})
        if (!*ca_file)
            *ca_file = ca_bundle;
    return sources;
}

AWSML_DECL client_settings resolve_client_settings(const service_identity& service,
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
                            config.app_id,
                            config.defaults_mode};
    auto resolved = try_resolve_settings(env, config.profile, given);
    if (!resolved) {
        s.config_failure = configuration_failure(errc::config_error, resolved.error().message);
        return s;
    }
    if (!resolved->region && config.region_from_instance_metadata) {
        const instance_metadata_client imds(env, config.profile,
                                            config.credential_sources.instance_metadata);
        if (auto found = imds.try_region())
            resolved->region = std::move(*found);
        else
            s.region_lookup_failure = found.error().message;
    }
    s.region = resolved->region;
    s.endpoint =
        try_resolve_service_endpoint(service.endpoint_prefix, resolved->rule_set_parameters());
    s.custom_endpoint = resolved->endpoint_url.has_value();
    s.retry.mode = resolved->retry_mode.value_or(retry_mode::standard);
    s.retry.max_attempts = resolved->max_attempts;
    s.transport.ca_bundle = resolved->shared.profile.get("ca_bundle");
    s.transport.tcp_keepalive = resolved->tcp_keepalive;
    s.app_id = resolved->app_id;
    s.defaults_mode = resolved->defaults_mode == defaults_mode::automatic
                          ? resolve_automatic_defaults_mode(env, resolved->region)
                          : resolved->defaults_mode;
    s.transport.connect_timeout = connect_timeout_for(s.defaults_mode);

    if (!config.sign_requests)
        return s; // no credentials are looked for
    if (config.credentials)
        s.credentials = static_credentials_provider(*config.credentials);
    else if (config.credentials_provider)
        s.credentials = any_credentials_provider::from_function(config.credentials_provider);
    else
        s.credentials = make_default_credentials_chain(
            env, config.profile, std::nullopt, {},
            sources_for(config, resolved->region,
                        env.get("AWS_CA_BUNDLE") ? std::nullopt : s.transport.ca_bundle));
    return s;
}

} // namespace awsml::detail
