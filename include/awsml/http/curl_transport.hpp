#pragma once

/// \file
/// curl_transport: an optional blocking transport over libcurl's easy interface, for programs
/// that already ship libcurl (its proxy support, its TLS backend, the platform's CA setup). It
/// models awsml::http_transport. Nothing else in awsml includes this header: include it only
/// when libcurl is available (pkg-config libcurl, CMake CURL::libcurl; link -lcurl).
///
///     awsml::curl_transport transport({.connect_timeout = 2s, .read_timeout = 30s});
///     awsml::basic_client<awsml::curl_transport> client(config, transport);
///
///     std::error_code ec;                           // or, on its own:
///     awsml::http_response response = transport.send(request, ec);
///     if (ec) std::cerr << transport.last_error_message() << '\n';
///         // "Failed to connect to 127.0.0.1 port 1 after 0 ms: Couldn't connect to server
///         //  (POST http://127.0.0.1:1/)"
///
/// Errors (std::error_code with awsml::errc; curl's own text in last_error_message(), its code
/// in last_curl_code()):
///   errc::timeout                  connecting (resolve + TCP + TLS handshake) took longer than
///                                  connect_timeout, no byte moved for read_timeout, or the
///                                  deadline of send(request, ec, deadline) passed (the client
///                                  passes its call's: call_timeout cuts the exchange);
///   errc::response_too_large       headers or body over config.limits;
///   errc::config_error             the CA bundle (ca_file, AWS_CA_BUNDLE) cannot be loaded, the
///                                  proxy URL cannot be used, or an https request meets a libcurl
///                                  built without TLS;
///   errc::malformed_http_response  the server's bytes are not HTTP/1.x, or a header line is
///                                  malformed (white space before its colon);
///   errc::response_too_large       also one header line over libcurl's 100 KiB;
///   errc::invalid_value            the request cannot be sent as given (scheme other than http
///                                  or https, a control character in a header, Content-Length not
///                                  the body's size, a target not starting with '/' or holding a
///                                  '#');
///   errc::transport_error          everything else: cannot resolve or connect, TLS failure
///                                  (untrusted certificate, host name mismatch), connection reset
///                                  or closed before the response was complete.
/// A non-2xx status is a success: ec is clear and the response holds it.
///
/// Requests are sent as given, over HTTP/1.1 as asio_http_transport sends them (never HTTP/2):
/// the method, scheme://host:port plus the target (dot segments are not squashed), the headers
/// in order (a blank value sent empty), the body. curl adds Host when absent and Content-Length
/// for a body; it adds neither Accept, Expect: 100-continue nor a form Content-Type, which it
/// would by default. Redirects are not followed. Responses: the status, every header of the final
/// response (interim 1xx responses are dropped; folded lines joined to their header; chunked
/// trailers are appended), the decoded body (chunked framing removed; no content decoding is
/// asked for). Messages name the request's method and URL without its query, which may hold a
/// presigned request's signature and token.
///
/// TLS: TLS 1.2 or newer; the peer certificate and the host name are always verified, against
/// config.ca_file if set, else the bundle named by AWS_CA_BUNDLE, else the profile's ca_bundle
/// (config.shared_config_ca_bundle), else curl's defaults. A bundle given here replaces curl's
/// default bundle file and CA directory, as botocore replaces its store;
/// config.ca_bundle_adds_to_system_store keeps the CA directory curl was built with.
/// config.insecure_skip_tls_verify turns verification off: for tests only.
///
/// Proxies: config.proxy for every request when set (empty: none, whatever the environment
/// says); else as asio_http_transport reads the environment (awsml/http/proxy.hpp), when the
/// transport is made: https_proxy or HTTPS_PROXY, http_proxy or HTTP_PROXY, no_proxy or NO_PROXY
/// (host:port and CIDR entries too); ALL_PROXY and socks proxies are not used. The choice is
/// awsml's, not curl's: a URL that cannot be used is errc::config_error (never retried), and the
/// user and password go to curl apart from the URL, so no message of curl's can show them.
///
/// Threads and connections: one object owns one easy handle and serves one call at a time, on
/// connections of its own (kept alive between its calls). A copy has the same configuration, a
/// handle and connections of its own, and shares the original's DNS cache and TLS sessions
/// (a CURLSH, under one mutex per kind of data). Connections are never shared: libcurl does not
/// support a connection cache shared between threads, and caps one at 5 connections, which
/// closed and reopened them under more concurrent calls. The client's transport pool keeps each
/// copy, with its warm connections, for the next call.
/// curl_global_init runs once, on first use, in a thread-safe way; curl_global_cleanup never runs.

