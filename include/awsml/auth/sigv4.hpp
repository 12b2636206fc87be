#pragma once

// AWS Signature Version 4 (AWS4-HMAC-SHA256): signing requests in the Authorization header,
// presigning them in the query string, and verifying a received signature (for the local
// emulator).
//
//     awsml::sigv4::signer signer; // holds the signing-key cache
//     awsml::sigv4::signing_params params;
//     params.credentials = creds;
//     params.region = "us-east-1";
//     params.service = "machinelearning";
//     signer.sign(request, params); // adds X-Amz-Date, Authorization, ...
//
// The free functions below compute each piece (canonical request, string to sign, signature)
// so they can be checked against the AWS test suites.
//
// Secrets: the secret access key, the session token and derived signing keys never appear in
// an exception, a failure message or anything this header prints. Note that a
// signing_details::canonical_request contains the session token when the token is signed, as
// the request's own headers do: treat it like the request and keep it out of logs.

#include <awsml/auth/credentials.hpp>
#include <awsml/auth/detail/crypto.hpp>
#include <awsml/core/error.hpp>
#include <awsml/http/message.hpp>

#include <boost/system/result.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
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

struct signing_params {
    awsml::credentials credentials;
    std::string region;
    std::string service;
    /// When the request is signed; unset means the system clock at the moment of signing.
    std::optional<std::chrono::system_clock::time_point> time;
    signing_options options;

    /// Prints the credentials redacted, as awsml::credentials always does.
    friend std::ostream& operator<<(std::ostream& out, const signing_params& params);
};

/// What a signature was computed over, for diagnostics and tests. canonical_request holds the
/// session token when the token was signed: do not log it.
struct signing_details {
    std::string canonical_request;
    std::string string_to_sign;
    std::string credential_scope; ///< e.g. 20150830/us-east-1/service/aws4_request
    std::string signed_headers;   ///< e.g. host;x-amz-date
    std::string signature;        ///< 64 lowercase hex digits
};

/// The key derived from a secret access key for one day, region and service. Its bytes are
/// wiped when it is destroyed; it has no printed form.
class signing_key {
public:
    signing_key() noexcept = default;
    explicit signing_key(const detail::sha256_digest& bytes) noexcept
        : bytes_(bytes) {}
    signing_key(const signing_key&) = default;
    signing_key& operator=(const signing_key&) = default;
    ~signing_key() { detail::secure_wipe(bytes_.data(), bytes_.size()); }

    std::span<const unsigned char, detail::sha256_size> bytes() const noexcept { return bytes_; }

    friend bool operator==(const signing_key& a, const signing_key& b) noexcept {
        return CRYPTO_memcmp(a.bytes_.data(), b.bytes_.data(), a.bytes_.size()) == 0;
    }

private:
    detail::sha256_digest bytes_{};
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
    failure_reason reason = failure_reason::invalid_input;
    std::error_code code = make_error_code(errc::signature_error);
    std::string message;

    friend std::ostream& operator<<(std::ostream& out, const failure& f) {
        return out << f.message;
    }
};

/// Found by boost::system::result<T, failure>::value() through argument-dependent lookup.
[[noreturn]] inline void throw_exception_from_error(const failure& f,
                                                    const boost::source_location&) {
    throw error(f.code, f.message);
}

// ---------------------------------------------------------------------------------------------
// The pieces of a signature (AWS General Reference, "Create a signed AWS API request")

/// "20150830T123600Z". Throws awsml::error for a time outside the years 0000 to 9999.
inline std::string format_amz_date(std::chrono::system_clock::time_point time);

/// The time an X-Amz-Date value names, or nullopt when it is not of the form YYYYMMDDTHHMMSSZ.
inline std::optional<std::chrono::system_clock::time_point>
parse_amz_date(std::string_view amz_date);

/// "20150830/us-east-1/service/aws4_request" for the day "20150830".
inline std::string credential_scope(std::string_view day, std::string_view region,
                                    std::string_view service);

/// The canonical URI of a request path (the target without its query).
inline std::string canonical_uri(std::string_view path, const signing_options& options = {});

