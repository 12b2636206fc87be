#pragma once

/// \file
/// The EC2 instance metadata service (IMDS) as botocore 1.43's IMDSFetcher reads it, for any
/// path: the instance's region, its ID, its availability zone. The instance profile's credentials
/// (instance_metadata_credentials_provider.hpp) are read through it.
///
///     awsml::instance_metadata_client imds;
///     auto region = imds.try_region();   // "us-east-1", or why there is none
///     auto id = imds.try_get("/latest/meta-data/instance-id");
///
/// Each request uses an IMDSv2 session token (PUT /latest/api/token with
/// X-aws-ec2-metadata-token-ttl-seconds), kept and reused until a minute before its TTL ends
/// (botocore asks for one each time; the other SDKs keep it); a kept token the service refuses
/// (401) is dropped and the request made again once with a new one. IMDSv1 (requests without a
/// token) is the fallback exactly where botocore falls back: the token request answered 403, 404
/// or 405, not answered in time, or failing on every attempt (any other status, a refused
/// connection). A 400 ends the search. With AWS_EC2_METADATA_V1_DISABLED or
/// ec2_metadata_v1_disabled true there is no fallback.
///
/// Settings (environment variable, else the profile's key, else botocore's default):
///   AWS_EC2_METADATA_DISABLED=true                          the service is off (no config key)
///   AWS_EC2_METADATA_SERVICE_ENDPOINT / ec2_metadata_service_endpoint      a custom endpoint
///   AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE / ec2_metadata_service_endpoint_mode  IPv4 or IPv6
///     (else AWS_IMDS_USE_IPV6 / imds_use_ipv6): http://169.254.169.254 or http://[fd00:ec2::254]
///   AWS_METADATA_SERVICE_TIMEOUT / metadata_service_timeout        seconds per request, 1
///   AWS_METADATA_SERVICE_NUM_ATTEMPTS / metadata_service_num_attempts   attempts per request, 1
/// The files are read at each call. The environment's proxies apply unless NO_PROXY names the
/// endpoint, as with botocore's get_environ_proxies. Every call blocks, each request bounded by
/// the timeout and attempts above. Copies share the token; calls may come from any thread.

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
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace awsml {

class instance_metadata_credentials_provider;

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

    // The timeout is a whole number of seconds, read as the attempts are.
    const auto parse_seconds = [](const std::optional<sourced_value>& raw)
        -> config_result<std::optional<std::chrono::milliseconds>> {
        auto seconds = parse_max_attempts(raw);
        if (!seconds)
            return seconds.error();
        if (!*seconds)
            return std::optional<std::chrono::milliseconds>();
        return std::optional<std::chrono::milliseconds>(std::chrono::seconds(**seconds));
    };
    if (auto f = resolve_into(
            out.timeout, options.timeout, parse_seconds,
            first_of(env, "AWS_METADATA_SERVICE_TIMEOUT", p, "metadata_service_timeout")))
        return std::move(*f);
    if (auto f = resolve_into(
            out.attempts, options.attempts, parse_max_attempts,
            first_of(env, "AWS_METADATA_SERVICE_NUM_ATTEMPTS", p, "metadata_service_num_attempts")))
        return std::move(*f);
    if (out.attempts < 1)
        return imds_config_failure("instance_metadata_options::attempts must be at least 1");
    if (out.timeout <= std::chrono::milliseconds::zero())
        return imds_config_failure("instance_metadata_options::timeout must be positive");
    // IMDS answers another TTL with 400, which would end every search without saying why.
    if (options.token_ttl < std::chrono::seconds(1) || options.token_ttl > std::chrono::hours(6))
        return imds_config_failure(
            "instance_metadata_options::token_ttl must be from 1 to 21600 seconds, as IMDS takes "
            "it; it is " +
            std::to_string(options.token_ttl.count()));
    return out;
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

/// What a failure is reported as: `unavailable` when the service is off, unreachable or answers
/// badly; `refused` when IMDSv1 is turned off and no token could be had.
struct imds_failure_codes {
    errc unavailable = errc::credentials_source_failed;
    errc refused = errc::credentials_source_failed;
};

} // namespace detail

/// The instance metadata service: see the top of this header.
class instance_metadata_client {
public:
    /// Where the IMDSv2 session token is asked for (PUT).
    static constexpr std::string_view token_path = "/latest/api/token";
    /// Where the instance's region is (GET).
    static constexpr std::string_view region_path = "/latest/meta-data/placement/region";

    /// `profile_name`: where the config keys are read (else AWS_PROFILE, else "default"). Of
    /// `options`, the endpoint, timeout, attempts, token_ttl and clock apply here.
    explicit instance_metadata_client(environment env = environment::process(),
                                      std::optional<std::string> profile_name = std::nullopt,
                                      instance_metadata_options options = {})
        : state_(std::make_shared<state>(std::move(env), std::move(profile_name),
                                         std::move(options))) {}

    /// The body IMDS answers at `path` (from the root, e.g. "/latest/meta-data/instance-id"):
    /// errc::credentials_source_failed when the service is off, cannot be reached or answers
    /// anything but 200 with a body; errc::config_error for a bad setting or a path that is not
    /// one.
    config_result<std::string> try_get(std::string_view path) const { return get_text(path, {}); }

