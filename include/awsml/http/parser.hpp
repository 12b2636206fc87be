#pragma once

/// \file
/// An incremental HTTP/1.1 response parser: feed it the bytes a connection delivers, split
/// anywhere (down to one byte at a time), until done().
///
///     http_response_parser parser(limits, /*head_request=*/request.method == "HEAD");
///     while (!parser.done()) {
///         std::size_t n = read_some(buffer);              // 0: the peer closed
///         if (n == 0) parser.feed_eof(ec);
///         else parser.feed({buffer, n}, ec);              // uses less than n only once done()
///         if (ec) return fail(ec, parser.error_message()); // "bad chunk size \"zz\""
///     }
///     bool reusable = parser.keep_alive();
///     http_response response = parser.take();
///
/// What it accepts: HTTP/1.0 and HTTP/1.1 status lines (the reason phrase may be empty or absent);
/// lines ending in CRLF or a bare LF; header names compared case-insensitively, values trimmed of
/// spaces and tabs; obs-fold continuation lines joined to the previous value with one space;
/// bodies framed by Content-Length, by chunked transfer coding (extensions ignored, trailers kept
/// apart in trailers()), or by the connection closing. 1xx interim responses (100 Continue) are
/// skipped; HEAD responses, 204 and 304 have no body.
///
/// What it rejects, with errc::malformed_http_response and a message naming the problem: a bad
/// status line or version, a header line without a colon or with whitespace before it, control
/// characters, a bare CR, Content-Length that is not a number or conflicts with another,
/// a Transfer-Encoding other than chunked, a bad chunk size or a missing CRLF after a chunk,
/// 101 Switching Protocols (awsml never asks to upgrade), and a connection closed mid-message
/// ("the connection closed after 3 of 10 body bytes").
/// With errc::response_too_large: a status line and headers (interim responses and trailers
/// included) over limits.max_header_bytes, or a body over limits.max_body_bytes; a Content-Length
/// or chunk size over the limit is refused as soon as it is read, before anything is allocated.
/// With errc::transport_error: the connection closed before any byte arrived.
///
/// Memory is bounded by the two limits whatever the input; the parser never throws on bad input
/// (only std::bad_alloc can escape). After an error it stays failed and reports the same error.

#include <awsml/core/detail/hex.hpp>
#include <awsml/core/detail/trim.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/http/message.hpp>

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>

namespace awsml {

/// Caps that keep a hostile or broken server from exhausting memory.
struct http_parser_limits {
    /// Status line and header section, interim (1xx) responses and chunked trailers included.
    std::size_t max_header_bytes = 64 * 1024;
    /// The decoded body.
    std::size_t max_body_bytes = 64 * 1024 * 1024;
};

namespace detail {

inline bool is_token_char(char c) noexcept {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

inline bool is_token(std::string_view s) noexcept {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_token_char);
}

/// Visible characters, spaces, tabs and obs-text: what a field value or reason phrase may hold.
inline bool is_field_text(std::string_view s) noexcept {
    return std::all_of(s.begin(), s.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u == '\t' || (u >= 0x20 && u != 0x7f);
    });
}

/// Whether the comma-separated list holds `token` (case-insensitive), as in Connection: close.
inline bool list_contains(std::string_view list, std::string_view token) noexcept {
    while (!list.empty()) {
        auto comma = list.find(',');
        if (iequals(trim(list.substr(0, comma), http_whitespace), token))
            return true;
        if (comma == std::string_view::npos)
            break;
        list.remove_prefix(comma + 1);
    }
    return false;
}

} // namespace detail

/// Parses one HTTP/1.1 response from bytes fed in pieces (see the top of this file). For a
/// connection's next response, use a new parser. A failed parser stays failed.
class http_response_parser {
public:
    /// `head_request`: the response answers a HEAD request, so it has no body whatever its
    /// headers say.
    explicit http_response_parser(http_parser_limits limits = {}, bool head_request = false)
        : limits_(limits)
        , head_request_(head_request) {}

