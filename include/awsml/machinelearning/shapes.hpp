#pragma once

/// \file
/// Amazon Machine Learning's shapes, from the service model (service-2.json, API 2014-12-12):
/// every structure, list, map, enum and named constraint of its 28 operations, in the order the
/// operations first use them. Each member is written once, on one line: C++ type, C++ name,
/// wire name, constraints. Everything else (the struct, JSON, validation, equality, printing) is
/// derived from that line. Required members are plain values, the others optional; maps are
/// awsml::flat_map (a sorted vector with a map's interface). Error shapes also give their own
/// wire name (shape_wire_name), once.

#include <awsml/model/flat_map.hpp>
#include <awsml/model/open_enum.hpp>
#include <awsml/model/shape.hpp>
#include <awsml/model/timestamp.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace awsml::machinelearning {

// --- enums --------------------------------------------------------------------------------

/// The known values of taggable_resource_type, named as on the wire.
BOOST_DEFINE_ENUM_CLASS(taggable_resource_type_value, BatchPrediction, DataSource, Evaluation,
                        MLModel)
/// The model's `TaggableResourceType`: one of `BatchPrediction`, `DataSource`, `Evaluation`,
/// `MLModel`; a value the service adds later is kept as its wire string (see awsml::open_enum).
struct taggable_resource_type : open_enum<taggable_resource_type, taggable_resource_type_value> {
    /// Holds a known value; implicit, so that an enumerator converts.
    using open_enum::open_enum;
    using enum taggable_resource_type_value;
};

/// The known values of ml_model_type, named as on the wire.
BOOST_DEFINE_ENUM_CLASS(ml_model_type_value, REGRESSION, BINARY, MULTICLASS)
/// The model's `MLModelType`: one of `REGRESSION`, `BINARY`, `MULTICLASS`; a value the service adds
/// later is kept as its wire string (see awsml::open_enum).
struct ml_model_type : open_enum<ml_model_type, ml_model_type_value> {
    /// Holds a known value; implicit, so that an enumerator converts.
    using open_enum::open_enum;
    using enum ml_model_type_value;
};

/// The known values of realtime_endpoint_status, named as on the wire.
BOOST_DEFINE_ENUM_CLASS(realtime_endpoint_status_value, NONE, READY, UPDATING, FAILED)
/// The model's `RealtimeEndpointStatus`: one of `NONE`, `READY`, `UPDATING`, `FAILED`; a value the
/// service adds later is kept as its wire string (see awsml::open_enum).
struct realtime_endpoint_status
    : open_enum<realtime_endpoint_status, realtime_endpoint_status_value> {
    /// Holds a known value; implicit, so that an enumerator converts.
    using open_enum::open_enum;
    using enum realtime_endpoint_status_value;
};

/// The known values of batch_prediction_filter_variable, named as on the wire.
BOOST_DEFINE_ENUM_CLASS(batch_prediction_filter_variable_value, CreatedAt, LastUpdatedAt, Status,
                        Name, IAMUser, MLModelId, DataSourceId, DataURI)
/// A list of the variables to use in searching or filtering BatchPrediction. The model's
/// `BatchPredictionFilterVariable`: one of `CreatedAt`, `LastUpdatedAt`, `Status`, `Name`,
/// `IAMUser`, `MLModelId`, `DataSourceId`, `DataURI`; a value the service adds later is kept as its
/// wire string (see awsml::open_enum).
struct batch_prediction_filter_variable
    : open_enum<batch_prediction_filter_variable, batch_prediction_filter_variable_value> {
    /// Holds a known value; implicit, so that an enumerator converts.
    using open_enum::open_enum;
    using enum batch_prediction_filter_variable_value;
};

/// The known values of sort_order, named as on the wire.
BOOST_DEFINE_ENUM_CLASS(sort_order_value, asc, dsc)
/// The sort order specified in a listing condition. Possible values include the following: asc -
/// Present the information in ascending order (from A-Z); dsc - Present the information in
/// descending order (from Z-A). The model's `SortOrder`: one of `asc`, `dsc`; a value the service
/// adds later is kept as its wire string (see awsml::open_enum).
struct sort_order : open_enum<sort_order, sort_order_value> {
    /// Holds a known value; implicit, so that an enumerator converts.
    using open_enum::open_enum;
    using enum sort_order_value;
};

/// The known values of entity_status, named as on the wire.
BOOST_DEFINE_ENUM_CLASS(entity_status_value, PENDING, INPROGRESS, FAILED, COMPLETED, DELETED)
/// Object status with the following possible values: PENDING; INPROGRESS; FAILED; COMPLETED;
/// DELETED. The model's `EntityStatus`: one of `PENDING`, `INPROGRESS`, `FAILED`, `COMPLETED`,
/// `DELETED`; a value the service adds later is kept as its wire string (see awsml::open_enum).
struct entity_status : open_enum<entity_status, entity_status_value> {
    /// Holds a known value; implicit, so that an enumerator converts.
    using open_enum::open_enum;
    using enum entity_status_value;
};

/// The known values of data_source_filter_variable, named as on the wire.
BOOST_DEFINE_ENUM_CLASS(data_source_filter_variable_value, CreatedAt, LastUpdatedAt, Status, Name,
                        DataLocationS3, IAMUser)
/// A list of the variables to use in searching or filtering DataSource. The model's
/// `DataSourceFilterVariable`: one of `CreatedAt`, `LastUpdatedAt`, `Status`, `Name`,
/// `DataLocationS3`, `IAMUser`; a value the service adds later is kept as its wire string (see
/// awsml::open_enum).
struct data_source_filter_variable
    : open_enum<data_source_filter_variable, data_source_filter_variable_value> {
    /// Holds a known value; implicit, so that an enumerator converts.
    using open_enum::open_enum;
    using enum data_source_filter_variable_value;
};

/// The known values of evaluation_filter_variable, named as on the wire.
BOOST_DEFINE_ENUM_CLASS(evaluation_filter_variable_value, CreatedAt, LastUpdatedAt, Status, Name,
                        IAMUser, MLModelId, DataSourceId, DataURI)
/// A list of the variables to use in searching or filtering Evaluation. The model's
/// `EvaluationFilterVariable`: one of `CreatedAt`, `LastUpdatedAt`, `Status`, `Name`, `IAMUser`,
/// `MLModelId`, `DataSourceId`, `DataURI`; a value the service adds later is kept as its wire
/// string (see awsml::open_enum).
struct evaluation_filter_variable
    : open_enum<evaluation_filter_variable, evaluation_filter_variable_value> {
    /// Holds a known value; implicit, so that an enumerator converts.
    using open_enum::open_enum;
    using enum evaluation_filter_variable_value;
};

/// The known values of ml_model_filter_variable, named as on the wire.
BOOST_DEFINE_ENUM_CLASS(ml_model_filter_variable_value, CreatedAt, LastUpdatedAt, Status, Name,
                        IAMUser, TrainingDataSourceId, RealtimeEndpointStatus, MLModelType,
                        Algorithm, TrainingDataURI)
/// The model's `MLModelFilterVariable`: one of `CreatedAt`, `LastUpdatedAt`, `Status`, `Name`,
/// `IAMUser`, `TrainingDataSourceId`, `RealtimeEndpointStatus`, `MLModelType`, `Algorithm`,
/// `TrainingDataURI`; a value the service adds later is kept as its wire string (see
/// awsml::open_enum).
struct ml_model_filter_variable
    : open_enum<ml_model_filter_variable, ml_model_filter_variable_value> {
    /// Holds a known value; implicit, so that an enumerator converts.
    using open_enum::open_enum;
    using enum ml_model_filter_variable_value;
};

/// The known values of algorithm, named as on the wire.
BOOST_DEFINE_ENUM_CLASS(algorithm_value, sgd)
/// The function used to train an MLModel. Training choices supported by Amazon ML include the
/// following: SGD - Stochastic Gradient Descent; RandomForest - Random forest of decision trees.
/// The model's `Algorithm`: one of `sgd`; a value the service adds later is kept as its wire string
/// (see awsml::open_enum).
struct algorithm : open_enum<algorithm, algorithm_value> {
    /// Holds a known value; implicit, so that an enumerator converts.
    using open_enum::open_enum;
    using enum algorithm_value;
};

/// The known values of details_attributes, named as on the wire.
BOOST_DEFINE_ENUM_CLASS(details_attributes_value, PredictiveModelType, Algorithm)
/// Contains the key values of DetailsMap: PredictiveModelType - Indicates the type of the MLModel;
/// Algorithm - Indicates the algorithm that was used for the MLModel. The model's
/// `DetailsAttributes`: one of `PredictiveModelType`, `Algorithm`; a value the service adds later
/// is kept as its wire string (see awsml::open_enum).
struct details_attributes : open_enum<details_attributes, details_attributes_value> {
    /// Holds a known value; implicit, so that an enumerator converts.
    using open_enum::open_enum;
    using enum details_attributes_value;
};

// --- the model's named constraints ---------------------------------------------------------

