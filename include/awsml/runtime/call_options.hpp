#pragma once

/// \file
/// What one call may change of its client's settings, as the AWS SDK for Java's per-request
/// override configuration and the Go SDK's per-operation options do:
///
///     auto model = c.get_ml_model({.ml_model_id = "ml-1"},
///                                 awsml::call_options{.call_timeout = 2s, .max_attempts = 1});
///
/// Whatever is unset stays the client's. The client itself is not changed: its retry quota,
/// rate limiter, signing-key cache and clock offset stay shared with every other call.

#include <awsml/auth/credentials.hpp>
#include <awsml/http/message.hpp>

#include <chrono>
#include <optional>

namespace awsml {

/// Settings for one call; designated initializers leave the rest as the client has them.
struct call_options {
    /// The longest this call may take, retries and their waits included; else the client's
    /// client_config::call_timeout. Zero: no limit, even where the client has one.
    std::optional<std::chrono::milliseconds> call_timeout{};
    /// The longest one attempt of this call may take; else the client's
    /// client_config::attempt_timeout. Zero: no limit.
    std::optional<std::chrono::milliseconds> attempt_timeout{};
    /// Attempts in all for this call, the first included; else the client's. At least 1: a call
    /// given less fails with errc::config_error before anything is sent.
    std::optional<int> max_attempts{};
    /// Sign this call with these instead of the client's credentials (one tenant's keys, a
    /// role's session); the client's provider is then not asked. An unsigned client
    /// (client_config::sign_requests off) signs nothing, these included.
    std::optional<awsml::credentials> credentials{};
    /// Headers added to every attempt's request and signed with it (a trace ID, a tenant tag).
    /// A name the protocol, the signature or the connection sets (Host, Authorization,
    /// Content-Type, Content-Length, Content-Encoding, Content-MD5, Transfer-Encoding, TE,
    /// Trailer, Connection, Keep-Alive, Upgrade, Expect, User-Agent, Proxy-Authorization,
    /// Proxy-Connection, X-Amz-*, Amz-Sdk-*), a name given twice, a name that is not an HTTP
    /// token or a value holding a control character (a line break, NUL, DEL...) fails the call
    /// with errc::config_error, naming the header (never quoting its value), before anything is
    /// sent.
    http_headers headers{};
};

} // namespace awsml