    /// Parses as much of `bytes` as belongs to this response and returns how many bytes it
    /// consumed: all of them unless the response completed inside `bytes` (the rest belongs
    /// to whatever the server sent next). Sets `ec` (and error_message()) on malformed input.
    std::size_t feed(std::string_view bytes, std::error_code& ec) {
        ec.clear();
        const std::size_t offered = bytes.size();
        if (!bytes.empty() && stage_ != stage::done && stage_ != stage::failed)
            received_any_ = true;
        while (!bytes.empty() && stage_ != stage::done && stage_ != stage::failed)
            step(bytes);
        if (stage_ == stage::failed)
            ec = error_;
        return offered - bytes.size();
    }

    /// The connection closed: completes a body framed by the close, otherwise sets `ec` unless
    /// the response was already complete.
    void feed_eof(std::error_code& ec) {
        ec.clear();
        switch (stage_) {
        case stage::done:
            return;
        case stage::failed:
            break;
        case stage::body_until_eof:
            stage_ = stage::done;
            return;
        case stage::status_line:
            if (!received_any_)
                fail(errc::transport_error,
                     "the connection closed before any response byte arrived");
            else
                fail(errc::malformed_http_response, "the connection closed inside the status line");
            break;
        case stage::header_line:
            fail(errc::malformed_http_response,
                 "the connection closed inside the response headers");
            break;
        case stage::body_length:
            fail(errc::malformed_http_response,
                 "the connection closed after " + std::to_string(content_length_ - remaining_) +
                     " of " + std::to_string(content_length_) + " body bytes");
            break;
        case stage::chunk_size:
        case stage::chunk_data:
        case stage::chunk_data_end:
        case stage::trailer_line:
            fail(errc::malformed_http_response,
                 "the connection closed inside the chunked body after " +
                     std::to_string(response_.body.size()) + " body bytes");
            break;
        }
        ec = error_;
    }

    /// The response is complete: take() it.
    bool done() const noexcept { return stage_ == stage::done; }
    /// The input was malformed, too large, or cut short: error() and error_message() say how.
    bool failed() const noexcept { return stage_ == stage::failed; }
    /// Some byte arrived (interim responses included): a request on a reused connection that
    /// fails before this may be retried safely on a new one.
    bool received_any() const noexcept { return received_any_; }

    /// After done(): whether the connection may carry another request. False after
    /// `Connection: close`, for HTTP/1.0 without `Connection: keep-alive`, for a body framed by
    /// the close, and when both Transfer-Encoding and Content-Length were sent.
    bool keep_alive() const noexcept { return stage_ == stage::done && keep_alive_; }

    /// The response (meaningful once done()); the parser keeps an empty one.
    http_response take() { return std::move(response_); }
    /// The response so far, without taking it.
    const http_response& response() const noexcept { return response_; }
    /// Trailer fields of a chunked body, kept apart from the headers (RFC 9110 section 6.5).
    const http_headers& trailers() const noexcept { return trailers_; }

    /// errc::malformed_http_response, errc::response_too_large or errc::transport_error once
    /// failed(); clear otherwise.
    std::error_code error() const noexcept { return error_; }
    /// What was wrong, e.g. "bad status line \"HTTP/1.1 2x0 OK\"". Empty unless failed().
    const std::string& error_message() const noexcept { return error_message_; }

private:
    enum class stage {
        status_line,
        header_line,
        body_length,
        body_until_eof,
        chunk_size,
        chunk_data,
        chunk_data_end,
        trailer_line,
        done,
        failed,
    };
    enum class line_status { partial, complete, too_long };

    static constexpr std::size_t max_chunk_line_bytes = 4096;

