#pragma once

// Valid sample values for any described shape, derived from its description: every member set
// (optional ones too), lists and maps with two entries, enums at their first value, and strings
// that satisfy the member's constraints. A pattern has a sample only if it is listed here, so a
// new pattern in the model fails the tests until it gets one.

#include <awsml/model/open_enum.hpp>
#include <awsml/model/shape.hpp>
#include <awsml/model/timestamp.hpp>

#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

namespace awsml_test {

inline std::string sample_matching(std::string_view pattern) {
    static const std::map<std::string_view, std::string_view> samples{
        {"[a-zA-Z0-9_.-]+", "ml-Sample_1.x"},
        {"arn:aws:iam::[0-9]+:((user/.+)|(root))", "arn:aws:iam::123456789012:user/dev"},
        {"https://[a-zA-Z0-9-.]*\\.amazon(aws)?\\.com[/]?",
         "https://realtime.machinelearning.us-east-1.amazonaws.com"},
        {"s3://([^/]+)(/.*)?", "s3://bucket/data/part-1.csv"},
        {".*\\S.*|^$", "a name, with \"quotes\" and \\u00e9: \xc3\xa9"},
        {"[a-z0-9-]+", "cluster-1"},
        {"[a-z0-9]+", "db1"},
        {"^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", "env:prod caf\xc3\xa9 2"},
    };
    auto found = samples.find(pattern);
    if (found == samples.end())
        throw std::logic_error("shape_samples.hpp: no sample for the pattern " +
                               std::string(pattern));
    return std::string(found->second);
}

// The pattern among a member's constraints (also inside named constraint sets), if any.
template <class C>
std::optional<std::string_view> pattern_of(const C& c) {
    if constexpr (std::is_same_v<C, awsml::pattern>) {
        return c.regex;
    } else if constexpr (requires { c.set; }) { // each(...): the pattern of a list's elements
        return pattern_of(c.set);
    } else if constexpr (requires { c.items; }) {
        std::optional<std::string_view> found;
        std::apply(
            [&](const auto&... inner) { ((found = found ? found : pattern_of(inner)), ...); },
            c.items);
        return found;
    } else {
        return std::nullopt;
    }
}

template <class Rule>
std::optional<std::string_view> rule_pattern(const Rule& rule) {
    std::optional<std::string_view> found;
    std::apply([&](const auto&... c) { ((found = found ? found : pattern_of(c)), ...); },
               rule.constraints);
    return found;
}

template <class T>
T sample(std::optional<std::string_view> pattern, int seed);

template <class T>
void fill(T& value, std::optional<std::string_view> pattern, int seed) {
    value = sample<T>(pattern, seed);
}

template <class T>
T sample(std::optional<std::string_view> pattern, int seed) {
    if constexpr (awsml::detail::is_optional<T>::value) {
        return sample<typename T::value_type>(pattern, seed);
    } else if constexpr (std::is_same_v<T, std::string>) {
        return pattern ? sample_matching(*pattern) : "text " + std::to_string(seed) + " \"\\\n";
    } else if constexpr (std::is_same_v<T, bool>) {
        return seed % 2 == 0;
    } else if constexpr (std::is_same_v<T, float>) {
        return 0.25f + static_cast<float>(seed);
    } else if constexpr (std::is_floating_point_v<T>) {
        return 0.1 + seed;
    } else if constexpr (std::is_integral_v<T>) {
        return static_cast<T>(seed + 1);
    } else if constexpr (std::is_same_v<T, awsml::timestamp>) {
        return awsml::timestamp(std::chrono::milliseconds(1'500'000'000'123LL + seed));
    } else if constexpr (awsml::detail::open_enumeration<T>) {
        using known = typename T::known_type;
        return T(boost::mp11::mp_front<boost::describe::describe_enumerators<known>>::value);
    } else if constexpr (awsml::detail::described_shape<T>) {
        T shape{};
        awsml::detail::for_each_member<T>(
            [&](auto d, const auto& rule) { fill(shape.*d.pointer, rule_pattern(rule), seed); });
        return shape;
    } else if constexpr (requires { typename T::mapped_type; }) {
        T map;
        for (int i = 1; i <= 2; ++i)
            map.emplace("key" + std::to_string(i),
                        sample<typename T::mapped_type>(std::nullopt, seed + i));
        return map;
    } else {
        T list;
        for (int i = 1; i <= 2; ++i)
            list.push_back(sample<typename T::value_type>(pattern, seed + i));
        return list;
    }
}

/// A valid value of shape T with every member set.
template <class T>
T sample_shape(int seed = 0) {
    return sample<T>(std::nullopt, seed);
}

} // namespace awsml_test
