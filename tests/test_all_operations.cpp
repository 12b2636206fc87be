// Every operation of the model, generically over service::operations: each declaration agrees
// with service-2.json (members, wire names, required members, errors); each input goes on the
// wire as its shape says and its output comes back equal through the blocking, try_ and
// asynchronous forms and the named members; each modeled error comes back typed. Then Predict:
// its own endpoint, signed for machinelearning, and the rule that admits a local one.
#include <awsml/machinelearning/client.hpp>

#include <awsml/http/stub_transport.hpp>

#include <asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include <catch2/catch.hpp>

#include <support/shape_samples.hpp>
#include <support/test_server.hpp>
#include <support/vectors.hpp>

#include <set>
#include <sstream>
#include <string>

namespace all_operations_test {

namespace ml = awsml::machinelearning;
namespace json = boost::json;

namespace {

using stub_client = awsml::basic_client<awsml::stub_transport>;

awsml::client_config test_config(std::optional<std::string> endpoint = std::nullopt) {
    awsml::client_config config;
    config.region = "us-east-1";
    config.endpoint_url = std::move(endpoint);
    config.credentials = awsml::credentials{
        "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", {}, "test"};
    config.use_environment = false;
    config.retry_environment.random = [] { return 0.0; };
    return config;
}

template <class F>
void for_each_operation(F&& f) {
    boost::mp11::mp_for_each<
        boost::mp11::mp_transform<boost::mp11::mp_identity, ml::service::operations>>(
        [&](auto identity) { f(typename decltype(identity)::type{}); });
}

// --- the declarations against the model ----------------------------------------------------

template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};

// Compares a described shape with the model's shape of that name, members in order, their
// required flags (a required member is a plain value, any other optional), and every shape
// nested in lists, maps and members.
template <class T>
void check_against_model(const json::object& shapes, const std::string& name,
                         const std::string& path) {
    using member_type = std::remove_cvref_t<T>;
    const json::object& shape = shapes.at(name).as_object();
    if constexpr (awsml::detail::is_optional<member_type>::value) {
        check_against_model<typename member_type::value_type>(shapes, name, path);
    } else if constexpr (awsml::detail::described_shape<member_type>) {
        INFO(path << " (" << name << ")");
        REQUIRE(shape.at("type") == "structure");
        const json::object& members = shape.at("members").as_object();
        std::set<std::string> required;
        if (auto* r = shape.if_contains("required"))
            for (const auto& v : r->as_array())
                required.insert(std::string(v.as_string()));
        std::vector<std::string> model_names, our_names;
        for (const auto& kv : members)
            model_names.emplace_back(kv.key());
        awsml::detail::for_each_member<member_type>([&](auto d, const auto& rule) {
            const std::string wire(rule.wire_name);
            our_names.push_back(wire);
            using declared = std::remove_cvref_t<decltype(std::declval<member_type>().*d.pointer)>;
            CHECK(required.count(wire) == !awsml::detail::is_optional<declared>::value);
            if (const auto* m = members.if_contains(wire))
                check_against_model<declared>(
                    shapes, std::string(m->as_object().at("shape").as_string()), path + "." + wire);
        });
        CHECK(our_names == model_names);
    } else if constexpr (requires { typename member_type::mapped_type; }) {
        REQUIRE(shape.at("type") == "map");
        check_against_model<typename member_type::mapped_type>(
            shapes, std::string(shape.at("value").at("shape").as_string()), path + ".<value>");
    } else if constexpr (is_vector<member_type>::value) {
        REQUIRE(shape.at("type") == "list");
        check_against_model<typename member_type::value_type>(
            shapes, std::string(shape.at("member").at("shape").as_string()), path + "[]");
    } else if constexpr (awsml::detail::open_enumeration<member_type>) {
        INFO(path);
        std::vector<std::string> ours, theirs;
        boost::mp11::mp_for_each<
            boost::describe::describe_enumerators<typename member_type::known_type>>(
            [&](auto e) { ours.emplace_back(e.name); });
        for (const auto& v : shape.at("enum").as_array())
            theirs.emplace_back(v.as_string());
        CHECK(ours == theirs);
    }
}

} // namespace

