// JMESPath's evaluation and built-in functions, as jmespath.py 1.1's TreeInterpreter and
// Functions (jmespath.hpp); the syntax is jmespath_syntax.cpp's.
#include <awsml-cli/jmespath.hpp>

#include <awsml-cli/jmespath_syntax.hpp>
#include <awsml-cli/python_json.hpp>
#include <awsml-cli/unicode_text.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace awsml::cli::jmespath {

namespace {

namespace json = boost::json;

// --- values as jmespath.py sees Python's --------------------------------------------------------

bool is_number(const json::value& v) {
    return v.is_int64() || v.is_uint64() || v.is_double();
}

double to_double(const json::value& v) {
    return v.is_int64()    ? double(v.get_int64())
           : v.is_uint64() ? double(v.get_uint64())
                           : v.get_double();
}

template <class T>
int three_way(T x, T y) {
    return x < y ? -1 : x > y ? 1 : 0;
}

// -1, 0, 1 for an integer against a double, exactly, as Python compares them (a NaN is 0 here;
// the comparator looks for it first; sort and max order it as they find it).
template <class Integer>
int compare_integer_double(Integer whole, double real) {
    const double past_max = std::ldexp(1.0, std::numeric_limits<Integer>::digits);
    const double min = double(std::numeric_limits<Integer>::min());
    if (std::isnan(real))
        return 0;
    if (real >= past_max)
        return -1;
    if (real < min)
        return 1;
    const double truncated = std::trunc(real);
    if (const int order = three_way(whole, static_cast<Integer>(truncated)); order != 0)
        return order;
    return three_way(truncated, real);
}

// -1, 0, 1: exact between any two numbers, as Python compares them.
int compare_numbers(const json::value& a, const json::value& b) {
    if (a.is_int64() && b.is_int64())
        return three_way(a.get_int64(), b.get_int64());
    if (a.is_uint64() && b.is_uint64())
        return three_way(a.get_uint64(), b.get_uint64());
    if (a.is_int64() && b.is_uint64())
        return a.get_int64() < 0 ? -1 : three_way(std::uint64_t(a.get_int64()), b.get_uint64());
    if (a.is_uint64() && b.is_int64())
        return -compare_numbers(b, a);
    if (a.is_double() && b.is_double())
        return three_way(a.get_double(), b.get_double());
    if (b.is_double())
        return a.is_int64() ? compare_integer_double(a.get_int64(), b.get_double())
                            : compare_integer_double(a.get_uint64(), b.get_double());
    return -compare_numbers(b, a);
}

bool is_nan(const json::value& v) {
    return v.is_double() && std::isnan(v.get_double());
}

// Python's ==: a number equals a number of equal value; inside lists and objects (and for `in`)
// a boolean is also the number 0 or 1, as Python's bool is an int. At the top of jmespath.py's
// == a boolean never equals a number (its _is_special_number_case).
bool equal(const json::value& a, const json::value& b, bool inside = false) {
    if (inside && (a.is_bool() || b.is_bool()) && a.kind() != b.kind()) {
        const json::value& other = a.is_bool() ? b : a;
        const bool truth = a.is_bool() ? a.get_bool() : b.get_bool();
        return is_number(other) && equal(other, json::value(truth ? 1 : 0));
    }
    if (is_number(a) && is_number(b))
        return !is_nan(a) && !is_nan(b) && compare_numbers(a, b) == 0;
    if (a.kind() != b.kind())
        return false;
    if (a.is_array()) {
        const auto &x = a.get_array(), &y = b.get_array();
        return x.size() == y.size() &&
               std::equal(x.begin(), x.end(), y.begin(),
                          [](const auto& p, const auto& q) { return equal(p, q, true); });
    }
    if (a.is_object()) {
        const auto &x = a.get_object(), &y = b.get_object();
        return x.size() == y.size() && std::all_of(x.begin(), x.end(), [&](const auto& member) {
                   const json::value* other = y.if_contains(member.key());
                   return other && equal(member.value(), *other, true);
               });
    }
    return a == b;
}

// jmespath.py's _is_false: null, false, "", [] and {}; every number is true.
bool is_false(const json::value& v) {
    return v.is_null() || (v.is_bool() && !v.get_bool()) ||
           (v.is_string() && v.get_string().empty()) || (v.is_array() && v.get_array().empty()) ||
           (v.is_object() && v.get_object().empty());
}

std::string_view type_name(const json::value& v) {
    switch (v.kind()) {
    case json::kind::string:
        return "string";
    case json::kind::bool_:
        return "boolean";
    case json::kind::array:
        return "array";
    case json::kind::object:
        return "object";
    case json::kind::null:
        return "null";
    default:
        return "number";
    }
}

std::size_t code_points(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::vector<std::string_view> split_code_points(std::string_view text) {
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < text.size(); i += out.back().size())
        out.push_back(text.substr(i, code_point_at(text, i).length));
    return out;
}

// --- functions ---------------------------------------------------------------------------------

// jmespath.py would print a Python object's address where an expression reference becomes a
// value (a result, an element of one, to_string's text): awsml refuses.
[[noreturn]] void reference_as_value() {
    throw error("an expression reference (&expression) is only a function's argument");
}

struct argument {
    json::value value;
    const node* reference = nullptr; // &expression

