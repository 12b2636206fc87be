#pragma once

// The models awsml-local serves: a JSON array of GetMLModel outputs (each one what the service
// would answer for a verbose GetMLModel), decoded with awsml's own decoder, so a bad file is
// reported with its name, line, column and JSON path:
//
//     models.json:14:17: $[1].Status: expected a string (enum), got a number
//
// Every model needs a unique MLModelId and must meet the model's constraints. A model may be
// given a lifecycle (see lifecycle.hpp); find() then answers with the model as it stands at
// the time asked.

#include <awsml-local/lifecycle.hpp>
#include <awsml-local/spec_error.hpp>
#include <awsml/machinelearning/shapes.hpp>
#include <awsml/model/detail/json_decoder.hpp>
#include <awsml/model/validate.hpp>

#include <algorithm>
#include <cstddef>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace awsml::local {

class model_store {
public:
    model_store() = default;

    /// Throws awsml::error (errc::config_error) for a model without MLModelId, a repeated id or
    /// a model that breaks the service model's constraints.
    explicit model_store(std::vector<get_ml_model_output> models,
                         std::string_view source = "models")
        : model_store(make(std::move(models), source).value()) {}

    /// Decodes a JSON array of models; `source` names the document in messages (a file name).
    static spec_result<model_store> from_json(std::string_view json, std::string_view source);
    /// Reads and decodes a models file.
    static spec_result<model_store> from_file(const std::string& path);
    /// The store of already decoded models, checked as the constructor does.
    static spec_result<model_store> make(std::vector<get_ml_model_output> models,
                                         std::string_view source);

    /// Makes the model named by `plan` follow it, from `start`; fails for an unknown model.
    spec_result<void> add_lifecycle(lifecycle plan, timestamp start);

    /// The model with this id as it stands at `now`, or nullopt.
    std::optional<get_ml_model_output> find(std::string_view id, timestamp now) const;

    std::size_t size() const noexcept { return entries_.size(); }
    bool empty() const noexcept { return entries_.empty(); }
    /// The ids, in the order of the file.
    std::vector<std::string> ids() const;

    /// Calls f(model, lifecycle or nullptr, lifecycle start) for each model, in file order.
    template <class F>
    void each(F f) const {
        for (const auto& e : entries_)
            f(e.model, e.plan ? &*e.plan : nullptr, e.start);
    }

private:
    struct entry {
        get_ml_model_output model;
        std::optional<lifecycle> plan;
        timestamp start;
    };
    const entry* lookup(std::string_view id) const;

    std::vector<entry> entries_;
    std::map<std::string, std::size_t, std::less<>> index_;
};

// =============================================================================================
// Implementation

namespace detail::model_store {

/// "line:column" (both from 1) of a byte offset.
inline std::string line_and_column(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < offset; ++i)
        if (text[i] == '\n')
            ++line, line_start = i + 1;
    return std::to_string(line) + ":" + std::to_string(offset - line_start + 1);
}

} // namespace detail::model_store

inline spec_result<model_store> model_store::make(std::vector<get_ml_model_output> models,
                                                  std::string_view source) {
    model_store store;
    for (std::size_t i = 0; i < models.size(); ++i) {
        const std::string where = std::string(source) + ": $[" + std::to_string(i) + "]";
        auto& model = models[i];
        if (!model.ml_model_id || model.ml_model_id->empty())
            return spec_error{where + ": the model has no MLModelId"};
        if (auto violations = validate(model); !violations.empty()) {
            std::string message = where + ": the model breaks the service model's constraints:";
            for (const auto& v : violations)
                message += " " + v.path + " " + v.message + ";";
            message.pop_back();
            return spec_error{message};
        }
        if (!store.index_.emplace(*model.ml_model_id, store.entries_.size()).second)
            return spec_error{where + ": MLModelId \"" + *model.ml_model_id +
                              "\" is used by an earlier model"};
        store.entries_.push_back({std::move(model), std::nullopt, timestamp{}});
    }
    return store;
}

inline spec_result<model_store> model_store::from_json(std::string_view json,
                                                       std::string_view source) {
    std::vector<get_ml_model_output> models;
    decode_failure failure;
    if (!awsml::detail::decode_json_fresh(json, models, decode_options{}, failure))
        return spec_error{std::string(source) + ":" +
                          detail::model_store::line_and_column(json, failure.offset) + ": " +
                          failure.message()};
    return make(std::move(models), source);
}

inline spec_result<model_store> model_store::from_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return spec_error{"cannot open the models file " + path};
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        return spec_error{"cannot read the models file " + path};
    return from_json(text.str(), path);
}

inline spec_result<void> model_store::add_lifecycle(lifecycle plan, timestamp start) {
    auto found = index_.find(plan.model_id);
    if (found == index_.end())
        return spec_error{"--lifecycle: there is no model with MLModelId \"" + plan.model_id +
                          "\""};
    entry& e = entries_[found->second];
    e.plan = std::move(plan);
    e.start = start;
    return {};
}

inline const model_store::entry* model_store::lookup(std::string_view id) const {
    auto found = index_.find(id);
    return found == index_.end() ? nullptr : &entries_[found->second];
}

inline std::optional<get_ml_model_output> model_store::find(std::string_view id,
                                                            timestamp now) const {
    const entry* e = lookup(id);
    if (!e)
        return std::nullopt;
    if (!e->plan)
        return e->model;
    return apply_lifecycle(e->model, *e->plan, e->start, now);
}

inline std::vector<std::string> model_store::ids() const {
    std::vector<std::string> out;
    out.reserve(entries_.size());
    for (const auto& e : entries_)
        out.push_back(*e.model.ml_model_id);
    return out;
}

} // namespace awsml::local
