#pragma once

// Asking the person at the terminal for an MFA code, as botocore asks through Python's getpass:
// on /dev/tty with echo off (typed-ahead input discarded, as getpass's TCSAFLUSH does), else,
// with no terminal, on standard error and standard input with a warning.

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace awsml::cli {

namespace prompt_detail {

// One line from `fd`, without its newline; false when the input ends before any byte, or
// fails (a hung-up terminal: what was read is not a whole code).
inline bool read_line(int fd, std::string& line) {
    line.clear();
    for (char c = 0;;) {
        const ssize_t count = ::read(fd, &c, 1);
        if (count < 0 && errno == EINTR)
            continue;
        if (count < 0)
            return false;
        if (count == 0)
            return !line.empty();
        if (c == '\n')
            return true;
        line += c;
    }
}

inline void write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t written = ::write(fd, text.data(), text.size());
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return;
        text.remove_prefix(static_cast<std::size_t>(written));
    }
}

// What a signal handler needs to put the terminal back (getpass restores it in a `finally`,
// which Ctrl-C reaches as KeyboardInterrupt): plain data, read in the handler.
inline int echo_terminal = -1;
inline termios echo_saved{};

inline void restore_and_reraise(int number) {
    ::tcsetattr(echo_terminal, TCSAFLUSH, &echo_saved); // async-signal-safe
    ::signal(number, SIG_DFL);
    ::raise(number);
}

constexpr int interrupting_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP};

// The terminal's settings put back however the prompt ends: on return, exception, or a signal
// that would end (or stop) the program with echo off.
class echo_off {
public:
    explicit echo_off(int terminal)
        : terminal_(terminal)
        , changed_(::tcgetattr(terminal, &saved_) == 0) {
        if (!changed_)
            return;
        echo_terminal = terminal;
        echo_saved = saved_;
        struct sigaction restoring {};
        restoring.sa_handler = restore_and_reraise;
        ::sigemptyset(&restoring.sa_mask);
        for (std::size_t i = 0; i < std::size(interrupting_signals); ++i)
            ::sigaction(interrupting_signals[i], &restoring, &previous_[i]);
        termios silent = saved_;
        silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        changed_ = ::tcsetattr(terminal, TCSAFLUSH, &silent) == 0;
        if (!changed_)
            restore_handlers();
    }
    echo_off(const echo_off&) = delete;
    echo_off& operator=(const echo_off&) = delete;
    ~echo_off() {
        if (!changed_)
            return;
        ::tcsetattr(terminal_, TCSAFLUSH, &saved_);
        restore_handlers();
    }

private:
    void restore_handlers() noexcept {
        for (std::size_t i = 0; i < std::size(interrupting_signals); ++i)
            ::sigaction(interrupting_signals[i], &previous_[i], nullptr);
    }

    int terminal_;
    termios saved_{};
    bool changed_;
    struct sigaction previous_[std::size(interrupting_signals)]{};
};

} // namespace prompt_detail

/// The code typed for the MFA device `serial`, asked as botocore asks ("Enter MFA code for
/// SERIAL: "). Throws std::runtime_error when the input ends before a line.
inline std::string ask_mfa_code_on_terminal(const std::string& serial) {
    const std::string prompt = "Enter MFA code for " + serial + ": ";
    std::string code;
    const int terminal = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (terminal < 0) {
        std::cerr << "Warning: Password input may be echoed.\n" << prompt << std::flush;
        if (!std::getline(std::cin, code))
            throw std::runtime_error("standard input ended before a code was typed");
        return code;
    }
    bool typed = false;
    {
        const prompt_detail::echo_off quiet(terminal);
        prompt_detail::write_all(terminal, prompt);
        typed = prompt_detail::read_line(terminal, code);
    }
    prompt_detail::write_all(terminal, "\n"); // the Enter that echo did not show
    ::close(terminal);
    if (!typed)
        throw std::runtime_error("the terminal's input ended before a code was typed");
    return code;
}

} // namespace awsml::cli
