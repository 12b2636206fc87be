#pragma once

// The definitions behind crypto.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

#include <awsml/auth/detail/crypto.hpp>

#include <openssl/core_names.h>
#include <openssl/params.h>

namespace awsml::detail {

AWSML_DECL EVP_MD* sha256_algorithm() {
    static EVP_MD* const algorithm = [] {
        EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
        if (!fetched)
            throw_crypto_failure("fetch the SHA256 digest");
        return fetched;
    }();
    return algorithm;
}

AWSML_DECL EVP_MAC* hmac_algorithm() {
    static EVP_MAC* const algorithm = [] {
        EVP_MAC* fetched = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
        if (!fetched)
            throw_crypto_failure("fetch the HMAC algorithm");
        return fetched;
    }();
    return algorithm;
}

AWSML_DECL EVP_MAC_CTX* new_hmac_sha256_context() {
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(hmac_algorithm());
    if (!ctx)
        return nullptr;
    char digest_name[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_MAC_CTX_set_params(ctx, params) != 1) {
        EVP_MAC_CTX_free(ctx);
        return nullptr;
    }
    return ctx;
}

AWSML_DECL EVP_MAC_CTX* thread_hmac_context() {
    mac_ctx_ptr& ctx = thread_hmac_slot();
    if (!ctx)
        ctx.reset(new_hmac_sha256_context());
    if (!ctx)
        throw_crypto_failure("set up an HMAC-SHA256 context");
    return ctx.get();
}

AWSML_DECL sha256_digest sha256(std::span<const std::string_view> parts) {
    EVP_MD_CTX* ctx = thread_digest_context();
    if (EVP_DigestInit_ex2(ctx, sha256_algorithm(), nullptr) != 1)
        throw_crypto_failure("start a SHA-256 digest");
    for (std::string_view part : parts)
        if (!part.empty() && EVP_DigestUpdate(ctx, part.data(), part.size()) != 1)
            throw_crypto_failure("update a SHA-256 digest");
    sha256_digest digest{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(ctx, digest.data(), &length) != 1 || length != sha256_size)
        throw_crypto_failure("finish a SHA-256 digest");
    return digest;
}

AWSML_DECL sha256_digest finish_hmac_sha256(EVP_MAC_CTX* ctx,
                                            std::span<const std::string_view> parts) {
    for (std::string_view part : parts)
        if (!part.empty() &&
            EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(part.data()), part.size()) !=
                1)
            throw_crypto_failure("update an HMAC-SHA256");
    sha256_digest mac{};
    std::size_t length = 0;
    if (EVP_MAC_final(ctx, mac.data(), &length, mac.size()) != 1 || length != sha256_size)
        throw_crypto_failure("finish an HMAC-SHA256");
    return mac;
}

AWSML_DECL sha256_digest hmac_sha256(std::span<const unsigned char> key,
                                     std::span<const std::string_view> parts) {
    EVP_MAC_CTX* ctx = thread_hmac_context();
    const thread_hmac_key_forgetter forget_key;
    if (EVP_MAC_init(ctx, key.empty() ? empty_key : key.data(), key.size(), nullptr) != 1)
        throw_crypto_failure("start an HMAC-SHA256");
    return finish_hmac_sha256(ctx, parts);
}

AWSML_DECL mac_ctx_ptr make_keyed_hmac_sha256(std::span<const unsigned char> key) {
    mac_ctx_ptr ctx(new_hmac_sha256_context());
    if (!ctx ||
        EVP_MAC_init(ctx.get(), key.empty() ? empty_key : key.data(), key.size(), nullptr) != 1)
        throw_crypto_failure("set up a keyed HMAC-SHA256 context");
    return ctx;
}

AWSML_DECL std::string sha1_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    std::size_t length = 0;
    if (EVP_Q_digest(nullptr, "SHA1", nullptr, data.data(), data.size(), digest, &length) != 1 ||
        length != 20)
        throw_crypto_failure("compute a SHA-1 digest");
    return to_hex(std::span<const unsigned char>(digest, length));
}

} // namespace awsml::detail
