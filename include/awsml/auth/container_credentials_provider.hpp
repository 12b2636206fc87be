#pragma once

// The container credentials endpoint (ECS task roles, EKS Pod Identity) as a credentials source,
// as botocore 1.43's ContainerProvider and ContainerMetadataFetcher read it:
//   AWS_CONTAINER_CREDENTIALS_RELATIVE_URI   a path on http://169.254.170.2 (wins when both set)
//   AWS_CONTAINER_CREDENTIALS_FULL_URI       a whole URL: https to any host; http only to a
//       loopback address (127.0.0.0/8, ::1) or one of 169.254.170.2, 169.254.170.23,
//       fd00:ec2::23 and localhost, as botocore's allow-list says
//   AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE   a file read at each call, sent as Authorization
//   AWS_CONTAINER_AUTHORIZATION_TOKEN        the same value given directly (the file wins)
// A token with a CR or LF is refused (botocore refuses it too, so a file ending in a newline is
// refused: write the token without one). Each call makes up to 3 attempts of 2 s each, 1 s apart,
// as botocore; an attempt fails on a failed exchange, a status other than 200 or a body that is
// not JSON. The answer needs AccessKeyId, SecretAccessKey, Token and an ISO 8601 Expiration
// still ahead. Reached directly, never through a proxy. No profile setting applies.
//
// Neither variable set: errc::no_credentials (a chain goes on). A variable that is not usable:
// errc::config_error. The endpoint failing or answering badly: errc::credentials_source_failed
// (a chain stops, as botocore raises). Messages name the variable, the endpoint and the cause,
// never the token or a credential.

#include <awsml/auth/credential_source_options.hpp>
#include <awsml/auth/credentials_provider.hpp>
#include <awsml/auth/detail/credentials_http.hpp>
#include <awsml/auth/detail/metadata_credentials.hpp>
#include <awsml/config/endpoint.hpp>
#include <awsml/config/shared_config.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/model/timestamp.hpp>

#include <asio/ip/address.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

