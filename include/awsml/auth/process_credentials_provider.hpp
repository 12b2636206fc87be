#pragma once

/// \file
/// The profile's credential_process: a helper program run without a shell, whose JSON output
/// (Version 1) gives the credentials.

#include <awsml/auth/credentials.hpp>
#include <awsml/auth/credentials_provider.hpp>
#include <awsml/auth/detail/child_process.hpp>
#include <awsml/auth/detail/json_object.hpp>
#include <awsml/config/shared_config.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/model/timestamp.hpp>

#include <boost/json/value.hpp>

#include <cerrno>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awsml {

namespace detail {

/// The credential_process output format (Version 1). Messages name the field, never its value
/// when that value is or may be secret.
inline config_result<credentials> parse_process_credentials(std::string_view output,
                                                            const std::string& label) {
    auto failure = [&](const std::string& what) {
        return credentials_failure(errc::credential_process_failed, label + ": " + what);
    };
    auto document = parse_json_object(output);
    if (!document)
        return failure("output " + document.error());
    const boost::json::object* object = &*document;

    const boost::json::value* version = object->if_contains("Version");
    if (!version)
        return failure("output has no \"Version\"");
    bool version_one = (version->is_int64() && version->get_int64() == 1) ||
                       (version->is_uint64() && version->get_uint64() == 1);
    if (!version_one)
        return failure("unsupported \"Version\" (only 1 is supported)");

    auto string_field = [&](std::string_view name) { return json_string_field(*object, name); };
    auto present_but_not_string = [&](std::string_view name) {
        const boost::json::value* field = object->if_contains(name);
        return field && !field->is_string() && !field->is_null();
    };
    for (std::string_view name : {"AccessKeyId", "SecretAccessKey"}) {
        const boost::json::string* field = string_field(name);
        if (!field || field->empty())
            return failure("output has no non-empty \"" + std::string(name) + "\" string");
    }
    for (std::string_view name : {"SessionToken", "Expiration", "AccountId"})
        if (present_but_not_string(name))
            return failure("\"" + std::string(name) + "\" is not a string");

    credentials found;
    found.access_key_id = text_of(*string_field("AccessKeyId"));
    found.secret_access_key = text_of(*string_field("SecretAccessKey"));
    if (auto* token = string_field("SessionToken"))
        found.session_token = text_of(*token);
    if (auto* account = string_field("AccountId"))
        found.account_id = text_of(*account);
    if (auto* expiration = string_field("Expiration")) {
        auto when = system_time_from_iso8601(text_of(*expiration));
        if (!when)
            return failure(
                R"("Expiration" is not an ISO 8601 timestamp within the clock's range: )" +
                in_quotes(text_of(*expiration)));
        found.expiration = *when;
    }
    return found;
}

} // namespace detail

/// Limits on the credential_process helper; the defaults suit a helper that prompts the user.
struct process_credentials_options {
    /// The longest a helper may run; then it is killed (with its process group unless it shares
    /// ours: see detail/child_process.hpp). Zero or less: no
    /// limit. botocore has none; one minute is the AWS SDK for Go's default, long enough for a
    /// helper that asks for an MFA code on the terminal.
    std::chrono::milliseconds timeout = std::chrono::minutes(1);
    /// How much standard output is read at most, in bytes (default 64 KiB); more is an error.
    std::size_t max_output = 64 * 1024;
    /// When this process is in its terminal's foreground, the helper runs in its process group,
    /// as botocore's does, and may prompt on /dev/tty (an MFA code); a timeout kills the helper
    /// alone. false: always a process group of its own, killed whole.
    bool share_terminal = true;
    /// Injectable for tests (is the Expiration already past?); default: system_clock::now.
    std::function<std::chrono::system_clock::time_point()> clock;
};

