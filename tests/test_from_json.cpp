// Decoding: bytes straight into GetMLModel's shapes, and every failure class with its message.
#include <awsml/model/detail/optimistic_json_reader.hpp>
#include <awsml/model/from_json.hpp>

#include <awsml/machinelearning/shapes.hpp>

#include <catch2/catch.hpp>

#include <support/vectors.hpp>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace from_json_test {

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

TEST_CASE("decoding into an existing value replaces it, reusing its memory", "[decode][reuse]") {
    const auto sample = awsml_test::read_file(sample_path());
    REQUIRE_FALSE(sample.empty());
    const std::string smaller =
        R"({"MLModelId":"ml-2","Recipe":"{}","TrainingParameters":{"sgd.maxPasses":"5"},)"
        R"("EndpointInfo":{"EndpointStatus":"NONE"},"SizeInBytes":7})";
    const std::string documents[] = {
        sample,
        smaller,
        "{}",
        R"({"Name":"a","Name":null,"TrainingParameters":{"b":"1","a":"2","b":null}})",
        R"({"EndpointInfo":{"PeakRequestsPerSecond":1},"EndpointInfo":{"CreatedAt":1}})",
        R"({"MLModelId":"exponent beyond the optimistic reader","Unknown":1e1500000000})",
        sample,
    };
    get_ml_model_output reused;
    for (const auto& document : documents) {
        INFO(document.substr(0, 80));
        awsml::from_json(document, reused);
        CHECK(reused == awsml::from_json<get_ml_model_output>(document));
    }

    SECTION("strings and maps keep their memory") {
        awsml::from_json(sample, reused);
        REQUIRE(reused.recipe);
        REQUIRE(reused.training_parameters);
        const char* recipe_buffer = reused.recipe->data();
        const auto* parameters_buffer = &*reused.training_parameters->begin();
        const auto parameters_capacity = reused.training_parameters->capacity();
        awsml::from_json(smaller, reused);
        CHECK(reused.recipe == "{}");
        CHECK(reused.recipe->data() == recipe_buffer);
        CHECK(*reused.training_parameters == awsml::training_parameters{{"sgd.maxPasses", "5"}});
        CHECK(&*reused.training_parameters->begin() == parameters_buffer);
        CHECK(reused.training_parameters->capacity() == parameters_capacity);
        CHECK_FALSE(reused.schema); // absent from the second document
        CHECK(reused.endpoint_info->endpoint_status == awsml::realtime_endpoint_status::NONE);
        CHECK_FALSE(reused.endpoint_info->endpoint_url);
    }
    SECTION("a list keeps its buffer; its elements are decoded afresh") {
        const auto page = [](int models) {
            std::string json = R"({"Results":[)";
            for (int i = 0; i < models; ++i)
                json += (i ? "," : "") + std::string(R"({"MLModelId":"ml-)") + std::to_string(i) +
                        R"(","Name":"a name long enough not to fit in a short string"})";
            return json + R"(],"NextToken":"next"})";
        };
        awsml::describe_ml_models_output models;
        awsml::from_json(page(3), models);
        REQUIRE(models.results);
        REQUIRE(models.results->size() == 3);
        const auto* results_buffer = models.results->data();
        const auto results_capacity = models.results->capacity();
        awsml::from_json(page(2), models);
        CHECK(models == awsml::from_json<awsml::describe_ml_models_output>(page(2)));
        CHECK(models.results->size() == 2);
        CHECK(models.results->data() == results_buffer);
        CHECK(models.results->capacity() == results_capacity);
        CHECK(models.results->back().ml_model_id == "ml-1");
        awsml::from_json(R"({"Results":[]})", models);
        CHECK(models.results->empty());
        CHECK(models.results->data() == results_buffer);
        CHECK_FALSE(models.next_token);
    }
    SECTION("on failure the value is reset and the error given") {
        awsml::from_json(sample, reused);
        CHECK_THROWS_AS(awsml::from_json(R"({"Name":"x","SizeInBytes":"no"})", reused),
                        awsml::decode_error);
        CHECK(reused == get_ml_model_output{});
        awsml::from_json(sample, reused);
        std::error_code ec;
        awsml::from_json(R"({"Name":"x",)", reused, ec);
        CHECK(ec == awsml::errc::malformed_json);
        CHECK(reused == get_ml_model_output{});
        awsml::from_json(smaller, reused, ec);
        CHECK_FALSE(ec);
        CHECK(reused.ml_model_id == "ml-2");
    }
}

