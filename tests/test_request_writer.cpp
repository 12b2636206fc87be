// The bytes of an HTTP/1.1 request (detail/request_writer.hpp), without a network: origin and
// absolute form, the headers the writer adds, and the requests it refuses.
#include <awsml/http/detail/request_writer.hpp>

#include <catch2/catch.hpp>

#include <string>

namespace request_writer_test {

using awsml::http_request;
using awsml::detail::request_writer_options;
using awsml::detail::write_request;

namespace {

http_request get(std::string target = "/") {
    http_request request;
    request.method = "GET";
    request.host = "example.com";
    request.target = std::move(target);
    return request;
}

std::string written(const http_request& request, const request_writer_options& options) {
    std::string wire, message;
    REQUIRE(write_request(request, options, wire, message));
    return wire;
}

std::string refusal(const http_request& request) {
    std::string wire, message;
    CHECK_FALSE(write_request(request, {.host = "example.com"}, wire, message));
    return message;
}

} // namespace

TEST_CASE("origin form: request line, headers in order, Host added when missing",
          "[request_writer]") {
    auto request = get("/a/b?x=1");
    request.headers = {{"X-Amz-Date", "20150830T123600Z"}, {"Accept", "*/*"}};
    CHECK(written(request, {.host = "example.com:8443"}) ==
          "GET /a/b?x=1 HTTP/1.1\r\n"
          "Host: example.com:8443\r\n"
          "X-Amz-Date: 20150830T123600Z\r\nAccept: */*\r\n\r\n");

    request.headers.push_back({"host", "other.example"});
    CHECK(written(request, {.host = "example.com"}) ==
          "GET /a/b?x=1 HTTP/1.1\r\n"
          "X-Amz-Date: 20150830T123600Z\r\nAccept: */*\r\nhost: other.example\r\n\r\n");
}

TEST_CASE("Content-Length: added for a body or a body method, kept when it matches",
          "[request_writer]") {
    auto request = get();
    request.method = "POST";
    request.body = "{}";
    CHECK(written(request, {.host = "h"}) ==
          "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}");

    request.body.clear();
    CHECK(written(request, {.host = "h"}) ==
          "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");

    request.method = "GET";
    CHECK(written(request, {.host = "h"}) == "GET / HTTP/1.1\r\nHost: h\r\n\r\n");

    request.method = "PUT";
    request.body = "abc";
    request.headers = {{"content-length", " 3 "}};
    CHECK(written(request, {.host = "h"}) ==
          "PUT / HTTP/1.1\r\nHost: h\r\ncontent-length:  3 \r\n\r\nabc");
}

TEST_CASE("absolute form for a proxy, with its Proxy-Authorization unless the request has one",
          "[request_writer]") {
    auto request = get("/path?q");
    request_writer_options options{.host = "example.com:8080", .absolute_form = true};
    CHECK(written(request, options) ==
          "GET http://example.com:8080/path?q HTTP/1.1\r\nHost: example.com:8080\r\n\r\n");

    options.proxy_authorization = "Basic dTpw";
    CHECK(written(request, options) == "GET http://example.com:8080/path?q HTTP/1.1\r\n"
                                       "Host: example.com:8080\r\n"
                                       "Proxy-Authorization: Basic dTpw\r\n\r\n");

    request.headers = {{"proxy-authorization", "Basic b3du"}};
    CHECK(written(request, options) == "GET http://example.com:8080/path?q HTTP/1.1\r\n"
                                       "Host: example.com:8080\r\n"
                                       "proxy-authorization: Basic b3du\r\n\r\n");
}

TEST_CASE("the wire is replaced, not appended to", "[request_writer]") {
    std::string wire = "left over", message;
    REQUIRE(write_request(get(), {.host = "h"}, wire, message));
    CHECK(wire == "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
}

TEST_CASE("requests that cannot be sent are refused with a reason", "[request_writer]") {
    auto request = get();
    request.method = "GE T";
    CHECK(refusal(request) == "bad request method \"GE T\"");

    request = get("");
    CHECK(refusal(request) == "bad request target \"\"");
    request = get("/a b");
    CHECK(refusal(request) == "bad request target \"/a b\"");

    request = get();
    request.headers = {{"Bad Name", "v"}};
    CHECK(refusal(request) == "bad request header name \"Bad Name\"");

    request.headers = {{"X-Injected", "a\r\nEvil: 1"}};
    CHECK(refusal(request).starts_with("bad value for request header X-Injected: "));

    request.headers = {{"Transfer-Encoding", "chunked"}};
    CHECK(refusal(request).starts_with("Transfer-Encoding in requests is not supported"));

    request.body = "abc";
    request.headers = {{"Content-Length", "4"}};
    CHECK(refusal(request) == "request Content-Length \"4\" differs from the body's 3 bytes");
}

} // namespace request_writer_test
