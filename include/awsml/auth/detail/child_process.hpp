#pragma once

// Running a helper program and reading its standard output: the only POSIX-specific code of the
// library (posix_spawnp, pipes, poll, waitpid, process groups). credential_process uses it.
//
//   - The command line is split as a POSIX shell splits words (botocore's shlex.split), and the
//     program runs without a shell: nothing is expanded, piped or echoed.
//   - The child gets standard output on a pipe, the caller's standard input and error, and no
//     other descriptor (so pooled connections and files never leak into it).
//   - It runs in a process group of its own, so that a timeout kills it with its children,
//     except when this process is in the foreground of its terminal: there it stays in ours, as
//     botocore's child does, so that it may prompt on /dev/tty (an MFA code) without being
//     stopped as a background job; a timeout then kills the helper alone.
//   - Reading ends when the output is closed, or a short grace after the child has exited (a
//     helper that leaves a background child holding its output is not waited for).

#if !defined(__unix__) && !(defined(__APPLE__) && defined(__MACH__))
#error "awsml needs a POSIX system (posix_spawn, pipe, poll, waitpid, kill) to run \
credential_process helpers; this platform is not supported"
#endif

#include <awsml/config/detail/ini.hpp>
#include <awsml/core/error.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

namespace awsml::detail {

/// Splits a command line into words as a POSIX shell does (Python's shlex.split, which botocore
/// uses for credential_process): blanks and newlines separate words; '...' keeps everything
/// literally; "..." keeps everything but a backslash before '"' or '\'; outside quotes a
/// backslash keeps the next character. No expansion of any kind. An unterminated quote or a
/// trailing backslash is an error; the message does not quote the command (it may hold secrets).
inline config_result<std::vector<std::string>> split_command_line(std::string_view line) {
    auto failure = [](std::string what) {
        return config_failure{make_error_code(errc::config_error), std::move(what)};
    };
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (in_word)
                words.push_back(std::move(word));
            word.clear();
            in_word = false;
            continue;
        }
        in_word = true;
        if (c == '\\') {
            if (++i == line.size())
                return failure("the command line ends with a backslash that escapes nothing");
            word += line[i];
        } else if (c == '\'' || c == '"') {
            std::size_t opened_at = i;
            for (++i; i < line.size() && line[i] != c; ++i) {
                if (c == '"' && line[i] == '\\' && i + 1 < line.size() &&
                    (line[i + 1] == '"' || line[i + 1] == '\\'))
                    ++i;
                word += line[i];
            }
            if (i == line.size())
                return failure(std::string("the command line has no closing quotation for the ") +
                               c + " at offset " + std::to_string(opened_at));
        } else {
            word += c;
        }
    }
    if (in_word)
        words.push_back(std::move(word));
    if (words.empty())
        return failure("the command line is empty");
    return words;
}

struct child_process_limits {
    std::chrono::milliseconds timeout{60000}; ///< zero or less: no limit
    /// After the child has exited, how long to wait for its output to close (a background
    /// grandchild may hold it open) before taking what was read.
    std::chrono::milliseconds exit_grace{100};
    std::size_t max_output = 64 * 1024;
    /// In the terminal's foreground, run the child in our process group (it may read the
    /// terminal); false: always in a group of its own.
    bool share_terminal = true;
};

struct child_process_result {
    std::string output; ///< standard output, at most limits.max_output bytes
    bool output_too_large = false;
    bool timed_out = false; ///< killed when the timeout passed (see run())
    int wait_status = 0;    ///< as from waitpid
};

inline std::string describe_wait_status(int status) {
    if (WIFEXITED(status))
        return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return "was killed by signal " + std::to_string(WTERMSIG(status));
    return "ended abnormally";
}

// Closes every descriptor from 3 up in the child: glibc 2.34+ says so in one action; elsewhere
// the ones open now are listed (from /dev/fd) and closed one by one.
inline int close_inherited_descriptors(posix_spawn_file_actions_t& actions) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    return ::posix_spawn_file_actions_addclosefrom_np(&actions, 3);
#else
    std::error_code ec;
    std::vector<int> open;
    for (const auto& entry : std::filesystem::directory_iterator("/dev/fd", ec)) {
        const std::string name = entry.path().filename().string();
        int fd = std::atoi(name.c_str());
        if (fd > 2)
            open.push_back(fd);
    }
    if (ec)
        return ec.value();
    for (int fd : open)
        if (int failed = ::posix_spawn_file_actions_addclose(&actions, fd))
            return failed;
    return 0;
#endif
}

/// Whether this process is in the foreground process group of its controlling terminal: a
/// child in our group may then read that terminal.
inline bool in_terminal_foreground() noexcept {
    const int terminal = ::open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);
    if (terminal < 0)
        return false;
    const bool foreground = ::tcgetpgrp(terminal) == ::getpgrp();
    ::close(terminal);
    return foreground;
}

