// Encoding: the inverse of decoding, absent members left out, and a round-trip property test.
#include <awsml/model/to_json.hpp>

#include <awsml/machinelearning/shapes.hpp>
#include <awsml/model/from_json.hpp>

#include <catch2/catch.hpp>

#include <cstdio>
#include <random>

namespace to_json_test {

using awsml::get_ml_model_output;

namespace {

awsml::timestamp at_ms(std::int64_t ms) {
    return awsml::timestamp(std::chrono::milliseconds(ms));
}

// Random responses over every member, with unicode, escapes, extremes and absent members.
class random_model {
public:
    explicit random_model(std::uint32_t seed)
        : rng_(seed) {}

    get_ml_model_output next() {
        get_ml_model_output m;
        maybe(m.ml_model_id, [&] { return text(1, 64); });
        maybe(m.training_data_source_id, [&] { return text(1, 64); });
        maybe(m.created_by_iam_user, [&] { return text(0, 80); });
        maybe(m.created_at, [&] { return time(); });
        maybe(m.last_updated_at, [&] { return time(); });
        maybe(m.name, [&] { return text(0, 300); });
        maybe(m.status, [&] {
            return pick<awsml::entity_status>(
                {"PENDING", "INPROGRESS", "FAILED", "COMPLETED", "DELETED", "FUTURE_STATUS"});
        });
        maybe(m.size_in_bytes, [&] { return integer<std::int64_t>(); });
        maybe(m.endpoint_info, [&] {
            awsml::realtime_endpoint_info e;
            maybe(e.peak_requests_per_second, [&] { return integer<std::int32_t>(); });
            maybe(e.created_at, [&] { return time(); });
            maybe(e.endpoint_url, [&] { return text(0, 100); });
            maybe(e.endpoint_status, [&] {
                return pick<awsml::realtime_endpoint_status>(
                    {"NONE", "READY", "UPDATING", "FAILED", "X"});
            });
            return e;
        });
        maybe(m.training_parameters, [&] {
            awsml::training_parameters p;
            for (int i = std::uniform_int_distribution<int>(0, 12)(rng_); i > 0; --i)
                p[text(0, 20)] = text(0, 40);
            return p;
        });
        maybe(m.input_data_location_s3, [&] { return text(0, 100); });
        maybe(m.ml_model_type, [&] {
            return pick<awsml::ml_model_type>({"REGRESSION", "BINARY", "MULTICLASS", "NEW"});
        });
        maybe(m.score_threshold, [&] { return real(); });
        maybe(m.score_threshold_last_updated_at, [&] { return time(); });
        maybe(m.log_uri, [&] { return text(0, 200); });
        maybe(m.message, [&] { return text(0, 200); });
        maybe(m.compute_time, [&] { return integer<std::int64_t>(); });
        maybe(m.finished_at, [&] { return time(); });
        maybe(m.started_at, [&] { return time(); });
        maybe(m.recipe, [&] { return text(0, 2000); });
        maybe(m.schema, [&] { return text(0, 2000); });
        return m;
    }

private:
    template <class T, class Make>
    void maybe(std::optional<T>& slot, Make make) {
        if (std::bernoulli_distribution(0.8)(rng_))
            slot = make();
    }

    std::string text(int min, int max) {
        static const std::string_view pieces[] = {"a",
                                                  "Z",
                                                  "0",
                                                  "-",
                                                  "_",
                                                  ".",
                                                  " ",
                                                  "\"",
                                                  "\\",
                                                  "/",
                                                  "\n",
                                                  "\t",
                                                  "\x01",
                                                  "\x1f",
                                                  "\xc3\xa9",
                                                  "\xe2\x82\xac",
                                                  "\xf0\x9f\x98\x80",
                                                  "{",
                                                  "]"};
        int n = std::uniform_int_distribution<int>(min, max)(rng_);
        std::string s;
        for (int i = 0; i < n; ++i)
            s += pieces[std::uniform_int_distribution<std::size_t>(0, std::size(pieces) - 1)(rng_)];
        return s;
    }
    template <class Int>
    Int integer() {
        switch (std::uniform_int_distribution<int>(0, 3)(rng_)) {
        case 0:
            return std::numeric_limits<Int>::min();
        case 1:
            return std::numeric_limits<Int>::max();
        default:
            return std::uniform_int_distribution<Int>(std::numeric_limits<Int>::min(),
                                                      std::numeric_limits<Int>::max())(rng_);
        }
    }
    float real() {
        switch (std::uniform_int_distribution<int>(0, 4)(rng_)) {
        case 0:
            return std::numeric_limits<float>::max();
        case 1:
            return std::numeric_limits<float>::denorm_min();
        case 2:
            return std::numeric_limits<float>::infinity();
        default:
            return std::uniform_real_distribution<float>(-1e6f, 1e6f)(rng_);
        }
    }
    awsml::timestamp time() {
        return at_ms(
            std::uniform_int_distribution<std::int64_t>(-62135596800000, 253402300799999)(rng_));
    }
    template <class Enum>
    Enum pick(std::initializer_list<std::string_view> wires) {
        auto i = std::uniform_int_distribution<std::size_t>(0, wires.size() - 1)(rng_);
        return Enum::from_wire(*(wires.begin() + i));
    }

