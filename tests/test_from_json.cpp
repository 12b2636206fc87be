// Decoding: bytes straight into GetMLModel's shapes, and every failure class with its message.
#include <awsml/model/from_json.hpp>

#include <awsml/machinelearning/shapes.hpp>

#include <catch2/catch.hpp>

#include <support/vectors.hpp>

#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using awsml::get_ml_model_output;

namespace {

std::string sample_path() {
    const char* source = std::getenv("AWSML_SOURCE_DIR");
    return std::string(source ? source : "..") + "/examples/data/get-ml-model-verbose.json";
}

awsml::timestamp at_ms(std::int64_t ms) {
    return awsml::timestamp(std::chrono::milliseconds(ms));
}

// The failure's full message, "<path>: <reason>".
std::string failure_of(std::string_view json) {
    auto result = awsml::try_from_json<get_ml_model_output>(json);
    REQUIRE_FALSE(result.has_value());
    return result.error().message();
}

} // namespace

TEST_CASE("a verbose GetMLModel response fills every member", "[decode]") {
    auto text = awsml_test::read_file(sample_path());
    REQUIRE_FALSE(text.empty());
    auto m = awsml::from_json<get_ml_model_output>(text);
    CHECK(m.ml_model_id == "ml-tGvRzy5Dr8Q");
    CHECK(m.training_data_source_id == "ds-5zaXlBSo9f1");
    CHECK(m.created_by_iam_user == "arn:aws:iam::123456789012:user/data-scientist");
    CHECK(m.created_at == at_ms(1435184201123));
    CHECK(m.last_updated_at == at_ms(1435184798456));
    CHECK(m.name == "Census income: banking marketing model");
    CHECK(m.status == awsml::entity_status::COMPLETED);
    CHECK(m.size_in_bytes == 2345678);
    REQUIRE(m.endpoint_info);
    CHECK(m.endpoint_info->peak_requests_per_second == 200);
    CHECK(m.endpoint_info->created_at == at_ms(1435186000000));
    CHECK(m.endpoint_info->endpoint_url ==
          "https://realtime.machinelearning.us-east-1.amazonaws.com");
    CHECK(m.endpoint_info->endpoint_status == awsml::realtime_endpoint_status::READY);
    REQUIRE(m.training_parameters);
    CHECK(m.training_parameters->size() == 8);
    CHECK(m.training_parameters->at("algorithm.objective") == "LogisticRegression");
    CHECK(m.input_data_location_s3 == "s3://aml-sample-data/banking.csv");
    CHECK(m.ml_model_type == awsml::ml_model_type::BINARY);
    CHECK(m.score_threshold == 0.5f);
    CHECK(m.score_threshold_last_updated_at == at_ms(1435185000500));
    CHECK(m.log_uri->find("https://eml-prod-emr") == 0);
    CHECK(m.message == "Model training completed successfully.");
    CHECK(m.compute_time == 368000);
    CHECK(m.finished_at == at_ms(1435184790000));
    CHECK(m.started_at == at_ms(1435184210000));
    REQUIRE(m.recipe);
    CHECK(m.recipe->find("quantile_bin(NUMERIC_VARS_QB_50,50)") != std::string::npos);
    REQUIRE(m.schema);
    CHECK(m.schema->find("\"targetAttributeName\": \"y\"") != std::string::npos);
}

TEST_CASE("absent and null members stay empty; absent is not zero", "[decode]") {
    auto m = awsml::from_json<get_ml_model_output>(
        R"({"SizeInBytes":0,"Name":null,"EndpointInfo":null,"ScoreThreshold":null})");
    CHECK(m.size_in_bytes == 0);
    CHECK_FALSE(m.name);
    CHECK_FALSE(m.endpoint_info);
    CHECK_FALSE(m.score_threshold);
    CHECK_FALSE(m.compute_time);
    CHECK(awsml::from_json<get_ml_model_output>("{}") == get_ml_model_output{});
}

