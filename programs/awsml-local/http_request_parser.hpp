#pragma once

// The HTTP/1.1 request side of awsml-local: an incremental parser, fed the bytes a connection
// delivers as they come, split anywhere (down to one byte at a time).
//
//     awsml::local::http_request_parser parser(limits);
//     std::size_t used = parser.feed(bytes);  // all of them unless the request ended inside
//     if (parser.state() == awsml::local::parse_state::complete) {
//         bool keep_alive = parser.keep_alive();
//         handle(parser.take(), keep_alive);     // then parser.reset() for the next request;
//     }                                          // bytes.substr(used) belongs to it
//
// parse_http_request(buffer, limits) parses the request at the start of a whole buffer at once.
//
// The parser keeps its place between calls and looks at each byte a bounded number of times
// (bytes_scanned() counts them): a header line is searched for its end once, a body is copied as
// it comes, a chunked body resumes inside the current chunk. What it holds besides the request
// it builds is one unfinished line at most, and every kind of line has a byte budget, so a peer
// cannot make it buffer or loop without bound: empty lines before the request line and the
// request line and headers (max_header_bytes each), a chunk-size line (max_chunk_line_bytes),
// all chunk extensions of a body together (max_chunk_extension_bytes), the trailer section
// (max_header_bytes). Bodies come with Content-Length or Transfer-Encoding: chunked (decoded;
// trailers are checked and dropped). Lines end in CRLF.
//
// Anything the emulator cannot take safely fails with the status to answer: 400 (malformed, a
// bare LF, obs-fold, Content-Length together with Transfer-Encoding, too many empty lines before
// the request line, a chunk-size line too long, a Host that is no host[:port], an HTTP/1.0
// request with Transfer-Encoding), 413 (body or chunk extensions over the cap),
// 431 (header section or trailers over the cap, too many headers), 501 (a transfer coding other
// than chunked), 505 (not HTTP/1.0 or 1.1). A failed parser stays failed and takes no more bytes.

#include <awsml/core/detail/trim.hpp>
#include <awsml/http/message.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace awsml::local {

struct request_limits {
    std::size_t max_header_bytes = 16 * 1024; ///< request line and header lines, CRLFs included;
                                              ///< also the empty lines before the request line,
                                              ///< and the chunked trailer section, each apart
    std::size_t max_header_count = 100;
    std::size_t max_body_bytes = 1024 * 1024; ///< after chunked decoding, a request to "/"
    /// After chunked decoding, a request to any other path: S3's PutObject and UploadPart, whose
    /// bodies the AWS CLI and the SDKs make up to 8 MiB (their multipart chunk size).
    std::size_t max_upload_bytes = 16 * 1024 * 1024;
    std::size_t max_chunk_line_bytes = 1024; ///< one chunk-size line, extensions and CRLF included
    /// A chunked body's chunk-size lines, all together, less their hexadecimal digits and CRLFs:
    /// extensions and whitespace.
    std::size_t max_chunk_extension_bytes = 16 * 1024;
};

enum class parse_state { incomplete, complete, failed };

class http_request_parser {
public:
    explicit http_request_parser(request_limits limits = {})
        : limits_(limits) {}

    /// Parses as much of `bytes` as belongs to this request and returns how many bytes that
    /// was: all of them unless the request completed (the rest belongs to the next one) or
    /// failed inside `bytes`. Takes nothing once complete or failed.
    std::size_t feed(std::string_view bytes);

    parse_state state() const noexcept;
    /// Some byte has arrived since construction or reset(), if only of an empty line before
    /// the request line.
    bool received_any() const noexcept {
        return stage_ != stage::leading_lines || leading_bytes_ != 0;
    }
    /// A byte of the request line has arrived: a request has begun (empty lines before the
    /// request line are not one).
    bool started() const noexcept { return stage_ != stage::leading_lines; }
    /// The header section has arrived and is valid.
    bool headers_complete() const noexcept { return headers_complete_; }
    /// "Expect: 100-continue" (meaningful once headers_complete()).
    bool expects_continue() const noexcept { return expects_continue_; }
    /// HTTP/1.1 unless "Connection: close"; HTTP/1.0 only if asked (once headers_complete()).
    bool keep_alive() const noexcept { return keep_alive_; }

