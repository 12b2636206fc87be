// awsml-local's web console (programs/awsml-local/console.hpp) through the emulator's own
// handle(), as the server calls it: its pages and JSON views, the lists' Describe* queries
// against the service's own answers, the metrics of the threshold table against metrics.hpp, and
// what it refuses (no token, another origin or site, a foreign Host, malformed values, unknown
// pages) without changing anything; --no-console. tests/test_console.py drives the same pages in
// real browsers.
#include <awsml-local/console.hpp>

#include <awsml-local/entity_store.hpp>
#include <awsml-local/html_escape.hpp>
#include <awsml-local/metrics.hpp>
#include <awsml-local/service.hpp>
#include <awsml/auth/sigv4.hpp>
#include <awsml/model/to_json.hpp>

#include <catch2/catch.hpp>

#include <support/scratch_folder.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <string>

namespace local_console_test {

namespace ml = awsml::machinelearning;
namespace local = awsml::local;
namespace json = boost::json;

namespace {

using awsml_test::scratch_folder;

/// y = 1 when 2a - b > 0.5, with one label in ten flipped so that the scores overlap.
std::string noisy_binary_csv(int rows, unsigned seed) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> unit(0, 1);
    std::string csv = "a,b,y\n";
    for (int i = 0; i < rows; ++i) {
        const double a = unit(random), b = unit(random);
        const bool y = (2 * a - b > 0.5) != (random() % 10 == 0);
        csv += std::to_string(a) + "," + std::to_string(b) + "," + (y ? "1" : "0") + "\n";
    }
    return csv;
}

const std::string binary_schema =
    R"({"version":"1.0","targetAttributeName":"y","dataFormat":"CSV","dataFileContainsHeader":true,)"
    R"("attributes":[{"attributeName":"a","attributeType":"NUMERIC"},)"
    R"({"attributeName":"b","attributeType":"NUMERIC"},{"attributeName":"y","attributeType":"BINARY"}]})";

const std::string html_name = R"(<script>alert("x")</script><b>&amp;</b>)";

/// An emulator whose work takes no time, with a BINARY model ml-c trained on data/train.csv,
/// evaluated (ev-c) on its last 30% and predicting it in batch (bp-c).
struct console_fixture {
    scratch_folder s3;
    local::emulator service;

    explicit console_fixture(bool web_console = true)
        : service(local::model_store(), settings(s3, web_console)) {
        s3.put("data/train.csv", noisy_binary_csv(400, 7));
        s3.put("data/train.csv.schema", binary_schema);
        s3.make_folder("out");
        auto& ops = service.operations();
        const auto now = service_now();
        for (const auto& [id, split] :
             {std::pair{"ds-train", R"({"splitting":{"percentBegin":0,"percentEnd":70}})"},
              std::pair{"ds-test", R"({"splitting":{"percentBegin":70,"percentEnd":100}})"}})
            REQUIRE(ops.answer(
                ml::create_data_source_from_s3_input{
                    .data_source_id = id,
                    .data_source_name = html_name,
                    .data_spec = {.data_location_s3 = "s3://data/train.csv",
                                  .data_rearrangement = split,
                                  .data_schema_location_s3 = "s3://data/train.csv.schema"},
                    .compute_statistics = true},
                now));
        REQUIRE(ops.answer(ml::create_ml_model_input{.ml_model_id = "ml-c",
                                                     .ml_model_name = html_name,
                                                     .ml_model_type = ml::ml_model_type::BINARY,
                                                     .training_data_source_id = "ds-train"},
                           now));
        REQUIRE(ops.answer(ml::create_evaluation_input{.evaluation_id = "ev-c",
                                                       .ml_model_id = "ml-c",
                                                       .evaluation_data_source_id = "ds-test"},
                           now));
        REQUIRE(ops.answer(
            ml::create_batch_prediction_input{.batch_prediction_id = "bp-c",
                                              .batch_prediction_name = "batch",
                                              .ml_model_id = "ml-c",
                                              .batch_prediction_data_source_id = "ds-test",
                                              .output_uri = "s3://out/batch/"},
            now));
    }

    static local::service_settings settings(const scratch_folder& s3, bool web_console) {
        local::service_settings s;
        s.operations.s3 = local::s3_files(s3.path());
        s.operations.processing_time = std::chrono::milliseconds(0);
        s.web_console = web_console;
        return s;
    }

