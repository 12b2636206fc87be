#pragma once

/// \file
/// How an operation is declared, once: its wire name, input, output and modeled errors.
///
///     struct get_ml_model : awsml::operation<"GetMLModel", get_ml_model_input,
///                                            get_ml_model_output, invalid_input_exception,
///                                            resource_not_found_exception,
///                                            internal_server_exception> {};
///
/// From that declaration templates derive the client's calls (call<Op>, try_call<Op>,
/// async_call<Op>, async_try_call<Op>), the error decoder and the exceptions
/// (modeled_service_error<Shape>), the stub transport's typed expectations and the emulator's
/// routing. An operation sent somewhere other than the client's endpoint also declares the input
/// member that holds the URL: `static constexpr auto endpoint = &input::predict_endpoint;`.

#include <awsml/core/detail/separate_compilation.hpp>
#include <awsml/core/fixed_string.hpp>
#include <awsml/http/message.hpp>
#include <awsml/model/from_json.hpp>
#include <awsml/model/redact.hpp>
#include <awsml/model/shape.hpp>
#include <awsml/model/to_json.hpp>
#include <awsml/model/validate.hpp>
#include <awsml/runtime/call_failure.hpp>
#include <awsml/runtime/service.hpp>

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace awsml {

/// An operation's declaration: derive from it, and the client's calls, the error decoder, the stub
/// transport's expectations and the emulator's dispatch all follow from the derived type.
/// Compile-time checks say what is missing (a shape not described, an error without its wire
/// name).
/// \tparam Name the wire name, sent in X-Amz-Target ("GetMLModel")
/// \tparam Input,Output the request and answer shapes (AWSML_SHAPE)
/// \tparam Errors the modeled error shapes, each with its shape_wire_name
template <fixed_string Name, class Input, class Output, class... Errors>
struct operation {
    static_assert(!Name.view().empty(), "awsml::operation: the operation needs its wire name");
    static_assert(detail::described_shape<Input>,
                  "awsml::operation: the input must be a shape described with AWSML_SHAPE");
    static_assert(detail::described_shape<Output>,
                  "awsml::operation: the output must be a shape described with AWSML_SHAPE");
    static_assert((detail::described_shape<Errors> && ...),
                  "awsml::operation: every error must be a shape described with AWSML_SHAPE");
    static_assert((detail::named_shape<Errors> && ...),
                  "awsml::operation: every error shape needs its wire name "
                  "(awsml::shape_wire_name<Shape> = \"...Exception\")");

    static constexpr std::string_view name = Name.view(); ///< the wire name, e.g. "GetMLModel"
    using input = Input;                                  ///< the request shape
    using output = Output;                                ///< the answer shape
    /// The modeled errors, each thrown as modeled_service_error<Shape> by the throwing calls.
    using errors = boost::mp11::mp_list<Errors...>;
};

/// A type declared with awsml::operation.
template <class Op>
concept operation_description = requires {
    { Op::name } -> std::convertible_to<std::string_view>;
    typename Op::input;
    typename Op::output;
    typename Op::errors;
};

namespace detail {

/// The body of the operation's modeled error that `code` names; empty for any other code. A
/// body that does not fit the shape still leaves the error typed (its message comes from the
/// error response itself).
template <operation_description Op>
modeled_error_body decode_modeled_error(std::string_view code, const http_response& response) {
    modeled_error_body body;
    boost::mp11::mp_for_each<
        boost::mp11::mp_transform<boost::mp11::mp_identity, typename Op::errors>>(
        [&](auto identity) {
            using shape = typename decltype(identity)::type;
            if (body || code != shape_wire_name<shape>)
                return;
            shape decoded;
            decode_failure ignored;
            from_json_into(response.body.empty() ? std::string_view("{}") : response.body, decoded,
                           ignored);
            body = modeled_error_body::of(std::move(decoded));
        });
    return body;
}

/// What the generic call path needs of an operation, as plain functions: one call path serves
/// every operation, and is compiled once (AWSML_SEPARATE_COMPILATION).
struct operation_codec {
    std::string_view name;
    std::vector<violation> (*validate)(const void* input);
    std::string (*encode)(const void* input);
    bool (*decode)(std::string_view body, void* output, decode_failure& failure);
    modeled_error_body (*decode_error)(std::string_view code, const http_response& response);
    /// Where the request goes instead of the client's endpoint (empty: the client's endpoint).
    std::string_view (*endpoint)(const void* input);
    /// The input member that names that endpoint (empty when the operation has none).
    std::string_view endpoint_member;
    /// The request body as logs show it, sensitive members redacted; null when the input has
    /// no sensitive member (the body itself is then shown).
    std::string (*encode_for_log)(const void* input);
};

template <operation_description Op>
inline constexpr operation_codec codec_of{
    Op::name,
    [](const void* input) {
        return awsml::validate(*static_cast<const typename Op::input*>(input));
    },
    [](const void* input) { return to_json(*static_cast<const typename Op::input*>(input)); },
    // Called once per call, on the value-initialised output the call was given.
    [](std::string_view body, void* output, decode_failure& failure) {
        return decode_json_fresh(body, *static_cast<typename Op::output*>(output), decode_options{},
                                 failure);
    },
    &decode_modeled_error<Op>,
    [](const void* input) -> std::string_view {
        if constexpr (requires { Op::endpoint; })
            return static_cast<const typename Op::input*>(input)->*Op::endpoint;
        else
            return {};
    },
    [] {
        if constexpr (requires { Op::endpoint; })
            return detail::wire_name_of<Op::endpoint>();
        else
            return std::string_view();
    }(),
    has_sensitive_members<typename Op::input>()
        ? +[](const void* input) {
              auto shown = *static_cast<const typename Op::input*>(input);
              redact_sensitive(shown);
              return to_json(shown);
          }
        : nullptr,
};

/// The codecs of all of a service's operations, behind one function that is not a template of
/// the operation: the separate compilation mode instantiates it once (src.hpp), and users'
/// translation units, which see it declared `extern template`, never instantiate the reading,
/// writing and checking of the service's shapes.
template <service_description Service>
struct service_codecs {
    static const operation_codec& at(std::size_t operation_index);
};

template <service_description Service>
const operation_codec& service_codecs<Service>::at(std::size_t operation_index) {
    static constexpr auto table = []<class... Ops>(boost::mp11::mp_list<Ops...>) {
        return std::array<operation_codec, sizeof...(Ops)>{codec_of<Ops>...};
    }(typename Service::operations{});
    return table[operation_index];
}

/// Op's codec as a client of Service reaches it. In the separate compilation mode through the
/// service's table, compiled once, when Op is one of its operations; otherwise directly, so that
/// a header-only translation unit instantiates the codecs of the operations it calls, not all.
template <service_description Service, operation_description Op>
const operation_codec& codec_for() {
    using operations = typename Service::operations;
    if constexpr (separate_compilation && boost::mp11::mp_contains<operations, Op>::value)
        return service_codecs<Service>::at(boost::mp11::mp_find<operations, Op>::value);
    else
        return codec_of<Op>;
}

} // namespace detail
} // namespace awsml
