#pragma once

// The AWS shared configuration, as the AWS SDKs read it:
//   - the config file (AWS_CONFIG_FILE, default ~/.aws/config) with sections [default] and
//     [profile NAME], plus [services NAME] sections that profiles refer to;
//   - the credentials file (AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials) with
//     sections [NAME];
//   - the profile: the one named explicitly, else AWS_DEFAULT_PROFILE, else AWS_PROFILE, else
//     "default" (botocore reads the two variables in that order);
//   - the [sso-session NAME] section the profile's sso_session names, if any.
// A missing file is no error; a malformed one is, naming the file and line. A profile chosen by
// name (explicitly or through a variable) must exist in one of the files; "default" need not.
//
// resolve_settings() then combines explicit values, environment variables and the profile, each
// setting with the same precedence: explicit > environment > profile.

#include <awsml/config/detail/ini.hpp>
#include <awsml/config/retry_mode.hpp>
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
    std::string value;
    std::string origin;
};

/// A named set of settings: the config file's section for it, overlaid with the credentials
/// file's (which wins where both set a key, as in botocore and the other SDKs).
struct profile {
    std::string name;
    bool defined = false; ///< found in at least one of the files
    std::map<std::string, config_setting, std::less<>> settings; ///< keys in lower case
    std::map<std::string, detail::ini_sub_section, std::less<>> sub_sections; ///< e.g. "s3"

    const config_setting* find(std::string_view key) const {
        auto found = settings.find(detail::ascii_lower(key));
        return found == settings.end() ? nullptr : &found->second;
    }

    std::optional<std::string> get(std::string_view key) const {
        if (auto* setting = find(key))
            return setting->value;
        return std::nullopt;
    }

    const detail::ini_sub_section* sub_section(std::string_view key) const {
        auto found = sub_sections.find(detail::ascii_lower(key));
        return found == sub_sections.end() ? nullptr : &found->second;
    }
};

/// An [sso-session NAME] section of the config file (IAM Identity Center): sso_start_url,
/// sso_region, sso_registration_scopes.
struct sso_session_section {
    std::string name;
    bool defined = false; ///< the config file has the section
    std::map<std::string, config_setting, std::less<>> settings; ///< keys in lower case

    const config_setting* find(std::string_view key) const {
        auto found = settings.find(detail::ascii_lower(key));
        return found == settings.end() ? nullptr : &found->second;
    }
};

/// The selected profile and what it refers to, as loaded from the two files.
struct shared_config {
    std::string config_file;      ///< the path read, or empty when there is no path (no HOME)
    std::string credentials_file; ///< likewise
    awsml::profile profile;
    /// The [services NAME] section the profile names, by service key (e.g. "machine_learning").
    std::map<std::string, detail::ini_sub_section, std::less<>> services;
    std::string services_origin; ///< "<config file>:<line>" of that section
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

inline config_failure make_config_failure(std::string message) {
    return {make_error_code(errc::config_error), std::move(message)};
}

/// A path from the environment, with a leading "~" meaning the home directory.
inline std::string expand_home(const std::string& path, const environment& env) {
    if (path == "~" || path.rfind("~/", 0) == 0) {
        if (auto home = env.home_directory())
            return *home + path.substr(1);
    }
    return path;
}

inline std::string shared_file_path(const environment& env, std::string_view variable,
                                    std::string_view default_name) {
    if (auto path = env.get(variable))
        return expand_home(*path, env);
    if (auto home = env.home_directory())
        return *home + "/.aws/" + std::string(default_name);
    return {};
}

/// The file's bytes; nullopt when it does not exist (the SDKs treat that as an empty file).
inline config_result<std::optional<std::string>> read_optional_file(const std::string& path) {
    if (path.empty())
        return std::optional<std::string>();
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) {
        int cause = errno;
        if (cause == ENOENT || cause == ENOTDIR)
            return std::optional<std::string>();
        return make_config_failure("cannot open " + path + ": " + std::strerror(cause));
    }
    std::string text;
    char buffer[8192];
    std::size_t count;
    while ((count = std::fread(buffer, 1, sizeof buffer, file)) > 0)
        text.append(buffer, count);
    bool failed = std::ferror(file) != 0;
    int cause = errno;
    std::fclose(file);
    if (failed)
        return make_config_failure("cannot read " + path + ": " + std::strerror(cause));
    return std::optional<std::string>(std::move(text));
}

inline config_result<ini_document> load_ini_file(const std::string& path) {
    auto text = read_optional_file(path);
    if (!text)
        return text.error();
    if (!*text)
        return ini_document{};
    return parse_ini(**text, path);
}

