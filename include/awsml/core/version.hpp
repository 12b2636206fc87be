#pragma once

#include <string_view>

// The version is written once, in these macros, so that preprocessor tests work too:
//     #if AWSML_VERSION >= 100 // 0.1.0 or newer
// AWSML_VERSION is MAJOR * 10000 + MINOR * 100 + PATCH (0.1.0 is 100, 1.2.3 is 10203; minor and
// patch stay below 100). meson.build's project version, CMakeLists.txt and the package recipes
// must agree (tests/install/check_packaging.py compares them).
#define AWSML_VERSION_MAJOR 0
#define AWSML_VERSION_MINOR 1
#define AWSML_VERSION_PATCH 0
#define AWSML_VERSION                                                                              \
    (AWSML_VERSION_MAJOR * 10000 + AWSML_VERSION_MINOR * 100 + AWSML_VERSION_PATCH)

// Spells the version string from the macros (undefined again below).
#define AWSML_DETAIL_STRINGIFY_IMPL(x) #x
#define AWSML_DETAIL_STRINGIFY(x) AWSML_DETAIL_STRINGIFY_IMPL(x)

namespace awsml {

inline constexpr int version_major = AWSML_VERSION_MAJOR;
inline constexpr int version_minor = AWSML_VERSION_MINOR;
inline constexpr int version_patch = AWSML_VERSION_PATCH;
inline constexpr std::string_view version_string =
    AWSML_DETAIL_STRINGIFY(AWSML_VERSION_MAJOR) "." AWSML_DETAIL_STRINGIFY(
        AWSML_VERSION_MINOR) "." AWSML_DETAIL_STRINGIFY(AWSML_VERSION_PATCH);

} // namespace awsml

#undef AWSML_DETAIL_STRINGIFY
#undef AWSML_DETAIL_STRINGIFY_IMPL
