// Entries read back from the state, compiled once into the awsml-local library (see entity_store.hpp).
#include <awsml-local/entity_store.hpp>

namespace awsml::local {

spec_result<void> entity_store::restore(std::string_view kind, std::string_view id,
                                        std::string_view json) {
    std::optional<spec_result<void>> outcome;
    auto try_kind = [&](auto& entries) {
        using entry_type = typename std::decay_t<decltype(entries)>::mapped_type;
        if (outcome || kind != entity_kind<entry_type>::name)
            return;
        auto entry = try_from_json<entry_type>(json);
        if (!entry) {
            outcome = spec_error{std::string(kind) + " " + std::string(id) +
                                 ": the stored entry is not valid: " + entry.error().message()};
            return;
        }
        if ((entry->record.*entity_kind<entry_type>::id).value_or("") != id) {
            outcome = spec_error{std::string(kind) + " " + std::string(id) +
                                 ": the stored entry has another id"};
            return;
        }
        entries.insert_or_assign(std::string(id), std::move(*entry));
        outcome = spec_result<void>();
    };
    std::apply([&](auto&... t) { (try_kind(t), ...); }, tables_);
    if (!outcome)
        return spec_error{"unknown kind of entity '" + std::string(kind) + "'"};
    return *outcome;
}

} // namespace awsml::local
