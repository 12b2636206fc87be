#pragma once

/// \file
/// awsml::flat_map: the type of every map member of the shapes. A sorted vector of key-value
/// pairs with std::map's interface: one allocation for all entries instead of one node each,
/// entries contiguous for iteration, and lookup by binary search.

#include <algorithm>
#include <compare>
#include <concepts>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace awsml {

namespace detail {
struct flat_map_access;
} // namespace detail

/// A map kept as a vector of pairs sorted by key, with std::map's interface: find(), at(),
/// operator[], contains(), insert(), emplace(), try_emplace(), erase(), iteration in key order.
///
/// The comparator is transparent by default, so a std::string key is found by a
/// std::string_view or a C string without building a std::string.
///
/// Differences from std::map: inserting or erasing moves the entries after the position and
/// invalidates every iterator, pointer and reference into the map (as a std::vector's insert
/// does); reserve() and capacity() exist; iterators give `std::pair<Key, Value>&`, whose key
/// must not be modified through them (the order would break).
template <class Key, class Value, class Compare = std::less<>>
class flat_map {
public:
    using key_type = Key;                                 ///< the key
    using mapped_type = Value;                            ///< the value a key maps to
    using value_type = std::pair<Key, Value>;             ///< an entry
    using key_compare = Compare;                          ///< orders the keys
    using container_type = std::vector<value_type>;       ///< holds the entries, sorted by key
    using size_type = typename container_type::size_type; ///< an entry count
    using difference_type = typename container_type::difference_type; ///< an iterator distance
    using reference = value_type&;                                    ///< an entry
    using const_reference = const value_type&;                        ///< a read-only entry
    using iterator = typename container_type::iterator;               ///< to an entry
    using const_iterator = typename container_type::const_iterator;   ///< to a read-only entry
    /// Iterates backwards, from the greatest key.
    using reverse_iterator = typename container_type::reverse_iterator;
    /// Iterates backwards over read-only entries.
    using const_reverse_iterator = typename container_type::const_reverse_iterator;

    /// An empty map.
    flat_map() = default;

    /// The entries of `entries`; of several with the same key, the first is kept (as std::map).
    flat_map(std::initializer_list<value_type> entries) { assign_unsorted(entries); }

    /// The entries of [first, last); of several with the same key, the first is kept.
    template <std::input_iterator InputIterator>
    requires std::constructible_from<value_type, std::iter_reference_t<InputIterator>>
    flat_map(InputIterator first, InputIterator last) {
        entries_.assign(first, last);
        restore_order();
    }

    /// Replaces the entries with those of `entries` (the first of equal keys is kept).
    flat_map& operator=(std::initializer_list<value_type> entries) {
        assign_unsorted(entries);
        return *this;
    }

    // --- iteration, in key order ------------------------------------------------------------

    /// The entry with the least key.
    iterator begin() noexcept { return entries_.begin(); }
    /// The entry with the least key.
    const_iterator begin() const noexcept { return entries_.begin(); }
    /// Past the entry with the greatest key.
    iterator end() noexcept { return entries_.end(); }
    /// Past the entry with the greatest key.
    const_iterator end() const noexcept { return entries_.end(); }
    /// The entry with the least key, read-only.
    const_iterator cbegin() const noexcept { return entries_.cbegin(); }
    /// Past the entry with the greatest key, read-only.
    const_iterator cend() const noexcept { return entries_.cend(); }
    /// The entry with the greatest key.
    reverse_iterator rbegin() noexcept { return entries_.rbegin(); }
    /// The entry with the greatest key.
    const_reverse_iterator rbegin() const noexcept { return entries_.rbegin(); }
    /// Before the entry with the least key.
    reverse_iterator rend() noexcept { return entries_.rend(); }
    /// Before the entry with the least key.
    const_reverse_iterator rend() const noexcept { return entries_.rend(); }

    // --- size and capacity -----------------------------------------------------------------

