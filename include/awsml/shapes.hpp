#pragma once

// The shapes of GetMLModel, from the service model (service-2.json, API 2014-12-12). Each member
// is written once: its C++ name and type in the struct, its wire name and constraints in
// AWSML_SHAPE. Everything else (JSON, validation, equality, printing) is derived.

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
struct realtime_endpoint_status : open_enum<realtime_endpoint_status, realtime_endpoint_status_value> {
    using open_enum::open_enum;
    using enum realtime_endpoint_status_value;
};

// --- the model's named string constraints -------------------------------------------------

namespace constraints {
inline constexpr constraint_set entity_id{min_length(1), max_length(64), pattern("[a-zA-Z0-9_.-]+")};
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

struct get_ml_model_input {
    std::string ml_model_id;
    std::optional<bool> verbose;
};
AWSML_SHAPE(get_ml_model_input,
            (ml_model_id, "MLModelId", required, constraints::entity_id),
            (verbose, "Verbose"))

struct realtime_endpoint_info {
    std::optional<std::int32_t> peak_requests_per_second;
    std::optional<timestamp> created_at;
    std::optional<std::string> endpoint_url;
    std::optional<realtime_endpoint_status> endpoint_status;
};
AWSML_SHAPE(realtime_endpoint_info,
            (peak_requests_per_second, "PeakRequestsPerSecond"),
            (created_at, "CreatedAt"),
            (endpoint_url, "EndpointUrl", constraints::vip_url),
            (endpoint_status, "EndpointStatus"))

using training_parameters = std::map<std::string, std::string>;

struct get_ml_model_output {
    std::optional<std::string> ml_model_id;
    std::optional<std::string> training_data_source_id;
    std::optional<std::string> created_by_iam_user;
    std::optional<timestamp> created_at;
    std::optional<timestamp> last_updated_at;
    std::optional<std::string> name;
    std::optional<entity_status> status;
    std::optional<std::int64_t> size_in_bytes;
    std::optional<realtime_endpoint_info> endpoint_info;
    std::optional<awsml::training_parameters> training_parameters;
    std::optional<std::string> input_data_location_s3;
    std::optional<awsml::ml_model_type> ml_model_type;
    std::optional<float> score_threshold;
    std::optional<timestamp> score_threshold_last_updated_at;
    std::optional<std::string> log_uri;
    std::optional<std::string> message;
    std::optional<std::int64_t> compute_time;
    std::optional<timestamp> finished_at;
    std::optional<timestamp> started_at;
    std::optional<std::string> recipe;
    std::optional<std::string> schema;
};
AWSML_SHAPE(get_ml_model_output,
            (ml_model_id, "MLModelId", constraints::entity_id),
            (training_data_source_id, "TrainingDataSourceId", constraints::entity_id),
            (created_by_iam_user, "CreatedByIamUser", constraints::aws_user_arn),
            (created_at, "CreatedAt"),
            (last_updated_at, "LastUpdatedAt"),
            (name, "Name", constraints::ml_model_name),
            (status, "Status"),
            (size_in_bytes, "SizeInBytes"),
            (endpoint_info, "EndpointInfo"),
            (training_parameters, "TrainingParameters"),
            (input_data_location_s3, "InputDataLocationS3", constraints::s3_url),
            (ml_model_type, "MLModelType"),
            (score_threshold, "ScoreThreshold"),
            (score_threshold_last_updated_at, "ScoreThresholdLastUpdatedAt"),
            (log_uri, "LogUri"),
            (message, "Message", constraints::message),
            (compute_time, "ComputeTime"),
            (finished_at, "FinishedAt"),
            (started_at, "StartedAt"),
            (recipe, "Recipe", constraints::recipe),
            (schema, "Schema", constraints::data_schema))

// --- modeled errors: the bodies of GetMLModel's errors ------------------------------------

struct invalid_input_exception {
    std::optional<std::string> message;
    std::optional<std::int32_t> code;
};
AWSML_SHAPE(invalid_input_exception,
            (message, "message", constraints::error_message),
            (code, "code"))

struct resource_not_found_exception {
    std::optional<std::string> message;
    std::optional<std::int32_t> code;
};
AWSML_SHAPE(resource_not_found_exception,
            (message, "message", constraints::error_message),
            (code, "code"))

struct internal_server_exception {
    std::optional<std::string> message;
    std::optional<std::int32_t> code;
};
AWSML_SHAPE(internal_server_exception,
            (message, "message", constraints::error_message),
            (code, "code"))

} // namespace awsml
