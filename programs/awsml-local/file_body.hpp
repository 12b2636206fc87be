#pragma once

// A response body sent from an open file, block by block, instead of held whole in memory: an
// S3 object may be gigabytes. The file stays open until the body is sent, so a client reads the
// bytes that were there when the request was answered, even if a write renames a new file over
// them meanwhile (writes never change a file in place; see s3_files.hpp's staged_file).

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <utility>

#include <unistd.h>

namespace awsml::local {

/// How much of a file_body is read and sent at a time: the memory one streamed answer holds.
inline constexpr std::size_t file_body_block_bytes = 256 * 1024;

class file_body {
public:
    /// Takes `fd` (closed with the body) and sends its `count` bytes from `first`.
    file_body(int fd, std::uint64_t first, std::uint64_t count) noexcept
        : fd_(fd)
        , next_(first)
        , left_(count) {}
    file_body(file_body&& other) noexcept
        : fd_(std::exchange(other.fd_, -1))
        , next_(other.next_)
        , left_(std::exchange(other.left_, 0)) {}
    file_body& operator=(file_body&& other) noexcept {
        if (this != &other) {
            close();
            fd_ = std::exchange(other.fd_, -1);
            next_ = other.next_;
            left_ = std::exchange(other.left_, 0);
        }
        return *this;
    }
    file_body(const file_body&) = delete;
    file_body& operator=(const file_body&) = delete;
    ~file_body() { close(); }

    /// The bytes not yet read.
    std::uint64_t left() const noexcept { return left_; }

    /// Keeps only the first `count` bytes of what is left to read (a truncated answer).
    void keep_first(std::uint64_t count) noexcept { left_ = count < left_ ? count : left_; }

    /// Reads the next `size` bytes (at most left()) into `out`; false if the file could not be
    /// read, or is shorter than when it was opened (cut in place by someone else).
    bool read_next(char* out, std::size_t size) noexcept {
        if (size > left_)
            return false;
        while (size > 0) {
            const ::ssize_t got = ::pread(fd_, out, size, static_cast<::off_t>(next_));
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0)
                return false;
            const auto read = static_cast<std::size_t>(got);
            out += read;
            size -= read;
            next_ += read;
            left_ -= read;
        }
        return true;
    }

private:
    void close() noexcept {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = -1;
    }

    int fd_ = -1;
    std::uint64_t next_ = 0;
    std::uint64_t left_ = 0;
};

} // namespace awsml::local