#include <awsml/core/detail/trim.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/http/detail/tcp_keepalive.hpp>
#include <awsml/http/message.hpp>
#include <awsml/http/parser.hpp>
#include <awsml/http/proxy.hpp>
#include <awsml/http/transport.hpp>

#include <curl/curl.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace awsml {

/// Everything curl_transport can be told; designated initializers leave the rest at their
/// defaults.
struct curl_transport_config {
    /// Resolving, connecting and the TLS handshake together. Zero or less: no limit. Unset: the
    /// client's defaults mode's (client_config::defaults_mode), else 3.1 s.
    std::optional<std::chrono::milliseconds> connect_timeout{};
    /// connect_timeout, or the default where it is unset.
    std::chrono::milliseconds connect_limit() const noexcept {
        return connect_timeout.value_or(default_connect_timeout);
    }
    /// The longest stretch without a byte moving, while sending or waiting for and reading the
    /// response. curl counts it in whole seconds: rounded up. Zero or less: no limit.
    std::chrono::milliseconds read_timeout{60000};
    /// The largest response header section and body accepted (the transfer is aborted beyond).
    http_parser_limits limits{};
    /// The PEM bundle of CA certificates to verify servers against, replacing curl's default
    /// bundle and CA directory; unset: AWS_CA_BUNDLE, else shared_config_ca_bundle, else curl's
    /// defaults.
    std::optional<std::string> ca_file{};
    /// The profile's `ca_bundle` from the shared config file, used when neither of the above is
    /// set. service_client fills it in from its profile.
    std::optional<std::string> shared_config_ca_bundle{};
    /// Keep curl's default CA directory (the system's store where curl was built with one, as
    /// Debian's is) trusted besides the bundle chosen above.
    bool ca_bundle_adds_to_system_store = false;
    /// The proxy URL of every request (`[http[s]://][user[:password]@]host[:port]`); empty: no
    /// proxy; unset: the proxy environment variables, as asio_http_transport reads them.
    std::optional<std::string> proxy{};
    /// TCP keep-alive on each connection curl opens (CURLOPT_TCP_KEEPALIVE). Unset: the client's
    /// (BOTOCORE_TCP_KEEPALIVE, the profile's tcp_keepalive, as botocore), else off.
    std::optional<bool> tcp_keepalive{};
    /// With tcp_keepalive: idle time before the first probe, and between probes
    /// (CURLOPT_TCP_KEEPIDLE and CURLOPT_TCP_KEEPINTVL); zero: curl's, 60 s each.
    std::chrono::seconds tcp_keepalive_idle{0};
    /// Accept any certificate for any host: for tests against local servers, never in production.
    bool insecure_skip_tls_verify = false;
};

namespace detail {

inline bool curl_ready() noexcept {
    static const bool ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    return ready;
}

/// An easy handle and the error buffer it writes into, fixed in memory for the handle's life.
struct curl_easy_session {
    CURL* handle = nullptr;
    char error_buffer[CURL_ERROR_SIZE] = {};

    curl_easy_session()
        : handle(curl_ready() ? curl_easy_init() : nullptr) {}
    curl_easy_session(const curl_easy_session&) = delete;
    curl_easy_session& operator=(const curl_easy_session&) = delete;
    ~curl_easy_session() {
        if (handle)
            curl_easy_cleanup(handle);
    }
};

/// A CURLSH shared by a transport and its copies, with the locks libcurl asks for: DNS and TLS
/// sessions only (a shared connection cache is not safe between threads in libcurl).
class curl_share {
public:
    curl_share()
        : handle_(curl_ready() ? curl_share_init() : nullptr) {
        if (!handle_)
            return;
        bool ok = curl_share_setopt(handle_, CURLSHOPT_LOCKFUNC, &lock) == CURLSHE_OK &&
                  curl_share_setopt(handle_, CURLSHOPT_UNLOCKFUNC, &unlock) == CURLSHE_OK &&
                  curl_share_setopt(handle_, CURLSHOPT_USERDATA, this) == CURLSHE_OK;
        for (curl_lock_data data : {CURL_LOCK_DATA_DNS, CURL_LOCK_DATA_SSL_SESSION})
            ok = ok && curl_share_setopt(handle_, CURLSHOPT_SHARE, data) == CURLSHE_OK;
        if (!ok) { // an old libcurl: each handle keeps its own caches, as without a share
            curl_share_cleanup(handle_);
            handle_ = nullptr;
        }
    }
    curl_share(const curl_share&) = delete;
    curl_share& operator=(const curl_share&) = delete;
    ~curl_share() {
        if (handle_)
            curl_share_cleanup(handle_);
    }

