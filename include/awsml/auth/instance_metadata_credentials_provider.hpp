#pragma once

// The EC2 instance metadata service (IMDS) as a credentials source, read as botocore 1.43
// (InstanceMetadataProvider, InstanceMetadataFetcher, IMDSFetcher) reads it:
//   1. PUT /latest/api/token with X-aws-ec2-metadata-token-ttl-seconds: an IMDSv2 session token,
//      kept and reused until a minute before its TTL ends (botocore asks for one at each refresh;
//      the other SDKs keep it). A kept token the service refuses (401) is dropped and the
//      exchange starts again once with a new one.
//   2. GET /latest/meta-data/iam/security-credentials/ for the role name (unless given in
//      instance_metadata_options::role_name), then .../security-credentials/ROLE for the JSON.
// IMDSv1 (the GETs without a token) is the fallback exactly where botocore falls back: the token
// request answered 403, 404 or 405, not answered in time, or failing on every attempt (any
// other status, a refused connection). A 400 ends the search. With AWS_EC2_METADATA_V1_DISABLED
// or ec2_metadata_v1_disabled true there is no fallback: that is errc::credentials_source_failed.
//
// Settings (environment variable, else the profile's key, else botocore's default):
//   AWS_EC2_METADATA_DISABLED=true                          the source is off (no config key)
//   AWS_EC2_METADATA_SERVICE_ENDPOINT / ec2_metadata_service_endpoint      a custom endpoint
//   AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE / ec2_metadata_service_endpoint_mode  IPv4 or IPv6
//     (else AWS_IMDS_USE_IPV6 / imds_use_ipv6): http://169.254.169.254 or http://[fd00:ec2::254]
//   AWS_METADATA_SERVICE_TIMEOUT / metadata_service_timeout        seconds per request, 1
//   AWS_METADATA_SERVICE_NUM_ATTEMPTS / metadata_service_num_attempts   attempts per request, 1
// The files are read at each call, as by the other providers. The environment's proxies apply
// unless NO_PROXY names the endpoint, as with botocore's get_environ_proxies.
//
// Failures are errc::no_credentials (a chain goes on, as botocore's returns nothing) except a
// setting that is not valid (errc::config_error) and the IMDSv1 refusal above.
//
// Static stability, as botocore's _evaluate_expiration: credentials that expire within
// refresh_window plus a random 2 to 10 minutes (botocore's chain passes a 15-minute window) get
// their expiration moved to now plus that much, so that a chain keeps using them and asks again
// later. The same holds for the credentials of the last success when the service cannot be
// reached or answers badly: the chain does not fail during an IMDS outage. Each episode is
// reported once through instance_metadata_options::warning, and the credentials' `source` says
// that their expiry was extended; no secret is in either. Copies share the token, the last
// credentials and that state; calls may come from any thread.

#include <awsml/auth/credential_source_options.hpp>
#include <awsml/auth/credentials_provider.hpp>
#include <awsml/auth/detail/credentials_http.hpp>
#include <awsml/auth/detail/metadata_credentials.hpp>
#include <awsml/config/endpoint.hpp>
#include <awsml/config/shared_config.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>

