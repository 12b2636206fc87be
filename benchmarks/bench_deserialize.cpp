// Decoding GetMLModel responses into awsml::get_ml_model_output: awsml's metadata-driven
// decoder against, in the same run, Boost.JSON's DOM parse alone (default allocator), DOM plus
// hand-written mapping, nlohmann::json parse plus mapping, and simdjson on-demand straight into
// the struct; also basic_parser with a do-nothing handler, the floor under awsml's decoder.
// The figures that matter are the ratios between rows, not the times.
//
// Data sets: "corpus" (56 generated responses, half verbose, decoded one after the other in
// each iteration), "large" (one verbose response of ~130 KB) and "sample" (the README's verbose
// response, which benchmarks/boto3_bench.py hands to botocore's parser).
#include "baseline_decoders.hpp"
#include "corpus.hpp"

#include <awsml/model/from_json.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace {

namespace json = boost::json;
using awsml_bench::simdjson_ondemand::od::parser;

struct data_set {
    std::vector<std::string> docs;
    std::vector<simdjson::padded_string>
        padded; // simdjson's input needs spare bytes after the text
    std::size_t bytes = 0;
};

data_set make_data_set(std::vector<std::string> docs) {
    data_set set;
    set.docs = std::move(docs);
    for (const auto& d : set.docs)
        set.padded.emplace_back(d);
    set.bytes = awsml_bench::total_size(set.docs);
    return set;
}

const data_set& corpus() {
    static const data_set set = make_data_set(awsml_bench::generated_responses(AWSML_MODELS));
    return set;
}
const data_set& large() {
    static const data_set set = make_data_set({awsml_bench::large_verbose_response(AWSML_MODELS)});
    return set;
}
const data_set& sample() {
    static const data_set set = make_data_set({awsml_bench::read_text_file(AWSML_SAMPLE_RESPONSE)});
    return set;
}

using data = const data_set& (*)();

void count(benchmark::State& state, const data_set& set) {
    state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(set.docs.size()));
    state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(set.bytes));
}

void awsml_decoder(benchmark::State& state, data which) {
    const data_set& set = which();
    for (auto _ : state)
        for (const auto& doc : set.docs) {
            auto model = awsml::from_json<awsml::get_ml_model_output>(doc);
            benchmark::DoNotOptimize(model);
        }
    count(state, set);
}

void boost_json_dom(benchmark::State& state, data which) {
    const data_set& set = which();
    for (auto _ : state)
        for (const auto& doc : set.docs) {
            auto value = json::parse(doc);
            benchmark::DoNotOptimize(value);
        }
    count(state, set);
}

// Not a decoder: basic_parser validating and unescaping with a handler that stores nothing, the
// floor under any decoder built on basic_parser (awsml's is one).
void boost_json_null_handler(benchmark::State& state, data which) {
    const data_set& set = which();
    for (auto _ : state)
        for (const auto& doc : set.docs)
            benchmark::DoNotOptimize(awsml_bench::boost_null::parse(doc));
    count(state, set);
}

void boost_json_dom_mapping(benchmark::State& state, data which) {
    const data_set& set = which();
    for (auto _ : state)
        for (const auto& doc : set.docs) {
            auto model = awsml_bench::boost_dom::decode(doc);
            benchmark::DoNotOptimize(model);
        }
    count(state, set);
}

void nlohmann_mapping(benchmark::State& state, data which) {
    const data_set& set = which();
    for (auto _ : state)
        for (const auto& doc : set.docs) {
            auto model = awsml_bench::nlohmann_dom::decode(doc);
            benchmark::DoNotOptimize(model);
        }
    count(state, set);
}

void simdjson_ondemand(benchmark::State& state, data which) {
    const data_set& set = which();
    parser p; // reused, as simdjson recommends; it keeps its buffers between documents
    for (auto _ : state)
        for (const auto& doc : set.padded) {
            auto model = awsml_bench::simdjson_ondemand::decode(p, doc);
            benchmark::DoNotOptimize(model);
        }
    count(state, set);
}