    /// Null when sharing is unavailable.
    CURLSH* handle() const noexcept { return handle_; }

private:
    static void lock(CURL*, curl_lock_data data, curl_lock_access, void* self) {
        static_cast<curl_share*>(self)->mutex_for(data).lock();
    }
    static void unlock(CURL*, curl_lock_data data, void* self) {
        static_cast<curl_share*>(self)->mutex_for(data).unlock();
    }
    std::mutex& mutex_for(curl_lock_data data) noexcept {
        const auto index = static_cast<std::size_t>(data);
        return mutexes_[index < mutexes_.size() ? index : 0];
    }

    CURLSH* handle_ = nullptr;
    std::array<std::mutex, CURL_LOCK_DATA_LAST> mutexes_;
};

/// What the callbacks collect during one transfer.
struct curl_exchange {
    http_response response;
    const http_parser_limits* limits = nullptr;
    std::size_t header_bytes = 0;
    bool too_large = false;
    std::string too_large_what;
    std::string malformed_line; ///< a header line that cannot be read, when one came

    static std::size_t on_body(char* data, std::size_t size, std::size_t count,
                               void* self) noexcept {
        auto& x = *static_cast<curl_exchange*>(self);
        const std::size_t n = size * count;
        if (x.response.body.size() + n > x.limits->max_body_bytes)
            return x.refuse("response body over ", x.limits->max_body_bytes);
        try {
            x.response.body.append(data, n);
        } catch (...) {
            return 0; // out of memory: curl reports a write error
        }
        return n;
    }

    static std::size_t on_header(char* data, std::size_t size, std::size_t count,
                                 void* self) noexcept {
        auto& x = *static_cast<curl_exchange*>(self);
        const std::size_t n = size * count;
        x.header_bytes += n;
        if (x.header_bytes > x.limits->max_header_bytes)
            return x.refuse("response headers over ", x.limits->max_header_bytes);
        try {
            if (!x.take_header_line(std::string_view(data, n)))
                return 0;
        } catch (...) {
            return 0;
        }
        return n;
    }

    // A status line starts a response: any interim (1xx) response's headers are dropped. A line
    // starting with white space continues the header before it (obsolete folding), joined with a
    // space as asio_http_transport's parser joins it; a name that is not a token is malformed.
    bool take_header_line(std::string_view line) {
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
            line.remove_suffix(1);
        if (line.empty())
            return true;
        if (line.starts_with("HTTP/")) {
            response.headers.clear();
            return true;
        }
        if ((line.front() == ' ' || line.front() == '\t') && !response.headers.empty()) {
            std::string& value = response.headers.back().value;
            const std::string_view more = trim(line, http_whitespace);
            if (!more.empty())
                value += value.empty() ? std::string(more) : " " + std::string(more);
            return true;
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
            malformed_line = std::string(line.substr(0, 200));
            return false;
        }
        response.headers.push_back({std::string(line.substr(0, colon)),
                                    std::string(trim(line.substr(colon + 1), http_whitespace))});
        return true;
    }

