#pragma once

// The definitions behind recipe.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

#include <awsml/machinelearning/detail/recipe_checker.hpp>
#include <awsml/machinelearning/detail/recipe_parser.hpp>
#include <awsml/machinelearning/recipe.hpp>

namespace awsml::machinelearning {

AWSML_DECL std::string_view function_name(recipe_function f) noexcept {
    return boost::describe::enum_to_string(f, "");
}

AWSML_DECL expression_result try_parse_expression(std::string_view text) {
    return ::awsml::detail::parse_recipe_entry(text, {});
}

AWSML_DECL recipe_entry parse_expression(std::string_view text) {
    return try_parse_expression(text).value();
}

AWSML_DECL std::string to_string(const recipe_expression& e) {
    std::string out;
    ::awsml::detail::write_recipe_expression(out, e);
    return out;
}

AWSML_DECL std::string to_string(const recipe_entry& entry) {
    std::string out = to_string(entry.expression);
    if (!entry.comment.empty())
        out.append(" // ").append(entry.comment);
    return out;
}

AWSML_DECL decode_result<recipe_document> try_parse_recipe_document(std::string_view json) {
    return try_from_json<recipe_document>(json);
}

AWSML_DECL recipe_document parse_recipe_document(std::string_view json) {
    return from_json<recipe_document>(json);
}

AWSML_DECL recipe_result try_parse_recipe(const recipe_document& document) {
    return ::awsml::detail::parse_recipe_entries(document);
}

AWSML_DECL recipe_result try_parse_recipe(std::string_view json) {
    auto document = try_parse_recipe_document(json);
    if (!document) {
        std::string path = document.error().path;
        path.erase(0, path.starts_with("$.") ? 2 : path.starts_with("$") ? 1 : 0);
        return std::vector<document_problem>{{std::move(path), document.error().reason, {}}};
    }
    return try_parse_recipe(*document);
}

AWSML_DECL recipe parse_recipe(std::string_view json) {
    return try_parse_recipe(parse_recipe_document(json)).value();
}

AWSML_DECL recipe parse_recipe(const recipe_document& document) {
    return try_parse_recipe(document).value();
}

AWSML_DECL recipe_document to_document(const recipe& r) {
    recipe_document document;
    for (const auto& [name, entry] : r.groups)
        document.groups.emplace(name, to_string(entry));
    for (const auto& [name, entry] : r.assignments)
        document.assignments.emplace(name, to_string(entry));
    for (const auto& entry : r.outputs)
        document.outputs.push_back(to_string(entry));
    return document;
}

AWSML_DECL std::string to_json(const recipe& r) {
    return ::awsml::to_json(to_document(r));
}

AWSML_DECL std::vector<document_problem> check(const recipe& r, const data_schema& schema) {
    return ::awsml::detail::check_recipe(r, &schema);
}

AWSML_DECL std::vector<document_problem> check(const recipe& r) {
    return ::awsml::detail::check_recipe(r, nullptr);
}

AWSML_DECL std::vector<document_problem> check(const recipe_document& document,
                                               const data_schema& schema) {
    auto parsed = try_parse_recipe(document);
    return parsed ? check(*parsed, schema) : parsed.error();
}

AWSML_DECL void check_or_throw(const recipe& r, const data_schema& schema) {
    if (auto problems = check(r, schema); !problems.empty())
        throw invalid_document(errc::validation_failed, std::move(problems));
}

AWSML_DECL std::ostream& operator<<(std::ostream& out, const recipe_expression& e) {
    return out << to_string(e);
}

AWSML_DECL std::ostream& operator<<(std::ostream& out, const recipe_entry& entry) {
    return out << to_string(entry);
}

AWSML_DECL std::ostream& operator<<(std::ostream& out, const recipe& r) {
    return out << to_json(r);
}

} // namespace awsml::machinelearning