namespace constraints {
/// The model's `AwsUserArn` constraints, on `BatchPrediction.CreatedByIamUser`,
/// `DataSource.CreatedByIamUser`, `Evaluation.CreatedByIamUser` and 5 more.
inline constexpr constraint_set aws_user_arn{pattern("arn:aws:iam::[0-9]+:((user/.+)|(root))")};
/// The model's `ComparatorValue` constraints, on `DescribeBatchPredictionsInput.EQ`,
/// `DescribeBatchPredictionsInput.GT`, `DescribeBatchPredictionsInput.LT` and 25 more.
inline constexpr constraint_set comparator_value{max_length(1024), pattern(".*\\S.*|^$")};
/// The model's `DataSchema` constraints, on `GetDataSourceOutput.DataSourceSchema`,
/// `GetMLModelOutput.Schema`, `RDSDataSpec.DataSchema` and 2 more.
inline constexpr constraint_set data_schema{max_length(131071)};
/// The model's `DetailsValue` constraints.
inline constexpr constraint_set details_value{min_length(1)};
/// The model's `EDPPipelineId` constraints, on `RDSMetadata.DataPipelineId`.
inline constexpr constraint_set edp_pipeline_id{min_length(1), max_length(1024)};
/// The model's `EDPResourceRole` constraints, on `RDSDataSpec.ResourceRole` and
/// `RDSMetadata.ResourceRole`.
inline constexpr constraint_set edp_resource_role{min_length(1), max_length(64)};
/// The model's `EDPSecurityGroupId` constraints.
inline constexpr constraint_set edp_security_group_id{min_length(1), max_length(255)};
/// The model's `EDPServiceRole` constraints, on `RDSDataSpec.ServiceRole` and
/// `RDSMetadata.ServiceRole`.
inline constexpr constraint_set edp_service_role{min_length(1), max_length(64)};
/// The model's `EDPSubnetId` constraints, on `RDSDataSpec.SubnetId`.
inline constexpr constraint_set edp_subnet_id{min_length(1), max_length(255)};
/// The model's `EntityId` constraints, on `AddTagsInput.ResourceId`, `AddTagsOutput.ResourceId`,
/// `BatchPrediction.BatchPredictionId` and 63 more.
inline constexpr constraint_set entity_id{min_length(1), max_length(64),
                                          pattern("[a-zA-Z0-9_.-]+")};
/// The model's `EntityName` constraints, on `BatchPrediction.Name`,
/// `CreateBatchPredictionInput.BatchPredictionName`, `CreateDataSourceFromRDSInput.DataSourceName`
/// and 13 more.
inline constexpr constraint_set entity_name{max_length(1024), pattern(".*\\S.*|^$")};
/// The model's `ErrorMessage` constraints, on `IdempotentParameterMismatchException.message`,
/// `InternalServerException.message`, `InvalidInputException.message` and 5 more.
inline constexpr constraint_set error_message{max_length(2048)};
/// The model's `Label` constraints, on `Prediction.predictedLabel`.
inline constexpr constraint_set label{min_length(1)};
/// The model's `Message` constraints, on `BatchPrediction.Message`, `DataSource.Message`,
/// `Evaluation.Message` and 5 more.
inline constexpr constraint_set message{max_length(10240)};
/// The model's `MLModelName` constraints, on `GetMLModelOutput.Name` and `MLModel.Name`.
inline constexpr constraint_set ml_model_name{max_length(1024)};
/// The model's `PageLimit` constraints, on `DescribeBatchPredictionsInput.Limit`,
/// `DescribeDataSourcesInput.Limit`, `DescribeEvaluationsInput.Limit` and 1 more.
inline constexpr constraint_set page_limit{min_value(1), max_value(100)};
/// The model's `RDSDatabaseName` constraints, on `RDSDatabase.DatabaseName`.
inline constexpr constraint_set rds_database_name{min_length(1), max_length(64)};
/// The model's `RDSDatabasePassword` constraints, on `RDSDatabaseCredentials.Password`.
inline constexpr constraint_set rds_database_password{min_length(8), max_length(128)};
/// The model's `RDSDatabaseUsername` constraints, on `RDSDatabaseCredentials.Username` and
/// `RDSMetadata.DatabaseUserName`.
inline constexpr constraint_set rds_database_username{min_length(1), max_length(128)};
/// The model's `RDSInstanceIdentifier` constraints, on `RDSDatabase.InstanceIdentifier`.
inline constexpr constraint_set rds_instance_identifier{min_length(1), max_length(63),
                                                        pattern("[a-z0-9-]+")};
/// The model's `RDSSelectSqlQuery` constraints, on `RDSDataSpec.SelectSqlQuery` and
/// `RDSMetadata.SelectSqlQuery`.
inline constexpr constraint_set rds_select_sql_query{min_length(1), max_length(16777216)};
/// The model's `Recipe` constraints, on `CreateMLModelInput.Recipe` and `GetMLModelOutput.Recipe`.
inline constexpr constraint_set recipe{max_length(131071)};
/// The model's `RedshiftClusterIdentifier` constraints, on `RedshiftDatabase.ClusterIdentifier`.
inline constexpr constraint_set redshift_cluster_identifier{min_length(1), max_length(63),
                                                            pattern("[a-z0-9-]+")};
/// The model's `RedshiftDatabaseName` constraints, on `RedshiftDatabase.DatabaseName`.
inline constexpr constraint_set redshift_database_name{min_length(1), max_length(64),
                                                       pattern("[a-z0-9]+")};
/// The model's `RedshiftDatabasePassword` constraints, on `RedshiftDatabaseCredentials.Password`.
inline constexpr constraint_set redshift_database_password{min_length(8), max_length(64)};
/// The model's `RedshiftDatabaseUsername` constraints, on `RedshiftDatabaseCredentials.Username`
/// and `RedshiftMetadata.DatabaseUserName`.
inline constexpr constraint_set redshift_database_username{min_length(1), max_length(128)};
/// The model's `RedshiftSelectSqlQuery` constraints, on `RedshiftDataSpec.SelectSqlQuery` and
/// `RedshiftMetadata.SelectSqlQuery`.
inline constexpr constraint_set redshift_select_sql_query{min_length(1), max_length(16777216)};
/// The model's `RoleARN` constraints, on `CreateDataSourceFromRDSInput.RoleARN`,
/// `CreateDataSourceFromRedshiftInput.RoleARN`, `DataSource.RoleARN` and 1 more.
inline constexpr constraint_set role_arn{min_length(1), max_length(110)};
/// The model's `S3Url` constraints, on `BatchPrediction.InputDataLocationS3`,
/// `BatchPrediction.OutputUri`, `CreateBatchPredictionInput.OutputUri` and 15 more.
inline constexpr constraint_set s3_url{max_length(2048), pattern("s3://([^/]+)(/.*)?")};
/// The model's `TagKey` constraints, on `Tag.Key`.
inline constexpr constraint_set tag_key{min_length(1), max_length(128),
                                        pattern(R"(^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$)")};
/// The model's `TagList` constraints, on `AddTagsInput.Tags` and `DescribeTagsOutput.Tags`.
inline constexpr constraint_set tag_list{max_length(100)};
/// The model's `TagValue` constraints, on `Tag.Value`.
inline constexpr constraint_set tag_value{max_length(256),
                                          pattern(R"(^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$)")};
/// The model's `VipURL` constraints, on `PredictInput.PredictEndpoint` and
/// `RealtimeEndpointInfo.EndpointUrl`.
inline constexpr constraint_set vip_url{max_length(2048),
                                        pattern("https://[a-zA-Z0-9-.]*\\.amazon(aws)?\\.com[/]?")};
/// The model's `DetailsMap` constraints, on `Prediction.details`.
inline constexpr constraint_set details_map{each_value(constraints::details_value)};
/// The model's `EDPSecurityGroupIds` constraints, on `RDSDataSpec.SecurityGroupIds`.
inline constexpr constraint_set edp_security_group_ids{each(constraints::edp_security_group_id)};
/// The model's `ScoreValuePerLabelMap` constraints, on `Prediction.predictedScores`.
inline constexpr constraint_set score_value_per_label_map{each_key(constraints::label)};
/// The model's `TagKeyList` constraints, on `DeleteTagsInput.TagKeys`.
inline constexpr constraint_set tag_key_list{max_length(100), each(constraints::tag_key)};
} // namespace constraints

// --- structures, lists and maps -----------------------------------------------------------

/// A custom key-value pair associated with an ML object, such as an ML model.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `key` (`Key`): A unique identifier for the tag. Valid characters include Unicode letters,
///   digits, white space, _, ., /, =, +, -, \%, and \@.
/// - `value` (`Value`): An optional string, typically used to describe or define the tag. Valid
///   characters include Unicode letters, digits, white space, _, ., /, =, +, -, \%, and \@.
AWSML_SHAPE(tag, (std::optional<std::string>, key, "Key", constraints::tag_key),
            (std::optional<std::string>, value, "Value", constraints::tag_value))

/// The model's `TagList` (list), at most 100 elements.
using tag_list = std::vector<tag>;

/// The request of AddTags.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `tags` (`Tags`, required): The key-value pairs to use to create tags. If you specify a key
///   without specifying a value, Amazon ML creates a tag with the specified key and a value of
///   null.
/// - `resource_id` (`ResourceId`, required): The ID of the ML object to tag. For example,
///   exampleModelId.
/// - `resource_type` (`ResourceType`, required): The type of the ML object to tag.
AWSML_SHAPE(add_tags_input, (tag_list, tags, "Tags", required, constraints::tag_list),
            (std::string, resource_id, "ResourceId", required, constraints::entity_id),
            (taggable_resource_type, resource_type, "ResourceType", required))

/// The answer of AddTags. Amazon ML returns the following elements.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `resource_id` (`ResourceId`): The ID of the ML object that was tagged.
/// - `resource_type` (`ResourceType`): The type of the ML object that was tagged.
AWSML_SHAPE(add_tags_output,
            (std::optional<std::string>, resource_id, "ResourceId", constraints::entity_id),
            (std::optional<taggable_resource_type>, resource_type, "ResourceType"))

/// An error on the client occurred. Typically, the cause is an invalid input value. The body of the
/// service error `InvalidInputException` (HTTP 400); the throwing calls throw it as
/// invalid_input_error, the others return it in their outcome's call_failure.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `message` (`message`): The service's explanation.
/// - `code` (`code`): The service's numeric code for the error, when it sends one.
AWSML_SHAPE(invalid_input_exception,
            (std::optional<std::string>, message, "message", constraints::error_message),
            (std::optional<std::int32_t>, code, "code"))

/// The body of the service error `InvalidTagException` (HTTP 400); the throwing calls throw it as
/// invalid_tag_error, the others return it in their outcome's call_failure.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `message` (`message`): The service's explanation.
AWSML_SHAPE(invalid_tag_exception,
            (std::optional<std::string>, message, "message", constraints::error_message))

/// The body of the service error `TagLimitExceededException` (HTTP 400); the throwing calls throw
/// it as tag_limit_exceeded_error, the others return it in their outcome's call_failure.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `message` (`message`): The service's explanation.
AWSML_SHAPE(tag_limit_exceeded_exception,
            (std::optional<std::string>, message, "message", constraints::error_message))

/// A specified resource cannot be located. The body of the service error
/// `ResourceNotFoundException` (HTTP 400); the throwing calls throw it as resource_not_found_error,
/// the others return it in their outcome's call_failure.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `message` (`message`): The service's explanation.
/// - `code` (`code`): The service's numeric code for the error, when it sends one.
AWSML_SHAPE(resource_not_found_exception,
            (std::optional<std::string>, message, "message", constraints::error_message),
            (std::optional<std::int32_t>, code, "code"))

/// An error on the server occurred when trying to process a request. The body of the service error
/// `InternalServerException` (HTTP 400); the throwing calls throw it as internal_server_error, the
/// others return it in their outcome's call_failure.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `message` (`message`): The service's explanation.
/// - `code` (`code`): The service's numeric code for the error, when it sends one.
AWSML_SHAPE(internal_server_exception,
            (std::optional<std::string>, message, "message", constraints::error_message),
            (std::optional<std::int32_t>, code, "code"))

/// The request of CreateBatchPrediction.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `batch_prediction_id` (`BatchPredictionId`, required): A user-supplied ID that uniquely
///   identifies the BatchPrediction.
/// - `batch_prediction_name` (`BatchPredictionName`): A user-supplied name or description of the
///   BatchPrediction. BatchPredictionName can only use the UTF-8 character set.
/// - `ml_model_id` (`MLModelId`, required): The ID of the MLModel that will generate predictions
///   for the group of observations.
/// - `batch_prediction_data_source_id` (`BatchPredictionDataSourceId`, required): The ID of the
///   DataSource that points to the group of observations to predict.
/// - `output_uri` (`OutputUri`, required): The location of an Amazon Simple Storage Service (Amazon
///   S3) bucket or directory to store the batch prediction results. The following substrings are
///   not allowed in the s3 key portion of the outputURI field: ':', '//', '/./', '/../'.
AWSML_SHAPE(create_batch_prediction_input,
            (std::string, batch_prediction_id, "BatchPredictionId", required,
             constraints::entity_id),
            (std::optional<std::string>, batch_prediction_name, "BatchPredictionName",
             constraints::entity_name),
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id),
            (std::string, batch_prediction_data_source_id, "BatchPredictionDataSourceId", required,
             constraints::entity_id),
            (std::string, output_uri, "OutputUri", required, constraints::s3_url))

/// The answer of CreateBatchPrediction. Represents the output of a CreateBatchPrediction operation,
/// and is an acknowledgement that Amazon ML received the request.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `batch_prediction_id` (`BatchPredictionId`): A user-supplied ID that uniquely identifies the
///   BatchPrediction. This value is identical to the value of the BatchPredictionId in the request.
AWSML_SHAPE(create_batch_prediction_output, (std::optional<std::string>, batch_prediction_id,
                                             "BatchPredictionId", constraints::entity_id))

/// A second request to use or change an object was not allowed. This can result from retrying a
/// request using a parameter that was not present in the original request. The body of the service
/// error `IdempotentParameterMismatchException` (HTTP 400); the throwing calls throw it as
/// idempotent_parameter_mismatch_error, the others return it in their outcome's call_failure.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `message` (`message`): The service's explanation.
/// - `code` (`code`): The service's numeric code for the error, when it sends one.
AWSML_SHAPE(idempotent_parameter_mismatch_exception,
            (std::optional<std::string>, message, "message", constraints::error_message),
            (std::optional<std::int32_t>, code, "code"))

/// The database details of an Amazon RDS database.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `instance_identifier` (`InstanceIdentifier`, required): The ID of an RDS DB instance.
/// - `database_name` (`DatabaseName`, required): The name of a database hosted on an RDS DB
///   instance.
AWSML_SHAPE(rds_database,
            (std::string, instance_identifier, "InstanceIdentifier", required,
             constraints::rds_instance_identifier),
            (std::string, database_name, "DatabaseName", required, constraints::rds_database_name))