/// The profile's credential_process: splits the command line as a POSIX shell does (botocore's
/// shlex.split), runs it without a shell (detail/child_process.hpp: only descriptors 0, 1 and 2
/// are open in it; it runs in its own process group, killed after options.timeout, unless this
/// process is in its terminal's foreground, where it may prompt on /dev/tty) and
/// reads the JSON it prints. Its standard error goes to this process's; neither its output nor
/// its command line is quoted in errors. An Expiration already past is an error.
class process_credentials_provider
    : public detail::profile_source<process_credentials_provider, process_credentials_options> {
public:
    /// process_credentials_options::max_output's default, in bytes (64 KiB).
    static constexpr std::size_t default_max_output = 64 * 1024;

    /// `profile_name`: else AWS_DEFAULT_PROFILE, else AWS_PROFILE, else "default". The profile is
    /// read at each call, not here.
    /// Constructed as `process_credentials_provider(environment env,
    /// std::optional<std::string> profile_name = std::nullopt,
    /// process_credentials_options options = {})`.
    using profile_source::profile_source;

    /// Loads both shared files, then from_profile() with this provider's options; a file that
    /// cannot be read or parsed, or a named profile that is missing: errc::config_error. Each
    /// call runs the command again (wrap the provider in a credentials_chain to cache its
    /// result); concurrent calls run it concurrently.
    config_result<credentials> try_get_credentials() const {
        auto shared = try_load_profile_files();
        if (!shared)
            return shared.error();
        return from_profile(shared->profile, options_);
    }

    /// Runs the credential_process of an already loaded profile and blocks until it exits (at
    /// most options.timeout). No credential_process, or an empty one: errc::no_credentials. The
    /// command failing to start, timing out, printing more than options.max_output bytes,
    /// exiting non-zero or killed by a signal, printing anything but Version 1 JSON with
    /// AccessKeyId and SecretAccessKey, or an Expiration already past:
    /// errc::credential_process_failed, naming the profile and the file and line of its setting.
    /// The result's source is "credential_process:NAME".
    static config_result<credentials>
    from_profile(const profile& p, const process_credentials_options& options = {}) {
        const config_setting* command = p.find("credential_process");
        std::string label = "credential_process of profile " + in_quotes(p.name);
        if (!command || command->value.empty())
            return detail::credentials_failure(errc::no_credentials,
                                               "credential_process: profile " + in_quotes(p.name) +
                                                   " sets no credential_process");
        label += " (" + command->origin + ")";
        auto failure = [&](const std::string& why) {
            return detail::credentials_failure(errc::credential_process_failed, label + ": " + why);
        };
        auto ran = detail::run_command(
            command->value,
            detail::child_process_limits{options.timeout, detail::child_process_limits{}.exit_grace,
                                         options.max_output, options.share_terminal});
        if (!ran)
            return failure(ran.error().message);
        if (ran->timed_out)
            return failure("the command did not finish within " +
                           std::to_string(options.timeout.count()) +
                           " ms (process_credentials_options::timeout); it was killed");
        if (ran->output_too_large)
            return failure("output exceeds " + std::to_string(options.max_output) + " bytes");
        if (!WIFEXITED(ran->wait_status) || WEXITSTATUS(ran->wait_status) != 0)
            return failure("the command " + detail::describe_wait_status(ran->wait_status));
        auto found = detail::parse_process_credentials(ran->output, label);
        if (!found)
            return found;
        auto now = options.clock ? options.clock() : std::chrono::system_clock::now();
        if (found->expiration && *found->expiration <= now)
            return failure("the credentials it printed have already expired (\"Expiration\" is " +
                           format_iso8601(std::chrono::time_point_cast<std::chrono::milliseconds>(
                               *found->expiration)) +
                           ")");
        found->source = "credential_process:" + p.name;
        // botocore's ProcessProvider: the output's AccountId, else the profile's.
        if (const config_setting* account = p.find("aws_account_id");
            account && found->account_id.empty())
            found->account_id = account->value;
        return found;
    }
};

static_assert(nothrow_credentials_provider<process_credentials_provider>);

} // namespace awsml
