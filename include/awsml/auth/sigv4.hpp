#pragma once

/// \file
/// AWS Signature Version 4 (AWS4-HMAC-SHA256): signing requests in the Authorization header and
/// presigning them in the query string. Verifying a received signature (what a server such as the
/// local emulator does) is in <awsml/auth/sigv4_verify.hpp>; the signing key and its cache are in
/// <awsml/auth/sigv4_signing_key.hpp>, the canonical forms in
/// <awsml/auth/detail/sigv4_canonical.hpp>.
///
///     awsml::sigv4::signer signer; // holds the signing-key cache
///     awsml::sigv4::signing_params params;
///     params.credentials = creds;
///     params.region = "us-east-1";
///     params.service = "machinelearning";
///     signer.sign(request, params); // adds X-Amz-Date, Authorization, ...
///
/// The free functions below compute each piece (canonical request, string to sign, signature)
/// so they can be checked against the AWS test suites.
///
/// Secrets: the secret access key, the session token and derived signing keys never appear in
/// an exception, a failure message or anything this header prints. Note that a
/// signing_details::canonical_request contains the session token when the token is signed, as
/// the request's own headers do: treat it like the request and keep it out of logs.

#include <awsml/auth/credentials.hpp>
#include <awsml/auth/detail/crypto.hpp>
#include <awsml/auth/detail/sigv4_canonical.hpp>
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
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

namespace awsml::sigv4 {

/// The algorithm's name, as it opens the Authorization header and X-Amz-Algorithm.
inline constexpr std::string_view algorithm_name = "AWS4-HMAC-SHA256";
/// A payload hash that tells S3 the body is not signed.
inline constexpr std::string_view unsigned_payload = "UNSIGNED-PAYLOAD";
/// The longest lifetime AWS accepts for a presigned request.
inline constexpr std::chrono::seconds max_presign_lifetime{7 * 24 * 3600};

// ---------------------------------------------------------------------------------------------
// Signing parameters and results

/// How a request is canonicalised and which headers the signer adds. Defaults suit every
/// service but S3.
struct signing_options {
    /// Remove "." and ".." segments and duplicate slashes from the path before signing (a
    /// trailing slash is kept). S3 signs the path exactly as sent: false for S3.
    bool normalize_path = true;
    /// URI-encode each path segment of the target as sent, so an already percent-encoded path
    /// is encoded twice, which is what every service but S3 checks. False for S3.
    bool encode_path = true;
    /// Add an x-amz-content-sha256 header holding the payload hash, and sign it (S3 needs it).
    bool add_content_sha256_header = false;
    /// Add X-Amz-Security-Token after computing the signature instead of signing it, for the
    /// few services that want the token left out of the signature.
    bool omit_session_token = false;
    /// How long a presigned request stays valid (X-Amz-Expires): 1 second to 7 days.
    std::chrono::seconds expires_in{3600};
    /// Sign this payload hash instead of the SHA-256 of the body, e.g. unsigned_payload.
    std::string payload_hash;
};

/// What a signature is made with. Every member but `time` and `options` is required: signing
/// fails before the request changes with errc::no_credentials (a key missing), errc::no_region,
/// or errc::config_error (a region or service SigV4 cannot put in its scope).
struct signing_params {
    awsml::credentials credentials; ///< signs with the secret; adds the session token if any
    std::string region;             ///< e.g. "us-east-1"
    std::string service;            ///< the signing name, e.g. "machinelearning"
    /// When the request is signed; unset means the system clock at the moment of signing.
    std::optional<std::chrono::system_clock::time_point> time;
    signing_options options; ///< how to canonicalise; defaults suit every service but S3

    /// Prints the credentials redacted, as awsml::credentials always does.
    friend std::ostream& operator<<(std::ostream& out, const signing_params& params);
};

/// What a signature was computed over, for diagnostics and tests. canonical_request holds the
/// session token when the token was signed: do not log it.
struct signing_details {
    std::string canonical_request; ///< method, path, query, headers, signed names, payload hash
    std::string string_to_sign;    ///< algorithm, date, scope and the canonical request's hash
    std::string credential_scope;  ///< e.g. 20150830/us-east-1/service/aws4_request
    std::string signed_headers;    ///< e.g. host;x-amz-date
    std::string signature;         ///< 64 lowercase hex digits
};

// ---------------------------------------------------------------------------------------------
// Failures

/// Why signing or verifying failed, finer than the error code, so that the emulator can
/// answer with the error AWS would send.
enum class failure_reason {
    invalid_input,           ///< the parameters or the request cannot be signed
    missing_authorization,   ///< no Authorization header and no X-Amz-Signature parameter
    malformed_authorization, ///< the signature fields are malformed or inconsistent
    wrong_scope,             ///< signed for another region or service than expected
    unknown_access_key,      ///< the secret lookup does not know the access key id
    time_skewed,             ///< X-Amz-Date is too far from the verifier's clock
    expired,                 ///< a presigned request past its X-Amz-Expires
    signature_mismatch,      ///< well formed, but the signature is not the expected one
};

/// A failure with its full explanation. The non-throwing forms return it inside a
/// boost::system::result; calling .value() on that result throws awsml::error with the same
/// code and message.
struct failure {
    failure_reason reason = failure_reason::invalid_input;         ///< what kind of failure
    std::error_code code = make_error_code(errc::signature_error); ///< the awsml::errc
    std::string message; ///< what is wrong, never quoting a secret

