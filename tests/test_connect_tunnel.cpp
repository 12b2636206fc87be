// The CONNECT tunnel through a proxy (detail/connect_tunnel.hpp), without a network: the
// request, and the proxy's answer fed whole or byte by byte.
#include <awsml/http/detail/connect_tunnel.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

namespace connect_tunnel_test {

using awsml::http_parser_limits;
using awsml::detail::connect_answer_reader;
using awsml::detail::connect_request;
using status = connect_answer_reader::status;

namespace {

connect_answer_reader reader(bool credentials = false) {
    return connect_answer_reader({}, "proxy 10.0.0.1:3128", "example.com:443", credentials);
}

/// Feeds `answer` one byte at a time; the status after the last byte (or the first that ends it).
status fed_bytewise(connect_answer_reader& r, std::string_view answer) {
    status last = status::more;
    for (std::size_t i = 0; i < answer.size() && last == status::more; ++i)
        last = r.feed(answer.substr(i, 1));
    return last;
}

} // namespace

TEST_CASE("the CONNECT request, with and without proxy credentials", "[connect_tunnel]") {
    CHECK(connect_request("example.com:443", std::nullopt) ==
          "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
    CHECK(connect_request("[::1]:8443", std::string("Basic dTpw")) ==
          "CONNECT [::1]:8443 HTTP/1.1\r\nHost: [::1]:8443\r\n"
          "Proxy-Authorization: Basic dTpw\r\n\r\n");
}

TEST_CASE("a 2xx answer opens the tunnel, whole or in pieces", "[connect_tunnel]") {
    const std::string_view answer = "HTTP/1.1 200 Connection established\r\n\r\n";
    auto whole = reader();
    CHECK(whole.feed(answer) == status::established);
    CHECK(whole.message().empty());

    auto pieces = reader();
    CHECK(fed_bytewise(pieces, answer) == status::established);

    auto headers = reader();
    CHECK(headers.feed("HTTP/1.0 200 OK\r\nProxy-Agent: test\r\n") == status::more);
    CHECK(headers.feed("\r\n") == status::established);
}

TEST_CASE("a refusal quotes the proxy's status line", "[connect_tunnel]") {
    auto r = reader();
    CHECK(r.feed("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n") == status::refused);
    CHECK(r.message() == "proxy 10.0.0.1:3128 refused CONNECT example.com:443: "
                         "HTTP/1.1 403 Forbidden");
    CHECK(r.status_line() == "HTTP/1.1 403 Forbidden");
}

TEST_CASE("a 407 says whether the proxy URL's credentials were refused or are missing",
          "[connect_tunnel]") {
    const std::string_view answer =
        "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n";
    auto without = reader(false);
    CHECK(fed_bytewise(without, answer) == status::refused);
    CHECK(without.message() ==
          "proxy 10.0.0.1:3128 refused CONNECT example.com:443: HTTP/1.1 407 Proxy "
          "Authentication Required (the proxy wants credentials: http://user:password@host:port)");
    auto with = reader(true);
    CHECK(with.feed(answer) == status::refused);
    CHECK_THAT(with.message(),
               Catch::EndsWith("(the proxy refused the user name and password in its URL)"));
}

TEST_CASE("a malformed answer, or bytes after it, are malformed", "[connect_tunnel]") {
    auto bad = reader();
    CHECK(bad.feed("SSH-2.0-OpenSSH\r\n\r\n") == status::malformed);
    CHECK_THAT(bad.message(), Catch::StartsWith("proxy 10.0.0.1:3128 gave no valid answer to "
                                                "CONNECT example.com:443: bad answer: "));

    auto extra = reader();
    CHECK(extra.feed("HTTP/1.1 200 OK\r\n\r\n\x16\x03\x01") == status::malformed);
    CHECK(extra.message() == "proxy 10.0.0.1:3128 gave no valid answer to CONNECT "
                             "example.com:443: unexpected bytes after its answer");
}

TEST_CASE("an answer over the header limit is malformed", "[connect_tunnel]") {
    http_parser_limits limits;
    limits.max_header_bytes = 64;
    connect_answer_reader r(limits, "proxy p:1", "t:443", false);
    CHECK(r.feed("HTTP/1.1 200 OK\r\nX-Padding: " + std::string(100, 'x') + "\r\n\r\n") ==
          status::malformed);
    CHECK_THAT(r.message(),
               Catch::StartsWith("proxy p:1 gave no valid answer to CONNECT t:443: bad answer: "));
}

TEST_CASE("a close after a refusing status line refuses; any other close is the failure",
          "[connect_tunnel]") {
    auto cut = reader();
    CHECK(cut.feed("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: B") ==
          status::more);
    CHECK(cut.closed() == status::refused);
    CHECK(cut.message() == "proxy 10.0.0.1:3128 refused CONNECT example.com:443: HTTP/1.1 407 "
                           "Proxy Authentication Required (and it closed the connection)");
    auto accepted = reader();
    CHECK(accepted.feed("HTTP/1.1 200 Connection established\r\n") == status::more);
    CHECK(accepted.closed() == status::more);
    auto partial_line = reader();
    CHECK(partial_line.feed("HTTP/1.1 403 Forb") == status::more);
    CHECK(partial_line.closed() == status::more);
    auto silent = reader();
    CHECK(silent.closed() == status::more);
}

} // namespace connect_tunnel_test