namespace {

using tag_map = awsml::flat_map<std::string, std::string>;
AWSML_SHAPE(repeated_inner, (std::optional<std::string>, a, "A"),
            (std::optional<std::string>, b, "B"),
            (std::optional<std::vector<std::string>>, optional_list, "L"))
AWSML_SHAPE(repeated_probe, (std::vector<std::string>, items, "Items"), (tag_map, tags, "Tags"),
            (repeated_inner, nested, "Nested"), (std::vector<repeated_inner>, inners, "Inners"))

} // namespace

TEST_CASE("a member given twice: decoding into a kept value ends as decoding afresh",
          "[decode][reuse]") {
    // Not in an optional, a second list appends and a second map or structure merges; an
    // optional (or a scalar) takes the last value.
    const std::string repeated =
        R"({"Items":["a"],"Tags":{"k":"1"},"Nested":{"A":"1","L":["x"]},"Inners":[{"A":"i"}],)"
        R"("Items":["b","c"],"Tags":{"j":"2","k":"3"},"Nested":{"B":"2","L":["y"]},)"
        R"("Inners":[{"B":"j"}]})";
    const auto fresh = awsml::from_json<repeated_probe>(repeated);
    CHECK(fresh.items == std::vector<std::string>{"a", "b", "c"});
    CHECK(fresh.tags == tag_map{{"j", "2"}, {"k", "3"}});
    CHECK(fresh.nested.a == "1");
    CHECK(fresh.nested.b == "2");
    CHECK(fresh.nested.optional_list == std::vector<std::string>{"y"});
    CHECK(fresh.inners.size() == 2);

    const std::string other =
        R"({"Items":["z","y","x","w"],"Tags":{"m":"0"},"Nested":{"B":"old","L":["1","2"]},)"
        R"("Inners":[{"A":"0"},{"B":"1"},{"A":"2"}]})";
    repeated_probe reused;
    for (const std::string& document : {other, repeated, repeated, other, repeated}) {
        INFO(document);
        awsml::from_json(document, reused);
        CHECK(reused == awsml::from_json<repeated_probe>(document));
    }
    CHECK(reused == fresh);
    // The same through basic_parser (an exponent the optimistic reader leaves to it).
    awsml::from_json(other, reused);
    awsml::from_json(R"({"Unknown":1e1500000000,)" + repeated.substr(1), reused);
    CHECK(reused == fresh);
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
        R"({"Real": 0.21209149732767718})", // 17 digits: std::from_chars, not Clinger's path
        R"({"Real": 1e30})",
        R"({"Real": 1.5e+300})",
        R"({"Real": 18446744073709551616})", // an integer beyond uint64: a double
        R"({"Whole": -0})",
        R"({"Whole": 123456789012345678})",
        R"({"Whole": -123456789012345678})",
        R"({"Whole": 1234567890123456789})",
        R"({"Whole": -9223372036854775808})",
        R"({"Unknown": {"a": [1.5e+300, 0.21209149732767718, 9223372036854775808, 1e999999]}})",
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

TEST_CASE("the optimistic reader leaves errors to basic_parser", "[decode][reader]") {
    const std::string deep = std::string(64, '[') + std::string(64, ']');
    const std::string declined[] = {
        R"({"Real": 1e400})",                // the handler rejects it: out of range
        R"({"Whole": 9223372036854775808})", // likewise
        R"({"Text": "\ud800"})",             // lone surrogate
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
    // The limit itself is taken, as basic_parser takes it.
    const std::string at_limit =
        R"({"Unknown": )" + std::string(63, '[') + std::string(63, ']') + "}";
    reader_probe probe;
    CHECK(optimistic_read(at_limit, probe));
    CHECK(basic_parser_decode<reader_probe>(at_limit).has_value());
    // Declining is invisible to users: from_json still explains.
    CHECK(awsml::try_from_json<reader_probe>(R"({"Text": 5})").error().message() ==
          "$.Text: expected a string, got a number");
}

// ---- numbers: correctly rounded, the same bits on both paths --------------------------------

namespace {

std::uint64_t bits(double d) {
    return std::bit_cast<std::uint64_t>(d);
}

// The reference: libstdc++'s std::from_chars, correctly rounded; none beyond a double's range.
std::optional<double> reference_double(std::string_view text) {
    double value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc() || result.ptr != text.data() + text.size())
        return std::nullopt;
    return value;
}

// Decodes {"Real": <number>} on both paths, requiring both to take it; the fast one's value.
double real_on_both_paths(std::string_view number) {
    const std::string json = "{\"Real\": " + std::string(number) + "}";
    INFO(json);
    reader_probe fast;
    REQUIRE(optimistic_read(json, fast)); // a valid number never sends the document back
    const auto slow = basic_parser_decode<reader_probe>(json);
    REQUIRE(slow.has_value());
    REQUIRE(fast.real.has_value());
    REQUIRE(slow->real.has_value());
    CHECK(bits(*fast.real) == bits(*slow->real));
    return *fast.real;
}

std::int64_t whole_on_both_paths(std::string_view number) {
    const std::string json = "{\"Whole\": " + std::string(number) + "}";
    INFO(json);
    reader_probe fast;
    REQUIRE(optimistic_read(json, fast));
    const auto slow = basic_parser_decode<reader_probe>(json);
    REQUIRE(slow.has_value());
    CHECK(fast.whole == slow->whole);
    return fast.whole.value();
}

} // namespace

TEST_CASE("doubles are correctly rounded on both paths, whatever their length or exponent",
          "[decode][numbers]") {
    SECTION("hard cases, against their exact bit patterns") {
        struct hard_case {
            const char* text;
            double expected;
        };
        const hard_case cases[] = {
            {"0.21209149732767718", 0x1.b25d06e641a0cp-3},        // Boost 1.81 alone: one ulp high
            {"2.2250738585072011e-308", 0x0.fffffffffffffp-1022}, // largest subnormal
            {"2.2250738585072014e-308", 0x1p-1022},
            {"9007199254740993.0", 0x1p53}, // halfway between doubles: ties to even, down
            {"9007199254740995.0", 0x1.0000000000002p53}, // halfway: ties to even, up
            {"1.7976931348623157e308", 0x1.fffffffffffffp1023},
            {"1.7976931348623158e308", 0x1.fffffffffffffp1023}, // below the overflow midpoint
            {"-1.7976931348623157e308", -0x1.fffffffffffffp1023},
            {"5e-324", 0x0.0000000000001p-1022},
            {"2.4703282292062328e-324", 0x0.0000000000001p-1022}, // just above half of it
            {"2.4703282292062327e-324", 0.0},                     // just below: zero
            {"1e23", 0x1.52d02c7e14af6p76},
            {"8.98846567431158e307", 0x1p1023},
            {"8.988465674311579e307", 0x1.fffffffffffffp1022}, // nearer below 2^1023
            // 55 digits, exactly halfway between 1 and the next double: ties to even, down;
            // one more in the last place: up.
            {"1.00000000000000011102230246251565404236316680908203125", 1.0},
            {"1.00000000000000011102230246251565404236316680908203126", 0x1.0000000000001p0},
            {"1e0000000000000000000000000000000000000001", 10.0},
            {"0.1e-00000000000000000000000000000000000000005", 0x1.0c6f7a0b5ed8dp-20},
            {"1e-999999999", 0.0},
            {"0e999999999", 0.0},
            {"-0.0", -0.0},
            {"0.000000000000000000000000000000000000000000000000000001e54", 1.0},
            {"18446744073709551616", 0x1p64},  // integer syntax beyond uint64
            {"-9223372036854775809", -0x1p63}, // integer syntax below int64
            {"9007199254740993", 0x1p53},      // an int64 converted to double: ties to even
        };
        for (const hard_case& c : cases) {
            INFO(c.text);
            const double decoded = real_on_both_paths(c.text);
            CHECK(bits(decoded) == bits(c.expected));
            if (const auto reference = reference_double(c.text); reference || c.expected != 0)
                CHECK(bits(decoded) == bits(reference.value()));
        }
    }
    SECTION("long mantissas and many-digit exponents, against std::from_chars") {
        const char* texts[] = {
            "7.0420557077594588669468784357561207962098443483187940792729600000e+59",
            "0.12345678901234567890123456789012345678901234567890123456789",
            "123456789012345678901234567890123456789012345678901234567890.5",
            "4.9406564584124654417656879286822137236505980e-324",
            "2.225073858507201136057409796709131975934819546351645648023426109724822222021076945516"
            "529523908135087914149158913039621106870086438694594645527657207407820621743379988141"
            "063267329253552286881372149012981122451451889849057222307285255133155755015914397476"
            "397983411801999323962548289017107081850690630666655994938275772572015763062690663332"
            "647565300009245888316433037779791869612049497390377829704905051080609940730262937128"
            "958950003583799967207254304360284078895771796150945516748243471030702609144621572289"
            "880258182545180325707018860872113128079512233426288368622321503775666622503982534335"
            "974568884423900265498198385487948292206894721689831099698365846814022854243330660339"
            "850886445804001034933970427567186443383770486037861622771738545623065874679014086723"
            "327636718751234567890123456789012345678901e-308",
            "1.5e+300",
            "-3.14159265358979323846264338327950288419716939937510582097494459",
            "0.30000000000000004",
            "123456789012345678", // 18 digits, beyond 2^53: converted from an int64
            "1234567890123456.7",
            "9.999999999999999e22",
            "1e-22",
            "4.35e-23",
        };
        for (const char* text : texts) {
            INFO(text);
            CHECK(bits(real_on_both_paths(text)) == bits(reference_double(text).value()));
        }
    }
    SECTION("random 17-digit doubles come back bit for bit") {
        std::uint64_t state = 0x9e3779b97f4a7c15;
        for (int i = 0; i < 2000; ++i) {
            state = state * 6364136223846793005 + 1442695040888963407; // a fixed LCG: repeatable
            const double value = std::bit_cast<double>(state >> 1 | (state & 1) << 63);
            if (!std::isfinite(value))
                continue;
            char text[32];
            const auto end =
                std::to_chars(text, text + sizeof text, value, std::chars_format::scientific, 16);
            INFO(std::string_view(text, end.ptr));
            REQUIRE(bits(real_on_both_paths({text, end.ptr})) == bits(value));
        }
    }
    SECTION("beyond a double's range: a clear error on both paths") {
        for (const char* text :
             {"1.7976931348623159e308", "1e400", "-1e999999999", "1" /* followed by 400 zeros */}) {
            std::string number = text;
            if (number == "1")
                number.append(400, '0');
            const std::string json = "{\"Real\": " + number + "}";
            INFO(json);
            const auto result = awsml::try_from_json<reader_probe>(json);
            REQUIRE_FALSE(result.has_value());
            CHECK(result.error().code == awsml::errc::out_of_range);
            CHECK(result.error().message() == "$.Real: " + number + " does not fit in double");
        }
    }
}

TEST_CASE("int64 members: exact to both extremes, a clear error beyond, on both paths",
          "[decode][numbers]") {
    CHECK(whole_on_both_paths("9223372036854775807") == std::numeric_limits<std::int64_t>::max());
    CHECK(whole_on_both_paths("-9223372036854775808") == std::numeric_limits<std::int64_t>::min());
    CHECK(whole_on_both_paths("-9223372036854775807") ==
          std::numeric_limits<std::int64_t>::min() + 1);
    CHECK(whole_on_both_paths("1000000000000000000") == 1'000'000'000'000'000'000);
    CHECK(whole_on_both_paths("9007199254740993") == 9007199254740993);
    for (const char* text : {"9223372036854775808", "-9223372036854775809", "18446744073709551615",
                             "18446744073709551616", "99999999999999999999",
                             "-99999999999999999999", "123456789012345678901234567890"}) {
        const std::string json = std::string("{\"Whole\": ") + text + "}";
        INFO(json);
        reader_probe fast;
        CHECK_FALSE(optimistic_read(json, fast)); // the handler refuses it
        const auto result = awsml::try_from_json<reader_probe>(json);
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == awsml::errc::out_of_range);
        CHECK(result.error().message() ==
              std::string("$.Whole: ") + text + " does not fit in int64");
    }
    CHECK(awsml::try_from_json<reader_probe>(R"({"Whole": 1e3})").error().message() ==
          "$.Whole: expected an integer, got 1e3");
}

