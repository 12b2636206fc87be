#pragma once

// The "Shorthand Syntax", "JSON Syntax" and "Syntax" examples of an option's --help, derived
// from its member's type as the AWS CLI derives them from the shape (awscli/argprocess.py's
// ParamShorthandDocGen and awscli/clidocs.py's _json_example), so that both print the same
// examples: DatabaseInformation={InstanceIdentifier=string,DatabaseName=string},...

#include <awsml-cli/arguments.hpp>
#include <awsml/model/blob.hpp>
#include <awsml/model/timestamp.hpp>

#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace awsml::cli {

/// The type's name in the model's words (botocore's type_name).
template <class T>
std::string model_type_name() {
    if constexpr (std::is_same_v<T, bool>)
        return "boolean";
    else if constexpr (std::is_same_v<T, std::int32_t>)
        return "integer";
    else if constexpr (std::is_same_v<T, std::int64_t>)
        return "long";
    else if constexpr (std::is_same_v<T, float>)
        return "float";
    else if constexpr (std::is_same_v<T, double>)
        return "double";
    else if constexpr (std::is_same_v<T, awsml::timestamp>)
        return "timestamp";
    else if constexpr (std::is_same_v<T, awsml::blob>)
        return "blob";
    else
        return "string";
}

/// A scalar's value in a JSON example: "string", "A"|"B" for an enumeration, true|false.
template <class T>
std::string json_example_value(bool with_enum_values = true) {
    if constexpr (enumeration_type<T>) {
        if (!with_enum_values)
            return "\"string\"";
        std::string choices;
        boost::mp11::mp_for_each<boost::describe::describe_enumerators<typename T::known_type>>(
            [&](auto d) {
                choices += (choices.empty() ? "\"" : "|\"") + std::string(d.name) + "\"";
            });
        return choices;
    } else if constexpr (std::is_same_v<T, std::string>) {
        return "\"string\"";
    } else if constexpr (std::is_same_v<T, bool>) {
        return "true|false";
    } else {
        return model_type_name<T>();
    }
}

/// A list of strings, numbers or the like: the shell's words are its values.
template <class T>
concept scalar_list = list_type<T> && !complex_type<typename T::value_type>;

namespace detail {

// Deeper than this, the AWS CLI gives no shorthand example (its _MAX_STACK).
constexpr int deepest_shorthand_example = 3;
struct too_complex {};

/// ParamShorthandDocGen._shorthand_docs for a value `depth` shapes below the option.
template <class T>
std::string shorthand_example(int depth) {
    if (depth > deepest_shorthand_example)
        throw too_complex{};
    if constexpr (structure_type<T>) {
        std::string inner;
        awsml::detail::for_each_member<T>([&](auto d, const auto& rule) {
            inner += (inner.empty() ? "" : ",") + std::string(rule.wire_name) + "=" +
                     shorthand_example<member_type_t<T, decltype(d)>>(depth + 1);
        });
        return depth == 0 ? inner : "{" + inner + "}";
    } else if constexpr (list_type<T>) {
        using element = typename T::value_type;
        const std::string one = shorthand_example<element>(depth + 1);
        if (complex_type<element> || depth > 1)
            return "[" + one + "," + one + "]";
        return one + "," + one;
    } else if constexpr (map_type<T>) {
        using key = typename T::key_type;
        const std::string value = shorthand_example<typename T::mapped_type>(depth + 1);
        std::string pairs = "KeyName1=" + value + ",KeyName2=" + value;
        if constexpr (enumeration_type<key>) {
            if (depth == 0) {
                pairs += "\n\nWhere valid key names are:\n";
                boost::mp11::mp_for_each<
                    boost::describe::describe_enumerators<typename key::known_type>>(
                    [&](auto d) { pairs += "  " + std::string(d.name) + "\n"; });
                return pairs;
            }
        }
        return depth == 0 ? pairs : "{" + pairs + "}";
    } else {
        return model_type_name<T>();
    }
}

/// Text written as the AWS CLI's ReST document style writes a code block: two spaces per level.
class indented_text {
public:
    void write(const std::string& text) { text_ += text; }
    void new_line() { text_ += "\n" + std::string(2 * std::size_t(level_), ' '); }
    void indent() { ++level_; }
    void dedent() { --level_; }
    std::string text() const { return text_; }

private:
    std::string text_;
    int level_ = 0;
};

/// clidocs' _json_example.
template <class T>
void json_example(indented_text& out) {
    if constexpr (list_type<T>) {
        using element = typename T::value_type;
        out.write("[");
        if constexpr (!complex_type<element>) {
            out.write(json_example_value<element>() + ", ...");
        } else {
            out.indent();
            out.new_line();
            json_example<element>(out);
            out.new_line();
            out.write("...");
            out.dedent();
            out.new_line();
        }
        out.write("]");
    } else if constexpr (map_type<T>) {
        using value = typename T::mapped_type;
        out.write("{");
        out.indent();
        out.write(json_example_value<typename T::key_type>() + ": ");
        if constexpr (!complex_type<value>) {
            out.write(json_example_value<value>());
        } else {
            out.indent();
            json_example<value>(out);
            out.dedent();
        }
        out.new_line();
        out.write("...");
        out.dedent();
        out.write("}");
    } else if constexpr (structure_type<T>) {
        out.write("{");
        out.indent();
        out.new_line();
        std::size_t left = 0;
        awsml::detail::for_each_member<T>([&](auto, const auto&) { ++left; });
        awsml::detail::for_each_member<T>([&](auto d, const auto& rule) {
            using member = member_type_t<T, decltype(d)>;
            out.write("\"" + std::string(rule.wire_name) + "\": ");
            if constexpr (complex_type<member>)
                json_example<member>(out);
            else
                out.write(json_example_value<member>());
            if (--left > 0) {
                out.write(",");
                out.new_line();
            }
        });
        out.dedent();
        out.new_line();
        out.write("}");
    }
}

} // namespace detail

/// One example of an option's --help: its heading ("Shorthand Syntax") and its text.
struct syntax_example {
    std::string_view heading;
    std::string text;
};

/// An option's syntax examples as the AWS CLI's help gives them: for a structure, a map or a
/// list of them, "Shorthand Syntax" (unless too deep) and "JSON Syntax"; for a list of scalars,
/// "Syntax"; for a scalar, none.
template <class T>
std::vector<syntax_example> syntax_examples() {
    if constexpr (scalar_list<T>) {
        const std::string one = json_example_value<typename T::value_type>(false);
        return {{"Syntax", one + " " + one + " ..."}};
    } else if constexpr (complex_type<T>) {
        std::vector<syntax_example> out;
        try {
            if constexpr (list_type<T>)
                out.push_back({"Shorthand Syntax",
                               detail::shorthand_example<typename T::value_type>(0) + " ..."});
            else
                out.push_back({"Shorthand Syntax", detail::shorthand_example<T>(0)});
        } catch (const detail::too_complex&) {
        }
        detail::indented_text json;
        detail::json_example<T>(json);
        out.push_back({"JSON Syntax", json.text()});
        return out;
    } else {
        return {};
    }
}

} // namespace awsml::cli
