// awsml-local's 28 operations, compiled once (see operations.hpp).
#include <awsml-local/operations.hpp>

#include <awsml-local/describe.hpp>
#include <awsml-local/entity_log.hpp>
#include <awsml-local/gzip.hpp>
#include <awsml-local/metrics.hpp>
#include <awsml/auth/detail/crypto.hpp>
#include <awsml/config/endpoint.hpp>
#include <awsml/core/detail/ascii.hpp>
#include <awsml/machinelearning/recipe.hpp>
#include <awsml/model/to_json.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <iostream>
#include <limits>
#include <optional>
#include <set>
#include <stdexcept>

namespace awsml::local {

namespace detail::operation_steps {

inline service_failure invalid(std::string message) {
    return {400, "InvalidInputException", std::move(message)};
}

inline service_failure not_found(std::string_view kind, std::string_view id) {
    return {400, "ResourceNotFoundException",
            "No " + std::string(kind) + " with id " + std::string(id) + " exists."};
}

/// An output that holds only the entity's id (Create*, Update*, Delete*), or the failure.
template <class Output>
service_result<Output> id_output(service_result<std::string> id) {
    if (!id)
        return id.error();
    Output out;
    awsml::detail::for_each_member<Output>([&](auto d, const auto&) { out.*d.pointer = *id; });
    return out;
}

inline std::string digest(std::string_view request) {
    std::string out;
    awsml::detail::append_hex(out, awsml::detail::sha256(request));
    return out;
}

/// A Message short enough to read (the service model admits 10240 characters).
inline std::string message_text(std::string text) {
    if (text.size() > 2000)
        text = text.substr(0, 2000) + "...";
    return text;
}

/// The shortest text that reads back as the same double.
inline std::string number_text(double value) {
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return std::string(buffer, end);
}

/// A score as batch prediction results write it, after the developer guide's "Interpreting the
/// Contents of Batch Prediction Files" (7.899012E-1, 6.323061E-3, 1.3E-4): E notation, at most
/// seven significant digits (a float's), trailing zeros dropped but one.
inline std::string score_text(double value) {
    char buffer[32];
    const auto end =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific, 6).ptr;
    const std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
    const std::size_t e = text.find('e');
    if (e == std::string_view::npos) // inf or nan: clamped before, a safeguard
        return std::string(text);
    std::string_view mantissa = text.substr(0, e);
    while (mantissa.ends_with('0') && !mantissa.ends_with(".0"))
        mantissa.remove_suffix(1);
    std::string_view exponent = text.substr(e + 1); // a sign, then at least two digits
    const bool negative = exponent.front() == '-';
    exponent.remove_prefix(1);
    while (exponent.size() > 1 && exponent.front() == '0')
        exponent.remove_prefix(1);
    return std::string(mantissa) + (negative ? "E-" : "E") + std::string(exponent);
}

/// Lays the data's records out as the model reads them: its attributes found by name, in the
/// model's order and with the model's types ("Amazon ML changes the evaluation data type to
/// match the training data type", the developer guide's "Creating a Data Schema"), then the
/// data's other attributes (its row id among them). nullopt once done, else why not.
inline std::optional<std::string> conform(dataset& data,
                                          const machinelearning::data_schema& model) {
    std::vector<std::optional<std::size_t>> from; // each new column's column in the data, if any
    std::vector<bool> taken(data.schema.attributes.size(), false);
    machinelearning::data_schema schema = data.schema;
    schema.attributes.clear();
    data.holds_target =
        model.target_attribute_name && data.column(*model.target_attribute_name).has_value();
    schema.target_attribute_name = model.target_attribute_name; // what the model predicts
    for (const auto& attribute : model.attributes) {
        const auto column = data.column(attribute.name);
        // Only the model's inputs must be there (a batch prediction's data need no target).
        if (!column && is_input(model, attribute.name))
            return "The DataSource has no attribute " + attribute.name +
                   ", which the MLModel was trained with.";
        from.push_back(column);
        if (column)
            taken[*column] = true;
        schema.attributes.push_back(attribute);
    }
    for (std::size_t column = 0; column < taken.size(); ++column)
        if (!taken[column]) {
            from.push_back(column);
            schema.attributes.push_back(data.schema.attributes[column]);
        }
    if (schema.attributes == data.schema.attributes) { // laid out so already
        data.schema.target_attribute_name = model.target_attribute_name;
        return std::nullopt;
    }
    for (auto& record : data.records) {
        data_record laid_out;
        laid_out.reserve(from.size());
        for (const auto column : from)
            laid_out.push_back(column ? std::move(record[*column]) : std::string());
        record = std::move(laid_out);
    }
    data.schema = std::move(schema);
    return std::nullopt;
}

/// Every training parameter with Amazon ML's defaults (service-2.json's, which sgd.hpp trains
/// with: no L1 and no L2 unless given), overridden by those given.
inline training_parameters with_defaults(const std::optional<training_parameters>& given) {
    training_parameters all = {{"algorithm", "sgd"},
                               {"sgd.maxPasses", "10"},
                               {"sgd.shuffleType", "none"},
                               {"sgd.l1RegularizationAmount", "0.0"},
                               {"sgd.l2RegularizationAmount", "0.0"},
                               {"sgd.maxMLModelSizeInBytes", "33554432"}};
    if (given)
        for (const auto& [key, value] : *given)
            all[key] = value;
    return all;
}

/// Takes the model's real-time endpoint away, whether awsml-local made it or the --models file
/// said it had one; answers whether there was one to take.
inline bool unmount_endpoint(ml_model_entry& entry) {
    const bool had_one = entry.endpoint || (entry.record.endpoint_info &&
                                            entry.record.endpoint_info->endpoint_status !=
                                                realtime_endpoint_status_value::NONE);
    entry.endpoint.reset();
    if (entry.record.endpoint_info)
        entry.record.endpoint_info = no_realtime_endpoint();
    return had_one;
}

} // namespace detail::operation_steps

void operations::import_models(const model_store& models) {
    std::lock_guard lock(mutex_);
    models.each([&](const get_ml_model_output& model, const lifecycle* plan, timestamp start) {
        ml_model_entry entry{.record = model};
        if (plan) {
            entry.timeline = entity_timeline{.start = start, .final_status = plan->final_status};
            for (const auto& stage : plan->stages)
                entry.timeline->stages.push_back({stage.status, stage.duration.count()});
        }
        store_.put(std::move(entry));
    });
}

void operations::set_endpoint_url(std::string url) {
    std::lock_guard lock(mutex_);
    endpoint_url_ = std::move(url);
}

namespace {

thread_local std::string caller_authority; // caller_origin_scope's host[:port]; "" when unset
thread_local bool never_waiting = false;   // in a never_waiting_scope

// host[:port] or [v6]:port, as an endpoint URL's authority is checked.
bool is_plain_authority(std::string_view authority) {
    endpoint_url parsed;
    return !awsml::detail::endpoints::parse_authority(authority, parsed);
}

// AWS's tagging rules reserve "aws:" in any case ("aws:", "AWS:" and every mix) for AWS's use.
std::optional<service_failure> refuse_reserved_tag_key(std::string_view key) {
    if (key.size() < 4 || !awsml::detail::iequals(key.substr(0, 4), "aws:"))
        return std::nullopt;
    return service_failure{400, "InvalidTagException",
                           "Tag keys starting with 'aws:' (in any case) are reserved: " +
                               std::string(key)};
}

} // namespace

operations::caller_origin_scope::caller_origin_scope(std::string_view host) {
    caller_authority = is_plain_authority(host) ? std::string(host) : std::string();
}

operations::caller_origin_scope::~caller_origin_scope() {
    caller_authority.clear();
}

operations::never_waiting_scope::never_waiting_scope()
    : enclosing_(std::exchange(never_waiting, true)) {}

operations::never_waiting_scope::~never_waiting_scope() {
    never_waiting = enclosing_;
}

bool operations::at_work() const {
    return works_at_hand_.load() > 0;
}

std::string operations::own_url() const {
    const auto scheme_end = endpoint_url_.find("://");
    if (caller_authority.empty() || scheme_end == std::string::npos)
        return endpoint_url_;
    return endpoint_url_.substr(0, scheme_end + 3) + caller_authority;
}

// --- the generic steps ---------------------------------------------------------------------------

