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
inline boost::system::result<authorization, failure>
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

inline std::optional<failure> parse_credential(std::string_view credential, authorization& out,
                                               std::string_view where) {
    std::array<std::string_view, 5> parts;
    std::size_t count = 0;
    std::string_view rest = credential;
    while (count < parts.size()) {
        const std::size_t slash = rest.find('/');
        parts[count++] = rest.substr(0, slash);
        if (slash == std::string_view::npos) {
            rest = {};
            break;
        }
        rest = rest.substr(slash + 1);
        if (count == parts.size())
            return malformed(std::string(where) + " Credential " + in_quotes(credential) +
                             " has more than 5 parts; "
                             "expected <access key id>/<yyyymmdd>/<region>/"
                             "<service>/aws4_request");
    }
    if (count != parts.size() || !is_scope_token(parts[0]) || !is_day(parts[1]) ||
        !is_scope_token(parts[2]) || !is_scope_token(parts[3]) || parts[4] != "aws4_request")
        return malformed(std::string(where) + " Credential " + in_quotes(credential) +
                         " is not of the form <access key id>/<yyyymmdd>/<region>/<service>/"
                         "aws4_request");
    out.access_key_id = parts[0];
    out.day = parts[1];
    out.region = parts[2];
    out.service = parts[3];
    return std::nullopt;
}

inline std::optional<failure> parse_signed_headers(std::string_view list, authorization& out,
                                                   std::string_view where) {
    out.signed_headers.clear();
    if (list.empty())
        return malformed(std::string(where) + " SignedHeaders is empty");
    while (true) {
        const std::size_t semicolon = list.find(';');
        const std::string_view name = list.substr(0, semicolon);
        const bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
            return c > 0x20 && c < 0x7f && c != ':' && ascii_lower(c) == c;
        });
        if (!valid)
            return malformed(std::string(where) + " SignedHeaders " + in_quotes(list) +
                             " must be lowercase header names separated by ';'");
        if (!out.signed_headers.empty() && out.signed_headers.back() >= name)
            return malformed(std::string(where) +
                             " SignedHeaders must be sorted and without "
                             "repeats, but " +
                             in_quotes(name) + " follows " + in_quotes(out.signed_headers.back()));
        out.signed_headers.emplace_back(name);
        if (semicolon == std::string_view::npos)
            break;
        list = list.substr(semicolon + 1);
    }
    return std::nullopt;
}

inline std::optional<failure> parse_signature(std::string_view signature, authorization& out,
                                              std::string_view where) {
    if (!is_lower_hex(signature, 64))
        return malformed(std::string(where) + " Signature " + in_quotes(signature) +
                         " is not 64 lowercase hexadecimal digits");
    out.signature = signature;
    return std::nullopt;
}

inline bool has_signed(const authorization& auth, std::string_view name) {
    return std::binary_search(auth.signed_headers.begin(), auth.signed_headers.end(), name);
}

inline std::string expected_payload_hash(const http_request& request, const verify_options& options,
                                         std::optional<failure>& problem) {
    if (!options.payload_hash.empty())
        return std::string(options.payload_hash);
    const auto declared = find_header(request.headers, "x-amz-content-sha256");
    if (!declared)
        return sha256_hex(request.body);
    const std::string_view value = trim(*declared);
    // Only a hash can be checked; UNSIGNED-PAYLOAD and the STREAMING-* markers are signed as is.
    if (is_lower_hex(value, 64) && !constant_time_equal(value, sha256_hex(request.body)))
        problem = make_failure(failure_reason::signature_mismatch, errc::signature_error,
                               "the x-amz-content-sha256 header does not match the SHA-256 of "
                               "the request body");
    return std::string(value);
}

