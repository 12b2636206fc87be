#pragma once

// Amazon Machine Learning's shapes, from the service model (service-2.json, API 2014-12-12).
// Each member is written once, on one line: C++ type, C++ name, wire name, constraints.
// Everything else (the struct, JSON, validation, equality, printing) is derived from that line.
// Error shapes also give their own wire name (shape_wire_name), once.

#include <awsml/model/open_enum.hpp>
#include <awsml/model/shape.hpp>
#include <awsml/model/timestamp.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace awsml::machinelearning {

// --- enums --------------------------------------------------------------------------------

BOOST_DEFINE_ENUM_CLASS(entity_status_value, PENDING, INPROGRESS, FAILED, COMPLETED, DELETED)
struct entity_status : open_enum<entity_status, entity_status_value> {
    using open_enum::open_enum;
    using enum entity_status_value;
};

BOOST_DEFINE_ENUM_CLASS(ml_model_type_value, REGRESSION, BINARY, MULTICLASS)
struct ml_model_type : open_enum<ml_model_type, ml_model_type_value> {
    using open_enum::open_enum;
    using enum ml_model_type_value;
};

BOOST_DEFINE_ENUM_CLASS(algorithm_value, sgd)
struct algorithm : open_enum<algorithm, algorithm_value> {
    using open_enum::open_enum;
    using enum algorithm_value;
};

BOOST_DEFINE_ENUM_CLASS(ml_model_filter_variable_value, CreatedAt, LastUpdatedAt, Status, Name,
                        IAMUser, TrainingDataSourceId, RealtimeEndpointStatus, MLModelType,
                        Algorithm, TrainingDataURI)
struct ml_model_filter_variable
    : open_enum<ml_model_filter_variable, ml_model_filter_variable_value> {
    using open_enum::open_enum;
    using enum ml_model_filter_variable_value;
};

BOOST_DEFINE_ENUM_CLASS(sort_order_value, asc, dsc)
struct sort_order : open_enum<sort_order, sort_order_value> {
    using open_enum::open_enum;
    using enum sort_order_value;
};

BOOST_DEFINE_ENUM_CLASS(realtime_endpoint_status_value, NONE, READY, UPDATING, FAILED)
struct realtime_endpoint_status
    : open_enum<realtime_endpoint_status, realtime_endpoint_status_value> {
    using open_enum::open_enum;
    using enum realtime_endpoint_status_value;
};

// --- the model's named string constraints -------------------------------------------------

namespace constraints {
inline constexpr constraint_set entity_id{min_length(1), max_length(64),
                                          pattern("[a-zA-Z0-9_.-]+")};
inline constexpr constraint_set aws_user_arn{pattern("arn:aws:iam::[0-9]+:((user/.+)|(root))")};
inline constexpr constraint_set ml_model_name{max_length(1024)};
inline constexpr constraint_set vip_url{max_length(2048),
                                        pattern("https://[a-zA-Z0-9-.]*\\.amazon(aws)?\\.com[/]?")};
inline constexpr constraint_set s3_url{max_length(2048), pattern("s3://([^/]+)(/.*)?")};
inline constexpr constraint_set message{max_length(10240)};
inline constexpr constraint_set recipe{max_length(131071)};
inline constexpr constraint_set data_schema{max_length(131071)};
inline constexpr constraint_set error_message{max_length(2048)};
inline constexpr constraint_set comparator_value{max_length(1024), pattern(".*\\S.*|^$")};
inline constexpr constraint_set page_limit{min_value(1), max_value(100)};
} // namespace constraints

// --- structures ---------------------------------------------------------------------------

AWSML_SHAPE(get_ml_model_input,
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id),
            (std::optional<bool>, verbose, "Verbose"))

AWSML_SHAPE(realtime_endpoint_info,
            (std::optional<std::int32_t>, peak_requests_per_second, "PeakRequestsPerSecond"),
            (std::optional<timestamp>, created_at, "CreatedAt"),
            (std::optional<std::string>, endpoint_url, "EndpointUrl", constraints::vip_url),
            (std::optional<realtime_endpoint_status>, endpoint_status, "EndpointStatus"))

using training_parameters = std::map<std::string, std::string>;

AWSML_SHAPE(get_ml_model_output,
            (std::optional<std::string>, ml_model_id, "MLModelId", constraints::entity_id),
            (std::optional<std::string>, training_data_source_id, "TrainingDataSourceId",
             constraints::entity_id),
            (std::optional<std::string>, created_by_iam_user, "CreatedByIamUser",
             constraints::aws_user_arn),
            (std::optional<timestamp>, created_at, "CreatedAt"),
            (std::optional<timestamp>, last_updated_at, "LastUpdatedAt"),
            (std::optional<std::string>, name, "Name", constraints::ml_model_name),
            (std::optional<entity_status>, status, "Status"),
            (std::optional<std::int64_t>, size_in_bytes, "SizeInBytes"),
            (std::optional<realtime_endpoint_info>, endpoint_info, "EndpointInfo"),
            (std::optional<machinelearning::training_parameters>, training_parameters,
             "TrainingParameters"),
            (std::optional<std::string>, input_data_location_s3, "InputDataLocationS3",
             constraints::s3_url),
            (std::optional<machinelearning::ml_model_type>, ml_model_type, "MLModelType"),
            (std::optional<float>, score_threshold, "ScoreThreshold"),
            (std::optional<timestamp>, score_threshold_last_updated_at,
             "ScoreThresholdLastUpdatedAt"),
            (std::optional<std::string>, log_uri, "LogUri"),
            (std::optional<std::string>, message, "Message", constraints::message),
            (std::optional<std::int64_t>, compute_time, "ComputeTime"),
            (std::optional<timestamp>, finished_at, "FinishedAt"),
            (std::optional<timestamp>, started_at, "StartedAt"),
            (std::optional<std::string>, recipe, "Recipe", constraints::recipe),
            (std::optional<std::string>, schema, "Schema", constraints::data_schema))

