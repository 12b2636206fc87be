// Fuzz target: the awsml CLI's --query (JMESPath: programs/awsml-cli/jmespath*.cpp) and its
// output (JSON as Python writes it, awscli's text and table formats), over one answer with nested objects,
// lists, int64 extremes, doubles and non-ASCII text. The input's first line is the expression,
// the rest, when it is JSON, the document it runs on. Checks: no crash, hang or sanitizer
// finding; a refused expression says why; JSON output without NaN or Infinity is JSON again.
// (Expressions that are not UTF-8 are left out: the CLI refuses them first.)
#include <awsml-cli/exact_json.hpp>
#include <awsml-cli/jmespath.hpp>
#include <awsml-cli/output.hpp>
#include <awsml-cli/python_json.hpp>
#include <awsml-cli/table.hpp>
#include <awsml-cli/timestamps.hpp>

#include <awsml/model/detail/utf8.hpp>

#include "fuzz_support.hpp"

#include <boost/json/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace {

using awsml_fuzz::require;
namespace json = boost::json;

constexpr std::string_view answer =
    R"({"MLModelId": "ml-\u00e9", "SizeInBytes": 9223372036854775807,
  "ComputeTime": -9223372036854775808, "CreatedAt": 1435184201.123, "ScoreThreshold": 0.21209149732767718,
  "TrainingParameters": {"sgd.maxPasses": "10", "b": ""}, "Results": [{"a": 1, "b": [1, 2, [3]]},
  {"a": "x", "c": {"d": null}}, true, false, null, 1e300, "\u4e2d"]})";

json::value document_of(std::string_view rest) {
    try {
        if (!rest.empty())
            return awsml::cli::parse_exact_json(rest);
    } catch (const std::invalid_argument&) {
    }
    return awsml::cli::parse_exact_json(answer);
}

void check_output(const json::value& result) {
    const std::string printed =
        awsml::cli::python_json(result, awsml::cli::python_json_layout::indented);
    if (printed.find("NaN") == std::string::npos && printed.find("Infinity") == std::string::npos) {
        json::error_code ec;
        (void)json::parse(printed, ec);
        require(!ec, "the JSON output does not parse", printed);
    }
    // awscli's text and table formatters raise on some shapes only a query makes; so do these.
    const auto says_why = [&](auto format) {
        try {
            (void)format();
        } catch (const std::runtime_error& e) {
            require(std::string_view(e.what()).size() > 10, "a formatting failure says why",
                    printed);
        }
    };
    says_why([&] { return awsml::cli::format_text(result); });
    if (result.is_number()) // as a timestamp, printed as cli_timestamp_format = iso8601 does
        says_why([&] { return awsml::cli::python_isoformat(result); });
    for (const std::size_t width : {20, 80})
        says_why([&] {
            return awsml::cli::format_table(result, "Operation", width,
                                            awsml::cli::table_colors::on);
        });
    (void)awsml::cli::python_json(result, awsml::cli::python_json_layout::compact);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t line_end = input.find('\n');
    const std::string_view text = input.substr(0, line_end);
    if (awsml::detail::invalid_utf8_offset(text) != std::string_view::npos)
        return 0; // the CLI refuses such an argument before it is parsed
    const json::value document = document_of(
        line_end == std::string_view::npos ? std::string_view() : input.substr(line_end + 1));
    awsml::cli::jmespath::expression query;
    try {
        query = awsml::cli::jmespath::expression::compile(text);
    } catch (const awsml::cli::jmespath::error& e) {
        require(std::string_view(e.what()).size() > 10, "a refusal says why", text);
        return 0;
    }
    try {
        check_output(query.search(document));
    } catch (const awsml::cli::jmespath::error& e) {
        require(std::string_view(e.what()).size() > 10, "a failure says why", text);
    }
    return 0;
}
