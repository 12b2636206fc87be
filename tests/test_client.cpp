// The client core over the stub transport: request format and signing, both API forms, modeled
// errors, retries with an injected clock and random source, clock-skew correction, hooks,
// configuration errors, thread safety, and a transport a user writes in a few lines.
#include <awsml/machinelearning/client.hpp>

#include <awsml/auth/sigv4_verify.hpp>
#include <awsml/http/stub_transport.hpp>
#include <awsml/runtime/hooks.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

#include <unistd.h>

namespace client_test {

using namespace std::chrono_literals;
using awsml::get_ml_model_input;
using awsml::get_ml_model_output;
using client = awsml::basic_client<awsml::stub_transport>;

namespace {

const awsml::credentials test_credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                          "session-token-secret", std::nullopt, "test"};
const auto fixed_time =
    std::chrono::system_clock::time_point(std::chrono::seconds(1440938160)); // 2015-08-30T12:36:00Z

struct recorder {
    std::vector<std::chrono::nanoseconds> sleeps;
};

awsml::client_config test_config(recorder& r) {
    awsml::client_config config;
    config.region = "us-east-1";
    config.credentials = test_credentials;
    config.use_environment = false;
    config.clock = [] { return fixed_time; };
    config.sleep = [&r](std::chrono::nanoseconds d) { r.sleeps.push_back(d); };
    config.retry_environment.random = [] { return 0.5; };
    return config;
}

get_ml_model_output sample_output() {
    get_ml_model_output m;
    m.ml_model_id = "ml-1";
    m.status = awsml::entity_status::COMPLETED;
    m.size_in_bytes = 42;
    return m;
}

} // namespace

TEST_CASE("a call sends a signed awsJson1_1 request and decodes the output", "[client]") {
    recorder r;
    awsml::stub_transport stub;
    stub.add_response("GetMLModel", sample_output(),
                      get_ml_model_input{.ml_model_id = "ml-1", .verbose = true});
    client c(test_config(r), stub);
    awsml::response_metadata meta;
    auto out = c.get_ml_model({.ml_model_id = "ml-1", .verbose = true}, meta);
    CHECK(out == sample_output());
    CHECK(meta.attempts == 1);
    CHECK(meta.http_status == 200);
    CHECK(meta.request_id == "stub-1");
    CHECK(meta.latency > std::chrono::nanoseconds(0));
    stub.assert_no_pending_responses();

    auto requests = stub.requests();
    REQUIRE(requests.size() == 1);
    const auto& req = requests[0];
    CHECK(req.method == "POST");
    CHECK(req.scheme == "https");
    CHECK(req.host == "machinelearning.us-east-1.amazonaws.com");
    CHECK(req.port == 443);
    CHECK(req.target == "/");
    CHECK(req.body == R"({"MLModelId":"ml-1","Verbose":true})");
    auto header = [&](std::string_view name) {
        return std::string(awsml::find_header(req.headers, name).value_or("<missing>"));
    };
    CHECK(header("Host") == "machinelearning.us-east-1.amazonaws.com");
    CHECK(header("Content-Type") == "application/x-amz-json-1.1");
    CHECK(header("X-Amz-Target") == "AmazonML_20141212.GetMLModel");
    CHECK(header("X-Amz-Date") == "20150830T123600Z");
    CHECK(header("X-Amz-Security-Token") == "session-token-secret");
    CHECK(header("amz-sdk-request") == "attempt=1; max=3");
    CHECK(header("User-Agent").rfind("awsml/0.1.0 ", 0) == 0);
    CHECK(header("amz-sdk-invocation-id").size() == 36);
    CHECK(header("Authorization")
              .rfind("AWS4-HMAC-SHA256 "
                     "Credential=AKIDEXAMPLE/20150830/us-east-1/machinelearning/aws4_request, "
                     "SignedHeaders=",
                     0) == 0);

    // The service side recomputes the signature from the secret.
    awsml::sigv4::verify_options options;
    options.now = fixed_time;
    options.region = "us-east-1";
    options.service = "machinelearning";
    CHECK(awsml::sigv4::verify(req, test_credentials.secret_access_key, options).has_value());
    auto tampered = req;
    tampered.body = R"({"MLModelId":"ml-2","Verbose":true})";
    CHECK_FALSE(
        awsml::sigv4::verify(tampered, test_credentials.secret_access_key, options).has_value());
}

TEST_CASE("each call has its own invocation id; retries keep it and count attempts", "[client]") {
    recorder r;
    awsml::stub_transport stub;
    stub.add_client_error("GetMLModel", "ThrottlingException", "slow down", 400)
        .add_response("GetMLModel", sample_output())
        .add_response("GetMLModel", sample_output());
    client c(test_config(r), stub);
    (void)c.get_ml_model({.ml_model_id = "ml-1"});
    (void)c.get_ml_model({.ml_model_id = "ml-1"});
    auto requests = stub.requests();
    REQUIRE(requests.size() == 3);
    auto id = [&](int i) {
        return std::string(*awsml::find_header(requests[i].headers, "amz-sdk-invocation-id"));
    };
    CHECK(id(0) == id(1));
    CHECK(id(1) != id(2));
    CHECK(*awsml::find_header(requests[1].headers, "amz-sdk-request") == "attempt=2; max=3");
    CHECK(requests[1].body == R"({"MLModelId":"ml-1"})");
}