    // From curl's callbacks, which must not throw: the words are built here, inside a try.
    std::size_t refuse(const char* what, std::size_t limit) noexcept {
        too_large = true;
        try {
            too_large_what = what + std::to_string(limit) + " bytes";
        } catch (...) {
        }
        return 0;
    }
};

inline bool has_line_break(std::string_view text) noexcept {
    return text.find_first_of("\r\n") != std::string_view::npos ||
           text.find('\0') != std::string_view::npos;
}

/// Why the request cannot be sent as given, or empty.
inline std::string request_problem(const http_request& request) {
    if (request.scheme != "http" && request.scheme != "https")
        return "unsupported scheme " + in_quotes(request.scheme) + " (http or https)";
    if (!is_token(request.method))
        return "invalid method " + in_quotes(request.method);
    if (request.host.empty() || has_line_break(request.host) ||
        request.host.find_first_of(" /?#@") != std::string::npos)
        return "invalid host " + in_quotes(request.host);
    // curl would cut a target at '#' (a fragment), its query with it.
    if (!request.target.starts_with('/') || has_line_break(request.target) ||
        request.target.find_first_of(" \t#") != std::string::npos)
        return "invalid target " + in_quotes(request.target) +
               " (it must start with '/' and hold no spaces or '#')";
    for (const auto& h : request.headers) {
        if (!is_token(h.name))
            return "invalid header name " + in_quotes(h.name);
        if (!is_field_text(h.value))
            return "header " + h.name + " holds a control character";
    }
    if (auto length = find_header(request.headers, "Content-Length");
        length && *length != std::to_string(request.body.size()))
        return "Content-Length " + std::string(*length) + " is not the body's size (" +
               std::to_string(request.body.size()) + ")";
    return {};
}

inline std::string request_url(const http_request& request) {
    const bool ipv6 = request.host.find(':') != std::string::npos && !request.host.starts_with('[');
    return request.scheme + "://" + (ipv6 ? "[" + request.host + "]" : request.host) + ":" +
           std::to_string(request.port) + request.target;
}

/// The request as messages name it: its method and URL, without the query (a presigned
/// request's holds its signature and session token).
inline std::string request_shown(const http_request& request) {
    const std::string url = request_url(request);
    return request.method + " " + url.substr(0, url.find('?'));
}

/// Frees a curl_slist when the send is over.
struct curl_slist_owner {
    curl_slist* list = nullptr;
    curl_slist_owner() = default;
    curl_slist_owner(const curl_slist_owner&) = delete;
    curl_slist_owner& operator=(const curl_slist_owner&) = delete;
    ~curl_slist_owner() { curl_slist_free_all(list); }

    bool append(const std::string& line) {
        curl_slist* grown = curl_slist_append(list, line.c_str());
        if (!grown)
            return false;
        list = grown;
        return true;
    }
};

// The given headers in order; "Name:" removes a header curl would add by itself, "Name;" sends
// an empty value (curl's syntax), which a blank one is too: curl would drop "Name:   ".
inline bool build_header_list(const http_headers& headers, curl_slist_owner& out) {
    for (const auto& h : headers)
        if (!out.append(trim(h.value, http_whitespace).empty() ? h.name + ";"
                                                               : h.name + ": " + h.value))
            return false;
    for (std::string_view unwanted : {"Accept", "Expect", "Content-Type"})
        if (!find_header(headers, unwanted) && !out.append(std::string(unwanted) + ":"))
            return false;
    return true;
}

inline bool curl_speaks_tls() noexcept {
    const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
    return info && (info->features & CURL_VERSION_SSL) != 0;
}

inline long curl_milliseconds(std::chrono::milliseconds timeout) noexcept {
    if (timeout <= std::chrono::milliseconds::zero() ||
        timeout.count() > std::numeric_limits<long>::max())
        return std::numeric_limits<long>::max(); // curl's 0 would mean its default, not "no limit"
    return static_cast<long>(timeout.count());
}

/// How far a failed transfer got, as curl's counters tell it.
struct curl_progress {
    bool request_began = false;  ///< CURLINFO_PRETRANSFER_TIME_T: curl began sending the request
    bool connected = false;      ///< CURLINFO_CONNECT_TIME_T: a TCP connection was open
    bool tunnel_refused = false; ///< CURLINFO_HTTP_CONNECTCODE: a proxy answered CONNECT, not 2xx
    bool tls = false;            ///< an https:// request
};

inline transport_stage curl_failure_stage(CURLcode code, const curl_progress& progress) noexcept {
    if (progress.request_began)
        return transport_stage::exchanging;
    if (progress.tunnel_refused) // CURLE_RECV_ERROR in 7.88
        return transport_stage::proxy;
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
        return transport_stage::connecting;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_PROXY:
        return transport_stage::proxy;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        return transport_stage::tls_handshake;
    case CURLE_OPERATION_TIMEDOUT: // connected but no request yet: the handshake was under way
        return progress.connected && progress.tls ? transport_stage::tls_handshake
                                                  : transport_stage::connecting;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
        return transport_stage::connecting; // nothing of the request was sent
    default:
        return transport_stage::unknown;
    }
}