namespace awsml {

namespace detail {

inline const std::string container_label = "container credentials";

/// The hosts botocore's ContainerMetadataFetcher allows over http besides loopback addresses.
inline constexpr std::string_view container_allowed_hosts[] = {"169.254.170.2", "169.254.170.23",
                                                               "fd00:ec2::23", "localhost"};

inline bool is_loopback_address(const std::string& host) {
    std::error_code ec;
    auto address = asio::ip::make_address(host, ec);
    return !ec && address.is_loopback();
}

/// Why botocore would refuse this URL's host, or nullopt when it may be used.
inline std::optional<std::string> container_host_refusal(const endpoint_url& url) {
    if (url.scheme == "https")
        return std::nullopt;
    const std::string host = ascii_lower(url.host);
    if (is_loopback_address(host))
        return std::nullopt;
    std::string allowed;
    for (std::string_view name : container_allowed_hosts) {
        if (host == name)
            return std::nullopt;
        allowed += (allowed.empty() ? "" : ", ") + std::string(name);
    }
    return "the host " + in_quotes(url.host) +
           " is not allowed over http: only a loopback address or one of " + allowed +
           " (any host is allowed over https)";
}

/// `text` split into the URL the endpoint parser takes and its query ("?..." or empty).
inline std::pair<std::string_view, std::string_view> split_query(std::string_view text) {
    auto question = text.find('?');
    if (question == std::string_view::npos)
        return {text, {}};
    return {text.substr(0, question), text.substr(question)};
}

} // namespace detail

/// Credentials from the container endpoint; see the top of this header.
class container_credentials_provider
    : public detail::throwing_from_try<container_credentials_provider> {
public:
    /// A path on relative_uri_base (ECS task roles); wins over the full URI.
    static constexpr std::string_view relative_uri_variable =
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
    /// A whole URL (EKS Pod Identity, local agents), subject to the allow-list above.
    static constexpr std::string_view full_uri_variable = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    /// The Authorization header's value, given directly.
    static constexpr std::string_view token_variable = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
    /// A file holding the Authorization header's value, read at each call; wins over the above.
    static constexpr std::string_view token_file_variable =
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";

    /// The profile name is accepted for the shape every provider shares; botocore's container
    /// source reads no profile setting, and neither does this one.
    explicit container_credentials_provider(environment env,
                                            const std::optional<std::string>& /*profile_name*/ = {},
                                            container_credentials_options options = {})
        : env_(std::move(env))
        , options_(std::move(options)) {}

    /// Asks the endpoint (up to options.attempts times). errc::no_credentials when neither URI
    /// variable is set, errc::config_error for an unusable one, errc::credentials_source_failed
    /// when the endpoint fails or answers badly. Blocking; safe from several threads.
    config_result<credentials> try_get_credentials() const {
        auto request = make_request();
        if (!request)
            return request.error();
        if (!*request)
            return detail::credentials_failure(errc::no_credentials,
                                               detail::container_label + ": " +
                                                   std::string(relative_uri_variable) + " and " +
                                                   std::string(full_uri_variable) + " are not set");
        auto found = fetch(**request);
        if (!found)
            return found;
        const auto now = options_.clock ? options_.clock() : std::chrono::system_clock::now();
        if (*found->expiration <= now)
            return failure(
                errc::credentials_source_failed,
                "the credentials from " + origin_of(**request) + (*request)->target +
                    " have already expired (\"Expiration\" is " +
                    format_iso8601(std::chrono::time_point_cast<std::chrono::milliseconds>(
                        *found->expiration)) +
                    ")");
        found->source = "container";
        return found;
    }

private:
    static config_failure failure(errc code, const std::string& why) {
        return {make_error_code(code), detail::container_label + ": " + why};
    }

    // The request to make, nullopt when neither variable is set, or why it cannot be made.
    config_result<std::optional<http_request>> make_request() const {
        std::string url;
        std::string_view variable;
        if (auto relative = env_.get(relative_uri_variable)) {
            variable = relative_uri_variable;
            if (!relative->starts_with('/'))
                return failure(errc::config_error, std::string(variable) + " " +
                                                       in_quotes(*relative) +
                                                       " does not start with '/'");
            url = options_.relative_uri_base + *relative;
        } else if (auto full = env_.get(full_uri_variable)) {
            variable = full_uri_variable;
            url = *full;
        } else {
            return std::optional<http_request>();
        }
        auto [without_query, query] = detail::split_query(url);
        auto endpoint = parse_endpoint_url(without_query);
        if (!endpoint)
            return failure(errc::config_error,
                           std::string(variable) + ": " + endpoint.error().message);
        if (auto refusal = detail::container_host_refusal(*endpoint))
            return failure(errc::config_error, std::string(variable) + ": " + *refusal);

        endpoint_url origin = *endpoint;
        origin.path.clear();
        http_request request =
            detail::request_below("GET", origin, endpoint->target() + std::string(query));
        request.headers.push_back({"Accept", "application/json"});
        auto token = authorization_token();
        if (!token)
            return token.error();
        if (*token)
            request.headers.push_back({"Authorization", std::move(**token)});
        return std::optional<http_request>(std::move(request));
    }

    // Read at each call: the file is rotated under a running process.
    config_result<std::optional<std::string>> authorization_token() const {
        std::optional<std::string> token;
        std::string from;
        if (auto path = env_.get(token_file_variable)) {
            from = std::string(token_file_variable) + " (" + *path + ")";
            auto read = detail::read_optional_file(*path);
            if (!read)
                return failure(errc::credentials_source_failed,
                               "cannot read the authorization token file named by " +
                                   std::string(token_file_variable) + ": " + read.error().message);
            if (!*read)
                return failure(errc::credentials_source_failed,
                               "the authorization token file " + from + " does not exist");
            token = std::move(**read);
        } else if (auto given = env_.get(token_variable)) {
            from = std::string(token_variable);
            token = std::move(*given);
        }
        if (token && token->find_first_of("\r\n") != std::string::npos)
            return failure(errc::credentials_source_failed,
                           "the authorization token from " + from +
                               " contains a CR or LF character, which a header value cannot "
                               "hold (a file must not end with a newline)");
        return token;
    }

    config_result<credentials> fetch(const http_request& request) const {
        detail::credentials_http_options http;
        http.timeout = options_.timeout;
        http.use_environment_proxies = false;
        http.environment = env_;
        const std::string where = request.method + " " + origin_of(request) + request.target;
        std::string why;
        const int attempts = std::max(options_.attempts, 1);
        for (int attempt = 0; attempt < attempts; ++attempt) {
            if (attempt > 0)
                std::this_thread::sleep_for(options_.retry_pause);
            auto response = detail::fetch_for_credentials(request, detail::container_label, http,
                                                          errc::credentials_source_failed);
            if (!response) {
                why = response.error().message;
                continue;
            }
            if (response->status != 200) {
                // The body is not quoted: an endpoint that echoes the request would put the
                // authorization token in the message.
                why = detail::container_label;
                why += ": " + where + " answered " + std::to_string(response->status);
                continue;
            }
            if (!detail::is_json(response->body)) {
                why = detail::container_label;
                why += ": " + where + " answered 200 with a body that is not JSON";
                continue;
            }
            return detail::parse_metadata_credentials(
                response->body,
                std::string(detail::container_label).append(" (").append(where).append(")"),
                errc::credentials_source_failed);
        }
        return config_failure{make_error_code(errc::credentials_source_failed),
                              why + " (" + std::to_string(attempts) +
                                  (attempts == 1 ? " attempt)" : " attempts)")};
    }

    environment env_;
    container_credentials_options options_;
};

static_assert(nothrow_credentials_provider<container_credentials_provider>);

} // namespace awsml
