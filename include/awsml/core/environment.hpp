#pragma once

/// \file
/// Environment variables as an injectable value: the client and the configuration loaders read
/// AWS_* variables through an `environment`, so tests build one from a map instead of calling
/// setenv (which is neither thread-safe nor local to a test).

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pwd.h>
#include <unistd.h>

namespace awsml {

/// Where AWS_* variables are read: the process environment, a fixed map, or any lookup. Cheap to
/// copy; copies share the lookup.
class environment {
public:
    /// Returns the variable's value, or nullopt when it is not set.
    using lookup_function = std::function<std::optional<std::string>(std::string_view name)>;
    /// Name to value, for from_map().
    using variable_map = std::map<std::string, std::string, std::less<>>;

    /// Reads variables through `lookup`, which must be safe to call from the threads that use
    /// the environment (a client's calls may run on several).
    explicit environment(lookup_function lookup)
        : lookup_(std::move(lookup)) {}

    /// The real process environment, read at each get() (so later changes are seen).
    static environment process() {
        environment real([](std::string_view name) -> std::optional<std::string> {
            const char* value = std::getenv(std::string(name).c_str());
            if (!value)
                return std::nullopt;
            return std::string(value);
        });
        real.home_from_user_database_ = true;
        return real;
    }

    /// A fixed set of variables, e.g. for tests.
    static environment from_map(variable_map variables) {
        auto shared = std::make_shared<const variable_map>(std::move(variables));
        return environment([shared](std::string_view name) -> std::optional<std::string> {
            auto found = shared->find(name);
            if (found == shared->end())
                return std::nullopt;
            return found->second;
        });
    }

    /// No variables at all: only explicit settings and defaults apply.
    static environment empty() { return from_map({}); }

    /// The variable's value as set, an empty one included (nullopt: not set), for the few
    /// variables whose empty value means something (an empty https_proxy: no proxy).
    std::optional<std::string> get_even_if_empty(std::string_view name) const {
        return lookup_ ? lookup_(name) : std::nullopt;
    }

    /// The variable's value; an empty value counts as unset, as the AWS SDKs treat it.
    std::optional<std::string> get(std::string_view name) const {
        if (!lookup_)
            return std::nullopt;
        auto value = lookup_(name);
        if (value && value->empty())
            return std::nullopt;
        return value;
    }

    /// The user's home directory, used for the default ~/.aws/ paths: HOME; for the process
    /// environment without HOME (a service started by systemd or cron), the user's entry in the
    /// user database, as Python's expanduser (botocore's) falls back.
    std::optional<std::string> home_directory() const {
        if (auto home = get("HOME"))
            return home;
        if (home_from_user_database_)
            return user_database_home();
        return std::nullopt;
    }

private:
    static std::optional<std::string> user_database_home() {
        // Directory services (LDAP, SSSD) may need more than a first guess: grow on ERANGE.
        for (std::size_t size = 16384; size <= 1024 * 1024;) {
            std::vector<char> buffer(size);
            passwd entry{};
            passwd* found = nullptr;
            const int failed = ::getpwuid_r(::getuid(), &entry, buffer.data(), size, &found);
            if (failed == EINTR)
                continue;
            if (failed == ERANGE) {
                size *= 2;
                continue;
            }
            if (failed != 0 || found == nullptr || found->pw_dir == nullptr ||
                *found->pw_dir == '\0')
                return std::nullopt;
            return std::string(found->pw_dir);
        }
        return std::nullopt;
    }

    lookup_function lookup_;
    bool home_from_user_database_ = false;
};

} // namespace awsml