TEST_CASE("the request is validated before anything is sent", "[client][validate]") {
    recorder r;
    awsml::stub_transport stub;
    client c(test_config(r), stub);
    auto result = c.try_get_ml_model({.ml_model_id = "bad id!"});
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == awsml::errc::validation_failed);
    CHECK(result.error().violations.size() == 1);
    CHECK_THROWS_AS(c.get_ml_model({.ml_model_id = ""}), awsml::validation_error);
    CHECK(stub.requests().empty());
}

TEST_CASE("modeled errors are distinct types carrying message, code and request id",
          "[client][errors]") {
    recorder r;
    awsml::stub_transport stub;
    stub.add_client_error("GetMLModel", "ResourceNotFoundException", "No model ml-9", 400, 404)
        .add_client_error("GetMLModel", "InvalidInputException", "bad", 400, 400)
        .add_client_error("GetMLModel", "AccessDeniedException", "nope", 403);
    client c(test_config(r), stub);
    try {
        (void)c.get_ml_model({.ml_model_id = "ml-9"});
        FAIL("no exception");
    } catch (const awsml::resource_not_found_error& e) {
        CHECK(e.http_status() == 400);
        CHECK(e.error_code() == "ResourceNotFoundException");
        CHECK(e.message() == "No model ml-9");
        CHECK(e.body().code == 404);
        CHECK(e.body().message == "No model ml-9");
        CHECK(e.request_id() == "stub-1");
        CHECK(e.code() == awsml::errc::service_error);
    }
    auto invalid = c.try_get_ml_model({.ml_model_id = "ml-1"});
    REQUIRE_FALSE(invalid.has_value());
    REQUIRE(invalid.error().as<awsml::invalid_input_exception>());
    CHECK(invalid.error().as<awsml::invalid_input_exception>()->code == 400);
    CHECK(invalid.error().metadata.attempts == 1);
    CHECK_FALSE(invalid.error().as<awsml::resource_not_found_exception>());
    try {
        (void)c.get_ml_model({.ml_model_id = "ml-1"});
        FAIL("no exception");
    } catch (const awsml::resource_not_found_error&) {
        FAIL("wrong type");
    } catch (const awsml::service_error& e) {
        CHECK(e.error_code() == "AccessDeniedException");
        CHECK(e.http_status() == 403);
    }
    CHECK(r.sleeps.empty()); // none of these is retried
}

TEST_CASE("standard retries: throttling and 5xx are retried with backoff, then succeed or fail",
          "[client][retry]") {
    recorder r;
    awsml::stub_transport stub;
    stub.add_client_error("GetMLModel", "ThrottlingException", "slow", 400)
        .add_raw_response("GetMLModel", 503, "<html>Service Unavailable</html>")
        .add_response("GetMLModel", sample_output());
    client c(test_config(r), stub);
    awsml::response_metadata meta;
    CHECK(c.get_ml_model({.ml_model_id = "ml-1"}, meta) == sample_output());
    CHECK(meta.attempts == 3);
    // random 0.5 * min(2^(attempt-1) s, 20 s)
    CHECK(r.sleeps == std::vector<std::chrono::nanoseconds>{500ms, 1000ms});

    SECTION("exhausted: the last error, with the number of attempts") {
        stub.add_raw_response("GetMLModel", 500, "not json {")
            .add_raw_response("GetMLModel", 502, "")
            .add_raw_response("GetMLModel", 504, "gateway timeout");
        auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().service.http_status == 504);
        CHECK(result.error().metadata.attempts == 3);
        CHECK(result.error().service.body_excerpt == "gateway timeout");
        CHECK_THAT(result.error().message, Catch::Contains("after 3 attempts"));
        stub.assert_no_pending_responses();
    }
    SECTION("transport errors are retried; the last one is reported") {
        stub.add_transport_error("GetMLModel", awsml::errc::timeout)
            .add_transport_error("GetMLModel", awsml::errc::transport_error,
                                 awsml::transport_stage::connecting)
            .add_transport_error("GetMLModel", awsml::errc::timeout,
                                 awsml::transport_stage::exchanging);
        auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == awsml::errc::timeout);
        CHECK(result.error().metadata.attempts == 3);
        CHECK(result.error().stage == awsml::transport_stage::exchanging); // the last attempt's
        CHECK_THROWS_AS(result.value(), awsml::error);
    }
}

TEST_CASE("max attempts and mode come from the config", "[client][retry]") {
    recorder r;
    auto config = test_config(r);
    config.max_attempts = 1;
    awsml::stub_transport stub;
    stub.add_client_error("GetMLModel", "ThrottlingException", "slow", 400);
    client c(config, stub);
    auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().service.code == "ThrottlingException");
    CHECK(result.error().metadata.attempts == 1);
    CHECK(*awsml::find_header(stub.requests()[0].headers, "amz-sdk-request") == "attempt=1; max=1");
}

