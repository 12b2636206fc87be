// A data source's records: CSV, splits and statistics, compiled once into the awsml-local library (see dataset.hpp).
#include <awsml-local/dataset.hpp>

#include <awsml/core/detail/ascii.hpp>
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

std::optional<double> numeric_value(std::string_view text) {
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
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
    std::string lower;
    for (char c : text)
        if (c != ' ')
            lower.push_back(awsml::detail::ascii_lower(c));
    if (lower == "1" || lower == "yes" || lower == "y" || lower == "true" || lower == "t")
        return true;
    if (lower == "0" || lower == "no" || lower == "n" || lower == "false" || lower == "f")
        return false;
    return std::nullopt;
}

namespace detail::datasets {

/// Splits CSV text into records of fields; `lines` receives each record's first line number.
inline std::vector<data_record> parse_csv(std::string_view text, std::vector<std::size_t>& lines) {
    std::vector<data_record> records;
    data_record current;
    std::string field;
    bool quoted = false, any = false;
    std::size_t line = 1, record_line = 1;
    auto end_field = [&] {
        current.push_back(std::move(field));
        field.clear();
    };
    auto end_record = [&] {
        if (any || !current.empty()) {
            end_field();
            records.push_back(std::move(current));
            lines.push_back(record_line);
        }
        current.clear();
        any = false;
        record_line = line;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
                field.push_back('"'), ++i;
            else if (c == '"')
                quoted = false;
            else {
                line += c == '\n';
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
            end_record();
        } else if (c != '\r' || i + 1 >= text.size() || text[i + 1] != '\n')
            field.push_back(c), any = true;
    }
    end_record();
    return records;
}

/// Keeps the records a split keeps (and their sources): sequential by position, random by a hash
/// of the record and seed.
inline void apply_split(dataset& data, const splitting& split) {
    const std::int64_t begin = split.percent_begin.value_or(0);
    const std::int64_t end = split.percent_end.value_or(100);
    const bool complement = split.complement.value_or(false);
    const bool random = split.strategy.value_or("sequential") == "random";
    const std::string seed = split.strategy_params && split.strategy_params->random_seed
                                 ? *split.strategy_params->random_seed
                                 : std::string();
    const auto count = static_cast<std::int64_t>(data.records.size());
    std::size_t kept = 0;
    for (std::int64_t i = 0; i < count; ++i) {
        const auto at = static_cast<std::size_t>(i);
        std::int64_t percent = 0;
        if (random) {
            std::uint64_t hash = fnv1a(seed);
            for (const auto& value : data.records[at])
                hash = fnv1a(value, fnv1a(",", hash));
            percent = static_cast<std::int64_t>(hash % 100);
        } else {
            percent = count ? i * 100 / count : 0;
        }
        const bool inside = percent >= begin && percent < end;
        if (inside == complement)
            continue;
        if (kept != at) { // a vector moved onto itself would come out empty
            data.records[kept] = std::move(data.records[at]);
            data.record_sources[kept] = data.record_sources[at];
        }
        ++kept;
    }
    data.records.resize(kept);
    data.record_sources.resize(kept);
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
    for (std::size_t i = 0; i < record.size(); ++i)
        if (const auto at = awsml::detail::invalid_utf8_offset(record[i]);
            at != std::string_view::npos)
            return ": value " + std::to_string(i + 1) + " is not UTF-8 (at byte " +
                   std::to_string(at) + ")";
    return {};
}

} // namespace detail::datasets

spec_result<dataset> load_dataset(const s3_files& s3, std::string_view location,
                                  std::string_view schema_json,
                                  const std::optional<std::string>& rearrangement) {
    dataset data;
    auto schema = machinelearning::try_parse_data_schema(schema_json);
    if (!schema)
        return spec_error{"the data schema is not valid: " + schema.error().message()};
    if (auto problems = machinelearning::check(*schema); !problems.empty())
        return spec_error{"the data schema is not valid: " + problems.front().path + ": " +
                          problems.front().message};
    if (schema->attributes.empty())
        return spec_error{"the data schema declares no attributes"};
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
    std::string first_problem;
    for (const auto& file : objects->files) {
        auto text = read_whole_file(file);
        if (!text)
            return text.error();
        std::vector<std::size_t> lines;
        auto parsed = detail::datasets::parse_csv(*text, lines);
        data.sources.push_back(s3.url_of(file));
        for (std::size_t i = header ? 1 : 0; i < parsed.size(); ++i) {
            const std::string problem = detail::datasets::record_problem(parsed[i], width);
            if (problem.empty()) {
                records.push_back(std::move(parsed[i]));
                data.record_sources.push_back(data.sources.size() - 1);
                continue;
            }
            ++data.invalid_records;
            if (first_problem.empty())
                first_problem =
                    file.filename().string() + " line " + std::to_string(lines[i]) + problem;
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
        detail::datasets::apply_split(data, **split);
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
            if (attribute.type == attribute_type::NUMERIC) {
                if (auto number = numeric_value(value))
                    numbers.push_back(*number);
                else
                    ++out.missing;
            } else if (attribute.type == attribute_type::BINARY) {
                if (auto flag = binary_value(value))
                    ++counts[*flag ? "1" : "0"];
                else
                    ++out.missing;
            } else if (value.empty()) {
                ++out.missing;
            } else if (attribute.type == attribute_type::TEXT) {
                std::size_t start = 0;
                while (start < value.size()) {
                    const std::size_t end = std::min(value.find(' ', start), value.size());
                    if (end > start)
                        ++counts[value.substr(start, end - start)];
                    start = end + 1;
                }
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
