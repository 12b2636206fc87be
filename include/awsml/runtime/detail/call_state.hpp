#pragma once

// One call's progress through validation, request building, signing, the transport's answer and
// the retry decision. The blocking and the asynchronous drivers walk the same steps, so there is
// one implementation of the protocol and retry logic; they differ only in how they wait.

#include <awsml/auth/sigv4.hpp>
#include <awsml/core/detail/separate_compilation.hpp>
#include <awsml/runtime/call_failure.hpp>
#include <awsml/runtime/call_options.hpp>
#include <awsml/runtime/client_config.hpp>
#include <awsml/runtime/detail/client_settings.hpp>
#include <awsml/runtime/detail/credentials_resolution.hpp>
#include <awsml/runtime/detail/secret_redaction.hpp>
#include <awsml/runtime/operation.hpp>
#include <awsml/runtime/service.hpp>
#include <awsml/runtime/service_error.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace awsml::detail {

// The error codes after which the SDKs correct their clock from the response's Date header.
AWSML_DECL bool is_clock_skew_error(std::string_view code);

/// A fresh amz-sdk-invocation-id (a random UUID, version 4).
AWSML_DECL std::string new_invocation_id();

/// botocore's sanitize_user_agent_string_component: characters outside the User-Agent token
/// set (letters, digits, !$%&'*+-.^_`|~, and '#' here) become '-', one for each character (a
/// UTF-8 sequence is one character, as in Python).
AWSML_DECL std::string sanitized_app_id(std::string_view app_id);

/// The User-Agent every call of a client of `service` sends.
AWSML_DECL std::string user_agent(const service_identity& service,
                                  const std::optional<std::string>& app_id = std::nullopt);

/// What every call of one client shares: configuration, settings, retry quota, signing-key cache,
/// clock offset. Safe to use from several threads at once.
struct client_core {
    client_core(const service_identity& s, client_config c)
        : service(s)
        , config(std::move(c))
        , settings(resolve_client_settings(service, config))
        , user_agent(detail::user_agent(s, settings.app_id))
        , retry(settings.retry, config.retry_environment) {}

    std::chrono::system_clock::time_point now() const {
        return config.clock ? config.clock() : std::chrono::system_clock::now();
    }

    const service_identity& service;
    client_config config;
    client_settings settings;
    std::string user_agent; ///< the same for every call
    retry_strategy retry;
    awsml::sigv4::signer signer;
    std::atomic<std::int64_t> clock_offset_ms{0};
};

struct next_step {
    bool finished;                  ///< the result is ready (take_result)
    std::chrono::nanoseconds delay; ///< otherwise: wait this long, then attempt again
};

/// The options of a call given none: the client's settings throughout.
inline const call_options& no_call_options() noexcept {
    static const call_options none;
    return none;
}

/// One call of any operation: the operation is known through its codec, the input, output and
/// options through pointers and references the caller keeps alive until the call ends.
class call_state {
public:
    call_state(client_core& core, const operation_codec& op, void* output,
               const call_options& options = no_call_options())
        : core_(core)
        , op_(op)
        , options_(options)
        , operation_(op.name)
        , output_(output)
        , started_(std::chrono::steady_clock::now())
        , retry_state_(options.max_attempts.value_or(0)) {}

    /// Validates the input and prepares the request; a failure ends the call before any attempt.
    /// Resolves the credentials too, within the call's deadline, unless told not to (the
    /// asynchronous driver does that off its io thread: use_cached_credentials,
    /// accept_credentials).
    bool start(const void* input, bool with_credentials = true);

    /// The call's timeout: its options', else the client's; zero or less: none.
    std::chrono::milliseconds timeout() const noexcept {
        return options_.call_timeout.value_or(core_.config.call_timeout);
    }
    /// Whether the call has a deadline.
    bool limited() const noexcept { return timeout().count() > 0; }
    /// The limit of each attempt: its options', else the client's; zero or less: none.
    std::chrono::milliseconds attempt_timeout() const noexcept {
        return options_.attempt_timeout.value_or(core_.config.attempt_timeout);
    }
    /// When the attempt in progress must end: its attempt_timeout after it was sent, never past
    /// the call's deadline (time_point::max() without either).
    std::chrono::steady_clock::time_point attempt_deadline() const;
    /// When the timeout ends the call (time_point::max() without one): from its start, so
    /// that resolving credentials counts.
    std::chrono::steady_clock::time_point deadline() const;
    const any_credentials_provider& credentials_provider() const;

    /// Takes credentials the provider has at hand (an unsigned call needs none); false when it
    /// would have to run a source.
    bool use_cached_credentials();

    /// Takes the provider's answer; false (the call is over) when it is a failure.
    bool accept_credentials(config_result<credentials> found);

    /// How long to wait before the next attempt (the adaptive mode's rate limiter).
    std::chrono::nanoseconds delay_before_attempt();

