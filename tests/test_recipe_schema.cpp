// The JSON documents Amazon ML carries inside strings: the data schema (DataSourceSchema, Schema,
// DataSpec.DataSchema) and the recipe (Recipe), typed, parsed, checked and written back.
// (Raw strings use a "json" delimiter: clang-format 14 mangles R"( pieces that begin with '"'.)
#include <awsml/machinelearning/recipe.hpp>

#include <awsml/machinelearning/data_schema.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace recipe_schema_test {

namespace ml = awsml::machinelearning;
using ml::document_problem;

namespace {

using problems = std::vector<document_problem>;

document_problem at(std::string path, std::string message) {
    return {std::move(path), std::move(message), std::nullopt};
}
document_problem at(std::string path, std::size_t offset, std::string message) {
    return {std::move(path), std::move(message), offset};
}

// The "Customer Campaign" schema of the guide's "Creating a Data Schema for Amazon ML".
constexpr std::string_view guide_schema = R"json({
    "version": "1.0",
    "rowId": "customerId",
    "targetAttributeName": "willRespondToCampaign",
    "dataFormat": "CSV",
    "dataFileContainsHeader": false,
    "attributes": [
        {"attributeName": "customerId", "attributeType": "CATEGORICAL"},
        {"attributeName": "jobId", "attributeType": "CATEGORICAL"},
        {"attributeName": "jobDescription", "attributeType": "TEXT"},
        {"attributeName": "education", "attributeType": "CATEGORICAL"},
        {"attributeName": "housing", "attributeType": "CATEGORICAL"},
        {"attributeName": "loan", "attributeType": "CATEGORICAL"},
        {"attributeName": "campaign", "attributeType": "NUMERIC"},
        {"attributeName": "duration", "attributeType": "NUMERIC"},
        {"attributeName": "willRespondToCampaign", "attributeType": "BINARY"}
    ]
})json";

// A schema for the guide's "Complete Recipe Example" (Recipe Format Reference).
constexpr std::string_view census_schema = R"json({
    "version": "1.0",
    "rowId": "id",
    "targetAttributeName": "income",
    "dataFormat": "CSV",
    "dataFileContainsHeader": true,
    "attributes": [
        {"attributeName": "id", "attributeType": "CATEGORICAL"},
        {"attributeName": "title", "attributeType": "TEXT"},
        {"attributeName": "subject", "attributeType": "TEXT"},
        {"attributeName": "body", "attributeType": "TEXT"},
        {"attributeName": "age", "attributeType": "NUMERIC"},
        {"attributeName": "hours-per-week", "attributeType": "NUMERIC"},
        {"attributeName": "country", "attributeType": "CATEGORICAL"},
        {"attributeName": "gender", "attributeType": "CATEGORICAL"},
        {"attributeName": "married", "attributeType": "BINARY"},
        {"attributeName": "notes", "attributeType": "TEXT"},
        {"attributeName": "income", "attributeType": "BINARY"}
    ],
    "excludedAttributeNames": ["notes"]
})json";

// The guide's "Complete Recipe Example", each comment on one line.
constexpr std::string_view guide_recipe = R"json({
    "groups": {
        "LONGTEXT": "group_remove(ALL_TEXT, title, subject)",
        "SPECIALTEXT": "group(title, subject)",
        "BINCAT": "group(ALL_CATEGORICAL, ALL_BINARY)"
    },
    "assignments": {
        "binned_age" : "quantile_bin(age,30)",
        "country_gender_interaction" : "cartesian(country, gender)"
    },
    "outputs": [
        "lowercase(no_punct(LONGTEXT))",
        "ngram(lowercase(no_punct(SPECIALTEXT)),3)",
        "quantile_bin(hours-per-week, 10)",
        "hours-per-week // explicitly include the original numeric variable",
        "cartesian(binned_age, quantile_bin(hours-per-week,10)) // this one is critical",
        "country_gender_interaction",
        "BINCAT"
    ]
})json";

// The shape of the recipe Amazon ML suggests for the Customer Campaign data: numeric attributes
// quantile-binned in groups named by their number of bins, names quoted.
constexpr std::string_view suggested_recipe = R"json({
  "groups" : {
    "NUMERIC_VARS_QB_50" : "group('campaign')",
    "NUMERIC_VARS_QB_20" : "group('duration')"
  },
  "assignments" : { },
  "outputs" : [ "ALL_BINARY", "ALL_CATEGORICAL", "quantile_bin(NUMERIC_VARS_QB_50,50)",
                "quantile_bin(NUMERIC_VARS_QB_20,20)", "ALL_TEXT" ]
})json";

ml::data_schema census() {
    return ml::parse_data_schema(census_schema);
}

// The problems of a recipe of `outputs` (and groups and assignments) against the census schema.
problems check_outputs(std::vector<std::string> outputs, ml::recipe_definitions groups = {},
                       ml::recipe_definitions assignments = {}) {
    ml::recipe_document document{std::move(groups), std::move(assignments), std::move(outputs)};
    return ml::check(document, census());
}

