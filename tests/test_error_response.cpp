#include <awsml/runtime/service_error.hpp>

#include <awsml/core/detail/trim.hpp>
#include <awsml/core/in_quotes.hpp>

#include "support/vectors.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <catch2/catch.hpp>

#include <string>

namespace error_response_test {

namespace json = boost::json;
using awsml::http_response;
using awsml::parse_error_response;

namespace {

http_response response_from(int status, const json::value* headers, const json::value* body) {
    http_response response;
    response.status = status;
    if (headers)
        for (const auto& [name, value] : headers->as_object())
            response.headers.push_back({std::string(name), std::string(value.as_string())});
    if (body && body->is_string())
        response.body = std::string(body->as_string());
    return response;
}

http_response json_response(int status, std::string body, awsml::http_headers headers = {}) {
    headers.push_back({"Content-Type", "application/x-amz-json-1.1"});
    return {status, std::move(headers), std::move(body)};
}

// botocore's protocol test suites: the error cases are those with an "errorCode".
int check_botocore_error_cases(const std::filesystem::path& path) {
    int checked = 0;
    const auto document = json::parse(awsml_test::read_file(path));
    for (const auto& suite : document.as_array()) {
        for (const auto& entry : suite.at("cases").as_array()) {
            const auto& test_case = entry.as_object();
            const auto* expected_code = test_case.if_contains("errorCode");
            if (!expected_code)
                continue;
            const auto& raw = test_case.at("response").as_object();
            INFO(path.filename().string() << ": " << json::serialize(raw));
            auto info = parse_error_response(response_from(int(raw.at("status_code").as_int64()),
                                                           raw.if_contains("headers"),
                                                           raw.if_contains("body")));
            CHECK(info.http_status == raw.at("status_code").as_int64());
            CHECK(info.code == expected_code->as_string());
            if (const auto* message = test_case.if_contains("errorMessage"))
                CHECK(info.message == message->as_string());
            ++checked;
        }
    }
    return checked;
}

} // namespace

TEST_CASE("messages quote untrusted text by one rule", "[error_response]") {
    CHECK(awsml::in_quotes("plain") == R"("plain")");
    CHECK(awsml::in_quotes(R"(say "hi" \ bye)") == R"("say \"hi\" \\ bye")");
    CHECK(awsml::in_quotes(std::string("a\nb\0c\x7f\xe9", 7)) == R"("a\x0ab\x00c\x7f\xe9")");
    const std::string long_text(100, 'x');
    CHECK(awsml::in_quotes(long_text, 10) == "\"xxxxxxxxxx\"... (100 bytes)");
    CHECK(awsml::in_quotes("") == R"("")");
}

TEST_CASE("trim names its blanks and never returns a null view", "[error_response]") {
    using awsml::detail::trim;
    CHECK(trim(" \t a b \r\n") == "a b");
    CHECK(trim(" \t a \t ", awsml::detail::http_whitespace) == "a");
    CHECK(trim("\ra\r", awsml::detail::http_whitespace) == "\ra\r");
    const std::string_view blanks = "  \t ";
    const std::string_view trimmed = trim(blanks);
    CHECK(trimmed.empty());
    CHECK(trimmed.data() != nullptr); // callers may memcpy from it
}

TEST_CASE("normalize_error_code keeps the shape name", "[error_response]") {
    using awsml::normalize_error_code;
    static_assert(normalize_error_code("FooError") == "FooError");
    static_assert(normalize_error_code("aws.protocoltests.json#FooError") == "FooError");
    static_assert(normalize_error_code("FooError:http://internal.amazon.com/coral/x/") ==
                  "FooError");
    static_assert(normalize_error_code("a.b#FooError:http://x#y") == "FooError");
    static_assert(normalize_error_code("com.amazonaws.machinelearning#InvalidInputException") ==
                  "InvalidInputException");
    static_assert(normalize_error_code("").empty());
    static_assert(normalize_error_code("ns#").empty());
}

TEST_CASE("the 14 Smithy awsJson1_1 error-type cases", "[error_response][vectors]") {
    auto path = awsml_test::shared_path("vectors/smithy-awsjson11/error-type-cases.json");
    if (!path)
        return;
    const auto document = json::parse(awsml_test::read_file(*path));
    const auto& cases = document.at("cases").as_array();
    REQUIRE(cases.size() == 14);
    for (const auto& entry : cases) {
        const auto& test_case = entry.as_object();
        INFO(test_case.at("id").as_string());
        auto status = int(test_case.at("httpStatus").as_int64());
        auto info = parse_error_response(
            response_from(status, test_case.if_contains("headers"), test_case.if_contains("body")));
        CHECK(info.http_status == status);
        CHECK(info.code == test_case.at("expectedErrorName").as_string());
        CHECK(std::string(awsml::normalize_error_code(test_case.at("rawErrorType").as_string())) ==
              test_case.at("expectedErrorName").as_string());
        const auto& params = test_case.at("expectedParams");
        if (params.is_object() && params.as_object().contains("Message"))
            CHECK(info.message == params.at("Message").as_string());
        CHECK_FALSE(info.numeric_code);
    }
}

TEST_CASE("the error cases of botocore's JSON protocol tests", "[error_response][vectors]") {
    auto current = awsml_test::shared_path("vectors/botocore-protocols/output/json.json");
    auto legacy = awsml_test::shared_path("vectors/botocore-protocols/legacy/output/json.json");
    if (!current || !legacy)
        return;
    CHECK(check_botocore_error_cases(*current) == 12);
    CHECK(check_botocore_error_cases(*legacy) == 4);
}

TEST_CASE("Machine Learning errors: integer code, message, request id", "[error_response]") {
    auto response = json_response(
        400,
        R"({"__type":"com.amazonaws.machinelearning#InvalidInputException","message":"m","code":400})",
        {{"x-amzn-RequestId", "9f1c-77"}});
    auto info = parse_error_response(response);
    CHECK(info.http_status == 400);
    CHECK(info.code == "InvalidInputException");
    CHECK(info.message == "m");
    CHECK(info.numeric_code == 400);
    CHECK(info.request_id == "9f1c-77");
    CHECK(info.body_excerpt == response.body);
    CHECK(awsml::describe(info) == "InvalidInputException: m (HTTP 400, request id 9f1c-77)");

    info = parse_error_response(json_response(
        404, R"({"__type":"ResourceNotFoundException","message":"No such model","code":-1})"));
    CHECK(info.code == "ResourceNotFoundException");
    CHECK(info.numeric_code == -1);
    CHECK(awsml::describe(info) == "ResourceNotFoundException: No such model (HTTP 404, code -1)");

    // What the service wrote reaches what() and logs terminal-safe, on one line; info keeps it.
    info = parse_error_response(json_response(
        400, R"({"__type":"Bad\u001b[2J","message":"line\nfaked\u009b\u202e\u2028 caf\u00e9"})",
        {{"x-amzn-RequestId", "id\x07"}}));
    CHECK(info.message == "line\nfaked\u009b\u202e\u2028 caf\u00e9");
    CHECK(
        awsml::describe(info) ==
        "Bad\\x1b[2J: line\\nfaked\\u009b\\u202e\\u2028 caf\u00e9 (HTTP 400, request id id\\x07)");

    // An integer that does not fit, a fraction, a boolean: no numeric code, no breakage.
    for (const char* code : {"4294967296", "-2147483649", "400.5", "true", "null", "[1]"}) {
        INFO(code);
        info = parse_error_response(json_response(
            500, std::string(R"({"__type":"InternalServerException","code":)") + code + "}"));
        CHECK(info.code == "InternalServerException");
        CHECK_FALSE(info.numeric_code);
    }
    info = parse_error_response(json_response(500, R"({"__type":"X","code":2147483647})"));
    CHECK(info.numeric_code == 2147483647);
}

TEST_CASE("where the code and message come from", "[error_response]") {
    // The header wins over the body; a string code over __type.
    auto info =
        parse_error_response(json_response(400, R"({"__type":"FromType","code":"FromCode"})",
                                           {{"X-Amzn-ErrorType", "FromHeader:http://x/"}}));
    CHECK(info.code == "FromHeader");
    info = parse_error_response(json_response(400, R"({"__type":"FromType","code":"FromCode"})"));
    CHECK(info.code == "FromCode");
    // The header name is matched without regard to case.
    info = parse_error_response(json_response(400, "{}", {{"x-amzn-errortype", "Lower"}}));
    CHECK(info.code == "Lower");
    // An empty header or code does not hide what follows.
    info = parse_error_response(
        json_response(400, R"({"code":"","__type":"ns#Real"})", {{"X-Amzn-ErrorType", ""}}));
    CHECK(info.code == "Real");
    // Only the top level counts.
    info = parse_error_response(json_response(400, R"({"Error":{"__type":"Nested","code":"N"}})"));
    CHECK(info.code.empty());
    // "message" before "Message"; non-strings are ignored.
    info = parse_error_response(json_response(400, R"({"Message":"upper","message":"lower"})"));
    CHECK(info.message == "lower");
    info = parse_error_response(json_response(400, R"({"message":7,"Message":"upper"})"));
    CHECK(info.message == "upper");
    // The S3-style request id header is the fallback.
    info = parse_error_response(json_response(500, "{}", {{"x-amz-request-id", "S3ID"}}));
    CHECK(info.request_id == "S3ID");
    info = parse_error_response(
        json_response(500, "{}", {{"x-amz-request-id", "S3ID"}, {"X-Amzn-RequestId", "AMZN"}}));
    CHECK(info.request_id == "AMZN");
}

TEST_CASE("bodies that are not JSON still give a readable result", "[error_response]") {
    http_response html{
        502, {{"Content-Type", "text/html"}}, "<html>\r\n<body>Bad Gateway</body>\r\n</html>\n"};
    auto info = parse_error_response(html);
    CHECK(info.http_status == 502);
    CHECK(info.code.empty());
    CHECK(info.message.empty());
    CHECK(info.body_excerpt == "<html>\\r\\n<body>Bad Gateway</body>\\r\\n</html>\\n");
    CHECK(awsml::describe(info) == "HTTP 502 error response: <html>\\r\\n<body>Bad Gateway</body>"
                                   "\\r\\n</html>\\n (no error code)");

    // A header still names the error when the body is not JSON.
    info = parse_error_response({503, {{"X-Amzn-ErrorType", "ServiceUnavailable"}}, "oops"});
    CHECK(info.code == "ServiceUnavailable");
    CHECK(info.body_excerpt == "oops");

    // JSON that is not an object, truncated JSON.
    for (const char* body : {"[1,2]", "\"text\"", "42", "{\"__type\":\"Cut", "{\"a\":1}}"}) {
        INFO(body);
        info = parse_error_response(json_response(400, body));
        CHECK(info.code.empty());
        CHECK(info.body_excerpt == body);
    }
}

TEST_CASE("an empty body", "[error_response]") {
    auto info = parse_error_response({500, {{"x-amzn-RequestId", "r1"}}, ""});
    CHECK(info.http_status == 500);
    CHECK(info.code.empty());
    CHECK(info.body_excerpt.empty());
    CHECK(info.request_id == "r1");
    CHECK(awsml::describe(info) ==
          "HTTP 500 error response with an empty body (no error code, request id r1)");
}

TEST_CASE("the excerpt is bounded and escapes non-printable bytes", "[error_response]") {
    std::string binary("\x00\x01\x7f\xff\xc3\xa9\t\\ok", 10);
    CHECK(awsml::body_excerpt(binary) == "\\x00\\x01\\x7f\\xff\\xc3\\xa9\\t\\ok");

    std::string long_body(1000, 'x');
    auto excerpt = awsml::body_excerpt(long_body);
    CHECK(excerpt == std::string(200, 'x') + "... (1000 bytes)");
    CHECK(awsml::body_excerpt(long_body, 3) == "xxx... (1000 bytes)");
    CHECK(awsml::body_excerpt(std::string(200, 'y')) == std::string(200, 'y'));

    auto info = parse_error_response({500, {}, std::string(5000, '\x01')});
    CHECK(info.body_excerpt.size() == 200 * 4 + std::string("... (5000 bytes)").size());
}

TEST_CASE("service_error carries the info", "[error_response]") {
    auto info = parse_error_response(
        json_response(400, R"({"__type":"InvalidInputException","message":"bad id"})",
                      {{"x-amzn-RequestId", "q"}}));
    try {
        throw awsml::service_error(info);
    } catch (const awsml::error& e) {
        CHECK(e.code() == awsml::errc::service_error);
        CHECK_THAT(e.what(), Catch::StartsWith("InvalidInputException: bad id (HTTP 400, "
                                               "request id q)"));
        const auto* service = dynamic_cast<const awsml::service_error*>(&e);
        REQUIRE(service);
        CHECK(service->info() == info);
        CHECK(service->http_status() == 400);
        CHECK(service->error_code() == "InvalidInputException");
        CHECK(service->message() == "bad id");
        CHECK(service->request_id() == "q");
    }
}

} // namespace error_response_test