    std::mt19937 rng_;
};

} // namespace

TEST_CASE("encoding writes wire names, leaves absent members out", "[encode]") {
    get_ml_model_output m;
    m.ml_model_id = "ml-1";
    m.status = awsml::entity_status::COMPLETED;
    m.created_at = at_ms(1700000000123);
    m.finished_at = at_ms(1700000000000);
    m.score_threshold = 0.25f;
    m.training_parameters = awsml::training_parameters{{"b", "2"}, {"a", "1"}};
    m.endpoint_info = awsml::realtime_endpoint_info{};
    m.endpoint_info->peak_requests_per_second = -5;
    CHECK(
        awsml::to_json(m) ==
        R"({"MLModelId":"ml-1","CreatedAt":1700000000.123,"Status":"COMPLETED","EndpointInfo":{"PeakRequestsPerSecond":-5},)"
        R"("TrainingParameters":{"a":"1","b":"2"},"ScoreThreshold":0.25,"FinishedAt":1700000000})");
    CHECK(awsml::to_json(get_ml_model_output{}) == "{}");
}

TEST_CASE("requests carry only the members that are set", "[encode]") {
    CHECK(awsml::to_json(awsml::get_ml_model_input{.ml_model_id = "ml-1", .verbose = true}) ==
          R"({"MLModelId":"ml-1","Verbose":true})");
    CHECK(awsml::to_json(awsml::get_ml_model_input{.ml_model_id = "ml-1"}) ==
          R"({"MLModelId":"ml-1"})");
}

TEST_CASE("strings are escaped; unknown enum values are written back as received", "[encode]") {
    get_ml_model_output m;
    m.name = "quote\" backslash\\ newline\n tab\t control\x01 euro\xe2\x82\xac";
    m.status = awsml::entity_status::from_wire("ARCHIVED");
    CHECK(awsml::to_json(m) == "{\"Name\":\"quote\\\" backslash\\\\ newline\\n tab\\t "
                               "control\\u0001 euro\xe2\x82\xac\",\"Status\":\"ARCHIVED\"}");
}

// JSON's escaping spelled out byte by byte: what the writer, which copies plain runs found 16
// bytes at a time, must match wherever a byte falls in or across those blocks.
std::string escaped_byte_by_byte(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (byte < 0x20) {
                char unicode[16];
                std::snprintf(unicode, sizeof unicode, "\\u%04x", byte);
                out += unicode;
            } else {
                out += c; // UTF-8 and DEL as they are
            }
        }
    }
    return out + "\"";
}

TEST_CASE("every byte is escaped alike wherever it falls in the writer's 16-byte blocks",
          "[encode]") {
    for (int byte = 0; byte < 256; ++byte) {
        for (std::size_t length : {1, 15, 16, 17, 31, 33, 48}) {
            for (std::size_t at = 0; at < length; ++at) {
                std::string text(length, 'a');
                text[at] = static_cast<char>(byte);
                if (at + 1 < length) // a second special right after the first, then a plain run
                    text[at + 1] = '"';
                std::string written;
                awsml::detail::write_json_string(written, text);
                if (written != escaped_byte_by_byte(text))
                    FAIL("byte " << byte << " at " << at << " of " << length << ": " << written);
            }
        }
    }
    std::string written = "prefix";
    awsml::detail::write_json_string(written, "");
    CHECK(written == "prefix\"\"");
}

TEST_CASE("timestamps before 1970 and non-finite floats keep their value", "[encode]") {
    get_ml_model_output m;
    m.created_at = at_ms(-1500);
    m.score_threshold = -std::numeric_limits<float>::infinity();
    auto json = awsml::to_json(m);
    CHECK(json == R"({"CreatedAt":-1.5,"ScoreThreshold":"-Infinity"})");
    CHECK(awsml::from_json<get_ml_model_output>(json) == m);
}

TEST_CASE("a float is written as its shortest text, or as the double it widens to", "[encode]") {
    get_ml_model_output m;
    m.score_threshold = 0.1f;
    m.size_in_bytes = 7;
    CHECK(awsml::to_json(m) == R"({"SizeInBytes":7,"ScoreThreshold":0.1})");
    // As a Java service writes a float (and awsml-local, and the CLI, which prints what botocore
    // reads): the float's exact value to a double's precision; integers and doubles unchanged.
    const auto widened = awsml::to_json(m, {.floats_as_doubles = true});
    CHECK(widened == R"({"SizeInBytes":7,"ScoreThreshold":0.10000000149011612})");
    CHECK(awsml::from_json<get_ml_model_output>(widened) == m);
    m.score_threshold = -std::numeric_limits<float>::infinity();
    CHECK(awsml::to_json(m, {.floats_as_doubles = true}) ==
          R"({"SizeInBytes":7,"ScoreThreshold":"-Infinity"})");
}

TEST_CASE("property: from_json(to_json(x)) == x for random responses", "[encode][property]") {
    random_model generator(20261128);
    for (int i = 0; i < 2000; ++i) {
        auto original = generator.next();
        auto json = awsml::to_json(original);
        auto decoded = awsml::try_from_json<get_ml_model_output>(json);
        INFO("case " << i << ": " << json << " -> "
                     << (decoded ? std::string("ok") : decoded.error().message()));
        REQUIRE(decoded.has_value());
        REQUIRE(*decoded == original);
        REQUIRE(awsml::to_json(*decoded) == json);
        // Widened, a float still reads back as itself.
        REQUIRE(awsml::from_json<get_ml_model_output>(
                    awsml::to_json(original, {.floats_as_doubles = true})) == original);
    }
}

} // namespace to_json_test
