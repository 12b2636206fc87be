#pragma once

// Fault injection for awsml-local, deterministic: requests are numbered from 1 in the order the
// server finishes reading them, and whether request n gets a fault depends only on n, the
// schedule and the seed, never on timing. So a test that sends its requests one at a time sees
// the same faults on every run.
//
//     --fault throttle=0.2        each request, with probability 0.2: 400 ThrottlingException
//     --fault internal=every:3    requests 3, 6, 9, ...:               500 InternalServerException
//     --fault unavailable=first:2 requests 1 and 2:   503 ServiceUnavailableException
//     --fault drop=...            close the connection without answering
//     --fault truncate=...        send the headers and half the body, then close
//     --latency 250@every:2       delay the answer (or the fault) to requests 2, 4, ... by 250 ms
//     --seed 7                    the seed of the probabilities (default 1)
//
// When several kinds select the same request, the first of drop, truncate, unavailable,
// internal, throttle wins; latency adds to any of them.

#include <awsml-local/spec_error.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace awsml::local {

enum class fault_kind { drop, truncate, unavailable, internal_error, throttle };

inline constexpr std::array<fault_kind, 5> all_fault_kinds = {
    fault_kind::drop, fault_kind::truncate, fault_kind::unavailable, fault_kind::internal_error,
    fault_kind::throttle};

/// The flag name of a kind: "drop", "truncate", "unavailable", "internal", "throttle".
constexpr std::string_view fault_name(fault_kind kind) noexcept {
    switch (kind) {
    case fault_kind::drop:
        return "drop";
    case fault_kind::truncate:
        return "truncate";
    case fault_kind::unavailable:
        return "unavailable";
    case fault_kind::internal_error:
        return "internal";
    case fault_kind::throttle:
        return "throttle";
    }
    return "?";
}

/// Which requests a fault selects.
struct fault_schedule {
    enum class mode { never, probability, every, first };
    mode how = mode::never;
    double probability = 0; ///< mode::probability: 0 to 1
    std::uint64_t n = 0;    ///< mode::every: every n-th request; mode::first: the first n

    static fault_schedule always() { return {mode::every, 0, 1}; }

    /// Whether request `number` (from 1) is selected; `stream` keeps the draws of different
    /// kinds independent.
    bool selects(std::uint64_t number, std::uint64_t seed, std::uint64_t stream) const;
};

/// Parses "0.25" (a probability), "every:N" or "first:N".
inline spec_result<fault_schedule> parse_fault_schedule(std::string_view text);

struct fault_plan {
    std::uint64_t seed = 1;
    std::array<fault_schedule, all_fault_kinds.size()> schedules{}; ///< indexed by fault_kind
    std::chrono::milliseconds latency{0};
    fault_schedule latency_schedule = fault_schedule::always();

    fault_schedule& schedule(fault_kind kind) { return schedules[std::size_t(kind)]; }
    const fault_schedule& schedule(fault_kind kind) const { return schedules[std::size_t(kind)]; }

    /// The fault for request `number`, if any.
    std::optional<fault_kind> fault_for(std::uint64_t number) const;
    /// The delay added to request `number`.
    std::chrono::milliseconds delay_for(std::uint64_t number) const;

    /// Applies "--fault KIND=WHEN".
    spec_result<void> add_fault(std::string_view kind_and_schedule);
    /// Applies "--latency MS" or "--latency MS@WHEN".
    spec_result<void> set_latency(std::string_view spec);
};

// =============================================================================================
// Implementation

namespace detail::faults {

constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/// A uniform number in [0, 1) that depends only on its three inputs.
constexpr double uniform(std::uint64_t seed, std::uint64_t stream, std::uint64_t number) noexcept {
    const std::uint64_t bits = splitmix64(splitmix64(splitmix64(seed) ^ stream) ^ number);
    return double(bits >> 11) * 0x1.0p-53;
}

inline std::optional<std::uint64_t> parse_count(std::string_view text) {
    if (text.empty() || text.size() > 12)
        return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + std::uint64_t(c - '0');
    }
    return value;
}

