// A data source's records: CSV, splits and statistics, compiled once into the awsml-local library (see dataset.hpp).
#include <awsml-local/dataset.hpp>

#include <awsml/core/detail/ascii.hpp>
#include <awsml/core/detail/trim.hpp>
#include <awsml/model/detail/utf8.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace awsml::local {

namespace detail::datasets {

/// The binary exponent of the largest magnitude among some values (0 for zeros only).
inline int magnitude_exponent(const std::vector<double>& values) {
    double largest = 0;
    for (double v : values)
        largest = std::max(largest, std::abs(v));
    int exponent = 0;
    std::frexp(largest, &exponent);
    return exponent;
}

} // namespace detail::datasets

std::optional<std::size_t> dataset::column(std::string_view name) const {
    for (std::size_t i = 0; i < schema.attributes.size(); ++i)
        if (schema.attributes[i].name == name)
            return i;
    return std::nullopt;
}

moments moments_of(const std::vector<double>& values) {
    if (values.empty())
        return {};
    // Computed on the values divided by a power of two near the largest magnitude: exact, so the
    // moments are the same bits as unscaled wherever nothing overflowed, and finite for any
    // finite values (a sum of 1e308s, or a square of one, is not).
    const int exponent = detail::datasets::magnitude_exponent(values);
    const auto n = static_cast<double>(values.size());
    double sum = 0, squares = 0;
    for (double v : values)
        sum += std::ldexp(v, -exponent);
    const double mean = sum / n;
    for (double v : values)
        squares += (std::ldexp(v, -exponent) - mean) * (std::ldexp(v, -exponent) - mean);
    return {std::ldexp(mean, exponent), std::ldexp(std::sqrt(squares / n), exponent)};
}

namespace detail::datasets {

/// A value without the white space around it (spaces and tabs: a line break ends the record).
inline std::string_view trimmed(std::string_view text) {
    return awsml::detail::trim(text, awsml::detail::http_whitespace);
}

} // namespace detail::datasets

bool is_input(const machinelearning::data_schema& schema, std::string_view name) {
    const auto& excluded = schema.excluded_attribute_names;
    return schema.target_attribute_name != name && schema.row_id != name &&
           schema.row_weight != name &&
           (!excluded || std::find(excluded->begin(), excluded->end(), name) == excluded->end());
}

std::vector<std::string> words_of(std::string_view text) {
    const auto blank = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && blank(text[i]))
            ++i;
        const std::size_t start = i;
        while (i < text.size() && !blank(text[i]))
            ++i;
        if (i > start)
            words.emplace_back(text.substr(start, i - start));
    }
    return words;
}

std::optional<double> numeric_value(std::string_view text) {
    text = detail::datasets::trimmed(text);
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
        !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::optional<bool> binary_value(std::string_view text) {
    // "Amazon ML ignores the case of binary inputs and strips the surrounding white space".
    const std::string lower = awsml::detail::ascii_lower(detail::datasets::trimmed(text));
    if (lower == "1" || lower == "yes" || lower == "y" || lower == "true" || lower == "t")
        return true;
    if (lower == "0" || lower == "no" || lower == "n" || lower == "false" || lower == "f")
        return false;
    return std::nullopt;
}

namespace detail::datasets {

/// Amazon ML's limit on one observation (the developer guide's System Limits: 100 KB).
inline constexpr std::size_t max_record_bytes = 100 * 1024;

/// One CSV record as read: its values, where it begins (line, byte offset) and, when Amazon ML
/// could not read it, why (" ...", after the record's place).
struct csv_record {
    data_record values;
    std::size_t line = 1;
    std::size_t offset = 0;
    std::string problem;
};

/// Splits CSV text into records. As the developer guide's data format says, no value holds a
/// line break, quoted or not: a quote still open at the end of its line makes that record
/// invalid, and the next line is a record of its own (one stray quote loses one record, not
/// the rest of the file).
inline std::vector<csv_record> parse_csv(std::string_view text) {
    std::vector<csv_record> records;
    csv_record current;
    std::string field;
    bool quoted = false, any = false;
    std::size_t line = 1;
    auto end_field = [&] {
        current.values.push_back(std::move(field));
        field.clear();
    };
    // `end` is where the record's text ends (before its line break), `next` where the next begins.
    auto end_record = [&](std::size_t end, std::size_t next) {
        if (any || !current.values.empty()) {
            end_field();
            if (current.problem.empty() && end - current.offset > max_record_bytes)
                current.problem = " is " + std::to_string(end - current.offset) +
                                  " bytes, above Amazon ML's limit of 100 KB for an observation";
            records.push_back(std::move(current));
        }
        field.clear();
        current = csv_record{.values = {}, .line = line, .offset = next, .problem = {}};
        any = false;
    };
    const auto line_end = [&](std::size_t at) {
        return at > 0 && text[at - 1] == '\r' ? at - 1 : at;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field.push_back('"'), ++i;
            } else if (c == '"') {
                quoted = false;
            } else if (c == '\n') {
                current.problem = ": a quoted value is not closed on its line (a value cannot "
                                  "hold a line break)";
                quoted = false;
                ++line;
                end_record(line_end(i), i + 1);
            } else {
                field.push_back(c);
            }
            continue;
        }
        if (c == '"' && field.empty())
            quoted = any = true;
        else if (c == ',')
            end_field(), any = true;
        else if (c == '\n') {
            ++line;
            end_record(line_end(i), i + 1);
        } else if (c != '\r' || i + 1 >= text.size() || text[i + 1] != '\n')
            field.push_back(c), any = true;
    }
    if (quoted)
        current.problem = ": a quoted value is not closed";
    end_record(text.size(), text.size());
    return records;
}

