#pragma once

// JSON and scalars as Python writes them, since the AWS CLI prints what Python's json.dumps and
// str() make of botocore's answer: a float's shortest repr ("100.0", "1e+16"), strings with or
// without ensure_ascii, json.dumps' indent=4 and compact layouts.

#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace awsml::cli {

namespace json = boost::json;

/// repr(float): the shortest digits that read back as `value`, fixed between 1e-4 and 1e16
/// (always with a fraction: "100.0"), else with an exponent of at least two digits ("1e-05").
std::string python_float_repr(double value);

/// A JSON string as json.dumps writes it. With `ensure_ascii`, every code point beyond ASCII is
/// \\uXXXX (a surrogate pair above U+FFFF); without it, only '"', '\\' and control characters are
/// escaped.
std::string python_json_string(std::string_view text, bool ensure_ascii);

/// How json.dumps lays a document out.
enum class python_json_layout {
    indented, ///< indent=4, separators (",", ": "), ensure_ascii=False: the AWS CLI's output
    compact,  ///< separators (",", ":"), ensure_ascii=True: JMESPath's to_string()
};

/// `value` as json.dumps writes it in `layout`.
std::string python_json(const json::value& value, python_json_layout layout);

/// str() as the AWS CLI's text and table outputs write a value: text as it is, True, False, None,
/// numbers as repr, lists and objects as repr (python_repr).
std::string python_str(const json::value& value);

/// Python's name for the type of `value` ("str", "int", "float", "bool", "list", "dict",
/// "NoneType"), as its error messages print it.
std::string_view python_type_name(const json::value& value);

/// repr(): strings quoted and escaped as Python does (see python_unprintable in the .cpp for
/// which code points beyond ASCII are escaped), lists "[1, 'a']", objects "{'k': None}".
std::string python_repr(const json::value& value);

/// Python's int(text), then float(text): Unicode digits and blanks, blanks around, one sign, '_'
/// between digits, inf and nan but not nan(...); whole numbers exact to 64 bits (Python's are
/// exact beyond: a README difference). null where neither reads `text`.
json::value python_number(std::string_view text);

} // namespace awsml::cli
