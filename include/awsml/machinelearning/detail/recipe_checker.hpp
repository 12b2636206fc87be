#pragma once

// A recipe checked against a data schema (recipe.hpp's check()). Each expression is evaluated to
// what the checks need of it (recipe_value): the types of the values it stands for, a member of
// each type to name in a message, and, for groups of schema attributes, exactly which ones.
//
// Groups and assignments are evaluated once each, in dependency order (found without recursion,
// so a long chain of definitions cannot exhaust the stack); a definition that depends on itself
// is reported where the loop closes. Problems are listed by place: the outputs list, then each
// group, each assignment and each output in document order.

#include <awsml/machinelearning/data_schema.hpp>
#include <awsml/machinelearning/detail/recipe_lexer.hpp>
#include <awsml/machinelearning/recipe.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awsml::detail {

// --- types ----------------------------------------------------------------------------------

enum recipe_type_bit : unsigned {
    binary_bit = 1,
    categorical_bit = 2,
    numeric_bit = 4,
    text_bit = 8
};
inline constexpr unsigned recipe_type_bits[] = {binary_bit, categorical_bit, numeric_bit, text_bit};
inline constexpr std::string_view recipe_type_names[] = {"BINARY", "CATEGORICAL", "NUMERIC",
                                                         "TEXT"};

inline unsigned recipe_type_of(const machinelearning::attribute_type& type) noexcept {
    if (!type.is_known())
        return 0; // a type this version does not know: nothing can be said of it
    return recipe_type_bits[static_cast<std::size_t>(*type.known())];
}

inline std::size_t recipe_type_slot(unsigned bit) noexcept {
    return static_cast<std::size_t>(
        std::find(std::begin(recipe_type_bits), std::end(recipe_type_bits), bit) -
        std::begin(recipe_type_bits));
}

/// "TEXT", "TEXT or CATEGORICAL".
inline std::string recipe_type_list(unsigned bits) {
    std::string out;
    for (std::size_t i = std::size(recipe_type_bits); i-- > 0;)
        if (bits & recipe_type_bits[i])
            out.append(out.empty() ? "" : " or ").append(recipe_type_names[i]);
    return out;
}

/// What an expression stands for, as far as the checks need to know.
struct recipe_value {
    unsigned types = 0;                 ///< the types of the values it holds (none: unknown)
    std::array<std::string, 4> example; ///< per type slot: a member of that type, for messages
    bool group = false;                 ///< a group: built-in, defined, or group()/group_remove()
    bool all_inputs = false;            ///< ALL_INPUTS itself, which cannot go into a group
    bool attribute_set = false;         ///< `members` is exactly what it holds
    std::vector<std::size_t> members;   ///< schema attribute indexes, sorted, if attribute_set

    void add(unsigned bit, const std::string& name) {
        if (bit == 0)
            return;
        std::string& slot = example[recipe_type_slot(bit)];
        if (!(types & bit))
            slot = name;
        types |= bit;
    }
};

// --- the functions' rules, in one table -----------------------------------------------------

/// A transformation of one input, with an optional whole-number parameter
/// (Data Transformations Reference).
struct recipe_transformation_rule {
    machinelearning::recipe_function function;
    unsigned accepts;           ///< the types its input may have
    unsigned result;            ///< the type of what it produces
    std::string_view parameter; ///< the second argument's meaning; empty when there is none
    std::int64_t min = 0, max = 0;
};

inline constexpr recipe_transformation_rule recipe_transformation_rules[] = {
    {machinelearning::recipe_function::lowercase, text_bit, text_bit, {}},
    {machinelearning::recipe_function::no_punct, text_bit, text_bit, {}},
    {machinelearning::recipe_function::ngram, text_bit, text_bit, "size", 2, 10},
    {machinelearning::recipe_function::osb, text_bit, text_bit, "window size", 2, 10},
    {machinelearning::recipe_function::quantile_bin, numeric_bit, categorical_bit, "number of bins",
     5, 1000},
    {machinelearning::recipe_function::normalize, numeric_bit, numeric_bit, {}},
};