/// A random split's place for a record, 0 to 99. As the API reference says of randomSeed, from
/// the seed and the record's byte offset (and here its object's URL, since a prefix holds many
/// objects), not its values: equal records fall on either side.
inline std::int64_t random_percent(const std::string& seed, std::string_view object,
                                   std::size_t offset) {
    std::uint64_t hash = fnv1a(std::to_string(offset), fnv1a("\n", fnv1a(object, fnv1a(seed))));
    // FNV-1a's low bits follow the input's low bits: mixed (SplitMix64's finaliser) before % 100.
    hash = (hash ^ (hash >> 30)) * 0xbf58476d1ce4e5b9ull;
    hash = (hash ^ (hash >> 27)) * 0x94d049bb133111ebull;
    hash ^= hash >> 31;
    return static_cast<std::int64_t>(hash % 100);
}

/// Keeps the records a split keeps (and their sources): sequential by position, random by
/// random_percent of each record's byte offset (`offsets`, one for each record; `data` holds at
/// least one). An invalid record counts when the split would keep it: in a sequential split it
/// stands where the valid record after it does (the last one, when none follows), in a random one
/// at its own offset.
inline void apply_split(dataset& data, const splitting& split,
                        const std::vector<std::size_t>& offsets) {
    const std::int64_t begin = split.percent_begin.value_or(0);
    const std::int64_t end = split.percent_end.value_or(100);
    const bool complement = split.complement.value_or(false);
    const bool random = split.strategy.value_or("sequential") == "random";
    const std::string seed = split.strategy_params && split.strategy_params->random_seed
                                 ? *split.strategy_params->random_seed
                                 : std::string();
    const auto count = static_cast<std::int64_t>(data.records.size());
    const auto keeps = [&](std::size_t source, std::size_t offset, std::int64_t position) {
        const std::int64_t percent =
            random ? random_percent(seed, data.sources[source], offset) : position * 100 / count;
        return (percent >= begin && percent < end) != complement;
    };
    std::int64_t invalid_kept = 0;
    for (const auto& place : data.invalid_places)
        invalid_kept += keeps(place.source, place.offset,
                              std::min(static_cast<std::int64_t>(place.next_record), count - 1));
    data.invalid_records = invalid_kept;
    std::size_t kept = 0;
    for (std::int64_t i = 0; i < count; ++i) {
        const auto at = static_cast<std::size_t>(i);
        if (!keeps(data.record_sources[at], offsets[at], i))
            continue;
        if (kept != at) { // a vector moved onto itself would come out empty
            data.records[kept] = std::move(data.records[at]);
            data.record_sources[kept] = data.record_sources[at];
        }
        ++kept;
    }
    data.records.resize(kept);
    data.record_sources.resize(kept);
    data.invalid_places.clear();
}

} // namespace detail::datasets

namespace detail::datasets {

/// The API reference's spelling of a DataRearrangement turned into the developer guide's, which
/// the shape reads: its examples write "complement": "true" (a string) and put randomSeed
/// beside strategy, where the guide has a boolean and strategyParams.randomSeed. Text that is not
/// a JSON object is left for the shape's reader to refuse.
inline std::string guide_spelling(std::string_view json) {
    boost::system::error_code ec;
    boost::json::value document = boost::json::parse(json, ec);
    boost::json::object* split = nullptr;
    if (!ec && document.is_object())
        if (auto* found = document.as_object().if_contains("splitting"))
            split = found->if_object();
    if (!split)
        return std::string(json);
    if (auto* complement = split->if_contains("complement");
        complement && complement->is_string()) {
        const boost::json::string& given = complement->get_string();
        const std::string text =
            awsml::detail::ascii_lower(std::string_view(given.data(), given.size()));
        if (text == "true" || text == "false")
            *complement = text == "true";
    }
    if (auto* seed = split->if_contains("randomSeed"); seed && !split->contains("strategyParams")) {
        (*split)["strategyParams"] = boost::json::object{{"randomSeed", *seed}};
        split->erase("randomSeed");
    }
    return boost::json::serialize(document);
}

} // namespace detail::datasets