    std::string_view python_type() const {
        return reference ? "_Expression" : python_type_name(value);
    }
};

class interpreter;
using function_body = json::value (*)(interpreter&, std::vector<argument>&);

struct function_spec {
    std::vector<std::vector<std::string_view>> types; // per parameter; empty: any
    bool variadic = false;
    function_body body;
};

const std::map<std::string_view, function_spec>& function_table();

std::string python_list(const std::vector<std::string_view>& names) {
    std::string out = "[";
    for (std::string_view name : names)
        out += (out.size() > 1 ? ", '" : "'") + std::string(name) + "'";
    return out + "]";
}

[[noreturn]] void type_error(std::string_view function, const std::string& value,
                             std::string_view actual, const std::vector<std::string_view>& types) {
    throw error("In function " + std::string(function) + "(), invalid type for value: " + value +
                ", expected one of: " + python_list(types) + ", received: \"" +
                std::string(actual) + "\"");
}

class interpreter {
public:
    json::value visit(const node& n, const json::value& value) {
        switch (n.kind) {
        case node_kind::field:
            return field(n, value);
        case node_kind::subexpression:
        case node_kind::index_expression:
        case node_kind::pipe:
            return in_turn(n, value);
        case node_kind::index:
            return index(n, value);
        case node_kind::slice:
            return slice(n, value);
        case node_kind::projection:
            return projection(n, value);
        case node_kind::value_projection:
            return value_projection(n, value);
        case node_kind::filter_projection:
            return filter_projection(n, value);
        case node_kind::flatten:
            return flatten(n, value);
        case node_kind::identity:
        case node_kind::current:
            return value;
        case node_kind::literal:
            return n.literal;
        case node_kind::comparator:
            return comparator(n, value);
        case node_kind::or_expression: {
            json::value left = visit(n.children[0], value);
            return is_false(left) ? visit(n.children[1], value) : left;
        }
        case node_kind::and_expression: {
            json::value left = visit(n.children[0], value);
            return is_false(left) ? left : visit(n.children[1], value);
        }
        case node_kind::not_expression:
            return is_false(visit(n.children[0], value));
        case node_kind::multi_select_list:
            return multi_select_list(n, value);
        case node_kind::multi_select_hash:
            return multi_select_hash(n, value);
        case node_kind::function:
            return call(n, value);
        case node_kind::expression_reference:
            reference_as_value();
        }
        return nullptr;
    }

private:
    static json::value field(const node& n, const json::value& value) {
        if (!value.is_object())
            return nullptr;
        const json::value* member = value.get_object().if_contains(n.name);
        return member ? *member : json::value(nullptr);
    }