TEST_CASE("null inside a map drops the entry", "[decode]") {
    auto m = awsml::from_json<get_ml_model_output>(R"({"TrainingParameters":{"a":"1","b":null}})");
    REQUIRE(m.training_parameters);
    CHECK(m.training_parameters->size() == 1);
    CHECK(m.training_parameters->count("a") == 1);
}

// Found by tests/fuzz/decoder.cpp: the failure path read the key of the map entry the null had
// just erased (heap-use-after-free under AddressSanitizer).
TEST_CASE("a syntax error right after a null map entry names the map", "[decode][fuzz]") {
    CHECK(failure_of(R"({"TrainingParameters":{"k":"v","n":null0}})") ==
          "$.TrainingParameters: malformed JSON at byte 39: syntax error");
    CHECK(failure_of(R"({"TrainingParameters":{"a-long-key-that-is-heap-allocated":null,1}})")
              .rfind("$.TrainingParameters: ", 0) == 0);
}

TEST_CASE("unknown members are skipped at any depth", "[decode]") {
    auto m = awsml::from_json<get_ml_model_output>(R"({
        "NewTopLevel": {"a": [1, 2.5, {"b": [[null, true, "x"]]}], "c": {"d": {}}},
        "MLModelId": "ml-1",
        "EndpointInfo": {"Future": [{"x": 1}], "PeakRequestsPerSecond": 5, "Other": "s"},
        "AnotherString": "with \"escapes\" \u00e9",
        "Status": "PENDING"
    })");
    CHECK(m.ml_model_id == "ml-1");
    CHECK(m.endpoint_info->peak_requests_per_second == 5);
    CHECK(m.status == awsml::entity_status::PENDING);
}

TEST_CASE("duplicate members: the last one wins", "[decode]") {
    auto m = awsml::from_json<get_ml_model_output>(
        R"({"Name":"first","Name":"second","EndpointInfo":{"PeakRequestsPerSecond":1},"EndpointInfo":{"EndpointStatus":"NONE"}})");
    CHECK(m.name == "second");
    CHECK_FALSE(m.endpoint_info->peak_requests_per_second);
    CHECK(m.endpoint_info->endpoint_status == awsml::realtime_endpoint_status::NONE);
}

TEST_CASE("enums keep values this version does not know", "[decode][enum]") {
    auto m =
        awsml::from_json<get_ml_model_output>(R"({"Status":"ARCHIVED","MLModelType":"BINARY"})");
    REQUIRE(m.status);
    CHECK_FALSE(m.status->is_known());
    CHECK(m.status->wire() == "ARCHIVED");
    CHECK(m.status != awsml::entity_status::COMPLETED);
    CHECK(m.ml_model_type->known() == awsml::ml_model_type_value::BINARY);
}

TEST_CASE("timestamps: integer, fractional and exponent epoch seconds, and date strings",
          "[decode][timestamp]") {
    auto created = [](std::string_view value) {
        auto m =
            awsml::from_json<get_ml_model_output>("{\"CreatedAt\":" + std::string(value) + "}");
        REQUIRE(m.created_at);
        return m.created_at->time_since_epoch().count();
    };
    CHECK(created("1700000000") == 1700000000000);
    CHECK(created("1700000000.123") == 1700000000123);
    CHECK(created("1.7e9") == 1700000000000);
    CHECK(created("1.7000000001E9") == 1700000000100);
    CHECK(created("-86400") == -86400000);
    CHECK(created("0") == 0);
    CHECK(created("\"2019-12-16T22:48:18-01:00\"") == 1576540098000);
    CHECK(created("\"2000-01-02T20:34:56.123Z\"") == 946845296123);
    CHECK(created("\"Sun, 02 Jan 2000 20:34:56 GMT\"") == 946845296000);
}

TEST_CASE("long members are exact over the whole int64 range", "[decode]") {
    auto size = [](std::string_view value) {
        return *awsml::from_json<get_ml_model_output>("{\"SizeInBytes\":" + std::string(value) +
                                                      "}")
                    .size_in_bytes;
    };
    CHECK(size("9223372036854775807") == std::numeric_limits<std::int64_t>::max());
    CHECK(size("-9223372036854775808") == std::numeric_limits<std::int64_t>::min());
    CHECK(size("9007199254740993") == 9007199254740993); // not representable as a double
}