TEST_CASE("clock skew: the client corrects its clock from Date and retries once",
          "[client][skew]") {
    recorder r;
    awsml::stub_transport stub;
    stub.add_raw_response(
            "GetMLModel", 400,
            R"json({"__type":"InvalidSignatureException","message":"Signature expired: 20150830T123600Z is now earlier than 20150830T133100Z (20150830T134600Z - 15 min.)"})json",
            {{"Date", "Sun, 30 Aug 2015 13:46:00 GMT"}})
        .add_response("GetMLModel", sample_output());
    client c(test_config(r), stub);
    CHECK(c.get_ml_model({.ml_model_id = "ml-1"}) == sample_output());
    CHECK(c.clock_offset() == std::chrono::milliseconds(70 * 60 * 1000));
    auto requests = stub.requests();
    REQUIRE(requests.size() == 2);
    CHECK(*awsml::find_header(requests[1].headers, "X-Amz-Date") == "20150830T134600Z");
    CHECK(r.sleeps.empty());
}

TEST_CASE("clock skew: RequestTimeTooSkewed and RequestExpired are corrected too, once",
          "[client][skew]") {
    for (const char* code : {"RequestTimeTooSkewed", "RequestExpired"}) {
        INFO(code);
        recorder r;
        awsml::stub_transport stub;
        const std::string body = std::string(R"({"__type":")") + code + R"(","message":"skewed"})";
        stub.add_raw_response("GetMLModel", 403, body, {{"Date", "Sun, 30 Aug 2015 12:56:00 GMT"}})
            .add_raw_response("GetMLModel", 403, body, {{"Date", "Sun, 30 Aug 2015 13:16:00 GMT"}});
        client c(test_config(r), stub);
        auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
        // Corrected by 20 minutes and retried once; a second skew error is the answer.
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().service.code == code);
        CHECK(result.error().metadata.attempts == 2);
        CHECK(c.clock_offset() == std::chrono::minutes(20));
        auto requests = stub.requests();
        REQUIRE(requests.size() == 2);
        CHECK(*awsml::find_header(requests[0].headers, "X-Amz-Date") == "20150830T123600Z");
        CHECK(*awsml::find_header(requests[1].headers, "X-Amz-Date") == "20150830T125600Z");
    }
}

TEST_CASE("clock skew: the correcting retry is one of the call's attempts", "[client][skew]") {
    const std::string skewed =
        R"({"__type":"RequestTimeTooSkewed","message":"skewed"})"; // 20 minutes ahead below
    const awsml::http_headers ahead{{"Date", "Sun, 30 Aug 2015 12:56:00 GMT"}};
    SECTION("one attempt allowed: the error is the answer, the clock corrected for later") {
        recorder r;
        awsml::stub_transport stub;
        stub.add_raw_response("GetMLModel", 403, skewed, ahead);
        client c(test_config(r), stub);
        auto result =
            c.try_get_ml_model({.ml_model_id = "ml-1"}, awsml::call_options{.max_attempts = 1});
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().service.code == "RequestTimeTooSkewed");
        CHECK(result.error().metadata.attempts == 1);
        CHECK(stub.requests().size() == 1);
        CHECK(c.clock_offset() == std::chrono::minutes(20));
        stub.add_response("GetMLModel", sample_output());
        CHECK(c.get_ml_model({.ml_model_id = "ml-1"}) == sample_output());
        CHECK(*awsml::find_header(stub.requests().at(1).headers, "X-Amz-Date") ==
              "20150830T125600Z");
    }
    SECTION("skewed at the last attempt: no fourth") {
        recorder r;
        awsml::stub_transport stub;
        stub.add_client_error("GetMLModel", "ServiceUnavailableException", "busy", 503)
            .add_client_error("GetMLModel", "ServiceUnavailableException", "busy", 503)
            .add_raw_response("GetMLModel", 403, skewed, ahead);
        client c(test_config(r), stub);
        auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().service.code == "RequestTimeTooSkewed");
        CHECK(result.error().metadata.attempts == 3);
        CHECK(stub.requests().size() == 3);
        CHECK(*awsml::find_header(stub.requests().at(2).headers, "amz-sdk-request") ==
              "attempt=3; max=3");
        // The correction took nothing from the quota: two retries, 5 tokens each.
        CHECK(c.retries().available_quota() == awsml::retry_strategy::initial_quota - 10);
    }
}

// botocore's numbers (its ClientRateLimiter with a fake clock): after the first throttle the
// bucket fills at 0.5 tokens/s from empty; the 0.5 s backoff refills 0.25 of the token the retry
// needs, so it waits 1.5 s more: 2 s in all, not the backoff plus a 2 s wait.
TEST_CASE("adaptive mode: a blocking retry's rate-limiter wait overlaps its backoff",
          "[client][retry][adaptive]") {
    recorder r;
    double now = 100;
    auto config = test_config(r);
    config.retry_mode = awsml::retry_mode::adaptive;
    config.retry_environment.now_seconds = [&now] { return now; };
    config.sleep = [&](std::chrono::nanoseconds d) {
        r.sleeps.push_back(d);
        now += std::chrono::duration<double>(d).count();
    };
    awsml::stub_transport stub;
    stub.add_client_error("GetMLModel", "ThrottlingException", "slow down", 400)
        .add_response("GetMLModel", sample_output());
    client c(config, stub);
    CHECK(c.get_ml_model({.ml_model_id = "ml-1"}) == sample_output());
    REQUIRE(r.sleeps.size() == 2);
    CHECK(std::chrono::duration<double>(r.sleeps[0]).count() == Approx(0.5)); // the backoff
    CHECK(std::chrono::duration<double>(r.sleeps[1]).count() == Approx(1.5)); // the bucket
}