    json::value in_turn(const node& n, const json::value& value) {
        json::value result = value;
        for (const node& child : n.children)
            result = visit(child, result);
        return result;
    }

    static json::value index(const node& n, const json::value& value) {
        if (!value.is_array())
            return nullptr;
        const auto& list = value.get_array();
        const auto size = static_cast<std::int64_t>(list.size());
        const std::int64_t at = n.index < 0 ? n.index + size : n.index;
        if (n.index < -size || at >= size)
            return nullptr;
        return list[static_cast<std::size_t>(at)];
    }

    // Python's list[start:stop:step].
    static json::value slice(const node& n, const json::value& value) {
        if (!value.is_array())
            return nullptr;
        // (A step beyond the list's length acts as any other; clamped, -step cannot overflow.)
        const std::int64_t step =
            std::max(n.slice_step.value_or(1), -std::numeric_limits<std::int64_t>::max());
        if (step == 0)
            throw error("slice step cannot be zero");
        const auto& list = value.get_array();
        const auto size = static_cast<std::int64_t>(list.size());
        const std::int64_t lower = step > 0 ? 0 : -1, upper = step > 0 ? size : size - 1;
        const auto bound = [&](std::optional<std::int64_t> given, std::int64_t otherwise) {
            if (!given)
                return otherwise;
            std::int64_t at = *given;
            if (at < 0)
                return std::max(at < -size ? lower : at + size, lower);
            return std::min(at, upper);
        };
        const std::int64_t start = bound(n.slice_start, step > 0 ? lower : upper);
        const std::int64_t stop = bound(n.slice_stop, step > 0 ? upper : lower);
        json::array out;
        for (std::int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.push_back(list[static_cast<std::size_t>(i)]);
            if (step > 0 ? stop - i <= step : i - stop <= -step)
                break; // the next index would pass `stop` (and might overflow)
        }
        return out;
    }

    json::value collect(const node& right, auto&& elements) {
        json::array out;
        for (const json::value& element : elements)
            if (json::value v = visit(right, element); !v.is_null())
                out.push_back(std::move(v));
        return out;
    }

    json::value projection(const node& n, const json::value& value) {
        const json::value base = visit(n.children[0], value);
        if (!base.is_array())
            return nullptr;
        return collect(n.children[1], base.get_array());
    }

    json::value value_projection(const node& n, const json::value& value) {
        const json::value base = visit(n.children[0], value);
        if (!base.is_object())
            return nullptr;
        std::vector<json::value> values;
        for (const auto& member : base.get_object())
            values.push_back(member.value());
        return collect(n.children[1], values);
    }

    json::value filter_projection(const node& n, const json::value& value) {
        const json::value base = visit(n.children[0], value);
        if (!base.is_array())
            return nullptr;
        json::array out;
        for (const json::value& element : base.get_array())
            if (!is_false(visit(n.children[2], element)))
                if (json::value v = visit(n.children[1], element); !v.is_null())
                    out.push_back(std::move(v));
        return out;
    }

    json::value flatten(const node& n, const json::value& value) {
        const json::value base = visit(n.children[0], value);
        if (!base.is_array())
            return nullptr;
        json::array out;
        for (const json::value& element : base.get_array()) {
            if (element.is_array())
                out.insert(out.end(), element.get_array().begin(), element.get_array().end());
            else
                out.push_back(element);
        }
        return out;
    }

    json::value comparator(const node& n, const json::value& value) {
        const json::value left = visit(n.children[0], value);
        const json::value right = visit(n.children[1], value);
        if (n.compare == comparison::eq)
            return equal(left, right);
        if (n.compare == comparison::ne)
            return !equal(left, right);
        // Ordering holds between two numbers or two strings; anything else is null.
        int order = 0;
        if (is_number(left) && is_number(right)) {
            if (is_nan(left) || is_nan(right))
                return false;
            order = compare_numbers(left, right);
        } else if (left.is_string() && right.is_string()) {
            order = std::string_view(left.get_string()).compare(right.get_string());
        } else {
            return nullptr;
        }
        switch (n.compare) {
        case comparison::lt:
            return order < 0;
        case comparison::lte:
            return order <= 0;
        case comparison::gt:
            return order > 0;
        default:
            return order >= 0;
        }
    }

