#pragma once

// What a user without awsml would write to fill awsml::get_ml_model_output from a response:
// Boost.JSON's DOM plus mapping, nlohmann::json's DOM plus mapping, and simdjson's on-demand
// API straight into the struct (the practical floor: no DOM, SIMD scanning and unescaping).
// Each accepts what awsml accepts for these documents: absent members stay unset, unknown
// members are ignored, timestamps are epoch seconds.

#include <awsml/machinelearning/shapes.hpp>
#include <awsml/model/timestamp.hpp>

#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace awsml_bench {

// --- Boost.JSON DOM ----------------------------------------------------------------------------

namespace boost_dom {

namespace json = boost::json;

inline std::optional<std::string> text(const json::object& o, std::string_view key) {
    if (auto* v = o.if_contains(key); v && v->is_string())
        return std::string(v->get_string());
    return std::nullopt;
}
inline std::optional<awsml::timestamp> time(const json::object& o, std::string_view key) {
    if (auto* v = o.if_contains(key); v && v->is_number())
        return awsml::timestamp_from_epoch_seconds(v->to_number<double>());
    return std::nullopt;
}
inline std::optional<std::int64_t> integer(const json::object& o, std::string_view key) {
    if (auto* v = o.if_contains(key); v && v->is_int64())
        return v->get_int64();
    return std::nullopt;
}

inline awsml::get_ml_model_output map(const json::value& doc) {
    const auto& o = doc.as_object();
    awsml::get_ml_model_output m;
    m.ml_model_id = text(o, "MLModelId");
    m.training_data_source_id = text(o, "TrainingDataSourceId");
    m.created_by_iam_user = text(o, "CreatedByIamUser");
    m.created_at = time(o, "CreatedAt");
    m.last_updated_at = time(o, "LastUpdatedAt");
    m.name = text(o, "Name");
    if (auto s = text(o, "Status"))
        m.status = awsml::entity_status::from_wire(*s);
    m.size_in_bytes = integer(o, "SizeInBytes");
    if (auto* e = o.if_contains("EndpointInfo"); e && e->is_object()) {
        const auto& eo = e->get_object();
        awsml::realtime_endpoint_info info;
        if (auto p = integer(eo, "PeakRequestsPerSecond"))
            info.peak_requests_per_second = std::int32_t(*p);
        info.created_at = time(eo, "CreatedAt");
        info.endpoint_url = text(eo, "EndpointUrl");
        if (auto s = text(eo, "EndpointStatus"))
            info.endpoint_status = awsml::realtime_endpoint_status::from_wire(*s);
        m.endpoint_info = std::move(info);
    }
    if (auto* t = o.if_contains("TrainingParameters"); t && t->is_object()) {
        awsml::training_parameters params;
        for (const auto& [k, v] : t->get_object())
            if (v.is_string())
                params.emplace(std::string(k), std::string(v.get_string()));
        m.training_parameters = std::move(params);
    }
    m.input_data_location_s3 = text(o, "InputDataLocationS3");
    if (auto s = text(o, "MLModelType"))
        m.ml_model_type = awsml::ml_model_type::from_wire(*s);
    if (auto* v = o.if_contains("ScoreThreshold"); v && v->is_number())
        m.score_threshold = v->to_number<float>();
    m.score_threshold_last_updated_at = time(o, "ScoreThresholdLastUpdatedAt");
    m.log_uri = text(o, "LogUri");
    m.message = text(o, "Message");
    m.compute_time = integer(o, "ComputeTime");
    m.finished_at = time(o, "FinishedAt");
    m.started_at = time(o, "StartedAt");
    m.recipe = text(o, "Recipe");
    m.schema = text(o, "Schema");
    return m;
}

inline awsml::get_ml_model_output decode(std::string_view text) {
    return map(json::parse(text));
}

} // namespace boost_dom

// --- Boost.JSON's basic_parser with a handler that does nothing --------------------------------
// The floor of any decoder built on basic_parser, awsml's included: tokenising, validating and
// unescaping, nothing stored.