inline errc classify_curl_error(CURLcode code) noexcept {
    switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
        return errc::timeout;
    case CURLE_FILESIZE_EXCEEDED:
    case CURLE_OUT_OF_MEMORY: // a header line over libcurl's CURL_MAX_HTTP_HEADER (100 KiB)
#if LIBCURL_VERSION_NUM >= 0x080600
    case CURLE_TOO_LARGE: // the same, from libcurl 8.6
#endif
        return errc::response_too_large;
    case CURLE_SSL_CACERT_BADFILE:
        return errc::config_error;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_UNSUPPORTED_PROTOCOL: // HTTP/0.9 or an unknown version: the scheme was checked first
        return errc::malformed_http_response;
    case CURLE_URL_MALFORMAT:
        return errc::invalid_value;
    default:
        return errc::transport_error;
    }
}

} // namespace detail

/// The libcurl transport (see the top of this file).
class curl_transport {
public:
    /// With the default configuration.
    curl_transport()
        : curl_transport(curl_transport_config{}) {}
    /// With `config`; the proxy environment is read now, the first send() makes the easy handle.
    explicit curl_transport(curl_transport_config config)
        : config_(std::move(config))
        , proxies_(proxies_for(config_))
        , share_(std::make_shared<detail::curl_share>()) {}

    /// A copy has the same configuration, an easy handle and connections of its own, and shares
    /// the DNS cache and TLS sessions of the original.
    curl_transport(const curl_transport& other)
        : config_(other.config_)
        , proxies_(other.proxies_)
        , share_(other.share_) {}
    /// As the copy constructor: `other`'s configuration and share, a handle of its own.
    curl_transport& operator=(const curl_transport& other) {
        if (this != &other) {
            session_.reset(); // before the share it may use
            config_ = other.config_;
            proxies_ = other.proxies_;
            share_ = other.share_;
            last_error_message_.clear();
            last_curl_code_ = CURLE_OK;
        }
        return *this;
    }
    /// Moves the configuration, the easy handle and the share.
    curl_transport(curl_transport&&) noexcept = default;
    /// Moves the configuration, the easy handle and the share. The handle this object had goes
    /// first, while the share it uses (which may go with it) still exists.
    curl_transport& operator=(curl_transport&& other) noexcept {
        if (this != &other) {
            session_.reset();
            config_ = std::move(other.config_);
            proxies_ = std::move(other.proxies_);
            share_ = std::move(other.share_);
            session_ = std::move(other.session_);
            last_error_message_ = std::move(other.last_error_message_);
            last_curl_code_ = other.last_curl_code_;
            last_failure_stage_ = other.last_failure_stage_;
            connections_opened_ = other.connections_opened_;
        }
        return *this;
    }
    ~curl_transport() = default;

    /// Sends `request` and waits for the whole response. On failure sets `ec` (an awsml::errc)
    /// and last_error_message(), and returns an empty response.
    http_response send(const http_request& request, std::error_code& ec) {
        return exchange(request, ec, std::nullopt);
    }

    /// As send(request, ec), ending the exchange with errc::timeout at `deadline` (curl's
    /// whole-transfer timeout), wherever it is: connecting, sending or reading.
    http_response send(const http_request& request, std::error_code& ec,
                       std::chrono::steady_clock::time_point deadline) {
        return exchange(request, ec, deadline);
    }

    /// Throwing form: awsml::error whose what() is last_error_message().
    http_response send(const http_request& request) {
        std::error_code ec;
        http_response response = send(request, ec);
        if (ec)
            throw error(ec, last_error_message_);
        return response;
    }