    awsml::timestamp service_now() const {
        return std::chrono::time_point_cast<std::chrono::milliseconds>(service.now());
    }

    awsml::http_response get(const std::string& target, const std::string& host = "127.0.0.1") {
        awsml::http_request request{.method = "GET",
                                    .scheme = "http",
                                    .host = host,
                                    .port = 8686,
                                    .target = target,
                                    .headers = {{"Host", host + ":8686"}},
                                    .body = {}};
        return service.handle(request).response;
    }

    awsml::http_response post(const std::string& target, const std::string& body,
                              awsml::http_headers extra) {
        awsml::http_request request{.method = "POST",
                                    .scheme = "http",
                                    .host = "127.0.0.1",
                                    .port = 8686,
                                    .target = target,
                                    .headers = {{"Host", "127.0.0.1:8686"}},
                                    .body = body};
        for (auto& header : extra)
            request.headers.push_back(std::move(header));
        return service.handle(request).response;
    }

    awsml::http_headers allowed() const {
        return {{"Origin", "http://127.0.0.1:8686"},
                {"Sec-Fetch-Site", "same-origin"},
                {"X-Console-Token", service.console().token()}};
    }

    std::optional<float> threshold() {
        return service.operations()
            .answer(ml::get_ml_model_input{.ml_model_id = "ml-c"}, service_now())
            .value()
            .score_threshold;
    }
};

json::value body_of(const awsml::http_response& response) {
    return json::parse(response.body);
}

} // namespace

TEST_CASE("console metrics: the threshold table's counts and ratios, per-class F1",
          "[local][console]") {
    const std::vector<std::pair<double, bool>> scored = {
        {0.1, false}, {0.4, false}, {0.35, true}, {0.8, true}, {0.6, false}};
    const auto m = local::metrics_at(scored, 0.5);
    CHECK(m.true_positives == 1);
    CHECK(m.false_positives == 1);
    CHECK(m.true_negatives == 2);
    CHECK(m.false_negatives == 1);
    CHECK(m.accuracy == Approx(3.0 / 5));
    CHECK(m.precision == Approx(0.5));
    CHECK(m.recall == Approx(0.5));
    CHECK(m.false_positive_rate == Approx(1.0 / 3));
    CHECK(m.f1 == Approx(0.5));
    // A score equal to the threshold answers 1, as Predict does; no positive answer: precision 0.
    CHECK(local::metrics_at(scored, 0.8).true_positives == 1);
    CHECK(local::metrics_at(scored, 0.9).precision == 0);
    // The ROC curve from one sweep is metrics_at at each distinct score, ties included.
    std::mt19937 random(7);
    std::vector<std::pair<double, bool>> many;
    for (int i = 0; i < 2000; ++i)
        many.emplace_back(static_cast<double>(random() % 300) / 299, random() % 3 == 0);
    const auto roc = local::roc_points(many);
    std::vector<double> cuts;
    for (const auto& [score, positive] : many)
        cuts.push_back(score);
    std::sort(cuts.begin(), cuts.end(), std::greater<>());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    REQUIRE(roc.size() == cuts.size() + 2);
    CHECK(roc.front() == std::pair(0.0, 0.0));
    CHECK(roc.back() == std::pair(1.0, 1.0));
    for (std::size_t i = 0; i < cuts.size(); ++i) {
        const auto m = local::metrics_at(many, cuts[i]);
        CHECK(roc[i + 1] == std::pair(m.false_positive_rate, m.recall));
    }
    // Scores equal as floats answer alike at every threshold, as Predict shows them: one point.
    const double below_half = std::nextafter(0.5, 0.0);
    CHECK(local::answers_positive(below_half, 0.5f));
    CHECK_FALSE(local::answers_positive(0.49999, 0.5f));
    const std::vector<std::pair<double, bool>> twins{{0.5, true}, {below_half, false}};
    REQUIRE(local::roc_points(twins).size() == 3);
    CHECK(local::roc_points(twins)[1] == std::pair(1.0, 1.0));
    CHECK(local::metrics_at(twins, below_half).recall == 1);
    CHECK(local::metrics_at(twins, below_half).false_positive_rate == 1);

    const auto drawn = local::thinned(roc, 201);
    REQUIRE(drawn.size() == 201);
    CHECK(drawn.front() == roc.front());
    CHECK(drawn.back() == roc.back());
    CHECK(std::is_sorted(drawn.begin(), drawn.end()));
    CHECK(local::thinned(roc, roc.size()) == roc);
    // A NaN score (diverged training) ends the sweep and counts as metrics_at counts it.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto with_nan = local::roc_points({{nan, true}, {0.5, false}, {0.7, true}});
    REQUIRE(with_nan.size() == 4);
    CHECK(with_nan[1] ==
          std::pair(
              local::metrics_at({{nan, true}, {0.5, false}, {0.7, true}}, 0.7).false_positive_rate,
              0.5));
    // The confusion matrix keeps the labels seen most and folds the rest into one.
    std::vector<std::pair<std::string, std::string>> labelled;
    for (int i = 0; i < 500; ++i) // a, b, c often; 200 labels once each, the model says a
        labelled.emplace_back(i < 300 ? std::string(1, static_cast<char>('a' + i % 3))
                                      : "u" + std::to_string(i),
                              i % 2 ? "a" : "b");
    const auto matrix = local::confusion_matrix(labelled, 3);
    CHECK(matrix.labels == std::vector<std::string>{"a", "b", "(201 other labels)"});
    CHECK(matrix.folded == 201); // c and the 200
    std::int64_t total = 0;
    for (const auto& row : matrix.counts) {
        CHECK(row.size() == 3);
        for (const auto count : row)
            total += count;
    }
    CHECK(total == 500);
    CHECK(matrix.counts[2][0] == 50 + 100); // c and the others, answered a
    CHECK(local::confusion_matrix(labelled, 300).folded == 0);
    const auto classes = local::per_class_f1({{"a", "a"}, {"a", "b"}, {"b", "b"}, {"b", "b"}});
    REQUIRE(classes.size() == 2);
    CHECK(classes[0].f1 == Approx(2.0 / 3));
    CHECK(classes[1].f1 == Approx(0.8));
    CHECK(classes[1].actual == 2);
    CHECK(classes[1].predicted == 3);
}

