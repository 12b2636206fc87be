#pragma once

/// \file
/// Members marked `sensitive` (database passwords) replaced by "<redacted>", for what is logged
/// of a request: the request itself still carries them.

#include <awsml/model/shape.hpp>

#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace awsml::detail {

template <class T>
constexpr bool has_sensitive_members();

template <class T>
constexpr bool holds_sensitive() {
    if constexpr (described_shape<T>)
        return has_sensitive_members<T>();
    else if constexpr (requires { typename T::mapped_type; })
        return holds_sensitive<typename T::mapped_type>();
    else if constexpr (requires { typename T::value_type; } && !std::is_same_v<T, std::string>)
        return holds_sensitive<typename T::value_type>(); // std::optional, std::vector
    else
        return false;
}

/// Whether any member of T, at any depth, is sensitive.
template <class T>
constexpr bool has_sensitive_members() {
    bool found = false;
    for_each_member<T>([&](auto d, const auto& rule) {
        using member = std::remove_cvref_t<decltype(std::declval<const T&>().*d.pointer)>;
        found = found || has_constraint<sensitive_constraint>(rule) || holds_sensitive<member>();
    });
    return found;
}

template <class T>
void redact_sensitive(T& value) {
    if constexpr (is_optional<T>::value) {
        if (value)
            redact_sensitive(*value);
    } else if constexpr (described_shape<T>) {
        for_each_member<T>([&](auto d, const auto& rule) {
            auto& member = value.*d.pointer;
            using member_type = std::remove_cvref_t<decltype(member)>;
            if constexpr (std::is_same_v<member_type, std::string>) {
                if (has_constraint<sensitive_constraint>(rule))
                    member = "<redacted>";
            } else if constexpr (std::is_same_v<member_type, std::optional<std::string>>) {
                if (has_constraint<sensitive_constraint>(rule) && member)
                    member = "<redacted>";
            } else {
                redact_sensitive(member);
            }
        });
    } else if constexpr (requires { typename T::mapped_type; }) {
        for (auto& entry : value)
            redact_sensitive(entry.second);
    } else if constexpr (requires { typename T::value_type; } && !std::is_same_v<T, std::string>) {
        for (auto& element : value)
            redact_sensitive(element);
    }
}

} // namespace awsml::detail
