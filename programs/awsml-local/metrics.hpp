#pragma once

// The evaluation metrics Amazon ML reports in PerformanceMetrics.Properties: BinaryAUC for
// BINARY models, MulticlassAvgFScore (the macro-averaged F1 score) for MULTICLASS ones and
// RegressionRMSE for REGRESSION ones, each computed over an evaluation's records; and what the
// console (console.hpp) shows of an evaluation, from the same functions: a BINARY model's
// metrics at a score threshold, a MULTICLASS model's F1 score per class.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace awsml::local {

/// The area under the ROC curve of scores against 0/1 labels (ties count half), by ranks.
inline double binary_auc(std::vector<std::pair<double, bool>> scored) {
    // A NaN score answers 1 at no threshold (as in metrics_at): the lowest of all. Left NaN, it
    // would break the sort's ordering and equal no score, its own included.
    for (auto& record : scored)
        if (std::isnan(record.first))
            record.first = -std::numeric_limits<double>::infinity();
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

/// part / whole, or 0 where whole is 0 (no positive answer, no positive or negative record).
inline double share_of(double part, double whole) {
    return whole > 0 ? part / whole : 0.0;
}

/// Whether a BINARY model answers 1: its score at or above the threshold, both compared as the
/// answers show them (floats), so that a score shown equal to the threshold is positive, as
/// the threshold's documentation says. A NaN score answers 1 at no threshold. Both are from 0 to
/// 1 (a probability, a ScoreThreshold).
inline bool answers_positive(double score, double threshold) noexcept {
    return static_cast<float>(score) >= static_cast<float>(threshold);
}

/// A BINARY model's answers at one threshold (answers_positive, as Predict answers).
struct threshold_metrics {
    double threshold = 0.5;
    std::int64_t true_positives = 0, false_positives = 0, true_negatives = 0, false_negatives = 0;
    double accuracy = 0, precision = 0, recall = 0, false_positive_rate = 0, f1 = 0;
};

/// The counts and the five metrics of Amazon ML's threshold slider.
inline threshold_metrics metrics_at(const std::vector<std::pair<double, bool>>& scored,
                                    double threshold) {
    threshold_metrics m{.threshold = threshold};
    for (const auto& [score, positive] : scored) {
        const bool answered_positive = answers_positive(score, threshold);
        if (positive)
            ++(answered_positive ? m.true_positives : m.false_negatives);
        else
            ++(answered_positive ? m.false_positives : m.true_negatives);
    }
    const auto tp = static_cast<double>(m.true_positives);
    const auto fp = static_cast<double>(m.false_positives);
    const auto tn = static_cast<double>(m.true_negatives);
    const auto fn = static_cast<double>(m.false_negatives);
    m.accuracy = share_of(tp + tn, tp + tn + fp + fn);
    m.precision = share_of(tp, tp + fp);
    m.recall = share_of(tp, tp + fn);
    m.false_positive_rate = share_of(fp, fp + tn);
    m.f1 = share_of(2 * tp, 2 * tp + fp + fn);
    return m;
}

/// One class's F1 score, with how many records have it and how many answers named it.
struct class_f1 {
    std::string label;
    double f1 = 0;
    std::int64_t actual = 0, predicted = 0;
};

/// The F1 score of each class present among the true or predicted labels, in label order.
inline std::vector<class_f1>
per_class_f1(const std::vector<std::pair<std::string, std::string>>& true_predicted) {
    std::map<std::string, std::int64_t> true_positive, predicted, actual;
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
    std::vector<class_f1> out;
    for (const auto& [label, unused] : classes) {
        const auto tp = static_cast<double>(true_positive[label]);
        const auto denominator = static_cast<double>(predicted[label] + actual[label]);
        out.push_back(
            {label, denominator > 0 ? 2 * tp / denominator : 0, actual[label], predicted[label]});
    }
    return out;
}

/// The F1 score averaged over the classes present among the true or predicted labels.
inline double macro_f1(const std::vector<std::pair<std::string, std::string>>& true_predicted) {
    const auto classes = per_class_f1(true_predicted);
    if (classes.empty())
        return 0;
    double sum = 0;
    for (const auto& c : classes)
        sum += c.f1;
    return sum / static_cast<double>(classes.size());
}

/// The ROC curve's points (false positive rate, true positive rate): (0,0), then one for each
/// distinct score taken as the threshold (what metrics_at gives there), highest first, then
/// (1,1). One sort and a sweep: metrics_at at each score would take records x scores.
inline std::vector<std::pair<double, double>>
roc_points(std::vector<std::pair<double, bool>> scored) {
    double positives = 0, negatives = 0;
    for (const auto& [score, positive] : scored)
        ++(positive ? positives : negatives);
    // A NaN score is never at or above a threshold (as in metrics_at): it counts, never answers 1.
    std::erase_if(scored, [](const auto& record) { return std::isnan(record.first); });
    std::sort(scored.begin(), scored.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::pair<double, double>> points{{0.0, 0.0}};
    double true_positives = 0, false_positives = 0;
    for (std::size_t i = 0; i < scored.size();) {
        // Scores that answer alike at every threshold (equal as floats) are one point.
        const double cut = scored[i].first;
        for (; i < scored.size() && answers_positive(scored[i].first, cut); ++i)
            ++(scored[i].second ? true_positives : false_positives);
        points.emplace_back(share_of(false_positives, negatives),
                            share_of(true_positives, positives));
    }
    points.emplace_back(1.0, 1.0);
    return points;
}

/// At most `limit` (2 or more) of `points`, evenly spaced among them, the first and last kept.
template <class Point>
std::vector<Point> thinned(std::vector<Point> points, std::size_t limit) {
    if (points.size() <= limit)
        return points;
    std::vector<Point> kept;
    for (std::size_t j = 0; j < limit; ++j)
        kept.push_back(points[j * (points.size() - 1) / (limit - 1)]);
    return kept;
}

/// Counts of (true, predicted) label pairs over at most `limit` labels (2 or more): the
/// labels seen most (as truth or guess) keep a row and a column, in label order; the others
/// share the last, `folded` of them. An evaluation may hold any number of labels the model never
/// saw, and the matrix grows as their square.
struct confusion {
    std::vector<std::string> labels;
    std::vector<std::vector<std::int64_t>> counts;
    std::size_t folded = 0;
};

inline confusion
confusion_matrix(const std::vector<std::pair<std::string, std::string>>& true_predicted,
                 std::size_t limit) {
    std::map<std::string, std::int64_t> seen;
    for (const auto& [truth, guess] : true_predicted)
        ++seen[truth], ++seen[guess];
    std::vector<std::pair<std::string, std::int64_t>> by_count(seen.begin(), seen.end());
    confusion out;
    if (by_count.size() > limit) {
        std::stable_sort(by_count.begin(), by_count.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        out.folded = by_count.size() - (limit - 1);
        by_count.resize(limit - 1);
        std::sort(by_count.begin(), by_count.end());
    }
    std::map<std::string, std::size_t> index;
    for (const auto& [label, count] : by_count) {
        index.emplace(label, out.labels.size());
        out.labels.push_back(label);
    }
    if (out.folded > 0)
        out.labels.push_back("(" + std::to_string(out.folded) + " other labels)");
    const auto row_of = [&](const std::string& label) {
        const auto found = index.find(label);
        return found == index.end() ? out.labels.size() - 1 : found->second;
    };
    out.counts.assign(out.labels.size(), std::vector<std::int64_t>(out.labels.size()));
    for (const auto& [truth, guess] : true_predicted)
        ++out.counts[row_of(truth)][row_of(guess)];
    return out;
}

/// The root of the mean squared difference of predictions and true values.
inline double rmse(const std::vector<std::pair<double, double>>& true_predicted) {
    if (true_predicted.empty())
        return 0;
    // On the halved differences divided by a power of two near the largest: neither a difference
    // of values near a double's limits nor its square overflows, and where nothing overflowed
    // the result is the same bits (scaling by powers of two is exact).
    double largest = 0;
    for (const auto& [truth, guess] : true_predicted)
        largest = std::max(largest, std::abs(truth / 2 - guess / 2));
    int exponent = 0;
    std::frexp(largest, &exponent);
    double sum = 0;
    for (const auto& [truth, guess] : true_predicted) {
        const double difference = std::ldexp(truth / 2 - guess / 2, -exponent);
        sum += difference * difference;
    }
    return std::ldexp(std::sqrt(sum / static_cast<double>(true_predicted.size())), exponent + 1);
}

} // namespace awsml::local