    /// Complete: the request; host and port come from the Host header, scheme is left to the
    /// caller (the parser cannot know whether TLS carried the bytes).
    http_request take() { return std::move(request_); }
    const http_request& request() const noexcept { return request_; }

    /// Failed: the status to answer with, and what was wrong, for the response message.
    int error_status() const noexcept { return error_status_; }
    const std::string& error_reason() const noexcept { return error_reason_; }

    /// Ready for the next request on the connection (same limits, counters back to zero).
    void reset() { *this = http_request_parser(limits_); }

    /// Bytes looked at since construction or reset(): the parser's work, linear in its input.
    std::uint64_t bytes_scanned() const noexcept { return scanned_; }
    /// Bytes held but not yet parsed (an unfinished line); bounded by the limits.
    std::size_t buffered_bytes() const noexcept { return line_.size(); }

private:
    enum class stage {
        leading_lines,
        request_line,
        header_line,
        body_length,
        chunk_size,
        chunk_data,
        chunk_data_end,
        trailer_line,
        complete,
        failed,
    };
    enum class line_status { partial, complete, too_long, bare_lf };

    void step(std::string_view& input);
    void skip_leading_lines(std::string_view& input);
    line_status take_line(std::string_view& input, std::size_t& used, std::size_t limit);
    bool header_section_line(std::string_view& input);
    void on_headers_complete();
    void copy_body(std::string_view& input, stage when_complete);
    void read_chunk_size(std::string_view& input);
    void read_chunk_end(std::string_view& input);
    void read_trailer_line(std::string_view& input);
    void fail(int status, std::string reason);

    request_limits limits_;
    stage stage_ = stage::leading_lines;
    http_request request_;
    std::string line_;
    bool line_complete_ = false;
    bool http_1_0_ = false;
    bool headers_complete_ = false;
    bool expects_continue_ = false;
    bool keep_alive_ = true;
    bool pending_cr_ = false;          ///< leading lines: a CR awaits its LF
    std::size_t leading_bytes_ = 0;    ///< empty lines before the request line
    std::size_t header_bytes_ = 0;     ///< request line and header section
    std::size_t chunk_line_bytes_ = 0; ///< the current chunk-size line, or a chunk's CRLF
    std::size_t extension_bytes_ = 0;  ///< chunk extensions and whitespace, all chunks
    std::size_t trailer_bytes_ = 0;
    std::uint64_t remaining_ = 0; ///< body bytes still to come (of the body or of the chunk)
    std::uint64_t scanned_ = 0;
    int error_status_ = 0;
    std::string error_reason_;
};

/// The outcome of parse_http_request.
struct request_parse_result {
    parse_state state = parse_state::incomplete;
    std::size_t consumed = 0; ///< complete: the bytes of the buffer this request used
    http_request request;     ///< complete: see http_request_parser::take()
    bool keep_alive = true;
    bool headers_complete = false;
    bool expects_continue = false;
    int error_status = 0;     ///< failed: the status to answer with
    std::string error_reason; ///< failed: what was wrong, for the response message
};

/// Parses the request at the start of `buffer` in one go, with an http_request_parser.
inline request_parse_result parse_http_request(std::string_view buffer,
                                               const request_limits& limits = {});

// =============================================================================================
// Implementation

namespace detail::request_parser {

using awsml::detail::http_whitespace;
using awsml::detail::trim;

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

/// No control character but tab: what a field value or chunk extension may hold.
constexpr bool is_field_text(std::string_view text) noexcept {
    for (char c : text)
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f)
            return false;
    return true;
}