spec_result<std::optional<splitting>> parse_rearrangement(std::string_view json) {
    if (json.empty())
        return std::optional<splitting>();
    auto document = try_from_json<data_rearrangement>(detail::datasets::guide_spelling(json));
    if (!document)
        return spec_error{"DataRearrangement is not valid: " + document.error().message()};
    if (!document->splitting)
        return std::optional<splitting>();
    const splitting& split = *document->splitting;
    const std::int64_t begin = split.percent_begin.value_or(0);
    const std::int64_t end = split.percent_end.value_or(100);
    if (begin < 0 || end > 100 || begin > end)
        return spec_error{"DataRearrangement: percentBegin and percentEnd must be 0 to 100, "
                          "percentBegin not above percentEnd (got " +
                          std::to_string(begin) + " and " + std::to_string(end) + ")"};
    if (split.strategy && *split.strategy != "sequential" && *split.strategy != "random")
        return spec_error{"DataRearrangement: strategy must be sequential or random, not '" +
                          *split.strategy + "'"};
    return std::optional<splitting>(split);
}

namespace detail::datasets {

/// Why a record cannot be read (" has 3 values, but ..."), or nothing. Its values become
/// features, labels and answers, all JSON text: bytes that are not UTF-8 would make answers
/// that are not JSON, and models that --state could not read back.
inline std::string record_problem(const data_record& record, std::size_t width) {
    if (record.size() != width)
        return " has " + std::to_string(record.size()) + " values, but the schema declares " +
               std::to_string(width) + " attributes";
    for (std::size_t i = 0; i < record.size(); ++i) {
        if (const auto at = awsml::detail::invalid_utf8_offset(record[i]);
            at != std::string_view::npos)
            return ": value " + std::to_string(i + 1) + " is not UTF-8 (at byte " +
                   std::to_string(at) + ")";
        if (record[i].find('\0') != std::string::npos)
            return ": value " + std::to_string(i + 1) +
                   " holds a NUL byte (Amazon ML reads UTF-8 text: is the file UTF-16?)";
    }
    return {};
}

} // namespace detail::datasets

spec_result<machinelearning::data_schema> read_data_schema(std::string_view schema_json) {
    auto schema = machinelearning::try_parse_data_schema(schema_json);
    if (!schema)
        return spec_error{"The data schema is not valid: " + schema.error().message()};
    if (auto problems = machinelearning::check(*schema); !problems.empty())
        return spec_error{"The data schema is not valid: " + problems.front().path + ": " +
                          problems.front().message};
    if (schema->attributes.empty())
        return spec_error{"The data schema declares no attributes"};
    if (schema->attributes.size() > max_attributes)
        return spec_error{"The data schema declares " + std::to_string(schema->attributes.size()) +
                          " attributes, above Amazon ML's limit of " +
                          std::to_string(max_attributes) + " variables in a data file"};
    return std::move(*schema);
}