    /// The signed request of the next attempt, or false when signing failed (the call is over).
    bool prepare_attempt(http_request& out);

    /// Takes the transport's answer to the attempt: finished, or retry after a delay.
    /// `detail` is the transport's own explanation of a failure, when it has one, and `stage`
    /// how far the failed exchange got.
    next_step on_result(std::error_code ec, const http_response& response,
                        std::string_view detail = {},
                        transport_stage stage = transport_stage::unknown);

    /// The call's failure, once finished (or after start/prepare_attempt returned false); none
    /// when the output was decoded.
    std::optional<call_failure> take_failure();

    /// The call's result, with the output moved out of `output` (the object given at
    /// construction).
    template <class Output>
    outcome<Output> take_result(Output& output) {
        if (auto failure = take_failure())
            return std::move(*failure);
        return std::move(output);
    }

    const response_metadata& metadata() const noexcept { return metadata_; }

    /// Ends the call with `ec` (timeouts of the whole call, cancellation); the message also
    /// names the last attempt that failed and was to be retried, since that is what the caller
    /// needs to know of a call that ran out of time. `thrown`: the exception that ended it
    /// (errc::hook_failed), which the throwing forms throw again.
    void abandon(std::error_code ec, const std::string& why, std::exception_ptr thrown = {});

    /// Ends the call because one of its steps (a hook, the transport, the sleep or clock
    /// function) threw `thrown`: errc::hook_failed, with its what().
    void abandon_thrown(std::exception_ptr thrown);

    /// After abandon(): how far the attempt that was in flight got (its transport's failure).
    void abandoned_at(transport_stage stage) {
        if (failure_)
            failure_->stage = stage;
    }

    /// Whether the call's deadline leaves time to wait `delay` and make the next attempt; if not,
    /// the call is abandoned at once (errc::timeout) rather than sleeping until its deadline.
    bool time_for_attempt_after(std::chrono::nanoseconds delay);

private:
    attempt_context context() const {
        return {operation_, attempt_, core_.retry.max_attempts(retry_state_)};
    }
    // The caller's headers and limits, checked before anything is sent.
    std::optional<call_failure> check_options() const;
    // A body encoded in a way the client never asked for cannot be read: said so, not misread.
    std::optional<call_failure> unreadable_encoding(const http_response& response) const;
    bool fail(call_failure f);
    next_step finish_with(call_failure f);
    next_step retry_after(std::chrono::nanoseconds delay, std::string_view reason);
    // The failure's stage is the attempt's, last_stage_.
    next_step on_transport_error(std::error_code ec, std::string_view detail);
    next_step on_error_response(const http_response& response);

    // `shown`: the response with secrets redacted, for the failure's excerpt.
    void decode_output(const http_response& response, const http_response& shown);

    // A service may quote the request back: AWS's signature errors show the canonical request,
    // session token included. What hooks, messages and exceptions get has the secrets replaced,
    // JSON-escaped ones too (a copy is made only when one is there).
    std::optional<http_response> without_secrets(const http_response& response) const;
    std::array<std::string_view, 2> secrets() const noexcept {
        return {signing_.credentials.session_token, signing_.credentials.secret_access_key};
    }

    // The model admits only AWS's own hosts where an operation names its endpoint (Predict's
    // PredictEndpoint). A client pointed at its own endpoint_url (an emulator, a proxy) also
    // accepts an endpoint on that same origin, so that what such a service returns can be used;
    // every other rule still applies, and a client of AWS's endpoints keeps the model's pattern.
    bool own_endpoint_admitted(const violation& v, const void* input) const;
    std::optional<call_failure> build_request(const void* input);

    // Blocking: on this thread without a call_timeout, else on another until the deadline.
    std::optional<call_failure> resolve_credentials();
    std::optional<call_failure> sign(http_request& request);
    bool correct_clock(const http_response& response);
    static std::string request_id_of(const http_response& response);
    std::string after_attempts() const;

    client_core& core_;
    const operation_codec& op_;
    const call_options& options_;
    std::string_view operation_;
    void* output_;
    std::chrono::steady_clock::time_point started_;
    std::chrono::steady_clock::time_point sent_;
    http_request request_;
    std::optional<std::string> logged_body_; ///< the body hooks see, when it hides secrets
    awsml::sigv4::signing_params signing_;   // credentials, region, service, time
    retry_request retry_state_;
    int attempt_ = 0;
    bool skew_corrected_ = false;
    std::string last_retried_; ///< "attempt N failed: why", the latest attempt to be retried
    response_metadata metadata_;
    std::optional<call_failure> failure_;
    transport_stage last_stage_ = transport_stage::unknown; // the last attempt's, if it failed so
};

} // namespace awsml::detail

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/runtime/detail/impl/call_state.ipp>
#endif