TEST_CASE("console: pages, assets and the lists, user data as data", "[local][console]") {
    console_fixture f;
    auto page = f.get("/");
    REQUIRE(page.status == 200);
    CHECK(page.header("Content-Type") == "text/html; charset=utf-8");
    CHECK(page.body.find(R"(<meta name="console-token" content=")" + f.service.console().token() +
                         "\">") != std::string::npos);
    CHECK(page.header("Content-Security-Policy")->find("script-src 'self'") != std::string::npos);
    CHECK(f.get("/console.js").status == 200);
    CHECK(f.get("/console.css").header("Content-Type") == "text/css; charset=utf-8");
    // The entity pages are the same page; its script asks for the data.
    CHECK(f.get("/evaluations/ev-c").body == page.body);
    CHECK(f.get("/ml-models/ml-c").status == 200);
    CHECK(f.get("/data-sources/ds-test?x=1").status == 200);
    // The API's requests are still numbered from 1: the console's are not counted.
    CHECK(f.service.requests_handled() == 0);
    // A signed GET, or one naming an operation, is the API's, answered as before the console.
    // The Amazon ML API answers with X-Amzn-ErrorType, S3's (a signed GET) with x-amz-request-id.
    const auto answered_by_an_api = [](const awsml::http_response& response) {
        return response.header("X-Amzn-ErrorType") || response.header("x-amz-request-id");
    };
    for (const auto& header :
         {awsml::http_header{"Authorization", "AWS4-HMAC-SHA256 x"},
          awsml::http_header{"X-Amz-Target", "AmazonML_20141212.GetMLModel"}}) {
        awsml::http_request signed_get{.method = "GET",
                                       .scheme = "http",
                                       .host = "127.0.0.1",
                                       .port = 8686,
                                       .target = "/",
                                       .headers = {{"Host", "127.0.0.1:8686"}, header},
                                       .body = {}};
        CHECK(answered_by_an_api(f.service.handle(signed_get).response));
    }
    CHECK(f.service.requests_handled() == 2);
    // So is one signed by its query (a presigned URL, S3's since it is a GET); an id or a filter
    // that merely holds "X-Amz-" is the console's (review: it was sent to the API, which refused
    // it unsigned).
    CHECK(f.get("/?X-Amz-Date=20150830T123600Z").header("x-amz-request-id"));
    CHECK(f.get("/?x-amz-signature=0").header("x-amz-request-id"));
    CHECK(f.get("/?AWSAccessKeyId=AKID&Signature=x").header("x-amz-request-id"));
    CHECK(f.service.requests_handled() == 5);
    const auto entity_page = f.get("/data-sources/ds-X-Amz-Date"); // no such entity: the 404 page
    CHECK(entity_page.status == 404);
    CHECK_FALSE(entity_page.header("X-Amzn-ErrorType"));
    CHECK(f.get("/console/api/lists/data-sources?FilterVariable=Name&Prefix=X-Amz-").status == 200);
    CHECK(f.service.requests_handled() == 5);

    auto sources = body_of(f.get("/console/api/lists/data-sources")).at("Results").as_array();
    REQUIRE(sources.size() == 2);
    CHECK(sources[0].at("Name").as_string() == html_name);
    auto models = body_of(f.get("/console/api/lists/ml-models")).at("Results").as_array();
    CHECK(models.at(0).at("Name").as_string() == html_name);
    CHECK(body_of(f.get("/console/api/lists/evaluations")).at("Results").as_array().size() == 1);
    CHECK(body_of(f.get("/console/api/lists/batch-predictions")).at("Results").as_array().size() ==
          1);
    // No page carries an entity's name: names travel as JSON strings, and the 404 page escapes
    // the path it quotes.
    CHECK(f.get("/ml-models/ml-c").body.find("<script>alert") == std::string::npos);
    const auto missing = f.get("/no/<b>such</b>&page");
    CHECK(missing.status == 404);
    CHECK(missing.body.find("&lt;b&gt;such&lt;/b&gt;&amp;page") != std::string::npos);
    CHECK(missing.body.find("<b>such") == std::string::npos);
    CHECK(local::html_escape(R"(<a href="x">'&)") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;");
}