namespace boost_null {

struct null_handler {
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);
    using error_code = boost::json::error_code;
    using string_view = boost::json::string_view;

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_object_begin(error_code&) { return true; }
    bool on_object_end(std::size_t, error_code&) { return true; }
    bool on_array_begin(error_code&) { return true; }
    bool on_array_end(std::size_t, error_code&) { return true; }
    bool on_key_part(string_view, std::size_t, error_code&) { return true; }
    bool on_key(string_view, std::size_t, error_code&) { return true; }
    bool on_string_part(string_view, std::size_t, error_code&) { return true; }
    bool on_string(string_view, std::size_t, error_code&) { return true; }
    bool on_number_part(string_view, error_code&) { return true; }
    bool on_int64(std::int64_t, string_view, error_code&) { return true; }
    bool on_uint64(std::uint64_t, string_view, error_code&) { return true; }
    bool on_double(double, string_view, error_code&) { return true; }
    bool on_bool(bool, error_code&) { return true; }
    bool on_null(error_code&) { return true; }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }
};

/// Bytes consumed; the document is only validated.
inline std::size_t parse(std::string_view text) {
    boost::json::basic_parser<null_handler> parser(boost::json::parse_options{});
    boost::json::error_code ec;
    std::size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
    return ec ? 0 : consumed;
}

} // namespace boost_null

// --- nlohmann::json DOM ------------------------------------------------------------------------

namespace nlohmann_dom {

using json = nlohmann::json;

inline std::optional<std::string> text(const json& o, const char* key) {
    if (auto it = o.find(key); it != o.end() && it->is_string())
        return it->get<std::string>();
    return std::nullopt;
}
inline std::optional<awsml::timestamp> time(const json& o, const char* key) {
    if (auto it = o.find(key); it != o.end() && it->is_number())
        return awsml::timestamp_from_epoch_seconds(it->get<double>());
    return std::nullopt;
}
inline std::optional<std::int64_t> integer(const json& o, const char* key) {
    if (auto it = o.find(key); it != o.end() && it->is_number_integer())
        return it->get<std::int64_t>();
    return std::nullopt;
}

inline awsml::get_ml_model_output map(const json& o) {
    awsml::get_ml_model_output m;
    m.ml_model_id = text(o, "MLModelId");
    m.training_data_source_id = text(o, "TrainingDataSourceId");
    m.created_by_iam_user = text(o, "CreatedByIamUser");
    m.created_at = time(o, "CreatedAt");
    m.last_updated_at = time(o, "LastUpdatedAt");
    m.name = text(o, "Name");
    if (auto s = text(o, "Status"))
        m.status = awsml::entity_status::from_wire(*s);
    m.size_in_bytes = integer(o, "SizeInBytes");
    if (auto e = o.find("EndpointInfo"); e != o.end() && e->is_object()) {
        awsml::realtime_endpoint_info info;
        if (auto p = integer(*e, "PeakRequestsPerSecond"))
            info.peak_requests_per_second = std::int32_t(*p);
        info.created_at = time(*e, "CreatedAt");
        info.endpoint_url = text(*e, "EndpointUrl");
        if (auto s = text(*e, "EndpointStatus"))
            info.endpoint_status = awsml::realtime_endpoint_status::from_wire(*s);
        m.endpoint_info = std::move(info);
    }
    if (auto t = o.find("TrainingParameters"); t != o.end() && t->is_object()) {
        awsml::training_parameters params;
        for (const auto& [k, v] : t->items())
            if (v.is_string())
                params.emplace(k, v.get<std::string>());
        m.training_parameters = std::move(params);
    }
    m.input_data_location_s3 = text(o, "InputDataLocationS3");
    if (auto s = text(o, "MLModelType"))
        m.ml_model_type = awsml::ml_model_type::from_wire(*s);
    if (auto v = o.find("ScoreThreshold"); v != o.end() && v->is_number())
        m.score_threshold = v->get<float>();
    m.score_threshold_last_updated_at = time(o, "ScoreThresholdLastUpdatedAt");
    m.log_uri = text(o, "LogUri");
    m.message = text(o, "Message");
    m.compute_time = integer(o, "ComputeTime");
    m.finished_at = time(o, "FinishedAt");
    m.started_at = time(o, "StartedAt");
    m.recipe = text(o, "Recipe");
    m.schema = text(o, "Schema");
    return m;
}

inline awsml::get_ml_model_output decode(std::string_view text) {
    return map(json::parse(text));
}

} // namespace nlohmann_dom