TEST_CASE("all operations: the declarations are the model's 28 operations", "[operations]") {
    auto path = awsml_test::shared_path("aws-model/service-2.json");
    if (!path)
        return;
    const json::value model = json::parse(awsml_test::read_file(*path));
    const json::object& shapes = model.at("shapes").as_object();
    const json::object& operations = model.at("operations").as_object();
    std::set<std::string> declared;
    for_each_operation([&](auto op) {
        using Op = decltype(op);
        const std::string name(Op::name);
        INFO(name);
        declared.insert(name);
        REQUIRE(operations.contains(name));
        const json::object& spec = operations.at(name).as_object();
        check_against_model<typename Op::input>(
            shapes, std::string(spec.at("input").at("shape").as_string()), name + " input");
        check_against_model<typename Op::output>(
            shapes, std::string(spec.at("output").at("shape").as_string()), name + " output");
        std::vector<std::string> errors, model_errors;
        boost::mp11::mp_for_each<
            boost::mp11::mp_transform<boost::mp11::mp_identity, typename Op::errors>>([&](auto e) {
            errors.emplace_back(awsml::shape_wire_name<typename decltype(e)::type>);
        });
        for (const auto& e : spec.at("errors").as_array())
            model_errors.emplace_back(e.at("shape").as_string());
        CHECK(errors == model_errors);
    });
    CHECK(declared.size() == operations.size());
    CHECK(declared.size() == 28);
}

TEST_CASE("all operations: input on the wire, output back, through call and try_call",
          "[operations]") {
    awsml::stub_transport stub;
    stub_client c(test_config(), stub);
    int checked = 0;
    for_each_operation([&](auto op) {
        using Op = decltype(op);
        INFO(Op::name);
        const auto in = awsml_test::sample_shape<typename Op::input>(1);
        const auto out = awsml_test::sample_shape<typename Op::output>(2);
        REQUIRE(awsml::validate(in).empty());
        stub.expect<Op>(in, out); // fails the call unless the body equals to_json(in)
        CHECK(c.template call<Op>(in) == out);
        stub.expect<Op>(in, out);
        auto tried = c.template try_call<Op>(in);
        REQUIRE(tried);
        CHECK(*tried == out);
        const auto sent = stub.requests().back();
        CHECK(awsml::find_header(sent.headers, "X-Amz-Target") ==
              "AmazonML_20141212." + std::string(Op::name));
        ++checked;
    });
    CHECK(checked == 28);
    CHECK(stub.failures().empty());
    stub.assert_no_pending_responses();
}

TEST_CASE("all operations: every modeled error comes back typed", "[operations]") {
    awsml::stub_transport stub;
    auto config = test_config();
    config.max_attempts = 1; // LimitExceededException is a throttling error: not retried here
    stub_client c(config, stub);
    int errors = 0;
    for_each_operation([&](auto op) {
        using Op = decltype(op);
        const auto in = awsml_test::sample_shape<typename Op::input>(1);
        boost::mp11::mp_for_each<
            boost::mp11::mp_transform<boost::mp11::mp_identity, typename Op::errors>>([&](auto e) {
            using error_shape = typename decltype(e)::type;
            INFO(Op::name << " " << awsml::shape_wire_name<error_shape>);
            error_shape body{};
            body.message = "refused: " + std::string(awsml::shape_wire_name<error_shape>);
            stub.template expect_error<Op>(body);
            try {
                (void)c.template call<Op>(in);
                FAIL("no exception");
            } catch (const awsml::modeled_service_error<error_shape>& error) {
                CHECK(error.body().message == body.message);
                CHECK(error.error_code() == awsml::shape_wire_name<error_shape>);
            }
            stub.template expect_error<Op>(body);
            auto tried = c.template try_call<Op>(in);
            REQUIRE_FALSE(tried);
            REQUIRE(tried.error().template as<error_shape>() != nullptr);
            CHECK(tried.error().template as<error_shape>()->message == body.message);
            ++errors;
        });
    });
    CHECK(errors == 85);
    stub.assert_no_pending_responses();
}

