#pragma once

/// \file
/// IAM Identity Center (SSO) credentials, as botocore gets them (credentials.py SSOProvider and
/// SSOCredentialFetcher, tokens.py SSOTokenProvider, utils.py SSOTokenLoader):
///
/// 1. The profile uses SSO when it sets sso_account_id or sso_role_name. Its start URL and
///    region come from the [sso-session NAME] section its sso_session names, or (the legacy
///    form) from its own sso_start_url and sso_region. A key set in both the profile and the
///    session must have the same value. Missing keys are named.
/// 2. The access token is read from the AWS CLI's cache, `~/.aws/sso/cache/<sha1>.json`, where
///    `<sha1>` is the SHA-1 (hex) of the session's name, or of the start URL in the legacy form.
/// 3. sso-session form: within 15 minutes of the token's expiry, and when the cache holds
///    refreshToken, clientId, clientSecret and an unexpired registrationExpiresAt, the token is
///    refreshed through SSO OIDC CreateToken and the cache file rewritten (atomically, mode
///    0600). A failed refresh keeps a token that has not expired yet. Legacy form: no refresh.
///    An expired token is an error that says to run `aws sso login`.
/// 4. GetRoleCredentials (GET /federation/credentials on
///    `https://portal.sso.{region}.amazonaws.com`, the token in x-amz-sso_bearer_token) gives
///    credentials that expire (epoch ms).
///
/// Endpoints: AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL, [services] and
/// the profile's endpoint_url override them as for any client (config/shared_config.hpp). Both
/// exchanges are unsigned and go through the environment's proxies.
///
/// Failures: errc::no_credentials when the profile does not use SSO; errc::config_error for
/// invalid settings; errc::credentials_source_failed for the cache or the portal. Messages start
/// with "sso: profile "NAME"" and never hold a token or the client secret.

#include <awsml/auth/credential_source_options.hpp>
#include <awsml/auth/credentials.hpp>
#include <awsml/auth/credentials_provider.hpp>
#include <awsml/auth/detail/credentials_http.hpp>
#include <awsml/auth/detail/crypto.hpp>
#include <awsml/auth/detail/json_object.hpp>
#include <awsml/auth/detail/private_file.hpp>
#include <awsml/auth/detail/sigv4_canonical.hpp>
#include <awsml/config/detail/ini.hpp>
#include <awsml/config/endpoint.hpp>
#include <awsml/config/shared_config.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/model/timestamp.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awsml {