// in_progress_'s key for a Create* of this kind and id.
template <class Entry>
std::string in_progress_key(std::string_view id) {
    return std::string(entity_kind<Entry>::name) + "/" + std::string(id);
}

template <class Entry, class Input>
service_result<std::string>
operations::create(const Input& in, const std::string& id, timestamp now,
                   service_result<Entry> (operations::*build)(const Input&, timestamp)) {
    const std::string digest = detail::operation_steps::digest(to_json(in));
    const std::string key = in_progress_key<Entry>(id);
    {
        // The same id again, stored or still in the works: the same request answers with it,
        // another is refused.
        std::lock_guard lock(mutex_);
        const Entry* found = store_.find<Entry>(id);
        const auto working = in_progress_.find(key);
        const std::string* earlier = found                           ? &found->request_digest
                                     : working != in_progress_.end() ? &working->second
                                                                     : nullptr;
        if (earlier && *earlier == digest)
            return id;
        if (earlier)
            return service_failure{400, "IdempotentParameterMismatchException",
                                   "A " + std::string(entity_kind<Entry>::name) + " with id " + id +
                                       " already exists with other parameters."};
        in_progress_.emplace(key, digest);
        ++works_at_hand_;
    }
    // The work (reading data, training, writing results) runs unlocked, once per id: other
    // requests go on meanwhile.
    service_result<Entry> entry = [&] {
        try {
            if (settings_.on_work_begun)
                settings_.on_work_begun(entity_kind<Entry>::name, id);
            return (this->*build)(in, now);
        } catch (...) { // the id is free again: a retry builds afresh, not answers a phantom
            std::lock_guard lock(mutex_);
            in_progress_.erase(key);
            --works_at_hand_;
            work_ended_.notify_all();
            throw;
        }
    }();
    std::lock_guard lock(mutex_);
    in_progress_.erase(key);
    --works_at_hand_;
    work_ended_.notify_all(); // its waiters run once the entry is stored and the lock let go
    if (!entry)
        return entry.error();
    entry->request_digest = digest;
    // An input deleted while the work was built (unlocked) fails it as a later deletion would.
    std::optional<std::string> deleted;
    if constexpr (!std::is_same_v<Entry, data_source_entry>) {
        deleted = deleted_input(*entry);
        inherit_tags(*entry);
    }
    store_.put(std::move(*entry));
    if constexpr (std::is_same_v<Entry, batch_prediction_entry>)
        register_staged_results(id, now); // before a failure, which discards them
    if constexpr (!std::is_same_v<Entry, data_source_entry>)
        if (deleted && store_.find<Entry>(id)->record.status != entity_status_value::FAILED)
            fail_work<Entry>(id, now, *deleted);
    // In the same hold of the lock: no answer says COMPLETED before its results are due to move,
    // and results due already (no processing time) are in place before any answer can say so.
    if constexpr (std::is_same_v<Entry, batch_prediction_entry>)
        publish_due_results_locked(now);
    return id;
}

template <class Entry>
std::optional<Entry> operations::snapshot(std::string_view id) const {
    std::unique_lock lock(mutex_);
    const Entry* found = find_settled<Entry>(lock, id);
    return found ? std::optional<Entry>(*found) : std::nullopt;
}

template <class Entry>
const Entry* operations::find_settled(std::unique_lock<std::mutex>& lock,
                                      std::string_view id) const {
    const std::string key = in_progress_key<Entry>(id);
    if (!never_waiting)
        work_ended_.wait_for(lock, settings_.creation_patience,
                             [&] { return !in_progress_.contains(key); });
    return store_.find<Entry>(id);
}

template <class Entry>
void operations::settle_kind(std::unique_lock<std::mutex>& lock) const {
    if (never_waiting)
        return;
    // Only those at work now: a stream of later Create*s cannot hold a Describe* back for ever.
    const std::string prefix = in_progress_key<Entry>("");
    std::vector<std::string> at_work;
    for (auto it = in_progress_.lower_bound(prefix);
         it != in_progress_.end() && it->first.starts_with(prefix); ++it)
        at_work.push_back(it->first);
    work_ended_.wait_for(lock, settings_.creation_patience, [&] {
        return std::none_of(at_work.begin(), at_work.end(),
                            [&](const std::string& key) { return in_progress_.contains(key); });
    });
}

template <class Entry>
auto operations::current(const Entry& entry, timestamp now) const {
    auto record = view(entry, now);
    // A real-time endpoint is at this emulator's address, wherever it listened before a restart.
    if constexpr (requires { entry.endpoint; })
        if (entry.endpoint && record.endpoint_info && record.endpoint_info->endpoint_url)
            record.endpoint_info->endpoint_url = own_url();
    return record;
}

template <class Entry>
service_result<typename entity_kind<Entry>::record> operations::get(const std::string& id,
                                                                    timestamp now) const {
    std::unique_lock lock(mutex_);
    const Entry* entry = find_settled<Entry>(lock, id);
    if (!entry)
        return detail::operation_steps::not_found(entity_kind<Entry>::name, id);
    auto record = current(*entry, now);
    // Where the service links its log file in S3 (presigned), the console serves the log of a
    // Create* (a --models file's model, which no request made, is answered as the file gives it).
    const bool made_by_a_request = !entry->request_digest.empty();
    if (settings_.log_uris && made_by_a_request)
        record.log_uri = own_url() + entity_log_path<Entry>(id);
    return record;
}

template <class Entry, class Query, class Page>
service_result<Page> operations::describe(const Query& query, timestamp now) const {
    std::vector<typename entity_kind<Entry>::record> records;
    {
        std::unique_lock lock(mutex_);
        settle_kind<Entry>(lock);
        for (const auto& [id, entry] : store_.all<Entry>())
            records.push_back(current(entry, now));
    }
    auto page = describe_page<Entry, Query, Page>(records, query);
    if (!page)
        return detail::operation_steps::invalid(page.error());
    return std::move(*page);
}

template <class Entry>
service_result<std::string> operations::rename(const std::string& id, const std::string& name,
                                               timestamp now) {
    std::unique_lock lock(mutex_);
    const Entry* found = find_settled<Entry>(lock, id);
    if (!found)
        return detail::operation_steps::not_found(entity_kind<Entry>::name, id);
    Entry entry = *found;
    entry.record.name = name;
    entry.renamed_at = now;
    store_.put(std::move(entry));
    return id;
}

namespace detail::operation_steps {

/// A data source or model that an entry's work reads: its kind's name and its id.
struct input_reference {
    std::string_view kind;
    std::string id;
};
constexpr std::string_view data_source_kind = entity_kind<data_source_entry>::name;
constexpr std::string_view ml_model_kind = entity_kind<ml_model_entry>::name;

inline std::vector<input_reference> inputs_of(const ml_model_entry& e) {
    return {{data_source_kind, e.record.training_data_source_id.value_or("")}};
}
inline std::vector<input_reference> inputs_of(const evaluation_entry& e) {
    return {{data_source_kind, e.record.evaluation_data_source_id.value_or("")},
            {ml_model_kind, e.record.ml_model_id.value_or("")}};
}
inline std::vector<input_reference> inputs_of(const batch_prediction_entry& e) {
    return {{data_source_kind, e.record.batch_prediction_data_source_id.value_or("")},
            {ml_model_kind, e.record.ml_model_id.value_or("")}};
}

/// What the work made, which a FAILED entity never shows.
inline void drop_results(ml_model_entry& e) {
    e.predictor.reset();
    e.record.size_in_bytes.reset();
    unmount_endpoint(e);
}
inline void drop_results(evaluation_entry& e) {
    e.answers.reset();
    e.record.performance_metrics.reset();
}
inline void drop_results(batch_prediction_entry& e) {
    e.record.total_record_count.reset();
    e.record.invalid_record_count.reset();
}

/// The timeline cut at `at`: the work stops there and ends FAILED (FinishedAt is `at`).
inline void fail_at(entity_timeline& timeline, timestamp at) {
    auto left = std::max<std::int64_t>(
        0, std::chrono::duration_cast<std::chrono::milliseconds>(at - timeline.start).count());
    for (auto& stage : timeline.stages) {
        stage.milliseconds = std::min(stage.milliseconds, left);
        left -= stage.milliseconds;
    }
    // A stage never reached is no stage: an entity failing while PENDING never started.
    std::erase_if(timeline.stages, [](const timed_status& s) { return s.milliseconds == 0; });
    timeline.final_status = entity_status_value::FAILED;
}

} // namespace detail::operation_steps

