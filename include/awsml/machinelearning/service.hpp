#pragma once

/// \file
/// Amazon Machine Learning as the runtime sees it: its identity on the wire and its 28
/// operations, each declared once (wire name, input, output, modeled errors), as the model
/// (service-2.json) lists them; the four Describe* operations also say how they page
/// (paginators-1.json). Adding an operation is its shapes in shapes.hpp, one declaration
/// here, its entry in `operations`, and one line per call form in client.hpp.

#include <awsml/machinelearning/shapes.hpp>
#include <awsml/runtime/call_failure.hpp>
#include <awsml/runtime/operation.hpp>
#include <awsml/runtime/paginator.hpp>
#include <awsml/runtime/service.hpp>

#include <boost/mp11/list.hpp>

#include <string_view>

namespace awsml::machinelearning {

/// AddTags: Adds one or more tags to an object, up to a limit of 10. Each tag consists of a key and
/// an optional value. If you add a tag using a key that is already associated with the ML object,
/// AddTags updates the tag's value. Its modeled errors are thrown as invalid_input_error,
/// invalid_tag_error, tag_limit_exceeded_error, resource_not_found_error, internal_server_error.
///
/// Called as client::add_tags (throws), client::try_add_tags (returns an outcome), or their async_
/// forms; or generically, client.call<add_tags>(input).
struct add_tags : operation<"AddTags", add_tags_input, add_tags_output, invalid_input_exception,
                            invalid_tag_exception, tag_limit_exceeded_exception,
                            resource_not_found_exception, internal_server_exception> {};

/// CreateBatchPrediction: Generates predictions for a group of observations. The observations to
/// process exist in one or more data files referenced by a DataSource. This operation creates a new
/// BatchPrediction, and uses an MLModel and the data files referenced by the DataSource as
/// information sources. Its modeled errors are thrown as invalid_input_error,
/// internal_server_error, idempotent_parameter_mismatch_error.
///
/// Called as client::create_batch_prediction (throws), client::try_create_batch_prediction (returns
/// an outcome), or their async_ forms; or generically, client.call<create_batch_prediction>(input).
struct create_batch_prediction
    : operation<"CreateBatchPrediction", create_batch_prediction_input,
                create_batch_prediction_output, invalid_input_exception, internal_server_exception,
                idempotent_parameter_mismatch_exception> {};

/// CreateDataSourceFromRDS: Creates a DataSource object from an Amazon Relational Database Service
/// (Amazon RDS). A DataSource references data that can be used to perform CreateMLModel,
/// CreateEvaluation, or CreateBatchPrediction operations. Its modeled errors are thrown as
/// invalid_input_error, internal_server_error, idempotent_parameter_mismatch_error.
///
/// Called as client::create_data_source_from_rds (throws), client::try_create_data_source_from_rds
/// (returns an outcome), or their async_ forms; or generically,
/// client.call<create_data_source_from_rds>(input).
struct create_data_source_from_rds
    : operation<"CreateDataSourceFromRDS", create_data_source_from_rds_input,
                create_data_source_from_rds_output, invalid_input_exception,
                internal_server_exception, idempotent_parameter_mismatch_exception> {};

/// CreateDataSourceFromRedshift: Creates a DataSource from a database hosted on an Amazon Redshift
/// cluster. A DataSource references data that can be used to perform either CreateMLModel,
/// CreateEvaluation, or CreateBatchPrediction operations. Its modeled errors are thrown as
/// invalid_input_error, internal_server_error, idempotent_parameter_mismatch_error.
///
/// Called as client::create_data_source_from_redshift (throws),
/// client::try_create_data_source_from_redshift (returns an outcome), or their async_ forms; or
/// generically, client.call<create_data_source_from_redshift>(input).
struct create_data_source_from_redshift
    : operation<"CreateDataSourceFromRedshift", create_data_source_from_redshift_input,
                create_data_source_from_redshift_output, invalid_input_exception,
                internal_server_exception, idempotent_parameter_mismatch_exception> {};

/// CreateDataSourceFromS3: Creates a DataSource object. A DataSource references data that can be
/// used to perform CreateMLModel, CreateEvaluation, or CreateBatchPrediction operations. Its
/// modeled errors are thrown as invalid_input_error, internal_server_error,
/// idempotent_parameter_mismatch_error.
///
/// Called as client::create_data_source_from_s3 (throws), client::try_create_data_source_from_s3
/// (returns an outcome), or their async_ forms; or generically,
/// client.call<create_data_source_from_s3>(input).
struct create_data_source_from_s3
    : operation<"CreateDataSourceFromS3", create_data_source_from_s3_input,
                create_data_source_from_s3_output, invalid_input_exception,
                internal_server_exception, idempotent_parameter_mismatch_exception> {};

/// CreateEvaluation: Creates a new Evaluation of an MLModel. An MLModel is evaluated on a set of
/// observations associated to a DataSource. Like a DataSource for an MLModel, the DataSource for an
/// Evaluation contains values for the Target Variable. The Evaluation compares the predicted result
/// for each observation to the actual outcome and provides a summary so that you know how effective
/// the MLModel functions on the test data. Evaluation generates a relevant performance metric, such
/// as BinaryAUC, RegressionRMSE or MulticlassAvgFScore based on the corresponding MLModelType:
/// BINARY, REGRESSION or MULTICLASS. Its modeled errors are thrown as invalid_input_error,
/// internal_server_error, idempotent_parameter_mismatch_error.
///
/// Called as client::create_evaluation (throws), client::try_create_evaluation (returns an
/// outcome), or their async_ forms; or generically, client.call<create_evaluation>(input).
struct create_evaluation
    : operation<"CreateEvaluation", create_evaluation_input, create_evaluation_output,
                invalid_input_exception, internal_server_exception,
                idempotent_parameter_mismatch_exception> {};

/// CreateMLModel: Creates a new MLModel using the DataSource and the recipe as information sources.
/// Its modeled errors are thrown as invalid_input_error, internal_server_error,
/// idempotent_parameter_mismatch_error.
///
/// Called as client::create_ml_model (throws), client::try_create_ml_model (returns an outcome), or
/// their async_ forms; or generically, client.call<create_ml_model>(input).
struct create_ml_model : operation<"CreateMLModel", create_ml_model_input, create_ml_model_output,
                                   invalid_input_exception, internal_server_exception,
                                   idempotent_parameter_mismatch_exception> {};

/// CreateRealtimeEndpoint: Creates a real-time endpoint for the MLModel. The endpoint contains the
/// URI of the MLModel; that is, the location to send real-time prediction requests for the
/// specified MLModel. Its modeled errors are thrown as invalid_input_error,
/// resource_not_found_error, internal_server_error.
///
/// Called as client::create_realtime_endpoint (throws), client::try_create_realtime_endpoint
/// (returns an outcome), or their async_ forms; or generically,
/// client.call<create_realtime_endpoint>(input).
struct create_realtime_endpoint
    : operation<"CreateRealtimeEndpoint", create_realtime_endpoint_input,
                create_realtime_endpoint_output, invalid_input_exception,
                resource_not_found_exception, internal_server_exception> {};

/// DeleteBatchPrediction: Assigns the DELETED status to a BatchPrediction, rendering it unusable.
/// Its modeled errors are thrown as invalid_input_error, resource_not_found_error,
/// internal_server_error.
///
/// Called as client::delete_batch_prediction (throws), client::try_delete_batch_prediction (returns
/// an outcome), or their async_ forms; or generically, client.call<delete_batch_prediction>(input).
struct delete_batch_prediction
    : operation<"DeleteBatchPrediction", delete_batch_prediction_input,
                delete_batch_prediction_output, invalid_input_exception,
                resource_not_found_exception, internal_server_exception> {};

/// DeleteDataSource: Assigns the DELETED status to a DataSource, rendering it unusable. Its modeled
/// errors are thrown as invalid_input_error, resource_not_found_error, internal_server_error.
///
/// Called as client::delete_data_source (throws), client::try_delete_data_source (returns an
/// outcome), or their async_ forms; or generically, client.call<delete_data_source>(input).
struct delete_data_source
    : operation<"DeleteDataSource", delete_data_source_input, delete_data_source_output,
                invalid_input_exception, resource_not_found_exception, internal_server_exception> {
};

/// DeleteEvaluation: Assigns the DELETED status to an Evaluation, rendering it unusable. Its
/// modeled errors are thrown as invalid_input_error, resource_not_found_error,
/// internal_server_error.
///
/// Called as client::delete_evaluation (throws), client::try_delete_evaluation (returns an
/// outcome), or their async_ forms; or generically, client.call<delete_evaluation>(input).
struct delete_evaluation
    : operation<"DeleteEvaluation", delete_evaluation_input, delete_evaluation_output,
                invalid_input_exception, resource_not_found_exception, internal_server_exception> {
};

/// DeleteMLModel: Assigns the DELETED status to an MLModel, rendering it unusable. Its modeled
/// errors are thrown as invalid_input_error, resource_not_found_error, internal_server_error.
///
/// Called as client::delete_ml_model (throws), client::try_delete_ml_model (returns an outcome), or
/// their async_ forms; or generically, client.call<delete_ml_model>(input).
struct delete_ml_model
    : operation<"DeleteMLModel", delete_ml_model_input, delete_ml_model_output,
                invalid_input_exception, resource_not_found_exception, internal_server_exception> {
};

/// DeleteRealtimeEndpoint: Deletes a real time endpoint of an MLModel. Its modeled errors are
/// thrown as invalid_input_error, resource_not_found_error, internal_server_error.
///
/// Called as client::delete_realtime_endpoint (throws), client::try_delete_realtime_endpoint
/// (returns an outcome), or their async_ forms; or generically,
/// client.call<delete_realtime_endpoint>(input).
struct delete_realtime_endpoint
    : operation<"DeleteRealtimeEndpoint", delete_realtime_endpoint_input,
                delete_realtime_endpoint_output, invalid_input_exception,
                resource_not_found_exception, internal_server_exception> {};

/// DeleteTags: Deletes the specified tags associated with an ML object. After this operation is
/// complete, you can't recover deleted tags. Its modeled errors are thrown as invalid_input_error,
/// invalid_tag_error, resource_not_found_error, internal_server_error.
///
/// Called as client::delete_tags (throws), client::try_delete_tags (returns an outcome), or their
/// async_ forms; or generically, client.call<delete_tags>(input).
struct delete_tags
    : operation<"DeleteTags", delete_tags_input, delete_tags_output, invalid_input_exception,
                invalid_tag_exception, resource_not_found_exception, internal_server_exception> {};

/// DescribeBatchPredictions: Returns a list of BatchPrediction operations that match the search
/// criteria in the request. Its modeled errors are thrown as invalid_input_error,
/// internal_server_error.
///
/// Called as client::describe_batch_predictions (throws), client::try_describe_batch_predictions
/// (returns an outcome), or their async_ forms; or generically,
/// client.call<describe_batch_predictions>(input).
struct describe_batch_predictions
    : operation<"DescribeBatchPredictions", describe_batch_predictions_input,
                describe_batch_predictions_output, invalid_input_exception,
                internal_server_exception> {
    /// Pages with NextToken, at most Limit (1 to 100) results a page (paginators-1.json); see
    /// basic_client's paginate_ members.
    using pagination =
        awsml::pagination<&input::next_token, &output::next_token, &input::limit, &output::results>;
};

/// DescribeDataSources: Returns a list of DataSource that match the search criteria in the request.
/// Its modeled errors are thrown as invalid_input_error, internal_server_error.
///
/// Called as client::describe_data_sources (throws), client::try_describe_data_sources (returns an
/// outcome), or their async_ forms; or generically, client.call<describe_data_sources>(input).
struct describe_data_sources
    : operation<"DescribeDataSources", describe_data_sources_input, describe_data_sources_output,
                invalid_input_exception, internal_server_exception> {
    /// Pages with NextToken, at most Limit (1 to 100) results a page (paginators-1.json); see
    /// basic_client's paginate_ members.
    using pagination =
        awsml::pagination<&input::next_token, &output::next_token, &input::limit, &output::results>;
};

/// DescribeEvaluations: Returns a list of DescribeEvaluations that match the search criteria in the
/// request. Its modeled errors are thrown as invalid_input_error, internal_server_error.
///
/// Called as client::describe_evaluations (throws), client::try_describe_evaluations (returns an
/// outcome), or their async_ forms; or generically, client.call<describe_evaluations>(input).
struct describe_evaluations
    : operation<"DescribeEvaluations", describe_evaluations_input, describe_evaluations_output,
                invalid_input_exception, internal_server_exception> {
    /// Pages with NextToken, at most Limit (1 to 100) results a page (paginators-1.json); see
    /// basic_client's paginate_ members.
    using pagination =
        awsml::pagination<&input::next_token, &output::next_token, &input::limit, &output::results>;
};

/// DescribeMLModels: Returns a list of MLModel that match the search criteria in the request. Its
/// modeled errors are thrown as invalid_input_error, internal_server_error.
///
/// Called as client::describe_ml_models (throws), client::try_describe_ml_models (returns an
/// outcome), or their async_ forms; or generically, client.call<describe_ml_models>(input).
struct describe_ml_models
    : operation<"DescribeMLModels", describe_ml_models_input, describe_ml_models_output,
                invalid_input_exception, internal_server_exception> {
    /// Pages with NextToken, at most Limit (1 to 100) results a page (paginators-1.json); see
    /// basic_client's paginate_ members.
    using pagination =
        awsml::pagination<&input::next_token, &output::next_token, &input::limit, &output::results>;
};

/// DescribeTags: Describes one or more of the tags for your Amazon ML object. Its modeled errors
/// are thrown as invalid_input_error, resource_not_found_error, internal_server_error.
///
/// Called as client::describe_tags (throws), client::try_describe_tags (returns an outcome), or
/// their async_ forms; or generically, client.call<describe_tags>(input).
struct describe_tags
    : operation<"DescribeTags", describe_tags_input, describe_tags_output, invalid_input_exception,
                resource_not_found_exception, internal_server_exception> {};

/// GetBatchPrediction: Returns a BatchPrediction that includes detailed metadata, status, and data
/// file information for a Batch Prediction request. Its modeled errors are thrown as
/// invalid_input_error, resource_not_found_error, internal_server_error.
///
/// Called as client::get_batch_prediction (throws), client::try_get_batch_prediction (returns an
/// outcome), or their async_ forms; or generically, client.call<get_batch_prediction>(input).
struct get_batch_prediction
    : operation<"GetBatchPrediction", get_batch_prediction_input, get_batch_prediction_output,
                invalid_input_exception, resource_not_found_exception, internal_server_exception> {
};

/// GetDataSource: Returns a DataSource that includes metadata and data file information, as well as
/// the current status of the DataSource. Its modeled errors are thrown as invalid_input_error,
/// resource_not_found_error, internal_server_error.
///
/// Called as client::get_data_source (throws), client::try_get_data_source (returns an outcome), or
/// their async_ forms; or generically, client.call<get_data_source>(input).
struct get_data_source
    : operation<"GetDataSource", get_data_source_input, get_data_source_output,
                invalid_input_exception, resource_not_found_exception, internal_server_exception> {
};

/// GetEvaluation: Returns an Evaluation that includes metadata as well as the current status of the
/// Evaluation. Its modeled errors are thrown as invalid_input_error, resource_not_found_error,
/// internal_server_error.
///
/// Called as client::get_evaluation (throws), client::try_get_evaluation (returns an outcome), or
/// their async_ forms; or generically, client.call<get_evaluation>(input).
struct get_evaluation
    : operation<"GetEvaluation", get_evaluation_input, get_evaluation_output,
                invalid_input_exception, resource_not_found_exception, internal_server_exception> {
};

/// GetMLModel: Returns an MLModel that includes detailed metadata, data source information, and the
/// current status of the MLModel. Its modeled errors are thrown as invalid_input_error,
/// resource_not_found_error, internal_server_error.
///
/// Called as client::get_ml_model (throws), client::try_get_ml_model (returns an outcome), or their
/// async_ forms; or generically, client.call<get_ml_model>(input).
struct get_ml_model
    : operation<"GetMLModel", get_ml_model_input, get_ml_model_output, invalid_input_exception,
                resource_not_found_exception, internal_server_exception> {};

/// Predict: Generates a prediction for the observation using the specified ML Model. Its modeled
/// errors are thrown as invalid_input_error, resource_not_found_error, limit_exceeded_error,
/// internal_server_error, predictor_not_mounted_error.
///
/// Called as client::predict (throws), client::try_predict (returns an outcome), or their async_
/// forms; or generically, client.call<predict>(input).
struct predict : operation<"Predict", predict_input, predict_output, invalid_input_exception,
                           resource_not_found_exception, limit_exceeded_exception,
                           internal_server_exception, predictor_not_mounted_exception> {
    /// Predict goes to the model's real-time endpoint (the input's predict_endpoint, from
    /// GetMLModel's EndpointInfo.EndpointUrl), not to the service's, as botocore does.
    static constexpr auto endpoint = &predict_input::predict_endpoint;
};

/// UpdateBatchPrediction: Updates the BatchPredictionName of a BatchPrediction. Its modeled errors
/// are thrown as invalid_input_error, resource_not_found_error, internal_server_error.
///
/// Called as client::update_batch_prediction (throws), client::try_update_batch_prediction (returns
/// an outcome), or their async_ forms; or generically, client.call<update_batch_prediction>(input).
struct update_batch_prediction
    : operation<"UpdateBatchPrediction", update_batch_prediction_input,
                update_batch_prediction_output, invalid_input_exception,
                resource_not_found_exception, internal_server_exception> {};

/// UpdateDataSource: Updates the DataSourceName of a DataSource. Its modeled errors are thrown as
/// invalid_input_error, resource_not_found_error, internal_server_error.
///
/// Called as client::update_data_source (throws), client::try_update_data_source (returns an
/// outcome), or their async_ forms; or generically, client.call<update_data_source>(input).
struct update_data_source
    : operation<"UpdateDataSource", update_data_source_input, update_data_source_output,
                invalid_input_exception, resource_not_found_exception, internal_server_exception> {
};

/// UpdateEvaluation: Updates the EvaluationName of an Evaluation. Its modeled errors are thrown as
/// invalid_input_error, resource_not_found_error, internal_server_error.
///
/// Called as client::update_evaluation (throws), client::try_update_evaluation (returns an
/// outcome), or their async_ forms; or generically, client.call<update_evaluation>(input).
struct update_evaluation
    : operation<"UpdateEvaluation", update_evaluation_input, update_evaluation_output,
                invalid_input_exception, resource_not_found_exception, internal_server_exception> {
};

/// UpdateMLModel: Updates the MLModelName and the ScoreThreshold of an MLModel. Its modeled errors
/// are thrown as invalid_input_error, resource_not_found_error, internal_server_error.
///
/// Called as client::update_ml_model (throws), client::try_update_ml_model (returns an outcome), or
/// their async_ forms; or generically, client.call<update_ml_model>(input).
struct update_ml_model
    : operation<"UpdateMLModel", update_ml_model_input, update_ml_model_output,
                invalid_input_exception, resource_not_found_exception, internal_server_exception> {
};

/// Amazon Machine Learning as a service_description: what basic_client's runtime reads to sign,
/// address and dispatch its calls.
struct service {
    /// Its names on the wire: the X-Amz-Target prefix "AmazonML_20141212", the SigV4 signing name
    /// and endpoint prefix "machinelearning", the SDK service id "Machine Learning" (which names
    /// AWS_ENDPOINT_URL_MACHINE_LEARNING and the shared config's [services] key).
    static constexpr service_identity identity{
        .service_id = "Machine Learning",
        .target_prefix = "AmazonML_20141212",
        .signing_name = "machinelearning",
        .endpoint_prefix = "machinelearning",
        .api_version = "2014-12-12",
    };
    /// Every operation, as the model lists them: the compiled mode instantiates each once, and
    /// the error decoder and the emulator dispatch on this list.
    using operations = boost::mp11::mp_list<
        add_tags, create_batch_prediction, create_data_source_from_rds,
        create_data_source_from_redshift, create_data_source_from_s3, create_evaluation,
        create_ml_model, create_realtime_endpoint, delete_batch_prediction, delete_data_source,
        delete_evaluation, delete_ml_model, delete_realtime_endpoint, delete_tags,
        describe_batch_predictions, describe_data_sources, describe_evaluations, describe_ml_models,
        describe_tags, get_batch_prediction, get_data_source, get_evaluation, get_ml_model, predict,
        update_batch_prediction, update_data_source, update_evaluation, update_ml_model>;
};

/// What the throwing calls throw for the service error `InvalidInputException`: an error on the
/// client occurred. Typically, the cause is an invalid input value. body() holds its message and
/// code.
using invalid_input_error = modeled_service_error<invalid_input_exception>;
/// What the throwing calls throw for the service error `InvalidTagException`. body() holds its
/// message and code.
using invalid_tag_error = modeled_service_error<invalid_tag_exception>;
/// What the throwing calls throw for the service error `TagLimitExceededException`. body() holds
/// its message and code.
using tag_limit_exceeded_error = modeled_service_error<tag_limit_exceeded_exception>;
/// What the throwing calls throw for the service error `ResourceNotFoundException`: a specified
/// resource cannot be located. body() holds its message and code.
using resource_not_found_error = modeled_service_error<resource_not_found_exception>;
/// What the throwing calls throw for the service error `InternalServerException`: an error on the
/// server occurred when trying to process a request. body() holds its message and code.
using internal_server_error = modeled_service_error<internal_server_exception>;
/// What the throwing calls throw for the service error `IdempotentParameterMismatchException`:
/// a Create* call reused an ID that already names a resource made with other parameters. body()
/// holds its message and code.
using idempotent_parameter_mismatch_error =
    modeled_service_error<idempotent_parameter_mismatch_exception>;
/// What the throwing calls throw for the service error `LimitExceededException`: the subscriber
/// exceeded the maximum number of operations. This exception can occur when listing objects such as
/// DataSource. body() holds its message and code.
using limit_exceeded_error = modeled_service_error<limit_exceeded_exception>;
/// What the throwing calls throw for the service error `PredictorNotMountedException`: the
/// exception is thrown when a predict request is made to an unmounted MLModel. body() holds its
/// message and code.
using predictor_not_mounted_error = modeled_service_error<predictor_not_mounted_exception>;

} // namespace awsml::machinelearning