inline std::string origin_of(const std::string& file, std::size_t line) {
    return file + ":" + std::to_string(line);
}

inline void merge_section(profile& into, const ini_section& section, const std::string& file) {
    into.defined = true;
    for (const auto& [key, value] : section.entries) {
        if (value.is_sub_section)
            into.sub_sections[key] = value.sub_section;
        else
            into.settings[key] = config_setting{value.text, origin_of(file, value.line)};
    }
}

/// The profile name a config-file section header defines: "default" or "profile NAME".
inline std::optional<std::string_view> config_profile_name(std::string_view section) {
    if (section == "default")
        return section;
    constexpr std::string_view prefix = "profile";
    if (section.substr(0, prefix.size()) != prefix || section.size() == prefix.size() ||
        !is_blank(section[prefix.size()]))
        return std::nullopt;
    std::string_view name = trim(section.substr(prefix.size()), detail::ini_blanks);
    if (name.empty())
        return std::nullopt;
    return name;
}

// The config file's section for a profile. "[profile default]" wins over "[default]" when a
// file has both, as the SDKs' shared-config specification says.
inline const ini_section* config_section_for(const ini_document& config, std::string_view name) {
    const ini_section* plain = nullptr;
    for (const auto& [section_name, section] : config.sections) {
        auto profile_name = config_profile_name(section_name);
        if (!profile_name || *profile_name != name)
            continue;
        if (section_name != "default")
            return &section;
        plain = &section;
    }
    return plain;
}

// The config file's "[<kind> NAME]" section, e.g. "[services NAME]" or "[sso-session NAME]".
inline const ini_section* named_section_for(const ini_document& config, std::string_view kind,
                                            std::string_view name) {
    for (const auto& [section_name, section] : config.sections) {
        std::string_view header = section_name;
        if (header.substr(0, kind.size()) != kind || header.size() == kind.size() ||
            !is_blank(header[kind.size()]))
            continue;
        if (trim(header.substr(kind.size()), detail::ini_blanks) == name)
            return &section;
    }
    return nullptr;
}

inline const ini_section* services_section_for(const ini_document& config, std::string_view name) {
    return named_section_for(config, "services", name);
}

inline std::optional<config_failure> load_services(shared_config& config,
                                                   const ini_document& config_doc) {
    const config_setting* reference = config.profile.find("services");
    if (!reference)
        return std::nullopt;
    const ini_section* section = services_section_for(config_doc, reference->value);
    if (!section)
        return make_config_failure(reference->origin + ": profile \"" + config.profile.name +
                                   "\" refers to [services " + reference->value +
                                   "], which is not in " + config.config_file);
    config.services_origin = origin_of(config.config_file, section->line);
    for (const auto& [key, value] : section->entries)
        if (value.is_sub_section)
            config.services[key] = value.sub_section;
    return std::nullopt;
}

inline void load_sso_session(shared_config& config, const ini_document& config_doc) {
    const config_setting* reference = config.profile.find("sso_session");
    if (!reference)
        return;
    sso_session_section& session = config.sso_session.emplace();
    session.name = reference->value;
    const ini_section* section = named_section_for(config_doc, "sso-session", reference->value);
    if (!section)
        return;
    session.defined = true;
    for (const auto& [key, value] : section->entries)
        if (!value.is_sub_section)
            session.settings[key] =
                config_setting{value.text, origin_of(config.config_file, value.line)};
}

} // namespace detail

/// The path of the config file: AWS_CONFIG_FILE, else ~/.aws/config (empty without HOME).
inline std::string config_file_path(const environment& env) {
    return detail::shared_file_path(env, "AWS_CONFIG_FILE", "config");
}

