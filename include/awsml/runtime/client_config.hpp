#pragma once

// Everything a client can be told, in one struct; what is left unset comes from the standard
// AWS sources (environment variables, then the shared config and credentials files), as the
// AWS SDKs do. Nothing is looked up on the network.

#include <awsml/auth/credentials.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/runtime/hooks.hpp>
#include <awsml/runtime/retry.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace awsml {

struct client_config {
    std::optional<std::string> region{}; ///< else AWS_REGION, AWS_DEFAULT_REGION, profile
    std::optional<std::string>
        endpoint_url{}; ///< else AWS_ENDPOINT_URL_MACHINE_LEARNING, AWS_ENDPOINT_URL, profile
    /// Else AWS_DEFAULT_PROFILE, else AWS_PROFILE, else "default". Set here, it turns the
    /// environment's access keys off, as in botocore (a profile given in code means that one).
    std::optional<std::string> profile{};
    std::optional<bool> use_fips_endpoint{};
    std::optional<bool> use_dualstack_endpoint{};
    std::optional<awsml::retry_mode> retry_mode{}; ///< else AWS_RETRY_MODE, profile, "standard"
    std::optional<int> max_attempts{}; ///< else AWS_MAX_ATTEMPTS, profile, mode's default
    /// Appended to the User-Agent as "app/<id>" (characters outside botocore's allowed set
    /// become '-'); else AWS_SDK_UA_APP_ID, else the profile's sdk_ua_app_id. Keep it to 50
    /// characters: botocore warns about longer ids, and sends them as they are, as awsml does.
    std::optional<std::string> app_id{};

    /// Explicit credentials; when unset, the provider below; when that is unset, the default
    /// chain: environment, the profile's keys, the profile's credential_process.
    std::optional<awsml::credentials> credentials{};
    std::function<awsml::credentials()> credentials_provider{};

    /// The longest a whole call may take, retries and their waits included; zero: no limit.
    /// (Each attempt is also bounded by the transport's connect and read timeouts.)
    std::chrono::milliseconds call_timeout{0};

    /// Read AWS_* environment variables and the shared files for whatever is unset above.
    bool use_environment = true;
    /// The environment to read instead of the process's (tests; embedding applications).
    std::optional<awsml::environment> environment{};

    awsml::hooks hooks{};

    // Injectable for tests; defaults are the system clock, a real sleep and a real random source.
    std::function<std::chrono::system_clock::time_point()> clock{};
    std::function<void(std::chrono::nanoseconds)> sleep{};
    awsml::retry_environment retry_environment{};
};

} // namespace awsml
