#pragma once

/// \file
/// The AWS SDKs' defaults modes ("smart configuration defaults": AWS_DEFAULTS_MODE, the profile's
/// defaults_mode): default values for the settings a user leaves unset, per kind of
/// application. The values are the SDKs' shared sdk-default-configuration.json (version 1), as
/// botocore applies it: every mode but legacy takes the standard retry mode and the STS regional
/// endpoints (awsml's defaults already) and sets the connect timeout.

#include <awsml/core/detail/ascii.hpp>
#include <awsml/core/environment.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace awsml {

/// Which defaults apply to what a user leaves unset.
enum class defaults_mode {
    legacy,       ///< the default: awsml's own (3.1 s connect timeout, standard retries)
    standard,     ///< the SDKs' recommended values, safe in most places (3.1 s)
    in_region,    ///< calls to the region the application runs in (1.1 s)
    cross_region, ///< calls to another region (3.1 s)
    mobile,       ///< mobile applications (30 s)
    automatic     ///< in-region or cross-region where the runtime says where it runs, else standard
};

/// The mode's name as the settings spell it: "legacy", "standard", "in-region", "cross-region",
/// "mobile" or "auto".
constexpr std::string_view to_string(defaults_mode mode) noexcept {
    switch (mode) {
    case defaults_mode::legacy:
        return "legacy";
    case defaults_mode::standard:
        return "standard";
    case defaults_mode::in_region:
        return "in-region";
    case defaults_mode::cross_region:
        return "cross-region";
    case defaults_mode::mobile:
        return "mobile";
    case defaults_mode::automatic:
        return "auto";
    }
    return "unknown";
}

/// The mode a setting names, in any case (botocore lower-cases it); nullopt for another word.
constexpr std::optional<defaults_mode> parse_defaults_mode(std::string_view text) noexcept {
    constexpr defaults_mode all[] = {defaults_mode::legacy,       defaults_mode::automatic,
                                     defaults_mode::standard,     defaults_mode::in_region,
                                     defaults_mode::cross_region, defaults_mode::mobile};
    for (defaults_mode mode : all)
        if (detail::iequals(text, to_string(mode)))
            return mode;
    return std::nullopt;
}

/// The connect timeout a mode gives a transport whose own is unset; nullopt for legacy (the
/// transport's own default) and for automatic (resolve it first).
constexpr std::optional<std::chrono::milliseconds>
connect_timeout_for(defaults_mode mode) noexcept {
    using std::chrono::milliseconds;
    switch (mode) {
    case defaults_mode::in_region:
        return milliseconds(1100);
    case defaults_mode::standard:
    case defaults_mode::cross_region:
        return milliseconds(3100);
    case defaults_mode::mobile:
        return milliseconds(30000);
    case defaults_mode::legacy:
    case defaults_mode::automatic:
        return std::nullopt;
    }
    return std::nullopt;
}

/// What `auto` means for a client of `client_region`, as botocore decides it: where
/// AWS_EXECUTION_ENV says the application runs in an AWS runtime (Lambda, ECS...), in-region when
/// that runtime's AWS_REGION (else AWS_DEFAULT_REGION) is the client's, cross-region otherwise;
/// standard elsewhere. botocore then asks the instance metadata service for the instance's
/// region; awsml does not, so that building a client never waits on the network.
inline defaults_mode
resolve_automatic_defaults_mode(const environment& env,
                                const std::optional<std::string>& client_region) {
    if (!env.get("AWS_EXECUTION_ENV").value_or("").empty()) {
        std::optional<std::string> runtime_region = env.get("AWS_REGION");
        if (!runtime_region)
            runtime_region = env.get("AWS_DEFAULT_REGION");
        if (runtime_region && !runtime_region->empty())
            return runtime_region == client_region ? defaults_mode::in_region
                                                   : defaults_mode::cross_region;
    }
    return defaults_mode::standard;
}

} // namespace awsml
