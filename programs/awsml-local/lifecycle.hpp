#pragma once

// Model lifecycles for awsml-local: a model that moves through statuses over time, counted from
// the moment the server starts, so clients can test their polling.
//
//     --lifecycle ml-abc=PENDING:2s,INPROGRESS:3s,COMPLETED
//
// holds ml-abc PENDING for 2 seconds, INPROGRESS for 3, then COMPLETED for good. Durations are
// a number with a unit: 250ms, 2s, 1.5s, 1m (a bare number means seconds). The last status has
// no duration; any status may appear, in any order.
//
// While it moves, the model's timestamps follow: CreatedAt is the server's start, LastUpdatedAt
// when the current status began, StartedAt when the model left PENDING, FinishedAt and
// ComputeTime once it reached COMPLETED or FAILED; Message is the model's own (or a default for
// FAILED) only once finished, and until COMPLETED the real-time endpoint reads NONE.

#include <awsml-local/spec_error.hpp>
#include <awsml/machinelearning/shapes.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsml::local {

/// A model's EndpointInfo while it has no real-time endpoint (never made, or deleted).
inline machinelearning::realtime_endpoint_info no_realtime_endpoint() {
    return {.peak_requests_per_second = 0,
            .endpoint_status = machinelearning::realtime_endpoint_status_value::NONE};
}

struct lifecycle_stage {
    entity_status status;
    std::chrono::milliseconds duration{0};
};

struct lifecycle {
    std::string model_id;
    std::vector<lifecycle_stage> stages; ///< the timed statuses, in order
    entity_status final_status;          ///< held once the timed stages are over
};

/// "2s", "1.5s", "250ms", "1m" or "3" (seconds) as milliseconds; at most one day.
inline spec_result<std::chrono::milliseconds> parse_duration(std::string_view text);

/// Parses "ID=STATUS:DURATION,...,FINAL_STATUS".
inline spec_result<lifecycle> parse_lifecycle(std::string_view spec);

/// The model as it stands at `now` when its lifecycle began at `start`.
template <class Record>
Record apply_lifecycle(Record model, const lifecycle& plan, timestamp start, timestamp now);

/// A short default message for a model that a lifecycle makes fail.
inline constexpr std::string_view default_failure_message =
    "Training failed: the emulated lifecycle (awsml-local --lifecycle) ended in FAILED.";

// =============================================================================================
// Implementation

inline spec_result<std::chrono::milliseconds> parse_duration(std::string_view text) {
    auto invalid = [&] {
        return spec_error{"invalid duration \"" + std::string(text) +
                          "\": expected a number with a unit, e.g. 250ms, 2s, 1.5s or 1m"};
    };
    std::size_t end = 0;
    std::uint64_t whole = 0, fraction = 0, fraction_scale = 1;
    bool digits = false;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9' && end < 9)
        whole = whole * 10 + std::uint64_t(text[end++] - '0'), digits = true;
    if (end < text.size() && text[end] == '.') {
        ++end;
        for (int n = 0; end < text.size() && text[end] >= '0' && text[end] <= '9'; ++end, ++n) {
            if (n < 3)
                fraction = fraction * 10 + std::uint64_t(text[end] - '0'), fraction_scale *= 10;
            digits = true;
        }
    }
    if (!digits)
        return invalid();
    const std::string_view unit = text.substr(end);
    std::uint64_t unit_ms = unit == "ms"                    ? 1
                            : (unit == "s" || unit.empty()) ? 1000
                            : unit == "m"                   ? 60000
                                                            : 0;
    if (unit_ms == 0)
        return invalid();
    const std::uint64_t ms = whole * unit_ms + fraction * unit_ms / fraction_scale;
    if (ms > 24ull * 3600 * 1000)
        return spec_error{"duration \"" + std::string(text) + "\" is longer than a day"};
    return std::chrono::milliseconds(static_cast<std::int64_t>(ms));
}

namespace detail::lifecycle {

inline spec_result<entity_status> parse_status(std::string_view text, std::string_view spec) {
    if (auto known = entity_status::parse_known(text))
        return entity_status(*known);
    return spec_error{"--lifecycle " + std::string(spec) + ": unknown status \"" +
                      std::string(text) +
                      "\"; expected PENDING, INPROGRESS, FAILED, COMPLETED or DELETED"};
}

inline bool finishes(const entity_status& status) {
    return status == entity_status::COMPLETED || status == entity_status::FAILED;
}

} // namespace detail::lifecycle