/// The path of the credentials file: AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials.
inline std::string credentials_file_path(const environment& env) {
    return detail::shared_file_path(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
}

/// The profile the environment selects: AWS_DEFAULT_PROFILE, else AWS_PROFILE (botocore's
/// order), with the variable's name; nullopt when neither is set.
inline std::optional<std::pair<std::string, std::string_view>>
profile_from_environment(const environment& env) {
    for (std::string_view variable : {"AWS_DEFAULT_PROFILE", "AWS_PROFILE"})
        if (auto name = env.get(variable))
            return std::pair<std::string, std::string_view>(std::move(*name), variable);
    return std::nullopt;
}

/// Loads the selected profile (explicit name, else AWS_DEFAULT_PROFILE, else AWS_PROFILE, else
/// "default") from both files.
inline config_result<shared_config>
try_load_shared_config(const environment& env,
                       std::optional<std::string> profile_name = std::nullopt) {
    std::string chosen_by = "explicitly";
    if (!profile_name) {
        if (auto from_env = profile_from_environment(env)) {
            profile_name = std::move(from_env->first);
            chosen_by = "by " + std::string(from_env->second);
        }
    }
    bool named = profile_name.has_value();
    shared_config config;
    config.config_file = config_file_path(env);
    config.credentials_file = credentials_file_path(env);
    config.profile.name = profile_name.value_or("default");

    auto config_doc = detail::load_ini_file(config.config_file);
    if (!config_doc)
        return config_doc.error();
    auto credentials_doc = detail::load_ini_file(config.credentials_file);
    if (!credentials_doc)
        return credentials_doc.error();

    if (auto* section = detail::config_section_for(*config_doc, config.profile.name))
        detail::merge_section(config.profile, *section, config.config_file);
    if (auto* section = credentials_doc->find(config.profile.name))
        detail::merge_section(config.profile, *section, config.credentials_file);

    if (named && !config.profile.defined) {
        auto shown = [](const std::string& path) { return path.empty() ? "(no path)" : path; };
        return detail::make_config_failure(
            "profile \"" + config.profile.name + "\" (chosen " + chosen_by + ") was not found in " +
            shown(config.config_file) + " or " + shown(config.credentials_file));
    }
    if (auto failure = detail::load_services(config, *config_doc))
        return std::move(*failure);
    detail::load_sso_session(config, *config_doc);
    return config;
}

/// Throws awsml::error (errc::config_error) where try_load_shared_config fails.
inline shared_config load_shared_config(const environment& env,
                                        std::optional<std::string> profile_name = std::nullopt) {
    return try_load_shared_config(env, std::move(profile_name)).value();
}

/// Values given in code: each, when set, wins over the environment and the profile.
struct explicit_settings {
    std::optional<std::string> region;
    std::optional<std::string> endpoint_url;
    std::optional<bool> use_fips_endpoint;
    std::optional<bool> use_dualstack_endpoint;
    std::optional<awsml::retry_mode> retry_mode;
    std::optional<int> max_attempts;
    /// The service's id as the SDKs spell it ("Machine Learning"): names its own endpoint
    /// variable and [services] key. Empty: only the settings every service shares apply.
    std::string_view service_id;
    /// The application's id for the User-Agent ("app/<id>"), as botocore's user_agent_appid.
    std::optional<std::string> app_id;
};

/// The client's settings with every source applied.
struct resolved_settings {
    std::string profile_name;
    std::optional<std::string> region;       ///< nullopt: the caller reports errc::no_region
    std::optional<std::string> endpoint_url; ///< nullopt: resolve from the region
    bool use_fips_endpoint = false;
    bool use_dualstack_endpoint = false;
    std::optional<awsml::retry_mode> retry_mode; ///< nullopt: the default (standard)
    std::optional<int> max_attempts;             ///< nullopt: the retry mode's default
    std::optional<std::string> app_id; ///< explicit, else AWS_SDK_UA_APP_ID, else sdk_ua_app_id
    shared_config shared;              ///< what was loaded, for credential providers
};

namespace detail {

/// A service's key in [services] sections: its service id with spaces as '_' (the lookup
/// ignores case), e.g. "Machine Learning" -> "Machine_Learning".
inline std::string service_config_key(std::string_view service_id) {
    std::string key(service_id);
    std::replace(key.begin(), key.end(), ' ', '_');
    return key;
}

/// A service's AWS_ENDPOINT_URL_<KEY> variable, its key in upper case.
inline std::string service_endpoint_variable(std::string_view service_id) {
    std::string name = "AWS_ENDPOINT_URL_" + service_config_key(service_id);
    for (char& c : name)
        c = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    return name;
}

/// A raw setting and where it came from: an environment variable's name or "<file>:<line>: key".
struct sourced_value {
    std::string value;
    std::string source;
};

inline std::optional<sourced_value> from_environment(const environment& env,
                                                     std::string_view variable) {
    if (auto value = env.get(variable))
        return sourced_value{*value, std::string(variable)};
    return std::nullopt;
}

inline std::optional<sourced_value> from_profile(const profile& p, std::string_view key) {
    if (auto* setting = p.find(key))
        return sourced_value{setting->value, setting->origin + ": " + std::string(key)};
    return std::nullopt;
}

inline std::optional<sourced_value> first_of(const environment& env, std::string_view variable,
                                             const profile& p, std::string_view key) {
    if (auto value = from_environment(env, variable))
        return value;
    return from_profile(p, key);
}

inline config_result<std::optional<bool>> parse_bool(const std::optional<sourced_value>& raw) {
    if (!raw)
        return std::optional<bool>();
    std::string lowered = ascii_lower(raw->value);
    if (lowered == "true")
        return std::optional<bool>(true);
    if (lowered == "false")
        return std::optional<bool>(false);
    return make_config_failure(raw->source + ": \"" + raw->value + "\" is not true or false");
}

inline config_result<std::optional<awsml::retry_mode>>
parse_retry_mode_setting(const std::optional<sourced_value>& raw) {
    if (!raw)
        return std::optional<awsml::retry_mode>();
    if (auto mode = parse_retry_mode(raw->value))
        return std::optional<awsml::retry_mode>(*mode);
    return make_config_failure(raw->source + ": \"" + raw->value +
                               "\" is not a retry mode (standard, legacy or adaptive)");
}

inline config_result<std::optional<int>>
parse_max_attempts(const std::optional<sourced_value>& raw) {
    if (!raw)
        return std::optional<int>();
    const std::string& text = raw->value;
    int attempts = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), attempts);
    if (ec != std::errc() || end != text.data() + text.size() || attempts < 1)
        return make_config_failure(raw->source + ": \"" + text +
                                   "\" is not a positive whole number");
    return std::optional<int>(attempts);
}

