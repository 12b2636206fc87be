#pragma once

/// \file
/// The SigV4 signing key: the key derived from a secret access key for one day, region and
/// service (derive_signing_key), the signature it makes (compute_signature), and the cache of
/// derived keys that awsml::sigv4::signer holds. A secret is never kept in clear: the cache is
/// keyed on its SHA-256, and derived keys (and the HMAC contexts keyed with them) are wiped when
/// destroyed.

#include <awsml/auth/detail/crypto.hpp>
#include <awsml/core/detail/separate_compilation.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace awsml::sigv4 {

/// The key derived from a secret access key for one day, region and service. Its bytes are
/// wiped when it is destroyed; it has no printed form.
class signing_key {
public:
    /// All zero bytes: no key.
    signing_key() noexcept = default;
    /// Holds the 32 bytes of a derived key (derive_signing_key() makes them).
    explicit signing_key(const detail::sha256_digest& bytes) noexcept
        : bytes_(bytes) {}
    /// Copies the bytes; each copy wipes its own when destroyed.
    signing_key(const signing_key&) = default;
    /// Copies the bytes.
    signing_key& operator=(const signing_key&) = default;
    ~signing_key() { detail::secure_wipe(bytes_.data(), bytes_.size()); }

    /// The 32 key bytes, for HMAC; valid while the key lives.
    std::span<const unsigned char, detail::sha256_size> bytes() const noexcept { return bytes_; }

    friend bool operator==(const signing_key& a, const signing_key& b) noexcept {
        return CRYPTO_memcmp(a.bytes_.data(), b.bytes_.data(), a.bytes_.size()) == 0;
    }

private:
    detail::sha256_digest bytes_{};
};

/// HMAC chain "AWS4"+secret -> day -> region -> service -> "aws4_request".
AWSML_DECL signing_key derive_signing_key(std::string_view secret_access_key, std::string_view day,
                                          std::string_view region, std::string_view service);

/// Lowercase hex HMAC-SHA256 of the string to sign.
inline std::string compute_signature(const signing_key& key, std::string_view string_to_sign);

} // namespace awsml::sigv4

namespace awsml::detail::sigv4 {

/// Wipes a temporary that holds a secret when it goes out of scope, even on an exception.
struct wiped_string {
    std::string text;
    ~wiped_string() { secure_wipe(text); }
};

/// Derived signing keys for recent (secret, day, region, service) combinations, each with the
/// HMAC-SHA256 contexts keyed with it, so that a signature restarts from the stored key instead
/// of hashing it in again. A secret is represented only by its SHA-256, so the cache never holds
/// a secret in clear. A derived key and its contexts last no longer than their entry: evicting
/// it, or destroying the cache, wipes the key and frees the contexts (OpenSSL cleanses them); a
/// context in use at that moment is freed when its signature is done. Lookups take a mutex;
/// derivation and MACs run outside it, each on a context no other thread uses meanwhile.
class signing_key_cache {
public:
    struct stats_type {
        std::uint64_t hits = 0;
        std::uint64_t misses = 0;
        std::size_t entries = 0;
        std::size_t keyed_contexts = 0; ///< HMAC contexts holding a cached key, idle
    };

    explicit signing_key_cache(std::size_t capacity)
        : capacity_(capacity) {}

    /// HMAC-SHA256 of the concatenation of the parts with the key derived for (secret, day,
    /// region, service): the key source interface the signing cores call.
    sha256_digest operator()(std::string_view secret, std::string_view day, std::string_view region,
                             std::string_view service, std::span<const std::string_view> parts) {
        if (capacity_ == 0) {
            note_miss();
            return hmac_sha256(
                awsml::sigv4::derive_signing_key(secret, day, region, service).bytes(), parts);
        }
        keyed_context lease = checkout(sha256(secret), secret, day, region, service);
        const sha256_digest mac = hmac_sha256_with(lease.context.get(), parts);
        give_back(std::move(lease));
        return mac;
    }

    stats_type stats() const {
        const std::lock_guard lock(mutex_);
        std::size_t contexts = 0;
        for (const auto& e : entries_)
            contexts += e.idle_contexts.size();
        return {hits_, misses_, entries_.size(), contexts};
    }

private:
    struct entry {
        sha256_digest secret_fingerprint;
        std::string day;
        std::string region;
        std::string service;
        awsml::sigv4::signing_key key;
        std::vector<mac_ctx_ptr> idle_contexts; // keyed with `key`
        std::uint64_t id = 0;
        std::uint64_t last_used = 0;
    };

    /// A context keyed with an entry's key, used by one signature at a time.
    struct keyed_context {
        mac_ctx_ptr context;
        std::uint64_t entry_id = 0;
    };

    keyed_context checkout(const sha256_digest& fingerprint, std::string_view secret,
                           std::string_view day, std::string_view region,
                           std::string_view service) {
        awsml::sigv4::signing_key key;
        std::uint64_t entry_id = 0;
        {
            const std::lock_guard lock(mutex_);
            if (entry* found = find(fingerprint, day, region, service)) {
                found->last_used = ++tick_;
                ++hits_;
                if (!found->idle_contexts.empty()) {
                    keyed_context lease{std::move(found->idle_contexts.back()), found->id};
                    found->idle_contexts.pop_back();
                    return lease;
                }
                key = found->key;
                entry_id = found->id;
            } else {
                ++misses_;
            }
        }
        if (entry_id == 0) {
            key = awsml::sigv4::derive_signing_key(secret, day, region, service);
            const std::lock_guard lock(mutex_);
            const entry* found = find(fingerprint, day, region, service);
            entry_id = found ? found->id : insert(fingerprint, day, region, service, key);
        }
        return {make_keyed_hmac_sha256(key.bytes()), entry_id};
    }

    /// Keeps the context for the next signature with its key, unless its entry is gone; then
    /// it is freed here, with the key it holds.
    void give_back(keyed_context lease) {
        const std::lock_guard lock(mutex_);
        for (auto& e : entries_)
            if (e.id == lease.entry_id) {
                e.idle_contexts.push_back(std::move(lease.context));
                return;
            }
    }

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

    /// Returns the new entry's id.
    std::uint64_t insert(const sha256_digest& fingerprint, std::string_view day,
                         std::string_view region, std::string_view service,
                         const awsml::sigv4::signing_key& key) {
        entry fresh{
            fingerprint, std::string(day), std::string(region), std::string(service), key, {},
            ++next_id_,  ++tick_};
        if (entries_.size() < capacity_) {
            entries_.push_back(std::move(fresh));
            return next_id_;
        }
        auto oldest =
            std::min_element(entries_.begin(), entries_.end(), [](const entry& a, const entry& b) {
                return a.last_used < b.last_used;
            });
        *oldest = std::move(fresh); // frees the evicted key's contexts
        return next_id_;
    }

    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::vector<entry> entries_;
    std::uint64_t tick_ = 0;
    std::uint64_t next_id_ = 0;
    std::uint64_t hits_ = 0;
    std::uint64_t misses_ = 0;
};

} // namespace awsml::detail::sigv4

namespace awsml::sigv4 {

inline std::string compute_signature(const signing_key& key, std::string_view string_to_sign) {
    return detail::to_hex(detail::hmac_sha256(key.bytes(), string_to_sign));
}

} // namespace awsml::sigv4

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/auth/impl/sigv4_signing_key.ipp>
#endif
