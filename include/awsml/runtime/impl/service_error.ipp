#pragma once

// The definitions behind service_error.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

#include <awsml/model/detail/terminal_safe.hpp>
#include <awsml/runtime/service_error.hpp>

#include <boost/json/parse.hpp>

namespace awsml {

AWSML_DECL std::string body_excerpt(std::string_view body, std::size_t limit) {
    std::string out;
    auto shown = body.substr(0, limit);
    out.reserve(shown.size() + 16);
    for (char c : shown) {
        auto byte = static_cast<unsigned char>(c);
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (byte >= 0x20 && byte < 0x7f)
            out += c;
        else {
            out += "\\x";
            detail::append_hex_byte(out, byte);
        }
    }
    if (shown.size() < body.size())
        out += "... (" + std::to_string(body.size()) + " bytes)";
    return out;
}

} // namespace awsml

namespace awsml::detail::error_response {

AWSML_DECL std::optional<std::int32_t> int32_member(const boost::json::object& object,
                                                    std::string_view key) {
    const auto* value = object.if_contains(key);
    if (!value)
        return std::nullopt;
    constexpr auto low = std::numeric_limits<std::int32_t>::min();
    constexpr auto high = std::numeric_limits<std::int32_t>::max();
    if (const auto* i = value->if_int64(); i && *i >= low && *i <= high)
        return static_cast<std::int32_t>(*i);
    if (const auto* u = value->if_uint64(); u && *u <= std::uint64_t(high))
        return static_cast<std::int32_t>(*u);
    return std::nullopt;
}

AWSML_DECL void read_error_body(const boost::json::object& body, service_error_info& info) {
    if (info.code.empty()) {
        for (std::string_view key : {"code", "__type"}) {
            if (const auto* raw = string_member(body, key)) {
                info.code = std::string(normalize_error_code(*raw));
                if (!info.code.empty())
                    break;
            }
        }
    }
    info.numeric_code = int32_member(body, "code");
    for (std::string_view key : {"message", "Message"}) {
        if (const auto* message = string_member(body, key)) {
            info.message = std::string(*message);
            break;
        }
    }
}

} // namespace awsml::detail::error_response

namespace awsml {

AWSML_DECL service_error_info parse_error_response(const http_response& response) {
    service_error_info info;
    info.http_status = response.status;
    info.body_excerpt = body_excerpt(response.body);
    if (auto type = response.header("X-Amzn-ErrorType"))
        info.code = std::string(normalize_error_code(*type));
    if (auto id = response.header("x-amzn-RequestId"))
        info.request_id = std::string(*id);
    else if (auto amz_id = response.header("x-amz-request-id"))
        info.request_id = std::string(*amz_id);

    boost::system::error_code ec;
    auto body = boost::json::parse(response.body, ec);
    if (!ec && body.is_object())
        detail::error_response::read_error_body(body.get_object(), info);
    return info;
}

AWSML_DECL std::string describe(const service_error_info& info) {
    std::string text;
    if (!info.code.empty()) {
        text = detail::terminal_safe(info.code);
        if (!info.message.empty())
            text += ": " + detail::terminal_safe(info.message);
        text += " (HTTP " + std::to_string(info.http_status);
        if (info.numeric_code && *info.numeric_code != info.http_status)
            text += ", code " + std::to_string(*info.numeric_code);
    } else {
        text = "HTTP " + std::to_string(info.http_status) + " error response";
        if (!info.message.empty())
            text += ": " + detail::terminal_safe(info.message);
        else if (info.body_excerpt.empty())
            text += " with an empty body";
        else
            text += ": " + info.body_excerpt;
        text += " (";
        if (info.numeric_code)
            text += "code " + std::to_string(*info.numeric_code) + ", ";
        text += "no error code";
    }
    if (!info.request_id.empty())
        text += ", request id " + detail::terminal_safe(info.request_id);
    return text + ")";
}

} // namespace awsml
