#pragma once

/// \file
/// Everything a client can be told, in one struct; what is left unset comes from the standard
/// AWS sources (environment variables, then the shared config and credentials files), as the
/// AWS SDKs do. Nothing is looked up on the network.

#include <awsml/auth/credential_source_options.hpp>
#include <awsml/auth/credentials.hpp>
#include <awsml/config/defaults_mode.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/runtime/hooks.hpp>
#include <awsml/runtime/retry.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace awsml {

/// Everything a client can be told; designated initializers leave the rest unset:
/// `awsml::client c{{.region = "eu-west-1", .call_timeout = 30s}};`. Each unset setting comes
/// from the environment and the shared files, as the comments say, unless use_environment is off.
struct client_config {
    std::optional<std::string> region{}; ///< else AWS_REGION, AWS_DEFAULT_REGION, profile
    /// On: where none of region's sources has one, ask the EC2 instance metadata service
    /// (placement/region), as the AWS SDKs for Java and Rust do on EC2 and the Go SDK's
    /// WithEC2IMDSRegion. Off by default, as in botocore: the lookup blocks the constructor (up
    /// to the IMDS timeout and attempts of credential_sources.instance_metadata, twice: the
    /// token, then the region). A failed lookup makes calls fail with errc::no_region, saying why.
    bool region_from_instance_metadata = false;
    std::optional<std::string>
        endpoint_url{}; ///< else AWS_ENDPOINT_URL_MACHINE_LEARNING, AWS_ENDPOINT_URL, profile
    /// Else AWS_DEFAULT_PROFILE, else AWS_PROFILE, else "default". Set here, it turns the
    /// environment's access keys off, as in botocore (a profile given in code means that one).
    std::optional<std::string> profile{};
    /// Send to the FIPS endpoint; else AWS_USE_FIPS_ENDPOINT, the profile's use_fips_endpoint,
    /// false. With a region that has none, calls fail with the endpoint rule set's message.
    std::optional<bool> use_fips_endpoint{};
    /// Send to the dual-stack (IPv4 and IPv6) endpoint; else AWS_USE_DUALSTACK_ENDPOINT, the
    /// profile's use_dualstack_endpoint, false.
    std::optional<bool> use_dualstack_endpoint{};
    std::optional<awsml::retry_mode> retry_mode{}; ///< else AWS_RETRY_MODE, profile, "standard"
    std::optional<int> max_attempts{}; ///< else AWS_MAX_ATTEMPTS, profile, mode's default
    /// Defaults for what is left unset (config/defaults_mode.hpp): today the connect timeout of a
    /// transport whose own is unset. Else AWS_DEFAULTS_MODE, the profile's defaults_mode, legacy.
    std::optional<awsml::defaults_mode> defaults_mode{};
    /// Appended to the User-Agent as "app/<id>" (characters outside botocore's allowed set
    /// become '-'); else AWS_SDK_UA_APP_ID, else the profile's sdk_ua_app_id. Keep it to 50
    /// characters: botocore warns about longer ids, and sends them as they are, as awsml does.
    std::optional<std::string> app_id{};

    /// Explicit credentials; when unset, the provider below; when that is unset, the default
    /// chain (<awsml/auth/default_credentials_chain.hpp>: botocore's sources in botocore's order).
    std::optional<awsml::credentials> credentials{};
    /// Called whenever a call needs credentials to sign (cache inside it if fetching is costly).
    /// An awsml::error it throws fails the call with that error's code; any other exception with
    /// errc::no_credentials.
    std::function<awsml::credentials()> credentials_provider{};
    /// How the default chain's network sources (STS, SSO, the container endpoint, instance
    /// metadata) behave: timeouts, attempts, an MFA code callback; botocore's defaults.
    awsml::default_credentials_sources credential_sources{};
    /// Off: requests go unsigned and no credentials are looked for, as botocore's
    /// `signature_version=UNSIGNED` and the AWS CLI's `--no-sign-request`. AWS answers an unsigned
    /// call with MissingAuthenticationTokenException; this is for endpoints that sign on the
    /// caller's behalf (a signing proxy) or need no signature.
    bool sign_requests = true;

    /// The longest a whole call may take, retries and their waits included; zero: no limit.
    /// (Each attempt is also bounded by the transport's connect and read timeouts.)
    std::chrono::milliseconds call_timeout{0};
    /// The longest one attempt may take, from sending to the whole answer; zero: no limit. An
    /// attempt that runs out fails with errc::timeout and is retried as any timeout is (the AWS
    /// SDK for Java's apiCallAttemptTimeout). Enforced by transports that take a deadline
    /// (asio_http_transport, curl_transport) and by the asynchronous calls; with others,
    /// only their own timeouts bound an attempt.
    std::chrono::milliseconds attempt_timeout{0};

    /// Read AWS_* environment variables and the shared files for whatever is unset above. Off,
    /// nothing ambient is used, the instance metadata service included.
    bool use_environment = true;
    /// The environment to read instead of the process's (tests; embedding applications).
    std::optional<awsml::environment> environment{};

    /// Called around each attempt (runtime/hooks.hpp): logging, metrics, tracing.
    awsml::hooks hooks{};

    // Injectable for tests; defaults are the system clock, a real sleep and a real random source.
    /// The time signatures are made for; default: std::chrono::system_clock::now.
    std::function<std::chrono::system_clock::time_point()> clock{};
    /// How a blocking call or waiter waits between attempts; default: std::this_thread::sleep_for.
    std::function<void(std::chrono::nanoseconds)> sleep{};
    /// The retry strategy's randomness (jitter) and monotonic time; default: real ones.
    awsml::retry_environment retry_environment{};
};

} // namespace awsml
