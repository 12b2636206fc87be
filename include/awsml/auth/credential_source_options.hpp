#pragma once

/// \file
/// How the default credentials chain's network sources behave (STS, IAM Identity Center, the
/// container endpoint, the EC2 instance metadata service): plain settings, apart from the
/// sources themselves, so that a client's configuration does not compile them.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace awsml {

/// How the STS-based credential sources reach STS.
struct sts_options {
    /// STS's region (endpoint and signature); else AWS_REGION, AWS_DEFAULT_REGION, the profile's
    /// region. botocore uses the region of the client being created: give it here.
    std::optional<std::string> region{};
    /// The profile whose settings locate STS (region, endpoint_url, [services]); unset: the
    /// provider's own. botocore locates STS with the session's profile, also for source profiles.
    std::optional<std::string> profile{};
    /// Per attempt: connecting, writing the request and reading the answer.
    std::chrono::milliseconds timeout = std::chrono::seconds(10);
    /// Attempts in all (botocore's standard retry mode: 3). Retried: no answer, HTTP 5xx,
    /// throttling, and IDPCommunicationError (botocore's STS retry rule).
    int max_attempts = 3;
    /// Before retry n: a random delay up to retry_base_delay * 2^(n-1), at most 20 s.
    std::chrono::milliseconds retry_base_delay = std::chrono::seconds(1);
    /// For https endpoints: the CA bundle (else AWS_CA_BUNDLE / the system store).
    std::optional<std::string> ca_file{};
    /// For the default role session name (awsml-session- and the Unix time in seconds); default:
    /// the system clock.
    std::function<std::chrono::system_clock::time_point()> clock{};
};

/// How sso_credentials_provider reaches the SSO portal and SSO OIDC, and where the token cache is.
struct sso_credentials_options {
    /// For each exchange (CreateToken, GetRoleCredentials): connecting, writing and reading.
    /// botocore's SSO clients wait up to 60 s per socket operation; a whole exchange here is
    /// bounded, and a call's call_timeout bounds it too.
    std::chrono::milliseconds timeout = std::chrono::seconds(10);
    /// For the https endpoints: a CA bundle (else AWS_CA_BUNDLE, else the system store).
    std::optional<std::string> ca_file{};
    /// The token cache; default ~/.aws/sso/cache (HOME).
    std::optional<std::string> cache_directory{};
    /// Injectable for tests; default: std::chrono::system_clock::now.
    std::function<std::chrono::system_clock::time_point()> clock{};
};

/// How login_credentials_provider reads an `aws login` session and refreshes it at AWS Sign-In.
struct login_credentials_options {
    /// For the token refresh (CreateOAuth2Token): connecting, writing and reading.
    std::chrono::milliseconds timeout = std::chrono::seconds(10);
    /// For the https endpoint: a CA bundle (else AWS_CA_BUNDLE, else the system store).
    std::optional<std::string> ca_file{};
    /// The token cache; default AWS_LOGIN_CACHE_DIRECTORY, else ~/.aws/login/cache (HOME).
    std::optional<std::string> cache_directory{};
    /// AWS Sign-In's region; else AWS_REGION, AWS_DEFAULT_REGION, the profile's region: the
    /// session's region, which botocore asks Sign-In in, not the client's (client_config::region
    /// does not reach here; the awsml CLI's --region, the session's region there, does).
    std::optional<std::string> region{};
    /// Attempts at the refresh in all (botocore's standard retry mode: 3). Retried: no answer,
    /// HTTP 5xx, throttling (429, ThrottlingException); the refresh is idempotent while the
    /// token is valid. Each attempt signs a proof of its own.
    int max_attempts = 3;
    /// Before retry n: a random delay up to retry_base_delay * 2^(n-1), at most 20 s.
    std::chrono::milliseconds retry_base_delay = std::chrono::seconds(1);
    /// Injectable for tests (expiry, and the proof's iat); default: std::chrono::system_clock::now.
    std::function<std::chrono::system_clock::time_point()> clock{};
};