ml::recipe_expression ref(std::string name) {
    return ml::recipe_expression::make_reference(std::move(name));
}
ml::recipe_expression num(std::int64_t value) {
    return ml::recipe_expression::make_number(value);
}
ml::recipe_expression call(ml::recipe_function f, std::vector<ml::recipe_expression> arguments) {
    return ml::recipe_expression::make_call(f, std::move(arguments));
}

} // namespace

// --- the data schema ------------------------------------------------------------------------

TEST_CASE("schema: the guide's example decodes, is consistent and round-trips", "[schema]") {
    const ml::data_schema schema = ml::parse_data_schema(guide_schema);
    CHECK(schema.version == "1.0");
    CHECK(schema.row_id == "customerId");
    CHECK(schema.target_attribute_name == "willRespondToCampaign");
    CHECK(schema.data_format == "CSV");
    CHECK(schema.data_file_contains_header == false);
    CHECK_FALSE(schema.row_weight);
    CHECK_FALSE(schema.excluded_attribute_names);
    REQUIRE(schema.attributes.size() == 9);
    CHECK(schema.attributes[2].name == "jobDescription");
    CHECK(schema.attributes[2].type == ml::attribute_type::TEXT);
    CHECK(schema.attributes[8].type == ml::attribute_type::BINARY);
    CHECK(ml::check(schema).empty());
    CHECK_NOTHROW(ml::check_or_throw(schema));

    const std::string text = awsml::to_json(schema);
    CHECK(text.starts_with(
        R"json({"version":"1.0","targetAttributeName":"willRespondToCampaign",)json"
        R"json("rowId":"customerId","dataFormat":"CSV",)json"
        R"json("dataFileContainsHeader":false,"attributes":[)json"
        R"json({"attributeName":"customerId","attributeType":"CATEGORICAL"},)json"));
    CHECK(ml::parse_data_schema(text) == schema);
}

TEST_CASE("schema: Amazon ML's own form, with nulls and an empty exclusion list", "[schema]") {
    const auto schema = ml::try_parse_data_schema(R"json({
      "version" : "1.0", "rowId" : null, "rowWeight" : null, "targetAttributeName" : "y",
      "dataFormat" : "CSV", "dataFileContainsHeader" : false,
      "attributes" : [ {"attributeName" : "x", "attributeType" : "NUMERIC"},
                       {"attributeName" : "y", "attributeType" : "NUMERIC"} ],
      "excludedAttributeNames" : [ ]
    })json");
    REQUIRE(schema.has_value());
    CHECK_FALSE(schema->row_id);
    CHECK_FALSE(schema->row_weight);
    CHECK(schema->excluded_attribute_names == std::vector<std::string>{});
    CHECK(ml::check(*schema).empty());
    CHECK(ml::parse_data_schema(awsml::to_json(*schema)) == *schema);
    CHECK(census() == ml::parse_data_schema(awsml::to_json(census())));
}

TEST_CASE("schema: a document that does not decode names its JSON path", "[schema]") {
    auto result = ml::try_parse_data_schema(
        R"json({"attributes": [{"attributeName": "a", "attributeType": "TEXT"},
                               {"attributeName": 7}]})json");
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message() ==
          "$.attributes[1].attributeName: expected a string, got a number");

    result = ml::try_parse_data_schema(R"json({"attributes": [{"attributeName": "a")json");
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().reason == "truncated document (JSON ends too early)");

    result = ml::try_parse_data_schema(R"json({"dataFileContainsHeader": "yes"})json");
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message() == "$.dataFileContainsHeader: expected a boolean, got a string");

    CHECK_THROWS_AS(ml::parse_data_schema("[]"), awsml::decode_error);
    std::error_code ec;
    CHECK(ml::parse_data_schema("{", ec) == ml::data_schema{});
    CHECK(ec == awsml::errc::malformed_json);
}

