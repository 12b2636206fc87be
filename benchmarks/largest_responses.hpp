#pragma once

// The largest output of each of Amazon ML's 28 operations, generated from the shapes'
// descriptions, not written per operation: awsml::detail::for_each_member walks each shape, and
// each member's C++ type and constraints decide what is written under its wire name.
//
// - Every member of every structure is present. A list is as long as the model allows: a
//   Describe* page holds as many results as its input's Limit allows (page_limit: 100), a tag
//   list 100 tags (TagList's max_length); other lists and every map hold 10 entries.
// - A string with a pattern matches it (ids, ARNs, S3 and endpoint URLs, tag keys and values);
//   the others are text of 16 to 256 bytes, or 512 to 2048 where the model allows more than 2048
//   (messages, schemas, recipes, SQL queries); none exceeds its max_length.
// - Two styles of the same shapes and lengths:
//   hard: what a decoder must get right: numbers of 17 significant digits (floats as their exact
//     double, timestamps with digits below the millisecond, with and without exponent), int64
//     and int32 extremes, 2^53 + 1, float extremes and subnormals, "Infinity"; strings with
//     every JSON escape, \u escapes of ASCII and non-ASCII characters and of surrogate pairs,
//     raw UTF-8 of 2 to 4 bytes, escaped '/'; enum values this version does not know; 1 or 2
//     unknown members in every object, anywhere among the known ones, holding nested objects,
//     arrays, numbers beyond int64, null.
//   typical: what the service sends on an ordinary day: integers of up to 13 digits, timestamps
//     in milliseconds, floats in their shortest form, ASCII text with the odd quote or newline,
//     known enum values, no unknown members.
// - Deterministic: splitmix64 seeded from the operation's wire name and the style.
// Each document comes with the value it decodes to, for the benchmark to check that awsml
// decodes all of it.

#include <awsml/machinelearning/service.hpp>
#include <awsml/model/open_enum.hpp>
#include <awsml/model/shape.hpp>
#include <awsml/model/timestamp.hpp>
#include <awsml/model/to_json.hpp>

#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace awsml_bench::largest {

enum class style { hard, typical };

/// splitmix64: small, and the same sequence on every machine.
class generator {
public:
    generator(std::uint64_t seed, style s) noexcept
        : state_(seed)
        , style_(s) {}

    bool hard() const noexcept { return style_ == style::hard; }

    std::uint64_t next() noexcept {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
        z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
        return z ^ (z >> 31);
    }
    /// In [0, n).
    std::uint64_t below(std::uint64_t n) noexcept { return next() % n; }
    /// In [low, high].
    std::uint64_t between(std::uint64_t low, std::uint64_t high) noexcept {
        return low + below(high - low + 1);
    }
    bool percent(unsigned p) noexcept { return below(100) < p; }
    template <class T, std::size_t N>
    const T& pick(const T (&items)[N]) noexcept {
        return items[below(N)];
    }

private:
    std::uint64_t state_;
    style style_;
};

inline std::uint64_t seed_of(std::string_view name, style s) noexcept {
    std::uint64_t h = 0xcbf29ce484222325; // FNV-1a
    for (char c : name) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3;
    }
    return s == style::hard ? h : ~h;
}

// --- what the constraints allow -------------------------------------------------------------

struct limits {
    std::size_t min_length = 0;
    std::optional<std::size_t> max_length;
    std::optional<double> max_value;
    std::optional<std::string_view> pattern;
};

/// A member's own limits, and those of its elements (a list), keys and values (a map).
struct member_limits {
    limits own, element, key, value;
};

template <class T, template <class> class Template>
inline constexpr bool is_instance = false;
template <class Set, template <class> class Template>
inline constexpr bool is_instance<Template<Set>, Template> = true;

template <class C>
void collect(member_limits& m, limits& into, const C& c) {
    if constexpr (std::is_same_v<C, awsml::min_length>)
        into.min_length = c.value;
    else if constexpr (std::is_same_v<C, awsml::max_length>)
        into.max_length = c.value;
    else if constexpr (std::is_same_v<C, awsml::max_value>)
        into.max_value = c.value;
    else if constexpr (std::is_same_v<C, awsml::pattern>)
        into.pattern = c.regex;
    else if constexpr (is_instance<C, awsml::each_element>)
        collect(m, m.element, c.set);
    else if constexpr (is_instance<C, awsml::each_map_key>)
        collect(m, m.key, c.set);
    else if constexpr (is_instance<C, awsml::each_map_value>)
        collect(m, m.value, c.set);
    else if constexpr (requires { c.items; }) // a named constraint set
        std::apply([&](const auto&... inner) { (collect(m, into, inner), ...); }, c.items);
}