namespace detail {

/// A profile's SSO settings, resolved and validated.
struct sso_profile_config {
    std::string profile_name;
    std::optional<std::string> session_name; ///< set in the sso-session form
    std::string start_url;
    std::string region;
    std::string account_id;
    std::string role_name;
};

inline std::string sso_label(const profile& p) {
    return "sso: profile " + in_quotes(p.name);
}

/// The profile's SSO settings; nullopt when it sets neither sso_account_id nor sso_role_name.
inline config_result<std::optional<sso_profile_config>>
resolve_sso_config(const shared_config& shared) {
    const profile& p = shared.profile;
    const std::string label = sso_label(p);
    if (!p.find("sso_account_id") && !p.find("sso_role_name"))
        return std::optional<sso_profile_config>();

    auto merged = p.settings;
    std::vector<std::string_view> required = {"sso_role_name", "sso_account_id", "sso_start_url",
                                              "sso_region"};
    if (shared.sso_session) {
        const sso_session_section& session = *shared.sso_session;
        const config_setting& reference = *p.find("sso_session");
        if (!session.defined)
            return make_config_failure(reference.origin + ": " + label +
                                       " refers to [sso-session " + session.name +
                                       "], which does not exist in " + shared.config_file);
        for (const auto& [key, setting] : session.settings) {
            auto existing = merged.find(key);
            if (existing != merged.end() && existing->second.value != setting.value)
                return make_config_failure(
                    std::string(label) + ": the value of " + key +
                    " is inconsistent between the profile (" + in_quotes(existing->second.value) +
                    ", " + existing->second.origin + ") and [sso-session " + session.name + "] (" +
                    in_quotes(setting.value) + ", " + setting.origin + ")");
            merged[key] = setting;
        }
    }
    std::string missing;
    for (std::string_view key : required) {
        auto found = merged.find(key);
        if (found == merged.end() || found->second.value.empty())
            missing += (missing.empty() ? "" : ", ") + std::string(key);
    }
    if (!missing.empty())
        return make_config_failure(label +
                                   " is configured to use SSO but is missing required "
                                   "configuration: " +
                                   missing);
    sso_profile_config config;
    config.profile_name = p.name;
    if (shared.sso_session)
        config.session_name = shared.sso_session->name;
    config.start_url = merged["sso_start_url"].value;
    config.region = merged["sso_region"].value;
    config.account_id = merged["sso_account_id"].value;
    config.role_name = merged["sso_role_name"].value;
    return std::optional<sso_profile_config>(std::move(config));
}

/// botocore's SSOTokenLoader key: the SHA-1 of the session's name, else of the start URL.
inline std::string sso_cache_file_name(const sso_profile_config& config) {
    return sha1_hex(config.session_name ? *config.session_name : config.start_url) + ".json";
}

/// What to tell the user to run to get a new token.
inline std::string sso_login_hint(const sso_profile_config& config) {
    if (config.session_name)
        return "run `aws sso login --sso-session " + *config.session_name + "`";
    return "run `aws sso login --profile " + config.profile_name + "`";
}

using sso_clock = std::chrono::system_clock;

/// Timestamps as the AWS CLI and botocore write them: RFC 3339 ("...Z"), or with a "UTC"
/// suffix as older CLIs wrote.
inline std::optional<sso_clock::time_point> parse_sso_time(std::string_view text) {
    std::string normalized(text);
    if (normalized.size() > 3 && normalized.ends_with("UTC"))
        normalized.replace(normalized.size() - 3, 3, "Z");
    auto parsed = parse_iso8601(normalized);
    if (!parsed)
        return std::nullopt;
    return to_system_clock(*parsed);
}

/// "%Y-%m-%dT%H:%M:%SZ", as botocore writes expiresAt.
inline std::string format_sso_time(sso_clock::time_point when) {
    std::string text = format_iso8601(std::chrono::floor<std::chrono::milliseconds>(when));
    return text.substr(0, 19) + "Z";
}

/// The token cache file's content, with the access token and its expiry checked.
struct sso_cached_token {
    std::string path;
    boost::json::object document;
    std::string access_token;
    sso_clock::time_point expires_at;
};

/// One resolution: the cached token (refreshed when due), then GetRoleCredentials; botocore's
/// SSOCredentialFetcher with its SSOTokenProvider.
class sso_credential_fetcher {
public:
    sso_credential_fetcher(const environment& env, const shared_config& shared,
                           sso_profile_config config, const sso_credentials_options& options)
        : env_(env)
        , shared_(shared)
        , config_(std::move(config))
        , options_(options)
        , label_("sso: profile " + in_quotes(config_.profile_name)) {}

    config_result<credentials> fetch() const {
        auto token = load_token();
        if (!token)
            return token.error();
        const auto now = this->now();
        std::string refresh_failure;
        if (config_.session_name && token->expires_at - now < refresh_window) {
            auto refreshed = refresh(*token, now);
            if (refreshed)
                token = std::move(*refreshed);
            else
                refresh_failure = refreshed.error().message;
        }
        if (token->expires_at <= now) {
            std::string why = label_ + ": the SSO token in " + token->path + " expired at " +
                              format_sso_time(token->expires_at);
            if (config_.session_name)
                why += " and could not be refreshed (" +
                       (refresh_failure.empty() ? std::string("no refresh attempted")
                                                : refresh_failure) +
                       ")";
            return failed(why + "; " + sso_login_hint(config_));
        }
        return get_role_credentials(token->access_token);
    }

private:
    static constexpr auto refresh_window = std::chrono::minutes(15); // botocore's _REFRESH_WINDOW

    sso_clock::time_point now() const {
        return options_.clock ? options_.clock() : sso_clock::now();
    }

