// The whole Amazon ML workflow: two data sources from one CSV (70% to train, 30% to evaluate),
// a BINARY model trained and waited for, its evaluation's AUC, a real-time endpoint and one
// prediction. scripts/demo runs it against awsml-local.
//
//     workflow --endpoint-url URL --data s3://bucket/churn.csv [--prefix NAME]
//
// Credentials and region come from the usual AWS sources (environment, profile); the schema is
// read from the data's URL plus ".schema". Ids are PREFIX-train, PREFIX-model, ... (default
// "demo"). Exit status: 0 when every step succeeded, 1 otherwise.
#include <awsml/awsml.hpp>

#include <chrono>
#include <exception>
#include <iomanip>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ml = awsml::machinelearning;
using namespace std::chrono_literals;

namespace {

struct arguments {
    std::string endpoint_url, data, prefix = "demo";
};

bool parse(int argc, char** argv, arguments& out) {
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view flag = argv[i];
        if (flag == "--endpoint-url")
            out.endpoint_url = argv[i + 1];
        else if (flag == "--data")
            out.data = argv[i + 1];
        else if (flag == "--prefix")
            out.prefix = argv[i + 1];
        else
            return false;
    }
    return argc % 2 == 1 && !out.data.empty();
}

std::string split(int begin, int end) {
    return R"({"splitting":{"percentBegin":)" + std::to_string(begin) + R"(,"percentEnd":)" +
           std::to_string(end) + "}}";
}

// A member the answer must carry, or an error naming it: an example should not trust an answer
// blindly (dereferencing an empty optional is undefined behaviour, not an error).
template <class T>
const T& member(const std::optional<T>& value, std::string_view name) {
    if (!value)
        throw std::runtime_error("the answer has no " + std::string(name));
    return *value;
}

void step(std::string_view what) {
    std::cout << "== " << what << std::endl;
}

int run(const arguments& args) {
    awsml::client_config config;
    if (!args.endpoint_url.empty())
        config.endpoint_url = args.endpoint_url;
    awsml::client c(config);
    const awsml::waiter_options poll{.delay = 250ms, .max_attempts = 240};
    const std::string id = args.prefix;

    step("create two data sources from " + args.data + " (70% / 30%)");
    for (const auto& [suffix, rearrangement] :
         {std::pair{"-train", split(0, 70)}, std::pair{"-test", split(70, 100)}})
        c.create_data_source_from_s3(
            {.data_source_id = id + suffix,
             .data_source_name = id + suffix,
             .data_spec = {.data_location_s3 = args.data,
                           .data_rearrangement = rearrangement,
                           .data_schema_location_s3 = args.data + ".schema"},
             .compute_statistics = true});
    const auto source = c.wait<ml::data_source_completed>({.data_source_id = id + "-train"}, poll);
    std::cout << "   " << id << "-train: " << member(source.status, "Status").wire() << ", "
              << member(source.data_size_in_bytes, "DataSizeInBytes") << " bytes\n";

    step("train a BINARY model (SGD, the default recipe) and wait for it");
    c.create_ml_model({.ml_model_id = id + "-model",
                       .ml_model_name = "churn",
                       .ml_model_type = ml::ml_model_type::BINARY,
                       .training_data_source_id = id + "-train"});
    const auto model = c.wait<ml::ml_model_completed>({.ml_model_id = id + "-model"}, poll);
    std::cout << "   " << id << "-model: " << member(model.status, "Status").wire() << ", "
              << member(model.size_in_bytes, "SizeInBytes") << " bytes, trained in "
              << member(model.compute_time, "ComputeTime") << " ms\n";

    step("evaluate it on the other 30%");
    c.create_evaluation({.evaluation_id = id + "-evaluation",
                         .ml_model_id = id + "-model",
                         .evaluation_data_source_id = id + "-test"});
    const auto evaluation =
        c.wait<ml::evaluation_completed>({.evaluation_id = id + "-evaluation"}, poll);
    const auto& metrics = member(evaluation.performance_metrics, "PerformanceMetrics");
    const auto& properties = member(metrics.properties, "PerformanceMetrics.Properties");
    const auto auc = properties.find("BinaryAUC");
    if (auc == properties.end())
        throw std::runtime_error("the evaluation has no BinaryAUC");
    std::cout << "   AUC: " << auc->second << '\n';

    step("create a real-time endpoint and wait until it is READY");
    c.create_realtime_endpoint({.ml_model_id = id + "-model"});
    const auto ready = c.wait<ml::realtime_endpoint_ready>({.ml_model_id = id + "-model"}, poll);
    const std::string endpoint = member(member(ready.endpoint_info, "EndpointInfo").endpoint_url,
                                        "EndpointInfo.EndpointUrl");
    std::cout << "   endpoint: " << endpoint << '\n';

    step("predict");
    const ml::record customer = {
        {"age", "24"},         {"job", "student"},           {"dayMinutes", "310"},
        {"serviceCalls", "6"}, {"internationalPlan", "yes"}, {"plan", "basic"}};
    const auto answer =
        c.predict({.ml_model_id = id + "-model", .record = customer, .predict_endpoint = endpoint});
    std::cout << "   customer:";
    for (const auto& [name, value] : customer)
        std::cout << ' ' << name << '=' << value;
    const auto& prediction = member(answer.prediction, "Prediction");
    const auto& scores = member(prediction.predicted_scores, "Prediction.predictedScores");
    if (scores.empty())
        throw std::runtime_error("the prediction has no score");
    std::cout << "\n   churns? " << member(prediction.predicted_label, "Prediction.predictedLabel")
              << " (score " << std::setprecision(3) << scores.begin()->second << ")\n";
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    arguments args;
    if (!parse(argc, argv, args)) {
        std::cerr << "usage: workflow --endpoint-url URL --data s3://bucket/file.csv "
                     "[--prefix NAME]\n";
        return 2;
    }
    try {
        return run(args);
    } catch (const std::exception& e) { // awsml::error, and a member the answer lacks
        std::cerr << "workflow: " << e.what() << '\n';
        return 1;
    }
}
