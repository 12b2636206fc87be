#pragma once

/// \file
/// How a shape (a structure of the service model) is described, once. Each member is one line
/// holding its C++ type, C++ name, wire name and the model's constraints:
///
///     AWSML_SHAPE(realtime_endpoint_info,
///         (std::optional<std::int32_t>, peak_requests_per_second, "PeakRequestsPerSecond"),
///         (std::optional<std::string>, endpoint_url, "EndpointUrl", max_length(2048)))
///
/// defines the struct (every member value-initialised, so designated initializers may leave any
/// out) and its description: the member list (pointer and C++ name of each, in the form of
/// Boost.Describe's descriptors) plus the wire names and constraints.
/// From that, templates derive JSON decoding, encoding, validation, equality and printing.
/// AWSML_DESCRIBE_SHAPE(type, (member, "Wire", constraints...)...) describes an existing struct.
/// Both go at namespace scope, in the shape's namespace (like BOOST_DESCRIBE_STRUCT); a type
/// with a top-level comma needs an alias. A shape has 0 to 64 members. The member list and the
/// rules are templates of the shape, built only in a translation unit that reads, writes,
/// checks, compares or prints it; what is checked where the shape is described (each member's
/// wire name; for AWSML_DESCRIBE_SHAPE, that each member exists) is checked at once.

