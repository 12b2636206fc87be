// Fuzz target: the incremental HTTP/1.1 response parser. The first input bytes choose the
// limits, HEAD or not, whether the connection then closes, and the sizes of the pieces the
// rest is fed in. Checks: no crash; feeding in pieces gives exactly what feeding it whole does
// (status, headers, trailers, body, keep-alive, error code and message, bytes consumed);
// memory stays within the limits; a failed parser stays failed.
#include <awsml/http/parser.hpp>

#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using awsml_fuzz::require;

struct result {
    bool done = false;
    bool failed = false;
    std::error_code ec;
    std::string message;
    awsml::http_response response;
    awsml::http_headers trailers;
    bool keep_alive = false;
    std::size_t consumed = 0;
};

std::size_t header_bytes(const awsml::http_headers& headers) {
    std::size_t n = 0;
    for (const auto& h : headers)
        n += h.name.size() + h.value.size();
    return n;
}

result parse(std::string_view wire, const std::vector<std::size_t>& pieces,
             awsml::http_parser_limits limits, bool head, bool eof) {
    awsml::http_response_parser parser(limits, head);
    result out;
    std::size_t at = 0;
    for (std::size_t i = 0; at < wire.size() && !parser.done() && !parser.failed(); ++i) {
        const std::size_t size = pieces.empty() ? wire.size() : pieces[i % pieces.size()];
        const std::string_view piece = wire.substr(at, size);
        std::error_code ec;
        const std::size_t used = parser.feed(piece, ec);
        require(used <= piece.size(), "feed consumed more than it was given");
        require(!ec == !parser.failed(), "feed's ec agrees with failed()");
        require(used == piece.size() || parser.done() || parser.failed(),
                "feed left bytes unconsumed without finishing");
        out.consumed += used;
        at += piece.size();
        if (used < piece.size())
            break;
    }
    if (eof && !parser.done() && !parser.failed()) {
        std::error_code ec;
        parser.feed_eof(ec);
        require(!ec == parser.done(), "feed_eof either completes or fails");
    }
    if (parser.failed()) {
        // A failed parser stays failed with the same error.
        std::error_code again;
        require(parser.feed("HTTP/1.1 200 OK\r\n\r\n", again) == 0, "failed parser consumes");
        require(again == parser.error(), "failed parser reports the same error");
        require(!parser.error_message().empty(), "a failure has a message");
    }
    out.done = parser.done();
    out.failed = parser.failed();
    out.ec = parser.error();
    out.message = parser.error_message();
    out.keep_alive = parser.keep_alive();
    out.trailers = parser.trailers();
    out.response = parser.take();
    require(out.response.body.size() <= limits.max_body_bytes, "body over the limit");
    require(header_bytes(out.response.headers) + header_bytes(out.trailers) <=
                limits.max_header_bytes,
            "headers and trailers over the limit");
    return out;
}

void require_same(const result& a, const result& b) {
    require(a.done == b.done, "done differs between whole and pieces");
    require(a.failed == b.failed, "failed differs between whole and pieces");
    require(a.ec == b.ec, "error code differs between whole and pieces",
            a.message + " | " + b.message);
    require(a.message == b.message, "error message differs", a.message + " | " + b.message);
    if (!a.done) // a failure may come after more or fewer bytes were taken, by design
        return;
    require(a.consumed == b.consumed, "consumed differs between whole and pieces");
    require(a.response.status == b.response.status, "status differs");
    require(a.response.headers == b.response.headers, "headers differ");
    require(a.response.body == b.response.body, "body differs");
    require(a.trailers == b.trailers, "trailers differ");
    require(a.keep_alive == b.keep_alive, "keep_alive differs");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    awsml_fuzz::input_reader in(data, size);
    const std::uint8_t options = in.byte();
    awsml::http_parser_limits limits;
    if (options & 1) { // small limits reach the limit checks with small inputs
        limits.max_header_bytes = 16 + in.byte();
        limits.max_body_bytes = in.byte();
    }
    const bool head = (options & 2) != 0;
    const bool eof = (options & 4) != 0;
    std::vector<std::size_t> pieces;
    for (std::size_t n = options >> 4; n > 0; --n)
        pieces.push_back(1 + in.byte() % 32);
    if (pieces.empty())
        pieces.push_back(1); // byte by byte
    const std::string_view wire = in.rest();

    const result whole = parse(wire, {}, limits, head, eof);
    const result split = parse(wire, pieces, limits, head, eof);
    require_same(whole, split);
    return 0;
}