template <class Entry>
void operations::fail_work(const std::string& id, timestamp now, const std::string& why) {
    Entry entry = *store_.find<Entry>(id);
    entry.record.status = entity_status_value::FAILED;
    entry.record.message = detail::operation_steps::message_text(
        why + " before the " + std::string(entity_kind<Entry>::name) + " finished.");
    detail::operation_steps::fail_at(*entry.timeline, now);
    detail::operation_steps::drop_results(entry);
    store_.put(std::move(entry));
    if constexpr (std::is_same_v<Entry, batch_prediction_entry>)
        discard_staged_results(id);
    if constexpr (std::is_same_v<Entry, ml_model_entry>)
        fail_users_of(detail::operation_steps::ml_model_kind, id, now,
                      "The MLModel " + id + " it uses ended FAILED");
}

template <class Entry>
void operations::fail_users(std::string_view kind, const std::string& id, timestamp now,
                            const std::string& why) {
    const auto reads = [&](const Entry& entry) {
        const auto inputs = detail::operation_steps::inputs_of(entry);
        return std::any_of(inputs.begin(), inputs.end(),
                           [&](const auto& input) { return input.kind == kind && input.id == id; });
    };
    std::vector<std::string> failing;
    for (const auto& [user, entry] : store_.all<Entry>()) {
        const auto done = finishes_at(entry);
        // Not what a --models file or --lifecycle scripted (no request made it).
        if (!entry.deleted_at && !entry.request_digest.empty() &&
            entry.record.status != entity_status_value::FAILED && done && *done > now &&
            reads(entry))
            failing.push_back(user);
    }
    for (const auto& user : failing)
        fail_work<Entry>(user, now, why);
}

void operations::fail_users_of(std::string_view kind, const std::string& id, timestamp now,
                               const std::string& why) {
    fail_users<ml_model_entry>(kind, id, now, why);
    fail_users<evaluation_entry>(kind, id, now, why);
    fail_users<batch_prediction_entry>(kind, id, now, why);
}

template <class Entry>
std::optional<std::string> operations::deleted_input(const Entry& entry) const {
    const auto deleted_in_store = [&](const auto* found) { return found && found->deleted_at; };
    for (const auto& input : detail::operation_steps::inputs_of(entry)) {
        const bool deleted = input.kind == detail::operation_steps::data_source_kind
                                 ? deleted_in_store(store_.find<data_source_entry>(input.id))
                                 : deleted_in_store(store_.find<ml_model_entry>(input.id));
        if (deleted)
            return "The " + std::string(input.kind) + " " + input.id + " was deleted";
    }
    return std::nullopt;
}

// The developer guide: "By default, tags applied to an Amazon ML object are copied to objects
// created using that object" (a model from its data source, an evaluation and a batch prediction
// from their model and data source), as they are when the object is created. Where two inputs
// give one key, the data source's value is kept; past the limit of 10, the rest are left.
template <class Entry>
void operations::inherit_tags(Entry& entry) const {
    const auto tags_in_store = [](const auto* found) { return found ? &found->tags : nullptr; };
    for (const auto& input : detail::operation_steps::inputs_of(entry)) {
        const tag_list* inherited = input.kind == detail::operation_steps::data_source_kind
                                        ? tags_in_store(store_.find<data_source_entry>(input.id))
                                        : tags_in_store(store_.find<ml_model_entry>(input.id));
        if (!inherited)
            continue;
        for (const auto& t : *inherited) {
            const bool present = std::any_of(entry.tags.begin(), entry.tags.end(),
                                             [&](const tag& own) { return own.key == t.key; });
            if (!present && entry.tags.size() < max_tags_per_object)
                entry.tags.push_back(t);
        }
    }
}

template <class Entry>
service_result<std::string> operations::erase(const std::string& id, timestamp now) {
    std::unique_lock lock(mutex_);
    const Entry* found = find_settled<Entry>(lock, id);
    if (!found)
        return detail::operation_steps::not_found(entity_kind<Entry>::name, id);
    if (!found->deleted_at) {
        Entry entry = *found;
        entry.deleted_at = now;
        if constexpr (std::is_same_v<Entry, ml_model_entry>)
            detail::operation_steps::unmount_endpoint(entry);
        store_.put(std::move(entry));
        // A deleted batch prediction never completes: its results never appear.
        if constexpr (std::is_same_v<Entry, batch_prediction_entry>)
            discard_staged_results(id);
    }
    // A deleted data source or model "is unusable": what still reads it fails. Again on a
    // retry, in case storing a failure threw the first time.
    if constexpr (std::is_same_v<Entry, data_source_entry> || std::is_same_v<Entry, ml_model_entry>)
        fail_users_of(entity_kind<Entry>::name, id, *store_.find<Entry>(id)->deleted_at,
                      "The " + std::string(entity_kind<Entry>::name) + " " + id + " was deleted");
    return id;
}

template <class Record>
void operations::start_record(Record& r, const std::optional<std::string>& name,
                              timestamp now) const {
    r.created_by_iam_user = settings_.iam_user;
    r.created_at = now;
    r.last_updated_at = now;
    r.name = name;
}

template <class Entry>
void operations::finish(Entry& e, timestamp now, std::optional<timestamp> inputs_ready,
                        std::optional<std::string> failure) const {
    using std::chrono::milliseconds;
    const milliseconds pending = settings_.processing_time / 4;
    const milliseconds working = settings_.processing_time - pending;
    const milliseconds waiting =
        std::max(pending, inputs_ready && *inputs_ready > now
                              ? std::chrono::duration_cast<milliseconds>(*inputs_ready - now)
                              : milliseconds(0));
    e.record.status = failure ? entity_status_value::FAILED : entity_status_value::COMPLETED;
    if (failure)
        e.record.message = detail::operation_steps::message_text(std::move(*failure));
    e.timeline = make_timeline(now, waiting, working, *e.record.status);
}

spec_result<dataset> operations::load(const get_data_source_output& source) const {
    if (source.rds_metadata || source.redshift_metadata)
        return spec_error{"its records are in a database that awsml-local cannot reach"};
    return load_dataset(settings_.s3, source.data_location_s3.value_or(""),
                        source.data_source_schema.value_or(""), source.data_rearrangement);
}

// --- data sources ------------------------------------------------------------------------------

service_result<data_source_entry> operations::build(const create_data_source_from_s3_input& in,
                                                    timestamp now) {
    using detail::operation_steps::invalid;
    data_source_entry e;
    auto& r = e.record;
    r.data_source_id = in.data_source_id;
    start_record(r, in.data_source_name, now);
    r.data_location_s3 = in.data_spec.data_location_s3;
    r.data_rearrangement = in.data_spec.data_rearrangement;
    r.compute_statistics = in.compute_statistics.value_or(false);
    if (auto split = parse_rearrangement(in.data_spec.data_rearrangement.value_or("")); !split) {
        return invalid(split.error().message);
    }
    std::optional<std::string> failure;
    if (in.data_spec.data_schema) {
        r.data_source_schema = in.data_spec.data_schema;
    } else if (in.data_spec.data_schema_location_s3) {
        auto schema = settings_.s3.read(*in.data_spec.data_schema_location_s3);
        if (schema)
            r.data_source_schema = *schema;
        else
            failure = "Cannot read the schema: " + schema.error().message;
    } else {
        return invalid("DataSpec needs a DataSchema or a DataSchemaLocationS3.");
    }
    if (!failure) // said as the schema's problem, not as the data's
        if (auto schema = read_data_schema(*r.data_source_schema); !schema)
            failure = schema.error().message;
    if (!failure) {
        auto data = load(r);
        if (!data) {
            failure = "Cannot read the data at " + in.data_spec.data_location_s3 + ": " +
                      data.error().message;
        } else {
            r.data_size_in_bytes = static_cast<std::int64_t>(data->bytes);
            r.number_of_files = data->files;
            if (*r.compute_statistics)
                e.statistics = compute_statistics(*data);
        }
    }
    finish(e, now, std::nullopt, std::move(failure));
    return e;
}

