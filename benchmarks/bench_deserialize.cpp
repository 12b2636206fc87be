// Decoding GetMLModel responses into awsml::get_ml_model_output: awsml's metadata-driven
// decoder against, in the same run, Boost.JSON's DOM parse alone (default allocator), DOM plus
// hand-written mapping, nlohmann::json parse plus mapping, and simdjson on-demand straight into
// the struct; also basic_parser with a do-nothing handler, the floor under awsml's decoder.
// The figures that matter are the ratios between rows, not the times.
//
// Data sets: "corpus" (56 generated responses, half verbose, decoded one after the other in
// each iteration), "hard_corpus" (200 GetMLModel responses with hard values, against the DOM
// parse and simdjson only), "large" (one verbose response of ~130 KB) and "sample" (the README's
// verbose response, which benchmarks/boto3_bench.py hands to botocore's parser).
//
// And for each of the 28 operations, its largest output ("largest:DescribeMLModels", a page of
// 100 results; benchmarks/largest_responses.hpp generates them from the shapes, with hard values
// and unknown members), decoded by awsml::from_json<Op::output> against Boost.JSON's DOM parse;
// the four Describe* pages also in the service's everyday style ("largest_typical:..."); and
// its stream ("stream:DescribeMLModels": distinct largest outputs adding up to 1 MiB).
#include "baseline_decoders.hpp"
#include "corpus.hpp"
#include "largest_responses.hpp"

#include <awsml/machinelearning/service.hpp>
#include <awsml/model/detail/optimistic_json_reader.hpp>
#include <awsml/model/from_json.hpp>

#include <benchmark/benchmark.h>

#include <boost/mp11/algorithm.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
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

