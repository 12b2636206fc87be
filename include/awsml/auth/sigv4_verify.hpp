#pragma once

/// \file
/// Verifying a received SigV4 signature: what a server does (the local emulator,
/// programs/awsml-local), not a client. Signing is in <awsml/auth/sigv4.hpp>.
///
///     auto lookup = [&](std::string_view access_key_id) -> std::optional<std::string> {...};
///     awsml::sigv4::verify_options options;
///     options.now = std::chrono::system_clock::now();
///     auto checked = awsml::sigv4::verify(request, lookup, options);
///     if (!checked) respond_403(checked.error().reason, checked.error().message);
///
/// Both forms are supported: the Authorization header, and a presigned query string. Failures
/// are results, not exceptions, because a bad signature is an expected input for a server; call
/// .value() to throw instead. Messages name what is wrong and never contain the secret, the
/// session token or a derived key.

#include <awsml/auth/detail/crypto.hpp>
#include <awsml/auth/detail/sigv4_canonical.hpp>
#include <awsml/auth/sigv4.hpp>
#include <awsml/auth/sigv4_signing_key.hpp>
#include <awsml/core/detail/separate_compilation.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/http/message.hpp>

#include <boost/system/result.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace awsml::sigv4 {

/// The signature fields of a request, from its Authorization header or presigned query.
struct authorization {
    std::string access_key_id;               ///< whose secret the verifier looks up
    std::string day;                         ///< yyyymmdd from the credential scope
    std::string region;                      ///< from the credential scope
    std::string service;                     ///< from the credential scope
    std::vector<std::string> signed_headers; ///< lowercase, sorted
    std::string signature;                   ///< 64 lowercase hex digits
    bool presigned = false;                  ///< came from the query string

    /// The credential scope, "day/region/service/aws4_request".
    std::string scope() const { return credential_scope(day, region, service); }

    friend std::ostream& operator<<(std::ostream& out, const authorization& a) {
        out << "authorization{access_key_id=" << a.access_key_id << ", scope=" << a.scope()
            << ", signed_headers=";
        for (std::size_t i = 0; i < a.signed_headers.size(); ++i)
            out << (i ? ";" : "") << a.signed_headers[i];
        return out << ", presigned=" << (a.presigned ? "true" : "false") << '}';
    }
};

/// Parses "AWS4-HMAC-SHA256 Credential=<id>/<day>/<region>/<service>/aws4_request,
/// SignedHeaders=<a;b>, Signature=<hex>" (components in any order, spaces after commas
/// optional).
AWSML_DECL boost::system::result<authorization, failure>
parse_authorization(std::string_view header_value);

/// How verify() checks a request; the defaults match what awsml's signer does for every service but
/// S3.
struct verify_options {
    /// Must match how the client canonicalised the path (false for S3-style signing).
    bool normalize_path = true;
    /// Must match the client's signing_options::encode_path (false for S3-style signing).
    bool encode_path = true;
    /// The verifier's clock; unset skips the time checks.
    std::optional<std::chrono::system_clock::time_point> now;
    /// How far X-Amz-Date may be from `now` (AWS allows 15 minutes).
    std::chrono::seconds max_clock_skew{15 * 60};
    /// The region and service the request must be signed for; empty accepts any.
    std::string_view region;
    /// The service the request must be signed for (e.g. "machinelearning"); empty accepts any.
    std::string_view service;
    /// A presigned query's X-Amz-Security-Token was added after signing
    /// (signing_options::omit_session_token), so it is not part of the canonical query.
    bool presigned_token_unsigned = false;
    /// The payload hash to check against; empty means the x-amz-content-sha256 header when the
    /// request has one (which must then match the body unless it is not a hash, such as
    /// UNSIGNED-PAYLOAD), else the SHA-256 of the body.
    std::string_view payload_hash;
};

/// Checks the request's signature against `secret_access_key` (the secret of the access key
/// named in the request). Returns the verified signature fields.
inline boost::system::result<authorization, failure> verify(const http_request& request,
                                                            std::string_view secret_access_key,
                                                            const verify_options& options = {});

/// A callable giving the secret of an access key id, or nullopt for an unknown key.
template <class F>
concept secret_lookup = std::is_invocable_r_v<std::optional<std::string>, F&, std::string_view>;

/// As above, asking `lookup(access_key_id)` for the secret.
template <secret_lookup SecretLookup>
boost::system::result<authorization, failure>
verify(const http_request& request, SecretLookup&& lookup, const verify_options& options = {});

} // namespace awsml::sigv4

