#pragma once

// The 28 operations of Amazon ML, as awsml-local answers them once a request has been read and
// checked (service.hpp): one answer() overload per operation's input, returning its output or
// the service's error. The service documentation (service-2.json's doc strings and the
// developer guide) is the specification:
//
// - Create* does the work (reading the data, training, evaluating, predicting) and then records
//   the entity and answers with its id; the outcome is shown along the entity's timeline:
//   PENDING for a quarter of --processing-time (or until what it depends on is done),
//   INPROGRESS for the rest, then COMPLETED or FAILED with a Message saying why. A batch
//   prediction's result files appear when it completes (publish_due_results).
//   The same id with the same request answers again; with another request it is an
//   IdempotentParameterMismatchException.
// - Get* answers for every entity, DELETED ones too; Describe* filters, sorts and pages
//   (describe.hpp); Update* renames (and UpdateMLModel sets ScoreThreshold with its time);
//   Delete* marks DELETED.
// - CreateRealtimeEndpoint: UPDATING, then READY after half the processing time, at the
//   emulator's own address; Predict answers from the trained model once READY.
// - AddTags, DescribeTags, DeleteTags on the four taggable kinds: at most 10 tags, keys not
//   starting with "aws:".
//
// One lock guards the entities: each change is made whole under it, so concurrent requests never
// lose an update; the work of a Create* (reading data, training) runs on copies, unlocked.

#include <awsml-local/dataset.hpp>
#include <awsml-local/entities.hpp>
#include <awsml-local/entity_store.hpp>
#include <awsml-local/model_store.hpp>
#include <awsml-local/s3_files.hpp>
#include <awsml-local/sgd.hpp>
#include <awsml/machinelearning/shapes.hpp>

#include <boost/system/result.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace awsml::local {

/// AddTags' limit: "up to a limit of 10" tags an object (service-2.json); TagList's maximum of
/// 100 bounds one request's list.
inline constexpr std::size_t max_tags_per_object = 10;

/// An error answer: HTTP status, the error's code (its __type) and message.
struct service_failure {
    int status = 400;
    std::string code;
    std::string message;
    friend std::ostream& operator<<(std::ostream& out, const service_failure& e) {
        return out << e.code << ": " << e.message;
    }
};

/// What .value() throws for a service_result that holds an error (tests and tools use it).
[[noreturn]] inline void throw_exception_from_error(const service_failure& e,
                                                    const boost::source_location&) {
    throw std::runtime_error(e.code + ": " + e.message);
}

template <class T>
using service_result = boost::system::result<T, service_failure>;

struct operations_settings {
    s3_files s3;
    std::chrono::milliseconds processing_time{2000};
    /// The creator every entity names (CreatedByIamUser).
    std::string iam_user = "arn:aws:iam::000000000000:user/awsml-local";
    /// Whether Get* answers LogUri, a link to the entity's log in the console (the emulator
    /// sets it: only while the console is on).
    bool log_uris = false;
    /// Called, unlocked, as a Create*'s work begins (with the entity's kind and id): tests hold
    /// the work there to see what other requests are answered meanwhile.
    std::function<void(std::string_view kind, std::string_view id)> on_work_begun{};
    /// How long a request that names an entity whose Create* is at work waits for that work
    /// before it answers the state as it stands (the entity not yet there): a worker is held
    /// that long at most, however long a training takes.
    std::chrono::milliseconds creation_patience{5000};
};

struct scoring_inputs;

/// Its member functions are compiled once, in programs/awsml-local/operations.cpp (the
/// awsml-local library every program and test links).
class operations {
public:
    explicit operations(operations_settings settings = {})
        : settings_(std::move(settings)) {}

    /// Adds the models of a --models file, each with its --lifecycle if it has one.
    void import_models(const model_store& models);

    /// Where real-time endpoints are (the emulator's own URL), once the server listens.
    void set_endpoint_url(std::string url);