/// "0", "1", "0.25", ".5": a probability; nullopt when not a number from 0 to 1.
inline std::optional<double> parse_probability(std::string_view text) {
    std::size_t pos = 0;
    double whole = 0;
    bool digits = false;
    for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos)
        whole = whole * 10 + (text[pos] - '0'), digits = true;
    double fraction = 0, scale = 1;
    if (pos < text.size() && text[pos] == '.')
        for (++pos; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos)
            scale /= 10, fraction += (text[pos] - '0') * scale, digits = true;
    const double value = whole + fraction;
    if (!digits || pos != text.size() || value > 1)
        return std::nullopt;
    return value;
}

} // namespace detail::faults

inline bool fault_schedule::selects(std::uint64_t number, std::uint64_t seed,
                                    std::uint64_t stream) const {
    switch (how) {
    case mode::never:
        return false;
    case mode::probability:
        return detail::faults::uniform(seed, stream, number) < probability;
    case mode::every:
        return n != 0 && number % n == 0;
    case mode::first:
        return number <= n;
    }
    return false;
}

inline spec_result<fault_schedule> parse_fault_schedule(std::string_view text) {
    using namespace detail::faults;
    auto counted = [&](std::string_view prefix, fault_schedule::mode how,
                       std::uint64_t minimum) -> std::optional<spec_result<fault_schedule>> {
        if (text.substr(0, prefix.size()) != prefix)
            return std::nullopt;
        auto n = parse_count(text.substr(prefix.size()));
        if (!n || *n < minimum)
            return spec_result<fault_schedule>(
                spec_error{"\"" + std::string(text) + "\": expected " + std::string(prefix) +
                           "N with N >= " + std::to_string(minimum)});
        return spec_result<fault_schedule>(fault_schedule{how, 0, *n});
    };
    if (auto every = counted("every:", fault_schedule::mode::every, 1))
        return *every;
    if (auto first = counted("first:", fault_schedule::mode::first, 0))
        return *first;
    if (auto p = parse_probability(text))
        return fault_schedule{fault_schedule::mode::probability, *p, 0};
    return spec_error{"\"" + std::string(text) +
                      "\" is not a schedule: expected a probability from 0 to 1 (0.25), "
                      "every:N or first:N"};
}

inline std::optional<fault_kind> fault_plan::fault_for(std::uint64_t number) const {
    for (fault_kind kind : all_fault_kinds)
        if (schedule(kind).selects(number, seed, std::uint64_t(kind) + 1))
            return kind;
    return std::nullopt;
}

inline std::chrono::milliseconds fault_plan::delay_for(std::uint64_t number) const {
    if (latency.count() <= 0)
        return latency.zero();
    return latency_schedule.selects(number, seed, 0) ? latency : latency.zero();
}

inline spec_result<void> fault_plan::add_fault(std::string_view kind_and_schedule) {
    const std::size_t equals = kind_and_schedule.find('=');
    const std::string_view name = kind_and_schedule.substr(0, equals);
    for (fault_kind kind : all_fault_kinds) {
        if (name != fault_name(kind))
            continue;
        if (equals == std::string_view::npos)
            return spec_error{"--fault " + std::string(kind_and_schedule) +
                              ": expected KIND=WHEN, e.g. " + std::string(name) + "=0.1"};
        auto when = parse_fault_schedule(kind_and_schedule.substr(equals + 1));
        if (!when)
            return spec_error{"--fault " + std::string(name) + ": " + when.error().message};
        schedule(kind) = *when;
        return {};
    }
    return spec_error{"--fault " + std::string(kind_and_schedule) + ": unknown fault \"" +
                      std::string(name) +
                      "\"; expected throttle, internal, unavailable, drop or truncate"};
}

inline spec_result<void> fault_plan::set_latency(std::string_view spec) {
    const std::size_t at = spec.find('@');
    auto ms = detail::faults::parse_count(spec.substr(0, at));
    if (!ms || *ms > 600'000)
        return spec_error{"--latency " + std::string(spec) +
                          ": expected milliseconds (0 to 600000), optionally @WHEN, e.g. 250 or "
                          "250@every:3"};
    fault_schedule when = fault_schedule::always();
    if (at != std::string_view::npos) {
        auto parsed = parse_fault_schedule(spec.substr(at + 1));
        if (!parsed)
            return spec_error{"--latency: " + parsed.error().message};
        when = *parsed;
    }
    latency = std::chrono::milliseconds(static_cast<std::int64_t>(*ms));
    latency_schedule = when;
    return {};
}

} // namespace awsml::local