/// The database credentials to connect to a database on an RDS DB instance.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `username` (`Username`, required): The username to be used by Amazon ML to connect to database
///   on an Amazon RDS instance. The username should have sufficient permissions to execute an
///   RDSSelectSqlQuery query.
/// - `password` (`Password`, required, sensitive: never printed): The password to be used by Amazon
///   ML to connect to a database on an RDS DB instance. The password should have sufficient
///   permissions to execute the RDSSelectQuery query.
AWSML_SHAPE(rds_database_credentials,
            (std::string, username, "Username", required, constraints::rds_database_username),
            (std::string, password, "Password", required, constraints::rds_database_password,
             sensitive))

/// The model's `EDPSecurityGroupIds` (list).
using edp_security_group_ids = std::vector<std::string>;

/// The data specification of an Amazon Relational Database Service (Amazon RDS) DataSource.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `database_information` (`DatabaseInformation`, required): Describes the DatabaseName and
///   InstanceIdentifier of an Amazon RDS database.
/// - `select_sql_query` (`SelectSqlQuery`, required): The query that is used to retrieve the
///   observation data for the DataSource.
/// - `database_credentials` (`DatabaseCredentials`, required): The AWS Identity and Access
///   Management (IAM) credentials that are used connect to the Amazon RDS database.
/// - `s3_staging_location` (`S3StagingLocation`, required): The Amazon S3 location for staging
///   Amazon RDS data. The data retrieved from Amazon RDS using SelectSqlQuery is stored in this
///   location.
/// - `data_rearrangement` (`DataRearrangement`): A JSON string that represents the splitting and
///   rearrangement processing to be applied to a DataSource. If the DataRearrangement parameter is
///   not provided, all of the input data is used to create the Datasource.
/// - `data_schema` (`DataSchema`): A JSON string that represents the schema for an Amazon RDS
///   DataSource. The DataSchema defines the structure of the observation data in the data file(s)
///   referenced in the DataSource.
/// - `data_schema_uri` (`DataSchemaUri`): The Amazon S3 location of the DataSchema.
/// - `resource_role` (`ResourceRole`, required): The role (DataPipelineDefaultResourceRole) assumed
///   by an Amazon Elastic Compute Cloud (Amazon EC2) instance to carry out the copy operation from
///   Amazon RDS to an Amazon S3 task. For more information, see Role templates for data pipelines.
/// - `service_role` (`ServiceRole`, required): The role (DataPipelineDefaultRole) assumed by AWS
///   Data Pipeline service to monitor the progress of the copy task from Amazon RDS to Amazon S3.
///   For more information, see Role templates for data pipelines.
/// - `subnet_id` (`SubnetId`, required): The subnet ID to be used to access a VPC-based RDS DB
///   instance. This attribute is used by Data Pipeline to carry out the copy task from Amazon RDS
///   to Amazon S3.
/// - `security_group_ids` (`SecurityGroupIds`, required): The security group IDs to be used to
///   access a VPC-based RDS DB instance. Ensure that there are appropriate ingress rules set up to
///   allow access to the RDS DB instance. This attribute is used by Data Pipeline to carry out the
///   copy operation from Amazon RDS to an Amazon S3 task.
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

/// The request of CreateDataSourceFromRDS.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `data_source_id` (`DataSourceId`, required): A user-supplied ID that uniquely identifies the
///   DataSource. Typically, an Amazon Resource Number (ARN) becomes the ID for a DataSource.
/// - `data_source_name` (`DataSourceName`): A user-supplied name or description of the DataSource.
/// - `rds_data` (`RDSData`, required): The data specification of an Amazon RDS DataSource:
///   DatabaseInformation -; DatabaseName - The name of the Amazon RDS database; InstanceIdentifier
///   - A unique identifier for the Amazon RDS database instance; DatabaseCredentials - AWS Identity
///   and Access Management (IAM) credentials that are used to connect to the Amazon RDS database;
///   ResourceRole - A role (DataPipelineDefaultResourceRole) assumed by an EC2 instance to carry
///   out the copy task from Amazon RDS to Amazon Simple Storage Service (Amazon S3). For more
///   information, see Role templates for data pipelines; ServiceRole - A role
///   (DataPipelineDefaultRole) assumed by the AWS Data Pipeline service to monitor the progress of
///   the copy task from Amazon RDS to Amazon S3. For more information, see Role templates for data
///   pipelines; SecurityInfo - The security information to use to access an RDS DB instance. You
///   need to set up appropriate ingress rules for the security entity IDs provided to allow access
///   to the Amazon RDS instance. Specify a [SubnetId, SecurityGroupIds] pair for a VPC-based RDS DB
///   instance; SelectSqlQuery - A query that is used to retrieve the observation data for the
///   Datasource; S3StagingLocation - The Amazon S3 location for staging Amazon RDS data. The data
///   retrieved from Amazon RDS using SelectSqlQuery is stored in this location; DataSchemaUri - The
///   Amazon S3 location of the DataSchema; DataSchema - A JSON string representing the schema. This
///   is not required if DataSchemaUri is specified; DataRearrangement - A JSON string that
///   represents the splitting and rearrangement requirements for the Datasource.
/// - `role_arn` (`RoleARN`, required): The role that Amazon ML assumes on behalf of the user to
///   create and activate a data pipeline in the user's account and copy data using the
///   SelectSqlQuery query from Amazon RDS to Amazon S3.
/// - `compute_statistics` (`ComputeStatistics`): The compute statistics for a DataSource. The
///   statistics are generated from the observation data referenced by a DataSource. Amazon ML uses
///   the statistics internally during MLModel training. This parameter must be set to true if the
///   DataSource needs to be used for MLModel training.
AWSML_SHAPE(create_data_source_from_rds_input,
            (std::string, data_source_id, "DataSourceId", required, constraints::entity_id),
            (std::optional<std::string>, data_source_name, "DataSourceName",
             constraints::entity_name),
            (rds_data_spec, rds_data, "RDSData", required),
            (std::string, role_arn, "RoleARN", required, constraints::role_arn),
            (std::optional<bool>, compute_statistics, "ComputeStatistics"))

/// The answer of CreateDataSourceFromRDS. Represents the output of a CreateDataSourceFromRDS
/// operation, and is an acknowledgement that Amazon ML received the request.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `data_source_id` (`DataSourceId`): A user-supplied ID that uniquely identifies the datasource.
///   This value should be identical to the value of the DataSourceID in the request.
AWSML_SHAPE(create_data_source_from_rds_output,
            (std::optional<std::string>, data_source_id, "DataSourceId", constraints::entity_id))

/// Describes the database details required to connect to an Amazon Redshift database.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `database_name` (`DatabaseName`, required): The name of a database hosted on an Amazon
///   Redshift cluster.
/// - `cluster_identifier` (`ClusterIdentifier`, required): The ID of an Amazon Redshift cluster.
AWSML_SHAPE(redshift_database,
            (std::string, database_name, "DatabaseName", required,
             constraints::redshift_database_name),
            (std::string, cluster_identifier, "ClusterIdentifier", required,
             constraints::redshift_cluster_identifier))

/// Describes the database credentials for connecting to a database on an Amazon Redshift cluster.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `username` (`Username`, required): A username to be used by Amazon Machine Learning (Amazon
///   ML)to connect to a database on an Amazon Redshift cluster. The username should have sufficient
///   permissions to execute the RedshiftSelectSqlQuery query. The username should be valid for an
///   Amazon Redshift USER.
/// - `password` (`Password`, required, sensitive: never printed): A password to be used by Amazon
///   ML to connect to a database on an Amazon Redshift cluster. The password should have sufficient
///   permissions to execute a RedshiftSelectSqlQuery query. The password should be valid for an
///   Amazon Redshift USER.
AWSML_SHAPE(redshift_database_credentials,
            (std::string, username, "Username", required, constraints::redshift_database_username),
            (std::string, password, "Password", required, constraints::redshift_database_password,
             sensitive))

/// Describes the data specification of an Amazon Redshift DataSource.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `database_information` (`DatabaseInformation`, required): Describes the DatabaseName and
///   ClusterIdentifier for an Amazon Redshift DataSource.
/// - `select_sql_query` (`SelectSqlQuery`, required): Describes the SQL Query to execute on an
///   Amazon Redshift database for an Amazon Redshift DataSource.
/// - `database_credentials` (`DatabaseCredentials`, required): Describes AWS Identity and Access
///   Management (IAM) credentials that are used connect to the Amazon Redshift database.
/// - `s3_staging_location` (`S3StagingLocation`, required): Describes an Amazon S3 location to
///   store the result set of the SelectSqlQuery query.
/// - `data_rearrangement` (`DataRearrangement`): A JSON string that represents the splitting and
///   rearrangement processing to be applied to a DataSource. If the DataRearrangement parameter is
///   not provided, all of the input data is used to create the Datasource.
/// - `data_schema` (`DataSchema`): A JSON string that represents the schema for an Amazon Redshift
///   DataSource. The DataSchema defines the structure of the observation data in the data file(s)
///   referenced in the DataSource.
/// - `data_schema_uri` (`DataSchemaUri`): Describes the schema location for an Amazon Redshift
///   DataSource.
AWSML_SHAPE(redshift_data_spec,
            (redshift_database, database_information, "DatabaseInformation", required),
            (std::string, select_sql_query, "SelectSqlQuery", required,
             constraints::redshift_select_sql_query),
            (redshift_database_credentials, database_credentials, "DatabaseCredentials", required),
            (std::string, s3_staging_location, "S3StagingLocation", required, constraints::s3_url),
            (std::optional<std::string>, data_rearrangement, "DataRearrangement"),
            (std::optional<std::string>, data_schema, "DataSchema", constraints::data_schema),
            (std::optional<std::string>, data_schema_uri, "DataSchemaUri", constraints::s3_url))

/// The request of CreateDataSourceFromRedshift.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `data_source_id` (`DataSourceId`, required): A user-supplied ID that uniquely identifies the
///   DataSource.
/// - `data_source_name` (`DataSourceName`): A user-supplied name or description of the DataSource.
/// - `data_spec` (`DataSpec`, required): The data specification of an Amazon Redshift DataSource:
///   DatabaseInformation -; DatabaseName - The name of the Amazon Redshift database;
///   ClusterIdentifier - The unique ID for the Amazon Redshift cluster; DatabaseCredentials - The
///   AWS Identity and Access Management (IAM) credentials that are used to connect to the Amazon
///   Redshift database; SelectSqlQuery - The query that is used to retrieve the observation data
///   for the Datasource; S3StagingLocation - The Amazon Simple Storage Service (Amazon S3) location
///   for staging Amazon Redshift data. The data retrieved from Amazon Redshift using the
///   SelectSqlQuery query is stored in this location; DataSchemaUri - The Amazon S3 location of the
///   DataSchema; DataSchema - A JSON string representing the schema. This is not required if
///   DataSchemaUri is specified; DataRearrangement - A JSON string that represents the splitting
///   and rearrangement requirements for the DataSource.
/// - `role_arn` (`RoleARN`, required): A fully specified role Amazon Resource Name (ARN). Amazon ML
///   assumes the role on behalf of the user to create the following: A security group to allow
///   Amazon ML to execute the SelectSqlQuery query on an Amazon Redshift cluster; An Amazon S3
///   bucket policy to grant Amazon ML read/write permissions on the S3StagingLocation.
/// - `compute_statistics` (`ComputeStatistics`): The compute statistics for a DataSource. The
///   statistics are generated from the observation data referenced by a DataSource. Amazon ML uses
///   the statistics internally during MLModel training. This parameter must be set to true if the
///   DataSource needs to be used for MLModel training.
AWSML_SHAPE(create_data_source_from_redshift_input,
            (std::string, data_source_id, "DataSourceId", required, constraints::entity_id),
            (std::optional<std::string>, data_source_name, "DataSourceName",
             constraints::entity_name),
            (redshift_data_spec, data_spec, "DataSpec", required),
            (std::string, role_arn, "RoleARN", required, constraints::role_arn),
            (std::optional<bool>, compute_statistics, "ComputeStatistics"))

