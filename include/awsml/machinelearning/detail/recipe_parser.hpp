#pragma once

// The recipe language's parser and writer (recipe.hpp's try_parse_expression, try_parse_recipe,
// to_string). A recursive descent over recipe_lexer's tokens:
//
//     entry      := expression [comment] end
//     expression := name '(' [expression {',' expression}] ')' | name | quoted-name | number
//
// A name followed by '(' is a call; the function must be one of recipe_function. The first
// syntax error ends the parse, with the character where it was found. Nesting deeper than
// max_recipe_depth is refused, so no input exhausts the stack.

#include <awsml/machinelearning/detail/recipe_lexer.hpp>
#include <awsml/machinelearning/recipe.hpp>

#include <boost/describe/enum_from_string.hpp>
#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awsml::detail {

inline std::optional<machinelearning::recipe_function> find_recipe_function(std::string_view name) {
    machinelearning::recipe_function f{};
    if (boost::describe::enum_from_string(std::string(name).c_str(), f))
        return f;
    return std::nullopt;
}

inline std::string unknown_function_message(std::string_view name) {
    std::string message = "unknown function '" + std::string(name) + "'";
    std::string_view suggestion;
    boost::mp11::mp_for_each<
        boost::describe::describe_enumerators<machinelearning::recipe_function>>([&](auto e) {
        if (suggestion.empty() && iequals(e.name, name))
            suggestion = e.name;
    });
    if (!suggestion.empty())
        message += " (did you mean " + std::string(suggestion) + "?)";
    return message;
}

/// A decimal whole number, saturated at the int64 range (its range is checked later).
inline std::int64_t recipe_number_value(std::string_view digits) noexcept {
    const bool negative = !digits.empty() && digits.front() == '-';
    if (negative)
        digits.remove_prefix(1);
    constexpr auto limit = std::numeric_limits<std::int64_t>::max();
    std::int64_t value = 0;
    for (char c : digits) {
        const int d = c - '0';
        if (value > (limit - d) / 10)
            return negative ? std::numeric_limits<std::int64_t>::min() : limit;
        value = value * 10 + d;
    }
    return negative ? -value : value;
}

class recipe_parser {
public:
    using document_problem = machinelearning::document_problem;
    using recipe_entry = machinelearning::recipe_entry;
    using recipe_expression = machinelearning::recipe_expression;

    recipe_parser(std::string_view text, std::string path)
        : text_(text)
        , path_(std::move(path))
        , lexer_(text) {
        advance();
    }

    /// The entry, or false with problem() saying where and why.
    bool parse(recipe_entry& out) {
        if (at(recipe_token_kind::end) || at(recipe_token_kind::comment))
            return fail(token_.position, "the expression is empty");
        if (!expression(out.expression, 0))
            return false;
        if (at(recipe_token_kind::comment)) {
            out.comment = std::move(token_.text);
            advance();
        }
        if (at(recipe_token_kind::comma))
            return fail(token_.position,
                        "unexpected ',' after the expression: one expression per string");
        if (at(recipe_token_kind::error))
            return fail(token_.position, token_.text);
        if (!at(recipe_token_kind::end))
            return fail(token_.position,
                        "expected the end of the expression, found " + describe(token_));
        return true;
    }

    const document_problem& problem() const noexcept { return problem_; }

private:
    bool expression(recipe_expression& out, std::size_t depth) {
        if (depth == max_recipe_depth)
            return fail(token_.position,
                        "nested more than " + std::to_string(max_recipe_depth) + " levels deep");
        out.offset = characters_before(token_.position);
        switch (token_.kind) {
        case recipe_token_kind::name:
            return name_or_call(out, depth);
        case recipe_token_kind::quoted_name:
            return quoted_name(out);
        case recipe_token_kind::number:
            out.kind = machinelearning::expression_kind::number;
            out.value = recipe_number_value(token_.text);
            advance();
            return true;
        case recipe_token_kind::error:
            return fail(token_.position, token_.text);
        default:
            return fail(token_.position,
                        "expected an attribute, group or function, found " + describe(token_));
        }
    }

    bool name_or_call(recipe_expression& out, std::size_t depth) {
        const recipe_token name = std::move(token_);
        advance();
        if (!at(recipe_token_kind::open)) {
            out.name = name.text;
            return true;
        }
        const auto function = find_recipe_function(name.text);
        if (!function)
            return fail(name.position, unknown_function_message(name.text));
        out.kind = machinelearning::expression_kind::call;
        out.function = *function;
        return arguments(out, name, depth);
    }

    bool quoted_name(recipe_expression& out) {
        out.name = std::move(token_.text);
        const std::size_t position = token_.position;
        advance();
        if (at(recipe_token_kind::open))
            return fail(position, "a quoted name cannot be called: functions are not quoted");
        return true;
    }

    // After the name of a call, at its '('.
    bool arguments(recipe_expression& call, const recipe_token& name, std::size_t depth) {
        advance();
        if (at(recipe_token_kind::close))
            return advance(), true;
        for (;;) {
            if (!expression(call.arguments.emplace_back(), depth + 1))
                return false;
            if (at(recipe_token_kind::close))
                return advance(), true;
            if (!at(recipe_token_kind::comma))
                return unclosed(name);
            advance();
        }
    }

