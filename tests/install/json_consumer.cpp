// Decodes a service answer and reads it back with Boost.JSON's DOM (tests/install/run.sh, mode
// boost-json-header-only): unlike consumer.cpp it needs Boost.JSON's compiled code, so it links
// only where the build put Boost.JSON's src.hpp into one translation unit in libboost_json's
// place.
#include <awsml/machinelearning/shapes.hpp>
#include <awsml/model/from_json.hpp>
#include <awsml/model/to_json.hpp>

#include <boost/json/parse.hpp>

#include <iostream>

int main() {
    const auto model = awsml::from_json<awsml::machinelearning::get_ml_model_output>(
        R"({"MLModelId":"ml-1","Status":"COMPLETED","SizeInBytes":9223372036854775807})");
    const auto written = boost::json::parse(awsml::to_json(model));
    std::cout << "json: " << written.at("MLModelId").as_string().c_str() << ' '
              << written.at("SizeInBytes").as_int64() << '\n';
}
