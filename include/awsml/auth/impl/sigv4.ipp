#pragma once

// The definitions behind sigv4.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

#include <awsml/auth/sigv4.hpp>

namespace awsml::detail::sigv4 {

AWSML_DECL failure make_failure(failure_reason reason, errc code, std::string message) {
    return failure{reason, make_error_code(code), std::move(message)};
}

AWSML_DECL failure malformed(std::string message) {
    return make_failure(failure_reason::malformed_authorization, errc::signature_error,
                        std::move(message));
}

AWSML_DECL std::string assemble_canonical_request(std::string_view method, std::string_view uri,
                                                  std::string_view query,
                                                  const awsml::sigv4::canonical_header_block& block,
                                                  std::string_view payload_hash) {
    std::string out;
    out.reserve(method.size() + uri.size() + query.size() + block.headers.size() +
                block.signed_headers.size() + payload_hash.size() + 5);
    out += method;
    out.push_back('\n');
    out += uri;
    out.push_back('\n');
    out += query;
    out.push_back('\n');
    out += block.headers;
    out.push_back('\n');
    out += block.signed_headers;
    out.push_back('\n');
    out += payload_hash;
    return out;
}

AWSML_DECL std::string host_header_value(const http_request& request) {
    std::string host = request.host;
    if (host.find(':') != std::string::npos && host.front() != '[')
        host = '[' + host + ']';
    const bool default_port = (detail::iequals(request.scheme, "https") && request.port == 443) ||
                              (detail::iequals(request.scheme, "http") && request.port == 80);
    if (!default_port && request.port != 0)
        host += ':' + std::to_string(request.port);
    return host;
}

AWSML_DECL std::optional<failure> check_params(const awsml::sigv4::signing_params& params) {
    const auto& creds = params.credentials;
    if (creds.access_key_id.empty())
        return make_failure(failure_reason::invalid_input, errc::no_credentials,
                            "cannot sign the request: the credentials have no access key id");
    if (!is_scope_token(creds.access_key_id))
        return make_failure(failure_reason::invalid_input, errc::no_credentials,
                            "cannot sign the request: the access key id " +
                                in_quotes(creds.access_key_id) +
                                " contains '/', whitespace or another character SigV4 forbids");
    if (creds.secret_access_key.empty())
        return make_failure(failure_reason::invalid_input, errc::no_credentials,
                            "cannot sign the request: the credentials for access key " +
                                creds.access_key_id + " have no secret access key");
    if (!is_header_safe(creds.session_token))
        return make_failure(failure_reason::invalid_input, errc::no_credentials,
                            "cannot sign the request: the session token for access key " +
                                creds.access_key_id + " contains a line break or NUL");
    if (params.region.empty())
        return make_failure(failure_reason::invalid_input, errc::no_region,
                            "cannot sign the request: no region is set");
    if (!is_scope_token(params.region))
        return make_failure(failure_reason::invalid_input, errc::config_error,
                            "cannot sign the request: the region " + in_quotes(params.region) +
                                " contains '/', whitespace or another character SigV4 forbids");
    if (!is_scope_token(params.service))
        return make_failure(failure_reason::invalid_input, errc::config_error,
                            "cannot sign the request: the service name " +
                                in_quotes(params.service) +
                                " is empty or contains a character SigV4 forbids");
    if (!is_header_safe(params.options.payload_hash))
        return make_failure(failure_reason::invalid_input, errc::config_error,
                            "cannot sign the request: options.payload_hash contains a line break");
    return std::nullopt;
}

AWSML_DECL std::optional<failure> check_request(const http_request& request) {
    if (request.method.empty() || std::any_of(request.method.begin(), request.method.end(),
                                              [](char c) { return is_space(c) || c == '\0'; }))
        return make_failure(failure_reason::invalid_input, errc::invalid_value,
                            "cannot sign the request: its method " + in_quotes(request.method) +
                                " is empty or contains whitespace");
    if (request.host.empty() && !find_header(request.headers, "host"))
        return make_failure(failure_reason::invalid_input, errc::invalid_value,
                            "cannot sign the request: it has neither a host nor a Host header");
    return std::nullopt;
}

AWSML_DECL boost::system::result<amz_date_text, failure>
signing_time(const awsml::sigv4::signing_params& params) {
    const auto when = params.time ? *params.time : std::chrono::system_clock::now();
    if (auto text = amz_date_chars_of(when))
        return *text;
    return make_failure(failure_reason::invalid_input, errc::invalid_value,
                        "cannot sign the request: the signing time is outside the years "
                        "0000 to 9999");
}

AWSML_DECL void assemble_canonical_request_into(std::string& out, std::string& signed_out,
                                                const http_request& request,
                                                const awsml::sigv4::signing_options& options,
                                                std::string_view payload_hash) {
    const bool omit_token = options.omit_session_token;
    const auto target = split_target(request.target);
    out.clear();
    signed_out.clear();
    out += request.method;
    out.push_back('\n');
    if (is_canonical_path(target.path))
        out += target.path;
    else
        out += awsml::sigv4::canonical_uri(target.path, options);
    out.push_back('\n');
    if (!target.query.empty())
        out += awsml::sigv4::canonical_query(target.query);
    out.push_back('\n');
    append_canonical_headers(out, signed_out, request.headers, [&](std::string_view name) {
        return !is_unsigned_header(name) && !(omit_token && name == "x-amz-security-token");
    });
    out.push_back('\n');
    out += signed_out;
    out.push_back('\n');
    out += payload_hash;
}

AWSML_DECL void set_payload_hash(std::string& out, const http_request& request,
                                 const awsml::sigv4::signing_options& options) {
    if (!options.payload_hash.empty()) {
        out = options.payload_hash;
        return;
    }
    if (!options.add_content_sha256_header)
        if (auto declared = find_header(request.headers, "x-amz-content-sha256")) {
            out = trim(*declared);
            return;
        }
    const auto digits = hex_digits(sha256(request.body));
    out.assign(digits.data(), digits.size());
}

AWSML_DECL std::optional<std::string> first_presign_parameter(std::string_view query) {
    std::vector<query_param> params;
    add_canonical_params(params, query);
    for (const auto& p : params)
        for (std::string_view name : presign_parameter_names)
            if (p.name == name)
                return p.name;
    return std::nullopt;
}

} // namespace awsml::detail::sigv4