AWSML_SHAPE(describe_ml_models_input,
            (std::optional<ml_model_filter_variable>, filter_variable, "FilterVariable"),
            (std::optional<std::string>, eq, "EQ", constraints::comparator_value),
            (std::optional<std::string>, gt, "GT", constraints::comparator_value),
            (std::optional<std::string>, lt, "LT", constraints::comparator_value),
            (std::optional<std::string>, ge, "GE", constraints::comparator_value),
            (std::optional<std::string>, le, "LE", constraints::comparator_value),
            (std::optional<std::string>, ne, "NE", constraints::comparator_value),
            (std::optional<std::string>, prefix, "Prefix", constraints::comparator_value),
            (std::optional<awsml::machinelearning::sort_order>, sort_order, "SortOrder"),
            (std::optional<std::string>, next_token, "NextToken"),
            (std::optional<std::int32_t>, limit, "Limit", constraints::page_limit))

AWSML_SHAPE(ml_model,
            (std::optional<std::string>, ml_model_id, "MLModelId", constraints::entity_id),
            (std::optional<std::string>, training_data_source_id, "TrainingDataSourceId",
             constraints::entity_id),
            (std::optional<std::string>, created_by_iam_user, "CreatedByIamUser",
             constraints::aws_user_arn),
            (std::optional<timestamp>, created_at, "CreatedAt"),
            (std::optional<timestamp>, last_updated_at, "LastUpdatedAt"),
            (std::optional<std::string>, name, "Name", constraints::ml_model_name),
            (std::optional<entity_status>, status, "Status"),
            (std::optional<std::int64_t>, size_in_bytes, "SizeInBytes"),
            (std::optional<realtime_endpoint_info>, endpoint_info, "EndpointInfo"),
            (std::optional<machinelearning::training_parameters>, training_parameters,
             "TrainingParameters"),
            (std::optional<std::string>, input_data_location_s3, "InputDataLocationS3",
             constraints::s3_url),
            (std::optional<machinelearning::algorithm>, algorithm, "Algorithm"),
            (std::optional<machinelearning::ml_model_type>, ml_model_type, "MLModelType"),
            (std::optional<float>, score_threshold, "ScoreThreshold"),
            (std::optional<timestamp>, score_threshold_last_updated_at,
             "ScoreThresholdLastUpdatedAt"),
            (std::optional<std::string>, message, "Message", constraints::message),
            (std::optional<std::int64_t>, compute_time, "ComputeTime"),
            (std::optional<timestamp>, finished_at, "FinishedAt"),
            (std::optional<timestamp>, started_at, "StartedAt"))

using ml_models = std::vector<ml_model>;

AWSML_SHAPE(describe_ml_models_output,
            (std::optional<machinelearning::ml_models>, results, "Results"),
            (std::optional<std::string>, next_token, "NextToken"))

// --- modeled errors -----------------------------------------------------------------------

AWSML_SHAPE(invalid_input_exception,
            (std::optional<std::string>, message, "message", constraints::error_message),
            (std::optional<std::int32_t>, code, "code"))

AWSML_SHAPE(resource_not_found_exception,
            (std::optional<std::string>, message, "message", constraints::error_message),
            (std::optional<std::int32_t>, code, "code"))

AWSML_SHAPE(internal_server_exception,
            (std::optional<std::string>, message, "message", constraints::error_message),
            (std::optional<std::int32_t>, code, "code"))

AWSML_SHAPE(limit_exceeded_exception,
            (std::optional<std::string>, message, "message", constraints::error_message),
            (std::optional<std::int32_t>, code, "code"))

} // namespace awsml::machinelearning

namespace awsml {

template <>
inline constexpr std::string_view shape_wire_name<machinelearning::invalid_input_exception> =
    "InvalidInputException";
template <>
inline constexpr std::string_view shape_wire_name<machinelearning::resource_not_found_exception> =
    "ResourceNotFoundException";
template <>
inline constexpr std::string_view shape_wire_name<machinelearning::internal_server_exception> =
    "InternalServerException";
template <>
inline constexpr std::string_view shape_wire_name<machinelearning::limit_exceeded_exception> =
    "LimitExceededException";

} // namespace awsml

namespace awsml {
// Amazon ML is awsml's service: its names are also awsml's own (awsml::client,
// awsml::get_ml_model_output, ...), as they were before the service had a folder of its own.
using namespace machinelearning;
} // namespace awsml
