#pragma once

// The CONNECT tunnel through an HTTP proxy (RFC 9110 9.3.6), without the I/O: the request that
// asks the proxy for a tunnel, and a reader that is fed the proxy's answer as it arrives and
// says whether the tunnel is open. asio_http_transport writes and reads the bytes.
//
//     std::string wire = connect_request("example.com:443", proxy.authorization());
//     connect_answer_reader answer(limits, "proxy 10.0.0.1:3128", "example.com:443", false);
//     switch (answer.feed(bytes)) { case connect_answer_reader::status::more: ... }

#include <awsml/http/parser.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace awsml::detail {

/// "CONNECT host:port HTTP/1.1", Host, and Proxy-Authorization when given.
inline std::string connect_request(std::string_view authority,
                                   const std::optional<std::string>& proxy_authorization) {
    std::string wire;
    wire.append("CONNECT ").append(authority).append(" HTTP/1.1\r\nHost: ");
    wire.append(authority).append("\r\n");
    if (proxy_authorization)
        wire.append("Proxy-Authorization: ").append(*proxy_authorization).append("\r\n");
    wire += "\r\n";
    return wire;
}

/// Reads a proxy's answer to CONNECT. A 2xx answer opens the tunnel; any other status refuses
/// it, with a message quoting the proxy's status line; an answer that is not HTTP, or bytes
/// after the answer (the server's first TLS bytes cannot arrive before the client's
/// ClientHello), are malformed: the proxy said nothing a client can act on.
class connect_answer_reader {
public:
    enum class status {
        more,        ///< the answer is not complete: feed more bytes
        established, ///< a 2xx answer: the tunnel is open
        refused,     ///< a status other than 2xx; see message()
        malformed,   ///< not an HTTP answer, or bytes after it; see message()
    };

    /// `proxy` and `authority` name the proxy ("proxy 10.0.0.1:3128") and the tunnel's target
    /// ("example.com:443") in messages; `proxy_has_credentials` chooses the hint given for a 407.
    connect_answer_reader(const http_parser_limits& limits, std::string proxy,
                          std::string authority, bool proxy_has_credentials)
        : parser_(limits, true)
        , proxy_(std::move(proxy))
        , authority_(std::move(authority))
        , proxy_has_credentials_(proxy_has_credentials) {}

    /// Feeds the next bytes received; call again only after status::more.
    status feed(std::string_view received) {
        if (answer_.size() < max_quoted)
            answer_.append(received.substr(0, max_quoted - answer_.size()));
        std::error_code parse_error;
        const std::size_t used = parser_.feed(received, parse_error);
        if (parse_error)
            return refuse(": bad answer: " + parser_.error_message(), status::malformed);
        if (!parser_.done())
            return status::more;
        const int code = parser_.response().status;
        if (code < 200 || code > 299) {
            std::string what = ": " + status_line();
            if (code == 407)
                what += proxy_has_credentials_
                            ? " (the proxy refused the user name and password in its URL)"
                            : " (the proxy wants credentials: http://user:password@host:port)";
            return refuse(what);
        }
        if (used < received.size())
            return refuse(": unexpected bytes after its answer", status::malformed);
        return status::established;
    }

    /// The proxy closed the connection before its answer was whole: status::refused when the
    /// status line that did arrive is not 2xx (a client may act on that line alone, as Python's
    /// http.client does), else status::more (the close itself is the failure).
    status closed() {
        const int code = parser_.response().status; // 0 until a whole status line was read
        if (code != 0 && (code < 200 || code > 299))
            return refuse(": " + status_line() + " (and it closed the connection)");
        return status::more;
    }

    /// Why the tunnel was not opened: "proxy 10.0.0.1:3128 refused CONNECT example.com:443: ...",
    /// or "proxy 10.0.0.1:3128 gave no valid answer to CONNECT example.com:443: ...".
    const std::string& message() const noexcept { return message_; }

    /// The proxy's status line, or as much of it as has arrived.
    std::string status_line() const {
        return answer_.substr(0, std::min(answer_.find_first_of("\r\n"), answer_.size()));
    }

private:
    static constexpr std::size_t max_quoted = 512; ///< of the answer kept for messages

    status refuse(const std::string& why, status outcome = status::refused) {
        message_ = proxy_ +
                   (outcome == status::refused ? " refused CONNECT "
                                               : " gave no valid answer to CONNECT ") +
                   authority_ + why;
        return outcome;
    }

    http_response_parser parser_;
    std::string answer_; ///< the first bytes of the answer
    std::string proxy_;
    std::string authority_;
    bool proxy_has_credentials_;
    std::string message_;
};

} // namespace awsml::detail
