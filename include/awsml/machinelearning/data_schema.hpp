#pragma once

/// \file
/// The data schema that Amazon ML carries inside a string (GetDataSource's DataSourceSchema,
/// GetMLModel's Schema, the DataSchema of the S3, RDS and Redshift data specs), as a shape.
/// Spelled as the Amazon ML Developer Guide spells it ("Creating a Data Schema for Amazon ML":
/// targetAttributeName, rowId, attributes[].attributeName and attributeType), not as the
/// service-2.json doc strings do (targetFieldName, variables[].fieldName).
///
///     namespace ml = awsml::machinelearning;
///     ml::data_schema schema = ml::parse_data_schema(*source.data_source_schema);
///     for (const ml::document_problem& p : ml::check(schema))
///         std::cerr << p << '\n';     // attributes[3].attributeName: "age" is already ...
///     std::string text = awsml::to_json(schema);
///
/// Decoding, encoding, equality and printing come from the shape description; check() adds the
/// rules a schema must keep beyond its JSON form: attribute names unique, the target, row ID,
/// row weight and excluded attributes among the declared attributes, the row ID not the target, dataFormat (when given) CSV.

#include <awsml/core/detail/separate_compilation.hpp>
#include <awsml/core/error.hpp>
#include <awsml/model/from_json.hpp>
#include <awsml/model/open_enum.hpp>
#include <awsml/model/shape.hpp>
#include <awsml/model/to_json.hpp>
#include <awsml/model/validate.hpp>