/// Calls f(token) for each comma-separated element of a header value, trimmed, empty ones left out.
template <class F>
void for_each_list_element(std::string_view value, F&& f) {
    while (!value.empty()) {
        std::size_t comma = value.find(',');
        std::string_view element = trim(value.substr(0, comma), http_whitespace);
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

/// Why a request cannot be taken: the status to answer and the reason.
struct failure {
    int status = 400;
    std::string reason;
};

/// Splits the Host header into host and port ("[::1]:8080" keeps the brackets off); false when
/// it is no host[:port] (an unclosed bracket, bytes after one, a port that is no port).
inline bool apply_host(awsml::http_request& request, std::string_view host) {
    std::string_view name = host;
    std::string_view port;
    if (!host.empty() && host.front() == '[') {
        std::size_t close = host.find(']');
        if (close == std::string_view::npos)
            return false;
        name = host.substr(1, close - 1);
        if (close + 1 < host.size() && host[close + 1] != ':')
            return false;
        if (close + 1 < host.size())
            port = host.substr(close + 2);
    } else if (std::size_t colon = host.rfind(':'); colon != std::string_view::npos) {
        name = host.substr(0, colon);
        port = host.substr(colon + 1);
    }
    const auto number = parse_decimal(port);
    if (!port.empty() && (!number || *number > 65535))
        return false;
    request.host = std::string(name);
    if (number)
        request.port = static_cast<std::uint16_t>(*number);
    return true;
}

/// The authority of an absolute-form target ("http://host:port/path?query"), which a server
/// must accept (RFC 9112 3.2.2) and whose host replaces the Host header's; the target becomes
/// its origin form ("/path?query").
inline std::optional<std::string> take_absolute_form(awsml::http_request& request) {
    const std::string_view target = request.target;
    const std::size_t scheme_end = target.find("://");
    if (scheme_end == std::string_view::npos ||
        !(awsml::detail::iequals(target.substr(0, scheme_end), "http") ||
          awsml::detail::iequals(target.substr(0, scheme_end), "https")))
        return std::nullopt;
    const std::size_t path = target.find_first_of("/?", scheme_end + 3);
    std::string authority(target.substr(scheme_end + 3, path - scheme_end - 3));
    std::string origin_form =
        path == std::string_view::npos ? "/" : std::string(target.substr(path));
    if (origin_form.front() == '?')
        origin_form.insert(0, "/");
    request.target = std::move(origin_form);
    return authority;
}

/// Parses "METHOD SP target SP HTTP/1.x" into `request`.
inline std::optional<failure> parse_request_line(std::string_view line,
                                                 awsml::http_request& request, bool& http_1_0) {
    std::size_t first_space = line.find(' ');
    std::size_t last_space = line.rfind(' ');
    if (first_space == std::string_view::npos || first_space == last_space)
        return failure{400, "malformed request line"};
    std::string_view method = line.substr(0, first_space);
    std::string_view target = line.substr(first_space + 1, last_space - first_space - 1);
    std::string_view version = line.substr(last_space + 1);
    if (!is_token(method))
        return failure{400, "malformed request method"};
    for (char c : target)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return failure{400, "malformed request target"};
    if (target.empty())
        return failure{400, "empty request target"};
    if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' ||
        version[5] < '0' || version[5] > '9' || version[7] < '0' || version[7] > '9')
        return failure{400, "malformed HTTP version"};
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return failure{505, "HTTP version " + std::string(version.substr(5)) + " is not supported"};
    http_1_0 = version == "HTTP/1.0";
    request.method = std::string(method);
    request.target = std::string(target);
    return std::nullopt;
}

/// Checks "name: value" and splits it; the value is trimmed.
inline std::optional<failure> parse_field_line(std::string_view line, std::string_view& name,
                                               std::string_view& value) {
    if (line.front() == ' ' || line.front() == '\t')
        return failure{400, "obsolete header line folding is not accepted"};
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
        return failure{400, "malformed header line"};
    name = line.substr(0, colon);
    value = trim(line.substr(colon + 1), http_whitespace);
    if (!is_field_text(value))
        return failure{400, "a header value contains a control character"};
    return std::nullopt;
}

/// The body cap for `request`, whose target is known: the service's API is POST /, an S3
/// object's path is anything else.
inline std::size_t body_limit(const awsml::http_request& request, const request_limits& limits) {
    const std::string_view target = request.target;
    return target.substr(0, target.find('?')) == "/" ? limits.max_body_bytes
                                                     : limits.max_upload_bytes;
}

struct body_framing {
    bool chunked = false;
    std::optional<std::uint64_t> content_length;
    bool keep_alive = true;
    bool expects_continue = false;
};

/// Reads the headers that frame the message and decide the connection's fate.
inline std::optional<failure> interpret_headers(awsml::http_request& request, bool http_1_0,
                                                body_framing& framing) {
    bool close = false, keep_alive = false, transfer_encoding = false, host = false;
    const std::optional<std::string> absolute_authority = take_absolute_form(request);
    for (const auto& header : request.headers) {
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
            if (!only_chunked || codings != 1)
                return failure{501, "only Transfer-Encoding: chunked is supported"};
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
            if (!valid || !framing.content_length)
                return failure{400, "invalid Content-Length"};
        } else if (awsml::detail::iequals(name, "expect")) {
            framing.expects_continue =
                awsml::detail::iequals(trim(value, http_whitespace), "100-continue");
        } else if (awsml::detail::iequals(name, "host")) {
            // Which of two Hosts was signed, or is the console's origin, is anyone's guess.
            if (std::exchange(host, true))
                return failure{400, "a request has more than one Host header"};
            if (!apply_host(request, value))
                return failure{400, "the Host header is no host[:port]"};
        }
    }
    if (absolute_authority && !apply_host(request, *absolute_authority))
        return failure{400, "the request target's authority is no host[:port]"};
    // RFC 9112 6.1: in HTTP/1.0, Transfer-Encoding is faulty framing, whatever else it says.
    if (transfer_encoding && http_1_0)
        return failure{400, "an HTTP/1.0 request cannot have Transfer-Encoding"};
    if (framing.chunked && framing.content_length)
        return failure{400, "a request cannot have both Content-Length and Transfer-Encoding"};
    framing.keep_alive = http_1_0 ? keep_alive && !close : !close;
    return std::nullopt;
}

} // namespace detail::request_parser

