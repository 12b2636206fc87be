#pragma once

// A data source's records, read as Amazon ML reads them: CSV files (RFC 4180: quoted fields,
// doubled quotes, CRLF or LF) described by a data schema, the header row skipped when
// dataFileContainsHeader says so, then the DataRearrangement split applied.
//
// A record is invalid, and left out (its place kept for a batch prediction's blank line), when
// its number of fields differs from the schema's attributes, when a quoted value is still open
// at the end of its line (the guide: no value holds a line break, quoted or not), when it is
// over 100 KB, or when a value is not UTF-8 or holds a NUL (its values become feature names,
// labels and answers: JSON text). A data source fails when none is valid, or when more than
// 10,000 are invalid (the developer guide's limit) or more than 10% (awsml-local's own rule,
// which the guide does not state), with a message naming the first invalid record. A byte order
// mark before the first record is skipped. A NUMERIC value that is not a number and a BINARY
// value outside 0/1, yes/no, y/n, true/false, t/f (any case, white space around ignored) are
// invalid values, read as missing.
//
// The statistics are Amazon ML's "data insights": per attribute, the missing and the invalid
// values, and the range, median, mean and a histogram (NUMERIC) or the most frequent values
// (BINARY, CATEGORICAL; TEXT's words, each counted once per record).

#include <awsml-local/fnv1a.hpp>
#include <awsml-local/s3_files.hpp>
#include <awsml-local/spec_error.hpp>
#include <awsml/machinelearning/data_schema.hpp>
#include <awsml/model/from_json.hpp>
#include <awsml/model/shape.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsml::local {

/// One record: its values in the order of the schema's attributes.
using data_record = std::vector<std::string>;

struct dataset {
    machinelearning::data_schema schema;
    std::vector<data_record> records; ///< the valid records, after the split
    /// The S3 URL of each object read, in name order, and for each record the object it came
    /// from (an index into sources): a batch prediction answers each object in a file of its own.
    std::vector<std::string> sources;
    std::vector<std::size_t> record_sources;
    /// The invalid records the split keeps (all of them without a split), so that with records
    /// they make a batch prediction's TotalRecordCount.
    std::int64_t invalid_records = 0;
    /// Where each invalid record stood: its object (an index into sources) and the index in
    /// records of the first valid record after it (records.size() when none follows). A batch
    /// prediction writes a blank line there, so its results line up with the input file, as
    /// the developer guide promises. A DataRearrangement split keeps no place: what it keeps
    /// lines up with no file.
    struct invalid_place {
        std::size_t source;
        std::size_t next_record;
        std::size_t offset; ///< its byte offset in its object (where a random split puts it)
    };
    std::vector<invalid_place> invalid_places;
    /// Whether the data holds the target attribute (a batch prediction then answers it as
    /// trueLabel); set when the records are laid out for a model.
    bool holds_target = false;
    std::uintmax_t bytes = 0;
    std::int64_t files = 0;

    /// The position of an attribute among the schema's, or nullopt.
    std::optional<std::size_t> column(std::string_view name) const;
};

// DataRearrangement, as the developer guide spells it.
AWSML_SHAPE(splitting_parameters, (std::optional<std::string>, random_seed, "randomSeed"))
AWSML_SHAPE(splitting, (std::optional<std::int64_t>, percent_begin, "percentBegin"),
            (std::optional<std::int64_t>, percent_end, "percentEnd"),
            (std::optional<bool>, complement, "complement"),
            (std::optional<std::string>, strategy, "strategy"),
            (std::optional<splitting_parameters>, strategy_params, "strategyParams"))
AWSML_SHAPE(data_rearrangement, (std::optional<local::splitting>, splitting, "splitting"))

AWSML_SHAPE(value_count, (std::string, value, "value"), (std::int64_t, count, "count"))
AWSML_SHAPE(attribute_statistics, (std::string, name, "name"), (std::string, type, "type"),
            (std::int64_t, missing, "missing"), (std::int64_t, invalid, "invalid"),
            (std::optional<double>, minimum, "minimum"),
            (std::optional<double>, maximum, "maximum"), (std::optional<double>, median, "median"),
            (std::optional<double>, mean, "mean"),
            (std::optional<double>, standard_deviation, "standardDeviation"),
            (std::vector<std::int64_t>, histogram, "histogram"),
            (std::vector<value_count>, top_values, "topValues"))
AWSML_SHAPE(dataset_statistics, (std::int64_t, records, "records"),
            (std::vector<attribute_statistics>, attributes, "attributes"))

/// Amazon ML's limit on the variables of a data file (the developer guide's System Limits).
inline constexpr std::size_t max_attributes = 1000;

/// A data schema as a data source takes it: parsed, checked (machinelearning::check), with 1 to
/// max_attributes attributes; else what is wrong, beginning "The data schema".
spec_result<machinelearning::data_schema> read_data_schema(std::string_view schema_json);

/// Reads the data at `location` described by `schema_json`, split by `rearrangement`.
spec_result<dataset> load_dataset(const s3_files& s3, std::string_view location,
                                  std::string_view schema_json,
                                  const std::optional<std::string>& rearrangement);

/// A DataRearrangement document, checked (percentBegin <= percentEnd, both 0 to 100, strategy
/// sequential or random); nullopt when it is absent.
spec_result<std::optional<splitting>> parse_rearrangement(std::string_view json);

dataset_statistics compute_statistics(const dataset& data);

/// Whether a value is missing: empty or white space alone, as the statistics count it and a
/// MULTICLASS target is read.
bool is_missing(std::string_view value);

/// The mean and the (population) standard deviation of some values; zeros for none.
struct moments {
    double mean = 0;
    double deviation = 0;
};
moments moments_of(const std::vector<double>& values);

/// Whether a model learns from the schema's attribute `name`: not the target, the row id, the
/// row weight or an excluded one.
bool is_input(const machinelearning::data_schema& schema, std::string_view name);

/// A TEXT value's words: split on whitespace, as the recipes' transformations and the
/// statistics read them.
std::vector<std::string> words_of(std::string_view text);

/// A NUMERIC value, or nullopt for a missing or invalid one.
std::optional<double> numeric_value(std::string_view text);
/// A BINARY value (0/1, yes/no, y/n, true/false, t/f, any case), or nullopt.
std::optional<bool> binary_value(std::string_view text);

} // namespace awsml::local