spec_result<dataset> load_dataset(const s3_files& s3, std::string_view location,
                                  std::string_view schema_json,
                                  const std::optional<std::string>& rearrangement) {
    dataset data;
    auto schema = read_data_schema(schema_json);
    if (!schema)
        return schema.error();
    data.schema = std::move(*schema);
    auto split = parse_rearrangement(rearrangement.value_or(""));
    if (!split)
        return split.error();
    auto objects = s3.list(location);
    if (!objects)
        return objects.error();
    data.bytes = objects->total_bytes;
    data.files = static_cast<std::int64_t>(objects->files.size());

    const std::size_t width = data.schema.attributes.size();
    const bool header = data.schema.data_file_contains_header.value_or(false);
    std::vector<data_record> records;
    std::vector<std::size_t> offsets; // each record's byte offset in its object
    std::string first_problem;
    const auto invalid = [&](std::string problem) {
        ++data.invalid_records;
        if (first_problem.empty())
            first_problem = std::move(problem);
    };
    for (const auto& file : objects->files) {
        auto text = read_whole_file(file);
        if (!text)
            return text.error();
        data.sources.push_back(s3.url_of(file));
        std::string_view content = *text;
        if (content.starts_with("\xEF\xBB\xBF")) // a byte order mark is not the first value's
            content.remove_prefix(3);
        if (content.find('\n') == std::string_view::npos &&
            content.find('\r') != std::string_view::npos) {
            return spec_error{data.sources.back() +
                              " ends its lines with a carriage return alone (as a Mac saves "
                              "\"Comma Separated Values\"): Amazon ML reads lines that end with "
                              "LF or CRLF (\"Windows Comma Separated\")"};
        }
        auto parsed = detail::datasets::parse_csv(content);
        for (std::size_t i = header ? 1 : 0; i < parsed.size(); ++i) {
            auto& record = parsed[i];
            if (record.problem.empty())
                record.problem = detail::datasets::record_problem(record.values, width);
            if (!record.problem.empty()) {
                invalid(data.sources.back() + " line " + std::to_string(record.line) +
                        record.problem);
                data.invalid_places.push_back(
                    {data.sources.size() - 1, records.size(), record.offset});
                continue;
            }
            records.push_back(std::move(record.values));
            offsets.push_back(record.offset);
            data.record_sources.push_back(data.sources.size() - 1);
        }
    }
    const auto total = static_cast<std::int64_t>(records.size()) + data.invalid_records;
    if (records.empty())
        return spec_error{first_problem.empty() ? "the data holds no records"
                                                : "no valid record: " + first_problem};
    if (data.invalid_records > 10000 || data.invalid_records * 10 > total)
        return spec_error{std::to_string(data.invalid_records) + " of " + std::to_string(total) +
                          " records are invalid (more than 10%): the data does not match the "
                          "schema; the first: " +
                          first_problem};
    data.records = std::move(records);
    if (*split)
        detail::datasets::apply_split(data, **split, offsets);
    if (data.records.empty())
        return spec_error{"the DataRearrangement split keeps no record"};
    return data;
}

namespace detail::datasets {

inline std::vector<value_count> top_values(const std::map<std::string, std::int64_t>& counts) {
    std::vector<value_count> values;
    for (const auto& [value, count] : counts)
        values.push_back({value, count});
    std::stable_sort(values.begin(), values.end(),
                     [](const auto& a, const auto& b) { return a.count > b.count; });
    if (values.size() > 20)
        values.resize(20);
    return values;
}

inline void numeric_statistics(attribute_statistics& out, const std::vector<double>& values) {
    if (values.empty())
        return;
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    const auto [mean, deviation] = moments_of(values);
    out.minimum = *low;
    out.maximum = *high;
    std::vector<double> sorted = values;
    const auto middle = sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2);
    std::nth_element(sorted.begin(), middle, sorted.end());
    out.median = *middle;
    if (sorted.size() % 2 == 0) // the mean of the two middle values, halved first (no overflow)
        out.median = *std::max_element(sorted.begin(), middle) / 2 + *middle / 2;
    out.mean = mean;
    out.standard_deviation = deviation;
    out.histogram.assign(10, 0);
    // Halved, so that the range of values near both ends of a double's range stays finite.
    const double width = (*high / 2 - *low / 2) / 10;
    for (double v : values) {
        auto bin = width > 0 ? static_cast<std::size_t>((v / 2 - *low / 2) / width) : 0;
        ++out.histogram[std::min<std::size_t>(bin, 9)];
    }
}

} // namespace detail::datasets

bool is_missing(std::string_view value) {
    return detail::datasets::trimmed(value).empty();
}

dataset_statistics compute_statistics(const dataset& data) {
    using machinelearning::attribute_type;
    dataset_statistics stats;
    stats.records = static_cast<std::int64_t>(data.records.size());
    for (std::size_t column = 0; column < data.schema.attributes.size(); ++column) {
        const auto& attribute = data.schema.attributes[column];
        attribute_statistics out{
            .name = attribute.name, .type = std::string(attribute.type.wire()), .missing = 0};
        std::vector<double> numbers;
        std::map<std::string, std::int64_t> counts;
        for (const auto& record : data.records) {
            const std::string& value = record[column];
            if (is_missing(value)) {
                ++out.missing;
            } else if (attribute.type == attribute_type::NUMERIC) {
                if (auto number = numeric_value(value))
                    numbers.push_back(*number);
                else
                    ++out.invalid;
            } else if (attribute.type == attribute_type::BINARY) {
                if (auto flag = binary_value(value))
                    ++counts[*flag ? "1" : "0"];
                else
                    ++out.invalid;
            } else if (attribute.type == attribute_type::TEXT) {
                // "the number of input records that the token appeared in"
                auto words = words_of(value);
                std::sort(words.begin(), words.end());
                words.erase(std::unique(words.begin(), words.end()), words.end());
                for (auto& word : words)
                    ++counts[std::move(word)];
            } else {
                ++counts[value];
            }
        }
        detail::datasets::numeric_statistics(out, numbers);
        out.top_values = detail::datasets::top_values(counts);
        stats.attributes.push_back(std::move(out));
    }
    return stats;
}

} // namespace awsml::local
