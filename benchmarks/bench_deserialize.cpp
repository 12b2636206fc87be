// Deserialization of a verbose GetMLModel response: awsml's metadata-driven decoder against
// Boost.JSON's DOM parse alone and DOM parse plus hand-written mapping, in the same run.
// The figure that matters is the ratio of the times, not the times.
#include <awsml/awsml.hpp>

#include <benchmark/benchmark.h>
#include <boost/json.hpp>

#include <fstream>
#include <sstream>

namespace {

const std::string& verbose_response() {
    static const std::string text = [] {
        std::ifstream in(AWSML_SAMPLE_RESPONSE, std::ios::binary);
        std::ostringstream out;
        out << in.rdbuf();
        return out.str();
    }();
    return text;
}

namespace json = boost::json;

// The same model without the verbose members (Recipe, Schema: long strings full of escapes).
const std::string& brief_response() {
    static const std::string text = [] {
        auto doc = json::parse(verbose_response()).as_object();
        doc.erase("Recipe");
        doc.erase("Schema");
        return json::serialize(doc);
    }();
    return text;
}

using document = const std::string& (*)();

std::optional<std::string> text_member(const json::object& o, std::string_view key) {
    if (auto* v = o.if_contains(key); v && v->is_string()) return std::string(v->get_string());
    return std::nullopt;
}
std::optional<awsml::timestamp> time_member(const json::object& o, std::string_view key) {
    if (auto* v = o.if_contains(key); v && v->is_number())
        return awsml::timestamp_from_epoch_seconds(v->to_number<double>());
    return std::nullopt;
}
std::optional<std::int64_t> long_member(const json::object& o, std::string_view key) {
    if (auto* v = o.if_contains(key); v && v->is_int64()) return v->get_int64();
    return std::nullopt;
}

// What a user without awsml would write on top of the DOM.
awsml::get_ml_model_output map_by_hand(const json::value& doc) {
    const auto& o = doc.as_object();
    awsml::get_ml_model_output m;
    m.ml_model_id = text_member(o, "MLModelId");
    m.training_data_source_id = text_member(o, "TrainingDataSourceId");
    m.created_by_iam_user = text_member(o, "CreatedByIamUser");
    m.created_at = time_member(o, "CreatedAt");
    m.last_updated_at = time_member(o, "LastUpdatedAt");
    m.name = text_member(o, "Name");
    if (auto s = text_member(o, "Status")) m.status = awsml::entity_status::from_wire(*s);
    m.size_in_bytes = long_member(o, "SizeInBytes");
    if (auto* e = o.if_contains("EndpointInfo"); e && e->is_object()) {
        const auto& eo = e->get_object();
        awsml::realtime_endpoint_info info;
        if (auto* p = eo.if_contains("PeakRequestsPerSecond"); p && p->is_int64())
            info.peak_requests_per_second = static_cast<std::int32_t>(p->get_int64());
        info.created_at = time_member(eo, "CreatedAt");
        info.endpoint_url = text_member(eo, "EndpointUrl");
        if (auto s = text_member(eo, "EndpointStatus")) info.endpoint_status = awsml::realtime_endpoint_status::from_wire(*s);
        m.endpoint_info = std::move(info);
    }
    if (auto* t = o.if_contains("TrainingParameters"); t && t->is_object()) {
        awsml::training_parameters params;
        for (const auto& [k, v] : t->get_object())
            if (v.is_string()) params.emplace(std::string(k), std::string(v.get_string()));
        m.training_parameters = std::move(params);
    }
    m.input_data_location_s3 = text_member(o, "InputDataLocationS3");
    if (auto s = text_member(o, "MLModelType")) m.ml_model_type = awsml::ml_model_type::from_wire(*s);
    if (auto* v = o.if_contains("ScoreThreshold"); v && v->is_number()) m.score_threshold = v->to_number<float>();
    m.score_threshold_last_updated_at = time_member(o, "ScoreThresholdLastUpdatedAt");
    m.log_uri = text_member(o, "LogUri");
    m.message = text_member(o, "Message");
    m.compute_time = long_member(o, "ComputeTime");
    m.finished_at = time_member(o, "FinishedAt");
    m.started_at = time_member(o, "StartedAt");
    m.recipe = text_member(o, "Recipe");
    m.schema = text_member(o, "Schema");
    return m;
}

void set_throughput(benchmark::State& state, const std::string& text) {
    state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(text.size()));
}

void awsml_decoder(benchmark::State& state, document doc) {
    const std::string& text = doc();
    for (auto _ : state) {
        auto model = awsml::from_json<awsml::get_ml_model_output>(text);
        benchmark::DoNotOptimize(model);
    }
    set_throughput(state, text);
}

void boost_json_dom_parse(benchmark::State& state, document doc) {
    const std::string& text = doc();
    for (auto _ : state) {
        auto parsed = json::parse(text);
        benchmark::DoNotOptimize(parsed);
    }
    set_throughput(state, text);
}

void boost_json_dom_and_mapping(benchmark::State& state, document doc) {
    const std::string& text = doc();
    for (auto _ : state) {
        auto model = map_by_hand(json::parse(text));
        benchmark::DoNotOptimize(model);
    }
    set_throughput(state, text);
}

} // namespace

BENCHMARK_CAPTURE(boost_json_dom_parse, verbose, &verbose_response);
BENCHMARK_CAPTURE(boost_json_dom_and_mapping, verbose, &verbose_response);
BENCHMARK_CAPTURE(awsml_decoder, verbose, &verbose_response);
BENCHMARK_CAPTURE(boost_json_dom_parse, brief, &brief_response);
BENCHMARK_CAPTURE(boost_json_dom_and_mapping, brief, &brief_response);
BENCHMARK_CAPTURE(awsml_decoder, brief, &brief_response);
BENCHMARK_MAIN();