TEST_CASE("clock skew: a signature error from a server whose clock agrees is not retried",
          "[client][skew]") {
    recorder r;
    awsml::stub_transport stub;
    // One minute apart: a wrong secret key, not a skew.
    stub.add_raw_response("GetMLModel", 400,
                          R"({"__type":"InvalidSignatureException","message":"The request )"
                          R"(signature we calculated does not match the signature you provided."})",
                          {{"Date", "Sun, 30 Aug 2015 12:37:00 GMT"}});
    client c(test_config(r), stub);
    auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().service.code == "InvalidSignatureException");
    CHECK(result.error().metadata.attempts == 1);
    CHECK(c.clock_offset() == std::chrono::milliseconds(0));
    CHECK(stub.requests().size() == 1);
}

TEST_CASE("InternalServerException is its own type, retried as a 500", "[client][errors]") {
    recorder r;
    awsml::stub_transport stub;
    for (int i = 0; i < 3; ++i)
        stub.add_client_error("GetMLModel", "InternalServerException", "try later", 500);
    client c(test_config(r), stub);
    try {
        (void)c.get_ml_model({.ml_model_id = "ml-1"});
        FAIL("no exception");
    } catch (const awsml::internal_server_error& e) {
        CHECK(e.http_status() == 500);
        CHECK(e.error_code() == "InternalServerException");
        CHECK(e.message() == "try later");
    }
    CHECK(r.sleeps.size() == 2); // three attempts in all
    stub.assert_no_pending_responses();
}

// Found by tests/fuzz/error_response.cpp: the offset to a Date in the year 1007 overflowed
// system_clock's nanoseconds (undefined behaviour under UBSan).
TEST_CASE("clock skew: a Date a century or more away is not followed", "[client][skew]") {
    recorder r;
    awsml::stub_transport stub;
    stub.add_raw_response("GetMLModel", 400,
                          R"({"__type":"InvalidSignatureException","message":"Signature expired"})",
                          {{"Date", "Sun, 30 Aug 1007 12:36:00 GMT"}});
    client c(test_config(r), stub);
    auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().service.code == "InvalidSignatureException");
    CHECK(c.clock_offset() == std::chrono::milliseconds(0));
    CHECK(stub.requests().size() == 1);
}

TEST_CASE("an empty 2xx body is an empty output; a bad one names the path", "[client]") {
    recorder r;
    awsml::stub_transport stub;
    stub.add_raw_response("GetMLModel", 200, "")
        .add_raw_response("GetMLModel", 200, R"({"SizeInBytes":"big"})");
    client c(test_config(r), stub);
    CHECK(c.get_ml_model({.ml_model_id = "ml-1"}) == get_ml_model_output{});
    auto bad = c.try_get_ml_model({.ml_model_id = "ml-1"});
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().code == awsml::errc::type_mismatch);
    CHECK(bad.error().message ==
          "GetMLModel response (HTTP 200): $.SizeInBytes: expected an int64 integer, got a string");
}

TEST_CASE("configuration errors are clear and nothing is sent", "[client][config]") {
    recorder r;
    awsml::stub_transport stub;
    SECTION("no region") {
        auto config = test_config(r);
        config.region.reset();
        client c(config, stub);
        auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == awsml::errc::no_region);
        CHECK_THAT(result.error().message, Catch::Contains("AWS_REGION"));
    }
    SECTION("no credentials") {
        auto config = test_config(r);
        config.credentials.reset();
        client c(config, stub);
        auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == awsml::errc::no_credentials);
    }
    SECTION("a region that is no DNS label, even with a custom endpoint, is an endpoint error") {
        auto config = test_config(r);
        config.endpoint_url = "https://example.com";
        config.region = "us east 1";
        client c(config, stub);
        auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == awsml::errc::endpoint_error);
        CHECK_THAT(result.error().message, Catch::Contains("invalid region"));
    }
    CHECK(stub.requests().empty());
}

TEST_CASE("a custom endpoint URL is used as given", "[client][config]") {
    recorder r;
    auto config = test_config(r);
    config.endpoint_url = "http://127.0.0.1:8080";
    awsml::stub_transport stub;
    stub.add_response("GetMLModel", sample_output());
    client c(config, stub);
    (void)c.get_ml_model({.ml_model_id = "ml-1"});
    auto req = stub.requests().at(0);
    CHECK(req.scheme == "http");
    CHECK(req.host == "127.0.0.1");
    CHECK(req.port == 8080);
    CHECK(*awsml::find_header(req.headers, "Host") == "127.0.0.1:8080");
}

