#pragma once

/// \file
/// The default credentials chain: every source botocore looks at, in botocore's order
/// (credentials.py create_credential_resolver), each one tried only when the one before it has
/// nothing (errc::no_credentials); the first that is configured but fails stops the search.
///
/// 1. explicit credentials, when given in code
/// 2. the environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SECURITY_TOKEN or
///    AWS_SESSION_TOKEN (left out when the profile is chosen in code, as botocore does)
/// 3. assume role: the profile's role_arn with source_profile or credential_source (STS)
/// 4. web identity: AWS_WEB_IDENTITY_TOKEN_FILE / the profile's web_identity_token_file (STS)
/// 5. IAM Identity Center: the profile's sso_session or sso_start_url (the SSO portal)
/// 6. the profile's aws_access_key_id and aws_secret_access_key in the credentials file
/// 7. console credentials: the profile's login_session (`aws login`, AWS Sign-In)
/// 8. the profile's credential_process, then its keys in the config file (botocore's order)
/// 9. the container endpoint: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI (ECS, EKS Pod
///    Identity)
/// 10. the EC2 instance metadata service (IMDSv2), unless AWS_EC2_METADATA_DISABLED
/// 11. a last check: a profile with keys that look like credentials settings but that no
///     source reads (a misspelt aws_access_key, role-arn ...) is a config_error naming them,
///     never a silent "no credentials".
///
/// The chain caches what it finds and refreshes it ahead of expiry (credentials_chain_options).

#include <awsml/auth/assume_role_credentials_provider.hpp>
#include <awsml/auth/container_credentials_provider.hpp>
#include <awsml/auth/credential_source_options.hpp>
#include <awsml/auth/credentials.hpp>
#include <awsml/auth/credentials_provider.hpp>
#include <awsml/auth/instance_metadata_credentials_provider.hpp>
#include <awsml/auth/login_credentials_provider.hpp>
#include <awsml/auth/process_credentials_provider.hpp>
#include <awsml/auth/sso_credentials_provider.hpp>
#include <awsml/auth/web_identity_credentials_provider.hpp>
#include <awsml/config/shared_config.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awsml {

namespace detail {

/// Everything a credentials source of the default chain reads from a profile.
inline constexpr std::array<std::string_view, 22> credentials_profile_keys = {
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
    "aws_account_id", // the credentials' account_id, as botocore reads it
    "credential_process",
    "role_arn",
    "source_profile",
    "credential_source",
    "external_id",
    "role_session_name",
    "duration_seconds",
    "mfa_serial",
    "web_identity_token_file",
    "sso_session",
    "sso_start_url",
    "sso_region",
    "sso_account_id",
    "sso_role_name",
    "sso_registration_scopes",
    "login_session",
    "sts_regional_endpoints"};

// A key that reads like a credentials setting: what a misspelling of one of the keys above
// still looks like. Other settings (region, output, cli_pager, s3 ...) are not judged.
inline bool looks_like_credentials_key(std::string_view key) {
    for (std::string_view word : {"aws_", "access", "secret", "token", "role", "sso", "credential",
                                  "mfa", "web_identity", "source", "session", "external_id"})
        if (key.find(word) != std::string_view::npos)
            return true;
    return false;
}

/// The chain's last source: errc::no_credentials unless the profile holds keys that look like
/// credentials settings but that no source reads; then errc::config_error naming each with its
/// file and line.
class unread_profile_keys_check : public throwing_from_try<unread_profile_keys_check> {
public:
    unread_profile_keys_check(environment env, std::optional<std::string> profile_name)
        : env_(std::move(env))
        , profile_name_(std::move(profile_name)) {}

