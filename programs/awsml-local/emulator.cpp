// awsml-local's emulator, compiled once (see service.hpp): the request's checks in order, the
// routing over the service's operations and each operation's answer.
#include <awsml-local/service.hpp>

#include <awsml-local/browser_guard.hpp>
#include <awsml-local/describe.hpp>
#include <awsml/auth/sigv4_chunks.hpp>
#include <awsml/auth/sigv4_verify.hpp>
#include <awsml/core/detail/trim.hpp>
#include <awsml/model/from_json.hpp>
#include <awsml/model/to_json.hpp>
#include <awsml/model/validate.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/mp11/algorithm.hpp>

#include <algorithm>
#include <charconv>

namespace awsml::local {

namespace detail::service {

/// Untrusted text made safe for a log line: printable ASCII, at most 80 characters.
inline std::string printable(std::string_view text) {
    std::string out;
    for (char c : text.substr(0, 80))
        out.push_back(static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f
                          ? c
                          : '?');
    if (text.size() > 80)
        out += "...";
    return out;
}

/// The numeric "code" of an error body.
inline int numeric_code(int status, std::string_view code) {
    return code == "ResourceNotFoundException" ? 404 : status;
}

/// "15 min." or "90 sec.", as the service words its skew limit.
inline std::string skew_text(std::chrono::seconds skew) {
    if (skew.count() % 60 == 0)
        return std::to_string(skew.count() / 60) + " min.";
    return std::to_string(skew.count()) + " sec.";
}

/// X-Amz-Date from the header or, for a presigned request, the query.
inline std::string request_amz_date(const http_request& request) {
    if (auto header = find_header(request.headers, "x-amz-date"))
        return std::string(*header);
    const std::string_view target = request.target;
    const std::size_t query = target.find('?');
    if (query == std::string_view::npos)
        return {};
    const std::string_view key = "X-Amz-Date=";
    for (std::size_t pos = query + 1; pos < target.size();) {
        const std::size_t end = std::min(target.find('&', pos), target.size());
        if (target.substr(pos, key.size()) == key)
            return std::string(target.substr(pos + key.size(), end - pos - key.size()));
        pos = end + 1;
    }
    return {};
}

/// The service's wording for a request signed too far from its clock.
inline std::string skew_message(const http_request& request,
                                std::chrono::system_clock::time_point now,
                                std::chrono::seconds skew) {
    const std::string amz_date = request_amz_date(request);
    const auto signed_at = awsml::sigv4::parse_amz_date(amz_date);
    const auto stamp = [](std::chrono::system_clock::time_point t) {
        return awsml::sigv4::format_amz_date(std::chrono::floor<std::chrono::seconds>(t));
    };
    if (signed_at && *signed_at > now)
        return "Signature not yet current: " + amz_date + " is still later than " +
               stamp(now + skew) + " (" + stamp(now) + " + " + skew_text(skew) + ")";
    return "Signature expired: " + amz_date + " is now earlier than " + stamp(now - skew) + " (" +
           stamp(now) + " - " + skew_text(skew) + ")";
}

/// The value at a violation's wire path ("EndpointInfo.EndpointUrl", "Tags[0].Key") of the
/// request's JSON, as the service quotes it: 'text' for a string, null when absent, the JSON
/// otherwise.
inline std::string quoted_value_at(const boost::json::value& document, std::string_view path) {
    const boost::json::value* at = &document;
    while (at && !path.empty()) {
        if (path.front() == '[') { // a list's element
            const std::size_t close = path.find(']');
            std::size_t index = 0;
            const auto [end, ec] = std::from_chars(path.data() + 1, path.data() + close, index);
            const auto* array = at->if_array();
            at = close != std::string_view::npos && ec == std::errc() &&
                         end == path.data() + close && array && index < array->size()
                     ? &(*array)[index]
                     : nullptr;
            path = close == std::string_view::npos ? std::string_view() : path.substr(close + 1);
        } else {
            const std::size_t end = path.find_first_of(".[");
            const auto* object = at->if_object();
            at = object ? object->if_contains(path.substr(0, end)) : nullptr;
            path = end == std::string_view::npos ? std::string_view() : path.substr(end);
        }
        if (path.starts_with('.'))
            path.remove_prefix(1);
    }
    if (!at || at->is_null())
        return "null";
    if (const auto* text = at->if_string())
        return "'" + printable(*text) + "'";
    return printable(boost::json::serialize(*at));
}

// What a member holds, optional or not (declarations only: decltype names the type).
template <class T>
T held_value(const T&);
template <class T>
T held_value(const std::optional<T>&);

/// Whether a decoded value is what a member left out decodes to.
template <class T>
bool decoded_empty(const T& value) {
    if constexpr (requires { value.has_value(); })
        return !value.has_value();
    else if constexpr (requires { value.empty(); })
        return value.empty();
    else if constexpr (requires { value.wire(); })
        return value.wire().empty();
    else
        return false;
}

/// Whether a required member of `shape` (nested structures' included) holds an empty value:
/// the request may have left it out, which only its JSON tells.
template <class Shape>
bool may_lack_required(const Shape& shape) {
    bool may = false;
    awsml::detail::for_each_member<Shape>([&](auto d, const auto& rule) {
        const auto& value = shape.*d.pointer;
        if (awsml::detail::has_constraint<required_constraint>(rule) && decoded_empty(value))
            may = true;
        using held = decltype(held_value(value));
        if constexpr (awsml::detail::described_shape<held>) {
            if constexpr (std::is_same_v<held, std::remove_cvref_t<decltype(value)>>)
                may = may || may_lack_required(value);
            else if (value)
                may = may || may_lack_required(*value);
        }
    });
    return may;
}

/// Adds to `out` the members `Shape` requires that `object` leaves out or sends as null, nested
/// structures' included, unless validate() found them: validate() cannot tell them from a value
/// sent empty where one decodes empty (a Record map, a Tags list, an EntityName that admits
/// ""), and the service refuses them all the same.
template <class Shape>
void absent_required(const boost::json::object& object, const std::string& prefix,
                     std::vector<violation>& out) {
    awsml::detail::for_each_member<Shape>([&](auto d, const auto& rule) {
        const std::string path = prefix + std::string(rule.wire_name);
        const boost::json::value* value = object.if_contains(rule.wire_name);
        if (!value || value->is_null()) {
            if (!awsml::detail::has_constraint<required_constraint>(rule))
                return;
            // What validate() measured inside the empty value it decoded was never sent.
            std::erase_if(out, [&](const violation& v) {
                return v.path.starts_with(path + ".") || v.path.starts_with(path + "[");
            });
            const violation absent{.path = path, .message = "is required"};
            if (std::find(out.begin(), out.end(), absent) == out.end())
                out.push_back(absent);
            return;
        }
        using held = decltype(held_value(Shape{}.*d.pointer));
        if constexpr (awsml::detail::described_shape<held>)
            if (value->is_object())
                absent_required<held>(value->get_object(), path + ".", out);
    });
}

/// The violations as the service counts them: a required member the request leaves out (or
/// sends as null) breaks that rule alone, "Member must not be null", where validate() also
/// measures the empty value it decoded; one the request sends ("") is only measured, as
/// "required" means "not null" to the service, where validate() takes an empty required string
/// or enum as missing.
inline std::vector<violation> as_the_service_counts(std::vector<violation> violations,
                                                    const boost::json::value& document) {
    std::vector<std::string> missing;
    for (const auto& v : violations)
        if (v.kind == constraint_kind::required && quoted_value_at(document, v.path) == "null")
            missing.push_back(v.path);
    const auto is_missing = [&](const violation& v) {
        return std::find(missing.begin(), missing.end(), v.path) != missing.end();
    };
    std::erase_if(violations, [&](const violation& v) {
        return (v.kind == constraint_kind::required) != is_missing(v);
    });
    return violations;
}

/// What a violation breaks, in the service's words ("must have length greater than or equal to
/// 1", as AWS's request validation words it).
inline std::string service_wording(const violation& v) {
    switch (v.kind) {
    case constraint_kind::required:
        return "must not be null";
    case constraint_kind::min_length:
        return "must have length greater than or equal to " + v.limit;
    case constraint_kind::max_length:
        return "must have length less than or equal to " + v.limit;
    case constraint_kind::pattern:
        return "must satisfy regular expression pattern: " + v.limit;
    case constraint_kind::min_value:
        return "must have value greater than or equal to " + v.limit;
    case constraint_kind::max_value:
        return "must have value less than or equal to " + v.limit;
    case constraint_kind::enum_value:
        return "must satisfy enum value set: " + v.limit;
    case constraint_kind::utf8:
        break;
    }
    return v.message;
}

/// "Value 'x' at 'MLModelId' failed to satisfy constraint: ..." for each violation, quoting the
/// values as the request sent them (`document`).
inline std::string describe_violations(const std::vector<violation>& violations,
                                       const boost::json::value& document) {
    std::string message = std::to_string(violations.size()) + " validation error" +
                          (violations.size() == 1 ? "" : "s") + " detected: ";
    for (std::size_t i = 0; i < violations.size(); ++i) {
        const auto& v = violations[i];
        if (i)
            message += "; ";
        message += "Value " + quoted_value_at(document, v.path) + " at '" + v.path +
                   "' failed to satisfy constraint: Member " + service_wording(v);
    }
    return message;
}

/// The error a request's violations make: a tag list over its size is the service's
/// TagLimitExceededException, tags' keys or values (AddTags' Tags, DeleteTags' TagKeys) out of
/// their patterns InvalidTagException, anything else InvalidInputException.
inline std::string_view violation_code(const std::vector<violation>& violations) {
    auto on = [&](auto pred) {
        return !violations.empty() && std::all_of(violations.begin(), violations.end(), pred);
    };
    if (on([](const violation& v) {
            return v.path == "Tags" && v.kind == constraint_kind::max_length;
        }))
        return "TagLimitExceededException";
    if (on([](const violation& v) {
            return v.path.starts_with("Tags[") || v.path.starts_with("TagKeys[");
        }))
        return "InvalidTagException";
    return "InvalidInputException";
}

/// The operation X-Amz-Target names, if it is the service's: "AmazonML_20141212.GetMLModel" ->
/// "GetMLModel".
inline std::optional<std::string_view> operation_named(std::string_view target) {
    const std::string_view prefix = machinelearning::service::identity.target_prefix;
    if (target.size() <= prefix.size() || target.substr(0, prefix.size()) != prefix ||
        target[prefix.size()] != '.')
        return std::nullopt;
    return target.substr(prefix.size() + 1);
}

// The operations that only read the state: each takes the state's lock briefly and touches no
// file (but for moving a batch prediction's due results into place, a few renames, which the
// server's timer mostly does first), so the server answers them on its I/O thread
// (emulator::answers_quickly) unless a state file is attached. Every other operation may read
// data, train or write the state file, and goes to a worker.
using reading_operations = boost::mp11::mp_list<
    machinelearning::get_ml_model, machinelearning::get_data_source,
    machinelearning::get_evaluation, machinelearning::get_batch_prediction,
    machinelearning::describe_ml_models, machinelearning::describe_data_sources,
    machinelearning::describe_evaluations, machinelearning::describe_batch_predictions,
    machinelearning::describe_tags, machinelearning::predict>;

inline bool reads_only(std::string_view operation) {
    bool found = false;
    boost::mp11::mp_for_each<
        boost::mp11::mp_transform<boost::mp11::mp_identity, reading_operations>>(
        [&](auto identity) { found = found || decltype(identity)::type::name == operation; });
    return found;
}

// What the log line takes from any request's body; every other member is skipped unread.
AWSML_SHAPE(logged_members, (std::optional<std::string>, evaluation_id, "EvaluationId"),
            (std::optional<std::string>, batch_prediction_id, "BatchPredictionId"),
            (std::optional<std::string>, ml_model_id, "MLModelId"),
            (std::optional<std::string>, data_source_id, "DataSourceId"),
            (std::optional<std::string>, resource_id, "ResourceId"))

/// The operation and model id a request names, for the log line, whatever else is wrong with it.
inline void describe_for_log(const http_request& request, exchange& reply) {
    if (auto target = find_header(request.headers, "x-amz-target")) {
        const auto operation = operation_named(*target);
        reply.operation = printable(operation ? *operation : *target);
    }
    if (request.body.empty())
        return;
    auto logged = try_from_json<logged_members>(request.body);
    if (!logged)
        return;
    // The entity the request is about: its own id first, then what it uses.
    for (const auto* id : {&logged->evaluation_id, &logged->batch_prediction_id,
                           &logged->ml_model_id, &logged->data_source_id, &logged->resource_id})
        if (*id) {
            reply.model_id = printable(**id);
            return;
        }
}

/// The request's SigV4 signature checked with the emulator's keys and clock; `options` says
/// how the protocol signs (its service, its path rules, its payload hash).
inline boost::system::result<awsml::sigv4::authorization, awsml::sigv4::failure>
verify_signature(const service_settings& settings, const http_request& request,
                 std::chrono::system_clock::time_point now, awsml::sigv4::verify_options options) {
    options.now = now;
    options.max_clock_skew = settings.max_clock_skew;
    options.region = settings.region;
    auto lookup = [&](std::string_view access_key_id) -> std::optional<std::string> {
        auto found = settings.access_keys.find(access_key_id);
        if (found == settings.access_keys.end())
            return std::nullopt;
        return found->second;
    };
    return awsml::sigv4::verify(request, lookup, options);
}

/// Whether S3's API answers a request: what is not the console's and not the Amazon ML API's.
inline bool answered_by_s3(const http_request& request) {
    return !local::console::claims(request) && s3_api::claims(request);
}

/// Whether the request's headers announce a body (a Content-Length other than 0, or chunks).
inline bool declares_body(const http_request& request) {
    const auto length = find_header(request.headers, "content-length");
    return (length && *length != "0") || find_header(request.headers, "transfer-encoding");
}

/// Whether the request will be refused as unsigned whatever its body: no Authorization header,
/// no query parameter named X-Amz-* once decoded (the verifier decodes names before it looks
/// for a presigned URL's), no "AWSAccessKeyId=" anywhere in the target (S3's legacy presigned
/// URL, as answer_s3 looks for one), and nothing S3 checks before the signature (a form
/// upload's signature, which is in its body; a declared payload hash).
inline bool surely_unsigned(const http_request& request) {
    const std::string_view target = request.target;
    if (find_header(request.headers, "authorization") ||
        find_header(request.headers, "x-amz-content-sha256") ||
        find_header(request.headers, "content-type").value_or("").starts_with("multipart/") ||
        target.find("AWSAccessKeyId=") != std::string_view::npos)
        return false;
    // The verifier's own reading of the query: its names decoded, then canonically encoded.
    std::vector<awsml::detail::sigv4::query_param> parameters;
    awsml::detail::sigv4::add_canonical_params(parameters,
                                               awsml::detail::sigv4::split_target(target).query);
    return std::none_of(parameters.begin(), parameters.end(), [](const auto& parameter) {
        return parameter.name.size() >= 6 &&
               awsml::detail::iequals(std::string_view(parameter.name).substr(0, 6), "X-Amz-");
    });
}

/// Whether a request is signed as a presigned URL is: in its query (as the verifier tells one:
/// by its signature, credential or algorithm), with no Authorization header.
inline bool presigned(const http_request& request) {
    const std::string_view target = request.target;
    return !find_header(request.headers, "authorization") &&
           (target.find("X-Amz-Signature=") != std::string_view::npos ||
            target.find("X-Amz-Credential=") != std::string_view::npos ||
            target.find("X-Amz-Algorithm=") != std::string_view::npos);
}

/// How S3 signs: the path as sent, and the payload's declared hash (already checked against
/// the body), or for a presigned URL UNSIGNED-PAYLOAD.
inline awsml::sigv4::verify_options s3_signing(const http_request& request,
                                               std::optional<std::string_view> declared_hash) {
    awsml::sigv4::verify_options options;
    options.service = "s3";
    options.normalize_path = false;
    options.encode_path = false;
    options.payload_hash = declared_hash.value_or(presigned(request) ? "UNSIGNED-PAYLOAD" : "");
    return options;
}

/// The chain of signatures a body sent chunk by chunk must follow, from the request's verified
/// signature; none for a body sent otherwise.
inline std::optional<awsml::sigv4::chunk_signature_chain>
chunk_chain(const service_settings& settings, const http_request& request,
            const awsml::sigv4::authorization& auth) {
    const std::string_view payload =
        find_header(request.headers, "x-amz-content-sha256").value_or("");
    const auto secret = settings.access_keys.find(auth.access_key_id);
    if ((payload != awsml::sigv4::streaming_signed_payload &&
         payload != awsml::sigv4::streaming_signed_payload_trailer) ||
        secret == settings.access_keys.end())
        return std::nullopt;
    return awsml::sigv4::chunk_signature_chain(
        awsml::sigv4::derive_signing_key(secret->second, auth.day, auth.region, auth.service),
        std::string(awsml::detail::trim(find_header(request.headers, "x-amz-date").value_or(""))),
        auth.scope(), auth.signature);
}

/// How an injected fault answers: in the Amazon ML API's words, or S3's.
struct fault_answer {
    int status;
    std::string_view code, message;
};

inline fault_answer answer_to(fault_kind kind, bool s3) {
    switch (kind) {
    case fault_kind::unavailable:
        return s3 ? fault_answer{503, "SlowDown", "Please reduce your request rate."}
                  : fault_answer{503, "ServiceUnavailableException",
                                 "Service is unavailable. Please try again later."};
    case fault_kind::internal_error:
        return s3 ? fault_answer{500, "InternalError",
                                 "We encountered an internal error. Please try again."}
                  : fault_answer{500, "InternalServerException",
                                 "An internal error occurred. Please try again."};
    default:
        return s3 ? fault_answer{503, "SlowDown", "Please reduce your request rate."}
                  : fault_answer{400, "ThrottlingException", "Rate exceeded"};
    }
}

} // namespace detail::service

bool emulator::answers_quickly(const http_request& request) const {
    // With a state file, a change holds the state's lock while it writes and syncs the file: a
    // read would wait for it there, and on the I/O thread hold up every connection meanwhile.
    if (local::console::claims(request) || operations_.store().persists())
        return false;
    const auto target = find_header(request.headers, "x-amz-target");
    const auto operation = target ? detail::service::operation_named(*target) : std::nullopt;
    // While a Create* is at work, a read of what it makes waits for it: on a worker.
    return operation && detail::service::reads_only(*operation) && !operations_.at_work();
}

emulator::refused_request emulator::refuse_unreadable(int status, std::string_view code,
                                                      std::string_view message,
                                                      const http_request* headers_read) {
    if (headers_read && detail::service::answered_by_s3(*headers_read) &&
        (status == 413 || status == 408))
        return status == 413
                   ? refused_early(headers_read, 400, "EntityTooLarge",
                                   "Your proposed upload exceeds the maximum allowed size: " +
                                       std::string(message) + ".")
                   : refused_early(headers_read, 400, "RequestTimeout",
                                   "Your socket connection to the server was not read from or "
                                   "written to within the timeout period. Idle connections will "
                                   "be closed.");
    return refused_early(nullptr, status, code, message);
}

std::optional<emulator::refused_request> emulator::screen(const http_request& head) {
    if (local::console::claims(head))
        return std::nullopt;
    const http_request* s3 = detail::service::answered_by_s3(head) ? &head : nullptr;
    const std::string_view denied = s3 ? "AccessDenied" : "AccessDeniedException";
    std::optional<refused_request> refused;
    if (!head.host.empty() && !local_host_name(head.host))
        refused = refused_early(s3, 403, denied,
                                "awsml-local answers only requests addressed to localhost, a name "
                                "under .localhost or an IP address, not " +
                                    in_quotes(head.host) +
                                    ": a page on another site could reach it by DNS rebinding");
    else if (const auto why = cross_site_refusal(head))
        refused = refused_early(s3, 403, denied, *why);
    else if (detail::service::declares_body(head) && detail::service::surely_unsigned(head))
        refused = s3 ? refused_early(s3, 403, "AccessDenied", "Access Denied")
                     : refused_early(nullptr, 403, "MissingAuthenticationTokenException",
                                     "Missing Authentication Token");
    if (!refused)
        return std::nullopt;
    // Numbered and named as an answered request is: the log shows what was refused, and the
    // requests after it keep their numbers (which --fault plans count).
    refused->number = ++count_;
    if (s3) {
        const auto summary = s3_api::summarize(head);
        refused->operation = detail::service::printable(summary.operation);
        refused->model_id = detail::service::printable(summary.resource);
    } else {
        exchange described;
        detail::service::describe_for_log(head, described);
        refused->operation = std::move(described.operation);
    }
    return refused;
}

emulator::refused_request emulator::refused_early(const http_request* s3_request, int status,
                                                  std::string_view code, std::string_view message) {
    if (s3_request) {
        auto refused = s3_refusal(*s3_request, status, code, message);
        s3_api::finish(refused.response, next_request_id(), now());
        return {std::move(refused.response), std::move(refused.error_code)};
    }
    http_response response =
        json_error_response(status, code, message, detail::service::numeric_code(status, code));
    finish_response(response, next_request_id(), now());
    return {std::move(response), std::string(code)};
}

std::string emulator::next_request_id() {
    std::lock_guard lock(ids_mutex_);
    return ids_.next();
}

exchange emulator::handle_at_once(const http_request& request) {
    const operations::never_waiting_scope at_once;
    return handle(request);
}

exchange emulator::handle(const http_request& request) {
    exchange reply;
    const auto now = this->now();
    if (local::console::claims(request)) {
        reply.operation = "console " + detail::service::printable(request.method) + " " +
                          detail::service::printable(request.target.substr(
                              0, std::min(request.target.find('?'), request.target.size())));
        // Off (--no-console), the console's pages are unknown pages; the API is as it is on.
        reply.response =
            settings_.web_console
                ? console_.answer(request,
                                  std::chrono::time_point_cast<std::chrono::milliseconds>(now))
                : json_error_response(404, "UnknownOperationException",
                                      "No such page: awsml-local's web console is off "
                                      "(--no-console).",
                                      404);
        if (reply.response.status >= 400)
            reply.error_code = std::to_string(reply.response.status);
        detail::response::set_header(reply.response.headers, "Content-Length",
                                     std::to_string(reply.response.body.size()));
        detail::response::set_header(reply.response.headers, "Date", format_http_date(now));
        return reply;
    }
    reply.number = ++count_;
    reply.fault = settings_.faults.fault_for(reply.number);
    reply.delay = settings_.faults.delay_for(reply.number);
    const bool s3 = detail::service::answered_by_s3(request);
    if (s3) {
        auto summary = s3_api::summarize(request);
        reply.operation = detail::service::printable(summary.operation);
        reply.model_id = detail::service::printable(summary.resource);
    } else {
        detail::service::describe_for_log(request, reply);
    }
    if (reply.fault == fault_kind::drop) {
        reply.action = reply_action::drop;
        return reply;
    }
    outcome result;
    if (reply.fault && reply.fault != fault_kind::truncate) {
        const auto fault = detail::service::answer_to(*reply.fault, s3);
        result = s3 ? s3_refusal(request, fault.status, fault.code, fault.message)
                    : refusal(fault.status, fault.code, std::string(fault.message));
    } else {
        result = s3 ? answer_s3(request, now) : answer(request, now);
        if (reply.fault == fault_kind::truncate)
            reply.action = reply_action::truncate;
    }
    reply.response = std::move(result.response);
    reply.error_code = std::move(result.error_code);
    reply.streamed_body = std::move(result.streamed_body);
    if (s3)
        s3_api::finish(reply.response, next_request_id(), now);
    else
        finish_response(reply.response, next_request_id(), now);
    return reply;
}

emulator::outcome emulator::refusal(int status, std::string_view code, const std::string& message) {
    return {json_error_response(status, code, message, detail::service::numeric_code(status, code)),
            std::string(code)};
}

emulator::outcome emulator::answer(const http_request& request,
                                   std::chrono::system_clock::time_point now) {
    try {
        if (auto refused = check_signature(request, now))
            return std::move(*refused);
        return dispatch(request, now);
    } catch (const std::exception&) {
        return refusal(500, "InternalServerException", "An internal error occurred.");
    }
}

std::optional<emulator::outcome>
emulator::check_signature(const http_request& request,
                          std::chrono::system_clock::time_point now) const {
    using awsml::sigv4::failure_reason;
    awsml::sigv4::verify_options service_signing;
    service_signing.service = service_signing_name;
    auto verified = detail::service::verify_signature(settings_, request, now, service_signing);
    if (verified)
        return std::nullopt;
    const auto& failure = verified.error();
    auto refuse = &emulator::refusal;
    switch (failure.reason) {
    case failure_reason::missing_authorization:
        return refuse(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    case failure_reason::unknown_access_key:
        return refuse(403, "UnrecognizedClientException",
                      "The security token included in the request is invalid.");
    case failure_reason::signature_mismatch:
        return refuse(400, "InvalidSignatureException",
                      "The request signature we calculated does not match the signature you "
                      "provided. Check your AWS Secret Access Key and signing method. Consult "
                      "the service documentation for details.");
    case failure_reason::time_skewed:
        return refuse(400, "InvalidSignatureException",
                      detail::service::skew_message(request, now, settings_.max_clock_skew));
    case failure_reason::expired:
        return refuse(400, "InvalidSignatureException", "Signature expired: " + failure.message);
    case failure_reason::wrong_scope: {
        const auto header = find_header(request.headers, "authorization");
        auto parsed = awsml::sigv4::parse_authorization(header.value_or(""));
        if (parsed && parsed->service != service_signing_name)
            return refuse(400, "InvalidSignatureException",
                          "Credential should be scoped to correct service: '" +
                              std::string(service_signing_name) + "'. ");
        return refuse(400, "InvalidSignatureException",
                      "Credential should be scoped to a valid region. ");
    }
    case failure_reason::malformed_authorization:
    case failure_reason::invalid_input:
        break;
    }
    return refuse(400, "IncompleteSignatureException", failure.message);
}

emulator::outcome emulator::s3_refusal(const http_request& request, int status,
                                       std::string_view code, std::string_view message) {
    auto refused = s3_api::refusal(request, status, code, message);
    return {std::move(refused.response), std::move(refused.error_code)};
}

emulator::outcome emulator::answer_s3(const http_request& request,
                                      std::chrono::system_clock::time_point now) {
    using awsml::sigv4::failure_reason;
    auto refuse = [&](int status, std::string_view code, std::string_view message) {
        return s3_refusal(request, status, code, message);
    };
    // Signature Version 2 (an "AWS id:signature" header, or a presigned URL's AWSAccessKeyId),
    // which boto3 still uses to presign unless told s3v4, is refused as S3 refuses it.
    if (find_header(request.headers, "authorization").value_or("").starts_with("AWS ") ||
        request.target.find("AWSAccessKeyId=") != std::string::npos)
        return refuse(400, "InvalidRequest",
                      "The authorization mechanism you have provided is not supported. Please use "
                      "AWS4-HMAC-SHA256.");
    // A browser form upload (POST Object) carries its signature in the form, which is not read:
    // said so, not refused as unsigned.
    if (request.method == "POST" && find_header(request.headers, "content-type")
                                        .value_or("")
                                        .starts_with("multipart/form-data"))
        return refuse(501, "NotImplemented",
                      "awsml-local's S3 does not implement browser form uploads (POST Object).");
    // S3 says which of the hash and the signature is wrong; the hash is checked once, here.
    const auto declared = find_header(request.headers, "x-amz-content-sha256");
    if (declared && declared->size() == 64 &&
        !awsml::detail::constant_time_equal(*declared, awsml::detail::sha256_hex(request.body)))
        return refuse(400, "XAmzContentSHA256Mismatch",
                      "The provided 'x-amz-content-sha256' header does not match what was "
                      "computed.");
    auto verified = detail::service::verify_signature(
        settings_, request, now, detail::service::s3_signing(request, declared));
    if (!verified) {
        const auto& failure = verified.error();
        switch (failure.reason) {
        case failure_reason::missing_authorization:
            return refuse(403, "AccessDenied", "Access Denied");
        case failure_reason::unknown_access_key:
            return refuse(403, "InvalidAccessKeyId",
                          "The AWS Access Key Id you provided does not exist in our records.");
        case failure_reason::signature_mismatch:
            return refuse(403, "SignatureDoesNotMatch", s3_signature_mismatch);
        case failure_reason::time_skewed:
            return refuse(403, "RequestTimeTooSkewed",
                          "The difference between the request time and the current time is too "
                          "large.");
        case failure_reason::expired:
            return refuse(403, "AccessDenied", "Request has expired");
        case failure_reason::wrong_scope:
        case failure_reason::malformed_authorization:
        case failure_reason::invalid_input:
            break;
        }
        // A presigned URL's malformed query is S3's AuthorizationQueryParametersError.
        if (detail::service::presigned(request))
            return refuse(400, "AuthorizationQueryParametersError",
                          "The presigned URL's authorization query is malformed; " +
                              failure.message);
        return refuse(400, "AuthorizationHeaderMalformed",
                      "The authorization header is malformed; " + failure.message);
    }
    auto answered = s3_.answer(request, verified->region, now,
                               detail::service::chunk_chain(settings_, request, *verified));
    return {std::move(answered.response), std::move(answered.error_code),
            std::move(answered.streamed_body)};
}

emulator::outcome emulator::dispatch(const http_request& request,
                                     std::chrono::system_clock::time_point now) {
    auto refuse = [](int status, const std::string& message) {
        return refusal(status, "UnknownOperationException", message);
    };
    const std::string_view path =
        std::string_view(request.target).substr(0, request.target.find('?'));
    if (request.method != "POST" || path != "/")
        return refuse(404, "awsml-local serves POST / only, not " +
                               detail::service::printable(request.method) + " " +
                               detail::service::printable(path));
    const auto target = find_header(request.headers, "x-amz-target");
    if (!target)
        return refuse(400, "The request has no X-Amz-Target header.");
    const auto operation = detail::service::operation_named(*target);
    if (!operation)
        return refuse(400, "Unknown operation " + detail::service::printable(*target) +
                               " for Amazon Machine Learning.");
    const operations::caller_origin_scope origin(
        find_header(request.headers, "host").value_or(std::string_view()));
    std::optional<outcome> answered;
    boost::mp11::mp_for_each<
        boost::mp11::mp_transform<boost::mp11::mp_identity, machinelearning::service::operations>>(
        [&](auto identity) {
            using op = typename decltype(identity)::type;
            if (!answered && op::name == *operation)
                answered = serve<op>(request, now);
        });
    if (answered)
        return std::move(*answered);
    return refuse(400, "Unknown operation " + detail::service::printable(*operation) +
                           " for Amazon Machine Learning.");
}

// Every operation's request is read and checked the same way; only the answer differs.
template <class Op>
emulator::outcome emulator::serve(const http_request& request,
                                  std::chrono::system_clock::time_point now) {
    auto refuse = &emulator::refusal;
    if (request.body.empty())
        return refuse(400, "SerializationException",
                      "The request body is empty; expected a JSON object.");
    auto input = try_from_json<typename Op::input>(request.body);
    if (!input)
        return refuse(400, "SerializationException",
                      "Cannot deserialize the request body: " + input.error().message());
    // The service refuses an enum value outside its model, where a client passes it on, and
    // matches patterns against "" (which a client reports as missing, where it is required).
    auto violations = validate(
        *input, validate_options{.known_enums = true, .empty_strings_match_patterns = true});
    // The endpoint an operation is sent to (Predict's) is this emulator's own address, which the
    // service model's pattern (AWS hosts only) would refuse.
    if constexpr (requires { Op::endpoint; })
        std::erase_if(violations, [](const violation& v) {
            return v.path == awsml::detail::wire_name_of<Op::endpoint>();
        });
    // Only the request's JSON tells a member left out from one sent empty.
    if (!violations.empty() || detail::service::may_lack_required(*input)) {
        // As deep as the decoder that took the body reads (Boost.JSON's own default is 32).
        boost::json::parse_options options;
        options.max_depth = decode_options{}.max_depth;
        const boost::json::value document = boost::json::parse(request.body, {}, options);
        detail::service::absent_required<typename Op::input>(document.as_object(), "", violations);
        if (!violations.empty())
            violations = detail::service::as_the_service_counts(std::move(violations), document);
        // A required member sent empty, whose constraints admit "", breaks nothing.
        if (!violations.empty())
            return refuse(400, detail::service::violation_code(violations),
                          detail::service::describe_violations(violations, document));
    }
    const auto at = std::chrono::time_point_cast<std::chrono::milliseconds>(now);
    // What an answer shows COMPLETED has its results in place first.
    operations_.publish_due_results(at);
    auto answer = operations_.answer(*input, at);
    if (!answer)
        return refuse(answer.error().status, answer.error().code, answer.error().message);
    http_response response;
    response.status = 200;
    // Floats (predictedScores, predictedValue, ScoreThreshold) as the service's Java serialiser
    // writes them.
    response.body = to_json(*answer, {.floats_as_doubles = true});
    return {std::move(response), {}};
}

} // namespace awsml::local
