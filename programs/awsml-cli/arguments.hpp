#pragma once

// An operation's input from the command line, read as the AWS CLI reads it. Each member of the
// input shape is an option named after it (cli_name): scalars take one value, booleans are
// --name and --no-name; structures and maps take JSON or the shorthand Key=Value,Key2=Value2;
// lists take several values (each a scalar, a shorthand structure or JSON) or one JSON array.
// --cli-input-json gives members as one JSON object (text, or file://path); options override it.
// Whatever does not parse is a usage_error naming the option, and the position in its value.

#include <awsml-cli/names.hpp>
#include <awsml/model/detail/utf8.hpp>
#include <awsml/model/from_json.hpp>
#include <awsml/model/shape.hpp>
#include <awsml/model/timestamp.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>
#include <boost/json/value.hpp>

#include <charconv>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace awsml::cli {

namespace json = boost::json;

/// A command line that cannot be read; the CLI exits 252 with its message.
struct usage_error {
    std::string message;
};

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

/// The text of --cli-input-json style values: as given, or the file of a file:// URL.
inline std::string text_or_file(const std::string& value, const std::string& option) {
    constexpr std::string_view scheme = "file://";
    if (!value.starts_with(scheme))
        return value;
    std::ifstream in(value.substr(scheme.size()), std::ios::binary);
    if (!in)
        throw usage_error{option + ": cannot read " + value.substr(scheme.size())};
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
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
    } else if constexpr (std::is_integral_v<T> || std::is_floating_point_v<T>) {
        std::conditional_t<std::is_integral_v<T>, std::int64_t, double> value{};
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc{} || end != text.data() + text.size())
            throw fail(std::is_integral_v<T> ? "an integer" : "a number");
        return value;
    } else if constexpr (std::is_same_v<T, awsml::timestamp>) {
        if (auto parsed = awsml::parse_iso8601(text))
            return static_cast<double>(parsed->time_since_epoch().count()) / 1000.0;
        throw fail("an ISO 8601 time");
    } else { // strings and enumerations
        return json::string(text);
    }
}

/// Key=Value,Key2=Value2 (a value may be "double" or 'single' quoted to hold commas): the
/// pairs, or a usage_error at the position that does not parse.
inline std::vector<std::pair<std::string, std::string>> shorthand_pairs(std::string_view text,
                                                                        const std::string& option) {
    std::vector<std::pair<std::string, std::string>> pairs;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t equals = text.find('=', i);
        const std::size_t comma = text.find(',', i);
        if (equals == std::string_view::npos || equals == i || comma < equals)
            throw usage_error{option + ": expected Key=Value at position " + std::to_string(i) +
                              " of \"" + std::string(text) + "\""};
        std::string key(text.substr(i, equals - i));
        i = equals + 1;
        std::string value;
        if (i < text.size() && (text[i] == '"' || text[i] == '\'')) {
            const std::size_t close = text.find(text[i], i + 1);
            if (close == std::string_view::npos)
                throw usage_error{option + ": unterminated quote at position " + std::to_string(i) +
                                  " of \"" + std::string(text) + "\""};
            value = text.substr(i + 1, close - i - 1);
            i = close + 1;
            if (i < text.size() && text[i] != ',')
                throw usage_error{option + ": expected ',' at position " + std::to_string(i) +
                                  " of \"" + std::string(text) + "\""};
        } else {
            const std::size_t end = text.find(',', i);
            value = text.substr(i, end == std::string_view::npos ? text.size() - i : end - i);
            i = end == std::string_view::npos ? text.size() : end;
        }
        if (i < text.size())
            ++i; // the comma
        pairs.emplace_back(std::move(key), std::move(value));
    }
    return pairs;
}

template <class T>
json::value structure_value(std::string_view text, const std::string& option);

/// One value of a member of type T (a list's element, or a non-list member's only value).
template <class T>
json::value single_value(std::string_view text, const std::string& option) {
    if constexpr (structure_type<T> || map_type<T>) {
        if (text.starts_with('{'))
            return parse_json(text, option);
        return structure_value<T>(text, option);
    } else if constexpr (list_type<T>) {
        return parse_json(text, option);
    } else {
        return scalar_value<T>(text, option);
    }
}

template <class T>
json::value structure_value(std::string_view text, const std::string& option) {
    json::object object;
    // Named, not structured bindings: clang 14 cannot capture those in the lambda below.
    for (const auto& pair : shorthand_pairs(text, option)) {
        const std::string& key = pair.first;
        const std::string& value = pair.second;
        if constexpr (map_type<T>) {
            object[key] = scalar_value<typename T::mapped_type>(value, option);
        } else {
            bool known = false;
            std::string expected;
            awsml::detail::for_each_member<T>([&](auto d, const auto& rule) {
                using member = member_type_t<T, decltype(d)>;
                expected += (expected.empty() ? "" : ", ") + std::string(rule.wire_name);
                if (rule.wire_name != key)
                    return;
                known = true;
                if constexpr (structure_type<member> || map_type<member> || list_type<member>)
                    throw usage_error{option + ": " + key +
                                      " is not a scalar; give the whole value as JSON"};
                else
                    object[key] = scalar_value<member>(value, option);
            });
            if (!known)
                throw usage_error{option + ": unknown key \"" + key + "\" (expected one of " +
                                  expected + ")"};
        }
    }
    return object;
}

