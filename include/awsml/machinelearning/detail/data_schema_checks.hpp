#pragma once

// The rules of a data schema beyond its JSON form: the body of data_schema.hpp's check().

#include <awsml/core/detail/ascii.hpp>
#include <awsml/machinelearning/data_schema.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsml::detail {

/// Checks one schema; each rule is one small member function, run in document order.
class data_schema_checker {
public:
    using document_problem = machinelearning::document_problem;

    explicit data_schema_checker(const machinelearning::data_schema& schema)
        : schema_(schema) {}

    std::vector<document_problem> run() {
        model_constraints();
        data_format();
        attributes();
        target();
        row_id();
        row_weight();
        excluded();
        return std::move(problems_);
    }

private:
    using attribute = machinelearning::schema_attribute;
    using kind = machinelearning::attribute_type;

    // Members the shape marks required (attributeName, attributeType).
    void model_constraints() {
        for (auto& v : validate(schema_))
            report(std::move(v.path), std::move(v.message));
    }

    void data_format() {
        if (schema_.data_format && !iequals(*schema_.data_format, "CSV"))
            report("dataFormat", in_quotes(*schema_.data_format) +
                                     " is not a format Amazon ML reads: the only one is CSV");
    }

    void attributes() {
        if (schema_.attributes.empty())
            report("attributes", "declares no attribute: a schema needs at least one");
        for (std::size_t i = 0; i < schema_.attributes.size(); ++i)
            attribute_at(i);
    }

    void attribute_at(std::size_t i) {
        const attribute& a = schema_.attributes[i];
        const std::string at = "attributes[" + std::to_string(i) + "]";
        if (!a.type.is_known() && !a.type.wire().empty())
            report(at + ".attributeType", in_quotes(a.type.wire()) +
                                              " is not a type: expected BINARY, CATEGORICAL, "
                                              "NUMERIC or TEXT");
        if (a.name.empty())
            return; // reported as required
        auto [first, fresh] = index_.try_emplace(a.name, i);
        if (!fresh)
            report(at + ".attributeName", in_quotes(a.name) +
                                              " is already the name of attributes[" +
                                              std::to_string(first->second) + "]");
    }

    void target() {
        const auto& name = schema_.target_attribute_name;
        if (!name)
            return;
        const attribute* a = declared("targetAttributeName", *name);
        if (a && a->type == kind::TEXT)
            report("targetAttributeName",
                   in_quotes(*name) +
                       " is a TEXT attribute: a target is BINARY, CATEGORICAL or NUMERIC");
    }

    void row_id() {
        const auto& name = schema_.row_id;
        if (!name)
            return;
        declared("rowId", *name);
        if (is_target(*name))
            report("rowId",
                   in_quotes(*name) +
                       " is also the targetAttributeName: the row ID cannot be the target");
    }

    void row_weight() {
        const auto& name = schema_.row_weight;
        if (!name)
            return;
        const attribute* a = declared("rowWeight", *name);
        if (a && a->type.is_known() && a->type != kind::NUMERIC)
            report("rowWeight", in_quotes(*name) + " is " + std::string(a->type.wire()) +
                                    ": a row weight is a NUMERIC attribute");
        if (is_target(*name))
            report("rowWeight",
                   in_quotes(*name) +
                       " is also the targetAttributeName: the row weight cannot be the target");
    }

    void excluded() {
        if (!schema_.excluded_attribute_names)
            return;
        const auto& names = *schema_.excluded_attribute_names;
        std::map<std::string_view, std::size_t> seen;
        for (std::size_t i = 0; i < names.size(); ++i) {
            const std::string at = "excludedAttributeNames[" + std::to_string(i) + "]";
            declared(at, names[i]);
            if (is_target(names[i]))
                report(at, in_quotes(names[i]) +
                               " is the targetAttributeName: the target cannot be excluded");
            if (auto [first, fresh] = seen.try_emplace(names[i], i); !fresh)
                report(at, in_quotes(names[i]) + " is already excluded by " +
                               "excludedAttributeNames[" + std::to_string(first->second) + "]");
        }
    }

    // The attribute a reference at `path` names, or null (reported) when none is declared.
    const attribute* declared(const std::string& path, const std::string& name) {
        if (auto it = index_.find(name); it != index_.end())
            return &schema_.attributes[it->second];
        report(path, in_quotes(name) + " is not a declared attribute");
        return nullptr;
    }

    bool is_target(const std::string& name) const {
        return schema_.target_attribute_name && *schema_.target_attribute_name == name;
    }

    void report(std::string path, std::string message) {
        problems_.push_back({std::move(path), std::move(message), std::nullopt});
    }

    const machinelearning::data_schema& schema_;
    std::map<std::string, std::size_t, std::less<>> index_; // name -> first attribute so named
    std::vector<document_problem> problems_;
};

inline std::vector<machinelearning::document_problem>
check_data_schema(const machinelearning::data_schema& schema) {
    return data_schema_checker(schema).run();
}

} // namespace awsml::detail
