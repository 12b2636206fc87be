// Heap use of decoding one GetMLModel response, per decoder: allocations per document, bytes
// allocated per document and the peak of live heap bytes while decoding (the result included),
// counted by replacing the global operator new and delete in this binary. Decoding is not
// timed here (bench_deserialize does that), so the counting costs no figure anything.
//
// For awsml the allocations are checked against a budget: one per string present (each string
// member, each map key and each map value) plus one per map (its flat_map's entries), plus a
// constant. "needed" is what any decoder into this struct must allocate: the strings longer
// than the small-string buffer (15 bytes in libstdc++) plus each map's entries. awsml_reused
// decodes every document into one value that keeps its memory (awsml::from_json(text, out)).
#include "baseline_decoders.hpp"
#include "corpus.hpp"

#include <awsml/model/from_json.hpp>

#include <benchmark/benchmark.h>

#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdlib>
#include <new>

namespace {

struct heap_counters {
    bool counting = false;
    std::size_t allocations = 0;
    std::size_t bytes = 0;
    std::size_t live = 0;
    std::size_t peak = 0;
};
heap_counters heap; // the benchmarks run on one thread

void* counted_allocation(std::size_t size) {
    void* p = std::malloc(size ? size : 1);
    if (!p)
        throw std::bad_alloc();
    if (heap.counting) {
        ++heap.allocations;
        std::size_t usable = malloc_usable_size(p);
        heap.bytes += usable;
        heap.live += usable;
        heap.peak = std::max(heap.peak, heap.live);
    }
    return p;
}

void counted_release(void* p) noexcept {
    if (!p)
        return;
    if (heap.counting) {
        std::size_t usable = malloc_usable_size(p);
        heap.live = heap.live > usable ? heap.live - usable : 0;
    }
    std::free(p);
}

} // namespace