TEST_CASE("all operations: the asynchronous forms", "[operations]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    stub_client c(test_config(), stub);
    int completed = 0;
    for_each_operation([&](auto op) {
        using Op = decltype(op);
        const auto in = awsml_test::sample_shape<typename Op::input>(3);
        const auto out = awsml_test::sample_shape<typename Op::output>(4);
        stub.expect<Op>(in, out);
        c.template async_try_call<Op>(in, [&, out](awsml::outcome<typename Op::output> result) {
            INFO(Op::name);
            REQUIRE(result);
            CHECK(*result == out);
            ++completed;
        });
    });
    io.run();
    CHECK(completed == 28);
}

TEST_CASE("all operations: each named member calls its operation", "[operations]") {
    awsml::stub_transport stub;
    stub_client c(test_config(), stub);
    stub.expect_any_input<ml::add_tags>({});
    c.add_tags(awsml_test::sample_shape<ml::add_tags::input>());
    stub.expect_any_input<ml::create_batch_prediction>({});
    c.create_batch_prediction(awsml_test::sample_shape<ml::create_batch_prediction::input>());
    stub.expect_any_input<ml::create_data_source_from_rds>({});
    c.create_data_source_from_rds(
        awsml_test::sample_shape<ml::create_data_source_from_rds::input>());
    stub.expect_any_input<ml::create_data_source_from_redshift>({});
    c.create_data_source_from_redshift(
        awsml_test::sample_shape<ml::create_data_source_from_redshift::input>());
    stub.expect_any_input<ml::create_data_source_from_s3>({});
    c.create_data_source_from_s3(awsml_test::sample_shape<ml::create_data_source_from_s3::input>());
    stub.expect_any_input<ml::create_evaluation>({});
    c.create_evaluation(awsml_test::sample_shape<ml::create_evaluation::input>());
    stub.expect_any_input<ml::create_ml_model>({});
    c.create_ml_model(awsml_test::sample_shape<ml::create_ml_model::input>());
    stub.expect_any_input<ml::create_realtime_endpoint>({});
    c.create_realtime_endpoint(awsml_test::sample_shape<ml::create_realtime_endpoint::input>());
    stub.expect_any_input<ml::delete_batch_prediction>({});
    c.delete_batch_prediction(awsml_test::sample_shape<ml::delete_batch_prediction::input>());
    stub.expect_any_input<ml::delete_data_source>({});
    c.delete_data_source(awsml_test::sample_shape<ml::delete_data_source::input>());
    stub.expect_any_input<ml::delete_evaluation>({});
    c.delete_evaluation(awsml_test::sample_shape<ml::delete_evaluation::input>());
    stub.expect_any_input<ml::delete_ml_model>({});
    c.delete_ml_model(awsml_test::sample_shape<ml::delete_ml_model::input>());
    stub.expect_any_input<ml::delete_realtime_endpoint>({});
    c.delete_realtime_endpoint(awsml_test::sample_shape<ml::delete_realtime_endpoint::input>());
    stub.expect_any_input<ml::delete_tags>({});
    c.delete_tags(awsml_test::sample_shape<ml::delete_tags::input>());
    stub.expect_any_input<ml::describe_batch_predictions>({});
    c.describe_batch_predictions(awsml_test::sample_shape<ml::describe_batch_predictions::input>());
    stub.expect_any_input<ml::describe_data_sources>({});
    c.describe_data_sources(awsml_test::sample_shape<ml::describe_data_sources::input>());
    stub.expect_any_input<ml::describe_evaluations>({});
    c.describe_evaluations(awsml_test::sample_shape<ml::describe_evaluations::input>());
    stub.expect_any_input<ml::describe_ml_models>({});
    c.describe_ml_models(awsml_test::sample_shape<ml::describe_ml_models::input>());
    stub.expect_any_input<ml::describe_tags>({});
    c.describe_tags(awsml_test::sample_shape<ml::describe_tags::input>());
    stub.expect_any_input<ml::get_batch_prediction>({});
    c.get_batch_prediction(awsml_test::sample_shape<ml::get_batch_prediction::input>());
    stub.expect_any_input<ml::get_data_source>({});
    c.get_data_source(awsml_test::sample_shape<ml::get_data_source::input>());
    stub.expect_any_input<ml::get_evaluation>({});
    c.get_evaluation(awsml_test::sample_shape<ml::get_evaluation::input>());
    stub.expect_any_input<ml::get_ml_model>({});
    c.get_ml_model(awsml_test::sample_shape<ml::get_ml_model::input>());
    stub.expect_any_input<ml::predict>({});
    c.predict(awsml_test::sample_shape<ml::predict::input>());
    stub.expect_any_input<ml::update_batch_prediction>({});
    c.update_batch_prediction(awsml_test::sample_shape<ml::update_batch_prediction::input>());
    stub.expect_any_input<ml::update_data_source>({});
    c.update_data_source(awsml_test::sample_shape<ml::update_data_source::input>());
    stub.expect_any_input<ml::update_evaluation>({});
    c.update_evaluation(awsml_test::sample_shape<ml::update_evaluation::input>());
    stub.expect_any_input<ml::update_ml_model>({});
    c.update_ml_model(awsml_test::sample_shape<ml::update_ml_model::input>());
    CHECK(stub.requests().size() == 28);
    CHECK(stub.failures().empty());
    stub.assert_no_pending_responses();
}

