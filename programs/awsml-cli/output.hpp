#pragma once

// What a command prints, as the AWS CLI prints it: --query (JMESPath) applied to the answer, then
// --output json (json.dumps' indent=4; nothing for an empty object), text (tab-separated rows,
// awscli/text.py's rules) or table (table.hpp). The answer comes as the JSON text awsml::to_json
// wrote, parsed with every number exact (exact_json.hpp).

#include <awsml-cli/jmespath.hpp>
#include <awsml-cli/table.hpp>
#include <awsml-cli/timestamps.hpp>

#include <boost/json/value.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace awsml::cli {

enum class output_format { json, text, table };

struct output_options {
    output_format format = output_format::json;
    std::optional<jmespath::expression> query;
    table_colors colors = table_colors::off;
    std::size_t terminal_width = 80; ///< where a table turns its single rows on their side
    timestamp_format timestamps = timestamp_format::wire; ///< the profile's cli_timestamp_format
};

/// The format --output names: json, text or table; nullopt for any other.
std::optional<output_format> output_format_named(std::string_view name);

/// --query's expression; throws std::runtime_error("Bad value for --query ...") as the AWS CLI
/// says it.
jmespath::expression query_option(std::string_view text);

/// What the AWS CLI prints for `response` (the answer of operation `operation`, which titles a
/// table, as its formatters receive it: answer_json) with `options`: the whole text, built
/// before anything is written, so a query or a table that fails on the data prints nothing.
std::string format_response(boost::json::value response, std::string_view operation,
                            const output_options& options);

/// The AWS CLI's text output of a value (awscli/text.py's format_text).
std::string format_text(const boost::json::value& value);

} // namespace awsml::cli
