#pragma once

// The separate compilation mode, as Asio and Boost.JSON offer it: define
// AWSML_SEPARATE_COMPILATION everywhere and include this header in exactly one translation unit
// of the program (meson's `-Dcompiled=true` and CMake's AWSML_COMPILED do both). The client's
// call paths over awsml's own transport (blocking and asynchronous), the same for every
// operation, and every operation's reading, writing and checking of its shapes are then compiled
// here once; users' translation units see them declared `extern template`. So are the library's
// non-template functions that are costly to compile (the impl/*.ipp files below: settings, the
// shared config, SigV4, the transport, the JSON decoder, ...), which users' translation units
// see declared AWSML_DECL.

#ifndef AWSML_SEPARATE_COMPILATION
#error "<awsml/src.hpp> is for the separate compilation mode: define AWSML_SEPARATE_COMPILATION"
#endif

#include <awsml/awsml.hpp>

// The functions declared AWSML_DECL (core/detail/separate_compilation.hpp), defined here once.
#include <awsml/auth/detail/impl/crypto.ipp>
#include <awsml/auth/detail/impl/dpop_proof.ipp>
#include <awsml/auth/detail/impl/sigv4_canonical.ipp>
#include <awsml/auth/impl/sigv4.ipp>
#include <awsml/auth/impl/sigv4_signing_key.ipp>
#include <awsml/auth/impl/sigv4_verify.ipp>
#include <awsml/config/detail/impl/partitions.ipp>
#include <awsml/config/impl/endpoint.ipp>
#include <awsml/config/impl/shared_config.ipp>
#include <awsml/http/impl/asio_transport.ipp>
#include <awsml/http/impl/proxy.ipp>
#include <awsml/machinelearning/impl/data_schema.ipp>
#include <awsml/machinelearning/impl/recipe.ipp>
#include <awsml/model/detail/impl/json_decoder.ipp>
#include <awsml/model/impl/timestamp.ipp>
#include <awsml/runtime/detail/impl/call_state.ipp>
#include <awsml/runtime/detail/impl/client_settings.ipp>
#include <awsml/runtime/detail/impl/secret_redaction.ipp>
#include <awsml/runtime/impl/service_error.ipp>

template class awsml::service_client<awsml::machinelearning::service, awsml::asio_http_transport>;
template struct awsml::detail::service_codecs<awsml::machinelearning::service>;
template class awsml::detail::async_call_driver<awsml::asio_http_transport>;
