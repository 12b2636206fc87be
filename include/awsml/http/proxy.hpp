#pragma once

/// \file
/// HTTP proxies as the AWS SDKs honour them: which proxy, if any, a request goes through.
///
///     awsml::proxy_selector proxies(config.https_proxy, config.http_proxy, config.no_proxy,
///                                   /*use_environment=*/true, awsml::environment::process());
///     auto proxy = proxies.select(/*tls=*/true, "machinelearning.us-east-1.amazonaws.com", 443);
///     if (!proxy) ...proxy.error().message...          // a bad proxy URL, named by its source
///     else if (*proxy) ...(*proxy)->authority()...     // "proxy.example.com:3128"
///
/// Where the proxies come from, for each scheme of the target:
///   https:// targets  http_transport_config::https_proxy, else https_proxy, else HTTPS_PROXY;
///   http:// targets   http_transport_config::http_proxy, else http_proxy, else HTTP_PROXY;
///   exceptions        http_transport_config::no_proxy, else no_proxy, else NO_PROXY.
/// An explicit empty string means "no proxy" (and no exceptions) whatever the environment says;
/// the lower-case variable wins over the upper-case one, as curl and Python (botocore) have it
/// (set but empty, it means no proxy, or no exceptions);
/// the environment is read only when use_environment is true.
///
/// A proxy URL is `[http[s]://][user[:password]@]host[:port][/]`. https:// targets are tunnelled
/// through the proxy with CONNECT, so TLS still runs end to end; an https:// proxy is itself
/// reached over TLS (verified as the targets are), which then carries the tunnel or the
/// http:// requests. The port defaults to 80 (443 for https://); user and password are
/// percent-decoded and sent as Proxy-Authorization: Basic.
/// Credentials never appear in messages: redacted() and every failure show the URL without them.
///
/// NO_PROXY is a comma- (or space-) separated list; an entry matches the target host when it is
///   `*`                      every host;
///   a name, `.name`, `*.name` the host itself or any host under it ("example.com" and
///                            ".example.com" both match example.com and api.example.com, never
///                            badexample.com), compared case-insensitively;
///   an IP address            the same address (IPv6 in brackets or not);
///   an address/prefix (CIDR) any IP-literal host in that network, e.g. 10.0.0.0/8;
/// with `:port` added, only requests to that port (otherwise any port).

#include <awsml/core/detail/ascii.hpp>
#include <awsml/core/detail/separate_compilation.hpp>
#include <awsml/core/detail/trim.hpp>
#include <awsml/core/environment.hpp>
#include <awsml/core/error.hpp>
#include <awsml/model/blob.hpp>

#include <asio/ip/address.hpp>
#include <boost/system/result.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace awsml {

/// Why a proxy setting cannot be used: code is errc::config_error, message names the setting and
/// the problem (never the credentials).
struct proxy_failure {
    std::error_code code = make_error_code(errc::config_error); ///< errc::config_error
    /// E.g. `bad proxy URL "socks5://p:1080": unsupported proxy scheme "socks5" (http or https)
    /// (from HTTPS_PROXY)`.
    std::string message;

    friend std::ostream& operator<<(std::ostream& out, const proxy_failure& f) {
        return out << f.message;
    }
};

/// Found by boost::system::result<T, proxy_failure>::value(): throws awsml::error.
[[noreturn]] inline void throw_exception_from_error(const proxy_failure& f,
                                                    const boost::source_location&) {
    throw error(f.code, f.message);
}

/// A value, or why the proxy settings cannot be used.
template <class T>
using proxy_result = boost::system::result<T, proxy_failure>;

/// An HTTP proxy, as named by a URL such as "http://user:secret@proxy.example.com:3128".
struct proxy_url {
    std::string host;        ///< without brackets
    std::uint16_t port = 80; ///< when the URL names none: 80, or 443 for https://
    std::string username;    ///< percent-decoded
    std::string password;    ///< percent-decoded; never shown
    bool tls = false;        ///< https://: the connection to the proxy itself is TLS

    /// Whether requests through it carry Proxy-Authorization: Basic.
    bool has_credentials() const noexcept { return !username.empty() || !password.empty(); }

    /// "proxy.example.com:3128", "[::1]:3128": what messages name.
    std::string authority() const {
        const bool v6 = host.find(':') != std::string::npos;
        return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
    }

    /// The Proxy-Authorization value ("Basic dXNlcjpzZWNyZXQ="), when the URL named a user.
    std::optional<std::string> authorization() const {
        if (!has_credentials())
            return std::nullopt;
        return "Basic " + base64_encode(username + ":" + password);
    }

    /// The URL without its credentials: "http://proxy.example.com:3128".
    std::string redacted() const { return (tls ? "https://" : "http://") + authority(); }

