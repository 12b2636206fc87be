#pragma once

// A fresh folder under the system's temporary folder, removed with everything in it: the
// emulator's state files and S3 roots in the tests.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <system_error>

#include <unistd.h>

namespace awsml_test {

class scratch_folder {
public:
    scratch_folder() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "awsml-test-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path_ = pattern;
    }
    scratch_folder(const scratch_folder&) = delete;
    scratch_folder& operator=(const scratch_folder&) = delete;
    ~scratch_folder() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }

    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

    /// The names of the files directly in the folder.
    std::set<std::string> names() const {
        std::set<std::string> out;
        for (const auto& entry : std::filesystem::directory_iterator(path_))
            out.insert(entry.path().filename().string());
        return out;
    }

    /// Writes `content` at `relative` (e.g. "bucket/key" in an S3 root), folders included.
    void put(const std::string& relative, const std::string& content) const {
        const std::filesystem::path file = path_ / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << content;
    }

    /// Makes the folder `relative` (a bucket in an S3 root), folders above it included.
    void make_folder(const std::string& relative) const {
        std::filesystem::create_directories(path_ / relative);
    }

    /// The content of the file at `name` (relative to the folder, or absolute); "" when there
    /// is none.
    std::string content(const std::string& name) const {
        std::ifstream in(path_ / name, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }

private:
    std::filesystem::path path_;
};

} // namespace awsml_test
