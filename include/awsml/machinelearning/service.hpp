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

struct add_tags : operation<"AddTags", add_tags_input, add_tags_output, invalid_input_exception,
                            invalid_tag_exception, tag_limit_exceeded_exception,
                            resource_not_found_exception, internal_server_exception> {};

struct create_batch_prediction
    : operation<"CreateBatchPrediction", create_batch_prediction_input,
                create_batch_prediction_output, invalid_input_exception, internal_server_exception,
                idempotent_parameter_mismatch_exception> {};

struct create_data_source_from_rds
    : operation<"CreateDataSourceFromRDS", create_data_source_from_rds_input,
                create_data_source_from_rds_output, invalid_input_exception,
                internal_server_exception, idempotent_parameter_mismatch_exception> {};

struct create_data_source_from_redshift
    : operation<"CreateDataSourceFromRedshift", create_data_source_from_redshift_input,
                create_data_source_from_redshift_output, invalid_input_exception,
                internal_server_exception, idempotent_parameter_mismatch_exception> {};

struct create_data_source_from_s3
    : operation<"CreateDataSourceFromS3", create_data_source_from_s3_input,
                create_data_source_from_s3_output, invalid_input_exception,
                internal_server_exception, idempotent_parameter_mismatch_exception> {};

struct create_evaluation
    : operation<"CreateEvaluation", create_evaluation_input, create_evaluation_output,
                invalid_input_exception, internal_server_exception,
                idempotent_parameter_mismatch_exception> {};

struct create_ml_model : operation<"CreateMLModel", create_ml_model_input, create_ml_model_output,
                                   invalid_input_exception, internal_server_exception,
                                   idempotent_parameter_mismatch_exception> {};

struct create_realtime_endpoint
    : operation<"CreateRealtimeEndpoint", create_realtime_endpoint_input,
                create_realtime_endpoint_output, invalid_input_exception,
                resource_not_found_exception, internal_server_exception> {};

struct delete_batch_prediction
    : operation<"DeleteBatchPrediction", delete_batch_prediction_input,
                delete_batch_prediction_output, invalid_input_exception,
                resource_not_found_exception, internal_server_exception> {};

struct delete_data_source
    : operation<"DeleteDataSource", delete_data_source_input, delete_data_source_output,
                invalid_input_exception, resource_not_found_exception, internal_server_exception> {
};

struct delete_evaluation
    : operation<"DeleteEvaluation", delete_evaluation_input, delete_evaluation_output,
                invalid_input_exception, resource_not_found_exception, internal_server_exception> {
};

struct delete_ml_model
    : operation<"DeleteMLModel", delete_ml_model_input, delete_ml_model_output,
                invalid_input_exception, resource_not_found_exception, internal_server_exception> {
};

struct delete_realtime_endpoint
    : operation<"DeleteRealtimeEndpoint", delete_realtime_endpoint_input,
                delete_realtime_endpoint_output, invalid_input_exception,
                resource_not_found_exception, internal_server_exception> {};

struct delete_tags
    : operation<"DeleteTags", delete_tags_input, delete_tags_output, invalid_input_exception,
                invalid_tag_exception, resource_not_found_exception, internal_server_exception> {};

struct describe_batch_predictions
    : operation<"DescribeBatchPredictions", describe_batch_predictions_input,
                describe_batch_predictions_output, invalid_input_exception,
                internal_server_exception> {
    using pagination =
        awsml::pagination<&input::next_token, &output::next_token, &input::limit, &output::results>;
};

struct describe_data_sources
    : operation<"DescribeDataSources", describe_data_sources_input, describe_data_sources_output,
                invalid_input_exception, internal_server_exception> {
    using pagination =
        awsml::pagination<&input::next_token, &output::next_token, &input::limit, &output::results>;
};

struct describe_evaluations
    : operation<"DescribeEvaluations", describe_evaluations_input, describe_evaluations_output,
                invalid_input_exception, internal_server_exception> {
    using pagination =
        awsml::pagination<&input::next_token, &output::next_token, &input::limit, &output::results>;
};

