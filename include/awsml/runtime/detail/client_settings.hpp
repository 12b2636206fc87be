#pragma once

// A client's settings, resolved once at construction from its config and the standard sources
// (environment variables, the shared config and credentials files), as the AWS SDKs do. Resolving
// them builds the default credentials chain, so it is compiled once in the separate compilation
// mode (impl/client_settings.ipp).

#include <awsml/auth/credentials_provider.hpp>
#include <awsml/config/endpoint.hpp>
#include <awsml/core/detail/separate_compilation.hpp>
#include <awsml/http/transport.hpp>
#include <awsml/runtime/call_failure.hpp>
#include <awsml/runtime/client_config.hpp>
#include <awsml/runtime/retry.hpp>
#include <awsml/runtime/service.hpp>

#include <optional>
#include <string>

namespace awsml::detail {

struct client_settings {
    std::optional<std::string> region;
    /// Why the instance metadata service gave no region, when it was asked.
    std::optional<std::string> region_lookup_failure;
    endpoint_result<resolved_endpoint> endpoint = endpoint_failure{};
    bool custom_endpoint = false; ///< the endpoint is the user's endpoint_url, not AWS's own
    awsml::retry_config retry;
    any_credentials_provider credentials;
    std::optional<std::string> app_id; ///< for the User-Agent, as configured (unsanitised)
    /// The defaults mode, `automatic` resolved to the mode it means here.
    awsml::defaults_mode defaults_mode = awsml::defaults_mode::legacy;
    /// What the transport is handed: the mode's connect timeout, the profile's ca_bundle and
    /// tcp_keepalive.
    awsml::transport_defaults transport;
    std::optional<call_failure> config_failure; ///< a problem every call will report
};

inline call_failure configuration_failure(errc code, std::string message) {
    call_failure f;
    f.code = make_error_code(code);
    f.message = std::move(message);
    return f;
}

/// The default chain's sources as a client in `region` uses them: STS in the client's region
/// unless config's sources name one; AWS Sign-In in the session's (see the definition); STS, SSO
/// and Sign-In trusting `ca_bundle` (the profile's, when AWS_CA_BUNDLE is unset) unless config's
/// sources name a CA file.
AWSML_DECL default_credentials_sources
sources_for(const client_config& config, const std::optional<std::string>& region,
            const std::optional<std::string>& ca_bundle = std::nullopt);

/// The settings of a client of `service` told `config`; problems are kept in config_failure.
AWSML_DECL client_settings resolve_client_settings(const service_identity& service,
                                                   const client_config& config);

} // namespace awsml::detail

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/runtime/detail/impl/client_settings.ipp>
#endif