inline std::size_t http_request_parser::feed(std::string_view bytes) {
    const std::size_t offered = bytes.size();
    while (!bytes.empty() && stage_ != stage::complete && stage_ != stage::failed)
        step(bytes);
    return offered - bytes.size();
}

inline parse_state http_request_parser::state() const noexcept {
    return stage_ == stage::complete ? parse_state::complete
           : stage_ == stage::failed ? parse_state::failed
                                     : parse_state::incomplete;
}

inline void http_request_parser::step(std::string_view& input) {
    switch (stage_) {
    case stage::leading_lines:
        skip_leading_lines(input);
        break;
    case stage::request_line:
        if (header_section_line(input)) {
            if (auto failed =
                    detail::request_parser::parse_request_line(line_, request_, http_1_0_))
                fail(failed->status, std::move(failed->reason));
            else
                stage_ = stage::header_line;
        }
        break;
    case stage::header_line:
        if (header_section_line(input)) {
            if (line_.empty()) {
                on_headers_complete();
                break;
            }
            std::string_view name, value;
            if (auto failed = detail::request_parser::parse_field_line(line_, name, value))
                fail(failed->status, std::move(failed->reason));
            else if (request_.headers.size() == limits_.max_header_count)
                fail(431, "the request has more than " + std::to_string(limits_.max_header_count) +
                              " headers");
            else
                request_.headers.push_back({std::string(name), std::string(value)});
        }
        break;
    case stage::body_length:
        copy_body(input, stage::complete);
        break;
    case stage::chunk_size:
        read_chunk_size(input);
        break;
    case stage::chunk_data:
        copy_body(input, stage::chunk_data_end);
        break;
    case stage::chunk_data_end:
        read_chunk_end(input);
        break;
    case stage::trailer_line:
        read_trailer_line(input);
        break;
    case stage::complete:
    case stage::failed:
        break;
    }
    if (stage_ != stage::failed && line_complete_) {
        line_.clear();
        line_complete_ = false;
    }
}