TEST_CASE("console: unknown pages, ids and endpoints are 404", "[local][console]") {
    console_fixture f;
    CHECK(f.get("/nope").status == 404);
    CHECK(f.get("/evaluations/ev-none").status == 404);
    CHECK(f.get("/evaluations/").status == 404);
    CHECK(f.get("/evaluations/ev-c/more").status == 404);
    CHECK(f.get("/ml-models/bad%20id").status == 404);
    auto api = f.get("/console/api/evaluations/ev-none");
    CHECK(api.status == 400);
    CHECK(body_of(api).at("code").as_string() == "ResourceNotFoundException");
    CHECK(f.get("/console/api/nothing").status == 404);
    CHECK(f.get("/batch-predictions/bp-none").status == 404);
    CHECK(f.get("/console/api/lists/nothing").status == 404);
    CHECK(f.get("/console/api/lists").status == 404);
    CHECK(f.post("/console/api/ml-models/ml-c/nothing", "{}", f.allowed()).status == 404);
}

TEST_CASE("console: data source statistics and the BINARY evaluation's views", "[local][console]") {
    console_fixture f;
    auto source = body_of(f.get("/console/api/data-sources/ds-test"));
    const auto& statistics = source.at("Statistics");
    CHECK(statistics.at("records").as_int64() == 120);
    CHECK(statistics.at("attributes").as_array().size() == 3);

    auto view = body_of(f.get("/console/api/evaluations/ev-c"));
    CHECK(view.at("MLModelType").as_string() == "BINARY");
    const auto& binary = view.at("Binary");
    const auto records = binary.at("Records").as_int64();
    CHECK(records == 120);
    const auto& rows = binary.at("Thresholds").as_array();
    REQUIRE(rows.size() == 101);
    for (const auto& row : rows) {
        const auto& r = row.as_object();
        CHECK(r.at("TruePositives").as_int64() + r.at("FalsePositives").as_int64() +
                  r.at("TrueNegatives").as_int64() + r.at("FalseNegatives").as_int64() ==
              records);
    }
    CHECK(rows[0].at("Recall").as_double() == 1.0); // every score is >= 0
    CHECK(rows[50].at("Threshold").as_double() == 0.5);
    // The AUC is the one GetEvaluation returns.
    const auto api_auc = std::stod(std::string(view.at("Evaluation")
                                                   .at("PerformanceMetrics")
                                                   .at("Properties")
                                                   .at("BinaryAUC")
                                                   .as_string()));
    CHECK(binary.at("AUC").as_double() == Approx(api_auc).epsilon(1e-12));
    CHECK(api_auc > 0.7);
    std::int64_t histogram_total = 0;
    for (const auto* side : {"Positive", "Negative"})
        for (const auto& count : binary.at("Histogram").at(side).as_array())
            histogram_total += count.as_int64();
    CHECK(histogram_total == records);
    // The answers behind the views survive the state file's round trip. To the last bit but one:
    // Boost.JSON 1.81 reads some 17-digit numbers one unit in the last place off.
    const auto* entry = f.service.operations().store().find<local::evaluation_entry>("ev-c");
    REQUIRE(entry);
    REQUIRE(entry->answers);
    local::entity_store restored;
    REQUIRE(restored.restore("Evaluation", "ev-c", awsml::to_json(*entry)));
    const auto& back = *restored.find<local::evaluation_entry>("ev-c")->answers;
    CHECK(back.truths == entry->answers->truths);
    REQUIRE(back.scores.size() == entry->answers->scores.size());
    std::size_t off_by_more_than_one_ulp = 0;
    for (std::size_t i = 0; i < back.scores.size(); ++i) {
        const double score = entry->answers->scores[i];
        off_by_more_than_one_ulp += back.scores[i] != score &&
                                    back.scores[i] != std::nextafter(score, 0.0) &&
                                    back.scores[i] != std::nextafter(score, 1.0);
    }
    CHECK(off_by_more_than_one_ulp == 0);
    // The ROC curve climbs from (0,0) to (1,1).
    const auto& roc = binary.at("Roc").as_array();
    CHECK(roc.front().as_array()[0].as_double() == 0);
    CHECK(roc.back().as_array()[1].as_double() == 1);
}

