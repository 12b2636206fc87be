#include <awsml/http/parser.hpp>

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace http_parser_test {

using awsml::errc;
using awsml::http_parser_limits;
using awsml::http_response_parser;

namespace {

struct outcome {
    bool done = false;
    std::error_code ec;
    std::string message;
    awsml::http_response response;
    bool keep_alive = false;
    std::size_t consumed = 0;
};

// Feeds `wire` in the given pieces (sizes), then EOF if `eof` and the parser is not done.
outcome parse_in_pieces(std::string_view wire, const std::vector<std::size_t>& pieces, bool eof,
                        http_parser_limits limits = {}, bool head = false) {
    http_response_parser parser(limits, head);
    outcome out;
    std::size_t at = 0;
    for (std::size_t size : pieces) {
        if (at >= wire.size() || parser.done() || out.ec)
            break;
        const std::string_view piece = wire.substr(at, size);
        const std::size_t used = parser.feed(piece, out.ec);
        out.consumed += used;
        at += piece.size();
        if (used < piece.size())
            break;
    }
    if (!out.ec && !parser.done() && eof)
        parser.feed_eof(out.ec);
    out.done = parser.done();
    out.message = parser.error_message();
    out.keep_alive = parser.keep_alive();
    out.response = parser.take();
    return out;
}

outcome parse(std::string_view wire, bool eof = false, http_parser_limits limits = {},
              bool head = false) {
    return parse_in_pieces(wire, {wire.size()}, eof, limits, head);
}

outcome parse_bytewise(std::string_view wire, bool eof = false) {
    return parse_in_pieces(wire, std::vector<std::size_t>(wire.size(), 1), eof);
}

void require_same(const outcome& a, const outcome& b) {
    REQUIRE(a.done == b.done);
    REQUIRE(a.ec == b.ec);
    REQUIRE(a.message == b.message);
    REQUIRE(a.response.status == b.response.status);
    REQUIRE(a.response.headers == b.response.headers);
    REQUIRE(a.response.body == b.response.body);
    REQUIRE(a.keep_alive == b.keep_alive);
}

// Every split into two pieces, and one byte at a time, gives the same result as one piece.
void require_split_invariant(std::string_view wire, bool eof) {
    const outcome whole = parse(wire, eof);
    for (std::size_t cut = 0; cut <= wire.size(); ++cut) {
        INFO("split at " << cut);
        require_same(parse_in_pieces(wire, {cut, wire.size()}, eof), whole);
    }
    require_same(parse_bytewise(wire, eof), whole);
}

outcome expect_error(std::string_view wire, errc code, std::string_view message_part,
                     bool eof = false, http_parser_limits limits = {}) {
    outcome out = parse(wire, eof, limits);
    INFO("message: " << out.message);
    CHECK_FALSE(out.done);
    CHECK(out.ec == code);
    CHECK(out.message.find(message_part) != std::string::npos);
    // Same error whatever the split.
    outcome bytewise = parse_in_pieces(wire, std::vector<std::size_t>(wire.size(), 1), eof, limits);
    CHECK(bytewise.ec == code);
    CHECK(bytewise.message == out.message);
    return out;
}

const std::string content_length_response = "HTTP/1.1 200 OK\r\n"
                                            "Content-Type: application/x-amz-json-1.1\r\n"
                                            "x-amzn-RequestId: abc-123\r\n"
                                            "Content-Length: 13\r\n"
                                            "\r\n"
                                            "{\"Status\":1}\n";

const std::string chunked_response = "HTTP/1.1 200 OK\r\n"
                                     "Transfer-Encoding: chunked\r\n"
                                     "\r\n"
                                     "5;name=value;flag\r\n"
                                     "hello\r\n"
                                     "1A \r\n"
                                     "abcdefghijklmnopqrstuvwxyz\r\n"
                                     "0\r\n"
                                     "Checksum: 42\r\n"
                                     "\r\n";

} // namespace

TEST_CASE("a Content-Length response parses whole and in any split", "[http_parser]") {
    outcome out = parse(content_length_response);
    REQUIRE(out.done);
    CHECK_FALSE(out.ec);
    CHECK(out.response.status == 200);
    CHECK(out.response.body == "{\"Status\":1}\n");
    CHECK(out.response.header("content-type") == "application/x-amz-json-1.1");
    CHECK(out.response.header("X-AMZN-REQUESTID") == "abc-123");
    CHECK(out.keep_alive);
    CHECK(out.consumed == content_length_response.size());
    require_split_invariant(content_length_response, false);
}

TEST_CASE("a chunked response with extensions and trailers", "[http_parser]") {
    http_response_parser parser;
    std::error_code ec;
    CHECK(parser.feed(chunked_response, ec) == chunked_response.size());
    REQUIRE_FALSE(ec);
    REQUIRE(parser.done());
    CHECK(parser.keep_alive());
    REQUIRE(parser.trailers().size() == 1);
    CHECK(parser.trailers()[0] == awsml::http_header{"Checksum", "42"});
    auto response = parser.take();
    CHECK(response.body == "helloabcdefghijklmnopqrstuvwxyz");
    CHECK_FALSE(response.header("Checksum"));
    require_split_invariant(chunked_response, false);
}

TEST_CASE("a body read until the connection closes", "[http_parser]") {
    const std::string wire =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of this until EOF";
    http_response_parser parser;
    std::error_code ec;
    parser.feed(wire, ec);
    REQUIRE_FALSE(ec);
    CHECK_FALSE(parser.done());
    parser.feed_eof(ec);
    REQUIRE_FALSE(ec);
    REQUIRE(parser.done());
    CHECK_FALSE(parser.keep_alive());
    CHECK(parser.take().body == "all of this until EOF");
    require_split_invariant(wire, true);
}

TEST_CASE("keep-alive follows the version and the Connection header", "[http_parser]") {
    CHECK(parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").keep_alive);
    CHECK_FALSE(
        parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").keep_alive);
    CHECK_FALSE(
        parse("HTTP/1.1 200 OK\r\nconnection: Keep-Alive, CLOSE\r\nContent-Length: 0\r\n\r\n")
            .keep_alive);
    CHECK_FALSE(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").keep_alive);
    CHECK(
        parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").keep_alive);
    CHECK_FALSE(parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nConnection: "
                      "close\r\nContent-Length: 0\r\n\r\n")
                    .keep_alive);
    // Not done yet: no promise.
    CHECK_FALSE(parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab").keep_alive);
}

TEST_CASE("status lines: versions, codes, empty and absent reason phrases", "[http_parser]") {
    auto ok = [](std::string_view line, int status) {
        INFO(line);
        outcome out = parse(std::string(line) + "\r\nContent-Length: 0\r\n\r\n");
        CHECK(out.done);
        CHECK_FALSE(out.ec);
        CHECK(out.response.status == status);
    };
    ok("HTTP/1.1 200 OK", 200);
    ok("HTTP/1.0 404 Not Found", 404);
    ok("HTTP/1.1 503 ", 503);
    ok("HTTP/1.1 500", 500);
    ok("HTTP/1.1 299 reason with  spaces\tand tab and \xc3\xa9", 299);
}

TEST_CASE("interim 1xx responses are skipped; 101 is refused", "[http_parser]") {
    const std::string wire = "HTTP/1.1 100 Continue\r\n\r\n"
                             "HTTP/1.1 102 Processing\r\nX-Progress: 1\r\n\r\n"
                             "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok";
    outcome out = parse(wire);
    REQUIRE(out.done);
    CHECK(out.response.status == 201);
    CHECK(out.response.body == "ok");
    CHECK(out.response.headers.size() == 1);
    require_split_invariant(wire, false);

    expect_error("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
                 errc::malformed_http_response, "101 Switching Protocols");
}

TEST_CASE("HEAD, 204 and 304 responses have no body", "[http_parser]") {
    outcome head = parse("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", false, {}, true);
    CHECK(head.done);
    CHECK(head.response.body.empty());
    CHECK(head.keep_alive);
    // Even chunked framing means nothing after HEAD.
    CHECK(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", false, {}, true).done);

    outcome no_content = parse("HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\n");
    CHECK(no_content.done);
    CHECK(no_content.consumed == std::string_view("HTTP/1.1 204 No Content\r\n\r\n").size());
    CHECK(no_content.keep_alive);
    CHECK(parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n").done);
}

TEST_CASE("header names are case-insensitive, values trimmed, obs-fold joined", "[http_parser]") {
    const std::string wire = "HTTP/1.1 200 OK\n"
                             "content-LENGTH:   5  \n"
                             "X-Empty:\n"
                             "X-Folded: first\n"
                             " \t second  \n"
                             "\tthird\n"
                             "X-Tab:\tvalue\t\n"
                             "\n"
                             "12345";
    outcome out = parse(wire);
    REQUIRE(out.done);
    CHECK(out.response.body == "12345");
    CHECK(out.response.header("Content-Length") == "5");
    CHECK(out.response.header("x-empty") == "");
    CHECK(out.response.header("x-folded") == "first second third");
    CHECK(out.response.header("X-TAB") == "value");
    require_split_invariant(wire, false);
}

TEST_CASE("bad status lines are refused with the line quoted", "[http_parser]") {
    for (const char* line :
         {"HTP/1.1 200 OK", "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/1.1 200OK",
          "HTTP/1.1  200 OK", "http/1.1 200 OK", "HTTP/1.1 099 Low", "HTTP/1.1 600 High",
          "HTTP/1.1 2x0 OK", "HTTP/11 200 OK", "garbage", "", " HTTP/1.1 200 OK",
          "HTTP/1.1 200 O\x01K", "<html>", "HTTP/1.1 200 OK\x7f"}) {
        INFO(line);
        expect_error(std::string(line) + "\r\nContent-Length: 0\r\n\r\n",
                     errc::malformed_http_response, "status");
    }
    expect_error("HTTP/2.0 200 OK\r\n\r\n", errc::malformed_http_response,
                 "unsupported HTTP version \"HTTP/2.0\"");
    outcome out =
        expect_error("HTTP/1.1 2x0 OK\r\n\r\n", errc::malformed_http_response, "bad status line");
    CHECK(out.message == "bad status line \"HTTP/1.1 2x0 OK\"");
}

TEST_CASE("bad header lines are refused", "[http_parser]") {
    auto bad = [](std::string_view header, std::string_view message_part) {
        INFO(header);
        expect_error("HTTP/1.1 200 OK\r\n" + std::string(header) + "\r\nContent-Length: 0\r\n\r\n",
                     errc::malformed_http_response, message_part);
    };
    bad("NoColonHere", "without a colon");
    bad("Bad Name: x", "bad header name \"Bad Name\"");
    bad("Name : x", "bad header name");
    bad(": nameless", "bad header name");
    bad("X-Ctl: a\x01z", "bad value for header X-Ctl");
    bad(std::string("X-Nul: a") + '\0' + "z", "bad value for header X-Nul");
    bad("X-Cr: a\rb", "bare CR");
    expect_error("HTTP/1.1 200 OK\r\n continued\r\n\r\n", errc::malformed_http_response,
                 "whitespace before the first");
}

TEST_CASE("Content-Length must be one number", "[http_parser]") {
    for (const char* value : {"abc", "-1", "+5", "5 5", "0x10", "", "5;", "1e3"}) {
        INFO(value);
        expect_error("HTTP/1.1 200 OK\r\nContent-Length: " + std::string(value) + "\r\n\r\n",
                     errc::malformed_http_response, "bad Content-Length");
    }
    expect_error("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
                 errc::malformed_http_response, "conflicting Content-Length values 5 and 6");
    expect_error("HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello!",
                 errc::malformed_http_response, "conflicting Content-Length values 5 and 6");
    outcome repeated =
        parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\ncontent-length: 5, 5\r\n\r\nhello");
    CHECK(repeated.done);
    CHECK(repeated.response.body == "hello");
}

TEST_CASE("a huge Content-Length is refused before anything is allocated", "[http_parser]") {
    http_response_parser parser;
    std::error_code ec;
    parser.feed("HTTP/1.1 200 OK\r\nContent-Length: 2147483648\r\n\r\nabc", ec);
    CHECK(ec == errc::response_too_large);
    CHECK(parser.error_message() ==
          "Content-Length 2147483648 exceeds the body limit of 67108864 bytes");
    CHECK(parser.response().body.capacity() < 1024 * 1024);

    expect_error("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999999\r\n\r\n",
                 errc::response_too_large, "exceeds the body limit");
    // Exactly the limit is fine.
    http_parser_limits small;
    small.max_body_bytes = 5;
    CHECK(parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", false, small).done);
    expect_error("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello!", errc::response_too_large,
                 "Content-Length 6 exceeds the body limit of 5 bytes", false, small);
}

TEST_CASE("body limits hold for chunked and close-delimited bodies", "[http_parser]") {
    http_parser_limits small;
    small.max_body_bytes = 8;
    CHECK(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: "
                "chunked\r\n\r\n4\r\nabcd\r\n4\r\nefgh\r\n0\r\n\r\n",
                false, small)
              .done);
    expect_error(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n5\r\nefghi\r\n0\r\n\r\n",
        errc::response_too_large, "over the limit of 8 bytes", false, small);
    CHECK(parse("HTTP/1.1 200 OK\r\n\r\n12345678", true, small).done);
    expect_error("HTTP/1.1 200 OK\r\n\r\n123456789", errc::response_too_large,
                 "body exceeds the limit of 8 bytes", true, small);
    expect_error(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffffffff\r\n",
        errc::response_too_large, "chunk size");
    expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n80000000\r\n",
                 errc::response_too_large, "over the limit of 67108864 bytes");
}

TEST_CASE("bad chunked framing is refused", "[http_parser]") {
    const std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (const char* line : {"zz", "", "5x", "-5", " 5", "5 x", "0x5"}) {
        INFO(line);
        expect_error(head + line + "\r\nhello\r\n0\r\n\r\n", errc::malformed_http_response,
                     "bad chunk size");
    }
    expect_error(head + "5\r\nhelloXX\r\n0\r\n\r\n", errc::malformed_http_response,
                 "missing CRLF after a chunk");
    expect_error(head + "5\r\nhello\r\r\n0\r\n\r\n", errc::malformed_http_response,
                 "missing CRLF after a chunk");
    expect_error(head + "5;" + std::string(5000, 'x') + "\r\nhello\r\n0\r\n\r\n",
                 errc::malformed_http_response, "chunk size line longer than 4096 bytes");
    expect_error(head + "0\r\nbad trailer\r\n\r\n", errc::malformed_http_response,
                 "without a colon");
}

TEST_CASE("Transfer-Encoding other than chunked is refused; with Content-Length, chunked wins",
          "[http_parser]") {
    expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
                 errc::malformed_http_response, "unsupported Transfer-Encoding \"gzip\"");
    expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                 errc::malformed_http_response, "unsupported Transfer-Encoding");
    expect_error(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
        errc::malformed_http_response, "unsupported Transfer-Encoding \"chunked, chunked\"");
    outcome both =
        parse("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: Chunked\r\n\r\n"
              "3\r\nabc\r\n0\r\n\r\n");
    REQUIRE(both.done);
    CHECK(both.response.body == "abc");
    CHECK_FALSE(both.keep_alive);
}

TEST_CASE("the header section is capped", "[http_parser]") {
    std::string wire = "HTTP/1.1 200 OK\r\n";
    while (wire.size() < 70 * 1024)
        wire += "X-Filler: " + std::string(100, 'f') + "\r\n";
    wire += "Content-Length: 0\r\n\r\n";
    expect_error(wire, errc::response_too_large, "exceed 65536 bytes");

    http_parser_limits small;
    small.max_header_bytes = 40;
    const std::string fits = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"; // 38 bytes
    CHECK(parse(fits, false, small).done);
    expect_error("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX: y\r\n\r\n", errc::response_too_large,
                 "exceed 40 bytes", false, small);
    // One endless line never grows past the cap.
    http_response_parser parser(small);
    std::error_code ec;
    const std::string endless(1000, 'H');
    parser.feed(endless, ec);
    CHECK(ec == errc::response_too_large);
    // Interim responses count too: an endless stream of 100 Continue ends.
    std::string interims;
    for (int i = 0; i < 5; ++i)
        interims += "HTTP/1.1 100 Continue\r\n\r\n";
    expect_error(interims, errc::response_too_large, "exceed 40 bytes", false, small);
}

TEST_CASE("the connection closing early is an error naming where", "[http_parser]") {
    outcome nothing = parse("", true);
    CHECK(nothing.ec == errc::transport_error);
    CHECK(nothing.message == "the connection closed before any response byte arrived");
    expect_error("HTTP/1.1 2", errc::malformed_http_response, "inside the status line", true);
    expect_error("HTTP/1.1 200 OK\r\nContent-Le", errc::malformed_http_response,
                 "inside the response headers", true);
    outcome short_body = expect_error("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
                                      errc::malformed_http_response, "", true);
    CHECK(short_body.message == "the connection closed after 3 of 10 body bytes");
    expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
                 errc::malformed_http_response, "closed inside the chunked body after 3 body bytes",
                 true);
    expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n",
                 errc::malformed_http_response, "closed inside the chunked body", true);
}

TEST_CASE("bytes after a complete response are left unconsumed", "[http_parser]") {
    const std::string two = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 404 Not "
                            "Found\r\nContent-Length: 1\r\n\r\nb";
    http_response_parser first;
    std::error_code ec;
    const std::size_t used = first.feed(two, ec);
    REQUIRE_FALSE(ec);
    REQUIRE(first.done());
    CHECK(first.feed("more", ec) == 0);
    CHECK_FALSE(ec);
    http_response_parser second;
    second.feed(std::string_view(two).substr(used), ec);
    REQUIRE(second.done());
    CHECK(second.take().status == 404);
}

TEST_CASE("a failed parser stays failed", "[http_parser]") {
    http_response_parser parser;
    std::error_code ec;
    parser.feed("BOGUS\r\n", ec);
    REQUIRE(ec == errc::malformed_http_response);
    const std::string message = parser.error_message();
    CHECK(parser.failed());
    CHECK(parser.feed("HTTP/1.1 200 OK\r\n\r\n", ec) == 0);
    CHECK(ec == errc::malformed_http_response);
    parser.feed_eof(ec);
    CHECK(ec == errc::malformed_http_response);
    CHECK(parser.error_message() == message);
    CHECK_FALSE(parser.keep_alive());
}

TEST_CASE("random splits give the same result", "[http_parser]") {
    std::mt19937 random(20240601);
    const std::vector<std::pair<std::string, bool>> cases = {
        {content_length_response, false},
        {chunked_response, false},
        {"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nX: 1\r\n\r\nuntil the end", true},
        {"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", true},
        {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX", false},
    };
    for (const auto& [wire, eof] : cases) {
        const outcome whole = parse(wire, eof);
        for (int round = 0; round < 300; ++round) {
            std::vector<std::size_t> pieces;
            for (std::size_t total = 0; total < wire.size();) {
                std::size_t size = std::uniform_int_distribution<std::size_t>(0, 9)(random);
                pieces.push_back(size);
                total += size;
            }
            require_same(parse_in_pieces(wire, pieces, eof), whole);
        }
    }
}

TEST_CASE("random bytes never crash the parser and memory stays within the limits",
          "[http_parser]") {
    std::mt19937 random(7);
    const std::string alphabet =
        "HTTP/1.0 200OK\r\n:;,-ContentLgh-TransferEncodingchunked0123456789abcdefxz \t\x01\xff";
    http_parser_limits limits;
    limits.max_header_bytes = 512;
    limits.max_body_bytes = 256;
    int finished = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string wire;
        // Half the rounds start from a valid prefix, so the fuzz reaches bodies and chunks.
        if (round % 2 == 0)
            wire = round % 4 == 0 ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                  : "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n";
        const std::size_t length = std::uniform_int_distribution<std::size_t>(0, 400)(random);
        for (std::size_t i = 0; i < length; ++i)
            wire += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() -
                                                                               1)(random)];
        http_response_parser parser(limits);
        std::error_code ec;
        for (std::size_t at = 0; at < wire.size() && !ec && !parser.done();) {
            const std::size_t size = std::uniform_int_distribution<std::size_t>(1, 16)(random);
            parser.feed(std::string_view(wire).substr(at, size), ec);
            at += size;
        }
        if (!ec && !parser.done())
            parser.feed_eof(ec);
        CHECK((parser.done() != static_cast<bool>(ec)));
        CHECK(parser.response().body.size() <= limits.max_body_bytes);
        if (ec)
            CHECK_FALSE(parser.error_message().empty());
        finished += parser.done() ? 1 : 0;
    }
    CHECK(finished > 0);
}

} // namespace http_parser_test