template <class Input, class Spec>
data_source_entry operations::database_source(const Input& in, const Spec& spec, timestamp now,
                                              const std::string& database) const {
    data_source_entry e;
    auto& r = e.record;
    r.data_source_id = in.data_source_id;
    start_record(r, in.data_source_name, now);
    r.data_location_s3 = spec.s3_staging_location;
    r.data_rearrangement = spec.data_rearrangement;
    r.data_source_schema = spec.data_schema;
    r.role_arn = in.role_arn;
    r.compute_statistics = in.compute_statistics.value_or(false);
    finish(e, now, std::nullopt,
           "awsml-local cannot reach " + database +
               ": there is no database offline. Export the query's result as CSV under "
               "--s3-root and use CreateDataSourceFromS3.");
    return e;
}

service_result<data_source_entry> operations::build(const create_data_source_from_rds_input& in,
                                                    timestamp now) {
    const auto& database = in.rds_data.database_information;
    data_source_entry e = database_source(in, in.rds_data, now,
                                          "the RDS instance " + database.instance_identifier +
                                              " (database " + database.database_name + ")");
    e.record.rds_metadata =
        rds_metadata{.database = database,
                     .database_user_name = in.rds_data.database_credentials.username,
                     .select_sql_query = in.rds_data.select_sql_query,
                     .resource_role = in.rds_data.resource_role,
                     .service_role = in.rds_data.service_role};
    return e;
}

service_result<data_source_entry>
operations::build(const create_data_source_from_redshift_input& in, timestamp now) {
    const auto& database = in.data_spec.database_information;
    data_source_entry e = database_source(in, in.data_spec, now,
                                          "the Redshift cluster " + database.cluster_identifier +
                                              " (database " + database.database_name + ")");
    e.record.redshift_metadata =
        redshift_metadata{.redshift_database = database,
                          .database_user_name = in.data_spec.database_credentials.username,
                          .select_sql_query = in.data_spec.select_sql_query};
    return e;
}

service_result<create_data_source_from_s3_output>
operations::answer(const create_data_source_from_s3_input& in, timestamp now) {
    return detail::operation_steps::id_output<create_data_source_from_s3_output>(
        create<data_source_entry>(in, in.data_source_id, now, &operations::build));
}

service_result<create_data_source_from_rds_output>
operations::answer(const create_data_source_from_rds_input& in, timestamp now) {
    return detail::operation_steps::id_output<create_data_source_from_rds_output>(
        create<data_source_entry>(in, in.data_source_id, now, &operations::build));
}

service_result<create_data_source_from_redshift_output>
operations::answer(const create_data_source_from_redshift_input& in, timestamp now) {
    return detail::operation_steps::id_output<create_data_source_from_redshift_output>(
        create<data_source_entry>(in, in.data_source_id, now, &operations::build));
}

// --- models ------------------------------------------------------------------------------------

service_result<ml_model_entry> operations::build(const create_ml_model_input& in, timestamp now) {
    using detail::operation_steps::invalid;
    ml_model_entry e;
    auto& r = e.record;
    r.ml_model_id = in.ml_model_id;
    start_record(r, in.ml_model_name, now);
    r.training_data_source_id = in.training_data_source_id;
    r.ml_model_type = in.ml_model_type;
    r.training_parameters = detail::operation_steps::with_defaults(in.parameters);
    r.endpoint_info = no_realtime_endpoint();
    if (in.ml_model_type == ml_model_type::BINARY) {
        r.score_threshold = 0.5f;
        r.score_threshold_last_updated_at = now;
    }
    const auto source = snapshot<data_source_entry>(in.training_data_source_id);
    if (!source) {
        return invalid("No DataSource with id " + in.training_data_source_id + " exists.");
    }
    if (source->deleted_at) // DELETED renders a data source "unusable", as CreateEvaluation says
        return invalid("DataSource " + in.training_data_source_id + " is DELETED.");
    auto parameters = parse_sgd_parameters(in.parameters.value_or(training_parameters{}));
    if (!parameters) {
        return invalid(parameters.error().message);
    }
    r.input_data_location_s3 = source->record.data_location_s3;
    r.schema = source->record.data_source_schema;
    std::optional<std::string> failure;
    auto schema = machinelearning::try_parse_data_schema(r.schema.value_or(""));
    if (in.recipe) {
        r.recipe = in.recipe;
    } else if (in.recipe_uri) {
        auto text = settings_.s3.read(*in.recipe_uri);
        if (!text) {
            return invalid("Cannot read RecipeUri: " + text.error().message);
        }
        r.recipe = *text;
    } else if (schema) {
        r.recipe = default_recipe_json(*schema);
    }
    std::optional<machinelearning::recipe> recipe;
    if (r.recipe) {
        // Named as the request gave it: the member, the object RecipeUri names, or the default.
        const std::string origin = in.recipe       ? "Recipe"
                                   : in.recipe_uri ? "The recipe at RecipeUri " + *in.recipe_uri
                                                   : "The default recipe for the schema";
        const auto refused = [&](const std::string& path, const std::string& message) {
            return invalid(origin + ": " + (path.empty() ? "" : path + ": ") + message);
        };
        auto parsed = machinelearning::try_parse_recipe(*r.recipe);
        if (!parsed)
            return refused(parsed.error().front().path, parsed.error().front().message);
        if (!in.recipe && !in.recipe_uri && parsed->outputs.empty())
            return invalid("The schema leaves no attribute to learn from (each is the target, the "
                           "row id, the weight or excluded), so there is no default recipe.");
        if (schema)
            if (auto problems = machinelearning::check(*parsed, *schema); !problems.empty())
                return refused(problems.front().path, problems.front().message);
        recipe = std::move(*parsed);
    }
    const auto source_view = view(*source, finishes_at(*source).value_or(now));
    if (source_view.status != entity_status_value::COMPLETED) {
        failure = "The training DataSource " + in.training_data_source_id + " is " +
                  std::string(source_view.status ? source_view.status->wire() : "unknown") +
                  (source_view.message ? ": " + *source_view.message : std::string());
    } else if (!source->record.compute_statistics.value_or(false)) {
        // "CreateMLModel requires a DataSource with computed statistics" (service-2.json).
        failure = "The training DataSource " + in.training_data_source_id +
                  " has no computed statistics: CreateMLModel requires a DataSource created "
                  "with ComputeStatistics set to true.";
    } else if (auto data = load(source->record); !data) {
        failure = "Cannot read the training data: " + data.error().message;
    } else if (!recipe) {
        failure = "The training DataSource has no valid schema.";
    } else {
        auto model =
            train(*data, *recipe, *r.recipe, in.ml_model_type, *parameters, in.ml_model_id);
        if (!model) {
            failure = "Training failed: " + model.error().message;
        } else {
            r.size_in_bytes = model->size_in_bytes;
            e.predictor = std::move(*model);
        }
    }
    finish(e, now, finishes_at(*source), std::move(failure));
    return e;
}

service_result<create_ml_model_output> operations::answer(const create_ml_model_input& in,
                                                          timestamp now) {
    return detail::operation_steps::id_output<create_ml_model_output>(
        create<ml_model_entry>(in, in.ml_model_id, now, &operations::build));
}

// --- evaluations and batch predictions --------------------------------------------------------

/// What an evaluation or a batch prediction scores: the model's predictor and the data source's
/// records, or why there are none (the entity then ends FAILED with that Message), and when both
/// inputs are done.
struct scoring_inputs {
    std::optional<predictor> scorer;
    std::optional<dataset> data;
    std::optional<ml_model_entry> model;
    timestamp ready;
    std::optional<std::string> failure;
};

service_result<scoring_inputs>
operations::gather(const std::string& model_id, const std::string& source_id, timestamp now) const {
    using detail::operation_steps::invalid;
    auto model = snapshot<ml_model_entry>(model_id);
    const auto source = snapshot<data_source_entry>(source_id);
    if (!model)
        return invalid("No MLModel with id " + model_id + " exists.");
    if (!source)
        return invalid("No DataSource with id " + source_id + " exists.");
    if (model->deleted_at || source->deleted_at)
        return invalid((model->deleted_at ? "MLModel " + model_id : "DataSource " + source_id) +
                       " is DELETED.");
    scoring_inputs inputs;
    inputs.ready = std::max(finishes_at(*model).value_or(now), finishes_at(*source).value_or(now));
    // A FAILED data source "is not usable" (service-2.json), even if its data can be read now.
    const auto source_view = view(*source, finishes_at(*source).value_or(now));
    auto data = load(source->record);
    if (!model->predictor) {
        inputs.failure =
            "The MLModel " + model_id + " has no trained predictor (" +
            std::string(model->timeline ? "its training failed" : "it was loaded from --models") +
            ").";
    } else if (source_view.status != entity_status_value::COMPLETED) {
        inputs.failure = "The DataSource " + source_id + " is " +
                         std::string(source_view.status ? source_view.status->wire() : "unknown") +
                         (source_view.message ? ": " + *source_view.message : std::string());
    } else if (!data) {
        inputs.failure =
            "Cannot read the data of DataSource " + source_id + ": " + data.error().message;
    } else {
        inputs.scorer.emplace(*model->predictor);
        inputs.failure = detail::operation_steps::conform(*data, inputs.scorer->schema());
        inputs.data = std::move(*data);
    }
    inputs.model = std::move(model);
    return inputs;
}

