#pragma once

/// \file
/// Everything public in awsml: the runtime and the Amazon Machine Learning service.

#include <awsml/auth/credentials.hpp>
#include <awsml/auth/credentials_provider.hpp>
#include <awsml/auth/sigv4.hpp>
#include <awsml/auth/sigv4_chunks.hpp> // chunk-signed bodies (S3 streaming uploads)
#include <awsml/auth/sigv4_verify.hpp> // for servers; kept here so that users of awsml.hpp keep it
#include <awsml/config/endpoint.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/version.hpp>
#include <awsml/http/asio_transport.hpp>
#include <awsml/http/decorated_transport.hpp>
#include <awsml/http/message.hpp>
#include <awsml/http/proxy.hpp>
#include <awsml/http/stub_transport.hpp>
#include <awsml/http/transport.hpp>
#include <awsml/http/transport_config.hpp>
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
#include <awsml/runtime/call_options.hpp>
#include <awsml/runtime/client_config.hpp>
#include <awsml/runtime/hooks.hpp>
#include <awsml/runtime/retry.hpp>
#include <awsml/runtime/service_error.hpp>

/// \namespace awsml
/// The runtime shared by AWS JSON services: the error vocabulary, HTTP messages and transports,
/// credentials and configuration, shapes and their JSON, the generic client with its retries,
/// paginators, waiters and hooks. Amazon Machine Learning itself is in awsml::machinelearning.

/// \namespace awsml::machinelearning
/// Amazon Machine Learning: its shapes, 28 operations, waiters and endpoint, the client
/// (awsml::machinelearning::client), and its data schema and recipe documents.

/// \namespace awsml::machinelearning::constraints
/// The model's named constraints (EntityId, S3Url, ...), shared by the shapes' members.

/// \namespace awsml::sigv4
/// AWS Signature Version 4: signing and presigning requests, verifying received signatures.
