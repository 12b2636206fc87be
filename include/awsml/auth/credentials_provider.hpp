#pragma once

/// \file
/// Where credentials come from, as the AWS SDKs look for them, without any network call.
///
/// The concept, stated once: a credentials provider `p` of type P supports
///
///     credentials c = p.get_credentials();   // throws awsml::error
///
/// and may also support the non-throwing
///
///     config_result<credentials> r = p.try_get_credentials();
///
/// Failure codes carry a meaning that chains rely on:
///
/// - errc::no_credentials: this source has nothing; a chain tries the next one.
/// - anything else (errc::config_error, errc::credential_process_failed, ...): this source is
///   configured but broken; a chain stops and reports it, as the SDKs do for partial
///   credentials.
///
/// Messages name the source and why it gave nothing, never a secret.
///
/// Here: the concept, the sources that need no network and run nothing
/// (static_credentials_provider, environment_credentials_provider, profile_credentials_provider),
/// any_credentials_provider, which holds any provider (a user's own too) by value, and
/// credentials_chain, which tries providers in order, caches and refreshes before expiry. The
/// other sources (credential_process and the network ones) have a header each beside this one;
/// default_credentials_chain.hpp puts them all in botocore's order.

#include <awsml/auth/credentials.hpp>
#include <awsml/config/detail/ini.hpp>
#include <awsml/config/shared_config.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/model/timestamp.hpp>

#include <chrono>
#include <concepts>
#include <condition_variable>
#include <cstdint>
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

namespace awsml {

/// Anything with `credentials get_credentials()`, which throws awsml::error on failure: what
/// any_credentials_provider (and so credentials_chain) accepts, a user's own provider included.
/// The error's code tells a chain what to do: errc::no_credentials means "this source has
/// nothing, try the next one"; any other code means "configured but broken" and stops the
/// search. Any other std::exception a provider throws counts as errc::no_credentials.
template <class P>
concept credentials_provider = requires(P& provider) {
    { provider.get_credentials() } -> std::same_as<credentials>;
};

/// A provider that also reports failures as values: `config_result<credentials>
/// try_get_credentials()` gives the same outcomes as get_credentials() without throwing. Every
/// provider shipped here is one.
template <class P>
concept nothrow_credentials_provider = credentials_provider<P> && requires(P& provider) {
    { provider.try_get_credentials() } -> std::same_as<config_result<credentials>>;
};

namespace detail {

inline config_failure credentials_failure(errc code, std::string message) {
    return {make_error_code(code), std::move(message)};
}

/// Gives every shipped provider its throwing form from its non-throwing one.
template <class Derived>
struct throwing_from_try {
    credentials get_credentials() {
        return static_cast<Derived&>(*this).try_get_credentials().value();
    }
};

/// What the sources that read their profile at each call share: the environment, the profile's
/// name (else AWS_DEFAULT_PROFILE, else AWS_PROFILE, else "default") and their options.
template <class Derived, class Options>
class profile_source : public throwing_from_try<Derived> {
public:
    /// Nothing is read until the first call.
    explicit profile_source(environment env, std::optional<std::string> profile_name = std::nullopt,
                            Options options = {})
        : env_(std::move(env))
        , profile_name_(std::move(profile_name))
        , options_(std::move(options)) {}

protected:
    /// Both shared files, with the profile this source reads; failures as values.
    config_result<shared_config> try_load_profile_files() const {
        return try_load_shared_config(env_, profile_name_);
    }

    environment env_;
    std::optional<std::string> profile_name_;
    Options options_;
};

} // namespace detail

/// Credentials given in code, returned as they are at every call. Immutable, so safe to use from
/// any number of threads.
class static_credentials_provider : public detail::throwing_from_try<static_credentials_provider> {
public:
    /// `given.source`, when empty, becomes "static". Empty keys are accepted here and reported
    /// by try_get_credentials(), so that a chain can go on to its next source.
    explicit static_credentials_provider(credentials given)
        : credentials_(std::move(given)) {
        if (credentials_.source.empty())
            credentials_.source = "static";
    }