    json::value multi_select_list(const node& n, const json::value& value) {
        if (value.is_null())
            return nullptr;
        json::array out;
        for (const node& child : n.children)
            out.push_back(visit(child, value));
        return out;
    }

    json::value multi_select_hash(const node& n, const json::value& value) {
        if (value.is_null())
            return nullptr;
        json::object out;
        for (std::size_t i = 0; i < n.children.size(); ++i)
            out.insert_or_assign(n.keys[i], visit(n.children[i], value));
        return out;
    }

    json::value call(const node& n, const json::value& value) {
        std::vector<argument> arguments;
        for (const node& child : n.children) {
            if (child.kind == node_kind::expression_reference)
                arguments.push_back({nullptr, &child.children[0]});
            else
                arguments.push_back({visit(child, value), nullptr});
        }
        const auto& table = function_table();
        const auto found = table.find(n.name);
        if (found == table.end())
            throw error("Unknown function: " + n.name + "()");
        check_arguments(n.name, found->second, arguments);
        return found->second.body(*this, arguments);
    }

    static void check_arity(std::string_view name, const function_spec& spec, std::size_t given) {
        const std::size_t expected = spec.types.size();
        if (spec.variadic ? given >= expected : given == expected)
            return;
        throw error(std::string(spec.variadic ? "Expected at least " : "Expected ") +
                    std::to_string(expected) + (expected == 1 ? " argument" : " arguments") +
                    " for function " + std::string(name) + "(), received " + std::to_string(given));
    }

    static void check_arguments(std::string_view name, const function_spec& spec,
                                const std::vector<argument>& arguments) {
        check_arity(name, spec, arguments.size());
        // As jmespath.py, only the declared parameters are checked: a variadic function's
        // further arguments meet Python itself (merge's dict.update).
        for (std::size_t i = 0; i < spec.types.size(); ++i)
            if (const auto& types = spec.types[i]; !types.empty())
                check_type(name, arguments[i], types);
    }