// The same, each document decoded into one value that keeps its memory between documents
// (awsml::from_json(text, out)), as a program reading many responses in a loop can.
void awsml_reused(benchmark::State& state, data which) {
    const data_set& set = which();
    awsml::get_ml_model_output model;
    for (auto _ : state)
        for (const auto& doc : set.docs) {
            awsml::from_json(doc, model);
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

// --- the largest output of each operation --------------------------------------------------

/// One operation's largest output, in one style; or a stream of them.
struct operation_document {
    std::string name; ///< the data set's name: "largest:GetMLModel", "largest_typical:...",
                      ///< "stream:GetMLModel"
    data_set set;     ///< the one document; a stream's documents
    /// Whether awsml's optimistic reader takes the document whole; when it declines (an error,
    /// an exponent beyond 2^30), basic_parser decodes the document again from the start.
    bool read_optimistically;
    std::size_t page_results; ///< a Describe* page: its results (else 0)
    void (*awsml_benchmark)(benchmark::State&, const operation_document*);
    void (*decode)(std::string_view); ///< awsml::from_json of the operation's output
};

template <class Output>
void awsml_largest(benchmark::State& state, const operation_document* doc) {
    for (auto _ : state)
        for (const auto& text : doc->set.docs) {
            auto output = awsml::from_json<Output>(text);
            benchmark::DoNotOptimize(output);
        }
    count(state, doc->set);
    state.counters["doc_bytes"] = double(doc->set.bytes) / double(doc->set.docs.size());
    state.counters["optimistic"] = doc->read_optimistically;
    state.counters["page_results"] = double(doc->page_results);
}

void boost_json_dom_largest(benchmark::State& state, const operation_document* doc) {
    for (auto _ : state)
        for (const auto& text : doc->set.docs) {
            auto value = json::parse(text);
            benchmark::DoNotOptimize(value);
        }
    count(state, doc->set);
    state.counters["doc_bytes"] = double(doc->set.bytes) / double(doc->set.docs.size());
}

template <class Output>
bool read_optimistically(std::string_view text) {
    namespace detail = awsml::detail;
    Output output{};
    detail::json_decoder handler({&output, &detail::ops_for<Output>(), nullptr, nullptr});
    detail::unescape_buffer scratch;
    detail::optimistic_json_reader<detail::json_decoder> reader(
        handler, detail::json_decoder::depth_limit, scratch);
    return reader.read(text);
}

template <class Op>
std::string largest_name(awsml_bench::largest::style style) {
    return (style == awsml_bench::largest::style::hard ? "largest:" : "largest_typical:") +
           std::string(Op::name);
}

template <class Output>
void decode_output(std::string_view text) {
    auto output = awsml::from_json<Output>(text);
    benchmark::DoNotOptimize(output);
}

// The comparison is only fair if awsml decodes all of the document (and the DOM parses it).
template <class Op>
void check_decodes_whole(const std::string& name, const std::string& text,
                         const typename Op::output& value) {
    using output = typename Op::output;
    json::error_code ec;
    json::parse(text, ec);
    const auto decoded = awsml::try_from_json<output>(text);
    if (ec || !decoded || !(*decoded == value)) {
        std::cerr << "bench_deserialize: " << name << ": "
                  << (ec        ? "Boost.JSON cannot parse it: " + ec.message()
                      : decoded ? std::string("awsml decodes another value")
                                : decoded.error().message())
                  << "\n"
                  << text.substr(0, 2000) << "\n";
        if (decoded && !ec)
            std::cerr << "expected " << value << "\ndecoded  " << *decoded << "\n";
        std::exit(1);
    }
}

template <class Op>
std::unique_ptr<operation_document> largest_document(awsml_bench::largest::style style) {
    using output = typename Op::output;
    auto [value, text] = awsml_bench::largest::largest_response<Op>(style);
    const std::string name = largest_name<Op>(style);
    check_decodes_whole<Op>(name, text, value);
    const bool optimistic = read_optimistically<output>(text);
    std::size_t page = 0;
    if constexpr (awsml::paginated_operation<Op>)
        page = (value.*Op::pagination::results)->size();
    return std::make_unique<operation_document>(
        operation_document{name, make_data_set({std::move(text)}), optimistic, page,
                           &awsml_largest<output>, &decode_output<output>});
}

// A stream's documents add up to at least this many bytes, the size of the largest Describe*
// pages, so that every operation's per-byte time is measured over as much text as they are.
constexpr std::size_t stream_bytes = 1 << 20;

/// "stream:Op": distinct largest outputs of `Op` (hard values), at least two, until they add up to
/// stream_bytes, decoded one after the other. One document decoded again and again is learnt by
/// the branch predictor and the caches: 10 KB of GetMLModel decodes in a third of the time per
/// byte that a megabyte of such documents takes.
template <class Op>
std::unique_ptr<operation_document> stream_document() {
    using awsml_bench::largest::style;
    const std::string name = "stream:" + std::string(Op::name);
    std::vector<std::string> texts;
    std::size_t bytes = 0, page = 0;
    bool optimistic = true;
    for (std::uint64_t variant = 1; texts.size() < 2 || bytes < stream_bytes; ++variant) {
        auto [value, text] = awsml_bench::largest::largest_response<Op>(style::hard, variant);
        check_decodes_whole<Op>(name, text, value);
        optimistic = optimistic && read_optimistically<typename Op::output>(text);
        if constexpr (awsml::paginated_operation<Op>)
            page = (value.*Op::pagination::results)->size();
        bytes += text.size();
        texts.push_back(std::move(text));
    }
    return std::make_unique<operation_document>(operation_document{
        name, make_data_set(std::move(texts)), optimistic, page,
        &awsml_largest<typename Op::output>, &decode_output<typename Op::output>});
}

/// The largest outputs named by `wanted` (all when it is null): each operation's, the Describe*
/// pages also in the typical style, and each operation's stream.
std::vector<std::unique_ptr<operation_document>>
make_operation_documents(const std::string* wanted) {
    namespace mp = boost::mp11;
    using awsml_bench::largest::style;
    std::vector<std::unique_ptr<operation_document>> out;
    using operations = awsml::machinelearning::service::operations;
    mp::mp_for_each<mp::mp_transform<mp::mp_identity, operations>>([&](auto identity) {
        using op = typename decltype(identity)::type;
        constexpr bool paginated = awsml::paginated_operation<op>;
        for (style s : {style::hard, style::typical})
            if ((s == style::hard || paginated) && (!wanted || *wanted == largest_name<op>(s)))
                out.push_back(largest_document<op>(s));
        if (!wanted || *wanted == "stream:" + std::string(op::name))
            out.push_back(stream_document<op>());
    });
    return out;
}

const std::vector<std::unique_ptr<operation_document>>& operation_documents() {
    static const auto documents = make_operation_documents(nullptr);
    return documents;
}

// GetMLModel's largest output alone (17-digit doubles, int64 extremes, escapes, raw UTF-8,
// unknown members), for simdjson too: shown beside the hard corpus, which the targets use.
const data_set& hard_get_ml_model() {
    static const data_set set = [] {
        for (const auto& doc : operation_documents())
            if (doc->name == "largest:GetMLModel")
                return make_data_set(doc->set.docs);
        std::fprintf(stderr, "bench_deserialize: no largest:GetMLModel document\n");
        std::exit(1);
    }();
    return set;
}

// The hard corpus: 200 distinct GetMLModel responses with hard values (17-digit doubles, int64
// extremes, escapes, raw UTF-8, unknown members), generated from the model as the largest one is,
// decoded one after the other as the corpus is. The targets hold on both corpora.
const data_set& hard_corpus() {
    static const data_set set = [] {
        using op = awsml::machinelearning::get_ml_model;
        std::vector<std::string> docs;
        for (std::uint64_t variant = 1; variant <= 200; ++variant) {
            auto [value, text] = awsml_bench::largest::largest_response<op>(
                awsml_bench::largest::style::hard, variant);
            check_decodes_whole<op>("hard_corpus", text, value);
            docs.push_back(std::move(text));
        }
        return make_data_set(std::move(docs));
    }();
    return set;
}

// The comparison is only fair if every decoder produces the same struct.
void check_decoders_agree(const char* name, const data_set& set) {
    parser p;
    for (std::size_t i = 0; i < set.docs.size(); ++i) {
        const auto expected = awsml::from_json<awsml::get_ml_model_output>(set.docs[i]);
        const char* differs =
            !(awsml_bench::boost_dom::decode(set.docs[i]) == expected) ? "Boost.JSON DOM + mapping"
            : !(awsml_bench::nlohmann_dom::decode(set.docs[i]) == expected)
                ? "nlohmann::json + mapping"
            : !(awsml_bench::simdjson_ondemand::decode(p, set.padded[i]) == expected)
                ? "simdjson on-demand"
                : nullptr;
        if (differs) {
            std::fprintf(stderr,
                         "bench_deserialize: %s decodes %s document %zu otherwise than awsml\n",
                         differs, name, i);
            std::exit(1);
        }
    }
}

// The same for simdjson alone, on the GetMLModel documents with hard values.
void check_simdjson_agrees(const char* name, const data_set& set) {
    parser p;
    for (std::size_t i = 0; i < set.docs.size(); ++i)
        if (!(awsml_bench::simdjson_ondemand::decode(p, set.padded[i]) ==
              awsml::from_json<awsml::get_ml_model_output>(set.docs[i]))) {
            std::fprintf(stderr,
                         "bench_deserialize: simdjson and awsml disagree on %s document %zu\n",
                         name, i);
            std::exit(1);
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
        benchmark::RegisterBenchmark(("awsml_reused" + suffix).c_str(), awsml_reused, which);
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
    benchmark::AddCustomContext("hard_corpus",
                                std::to_string(hard_corpus().docs.size()) + " documents, " +
                                    std::to_string(hard_corpus().bytes) + " bytes in all");
    benchmark::AddCustomContext("large", std::to_string(large().bytes) + " bytes");
    benchmark::AddCustomContext("sample", std::to_string(sample().bytes) + " bytes");

    {
        check_simdjson_agrees("largest:GetMLModel", hard_get_ml_model());
        benchmark::RegisterBenchmark("simdjson_ondemand/largest:GetMLModel", simdjson_ondemand,
                                     &hard_get_ml_model);
        // The hard corpus's targets are against the DOM parse and simdjson: the hand mappings
        // of the corpus's other baselines do not read every hard value ("-Infinity").
        check_simdjson_agrees("hard_corpus", hard_corpus());
        benchmark::RegisterBenchmark("boost_json_dom/hard_corpus", boost_json_dom, &hard_corpus);
        benchmark::RegisterBenchmark("simdjson_ondemand/hard_corpus", simdjson_ondemand,
                                     &hard_corpus);
        benchmark::RegisterBenchmark("awsml/hard_corpus", awsml_decoder, &hard_corpus);
        benchmark::RegisterBenchmark("awsml_reused/hard_corpus", awsml_reused, &hard_corpus);
    }
    std::size_t smallest_op = std::size_t(-1), largest_op = 0, optimistic = 0, hard = 0;
    for (const auto& doc : operation_documents()) {
        benchmark::RegisterBenchmark(("boost_json_dom/" + doc->name).c_str(),
                                     boost_json_dom_largest, doc.get());
        benchmark::RegisterBenchmark(("awsml/" + doc->name).c_str(), doc->awsml_benchmark,
                                     doc.get());
        if (doc->name.starts_with("largest:")) {
            ++hard;
            optimistic += doc->read_optimistically;
            smallest_op = std::min(smallest_op, doc->set.bytes);
            largest_op = std::max(largest_op, doc->set.bytes);
        }
    }
    benchmark::AddCustomContext("stream", "each operation's distinct largest outputs (hard values) "
                                          "adding up to at least " +
                                              std::to_string(stream_bytes) + " bytes");
    benchmark::AddCustomContext("largest", std::to_string(hard) + " operations' largest outputs, " +
                                               std::to_string(smallest_op) + " to " +
                                               std::to_string(largest_op) +
                                               " bytes; the optimistic reader takes " +
                                               std::to_string(optimistic) + " whole");
}

// `--decode_only=DECODER:N` decodes the corpus N times with one decoder and exits, for
// scripts/bench to count instructions under valgrind: unlike times on a shared machine, the
// counts do not depend on what else runs (N=0 measures the setup, which is subtracted).
// `--decode_only=DECODER:N:largest:Operation` (or largest_typical:, stream:) decodes that
// operation's largest output (or its stream) instead, with awsml or boost_json_dom.
int decode_only(std::string_view spec) {
    const auto colon = spec.find(':');
    const std::string_view name = spec.substr(0, colon);
    const int times = colon == std::string_view::npos ? 1 : std::atoi(spec.data() + colon + 1);
    if (const auto second = spec.find(':', colon + 1);
        colon != std::string_view::npos && second != std::string_view::npos) {
        // Only the document asked for is generated: valgrind runs the setup too.
        const std::string set_name(spec.substr(second + 1));
        const auto found = make_operation_documents(&set_name);
        if (found.empty() || (name != "awsml" && name != "boost_json_dom")) {
            std::fprintf(stderr,
                         "bench_deserialize: no data set %s, or no decoder %.*s for it (awsml, "
                         "boost_json_dom)\n",
                         set_name.c_str(), int(name.size()), name.data());
            return 2;
        }
        const operation_document* doc = found.front().get();
        for (int i = 0; i < times; ++i)
            for (const auto& text : doc->set.docs) {
                if (name == "awsml") {
                    doc->decode(text);
                } else {
                    auto value = json::parse(text);
                    benchmark::DoNotOptimize(value);
                }
            }
        std::printf("%zu documents decoded\n", std::size_t(times) * doc->set.docs.size());
        return 0;
    }
    const data_set& set = corpus();
    parser p;
    awsml::get_ml_model_output reused;
    std::size_t sink = 0;
    for (int i = 0; i < times; ++i)
        for (std::size_t d = 0; d < set.docs.size(); ++d) {
            const std::string& doc = set.docs[d];
            if (name == "awsml")
                sink += awsml::from_json<awsml::get_ml_model_output>(doc).name.has_value();
            else if (name == "awsml_reused")
                sink += (awsml::from_json(doc, reused), reused.name.has_value());
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

// `--write_largest=DIR` writes each operation's largest output to DIR/<data set>.json, to be
// read, or parsed by other tools.
int write_largest(const std::string& dir) {
    for (const auto& doc : operation_documents()) {
        if (!doc->name.starts_with("largest"))
            continue; // a stream's documents are its largest output's variants
        std::string file = doc->name;
        std::replace(file.begin(), file.end(), ':', '-');
        std::ofstream out(dir + "/" + file + ".json", std::ios::binary);
        out << doc->set.docs.front();
        if (!out) {
            std::fprintf(stderr, "bench_deserialize: cannot write %s/%s.json\n", dir.c_str(),
                         file.c_str());
            return 1;
        }
        std::printf("%s.json: %zu bytes, %s\n", file.c_str(), doc->set.bytes,
                    doc->read_optimistically ? "read optimistically"
                                             : "optimistic reader declines");
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    constexpr std::string_view decode_only_flag = "--decode_only=";
    constexpr std::string_view write_largest_flag = "--write_largest=";
    if (argc == 2 &&
        std::string_view(argv[1]).substr(0, decode_only_flag.size()) == decode_only_flag)
        return decode_only(std::string_view(argv[1]).substr(decode_only_flag.size()));
    if (argc == 2 &&
        std::string_view(argv[1]).substr(0, write_largest_flag.size()) == write_largest_flag)
        return write_largest(std::string(argv[1] + write_largest_flag.size()));
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    register_all();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}
