// get-ml-model: `aws machinelearning get-ml-model` with awsml. Prints the response as the AWS CLI
// does with --output json (timestamps as sent on the wire); errors go to stderr with the AWS CLI
// v2 exit codes: 254 service error, 253 configuration error, 252 bad arguments, 255 other.
#include <awsml/awsml.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

namespace {

constexpr int exit_service_error = 254;
constexpr int exit_config_error = 253;
constexpr int exit_usage_error = 252;
constexpr int exit_other_error = 255;

constexpr std::string_view usage = R"(usage: get-ml-model --ml-model-id ID [options]

Returns an MLModel that includes detailed metadata, data source information, and the current
status of the MLModel (Amazon Machine Learning GetMLModel).

options:
  --ml-model-id ID            the model to describe (required)
  --verbose | --no-verbose    include the Recipe and Schema (default: not verbose)
  --endpoint-url URL          send to this endpoint instead of the region's
  --region REGION             the region (else AWS_REGION, AWS_DEFAULT_REGION, the profile)
  --profile NAME              the shared config/credentials profile (else AWS_PROFILE, default)
  --cli-connect-timeout S     seconds to wait for a connection (0: no limit)
  --cli-read-timeout S        seconds to wait for the next bytes of a response (0: no limit)
  --ca-bundle FILE            trust this CA bundle for TLS
  --output json               the only output format
  --debug                     log each request and response to stderr, secrets redacted
  --help                      this text
)";

struct options {
    awsml::get_ml_model_input input;
    awsml::client_config config;
    bool debug = false;
    std::optional<double> connect_timeout_s, read_timeout_s;
    std::optional<std::string> ca_bundle;
};

struct usage_error {
    std::string message;
};

double parse_seconds(std::string_view flag, const std::string& text) {
    char* end = nullptr;
    double value = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || value < 0)
        throw usage_error{std::string(flag) + ": expected a number of seconds, got \"" + text +
                          "\""};
    return value;
}

options parse_arguments(int argc, char** argv) {
    options o;
    bool have_id = false;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                throw usage_error{std::string(arg) + " needs a value"};
            return argv[++i];
        };
        if (arg == "--help" || arg == "help") {
            std::cout << usage;
            std::exit(0);
        } else if (arg == "--ml-model-id") {
            o.input.ml_model_id = value();
            have_id = true;
        } else if (arg == "--verbose") {
            o.input.verbose = true;
        } else if (arg == "--no-verbose") {
            o.input.verbose = false;
        } else if (arg == "--endpoint-url") {
            o.config.endpoint_url = value();
        } else if (arg == "--region") {
            o.config.region = value();
        } else if (arg == "--profile") {
            o.config.profile = value();
        } else if (arg == "--cli-connect-timeout") {
            o.connect_timeout_s = parse_seconds(arg, value());
        } else if (arg == "--cli-read-timeout") {
            o.read_timeout_s = parse_seconds(arg, value());
        } else if (arg == "--ca-bundle") {
            o.ca_bundle = value();
        } else if (arg == "--output") {
            if (auto format = value(); format != "json")
                throw usage_error{"--output: only json is supported, got \"" + format + "\""};
        } else if (arg == "--debug") {
            o.debug = true;
        } else {
            throw usage_error{"unknown option: " + std::string(arg)};
        }
    }
    if (!have_id)
        throw usage_error{"the following arguments are required: --ml-model-id"};
    return o;
}

// The AWS CLI prints json.dumps(response, indent=4, ensure_ascii=False). This re-indents awsml's
// compact JSON token by token, so numbers keep the text the encoder chose (1435184201.123, 0.5).
void print_json(std::ostream& out, std::string_view json) {
    int depth = 0;
    bool in_string = false, escaped = false;
    auto newline = [&] { out << '\n' << std::string(std::size_t(depth) * 4, ' '); };
    for (std::size_t i = 0; i < json.size(); ++i) {
        char c = json[i];
        if (in_string) {
            out << c;
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        switch (c) {
        case '"':
            in_string = true;
            out << c;
            break;
        case '{':
        case '[':
            out << c;
            if (i + 1 < json.size() && (json[i + 1] == '}' || json[i + 1] == ']'))
                break;
            ++depth;
            newline();
            break;
        case '}':
        case ']':
            if (json[i - 1] != '{' && json[i - 1] != '[') {
                --depth;
                newline();
            }
            out << c;
            break;
        case ',':
            out << ',';
            newline();
            break;
        case ':':
            out << ": ";
            break;
        default:
            out << c;
        }
    }
    out << '\n';
}

int exit_code_for(const awsml::call_failure& f) {
    using awsml::errc;
    if (f.code == errc::service_error)
        return exit_service_error;
    if (f.code == errc::no_region || f.code == errc::no_credentials ||
        f.code == errc::config_error || f.code == errc::credential_process_failed ||
        f.code == errc::endpoint_error)
        return exit_config_error;
    if (f.code == errc::validation_failed)
        return exit_usage_error;
    return exit_other_error;
}

void print_failure(const awsml::call_failure& f) {
    if (f.code == awsml::errc::service_error) {
        std::cerr << "\nAn error occurred (" << f.service.code
                  << ") when calling the GetMLModel operation: " << f.service.message << "\n";
    } else if (f.code == awsml::errc::validation_failed) {
        std::cerr << "\nParameter validation failed:\n";
        for (const auto& v : f.violations)
            std::cerr << "Invalid " << v.path << ": " << v.message << "\n";
    } else {
        std::cerr << "\n" << f.message << "\n";
    }
}

} // namespace

int main(int argc, char** argv) {
    options o;
    try {
        o = parse_arguments(argc, argv);
    } catch (const usage_error& e) {
        std::cerr << usage << "\nget-ml-model: error: " << e.message << "\n";
        return exit_usage_error;
    }
    if (o.debug)
        o.config.hooks =
            awsml::logging_hooks([](std::string_view line) { std::cerr << line << "\n"; });

    awsml::http_transport_config transport;
    // As in the AWS CLI, 0 means no limit (the transport reads a zero timeout the same way).
    if (o.connect_timeout_s)
        transport.connect_timeout =
            std::chrono::milliseconds(std::int64_t(*o.connect_timeout_s * 1000));
    if (o.read_timeout_s)
        transport.read_timeout = std::chrono::milliseconds(std::int64_t(*o.read_timeout_s * 1000));
    if (o.ca_bundle)
        transport.ca_file = o.ca_bundle;

    try {
        awsml::client client(o.config, awsml::asio_http_transport(transport));
        auto result = client.try_get_ml_model(o.input);
        if (!result) {
            print_failure(result.error());
            return exit_code_for(result.error());
        }
        print_json(std::cout, awsml::to_json(*result));
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "\n" << e.what() << "\n";
        return exit_other_error;
    }
}