// --- Predict ---------------------------------------------------------------------------------

namespace {

const std::string aws_predict_endpoint = "https://realtime.machinelearning.us-east-1.amazonaws.com";

ml::predict_input predict_request(std::string endpoint) {
    return {.ml_model_id = "ml-1",
            .record = {{"age", "42"}, {"income", "52000"}},
            .predict_endpoint = std::move(endpoint)};
}

} // namespace

TEST_CASE("Predict: sent to its PredictEndpoint, typed Prediction back", "[operations][predict]") {
    awsml::stub_transport stub;
    stub_client c(test_config(), stub);
    stub.add_raw_response("Predict", 200,
                          R"({"Prediction":{"predictedLabel":"1","predictedScores":{"1":0.875},)"
                          R"("details":{"Algorithm":"SGD","PredictiveModelType":"BINARY"}}})");
    auto out = c.predict(predict_request(aws_predict_endpoint));
    REQUIRE(out.prediction);
    CHECK(out.prediction->predicted_label == "1");
    CHECK(out.prediction->predicted_scores->at("1") == 0.875f);
    CHECK(out.prediction->details->at("PredictiveModelType") == "BINARY");
    CHECK_FALSE(out.prediction->predicted_value);
    const auto sent = stub.requests().at(0);
    CHECK(sent.host == "realtime.machinelearning.us-east-1.amazonaws.com");
    CHECK(awsml::find_header(sent.headers, "Host") ==
          "realtime.machinelearning.us-east-1.amazonaws.com");
    CHECK(awsml::find_header(sent.headers, "Authorization")
              .value_or("")
              .find("/us-east-1/machinelearning/aws4_request") != std::string::npos);
}

TEST_CASE("a request's text that is not UTF-8 is refused before sending, with its path",
          "[operations][validate]") {
    awsml::stub_transport stub; // nothing queued: a refused call sends nothing
    stub_client c(test_config("http://127.0.0.1:8686"), stub);
    auto request = predict_request("http://127.0.0.1:8686");
    request.record["income"] = "52\xff,000";
    auto refused = c.try_predict(request);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == awsml::errc::validation_failed);
    CHECK(refused.error().violations ==
          std::vector<awsml::violation>{
              {"Record.income", "invalid UTF-8 at byte 2", awsml::constraint_kind::utf8}});
    CHECK_THROWS_WITH(c.predict(request),
                      "invalid request: Record.income: invalid UTF-8 at byte 2");
    request.record["income"] = "52 000 \xe2\x82\xac"; // the euro sign: UTF-8, sent
    stub.add_raw_response("Predict", 200, R"({"Prediction":{"predictedValue":1.5}})");
    CHECK(c.predict(request).prediction);
    CHECK(stub.requests().at(0).body.find("52 000 \xe2\x82\xac") != std::string::npos);
    stub.assert_no_pending_responses();
}