TEST_CASE("schema: every rule, each problem at its place", "[schema]") {
    ml::data_schema schema = ml::parse_data_schema(R"json({
        "targetAttributeName": "story",
        "rowId": "story",
        "rowWeight": "country",
        "attributes": [
            {"attributeName": "age", "attributeType": "NUMERIC"},
            {"attributeName": "story", "attributeType": "TEXT"},
            {"attributeName": "country", "attributeType": "CATEGORICAL"},
            {"attributeName": "age", "attributeType": "NUMERIC"},
            {"attributeName": "sequence", "attributeType": "WEIGHTED_INT_SEQUENCE"},
            {"attributeType": "TEXT"},
            {"attributeName": "bare"}
        ],
        "excludedAttributeNames": ["story", "ghost", "country", "country"]
    })json");
    CHECK(ml::check(schema) ==
          problems{
              at("attributes[5].attributeName", "is required"),
              at("attributes[6].attributeType", "is required"),
              at("attributes[3].attributeName", "\"age\" is already the name of attributes[0]"),
              at("attributes[4].attributeType", "\"WEIGHTED_INT_SEQUENCE\" is not a type: "
                                                "expected BINARY, CATEGORICAL, NUMERIC or TEXT"),
              at("targetAttributeName",
                 "\"story\" is a TEXT attribute: a target is BINARY, CATEGORICAL or NUMERIC"),
              at("rowId",
                 "\"story\" is also the targetAttributeName: the row ID cannot be the target"),
              at("rowWeight", "\"country\" is CATEGORICAL: a row weight is a NUMERIC attribute"),
              at("excludedAttributeNames[0]",
                 "\"story\" is the targetAttributeName: the target cannot be excluded"),
              at("excludedAttributeNames[1]", "\"ghost\" is not a declared attribute"),
              at("excludedAttributeNames[3]",
                 "\"country\" is already excluded by excludedAttributeNames[2]"),
          });

    schema = ml::parse_data_schema(R"json({"targetAttributeName": "y", "rowId": "id",
        "rowWeight": "y", "attributes": [{"attributeName": "y", "attributeType": "NUMERIC"}]})json");
    CHECK(ml::check(schema) ==
          problems{
              at("rowId", "\"id\" is not a declared attribute"),
              at("rowWeight",
                 "\"y\" is also the targetAttributeName: the row weight cannot be the target"),
          });

    // Amazon ML reads CSV only (in any case).
    schema.row_id.reset();
    schema.row_weight.reset();
    schema.data_format = "csv";
    CHECK(ml::check(schema).empty());
    schema.data_format = "JSON";
    CHECK(ml::check(schema) ==
          problems{
              at("dataFormat", "\"JSON\" is not a format Amazon ML reads: the only one is CSV")});
}

TEST_CASE("schema: the service-2.json doc strings' spelling decodes to nothing useful",
          "[schema]") {
    // {"targetFieldName": ..., "variables": [{"fieldName": ...}]} is not the guide's spelling:
    // its members are skipped, and check() says the schema declares nothing.
    const auto schema = ml::parse_data_schema(
        R"json({"version": "1.0", "targetFieldName": "F3",
                "variables": [{"fieldName": "F1", "fieldType": "TEXT"}]})json");
    CHECK(schema.attributes.empty());
    CHECK(ml::check(schema) ==
          problems{at("attributes", "declares no attribute: a schema needs at least one")});
    try {
        ml::check_or_throw(schema);
        FAIL("no exception");
    } catch (const ml::invalid_document& e) {
        CHECK(e.code() == awsml::errc::validation_failed);
        CHECK(std::string(e.what()) ==
              "invalid document: attributes: declares no attribute: a schema needs at least one");
        CHECK(e.problems().size() == 1);
    }
}

// --- recipe expressions ---------------------------------------------------------------------

TEST_CASE("recipe: an expression parses into a tree with offsets and a comment", "[recipe]") {
    const ml::recipe_entry entry =
        ml::parse_expression("ngram(lowercase(no_punct( SPECIALTEXT )), 3) // bigrams and more");
    CHECK(entry.comment == "bigrams and more");
    const ml::recipe_expression& e = entry.expression;
    CHECK(e == call(ml::recipe_function::ngram,
                    {call(ml::recipe_function::lowercase,
                          {call(ml::recipe_function::no_punct, {ref("SPECIALTEXT")})}),
                     num(3)}));
    CHECK(e.kind == ml::expression_kind::call);
    CHECK(e.offset == 0);
    CHECK(e.arguments[0].offset == 6);
    CHECK(e.arguments[0].arguments[0].arguments[0].offset == 26);
    CHECK(e.arguments[1].offset == 42);
    CHECK(ml::to_string(entry) == "ngram(lowercase(no_punct(SPECIALTEXT)), 3) // bigrams and more");
}