    /// Whether the map has no entry.
    [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
    /// The number of entries.
    size_type size() const noexcept { return entries_.size(); }
    /// The most entries the map could hold.
    size_type max_size() const noexcept { return entries_.max_size(); }
    /// The number of entries the map holds without allocating again.
    size_type capacity() const noexcept { return entries_.capacity(); }
    /// Makes room for `count` entries in one allocation.
    void reserve(size_type count) { entries_.reserve(count); }
    /// Removes every entry; the capacity is kept.
    void clear() noexcept { entries_.clear(); }

    // --- lookup ----------------------------------------------------------------------------

    /// The entry whose key is equivalent to `key`, or end().
    template <class K = Key>
    iterator find(const K& key) {
        auto it = lower_bound(key);
        return it != end() && !compare_(key, it->first) ? it : end();
    }
    /// The entry whose key is equivalent to `key`, or end().
    template <class K = Key>
    const_iterator find(const K& key) const {
        auto it = lower_bound(key);
        return it != end() && !compare_(key, it->first) ? it : end();
    }
    /// Whether an entry has a key equivalent to `key`.
    template <class K = Key>
    bool contains(const K& key) const {
        return find(key) != end();
    }
    /// 1 when an entry has a key equivalent to `key`, else 0.
    template <class K = Key>
    size_type count(const K& key) const {
        return contains(key) ? 1 : 0;
    }
    /// The first entry whose key is not less than `key`.
    template <class K = Key>
    iterator lower_bound(const K& key) {
        return std::lower_bound(begin(), end(), key, key_less());
    }
    /// The first entry whose key is not less than `key`.
    template <class K = Key>
    const_iterator lower_bound(const K& key) const {
        return std::lower_bound(begin(), end(), key, key_less());
    }
    /// The first entry whose key is greater than `key`.
    template <class K = Key>
    iterator upper_bound(const K& key) {
        return std::upper_bound(begin(), end(), key, less_key());
    }
    /// The first entry whose key is greater than `key`.
    template <class K = Key>
    const_iterator upper_bound(const K& key) const {
        return std::upper_bound(begin(), end(), key, less_key());
    }

    /// The entries whose key is equivalent to `key` (none or one): [lower_bound, upper_bound).
    template <class K = Key>
    std::pair<iterator, iterator> equal_range(const K& key) {
        auto first = lower_bound(key);
        auto last = first != end() && !compare_(key, first->first) ? std::next(first) : first;
        return {first, last};
    }
    /// The entries whose key is equivalent to `key` (none or one): [lower_bound, upper_bound).
    template <class K = Key>
    std::pair<const_iterator, const_iterator> equal_range(const K& key) const {
        auto first = lower_bound(key);
        auto last = first != end() && !compare_(key, first->first) ? std::next(first) : first;
        return {first, last};
    }

    /// The value of `key`; throws std::out_of_range when no entry has that key.
    template <class K = Key>
    Value& at(const K& key) {
        auto it = find(key);
        if (it == end())
            throw std::out_of_range("awsml::flat_map::at: no such key");
        return it->second;
    }
    /// The value of `key`; throws std::out_of_range when no entry has that key.
    template <class K = Key>
    const Value& at(const K& key) const {
        auto it = find(key);
        if (it == end())
            throw std::out_of_range("awsml::flat_map::at: no such key");
        return it->second;
    }

    /// The value of `key`, inserted value-initialised when absent.
    Value& operator[](const Key& key) { return try_emplace(key).first->second; }
    /// The value of `key`, inserted value-initialised (with the key moved in) when absent.
    Value& operator[](Key&& key) { return try_emplace(std::move(key)).first->second; }

    // --- modifiers -------------------------------------------------------------------------

    /// Inserts `entry` unless its key is present: the entry with that key, and whether it was
    /// inserted.
    std::pair<iterator, bool> insert(const value_type& entry) {
        return try_emplace(entry.first, entry.second);
    }
    /// Inserts `entry` unless its key is present: the entry with that key, and whether it was
    /// inserted.
    std::pair<iterator, bool> insert(value_type&& entry) {
        return try_emplace(std::move(entry.first), std::move(entry.second));
    }
    /// Inserts the entries of [first, last) whose keys are absent (the first of equal keys).
    template <std::input_iterator InputIterator>
    requires std::constructible_from<value_type, std::iter_reference_t<InputIterator>>
    void insert(InputIterator first, InputIterator last) {
        // Appended, then sorted once: inserting one by one would move the tail each time.
        const auto old_size = entries_.size();
        try {
            entries_.insert(entries_.end(), first, last);
        } catch (...) {
            // A single-pass range may have been appended in part: the map is left as it was.
            entries_.erase(entries_.begin() + difference_type(old_size), entries_.end());
            throw;
        }
        merge_appended(old_size);
    }
    /// Inserts the entries of `entries` whose keys are absent (the first of equal keys).
    void insert(std::initializer_list<value_type> entries) {
        insert(entries.begin(), entries.end());
    }
    /// Inserts `entry` unless its key is present, as insert(entry); `hint` is ignored (the
    /// position is found by binary search), so that std::inserter() works on a flat_map.
    iterator insert(const_iterator hint, const value_type& entry) {
        static_cast<void>(hint);
        return insert(entry).first;
    }
    /// As insert(hint, entry), with the entry moved in.
    iterator insert(const_iterator hint, value_type&& entry) {
        static_cast<void>(hint);
        return insert(std::move(entry)).first;
    }

    /// Sets the value of `key` to `value`, inserting the entry when absent: the entry, and
    /// whether it was inserted.
    template <class V>
    std::pair<iterator, bool> insert_or_assign(const Key& key, V&& value) {
        auto result = try_emplace(key, std::forward<V>(value));
        if (!result.second)
            result.first->second = std::forward<V>(value);
        return result;
    }
    /// Sets the value of `key` to `value`, inserting the entry (key moved in) when absent.
    template <class V>
    std::pair<iterator, bool> insert_or_assign(Key&& key, V&& value) {
        auto result = try_emplace(std::move(key), std::forward<V>(value));
        if (!result.second)
            result.first->second = std::forward<V>(value);
        return result;
    }

    /// Builds an entry from `args` (as std::pair's constructor does) and inserts it unless its
    /// key is present: the entry with that key, and whether it was inserted.
    template <class... Args>
    std::pair<iterator, bool> emplace(Args&&... args) {
        return insert(value_type(std::forward<Args>(args)...));
    }

    /// As emplace(args...), returning only the entry with the key; `hint` is ignored (the
    /// position is found by binary search).
    template <class... Args>
    iterator emplace_hint(const_iterator hint, Args&&... args) {
        static_cast<void>(hint);
        return emplace(std::forward<Args>(args)...).first;
    }

    /// Inserts an entry of `key` with a value built from `args` unless `key` is present (then
    /// `args` are left untouched): the entry with that key, and whether it was inserted.
    template <class... Args>
    std::pair<iterator, bool> try_emplace(const Key& key, Args&&... args) {
        return emplace_key(key, std::forward<Args>(args)...);
    }
    /// As above, with the key moved in when inserted.
    template <class... Args>
    std::pair<iterator, bool> try_emplace(Key&& key, Args&&... args) {
        return emplace_key(std::move(key), std::forward<Args>(args)...);
    }

    /// Removes the entry at `position`: the entry after it.
    iterator erase(const_iterator position) { return entries_.erase(position); }
    /// Removes the entry at `position`: the entry after it.
    iterator erase(iterator position) { return entries_.erase(position); }
    /// Removes the entries of [first, last): the entry after them.
    iterator erase(const_iterator first, const_iterator last) {
        return entries_.erase(first, last);
    }
    /// Removes the entry of `key`, if any: the number removed (0 or 1).
    template <class K = Key>
    requires(!std::is_convertible_v<const K&, const_iterator>) size_type erase(const K& key) {
        auto it = find(key);
        if (it == end())
            return 0;
        entries_.erase(it);
        return 1;
    }

    /// Exchanges the entries of two maps.
    void swap(flat_map& other) noexcept {
        using std::swap;
        swap(entries_, other.entries_);
        swap(compare_, other.compare_);
    }
    /// Exchanges the entries of two maps.
    friend void swap(flat_map& a, flat_map& b) noexcept { a.swap(b); }

    /// The key comparator.
    key_compare key_comp() const { return compare_; }

    /// Whether both maps hold equal entries.
    friend bool operator==(const flat_map& a, const flat_map& b) {
        return a.entries_ == b.entries_;
    }
    /// Compares the entries in key order, lexicographically (as std::map does); only when the
    /// entries can be compared, so that std::three_way_comparable tells the truth.
    friend auto operator<=>(const flat_map& a, const flat_map& b) requires
        requires(const container_type& entries) {
        entries <=> entries;
    }
    { return a.entries_ <=> b.entries_; }

    /// Removes the entries for which `predicate(entry)` is true: the number removed.
    template <class Predicate>
    friend size_type erase_if(flat_map& map, Predicate predicate) {
        return std::erase_if(map.entries_, predicate);
    }

private:
    friend struct detail::flat_map_access;

    // Orders an entry before a key, and a key before an entry.
    auto key_less() const {
        return
            [this](const value_type& entry, const auto& key) { return compare_(entry.first, key); };
    }
    auto less_key() const {
        return
            [this](const auto& key, const value_type& entry) { return compare_(key, entry.first); };
    }

    template <class K, class... Args>
    std::pair<iterator, bool> emplace_key(K&& key, Args&&... args) {
        // Entries often arrive in key order: appending needs no search.
        if (entries_.empty() || compare_(entries_.back().first, key)) {
            entries_.emplace_back(std::piecewise_construct,
                                  std::forward_as_tuple(std::forward<K>(key)),
                                  std::forward_as_tuple(std::forward<Args>(args)...));
            return {std::prev(entries_.end()), true};
        }
        auto it = lower_bound(key);
        if (!compare_(key, it->first))
            return {it, false};
        it = entries_.emplace(it, std::piecewise_construct,
                              std::forward_as_tuple(std::forward<K>(key)),
                              std::forward_as_tuple(std::forward<Args>(args)...));
        return {it, true};
    }

    void assign_unsorted(std::initializer_list<value_type> entries) {
        entries_.assign(entries.begin(), entries.end());
        restore_order();
    }

    // Sorts the entries from `sorted_size` on and merges them into the sorted ones before,
    // keeping the first entry of equal keys.
    void merge_appended(size_type sorted_size) {
        const auto middle = entries_.begin() + difference_type(sorted_size);
        std::stable_sort(middle, entries_.end(), entry_less());
        std::inplace_merge(entries_.begin(), middle, entries_.end(), entry_less());
        keep_first_of_equal_keys();
    }

    void restore_order() {
        std::stable_sort(entries_.begin(), entries_.end(), entry_less());
        keep_first_of_equal_keys();
    }

    auto entry_less() const {
        return
            [this](const value_type& a, const value_type& b) { return compare_(a.first, b.first); };
    }

    void keep_first_of_equal_keys() {
        auto same_key = [this](const value_type& a, const value_type& b) {
            return !compare_(a.first, b.first) && !compare_(b.first, a.first);
        };
        entries_.erase(std::unique(entries_.begin(), entries_.end(), same_key), entries_.end());
    }

    container_type entries_;
    [[no_unique_address]] Compare compare_;
};

namespace detail {

// The JSON decoder's way in: it appends the members of an object as they come and restores the
// order once, at the object's end (see json_decoder.hpp).
struct flat_map_access {
    template <class Key, class Value, class Compare>
    static auto& entries(flat_map<Key, Value, Compare>& map) noexcept {
        return map.entries_;
    }
};

} // namespace detail
} // namespace awsml
