#pragma once

// The documents the decoding benchmarks read: GetMLModel responses generated from the bundled
// models (examples/data/models.json) with deterministic variations, half of them verbose, in
// the compact form the service and awsml-local send; one large verbose response (a Schema of
// 1200 attributes); and the README's verbose sample, which the boto3 script parses too.

#include <awsml/machinelearning/shapes.hpp>
#include <awsml/model/from_json.hpp>
#include <awsml/model/to_json.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace awsml_bench {

inline std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline std::vector<awsml::get_ml_model_output> bundled_models(const std::string& path) {
    std::vector<awsml::get_ml_model_output> models;
    const boost::json::value document = boost::json::parse(read_text_file(path));
    for (const auto& element : document.as_array())
        models.push_back(
            awsml::from_json<awsml::get_ml_model_output>(boost::json::serialize(element)));
    return models;
}

inline void shift_time(std::optional<awsml::timestamp>& t, std::chrono::milliseconds by) {
    if (t)
        *t += by;
}

inline std::string replace_first(std::string text, std::string_view from, std::string_view to) {
    if (auto at = text.find(from); at != std::string::npos)
        text.replace(at, from.size(), to);
    return text;
}

// Model i of the corpus: a bundled model with its ids, name, times, sizes, parameters and message
// varied by i; verbose (Recipe and Schema present) when i is even.
inline awsml::get_ml_model_output variant(const std::vector<awsml::get_ml_model_output>& models,
                                          std::size_t i) {
    awsml::get_ml_model_output m = models[i % models.size()];
    const std::string n = std::to_string(i);
    m.ml_model_id = m.ml_model_id->substr(0, 40) + "-v" + n;
    if (m.training_data_source_id)
        *m.training_data_source_id += "-" + n;
    if (m.name)
        *m.name += " (retrained, run " + n + ")";
    const std::chrono::milliseconds shift =
        std::chrono::hours(24) * int(i) + std::chrono::milliseconds(137 * i);
    shift_time(m.created_at, shift);
    shift_time(m.last_updated_at, shift);
    shift_time(m.score_threshold_last_updated_at, shift);
    shift_time(m.finished_at, shift);
    shift_time(m.started_at, shift);
    if (m.endpoint_info)
        shift_time(m.endpoint_info->created_at, shift);
    if (m.size_in_bytes)
        *m.size_in_bytes += std::int64_t(i) * 4096;
    if (m.compute_time)
        *m.compute_time += std::int64_t(i) * 1000;
    if (m.training_parameters) {
        (*m.training_parameters)["algorithm.maxIterations"] = std::to_string(10 + i % 90);
        if (i % 3 == 0)
            (*m.training_parameters)["algorithm.shuffleType"] = "none";
        if (i % 4 == 1)
            (*m.training_parameters)["regularization.l1"] = "1.0E-" + std::to_string(1 + i % 8);
    }
    if (i % 5 == 2)
        m.message = "Training stopped at \"iteration " + n + "\": see the log\n(retry advised)";
    bool verbose = i % 2 == 0;
    if (verbose && !m.recipe) { // a model bundled without them: borrow the first model's
        m.recipe = models.front().recipe;
        m.schema = models.front().schema;
    }
    if (verbose) {
        m.recipe = replace_first(*m.recipe, "50", std::to_string(20 + i % 70));
    } else {
        m.recipe.reset();
        m.schema.reset();
    }
    return m;
}

/// The corpus: `count` generated responses, half of them verbose.
inline std::vector<std::string> generated_responses(const std::string& models_path,
                                                    std::size_t count = 56) {
    const auto models = bundled_models(models_path);
    std::vector<std::string> docs;
    for (std::size_t i = 0; i < count; ++i)
        docs.push_back(awsml::to_json(variant(models, i)));
    return docs;
}

/// One large verbose response: a Schema of 1200 attributes and a Recipe grouping them, the
/// Schema close to the service's limit of 131071 characters once escaped.
inline std::string large_verbose_response(const std::string& models_path) {
    awsml::get_ml_model_output m = bundled_models(models_path).front();
    std::string schema =
        "{\n  \"version\": \"1.0\",\n  \"rowId\": \"customer_id\",\n  \"rowWeight\": null,\n"
        "  \"targetAttributeName\": \"churned\",\n  \"dataFormat\": \"CSV\",\n"
        "  \"dataFileContainsHeader\": true,\n  \"attributes\": [\n";
    std::string group = "group(";
    for (int a = 0; a < 1200; ++a) {
        const std::string name = "feature_" + std::to_string(a);
        const char* type = a % 3 == 0 ? "NUMERIC" : a % 3 == 1 ? "CATEGORICAL" : "TEXT";
        schema += std::string(a ? ",\n" : "") + "    {\n      \"attributeName\": \"" + name +
                  "\",\n      \"attributeType\": \"" + type + "\"\n    }";
        if (a % 3 == 0)
            group += std::string(a ? "," : "") + "'" + name + "'";
    }
    schema += "\n  ],\n  \"excludedAttributeNames\": []\n}";
    group += ")";
    m.schema = schema;
    m.recipe = "{\n  \"groups\": {\n    \"NUMERIC_VARS_QB_50\": \"" + group +
               "\"\n  },\n  \"assignments\": {},\n  \"outputs\": [\n    \"ALL_BINARY\",\n"
               "    \"ALL_CATEGORICAL\",\n    \"quantile_bin(NUMERIC_VARS_QB_50,50)\",\n"
               "    \"lowercase(ALL_TEXT)\"\n  ]\n}";
    return awsml::to_json(m);
}

inline std::size_t total_size(const std::vector<std::string>& docs) {
    std::size_t n = 0;
    for (const auto& d : docs)
        n += d.size();
    return n;
}

} // namespace awsml_bench