TEST_CASE("Predict: the model's endpoint pattern, and the local endpoint a custom endpoint_url "
          "admits",
          "[operations][predict]") {
    awsml::stub_transport stub; // nothing queued: a refused call sends nothing
    SECTION("a client of AWS's endpoints refuses a PredictEndpoint outside amazonaws.com") {
        stub_client c(test_config(), stub);
        auto refused = c.try_predict(predict_request("http://127.0.0.1:8686"));
        REQUIRE_FALSE(refused);
        REQUIRE(refused.error().violations.size() == 1);
        CHECK(refused.error().violations[0].path == "PredictEndpoint");
        CHECK(refused.error().violations[0].kind == awsml::constraint_kind::pattern);
    }
    SECTION("a custom endpoint_url admits only its own origin") {
        stub_client c(test_config("http://127.0.0.1:8686"), stub);
        for (const char* other : {"http://127.0.0.1:9999", "https://127.0.0.1:8686",
                                  "http://localhost:8686", "http://evil.example:8686"}) {
            INFO(other);
            auto refused = c.try_predict(predict_request(other));
            REQUIRE_FALSE(refused);
            CHECK(refused.error().violations.at(0).path == "PredictEndpoint");
        }
        // Its other rules still hold on the admitted endpoint.
        auto too_long =
            c.try_predict(predict_request("http://127.0.0.1:8686/" + std::string(2100, 'a')));
        REQUIRE_FALSE(too_long);
        CHECK(too_long.error().violations.at(0).kind == awsml::constraint_kind::max_length);
        auto no_model =
            c.try_predict({.ml_model_id = "", .predict_endpoint = "http://127.0.0.1:8686"});
        REQUIRE_FALSE(no_model);
        CHECK(no_model.error().violations.at(0).path == "MLModelId");
    }
    stub.assert_no_pending_responses();
}

TEST_CASE("check<Op>: what a call would fail with before sending, without credentials",
          "[operations][validate]") {
    awsml::stub_transport stub; // nothing queued: a check sends nothing
    auto config = test_config("http://127.0.0.1:8686");
    config.credentials.reset(); // with use_environment off: none anywhere
    stub_client c(config, stub);
    CHECK_FALSE(c.check<ml::predict>(predict_request("http://127.0.0.1:8686")));
    CHECK_FALSE(c.check<ml::get_ml_model>({.ml_model_id = "ml-1"}));
    // The call itself would fail for want of credentials, after the check's steps.
    CHECK(c.try_get_ml_model({.ml_model_id = "ml-1"}).error().code == awsml::errc::no_credentials);

    const auto elsewhere = c.check<ml::predict>(predict_request("http://127.0.0.1:9999"));
    REQUIRE(elsewhere);
    CHECK(elsewhere->code == awsml::errc::validation_failed);
    REQUIRE(elsewhere->violations.size() == 1);
    CHECK(elsewhere->violations[0].path == "PredictEndpoint");
    // The same failure as the call's.
    CHECK(c.try_predict(predict_request("http://127.0.0.1:9999")).error().message ==
          elsewhere->message);

    const auto blank = c.check<ml::describe_tags>({.resource_id = "", .resource_type = {}});
    REQUIRE(blank);
    std::set<std::string> paths;
    for (const auto& v : blank->violations)
        paths.insert(v.path);
    CHECK(paths == std::set<std::string>{"ResourceId", "ResourceType"});

    auto no_region = test_config();
    no_region.region.reset();
    stub_client nowhere(no_region, stub);
    const auto unplaced = nowhere.check<ml::get_ml_model>({.ml_model_id = "ml-1"});
    REQUIRE(unplaced);
    CHECK(unplaced->code == awsml::errc::no_region);
    CHECK(stub.requests().empty());
    stub.assert_no_pending_responses();
}

