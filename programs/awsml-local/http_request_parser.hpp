#pragma once

// The HTTP/1.1 request side of awsml-local: parses one request from the bytes received so far.
//
//     auto parsed = awsml::local::parse_http_request(buffer, limits);
//     if (parsed.state == awsml::local::parse_state::complete) buffer.erase(0, parsed.consumed);
//
// The parse is over the whole buffer each time (requests to the emulator are small and capped),
// so the caller keeps no parser state: append what arrives, call again. Bodies come with
// Content-Length or Transfer-Encoding: chunked (decoded; trailers are dropped). Anything the
// emulator cannot take safely fails with the status to answer: 400 (malformed, obs-fold,
// Content-Length together with Transfer-Encoding), 413 (body over the cap), 431 (header section
// over the cap), 501 (a transfer coding other than chunked), 505 (not HTTP/1.0 or 1.1).

#include <awsml/http/message.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace awsml::local {

struct request_limits {
    std::size_t max_header_bytes = 16 * 1024; ///< request line and header lines, CRLFs included
    std::size_t max_header_count = 100;
    std::size_t max_body_bytes = 1024 * 1024; ///< after chunked decoding
};

enum class parse_state { incomplete, complete, failed };

struct request_parse_result {
    parse_state state = parse_state::incomplete;
    std::size_t consumed = 0; ///< complete: the bytes of the buffer this request used
    /// complete: the request; host and port come from the Host header, scheme is left to the
    /// caller (the parser cannot know whether TLS carried the bytes).
    http_request request;
    bool keep_alive = true;        ///< HTTP/1.1 unless "Connection: close"; 1.0 only if asked
    bool headers_complete = false; ///< the header section has arrived (and is valid)
    bool expects_continue = false; ///< "Expect: 100-continue"
    int error_status = 0;          ///< failed: the status to answer with
    std::string error_reason;      ///< failed: what was wrong, for the response message
};

/// Parses the request at the start of `buffer`; see the header comment.
inline request_parse_result parse_http_request(std::string_view buffer,
                                               const request_limits& limits = {});

// =============================================================================================
// Implementation

namespace detail::request_parser {

constexpr bool is_token_char(char c) noexcept {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

constexpr bool is_token(std::string_view text) noexcept {
    if (text.empty())
        return false;
    for (char c : text)
        if (!is_token_char(c))
            return false;
    return true;
}

constexpr std::string_view trim_ows(std::string_view text) noexcept {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

/// Calls f(token) for each comma-separated element of a header value, trimmed, empty ones left out.
template <class F>
void for_each_list_element(std::string_view value, F&& f) {
    while (!value.empty()) {
        std::size_t comma = value.find(',');
        std::string_view element = trim_ows(value.substr(0, comma));
        if (!element.empty())
            f(element);
        value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    }
}

inline std::optional<std::uint64_t> parse_decimal(std::string_view text) noexcept {
    if (text.empty() || text.size() > 18)
        return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + std::uint64_t(c - '0');
    }
    return value;
}

inline std::optional<std::uint64_t> parse_hex(std::string_view text) noexcept {
    if (text.empty() || text.size() > 15)
        return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text) {
        int digit = (c >= '0' && c <= '9')   ? c - '0'
                    : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                    : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                             : -1;
        if (digit < 0)
            return std::nullopt;
        value = value * 16 + std::uint64_t(digit);
    }
    return value;
}

inline void fail(request_parse_result& result, int status, std::string reason) {
    result.state = parse_state::failed;
    result.error_status = status;
    result.error_reason = std::move(reason);
}

/// Splits the Host header into host and port ("[::1]:8080" keeps the brackets off).
inline void apply_host(awsml::http_request& request, std::string_view host) {
    std::string_view name = host;
    std::string_view port;
    if (!host.empty() && host.front() == '[') {
        std::size_t close = host.find(']');
        if (close == std::string_view::npos)
            return;
        name = host.substr(1, close - 1);
        if (close + 1 < host.size() && host[close + 1] == ':')
            port = host.substr(close + 2);
    } else if (std::size_t colon = host.rfind(':'); colon != std::string_view::npos) {
        name = host.substr(0, colon);
        port = host.substr(colon + 1);
    }
    request.host = std::string(name);
    if (auto number = parse_decimal(port); number && *number <= 65535)
        request.port = static_cast<std::uint16_t>(*number);
}

/// Parses "METHOD SP target SP HTTP/1.x"; false with `result` failed when it is not.
inline bool parse_request_line(std::string_view line, request_parse_result& result,
                               bool& http_1_0) {
    std::size_t first_space = line.find(' ');
    std::size_t last_space = line.rfind(' ');
    if (first_space == std::string_view::npos || first_space == last_space) {
        fail(result, 400, "malformed request line");
        return false;
    }
    std::string_view method = line.substr(0, first_space);
    std::string_view target = line.substr(first_space + 1, last_space - first_space - 1);
    std::string_view version = line.substr(last_space + 1);
    if (!is_token(method)) {
        fail(result, 400, "malformed request method");
        return false;
    }
    for (char c : target) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
            fail(result, 400, "malformed request target");
            return false;
        }
    }
    if (target.empty()) {
        fail(result, 400, "empty request target");
        return false;
    }
    if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' ||
        version[5] < '0' || version[5] > '9' || version[7] < '0' || version[7] > '9') {
        fail(result, 400, "malformed HTTP version");
        return false;
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        fail(result, 505, "HTTP version " + std::string(version.substr(5)) + " is not supported");
        return false;
    }
    http_1_0 = version == "HTTP/1.0";
    result.request.method = std::string(method);
    result.request.target = std::string(target);
    return true;
}