/// The canonical query string: each parameter decoded then RFC 3986-encoded, a parameter
/// without '=' given an empty value, sorted by name then value.
inline std::string canonical_query(std::string_view query);

struct canonical_header_block {
    std::string headers;        ///< "name:value\n" per header name, sorted
    std::string signed_headers; ///< "name;name"
};

/// Canonical headers of every signable header: names lowercased, values trimmed with inner
/// whitespace runs collapsed, repeated headers joined by ',' in order. Headers that proxies and
/// transports change (authorization, connection, expect, transfer-encoding, upgrade,
/// user-agent, x-amzn-trace-id) are left unsigned.
inline canonical_header_block canonical_headers(const http_headers& headers);

/// The canonical request of `request` exactly as it stands (so after X-Amz-Date and the other
/// signing headers are in place), over all its signable headers.
inline std::string canonical_request(const http_request& request, std::string_view payload_hash,
                                     const signing_options& options = {});

/// "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex SHA-256 of the canonical request>".
inline std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                                  std::string_view canonical_request);

/// HMAC chain "AWS4"+secret -> day -> region -> service -> "aws4_request".
inline signing_key derive_signing_key(std::string_view secret_access_key, std::string_view day,
                                      std::string_view region, std::string_view service);

/// Lowercase hex HMAC-SHA256 of the string to sign.
inline std::string compute_signature(const signing_key& key, std::string_view string_to_sign);

/// "AWS4-HMAC-SHA256 Credential=<id>/<scope>, SignedHeaders=<names>, Signature=<hex>".
inline std::string authorization_header_value(std::string_view access_key_id,
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
inline signing_details sign(http_request& request, const signing_params& params);
/// As above; reports failure through `ec` instead of throwing.
inline signing_details sign(http_request& request, const signing_params& params,
                            std::error_code& ec);

/// Presigns in the query string: appends X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date,
/// X-Amz-SignedHeaders, X-Amz-Expires, X-Amz-Security-Token (when the credentials have one)
/// and X-Amz-Signature to the target, and adds Host when missing. The payload hash is the
/// SHA-256 of the body unless options.payload_hash says otherwise (S3: unsigned_payload).
/// Throws awsml::error, also for a request that already carries X-Amz-* signing parameters or
/// an Authorization header.
inline signing_details presign(http_request& request, const signing_params& params);
inline signing_details presign(http_request& request, const signing_params& params,
                               std::error_code& ec);

} // namespace awsml::sigv4

// =============================================================================================
// Implementation

namespace awsml::detail::sigv4 {

using awsml::sigv4::failure;
using awsml::sigv4::failure_reason;

constexpr bool is_unreserved(unsigned char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

constexpr bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

constexpr char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr int hex_digit_value(char c) noexcept {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

constexpr bool is_lower_hex(std::string_view text, std::size_t length) noexcept {
    if (text.size() != length)
        return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

constexpr std::string_view trim(std::string_view text) noexcept {
    while (!text.empty() && is_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_space(text.back()))
        text.remove_suffix(1);
    return text;
}

inline std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = ascii_lower(c);
    return out;
}

/// RFC 3986 percent-encoding with uppercase hex, as SigV4 requires.
inline void append_uri_encoded(std::string& out, std::string_view text, bool keep_slashes) {
    constexpr std::string_view digits = "0123456789ABCDEF";
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (is_unreserved(c) || (keep_slashes && c == '/')) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(digits[c >> 4]);
            out.push_back(digits[c & 0x0f]);
        }
    }
}

inline std::string uri_encoded(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    append_uri_encoded(out, text, false);
    return out;
}

/// Decodes %XX escapes; a '%' not followed by two hex digits stays literal, and '+' is a plus
/// sign (SigV4 encodes a space as %20, never '+').
inline std::string percent_decoded(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const int high = hex_digit_value(text[i + 1]);
            const int low = hex_digit_value(text[i + 2]);
            if (high >= 0 && low >= 0) {
                out.push_back(static_cast<char>(high * 16 + low));
                i += 2;
                continue;
            }
        }
        out.push_back(text[i]);
    }
    return out;
}

