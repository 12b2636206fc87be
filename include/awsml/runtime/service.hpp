#pragma once

/// \file
/// A service's identity on the wire: everything the generic runtime needs to know about one AWS
/// JSON service, given once by the service's folder (e.g. awsml/machinelearning/service.hpp).

#include <string_view>

namespace awsml {

/// The names one AWS JSON service goes by on the wire (a service_description's `identity`).
struct service_identity {
    /// The SDKs' service id ("Machine Learning"): names AWS_ENDPOINT_URL_<ID> and the
    /// [services] key of the shared config file.
    std::string_view service_id;
    /// awsJson1_1's X-Amz-Target prefix, without the dot ("AmazonML_20141212").
    std::string_view target_prefix;
    /// The SigV4 signing name ("machinelearning").
    std::string_view signing_name;
    /// The first label of the service's regional endpoints ("machinelearning").
    std::string_view endpoint_prefix;
    /// The API version ("2014-12-12"), for the user agent.
    std::string_view api_version;
};

/// A service description: a type with `static constexpr service_identity identity` and
/// `using operations = boost::mp11::mp_list<...>`.
template <class S>
concept service_description = requires {
    { S::identity } -> std::convertible_to<const service_identity&>;
    typename S::operations;
};

} // namespace awsml
