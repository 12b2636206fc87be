#pragma once

// The shapes of GetMLModel, from the service model (service-2.json, API 2014-12-12). Each member
// is written once, on one line: C++ type, C++ name, wire name, constraints. Everything else
// (the struct, JSON, validation, equality, printing) is derived from that line.

#include <awsml/open_enum.hpp>
#include <awsml/shape.hpp>
#include <awsml/timestamp.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace awsml {

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
            (std::optional<awsml::training_parameters>, training_parameters, "TrainingParameters"),
            (std::optional<std::string>, input_data_location_s3, "InputDataLocationS3",
             constraints::s3_url),
            (std::optional<awsml::ml_model_type>, ml_model_type, "MLModelType"),
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

// --- modeled errors: the bodies of GetMLModel's errors ------------------------------------

AWSML_SHAPE(invalid_input_exception,
            (std::optional<std::string>, message, "message", constraints::error_message),
            (std::optional<std::int32_t>, code, "code"))

AWSML_SHAPE(resource_not_found_exception,
            (std::optional<std::string>, message, "message", constraints::error_message),
            (std::optional<std::int32_t>, code, "code"))

AWSML_SHAPE(internal_server_exception,
            (std::optional<std::string>, message, "message", constraints::error_message),
            (std::optional<std::int32_t>, code, "code"))

} // namespace awsml
