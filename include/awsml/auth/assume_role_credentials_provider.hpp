#pragma once

/// \file
/// Assuming a role from a profile, as botocore's AssumeRoleProvider does: the profile's role_arn
/// with either source_profile or credential_source, through STS AssumeRole signed with the
/// source credentials.
///
///     [profile deploy]
///     role_arn = arn:aws:iam::123456789012:role/deploy
///     source_profile = base           # or: credential_source = Environment
///     external_id = ...               # optional, as are role_session_name, duration_seconds
///     mfa_serial = ...                # needs assume_role_options::mfa_code
///
/// Source credentials:
///
/// - credential_source = Environment | Ec2InstanceMetadata | EcsContainer (botocore's
///   canonical names, exact case): assume_role_options::credential_source gives the provider;
///   by default only Environment is available (default_credential_source).
/// - source_profile = NAME: when that profile has role_arn too (and no static keys, no
///   web_identity_token_file), its role is assumed first, and so on down the chain; otherwise
///   assume_role_options::source_profile gives the profile's own provider (default:
///   default_source_profile_provider: web identity, static keys, credential_process).
///
/// A chain that comes back to a profile is an error, except a profile that sources itself for
/// its own static keys (botocore allows that).
///
/// A profile without role_arn (or with web_identity_token_file, which is web identity's):
/// errc::no_credentials. Invalid configuration (both sources or neither, an unknown
/// credential_source, a missing source profile, a loop, mfa_serial without a way to ask for the
/// code, a bad duration_seconds): errc::config_error naming the profile and the file and line.
/// STS or a source failing: errc::credentials_source_failed. No message holds a secret.

#include <awsml/auth/credentials.hpp>
#include <awsml/auth/credentials_provider.hpp>
#include <awsml/auth/detail/sts_client.hpp>
#include <awsml/auth/process_credentials_provider.hpp>
#include <awsml/auth/web_identity_credentials_provider.hpp>
#include <awsml/config/detail/ini.hpp>
#include <awsml/config/shared_config.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awsml {

/// The credential_source values botocore knows (CanonicalNameCredentialSourcer).
inline constexpr std::array<std::string_view, 3> credential_source_names = {
    "Environment", "Ec2InstanceMetadata", "EcsContainer"};

/// Gives the provider for a credential_source name (one of credential_source_names).
using credential_source_function =
    std::function<config_result<any_credentials_provider>(const environment&, const std::string&)>;
/// Gives the provider of a source profile's own credentials (the profile named explicitly);
/// its STS calls (web identity) use the given options, which locate STS with the first
/// profile's settings, as botocore's one STS client does.
using source_profile_function = std::function<config_result<any_credentials_provider>(
    const environment&, const std::string&, const sts_options&)>;

/// What exists without the network sources of other headers: Environment only.
inline config_result<any_credentials_provider> default_credential_source(const environment& env,
                                                                         const std::string& name) {
    if (name == "Environment")
        return any_credentials_provider(environment_credentials_provider(env));
    return detail::credentials_failure(errc::config_error,
                                       "credential_source " + in_quotes(name) +
                                           " is not available here: give assume_role_options::"
                                           "credential_source a provider for it");
}

/// botocore's providers for a source profile, in its order, without the environment: web
/// identity (the profile's web_identity_token_file), the static keys, credential_process.
/// (botocore also tries SSO between web identity and the keys.)
inline any_credentials_provider default_source_profile_provider(const environment& env,
                                                                const std::string& profile_name,
                                                                const sts_options& sts = {}) {
    web_identity_options web_identity;
    web_identity.use_environment_variables = false;
    web_identity.sts = sts;
    return credentials_chain({web_identity_credentials_provider(env, profile_name, web_identity),
                              profile_credentials_provider(env, profile_name),
                              process_credentials_provider(env, profile_name)});
}