    /// The credentials given; errc::no_credentials when their access key id or secret access key
    /// is empty.
    config_result<credentials> try_get_credentials() const {
        if (credentials_.empty())
            return detail::credentials_failure(
                errc::no_credentials, "static: the explicit credentials have an empty access key "
                                      "id or secret access key");
        return credentials_;
    }

    /// The credentials given, or nullopt when they are empty; never blocks (see
    /// any_credentials_provider::cached_credentials).
    std::optional<credentials> cached_credentials() const {
        if (credentials_.empty())
            return std::nullopt;
        return credentials_;
    }

private:
    credentials credentials_;
};

/// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and optionally a session token: the older
/// AWS_SECURITY_TOKEN, else AWS_SESSION_TOKEN. botocore reads them in that order (its
/// EnvProvider.TOKENS), so where both are set the older one wins there, and here too.
/// AWS_ACCOUNT_ID, when set, is the credentials' account_id.
class environment_credentials_provider
    : public detail::throwing_from_try<environment_credentials_provider> {
public:
    /// Reads the variables through `env` (environment::process() for the real ones) at each call.
    explicit environment_credentials_provider(environment env)
        : env_(std::move(env)) {}

    /// Reads the variables now (empty ones count as unset). Neither key set: errc::no_credentials.
    /// Only one of the two set: errc::config_error naming the missing one.
    /// AWS_CREDENTIAL_EXPIRATION (ISO 8601), as botocore reads it, is the credentials'
    /// expiration: a chain then reads the variables again as it nears, and once it has passed
    /// they are an error (errc::config_error) rather than a request AWS refuses as ExpiredToken.
    /// Nothing is cached; safe to call from several threads when `env` is.
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
        found.session_token =
            env_.get("AWS_SECURITY_TOKEN").value_or(env_.get("AWS_SESSION_TOKEN").value_or(""));
        found.source = "environment";
        found.account_id = env_.get("AWS_ACCOUNT_ID").value_or("");
        if (auto expiration = env_.get("AWS_CREDENTIAL_EXPIRATION")) {
            auto when = read_expiration(*expiration);
            if (!when)
                return when.error();
            found.expiration = *when;
        }
        return found;
    }

private:
    static config_result<std::chrono::system_clock::time_point>
    read_expiration(const std::string& text) {
        auto when = system_time_from_iso8601(text);
        if (!when)
            return detail::credentials_failure(
                errc::config_error, "environment: AWS_CREDENTIAL_EXPIRATION " + in_quotes(text) +
                                        " is not an ISO 8601 timestamp within the clock's range");
        if (*when <= std::chrono::system_clock::now())
            return detail::credentials_failure(
                errc::config_error, "environment: the credentials in AWS_ACCESS_KEY_ID and "
                                    "AWS_SECRET_ACCESS_KEY expired at " +
                                        text + " (AWS_CREDENTIAL_EXPIRATION); set fresh ones");
        return *when;
    }

    environment env_;
};