    // jmespath.py's _type_check_single and _subtype_check.
    static void check_type(std::string_view name, const argument& given,
                           const std::vector<std::string_view>& types) {
        const std::string_view actual = given.reference ? "expref" : type_name(given.value);
        std::vector<std::string_view> element_types;
        bool allowed = false;
        for (std::string_view type : types) {
            const std::size_t dash = type.find('-');
            allowed = allowed || type.substr(0, dash) == actual;
            if (dash != std::string_view::npos)
                element_types.push_back(type.substr(dash + 1));
        }
        if (!allowed)
            type_error(name, given.reference ? "<expref>" : python_str(given.value), actual, types);
        if (element_types.empty() || !given.value.is_array() || given.value.get_array().empty())
            return;
        const auto& elements = given.value.get_array();
        const auto fits = [&](const json::value& element, std::string_view type) {
            return type_name(element) == type;
        };
        std::string_view element_type = element_types.front();
        if (element_types.size() > 1) {
            const auto first = std::find_if(element_types.begin(), element_types.end(),
                                            [&](auto type) { return fits(elements[0], type); });
            if (first == element_types.end())
                type_error(name, python_str(elements[0]), python_type_name(elements[0]), types);
            element_type = *first;
        }
        for (const json::value& element : elements)
            if (!fits(element, element_type))
                type_error(name, python_str(element), python_type_name(element), types);
    }

public:
    // An expression reference's value on each element, each of one of `allowed` types.
    std::vector<json::value> keys_of(std::string_view function, const node& reference,
                                     const json::array& elements,
                                     const std::vector<std::string_view>& allowed) {
        std::vector<json::value> keys;
        for (const json::value& element : elements) {
            json::value key = visit(reference, element);
            if (std::find(allowed.begin(), allowed.end(), type_name(key)) == allowed.end())
                type_error(function, python_str(key), type_name(key), allowed);
            keys.push_back(std::move(key));
        }
        return keys;
    }
};

// --- the built-in functions, jmespath.py's _func_* ---------------------------------------------

// Python's `a < b` (or `a > b`) over a number or a string against another of the same kind;
// mixed kinds are Python's TypeError, named by the operator and operands as Python names them.
bool python_ordered(const json::value& a, const json::value& b, char op = '<') {
    int order = 0;
    if (is_number(a) && is_number(b))
        order = compare_numbers(a, b);
    else if (a.is_string() && b.is_string())
        order = std::string_view(a.get_string()).compare(b.get_string());
    else
        throw error(std::string("'") + op + "' not supported between instances of '" +
                    std::string(python_type_name(a)) + "' and '" +
                    std::string(python_type_name(b)) + "'");
    return op == '<' ? order < 0 : order > 0;
}

bool less(const json::value& a, const json::value& b) {
    return python_ordered(a, b);
}

// Python's int() of a whole double: exact where 64 bits hold it (beyond them this stays a
// double, one of the README's differences).
json::value integral(double value) {
    if (std::isnan(value))
        throw error("cannot convert float NaN to integer");
    if (std::isinf(value))
        throw error("cannot convert float infinity to integer");
    if (value >= -9223372036854775808.0 && value < 9223372036854775808.0)
        return static_cast<std::int64_t>(value);
    if (value > 0 && value < 18446744073709551616.0)
        return static_cast<std::uint64_t>(value);
    return value;
}

json::value f_abs(interpreter&, std::vector<argument>& a) {
    const json::value& v = a[0].value;
    if (v.is_double())
        return std::fabs(v.get_double());
    if (v.is_uint64())
        return v;
    const std::int64_t i = v.get_int64();
    if (i == std::numeric_limits<std::int64_t>::min())
        return std::uint64_t(1) << 63;
    return i < 0 ? -i : i;
}

__extension__ using wide_integer = __int128; // the sum of any int64 and uint64 values here
__extension__ using wide_unsigned = unsigned __int128;

// Python's sum: exact over integers, floating from the first float on.
struct python_sum {
    wide_integer whole = 0;
    double real = 0;
    bool floating = false;