TEST_CASE("numbers inside unknown members are checked, not converted", "[decode][numbers]") {
    // Out of every range, and still only skipped: the known members decode on both paths.
    const std::string json =
        R"({"Unknown": {"a": [1.5e+300, 0.21209149732767718, 1e999999,)"
        R"( -1e-999999, 123456789012345678901234567890, -0, 9223372036854775808],)"
        R"( "b": {"c": [[2.2250738585072011e-308]]}}, "Real": 0.21209149732767718,)"
        R"( "Other": 1e400, "Whole": 9223372036854775807})";
    reader_probe fast;
    REQUIRE(optimistic_read(json, fast));
    const auto slow = basic_parser_decode<reader_probe>(json);
    REQUIRE(slow.has_value());
    CHECK(bits(*fast.real) == bits(0x1.b25d06e641a0cp-3));
    CHECK(bits(*slow->real) == bits(*fast.real));
    CHECK(fast.whole == std::numeric_limits<std::int64_t>::max());
    CHECK(slow->whole == fast.whole);
    // Their syntax is still checked.
    for (const char* bad : {R"({"Unknown": [01]})", R"({"Unknown": {"a": 1.}})",
                            R"({"Unknown": -})", R"({"Unknown": 1e})", R"({"Unknown": .5})",
                            R"({"Unknown": 1e2147483648})" /* basic_parser: exponent overflow */}) {
        INFO(bad);
        reader_probe probe;
        CHECK_FALSE(optimistic_read(bad, probe));
        CHECK(awsml::try_from_json<reader_probe>(bad).error().code == awsml::errc::malformed_json);
    }
}

