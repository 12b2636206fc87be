// What a command prints, as the AWS CLI prints it (output.hpp).
#include <awsml-cli/output.hpp>

#include <awsml-cli/exact_json.hpp>
#include <awsml-cli/python_json.hpp>
#include <awsml-cli/unicode_text.hpp>

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

namespace awsml::cli {

namespace {

namespace json = boost::json;

bool scalar(const json::value& v) {
    return !v.is_array() && !v.is_object();
}

void text_of(std::string& out, const json::value& item, const std::optional<std::string>& label,
             const std::vector<std::string>* scalar_keys);

std::string joined(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i)
        line += (i ? "\t" : "") + fields[i];
    return line + "\n";
}

void scalar_list(std::string& out, const std::vector<const json::value*>& elements,
                 const std::optional<std::string>& label) {
    if (label) {
        for (const json::value* element : elements)
            out += python_upper(*label) + "\t" + python_str(*element) + "\n";
        return;
    }
    std::vector<std::string> fields;
    fields.reserve(elements.size());
    for (const json::value* element : elements)
        fields.push_back(python_str(*element));
    out += joined(fields);
}

// The keys of scalar values over every object of a list, sorted: its rows' columns.
std::vector<std::string> scalar_keys_of(const json::array& list) {
    std::set<std::string> keys;
    for (const json::value& element : list) // all objects: text_of_list has checked
        for (const auto& member : element.get_object())
            if (scalar(member.value()))
                keys.emplace(member.key());
    return {keys.begin(), keys.end()};
}

void text_of_list(std::string& out, const json::array& list,
                  const std::optional<std::string>& label) {
    if (list.empty())
        return;
    if (std::any_of(list.begin(), list.end(), [](const auto& v) { return v.is_object(); })) {
        for (const json::value& element : list) // awscli reads every element's items() first
            if (!element.is_object())
                throw std::runtime_error("'" + std::string(python_type_name(element)) +
                                         "' object has no attribute 'items'");
        const std::vector<std::string> keys = scalar_keys_of(list);
        for (const json::value& element : list)
            text_of(out, element, label, &keys);
        return;
    }
    std::vector<const json::value*> scalars, others;
    for (const json::value& element : list)
        (element.is_array() ? others : scalars).push_back(&element);
    if (!scalars.empty() || others.empty())
        scalar_list(out, scalars, label);
    for (const json::value* other : others)
        text_of(out, *other, label, nullptr);
}

void text_of_object(std::string& out, const json::object& object,
                    const std::optional<std::string>& label,
                    const std::vector<std::string>* scalar_keys) {
    std::vector<std::string> fields;
    std::vector<std::pair<std::string, const json::value*>> nested;
    if (!scalar_keys) {
        std::vector<std::string> keys;
        for (const auto& member : object)
            keys.emplace_back(member.key());
        std::sort(keys.begin(), keys.end());
        for (const std::string& key : keys) {
            const json::value& value = object.at(key);
            if (scalar(value))
                fields.push_back(python_str(value));
            else
                nested.emplace_back(key, &value);
        }
    } else {
        for (const std::string& key : *scalar_keys) {
            const json::value* value = object.if_contains(key);
            fields.push_back(value ? python_str(*value) : "");
        }
        std::vector<std::string> rest;
        for (const auto& member : object)
            if (std::find(scalar_keys->begin(), scalar_keys->end(), member.key()) ==
                scalar_keys->end())
                rest.emplace_back(member.key());
        std::sort(rest.begin(), rest.end());
        for (const std::string& key : rest)
            nested.emplace_back(key, &object.at(key));
    }
    if (!fields.empty()) {
        if (label)
            fields.insert(fields.begin(), python_upper(*label));
        out += joined(fields);
    }
    for (const auto& [key, value] : nested)
        text_of(out, *value, key, nullptr);
}

void text_of(std::string& out, const json::value& item, const std::optional<std::string>& label,
             const std::vector<std::string>* scalar_keys) {
    if (item.is_object())
        text_of_object(out, item.get_object(), label, scalar_keys);
    else if (item.is_array())
        text_of_list(out, item.get_array(), label);
    else
        out += python_str(item) + "\n";
}

} // namespace

std::optional<output_format> output_format_named(std::string_view name) {
    if (name == "json")
        return output_format::json;
    if (name == "text")
        return output_format::text;
    if (name == "table")
        return output_format::table;
    return std::nullopt;
}

jmespath::expression query_option(std::string_view text) {
    try {
        return jmespath::expression::compile(text);
    } catch (const jmespath::error& e) {
        throw std::runtime_error("Bad value for --query " + std::string(text) + ": " + e.what());
    }
}

std::string format_text(const json::value& value) {
    std::string out;
    text_of(out, value, std::nullopt, nullptr);
    return out;
}

std::string format_response(json::value value, std::string_view operation,
                            const output_options& options) {
    if (options.query)
        value = options.query->search(value);
    if (options.format == output_format::text)
        return format_text(value);
    if (options.format == output_format::table)
        return format_table(value, operation, options.terminal_width, options.colors);
    if (value.is_object() && value.get_object().empty())
        return ""; // the AWS CLI prints nothing for an empty answer
    return python_json(value, python_json_layout::indented) + "\n";
}

} // namespace awsml::cli