    config_result<credentials> try_get_credentials() const {
        auto shared = try_load_shared_config(env_, profile_name_);
        if (!shared)
            return shared.error();
        std::string unread;
        for (const auto& [key, setting] : shared->profile.settings) {
            bool read = std::find(credentials_profile_keys.begin(), credentials_profile_keys.end(),
                                  key) != credentials_profile_keys.end();
            if (!read && looks_like_credentials_key(key))
                unread += "\n  - " + key + " (" + setting.origin + ")";
        }
        const std::string label = "profile " + in_quotes(shared->profile.name);
        if (unread.empty())
            return credentials_failure(errc::no_credentials,
                                       label + ": no key of it gives credentials");
        return credentials_failure(
            errc::config_error,
            label +
                " has no credentials, and sets keys that no credentials source reads "
                "(misspelt?):" +
                unread +
                "\n  the keys sources read: aws_access_key_id, aws_secret_access_key, "
                "aws_session_token, role_arn with source_profile or credential_source, "
                "web_identity_token_file, sso_session, sso_account_id, sso_role_name, "
                "login_session, credential_process, ...");
    }

private:
    environment env_;
    std::optional<std::string> profile_name_;
};

/// A source profile's own credentials, as botocore's ProfileProviderBuilder gives them (without
/// the environment): web identity, SSO, the static keys, console credentials, credential_process.
inline source_profile_function source_profile_sources(const default_credentials_sources& sources) {
    return [sources](const environment& env, const std::string& name,
                     const sts_options& sts) -> config_result<any_credentials_provider> {
        web_identity_options web_identity;
        web_identity.use_environment_variables = false;
        web_identity.sts = sts;
        using keys_from = profile_credentials_provider::keys_from;
        return any_credentials_provider(
            credentials_chain({web_identity_credentials_provider(env, name, web_identity),
                               sso_credentials_provider(env, name, sources.sso),
                               profile_credentials_provider(env, name, keys_from::credentials_file),
                               login_credentials_provider(env, name, sources.login),
                               process_credentials_provider(env, name),
                               profile_credentials_provider(env, name, keys_from::config_file)}));
    };
}

/// credential_source = Environment | Ec2InstanceMetadata | EcsContainer: the chain's own IMDS
/// and container providers, so that an assumed role shares their IMDS token and their last
/// credentials (static stability), and their settings come from the chain's profile.
inline credential_source_function
credential_sources(const instance_metadata_credentials_provider& instance_metadata,
                   const container_credentials_provider& container) {
    return [instance_metadata,
            container](const environment& env,
                       const std::string& name) -> config_result<any_credentials_provider> {
        if (name == "Ec2InstanceMetadata")
            return any_credentials_provider(instance_metadata);
        if (name == "EcsContainer")
            return any_credentials_provider(container);
        return default_credential_source(env, name);
    };
}

} // namespace detail

/// The chain described at the top of this header. `profile_name` given here (a profile chosen in
/// code) leaves the environment's keys and web identity variables out, as botocore does; one
/// chosen by AWS_PROFILE keeps them.
inline credentials_chain make_default_credentials_chain(
    const environment& env, const std::optional<std::string>& profile_name = std::nullopt,
    std::optional<credentials> explicit_credentials = std::nullopt,
    credentials_chain_options options = {}, const default_credentials_sources& sources = {}) {
    const bool profile_in_code = profile_name.has_value();
    std::vector<any_credentials_provider> providers;
    if (explicit_credentials)
        providers.emplace_back(static_credentials_provider(*explicit_credentials));
    if (!profile_in_code)
        providers.emplace_back(environment_credentials_provider(env));

    const container_credentials_provider container(env, profile_name, sources.container);
    const instance_metadata_credentials_provider instance_metadata(env, profile_name,
                                                                   sources.instance_metadata);

    assume_role_options assume_role;
    assume_role.sts = sources.sts;
    assume_role.mfa_code = sources.mfa_code;
    assume_role.credential_source = detail::credential_sources(instance_metadata, container);
    assume_role.source_profile = detail::source_profile_sources(sources);
    providers.emplace_back(assume_role_credentials_provider(env, profile_name, assume_role));

    web_identity_options web_identity;
    web_identity.use_environment_variables = !profile_in_code;
    web_identity.sts = sources.sts;
    providers.emplace_back(web_identity_credentials_provider(env, profile_name, web_identity));

    providers.emplace_back(sso_credentials_provider(env, profile_name, sources.sso));
    using keys_from = profile_credentials_provider::keys_from;
    providers.emplace_back(
        profile_credentials_provider(env, profile_name, keys_from::credentials_file));
    providers.emplace_back(login_credentials_provider(env, profile_name, sources.login));
    providers.emplace_back(process_credentials_provider(env, profile_name));
    providers.emplace_back(profile_credentials_provider(env, profile_name, keys_from::config_file));
    providers.emplace_back(container);
    providers.emplace_back(instance_metadata);
    providers.emplace_back(detail::unread_profile_keys_check(env, profile_name));
    return credentials_chain(std::move(providers), std::move(options));
}

} // namespace awsml
