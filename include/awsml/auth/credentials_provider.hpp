#pragma once

// Where credentials come from, as the AWS SDKs look for them, without any network call.
//
// The concept, stated once: a credentials provider `p` of type P supports
//     credentials c = p.get_credentials();   // throws awsml::error
// and may also support the non-throwing
//     config_result<credentials> r = p.try_get_credentials();
// Failure codes carry a meaning that chains rely on:
//   errc::no_credentials             this source has nothing; a chain tries the next one
//   anything else (config_error,     this source is configured but broken; a chain stops and
//   credential_process_failed, ...)  reports it, as the SDKs do for partial credentials
// Messages name the source and why it gave nothing, never a secret.
//
// Shipped providers: static_credentials_provider, environment_credentials_provider,
// profile_credentials_provider, process_credentials_provider, and credentials_chain (with
// make_default_credentials_chain: explicit > environment > profile keys > credential_process),
// which caches and refreshes before expiry. any_credentials_provider holds any of them, or a
// user's own (e.g. one reading IMDS), by value.

#include <awsml/auth/credentials.hpp>
#include <awsml/config/detail/ini.hpp>
#include <awsml/config/shared_config.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/core/error.hpp>
#include <awsml/model/timestamp.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cerrno>
#include <chrono>
#include <concepts>
#include <cstring>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace awsml {

template <class P>
concept credentials_provider = requires(P& provider) {
    { provider.get_credentials() } -> std::same_as<credentials>;
};

/// A provider that also reports failures as values.
template <class P>
concept nothrow_credentials_provider = credentials_provider<P> && requires(P& provider) {
    { provider.try_get_credentials() } -> std::same_as<config_result<credentials>>;
};

namespace detail {

inline config_failure credentials_failure(errc code, std::string message) {
    return {make_error_code(code), std::move(message)};
}

inline std::string quoted(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

/// Gives every shipped provider its throwing form from its non-throwing one.
template <class Derived>
struct throwing_from_try {
    credentials get_credentials() {
        return static_cast<Derived&>(*this).try_get_credentials().value();
    }
};

} // namespace detail

/// Credentials given in code.
class static_credentials_provider : public detail::throwing_from_try<static_credentials_provider> {
public:
    explicit static_credentials_provider(credentials given)
        : credentials_(std::move(given)) {
        if (credentials_.source.empty())
            credentials_.source = "static";
    }