/// The answer of CreateDataSourceFromRedshift. Represents the output of a
/// CreateDataSourceFromRedshift operation, and is an acknowledgement that Amazon ML received the
/// request.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `data_source_id` (`DataSourceId`): A user-supplied ID that uniquely identifies the datasource.
///   This value should be identical to the value of the DataSourceID in the request.
AWSML_SHAPE(create_data_source_from_redshift_output,
            (std::optional<std::string>, data_source_id, "DataSourceId", constraints::entity_id))

/// Describes the data specification of a DataSource.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `data_location_s3` (`DataLocationS3`, required): The location of the data file(s) used by a
///   DataSource. The URI specifies a data file or an Amazon Simple Storage Service (Amazon S3)
///   directory or bucket containing data files.
/// - `data_rearrangement` (`DataRearrangement`): A JSON string that represents the splitting and
///   rearrangement processing to be applied to a DataSource. If the DataRearrangement parameter is
///   not provided, all of the input data is used to create the Datasource.
/// - `data_schema` (`DataSchema`): A JSON string that represents the schema for an Amazon S3
///   DataSource. The DataSchema defines the structure of the observation data in the data file(s)
///   referenced in the DataSource.
/// - `data_schema_location_s3` (`DataSchemaLocationS3`): Describes the schema location in Amazon
///   S3. You must provide either the DataSchema or the DataSchemaLocationS3.
AWSML_SHAPE(s3_data_spec,
            (std::string, data_location_s3, "DataLocationS3", required, constraints::s3_url),
            (std::optional<std::string>, data_rearrangement, "DataRearrangement"),
            (std::optional<std::string>, data_schema, "DataSchema", constraints::data_schema),
            (std::optional<std::string>, data_schema_location_s3, "DataSchemaLocationS3",
             constraints::s3_url))

/// The request of CreateDataSourceFromS3.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `data_source_id` (`DataSourceId`, required): A user-supplied identifier that uniquely
///   identifies the DataSource.
/// - `data_source_name` (`DataSourceName`): A user-supplied name or description of the DataSource.
/// - `data_spec` (`DataSpec`, required): The data specification of a DataSource: DataLocationS3 -
///   The Amazon S3 location of the observation data; DataSchemaLocationS3 - The Amazon S3 location
///   of the DataSchema; DataSchema - A JSON string representing the schema. This is not required if
///   DataSchemaUri is specified; DataRearrangement - A JSON string that represents the splitting
///   and rearrangement requirements for the Datasource.
/// - `compute_statistics` (`ComputeStatistics`): The compute statistics for a DataSource. The
///   statistics are generated from the observation data referenced by a DataSource. Amazon ML uses
///   the statistics internally during MLModel training. This parameter must be set to true if the
///   DataSource needs to be used for MLModel training.
AWSML_SHAPE(create_data_source_from_s3_input,
            (std::string, data_source_id, "DataSourceId", required, constraints::entity_id),
            (std::optional<std::string>, data_source_name, "DataSourceName",
             constraints::entity_name),
            (s3_data_spec, data_spec, "DataSpec", required),
            (std::optional<bool>, compute_statistics, "ComputeStatistics"))

/// The answer of CreateDataSourceFromS3. Represents the output of a CreateDataSourceFromS3
/// operation, and is an acknowledgement that Amazon ML received the request.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `data_source_id` (`DataSourceId`): A user-supplied ID that uniquely identifies the DataSource.
///   This value should be identical to the value of the DataSourceID in the request.
AWSML_SHAPE(create_data_source_from_s3_output,
            (std::optional<std::string>, data_source_id, "DataSourceId", constraints::entity_id))

/// The request of CreateEvaluation.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `evaluation_id` (`EvaluationId`, required): A user-supplied ID that uniquely identifies the
///   Evaluation.
/// - `evaluation_name` (`EvaluationName`): A user-supplied name or description of the Evaluation.
/// - `ml_model_id` (`MLModelId`, required): The ID of the MLModel to evaluate.
/// - `evaluation_data_source_id` (`EvaluationDataSourceId`, required): The ID of the DataSource for
///   the evaluation. The schema of the DataSource must match the schema used to create the MLModel.
AWSML_SHAPE(create_evaluation_input,
            (std::string, evaluation_id, "EvaluationId", required, constraints::entity_id),
            (std::optional<std::string>, evaluation_name, "EvaluationName",
             constraints::entity_name),
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id),
            (std::string, evaluation_data_source_id, "EvaluationDataSourceId", required,
             constraints::entity_id))

/// The answer of CreateEvaluation. Represents the output of a CreateEvaluation operation, and is an
/// acknowledgement that Amazon ML received the request.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `evaluation_id` (`EvaluationId`): The user-supplied ID that uniquely identifies the
///   Evaluation. This value should be identical to the value of the EvaluationId in the request.
AWSML_SHAPE(create_evaluation_output,
            (std::optional<std::string>, evaluation_id, "EvaluationId", constraints::entity_id))

/// The model's `TrainingParameters` (map).
using training_parameters = flat_map<std::string, std::string>;

/// The request of CreateMLModel.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `ml_model_id` (`MLModelId`, required): A user-supplied ID that uniquely identifies the
///   MLModel.
/// - `ml_model_name` (`MLModelName`): A user-supplied name or description of the MLModel.
/// - `ml_model_type` (`MLModelType`, required): The category of supervised learning that this
///   MLModel will address. Choose from the following types: Choose REGRESSION if the MLModel will
///   be used to predict a numeric value; Choose BINARY if the MLModel result has two possible
///   values; Choose MULTICLASS if the MLModel result has a limited number of values.
/// - `parameters` (`Parameters`): A list of the training parameters in the MLModel. The list is
///   implemented as a map of key-value pairs.
/// - `training_data_source_id` (`TrainingDataSourceId`, required): The DataSource that points to
///   the training data.
/// - `recipe` (`Recipe`): The data recipe for creating the MLModel. You must specify either the
///   recipe or its URI. If you don't specify a recipe or its URI, Amazon ML creates a default.
/// - `recipe_uri` (`RecipeUri`): The Amazon Simple Storage Service (Amazon S3) location and file
///   name that contains the MLModel recipe. You must specify either the recipe or its URI. If you
///   don't specify a recipe or its URI, Amazon ML creates a default.
AWSML_SHAPE(create_ml_model_input,
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id),
            (std::optional<std::string>, ml_model_name, "MLModelName", constraints::entity_name),
            (machinelearning::ml_model_type, ml_model_type, "MLModelType", required),
            (std::optional<training_parameters>, parameters, "Parameters"),
            (std::string, training_data_source_id, "TrainingDataSourceId", required,
             constraints::entity_id),
            (std::optional<std::string>, recipe, "Recipe", constraints::recipe),
            (std::optional<std::string>, recipe_uri, "RecipeUri", constraints::s3_url))

/// The answer of CreateMLModel. Represents the output of a CreateMLModel operation, and is an
/// acknowledgement that Amazon ML received the request.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `ml_model_id` (`MLModelId`): A user-supplied ID that uniquely identifies the MLModel. This
///   value should be identical to the value of the MLModelId in the request.
AWSML_SHAPE(create_ml_model_output,
            (std::optional<std::string>, ml_model_id, "MLModelId", constraints::entity_id))

/// The request of CreateRealtimeEndpoint.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `ml_model_id` (`MLModelId`, required): The ID assigned to the MLModel during creation.
AWSML_SHAPE(create_realtime_endpoint_input,
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id))

/// Describes the real-time endpoint information for an MLModel.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `peak_requests_per_second` (`PeakRequestsPerSecond`): The maximum processing rate for the
///   real-time endpoint for MLModel, measured in incoming requests per second.
/// - `created_at` (`CreatedAt`): The time that the request to create the real-time endpoint for the
///   MLModel was received. The time is expressed in epoch time.
/// - `endpoint_url` (`EndpointUrl`): The URI that specifies where to send real-time prediction
///   requests for the MLModel.
/// - `endpoint_status` (`EndpointStatus`): The current status of the real-time endpoint for the
///   MLModel. This element can have one of the following values: NONE - Endpoint does not exist or
///   was previously deleted; READY - Endpoint is ready to be used for real-time predictions;
///   UPDATING - Updating/creating the endpoint.
AWSML_SHAPE(realtime_endpoint_info,
            (std::optional<std::int32_t>, peak_requests_per_second, "PeakRequestsPerSecond"),
            (std::optional<timestamp>, created_at, "CreatedAt"),
            (std::optional<std::string>, endpoint_url, "EndpointUrl", constraints::vip_url),
            (std::optional<realtime_endpoint_status>, endpoint_status, "EndpointStatus"))

/// The answer of CreateRealtimeEndpoint. Represents the output of an CreateRealtimeEndpoint
/// operation.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `ml_model_id` (`MLModelId`): A user-supplied ID that uniquely identifies the MLModel. This
///   value should be identical to the value of the MLModelId in the request.
/// - `realtime_endpoint_info` (`RealtimeEndpointInfo`): The endpoint information of the MLModel
AWSML_SHAPE(create_realtime_endpoint_output,
            (std::optional<std::string>, ml_model_id, "MLModelId", constraints::entity_id),
            (std::optional<machinelearning::realtime_endpoint_info>, realtime_endpoint_info,
             "RealtimeEndpointInfo"))

/// The request of DeleteBatchPrediction.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `batch_prediction_id` (`BatchPredictionId`, required): A user-supplied ID that uniquely
///   identifies the BatchPrediction.
AWSML_SHAPE(delete_batch_prediction_input, (std::string, batch_prediction_id, "BatchPredictionId",
                                            required, constraints::entity_id))

/// The answer of DeleteBatchPrediction. Represents the output of a DeleteBatchPrediction operation.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `batch_prediction_id` (`BatchPredictionId`): A user-supplied ID that uniquely identifies the
///   BatchPrediction. This value should be identical to the value of the BatchPredictionID in the
///   request.
AWSML_SHAPE(delete_batch_prediction_output, (std::optional<std::string>, batch_prediction_id,
                                             "BatchPredictionId", constraints::entity_id))

/// The request of DeleteDataSource.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `data_source_id` (`DataSourceId`, required): A user-supplied ID that uniquely identifies the
///   DataSource.
AWSML_SHAPE(delete_data_source_input,
            (std::string, data_source_id, "DataSourceId", required, constraints::entity_id))

/// The answer of DeleteDataSource. Represents the output of a DeleteDataSource operation.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `data_source_id` (`DataSourceId`): A user-supplied ID that uniquely identifies the DataSource.
///   This value should be identical to the value of the DataSourceID in the request.
AWSML_SHAPE(delete_data_source_output,
            (std::optional<std::string>, data_source_id, "DataSourceId", constraints::entity_id))

/// The request of DeleteEvaluation.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `evaluation_id` (`EvaluationId`, required): A user-supplied ID that uniquely identifies the
///   Evaluation to delete.
AWSML_SHAPE(delete_evaluation_input,
            (std::string, evaluation_id, "EvaluationId", required, constraints::entity_id))

/// The answer of DeleteEvaluation. Represents the output of a DeleteEvaluation operation. The
/// output indicates that Amazon Machine Learning (Amazon ML) received the request.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `evaluation_id` (`EvaluationId`): A user-supplied ID that uniquely identifies the Evaluation.
///   This value should be identical to the value of the EvaluationId in the request.
AWSML_SHAPE(delete_evaluation_output,
            (std::optional<std::string>, evaluation_id, "EvaluationId", constraints::entity_id))

/// The request of DeleteMLModel.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `ml_model_id` (`MLModelId`, required): A user-supplied ID that uniquely identifies the
///   MLModel.
AWSML_SHAPE(delete_ml_model_input,
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id))

/// The answer of DeleteMLModel. Represents the output of a DeleteMLModel operation.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `ml_model_id` (`MLModelId`): A user-supplied ID that uniquely identifies the MLModel. This
///   value should be identical to the value of the MLModelID in the request.
AWSML_SHAPE(delete_ml_model_output,
            (std::optional<std::string>, ml_model_id, "MLModelId", constraints::entity_id))

/// The request of DeleteRealtimeEndpoint.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `ml_model_id` (`MLModelId`, required): The ID assigned to the MLModel during creation.
AWSML_SHAPE(delete_realtime_endpoint_input,
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id))