void* operator new(std::size_t size) {
    return counted_allocation(size);
}
void* operator new[](std::size_t size) {
    return counted_allocation(size);
}
void operator delete(void* p) noexcept {
    counted_release(p);
}
void operator delete[](void* p) noexcept {
    counted_release(p);
}
void operator delete(void* p, std::size_t) noexcept {
    counted_release(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    counted_release(p);
}

namespace {

struct heap_use {
    std::size_t allocations = 0;
    std::size_t bytes = 0;
    std::size_t peak = 0;
};

template <class Decode>
heap_use measure(Decode&& decode) {
    heap = heap_counters{};
    heap.counting = true;
    decode();
    heap.counting = false;
    return {heap.allocations, heap.bytes, heap.peak};
}

// What the decoded struct holds on the heap, to judge awsml's allocation count by.
struct held_strings {
    std::size_t present = 0; // strings present, map keys and values included
    std::size_t maps = 0;    // maps present (one allocation holds all of a flat_map's entries)
    std::size_t long_strings = 0;
};

held_strings strings_held(const awsml::get_ml_model_output& m) {
    held_strings h;
    auto note = [&](const std::optional<std::string>& s) {
        if (!s)
            return;
        ++h.present;
        h.long_strings += s->size() > 15;
    };
    for (const auto* s :
         {&m.ml_model_id, &m.training_data_source_id, &m.created_by_iam_user, &m.name,
          &m.input_data_location_s3, &m.log_uri, &m.message, &m.recipe, &m.schema})
        note(*s);
    if (m.endpoint_info)
        note(m.endpoint_info->endpoint_url);
    if (m.training_parameters && !m.training_parameters->empty())
        ++h.maps;
    if (m.training_parameters)
        for (const auto& [k, v] : *m.training_parameters) {
            h.present += 2;
            h.long_strings += (k.size() > 15) + (v.size() > 15);
        }
    return h;
}

enum class decoder {
    awsml,
    awsml_reused,
    boost_json_dom,
    boost_json_dom_mapping,
    nlohmann_mapping,
    simdjson_ondemand
};

heap_use decode_once(decoder which, const std::string& text, const simdjson::padded_string& padded,
                     simdjson::ondemand::parser& parser) {
    switch (which) {
    case decoder::awsml:
        return measure(
            [&] { benchmark::DoNotOptimize(awsml::from_json<awsml::get_ml_model_output>(text)); });
    case decoder::awsml_reused: {
        static awsml::get_ml_model_output reused; // one value for every document
        return measure([&] {
            awsml::from_json(text, reused);
            benchmark::DoNotOptimize(reused);
        });
    }
    case decoder::boost_json_dom:
        return measure([&] { benchmark::DoNotOptimize(boost::json::parse(text)); });
    case decoder::boost_json_dom_mapping:
        return measure([&] { benchmark::DoNotOptimize(awsml_bench::boost_dom::decode(text)); });
    case decoder::nlohmann_mapping:
        return measure([&] { benchmark::DoNotOptimize(awsml_bench::nlohmann_dom::decode(text)); });
    case decoder::simdjson_ondemand:
        return measure([&] {
            benchmark::DoNotOptimize(awsml_bench::simdjson_ondemand::decode(parser, padded));
        });
    }
    return {};
}

void heap_per_document(benchmark::State& state, decoder which,
                       const std::vector<std::string>* docs) {
    std::vector<simdjson::padded_string> padded(docs->begin(), docs->end());
    simdjson::ondemand::parser parser;
    // The parser's buffers are made on first use and kept: that one-off cost is left out, as a
    // program decoding many responses pays it once.
    for (const auto& p : padded)
        awsml_bench::simdjson_ondemand::decode(parser, p);

    std::size_t allocations = 0, bytes = 0, peak = 0;
    std::size_t present = 0, maps = 0, needed = 0;
    long worst_excess = 0; // the most allocations beyond the budget in any one document
    for (auto _ : state) {
        for (std::size_t i = 0; i < docs->size(); ++i) {
            heap_use use = decode_once(which, (*docs)[i], padded[i], parser);
            allocations += use.allocations;
            bytes += use.bytes;
            peak = std::max(peak, use.peak);
            const held_strings held =
                strings_held(awsml::from_json<awsml::get_ml_model_output>((*docs)[i]));
            present += held.present;
            maps += held.maps;
            needed += held.long_strings + held.maps;
            worst_excess =
                std::max(worst_excess, long(use.allocations) - long(held.present + held.maps));
        }
    }
    const double n = double(docs->size() * state.iterations());
    state.counters["allocs_per_doc"] = double(allocations) / n;
    state.counters["bytes_per_doc"] = double(bytes) / n;
    state.counters["peak_heap_bytes"] = double(peak);
    state.counters["strings_plus_maps_per_doc"] = double(present + maps) / n;
    state.counters["needed_per_doc"] = double(needed) / n;
    state.counters["worst_excess"] = double(worst_excess);
}

void process_peak(benchmark::State& state) {
    for (auto _ : state) {
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    state.counters["maxrss_kb"] = double(usage.ru_maxrss);
}

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    static const std::vector<std::string> corpus = awsml_bench::generated_responses(AWSML_MODELS);
    static const std::vector<std::string> large = {
        awsml_bench::large_verbose_response(AWSML_MODELS)};
    const std::pair<const char*, decoder> decoders[] = {
        {"awsml", decoder::awsml},
        {"awsml_reused", decoder::awsml_reused},
        {"boost_json_dom", decoder::boost_json_dom},
        {"boost_json_dom_mapping", decoder::boost_json_dom_mapping},
        {"nlohmann_mapping", decoder::nlohmann_mapping},
        {"simdjson_ondemand", decoder::simdjson_ondemand}};
    for (const auto& [set, docs] : {std::pair{"corpus", &corpus}, std::pair{"large", &large}})
        for (const auto& [name, which] : decoders)
            benchmark::RegisterBenchmark((std::string("heap_") + name + "/" + set).c_str(),
                                         heap_per_document, which, docs)
                ->Iterations(1);
    benchmark::RegisterBenchmark("process_maxrss", process_peak)->Iterations(1);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}
