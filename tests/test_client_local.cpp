// awsml::client against awsml-local (in process, on 127.0.0.1): every sample model, verbose and
// not, over HTTP and HTTPS; the service's errors as typed errors; each fault kind retried to
// success or ending in a clear error; a model moving through its lifecycle.
#include <awsml-local/app.hpp>

#include <awsml/machinelearning/client.hpp>

#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <support/local_client.hpp>
#include <support/test_tls.hpp>
#include <support/vectors.hpp>

namespace client_local_test {

using namespace std::chrono_literals;
namespace local = awsml::local;

namespace {

using awsml_test::bundled_models;

// The bundled models, read independently of the emulator: each element of the JSON array.
std::vector<awsml::get_ml_model_output> expected_models() {
    std::vector<awsml::get_ml_model_output> models;
    auto document = boost::json::parse(awsml_test::read_file(awsml_test::bundled_models_path()));
    for (const auto& element : document.as_array())
        models.push_back(
            awsml::from_json<awsml::get_ml_model_output>(boost::json::serialize(element)));
    return models;
}

awsml::client_config config_for(const std::string& endpoint) {
    return awsml_test::local_client_config(endpoint);
}

} // namespace

TEST_CASE("every sample model, verbose and not, over HTTP", "[local][client]") {
    local::background_server server(bundled_models());
    awsml::client c(config_for(server.endpoint_url()));
    auto models = expected_models();
    REQUIRE(models.size() >= 7);
    for (const auto& expected : models) {
        INFO(*expected.ml_model_id);
        auto brief = c.get_ml_model({.ml_model_id = *expected.ml_model_id});
        auto verbose = c.get_ml_model({.ml_model_id = *expected.ml_model_id, .verbose = true});
        CHECK(verbose == expected);
        auto without_verbose_members = expected;
        without_verbose_members.recipe.reset();
        without_verbose_members.schema.reset();
        CHECK(brief == without_verbose_members);
    }
}

TEST_CASE("over HTTPS with the test CA", "[local][client][tls]") {
    const auto& certs = awsml_test::test_tls_certificates();
    local::server_config server_config;
    server_config.tls = local::tls_files{certs.server_cert.string(), certs.server_key.string()};
    local::background_server server(bundled_models(), {}, server_config);
    awsml::http_transport_config tls;
    tls.ca_file = certs.ca_cert.string();
    awsml::client c(config_for(server.endpoint_url()), awsml::asio_http_transport(tls));
    CHECK(c.get_ml_model({.ml_model_id = "ml-IrisMulti0001"}).ml_model_type ==
          awsml::ml_model_type::MULTICLASS);
}

TEST_CASE("the service's errors arrive as typed errors", "[local][client][errors]") {
    local::background_server server(bundled_models());
    awsml::client c(config_for(server.endpoint_url()));
    SECTION("unknown model") {
        auto r = c.try_get_ml_model({.ml_model_id = "ml-nope"});
        REQUIRE_FALSE(r.has_value());
        REQUIRE(r.error().as<awsml::resource_not_found_exception>());
        CHECK(r.error().as<awsml::resource_not_found_exception>()->code == 404);
        CHECK_FALSE(r.error().service.request_id.empty());
        CHECK(r.error().metadata.attempts == 1);
    }
    SECTION("wrong secret") {
        auto config = config_for(server.endpoint_url());
        config.credentials->secret_access_key = "not-the-secret";
        awsml::client wrong(config);
        auto r = wrong.try_get_ml_model({.ml_model_id = "ml-tGvRzy5Dr8Q"});
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().service.code == "InvalidSignatureException");
        CHECK(r.error().message.find("not-the-secret") == std::string::npos);
        // The emulator's Date agrees with our clock: no skew to correct, no second attempt.
        CHECK(r.error().metadata.attempts == 1);
        CHECK(wrong.clock_offset() == std::chrono::milliseconds(0));
    }
    SECTION("unknown access key") {
        auto config = config_for(server.endpoint_url());
        config.credentials->access_key_id = "AKIDUNKNOWN";
        awsml::client stranger(config);
        auto r = stranger.try_get_ml_model({.ml_model_id = "ml-tGvRzy5Dr8Q"});
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().service.code == "UnrecognizedClientException");
        CHECK(r.error().service.http_status == 403);
    }
    SECTION("a clock 20 minutes off is corrected from the Date header") {
        auto config = config_for(server.endpoint_url());
        config.clock = [] { return std::chrono::system_clock::now() - 20min; };
        awsml::client skewed(config);
        awsml::response_metadata meta;
        CHECK(skewed.get_ml_model({.ml_model_id = "ml-tGvRzy5Dr8Q"}, meta).ml_model_id ==
              "ml-tGvRzy5Dr8Q");
        CHECK(meta.attempts == 2);
        CHECK(skewed.clock_offset() > 19min);
    }
}