TEST_CASE("sign_requests off: calls go unsigned and no credentials are looked for",
          "[operations][unsigned]") {
    asio::io_context io;
    awsml::stub_transport stub(io.get_executor());
    auto config = test_config();
    config.credentials.reset();
    int asked = 0;
    config.credentials_provider = [&asked]() -> awsml::credentials {
        ++asked;
        throw std::runtime_error("no credentials here");
    };
    config.sign_requests = false;
    stub_client c(config, stub);
    const auto answer = R"({"MLModelId":"ml-1","Status":"COMPLETED"})";
    stub.add_raw_response("GetMLModel", 200, answer);
    CHECK(c.get_ml_model({.ml_model_id = "ml-1"}).status == ml::entity_status::COMPLETED);
    stub.add_raw_response("GetMLModel", 200, answer);
    std::optional<awsml::outcome<ml::get_ml_model_output>> later;
    c.async_try_get_ml_model({.ml_model_id = "ml-1"},
                             [&](auto result) { later = std::move(result); });
    io.run();
    REQUIRE(later);
    CHECK((*later)->ml_model_id == "ml-1");
    CHECK(asked == 0);
    REQUIRE(stub.requests().size() == 2);
    for (const auto& sent : stub.requests()) {
        CHECK_FALSE(awsml::find_header(sent.headers, "Authorization"));
        CHECK_FALSE(awsml::find_header(sent.headers, "X-Amz-Date"));
        CHECK(awsml::find_header(sent.headers, "X-Amz-Target") == "AmazonML_20141212.GetMLModel");
    }
    // The same client signed: the provider is asked, and its failure ends the call.
    config.sign_requests = true;
    stub_client signing(config, stub);
    CHECK(signing.try_get_ml_model({.ml_model_id = "ml-1"}).error().code ==
          awsml::errc::no_credentials);
    CHECK(asked == 1);
    stub.assert_no_pending_responses();
}

TEST_CASE("Predict: a real HTTP server at the local PredictEndpoint receives the signed call",
          "[operations][predict]") {
    awsml_test::test_server predictor([](const awsml_test::received_request&) {
        return awsml_test::raw_response::ok(R"({"Prediction":{"predictedValue":12.5}})",
                                            {{"Content-Type", "application/x-amz-json-1.1"}});
    });
    const std::string origin = "http://127.0.0.1:" + std::to_string(predictor.port());
    awsml::client c(test_config(origin));
    auto out = c.predict(predict_request(origin));
    CHECK(out.prediction->predicted_value == 12.5f);
    REQUIRE(predictor.requests().size() == 1);
    const auto received = predictor.requests()[0];
    CHECK(received.header("X-Amz-Target") == "AmazonML_20141212.Predict");
    CHECK(received.header("Authorization")
              .value_or("")
              .find("/us-east-1/machinelearning/aws4_request") != std::string::npos);
    CHECK(json::parse(received.body) ==
          json::parse(R"({"MLModelId":"ml-1","Record":{"age":"42","income":"52000"},)"
                      R"("PredictEndpoint":")" +
                      origin + R"("})"));
    CHECK(received.target == "/");

    // As botocore's _switch_hosts: the PredictEndpoint gives the scheme, host and port, the
    // client's endpoint the path, whatever path the PredictEndpoint has.
    awsml::client prefixed(test_config(origin + "/prefix"));
    prefixed.predict(predict_request(origin));
    prefixed.predict(predict_request(origin + "/other/"));
    c.predict(predict_request(origin + "/other"));
    REQUIRE(predictor.requests().size() == 4);
    CHECK(predictor.requests()[1].target == "/prefix");
    CHECK(predictor.requests()[2].target == "/prefix");
    CHECK(predictor.requests()[3].target == "/");
}

TEST_CASE("Predict: a client whose own endpoint fails to resolve fails Predict too, as botocore",
          "[operations][predict]") {
    awsml::stub_transport stub; // nothing queued: a refused call sends nothing
    auto config = test_config("http://127.0.0.1:8686");
    config.region = "us east 1"; // no DNS label: no endpoint, a custom one or not
    stub_client c(config, stub);
    const auto refused = c.try_predict(predict_request(aws_predict_endpoint));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == awsml::errc::endpoint_error);
    CHECK_THAT(refused.error().message, Catch::Matchers::Contains("invalid region"));
    CHECK(stub.requests().empty());
}

TEST_CASE("Predict: PredictorNotMountedException and LimitExceededException are typed",
          "[operations][predict]") {
    awsml::stub_transport stub;
    stub_client c(test_config(), stub);
    stub.add_client_error("Predict", "PredictorNotMountedException", "not mounted");
    CHECK_THROWS_AS(c.predict(predict_request(aws_predict_endpoint)),
                    ml::predictor_not_mounted_error);
    for (int attempt = 1; attempt <= 3; ++attempt) // a throttling error: retried, then thrown
        stub.add_client_error("Predict", "LimitExceededException", "slow down", 417);
    CHECK_THROWS_AS(c.predict(predict_request(aws_predict_endpoint)), ml::limit_exceeded_error);
}