TEST_CASE("recipe: names, quoted names and numbers", "[recipe]") {
    CHECK(ml::parse_expression("hours-per-week").expression == ref("hours-per-week"));
    CHECK(
        ml::parse_expression("group('x', \"y z\", 'it\\'s', 'back\\\\slash')").expression ==
        call(ml::recipe_function::group, {ref("x"), ref("y z"), ref("it's"), ref("back\\slash")}));
    CHECK(ml::parse_expression("'2nd column'").expression == ref("2nd column"));
    CHECK(ml::parse_expression("ngram").expression == ref("ngram")); // a name unless called
    CHECK(ml::parse_expression("café").expression == ref("café"));
    CHECK(ml::parse_expression("a/b").expression == ref("a/b"));
    CHECK(ml::parse_expression("a//b").expression == ref("a"));
    CHECK(ml::parse_expression("a//b").comment == "b");
    CHECK(ml::parse_expression("osb(x, -3)").expression.arguments[1] == num(-3));
    CHECK(ml::parse_expression("osb(x, 99999999999999999999)").expression.arguments[1] ==
          num(INT64_MAX));
    CHECK(ml::parse_expression("lowercase()").expression ==
          call(ml::recipe_function::lowercase, {}));

    // Written back: quoted only where the guide requires it, spacing normalised.
    CHECK(ml::to_string(ref("hours-per-week")) == "hours-per-week");
    CHECK(ml::to_string(ref("2nd column")) == "'2nd column'");
    CHECK(ml::to_string(ref("it's")) == "'it\\'s'");
    CHECK(ml::to_string(ref("a//b")) == "'a//b'");
    CHECK(ml::to_string(ref("_x")) == "'_x'");
    CHECK(ml::to_string(ref("")) == "''");
    CHECK(ml::to_string(call(ml::recipe_function::cartesian, {ref("a b"), num(-1)})) ==
          "cartesian('a b', -1)");
    for (std::string_view name : {"2nd column", "it's", "a//b", "tab\there", "(x)", "\"q\"", "é"})
        CHECK(ml::parse_expression(ml::to_string(ref(std::string(name)))).expression ==
              ref(std::string(name)));
}

TEST_CASE("recipe: a syntax error says what and at which character", "[recipe]") {
    struct error_case {
        std::string text;
        std::size_t offset;
        std::string message;
    };
    const std::vector<error_case> cases = {
        {"", 0, "the expression is empty"},
        {"   // only a comment", 3, "the expression is empty"},
        {"ngram(x, 2", 10, "missing ')' to close 'ngram(' at character 0"},
        {"lowercase(ngram(x, 2) // c", 22, "missing ')' to close 'lowercase(' at character 0"},
        {"ngram(x,, 2)", 8, "expected an attribute, group or function, found ','"},
        {"ngram(x, 2,)", 11, "expected an attribute, group or function, found ')'"},
        {"ngram(x 2)", 8, "expected ',' or ')' in 'ngram(' at character 0, found the number 2"},
        {"foo(x)", 0, "unknown function 'foo'"},
        {"  Quantile_Bin(x, 10)", 2,
         "unknown function 'Quantile_Bin' (did you mean quantile_bin?)"},
        {"group('abc)", 6, "the quoted name has no closing '"},
        {"group('')", 6, "a quoted name is empty"},
        {"'x'(y)", 0, "a quoted name cannot be called: functions are not quoted"},
        {"x y", 2, "expected the end of the expression, found the name 'y'"},
        {"a, b", 1, "unexpected ',' after the expression: one expression per string"},
        {"x)", 1, "expected the end of the expression, found ')'"},
        {"(x)", 0, "expected an attribute, group or function, found '('"},
        {"ngram(x, 2.5)", 9, "'2.5' is not a whole number"},
        {"_x", 0, "'_x': a name that does not start with a letter is quoted"},
        {"group(2nd)", 6, "'2nd': a name that does not start with a letter is quoted"},
        {"group(a, \\b)", 9, "unexpected '\\'"},
        {"x\x01", 1, "unexpected control character 0x01"},
        {"x 'open", 2, "the quoted name has no closing '"},
        {"lowercase(é, ,)", 13, "expected an attribute, group or function, found ','"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        auto result = ml::try_parse_expression(c.text);
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error() == at("", c.offset, c.message));
    }

    std::string deep;
    for (int i = 0; i < 40; ++i)
        deep += "lowercase(";
    auto result = ml::try_parse_expression(deep + "x" + std::string(40, ')'));
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error() == at("", 320, "nested more than 32 levels deep"));
    CHECK(result.error().describe() == "character 320: nested more than 32 levels deep");

    // A tree built in code is held to the parser's limit, so what check() passes reads back.
    const auto nested = [](int calls) {
        ml::recipe_expression e = ref("title");
        for (int i = 0; i < calls; ++i)
            e = call(ml::recipe_function::lowercase, {std::move(e)});
        return ml::recipe{{}, {}, {{std::move(e), ""}}};
    };
    const ml::recipe shallow = nested(31);
    CHECK(ml::check(shallow, census()).empty());
    CHECK(ml::parse_recipe(ml::to_json(shallow)) == shallow);
    const ml::recipe too_deep = nested(32);
    CHECK(ml::check(too_deep, census()) ==
          problems{at("outputs[0]", 0, "nested more than 32 levels deep")});
    CHECK_FALSE(ml::try_parse_recipe(ml::to_json(too_deep)).has_value());

    try {
        ml::parse_expression("ngram(x");
        FAIL("no exception");
    } catch (const ml::invalid_document& e) {
        CHECK(e.code() == awsml::errc::invalid_value);
        CHECK(std::string(e.what()) ==
              "invalid document: character 7: missing ')' to close 'ngram(' at character 0");
    }
}

// --- recipes --------------------------------------------------------------------------------

