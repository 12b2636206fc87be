#pragma once

/// \file
/// Amazon Machine Learning's shapes, from the service model (service-2.json, API 2014-12-12):
/// every structure, list, map, enum and named constraint of its 28 operations, in the order the
/// operations first use them. Each member is written once, on one line: C++ type, C++ name,
/// wire name, constraints. Everything else (the struct, JSON, validation, equality, printing) is
/// derived from that line. Required members are plain values, the others optional. Error shapes
/// also give their own wire name (shape_wire_name), once.

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

BOOST_DEFINE_ENUM_CLASS(taggable_resource_type_value, BatchPrediction, DataSource, Evaluation,
                        MLModel)
struct taggable_resource_type : open_enum<taggable_resource_type, taggable_resource_type_value> {
    using open_enum::open_enum;
    using enum taggable_resource_type_value;
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

BOOST_DEFINE_ENUM_CLASS(batch_prediction_filter_variable_value, CreatedAt, LastUpdatedAt, Status,
                        Name, IAMUser, MLModelId, DataSourceId, DataURI)
struct batch_prediction_filter_variable
    : open_enum<batch_prediction_filter_variable, batch_prediction_filter_variable_value> {
    using open_enum::open_enum;
    using enum batch_prediction_filter_variable_value;
};

BOOST_DEFINE_ENUM_CLASS(sort_order_value, asc, dsc)
struct sort_order : open_enum<sort_order, sort_order_value> {
    using open_enum::open_enum;
    using enum sort_order_value;
};

BOOST_DEFINE_ENUM_CLASS(entity_status_value, PENDING, INPROGRESS, FAILED, COMPLETED, DELETED)
struct entity_status : open_enum<entity_status, entity_status_value> {
    using open_enum::open_enum;
    using enum entity_status_value;
};

BOOST_DEFINE_ENUM_CLASS(data_source_filter_variable_value, CreatedAt, LastUpdatedAt, Status, Name,
                        DataLocationS3, IAMUser)
struct data_source_filter_variable
    : open_enum<data_source_filter_variable, data_source_filter_variable_value> {
    using open_enum::open_enum;
    using enum data_source_filter_variable_value;
};

BOOST_DEFINE_ENUM_CLASS(evaluation_filter_variable_value, CreatedAt, LastUpdatedAt, Status, Name,
                        IAMUser, MLModelId, DataSourceId, DataURI)
struct evaluation_filter_variable
    : open_enum<evaluation_filter_variable, evaluation_filter_variable_value> {
    using open_enum::open_enum;
    using enum evaluation_filter_variable_value;
};

BOOST_DEFINE_ENUM_CLASS(ml_model_filter_variable_value, CreatedAt, LastUpdatedAt, Status, Name,
                        IAMUser, TrainingDataSourceId, RealtimeEndpointStatus, MLModelType,
                        Algorithm, TrainingDataURI)
struct ml_model_filter_variable
    : open_enum<ml_model_filter_variable, ml_model_filter_variable_value> {
    using open_enum::open_enum;
    using enum ml_model_filter_variable_value;
};

BOOST_DEFINE_ENUM_CLASS(algorithm_value, sgd)
struct algorithm : open_enum<algorithm, algorithm_value> {
    using open_enum::open_enum;
    using enum algorithm_value;
};

BOOST_DEFINE_ENUM_CLASS(details_attributes_value, PredictiveModelType, Algorithm)
struct details_attributes : open_enum<details_attributes, details_attributes_value> {
    using open_enum::open_enum;
    using enum details_attributes_value;
};

// --- the model's named constraints ---------------------------------------------------------

namespace constraints {
inline constexpr constraint_set aws_user_arn{pattern("arn:aws:iam::[0-9]+:((user/.+)|(root))")};
inline constexpr constraint_set comparator_value{max_length(1024), pattern(".*\\S.*|^$")};
inline constexpr constraint_set data_schema{max_length(131071)};
inline constexpr constraint_set details_value{min_length(1)};
inline constexpr constraint_set edp_pipeline_id{min_length(1), max_length(1024)};
inline constexpr constraint_set edp_resource_role{min_length(1), max_length(64)};
inline constexpr constraint_set edp_security_group_id{min_length(1), max_length(255)};
inline constexpr constraint_set edp_service_role{min_length(1), max_length(64)};
inline constexpr constraint_set edp_subnet_id{min_length(1), max_length(255)};
inline constexpr constraint_set entity_id{min_length(1), max_length(64),
                                          pattern("[a-zA-Z0-9_.-]+")};
inline constexpr constraint_set entity_name{max_length(1024), pattern(".*\\S.*|^$")};
inline constexpr constraint_set error_message{max_length(2048)};
inline constexpr constraint_set label{min_length(1)};
inline constexpr constraint_set message{max_length(10240)};
inline constexpr constraint_set ml_model_name{max_length(1024)};
inline constexpr constraint_set page_limit{min_value(1), max_value(100)};
inline constexpr constraint_set rds_database_name{min_length(1), max_length(64)};
inline constexpr constraint_set rds_database_password{min_length(8), max_length(128)};
inline constexpr constraint_set rds_database_username{min_length(1), max_length(128)};
inline constexpr constraint_set rds_instance_identifier{min_length(1), max_length(63),
                                                        pattern("[a-z0-9-]+")};
inline constexpr constraint_set rds_select_sql_query{min_length(1), max_length(16777216)};
inline constexpr constraint_set recipe{max_length(131071)};
inline constexpr constraint_set redshift_cluster_identifier{min_length(1), max_length(63),
                                                            pattern("[a-z0-9-]+")};
inline constexpr constraint_set redshift_database_name{min_length(1), max_length(64),
                                                       pattern("[a-z0-9]+")};
inline constexpr constraint_set redshift_database_password{min_length(8), max_length(64)};
inline constexpr constraint_set redshift_database_username{min_length(1), max_length(128)};
inline constexpr constraint_set redshift_select_sql_query{min_length(1), max_length(16777216)};
inline constexpr constraint_set role_arn{min_length(1), max_length(110)};
inline constexpr constraint_set s3_url{max_length(2048), pattern("s3://([^/]+)(/.*)?")};
inline constexpr constraint_set tag_key{min_length(1), max_length(128),
                                        pattern(R"(^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$)")};
inline constexpr constraint_set tag_list{max_length(100)};
inline constexpr constraint_set tag_value{max_length(256),
                                          pattern(R"(^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$)")};
inline constexpr constraint_set vip_url{max_length(2048),
                                        pattern("https://[a-zA-Z0-9-.]*\\.amazon(aws)?\\.com[/]?")};
inline constexpr constraint_set details_map{each_value(constraints::details_value)};
inline constexpr constraint_set edp_security_group_ids{each(constraints::edp_security_group_id)};
inline constexpr constraint_set score_value_per_label_map{each_key(constraints::label)};
inline constexpr constraint_set tag_key_list{max_length(100), each(constraints::tag_key)};
} // namespace constraints

// --- structures, lists and maps -----------------------------------------------------------

AWSML_SHAPE(tag, (std::optional<std::string>, key, "Key", constraints::tag_key),
            (std::optional<std::string>, value, "Value", constraints::tag_value))

using tag_list = std::vector<tag>;

AWSML_SHAPE(add_tags_input, (tag_list, tags, "Tags", required, constraints::tag_list),
            (std::string, resource_id, "ResourceId", required, constraints::entity_id),
            (taggable_resource_type, resource_type, "ResourceType", required))

AWSML_SHAPE(add_tags_output,
            (std::optional<std::string>, resource_id, "ResourceId", constraints::entity_id),
            (std::optional<taggable_resource_type>, resource_type, "ResourceType"))

AWSML_SHAPE(invalid_input_exception,
            (std::optional<std::string>, message, "message", constraints::error_message),
            (std::optional<std::int32_t>, code, "code"))

AWSML_SHAPE(invalid_tag_exception,
            (std::optional<std::string>, message, "message", constraints::error_message))

AWSML_SHAPE(tag_limit_exceeded_exception,
            (std::optional<std::string>, message, "message", constraints::error_message))

AWSML_SHAPE(resource_not_found_exception,
            (std::optional<std::string>, message, "message", constraints::error_message),
            (std::optional<std::int32_t>, code, "code"))

AWSML_SHAPE(internal_server_exception,
            (std::optional<std::string>, message, "message", constraints::error_message),
            (std::optional<std::int32_t>, code, "code"))

AWSML_SHAPE(create_batch_prediction_input,
            (std::string, batch_prediction_id, "BatchPredictionId", required,
             constraints::entity_id),
            (std::optional<std::string>, batch_prediction_name, "BatchPredictionName",
             constraints::entity_name),
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id),
            (std::string, batch_prediction_data_source_id, "BatchPredictionDataSourceId", required,
             constraints::entity_id),
            (std::string, output_uri, "OutputUri", required, constraints::s3_url))

