#pragma once

// The definitions behind dpop_proof.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

#include <awsml/auth/detail/crypto.hpp>
#include <awsml/auth/detail/dpop_proof.hpp>
#include <awsml/model/blob.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/x509.h>

#include <array>
#include <optional>
#include <string_view>
#include <vector>

namespace awsml::detail {

namespace dpop {

struct bignum_deleter {
    void operator()(BIGNUM* number) const noexcept { BN_clear_free(number); }
};

// The key's base64 DER: every line that is not a BEGIN or END line, joined (botocore's reading).
inline std::string pem_body(std::string_view pem) {
    std::string body;
    while (!pem.empty()) {
        const auto end = pem.find('\n');
        std::string_view line = pem.substr(0, end);
        pem = end == std::string_view::npos ? std::string_view() : pem.substr(end + 1);
        if (line.starts_with("-----BEGIN") || line.starts_with("-----END"))
            continue;
        for (char c : line)
            if (c != '\r' && c != ' ' && c != '\t')
                body += c;
    }
    return body;
}

inline std::optional<std::string> coordinate(const EVP_PKEY* key, const char* name) {
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1)
        return std::nullopt;
    const std::unique_ptr<BIGNUM, bignum_deleter> number(raw);
    std::array<unsigned char, 32> bytes{};
    if (BN_bn2binpad(number.get(), bytes.data(), static_cast<int>(bytes.size())) != 32)
        return std::nullopt;
    return base64url({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
}

} // namespace dpop

AWSML_DECL std::string base64url(std::string_view bytes) {
    std::string text = base64_encode(bytes);
    while (!text.empty() && text.back() == '=')
        text.pop_back();
    for (char& c : text)
        c = c == '+' ? '-' : c == '/' ? '_' : c;
    return text;
}

AWSML_DECL boost::system::result<dpop_key, std::string> dpop_key::from_pem(std::string_view pem) {
    std::string body = dpop::pem_body(pem);
    auto der = base64_decode(body);
    secure_wipe(body);
    if (!der || der->empty())
        return std::string("is not a PEM private key (its body is not base64)");
    const unsigned char* cursor = der->data();
    EVP_PKEY* parsed = d2i_AutoPrivateKey(nullptr, &cursor, static_cast<long>(der->size()));
    secure_wipe(der->data(), der->size());
    if (!parsed)
        return std::string("is not a private key that OpenSSL can read (SEC1 or PKCS #8 DER)");
    dpop_key key;
    key.key_.reset(parsed, pkey_deleter());
    char group[64] = {};
    std::size_t group_size = 0;
    if (!EVP_PKEY_is_a(parsed, "EC") ||
        EVP_PKEY_get_utf8_string_param(parsed, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                       &group_size) != 1 ||
        std::string_view(group, group_size) != "prime256v1")
        return std::string("is not an EC key on P-256 (prime256v1), which ES256 needs");
    auto x = dpop::coordinate(parsed, OSSL_PKEY_PARAM_EC_PUB_X);
    auto y = dpop::coordinate(parsed, OSSL_PKEY_PARAM_EC_PUB_Y);
    if (!x || !y)
        return std::string("has no public point OpenSSL can give");
    key.x_ = std::move(*x);
    key.y_ = std::move(*y);
    return key;
}

AWSML_DECL std::string dpop_key::sign(std::string_view signing_input) const {
    const std::unique_ptr<EVP_MD_CTX, md_ctx_deleter> context(EVP_MD_CTX_new());
    std::size_t size = 0;
    if (!context ||
        EVP_DigestSignInit_ex(context.get(), nullptr, "SHA256", nullptr, nullptr, key_.get(),
                              nullptr) != 1 ||
        EVP_DigestSign(context.get(), nullptr, &size,
                       reinterpret_cast<const unsigned char*>(signing_input.data()),
                       signing_input.size()) != 1)
        throw_crypto_failure("start an ES256 signature");
    std::vector<unsigned char> der(size);
    if (EVP_DigestSign(context.get(), der.data(), &size,
                       reinterpret_cast<const unsigned char*>(signing_input.data()),
                       signing_input.size()) != 1)
        throw_crypto_failure("make an ES256 signature");
    const unsigned char* cursor = der.data();
    const std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> signature(
        d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(size)), &ECDSA_SIG_free);
    std::array<unsigned char, 64> pair{};
    if (!signature || BN_bn2binpad(ECDSA_SIG_get0_r(signature.get()), pair.data(), 32) != 32 ||
        BN_bn2binpad(ECDSA_SIG_get0_s(signature.get()), pair.data() + 32, 32) != 32)
        throw_crypto_failure("read an ES256 signature");
    return base64url({reinterpret_cast<const char*>(pair.data()), pair.size()});
}

AWSML_DECL std::string dpop_proof(const dpop_key& key, std::string_view url, std::int64_t issued_at,
                                  std::string_view id) {
    boost::json::object jwk;
    jwk["kty"] = "EC";
    jwk["x"] = key.x();
    jwk["y"] = key.y();
    jwk["crv"] = "P-256";
    boost::json::object header;
    header["typ"] = "dpop+jwt";
    header["alg"] = "ES256";
    header["jwk"] = std::move(jwk);
    boost::json::object payload;
    payload["htm"] = "POST";
    payload["htu"] = url;
    payload["iat"] = issued_at;
    payload["jti"] = id;
    std::string signing_input = base64url(boost::json::serialize(header)) + "." +
                                base64url(boost::json::serialize(payload));
    std::string signature = key.sign(signing_input);
    return signing_input + "." + signature;
}

} // namespace awsml::detail
