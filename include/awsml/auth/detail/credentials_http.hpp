#pragma once

// The one HTTP exchange every network credentials source makes (instance metadata, the container
// endpoint, STS, the SSO portal, AWS Sign-In): blocking, bounded by a timeout that covers connecting and
// reading, and failing with a message that names the source and the endpoint, never a secret.
// Providers run off the io threads (runtime/detail/credentials_resolution.hpp), so blocking is
// what they want.

#include <awsml/config/detail/ini.hpp>
#include <awsml/config/endpoint.hpp>
#include <awsml/core/error.hpp>
#include <awsml/http/asio_transport.hpp>
#include <awsml/http/message.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>

namespace awsml::detail {

struct credentials_http_options {
    /// For the whole exchange: connecting, writing and reading.
    std::chrono::milliseconds timeout{1000};
    /// The container endpoint is reached directly, as botocore does; IMDS, STS and SSO go through
    /// the environment's proxies (NO_PROXY may exempt them) like any AWS call.
    bool use_environment_proxies = false;
    /// For https endpoints: the CA bundle (else AWS_CA_BUNDLE / the system store).
    std::optional<std::string> ca_file;
    std::optional<awsml::environment> environment;
};

/// The response whatever its status (the caller reads the status), or a failure with code
/// `failure_code` whose message starts with `label` and names the endpoint and the cause.
/// `read_timed_out`, when given, tells a timeout waiting for the answer once connected from
/// other failures, a connect timeout among them (IMDS treats them apart, as botocore does).
inline config_result<http_response> fetch_for_credentials(const http_request& request,
                                                          const std::string& label,
                                                          const credentials_http_options& options,
                                                          errc failure_code,
                                                          bool* read_timed_out = nullptr) {
    http_transport_config config;
    config.connect_timeout = options.timeout;
    config.read_timeout = options.timeout;
    config.use_environment_proxies = options.use_environment_proxies;
    config.ca_file = options.ca_file;
    config.environment = options.environment;
    asio_http_transport transport(std::move(config));
    std::error_code ec;
    auto deadline = std::chrono::steady_clock::now() + options.timeout;
    http_response response = transport.send(request, ec, deadline);
    if (read_timed_out)
        *read_timed_out = ec == errc::timeout && transport.last_failure_connected();
    if (ec) {
        std::string why = ec == errc::timeout ? "no answer within " +
                                                    std::to_string(options.timeout.count()) + " ms"
                                              : transport.last_error_message();
        return config_failure{make_error_code(failure_code),
                              label + ": " + request.method + " " + origin_of(request) +
                                  request.target + " failed: " + why};
    }
    return response;
}

/// A request for `path_and_query` below `base` (its path, if any, comes first, as botocore joins
/// them). The Host header is set here so that an IPv6 literal goes in brackets.
inline http_request request_below(std::string method, const endpoint_url& base,
                                  std::string_view path_and_query) {
    http_request request;
    request.method = std::move(method);
    request.scheme = base.scheme;
    request.host = base.host;
    request.port = base.port;
    std::string target = base.path;
    if (!target.empty() && target.back() == '/' && path_and_query.starts_with('/'))
        target.pop_back();
    else if (!path_and_query.starts_with('/'))
        target += '/';
    request.target = target + std::string(path_and_query);
    request.headers.push_back({"Host", base.host_header()});
    return request;
}

/// request_below with Accept: application/json, as the JSON services that hand out credentials
/// or tokens (SSO, SSO OIDC, AWS Sign-In) are asked.
inline http_request request_to(const endpoint_url& endpoint, std::string method,
                               std::string_view path) {
    http_request request = request_below(std::move(method), endpoint, path);
    request.headers.push_back({"Accept", "application/json"});
    return request;
}

/// One exchange with an AWS service that hands out credentials or tokens (the SSO portal, SSO
/// OIDC, AWS Sign-In), reached as any AWS call is: through the environment's proxies, with the
/// CA bundle given (else AWS_CA_BUNDLE / the system store). Failures are
/// errc::credentials_source_failed.
inline config_result<http_response>
fetch_from_aws_service(const http_request& request, const std::string& label,
                       std::chrono::milliseconds timeout, const std::optional<std::string>& ca_file,
                       const awsml::environment& env) {
    credentials_http_options http;
    http.timeout = timeout;
    http.use_environment_proxies = true;
    http.ca_file = ca_file;
    http.environment = env;
    return fetch_for_credentials(request, label, http, errc::credentials_source_failed);
}

/// Before retry `retry` (1 for the first) of a credentials exchange: a random delay up to
/// base * 2^(retry - 1), at most 20 s (botocore's standard retry mode, with full jitter).
inline std::chrono::milliseconds credentials_retry_delay(std::chrono::milliseconds base,
                                                         int retry) {
    static thread_local std::mt19937 random{std::random_device{}()};
    const double ceiling =
        std::min(20000.0, static_cast<double>(base.count()) * double(1 << std::min(retry - 1, 20)));
    std::uniform_real_distribution<double> fraction(0.0, 1.0);
    return std::chrono::milliseconds(static_cast<long long>(ceiling * fraction(random)));
}

} // namespace awsml::detail
