#pragma once

// awsml-local's entities by kind and id. Every change goes through put(), which hands the
// entry's JSON to the persistence function (the --state file) before the change is made in
// memory, so an answer is only sent for a change that is stored: if storing fails, put() throws
// and nothing changed. restore() reads an entry back from that JSON, checked as a request is.
//
// Not synchronised: its owner (operations.hpp) holds one lock around each operation.

#include <awsml-local/entities.hpp>
#include <awsml-local/spec_error.hpp>
#include <awsml/model/from_json.hpp>
#include <awsml/model/to_json.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

namespace awsml::local {

class entity_store {
public:
    /// Stores one entry durably: kind ("MLModel"), id and the entry as JSON.
    using persist_function =
        std::function<void(std::string_view kind, std::string_view id, const std::string& json)>;
    template <class Entry>
    using table = std::map<std::string, Entry, std::less<>>;

    void set_persistence(persist_function persist) { persist_ = std::move(persist); }
    /// Whether put() writes through a persistence function (a state file) first.
    bool persists() const noexcept { return static_cast<bool>(persist_); }

    template <class Entry>
    const table<Entry>& all() const {
        return std::get<table<Entry>>(tables_);
    }

    template <class Entry>
    const Entry* find(std::string_view id) const {
        const auto& entries = all<Entry>();
        auto found = entries.find(id);
        return found == entries.end() ? nullptr : &found->second;
    }

    /// Stores `entry` under its record's id, durably first when a persistence function is set.
    template <class Entry>
    void put(Entry entry) {
        std::string id = (entry.record.*entity_kind<Entry>::id).value_or("");
        if (persist_)
            persist_(entity_kind<Entry>::name, id, to_json(entry));
        std::get<table<Entry>>(tables_).insert_or_assign(std::move(id), std::move(entry));
    }

    /// Reads back an entry that put() stored; fails for an unknown kind or a malformed entry.
    spec_result<void> restore(std::string_view kind, std::string_view id, std::string_view json);

    std::size_t size() const {
        return std::apply([](const auto&... t) { return (t.size() + ...); }, tables_);
    }

private:
    std::tuple<table<data_source_entry>, table<ml_model_entry>, table<evaluation_entry>,
               table<batch_prediction_entry>>
        tables_;
    persist_function persist_;
};

} // namespace awsml::local