TEST_CASE("recipe: the guide's complete example parses, checks clean and round-trips", "[recipe]") {
    const ml::recipe r = ml::parse_recipe(guide_recipe);
    REQUIRE(r.groups.size() == 3);
    REQUIRE(r.assignments.size() == 2);
    REQUIRE(r.outputs.size() == 7);
    CHECK(r.groups.at("LONGTEXT").expression ==
          call(ml::recipe_function::group_remove, {ref("ALL_TEXT"), ref("title"), ref("subject")}));
    CHECK(r.assignments.at("binned_age").expression ==
          call(ml::recipe_function::quantile_bin, {ref("age"), num(30)}));
    CHECK(r.outputs[3].expression == ref("hours-per-week"));
    CHECK(r.outputs[3].comment == "explicitly include the original numeric variable");
    CHECK(r.outputs[4].comment == "this one is critical");

    CHECK(ml::check(r, census()).empty());
    CHECK(ml::check(r).empty());
    CHECK_NOTHROW(ml::check_or_throw(r, census()));

    const std::string text = ml::to_json(r);
    CHECK(
        text ==
        R"json({"groups":{"BINCAT":"group(ALL_CATEGORICAL, ALL_BINARY)",)json"
        R"json("LONGTEXT":"group_remove(ALL_TEXT, title, subject)",)json"
        R"json("SPECIALTEXT":"group(title, subject)"},)json"
        R"json("assignments":{"binned_age":"quantile_bin(age, 30)",)json"
        R"json("country_gender_interaction":"cartesian(country, gender)"},)json"
        R"json("outputs":["lowercase(no_punct(LONGTEXT))",)json"
        R"json("ngram(lowercase(no_punct(SPECIALTEXT)), 3)",)json"
        R"json("quantile_bin(hours-per-week, 10)",)json"
        R"json("hours-per-week // explicitly include the original numeric variable",)json"
        R"json("cartesian(binned_age, quantile_bin(hours-per-week, 10)) // this one is critical",)json"
        R"json("country_gender_interaction","BINCAT"]})json");
    CHECK(ml::parse_recipe(text) == r);
    CHECK(ml::parse_recipe_document(text) == ml::to_document(r));
}

TEST_CASE("recipe: the recipe Amazon ML suggests checks clean and round-trips", "[recipe]") {
    const ml::data_schema schema = ml::parse_data_schema(guide_schema);
    const ml::recipe_document document = ml::parse_recipe_document(suggested_recipe);
    CHECK(document.assignments.empty());
    CHECK(document.outputs.size() == 5);
    const ml::recipe r = ml::parse_recipe(document);
    CHECK(r.groups.at("NUMERIC_VARS_QB_50").expression ==
          call(ml::recipe_function::group, {ref("campaign")}));
    CHECK(ml::check(document, schema).empty());
    CHECK(ml::parse_recipe(ml::to_json(r)) == r);
    CHECK(ml::to_document(r).groups.at("NUMERIC_VARS_QB_50") == "group(campaign)");

    // Built in code, then checked: the expression tree is an ordinary value.
    ml::recipe mine = r;
    mine.outputs.push_back(ml::parse_expression("osb(lowercase(jobDescription), 4)"));
    mine.outputs.push_back({call(ml::recipe_function::ngram, {ref("jobDescription"), num(2)}), ""});
    CHECK(ml::check(mine, schema).empty());
    CHECK(ml::to_document(mine).outputs.back() == "ngram(jobDescription, 2)");
}

TEST_CASE("recipe: a document's syntax errors, each with its place", "[recipe]") {
    auto result = ml::try_parse_recipe(R"json({
        "groups": {"G": "group(a,", "fine": "group(a)"},
        "assignments": {"odd name": "lowercase(x) y"},
        "outputs": ["ALL_INPUTS", "ngram(x, 2.0)"]
    })json");
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error() ==
          problems{
              at("groups.G", 8,
                 "expected an attribute, group or function, found the end of the expression"),
              at("assignments[\"odd name\"]", 13,
                 "expected the end of the expression, found the name 'y'"),
              at("outputs[1]", 9, "'2.0' is not a whole number"),
          });
    CHECK(result.error()[1].describe() ==
          "assignments[\"odd name\"], character 13: expected the end of the expression, found "
          "the name 'y'");

    // A JSON failure is one problem at its JSON path.
    result = ml::try_parse_recipe(R"json({"outputs": "ALL_INPUTS"})json");
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error() == problems{at("outputs", "expected an array, got a string")});
    result = ml::try_parse_recipe(R"json({"groups": {"G": 1}, "outputs": []})json");
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error() == problems{at("groups.G", "expected a string, got a number")});
    result = ml::try_parse_recipe("not json");
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().size() == 1);
    CHECK(result.error()[0].path.empty());

    CHECK_THROWS_AS(ml::parse_recipe(R"json({"outputs": [1]})json"), awsml::decode_error);
    CHECK_THROWS_AS(ml::parse_recipe(R"json({"outputs": ["x("]})json"), ml::invalid_document);
    // check() of a document with syntax errors reports them, and only them.
    CHECK(check_outputs({"x(", "ghost"}) == problems{at("outputs[0]", 0, "unknown function 'x'")});
}

