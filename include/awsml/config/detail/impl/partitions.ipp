#pragma once

// The definitions behind partitions.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

#include <awsml/config/detail/partitions.hpp>

namespace awsml::detail {

AWSML_DECL const partition& partition_for_region(std::string_view region) noexcept {
    for (const auto& p : partitions)
        if (p.lists_region(region))
            return p;
    for (const auto& p : partitions)
        if (p.region_matches_regex(region))
            return p;
    return partitions[0];
}

} // namespace awsml::detail