    config_failure failed(std::string message) const {
        return credentials_failure(errc::credentials_source_failed, std::move(message));
    }

    config_result<std::string> cache_path() const {
        std::string folder;
        if (options_.cache_directory)
            folder = *options_.cache_directory;
        else if (auto home = env_.home_directory())
            folder = *home + "/.aws/sso/cache";
        else
            return failed(label_ + ": HOME is not set, so there is no ~/.aws/sso/cache to read "
                                   "the SSO token from");
        return folder + "/" + sso_cache_file_name(config_);
    }

    std::string token_owner() const {
        return config_.session_name ? "sso-session " + in_quotes(*config_.session_name)
                                    : "start URL " + in_quotes(config_.start_url);
    }

    config_result<sso_cached_token> load_token() const {
        auto path = cache_path();
        if (!path)
            return path.error();
        auto text = read_optional_file(*path);
        if (!text)
            return failed(label_ + ": " + text.error().message);
        if (!*text)
            return failed(label_ + ": no cached SSO token for " + token_owner() + " (" + *path +
                          " does not exist); " + sso_login_hint(config_));
        sso_cached_token token;
        token.path = *path;
        auto document = parse_json_object(**text);
        if (!document)
            return failed(label_ + ": the SSO token cache " + *path + " " + document.error() +
                          "; " + sso_login_hint(config_));
        token.document = std::move(*document);
        const auto* access = json_string_field(token.document, "accessToken");
        const auto* expires = json_string_field(token.document, "expiresAt");
        if (!access || access->empty() || !expires)
            return failed(label_ + ": the SSO token cache " + *path + " has no " +
                          (!access || access->empty() ? "accessToken" : "expiresAt") + " string; " +
                          sso_login_hint(config_));
        auto when = parse_sso_time(text_of(*expires));
        if (!when)
            return failed(label_ + ": the SSO token cache " + *path +
                          " has an expiresAt that is "
                          "not a timestamp: " +
                          in_quotes(text_of(*expires)));
        token.access_token = text_of(*access);
        token.expires_at = *when;
        return token;
    }

    // botocore's SSOTokenProvider._refresh_access_token: only with a client registration that
    // has not expired.
    config_result<sso_cached_token> refresh(const sso_cached_token& token,
                                            sso_clock::time_point now) const {
        std::string missing;
        for (std::string_view key :
             {"refreshToken", "clientId", "clientSecret", "registrationExpiresAt"})
            if (!json_string_field(token.document, key))
                missing += (missing.empty() ? "" : ", ") + std::string(key);
        if (!missing.empty())
            return failed("the cache has no " + missing);
        const std::string registration_expiry =
            text_of(*json_string_field(token.document, "registrationExpiresAt"));
        auto registration_expires = parse_sso_time(registration_expiry);
        if (!registration_expires)
            return failed("registrationExpiresAt is not a timestamp: " +
                          in_quotes(registration_expiry));
        if (*registration_expires <= now)
            return failed("the client registration expired at " + registration_expiry);

        auto response = create_token(token);
        if (!response)
            return response.error();
        return save_refreshed(token, *response, now);
    }

    config_result<boost::json::object> create_token(const sso_cached_token& token) const {
        auto endpoint = endpoint_for("SSO OIDC", "oidc");
        if (!endpoint)
            return failed(endpoint.error().message);
        boost::json::object body;
        body["grantType"] = "refresh_token";
        for (std::string_view key : {"clientId", "clientSecret", "refreshToken"})
            body[key] = *json_string_field(token.document, key);
        http_request request = request_to(*endpoint, "POST", "/token");
        request.headers.push_back({"Content-Type", "application/json"});
        request.body = boost::json::serialize(body);
        const std::string what = "CreateToken (" + origin_of(request) + request.target + ")";
        auto response = exchange(request);
        if (!response)
            return failed(response.error().message);
        if (response->status < 200 || response->status > 299)
            return failed(what + " returned HTTP " + std::to_string(response->status) +
                          service_error_text(*response));
        auto document = parse_json_object(response->body);
        if (!document)
            return failed(what + " answered with something other than a JSON object");
        const boost::json::object* object = &*document;
        const auto* access = json_string_field(*object, "accessToken");
        const boost::json::value* expires_in = object->if_contains("expiresIn");
        if (!access || access->empty() || !expires_in || !expires_in->is_number())
            return failed(what + " answered without " +
                          (!access || access->empty() ? "an accessToken" : "an expiresIn number"));
        return *object;
    }

