#pragma once

// An operation's input from the command line, read as the AWS CLI reads it. Each member of the
// input shape is an option named after it (cli_name): scalars take one value, booleans are
// --name and --no-name; structures and maps take JSON or the shorthand (shorthand.hpp); lists
// take several values (each a scalar, a shorthand structure or JSON) or one JSON array.
// --cli-input-json gives members as one JSON object (text, or file://path); options override it.
// Whatever does not parse is a usage_error naming the option, and the position in its value;
// what botocore's own validation refuses (unknown or missing members) is a parameter_error.

#include <awsml-cli/names.hpp>
#include <awsml-cli/option_names.hpp>
#include <awsml-cli/parameter_file.hpp>
#include <awsml-cli/python_json.hpp>
#include <awsml-cli/shorthand.hpp>
#include <awsml-cli/unicode_text.hpp>
#include <awsml-cli/usage_error.hpp>
#include <awsml/model/detail/utf8.hpp>
#include <awsml/model/from_json.hpp>
#include <awsml/model/shape.hpp>
#include <awsml/model/timestamp.hpp>
#include <awsml/model/validate.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

namespace awsml::cli {

namespace json = boost::json;

template <class T>
struct unwrapped {
    using type = T;
};
template <class T>
struct unwrapped<std::optional<T>> {
    using type = T;
};
template <class T>
using unwrapped_t = typename unwrapped<T>::type;

template <class T>
concept map_type = requires {
    typename T::mapped_type;
};
template <class T>
concept list_type = requires {
    typename T::value_type;
}
&&!std::is_same_v<T, std::string> && !map_type<T>;
template <class T>
concept structure_type = awsml::detail::described_shape<T>;
template <class T>
concept complex_type = structure_type<T> || map_type<T> || list_type<T>;
template <class T>
concept enumeration_type = requires {
    typename T::known_type;
};

/// The type of member `d` of Shape, without std::optional.
template <class Shape, class Descriptor>
using member_type_t =
    unwrapped_t<std::remove_cvref_t<decltype(std::declval<const Shape&>().*Descriptor::pointer)>>;

/// A JSON value from `text`, or a usage_error at the offset where it stops being JSON.
inline json::value parse_json(std::string_view text, const std::string& option) {
    json::stream_parser parser;
    std::error_code ec;
    const std::size_t used = parser.write(text.data(), text.size(), ec);
    if (!ec)
        parser.finish(ec);
    if (ec)
        throw usage_error{option + ": invalid JSON at position " + std::to_string(used) + ": " +
                          ec.message()};
    return parser.release();
}

template <class T>
json::value scalar_value(std::string_view text, const std::string& option) {
    const auto fail = [&](std::string_view expected) {
        return usage_error{option + ": expected " + std::string(expected) + ", got \"" +
                           std::string(text) + "\""};
    };
    if constexpr (std::is_same_v<T, bool>) {
        if (text == "true" || text == "false")
            return text == "true";
        throw fail("true or false");
    } else if constexpr (std::is_integral_v<T>) {
        // As the AWS CLI reads it, with Python's int(): " +5", "1_000".
        const json::value number = python_number(text);
        if (!number.is_int64())
            throw fail("an integer");
        return number;
    } else if constexpr (std::is_floating_point_v<T>) {
        const json::value number = python_number(text); // Python's float(): " +0.5"
        if (!number.is_number() || !std::isfinite(number.to_number<double>()))
            throw fail("a number");
        return number.to_number<double>();
    } else if constexpr (std::is_same_v<T, awsml::timestamp>) {
        if (auto parsed = awsml::parse_iso8601(text))
            return static_cast<double>(parsed->time_since_epoch().count()) / 1000.0;
        throw fail("an ISO 8601 time");
    } else { // strings and enumerations
        return json::string(text);
    }
}

/// What botocore's BackCompatVisitor makes of shorthand for a member of type T: the shorthand
/// holds only text, lists and objects, so a number or a boolean is read from its text, and a
/// list's single value becomes a list of one. What does not fit T is left for the decoder,
/// which names its path.
template <class T>
void coerce_shorthand(json::value& value, const std::string& option) {
    if constexpr (structure_type<T>) {
        if (json::object* object = value.if_object())
            awsml::detail::for_each_member<T>([&](auto d, const auto& rule) {
                if (json::value* member = object->if_contains(rule.wire_name))
                    coerce_shorthand<member_type_t<T, decltype(d)>>(*member, option);
            });
    } else if constexpr (list_type<T>) {
        if (json::array* array = value.if_array()) {
            for (json::value& element : *array)
                coerce_shorthand<typename T::value_type>(element, option);
        } else if (!value.is_null()) {
            value = json::array{value}; // as botocore: its element is not read again
        }
    } else if constexpr (map_type<T>) {
        if (json::object* object = value.if_object())
            for (auto& item : *object)
                coerce_shorthand<typename T::mapped_type>(item.value(), option);
    } else if constexpr (std::is_same_v<T, bool>) {
        if (const json::string* text = value.if_string()) {
            std::string lower(text->c_str(), text->size());
            std::transform(lower.begin(), lower.end(), lower.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (lower == "true" || lower == "false")
                value = lower == "true";
        }
    } else {
        if (const json::string* text = value.if_string())
            value = scalar_value<T>(std::string_view(*text), option);
    }
}

/// One value of a member of type T that is not a list: a structure's or a map's is JSON when it
/// looks like JSON, else shorthand; a scalar's is its text.
template <class T>
json::value single_value(const std::string& text, const std::string& option) {
    if constexpr (structure_type<T> || map_type<T>) {
        if (looks_like_json(text))
            return parse_json(text, option);
        json::value value = parse_shorthand(text, option);
        coerce_shorthand<T>(value, option);
        return value;
    } else if constexpr (list_type<T>) {
        return parse_json(text, option);
    } else {
        return scalar_value<T>(text, option);
    }
}

/// A member's JSON value from the values that followed its option, as botocore's argprocess
/// reads them: a list takes one JSON array, or values that are all JSON or all shorthand as the
/// first one is; a structure or a map takes JSON or shorthand; a scalar its text.
template <class T>
json::value member_value(const std::vector<std::string>& values, const std::string& option) {
    if constexpr (list_type<T>) {
        using element = typename T::value_type;
        if (values.size() == 1 && python_lstrip(values[0]).starts_with('['))
            return parse_json(values[0], option);
        json::array array;
        if (values.empty()) // `--tags` alone: an empty list
            return array;
        if constexpr (structure_type<element> || map_type<element>) {
            const bool json_values = looks_like_json(values[0]);
            for (const auto& v : values)
                array.push_back(json_values ? parse_json(v, option) : parse_shorthand(v, option));
            json::value value = std::move(array);
            if (!json_values)
                coerce_shorthand<T>(value, option);
            return value;
        } else {
            for (const auto& v : values)
                array.push_back(single_value<element>(v, option));
            return array;
        }
    } else {
        return single_value<T>(values.at(0), option); // read_options gave it one
    }
}

/// botocore's range checks of one member's value (`constraints`: its rule's, `M`: its type), in
/// its words: a string or list shorter than its minimum ("Invalid length for parameter
/// MLModelId, value: 0, valid min length: 1"), a number below its minimum ("Invalid value for
/// parameter Limit, value: 0, valid min value: 1"), and so for each element, key and value. As
/// botocore, a value of the wrong type is not measured (the decoder names it), and nothing else
/// is checked (maximums, patterns and enumerations are the service's, and validate()'s).
class botocore_range_checks {
public:
    explicit botocore_range_checks(std::vector<std::string>& problems)
        : problems_(&problems) {}

    template <class M, class... C>
    void check(const json::value& value, const std::tuple<C...>& constraints,
               const std::string& name) const {
        std::apply([&](const auto&... c) { (one<M>(value, c, name), ...); }, constraints);
    }

private:
    template <class M, class... C>
    void one(const json::value& value, const awsml::constraint_set<C...>& set,
             const std::string& name) const {
        check<M>(value, set.items, name);
    }
    template <class M>
    void one(const json::value& value, awsml::min_length c, const std::string& name) const {
        std::optional<std::size_t> length;
        if constexpr (list_type<M>) {
            if (const json::array* array = value.if_array())
                length = array->size();
        } else if (const json::string* text = value.if_string()) {
            length = awsml::detail::code_points(*text);
        }
        if (length && *length < c.value)
            problems_->push_back("Invalid length for parameter " + name +
                                 ", value: " + std::to_string(*length) +
                                 ", valid min length: " + std::to_string(c.value));
    }
    template <class M>
    void one(const json::value& value, awsml::min_value c, const std::string& name) const {
        const bool typed = std::is_integral_v<M> ? value.is_int64() || value.is_uint64()
                                                 : std::is_floating_point_v<M> && value.is_number();
        if (typed && value.to_number<double>() < c.value)
            problems_->push_back("Invalid value for parameter " + name +
                                 ", value: " + python_str(value) +
                                 ", valid min value: " + python_str(model_number(c.value)));
    }
    template <class M, class Set>
    void one(const json::value& value, const awsml::each_element<Set>& c,
             const std::string& name) const {
        if constexpr (list_type<M>)
            if (const json::array* array = value.if_array())
                for (std::size_t i = 0; i < array->size(); ++i)
                    check<typename M::value_type>((*array)[i], c.set.items,
                                                  name + "[" + std::to_string(i) + "]");
    }
    template <class M, class Set>
    void one(const json::value& value, const awsml::each_map_key<Set>& c,
             const std::string& name) const {
        if (const json::object* object = value.if_object())
            for (const auto& item : *object)
                check<std::string>(json::value(item.key()), c.set.items,
                                   name + " (key: " + std::string(item.key()) + ")");
    }
    template <class M, class Set>
    void one(const json::value& value, const awsml::each_map_value<Set>& c,
             const std::string& name) const {
        if constexpr (map_type<M>)
            if (const json::object* object = value.if_object())
                for (const auto& item : *object)
                    check<typename M::mapped_type>(item.value(), c.set.items,
                                                   name + "." + std::string(item.key()));
    }
    template <class M, class C>
    void one(const json::value&, const C&, const std::string&) const {}

    /// A bound as the model writes it: 1, not 1.0.
    static json::value model_number(double bound) {
        if (std::trunc(bound) == bound && std::abs(bound) < 9e15)
            return static_cast<std::int64_t>(bound);
        return bound;
    }

    std::vector<std::string>* problems_;
};

/// Each member that T does not have, anywhere in `value`, and each required one that is missing,
/// in botocore's order and words: at each structure its missing members, then its unknown ones,
/// then what its known members hold ("Missing required parameter in RDSData: ...", "Unknown
/// parameter in DataSpec: ..."), each member's range checked first (botocore_range_checks). The
/// decoder would skip an unknown member, and a misspelt one would silently not be sent; a
/// missing one would be sent empty (a list's []). Values of the wrong type are left to the
/// decoder, which names them (in its words, not botocore's).
template <class T>
void member_name_problems(const json::value& value, const std::string& where,
                          std::vector<std::string>& problems) {
    if constexpr (structure_type<T>) {
        const json::object* object = value.if_object();
        if (object == nullptr)
            return;
        std::string names;
        awsml::detail::for_each_member<T>([&](auto, const auto& rule) {
            names += (names.empty() ? "" : ", ") + std::string(rule.wire_name);
            if (awsml::detail::has_constraint<awsml::required_constraint>(rule) &&
                !object->contains(rule.wire_name))
                problems.push_back("Missing required parameter in " + where + ": \"" +
                                   std::string(rule.wire_name) + "\"");
        });
        const auto is_member = [](std::string_view key) {
            bool known = false;
            awsml::detail::for_each_member<T>(
                [&](auto, const auto& rule) { known = known || rule.wire_name == key; });
            return known;
        };
        for (const auto& item : *object)
            if (!is_member(item.key()))
                problems.push_back("Unknown parameter in " + where + ": \"" +
                                   std::string(item.key()) + "\", must be one of: " + names);
        for (const auto& item : *object) {
            // Named, not structured bindings: clang 14 cannot capture those in the lambda below.
            const std::string_view key = item.key();
            const json::value& member_value = item.value();
            awsml::detail::for_each_member<T>([&](auto d, const auto& rule) {
                if (rule.wire_name != key)
                    return;
                const std::string inner =
                    where == "input" ? std::string(key) : where + "." + std::string(key);
                using member = member_type_t<T, decltype(d)>;
                botocore_range_checks(problems).check<member>(member_value, rule.constraints,
                                                              inner);
                member_name_problems<member>(member_value, inner, problems);
            });
        }
    } else if constexpr (list_type<T>) {
        if (const json::array* array = value.if_array())
            for (std::size_t i = 0; i < array->size(); ++i)
                member_name_problems<typename T::value_type>(
                    (*array)[i], where + "[" + std::to_string(i) + "]", problems);
    } else if constexpr (map_type<T>) {
        if (const json::object* object = value.if_object())
            for (const auto& [key, item] : *object)
                member_name_problems<typename T::mapped_type>(item, where + "." + std::string(key),
                                                              problems);
    }
}

/// member_name_problems, all of them in one parameter_error.
template <class T>
void check_member_names(const json::value& value, const std::string& where) {
    std::vector<std::string> problems;
    member_name_problems<T>(value, where, problems);
    if (problems.empty())
        return;
    std::string message;
    for (const auto& problem : problems)
        message += (message.empty() ? "" : "\n") + problem;
    throw parameter_error{std::move(message)};
}

/// Reads `args` as options of Input's members (those in `hidden` excepted) and calls
/// `take(descriptor, rule, option, values)` for each: a boolean's option (--name or --no-name)
/// has no values, a list's zero or more, any other exactly one. An unknown option, a word that
/// no option takes, a missing value or one that is not UTF-8 is a usage_error.
template <structure_type Input, class Take>
void read_options(const std::vector<std::string>& args, const std::set<std::string_view>& hidden,
                  Take take) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (is_bound_value(arg)) // its option (a boolean's) took no value
            throw ignored_explicit_argument(i > 0 ? args[i - 1] : "an option", arg);
        if (!arg.starts_with("--"))
            throw usage_error{"unexpected argument \"" + arg + "\" at position " +
                              std::to_string(i + 1)};
        bool found = false;
        awsml::detail::for_each_member<Input>([&](auto d, const auto& rule) {
            using member = member_type_t<Input, decltype(d)>;
            const std::string option = "--" + cli_name(rule.wire_name);
            if (found || hidden.count(rule.wire_name) != 0)
                return;
            std::vector<std::string> values;
            if constexpr (std::is_same_v<member, bool>) {
                found = arg == option || arg == "--no-" + cli_name(rule.wire_name);
            } else if (arg == option) {
                found = true;
                // --name=value: that value only, as argparse reads it.
                const bool bound = i + 1 < args.size() && is_bound_value(args[i + 1]);
                while (i + 1 < args.size() &&
                       (bound ? values.empty()
                              : !is_bound_value(args[i + 1]) && !args[i + 1].starts_with("--"))) {
                    values.push_back(as_written(args[++i]));
                    // Named here, where the byte is the argument's own, not the request's.
                    if (const auto bad = awsml::detail::invalid_utf8_offset(values.back());
                        bad != std::string_view::npos)
                        throw usage_error{arg + ": invalid UTF-8 at byte " + std::to_string(bad)};
                }
                // A list may be empty, as argparse's nargs='*' for the AWS CLI's lists.
                if (values.empty() && !list_type<member>)
                    throw usage_error{arg + ": expected a value"};
                if (!list_type<member> && values.size() != 1)
                    throw usage_error{arg + ": expected one value, got " +
                                      std::to_string(values.size())};
            }
            if (found)
                take(d, rule, arg, values);
        });
        if (!found)
            throw usage_error{"unknown option: " + arg};
    }
}

