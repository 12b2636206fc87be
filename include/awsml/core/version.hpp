#pragma once

/// \file
/// awsml's version, as macros for the preprocessor and as constants for C++.

#include <string_view>

// The version is written once, in these macros, so that preprocessor tests work too:
//     #if AWSML_VERSION >= 100 // 0.1.0 or newer
// AWSML_VERSION is MAJOR * 10000 + MINOR * 100 + PATCH (0.1.0 is 100, 1.2.3 is 10203; minor and
// patch stay below 100). meson.build's project version, CMakeLists.txt and the package recipes
// must agree (tests/install/check_packaging.py compares them).
/// The major version: 0 while a minor version may still break the API (CHANGELOG.md says how).
#define AWSML_VERSION_MAJOR 0
/// The minor version.
#define AWSML_VERSION_MINOR 1
/// The patch version: fixes only.
#define AWSML_VERSION_PATCH 0
/// The version as one number, MAJOR * 10000 + MINOR * 100 + PATCH, for `#if AWSML_VERSION >= 100`.
#define AWSML_VERSION                                                                              \
    (AWSML_VERSION_MAJOR * 10000 + AWSML_VERSION_MINOR * 100 + AWSML_VERSION_PATCH)

// Spells the version string from the macros (undefined again below).
#define AWSML_DETAIL_STRINGIFY_IMPL(x) #x
#define AWSML_DETAIL_STRINGIFY(x) AWSML_DETAIL_STRINGIFY_IMPL(x)

namespace awsml {

inline constexpr int version_major = AWSML_VERSION_MAJOR; ///< AWSML_VERSION_MAJOR
inline constexpr int version_minor = AWSML_VERSION_MINOR; ///< AWSML_VERSION_MINOR
inline constexpr int version_patch = AWSML_VERSION_PATCH; ///< AWSML_VERSION_PATCH
/// "MAJOR.MINOR.PATCH", e.g. "0.1.0" (also in the User-Agent header of every request).
inline constexpr std::string_view version_string =
    AWSML_DETAIL_STRINGIFY(AWSML_VERSION_MAJOR) "." AWSML_DETAIL_STRINGIFY(
        AWSML_VERSION_MINOR) "." AWSML_DETAIL_STRINGIFY(AWSML_VERSION_PATCH);

} // namespace awsml

#undef AWSML_DETAIL_STRINGIFY
#undef AWSML_DETAIL_STRINGIFY_IMPL
