#pragma once

// The log behind an entity's LogUri: what the service's log file of a Create* says, in plain
// text, from the entity as Get* answers it (so it never tells more than Get* does).
//
//   2026-12-06T04:50:00.000Z CreateMLModel ml-1 ("churn"), requested by arn:...: PENDING
//   2026-12-06T04:50:01.000Z INPROGRESS
//   2026-12-06T04:50:05.000Z COMPLETED (ComputeTime 4000 ms): SizeInBytes 1234
//   (or FAILED: "the entity's Message", quoted as JSON like the name)
//   2026-12-06T04:51:00.000Z DELETED

#include <awsml-local/entities.hpp>
#include <awsml/machinelearning/shapes.hpp>
#include <awsml/model/timestamp.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <string>
#include <string_view>

namespace awsml::local {

/// Where the console serves logs: then KIND/ID, KIND an entity_kind's console_path.
inline constexpr std::string_view entity_logs_path = "/console/logs/";

/// The path of the log of `id`, an entity of type Entry.
template <class Entry>
std::string entity_log_path(std::string_view id) {
    return std::string(entity_logs_path) + std::string(entity_kind<Entry>::console_path) + "/" +
           std::string(id);
}

namespace detail::entity_log {

/// `text` quoted as JSON quotes it: a name or message with a line break cannot forge a line.
inline std::string quoted(std::string_view text) {
    return boost::json::serialize(boost::json::string(text));
}

inline void line(std::string& log, const std::optional<timestamp>& at, std::string_view text) {
    log += at ? format_iso8601(*at) : std::string("(unknown time)");
    log += ' ';
    log += text;
    log += '\n';
}

template <class Number>
void result(std::string& out, std::string_view name, const std::optional<Number>& value) {
    if (!value)
        return;
    out += out.empty() ? ": " : ", ";
    out += name;
    out += ' ';
    out += std::to_string(*value);
}

/// What the entity's work made, as Get* shows it (nothing until it is COMPLETED).
template <class Record>
std::string results_of(const Record& r) {
    std::string out;
    if constexpr (requires { r.data_size_in_bytes; }) {
        result(out, "DataSizeInBytes", r.data_size_in_bytes);
        result(out, "NumberOfFiles", r.number_of_files);
    }
    if constexpr (requires { r.size_in_bytes; })
        result(out, "SizeInBytes", r.size_in_bytes);
    if constexpr (requires { r.total_record_count; }) {
        result(out, "TotalRecordCount", r.total_record_count);
        result(out, "InvalidRecordCount", r.invalid_record_count);
    }
    if constexpr (requires { r.performance_metrics; })
        if (r.performance_metrics && r.performance_metrics->properties)
            for (const auto& [metric, value] : *r.performance_metrics->properties)
                out += (out.empty() ? ": " : ", ") + metric + ' ' + value;
    return out;
}

} // namespace detail::entity_log

/// The log of the entity `id`, made by `operation` (CreateMLModel...), as it stands at `now`.
template <class Record>
std::string entity_log(std::string_view operation, std::string_view id, const Record& r,
                       timestamp now) {
    using detail::entity_log::line;
    using machinelearning::entity_status_value;
    std::string log;
    std::string request = std::string(operation) + ' ' + std::string(id);
    if (r.name)
        request += " (" + detail::entity_log::quoted(*r.name) + ")";
    request += ", requested by " + r.created_by_iam_user.value_or("an unknown user") + ": PENDING";
    line(log, r.created_at, request);
    if (r.started_at)
        line(log, r.started_at, "INPROGRESS");
    if (r.finished_at) {
        std::string finish = r.status ? std::string(r.status->wire()) : std::string("finished");
        if (r.compute_time)
            finish += " (ComputeTime " + std::to_string(*r.compute_time) + " ms)";
        const std::string results = detail::entity_log::results_of(r);
        finish += results;
        if (r.message)
            finish += (results.empty() ? ": " : "; ") + detail::entity_log::quoted(*r.message);
        line(log, r.finished_at, finish);
    }
    if (r.status == entity_status_value::DELETED) // no FinishedAt: its Message goes here
        line(log, r.last_updated_at,
             "DELETED" + (r.message ? ": " + detail::entity_log::quoted(*r.message) : ""));
    else if (r.status == entity_status_value::PENDING ||
             r.status == entity_status_value::INPROGRESS)
        line(log, now, "still " + std::string(r.status->wire()));
    return log;
}

} // namespace awsml::local
