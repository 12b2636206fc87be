#pragma once

/// \file
/// Where Amazon Machine Learning's requests go: its endpoint rule set (endpoint-rule-set-1.json),
/// the standard regional one with the endpoint prefix "machinelearning".

#include <awsml/config/endpoint.hpp>
#include <awsml/machinelearning/service.hpp>

namespace awsml::machinelearning {

/// Amazon ML's endpoint for `params`, or the rule set's error: "https://machinelearning.
/// us-east-1.amazonaws.com" for the region us-east-1.
inline endpoint_result<resolved_endpoint> try_resolve_endpoint(const endpoint_params& params) {
    return try_resolve_service_endpoint(service::identity.endpoint_prefix, params);
}

/// Throws awsml::error (code errc::endpoint_error) when the parameters resolve to an error.
inline resolved_endpoint resolve_endpoint(const endpoint_params& params) {
    return try_resolve_endpoint(params).value();
}

/// The non-throwing form: on failure `ec` is set (errc::endpoint_error) and an empty endpoint
/// is returned. Use try_resolve_endpoint to keep the message.
inline resolved_endpoint resolve_endpoint(const endpoint_params& params, std::error_code& ec) {
    auto result = try_resolve_endpoint(params);
    if (!result) {
        ec = result.error().code;
        return {};
    }
    ec.clear();
    return std::move(*result);
}

} // namespace awsml::machinelearning