inline const recipe_transformation_rule*
find_transformation_rule(machinelearning::recipe_function f) {
    for (const auto& rule : recipe_transformation_rules)
        if (rule.function == f)
            return &rule;
    return nullptr;
}

/// cartesian()'s inputs: "two or more text or categorical input variables".
inline constexpr unsigned cartesian_accepts = text_bit | categorical_bit;

inline constexpr std::string_view builtin_recipe_groups[] = {
    "ALL_TEXT", "ALL_NUMERIC", "ALL_CATEGORICAL", "ALL_BINARY", "ALL_INPUTS"};
/// The type each built-in group selects (ALL_INPUTS: every type).
inline constexpr unsigned builtin_recipe_group_types[] = {text_bit, numeric_bit, categorical_bit,
                                                          binary_bit, 15};

inline constexpr std::size_t max_recipe_name_length = 64;

inline std::string recipe_ordinal(std::size_t i) {
    constexpr std::string_view words[] = {"first", "second", "third"};
    return i < std::size(words) ? std::string(words[i]) : "#" + std::to_string(i + 1);
}

/// An expression's text for a message, cut short if long.
inline std::string recipe_text_for_message(const machinelearning::recipe_expression& e) {
    constexpr std::size_t limit = 60;
    std::string text;
    write_recipe_expression(text, e, limit);
    if (text.size() > limit) {
        std::size_t cut = limit - 3;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut; // not inside a UTF-8 sequence
        text.resize(cut);
        text.append("...");
    }
    return text;
}

// --- the checker ----------------------------------------------------------------------------

class recipe_checker {
public:
    using document_problem = machinelearning::document_problem;
    using recipe_expression = machinelearning::recipe_expression;
    using recipe_function = machinelearning::recipe_function;

    recipe_checker(const machinelearning::recipe& r, const machinelearning::data_schema* schema)
        : recipe_(r)
        , schema_(schema) {
        index_schema();
        index_definitions();
    }

    std::vector<document_problem> run() {
        if (recipe_.outputs.empty())
            report_to(structure_, "outputs", std::nullopt,
                      "is empty: a recipe needs at least one output");
        for (auto& d : definitions_)
            check_name(d);
        for (definition* d : dependency_order())
            evaluate_definition(*d);
        output_problems_.resize(recipe_.outputs.size());
        for (std::size_t i = 0; i < recipe_.outputs.size(); ++i) {
            const std::string path = "outputs[" + std::to_string(i) + "]";
            context c{section::outputs, path, &output_problems_[i]};
            evaluate(c, recipe_.outputs[i].expression, 0);
        }
        return collect();
    }

private:
    enum class section { groups, assignments, outputs };

    struct dependency {
        std::string_view name;
        std::size_t offset;
    };

    enum class visit { none, open, closed }; ///< the state of the search for dependency order

    struct definition {
        section where;
        std::string_view name;
        const machinelearning::recipe_entry* entry;
        std::string path;
        std::vector<dependency> dependencies;
        std::vector<document_problem> problems;
        recipe_value value;
        bool evaluated = false;
        visit mark = visit::none;
    };

    /// Where problems found while evaluating an expression go.
    struct context {
        section where;
        std::string_view path;
        std::vector<document_problem>* problems;
    };

    // --- setup --------------------------------------------------------------------------------

    void index_schema() {
        if (!schema_)
            return;
        const auto& attributes = schema_->attributes;
        for (std::size_t i = 0; i < attributes.size(); ++i)
            attribute_index_.try_emplace(attributes[i].name, i);
        if (schema_->excluded_attribute_names)
            for (const auto& name : *schema_->excluded_attribute_names)
                excluded_.emplace(name);
        for (const auto& [name, i] : attribute_index_)
            if (is_input(name))
                inputs_.push_back(i);
        std::sort(inputs_.begin(), inputs_.end());
    }