TEST_CASE("the defaults mode sets the connect timeout a transport leaves unset",
          "[client][config][defaults_mode]") {
    using awsml::defaults_mode;
    recorder r;
    auto config = test_config(r);
    const auto connect_timeout = [&](awsml::http_transport_config transport = {}) {
        awsml::client c(config, awsml::asio_http_transport(transport));
        return std::pair(c.defaults_mode(), c.transport().config().connect_timeout);
    };
    CHECK(connect_timeout() ==
          std::pair(defaults_mode::legacy, std::optional<std::chrono::milliseconds>()));
    CHECK(awsml::asio_http_transport().config().connect_limit() == 3100ms);
    config.defaults_mode = defaults_mode::in_region;
    CHECK(connect_timeout().second == 1100ms);
    CHECK(connect_timeout({.connect_timeout = 2s}).second == 2s); // the transport's own wins
    config.defaults_mode = defaults_mode::mobile;
    CHECK(connect_timeout().second == 30s);
    // auto, in an AWS runtime of the client's region; the profile's setting, any case.
    config.defaults_mode.reset();
    config.use_environment = true;
    const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                      ("awsml-defaults-mode-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "config") << "[default]\ndefaults_mode = AUTO\n";
    config.environment =
        awsml::environment::from_map({{"AWS_CONFIG_FILE", (dir / "config").string()},
                                      {"AWS_SHARED_CREDENTIALS_FILE", (dir / "none").string()},
                                      {"AWS_EXECUTION_ENV", "AWS_Lambda_python3.12"},
                                      {"AWS_REGION", "us-east-1"}});
    CHECK(connect_timeout() == std::pair(defaults_mode::in_region, std::optional(1100ms)));
    config.region = "eu-west-1";
    CHECK(connect_timeout() == std::pair(defaults_mode::cross_region, std::optional(3100ms)));
    // A bad value fails every call with its source, and nothing is sent.
    std::ofstream(dir / "config") << "[default]\ndefaults_mode = fastest\n";
    awsml::stub_transport stub;
    client c(config, stub);
    auto failed = c.try_get_ml_model({.ml_model_id = "ml-1"});
    REQUIRE_FALSE(failed);
    CHECK(failed.error().code == awsml::errc::config_error);
    CHECK_THAT(failed.error().message,
               Catch::Contains("defaults_mode: \"fastest\" is not a defaults mode"));
    CHECK(stub.requests().empty());
    std::filesystem::remove_all(dir);
    // A transport of the user's with a plain duration still tells the client its timeout.
    static_assert(awsml::transport_with_connect_timeout<awsml::asio_http_transport>);
    struct plain_config {
        std::chrono::milliseconds connect_timeout{250};
    };
    struct plain_transport {
        plain_config config() const { return {}; }
    };
    static_assert(awsml::transport_with_connect_timeout<plain_transport>);
    CHECK(awsml::connect_timeout_of(plain_transport{}) == 250ms);
}

TEST_CASE("hooks see every attempt; the logging hook redacts every secret", "[client][hooks]") {
    recorder r;
    auto config = test_config(r);
    std::vector<std::string> events;
    std::string log;
    auto logging =
        awsml::logging_hooks([&](std::string_view line) { log.append(line).append("\n"); });
    config.hooks.before_send = [&](const awsml::attempt_context& c,
                                   const awsml::http_request& req) {
        events.push_back("send " + std::to_string(c.attempt));
        logging.before_send(c, req);
    };
    config.hooks.after_receive = [&](const awsml::attempt_context& c,
                                     const awsml::http_response* resp, std::error_code ec,
                                     std::chrono::nanoseconds latency) {
        events.push_back("receive " + std::to_string(resp ? resp->status : -1));
        logging.after_receive(c, resp, ec, latency);
    };
    config.hooks.on_retry = [&](const awsml::attempt_context& c, std::chrono::nanoseconds d,
                                std::string_view why) {
        events.push_back("retry " + std::string(why.substr(0, 19)));
        logging.on_retry(c, d, why);
    };
    awsml::stub_transport stub;
    stub.add_client_error("GetMLModel", "ThrottlingException", "slow", 400)
        .add_response("GetMLModel", sample_output());
    client c(config, stub);
    (void)c.get_ml_model({.ml_model_id = "ml-1"});
    CHECK(events == std::vector<std::string>{"send 1", "receive 400", "retry ThrottlingException",
                                             "send 2", "receive 200"});
    CHECK_THAT(log, Catch::Contains("X-Amz-Target: AmazonML_20141212.GetMLModel"));
    CHECK_THAT(log, Catch::Contains("Signature=<redacted>"));
    CHECK_THAT(log, Catch::Contains("X-Amz-Security-Token: <redacted>"));
    CHECK(log.find(test_credentials.secret_access_key) == std::string::npos);
    CHECK(log.find(test_credentials.session_token) == std::string::npos);
    for (const auto& req : stub.requests()) {
        auto auth = std::string(*awsml::find_header(req.headers, "Authorization"));
        auto signature = auth.substr(auth.find("Signature=") + 10);
        CHECK(log.find(signature) == std::string::npos);
    }
}

TEST_CASE("one client is safe to use from several threads", "[client][threads]") {
    recorder r;
    auto config = test_config(r);
    config.sleep = [](std::chrono::nanoseconds) {};
    awsml::stub_transport stub;
    constexpr int threads = 8, calls = 50;
    for (int i = 0; i < threads * calls; ++i)
        stub.add_response("GetMLModel", sample_output());
    client c(config, stub);
    std::atomic<int> ok{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            for (int i = 0; i < calls; ++i)
                ok += c.try_get_ml_model({.ml_model_id = "ml-1"}).has_value();
        });
    for (auto& t : pool)
        t.join();
    CHECK(ok == threads * calls);
    CHECK(stub.pending() == 0);
}