// --- simdjson on-demand ------------------------------------------------------------------------

namespace simdjson_ondemand {

namespace od = simdjson::ondemand;

inline std::string text(od::value v) {
    return std::string(std::string_view(v.get_string()));
}
inline std::optional<awsml::timestamp> time(od::value v) {
    return awsml::timestamp_from_epoch_seconds(double(v.get_double()));
}

// A float: a number, or (AWS JSON's non-finite values) a string.
inline float score(od::value v) {
    if (v.type() == od::json_type::string) {
        const std::string_view s = v.get_string();
        const float infinity = std::numeric_limits<float>::infinity();
        return s == "Infinity"    ? infinity
               : s == "-Infinity" ? -infinity
                                  : std::numeric_limits<float>::quiet_NaN();
    }
    return float(double(v.get_double()));
}

inline awsml::realtime_endpoint_info endpoint_info(od::object o) {
    awsml::realtime_endpoint_info info;
    for (auto field : o) {
        std::string_view key = field.unescaped_key();
        od::value v = field.value();
        if (key == "PeakRequestsPerSecond")
            info.peak_requests_per_second = std::int32_t(std::int64_t(v.get_int64()));
        else if (key == "CreatedAt")
            info.created_at = time(v);
        else if (key == "EndpointUrl")
            info.endpoint_url = text(v);
        else if (key == "EndpointStatus")
            info.endpoint_status =
                awsml::realtime_endpoint_status::from_wire(std::string_view(v.get_string()));
    }
    return info;
}

/// Throws simdjson::simdjson_error on malformed input. `json` must have SIMDJSON_PADDING spare
/// bytes after it (simdjson::padded_string), which the caller prepares once.
inline awsml::get_ml_model_output decode(od::parser& parser, const simdjson::padded_string& json) {
    awsml::get_ml_model_output m;
    od::document doc = parser.iterate(json);
    for (auto field : doc.get_object()) {
        std::string_view key = field.unescaped_key();
        od::value v = field.value();
        if (key == "MLModelId")
            m.ml_model_id = text(v);
        else if (key == "TrainingDataSourceId")
            m.training_data_source_id = text(v);
        else if (key == "CreatedByIamUser")
            m.created_by_iam_user = text(v);
        else if (key == "CreatedAt")
            m.created_at = time(v);
        else if (key == "LastUpdatedAt")
            m.last_updated_at = time(v);
        else if (key == "Name")
            m.name = text(v);
        else if (key == "Status")
            m.status = awsml::entity_status::from_wire(std::string_view(v.get_string()));
        else if (key == "SizeInBytes")
            m.size_in_bytes = std::int64_t(v.get_int64());
        else if (key == "EndpointInfo")
            m.endpoint_info = endpoint_info(v.get_object());
        else if (key == "TrainingParameters") {
            awsml::training_parameters params;
            for (auto entry : v.get_object())
                params.emplace(std::string(std::string_view(entry.unescaped_key())),
                               text(entry.value()));
            m.training_parameters = std::move(params);
        } else if (key == "InputDataLocationS3")
            m.input_data_location_s3 = text(v);
        else if (key == "MLModelType")
            m.ml_model_type = awsml::ml_model_type::from_wire(std::string_view(v.get_string()));
        else if (key == "ScoreThreshold")
            m.score_threshold = score(v);
        else if (key == "ScoreThresholdLastUpdatedAt")
            m.score_threshold_last_updated_at = time(v);
        else if (key == "LogUri")
            m.log_uri = text(v);
        else if (key == "Message")
            m.message = text(v);
        else if (key == "ComputeTime")
            m.compute_time = std::int64_t(v.get_int64());
        else if (key == "FinishedAt")
            m.finished_at = time(v);
        else if (key == "StartedAt")
            m.started_at = time(v);
        else if (key == "Recipe")
            m.recipe = text(v);
        else if (key == "Schema")
            m.schema = text(v);
    }
    return m;
}

} // namespace simdjson_ondemand

} // namespace awsml_bench