    void step(std::string_view& input) {
        switch (stage_) {
        case stage::status_line:
            if (header_section_line(input))
                parse_status_line();
            break;
        case stage::header_line:
            if (header_section_line(input)) {
                if (line_.empty())
                    on_headers_complete();
                else
                    parse_field_line(response_.headers);
            }
            break;
        case stage::body_length:
            copy_body(input, stage::done);
            break;
        case stage::body_until_eof:
            append_until_eof(input);
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
            if (header_section_line(input)) {
                if (line_.empty())
                    stage_ = stage::done;
                else
                    parse_field_line(trailers_);
            }
            break;
        case stage::done:
        case stage::failed:
            break;
        }
        if (stage_ != stage::failed && line_complete_) {
            line_.clear();
            line_complete_ = false;
        }
    }

    // Moves input up to and including the next LF into line_ (without CR LF); `used` counts
    // the bytes taken against `limit`, so a line can never grow past it.
    line_status take_line(std::string_view& input, std::size_t& used, std::size_t limit) {
        const std::size_t lf = input.find('\n');
        const std::size_t take = lf == std::string_view::npos ? input.size() : lf + 1;
        if (take > limit - used)
            return line_status::too_long;
        used += take;
        line_.append(input.data(), lf == std::string_view::npos ? take : lf);
        input.remove_prefix(take);
        if (lf == std::string_view::npos)
            return line_status::partial;
        if (!line_.empty() && line_.back() == '\r')
            line_.pop_back();
        line_complete_ = true;
        return line_status::complete;
    }

    /// A complete line of the status line, header section or trailers is in line_.
    bool header_section_line(std::string_view& input) {
        switch (take_line(input, header_bytes_, limits_.max_header_bytes)) {
        case line_status::partial:
            return false;
        case line_status::too_long:
            fail(errc::response_too_large, "the response's status line and headers exceed " +
                                               std::to_string(limits_.max_header_bytes) + " bytes");
            return false;
        case line_status::complete:
            break;
        }
        if (line_.find('\r') != std::string::npos) {
            fail(errc::malformed_http_response, "bare CR in the response line " + in_quotes(line_));
            return false;
        }
        return true;
    }

    static bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

    void parse_status_line() {
        const std::string_view line = line_;
        const bool shaped = line.size() >= 12 && line.substr(0, 5) == "HTTP/" &&
                            is_digit(line[5]) && line[6] == '.' && is_digit(line[7]) &&
                            line[8] == ' ' && is_digit(line[9]) && is_digit(line[10]) &&
                            is_digit(line[11]) && (line.size() == 12 || line[12] == ' ');
        if (!shaped)
            return fail(errc::malformed_http_response, "bad status line " + in_quotes(line));
        if (line[5] != '1')
            return fail(errc::malformed_http_response,
                        "unsupported HTTP version " + in_quotes(line.substr(0, 8)));
        const int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        if (status < 100 || status > 599)
            return fail(errc::malformed_http_response,
                        "bad status code in the status line " + in_quotes(line));
        const std::string_view reason = line.size() > 13 ? line.substr(13) : std::string_view();
        if (!detail::is_field_text(reason))
            return fail(errc::malformed_http_response,
                        "bad reason phrase in the status line " + in_quotes(line));
        http10_ = line[7] == '0';
        response_.status = status;
        stage_ = stage::header_line;
    }