class child_process {
public:
    /// Starts `argv[0]` (found on PATH when it has no '/') with `argv`, standard output on a
    /// pipe, in this process's group when `share_terminal` and that group has the terminal. On
    /// failure `error` holds errno's value and `what` the step that failed.
    child_process(const std::vector<std::string>& argv, bool share_terminal, int& error,
                  std::string& what) {
        int ends[2];
        if (::pipe2(ends, O_CLOEXEC) != 0) {
            error = errno;
            what = "cannot create a pipe";
            return;
        }
        std::vector<std::string> copies(argv);
        std::vector<char*> pointers;
        pointers.reserve(copies.size() + 1);
        for (auto& word : copies)
            pointers.push_back(word.data());
        pointers.push_back(nullptr);

        posix_spawn_file_actions_t actions;
        posix_spawnattr_t attributes;
        ::posix_spawn_file_actions_init(&actions);
        ::posix_spawnattr_init(&attributes);
        error = ::posix_spawn_file_actions_adddup2(&actions, ends[1], STDOUT_FILENO);
        if (!error)
            error = close_inherited_descriptors(actions);
        own_group_ = !(share_terminal && in_terminal_foreground());
        if (!error && own_group_)
            error = ::posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
        if (!error && own_group_)
            error = ::posix_spawnattr_setpgroup(&attributes, 0);
        if (!error)
            error =
                ::posix_spawnp(&pid_, pointers[0], &actions, &attributes, pointers.data(), environ);
        what = error ? "cannot start " + argv[0] : "";
        ::posix_spawnattr_destroy(&attributes);
        ::posix_spawn_file_actions_destroy(&actions);
        ::close(ends[1]);
        if (error) {
            ::close(ends[0]);
            pid_ = -1;
            return;
        }
        output_ = ends[0];
    }

    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    ~child_process() {
        close_output();
        if (pid_ > 0 && !reaped_) {
            kill_child();
            wait_blocking();
        }
    }

    /// Reads the output until it closes (or the child has exited and exit_grace passed), then
    /// waits for the child; kills it (and its process group, when it has its own) when
    /// limits.timeout passes first.
    child_process_result run(const child_process_limits& limits) {
        using clock = std::chrono::steady_clock;
        const bool bounded = limits.timeout.count() > 0;
        const auto deadline = bounded ? clock::now() + limits.timeout : clock::time_point::max();
        std::optional<clock::time_point> exited_at;
        child_process_result result;
        auto poll_interval = std::chrono::milliseconds(1);
        while (output_ >= 0) {
            if (!exited_at && try_reap())
                exited_at = clock::now();
            auto now = clock::now();
            if (now >= deadline)
                return killed(std::move(result));
            if (exited_at && now >= *exited_at + limits.exit_grace)
                break;
            // Until the child exits, wake up now and then to notice that it has.
            auto wait = std::min(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     (exited_at ? *exited_at + limits.exit_grace : deadline) - now),
                                 exited_at ? limits.exit_grace : poll_interval);
            poll_interval = std::min(poll_interval * 2, std::chrono::milliseconds(50));
            pollfd readable{output_, POLLIN, 0};
            int ready =
                ::poll(&readable, 1, static_cast<int>(std::max<long long>(1, wait.count())));
            if (ready <= 0)
                continue; // timeout or EINTR: check the child and the clock again
            if (!read_some(result, limits.max_output))
                break;
        }
        close_output(); // a child still writing gets SIGPIPE, so it cannot block on its output
        while (!reaped_) {
            if (try_reap())
                break;
            if (clock::now() >= deadline)
                return killed(std::move(result));
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        result.wait_status = status_;
        return result;
    }

private:
    // False at the end of the output, or when it exceeds `max_output`.
    bool read_some(child_process_result& result, std::size_t max_output) {
        char buffer[4096];
        ssize_t count = ::read(output_, buffer, sizeof buffer);
        if (count < 0)
            return errno == EINTR || errno == EAGAIN;
        if (count == 0)
            return false;
        if (result.output.size() + std::size_t(count) > max_output) {
            result.output_too_large = true;
            return false;
        }
        result.output.append(buffer, std::size_t(count));
        return true;
    }

    child_process_result killed(child_process_result result) {
        kill_child();
        close_output();
        wait_blocking();
        result.timed_out = true;
        result.wait_status = status_;
        return result;
    }

    // The child's own group, with whatever it started (the group outlives a reaped leader, and
    // its id is not reused meanwhile); in ours, the child alone, and never once reaped: its pid
    // may then be another process's.
    void kill_child() noexcept {
        if (own_group_)
            ::kill(-pid_, SIGKILL);
        else if (!reaped_)
            ::kill(pid_, SIGKILL);
    }

    bool try_reap() {
        if (reaped_)
            return true;
        pid_t done = ::waitpid(pid_, &status_, WNOHANG);
        reaped_ = done == pid_ || (done < 0 && errno == ECHILD);
        return reaped_;
    }

    void wait_blocking() {
        while (!reaped_) {
            pid_t done = ::waitpid(pid_, &status_, 0);
            reaped_ = done == pid_ || (done < 0 && errno != EINTR);
        }
    }

    void close_output() {
        if (output_ >= 0)
            ::close(output_);
        output_ = -1;
    }

    pid_t pid_ = -1;
    int output_ = -1;
    int status_ = 0;
    bool reaped_ = false;
    bool own_group_ = true;
};

/// Runs the command line `command` (split by split_command_line) under `limits`. Failures to
/// start name the program (the first word), never the arguments.
inline config_result<child_process_result> run_command(std::string_view command,
                                                       const child_process_limits& limits) {
    auto argv = split_command_line(command);
    if (!argv)
        return argv.error();
    int error = 0;
    std::string what;
    child_process child(*argv, limits.share_terminal, error, what);
    if (error)
        return config_failure{make_error_code(errc::credential_process_failed),
                              what + ": " + std::strerror(error)};
    return child.run(limits);
}

} // namespace awsml::detail
