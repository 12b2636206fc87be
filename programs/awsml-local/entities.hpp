#pragma once

// What awsml-local keeps of each data source, ML model, evaluation and batch prediction: the
// Get* answer it will give once the work is done (`record`), when that work runs (`timeline`),
// a digest of the Create* request (for idempotency; never the request itself, which may hold a
// database password), the tags, and what the work produced (statistics, the trained model, an
// evaluation's answers).
// Every entry is a shape, so the state file stores it as JSON and reads it back checked.
//
// view() is the record as it stands at a moment: PENDING, INPROGRESS, then COMPLETED or FAILED
// along the timeline (lifecycle.hpp), the results hidden until the work is done, DELETED from
// its deletion on; a model's endpoint UPDATING, then READY.
//
// entity_kind<Entry> says, once per kind, what the generic code needs: the kind's name (the
// TaggableResourceType), its id member, its Describe* filter variables and its listed shape.

#include <awsml-local/dataset.hpp>
#include <awsml-local/evaluation_answers.hpp>
#include <awsml-local/lifecycle.hpp>
#include <awsml-local/sgd.hpp>
#include <awsml/machinelearning/shapes.hpp>
#include <awsml/model/shape.hpp>
#include <awsml/model/timestamp.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace awsml::local {

AWSML_SHAPE(timed_status, (entity_status, status, "status", required),
            (std::int64_t, milliseconds, "milliseconds"))
using timed_statuses = std::vector<timed_status>;

AWSML_SHAPE(entity_timeline, (timestamp, start, "start"), (timed_statuses, stages, "stages"),
            (entity_status, final_status, "finalStatus", required))

AWSML_SHAPE(endpoint_timeline, (timestamp, created_at, "createdAt"),
            (timestamp, ready_at, "readyAt"), (std::string, url, "url"))

AWSML_SHAPE(data_source_entry, (get_data_source_output, record, "record"),
            (std::optional<entity_timeline>, timeline, "timeline"),
            (std::string, request_digest, "requestDigest"), (tag_list, tags, "tags"),
            (std::optional<timestamp>, deleted_at, "deletedAt"),
            (std::optional<timestamp>, renamed_at, "renamedAt"),
            (std::optional<dataset_statistics>, statistics, "statistics"))

AWSML_SHAPE(ml_model_entry, (get_ml_model_output, record, "record"),
            (std::optional<entity_timeline>, timeline, "timeline"),
            (std::string, request_digest, "requestDigest"), (tag_list, tags, "tags"),
            (std::optional<timestamp>, deleted_at, "deletedAt"),
            (std::optional<timestamp>, renamed_at, "renamedAt"),
            (std::optional<trained_model>, predictor, "predictor"),
            (std::optional<endpoint_timeline>, endpoint, "endpoint"))

AWSML_SHAPE(evaluation_entry, (get_evaluation_output, record, "record"),
            (std::optional<entity_timeline>, timeline, "timeline"),
            (std::string, request_digest, "requestDigest"), (tag_list, tags, "tags"),
            (std::optional<timestamp>, deleted_at, "deletedAt"),
            (std::optional<timestamp>, renamed_at, "renamedAt"),
            (std::optional<evaluation_answers>, answers, "answers"))

AWSML_SHAPE(batch_prediction_entry, (get_batch_prediction_output, record, "record"),
            (std::optional<entity_timeline>, timeline, "timeline"),
            (std::string, request_digest, "requestDigest"), (tag_list, tags, "tags"),
            (std::optional<timestamp>, deleted_at, "deletedAt"),
            (std::optional<timestamp>, renamed_at, "renamedAt"))

/// A real-time endpoint's capacity (PeakRequestsPerSecond): Predict beyond it is refused.
inline constexpr std::int32_t peak_requests_per_second = 200;

/// The algorithm every model trains with: SGD, the only one the API names.
inline constexpr algorithm_value trained_algorithm = algorithm_value::sgd;

/// What a Describe* filter compares: an entity's text, or its time.
using filter_value = std::variant<std::monostate, std::string, timestamp>;

namespace detail::entities {

inline filter_value text(const auto& field) {
    if (!field)
        return std::monostate{};
    if constexpr (requires { field->wire(); })
        return std::string(field->wire());
    else
        return std::string(*field);
}

inline filter_value time(const std::optional<timestamp>& t) {
    return t ? filter_value(*t) : filter_value(std::monostate{});
}

} // namespace detail::entities

template <class Entry>
struct entity_kind;