    void parse_field_line(http_headers& fields) {
        const std::string_view line = line_;
        if (line.front() == ' ' || line.front() == '\t') {
            // obs-fold (RFC 9112 section 5.2): a continuation of the previous value.
            if (fields.empty())
                return fail(errc::malformed_http_response,
                            "whitespace before the first header line " + in_quotes(line));
            const std::string_view more = detail::trim(line, detail::http_whitespace);
            if (!detail::is_field_text(more))
                return fail(errc::malformed_http_response,
                            "bad value for header " + fields.back().name + ": " + in_quotes(more));
            std::string& value = fields.back().value;
            if (!more.empty())
                value.append(value.empty() ? "" : " ").append(more);
            return;
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            return fail(errc::malformed_http_response,
                        "header line without a colon " + in_quotes(line));
        const std::string_view name = line.substr(0, colon);
        if (!detail::is_token(name))
            return fail(errc::malformed_http_response, "bad header name " + in_quotes(name));
        const std::string_view value =
            detail::trim(line.substr(colon + 1), detail::http_whitespace);
        if (!detail::is_field_text(value))
            return fail(errc::malformed_http_response,
                        "bad value for header " + std::string(name) + ": " + in_quotes(value));
        fields.push_back({std::string(name), std::string(value)});
    }

    void on_headers_complete() {
        const int status = response_.status;
        if (status >= 100 && status < 200) {
            if (status == 101)
                return fail(errc::malformed_http_response,
                            "unexpected 101 Switching Protocols: no upgrade was requested");
            response_ = {}; // an interim response: the real one follows
            stage_ = stage::status_line;
            return;
        }
        bool close = false;
        bool keep_alive = false;
        for (const auto& h : response_.headers) {
            if (!detail::iequals(h.name, "Connection"))
                continue;
            close = close || detail::list_contains(h.value, "close");
            keep_alive = keep_alive || detail::list_contains(h.value, "keep-alive");
        }
        keep_alive_ = !close && (!http10_ || keep_alive);

        if (head_request_ || status == 204 || status == 304) {
            stage_ = stage::done;
            return;
        }
        std::string transfer_encoding;
        bool has_transfer_encoding = false;
        for (const auto& h : response_.headers) {
            if (!detail::iequals(h.name, "Transfer-Encoding"))
                continue;
            if (has_transfer_encoding)
                transfer_encoding += ", ";
            transfer_encoding += h.value;
            has_transfer_encoding = true;
        }
        if (has_transfer_encoding)
            return start_chunked(transfer_encoding);
        start_content_length();
    }

    void start_chunked(std::string_view transfer_encoding) {
        // Only "chunked" alone: any other coding would hand the caller bytes it cannot decode.
        if (!detail::iequals(detail::trim(transfer_encoding, detail::http_whitespace), "chunked"))
            return fail(errc::malformed_http_response, "unsupported Transfer-Encoding " +
                                                           in_quotes(transfer_encoding) +
                                                           " (only chunked is supported)");
        // Both framings at once (or chunked in HTTP/1.0) may be a smuggling attempt: read this
        // response by its chunks (RFC 9112 section 6.3) but do not trust the connection after.
        if (http10_ || response_.header("Content-Length"))
            keep_alive_ = false;
        stage_ = stage::chunk_size;
    }

    void start_content_length() {
        bool found = false;
        std::uint64_t length = 0;
        for (const auto& h : response_.headers) {
            if (!detail::iequals(h.name, "Content-Length"))
                continue;
            std::string_view list = h.value; // "42, 42" is a valid repetition (RFC 9110 8.6)
            for (;;) {
                const std::size_t comma = list.find(',');
                const std::string_view element =
                    detail::trim(list.substr(0, comma), detail::http_whitespace);
                if (element.empty() || !std::all_of(element.begin(), element.end(), is_digit))
                    return fail(errc::malformed_http_response,
                                "bad Content-Length " + in_quotes(h.value));
                std::uint64_t value = 0;
                auto [end, parse_error] =
                    std::from_chars(element.data(), element.data() + element.size(), value);
                if (parse_error != std::errc() || end != element.data() + element.size())
                    return fail(errc::response_too_large,
                                "Content-Length " + in_quotes(element) +
                                    " exceeds the body limit of " +
                                    std::to_string(limits_.max_body_bytes) + " bytes");
                if (found && value != length)
                    return fail(errc::malformed_http_response,
                                "conflicting Content-Length values " + std::to_string(length) +
                                    " and " + std::to_string(value));
                found = true;
                length = value;
                if (comma == std::string_view::npos)
                    break;
                list.remove_prefix(comma + 1);
            }
        }
        if (!found) {
            keep_alive_ = false; // the body ends when the connection does
            stage_ = stage::body_until_eof;
            return;
        }
        if (length > limits_.max_body_bytes)
            return fail(errc::response_too_large,
                        "Content-Length " + std::to_string(length) + " exceeds the body limit of " +
                            std::to_string(limits_.max_body_bytes) + " bytes");
        content_length_ = remaining_ = static_cast<std::size_t>(length);
        if (remaining_ == 0) {
            stage_ = stage::done;
            return;
        }
        response_.body.reserve(std::min<std::size_t>(remaining_, 1024 * 1024));
        stage_ = stage::body_length;
    }

    void copy_body(std::string_view& input, stage when_complete) {
        const std::size_t n = std::min(remaining_, input.size());
        response_.body.append(input.data(), n);
        input.remove_prefix(n);
        remaining_ -= n;
        if (remaining_ == 0)
            stage_ = when_complete;
    }

    void append_until_eof(std::string_view& input) {
        if (input.size() > limits_.max_body_bytes - response_.body.size())
            return fail(errc::response_too_large, "the response body exceeds the limit of " +
                                                      std::to_string(limits_.max_body_bytes) +
                                                      " bytes");
        response_.body.append(input);
        input = {};
    }

    void read_chunk_size(std::string_view& input) {
        switch (take_line(input, chunk_line_bytes_, max_chunk_line_bytes)) {
        case line_status::partial:
            return;
        case line_status::too_long:
            return fail(errc::malformed_http_response, "chunk size line longer than " +
                                                           std::to_string(max_chunk_line_bytes) +
                                                           " bytes");
        case line_status::complete:
            break;
        }
        chunk_line_bytes_ = 0;
        const std::string_view line = line_;
        std::size_t digits = 0;
        std::uint64_t size = 0;
        const std::uint64_t room = limits_.max_body_bytes - response_.body.size();
        for (; digits < line.size() && detail::hex_digit_value(line[digits]) >= 0; ++digits) {
            const bool overflows = size > (std::numeric_limits<std::uint64_t>::max() - 15) / 16;
            size = size * 16 + static_cast<std::uint64_t>(detail::hex_digit_value(line[digits]));
            if (overflows || size > room)
                return fail(errc::response_too_large,
                            "chunk size " + in_quotes(line) + " takes the body over the limit of " +
                                std::to_string(limits_.max_body_bytes) + " bytes");
        }
        std::string_view extensions = line.substr(digits);
        while (!extensions.empty() && (extensions.front() == ' ' || extensions.front() == '\t'))
            extensions.remove_prefix(1);
        if (digits == 0 || (!extensions.empty() && extensions.front() != ';') ||
            !detail::is_field_text(extensions))
            return fail(errc::malformed_http_response, "bad chunk size " + in_quotes(line));
        if (size == 0) {
            stage_ = stage::trailer_line;
            return;
        }
        remaining_ = static_cast<std::size_t>(size);
        stage_ = stage::chunk_data;
    }

    void read_chunk_end(std::string_view& input) {
        const auto status = take_line(input, chunk_line_bytes_, 2);
        if (status == line_status::partial)
            return;
        if (status == line_status::too_long || !line_.empty())
            return fail(errc::malformed_http_response, "missing CRLF after a chunk's data");
        chunk_line_bytes_ = 0;
        stage_ = stage::chunk_size;
    }

    void fail(errc code, std::string message) {
        stage_ = stage::failed;
        error_ = make_error_code(code);
        error_message_ = std::move(message);
        keep_alive_ = false;
    }

    http_parser_limits limits_;
    bool head_request_ = false;
    stage stage_ = stage::status_line;
    http_response response_;
    http_headers trailers_;
    std::string line_;
    bool line_complete_ = false;
    std::size_t header_bytes_ = 0;
    std::size_t chunk_line_bytes_ = 0;
    std::size_t content_length_ = 0;
    std::size_t remaining_ = 0;
    bool http10_ = false;
    bool keep_alive_ = false;
    bool received_any_ = false;
    std::error_code error_;
    std::string error_message_;
};

} // namespace awsml
