// Fuzz target: awsml-local's training path, the one a CreateDataSourceFromS3 and a CreateMLModel
// request drive with text from any client: the data schema, the DataRearrangement, the CSV data,
// the recipe (or the default one), the training parameters, then Predict. The input's parts are
// separated by NUL bytes:
//   model type and flags (one byte) NUL schema NUL recipe NUL CSV NUL rearrangement NUL
//   parameters (key=value lines) NUL the record to predict (one CSV line)
// Checks: no crash, hang or sanitizer finding; a refusal says why; a trained model's answers are
// numbers (scores in [0, 1], labels among the classes); the model read back from the JSON that
// --state stores answers exactly as the model itself; and the evaluation's metric over the
// records (AUC, macro F1, RMSE) is a number in its range.
// (sgd.maxPasses is held to 20 here: more passes are legitimate work, not a finding.)
#include <awsml-local/dataset.hpp>
#include <awsml-local/features.hpp>
#include <awsml-local/metrics.hpp>
#include <awsml-local/s3_files.hpp>
#include <awsml-local/sgd.hpp>

#include <awsml/model/from_json.hpp>
#include <awsml/model/to_json.hpp>

#include "fuzz_support.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace {

using awsml_fuzz::require;
namespace local = awsml::local;
namespace ml = awsml::machinelearning;

constexpr std::string_view data_url = "s3://fuzz/data.csv";

// One scratch S3 root per process, holding the one data file each input writes.
const local::s3_files& scratch_s3() {
    static const local::s3_files s3 = [] {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "awsml-fuzz-training-XXXXXX").string();
        require(mkdtemp(pattern.data()) != nullptr, "a scratch folder is made", pattern);
        std::filesystem::create_directories(std::filesystem::path(pattern) / "fuzz");
        return local::s3_files(pattern);
    }();
    return s3;
}

void write_data(std::string_view csv) {
    std::ofstream file(scratch_s3().root() / "fuzz" / "data.csv",
                       std::ios::binary | std::ios::trunc);
    file.write(csv.data(), static_cast<std::streamsize>(csv.size()));
    require(bool(file), "the data file is written");
}

ml::training_parameters parameters_of(std::string_view text) {
    ml::training_parameters given;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        const std::size_t equals = line.find('=');
        if (equals != std::string_view::npos)
            given[std::string(line.substr(0, equals))] = std::string(line.substr(equals + 1));
    }
    return given;
}

local::data_record record_of(std::string_view line, std::size_t width) {
    local::data_record record;
    while (record.size() + 1 < width) {
        const std::size_t comma = line.find(',');
        if (comma == std::string_view::npos)
            break;
        record.emplace_back(line.substr(0, comma));
        line.remove_prefix(comma + 1);
    }
    record.emplace_back(line);
    record.resize(width);
    return record;
}

void check_answer(const local::model_answer& answer, const local::trained_model& model,
                  std::string_view context) {
    for (const auto& [label, score] : answer.scores)
        require(std::isfinite(score) && score >= 0 && score <= 1, "a score is a number from 0 to 1",
                context);
    if (answer.label)
        require(model.model_type == ml::ml_model_type::REGRESSION ||
                    std::find(model.classes.begin(), model.classes.end(), *answer.label) !=
                        model.classes.end() ||
                    *answer.label == "0" || *answer.label == "1",
                "a label is one of the model's classes", context);
    if (answer.value)
        require(!std::isnan(*answer.value), "a regression answer is a number", context);
}

bool same_answer(const local::model_answer& a, const local::model_answer& b) {
    const auto same_number = [](double x, double y) {
        return x == y || (std::isnan(x) && std::isnan(y));
    };
    if (a.label != b.label || a.value.has_value() != b.value.has_value() ||
        (a.value && !same_number(*a.value, *b.value)) || a.scores.size() != b.scores.size())
        return false;
    return std::equal(a.scores.begin(), a.scores.end(), b.scores.begin(),
                      [&](const auto& x, const auto& y) {
                          return x.first == y.first && same_number(x.second, y.second);
                      });
}

