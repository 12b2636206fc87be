#pragma once

/// \file
/// The AWS shared configuration, as the AWS SDKs read it:
///
/// - the config file (AWS_CONFIG_FILE, default ~/.aws/config) with sections [default] and
///   [profile NAME], plus [services NAME] sections that profiles refer to;
/// - the credentials file (AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials) with
///   sections [NAME];
/// - the profile: the one named explicitly, else AWS_DEFAULT_PROFILE, else AWS_PROFILE, else
///   "default" (botocore reads the two variables in that order);
/// - the [sso-session NAME] section the profile's sso_session names, if any.
///
/// The paths are read as botocore reads them: "~" and $NAME or ${NAME} expanded, a variable set
/// but empty naming no file. A missing file is no error, nor is a FIFO or a device (/dev/null:
/// never read); a directory or a malformed file is, naming the file (and line). A profile chosen by
/// name (explicitly or through a variable) must exist in one of the files; "default" need not.
///
/// resolve_settings() then combines explicit values, environment variables and the profile, each
/// setting with the same precedence: explicit > environment > profile.

#include <awsml/config/defaults_mode.hpp>
#include <awsml/config/detail/ini.hpp>
#include <awsml/config/endpoint.hpp>
#include <awsml/config/retry_mode.hpp>
#include <awsml/core/detail/separate_compilation.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/core/error.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace awsml {

/// One value of a profile, with where it came from ("<file>:<line>") for error messages.
struct config_setting {
    /// As written, without surrounding blanks or an inline comment; continuation lines are
    /// joined with newlines. May be empty.
    std::string value;
    /// "<file>:<line>" of its key (of the section header, for a [services] value), e.g.
    /// "/home/me/.aws/config:12".
    std::string origin;
};

/// A named set of settings: the config file's section for it, overlaid with the credentials
/// file's (which wins where both set a key, as in botocore and the other SDKs).
struct profile {
    /// The profile's name as selected ("default" when none is chosen), without the config
    /// file's "profile " prefix.
    std::string name;
    bool defined = false; ///< found in at least one of the files
    std::map<std::string, config_setting, std::less<>> settings; ///< keys in lower case
    std::map<std::string, detail::ini_sub_section, std::less<>> sub_sections; ///< e.g. "s3"

    /// The setting `key` (any case), with its origin; nullptr when neither file sets it. The
    /// pointer is valid as long as this profile is neither changed nor destroyed.
    const config_setting* find(std::string_view key) const {
        auto found = settings.find(detail::ascii_lower(key));
        return found == settings.end() ? nullptr : &found->second;
    }

    /// The value of the setting `key` (any case), or nullopt when neither file sets it.
    std::optional<std::string> get(std::string_view key) const {
        if (auto* setting = find(key))
            return setting->value;
        return std::nullopt;
    }

    /// The nested keys of `key` (any case), as in "s3 =" followed by indented "name = value"
    /// lines: a map from each nested key (in lower case) to its value; nullptr when the profile
    /// has no such sub-section.
    const detail::ini_sub_section* sub_section(std::string_view key) const {
        auto found = sub_sections.find(detail::ascii_lower(key));
        return found == sub_sections.end() ? nullptr : &found->second;
    }
};

/// An [sso-session NAME] section of the config file (IAM Identity Center): sso_start_url,
/// sso_region, sso_registration_scopes.
struct sso_session_section {
    std::string name;     ///< NAME, as the profile's sso_session gives it
    bool defined = false; ///< the config file has the section
    std::map<std::string, config_setting, std::less<>> settings; ///< keys in lower case

    /// The setting `key` (any case), with its origin; nullptr when the section does not set it.
    const config_setting* find(std::string_view key) const {
        auto found = settings.find(detail::ascii_lower(key));
        return found == settings.end() ? nullptr : &found->second;
    }
};

/// The selected profile and what it refers to, as loaded from the two files.
struct shared_config {
    std::string config_file;      ///< the path read, or empty when there is no path (no HOME)
    std::string credentials_file; ///< likewise
    /// The selected profile; `defined` is false only for an implicit "default" that neither file
    /// has (an empty profile, which is no error).
    awsml::profile profile;
    /// The [services NAME] section the profile names, by service key (e.g. "machine_learning").
    std::map<std::string, detail::ini_sub_section, std::less<>> services;
    std::string services_origin; ///< "<config file>:<line>" of that section
    /// Why the profile's `services` names no section of the config file: reported, as botocore
    /// reports it, only when a service's endpoint is looked for there.
    std::optional<std::string> services_missing;
    /// The section the profile's sso_session names (`defined` false when the file lacks it: the
    /// SSO credentials provider reports that, as botocore does, only when it is used).
    std::optional<sso_session_section> sso_session;

    /// A service-specific setting, e.g. service_setting("machine_learning", "endpoint_url").
    std::optional<config_setting> service_setting(std::string_view service,
                                                  std::string_view key) const {
        auto section = services.find(detail::ascii_lower(service));
        if (section == services.end())
            return std::nullopt;
        auto value = section->second.find(detail::ascii_lower(key));
        if (value == section->second.end())
            return std::nullopt;
        return config_setting{value->second, services_origin};
    }
};