    bool is_target(std::string_view name) const {
        return schema_ && schema_->target_attribute_name && *schema_->target_attribute_name == name;
    }
    /// The row ID or the row weight: described by the schema, never learned from.
    std::optional<std::string_view> row_role(std::string_view name) const {
        if (schema_ && schema_->row_id && *schema_->row_id == name)
            return "the row ID (rowId)";
        if (schema_ && schema_->row_weight && *schema_->row_weight == name)
            return "the row weight (rowWeight)";
        return std::nullopt;
    }
    bool is_input(std::string_view name) const {
        return !is_target(name) && !excluded_.count(name) && !row_role(name);
    }

    void index_definitions() {
        definitions_.reserve(recipe_.groups.size() + recipe_.assignments.size());
        for (const auto& [name, entry] : recipe_.groups)
            add_definition(section::groups, name, entry);
        for (const auto& [name, entry] : recipe_.assignments)
            add_definition(section::assignments, name, entry);
    }

    void add_definition(section where, std::string_view name,
                        const machinelearning::recipe_entry& entry) {
        definition& d = definitions_.emplace_back();
        d.where = where;
        d.name = name;
        d.entry = &entry;
        d.path = recipe_entry_path(where == section::groups ? "groups" : "assignments", name);
        collect_dependencies(d, entry.expression, 0);
        (where == section::groups ? groups_ : assignments_).emplace(name, &d);
    }

    void collect_dependencies(definition& d, const recipe_expression& e, std::size_t depth) {
        if (depth >= max_recipe_depth)
            return;
        if (e.kind == machinelearning::expression_kind::reference)
            d.dependencies.push_back({e.name, e.offset});
        for (const auto& argument : e.arguments)
            collect_dependencies(d, argument, depth + 1);
    }

    // --- names of groups and assignments -------------------------------------------------------

    void check_name(definition& d) {
        const std::size_t length = character_offset(d.name, d.name.size());
        if (length == 0 || length > max_recipe_name_length)
            report_to(d.problems, d.path, std::nullopt,
                      "a name is 1 to 64 characters long; this one has " + std::to_string(length));
        if (builtin_index(d.name))
            report_to(d.problems, d.path, std::nullopt,
                      "'" + std::string(d.name) + "' is a built-in group: choose another name");
        if (d.where == section::assignments && groups_.count(d.name))
            report_to(d.problems, d.path, std::nullopt,
                      "'" + std::string(d.name) + "' is also the name of a group");
        if (attribute_index_.count(d.name))
            report_to(d.problems, d.path, std::nullopt,
                      "'" + std::string(d.name) + "' is also the name of an attribute");
    }

    // --- dependency order, without recursion ---------------------------------------------------

    /// The definition a name in section `from` refers to, if any (a group before an assignment;
    /// groups cannot refer to assignments).
    definition* definition_named(std::string_view name, section from) {
        if (builtin_index(name))
            return nullptr;
        if (auto it = groups_.find(name); it != groups_.end())
            return it->second;
        if (from == section::groups)
            return nullptr;
        auto it = assignments_.find(name);
        return it == assignments_.end() ? nullptr : it->second;
    }

    /// Each definition after those it depends on (an iterative depth-first search); a
    /// dependency on a definition still open closes a loop, reported there.
    std::vector<definition*> dependency_order() {
        std::vector<definition*> order;
        std::vector<std::pair<definition*, std::size_t>> stack; // definition, next dependency
        for (auto& root : definitions_) {
            if (root.mark != visit::none)
                continue;
            root.mark = visit::open;
            stack.emplace_back(&root, 0);
            while (!stack.empty()) {
                definition* d = stack.back().first;
                const std::size_t next = stack.back().second++;
                if (next == d->dependencies.size()) {
                    d->mark = visit::closed;
                    order.push_back(d);
                    stack.pop_back();
                    continue;
                }
                const dependency& dep = d->dependencies[next];
                definition* target = definition_named(dep.name, d->where);
                if (!target || target->mark == visit::closed)
                    continue;
                if (target->mark == visit::open) {
                    report_cycle(*d, dep, target == d);
                    continue;
                }
                target->mark = visit::open;
                stack.emplace_back(target, 0);
            }
        }
        return order;
    }