    // botocore's _attempt_create_token: the new entry keeps the registration; a refresh token
    // only when CreateToken gave one.
    config_result<sso_cached_token> save_refreshed(const sso_cached_token& old,
                                                   const boost::json::object& response,
                                                   sso_clock::time_point now) const {
        boost::system::error_code ec;
        const auto expires_in = response.at("expiresIn").to_number<double>(ec);
        if (ec || !std::isfinite(expires_in) || expires_in < 0 || expires_in > 1e9)
            return failed("CreateToken answered with an expiresIn out of range");
        sso_cached_token token;
        token.path = old.path;
        token.access_token = text_of(*json_string_field(response, "accessToken"));
        token.expires_at = now + std::chrono::duration_cast<sso_clock::duration>(
                                     std::chrono::duration<double>(std::floor(expires_in)));
        boost::json::object& entry = token.document;
        entry["startUrl"] = config_.start_url;
        entry["region"] = config_.region;
        entry["accessToken"] = token.access_token;
        entry["expiresAt"] = format_sso_time(token.expires_at);
        for (std::string_view key : {"clientId", "clientSecret", "registrationExpiresAt"})
            entry[key] = *json_string_field(old.document, key);
        if (const auto* refresh_token = json_string_field(response, "refreshToken"))
            entry["refreshToken"] = *refresh_token;
        if (auto problem = replace_private_file(token.path, boost::json::serialize(entry)))
            return failed("the refreshed token could not be saved: " + *problem);
        return token;
    }

    config_result<credentials> get_role_credentials(const std::string& access_token) const {
        auto endpoint = endpoint_for("SSO", "portal.sso");
        if (!endpoint)
            return failed(label_ + ": " + endpoint.error().message);
        http_request request = request_to(
            *endpoint, "GET",
            "/federation/credentials?account_id=" + sigv4::uri_encoded(config_.account_id) +
                "&role_name=" + sigv4::uri_encoded(config_.role_name));
        request.headers.push_back({"x-amz-sso_bearer_token", access_token});
        const std::string what = label_ + ": GetRoleCredentials for role " +
                                 in_quotes(config_.role_name) + " in account " +
                                 in_quotes(config_.account_id) + " (" + origin_of(request) + ")";
        auto response = exchange(request);
        if (!response)
            return response.error();
        if (response->status == 401)
            return failed(what + " was refused (HTTP 401" + service_error_text(*response) +
                          "): the SSO session has expired or is otherwise invalid; " +
                          sso_login_hint(config_));
        if (response->status == 403)
            return failed(what + " was refused (HTTP 403" + service_error_text(*response) +
                          "): the SSO user may not use this role in this account");
        if (response->status < 200 || response->status > 299)
            return failed(what + " returned HTTP " + std::to_string(response->status) +
                          service_error_text(*response));
        return parse_role_credentials(response->body, what);
    }

    config_result<credentials> parse_role_credentials(const std::string& body,
                                                      const std::string& what) const {
        auto document = parse_json_object(body);
        const boost::json::value* role =
            document ? document->if_contains("roleCredentials") : nullptr;
        if (!role || !role->is_object())
            return failed(what + " answered without a roleCredentials object");
        const boost::json::object& fields = role->as_object();
        credentials found;
        for (auto [name, into] : {std::pair{"accessKeyId", &found.access_key_id},
                                  std::pair{"secretAccessKey", &found.secret_access_key},
                                  std::pair{"sessionToken", &found.session_token}}) {
            const auto* field = json_string_field(fields, name);
            if (!field || field->empty())
                return failed(what + " answered without a non-empty " + name + " string");
            *into = text_of(*field);
        }
        const boost::json::value* expiration = fields.if_contains("expiration");
        if (!expiration || !expiration->is_number())
            return failed(what + " answered without an expiration number (epoch milliseconds)");
        boost::system::error_code ec;
        const double ms = expiration->to_number<double>(ec);
        auto parsed = ec ? std::nullopt : timestamp_from_epoch_seconds(ms / 1000.0);
        auto when = parsed ? to_system_clock(*parsed) : std::nullopt;
        if (!when)
            return failed(what + " answered with an expiration out of range");
        found.expiration = *when;
        found.source = "sso:" + config_.profile_name;
        found.account_id = config_.account_id;
        return found;
    }