struct body_framing {
    bool chunked = false;
    std::optional<std::uint64_t> content_length;
};

/// Reads the headers that frame the message and decide the connection's fate.
inline bool interpret_headers(request_parse_result& result, bool http_1_0,
                              const request_limits& limits, body_framing& framing) {
    bool close = false, keep_alive = false, transfer_encoding = false;
    for (const auto& header : result.request.headers) {
        const std::string_view name = header.name, value = header.value;
        if (awsml::detail::iequals(name, "connection")) {
            for_each_list_element(value, [&](std::string_view option) {
                close = close || awsml::detail::iequals(option, "close");
                keep_alive = keep_alive || awsml::detail::iequals(option, "keep-alive");
            });
        } else if (awsml::detail::iequals(name, "transfer-encoding")) {
            bool only_chunked = !transfer_encoding;
            int codings = 0;
            for_each_list_element(value, [&](std::string_view coding) {
                ++codings;
                only_chunked = only_chunked && awsml::detail::iequals(coding, "chunked");
            });
            transfer_encoding = true;
            if (!only_chunked || codings != 1) {
                fail(result, 501, "only Transfer-Encoding: chunked is supported");
                return false;
            }
            framing.chunked = true;
        } else if (awsml::detail::iequals(name, "content-length")) {
            bool valid = true;
            for_each_list_element(value, [&](std::string_view text) {
                auto length = parse_decimal(text);
                if (!length || (framing.content_length && *framing.content_length != *length))
                    valid = false;
                else
                    framing.content_length = length;
            });
            if (!valid || !framing.content_length) {
                fail(result, 400, "invalid Content-Length");
                return false;
            }
        } else if (awsml::detail::iequals(name, "expect")) {
            result.expects_continue = awsml::detail::iequals(trim_ows(value), "100-continue");
        } else if (awsml::detail::iequals(name, "host")) {
            apply_host(result.request, value);
        }
    }
    if (framing.chunked && framing.content_length) {
        fail(result, 400, "a request cannot have both Content-Length and Transfer-Encoding");
        return false;
    }
    if (framing.content_length && *framing.content_length > limits.max_body_bytes) {
        fail(result, 413,
             "the request body exceeds " + std::to_string(limits.max_body_bytes) + " bytes");
        return false;
    }
    result.keep_alive = http_1_0 ? keep_alive && !close : !close;
    return true;
}