TEST_CASE("the stub reports unexpected calls and unmet expectations", "[client][stub]") {
    recorder r;
    awsml::stub_transport stub;
    client c(test_config(r), stub);
    auto unexpected = c.try_get_ml_model({.ml_model_id = "ml-1"});
    REQUIRE_FALSE(unexpected.has_value());
    CHECK(unexpected.error().service.code == "StubAssertionError");
    stub.add_response("GetMLModel", sample_output(), get_ml_model_input{.ml_model_id = "ml-2"});
    auto mismatch = c.try_get_ml_model({.ml_model_id = "ml-1"});
    REQUIRE_FALSE(mismatch.has_value());
    CHECK_THAT(mismatch.error().service.message,
               Catch::Contains(R"(expected parameters {"MLModelId":"ml-2"})"));
    CHECK(stub.failures().size() == 2);
    stub.add_response("GetMLModel", sample_output());
    CHECK_THROWS_WITH(stub.assert_no_pending_responses(), Catch::Contains("never came"));
}

// A user's transport: a few lines that model awsml::http_transport.
struct canned_transport {
    int calls = 0;
    awsml::http_response send(const awsml::http_request& request, std::error_code& ec) {
        ec.clear();
        ++calls;
        return {200, {}, R"({"MLModelId":")" + std::string(request.body.substr(14, 4)) + R"("})"};
    }
};
static_assert(awsml::http_transport<canned_transport>);

TEST_CASE("a user-written transport plugs in", "[client][transport]") {
    recorder r;
    awsml::basic_client<canned_transport> c(test_config(r));
    CHECK(c.get_ml_model({.ml_model_id = "ml-7"}).ml_model_id == "ml-7");
}

// A user's transport whose library reports a timeout in the standard category and gives its
// words as a temporary string.
struct timing_out_transport {
    awsml::http_response send(const awsml::http_request&, std::error_code& ec) {
        ec = std::make_error_code(std::errc::timed_out);
        return {};
    }
    std::string last_error_message() const {
        return "in-house library: no answer within its own 20 ms, on a long enough line that no "
               "small-string buffer holds it";
    }
};
static_assert(awsml::transport_with_error_message<timing_out_transport>);

TEST_CASE("a user-written transport's std::errc::timed_out is a timeout, in its own words",
          "[client][transport]") {
    recorder r;
    awsml::basic_client<timing_out_transport> c(test_config(r));
    auto result = c.try_get_ml_model({.ml_model_id = "ml-7"});
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == awsml::errc::timeout);
    CHECK_THAT(result.error().message,
               Catch::Contains("in-house library: no answer within its own 20 ms, on a long "
                               "enough line that no small-string buffer holds it"));
    CHECK(result.error().metadata.attempts == 3);
    // Retried as a timeout is: 10 tokens a retry.
    CHECK(c.retries().available_quota() == awsml::retry_strategy::initial_quota - 20);
}

// A user's transport whose library throws on its second send, after a 503 the client retries.
struct throwing_transport {
    std::shared_ptr<int> sends = std::make_shared<int>(0);
    awsml::http_response send(const awsml::http_request&, std::error_code& ec) {
        ec.clear();
        if (++*sends % 2 == 0)
            throw std::runtime_error("in-house library: out of sockets");
        return {503, {}, R"({"__type":"ServiceUnavailableException","message":"busy"})"};
    }
};

TEST_CASE("a transport or hook that throws ends a blocking call as an asynchronous one: "
          "hook_failed, or the exception itself; a retry not sent gives its tokens back",
          "[client][transport][hooks]") {
    recorder r;
    const auto full = awsml::retry_strategy::initial_quota;
    SECTION("the transport throws") {
        awsml::basic_client<throwing_transport> c(test_config(r));
        auto result = c.try_get_ml_model({.ml_model_id = "ml-7"});
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == awsml::errc::hook_failed);
        CHECK_THAT(result.error().message,
                   Catch::Contains("GetMLModel: threw: in-house library: out of sockets"));
        CHECK(result.error().metadata.http_status == 503);
        CHECK_THROWS_AS(result.value(), std::runtime_error);
        CHECK_THROWS_WITH(c.get_ml_model({.ml_model_id = "ml-7"}),
                          "in-house library: out of sockets");
        // Each retry was made (the transport was called): its 5 tokens are spent, as botocore
        // spends them on a retry whose send raised.
        CHECK(c.retries().available_quota() == full - 10);
    }
    SECTION("on_retry throws") {
        auto config = test_config(r);
        config.hooks.on_retry = [](const auto&, auto, std::string_view) {
            throw std::logic_error("the log is full");
        };
        awsml::stub_transport stub;
        client c(config, stub);
        for (int i = 0; i < 3; ++i) {
            stub.add_raw_response("GetMLModel", 503, R"({"__type":"ServiceUnavailableException"})");
            auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
            REQUIRE_FALSE(result.has_value());
            CHECK(result.error().code == awsml::errc::hook_failed);
            CHECK_THAT(result.error().message, Catch::Contains("threw: the log is full"));
        }
        stub.add_raw_response("GetMLModel", 503, R"({"__type":"ServiceUnavailableException"})");
        CHECK_THROWS_AS(c.get_ml_model({.ml_model_id = "ml-1"}), std::logic_error);
        CHECK(c.retries().available_quota() == full);
        CHECK(stub.requests().size() == 4);
    }
}