AWSML_SHAPE(create_batch_prediction_output, (std::optional<std::string>, batch_prediction_id,
                                             "BatchPredictionId", constraints::entity_id))

AWSML_SHAPE(idempotent_parameter_mismatch_exception,
            (std::optional<std::string>, message, "message", constraints::error_message),
            (std::optional<std::int32_t>, code, "code"))

AWSML_SHAPE(rds_database,
            (std::string, instance_identifier, "InstanceIdentifier", required,
             constraints::rds_instance_identifier),
            (std::string, database_name, "DatabaseName", required, constraints::rds_database_name))

AWSML_SHAPE(rds_database_credentials,
            (std::string, username, "Username", required, constraints::rds_database_username),
            (std::string, password, "Password", required, constraints::rds_database_password,
             sensitive))

using edp_security_group_ids = std::vector<std::string>;

AWSML_SHAPE(rds_data_spec, (rds_database, database_information, "DatabaseInformation", required),
            (std::string, select_sql_query, "SelectSqlQuery", required,
             constraints::rds_select_sql_query),
            (rds_database_credentials, database_credentials, "DatabaseCredentials", required),
            (std::string, s3_staging_location, "S3StagingLocation", required, constraints::s3_url),
            (std::optional<std::string>, data_rearrangement, "DataRearrangement"),
            (std::optional<std::string>, data_schema, "DataSchema", constraints::data_schema),
            (std::optional<std::string>, data_schema_uri, "DataSchemaUri", constraints::s3_url),
            (std::string, resource_role, "ResourceRole", required, constraints::edp_resource_role),
            (std::string, service_role, "ServiceRole", required, constraints::edp_service_role),
            (std::string, subnet_id, "SubnetId", required, constraints::edp_subnet_id),
            (edp_security_group_ids, security_group_ids, "SecurityGroupIds", required,
             constraints::edp_security_group_ids))

