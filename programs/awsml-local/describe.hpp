#pragma once

// Describe* over the emulator's entities, as the service documents it: one FilterVariable
// compared with EQ, GT, LT, GE, LE, NE and Prefix (all given must hold); the results sorted by
// the filter variable (CreatedAt when there is none) in SortOrder (asc by default), ties by id;
// pages of Limit results (100 by default). NextToken is opaque: the sort key and id of the
// page's last result, sealed with a checksum of the query, so a forged token, or one from
// another query, is refused. The next page begins at the first result that sorts after that
// key and id, so an entity created between pages, or one whose key changed, moves no other
// result across the page break, and a token the emulator gave is never refused.
// Timestamps compare as epoch seconds (CreatedAt GT 1435184201) or ISO 8601 dates.

#include <awsml-local/entities.hpp>
#include <awsml-local/fnv1a.hpp>
#include <awsml/machinelearning/shapes.hpp>
#include <awsml/model/blob.hpp>
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

/// The place of a result in the sorted list: its sort key, then its id.
struct sort_place {
    filter_value key;
    std::string id;
};

/// Whether `a` comes before `b` in the order asked (ties by id, in the same direction).
inline bool sorts_before(const sort_place& a, const sort_place& b, bool descending) {
    int order = compare(a.key, b.key);
    if (order == 0)
        order = a.id.compare(b.id);
    return descending ? order > 0 : order < 0;
}

/// The place as text: KIND:LENGTH:KEY then the id (KIND 0 no value, 1 text, 2 epoch ms).
inline std::string place_text(const sort_place& at) {
    std::string key;
    if (const auto* text = std::get_if<std::string>(&at.key))
        key = *text;
    else if (const auto* time = std::get_if<timestamp>(&at.key))
        key = std::to_string(time->time_since_epoch().count());
    return std::to_string(at.key.index()) + ":" + std::to_string(key.size()) + ":" + key + at.id;
}

/// BASE64(PLACE)-SEAL, the seal a hash of the place and the query's checksum.
inline std::string make_token(const sort_place& at, std::uint64_t checksum) {
    const std::string place = place_text(at);
    return base64_encode(place) + "-" + std::to_string(checksum ^ fnv1a(place));
}

inline std::optional<sort_place> read_token(std::string_view token, std::uint64_t checksum) {
    const std::size_t dash = token.rfind('-');
    if (dash == std::string_view::npos)
        return std::nullopt;
    const auto bytes = base64_decode(token.substr(0, dash));
    if (!bytes)
        return std::nullopt;
    const std::string place(bytes->begin(), bytes->end());
    std::size_t kind = 0, length = 0;
    const char* at = place.data();
    const char* end = place.data() + place.size();
    for (std::size_t* number : {&kind, &length}) {
        const auto read = std::from_chars(at, end, *number);
        if (read.ec != std::errc() || read.ptr == end || *read.ptr != ':')
            return std::nullopt;
        at = read.ptr + 1;
    }
    if (kind > 2 || length > static_cast<std::size_t>(end - at))
        return std::nullopt;
    const std::string key(at, length);
    sort_place found{.key = {}, .id = std::string(at + length, end)};
    if (kind == 1)
        found.key = key;
    if (kind == 2) {
        std::int64_t ms = 0;
        const auto read = std::from_chars(key.data(), key.data() + key.size(), ms);
        if (read.ec != std::errc() || read.ptr != key.data() + key.size())
            return std::nullopt;
        found.key = timestamp(std::chrono::milliseconds(ms));
    }
    // The seal, and only the text this token would be made from: no second spelling.
    if (make_token(found, checksum) != token)
        return std::nullopt;
    return found;
}

/// The query with every member given as "" dropped: ComparatorValue's pattern admits the empty
/// string, as a form sends a field left blank, and an empty NextToken asks for the first page.
template <class Query>
Query without_empty_members(Query query) {
    for (auto* member : {&query.eq, &query.gt, &query.lt, &query.ge, &query.le, &query.ne,
                         &query.prefix, &query.next_token})
        if (*member && (*member)->empty())
            member->reset();
    return query;
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
describe_page(const std::vector<typename entity_kind<Entry>::record>& records, const Query& asked) {
    using namespace detail::describe;
    const Query query = without_empty_members(asked);
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
    // The kept records with their places, each key read once.
    std::vector<std::pair<sort_place, const typename kind::record*>> kept;
    for (const auto& r : records)
        if (filter_value value = filter_value_of<Entry>(r, variable); keep(value))
            kept.push_back({{std::move(value), (r.*kind::id).value_or("")}, &r});
    const bool descending = query.sort_order && *query.sort_order == sort_order_value::dsc;
    std::sort(kept.begin(), kept.end(), [&](const auto& a, const auto& b) {
        return sorts_before(a.first, b.first, descending);
    });

    const std::uint64_t checksum = query_checksum(kind::name, query);
    std::size_t offset = 0;
    if (query.next_token) {
        auto last = read_token(*query.next_token, checksum);
        if (!last)
            return std::string("Invalid NextToken: it does not belong to this query.");
        offset = static_cast<std::size_t>(
            std::partition_point(
                kept.begin(), kept.end(),
                [&](const auto& k) { return !sorts_before(*last, k.first, descending); }) -
            kept.begin());
    }
    const auto limit = static_cast<std::size_t>(query.limit.value_or(100));
    Page page;
    page.results.emplace();
    for (std::size_t i = offset; i < kept.size() && i < offset + limit; ++i)
        page.results->push_back(listed<kind>(without_verbose<kind>(*kept[i].second)));
    if (offset + limit < kept.size())
        page.next_token = make_token(kept[offset + limit - 1].first, checksum);
    return page;
}

} // namespace awsml::local
