#pragma once

// A recipe applied to records: the Data Transformations Reference's functions turned into the
// sparse features a linear model learns from. The recipe must already have passed
// machinelearning::check against the schema (so names resolve, types fit and nothing loops).
//
//   attribute or group    NUMERIC: its value; BINARY: 1 or 0; CATEGORICAL: "name=value";
//                         TEXT: one "name=word" per word (split on whitespace)
//   lowercase, no_punct   the text changed, word by word
//   ngram(text, n)        every word sequence of 1 to n words
//   osb(text, w)          "a_b", "a__c", ... : each word with each of the next w-1, the gap
//                         written as one '_' per skipped word plus one (pairs only)
//   quantile_bin(x, n)    "name=bin k": the bin among n with equally many training values
//   normalize(x)          (x - mean) / standard deviation of the training values
//   cartesian(a, b)       "a=x,b=y" for every pair of their categories or words
//
// An assignment's name names its value; where it holds several, each is "name/its own name".
// quantile_bin and normalize learn from the training records (fit); the result (bin edges,
// means) is part of the model, so that evaluations and predictions transform as training did.
// The default recipe, when CreateMLModel gives none, is Amazon ML's suggestion for a schema:
// the binary and categorical attributes as they are, the numeric ones as values and in 10
// quantile bins, and the text as words.

#include <awsml-local/dataset.hpp>
#include <awsml/machinelearning/recipe.hpp>
#include <awsml/model/shape.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awsml::local {

/// A learned transformation's parameters: bin edges, or {mean, standard deviation}.
using fitted_parameters = std::map<std::string, std::vector<double>>;

/// The most terms a recipe's ngram, osb and cartesian calls may make, together, for one record.
/// A cartesian's count is the product of its arguments' terms and an ngram over an ngram's
/// multiplies them again, so two texts of 100 KB (an observation's limit) would take tens of GB
/// and minutes: awsml-local's own bound, since the guide states none.
inline constexpr std::size_t max_record_terms = 1'000'000;

/// What extract throws when a record's terms would pass max_record_terms; the message names the
/// call that would.
struct too_many_feature_values : std::length_error {
    using std::length_error::length_error;
};

/// One sparse feature: its name and value.
using feature = std::pair<std::string, double>;

/// The default recipe for a schema, as JSON.
std::string default_recipe_json(const machinelearning::data_schema& schema);

class feature_extractor {
public:
    feature_extractor(const machinelearning::recipe& recipe,
                      const machinelearning::data_schema& schema, fitted_parameters fitted = {})
        : recipe_(&recipe)
        , schema_(&schema)
        , fitted_(std::move(fitted)) {}
    /// An extractor of a trained model's features: it reads the model's fitted parameters where
    /// they are (`fitted` must outlive it), without copying them for each record.
    feature_extractor(const machinelearning::recipe& recipe,
                      const machinelearning::data_schema& schema, const fitted_parameters* fitted)
        : recipe_(&recipe)
        , schema_(&schema)
        , borrowed_(fitted) {}
    // It keeps the recipe and the schema by address: temporaries would dangle.
    feature_extractor(machinelearning::recipe&&, const machinelearning::data_schema&,
                      fitted_parameters = {}) = delete;
    feature_extractor(const machinelearning::recipe&, machinelearning::data_schema&&,
                      fitted_parameters = {}) = delete;
    feature_extractor(machinelearning::recipe&&, machinelearning::data_schema&&,
                      fitted_parameters = {}) = delete;
    feature_extractor(machinelearning::recipe&&, const machinelearning::data_schema&,
                      const fitted_parameters*) = delete;
    feature_extractor(const machinelearning::recipe&, machinelearning::data_schema&&,
                      const fitted_parameters*) = delete;
    feature_extractor(machinelearning::recipe&&, machinelearning::data_schema&&,
                      const fitted_parameters*) = delete;

    /// Names ngram's, osb's and quantile_bin's features without their size, as models trained
    /// before the size was named did ("quantile_bin(x)=bin3" for quantile_bin(x,5) and (x,50)).
    void use_unsized_names() noexcept { sized_names_ = false; }

    /// Learns quantile_bin's edges and normalize's moments from the training records.
    void fit(const std::vector<data_record>& records);
    const fitted_parameters& fitted() const noexcept { return borrowed_ ? *borrowed_ : fitted_; }

    /// The features of one record (the target, row id, weight and excluded attributes never
    /// among them). Throws too_many_feature_values past max_record_terms.
    std::vector<feature> extract(const data_record& record) const;

private:
    enum class value_kind { number, binary, category, text, words };
    struct value {
        std::string name{};
        value_kind kind = value_kind::number;
        std::optional<double> number{};   // number, binary
        std::string text{};               // category, text
        std::vector<std::string> words{}; // words
    };
    using values = std::vector<value>;

    /// The terms a function reads from a value: a text's words, an ngram's, osb's or
    /// cartesian's terms, a category's value.
    static std::vector<std::string> terms_of(const value& v);
    /// "ngram(text,2)", or "ngram(text)" with use_unsized_names.
    std::string sized_name(const std::string& function, const std::string& input,
                           std::int64_t size) const;
    /// The terms one record's calls may still make (max_record_terms in all).
    struct term_budget {
        std::size_t left = max_record_terms;
        /// Takes `terms` times `each` terms for `call`; throws too_many_feature_values past the
        /// budget, saying "call (terms<between>each)". The message is built only then: this
        /// runs for every call on every record.
        void spend(std::size_t terms, std::size_t each, const std::string& call,
                   std::string_view between);
    };

    values evaluate(const machinelearning::recipe_expression& e, const data_record& r,
                    term_budget& budget) const;
    values reference(const std::string& name, const data_record& r, term_budget& budget) const;
    values call(const machinelearning::recipe_expression& e, const data_record& r,
                term_budget& budget) const;
    values attribute(std::size_t column, const data_record& r) const;
    bool is_input(std::size_t column) const;
    /// How many learned transformations (quantile_bin, normalize) lie inside one another in e.
    int learned_depth(const machinelearning::recipe_expression& e) const;
    void fit_pass(const std::vector<data_record>& records);

    const machinelearning::recipe* recipe_;
    const machinelearning::data_schema* schema_;
    fitted_parameters fitted_;
    const fitted_parameters* borrowed_ = nullptr;
    bool sized_names_ = true;
    // While fitting: the raw inputs seen by each quantile_bin and normalize.
    mutable std::map<std::string, std::vector<double>>* samples_ = nullptr;
};

} // namespace awsml::local