#include <awsml/core/fixed_string.hpp>
#include <awsml/model/detail/for_each_macro.hpp>

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <limits>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace awsml {

// The model's constraints, as values usable in AWSML_SHAPE (no braces: they are macro arguments).
// validate() checks them on requests before anything is sent; each broken one is a violation.

/// The type of `required`.
struct required_constraint {};
/// The member must be set: an optional engaged, a string or enum not empty.
inline constexpr required_constraint required{};

/// At least `value` characters (Unicode code points) in a string, or elements in a list or map.
struct min_length {
    std::size_t value; ///< the smallest length allowed
    /// `min_length(1)`.
    constexpr explicit min_length(std::size_t v)
        : value(v) {}
};
/// At most `value` characters (Unicode code points) in a string, or elements in a list or map.
struct max_length {
    std::size_t value; ///< the largest length allowed
    /// `max_length(2048)`.
    constexpr explicit max_length(std::size_t v)
        : value(v) {}
};
/// A non-empty string must match `regex` as a whole. The subset the service models use: literals,
/// `.`, `\d \w \s` and their negations, `\p{L} \p{N} \p{Z}`, classes, groups, `|`, `^`, `$`,
/// `*`, `+`, `?`; a malformed pattern matches nothing.
struct pattern {
    std::string_view regex; ///< the model's regular expression, as written there
    /// `pattern("[a-zA-Z0-9_.-]+")`; the text must outlive the constraint (a literal does).
    constexpr explicit pattern(std::string_view r)
        : regex(r) {}
};
/// A number must be at least `value`.
struct min_value {
    double value; ///< the smallest value allowed
    /// `min_value(1)`.
    constexpr explicit min_value(double v)
        : value(v) {}
};
/// A number must be at most `value`.
struct max_value {
    double value; ///< the largest value allowed
    /// `max_value(100)`.
    constexpr explicit max_value(double v)
        : value(v) {}
};

/// A named group of constraints, for a model shape that several members share (EntityId).
template <class... Constraints>
struct constraint_set {
    std::tuple<Constraints...> items; ///< the constraints, each applied as if written on the member
    /// `constraint_set{min_length(1), max_length(64), pattern("[a-zA-Z0-9_.-]+")}`.
    constexpr explicit constraint_set(Constraints... c)
        : items(c...) {}
};

/// A secret (a database password): sent, but never printed; a violation does not quote it.
struct sensitive_constraint {};
/// Marks a member as a secret: printing the shape shows "<redacted>", and redact_sensitive()
/// blanks it.
inline constexpr sensitive_constraint sensitive{};

/// Constraints on each element of a list, each key or each value of a map (the model's
/// `member`, `key` and `value` shapes).
template <class Set>
struct each_element {
    Set set; ///< a constraint_set each element must meet
};
/// What each_key() makes: constraints on each key of a map member.
template <class Set>
struct each_map_key {
    Set set; ///< a constraint_set each key must meet
};
/// What each_value() makes: constraints on each value of a map member.
template <class Set>
struct each_map_value {
    Set set; ///< a constraint_set each value must meet
};
/// Applies `set` to each element of a list member: `each(constraints::tag_key)`.
template <class Set>
constexpr each_element<Set> each(Set set) {
    return {set};
}
/// Applies `set` to each key of a map member: `each_key(constraints::label)`.
template <class Set>
constexpr each_map_key<Set> each_key(Set set) {
    return {set};
}
/// Applies `set` to each value of a map member: `each_value(constraints::details_value)`.
template <class Set>
constexpr each_map_value<Set> each_value(Set set) {
    return {set};
}

namespace detail {
/// Stands where a member's wire name is missing, so that the description fails to compile with a
/// message saying so.
struct missing_wire_name {};
} // namespace detail

/// One member's description: its wire name and constraints.
template <class... Constraints>
struct member_rule {
    static_assert(!(std::is_same_v<Constraints, detail::missing_wire_name> || ...),
                  "AWSML_SHAPE: every member needs its wire name after its C++ name, e.g. "
                  "(std::string, ml_model_id, \"MLModelId\")");
    std::string_view wire_name;             ///< the member's name in JSON, e.g. "MLModelId"
    std::tuple<Constraints...> constraints; ///< as written after the wire name
    /// What AWSML_SHAPE makes of `(type, member, "WireName", constraints...)`.
    constexpr member_rule(std::string_view name, Constraints... c)
        : wire_name(name)
        , constraints(c...) {}
    /// A member written without its wire name: fails to compile, saying so (the static_assert).
    constexpr member_rule()
        : wire_name() {}
    /// A member whose wire name is not a string: fails to compile, saying so.
    template <class First>
    requires(!std::is_convertible_v<First, std::string_view>) constexpr explicit member_rule(
        First, Constraints...)
        : wire_name() {}
};
/// The constraints' types come from the description line.
template <class... Constraints>
member_rule(std::string_view, Constraints...) -> member_rule<Constraints...>;
/// No wire name: the static_assert of member_rule reports it.
member_rule()->member_rule<detail::missing_wire_name>;
/// A wire name that is not a string: the static_assert of member_rule reports it.
template <class First, class... Constraints>
requires(!std::is_convertible_v<First, std::string_view>) member_rule(First, Constraints...)
->member_rule<detail::missing_wire_name>;

/// A shape's own wire name, where the protocol needs one: an error's code ("__type"). Given once,
/// beside the shape: template <> inline constexpr std::string_view
/// shape_wire_name<resource_not_found_exception> = "ResourceNotFoundException";
template <class Shape>
inline constexpr std::string_view shape_wire_name{};

namespace detail {

/// A shape described with AWSML_SHAPE or AWSML_DESCRIBE_SHAPE. The test names the marker the
/// macros declare rather than the member rules, which it would have to build for every shape a
/// check names.
template <class T>
concept described_shape = requires(const T* p) {
    awsml_described_shape(p);
};

/// A shape that has its own wire name (an error shape).
template <class T>
concept named_shape = described_shape<T> && !shape_wire_name<T>.empty();

/// One member of a shape, as Boost.Describe describes a member: `pointer` to it and its C++
/// `name`.
template <auto Pointer, fixed_string Name>
struct member_descriptor {
    static constexpr auto pointer = Pointer;       ///< e.g. &get_ml_model_input::ml_model_id
    static constexpr const char* name = Name.text; ///< e.g. "ml_model_id"
};

/// T's members in declaration order: an mp_list of member_descriptor.
template <class T>
using shape_members = decltype(awsml_shape_members(static_cast<const T*>(nullptr)));

template <class T>
inline constexpr auto shape_rules = awsml_member_rules(static_cast<const T*>(nullptr));

/// Calls f(descriptor, rule) for each member of T, in declaration order.
template <class T, class F>
constexpr void for_each_member(F&& f) {
    using members = shape_members<T>;
    static_assert(boost::mp11::mp_size<members>::value ==
                  std::tuple_size_v<decltype(shape_rules<T>)>);
    boost::mp11::mp_for_each<boost::mp11::mp_iota<boost::mp11::mp_size<members>>>([&](auto index) {
        f(boost::mp11::mp_at_c<members, decltype(index)::value>{}, std::get<index>(shape_rules<T>));
    });
}

/// member_rule<> for a wire name written as a string; member_rule<missing_wire_name>, whose
/// static_assert says what is wrong, for anything else. AWSML_SHAPE checks every member's wire
/// name with it where the shape is described, without building the shape's rules.
template <class WireName>
using wire_name_check = std::conditional_t<std::is_convertible_v<WireName, std::string_view>,
                                           member_rule<>, member_rule<missing_wire_name>>;

/// A shape's member rules as a tuple. The call names Shape so that it depends on the template
/// parameter of awsml_member_rules: the tuple is then built only for the shapes a translation
/// unit reads, writes or checks, not for every shape it merely declares.
template <class Shape, class... Rules>
constexpr std::tuple<Rules...> rules_of(Rules... rules) {
    return {rules...};
}

template <class MemberPointer>
struct member_class;
template <class Member, class Class>
struct member_class<Member Class::*> {
    using type = Class;
};

/// The wire name of the member `Member` points to: wire_name_of<&predict_input::predict_endpoint>()
/// is "PredictEndpoint", as its shape describes it.
template <auto Member>
constexpr std::string_view wire_name_of() {
    std::string_view name;
    for_each_member<typename member_class<decltype(Member)>::type>([&](auto d, const auto& rule) {
        if constexpr (std::is_same_v<std::remove_cv_t<decltype(d.pointer)>, decltype(Member)>)
            if (d.pointer == Member)
                name = rule.wire_name;
    });
    return name;
}

template <class Constraint, class Rule>
constexpr bool has_constraint(const Rule& rule) {
    return std::apply(
        [](const auto&... c) {
            return (std::is_same_v<std::remove_cvref_t<decltype(c)>, Constraint> || ...);
        },
        rule.constraints);
}

} // namespace detail
} // namespace awsml