    explicit python_sum(const json::array& numbers) {
        for (const json::value& v : numbers) {
            if (!floating && v.is_double())
                real = double(whole), floating = true;
            if (floating)
                real += to_double(v);
            else
                whole += v.is_int64() ? wide_integer(v.get_int64()) : wide_integer(v.get_uint64());
        }
    }
};

int bit_length(wide_unsigned n) {
    int bits = 0;
    for (; n != 0; n >>= 1)
        ++bits;
    return bits;
}

// Python's int / int: the quotient correctly rounded (to nearest, ties to even), where
// double(a) / double(b) would round twice once a passes 2^53.
double true_division(wide_integer a, std::uint64_t b) {
    const wide_unsigned n = a < 0 ? wide_unsigned(0) - wide_unsigned(a) : wide_unsigned(a);
    if (n < (wide_unsigned(1) << 53))
        return double(a) / double(b);
    // Scaled so that the quotient has 55 to 57 bits: 53 kept, the rest and the remainder round.
    const int shift = bit_length(n) - bit_length(b) - 56;
    const wide_unsigned numerator = shift < 0 ? n << -shift : n;
    const wide_unsigned denominator = shift < 0 ? wide_unsigned(b) : wide_unsigned(b) << shift;
    const wide_unsigned quotient = numerator / denominator;
    const bool inexact = numerator % denominator != 0;
    const int dropped = bit_length(quotient) - 53;
    wide_unsigned kept = quotient >> dropped;
    const wide_unsigned rest = quotient & ((wide_unsigned(1) << dropped) - 1);
    const wide_unsigned half = wide_unsigned(1) << (dropped - 1);
    if (rest > half || (rest == half && (inexact || (kept & 1) != 0)))
        ++kept;
    const double magnitude = std::ldexp(double(kept), dropped + shift);
    return a < 0 ? -magnitude : magnitude;
}

json::value sum_of(const json::array& numbers) {
    const python_sum sum(numbers);
    if (sum.floating)
        return sum.real;
    if (sum.whole >= std::numeric_limits<std::int64_t>::min() &&
        sum.whole <= std::numeric_limits<std::int64_t>::max())
        return static_cast<std::int64_t>(sum.whole);
    if (sum.whole > 0 && sum.whole <= wide_integer(std::numeric_limits<std::uint64_t>::max()))
        return static_cast<std::uint64_t>(sum.whole);
    return double(sum.whole);
}

json::value f_avg(interpreter&, std::vector<argument>& a) {
    const auto& numbers = a[0].value.get_array();
    if (numbers.empty())
        return nullptr;
    const python_sum sum(numbers);
    return sum.floating ? sum.real / double(numbers.size())
                        : true_division(sum.whole, numbers.size());
}

json::value f_ceil(interpreter&, std::vector<argument>& a) {
    const json::value& v = a[0].value;
    return v.is_double() ? integral(std::ceil(v.get_double())) : v;
}

json::value f_floor(interpreter&, std::vector<argument>& a) {
    const json::value& v = a[0].value;
    return v.is_double() ? integral(std::floor(v.get_double())) : v;
}

// Python's `search in subject`.
json::value f_contains(interpreter&, std::vector<argument>& a) {
    const json::value &subject = a[0].value, &search = a[1].value;
    if (subject.is_string()) {
        if (!search.is_string())
            throw error("'in <string>' requires string as left operand, not " +
                        std::string(a[1].python_type()));
        return std::string_view(subject.get_string()).find(search.get_string()) !=
               std::string_view::npos;
    }
    const auto& list = subject.get_array();
    return !a[1].reference && std::any_of(list.begin(), list.end(),
                                          [&](const auto& v) { return equal(v, search, true); });
}

json::value f_ends_with(interpreter&, std::vector<argument>& a) {
    return std::string_view(a[0].value.get_string()).ends_with(a[1].value.get_string());
}

json::value f_starts_with(interpreter&, std::vector<argument>& a) {
    return std::string_view(a[0].value.get_string()).starts_with(a[1].value.get_string());
}

json::value f_join(interpreter&, std::vector<argument>& a) {
    const std::string_view separator = a[0].value.get_string();
    std::string out;
    bool first = true;
    for (const json::value& part : a[1].value.get_array()) {
        if (!first)
            out += separator;
        first = false;
        out += std::string_view(part.get_string());
    }
    return json::string(out);
}

json::value f_keys(interpreter&, std::vector<argument>& a) {
    json::array out;
    for (const auto& member : a[0].value.get_object())
        out.emplace_back(member.key());
    return out;
}

json::value f_values(interpreter&, std::vector<argument>& a) {
    json::array out;
    for (const auto& member : a[0].value.get_object())
        out.push_back(member.value());
    return out;
}

json::value f_length(interpreter&, std::vector<argument>& a) {
    const json::value& v = a[0].value;
    if (v.is_string())
        return static_cast<std::int64_t>(code_points(v.get_string()));
    return static_cast<std::int64_t>(v.is_array() ? v.get_array().size() : v.get_object().size());
}

json::value f_map(interpreter& in, std::vector<argument>& a) {
    json::array out;
    for (const json::value& element : a[1].value.get_array())
        out.push_back(in.visit(*a[0].reference, element));
    return out;
}

json::value extreme(const json::array& list, bool largest) {
    if (list.empty())
        return nullptr;
    const json::value* best = &list[0];
    for (const json::value& v : list)
        if (python_ordered(v, *best, largest ? '>' : '<'))
            best = &v;
    return *best;
}

json::value f_max(interpreter&, std::vector<argument>& a) {
    return extreme(a[0].value.get_array(), true);
}

json::value f_min(interpreter&, std::vector<argument>& a) {
    return extreme(a[0].value.get_array(), false);
}

json::value extreme_by(interpreter& in, std::vector<argument>& a, std::string_view name,
                       bool largest) {
    const auto& list = a[0].value.get_array();
    const auto keys = in.keys_of(name, *a[1].reference, list, {"number", "string"});
    if (list.empty())
        return nullptr;
    std::size_t best = 0;
    for (std::size_t i = 1; i < list.size(); ++i)
        if (python_ordered(keys[i], keys[best], largest ? '>' : '<')) // as Python's max, min
            best = i;
    return list[best];
}

json::value f_max_by(interpreter& in, std::vector<argument>& a) {
    return extreme_by(in, a, "max_by", true);
}

json::value f_min_by(interpreter& in, std::vector<argument>& a) {
    return extreme_by(in, a, "min_by", false);
}

// What Python's iteration over a value yields: a list's elements, a string's characters, an
// object's keys; nothing for what is not iterable.
std::optional<std::vector<json::value>> python_items(const json::value& v) {
    std::vector<json::value> items;
    if (v.is_array())
        items.assign(v.get_array().begin(), v.get_array().end());
    else if (v.is_string())
        for (std::string_view character : split_code_points(v.get_string()))
            items.emplace_back(json::string(character));
    else if (v.is_object())
        for (const auto& member : v.get_object())
            items.emplace_back(json::string(member.key()));
    else
        return std::nullopt;
    return items;
}

// Python's dict.update(from), its errors in Python's words.
void python_update(json::object& out, const argument& given) {
    const json::value& from = given.value;
    if (given.reference)
        throw error("'" + std::string(given.python_type()) + "' object is not iterable");
    if (from.is_object()) {
        for (const auto& member : from.get_object())
            out.insert_or_assign(member.key(), member.value());
        return;
    }
    const auto items = python_items(from);
    if (!items)
        throw error("'" + std::string(python_type_name(from)) + "' object is not iterable");
    for (std::size_t i = 0; i < items->size(); ++i) {
        const auto pair = python_items((*items)[i]);
        const std::string element = "dictionary update sequence element #" + std::to_string(i);
        if (!pair)
            throw error("cannot convert " + element + " to a sequence");
        if (pair->size() != 2)
            throw error(element + " has length " + std::to_string(pair->size()) +
                        "; 2 is required");
        const json::value& key = (*pair)[0];
        if (key.is_array() || key.is_object())
            throw error("unhashable type: '" + std::string(python_type_name(key)) + "'");
        if (!key.is_string()) // Python keeps it as a number, true or None; JSON has no such key
            throw error("merge(): a key that is not a string (" + python_repr(key) +
                        ") is not supported by awsml");
        out.insert_or_assign(key.get_string(), (*pair)[1]);
    }
}

json::value f_merge(interpreter&, std::vector<argument>& a) {
    json::object out;
    for (const argument& given : a)
        python_update(out, given);
    return out;
}

json::value f_not_null(interpreter&, std::vector<argument>& a) {
    for (const argument& given : a) {
        if (given.reference)
            reference_as_value();
        if (!given.value.is_null())
            return given.value;
    }
    return nullptr;
}

json::value f_reverse(interpreter&, std::vector<argument>& a) {
    if (a[0].value.is_string()) {
        auto parts = split_code_points(a[0].value.get_string());
        std::reverse(parts.begin(), parts.end());
        std::string out;
        for (std::string_view part : parts)
            out += part;
        return json::string(out);
    }
    json::array out(a[0].value.get_array());
    std::reverse(out.begin(), out.end());
    return out;
}

json::value f_sort(interpreter&, std::vector<argument>& a) {
    json::array out(a[0].value.get_array());
    std::stable_sort(out.begin(), out.end(), less);
    return out;
}

json::value f_sort_by(interpreter& in, std::vector<argument>& a) {
    const auto& list = a[0].value.get_array();
    if (list.empty())
        return list;
    const std::string_view first_type = type_name(in.visit(*a[1].reference, list[0]));
    if (first_type != "number" && first_type != "string")
        type_error("sort_by", python_str(list[0]), first_type, {"string", "number"});
    const auto keys = in.keys_of("sort_by", *a[1].reference, list, {first_type});
    std::vector<std::size_t> order(list.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t x, std::size_t y) { return less(keys[x], keys[y]); });
    json::array out;
    for (std::size_t i : order)
        out.push_back(list[i]);
    return out;
}