    void report_cycle(definition& d, const dependency& dep, bool self) {
        const std::string name = "'" + std::string(dep.name) + "'";
        report_to(d.problems, d.path, dep.offset,
                  self ? name + " refers to itself"
                       : name + " refers back to this definition: a definition cannot depend on "
                                "itself");
    }

    // --- evaluation -----------------------------------------------------------------------------

    void evaluate_definition(definition& d) {
        context c{d.where, d.path, &d.problems};
        const recipe_expression& e = d.entry->expression;
        if (d.where == section::groups && !is_group_call(e))
            report(c, e.offset,
                   "a group is defined with group(...) or group_remove(...), not " +
                       recipe_text_for_message(e));
        else
            d.value = evaluate(c, e, 0);
        if (d.where == section::groups)
            d.value.group = true;
        if (d.where == section::assignments && !d.value.attribute_set)
            for (std::size_t slot = 0; slot < d.value.example.size(); ++slot)
                if (d.value.types & recipe_type_bits[slot])
                    d.value.example[slot] = std::string(d.name);
        d.evaluated = true;
    }

    static bool is_group_call(const recipe_expression& e) {
        return e.kind == machinelearning::expression_kind::call &&
               (e.function == recipe_function::group ||
                e.function == recipe_function::group_remove);
    }

    recipe_value evaluate(const context& c, const recipe_expression& e, std::size_t depth) {
        if (depth >= max_recipe_depth) { // as the parser refuses: what is checked, reads back
            report(c, e.offset,
                   "nested more than " + std::to_string(max_recipe_depth) + " levels deep");
            return {};
        }
        switch (e.kind) {
        case machinelearning::expression_kind::reference:
            return resolve(c, e);
        case machinelearning::expression_kind::number:
            report(c, e.offset,
                   "expected an attribute, group or function, found the number " +
                       std::to_string(e.value));
            return {};
        case machinelearning::expression_kind::call:
            break;
        }
        switch (e.function) {
        case recipe_function::group:
            return group_call(c, e, depth);
        case recipe_function::group_remove:
            return group_remove_call(c, e, depth);
        case recipe_function::cartesian:
            return cartesian_call(c, e, depth);
        default:
            return transformation_call(c, e, *find_transformation_rule(e.function), depth);
        }
    }

    // --- names ----------------------------------------------------------------------------------

    recipe_value resolve(const context& c, const recipe_expression& e) {
        const std::string& name = e.name;
        if (auto builtin = builtin_index(name))
            return builtin_value(*builtin);
        if (auto it = groups_.find(name); it != groups_.end())
            return defined_value(*it->second);
        if (auto it = assignments_.find(name); it != assignments_.end()) {
            if (c.where != section::groups)
                return defined_value(*it->second);
            report(c, e.offset,
                   "'" + name +
                       "' is an assignment: groups come before assignments and cannot "
                       "use them");
            return {};
        }
        if (!schema_)
            return {}; // without a schema, any other name may be an attribute
        if (auto it = attribute_index_.find(name); it != attribute_index_.end())
            return attribute_reference(c, e, it->second);
        report(c, e.offset, "unknown attribute or group '" + name + "'" + suggestion(name));
        return {};
    }

    recipe_value defined_value(const definition& d) const {
        return d.evaluated ? d.value : recipe_value{}; // not yet: a cycle, reported already
    }

