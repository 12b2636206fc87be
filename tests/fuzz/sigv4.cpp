// Fuzz target: SigV4 canonicalisation and signing of arbitrary methods, paths, queries and
// header names and values. Checks: no crash; every function gives the same output twice;
// canonical_query is idempotent; SignedHeaders are sorted, lower case and unique; and a request
// that could go on the wire (token method and names, field-text values, visible-ASCII target)
// once signed (in headers or presigned in the query) verifies with the same secret.
#include <awsml/auth/sigv4.hpp>
#include <awsml/auth/sigv4_verify.hpp>

#include "fuzz_support.hpp"

#include <awsml/http/parser.hpp> // detail::is_token, is_field_text: what the transport sends

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using awsml_fuzz::require;
namespace sigv4 = awsml::sigv4;

const auto signing_time = std::chrono::system_clock::time_point(std::chrono::seconds(1440938160));

bool sendable(const awsml::http_request& request) {
    if (!awsml::detail::is_token(request.method) || request.target.empty() ||
        request.target.front() != '/')
        return false;
    if (!std::all_of(request.target.begin(), request.target.end(),
                     [](char c) { return c > 0x20 && c < 0x7f; }))
        return false;
    for (const auto& h : request.headers) {
        if (!awsml::detail::is_token(h.name) || !awsml::detail::is_field_text(h.value))
            return false;
        // A declared payload hash is signed as declared but checked against the body by the
        // verifier, as a service does: not a round trip.
        if (awsml::detail::iequals(h.name, "x-amz-content-sha256"))
            return false;
    }
    return true;
}

void check_signed_headers(std::string_view list) {
    std::string previous;
    bool first = true;
    while (!list.empty() || first) {
        const std::size_t semicolon = list.find(';');
        const std::string name(list.substr(0, semicolon));
        list.remove_prefix(semicolon == std::string_view::npos ? list.size() : semicolon + 1);
        if (first && name.empty() && list.empty())
            return; // no headers at all
        require(!name.empty(), "an empty name in SignedHeaders");
        require(first || previous < name, "SignedHeaders not sorted and unique", name);
        for (char c : name)
            require(!(c >= 'A' && c <= 'Z'), "SignedHeaders not lower case", name);
        previous = name;
        first = false;
    }
}

void check_pieces(const awsml::http_request& request, const sigv4::signing_options& options,
                  std::string_view path, std::string_view query) {
    const std::string uri = sigv4::canonical_uri(path, options);
    require(uri == sigv4::canonical_uri(path, options), "canonical_uri not deterministic");
    const std::string canonical = sigv4::canonical_query(query);
    require(canonical == sigv4::canonical_query(query), "canonical_query not deterministic");
    require(sigv4::canonical_query(canonical) == canonical, "canonical_query not idempotent",
            canonical);
    const auto block = sigv4::canonical_headers(request.headers);
    const auto again = sigv4::canonical_headers(request.headers);
    require(block.headers == again.headers && block.signed_headers == again.signed_headers,
            "canonical_headers not deterministic");
    // With a name that is not an HTTP token (say "a;b", which no transport sends) the list is
    // ambiguous by construction.
    const bool token_names = std::all_of(
        request.headers.begin(), request.headers.end(), [](const awsml::http_header& h) {
            return awsml::detail::is_token(awsml::detail::trim(h.name));
        });
    if (token_names)
        check_signed_headers(block.signed_headers);
    const std::string creq = sigv4::canonical_request(request, "UNSIGNED-PAYLOAD", options);
    require(creq == sigv4::canonical_request(request, "UNSIGNED-PAYLOAD", options),
            "canonical_request not deterministic");
}

sigv4::signing_params params_for(bool with_token, const sigv4::signing_options& options) {
    sigv4::signing_params params;
    params.credentials = {"AKIDEXAMPLE",
                          "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                          with_token ? "session-token/with+odd=chars" : "",
                          {},
                          "fuzz"};
    params.region = "us-east-1";
    params.service = "machinelearning";
    params.time = signing_time;
    params.options = options;
    return params;
}

void check_signing(const awsml::http_request& original, const sigv4::signing_params& params,
                   bool presign) {
    awsml::http_request first = original;
    awsml::http_request second = original;
    std::error_code ec1, ec2;
    const auto details1 =
        presign ? sigv4::presign(first, params, ec1) : sigv4::sign(first, params, ec1);
    const auto details2 =
        presign ? sigv4::presign(second, params, ec2) : sigv4::sign(second, params, ec2);
    require(ec1 == ec2, "signing twice: different errors");
    if (ec1)
        return;
    require(details1.signature == details2.signature &&
                details1.canonical_request == details2.canonical_request,
            "signing twice: different signatures");
    require(first.target == second.target && first.headers == second.headers,
            "signing twice: different requests");
    if (!sendable(original))
        return;
    sigv4::verify_options verify;
    verify.now = signing_time;
    verify.normalize_path = params.options.normalize_path;
    verify.encode_path = params.options.encode_path;
    verify.presigned_token_unsigned = presign && params.options.omit_session_token;
    auto verified = sigv4::verify(first, params.credentials.secret_access_key, verify);
    require(verified.has_value(),
            presign ? "a presigned request does not verify" : "a signed request does not verify",
            verified ? std::string()
                     : verified.error().message + "\n" + details1.canonical_request);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    awsml_fuzz::input_reader in(data, size);
    const std::uint8_t flags = in.byte();
    sigv4::signing_options options;
    options.normalize_path = (flags & 1) != 0;
    options.encode_path = (flags & 2) != 0;
    options.add_content_sha256_header = (flags & 4) != 0;
    options.omit_session_token = (flags & 8) != 0;
    const bool with_token = (flags & 16) != 0;

    awsml::http_request request;
    request.method = std::string(in.until('\n'));
    const std::string_view path = in.until('\n');
    const std::string_view query = in.until('\n');
    request.target = std::string(path);
    if (!query.empty() || (flags & 32))
        request.target += "?" + std::string(query);
    request.host = "machinelearning.us-east-1.amazonaws.com";
    request.body = std::string(in.until('\0'));
    while (!in.empty()) {
        const std::string_view line = in.until('\n');
        const std::size_t colon = line.find(':');
        request.headers.push_back(
            {std::string(line.substr(0, colon)), colon == std::string_view::npos
                                                     ? std::string()
                                                     : std::string(line.substr(colon + 1))});
    }

    check_pieces(request, options, path, query);
    const auto params = params_for(with_token, options);
    check_signing(request, params, false);
    check_signing(request, params, true);
    return 0;
}