AWSML_SHAPE(create_data_source_from_rds_input,
            (std::string, data_source_id, "DataSourceId", required, constraints::entity_id),
            (std::optional<std::string>, data_source_name, "DataSourceName",
             constraints::entity_name),
            (rds_data_spec, rds_data, "RDSData", required),
            (std::string, role_arn, "RoleARN", required, constraints::role_arn),
            (std::optional<bool>, compute_statistics, "ComputeStatistics"))

AWSML_SHAPE(create_data_source_from_rds_output,
            (std::optional<std::string>, data_source_id, "DataSourceId", constraints::entity_id))

AWSML_SHAPE(redshift_database,
            (std::string, database_name, "DatabaseName", required,
             constraints::redshift_database_name),
            (std::string, cluster_identifier, "ClusterIdentifier", required,
             constraints::redshift_cluster_identifier))

AWSML_SHAPE(redshift_database_credentials,
            (std::string, username, "Username", required, constraints::redshift_database_username),
            (std::string, password, "Password", required, constraints::redshift_database_password,
             sensitive))

AWSML_SHAPE(redshift_data_spec,
            (redshift_database, database_information, "DatabaseInformation", required),
            (std::string, select_sql_query, "SelectSqlQuery", required,
             constraints::redshift_select_sql_query),
            (redshift_database_credentials, database_credentials, "DatabaseCredentials", required),
            (std::string, s3_staging_location, "S3StagingLocation", required, constraints::s3_url),
            (std::optional<std::string>, data_rearrangement, "DataRearrangement"),
            (std::optional<std::string>, data_schema, "DataSchema", constraints::data_schema),
            (std::optional<std::string>, data_schema_uri, "DataSchemaUri", constraints::s3_url))

AWSML_SHAPE(create_data_source_from_redshift_input,
            (std::string, data_source_id, "DataSourceId", required, constraints::entity_id),
            (std::optional<std::string>, data_source_name, "DataSourceName",
             constraints::entity_name),
            (redshift_data_spec, data_spec, "DataSpec", required),
            (std::string, role_arn, "RoleARN", required, constraints::role_arn),
            (std::optional<bool>, compute_statistics, "ComputeStatistics"))

AWSML_SHAPE(create_data_source_from_redshift_output,
            (std::optional<std::string>, data_source_id, "DataSourceId", constraints::entity_id))

AWSML_SHAPE(s3_data_spec,
            (std::string, data_location_s3, "DataLocationS3", required, constraints::s3_url),
            (std::optional<std::string>, data_rearrangement, "DataRearrangement"),
            (std::optional<std::string>, data_schema, "DataSchema", constraints::data_schema),
            (std::optional<std::string>, data_schema_location_s3, "DataSchemaLocationS3",
             constraints::s3_url))

AWSML_SHAPE(create_data_source_from_s3_input,
            (std::string, data_source_id, "DataSourceId", required, constraints::entity_id),
            (std::optional<std::string>, data_source_name, "DataSourceName",
             constraints::entity_name),
            (s3_data_spec, data_spec, "DataSpec", required),
            (std::optional<bool>, compute_statistics, "ComputeStatistics"))

