#pragma once

// The definitions behind shared_config.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

#include <awsml/config/shared_config.hpp>
#include <awsml/core/in_quotes.hpp>

#include <sys/stat.h>

namespace awsml::detail {

AWSML_DECL config_failure make_config_failure(std::string message) {
    return {make_error_code(errc::config_error), std::move(message)};
}

AWSML_DECL std::string expand_home(const std::string& path, const environment& env) {
    if (path == "~" || path.rfind("~/", 0) == 0) {
        if (auto home = env.home_directory())
            return *home + path.substr(1);
    }
    return path;
}

AWSML_DECL std::string expand_variables(std::string_view path, const environment& env) {
    const auto is_name_char = [](char c) { return endpoints::is_ascii_alnum(c) || c == '_'; };
    std::string out;
    while (!path.empty()) {
        const std::size_t dollar = path.find('$');
        out += path.substr(0, dollar);
        if (dollar == std::string_view::npos)
            break;
        path.remove_prefix(dollar);
        std::size_t end = 1;
        std::string_view name;
        if (path.size() > 1 && path[1] == '{' && path.find('}') != std::string_view::npos) {
            end = path.find('}') + 1;
            name = path.substr(2, end - 3);
        } else {
            while (end < path.size() && is_name_char(path[end]))
                ++end;
            name = path.substr(1, end - 1);
        }
        std::optional<std::string> value;
        if (!name.empty())
            value = env.get_even_if_empty(name);
        out += value ? std::string_view(*value) : path.substr(0, end);
        path.remove_prefix(end);
    }
    return out;
}

AWSML_DECL std::string shared_file_path(const environment& env, std::string_view variable,
                                        std::string_view default_name) {
    // Set but empty names no file at all, as in botocore (the default file is not read either).
    if (auto path = env.get_even_if_empty(variable))
        return expand_home(expand_variables(*path, env), env);
    if (auto home = env.home_directory())
        return *home + "/.aws/" + std::string(default_name);
    return {};
}

// A config or credentials file that is a FIFO or a device (/dev/null, /dev/zero) is not read, as
// botocore reads only regular files there: opening a FIFO would wait for a writer, a device could
// give bytes without end. A directory is opened, so that the error says what it is. (Token files
// are read whatever they are, as botocore reads them: a pipe from a secrets tool is one.)
AWSML_DECL bool is_regular_file_or_directory(const std::string& path) {
    struct ::stat status {};
    if (::stat(path.c_str(), &status) != 0)
        return true; // fopen tells why
    return S_ISREG(status.st_mode) || S_ISDIR(status.st_mode);
}

AWSML_DECL config_result<std::optional<std::string>> read_optional_file(const std::string& path) {
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

AWSML_DECL config_result<ini_document> load_ini_file(const std::string& path) {
    if (!is_regular_file_or_directory(path))
        return ini_document{};
    auto text = read_optional_file(path);
    if (!text)
        return text.error();
    if (!*text)
        return ini_document{};
    return parse_ini(**text, path);
}

AWSML_DECL std::string origin_of(const std::string& file, std::size_t line) {
    return file + ":" + std::to_string(line);
}

AWSML_DECL void merge_section(profile& into, const ini_section& section, const std::string& file) {
    into.defined = true;
    for (const auto& [key, value] : section.entries) {
        if (value.is_sub_section)
            into.sub_sections[key] = value.sub_section;
        else
            into.settings[key] = config_setting{value.text, origin_of(file, value.line)};
    }
}

AWSML_DECL std::optional<std::string_view> config_profile_name(std::string_view section) {
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

AWSML_DECL const ini_section* config_section_for(const ini_document& config,
                                                 std::string_view name) {
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

AWSML_DECL const ini_section* named_section_for(const ini_document& config, std::string_view kind,
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

AWSML_DECL const ini_section* services_section_for(const ini_document& config,
                                                   std::string_view name) {
    return named_section_for(config, "services", name);
}

AWSML_DECL void load_services(shared_config& config, const ini_document& config_doc) {
    const config_setting* reference = config.profile.find("services");
    if (!reference)
        return;
    const ini_section* section = services_section_for(config_doc, reference->value);
    if (!section) {
        config.services_missing = reference->origin + ": profile " +
                                  in_quotes(config.profile.name) + " refers to [services " +
                                  reference->value + "], which is not in " + config.config_file;
        return;
    }
    config.services_origin = origin_of(config.config_file, section->line);
    for (const auto& [key, value] : section->entries)
        if (value.is_sub_section)
            config.services[key] = value.sub_section;
}

AWSML_DECL void load_sso_session(shared_config& config, const ini_document& config_doc) {
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

} // namespace awsml::detail

namespace awsml {

AWSML_DECL std::string config_file_path(const environment& env) {
    return detail::shared_file_path(env, "AWS_CONFIG_FILE", "config");
}

AWSML_DECL std::string credentials_file_path(const environment& env) {
    return detail::shared_file_path(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
}

AWSML_DECL std::optional<std::pair<std::string, std::string_view>>
profile_from_environment(const environment& env) {
    for (std::string_view variable : {"AWS_DEFAULT_PROFILE", "AWS_PROFILE"})
        if (auto name = env.get(variable))
            return std::pair<std::string, std::string_view>(std::move(*name), variable);
    return std::nullopt;
}

AWSML_DECL config_result<shared_config>
try_load_shared_config(const environment& env, std::optional<std::string> profile_name) {
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
        return detail::make_config_failure("profile " + in_quotes(config.profile.name) +
                                           " (chosen " + chosen_by + ") was not found in " +
                                           shown(config.config_file) + " or " +
                                           shown(config.credentials_file));
    }
    detail::load_services(config, *config_doc);
    detail::load_sso_session(config, *config_doc);
    return config;
}

AWSML_DECL shared_config load_shared_config(const environment& env,
                                            std::optional<std::string> profile_name) {
    return try_load_shared_config(env, std::move(profile_name)).value();
}

} // namespace awsml

namespace awsml::detail {

AWSML_DECL std::string service_config_key(std::string_view service_id) {
    std::string key(service_id);
    std::replace(key.begin(), key.end(), ' ', '_');
    return key;
}

AWSML_DECL std::string service_endpoint_variable(std::string_view service_id) {
    std::string name = "AWS_ENDPOINT_URL_" + service_config_key(service_id);
    for (char& c : name)
        c = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    return name;
}

AWSML_DECL std::optional<sourced_value> from_environment(const environment& env,
                                                         std::string_view variable) {
    if (auto value = env.get(variable))
        return sourced_value{*value, std::string(variable)};
    return std::nullopt;
}

AWSML_DECL std::optional<sourced_value> from_profile(const profile& p, std::string_view key) {
    if (auto* setting = p.find(key))
        return sourced_value{setting->value, setting->origin + ": " + std::string(key)};
    return std::nullopt;
}

AWSML_DECL std::optional<sourced_value> first_of(const environment& env, std::string_view variable,
                                                 const profile& p, std::string_view key) {
    if (auto value = from_environment(env, variable))
        return value;
    return from_profile(p, key);
}

AWSML_DECL config_result<std::optional<bool>> parse_bool(const std::optional<sourced_value>& raw) {
    if (!raw)
        return std::optional<bool>();
    std::string lowered = ascii_lower(raw->value);
    if (lowered == "true")
        return std::optional<bool>(true);
    if (lowered == "false")
        return std::optional<bool>(false);
    return make_config_failure(raw->source + ": " + in_quotes(raw->value) +
                               " is not true or false");
}

// botocore's ensure_boolean: "true" in any case is true, any other text false (never an error,
// so a profile shared with boto3 means the same to both).
AWSML_DECL std::optional<bool> parse_botocore_flag(const std::optional<sourced_value>& raw) {
    if (!raw)
        return std::nullopt;
    return ascii_lower(raw->value) == "true";
}

AWSML_DECL config_result<std::optional<awsml::retry_mode>>
parse_retry_mode_setting(const std::optional<sourced_value>& raw) {
    if (!raw)
        return std::optional<awsml::retry_mode>();
    if (auto mode = parse_retry_mode(raw->value))
        return std::optional<awsml::retry_mode>(*mode);
    return make_config_failure(raw->source + ": " + in_quotes(raw->value) +
                               " is not a retry mode (standard, legacy or adaptive)");
}

AWSML_DECL config_result<std::optional<awsml::defaults_mode>>
parse_defaults_mode_setting(const std::optional<sourced_value>& raw) {
    if (!raw)
        return std::optional<awsml::defaults_mode>();
    if (auto mode = parse_defaults_mode(raw->value))
        return std::optional<awsml::defaults_mode>(*mode);
    return make_config_failure(raw->source + ": " + in_quotes(raw->value) +
                               " is not a defaults mode (legacy, auto, standard, in-region, "
                               "cross-region or mobile)");
}

AWSML_DECL config_result<std::optional<int>>
parse_max_attempts(const std::optional<sourced_value>& raw) {
    if (!raw)
        return std::optional<int>();
    const std::string& text = raw->value;
    int attempts = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), attempts);
    if (ec != std::errc() || end != text.data() + text.size() || attempts < 1)
        return make_config_failure(raw->source + ": " + in_quotes(text) +
                                   " is not a positive whole number");
    return std::optional<int>(attempts);
}

AWSML_DECL void erase_all(std::string& text, std::string_view part) {
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at))
        text.erase(at, part.size());
}

AWSML_DECL bool normalise_fips_pseudo_region(std::optional<std::string>& region) {
    if (!region)
        return false;
    const std::string given = *region;
    erase_all(*region, "fips-"); // botocore's two replaces, in its order
    erase_all(*region, "-fips");
    return *region != given;
}

AWSML_DECL config_result<std::optional<std::string>>
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
    // Each source set but empty counts as unset, as botocore skips it.
    if (!service_id.empty())
        if (auto url = env.get(service_endpoint_variable(service_id)))
            return url;
    if (auto url = env.get("AWS_ENDPOINT_URL"))
        return url;
    if (!service_id.empty()) {
        if (shared.services_missing)
            return make_config_failure(*shared.services_missing);
        auto setting = shared.service_setting(service_config_key(service_id), "endpoint_url");
        if (setting && !setting->value.empty())
            return std::optional<std::string>(setting->value);
    }
    auto url = shared.profile.get("endpoint_url");
    if (url && url->empty())
        return std::optional<std::string>();
    return url;
}

} // namespace awsml::detail