TEST_CASE("each fault kind: retried to success, or a clear error", "[local][client][faults]") {
    for (std::string fault : {"throttle", "internal", "unavailable", "drop", "truncate"}) {
        INFO(fault);
        local::service_settings settings;
        REQUIRE(settings.faults.add_fault(fault + "=first:2").has_value());
        local::background_server server(bundled_models(), settings);
        awsml::client c(config_for(server.endpoint_url()));
        awsml::response_metadata meta;
        auto r = c.try_get_ml_model({.ml_model_id = "ml-tGvRzy5Dr8Q"}, meta);
        CHECK(r.has_value());
        CHECK(meta.attempts >= 2);

        local::service_settings always;
        REQUIRE(always.faults.add_fault(fault + "=every:1").has_value());
        local::background_server broken(bundled_models(), always);
        awsml::client c2(config_for(broken.endpoint_url()));
        auto failed = c2.try_get_ml_model({.ml_model_id = "ml-tGvRzy5Dr8Q"});
        REQUIRE_FALSE(failed.has_value());
        CHECK_FALSE(failed.error().message.empty());
        CHECK(failed.error().metadata.attempts == 3);
    }
}

TEST_CASE("a real-time endpoint is at the address the client reached awsml-local at, so that "
          "Predict is sent there",
          "[local][client][predict]") {
    local::background_server server(bundled_models());
    const std::string listener = server.endpoint_url(); // http://127.0.0.1:PORT
    const std::string by_name = "http://localhost" + listener.substr(listener.rfind(':'));
    awsml::client c(config_for(by_name));
    namespace ml = awsml::machinelearning;
    const auto created = c.create_realtime_endpoint({.ml_model_id = "ml-HousingRegr01"});
    CHECK(created.realtime_endpoint_info->endpoint_url == by_name);
    const auto endpoint = c.get_ml_model({.ml_model_id = "ml-HousingRegr01"})
                              .endpoint_info->endpoint_url.value_or("");
    CHECK(endpoint == by_name);
    // The client admits only its own origin as PredictEndpoint, and this is it: the call is
    // sent, and answered (a --models file's model has no trained predictor).
    const auto predicted = c.try_predict({.ml_model_id = "ml-HousingRegr01",
                                          .record = {{"rooms", "3"}},
                                          .predict_endpoint = endpoint});
    REQUIRE_FALSE(predicted.has_value());
    CHECK(predicted.error().as<ml::predictor_not_mounted_exception>());
    // A client that reached it by its address sees that address.
    awsml::client by_address(config_for(listener));
    CHECK(
        by_address.get_ml_model({.ml_model_id = "ml-HousingRegr01"}).endpoint_info->endpoint_url ==
        listener);
}

TEST_CASE("a model moves through its lifecycle", "[local][client][lifecycle]") {
    auto store = bundled_models();
    REQUIRE(
        store
            .add_lifecycle(
                local::parse_lifecycle("ml-ChurnPending01=PENDING:300ms,INPROGRESS:300ms,COMPLETED")
                    .value(),
                awsml::timestamp(std::chrono::time_point_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now())))
            .has_value());
    local::background_server server(std::move(store));
    awsml::client c(config_for(server.endpoint_url()));
    std::vector<std::string> seen;
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
        auto status =
            std::string(c.get_ml_model({.ml_model_id = "ml-ChurnPending01"}).status->wire());
        if (seen.empty() || seen.back() != status)
            seen.push_back(status);
        if (status == "COMPLETED")
            break;
        std::this_thread::sleep_for(50ms);
    }
    CHECK(seen == std::vector<std::string>{"PENDING", "INPROGRESS", "COMPLETED"});
}

} // namespace client_local_test