namespace detail::operation_steps {

/// The model's answers for the evaluation's records whose target has a value.
inline evaluation_answers answers_of(const predictor& scorer, const dataset& data) {
    const trained_model& trained = scorer.model();
    const auto target = data.column(data.schema.target_attribute_name.value_or(""));
    evaluation_answers answers;
    // Only the records whose target has a value are scored, as training reads only those.
    for (const auto& record : data.records) {
        if (trained.model_type == ml_model_type::MULTICLASS) {
            // A class training never saw still counts: as a wrong answer.
            if (target && !is_missing(record[*target])) {
                answers.true_labels.push_back(record[*target]);
                answers.predicted_labels.push_back(*scorer.answer(record, 0.5).label);
            }
        } else if (const auto truth = target_of(trained, data, record)) {
            const auto answer = scorer.answer(record, 0.5);
            answers.truths.push_back(*truth);
            answers.scores.push_back(trained.model_type == ml_model_type::BINARY
                                         ? answer.scores.begin()->second
                                         : *answer.value);
        }
    }
    return answers;
}

/// The evaluation's metric over its answers, or nullopt for none.
inline std::optional<performance_metrics_properties> metric_of(const ml_model_type& type,
                                                               const evaluation_answers& answers) {
    if (answers.truths.empty() && answers.true_labels.empty())
        return std::nullopt;
    if (type == ml_model_type::BINARY)
        return performance_metrics_properties{
            {"BinaryAUC", number_text(binary_auc(scored_records(answers)))}};
    if (type == ml_model_type::MULTICLASS)
        return performance_metrics_properties{
            {"MulticlassAvgFScore", number_text(macro_f1(labelled_records(answers)))}};
    return performance_metrics_properties{
        {"RegressionRMSE", number_text(rmse(valued_records(answers)))}};
}

/// Scores the evaluation's data into its entry: the metric and the answers it came from. nullopt
/// once done, else why not.
inline std::optional<std::string> score(evaluation_entry& e, const predictor& scorer,
                                        const dataset& data) {
    const std::string target = data.schema.target_attribute_name.value_or("");
    if (!data.holds_target)
        return "The DataSource has no attribute " + target + ", the MLModel's target.";
    evaluation_answers answers;
    try {
        answers = answers_of(scorer, data);
    } catch (const too_many_feature_values& error) {
        return std::string("Cannot score the evaluation data: ") + error.what();
    }
    auto metrics = metric_of(scorer.model().model_type, answers);
    if (!metrics)
        return "No evaluation record has a valid value of the target " + target + ".";
    e.record.performance_metrics = performance_metrics{.properties = std::move(*metrics)};
    e.answers = std::move(answers);
    return std::nullopt;
}

} // namespace detail::operation_steps

service_result<evaluation_entry> operations::build(const create_evaluation_input& in,
                                                   timestamp now) {
    evaluation_entry e;
    auto& r = e.record;
    r.evaluation_id = in.evaluation_id;
    start_record(r, in.evaluation_name, now);
    r.ml_model_id = in.ml_model_id;
    r.evaluation_data_source_id = in.evaluation_data_source_id;
    auto inputs = gather(in.ml_model_id, in.evaluation_data_source_id, now);
    if (!inputs)
        return inputs.error();
    r.input_data_location_s3 =
        snapshot<data_source_entry>(in.evaluation_data_source_id)->record.data_location_s3;
    if (!inputs->failure)
        inputs->failure = detail::operation_steps::score(e, *inputs->scorer, *inputs->data);
    finish(e, now, inputs->ready, std::move(inputs->failure));
    return e;
}

service_result<create_evaluation_output> operations::answer(const create_evaluation_input& in,
                                                            timestamp now) {
    return detail::operation_steps::id_output<create_evaluation_output>(
        create<evaluation_entry>(in, in.evaluation_id, now, &operations::build));
}

namespace detail::operation_steps {

inline void write_csv_field(std::string& out, std::string_view value) {
    if (value.find_first_of(",\"\n\r") == std::string_view::npos) {
        out.append(value);
        return;
    }
    out.push_back('"');
    for (char c : value)
        out.append(c == '"' ? "\"\"" : std::string(1, c));
    out.push_back('"');
}

/// The header of a batch prediction's result files, as the developer guide's "Reading the Batch
/// Prediction Output Files" and "Creating a Data Schema" show it: `tag` (the row id) when the
/// schema has one, `trueLabel` when the data holds the target, then the answer's columns
/// (BINARY: bestAnswer,score; MULTICLASS: one score per class; REGRESSION: score).
inline std::string batch_header(const trained_model& model, const dataset& data) {
    std::string header;
    if (data.column(data.schema.row_id.value_or("")))
        header += "tag,";
    if (data.holds_target)
        header += "trueLabel,";
    if (model.model_type == ml_model_type::BINARY)
        return header + "bestAnswer,score\n";
    if (model.model_type == ml_model_type::MULTICLASS) {
        for (std::size_t k = 0; k < model.classes.size(); ++k) {
            if (k)
                header += ",";
            write_csv_field(header, model.classes[k]);
        }
        return header + "\n";
    }
    return header + "score\n";
}

/// A record's target as trueLabel: a BINARY one as Amazon ML outputs binary values (0 or 1,
/// empty when missing or invalid), any other as the data gives it.
inline std::string true_label(const trained_model& model, std::string_view value) {
    if (model.model_type != ml_model_type::BINARY)
        return std::string(value);
    const auto flag = binary_value(value);
    return flag ? (*flag ? "1" : "0") : "";
}

/// The batch prediction's result files, one for each object the data came from (in the order
/// of data.sources), made in one pass over the records: one line for each input record, in the
/// file's order, an invalid one's blank (the developer guide: "the output file ... always
/// contains the same number of records as the prediction input file, in the same order").
inline std::vector<std::string> batch_csvs(const predictor& scorer, const dataset& data,
                                           double threshold) {
    const trained_model& model = scorer.model();
    const auto row_id = data.column(data.schema.row_id.value_or(""));
    const auto target = data.column(data.schema.target_attribute_name.value_or(""));
    std::vector<std::string> files(data.sources.size(), batch_header(model, data));
    auto blank = data.invalid_places.begin();
    const auto blank_lines_before = [&](std::size_t record) {
        for (; blank != data.invalid_places.end() && blank->next_record <= record; ++blank)
            files[blank->source] += "\n";
    };
    for (std::size_t i = 0; i < data.records.size(); ++i) {
        blank_lines_before(i);
        const data_record& record = data.records[i];
        std::string& out = files[data.record_sources[i]];
        if (row_id) {
            write_csv_field(out, record[*row_id]);
            out += ",";
        }
        if (data.holds_target && target) {
            write_csv_field(out, true_label(model, record[*target]));
            out += ",";
        }
        const auto answer = scorer.answer(record, threshold);
        if (model.model_type == ml_model_type::BINARY) {
            out += *answer.label + "," + score_text(answer.scores.begin()->second) + "\n";
        } else if (model.model_type == ml_model_type::MULTICLASS) {
            for (std::size_t k = 0; k < model.classes.size(); ++k)
                out += (k ? "," : "") + score_text(answer.scores.at(model.classes[k]));
            out += "\n";
        } else {
            out += score_text(*answer.value) + "\n";
        }
    }
    blank_lines_before(data.records.size());
    return files;
}

/// `name`, or where an earlier input object of the same batch prediction had that name (objects
/// in different folders under the data location), `name` with "-2", "-3"... after it: each
/// object's results stay its own.
inline std::string unique_name(std::set<std::string>& taken, const std::string& name) {
    std::string candidate = name;
    for (int n = 2; !taken.insert(candidate).second; ++n)
        candidate = name + "-" + std::to_string(n);
    return candidate;
}

/// Amazon ML's batch prediction output, as the developer guide's "Reading the Batch Prediction
/// Output Files" lays it out: for each input object, its results gzipped at
/// <OutputUri>/batch-prediction/result/<id>-<object's name>.gz, and the manifest
/// <OutputUri>/batch-prediction/<id>.manifest, a JSON object from each input object's URL to its
/// result's. nullopt once written, else why not.
inline std::optional<std::string> write_batch_results(const s3_files& s3, std::string output_uri,
                                                      const std::string& id, const dataset& data,
                                                      const std::vector<std::string>& files) {
    if (!output_uri.ends_with('/'))
        output_uri += '/';
    boost::json::object manifest;
    std::set<std::string> names;
    for (std::size_t source = 0; source < data.sources.size(); ++source) {
        const std::string& input = data.sources[source];
        const std::string result = output_uri + "batch-prediction/result/" + id + "-" +
                                   unique_name(names, input.substr(input.rfind('/') + 1)) + ".gz";
        auto written = s3.write(result, gzip_stored(files[source]));
        if (!written)
            return written.error().message;
        manifest[input] = result;
    }
    auto written = s3.write(output_uri + "batch-prediction/" + id + ".manifest",
                            boost::json::serialize(manifest));
    if (!written)
        return written.error().message;
    return std::nullopt;
}

/// Why a batch prediction cannot write into the bucket `bucket`: S3 refuses a write into a
/// bucket that is not there (awsml-local makes none).
inline std::string no_output_bucket(const std::filesystem::path& bucket) {
    return "the output bucket '" + bucket.filename().string() + "' does not exist (NoSuchBucket)";
}

} // namespace detail::operation_steps