json::value f_sum(interpreter&, std::vector<argument>& a) {
    return sum_of(a[0].value.get_array());
}

json::value f_to_array(interpreter&, std::vector<argument>& a) {
    if (a[0].reference)
        reference_as_value();
    if (a[0].value.is_array())
        return a[0].value;
    return json::array{a[0].value};
}

json::value f_to_string(interpreter&, std::vector<argument>& a) {
    if (a[0].reference)
        reference_as_value();
    if (a[0].value.is_string())
        return a[0].value;
    return json::string(python_json(a[0].value, python_json_layout::compact));
}

json::value f_to_number(interpreter&, std::vector<argument>& a) {
    if (a[0].reference)
        throw error("int() argument must be a string, a bytes-like object or a real number, not '" +
                    std::string(a[0].python_type()) + "'");
    const json::value& v = a[0].value;
    if (is_number(v))
        return v;
    if (v.is_string())
        return python_number(v.get_string());
    return nullptr;
}

json::value f_type(interpreter&, std::vector<argument>& a) {
    if (a[0].reference) // none of jmespath.py's types: its _func_type returns None
        return nullptr;
    return json::string(type_name(a[0].value));
}

const std::map<std::string_view, function_spec>& function_table() {
    using types = std::vector<std::string_view>;
    static const std::map<std::string_view, function_spec> table = {
        {"abs", {{types{"number"}}, false, f_abs}},
        {"avg", {{types{"array-number"}}, false, f_avg}},
        {"ceil", {{types{"number"}}, false, f_ceil}},
        {"contains", {{types{"array", "string"}, types{}}, false, f_contains}},
        {"ends_with", {{types{"string"}, types{"string"}}, false, f_ends_with}},
        {"floor", {{types{"number"}}, false, f_floor}},
        {"join", {{types{"string"}, types{"array-string"}}, false, f_join}},
        {"keys", {{types{"object"}}, false, f_keys}},
        {"length", {{types{"string", "array", "object"}}, false, f_length}},
        {"map", {{types{"expref"}, types{"array"}}, false, f_map}},
        {"max", {{types{"array-number", "array-string"}}, false, f_max}},
        {"max_by", {{types{"array"}, types{"expref"}}, false, f_max_by}},
        {"merge", {{types{"object"}}, true, f_merge}},
        {"min", {{types{"array-number", "array-string"}}, false, f_min}},
        {"min_by", {{types{"array"}, types{"expref"}}, false, f_min_by}},
        {"not_null", {{types{}}, true, f_not_null}},
        {"reverse", {{types{"array", "string"}}, false, f_reverse}},
        {"sort", {{types{"array-string", "array-number"}}, false, f_sort}},
        {"sort_by", {{types{"array"}, types{"expref"}}, false, f_sort_by}},
        {"starts_with", {{types{"string"}, types{"string"}}, false, f_starts_with}},
        {"sum", {{types{"array-number"}}, false, f_sum}},
        {"to_array", {{types{}}, false, f_to_array}},
        {"to_number", {{types{}}, false, f_to_number}},
        {"to_string", {{types{}}, false, f_to_string}},
        {"type", {{types{}}, false, f_type}},
        {"values", {{types{"object"}}, false, f_values}},
    };
    return table;
}

} // namespace

expression expression::compile(std::string_view text) {
    expression e;
    e.text_ = std::string(text);
    e.root_ = std::make_shared<const node>(parse(text));
    return e;
}

boost::json::value expression::search(const boost::json::value& data) const {
    return interpreter{}.visit(*root_, data);
}

} // namespace awsml::cli::jmespath