AWSML_SHAPE(create_data_source_from_s3_output,
            (std::optional<std::string>, data_source_id, "DataSourceId", constraints::entity_id))

AWSML_SHAPE(create_evaluation_input,
            (std::string, evaluation_id, "EvaluationId", required, constraints::entity_id),
            (std::optional<std::string>, evaluation_name, "EvaluationName",
             constraints::entity_name),
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id),
            (std::string, evaluation_data_source_id, "EvaluationDataSourceId", required,
             constraints::entity_id))

AWSML_SHAPE(create_evaluation_output,
            (std::optional<std::string>, evaluation_id, "EvaluationId", constraints::entity_id))

using training_parameters = std::map<std::string, std::string>;

AWSML_SHAPE(create_ml_model_input,
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id),
            (std::optional<std::string>, ml_model_name, "MLModelName", constraints::entity_name),
            (machinelearning::ml_model_type, ml_model_type, "MLModelType", required),
            (std::optional<training_parameters>, parameters, "Parameters"),
            (std::string, training_data_source_id, "TrainingDataSourceId", required,
             constraints::entity_id),
            (std::optional<std::string>, recipe, "Recipe", constraints::recipe),
            (std::optional<std::string>, recipe_uri, "RecipeUri", constraints::s3_url))

AWSML_SHAPE(create_ml_model_output,
            (std::optional<std::string>, ml_model_id, "MLModelId", constraints::entity_id))

AWSML_SHAPE(create_realtime_endpoint_input,
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id))

AWSML_SHAPE(realtime_endpoint_info,
            (std::optional<std::int32_t>, peak_requests_per_second, "PeakRequestsPerSecond"),
            (std::optional<timestamp>, created_at, "CreatedAt"),
            (std::optional<std::string>, endpoint_url, "EndpointUrl", constraints::vip_url),
            (std::optional<realtime_endpoint_status>, endpoint_status, "EndpointStatus"))

AWSML_SHAPE(create_realtime_endpoint_output,
            (std::optional<std::string>, ml_model_id, "MLModelId", constraints::entity_id),
            (std::optional<machinelearning::realtime_endpoint_info>, realtime_endpoint_info,
             "RealtimeEndpointInfo"))

AWSML_SHAPE(delete_batch_prediction_input, (std::string, batch_prediction_id, "BatchPredictionId",
                                            required, constraints::entity_id))

AWSML_SHAPE(delete_batch_prediction_output, (std::optional<std::string>, batch_prediction_id,
                                             "BatchPredictionId", constraints::entity_id))

AWSML_SHAPE(delete_data_source_input,
            (std::string, data_source_id, "DataSourceId", required, constraints::entity_id))

AWSML_SHAPE(delete_data_source_output,
            (std::optional<std::string>, data_source_id, "DataSourceId", constraints::entity_id))

AWSML_SHAPE(delete_evaluation_input,
            (std::string, evaluation_id, "EvaluationId", required, constraints::entity_id))

AWSML_SHAPE(delete_evaluation_output,
            (std::optional<std::string>, evaluation_id, "EvaluationId", constraints::entity_id))

AWSML_SHAPE(delete_ml_model_input,
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id))

AWSML_SHAPE(delete_ml_model_output,
            (std::optional<std::string>, ml_model_id, "MLModelId", constraints::entity_id))

AWSML_SHAPE(delete_realtime_endpoint_input,
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id))

AWSML_SHAPE(delete_realtime_endpoint_output,
            (std::optional<std::string>, ml_model_id, "MLModelId", constraints::entity_id),
            (std::optional<machinelearning::realtime_endpoint_info>, realtime_endpoint_info,
             "RealtimeEndpointInfo"))

using tag_key_list = std::vector<std::string>;

AWSML_SHAPE(delete_tags_input,
            (tag_key_list, tag_keys, "TagKeys", required, constraints::tag_key_list),
            (std::string, resource_id, "ResourceId", required, constraints::entity_id),
            (taggable_resource_type, resource_type, "ResourceType", required))

AWSML_SHAPE(delete_tags_output,
            (std::optional<std::string>, resource_id, "ResourceId", constraints::entity_id),
            (std::optional<taggable_resource_type>, resource_type, "ResourceType"))

AWSML_SHAPE(describe_batch_predictions_input,
            (std::optional<batch_prediction_filter_variable>, filter_variable, "FilterVariable"),
            (std::optional<std::string>, eq, "EQ", constraints::comparator_value),
            (std::optional<std::string>, gt, "GT", constraints::comparator_value),
            (std::optional<std::string>, lt, "LT", constraints::comparator_value),
            (std::optional<std::string>, ge, "GE", constraints::comparator_value),
            (std::optional<std::string>, le, "LE", constraints::comparator_value),
            (std::optional<std::string>, ne, "NE", constraints::comparator_value),
            (std::optional<std::string>, prefix, "Prefix", constraints::comparator_value),
            (std::optional<machinelearning::sort_order>, sort_order, "SortOrder"),
            (std::optional<std::string>, next_token, "NextToken"),
            (std::optional<std::int32_t>, limit, "Limit", constraints::page_limit))

