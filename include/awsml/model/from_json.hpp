#pragma once

/// \file
/// JSON to shapes: awsml::from_json<T>(text) throws awsml::decode_error; try_from_json<T>(text)
/// returns a boost::system::result carrying a decode_failure; from_json<T>(text, ec) sets a
/// std::error_code. from_json(text, out) and from_json(text, out, ec) decode into an existing
/// value, reusing its memory. All share one decoder.

#include <awsml/core/error.hpp>
#include <awsml/model/detail/json_decoder.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <string_view>
#include <system_error>

namespace awsml {

/// Thrown when a document cannot be decoded: what() is "<path>: <reason>".
class decode_error : public error {
public:
    /// From the decoder's failure; what() is its message().
    explicit decode_error(decode_failure failure)
        : error(failure.code, failure.message())
        , failure_(std::move(failure)) {}

    /// Where in the document: a JSON path of wire names, e.g. "EndpointInfo.EndpointUrl" ("" for
    /// the document itself).
    const std::string& path() const noexcept { return failure_.path; }
    /// What was wrong there, e.g. "expected a string".
    const std::string& reason() const noexcept { return failure_.reason; }
    /// The byte offset in the document where decoding stopped.
    std::size_t offset() const noexcept { return failure_.offset; }
    /// All of the above, with the error code (errc::decode_failed and the like).
    const decode_failure& failure() const noexcept { return failure_; }

private:
    decode_failure failure_;
};

/// Lets boost::system::result<T, decode_failure>::value() throw decode_error.
[[noreturn]] inline void throw_exception_from_error(const decode_failure& failure,
                                                    const boost::source_location&) {
    throw decode_error(failure);
}

/// The non-throwing decoders' result: the value or the decode_failure.
template <class T>
using decode_result = boost::system::result<T, decode_failure>;

/// Decodes into an existing value (members absent from the document are left as they are).
/// On a decoding failure `out` holds what was decoded before it; when an exception (such as
/// std::bad_alloc) escapes, `out` is value-initialised.
template <detail::described_shape T>
bool from_json_into(std::string_view json, T& out, decode_failure& failure,
                    const decode_options& options = {}) {
    detail::value_sink root{&out, &detail::ops_for<T>(), nullptr, nullptr};
    try {
        return detail::decode_json(json, root, options, failure);
    } catch (...) {
        out = T{}; // a flat_map left mid-object would be unsorted
        throw;
    }
}

/// Decodes a shape from its JSON without throwing: unknown members are skipped, members absent
/// from the document stay unset, a wrong type or malformed JSON gives the failure with its path.
/// Constraints are not checked (see validate()).
template <detail::described_shape T>
decode_result<T> try_from_json(std::string_view json, const decode_options& options = {}) {
    T value{};
    decode_failure failure;
    if (!detail::decode_json_fresh(json, value, options, failure))
        return failure;
    return value;
}

/// Decodes a shape from its JSON, as try_from_json() does; throws decode_error on failure.
template <detail::described_shape T>
T from_json(std::string_view json, const decode_options& options = {}) {
    T value{};
    decode_failure failure;
    if (!detail::decode_json_fresh(json, value, options, failure))
        throw decode_error(std::move(failure));
    return value;
}

/// Decodes a shape into `out`, replacing the value it holds, as from_json<T>(json) would, but
/// in the memory `out` already has: strings, lists and maps present in the document keep
/// their capacity (and an optional present in both keeps its value's), so decoding responses
/// of one shape in a loop into one value stops allocating once the largest has been seen.
/// Members absent from the document are reset. A member appearing twice in one object ends as
/// from_json<T>(json) leaves it: an optional or scalar takes the last value, while a second
/// list (not in an optional) appends to the first, and a second map or structure merges into
/// it. Only what `out` holds as it is is reused: each new map entry or list element is built
/// afresh (with its strings). Throws decode_error on failure, with `out` value-initialised
/// (also when another exception, such as std::bad_alloc, escapes).
template <detail::described_shape T>
void from_json(std::string_view json, T& out, const decode_options& options = {}) {
    decode_failure failure;
    if (!detail::decode_json_reusing(json, out, options, failure))
        throw decode_error(std::move(failure));
}

/// As from_json(json, out) without throwing: on failure `ec` is set and `out`
/// value-initialised.
template <detail::described_shape T>
void from_json(std::string_view json, T& out, std::error_code& ec,
               const decode_options& options = {}) {
    decode_failure failure;
    if (detail::decode_json_reusing(json, out, options, failure))
        ec.clear();
    else
        ec = failure.code;
}

/// The non-throwing form: on failure `ec` is set and a default T is returned.
template <detail::described_shape T>
T from_json(std::string_view json, std::error_code& ec, const decode_options& options = {}) {
    T value{};
    decode_failure failure;
    if (detail::decode_json_fresh(json, value, options, failure)) {
        ec.clear();
        return value;
    }
    ec = failure.code;
    return T{};
}

} // namespace awsml
