#pragma once

// The canonical forms SigV4 signs over, as pure functions of strings and headers: RFC 3986
// encoding and decoding, X-Amz-Date text, path normalisation, the canonical query and the
// canonical header block. <awsml/auth/sigv4.hpp> builds signatures from them and
// <awsml/auth/sigv4_verify.hpp> checks them; nothing here touches a secret.

#include <awsml/core/detail/ascii.hpp>
#include <awsml/core/detail/hex.hpp>
#include <awsml/core/detail/separate_compilation.hpp>
#include <awsml/core/detail/trim.hpp>
#include <awsml/http/message.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsml::detail::sigv4 {

constexpr bool is_unreserved(unsigned char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

constexpr bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

constexpr bool is_lower_hex(std::string_view text, std::size_t length) noexcept {
    if (text.size() != length)
        return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

inline std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = ascii_lower(c);
    return out;
}

/// RFC 3986 percent-encoding with uppercase hex, as SigV4 requires.
AWSML_DECL void append_uri_encoded(std::string& out, std::string_view text, bool keep_slashes);

inline std::string uri_encoded(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    append_uri_encoded(out, text, false);
    return out;
}

/// Decodes %XX escapes; a '%' not followed by two hex digits stays literal, and '+' is a plus
/// sign (SigV4 encodes a space as %20, never '+').
AWSML_DECL std::string percent_decoded(std::string_view text);

struct target_parts {
    std::string_view path;
    std::string_view query;
    bool has_query = false;
};

AWSML_DECL target_parts split_target(std::string_view target);

// ---- time

inline void put_digits(char* out, unsigned value, int width) noexcept {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

/// An X-Amz-Date value, "20150830T123600Z", held without allocating.
struct amz_date_text {
    std::array<char, 16> chars{};
    std::string_view view() const noexcept { return {chars.data(), chars.size()}; }
    std::string_view day() const noexcept { return view().substr(0, 8); }
};

AWSML_DECL std::optional<amz_date_text>
amz_date_chars_of(std::chrono::system_clock::time_point time) noexcept;

inline std::optional<std::string> amz_date_of(std::chrono::system_clock::time_point time) {
    if (auto text = amz_date_chars_of(time))
        return std::string(text->view());
    return std::nullopt;
}

AWSML_DECL std::optional<unsigned> parse_digits(std::string_view text) noexcept;

constexpr bool is_day(std::string_view text) noexcept {
    if (text.size() != 8)
        return false;
    for (char c : text)
        if (c < '0' || c > '9')
            return false;
    return true;
}

// ---- path, query and headers

AWSML_DECL std::string normalized_path(std::string_view path);

/// Whether a path is its own canonical URI, normalised and encoded: it starts with '/' and
/// holds only unreserved characters and single slashes between segments other than "." and "..".
/// Most request paths are ("/" for every JSON protocol service); they need no copy.
constexpr bool is_canonical_path(std::string_view path) noexcept {
    if (path.empty() || path.front() != '/')
        return false;
    std::size_t segment_start = 1;
    for (std::size_t i = 1; i <= path.size(); ++i) {
        if (i < path.size() && path[i] != '/') {
            if (!is_unreserved(static_cast<unsigned char>(path[i])))
                return false;
            continue;
        }
        const std::string_view segment = path.substr(segment_start, i - segment_start);
        if ((segment.empty() && i < path.size()) || segment == "." || segment == "..")
            return false;
        segment_start = i + 1;
    }
    return true;
}

struct query_param {
    std::string name; // encoded
    std::string value;
};

/// Appends the canonical (decoded, then encoded) parameters of a raw query string, leaving out
/// any whose decoded name is `skipped_name`.
AWSML_DECL void add_canonical_params(std::vector<query_param>& params, std::string_view query,
                                     std::string_view skipped_name = {});

AWSML_DECL std::string join_sorted(std::vector<query_param>& params);

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

// ---- credential-scope and header checks

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

} // namespace awsml::detail::sigv4

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/auth/detail/impl/sigv4_canonical.ipp>
#endif