    /// The instance's region (placement/region), as the AWS SDKs for Java and Rust find it on
    /// EC2: errc::no_region when IMDS cannot say or answers something that is no region name.
    config_result<std::string> try_region() const {
        auto region = get_text(region_path, {errc::no_region, errc::no_region});
        if (region && !detail::endpoints::is_valid_region_label(*region))
            return config_failure{make_error_code(errc::no_region),
                                  detail::imds_label + ": GET " + std::string(region_path) +
                                      " answered " + in_quotes(*region) +
                                      ", which is no region name"};
        return region;
    }

private:
    friend class instance_metadata_credentials_provider;
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
            , options(std::move(o)) {}
        time_point now() const {
            return options.clock ? options.clock() : std::chrono::system_clock::now();
        }
        const environment env;
        const std::optional<std::string> profile_name;
        const instance_metadata_options options;
        std::mutex mutex;
        std::optional<kept_token> token;
    };

    // One exchange's outcome: the response to use, or why there is none. `token_refused`: a kept
    // token was answered 401, so the caller starts again with a new one.
    struct get_outcome {
        std::optional<http_response> response;
        std::optional<config_failure> failure;
        bool token_refused = false;
    };

    // Visible ASCII, as a token is (detail::is_header_token), with no query or fragment.
    static bool is_metadata_path(std::string_view path) {
        return path.starts_with('/') && detail::is_header_token(path) &&
               path.find_first_of("?#") == std::string_view::npos;
    }

    config_result<std::string> get_text(std::string_view path,
                                        detail::imds_failure_codes codes) const {
        if (!is_metadata_path(path))
            return config_failure{make_error_code(errc::config_error),
                                  detail::imds_label + ": " + in_quotes(path) +
                                      " is not a metadata path (one starting with '/', without "
                                      "blanks, control characters, '?' or '#')"};
        auto settings = resolve(codes);
        if (!settings)
            return settings.error();
        return with_token(*settings, codes,
                          [&](const std::optional<std::string>& token,
                              bool& token_refused) -> config_result<std::string> {
                              auto answer = get(*settings, std::string(path), token, false, codes);
                              token_refused = answer.token_refused;
                              if (!answer.response)
                                  return *answer.failure;
                              return std::move(answer.response->body);
                          });
    }

    // The settings in force, or why there are none (a bad setting; the service turned off).
    config_result<detail::imds_settings> resolve(detail::imds_failure_codes codes) const {
        auto settings =
            detail::resolve_imds_settings(state_->env, state_->profile_name, state_->options);
        if (!settings)
            return config_failure{settings.error().code,
                                  detail::imds_label + ": " + settings.error().message};
        if (settings->disabled_by)
            return detail::credentials_failure(codes.unavailable, detail::imds_label +
                                                                      ": turned off by " +
                                                                      *settings->disabled_by);
        return settings;
    }

    detail::credentials_http_options http_options(const detail::imds_settings& s) const {
        detail::credentials_http_options options;
        options.timeout = s.timeout;
        options.use_environment_proxies = true;
        options.environment = state_->env;
        return options;
    }

    std::string where(const http_request& request) const {
        return request.method + " " + origin_of(request) + request.target;
    }

    // Runs `exchange(token, token_refused)` with a session token (kept, else a new one), or
    // without one where IMDSv1 is the fallback; once more with a new token when a kept one was
    // refused.
    template <class Exchange>
    auto with_token(const detail::imds_settings& s, detail::imds_failure_codes codes,
                    Exchange exchange) const
        -> decltype(exchange(std::optional<std::string>(), std::declval<bool&>())) {
        for (int round = 0;; ++round) {
            std::optional<std::string> token = kept_token_for(s);
            const bool token_was_kept = token.has_value();
            std::string fallback_reason;
            if (!token) {
                auto fetched = fetch_token(s, fallback_reason, codes);
                if (!fetched)
                    return fetched.error();
                token = std::move(*fetched);
            }
            if (!token && s.v1_disabled_by)
                return detail::credentials_failure(codes.refused,
                                                   std::string(detail::imds_label)
                                                       .append(": no IMDSv2 session token (")
                                                       .append(fallback_reason)
                                                       .append(") and IMDSv1 is turned off by ")
                                                       .append(*s.v1_disabled_by));
            bool token_refused = false;
            auto found = exchange(token, token_refused);
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
                                                          std::string& fallback_reason,
                                                          detail::imds_failure_codes codes) const {
        auto request = detail::request_below("PUT", s.base, token_path);
        request.headers.push_back({"X-aws-ec2-metadata-token-ttl-seconds",
                                   std::to_string(state_->options.token_ttl.count())});
        const auto options = http_options(s);
        for (int attempt = 0; attempt < s.attempts; ++attempt) {
            bool read_timed_out = false;
            auto response = detail::fetch_for_credentials(request, detail::imds_label, options,
                                                          codes.unavailable, &read_timed_out);
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
                return detail::credentials_failure(codes.unavailable,
                                                   std::string(detail::imds_label)
                                                       .append(": ")
                                                       .append(fallback_reason)
                                                       .append(" (a bad request: IMDSv1 is not "
                                                               "tried)"));
        }
        fallback_reason += " (" + detail::attempts_text(s.attempts) + ")";
        return std::optional<std::string>();
    }

    // botocore's _get_request: tried again on a failed exchange, a status other than 200 or an
    // empty body (and, where JSON is expected, a body that is not JSON).
    get_outcome get(const detail::imds_settings& s, const std::string& path,
                    const std::optional<std::string>& token, bool expect_json,
                    detail::imds_failure_codes codes) const {
        auto request = detail::request_below("GET", s.base, path);
        if (token)
            request.headers.push_back({"X-aws-ec2-metadata-token", *token});
        const auto options = http_options(s);
        get_outcome outcome;
        std::string why;
        for (int attempt = 0; attempt < s.attempts; ++attempt) {
            auto response = detail::fetch_for_credentials(request, detail::imds_label, options,
                                                          codes.unavailable);
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
            codes.unavailable, why + " (" + detail::attempts_text(s.attempts) +
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

    std::shared_ptr<state> state_;
};

} // namespace awsml