/// The answer of DeleteRealtimeEndpoint. Represents the output of an DeleteRealtimeEndpoint
/// operation.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `ml_model_id` (`MLModelId`): A user-supplied ID that uniquely identifies the MLModel. This
///   value should be identical to the value of the MLModelId in the request.
/// - `realtime_endpoint_info` (`RealtimeEndpointInfo`): The endpoint information of the MLModel
AWSML_SHAPE(delete_realtime_endpoint_output,
            (std::optional<std::string>, ml_model_id, "MLModelId", constraints::entity_id),
            (std::optional<machinelearning::realtime_endpoint_info>, realtime_endpoint_info,
             "RealtimeEndpointInfo"))

/// The model's `TagKeyList` (list), at most 100 elements.
using tag_key_list = std::vector<std::string>;

/// The request of DeleteTags.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `tag_keys` (`TagKeys`, required): One or more tags to delete.
/// - `resource_id` (`ResourceId`, required): The ID of the tagged ML object. For example,
///   exampleModelId.
/// - `resource_type` (`ResourceType`, required): The type of the tagged ML object.
AWSML_SHAPE(delete_tags_input,
            (tag_key_list, tag_keys, "TagKeys", required, constraints::tag_key_list),
            (std::string, resource_id, "ResourceId", required, constraints::entity_id),
            (taggable_resource_type, resource_type, "ResourceType", required))

/// The answer of DeleteTags. Amazon ML returns the following elements.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `resource_id` (`ResourceId`): The ID of the ML object from which tags were deleted.
/// - `resource_type` (`ResourceType`): The type of the ML object from which tags were deleted.
AWSML_SHAPE(delete_tags_output,
            (std::optional<std::string>, resource_id, "ResourceId", constraints::entity_id),
            (std::optional<taggable_resource_type>, resource_type, "ResourceType"))

/// The request of DescribeBatchPredictions.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `filter_variable` (`FilterVariable`): Use one of the following variables to filter a list of
///   BatchPrediction: CreatedAt - Sets the search criteria to the BatchPrediction creation date;
///   Status - Sets the search criteria to the BatchPrediction status; Name - Sets the search
///   criteria to the contents of the BatchPrediction Name; IAMUser - Sets the search criteria to
///   the user account that invoked the BatchPrediction creation; MLModelId - Sets the search
///   criteria to the MLModel used in the BatchPrediction; DataSourceId - Sets the search criteria
///   to the DataSource used in the BatchPrediction; DataURI - Sets the search criteria to the data
///   file(s) used in the BatchPrediction. The URL can identify either a file or an Amazon Simple
///   Storage Solution (Amazon S3) bucket or directory.
/// - `eq` (`EQ`): The equal to operator. The BatchPrediction results will have FilterVariable
///   values that exactly match the value specified with EQ.
/// - `gt` (`GT`): The greater than operator. The BatchPrediction results will have FilterVariable
///   values that are greater than the value specified with GT.
/// - `lt` (`LT`): The less than operator. The BatchPrediction results will have FilterVariable
///   values that are less than the value specified with LT.
/// - `ge` (`GE`): The greater than or equal to operator. The BatchPrediction results will have
///   FilterVariable values that are greater than or equal to the value specified with GE.
/// - `le` (`LE`): The less than or equal to operator. The BatchPrediction results will have
///   FilterVariable values that are less than or equal to the value specified with LE.
/// - `ne` (`NE`): The not equal to operator. The BatchPrediction results will have FilterVariable
///   values not equal to the value specified with NE.
/// - `prefix` (`Prefix`): A string that is found at the beginning of a variable, such as Name or
///   Id.
/// - `sort_order` (`SortOrder`): A two-value parameter that determines the sequence of the
///   resulting list of MLModels.
/// - `next_token` (`NextToken`): An ID of the page in the paginated results.
/// - `limit` (`Limit`): The number of pages of information to include in the result. The range of
///   acceptable values is 1 through 100. The default value is 100.
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

/// Represents the output of a GetBatchPrediction operation.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `batch_prediction_id` (`BatchPredictionId`): The ID assigned to the BatchPrediction at
///   creation. This value should be identical to the value of the BatchPredictionID in the request.
/// - `ml_model_id` (`MLModelId`): The ID of the MLModel that generated predictions for the
///   BatchPrediction request.
/// - `batch_prediction_data_source_id` (`BatchPredictionDataSourceId`): The ID of the DataSource
///   that points to the group of observations to predict.
/// - `input_data_location_s3` (`InputDataLocationS3`): The location of the data file or directory
///   in Amazon Simple Storage Service (Amazon S3).
/// - `created_by_iam_user` (`CreatedByIamUser`): The AWS user account that invoked the
///   BatchPrediction. The account type can be either an AWS root account or an AWS Identity and
///   Access Management (IAM) user account.
/// - `created_at` (`CreatedAt`): The time that the BatchPrediction was created. The time is
///   expressed in epoch time.
/// - `last_updated_at` (`LastUpdatedAt`): The time of the most recent edit to the BatchPrediction.
///   The time is expressed in epoch time.
/// - `name` (`Name`): A user-supplied name or description of the BatchPrediction.
/// - `status` (`Status`): The status of the BatchPrediction. This element can have one of the
///   following values: PENDING - Amazon Machine Learning (Amazon ML) submitted a request to
///   generate predictions for a batch of observations; INPROGRESS - The process is underway; FAILED
///   - The request to perform a batch prediction did not run to completion. It is not usable;
///   COMPLETED - The batch prediction process completed successfully; DELETED - The BatchPrediction
///   is marked as deleted. It is not usable.
/// - `output_uri` (`OutputUri`): The location of an Amazon S3 bucket or directory to receive the
///   operation results. The following substrings are not allowed in the s3 key portion of the
///   outputURI field: ':', '//', '/./', '/../'.
/// - `message` (`Message`): A description of the most recent details about processing the batch
///   prediction request.
/// - `compute_time` (`ComputeTime`): Long integer type that is a 64-bit signed number.
/// - `finished_at` (`FinishedAt`): A timestamp represented in epoch time.
/// - `started_at` (`StartedAt`): A timestamp represented in epoch time.
/// - `total_record_count` (`TotalRecordCount`): Long integer type that is a 64-bit signed number.
/// - `invalid_record_count` (`InvalidRecordCount`): Long integer type that is a 64-bit signed
///   number.
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

/// The model's `BatchPredictions` (list).
using batch_predictions = std::vector<batch_prediction>;

/// The answer of DescribeBatchPredictions. Represents the output of a DescribeBatchPredictions
/// operation. The content is essentially a list of BatchPredictions.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `results` (`Results`): A list of BatchPrediction objects that meet the search criteria.
/// - `next_token` (`NextToken`): The ID of the next page in the paginated results that indicates at
///   least one more page follows.
AWSML_SHAPE(describe_batch_predictions_output,
            (std::optional<batch_predictions>, results, "Results"),
            (std::optional<std::string>, next_token, "NextToken"))

/// The request of DescribeDataSources.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `filter_variable` (`FilterVariable`): Use one of the following variables to filter a list of
///   DataSource: CreatedAt - Sets the search criteria to DataSource creation dates; Status - Sets
///   the search criteria to DataSource statuses; Name - Sets the search criteria to the contents of
///   DataSource Name; DataUri - Sets the search criteria to the URI of data files used to create
///   the DataSource. The URI can identify either a file or an Amazon Simple Storage Service (Amazon
///   S3) bucket or directory; IAMUser - Sets the search criteria to the user account that invoked
///   the DataSource creation.
/// - `eq` (`EQ`): The equal to operator. The DataSource results will have FilterVariable values
///   that exactly match the value specified with EQ.
/// - `gt` (`GT`): The greater than operator. The DataSource results will have FilterVariable values
///   that are greater than the value specified with GT.
/// - `lt` (`LT`): The less than operator. The DataSource results will have FilterVariable values
///   that are less than the value specified with LT.
/// - `ge` (`GE`): The greater than or equal to operator. The DataSource results will have
///   FilterVariable values that are greater than or equal to the value specified with GE.
/// - `le` (`LE`): The less than or equal to operator. The DataSource results will have
///   FilterVariable values that are less than or equal to the value specified with LE.
/// - `ne` (`NE`): The not equal to operator. The DataSource results will have FilterVariable values
///   not equal to the value specified with NE.
/// - `prefix` (`Prefix`): A string that is found at the beginning of a variable, such as Name or
///   Id.
/// - `sort_order` (`SortOrder`): A two-value parameter that determines the sequence of the
///   resulting list of DataSource.
/// - `next_token` (`NextToken`): The ID of the page in the paginated results.
/// - `limit` (`Limit`): The maximum number of DataSource to include in the result.
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

/// Describes the DataSource details specific to Amazon Redshift.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `redshift_database` (`RedshiftDatabase`): Describes the database details required to connect
///   to an Amazon Redshift database.
/// - `database_user_name` (`DatabaseUserName`): A username to be used by Amazon Machine Learning
///   (Amazon ML)to connect to a database on an Amazon Redshift cluster. The username should have
///   sufficient permissions to execute the RedshiftSelectSqlQuery query. The username should be
///   valid for an Amazon Redshift USER.
/// - `select_sql_query` (`SelectSqlQuery`): The SQL query that is specified during
///   CreateDataSourceFromRedshift. Returns only if Verbose is true in GetDataSourceInput.
AWSML_SHAPE(redshift_metadata,
            (std::optional<machinelearning::redshift_database>, redshift_database,
             "RedshiftDatabase"),
            (std::optional<std::string>, database_user_name, "DatabaseUserName",
             constraints::redshift_database_username),
            (std::optional<std::string>, select_sql_query, "SelectSqlQuery",
             constraints::redshift_select_sql_query))

/// The datasource details that are specific to Amazon RDS.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `database` (`Database`): The database details required to connect to an Amazon RDS.
/// - `database_user_name` (`DatabaseUserName`): The username to be used by Amazon ML to connect to
///   database on an Amazon RDS instance. The username should have sufficient permissions to execute
///   an RDSSelectSqlQuery query.
/// - `select_sql_query` (`SelectSqlQuery`): The SQL query that is supplied during
///   CreateDataSourceFromRDS. Returns only if Verbose is true in GetDataSourceInput.
/// - `resource_role` (`ResourceRole`): The role (DataPipelineDefaultResourceRole) assumed by an
///   Amazon EC2 instance to carry out the copy task from Amazon RDS to Amazon S3. For more
///   information, see Role templates for data pipelines.
/// - `service_role` (`ServiceRole`): The role (DataPipelineDefaultRole) assumed by the Data
///   Pipeline service to monitor the progress of the copy task from Amazon RDS to Amazon S3. For
///   more information, see Role templates for data pipelines.
/// - `data_pipeline_id` (`DataPipelineId`): The ID of the Data Pipeline instance that is used to
///   carry to copy data from Amazon RDS to Amazon S3. You can use the ID to find details about the
///   instance in the Data Pipeline console.
AWSML_SHAPE(
    rds_metadata, (std::optional<rds_database>, database, "Database"),
    (std::optional<std::string>, database_user_name, "DatabaseUserName",
     constraints::rds_database_username),
    (std::optional<std::string>, select_sql_query, "SelectSqlQuery",
     constraints::rds_select_sql_query),
    (std::optional<std::string>, resource_role, "ResourceRole", constraints::edp_resource_role),
    (std::optional<std::string>, service_role, "ServiceRole", constraints::edp_service_role),
    (std::optional<std::string>, data_pipeline_id, "DataPipelineId", constraints::edp_pipeline_id))