AWSML_SHAPE(batch_prediction,
            (std::optional<std::string>, batch_prediction_id, "BatchPredictionId",
             constraints::entity_id),
            (std::optional<std::string>, ml_model_id, "MLModelId", constraints::entity_id),
            (std::optional<std::string>, batch_prediction_data_source_id,
             "BatchPredictionDataSourceId", constraints::entity_id),
            (std::optional<std::string>, input_data_location_s3, "InputDataLocationS3",
             constraints::s3_url),
            (std::optional<std::string>, created_by_iam_user, "CreatedByIamUser",
             constraints::aws_user_arn),
            (std::optional<timestamp>, created_at, "CreatedAt"),
            (std::optional<timestamp>, last_updated_at, "LastUpdatedAt"),
            (std::optional<std::string>, name, "Name", constraints::entity_name),
            (std::optional<entity_status>, status, "Status"),
            (std::optional<std::string>, output_uri, "OutputUri", constraints::s3_url),
            (std::optional<std::string>, message, "Message", constraints::message),
            (std::optional<std::int64_t>, compute_time, "ComputeTime"),
            (std::optional<timestamp>, finished_at, "FinishedAt"),
            (std::optional<timestamp>, started_at, "StartedAt"),
            (std::optional<std::int64_t>, total_record_count, "TotalRecordCount"),
            (std::optional<std::int64_t>, invalid_record_count, "InvalidRecordCount"))

using batch_predictions = std::vector<batch_prediction>;

AWSML_SHAPE(describe_batch_predictions_output,
            (std::optional<batch_predictions>, results, "Results"),
            (std::optional<std::string>, next_token, "NextToken"))

AWSML_SHAPE(describe_data_sources_input,
            (std::optional<data_source_filter_variable>, filter_variable, "FilterVariable"),
            (std::optional<std::string>, eq, "EQ", constraints::comparator_value),
            (std::optional<std::string>, gt, "GT", constraints::comparator_value),
            (std::optional<std::string>, lt, "LT", constraints::comparator_value),
            (std::optional<std::string>, ge, "GE", constraints::comparator_value),
            (std::optional<std::string>, le, "LE", constraints::comparator_value),
            (std::optional<std::string>, ne, "NE", constraints::comparator_value),
            (std::optional<std::string>, prefix, "Prefix", constraints::comparator_value),
            (std::optional<machinelearning::sort_order>, sort_order, "SortOrder"),
            (std::optional<std::string>, next_token, "NextToken"),
            (std::optional<std::int32_t>, limit, "Limit", constraints::page_limit))

AWSML_SHAPE(redshift_metadata,
            (std::optional<machinelearning::redshift_database>, redshift_database,
             "RedshiftDatabase"),
            (std::optional<std::string>, database_user_name, "DatabaseUserName",
             constraints::redshift_database_username),
            (std::optional<std::string>, select_sql_query, "SelectSqlQuery",
             constraints::redshift_select_sql_query))

AWSML_SHAPE(
    rds_metadata, (std::optional<rds_database>, database, "Database"),
    (std::optional<std::string>, database_user_name, "DatabaseUserName",
     constraints::rds_database_username),
    (std::optional<std::string>, select_sql_query, "SelectSqlQuery",
     constraints::rds_select_sql_query),
    (std::optional<std::string>, resource_role, "ResourceRole", constraints::edp_resource_role),
    (std::optional<std::string>, service_role, "ServiceRole", constraints::edp_service_role),
    (std::optional<std::string>, data_pipeline_id, "DataPipelineId", constraints::edp_pipeline_id))

AWSML_SHAPE(data_source,
            (std::optional<std::string>, data_source_id, "DataSourceId", constraints::entity_id),
            (std::optional<std::string>, data_location_s3, "DataLocationS3", constraints::s3_url),
            (std::optional<std::string>, data_rearrangement, "DataRearrangement"),
            (std::optional<std::string>, created_by_iam_user, "CreatedByIamUser",
             constraints::aws_user_arn),
            (std::optional<timestamp>, created_at, "CreatedAt"),
            (std::optional<timestamp>, last_updated_at, "LastUpdatedAt"),
            (std::optional<std::int64_t>, data_size_in_bytes, "DataSizeInBytes"),
            (std::optional<std::int64_t>, number_of_files, "NumberOfFiles"),
            (std::optional<std::string>, name, "Name", constraints::entity_name),
            (std::optional<entity_status>, status, "Status"),
            (std::optional<std::string>, message, "Message", constraints::message),
            (std::optional<machinelearning::redshift_metadata>, redshift_metadata,
             "RedshiftMetadata"),
            (std::optional<machinelearning::rds_metadata>, rds_metadata, "RDSMetadata"),
            (std::optional<std::string>, role_arn, "RoleARN", constraints::role_arn),
            (std::optional<bool>, compute_statistics, "ComputeStatistics"),
            (std::optional<std::int64_t>, compute_time, "ComputeTime"),
            (std::optional<timestamp>, finished_at, "FinishedAt"),
            (std::optional<timestamp>, started_at, "StartedAt"))