/// aws_access_key_id, aws_secret_access_key and aws_session_token (or its older name
/// aws_security_token) of the profile, with its aws_account_id: the
/// credentials file's values first, then the config file's. The files are read at each call.
class profile_credentials_provider
    : public detail::throwing_from_try<profile_credentials_provider> {
public:
    /// Which shared file's keys count. botocore reads the credentials file's before
    /// credential_process and the config file's after it; `either` reads both at once (the
    /// credentials file's win).
    enum class keys_from { either, credentials_file, config_file };

    /// `profile_name`: else AWS_DEFAULT_PROFILE, else AWS_PROFILE, else "default".
    explicit profile_credentials_provider(environment env,
                                          std::optional<std::string> profile_name = std::nullopt,
                                          keys_from file = keys_from::either)
        : env_(std::move(env))
        , profile_name_(std::move(profile_name))
        , file_(file) {}

    /// Loads both shared files now, then from_profile(). A file that cannot be read or parsed, or
    /// a profile chosen by name that neither file has: errc::config_error. Nothing is cached, so
    /// edits to the files are seen at the next call; safe to call from several threads.
    config_result<credentials> try_get_credentials() const {
        auto shared = try_load_shared_config(env_, profile_name_);
        if (!shared)
            return shared.error();
        return from_profile(*shared, file_);
    }

    /// The keys of an already loaded `shared.profile`, from `file`. Neither key: errc::
    /// no_credentials. Only one of them: errc::config_error naming the file and line of the one
    /// that is set. The result's source is "profile:NAME".
    static config_result<credentials> from_profile(const shared_config& shared,
                                                   keys_from file = keys_from::either) {
        const profile& p = shared.profile;
        auto in_file = [&](std::string_view key) -> const config_setting* {
            const config_setting* setting = p.find(key);
            if (!setting || file == keys_from::either)
                return setting;
            const std::string& path =
                file == keys_from::credentials_file ? shared.credentials_file : shared.config_file;
            return setting->origin.starts_with(path + ":") ? setting : nullptr;
        };
        const config_setting* key_id = in_file("aws_access_key_id");
        const config_setting* secret = in_file("aws_secret_access_key");
        std::string label = "profile " + in_quotes(p.name);
        if (!key_id && !secret)
            return detail::credentials_failure(errc::no_credentials,
                                               label + ": no aws_access_key_id in " +
                                                   searched(shared, file));
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
        // aws_security_token first, as botocore's SharedCredentialProvider.TOKENS has them.
        const config_setting* token = in_file("aws_security_token");
        if (!token)
            token = in_file("aws_session_token");
        found.session_token = token ? token->value : "";
        found.source = "profile:" + p.name;
        if (const config_setting* account = in_file("aws_account_id"))
            found.account_id = account->value;
        return found;
    }

private:
    static std::string shown(const std::string& path) { return path.empty() ? "(no path)" : path; }

    static std::string searched(const shared_config& shared, keys_from file) {
        if (file == keys_from::credentials_file)
            return shown(shared.credentials_file);
        if (file == keys_from::config_file)
            return shown(shared.config_file);
        return shown(shared.credentials_file) + " or " + shown(shared.config_file);
    }

    environment env_;
    std::optional<std::string> profile_name_;
    keys_from file_;
};

/// Holds any credentials provider by value (shared between copies, so a chain's cache is too).
/// Calls go straight to the provider held, so it is as thread-safe as that provider (every
/// provider shipped here is safe to call from several threads). A default-constructed one holds
/// nothing and fails with errc::no_credentials.
class any_credentials_provider {
public:
    any_credentials_provider() = default;

    /// Takes `provider` (copied or moved in). A provider without try_get_credentials() reports
    /// failures by throwing: an awsml::error keeps its code and message; any other
    /// std::exception becomes errc::no_credentials with its what(), so that a chain goes on.
    template <credentials_provider P>
    requires(!std::same_as<std::remove_cvref_t<P>, any_credentials_provider>)
        any_credentials_provider(P provider) // NOLINT: implicit, as a std::function is
        : self_(std::make_shared<model<P>>(std::move(provider))) {}

    /// Adapts a plain function (e.g. client_config::credentials_provider).
    static any_credentials_provider from_function(std::function<credentials()> function) {
        return any_credentials_provider(function_provider{std::move(function)});
    }

    /// True when a provider is held (false after default construction).
    explicit operator bool() const noexcept { return self_ != nullptr; }

    /// The held provider's credentials, or its failure as a value (see the constructor for
    /// thrown exceptions); errc::no_credentials when nothing is held.
    config_result<credentials> try_get_credentials() const {
        if (!self_)
            return detail::credentials_failure(errc::no_credentials, "no credentials provider set");
        return self_->try_get();
    }

