#pragma once

/// \file
/// The Amazon Machine Learning client: the generic service client (runtime/client.hpp) with a
/// named member for each form of each operation. Each is one line over the operation's
/// declaration in service.hpp:
///   get_ml_model(input[, metadata][, options])      throws the operation's modeled errors
///   try_get_ml_model(input[, metadata][, options])  returns outcome<get_ml_model_output>
///   async_get_ml_model(input[, options], token)     completes with void(exception_ptr, output)
///   async_try_get_ml_model(input[, options], token) completes with void(outcome<output>)
/// `options` (awsml::call_options) change one call's timeout, attempts, credentials or headers.

#include <awsml/http/asio_transport.hpp>
#include <awsml/machinelearning/endpoint.hpp>
#include <awsml/machinelearning/service.hpp>
#include <awsml/machinelearning/waiters.hpp>
#include <awsml/runtime/client.hpp>

namespace awsml::machinelearning {

/// The Amazon Machine Learning client over any transport: a member for each form of each of the
/// 28 operations, the paginators of the four Describe* operations, and everything of the generic
/// awsml::service_client (call<Op>, paginate<Op>, wait<W> and their forms, retries()).
///
/// Each operation `x` has four forms:
/// - `x(input[, metadata][, options])` returns the output shape; throws the operation's modeled
///   errors as modeled_service_error<Shape> (e.g. resource_not_found_error), any other service
///   error as awsml::service_error, a request that breaks the model's constraints as
///   awsml::validation_error (before anything is sent), configuration, transport and decoding
///   failures as awsml::call_error (an awsml::error holding the call_failure), and what a hook
///   or the transport threw as it was.
/// - `try_x(input[, metadata][, options])` throws nothing of the above: it returns an
///   awsml::outcome holding the output or the awsml::call_failure (errc::hook_failed for what a
///   hook or the transport threw).
/// - `async_x(input[, options], token)` completes with `void(std::exception_ptr, output)`, the
///   exception being the one `x` would throw; `async_try_x(input[, options], token)` completes
///   with `void(outcome<output>)`. Both take any Asio completion token and need an asynchronous
///   transport (async_http_transport).
/// - `options` is an awsml::call_options (runtime/call_options.hpp): this call's timeout,
///   attempts, credentials or extra headers; the rest stays the client's. Name its type:
///   `c.get_ml_model(in, awsml::call_options{.call_timeout = 2s})`.
///
/// A client is thread-safe: calls may run concurrently from several threads.
/// \tparam Transport how requests are sent: asio_http_transport (the default, see
///   machinelearning::client), curl_transport, stub_transport for tests, or your own model of
///   http_transport.
template <http_transport Transport = asio_http_transport>
class basic_client : public service_client<service, Transport> {
    using base = service_client<service, Transport>;

public:
    using base::base;

    /// \name AddTags
    /// \{

