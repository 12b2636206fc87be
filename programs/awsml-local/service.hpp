#pragma once

// The emulated service itself, without any network: awsml::local::emulator turns one HTTP
// request into the answer Amazon Machine Learning would give, plus what the server must do with
// it (answer, drop the connection, truncate the body, wait first).
//
// Checks, in order, for every request (request n counts from 1):
//   0. an unsigned GET, or an unsigned POST below /console/, without X-Amz-Target, is the web
//      console's (console.hpp): it is answered there, is not numbered and meets no fault; with
//      the console off (service_settings::web_console, --no-console) it is 404
//      UnknownOperationException, an unknown page;
//   1. injected faults (faults.hpp): drop, truncate (of the real answer, decided here, applied
//      by the server), 503 ServiceUnavailableException, 500 InternalServerException,
//      400 ThrottlingException;
//   2. the SigV4 signature (awsml::sigv4::verify), service machinelearning, any region unless
//      one is configured, any session token:
//        no Authorization header           403 MissingAuthenticationTokenException
//        malformed signature fields        400 IncompleteSignatureException
//        wrong service or region           400 InvalidSignatureException ("Credential should
//                                              be scoped to correct service: ...")
//        X-Amz-Date over 15 min. off       400 InvalidSignatureException ("Signature expired:
//                                              ...")
//        unknown access key id             403 UnrecognizedClientException
//        signature mismatch                400 InvalidSignatureException
//   3. routing, over the operations the service declares (machinelearning/service.hpp):
//      not POST, or a path other than "/"                 404 UnknownOperationException
//      X-Amz-Target missing, or not AmazonML_20141212.*   400 UnknownOperationException
//      an operation the service does not declare          400 UnknownOperationException
//   4. the body: empty, not JSON, or members of the wrong JSON type   400 SerializationException
//      a member breaking its constraints                  400 InvalidInputException, code 400
//                                                         (AddTags' tags: InvalidTagException)
//   5. the operation's answer (operations.hpp), for each of the 28 operations.
// Error bodies are {"__type": "<Code>", "message": "...", "code": <int>}; "code" is the HTTP
// status except for ResourceNotFoundException (404, as the modeled error's code means "not
// found").
//
// A request that is S3's (s3_api::claims: no X-Amz-Target, and signed for "s3" or not a POST
// to "/") is numbered and meets the faults as any other, answered in S3's form (503 SlowDown
// for throttle and unavailable, 500 InternalError); its signature is checked S3's way (the
// path as sent, x-amz-content-sha256: 400 XAmzContentSHA256Mismatch, 403 AccessDenied,
// InvalidAccessKeyId, SignatureDoesNotMatch, RequestTimeTooSkewed; 400
// AuthorizationHeaderMalformed), then s3_api.hpp answers it from the --s3-root folder.

#include <awsml-local/console.hpp>
#include <awsml-local/faults.hpp>
#include <awsml-local/file_body.hpp>
#include <awsml-local/model_store.hpp>
#include <awsml-local/operations.hpp>
#include <awsml-local/response.hpp>
#include <awsml-local/s3_api.hpp>
#include <awsml/machinelearning/service.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace awsml::local {

/// The AWS documentation's example key pair: the emulator's default credentials.
inline constexpr std::string_view example_access_key_id = "AKIAIOSFODNN7EXAMPLE";
inline constexpr std::string_view example_secret_access_key =
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

inline constexpr std::string_view service_signing_name =
    machinelearning::service::identity.signing_name;

struct service_settings {
    /// Access key id -> secret access key of the clients the emulator accepts.
    std::map<std::string, std::string, std::less<>> access_keys = {
        {std::string(example_access_key_id), std::string(example_secret_access_key)}};
    /// The region requests must be signed for; empty accepts any.
    std::string region;
    /// How far X-Amz-Date may be from the emulator's clock.
    std::chrono::seconds max_clock_skew{15 * 60};
    fault_plan faults;
    /// The emulator's clock (for the signature's time and lifecycles); unset: the system clock.
    std::function<std::chrono::system_clock::time_point()> clock;
    /// --s3-root and --processing-time.
    operations_settings operations;
    /// Whether GET / and the pages below it serve the web console (console.hpp); off
    /// (--no-console), they are 404.
    bool web_console = true;
};

/// What the server does with an answer.
enum class reply_action {
    respond,  ///< send the response
    drop,     ///< close the connection without answering
    truncate, ///< send the headers and half the body, then close
};

/// One request's outcome, and what the server's log line says about it.
struct exchange {
    std::uint64_t number = 0; ///< the request's number, from 1
    http_response response;   ///< complete with its headers (empty for reply_action::drop)
    reply_action action = reply_action::respond;
    std::chrono::milliseconds delay{0}; ///< wait this long before acting
    std::optional<fault_kind> fault;
    /// The operation named by X-Amz-Target ("GetMLModel"; the whole target when it is not
    /// AmazonML_20141212.*), and the id of the entity the body names (its EvaluationId,
    /// BatchPredictionId, MLModelId, DataSourceId or ResourceId, the first there): printable,
    /// cut at 80 characters, set even when the request is refused.
    std::string operation;
    std::string model_id;
    std::string error_code; ///< the error's __type; empty on success
    /// The rest of the body, sent from a file after response.body (an S3 object's bytes).
    std::optional<file_body> streamed_body;
};