service_result<batch_prediction_entry> operations::build(const create_batch_prediction_input& in,
                                                         timestamp now) {
    batch_prediction_entry e;
    auto& r = e.record;
    r.batch_prediction_id = in.batch_prediction_id;
    start_record(r, in.batch_prediction_name, now);
    r.ml_model_id = in.ml_model_id;
    r.batch_prediction_data_source_id = in.batch_prediction_data_source_id;
    r.output_uri = in.output_uri;
    // OutputUri's documentation: "The following substrings are not allowed in the s3 key portion
    // of the outputURI field: ':', '//', '/./', '/../'" (s3_files refuses the last three).
    if (const auto key = std::string_view(in.output_uri).find('/', 5);
        key != std::string_view::npos && in.output_uri.find(':', key) != std::string::npos)
        return detail::operation_steps::invalid("OutputUri: '" + in.output_uri +
                                                "' has a ':' in its S3 key, which is not allowed");
    if (auto path = settings_.s3.path_of(in.output_uri); !path)
        return detail::operation_steps::invalid("OutputUri: " + path.error().message);
    auto inputs = gather(in.ml_model_id, in.batch_prediction_data_source_id, now);
    if (!inputs)
        return inputs.error();
    r.input_data_location_s3 =
        snapshot<data_source_entry>(in.batch_prediction_data_source_id)->record.data_location_s3;
    std::vector<std::string> files;
    if (!inputs->failure) {
        try {
            files = detail::operation_steps::batch_csvs(
                *inputs->scorer, *inputs->data,
                inputs->model->record.score_threshold.value_or(0.5f));
        } catch (const too_many_feature_values& error) {
            inputs->failure = std::string("Cannot score the data: ") + error.what();
        }
    }
    if (!inputs->failure) {
        // Staged: publish_due_results moves them into place when the prediction completes.
        const auto staging = staged_results(in.batch_prediction_id);
        std::error_code ignored;
        std::filesystem::create_directories(staging_folder(), ignored);
        auto claim = folder_claim::take(staging);
        if (!claim) {
            inputs->failure = "Cannot write the result: " + claim.error().message;
        } else if (!*claim) {
            inputs->failure = "Cannot write the result: another awsml-local over the same S3 "
                              "folder is staging the batch prediction " +
                              in.batch_prediction_id;
        } else {
            std::filesystem::remove_all(staging, ignored);
            if (auto problem = detail::operation_steps::write_batch_results(
                    s3_files(staging), in.output_uri, in.batch_prediction_id, *inputs->data,
                    files)) {
                inputs->failure = "Cannot write the result: " + *problem;
                std::filesystem::remove_all(staging, ignored);
            } else {
                std::lock_guard lock(mutex_);
                staging_claims_.insert_or_assign(in.batch_prediction_id, std::move(**claim));
            }
        }
    }
    if (!inputs->failure) { // a FAILED batch prediction shows no counts
        r.total_record_count =
            static_cast<std::int64_t>(inputs->data->records.size()) + inputs->data->invalid_records;
        r.invalid_record_count = inputs->data->invalid_records;
    }
    finish(e, now, inputs->ready, std::move(inputs->failure));
    return e;
}

service_result<create_batch_prediction_output>
operations::answer(const create_batch_prediction_input& in, timestamp now) {
    auto created =
        create<batch_prediction_entry>(in, in.batch_prediction_id, now, &operations::build);
    publish_due_results(now); // with no processing time, they are due now
    return detail::operation_steps::id_output<create_batch_prediction_output>(std::move(created));
}

std::filesystem::path operations::staging_folder() const {
    return pending_folder(settings_.s3.root());
}

// Named with a prefix: an id may be "." or "..", which must not name the staging folder itself
// or the S3 root.
constexpr std::string_view staged_results_prefix = "batch-prediction-";

std::filesystem::path operations::staged_results(std::string_view id) const {
    return staging_folder() / (std::string(staged_results_prefix) + std::string(id));
}

void operations::register_staged_results(const std::string& id, timestamp now) {
    const batch_prediction_entry* entry = store_.find<batch_prediction_entry>(id);
    std::error_code ec;
    if (!entry || entry->deleted_at || !std::filesystem::exists(staged_results(id), ec))
        return;
    if (!staging_claims_.contains(id)) { // left by an earlier run of this state
        auto claim = folder_claim::take(staged_results(id));
        if (!claim) {
            fail_batch_prediction(id, "Cannot write the result: " + claim.error().message);
            return;
        }
        if (!*claim) // another awsml-local, still running, stages them
            return;
        staging_claims_.insert_or_assign(id, std::move(**claim));
    }
    pending_results_[id] = finishes_at(*entry).value_or(now);
    results_pending_ = true;
}

void operations::discard_staged_results(const std::string& id) {
    if (pending_results_.erase(id) == 0)
        return;
    std::error_code ignored;
    std::filesystem::remove_all(staged_results(id), ignored);
    staging_claims_.erase(id);
    results_pending_ = !pending_results_.empty();
}

void operations::find_staged_results(timestamp now) {
    staged_results_found_ = true;
    if (!settings_.s3.configured())
        return;
    std::error_code ec;
    for (const auto& folder : std::filesystem::directory_iterator(staging_folder(), ec)) {
        const std::string name = folder.path().filename().string();
        // The folder is shared: S3's multipart uploads live beside staged results, and outlive a
        // restart as they do in S3.
        std::error_code kind_error;
        if (const auto claimed = folder_claim::claimed_by(folder.path());
            claimed && !std::filesystem::exists(*claimed, kind_error)) {
            auto left = folder_claim::take(*claimed); // a crashed claim's; goes with this one
            continue;
        }
        if (!name.starts_with(staged_results_prefix) || !folder.is_directory(kind_error))
            continue; // not staged results
        const std::string id = name.substr(staged_results_prefix.size());
        if (in_progress_.contains(in_progress_key<batch_prediction_entry>(id)))
            continue; // being written now
        register_staged_results(id, now);
        // Left by a run that stopped while writing them, or by one without this state file;
        // not those another awsml-local over the same folder has claimed.
        if (pending_results_.contains(id))
            continue;
        if (auto orphan = folder_claim::take(folder.path()); orphan && *orphan) {
            std::error_code ignored;
            std::filesystem::remove_all(folder.path(), ignored);
        }
    }
}