using data_sources = std::vector<data_source>;

AWSML_SHAPE(describe_data_sources_output, (std::optional<data_sources>, results, "Results"),
            (std::optional<std::string>, next_token, "NextToken"))

AWSML_SHAPE(describe_evaluations_input,
            (std::optional<evaluation_filter_variable>, filter_variable, "FilterVariable"),
            (std::optional<std::string>, eq, "EQ", constraints::comparator_value),
            (std::optional<std::string>, gt, "GT", constraints::comparator_value),
            (std::optional<std::string>, lt, "LT", constraints::comparator_value),
            (std::optional<std::string>, ge, "GE", constraints::comparator_value),
            (std::optional<std::string>, le, "LE", constraints::comparator_value),
            (std::optional<std::string>, ne, "NE", constraints::comparator_value),
            (std::optional<std::string>, prefix, "Prefix", constraints::comparator_value),
            (std::optional<machinelearning::sort_order>, sort_order, "SortOrder"),
            (std::optional<std::string>, next_token, "NextToken"),
            (std::optional<std::int32_t>, limit, "Limit", constraints::page_limit))

using performance_metrics_properties = std::map<std::string, std::string>;

AWSML_SHAPE(performance_metrics,
            (std::optional<performance_metrics_properties>, properties, "Properties"))

AWSML_SHAPE(evaluation,
            (std::optional<std::string>, evaluation_id, "EvaluationId", constraints::entity_id),
            (std::optional<std::string>, ml_model_id, "MLModelId", constraints::entity_id),
            (std::optional<std::string>, evaluation_data_source_id, "EvaluationDataSourceId",
             constraints::entity_id),
            (std::optional<std::string>, input_data_location_s3, "InputDataLocationS3",
             constraints::s3_url),
            (std::optional<std::string>, created_by_iam_user, "CreatedByIamUser",
             constraints::aws_user_arn),
            (std::optional<timestamp>, created_at, "CreatedAt"),
            (std::optional<timestamp>, last_updated_at, "LastUpdatedAt"),
            (std::optional<std::string>, name, "Name", constraints::entity_name),
            (std::optional<entity_status>, status, "Status"),
            (std::optional<machinelearning::performance_metrics>, performance_metrics,
             "PerformanceMetrics"),
            (std::optional<std::string>, message, "Message", constraints::message),
            (std::optional<std::int64_t>, compute_time, "ComputeTime"),
            (std::optional<timestamp>, finished_at, "FinishedAt"),
            (std::optional<timestamp>, started_at, "StartedAt"))

using evaluations = std::vector<evaluation>;

AWSML_SHAPE(describe_evaluations_output, (std::optional<evaluations>, results, "Results"),
            (std::optional<std::string>, next_token, "NextToken"))