    /// The address a caller reached this emulator at (its request's Host, e.g. localhost:8686),
    /// for the answers given on this thread while the scope lasts: a real-time endpoint's URL
    /// and a log's link are at that address, so that a client pointed at `localhost` is sent to
    /// `localhost`, the origin it trusts. A Host that is not a plain host[:port] is ignored.
    class caller_origin_scope {
    public:
        explicit caller_origin_scope(std::string_view host);
        ~caller_origin_scope();
        caller_origin_scope(const caller_origin_scope&) = delete;
        caller_origin_scope& operator=(const caller_origin_scope&) = delete;
    };

    /// Whether a Create* is at work: a read of what it makes then waits for it to end (for
    /// operations_settings::creation_patience at most).
    bool at_work() const;
    /// For the answers given on this thread while the scope lasts: a read never waits for a
    /// Create* at work, but answers the state as it stands. The server's I/O thread must not
    /// block; it answers a read only if no Create* was at work when the read arrived, so the
    /// answer is the state as it was then.
    class never_waiting_scope {
    public:
        never_waiting_scope();
        ~never_waiting_scope();
        never_waiting_scope(const never_waiting_scope&) = delete;
        never_waiting_scope& operator=(const never_waiting_scope&) = delete;

    private:
        bool enclosing_;
    };

    /// The store, for loading a state file before serving and for counting.
    entity_store& store() noexcept { return store_; }
    const entity_store& store() const noexcept { return store_; }
    std::mutex& mutex() noexcept { return mutex_; }
    const operations_settings& settings() const noexcept { return settings_; }

    service_result<create_data_source_from_s3_output>
    answer(const create_data_source_from_s3_input& in, timestamp now);
    service_result<create_data_source_from_rds_output>
    answer(const create_data_source_from_rds_input& in, timestamp now);
    service_result<create_data_source_from_redshift_output>
    answer(const create_data_source_from_redshift_input& in, timestamp now);
    service_result<create_ml_model_output> answer(const create_ml_model_input& in, timestamp now);
    service_result<create_evaluation_output> answer(const create_evaluation_input& in,
                                                    timestamp now);
    service_result<create_batch_prediction_output> answer(const create_batch_prediction_input& in,
                                                          timestamp now);

    service_result<get_data_source_output> answer(const get_data_source_input& in, timestamp now);
    service_result<get_ml_model_output> answer(const get_ml_model_input& in, timestamp now);
    service_result<get_evaluation_output> answer(const get_evaluation_input& in, timestamp now);
    service_result<get_batch_prediction_output> answer(const get_batch_prediction_input& in,
                                                       timestamp now);

    service_result<describe_data_sources_output> answer(const describe_data_sources_input& in,
                                                        timestamp now);
    service_result<describe_ml_models_output> answer(const describe_ml_models_input& in,
                                                     timestamp now);
    service_result<describe_evaluations_output> answer(const describe_evaluations_input& in,
                                                       timestamp now);
    service_result<describe_batch_predictions_output>
    answer(const describe_batch_predictions_input& in, timestamp now);

    service_result<update_data_source_output> answer(const update_data_source_input& in,
                                                     timestamp now);
    service_result<update_ml_model_output> answer(const update_ml_model_input& in, timestamp now);
    service_result<update_evaluation_output> answer(const update_evaluation_input& in,
                                                    timestamp now);
    service_result<update_batch_prediction_output> answer(const update_batch_prediction_input& in,
                                                          timestamp now);

    service_result<delete_data_source_output> answer(const delete_data_source_input& in,
                                                     timestamp now);
    service_result<delete_ml_model_output> answer(const delete_ml_model_input& in, timestamp now);
    service_result<delete_evaluation_output> answer(const delete_evaluation_input& in,
                                                    timestamp now);
    service_result<delete_batch_prediction_output> answer(const delete_batch_prediction_input& in,
                                                          timestamp now);

