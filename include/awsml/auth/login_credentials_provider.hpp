#pragma once

/// \file
/// Console credentials, the session `aws login` opens, as botocore gets them (credentials.py
/// LoginProvider and LoginCredentialFetcher, utils.py LoginTokenLoader):
///
/// 1. The profile uses them when it sets login_session (the session's name; `aws login` writes
///    the signed-in identity's ARN there).
/// 2. The session is read from `<cache>/<sha256>.json`, where `<sha256>` is the SHA-256 (hex) of
///    the session's name and `<cache>` is AWS_LOGIN_CACHE_DIRECTORY (`~` and `$VAR` expanded),
///    else ~/.aws/login/cache. It must hold accessToken (accessKeyId, secretAccessKey,
///    sessionToken, accountId, expiresAt), refreshToken, clientId and dpopKey.
/// 3. More than 5 minutes before expiresAt, its credentials are used as they are. Otherwise they
///    are refreshed: AWS Sign-In's CreateOAuth2Token (POST /v1/token on
///    `https://{region}.signin.aws.amazon.com`, amazonaws.cn and amazonaws-us-gov.com in their
///    partitions), unsigned, with a DPoP proof signed by the session's dpopKey
///    (auth/detail/dpop_proof.hpp). The cache file is rewritten atomically (mode 0600) with the
///    new credentials, their expiry and the new refresh token; its other members are kept.
/// 4. AccessDeniedException: TOKEN_EXPIRED or USER_CREDENTIALS_CHANGED means signing in again
///    (`aws login`); INSUFFICIENT_PERMISSIONS, a missing signin:CreateOAuth2Token permission.
///
/// Endpoint: AWS_ENDPOINT_URL_SIGNIN, AWS_ENDPOINT_URL, [services] `signin` and the profile's
/// endpoint_url override it as for any client (config/shared_config.hpp); FIPS and dual-stack
/// follow Sign-In's rule set. The refresh goes through the environment's proxies.
///
/// Failures: errc::no_credentials when the profile sets no login_session; errc::config_error for
/// invalid settings; errc::credentials_source_failed for the cache or Sign-In. Messages start
/// with "login: profile "NAME"" and never hold a credential, a token or the key.

#include <awsml/auth/credential_source_options.hpp>
#include <awsml/auth/credentials.hpp>
#include <awsml/auth/credentials_provider.hpp>
#include <awsml/auth/detail/credentials_http.hpp>
#include <awsml/auth/detail/crypto.hpp>
#include <awsml/auth/detail/dpop_proof.hpp>
#include <awsml/auth/detail/json_object.hpp>
#include <awsml/auth/detail/private_file.hpp>
#include <awsml/config/detail/partitions.hpp>
#include <awsml/config/detail/retry_error_codes.hpp>
#include <awsml/config/endpoint.hpp>
#include <awsml/config/shared_config.hpp>
#include <awsml/core/detail/uuid.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/model/timestamp.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

namespace awsml {

namespace detail {

using login_clock = std::chrono::system_clock;

inline std::string login_label(const profile& p) {
    return "login: profile " + in_quotes(p.name);
}

/// Where AWS Sign-In is, by its own rule set: a configured endpoint as it is; in the aws,
/// aws-cn and aws-us-gov partitions `https://{region}.signin.` and the partition's sign-in
/// domain; FIPS, dual-stack and the other partitions as the standard regional rule.
inline endpoint_result<endpoint_url> resolve_signin_endpoint(const endpoint_params& params) {
    auto standard = try_resolve_service_endpoint("signin", params);
    if (!standard || params.endpoint || params.use_fips || params.use_dual_stack)
        return standard;
    const std::string_view partition = partition_for_region(*params.region).outputs.name;
    std::string_view domain;
    if (partition == "aws")
        domain = "signin.aws.amazon.com";
    else if (partition == "aws-cn")
        domain = "signin.amazonaws.cn";
    else if (partition == "aws-us-gov")
        domain = "signin.amazonaws-us-gov.com";
    else
        return standard;
    return parse_endpoint_url("https://" + *params.region + "." + std::string(domain));
}

/// botocore's LoginTokenLoader key: the SHA-256 of the session's name.
inline std::string login_cache_file_name(std::string_view session_name) {
    return sha256_hex(session_name) + ".json";
}

/// The token cache file's content, with what the credentials need checked.
struct login_cached_token {
    std::string path;
    boost::json::object document;
    credentials found;
};

/// One resolution: the cached session's credentials, refreshed at Sign-In when due; botocore's
/// LoginCredentialFetcher.
class login_credential_fetcher {
public:
    login_credential_fetcher(const environment& env, const shared_config& shared,
                             std::string session_name, const login_credentials_options& options)
        : env_(env)
        , shared_(shared)
        , session_name_(std::move(session_name))
        , options_(options)
        , label_(login_label(shared.profile)) {}

