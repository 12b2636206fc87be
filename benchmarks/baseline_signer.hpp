#pragma once

// The baseline awsml's signer is measured against (issue #16): a minimal complete SigV4 signer,
// written for speed and for nothing else. It signs in headers any request a SigV4 service
// accepts (path normalised and encoded, query sorted, headers lowercased, trimmed, sorted and
// joined, session token, payload hash) and produces the same headers as awsml's signer; it
// shares no code with awsml (bench_sign checks both sign alike before timing them).
//
// What makes it minimal: OpenSSL 3's algorithms fetched once and one digest and one MAC context
// reused; buffers kept from one signature to the next; the derived key cached for one
// (secret, day, region, service), the secret kept in clear to compare; no checks of its input,
// no error reporting beyond a failed OpenSSL call, nothing wiped.

#include <awsml/http/message.hpp>

#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace baseline {

struct signing_input {
    std::string_view access_key_id;
    std::string_view secret_access_key;
    std::string_view session_token;
    std::string_view region;
    std::string_view service;
    std::chrono::system_clock::time_point time;
};

class minimal_signer {
public:
    minimal_signer() {
        sha256_ = EVP_MD_fetch(nullptr, "SHA256", nullptr);
        hmac_ = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
        md_ = EVP_MD_CTX_new();
        mac_ = hmac_ ? EVP_MAC_CTX_new(hmac_) : nullptr;
        char digest_name[] = "SHA256";
        const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest_name, 0),
                                     OSSL_PARAM_construct_end()};
        if (!sha256_ || !mac_ || !md_ || EVP_MAC_CTX_set_params(mac_, params) != 1)
            fail("set up SHA-256 and HMAC");
    }
    minimal_signer(const minimal_signer&) = delete;
    minimal_signer& operator=(const minimal_signer&) = delete;
    ~minimal_signer() {
        EVP_MAC_CTX_free(mac_);
        EVP_MD_CTX_free(md_);
        EVP_MAC_free(hmac_);
        EVP_MD_free(sha256_);
    }

    /// Adds X-Amz-Date, X-Amz-Security-Token (with a token) and Authorization.
    void sign(awsml::http_request& request, const signing_input& in) {
        char amz_date[16];
        format_date(amz_date, in.time);
        const std::string_view date(amz_date, 16), day(amz_date, 8);
        request.headers.push_back({"X-Amz-Date", std::string(date)});
        if (!in.session_token.empty())
            request.headers.push_back({"X-Amz-Security-Token", std::string(in.session_token)});

        canonical_.clear();
        canonical_ += request.method;
        canonical_ += '\n';
        const std::string_view target = request.target;
        const std::size_t question = target.find('?');
        append_canonical_path(target.substr(0, question));
        canonical_ += '\n';
        if (question != std::string_view::npos)
            append_canonical_query(target.substr(question + 1));
        canonical_ += '\n';
        append_canonical_headers(request.headers);
        canonical_ += '\n';
        canonical_ += signed_headers_;
        canonical_ += '\n';
        append_hex(canonical_, digest(request.body));

        scope_.clear();
        scope_.append(day).append("/").append(in.region).append("/").append(in.service);
        scope_ += "/aws4_request";
        to_sign_ = "AWS4-HMAC-SHA256\n";
        to_sign_.append(date).append("\n").append(scope_).append("\n");
        append_hex(to_sign_, digest(canonical_));

        std::string authorization;
        authorization.reserve(in.access_key_id.size() + scope_.size() + signed_headers_.size() +
                              128);
        authorization += "AWS4-HMAC-SHA256 Credential=";
        authorization.append(in.access_key_id).append("/").append(scope_);
        authorization.append(", SignedHeaders=").append(signed_headers_);
        authorization += ", Signature=";
        append_hex(authorization, mac(key_for(in, day), to_sign_));
        request.headers.push_back({"Authorization", std::move(authorization)});
    }

