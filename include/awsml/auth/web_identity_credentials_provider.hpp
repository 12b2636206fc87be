#pragma once

/// \file
/// Web identity (EKS IAM roles for service accounts, and any OIDC token in a file): STS
/// AssumeRoleWithWebIdentity, unsigned, with the token read from its file at each call (the
/// cluster rotates it), as botocore's AssumeRoleWithWebIdentityProvider does.
///
/// Settings, each looked up on its own, the environment first (botocore's precedence):
///
/// - AWS_WEB_IDENTITY_TOKEN_FILE, else the profile's web_identity_token_file
/// - AWS_ROLE_ARN, else the profile's role_arn
/// - AWS_ROLE_SESSION_NAME, else the profile's role_session_name, else
///   `awsml-session-<epoch seconds>`
///
/// No token file: errc::no_credentials (a chain goes on). A token file without a role ARN:
/// errc::config_error. A token file that cannot be read, or STS refusing:
/// errc::credentials_source_failed. Messages name the file and the STS error; never the token.

#include <awsml/auth/credentials.hpp>
#include <awsml/auth/credentials_provider.hpp>
#include <awsml/auth/detail/sts_client.hpp>
#include <awsml/config/shared_config.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace awsml {

/// How web_identity_credentials_provider finds its settings and reaches STS.
struct web_identity_options {
    /// Read AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN and AWS_ROLE_SESSION_NAME. botocore does
    /// not when the profile was chosen in code, nor for the source profile of an assumed role.
    bool use_environment_variables = true;
    /// STS's region, endpoint profile, per-attempt timeout (10 s), attempts (3) and CA bundle.
    sts_options sts;
};

/// Temporary credentials for a role, from STS AssumeRoleWithWebIdentity with an OIDC token read
/// from a file (see the top of this header for the settings). Holds no state and caches nothing:
/// every call reads the profile and the token file and calls STS, so put it in a
/// credentials_chain, which caches until shortly before the credentials expire. Safe to call
/// from several threads.
class web_identity_credentials_provider
    : public detail::profile_source<web_identity_credentials_provider, web_identity_options> {
public:
    /// `profile_name`: else AWS_DEFAULT_PROFILE, else AWS_PROFILE, else "default". Nothing is
    /// read until the first call.
    /// Constructed as `web_identity_credentials_provider(environment env,
    /// std::optional<std::string> profile_name = std::nullopt,
    /// web_identity_options options = {})`.
    using profile_source::profile_source;

    /// Blocks for the STS exchange: up to sts.max_attempts attempts of sts.timeout each, with
    /// waits between them. No token file set: errc::no_credentials. A token file but no role ARN,
    /// an unreadable shared file or a missing named profile: errc::config_error. A token file
    /// that is missing, unreadable or empty, or STS failing: errc::credentials_source_failed,
    /// naming the file or STS's error code and message. The credentials expire (STS's
    /// Expiration); their source is "web_identity".
    config_result<credentials> try_get_credentials() const {
        auto shared = try_load_profile_files();
        if (!shared)
            return shared.error();
        const profile& p = shared->profile;
        auto token_file = setting(p, "AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file");
        if (!token_file)
            return detail::credentials_failure(
                errc::no_credentials,
                std::string("web identity: ") +
                    (options_.use_environment_variables ? "AWS_WEB_IDENTITY_TOKEN_FILE is not set "
                                                          "and "
                                                        : "") +
                    "profile " + in_quotes(p.name) + " sets no web_identity_token_file");
        auto role_arn = setting(p, "AWS_ROLE_ARN", "role_arn");
        if (!role_arn)
            return detail::credentials_failure(
                errc::config_error,
                "web identity: " + token_file->source +
                    " names a web identity token file, but no role ARN is set (" +
                    (options_.use_environment_variables ? "AWS_ROLE_ARN or " : "") +
                    "role_arn of profile " + in_quotes(p.name) + ")");
        auto token = read_token(*token_file);
        if (!token)
            return token.error();
        detail::assume_role_with_web_identity_parameters parameters;
        parameters.role_arn = role_arn->value;
        auto session_name = setting(p, "AWS_ROLE_SESSION_NAME", "role_session_name");
        parameters.role_session_name = session_name && !session_name->value.empty()
                                           ? session_name->value
                                           : detail::default_role_session_name(options_.sts);
        parameters.web_identity_token = std::move(*token);
        auto found = detail::call_sts(env_, profile_name_,
                                      detail::assume_role_with_web_identity_form(parameters),
                                      "AssumeRoleWithWebIdentity", std::nullopt, options_.sts,
                                      "web identity (role " + parameters.role_arn + ")");
        if (found)
            found->source = "web_identity";
        return found;
    }

private:
    std::optional<detail::sourced_value> setting(const profile& p, std::string_view variable,
                                                 std::string_view key) const {
        if (options_.use_environment_variables)
            if (auto value = detail::from_environment(env_, variable))
                return value;
        return detail::from_profile(p, key);
    }

    static config_result<std::string> read_token(const detail::sourced_value& file) {
        auto failure = [&](const std::string& why) {
            return detail::credentials_failure(errc::credentials_source_failed,
                                               "web identity: the token file " + file.value + " (" +
                                                   file.source + ") " + why);
        };
        auto text = detail::read_optional_file(file.value);
        if (!text)
            return failure("cannot be read: " + text.error().message);
        if (!*text)
            return failure("does not exist");
        if ((*text)->empty())
            return failure("is empty");
        return std::move(**text);
    }
};

static_assert(nothrow_credentials_provider<web_identity_credentials_provider>);

} // namespace awsml