/// Decodes a chunked body starting at `body`; sets `result` complete, failed, or leaves it
/// incomplete when more bytes are needed. `offset` is where `body` starts in the buffer.
inline void decode_chunked(std::string_view body, std::size_t offset, const request_limits& limits,
                           request_parse_result& result) {
    std::string decoded;
    std::size_t pos = 0;
    for (;;) {
        std::size_t line_end = body.find("\r\n", pos);
        if (line_end == std::string_view::npos) {
            if (body.size() - pos > 1024)
                fail(result, 400, "malformed chunk size line");
            return;
        }
        std::string_view line = body.substr(pos, line_end - pos);
        std::string_view size_text = trim_ows(line.substr(0, line.find(';')));
        auto size = parse_hex(size_text);
        if (!size)
            return fail(result, 400, "malformed chunk size");
        pos = line_end + 2;
        if (*size == 0)
            break;
        if (decoded.size() + *size > limits.max_body_bytes)
            return fail(result, 413,
                        "the request body exceeds " + std::to_string(limits.max_body_bytes) +
                            " bytes");
        if (body.size() - pos < *size + 2)
            return;
        if (body.substr(pos + *size, 2) != "\r\n")
            return fail(result, 400, "a chunk is not followed by CRLF");
        decoded.append(body.substr(pos, *size));
        pos += *size + 2;
    }
    // Trailer fields until an empty line; they are not part of the request the emulator signs.
    for (std::size_t trailer_bytes = 0;;) {
        std::size_t line_end = body.find("\r\n", pos);
        if (line_end == std::string_view::npos) {
            if (body.size() - pos > limits.max_header_bytes)
                fail(result, 431, "the chunked trailer is too large");
            return;
        }
        trailer_bytes += line_end - pos + 2;
        if (trailer_bytes > limits.max_header_bytes)
            return fail(result, 431, "the chunked trailer is too large");
        bool last = line_end == pos;
        pos = line_end + 2;
        if (last)
            break;
    }
    result.request.body = std::move(decoded);
    result.consumed = offset + pos;
    result.state = parse_state::complete;
}

} // namespace detail::request_parser

inline request_parse_result parse_http_request(std::string_view buffer,
                                               const request_limits& limits) {
    using namespace detail::request_parser;
    request_parse_result result;
    // RFC 9112 2.2: ignore empty lines before the request line.
    std::size_t start = 0;
    while (buffer.substr(start, 2) == "\r\n")
        start += 2;
    std::string_view rest = buffer.substr(start);

    std::size_t header_end = rest.find("\r\n\r\n");
    if (header_end == std::string_view::npos || header_end + 4 > limits.max_header_bytes) {
        if (rest.size() > limits.max_header_bytes || (header_end != std::string_view::npos))
            fail(result, 431,
                 "the request line and headers exceed " + std::to_string(limits.max_header_bytes) +
                     " bytes");
        return result;
    }
    std::string_view head = rest.substr(0, header_end + 2); // each line ends with CRLF

    std::size_t line_end = head.find("\r\n");
    bool http_1_0 = false;
    if (!parse_request_line(head.substr(0, line_end), result, http_1_0))
        return result;

    for (std::size_t pos = line_end + 2; pos < head.size();) {
        std::size_t end = head.find("\r\n", pos);
        std::string_view line = head.substr(pos, end - pos);
        pos = end + 2;
        if (line.front() == ' ' || line.front() == '\t') {
            fail(result, 400, "obsolete header line folding is not accepted");
            return result;
        }
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
            fail(result, 400, "malformed header line");
            return result;
        }
        std::string_view value = trim_ows(line.substr(colon + 1));
        for (char c : value) {
            if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) {
                fail(result, 400, "a header value contains a control character");
                return result;
            }
        }
        if (result.request.headers.size() == limits.max_header_count) {
            fail(result, 431,
                 "the request has more than " + std::to_string(limits.max_header_count) +
                     " headers");
            return result;
        }
        result.request.headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
    }

    body_framing framing;
    if (!interpret_headers(result, http_1_0, limits, framing))
        return result;
    result.headers_complete = true;

    const std::size_t body_offset = start + header_end + 4;
    const std::string_view body = buffer.substr(body_offset);
    if (framing.chunked) {
        decode_chunked(body, body_offset, limits, result);
        return result;
    }
    const std::uint64_t length = framing.content_length.value_or(0);
    if (body.size() < length)
        return result;
    result.request.body = std::string(body.substr(0, length));
    result.consumed = body_offset + length;
    result.state = parse_state::complete;
    return result;
}

} // namespace awsml::local