AWSML_SHAPE(describe_ml_models_input,
            (std::optional<ml_model_filter_variable>, filter_variable, "FilterVariable"),
            (std::optional<std::string>, eq, "EQ", constraints::comparator_value),
            (std::optional<std::string>, gt, "GT", constraints::comparator_value),
            (std::optional<std::string>, lt, "LT", constraints::comparator_value),
            (std::optional<std::string>, ge, "GE", constraints::comparator_value),
            (std::optional<std::string>, le, "LE", constraints::comparator_value),
            (std::optional<std::string>, ne, "NE", constraints::comparator_value),
            (std::optional<std::string>, prefix, "Prefix", constraints::comparator_value),
            (std::optional<machinelearning::sort_order>, sort_order, "SortOrder"),
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

AWSML_SHAPE(describe_ml_models_output, (std::optional<ml_models>, results, "Results"),
            (std::optional<std::string>, next_token, "NextToken"))

AWSML_SHAPE(describe_tags_input,
            (std::string, resource_id, "ResourceId", required, constraints::entity_id),
            (taggable_resource_type, resource_type, "ResourceType", required))

AWSML_SHAPE(describe_tags_output,
            (std::optional<std::string>, resource_id, "ResourceId", constraints::entity_id),
            (std::optional<taggable_resource_type>, resource_type, "ResourceType"),
            (std::optional<tag_list>, tags, "Tags", constraints::tag_list))

AWSML_SHAPE(get_batch_prediction_input, (std::string, batch_prediction_id, "BatchPredictionId",
                                         required, constraints::entity_id))

AWSML_SHAPE(get_batch_prediction_output,
            (std::optional<std::string>, batch_prediction_id, "BatchPredictionId",
             constraints::entity_id),
            (std::optional<std::string>, ml_model_id, "MLModelId", constraints::entity_id),
            (std::optional<std::string>, batch_prediction_data_source_id,
             "BatchPredictionDataSourceId", constraints::entity_id),
            (std::optional<std::string>, input_data_location_s3, "InputDataLocationS3",
             constraints::s3_url),
            (std::optional<std::string>, created_by_iam_user, "CreatedByIamUser",
             constraints::aws_user_arn),
            (std::optional<timestamp>, created_at, "CreatedAt"),
            (std::optional<timestamp>, last_updated_at, "LastUpdatedAt"),
            (std::optional<std::string>, name, "Name", constraints::entity_name),
            (std::optional<entity_status>, status, "Status"),
            (std::optional<std::string>, output_uri, "OutputUri", constraints::s3_url),
            (std::optional<std::string>, log_uri, "LogUri"),
            (std::optional<std::string>, message, "Message", constraints::message),
            (std::optional<std::int64_t>, compute_time, "ComputeTime"),
            (std::optional<timestamp>, finished_at, "FinishedAt"),
            (std::optional<timestamp>, started_at, "StartedAt"),
            (std::optional<std::int64_t>, total_record_count, "TotalRecordCount"),
            (std::optional<std::int64_t>, invalid_record_count, "InvalidRecordCount"))

AWSML_SHAPE(get_data_source_input,
            (std::string, data_source_id, "DataSourceId", required, constraints::entity_id),
            (std::optional<bool>, verbose, "Verbose"))

AWSML_SHAPE(get_data_source_output,
            (std::optional<std::string>, data_source_id, "DataSourceId", constraints::entity_id),
            (std::optional<std::string>, data_location_s3, "DataLocationS3", constraints::s3_url),
            (std::optional<std::string>, data_rearrangement, "DataRearrangement"),
            (std::optional<std::string>, created_by_iam_user, "CreatedByIamUser",
             constraints::aws_user_arn),
            (std::optional<timestamp>, created_at, "CreatedAt"),
            (std::optional<timestamp>, last_updated_at, "LastUpdatedAt"),
            (std::optional<std::int64_t>, data_size_in_bytes, "DataSizeInBytes"),
            (std::optional<std::int64_t>, number_of_files, "NumberOfFiles"),
            (std::optional<std::string>, name, "Name", constraints::entity_name),
            (std::optional<entity_status>, status, "Status"),
            (std::optional<std::string>, log_uri, "LogUri"),
            (std::optional<std::string>, message, "Message", constraints::message),
            (std::optional<machinelearning::redshift_metadata>, redshift_metadata,
             "RedshiftMetadata"),
            (std::optional<machinelearning::rds_metadata>, rds_metadata, "RDSMetadata"),
            (std::optional<std::string>, role_arn, "RoleARN", constraints::role_arn),
            (std::optional<bool>, compute_statistics, "ComputeStatistics"),
            (std::optional<std::int64_t>, compute_time, "ComputeTime"),
            (std::optional<timestamp>, finished_at, "FinishedAt"),
            (std::optional<timestamp>, started_at, "StartedAt"),
            (std::optional<std::string>, data_source_schema, "DataSourceSchema",
             constraints::data_schema))

AWSML_SHAPE(get_evaluation_input,
            (std::string, evaluation_id, "EvaluationId", required, constraints::entity_id))

AWSML_SHAPE(get_evaluation_output,
            (std::optional<std::string>, evaluation_id, "EvaluationId", constraints::entity_id),
            (std::optional<std::string>, ml_model_id, "MLModelId", constraints::entity_id),
            (std::optional<std::string>, evaluation_data_source_id, "EvaluationDataSourceId",
             constraints::entity_id),
            (std::optional<std::string>, input_data_location_s3, "InputDataLocationS3",
             constraints::s3_url),
            (std::optional<std::string>, created_by_iam_user, "CreatedByIamUser",
             constraints::aws_user_arn),
            (std::optional<timestamp>, created_at, "CreatedAt"),
            (std::optional<timestamp>, last_updated_at, "LastUpdatedAt"),
            (std::optional<std::string>, name, "Name", constraints::entity_name),
            (std::optional<entity_status>, status, "Status"),
            (std::optional<machinelearning::performance_metrics>, performance_metrics,
             "PerformanceMetrics"),
            (std::optional<std::string>, log_uri, "LogUri"),
            (std::optional<std::string>, message, "Message", constraints::message),
            (std::optional<std::int64_t>, compute_time, "ComputeTime"),
            (std::optional<timestamp>, finished_at, "FinishedAt"),
            (std::optional<timestamp>, started_at, "StartedAt"))

AWSML_SHAPE(get_ml_model_input,
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id),
            (std::optional<bool>, verbose, "Verbose"))

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