// --- constraints that only the wider API has -----------------------------------------------

TEST_CASE("constraints: tags, lists, map keys and values, required enums",
          "[operations][validate]") {
    ml::add_tags_input tags{.tags = {{.key = "env:prod caf\xc3\xa9", .value = "a/b=c+d-e@f"}},
                            .resource_id = "ml-1",
                            .resource_type = ml::taggable_resource_type::MLModel};
    CHECK(awsml::validate(tags).empty());

    tags.tags.push_back({.key = "bad!", .value = "smile \xf0\x9f\x98\x80"});
    tags.resource_type = {};
    auto v = awsml::validate(tags);
    REQUIRE(v.size() == 3);
    CHECK(v[0].path == "Tags[1].Key");
    CHECK(v[0].kind == awsml::constraint_kind::pattern);
    CHECK(v[1].path == "Tags[1].Value");
    CHECK(v[2].path == "ResourceType");
    CHECK(v[2].message == "is required");

    tags.tags.assign(101, ml::tag{.key = "k", .value = "v"});
    tags.resource_type = ml::taggable_resource_type::DataSource;
    v = awsml::validate(tags);
    REQUIRE(v.size() == 1);
    CHECK(v[0].path == "Tags");
    CHECK(v[0].kind == awsml::constraint_kind::max_length);

    ml::delete_tags_input keys{.tag_keys = {"ok", ""},
                               .resource_id = "ds-1",
                               .resource_type = ml::taggable_resource_type::DataSource};
    v = awsml::validate(keys);
    REQUIRE(v.size() == 1);
    CHECK(v[0].path == "TagKeys[1]");

    ml::prediction p{.predicted_scores = ml::score_value_per_label_map{{"", 0.5f}},
                     .details = ml::details_map{{"Algorithm", ""}}};
    v = awsml::validate(p);
    REQUIRE(v.size() == 2);
    CHECK(v[0].path == "predictedScores key \"\"");
    CHECK(v[1].path == "details.Algorithm");
}

TEST_CASE("constraints: a database password is sent but never printed or quoted",
          "[operations][validate]") {
    const std::string password = "hunter2-secret-password";
    auto in = awsml_test::sample_shape<ml::create_data_source_from_rds_input>();
    in.rds_data.database_credentials.password = password;
    std::ostringstream printed;
    printed << in;
    CHECK(printed.str().find(password) == std::string::npos);
    CHECK(printed.str().find("password: <redacted>") != std::string::npos);
    CHECK(awsml::to_json(in).find(password) != std::string::npos);

    in.rds_data.database_credentials.password = std::string(200, 'p');
    auto v = awsml::validate(in);
    REQUIRE(v.size() == 1);
    CHECK(v[0].path == "RDSData.DatabaseCredentials.Password");
    CHECK(v[0].message.find("ppp") == std::string::npos);
}

TEST_CASE("constraints: the logging hooks see a database password redacted; the service sees it",
          "[operations][validate]") {
    const std::string password = "hunter2-secret-password";
    auto in = awsml_test::sample_shape<ml::create_data_source_from_redshift_input>();
    in.data_spec.database_credentials.password = password;
    std::string log;
    auto config = test_config();
    config.hooks = awsml::logging_hooks([&](std::string_view line) { log.append(line) += "\n"; });
    awsml::stub_transport stub;
    stub_client c(config, stub);
    stub.expect<ml::create_data_source_from_redshift>(in, {.data_source_id = "ds-1"});
    CHECK(c.create_data_source_from_redshift(in).data_source_id == "ds-1");
    CHECK(log.find("X-Amz-Target: AmazonML_20141212.CreateDataSourceFromRedshift") !=
          std::string::npos);
    CHECK(log.find(password) == std::string::npos);
    CHECK(log.find("\"Password\":\"<redacted>\"") != std::string::npos);
    CHECK(stub.requests().at(0).body.find(password) != std::string::npos);
    static_assert(awsml::detail::has_sensitive_members<ml::create_data_source_from_rds_input>());
    static_assert(!awsml::detail::has_sensitive_members<ml::get_ml_model_input>());
}

} // namespace all_operations_test
