// The value types: open enums, timestamps, blobs, and the derived print of shapes.
#include <awsml/model/blob.hpp>
#include <awsml/model/open_enum.hpp>
#include <awsml/model/timestamp.hpp>

#include <awsml/machinelearning/shapes.hpp>

#include <catch2/catch.hpp>

#include <sstream>

namespace types_test {

template <class T>
std::string printed(const T& value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

TEST_CASE("open enums compare with known constants and keep unknown values", "[enum]") {
    awsml::entity_status completed = awsml::entity_status::COMPLETED;
    CHECK(completed == awsml::entity_status::COMPLETED);
    CHECK(completed != awsml::entity_status::FAILED);
    CHECK(completed.wire() == "COMPLETED");
    CHECK(awsml::entity_status::from_wire("INPROGRESS") == awsml::entity_status::INPROGRESS);
    auto later = awsml::entity_status::from_wire("ARCHIVED");
    CHECK_FALSE(later.is_known());
    CHECK_FALSE(later.known());
    CHECK(later.wire() == "ARCHIVED");
    CHECK(later == awsml::entity_status::from_wire("ARCHIVED"));
    CHECK(later != awsml::entity_status::from_wire("OTHER"));
    CHECK(printed(later) == "ARCHIVED");
    CHECK(printed(awsml::realtime_endpoint_status{awsml::realtime_endpoint_status::UPDATING}) ==
          "UPDATING");
    // wire strings are case-sensitive
    CHECK_FALSE(awsml::ml_model_type::from_wire("binary").is_known());
    switch (*awsml::ml_model_type::from_wire("MULTICLASS").known()) {
    case awsml::ml_model_type::MULTICLASS:
        SUCCEED();
        break;
    default:
        FAIL("wrong enumerator");
    }
}

TEST_CASE("timestamps: ISO 8601, HTTP dates and epoch seconds", "[timestamp]") {
    using awsml::parse_iso8601, awsml::parse_http_date;
    auto ms = [](std::optional<awsml::timestamp> t) {
        return t ? t->time_since_epoch().count() : -1;
    };
    CHECK(ms(parse_iso8601("1970-01-01T00:00:00Z")) == 0);
    CHECK(ms(parse_iso8601("2019-12-17T00:48:18+01:00")) == 1576540098000);
    CHECK(ms(parse_iso8601("2000-01-02T20:34:56.123456Z")) == 946845296123);
    CHECK(ms(parse_iso8601("2000-02-29T00:00:00Z")) == 951782400000);
    CHECK_FALSE(parse_iso8601("1900-02-29T00:00:00Z")); // not a leap year
    CHECK_FALSE(parse_iso8601("2000-13-01T00:00:00Z"));
    CHECK_FALSE(parse_iso8601("2000-01-01T00:00:00")); // no zone
    CHECK_FALSE(parse_iso8601("2000-01-01T00:00:00Zjunk"));
    CHECK_FALSE(parse_iso8601(""));
    CHECK(ms(parse_http_date("Sun, 02 Jan 2000 20:34:56 GMT")) == 946845296000);
    CHECK_FALSE(parse_http_date("Sun, 02 Foo 2000 20:34:56 GMT"));
    CHECK_FALSE(parse_http_date("Sun, 02 Jan 2000 20:34:56"));
    CHECK(awsml::format_iso8601(awsml::timestamp(std::chrono::milliseconds(946845296123))) ==
          "2000-01-02T20:34:56.123Z");
    CHECK(awsml::format_iso8601(awsml::timestamp(std::chrono::milliseconds(-1))) ==
          "1969-12-31T23:59:59.999Z");
    CHECK(awsml::format_epoch_seconds(awsml::timestamp(std::chrono::milliseconds(946845296120))) ==
          "946845296.12");
    CHECK(awsml::format_epoch_seconds(awsml::timestamp(std::chrono::milliseconds(-1500))) ==
          "-1.5");
    CHECK(awsml::format_epoch_seconds(awsml::timestamp(std::chrono::milliseconds(-2000))) == "-2");
    CHECK_FALSE(awsml::timestamp_from_epoch_seconds(1e300));
    CHECK_FALSE(awsml::timestamp_from_epoch_seconds(std::numeric_limits<double>::quiet_NaN()));
}

TEST_CASE("base64 is strict", "[blob]") {
    CHECK(awsml::base64_encode("binary-value") == "YmluYXJ5LXZhbHVl");
    CHECK(awsml::base64_encode("ab") == "YWI=");
    CHECK(awsml::base64_encode("a") == "YQ==");
    CHECK(awsml::base64_encode("") == "");
    auto decoded = awsml::base64_decode("YWI=");
    REQUIRE(decoded);
    CHECK(std::string(decoded->begin(), decoded->end()) == "ab");
    CHECK_FALSE(awsml::base64_decode("YWI"));
    CHECK_FALSE(awsml::base64_decode("Y=I="));
    CHECK_FALSE(awsml::base64_decode("YW!="));
}

TEST_CASE("shapes print readably, absent members left out", "[print]") {
    awsml::get_ml_model_output m;
    m.ml_model_id = "ml-1";
    m.status = awsml::entity_status::from_wire("NEWSTATE");
    m.created_at = awsml::timestamp(std::chrono::milliseconds(1500));
    m.endpoint_info = awsml::realtime_endpoint_info{};
    m.endpoint_info->peak_requests_per_second = 7;
    m.training_parameters = awsml::training_parameters{{"k", "v\"q"}};
    m.score_threshold = 0.1f;
    CHECK(printed(m) ==
          "{ml_model_id: \"ml-1\", created_at: 1970-01-01T00:00:01.500Z, status: NEWSTATE, "
          "endpoint_info: {peak_requests_per_second: 7}, training_parameters: {\"k\": \"v\\\"q\"}, "
          "score_threshold: 0.1}");
    CHECK(printed(awsml::get_ml_model_input{.ml_model_id = "x", .verbose = false}) ==
          "{ml_model_id: \"x\", verbose: false}");
}

} // namespace types_test