TEST_CASE("recipe: names that are not declared", "[recipe]") {
    CHECK(check_outputs({"ALL_INPUTS", "lowercase(titel)", "Age", "ngram(Title, 2)"}) ==
          problems{
              at("outputs[1]", 10, "unknown attribute or group 'titel'"),
              at("outputs[2]", 0, "unknown attribute or group 'Age' (did you mean 'age'?)"),
              at("outputs[3]", 6, "unknown attribute or group 'Title' (did you mean 'title'?)"),
          });
    CHECK(check_outputs({"income", "lowercase(notes)", "quantile_bin(age, 10)", "id"}) ==
          problems{
              at("outputs[0]", 0,
                 "'income' is the target attribute (targetAttributeName): a recipe cannot use it "
                 "as an input"),
              at("outputs[1]", 10, "'notes' is excluded by the schema (excludedAttributeNames)"),
              at("outputs[3]", 0, "'id' is the row ID (rowId): a recipe cannot use it as an input"),
          });
    // Without a schema, any name may be an attribute.
    CHECK(ml::check(ml::parse_recipe(R"json({"outputs": ["lowercase(anything)"]})json")).empty());
}

TEST_CASE("recipe: a function given the wrong type", "[recipe]") {
    CHECK(check_outputs({"quantile_bin(title, 10)", "ngram(age, 2)", "osb(country, 3)",
                         "normalize(lowercase(body))", "lowercase(married)",
                         "cartesian(age, country)", "no_punct(BINCAT)", "ngram(ALL_INPUTS, 2)"},
                        {{"BINCAT", "group(ALL_CATEGORICAL, ALL_BINARY)"}}) ==
          problems{
              at("outputs[0]", 13, "quantile_bin() takes NUMERIC, but 'title' is TEXT"),
              at("outputs[1]", 6, "ngram() takes TEXT, but 'age' is NUMERIC"),
              at("outputs[2]", 4, "osb() takes TEXT, but 'country' is CATEGORICAL"),
              at("outputs[3]", 10, "normalize() takes NUMERIC, but 'lowercase(body)' is TEXT"),
              at("outputs[4]", 10, "lowercase() takes TEXT, but 'married' is BINARY"),
              at("outputs[5]", 10, "cartesian() takes TEXT or CATEGORICAL, but 'age' is NUMERIC"),
              at("outputs[6]", 9, "no_punct() takes TEXT, but 'married' is BINARY (in BINCAT)"),
              at("outputs[7]", 6, "ngram() takes TEXT, but 'married' is BINARY (in ALL_INPUTS)"),
          });
    // Through an assignment, the message names the assignment.
    CHECK(check_outputs({"quantile_bin(lower_body, 10)", "cartesian(binned, lower_body)"}, {},
                        {{"lower_body", "lowercase(body)"}, {"binned", "quantile_bin(age, 10)"}}) ==
          problems{
              at("outputs[0]", 13, "quantile_bin() takes NUMERIC, but 'lower_body' is TEXT"),
          });
    // What a transformation yields has its own type: quantile_bin gives CATEGORICAL.
    CHECK(check_outputs({"ngram(quantile_bin(age, 10), 2)"}) ==
          problems{at("outputs[0]", 6,
                      "ngram() takes TEXT, but 'quantile_bin(age, 10)' is CATEGORICAL")});
}