    service_result<create_realtime_endpoint_output> answer(const create_realtime_endpoint_input& in,
                                                           timestamp now);
    service_result<delete_realtime_endpoint_output> answer(const delete_realtime_endpoint_input& in,
                                                           timestamp now);
    service_result<predict_output> answer(const predict_input& in, timestamp now);

    /// A batch prediction's results appear when it completes, as the service writes them then:
    /// until then they wait under the S3 root in .awsml-local-pending/batch-prediction-ID (a
    /// folder no S3 URL names, kept across a restart). One that cannot be moved into place
    /// makes its batch prediction FAILED; a deleted one's are dropped. Moves the results due by `now` into place; every request
    /// and the server's timer call it, and it costs one atomic read while nothing waits.
    void publish_due_results(timestamp now);
    /// Whether results wait for their batch prediction to complete.
    bool results_pending() const noexcept { return results_pending_.load(); }

    service_result<add_tags_output> answer(const add_tags_input& in, timestamp now);
    service_result<describe_tags_output> answer(const describe_tags_input& in, timestamp now);
    service_result<delete_tags_output> answer(const delete_tags_input& in, timestamp now);

private:
    template <class Entry, class Input>
    service_result<std::string> create(const Input& in, const std::string& id, timestamp now,
                                       service_result<Entry> (operations::*build)(const Input&,
                                                                                  timestamp));
    /// The entry's record at `now`, as this emulator answers it.
    template <class Entry>
    auto current(const Entry& entry, timestamp now) const;
    template <class Entry>
    service_result<typename entity_kind<Entry>::record> get(const std::string& id,
                                                            timestamp now) const;
    template <class Entry, class Query, class Page>
    service_result<Page> describe(const Query& query, timestamp now) const;
    /// A copy of an entry, taken under the lock, for work done without it.
    template <class Entry>
    std::optional<Entry> snapshot(std::string_view id) const;
    /// Under the lock: the entry, once a Create* of its id at work has ended (or
    /// creation_patience has passed). The service answers an entity PENDING from the moment its
    /// Create* is accepted; awsml-local records it when its work is done, so a request meanwhile
    /// waits for that rather than finding nothing.
    template <class Entry>
    const Entry* find_settled(std::unique_lock<std::mutex>& lock, std::string_view id) const;
    /// Under the lock: once every Create* of this kind at work now has ended (or
    /// creation_patience has passed), for Describe*.
    template <class Entry>
    void settle_kind(std::unique_lock<std::mutex>& lock) const;
    template <class Entry>
    service_result<std::string> rename(const std::string& id, const std::string& name,
                                       timestamp now);
    template <class Entry>
    service_result<std::string> erase(const std::string& id, timestamp now);
    template <class F>
    service_result<std::string> with_tags(const taggable_resource_type& type, const std::string& id,
                                          F change);

    service_result<data_source_entry> build(const create_data_source_from_s3_input& in,
                                            timestamp now);
    service_result<data_source_entry> build(const create_data_source_from_rds_input& in,
                                            timestamp now);
    service_result<data_source_entry> build(const create_data_source_from_redshift_input& in,
                                            timestamp now);
    service_result<ml_model_entry> build(const create_ml_model_input& in, timestamp now);
    service_result<evaluation_entry> build(const create_evaluation_input& in, timestamp now);
    service_result<batch_prediction_entry> build(const create_batch_prediction_input& in,
                                                 timestamp now);

    /// A data source whose records are in a database: recorded, then FAILED (none offline).
    template <class Input, class Spec>
    data_source_entry database_source(const Input& in, const Spec& spec, timestamp now,
                                      const std::string& database) const;
    template <class Record>
    void start_record(Record& r, const std::optional<std::string>& name, timestamp now) const;
    template <class Entry>
    void finish(Entry& e, timestamp now, std::optional<timestamp> inputs_ready,
                std::optional<std::string> failure) const;
    /// The inputs of an evaluation or batch prediction; refused when one is missing or DELETED.
    service_result<scoring_inputs> gather(const std::string& model_id, const std::string& source_id,
                                          timestamp now) const;
    /// A data source's records, or why they cannot be read.
    spec_result<dataset> load(const get_data_source_output& source) const;