/// A message-safe rendering of untrusted text: at most 80 characters, control bytes as '?'.
inline std::string in_quotes(std::string_view text) {
    constexpr std::size_t limit = 80;
    std::string out = "'";
    for (char c : text.substr(0, limit))
        out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
    out += text.size() > limit ? "...'" : "'";
    return out;
}

inline failure make_failure(failure_reason reason, errc code, std::string message) {
    return failure{reason, make_error_code(code), std::move(message)};
}

inline failure malformed(std::string message) {
    return make_failure(failure_reason::malformed_authorization, errc::signature_error,
                        std::move(message));
}

struct target_parts {
    std::string_view path;
    std::string_view query;
    bool has_query = false;
};

inline target_parts split_target(std::string_view target) {
    const std::size_t hash = target.find('#');
    if (hash != std::string_view::npos)
        target = target.substr(0, hash);
    const std::size_t question = target.find('?');
    if (question == std::string_view::npos)
        return {target, {}, false};
    return {target.substr(0, question), target.substr(question + 1), true};
}

// ---- time

inline void put_digits(char* out, unsigned value, int width) noexcept {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

inline std::optional<std::string> amz_date_of(std::chrono::system_clock::time_point time) {
    using namespace std::chrono;
    const auto second = floor<seconds>(time);
    const auto day = floor<days>(second);
    const year_month_day date{day};
    const hh_mm_ss<seconds> clock{second - day};
    const int year = static_cast<int>(date.year());
    if (year < 0 || year > 9999)
        return std::nullopt;
    std::string text(16, '0');
    put_digits(&text[0], static_cast<unsigned>(year), 4);
    put_digits(&text[4], static_cast<unsigned>(date.month()), 2);
    put_digits(&text[6], static_cast<unsigned>(date.day()), 2);
    text[8] = 'T';
    put_digits(&text[9], static_cast<unsigned>(clock.hours().count()), 2);
    put_digits(&text[11], static_cast<unsigned>(clock.minutes().count()), 2);
    put_digits(&text[13], static_cast<unsigned>(clock.seconds().count()), 2);
    text[15] = 'Z';
    return text;
}

inline std::optional<unsigned> parse_digits(std::string_view text) noexcept {
    unsigned value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    return value;
}

constexpr bool is_day(std::string_view text) noexcept {
    if (text.size() != 8)
        return false;
    for (char c : text)
        if (c < '0' || c > '9')
            return false;
    return true;
}

// ---- path, query and headers

inline std::string normalized_path(std::string_view path) {
    std::vector<std::string_view> segments;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string_view::npos)
            slash = path.size();
        const std::string_view segment = path.substr(start, slash - start);
        if (segment == "..") {
            if (!segments.empty())
                segments.pop_back();
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
        start = slash + 1;
    }
    const bool trailing_slash = !path.empty() && path.back() == '/';
    std::string out = "/";
    for (std::size_t i = 0; i < segments.size(); ++i) {
        out += segments[i];
        if (i + 1 < segments.size() || trailing_slash)
            out.push_back('/');
    }
    return out;
}

struct query_param {
    std::string name; // encoded
    std::string value;
};

/// Appends the canonical (decoded, then encoded) parameters of a raw query string, leaving out
/// any whose decoded name is `skipped_name`.
inline void add_canonical_params(std::vector<query_param>& params, std::string_view query,
                                 std::string_view skipped_name = {}) {
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty())
            continue;
        const std::size_t eq = pair.find('=');
        const std::string name = percent_decoded(pair.substr(0, eq));
        if (!skipped_name.empty() && name == skipped_name)
            continue;
        const std::string value =
            eq == std::string_view::npos ? std::string() : percent_decoded(pair.substr(eq + 1));
        params.push_back({uri_encoded(name), uri_encoded(value)});
    }
}

inline std::string join_sorted(std::vector<query_param>& params) {
    std::sort(params.begin(), params.end(), [](const query_param& a, const query_param& b) {
        return a.name != b.name ? a.name < b.name : a.value < b.value;
    });
    std::string out;
    for (const auto& p : params) {
        if (!out.empty())
            out.push_back('&');
        out += p.name;
        out.push_back('=');
        out += p.value;
    }
    return out;
}