    recipe_value attribute_reference(const context& c, const recipe_expression& e,
                                     std::size_t index) {
        if (is_target(e.name))
            report(c, e.offset,
                   "'" + e.name +
                       "' is the target attribute (targetAttributeName): a recipe "
                       "cannot use it as an input");
        else if (excluded_.count(e.name))
            report(c, e.offset,
                   "'" + e.name + "' is excluded by the schema (excludedAttributeNames)");
        else if (const auto role = row_role(e.name))
            report(c, e.offset,
                   "'" + e.name + "' is " + std::string(*role) +
                       ": a recipe cannot use it as an input");
        return attribute_set_value({index});
    }

    recipe_value builtin_value(std::size_t builtin) const {
        recipe_value v;
        if (schema_) {
            std::vector<std::size_t> members;
            for (std::size_t i : inputs_)
                if (recipe_type_of(schema_->attributes[i].type) &
                    builtin_recipe_group_types[builtin])
                    members.push_back(i);
            v = attribute_set_value(std::move(members));
        }
        v.group = true;
        v.all_inputs = builtin_recipe_groups[builtin] == "ALL_INPUTS";
        return v;
    }

    recipe_value attribute_set_value(std::vector<std::size_t> members) const {
        recipe_value v;
        for (std::size_t i : members)
            v.add(recipe_type_of(schema_->attributes[i].type), schema_->attributes[i].name);
        v.attribute_set = true;
        v.members = std::move(members);
        return v;
    }

    static std::optional<std::size_t> builtin_index(std::string_view name) {
        for (std::size_t i = 0; i < std::size(builtin_recipe_groups); ++i)
            if (builtin_recipe_groups[i] == name)
                return i;
        return std::nullopt;
    }

    /// " (did you mean 'Age'?)" when a known name differs only in ASCII case.
    std::string suggestion(std::string_view name) {
        if (folded_names_.empty()) { // built at the first unknown name, once
            auto add = [&](std::string_view known) {
                folded_names_.try_emplace(fold(known), known);
            };
            for (auto builtin : builtin_recipe_groups)
                add(builtin);
            for (const auto& d : definitions_)
                add(d.name);
            for (const auto& [attribute, index] : attribute_index_)
                add(attribute);
        }
        auto it = folded_names_.find(fold(name));
        return it == folded_names_.end() ? std::string()
                                         : " (did you mean '" + std::string(it->second) + "'?)";
    }

    static std::string fold(std::string_view name) {
        std::string out(name);
        for (char& c : out)
            c = ascii_lower(c);
        return out;
    }

    // --- group() and group_remove() ------------------------------------------------------------

    /// A group()/group_remove() argument: a name, resolved.
    std::optional<recipe_value> group_member(const context& c, const recipe_expression& call,
                                             const recipe_expression& argument) {
        const std::string function(machinelearning::function_name(call.function));
        if (argument.kind != machinelearning::expression_kind::reference) {
            report(c, argument.offset,
                   function + "() takes attribute and group names, not " +
                       recipe_text_for_message(argument));
            return std::nullopt;
        }
        recipe_value v = resolve(c, argument);
        if (v.all_inputs)
            report(c, argument.offset, "ALL_INPUTS cannot be put in a group");
        return v;
    }

    recipe_value group_call(const context& c, const recipe_expression& e, std::size_t) {
        if (e.arguments.empty())
            report(c, e.offset, "group() takes at least one attribute or group name");
        recipe_value result;
        result.attribute_set = true;
        for (const auto& argument : e.arguments) {
            auto member = group_member(c, e, argument);
            if (!member)
                continue;
            merge(result, *member);
        }
        result.group = true;
        return result;
    }

    void merge(recipe_value& into, const recipe_value& v) const {
        if (into.attribute_set && v.attribute_set) {
            std::vector<std::size_t> members;
            std::set_union(into.members.begin(), into.members.end(), v.members.begin(),
                           v.members.end(), std::back_inserter(members));
            into = attribute_set_value(std::move(members));
            return;
        }
        into.attribute_set = false;
        into.members.clear();
        for (std::size_t slot = 0; slot < v.example.size(); ++slot)
            into.add(v.types & recipe_type_bits[slot], v.example[slot]);
    }

