#pragma once

// The evaluation metrics Amazon ML reports in PerformanceMetrics.Properties: BinaryAUC for
// BINARY models, MulticlassAvgFScore (the macro-averaged F1 score) for MULTICLASS ones and
// RegressionRMSE for REGRESSION ones, each computed over an evaluation's records.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace awsml::local {

/// The area under the ROC curve of scores against 0/1 labels (ties count half), by ranks.
inline double binary_auc(std::vector<std::pair<double, bool>> scored) {
    std::sort(scored.begin(), scored.end());
    double positives = 0, negatives = 0, rank_sum = 0;
    for (std::size_t i = 0; i < scored.size();) {
        std::size_t j = i;
        while (j < scored.size() && scored[j].first == scored[i].first)
            ++j;
        const double average_rank = (static_cast<double>(i + j) + 1) / 2; // ranks from 1
        for (std::size_t k = i; k < j; ++k)
            if (scored[k].second)
                rank_sum += average_rank, ++positives;
            else
                ++negatives;
        i = j;
    }
    if (positives == 0 || negatives == 0)
        return 0.5;
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

/// The F1 score averaged over the classes present among the true or predicted labels.
inline double macro_f1(const std::vector<std::pair<std::string, std::string>>& true_predicted) {
    std::map<std::string, double> true_positive, predicted, actual;
    for (const auto& [truth, guess] : true_predicted) {
        ++actual[truth];
        ++predicted[guess];
        if (truth == guess)
            ++true_positive[truth];
    }
    std::map<std::string, bool> classes;
    for (const auto& [label, n] : actual)
        classes[label];
    for (const auto& [label, n] : predicted)
        classes[label];
    if (classes.empty())
        return 0;
    double sum = 0;
    for (const auto& [label, unused] : classes) {
        const double tp = true_positive[label];
        const double denominator = predicted[label] + actual[label];
        sum += denominator > 0 ? 2 * tp / denominator : 0;
    }
    return sum / static_cast<double>(classes.size());
}

/// The root of the mean squared difference of predictions and true values.
inline double rmse(const std::vector<std::pair<double, double>>& true_predicted) {
    if (true_predicted.empty())
        return 0;
    double sum = 0;
    for (const auto& [truth, guess] : true_predicted)
        sum += (truth - guess) * (truth - guess);
    return std::sqrt(sum / static_cast<double>(true_predicted.size()));
}

} // namespace awsml::local