// The description's per-member steps. A member is a tuple: (C++ type, name, "Wire",
// constraints...) in AWSML_SHAPE, the TYPED_ steps; (name, "Wire", constraints...) in
// AWSML_DESCRIBE_SHAPE, the UNTYPED_ steps. Tuples are taken apart by applying a macro to them,
// not with BOOST_PP_TUPLE_*, whose arithmetic costs far more.
#define AWSML_DETAIL_PP_FIRST(first, ...) first
#define AWSML_DETAIL_PP_SECOND(first, second, ...) second
#define AWSML_DETAIL_PP_REST(first, ...) __VA_ARGS__
#define AWSML_DETAIL_PP_POP_FRONT(tuple) (AWSML_DETAIL_PP_REST tuple)
#define AWSML_DETAIL_PP_STRINGIZE(x) #x
// 1 when the tuple has more than one element, else nothing: picks AWSML_DETAIL_X_1 or
// AWSML_DETAIL_X_ by pasting.
#define AWSML_DETAIL_PP_HAS_REST(tuple) AWSML_DETAIL_PP_HAS_REST_I(AWSML_DETAIL_PP_REST tuple)
#define AWSML_DETAIL_PP_HAS_REST_I(...) AWSML_DETAIL_PP_HAS_REST_II(__VA_ARGS__)
#define AWSML_DETAIL_PP_HAS_REST_II(...) __VA_OPT__(1)

#define AWSML_DETAIL_UNTYPED_DESCRIPTOR(member)                                                    \
    AWSML_DETAIL_UNTYPED_DESCRIPTOR_I(AWSML_DETAIL_PP_FIRST member)
// The name is stringized after it is taken out of the tuple (the indirection expands it).
#define AWSML_DETAIL_UNTYPED_DESCRIPTOR_I(name)                                                    \
    ::awsml::detail::member_descriptor<&Shape::name, AWSML_DETAIL_PP_STRINGIZE(name)>
// A member written without its wire name leaves only its C++ name: describe it as missing, so
// that member_rule's static_assert says so.
#define AWSML_DETAIL_UNTYPED_RULE(member)                                                          \
    AWSML_DETAIL_PP_CAT(AWSML_DETAIL_RULE_, AWSML_DETAIL_PP_HAS_REST(member))(member)
#define AWSML_DETAIL_RULE_(member) ::awsml::member_rule<::awsml::detail::missing_wire_name>()
#define AWSML_DETAIL_RULE_1(member) ::awsml::member_rule AWSML_DETAIL_PP_POP_FRONT(member)
// The rules are built only when a shape is used; a missing wire name is reported where the shape
// is described all the same, by instantiating member_rule's static_assert there.
#define AWSML_DETAIL_UNTYPED_CHECK(member)                                                         \
    AWSML_DETAIL_PP_CAT(AWSML_DETAIL_CHECK_, AWSML_DETAIL_PP_HAS_REST(member))(member)
