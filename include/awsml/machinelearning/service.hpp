#pragma once

// Amazon Machine Learning as the runtime sees it: its identity on the wire and its operations,
// each declared once (wire name, input, output, modeled errors). Adding an operation is its
// shapes in shapes.hpp, one declaration here, its entry in `operations`, and one line per call
// form in client.hpp.

#include <awsml/machinelearning/shapes.hpp>
#include <awsml/runtime/call_failure.hpp>
#include <awsml/runtime/operation.hpp>
#include <awsml/runtime/service.hpp>

#include <boost/mp11/list.hpp>

namespace awsml::machinelearning {

struct get_ml_model
    : operation<"GetMLModel", get_ml_model_input, get_ml_model_output, invalid_input_exception,
                resource_not_found_exception, internal_server_exception> {};

struct describe_ml_models
    : operation<"DescribeMLModels", describe_ml_models_input, describe_ml_models_output,
                invalid_input_exception, internal_server_exception> {};

struct service {
    static constexpr service_identity identity{
        .service_id = "Machine Learning",
        .target_prefix = "AmazonML_20141212",
        .signing_name = "machinelearning",
        .endpoint_prefix = "machinelearning",
        .api_version = "2014-12-12",
    };
    using operations = boost::mp11::mp_list<get_ml_model, describe_ml_models>;
};

// The exceptions the throwing calls raise for the modeled errors.
using invalid_input_error = modeled_service_error<invalid_input_exception>;
using resource_not_found_error = modeled_service_error<resource_not_found_exception>;
using internal_server_error = modeled_service_error<internal_server_exception>;
using limit_exceeded_error = modeled_service_error<limit_exceeded_exception>;

} // namespace awsml::machinelearning