    /// As try_get_credentials(), throwing awsml::error with the failure's code and message.
    credentials get_credentials() const { return try_get_credentials().value(); }

    /// Credentials the provider can give at once, without running a source or waiting for one
    /// (a chain's fresh cache, static credentials); nullopt otherwise. A caller on an io thread
    /// uses it to skip handing the work to another thread.
    std::optional<credentials> cached_credentials() const {
        return self_ ? self_->cached() : std::nullopt;
    }

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
        virtual config_result<credentials> try_get() noexcept = 0;
        virtual std::optional<credentials> cached() = 0;
    };

    template <class P>
    struct model final : concept_base {
        explicit model(P p)
            : provider(std::move(p)) {}
        // Never throws: a provider runs on a thread of its own (runtime/detail/
        // credentials_resolution.hpp) and inside a chain's refresh, where an exception would end
        // the process or leave the chain refreshing for ever.
        config_result<credentials> try_get() noexcept override {
            try {
                if constexpr (nothrow_credentials_provider<P>)
                    return provider.try_get_credentials();
                else
                    return provider.get_credentials();
            } catch (const error& e) {
                return config_failure{e.code(), e.what()};
            } catch (const std::exception& e) {
                // A user's throwing provider says "nothing here" with any other exception, so
                // that a chain goes on; a non-throwing one that throws anyway has failed.
                return detail::credentials_failure(nothrow_credentials_provider<P>
                                                       ? errc::credentials_source_failed
                                                       : errc::no_credentials,
                                                   e.what());
            } catch (...) {
                return detail::credentials_failure(
                    errc::credentials_source_failed,
                    "a credentials provider threw something that is not a std::exception");
            }
        }
        std::optional<credentials> cached() override {
            if constexpr (requires {
                              {
                                  provider.cached_credentials()
                                  } -> std::same_as<std::optional<credentials>>;
                          })
                return provider.cached_credentials();
            else
                return std::nullopt;
        }
        P provider;
    };

    std::shared_ptr<concept_base> self_;
};

/// When a credentials_chain refreshes what it cached; botocore's defaults. Only credentials with
/// an expiration are ever refreshed, and a refresh starts only within advisory_refresh, so keep
/// it at least mandatory_refresh.
struct credentials_chain_options {
    /// Within this time of their expiration, cached credentials are refreshed by the first caller
    /// that sees it; a failed refresh keeps them, and callers meanwhile use them without waiting
    /// (botocore's advisory refresh).
    std::chrono::seconds advisory_refresh = std::chrono::minutes(15);
    /// Within this time of their expiration, callers wait for the refresh; its failure is theirs
    /// (botocore's mandatory refresh).
    std::chrono::seconds mandatory_refresh = std::chrono::minutes(10);
    /// Injectable for tests; default: std::chrono::system_clock::now.
    std::function<std::chrono::system_clock::time_point()> clock;
};

/// Tries its providers in order; the first to give credentials wins, and they are cached (for
/// good when they have no expiration) and refreshed ahead of expiry as botocore does (see
/// credentials_chain_options). Thread-safe, and at most one search runs at a time: callers that
/// need credentials while one is running wait for it and share its result. A provider failing
/// with a code other than errc::no_credentials stops the search with that failure.
class credentials_chain {
public:
    /// Tries `providers` in this order; none is called before the first call. Copies of the
    /// chain share its providers and cache. No providers: every call fails with
    /// errc::no_credentials.
    explicit credentials_chain(std::vector<any_credentials_provider> providers,
                               credentials_chain_options options = {})
        : state_(std::make_shared<state>(std::move(providers), std::move(options))) {}