inline bool is_unsigned_header(std::string_view lowercase_name) noexcept {
    constexpr std::array<std::string_view, 7> names = {
        "authorization", "connection", "expect",         "transfer-encoding",
        "upgrade",       "user-agent", "x-amzn-trace-id"};
    return std::find(names.begin(), names.end(), lowercase_name) != names.end();
}

struct header_ref {
    std::string_view name; // lowercased, in the per-thread names buffer
    std::string_view value;
};

/// Stable (repeated headers keep their order, their values are joined in it) and, unlike
/// std::stable_sort, free of allocation; requests carry a dozen headers, not thousands.
inline void sort_by_name(std::vector<header_ref>& refs) noexcept {
    for (std::size_t i = 1; i < refs.size(); ++i) {
        const header_ref moving = refs[i];
        std::size_t j = i;
        for (; j > 0 && moving.name < refs[j - 1].name; --j)
            refs[j] = refs[j - 1];
        refs[j] = moving;
    }
}

/// Writes a header value trimmed, with each inner run of whitespace made one space; returns the
/// end of what it wrote (at most value.size() bytes).
inline char* write_canonical_value(char* out, std::string_view value) noexcept {
    value = trim(value);
    // Most values are canonical already (no tab or line break, no double space): one copy.
    // Both loops are branch-free so that the compiler vectorises them.
    unsigned needs_work = 0;
    for (char c : value)
        needs_work |= unsigned(c == '\t') | unsigned(c == '\r') | unsigned(c == '\n');
    for (std::size_t i = 1; i < value.size(); ++i)
        needs_work |= unsigned(value[i - 1] == ' ') & unsigned(value[i] == ' ');
    if (needs_work == 0) {
        std::memcpy(out, value.data(), value.size());
        return out + value.size();
    }
    bool in_space = false;
    for (char c : value) {
        if (is_space(c)) {
            in_space = true;
            continue;
        }
        if (in_space)
            *out++ = ' ';
        in_space = false;
        *out++ = c;
    }
    return out;
}

inline char* write_lowercase(char* out, std::string_view name) noexcept {
    for (char c : name)
        *out++ = ascii_lower(c);
    return out;
}

/// Appends the canonical headers ("name:value\n" per name, sorted) and the signed header names
/// ("name;name") of the headers that `include` (given the lowercased name) accepts. Each name
/// is lowercased once into a per-thread buffer, and the output is written through pointers into
/// storage sized once: once warm, no allocation and no per-character capacity checks.
template <class Include>
void append_canonical_headers(std::string& headers_out, std::string& signed_out,
                              const http_headers& headers, const Include& include) {
    thread_local std::vector<header_ref> refs;
    thread_local std::string lowered;
    lowered.clear();
    std::size_t names_size = 0;
    for (const auto& header : headers)
        names_size += header.name.size();
    lowered.resize(names_size); // never reallocated below: the views into it stay valid
    refs.clear();
    char* next = lowered.data();
    std::size_t headers_bound = 0, names_bound = 0;
    for (const auto& header : headers) {
        const std::string_view raw = trim(header.name);
        const std::string_view name(next, raw.size());
        next = write_lowercase(next, raw);
        if (name.empty() || !include(name))
            continue;
        refs.push_back({name, header.value});
        headers_bound += name.size() + header.value.size() + 2; // ':' and '\n', or ','
        names_bound += name.size() + 1;
    }
    sort_by_name(refs);
    const std::size_t headers_start = headers_out.size(), names_start = signed_out.size();
    headers_out.resize(headers_start + headers_bound);
    signed_out.resize(names_start + names_bound);
    char* out = headers_out.data() + headers_start;
    char* names = signed_out.data() + names_start;
    const auto copy = [](char* to, std::string_view text) {
        std::memcpy(to, text.data(), text.size());
        return to + text.size();
    };
    for (std::size_t i = 0; i < refs.size();) {
        const std::string_view name = refs[i].name;
        out = copy(out, name);
        *out++ = ':';
        std::size_t j = i;
        for (; j < refs.size() && refs[j].name == name; ++j) {
            if (j != i)
                *out++ = ',';
            out = write_canonical_value(out, refs[j].value);
        }
        *out++ = '\n';
        if (names != signed_out.data())
            *names++ = ';';
        names = copy(names, name);
        i = j;
    }
    headers_out.resize(static_cast<std::size_t>(out - headers_out.data()));
    signed_out.resize(static_cast<std::size_t>(names - signed_out.data()));
}