/// How the container source asks its endpoint; every default is botocore's.
struct container_credentials_options {
    /// Per attempt (botocore's TIMEOUT_SECONDS).
    std::chrono::milliseconds timeout{2000};
    /// botocore's RETRY_ATTEMPTS.
    int attempts = 3;
    /// Between attempts (botocore's SLEEP_TIME).
    std::chrono::milliseconds retry_pause{1000};
    /// What AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is appended to. Tests point it at a local
    /// server; it goes through the same allow-list as AWS_CONTAINER_CREDENTIALS_FULL_URI.
    std::string relative_uri_base = "http://169.254.170.2";
    /// Injectable for tests (has Expiration passed?); default: std::chrono::system_clock::now.
    std::function<std::chrono::system_clock::time_point()> clock{};
};

/// How the instance metadata source asks IMDS; unset fields come from the environment and the
/// profile as botocore reads them, then botocore's defaults.
struct instance_metadata_options {
    /// The service's base URL, winning over every setting (botocore's base_url), e.g. a test
    /// server's "http://127.0.0.1:8080". Unset: the settings above.
    std::optional<std::string> endpoint{};
    /// Per request; unset: AWS_METADATA_SERVICE_TIMEOUT / metadata_service_timeout, else 1 s.
    std::optional<std::chrono::milliseconds> timeout{};
    /// Per request; unset: AWS_METADATA_SERVICE_NUM_ATTEMPTS / metadata_service_num_attempts,
    /// else 1.
    std::optional<int> attempts{};
    /// The instance profile's role; unset: asked of the service at each call, as botocore does.
    std::optional<std::string> role_name{};
    /// Asked for in the token request; IMDS accepts 1 s to 6 h (botocore's 21600 s).
    std::chrono::seconds token_ttl{21600};
    /// botocore's ec2_credential_refresh_window as its default chain sets it (15 minutes).
    std::chrono::seconds refresh_window = std::chrono::minutes(15);
    /// Added to refresh_window; default: uniform from 120 s to 600 s, as botocore.
    std::function<std::chrono::seconds()> extension_jitter{};
    /// Told once per episode of extended expiry (botocore logs it); default: nobody.
    std::function<void(const std::string&)> warning{};
    /// Injectable for tests; default: std::chrono::system_clock::now.
    std::function<std::chrono::system_clock::time_point()> clock{};
};

/// How the default chain's network sources behave; every field has botocore's default.
struct default_credentials_sources {
    /// STS for assume role and web identity. Its region: the client's (as botocore's), else
    /// AWS_REGION, AWS_DEFAULT_REGION, the profile's region.
    sts_options sts;
    /// Asked for the current code of an MFA device (the profile's mfa_serial) at each
    /// AssumeRole; unset, a profile with mfa_serial is refused with a clear error.
    std::function<std::string(const std::string& mfa_serial)> mfa_code{};
    /// IAM Identity Center (the SSO portal and OIDC): a timeout per exchange (10 s), a CA bundle,
    /// the token cache folder (~/.aws/sso/cache). Used for the profile and for source profiles.
    sso_credentials_options sso;
    /// Console credentials (`aws login`, the profile's login_session): a timeout for the token
    /// refresh (10 s), a CA bundle, the token cache folder, Sign-In's region. Used for the profile
    /// and for source profiles.
    login_credentials_options login;
    /// The container endpoint (container_credentials_provider.hpp): a timeout per attempt (2 s),
    /// attempts (3) and the pause between them (1 s), as botocore's. Also for a profile's
    /// credential_source = EcsContainer.
    container_credentials_options container;
    /// The EC2 instance metadata service (instance_metadata_credentials_provider.hpp): endpoint,
    /// timeout and attempts per request (unset: AWS_METADATA_SERVICE_TIMEOUT and
    /// AWS_METADATA_SERVICE_NUM_ATTEMPTS or the profile's settings, else 1 s and 1 attempt, as
    /// botocore's), and the refresh window. Also for a profile's credential_source =
    /// Ec2InstanceMetadata.
    instance_metadata_options instance_metadata;
};

} // namespace awsml
