#pragma once

// The definitions behind sigv4_verify.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

#include <awsml/auth/sigv4_verify.hpp>

namespace awsml::detail::sigv4 {

AWSML_DECL std::optional<failure> parse_credential(std::string_view credential, authorization& out,
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

AWSML_DECL std::optional<failure> parse_signed_headers(std::string_view list, authorization& out,
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

AWSML_DECL std::optional<failure> parse_signature(std::string_view signature, authorization& out,
                                                  std::string_view where) {
    if (!is_lower_hex(signature, 64))
        return malformed(std::string(where) + " Signature " + in_quotes(signature) +
                         " is not 64 lowercase hexadecimal digits");
    out.signature = signature;
    return std::nullopt;
}

AWSML_DECL std::string expected_payload_hash(const http_request& request,
                                             const verify_options& options,
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

AWSML_DECL std::optional<failure> check_time(const authorization& auth, std::string_view amz_date,
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

} // namespace awsml::detail::sigv4

namespace awsml::sigv4 {

AWSML_DECL boost::system::result<authorization, failure>
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

} // namespace awsml::sigv4
