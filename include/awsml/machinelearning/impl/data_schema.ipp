#pragma once

// The definitions behind data_schema.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

#include <awsml/machinelearning/data_schema.hpp>
#include <awsml/machinelearning/detail/data_schema_checks.hpp>

namespace awsml::machinelearning {

AWSML_DECL std::ostream& operator<<(std::ostream& out,
                                    const std::vector<document_problem>& problems) {
    const char* separator = "";
    for (const auto& p : problems)
        out << separator << p.describe(), separator = "; ";
    return out;
}

AWSML_DECL decode_result<data_schema> try_parse_data_schema(std::string_view json) {
    return try_from_json<data_schema>(json);
}

AWSML_DECL data_schema parse_data_schema(std::string_view json) {
    return from_json<data_schema>(json);
}

AWSML_DECL data_schema parse_data_schema(std::string_view json, std::error_code& ec) {
    return from_json<data_schema>(json, ec);
}

AWSML_DECL std::vector<document_problem> check(const data_schema& schema) {
    return ::awsml::detail::check_data_schema(schema);
}

AWSML_DECL void check_or_throw(const data_schema& schema) {
    if (auto problems = check(schema); !problems.empty())
        throw invalid_document(errc::validation_failed, std::move(problems));
}

} // namespace awsml::machinelearning
