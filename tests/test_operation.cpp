// What templates derive from an operation's declaration (runtime/operation.hpp): its wire name in
// X-Amz-Target, the service's identity in the request, the modeled errors decoded to their own
// shapes and thrown as modeled_service_error<Shape>, and the stub transport's typed expectations.
#include <awsml/runtime/operation.hpp>

#include <awsml/http/stub_transport.hpp>
#include <awsml/machinelearning/client.hpp>

#include "support/scratch_folder.hpp"

#include <catch2/catch.hpp>

namespace operation_test {

namespace ml = awsml::machinelearning;

namespace {

awsml::client_config stub_config() {
    awsml::client_config config;
    config.region = "us-east-1";
    config.credentials = awsml::credentials{"AKIDEXAMPLE", "secret", "", {}, "test"};
    config.use_environment = false;
    config.retry_environment.random = [] { return 0.0; };
    return config;
}

awsml::http_response error_response(std::string body) {
    awsml::http_response response;
    response.status = 400;
    response.body = std::move(body);
    return response;
}

} // namespace

TEST_CASE("an operation's declaration names it and its shapes", "[operation]") {
    STATIC_REQUIRE(ml::get_ml_model::name == "GetMLModel");
    STATIC_REQUIRE(std::is_same_v<ml::describe_ml_models::input, ml::describe_ml_models_input>);
    STATIC_REQUIRE(awsml::shape_wire_name<ml::resource_not_found_exception> ==
                   "ResourceNotFoundException");
    STATIC_REQUIRE(awsml::detail::named_shape<ml::invalid_input_exception>);
    STATIC_REQUIRE_FALSE(awsml::detail::named_shape<ml::get_ml_model_output>);
    CHECK(awsml::detail::codec_of<ml::describe_ml_models>.name == "DescribeMLModels");
}

TEST_CASE("the error decoder knows exactly the operation's modeled errors", "[operation]") {
    auto found = awsml::detail::decode_modeled_error<ml::get_ml_model>(
        "ResourceNotFoundException",
        error_response(R"({"__type":"ResourceNotFoundException","message":"gone","code":404})"));
    REQUIRE(found.get<ml::resource_not_found_exception>());
    CHECK(found.get<ml::resource_not_found_exception>()->message == "gone");
    CHECK(found.get<ml::resource_not_found_exception>()->code == 404);
    CHECK_FALSE(found.get<ml::invalid_input_exception>());

    // DescribeMLModels does not declare ResourceNotFoundException: the code stays untyped.
    auto undeclared = awsml::detail::decode_modeled_error<ml::describe_ml_models>(
        "ResourceNotFoundException", error_response(R"({"message":"gone"})"));
    CHECK_FALSE(undeclared);
    // A body that does not fit the shape still leaves the error typed.
    auto malformed = awsml::detail::decode_modeled_error<ml::get_ml_model>(
        "InvalidInputException", error_response("not json"));
    CHECK(malformed.get<ml::invalid_input_exception>());
}

TEST_CASE("requests carry the service's identity and the operation's wire name", "[operation]") {
    awsml::stub_transport stub;
    stub.expect<ml::describe_ml_models>({.limit = 5}, {.next_token = "t"});
    std::vector<awsml::http_request> sent;
    auto config = stub_config();
    config.hooks.before_send = [&](const awsml::attempt_context&, const awsml::http_request& r) {
        sent.push_back(r);
    };
    awsml::basic_client<awsml::stub_transport> client(config, stub);
    auto page = client.describe_ml_models({.limit = 5});
    CHECK(page.next_token == "t");
    REQUIRE(sent.size() == 1);
    CHECK(awsml::find_header(sent[0].headers, "X-Amz-Target") ==
          "AmazonML_20141212.DescribeMLModels");
    CHECK(sent[0].host == "machinelearning.us-east-1.amazonaws.com");
    CHECK(std::string(awsml::find_header(sent[0].headers, "User-Agent").value_or(""))
              .find("api/machinelearning#2014-12-12") != std::string::npos);
    CHECK(std::string(awsml::find_header(sent[0].headers, "Authorization").value_or(""))
              .find("/us-east-1/machinelearning/aws4_request") != std::string::npos);
    stub.assert_no_pending_responses();
}

TEST_CASE("typed stub errors become the operation's typed exceptions", "[operation]") {
    awsml::stub_transport stub;
    stub.expect_error<ml::get_ml_model>(
        ml::resource_not_found_exception{.message = "no", .code = 404});
    stub.expect_error<ml::get_ml_model>(ml::invalid_input_exception{.message = "bad", .code = 400});
    awsml::basic_client<awsml::stub_transport> client(stub_config(), stub);
    try {
        client.get_ml_model({.ml_model_id = "ml-1"});
        FAIL("expected resource_not_found_error");
    } catch (const ml::resource_not_found_error& e) {
        CHECK(e.body().message == "no");
        CHECK(e.info().code == "ResourceNotFoundException");
    }
    auto invalid = client.try_get_ml_model({.ml_model_id = "ml-1"});
    REQUIRE_FALSE(invalid);
    REQUIRE(invalid.error().as<ml::invalid_input_exception>());
    CHECK(invalid.error().as<ml::invalid_input_exception>()->code == 400);
    CHECK_THROWS_AS(invalid.value(), ml::invalid_input_error);
}

TEST_CASE("the application's id ends the User-Agent as app/<id>, sanitised as botocore does",
          "[operation][user_agent]") {
    awsml_test::scratch_folder home;
    home.put(".aws/config", "[default]\nsdk_ua_app_id = from-profile\n");
    auto user_agent_with = [&](std::optional<std::string> app_id,
                               awsml::environment::variable_map variables) {
        awsml::stub_transport stub;
        stub.expect<ml::get_ml_model>({.ml_model_id = "ml-1"}, {});
        std::string user_agent;
        auto config = stub_config();
        config.app_id = std::move(app_id);
        variables.emplace("HOME", home.path().string());
        config.environment = awsml::environment::from_map(std::move(variables));
        config.hooks.before_send = [&](const awsml::attempt_context&,
                                       const awsml::http_request& r) {
            user_agent = std::string(awsml::find_header(r.headers, "User-Agent").value_or(""));
        };
        awsml::basic_client<awsml::stub_transport> client(config, stub);
        client.get_ml_model({.ml_model_id = "ml-1"});
        return user_agent;
    };
    const awsml::environment::variable_map app_id_variable = {{"AWS_SDK_UA_APP_ID", "from-env"}};
    CHECK_THAT(user_agent_with("explicit", app_id_variable), Catch::EndsWith(" app/explicit"));
    CHECK_THAT(user_agent_with(std::nullopt, app_id_variable), Catch::EndsWith(" app/from-env"));
    CHECK_THAT(user_agent_with(std::nullopt, {}), Catch::EndsWith(" app/from-profile"));
    // Outside letters, digits and !$%&'*+-.^_`|~,# every character (é too) becomes one '-'.
    CHECK_THAT(user_agent_with("my app/1.0 (\xc3\xa9)#x!", {}),
               Catch::EndsWith(" app/my-app-1.0----#x!"));
    home.put(".aws/config", "[default]\n");
    CHECK(user_agent_with(std::nullopt, {}).find("app/") == std::string::npos);
}

} // namespace operation_test