    config_result<credentials> fetch() const {
        auto token = load_token();
        if (!token)
            return token.error();
        const auto now = this->now();
        // Compared without subtracting: an expiresAt centuries away from now would overflow.
        if (*token->found.expiration > now + refresh_threshold)
            return std::move(token->found);
        return refresh(*token, now);
    }

private:
    static constexpr auto refresh_threshold = std::chrono::minutes(5); // _REFRESH_THRESHOLD
    static constexpr std::string_view relogin_hint = "sign in again with `aws login`";

    login_clock::time_point now() const {
        return options_.clock ? options_.clock() : login_clock::now();
    }

    config_failure failed(std::string message) const {
        return credentials_failure(errc::credentials_source_failed, std::move(message));
    }

    config_result<std::string> cache_path() const {
        std::string folder;
        if (options_.cache_directory)
            folder = *options_.cache_directory;
        else if (auto configured = env_.get("AWS_LOGIN_CACHE_DIRECTORY"))
            folder = expand_home(expand_variables(*configured, env_), env_);
        else if (auto home = env_.home_directory())
            folder = *home + "/.aws/login/cache";
        else
            return failed(label_ + ": HOME is not set, so there is no ~/.aws/login/cache to read "
                                   "the login session from");
        return folder + "/" + login_cache_file_name(session_name_);
    }

    config_result<login_cached_token> load_token() const {
        auto path = cache_path();
        if (!path)
            return path.error();
        auto text = read_optional_file(*path);
        if (!text)
            return failed(label_ + ": " + text.error().message);
        if (!*text)
            return failed(label_ + ": no cached login session " + in_quotes(session_name_) + " (" +
                          *path + " does not exist); " + std::string(relogin_hint));
        auto document = parse_json_object(**text);
        secure_wipe(**text);
        if (!document)
            return failed(label_ + ": the login session cache " + *path + " " + document.error());
        login_cached_token token{*path, std::move(*document), {}};
        std::string missing;
        for (std::string_view key : {"accessToken", "refreshToken", "dpopKey", "clientId"})
            if (!token.document.contains(key))
                missing += (missing.empty() ? "" : ", ") + std::string(key);
        if (!missing.empty())
            return failed(label_ + ": the login session cache " + *path +
                          " misses required members: " + missing + "; " +
                          std::string(relogin_hint));
        auto found = cached_credentials(token.document, *path);
        if (!found)
            return found.error();
        token.found = std::move(*found);
        return token;
    }

    config_result<credentials> cached_credentials(const boost::json::object& document,
                                                  const std::string& path) const {
        const boost::json::value& access = document.at("accessToken");
        const std::string where = label_ + ": the login session cache " + path;
        if (!access.is_object())
            return failed(where + " has an accessToken that is not an object");
        credentials found;
        for (auto [name, into] : {std::pair{"accessKeyId", &found.access_key_id},
                                  std::pair{"secretAccessKey", &found.secret_access_key},
                                  std::pair{"sessionToken", &found.session_token}}) {
            const auto* field = json_string_field(access.as_object(), name);
            if (!field || field->empty())
                return failed(where + " has no accessToken." + name + " string");
            *into = text_of(*field);
        }
        const auto* expires = json_string_field(access.as_object(), "expiresAt");
        if (!expires)
            return failed(where + " has no accessToken.expiresAt string");
        auto parsed = parse_iso8601(text_of(*expires));
        if (!parsed)
            return failed(where + " has an accessToken.expiresAt that is not a timestamp: " +
                          in_quotes(text_of(*expires)));
        auto when = to_system_clock(*parsed);
        if (!when)
            return failed(where +
                          " has an accessToken.expiresAt beyond what the system clock "
                          "holds (about 1678 to 2261): " +
                          in_quotes(text_of(*expires)));
        found.expiration = std::chrono::time_point_cast<login_clock::duration>(*when);
        found.source = "login:" + shared_.profile.name;
        if (const boost::json::value* account = access.as_object().if_contains("accountId");
            account && !account->is_null()) {
            if (!account->is_string())
                return failed(where + " has an accessToken.accountId that is not a string");
            found.account_id = text_of(account->get_string());
        }
        return found;
    }

