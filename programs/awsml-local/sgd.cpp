// Training by SGD and the trained model's answers, compiled once into the awsml-local library (see sgd.hpp).
#include <awsml-local/sgd.hpp>

#include <awsml-local/metrics.hpp>

namespace awsml::local {

namespace detail::sgd {

inline double sigmoid(double z) {
    return 1 / (1 + std::exp(-z));
}

inline void softmax(std::vector<double>& z) {
    const double top = *std::max_element(z.begin(), z.end());
    double sum = 0;
    for (double& v : z)
        sum += v = std::exp(v - top);
    for (double& v : z)
        v /= sum;
}

} // namespace detail::sgd

spec_result<sgd_parameters> parse_sgd_parameters(const training_parameters& given) {
    sgd_parameters p;
    for (const auto& [key, text] : given) {
        auto bad = [&, key = key, text = text](std::string_view expected) {
            return spec_error{"Parameters: " + key + " is '" + text + "', expected " +
                              std::string(expected)};
        };
        const auto value = numeric_value(text); // finite numbers only: no "nan", no "inf"
        const bool whole = value && *value == std::floor(*value);
        if (key == "algorithm") { // what GetMLModel reports, so a model's parameters reuse
            if (text != "sgd")
                return bad("sgd, the only algorithm Amazon ML has");
        } else if (key == "sgd.maxPasses") {
            if (!whole || *value < 1 || *value > 10000)
                return bad("a whole number from 1 to 10000");
            p.max_passes = static_cast<int>(*value);
        } else if (key == "sgd.shuffleType") {
            if (text != "none" && text != "auto")
                return bad("none or auto");
            p.shuffle = text == "auto";
        } else if (key == "sgd.l1RegularizationAmount" || key == "sgd.l2RegularizationAmount") {
            if (!value || *value < 0)
                return bad("a number from 0 up");
            (key == "sgd.l1RegularizationAmount" ? p.l1 : p.l2) = *value;
        } else if (key == "sgd.maxMLModelSizeInBytes") {
            if (!whole || *value < 100000 || *value > 2147483648.0)
                return bad("a whole number from 100000 to 2147483648");
            p.max_model_bytes = static_cast<std::int64_t>(*value);
        } else {
            return spec_error{"Parameters: unknown training parameter '" + key +
                              "'; Amazon ML knows sgd.maxPasses, sgd.shuffleType, "
                              "sgd.l1RegularizationAmount, sgd.l2RegularizationAmount and "
                              "sgd.maxMLModelSizeInBytes"};
        }
    }
    // An amount of 0 is no regularization (GetMLModel reports both as 0.0 by default).
    if (p.l1 > 0 && p.l2 > 0)
        return spec_error{"Parameters: sgd.l1RegularizationAmount and sgd.l2RegularizationAmount "
                          "cannot be used together"};
    return p;
}

std::optional<double> target_of(const trained_model& model, const dataset& data,
                                const data_record& record) {
    const auto column = data.column(data.schema.target_attribute_name.value_or(""));
    if (!column)
        return std::nullopt;
    const std::string& raw = record[*column];
    if (model.model_type == ml_model_type::BINARY) {
        auto flag = binary_value(raw);
        return flag ? std::optional<double>(*flag ? 1.0 : 0.0) : std::nullopt;
    }
    if (model.model_type == ml_model_type::MULTICLASS) {
        auto found = std::find(model.classes.begin(), model.classes.end(), raw);
        if (is_missing(raw) || found == model.classes.end())
            return std::nullopt;
        return static_cast<double>(found - model.classes.begin());
    }
    return numeric_value(raw);
}

namespace detail::sgd {

/// The training records as sparse vectors over a feature index, with their targets.
struct design {
    std::vector<std::vector<std::pair<std::size_t, double>>> rows;
    std::vector<double> targets, weights;
};

inline spec_result<design> build_design(trained_model& model, const dataset& data,
                                        const feature_extractor& extractor) {
    design d;
    std::size_t values = 0;
    std::unordered_map<std::string, std::size_t> index;
    std::vector<double> largest;
    const auto weight_column = data.column(data.schema.row_weight.value_or(""));
    for (const auto& record : data.records) {
        const auto target = target_of(model, data, record);
        if (!target)
            continue;
        std::vector<std::pair<std::size_t, double>> row;
        auto features = extractor.extract(record);
        if ((values += features.size()) > max_feature_values)
            return spec_error{"the recipe makes more than " + std::to_string(max_feature_values) +
                              " feature values over the training records"};
        for (auto& [name, value] : features) {
            auto [at, added] = index.try_emplace(name, model.features.size());
            if (added) {
                model.features.push_back(name);
                largest.push_back(0);
            }
            largest[at->second] = std::max(largest[at->second], std::abs(value));
            row.emplace_back(at->second, value);
        }
        d.rows.push_back(std::move(row));
        d.targets.push_back(*target);
        const auto weight = weight_column ? numeric_value(record[*weight_column]) : std::nullopt;
        d.weights.push_back(weight && *weight > 0 ? std::min(*weight, 1e6) : 1.0);
    }
    // Each feature scaled into [-1, 1]; not one whose largest value is subnormal, whose scale
    // would be infinite (and every zero times it NaN).
    for (std::size_t f = 0; f < largest.size(); ++f)
        if (const double scale = 1 / largest[f]; largest[f] != 1.0 && std::isfinite(scale))
            model.scales[model.features[f]] = scale;
    for (auto& row : d.rows)
        for (auto& [f, value] : row)
            if (auto s = model.scales.find(model.features[f]); s != model.scales.end())
                value *= s->second;
    return spec_result<design>(boost::system::in_place_value, std::move(d));
}

/// Drops the weakest features until the model fits in `limit` bytes; returns its size.
inline std::int64_t fit_size(trained_model& model, std::size_t outputs, std::int64_t limit) {
    auto bytes_of = [&](std::size_t f) {
        return static_cast<std::int64_t>(model.features[f].size() + 8 * outputs + 16);
    };
    std::int64_t total = 1024;
    for (std::size_t f = 0; f < model.features.size(); ++f)
        total += bytes_of(f);
    if (total <= limit)
        return total;
    std::vector<std::size_t> order(model.features.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto strength = [&](std::size_t f) {
        double s = 0;
        for (std::size_t k = 0; k < outputs; ++k)
            s = std::max(s, std::abs(model.weights[f * outputs + k]));
        return s;
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return strength(a) > strength(b); });
    trained_model kept = model;
    kept.features.clear();
    kept.weights.clear();
    total = 1024;
    for (std::size_t f : order) {
        if (total + bytes_of(f) > limit)
            break;
        total += bytes_of(f);
        kept.features.push_back(model.features[f]);
        for (std::size_t k = 0; k < outputs; ++k)
            kept.weights.push_back(model.weights[f * outputs + k]);
    }
    model = std::move(kept);
    return total;
}

} // namespace detail::sgd

spec_result<trained_model> train(const dataset& data, const machinelearning::recipe& recipe,
                                 std::string_view recipe_json, const ml_model_type& type,
                                 const sgd_parameters& parameters, std::string_view seed) {
    using namespace detail::sgd;
    using machinelearning::attribute_type;
    const auto target_column = data.column(data.schema.target_attribute_name.value_or(""));
    if (!target_column)
        return spec_error{"the training data's schema names no targetAttributeName"};
    const auto& target_type = data.schema.attributes[*target_column].type;
    const attribute_type expected = type == ml_model_type::BINARY ? attribute_type::BINARY
                                    : type == ml_model_type::MULTICLASS
                                        ? attribute_type::CATEGORICAL
                                        : attribute_type::NUMERIC;
    if (target_type != expected)
        return spec_error{"a " + std::string(type.wire()) + " model needs a " +
                          std::string(attribute_type(expected).wire()) + " target, but '" +
                          *data.schema.target_attribute_name + "' is " +
                          std::string(target_type.wire())};
    trained_model model;
    model.feature_naming = sized_feature_names;
    model.model_type = type;
    model.recipe = std::string(recipe_json);
    model.schema = to_json(data.schema);
    if (type == ml_model_type::MULTICLASS) {
        std::map<std::string, int> seen;
        for (const auto& record : data.records)
            if (!is_missing(record[*target_column]))
                seen[record[*target_column]];
        for (const auto& [label, unused] : seen)
            model.classes.push_back(label);
        if (model.classes.size() < 2 || model.classes.size() > max_classes)
            return spec_error{"a MULTICLASS model needs 2 to " + std::to_string(max_classes) +
                              " classes, and '" + *data.schema.target_attribute_name + "' has " +
                              std::to_string(model.classes.size())};
    }
    feature_extractor extractor(recipe, data.schema);
    auto built = [&]() -> spec_result<detail::sgd::design> {
        try {
            extractor.fit(data.records);
            model.fitted = extractor.fitted();
            return build_design(model, data, extractor);
        } catch (const too_many_feature_values& e) {
            return spec_error{e.what()};
        }
    }();
    if (!built)
        return built.error();
    design& d = *built;
    if (d.rows.empty())
        return spec_error{"no training record has a valid value of the target '" +
                          *data.schema.target_attribute_name + "'"};
    const bool regression = type == ml_model_type::REGRESSION;
    model.target_mean = 0;
    model.target_deviation = 1;
    if (regression) {
        const auto [mean, deviation] = moments_of(d.targets);
        model.target_mean = mean;
        model.target_deviation = deviation > 0 ? deviation : 1;
    }

    const std::size_t outputs = type == ml_model_type::MULTICLASS ? model.classes.size() : 1;
    // The weights and their AdaGrad history, before the size limit trims them: bounded before
    // they are allocated, or a recipe of many n-grams over many classes runs out of memory.
    if (model.features.size() > max_training_weights / outputs)
        return spec_error{"the recipe makes " + std::to_string(model.features.size()) +
                          " distinct features for " + std::to_string(outputs) +
                          " outputs: more than the " + std::to_string(max_training_weights) +
                          " weights awsml-local trains (fewer n-grams or classes fit)"};
    model.weights.assign(model.features.size() * outputs, 0.0);
    model.bias.assign(outputs, 0.0);
    std::vector<double> history(model.weights.size(), 0.0), bias_history(outputs, 0.0);
    const double rate = 0.5;
    std::vector<std::size_t> order(d.rows.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::mt19937_64 shuffler(fnv1a(seed));
    std::vector<double> z(outputs);
    for (int pass = 0; pass < parameters.max_passes; ++pass) {
        if (parameters.shuffle)
            std::shuffle(order.begin(), order.end(), shuffler);
        for (std::size_t i : order) {
            const auto& row = d.rows[i];
            for (std::size_t k = 0; k < outputs; ++k) {
                z[k] = model.bias[k];
                for (const auto& [f, x] : row)
                    z[k] += model.weights[f * outputs + k] * x;
            }
            // The loss's gradient with respect to each output.
            if (type == ml_model_type::MULTICLASS) {
                softmax(z);
                z[static_cast<std::size_t>(d.targets[i])] -= 1;
            } else if (type == ml_model_type::BINARY) {
                z[0] = sigmoid(z[0]) - d.targets[i];
            } else {
                z[0] -= (d.targets[i] - model.target_mean) / model.target_deviation;
            }
            for (std::size_t k = 0; k < outputs; ++k) {
                const double g = z[k] * d.weights[i];
                bias_history[k] += g * g;
                model.bias[k] -= rate * g / (std::sqrt(bias_history[k]) + 1e-8);
                for (const auto& [f, x] : row) {
                    double& w = model.weights[f * outputs + k];
                    const double gw = g * x;
                    double& h = history[f * outputs + k];
                    h += gw * gw;
                    const double step = rate / (std::sqrt(h) + 1e-8);
                    w -= step * gw;
                    // Regularization as proximal steps, which no amount up to a double's largest
                    // can overflow (an L2 term in the gradient made AdaGrad's history infinite
                    // and froze the weights): L1 drives weak weights to zero, L2 shrinks them
                    // toward zero, the more the larger its amount.
                    if (parameters.l1 > 0)
                        w = std::copysign(std::max(0.0, std::abs(w) - step * parameters.l1), w);
                    if (parameters.l2 > 0)
                        w /= 1 + step * parameters.l2;
                }
            }
        }
    }
    model.size_in_bytes = fit_size(model, outputs, parameters.max_model_bytes);
    return model;
}

predictor::predictor(trained_model model)
    : model_(std::move(model))
    , schema_(machinelearning::parse_data_schema(model_.schema))
    , recipe_(machinelearning::parse_recipe(model_.recipe)) {
    for (std::size_t f = 0; f < model_.features.size(); ++f)
        index_.emplace(model_.features[f], f);
}

std::vector<double> predictor::outputs(const data_record& record) const {
    const std::size_t outputs = model_.bias.size();
    std::vector<double> z = model_.bias;
    feature_extractor extractor(recipe_, schema_, &model_.fitted);
    if (model_.feature_naming != sized_feature_names)
        extractor.use_unsized_names();
    for (const auto& [name, value] : extractor.extract(record)) {
        auto at = index_.find(name);
        if (at == index_.end())
            continue;
        double x = value;
        if (auto s = model_.scales.find(name); s != model_.scales.end())
            x *= s->second;
        // Training's values were within [-1, 1]: one far beyond saturates, where it would
        // overflow to an infinite (or, times a zero weight, NaN) answer.
        x = std::clamp(x, -max_scaled_input, max_scaled_input);
        for (std::size_t k = 0; k < outputs; ++k)
            z[k] += model_.weights[at->second * outputs + k] * x;
    }
    return z;
}

model_answer predictor::answer(const data_record& record, double threshold) const {
    using detail::sgd::sigmoid;
    std::vector<double> z = outputs(record);
    model_answer a;
    if (model_.model_type == ml_model_type::BINARY) {
        const double score = sigmoid(z[0]);
        a.label = answers_positive(score, threshold) ? "1" : "0";
        a.scores[*a.label] = score;
    } else if (model_.model_type == ml_model_type::MULTICLASS) {
        detail::sgd::softmax(z);
        const auto best = std::max_element(z.begin(), z.end()) - z.begin();
        a.label = model_.classes[static_cast<std::size_t>(best)];
        for (std::size_t k = 0; k < z.size(); ++k)
            a.scores[model_.classes[k]] = z[k];
    } else {
        const double largest = std::numeric_limits<double>::max();
        a.value =
            std::clamp(model_.target_mean + z[0] * model_.target_deviation, -largest, largest);
    }
    return a;
}

model_answer predictor::answer(const machinelearning::record& named, double threshold) const {
    data_record record;
    for (const auto& attribute : schema_.attributes) {
        auto found = named.find(attribute.name);
        record.push_back(found == named.end() ? std::string() : found->second);
    }
    return answer(record, threshold);
}

} // namespace awsml::local