// ---- strings: escapes at every position of the reader's 16-byte blocks ----------------------

namespace {

// `text` decoded as the Text member on both paths: the optimistic reader must take it, with
// the value basic_parser gives.
std::string text_on_both_paths(const std::string& json) {
    INFO(json);
    reader_probe fast;
    REQUIRE(optimistic_read(json, fast));
    const auto slow = basic_parser_decode<reader_probe>(json);
    REQUIRE(slow.has_value());
    REQUIRE(fast.text.has_value());
    CHECK(fast.text == slow->text);
    return fast.text.value();
}

} // namespace

TEST_CASE("escaped strings: every escape at every offset, across blocks, on both paths",
          "[decode][reader][strings]") {
    struct escape {
        const char* json;
        const char* text;
    };
    const escape escapes[] = {{R"(\")", "\""},
                              {R"(\\)", "\\"},
                              {R"(\/)", "/"},
                              {R"(\n)", "\n"},
                              {R"(\t)", "\t"},
                              {R"(\b)", "\b"},
                              {R"(\f)", "\f"},
                              {R"(\r)", "\r"},
                              {R"(\u0041)", "A"},
                              {R"(\u00e9)", "\xC3\xA9"},
                              {R"(\u4E2D)", "\xE4\xB8\xAD"},
                              {R"(\ud83d\uDE00)", "\xF0\x9F\x98\x80"}};
    // A string of up to 100 bytes (so the block path and the tail both run), with one escape
    // at each offset, then a second escape a few bytes later, then raw UTF-8.
    const std::string plain = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.,;:";
    for (const escape& first : escapes)
        for (const escape& second : escapes)
            for (std::size_t at = 0; at < 40; ++at)
                for (std::size_t gap : {0, 1, 5, 14, 15, 16, 17}) {
                    const std::string head = plain.substr(0, at);
                    const std::string middle = plain.substr(0, gap);
                    const std::string tail = plain.substr(0, 40 - at % 7) + "\xC3\xA9.";
                    const std::string json =
                        "{\"Text\": \"" + head + first.json + middle + second.json + tail + "\"}";
                    const std::string expected = head + first.text + middle + second.text + tail;
                    if (text_on_both_paths(json) != expected)
                        FAIL_CHECK(json);
                }
    // A dense run of escapes, as JSON inside JSON is, longer than any block.
    std::string json_text;
    std::string expected;
    for (int i = 0; i < 200; ++i) {
        json_text += R"(\"k)" + std::to_string(i) + R"(\": \"v\",\n)";
        expected += "\"k" + std::to_string(i) + "\": \"v\",\n";
    }
    CHECK(text_on_both_paths("{\"Text\": \"" + json_text + "\", \"Real\": 1}") == expected);
}

