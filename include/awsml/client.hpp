#pragma once

// The Amazon Machine Learning client. One call, e.g. get_ml_model, goes:
//   validate the input -> build the awsJson1_1 request -> for each attempt: sign (SigV4), send
//   through the transport, then decode the 2xx body into the output shape, or turn the error
//   response into a modeled error, retrying as the retry strategy says.
// Two forms over that one path: get_ml_model throws; try_get_ml_model returns an outcome.
// A client is safe to use from several threads at once: the signing-key cache, the retry quota
// and the clock offset are shared and synchronised; each call borrows a transport of its own.

#include <awsml/call_failure.hpp>
#include <awsml/client_config.hpp>
#include <awsml/detail/client_settings.hpp>
#include <awsml/detail/transport_pool.hpp>
#include <awsml/endpoint.hpp>
#include <awsml/from_json.hpp>
#include <awsml/service_error.hpp>
#include <awsml/shapes.hpp>
#include <awsml/sigv4.hpp>
#include <awsml/to_json.hpp>
#include <awsml/transport.hpp>
#include <awsml/version.hpp>

#include <atomic>
#include <chrono>
#include <random>
#include <string>
#include <string_view>
#include <thread>

namespace awsml {

namespace detail {

inline constexpr std::string_view service_signing_name = "machinelearning";
inline constexpr std::string_view target_prefix = "AmazonML_20141212.";

// The error codes after which the SDKs correct their clock from the response's Date header.
inline bool is_clock_skew_error(std::string_view code) {
    return code == "RequestTimeTooSkewed" || code == "RequestExpired" ||
           code == "InvalidSignatureException" || code == "SignatureDoesNotMatch" ||
           code == "RequestInTheFuture" || code == "AuthFailure";
}

inline std::string new_invocation_id() {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    std::uint64_t hi = engine(), lo = engine();
    hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull; // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull; // RFC 4122 variant
    char buf[37];
    const char* hex = "0123456789abcdef";
    int pos = 0;
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) buf[pos++] = '-';
        std::uint64_t word = i < 16 ? hi : lo;
        buf[pos++] = hex[(word >> (60 - 4 * (i % 16))) & 15];
    }
    return std::string(buf, 36);
}

inline std::string user_agent() {
    return "awsml/" + std::string(version_string) + " ua/2.0 lang/cpp#" + std::to_string(__cplusplus) +
           " api/machinelearning#2014-12-12";
}

template <class Shape>
bool decode_modeled(std::string_view code, std::string_view wire_name, const http_response& response,
                    modeled_error_body& out) {
    if (code != wire_name) return false;
    Shape body;
    decode_failure ignored;
    // A body that does not fit the shape still leaves the error typed; message comes from info.
    from_json_into(response.body.empty() ? std::string_view("{}") : response.body, body, ignored);
    out = std::move(body);
    return true;
}

inline modeled_error_body decode_get_ml_model_error(std::string_view code, const http_response& response) {
    modeled_error_body body;
    decode_modeled<invalid_input_exception>(code, "InvalidInputException", response, body) ||
        decode_modeled<resource_not_found_exception>(code, "ResourceNotFoundException", response, body) ||
        decode_modeled<internal_server_exception>(code, "InternalServerException", response, body);
    return body;
}

} // namespace detail

template <http_transport Transport>
class basic_client {
public:
    explicit basic_client(client_config config = {}, Transport transport = Transport{})
        : config_(std::move(config)), settings_(detail::resolve_client_settings(config_)),
          retry_(settings_.retry, config_.retry_environment), transports_(std::move(transport)) {}

    basic_client(const basic_client&) = delete;
    basic_client& operator=(const basic_client&) = delete;

    /// GetMLModel: throws modeled_service_error<...>, service_error, validation_error or awsml::error.
    get_ml_model_output get_ml_model(const get_ml_model_input& input) {
        return try_get_ml_model(input).value();
    }
    get_ml_model_output get_ml_model(const get_ml_model_input& input, response_metadata& metadata) {
        return try_get_ml_model(input, metadata).value();
    }

    /// GetMLModel without exceptions: the output, or a call_failure saying what went wrong.
    outcome<get_ml_model_output> try_get_ml_model(const get_ml_model_input& input) {
        response_metadata ignored;
        return try_get_ml_model(input, ignored);
    }
    outcome<get_ml_model_output> try_get_ml_model(const get_ml_model_input& input,
                                                  response_metadata& metadata) {
        return invoke<get_ml_model_output>("GetMLModel", input, metadata,
                                           &detail::decode_get_ml_model_error);
    }

