#pragma once

// FNV-1a, 64 bits: a quick, stable hash for what must not change between runs (a random split's
// choice of records, a model's shuffle seed, a page token's binding to its query). Not for
// secrets.

#include <cstdint>
#include <string_view>

namespace awsml::local {

inline constexpr std::uint64_t fnv1a_basis = 1469598103934665603ull;

/// The hash of `text`, continuing from `hash` (the basis, or an earlier result).
constexpr std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = fnv1a_basis) noexcept {
    for (unsigned char c : text)
        hash = (hash ^ c) * 1099511628211ull;
    return hash;
}

} // namespace awsml::local
