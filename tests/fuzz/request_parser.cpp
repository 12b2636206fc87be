// Fuzz target: awsml-local's incremental HTTP/1.1 request parser (the server side; http_parser
// is the client's response parser). The first input bytes choose the limits and the sizes of
// the pieces the rest is fed in; the rest is a stream of requests, parsed one after the other as
// a kept-alive connection would. Checks: no crash; feeding in pieces gives exactly what feeding
// it whole does (each request, or the failure with its status and reason, bytes consumed); the
// one-shot parse_http_request agrees; what the parser buffers and builds stays within the
// limits (a body within its target's: "/" or an S3 object's path); its work (bytes_scanned) is
// at most twice the bytes offered; a finished parser takes no more bytes; failures carry a
// status the server answers with.
#include <awsml-local/http_request_parser.hpp>

#include "fuzz_support.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using awsml::local::parse_state;
using awsml_fuzz::require;

struct parsed_request {
    awsml::http_request request;
    bool keep_alive = false;
    bool expects_continue = false;
    std::size_t consumed = 0;
};

struct result {
    std::vector<parsed_request> requests;
    parse_state last = parse_state::incomplete; ///< of the request after the complete ones
    int error_status = 0;
    std::string error_reason;
    bool started = false;
    bool received_any = false;
};

// The service's API is POST /; any other path is an S3 object's, whose uploads may be larger.
// (Before the request line is read the target is empty, and so is the body.)
std::size_t body_limit_of(std::string_view target, const awsml::local::request_limits& limits) {
    return target.substr(0, target.find('?')) == "/" ? limits.max_body_bytes
                                                     : limits.max_upload_bytes;
}

void check_bounds(const awsml::local::http_request_parser& parser,
                  const awsml::local::request_limits& limits, std::uint64_t offered) {
    require(parser.buffered_bytes() <=
                std::max(limits.max_header_bytes, limits.max_chunk_line_bytes),
            "the parser buffers more than a line's limit");
    require(parser.request().body.size() <= body_limit_of(parser.request().target, limits),
            "body over the limit for its target");
    require(parser.request().headers.size() <= limits.max_header_count, "too many headers");
    require(parser.bytes_scanned() <= 2 * offered, "the parser's work is not linear");
}

result parse(std::string_view wire, const std::vector<std::size_t>& pieces,
             const awsml::local::request_limits& limits) {
    awsml::local::http_request_parser parser(limits);
    result out;
    std::uint64_t offered = 0; // to the current request
    std::size_t consumed = 0;
    std::size_t at = 0;
    for (std::size_t i = 0; at < wire.size(); ++i) {
        const std::size_t size = pieces.empty() ? wire.size() : pieces[i % pieces.size()];
        const std::string_view piece = wire.substr(at, size);
        const std::size_t used = parser.feed(piece);
        offered += piece.size();
        require(used <= piece.size(), "feed consumed more than it was given");
        require(used == piece.size() || parser.state() != parse_state::incomplete,
                "feed left bytes unconsumed without finishing");
        check_bounds(parser, limits, offered);
        at += used;
        consumed += used;
        if (parser.state() == parse_state::failed) {
            require(parser.feed("GET / HTTP/1.1\r\n\r\n") == 0, "a failed parser takes bytes");
            require(parser.error_status() == 400 || parser.error_status() == 413 ||
                        parser.error_status() == 431 || parser.error_status() == 501 ||
                        parser.error_status() == 505,
                    "a failure without a status the server answers", parser.error_reason());
            require(!parser.error_reason().empty(), "a failure without a reason");
            break;
        }
        if (parser.state() == parse_state::complete) {
            require(parser.feed("GET / HTTP/1.1\r\n\r\n") == 0, "a complete parser takes bytes");
            require(parser.headers_complete(), "complete without headers");
            parsed_request done;
            done.keep_alive = parser.keep_alive();
            done.expects_continue = parser.expects_continue();
            done.consumed = consumed;
            done.request = parser.take();
            out.requests.push_back(std::move(done));
            parser.reset();
            require(parser.bytes_scanned() == 0 && !parser.received_any(), "reset leaves state");
            offered = 0;
            consumed = 0;
        }
    }
    out.last = parser.state();
    out.error_status = parser.error_status();
    out.error_reason = parser.error_reason();
    out.started = parser.started();
    out.received_any = parser.received_any();
    return out;
}

bool same_request(const awsml::http_request& a, const awsml::http_request& b) {
    return a.method == b.method && a.target == b.target && a.host == b.host && a.port == b.port &&
           a.headers == b.headers && a.body == b.body;
}

void require_same(const result& a, const result& b) {
    require(a.requests.size() == b.requests.size(),
            "request count differs between whole and pieces");
    for (std::size_t i = 0; i < a.requests.size(); ++i) {
        const auto &x = a.requests[i], &y = b.requests[i];
        require(same_request(x.request, y.request), "a request differs between whole and pieces");
        require(x.keep_alive == y.keep_alive, "keep_alive differs");
        require(x.expects_continue == y.expects_continue, "expects_continue differs");
        require(x.consumed == y.consumed, "consumed differs");
    }
    require(a.last == b.last, "final state differs", a.error_reason + " | " + b.error_reason);
    require(a.error_status == b.error_status, "error status differs",
            a.error_reason + " | " + b.error_reason);
    require(a.error_reason == b.error_reason, "error reason differs",
            a.error_reason + " | " + b.error_reason);
    require(a.started == b.started, "started differs");
    require(a.received_any == b.received_any, "received_any differs");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    awsml_fuzz::input_reader in(data, size);
    const std::uint8_t options = in.byte();
    awsml::local::request_limits limits;
    if (options & 1) { // small limits reach the limit checks with small inputs
        limits.max_header_bytes = 16 + in.byte();
        limits.max_header_count = 1 + in.byte() % 8;
        limits.max_body_bytes = in.byte();
        limits.max_chunk_line_bytes = 3 + in.byte() % 64;
        limits.max_chunk_extension_bytes = in.byte();
        limits.max_upload_bytes = in.byte();
    }
    std::vector<std::size_t> pieces;
    for (std::size_t n = options >> 4; n > 0; --n)
        pieces.push_back(1 + in.byte() % 32);
    if (pieces.empty())
        pieces.push_back(1); // byte by byte
    const std::string_view wire = in.rest();

    const result whole = parse(wire, {}, limits);
    const result split = parse(wire, pieces, limits);
    require_same(whole, split);

    // The one-shot form is the parser fed the whole buffer.
    const auto once = awsml::local::parse_http_request(wire, limits);
    require(once.state == (whole.requests.empty() ? whole.last : parse_state::complete),
            "parse_http_request's state differs");
    if (once.state == parse_state::complete) {
        require(same_request(once.request, whole.requests.front().request),
                "parse_http_request's request differs");
        require(once.consumed == whole.requests.front().consumed,
                "parse_http_request's consumed differs");
    } else if (once.state == parse_state::failed) {
        require(once.error_status == whole.error_status, "parse_http_request's status differs");
    }
    return 0;
}