/// Whether the word `help` stands where no option of Input takes it: argparse's positional
/// `help`, which the AWS CLI gives each command (`get-ml-model --ml-model-id m help`). As an
/// option's value (`--ml-model-id help`) it is that value. `args`: the options that are not global.
template <structure_type Input>
bool asks_for_help(const std::vector<std::string>& args) {
    constexpr std::size_t all = std::size_t(-1);
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "help")
            return true;
        std::size_t takes = 0; // an unknown option takes none, as argparse's parse_known_args
        awsml::detail::for_each_member<Input>([&](auto d, const auto& rule) {
            using member = member_type_t<Input, decltype(d)>;
            if (!std::is_same_v<member, bool> && args[i] == "--" + cli_name(rule.wire_name))
                takes = list_type<member> ? all : 1;
        });
        for (; takes > 0 && i + 1 < args.size(); --takes) {
            const bool bound = is_bound_value(args[i + 1]);
            if (!bound && args[i + 1].starts_with("--"))
                break;
            ++i;
            if (bound)
                break;
        }
    }
    return false;
}

/// The parameters as the AWS CLI orders them, which orders botocore's validation errors: the
/// options given, in the order of the shape's members, then the members of --cli-input-json
/// that no option gave, in its order.
template <structure_type Input>
json::object in_aws_cli_order(json::object options, std::optional<json::object> cli_input) {
    json::object doc;
    awsml::detail::for_each_member<Input>([&](auto, const auto& rule) {
        if (json::value* value = options.if_contains(rule.wire_name))
            doc[rule.wire_name] = std::move(*value);
    });
    if (cli_input)
        for (auto& item : *cli_input)
            if (!doc.contains(item.key()))
                doc[item.key()] = std::move(item.value());
    return doc;
}