    /// What the last failed send() ran into, curl's own words first; empty after a success.
    const std::string& last_error_message() const noexcept { return last_error_message_; }
    /// curl's code for the last failed send(); CURLE_OK after a success or a refusal of ours.
    CURLcode last_curl_code() const noexcept { return last_curl_code_; }
    /// How far the last failed send() got, as curl's code and counters tell it (unknown after a
    /// success, a refusal of ours or a code that does not say). curl reports less than
    /// asio_http_transport: a proxy that refuses the connection, or whose TLS handshake fails,
    /// shows as connecting or tls_handshake (curl's codes are the service's), one that never
    /// answers CONNECT as tls_handshake (curl never reports tunnelling), and a request curl
    /// sends again on a new connection after a kept one went stale shows the new connection's
    /// stage, connecting included, though the first one may have reached the service.
    transport_stage last_failure_stage() const noexcept { return last_failure_stage_; }

    /// The configuration it was made with.
    const curl_transport_config& config() const noexcept { return config_; }

    /// What service_client resolved (transport_defaults): config().connect_timeout and
    /// tcp_keepalive where they are unset, and shared_config_ca_bundle where it has one.
    void use_client_defaults(const transport_defaults& defaults) {
        if (!config_.connect_timeout)
            config_.connect_timeout = defaults.connect_timeout;
        if (defaults.ca_bundle)
            config_.shared_config_ca_bundle = defaults.ca_bundle;
        if (!config_.tcp_keepalive)
            config_.tcp_keepalive = defaults.tcp_keepalive;
    }

    /// New connections this object has opened (a measure of keep-alive reuse).
    std::size_t connections_opened() const noexcept { return connections_opened_; }

private:
    using time_point = std::chrono::steady_clock::time_point;