namespace awsml::detail::sigv4 {

using awsml::sigv4::authorization;
using awsml::sigv4::verify_options;

AWSML_DECL std::optional<failure> parse_credential(std::string_view credential, authorization& out,
                                                   std::string_view where);

AWSML_DECL std::optional<failure> parse_signed_headers(std::string_view list, authorization& out,
                                                       std::string_view where);

AWSML_DECL std::optional<failure> parse_signature(std::string_view signature, authorization& out,
                                                  std::string_view where);

inline bool has_signed(const authorization& auth, std::string_view name) {
    return std::binary_search(auth.signed_headers.begin(), auth.signed_headers.end(), name);
}

AWSML_DECL std::string expected_payload_hash(const http_request& request,
                                             const verify_options& options,
                                             std::optional<failure>& problem);

AWSML_DECL std::optional<failure> check_time(const authorization& auth, std::string_view amz_date,
                                             std::optional<std::chrono::seconds> expires,
                                             const verify_options& options);

/// The checks and recomputation shared by both forms, once the fields are parsed.
template <class SecretLookup>
boost::system::result<authorization, failure>
check_signature(const http_request& request, authorization auth, std::string_view amz_date,
                const std::string& canonical_query_string,
                std::optional<std::chrono::seconds> expires, SecretLookup& lookup,
                const verify_options& options) {
    using namespace awsml::sigv4;
    if (!has_signed(auth, "host"))
        return malformed("the signed headers do not include host, which must be signed");
    if ((!options.region.empty() && auth.region != options.region) ||
        (!options.service.empty() && auth.service != options.service))
        return make_failure(
            failure_reason::wrong_scope, errc::signature_error,
            "the request is signed for region " + in_quotes(auth.region) + " and service " +
                in_quotes(auth.service) + ", not " +
                in_quotes(options.region.empty() ? auth.region : options.region) + " and " +
                in_quotes(options.service.empty() ? auth.service : options.service));
    if (auto problem = check_time(auth, amz_date, expires, options))
        return std::move(*problem);

    std::optional<std::string> secret = lookup(std::string_view(auth.access_key_id));
    if (!secret)
        return make_failure(failure_reason::unknown_access_key, errc::signature_error,
                            "the access key id " + in_quotes(auth.access_key_id) + " is not known");
    const wiped_string secret_text{std::move(*secret)};

    const auto block = build_canonical_headers(
        request.headers, [&](std::string_view name) { return has_signed(auth, name); });
    std::string listed;
    for (const auto& name : auth.signed_headers) {
        if (!listed.empty())
            listed.push_back(';');
        listed += name;
    }
    if (block.signed_headers != listed) {
        std::string missing;
        for (const auto& name : auth.signed_headers)
            if (!find_header(request.headers, name))
                missing += (missing.empty() ? "" : ", ") + name;
        if (missing.empty())
            return malformed("the request's headers do not match SignedHeaders " +
                             in_quotes(listed));
        return malformed("the request lacks signed header(s) " + missing);
    }

    std::optional<failure> problem;
    const std::string payload = expected_payload_hash(request, options, problem);
    if (problem)
        return std::move(*problem);

    signing_options canonical;
    canonical.normalize_path = options.normalize_path;
    canonical.encode_path = options.encode_path;
    const auto target = split_target(request.target);
    const std::string creq =
        assemble_canonical_request(request.method, canonical_uri(target.path, canonical),
                                   canonical_query_string, block, payload);
    const std::string sts = string_to_sign(amz_date, auth.scope(), creq);
    const std::string expected = compute_signature(
        derive_signing_key(secret_text.text, auth.day, auth.region, auth.service), sts);
    if (!constant_time_equal(expected, auth.signature))
        return make_failure(failure_reason::signature_mismatch, errc::signature_error,
                            "the request signature does not match the one computed for access "
                            "key " +
                                auth.access_key_id + " and scope " + auth.scope() +
                                "; check the secret key and how the request was signed");
    return auth;
}

template <class SecretLookup>
boost::system::result<authorization, failure>
verify_header_form(const http_request& request, std::string_view header_value, SecretLookup& lookup,
                   const verify_options& options) {
    auto parsed = awsml::sigv4::parse_authorization(header_value);
    if (!parsed)
        return parsed.error();
    if (!has_signed(*parsed, "x-amz-date"))
        return malformed("the Authorization header's SignedHeaders do not include x-amz-date, "
                         "which must be signed");
    const auto date = find_header(request.headers, "x-amz-date");
    if (!date)
        return malformed("the request has no X-Amz-Date header");
    const auto target = split_target(request.target);
    return check_signature(request, std::move(*parsed), trim(*date),
                           awsml::sigv4::canonical_query(target.query), std::nullopt, lookup,
                           options);
}

template <class SecretLookup>
boost::system::result<authorization, failure> verify_query_form(const http_request& request,
                                                                SecretLookup& lookup,
                                                                const verify_options& options) {
    constexpr std::string_view where = "the presigned query's";
    const auto target = split_target(request.target);
    std::array<std::optional<std::string>, presign_parameter_names.size()> found;
    std::string_view query = target.query;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        const std::size_t eq = pair.find('=');
        const std::string name = percent_decoded(pair.substr(0, eq));
        for (std::size_t i = 0; i < presign_parameter_names.size(); ++i) {
            if (name != presign_parameter_names[i])
                continue;
            if (found[i])
                return malformed("the query repeats " + name);
            found[i] =
                eq == std::string_view::npos ? std::string() : percent_decoded(pair.substr(eq + 1));
        }
    }
    // Every parameter but X-Amz-Security-Token (the last name) is required.
    for (std::size_t i = 0; i + 1 < presign_parameter_names.size(); ++i)
        if (!found[i])
            return malformed("the presigned query lacks " +
                             std::string(presign_parameter_names[i]));
    const auto& [algorithm, credential, date, signed_headers, expires_text, signature, token] =
        found;
    (void)token;
    if (*algorithm != awsml::sigv4::algorithm_name)
        return malformed("X-Amz-Algorithm is " + in_quotes(*algorithm) + "; expected " +
                         std::string(awsml::sigv4::algorithm_name));
    authorization auth;
    auth.presigned = true;
    if (auto problem = parse_credential(*credential, auth, where))
        return std::move(*problem);
    if (auto problem = parse_signed_headers(*signed_headers, auth, where))
        return std::move(*problem);
    if (auto problem = parse_signature(*signature, auth, where))
        return std::move(*problem);
    const auto expires = parse_digits(*expires_text);
    if (!expires || expires_text->empty() || expires_text->size() > 7 || *expires < 1 ||
        std::chrono::seconds(*expires) > awsml::sigv4::max_presign_lifetime)
        return malformed("X-Amz-Expires " + in_quotes(*expires_text) +
                         " is not a number of seconds from 1 to 604800");
    std::vector<query_param> params;
    add_canonical_params(params, target.query, "X-Amz-Signature");
    if (options.presigned_token_unsigned)
        std::erase_if(params,
                      [](const query_param& p) { return p.name == "X-Amz-Security-Token"; });
    return check_signature(request, std::move(auth), *date, join_sorted(params),
                           std::chrono::seconds(*expires), lookup, options);
}

