#pragma once

// Everything public in awsml: the runtime and the Amazon Machine Learning service.

#include <awsml/auth/credentials.hpp>
#include <awsml/auth/credentials_provider.hpp>
#include <awsml/auth/sigv4.hpp>
#include <awsml/auth/sigv4_verify.hpp> // for servers; kept here so that users of awsml.hpp keep it
#include <awsml/config/endpoint.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/version.hpp>
#include <awsml/http/message.hpp>
#include <awsml/http/stub_transport.hpp>
#include <awsml/http/transport.hpp>
#include <awsml/machinelearning/client.hpp>
#include <awsml/machinelearning/recipe.hpp>
#include <awsml/model/blob.hpp>
#include <awsml/model/from_json.hpp>
#include <awsml/model/open_enum.hpp>
#include <awsml/model/shape.hpp>
#include <awsml/model/timestamp.hpp>
#include <awsml/model/to_json.hpp>
#include <awsml/model/validate.hpp>
#include <awsml/runtime/call_failure.hpp>
#include <awsml/runtime/client_config.hpp>
#include <awsml/runtime/hooks.hpp>
#include <awsml/runtime/retry.hpp>
#include <awsml/runtime/service_error.hpp>
