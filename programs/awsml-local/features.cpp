// The recipe's transformations applied to records, compiled once into the awsml-local library (see features.hpp).
#include <awsml-local/features.hpp>
#include <awsml-local/unicode_text.hpp>

#include <set>

namespace awsml::local {

std::string default_recipe_json(const machinelearning::data_schema& schema) {
    using machinelearning::attribute_type;
    auto has = [&](attribute_type type) {
        for (const auto& a : schema.attributes)
            if (a.type == type && is_input(schema, a.name))
                return true;
        return false;
    };
    std::vector<std::string> outputs;
    if (has(attribute_type::BINARY))
        outputs.emplace_back("ALL_BINARY");
    if (has(attribute_type::CATEGORICAL))
        outputs.emplace_back("ALL_CATEGORICAL");
    if (has(attribute_type::NUMERIC)) {
        outputs.emplace_back("ALL_NUMERIC");
        outputs.emplace_back("quantile_bin(ALL_NUMERIC,10)");
    }
    if (has(attribute_type::TEXT))
        outputs.emplace_back("ALL_TEXT");
    return to_json(machinelearning::recipe_document{.outputs = std::move(outputs)});
}

namespace detail::features {

inline std::string join(const std::vector<std::string>& words, std::size_t from, std::size_t n) {
    std::string out = words[from];
    for (std::size_t k = 1; k < n; ++k)
        out += " " + words[from + k];
    return out;
}

} // namespace detail::features

bool feature_extractor::is_input(std::size_t column) const {
    return local::is_input(*schema_, schema_->attributes[column].name);
}

feature_extractor::values feature_extractor::attribute(std::size_t column,
                                                       const data_record& r) const {
    using machinelearning::attribute_type;
    const auto& a = schema_->attributes[column];
    const std::string& raw = r[column];
    value v{.name = a.name};
    if (a.type == attribute_type::NUMERIC) {
        v.number = numeric_value(raw);
    } else if (a.type == attribute_type::BINARY) {
        v.kind = value_kind::binary;
        if (auto flag = binary_value(raw))
            v.number = *flag ? 1.0 : 0.0;
    } else {
        v.kind = a.type == attribute_type::TEXT ? value_kind::text : value_kind::category;
        v.text = raw;
    }
    return {std::move(v)};
}

feature_extractor::values feature_extractor::reference(const std::string& name,
                                                       const data_record& r,
                                                       term_budget& budget) const {
    using machinelearning::attribute_type;
    static constexpr std::pair<std::string_view, int> builtins[] = {
        {"ALL_BINARY", int(attribute_type::BINARY)},
        {"ALL_CATEGORICAL", int(attribute_type::CATEGORICAL)},
        {"ALL_NUMERIC", int(attribute_type::NUMERIC)},
        {"ALL_TEXT", int(attribute_type::TEXT)},
        {"ALL_INPUTS", -1}};
    for (const auto& [group, type] : builtins) {
        if (name != group)
            continue;
        values out;
        for (std::size_t c = 0; c < schema_->attributes.size(); ++c) {
            const auto& known = schema_->attributes[c].type.known();
            if (is_input(c) && known && (type < 0 || int(*known) == type))
                for (auto& v : attribute(c, r))
                    out.push_back(std::move(v));
        }
        return out;
    }
    if (auto group = recipe_->groups.find(name); group != recipe_->groups.end())
        return evaluate(group->second.expression, r, budget);
    if (auto assigned = recipe_->assignments.find(name); assigned != recipe_->assignments.end()) {
        values out = evaluate(assigned->second.expression, r, budget);
        // One value takes the assignment's name; several keep theirs under it, or they would
        // share one feature (and one weight).
        for (auto& v : out)
            v.name = out.size() == 1 ? name : name + "/" + v.name;
        return out;
    }
    for (std::size_t c = 0; c < schema_->attributes.size(); ++c)
        if (schema_->attributes[c].name == name)
            return is_input(c) ? attribute(c, r) : values{};
    return {};
}

std::string feature_extractor::sized_name(const std::string& function, const std::string& input,
                                          std::int64_t size) const {
    return function + "(" + input + (sized_names_ ? "," + std::to_string(size) : "") + ")";
}

void feature_extractor::term_budget::spend(std::size_t terms, std::size_t each,
                                           const std::string& call, std::string_view between) {
    if (each != 0 && terms > left / each) // so that terms * each cannot overflow
        throw too_many_feature_values(call + " (" + std::to_string(terms) + std::string(between) +
                                      std::to_string(each) + ") takes the record's terms past " +
                                      std::to_string(max_record_terms) +
                                      " (awsml-local's bound for one record)");
    left -= terms * each;
}

std::vector<std::string> feature_extractor::terms_of(const value& v) {
    if (v.kind == value_kind::words)
        return v.words;
    if (v.kind == value_kind::text)
        return words_of(v.text);
    return {v.text};
}

feature_extractor::values feature_extractor::evaluate(const machinelearning::recipe_expression& e,
                                                      const data_record& r,
                                                      term_budget& budget) const {
    using machinelearning::expression_kind;
    if (e.kind == expression_kind::reference)
        return reference(e.name, r, budget);
    if (e.kind == expression_kind::call)
        return call(e, r, budget);
    return {};
}

feature_extractor::values feature_extractor::call(const machinelearning::recipe_expression& e,
                                                  const data_record& r, term_budget& budget) const {
    using machinelearning::recipe_function;
    using namespace detail::features;
    const auto& args = e.arguments;
    const std::int64_t size = args.size() > 1 ? args[1].value : 0;
    values in = args.empty() ? values{} : evaluate(args[0], r, budget);
    values out;
    const std::string fn(machinelearning::function_name(e.function));
    switch (e.function) {
    case recipe_function::group: {
        // A union, as the recipe checker reads it: a variable in two arguments counts once.
        std::set<std::string> names;
        for (const auto& v : in)
            names.insert(v.name);
        for (std::size_t i = 1; i < args.size(); ++i)
            for (auto& v : evaluate(args[i], r, budget))
                if (names.insert(v.name).second)
                    in.push_back(std::move(v));
        return in;
    }
    case recipe_function::group_remove: {
        // A difference: an argument that is a group removes each of its variables.
        std::set<std::string> removed;
        for (std::size_t i = 1; i < args.size(); ++i)
            for (const auto& v : evaluate(args[i], r, budget))
                removed.insert(v.name);
        std::erase_if(in, [&](const value& v) { return removed.contains(v.name); });
        return in;
    }
    case recipe_function::lowercase:
    case recipe_function::no_punct: {
        const auto change = [&](const std::string& text) {
            std::string changed;
            for (const auto& word : words_of(text)) {
                const std::string w = e.function == recipe_function::lowercase
                                          ? lowercase(word)
                                          : std::string(strip_punctuation(word));
                if (!w.empty())
                    changed += (changed.empty() ? "" : " ") + w;
            }
            return changed;
        };
        for (auto& v : in) {
            if (v.kind != value_kind::words) {
                v.text = change(v.text);
                continue;
            }
            // An ngram's or osb's terms, each changed (and dropped when nothing is left).
            std::vector<std::string> changed;
            for (const auto& term : v.words)
                if (auto w = change(term); !w.empty())
                    changed.push_back(std::move(w));
            v.words = std::move(changed);
        }
        return in;
    }
    case recipe_function::ngram:
    case recipe_function::osb:
        for (auto& v : in) {
            const auto words = terms_of(v);
            value grams{.name = sized_name(fn, v.name, size), .kind = value_kind::words};
            const auto n = static_cast<std::size_t>(std::max<std::int64_t>(size, 1));
            // At most n grams begin at each term (n - 1 pairs for osb).
            budget.spend(words.size(), n, grams.name, " terms, grams of up to ");
            for (std::size_t i = 0; i < words.size(); ++i) {
                if (e.function == recipe_function::ngram) {
                    for (std::size_t k = 1; k <= n && i + k <= words.size(); ++k)
                        grams.words.push_back(join(words, i, k));
                } else { // pairs only, as the Data Transformations Reference lists them
                    for (std::size_t k = 1; k < n && i + k < words.size(); ++k)
                        grams.words.push_back(words[i] + std::string(k, '_') + words[i + k]);
                }
            }
            out.push_back(std::move(grams));
        }
        return out;
    case recipe_function::quantile_bin:
    case recipe_function::normalize:
        for (auto& v : in) {
            const std::string key = fn + "(" + v.name + ")" + (size ? std::to_string(size) : "");
            auto params = fitted().find(key);
            if (samples_ && v.number && params == fitted().end())
                (*samples_)[key].push_back(*v.number);
            // While fitting, a transformation fitted in an earlier pass answers, so that one
            // of it (quantile_bin(normalize(x), 10)) learns from its values.
            if (params == fitted().end())
                continue;
            value result{.name = e.function == recipe_function::quantile_bin
                                     ? sized_name(fn, v.name, size)
                                     : fn + "(" + v.name + ")"};
            if (!v.number) {
                // Missing: no feature, but still a value, so that an assignment of several is
                // named alike for every record.
                result.kind = e.function == recipe_function::normalize ? value_kind::number
                                                                       : value_kind::category;
                out.push_back(std::move(result));
                continue;
            }
            if (e.function == recipe_function::normalize) {
                result.number = (*v.number - params->second[0]) / params->second[1];
            } else {
                const auto& edges = params->second;
                const auto bin =
                    std::upper_bound(edges.begin(), edges.end(), *v.number) - edges.begin();
                result.kind = value_kind::category;
                result.text = "bin" + std::to_string(bin);
            }
            out.push_back(std::move(result));
        }
        return out;
    case recipe_function::cartesian: {
        const values second = args.size() > 1 ? evaluate(args[1], r, budget) : values{};
        for (const auto& a : in) {
            const auto left = terms_of(a);
            for (const auto& b : second) {
                value cross{.name = "cartesian(" + a.name + "," + b.name + ")",
                            .kind = value_kind::words};
                const auto right = terms_of(b);
                budget.spend(left.size(), right.size(), cross.name, " x ");
                for (const auto& x : left)
                    for (const auto& y : right)
                        cross.words.push_back(x + "," + y);
                out.push_back(std::move(cross));
            }
        }
        return out;
    }
    }
    return out;
}

int feature_extractor::learned_depth(const machinelearning::recipe_expression& e) const {
    using machinelearning::expression_kind;
    using machinelearning::recipe_function;
    if (e.kind == expression_kind::reference) {
        if (auto group = recipe_->groups.find(e.name); group != recipe_->groups.end())
            return learned_depth(group->second.expression);
        if (auto assigned = recipe_->assignments.find(e.name);
            assigned != recipe_->assignments.end())
            return learned_depth(assigned->second.expression);
        return 0;
    }
    int depth = 0;
    for (const auto& argument : e.arguments)
        depth = std::max(depth, learned_depth(argument));
    const bool learned =
        e.kind == expression_kind::call &&
        (e.function == recipe_function::quantile_bin || e.function == recipe_function::normalize);
    return depth + (learned ? 1 : 0);
}

void feature_extractor::fit(const std::vector<data_record>& records) {
    // One pass over the records for each level of learned transformations inside one another:
    // each pass fits those whose input the passes before made available.
    int passes = 0;
    for (const auto& output : recipe_->outputs)
        passes = std::max(passes, learned_depth(output.expression));
    for (int pass = 0; pass < passes; ++pass)
        fit_pass(records);
}

void feature_extractor::fit_pass(const std::vector<data_record>& records) {
    std::map<std::string, std::vector<double>> samples;
    samples_ = &samples;
    for (const auto& record : records) {
        term_budget budget;
        for (const auto& output : recipe_->outputs)
            (void)evaluate(output.expression, record, budget);
    }
    samples_ = nullptr;
    for (auto& [key, values] : samples) {
        std::sort(values.begin(), values.end());
        if (key.starts_with("normalize(")) {
            const auto [mean, deviation] = moments_of(values);
            fitted_[key] = {mean, deviation > 0 ? deviation : 1.0};
            continue;
        }
        // The bin count is the key's suffix: quantile_bin(age)10.
        const std::size_t close = key.rfind(')');
        const auto bins = static_cast<std::size_t>(std::max(1, std::stoi(key.substr(close + 1))));
        std::vector<double> edges;
        for (std::size_t b = 1; b < bins; ++b) {
            const double edge = values[b * values.size() / bins];
            if (edges.empty() || edge > edges.back())
                edges.push_back(edge);
        }
        fitted_[key] = std::move(edges);
    }
}

std::vector<feature> feature_extractor::extract(const data_record& record) const {
    std::vector<feature> out;
    term_budget budget;
    for (const auto& output : recipe_->outputs) {
        for (const auto& v : evaluate(output.expression, record, budget)) {
            switch (v.kind) {
            case value_kind::number:
            case value_kind::binary:
                if (v.number)
                    out.emplace_back(v.name, *v.number);
                break;
            case value_kind::category:
                if (!v.text.empty())
                    out.emplace_back(v.name + "=" + v.text, 1.0);
                break;
            case value_kind::text:
                for (const auto& word : words_of(v.text))
                    out.emplace_back(v.name + "=" + word, 1.0);
                break;
            case value_kind::words:
                for (const auto& word : v.words)
                    out.emplace_back(v.name + "=" + word, 1.0);
                break;
            }
        }
    }
    return out;
}

} // namespace awsml::local
