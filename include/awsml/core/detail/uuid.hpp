#pragma once

// Random version 4 UUIDs ("c6f2a2f8-0d3b-4f0e-9a41-0f3c2b8e7d11"), the one formatter for every
// id that takes that form: amz-sdk-invocation-id, a DPoP proof's jti, awsml-local's request ids.
// They identify; they protect nothing, so a seeded Mersenne Twister is enough.

#include <awsml/core/detail/hex.hpp>

#include <cstdint>
#include <random>
#include <string>

namespace awsml::detail {

/// A version 4 (RFC 4122 variant) UUID from two 64-bit draws of `engine`.
template <class Engine>
std::string random_uuid(Engine& engine) {
    std::uint64_t high = engine(), low = engine();
    high = (high & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull; // version 4
    low = (low & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;   // RFC 4122 variant
    std::string out;
    out.reserve(36);
    for (int digit = 0; digit < 32; ++digit) {
        if (digit == 8 || digit == 12 || digit == 16 || digit == 20)
            out += '-';
        const std::uint64_t word = digit < 16 ? high : low;
        out += hex_digit(static_cast<unsigned>(word >> (60 - 4 * (digit % 16))));
    }
    return out;
}

/// A version 4 UUID from this thread's own engine, seeded once from std::random_device.
inline std::string random_uuid() {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return random_uuid(engine);
}

} // namespace awsml::detail
