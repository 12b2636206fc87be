#pragma once

// What every fuzz target shares: a check that reports and aborts (libFuzzer then saves the
// input as a crash artifact), and a little reader that carves values out of the input bytes.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace awsml_fuzz {

/// Aborts with `what` (and `detail`, shown escaped) when `condition` is false.
inline void require(bool condition, std::string_view what, std::string_view detail = {}) {
    if (condition)
        return;
    std::fprintf(stderr, "fuzz check failed: %.*s\n", int(what.size()), what.data());
    if (!detail.empty()) {
        std::string shown;
        for (char c : detail.substr(0, 2000)) {
            const auto u = static_cast<unsigned char>(c);
            if (u >= 0x20 && u < 0x7f) {
                shown += c;
            } else {
                char hex[8];
                std::snprintf(hex, sizeof hex, "\\x%02x", u);
                shown += hex;
            }
        }
        std::fprintf(stderr, "  detail: %s\n", shown.c_str());
    }
    std::abort();
}

/// Takes values from the front of the input; when it runs dry it gives zeros and empty strings.
class input_reader {
public:
    input_reader(const std::uint8_t* data, std::size_t size)
        : rest_(reinterpret_cast<const char*>(data), size) {}

    std::uint8_t byte() {
        if (rest_.empty())
            return 0;
        const auto b = static_cast<std::uint8_t>(rest_.front());
        rest_.remove_prefix(1);
        return b;
    }

    bool flag() { return (byte() & 1) != 0; }

    /// The bytes up to the next `separator` (which is consumed), or all that is left.
    std::string_view until(char separator) {
        const std::size_t at = rest_.find(separator);
        const std::string_view piece = rest_.substr(0, at);
        rest_.remove_prefix(at == std::string_view::npos ? rest_.size() : at + 1);
        return piece;
    }

    std::string_view rest() {
        const std::string_view all = rest_;
        rest_ = {};
        return all;
    }

    bool empty() const noexcept { return rest_.empty(); }

private:
    std::string_view rest_;
};

} // namespace awsml_fuzz