    /// The region the client signs for, if one was found.
    const std::optional<std::string>& region() const noexcept { return settings_.region; }
    /// The endpoint the client sends to, or why there is none.
    const auto& endpoint() const noexcept { return settings_.endpoint; }
    const retry_strategy& retries() const noexcept { return retry_; }
    /// The correction applied to the local clock after the service reported a skew.
    std::chrono::milliseconds clock_offset() const noexcept {
        return std::chrono::milliseconds(clock_offset_ms_.load());
    }
    /// The transport every call copies (a stub transport's copies share its expectations).
    const Transport& transport() const noexcept { return transports_.prototype(); }

private:
    using error_decoder = modeled_error_body (*)(std::string_view code, const http_response&);

    template <class Output, class Input>
    outcome<Output> invoke(std::string_view operation, const Input& input, response_metadata& metadata,
                           error_decoder decode_error) {
        auto started = std::chrono::steady_clock::now();
        metadata = {};
        auto finish = [&](call_failure f) -> outcome<Output> {
            metadata.latency = std::chrono::steady_clock::now() - started;
            f.metadata = metadata;
            return f;
        };
        if (auto violations = validate(input); !violations.empty()) {
            call_failure f = detail::configuration_failure(errc::validation_failed,
                                                           validation_error::describe(violations));
            f.violations = std::move(violations);
            return finish(std::move(f));
        }
        auto request = build_request(operation, input);
        if (!request) return finish(std::move(request.error()));
        auto creds = resolve_credentials();
        if (!creds) return finish(std::move(creds.error()));

        auto transport = transports_.acquire();
        retry_request state;
        bool skew_corrected = false;
        for (int attempt = 1;; ++attempt) {
            attempt_context context{operation, attempt, retry_.max_attempts()};
            if (auto wait = retry_.before_attempt(state); wait.count() > 0) sleep(wait);
            http_request signed_request = *request;
            signed_request.headers.push_back({"amz-sdk-request", "attempt=" + std::to_string(attempt) +
                                                                     "; max=" + std::to_string(retry_.max_attempts())});
            if (auto f = sign(signed_request, *creds)) return finish(std::move(*f));
            if (config_.hooks.before_send) config_.hooks.before_send(context, signed_request);

            std::error_code ec;
            auto sent = std::chrono::steady_clock::now();
            http_response response = (*transport).send(signed_request, ec);
            auto latency = std::chrono::steady_clock::now() - sent;
            metadata.attempts = attempt;
            if (config_.hooks.after_receive) config_.hooks.after_receive(context, ec ? nullptr : &response, ec, latency);

            if (ec) {
                attempt_outcome what{std::nullopt, {}, true, ec == errc::timeout};
                if (auto decision = retry_.after_failure(state, what)) {
                    retry_after(context, decision.delay, ec.message());
                    continue;
                }
                return finish(transport_failure(operation, ec, attempt));
            }
            metadata.http_status = response.status;
            metadata.request_id = request_id_of(response);
            if (response.status >= 200 && response.status < 300) {
                retry_.after_success(state);
                return decode_output<Output>(operation, response, finish, metadata, started);
            }
            service_error_info info = parse_error_response(response);
            if (!skew_corrected && detail::is_clock_skew_error(info.code) && correct_clock(response)) {
                skew_corrected = true;
                retry_after(context, std::chrono::nanoseconds(0), info.code + ": correcting the clock");
                continue;
            }
            if (auto decision = retry_.after_failure(state, attempt_outcome{info.http_status, info.code, false, false})) {
                retry_after(context, decision.delay, describe(info));
                continue;
            }
            call_failure f;
            f.code = make_error_code(errc::service_error);
            f.message = std::string(operation) + ": " + describe(info) + after_attempts(attempt);
            f.modeled = decode_error(info.code, response);
            f.service = std::move(info);
            return finish(std::move(f));
        }
    }

    template <class Output, class Finish>
    outcome<Output> decode_output(std::string_view operation, const http_response& response, Finish& finish,
                                  response_metadata& metadata, std::chrono::steady_clock::time_point started) {
        Output output{};
        decode_failure failure;
        std::string_view body = response.body.empty() ? std::string_view("{}") : response.body;
        if (!from_json_into(body, output, failure)) {
            call_failure f;
            f.code = failure.code;
            f.message = std::string(operation) + " response (HTTP " + std::to_string(response.status) +
                        "): " + failure.message();
            f.service.http_status = response.status;
            f.service.request_id = metadata.request_id;
            f.service.body_excerpt = body_excerpt(response.body);
            return finish(std::move(f));
        }
        metadata.latency = std::chrono::steady_clock::now() - started;
        return output;
    }