TEST_CASE("recipe: argument counts and values", "[recipe]") {
    CHECK(check_outputs({"ngram(title)", "lowercase(title, 2)", "cartesian(country)", "normalize()",
                         "ngram(title, 2, 3)"}) ==
          problems{
              at("outputs[0]", 0, "ngram() takes 2 arguments (TEXT, then the size), not 1"),
              at("outputs[1]", 0, "lowercase() takes 1 argument (TEXT), not 2"),
              at("outputs[2]", 0, "cartesian() takes 2 arguments (TEXT or CATEGORICAL), not 1"),
              at("outputs[3]", 0, "normalize() takes 1 argument (NUMERIC), not 0"),
              at("outputs[4]", 0, "ngram() takes 2 arguments (TEXT, then the size), not 3"),
          });
    CHECK(check_outputs({"ngram(title, 1)", "ngram(title, 11)", "osb(title, 1)", "osb(title, 10)",
                         "quantile_bin(age, 4)", "quantile_bin(age, 1001)", "quantile_bin(age, 5)",
                         "quantile_bin(age, 1000)", "ngram(title, 2)", "ngram(title, 10)",
                         "osb(title, 2)"}) ==
          problems{
              at("outputs[0]", 13, "ngram()'s size is 2 to 10, not 1"),
              at("outputs[1]", 13, "ngram()'s size is 2 to 10, not 11"),
              at("outputs[2]", 11, "osb()'s window size is 2 to 10, not 1"),
              at("outputs[4]", 18, "quantile_bin()'s number of bins is 5 to 1000, not 4"),
              at("outputs[5]", 18, "quantile_bin()'s number of bins is 5 to 1000, not 1001"),
          });
    CHECK(check_outputs({"quantile_bin(age, bins)", "ngram(2, title)", "7", "group(title, 3)",
                         "osb(title, -2)"}) ==
          problems{
              at("outputs[0]", 18,
                 "quantile_bin()'s second argument is the number of bins, a whole number from 5 "
                 "to 1000, not bins"),
              at("outputs[1]", 6, "ngram()'s first argument is an expression, not the number 2"),
              at("outputs[1]", 9,
                 "ngram()'s second argument is the size, a whole number from 2 to 10, not title"),
              at("outputs[2]", 0, "expected an attribute, group or function, found the number 7"),
              at("outputs[3]", 13, "group() takes attribute and group names, not 3"),
              at("outputs[4]", 11, "osb()'s window size is 2 to 10, not -2"),
          });
}

TEST_CASE("recipe: groups and their rules", "[recipe]") {
    CHECK(check_outputs({"G1", "G2", "G3", "G4", "G5", "G6"},
                        {{"G1", "lowercase(title)"},
                         {"G2", "group(ALL_INPUTS)"},
                         {"G3", "group(title, lowered)"},
                         {"G4", "group_remove(ALL_TEXT, age)"},
                         {"G5", "group_remove(title, subject)"},
                         {"G6", "group()"}},
                        {{"lowered", "lowercase(body)"}}) ==
          problems{
              at("groups.G1", 0,
                 "a group is defined with group(...) or group_remove(...), not lowercase(title)"),
              at("groups.G2", 6, "ALL_INPUTS cannot be put in a group"),
              at("groups.G3", 13,
                 "'lowered' is an assignment: groups come before assignments and cannot use them"),
              at("groups.G4", 23, "'age' is not in ALL_TEXT"),
              at("groups.G5", 13, "group_remove() removes from a group; 'title' is not one"),
              at("groups.G6", 0, "group() takes at least one attribute or group name"),
          });
    CHECK(check_outputs({"group_remove(ALL_TEXT)", "group_remove(G, title)", "group(G, lowered)"},
                        {{"G", "group(title, body)"}}, {{"lowered", "lowercase(subject)"}}) ==
          problems{
              at("outputs[0]", 0, "group_remove() takes a group, then the names to remove from it"),
          });
}

TEST_CASE("recipe: names of groups and assignments", "[recipe]") {
    const std::string long_name(65, 'g');
    CHECK(check_outputs({"ALL_INPUTS"},
                        {{"ALL_TEXT", "group(title)"},
                         {"age", "group(title)"},
                         {"G", "group(body)"},
                         {long_name, "group(title)"},
                         {std::string(64, 'h'), "group(title)"}},
                        {{"G", "lowercase(title)"}, {"", "lowercase(title)"}}) ==
          problems{
              at("groups.ALL_TEXT", "'ALL_TEXT' is a built-in group: choose another name"),
              at("groups.age", "'age' is also the name of an attribute"),
              at("groups." + long_name, "a name is 1 to 64 characters long; this one has 65"),
              at("assignments[\"\"]", "a name is 1 to 64 characters long; this one has 0"),
              at("assignments.G", "'G' is also the name of a group"),
          });
}

TEST_CASE("recipe: definitions that depend on themselves", "[recipe]") {
    CHECK(
        check_outputs({"a", "b", "self"}, {{"G", "group(H)"}, {"H", "group_remove(G, title)"}},
                      {{"a", "lowercase(b)"}, {"b", "no_punct(a)"}, {"self", "lowercase(self)"}}) ==
        problems{
            at("groups.H", 13,
               "'G' refers back to this definition: a definition cannot depend on itself"),
            at("assignments.b", 9,
               "'a' refers back to this definition: a definition cannot depend on itself"),
            at("assignments.self", 10, "'self' refers to itself"),
        });
}