/// How assume_role_credentials_provider reaches STS and finds source credentials.
struct assume_role_options {
    /// STS's region, endpoint profile, per-attempt timeout (10 s), attempts (3) and CA bundle; a
    /// source profile's STS calls (default_source_profile_provider) use them too.
    sts_options sts;
    /// Asked for the current code of the MFA device `mfa_serial` at each AssumeRole call; it
    /// may throw (the message is reported). Unset: a profile with mfa_serial is refused.
    std::function<std::string(const std::string& mfa_serial)> mfa_code;
    /// Unset: default_credential_source.
    credential_source_function credential_source;
    /// Unset: default_source_profile_provider with these sts options.
    source_profile_function source_profile;
};

namespace detail {

/// Both shared files, read once, giving any profile by name.
class shared_profiles {
public:
    static config_result<shared_profiles> load(const environment& env) {
        shared_profiles out;
        out.config_file_ = config_file_path(env);
        out.credentials_file_ = credentials_file_path(env);
        auto config = load_ini_file(out.config_file_);
        if (!config)
            return config.error();
        auto creds = load_ini_file(out.credentials_file_);
        if (!creds)
            return creds.error();
        out.config_ = std::move(*config);
        out.credentials_ = std::move(*creds);
        return out;
    }

    profile find(const std::string& name) const {
        profile p;
        p.name = name;
        if (auto* section = config_section_for(config_, name))
            merge_section(p, *section, config_file_);
        if (auto* section = credentials_.find(name))
            merge_section(p, *section, credentials_file_);
        return p;
    }

private:
    std::string config_file_;
    std::string credentials_file_;
    ini_document config_;
    ini_document credentials_;
};

inline bool has_static_keys(const profile& p) {
    return p.find("aws_access_key_id") || p.find("aws_secret_access_key");
}

// botocore's _has_assume_role_config_vars: web_identity_token_file makes it web identity's.
inline bool assumes_role(const profile& p) {
    return p.find("role_arn") && !p.find("web_identity_token_file");
}

inline std::string loop_text(const std::vector<std::string>& visited, const std::string& next) {
    std::string text;
    for (const auto& name : visited)
        text += in_quotes(name) + " -> ";
    return text + in_quotes(next);
}

/// The source profiles' providers an assume_role provider has made, kept between its calls (and
/// shared by its copies), as botocore keeps a role's source credentials: a source's
/// credential_process runs again only when what it gave nears its expiry, not at every refresh
/// of the role's credentials. Keyed by the source profile and the profile locating STS.
struct source_profile_providers {
    std::mutex mutex;
    std::map<std::pair<std::string, std::string>, any_credentials_provider> made;
};

} // namespace detail

