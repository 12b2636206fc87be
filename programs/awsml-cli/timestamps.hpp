#pragma once

// The profile's cli_timestamp_format, as the AWS CLI (v1) applies it to an answer: "wire" (the
// default) and "none" print timestamps as the service sent them, epoch seconds; "iso8601" prints
// what botocore's parse_timestamp and Python's isoformat() make of them, in the local time zone:
// "2015-06-24T22:16:41.123000+00:00". Which members are timestamps is known from the output's
// shape, so only they change.

#include <awsml/model/shape.hpp>
#include <awsml/model/timestamp.hpp>

#include <boost/json/value.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace awsml::cli {

enum class timestamp_format { wire, iso8601 };

/// The format a cli_timestamp_format value names; throws std::runtime_error with the AWS CLI's
/// message for any other value.
timestamp_format timestamp_format_named(std::string_view value);

/// An epoch-seconds JSON number as the AWS CLI prints it with iso8601: Python's
/// datetime.fromtimestamp(value, tzlocal()).isoformat(), microseconds rounded half to even from
/// the double as Python rounds them. The offset is the C library's for that instant (dateutil's
/// tzlocal uses the zone's current standard and summer offsets, which differ only for dates
/// before a zone changed them). Throws std::runtime_error with Python's message outside years
/// 1 to 9999.
std::string python_isoformat(const boost::json::value& epoch_seconds);

namespace detail {

template <class T>
struct is_vector : std::false_type {};
template <class E, class A>
struct is_vector<std::vector<E, A>> : std::true_type {};

template <class T>
void rewrite_timestamps(boost::json::value& value) {
    if constexpr (awsml::detail::is_optional<T>::value) {
        rewrite_timestamps<typename T::value_type>(value);
    } else if constexpr (std::is_same_v<T, awsml::timestamp>) {
        if (value.is_number())
            value = python_isoformat(value);
    } else if constexpr (awsml::detail::described_shape<T>) {
        if (!value.is_object())
            return;
        auto& object = value.get_object();
        awsml::detail::for_each_member<T>([&](auto d, const auto& rule) {
            using member = std::remove_cvref_t<decltype(std::declval<const T&>().*d.pointer)>;
            if (auto* found = object.if_contains(rule.wire_name))
                rewrite_timestamps<member>(*found);
        });
    } else if constexpr (requires { typename T::mapped_type; }) {
        if (value.is_object())
            for (auto& member : value.get_object())
                rewrite_timestamps<typename T::mapped_type>(member.value());
    } else if constexpr (is_vector<T>::value) {
        if (value.is_array())
            for (auto& element : value.get_array())
                rewrite_timestamps<typename T::value_type>(element);
    }
}

} // namespace detail

/// Rewrites, in `answer` (the JSON of a `Shape`), every timestamp member as `format` prints it.
template <class Shape>
void apply_timestamp_format(boost::json::value& answer, timestamp_format format) {
    if (format == timestamp_format::iso8601)
        detail::rewrite_timestamps<Shape>(answer);
}

} // namespace awsml::cli