    recipe_value group_remove_call(const context& c, const recipe_expression& e, std::size_t) {
        if (e.arguments.size() < 2) {
            report(c, e.offset, "group_remove() takes a group, then the names to remove from it");
            if (e.arguments.empty())
                return {};
        }
        auto from = group_member(c, e, e.arguments.front());
        recipe_value result = from ? *from : recipe_value{};
        if (from && !from->group && (from->types || from->attribute_set)) {
            report(c, e.arguments.front().offset,
                   "group_remove() removes from a group; '" + e.arguments.front().name +
                       "' is not one");
            result = {}; // nothing more to say of what it removes
        }
        for (std::size_t i = 1; i < e.arguments.size(); ++i) {
            auto removed = group_member(c, e, e.arguments[i]);
            if (removed)
                remove(c, result, *removed, e.arguments[i], e.arguments.front());
        }
        result.group = true;
        result.all_inputs = false;
        return result;
    }

    void remove(const context& c, recipe_value& from, const recipe_value& removed,
                const recipe_expression& argument, const recipe_expression& group) {
        if (!from.attribute_set || !removed.attribute_set)
            return; // what either holds is not known: nothing to remove or to check
        if (!removed.group && !removed.members.empty() &&
            !std::binary_search(from.members.begin(), from.members.end(), removed.members.front()))
            report(c, argument.offset,
                   "'" + argument.name + "' is not in " + recipe_text_for_message(group));
        std::vector<std::size_t> members;
        std::set_difference(from.members.begin(), from.members.end(), removed.members.begin(),
                            removed.members.end(), std::back_inserter(members));
        from = attribute_set_value(std::move(members));
    }

    // --- transformations -----------------------------------------------------------------------

    /// An argument that is an expression (not a number), evaluated.
    recipe_value operand(const context& c, const recipe_expression& call, std::size_t i,
                         std::size_t depth) {
        const recipe_expression& argument = call.arguments[i];
        if (argument.kind == machinelearning::expression_kind::number) {
            report(c, argument.offset,
                   std::string(machinelearning::function_name(call.function)) + "()'s " +
                       recipe_ordinal(i) + " argument is an expression, not the number " +
                       std::to_string(argument.value));
            return {};
        }
        return evaluate(c, argument, depth + 1);
    }

    /// Reports a member of `input` whose type `call` does not take.
    void check_types(const context& c, const recipe_expression& call, std::size_t i,
                     const recipe_value& input, unsigned accepts) {
        const unsigned wrong = input.types & ~accepts;
        if (!wrong)
            return;
        const unsigned bit = wrong & (~wrong + 1); // the lowest wrong type
        const std::size_t slot = recipe_type_slot(bit);
        std::string message = std::string(machinelearning::function_name(call.function)) +
                              "() takes " + recipe_type_list(accepts) + ", but '" +
                              input.example[slot] + "' is " + std::string(recipe_type_names[slot]);
        const recipe_expression& argument = call.arguments[i];
        const bool named = argument.kind == machinelearning::expression_kind::reference;
        if ((named ? argument.name : recipe_text_for_message(argument)) != input.example[slot])
            message.append(" (in ").append(recipe_text_for_message(argument)).append(")");
        report(c, argument.offset, std::move(message));
    }

    recipe_value transformation_call(const context& c, const recipe_expression& e,
                                     const recipe_transformation_rule& rule, std::size_t depth) {
        const std::size_t expected = rule.parameter.empty() ? 1 : 2;
        if (e.arguments.size() != expected) {
            report(c, e.offset, arity_message(e, rule, expected));
            for (const auto& argument : e.arguments)
                if (argument.kind != machinelearning::expression_kind::number)
                    evaluate(c, argument, depth + 1);
            return produced(e, rule.result, recipe_value{});
        }
        recipe_value input = operand(c, e, 0, depth);
        check_types(c, e, 0, input, rule.accepts);
        if (expected == 2)
            check_parameter(c, e, rule);
        return produced(e, rule.result, input);
    }

