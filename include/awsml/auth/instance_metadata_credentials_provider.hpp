#pragma once

// The EC2 instance metadata service (IMDS) as a credentials source, read as botocore 1.43
// (InstanceMetadataProvider, InstanceMetadataFetcher) reads it, through instance_metadata_client
// (instance_metadata_client.hpp: the IMDSv2 session token, the IMDSv1 fallback, the settings):
// GET /latest/meta-data/iam/security-credentials/ for the role name (unless given in
// instance_metadata_options::role_name), then .../security-credentials/ROLE for the JSON. With
// IMDSv1 turned off and no token to be had, that is errc::credentials_source_failed.
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
#include <awsml/auth/detail/metadata_credentials.hpp>
#include <awsml/auth/instance_metadata_client.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace awsml {

namespace detail {

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

} // namespace detail

/// The instance profile's credentials from IMDS; see the top of this header.
class instance_metadata_credentials_provider
    : public detail::throwing_from_try<instance_metadata_credentials_provider> {
public:
    /// Where the IMDSv2 session token is asked for (PUT).
    static constexpr std::string_view token_path = instance_metadata_client::token_path;
    /// Where the role name is listed, and under which its credentials are (GET).
    static constexpr std::string_view credentials_path =
        "/latest/meta-data/iam/security-credentials/";

    /// `profile_name`: where the config keys are read (else AWS_PROFILE, else "default").
    explicit instance_metadata_credentials_provider(
        environment env, std::optional<std::string> profile_name = std::nullopt,
        instance_metadata_options options = {})
        : imds_(std::move(env), std::move(profile_name), std::move(options))
        , state_(std::make_shared<state>()) {}

    /// Asks IMDS (a session token, the role name, its credentials). errc::no_credentials when
    /// IMDS is disabled or does not answer (a chain goes on, as botocore's does) and there are
    /// no earlier credentials to extend through the outage; errc::config_error for a bad setting;
    /// errc::credentials_source_failed when IMDSv1 is turned off and no token could be had.
    /// Blocking; copies share the token and the last credentials, safely across threads.
    config_result<credentials> try_get_credentials() const {
        auto settings = imds_.resolve(failure_codes);
        if (!settings)
            return settings.error();
        auto fetched =
            imds_.with_token(*settings, failure_codes,
                             [&](const std::optional<std::string>& token, bool& token_refused) {
                                 return fetch_with(*settings, token, token_refused);
                             });
        std::string warning;
        config_result<credentials> answer = stabilized(std::move(fetched), warning);
        if (!warning.empty() && options().warning)
            options().warning(warning);
        return answer;
    }

private:
    using time_point = std::chrono::system_clock::time_point;

    // A chain goes on past an IMDS that is off or silent, as botocore's returns nothing.
    static constexpr detail::imds_failure_codes failure_codes{errc::no_credentials,
                                                              errc::credentials_source_failed};

    struct state {
        std::mutex mutex;
        std::optional<credentials> last_success; ///< as the service gave them
        bool warned = false;                     ///< in the current episode of extended expiry
        std::mt19937 random{std::random_device{}()};
    };

    const instance_metadata_options& options() const { return imds_.state_->options; }
    time_point now() const { return imds_.state_->now(); }

    config_result<credentials> fetch_with(const detail::imds_settings& s,
                                          const std::optional<std::string>& token,
                                          bool& token_refused) const {
        std::string role;
        if (options().role_name) {
            role = *options().role_name;
        } else {
            auto listed = imds_.get(s, std::string(credentials_path), token, false, failure_codes);
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
        auto answer =
            imds_.get(s, std::string(credentials_path) + role, token, true, failure_codes);
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

    std::chrono::seconds jitter() const {
        if (options().extension_jitter)
            return options().extension_jitter();
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
        const auto now = this->now();
        const auto offset = options().refresh_window + jitter();
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

    instance_metadata_client imds_; // copies share its token
    std::shared_ptr<state> state_;
};

static_assert(nothrow_credentials_provider<instance_metadata_credentials_provider>);

} // namespace awsml