/// A member's JSON value from the values that followed its option.
template <class T>
json::value member_value(const std::vector<std::string>& values, const std::string& option) {
    if constexpr (list_type<T>) {
        if (values.size() == 1 && values[0].starts_with('['))
            return parse_json(values[0], option);
        json::array array;
        for (const auto& v : values)
            array.push_back(single_value<typename T::value_type>(v, option));
        return array;
    } else {
        if (values.size() != 1)
            throw usage_error{option + ": expected one value, got " +
                              std::to_string(values.size())};
        return single_value<T>(values[0], option);
    }
}

/// The input shape from `args` (the options that are not global), over `base` (the members of
/// --cli-input-json). Members named in `hidden` have no option (the pagination members that
/// --starting-token and --page-size stand for).
template <structure_type Input>
Input parse_input(const std::vector<std::string>& args, json::object base = {},
                  const std::set<std::string_view>& hidden = {}) {
    json::object& doc = base;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (!arg.starts_with("--"))
            throw usage_error{"unexpected argument \"" + arg + "\" at position " +
                              std::to_string(i + 1)};
        const std::string name = arg.substr(2);
        bool found = false;
        awsml::detail::for_each_member<Input>([&](auto d, const auto& rule) {
            using member = member_type_t<Input, decltype(d)>;
            const std::string option = cli_name(rule.wire_name);
            if (found || hidden.count(rule.wire_name) != 0)
                return;
            if constexpr (std::is_same_v<member, bool>) {
                if (name == option || name == "no-" + option) {
                    found = true;
                    doc[rule.wire_name] = name == option;
                }
            } else if (name == option) {
                found = true;
                std::vector<std::string> values;
                while (i + 1 < args.size() && !args[i + 1].starts_with("--")) {
                    values.push_back(args[++i]);
                    // Named here, where the byte is the argument's own, not the request's.
                    if (const auto bad = awsml::detail::invalid_utf8_offset(values.back());
                        bad != std::string_view::npos)
                        throw usage_error{arg + ": invalid UTF-8 at byte " + std::to_string(bad)};
                }
                if (values.empty())
                    throw usage_error{arg + ": expected a value"};
                doc[rule.wire_name] = member_value<member>(values, arg);
            }
        });
        if (!found)
            throw usage_error{"unknown option: " + arg};
    }
    std::string missing;
    awsml::detail::for_each_member<Input>([&](auto, const auto& rule) {
        if (awsml::detail::has_constraint<awsml::required_constraint>(rule) &&
            !doc.contains(rule.wire_name))
            missing += (missing.empty() ? "--" : ", --") + cli_name(rule.wire_name);
    });
    if (!missing.empty())
        throw usage_error{"the following arguments are required: " + missing};
    const std::string text = json::serialize(doc);
    auto decoded = awsml::try_from_json<Input>(text);
    if (!decoded) {
        // $.Tags[0].Key: the option is the first member of the path.
        std::string_view path = decoded.error().path;
        if (path.starts_with("$."))
            path.remove_prefix(2);
        const std::string member(path.substr(0, path.find_first_of(".[")));
        throw usage_error{"--" + cli_name(member) + ": " + decoded.error().reason + " (at " +
                          decoded.error().path + ")"};
    }
    return std::move(*decoded);
}

/// One option of a shape's --help: the member it sets and how it is written.
struct option_synopsis {
    std::string_view member; // wire name, e.g. "MLModelId"
    std::string syntax;      // e.g. "--ml-model-id <value>", "--verbose | --no-verbose"
    bool required = false;
};

/// The options of a shape's --help, in the order of its members; those in `hidden` left out.
template <structure_type Input>
std::vector<option_synopsis> options_of(const std::set<std::string_view>& hidden = {}) {
    std::vector<option_synopsis> out;
    awsml::detail::for_each_member<Input>([&](auto d, const auto& rule) {
        using member = member_type_t<Input, decltype(d)>;
        if (hidden.count(rule.wire_name) != 0)
            return;
        const std::string option = cli_name(rule.wire_name);
        std::string syntax = "--" + option;
        if constexpr (std::is_same_v<member, bool>)
            syntax += " | --no-" + option;
        else if constexpr (structure_type<member> || map_type<member>)
            syntax += " <JSON or Key=Value,...>";
        else if constexpr (list_type<member>)
            syntax += " <value> [<value> ...]";
        else
            syntax += " <value>";
        out.push_back({rule.wire_name, std::move(syntax),
                       awsml::detail::has_constraint<awsml::required_constraint>(rule)});
    });
    return out;
}

} // namespace awsml::cli
