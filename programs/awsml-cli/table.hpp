#pragma once

// --output table, as the AWS CLI (v1) draws it: awscli/formatter.py's TableFormatter cuts the
// answer into sections (one per structure, per list of structures and per nested member, each
// titled with its member's name, the whole answer with the operation's), and awscli/table.py's
// MultiTable draws them in boxes as wide as the widest section. Where that is wider than the
// terminal, each section of one row is turned on its side (a "name | value" row per column).
// Kept byte for byte, quirks included: a scalar answer prints only its title, and an answer
// Python counts false (null, 0, "", [], {}) prints nothing.

#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace awsml::cli {

/// The colours of --color: the AWS CLI's ColorizedStyler, or none.
enum class table_colors { off, on };

/// The table of `value` titled `title` (the operation's name, e.g. "GetMLModel"), for a terminal
/// `terminal_width` columns wide. Throws std::runtime_error, with Python's words, where the AWS
/// CLI's formatter raises: on shapes only a --query can make, such as a list of structures that
/// also holds a scalar, or rows of different lengths in one section.
std::string format_table(const boost::json::value& value, std::string_view title,
                         std::size_t terminal_width, table_colors colors);

/// The columns of the terminal on standard output, or 80 where it is not a terminal (awscli's
/// determine_terminal_width).
std::size_t stdout_terminal_width();

/// Whether standard output is a terminal: --color auto's choice.
bool stdout_is_terminal();

} // namespace awsml::cli
