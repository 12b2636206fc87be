#pragma once

// What an evaluation keeps of the records it scored, so that the console (console.hpp) can show
// more than the one metric GetEvaluation returns (the threshold slider, the ROC curve, the
// confusion matrix, the residuals) from the same answers and with the same functions
// (metrics.hpp). Records whose target has no value are left out, as the metric leaves them out.
//
//   BINARY       truths (0 or 1) and scores
//   REGRESSION   truths and scores (the predicted values)
//   MULTICLASS   true_labels and predicted_labels

#include <awsml/model/shape.hpp>

#include <string>
#include <utility>
#include <vector>

namespace awsml::local {

AWSML_SHAPE(evaluation_answers, (std::vector<double>, truths, "truths"),
            (std::vector<double>, scores, "scores"),
            (std::vector<std::string>, true_labels, "trueLabels"),
            (std::vector<std::string>, predicted_labels, "predictedLabels"))

/// A BINARY evaluation's (score, is positive) pairs, as binary_auc and metrics_at take them.
inline std::vector<std::pair<double, bool>> scored_records(const evaluation_answers& answers) {
    std::vector<std::pair<double, bool>> out;
    for (std::size_t i = 0; i < answers.scores.size() && i < answers.truths.size(); ++i)
        out.emplace_back(answers.scores[i], answers.truths[i] == 1);
    return out;
}

/// A REGRESSION evaluation's (true, predicted) pairs, as rmse takes them.
inline std::vector<std::pair<double, double>> valued_records(const evaluation_answers& answers) {
    std::vector<std::pair<double, double>> out;
    for (std::size_t i = 0; i < answers.scores.size() && i < answers.truths.size(); ++i)
        out.emplace_back(answers.truths[i], answers.scores[i]);
    return out;
}

/// A MULTICLASS evaluation's (true, predicted) labels, as macro_f1 takes them.
inline std::vector<std::pair<std::string, std::string>>
labelled_records(const evaluation_answers& answers) {
    std::vector<std::pair<std::string, std::string>> out;
    for (std::size_t i = 0; i < answers.true_labels.size() && i < answers.predicted_labels.size();
         ++i)
        out.emplace_back(answers.true_labels[i], answers.predicted_labels[i]);
    return out;
}

} // namespace awsml::local
