// The recipe's transformations applied to records, compiled once into the awsml-local library (see features.hpp).
#include <awsml-local/features.hpp>

namespace awsml::local {

std::string default_recipe_json(const machinelearning::data_schema& schema) {
    using machinelearning::attribute_type;
    auto has = [&](attribute_type type) {
        for (const auto& a : schema.attributes)
            if (a.type == type && schema.target_attribute_name != a.name && schema.row_id != a.name)
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

inline std::vector<std::string> split_words(std::string_view text) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
        const std::size_t start = i;
        while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
        if (i > start)
            words.emplace_back(text.substr(start, i - start));
    }
    return words;
}

inline std::string strip_punctuation(std::string_view word) {
    auto punct = [](char c) { return std::ispunct(static_cast<unsigned char>(c)) != 0; };
    while (!word.empty() && punct(word.front()))
        word.remove_prefix(1);
    while (!word.empty() && punct(word.back()))
        word.remove_suffix(1);
    return std::string(word);
}

inline std::string join(const std::vector<std::string>& words, std::size_t from, std::size_t n) {
    std::string out = words[from];
    for (std::size_t k = 1; k < n; ++k)
        out += " " + words[from + k];
    return out;
}

} // namespace detail::features

bool feature_extractor::is_input(std::size_t column) const {
    const std::string& name = schema_->attributes[column].name;
    if (schema_->target_attribute_name == name || schema_->row_id == name ||
        schema_->row_weight == name)
        return false;
    const auto& excluded = schema_->excluded_attribute_names;
    return !excluded || std::find(excluded->begin(), excluded->end(), name) == excluded->end();
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
                                                       const data_record& r) const {
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
        return evaluate(group->second.expression, r);
    if (auto assigned = recipe_->assignments.find(name); assigned != recipe_->assignments.end()) {
        values out = evaluate(assigned->second.expression, r);
        for (auto& v : out)
            v.name = name;
        return out;
    }
    for (std::size_t c = 0; c < schema_->attributes.size(); ++c)
        if (schema_->attributes[c].name == name)
            return is_input(c) ? attribute(c, r) : values{};
    return {};
}

feature_extractor::values feature_extractor::evaluate(const machinelearning::recipe_expression& e,
                                                      const data_record& r) const {
    using machinelearning::expression_kind;
    if (e.kind == expression_kind::reference)
        return reference(e.name, r);
    if (e.kind == expression_kind::call)
        return call(e, r);
    return {};
}

feature_extractor::values feature_extractor::call(const machinelearning::recipe_expression& e,
                                                  const data_record& r) const {
    using machinelearning::recipe_function;
    using namespace detail::features;
    const auto& args = e.arguments;
    const std::int64_t size = args.size() > 1 ? args[1].value : 0;
    values in = args.empty() ? values{} : evaluate(args[0], r);
    values out;
    const std::string fn(machinelearning::function_name(e.function));
    switch (e.function) {
    case recipe_function::group:
        for (std::size_t i = 1; i < args.size(); ++i)
            for (auto& v : evaluate(args[i], r))
                in.push_back(std::move(v));
        return in;
    case recipe_function::group_remove:
        std::erase_if(in, [&](const value& v) {
            return std::any_of(args.begin() + 1, args.end(),
                               [&](const auto& a) { return a.name == v.name; });
        });
        return in;
    case recipe_function::lowercase:
    case recipe_function::no_punct:
        for (auto& v : in) {
            std::string changed;
            for (const auto& word : split_words(v.text)) {
                std::string w = word;
                if (e.function == recipe_function::lowercase)
                    for (char& c : w)
                        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                else
                    w = strip_punctuation(w);
                if (!w.empty())
                    changed += (changed.empty() ? "" : " ") + w;
            }
            v.text = std::move(changed);
        }
        return in;
    case recipe_function::ngram:
    case recipe_function::osb:
        for (auto& v : in) {
            const auto words = split_words(v.text);
            value grams{.name = fn + "(" + v.name + ")", .kind = value_kind::words};
            const auto n = static_cast<std::size_t>(std::max<std::int64_t>(size, 1));
            for (std::size_t i = 0; i < words.size(); ++i) {
                if (e.function == recipe_function::ngram) {
                    for (std::size_t k = 1; k <= n && i + k <= words.size(); ++k)
                        grams.words.push_back(join(words, i, k));
                } else {
                    grams.words.push_back(words[i]);
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
            if (samples_ && v.number)
                (*samples_)[key].push_back(*v.number);
            auto params = fitted().find(key);
            if (samples_ || params == fitted().end() || !v.number)
                continue;
            value result{.name = fn + "(" + v.name + ")"};
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
        const values second = args.size() > 1 ? evaluate(args[1], r) : values{};
        auto terms = [](const value& v) {
            return v.kind == value_kind::text ? split_words(v.text)
                                              : std::vector<std::string>{v.text};
        };
        for (const auto& a : in)
            for (const auto& b : second) {
                value cross{.name = "cartesian(" + a.name + "," + b.name + ")",
                            .kind = value_kind::words};
                for (const auto& x : terms(a))
                    for (const auto& y : terms(b))
                        cross.words.push_back(x + "," + y);
                out.push_back(std::move(cross));
            }
        return out;
    }
    }
    return out;
}

void feature_extractor::fit(const std::vector<data_record>& records) {
    std::map<std::string, std::vector<double>> samples;
    samples_ = &samples;
    for (const auto& record : records)
        for (const auto& output : recipe_->outputs)
            (void)evaluate(output.expression, record);
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
    for (const auto& output : recipe_->outputs) {
        for (const auto& v : evaluate(output.expression, record)) {
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
                for (const auto& word : detail::features::split_words(v.text))
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