namespace awsml {

AWSML_DECL config_result<resolved_settings>
try_resolve_settings(const environment& env, std::optional<std::string> profile_name,
                     const explicit_settings& given) {
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
    if (detail::normalise_fips_pseudo_region(out.region))
        out.use_fips_endpoint = true;
    if (auto f =
            detail::resolve_into(out.retry_mode, given.retry_mode, detail::parse_retry_mode_setting,
                                 first_of(env, "AWS_RETRY_MODE", p, "retry_mode")))
        return std::move(*f);
    if (given.max_attempts && *given.max_attempts < 1) // as the files' values are checked
        return detail::make_config_failure(
            "max_attempts must be at least 1 (it counts the first attempt), not " +
            std::to_string(*given.max_attempts));
    if (auto f =
            detail::resolve_into(out.max_attempts, given.max_attempts, detail::parse_max_attempts,
                                 first_of(env, "AWS_MAX_ATTEMPTS", p, "max_attempts")))
        return std::move(*f);

    out.tcp_keepalive =
        detail::parse_botocore_flag(first_of(env, "BOTOCORE_TCP_KEEPALIVE", p, "tcp_keepalive"))
            .value_or(false);

    std::optional<awsml::defaults_mode> mode;
    if (auto f =
            detail::resolve_into(mode, given.defaults_mode, detail::parse_defaults_mode_setting,
                                 first_of(env, "AWS_DEFAULTS_MODE", p, "defaults_mode")))
        return std::move(*f);
    out.defaults_mode = mode.value_or(defaults_mode::legacy);

    out.app_id = given.app_id;
    if (!out.app_id)
        out.app_id = env.get("AWS_SDK_UA_APP_ID");
    if (!out.app_id)
        out.app_id = p.get("sdk_ua_app_id");

    out.shared = std::move(*shared);
    return out;
}

AWSML_DECL resolved_settings resolve_settings(const environment& env,
                                              std::optional<std::string> profile_name,
                                              const explicit_settings& given) {
    return try_resolve_settings(env, std::move(profile_name), given).value();
}

} // namespace awsml