TEST_CASE("each failure names the JSON path and the reason", "[decode][errors]") {
    SECTION("malformed JSON") {
        CHECK_THAT(failure_of(R"({"Name": "x",, })"), Catch::Contains("malformed JSON at byte"));
        CHECK_THAT(failure_of(R"({"EndpointInfo": {"PeakRequestsPerSecond": 1 "x": 2}})"),
                   Catch::StartsWith("$.EndpointInfo.PeakRequestsPerSecond: malformed JSON"));
    }
    SECTION("truncated document") {
        CHECK(failure_of(R"({"Name": "abc)") == "$.Name: truncated document (JSON ends too early)");
        CHECK(failure_of("") == "$: truncated document (JSON ends too early)");
    }
    SECTION("trailing bytes after the document") {
        CHECK(failure_of(R"({"Name":"x"} {})") ==
              "$: trailing bytes after the document at byte 13");
        CHECK(awsml::try_from_json<get_ml_model_output>("{} \n\t ").has_value());
    }
    SECTION("top level not an object") {
        CHECK(failure_of("[]") == "$: expected an object, got an array");
        CHECK(failure_of("\"x\"") == "$: expected an object, got a string");
        CHECK(failure_of("null") == "$: expected an object, got null");
        CHECK(failure_of("42") == "$: expected an object, got a number");
    }
    SECTION("wrong JSON type for a member") {
        CHECK(failure_of(R"({"Status": 3})") == "$.Status: expected a string (enum), got a number");
        CHECK(failure_of(R"({"SizeInBytes": "12"})") ==
              "$.SizeInBytes: expected an int64 integer, got a string");
        CHECK(failure_of(R"({"EndpointInfo": []})") ==
              "$.EndpointInfo: expected an object, got an array");
        CHECK(failure_of(R"({"TrainingParameters": {"a": 1}})") ==
              "$.TrainingParameters.a: expected a string, got a number");
        CHECK(failure_of(R"({"TrainingParameters": {"a b": {}}})") ==
              R"($.TrainingParameters["a b"]: expected a string, got an object)");
        CHECK(failure_of(R"({"Name": true})") == "$.Name: expected a string, got a boolean");
        CHECK(failure_of(R"({"ComputeTime": 1.5})") ==
              "$.ComputeTime: expected an integer, got 1.5");
        CHECK(failure_of(R"({"ScoreThreshold": "high"})") ==
              R"($.ScoreThreshold: expected a number, got the string "high")");
    }
    SECTION("numbers out of range") {
        CHECK(failure_of(R"({"EndpointInfo": {"PeakRequestsPerSecond": 3000000000}})") ==
              "$.EndpointInfo.PeakRequestsPerSecond: 3000000000 does not fit in int32");
        CHECK(failure_of(R"({"EndpointInfo": {"PeakRequestsPerSecond": -2147483649}})") ==
              "$.EndpointInfo.PeakRequestsPerSecond: -2147483649 does not fit in int32");
        CHECK(failure_of(R"({"SizeInBytes": 9223372036854775808})") ==
              "$.SizeInBytes: 9223372036854775808 does not fit in int64");
        CHECK(failure_of(R"({"ScoreThreshold": 1e39})") ==
              "$.ScoreThreshold: 1e39 does not fit in float");
        CHECK(failure_of(R"({"ScoreThreshold": 1e400})") ==
              "$.ScoreThreshold: 1e400 does not fit in float");
    }
    SECTION("unparsable timestamps") {
        CHECK(
            failure_of(R"({"CreatedAt": "yesterday"})") ==
            R"($.CreatedAt: "yesterday" is not a timestamp (epoch seconds, ISO 8601 or HTTP date))");
        CHECK(failure_of(R"({"FinishedAt": 1e20})") ==
              "$.FinishedAt: 1e20 is not a timestamp in years 1 to 9999");
        CHECK(failure_of(R"({"StartedAt": "2019-02-30T00:00:00Z"})").find("is not a timestamp") !=
              std::string::npos);
        CHECK(failure_of(R"({"StartedAt": true})") ==
              "$.StartedAt: expected a timestamp, got a boolean");
    }
    SECTION("invalid UTF-8") {
        CHECK(failure_of("{\"Name\": \"caf\xC3\x28\"}") == "$.Name: invalid UTF-8 at byte 13");
        CHECK(failure_of("{\"N\xFF\": 1}") == "$: invalid UTF-8 at byte 3");
    }
    SECTION("nesting deeper than the limit, also inside an unknown member") {
        std::string deep_unknown =
            "{\"Unknown\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
        CHECK(failure_of(deep_unknown) == "$: nested deeper than 64 levels");
        std::string deep_known =
            "{\"EndpointInfo\":{\"X\":" + std::string(70, '[') + std::string(70, ']') + "}}";
        CHECK(failure_of(deep_known) == "$.EndpointInfo: nested deeper than 64 levels");
        std::string fits = "{\"Unknown\":" + std::string(60, '[') + std::string(60, ']') + "}";
        CHECK(awsml::try_from_json<get_ml_model_output>(fits).has_value());
    }
}

TEST_CASE("the three API forms share one decoder", "[decode][errors]") {
    constexpr std::string_view bad = R"({"SizeInBytes": "x"})";
    SECTION("throwing: decode_error with path and reason") {
        try {
            (void)awsml::from_json<get_ml_model_output>(bad);
            FAIL("no exception");
        } catch (const awsml::decode_error& e) {
            CHECK(e.path() == "$.SizeInBytes");
            CHECK(e.reason() == "expected an int64 integer, got a string");
            CHECK(std::string(e.what()) ==
                  "$.SizeInBytes: expected an int64 integer, got a string");
            CHECK(e.code() == awsml::errc::type_mismatch);
        }
    }
    SECTION("error_code") {
        std::error_code ec;
        auto m = awsml::from_json<get_ml_model_output>(bad, ec);
        CHECK(ec == awsml::errc::type_mismatch);
        CHECK(m == get_ml_model_output{});
        (void)awsml::from_json<get_ml_model_output>("{}", ec);
        CHECK_FALSE(ec);
    }
    SECTION("result: value() throws the same decode_error") {
        auto result = awsml::try_from_json<get_ml_model_output>(bad);
        CHECK(result.error().code == awsml::errc::type_mismatch);
        CHECK_THROWS_AS(result.value(), awsml::decode_error);
    }
    SECTION("a smaller depth limit is honoured") {
        awsml::decode_options options;
        options.max_depth = 2;
        auto r = awsml::try_from_json<get_ml_model_output>(R"({"EndpointInfo":{"X":[]}})", options);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == awsml::errc::too_deep);
    }
}

