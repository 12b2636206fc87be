#pragma once

// awsml-local's S3: a folder on disk (--s3-root DIR) where s3://bucket/key is DIR/bucket/key.
// Data sources read their CSV files and schemas from it, models their recipes, and batch
// predictions write their results into it.
//
// A DataLocationS3 that names a file reads that file; one that ends in '/' or names a folder
// reads every file below it, in name order, as Amazon ML reads every object under a prefix.
// Keys never leave the root: "..", "." and empty segments are refused.

#include <awsml-local/spec_error.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace awsml::local {

/// The files behind one S3 location, and their total size.
struct s3_objects {
    std::vector<std::filesystem::path> files; ///< in name order
    std::uintmax_t total_bytes = 0;
};

class s3_files {
public:
    s3_files() = default;
    /// `root` empty: no S3 at all; every location is then refused with a message saying so.
    explicit s3_files(std::filesystem::path root)
        : root_(std::move(root)) {}

    bool configured() const noexcept { return !root_.empty(); }
    const std::filesystem::path& root() const noexcept { return root_; }

    /// The path of s3://bucket/key, or why it has none.
    spec_result<std::filesystem::path> path_of(std::string_view url) const;

    /// The files a data location names (a file, or every file under a prefix but the schemas,
    /// whose names end with .schema).
    spec_result<s3_objects> list(std::string_view url) const;

    /// The s3:// URL of a file under the root (one that list() gave).
    std::string url_of(const std::filesystem::path& file) const {
        return "s3://" + file.lexically_relative(root_).generic_string();
    }

    /// The whole content of the object at `url`.
    spec_result<std::string> read(std::string_view url) const;

    /// Writes `content` at `url`, creating its folders; returns the path written.
    spec_result<std::filesystem::path> write(std::string_view url, std::string_view content) const;

private:
    std::filesystem::path root_;
};

/// The whole content of a file, or why it cannot be read.
spec_result<std::string> read_whole_file(const std::filesystem::path& path);

} // namespace awsml::local
