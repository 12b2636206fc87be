#pragma once

// The definitions behind json_decoder.hpp that drive Boost.JSON's basic_parser and the
// optimistic reader: in every translation unit that includes it in the header-only mode, in
// <awsml/src.hpp> alone in the separate compilation mode, so that a TU of that mode instantiates
// neither parser.

#include <awsml/model/detail/json_decoder.hpp>
#include <awsml/model/detail/optimistic_json_reader.hpp>
#include <awsml/model/detail/utf8.hpp>

#include <boost/json/basic_parser_impl.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace awsml::detail {

inline std::string describe_parse_error(const boost::json::error_code& ec, std::string_view json,
                                        std::size_t offset, std::size_t max_depth) {
    namespace je = boost::json;
    if (ec == je::error::too_deep)
        return "nested deeper than " + std::to_string(max_depth) + " levels";
    if (ec == je::error::incomplete)
        return "truncated document (JSON ends too early)";
    if (ec == je::error::extra_data)
        return "trailing bytes after the document at byte " + std::to_string(offset);
    if (auto bad = invalid_utf8_offset(json); bad != std::string_view::npos)
        return "invalid UTF-8 at byte " + std::to_string(bad);
    return "malformed JSON at byte " + std::to_string(offset) + ": " + ec.message();
}

inline errc parse_error_code(const boost::json::error_code& ec) {
    return ec == boost::json::error::too_deep ? errc::too_deep : errc::malformed_json;
}

/// Decodes `json` into the value behind `root`; false with `failure` filled on any error.
AWSML_DECL bool decode_json(std::string_view json, value_sink root, const decode_options& options,
                            decode_failure& failure) {
    boost::json::parse_options parse_options;
    parse_options.max_depth = std::min(options.max_depth, json_decoder::depth_limit);
    boost::json::basic_parser<json_decoder> parser(parse_options, root);
    boost::json::error_code ec;
    std::size_t consumed = parser.write_some(false, json.data(), json.size(), ec);
    if (!ec && consumed < json.size())
        ec = boost::json::error::extra_data;
    if (!ec)
        return true;
    json_decoder& decoder = parser.handler();
    failure.path = decoder.path();
    decoder.finish_open_containers(); // the value is left partly decoded (from_json_into)
    failure.offset = consumed;
    if (decoder.failed()) {
        failure.code = make_error_code(decoder.failure_code());
        failure.reason = decoder.failure_reason();
    } else {
        failure.code = make_error_code(parse_error_code(ec));
        failure.reason = describe_parse_error(ec, json, consumed, parse_options.max_depth);
    }
    return false;
}

/// Decodes `json` into the value behind `root` with the optimistic reader; false when it
/// declines (an error, or an exponent beyond 2^30 it leaves to Boost.JSON).
AWSML_DECL bool read_optimistically(std::string_view json, value_sink root,
                                    const decode_options& options, bool reuse) {
    // Strings with escapes are unescaped here; the buffer keeps its capacity between
    // documents on this thread, unless a huge one would pin memory.
    thread_local unescape_buffer scratch;
    json_decoder handler(root, reuse);
    optimistic_json_reader<json_decoder> reader(
        handler, std::min(options.max_depth, json_decoder::depth_limit), scratch);
    const bool read = reader.read(json);
    if (scratch.capacity() > (std::size_t(1) << 20))
        scratch = unescape_buffer();
    return read;
}

} // namespace awsml::detail
