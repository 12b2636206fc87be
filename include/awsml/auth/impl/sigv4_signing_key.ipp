#pragma once

// The definitions behind sigv4_signing_key.hpp: in every translation unit that includes it in the
// header-only mode, in <awsml/src.hpp> alone in the separate compilation mode.

#include <awsml/auth/sigv4_signing_key.hpp>

namespace awsml::sigv4 {

AWSML_DECL signing_key derive_signing_key(std::string_view secret_access_key, std::string_view day,
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

} // namespace awsml::sigv4