/// Temporary credentials for the profile's role_arn, from STS AssumeRole signed with the source
/// credentials (see the top of this header). Caches no credentials of its own: every call reads
/// both shared files, gets the source credentials (assuming each role of a source_profile chain
/// in turn) and calls STS, so put it in a credentials_chain, which caches until shortly before
/// expiry. A source profile's provider is kept from the first call that uses it (so rotated keys
/// in that profile are read by a new provider, as by a new botocore session). Safe to call
/// from several threads when the functions in assume_role_options are (mfa_code is called on
/// the calling thread, once for each role with mfa_serial that the call assumes).
class assume_role_credentials_provider
    : public detail::profile_source<assume_role_credentials_provider, assume_role_options> {
public:
    /// `profile_name`: else AWS_DEFAULT_PROFILE, else AWS_PROFILE, else "default". Nothing is
    /// read until the first call.
    /// Constructed as `assume_role_credentials_provider(environment env,
    /// std::optional<std::string> profile_name = std::nullopt,
    /// assume_role_options options = {})`.
    using profile_source::profile_source;

    /// Blocks for the source's credentials and each STS exchange (up to sts.max_attempts
    /// attempts of sts.timeout each) and for mfa_code. No role_arn (or web identity's
    /// web_identity_token_file beside it): errc::no_credentials. Invalid configuration, including
    /// a source profile with no credentials: errc::config_error naming the profile, file and
    /// line. STS failing, a credential_source with nothing, or no MFA code:
    /// errc::credentials_source_failed. A source that fails otherwise passes its own code on. The
    /// credentials expire (STS's Expiration); their source is "assume_role:NAME".
    config_result<credentials> try_get_credentials() const {
        auto shared = try_load_profile_files();
        if (!shared)
            return shared.error();
        const profile& top = shared->profile;
        if (!detail::assumes_role(top))
            return detail::credentials_failure(
                errc::no_credentials,
                "assume role: profile " + in_quotes(top.name) +
                    (top.find("role_arn") ? " sets web_identity_token_file (web identity's role)"
                                          : " sets no role_arn"));
        auto files = detail::shared_profiles::load(env_);
        if (!files)
            return files.error();
        std::vector<std::string> visited{top.name};
        return assume(*files, top, visited);
    }

private:
    config_result<credentials> assume(const detail::shared_profiles& files, const profile& p,
                                      std::vector<std::string>& visited) const {
        const std::string label = "assume role (profile " + in_quotes(p.name) + ")";
        auto invalid = [&](const config_setting& where, const std::string& why) {
            return detail::credentials_failure(errc::config_error,
                                               where.origin + ": " + label + ": " + why);
        };
        const config_setting& role_arn = *p.find("role_arn");
        const config_setting* source_profile = p.find("source_profile");
        const config_setting* credential_source = p.find("credential_source");
        if (source_profile && credential_source)
            return invalid(*credential_source, "both source_profile and credential_source are set; "
                                               "set one of them");
        if (!source_profile && !credential_source)
            return invalid(role_arn, "role_arn is set but neither source_profile nor "
                                     "credential_source says where the source credentials are");

        detail::assume_role_parameters parameters;
        parameters.role_arn = role_arn.value;
        parameters.external_id = p.get("external_id");
        // An empty role_session_name means the default too, as in botocore.
        parameters.role_session_name = p.get("role_session_name").value_or("");
        if (parameters.role_session_name.empty())
            parameters.role_session_name = detail::default_role_session_name(options_.sts);
        if (const config_setting* duration = p.find("duration_seconds")) {
            if (!is_whole_number(duration->value))
                return invalid(*duration, "duration_seconds " + in_quotes(duration->value) +
                                              " is not a whole number of seconds");
            parameters.duration_seconds = duration->value;
        }
        if (const config_setting* mfa_serial = p.find("mfa_serial")) {
            if (!options_.mfa_code)
                return invalid(*mfa_serial,
                               "mfa_serial is set, so AssumeRole needs an MFA code, and there is "
                               "no way to ask for one (assume_role_options::mfa_code is not set)");
            parameters.serial_number = mfa_serial->value;
        }

        auto source = credential_source
                          ? from_credential_source(*credential_source, label)
                          : from_source_profile(files, p, *source_profile, visited, label);
        if (!source)
            return source;
        if (parameters.serial_number) {
            auto code = ask_mfa_code(*parameters.serial_number, label);
            if (!code)
                return code.error();
            parameters.token_code = std::move(*code);
        }
        auto found = detail::call_sts(env_, profile_name_, detail::assume_role_form(parameters),
                                      "AssumeRole", *source, options_.sts,
                                      label + " (role " + parameters.role_arn + ")");
        if (found)
            found->source = "assume_role:" + p.name;
        return found;
    }

    config_result<credentials> from_credential_source(const config_setting& setting,
                                                      const std::string& label) const {
        const std::string& name = setting.value;
        if (std::find(credential_source_names.begin(), credential_source_names.end(), name) ==
            credential_source_names.end())
            return detail::credentials_failure(
                errc::config_error,
                setting.origin + ": " + label + ": credential_source " + in_quotes(name) +
                    " is not valid (Environment, Ec2InstanceMetadata or EcsContainer)");
        auto provider = options_.credential_source ? options_.credential_source(env_, name)
                                                   : default_credential_source(env_, name);
        if (!provider)
            return within(provider.error(), label + ": ");
        auto found = provider->try_get_credentials();
        if (!found && found.error().code == errc::no_credentials)
            return detail::credentials_failure(errc::credentials_source_failed,
                                               label + ": credential_source " + in_quotes(name) +
                                                   " found no credentials (" +
                                                   found.error().message + ")");
        if (!found)
            return within(found.error(), label + ": credential_source " + in_quotes(name) + ": ");
        return found;
    }

    config_result<credentials> from_source_profile(const detail::shared_profiles& files,
                                                   const profile& parent,
                                                   const config_setting& setting,
                                                   std::vector<std::string>& visited,
                                                   const std::string& label) const {
        const std::string& name = setting.value;
        profile source = files.find(name);
        auto invalid = [&](const std::string& why) {
            return detail::credentials_failure(errc::config_error,
                                               setting.origin + ": " + label + ": " + why);
        };
        if (!source.defined)
            return invalid("source_profile " + in_quotes(name) + " does not exist");
        const bool seen = std::find(visited.begin(), visited.end(), name) != visited.end();
        // A profile may source itself, for its own static keys (botocore's exception).
        if (seen && (name != parent.name || !detail::has_static_keys(source)))
            return invalid("the source profiles loop: " + detail::loop_text(visited, name));
        visited.push_back(name);
        if (!detail::has_static_keys(source) && detail::assumes_role(source))
            return assume(files, source, visited);
        auto provider = source_profile_provider(name, sts_of(visited));
        if (!provider)
            return within(provider.error(), label + ": ");
        auto found = provider->try_get_credentials();
        if (!found && found.error().code == errc::no_credentials)
            return invalid("the source profile " + in_quotes(name) + " has no credentials (" +
                           found.error().message + ")");
        if (!found)
            return within(found.error(), label + ": source profile " + in_quotes(name) + ": ");
        return found;
    }

    config_result<any_credentials_provider> source_profile_provider(const std::string& name,
                                                                    const sts_options& sts) const {
        const std::lock_guard lock(source_providers_->mutex);
        auto& made = source_providers_->made;
        const auto key = std::pair{name, sts.profile.value_or("")};
        if (auto kept = made.find(key); kept != made.end())
            return kept->second;
        auto provider = options_.source_profile
                            ? options_.source_profile(env_, name, sts)
                            : config_result<any_credentials_provider>(
                                  default_source_profile_provider(env_, name, sts));
        if (provider)
            made.emplace(key, *provider);
        return provider;
    }

    config_result<std::string> ask_mfa_code(const std::string& serial,
                                            const std::string& label) const {
        std::string code;
        try {
            code = options_.mfa_code(serial);
        } catch (const std::exception& e) {
            return detail::credentials_failure(errc::credentials_source_failed,
                                               label + ": no MFA code for " + serial + ": " +
                                                   e.what());
        }
        if (code.empty())
            return detail::credentials_failure(errc::credentials_source_failed,
                                               label + ": the MFA code for " + serial +
                                                   " is empty");
        return code;
    }

    // A source profile's STS calls are located with the first profile's settings, as botocore's.
    sts_options sts_of(const std::vector<std::string>& visited) const {
        sts_options sts = options_.sts;
        if (!sts.profile)
            sts.profile = visited.front();
        return sts;
    }

    static config_failure within(config_failure failure, const std::string& prefix) {
        failure.message = prefix + failure.message;
        return failure;
    }

    std::shared_ptr<detail::source_profile_providers> source_providers_ =
        std::make_shared<detail::source_profile_providers>();

    static bool is_whole_number(std::string_view text) {
        long long value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        return ec == std::errc() && end == text.data() + text.size() && value > 0;
    }
};

static_assert(nothrow_credentials_provider<assume_role_credentials_provider>);

} // namespace awsml