    template <class Input>
    boost::system::result<http_request, call_failure> build_request(std::string_view operation, const Input& input) {
        if (settings_.config_failure) return *settings_.config_failure;
        if (!settings_.endpoint) {
            bool no_region = !settings_.region && !settings_.endpoint.error().message.empty() &&
                             settings_.endpoint.error().message.find("egion") != std::string::npos;
            return detail::configuration_failure(
                no_region ? errc::no_region : errc::endpoint_error,
                no_region ? "no region configured: set client_config::region, AWS_REGION, "
                            "AWS_DEFAULT_REGION or the profile's region"
                          : settings_.endpoint.error().message);
        }
        if (!settings_.region)
            return detail::configuration_failure(
                errc::no_region, "no region configured to sign with: set client_config::region, "
                                 "AWS_REGION, AWS_DEFAULT_REGION or the profile's region");
        const resolved_endpoint& endpoint = *settings_.endpoint;
        http_request request;
        request.method = "POST";
        request.scheme = endpoint.scheme;
        request.host = endpoint.host;
        request.port = endpoint.port;
        request.target = endpoint.target();
        request.headers = {{"Host", endpoint.host_header()},
                           {"Content-Type", "application/x-amz-json-1.1"},
                           {"X-Amz-Target", std::string(detail::target_prefix) + std::string(operation)},
                           {"User-Agent", detail::user_agent()},
                           {"amz-sdk-invocation-id", detail::new_invocation_id()}};
        request.body = to_json(input);
        return request;
    }

    boost::system::result<credentials, call_failure> resolve_credentials() {
        try {
            if (config_.credentials) return *config_.credentials;
            if (config_.credentials_provider) return config_.credentials_provider();
        } catch (const error& e) {
            return detail::configuration_failure(errc::no_credentials, e.what());
        }
        return detail::configuration_failure(
            errc::no_credentials, "no credentials: set client_config::credentials or credentials_provider");
    }

    std::optional<call_failure> sign(http_request& request, const credentials& creds) {
        sigv4::signing_params params;
        params.credentials = creds;
        params.region = *settings_.region;
        params.service = std::string(detail::service_signing_name);
        params.time = now() + std::chrono::milliseconds(clock_offset_ms_.load());
        std::error_code ec;
        signer_.sign(request, params, ec);
        if (ec) return detail::configuration_failure(errc::signature_error, "cannot sign the request: " + ec.message());
        return std::nullopt;
    }

    bool correct_clock(const http_response& response) {
        auto date = response.header("Date");
        if (!date) return false;
        auto server = parse_http_date(*date);
        if (!server) return false;
        auto offset = std::chrono::duration_cast<std::chrono::milliseconds>(server->time_since_epoch() -
                                                                            now().time_since_epoch());
        clock_offset_ms_.store(offset.count());
        return true;
    }

    void retry_after(const attempt_context& context, std::chrono::nanoseconds delay, std::string_view reason) {
        if (config_.hooks.on_retry) config_.hooks.on_retry(context, delay, reason);
        if (delay.count() > 0) sleep(delay);
    }

    void sleep(std::chrono::nanoseconds delay) {
        if (config_.sleep) config_.sleep(delay);
        else std::this_thread::sleep_for(delay);
    }

    std::chrono::system_clock::time_point now() const {
        return config_.clock ? config_.clock() : std::chrono::system_clock::now();
    }

    static std::string request_id_of(const http_response& response) {
        if (auto id = response.header("x-amzn-RequestId")) return std::string(*id);
        if (auto id = response.header("x-amz-request-id")) return std::string(*id);
        return {};
    }

    static std::string after_attempts(int attempts) {
        return attempts > 1 ? " (after " + std::to_string(attempts) + " attempts)" : "";
    }

    static call_failure transport_failure(std::string_view operation, std::error_code ec, int attempts) {
        call_failure f;
        f.code = ec;
        f.message = std::string(operation) + ": " + ec.message() + after_attempts(attempts);
        return f;
    }

    client_config config_;
    detail::client_settings settings_;
    retry_strategy retry_;
    sigv4::signer signer_;
    detail::transport_pool<Transport> transports_;
    std::atomic<std::int64_t> clock_offset_ms_{0};
};

} // namespace awsml
