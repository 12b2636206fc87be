// The machinery is generic: shapes from botocore's awsJson1_1 output protocol tests (lists,
// nested structures, maps of structures and lists, booleans, doubles, blobs, date strings,
// non-finite floats, enums with unknown values) are declared here and their bodies decoded to
// the expected values, read at run time from ../shared/vectors.
#include <awsml/model/from_json.hpp>

#include <awsml/model/to_json.hpp>
#include <awsml/model/validate.hpp>

#include <catch2/catch.hpp>

#include <support/vectors.hpp>

#include <boost/json.hpp>

#include <cmath>
#include <set>

namespace protocol_vectors_test {

namespace kitchen {

using string_list = std::vector<std::string>;
using string_map = std::map<std::string, std::string>;

AWSML_SHAPE(simple_struct, (std::optional<std::string>, value, "Value"))

struct kitchen_sink;
using sink_list = std::vector<kitchen_sink>;
using sink_map = std::map<std::string, kitchen_sink>;
using list_of_lists = std::vector<string_list>;
using list_of_maps = std::vector<string_map>;
using list_of_structs = std::vector<simple_struct>;
using map_of_lists = std::map<std::string, string_list>;
using map_of_string_maps = std::map<std::string, string_map>;
using map_of_structs = std::map<std::string, simple_struct>;

// Recursive through lists and maps, so declared and then described.
struct kitchen_sink {
    std::optional<awsml::blob> blob{};
    std::optional<bool> boolean{};
    std::optional<double> double_value{};
    std::optional<float> float_value{};
    std::optional<awsml::timestamp> httpdate_timestamp{};
    std::optional<std::int32_t> integer{};
    std::optional<awsml::timestamp> iso8601_timestamp{};
    std::optional<std::string> json_value{};
    std::optional<list_of_lists> list_of_lists_value{};
    std::optional<list_of_maps> list_of_maps_of_strings{};
    std::optional<string_list> list_of_strings{};
    std::optional<list_of_structs> list_of_structs_value{};
    std::optional<std::int64_t> long_value{};
    std::optional<map_of_lists> map_of_lists_of_strings{};
    std::optional<map_of_string_maps> map_of_maps{};
    std::optional<string_map> map_of_strings{};
    std::optional<map_of_structs> map_of_structs_value{};
    std::optional<sink_list> recursive_list{};
    std::optional<sink_map> recursive_map{};
    std::optional<simple_struct> simple{};
    std::optional<std::string> string{};
    std::optional<awsml::timestamp> timestamp{};
    std::optional<awsml::timestamp> unix_timestamp{};
};
AWSML_DESCRIBE_SHAPE(kitchen_sink, (blob, "Blob"), (boolean, "Boolean"), (double_value, "Double"),
                     (float_value, "Float"), (httpdate_timestamp, "HttpdateTimestamp"),
                     (integer, "Integer"), (iso8601_timestamp, "Iso8601Timestamp"),
                     (json_value, "JsonValue"), (list_of_lists_value, "ListOfLists"),
                     (list_of_maps_of_strings, "ListOfMapsOfStrings"),
                     (list_of_strings, "ListOfStrings"), (list_of_structs_value, "ListOfStructs"),
                     (long_value, "Long"), (map_of_lists_of_strings, "MapOfListsOfStrings"),
                     (map_of_maps, "MapOfMaps"), (map_of_strings, "MapOfStrings"),
                     (map_of_structs_value, "MapOfStructs"), (recursive_list, "RecursiveList"),
                     (recursive_map, "RecursiveMap"), (simple, "SimpleStruct"), (string, "String"),
                     (timestamp, "Timestamp"), (unix_timestamp, "UnixTimestamp"))

AWSML_SHAPE(scalar_properties, (std::optional<float>, float_value, "floatValue"),
            (std::optional<double>, double_value, "doubleValue"))

AWSML_SHAPE(null_operation, (std::optional<std::string>, string, "string"))

AWSML_SHAPE(date_time_output, (std::optional<awsml::timestamp>, datetime, "datetime"))

// FooEnum's values "0" and "1" are not identifiers: they stay unknown, and are preserved.
BOOST_DEFINE_ENUM_CLASS(foo_enum_value, Foo, Baz, Bar)
struct foo_enum : awsml::open_enum<foo_enum, foo_enum_value> {
    using open_enum::open_enum;
    using enum foo_enum_value;
};
using foo_enum_list = std::vector<foo_enum>;
using foo_enum_map = std::map<std::string, foo_enum>;
AWSML_SHAPE(json_enums, (std::optional<foo_enum>, foo_enum1, "fooEnum1"),
            (std::optional<foo_enum>, foo_enum2, "fooEnum2"),
            (std::optional<foo_enum>, foo_enum3, "fooEnum3"),
            (std::optional<foo_enum_list>, foo_enum_list_value, "fooEnumList"),
            (std::optional<foo_enum_list>, foo_enum_set, "fooEnumSet"),
            (std::optional<foo_enum_map>, foo_enum_map_value, "fooEnumMap"))

using int_list = std::vector<std::int32_t>;
using int_map = std::map<std::string, std::int32_t>;
AWSML_SHAPE(json_int_enums, (std::optional<std::int32_t>, int_enum1, "intEnum1"),
            (std::optional<std::int32_t>, int_enum2, "intEnum2"),
            (std::optional<std::int32_t>, int_enum3, "intEnum3"),
            (std::optional<int_list>, int_enum_list, "intEnumList"),
            (std::optional<int_list>, int_enum_set, "intEnumSet"),
            (std::optional<int_map>, int_enum_map, "intEnumMap"))

// An operation whose output has no members.
AWSML_SHAPE(empty_output)

} // namespace kitchen

namespace json = boost::json;

namespace {

// Compares our encoding with botocore's expected "result": numbers within rounding, the rest
// exactly. Blobs: botocore's result holds the decoded text, our encoding base64.
bool same_value(const json::value& ours, const json::value& expected, const std::string& key) {
    if (key == "Blob" && expected.is_string())
        return ours.is_string() &&
               ours.as_string() == awsml::base64_encode(std::string(expected.as_string()));
    if (ours.is_number() && expected.is_number()) {
        double a = ours.to_number<double>(), b = expected.to_number<double>();
        return a == b || std::fabs(a - b) <= 1e-9 * std::fabs(b) || std::fabs(a - b) < 5e-4;
    }
    if (ours.is_object() && expected.is_object()) {
        const auto &o = ours.as_object(), &e = expected.as_object();
        if (o.size() != e.size())
            return false;
        for (const auto& [k, v] : e) {
            auto it = o.find(k);
            if (it == o.end() || !same_value(it->value(), v, std::string(k)))
                return false;
        }
        return true;
    }
    if (ours.is_array() && expected.is_array()) {
        const auto &o = ours.as_array(), &e = expected.as_array();
        if (o.size() != e.size())
            return false;
        for (std::size_t i = 0; i < e.size(); ++i)
            if (!same_value(o[i], e[i], key))
                return false;
        return true;
    }
    return ours == expected;
}

template <class Shape>
void check_case(const json::object& test_case) {
    std::string id(test_case.contains("id") ? test_case.at("id").as_string()
                                            : test_case.at("description").as_string());
    std::string body(test_case.at("response").at("body").as_string());
    INFO("case " << id << ": " << body);
    // As the client does: an empty payload is an empty structure.
    auto decoded = awsml::try_from_json<Shape>(body.empty() ? "{}" : body);
    REQUIRE(decoded.has_value());
    auto ours = json::parse(awsml::to_json(*decoded));
    INFO("ours: " << json::serialize(ours)
                  << "\nexpected: " << json::serialize(test_case.at("result")));
    CHECK(same_value(ours, test_case.at("result"), ""));
    // (compared as JSON: NaN != NaN)
    CHECK(awsml::to_json(awsml::try_from_json<Shape>(awsml::to_json(*decoded)).value()) ==
          awsml::to_json(*decoded));
}

} // namespace

TEST_CASE("botocore awsJson1_1 output cases decode into shapes declared here",
          "[vectors][protocol]") {
    auto path = awsml_test::shared_path("vectors/botocore-protocols/output/json.json");
    if (!path)
        return;
    auto suites = json::parse(awsml_test::read_file(*path)).as_array();
    std::map<std::string, int> ran;
    for (const auto& suite : suites) {
        for (const auto& c : suite.at("cases").as_array()) {
            const auto& test_case = c.as_object();
            if (test_case.contains("errorCode"))
                continue; // error responses: test_error_response
            std::string op(test_case.at("given").at("name").as_string());
            if (op == "KitchenSinkOperation")
                check_case<kitchen::kitchen_sink>(test_case);
            else if (op == "SimpleScalarProperties")
                check_case<kitchen::scalar_properties>(test_case);
            else if (op == "NullOperation")
                check_case<kitchen::null_operation>(test_case);
            else if (op == "DatetimeOffsets" || op == "FractionalSeconds")
                check_case<kitchen::date_time_output>(test_case);
            else if (op == "JsonEnums")
                check_case<kitchen::json_enums>(test_case);
            else if (op == "JsonIntEnums")
                check_case<kitchen::json_int_enums>(test_case);
            else if (op == "EmptyOperation")
                check_case<kitchen::empty_output>(test_case);
            else
                continue; // unions and documents: no such member types in the Machine Learning API
            ++ran[op];
        }
    }
    CHECK(ran["KitchenSinkOperation"] == 23);
    CHECK(ran["SimpleScalarProperties"] == 3);
    CHECK(ran["NullOperation"] == 1);
    CHECK(ran["DatetimeOffsets"] == 2);
    CHECK(ran["FractionalSeconds"] == 1);
    CHECK(ran["JsonEnums"] == 1);
    CHECK(ran["JsonIntEnums"] == 1);
    CHECK(ran["EmptyOperation"] == 3);
}

TEST_CASE("enum values outside the known set survive a round trip", "[vectors][enum]") {
    auto e = awsml::from_json<kitchen::json_enums>(
        R"({"fooEnum1":"Foo","fooEnum2":"0","fooEnumMap":{"z":"1"}})");
    CHECK(e.foo_enum1 == kitchen::foo_enum::Foo);
    CHECK(e.foo_enum2->wire() == "0");
    CHECK_FALSE(e.foo_enum2->is_known());
    CHECK(e.foo_enum_map_value->at("z").wire() == "1");
}

TEST_CASE("deep recursive structures decode and report paths through lists and maps",
          "[protocol]") {
    auto bad = awsml::try_from_json<kitchen::kitchen_sink>(
        R"({"RecursiveList":[{},{"RecursiveMap":{"k":{"ListOfStructs":[{"Value":1}]}}}]})");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().message() == "$.RecursiveList[1].RecursiveMap.k.ListOfStructs[0].Value: "
                                   "expected a string, got a number");
    auto blob = awsml::try_from_json<kitchen::kitchen_sink>(R"({"Blob":"not base64!"})");
    REQUIRE_FALSE(blob.has_value());
    CHECK(blob.error().message() == "$.Blob: not valid base64");
}