std::optional<std::string> operations::move_into_place(const std::filesystem::path& staging) const {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (auto file = std::filesystem::recursive_directory_iterator(staging, ec);
         !ec && file != std::filesystem::recursive_directory_iterator(); file.increment(ec))
        if (file->is_regular_file())
            files.push_back(file->path());
    if (ec)
        return "cannot read the staged results in " + staging.string() + ": " + ec.message();
    // The manifest last: once it is there, every file it names is.
    std::stable_partition(files.begin(), files.end(),
                          [](const auto& file) { return file.extension() != ".manifest"; });
    if (files.empty())
        return std::nullopt;
    // The output bucket is held while the results go in, as S3's writes hold theirs: a
    // concurrent DeleteBucket either finds them there or has removed the bucket before, and
    // then the prediction fails as S3 would refuse its writes.
    const auto bucket = settings_.s3.root() / *files.front().lexically_relative(staging).begin();
    auto hold = folder_hold::take(bucket, folder_hold::mode::shared, settings_.s3.hold_patience());
    if (!hold)
        return hold.error().message;
    if (!*hold)
        return detail::operation_steps::no_output_bucket(bucket);
    std::vector<std::filesystem::path> moved;
    auto undo = [&](std::string why) {
        std::error_code ignored;
        for (const auto& placed : moved)
            std::filesystem::remove(placed, ignored);
        return why;
    };
    for (const auto& file : files) {
        const auto relative = file.lexically_relative(staging);
        const auto target = settings_.s3.root() / relative;
        // A write of an object as S3's are: a conditional PutObject racing it sees it whole.
        const std::string key = relative.lexically_relative(*relative.begin()).generic_string();
        auto object_held = hold_object(settings_.s3, relative.begin()->native(), key);
        if (!object_held)
            return undo(object_held.error().message);
        // S3's DeleteObject prunes emptied folders, maybe between making one and the rename:
        // then it is made again.
        for (int attempt = 0; attempt < concurrent_change_retries; ++attempt) {
            std::filesystem::create_directories(target.parent_path(), ec);
            if (!ec)
                std::filesystem::rename(file, target, ec);
            if (ec != std::errc::no_such_file_or_directory || !std::filesystem::exists(file))
                break;
        }
        if (ec)
            return undo("cannot move " + target.string() + " into place: " + ec.message());
        moved.push_back(target);
    }
    return std::nullopt;
}

void operations::publish_due_results(timestamp now) {
    if (!results_pending_.load())
        return;
    std::lock_guard lock(mutex_);
    publish_due_results_locked(now);
}

void operations::publish_due_results_locked(timestamp now) {
    if (!staged_results_found_)
        find_staged_results(now);
    for (auto it = pending_results_.begin(); it != pending_results_.end();) {
        if (it->second > now) {
            ++it;
            continue;
        }
        const auto staging = staged_results(it->first);
        if (auto problem = move_into_place(staging))
            fail_batch_prediction(it->first, "Cannot write the result: " + *problem);
        std::error_code ignored;
        std::filesystem::remove_all(staging, ignored);
        staging_claims_.erase(it->first);
        it = pending_results_.erase(it);
    }
    results_pending_ = !pending_results_.empty();
}

void operations::fail_batch_prediction(const std::string& id, std::string why) {
    const batch_prediction_entry* found = store_.find<batch_prediction_entry>(id);
    if (!found)
        return;
    std::cerr << "awsml-local: batch prediction " << id << " FAILED: " << why << "\n";
    batch_prediction_entry entry = *found;
    entry.record.status = entity_status_value::FAILED;
    entry.record.message = detail::operation_steps::message_text(std::move(why));
    detail::operation_steps::drop_results(entry);
    if (entry.timeline)
        entry.timeline->final_status = entity_status_value::FAILED;
    store_.put(std::move(entry));
}

// --- Get*, Describe*, Update*, Delete* --------------------------------------------------------

service_result<get_data_source_output> operations::answer(const get_data_source_input& in,
                                                          timestamp now) {
    auto record = get<data_source_entry>(in.data_source_id, now);
    if (record && !in.verbose.value_or(false))
        entity_kind<data_source_entry>::hide_verbose(*record);
    return record;
}

service_result<get_ml_model_output> operations::answer(const get_ml_model_input& in,
                                                       timestamp now) {
    auto record = get<ml_model_entry>(in.ml_model_id, now);
    if (record && !in.verbose.value_or(false))
        entity_kind<ml_model_entry>::hide_verbose(*record);
    return record;
}

service_result<get_evaluation_output> operations::answer(const get_evaluation_input& in,
                                                         timestamp now) {
    return get<evaluation_entry>(in.evaluation_id, now);
}

service_result<get_batch_prediction_output> operations::answer(const get_batch_prediction_input& in,
                                                               timestamp now) {
    return get<batch_prediction_entry>(in.batch_prediction_id, now);
}

service_result<describe_data_sources_output>
operations::answer(const describe_data_sources_input& in, timestamp now) {
    return describe<data_source_entry, describe_data_sources_input, describe_data_sources_output>(
        in, now);
}

service_result<describe_ml_models_output> operations::answer(const describe_ml_models_input& in,
                                                             timestamp now) {
    return describe<ml_model_entry, describe_ml_models_input, describe_ml_models_output>(in, now);
}

service_result<describe_evaluations_output> operations::answer(const describe_evaluations_input& in,
                                                               timestamp now) {
    return describe<evaluation_entry, describe_evaluations_input, describe_evaluations_output>(in,
                                                                                               now);
}

service_result<describe_batch_predictions_output>
operations::answer(const describe_batch_predictions_input& in, timestamp now) {
    return describe<batch_prediction_entry, describe_batch_predictions_input,
                    describe_batch_predictions_output>(in, now);
}

service_result<update_data_source_output> operations::answer(const update_data_source_input& in,
                                                             timestamp now) {
    return detail::operation_steps::id_output<update_data_source_output>(
        rename<data_source_entry>(in.data_source_id, in.data_source_name, now));
}

service_result<update_ml_model_output> operations::answer(const update_ml_model_input& in,
                                                          timestamp now) {
    std::unique_lock lock(mutex_);
    const ml_model_entry* found = find_settled<ml_model_entry>(lock, in.ml_model_id);
    if (!found)
        return detail::operation_steps::not_found("MLModel", in.ml_model_id);
    ml_model_entry entry = *found;
    if (in.score_threshold) {
        if (!(*in.score_threshold >= 0 && *in.score_threshold <= 1))
            return detail::operation_steps::invalid("ScoreThreshold must be from 0 to 1.");
        if (entry.record.ml_model_type != ml_model_type::BINARY)
            return detail::operation_steps::invalid(
                "ScoreThreshold applies to BINARY models only.");
        entry.record.score_threshold = in.score_threshold;
        entry.record.score_threshold_last_updated_at = now;
    }
    if (in.ml_model_name)
        entry.record.name = in.ml_model_name;
    // LastUpdatedAt is "the time of the most recent edit": a request that edits nothing is none.
    if (in.ml_model_name || in.score_threshold) {
        entry.renamed_at = now;
        store_.put(std::move(entry));
    }
    return update_ml_model_output{.ml_model_id = in.ml_model_id};
}

service_result<update_evaluation_output> operations::answer(const update_evaluation_input& in,
                                                            timestamp now) {
    return detail::operation_steps::id_output<update_evaluation_output>(
        rename<evaluation_entry>(in.evaluation_id, in.evaluation_name, now));
}

service_result<update_batch_prediction_output>
operations::answer(const update_batch_prediction_input& in, timestamp now) {
    return detail::operation_steps::id_output<update_batch_prediction_output>(
        rename<batch_prediction_entry>(in.batch_prediction_id, in.batch_prediction_name, now));
}

service_result<delete_data_source_output> operations::answer(const delete_data_source_input& in,
                                                             timestamp now) {
    return detail::operation_steps::id_output<delete_data_source_output>(
        erase<data_source_entry>(in.data_source_id, now));
}

service_result<delete_ml_model_output> operations::answer(const delete_ml_model_input& in,
                                                          timestamp now) {
    return detail::operation_steps::id_output<delete_ml_model_output>(
        erase<ml_model_entry>(in.ml_model_id, now));
}

service_result<delete_evaluation_output> operations::answer(const delete_evaluation_input& in,
                                                            timestamp now) {
    return detail::operation_steps::id_output<delete_evaluation_output>(
        erase<evaluation_entry>(in.evaluation_id, now));
}

service_result<delete_batch_prediction_output>
operations::answer(const delete_batch_prediction_input& in, timestamp now) {
    return detail::operation_steps::id_output<delete_batch_prediction_output>(
        erase<batch_prediction_entry>(in.batch_prediction_id, now));
}

// --- real-time endpoints and Predict ----------------------------------------------------------

