#pragma once

// Replacing the credentials' secrets in what a service sent back. AWS's signature errors quote
// the canonical request, session token included, and a JSON encoder may escape some of its
// characters ('/' as \/, '+' as \u002B): a search for the secret as written would miss it, and
// decoding the message would give it back whole.

#include <awsml/core/detail/separate_compilation.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace awsml::detail {

/// What replaces a secret.
inline constexpr std::string_view redacted_secret = "<redacted>";

/// `text` with every occurrence of each non-empty secret replaced by redacted_secret, whether
/// written as is or inside a JSON string with some of its characters escaped (the whole escaped
/// span goes); nullopt, and no copy, when none occurs. With `shortest_part`, a secret's first
/// `shortest_part` bytes or more count too: a message that quotes a long value cut short (a
/// session token past in_quotes' 80 bytes) shows no part of it.
AWSML_DECL std::optional<std::string> without_secrets(std::string_view text,
                                                      std::span<const std::string_view> secrets,
                                                      std::size_t shortest_part = 0);

} // namespace awsml::detail

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/runtime/detail/impl/secret_redaction.ipp>
#endif