namespace detail {

AWSML_DECL config_failure make_config_failure(std::string message);

/// A path from the environment, with a leading "~" meaning the home directory.
AWSML_DECL std::string expand_home(const std::string& path, const environment& env);

/// Python's os.path.expandvars: `$NAME` (ASCII letters, digits, '_') and `${ANYTHING}` become
/// the variable's value where it is set (even empty), and stay as written where it is not.
AWSML_DECL std::string expand_variables(std::string_view path, const environment& env);

AWSML_DECL bool is_regular_file_or_directory(const std::string& path);

AWSML_DECL std::string shared_file_path(const environment& env, std::string_view variable,
                                        std::string_view default_name);

/// The file's bytes; nullopt when it does not exist (the SDKs treat that as an empty file).
AWSML_DECL config_result<std::optional<std::string>> read_optional_file(const std::string& path);

AWSML_DECL config_result<ini_document> load_ini_file(const std::string& path);

AWSML_DECL std::string origin_of(const std::string& file, std::size_t line);

AWSML_DECL void merge_section(profile& into, const ini_section& section, const std::string& file);

/// The profile name a config-file section header defines: "default" or "profile NAME".
AWSML_DECL std::optional<std::string_view> config_profile_name(std::string_view section);

// The config file's section for a profile. "[profile default]" wins over "[default]" when a
// file has both, as the SDKs' shared-config specification says.
AWSML_DECL const ini_section* config_section_for(const ini_document& config, std::string_view name);

// The config file's "[<kind> NAME]" section, e.g. "[services NAME]" or "[sso-session NAME]".
AWSML_DECL const ini_section* named_section_for(const ini_document& config, std::string_view kind,
                                                std::string_view name);

AWSML_DECL const ini_section* services_section_for(const ini_document& config,
                                                   std::string_view name);

AWSML_DECL void load_services(shared_config& config, const ini_document& config_doc);

AWSML_DECL void load_sso_session(shared_config& config, const ini_document& config_doc);

} // namespace detail

/// The path of the config file: AWS_CONFIG_FILE ("~" and $NAME expanded; set but empty: none),
/// else ~/.aws/config (empty without HOME).
AWSML_DECL std::string config_file_path(const environment& env);

/// The path of the credentials file: AWS_SHARED_CREDENTIALS_FILE (read as AWS_CONFIG_FILE is),
/// else ~/.aws/credentials.
AWSML_DECL std::string credentials_file_path(const environment& env);

/// The profile the environment selects: AWS_DEFAULT_PROFILE, else AWS_PROFILE (botocore's
/// order), with the variable's name; nullopt when neither is set.
AWSML_DECL std::optional<std::pair<std::string, std::string_view>>
profile_from_environment(const environment& env);

/// Loads the selected profile (explicit name, else AWS_DEFAULT_PROFILE, else AWS_PROFILE, else
/// "default") from both files.
AWSML_DECL config_result<shared_config>
try_load_shared_config(const environment& env,
                       std::optional<std::string> profile_name = std::nullopt);

/// Throws awsml::error (errc::config_error) where try_load_shared_config fails.
AWSML_DECL shared_config load_shared_config(const environment& env,
                                            std::optional<std::string> profile_name = std::nullopt);

/// Values given in code: each, when set, wins over the environment and the profile.
struct explicit_settings {
    /// Else AWS_REGION, AWS_DEFAULT_REGION, the profile's region. A FIPS pseudo-region
    /// ("fips-us-east-1", "us-gov-west-1-fips") is the region without "fips" and FIPS on, as
    /// botocore normalises it.
    std::optional<std::string> region;
    /// Else (unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or the profile's
    /// ignore_configured_endpoint_urls is true) `AWS_ENDPOINT_URL_<SERVICE>`, AWS_ENDPOINT_URL,
    /// the endpoint_url of the profile's [services] section for the service, the profile's
    /// endpoint_url. Given here, resolve_settings() takes it as it is, unchecked.
    std::optional<std::string> endpoint_url;
    /// Else AWS_USE_FIPS_ENDPOINT, the profile's use_fips_endpoint ("true" or "false", any case).
    std::optional<bool> use_fips_endpoint;
    /// Else AWS_USE_DUALSTACK_ENDPOINT, the profile's use_dualstack_endpoint.
    std::optional<bool> use_dualstack_endpoint;
    /// Else AWS_RETRY_MODE, the profile's retry_mode (standard, legacy or adaptive).
    std::optional<awsml::retry_mode> retry_mode;
    /// Attempts in all, first one included; else AWS_MAX_ATTEMPTS, the profile's max_attempts
    /// (a whole number, at least 1). Given here, resolve_settings() takes it as it is, unchecked.
    std::optional<int> max_attempts;
    /// The service's id as the SDKs spell it ("Machine Learning"): names its own endpoint
    /// variable and [services] key. Empty: only the settings every service shares apply.
    std::string_view service_id;
    /// The application's id for the User-Agent ("app/<id>"), as botocore's user_agent_appid.
    std::optional<std::string> app_id;
    /// Else AWS_DEFAULTS_MODE, the profile's defaults_mode (any case), else legacy.
    std::optional<awsml::defaults_mode> defaults_mode;
};

