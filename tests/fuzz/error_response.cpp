// Fuzz target: what the client does with a response. The input gives a status, header lines
// and a body; they go (1) to awsml::parse_error_response and describe(), and (2) through a
// whole awsml::basic_client call over a transport that always answers them: 2xx decoding,
// error parsing, modeled-error decoding, clock-skew correction from the Date header, retries,
// and the exception each failure throws. Checks: no crash; the error code is normalised (no
// ':' or '#'); the body excerpt is bounded and printable; every failure has a code and a
// message, and throwing it gives an exception with that message.
#include <awsml/runtime/service_error.hpp>

#include <awsml/machinelearning/client.hpp>

#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using awsml_fuzz::require;

// Answers every request with the same response; never fails in the transport.
struct canned_transport {
    awsml::http_response response;
    awsml::http_response send(const awsml::http_request&, std::error_code& ec) {
        ec.clear();
        return response;
    }
};

awsml::http_response response_from(awsml_fuzz::input_reader& in) {
    awsml::http_response response;
    const int high = in.byte();
    response.status = 100 + (high * 256 + in.byte()) % 500;
    std::string_view header_block = in.until('\0');
    while (!header_block.empty()) {
        const std::size_t end = header_block.find('\n');
        const std::string_view line = header_block.substr(0, end);
        header_block.remove_prefix(end == std::string_view::npos ? header_block.size() : end + 1);
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        response.headers.push_back(
            {std::string(line.substr(0, colon)), std::string(line.substr(colon + 1))});
    }
    response.body = std::string(in.rest());
    return response;
}

void check_error_info(const awsml::http_response& response) {
    const awsml::service_error_info info = awsml::parse_error_response(response);
    require(info.http_status == response.status, "status kept");
    require(info.code.find_first_of(":#") == std::string::npos, "error code not normalised",
            info.code);
    require(info.body_excerpt.size() <= 4 * awsml::default_excerpt_limit + 32,
            "body excerpt unbounded");
    for (char c : info.body_excerpt)
        require(c >= 0x20 && c < 0x7f, "body excerpt has an unprintable byte", info.body_excerpt);
    const std::string text = awsml::describe(info);
    require(!text.empty(), "describe() is empty");
    const awsml::service_error thrown(info);
    require(text == thrown.what(), "service_error::what() is describe()");
}

constexpr std::string_view secret = "fuzz-secret";

// Whether the response holds the secret, as sent or once escaped for a message (the escape of
// the byte 0xff followed by "uzz-secret" reads "\xffuzz-secret").
bool contains_secret(const awsml::http_response& response) {
    auto holds = [](const std::string& text) {
        return text.find(secret) != std::string::npos ||
               awsml::body_excerpt(text, text.size()).find(secret) != std::string::npos;
    };
    if (holds(response.body))
        return true;
    for (const auto& h : response.headers)
        if (holds(h.name) || holds(h.value))
            return true;
    return false;
}

void check_client_call(awsml::http_response response) {
    const bool echoed = contains_secret(response);
    awsml::client_config config;
    config.region = "us-east-1";
    config.endpoint_url = "https://machinelearning.us-east-1.amazonaws.com";
    config.credentials = awsml::credentials{"AKIDEXAMPLE", std::string(secret), "", {}, "fuzz"};
    config.use_environment = false;
    config.max_attempts = 2;
    config.clock = [] {
        return std::chrono::system_clock::time_point(std::chrono::seconds(1440938160));
    };
    config.sleep = [](std::chrono::nanoseconds) {};
    config.retry_environment.random = [] { return 0.0; };
    const bool success = response.status >= 200 && response.status < 300;
    awsml::basic_client<canned_transport> client(config, canned_transport{std::move(response)});
    auto result = client.try_get_ml_model({.ml_model_id = "ml-1"});
    if (result) {
        require(success, "a non-2xx status gave an output");
        return;
    }
    const awsml::call_failure& failure = result.error();
    require(static_cast<bool>(failure.code), "a failure without a code");
    require(!failure.message.empty(), "a failure without a message");
    // The secret never leaks into a message, unless the server itself sent it back.
    require(failure.message.find(secret) == std::string::npos || echoed, "the secret in a message",
            failure.message);
    try {
        awsml::throw_exception_from_error(failure);
    } catch (const awsml::error& e) {
        require(e.code() == failure.code, "the exception's code is the failure's");
        require(std::string_view(e.what()).size() > 0, "the exception has no message");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    awsml_fuzz::input_reader in(data, size);
    awsml::http_response response = response_from(in);
    check_error_info(response);
    check_client_call(std::move(response));
    return 0;
}