// RFC 9112 2.2: empty lines (CRLF) before the request line are ignored, within a budget.
inline void http_request_parser::skip_leading_lines(std::string_view& input) {
    while (!input.empty()) {
        const char c = input.front();
        if (pending_cr_ ? c != '\n' : c != '\r') {
            if (pending_cr_)
                return fail(400, "a CR without LF before the request line");
            stage_ = stage::request_line;
            return;
        }
        ++scanned_;
        input.remove_prefix(1);
        pending_cr_ = !pending_cr_;
        if (++leading_bytes_ > limits_.max_header_bytes)
            return fail(400, "the empty lines before the request line exceed " +
                                 std::to_string(limits_.max_header_bytes) + " bytes");
    }
}

// Moves input up to and including the next LF into line_ (without CR LF); `used` counts the
// bytes taken against `limit`, so a line can never grow past it. Only the new bytes are searched.
inline http_request_parser::line_status
http_request_parser::take_line(std::string_view& input, std::size_t& used, std::size_t limit) {
    const std::size_t lf = input.find('\n');
    const std::size_t take = lf == std::string_view::npos ? input.size() : lf + 1;
    scanned_ += take; // the bytes the search for LF went through
    if (take > limit - std::min(used, limit))
        return line_status::too_long;
    used += take;
    line_.append(input.data(), lf == std::string_view::npos ? take : lf);
    input.remove_prefix(take);
    if (lf == std::string_view::npos)
        return line_status::partial;
    if (line_.empty() || line_.back() != '\r')
        return line_status::bare_lf;
    line_.pop_back();
    line_complete_ = true;
    scanned_ += line_.size(); // the complete line is parsed once
    return line_status::complete;
}

/// A complete line of the request line or header section is in line_.
inline bool http_request_parser::header_section_line(std::string_view& input) {
    switch (take_line(input, header_bytes_, limits_.max_header_bytes)) {
    case line_status::partial:
        return false;
    case line_status::too_long:
        fail(431, "the request line and headers exceed " +
                      std::to_string(limits_.max_header_bytes) + " bytes");
        return false;
    case line_status::bare_lf:
        fail(400, "a line of the request ends in LF without CR");
        return false;
    case line_status::complete:
        break;
    }
    return true;
}

inline void http_request_parser::on_headers_complete() {
    detail::request_parser::body_framing framing;
    if (auto failed = detail::request_parser::interpret_headers(request_, http_1_0_, framing))
        return fail(failed->status, std::move(failed->reason));
    headers_complete_ = true;
    keep_alive_ = framing.keep_alive;
    expects_continue_ = framing.expects_continue;
    // Refused with the headers complete, so that the answer can be the addressed API's.
    if (const std::size_t cap = detail::request_parser::body_limit(request_, limits_);
        framing.content_length && *framing.content_length > cap)
        return fail(413, "the request body exceeds " + std::to_string(cap) + " bytes");
    if (framing.chunked) {
        stage_ = stage::chunk_size;
        return;
    }
    remaining_ = framing.content_length.value_or(0);
    // Grows as the body comes: a promise of a large body reserves little.
    request_.body.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, 64 * 1024)));
    stage_ = remaining_ == 0 ? stage::complete : stage::body_length;
}

