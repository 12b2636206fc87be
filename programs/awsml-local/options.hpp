#pragma once

// awsml-local's command line: parse_command_line turns the arguments into emulator_options (or
// a spec_error naming the bad flag); usage_text is the --help text. Every flag takes its value
// either as the next argument or after '=' (--port=0).

#include <awsml-local/faults.hpp>
#include <awsml-local/http_request_parser.hpp>
#include <awsml-local/lifecycle.hpp>
#include <awsml-local/s3_files.hpp>
#include <awsml-local/service.hpp>
#include <awsml-local/spec_error.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace awsml::local {

inline constexpr std::uint16_t default_port = 8686;

struct emulator_options {
    bool help = false;
    std::uint16_t port = default_port;
    std::string models_file;
    std::string access_key_id{example_access_key_id};
    std::string secret_access_key{example_secret_access_key};
    std::string region; ///< empty: any region
    std::string tls_cert_file, tls_key_file;
    std::vector<lifecycle> lifecycles;
    fault_plan faults;
    request_limits limits;
    std::chrono::milliseconds idle_timeout{60'000};
    bool quiet = false;
    bool web_console = true; ///< --no-console: the console's pages answer 404
    std::string s3_root;     ///< empty: no S3
    std::chrono::milliseconds processing_time{2000};   ///< of each Create*'s work
    std::string state_file;                            ///< empty: state in memory only
    std::chrono::milliseconds request_timeout{30'000}; ///< 0: none
    std::size_t max_connections = 256;                 ///< 0: no limit

    std::chrono::milliseconds hold_patience{folder_hold_patience}; ///< see folder_hold
};

/// Parses the arguments after the program name; `default_models_file` is the bundled sample.
inline spec_result<emulator_options> parse_command_line(std::span<const std::string_view> args,
                                                        std::string_view default_models_file);

/// The --help text.
inline std::string usage_text(std::string_view default_models_file);

// =============================================================================================
// Implementation

inline std::string usage_text(std::string_view default_models_file) {
    std::string text = R"(usage: awsml-local [OPTION]...

An offline Amazon Machine Learning: all 28 operations of its JSON API (protocol awsJson1_1,
targets AmazonML_20141212.*). Data sources read CSV files from --s3-root, models really train
(SGD: logistic, multinomial or linear regression), evaluations compute their metric, batch
predictions write CSV files, and real-time endpoints answer Predict at this server's address.
It serves HTTP (or HTTPS) on 127.0.0.1 and prints "listening on 127.0.0.1:PORT" as its first
line on stdout. Requests must be signed with Signature Version 4 for the service
"machinelearning". It stops, exiting 0, on SIGINT or SIGTERM. One line per request goes to
stderr (never a header, signature or secret). A web console (GET /, in a browser) shows the
same entities: lists, data insights, evaluations with a binary model's threshold slider.

Server:
  --port N                 port to listen on; 0 picks a free port (default 8686)
  --models FILE            JSON array of GetMLModel outputs to serve
                           (default: )";
    text.append(default_models_file);
    text.append(R"()
  --tls-cert FILE          serve HTTPS with this PEM certificate chain...
  --tls-key FILE           ...and this PEM private key (give both or neither)
  --max-body-bytes N       largest request body accepted (default 1048576)
  --max-upload-bytes N     largest body of an S3 request (PutObject, UploadPart; default
                           16777216, twice the AWS CLI's multipart chunk size); a larger one
                           is S3's 400 EntityTooLarge
  --idle-timeout SECONDS   close connections idle this long (default 60)
  --request-timeout SECONDS  answer 408 to a request not complete this long after its first
                           byte (an S3 request: 400 RequestTimeout; default 30; 0: no limit)
  --max-connections N      connections served at once; more wait (default 256; 0: no limit)
  --quiet                  do not log requests
  --no-console             do not serve the web console (GET / and the pages below it, at
                           this server's address, answer 404; see the README's "awsml-local's
                           console")

Service:
  --s3-root DIR            s3://bucket/key is DIR/bucket/key: data, schemas, recipes and batch
                           prediction results (default: none; data sources then fail). The
                           folder is also served as S3's API at this address, for `aws s3 cp`,
                           `aws s3 ls` and the SDKs' S3 clients (requests signed for "s3")
  --processing-time TIME   how long each Create* takes, PENDING then INPROGRESS, e.g. 2s,
                           500ms, 0 (default 2s)
  --state FILE             keep every entity in this SQLite file, committed before each answer
                           (default: in memory)
  --hold-patience TIME     how long an S3 write waits for each folder another request or
                           awsml-local holds (a bucket being deleted, an upload being
                           completed, a key being written) before it answers 503 SlowDown,
                           which the SDKs retry; a batch prediction whose results wait in
                           vain FAILS. E.g. 20s, 500ms (default 20s; 1ms to 60s)

Credentials (any X-Amz-Security-Token is accepted):
  --access-key ID          access key id clients sign with (default AKIAIOSFODNN7EXAMPLE)
  --secret-key KEY         its secret (default: the AWS documentation's example secret,
                           wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY)
  --region NAME            accept only signatures for this region (default: any region)

Model lifecycle (repeatable, one per model; times count from the server's start):
  --lifecycle ID=STATUS:DURATION,...,FINAL
                           e.g. ml-abc=PENDING:2s,INPROGRESS:3s,COMPLETED
                           durations: 250ms, 2s, 1.5s, 1m; statuses: PENDING, INPROGRESS,
                           COMPLETED, FAILED, DELETED. Timestamps follow the statuses.

Faults (deterministic: requests are numbered from 1 as they arrive):
  --fault KIND=WHEN        repeatable; KIND is one of
                             throttle     400 ThrottlingException
                             internal     500 InternalServerException
                             unavailable  503 ServiceUnavailableException
                             drop         close the connection without answering
                             truncate     send the headers and half the body, then close
                           and WHEN is one of
                             0.25         each request with this probability (0 to 1)
                             every:N      requests N, 2N, 3N, ...
                             first:N      the first N requests
                           when several select a request, the first in the list above wins
  --latency MS[@WHEN]      delay answers by MS milliseconds (every request, or WHEN)
  --seed N                 seed of the probabilities (default 1): same seed, same faults

  --help                   print this help and exit

Errors follow the service: 403 MissingAuthenticationTokenException, 403
UnrecognizedClientException, 400 InvalidSignatureException (mismatch, expired, wrong scope),
400 IncompleteSignatureException, 400/404 UnknownOperationException, 400
SerializationException, 400 InvalidInputException ("code": 400), 400
ResourceNotFoundException ("code": 404), 400 IdempotentParameterMismatchException, 400
PredictorNotMountedException, 400 LimitExceededException (Predict over 200 a second), 400
InvalidTagException, 400 TagLimitExceededException, 500 InternalServerException, 408
RequestTimeoutException. Every response has x-amzn-RequestId and Date.

Exit status: 0 after a signal, 1 when the models or certificate cannot be loaded or the port
cannot be bound, 2 for a bad command line.
)");
    return text;
}

namespace detail::options {

inline std::optional<std::uint64_t> parse_unsigned(std::string_view text, std::uint64_t max) {
    if (text.empty() || text.size() > 20)
        return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        const auto digit = std::uint64_t(c - '0');
        if (value > (max - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}

} // namespace detail::options

inline spec_result<emulator_options> parse_command_line(std::span<const std::string_view> args,
                                                        std::string_view default_models_file) {
    using detail::options::parse_unsigned;
    emulator_options options;
    options.models_file = std::string(default_models_file);
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view flag = args[i];
        std::optional<std::string_view> inline_value;
        if (const std::size_t equals = flag.find('=');
            flag.substr(0, 2) == "--" && equals != std::string_view::npos) {
            inline_value = flag.substr(equals + 1);
            flag = flag.substr(0, equals);
        }
        auto flag_only = [&]() -> std::optional<spec_error> {
            if (inline_value)
                return spec_error{std::string(flag) + " takes no value"};
            return std::nullopt;
        };
        auto value = [&]() -> spec_result<std::string_view> {
            if (inline_value)
                return *inline_value;
            if (i + 1 >= args.size())
                return spec_error{std::string(flag) + " needs a value"};
            return args[++i];
        };
        auto number = [&](std::uint64_t max) -> spec_result<std::uint64_t> {
            auto text = value();
            if (!text)
                return text.error();
            auto n = parse_unsigned(*text, max);
            if (!n)
                return spec_error{std::string(flag) + " " + std::string(*text) +
                                  ": expected a whole number from 0 to " + std::to_string(max)};
            return *n;
        };
        auto duration = [&]() -> spec_result<std::chrono::milliseconds> {
            auto text = value();
            if (!text)
                return text.error();
            auto parsed = parse_duration(*text);
            if (!parsed)
                return spec_error{std::string(flag) + ": " + parsed.error().message};
            return *parsed;
        };
        auto text_into = [&](std::string& out) -> std::optional<spec_error> {
            auto text = value();
            if (!text)
                return text.error();
            if (text->empty())
                return spec_error{std::string(flag) + " needs a non-empty value"};
            out = std::string(*text);
            return std::nullopt;
        };
        auto applied = [&](const spec_result<void>& outcome) -> std::optional<spec_error> {
            if (!outcome)
                return outcome.error();
            return std::nullopt;
        };

        std::optional<spec_error> problem;
        if (flag == "--help" || flag == "-h") {
            problem = flag_only();
            options.help = true;
        } else if (flag == "--quiet") {
            problem = flag_only();
            options.quiet = true;
        } else if (flag == "--no-console") {
            problem = flag_only();
            options.web_console = false;
        } else if (flag == "--port") {
            auto n = number(65535);
            if (!n)
                return n.error();
            options.port = static_cast<std::uint16_t>(*n);
        } else if (flag == "--models") {
            problem = text_into(options.models_file);
        } else if (flag == "--access-key") {
            problem = text_into(options.access_key_id);
        } else if (flag == "--secret-key") {
            problem = text_into(options.secret_access_key);
        } else if (flag == "--region") {
            problem = text_into(options.region);
        } else if (flag == "--tls-cert") {
            problem = text_into(options.tls_cert_file);
        } else if (flag == "--tls-key") {
            problem = text_into(options.tls_key_file);
        } else if (flag == "--max-body-bytes") {
            auto n = number(std::uint64_t(1) << 30);
            if (!n)
                return n.error();
            options.limits.max_body_bytes = static_cast<std::size_t>(*n);
        } else if (flag == "--max-upload-bytes") {
            auto n = number(std::uint64_t(1) << 32);
            if (!n)
                return n.error();
            options.limits.max_upload_bytes = static_cast<std::size_t>(*n);
        } else if (flag == "--idle-timeout") {
            auto n = number(24 * 3600);
            if (!n)
                return n.error();
            if (*n == 0)
                return spec_error{"--idle-timeout must be at least 1 second"};
            options.idle_timeout = std::chrono::seconds(*n);
        } else if (flag == "--seed") {
            auto n = number(UINT64_MAX);
            if (!n)
                return n.error();
            options.faults.seed = *n;
        } else if (flag == "--lifecycle") {
            auto text = value();
            if (!text)
                return text.error();
            auto plan = parse_lifecycle(*text);
            if (!plan)
                return plan.error();
            for (const auto& earlier : options.lifecycles)
                if (earlier.model_id == plan->model_id)
                    return spec_error{"--lifecycle: " + plan->model_id + " is given twice"};
            options.lifecycles.push_back(std::move(*plan));
        } else if (flag == "--request-timeout") {
            auto n = number(24 * 3600);
            if (!n)
                return n.error();
            options.request_timeout = std::chrono::seconds(*n);
        } else if (flag == "--max-connections") {
            auto n = number(1'000'000);
            if (!n)
                return n.error();
            options.max_connections = static_cast<std::size_t>(*n);
        } else if (flag == "--s3-root") {
            problem = text_into(options.s3_root);
        } else if (flag == "--state") {
            problem = text_into(options.state_file);
        } else if (flag == "--processing-time") {
            auto time = duration();
            if (!time)
                return time.error();
            options.processing_time = *time;
        } else if (flag == "--hold-patience") {
            auto time = duration();
            if (!time)
                return time.error();
            if (*time <= std::chrono::milliseconds::zero() || *time > std::chrono::seconds(60))
                return spec_error{"--hold-patience must be from 1ms to 60s (a client's usual "
                                  "read timeout, which should not run out first)"};
            options.hold_patience = *time;
        } else if (flag == "--fault") {
            auto text = value();
            if (!text)
                return text.error();
            problem = applied(options.faults.add_fault(*text));
        } else if (flag == "--latency") {
            auto text = value();
            if (!text)
                return text.error();
            problem = applied(options.faults.set_latency(*text));
        } else {
            return spec_error{"unknown option " + std::string(args[i]) + " (see --help)"};
        }
        if (problem)
            return std::move(*problem);
    }
    if (options.tls_cert_file.empty() != options.tls_key_file.empty())
        return spec_error{"--tls-cert and --tls-key go together: give both or neither"};
    return options;
}

} // namespace awsml::local