TEST_CASE("console: saving the threshold needs the token, this origin and a valid value",
          "[local][console]") {
    console_fixture f;
    const std::string path = "/console/api/ml-models/ml-c/score-threshold";
    const std::string body = R"({"ScoreThreshold":"0.42"})";
    const auto before = f.threshold();
    REQUIRE(before == 0.5f);

    auto without = f.allowed();
    without.pop_back(); // no token
    CHECK(f.post(path, body, without).status == 403);
    auto wrong_token = f.allowed();
    wrong_token.back().value = std::string(f.service.console().token().size(), '0');
    CHECK(f.post(path, body, wrong_token).status == 403);
    auto other_origin = f.allowed();
    other_origin[0].value = "http://evil.example";
    CHECK(f.post(path, body, other_origin).status == 403);
    auto other_site = f.allowed();
    other_site[1].value = "cross-site";
    CHECK(f.post(path, body, other_site).status == 403);
    auto no_origin = f.allowed();
    no_origin.erase(no_origin.begin());
    CHECK(f.post(path, body, no_origin).status == 403);
    for (const auto* malformed : {R"({"ScoreThreshold":"abc"})", R"({"ScoreThreshold":"1.5"})",
                                  R"({"ScoreThreshold":"nan"})", R"({"ScoreThreshold":"0.4x"})",
                                  R"({"ScoreThreshold":0.4})", R"([])", "not json"}) {
        auto refused = f.post(path, malformed, f.allowed());
        CHECK(refused.status == 400);
        INFO(refused.body);
        CHECK((body_of(refused).at("message").as_string().starts_with("ScoreThreshold must be") ||
               body_of(refused).at("message").as_string().starts_with("The request body")));
    }
    CHECK(f.threshold() == before); // nothing refused changed anything

    auto saved = f.post(path, body, f.allowed());
    CHECK(saved.status == 200);
    CHECK(f.threshold() == 0.42f);
    // Another Host (a DNS rebinding) is refused, for reading too.
    CHECK(f.get("/console/api/lists", "attacker.example").status == 403);
    CHECK(f.get("/", "localhost").status == 200);
}