struct describe_ml_models
    : operation<"DescribeMLModels", describe_ml_models_input, describe_ml_models_output,
                invalid_input_exception, internal_server_exception> {
    using pagination =
        awsml::pagination<&input::next_token, &output::next_token, &input::limit, &output::results>;
};

struct describe_tags
    : operation<"DescribeTags", describe_tags_input, describe_tags_output, invalid_input_exception,
                resource_not_found_exception, internal_server_exception> {};

struct get_batch_prediction
    : operation<"GetBatchPrediction", get_batch_prediction_input, get_batch_prediction_output,
                invalid_input_exception, resource_not_found_exception, internal_server_exception> {
};

struct get_data_source
    : operation<"GetDataSource", get_data_source_input, get_data_source_output,
                invalid_input_exception, resource_not_found_exception, internal_server_exception> {
};

struct get_evaluation
    : operation<"GetEvaluation", get_evaluation_input, get_evaluation_output,
                invalid_input_exception, resource_not_found_exception, internal_server_exception> {
};

struct get_ml_model
    : operation<"GetMLModel", get_ml_model_input, get_ml_model_output, invalid_input_exception,
                resource_not_found_exception, internal_server_exception> {};

struct predict : operation<"Predict", predict_input, predict_output, invalid_input_exception,
                           resource_not_found_exception, limit_exceeded_exception,
                           internal_server_exception, predictor_not_mounted_exception> {
    // Predict goes to the model's real-time endpoint, not to the service's (as botocore does).
    static constexpr auto endpoint = &predict_input::predict_endpoint;
};

struct update_batch_prediction
    : operation<"UpdateBatchPrediction", update_batch_prediction_input,
                update_batch_prediction_output, invalid_input_exception,
                resource_not_found_exception, internal_server_exception> {};

struct update_data_source
    : operation<"UpdateDataSource", update_data_source_input, update_data_source_output,
                invalid_input_exception, resource_not_found_exception, internal_server_exception> {
};

struct update_evaluation
    : operation<"UpdateEvaluation", update_evaluation_input, update_evaluation_output,
                invalid_input_exception, resource_not_found_exception, internal_server_exception> {
};

struct update_ml_model
    : operation<"UpdateMLModel", update_ml_model_input, update_ml_model_output,
                invalid_input_exception, resource_not_found_exception, internal_server_exception> {
};

struct service {
    static constexpr service_identity identity{
        .service_id = "Machine Learning",
        .target_prefix = "AmazonML_20141212",
        .signing_name = "machinelearning",
        .endpoint_prefix = "machinelearning",
        .api_version = "2014-12-12",
    };
    using operations = boost::mp11::mp_list<
        add_tags, create_batch_prediction, create_data_source_from_rds,
        create_data_source_from_redshift, create_data_source_from_s3, create_evaluation,
        create_ml_model, create_realtime_endpoint, delete_batch_prediction, delete_data_source,
        delete_evaluation, delete_ml_model, delete_realtime_endpoint, delete_tags,
        describe_batch_predictions, describe_data_sources, describe_evaluations, describe_ml_models,
        describe_tags, get_batch_prediction, get_data_source, get_evaluation, get_ml_model, predict,
        update_batch_prediction, update_data_source, update_evaluation, update_ml_model>;
};

// The exceptions the throwing calls raise for the modeled errors.
using invalid_input_error = modeled_service_error<invalid_input_exception>;
using invalid_tag_error = modeled_service_error<invalid_tag_exception>;
using tag_limit_exceeded_error = modeled_service_error<tag_limit_exceeded_exception>;
using resource_not_found_error = modeled_service_error<resource_not_found_exception>;
using internal_server_error = modeled_service_error<internal_server_exception>;
using idempotent_parameter_mismatch_error =
    modeled_service_error<idempotent_parameter_mismatch_exception>;
using limit_exceeded_error = modeled_service_error<limit_exceeded_exception>;
using predictor_not_mounted_error = modeled_service_error<predictor_not_mounted_exception>;

} // namespace awsml::machinelearning