#define AWSML_DETAIL_CHECK_1(member)                                                               \
    static_assert(                                                                                 \
        sizeof(::awsml::detail::wire_name_check<decltype(AWSML_DETAIL_PP_SECOND member)>) != 0);
#define AWSML_DETAIL_CHECK_(member)                                                                \
    static_assert(sizeof(::awsml::member_rule<::awsml::detail::missing_wire_name>) != 0);

#define AWSML_DETAIL_TYPED_DECLARE(member)                                                         \
    AWSML_DETAIL_PP_FIRST member AWSML_DETAIL_PP_SECOND member{};
#define AWSML_DETAIL_TYPED_DESCRIPTOR(member)                                                      \
    AWSML_DETAIL_UNTYPED_DESCRIPTOR(AWSML_DETAIL_PP_POP_FRONT(member))
#define AWSML_DETAIL_TYPED_RULE(member) AWSML_DETAIL_UNTYPED_RULE(AWSML_DETAIL_PP_POP_FRONT(member))
#define AWSML_DETAIL_TYPED_CHECK(member)                                                           \
    AWSML_DETAIL_UNTYPED_CHECK(AWSML_DETAIL_PP_POP_FRONT(member))

// The description of Type, its members written in `form` (AWSML_DETAIL_TYPED or
// AWSML_DETAIL_UNTYPED).
#define AWSML_DETAIL_DESCRIBE(Type, form, ...)                                                     \
    AWSML_DETAIL_FOR_EACH(form##_CHECK, AWSML_DETAIL_PP_NOTHING, __VA_ARGS__)                      \
    template <::std::same_as<Type> Shape>                                                          \
    constexpr auto awsml_shape_members(const Shape*) noexcept {                                    \
        return ::boost::mp11::mp_list<AWSML_DETAIL_FOR_EACH(                                       \
            form##_DESCRIPTOR, AWSML_DETAIL_PP_COMMA, __VA_ARGS__)>{};                             \
    }                                                                                              \
    template <::std::same_as<Type> Shape>                                                          \
    constexpr bool awsml_described_shape(const Shape*) noexcept {                                  \
        return true;                                                                               \
    }                                                                                              \
    template <::std::same_as<Type> Shape>                                                          \
    constexpr auto awsml_member_rules(const Shape*) noexcept {                                     \
        return ::awsml::detail::rules_of<Shape>(                                                   \
            AWSML_DETAIL_FOR_EACH(form##_RULE, AWSML_DETAIL_PP_COMMA, __VA_ARGS__));               \
    }                                                                                              \
    template <::std::same_as<Type> Shape>                                                          \
    bool operator==(const Shape& a, const Shape& b) {                                              \
        return ::awsml::detail::shape_equal(a, b);                                                 \
    }                                                                                              \
    template <::std::same_as<Type> Shape>                                                          \
    ::std::ostream& operator<<(::std::ostream& out, const Shape& value) {                          \
        return ::awsml::detail::print_shape(out, value);                                           \
    }

/// Describes an existing struct: AWSML_DESCRIBE_SHAPE(type, (member, "WireName",
/// constraints...)...). The member list is built here once, so that a member the struct does not
/// have fails to compile where it is named (AWSML_SHAPE declares the members it names).
#define AWSML_DESCRIBE_SHAPE(Type, ...)                                                            \
    AWSML_DETAIL_DESCRIBE(Type, AWSML_DETAIL_UNTYPED, __VA_ARGS__)                                 \
    static_assert(sizeof(decltype(awsml_shape_members(static_cast<const Type*>(nullptr)))) != 0);

/// Defines and describes a shape: AWSML_SHAPE(type, (C++ type, member, "WireName",
/// constraints...)...).
#define AWSML_SHAPE(Type, ...)                                                                     \
    struct Type {                                                                                  \
        AWSML_DETAIL_FOR_EACH(AWSML_DETAIL_TYPED_DECLARE, AWSML_DETAIL_PP_NOTHING, __VA_ARGS__)    \
    };                                                                                             \
    AWSML_DETAIL_DESCRIBE(Type, AWSML_DETAIL_TYPED, __VA_ARGS__)

#include <awsml/model/detail/shape_print.hpp>