inline void http_request_parser::copy_body(std::string_view& input, stage when_complete) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, input.size()));
    request_.body.append(input.data(), n);
    input.remove_prefix(n);
    scanned_ += n;
    remaining_ -= n;
    if (remaining_ == 0)
        stage_ = when_complete;
}

inline void http_request_parser::read_chunk_size(std::string_view& input) {
    using namespace detail::request_parser;
    switch (take_line(input, chunk_line_bytes_, limits_.max_chunk_line_bytes)) {
    case line_status::partial:
        return;
    case line_status::too_long:
        return fail(400, "a chunk size line exceeds " +
                             std::to_string(limits_.max_chunk_line_bytes) + " bytes");
    case line_status::bare_lf:
        return fail(400, "a chunk size line ends in LF without CR");
    case line_status::complete:
        break;
    }
    chunk_line_bytes_ = 0;
    const std::string_view line = line_;
    const std::size_t semicolon = line.find(';');
    const std::string_view size_text = trim(line.substr(0, semicolon), http_whitespace);
    const auto size = parse_hex(size_text);
    if (!size)
        return fail(400, "malformed chunk size");
    if (!is_field_text(line))
        return fail(400, "a chunk extension contains a control character");
    extension_bytes_ += line.size() - size_text.size();
    if (extension_bytes_ > limits_.max_chunk_extension_bytes)
        return fail(413, "the chunk extensions exceed " +
                             std::to_string(limits_.max_chunk_extension_bytes) + " bytes");
    if (*size == 0) {
        stage_ = stage::trailer_line;
        return;
    }
    if (const std::size_t cap = detail::request_parser::body_limit(request_, limits_);
        *size > cap - std::min(cap, request_.body.size()))
        return fail(413, "the request body exceeds " + std::to_string(cap) + " bytes");
    remaining_ = *size;
    stage_ = stage::chunk_data;
}

inline void http_request_parser::read_chunk_end(std::string_view& input) {
    // Exactly CRLF after a chunk's data; chunk_line_bytes_ counts the part already seen.
    while (!input.empty() && chunk_line_bytes_ < 2) {
        ++scanned_;
        if (input.front() != "\r\n"[chunk_line_bytes_])
            return fail(400, "a chunk is not followed by CRLF");
        input.remove_prefix(1);
        ++chunk_line_bytes_;
    }
    if (chunk_line_bytes_ == 2) {
        chunk_line_bytes_ = 0;
        stage_ = stage::chunk_size;
    }
}

// Trailer fields until an empty line; checked, then dropped: they are not part of the request
// the emulator signs.
inline void http_request_parser::read_trailer_line(std::string_view& input) {
    switch (take_line(input, trailer_bytes_, limits_.max_header_bytes)) {
    case line_status::partial:
        return;
    case line_status::too_long:
        return fail(431, "the chunked trailer is too large");
    case line_status::bare_lf:
        return fail(400, "a trailer line ends in LF without CR");
    case line_status::complete:
        break;
    }
    if (line_.empty()) {
        stage_ = stage::complete;
        return;
    }
    std::string_view name, value;
    if (auto failed = detail::request_parser::parse_field_line(line_, name, value))
        fail(failed->status, "trailer: " + failed->reason);
}

inline void http_request_parser::fail(int status, std::string reason) {
    stage_ = stage::failed;
    error_status_ = status;
    error_reason_ = std::move(reason);
}

inline request_parse_result parse_http_request(std::string_view buffer,
                                               const request_limits& limits) {
    http_request_parser parser(limits);
    request_parse_result result;
    const std::size_t used = parser.feed(buffer);
    result.state = parser.state();
    result.headers_complete = parser.headers_complete();
    result.expects_continue = parser.expects_continue();
    result.keep_alive = parser.keep_alive();
    if (result.state == parse_state::complete) {
        result.consumed = used;
        result.request = parser.take();
    } else if (result.state == parse_state::failed) {
        result.error_status = parser.error_status();
        result.error_reason = parser.error_reason();
    }
    return result;
}

} // namespace awsml::local