template <class Rule>
member_limits limits_of(const Rule& rule) {
    member_limits m;
    std::apply([&](const auto&... c) { (collect(m, m.own, c), ...); }, rule.constraints);
    return m;
}

// --- strings --------------------------------------------------------------------------------

inline std::size_t utf8_length(unsigned char lead) noexcept {
    return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

/// The longest prefix of `s` of at most `n` bytes that does not cut a character.
inline std::string truncate_utf8(std::string s, std::size_t n) {
    if (s.size() <= n)
        return s;
    std::size_t end = 0;
    while (end < n) {
        const std::size_t length = utf8_length(static_cast<unsigned char>(s[end]));
        if (end + length > n)
            break;
        end += length;
    }
    s.resize(end);
    return s;
}

/// Appends `s` (valid UTF-8) as a JSON string. Typical style escapes what JSON requires; hard
/// style also what it allows, at random: \u escapes of any character, surrogate pairs, "\/".
inline void write_string(generator& g, std::string& out, std::string_view s) {
    const auto u_escape = [&](std::uint32_t unit) {
        const char* hex = g.percent(50) ? "0123456789abcdef" : "0123456789ABCDEF";
        const char escaped[] = {'\\',
                                'u',
                                hex[(unit >> 12) & 15],
                                hex[(unit >> 8) & 15],
                                hex[(unit >> 4) & 15],
                                hex[unit & 15]};
        out.append(escaped, sizeof escaped);
    };
    out.push_back('"');
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t length = utf8_length(c);
        if (length > 1) {
            if (g.hard() && g.percent(50)) {
                std::uint32_t cp = c & (0x7Fu >> length);
                for (std::size_t k = 1; k < length; ++k)
                    cp = cp << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
                if (cp >= 0x10000) {
                    u_escape(0xD800 + ((cp - 0x10000) >> 10));
                    u_escape(0xDC00 + ((cp - 0x10000) & 0x3FF));
                } else {
                    u_escape(cp);
                }
            } else {
                out.append(s.substr(i, length));
            }
            i += length;
            continue;
        }
        const char* short_form = awsml::detail::json_short_escape(c);
        if (c < 0x20 && (!short_form || (g.hard() && g.percent(50))))
            u_escape(c);
        else if (short_form)
            out.append(short_form);
        else if (c == '/' && g.hard() && g.percent(25))
            out.append("\\/");
        else if (g.hard() && g.percent(2))
            u_escape(c);
        else
            out.push_back(static_cast<char>(c));
        ++i;
    }
    out.push_back('"');
}

inline std::string from_set(generator& g, std::string_view set, std::size_t n) {
    std::string s;
    s.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        s.push_back(set[g.below(set.size())]);
    return s;
}