    static std::string arity_message(const recipe_expression& e,
                                     const recipe_transformation_rule& rule, std::size_t expected) {
        std::string message = std::string(machinelearning::function_name(e.function)) +
                              "() takes " + std::to_string(expected) + " argument" +
                              (expected == 1 ? "" : "s") + " (" + recipe_type_list(rule.accepts);
        if (expected == 2)
            message.append(", then the ").append(rule.parameter);
        return message + "), not " + std::to_string(e.arguments.size());
    }

    void check_parameter(const context& c, const recipe_expression& e,
                         const recipe_transformation_rule& rule) {
        const recipe_expression& argument = e.arguments[1];
        const std::string function(machinelearning::function_name(e.function));
        const std::string range = std::to_string(rule.min) + " to " + std::to_string(rule.max);
        if (argument.kind != machinelearning::expression_kind::number)
            report(c, argument.offset,
                   function + "()'s second argument is the " + std::string(rule.parameter) +
                       ", a whole number from " + range + ", not " +
                       recipe_text_for_message(argument));
        else if (argument.value < rule.min || argument.value > rule.max)
            report(c, argument.offset,
                   function + "()'s " + std::string(rule.parameter) + " is " + range + ", not " +
                       std::to_string(argument.value));
    }

    /// What a transformation of `input` yields: one value per member, each of type `bit`.
    static recipe_value produced(const recipe_expression& e, unsigned bit,
                                 const recipe_value& input) {
        recipe_value v;
        v.group = input.group;
        if (!(input.attribute_set && input.members.empty())) // an empty group stays empty
            v.add(bit, recipe_text_for_message(e));
        return v;
    }

    recipe_value cartesian_call(const context& c, const recipe_expression& e, std::size_t depth) {
        if (e.arguments.size() != 2)
            report(c, e.offset,
                   "cartesian() takes 2 arguments (" + recipe_type_list(cartesian_accepts) +
                       "), not " + std::to_string(e.arguments.size()));
        for (std::size_t i = 0; i < e.arguments.size(); ++i)
            check_types(c, e, i, operand(c, e, i, depth), cartesian_accepts);
        return produced(e, categorical_bit, recipe_value{});
    }

    // --- problems -------------------------------------------------------------------------------

    static void report(const context& c, std::size_t offset, std::string message) {
        report_to(*c.problems, c.path, offset, std::move(message));
    }

    static void report_to(std::vector<document_problem>& problems, std::string_view path,
                          std::optional<std::size_t> offset, std::string message) {
        problems.push_back({std::string(path), std::move(message), offset});
    }

    std::vector<document_problem> collect() {
        std::vector<document_problem> out = std::move(structure_);
        for (auto& d : definitions_) // groups, then assignments, each in document order
            std::move(d.problems.begin(), d.problems.end(), std::back_inserter(out));
        for (auto& problems : output_problems_)
            std::move(problems.begin(), problems.end(), std::back_inserter(out));
        return out;
    }

    const machinelearning::recipe& recipe_;
    const machinelearning::data_schema* schema_;
    std::map<std::string_view, std::size_t, std::less<>> attribute_index_;
    std::set<std::string_view, std::less<>> excluded_;
    std::vector<std::size_t> inputs_; ///< attributes the built-in groups draw on, sorted
    std::vector<definition> definitions_;
    std::map<std::string_view, definition*, std::less<>> groups_;
    std::map<std::string_view, definition*, std::less<>> assignments_;
    std::vector<document_problem> structure_;
    std::vector<std::vector<document_problem>> output_problems_;
    std::map<std::string, std::string_view> folded_names_; ///< lower case -> first name so spelt
};

inline std::vector<machinelearning::document_problem>
check_recipe(const machinelearning::recipe& r, const machinelearning::data_schema* schema) {
    return recipe_checker(r, schema).run();
}

} // namespace awsml::detail
