#pragma once

// The definitions behind call_state.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

#include <awsml/core/detail/trim.hpp>
#include <awsml/core/detail/uuid.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/core/version.hpp>
#include <awsml/http/parser.hpp>
#include <awsml/runtime/detail/call_state.hpp>

namespace awsml::detail {

// The error codes after which the SDKs correct their clock from the response's Date header.
AWSML_DECL bool is_clock_skew_error(std::string_view code) {
    return code == "RequestTimeTooSkewed" || code == "RequestExpired" ||
           code == "InvalidSignatureException" || code == "SignatureDoesNotMatch" ||
           code == "RequestInTheFuture" || code == "AuthFailure";
}

AWSML_DECL std::string new_invocation_id() {
    return random_uuid();
}

/// botocore's sanitize_user_agent_string_component: characters outside the User-Agent token
/// set (letters, digits, !$%&'*+-.^_`|~, and '#' here) become '-', one for each character (a
/// UTF-8 sequence is one character, as in Python).
AWSML_DECL std::string sanitized_app_id(std::string_view app_id) {
    constexpr std::string_view allowed = "!$%&'*+-.^_`|~,#";
    std::string out;
    out.reserve(app_id.size());
    for (char c : app_id) {
        const bool continuation = (static_cast<unsigned char>(c) & 0xC0) == 0x80;
        const bool alnum =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (alnum || allowed.find(c) != std::string_view::npos)
            out += c;
        else if (!continuation)
            out += '-';
    }
    return out;
}

AWSML_DECL std::string user_agent(const service_identity& service,
                                  const std::optional<std::string>& app_id) {
    std::string text =
        "awsml/" + std::string(version_string) + " ua/2.0 lang/cpp#" + std::to_string(__cplusplus) +
        " api/" + std::string(service.endpoint_prefix) + "#" + std::string(service.api_version);
    if (app_id)
        text += " app/" + sanitized_app_id(*app_id);
    return text;
}

AWSML_DECL bool call_state::start(const void* input, bool with_credentials) {
    auto violations = op_.validate(input);
    std::erase_if(violations, [&](const violation& v) { return own_endpoint_admitted(v, input); });
    if (!violations.empty()) {
        call_failure f =
            configuration_failure(errc::validation_failed, validation_error::describe(violations));
        f.violations = std::move(violations);
        return fail(std::move(f));
    }
    if (auto f = check_options())
        return fail(std::move(*f));
    if (auto f = build_request(input))
        return fail(std::move(*f));
    if (core_.config.hooks.before_send && op_.encode_for_log)
        logged_body_ = op_.encode_for_log(input);
    if (!with_credentials)
        return true;
    if (auto f = resolve_credentials())
        return fail(std::move(*f));
    return true;
}

AWSML_DECL std::chrono::steady_clock::time_point call_state::deadline() const {
    if (!limited())
        return std::chrono::steady_clock::time_point::max();
    return started_ + timeout();
}

AWSML_DECL std::chrono::steady_clock::time_point call_state::attempt_deadline() const {
    if (attempt_timeout().count() <= 0)
        return deadline();
    return std::min(deadline(), sent_ + attempt_timeout());
}

AWSML_DECL const any_credentials_provider& call_state::credentials_provider() const {
    return core_.settings.credentials;
}

AWSML_DECL bool call_state::use_cached_credentials() {
    if (!core_.config.sign_requests)
        return true; // none are needed
    if (options_.credentials) {
        signing_.credentials = *options_.credentials;
        return true;
    }
    auto cached = core_.settings.credentials.cached_credentials();
    if (cached)
        signing_.credentials = std::move(*cached);
    return cached.has_value();
}

AWSML_DECL bool call_state::accept_credentials(config_result<credentials> found) {
    if (!found) {
        call_failure f = configuration_failure(errc::no_credentials, found.error().message);
        f.code = found.error().code;
        return fail(std::move(f));
    }
    signing_.credentials = std::move(*found);
    return true;
}

AWSML_DECL std::chrono::nanoseconds call_state::delay_before_attempt() {
    return core_.retry.before_attempt(retry_state_);
}

AWSML_DECL bool call_state::prepare_attempt(http_request& out) {
    ++attempt_;
    last_stage_ = transport_stage::unknown; // this attempt's is not known until it ends
    out = request_;
    out.headers.push_back(
        {"amz-sdk-request", "attempt=" + std::to_string(attempt_) +
                                "; max=" + std::to_string(core_.retry.max_attempts(retry_state_))});
    if (auto f = sign(out))
        return fail(std::move(*f));
    if (core_.config.hooks.before_send) {
        if (logged_body_) {
            http_request shown = out;
            shown.body = *logged_body_;
            core_.config.hooks.before_send(context(), shown);
        } else {
            core_.config.hooks.before_send(context(), out);
        }
    }
    retry_state_.retry_made();
    sent_ = std::chrono::steady_clock::now();
    return true;
}

AWSML_DECL std::optional<call_failure> call_state::take_failure() {
    metadata_.latency = std::chrono::steady_clock::now() - started_;
    if (failure_)
        failure_->metadata = metadata_;
    return std::move(failure_);
}

AWSML_DECL bool call_state::time_for_attempt_after(std::chrono::nanoseconds delay) {
    if (!limited() || std::chrono::steady_clock::now() + delay < deadline())
        return true;
    abandon(make_error_code(errc::timeout), "the call's deadline would pass before attempt " +
                                                std::to_string(attempt_ + 1) + " could start");
    return false;
}

AWSML_DECL void call_state::abandon(std::error_code ec, const std::string& why,
                                    std::exception_ptr thrown) {
    std::string message = std::string(operation_) + ": " + why;
    if (!last_retried_.empty())
        message += " (" + last_retried_ + ")";
    call_failure f = configuration_failure(errc{}, std::move(message));
    f.code = ec;
    f.stage = last_stage_;
    f.thrown = std::move(thrown);
    fail(std::move(f));
}

AWSML_DECL void call_state::abandon_thrown(std::exception_ptr thrown) {
    const std::string why = thrown_words(thrown);
    abandon(make_error_code(errc::hook_failed), why, std::move(thrown));
}

AWSML_DECL bool call_state::fail(call_failure f) {
    // A retry granted but never sent (the deadline, a cancellation, a signing failure came
    // first) gives its tokens back to the quota.
    core_.retry.retry_not_made(retry_state_);
    // Whatever the message quotes (a value of the answer, a transport's or an exception's
    // words) shows no secret, nor the first 16 bytes of one cut short.
    if (auto clean = detail::without_secrets(f.message, secrets(), 16))
        f.message = std::move(*clean);
    failure_ = std::move(f);
    return false;
}

AWSML_DECL next_step call_state::finish_with(call_failure f) {
    fail(std::move(f));
    return {true, {}};
}

AWSML_DECL next_step call_state::retry_after(std::chrono::nanoseconds delay,
                                             std::string_view reason) {
    if (core_.config.hooks.on_retry)
        core_.config.hooks.on_retry(context(), delay, reason);
    last_retried_ = "attempt " + std::to_string(attempt_) + " failed: " + std::string(reason);
    return {false, delay};
}

AWSML_DECL next_step call_state::on_transport_error(std::error_code ec, std::string_view detail) {
    // The call's own deadline ends it: no retry is charged to the shared quota, none announced.
    if (ec == errc::timeout && limited() && std::chrono::steady_clock::now() >= deadline()) {
        abandon(ec, "the call's deadline passed");
        return {true, {}};
    }
    std::string why = detail.empty() ? ec.message() : std::string(detail);
    // A request the transport refuses to send would be refused again, and an answer over the
    // client's own size limits would be as large again.
    if (ec == errc::invalid_value || ec == errc::config_error || ec == errc::response_too_large) {
        call_failure f;
        f.code = ec;
        f.message = std::string(operation_) + ": " + why;
        f.stage = last_stage_;
        return finish_with(std::move(f));
    }
    attempt_outcome what{std::nullopt, {}, true, ec == errc::timeout};
    if (auto decision = core_.retry.after_failure(retry_state_, what))
        return retry_after(decision.delay, why);
    call_failure f;
    f.code = ec;
    f.message = std::string(operation_) + ": " + why + after_attempts();
    f.stage = last_stage_;
    return finish_with(std::move(f));
}

AWSML_DECL next_step call_state::on_error_response(const http_response& response) {
    service_error_info info = parse_error_response(response);
    if (!skew_corrected_ && is_clock_skew_error(info.code) && correct_clock(response)) {
        skew_corrected_ = true;
        // Within the call's attempts, and free of the quota: the fault was the client's clock.
        // Without an attempt left the corrected clock still serves the next calls.
        if (attempt_ < core_.retry.max_attempts(retry_state_))
            return retry_after(std::chrono::nanoseconds(0), info.code + ": correcting the clock");
    }
    if (auto decision =
            core_.retry.after_failure(retry_state_, {info.http_status, info.code, false, false}))
        return retry_after(decision.delay, describe(info));
    call_failure f;
    f.code = make_error_code(errc::service_error);
    f.message = std::string(operation_) + ": " + describe(info) + after_attempts();
    f.modeled = op_.decode_error(info.code, response);
    f.service = std::move(info);
    return finish_with(std::move(f));
}

AWSML_DECL void call_state::decode_output(const http_response& response,
                                          const http_response& shown) {
    decode_failure failure;
    std::string_view body = response.body.empty() ? std::string_view("{}") : response.body;
    if (op_.decode(body, output_, failure))
        return;
    call_failure f;
    f.code = failure.code;
    f.message = std::string(operation_) + " response (HTTP " + std::to_string(response.status) +
                "): " + failure.message();
    f.service.http_status = response.status;
    f.service.request_id = metadata_.request_id;
    f.service.body_excerpt = body_excerpt(shown.body);
    fail(std::move(f));
}

AWSML_DECL std::optional<http_response>
call_state::without_secrets(const http_response& response) const {
    std::optional<http_response> copy;
    auto copied = [&]() -> http_response& { return copy ? *copy : copy.emplace(response); };
    if (auto clean = detail::without_secrets(response.body, secrets()))
        copied().body = std::move(*clean);
    for (std::size_t i = 0; i < response.headers.size(); ++i)
        if (auto clean = detail::without_secrets(response.headers[i].value, secrets()))
            copied().headers[i].value = std::move(*clean);
    return copy;
}

AWSML_DECL bool call_state::own_endpoint_admitted(const violation& v, const void* input) const {
    const client_settings& settings = core_.settings;
    if (op_.endpoint_member.empty() || v.path != op_.endpoint_member ||
        v.kind != constraint_kind::pattern || !settings.custom_endpoint || !settings.endpoint)
        return false;
    auto own = parse_endpoint_url(op_.endpoint(input));
    return own && own->scheme == settings.endpoint->scheme &&
           own->host == settings.endpoint->host && own->port == settings.endpoint->port;
}

AWSML_DECL std::optional<call_failure> call_state::build_request(const void* input) {
    const client_settings& settings = core_.settings;
    if (settings.config_failure)
        return *settings.config_failure;
    // Signing needs a region even when the endpoint is given.
    if (!settings.region) {
        std::string message = "no region configured: set client_config::region, AWS_REGION, "
                              "AWS_DEFAULT_REGION or the profile's region";
        if (settings.region_lookup_failure)
            message += "; asked for one, " + *settings.region_lookup_failure;
        return configuration_failure(errc::no_region, std::move(message));
    }
    if (!settings.endpoint)
        return configuration_failure(errc::endpoint_error, settings.endpoint.error().message);
    // An operation may name its own endpoint in its input (Amazon ML's Predict). As botocore's
    // _switch_hosts, only its scheme, host and port are taken: the path stays the client's.
    const resolved_endpoint* endpoint = &*settings.endpoint;
    std::optional<endpoint_result<resolved_endpoint>> own;
    if (const std::string_view url = op_.endpoint(input); !url.empty()) {
        if (!own.emplace(parse_endpoint_url(url)))
            return configuration_failure(errc::endpoint_error, own->error().message);
        endpoint = &**own;
    }
    request_.method = "POST";
    request_.scheme = endpoint->scheme;
    request_.host = endpoint->host;
    request_.port = endpoint->port;
    request_.target = settings.endpoint->target();
    request_.headers = {
        {"Host", endpoint->host_header()},
        {"Content-Type", "application/x-amz-json-1.1"},
        {"X-Amz-Target", std::string(core_.service.target_prefix) + "." + std::string(operation_)},
        {"User-Agent", core_.user_agent},
        {"amz-sdk-invocation-id", new_invocation_id()}};
    request_.headers.insert(request_.headers.end(), options_.headers.begin(),
                            options_.headers.end());
    request_.body = op_.encode(input);
    return std::nullopt;
}

AWSML_DECL std::optional<call_failure> call_state::resolve_credentials() {
    if (use_cached_credentials())
        return std::nullopt;
    std::optional<config_result<credentials>> found;
    if (deadline() == std::chrono::steady_clock::time_point::max())
        found.emplace(credentials_provider().try_get_credentials());
    else
        found = resolve_credentials_before(credentials_provider(), deadline());
    if (!found)
        return configuration_failure(errc::timeout,
                                     std::string(operation_) +
                                         ": the call's deadline passed while resolving credentials "
                                         "(call_timeout " +
                                         std::to_string(timeout().count()) + " ms)");
    if (!accept_credentials(std::move(*found)))
        return take_failure();
    return std::nullopt;
}

AWSML_DECL std::optional<call_failure> call_state::sign(http_request& request) {
    if (!core_.config.sign_requests)
        return std::nullopt;
    if (signing_.region.empty()) { // the parameters stay the same for every attempt
        signing_.region = *core_.settings.region;
        signing_.service = std::string(core_.service.signing_name);
    }
    signing_.time = core_.now() + std::chrono::milliseconds(core_.clock_offset_ms.load());
    std::error_code ec;
    core_.signer.add_signature(request, signing_, ec);
    if (ec)
        return configuration_failure(errc::signature_error,
                                     "cannot sign the request: " + ec.message());
    return std::nullopt;
}

AWSML_DECL bool call_state::correct_clock(const http_response& response) {
    auto date = response.header("Date");
    auto server = date ? parse_http_date(*date) : std::nullopt;
    if (!server)
        return false;
    // In milliseconds: a Date far from now overflows system_clock's nanoseconds.
    const auto local =
        std::chrono::duration_cast<std::chrono::milliseconds>(core_.now().time_since_epoch());
    const auto offset = server->time_since_epoch() - local;
    // A Date a century away is garbage, not a clock to follow (applied, it would overflow too).
    if (std::chrono::abs(offset) > std::chrono::years(100))
        return false;
    // A signature error from a server whose clock agrees with ours (within the 4 minutes the
    // AWS SDKs allow) is a wrong key, not a skew: retrying would only sign it wrong again.
    const std::chrono::milliseconds applied(core_.clock_offset_ms.load());
    if (std::chrono::abs(offset - applied) < std::chrono::minutes(4))
        return false;
    core_.clock_offset_ms.store(offset.count());
    return true;
}

AWSML_DECL std::string call_state::request_id_of(const http_response& response) {
    if (auto id = response.header("x-amzn-RequestId"))
        return std::string(*id);
    if (auto id = response.header("x-amz-request-id"))
        return std::string(*id);
    return {};
}

AWSML_DECL std::string call_state::after_attempts() const {
    return attempt_ > 1 ? " (after " + std::to_string(attempt_) + " attempts)" : "";
}

AWSML_DECL next_step call_state::on_result(std::error_code ec, const http_response& response,
                                           std::string_view detail, transport_stage stage) {
    auto latency = std::chrono::steady_clock::now() - sent_;
    // A transport's timeout in another category (std::errc::timed_out, Asio's or the system's
    // ETIMEDOUT) is a timeout: retried and charged as one, and seen as errc::timeout.
    std::string own_words;
    if (ec == std::errc::timed_out) { // never true of errc::timeout itself
        if (detail.empty())
            detail = own_words = ec.message();
        ec = make_error_code(errc::timeout);
    }
    // A transport that reports no error must have an answer: an HTTP status has three digits.
    if (!ec && (response.status < 100 || response.status > 999)) {
        ec = make_error_code(errc::malformed_http_response);
        detail = own_words = "the transport reported no error but gave no HTTP status (" +
                             std::to_string(response.status) + ")";
        stage = transport_stage::exchanging;
    }
    metadata_.attempts = attempt_;
    last_stage_ = ec ? stage : transport_stage::unknown;
    if (!ec) { // before the hooks: a hook that throws ends a call the service answered
        metadata_.http_status = response.status;
        metadata_.request_id = request_id_of(response);
    }
    const std::optional<http_response> redacted = ec ? std::nullopt : without_secrets(response);
    const http_response& shown = redacted ? *redacted : response;
    if (core_.config.hooks.after_receive)
        core_.config.hooks.after_receive(context(), ec ? nullptr : &shown, ec, latency);
    if (ec == errc::timeout && attempt_deadline() < deadline() &&
        std::chrono::steady_clock::now() >= attempt_deadline())
        return on_transport_error(ec, "no answer within attempt_timeout (" +
                                          std::to_string(attempt_timeout().count()) + " ms)");
    if (ec)
        return on_transport_error(ec, detail);
    if (response.status >= 200 && response.status < 300) {
        // A success's body must be decoded; an error's status decides its retry whatever its body.
        if (auto failure = unreadable_encoding(shown))
            return finish_with(std::move(*failure));
        core_.retry.after_success(retry_state_);
        decode_output(response, shown);
        return {true, {}};
    }
    return on_error_response(shown);
}

AWSML_DECL std::optional<call_failure>
call_state::unreadable_encoding(const http_response& response) const {
    if (response.body.empty()) // nothing to decode
        return std::nullopt;
    std::optional<std::string_view> encoding;
    for (const auto& h : response.headers) {
        const std::string_view coding = trim(h.value, http_whitespace);
        if (iequals(h.name, "Content-Encoding") && !coding.empty() && !iequals(coding, "identity"))
            encoding = h.value;
    }
    if (!encoding)
        return std::nullopt;
    call_failure f;
    f.code = make_error_code(errc::malformed_http_response);
    f.message = std::string(operation_) + " response (HTTP " + std::to_string(response.status) +
                "): its body is encoded (Content-Encoding " + in_quotes(*encoding) +
                "), which the client did not ask for and does not decode";
    f.service.http_status = response.status;
    f.service.request_id = metadata_.request_id;
    return f;
}

// Headers the protocol, the signature or the transport write: a caller's would contradict them.
AWSML_DECL bool is_reserved_header(std::string_view name) {
    constexpr std::string_view reserved[] = {"host",
                                             "authorization",
                                             "content-type",
                                             "content-length",
                                             "connection",
                                             "transfer-encoding",
                                             "expect",
                                             "user-agent",
                                             "upgrade",
                                             "te",
                                             "trailer",
                                             "keep-alive",
                                             "proxy-connection",
                                             "proxy-authorization",
                                             "content-encoding",
                                             "accept-encoding",
                                             "content-md5"};
    const std::string lower = ascii_lower(name);
    return std::find(std::begin(reserved), std::end(reserved), lower) != std::end(reserved) ||
           lower.starts_with("x-amz-") || lower.starts_with("amz-sdk-");
}

// What is wrong with a caller's header, if anything.
AWSML_DECL std::optional<std::string> header_problem(const http_headers& headers,
                                                     std::size_t index) {
    const http_header& h = headers[index];
    if (!is_token(h.name))
        return "is not an HTTP header name (a token: letters, digits and !#$%&'*+-.^_`|~)";
    if (is_reserved_header(h.name))
        return "is set by the client itself (the protocol, the signature or the connection)";
    if (!is_field_text(h.value))
        return "has a value holding a control character (a line break, a NUL, DEL...)";
    for (std::size_t earlier = 0; earlier < index; ++earlier)
        if (iequals(headers[earlier].name, h.name))
            return "is given twice";
    return std::nullopt;
}

AWSML_DECL std::optional<call_failure> call_state::check_options() const {
    if (options_.max_attempts && *options_.max_attempts < 1)
        return configuration_failure(
            errc::config_error, std::string(operation_) +
                                    ": call_options::max_attempts must be at least 1 (it counts "
                                    "the first attempt), not " +
                                    std::to_string(*options_.max_attempts));
    for (std::size_t i = 0; i < options_.headers.size(); ++i)
        if (auto problem = header_problem(options_.headers, i))
            return configuration_failure(errc::config_error,
                                         std::string(operation_) + ": call_options::headers: " +
                                             in_quotes(options_.headers[i].name) + " " + *problem);
    return std::nullopt;
}

} // namespace awsml::detail
