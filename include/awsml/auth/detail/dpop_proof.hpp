#pragma once

// DPoP proofs (RFC 9449), as an `aws login` session sends them to AWS Sign-In: a JWT signed
// with ES256 by the session's own P-256 key, binding each token request to that key. Written as
// botocore's _build_dpop_header writes them (the same members in the same order), over OpenSSL
// 3's libcrypto. The key is a secret: no message here holds any part of it.

#include <awsml/core/detail/separate_compilation.hpp>

#include <boost/system/result.hpp>

#include <openssl/evp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace awsml::detail {

struct pkey_deleter {
    void operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }
};

/// A login session's private key: an EC key on P-256 (prime256v1).
class dpop_key {
public:
    /// From the token cache's dpopKey: PEM as the AWS CLI writes it (SEC1, "EC PRIVATE KEY"), or
    /// PKCS #8; like botocore, the lines between the BEGIN and END lines are read as base64 DER
    /// whatever the labels say. Otherwise why not, in words that hold nothing of the key.
    AWSML_DECL static boost::system::result<dpop_key, std::string> from_pem(std::string_view pem);

    /// The public point's coordinates, base64url without padding (the JWK's "x" and "y").
    const std::string& x() const noexcept { return x_; }
    const std::string& y() const noexcept { return y_; }

    /// ES256 of `signing_input`: the 64-byte r || s, base64url without padding. Throws
    /// awsml::error (errc::signature_error) only when libcrypto itself fails.
    AWSML_DECL std::string sign(std::string_view signing_input) const;

private:
    std::shared_ptr<EVP_PKEY> key_;
    std::string x_;
    std::string y_;
};

/// base64url (RFC 4648 section 5) without padding, as JWTs write every part.
AWSML_DECL std::string base64url(std::string_view bytes);

/// A DPoP proof for a POST to `url` at `issued_at` (Unix seconds) with the unique `id`:
/// header {"typ":"dpop+jwt","alg":"ES256","jwk":{...}}, payload {"htm","htu","iat","jti"}.
AWSML_DECL std::string dpop_proof(const dpop_key& key, std::string_view url, std::int64_t issued_at,
                                  std::string_view id);

} // namespace awsml::detail

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/auth/detail/impl/dpop_proof.ipp>
#endif