private:
    using digest_bytes = std::array<unsigned char, 32>;

    [[noreturn]] static void fail(const char* what) {
        std::fprintf(stderr, "baseline signer: OpenSSL failed to %s\n", what);
        std::exit(1);
    }

    digest_bytes digest(std::string_view data) {
        digest_bytes out;
        unsigned int length = 0;
        if (EVP_DigestInit_ex2(md_, sha256_, nullptr) != 1 ||
            EVP_DigestUpdate(md_, data.data(), data.size()) != 1 ||
            EVP_DigestFinal_ex(md_, out.data(), &length) != 1)
            fail("hash");
        return out;
    }

    digest_bytes mac(std::string_view key, std::string_view data) {
        digest_bytes out;
        std::size_t length = 0;
        if (EVP_MAC_init(mac_, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                         nullptr) != 1 ||
            EVP_MAC_update(mac_, reinterpret_cast<const unsigned char*>(data.data()),
                           data.size()) != 1 ||
            EVP_MAC_final(mac_, out.data(), &length, out.size()) != 1)
            fail("compute an HMAC");
        return out;
    }

    std::string_view key_for(const signing_input& in, std::string_view day) {
        if (key_valid_ && cached_secret_ == in.secret_access_key && cached_day_ == day &&
            cached_region_ == in.region && cached_service_ == in.service)
            return {reinterpret_cast<const char*>(key_.data()), key_.size()};
        std::string seed = "AWS4";
        seed += in.secret_access_key;
        key_ = mac(seed, day);
        for (std::string_view step : {in.region, in.service, std::string_view("aws4_request")})
            key_ = mac({reinterpret_cast<const char*>(key_.data()), key_.size()}, step);
        cached_secret_ = in.secret_access_key;
        cached_day_ = day;
        cached_region_ = in.region;
        cached_service_ = in.service;
        key_valid_ = true;
        return {reinterpret_cast<const char*>(key_.data()), key_.size()};
    }

    static void append_hex(std::string& out, const digest_bytes& bytes) {
        constexpr char digits[] = "0123456789abcdef";
        const std::size_t start = out.size();
        out.resize(start + 64);
        char* p = out.data() + start;
        for (unsigned char b : bytes) {
            *p++ = digits[b >> 4];
            *p++ = digits[b & 15];
        }
    }

    static void put_digits(char* out, unsigned value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10)
            out[i] = static_cast<char>('0' + value % 10);
    }

    static void format_date(char* out, std::chrono::system_clock::time_point time) {
        using namespace std::chrono;
        const auto second = floor<seconds>(time);
        const auto day = floor<days>(second);
        const year_month_day date{day};
        const hh_mm_ss<seconds> clock{second - day};
        put_digits(out, static_cast<unsigned>(static_cast<int>(date.year())), 4);
        put_digits(out + 4, static_cast<unsigned>(date.month()), 2);
        put_digits(out + 6, static_cast<unsigned>(date.day()), 2);
        out[8] = 'T';
        put_digits(out + 9, static_cast<unsigned>(clock.hours().count()), 2);
        put_digits(out + 11, static_cast<unsigned>(clock.minutes().count()), 2);
        put_digits(out + 13, static_cast<unsigned>(clock.seconds().count()), 2);
        out[15] = 'Z';
    }

    static bool unreserved(unsigned char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '.' || c == '_' || c == '~';
    }

    static void append_encoded(std::string& out, std::string_view text, bool keep_slash) {
        constexpr char digits[] = "0123456789ABCDEF";
        for (char ch : text) {
            const auto c = static_cast<unsigned char>(ch);
            if (unreserved(c) || (keep_slash && c == '/')) {
                out += ch;
            } else {
                out += '%';
                out += digits[c >> 4];
                out += digits[c & 15];
            }
        }
    }

    static std::string decoded(std::string_view text) {
        std::string out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '%' && i + 2 < text.size() &&
                std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
                std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
                out +=
                    static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
                i += 2;
            } else {
                out += text[i];
            }
        }
        return out;
    }

    // Segments "." and ".." resolved and empty ones dropped (a trailing slash kept), then each
    // character outside RFC 3986's unreserved set percent-encoded, '/' kept.
    void append_canonical_path(std::string_view path) {
        const bool plain = path.size() >= 1 && path.front() == '/' &&
                           path.find("//") == std::string_view::npos &&
                           path.find("/.") == std::string_view::npos;
        if (plain) {
            append_encoded(canonical_, path, true);
            return;
        }
        segments_.clear();
        for (std::size_t start = 0; start <= path.size();) {
            std::size_t slash = std::min(path.find('/', start), path.size());
            const std::string_view segment = path.substr(start, slash - start);
            if (segment == "..") {
                if (!segments_.empty())
                    segments_.pop_back();
            } else if (!segment.empty() && segment != ".") {
                segments_.push_back(segment);
            }
            start = slash + 1;
        }
        canonical_ += '/';
        for (std::size_t i = 0; i < segments_.size(); ++i) {
            append_encoded(canonical_, segments_[i], false);
            if (i + 1 < segments_.size() || (!path.empty() && path.back() == '/'))
                canonical_ += '/';
        }
    }

    void append_canonical_query(std::string_view query) {
        std::vector<std::pair<std::string, std::string>> params;
        while (!query.empty()) {
            const std::size_t amp = query.find('&');
            const std::string_view pair = query.substr(0, amp);
            query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
            if (pair.empty())
                continue;
            const std::size_t eq = pair.find('=');
            std::string name, value;
            append_encoded(name, decoded(pair.substr(0, eq)), false);
            if (eq != std::string_view::npos)
                append_encoded(value, decoded(pair.substr(eq + 1)), false);
            params.emplace_back(std::move(name), std::move(value));
        }
        std::sort(params.begin(), params.end());
        for (std::size_t i = 0; i < params.size(); ++i) {
            if (i)
                canonical_ += '&';
            canonical_.append(params[i].first).append("=").append(params[i].second);
        }
    }

    static bool is_unsigned(std::string_view lowercase_name) {
        for (std::string_view name : {"authorization", "connection", "expect", "transfer-encoding",
                                      "upgrade", "user-agent", "x-amzn-trace-id"})
            if (lowercase_name == name)
                return true;
        return false;
    }

    struct entry {
        std::string_view name; // lowercased, in names_
        std::string_view value;
        std::size_t order;
    };

    // Names lowercased, values trimmed with inner whitespace runs made one space, repeated names
    // joined with ',' in order; also fills signed_headers_.
    void append_canonical_headers(const awsml::http_headers& headers) {
        std::size_t total = 0;
        for (const auto& h : headers)
            total += h.name.size();
        names_.resize(total); // not reallocated below: the views stay valid
        entries_.clear();
        char* next = names_.data();
        for (const auto& h : headers) {
            const std::string_view name(next, h.name.size());
            for (char c : h.name)
                *next++ = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
            if (!is_unsigned(name))
                entries_.push_back({name, h.value, entries_.size()});
        }
        std::sort(entries_.begin(), entries_.end(), [](const entry& a, const entry& b) {
            return a.name != b.name ? a.name < b.name : a.order < b.order;
        });
        signed_headers_.clear();
        for (std::size_t i = 0; i < entries_.size(); ++i) {
            const bool repeat = i > 0 && entries_[i].name == entries_[i - 1].name;
            if (repeat) {
                canonical_ += ',';
            } else {
                if (i > 0) {
                    canonical_ += '\n';
                    signed_headers_ += ';';
                }
                canonical_.append(entries_[i].name).append(":");
                signed_headers_ += entries_[i].name;
            }
            append_trimmed(entries_[i].value);
        }
        if (!entries_.empty())
            canonical_ += '\n';
    }

    void append_trimmed(std::string_view value) {
        const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
        while (!value.empty() && blank(value.front()))
            value.remove_prefix(1);
        while (!value.empty() && blank(value.back()))
            value.remove_suffix(1);
        // Usually there is nothing to collapse: one copy. Branch-free, so that it vectorises.
        unsigned collapse = 0;
        for (char c : value)
            collapse |= unsigned(c == '\t') | unsigned(c == '\r') | unsigned(c == '\n');
        for (std::size_t i = 1; i < value.size(); ++i)
            collapse |= unsigned(value[i - 1] == ' ') & unsigned(value[i] == ' ');
        if (collapse == 0) {
            canonical_ += value;
            return;
        }
        bool pending_space = false;
        for (char c : value) {
            if (blank(c)) {
                pending_space = true;
                continue;
            }
            if (pending_space)
                canonical_ += ' ';
            canonical_ += c;
            pending_space = false;
        }
    }

    EVP_MD* sha256_ = nullptr;
    EVP_MAC* hmac_ = nullptr;
    EVP_MD_CTX* md_ = nullptr;
    EVP_MAC_CTX* mac_ = nullptr;

    std::string canonical_, signed_headers_, scope_, to_sign_, names_;
    std::vector<entry> entries_;
    std::vector<std::string_view> segments_;

    bool key_valid_ = false;
    digest_bytes key_{};
    std::string cached_secret_, cached_day_, cached_region_, cached_service_;
};

} // namespace baseline
