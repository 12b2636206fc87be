// Signing a GetMLModel request (SigV4) as the client does on each attempt, in the same run:
//   signer_cached     awsml::sigv4::signer, its signing-key cache warm (the client's case);
//   signer_no_cache   awsml::sigv4::signer(0): the key derived each time (four more HMACs);
//   minimal_sigv4     the target's baseline: a minimal complete SigV4 signer
//                     (baseline_signer.hpp), its derived key cached, OpenSSL 3's algorithms
//                     fetched once; it must sign exactly as awsml does or the program stops;
//   openssl_floor     the cryptography alone with OpenSSL 3 at its best: two SHA-256 (payload,
//                     canonical request) and one HMAC-SHA256 (string to sign) of the same sizes,
//                     the algorithms fetched once and the contexts reused.
// Each signing iteration starts from the unsigned request (a copy-assignment, which reuses the
// strings' storage), as the client copies its prepared request before each attempt.
#include <awsml/auth/sigv4.hpp>

#include "baseline_signer.hpp"

#include <benchmark/benchmark.h>

#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <tuple>
#include <utility>

namespace {

awsml::http_request unsigned_request() {
    awsml::http_request r;
    r.method = "POST";
    r.scheme = "https";
    r.host = "machinelearning.us-east-1.amazonaws.com";
    r.port = 443;
    r.target = "/";
    r.headers = {{"Host", "machinelearning.us-east-1.amazonaws.com"},
                 {"Content-Type", "application/x-amz-json-1.1"},
                 {"X-Amz-Target", "AmazonML_20141212.GetMLModel"},
                 {"User-Agent", "awsml/0.1.0 ua/2.0 os/linux lang/cpp"},
                 {"amz-sdk-invocation-id", "5f3b0a8e-2c41-4d1e-9a57-0c8e4b7f9d21"},
                 {"amz-sdk-request", "attempt=1; max=3"}};
    r.body = R"({"MLModelId":"ml-tGvRzy5Dr8Q","Verbose":true})";
    return r;
}

awsml::sigv4::signing_params params() {
    awsml::sigv4::signing_params p;
    p.credentials.access_key_id = "AKIAIOSFODNN7EXAMPLE";
    p.credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    p.region = "us-east-1";
    p.service = "machinelearning";
    p.time = std::chrono::sys_days{std::chrono::year{2024} / 6 / 1} + std::chrono::hours(12);
    return p;
}

// What the client does on each attempt: signer::add_signature, which builds no
// signing_details.
void sign_with(benchmark::State& state, std::size_t key_cache_capacity) {
    awsml::sigv4::signer signer(key_cache_capacity);
    const awsml::http_request prototype = unsigned_request();
    const awsml::sigv4::signing_params p = params();
    awsml::http_request request = prototype;
    for (auto _ : state) {
        request = prototype;
        signer.add_signature(request, p);
        benchmark::DoNotOptimize(request);
    }
}

void signer_cached(benchmark::State& state) {
    sign_with(state, 8);
}
void signer_no_cache(benchmark::State& state) {
    sign_with(state, 0);
}

// signer::sign, which also returns the canonical request, string to sign and the rest.
void signer_cached_with_details(benchmark::State& state) {
    awsml::sigv4::signer signer(8);
    const awsml::http_request prototype = unsigned_request();
    const awsml::sigv4::signing_params p = params();
    awsml::http_request request = prototype;
    for (auto _ : state) {
        request = prototype;
        auto details = signer.sign(request, p);
        benchmark::DoNotOptimize(details);
    }
}

baseline::signing_input baseline_input(const awsml::sigv4::signing_params& p) {
    return {p.credentials.access_key_id,
            p.credentials.secret_access_key,
            p.credentials.session_token,
            p.region,
            p.service,
            *p.time};
}

void minimal_sigv4(benchmark::State& state) {
    baseline::minimal_signer signer;
    const awsml::http_request prototype = unsigned_request();
    const awsml::sigv4::signing_params p = params();
    const baseline::signing_input input = baseline_input(p);
    awsml::http_request request = prototype;
    for (auto _ : state) {
        request = prototype;
        signer.sign(request, input);
        benchmark::DoNotOptimize(request);
    }
}

// The baseline must do the same work: the same headers, the same signature, also for a request
// that exercises what GetMLModel does not (path, query, repeated and untrimmed headers, token).
void check_baseline_signs_as_awsml() {
    awsml::http_request odd = unsigned_request();
    odd.method = "GET";
    odd.target = "/a/./b//c/../d e/?z=1&a=%2f&a=0&flag";
    odd.headers.push_back({"X-Custom", "  two   words \t here "});
    odd.headers.push_back({"x-custom", "second"});
    awsml::sigv4::signing_params with_token = params();
    with_token.credentials.session_token = "token/with+characters=";
    const std::pair<awsml::http_request, awsml::sigv4::signing_params> cases[] = {
        {unsigned_request(), params()}, {odd, params()}, {odd, with_token}};
    for (const auto& [prototype, p] : cases) {
        awsml::http_request by_awsml = prototype, by_baseline = prototype;
        awsml::sigv4::signer(8).add_signature(by_awsml, p);
        baseline::minimal_signer().sign(by_baseline, baseline_input(p));
        const auto sorted = [](awsml::http_headers headers) {
            std::sort(headers.begin(), headers.end(), [](const auto& a, const auto& b) {
                return std::tie(a.name, a.value) < std::tie(b.name, b.value);
            });
            return headers;
        };
        if (sorted(by_awsml.headers) != sorted(by_baseline.headers)) {
            std::fputs("bench_sign: the baseline signer does not sign as awsml does\n", stderr);
            std::exit(1);
        }
    }
}

// The sizes the floor hashes: those of the real canonical request and string to sign.
struct signing_sizes {
    std::size_t canonical_request = 0;
    std::size_t string_to_sign = 0;
};

signing_sizes real_sizes() {
    awsml::http_request request = unsigned_request();
    auto details = awsml::sigv4::sign(request, params());
    return {details.canonical_request.size(), details.string_to_sign.size()};
}

void openssl_floor(benchmark::State& state) {
    const signing_sizes sizes = real_sizes();
    const std::string body = unsigned_request().body;
    const std::string canonical(sizes.canonical_request, 'c');
    const std::string to_sign(sizes.string_to_sign, 's');
    unsigned char key[32] = {7};

    EVP_MD* sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    EVP_MAC_CTX* mac = EVP_MAC_CTX_new(hmac);
    char digest_name[] = "SHA256";
    const OSSL_PARAM mac_params[] = {OSSL_PARAM_construct_utf8_string("digest", digest_name, 0),
                                     OSSL_PARAM_construct_end()};
    if (!sha256 || !hmac || !md || !mac || EVP_MAC_CTX_set_params(mac, mac_params) != 1) {
        std::fputs("bench_sign: OpenSSL setup failed\n", stderr);
        std::exit(1);
    }
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    std::size_t mac_length = 0;
    auto digest = [&](const std::string& data) {
        EVP_DigestInit_ex2(md, sha256, nullptr);
        EVP_DigestUpdate(md, data.data(), data.size());
        EVP_DigestFinal_ex(md, out, &length);
    };
    for (auto _ : state) {
        digest(body);
        digest(canonical);
        EVP_MAC_init(mac, key, sizeof key, nullptr);
        EVP_MAC_update(mac, reinterpret_cast<const unsigned char*>(to_sign.data()), to_sign.size());
        EVP_MAC_final(mac, out, &mac_length, sizeof out);
        benchmark::DoNotOptimize(out);
    }
    EVP_MAC_CTX_free(mac);
    EVP_MD_CTX_free(md);
    EVP_MAC_free(hmac);
    EVP_MD_free(sha256);
}

// Pieces of the signer's work, to explain the ratios above (not targets).
void piece_canonical_headers(benchmark::State& state) {
    awsml::http_request request = unsigned_request();
    request.headers.push_back({"X-Amz-Date", "20240601T120000Z"});
    for (auto _ : state) {
        auto block = awsml::sigv4::canonical_headers(request.headers);
        benchmark::DoNotOptimize(block);
    }
}
void piece_secret_fingerprint(benchmark::State& state) { // the key cache's lookup key, per call
    const std::string secret = params().credentials.secret_access_key;
    for (auto _ : state) {
        auto digest = awsml::detail::sha256(secret);
        benchmark::DoNotOptimize(digest);
    }
}
void piece_derive_key(benchmark::State& state) { // what the cache saves: four HMACs
    const auto p = params();
    for (auto _ : state) {
        auto key = awsml::sigv4::derive_signing_key(p.credentials.secret_access_key, "20240601",
                                                    p.region, p.service);
        benchmark::DoNotOptimize(key);
    }
}

BENCHMARK(signer_cached);
BENCHMARK(signer_no_cache);
BENCHMARK(signer_cached_with_details);
BENCHMARK(minimal_sigv4);
BENCHMARK(openssl_floor);
BENCHMARK(piece_canonical_headers);
BENCHMARK(piece_secret_fingerprint);
BENCHMARK(piece_derive_key);

} // namespace

int main(int argc, char** argv) {
    check_baseline_signs_as_awsml();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