// Adding a member to a shape is one line: the same shape, one member more, and everything
// (decode, encode, validate, print, equality) follows.
namespace extension {
AWSML_SHAPE(widget_v1, (std::optional<std::string>, name, "Name", awsml::max_length(8)))
AWSML_SHAPE(widget_v2, (std::optional<std::string>, name, "Name", awsml::max_length(8)),
            (std::optional<std::int32_t>, size, "Size", awsml::min_value(0), awsml::max_value(10)))
} // namespace extension

TEST_CASE("adding a member is a one-line change", "[shape]") {
    constexpr std::string_view body = R"({"Name":"w","Size":11})";
    auto v1 = awsml::from_json<extension::widget_v1>(body);
    auto v2 = awsml::from_json<extension::widget_v2>(body);
    CHECK(awsml::to_json(v1) == R"({"Name":"w"})");
    CHECK(awsml::to_json(v2) == body);
    CHECK(v2.size == 11);
    CHECK(awsml::validate(v2) ==
          std::vector<awsml::violation>{
              {"Size", "exceeds the maximum of 10", awsml::constraint_kind::max_value, "10"}});
    std::ostringstream printed;
    printed << v2;
    CHECK(printed.str() == "{name: \"w\", size: 11}");
}

} // namespace protocol_vectors_test
