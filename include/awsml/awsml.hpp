#pragma once

// Everything public in awsml.

#include <awsml/blob.hpp>
#include <awsml/call_failure.hpp>
#include <awsml/client.hpp>
#include <awsml/client_config.hpp>
#include <awsml/credentials.hpp>
#include <awsml/endpoint.hpp>
#include <awsml/error.hpp>
#include <awsml/from_json.hpp>
#include <awsml/hooks.hpp>
#include <awsml/http.hpp>
#include <awsml/open_enum.hpp>
#include <awsml/retry.hpp>
#include <awsml/service_error.hpp>
#include <awsml/shape.hpp>
#include <awsml/shapes.hpp>
#include <awsml/sigv4.hpp>
#include <awsml/stub_transport.hpp>
#include <awsml/timestamp.hpp>
#include <awsml/to_json.hpp>
#include <awsml/transport.hpp>
#include <awsml/validate.hpp>
#include <awsml/version.hpp>