ml::ml_model_type type_of(std::uint8_t byte) {
    switch (byte % 3) {
    case 0:
        return ml::ml_model_type::BINARY;
    case 1:
        return ml::ml_model_type::MULTICLASS;
    default:
        return ml::ml_model_type::REGRESSION;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    awsml_fuzz::input_reader in(data, size);
    const ml::ml_model_type type = type_of(in.byte());
    const std::string_view schema = in.until('\0');
    const std::string_view recipe_text = in.until('\0');
    const std::string_view csv = in.until('\0');
    const std::string_view rearrangement = in.until('\0');
    const std::string_view parameters_text = in.until('\0');
    const std::string_view predict_line = in.rest();
    const std::string context(reinterpret_cast<const char*>(data), size);

    write_data(csv);
    auto loaded = local::load_dataset(
        scratch_s3(), data_url, schema,
        rearrangement.empty() ? std::nullopt : std::optional<std::string>(rearrangement));
    if (!loaded) {
        require(loaded.error().message.size() > 10, "a refused data source says why", context);
        return 0;
    }
    (void)local::compute_statistics(*loaded);

    const std::string recipe_json =
        recipe_text.empty() ? local::default_recipe_json(loaded->schema) : std::string(recipe_text);
    auto recipe = ml::try_parse_recipe(recipe_json);
    if (!recipe) {
        require(!recipe.error().empty() && !recipe.error().front().message.empty(),
                "a refused recipe says why", context);
        require(!recipe_text.empty(), "the default recipe parses", context);
        return 0;
    }
    if (const auto problems = ml::check(*recipe, loaded->schema); !problems.empty()) {
        require(!problems.front().message.empty(), "a recipe that does not fit says why", context);
        require(!recipe_text.empty(), "the default recipe fits its schema", context);
        return 0;
    }
    auto parameters = local::parse_sgd_parameters(parameters_of(parameters_text));
    if (!parameters) {
        require(parameters.error().message.size() > 10, "refused parameters say why", context);
        return 0;
    }
    parameters->max_passes = std::min(parameters->max_passes, 20);

    auto model = local::train(*loaded, *recipe, recipe_json, type, *parameters, "ml-fuzz");
    if (!model) {
        require(model.error().message.size() > 10, "a failed training says why", context);
        return 0;
    }
    const local::predictor trained(*model);
    // What --state keeps, read back as a restarted awsml-local reads it.
    const std::string stored = awsml::to_json(*model);
    auto restored = awsml::try_from_json<local::trained_model>(stored);
    require(bool(restored), "the stored model reads back", stored);
    const local::predictor reloaded(std::move(*restored));

    const auto record = record_of(predict_line, loaded->schema.attributes.size());
    for (const double threshold : {0.0, 0.5, 1.0}) {
        const auto answer = trained.answer(record, threshold);
        check_answer(answer, *model, context);
        require(same_answer(answer, reloaded.answer(record, threshold)),
                "the model read back answers as the model", stored);
    }
    // The evaluation's metric, over the training records, as CreateEvaluation computes it.
    std::vector<std::pair<double, bool>> scored;
    std::vector<std::pair<double, double>> valued;
    std::vector<std::pair<std::string, std::string>> labelled;
    for (const auto& data_record : loaded->records) {
        const auto answer = trained.answer(data_record, 0.5);
        check_answer(answer, *model, context);
        const auto truth = local::target_of(*model, *loaded, data_record);
        if (!truth)
            continue;
        if (answer.value)
            valued.emplace_back(*truth, *answer.value);
        else if (model->model_type == ml::ml_model_type::BINARY)
            scored.emplace_back(answer.scores.begin()->second, *truth == 1);
        else
            labelled.emplace_back(model->classes.at(static_cast<std::size_t>(*truth)),
                                  *answer.label);
    }
    const double auc = local::binary_auc(scored);
    require(auc >= 0 && auc <= 1, "the AUC is from 0 to 1", context);
    const double f1 = local::macro_f1(labelled);
    require(f1 >= 0 && f1 <= 1, "the macro F1 score is from 0 to 1", context);
    require(!std::isnan(local::rmse(valued)), "the RMSE is a number", context);
    return 0;
}
