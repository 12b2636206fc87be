#pragma once

/// \file
/// Amazon ML's waiters, each declared once. The first four are the model's (waiters-2.json):
/// they poll a Describe* query until every result is COMPLETED, or any is FAILED, every 30 s, at
/// most 60 times. The others wait on one resource's own Get* answer, which no AWS SDK offers:
///     client.wait<ml_model_completed>({.ml_model_id = "ml-123"});
///     client.wait<realtime_endpoint_ready>({.ml_model_id = "ml-123"}, {.delay = 5s});
/// Delays and attempts are waiter_options; see runtime/waiter.hpp for the forms and endings.

#include <awsml/machinelearning/service.hpp>
#include <awsml/runtime/waiter.hpp>

#include <boost/mp11/list.hpp>

namespace awsml::machinelearning {

/// The model's Describe* waiters: Results[].Status all COMPLETED, or any FAILED.
template <fixed_string Name, class Op, auto Id, auto Status, auto Message>
using all_results_completed = awsml::waiter<
    Name, Op,
    all_results_status<&Op::output::results, member_path<Status>, member_path<Id>,
                       member_path<Message>, entity_status::COMPLETED, entity_status::FAILED>,
    30, 60>;

/// One resource's Get*: COMPLETED, or FAILED or DELETED.
template <fixed_string Name, class Op>
using resource_completed = awsml::waiter<
    Name, Op,
    status_reaches<member_path<&Op::output::status>, member_path<&Op::output::message>,
                   entity_status::COMPLETED, entity_status::FAILED, entity_status::DELETED>,
    30, 60>;

struct data_source_available : all_results_completed<"DataSourceAvailable", describe_data_sources,
                                                     &data_source::data_source_id,
                                                     &data_source::status, &data_source::message> {
};
struct ml_model_available
    : all_results_completed<"MLModelAvailable", describe_ml_models, &ml_model::ml_model_id,
                            &ml_model::status, &ml_model::message> {};
struct evaluation_available
    : all_results_completed<"EvaluationAvailable", describe_evaluations, &evaluation::evaluation_id,
                            &evaluation::status, &evaluation::message> {};
struct batch_prediction_available
    : all_results_completed<"BatchPredictionAvailable", describe_batch_predictions,
                            &batch_prediction::batch_prediction_id, &batch_prediction::status,
                            &batch_prediction::message> {};

struct data_source_completed : resource_completed<"DataSourceCompleted", get_data_source> {};
struct ml_model_completed : resource_completed<"MLModelCompleted", get_ml_model> {};
struct evaluation_completed : resource_completed<"EvaluationCompleted", get_evaluation> {};
struct batch_prediction_completed
    : resource_completed<"BatchPredictionCompleted", get_batch_prediction> {};

/// The model's real-time endpoint: READY; FAILED, or NONE (none was asked for, or it was
/// deleted: it cannot become READY), fail the wait. Polled every 5 s: it takes seconds.
struct realtime_endpoint_ready
    : awsml::waiter<"RealtimeEndpointReady", get_ml_model,
                    status_reaches<
                        member_path<&get_ml_model_output::endpoint_info,
                                    &realtime_endpoint_info::endpoint_status>,
                        member_path<&get_ml_model_output::message>, realtime_endpoint_status::READY,
                        realtime_endpoint_status::FAILED, realtime_endpoint_status::NONE>,
                    5, 60> {};

/// Every waiter above, for code that lists them (the CLI's `wait` commands).
using waiters =
    boost::mp11::mp_list<data_source_available, ml_model_available, evaluation_available,
                         batch_prediction_available, data_source_completed, ml_model_completed,
                         evaluation_completed, batch_prediction_completed, realtime_endpoint_ready>;

} // namespace awsml::machinelearning