// A user's transport that reports no error and gives no response.
struct silent_transport {
    awsml::http_response send(const awsml::http_request&, std::error_code& ec) {
        ec.clear();
        return {};
    }
};

TEST_CASE("a transport's answer without an HTTP status is a malformed response, retried",
          "[client][transport]") {
    recorder r;
    awsml::basic_client<silent_transport> c(test_config(r));
    auto result = c.try_get_ml_model({.ml_model_id = "ml-7"});
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == awsml::errc::malformed_http_response);
    CHECK_THAT(result.error().message, Catch::Contains("gave no HTTP status (0)"));
    CHECK(result.error().stage == awsml::transport_stage::exchanging);
    CHECK(result.error().metadata.attempts == 3);
    CHECK(result.error().metadata.http_status == 0);
}

TEST_CASE("max_attempts below 1 in code fails each call, as from the files; the constructor "
          "does not throw",
          "[client][config]") {
    recorder r;
    auto config = test_config(r);
    config.max_attempts = GENERATE(0, -2);
    awsml::stub_transport stub;
    std::optional<client> c;
    REQUIRE_NOTHROW(c.emplace(config, stub));
    auto result = c->try_get_ml_model({.ml_model_id = "ml-1"});
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == awsml::errc::config_error);
    CHECK_THAT(result.error().message,
               Catch::Contains("max_attempts must be at least 1 (it counts the first attempt), "
                               "not " +
                               std::to_string(*config.max_attempts)));
    CHECK(stub.requests().empty());
}

TEST_CASE("a message that quotes a secret cut short shows none of it", "[client][secrets]") {
    recorder r;
    auto config = test_config(r);
    config.max_attempts = 1;
    const std::string token(200, 'T');
    config.credentials->session_token = "Tok/" + token;
    awsml::stub_transport stub;
    client c(config, stub);
    // Where a number belongs: the decoder quotes the string, cut at 80 bytes.
    stub.add_raw_response("GetMLModel", 200, R"({"ScoreThreshold":"Tok\/)" + token + R"("})");
    auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == awsml::errc::type_mismatch);
    CHECK_THAT(result.error().message, Catch::Contains("ScoreThreshold") &&
                                           Catch::Contains("<redacted>") &&
                                           !Catch::Contains("Tok/TTTTTTTTTTTT"));
    CHECK(result.error().service.body_excerpt.find("TTTTTTTTTTTT") == std::string::npos);
}

TEST_CASE("a failure's code without what backs it throws awsml::error with its own message",
          "[client][errors]") {
    awsml::call_failure failure;
    failure.message = "my auth service said no";
    failure.code = GENERATE(make_error_code(awsml::errc::service_error),
                            make_error_code(awsml::errc::validation_failed));
    try {
        awsml::throw_exception_from_error(failure);
    } catch (const awsml::service_error&) {
        FAIL("a service_error without an answer");
    } catch (const awsml::validation_error&) {
        FAIL("a validation_error without violations");
    } catch (const awsml::call_error& e) {
        CHECK(e.code() == failure.code);
        CHECK_THAT(e.what(), Catch::Contains("my auth service said no"));
        CHECK(e.failure().message == failure.message);
    }
}

TEST_CASE("the throwing form's call_error carries the whole failure: stage, status, attempts",
          "[client][errors]") {
    recorder r;
    auto config = test_config(r);
    config.max_attempts = 1;
    awsml::stub_transport stub;
    client c(config, stub);
    stub.add_raw_response("GetMLModel", 200, R"({"MLModelId":5})");
    try {
        c.get_ml_model({.ml_model_id = "ml-1"});
        FAIL("an answer that cannot be decoded was taken");
    } catch (const awsml::call_error& e) {
        CHECK(e.code() == awsml::errc::type_mismatch);
        CHECK(e.failure().metadata.http_status == 200);
        CHECK(e.failure().service.http_status == 200);
        CHECK_THAT(e.what(), Catch::Contains("$.MLModelId"));
    }
    stub.add_transport_error("GetMLModel", make_error_code(awsml::errc::timeout),
                             awsml::transport_stage::exchanging);
    try {
        c.get_ml_model({.ml_model_id = "ml-1"});
        FAIL("a timeout was taken for an answer");
    } catch (const awsml::call_error& e) {
        CHECK(e.code() == awsml::errc::timeout);
        CHECK(e.failure().stage == awsml::transport_stage::exchanging);
        CHECK(e.failure().metadata.attempts == 1);
        const awsml::call_error copy = e; // copies share the failure
        CHECK(&copy.failure() == &e.failure());
    }
}

