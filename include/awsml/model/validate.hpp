#pragma once

/// \file
/// Validation of a shape against the model's constraints (required, lengths, patterns, ranges,
/// and UTF-8 text; known enum values for a server's side), derived from the same AWSML_SHAPE
/// description. Requests are validated before anything is sent; for responses it is an opt-in
/// report that never throws data away.

#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/model/detail/pattern.hpp>
#include <awsml/model/detail/utf8.hpp>
#include <awsml/model/open_enum.hpp>
#include <awsml/model/shape.hpp>

#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

#include <charconv>
#include <cmath>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace awsml {

/// The kind of constraint a value breaks.
enum class constraint_kind {
    required,   ///< a required member is unset, or an empty string (that its pattern does not
                ///< admit) or enum
    min_length, ///< a string, list or map is shorter than the model allows
    max_length, ///< a string, list or map is longer than the model allows
    pattern,    ///< a string does not match the model's regular expression
    min_value,  ///< a number is below the model's minimum
    max_value,  ///< a number is above the model's maximum
    utf8,       ///< a string (a map's key too) is not valid UTF-8, as every string of the model is
    enum_value  ///< an enumeration holds a value it does not know (validate_options::known_enums)
};

/// What validate() checks beyond the model's constraints.
struct validate_options {
    /// Refuse enumeration values this version does not know, as the service refuses values
    /// outside its enum ("must satisfy enum value set: [asc, dsc]"). Off for a client, whose
    /// enumerations pass values the service may have added since; on for a server's side.
    bool known_enums = false;
    /// Match patterns against empty strings too, as the service does (`""` where the pattern
    /// wants text is refused), and measure an empty required string or enumeration besides
    /// reporting it missing. Off for a client, where it is reported once, as missing; on for a
    /// server's side, which tells sent from missing by the JSON.
    bool empty_strings_match_patterns = false;
};

/// One broken constraint of a request, as validation_error and validate() report it.
struct violation {
    std::string path;    ///< the member's wire path, e.g. MLModelId or EndpointInfo.EndpointUrl
    std::string message; ///< what is wrong with it
    constraint_kind kind = constraint_kind::required; ///< which constraint it breaks
    /// The constraint's bound, pattern or value set as the model states it ("1",
    /// "[a-zA-Z0-9_.-]+", "[asc, dsc]"): what a server words its refusal with. Empty for
    /// required and utf8.
    std::string limit{};
    friend bool operator==(const violation&, const violation&) = default;
};

/// Thrown when a request breaks the model's constraints; what() lists every violation.
class validation_error : public error {
public:
    /// From the violations found (at least one); what() is describe(violations).
    explicit validation_error(std::vector<violation> violations)
        : error(make_error_code(errc::validation_failed), describe(violations))
        , violations_(std::move(violations)) {}
    /// Every violation, in member order.
    const std::vector<violation>& violations() const noexcept { return violations_; }

    /// "invalid request: PATH: MESSAGE; PATH: MESSAGE", the text of what().
    static std::string describe(const std::vector<violation>& violations) {
        std::string out = "invalid request:";
        for (const auto& v : violations)
            out.append(" ").append(v.path).append(": ").append(v.message).append(";");
        out.pop_back();
        return out;
    }

private:
    std::vector<violation> violations_;
};

