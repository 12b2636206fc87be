#pragma once

// Amazon ML's learning algorithm: a linear model trained by stochastic gradient descent on the
// features of the recipe (features.hpp). BINARY is logistic regression, MULTICLASS multinomial
// logistic regression (softmax), REGRESSION linear regression on the squared loss.
//
// The training parameters are CreateMLModel's, with service-2.json's ranges and defaults:
//   sgd.maxPasses                1 to 10000, default 10: passes over the training records
//   sgd.shuffleType              none (default) or auto: the records' order, shuffled each pass
//   sgd.l1RegularizationAmount   0 up, default none; not with L2
//   sgd.l2RegularizationAmount   0 up, default none; not with L1
//   sgd.maxMLModelSizeInBytes    100000 to 2147483648, default 33554432: beyond it, the
//                                features with the smallest weights are dropped
// A MULTICLASS target has at most 100 classes, and a recipe that makes more than 50 million
// feature values over the training records fails the model: both bound training's memory.
// Steps are AdaGrad's (a rate per weight), numeric features are scaled by their largest
// magnitude and regression targets standardised, so no rate needs tuning. Everything is
// deterministic: the shuffle's seed is the model's id.

#include <awsml-local/features.hpp>
#include <awsml-local/fnv1a.hpp>
#include <awsml-local/spec_error.hpp>
#include <awsml/machinelearning/shapes.hpp>
#include <awsml/model/shape.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace awsml::local {

/// Numeric features' scale factors, by feature name.
using feature_scales = std::map<std::string, double>;

/// A trained model: everything Predict, evaluations and batch predictions need.
AWSML_SHAPE(trained_model, (ml_model_type, model_type, "modelType", required),
            (std::vector<std::string>, classes, "classes"),
            (std::vector<std::string>, features, "features"),
            (std::vector<double>, weights, "weights"), (std::vector<double>, bias, "bias"),
            (fitted_parameters, fitted, "fitted"), (feature_scales, scales, "scales"),
            (double, target_mean, "targetMean"), (double, target_deviation, "targetDeviation"),
            (std::string, recipe, "recipe"), (std::string, schema, "schema"),
            (std::int64_t, size_in_bytes, "sizeInBytes"),
            (std::optional<std::int32_t>, feature_naming, "featureNaming"))

/// How the models trained now name their features (trained_model::feature_naming): an ngram's,
/// osb's or quantile_bin's name holds its size, so that two of one variable stay apart. The
/// naming before, without the size, was the first and recorded nothing: a model kept without
/// feature_naming names them as it was trained.
inline constexpr std::int32_t sized_feature_names = 2;

/// Training's bounds on what a request can make it hold.
inline constexpr std::size_t max_classes = 100;
inline constexpr std::size_t max_feature_values = 50'000'000;
/// The most weights (distinct features times outputs) a training allocates: 800 MB with their
/// AdaGrad history.
inline constexpr std::size_t max_training_weights = 50'000'000;
/// How far beyond training's [-1, 1] a scaled input may go before it saturates.
inline constexpr double max_scaled_input = 1e6;

struct sgd_parameters {
    int max_passes = 10;
    bool shuffle = false;
    double l1 = 0; ///< no L1 unless given
    double l2 = 0; ///< no L2 unless given
    std::int64_t max_model_bytes = 33554432;
};

/// What a model answers for one record.
struct model_answer {
    std::optional<std::string> label; ///< BINARY ("0"/"1") and MULTICLASS
    std::optional<double> value;      ///< REGRESSION
    std::map<std::string, double> scores;
};

/// CreateMLModel's Parameters, checked; the message names the parameter.
spec_result<sgd_parameters> parse_sgd_parameters(const training_parameters& given);

/// Trains on `data` with `recipe` (already checked against the schema); `seed` orders shuffles.
spec_result<trained_model> train(const dataset& data, const machinelearning::recipe& recipe,
                                 std::string_view recipe_json, const ml_model_type& type,
                                 const sgd_parameters& parameters, std::string_view seed);

/// The model's answer for a record given by attribute name (missing ones are missing values).
class predictor {
public:
    explicit predictor(trained_model model);
    model_answer answer(const data_record& record, double threshold) const;
    model_answer answer(const machinelearning::record& named, double threshold) const;
    const machinelearning::data_schema& schema() const noexcept { return schema_; }
    const trained_model& model() const noexcept { return model_; }

private:
    std::vector<double> outputs(const data_record& record) const;

    trained_model model_;
    machinelearning::data_schema schema_;
    machinelearning::recipe recipe_;
    std::unordered_map<std::string, std::size_t> index_;
};

/// The target of a record as training reads it: the class index, 0/1, or the value.
std::optional<double> target_of(const trained_model& model, const dataset& data,
                                const data_record& record);

} // namespace awsml::local
