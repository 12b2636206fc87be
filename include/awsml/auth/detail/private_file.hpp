#pragma once

// Replacing a file that holds secrets (the SSO token cache) as botocore's JSONFileCache does:
// the new content goes to a temporary file in the same folder, created with mode 0600 so that no
// other user can ever open it, flushed to disk, then renamed over the old file, so a reader sees
// the old content or the new, never a mix. POSIX-specific (open with O_EXCL and a mode, fsync).

#if !defined(__unix__) && !(defined(__APPLE__) && defined(__MACH__))
#error "awsml needs a POSIX system (open with O_EXCL and a mode, fsync, rename) to write the \
SSO token cache; this platform is not supported"
#endif

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace awsml::detail {

inline std::string temporary_name_beside(const std::string& path) {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return path + "." + std::to_string(engine()) + ".tmp";
}

/// Writes `content` to `path` atomically with mode 0600, creating the folder (mode 0700) when
/// missing. nullopt on success, else why not (naming the path, never the content).
inline std::optional<std::string> replace_private_file(const std::string& path,
                                                       std::string_view content) {
    const auto slash = path.rfind('/');
    if (slash != std::string::npos && slash > 0) {
        const std::string folder = path.substr(0, slash);
        if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
            return "cannot create " + folder + ": " + std::strerror(errno);
    }
    const std::string temporary = temporary_name_beside(path);
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return "cannot create " + temporary + ": " + std::strerror(errno);
    auto fail = [&](const char* what) {
        const int cause = errno;
        ::close(fd);
        ::unlink(temporary.c_str());
        return std::string(what) + " " + temporary + ": " + std::strerror(cause);
    };
    for (std::size_t written = 0; written < content.size();) {
        const ssize_t count = ::write(fd, content.data() + written, content.size() - written);
        if (count < 0 && errno == EINTR)
            continue;
        if (count < 0)
            return fail("cannot write");
        written += static_cast<std::size_t>(count);
    }
    if (::fsync(fd) != 0)
        return fail("cannot flush");
    if (::close(fd) != 0) {
        const int cause = errno;
        ::unlink(temporary.c_str());
        return "cannot close " + temporary + ": " + std::strerror(cause);
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const int cause = errno;
        ::unlink(temporary.c_str());
        return "cannot rename " + temporary + " to " + path + ": " + std::strerror(cause);
    }
    return std::nullopt;
}

} // namespace awsml::detail