// The comparison is only fair if every decoder produces the same struct.
void check_decoders_agree(const char* name, const data_set& set) {
    parser p;
    for (std::size_t i = 0; i < set.docs.size(); ++i) {
        const auto expected = awsml::from_json<awsml::get_ml_model_output>(set.docs[i]);
        const bool same = awsml_bench::boost_dom::decode(set.docs[i]) == expected &&
                          awsml_bench::nlohmann_dom::decode(set.docs[i]) == expected &&
                          awsml_bench::simdjson_ondemand::decode(p, set.padded[i]) == expected;
        if (!same) {
            std::fprintf(stderr, "bench_deserialize: the decoders disagree on %s document %zu\n",
                         name, i);
            std::exit(1);
        }
    }
}

void register_all() {
    const std::pair<const char*, data> sets[] = {
        {"corpus", &corpus}, {"large", &large}, {"sample", &sample}};
    for (auto [name, which] : sets) {
        check_decoders_agree(name, which());
        const std::string suffix = std::string("/") + name;
        benchmark::RegisterBenchmark(("boost_json_dom" + suffix).c_str(), boost_json_dom, which);
        benchmark::RegisterBenchmark(("boost_json_null_handler" + suffix).c_str(),
                                     boost_json_null_handler, which);
        benchmark::RegisterBenchmark(("boost_json_dom_mapping" + suffix).c_str(),
                                     boost_json_dom_mapping, which);
        benchmark::RegisterBenchmark(("nlohmann_mapping" + suffix).c_str(), nlohmann_mapping,
                                     which);
        benchmark::RegisterBenchmark(("simdjson_ondemand" + suffix).c_str(), simdjson_ondemand,
                                     which);
        benchmark::RegisterBenchmark(("awsml" + suffix).c_str(), awsml_decoder, which);
    }
    const auto& c = corpus().docs;
    std::size_t verbose = 0, smallest = c.front().size(), largest = 0;
    for (const auto& d : c) {
        verbose += d.find("\"Recipe\"") != std::string::npos;
        smallest = std::min(smallest, d.size());
        largest = std::max(largest, d.size());
    }
    benchmark::AddCustomContext(
        "corpus", std::to_string(c.size()) + " documents, " + std::to_string(verbose) +
                      " verbose, " + std::to_string(smallest) + " to " + std::to_string(largest) +
                      " bytes, " + std::to_string(corpus().bytes) + " in all");
    benchmark::AddCustomContext("large", std::to_string(large().bytes) + " bytes");
    benchmark::AddCustomContext("sample", std::to_string(sample().bytes) + " bytes");
}

// `--decode_only=DECODER:N` decodes the corpus N times with one decoder and exits, for
// scripts/bench to count instructions under valgrind: unlike times on a shared machine, the
// counts do not depend on what else runs (N=0 measures the setup, which is subtracted).
int decode_only(std::string_view spec) {
    const auto colon = spec.find(':');
    const std::string_view name = spec.substr(0, colon);
    const int times = colon == std::string_view::npos ? 1 : std::atoi(spec.data() + colon + 1);
    const data_set& set = corpus();
    parser p;
    std::size_t sink = 0;
    for (int i = 0; i < times; ++i)
        for (std::size_t d = 0; d < set.docs.size(); ++d) {
            const std::string& doc = set.docs[d];
            if (name == "awsml")
                sink += awsml::from_json<awsml::get_ml_model_output>(doc).name.has_value();
            else if (name == "boost_json_dom")
                sink += json::parse(doc).as_object().size();
            else if (name == "boost_json_null_handler")
                sink += awsml_bench::boost_null::parse(doc);
            else if (name == "boost_json_dom_mapping")
                sink += awsml_bench::boost_dom::decode(doc).name.has_value();
            else if (name == "nlohmann_mapping")
                sink += awsml_bench::nlohmann_dom::decode(doc).name.has_value();
            else if (name == "simdjson_ondemand")
                sink += awsml_bench::simdjson_ondemand::decode(p, set.padded[d]).name.has_value();
            else {
                std::fprintf(stderr, "bench_deserialize: unknown decoder %.*s\n", int(name.size()),
                             name.data());
                return 2;
            }
        }
    std::printf("%zu documents decoded\n", sink);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    constexpr std::string_view decode_only_flag = "--decode_only=";
    if (argc == 2 &&
        std::string_view(argv[1]).substr(0, decode_only_flag.size()) == decode_only_flag)
        return decode_only(std::string_view(argv[1]).substr(decode_only_flag.size()));
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    register_all();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}