template <>
struct entity_kind<data_source_entry> {
    static constexpr std::string_view name = "DataSource";
    /// Its folder in the console's logs (entity_log_path), as in its pages' paths.
    static constexpr std::string_view console_path = "data-sources";
    using record = get_data_source_output;
    using listed = data_source;
    using filter = data_source_filter_variable;
    static constexpr auto id = &record::data_source_id;
    /// The filter variables of this kind beyond those every kind has (filter_value_of).
    static constexpr std::pair<std::string_view, filter_value (*)(const record&)> variables[] = {
        {"DataLocationS3",
         [](const record& r) { return detail::entities::text(r.data_location_s3); }},
    };
    static void hide_results(record& r) {
        r.data_size_in_bytes.reset();
        r.number_of_files.reset();
    }
    /// What only a Verbose GetDataSource returns: the schema, and a database's SelectSqlQuery
    /// ("Returns only if Verbose is true in GetDataSourceInput").
    static void hide_verbose(record& r) {
        r.data_source_schema.reset();
        if (r.rds_metadata)
            r.rds_metadata->select_sql_query.reset();
        if (r.redshift_metadata)
            r.redshift_metadata->select_sql_query.reset();
    }
};

template <>
struct entity_kind<ml_model_entry> {
    static constexpr std::string_view name = "MLModel";
    /// Its folder in the console's logs (entity_log_path), as in its pages' paths.
    static constexpr std::string_view console_path = "ml-models";
    using record = get_ml_model_output;
    using listed = ml_model;
    using filter = ml_model_filter_variable;
    static constexpr auto id = &record::ml_model_id;
    /// The filter variables of this kind beyond those every kind has (filter_value_of).
    static constexpr std::pair<std::string_view, filter_value (*)(const record&)> variables[] = {
        {"TrainingDataSourceId",
         [](const record& r) { return detail::entities::text(r.training_data_source_id); }},
        {"RealtimeEndpointStatus",
         [](const record& r) {
             return r.endpoint_info ? detail::entities::text(r.endpoint_info->endpoint_status)
                                    : filter_value(std::monostate{});
         }},
        {"MLModelType", [](const record& r) { return detail::entities::text(r.ml_model_type); }},
        {"Algorithm",
         [](const record&) {
             return filter_value(std::string(algorithm(trained_algorithm).wire()));
         }},
        {"TrainingDataURI",
         [](const record& r) { return detail::entities::text(r.input_data_location_s3); }},
    };
    static void hide_results(record& r) { r.size_in_bytes.reset(); }
    /// What a listed model has beyond its GetMLModel record: the algorithm, which GetMLModel's
    /// output lacks.
    static void complete_listed(listed& l) { l.algorithm = trained_algorithm; }
    /// What only a Verbose GetMLModel returns.
    static void hide_verbose(record& r) {
        r.recipe.reset();
        r.schema.reset();
    }
};

template <>
struct entity_kind<evaluation_entry> {
    static constexpr std::string_view name = "Evaluation";
    /// Its folder in the console's logs (entity_log_path), as in its pages' paths.
    static constexpr std::string_view console_path = "evaluations";
    using record = get_evaluation_output;
    using listed = evaluation;
    using filter = evaluation_filter_variable;
    static constexpr auto id = &record::evaluation_id;
    /// The filter variables of this kind beyond those every kind has (filter_value_of).
    static constexpr std::pair<std::string_view, filter_value (*)(const record&)> variables[] = {
        {"MLModelId", [](const record& r) { return detail::entities::text(r.ml_model_id); }},
        {"DataSourceId",
         [](const record& r) { return detail::entities::text(r.evaluation_data_source_id); }},
        {"DataURI",
         [](const record& r) { return detail::entities::text(r.input_data_location_s3); }},
    };
    static void hide_results(record& r) { r.performance_metrics.reset(); }
};

template <>
struct entity_kind<batch_prediction_entry> {
    static constexpr std::string_view name = "BatchPrediction";
    /// Its folder in the console's logs (entity_log_path), as in its pages' paths.
    static constexpr std::string_view console_path = "batch-predictions";
    using record = get_batch_prediction_output;
    using listed = batch_prediction;
    using filter = batch_prediction_filter_variable;
    static constexpr auto id = &record::batch_prediction_id;
    /// The filter variables of this kind beyond those every kind has (filter_value_of).
    static constexpr std::pair<std::string_view, filter_value (*)(const record&)> variables[] = {
        {"MLModelId", [](const record& r) { return detail::entities::text(r.ml_model_id); }},
        {"DataSourceId",
         [](const record& r) { return detail::entities::text(r.batch_prediction_data_source_id); }},
        {"DataURI",
         [](const record& r) { return detail::entities::text(r.input_data_location_s3); }},
    };
    static void hide_results(record& r) {
        r.total_record_count.reset();
        r.invalid_record_count.reset();
    }
};

