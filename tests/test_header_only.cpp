// The header-only mode (no AWSML_SEPARATE_COMPILATION, no libawsml): one GetMLModel call through
// the whole client, built and linked from the headers alone.
#include <awsml/awsml.hpp>

#include <catch2/catch.hpp>

#ifdef AWSML_SEPARATE_COMPILATION
#error "this test must be built header-only"
#endif

TEST_CASE("header-only: a GetMLModel call through the stub transport", "[header_only]") {
    awsml::stub_transport stub;
    stub.expect<awsml::machinelearning::get_ml_model>({.ml_model_id = "ml-1", .verbose = true},
                                                      {.ml_model_id = "ml-1", .name = "one"});
    awsml::client_config config;
    config.region = "us-east-1";
    config.credentials = awsml::credentials{"AKIDEXAMPLE", "secret", "", {}, "test"};
    config.use_environment = false;
    awsml::basic_client<awsml::stub_transport> client(config, stub);
    auto model = client.get_ml_model({.ml_model_id = "ml-1", .verbose = true});
    CHECK(model.name == "one");
    stub.assert_no_pending_responses();
}