    friend std::ostream& operator<<(std::ostream& out, const failure& f) {
        return out << f.message;
    }
};

/// Found by boost::system::result<T, failure>::value() through argument-dependent lookup.
[[noreturn]] AWSML_DECL void throw_exception_from_error(const failure& f,
                                                        const boost::source_location&);

// ---------------------------------------------------------------------------------------------
// The pieces of a signature (AWS General Reference, "Create a signed AWS API request")

/// "20150830T123600Z". Throws awsml::error for a time outside the years 0000 to 9999.
AWSML_DECL std::string format_amz_date(std::chrono::system_clock::time_point time);

/// The time an X-Amz-Date value names, or nullopt when it is not of the form YYYYMMDDTHHMMSSZ.
AWSML_DECL std::optional<std::chrono::system_clock::time_point>
parse_amz_date(std::string_view amz_date);

/// "20150830/us-east-1/service/aws4_request" for the day "20150830".
AWSML_DECL std::string credential_scope(std::string_view day, std::string_view region,
                                        std::string_view service);

/// The canonical URI of a request path (the target without its query).
AWSML_DECL std::string canonical_uri(std::string_view path, const signing_options& options = {});

/// The canonical query string: each parameter decoded then RFC 3986-encoded, a parameter
/// without '=' given an empty value, sorted by name then value.
AWSML_DECL std::string canonical_query(std::string_view query);

/// The canonical headers and the signed header names, as canonical_headers() makes them.
struct canonical_header_block {
    std::string headers;        ///< "name:value\n" per header name, sorted
    std::string signed_headers; ///< "name;name"
};

/// Canonical headers of every signable header: names lowercased, values trimmed with inner
/// whitespace runs collapsed, repeated headers joined by ',' in order. Headers that proxies and
/// transports change (authorization, connection, expect, transfer-encoding, upgrade,
/// user-agent, x-amzn-trace-id) are left unsigned.
AWSML_DECL canonical_header_block canonical_headers(const http_headers& headers);

/// The canonical request of `request` exactly as it stands (so after X-Amz-Date and the other
/// signing headers are in place), over all its signable headers.
AWSML_DECL std::string canonical_request(const http_request& request, std::string_view payload_hash,
                                         const signing_options& options = {});

/// "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex SHA-256 of the canonical request>".
AWSML_DECL std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                                      std::string_view canonical_request);

// derive_signing_key and compute_signature are in <awsml/auth/sigv4_signing_key.hpp>.

/// "AWS4-HMAC-SHA256 Credential=<id>/<scope>, SignedHeaders=<names>, Signature=<hex>".
AWSML_DECL std::string authorization_header_value(std::string_view access_key_id,
                                                  std::string_view scope,
                                                  std::string_view signed_headers,
                                                  std::string_view signature);

// ---------------------------------------------------------------------------------------------
// Signing without a key cache (each call derives the signing key: four HMACs)

/// Signs in headers: sets X-Amz-Date, X-Amz-Security-Token (when the credentials have one),
/// x-amz-content-sha256 (when asked), Host (when missing: host, plus ":port" when not the
/// scheme's default) and Authorization. Signing headers left by an earlier signing are
/// replaced, so a retried request can be signed again. Throws awsml::error; the request is
/// unchanged when the parameters are invalid.
AWSML_DECL signing_details sign(http_request& request, const signing_params& params);
/// As above; reports failure through `ec` instead of throwing.
AWSML_DECL signing_details sign(http_request& request, const signing_params& params,
                                std::error_code& ec);