    config_result<credentials> try_get_credentials() const {
        if (credentials_.empty())
            return detail::credentials_failure(
                errc::no_credentials, "static: the explicit credentials have an empty access key "
                                      "id or secret access key");
        return credentials_;
    }

private:
    credentials credentials_;
};

/// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and optionally AWS_SESSION_TOKEN.
class environment_credentials_provider
    : public detail::throwing_from_try<environment_credentials_provider> {
public:
    explicit environment_credentials_provider(environment env)
        : env_(std::move(env)) {}

    config_result<credentials> try_get_credentials() const {
        auto key_id = env_.get("AWS_ACCESS_KEY_ID");
        auto secret = env_.get("AWS_SECRET_ACCESS_KEY");
        if (!key_id && !secret)
            return detail::credentials_failure(
                errc::no_credentials,
                "environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
        if (!secret)
            return detail::credentials_failure(
                errc::config_error,
                "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
        if (!key_id)
            return detail::credentials_failure(
                errc::config_error,
                "environment: AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
        credentials found;
        found.access_key_id = std::move(*key_id);
        found.secret_access_key = std::move(*secret);
        found.session_token = env_.get("AWS_SESSION_TOKEN").value_or("");
        found.source = "environment";
        return found;
    }

private:
    environment env_;
};

/// aws_access_key_id, aws_secret_access_key and aws_session_token of the profile: the
/// credentials file's values first, then the config file's. The files are read at each call.
class profile_credentials_provider
    : public detail::throwing_from_try<profile_credentials_provider> {
public:
    /// `profile_name`: else AWS_PROFILE, else "default".
    explicit profile_credentials_provider(environment env,
                                          std::optional<std::string> profile_name = std::nullopt)
        : env_(std::move(env))
        , profile_name_(std::move(profile_name)) {}

    config_result<credentials> try_get_credentials() const {
        auto shared = try_load_shared_config(env_, profile_name_);
        if (!shared)
            return shared.error();
        return from_profile(*shared);
    }

    static config_result<credentials> from_profile(const shared_config& shared) {
        const profile& p = shared.profile;
        const config_setting* key_id = p.find("aws_access_key_id");
        const config_setting* secret = p.find("aws_secret_access_key");
        std::string label = "profile " + detail::quoted(p.name);
        if (!key_id && !secret)
            return detail::credentials_failure(errc::no_credentials,
                                               label + ": no aws_access_key_id in " +
                                                   shown(shared.credentials_file) + " or " +
                                                   shown(shared.config_file));
        if (!secret)
            return detail::credentials_failure(errc::config_error,
                                               key_id->origin + ": " + label +
                                                   " sets aws_access_key_id but no "
                                                   "aws_secret_access_key");
        if (!key_id)
            return detail::credentials_failure(errc::config_error,
                                               secret->origin + ": " + label +
                                                   " sets aws_secret_access_key but no "
                                                   "aws_access_key_id");
        credentials found;
        found.access_key_id = key_id->value;
        found.secret_access_key = secret->value;
        found.session_token = p.get("aws_session_token").value_or("");
        found.source = "profile:" + p.name;
        return found;
    }

private:
    static std::string shown(const std::string& path) { return path.empty() ? "(no path)" : path; }

    environment env_;
    std::optional<std::string> profile_name_;
};

namespace detail {

struct process_result {
    std::string output; ///< standard output, at most the cap
    bool output_too_large = false;
    int wait_status = 0; ///< as from waitpid
};

/// Runs `command` with /bin/sh -c, capturing standard output (up to `max_output` bytes; beyond
/// that the pipe is closed) while standard input and error stay the caller's.
inline config_result<process_result> run_shell_command(const std::string& command,
                                                       std::size_t max_output) {
    auto failure = [](const std::string& what, int cause) {
        return credentials_failure(errc::credential_process_failed,
                                   what + ": " + std::strerror(cause));
    };
    int pipe_ends[2];
    if (::pipe2(pipe_ends, O_CLOEXEC) != 0)
        return failure("cannot create a pipe", errno);

    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
    std::string shell = "/bin/sh", flag = "-c", script = command;
    char* argv[] = {shell.data(), flag.data(), script.data(), nullptr};
    pid_t child = 0;
    int spawned = ::posix_spawn(&child, "/bin/sh", &actions, nullptr, argv, ::environ);
    ::posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_ends[1]);
    if (spawned != 0) {
        ::close(pipe_ends[0]);
        return failure("cannot start /bin/sh", spawned);
    }

    process_result result;
    char buffer[4096];
    for (;;) {
        ssize_t count = ::read(pipe_ends[0], buffer, sizeof buffer);
        if (count < 0 && errno == EINTR)
            continue;
        if (count <= 0)
            break;
        if (result.output.size() + std::size_t(count) > max_output) {
            result.output_too_large = true;
            break;
        }
        result.output.append(buffer, std::size_t(count));
    }
    ::close(pipe_ends[0]); // a child still writing gets SIGPIPE, so waiting cannot hang on it
    while (::waitpid(child, &result.wait_status, 0) < 0) {
        if (errno != EINTR)
            return failure("cannot wait for /bin/sh", errno);
    }
    return result;
}

/// The credential_process output format (Version 1). Messages name the field, never its value
/// when that value is or may be secret.
inline config_result<credentials> parse_process_credentials(std::string_view output,
                                                            const std::string& label) {
    auto failure = [&](const std::string& what) {
        return credentials_failure(errc::credential_process_failed, label + ": " + what);
    };
    boost::system::error_code ec;
    boost::json::value document = boost::json::parse(output, ec);
    if (ec)
        return failure("output is not valid JSON (" + ec.message() + ")");
    const boost::json::object* object = document.if_object();
    if (!object)
        return failure("output is not a JSON object");

    const boost::json::value* version = object->if_contains("Version");
    if (!version)
        return failure("output has no \"Version\"");
    bool version_one = (version->is_int64() && version->get_int64() == 1) ||
                       (version->is_uint64() && version->get_uint64() == 1);
    if (!version_one)
        return failure("unsupported \"Version\" (only 1 is supported)");

    auto string_field = [&](std::string_view name) -> const boost::json::string* {
        const boost::json::value* field = object->if_contains(name);
        return field ? field->if_string() : nullptr;
    };
    auto present_but_not_string = [&](std::string_view name) {
        const boost::json::value* field = object->if_contains(name);
        return field && !field->is_string() && !field->is_null();
    };
    for (std::string_view name : {"AccessKeyId", "SecretAccessKey"}) {
        const boost::json::string* field = string_field(name);
        if (!field || field->empty())
            return failure("output has no non-empty \"" + std::string(name) + "\" string");
    }
    for (std::string_view name : {"SessionToken", "Expiration"})
        if (present_but_not_string(name))
            return failure("\"" + std::string(name) + "\" is not a string");

    auto text = [](const boost::json::string& s) { return std::string(s.data(), s.size()); };
    credentials found;
    found.access_key_id = text(*string_field("AccessKeyId"));
    found.secret_access_key = text(*string_field("SecretAccessKey"));
    if (auto* token = string_field("SessionToken"))
        found.session_token = text(*token);
    if (auto* expiration = string_field("Expiration")) {
        auto when = parse_iso8601(text(*expiration));
        if (!when)
            return failure(R"("Expiration" is not an ISO 8601 timestamp: ")" + text(*expiration) +
                           "\"");
        found.expiration = std::chrono::time_point_cast<std::chrono::system_clock::duration>(*when);
    }
    return found;
}

inline std::string describe_wait_status(int status) {
    if (WIFEXITED(status))
        return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return "was killed by signal " + std::to_string(WTERMSIG(status));
    return "ended abnormally";
}

} // namespace detail

/// The profile's credential_process: runs it through /bin/sh -c and reads the JSON it prints.
/// Its standard error goes to this process's; its output is never quoted in errors.
class process_credentials_provider
    : public detail::throwing_from_try<process_credentials_provider> {
public:
    static constexpr std::size_t default_max_output = 64 * 1024;

    explicit process_credentials_provider(environment env,
                                          std::optional<std::string> profile_name = std::nullopt,
                                          std::size_t max_output = default_max_output)
        : env_(std::move(env))
        , profile_name_(std::move(profile_name))
        , max_output_(max_output) {}

    config_result<credentials> try_get_credentials() const {
        auto shared = try_load_shared_config(env_, profile_name_);
        if (!shared)
            return shared.error();
        return from_profile(shared->profile, max_output_);
    }

    static config_result<credentials> from_profile(const profile& p,
                                                   std::size_t max_output = default_max_output) {
        const config_setting* command = p.find("credential_process");
        std::string label = "credential_process of profile " + detail::quoted(p.name);
        if (!command || command->value.empty())
            return detail::credentials_failure(
                errc::no_credentials, "credential_process: profile " + detail::quoted(p.name) +
                                          " sets no credential_process");
        label += " (" + command->origin + ")";
        auto ran = detail::run_shell_command(command->value, max_output);
        if (!ran)
            return detail::credentials_failure(errc::credential_process_failed,
                                               label + ": " + ran.error().message);
        if (ran->output_too_large)
            return detail::credentials_failure(errc::credential_process_failed,
                                               label + ": output exceeds " +
                                                   std::to_string(max_output) + " bytes");
        if (!WIFEXITED(ran->wait_status) || WEXITSTATUS(ran->wait_status) != 0)
            return detail::credentials_failure(errc::credential_process_failed,
                                               label + ": the command " +
                                                   detail::describe_wait_status(ran->wait_status));
        auto found = detail::parse_process_credentials(ran->output, label);
        if (found)
            found->source = "credential_process:" + p.name;
        return found;
    }

private:
    environment env_;
    std::optional<std::string> profile_name_;
    std::size_t max_output_;
};

/// Holds any credentials provider by value (shared between copies, so a chain's cache is too).
class any_credentials_provider {
public:
    any_credentials_provider() = default;

    template <credentials_provider P>
    requires(!std::same_as<std::remove_cvref_t<P>, any_credentials_provider>)
        any_credentials_provider(P provider) // NOLINT: implicit, as a std::function is
        : self_(std::make_shared<model<P>>(std::move(provider))) {}

    /// Adapts a plain function (e.g. client_config::credentials_provider).
    static any_credentials_provider from_function(std::function<credentials()> function) {
        return any_credentials_provider(function_provider{std::move(function)});
    }

    explicit operator bool() const noexcept { return self_ != nullptr; }

    config_result<credentials> try_get_credentials() const {
        if (!self_)
            return detail::credentials_failure(errc::no_credentials, "no credentials provider set");
        return self_->try_get();
    }

    credentials get_credentials() const { return try_get_credentials().value(); }

    /// The error_code form: on failure `ec` is set and empty credentials are returned.
    credentials get_credentials(std::error_code& ec) const {
        auto found = try_get_credentials();
        if (!found) {
            ec = found.error().code;
            return {};
        }
        ec.clear();
        return std::move(*found);
    }

    /// So that it fits where a std::function<credentials()> is expected.
    credentials operator()() const { return get_credentials(); }

private:
    struct function_provider {
        std::function<credentials()> function;
        credentials get_credentials() { return function(); }
    };

    struct concept_base {
        virtual ~concept_base() = default;
        virtual config_result<credentials> try_get() = 0;
    };

    template <class P>
    struct model final : concept_base {
        explicit model(P p)
            : provider(std::move(p)) {}
        config_result<credentials> try_get() override {
            if constexpr (nothrow_credentials_provider<P>) {
                return provider.try_get_credentials();
            } else {
                // A user's provider reports failures by throwing; anything but an awsml::error
                // counts as "nothing here", so that a chain goes on to its next source.
                try {
                    return provider.get_credentials();
                } catch (const error& e) {
                    return config_failure{e.code(), e.what()};
                } catch (const std::exception& e) {
                    return detail::credentials_failure(errc::no_credentials, e.what());
                }
            }
        }
        P provider;
    };

    std::shared_ptr<concept_base> self_;
};

struct credentials_chain_options {
    /// Cached credentials are refreshed this long before they expire.
    std::chrono::seconds refresh_margin = std::chrono::minutes(5);
    /// Injectable for tests; default: std::chrono::system_clock::now.
    std::function<std::chrono::system_clock::time_point()> clock;
};

/// Tries its providers in order; the first to give credentials wins, and they are cached until
/// `refresh_margin` before their expiration (forever if they have none). Thread-safe: one
/// caller refreshes while others wait. A provider failing with a code other than
/// errc::no_credentials stops the search with that failure.
class credentials_chain {
public:
    explicit credentials_chain(std::vector<any_credentials_provider> providers,
                               credentials_chain_options options = {})
        : state_(std::make_shared<state>(std::move(providers), std::move(options))) {}

    config_result<credentials> try_get_credentials() const {
        std::lock_guard lock(state_->mutex);
        auto now = state_->now();
        if (state_->cached && fresh(*state_->cached, now))
            return *state_->cached;
        auto found = search();
        if (found) {
            state_->cached = *found;
            return found;
        }
        // A refresh that fails while the old credentials are still valid is not fatal yet.
        if (state_->cached && state_->cached->expiration && now < *state_->cached->expiration)
            return *state_->cached;
        return found;
    }

    credentials get_credentials() const { return try_get_credentials().value(); }

    /// Drops the cache, so the next call searches again.
    void invalidate() const {
        std::lock_guard lock(state_->mutex);
        state_->cached.reset();
    }

private:
    struct state {
        state(std::vector<any_credentials_provider> p, credentials_chain_options o)
            : providers(std::move(p))
            , options(std::move(o)) {}
        std::chrono::system_clock::time_point now() const {
            return options.clock ? options.clock() : std::chrono::system_clock::now();
        }
        std::vector<any_credentials_provider> providers;
        credentials_chain_options options;
        std::mutex mutex;
        std::optional<credentials> cached;
    };

    bool fresh(const credentials& c, std::chrono::system_clock::time_point now) const {
        return !c.expiration || now + state_->options.refresh_margin < *c.expiration;
    }

    config_result<credentials> search() const {
        std::string tried;
        for (const auto& provider : state_->providers) {
            auto found = provider.try_get_credentials();
            if (found)
                return found;
            if (found.error().code != errc::no_credentials)
                return found;
            tried += "\n  - " + found.error().message;
        }
        if (state_->providers.empty())
            tried = " (no sources configured)";
        return detail::credentials_failure(
            errc::no_credentials, "no credentials found; sources tried, in order:" + tried);
    }

    std::shared_ptr<state> state_;
};

/// The SDKs' default order, without network sources: explicit credentials (when given), the
/// environment, the profile's static keys, the profile's credential_process.
inline credentials_chain
make_default_credentials_chain(const environment& env,
                               const std::optional<std::string>& profile_name = std::nullopt,
                               std::optional<credentials> explicit_credentials = std::nullopt,
                               credentials_chain_options options = {}) {
    std::vector<any_credentials_provider> providers;
    if (explicit_credentials)
        providers.emplace_back(static_credentials_provider(*explicit_credentials));
    providers.emplace_back(environment_credentials_provider(env));
    providers.emplace_back(profile_credentials_provider(env, profile_name));
    providers.emplace_back(process_credentials_provider(env, profile_name));
    return credentials_chain(std::move(providers), std::move(options));
}

static_assert(nothrow_credentials_provider<static_credentials_provider>);
static_assert(nothrow_credentials_provider<environment_credentials_provider>);
static_assert(nothrow_credentials_provider<profile_credentials_provider>);
static_assert(nothrow_credentials_provider<process_credentials_provider>);
static_assert(nothrow_credentials_provider<credentials_chain>);
static_assert(nothrow_credentials_provider<any_credentials_provider>);

} // namespace awsml
