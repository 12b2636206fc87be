#pragma once

/// \file
/// Amazon ML recipes (GetMLModel's and CreateMLModel's Recipe): the JSON document as a shape, its
/// expressions parsed into trees, and a check against a data schema. The language is the Amazon
/// ML Developer Guide's ("Recipe Format Reference", "Data Transformations Reference"):
///
///     {"groups":      {"SPECIALTEXT": "group(title, subject)"},
///      "assignments": {"binned_age": "quantile_bin(age, 30)"},
///      "outputs":     ["ALL_CATEGORICAL", "ngram(lowercase(SPECIALTEXT), 3) // comment"]}
///
/// An expression is a name (an attribute, a group, an assignment, or one of the built-in groups
/// ALL_TEXT, ALL_NUMERIC, ALL_CATEGORICAL, ALL_BINARY, ALL_INPUTS), a whole number, or a function
/// applied to a parenthesised, comma-separated list of expressions; "//" starts a comment that
/// runs to the end of the string. Names that do not start with a letter, or that hold one of
/// , ' " ( ) \ or whitespace, are quoted with ' or ".
///
///     namespace ml = awsml::machinelearning;
///     ml::recipe r = ml::parse_recipe(*model.recipe);   // JSON and syntax, every error placed
///     for (const auto& p : ml::check(r, schema))         // names, types, argument values
///         std::cerr << p << '\n';   // outputs[2], character 6: ngram() takes TEXT, but ...
///     r.outputs.push_back(ml::parse_expression("osb(lowercase(body), 4)"));
///     std::string text = ml::to_json(r);                 // for CreateMLModel's Recipe

#include <awsml/core/detail/separate_compilation.hpp>
#include <awsml/core/error.hpp>
#include <awsml/machinelearning/data_schema.hpp>
#include <awsml/model/from_json.hpp>
#include <awsml/model/shape.hpp>
#include <awsml/model/to_json.hpp>

#include <boost/describe/enum.hpp>
#include <boost/describe/enum_to_string.hpp>
#include <boost/system/result.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace awsml::machinelearning {

// --- the document ----------------------------------------------------------------------------

/// Names and their expressions (a type with a top-level comma needs an alias in AWSML_SHAPE).
using recipe_definitions = std::map<std::string, std::string>;

/// The recipe as JSON carries it: each expression still a string.
AWSML_SHAPE(recipe_document, (recipe_definitions, groups, "groups"),
            (recipe_definitions, assignments, "assignments"),
            (std::vector<std::string>, outputs, "outputs"))

// --- the expression tree ---------------------------------------------------------------------

/// The functions of the Data Transformations Reference, and the group functions of the Recipe
/// Format Reference.
enum class recipe_function {
    group,        ///< group(name, ...): the union of attributes and groups
    group_remove, ///< group_remove(group, name, ...): a group less some of its members
    lowercase,    ///< lowercase(text)
    no_punct,     ///< no_punct(text): leading and trailing punctuation of each word removed
    ngram,        ///< ngram(text, size): word n-grams, size 2 to 10
    osb,          ///< osb(text, window): orthogonal sparse bigrams, window 2 to 10
    quantile_bin, ///< quantile_bin(numeric, bins): a categorical value, 5 to 1000 bins
    normalize,    ///< normalize(numeric): mean 0, variance 1
    cartesian,    ///< cartesian(a, b): the Cartesian product of two text or categorical values
};

// The enumerators are the language's names: described once, read by function_name and the parser.
BOOST_DESCRIBE_ENUM(recipe_function, group, group_remove, lowercase, no_punct, ngram, osb,
                    quantile_bin, normalize, cartesian)

/// The name a function has in the language ("quantile_bin").
AWSML_DECL std::string_view function_name(recipe_function f) noexcept;

/// Which of its alternatives a recipe_expression holds.
enum class expression_kind {
    reference, ///< a name: an attribute, a group, an assignment or a built-in group
    number,    ///< a whole number (a function's size, window or bin count)
    call       ///< a function applied to arguments
};

/// One node: a reference to a name, a whole number, or a function call.
struct recipe_expression {
    expression_kind kind = expression_kind::reference; ///< which members below are meaningful
    std::string name;                                  ///< reference: the name, unquoted
    std::int64_t value = 0;                            ///< number (saturated at the int64 range)
    recipe_function function{};                        ///< call: the function
    std::vector<recipe_expression> arguments;          ///< call: its arguments
    std::size_t offset = 0; ///< characters from the start of its text (not compared)

    /// A reference to `name` (an attribute, group, assignment or built-in group).
    static recipe_expression make_reference(std::string name) {
        recipe_expression e;
        e.name = std::move(name);
        return e;
    }
    /// A whole number.
    static recipe_expression make_number(std::int64_t value) {
        recipe_expression e;
        e.kind = expression_kind::number;
        e.value = value;
        return e;
    }
    /// `f(args...)`; the arguments are checked by check(), not here.
    static recipe_expression make_call(recipe_function f, std::vector<recipe_expression> args) {
        recipe_expression e;
        e.kind = expression_kind::call;
        e.function = f;
        e.arguments = std::move(args);
        return e;
    }

    /// The same expression, wherever it was written and however it was quoted or spaced.
    friend bool operator==(const recipe_expression& a, const recipe_expression& b) {
        if (a.kind != b.kind)
            return false;
        switch (a.kind) {
        case expression_kind::reference:
            return a.name == b.name;
        case expression_kind::number:
            return a.value == b.value;
        case expression_kind::call:
            return a.function == b.function && a.arguments == b.arguments;
        }
        return false;
    }
};