    /// The cached credentials while they are fresh; otherwise searches (or waits for the search
    /// another thread is running). A search fails with the first provider failure whose code is
    /// not errc::no_credentials, or with errc::no_credentials listing every source's message in
    /// order when all have nothing. A failed search is not cached: the next call searches again.
    /// Blocks for as long as the providers take (network sources have their own timeouts).
    config_result<credentials> try_get_credentials() const {
        std::unique_lock lock(state_->mutex);
        for (;;) {
            const auto now = state_->now();
            const std::optional<credentials>& cached = state_->cached;
            if (cached && !needs_refresh(*cached, now, state_->options.advisory_refresh))
                return *cached;
            if (!state_->refreshing)
                return refresh(lock, now);
            if (cached && usable_meanwhile(*cached, now))
                return *cached;
            const auto generation = state_->generation;
            state_->refreshed.wait(lock, [&] { return state_->generation != generation; });
            if (state_->last_failure)
                return *state_->last_failure;
            if (cached)
                return *cached;
        }
    }

    /// As try_get_credentials(), throwing awsml::error with the failure's code and message.
    credentials get_credentials() const { return try_get_credentials().value(); }

    /// The cached credentials when no refresh is due yet: never runs a provider, never waits
    /// for one (so a caller on an io thread may use it to skip a trip to another thread).
    std::optional<credentials> cached_credentials() const {
        std::lock_guard lock(state_->mutex);
        if (state_->cached &&
            !needs_refresh(*state_->cached, state_->now(), state_->options.advisory_refresh))
            return state_->cached;
        return std::nullopt;
    }

    /// Drops the cache, so the next call searches again.
    void invalidate() const {
        std::lock_guard lock(state_->mutex);
        state_->cached.reset();
    }

private:
    using time_point = std::chrono::system_clock::time_point;

    struct state {
        state(std::vector<any_credentials_provider> p, credentials_chain_options o)
            : providers(std::move(p))
            , options(std::move(o)) {}
        time_point now() const {
            return options.clock ? options.clock() : std::chrono::system_clock::now();
        }
        std::vector<any_credentials_provider> providers;
        credentials_chain_options options;
        std::mutex mutex;
        std::condition_variable refreshed;
        std::optional<credentials> cached;
        bool refreshing = false;
        std::uint64_t generation = 0;               ///< searches finished
        std::optional<config_failure> last_failure; ///< of the last search, for its waiters
    };

    static bool needs_refresh(const credentials& c, time_point now, std::chrono::seconds window) {
        return c.expiration && now + window >= *c.expiration;
    }

    // Outside the mandatory window, a caller need not wait for a refresh under way.
    bool usable_meanwhile(const credentials& c, time_point now) const {
        return !needs_refresh(c, now, state_->options.mandatory_refresh);
    }

    // Runs the search without the lock, so that other callers can use still-valid credentials.
    config_result<credentials> refresh(std::unique_lock<std::mutex>& lock, time_point now) const {
        state_->refreshing = true;
        lock.unlock();
        config_result<credentials> found = search_without_throwing();
        lock.lock();
        state_->refreshing = false;
        ++state_->generation;
        state_->last_failure.reset();
        if (found) {
            state_->cached = *found;
        } else if (state_->cached && usable_meanwhile(*state_->cached, now)) {
            found = *state_->cached; // an advisory refresh failed: keep what is still valid
        } else {
            state_->last_failure = found.error();
        }
        state_->refreshed.notify_all();
        return found;
    }

    // Whatever happens, the refresh ends and its waiters wake (providers do not throw; this
    // is for running out of memory while building messages).
    config_result<credentials> search_without_throwing() const noexcept {
        try {
            return search();
        } catch (...) {
            return config_failure{make_error_code(errc::credentials_source_failed),
                                  "the credentials search failed with an exception"};
        }
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

static_assert(nothrow_credentials_provider<static_credentials_provider>);
static_assert(nothrow_credentials_provider<environment_credentials_provider>);
static_assert(nothrow_credentials_provider<profile_credentials_provider>);
static_assert(nothrow_credentials_provider<credentials_chain>);
static_assert(nothrow_credentials_provider<any_credentials_provider>);

} // namespace awsml