/// The client's settings with every source applied.
struct resolved_settings {
    std::string profile_name; ///< the profile used: explicit, from the environment, or "default"
    std::optional<std::string> region;           ///< nullopt: the caller reports errc::no_region
    std::optional<std::string> endpoint_url;     ///< nullopt: resolve from the region
    bool use_fips_endpoint = false;              ///< false when no source sets it
    bool use_dualstack_endpoint = false;         ///< false when no source sets it
    std::optional<awsml::retry_mode> retry_mode; ///< nullopt: the default (standard)
    std::optional<int> max_attempts;             ///< nullopt: the retry mode's default
    std::optional<std::string> app_id; ///< explicit, else AWS_SDK_UA_APP_ID, else sdk_ua_app_id
    /// BOTOCORE_TCP_KEEPALIVE, else the profile's tcp_keepalive ("true" in any case is on, any
    /// other text off), else false, as botocore reads it (a transport's own setting wins).
    bool tcp_keepalive = false;
    /// As set (`automatic` stays so: resolve_automatic_defaults_mode() says what it means).
    awsml::defaults_mode defaults_mode = awsml::defaults_mode::legacy;
    shared_config shared; ///< what was loaded, for credential providers

    /// The endpoint rule set's parameters. FIPS and dual-stack apply only where no endpoint URL
    /// is configured, as botocore passes them: a configured endpoint is used as it is.
    endpoint_params rule_set_parameters() const {
        const bool regional = !endpoint_url.has_value();
        return endpoint_params{region, regional && use_fips_endpoint,
                               regional && use_dualstack_endpoint, endpoint_url};
    }
};

namespace detail {

/// A service's key in [services] sections: its service id with spaces as '_' (the lookup
/// ignores case), e.g. "Machine Learning" -> "Machine_Learning".
AWSML_DECL std::string service_config_key(std::string_view service_id);

/// A service's AWS_ENDPOINT_URL_<KEY> variable, its key in upper case.
AWSML_DECL std::string service_endpoint_variable(std::string_view service_id);

/// A raw setting and where it came from: an environment variable's name or "<file>:<line>: key".
struct sourced_value {
    std::string value;
    std::string source;
};

AWSML_DECL std::optional<sourced_value> from_environment(const environment& env,
                                                         std::string_view variable);

AWSML_DECL std::optional<sourced_value> from_profile(const profile& p, std::string_view key);

AWSML_DECL std::optional<sourced_value> first_of(const environment& env, std::string_view variable,
                                                 const profile& p, std::string_view key);

AWSML_DECL config_result<std::optional<bool>> parse_bool(const std::optional<sourced_value>& raw);
AWSML_DECL std::optional<bool> parse_botocore_flag(const std::optional<sourced_value>& raw);

AWSML_DECL config_result<std::optional<awsml::retry_mode>>
parse_retry_mode_setting(const std::optional<sourced_value>& raw);

AWSML_DECL config_result<std::optional<int>>
parse_max_attempts(const std::optional<sourced_value>& raw);

AWSML_DECL config_result<std::optional<awsml::defaults_mode>>
parse_defaults_mode_setting(const std::optional<sourced_value>& raw);

AWSML_DECL void erase_all(std::string& text, std::string_view part);

/// "fips-us-east-1" and "us-gov-west-1-fips" are FIPS pseudo-regions: strips "fips-" and
/// "-fips" as botocore does and says whether it did.
AWSML_DECL bool normalise_fips_pseudo_region(std::optional<std::string>& region);

AWSML_DECL config_result<std::optional<std::string>>
resolve_endpoint_url(const environment& env, const shared_config& shared,
                     const std::optional<std::string>& explicit_url, std::string_view service_id);

// An explicit value wins; otherwise the raw value from the environment or profile, if valid.
template <class Out, class Explicit, class Parse>
std::optional<config_failure> resolve_into(Out& out, const std::optional<Explicit>& explicit_value,
                                           Parse parse, const std::optional<sourced_value>& raw) {
    if (explicit_value) {
        out = *explicit_value;
        return std::nullopt;
    }
    auto parsed = parse(raw);
    if (!parsed)
        return parsed.error();
    if (*parsed)
        out = **parsed;
    return std::nullopt;
}

} // namespace detail

/// Every setting with explicit > environment > profile, for the profile chosen by
/// `profile_name` (else AWS_DEFAULT_PROFILE, else AWS_PROFILE, else "default"). Fails with
/// errc::config_error naming the variable or "<file>:<line>: key" of an invalid value, or a malformed file's line.
AWSML_DECL config_result<resolved_settings>
try_resolve_settings(const environment& env, std::optional<std::string> profile_name = std::nullopt,
                     const explicit_settings& given = {});

/// Throws awsml::error (errc::config_error) where try_resolve_settings fails.
AWSML_DECL resolved_settings
resolve_settings(const environment& env, std::optional<std::string> profile_name = std::nullopt,
                 const explicit_settings& given = {});

} // namespace awsml

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/config/impl/shared_config.ipp>
#endif