TEST_CASE("recipe: an empty outputs list, and problems in document order", "[recipe]") {
    const ml::recipe r = ml::parse_recipe(R"json({"groups": {"B": "group(ghost)", "A": "group(x1)"},
                                 "assignments": {"z": "ngram(age, 2)"}, "outputs": []})json");
    CHECK(ml::check(r, census()) ==
          problems{
              at("outputs", "is empty: a recipe needs at least one output"),
              at("groups.A", 6, "unknown attribute or group 'x1'"),
              at("groups.B", 6, "unknown attribute or group 'ghost'"),
              at("assignments.z", 6, "ngram() takes TEXT, but 'age' is NUMERIC"),
          });
    CHECK(ml::check(r) == problems{at("outputs", "is empty: a recipe needs at least one output")});
    try {
        ml::check_or_throw(r, census());
        FAIL("no exception");
    } catch (const ml::invalid_document& e) {
        CHECK(e.code() == awsml::errc::validation_failed);
        CHECK(e.problems().size() == 4);
        CHECK(std::string(e.what()).starts_with(
            "invalid document: outputs: is empty: a recipe needs at least one output; groups.A, "
            "character 6: unknown attribute or group 'x1';"));
    }
}

// --- robustness -----------------------------------------------------------------------------

namespace {

// Parses and, when it parses, checks and round-trips: a value or problems, never a crash.
std::size_t parse_and_check(std::string_view json, const ml::data_schema& schema) {
    auto parsed = ml::try_parse_recipe(json);
    if (!parsed) {
        for (const auto& p : parsed.error())
            CHECK_FALSE(p.message.empty());
        return 0;
    }
    (void)ml::check(*parsed, schema);
    (void)ml::check(*parsed);
    CHECK(ml::parse_recipe(ml::to_json(*parsed)) == *parsed);
    return 1;
}

} // namespace

TEST_CASE("recipe: every truncation of a valid recipe gives a value or an error", "[recipe]") {
    const ml::data_schema schema = census();
    std::size_t parsed = 0;
    for (std::size_t n = 0; n <= guide_recipe.size(); ++n)
        parsed += parse_and_check(guide_recipe.substr(0, n), schema);
    CHECK(parsed >= 1); // the whole document at least

    // And every truncation of every expression in it.
    const ml::recipe_document document = ml::parse_recipe_document(guide_recipe);
    std::vector<std::string> texts = document.outputs;
    for (const auto& [name, text] : document.groups)
        texts.push_back(text);
    for (const auto& [name, text] : document.assignments)
        texts.push_back(text);
    for (const auto& text : texts) {
        for (std::size_t n = 0; n <= text.size(); ++n) {
            auto entry = ml::try_parse_expression(std::string_view(text).substr(0, n));
            if (!entry) {
                CHECK(entry.error().offset <= n);
                continue;
            }
            ml::recipe one;
            one.outputs.push_back(*entry);
            (void)ml::check(one, schema);
            CHECK(ml::parse_expression(ml::to_string(*entry)) == *entry);
        }
    }
}

TEST_CASE("recipe: mutated and hostile input never crashes nor hangs", "[recipe]") {
    const ml::data_schema schema = census();
    const std::string base(guide_recipe);
    constexpr std::string_view alphabet = "(),'\"\\/ 0123456789-_aZé\n\t{}[]:";
    std::mt19937 random(20240601);
    for (int i = 0; i < 3000; ++i) {
        std::string text = base;
        const int edits = 1 + int(random() % 4);
        for (int e = 0; e < edits; ++e) {
            const std::size_t pos = random() % text.size();
            switch (random() % 3) {
            case 0:
                text[pos] = alphabet[random() % alphabet.size()];
                break;
            case 1:
                text.erase(pos, 1 + random() % 3);
                break;
            default:
                text.insert(pos, 1, alphabet[random() % alphabet.size()]);
            }
        }
        parse_and_check(text, schema);
    }

    // Deep nesting is refused at the limit, however deep the input goes.
    CHECK_FALSE(ml::try_parse_expression(std::string(100000, '(')).has_value());
    std::string calls;
    for (int i = 0; i < 20000; ++i)
        calls += "lowercase(";
    CHECK_FALSE(ml::try_parse_expression(calls + "x").has_value());

    // A long chain of assignments, and a long cycle, are checked without deep recursion.
    ml::recipe chain;
    for (int i = 0; i < 20000; ++i)
        chain.assignments["a" + std::to_string(i)] = {
            call(ml::recipe_function::lowercase, {ref("a" + std::to_string(i + 1))}), ""};
    chain.assignments["a20000"] = {ref("title"), ""};
    chain.outputs.push_back({ref("a0"), ""});
    CHECK(ml::check(chain, schema).empty());
    chain.assignments["a20000"] = {ref("a0"), ""};
    const auto cycle = ml::check(chain, schema);
    REQUIRE(cycle.size() == 1);
    CHECK(cycle[0] ==
          at("assignments.a20000", 0,
             "'a0' refers back to this definition: a definition cannot depend on itself"));

    // A wide group naming attributes many times over stays linear.
    std::string wide = "group(";
    for (int i = 0; i < 20000; ++i)
        wide += "title, age, ALL_TEXT, ";
    wide += "body)";
    ml::recipe r;
    r.groups["W"] = ml::parse_expression(wide);
    r.outputs.push_back({ref("W"), ""});
    CHECK(ml::check(r, schema).empty());
}

} // namespace recipe_schema_test