#include <boost/assert/source_location.hpp>

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace awsml::machinelearning {

// --- the shapes ------------------------------------------------------------------------------

/// The known values of attribute_type, named as in the schema document.
BOOST_DEFINE_ENUM_CLASS(attribute_type_value, BINARY, CATEGORICAL, NUMERIC, TEXT)
/// An attribute's data type; a type this version does not know is kept as its string.
struct attribute_type : open_enum<attribute_type, attribute_type_value> {
    /// Holds a known value; implicit, so that an enumerator converts.
    using open_enum::open_enum;
    using enum attribute_type_value;
};

/// One column of the data: `attributeName` (required, unique in the schema) and `attributeType`
/// (BINARY, CATEGORICAL, NUMERIC or TEXT, required).
AWSML_SHAPE(schema_attribute, (std::string, name, "attributeName", required),
            (attribute_type, type, "attributeType", required))

/// A data schema document. Members (C++ name, wire name), each optional member absent from the
/// JSON when unset:
/// - `version` (`version`): the schema format's version, "1.0".
/// - `target_attribute_name` (`targetAttributeName`): the attribute the model learns to predict;
///   required to train, not to predict.
/// - `row_id` (`rowId`): an attribute that identifies each row in batch prediction output.
/// - `row_weight` (`rowWeight`): an attribute weighting each row in training.
/// - `data_format` (`dataFormat`): "CSV".
/// - `data_file_contains_header` (`dataFileContainsHeader`): whether the first line names the
///   columns.
/// - `attributes` (`attributes`): every column, in file order.
/// - `excluded_attribute_names` (`excludedAttributeNames`): attributes left out of training.
AWSML_SHAPE(data_schema, (std::optional<std::string>, version, "version"),
            (std::optional<std::string>, target_attribute_name, "targetAttributeName"),
            (std::optional<std::string>, row_id, "rowId"),
            (std::optional<std::string>, row_weight, "rowWeight"),
            (std::optional<std::string>, data_format, "dataFormat"),
            (std::optional<bool>, data_file_contains_header, "dataFileContainsHeader"),
            (std::vector<schema_attribute>, attributes, "attributes"),
            (std::optional<std::vector<std::string>>, excluded_attribute_names,
             "excludedAttributeNames"))

// --- what check() reports --------------------------------------------------------------------

/// One thing wrong with a schema or recipe: where (a path into the document, such as
/// `attributes[3].attributeName`, `outputs[2]` or `assignments.foo`), at which character of the
/// expression found there when the place is an expression, and what.
struct document_problem {
    std::string path;    ///< e.g. "attributes[3].attributeName"; "" for the document itself
    std::string message; ///< what is wrong
    std::optional<std::size_t> offset; ///< characters (code points) from the expression's start

    /// "outputs[2], character 14: ..." or "attributes[3].attributeName: ...".
    std::string describe() const {
        std::string out = path;
        if (offset)
            out.append(out.empty() ? "character " : ", character ").append(std::to_string(*offset));
        return out.empty() ? message : out.append(": ").append(message);
    }

    friend bool operator==(const document_problem&, const document_problem&) = default;
    friend std::ostream& operator<<(std::ostream& out, const document_problem& p) {
        return out << p.describe();
    }
};

/// Each problem's describe(), separated by "; " (also lets a result holding them print).
AWSML_DECL std::ostream& operator<<(std::ostream& out,
                                    const std::vector<document_problem>& problems);

/// Thrown by the throwing forms (check_or_throw, parse_recipe, parse_expression): what() lists
/// every problem; code() is errc::invalid_value for a syntax error, errc::validation_failed for a
/// document that breaks a rule.
class invalid_document : public error {
public:
    /// From the problems found (at least one); what() is describe(problems).
    invalid_document(errc code, std::vector<document_problem> problems)
        : error(make_error_code(code), describe(problems))
        , problems_(std::move(problems)) {}

    /// Every problem, in document order.
    const std::vector<document_problem>& problems() const noexcept { return problems_; }

    /// "invalid document: PROBLEM; PROBLEM", the text of what().
    static std::string describe(const std::vector<document_problem>& problems) {
        std::string out = "invalid document:";
        for (const auto& p : problems)
            out.append(" ").append(p.describe()).append(";");
        out.pop_back();
        return out;
    }

private:
    std::vector<document_problem> problems_;
};

/// Lets boost::system::result<T, document_problem>::value() throw invalid_document.
[[noreturn]] inline void throw_exception_from_error(const document_problem& problem,
                                                    const boost::source_location&) {
    throw invalid_document(errc::invalid_value, {problem});
}
/// Lets boost::system::result<T, std::vector<document_problem>>::value() throw invalid_document.
[[noreturn]] inline void throw_exception_from_error(const std::vector<document_problem>& problems,
                                                    const boost::source_location&) {
    throw invalid_document(errc::invalid_value, problems);
}

// --- parsing, checking ----------------------------------------------------------------------

/// Decodes a schema; a failure names its JSON path ($.attributes[3].attributeType) and reason.
/// Members the guide does not define are skipped; check() says whether the result makes sense.
AWSML_DECL decode_result<data_schema> try_parse_data_schema(std::string_view json);
/// Throws decode_error.
AWSML_DECL data_schema parse_data_schema(std::string_view json);
/// Sets `ec` and returns an empty schema on failure.
AWSML_DECL data_schema parse_data_schema(std::string_view json, std::error_code& ec);

} // namespace awsml::machinelearning

// The checks' bodies are in detail/data_schema_checks.hpp, which impl/data_schema.ipp includes.
// Internals live in awsml::detail: a machinelearning::detail would be ambiguous with it wherever
// awsml's `using namespace machinelearning` is in force.
namespace awsml::detail {
inline std::vector<machinelearning::document_problem>
check_data_schema(const machinelearning::data_schema& schema);
} // namespace awsml::detail

namespace awsml::machinelearning {

/// Every rule the schema breaks, each with its place; empty when it is consistent.
AWSML_DECL std::vector<document_problem> check(const data_schema& schema);

/// Throws invalid_document (errc::validation_failed) listing every problem, if there is any.
AWSML_DECL void check_or_throw(const data_schema& schema);

} // namespace awsml::machinelearning

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/machinelearning/impl/data_schema.ipp>
#endif