/// What `variable` (a Describe* FilterVariable) reads of a record; a variable this version does
/// not know reads as CreatedAt.
template <class Entry>
filter_value filter_value_of(const typename entity_kind<Entry>::record& r,
                             const typename entity_kind<Entry>::filter& variable) {
    using namespace detail::entities;
    const std::string_view name = variable.is_known() ? variable.wire() : "CreatedAt";
    if (name == "CreatedAt")
        return time(r.created_at);
    if (name == "LastUpdatedAt")
        return time(r.last_updated_at);
    if (name == "Status")
        return text(r.status);
    if (name == "Name")
        return text(r.name);
    if (name == "IAMUser")
        return text(r.created_by_iam_user);
    for (const auto& [variable_name, read] : entity_kind<Entry>::variables)
        if (variable_name == name)
            return read(r);
    return std::monostate{};
}

/// The four entries, in the order of their kinds' names.
using entity_entries =
    std::tuple<data_source_entry, ml_model_entry, evaluation_entry, batch_prediction_entry>;

/// A timeline that waits `pending`, works `working`, then ends in `final_status`.
inline entity_timeline make_timeline(timestamp start, std::chrono::milliseconds pending,
                                     std::chrono::milliseconds working,
                                     const entity_status& final_status) {
    return entity_timeline{.start = start,
                           .stages = {{entity_status_value::PENDING, pending.count()},
                                      {entity_status_value::INPROGRESS, working.count()}},
                           .final_status = final_status};
}

/// When the entry's work is over (its final status reached), or nullopt without a timeline.
template <class Entry>
std::optional<timestamp> finishes_at(const Entry& entry) {
    if (!entry.timeline)
        return std::nullopt;
    timestamp at = entry.timeline->start;
    for (const auto& stage : entry.timeline->stages)
        at += std::chrono::milliseconds(stage.milliseconds);
    return at;
}

/// The record without what only a Verbose Get* returns (Describe* never returns it).
template <class Kind, class Record>
Record without_verbose(Record record) {
    if constexpr (requires { Kind::hide_verbose(record); })
        Kind::hide_verbose(record);
    return record;
}

/// The entry's record as it stands at `now`.
template <class Entry>
auto view(const Entry& entry, timestamp now) -> typename entity_kind<Entry>::record {
    auto record = entry.record;
    const bool deleted = entry.deleted_at && *entry.deleted_at <= now;
    if (const auto& t = entry.timeline) {
        lifecycle plan{.model_id = {}, .stages = {}, .final_status = t->final_status};
        for (const auto& stage : t->stages)
            plan.stages.push_back({stage.status, std::chrono::milliseconds(stage.milliseconds)});
        // A deleted entity's work stopped when it was deleted: it never finishes later.
        record =
            apply_lifecycle(std::move(record), plan, t->start, deleted ? *entry.deleted_at : now);
        if (record.status != t->final_status)
            entity_kind<Entry>::hide_results(record);
    }
    if (entry.renamed_at && record.last_updated_at < entry.renamed_at)
        record.last_updated_at = entry.renamed_at;
    if (deleted) {
        record.status = entity_status_value::DELETED;
        // The deletion is the last update, unless a rename (Update*) came after it.
        const bool renamed_since = entry.renamed_at && *entry.renamed_at > *entry.deleted_at;
        record.last_updated_at = renamed_since ? entry.renamed_at : entry.deleted_at;
        // "ComputeTime is only available if the MLModel is in the COMPLETED state", FinishedAt
        // "only ... in the COMPLETED or FAILED state" (service-2.json, for each kind).
        record.compute_time.reset();
        record.finished_at.reset();
    }
    if constexpr (requires { entry.endpoint; }) {
        if (entry.endpoint && record.status == entity_status_value::COMPLETED)
            record.endpoint_info = realtime_endpoint_info{
                .peak_requests_per_second = peak_requests_per_second,
                .created_at = entry.endpoint->created_at,
                .endpoint_url = entry.endpoint->url,
                .endpoint_status = now < entry.endpoint->ready_at
                                       ? realtime_endpoint_status_value::UPDATING
                                       : realtime_endpoint_status_value::READY};
    }
    return record;
}

} // namespace awsml::local
