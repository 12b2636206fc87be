#pragma once

// SHA-256 and HMAC-SHA256 over OpenSSL 3's libcrypto, shaped for signing many requests (and a
// one-shot SHA-1 for a cache file name).
//
// OpenSSL 3's one-shot helpers (SHA256(), HMAC(), EVP_Digest()) fetch the algorithm from the
// provider registry on every call, which takes locks and costs more than hashing a small
// canonical request. Here each algorithm is fetched once per process, and each thread keeps its
// own digest and MAC contexts and re-initialises them per use, so concurrent signers neither
// share mutable state nor contend on OpenSSL's registry.
//
// A MAC context holds its key: OpenSSL keeps a copy of it and the inner and outer digest states
// derived from it, either of which signs like the key itself. A thread's context lives as long as
// the thread, so after each MAC it is re-keyed with the empty key (OpenSSL cleanses what it
// replaces), and "AWS4" + secret or a derived key does not linger there between signatures.
// A keyed context (make_keyed_hmac_sha256) is the other kind: made for one key and kept by whoever
// keeps that key (the signing-key cache keeps one per cached key), so that each MAC restarts from
// the stored key instead of hashing it in again; freeing it cleanses the key and its states.

#include <awsml/core/detail/hex.hpp>
#include <awsml/core/detail/separate_compilation.hpp>
#include <awsml/core/error.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace awsml::detail {

inline constexpr std::size_t sha256_size = 32;
using sha256_digest = std::array<unsigned char, sha256_size>;

[[noreturn]] inline void throw_crypto_failure(std::string_view operation) {
    throw error(make_error_code(errc::signature_error),
                "OpenSSL libcrypto failed to " + std::string(operation));
}

// The fetched algorithms are deliberately never freed: a thread's contexts may be destroyed
// after static destructors have run, and they must not outlive the algorithm they reference.
AWSML_DECL EVP_MD* sha256_algorithm();

AWSML_DECL EVP_MAC* hmac_algorithm();

struct md_ctx_deleter {
    void operator()(EVP_MD_CTX* ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};
struct mac_ctx_deleter {
    void operator()(EVP_MAC_CTX* ctx) const noexcept { EVP_MAC_CTX_free(ctx); }
};

inline EVP_MD_CTX* thread_digest_context() {
    thread_local const std::unique_ptr<EVP_MD_CTX, md_ctx_deleter> ctx(EVP_MD_CTX_new());
    if (!ctx)
        throw_crypto_failure("allocate a digest context");
    return ctx.get();
}

AWSML_DECL EVP_MAC_CTX* new_hmac_sha256_context();

using mac_ctx_ptr = std::unique_ptr<EVP_MAC_CTX, mac_ctx_deleter>;

inline mac_ctx_ptr& thread_hmac_slot() noexcept {
    thread_local mac_ctx_ptr ctx;
    return ctx;
}

// The digest is chosen once when the context is made; each use only supplies a new key.
AWSML_DECL EVP_MAC_CTX* thread_hmac_context();

// A non-null pointer: EVP_MAC_init takes a null key to mean "keep the current one".
inline constexpr unsigned char empty_key[1] = {0};

/// Replaces the thread's HMAC key with the empty key, or, should OpenSSL fail to, frees the
/// context (which cleanses it); the next MAC makes a new one.
inline void forget_thread_hmac_key() noexcept {
    mac_ctx_ptr& ctx = thread_hmac_slot();
    if (ctx && EVP_MAC_init(ctx.get(), empty_key, 0, nullptr) != 1)
        ctx.reset();
}

struct thread_hmac_key_forgetter {
    thread_hmac_key_forgetter() = default;
    thread_hmac_key_forgetter(const thread_hmac_key_forgetter&) = delete;
    thread_hmac_key_forgetter& operator=(const thread_hmac_key_forgetter&) = delete;
    ~thread_hmac_key_forgetter() { forget_thread_hmac_key(); }
};

/// SHA-256 of the concatenation of the parts (avoids joining them into one buffer first).
AWSML_DECL sha256_digest sha256(std::span<const std::string_view> parts);

inline sha256_digest sha256(std::string_view data) {
    return sha256(std::span<const std::string_view>(&data, 1));
}

/// Feeds the parts to an HMAC context already started with its key, and finishes it.
AWSML_DECL sha256_digest finish_hmac_sha256(EVP_MAC_CTX* ctx,
                                            std::span<const std::string_view> parts);

/// HMAC-SHA256 of the concatenation of the parts; the key is gone from the thread's context
/// when it returns (or throws).
AWSML_DECL sha256_digest hmac_sha256(std::span<const unsigned char> key,
                                     std::span<const std::string_view> parts);

inline sha256_digest hmac_sha256(std::span<const unsigned char> key, std::string_view data) {
    return hmac_sha256(key, std::span<const std::string_view>(&data, 1));
}

/// An HMAC-SHA256 context holding one key, to MAC with it many times; freed (and cleansed) with
/// the owner of the key.
AWSML_DECL mac_ctx_ptr make_keyed_hmac_sha256(std::span<const unsigned char> key);

/// HMAC-SHA256 of the concatenation of the parts with the key a keyed context holds.
inline sha256_digest hmac_sha256_with(EVP_MAC_CTX* keyed, std::span<const std::string_view> parts) {
    if (EVP_MAC_init(keyed, nullptr, 0, nullptr) != 1) // null: restart with the key it holds
        throw_crypto_failure("restart an HMAC-SHA256");
    return finish_hmac_sha256(keyed, parts);
}

/// Writes `bytes` in lowercase hexadecimal at `out` (2 characters a byte).
inline char* write_hex(char* out, std::span<const unsigned char> bytes) noexcept {
    for (unsigned char byte : bytes) {
        *out++ = hex_digit(byte >> 4);
        *out++ = hex_digit(byte);
    }
    return out;
}

inline void append_hex(std::string& out, std::span<const unsigned char> bytes) {
    const std::size_t start = out.size();
    out.resize(start + 2 * bytes.size());
    write_hex(out.data() + start, bytes);
}

/// A digest in lowercase hexadecimal, without allocating.
inline std::array<char, 2 * sha256_size> hex_digits(const sha256_digest& bytes) noexcept {
    std::array<char, 2 * sha256_size> out{};
    write_hex(out.data(), bytes);
    return out;
}

/// Lowercase hexadecimal, as SigV4 writes hashes and signatures.
inline std::string to_hex(std::span<const unsigned char> bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    append_hex(out, bytes);
    return out;
}

inline std::string sha256_hex(std::string_view data) {
    return to_hex(sha256(data));
}

/// SHA-1 in lowercase hexadecimal, for file names that other tools compute the same way (the
/// AWS CLI's SSO token cache); never for anything that must resist collisions.
AWSML_DECL std::string sha1_hex(std::string_view data);

/// Equality whose running time does not depend on where the inputs first differ.
inline bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

/// Overwrites memory that held key material so it does not linger after release.
inline void secure_wipe(void* data, std::size_t size) noexcept {
    if (size != 0)
        OPENSSL_cleanse(data, size);
}

inline void secure_wipe(std::string& text) noexcept {
    secure_wipe(text.data(), text.size());
}

} // namespace awsml::detail

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/auth/detail/impl/crypto.ipp>
#endif