TEST_CASE("escaped strings: what the block path declines, basic_parser refuses",
          "[decode][reader][strings]") {
    const std::string padding(40, 'x');
    std::vector<std::string> declined;
    for (std::size_t at : {0, 1, 14, 15, 16, 17, 30, 31, 32, 33}) {
        const std::string head = R"(\n)" + padding.substr(0, at);
        for (const char* bad :
             {"\t", "\x01", R"(\x)", R"(\u12G4)", R"(\ud800)", R"(\ud800\u0041)", R"(\udc00)",
              "\xC3\x28", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE0\x80\x80", "\xC0\xAF"})
            declined.push_back("{\"Text\": \"" + head + bad + padding + "\"}");
        declined.push_back("{\"Text\": \"" + head); // unterminated, escapes and all
        declined.push_back("{\"Text\": \"" + head + "\\");
    }
    // Invalid UTF-8 outside the strings decoded, or where nothing is decoded.
    declined.push_back("{\"Unknown\": \"caf\xC3\x28\"}");
    declined.push_back("{\"K\xFF\": 1}");
    declined.push_back("{\"Text\": \"a\"}\xC3\xA9");
    for (const std::string& json : declined) {
        INFO(json);
        reader_probe fast;
        CHECK_FALSE(optimistic_read(json, fast));
        CHECK_FALSE(basic_parser_decode<reader_probe>(json).has_value());
        CHECK_FALSE(awsml::try_from_json<reader_probe>(json).has_value());
    }
    // Raw UTF-8 of every length at the edges of what is valid is taken.
    for (const char* valid :
         {"\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80", "\xEF\xBF\xBF",
          "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF"}) {
        const std::string text = padding + valid + R"(\n)" + valid + padding;
        CHECK(text_on_both_paths("{\"Text\": \"" + text + "\"}") ==
              padding + valid + "\n" + valid + padding);
    }
}

} // namespace from_json_test