template <class Include>
awsml::sigv4::canonical_header_block build_canonical_headers(const http_headers& headers,
                                                             const Include& include) {
    awsml::sigv4::canonical_header_block block;
    append_canonical_headers(block.headers, block.signed_headers, headers, include);
    return block;
}

inline std::string assemble_canonical_request(std::string_view method, std::string_view uri,
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

// ---- the request's signing headers

inline void remove_header(http_headers& headers, std::string_view name) {
    std::erase_if(headers, [&](const http_header& h) { return detail::iequals(h.name, name); });
}

/// Replaces the first header of that name in place (dropping any repeats), or appends it.
inline void set_header(http_headers& headers, std::string_view name, std::string value) {
    const auto same_name = [&](const http_header& h) { return detail::iequals(h.name, name); };
    const auto first = std::find_if(headers.begin(), headers.end(), same_name);
    if (first == headers.end()) {
        headers.push_back({std::string(name), std::move(value)});
        return;
    }
    first->value = std::move(value);
    headers.erase(std::remove_if(std::next(first), headers.end(), same_name), headers.end());
}

inline std::string host_header_value(const http_request& request) {
    std::string host = request.host;
    if (host.find(':') != std::string::npos && host.front() != '[')
        host = '[' + host + ']';
    const bool default_port = (detail::iequals(request.scheme, "https") && request.port == 443) ||
                              (detail::iequals(request.scheme, "http") && request.port == 80);
    if (!default_port && request.port != 0)
        host += ':' + std::to_string(request.port);
    return host;
}

inline void ensure_host_header(http_request& request) {
    if (!find_header(request.headers, "host"))
        request.headers.insert(request.headers.begin(), {"Host", host_header_value(request)});
}

// ---- parameter checks (before the request is touched)

/// A credential-scope component: printable ASCII without '/', whitespace, ',', ';' or '='.
constexpr bool is_scope_token(std::string_view text) noexcept {
    if (text.empty())
        return false;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f || c == '/' || c == ',' || c == ';' || c == '=')
            return false;
    }
    return true;
}

constexpr bool is_header_safe(std::string_view text) noexcept {
    for (char c : text)
        if (c == '\r' || c == '\n' || c == '\0')
            return false;
    return true;
}