    friend bool operator==(const proxy_url&, const proxy_url&) = default;
    /// Prints redacted(): logging a proxy_url never shows its credentials.
    friend std::ostream& operator<<(std::ostream& out, const proxy_url& p) {
        return out << p.redacted();
    }
};

namespace detail::proxies {

/// The URL with everything between "//" and its last "@" replaced by "***". The last "@" of the
/// whole URL, not of the authority: a password with an unencoded "/" must not show either.
AWSML_DECL std::string redact_userinfo(std::string_view url);

AWSML_DECL bool percent_decode(std::string_view in, std::string& out);

AWSML_DECL bool parse_port(std::string_view text, std::uint16_t& port) noexcept;

/// Splits "host", "host:port", "[v6]", "[v6]:port" and bare "v6"; false if malformed.
AWSML_DECL bool split_host_port(std::string_view text, std::string_view& host,
                                std::optional<std::uint16_t>& port);

AWSML_DECL std::optional<asio::ip::address> ip_literal(std::string_view host);

// A NO_PROXY entry naming a network ("10.0.0.0/8", "fd00::/8") and an IP-literal host in it.
AWSML_DECL bool in_network(std::string_view entry, const asio::ip::address& address);

AWSML_DECL bool no_proxy_entry_matches(std::string_view entry, std::string_view host,
                                       const std::optional<asio::ip::address>& host_address,
                                       std::uint16_t port);

} // namespace detail::proxies

/// Parses a proxy URL (see the top of this file); config_error naming the problem otherwise.
AWSML_DECL proxy_result<proxy_url> parse_proxy_url(std::string_view url);

/// Whether the NO_PROXY list exempts a request to host:port from the proxy.
AWSML_DECL bool no_proxy_matches(std::string_view list, std::string_view host, std::uint16_t port);

/// Which proxy a request goes through: explicit settings first, then (when allowed) the
/// environment, resolved once at construction. Cheap to copy.
class proxy_selector {
public:
    /// No proxy for anything.
    proxy_selector() = default;

    /// The proxies from the explicit settings (http_transport_config's three) where set, else
    /// from `env` when `use_environment`; a malformed URL is reported by select(), not here,
    /// naming the setting it came from (`https_setting`, `http_setting`: another transport's).
    proxy_selector(const std::optional<std::string>& https_proxy,
                   const std::optional<std::string>& http_proxy,
                   const std::optional<std::string>& no_proxy, bool use_environment,
                   const environment& env,
                   const char* https_setting = "http_transport_config::https_proxy",
                   const char* http_setting = "http_transport_config::http_proxy") {
        https_ =
            choose(https_proxy, https_setting, "https_proxy", "HTTPS_PROXY", use_environment, env);
        http_ = choose(http_proxy, http_setting, "http_proxy", "HTTP_PROXY", use_environment, env);
        if (no_proxy)
            no_proxy_ = *no_proxy;
        else if (use_environment)
            no_proxy_ =
                env.get_even_if_empty("no_proxy").value_or(env.get("NO_PROXY").value_or(""));
    }

    /// The proxy for a request to scheme://host:port (tls: https), none (direct), or why the
    /// configured proxy cannot be used.
    proxy_result<std::optional<proxy_url>> select(bool tls, std::string_view host,
                                                  std::uint16_t port) const {
        const choice& chosen = tls ? https_ : http_;
        if (chosen.source.empty() || no_proxy_matches(no_proxy_, host, port))
            return std::optional<proxy_url>();
        if (chosen.failure)
            return *chosen.failure;
        return chosen.proxy;
    }

    /// The exceptions in force (NO_PROXY's value, or the configured one).
    const std::string& no_proxy() const noexcept { return no_proxy_; }

private:
    struct choice {
        std::string source; ///< where the URL came from; empty: no proxy
        std::optional<proxy_url> proxy;
        std::optional<proxy_failure> failure;
    };

    static choice choose(const std::optional<std::string>& configured, const char* config_name,
                         const char* lower_name, const char* upper_name, bool use_environment,
                         const environment& env) {
        std::optional<std::string> url;
        std::string source;
        if (configured) {
            url = *configured;
            source = config_name;
        } else if (use_environment) {
            // Set but empty, the lower-case variable still hides the upper-case one: no proxy,
            // as curl and Python (botocore) read them.
            if ((url = env.get_even_if_empty(lower_name)))
                source = lower_name;
            else if ((url = env.get(upper_name)))
                source = upper_name;
        }
        choice result;
        if (!url || detail::trim(*url).empty())
            return result;
        result.source = source;
        auto parsed = parse_proxy_url(*url);
        if (parsed) {
            result.proxy = std::move(*parsed);
        } else {
            proxy_failure failure = parsed.error();
            failure.message += " (from " + source + ")";
            result.failure = std::move(failure);
        }
        return result;
    }

    choice https_;
    choice http_;
    std::string no_proxy_;
};

} // namespace awsml

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/http/impl/proxy.ipp>
#endif