/// Presigns in the query string: appends X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date,
/// X-Amz-SignedHeaders, X-Amz-Expires, X-Amz-Security-Token (when the credentials have one)
/// and X-Amz-Signature to the target, and adds Host when missing. The payload hash is the
/// SHA-256 of the body unless options.payload_hash says otherwise (S3: unsigned_payload).
/// Throws awsml::error, also for a request that already carries X-Amz-* signing parameters or
/// an Authorization header.
AWSML_DECL signing_details presign(http_request& request, const signing_params& params);
/// As above; reports failure through `ec` instead of throwing.
AWSML_DECL signing_details presign(http_request& request, const signing_params& params,
                                   std::error_code& ec);

} // namespace awsml::sigv4

// =============================================================================================
// Implementation

namespace awsml::detail::sigv4 {

using awsml::sigv4::failure;
using awsml::sigv4::failure_reason;

AWSML_DECL failure make_failure(failure_reason reason, errc code, std::string message);

AWSML_DECL failure malformed(std::string message);

template <class Include>
awsml::sigv4::canonical_header_block build_canonical_headers(const http_headers& headers,
                                                             const Include& include) {
    awsml::sigv4::canonical_header_block block;
    append_canonical_headers(block.headers, block.signed_headers, headers, include);
    return block;
}

AWSML_DECL std::string assemble_canonical_request(std::string_view method, std::string_view uri,
                                                  std::string_view query,
                                                  const awsml::sigv4::canonical_header_block& block,
                                                  std::string_view payload_hash);

// ---- the request's signing headers

inline void remove_header(http_headers& headers, std::string_view name) {
    std::erase_if(headers, [&](const http_header& h) { return detail::iequals(h.name, name); });
}

/// Replaces the first header of that name in place (dropping any repeats), or appends it.
inline void set_header(http_headers& headers, std::string_view name, std::string_view value) {
    const auto same_name = [&](const http_header& h) { return detail::iequals(h.name, name); };
    const auto first = std::find_if(headers.begin(), headers.end(), same_name);
    if (first == headers.end()) {
        headers.push_back({std::string(name), std::string(value)});
        return;
    }
    first->value.assign(value);
    headers.erase(std::remove_if(std::next(first), headers.end(), same_name), headers.end());
}

AWSML_DECL std::string host_header_value(const http_request& request);

inline void ensure_host_header(http_request& request) {
    if (!find_header(request.headers, "host"))
        request.headers.insert(request.headers.begin(), {"Host", host_header_value(request)});
}

// ---- parameter checks (before the request is touched)
AWSML_DECL std::optional<failure> check_params(const awsml::sigv4::signing_params& params);

AWSML_DECL std::optional<failure> check_request(const http_request& request);

AWSML_DECL boost::system::result<amz_date_text, failure>
signing_time(const awsml::sigv4::signing_params& params);

// ---- the signing cores, shared by the free functions and the signer

/// Buffers a signature is assembled in, one set per thread; they keep their capacity between
/// signatures, so signing a request allocates only the headers it adds.
struct signing_scratch {
    std::string canonical_request;
    std::string signed_headers;
    std::string payload_hash;
    std::string scope;
};

inline signing_scratch& thread_signing_scratch() {
    thread_local signing_scratch scratch;
    return scratch;
}

/// Fills `out` with the canonical request and `signed_out` with the signed header names.
AWSML_DECL void assemble_canonical_request_into(std::string& out, std::string& signed_out,
                                                const http_request& request,
                                                const awsml::sigv4::signing_options& options,
                                                std::string_view payload_hash);

AWSML_DECL void set_payload_hash(std::string& out, const http_request& request,
                                 const awsml::sigv4::signing_options& options);

/// The signing core shared by the free functions and the signer. With KeepDetails false it
/// returns empty signing_details and builds none of their strings: the client's path.
template <bool KeepDetails, class KeySource>
boost::system::result<awsml::sigv4::signing_details, failure>
sign_in_headers(http_request& request, const awsml::sigv4::signing_params& params,
                KeySource& key_for) {
    using namespace awsml::sigv4;
    if (auto problem = check_params(params))
        return std::move(*problem);
    if (auto problem = check_request(request))
        return std::move(*problem);
    const auto signing_date = signing_time(params);
    if (!signing_date)
        return signing_date.error();
    const std::string_view amz_date = signing_date->view(), day = signing_date->day();
    const auto& creds = params.credentials;
    const auto& options = params.options;
    signing_scratch& scratch = thread_signing_scratch();

    ensure_host_header(request);
    const bool token_signed = !creds.session_token.empty() && !options.omit_session_token;
    if (creds.session_token.empty())
        remove_header(request.headers, "X-Amz-Security-Token");
    else
        set_header(request.headers, "X-Amz-Security-Token", creds.session_token);
    set_header(request.headers, "X-Amz-Date", amz_date);
    set_payload_hash(scratch.payload_hash, request, options);
    if (options.add_content_sha256_header)
        set_header(request.headers, "x-amz-content-sha256", scratch.payload_hash);
    remove_header(request.headers, "Authorization");

    std::string& canonical = scratch.canonical_request;
    assemble_canonical_request_into(canonical, scratch.signed_headers, request, options,
                                    scratch.payload_hash);
    std::string& scope = scratch.scope;
    scope.clear();
    scope.append(day).append("/").append(params.region).append("/").append(params.service);
    scope += "/aws4_request";
    const auto canonical_hash = hex_digits(sha256(canonical));
    const std::string_view hash_text(canonical_hash.data(), canonical_hash.size());
    const std::string_view to_sign[] = {algorithm_name, "\n", amz_date, "\n",
                                        scope,          "\n", hash_text};
    const auto signature_bytes =
        hex_digits(key_for(creds.secret_access_key, day, params.region, params.service, to_sign));
    const std::string_view signature(signature_bytes.data(), signature_bytes.size());
    request.headers.push_back(
        {"Authorization", authorization_header_value(creds.access_key_id, scope,
                                                     scratch.signed_headers, signature)});

    signing_details details;
    if constexpr (KeepDetails) {
        details.canonical_request = canonical;
        details.credential_scope = scope;
        for (std::string_view part : to_sign)
            details.string_to_sign += part;
        details.signed_headers = scratch.signed_headers;
        details.signature = signature;
    }
    // The canonical request holds the session token when it is signed: it must not linger.
    if (token_signed)
        secure_wipe(canonical);
    return details;
}

inline constexpr std::array<std::string_view, 7> presign_parameter_names = {
    "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date",          "X-Amz-SignedHeaders",
    "X-Amz-Expires",   "X-Amz-Signature",  "X-Amz-Security-Token"};

AWSML_DECL std::optional<std::string> first_presign_parameter(std::string_view query);

template <class KeySource>
boost::system::result<awsml::sigv4::signing_details, failure>
sign_in_query(http_request& request, const awsml::sigv4::signing_params& params,
              KeySource& key_for) {
    using namespace awsml::sigv4;
    if (auto problem = check_params(params))
        return std::move(*problem);
    if (auto problem = check_request(request))
        return std::move(*problem);
    const auto& options = params.options;
    if (options.expires_in.count() < 1 || options.expires_in > max_presign_lifetime)
        return make_failure(failure_reason::invalid_input, errc::invalid_value,
                            "cannot presign the request: options.expires_in is " +
                                std::to_string(options.expires_in.count()) +
                                " seconds; it must be 1 to 604800 (7 days)");
    const auto target = split_target(request.target);
    if (auto existing = first_presign_parameter(target.query))
        return make_failure(failure_reason::invalid_input, errc::invalid_value,
                            "cannot presign the request: its query already has " + *existing +
                                "; presign an unsigned request");
    // A service reads an Authorization header before the query: the presigned query would be
    // ignored in favour of the old signature.
    if (find_header(request.headers, "authorization"))
        return make_failure(failure_reason::invalid_input, errc::invalid_value,
                            "cannot presign the request: it already has an Authorization "
                            "header; presign an unsigned request");
    const auto signing_date = signing_time(params);
    if (!signing_date)
        return signing_date.error();
    const std::string_view amz_date = signing_date->view(), day = signing_date->day();
    const auto& creds = params.credentials;

    ensure_host_header(request);
    const std::string payload =
        options.payload_hash.empty() ? sha256_hex(request.body) : options.payload_hash;
    const auto block = build_canonical_headers(
        request.headers, [](std::string_view name) { return !is_unsigned_header(name); });

    signing_details details;
    details.credential_scope = credential_scope(day, params.region, params.service);
    details.signed_headers = block.signed_headers;
    // In the order they are appended to the target.
    std::vector<std::pair<std::string_view, std::string>> added = {
        {"X-Amz-Algorithm", std::string(algorithm_name)},
        {"X-Amz-Credential", creds.access_key_id + '/' + details.credential_scope},
        {"X-Amz-Date", std::string(amz_date)},
        {"X-Amz-SignedHeaders", block.signed_headers},
        {"X-Amz-Expires", std::to_string(options.expires_in.count())},
    };
    const bool has_token = !creds.session_token.empty();
    if (has_token)
        added.emplace_back("X-Amz-Security-Token", creds.session_token);

    std::vector<query_param> canonical_params;
    add_canonical_params(canonical_params, target.query);
    for (const auto& [name, value] : added)
        if (!(options.omit_session_token && name == "X-Amz-Security-Token"))
            canonical_params.push_back({std::string(name), uri_encoded(value)});
    details.canonical_request =
        assemble_canonical_request(request.method, canonical_uri(target.path, options),
                                   join_sorted(canonical_params), block, payload);
    details.string_to_sign =
        string_to_sign(amz_date, details.credential_scope, details.canonical_request);
    const std::string_view to_sign = details.string_to_sign;
    details.signature = to_hex(key_for(creds.secret_access_key, day, params.region, params.service,
                                       std::span(&to_sign, 1)));

    const std::string_view separator = !target.has_query                                    ? "?"
                                       : target.query.empty() || target.query.back() == '&' ? ""
                                                                                            : "&";
    std::string& out = request.target;
    const std::size_t hash = out.find('#');
    std::string fragment;
    if (hash != std::string::npos) {
        fragment = out.substr(hash);
        out.erase(hash);
    }
    out += separator;
    for (const auto& [name, value] : added) {
        out += name;
        out.push_back('=');
        append_uri_encoded(out, value, false);
        out.push_back('&');
    }
    out += "X-Amz-Signature=";
    out += details.signature;
    out += fragment;
    return details;
}

/// The key source without a cache: HMAC-SHA256 of the parts with a key derived for the call.
/// (signing_key_cache is the other; the signing cores call either the same way.)
struct derive_each_time {
    sha256_digest operator()(std::string_view secret, std::string_view day, std::string_view region,
                             std::string_view service,
                             std::span<const std::string_view> parts) const {
        return hmac_sha256(awsml::sigv4::derive_signing_key(secret, day, region, service).bytes(),
                           parts);
    }
};

template <class Core>
awsml::sigv4::signing_details sign_without_throwing(const Core& core, std::error_code& ec) {
    ec.clear();
    try {
        auto result = core();
        if (result)
            return std::move(*result);
        ec = result.error().code;
    } catch (const awsml::error& e) {
        ec = e.code();
    }
    return {};
}

} // namespace awsml::detail::sigv4