/// The input shape from `args` (the options that are not global), over `cli_input` (the members
/// of --cli-input-json, when given). Members named in `hidden` have no option (the pagination
/// members that --starting-token and --page-size stand for).
template <structure_type Input>
Input parse_input(const std::vector<std::string>& args,
                  std::optional<json::object> cli_input = std::nullopt,
                  const std::set<std::string_view>& hidden = {}) {
    json::object options;
    read_options<Input>(
        args, hidden,
        [&](auto d, const auto& rule, const std::string& option, std::vector<std::string>& values) {
            using member = member_type_t<Input, decltype(d)>;
            if constexpr (std::is_same_v<member, bool>) {
                options[rule.wire_name] = option == "--" + cli_name(rule.wire_name);
            } else {
                // As the AWS CLI: a file is read for an option's only value, not a list's.
                if (values.size() == 1 && values[0].starts_with("file")) {
                    values[0] = text_or_file(values[0], option);
                    // The AWS CLI reads a list's file that is not a JSON array as text, not
                    // as values (--tag-keys file://k: "abc" is ["a","b","c"]): refused.
                    if (list_type<member> && !python_lstrip(values[0]).starts_with('['))
                        throw usage_error{option + ": a list read from a file must be a JSON "
                                                   "array"};
                }
                options[rule.wire_name] = member_value<member>(values, option);
            }
        });
    json::object doc = in_aws_cli_order<Input>(std::move(options), std::move(cli_input));
    std::string missing;
    awsml::detail::for_each_member<Input>([&](auto, const auto& rule) {
        if (awsml::detail::has_constraint<awsml::required_constraint>(rule) &&
            !doc.contains(rule.wire_name))
            missing += (missing.empty() ? "--" : ", --") + cli_name(rule.wire_name);
    });
    // With --cli-input-json, as the AWS CLI, no option is required: botocore's validation names
    // what is missing (check_member_names).
    if (!missing.empty() && !cli_input)
        throw usage_error{"the following arguments are required: " + missing};
    check_member_names<Input>(doc, "input");
    const std::string text = json::serialize(doc);
    auto decoded = awsml::try_from_json<Input>(text);
    if (!decoded) {
        const auto failure = decoded.error(); // a copy: error() returns by value
        // $.Tags[0].Key: the option is the first member of the path.
        std::string_view path = failure.path;
        if (path.starts_with("$."))
            path.remove_prefix(2);
        const std::string member(path.substr(0, path.find_first_of(".[")));
        throw usage_error{"--" + cli_name(member) + ": " + failure.reason + " (at " + failure.path +
                          ")"};
    }
    return std::move(*decoded);
}