TEST_CASE("console: an endpoint and Predict from the model page", "[local][console]") {
    console_fixture f;
    const std::string predict = "/console/api/ml-models/ml-c/predict";
    const std::string record = R"({"Record":{"a":"0.9","b":"0.1"}})";
    auto unmounted = f.post(predict, record, f.allowed());
    CHECK(unmounted.status == 400);
    CHECK(body_of(unmounted).at("code").as_string() == "PredictorNotMountedException");
    CHECK(f.post("/console/api/ml-models/ml-c/endpoint", "{}", {}).status == 403);
    REQUIRE(f.post("/console/api/ml-models/ml-c/endpoint", "{}", f.allowed()).status == 200);
    // READY after half the processing time: at once here.
    auto answer = f.post(predict, record, f.allowed());
    REQUIRE(answer.status == 200);
    CHECK(body_of(answer).at("Prediction").at("predictedLabel").as_string() == "1");
    CHECK(f.post(predict, R"({"Record":{"a":1}})", f.allowed()).status == 400);
}

TEST_CASE("console: each Get*'s LogUri is the entity's log, told from its Get* answer",
          "[local][console]") {
    console_fixture f;
    auto& ops = f.service.operations();
    const auto now = f.service_now();
    ops.set_endpoint_url("http://127.0.0.1:8686");
    const auto model = ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-c"}, now).value();
    REQUIRE(model.log_uri == "http://127.0.0.1:8686/console/logs/ml-models/ml-c");
    {
        // A caller that reached the emulator by another name is linked there, as EndpointUrl is.
        const local::operations::caller_origin_scope origin("localhost:8686");
        CHECK(ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-c"}, now).value().log_uri ==
              "http://localhost:8686/console/logs/ml-models/ml-c");
    }
    CHECK(ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-c"}, now).value().log_uri ==
          model.log_uri);
    const auto log = f.get("/console/logs/ml-models/ml-c");
    CHECK(log.status == 200);
    CHECK(log.header("Content-Type") == "text/plain; charset=utf-8");
    CHECK(log.header("X-Content-Type-Options") == "nosniff");
    // The name is quoted as JSON quotes it: its quotes, and any line break, stay on one line.
    CHECK_THAT(log.body, Catch::StartsWith(
                             awsml::format_iso8601(*model.created_at) + " CreateMLModel ml-c (" +
                             json::serialize(json::string(html_name)) + "), requested by " +
                             *model.created_by_iam_user + ": PENDING\n"));
    CHECK_THAT(log.body,
               Catch::Contains(awsml::format_iso8601(*model.finished_at) +
                               " COMPLETED (ComputeTime " + std::to_string(*model.compute_time) +
                               " ms): SizeInBytes " + std::to_string(*model.size_in_bytes) + "\n"));

    const auto batch =
        ops.answer(ml::get_batch_prediction_input{.batch_prediction_id = "bp-c"}, now).value();
    REQUIRE(batch.log_uri);
    CHECK_THAT(f.get("/console/logs/batch-predictions/bp-c").body,
               Catch::Contains("TotalRecordCount " + std::to_string(*batch.total_record_count) +
                               ", InvalidRecordCount 0\n"));
    const auto evaluation =
        ops.answer(ml::get_evaluation_input{.evaluation_id = "ev-c"}, now).value();
    CHECK_THAT(f.get("/console/logs/evaluations/ev-c").body,
               Catch::Contains("BinaryAUC " +
                               evaluation.performance_metrics->properties->at("BinaryAUC")));
    const auto source =
        ops.answer(ml::get_data_source_input{.data_source_id = "ds-train"}, now).value();
    CHECK_THAT(f.get("/console/logs/data-sources/ds-train").body,
               Catch::StartsWith(awsml::format_iso8601(*source.created_at) +
                                 " CreateDataSourceFromS3 ds-train"));

    // A failure says its message; a deletion comes last.
    REQUIRE(ops.answer(
        ml::create_data_source_from_s3_input{
            .data_source_id = "ds-missing",
            .data_spec = {.data_location_s3 = "s3://data/missing.csv",
                          .data_schema_location_s3 = "s3://data/train.csv.schema"}},
        now));
    const auto failed =
        ops.answer(ml::get_data_source_input{.data_source_id = "ds-missing"}, now).value();
    REQUIRE(failed.status == ml::entity_status::FAILED);
    CHECK_THAT(
        f.get("/console/logs/data-sources/ds-missing").body,
        Catch::EndsWith(" FAILED: " + json::serialize(json::string(*failed.message)) + "\n"));
    REQUIRE(ops.answer(ml::delete_data_source_input{.data_source_id = "ds-missing"}, now));
    // Deleted, it has no FinishedAt: the DELETED line keeps its message.
    CHECK_THAT(
        f.get("/console/logs/data-sources/ds-missing").body,
        Catch::EndsWith(" DELETED: " + json::serialize(json::string(*failed.message)) + "\n"));

    CHECK(f.get("/console/logs/ml-models/ml-none").status == 400); // ResourceNotFoundException
    // A --models file's model, which no request made, has no LogUri and no log.
    ops.import_models(
        local::model_store::from_json(R"([{"MLModelId": "ml-file", "Status": "COMPLETED"}])", "m")
            .value());
    CHECK_FALSE(ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-file"}, now).value().log_uri);
    CHECK(f.get("/console/logs/ml-models/ml-file").status == 404);
    CHECK(f.get("/console/logs/models/ml-c").status == 404);
    CHECK(f.get("/console/logs/ml-models/ml-c/more").status == 404);
}

TEST_CASE("console: --no-console: its pages are unknown, the API as it was", "[local][console]") {
    console_fixture f(false);
    CHECK_FALSE(f.service.operations()
                    .answer(ml::get_ml_model_input{.ml_model_id = "ml-c"}, f.service_now())
                    .value()
                    .log_uri);
    for (const auto* target : {"/", "/evaluations/ev-c", "/console.js",
                               "/console/api/lists/ml-models", "/console/logs/ml-models/ml-c"}) {
        const auto page = f.get(target);
        INFO(target);
        CHECK(page.status == 404);
        CHECK(page.header("X-Amzn-ErrorType") == "UnknownOperationException");
        CHECK(page.body.find("console-token") == std::string::npos);
    }
    CHECK(f.post("/console/api/ml-models/ml-c/score-threshold", R"({"ScoreThreshold":"0.1"})",
                 f.allowed())
              .status == 404);
    CHECK(f.threshold() == 0.5f);
    CHECK(f.service.requests_handled() == 0); // none of them was the API's
    // The API's requests: signed, they are answered as with the console on.
    awsml::http_request request{.method = "POST",
                                .scheme = "http",
                                .host = "127.0.0.1",
                                .port = 8686,
                                .target = "/",
                                .headers = {{"Content-Type", "application/x-amz-json-1.1"},
                                            {"X-Amz-Target", "AmazonML_20141212.GetMLModel"}},
                                .body = R"({"MLModelId":"ml-c"})"};
    awsml::sigv4::signing_params params;
    params.credentials.access_key_id = std::string(local::example_access_key_id);
    params.credentials.secret_access_key = std::string(local::example_secret_access_key);
    params.region = "us-east-1";
    params.service = "machinelearning";
    awsml::sigv4::signer().sign(request, params);
    const auto answer = f.service.handle(request).response;
    CHECK(answer.status == 200);
    CHECK(body_of(answer).at("MLModelId").as_string() == "ml-c");
    CHECK(f.service.requests_handled() == 1);
    // Unsigned, an API request meets the signature check as before.
    request.headers.erase(request.headers.begin() + 2, request.headers.end());
    CHECK(f.service.handle(request).response.header("X-Amzn-ErrorType") ==
          "MissingAuthenticationTokenException");
}

TEST_CASE("console: the lists filter and sort as Describe* does", "[local][console]") {
    console_fixture f;
    auto& ops = f.service.operations();
    const auto now = f.service_now();
    const auto results = [&](const std::string& target) {
        const auto answer = f.get(target);
        INFO(target << ": " << answer.body);
        REQUIRE(answer.status == 200);
        return body_of(answer).at("Results");
    };
    const auto same = [](const auto& service_answer) {
        return json::parse(awsml::to_json(service_answer.value())).at("Results");
    };
    // The FilterVariables each kind offers are the shapes' own.
    const auto variables = body_of(f.get("/console/api/lists/ml-models")).at("FilterVariables");
    CHECK(variables.as_array().size() == 10);
    CHECK(variables.as_array()[7] == "MLModelType");
    CHECK(body_of(f.get("/console/api/lists/data-sources")).at("FilterVariables").as_array()[4] ==
          "DataLocationS3");

    // Each comparison, a kind's own variables, SortOrder: the service's answer to the same query.
    CHECK(results("/console/api/lists/ml-models?FilterVariable=MLModelType&EQ=BINARY") ==
          same(ops.answer(
              ml::describe_ml_models_input{
                  .filter_variable = ml::ml_model_filter_variable::MLModelType, .eq = "BINARY"},
              now)));
    CHECK(results("/console/api/lists/ml-models?FilterVariable=MLModelType&EQ=REGRESSION")
              .as_array()
              .empty());
    const auto by_location = results(
        "/console/api/lists/data-sources?FilterVariable=DataLocationS3&Prefix=s3%3A%2F%2Fdata%2F&"
        "SortOrder=dsc");
    REQUIRE(by_location.as_array().size() == 2);
    CHECK(by_location.as_array()[0].at("DataSourceId") == "ds-train"); // equal values: by id
    CHECK(by_location == same(ops.answer(
                             ml::describe_data_sources_input{
                                 .filter_variable = ml::data_source_filter_variable::DataLocationS3,
                                 .prefix = "s3://data/",
                                 .sort_order = ml::sort_order::dsc},
                             now)));
    const auto not_train =
        results("/console/api/lists/data-sources?FilterVariable=Name&NE=nothing&GT=%3C&LE=%7E");
    CHECK(not_train.as_array().size() == 2);
    CHECK(results("/console/api/lists/evaluations?FilterVariable=DataSourceId&LT=ds-test")
              .as_array()
              .empty());
    CHECK(results("/console/api/lists/evaluations?FilterVariable=DataSourceId&GE=ds-test")
              .as_array()
              .size() == 1);
    CHECK(results("/console/api/lists/batch-predictions?FilterVariable=MLModelId&EQ=ml-c&"
                  "FilterVariable=MLModelId")
              .as_array()
              .size() == 1);
    CHECK(results("/console/api/lists/batch-predictions?FilterVariable=CreatedAt&GT=1000000000&"
                  "Prefix=")
              .as_array()
              .size() == 1);
    CHECK(results("/console/api/lists/batch-predictions?FilterVariable=CreatedAt&LT=1000000000")
              .as_array()
              .empty());

    // What the service refuses, and what the console does: a clear 400.
    for (const auto& [target, message] : {
             std::pair{"/console/api/lists/ml-models?FilterVariable=Colour&EQ=x",
                       "Unknown FilterVariable Colour."},
             std::pair{"/console/api/lists/ml-models?FilterVariable=CreatedAt&GT=yesterday",
                       "GT must be a time"},
             std::pair{"/console/api/lists/ml-models?FilterVariable=LastUpdatedAt&Prefix=2",
                       "Prefix cannot compare LastUpdatedAt"},
             std::pair{"/console/api/lists/ml-models?SortOrder=sideways",
                       "SortOrder must be asc or dsc, not 'sideways'."},
             std::pair{"/console/api/lists/ml-models?Limit=3",
                       "A list takes FilterVariable, EQ, GT, LT, GE, LE, NE, Prefix and SortOrder, "
                       "not 'Limit'."},
         }) {
        const auto refused = f.get(target);
        INFO(target << ": " << refused.body);
        CHECK(refused.status == 400);
        CHECK(std::string(body_of(refused).at("message").as_string()).find(message) !=
              std::string::npos);
    }
}

TEST_CASE("console: a batch prediction's page", "[local][console]") {
    console_fixture f;
    CHECK(f.get("/batch-predictions/bp-c").body == f.get("/").body);
    const auto view = body_of(f.get("/console/api/batch-predictions/bp-c"));
    const auto& batch = view.at("BatchPrediction");
    CHECK(batch.at("Status") == "COMPLETED");
    CHECK(batch.at("OutputUri") == "s3://out/batch/");
    CHECK(batch.at("MLModelId") == "ml-c");
    CHECK(batch.at("BatchPredictionDataSourceId") == "ds-test");
    CHECK(batch.at("TotalRecordCount").as_int64() == 120);
    CHECK(batch.at("InvalidRecordCount").as_int64() == 0);
    const auto missing = f.get("/console/api/batch-predictions/bp-none");
    CHECK(missing.status == 400);
    CHECK(body_of(missing).at("code") == "ResourceNotFoundException");
}

} // namespace local_console_test