    http_response exchange(const http_request& request, std::error_code& ec,
                           std::optional<time_point> deadline) {
        ec.clear();
        last_error_message_.clear();
        last_curl_code_ = CURLE_OK;
        last_failure_stage_ = transport_stage::unknown;
        if (std::string problem = detail::request_problem(request); !problem.empty())
            return fail(ec, errc::invalid_value, "cannot send the request: " + problem);
        const auto proxy = proxies_.select(request.scheme == "https", request.host, request.port);
        if (!proxy)
            return fail(ec, errc::config_error, proxy.error().message);
        if (request.scheme == "https" && !detail::curl_speaks_tls())
            return fail(ec, errc::config_error,
                        "this libcurl was built without TLS: cannot send " +
                            detail::request_shown(request));
        if (!session_)
            session_ = std::make_unique<detail::curl_easy_session>();
        if (!session_->handle) {
            session_.reset();
            return fail(ec, errc::transport_error, "libcurl could not be initialised");
        }
        detail::curl_slist_owner headers;
        if (!detail::build_header_list(request.headers, headers))
            return fail(ec, errc::transport_error, "libcurl could not allocate the header list");

        const std::string url = detail::request_url(request);
        std::optional<std::chrono::milliseconds> time_left;
        if (deadline) {
            time_left = std::chrono::ceil<std::chrono::milliseconds>(
                *deadline - std::chrono::steady_clock::now());
            if (time_left->count() <= 0)
                return fail(ec, errc::timeout,
                            "the deadline passed before sending (" +
                                detail::request_shown(request) + ")");
        }
        detail::curl_exchange exchange;
        exchange.limits = &config_.limits;
        CURL* curl = session_->handle;
        curl_easy_reset(curl); // options only: connections and the DNS cache stay
        session_->error_buffer[0] = '\0';
        CURLcode code = configure(curl, request, url, *proxy, headers.list, exchange, time_left);
        if (code == CURLE_OK)
            code = curl_easy_perform(curl);
        long new_connections = 0;
        if (curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &new_connections) == CURLE_OK &&
            new_connections > 0)
            connections_opened_ += static_cast<std::size_t>(new_connections);
        if (code != CURLE_OK)
            return fail_with_curl(ec, code, exchange, detail::request_shown(request), time_left,
                                  request.scheme == "https");

        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        exchange.response.status = static_cast<int>(status);
        return std::move(exchange.response);
    }

    // The proxies of config.proxy, else of the environment (asio_http_transport's choice).
    static proxy_selector proxies_for(const curl_transport_config& config) {
        if (config.proxy)
            return proxy_selector(config.proxy, config.proxy, std::string(), false,
                                  environment::process(), "curl_transport_config::proxy",
                                  "curl_transport_config::proxy");
        return proxy_selector(std::nullopt, std::nullopt, std::nullopt, true,
                              environment::process());
    }

    // `time_left`: until the caller's deadline, when it gave one.
    CURLcode configure(CURL* curl, const http_request& request, const std::string& url,
                       const std::optional<proxy_url>& proxy, curl_slist* headers,
                       detail::curl_exchange& exchange,
                       std::optional<std::chrono::milliseconds> time_left) const {
        const auto body_size = static_cast<curl_off_t>(request.body.size());
        const bool head = request.method == "HEAD";
        const bool sends_body = !head && (!request.body.empty() || request.method == "POST" ||
                                          request.method == "PUT" || request.method == "PATCH");
        CURLcode code = CURLE_OK;
        auto set = [&](CURLoption option, auto value) {
            if (code == CURLE_OK)
                code = curl_easy_setopt(curl, option, value);
        };
        set(CURLOPT_ERRORBUFFER, session_->error_buffer);
        if (share_ && share_->handle())
            set(CURLOPT_SHARE, share_->handle());
        set(CURLOPT_NOSIGNAL, 1L);
        set(CURLOPT_URL, url.c_str());
        set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
        set(CURLOPT_PATH_AS_IS, 1L);
        set(CURLOPT_FOLLOWLOCATION, 0L);
        set(CURLOPT_HTTPHEADER, headers);
        if (head) {
            set(CURLOPT_NOBODY, 1L);
        } else if (sends_body) {
            set(CURLOPT_POST, 1L);
            set(CURLOPT_POSTFIELDSIZE_LARGE, body_size);
            set(CURLOPT_POSTFIELDS, request.body.data());
            if (request.method != "POST")
                set(CURLOPT_CUSTOMREQUEST, request.method.c_str());
        } else {
            set(CURLOPT_HTTPGET, 1L);
            if (request.method != "GET")
                set(CURLOPT_CUSTOMREQUEST, request.method.c_str());
        }
        set(CURLOPT_WRITEFUNCTION, &detail::curl_exchange::on_body);
        set(CURLOPT_WRITEDATA, static_cast<void*>(&exchange));
        set(CURLOPT_HEADERFUNCTION, &detail::curl_exchange::on_header);
        set(CURLOPT_HEADERDATA, static_cast<void*>(&exchange));
        set(CURLOPT_CONNECTTIMEOUT_MS, detail::curl_milliseconds(config_.connect_limit()));
        if (time_left)
            set(CURLOPT_TIMEOUT_MS, detail::curl_milliseconds(*time_left));
        if (config_.read_timeout > std::chrono::milliseconds::zero()) {
            const auto seconds =
                std::chrono::ceil<std::chrono::seconds>(config_.read_timeout).count();
            const long longest = 1L << 30; // seconds: beyond any real wait, and fits every long
            set(CURLOPT_LOW_SPEED_LIMIT, 1L);
            set(CURLOPT_LOW_SPEED_TIME, seconds > longest ? longest : static_cast<long>(seconds));
        }
        set_proxy(set, proxy);
        if (config_.tcp_keepalive.value_or(false)) {
            set(CURLOPT_TCP_KEEPALIVE, 1L);
            if (config_.tcp_keepalive_idle > std::chrono::seconds::zero()) {
                const long seconds = detail::keepalive_seconds(config_.tcp_keepalive_idle);
                set(CURLOPT_TCP_KEEPIDLE, seconds);
                set(CURLOPT_TCP_KEEPINTVL, seconds);
            }
        }
        set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
        set(CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
        set(CURLOPT_PROXY_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
        // An https:// proxy is verified against the same store as the targets, as
        // asio_http_transport verifies it.
        for (auto [verify_peer, verify_host] :
             {std::pair{CURLOPT_SSL_VERIFYPEER, CURLOPT_SSL_VERIFYHOST},
              std::pair{CURLOPT_PROXY_SSL_VERIFYPEER, CURLOPT_PROXY_SSL_VERIFYHOST}}) {
            set(verify_peer, config_.insecure_skip_tls_verify ? 0L : 1L);
            set(verify_host, config_.insecure_skip_tls_verify ? 0L : 2L);
        }
        if (std::optional<std::string> bundle = ca_bundle()) {
            set(CURLOPT_CAINFO, bundle->c_str());
            set(CURLOPT_PROXY_CAINFO, bundle->c_str());
            if (!config_.ca_bundle_adds_to_system_store) {
                set(CURLOPT_CAPATH, static_cast<const char*>(nullptr));
                set(CURLOPT_PROXY_CAPATH, static_cast<const char*>(nullptr));
            }
        }
        return code;
    }

    // Always set, NOPROXY too: "" keeps curl from reading the environment itself.
    template <class Set>
    static void set_proxy(Set& set, const std::optional<proxy_url>& proxy) {
        set(CURLOPT_NOPROXY, "");
        if (!proxy)
            return set(CURLOPT_PROXY, "");
        set(CURLOPT_PROXY, proxy->redacted().c_str());
        if (proxy->has_credentials()) {
            set(CURLOPT_PROXYUSERNAME, proxy->username.c_str());
            set(CURLOPT_PROXYPASSWORD, proxy->password.c_str());
        }
    }

    std::optional<std::string> ca_bundle() const {
        if (config_.ca_file)
            return config_.ca_file;
        if (const char* env = std::getenv("AWS_CA_BUNDLE"); env && *env)
            return std::string(env);
        return config_.shared_config_ca_bundle;
    }

    const char* ca_bundle_origin() const {
        if (config_.ca_file)
            return "curl_transport_config::ca_file";
        if (const char* env = std::getenv("AWS_CA_BUNDLE"); env && *env)
            return "AWS_CA_BUNDLE";
        return "the profile's ca_bundle";
    }

    http_response fail(std::error_code& ec, errc code, std::string message) {
        ec = make_error_code(code);
        last_error_message_ = std::move(message);
        return {};
    }

    http_response fail_with_curl(std::error_code& ec, CURLcode code,
                                 const detail::curl_exchange& exchange, const std::string& what,
                                 std::optional<std::chrono::milliseconds> time_left, bool tls) {
        last_curl_code_ = code;
        last_failure_stage_ = detail::curl_failure_stage(code, progress_of(session_->handle, tls));
        if (exchange.too_large)
            return fail(ec, errc::response_too_large, exchange.too_large_what + " (" + what + ")");
        if (!exchange.malformed_line.empty())
            return fail(ec, errc::malformed_http_response,
                        "a response header line is malformed: " +
                            in_quotes(exchange.malformed_line) + " (" + what + ")");
        std::string text =
            session_->error_buffer[0] != '\0' ? session_->error_buffer : curl_easy_strerror(code);
        if (code == CURLE_OPERATION_TIMEDOUT && text.starts_with("Operation too slow"))
            text = "no byte moved for read_timeout (" +
                   std::to_string(config_.read_timeout.count()) + " ms): " + text;
        else if (code == CURLE_OPERATION_TIMEDOUT && time_left &&
                 text.starts_with("Operation timed out"))
            text = "the deadline passed (" + std::to_string(time_left->count()) +
                   " ms after sending began): " + text;
        if (code == CURLE_SSL_CACERT_BADFILE)
            text += " (CA bundle from " + std::string(ca_bundle_origin()) + ")";
        if (code == CURLE_OUT_OF_MEMORY)
            text += " (libcurl says so of a response header line over 100 KiB too)";
        return fail(ec, detail::classify_curl_error(code), text + " (" + what + ")");
    }

    static detail::curl_progress progress_of(CURL* curl, bool tls) noexcept {
        curl_off_t pretransfer = 0;
        curl_off_t connect = 0;
        long connect_code = 0;
        return {curl_easy_getinfo(curl, CURLINFO_PRETRANSFER_TIME_T, &pretransfer) == CURLE_OK &&
                    pretransfer > 0,
                curl_easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &connect) == CURLE_OK &&
                    connect > 0,
                curl_easy_getinfo(curl, CURLINFO_HTTP_CONNECTCODE, &connect_code) == CURLE_OK &&
                    connect_code != 0 && (connect_code < 200 || connect_code > 299),
                tls};
    }

    curl_transport_config config_;
    proxy_selector proxies_;
    std::shared_ptr<detail::curl_share> share_; // declared first: destroyed after the handle
    std::unique_ptr<detail::curl_easy_session> session_;
    std::string last_error_message_;
    CURLcode last_curl_code_ = CURLE_OK;
    transport_stage last_failure_stage_ = transport_stage::unknown;
    std::size_t connections_opened_ = 0;
};

static_assert(http_transport<curl_transport>);

} // namespace awsml
