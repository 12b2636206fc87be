#pragma once

/// \file
/// The Amazon Machine Learning client: the generic service client (runtime/client.hpp) with a
/// named member for each form of each operation. Each is one line over the operation's
/// declaration in service.hpp:
///   get_ml_model(input[, metadata])          throws the operation's modeled errors
///   try_get_ml_model(input[, metadata])      returns outcome<get_ml_model_output>
///   async_get_ml_model(input, token)         completes with void(std::exception_ptr, output)
///   async_try_get_ml_model(input, token)     completes with void(outcome<output>)

#include <awsml/http/asio_transport.hpp>
#include <awsml/machinelearning/endpoint.hpp>
#include <awsml/machinelearning/service.hpp>
#include <awsml/machinelearning/waiters.hpp>
#include <awsml/runtime/client.hpp>

namespace awsml::machinelearning {

template <http_transport Transport = asio_http_transport>
class basic_client : public service_client<service, Transport> {
    using base = service_client<service, Transport>;

public:
    using base::base;

    template <class... Metadata>
    auto add_tags(const add_tags_input& in, Metadata&... m) {
        return this->template call<machinelearning::add_tags>(in, m...);
    }
    template <class... Metadata>
    auto try_add_tags(const add_tags_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::add_tags>(in, m...);
    }
    template <class Token>
    auto async_add_tags(const add_tags_input& in, Token&& token) {
        return this->template async_call<machinelearning::add_tags>(in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_add_tags(const add_tags_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::add_tags>(in,
                                                                        std::forward<Token>(token));
    }

    template <class... Metadata>
    auto create_batch_prediction(const create_batch_prediction_input& in, Metadata&... m) {
        return this->template call<machinelearning::create_batch_prediction>(in, m...);
    }
    template <class... Metadata>
    auto try_create_batch_prediction(const create_batch_prediction_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::create_batch_prediction>(in, m...);
    }
    template <class Token>
    auto async_create_batch_prediction(const create_batch_prediction_input& in, Token&& token) {
        return this->template async_call<machinelearning::create_batch_prediction>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_create_batch_prediction(const create_batch_prediction_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::create_batch_prediction>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto create_data_source_from_rds(const create_data_source_from_rds_input& in, Metadata&... m) {
        return this->template call<machinelearning::create_data_source_from_rds>(in, m...);
    }
    template <class... Metadata>
    auto try_create_data_source_from_rds(const create_data_source_from_rds_input& in,
                                         Metadata&... m) {
        return this->template try_call<machinelearning::create_data_source_from_rds>(in, m...);
    }
    template <class Token>
    auto async_create_data_source_from_rds(const create_data_source_from_rds_input& in,
                                           Token&& token) {
        return this->template async_call<machinelearning::create_data_source_from_rds>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_create_data_source_from_rds(const create_data_source_from_rds_input& in,
                                               Token&& token) {
        return this->template async_try_call<machinelearning::create_data_source_from_rds>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto create_data_source_from_redshift(const create_data_source_from_redshift_input& in,
                                          Metadata&... m) {
        return this->template call<machinelearning::create_data_source_from_redshift>(in, m...);
    }
    template <class... Metadata>
    auto try_create_data_source_from_redshift(const create_data_source_from_redshift_input& in,
                                              Metadata&... m) {
        return this->template try_call<machinelearning::create_data_source_from_redshift>(in, m...);
    }
    template <class Token>
    auto async_create_data_source_from_redshift(const create_data_source_from_redshift_input& in,
                                                Token&& token) {
        return this->template async_call<machinelearning::create_data_source_from_redshift>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto
    async_try_create_data_source_from_redshift(const create_data_source_from_redshift_input& in,
                                               Token&& token) {
        return this->template async_try_call<machinelearning::create_data_source_from_redshift>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto create_data_source_from_s3(const create_data_source_from_s3_input& in, Metadata&... m) {
        return this->template call<machinelearning::create_data_source_from_s3>(in, m...);
    }
    template <class... Metadata>
    auto try_create_data_source_from_s3(const create_data_source_from_s3_input& in,
                                        Metadata&... m) {
        return this->template try_call<machinelearning::create_data_source_from_s3>(in, m...);
    }
    template <class Token>
    auto async_create_data_source_from_s3(const create_data_source_from_s3_input& in,
                                          Token&& token) {
        return this->template async_call<machinelearning::create_data_source_from_s3>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_create_data_source_from_s3(const create_data_source_from_s3_input& in,
                                              Token&& token) {
        return this->template async_try_call<machinelearning::create_data_source_from_s3>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto create_evaluation(const create_evaluation_input& in, Metadata&... m) {
        return this->template call<machinelearning::create_evaluation>(in, m...);
    }
    template <class... Metadata>
    auto try_create_evaluation(const create_evaluation_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::create_evaluation>(in, m...);
    }
    template <class Token>
    auto async_create_evaluation(const create_evaluation_input& in, Token&& token) {
        return this->template async_call<machinelearning::create_evaluation>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_create_evaluation(const create_evaluation_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::create_evaluation>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto create_ml_model(const create_ml_model_input& in, Metadata&... m) {
        return this->template call<machinelearning::create_ml_model>(in, m...);
    }
    template <class... Metadata>
    auto try_create_ml_model(const create_ml_model_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::create_ml_model>(in, m...);
    }
    template <class Token>
    auto async_create_ml_model(const create_ml_model_input& in, Token&& token) {
        return this->template async_call<machinelearning::create_ml_model>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_create_ml_model(const create_ml_model_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::create_ml_model>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto create_realtime_endpoint(const create_realtime_endpoint_input& in, Metadata&... m) {
        return this->template call<machinelearning::create_realtime_endpoint>(in, m...);
    }
    template <class... Metadata>
    auto try_create_realtime_endpoint(const create_realtime_endpoint_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::create_realtime_endpoint>(in, m...);
    }
    template <class Token>
    auto async_create_realtime_endpoint(const create_realtime_endpoint_input& in, Token&& token) {
        return this->template async_call<machinelearning::create_realtime_endpoint>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_create_realtime_endpoint(const create_realtime_endpoint_input& in,
                                            Token&& token) {
        return this->template async_try_call<machinelearning::create_realtime_endpoint>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto delete_batch_prediction(const delete_batch_prediction_input& in, Metadata&... m) {
        return this->template call<machinelearning::delete_batch_prediction>(in, m...);
    }
    template <class... Metadata>
    auto try_delete_batch_prediction(const delete_batch_prediction_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::delete_batch_prediction>(in, m...);
    }
    template <class Token>
    auto async_delete_batch_prediction(const delete_batch_prediction_input& in, Token&& token) {
        return this->template async_call<machinelearning::delete_batch_prediction>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_delete_batch_prediction(const delete_batch_prediction_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::delete_batch_prediction>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto delete_data_source(const delete_data_source_input& in, Metadata&... m) {
        return this->template call<machinelearning::delete_data_source>(in, m...);
    }
    template <class... Metadata>
    auto try_delete_data_source(const delete_data_source_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::delete_data_source>(in, m...);
    }
    template <class Token>
    auto async_delete_data_source(const delete_data_source_input& in, Token&& token) {
        return this->template async_call<machinelearning::delete_data_source>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_delete_data_source(const delete_data_source_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::delete_data_source>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto delete_evaluation(const delete_evaluation_input& in, Metadata&... m) {
        return this->template call<machinelearning::delete_evaluation>(in, m...);
    }
    template <class... Metadata>
    auto try_delete_evaluation(const delete_evaluation_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::delete_evaluation>(in, m...);
    }
    template <class Token>
    auto async_delete_evaluation(const delete_evaluation_input& in, Token&& token) {
        return this->template async_call<machinelearning::delete_evaluation>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_delete_evaluation(const delete_evaluation_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::delete_evaluation>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto delete_ml_model(const delete_ml_model_input& in, Metadata&... m) {
        return this->template call<machinelearning::delete_ml_model>(in, m...);
    }
    template <class... Metadata>
    auto try_delete_ml_model(const delete_ml_model_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::delete_ml_model>(in, m...);
    }
    template <class Token>
    auto async_delete_ml_model(const delete_ml_model_input& in, Token&& token) {
        return this->template async_call<machinelearning::delete_ml_model>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_delete_ml_model(const delete_ml_model_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::delete_ml_model>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto delete_realtime_endpoint(const delete_realtime_endpoint_input& in, Metadata&... m) {
        return this->template call<machinelearning::delete_realtime_endpoint>(in, m...);
    }
    template <class... Metadata>
    auto try_delete_realtime_endpoint(const delete_realtime_endpoint_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::delete_realtime_endpoint>(in, m...);
    }
    template <class Token>
    auto async_delete_realtime_endpoint(const delete_realtime_endpoint_input& in, Token&& token) {
        return this->template async_call<machinelearning::delete_realtime_endpoint>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_delete_realtime_endpoint(const delete_realtime_endpoint_input& in,
                                            Token&& token) {
        return this->template async_try_call<machinelearning::delete_realtime_endpoint>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto delete_tags(const delete_tags_input& in, Metadata&... m) {
        return this->template call<machinelearning::delete_tags>(in, m...);
    }
    template <class... Metadata>
    auto try_delete_tags(const delete_tags_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::delete_tags>(in, m...);
    }
    template <class Token>
    auto async_delete_tags(const delete_tags_input& in, Token&& token) {
        return this->template async_call<machinelearning::delete_tags>(in,
                                                                       std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_delete_tags(const delete_tags_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::delete_tags>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto describe_batch_predictions(const describe_batch_predictions_input& in, Metadata&... m) {
        return this->template call<machinelearning::describe_batch_predictions>(in, m...);
    }
    template <class... Metadata>
    auto try_describe_batch_predictions(const describe_batch_predictions_input& in,
                                        Metadata&... m) {
        return this->template try_call<machinelearning::describe_batch_predictions>(in, m...);
    }
    template <class Token>
    auto async_describe_batch_predictions(const describe_batch_predictions_input& in,
                                          Token&& token) {
        return this->template async_call<machinelearning::describe_batch_predictions>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_describe_batch_predictions(const describe_batch_predictions_input& in,
                                              Token&& token) {
        return this->template async_try_call<machinelearning::describe_batch_predictions>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto describe_data_sources(const describe_data_sources_input& in, Metadata&... m) {
        return this->template call<machinelearning::describe_data_sources>(in, m...);
    }
    template <class... Metadata>
    auto try_describe_data_sources(const describe_data_sources_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::describe_data_sources>(in, m...);
    }
    template <class Token>
    auto async_describe_data_sources(const describe_data_sources_input& in, Token&& token) {
        return this->template async_call<machinelearning::describe_data_sources>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_describe_data_sources(const describe_data_sources_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::describe_data_sources>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto describe_evaluations(const describe_evaluations_input& in, Metadata&... m) {
        return this->template call<machinelearning::describe_evaluations>(in, m...);
    }
    template <class... Metadata>
    auto try_describe_evaluations(const describe_evaluations_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::describe_evaluations>(in, m...);
    }
    template <class Token>
    auto async_describe_evaluations(const describe_evaluations_input& in, Token&& token) {
        return this->template async_call<machinelearning::describe_evaluations>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_describe_evaluations(const describe_evaluations_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::describe_evaluations>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto describe_ml_models(const describe_ml_models_input& in, Metadata&... m) {
        return this->template call<machinelearning::describe_ml_models>(in, m...);
    }
    template <class... Metadata>
    auto try_describe_ml_models(const describe_ml_models_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::describe_ml_models>(in, m...);
    }
    template <class Token>
    auto async_describe_ml_models(const describe_ml_models_input& in, Token&& token) {
        return this->template async_call<machinelearning::describe_ml_models>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_describe_ml_models(const describe_ml_models_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::describe_ml_models>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto describe_tags(const describe_tags_input& in, Metadata&... m) {
        return this->template call<machinelearning::describe_tags>(in, m...);
    }
    template <class... Metadata>
    auto try_describe_tags(const describe_tags_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::describe_tags>(in, m...);
    }
    template <class Token>
    auto async_describe_tags(const describe_tags_input& in, Token&& token) {
        return this->template async_call<machinelearning::describe_tags>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_describe_tags(const describe_tags_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::describe_tags>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto get_batch_prediction(const get_batch_prediction_input& in, Metadata&... m) {
        return this->template call<machinelearning::get_batch_prediction>(in, m...);
    }
    template <class... Metadata>
    auto try_get_batch_prediction(const get_batch_prediction_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::get_batch_prediction>(in, m...);
    }
    template <class Token>
    auto async_get_batch_prediction(const get_batch_prediction_input& in, Token&& token) {
        return this->template async_call<machinelearning::get_batch_prediction>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_get_batch_prediction(const get_batch_prediction_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::get_batch_prediction>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto get_data_source(const get_data_source_input& in, Metadata&... m) {
        return this->template call<machinelearning::get_data_source>(in, m...);
    }
    template <class... Metadata>
    auto try_get_data_source(const get_data_source_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::get_data_source>(in, m...);
    }
    template <class Token>
    auto async_get_data_source(const get_data_source_input& in, Token&& token) {
        return this->template async_call<machinelearning::get_data_source>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_get_data_source(const get_data_source_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::get_data_source>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto get_evaluation(const get_evaluation_input& in, Metadata&... m) {
        return this->template call<machinelearning::get_evaluation>(in, m...);
    }
    template <class... Metadata>
    auto try_get_evaluation(const get_evaluation_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::get_evaluation>(in, m...);
    }
    template <class Token>
    auto async_get_evaluation(const get_evaluation_input& in, Token&& token) {
        return this->template async_call<machinelearning::get_evaluation>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_get_evaluation(const get_evaluation_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::get_evaluation>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto get_ml_model(const get_ml_model_input& in, Metadata&... m) {
        return this->template call<machinelearning::get_ml_model>(in, m...);
    }
    template <class... Metadata>
    auto try_get_ml_model(const get_ml_model_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::get_ml_model>(in, m...);
    }
    template <class Token>
    auto async_get_ml_model(const get_ml_model_input& in, Token&& token) {
        return this->template async_call<machinelearning::get_ml_model>(in,
                                                                        std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_get_ml_model(const get_ml_model_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::get_ml_model>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto predict(const predict_input& in, Metadata&... m) {
        return this->template call<machinelearning::predict>(in, m...);
    }
    template <class... Metadata>
    auto try_predict(const predict_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::predict>(in, m...);
    }
    template <class Token>
    auto async_predict(const predict_input& in, Token&& token) {
        return this->template async_call<machinelearning::predict>(in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_predict(const predict_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::predict>(in,
                                                                       std::forward<Token>(token));
    }

    template <class... Metadata>
    auto update_batch_prediction(const update_batch_prediction_input& in, Metadata&... m) {
        return this->template call<machinelearning::update_batch_prediction>(in, m...);
    }
    template <class... Metadata>
    auto try_update_batch_prediction(const update_batch_prediction_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::update_batch_prediction>(in, m...);
    }
    template <class Token>
    auto async_update_batch_prediction(const update_batch_prediction_input& in, Token&& token) {
        return this->template async_call<machinelearning::update_batch_prediction>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_update_batch_prediction(const update_batch_prediction_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::update_batch_prediction>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto update_data_source(const update_data_source_input& in, Metadata&... m) {
        return this->template call<machinelearning::update_data_source>(in, m...);
    }
    template <class... Metadata>
    auto try_update_data_source(const update_data_source_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::update_data_source>(in, m...);
    }
    template <class Token>
    auto async_update_data_source(const update_data_source_input& in, Token&& token) {
        return this->template async_call<machinelearning::update_data_source>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_update_data_source(const update_data_source_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::update_data_source>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto update_evaluation(const update_evaluation_input& in, Metadata&... m) {
        return this->template call<machinelearning::update_evaluation>(in, m...);
    }
    template <class... Metadata>
    auto try_update_evaluation(const update_evaluation_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::update_evaluation>(in, m...);
    }
    template <class Token>
    auto async_update_evaluation(const update_evaluation_input& in, Token&& token) {
        return this->template async_call<machinelearning::update_evaluation>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_update_evaluation(const update_evaluation_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::update_evaluation>(
            in, std::forward<Token>(token));
    }

    template <class... Metadata>
    auto update_ml_model(const update_ml_model_input& in, Metadata&... m) {
        return this->template call<machinelearning::update_ml_model>(in, m...);
    }
    template <class... Metadata>
    auto try_update_ml_model(const update_ml_model_input& in, Metadata&... m) {
        return this->template try_call<machinelearning::update_ml_model>(in, m...);
    }
    template <class Token>
    auto async_update_ml_model(const update_ml_model_input& in, Token&& token) {
        return this->template async_call<machinelearning::update_ml_model>(
            in, std::forward<Token>(token));
    }
    template <class Token>
    auto async_try_update_ml_model(const update_ml_model_input& in, Token&& token) {
        return this->template async_try_call<machinelearning::update_ml_model>(
            in, std::forward<Token>(token));
    }

    // The paginators of the four Describe* operations (runtime/paginator.hpp).
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
#endif