TEST_CASE("modeled error bodies decode, with the integer code", "[decode]") {
    auto e = awsml::from_json<awsml::invalid_input_exception>(
        R"({"__type":"InvalidInputException","message":"bad id","code":400})");
    CHECK(e.message == "bad id");
    CHECK(e.code == 400);
}

// ---- the optimistic reader in front of basic_parser ------------------------------------------

namespace {

using string_map = std::map<std::string, std::string>; // a comma would split the macro argument

AWSML_SHAPE(reader_probe, (std::optional<std::string>, text, "Text"),
            (std::optional<double>, real, "Real"), (std::optional<std::int64_t>, whole, "Whole"),
            (std::optional<std::vector<std::string>>, list, "List"),
            (std::optional<string_map>, map, "Map"))

template <class T>
bool optimistic_read(std::string_view json, T& out) {
    awsml::detail::unescape_buffer scratch;
    awsml::detail::json_decoder handler({&out, &awsml::detail::ops_for<T>(), nullptr, nullptr});
    awsml::detail::optimistic_json_reader<awsml::detail::json_decoder> reader(handler, 64, scratch);
    return reader.read(json);
}

template <class T>
std::optional<T> basic_parser_decode(std::string_view json) {
    T out{};
    awsml::decode_failure failure;
    if (!awsml::detail::decode_json(json, {&out, &awsml::detail::ops_for<T>(), nullptr, nullptr},
                                    {}, failure))
        return std::nullopt;
    return out;
}

} // namespace