inline std::optional<failure> check_time(const authorization& auth, std::string_view amz_date,
                                         std::optional<std::chrono::seconds> expires,
                                         const verify_options& options) {
    const auto signed_at = awsml::sigv4::parse_amz_date(amz_date);
    if (!signed_at)
        return malformed("X-Amz-Date " + in_quotes(amz_date) +
                         " is not of the form YYYYMMDDTHHMMSSZ");
    if (amz_date.substr(0, 8) != auth.day)
        return malformed("X-Amz-Date " + in_quotes(amz_date) +
                         " is not on the day of the credential scope, " + auth.day);
    if (!options.now)
        return std::nullopt;
    const auto now = *options.now;
    const auto now_text = amz_date_of(now).value_or("(out of range)");
    if (*signed_at > now + options.max_clock_skew)
        return make_failure(failure_reason::time_skewed, errc::signature_error,
                            "the request was signed at " + std::string(amz_date) +
                                ", later than the verifier's time " + now_text + " plus " +
                                std::to_string(options.max_clock_skew.count()) + " s of skew");
    if (expires) {
        if (now > *signed_at + *expires)
            return make_failure(failure_reason::expired, errc::signature_error,
                                "the presigned request expired: signed at " +
                                    std::string(amz_date) + " for " +
                                    std::to_string(expires->count()) +
                                    " s, and the verifier's time is " + now_text);
    } else if (*signed_at + options.max_clock_skew < now) {
        return make_failure(failure_reason::time_skewed, errc::signature_error,
                            "the request was signed at " + std::string(amz_date) +
                                ", earlier than the verifier's time " + now_text + " minus " +
                                std::to_string(options.max_clock_skew.count()) + " s of skew");
    }
    return std::nullopt;
}

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
    for (const auto& p : params)
        if (p.name == "X-Amz-Signature")
            return verify_query_form(request, lookup, options);
    return make_failure(failure_reason::missing_authorization, errc::signature_error,
                        "the request is not signed: it has no Authorization header and no "
                        "X-Amz-Signature query parameter");
}

} // namespace awsml::detail::sigv4

namespace awsml::sigv4 {

inline boost::system::result<authorization, failure>
parse_authorization(std::string_view header_value) {
    using namespace detail::sigv4;
    using detail::trim;
    constexpr std::string_view where = "the Authorization header's";
    const std::string_view value = trim(header_value);
    if (value.empty())
        return malformed("the Authorization header is empty");
    std::size_t space = 0;
    while (space < value.size() && !is_space(value[space]))
        ++space;
    const std::string_view algorithm = value.substr(0, space);
    if (algorithm != algorithm_name)
        return malformed("the Authorization header uses the scheme " + in_quotes(algorithm) +
                         "; expected " + std::string(algorithm_name));
    std::string_view rest = trim(value.substr(space));
    authorization auth;
    bool seen_credential = false, seen_signed_headers = false, seen_signature = false;
    while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        const std::string_view component = trim(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        const std::size_t eq = component.find('=');
        if (eq == std::string_view::npos)
            return malformed("the Authorization header has a component without '=': " +
                             in_quotes(component));
        const std::string_view name = trim(component.substr(0, eq));
        const std::string_view field = trim(component.substr(eq + 1));
        bool* seen = name == "Credential"      ? &seen_credential
                     : name == "SignedHeaders" ? &seen_signed_headers
                     : name == "Signature"     ? &seen_signature
                                               : nullptr;
        if (!seen)
            return malformed("the Authorization header has an unknown component " +
                             in_quotes(name) +
                             "; expected Credential, SignedHeaders and Signature");
        if (*seen)
            return malformed("the Authorization header repeats " + std::string(name));
        *seen = true;
        std::optional<failure> problem =
            seen == &seen_credential       ? parse_credential(field, auth, where)
            : seen == &seen_signed_headers ? parse_signed_headers(field, auth, where)
                                           : parse_signature(field, auth, where);
        if (problem)
            return std::move(*problem);
    }
    if (!seen_credential)
        return malformed("the Authorization header lacks Credential=");
    if (!seen_signed_headers)
        return malformed("the Authorization header lacks SignedHeaders=");
    if (!seen_signature)
        return malformed("the Authorization header lacks Signature=");
    return auth;
}

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
