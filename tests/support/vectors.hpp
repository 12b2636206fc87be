#pragma once

// Where the shared test vectors live, and what to do when they are absent: a user's clone skips
// with a visible message; CI (AWSML_REQUIRE_VECTORS=1) fails instead.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace awsml_test {

inline std::filesystem::path vectors_root() {
    const char* dir = std::getenv("AWSML_VECTORS_DIR");
    return dir ? std::filesystem::path(dir) : std::filesystem::path("../shared");
}

inline bool vectors_required() {
    const char* flag = std::getenv("AWSML_REQUIRE_VECTORS");
    return flag && std::string(flag) == "1";
}

/// The path of a shared vector file or folder, or nullopt after reporting its absence
/// (a warning when vectors are optional, a failure when AWSML_REQUIRE_VECTORS=1).
inline std::optional<std::filesystem::path> shared_path(const std::string& relative) {
    auto path = vectors_root() / relative;
    if (std::filesystem::exists(path))
        return path;
    if (vectors_required()) {
        FAIL("required test vectors are missing: " << path.string());
    } else {
        WARN("SKIPPED: test vectors not found at " << path.string()
                                                   << " (set AWSML_VECTORS_DIR to run these)");
    }
    return std::nullopt;
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

} // namespace awsml_test
