// Validation against the model's constraints, derived from the same shape description.
#include <awsml/model/validate.hpp>

#include <awsml/machinelearning/shapes.hpp>
#include <awsml/model/detail/pattern.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <iterator>

namespace validate_test {

using awsml::violation;

TEST_CASE("a valid request has no violations", "[validate]") {
    CHECK(awsml::validate(awsml::get_ml_model_input{.ml_model_id = "ml-123_a.B-9", .verbose = true})
              .empty());
    CHECK(awsml::validate(awsml::get_ml_model_input{.ml_model_id = std::string(64, 'x')}).empty());
}

TEST_CASE("MLModelId: required, 1 to 64 characters, [a-zA-Z0-9_.-]+", "[validate]") {
    CHECK(awsml::validate(awsml::get_ml_model_input{}) ==
          std::vector<violation>{{"MLModelId", "is required", awsml::constraint_kind::required}});
    CHECK(awsml::validate(awsml::get_ml_model_input{.ml_model_id = std::string(65, 'x')}) ==
          std::vector<violation>{{"MLModelId", "length 65 exceeds the maximum of 64",
                                  awsml::constraint_kind::max_length, "64"}});
    CHECK(awsml::validate(awsml::get_ml_model_input{.ml_model_id = "ml 1/x"}) ==
          std::vector<violation>{{"MLModelId", "does not match the pattern [a-zA-Z0-9_.-]+",
                                  awsml::constraint_kind::pattern, "[a-zA-Z0-9_.-]+"}});
}

TEST_CASE("every violation is reported, with the member's name", "[validate]") {
    auto violations =
        awsml::validate(awsml::get_ml_model_input{.ml_model_id = std::string(70, '!')});
    REQUIRE(violations.size() == 2);
    CHECK(violations[0].message == "length 70 exceeds the maximum of 64");
    CHECK(violations[1].message == "does not match the pattern [a-zA-Z0-9_.-]+");
    try {
        awsml::ensure_valid(awsml::get_ml_model_input{.ml_model_id = std::string(70, '!')});
        FAIL("no exception");
    } catch (const awsml::validation_error& e) {
        CHECK(e.code() == awsml::errc::validation_failed);
        CHECK(e.violations() == violations);
        CHECK(
            std::string(e.what()) ==
            "invalid request: MLModelId: length 70 exceeds the maximum of 64; MLModelId: does not "
            "match the pattern [a-zA-Z0-9_.-]+");
    }
}

TEST_CASE("lengths count Unicode code points, as Smithy does", "[validate]") {
    std::string euros;
    for (int i = 0; i < 64; ++i)
        euros += "\xe2\x82\xac"; // 64 code points, 192 bytes
    awsml::get_ml_model_output m;
    m.name = euros + std::string(960, 'n');
    CHECK(awsml::validate(m).empty());
    m.name->push_back('n');
    CHECK(awsml::validate(m) ==
          std::vector<violation>{{"Name", "length 1025 exceeds the maximum of 1024",
                                  awsml::constraint_kind::max_length, "1024"}});
}

// The violations of one kind, in order.
std::vector<violation> of_kind(const std::vector<violation>& all, awsml::constraint_kind kind) {
    std::vector<violation> out;
    std::copy_if(all.begin(), all.end(), std::back_inserter(out),
                 [&](const violation& v) { return v.kind == kind; });
    return out;
}

TEST_CASE("every string is UTF-8: members, enums, list elements, map keys and values",
          "[validate][utf8]") {
    using awsml::constraint_kind;
    awsml::create_ml_model_input model{
        .ml_model_id = "ml-1",
        .ml_model_name = "caf\xc3", // a lead byte, then the end
        .ml_model_type = awsml::ml_model_type::from_wire("BIN\x80"),
        .parameters = {{{"sgd.l2", "0.\xe2\x82"}, {"sgd.\xff", "1"}}},
        .training_data_source_id = "ds-1"};
    CHECK(of_kind(awsml::validate(model), constraint_kind::utf8) ==
          std::vector<violation>{
              {"MLModelName", "invalid UTF-8 at byte 3", constraint_kind::utf8},
              {"MLModelType", "invalid UTF-8 at byte 3", constraint_kind::utf8},
              {"Parameters.sgd.l2", "invalid UTF-8 at byte 2", constraint_kind::utf8},
              {"Parameters key \"sgd.\\xff\"", "invalid UTF-8 at byte 4", constraint_kind::utf8}});

    awsml::delete_tags_input tags{.tag_keys = {"ok", "b\xed\xa0\x80"}, // a surrogate's bytes
                                  .resource_id = "ml-1",
                                  .resource_type = awsml::taggable_resource_type::MLModel};
    // Only the UTF-8 violation: the tag key's pattern says nothing about bytes that are not text.
    CHECK(awsml::validate(tags) ==
          std::vector<violation>{{"TagKeys[1]", "invalid UTF-8 at byte 1", constraint_kind::utf8}});

    awsml::add_tags_input nested{.tags = {{.key = "k", .value = "v\xc0\x80"}}, // overlong
                                 .resource_id = "ml-1",
                                 .resource_type = awsml::taggable_resource_type::MLModel};
    CHECK(awsml::validate(nested) ==
          std::vector<violation>{
              {"Tags[0].Value", "invalid UTF-8 at byte 1", constraint_kind::utf8}});

    // Text outside ASCII that is UTF-8 is valid, in every place.
    model.ml_model_name = "caf\xc3\xa9 \xf0\x9f\x93\x88";
    model.ml_model_type = awsml::ml_model_type::BINARY;
    model.parameters = {{{"sgd.l2", "0.1"}, {"r\xc3\xa9gion", "\xe2\x82\xac"}}};
    CHECK(awsml::validate(model).empty());
}

TEST_CASE("a missing member is reported once on a client's side; a server's side measures it too",
          "[validate]") {
    using awsml::constraint_kind;
    const awsml::add_tags_input empty{.tags = {{.key = "k", .value = "v"}}, .resource_id = "ml-1"};
    CHECK(awsml::validate(empty, {.known_enums = true}) ==
          std::vector<violation>{{"ResourceType", "is required", constraint_kind::required}});
    const auto server_side = awsml::validate(
        awsml::get_ml_model_input{}, {.known_enums = true, .empty_strings_match_patterns = true});
    REQUIRE(server_side.size() == 3);
    CHECK(server_side[0].kind == constraint_kind::required);
    CHECK(server_side[1].kind == constraint_kind::min_length);
    CHECK(server_side[2].kind == constraint_kind::pattern);
    const auto no_type =
        awsml::validate(empty, {.known_enums = true, .empty_strings_match_patterns = true});
    REQUIRE(no_type.size() == 2);
    CHECK(no_type[1].kind == constraint_kind::enum_value);
}

TEST_CASE("a required string is missing when empty, unless its pattern admits \"\"", "[validate]") {
    using awsml::constraint_kind;
    // EntityName (".*\\S.*|^$") admits "": an Update* may clear a name, as botocore sends it.
    CHECK(awsml::validate(awsml::update_data_source_input{.data_source_id = "ds-1"}).empty());
    CHECK(awsml::validate(awsml::update_evaluation_input{.evaluation_id = "ev-1"}).empty());
    CHECK(awsml::validate(
              awsml::update_data_source_input{.data_source_id = "ds-1", .data_source_name = " "}) ==
          std::vector<violation>{{"DataSourceName", "does not match the pattern .*\\S.*|^$",
                                  constraint_kind::pattern, ".*\\S.*|^$"}});
    // An id's pattern ([a-zA-Z0-9_.-]+) does not, nor does an S3 URL's.
    CHECK(awsml::validate(awsml::update_data_source_input{}) ==
          std::vector<violation>{{"DataSourceId", "is required", constraint_kind::required}});
    auto batch = awsml::create_batch_prediction_input{.batch_prediction_id = "bp-1",
                                                      .ml_model_id = "ml-1",
                                                      .batch_prediction_data_source_id = "ds-1"};
    CHECK(awsml::validate(batch) ==
          std::vector<violation>{{"OutputUri", "is required", constraint_kind::required}});
}

TEST_CASE("enum values this version does not know: passed on by a client, refused on request "
          "by a server's side",
          "[validate][enum]") {
    using awsml::constraint_kind;
    awsml::describe_ml_models_input query{.filter_variable =
                                              awsml::ml_model_filter_variable::from_wire("Colour"),
                                          .sort_order = awsml::sort_order::from_wire("up")};
    CHECK(awsml::validate(query).empty());
    CHECK(awsml::validate(query, {.known_enums = true}) ==
          std::vector<violation>{
              {"FilterVariable",
               "must satisfy enum value set: [CreatedAt, LastUpdatedAt, Status, Name, IAMUser, "
               "TrainingDataSourceId, RealtimeEndpointStatus, MLModelType, Algorithm, "
               "TrainingDataURI]",
               constraint_kind::enum_value,
               "[CreatedAt, LastUpdatedAt, Status, Name, IAMUser, TrainingDataSourceId, "
               "RealtimeEndpointStatus, MLModelType, Algorithm, TrainingDataURI]"},
              {"SortOrder", "must satisfy enum value set: [asc, dsc]", constraint_kind::enum_value,
               "[asc, dsc]"}});
    // Known values pass; case matters, as on the wire; an unset enum is not measured here.
    query.filter_variable = awsml::ml_model_filter_variable::Name;
    query.sort_order = awsml::sort_order::from_wire("DSC");
    CHECK(awsml::validate(query, {.known_enums = true}) ==
          std::vector<violation>{{"SortOrder", "must satisfy enum value set: [asc, dsc]",
                                  constraint_kind::enum_value, "[asc, dsc]"}});
    // An empty value is outside the set too (as JSON's "" decodes).
    query.sort_order = awsml::sort_order::from_wire("");
    CHECK(awsml::validate(query, {.known_enums = true}) ==
          std::vector<violation>{{"SortOrder", "must satisfy enum value set: [asc, dsc]",
                                  constraint_kind::enum_value, "[asc, dsc]"}});
    query.sort_order = awsml::sort_order::dsc;
    CHECK(awsml::validate(query, {.known_enums = true}).empty());
    CHECK(awsml::validate(awsml::describe_ml_models_input{}, {.known_enums = true}).empty());
}

TEST_CASE("response validation is an opt-in report over nested members; nothing is dropped",
          "[validate]") {
    awsml::get_ml_model_output m;
    m.ml_model_id = "ml-1";
    m.created_by_iam_user = "arn:aws:iam::123456789012:user/alice";
    m.input_data_location_s3 = "https://not-s3/bucket";
    m.endpoint_info = awsml::realtime_endpoint_info{};
    m.endpoint_info->endpoint_url = "http://insecure.amazonaws.com";
    auto copy = m;
    CHECK(awsml::validate(m) ==
          std::vector<violation>{
              {"EndpointInfo.EndpointUrl",
               "does not match the pattern https://[a-zA-Z0-9-.]*\\.amazon(aws)?\\.com[/]?",
               awsml::constraint_kind::pattern, "https://[a-zA-Z0-9-.]*\\.amazon(aws)?\\.com[/]?"},
              {"InputDataLocationS3", "does not match the pattern s3://([^/]+)(/.*)?",
               awsml::constraint_kind::pattern, "s3://([^/]+)(/.*)?"}});
    CHECK(m == copy);
}

TEST_CASE("the pattern matcher handles the model's regular expressions", "[validate][pattern]") {
    using awsml::detail::matches_pattern;
    CHECK(matches_pattern("[a-zA-Z0-9_.-]+", "ml-123_a.b"));
    CHECK_FALSE(matches_pattern("[a-zA-Z0-9_.-]+", "ml 123"));
    CHECK_FALSE(matches_pattern("[a-zA-Z0-9_.-]+", ""));
    CHECK(matches_pattern("arn:aws:iam::[0-9]+:((user/.+)|(root))",
                          "arn:aws:iam::123456789012:user/alice"));
    CHECK(matches_pattern("arn:aws:iam::[0-9]+:((user/.+)|(root))",
                          "arn:aws:iam::123456789012:root"));
    CHECK_FALSE(matches_pattern("arn:aws:iam::[0-9]+:((user/.+)|(root))", "arn:aws:iam::1:rooty"));
    CHECK_FALSE(matches_pattern("arn:aws:iam::[0-9]+:((user/.+)|(root))", "arn:aws:iam:::root"));
    CHECK(matches_pattern("https://[a-zA-Z0-9-.]*\\.amazon(aws)?\\.com[/]?",
                          "https://x.amazon.com/"));
    CHECK_FALSE(
        matches_pattern("https://[a-zA-Z0-9-.]*\\.amazon(aws)?\\.com[/]?", "https://x.amazonXcom"));
    CHECK(matches_pattern("s3://([^/]+)(/.*)?", "s3://bucket"));
    CHECK_FALSE(matches_pattern("s3://([^/]+)(/.*)?", "s3:///key"));
    CHECK(matches_pattern("a(b|cd)*e?", "abcdbcd"));
    CHECK(matches_pattern("\\d\\w\\s.", "1a x"));
    CHECK_FALSE(matches_pattern("[", "[")); // malformed patterns match nothing
    CHECK_FALSE(matches_pattern("(a", "a"));
    // pathological backtracking is bounded, not exponential
    CHECK_FALSE(matches_pattern("(a*)*b", std::string(5000, 'a')));
}

TEST_CASE("the pattern matcher's stack does not grow with the value's length",
          "[validate][pattern]") {
    // A repeated character is a loop, not a recursion per character: these overflowed the stack
    // of an unoptimised AddressSanitizer build at a few thousand characters.
    using awsml::detail::matches_pattern;
    const std::string long_word(200'000, 'x');
    CHECK(matches_pattern(".*\\S.*|^$", long_word + " "));
    CHECK_FALSE(matches_pattern(".*\\S.*|^$", std::string(200'000, ' ')));
    CHECK(matches_pattern("s3://([^/]+)(/.*)?", "s3://" + long_word + "/" + long_word));
    CHECK(matches_pattern("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", long_word + "\xc3\xa9"));
    CHECK_FALSE(matches_pattern("[a-z]+", long_word + "1"));
    // Backing off steps over whole code points, and over bytes no lead byte claims.
    CHECK(matches_pattern(".*\\p{L}", "\xc3\xa9\xa9\xc3\xa9"));
    CHECK_FALSE(matches_pattern(".*\\p{L}", "\xc3\xa9\xa9"));
    CHECK(matches_pattern(".*\\P{L}", "\xc3\xa9\xa9"));
    CHECK(matches_pattern("a(b|cd)*e?", "a" + std::string(600, 'b')));
    std::string pairs;
    for (int i = 0; i < 400; ++i)
        pairs += "ab";
    CHECK(matches_pattern("(ab)+", pairs));
    CHECK_FALSE(matches_pattern("(ab)+", pairs + "a"));
}

TEST_CASE("the pattern matcher reads UTF-8 and the Unicode categories of tag keys",
          "[validate][pattern]") {
    using awsml::detail::matches_pattern;
    const char* tag = "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$"; // TagKey and TagValue
    CHECK(matches_pattern(tag, "env:prod"));
    CHECK(matches_pattern(tag, ""));
    CHECK(matches_pattern(tag, "a-b@c/d=e+f"));
    CHECK(matches_pattern(tag, "caf\xc3\xa9 2"));                        // é is a letter
    CHECK(matches_pattern(tag, "\xe4\xb8\xad\xe6\x96\x87"));             // CJK letters
    CHECK(matches_pattern(tag, "\xe4\xbd\x90\xe3\x80\x85\xe6\x9c\xa8")); // 佐々木: 々 is a letter
    CHECK(matches_pattern(tag, "\xe2\x84\xa6 \xe2\x84\xab"));            // Ω Å (letterlike)
    CHECK(matches_pattern(tag, "\xd9\xa3\xe2\x80\x83x"));                // Arabic-Indic 3, em space
    CHECK_FALSE(matches_pattern(tag, "a!"));
    CHECK_FALSE(matches_pattern(tag, "a\xf0\x9f\x98\x80")); // an emoji is no letter
    CHECK_FALSE(matches_pattern(tag, "a\xe2\x80\x94"));     // nor an em dash
    CHECK_FALSE(matches_pattern(tag, "a\xff"));             // nor a byte that is not UTF-8
    CHECK_FALSE(matches_pattern(tag, "a\xc3"));             // nor a truncated sequence
    // One code point is one character for '.', classes and \\S.
    CHECK(matches_pattern("^.$", "\xc3\xa9"));
    CHECK(matches_pattern(".*\\S.*|^$", " \xc3\xa9 "));
    CHECK_FALSE(matches_pattern("[a-z]", "\xc3\xa9"));
    CHECK(matches_pattern("[^a-z]", "\xc3\xa9"));
    CHECK(matches_pattern("\\P{L}", "1"));
    // Malformed categories match nothing, and never read past the pattern.
    CHECK_FALSE(matches_pattern("[\\p{L}", "a"));
    CHECK_FALSE(matches_pattern("a\\p{L", "ab"));
    CHECK_FALSE(matches_pattern("[\\p{L]", "a"));
    CHECK_FALSE(matches_pattern("\\p{Q}", "a"));
}

TEST_CASE("patterns: negated escapes and anchors, as ComparatorValue uses them", "[validate]") {
    using awsml::detail::matches_pattern;
    const std::string_view comparator = ".*\\S.*|^$"; // DescribeMLModels' EQ, GT, ... Prefix
    CHECK(matches_pattern(comparator, "COMPLETED"));
    CHECK(matches_pattern(comparator, "  a "));
    CHECK(matches_pattern(comparator, ""));
    CHECK_FALSE(matches_pattern(comparator, "   "));
    CHECK_FALSE(matches_pattern(comparator, "\t\n"));
    CHECK(matches_pattern("\\D+", "abc"));
    CHECK_FALSE(matches_pattern("\\D+", "a1"));
    CHECK(matches_pattern("\\W", "-"));
    CHECK_FALSE(matches_pattern("\\W", "_"));
    CHECK_FALSE(matches_pattern("a^b", "ab"));
}

} // namespace validate_test