/// Represents the output of the GetDataSource operation.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `data_source_id` (`DataSourceId`): The ID that is assigned to the DataSource during creation.
/// - `data_location_s3` (`DataLocationS3`): The location and name of the data in Amazon Simple
///   Storage Service (Amazon S3) that is used by a DataSource.
/// - `data_rearrangement` (`DataRearrangement`): A JSON string that represents the splitting and
///   rearrangement requirement used when this DataSource was created.
/// - `created_by_iam_user` (`CreatedByIamUser`): The AWS user account from which the DataSource was
///   created. The account type can be either an AWS root account or an AWS Identity and Access
///   Management (IAM) user account.
/// - `created_at` (`CreatedAt`): The time that the DataSource was created. The time is expressed in
///   epoch time.
/// - `last_updated_at` (`LastUpdatedAt`): The time of the most recent edit to the BatchPrediction.
///   The time is expressed in epoch time.
/// - `data_size_in_bytes` (`DataSizeInBytes`): The total number of observations contained in the
///   data files that the DataSource references.
/// - `number_of_files` (`NumberOfFiles`): The number of data files referenced by the DataSource.
/// - `name` (`Name`): A user-supplied name or description of the DataSource.
/// - `status` (`Status`): The current status of the DataSource. This element can have one of the
///   following values: PENDING - Amazon Machine Learning (Amazon ML) submitted a request to create
///   a DataSource; INPROGRESS - The creation process is underway; FAILED - The request to create a
///   DataSource did not run to completion. It is not usable; COMPLETED - The creation process
///   completed successfully; DELETED - The DataSource is marked as deleted. It is not usable.
/// - `message` (`Message`): A description of the most recent details about creating the DataSource.
/// - `redshift_metadata` (`RedshiftMetadata`): Describes the DataSource details specific to Amazon
///   Redshift.
/// - `rds_metadata` (`RDSMetadata`): The datasource details that are specific to Amazon RDS.
/// - `role_arn` (`RoleARN`): The Amazon Resource Name (ARN) of an AWS IAM Role, such as the
///   following: arn:aws:iam::account:role/rolename.
/// - `compute_statistics` (`ComputeStatistics`): The parameter is true if statistics need to be
///   generated from the observation data.
/// - `compute_time` (`ComputeTime`): Long integer type that is a 64-bit signed number.
/// - `finished_at` (`FinishedAt`): A timestamp represented in epoch time.
/// - `started_at` (`StartedAt`): A timestamp represented in epoch time.
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

/// The model's `DataSources` (list).
using data_sources = std::vector<data_source>;

/// The answer of DescribeDataSources. Represents the query results from a DescribeDataSources
/// operation. The content is essentially a list of DataSource.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `results` (`Results`): A list of DataSource that meet the search criteria.
/// - `next_token` (`NextToken`): An ID of the next page in the paginated results that indicates at
///   least one more page follows.
AWSML_SHAPE(describe_data_sources_output, (std::optional<data_sources>, results, "Results"),
            (std::optional<std::string>, next_token, "NextToken"))

/// The request of DescribeEvaluations.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `filter_variable` (`FilterVariable`): Use one of the following variable to filter a list of
///   Evaluation objects: CreatedAt - Sets the search criteria to the Evaluation creation date;
///   Status - Sets the search criteria to the Evaluation status; Name - Sets the search criteria to
///   the contents of Evaluation Name; IAMUser - Sets the search criteria to the user account that
///   invoked an Evaluation; MLModelId - Sets the search criteria to the MLModel that was evaluated;
///   DataSourceId - Sets the search criteria to the DataSource used in Evaluation; DataUri - Sets
///   the search criteria to the data file(s) used in Evaluation. The URL can identify either a file
///   or an Amazon Simple Storage Solution (Amazon S3) bucket or directory.
/// - `eq` (`EQ`): The equal to operator. The Evaluation results will have FilterVariable values
///   that exactly match the value specified with EQ.
/// - `gt` (`GT`): The greater than operator. The Evaluation results will have FilterVariable values
///   that are greater than the value specified with GT.
/// - `lt` (`LT`): The less than operator. The Evaluation results will have FilterVariable values
///   that are less than the value specified with LT.
/// - `ge` (`GE`): The greater than or equal to operator. The Evaluation results will have
///   FilterVariable values that are greater than or equal to the value specified with GE.
/// - `le` (`LE`): The less than or equal to operator. The Evaluation results will have
///   FilterVariable values that are less than or equal to the value specified with LE.
/// - `ne` (`NE`): The not equal to operator. The Evaluation results will have FilterVariable values
///   not equal to the value specified with NE.
/// - `prefix` (`Prefix`): A string that is found at the beginning of a variable, such as Name or
///   Id.
/// - `sort_order` (`SortOrder`): A two-value parameter that determines the sequence of the
///   resulting list of Evaluation.
/// - `next_token` (`NextToken`): The ID of the page in the paginated results.
/// - `limit` (`Limit`): The maximum number of Evaluation to include in the result.
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

/// The model's `PerformanceMetricsProperties` (map).
using performance_metrics_properties = flat_map<std::string, std::string>;

/// Measurements of how well the MLModel performed on known observations. One of the following
/// metrics is returned, based on the type of the MLModel: BinaryAUC: The binary MLModel uses the
/// Area Under the Curve (AUC) technique to measure performance; RegressionRMSE: The regression
/// MLModel uses the Root Mean Square Error (RMSE) technique to measure performance. RMSE measures
/// the difference between predicted and actual values for a single variable; MulticlassAvgFScore:
/// The multiclass MLModel uses the F1 score technique to measure performance.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `properties` (`Properties`)
AWSML_SHAPE(performance_metrics,
            (std::optional<performance_metrics_properties>, properties, "Properties"))

/// Represents the output of GetEvaluation operation.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `evaluation_id` (`EvaluationId`): The ID that is assigned to the Evaluation at creation.
/// - `ml_model_id` (`MLModelId`): The ID of the MLModel that is the focus of the evaluation.
/// - `evaluation_data_source_id` (`EvaluationDataSourceId`): The ID of the DataSource that is used
///   to evaluate the MLModel.
/// - `input_data_location_s3` (`InputDataLocationS3`): The location and name of the data in Amazon
///   Simple Storage Server (Amazon S3) that is used in the evaluation.
/// - `created_by_iam_user` (`CreatedByIamUser`): The AWS user account that invoked the evaluation.
///   The account type can be either an AWS root account or an AWS Identity and Access Management
///   (IAM) user account.
/// - `created_at` (`CreatedAt`): The time that the Evaluation was created. The time is expressed in
///   epoch time.
/// - `last_updated_at` (`LastUpdatedAt`): The time of the most recent edit to the Evaluation. The
///   time is expressed in epoch time.
/// - `name` (`Name`): A user-supplied name or description of the Evaluation.
/// - `status` (`Status`): The status of the evaluation. This element can have one of the following
///   values: PENDING - Amazon Machine Learning (Amazon ML) submitted a request to evaluate an
///   MLModel; INPROGRESS - The evaluation is underway; FAILED - The request to evaluate an MLModel
///   did not run to completion. It is not usable; COMPLETED - The evaluation process completed
///   successfully; DELETED - The Evaluation is marked as deleted. It is not usable.
/// - `performance_metrics` (`PerformanceMetrics`): Measurements of how well the MLModel performed,
///   using observations referenced by the DataSource. One of the following metrics is returned,
///   based on the type of the MLModel: BinaryAUC: A binary MLModel uses the Area Under the Curve
///   (AUC) technique to measure performance; RegressionRMSE: A regression MLModel uses the Root
///   Mean Square Error (RMSE) technique to measure performance. RMSE measures the difference
///   between predicted and actual values for a single variable; MulticlassAvgFScore: A multiclass
///   MLModel uses the F1 score technique to measure performance.
/// - `message` (`Message`): A description of the most recent details about evaluating the MLModel.
/// - `compute_time` (`ComputeTime`): Long integer type that is a 64-bit signed number.
/// - `finished_at` (`FinishedAt`): A timestamp represented in epoch time.
/// - `started_at` (`StartedAt`): A timestamp represented in epoch time.
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

/// The model's `Evaluations` (list).
using evaluations = std::vector<evaluation>;

/// The answer of DescribeEvaluations. Represents the query results from a DescribeEvaluations
/// operation. The content is essentially a list of Evaluation.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `results` (`Results`): A list of Evaluation that meet the search criteria.
/// - `next_token` (`NextToken`): The ID of the next page in the paginated results that indicates at
///   least one more page follows.
AWSML_SHAPE(describe_evaluations_output, (std::optional<evaluations>, results, "Results"),
            (std::optional<std::string>, next_token, "NextToken"))

/// The request of DescribeMLModels.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `filter_variable` (`FilterVariable`): Use one of the following variables to filter a list of
///   MLModel: CreatedAt - Sets the search criteria to MLModel creation date; Status - Sets the
///   search criteria to MLModel status; Name - Sets the search criteria to the contents of MLModel
///   Name; IAMUser - Sets the search criteria to the user account that invoked the MLModel
///   creation; TrainingDataSourceId - Sets the search criteria to the DataSource used to train one
///   or more MLModel; RealtimeEndpointStatus - Sets the search criteria to the MLModel real-time
///   endpoint status; MLModelType - Sets the search criteria to MLModel type: binary, regression,
///   or multi-class; Algorithm - Sets the search criteria to the algorithm that the MLModel uses;
///   TrainingDataURI - Sets the search criteria to the data file(s) used in training a MLModel. The
///   URL can identify either a file or an Amazon Simple Storage Service (Amazon S3) bucket or
///   directory.
/// - `eq` (`EQ`): The equal to operator. The MLModel results will have FilterVariable values that
///   exactly match the value specified with EQ.
/// - `gt` (`GT`): The greater than operator. The MLModel results will have FilterVariable values
///   that are greater than the value specified with GT.
/// - `lt` (`LT`): The less than operator. The MLModel results will have FilterVariable values that
///   are less than the value specified with LT.
/// - `ge` (`GE`): The greater than or equal to operator. The MLModel results will have
///   FilterVariable values that are greater than or equal to the value specified with GE.
/// - `le` (`LE`): The less than or equal to operator. The MLModel results will have FilterVariable
///   values that are less than or equal to the value specified with LE.
/// - `ne` (`NE`): The not equal to operator. The MLModel results will have FilterVariable values
///   not equal to the value specified with NE.
/// - `prefix` (`Prefix`): A string that is found at the beginning of a variable, such as Name or
///   Id.
/// - `sort_order` (`SortOrder`): A two-value parameter that determines the sequence of the
///   resulting list of MLModel.
/// - `next_token` (`NextToken`): The ID of the page in the paginated results.
/// - `limit` (`Limit`): The number of pages of information to include in the result. The range of
///   acceptable values is 1 through 100. The default value is 100.
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

/// Represents the output of a GetMLModel operation.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `ml_model_id` (`MLModelId`): The ID assigned to the MLModel at creation.
/// - `training_data_source_id` (`TrainingDataSourceId`): The ID of the training DataSource. The
///   CreateMLModel operation uses the TrainingDataSourceId.
/// - `created_by_iam_user` (`CreatedByIamUser`): The AWS user account from which the MLModel was
///   created. The account type can be either an AWS root account or an AWS Identity and Access
///   Management (IAM) user account.
/// - `created_at` (`CreatedAt`): The time that the MLModel was created. The time is expressed in
///   epoch time.
/// - `last_updated_at` (`LastUpdatedAt`): The time of the most recent edit to the MLModel. The time
///   is expressed in epoch time.
/// - `name` (`Name`): A user-supplied name or description of the MLModel.
/// - `status` (`Status`): The current status of an MLModel. This element can have one of the
///   following values: PENDING - Amazon Machine Learning (Amazon ML) submitted a request to create
///   an MLModel; INPROGRESS - The creation process is underway; FAILED - The request to create an
///   MLModel didn't run to completion. The model isn't usable; COMPLETED - The creation process
///   completed successfully; DELETED - The MLModel is marked as deleted. It isn't usable.
/// - `size_in_bytes` (`SizeInBytes`): Long integer type that is a 64-bit signed number.
/// - `endpoint_info` (`EndpointInfo`): The current endpoint of the MLModel.
/// - `training_parameters` (`TrainingParameters`): A list of the training parameters in the
///   MLModel. The list is implemented as a map of key-value pairs.
/// - `input_data_location_s3` (`InputDataLocationS3`): The location of the data file or directory
///   in Amazon Simple Storage Service (Amazon S3).
/// - `algorithm` (`Algorithm`): The algorithm used to train the MLModel. The following algorithm is
///   supported: SGD -- Stochastic gradient descent. The goal of SGD is to minimize the gradient of
///   the loss function.
/// - `ml_model_type` (`MLModelType`): Identifies the MLModel category. The following are the
///   available types: REGRESSION - Produces a numeric result. For example, "What price should a
///   house be listed at?"; BINARY - Produces one of two possible results. For example, "Is this a
///   child-friendly web site?"; MULTICLASS - Produces one of several possible results. For example,
///   "Is this a HIGH-, LOW-, or MEDIUM-risk trade?".
/// - `score_threshold` (`ScoreThreshold`)
/// - `score_threshold_last_updated_at` (`ScoreThresholdLastUpdatedAt`): The time of the most recent
///   edit to the ScoreThreshold. The time is expressed in epoch time.
/// - `message` (`Message`): A description of the most recent details about accessing the MLModel.
/// - `compute_time` (`ComputeTime`): Long integer type that is a 64-bit signed number.
/// - `finished_at` (`FinishedAt`): A timestamp represented in epoch time.
/// - `started_at` (`StartedAt`): A timestamp represented in epoch time.
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