inline std::optional<failure> check_params(const awsml::sigv4::signing_params& params) {
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

inline std::optional<failure> check_request(const http_request& request) {
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

inline boost::system::result<std::string, failure>
signing_time(const awsml::sigv4::signing_params& params) {
    const auto when = params.time.value_or(std::chrono::system_clock::now());
    if (auto text = amz_date_of(when))
        return std::move(*text);
    return make_failure(failure_reason::invalid_input, errc::invalid_value,
                        "cannot sign the request: the signing time is outside the years "
                        "0000 to 9999");
}

/// Wipes a temporary that holds a secret when it goes out of scope, even on an exception.
struct wiped_string {
    std::string text;
    ~wiped_string() { secure_wipe(text); }
};

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
inline void assemble_canonical_request_into(std::string& out, std::string& signed_out,
                                            const http_request& request,
                                            const awsml::sigv4::signing_options& options,
                                            std::string_view payload_hash) {
    const bool omit_token = options.omit_session_token;
    const auto target = split_target(request.target);
    out.clear();
    signed_out.clear();
    out += request.method;
    out.push_back('\n');
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

inline void set_payload_hash(std::string& out, const http_request& request,
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
    auto amz_date = signing_time(params);
    if (!amz_date)
        return amz_date.error();
    const std::string_view day = std::string_view(*amz_date).substr(0, 8);
    const auto& creds = params.credentials;
    const auto& options = params.options;
    signing_scratch& scratch = thread_signing_scratch();

    ensure_host_header(request);
    const bool token_signed = !creds.session_token.empty() && !options.omit_session_token;
    if (creds.session_token.empty())
        remove_header(request.headers, "X-Amz-Security-Token");
    else
        set_header(request.headers, "X-Amz-Security-Token", creds.session_token);
    set_header(request.headers, "X-Amz-Date", *amz_date);
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
    const std::string_view to_sign[] = {algorithm_name, "\n", *amz_date, "\n",
                                        scope,          "\n", hash_text};
    const auto signature_bytes = hex_digits(hmac_sha256(
        key_for(creds.secret_access_key, day, params.region, params.service).bytes(), to_sign));
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

inline std::optional<std::string> first_presign_parameter(std::string_view query) {
    std::vector<query_param> params;
    add_canonical_params(params, query);
    for (const auto& p : params)
        for (std::string_view name : presign_parameter_names)
            if (p.name == name)
                return p.name;
    return std::nullopt;
}

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
    auto amz_date = signing_time(params);
    if (!amz_date)
        return amz_date.error();
    const std::string_view day = std::string_view(*amz_date).substr(0, 8);
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
        {"X-Amz-Date", *amz_date},
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
        string_to_sign(*amz_date, details.credential_scope, details.canonical_request);
    details.signature =
        compute_signature(key_for(creds.secret_access_key, day, params.region, params.service),
                          details.string_to_sign);

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

struct derive_each_time {
    awsml::sigv4::signing_key operator()(std::string_view secret, std::string_view day,
                                         std::string_view region, std::string_view service) const {
        return awsml::sigv4::derive_signing_key(secret, day, region, service);
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

/// Derived signing keys for recent (secret, day, region, service) combinations. A secret is
/// represented only by its SHA-256, so the cache never holds a secret in clear; the derived
/// keys themselves are wiped when evicted. Lookups take a mutex; derivation runs outside it.
class signing_key_cache {
public:
    struct stats_type {
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;
        std::size_t entries = 0;
    };

    explicit signing_key_cache(std::size_t capacity)
        : capacity_(capacity) {}

    awsml::sigv4::signing_key get(std::string_view secret, std::string_view day,
                                  std::string_view region, std::string_view service) {
        if (capacity_ == 0) {
            note_miss();
            return awsml::sigv4::derive_signing_key(secret, day, region, service);
        }
        const sha256_digest fingerprint = sha256(secret);
        {
            const std::lock_guard lock(mutex_);
            if (entry* found = find(fingerprint, day, region, service)) {
                found->last_used = ++tick_;
                ++hits_;
                return found->key;
            }
            ++misses_;
        }
        awsml::sigv4::signing_key key =
            awsml::sigv4::derive_signing_key(secret, day, region, service);
        const std::lock_guard lock(mutex_);
        if (!find(fingerprint, day, region, service))
            insert(fingerprint, day, region, service, key);
        return key;
    }

    /// The key source interface the signing cores call.
    awsml::sigv4::signing_key operator()(std::string_view secret, std::string_view day,
                                         std::string_view region, std::string_view service) {
        return get(secret, day, region, service);
    }

    stats_type stats() const {
        const std::lock_guard lock(mutex_);
        return {hits_, misses_, entries_.size()};
    }

private:
    struct entry {
        sha256_digest secret_fingerprint;
        std::string day;
        std::string region;
        std::string service;
        awsml::sigv4::signing_key key;
        std::uint64_t last_used = 0;
    };

    void note_miss() {
        const std::lock_guard lock(mutex_);
        ++misses_;
    }

    entry* find(const sha256_digest& fingerprint, std::string_view day, std::string_view region,
                std::string_view service) {
        for (auto& e : entries_)
            if (e.secret_fingerprint == fingerprint && e.day == day && e.region == region &&
                e.service == service)
                return &e;
        return nullptr;
    }

    void insert(const sha256_digest& fingerprint, std::string_view day, std::string_view region,
                std::string_view service, const awsml::sigv4::signing_key& key) {
        entry fresh{fingerprint, std::string(day), std::string(region), std::string(service),
                    key,         ++tick_};
        if (entries_.size() < capacity_) {
            entries_.push_back(std::move(fresh));
            return;
        }
        auto oldest =
            std::min_element(entries_.begin(), entries_.end(), [](const entry& a, const entry& b) {
                return a.last_used < b.last_used;
            });
        *oldest = std::move(fresh);
    }

    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::vector<entry> entries_;
    std::uint64_t tick_ = 0;
    std::uint64_t hits_ = 0;
    std::uint64_t misses_ = 0;
};

} // namespace awsml::detail::sigv4

namespace awsml::sigv4 {

inline std::ostream& operator<<(std::ostream& out, const signing_params& params) {
    out << "signing_params{" << params.credentials << ", region=" << params.region
        << ", service=" << params.service << ", time=";
    if (!params.time)
        return out << "now}";
    const auto text = detail::sigv4::amz_date_of(*params.time);
    return out << (text ? *text : std::string("out of range")) << '}';
}

inline std::string format_amz_date(std::chrono::system_clock::time_point time) {
    if (auto text = detail::sigv4::amz_date_of(time))
        return std::move(*text);
    throw error(make_error_code(errc::invalid_value),
                "cannot format an X-Amz-Date outside the years 0000 to 9999");
}

inline std::optional<std::chrono::system_clock::time_point> parse_amz_date(std::string_view text) {
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

inline std::string credential_scope(std::string_view day, std::string_view region,
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

inline std::string canonical_uri(std::string_view path, const signing_options& options) {
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

inline std::string canonical_query(std::string_view query) {
    std::vector<detail::sigv4::query_param> params;
    detail::sigv4::add_canonical_params(params, query);
    return detail::sigv4::join_sorted(params);
}

inline canonical_header_block canonical_headers(const http_headers& headers) {
    return detail::sigv4::build_canonical_headers(
        headers, [](std::string_view name) { return !detail::sigv4::is_unsigned_header(name); });
}

inline std::string canonical_request(const http_request& request, std::string_view payload_hash,
                                     const signing_options& options) {
    const auto target = detail::sigv4::split_target(request.target);
    return detail::sigv4::assemble_canonical_request(
        request.method, canonical_uri(target.path, options), canonical_query(target.query),
        canonical_headers(request.headers), payload_hash);
}

inline std::string string_to_sign(std::string_view amz_date, std::string_view scope,
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

inline signing_key derive_signing_key(std::string_view secret_access_key, std::string_view day,
                                      std::string_view region, std::string_view service) {
    detail::sigv4::wiped_string seed;
    seed.text.reserve(4 + secret_access_key.size());
    seed.text = "AWS4";
    seed.text += secret_access_key;
    const auto* seed_bytes = reinterpret_cast<const unsigned char*>(seed.text.data());
    detail::sha256_digest key = detail::hmac_sha256({seed_bytes, seed.text.size()}, day);
    for (std::string_view step : {region, service, std::string_view("aws4_request")})
        key = detail::hmac_sha256(key, step);
    signing_key result(key);
    detail::secure_wipe(key.data(), key.size());
    return result;
}

inline std::string compute_signature(const signing_key& key, std::string_view string_to_sign) {
    return detail::to_hex(detail::hmac_sha256(key.bytes(), string_to_sign));
}

inline std::string authorization_header_value(std::string_view access_key_id,
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

inline signing_details sign(http_request& request, const signing_params& params) {
    detail::sigv4::derive_each_time derive;
    return detail::sigv4::sign_in_headers<true>(request, params, derive).value();
}

inline signing_details sign(http_request& request, const signing_params& params,
                            std::error_code& ec) {
    return detail::sigv4::sign_without_throwing(
        [&] {
            detail::sigv4::derive_each_time derive;
            return detail::sigv4::sign_in_headers<true>(request, params, derive);
        },
        ec);
}

inline signing_details presign(http_request& request, const signing_params& params) {
    detail::sigv4::derive_each_time derive;
    return detail::sigv4::sign_in_query(request, params, derive).value();
}

inline signing_details presign(http_request& request, const signing_params& params,
                               std::error_code& ec) {
    return detail::sigv4::sign_without_throwing(
        [&] {
            detail::sigv4::derive_each_time derive;
            return detail::sigv4::sign_in_query(request, params, derive);
        },
        ec);
}

// ---------------------------------------------------------------------------------------------
// The signer: what a client holds

/// Signs requests and caches derived signing keys, so that a signature with a cached key costs
/// a SHA-256 of the body, of the canonical request and of the secret (the cache key), plus one
/// HMAC. Safe to use from several threads at once; movable, not copyable.
class signer {
public:
    using cache_stats = detail::sigv4::signing_key_cache::stats_type;

    /// Keeps up to `key_cache_capacity` derived keys (one per secret, day, region and
    /// service), evicting the least recently used; 0 disables the cache.
    explicit signer(std::size_t key_cache_capacity = 8)
        : cache_(std::make_unique<detail::sigv4::signing_key_cache>(key_cache_capacity)) {}

    /// As awsml::sigv4::sign, with the key cache.
    signing_details sign(http_request& request, const signing_params& params) {
        return detail::sigv4::sign_in_headers<true>(request, params, *cache_).value();
    }
    signing_details sign(http_request& request, const signing_params& params, std::error_code& ec) {
        return detail::sigv4::sign_without_throwing(
            [&] { return detail::sigv4::sign_in_headers<true>(request, params, *cache_); }, ec);
    }

    /// As sign, but builds no signing_details (five strings a client would discard): what
    /// awsml::client calls on each attempt.
    void add_signature(http_request& request, const signing_params& params) {
        detail::sigv4::sign_in_headers<false>(request, params, *cache_).value();
    }
    void add_signature(http_request& request, const signing_params& params, std::error_code& ec) {
        detail::sigv4::sign_without_throwing(
            [&] { return detail::sigv4::sign_in_headers<false>(request, params, *cache_); }, ec);
    }

    /// As awsml::sigv4::presign, with the key cache.
    signing_details presign(http_request& request, const signing_params& params) {
        return detail::sigv4::sign_in_query(request, params, *cache_).value();
    }
    signing_details presign(http_request& request, const signing_params& params,
                            std::error_code& ec) {
        return detail::sigv4::sign_without_throwing(
            [&] { return detail::sigv4::sign_in_query(request, params, *cache_); }, ec);
    }

    cache_stats key_cache_stats() const { return cache_->stats(); }

private:
    std::unique_ptr<detail::sigv4::signing_key_cache> cache_;
};

} // namespace awsml::sigv4

// =============================================================================================
// Verifying a received signature (what the local emulator does)
//
//     auto lookup = [&](std::string_view access_key_id) -> std::optional<std::string> {...};
//     awsml::sigv4::verify_options options;
//     options.now = std::chrono::system_clock::now();
//     auto checked = awsml::sigv4::verify(request, lookup, options);
//     if (!checked) respond_403(checked.error().reason, checked.error().message);
//
// Both forms are supported: the Authorization header, and a presigned query string. Failures
// are results, not exceptions, because a bad signature is an expected input for a server; call
// .value() to throw instead. Messages name what is wrong and never contain the secret, the
// session token or a derived key.

namespace awsml::sigv4 {

/// The signature fields of a request, from its Authorization header or presigned query.
struct authorization {
    std::string access_key_id;
    std::string day; ///< yyyymmdd from the credential scope
    std::string region;
    std::string service;
    std::vector<std::string> signed_headers; ///< lowercase, sorted
    std::string signature;                   ///< 64 lowercase hex digits
    bool presigned = false;                  ///< came from the query string

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

struct verify_options {
    /// Must match how the client canonicalised the path (false for S3-style signing).
    bool normalize_path = true;
    bool encode_path = true;
    /// The verifier's clock; unset skips the time checks.
    std::optional<std::chrono::system_clock::time_point> now;
    /// How far X-Amz-Date may be from `now` (AWS allows 15 minutes).
    std::chrono::seconds max_clock_skew{15 * 60};
    /// The region and service the request must be signed for; empty accepts any.
    std::string_view region;
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
