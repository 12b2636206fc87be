#pragma once

// The Amazon Machine Learning client: the generic service client (runtime/client.hpp) with a
// named member for each form of each operation. Each is one line over the operation's
// declaration in service.hpp:
//   get_ml_model(input[, metadata])          throws the operation's modeled errors
//   try_get_ml_model(input[, metadata])      returns outcome<get_ml_model_output>
//   async_get_ml_model(input, token)         completes with void(std::exception_ptr, output)
//   async_try_get_ml_model(input, token)     completes with void(outcome<output>)

#include <awsml/http/asio_transport.hpp>
#include <awsml/machinelearning/endpoint.hpp>
#include <awsml/machinelearning/service.hpp>
#include <awsml/runtime/client.hpp>

namespace awsml::machinelearning {

template <http_transport Transport = asio_http_transport>
class basic_client : public service_client<service, Transport> {
    using base = service_client<service, Transport>;

public:
    using base::base;

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
};

/// The client most programs want: blocking calls over awsml's own HTTP/1.1 + TLS transport.
///     awsml::client c{{.region = "us-east-1"}};
using client = basic_client<asio_http_transport>;

} // namespace awsml::machinelearning

#ifdef AWSML_SEPARATE_COMPILATION
// Compiled once, in the translation unit that includes <awsml/src.hpp>.
extern template class awsml::service_client<awsml::machinelearning::service,
                                            awsml::asio_http_transport>;
#endif