namespace awsml {

namespace detail {

inline const std::string imds_label = "instance metadata (IMDS)";

struct imds_settings {
    endpoint_url base;
    std::chrono::milliseconds timeout{1000};
    int attempts = 1;
    std::optional<std::string> disabled_by;    ///< what turned the source off
    std::optional<std::string> v1_disabled_by; ///< what turned IMDSv1 off
};

inline config_failure imds_config_failure(std::string why) {
    return {make_error_code(errc::config_error), std::move(why)};
}

inline config_result<std::string> imds_base_url(const environment& env, const profile& p,
                                                const instance_metadata_options& options) {
    if (options.endpoint)
        return *options.endpoint;
    if (auto custom =
            first_of(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT", p, "ec2_metadata_service_endpoint"))
        return custom->value;
    bool ipv6 = false;
    if (auto mode = first_of(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", p,
                             "ec2_metadata_service_endpoint_mode")) {
        std::string lowered = ascii_lower(mode->value);
        if (lowered != "ipv4" && lowered != "ipv6")
            return imds_config_failure(mode->source + ": " + in_quotes(mode->value) +
                                       " is not an endpoint mode (IPv4 or IPv6)");
        ipv6 = lowered == "ipv6";
    } else {
        auto use_ipv6 = parse_bool(first_of(env, "AWS_IMDS_USE_IPV6", p, "imds_use_ipv6"));
        if (!use_ipv6)
            return use_ipv6.error();
        ipv6 = use_ipv6->value_or(false);
    }
    return std::string(ipv6 ? "http://[fd00:ec2::254]/" : "http://169.254.169.254/");
}

inline config_result<imds_settings>
resolve_imds_settings(const environment& env, const std::optional<std::string>& profile_name,
                      const instance_metadata_options& options) {
    auto shared = try_load_shared_config(env, profile_name);
    if (!shared)
        return shared.error();
    const profile& p = shared->profile;
    imds_settings out;

    auto disabled = parse_bool(from_environment(env, "AWS_EC2_METADATA_DISABLED"));
    if (!disabled)
        return disabled.error();
    if (disabled->value_or(false))
        out.disabled_by = "AWS_EC2_METADATA_DISABLED";
    auto v1_raw = first_of(env, "AWS_EC2_METADATA_V1_DISABLED", p, "ec2_metadata_v1_disabled");
    auto v1_disabled = parse_bool(v1_raw);
    if (!v1_disabled)
        return v1_disabled.error();
    if (v1_disabled->value_or(false))
        out.v1_disabled_by = v1_raw->source;

    auto base = imds_base_url(env, p, options);
    if (!base)
        return base.error();
    auto parsed = parse_endpoint_url(*base);
    if (!parsed)
        return imds_config_failure(parsed.error().message);
    out.base = std::move(*parsed);

    if (options.timeout) {
        out.timeout = *options.timeout;
    } else {
        auto seconds = parse_max_attempts(
            first_of(env, "AWS_METADATA_SERVICE_TIMEOUT", p, "metadata_service_timeout"));
        if (!seconds)
            return seconds.error();
        out.timeout = std::chrono::seconds(seconds->value_or(1));
    }
    if (options.attempts) {
        out.attempts = *options.attempts;
    } else {
        auto attempts = parse_max_attempts(
            first_of(env, "AWS_METADATA_SERVICE_NUM_ATTEMPTS", p, "metadata_service_num_attempts"));
        if (!attempts)
            return attempts.error();
        out.attempts = attempts->value_or(1);
    }
    if (out.attempts < 1)
        return imds_config_failure("instance_metadata_options::attempts must be at least 1");
    return out;
}

/// IAM role names are letters, digits and +=,.@_- (which also keeps the path well-formed).
inline bool is_role_name(std::string_view name) {
    constexpr std::string_view punctuation = "+=,.@_-";
    if (name.empty() || name.size() > 128)
        return false;
    for (char c : name)
        if (!endpoints::is_ascii_alnum(c) && punctuation.find(c) == std::string_view::npos)
            return false;
    return true;
}

/// A message without the leading "instance metadata (IMDS): ", to nest it in another.
inline std::string without_imds_label(std::string_view message) {
    if (message.starts_with(imds_label + ": "))
        message.remove_prefix(imds_label.size() + 2);
    return std::string(message);
}

/// Visible ASCII only: the token goes back in a header.
inline bool is_header_token(std::string_view token) {
    if (token.empty())
        return false;
    for (char c : token)
        if (c <= ' ' || c > '~')
            return false;
    return true;
}

inline std::string attempts_text(int attempts) {
    return std::to_string(attempts) + (attempts == 1 ? " attempt" : " attempts");
}

} // namespace detail

/// The instance profile's credentials from IMDS; see the top of this header.
class instance_metadata_credentials_provider
    : public detail::throwing_from_try<instance_metadata_credentials_provider> {
public:
    /// Where the IMDSv2 session token is asked for (PUT).
    static constexpr std::string_view token_path = "/latest/api/token";
    /// Where the role name is listed, and under which its credentials are (GET).
    static constexpr std::string_view credentials_path =
        "/latest/meta-data/iam/security-credentials/";

    /// `profile_name`: where the config keys are read (else AWS_PROFILE, else "default").
    explicit instance_metadata_credentials_provider(
        environment env, std::optional<std::string> profile_name = std::nullopt,
        instance_metadata_options options = {})
        : state_(std::make_shared<state>(std::move(env), std::move(profile_name),
                                         std::move(options))) {}

    /// Asks IMDS (a session token, the role name, its credentials). errc::no_credentials when
    /// IMDS is disabled or does not answer (a chain goes on, as botocore's does) and there are
    /// no earlier credentials to extend through the outage; errc::config_error for a bad setting;
    /// errc::credentials_source_failed when IMDSv1 is turned off and no token could be had.
    /// Blocking; copies share the token and the last credentials, safely across threads.
    config_result<credentials> try_get_credentials() const {
        auto settings =
            detail::resolve_imds_settings(state_->env, state_->profile_name, state_->options);
        if (!settings)
            return config_failure{settings.error().code,
                                  detail::imds_label + ": " + settings.error().message};
        if (settings->disabled_by)
            return detail::credentials_failure(errc::no_credentials, detail::imds_label +
                                                                         ": turned off by " +
                                                                         *settings->disabled_by);
        auto fetched = fetch(*settings);
        std::string warning;
        config_result<credentials> answer = stabilized(std::move(fetched), warning);
        if (!warning.empty() && state_->options.warning)
            state_->options.warning(warning);
        return answer;
    }

private:
    using time_point = std::chrono::system_clock::time_point;

    struct kept_token {
        std::string value;
        std::string base_url; ///< a token is only good for the endpoint that gave it
        time_point reuse_until;
    };

    struct state {
        state(environment e, std::optional<std::string> p, instance_metadata_options o)
            : env(std::move(e))
            , profile_name(std::move(p))
            , options(std::move(o))
            , random(std::random_device{}()) {}
        time_point now() const {
            return options.clock ? options.clock() : std::chrono::system_clock::now();
        }
        const environment env;
        const std::optional<std::string> profile_name;
        const instance_metadata_options options;
        std::mutex mutex;
        std::optional<kept_token> token;
        std::optional<credentials> last_success; ///< as the service gave them
        bool warned = false;                     ///< in the current episode of extended expiry
        std::mt19937 random;
    };

    // One exchange's outcome: the response to use, or why there is none. `token_refused`: a kept
    // token was answered 401, so the caller starts again with a new one.
    struct get_outcome {
        std::optional<http_response> response;
        std::optional<config_failure> failure;
        bool token_refused = false;
    };

    detail::credentials_http_options http_options(const detail::imds_settings& s) const {
        detail::credentials_http_options options;
        options.timeout = s.timeout;
        options.use_environment_proxies = true;
        options.environment = state_->env;
        return options;
    }

    std::string where(const http_request& request) const {
        return request.method + " " + detail::origin_text(request) + request.target;
    }

    config_result<credentials> fetch(const detail::imds_settings& s) const {
        for (int round = 0;; ++round) {
            std::optional<std::string> token = kept_token_for(s);
            const bool token_was_kept = token.has_value();
            std::string fallback_reason;
            if (!token) {
                auto fetched = fetch_token(s, fallback_reason);
                if (!fetched)
                    return fetched.error();
                token = std::move(*fetched);
            }
            if (!token && s.v1_disabled_by)
                return detail::credentials_failure(errc::credentials_source_failed,
                                                   std::string(detail::imds_label)
                                                       .append(": no IMDSv2 session token (")
                                                       .append(fallback_reason)
                                                       .append(") and IMDSv1 is turned off by ")
                                                       .append(*s.v1_disabled_by));
            bool token_refused = false;
            auto found = fetch_with(s, token, token_refused);
            if (token_refused && token_was_kept && round == 0) {
                forget_token();
                continue;
            }
            return found;
        }
    }

    // botocore's _fetch_metadata_token. The token, or nullopt to fall back to IMDSv1 (with the
    // reason in `fallback_reason`), or a failure that ends the search (400).
    config_result<std::optional<std::string>> fetch_token(const detail::imds_settings& s,
                                                          std::string& fallback_reason) const {
        auto request = detail::request_below("PUT", s.base, token_path);
        request.headers.push_back({"X-aws-ec2-metadata-token-ttl-seconds",
                                   std::to_string(state_->options.token_ttl.count())});
        const auto options = http_options(s);
        for (int attempt = 0; attempt < s.attempts; ++attempt) {
            bool read_timed_out = false;
            auto response = detail::fetch_for_credentials(request, detail::imds_label, options,
                                                          errc::no_credentials, &read_timed_out);
            if (!response) {
                fallback_reason = detail::without_imds_label(response.error().message);
                if (read_timed_out) // botocore returns at once on a read timeout only
                    return std::optional<std::string>();
                continue;
            }
            const int status = response->status;
            if (status == 200 && detail::is_header_token(response->body)) {
                keep_token(s, response->body);
                return std::optional<std::string>(std::move(response->body));
            }
            fallback_reason = where(request) + " answered " + std::to_string(status) +
                              (status == 200 ? " with no usable token" : "");
            if (status == 403 || status == 404 || status == 405)
                return std::optional<std::string>();
            if (status == 400)
                return detail::credentials_failure(errc::no_credentials,
                                                   std::string(detail::imds_label)
                                                       .append(": ")
                                                       .append(fallback_reason)
                                                       .append(" (a bad request: IMDSv1 is not "
                                                               "tried)"));
        }
        fallback_reason += " (" + detail::attempts_text(s.attempts) + ")";
        return std::optional<std::string>();
    }

    config_result<credentials> fetch_with(const detail::imds_settings& s,
                                          const std::optional<std::string>& token,
                                          bool& token_refused) const {
        std::string role;
        if (state_->options.role_name) {
            role = *state_->options.role_name;
        } else {
            auto listed = get(s, std::string(credentials_path), token, false);
            if (listed.token_refused)
                token_refused = true;
            if (!listed.response)
                return *listed.failure;
            std::string_view body = listed.response->body;
            role = std::string(detail::trim(body.substr(0, body.find('\n')), " \t\r"));
        }
        if (!detail::is_role_name(role))
            return detail::credentials_failure(
                errc::no_credentials, detail::imds_label + ": " + in_quotes(role) +
                                          " is not an IAM role name (letters, digits and +=,.@_-)");
        auto answer = get(s, std::string(credentials_path) + role, token, true);
        if (answer.token_refused)
            token_refused = true;
        if (!answer.response)
            return *answer.failure;
        auto found = detail::parse_metadata_credentials(
            answer.response->body, detail::imds_label + " (role " + in_quotes(role) + ")",
            errc::no_credentials);
        if (found)
            found->source = "instance-metadata:" + role;
        return found;
    }

    // botocore's _get_request: tried again on a failed exchange, a status other than 200 or an
    // empty body (and, for the credentials, a body that is not JSON).
    get_outcome get(const detail::imds_settings& s, const std::string& path,
                    const std::optional<std::string>& token, bool expect_json) const {
        auto request = detail::request_below("GET", s.base, path);
        if (token)
            request.headers.push_back({"X-aws-ec2-metadata-token", *token});
        const auto options = http_options(s);
        get_outcome outcome;
        std::string why;
        for (int attempt = 0; attempt < s.attempts; ++attempt) {
            auto response = detail::fetch_for_credentials(request, detail::imds_label, options,
                                                          errc::no_credentials);
            if (!response) {
                why = response.error().message;
                continue;
            }
            const std::string answered = detail::imds_label + ": " + where(request) + " answered ";
            if (response->status == 401 && token) {
                outcome.token_refused = true;
                why = answered + "401 (the IMDSv2 session token was refused)";
            } else if (response->status != 200) {
                why = answered + std::to_string(response->status);
            } else if (response->body.empty()) {
                why = answered + "200 with an empty body";
            } else if (expect_json && !detail::is_json(response->body)) {
                why = answered + "200 with a body that is not JSON";
            } else {
                outcome.response = std::move(*response);
                return outcome;
            }
            if (outcome.token_refused)
                break;
        }
        outcome.failure = detail::credentials_failure(
            errc::no_credentials, why + " (" + detail::attempts_text(s.attempts) +
                                      (token ? ", IMDSv2" : ", IMDSv1") + ")");
        return outcome;
    }

    std::optional<std::string> kept_token_for(const detail::imds_settings& s) const {
        std::lock_guard lock(state_->mutex);
        const auto& kept = state_->token;
        if (kept && kept->base_url == s.base.url && state_->now() < kept->reuse_until)
            return kept->value;
        return std::nullopt;
    }

    void keep_token(const detail::imds_settings& s, const std::string& value) const {
        using namespace std::chrono;
        const seconds ttl = state_->options.token_ttl;
        const seconds margin = std::min<seconds>(minutes(1), ttl / 2);
        std::lock_guard lock(state_->mutex);
        state_->token = kept_token{value, s.base.url, state_->now() + ttl - margin};
    }

    void forget_token() const {
        std::lock_guard lock(state_->mutex);
        state_->token.reset();
    }

    std::chrono::seconds jitter() const {
        if (state_->options.extension_jitter)
            return state_->options.extension_jitter();
        return std::chrono::seconds(std::uniform_int_distribution<int>(120, 600)(state_->random));
    }

    // botocore's _evaluate_expiration, applied to fresh credentials and, when the service failed,
    // to those of the last success. `warning` receives the episode's one message.
    config_result<credentials> stabilized(config_result<credentials> fetched,
                                          std::string& warning) const {
        std::lock_guard lock(state_->mutex);
        std::string why;
        if (fetched) {
            state_->last_success = *fetched;
            why = "the service gave credentials that have expired or are about to";
        } else {
            const std::error_code code = fetched.error().code;
            const bool outage =
                code == errc::no_credentials || code == errc::credentials_source_failed;
            if (!state_->last_success || !outage)
                return fetched;
            why = "the service failed (" + detail::without_imds_label(fetched.error().message) +
                  "); the credentials of its last answer are used";
            fetched = *state_->last_success;
        }
        credentials& found = *fetched;
        const auto now = state_->now();
        const auto offset = state_->options.refresh_window + jitter();
        if (!found.expiration || now < *found.expiration - offset) {
            state_->warned = false;
            return fetched;
        }
        found.expiration = now + offset;
        found.source += " (expiry extended: the metadata service is unavailable or stale)";
        if (!state_->warned) {
            state_->warned = true;
            warning =
                detail::imds_label + ": " + why + "; their expiry is extended to " +
                format_iso8601(
                    std::chrono::time_point_cast<std::chrono::milliseconds>(*found.expiration)) +
                ", and a refresh will be attempted again within the next " +
                std::to_string(std::chrono::duration_cast<std::chrono::minutes>(offset).count()) +
                " minutes";
        }
        return fetched;
    }

    std::shared_ptr<state> state_;
};

static_assert(nothrow_credentials_provider<instance_metadata_credentials_provider>);

} // namespace awsml