    // The service's error type and message, as restJson services send them, for messages.
    static std::string service_error_text(const http_response& response) {
        std::string type(response.header("x-amzn-ErrorType").value_or(""));
        std::string message;
        if (auto document = parse_json_object(response.body)) {
            const boost::json::object* object = &*document;
            for (std::string_view key : {"__type", "error", "code"})
                if (const auto* field = json_string_field(*object, key); field && type.empty())
                    type = text_of(*field);
            for (std::string_view key : {"message", "Message", "error_description"})
                if (const auto* field = json_string_field(*object, key); field && message.empty())
                    message = text_of(*field);
        }
        type = type.substr(0, type.find(':'));
        if (type.empty() && message.empty())
            return {};
        return ", " + (type.empty() ? std::string() : type) +
               (message.empty() ? std::string() : (type.empty() ? "" : ": ") + in_quotes(message));
    }

    endpoint_result<endpoint_url> endpoint_for(std::string_view service_id,
                                               std::string_view prefix) const {
        auto configured = resolve_endpoint_url(env_, shared_, std::nullopt, service_id);
        if (!configured)
            return endpoints::endpoint_failed(configured.error().message);
        endpoint_params params;
        params.region = config_.region;
        params.endpoint = *configured;
        return try_resolve_service_endpoint(prefix, params);
    }

    config_result<http_response> exchange(const http_request& request) const {
        return fetch_from_aws_service(request, label_, options_.timeout, options_.ca_file, env_);
    }

    const environment& env_;
    const shared_config& shared_;
    sso_profile_config config_;
    const sso_credentials_options& options_;
    std::string label_;
};

} // namespace detail

/// Credentials for the profile's IAM Identity Center role (see the top of this file). Caches
/// nothing itself: every call reads the shared files and the token cache and calls
/// GetRoleCredentials, so put it in a credentials_chain, which caches until shortly before the
/// credentials expire. Safe to call from several threads (a refreshed token is written to the
/// cache file atomically, so concurrent refreshes leave a whole file).
class sso_credentials_provider
    : public detail::profile_source<sso_credentials_provider, sso_credentials_options> {
public:
    /// `profile_name`: else AWS_DEFAULT_PROFILE, else AWS_PROFILE, else "default".
    /// Constructed as `sso_credentials_provider(environment env,
    /// std::optional<std::string> profile_name = std::nullopt,
    /// sso_credentials_options options = {})`.
    using profile_source::profile_source;

    /// Blocks for the token refresh, when one is due, and GetRoleCredentials: each exchange up to
    /// options.timeout, no retries. Neither sso_account_id nor sso_role_name: errc::no_credentials.
    /// Missing or conflicting SSO settings, an unknown sso-session, an unreadable shared file or
    /// a missing named profile: errc::config_error. No cached token, an expired one (the message
    /// says to run `aws sso login`), or the portal refusing: errc::credentials_source_failed. The
    /// credentials expire (the portal's expiration); their source is "sso:NAME".
    config_result<credentials> try_get_credentials() const {
        auto shared = try_load_profile_files();
        if (!shared)
            return shared.error();
        auto config = detail::resolve_sso_config(*shared);
        if (!config)
            return config.error();
        if (!*config)
            return detail::credentials_failure(errc::no_credentials,
                                               detail::sso_label(shared->profile) +
                                                   " sets neither sso_account_id nor "
                                                   "sso_role_name");
        return detail::sso_credential_fetcher(env_, *shared, std::move(**config), options_).fetch();
    }
};

static_assert(nothrow_credentials_provider<sso_credentials_provider>);

} // namespace awsml