using record = std::map<std::string, std::string>;

AWSML_SHAPE(predict_input,
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id),
            (machinelearning::record, record, "Record", required),
            (std::string, predict_endpoint, "PredictEndpoint", required, constraints::vip_url))

using score_value_per_label_map = std::map<std::string, float>;

using details_map = std::map<std::string, std::string>;

AWSML_SHAPE(prediction,
            (std::optional<std::string>, predicted_label, "predictedLabel", constraints::label),
            (std::optional<float>, predicted_value, "predictedValue"),
            (std::optional<score_value_per_label_map>, predicted_scores, "predictedScores",
             constraints::score_value_per_label_map),
            (std::optional<details_map>, details, "details", constraints::details_map))

AWSML_SHAPE(predict_output, (std::optional<machinelearning::prediction>, prediction, "Prediction"))

AWSML_SHAPE(limit_exceeded_exception,
            (std::optional<std::string>, message, "message", constraints::error_message),
            (std::optional<std::int32_t>, code, "code"))

AWSML_SHAPE(predictor_not_mounted_exception,
            (std::optional<std::string>, message, "message", constraints::error_message))

AWSML_SHAPE(update_batch_prediction_input,
            (std::string, batch_prediction_id, "BatchPredictionId", required,
             constraints::entity_id),
            (std::string, batch_prediction_name, "BatchPredictionName", required,
             constraints::entity_name))

AWSML_SHAPE(update_batch_prediction_output, (std::optional<std::string>, batch_prediction_id,
                                             "BatchPredictionId", constraints::entity_id))

AWSML_SHAPE(update_data_source_input,
            (std::string, data_source_id, "DataSourceId", required, constraints::entity_id),
            (std::string, data_source_name, "DataSourceName", required, constraints::entity_name))

AWSML_SHAPE(update_data_source_output,
            (std::optional<std::string>, data_source_id, "DataSourceId", constraints::entity_id))

AWSML_SHAPE(update_evaluation_input,
            (std::string, evaluation_id, "EvaluationId", required, constraints::entity_id),
            (std::string, evaluation_name, "EvaluationName", required, constraints::entity_name))

AWSML_SHAPE(update_evaluation_output,
            (std::optional<std::string>, evaluation_id, "EvaluationId", constraints::entity_id))

AWSML_SHAPE(update_ml_model_input,
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id),
            (std::optional<std::string>, ml_model_name, "MLModelName", constraints::entity_name),
            (std::optional<float>, score_threshold, "ScoreThreshold"))

AWSML_SHAPE(update_ml_model_output,
            (std::optional<std::string>, ml_model_id, "MLModelId", constraints::entity_id))

} // namespace awsml::machinelearning

namespace awsml {

template <>
inline constexpr std::string_view shape_wire_name<machinelearning::invalid_input_exception> =
    "InvalidInputException";
template <>
inline constexpr std::string_view shape_wire_name<machinelearning::invalid_tag_exception> =
    "InvalidTagException";
template <>
inline constexpr std::string_view shape_wire_name<machinelearning::tag_limit_exceeded_exception> =
    "TagLimitExceededException";
template <>
inline constexpr std::string_view shape_wire_name<machinelearning::resource_not_found_exception> =
    "ResourceNotFoundException";
template <>
inline constexpr std::string_view shape_wire_name<machinelearning::internal_server_exception> =
    "InternalServerException";
template <>
inline constexpr std::string_view
    shape_wire_name<machinelearning::idempotent_parameter_mismatch_exception> =
        "IdempotentParameterMismatchException";
template <>
inline constexpr std::string_view shape_wire_name<machinelearning::limit_exceeded_exception> =
    "LimitExceededException";
template <>
inline constexpr std::string_view
    shape_wire_name<machinelearning::predictor_not_mounted_exception> =
        "PredictorNotMountedException";

} // namespace awsml

namespace awsml {
// Amazon ML is awsml's service: its names are also awsml's own (awsml::client,
// awsml::get_ml_model_output, ...), as they were before the service had a folder of its own.
using namespace machinelearning;
} // namespace awsml
