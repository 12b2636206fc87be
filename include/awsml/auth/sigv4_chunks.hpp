#pragma once

/// \file
/// The chunk signatures of a SigV4 streaming upload: S3's aws-chunked bodies sent with
/// `x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD` (or its `-TRAILER` form). Each
/// chunk is signed with the request's signing key and chained from the signature before it,
/// starting from the request's own (the seed). So no chunk can be changed, dropped, reordered or
/// added, and the body cannot be cut short at a chunk boundary, without breaking the chain. A
/// signer and a verifier walk the same chain, one chunk at a time.

#include <awsml/auth/detail/crypto.hpp>
#include <awsml/auth/sigv4_signing_key.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace awsml::sigv4 {

/// The x-amz-content-sha256 value of a body signed chunk by chunk.
inline constexpr std::string_view streaming_signed_payload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
/// The same, with trailing headers (a checksum) signed after the final chunk.
inline constexpr std::string_view streaming_signed_payload_trailer =
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";

/// The chain of signatures over one request's chunks. It holds a derived key, never a secret,
/// and has no printed form.
class chunk_signature_chain {
public:
    /// `seed_signature` is the request's own signature, from its Authorization header.
    chunk_signature_chain(const signing_key& key, std::string amz_date, std::string scope,
                          std::string seed_signature)
        : key_(key)
        , amz_date_(std::move(amz_date))
        , scope_(std::move(scope))
        , previous_(std::move(seed_signature)) {}

    /// Signs the next chunk's bytes (the final chunk is empty) and moves the chain past it.
    std::string sign_chunk(std::string_view data) {
        previous_ = chunk_signature(data);
        return previous_;
    }

    /// Signs the trailing headers, each "name:value\n", after the final chunk.
    std::string sign_trailer(std::string_view trailer_lines) {
        previous_ = trailer_signature(trailer_lines);
        return previous_;
    }

    /// Whether `claimed` signs the next chunk; the chain moves past it only if so.
    bool verify_chunk(std::string_view data, std::string_view claimed) {
        return verified(chunk_signature(data), claimed);
    }

    /// Whether `claimed` signs the trailing headers ("name:value\n" each).
    bool verify_trailer(std::string_view trailer_lines, std::string_view claimed) {
        return verified(trailer_signature(trailer_lines), claimed);
    }

private:
    std::string chunk_signature(std::string_view data) const {
        return signature("AWS4-HMAC-SHA256-PAYLOAD",
                         detail::sha256_hex({}) + '\n' + detail::sha256_hex(data));
    }

    std::string trailer_signature(std::string_view trailer_lines) const {
        return signature("AWS4-HMAC-SHA256-TRAILER", detail::sha256_hex(trailer_lines));
    }

    std::string signature(std::string_view algorithm, std::string_view hashes) const {
        std::string to_sign;
        to_sign.reserve(algorithm.size() + amz_date_.size() + scope_.size() + previous_.size() +
                        hashes.size() + 4);
        for (std::string_view part : {algorithm, std::string_view(amz_date_),
                                      std::string_view(scope_), std::string_view(previous_)}) {
            to_sign += part;
            to_sign += '\n';
        }
        to_sign += hashes;
        return compute_signature(key_, to_sign);
    }

    bool verified(std::string expected, std::string_view claimed) {
        if (!detail::constant_time_equal(expected, claimed))
            return false;
        previous_ = std::move(expected);
        return true;
    }

    signing_key key_;
    std::string amz_date_, scope_, previous_;
};

} // namespace awsml::sigv4