    /// Whether one more Predict fits in the endpoint's last second (PeakRequestsPerSecond).
    bool admit_prediction(const std::string& model_id, timestamp now);

    /// The folder, under the S3 root, where results wait (no S3 URL can name it: a bucket's
    /// name begins with a letter or a digit).
    std::filesystem::path staging_folder() const;
    /// Where a batch prediction's results wait until it completes.
    std::filesystem::path staged_results(std::string_view id) const;
    /// Under the lock: results left staged by an earlier run, registered once; those of no
    /// batch prediction that can still complete are removed.
    void find_staged_results(timestamp now);
    /// Under the lock: the batch prediction's staged results, if any, wait for it to complete.
    void register_staged_results(const std::string& id, timestamp now);
    /// publish_due_results, under the lock.
    void publish_due_results_locked(timestamp now);
    /// Under the lock: the batch prediction's staged results, if any, are dropped.
    void discard_staged_results(const std::string& id);
    /// Moves staged results into place under the S3 root, the manifest last; on failure the
    /// files already moved are removed again, and the reason returned.
    std::optional<std::string> move_into_place(const std::filesystem::path& staging) const;
    /// Under the lock: a batch prediction whose results could not be published ends FAILED.
    void fail_batch_prediction(const std::string& id, std::string why);
    /// Under the lock: the unfinished work of kind Entry that reads the data source or model
    /// `id` (of `kind`, deleted or failing at `now`) ends FAILED saying `why`, its results
    /// dropped; a failing model's own users after it.
    template <class Entry>
    void fail_users(std::string_view kind, const std::string& id, timestamp now,
                    const std::string& why);
    /// Under the lock: the entry's unfinished work stops at `now` and ends FAILED saying `why`,
    /// its results dropped; a model's own users after it.
    template <class Entry>
    void fail_work(const std::string& id, timestamp now, const std::string& why);
    /// Under the lock: "The DataSource ds-1 was deleted" when an input of the entry is.
    template <class Entry>
    std::optional<std::string> deleted_input(const Entry& entry) const;
    /// Under the lock: the new entry takes its inputs' tags (up to max_tags_per_object).
    template <class Entry>
    void inherit_tags(Entry& entry) const;
    /// Under the lock: fail_users of every kind that reads a data source or a model.
    void fail_users_of(std::string_view kind, const std::string& id, timestamp now,
                       const std::string& why);

    mutable std::mutex mutex_;
    /// Told whenever a Create* ends its work (in_progress_ loses an entry).
    mutable std::condition_variable work_ended_;
    /// in_progress_'s size, read without the lock by at_work() (on the server's I/O thread).
    std::atomic<std::size_t> works_at_hand_{0};
    operations_settings settings_;
    /// Batch predictions whose results are staged -> when they complete (under the lock).
    std::map<std::string, timestamp, std::less<>> pending_results_;
    bool staged_results_found_ = false; // under the lock
    /// The staged results this process owns, claimed against other processes over the same
    /// S3 root (under the lock).
    std::map<std::string, folder_claim, std::less<>> staging_claims_;
    std::atomic<bool> results_pending_{true}; // true at first: a restart may have left some
    std::map<std::string, std::deque<timestamp>, std::less<>> recent_predictions_;
    /// Create* requests at work: kind/id -> their request's digest.
    std::map<std::string, std::string, std::less<>> in_progress_;
    /// Each model's predictor, made once (its recipe and schema parsed) for Predict.
    std::map<std::string, std::shared_ptr<const predictor>, std::less<>> predictors_;
    entity_store store_;
    std::string endpoint_url_ = "http://127.0.0.1:8686";

    /// endpoint_url_ at the caller's address (caller_origin_scope), where one is set.
    std::string own_url() const;
};

} // namespace awsml::local