inline config_result<std::optional<std::string>>
resolve_endpoint_url(const environment& env, const shared_config& shared,
                     const std::optional<std::string>& explicit_url, std::string_view service_id) {
    if (explicit_url)
        return explicit_url;
    auto ignore = parse_bool(first_of(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", shared.profile,
                                      "ignore_configured_endpoint_urls"));
    if (!ignore)
        return ignore.error();
    if (ignore->value_or(false))
        return std::optional<std::string>();
    if (!service_id.empty())
        if (auto url = env.get(service_endpoint_variable(service_id)))
            return url;
    if (auto url = env.get("AWS_ENDPOINT_URL"))
        return url;
    if (!service_id.empty())
        if (auto setting = shared.service_setting(service_config_key(service_id), "endpoint_url"))
            return std::optional<std::string>(setting->value);
    return shared.profile.get("endpoint_url");
}

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
inline config_result<resolved_settings>
try_resolve_settings(const environment& env, std::optional<std::string> profile_name = std::nullopt,
                     const explicit_settings& given = {}) {
    auto shared = try_load_shared_config(env, std::move(profile_name));
    if (!shared)
        return shared.error();
    resolved_settings out;
    out.profile_name = shared->profile.name;
    const profile& p = shared->profile;

    out.region = given.region;
    if (!out.region)
        out.region = env.get("AWS_REGION");
    if (!out.region)
        out.region = env.get("AWS_DEFAULT_REGION");
    if (!out.region)
        out.region = p.get("region");

    auto endpoint =
        detail::resolve_endpoint_url(env, *shared, given.endpoint_url, given.service_id);
    if (!endpoint)
        return endpoint.error();
    out.endpoint_url = std::move(*endpoint);

    using detail::first_of;
    if (auto f =
            detail::resolve_into(out.use_fips_endpoint, given.use_fips_endpoint, detail::parse_bool,
                                 first_of(env, "AWS_USE_FIPS_ENDPOINT", p, "use_fips_endpoint")))
        return std::move(*f);
    if (auto f = detail::resolve_into(
            out.use_dualstack_endpoint, given.use_dualstack_endpoint, detail::parse_bool,
            first_of(env, "AWS_USE_DUALSTACK_ENDPOINT", p, "use_dualstack_endpoint")))
        return std::move(*f);
    if (auto f =
            detail::resolve_into(out.retry_mode, given.retry_mode, detail::parse_retry_mode_setting,
                                 first_of(env, "AWS_RETRY_MODE", p, "retry_mode")))
        return std::move(*f);
    if (auto f =
            detail::resolve_into(out.max_attempts, given.max_attempts, detail::parse_max_attempts,
                                 first_of(env, "AWS_MAX_ATTEMPTS", p, "max_attempts")))
        return std::move(*f);

    out.app_id = given.app_id;
    if (!out.app_id)
        out.app_id = env.get("AWS_SDK_UA_APP_ID");
    if (!out.app_id)
        out.app_id = p.get("sdk_ua_app_id");

    out.shared = std::move(*shared);
    return out;
}

/// Throws awsml::error (errc::config_error) where try_resolve_settings fails.
inline resolved_settings resolve_settings(const environment& env,
                                          std::optional<std::string> profile_name = std::nullopt,
                                          const explicit_settings& given = {}) {
    return try_resolve_settings(env, std::move(profile_name), given).value();
}

} // namespace awsml