    /// AddTags: Adds one or more tags to an object, up to a limit of 10. Each tag consists of a key
    /// and an optional value. If you add a tag using a key that is already associated with the ML
    /// object, AddTags updates the tag's value.
    ///
    /// add_tags(input) returns the output or throws; try_add_tags(input) returns an outcome
    /// instead; async_add_tags and async_try_add_tags take an Asio completion token (see the
    /// class). Both blocking forms may take a response_metadata& to fill in; every form,
    /// call_options (see the class).
    template <class... Extra>
    auto add_tags(const add_tags_input& in, Extra&&... e) {
        return this->template call<machinelearning::add_tags>(in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_add_tags(const add_tags_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::add_tags>(in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_add_tags(const add_tags_input& in, Args&&... args) {
        return this->template async_call<machinelearning::add_tags>(in,
                                                                    std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_add_tags(const add_tags_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::add_tags>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name CreateBatchPrediction
    /// \{

    /// CreateBatchPrediction: Generates predictions for a group of observations. The observations
    /// to process exist in one or more data files referenced by a DataSource. This operation
    /// creates a new BatchPrediction, and uses an MLModel and the data files referenced by the
    /// DataSource as information sources.
    ///
    /// create_batch_prediction(input) returns the output or throws;
    /// try_create_batch_prediction(input) returns an outcome instead; async_create_batch_prediction
    /// and async_try_create_batch_prediction take an Asio completion token (see the class). Both
    /// blocking forms may take a response_metadata& to fill in; every form, call_options (see the
    /// class).
    template <class... Extra>
    auto create_batch_prediction(const create_batch_prediction_input& in, Extra&&... e) {
        return this->template call<machinelearning::create_batch_prediction>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_create_batch_prediction(const create_batch_prediction_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::create_batch_prediction>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_create_batch_prediction(const create_batch_prediction_input& in, Args&&... args) {
        return this->template async_call<machinelearning::create_batch_prediction>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_create_batch_prediction(const create_batch_prediction_input& in,
                                           Args&&... args) {
        return this->template async_try_call<machinelearning::create_batch_prediction>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name CreateDataSourceFromRDS
    /// \{

    /// CreateDataSourceFromRDS: Creates a DataSource object from an Amazon Relational Database
    /// Service (Amazon RDS). A DataSource references data that can be used to perform
    /// CreateMLModel, CreateEvaluation, or CreateBatchPrediction operations.
    ///
    /// create_data_source_from_rds(input) returns the output or throws;
    /// try_create_data_source_from_rds(input) returns an outcome instead;
    /// async_create_data_source_from_rds and async_try_create_data_source_from_rds take an Asio
    /// completion token (see the class). Both blocking forms may take a response_metadata& to fill
    /// in; every form, call_options (see the class).
    template <class... Extra>
    auto create_data_source_from_rds(const create_data_source_from_rds_input& in, Extra&&... e) {
        return this->template call<machinelearning::create_data_source_from_rds>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_create_data_source_from_rds(const create_data_source_from_rds_input& in,
                                         Extra&&... e) {
        return this->template try_call<machinelearning::create_data_source_from_rds>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_create_data_source_from_rds(const create_data_source_from_rds_input& in,
                                           Args&&... args) {
        return this->template async_call<machinelearning::create_data_source_from_rds>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_create_data_source_from_rds(const create_data_source_from_rds_input& in,
                                               Args&&... args) {
        return this->template async_try_call<machinelearning::create_data_source_from_rds>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name CreateDataSourceFromRedshift
    /// \{

    /// CreateDataSourceFromRedshift: Creates a DataSource from a database hosted on an Amazon
    /// Redshift cluster. A DataSource references data that can be used to perform either
    /// CreateMLModel, CreateEvaluation, or CreateBatchPrediction operations.
    ///
    /// create_data_source_from_redshift(input) returns the output or throws;
    /// try_create_data_source_from_redshift(input) returns an outcome instead;
    /// async_create_data_source_from_redshift and async_try_create_data_source_from_redshift take
    /// an Asio completion token (see the class). Both blocking forms may take a response_metadata&
    /// to fill in; every form, call_options (see the class).
    template <class... Extra>
    auto create_data_source_from_redshift(const create_data_source_from_redshift_input& in,
                                          Extra&&... e) {
        return this->template call<machinelearning::create_data_source_from_redshift>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_create_data_source_from_redshift(const create_data_source_from_redshift_input& in,
                                              Extra&&... e) {
        return this->template try_call<machinelearning::create_data_source_from_redshift>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_create_data_source_from_redshift(const create_data_source_from_redshift_input& in,
                                                Args&&... args) {
        return this->template async_call<machinelearning::create_data_source_from_redshift>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto
    async_try_create_data_source_from_redshift(const create_data_source_from_redshift_input& in,
                                               Args&&... args) {
        return this->template async_try_call<machinelearning::create_data_source_from_redshift>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name CreateDataSourceFromS3
    /// \{

    /// CreateDataSourceFromS3: Creates a DataSource object. A DataSource references data that can
    /// be used to perform CreateMLModel, CreateEvaluation, or CreateBatchPrediction operations.
    ///
    /// create_data_source_from_s3(input) returns the output or throws;
    /// try_create_data_source_from_s3(input) returns an outcome instead;
    /// async_create_data_source_from_s3 and async_try_create_data_source_from_s3 take an Asio
    /// completion token (see the class). Both blocking forms may take a response_metadata& to fill
    /// in; every form, call_options (see the class).
    template <class... Extra>
    auto create_data_source_from_s3(const create_data_source_from_s3_input& in, Extra&&... e) {
        return this->template call<machinelearning::create_data_source_from_s3>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_create_data_source_from_s3(const create_data_source_from_s3_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::create_data_source_from_s3>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_create_data_source_from_s3(const create_data_source_from_s3_input& in,
                                          Args&&... args) {
        return this->template async_call<machinelearning::create_data_source_from_s3>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_create_data_source_from_s3(const create_data_source_from_s3_input& in,
                                              Args&&... args) {
        return this->template async_try_call<machinelearning::create_data_source_from_s3>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name CreateEvaluation
    /// \{

    /// CreateEvaluation: Creates a new Evaluation of an MLModel. An MLModel is evaluated on a set
    /// of observations associated to a DataSource. Like a DataSource for an MLModel, the DataSource
    /// for an Evaluation contains values for the Target Variable. The Evaluation compares the
    /// predicted result for each observation to the actual outcome and provides a summary so that
    /// you know how effective the MLModel functions on the test data. Evaluation generates a
    /// relevant performance metric, such as BinaryAUC, RegressionRMSE or MulticlassAvgFScore based
    /// on the corresponding MLModelType: BINARY, REGRESSION or MULTICLASS.
    ///
    /// create_evaluation(input) returns the output or throws; try_create_evaluation(input) returns
    /// an outcome instead; async_create_evaluation and async_try_create_evaluation take an Asio
    /// completion token (see the class). Both blocking forms may take a response_metadata& to fill
    /// in; every form, call_options (see the class).
    template <class... Extra>
    auto create_evaluation(const create_evaluation_input& in, Extra&&... e) {
        return this->template call<machinelearning::create_evaluation>(in,
                                                                       std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_create_evaluation(const create_evaluation_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::create_evaluation>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_create_evaluation(const create_evaluation_input& in, Args&&... args) {
        return this->template async_call<machinelearning::create_evaluation>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_create_evaluation(const create_evaluation_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::create_evaluation>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name CreateMLModel
    /// \{

    /// CreateMLModel: Creates a new MLModel using the DataSource and the recipe as information
    /// sources.
    ///
    /// create_ml_model(input) returns the output or throws; try_create_ml_model(input) returns an
    /// outcome instead; async_create_ml_model and async_try_create_ml_model take an Asio completion
    /// token (see the class). Both blocking forms may take a response_metadata& to fill in; every
    /// form, call_options (see the class).
    template <class... Extra>
    auto create_ml_model(const create_ml_model_input& in, Extra&&... e) {
        return this->template call<machinelearning::create_ml_model>(in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_create_ml_model(const create_ml_model_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::create_ml_model>(in,
                                                                         std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_create_ml_model(const create_ml_model_input& in, Args&&... args) {
        return this->template async_call<machinelearning::create_ml_model>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_create_ml_model(const create_ml_model_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::create_ml_model>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name CreateRealtimeEndpoint
    /// \{

    /// CreateRealtimeEndpoint: Creates a real-time endpoint for the MLModel. The endpoint contains
    /// the URI of the MLModel; that is, the location to send real-time prediction requests for the
    /// specified MLModel.
    ///
    /// create_realtime_endpoint(input) returns the output or throws;
    /// try_create_realtime_endpoint(input) returns an outcome instead;
    /// async_create_realtime_endpoint and async_try_create_realtime_endpoint take an Asio
    /// completion token (see the class). Both blocking forms may take a response_metadata& to fill
    /// in; every form, call_options (see the class).
    template <class... Extra>
    auto create_realtime_endpoint(const create_realtime_endpoint_input& in, Extra&&... e) {
        return this->template call<machinelearning::create_realtime_endpoint>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_create_realtime_endpoint(const create_realtime_endpoint_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::create_realtime_endpoint>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_create_realtime_endpoint(const create_realtime_endpoint_input& in, Args&&... args) {
        return this->template async_call<machinelearning::create_realtime_endpoint>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_create_realtime_endpoint(const create_realtime_endpoint_input& in,
                                            Args&&... args) {
        return this->template async_try_call<machinelearning::create_realtime_endpoint>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name DeleteBatchPrediction
    /// \{

    /// DeleteBatchPrediction: Assigns the DELETED status to a BatchPrediction, rendering it
    /// unusable.
    ///
    /// delete_batch_prediction(input) returns the output or throws;
    /// try_delete_batch_prediction(input) returns an outcome instead; async_delete_batch_prediction
    /// and async_try_delete_batch_prediction take an Asio completion token (see the class). Both
    /// blocking forms may take a response_metadata& to fill in; every form, call_options (see the
    /// class).
    template <class... Extra>
    auto delete_batch_prediction(const delete_batch_prediction_input& in, Extra&&... e) {
        return this->template call<machinelearning::delete_batch_prediction>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_delete_batch_prediction(const delete_batch_prediction_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::delete_batch_prediction>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_delete_batch_prediction(const delete_batch_prediction_input& in, Args&&... args) {
        return this->template async_call<machinelearning::delete_batch_prediction>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_delete_batch_prediction(const delete_batch_prediction_input& in,
                                           Args&&... args) {
        return this->template async_try_call<machinelearning::delete_batch_prediction>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name DeleteDataSource
    /// \{

    /// DeleteDataSource: Assigns the DELETED status to a DataSource, rendering it unusable.
    ///
    /// delete_data_source(input) returns the output or throws; try_delete_data_source(input)
    /// returns an outcome instead; async_delete_data_source and async_try_delete_data_source take
    /// an Asio completion token (see the class). Both blocking forms may take a response_metadata&
    /// to fill in; every form, call_options (see the class).
    template <class... Extra>
    auto delete_data_source(const delete_data_source_input& in, Extra&&... e) {
        return this->template call<machinelearning::delete_data_source>(in,
                                                                        std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_delete_data_source(const delete_data_source_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::delete_data_source>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_delete_data_source(const delete_data_source_input& in, Args&&... args) {
        return this->template async_call<machinelearning::delete_data_source>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_delete_data_source(const delete_data_source_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::delete_data_source>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name DeleteEvaluation
    /// \{

    /// DeleteEvaluation: Assigns the DELETED status to an Evaluation, rendering it unusable.
    ///
    /// delete_evaluation(input) returns the output or throws; try_delete_evaluation(input) returns
    /// an outcome instead; async_delete_evaluation and async_try_delete_evaluation take an Asio
    /// completion token (see the class). Both blocking forms may take a response_metadata& to fill
    /// in; every form, call_options (see the class).
    template <class... Extra>
    auto delete_evaluation(const delete_evaluation_input& in, Extra&&... e) {
        return this->template call<machinelearning::delete_evaluation>(in,
                                                                       std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_delete_evaluation(const delete_evaluation_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::delete_evaluation>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_delete_evaluation(const delete_evaluation_input& in, Args&&... args) {
        return this->template async_call<machinelearning::delete_evaluation>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_delete_evaluation(const delete_evaluation_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::delete_evaluation>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name DeleteMLModel
    /// \{

    /// DeleteMLModel: Assigns the DELETED status to an MLModel, rendering it unusable.
    ///
    /// delete_ml_model(input) returns the output or throws; try_delete_ml_model(input) returns an
    /// outcome instead; async_delete_ml_model and async_try_delete_ml_model take an Asio completion
    /// token (see the class). Both blocking forms may take a response_metadata& to fill in; every
    /// form, call_options (see the class).
    template <class... Extra>
    auto delete_ml_model(const delete_ml_model_input& in, Extra&&... e) {
        return this->template call<machinelearning::delete_ml_model>(in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_delete_ml_model(const delete_ml_model_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::delete_ml_model>(in,
                                                                         std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_delete_ml_model(const delete_ml_model_input& in, Args&&... args) {
        return this->template async_call<machinelearning::delete_ml_model>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_delete_ml_model(const delete_ml_model_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::delete_ml_model>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name DeleteRealtimeEndpoint
    /// \{

    /// DeleteRealtimeEndpoint: Deletes a real time endpoint of an MLModel.
    ///
    /// delete_realtime_endpoint(input) returns the output or throws;
    /// try_delete_realtime_endpoint(input) returns an outcome instead;
    /// async_delete_realtime_endpoint and async_try_delete_realtime_endpoint take an Asio
    /// completion token (see the class). Both blocking forms may take a response_metadata& to fill
    /// in; every form, call_options (see the class).
    template <class... Extra>
    auto delete_realtime_endpoint(const delete_realtime_endpoint_input& in, Extra&&... e) {
        return this->template call<machinelearning::delete_realtime_endpoint>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_delete_realtime_endpoint(const delete_realtime_endpoint_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::delete_realtime_endpoint>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_delete_realtime_endpoint(const delete_realtime_endpoint_input& in, Args&&... args) {
        return this->template async_call<machinelearning::delete_realtime_endpoint>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_delete_realtime_endpoint(const delete_realtime_endpoint_input& in,
                                            Args&&... args) {
        return this->template async_try_call<machinelearning::delete_realtime_endpoint>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name DeleteTags
    /// \{

    /// DeleteTags: Deletes the specified tags associated with an ML object. After this operation is
    /// complete, you can't recover deleted tags.
    ///
    /// delete_tags(input) returns the output or throws; try_delete_tags(input) returns an outcome
    /// instead; async_delete_tags and async_try_delete_tags take an Asio completion token (see the
    /// class). Both blocking forms may take a response_metadata& to fill in; every form,
    /// call_options (see the class).
    template <class... Extra>
    auto delete_tags(const delete_tags_input& in, Extra&&... e) {
        return this->template call<machinelearning::delete_tags>(in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_delete_tags(const delete_tags_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::delete_tags>(in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_delete_tags(const delete_tags_input& in, Args&&... args) {
        return this->template async_call<machinelearning::delete_tags>(in,
                                                                       std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_delete_tags(const delete_tags_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::delete_tags>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name DescribeBatchPredictions
    /// \{

    /// DescribeBatchPredictions: Returns a list of BatchPrediction operations that match the search
    /// criteria in the request.
    ///
    /// describe_batch_predictions(input) returns the output or throws;
    /// try_describe_batch_predictions(input) returns an outcome instead;
    /// async_describe_batch_predictions and async_try_describe_batch_predictions take an Asio
    /// completion token (see the class). Both blocking forms may take a response_metadata& to fill
    /// in; every form, call_options (see the class).
    template <class... Extra>
    auto describe_batch_predictions(const describe_batch_predictions_input& in, Extra&&... e) {
        return this->template call<machinelearning::describe_batch_predictions>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_describe_batch_predictions(const describe_batch_predictions_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::describe_batch_predictions>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_describe_batch_predictions(const describe_batch_predictions_input& in,
                                          Args&&... args) {
        return this->template async_call<machinelearning::describe_batch_predictions>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_describe_batch_predictions(const describe_batch_predictions_input& in,
                                              Args&&... args) {
        return this->template async_try_call<machinelearning::describe_batch_predictions>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name DescribeDataSources
    /// \{

    /// DescribeDataSources: Returns a list of DataSource that match the search criteria in the
    /// request.
    ///
    /// describe_data_sources(input) returns the output or throws; try_describe_data_sources(input)
    /// returns an outcome instead; async_describe_data_sources and async_try_describe_data_sources
    /// take an Asio completion token (see the class). Both blocking forms may take a
    /// response_metadata& to fill in; every form, call_options (see the class).
    template <class... Extra>
    auto describe_data_sources(const describe_data_sources_input& in, Extra&&... e) {
        return this->template call<machinelearning::describe_data_sources>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_describe_data_sources(const describe_data_sources_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::describe_data_sources>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_describe_data_sources(const describe_data_sources_input& in, Args&&... args) {
        return this->template async_call<machinelearning::describe_data_sources>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_describe_data_sources(const describe_data_sources_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::describe_data_sources>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name DescribeEvaluations
    /// \{

    /// DescribeEvaluations: Returns a list of DescribeEvaluations that match the search criteria in
    /// the request.
    ///
    /// describe_evaluations(input) returns the output or throws; try_describe_evaluations(input)
    /// returns an outcome instead; async_describe_evaluations and async_try_describe_evaluations
    /// take an Asio completion token (see the class). Both blocking forms may take a
    /// response_metadata& to fill in; every form, call_options (see the class).
    template <class... Extra>
    auto describe_evaluations(const describe_evaluations_input& in, Extra&&... e) {
        return this->template call<machinelearning::describe_evaluations>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_describe_evaluations(const describe_evaluations_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::describe_evaluations>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_describe_evaluations(const describe_evaluations_input& in, Args&&... args) {
        return this->template async_call<machinelearning::describe_evaluations>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_describe_evaluations(const describe_evaluations_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::describe_evaluations>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name DescribeMLModels
    /// \{

    /// DescribeMLModels: Returns a list of MLModel that match the search criteria in the request.
    ///
    /// describe_ml_models(input) returns the output or throws; try_describe_ml_models(input)
    /// returns an outcome instead; async_describe_ml_models and async_try_describe_ml_models take
    /// an Asio completion token (see the class). Both blocking forms may take a response_metadata&
    /// to fill in; every form, call_options (see the class).
    template <class... Extra>
    auto describe_ml_models(const describe_ml_models_input& in, Extra&&... e) {
        return this->template call<machinelearning::describe_ml_models>(in,
                                                                        std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_describe_ml_models(const describe_ml_models_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::describe_ml_models>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_describe_ml_models(const describe_ml_models_input& in, Args&&... args) {
        return this->template async_call<machinelearning::describe_ml_models>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_describe_ml_models(const describe_ml_models_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::describe_ml_models>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name DescribeTags
    /// \{

    /// DescribeTags: Describes one or more of the tags for your Amazon ML object.
    ///
    /// describe_tags(input) returns the output or throws; try_describe_tags(input) returns an
    /// outcome instead; async_describe_tags and async_try_describe_tags take an Asio completion
    /// token (see the class). Both blocking forms may take a response_metadata& to fill in; every
    /// form, call_options (see the class).
    template <class... Extra>
    auto describe_tags(const describe_tags_input& in, Extra&&... e) {
        return this->template call<machinelearning::describe_tags>(in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_describe_tags(const describe_tags_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::describe_tags>(in,
                                                                       std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_describe_tags(const describe_tags_input& in, Args&&... args) {
        return this->template async_call<machinelearning::describe_tags>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_describe_tags(const describe_tags_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::describe_tags>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name GetBatchPrediction
    /// \{

    /// GetBatchPrediction: Returns a BatchPrediction that includes detailed metadata, status, and
    /// data file information for a Batch Prediction request.
    ///
    /// get_batch_prediction(input) returns the output or throws; try_get_batch_prediction(input)
    /// returns an outcome instead; async_get_batch_prediction and async_try_get_batch_prediction
    /// take an Asio completion token (see the class). Both blocking forms may take a
    /// response_metadata& to fill in; every form, call_options (see the class).
    template <class... Extra>
    auto get_batch_prediction(const get_batch_prediction_input& in, Extra&&... e) {
        return this->template call<machinelearning::get_batch_prediction>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_get_batch_prediction(const get_batch_prediction_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::get_batch_prediction>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_get_batch_prediction(const get_batch_prediction_input& in, Args&&... args) {
        return this->template async_call<machinelearning::get_batch_prediction>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_get_batch_prediction(const get_batch_prediction_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::get_batch_prediction>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name GetDataSource
    /// \{

    /// GetDataSource: Returns a DataSource that includes metadata and data file information, as
    /// well as the current status of the DataSource.
    ///
    /// get_data_source(input) returns the output or throws; try_get_data_source(input) returns an
    /// outcome instead; async_get_data_source and async_try_get_data_source take an Asio completion
    /// token (see the class). Both blocking forms may take a response_metadata& to fill in; every
    /// form, call_options (see the class).
    template <class... Extra>
    auto get_data_source(const get_data_source_input& in, Extra&&... e) {
        return this->template call<machinelearning::get_data_source>(in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_get_data_source(const get_data_source_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::get_data_source>(in,
                                                                         std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_get_data_source(const get_data_source_input& in, Args&&... args) {
        return this->template async_call<machinelearning::get_data_source>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_get_data_source(const get_data_source_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::get_data_source>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name GetEvaluation
    /// \{

    /// GetEvaluation: Returns an Evaluation that includes metadata as well as the current status of
    /// the Evaluation.
    ///
    /// get_evaluation(input) returns the output or throws; try_get_evaluation(input) returns an
    /// outcome instead; async_get_evaluation and async_try_get_evaluation take an Asio completion
    /// token (see the class). Both blocking forms may take a response_metadata& to fill in; every
    /// form, call_options (see the class).
    template <class... Extra>
    auto get_evaluation(const get_evaluation_input& in, Extra&&... e) {
        return this->template call<machinelearning::get_evaluation>(in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_get_evaluation(const get_evaluation_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::get_evaluation>(in,
                                                                        std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_get_evaluation(const get_evaluation_input& in, Args&&... args) {
        return this->template async_call<machinelearning::get_evaluation>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_get_evaluation(const get_evaluation_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::get_evaluation>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name GetMLModel
    /// \{

    /// GetMLModel: Returns an MLModel that includes detailed metadata, data source information, and
    /// the current status of the MLModel.
    ///
    /// get_ml_model(input) returns the output or throws; try_get_ml_model(input) returns an outcome
    /// instead; async_get_ml_model and async_try_get_ml_model take an Asio completion token (see
    /// the class). Both blocking forms may take a response_metadata& to fill in; every form,
    /// call_options (see the class).
    template <class... Extra>
    auto get_ml_model(const get_ml_model_input& in, Extra&&... e) {
        return this->template call<machinelearning::get_ml_model>(in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_get_ml_model(const get_ml_model_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::get_ml_model>(in,
                                                                      std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_get_ml_model(const get_ml_model_input& in, Args&&... args) {
        return this->template async_call<machinelearning::get_ml_model>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_get_ml_model(const get_ml_model_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::get_ml_model>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name Predict
    /// \{

    /// Predict: Generates a prediction for the observation using the specified ML Model.
    ///
    /// predict(input) returns the output or throws; try_predict(input) returns an outcome instead;
    /// async_predict and async_try_predict take an Asio completion token (see the class). Both
    /// blocking forms may take a response_metadata& to fill in; every form, call_options (see the
    /// class).
    template <class... Extra>
    auto predict(const predict_input& in, Extra&&... e) {
        return this->template call<machinelearning::predict>(in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_predict(const predict_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::predict>(in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_predict(const predict_input& in, Args&&... args) {
        return this->template async_call<machinelearning::predict>(in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_predict(const predict_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::predict>(in,
                                                                       std::forward<Args>(args)...);
    }
    /// \}

    /// \name UpdateBatchPrediction
    /// \{

    /// UpdateBatchPrediction: Updates the BatchPredictionName of a BatchPrediction.
    ///
    /// update_batch_prediction(input) returns the output or throws;
    /// try_update_batch_prediction(input) returns an outcome instead; async_update_batch_prediction
    /// and async_try_update_batch_prediction take an Asio completion token (see the class). Both
    /// blocking forms may take a response_metadata& to fill in; every form, call_options (see the
    /// class).
    template <class... Extra>
    auto update_batch_prediction(const update_batch_prediction_input& in, Extra&&... e) {
        return this->template call<machinelearning::update_batch_prediction>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_update_batch_prediction(const update_batch_prediction_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::update_batch_prediction>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_update_batch_prediction(const update_batch_prediction_input& in, Args&&... args) {
        return this->template async_call<machinelearning::update_batch_prediction>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_update_batch_prediction(const update_batch_prediction_input& in,
                                           Args&&... args) {
        return this->template async_try_call<machinelearning::update_batch_prediction>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name UpdateDataSource
    /// \{

    /// UpdateDataSource: Updates the DataSourceName of a DataSource.
    ///
    /// update_data_source(input) returns the output or throws; try_update_data_source(input)
    /// returns an outcome instead; async_update_data_source and async_try_update_data_source take
    /// an Asio completion token (see the class). Both blocking forms may take a response_metadata&
    /// to fill in; every form, call_options (see the class).
    template <class... Extra>
    auto update_data_source(const update_data_source_input& in, Extra&&... e) {
        return this->template call<machinelearning::update_data_source>(in,
                                                                        std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_update_data_source(const update_data_source_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::update_data_source>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_update_data_source(const update_data_source_input& in, Args&&... args) {
        return this->template async_call<machinelearning::update_data_source>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_update_data_source(const update_data_source_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::update_data_source>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name UpdateEvaluation
    /// \{

    /// UpdateEvaluation: Updates the EvaluationName of an Evaluation.
    ///
    /// update_evaluation(input) returns the output or throws; try_update_evaluation(input) returns
    /// an outcome instead; async_update_evaluation and async_try_update_evaluation take an Asio
    /// completion token (see the class). Both blocking forms may take a response_metadata& to fill
    /// in; every form, call_options (see the class).
    template <class... Extra>
    auto update_evaluation(const update_evaluation_input& in, Extra&&... e) {
        return this->template call<machinelearning::update_evaluation>(in,
                                                                       std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_update_evaluation(const update_evaluation_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::update_evaluation>(
            in, std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_update_evaluation(const update_evaluation_input& in, Args&&... args) {
        return this->template async_call<machinelearning::update_evaluation>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_update_evaluation(const update_evaluation_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::update_evaluation>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name UpdateMLModel
    /// \{

    /// UpdateMLModel: Updates the MLModelName and the ScoreThreshold of an MLModel.
    ///
    /// update_ml_model(input) returns the output or throws; try_update_ml_model(input) returns an
    /// outcome instead; async_update_ml_model and async_try_update_ml_model take an Asio completion
    /// token (see the class). Both blocking forms may take a response_metadata& to fill in; every
    /// form, call_options (see the class).
    template <class... Extra>
    auto update_ml_model(const update_ml_model_input& in, Extra&&... e) {
        return this->template call<machinelearning::update_ml_model>(in, std::forward<Extra>(e)...);
    }
    template <class... Extra>
    auto try_update_ml_model(const update_ml_model_input& in, Extra&&... e) {
        return this->template try_call<machinelearning::update_ml_model>(in,
                                                                         std::forward<Extra>(e)...);
    }
    template <class... Args>
    auto async_update_ml_model(const update_ml_model_input& in, Args&&... args) {
        return this->template async_call<machinelearning::update_ml_model>(
            in, std::forward<Args>(args)...);
    }
    template <class... Args>
    auto async_try_update_ml_model(const update_ml_model_input& in, Args&&... args) {
        return this->template async_try_call<machinelearning::update_ml_model>(
            in, std::forward<Args>(args)...);
    }
    /// \}

    /// \name Paginators
    /// \{

    /// Every page of a Describe* operation, walked lazily (runtime/paginator.hpp): iterate the
    /// result for each item, across pages; each page is one call, sent when the iteration reaches
    /// it, with the input's NextToken set from the previous answer. An iteration step throws what
    /// the throwing call would. `options` caps the page size and the number of items.
    auto paginate_describe_batch_predictions(const describe_batch_predictions_input& in,
                                             page_options options = {}) {
        return this->template paginate<machinelearning::describe_batch_predictions>(in, options);
    }
    auto paginate_describe_data_sources(const describe_data_sources_input& in,
                                        page_options options = {}) {
        return this->template paginate<machinelearning::describe_data_sources>(in, options);
    }
    auto paginate_describe_evaluations(const describe_evaluations_input& in,
                                       page_options options = {}) {
        return this->template paginate<machinelearning::describe_evaluations>(in, options);
    }
    auto paginate_describe_ml_models(const describe_ml_models_input& in,
                                     page_options options = {}) {
        return this->template paginate<machinelearning::describe_ml_models>(in, options);
    }
    /// \}
};

/// The client most programs want: blocking calls over awsml's own HTTP/1.1 + TLS transport.
///     awsml::client c{{.region = "us-east-1"}};
using client = basic_client<asio_http_transport>;

} // namespace awsml::machinelearning

#ifdef AWSML_SEPARATE_COMPILATION
// Compiled once, in the translation unit that includes <awsml/src.hpp>.
extern template class awsml::service_client<awsml::machinelearning::service,
                                            awsml::asio_http_transport>;
extern template struct awsml::detail::service_codecs<awsml::machinelearning::service>;
extern template class awsml::detail::async_call_driver<awsml::asio_http_transport>;
#endif
