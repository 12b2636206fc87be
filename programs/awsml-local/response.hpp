#pragma once

// The responses awsml-local sends, in the form of Amazon Machine Learning's JSON API: every
// response carries x-amzn-RequestId (a random UUID), Content-Type: application/x-amz-json-1.1,
// Content-Length and Date (IMF-fixdate, so that clients can correct their clock); error bodies
// are {"__type": "<Code>", "message": "...", "code": <int>} with the same code in
// X-Amzn-ErrorType.

#include <awsml/core/detail/uuid.hpp>
#include <awsml/http/message.hpp>
#include <awsml/http/reason_phrase.hpp>
#include <awsml/model/timestamp.hpp>
#include <awsml/model/to_json.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace awsml::local {

inline constexpr std::string_view json_content_type = "application/x-amz-json-1.1";

/// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 IMF-fixdate), to the second.
inline std::string format_http_date(std::chrono::system_clock::time_point time);

/// The standard reason phrase of a status ("Bad Request"), or "Unknown".
inline std::string_view reason_phrase(int status) noexcept;

/// Makes random version 4 UUIDs ("c6f2a2f8-0d3b-4f0e-9a41-0f3c2b8e7d11") for x-amzn-RequestId.
class request_id_generator {
public:
    request_id_generator()
        : engine_(std::random_device{}()) {}
    explicit request_id_generator(std::uint64_t seed)
        : engine_(seed) {}
    std::string next();

private:
    std::mt19937_64 engine_;
};

/// A JSON error response: status, {"__type", "message", "code"} body and X-Amzn-ErrorType.
inline http_response json_error_response(int status, std::string_view code,
                                         std::string_view message, int numeric_code);

/// Adds the headers every response carries (Content-Type, Content-Length, Date,
/// x-amzn-RequestId), replacing any already there.
inline void finish_response(http_response& response, std::string_view request_id,
                            std::chrono::system_clock::time_point now);

/// The bytes of a response before its body: status line, headers (Content-Length as the headers
/// say, else the body's size), "Connection: close" when the connection will not be kept, blank
/// line. The body is sent as it is, never copied beside them (an object may be large).
inline std::string serialize_head(const http_response& response, bool keep_alive);

/// The head, then the body.
inline std::string serialize_response(const http_response& response, bool keep_alive);

// =============================================================================================
// Implementation

inline std::string format_http_date(std::chrono::system_clock::time_point time) {
    static constexpr std::array<std::string_view, 7> days = {"Thu", "Fri", "Sat", "Sun",
                                                             "Mon", "Tue", "Wed"};
    static constexpr std::array<std::string_view, 12> months = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto seconds = std::chrono::floor<std::chrono::seconds>(time).time_since_epoch().count();
    const std::int64_t day_number = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
    const auto in_day = static_cast<unsigned>(seconds - day_number * 86400);
    const auto date = awsml::detail::civil_from_days(day_number);
    auto two = [](unsigned v) { return std::string{char('0' + v / 10 % 10), char('0' + v % 10)}; };
    const auto weekday = static_cast<std::size_t>(((day_number % 7) + 7) % 7); // 1970-01-01: Thu
    std::string out;
    out.reserve(29);
    out.append(days[weekday]).append(", ").append(two(date.day)).append(" ");
    out.append(months[date.month - 1]).append(" ");
    out.append(std::to_string(date.year)).append(" ");
    out.append(two(in_day / 3600)).append(":").append(two(in_day / 60 % 60)).append(":");
    out.append(two(in_day % 60)).append(" GMT");
    return out;
}

inline std::string_view reason_phrase(int status) noexcept {
    std::string_view phrase = http_reason_phrase(status);
    return phrase.empty() ? "Unknown" : phrase;
}

inline std::string request_id_generator::next() {
    return awsml::detail::random_uuid(engine_);
}

namespace detail::response {

inline void set_header(http_headers& headers, std::string_view name, std::string value) {
    std::erase_if(headers,
                  [&](const http_header& h) { return awsml::detail::iequals(h.name, name); });
    headers.push_back({std::string(name), std::move(value)});
}

} // namespace detail::response

inline http_response json_error_response(int status, std::string_view code,
                                         std::string_view message, int numeric_code) {
    http_response response;
    response.status = status;
    std::string& body = response.body;
    body.append("{\"__type\":");
    awsml::detail::write_json_string(body, code);
    body.append(",\"message\":");
    awsml::detail::write_json_string(body, message);
    body.append(",\"code\":").append(std::to_string(numeric_code)).append("}");
    response.headers.push_back({"X-Amzn-ErrorType", std::string(code)});
    return response;
}

inline void finish_response(http_response& response, std::string_view request_id,
                            std::chrono::system_clock::time_point now) {
    using detail::response::set_header;
    set_header(response.headers, "x-amzn-RequestId", std::string(request_id));
    set_header(response.headers, "Content-Type", std::string(json_content_type));
    set_header(response.headers, "Content-Length", std::to_string(response.body.size()));
    set_header(response.headers, "Date", format_http_date(now));
}

inline std::string serialize_head(const http_response& response, bool keep_alive) {
    std::string out;
    out.reserve(256);
    out.append("HTTP/1.1 ").append(std::to_string(response.status)).append(" ");
    out.append(reason_phrase(response.status)).append("\r\n");
    bool has_length = false;
    for (const auto& header : response.headers) {
        if (awsml::detail::iequals(header.name, "connection"))
            continue;
        has_length = has_length || awsml::detail::iequals(header.name, "content-length");
        out.append(header.name).append(": ").append(header.value).append("\r\n");
    }
    // A 304 says no length: RFC 9110 allows only that of the 200 it stands for.
    if (!has_length && response.status != 304)
        out.append("Content-Length: ").append(std::to_string(response.body.size())).append("\r\n");
    if (!keep_alive)
        out.append("Connection: close\r\n");
    out.append("\r\n");
    return out;
}

inline std::string serialize_response(const http_response& response, bool keep_alive) {
    return serialize_head(response, keep_alive).append(response.body);
}

} // namespace awsml::local
