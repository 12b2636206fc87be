// Writing JSON: awsml::to_json of the GetMLModel request and of a verbose response, against
// Boost.JSON serialising the same documents from a DOM, in the same run. Two Boost.JSON rows:
// serialising an already built json::value (the printer alone), and building that value from
// the struct then serialising it (what a program holding the struct does).
#include "corpus.hpp"

#include <awsml/machinelearning/shapes.hpp>
#include <awsml/model/to_json.hpp>

#include <benchmark/benchmark.h>
#include <boost/json.hpp>

namespace {

namespace json = boost::json;

const awsml::get_ml_model_input& request() {
    static const awsml::get_ml_model_input input{"ml-tGvRzy5Dr8Q", true};
    return input;
}

const awsml::get_ml_model_output& response() {
    static const awsml::get_ml_model_output output = awsml::from_json<awsml::get_ml_model_output>(
        awsml_bench::read_text_file(AWSML_SAMPLE_RESPONSE));
    return output;
}

json::value request_value(const awsml::get_ml_model_input& in) {
    json::object o;
    o["MLModelId"] = in.ml_model_id;
    if (in.verbose)
        o["Verbose"] = *in.verbose;
    return o;
}

double epoch_seconds(awsml::timestamp t) {
    return double(t.time_since_epoch().count()) / 1000.0;
}

void put(json::object& o, std::string_view key, const std::optional<std::string>& v) {
    if (v)
        o[key] = *v;
}
void put(json::object& o, std::string_view key, const std::optional<awsml::timestamp>& v) {
    if (v)
        o[key] = epoch_seconds(*v);
}

json::value response_value(const awsml::get_ml_model_output& m) {
    json::object o;
    put(o, "MLModelId", m.ml_model_id);
    put(o, "TrainingDataSourceId", m.training_data_source_id);
    put(o, "CreatedByIamUser", m.created_by_iam_user);
    put(o, "CreatedAt", m.created_at);
    put(o, "LastUpdatedAt", m.last_updated_at);
    put(o, "Name", m.name);
    if (m.status)
        o["Status"] = m.status->wire();
    if (m.size_in_bytes)
        o["SizeInBytes"] = *m.size_in_bytes;
    if (m.endpoint_info) {
        json::object e;
        if (m.endpoint_info->peak_requests_per_second)
            e["PeakRequestsPerSecond"] = *m.endpoint_info->peak_requests_per_second;
        put(e, "CreatedAt", m.endpoint_info->created_at);
        put(e, "EndpointUrl", m.endpoint_info->endpoint_url);
        if (m.endpoint_info->endpoint_status)
            e["EndpointStatus"] = m.endpoint_info->endpoint_status->wire();
        o["EndpointInfo"] = std::move(e);
    }
    if (m.training_parameters) {
        json::object p;
        for (const auto& [k, v] : *m.training_parameters)
            p[k] = v;
        o["TrainingParameters"] = std::move(p);
    }
    put(o, "InputDataLocationS3", m.input_data_location_s3);
    if (m.ml_model_type)
        o["MLModelType"] = m.ml_model_type->wire();
    if (m.score_threshold)
        o["ScoreThreshold"] = double(*m.score_threshold);
    put(o, "ScoreThresholdLastUpdatedAt", m.score_threshold_last_updated_at);
    put(o, "LogUri", m.log_uri);
    put(o, "Message", m.message);
    if (m.compute_time)
        o["ComputeTime"] = *m.compute_time;
    put(o, "FinishedAt", m.finished_at);
    put(o, "StartedAt", m.started_at);
    put(o, "Recipe", m.recipe);
    put(o, "Schema", m.schema);
    return o;
}

template <class Shape>
void awsml_to_json(benchmark::State& state, const Shape& (*shape)()) {
    const Shape& value = shape();
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::string text = awsml::to_json(value);
        bytes += text.size();
        benchmark::DoNotOptimize(text);
    }
    state.SetBytesProcessed(std::int64_t(bytes));
}

// The appending form into a string whose capacity is kept between calls.
template <class Shape>
void awsml_to_json_reused(benchmark::State& state, const Shape& (*shape)()) {
    const Shape& value = shape();
    std::string text;
    std::size_t bytes = 0;
    for (auto _ : state) {
        text.clear();
        awsml::to_json(value, text);
        bytes += text.size();
        benchmark::DoNotOptimize(text);
    }
    state.SetBytesProcessed(std::int64_t(bytes));
}

template <class Shape>
void boost_json_serialize(benchmark::State& state, const Shape& (*shape)(),
                          json::value (*build)(const Shape&)) {
    const json::value dom = build(shape());
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::string text = json::serialize(dom);
        bytes += text.size();
        benchmark::DoNotOptimize(text);
    }
    state.SetBytesProcessed(std::int64_t(bytes));
}

template <class Shape>
void boost_json_build_and_serialize(benchmark::State& state, const Shape& (*shape)(),
                                    json::value (*build)(const Shape&)) {
    const Shape& value = shape();
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::string text = json::serialize(build(value));
        bytes += text.size();
        benchmark::DoNotOptimize(text);
    }
    state.SetBytesProcessed(std::int64_t(bytes));
}

BENCHMARK_CAPTURE(awsml_to_json, request, &request);
BENCHMARK_CAPTURE(awsml_to_json_reused, request, &request);
BENCHMARK_CAPTURE(boost_json_serialize, request, &request, &request_value);
BENCHMARK_CAPTURE(boost_json_build_and_serialize, request, &request, &request_value);
BENCHMARK_CAPTURE(awsml_to_json, response, &response);
BENCHMARK_CAPTURE(awsml_to_json_reused, response, &response);
BENCHMARK_CAPTURE(boost_json_serialize, response, &response, &response_value);
BENCHMARK_CAPTURE(boost_json_build_and_serialize, response, &response, &response_value);

} // namespace

BENCHMARK_MAIN();