    config_result<credentials> refresh(login_cached_token& token,
                                       login_clock::time_point now) const {
        const auto* pem = json_string_field(token.document, "dpopKey");
        boost::system::result<dpop_key, std::string> key =
            pem ? dpop_key::from_pem(std::string_view(pem->data(), pem->size()))
                : std::string("is not a string");
        if (!key)
            return failed(label_ + ": the login session cache " + token.path + "'s dpopKey " +
                          key.error());
        for (std::string_view member : {"clientId", "refreshToken"})
            if (!json_string_field(token.document, member))
                return failed(label_ + ": the login session cache " + token.path + "'s " +
                              std::string(member) + " is not a string; " +
                              std::string(relogin_hint));
        auto endpoint = signin_endpoint();
        if (!endpoint)
            return endpoint.error();
        const http_request request = token_request(*endpoint, token.document);
        const std::string url = request.scheme + "://" + endpoint->host_header() + request.target;
        const std::string what = label_ + ": CreateOAuth2Token (" + url + ")";
        const int attempts = std::max(options_.max_attempts, 1);
        for (int attempt = 1;; ++attempt) {
            auto response = exchange_with_proof(request, *key, url, what);
            const bool retryable = !response ? response.error().code != errc::config_error
                                             : is_retryable_refusal(*response);
            if (response && response->status >= 200 && response->status <= 299)
                return save_refreshed(token, response->body, what, now);
            if (!retryable || attempt == attempts) {
                std::string message =
                    response ? refusal(what, *response) : response.error().message;
                if (retryable && attempts > 1)
                    message += " (after " + std::to_string(attempts) + " attempts)";
                return failed(std::move(message));
            }
            std::this_thread::sleep_for(
                credentials_retry_delay(options_.retry_base_delay, attempt));
        }
    }

    // One attempt: a proof of its own (a fresh jti and time), then the exchange.
    config_result<http_response> exchange_with_proof(http_request request, const dpop_key& key,
                                                     const std::string& url,
                                                     const std::string& what) const {
        try {
            request.headers.push_back(
                {"DPoP",
                 dpop_proof(
                     key, url,
                     std::chrono::floor<std::chrono::seconds>(now()).time_since_epoch().count(),
                     random_uuid())});
        } catch (const std::exception& e) {
            return make_config_failure(what + ": " + e.what());
        }
        return exchange(request);
    }

    config_result<endpoint_url> signin_endpoint() const {
        explicit_settings given;
        given.region = options_.region;
        given.service_id = "Signin";
        auto settings = try_resolve_settings(env_, shared_.profile.name, given);
        if (!settings)
            return settings.error();
        auto url = resolve_signin_endpoint(settings->rule_set_parameters());
        if (!url)
            return failed(label_ + ": AWS Sign-In's endpoint: " + url.error().message);
        return std::move(*url);
    }

    // botocore's call: tokenInput is the payload, its members in the order botocore sends them.
    static http_request token_request(const endpoint_url& endpoint,
                                      const boost::json::object& document) {
        http_request request = request_to(endpoint, "POST", "/v1/token");
        request.headers.push_back({"Content-Type", "application/json"});
        boost::json::object input;
        input["clientId"] = document.at("clientId");
        input["refreshToken"] = document.at("refreshToken");
        input["grantType"] = "refresh_token";
        request.body = boost::json::serialize(input);
        return request;
    }

    // The error's type: x-amzn-ErrorType, else the body's __type, without namespace or suffix.
    static std::string error_type(const http_response& response) {
        std::string type(response.header("x-amzn-ErrorType").value_or(""));
        if (type.empty())
            if (auto document = parse_json_object(response.body))
                if (const auto* field = json_string_field(*document, "__type"))
                    type = text_of(*field);
        type = type.substr(0, type.find(':'));
        if (const auto hash = type.rfind('#'); hash != std::string::npos)
            type = type.substr(hash + 1);
        return type;
    }

    // botocore's standard retry mode: HTTP 5xx and 429, throttling and transient error types.
    static bool is_retryable_refusal(const http_response& response) {
        if (response.status >= 500 || response.status == 429)
            return true;
        const std::string type = error_type(response);
        return retry::contains(retry::throttling_error_codes, type) ||
               retry::contains(retry::transient_error_codes, type);
    }

    // What Sign-In's refusal means for the user: the error's type, its OAuth 2.0 code (the
    // body's "error") and its message.
    static std::string refusal(const std::string& what, const http_response& response) {
        const std::string type = error_type(response);
        std::string code, message;
        if (auto document = parse_json_object(response.body)) {
            if (const auto* field = json_string_field(*document, "error"))
                code = text_of(*field);
            for (std::string_view key : {"message", "Message"})
                if (const auto* field = json_string_field(*document, key); field && message.empty())
                    message = text_of(*field);
        }
        std::string detail = "HTTP " + std::to_string(response.status);
        for (const std::string* part : std::initializer_list<const std::string*>{&type, &code})
            if (!part->empty())
                detail += " " + in_quotes(*part);
        if (!message.empty())
            detail += ": " + in_quotes(message);
        if (type == "AccessDeniedException" &&
            (code == "TOKEN_EXPIRED" || code == "USER_CREDENTIALS_CHANGED"))
            return what + " was refused (" + detail +
                   "): the session has expired or its credentials have changed; " +
                   std::string(relogin_hint);
        if (type == "AccessDeniedException" && code == "INSUFFICIENT_PERMISSIONS")
            return what + " was refused (" + detail +
                   "): the identity may lack permission for the signin:CreateOAuth2Token action";
        return what + " failed (" + detail + ")";
    }

