#pragma once

// Describe* over the emulator's entities, as the service documents it: one FilterVariable
// compared with EQ, GT, LT, GE, LE, NE and Prefix (all given must hold); the results sorted by
// the filter variable (CreatedAt when there is none) in SortOrder (asc by default), ties by id;
// pages of Limit results (100 by default). NextToken is opaque: the next offset and the id of
// the page's last result, bound to a checksum of the query, so a forged token, or one from
// another query, is refused. The next page begins after that result where it still is, so
// entities created or changed between pages shift nothing (else at the offset, at most the
// end: a token the emulator gave is never refused).
// Timestamps compare as epoch seconds (CreatedAt GT 1435184201) or ISO 8601 dates.

#include <awsml-local/entities.hpp>
#include <awsml-local/fnv1a.hpp>
#include <awsml/machinelearning/shapes.hpp>
#include <awsml/model/from_json.hpp>
#include <awsml/model/timestamp.hpp>
#include <awsml/model/to_json.hpp>

#include <boost/system/result.hpp>

#include <algorithm>
#include <charconv>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace awsml::local {

namespace detail::describe {

/// A comparator's value for a time filter: epoch seconds or an ISO 8601 date.
inline std::optional<timestamp> time_operand(std::string_view text) {
    double seconds = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec == std::errc() && end == text.data() + text.size())
        return awsml::timestamp_from_epoch_seconds(seconds);
    return awsml::parse_iso8601(text);
}

/// -1, 0 or 1; values of different kinds (a missing one among them) order by kind.
inline int compare(const filter_value& a, const filter_value& b) {
    const auto order = a <=> b;
    return std::is_lt(order) ? -1 : (std::is_gt(order) ? 1 : 0);
}

/// The query a token belongs to: every member but NextToken and Limit.
template <class Query>
std::uint64_t query_checksum(std::string_view kind, Query query) {
    query.next_token.reset();
    query.limit.reset();
    return fnv1a(std::string(kind) + to_json(query));
}

/// Where the next page begins: after the result `last_id`, else at `offset`.
struct resume_point {
    std::size_t offset = 0;
    std::string last_id;
};

/// OFFSET-SEAL-LAST_ID, the seal a hash of the rest and the query's checksum.
inline std::string make_token(const resume_point& at, std::uint64_t checksum) {
    const std::string offset = std::to_string(at.offset);
    return offset + "-" + std::to_string(checksum ^ fnv1a(offset + "/" + at.last_id)) + "-" +
           at.last_id;
}

inline std::optional<resume_point> read_token(std::string_view token, std::uint64_t checksum) {
    const std::size_t dash = token.find('-');
    const std::size_t second_dash = token.find('-', dash + 1);
    if (dash == std::string_view::npos || second_dash == std::string_view::npos)
        return std::nullopt;
    resume_point at{.last_id = std::string(token.substr(second_dash + 1))};
    const auto [end, ec] = std::from_chars(token.data(), token.data() + dash, at.offset);
    if (ec != std::errc() || end != token.data() + dash || make_token(at, checksum) != token)
        return std::nullopt;
    return at;
}

template <class Kind, class Record>
typename Kind::listed listed(const Record& record) {
    // The same members under the same wire names, and the kind's own.
    auto entry = from_json<typename Kind::listed>(to_json(record));
    if constexpr (requires { Kind::complete_listed(entry); })
        Kind::complete_listed(entry);
    return entry;
}

} // namespace detail::describe

/// One page of a Describe* query over the records of entries of type Entry (their views at the
/// time asked), or the InvalidInputException message that refuses the query.
template <class Entry, class Query, class Page>
boost::system::result<Page, std::string>
describe_page(const std::vector<typename entity_kind<Entry>::record>& records, const Query& query) {
    using namespace detail::describe;
    using kind = entity_kind<Entry>;
    using filter = typename kind::filter;
    const filter variable = query.filter_variable.value_or(filter::CreatedAt);
    if (!variable.known())
        return "Unknown FilterVariable " + std::string(variable.wire()) + ".";
    const bool by_time = variable == filter::CreatedAt || variable == filter::LastUpdatedAt;
    // Each comparison given, with its operand read as the variable's kind of value.
    struct condition {
        std::string_view name;
        const std::optional<std::string>& operand;
        bool (*holds)(int order);
    };
    const condition conditions[] = {
        {"EQ", query.eq, [](int c) { return c == 0; }},
        {"GT", query.gt, [](int c) { return c > 0; }},
        {"LT", query.lt, [](int c) { return c < 0; }},
        {"GE", query.ge, [](int c) { return c >= 0; }},
        {"LE", query.le, [](int c) { return c <= 0; }},
        {"NE", query.ne, [](int c) { return c != 0; }},
    };
    std::vector<std::pair<bool (*)(int), filter_value>> tests;
    for (const auto& c : conditions) {
        if (!c.operand)
            continue;
        if (!by_time) {
            tests.emplace_back(c.holds, *c.operand);
            continue;
        }
        auto t = time_operand(*c.operand);
        if (!t)
            return std::string(c.name) + " must be a time (epoch seconds or ISO 8601) to compare " +
                   std::string(variable.wire()) + ", not '" + *c.operand + "'.";
        tests.emplace_back(c.holds, *t);
    }
    if (query.prefix && by_time)
        return "Prefix cannot compare " + std::string(variable.wire()) + ", a time.";

    auto keep = [&](const filter_value& value) {
        if (std::holds_alternative<std::monostate>(value))
            return tests.empty() && !query.prefix;
        for (const auto& [holds, operand] : tests)
            if (!holds(compare(value, operand)))
                return false;
        const auto* text = std::get_if<std::string>(&value);
        return !query.prefix || (text && text->starts_with(*query.prefix));
    };
    // The kept models with their sort key, read once each.
    std::vector<std::pair<filter_value, const typename kind::record*>> kept;
    for (const auto& r : records)
        if (filter_value value = filter_value_of<Entry>(r, variable); keep(value))
            kept.emplace_back(std::move(value), &r);
    const bool descending = query.sort_order && *query.sort_order == sort_order_value::dsc;
    std::sort(kept.begin(), kept.end(), [&](const auto& a, const auto& b) {
        int order = compare(a.first, b.first);
        if (order == 0)
            order = compare((a.second->*kind::id).value_or(""), (b.second->*kind::id).value_or(""));
        return descending ? order > 0 : order < 0;
    });

    const std::uint64_t checksum = query_checksum(kind::name, query);
    auto id_of = [](const auto& kept_record) {
        return (kept_record.second->*kind::id).value_or("");
    };
    std::size_t offset = 0;
    if (query.next_token) {
        auto read = read_token(*query.next_token, checksum);
        if (!read)
            return std::string("Invalid NextToken: it does not belong to this query.");
        const auto last = std::find_if(kept.begin(), kept.end(),
                                       [&](const auto& k) { return id_of(k) == read->last_id; });
        offset = last != kept.end() ? static_cast<std::size_t>(last - kept.begin()) + 1
                                    : std::min(read->offset, kept.size());
    }
    const auto limit = static_cast<std::size_t>(query.limit.value_or(100));
    Page page;
    page.results.emplace();
    for (std::size_t i = offset; i < kept.size() && i < offset + limit; ++i)
        page.results->push_back(listed<kind>(without_verbose<kind>(*kept[i].second)));
    if (offset + limit < kept.size())
        page.next_token = make_token({offset + limit, id_of(kept[offset + limit - 1])}, checksum);
    return page;
}

} // namespace awsml::local