service_result<create_realtime_endpoint_output>
operations::answer(const create_realtime_endpoint_input& in, timestamp now) {
    std::unique_lock lock(mutex_);
    const ml_model_entry* found = find_settled<ml_model_entry>(lock, in.ml_model_id);
    if (!found)
        return detail::operation_steps::not_found("MLModel", in.ml_model_id);
    const auto status = view(*found, now).status;
    if (status != entity_status_value::COMPLETED)
        return detail::operation_steps::invalid("MLModel " + in.ml_model_id + " is " +
                                                std::string(status ? status->wire() : "unknown") +
                                                ": a real-time endpoint needs a COMPLETED model.");
    ml_model_entry entry = *found;
    if (!entry.endpoint)
        entry.endpoint = endpoint_timeline{.created_at = now,
                                           .ready_at = now + settings_.processing_time / 2,
                                           .url = endpoint_url_};
    auto record = current(entry, now);
    store_.put(std::move(entry));
    return create_realtime_endpoint_output{.ml_model_id = in.ml_model_id,
                                           .realtime_endpoint_info = record.endpoint_info};
}

service_result<delete_realtime_endpoint_output>
operations::answer(const delete_realtime_endpoint_input& in, timestamp now) {
    std::unique_lock lock(mutex_);
    const ml_model_entry* found = find_settled<ml_model_entry>(lock, in.ml_model_id);
    if (!found)
        return detail::operation_steps::not_found("MLModel", in.ml_model_id);
    ml_model_entry entry = *found;
    if (detail::operation_steps::unmount_endpoint(entry))
        store_.put(entry);
    auto record = view(entry, now);
    return delete_realtime_endpoint_output{.ml_model_id = in.ml_model_id,
                                           .realtime_endpoint_info = record.endpoint_info};
}

bool operations::admit_prediction(const std::string& model_id, timestamp now) {
    auto& recent = recent_predictions_[model_id];
    while (!recent.empty() && recent.front() <= now - std::chrono::seconds(1))
        recent.pop_front();
    if (recent.size() >= static_cast<std::size_t>(peak_requests_per_second))
        return false;
    recent.push_back(now);
    return true;
}

service_result<predict_output> operations::answer(const predict_input& in, timestamp now) {
    std::shared_ptr<const predictor> scorer;
    float threshold = 0.5f;
    {
        std::unique_lock lock(mutex_);
        const ml_model_entry* found = find_settled<ml_model_entry>(lock, in.ml_model_id);
        if (!found)
            return detail::operation_steps::not_found("MLModel", in.ml_model_id);
        const auto record = view(*found, now);
        if (record.status == entity_status_value::DELETED) // no advice: it cannot get one
            return service_failure{400, "PredictorNotMountedException",
                                   "MLModel " + in.ml_model_id +
                                       " is DELETED: it has no real-time endpoint."};
        if (!record.endpoint_info ||
            record.endpoint_info->endpoint_status != realtime_endpoint_status_value::READY)
            return service_failure{400, "PredictorNotMountedException",
                                   "No real-time endpoint is READY for MLModel " + in.ml_model_id +
                                       ": call CreateRealtimeEndpoint and wait for it."};
        if (!found->predictor)
            return service_failure{400, "PredictorNotMountedException",
                                   "MLModel " + in.ml_model_id +
                                       " was loaded from --models and has no trained predictor."};
        if (!admit_prediction(in.ml_model_id, now))
            return service_failure{400, "LimitExceededException",
                                   "MLModel " + in.ml_model_id + "'s endpoint takes at most " +
                                       std::to_string(peak_requests_per_second) +
                                       " requests per second."};
        auto& cached = predictors_[in.ml_model_id];
        if (!cached) // a model's id names one trained model for good: Create* never replaces it
            cached = std::make_shared<const predictor>(*found->predictor);
        scorer = cached;
        threshold = record.score_threshold.value_or(0.5f);
    }
    model_answer answer;
    try {
        answer = scorer->answer(in.record, threshold);
    } catch (const too_many_feature_values& e) {
        return detail::operation_steps::invalid(std::string("Record: ") + e.what());
    }
    prediction p;
    p.predicted_label = answer.label;
    if (answer.value) {
        // predictedValue is a float: a value beyond its range is its largest, not Infinity.
        const double largest = std::numeric_limits<float>::max();
        p.predicted_value = static_cast<float>(std::clamp(*answer.value, -largest, largest));
    }
    if (!answer.scores.empty()) {
        p.predicted_scores.emplace();
        for (const auto& [label, score] : answer.scores)
            (*p.predicted_scores)[label] = static_cast<float>(score);
    }
    p.details = details_map{{"PredictiveModelType", std::string(scorer->model().model_type.wire())},
                            {"Algorithm", "SGD"}};
    return predict_output{.prediction = std::move(p)};
}

// --- tags --------------------------------------------------------------------------------------

template <class F>
service_result<std::string> operations::with_tags(const taggable_resource_type& type,
                                                  const std::string& id, F change) {
    std::unique_lock lock(mutex_);
    std::optional<service_result<std::string>> outcome;
    auto try_kind = [&](auto* tag) {
        using entry_type = std::remove_pointer_t<decltype(tag)>;
        if (outcome || type.wire() != entity_kind<entry_type>::name)
            return;
        const entry_type* found = find_settled<entry_type>(lock, id);
        if (!found) {
            outcome = detail::operation_steps::not_found(entity_kind<entry_type>::name, id);
            return;
        }
        entry_type entry = *found;
        if (auto refused = change(entry.tags)) {
            outcome = std::move(*refused);
            return;
        }
        if (entry.tags != found->tags)
            store_.put(std::move(entry));
        outcome = id;
    };
    try_kind(static_cast<data_source_entry*>(nullptr));
    try_kind(static_cast<ml_model_entry*>(nullptr));
    try_kind(static_cast<evaluation_entry*>(nullptr));
    try_kind(static_cast<batch_prediction_entry*>(nullptr));
    if (!outcome)
        return detail::operation_steps::invalid("Unknown ResourceType " + std::string(type.wire()) +
                                                ".");
    return std::move(*outcome);
}

service_result<add_tags_output> operations::answer(const add_tags_input& in, timestamp) {
    auto id = with_tags(
        in.resource_type, in.resource_id, [&](tag_list& tags) -> std::optional<service_failure> {
            for (const auto& t : in.tags) {
                if (!t.key)
                    return service_failure{400, "InvalidTagException", "Every tag needs a Key."};
                if (auto refused = refuse_reserved_tag_key(*t.key))
                    return refused;
                auto same = std::find_if(tags.begin(), tags.end(),
                                         [&](const tag& o) { return o.key == t.key; });
                if (same != tags.end())
                    same->value = t.value;
                else
                    tags.push_back(t);
            }
            // AddTags "adds one or more tags to an object, up to a limit of 10".
            if (tags.size() > max_tags_per_object)
                return service_failure{
                    400, "TagLimitExceededException",
                    "A resource can have at most " + std::to_string(max_tags_per_object) +
                        " tags; this would make " + std::to_string(tags.size()) + "."};
            return std::nullopt;
        });
    if (!id)
        return id.error();
    return add_tags_output{.resource_id = *id, .resource_type = in.resource_type};
}

service_result<describe_tags_output> operations::answer(const describe_tags_input& in, timestamp) {
    tag_list found;
    auto id = with_tags(in.resource_type, in.resource_id,
                        [&](tag_list& tags) -> std::optional<service_failure> {
                            found = tags;
                            return std::nullopt;
                        });
    if (!id)
        return id.error();
    return describe_tags_output{
        .resource_id = *id, .resource_type = in.resource_type, .tags = std::move(found)};
}

service_result<delete_tags_output> operations::answer(const delete_tags_input& in, timestamp) {
    auto id = with_tags(in.resource_type, in.resource_id,
                        [&](tag_list& tags) -> std::optional<service_failure> {
                            for (const auto& key : in.tag_keys)
                                if (auto refused = refuse_reserved_tag_key(key))
                                    return refused;
                            std::erase_if(tags, [&](const tag& t) {
                                return t.key && std::find(in.tag_keys.begin(), in.tag_keys.end(),
                                                          *t.key) != in.tag_keys.end();
                            });
                            return std::nullopt;
                        });
    if (!id)
        return id.error();
    return delete_tags_output{.resource_id = *id, .resource_type = in.resource_type};
}

} // namespace awsml::local