TEST_CASE("FIPS with a configured endpoint sends there; a FIPS pseudo-region is normalised",
          "[client][config]") {
    recorder r;
    auto config = test_config(r);
    SECTION("use_fips_endpoint and dual-stack with endpoint_url: the URL as it is (botocore)") {
        config.endpoint_url = "http://localhost:8686";
        config.use_fips_endpoint = true;
        config.use_dualstack_endpoint = true;
        awsml::stub_transport stub;
        stub.add_response("GetMLModel", sample_output());
        client c(config, stub);
        REQUIRE(c.endpoint().has_value());
        CHECK(c.endpoint()->url == "http://localhost:8686");
        CHECK(c.get_ml_model({.ml_model_id = "ml-1"}).ml_model_id == "ml-1");
        CHECK(stub.requests().at(0).host == "localhost");
        CHECK(stub.requests().at(0).port == 8686);
    }
    SECTION("fips-us-east-1: the FIPS endpoint, signed for us-east-1") {
        config.region = "fips-us-east-1";
        awsml::stub_transport stub;
        stub.add_response("GetMLModel", sample_output());
        client c(config, stub);
        CHECK(c.region() == "us-east-1");
        c.get_ml_model({.ml_model_id = "ml-1"});
        auto req = stub.requests().at(0);
        CHECK(req.host == "machinelearning-fips.us-east-1.amazonaws.com");
        CHECK_THAT(std::string(*awsml::find_header(req.headers, "Authorization")),
                   Catch::Contains("/20150830/us-east-1/machinelearning/aws4_request"));
    }
}

TEST_CASE("region, endpoint, retries and credentials come from the environment and shared files",
          "[client][config]") {
    namespace fs = std::filesystem;
    fs::path dir =
        fs::temp_directory_path() / ("awsml-client-config-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    {
        std::ofstream(dir / "config")
            << "[profile team]\nregion = eu-west-1\nretry_mode = legacy\nmax_attempts = 2\n";
        std::ofstream(dir / "credentials")
            << "[team]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n";
    }
    recorder r;
    auto config = test_config(r);
    config.region.reset();
    config.credentials.reset();
    config.environment = awsml::environment::from_map(
        {{"AWS_CONFIG_FILE", (dir / "config").string()},
         {"AWS_SHARED_CREDENTIALS_FILE", (dir / "credentials").string()},
         {"AWS_PROFILE", "team"}});
    awsml::stub_transport stub;
    stub.add_client_error("GetMLModel", "ThrottlingException", "slow", 400)
        .add_client_error("GetMLModel", "ThrottlingException", "slow", 400);
    client c(config, stub);
    CHECK(c.region() == "eu-west-1");
    auto result = c.try_get_ml_model({.ml_model_id = "ml-1"});
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().metadata.attempts == 2); // max_attempts from the profile
    auto req = stub.requests().at(0);
    CHECK(req.host == "machinelearning.eu-west-1.amazonaws.com");
    CHECK_THAT(
        std::string(*awsml::find_header(req.headers, "Authorization")),
        Catch::Contains("Credential=AKIDPROFILE/20150830/eu-west-1/machinelearning/aws4_request"));

    SECTION("environment variables beat the profile") {
        auto env_config = config;
        env_config.environment = awsml::environment::from_map(
            {{"AWS_CONFIG_FILE", (dir / "config").string()},
             {"AWS_PROFILE", "team"},
             {"AWS_REGION", "us-west-2"},
             {"AWS_ACCESS_KEY_ID", "AKIDENV"},
             {"AWS_SECRET_ACCESS_KEY", "env-secret"},
             {"AWS_ENDPOINT_URL_MACHINE_LEARNING", "http://localhost:4566"}});
        awsml::stub_transport stub2;
        stub2.add_response("GetMLModel", sample_output());
        client c2(env_config, stub2);
        (void)c2.get_ml_model({.ml_model_id = "ml-1"});
        auto req2 = stub2.requests().at(0);
        CHECK(req2.host == "localhost");
        CHECK(req2.port == 4566);
        CHECK_THAT(std::string(*awsml::find_header(req2.headers, "Authorization")),
                   Catch::Contains("AKIDENV/20150830/us-west-2/"));
    }
    SECTION("no credentials anywhere: the error names every source tried") {
        auto bare = config;
        bare.region = "us-east-1";
        bare.environment = awsml::environment::from_map({{"AWS_EC2_METADATA_DISABLED", "true"}});
        client c3(bare, stub);
        auto failed = c3.try_get_ml_model({.ml_model_id = "ml-1"});
        REQUIRE_FALSE(failed.has_value());
        CHECK(failed.error().code == awsml::errc::no_credentials);
        CHECK_THAT(failed.error().message, Catch::Contains("environment"));
        CHECK_THAT(failed.error().message, Catch::Contains("credential_process"));
    }
    SECTION("a profile that does not exist is a configuration error") {
        auto missing = config;
        missing.profile = "nobody";
        client c4(missing, stub);
        auto failed = c4.try_get_ml_model({.ml_model_id = "ml-1"});
        REQUIRE_FALSE(failed.has_value());
        CHECK(failed.error().code == awsml::errc::config_error);
        CHECK_THAT(failed.error().message, Catch::Contains("nobody"));
    }
    fs::remove_all(dir);
}

} // namespace client_test