inline spec_result<lifecycle> parse_lifecycle(std::string_view spec) {
    using detail::lifecycle::parse_status;
    const std::size_t equals = spec.find('=');
    if (equals == std::string_view::npos || equals == 0 || equals + 1 == spec.size())
        return spec_error{"--lifecycle " + std::string(spec) +
                          ": expected ID=STATUS:DURATION,...,FINAL_STATUS, e.g. "
                          "ml-abc=PENDING:2s,INPROGRESS:3s,COMPLETED"};
    lifecycle plan;
    plan.model_id = std::string(spec.substr(0, equals));
    std::string_view rest = spec.substr(equals + 1);
    while (true) {
        const std::size_t comma = rest.find(',');
        const std::string_view step = rest.substr(0, comma);
        const bool last = comma == std::string_view::npos;
        const std::size_t colon = step.find(':');
        if (last) {
            if (colon != std::string_view::npos)
                return spec_error{"--lifecycle " + std::string(spec) +
                                  ": the last status is held for good and takes no duration"};
            auto status = parse_status(step, spec);
            if (!status)
                return status.error();
            plan.final_status = *status;
            return plan;
        }
        if (colon == std::string_view::npos)
            return spec_error{"--lifecycle " + std::string(spec) + ": \"" + std::string(step) +
                              "\" needs a duration, e.g. " + std::string(step) + ":2s"};
        auto status = parse_status(step.substr(0, colon), spec);
        if (!status)
            return status.error();
        auto duration = parse_duration(step.substr(colon + 1));
        if (!duration)
            return spec_error{"--lifecycle " + std::string(spec) + ": " + duration.error().message};
        plan.stages.push_back({*status, *duration});
        rest = rest.substr(comma + 1);
    }
}

template <class Record>
Record apply_lifecycle(Record model, const lifecycle& plan, timestamp start, timestamp now) {
    using detail::lifecycle::finishes;
    entity_status current = plan.final_status;
    timestamp entered = start;
    std::optional<timestamp> started, finished;
    auto note = [&](const entity_status& status, timestamp at) {
        if (!started && status != entity_status_value::PENDING)
            started = at;
        if (!finished && finishes(status))
            finished = at;
    };
    timestamp stage_start = start;
    bool in_timed_stage = false;
    for (const auto& stage : plan.stages) {
        if (now < stage_start + stage.duration) {
            current = stage.status;
            entered = stage_start;
            note(stage.status, stage_start);
            in_timed_stage = true;
            break;
        }
        note(stage.status, stage_start);
        stage_start += stage.duration;
    }
    if (!in_timed_stage) {
        entered = stage_start;
        note(plan.final_status, stage_start);
    }

    const bool was_failed = model.status == entity_status_value::FAILED;
    model.status = current;
    model.created_at = start;
    model.last_updated_at = entered;
    model.started_at = started;
    model.finished_at = finished;
    // ComputeTime "is only available if the <entity> is in the COMPLETED state" (service-2.json),
    // a data source's "and the ComputeStatistics is set to true".
    bool reports_compute_time = current == entity_status_value::COMPLETED;
    if constexpr (requires { model.compute_statistics; })
        reports_compute_time = reports_compute_time && model.compute_statistics.value_or(false);
    model.compute_time.reset();
    if (started && finished && reports_compute_time)
        model.compute_time =
            std::chrono::duration_cast<std::chrono::milliseconds>(*finished - *started).count();
    // The model's own Message describes its own outcome: keep it only for that outcome.
    if (current == entity_status_value::FAILED) {
        if (!was_failed || !model.message)
            model.message = std::string(default_failure_message);
    } else if (!finished || was_failed) {
        model.message.reset();
    }
    if constexpr (requires { model.endpoint_info; })
        if (model.endpoint_info && current != entity_status_value::COMPLETED)
            model.endpoint_info = no_realtime_endpoint();
    return model;
}

} // namespace awsml::local