/// The options of Input's members, in their order: --name, and --no-name after a boolean's.
template <structure_type Input>
std::vector<std::string> option_names_of() {
    std::vector<std::string> names;
    awsml::detail::for_each_member<Input>([&](auto d, const auto& rule) {
        names.push_back("--" + cli_name(rule.wire_name));
        if constexpr (std::is_same_v<member_type_t<Input, decltype(d)>, bool>)
            names.push_back("--no-" + cli_name(rule.wire_name));
    });
    return names;
}

/// Refuses an option that Input has none of, or a word no option takes, before anything is
/// read (as argparse does for --generate-cli-skeleton, which then reads no value).
template <structure_type Input>
void check_options(const std::vector<std::string>& args) {
    read_options<Input>(args, {}, [](auto&&...) {});
}

/// Whether `args` set Input's member `pointer` by its option (--cli-input-json is not looked at).
template <structure_type Input, class Pointer>
bool sets_member(const std::vector<std::string>& args, Pointer pointer) {
    bool named = false;
    awsml::detail::for_each_member<Input>([&](auto d, const auto& rule) {
        if constexpr (std::is_same_v<std::remove_const_t<decltype(decltype(d)::pointer)>, Pointer>)
            if (decltype(d)::pointer == pointer)
                named = std::find(args.begin(), args.end(), "--" + cli_name(rule.wire_name)) !=
                        args.end();
    });
    return named;
}

} // namespace awsml::cli