/// Its member functions are compiled once, in programs/awsml-local/emulator.cpp (the
/// awsml-local library every program and test links): answering instantiates the reading,
/// checking and writing of all 28 operations' shapes, which no other translation unit should pay.
class emulator {
public:
    explicit emulator(const model_store& models, service_settings settings = {})
        : settings_(std::move(settings))
        , operations_(operations_settings_of(settings_))
        , console_(operations_)
        , s3_(operations_.settings().s3) {
        operations_.import_models(models);
    }

    /// Answers one request; thread-safe (the server calls it from its worker threads, and from
    /// its I/O thread for the requests answers_quickly admits).
    exchange handle(const http_request& request);
    /// handle(), on the I/O thread, for a request answers_quickly admitted: a read never waits
    /// there for a Create* (operations::never_waiting_scope).
    exchange handle_at_once(const http_request& request);
    /// Whether answering `request` only reads the state (Get*, Describe*, Predict: no file, no
    /// training), no state file is attached (whose writes hold the state's lock while they
    /// sync) and no Create* is at work (what it makes, a read waits for). The server answers
    /// those on its I/O thread, sparing two thread handoffs per request; a worker answers the
    /// others, so that reading data, training or writing the state file never holds up the
    /// other connections.
    bool answers_quickly(const http_request& request) const;

    struct refused_request {
        http_response response;
        std::string error_code;
        std::uint64_t number = 0; ///< as exchange's: 0 when the request could not be read
        std::string operation{};  ///< as exchange's, from the headers alone
        std::string model_id{};   ///< as exchange's: what the target names (an S3 resource)
    };
    /// The answer to a request the server could not read whole: the service's JSON error,
    /// `status` and `code`, or S3's XML where the request line and headers read
    /// (`headers_read`, null if they did not arrive whole) are S3's, in S3's words: a body over
    /// --max-upload-bytes is S3's 400 EntityTooLarge, one too slow its 400 RequestTimeout.
    refused_request refuse_unreadable(int status, std::string_view code, std::string_view message,
                                      const http_request* headers_read);
    /// The answer to a request refused on its request line and headers alone, before its body
    /// is read (none if it may go on), in S3's words or the service's as it is addressed to:
    /// one whose Host is not local (a page that rebound its DNS name to this server:
    /// local_host_name), one a browser sends on another site's behalf (cross_site_refusal),
    /// and one with a body but no signature, which its body cannot save: no stranger's upload
    /// is held in memory. The console's requests are its own to refuse.
    std::optional<refused_request> screen(const http_request& head);

    const service_settings& settings() const noexcept { return settings_; }
    /// The service's state: its entities, for loading a state file and counting.
    local::operations& operations() noexcept { return operations_; }
    std::uint64_t requests_handled() const noexcept { return count_.load(); }
    /// The web console (whose token tests read here).
    const local::console& console() const noexcept { return console_; }
    std::chrono::system_clock::time_point now() const {
        return settings_.clock ? settings_.clock() : std::chrono::system_clock::now();
    }

private:
    /// The operations' settings: LogUri links the console's logs, so only while it is on.
    static operations_settings operations_settings_of(const service_settings& settings) {
        operations_settings chosen = settings.operations;
        chosen.log_uris = settings.web_console;
        return chosen;
    }

    struct outcome {
        http_response response;
        std::string error_code;
        std::optional<file_body> streamed_body{};
    };
    /// The service's error response, with the error's numeric code.
    static outcome refusal(int status, std::string_view code, const std::string& message);
    /// A refusal of a request not answered in full, finished (request id, date): in S3's words
    /// for `s3_request`, else the service's JSON.
    refused_request refused_early(const http_request* s3_request, int status, std::string_view code,
                                  std::string_view message);
    outcome answer(const http_request& request, std::chrono::system_clock::time_point now);
    std::optional<outcome> check_signature(const http_request& request,
                                           std::chrono::system_clock::time_point now) const;
    /// S3's XML error response (s3_api::refusal) as an outcome.
    static outcome s3_refusal(const http_request& request, int status, std::string_view code,
                              std::string_view message);
    /// An S3 request's answer: its signature checked S3's way, then s3_api's.
    outcome answer_s3(const http_request& request, std::chrono::system_clock::time_point now);
    outcome dispatch(const http_request& request, std::chrono::system_clock::time_point now);
    template <class Op>
    outcome serve(const http_request& request, std::chrono::system_clock::time_point now);

    service_settings settings_;
    local::operations operations_;
    local::console console_;
    s3_api s3_;
    std::string next_request_id();

    std::mutex ids_mutex_;
    request_id_generator ids_;
    std::atomic<std::uint64_t> count_{0};
};

} // namespace awsml::local