template <class SecretLookup>
boost::system::result<authorization, failure>
verify_request(const http_request& request, SecretLookup& lookup, const verify_options& options) {
    std::optional<std::string_view> header;
    for (const auto& h : request.headers) {
        if (!detail::iequals(h.name, "authorization"))
            continue;
        if (header)
            return malformed("the request has more than one Authorization header");
        header = h.value;
    }
    if (header)
        return verify_header_form(request, *header, lookup, options);
    std::vector<query_param> params;
    add_canonical_params(params, split_target(request.target).query);
    // A query that names a presigned URL's own parameters is one, though it lack its signature.
    for (const auto& p : params)
        if (p.name == "X-Amz-Signature" || p.name == "X-Amz-Credential" ||
            p.name == "X-Amz-Algorithm")
            return verify_query_form(request, lookup, options);
    return make_failure(failure_reason::missing_authorization, errc::signature_error,
                        "the request is not signed: it has no Authorization header and no "
                        "X-Amz-Signature query parameter");
}

} // namespace awsml::detail::sigv4

namespace awsml::sigv4 {

inline boost::system::result<authorization, failure> verify(const http_request& request,
                                                            std::string_view secret_access_key,
                                                            const verify_options& options) {
    auto any_key = [&](std::string_view) -> std::optional<std::string> {
        return std::string(secret_access_key);
    };
    return detail::sigv4::verify_request(request, any_key, options);
}

template <secret_lookup SecretLookup>
boost::system::result<authorization, failure>
verify(const http_request& request, SecretLookup&& lookup, const verify_options& options) {
    return detail::sigv4::verify_request(request, lookup, options);
}

} // namespace awsml::sigv4

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/auth/impl/sigv4_verify.ipp>
#endif