/// Text of about `n` bytes (never more), starting with a word. `one_line` leaves out control
/// characters (names: the model's ".*\S.*" does not match across lines).
inline std::string text(generator& g, std::size_t n, bool one_line = false) {
    static constexpr std::string_view typical_words[] = {
        "model",    "training", "data",  "source", "evaluation", "the", "of",     "schema",
        "features", "rows",     "value", "AUC",    "s3",         "job", "failed", "record"};
    static constexpr std::string_view hard_words[] = {"model",
                                                      "données",
                                                      "naïve",
                                                      "Größe",
                                                      "日本語",
                                                      "Ωmega",
                                                      "€100",
                                                      "\xf0\x9f\x98\x80",
                                                      "𝄞clef",
                                                      "AUC",
                                                      "s3",
                                                      "a\xc2\xa0"
                                                      "b",
                                                      "\xe2\x80\xa8x",
                                                      "record",
                                                      "schema",
                                                      "rows",
                                                      "ﬁle",
                                                      "Ünïcödé"};
    static constexpr std::string_view typical_separators[] = {" ",  " ", " ",  " ",  ", ",
                                                              ": ", " ", "\"", "\n", ". "};
    static constexpr std::string_view hard_separators[] = {
        " ", ", ", "\"", "\\", "\n", "\t", "/", "\r\n", "\x01", "\x1f", "\b", "\f", "\\\"", ": "};
    std::string s;
    while (s.size() < n) {
        s.append(g.hard() ? g.pick(hard_words) : g.pick(typical_words));
        std::string_view separator =
            g.hard() ? g.pick(hard_separators) : g.pick(typical_separators);
        if (one_line && std::any_of(separator.begin(), separator.end(),
                                    [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
            separator = " ";
        s.append(separator);
    }
    return truncate_utf8(std::move(s), n);
}

/// Bytes of free text for a member: 16 to 256, or 512 to 2048 where the model allows more
/// than 2048; within the member's limits.
inline std::size_t text_length(generator& g, const limits& l) {
    const std::size_t most = l.max_length.value_or(256);
    const std::size_t cap = std::min<std::size_t>(most, 256);
    const std::size_t n =
        most > 2048 ? g.between(512, 2048) : g.between(std::min<std::size_t>(16, cap), cap);
    return std::clamp<std::size_t>(n, std::max<std::size_t>(l.min_length, 1),
                                   std::max<std::size_t>(most, 1));
}

/// A string matching one of the model's patterns. A new pattern in the model needs its case
/// here (the benchmark says so and stops).
inline std::string matching(generator& g, std::string_view pattern, const limits& l) {
    static constexpr std::string_view lower_digits = "abcdefghijklmnopqrstuvwxyz0123456789";
    const std::size_t most = l.max_length.value_or(64);
    const std::size_t least = std::max<std::size_t>(l.min_length, 1);
    const auto id_length = [&] {
        if (!g.hard())
            return std::clamp<std::size_t>(g.between(12, 24), least, most);
        const std::size_t lengths[] = {least, most, g.between(least, most)};
        return g.pick(lengths);
    };
    if (pattern == "[a-zA-Z0-9_.-]+")
        return from_set(g, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-",
                        id_length());
    if (pattern == "[a-z0-9-]+")
        return from_set(g, "abcdefghijklmnopqrstuvwxyz0123456789-", id_length());
    if (pattern == "[a-z0-9]+")
        return from_set(g, lower_digits, id_length());
    if (pattern == "arn:aws:iam::[0-9]+:((user/.+)|(root))") {
        std::string arn = "arn:aws:iam::" + from_set(g, "0123456789", 12) + ":";
        if (g.percent(10))
            return arn + "root";
        return arn + "user/" +
               (g.hard() ? text(g, g.between(4, 40), true) : "ml-" + from_set(g, lower_digits, 8));
    }
    if (pattern == "https://[a-zA-Z0-9-.]*\\.amazon(aws)?\\.com[/]?") {
        const char* regions[] = {"us-east-1", "eu-west-1", "ap-northeast-1"};
        return "https://realtime.machinelearning." + std::string(g.pick(regions)) +
               (g.percent(50) ? ".amazonaws.com" : ".amazon.com") + (g.percent(50) ? "/" : "");
    }
    if (pattern == "s3://([^/]+)(/.*)?") {
        static constexpr std::string_view typical_parts[] = {
            "data", "2024", "train", "part-0001.csv", "out", "eval", "schema.json"};
        static constexpr std::string_view hard_parts[] = {
            "données",          "2024", "日本語", "part 0001.csv", "a=b&c",
            "\xf0\x9f\x98\x80", "%20",  "ü.csv"};
        std::string url =
            "s3://" + from_set(g, "abcdefghijklmnopqrstuvwxyz0123456789-", g.between(3, 24));
        const std::size_t length = text_length(g, l);
        while (url.size() < length)
            url += "/" + std::string(g.hard() ? g.pick(hard_parts) : g.pick(typical_parts));
        return truncate_utf8(std::move(url), std::min(length, most));
    }
    if (pattern == ".*\\S.*|^$")
        return text(g, text_length(g, l), true);
    if (pattern == "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$") {
        static constexpr std::string_view typical_parts[] = {"env", "prod", "team", "ml", "2024",
                                                             "-",   "_",    ":",    ".",  "cost"};
        static constexpr std::string_view hard_parts[] = {
            "env", "café", "日本", "Ω", "\xc2\xa0", "𝐀", "_", ".",
            ":",   "/",    "=",    "+", "-",        "@", " ", "2024"};
        std::string tag;
        const std::size_t length = std::clamp<std::size_t>(g.between(4, 48), least, most);
        while (tag.size() < length)
            tag += g.hard() ? g.pick(hard_parts) : g.pick(typical_parts);
        return truncate_utf8(std::move(tag), length);
    }
    throw std::logic_error("largest_responses.hpp: no generator for the pattern " +
                           std::string(pattern));
}

inline std::string make_text_value(generator& g, const limits& l) {
    return l.pattern ? matching(g, *l.pattern, l) : text(g, text_length(g, l));
}

// --- numbers --------------------------------------------------------------------------------

template <class Int>
Int make_integer(generator& g, std::string& out, const limits& l) {
    Int v;
    if (l.max_value) {
        v = static_cast<Int>(g.between(1, static_cast<std::uint64_t>(*l.max_value)));
    } else if (g.hard()) {
        const Int picks[] = {std::numeric_limits<Int>::max(),
                             std::numeric_limits<Int>::min(),
                             Int(0),
                             Int(-1),
                             sizeof(Int) == 8 ? static_cast<Int>((std::int64_t(1) << 53) + 1)
                                              : Int(65536),
                             static_cast<Int>(g.next())};
        v = g.pick(picks);
    } else {
        v = static_cast<Int>(g.below(sizeof(Int) == 8 ? 10'000'000'000'000 : 100'000));
    }
    char buffer[24];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
    out.append(buffer, end);
    return v;
}

/// Hard: 17 significant digits (a float as the exact double it widens to), extremes,
/// subnormals, "Infinity". Typical: the shortest form of a score in [0, 1).
template <class Float>
Float make_floating(generator& g, std::string& out) {
    using limits_t = std::numeric_limits<Float>;
    if (g.hard() && g.percent(10)) {
        const bool negative = g.percent(50);
        out.append(negative ? "\"-Infinity\"" : "\"Infinity\"");
        return negative ? -limits_t::infinity() : limits_t::infinity();
    }
    char buffer[64];
    char* end;
    if (g.hard()) {
        const Float picks[] = {static_cast<Float>(static_cast<double>(g.next() >> 11) * 0x1p-53),
                               static_cast<Float>(std::ldexp(static_cast<double>(g.next() >> 11),
                                                             int(g.between(0, 60)) - 83)),
                               limits_t::max(),
                               limits_t::denorm_min(),
                               -limits_t::min(),
                               static_cast<Float>(0.1)};
        const double v = static_cast<double>(g.pick(picks));
        end = buffer + (g.percent(50) ? std::snprintf(buffer, sizeof buffer, "%.17g", v)
                                      : std::snprintf(buffer, sizeof buffer, "%.16e", v));
    } else {
        const auto v = static_cast<Float>(static_cast<double>(g.below(1'000'000)) / 1e6);
        end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
    }
    out.append(buffer, end);
    *end = '\0';
    return static_cast<Float>(std::strtod(buffer, nullptr)); // as the decoder reads it
}

/// Epoch seconds. Hard: 17 significant digits (below the millisecond), with or without an
/// exponent, integers, the first and last millisecond of years 1 to 9999. Typical: milliseconds.
inline awsml::timestamp make_timestamp(generator& g, std::string& out) {
    const std::int64_t ms = 1'420'070'400'000 + std::int64_t(g.below(473'040'000'000)); // 2015-2029
    std::string text;
    if (!g.hard()) {
        text = awsml::format_epoch_seconds(awsml::timestamp(std::chrono::milliseconds(ms)));
    } else {
        const std::string seconds = std::to_string(ms / 1000);
        std::string fraction = std::to_string(1000 + ms % 1000).substr(1) +
                               std::to_string(10000 + g.between(1, 4000)).substr(1);
        switch (g.below(5)) {
        case 0:
            text = seconds;
            break;
        case 1:
            text = seconds.substr(0, 1) + "." + seconds.substr(1) + fraction + "E" +
                   std::to_string(seconds.size() - 1);
            break;
        case 2:
            text = "-62135596800";
            break;
        case 3:
            text = "253402300799.9990001";
            break;
        default:
            text = seconds + "." + fraction;
            break;
        }
    }
    out.append(text);
    // What the decoder makes of it: integer seconds, else a double rounded to the millisecond.
    if (text.find_first_of(".E") == std::string::npos)
        return awsml::timestamp(std::chrono::seconds(std::stoll(text)));
    return *awsml::timestamp_from_epoch_seconds(std::strtod(text.c_str(), nullptr));
}

// --- unknown members ------------------------------------------------------------------------

inline std::string unknown_key(generator& g, std::size_t n) {
    const char* keys[] = {
        "UnknownMember", "mlModelId", "x-amzn-Extension", "Ünknown \"key\"", "\xf0\x9f\x98\x80",
        "Results\\",     ""};
    return std::string(g.pick(keys)) + std::to_string(n);
}

inline void write_unknown_value(generator& g, std::string& out, int depth) {
    static const char* big_integers[] = {"9223372036854775807",
                                         "-9223372036854775808",
                                         "18446744073709551615",
                                         "123456789012345678901234567890",
                                         "0",
                                         "-1"};
    static const char* doubles[] = {"0.30000000000000004",     "1.7976931348623157e308",
                                    "4.9406564584124654e-324", "-0.0",
                                    "6.02214076E+23",          "1e-7"};
    static const char* literals[] = {"true", "false", "null"};
    switch (g.below(depth < 3 ? 6 : 4)) {
    case 0:
        write_string(g, out, text(g, g.between(0, 64)));
        break;
    case 1:
        out.append(g.pick(big_integers));
        break;
    case 2:
        out.append(g.pick(doubles));
        break;
    case 3:
        out.append(g.pick(literals));
        break;
    case 4: {
        out.push_back('[');
        for (std::uint64_t i = 0, n = g.below(5); i < n; ++i) {
            if (i)
                out.push_back(',');
            write_unknown_value(g, out, depth + 1);
        }
        out.push_back(']');
        break;
    }
    default: {
        out.push_back('{');
        for (std::uint64_t i = 0, n = g.below(5); i < n; ++i) {
            if (i)
                out.push_back(',');
            write_string(g, out, unknown_key(g, i));
            out.push_back(':');
            write_unknown_value(g, out, depth + 1);
        }
        out.push_back('}');
        break;
    }
    }
}

// --- values of every type, written and returned ----------------------------------------------

/// Lists without a max_length, and maps: this many entries.
inline constexpr std::size_t default_entries = 10;

struct no_list_override {
    template <class Descriptor>
    std::optional<std::size_t> operator()(Descriptor) const noexcept {
        return std::nullopt;
    }
};

template <class T, class ListOverride = no_list_override>
T make_shape(generator& g, std::string& out, ListOverride list_length = {});

/// Writes a value of type T to `out` and returns it. `count`: the length of a list.
template <class T>
T make(generator& g, std::string& out, const member_limits& m,
       std::optional<std::size_t> count = std::nullopt) {
    if constexpr (awsml::detail::is_optional<T>::value) {
        return make<typename T::value_type>(g, out, m, count);
    } else if constexpr (std::is_same_v<T, std::string>) {
        std::string s = make_text_value(g, m.own);
        write_string(g, out, s);
        return s;
    } else if constexpr (std::is_same_v<T, bool>) {
        const bool b = g.percent(50);
        out.append(b ? "true" : "false");
        return b;
    } else if constexpr (std::is_floating_point_v<T>) {
        return make_floating<T>(g, out);
    } else if constexpr (std::is_integral_v<T>) {
        return make_integer<T>(g, out, m.own);
    } else if constexpr (std::is_same_v<T, awsml::timestamp>) {
        return make_timestamp(g, out);
    } else if constexpr (awsml::detail::open_enumeration<T>) {
        using enumerators = boost::describe::describe_enumerators<typename T::known_type>;
        T value;
        if (g.hard() && g.percent(12)) {
            value = T::from_wire("FUTURE_" + from_set(g, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_", 8));
        } else {
            boost::mp11::mp_with_index<boost::mp11::mp_size<enumerators>::value>(
                g.below(boost::mp11::mp_size<enumerators>::value),
                [&](auto i) { value = T(boost::mp11::mp_at_c<enumerators, i>::value); });
        }
        write_string(g, out, value.wire());
        return value;
    } else if constexpr (awsml::detail::described_shape<T>) {
        return make_shape<T>(g, out);
    } else if constexpr (requires { typename T::mapped_type; }) {
        T map;
        out.push_back('{');
        const member_limits value{m.value, {}, {}, {}};
        for (std::size_t i = 0; i < default_entries; ++i) {
            if (i)
                out.push_back(',');
            std::string k = m.key.pattern ? matching(g, *m.key.pattern, m.key)
                                          : text(g, g.between(4, 32), true);
            k = truncate_utf8(std::move(k), 60) + "#" + std::to_string(i); // unique
            write_string(g, out, k);
            out.push_back(':');
            map.emplace(std::move(k), make<typename T::mapped_type>(g, out, value));
        }
        out.push_back('}');
        return map;
    } else {
        static_assert(
            requires { typename T::value_type; }, "a list");
        T list;
        const member_limits element{m.element, {}, {}, {}};
        const std::size_t n = count.value_or(m.own.max_length.value_or(default_entries));
        out.push_back('[');
        for (std::size_t i = 0; i < n; ++i) {
            if (i)
                out.push_back(',');
            list.push_back(make<typename T::value_type>(g, out, element));
        }
        out.push_back(']');
        return list;
    }
}

/// Every member, in the model's order; in hard style 1 or 2 unknown members among them.
template <class T, class ListOverride>
T make_shape(generator& g, std::string& out, ListOverride list_length) {
    constexpr std::size_t members = boost::mp11::mp_size<awsml::detail::shape_members<T>>::value;
    std::vector<int> unknown_before(members + 1, 0); // unknown members before member i
    if (g.hard())
        for (std::uint64_t i = 0, n = g.between(1, 2); i < n; ++i)
            ++unknown_before[g.below(members + 1)];
    T value{};
    std::size_t index = 0, written = 0, unknown = 0;
    const auto separator = [&] {
        if (written++)
            out.push_back(',');
    };
    const auto unknown_members = [&](std::size_t at) {
        for (int k = 0; k < unknown_before[at]; ++k) {
            separator();
            write_string(g, out, unknown_key(g, unknown++));
            out.push_back(':');
            write_unknown_value(g, out, 0);
        }
    };
    out.push_back('{');
    awsml::detail::for_each_member<T>([&](auto d, const auto& rule) {
        unknown_members(index++);
        separator();
        out.push_back('"');
        out.append(rule.wire_name);
        out.append("\":");
        using member_type = std::remove_cvref_t<decltype(value.*d.pointer)>;
        value.*d.pointer = make<member_type>(g, out, limits_of(rule), list_length(d));
    });
    unknown_members(members);
    out.push_back('}');
    return value;
}

/// Results per page of a paginated operation: the most its input's page size allows.
template <class Op>
std::size_t page_size() {
    std::size_t size = 0;
    awsml::detail::for_each_member<typename Op::input>([&](auto d, const auto& rule) {
        if constexpr (std::is_same_v<std::remove_cv_t<decltype(d.pointer)>,
                                     std::remove_cv_t<decltype(Op::pagination::page_size)>>)
            if (d.pointer == Op::pagination::page_size)
                size = static_cast<std::size_t>(limits_of(rule).own.max_value.value_or(0));
    });
    if (size == 0)
        throw std::logic_error("largest_responses.hpp: no maximum page size for " +
                               std::string(Op::name));
    return size;
}

template <class Op>
struct response {
    typename Op::output value; ///< what `json` decodes to
    std::string json;
};

/// The largest output of `Op`, in the given style; another `variant` is another document of
/// the same shapes, list sizes and style (variant 0: the one the benchmarks name "largest:").
template <class Op>
response<Op> largest_response(style s, std::uint64_t variant = 0) {
    generator g(seed_of(Op::name, s) + variant * 0x9E3779B97F4A7C15, s);
    response<Op> r;
    if constexpr (awsml::paginated_operation<Op>) {
        const std::size_t page = page_size<Op>();
        r.value = make_shape<typename Op::output>(
            g, r.json, [page](auto d) -> std::optional<std::size_t> {
                if constexpr (std::is_same_v<std::remove_cv_t<decltype(d.pointer)>,
                                             std::remove_cv_t<decltype(Op::pagination::results)>>)
                    if (d.pointer == Op::pagination::results)
                        return page;
                return std::nullopt;
            });
    } else {
        r.value = make_shape<typename Op::output>(g, r.json);
    }
    return r;
}

} // namespace awsml_bench::largest