    // botocore's refresh_credentials: the new credentials expire expiresIn seconds from now;
    // accountId and every member the refresh does not give are kept.
    config_result<credentials> save_refreshed(login_cached_token& token, const std::string& body,
                                              const std::string& what,
                                              login_clock::time_point now) const {
        auto document = parse_json_object(body);
        if (!document)
            return failed(what + " answered with a body that " + document.error());
        const boost::json::value* access = document->if_contains("accessToken");
        const auto* refresh_token = json_string_field(*document, "refreshToken");
        const boost::json::value* expires_in = document->if_contains("expiresIn");
        if (!access || !access->is_object() || !refresh_token || !expires_in ||
            !expires_in->is_number())
            return failed(what + " answered without " +
                          (!access || !access->is_object() ? "an accessToken object"
                           : !refresh_token                ? "a refreshToken string"
                                                           : "an expiresIn number"));
        boost::system::error_code ec;
        const auto seconds = expires_in->to_number<double>(ec);
        if (ec || !std::isfinite(seconds) || seconds < 0 || seconds > 1e9)
            return failed(what + " answered with an expiresIn out of range");
        const auto expires_at = std::chrono::floor<std::chrono::seconds>(
            now + std::chrono::duration_cast<login_clock::duration>(
                      std::chrono::duration<double>(std::floor(seconds))));
        boost::json::object renewed;
        for (std::string_view name : {"accessKeyId", "secretAccessKey", "sessionToken"}) {
            const auto* field = json_string_field(access->as_object(), name);
            if (!field || field->empty())
                return failed(what + " answered without a non-empty accessToken." +
                              std::string(name) + " string");
            renewed[name] = *field;
        }
        const boost::json::object& old_access = token.document.at("accessToken").as_object();
        renewed["accountId"] =
            old_access.contains("accountId") ? old_access.at("accountId") : boost::json::value();
        renewed["expiresAt"] =
            format_iso8601(std::chrono::floor<std::chrono::milliseconds>(expires_at))
                .substr(0, 19) +
            "Z";
        token.document["accessToken"] = std::move(renewed);
        token.document["refreshToken"] = *refresh_token;
        std::string content = boost::json::serialize(token.document);
        auto problem = replace_private_file(token.path, content);
        secure_wipe(content);
        if (problem)
            return failed(label_ + ": the refreshed login session could not be saved: " + *problem);
        return cached_credentials(token.document, token.path);
    }

    config_result<http_response> exchange(const http_request& request) const {
        return fetch_from_aws_service(request, label_, options_.timeout, options_.ca_file, env_);
    }

    const environment& env_;
    const shared_config& shared_;
    std::string session_name_;
    const login_credentials_options& options_;
    std::string label_;
};

} // namespace detail

/// Credentials of the profile's `aws login` session (see the top of this file). Caches nothing
/// itself: every call reads the shared files and the session's cache file, and refreshes it
/// within 5 minutes of expiry; so put it in a credentials_chain, which caches until shortly
/// before the credentials expire. Safe to call from several threads (a refreshed session is
/// written to its cache file atomically, so concurrent refreshes leave a whole file).
class login_credentials_provider
    : public detail::profile_source<login_credentials_provider, login_credentials_options> {
public:
    /// `profile_name`: else AWS_DEFAULT_PROFILE, else AWS_PROFILE, else "default".
    /// Constructed as `login_credentials_provider(environment env,
    /// std::optional<std::string> profile_name = std::nullopt,
    /// login_credentials_options options = {})`.
    using profile_source::profile_source;

    /// Blocks for the refresh, when one is due: up to options.timeout, no retries. No
    /// login_session: errc::no_credentials. An empty one, an unreadable shared file, a missing
    /// named profile or invalid endpoint settings: errc::config_error. No cached session, a
    /// malformed one, or Sign-In refusing: errc::credentials_source_failed. The credentials
    /// expire (the session's expiresAt); their source is "login:NAME".
    config_result<credentials> try_get_credentials() const {
        auto shared = try_load_profile_files();
        if (!shared)
            return shared.error();
        const config_setting* session = shared->profile.find("login_session");
        const std::string label = detail::login_label(shared->profile);
        if (!session)
            return detail::credentials_failure(errc::no_credentials,
                                               label + " sets no login_session");
        if (session->value.empty())
            return detail::credentials_failure(errc::config_error, session->origin + ": " + label +
                                                                       ": login_session is empty");
        return detail::login_credential_fetcher(env_, *shared, session->value, options_).fetch();
    }
};

static_assert(nothrow_credentials_provider<login_credentials_provider>);

} // namespace awsml
