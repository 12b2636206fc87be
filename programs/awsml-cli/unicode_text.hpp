#pragma once

// Text as the AWS CLI's Python sees it: code points, and the width its table output gives them
// (awscli/table.py's get_text_length): two columns for each code point whose East Asian Width is
// W (wide), F (fullwidth) or A (ambiguous: "é" and "°" among them), one for any other. A table's
// borders line up with the AWS CLI's only where the same widths are used.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace awsml::cli {

struct code_point {
    char32_t value;
    std::size_t length; ///< in bytes
};

/// The code point that starts at text[at]. A byte that starts no well-formed UTF-8 sequence is a
/// code point of its own, of its byte's value (the CLI's text has been checked: a safeguard).
code_point code_point_at(std::string_view text, std::size_t at);

/// `text` as Python's int() and float() read it (_PyUnicode_TransformDecimalAndSpaceToASCII):
/// each Unicode decimal digit as its ASCII digit, each whitespace character as a space; nullopt
/// where another character outside ASCII leaves nothing a number could be.
std::optional<std::string> python_number_text(std::string_view text);

/// Whether Python's str.isspace() holds for `c` (Unicode's whitespace, not only ASCII's), which
/// is also what its regular expressions' \s match.
bool python_space(char32_t c);

/// `text` (UTF-8) without the whitespace Python's str.lstrip() removes.
std::string_view python_lstrip(std::string_view text);

/// `text` (UTF-8) without the whitespace Python's str.rstrip() removes.
std::string_view python_rstrip(std::string_view text);

/// `text` with every `from` replaced by `to`, left to right in one pass, as Python's
/// str.replace() does it; an empty `from` (Python puts `to` between code points) leaves `text`.
std::string python_replace(std::string_view text, std::string_view from, std::string_view to);

/// `text` (UTF-8) upper-cased as Python's str.upper() does it (ß becomes SS).
std::string python_upper(std::string_view text);

/// The columns `text` (UTF-8) takes in the AWS CLI's table output.
std::size_t text_width(std::string_view text);

} // namespace awsml::cli