namespace awsml::sigv4 {

/// `signing_params{credentials{...redacted...}, region=..., service=..., time=...}`.
AWSML_DECL std::ostream& operator<<(std::ostream& out, const signing_params& params);

// ---------------------------------------------------------------------------------------------
// The signer: what a client holds

/// Signs requests and caches derived signing keys, so that a signature with a cached key costs
/// a SHA-256 of the body, of the canonical request and of the secret (the cache key), plus one
/// HMAC on a context already keyed with the derived key. The keys and their contexts live as
/// long as the cache: until evicted, or until the signer is destroyed. Safe to use from several
/// threads at once; movable, not copyable.
class signer {
public:
    /// The key cache's counters: `hits`, `misses` and `entries` (keys held).
    using cache_stats = detail::sigv4::signing_key_cache::stats_type;

    /// Keeps up to `key_cache_capacity` derived keys (one per secret, day, region and
    /// service), evicting the least recently used; 0 disables the cache.
    explicit signer(std::size_t key_cache_capacity = 8)
        : cache_(std::make_unique<detail::sigv4::signing_key_cache>(key_cache_capacity)) {}

    /// As awsml::sigv4::sign, with the key cache.
    signing_details sign(http_request& request, const signing_params& params);
    /// As awsml::sigv4::sign with `ec`, with the key cache.
    signing_details sign(http_request& request, const signing_params& params, std::error_code& ec);

    /// As sign, but builds no signing_details (five strings a client would discard): what
    /// awsml::client calls on each attempt.
    void add_signature(http_request& request, const signing_params& params);
    /// As add_signature() above; reports failure through `ec` instead of throwing.
    void add_signature(http_request& request, const signing_params& params, std::error_code& ec);

    /// As awsml::sigv4::presign, with the key cache.
    signing_details presign(http_request& request, const signing_params& params);
    /// As awsml::sigv4::presign with `ec`, with the key cache.
    signing_details presign(http_request& request, const signing_params& params,
                            std::error_code& ec);

    /// How well the key cache does (a miss costs four HMACs).
    cache_stats key_cache_stats() const { return cache_->stats(); }

private:
    std::unique_ptr<detail::sigv4::signing_key_cache> cache_;
};

} // namespace awsml::sigv4

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/auth/impl/sigv4.ipp>
#endif