/// The model's `MLModels` (list).
using ml_models = std::vector<ml_model>;

/// The answer of DescribeMLModels. Represents the output of a DescribeMLModels operation. The
/// content is essentially a list of MLModel.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `results` (`Results`): A list of MLModel that meet the search criteria.
/// - `next_token` (`NextToken`): The ID of the next page in the paginated results that indicates at
///   least one more page follows.
AWSML_SHAPE(describe_ml_models_output, (std::optional<ml_models>, results, "Results"),
            (std::optional<std::string>, next_token, "NextToken"))

/// The request of DescribeTags.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `resource_id` (`ResourceId`, required): The ID of the ML object. For example, exampleModelId.
/// - `resource_type` (`ResourceType`, required): The type of the ML object.
AWSML_SHAPE(describe_tags_input,
            (std::string, resource_id, "ResourceId", required, constraints::entity_id),
            (taggable_resource_type, resource_type, "ResourceType", required))

/// The answer of DescribeTags. Amazon ML returns the following elements.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `resource_id` (`ResourceId`): The ID of the tagged ML object.
/// - `resource_type` (`ResourceType`): The type of the tagged ML object.
/// - `tags` (`Tags`): A list of tags associated with the ML object.
AWSML_SHAPE(describe_tags_output,
            (std::optional<std::string>, resource_id, "ResourceId", constraints::entity_id),
            (std::optional<taggable_resource_type>, resource_type, "ResourceType"),
            (std::optional<tag_list>, tags, "Tags", constraints::tag_list))

/// The request of GetBatchPrediction.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `batch_prediction_id` (`BatchPredictionId`, required): An ID assigned to the BatchPrediction
///   at creation.
AWSML_SHAPE(get_batch_prediction_input, (std::string, batch_prediction_id, "BatchPredictionId",
                                         required, constraints::entity_id))

/// The answer of GetBatchPrediction. Represents the output of a GetBatchPrediction operation and
/// describes a BatchPrediction.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `batch_prediction_id` (`BatchPredictionId`): An ID assigned to the BatchPrediction at
///   creation. This value should be identical to the value of the BatchPredictionID in the request.
/// - `ml_model_id` (`MLModelId`): The ID of the MLModel that generated predictions for the
///   BatchPrediction request.
/// - `batch_prediction_data_source_id` (`BatchPredictionDataSourceId`): The ID of the DataSource
///   that was used to create the BatchPrediction.
/// - `input_data_location_s3` (`InputDataLocationS3`): The location of the data file or directory
///   in Amazon Simple Storage Service (Amazon S3).
/// - `created_by_iam_user` (`CreatedByIamUser`): The AWS user account that invoked the
///   BatchPrediction. The account type can be either an AWS root account or an AWS Identity and
///   Access Management (IAM) user account.
/// - `created_at` (`CreatedAt`): The time when the BatchPrediction was created. The time is
///   expressed in epoch time.
/// - `last_updated_at` (`LastUpdatedAt`): The time of the most recent edit to BatchPrediction. The
///   time is expressed in epoch time.
/// - `name` (`Name`): A user-supplied name or description of the BatchPrediction.
/// - `status` (`Status`): The status of the BatchPrediction, which can be one of the following
///   values: PENDING - Amazon Machine Learning (Amazon ML) submitted a request to generate batch
///   predictions; INPROGRESS - The batch predictions are in progress; FAILED - The request to
///   perform a batch prediction did not run to completion. It is not usable; COMPLETED - The batch
///   prediction process completed successfully; DELETED - The BatchPrediction is marked as deleted.
///   It is not usable.
/// - `output_uri` (`OutputUri`): The location of an Amazon S3 bucket or directory to receive the
///   operation results.
/// - `log_uri` (`LogUri`): A link to the file that contains logs of the CreateBatchPrediction
///   operation.
/// - `message` (`Message`): A description of the most recent details about processing the batch
///   prediction request.
/// - `compute_time` (`ComputeTime`): The approximate CPU time in milliseconds that Amazon Machine
///   Learning spent processing the BatchPrediction, normalized and scaled on computation resources.
///   ComputeTime is only available if the BatchPrediction is in the COMPLETED state.
/// - `finished_at` (`FinishedAt`): The epoch time when Amazon Machine Learning marked the
///   BatchPrediction as COMPLETED or FAILED. FinishedAt is only available when the BatchPrediction
///   is in the COMPLETED or FAILED state.
/// - `started_at` (`StartedAt`): The epoch time when Amazon Machine Learning marked the
///   BatchPrediction as INPROGRESS. StartedAt isn't available if the BatchPrediction is in the
///   PENDING state.
/// - `total_record_count` (`TotalRecordCount`): The number of total records that Amazon Machine
///   Learning saw while processing the BatchPrediction.
/// - `invalid_record_count` (`InvalidRecordCount`): The number of invalid records that Amazon
///   Machine Learning saw while processing the BatchPrediction.
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

/// The request of GetDataSource.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `data_source_id` (`DataSourceId`, required): The ID assigned to the DataSource at creation.
/// - `verbose` (`Verbose`): Specifies whether the GetDataSource operation should return
///   DataSourceSchema.
AWSML_SHAPE(get_data_source_input,
            (std::string, data_source_id, "DataSourceId", required, constraints::entity_id),
            (std::optional<bool>, verbose, "Verbose"))

/// The answer of GetDataSource. Represents the output of a GetDataSource operation and describes a
/// DataSource.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `data_source_id` (`DataSourceId`): The ID assigned to the DataSource at creation. This value
///   should be identical to the value of the DataSourceId in the request.
/// - `data_location_s3` (`DataLocationS3`): The location of the data file or directory in Amazon
///   Simple Storage Service (Amazon S3).
/// - `data_rearrangement` (`DataRearrangement`): A JSON string that represents the splitting and
///   rearrangement requirement used when this DataSource was created.
/// - `created_by_iam_user` (`CreatedByIamUser`): The AWS user account from which the DataSource was
///   created. The account type can be either an AWS root account or an AWS Identity and Access
///   Management (IAM) user account.
/// - `created_at` (`CreatedAt`): The time that the DataSource was created. The time is expressed in
///   epoch time.
/// - `last_updated_at` (`LastUpdatedAt`): The time of the most recent edit to the DataSource. The
///   time is expressed in epoch time.
/// - `data_size_in_bytes` (`DataSizeInBytes`): The total size of observations in the data files.
/// - `number_of_files` (`NumberOfFiles`): The number of data files referenced by the DataSource.
/// - `name` (`Name`): A user-supplied name or description of the DataSource.
/// - `status` (`Status`): The current status of the DataSource. This element can have one of the
///   following values: PENDING - Amazon ML submitted a request to create a DataSource; INPROGRESS -
///   The creation process is underway; FAILED - The request to create a DataSource did not run to
///   completion. It is not usable; COMPLETED - The creation process completed successfully; DELETED
///   - The DataSource is marked as deleted. It is not usable.
/// - `log_uri` (`LogUri`): A link to the file containing logs of CreateDataSourceFrom* operations.
/// - `message` (`Message`): The user-supplied description of the most recent details about creating
///   the DataSource.
/// - `redshift_metadata` (`RedshiftMetadata`): Describes the DataSource details specific to Amazon
///   Redshift.
/// - `rds_metadata` (`RDSMetadata`): The datasource details that are specific to Amazon RDS.
/// - `role_arn` (`RoleARN`): The Amazon Resource Name (ARN) of an AWS IAM Role, such as the
///   following: arn:aws:iam::account:role/rolename.
/// - `compute_statistics` (`ComputeStatistics`): The parameter is true if statistics need to be
///   generated from the observation data.
/// - `compute_time` (`ComputeTime`): The approximate CPU time in milliseconds that Amazon Machine
///   Learning spent processing the DataSource, normalized and scaled on computation resources.
///   ComputeTime is only available if the DataSource is in the COMPLETED state and the
///   ComputeStatistics is set to true.
/// - `finished_at` (`FinishedAt`): The epoch time when Amazon Machine Learning marked the
///   DataSource as COMPLETED or FAILED. FinishedAt is only available when the DataSource is in the
///   COMPLETED or FAILED state.
/// - `started_at` (`StartedAt`): The epoch time when Amazon Machine Learning marked the DataSource
///   as INPROGRESS. StartedAt isn't available if the DataSource is in the PENDING state.
/// - `data_source_schema` (`DataSourceSchema`): The schema used by all of the data files of this
///   DataSource.
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

/// The request of GetEvaluation.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `evaluation_id` (`EvaluationId`, required): The ID of the Evaluation to retrieve. The
///   evaluation of each MLModel is recorded and cataloged. The ID provides the means to access the
///   information.
AWSML_SHAPE(get_evaluation_input,
            (std::string, evaluation_id, "EvaluationId", required, constraints::entity_id))

/// The answer of GetEvaluation. Represents the output of a GetEvaluation operation and describes an
/// Evaluation.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `evaluation_id` (`EvaluationId`): The evaluation ID which is same as the EvaluationId in the
///   request.
/// - `ml_model_id` (`MLModelId`): The ID of the MLModel that was the focus of the evaluation.
/// - `evaluation_data_source_id` (`EvaluationDataSourceId`): The DataSource used for this
///   evaluation.
/// - `input_data_location_s3` (`InputDataLocationS3`): The location of the data file or directory
///   in Amazon Simple Storage Service (Amazon S3).
/// - `created_by_iam_user` (`CreatedByIamUser`): The AWS user account that invoked the evaluation.
///   The account type can be either an AWS root account or an AWS Identity and Access Management
///   (IAM) user account.
/// - `created_at` (`CreatedAt`): The time that the Evaluation was created. The time is expressed in
///   epoch time.
/// - `last_updated_at` (`LastUpdatedAt`): The time of the most recent edit to the Evaluation. The
///   time is expressed in epoch time.
/// - `name` (`Name`): A user-supplied name or description of the Evaluation.
/// - `status` (`Status`): The status of the evaluation. This element can have one of the following
///   values: PENDING - Amazon Machine Language (Amazon ML) submitted a request to evaluate an
///   MLModel; INPROGRESS - The evaluation is underway; FAILED - The request to evaluate an MLModel
///   did not run to completion. It is not usable; COMPLETED - The evaluation process completed
///   successfully; DELETED - The Evaluation is marked as deleted. It is not usable.
/// - `performance_metrics` (`PerformanceMetrics`): Measurements of how well the MLModel performed
///   using observations referenced by the DataSource. One of the following metric is returned based
///   on the type of the MLModel: BinaryAUC: A binary MLModel uses the Area Under the Curve (AUC)
///   technique to measure performance; RegressionRMSE: A regression MLModel uses the Root Mean
///   Square Error (RMSE) technique to measure performance. RMSE measures the difference between
///   predicted and actual values for a single variable; MulticlassAvgFScore: A multiclass MLModel
///   uses the F1 score technique to measure performance.
/// - `log_uri` (`LogUri`): A link to the file that contains logs of the CreateEvaluation operation.
/// - `message` (`Message`): A description of the most recent details about evaluating the MLModel.
/// - `compute_time` (`ComputeTime`): The approximate CPU time in milliseconds that Amazon Machine
///   Learning spent processing the Evaluation, normalized and scaled on computation resources.
///   ComputeTime is only available if the Evaluation is in the COMPLETED state.
/// - `finished_at` (`FinishedAt`): The epoch time when Amazon Machine Learning marked the
///   Evaluation as COMPLETED or FAILED. FinishedAt is only available when the Evaluation is in the
///   COMPLETED or FAILED state.
/// - `started_at` (`StartedAt`): The epoch time when Amazon Machine Learning marked the Evaluation
///   as INPROGRESS. StartedAt isn't available if the Evaluation is in the PENDING state.
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

