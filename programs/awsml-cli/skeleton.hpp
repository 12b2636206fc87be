#pragma once

// What --generate-cli-skeleton prints, as the AWS CLI builds it (botocore's ArgumentGenerator):
// for `input`, the operation's parameters with empty values, ready for --cli-input-json; for
// `output`, a sample answer whose strings are their members' names, printed as an answer is.

#include <awsml-cli/arguments.hpp>
#include <awsml/model/blob.hpp>
#include <awsml/model/timestamp.hpp>

#include <boost/describe/enumerators.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include <string_view>
#include <type_traits>

namespace awsml::cli {

enum class skeleton_kind { input, output };

/// How a skeleton's values are written.
struct skeleton_style {
    /// Strings hold their member's name (the output's sample), else "" (the input's blanks).
    bool member_names = false;
    /// A timestamp, as Python prints datetime(1970, 1, 1): isoformat() in JSON, str() in text
    /// and tables.
    std::string_view timestamp = "1970-01-01T00:00:00";
};

/// The skeleton of a value of type T, member `name` of its structure. A list's strings would
/// take the name of the list's member shape, which the description does not keep; no output
/// of this service has such a list. A map's values have no name, as in botocore.
template <class T>
json::value skeleton(const skeleton_style& style, std::string_view name = {}) {
    if constexpr (structure_type<T>) {
        json::object object;
        awsml::detail::for_each_member<T>([&](auto d, const auto& rule) {
            object[rule.wire_name] = skeleton<member_type_t<T, decltype(d)>>(style, rule.wire_name);
        });
        return object;
    } else if constexpr (map_type<T>) {
        return json::object{{"KeyName", skeleton<typename T::mapped_type>(style)}};
    } else if constexpr (list_type<T>) {
        return json::array{skeleton<typename T::value_type>(style)};
    } else if constexpr (std::is_same_v<T, bool>) {
        return true;
    } else if constexpr (std::is_floating_point_v<T>) {
        return 0.0;
    } else if constexpr (std::is_arithmetic_v<T>) {
        return 0;
    } else if constexpr (std::is_same_v<T, awsml::timestamp>) {
        return json::string(style.timestamp);
    } else if constexpr (std::is_same_v<T, awsml::blob>) {
        return nullptr; // botocore's generator has no case for blobs: None
    } else if constexpr (enumeration_type<T>) {
        if (style.member_names)
            return json::string(name);
        // The AWS CLI picks one of the values at random; the first is as valid, and the same
        // every time.
        using first =
            boost::mp11::mp_front<boost::describe::describe_enumerators<typename T::known_type>>;
        return json::string(first::name);
    } else {
        return json::string(style.member_names ? name : std::string_view());
    }
}

} // namespace awsml::cli
