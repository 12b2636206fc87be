#pragma once

/// \file
/// A string usable as a template argument, as C++20 allows for a class type: an operation's wire
/// name (`operation<"GetMLModel", ...>`), a waiter's name, a shape member's C++ name.

#include <cstddef>
#include <string_view>

namespace awsml {

/// A string usable as a template argument.
template <std::size_t N>
struct fixed_string {
    char text[N]{}; ///< the characters and the terminating null
    /// From a string literal; implicit, so that `operation<"GetMLModel", ...>` works.
    constexpr fixed_string(const char (&s)[N]) {
        for (std::size_t i = 0; i < N; ++i)
            text[i] = s[i];
    }
    /// The text, without the terminating null.
    constexpr std::string_view view() const { return {text, N - 1}; }
};

} // namespace awsml