/// The request of GetMLModel.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `ml_model_id` (`MLModelId`, required): The ID assigned to the MLModel at creation.
/// - `verbose` (`Verbose`): Specifies whether the GetMLModel operation should return Recipe.
AWSML_SHAPE(get_ml_model_input,
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id),
            (std::optional<bool>, verbose, "Verbose"))

/// The answer of GetMLModel. Represents the output of a GetMLModel operation, and provides detailed
/// information about a MLModel.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `ml_model_id` (`MLModelId`): The MLModel ID, which is same as the MLModelId in the request.
/// - `training_data_source_id` (`TrainingDataSourceId`): The ID of the training DataSource.
/// - `created_by_iam_user` (`CreatedByIamUser`): The AWS user account from which the MLModel was
///   created. The account type can be either an AWS root account or an AWS Identity and Access
///   Management (IAM) user account.
/// - `created_at` (`CreatedAt`): The time that the MLModel was created. The time is expressed in
///   epoch time.
/// - `last_updated_at` (`LastUpdatedAt`): The time of the most recent edit to the MLModel. The time
///   is expressed in epoch time.
/// - `name` (`Name`): A user-supplied name or description of the MLModel.
/// - `status` (`Status`): The current status of the MLModel. This element can have one of the
///   following values: PENDING - Amazon Machine Learning (Amazon ML) submitted a request to
///   describe a MLModel; INPROGRESS - The request is processing; FAILED - The request did not run
///   to completion. The ML model isn't usable; COMPLETED - The request completed successfully;
///   DELETED - The MLModel is marked as deleted. It isn't usable.
/// - `size_in_bytes` (`SizeInBytes`): Long integer type that is a 64-bit signed number.
/// - `endpoint_info` (`EndpointInfo`): The current endpoint of the MLModel
/// - `training_parameters` (`TrainingParameters`): A list of the training parameters in the
///   MLModel. The list is implemented as a map of key-value pairs.
/// - `input_data_location_s3` (`InputDataLocationS3`): The location of the data file or directory
///   in Amazon Simple Storage Service (Amazon S3).
/// - `ml_model_type` (`MLModelType`): Identifies the MLModel category. The following are the
///   available types: REGRESSION -- Produces a numeric result. For example, "What price should a
///   house be listed at?"; BINARY -- Produces one of two possible results. For example, "Is this an
///   e-commerce website?"; MULTICLASS -- Produces one of several possible results. For example, "Is
///   this a HIGH, LOW or MEDIUM risk trade?".
/// - `score_threshold` (`ScoreThreshold`): The scoring threshold is used in binary classification
///   MLModel models. It marks the boundary between a positive prediction and a negative prediction.
/// - `score_threshold_last_updated_at` (`ScoreThresholdLastUpdatedAt`): The time of the most recent
///   edit to the ScoreThreshold. The time is expressed in epoch time.
/// - `log_uri` (`LogUri`): A link to the file that contains logs of the CreateMLModel operation.
/// - `message` (`Message`): A description of the most recent details about accessing the MLModel.
/// - `compute_time` (`ComputeTime`): The approximate CPU time in milliseconds that Amazon Machine
///   Learning spent processing the MLModel, normalized and scaled on computation resources.
///   ComputeTime is only available if the MLModel is in the COMPLETED state.
/// - `finished_at` (`FinishedAt`): The epoch time when Amazon Machine Learning marked the MLModel
///   as COMPLETED or FAILED. FinishedAt is only available when the MLModel is in the COMPLETED or
///   FAILED state.
/// - `started_at` (`StartedAt`): The epoch time when Amazon Machine Learning marked the MLModel as
///   INPROGRESS. StartedAt isn't available if the MLModel is in the PENDING state.
/// - `recipe` (`Recipe`): The recipe to use when training the MLModel. The Recipe provides detailed
///   information about the observation data to use during training, and manipulations to perform on
///   the observation data during training.
/// - `schema` (`Schema`): The schema used by all of the data files referenced by the DataSource.
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

/// The model's `Record` (map). A map of variable name-value pairs that represent an observation.
using record = flat_map<std::string, std::string>;

/// The request of Predict.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `ml_model_id` (`MLModelId`, required): A unique identifier of the MLModel.
/// - `record` (`Record`, required): A map of variable name-value pairs that represent an
///   observation.
/// - `predict_endpoint` (`PredictEndpoint`, required)
AWSML_SHAPE(predict_input,
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id),
            (machinelearning::record, record, "Record", required),
            (std::string, predict_endpoint, "PredictEndpoint", required, constraints::vip_url))

/// The model's `ScoreValuePerLabelMap` (map). Provides the raw classification score corresponding
/// to each label.
using score_value_per_label_map = flat_map<std::string, float>;

/// The model's `DetailsMap` (map). Provides any additional details regarding the prediction.
using details_map = flat_map<std::string, std::string>;

/// The output from a Predict operation: Details - Contains the following attributes:
/// DetailsAttributes.PREDICTIVE_MODEL_TYPE - REGRESSION | BINARY | MULTICLASS
/// DetailsAttributes.ALGORITHM - SGD; PredictedLabel - Present for either a BINARY or MULTICLASS
/// MLModel request; PredictedScores - Contains the raw classification score corresponding to each
/// label; PredictedValue - Present for a REGRESSION MLModel request.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `predicted_label` (`predictedLabel`): The prediction label for either a BINARY or MULTICLASS
///   MLModel.
/// - `predicted_value` (`predictedValue`): The prediction value for REGRESSION MLModel.
/// - `predicted_scores` (`predictedScores`): Provides the raw classification score corresponding to
///   each label.
/// - `details` (`details`): Provides any additional details regarding the prediction.
AWSML_SHAPE(prediction,
            (std::optional<std::string>, predicted_label, "predictedLabel", constraints::label),
            (std::optional<float>, predicted_value, "predictedValue"),
            (std::optional<score_value_per_label_map>, predicted_scores, "predictedScores",
             constraints::score_value_per_label_map),
            (std::optional<details_map>, details, "details", constraints::details_map))

/// The answer of Predict.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `prediction` (`Prediction`): The output from a Predict operation: Details - Contains the
///   following attributes: DetailsAttributes.PREDICTIVE_MODEL_TYPE - REGRESSION | BINARY |
///   MULTICLASS DetailsAttributes.ALGORITHM - SGD; PredictedLabel - Present for either a BINARY or
///   MULTICLASS MLModel request; PredictedScores - Contains the raw classification score
///   corresponding to each label; PredictedValue - Present for a REGRESSION MLModel request.
AWSML_SHAPE(predict_output, (std::optional<machinelearning::prediction>, prediction, "Prediction"))

/// The subscriber exceeded the maximum number of operations. This exception can occur when listing
/// objects such as DataSource. The body of the service error `LimitExceededException` (HTTP 400);
/// the throwing calls throw it as limit_exceeded_error, the others return it in their outcome's
/// call_failure.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `message` (`message`): The service's explanation.
/// - `code` (`code`): The service's numeric code for the error, when it sends one.
AWSML_SHAPE(limit_exceeded_exception,
            (std::optional<std::string>, message, "message", constraints::error_message),
            (std::optional<std::int32_t>, code, "code"))

/// The exception is thrown when a predict request is made to an unmounted MLModel. The body of the
/// service error `PredictorNotMountedException` (HTTP 400); the throwing calls throw it as
/// predictor_not_mounted_error, the others return it in their outcome's call_failure.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `message` (`message`): The service's explanation.
AWSML_SHAPE(predictor_not_mounted_exception,
            (std::optional<std::string>, message, "message", constraints::error_message))

/// The request of UpdateBatchPrediction.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `batch_prediction_id` (`BatchPredictionId`, required): The ID assigned to the BatchPrediction
///   during creation.
/// - `batch_prediction_name` (`BatchPredictionName`, required): A new user-supplied name or
///   description of the BatchPrediction.
AWSML_SHAPE(update_batch_prediction_input,
            (std::string, batch_prediction_id, "BatchPredictionId", required,
             constraints::entity_id),
            (std::string, batch_prediction_name, "BatchPredictionName", required,
             constraints::entity_name))

/// The answer of UpdateBatchPrediction. Represents the output of an UpdateBatchPrediction
/// operation.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `batch_prediction_id` (`BatchPredictionId`): The ID assigned to the BatchPrediction during
///   creation. This value should be identical to the value of the BatchPredictionId in the request.
AWSML_SHAPE(update_batch_prediction_output, (std::optional<std::string>, batch_prediction_id,
                                             "BatchPredictionId", constraints::entity_id))

/// The request of UpdateDataSource.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `data_source_id` (`DataSourceId`, required): The ID assigned to the DataSource during
///   creation.
/// - `data_source_name` (`DataSourceName`, required): A new user-supplied name or description of
///   the DataSource that will replace the current description.
AWSML_SHAPE(update_data_source_input,
            (std::string, data_source_id, "DataSourceId", required, constraints::entity_id),
            (std::string, data_source_name, "DataSourceName", required, constraints::entity_name))

/// The answer of UpdateDataSource. Represents the output of an UpdateDataSource operation.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `data_source_id` (`DataSourceId`): The ID assigned to the DataSource during creation. This
///   value should be identical to the value of the DataSourceID in the request.
AWSML_SHAPE(update_data_source_output,
            (std::optional<std::string>, data_source_id, "DataSourceId", constraints::entity_id))

/// The request of UpdateEvaluation.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `evaluation_id` (`EvaluationId`, required): The ID assigned to the Evaluation during creation.
/// - `evaluation_name` (`EvaluationName`, required): A new user-supplied name or description of the
///   Evaluation that will replace the current content.
AWSML_SHAPE(update_evaluation_input,
            (std::string, evaluation_id, "EvaluationId", required, constraints::entity_id),
            (std::string, evaluation_name, "EvaluationName", required, constraints::entity_name))

/// The answer of UpdateEvaluation. Represents the output of an UpdateEvaluation operation.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `evaluation_id` (`EvaluationId`): The ID assigned to the Evaluation during creation. This
///   value should be identical to the value of the Evaluation in the request.
AWSML_SHAPE(update_evaluation_output,
            (std::optional<std::string>, evaluation_id, "EvaluationId", constraints::entity_id))

/// The request of UpdateMLModel.
///
/// Members (C++ name, wire name); the optional ones are absent from the JSON when unset:
/// - `ml_model_id` (`MLModelId`, required): The ID assigned to the MLModel during creation.
/// - `ml_model_name` (`MLModelName`): A user-supplied name or description of the MLModel.
/// - `score_threshold` (`ScoreThreshold`): The ScoreThreshold used in binary classification MLModel
///   that marks the boundary between a positive prediction and a negative prediction.
AWSML_SHAPE(update_ml_model_input,
            (std::string, ml_model_id, "MLModelId", required, constraints::entity_id),
            (std::optional<std::string>, ml_model_name, "MLModelName", constraints::entity_name),
            (std::optional<float>, score_threshold, "ScoreThreshold"))

/// The answer of UpdateMLModel. Represents the output of an UpdateMLModel operation.
///
/// Members (C++ name, wire name), each absent from the JSON when unset:
/// - `ml_model_id` (`MLModelId`): The ID assigned to the MLModel during creation. This value should
///   be identical to the value of the MLModelID in the request.
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