    bool unclosed(const recipe_token& name) {
        const std::string opened =
            "'" + name.text + "(' at character " + std::to_string(characters_before(name.position));
        if (at(recipe_token_kind::end) || at(recipe_token_kind::comment))
            return fail(token_.position, "missing ')' to close " + opened);
        if (at(recipe_token_kind::error))
            return fail(token_.position, token_.text);
        return fail(token_.position,
                    "expected ',' or ')' in " + opened + ", found " + describe(token_));
    }

    static std::string describe(const recipe_token& t) {
        switch (t.kind) {
        case recipe_token_kind::name:
            return "the name '" + t.text + "'";
        case recipe_token_kind::quoted_name:
            return "the quoted name '" + t.text + "'";
        case recipe_token_kind::number:
            return "the number " + t.text;
        case recipe_token_kind::open:
            return "'('";
        case recipe_token_kind::close:
            return "')'";
        case recipe_token_kind::comma:
            return "','";
        case recipe_token_kind::comment:
            return "a comment";
        case recipe_token_kind::end:
            return "the end of the expression";
        case recipe_token_kind::error:
            break;
        }
        return t.text;
    }

    // The character offset of a byte, counted on from the last one asked for: positions come in
    // order, so the whole parse counts each byte once (an error may look back: it recounts).
    std::size_t characters_before(std::size_t byte) noexcept {
        if (byte < counted_bytes_)
            counted_bytes_ = counted_characters_ = 0;
        counted_characters_ +=
            character_offset(text_.substr(counted_bytes_), byte - counted_bytes_);
        counted_bytes_ = byte;
        return counted_characters_;
    }

    bool at(recipe_token_kind kind) const noexcept { return token_.kind == kind; }
    void advance() { token_ = lexer_.next(); }

    bool fail(std::size_t position, std::string message) {
        problem_ = {path_, std::move(message), characters_before(position)};
        return false;
    }

    std::string_view text_;
    std::string path_;
    recipe_lexer lexer_;
    recipe_token token_;
    document_problem problem_;
    std::size_t counted_bytes_ = 0;
    std::size_t counted_characters_ = 0;
};

inline machinelearning::expression_result parse_recipe_entry(std::string_view text,
                                                             std::string path) {
    recipe_parser parser(text, std::move(path));
    machinelearning::recipe_entry entry;
    if (!parser.parse(entry))
        return parser.problem();
    return entry;
}

inline machinelearning::recipe_result
parse_recipe_entries(const machinelearning::recipe_document& document) {
    machinelearning::recipe parsed;
    std::vector<machinelearning::document_problem> problems;
    auto parse_into = [&](machinelearning::recipe_entry& slot, std::string_view text,
                          std::string path) {
        auto entry = parse_recipe_entry(text, std::move(path));
        if (entry)
            slot = std::move(*entry);
        else
            problems.push_back(entry.error());
    };
    for (const auto& [name, text] : document.groups)
        parse_into(parsed.groups[name], text, recipe_entry_path("groups", name));
    for (const auto& [name, text] : document.assignments)
        parse_into(parsed.assignments[name], text, recipe_entry_path("assignments", name));
    for (std::size_t i = 0; i < document.outputs.size(); ++i)
        parse_into(parsed.outputs.emplace_back(), document.outputs[i],
                   "outputs[" + std::to_string(i) + "]");
    if (!problems.empty())
        return problems;
    return parsed;
}

// --- writing ---------------------------------------------------------------------------------

/// Whether a name must be quoted to be read back as the same name.
inline bool recipe_name_needs_quotes(std::string_view name) noexcept {
    if (name.empty() || !recipe_name_start(name.front()))
        return true;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (!recipe_name_char(name[i]) ||
            (name[i] == '/' && i + 1 < name.size() && name[i + 1] == '/'))
            return true;
    return false;
}

inline void write_recipe_name(std::string& out, std::string_view name) {
    if (!recipe_name_needs_quotes(name)) {
        out.append(name);
        return;
    }
    out.push_back('\'');
    for (char c : name) {
        if (c == '\'' || c == '\\')
            out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('\'');
}

inline void write_recipe_expression(std::string& out, const machinelearning::recipe_expression& e,
                                    std::size_t limit) {
    if (out.size() > limit)
        return;
    switch (e.kind) {
    case machinelearning::expression_kind::reference:
        write_recipe_name(out, e.name);
        return;
    case machinelearning::expression_kind::number:
        out.append(std::to_string(e.value));
        return;
    case machinelearning::expression_kind::call:
        out.append(machinelearning::function_name(e.function)).push_back('(');
        for (std::size_t i = 0; i < e.arguments.size() && out.size() <= limit; ++i) {
            if (i > 0)
                out.append(", ");
            write_recipe_expression(out, e.arguments[i], limit);
        }
        out.push_back(')');
        return;
    }
}

} // namespace awsml::detail