namespace detail {

// Smithy counts a string's length in Unicode code points.
inline std::size_t code_points(std::string_view s) noexcept {
    std::size_t n = 0;
    for (char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

template <class T>
std::optional<std::size_t> constrained_length(const T& value) {
    if constexpr (std::is_same_v<T, std::string>)
        return code_points(value);
    else if constexpr (requires { value.size(); })
        return value.size();
    else
        return std::nullopt;
}

template <class V>
concept string_keyed_map = requires {
    typename V::mapped_type;
    requires std::is_same_v<typename V::key_type, std::string>;
};

class validator {
public:
    std::vector<violation> violations;
    validate_options options;

    template <class T>
    void shape(const T& value, const std::string& prefix) {
        for_each_member<T>([&](auto d, const auto& rule) {
            std::string path = prefix.empty() ? std::string(rule.wire_name)
                                              : prefix + "." + std::string(rule.wire_name);
            member(value.*d.pointer, rule, path);
        });
    }

private:
    template <class M, class Rule>
    void member(const M& value, const Rule& rule, const std::string& path) {
        if constexpr (is_optional<M>::value) {
            if (!value) {
                if (has_constraint<required_constraint>(rule))
                    report(path, constraint_kind::required, "is required");
                return;
            }
            member(*value, rule, path);
        } else {
            // A required string held empty is taken as missing, unless the model's pattern
            // admits "" (EntityName's ".*\\S.*|^$": an Update* that clears a name).
            empty_admitted_ = false;
            if constexpr (std::is_same_v<M, std::string>)
                if (value.empty())
                    empty_admitted_ = std::apply(
                        [](const auto&... c) { return (admits_empty(c) || ... || false); },
                        rule.constraints);
            // On a client's side, missing is said once: not again as too short, or as outside
            // an enum's set. A server's side tells sent from missing by the JSON.
            missing_ = false;
            if (!options.empty_strings_match_patterns) {
                if constexpr (std::is_same_v<M, std::string>)
                    missing_ = value.empty() && !empty_admitted_ &&
                               has_constraint<required_constraint>(rule);
                else if constexpr (open_enumeration<M>)
                    missing_ = value.wire().empty() && has_constraint<required_constraint>(rule);
            }
            std::apply([&](const auto&... c) { (check(value, c, path), ...); }, rule.constraints);
            text(value, [&] { return path; });
            missing_ = false;
            nested(value, path);
        }
    }

    template <class V>
    void nested(const V& value, const std::string& path) {
        if constexpr (described_shape<V>) {
            shape(value, path);
        } else if constexpr (requires {
                                 typename V::key_type;
                                 typename V::mapped_type;
                             }) {
            if constexpr (described_shape<typename V::mapped_type>)
                for (const auto& [k, v] : value)
                    shape(v, path + "." + k);
        } else if constexpr (requires { typename V::value_type; } &&
                             !std::is_same_v<V, std::string>) {
            if constexpr (described_shape<typename V::value_type>)
                for (std::size_t i = 0; i < value.size(); ++i)
                    shape(value[i], path + "[" + std::to_string(i) + "]");
        }
    }

    // Strings are JSON text: one that is not UTF-8 would reach the service as bytes it cannot
    // read, so it is refused here, where the member's path is known. Shapes in lists and maps
    // are nested()'s. A path is only built for a string that fails: requests are checked on
    // every call, and a map of many entries is the common case (Predict's Record).
    template <class V, class PathOf>
    void text(const V& value, const PathOf& path_of) {
        if constexpr (std::is_same_v<V, std::string>) {
            utf8(value, path_of);
        } else if constexpr (open_enumeration<V>) {
            utf8(value.wire(), path_of);
            // An empty value too: "" is outside the set (unless reported as missing).
            if (options.known_enums && !value.is_known() && !missing_) {
                std::string set = enum_value_set<V>();
                std::string message = "must satisfy enum value set: " + set;
                report(path_of(), constraint_kind::enum_value, std::move(message), std::move(set));
            }
        } else if constexpr (string_keyed_map<V>) {
            for (const auto& entry : value) {
                const std::string& key = entry.first; // (clang 14's lambdas take no bindings)
                const bool key_is_text = is_valid_utf8(key);
                if (!key_is_text)
                    utf8(key, [&] { return path_of() + " key " + in_quotes(key); });
                if constexpr (holds_text<typename V::mapped_type>())
                    text(entry.second,
                         [&] { return path_of() + "." + (key_is_text ? key : in_quotes(key)); });
            }
        } else if constexpr (holds_text<V>()) { // a list of strings, enums, lists or maps
            for (std::size_t i = 0; i < value.size(); ++i)
                text(value[i], [&] { return path_of() + "[" + std::to_string(i) + "]"; });
        }
    }
    // "[asc, dsc]": the known wire strings, in the model's order.
    template <class V>
    static std::string enum_value_set() {
        std::string set;
        boost::mp11::mp_for_each<boost::describe::describe_enumerators<typename V::known_type>>(
            [&](auto d) { set.append(set.empty() ? "[" : ", ").append(d.name); });
        return set + "]";
    }
    template <class PathOf>
    void utf8(std::string_view value, const PathOf& path_of) {
        if (const auto bad = invalid_utf8_offset(value); bad != std::string_view::npos)
            report(path_of(), constraint_kind::utf8,
                   "invalid UTF-8 at byte " + std::to_string(bad));
    }
    // Whether a member of type V has strings of its own, not inside a shape.
    template <class V>
    static constexpr bool holds_text() {
        if constexpr (std::is_same_v<V, std::string> || open_enumeration<V> || string_keyed_map<V>)
            return true;
        else if constexpr (requires { typename V::value_type; } && !described_shape<V>)
            return holds_text<typename V::value_type>();
        else
            return false;
    }

    static bool admits_empty(const pattern& c) { return matches_pattern(c.regex, ""); }
    template <class... C>
    static bool admits_empty(const constraint_set<C...>& set) {
        return std::apply([](const auto&... c) { return (admits_empty(c) || ... || false); },
                          set.items);
    }
    template <class C>
    static bool admits_empty(const C&) {
        return false;
    }

    template <class V>
    void check(const V& value, required_constraint, const std::string& path) {
        if constexpr (std::is_same_v<V, std::string>) {
            if (value.empty() && !empty_admitted_)
                report(path, constraint_kind::required, "is required");
        } else if constexpr (open_enumeration<V>) {
            if (value.wire().empty())
                report(path, constraint_kind::required, "is required");
        }
    }
    template <class V>
    void check(const V&, sensitive_constraint, const std::string&) {}
    template <class V, class Set>
    void check(const V& list, const each_element<Set>& c, const std::string& path) {
        for (std::size_t i = 0; i < list.size(); ++i)
            check(list[i], c.set, path + "[" + std::to_string(i) + "]");
    }
    template <class V, class Set>
    void check(const V& map, const each_map_key<Set>& c, const std::string& path) {
        for (const auto& entry : map)
            check(entry.first, c.set, path + " key " + in_quotes(entry.first));
    }
    template <class V, class Set>
    void check(const V& map, const each_map_value<Set>& c, const std::string& path) {
        for (const auto& [key, value] : map)
            check(value, c.set, path + "." + key);
    }
    template <class V>
    void check(const V& value, min_length c, const std::string& path) {
        if (auto n = constrained_length(value); n && *n < c.value && !missing_)
            report(path, constraint_kind::min_length,
                   "length " + std::to_string(*n) + " is below the minimum of " +
                       std::to_string(c.value),
                   std::to_string(c.value));
    }
    template <class V>
    void check(const V& value, max_length c, const std::string& path) {
        if (auto n = constrained_length(value); n && *n > c.value)
            report(path, constraint_kind::max_length,
                   "length " + std::to_string(*n) + " exceeds the maximum of " +
                       std::to_string(c.value),
                   std::to_string(c.value));
    }
    template <class V>
    void check(const V& value, pattern c, const std::string& path) {
        // Text that is not UTF-8 is text()'s to report: a pattern matches code points.
        if constexpr (std::is_same_v<V, std::string>)
            if ((!value.empty() || options.empty_strings_match_patterns) && is_valid_utf8(value) &&
                !matches_pattern(c.regex, value))
                report(path, constraint_kind::pattern,
                       "does not match the pattern " + std::string(c.regex), std::string(c.regex));
    }
    template <class V>
    void check(const V& value, min_value c, const std::string& path) {
        if constexpr (std::is_arithmetic_v<V>)
            if (double(value) < c.value)
                report(path, constraint_kind::min_value,
                       "is below the minimum of " + bound_text(c.value), bound_text(c.value));
    }
    template <class V>
    void check(const V& value, max_value c, const std::string& path) {
        if constexpr (std::is_arithmetic_v<V>)
            if (double(value) > c.value)
                report(path, constraint_kind::max_value,
                       "exceeds the maximum of " + bound_text(c.value), bound_text(c.value));
    }
    template <class V, class... C>
    void check(const V& value, const constraint_set<C...>& set, const std::string& path) {
        std::apply([&](const auto&... c) { (check(value, c, path), ...); }, set.items);
    }

    void report(const std::string& path, constraint_kind kind, std::string message,
                std::string limit = {}) {
        violations.push_back({path, std::move(message), kind, std::move(limit)});
    }
    // A numeric bound as the model writes it: a whole number without a fraction ("1", not
    // "1.000000"), anything else in its shortest form.
    static std::string bound_text(double bound) {
        if (std::abs(bound) < 1e15 && bound == std::floor(bound))
            return std::to_string(static_cast<long long>(bound));
        char text[32];
        const auto end = std::to_chars(std::begin(text), std::end(text), bound).ptr;
        return std::string(text, end);
    }

    bool empty_admitted_ = false; // the member being checked holds "", which its pattern admits
    bool missing_ = false;        // the member being checked is required and reported missing
};

} // namespace detail

/// Every way `value` breaks the model's constraints (and `options`' checks); empty when it is
/// valid.
template <detail::described_shape T>
std::vector<violation> validate(const T& value, validate_options options = {}) {
    detail::validator v;
    v.options = options;
    v.shape(value, "");
    return std::move(v.violations);
}

/// Throws validation_error listing every violation, if there is any.
template <detail::described_shape T>
void ensure_valid(const T& value) {
    if (auto violations = validate(value); !violations.empty())
        throw validation_error(std::move(violations));
}

} // namespace awsml