namespace awsml::sigv4 {

[[noreturn]] AWSML_DECL void throw_exception_from_error(const failure& f,
                                                        const boost::source_location&) {
    throw error(f.code, f.message);
}

AWSML_DECL std::ostream& operator<<(std::ostream& out, const signing_params& params) {
    out << "signing_params{" << params.credentials << ", region=" << params.region
        << ", service=" << params.service << ", time=";
    if (!params.time)
        return out << "now}";
    const auto text = detail::sigv4::amz_date_of(*params.time);
    return out << (text ? *text : std::string("out of range")) << '}';
}

AWSML_DECL std::string format_amz_date(std::chrono::system_clock::time_point time) {
    if (auto text = detail::sigv4::amz_date_of(time))
        return std::move(*text);
    throw error(make_error_code(errc::invalid_value),
                "cannot format an X-Amz-Date outside the years 0000 to 9999");
}

AWSML_DECL std::optional<std::chrono::system_clock::time_point>
parse_amz_date(std::string_view text) {
    using namespace std::chrono;
    using detail::sigv4::parse_digits;
    if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z')
        return std::nullopt;
    const auto y = parse_digits(text.substr(0, 4)), mo = parse_digits(text.substr(4, 2)),
               d = parse_digits(text.substr(6, 2)), h = parse_digits(text.substr(9, 2)),
               mi = parse_digits(text.substr(11, 2)), s = parse_digits(text.substr(13, 2));
    if (!y || !mo || !d || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 59)
        return std::nullopt;
    const year_month_day date{year{static_cast<int>(*y)}, month{*mo}, day{*d}};
    if (!date.ok())
        return std::nullopt;
    return sys_days{date} + hours{*h} + minutes{*mi} + seconds{*s};
}

AWSML_DECL std::string credential_scope(std::string_view day, std::string_view region,
                                        std::string_view service) {
    std::string scope;
    scope.reserve(day.size() + region.size() + service.size() + 16);
    scope += day;
    scope.push_back('/');
    scope += region;
    scope.push_back('/');
    scope += service;
    scope += "/aws4_request";
    return scope;
}

AWSML_DECL std::string canonical_uri(std::string_view path, const signing_options& options) {
    std::string base = options.normalize_path ? detail::sigv4::normalized_path(path)
                       : path.empty()         ? std::string("/")
                                              : std::string(path);
    if (!options.encode_path)
        return base;
    std::string encoded;
    encoded.reserve(base.size() + 16);
    detail::sigv4::append_uri_encoded(encoded, base, true);
    return encoded;
}

AWSML_DECL std::string canonical_query(std::string_view query) {
    std::vector<detail::sigv4::query_param> params;
    detail::sigv4::add_canonical_params(params, query);
    return detail::sigv4::join_sorted(params);
}

AWSML_DECL canonical_header_block canonical_headers(const http_headers& headers) {
    return detail::sigv4::build_canonical_headers(
        headers, [](std::string_view name) { return !detail::sigv4::is_unsigned_header(name); });
}

AWSML_DECL std::string canonical_request(const http_request& request, std::string_view payload_hash,
                                         const signing_options& options) {
    const auto target = detail::sigv4::split_target(request.target);
    return detail::sigv4::assemble_canonical_request(
        request.method, canonical_uri(target.path, options), canonical_query(target.query),
        canonical_headers(request.headers), payload_hash);
}

AWSML_DECL std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                                      std::string_view canonical_request) {
    std::string out;
    out.reserve(algorithm_name.size() + amz_date.size() + scope.size() + 67);
    out += algorithm_name;
    out.push_back('\n');
    out += amz_date;
    out.push_back('\n');
    out += scope;
    out.push_back('\n');
    detail::append_hex(out, detail::sha256(canonical_request));
    return out;
}