/// One string of the recipe: its expression and the comment after it, if any.
struct recipe_entry {
    recipe_expression expression; ///< the parsed expression
    std::string comment;          ///< the text after "//", trimmed; empty when there is none
    friend bool operator==(const recipe_entry&, const recipe_entry&) = default;
};

/// A recipe with every expression parsed.
struct recipe {
    std::map<std::string, recipe_entry> groups;      ///< name to group(...) / group_remove(...)
    std::map<std::string, recipe_entry> assignments; ///< name to a derived variable's expression
    std::vector<recipe_entry> outputs;               ///< what the model is trained on, in order
    friend bool operator==(const recipe&, const recipe&) = default;
};

/// One parsed expression, or its syntax error.
using expression_result = boost::system::result<recipe_entry, document_problem>;
/// A parsed recipe, or every syntax error found in it.
using recipe_result = boost::system::result<recipe, std::vector<document_problem>>;

} // namespace awsml::machinelearning

// The bodies are in detail/recipe_parser.hpp and detail/recipe_checker.hpp, which impl/recipe.ipp
// includes.
namespace awsml::detail {
inline machinelearning::expression_result parse_recipe_entry(std::string_view text,
                                                             std::string path);
inline machinelearning::recipe_result parse_recipe_entries(const machinelearning::recipe_document&);
/// Writes `e` in canonical form; stops soon after `out` exceeds `limit` bytes (for messages).
inline void write_recipe_expression(std::string& out, const machinelearning::recipe_expression& e,
                                    std::size_t limit = std::string::npos);
inline std::vector<machinelearning::document_problem>
check_recipe(const machinelearning::recipe&, const machinelearning::data_schema*);
} // namespace awsml::detail

namespace awsml::machinelearning {

// --- expressions -----------------------------------------------------------------------------

/// Parses one string of a recipe; a syntax error gives its character offset and what was
/// expected (the problem's path is empty: the string stands alone).
AWSML_DECL expression_result try_parse_expression(std::string_view text);
/// Throws invalid_document (errc::invalid_value).
AWSML_DECL recipe_entry parse_expression(std::string_view text);

/// The canonical text: names quoted only where they must be, ", " between arguments.
AWSML_DECL std::string to_string(const recipe_expression& e);
/// The expression, then " // comment" when there is one.
AWSML_DECL std::string to_string(const recipe_entry& entry);

// --- recipes ---------------------------------------------------------------------------------

/// Decodes the JSON document; a failure names its JSON path ($.outputs[2]).
AWSML_DECL decode_result<recipe_document> try_parse_recipe_document(std::string_view json);
/// Throws decode_error.
AWSML_DECL recipe_document parse_recipe_document(std::string_view json);

/// Parses every expression of the document; on failure, every syntax error, each with its place
/// (`groups.LONGTEXT`, `assignments.binned_age`, `outputs[2]`) and character offset.
AWSML_DECL recipe_result try_parse_recipe(const recipe_document& document);
/// The JSON, then its expressions; a JSON failure is one problem at its path (outputs[2]).
AWSML_DECL recipe_result try_parse_recipe(std::string_view json);
/// Throws decode_error (JSON) or invalid_document (syntax, errc::invalid_value).
AWSML_DECL recipe parse_recipe(std::string_view json);
/// As parse_recipe(json), from an already decoded document: throws invalid_document.
AWSML_DECL recipe parse_recipe(const recipe_document& document);

/// Back to the document: each expression in its canonical text, comments kept.
AWSML_DECL recipe_document to_document(const recipe& r);
/// The JSON for CreateMLModel's Recipe.
AWSML_DECL std::string to_json(const recipe& r);

// --- checks ----------------------------------------------------------------------------------

/// Every rule the recipe breaks against `schema`, each with its place and character offset:
/// unknown names, a function given the wrong type (ngram of a NUMERIC attribute), the wrong
/// number of arguments, an argument out of range, group and assignment names (1 to 64
/// characters, not a built-in group's or an attribute's), definitions that refer to themselves,
/// an empty outputs list. Empty when the recipe is consistent with the schema.
AWSML_DECL std::vector<document_problem> check(const recipe& r, const data_schema& schema);
/// The checks that need no schema: structure, argument counts and values, self-reference.
AWSML_DECL std::vector<document_problem> check(const recipe& r);
/// The document's syntax errors, or else check(recipe, schema).
AWSML_DECL std::vector<document_problem> check(const recipe_document& document,
                                               const data_schema& schema);

/// Throws invalid_document (errc::validation_failed) listing every problem, if there is any.
AWSML_DECL void check_or_throw(const recipe& r, const data_schema& schema);

/// The expression's canonical text, e.g. `ngram(lowercase(title), 3)`.
AWSML_DECL std::ostream& operator<<(std::ostream& out, const recipe_expression& e);
/// The entry's canonical text, its comment after " // ".
AWSML_DECL std::ostream& operator<<(std::ostream& out, const recipe_entry& entry);
/// The recipe's JSON, as to_json() writes it.
AWSML_DECL std::ostream& operator<<(std::ostream& out, const recipe& r);

} // namespace awsml::machinelearning

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/machinelearning/impl/recipe.ipp>
#endif
