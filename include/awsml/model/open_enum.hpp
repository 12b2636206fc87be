#pragma once

/// \file
/// An enumeration that survives values the service adds later. It holds either one of the
/// known enumerators (a Boost.Describe'd enum whose enumerator names are the wire strings) or the
/// unknown wire string as received; it compares with the known constants and prints the wire
/// string.

#include <boost/describe/enum.hpp>
#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace awsml {

/// The base of a service's enumerations: a value is either one of `Known`'s enumerators or a wire
/// string this version of awsml does not know, kept as received so that it survives a round trip.
/// Decoding never fails on an unknown value; validate() accepts it (the service decides), unless
/// validate_options::known_enums asks, as a server's side does.
///
///     BOOST_DEFINE_ENUM_CLASS(entity_status_value, PENDING, INPROGRESS, FAILED, COMPLETED,
///                             DELETED)
///     struct entity_status : open_enum<entity_status, entity_status_value> {
///         using open_enum::open_enum;
///         using enum entity_status_value; // entity_status::COMPLETED
///     };
///
///     if (model.status == entity_status::COMPLETED) ...
///     std::cout << model.status;  // the wire string, e.g. "COMPLETED" or "ARCHIVED"
///
/// \tparam Derived the enumeration itself (what from_wire() returns)
/// \tparam Known a Boost.Describe'd enum whose enumerator names are the wire strings
template <class Derived, class Known>
class open_enum {
public:
    using known_type = Known; ///< the enum of the values this version knows

    /// An empty value (unknown, wire string ""): what a member holds before it is decoded.
    open_enum() = default;
    /// A known value; implicit, so that `status = entity_status::FAILED` reads naturally.
    constexpr open_enum(Known value) noexcept
        : known_(value) {} // NOLINT: implicit by design

    /// The value for a wire string: a known enumerator when the string names one, else kept as is.
    static Derived from_wire(std::string_view wire) {
        if (auto known = parse_known(wire))
            return Derived(*known);
        Derived unknown(Known{});
        open_enum& base = unknown;
        base.known_.reset();
        base.unknown_.assign(wire);
        return unknown;
    }

    /// The enumerator, or nullopt for a value this version of awsml does not know.
    constexpr std::optional<Known> known() const noexcept { return known_; }
    /// False for a wire string this version does not know (and for an empty value).
    constexpr bool is_known() const noexcept { return known_.has_value(); }

    /// The string the service sent (or would send) for this value.
    std::string_view wire() const noexcept { return known_ ? known_name(*known_) : unknown_; }

    friend bool operator==(const open_enum& a, const open_enum& b) noexcept {
        return a.known_ == b.known_ && a.unknown_ == b.unknown_;
    }
    friend bool operator==(const open_enum& a, Known b) noexcept { return a.known_ == b; }

    friend std::ostream& operator<<(std::ostream& out, const open_enum& v) {
        return out << v.wire();
    }

    /// The enumerator named `wire`, or nullopt when no enumerator has that name (case matters).
    static std::optional<Known> parse_known(std::string_view wire) noexcept {
        std::optional<Known> found;
        boost::mp11::mp_for_each<boost::describe::describe_enumerators<Known>>([&](auto d) {
            if (!found && wire == d.name)
                found = d.value;
        });
        return found;
    }

    /// The wire string of an enumerator ("" for a value outside the enum).
    static std::string_view known_name(Known value) noexcept {
        std::string_view name;
        boost::mp11::mp_for_each<boost::describe::describe_enumerators<Known>>([&](auto d) {
            if (value == d.value)
                name = d.name;
        });
        return name;
    }

private:
    std::optional<Known> known_;
    std::string unknown_; // empty unless the value is unknown
};

namespace detail {
template <class T>
concept open_enumeration = requires(const T& v, std::string_view s) {
    typename T::known_type;
    { T::from_wire(s) } -> std::convertible_to<T>;
    { v.wire() } -> std::same_as<std::string_view>;
};
} // namespace detail

} // namespace awsml