AWSML_DECL std::string authorization_header_value(std::string_view access_key_id,
                                                  std::string_view scope,
                                                  std::string_view signed_headers,
                                                  std::string_view signature) {
    std::string out;
    out.reserve(algorithm_name.size() + access_key_id.size() + scope.size() +
                signed_headers.size() + signature.size() + 48);
    out += algorithm_name;
    out += " Credential=";
    out += access_key_id;
    out.push_back('/');
    out += scope;
    out += ", SignedHeaders=";
    out += signed_headers;
    out += ", Signature=";
    out += signature;
    return out;
}

AWSML_DECL signing_details sign(http_request& request, const signing_params& params,
                                std::error_code& ec) {
    return detail::sigv4::sign_without_throwing(
        [&] {
            detail::sigv4::derive_each_time derive;
            return detail::sigv4::sign_in_headers<true>(request, params, derive);
        },
        ec);
}

AWSML_DECL signing_details sign(http_request& request, const signing_params& params) {
    detail::sigv4::derive_each_time derive;
    return detail::sigv4::sign_in_headers<true>(request, params, derive).value();
}

AWSML_DECL signing_details presign(http_request& request, const signing_params& params,
                                   std::error_code& ec) {
    return detail::sigv4::sign_without_throwing(
        [&] {
            detail::sigv4::derive_each_time derive;
            return detail::sigv4::sign_in_query(request, params, derive);
        },
        ec);
}

AWSML_DECL signing_details presign(http_request& request, const signing_params& params) {
    detail::sigv4::derive_each_time derive;
    return detail::sigv4::sign_in_query(request, params, derive).value();
}

AWSML_DECL signing_details signer::sign(http_request& request, const signing_params& params) {
    return detail::sigv4::sign_in_headers<true>(request, params, *cache_).value();
}

AWSML_DECL signing_details signer::sign(http_request& request, const signing_params& params,
                                        std::error_code& ec) {
    return detail::sigv4::sign_without_throwing(
        [&] { return detail::sigv4::sign_in_headers<true>(request, params, *cache_); }, ec);
}

AWSML_DECL void signer::add_signature(http_request& request, const signing_params& params) {
    detail::sigv4::sign_in_headers<false>(request, params, *cache_).value();
}

AWSML_DECL void signer::add_signature(http_request& request, const signing_params& params,
                                      std::error_code& ec) {
    detail::sigv4::sign_without_throwing(
        [&] { return detail::sigv4::sign_in_headers<false>(request, params, *cache_); }, ec);
}

AWSML_DECL signing_details signer::presign(http_request& request, const signing_params& params) {
    return detail::sigv4::sign_in_query(request, params, *cache_).value();
}

AWSML_DECL signing_details signer::presign(http_request& request, const signing_params& params,
                                           std::error_code& ec) {
    return detail::sigv4::sign_without_throwing(
        [&] { return detail::sigv4::sign_in_query(request, params, *cache_); }, ec);
}

} // namespace awsml::sigv4