TEST_CASE("the optimistic reader takes what services send, exactly as basic_parser does",
          "[decode][reader]") {
    SECTION("the verbose sample") {
        const auto text = awsml_test::read_file(sample_path());
        REQUIRE_FALSE(text.empty());
        get_ml_model_output fast;
        REQUIRE(optimistic_read(text, fast));
        CHECK(fast == basic_parser_decode<get_ml_model_output>(text).value());
    }
    const char* accepted[] = {
        R"({"Text": "plain"})",
        R"({"Text": "\"an escape first, into a buffer never grown\""})", // fuzz finding (UBSan)
        R"({"Text": "q\" b\\ s\/ \b\f\n\r\t"})",
        R"({"Text": "\u00e9\u4e2d\ud83d\ude00 and caf\u00C9"})",
        "{\"Text\": \"raw UTF-8: caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80\"}",
        R"({"Text": "a long string with an escape far in: ................................\"."})",
        R"({"Real": 0})",
        R"({"Real": -0.0})",
        R"({"Real": 1.5})",
        R"({"Real": 1700000000.123})",
        R"({"Real": 0.005})",
        R"({"Real": 1e3})",
        R"({"Real": 2.5E-3})",
        R"({"Real": 123456789012345e7})",
        R"({"Real": 0.1})",
        R"({"Whole": -0})",
        R"({"Whole": 123456789012345678})",
        R"({"Whole": -123456789012345678})",
        R"({"List": ["a", "b\n"], "Map": {"k\"": "v", "k2": "w"}, "Unknown": [1, {"x": [true, false, null]}]})",
        " \t\r\n{ \"Text\" : \"spaced\" , \"List\" : [ ] , \"Map\" : { } } \n",
    };
    for (const char* json : accepted) {
        INFO(json);
        reader_probe fast;
        REQUIRE(optimistic_read(json, fast));
        const auto slow = basic_parser_decode<reader_probe>(json);
        REQUIRE(slow.has_value());
        CHECK(fast == *slow);
        if (fast.real) // bit for bit, sign of zero included
            CHECK(std::signbit(*fast.real) == std::signbit(*slow->real));
    }
}

TEST_CASE("the optimistic reader leaves errors and hard cases to basic_parser",
          "[decode][reader]") {
    const std::string deep = std::string(64, '[') + std::string(64, ']');
    const std::string declined[] = {
        R"({"Whole": 1234567890123456789})", // 19 digits: basic_parser's range checks
        R"({"Real": 1e30})",                 // not an exact power of ten
        R"({"Real": 0.12345678901234567})",  // more than 15 significant digits
        R"({"Real": 1e400})",
        R"({"Text": "\ud800"})", // lone surrogate
        R"({"Text": "\udc00\ud800"})",
        "{\"Text\": \"caf\xC3\x28\"}",  // invalid UTF-8
        "{\"Text\": \"\xED\xA0\x80\"}", // an encoded surrogate
        "{\"Text\": \"tab\tinside\"}",  // control character
        R"({"Text": "\x"})",
        R"({"Text": "abc)",
        R"({"Real": 01})",
        R"({"Real": 1.})",
        R"({"Real": -})",
        R"({"Text": "a",})",
        R"({"Text": "a"} trailing)",
        R"({"Text": 5})", // the handler rejects it: basic_parser names the path
        R"([1, 2])",
        R"({"Unknown": )" + deep + "}",
        "",
    };
    for (const std::string& json : declined) {
        INFO(json);
        reader_probe fast;
        CHECK_FALSE(optimistic_read(json, fast));
    }
    // Declining is invisible to users: from_json still decodes or explains.
    CHECK(awsml::from_json<reader_probe>(R"({"Whole": 1234567890123456789})").whole ==
          1234567890123456789);
    CHECK(awsml::from_json<reader_probe>(R"({"Real": 1e30})").real == 1e30);
    CHECK(awsml::try_from_json<reader_probe>(R"({"Text": 5})").error().message() ==
          "$.Text: expected a string, got a number");
}
