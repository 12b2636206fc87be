#pragma once

// The STS client the credential sources share: where STS is (as botocore finds it for the STS
// client of its assume-role providers), one call with botocore's retries, and the answer's
// credentials or a message naming the endpoint, the STS error code and its message.
//
// Endpoint: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the profile's [services] "sts"
// endpoint_url, the profile's endpoint_url (unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS); else
// https://sts.{region}.{dnsSuffix}, with AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT.
// Without a region, botocore's STS client uses the global endpoint https://sts.amazonaws.com,
// signed for us-east-1; so does sts_regional_endpoints = legacy (AWS_STS_REGIONAL_ENDPOINTS) in
// the regions that had it. Region: sts_options::region, AWS_REGION, AWS_DEFAULT_REGION, the
// profile's region.

#include <awsml/auth/credential_source_options.hpp>
#include <awsml/auth/credentials.hpp>
#include <awsml/auth/detail/credentials_http.hpp>
#include <awsml/auth/detail/sts_request.hpp>
#include <awsml/auth/detail/sts_response.hpp>
#include <awsml/auth/sigv4.hpp>
#include <awsml/config/detail/retry_error_codes.hpp>
#include <awsml/config/endpoint.hpp>
#include <awsml/config/shared_config.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

namespace awsml::detail {

struct sts_endpoint {
    endpoint_url url;
    std::string signing_region;
};

// The regions where sts_regional_endpoints = legacy means the global endpoint (botocore's
// LEGACY_GLOBAL_STS_REGIONS).
inline bool has_legacy_global_sts(std::string_view region) {
    constexpr std::array<std::string_view, 16> regions = {
        "ap-northeast-1", "ap-south-1",   "ap-southeast-1", "ap-southeast-2",
        "aws-global",     "ca-central-1", "eu-central-1",   "eu-north-1",
        "eu-west-1",      "eu-west-2",    "eu-west-3",      "sa-east-1",
        "us-east-1",      "us-east-2",    "us-west-1",      "us-west-2"};
    return std::find(regions.begin(), regions.end(), region) != regions.end();
}

inline sts_endpoint global_sts_endpoint() {
    return {parse_endpoint_url("https://sts.amazonaws.com").value(), "us-east-1"};
}

inline config_result<bool> uses_legacy_sts_endpoints(const environment& env, const profile& p) {
    auto raw = first_of(env, "AWS_STS_REGIONAL_ENDPOINTS", p, "sts_regional_endpoints");
    if (!raw || raw->value == "regional")
        return false;
    if (raw->value == "legacy")
        return true;
    return make_config_failure(raw->source + ": " + in_quotes(raw->value) +
                               " is not regional or legacy");
}

/// Where STS is for the profile `profile_name` (else AWS_PROFILE, else "default").
inline config_result<sts_endpoint>
resolve_sts_endpoint(const environment& env, const std::optional<std::string>& profile_name,
                     const sts_options& options) {
    explicit_settings given;
    given.region = options.region;
    given.service_id = "STS";
    auto settings = try_resolve_settings(env, profile_name, given);
    if (!settings)
        return settings.error();
    if (settings->region && settings->region->empty())
        settings->region.reset();
    const bool variant = settings->use_fips_endpoint || settings->use_dualstack_endpoint;
    if (!settings->endpoint_url) {
        if (!settings->region || *settings->region == "aws-global")
            return global_sts_endpoint();
        auto legacy = uses_legacy_sts_endpoints(env, settings->shared.profile);
        if (!legacy)
            return legacy.error();
        if (*legacy && !variant && has_legacy_global_sts(*settings->region))
            return global_sts_endpoint();
    }
    auto url = try_resolve_service_endpoint("sts", settings->rule_set_parameters());
    if (!url)
        return make_config_failure("STS endpoint: " + url.error().message);
    return sts_endpoint{std::move(*url), settings->region.value_or("us-east-1")};
}

// botocore's standard retry mode: throttling and transient error codes, and STS's own rule.
inline bool is_retryable_sts_error(std::string_view code) {
    return retry::contains(retry::throttling_error_codes, code) ||
           retry::contains(retry::transient_error_codes, code) || code == "IDPCommunicationError";
}

struct sts_attempt {
    config_result<credentials> result;
    bool retryable = false;
};

inline sts_attempt sts_attempt_once(const sts_endpoint& endpoint, const sts_form& form,
                                    std::string_view operation,
                                    const std::optional<credentials>& signer,
                                    const environment& env, const sts_options& options,
                                    const std::string& label) {
    const std::string what = label + ": STS " + std::string(operation);
    auto failed = [&](std::string why, bool retryable) {
        return sts_attempt{
            config_failure{make_error_code(errc::credentials_source_failed),
                           what + " at " + endpoint.url.url + " failed: " + std::move(why)},
            retryable};
    };
    http_request request;
    request.scheme = endpoint.url.scheme;
    request.host = endpoint.url.host;
    request.port = endpoint.url.port;
    request.target = endpoint.url.target();
    set_sts_form(request, form);
    if (signer) {
        awsml::sigv4::signing_params params;
        params.credentials = *signer;
        params.region = endpoint.signing_region;
        params.service = "sts";
        std::error_code ec;
        awsml::sigv4::sign(request, params, ec);
        if (ec)
            return failed("cannot sign the request with the source credentials (" + ec.message() +
                              ")",
                          false);
    }
    credentials_http_options http;
    http.timeout = options.timeout;
    http.use_environment_proxies = true;
    http.ca_file = options.ca_file;
    http.environment = env;
    auto response = fetch_for_credentials(request, what, http, errc::credentials_source_failed);
    if (!response)
        return {response.error(), true};
    if (response->status == 200)
        return {parse_sts_credentials(response->body, operation, label), false};
    const std::string status = "HTTP " + std::to_string(response->status);
    if (auto error = parse_sts_error(response->body))
        return failed(error->code + (error->message.empty() ? "" : ": " + error->message) + " (" +
                          status + ")",
                      is_retryable_sts_error(error->code) || response->status >= 500);
    // The body is not quoted: a proxy that echoes the request would echo the web identity token.
    return failed(status + ", without an STS <ErrorResponse>", response->status >= 500);
}

/// Calls `operation` with `form` (signed with `signer` when given, else unsigned) and returns
/// the credentials it gives, retrying as botocore does. Failures have code
/// errc::credentials_source_failed, except for an invalid endpoint configuration (config_error).
inline config_result<credentials> call_sts(const environment& env,
                                           const std::optional<std::string>& profile_name,
                                           const sts_form& form, std::string_view operation,
                                           const std::optional<credentials>& signer,
                                           const sts_options& options, const std::string& label) {
    auto endpoint =
        resolve_sts_endpoint(env, options.profile ? options.profile : profile_name, options);
    if (!endpoint)
        return config_failure{endpoint.error().code, label + ": " + endpoint.error().message};
    const int attempts = std::max(options.max_attempts, 1);
    for (int attempt = 1;; ++attempt) {
        auto outcome = sts_attempt_once(*endpoint, form, operation, signer, env, options, label);
        if (outcome.result || !outcome.retryable)
            return std::move(outcome.result);
        if (attempt == attempts) {
            if (attempts == 1)
                return std::move(outcome.result);
            return config_failure{outcome.result.error().code,
                                  outcome.result.error().message + " (after " +
                                      std::to_string(attempts) + " attempts)"};
        }
        std::this_thread::sleep_for(credentials_retry_delay(options.retry_base_delay, attempt));
    }
}

/// "awsml-session-<epoch seconds>", botocore's default role session name with awsml's name.
inline std::string default_role_session_name(const sts_options& options) {
    auto now = options.clock ? options.clock() : std::chrono::system_clock::now();
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
    return "awsml-session-" + std::to_string(seconds.count());
}

} // namespace awsml::detail
