#pragma once

// The AWS CLI's shorthand syntax (awscli/shorthand.py's ShorthandParser), read as it reads it:
//   Key=Value,Key2=Value2          pairs; blanks around keys and values are not theirs
//   Key=a,b,c                      a value that is a list of text
//   Key=[a,b],Key2={Inner=x}       explicit lists and nested structures, to any depth
//   Key='a,b',Key2="say \"hi\""    quoted values, with \' or \" and \\ inside
//   Key=a\,b                       an escaped comma in a bare value
//   Key@=file://path               a value read from a file
// The result holds only text, lists and objects; the shape of the parameter decides what each
// text is (see coerce_shorthand in arguments.hpp). Syntax errors are botocore's, with a caret
// under the position: "Expected: '=', received: ',' for input: ...".

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace awsml::cli {

namespace json = boost::json;

/// `text` parsed as shorthand; a usage_error names `option` and the position that does not parse,
/// or a key given twice at the top level.
json::value parse_shorthand(std::string_view text, const std::string& option);

/// Whether botocore reads `text` as JSON rather than shorthand: it starts, after blanks, with
/// '[' or '{'.
bool looks_like_json(std::string_view text);

} // namespace awsml::cli
