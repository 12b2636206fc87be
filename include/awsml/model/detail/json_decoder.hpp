#pragma once

// The metadata-driven JSON decoder: a Boost.JSON basic_parser handler that writes each value
// straight into its C++ member. Types are erased behind small tables of function pointers
// (value_ops), so the parser itself is instantiated once, whatever the shapes; unknown members are
// skipped at any depth without allocating, and every failure names its JSON path.

#include <awsml/core/detail/separate_compilation.hpp>
#include <awsml/core/error.hpp>
#include <awsml/core/in_quotes.hpp>
#include <awsml/model/blob.hpp>
#include <awsml/model/detail/decimal_to_double.hpp>
#include <awsml/model/flat_map.hpp>
#include <awsml/model/open_enum.hpp>
#include <awsml/model/shape.hpp>
#include <awsml/model/timestamp.hpp>

#include <boost/json/error.hpp>
#include <boost/json/string_view.hpp>

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace awsml {

/// Where and why a JSON document could not be decoded.
struct decode_failure {
    std::error_code code;
    std::string path;       ///< JSON path of the offending value, e.g. $.EndpointInfo.CreatedAt
    std::string reason;     ///< what was wrong with it
    std::size_t offset = 0; ///< byte offset where the problem was detected

    std::string message() const { return path + ": " + reason; }
};

struct decode_options {
    /// Deepest nesting of objects and arrays accepted, also inside skipped members (at most 64).
    std::size_t max_depth = 64;
};

namespace detail {

class json_decoder;

struct json_number {
    enum kind_t { int64, uint64, floating } kind;
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0;
    std::string_view text;
};

enum class container_kind { none, structure, map, list };

struct value_sink;

/// What the decoder keeps for each object being decoded, for its type's functions.
struct object_state {
    /// Structures: where the next member's key is likely to be; flat maps: whether the keys
    /// came in order so far.
    std::size_t hint = 0;
    /// Structures decoded into a reused value: the members present (bit i for member i).
    std::uint64_t seen = 0;
    /// Decoding into a value that already holds one (whose memory is reused).
    bool reuse = false;
    /// Structures decoded into a reused value: the member just bound appeared before in this
    /// object, so it is decoded as a fresh value would be (a second list appends, a second
    /// structure or map merges), not cleared.
    bool member_repeated = false;
};

/// How one C++ type receives JSON values; a null entry means that JSON type is not accepted.
struct value_ops {
    const char* expected; ///< for messages: "a string", "an int32", ...
    bool (*string)(json_decoder&, void* target, std::string_view value);
    bool (*number)(json_decoder&, void* target, const json_number& value);
    void (*boolean)(void* target, bool value);
    container_kind container;
    /// structure or map: the sink for a member in `out` (target null when the member is
    /// unknown). Written in place, not returned: a 32-byte result read back right after its
    /// four 8-byte stores stalls on store forwarding, which cost ~7% of the decoding time.
    void (*member)(void* object, std::string_view key, object_state& state,
                   std::string_view& path_key, value_sink& out);
    /// Optional: called once the object ends (or decoding stops inside it); for structures
    /// only when reusing a value.
    void (*finish)(void* object, const object_state& state);
    /// list: the sink for the next element.
    value_sink (*element)(void* list);
};

/// Where the next value goes; `discard` undoes the emplacement when the value is null (given
/// the key and the object_state::hint of the object it is a member of).
struct value_sink {
    void* target = nullptr;
    const value_ops* ops = nullptr;
    void (*discard)(void* owner, std::string_view key, std::size_t hint) = nullptr;
    void* owner = nullptr;
};

template <class T>
const value_ops& ops_for() noexcept;

class json_decoder {
public:
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);
    static constexpr std::size_t depth_limit = 64;

    /// Decodes into `root`; with `reuse`, into a value that already holds one: each container,
    /// string and optional present in the document reuses the memory it holds, and every
    /// member absent from the document is reset.
    explicit json_decoder(value_sink root, bool reuse = false) noexcept
        : pending_(root)
        , reuse_(reuse) {}

    bool on_document_begin(boost::json::error_code&) { return true; }
    bool on_document_end(boost::json::error_code&) { return true; }

    bool on_object_begin(boost::json::error_code& ec) {
        return begin_container(container_kind::structure, ec);
    }
    bool on_object_end(std::size_t, boost::json::error_code&) { return end_container(); }
    bool on_array_begin(boost::json::error_code& ec) {
        return begin_container(container_kind::list, ec);
    }
    bool on_array_end(std::size_t, boost::json::error_code&) { return end_container(); }

    bool on_key_part(boost::json::string_view s, std::size_t, boost::json::error_code&) {
        if (skip_depth_ == 0)
            key_buffer_.append(s.data(), s.size());
        return true;
    }
    bool on_key(boost::json::string_view s, std::size_t, boost::json::error_code&) {
        if (skip_depth_ > 0)
            return true;
        std::string_view key(s.data(), s.size());
        if (!key_buffer_.empty())
            key = key_buffer_.append(key);
        frame& f = frames_[depth_ - 1].value;
        f.ops->member(f.target, key, f.state, f.key, pending_);
        skip_next_ = pending_.target == nullptr;
        key_buffer_.clear();
        return true;
    }

    bool on_string_part(boost::json::string_view s, std::size_t, boost::json::error_code&) {
        if (!skipping())
            value_buffer_.append(s.data(), s.size());
        return true;
    }
    bool on_string(boost::json::string_view s, std::size_t, boost::json::error_code& ec) {
        if (skip_scalar())
            return true;
        std::string_view value(s.data(), s.size());
        if (!value_buffer_.empty())
            value = value_buffer_.append(value);
        value_sink sink = take_sink();
        bool ok = sink.ops->string ? sink.ops->string(*this, sink.target, value)
                                   : mismatch(sink, "a string");
        value_buffer_.clear();
        return ok || fail(ec);
    }

    bool on_number_part(boost::json::string_view s, boost::json::error_code&) {
        if (!skipping())
            value_buffer_.append(s.data(), s.size());
        return true;
    }
    bool on_int64(std::int64_t v, boost::json::string_view s, boost::json::error_code& ec) {
        return on_number({json_number::int64, v, 0, 0, {}}, s, ec);
    }
    bool on_uint64(std::uint64_t v, boost::json::string_view s, boost::json::error_code& ec) {
        return on_number({json_number::uint64, 0, v, 0, {}}, s, ec);
    }
    // Boost.JSON 1.81 does not always round correctly: the value is read again from its text
    // (only when it is decoded, not when it is skipped).
    bool on_double(double, boost::json::string_view s, boost::json::error_code& ec) {
        return on_number({json_number::floating, 0, 0, 0, {}}, s, ec, reread_double);
    }

    /// From a reader that converted the number correctly rounded itself.
    bool on_rounded_double(double v, boost::json::string_view s, boost::json::error_code& ec) {
        return on_number({json_number::floating, 0, 0, v, {}}, s, ec);
    }

    /// True when the next scalar is, or is inside, an unknown member: a reader need only check
    /// its syntax, then report it with on_skipped_scalar().
    bool skips_next_value() const noexcept { return skipping(); }
    void on_skipped_scalar() noexcept { skip_scalar(); }

    bool on_bool(bool b, boost::json::error_code& ec) {
        if (skip_scalar())
            return true;
        value_sink sink = take_sink();
        if (sink.ops->boolean)
            return sink.ops->boolean(sink.target, b), true;
        return mismatch(sink, "a boolean") || fail(ec);
    }

    bool on_null(boost::json::error_code& ec) {
        if (skip_scalar())
            return true;
        value_sink sink = take_sink();
        if (!sink.discard)
            return mismatch(sink, "null") || fail(ec);
        if (depth_)
            sink.discard(sink.owner, frames_[depth_ - 1].value.key,
                         frames_[depth_ - 1].value.state.hint);
        else
            sink.discard(sink.owner, {}, 0);
        // A map's key lives in the entry just erased: the path must not point at it any more.
        if (depth_ && frames_[depth_ - 1].value.container == container_kind::map)
            frames_[depth_ - 1].value.key = {};
        return true;
    }

    bool on_comment_part(boost::json::string_view, boost::json::error_code&) { return true; }
    bool on_comment(boost::json::string_view, boost::json::error_code&) { return true; }

    /// Records a failure of the value being decoded; returns false so callers can `return`.
    bool reject(errc code, std::string reason) {
        failure_code_ = code;
        failure_reason_ = std::move(reason);
        return false;
    }

    bool failed() const noexcept { return failure_code_ != errc{}; }
    errc failure_code() const noexcept { return failure_code_; }
    const std::string& failure_reason() const noexcept { return failure_reason_; }

    /// The JSON path of the value being decoded, e.g. $.EndpointInfo.PeakRequestsPerSecond.
    std::string path() const {
        std::string out = "$";
        for (std::size_t i = 0; i < depth_; ++i) {
            const frame& f = frames_[i].value;
            if (f.container == container_kind::list) {
                if (f.index > 0)
                    out.append("[").append(std::to_string(f.index - 1)).append("]");
            } else if (!f.key.empty()) {
                append_key(out, f.key);
            }
        }
        return out;
    }

private:
    struct frame {
        void* target;
        const value_ops* ops;
        container_kind container;
        std::string_view key; // the member being decoded (objects)
        object_state state;   // objects
        std::size_t index;    // elements begun so far (lists)
    };

    static void append_key(std::string& out, std::string_view key) {
        bool plain = true;
        for (char c : key)
            plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == '_' || c == '-');
        if (plain) {
            out.append(".").append(key);
            return;
        }
        out.append("[\"");
        for (char c : key) {
            if (c == '"' || c == '\\')
                out.push_back('\\');
            out.push_back(c);
        }
        out.append("\"]");
    }

    bool skipping() const noexcept { return skip_depth_ > 0 || skip_next_; }

    // A scalar inside or as an unknown member is consumed and ignored.
    bool skip_scalar() noexcept {
        if (skip_depth_ > 0)
            return true;
        if (!skip_next_)
            return false;
        skip_next_ = false;
        value_buffer_.clear();
        return true;
    }

    value_sink take_sink() {
        if (depth_ > 0 && frames_[depth_ - 1].value.container == container_kind::list) {
            frame& f = frames_[depth_ - 1].value;
            ++f.index;
            return f.ops->element(f.target);
        }
        return pending_;
    }

    bool begin_container(container_kind kind, boost::json::error_code& ec) {
        if (skip_depth_ > 0 || skip_next_) {
            skip_next_ = false;
            ++skip_depth_;
            return true;
        }
        value_sink sink = take_sink();
        bool is_object = kind == container_kind::structure;
        container_kind have = sink.ops->container;
        if (is_object ? (have != container_kind::structure && have != container_kind::map)
                      : have != container_kind::list)
            return mismatch(sink, is_object ? "an object" : "an array") || fail(ec);
        if (depth_ == frames_.size())
            return reject(errc::too_deep, "nested too deeply") || fail(ec);
        const bool reuse = nested_reuse(); // before depth_ moves on
        std::construct_at(&frames_[depth_].value,
                          frame{sink.target, sink.ops, have, {}, object_state{0, 0, reuse}, 0});
        ++depth_;
        return true;
    }

    // Whether the container about to open reuses the value it lands in: not inside (or as) a
    // repeated member, which adds to what its first occurrence decoded.
    bool nested_reuse() const noexcept {
        if (depth_ == 0)
            return reuse_;
        const object_state& parent = frames_[depth_ - 1].value.state;
        return parent.reuse && !parent.member_repeated;
    }

    bool end_container() {
        if (skip_depth_ > 0) {
            --skip_depth_;
            return true;
        }
        finish(frames_[--depth_].value);
        return true;
    }

    static void finish(const frame& f) {
        if (f.ops->finish && (f.container != container_kind::structure || f.state.reuse))
            f.ops->finish(f.target, f.state);
    }

public:
    /// Finishes the containers still open (innermost first) when decoding stops early, so that
    /// a value left partly decoded is still a valid one (a flat_map sorted).
    void finish_open_containers() {
        while (depth_ > 0)
            finish(frames_[--depth_].value);
        skip_depth_ = 0;
    }

private:
    static constexpr bool reread_double = true;

    bool on_number(json_number n, boost::json::string_view s, boost::json::error_code& ec,
                   bool reread = false) {
        if (skip_scalar())
            return true;
        n.text = std::string_view(s.data(), s.size());
        if (!value_buffer_.empty())
            n.text = value_buffer_.append(n.text);
        if (reread)
            n.d = decimal_to_double(n.text);
        value_sink sink = take_sink();
        bool ok =
            sink.ops->number ? sink.ops->number(*this, sink.target, n) : mismatch(sink, "a number");
        value_buffer_.clear();
        return ok || fail(ec);
    }

    bool mismatch(const value_sink& sink, const char* got) {
        return reject(
            errc::type_mismatch,
            std::string("expected ").append(sink.ops->expected).append(", got ").append(got));
    }

    static bool fail(boost::json::error_code& ec) {
        ec = boost::json::error::exception; // the reason is kept in the decoder
        return false;
    }

    // Left unconstructed: only [0, depth_) is ever read, each frame constructed when its
    // container begins. Constructing all 64 on every call (perf: 12% of a 150-byte document's
    // time) wrote about 2.5 KB before the first byte was read.
    union frame_slot {
        frame value;
        frame_slot() noexcept {} // NOLINT(modernize-use-equals-default): = default is deleted
    };
    std::array<frame_slot, depth_limit> frames_;
    std::size_t depth_ = 0;
    std::size_t skip_depth_ = 0;
    bool skip_next_ = false;
    value_sink pending_;
    std::string key_buffer_;   // a key split across parser calls (escapes)
    std::string value_buffer_; // a string or number split across parser calls
    errc failure_code_{};
    std::string failure_reason_;
    bool reuse_ = false;
};

// --- the value_ops of each supported C++ type ----------------------------------------------

template <class T>
struct is_std_vector : std::false_type {};
template <class T, class A>
struct is_std_vector<std::vector<T, A>> : std::true_type {};

template <class T>
struct is_string_map : std::false_type {};
template <class V, class C, class A>
struct is_string_map<std::map<std::string, V, C, A>> : std::true_type {};
template <class V, class C>
struct is_string_map<flat_map<std::string, V, C>> : std::true_type {};

template <class T>
struct is_flat_map : std::false_type {};
template <class K, class V, class C>
struct is_flat_map<flat_map<K, V, C>> : std::true_type {};

template <class T>
void discard_optional(void* owner, std::string_view, std::size_t) {
    static_cast<std::optional<T>*>(owner)->reset();
}
template <class T>
void discard_to_default(void* owner, std::string_view, std::size_t) {
    *static_cast<T*>(owner) = T{};
}

// A value about to be decoded again, in place: what appends is emptied, keeping its memory (a
// structure's members are reset at its end when absent; the rest is assigned).
template <class V>
void clear_keeping_capacity(V& value) {
    if constexpr (requires { value.clear(); })
        value.clear(); // std::string, std::vector, maps
}

/// The sink for a value of C++ type M stored at `slot` (an optional is emplaced first; when
/// reusing, one already engaged is kept and cleared).
template <class M>
value_sink sink_for(M& slot, bool reuse) {
    if constexpr (is_optional<M>::value) {
        using V = typename M::value_type;
        if (reuse && slot)
            clear_keeping_capacity(*slot);
        else
            slot.emplace();
        return {&*slot, &ops_for<V>(), &discard_optional<V>, &slot};
    } else {
        if (reuse)
            clear_keeping_capacity(slot);
        return {&slot, &ops_for<M>(), &discard_to_default<M>, &slot};
    }
}

template <class T, class D>
void bind_member(void* object, bool reuse, value_sink& out) {
    out = sink_for(static_cast<T*>(object)->*D::pointer, reuse);
}

template <class T>
struct member_entry {
    std::string_view wire_name;
    void (*bind)(void* object, bool reuse, value_sink& out);
};

template <class T, std::size_t... I>
constexpr auto make_member_table(std::index_sequence<I...>) {
    using members = shape_members<T>;
    return std::array<member_entry<T>, sizeof...(I)>{
        member_entry<T>{std::get<I>(shape_rules<T>).wire_name,
                        &bind_member<T, boost::mp11::mp_at_c<members, I>>}...};
}

template <class T>
inline constexpr auto member_table =
    make_member_table<T>(std::make_index_sequence<boost::mp11::mp_size<shape_members<T>>::value>{});

// Keys are short: a comparison by 8 bytes (the last 8 overlapping), or by 4, or by byte, beats
// a call to memcmp.
inline bool same_key(std::string_view a, std::string_view b) noexcept {
    const std::size_t n = a.size();
    if (n != b.size())
        return false;
    const auto word = [](const char* p, auto type) {
        decltype(type) w;
        std::memcpy(&w, p, sizeof w);
        return w;
    };
    if (n >= 8) {
        std::size_t i = 0;
        for (; i + 8 < n; i += 8)
            if (word(a.data() + i, std::uint64_t{}) != word(b.data() + i, std::uint64_t{}))
                return false;
        return word(a.data() + n - 8, std::uint64_t{}) == word(b.data() + n - 8, std::uint64_t{});
    }
    if (n >= 4)
        return word(a.data(), std::uint32_t{}) == word(b.data(), std::uint32_t{}) &&
               word(a.data() + n - 4, std::uint32_t{}) == word(b.data() + n - 4, std::uint32_t{});
    for (std::size_t i = 0; i < n; ++i)
        if (a[i] != b[i])
            return false;
    return true;
}

template <class T>
void structure_member(void* object, std::string_view key, object_state& state,
                      std::string_view& path_key, value_sink& out) {
    std::size_t& hint = state.hint;
    constexpr auto& table = member_table<T>;
    constexpr std::size_t n = table.size();
    // Services send members in a stable order: try the one after the last match first.
    for (std::size_t k = 0; k < n; ++k) {
        std::size_t i = hint + k < n ? hint + k : hint + k - n;
        if (same_key(table[i].wire_name, key)) {
            hint = i + 1 < n ? i + 1 : 0;
            path_key = table[i].wire_name;
            if (i < 64) {
                const std::uint64_t bit = std::uint64_t(1) << i;
                state.member_repeated = state.reuse && (state.seen & bit) != 0;
                state.seen |= bit;
            }
            table[i].bind(object, state.reuse && !state.member_repeated, out);
            return;
        }
    }
    path_key = {};
    out = {};
}

// The largest structure whose members a reused value's decoding tracks (object_state::seen).
inline constexpr std::size_t max_reusable_members = 64;

/// Whether T, and every structure it holds, can be decoded into a reused value.
template <class T>
constexpr bool reusable() {
    if constexpr (described_shape<T>) {
        bool all = boost::mp11::mp_size<shape_members<T>>::value <= max_reusable_members;
        for_each_member<T>([&](auto d, const auto&) {
            using member = std::remove_cvref_t<decltype(std::declval<const T&>().*d.pointer)>;
            all = all && reusable<member>();
        });
        return all;
    } else if constexpr (requires { typename T::mapped_type; }) {
        return reusable<typename T::mapped_type>();
    } else if constexpr (requires { typename T::value_type; } && !std::is_same_v<T, std::string>) {
        return reusable<typename T::value_type>(); // std::optional, std::vector
    } else {
        return true;
    }
}

// At the end of a structure decoded into a reused value: the members the document left out
// lose the values they held.
template <class T>
void reset_absent_members(void* object, const object_state& state) {
    T& value = *static_cast<T*>(object);
    std::size_t i = 0;
    for_each_member<T>([&](auto d, const auto&) {
        if (((state.seen >> i++) & 1) == 0) {
            auto& member = value.*d.pointer;
            member = std::remove_cvref_t<decltype(member)>{};
        }
    });
}

template <class Map>
void discard_map_entry(void* owner, std::string_view key, std::size_t) {
    auto& map = *static_cast<Map*>(owner);
    if (auto it = map.find(std::string(key)); it != map.end())
        map.erase(it);
}

template <class Map>
void map_member(void* object, std::string_view key, object_state&, std::string_view& path_key,
                value_sink& out) {
    auto& map = *static_cast<Map*>(object);
    auto [it, inserted] = map.try_emplace(std::string(key));
    if (!inserted)
        it->second = typename Map::mapped_type{};
    path_key = it->first;
    using V = typename Map::mapped_type;
    out = {&it->second, &ops_for<V>(), &discard_map_entry<Map>, &map};
}

// A flat_map is filled as the members come: each is appended, in one pass and without searching
// while the keys arrive in order (the usual case); the first key out of order sets the object's
// hint, and the object's end sorts the entries once (stable: of equal keys the last one read
// wins, as with std::map above). A null value removes its key, as above.
constexpr std::size_t keys_in_order = 0;
constexpr std::size_t keys_out_of_order = 1;

template <class Map>
void discard_flat_map_entry(void* owner, std::string_view, std::size_t order) {
    auto& entries = flat_map_access::entries(*static_cast<Map*>(owner));
    // The null's entry is the last one; while the keys come in order, every key before is less.
    auto key = std::move(entries.back().first);
    entries.pop_back();
    if (order == keys_out_of_order)
        std::erase_if(entries, [&](const auto& entry) { return entry.first == key; });
}

template <class Map>
void flat_map_member(void* object, std::string_view key, object_state& state,
                     std::string_view& path_key, value_sink& out) {
    std::size_t& order = state.hint;
    auto& map = *static_cast<Map*>(object);
    auto& entries = flat_map_access::entries(map);
    using V = typename Map::mapped_type;
    const value_sink sink_of_last{nullptr, &ops_for<V>(), &discard_flat_map_entry<Map>, &map};
    if (order == keys_in_order && !entries.empty()) {
        const auto comp = map.key_comp();
        if (!comp(entries.back().first, key)) {
            if (!comp(key, entries.back().first)) { // the same key again: it starts afresh
                entries.back().second = V{};
                path_key = entries.back().first;
                out = sink_of_last;
                out.target = &entries.back().second;
                return;
            }
            order = keys_out_of_order;
        }
    }
    if (entries.capacity() == 0)
        entries.reserve(8); // one allocation for a typical map instead of four
    auto& entry = entries.emplace_back(std::piecewise_construct, std::forward_as_tuple(key),
                                       std::forward_as_tuple());
    path_key = entry.first;
    out = sink_of_last;
    out.target = &entry.second;
}

template <class Map>
void finish_flat_map(void* object, const object_state& state) {
    if (state.hint == keys_in_order)
        return;
    auto& map = *static_cast<Map*>(object);
    auto& entries = flat_map_access::entries(map);
    const auto comp = map.key_comp();
    std::stable_sort(entries.begin(), entries.end(),
                     [&](const auto& a, const auto& b) { return comp(a.first, b.first); });
    // Of each run of equal keys, the last read is kept.
    auto kept = entries.begin();
    for (auto it = entries.begin(); it != entries.end(); ++it) {
        const auto next = std::next(it);
        if (next != entries.end() && !comp(it->first, next->first))
            continue;
        if (kept != it)
            *kept = std::move(*it);
        ++kept;
    }
    entries.erase(kept, entries.end());
}

template <class List>
void discard_last(void* owner, std::string_view, std::size_t) {
    static_cast<List*>(owner)->pop_back();
}

template <class List>
value_sink list_element(void* object) {
    auto& list = *static_cast<List*>(object);
    using V = typename List::value_type;
    return {&list.emplace_back(), &ops_for<V>(), &discard_last<List>, &list};
}

template <class Int>
bool decode_integer(json_decoder& d, void* target, const json_number& n) {
    constexpr const char* name = sizeof(Int) == 4 ? "int32" : "int64";
    // An integer beyond uint64 arrives as a double: it is out of range, not of the wrong type.
    const bool integer_syntax = n.text.find_first_of(".eE") == std::string_view::npos;
    if (n.kind == json_number::floating && !integer_syntax)
        return d.reject(errc::type_mismatch,
                        std::string("expected an integer, got ").append(n.text));
    const bool fits =
        n.kind == json_number::int64
            ? n.i >= std::numeric_limits<Int>::min() && n.i <= std::numeric_limits<Int>::max()
            : n.kind == json_number::uint64 &&
                  n.u <= std::uint64_t(std::numeric_limits<Int>::max());
    if (!fits)
        return d.reject(errc::out_of_range,
                        std::string(n.text).append(" does not fit in ").append(name));
    *static_cast<Int*>(target) = n.kind == json_number::int64 ? Int(n.i) : Int(n.u);
    return true;
}

inline double number_as_double(const json_number& n) {
    switch (n.kind) {
    case json_number::int64:
        return double(n.i);
    case json_number::uint64:
        return double(n.u);
    default:
        return n.d;
    }
}

template <class Float>
bool decode_floating(json_decoder& d, void* target, const json_number& n) {
    // The largest magnitude that still rounds to a finite Float (its max plus half an ulp).
    constexpr double limit =
        sizeof(Float) == 4 ? 0x1.ffffffp+127 : std::numeric_limits<double>::max();
    double v = number_as_double(n);
    if (!std::isfinite(v) || (sizeof(Float) == 4 && std::fabs(v) >= limit))
        return d.reject(errc::out_of_range, std::string(n.text)
                                                .append(" does not fit in ")
                                                .append(sizeof(Float) == 4 ? "float" : "double"));
    *static_cast<Float*>(target) = Float(v);
    return true;
}

// AWS JSON sends non-finite floats as strings.
template <class Float>
bool decode_floating_string(json_decoder& d, void* target, std::string_view s) {
    Float& out = *static_cast<Float*>(target);
    if (s == "NaN")
        out = std::numeric_limits<Float>::quiet_NaN();
    else if (s == "Infinity")
        out = std::numeric_limits<Float>::infinity();
    else if (s == "-Infinity")
        out = -std::numeric_limits<Float>::infinity();
    else
        return d.reject(errc::type_mismatch, "expected a number, got the string " + in_quotes(s));
    return true;
}

inline bool decode_timestamp_number(json_decoder& d, void* target, const json_number& n) {
    std::optional<timestamp> t;
    if (n.kind == json_number::int64 && n.i > -100'000'000'000 && n.i < 1'000'000'000'000)
        t = timestamp(std::chrono::seconds(n.i));
    else
        t = timestamp_from_epoch_seconds(number_as_double(n));
    if (!t || t->time_since_epoch().count() < min_timestamp_ms ||
        t->time_since_epoch().count() > max_timestamp_ms)
        return d.reject(errc::invalid_timestamp,
                        std::string(n.text).append(" is not a timestamp in years 1 to 9999"));
    *static_cast<timestamp*>(target) = *t;
    return true;
}

inline bool decode_timestamp_string(json_decoder& d, void* target, std::string_view s) {
    auto t = parse_iso8601(s);
    if (!t)
        t = parse_http_date(s);
    if (!t)
        return d.reject(errc::invalid_timestamp,
                        in_quotes(s) +
                            " is not a timestamp (epoch seconds, ISO 8601 or HTTP date)");
    *static_cast<timestamp*>(target) = *t;
    return true;
}

template <class T>
constexpr value_ops make_ops() {
    value_ops ops{};
    if constexpr (std::is_same_v<T, std::string>) {
        ops.expected = "a string";
        ops.string = [](json_decoder&, void* t, std::string_view s) {
            static_cast<std::string*>(t)->assign(s);
            return true;
        };
    } else if constexpr (std::is_same_v<T, bool>) {
        ops.expected = "a boolean";
        ops.boolean = [](void* t, bool b) { *static_cast<bool*>(t) = b; };
    } else if constexpr (std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::int64_t>) {
        ops.expected = sizeof(T) == 4 ? "an int32 integer" : "an int64 integer";
        ops.number = &decode_integer<T>;
    } else if constexpr (std::is_floating_point_v<T>) {
        ops.expected = "a number";
        ops.number = &decode_floating<T>;
        ops.string = &decode_floating_string<T>;
    } else if constexpr (std::is_same_v<T, timestamp>) {
        ops.expected = "a timestamp";
        ops.number = &decode_timestamp_number;
        ops.string = &decode_timestamp_string;
    } else if constexpr (std::is_same_v<T, blob>) {
        ops.expected = "a base64 string";
        ops.string = [](json_decoder& d, void* t, std::string_view s) {
            auto bytes = base64_decode(s);
            if (!bytes)
                return d.reject(errc::invalid_value, "not valid base64");
            static_cast<blob*>(t)->bytes = std::move(*bytes);
            return true;
        };
    } else if constexpr (open_enumeration<T>) {
        ops.expected = "a string (enum)";
        ops.string = [](json_decoder&, void* t, std::string_view s) {
            *static_cast<T*>(t) = T::from_wire(s);
            return true;
        };
    } else if constexpr (described_shape<T>) {
        ops.expected = "an object";
        ops.container = container_kind::structure;
        ops.member = &structure_member<T>;
        if constexpr (boost::mp11::mp_size<shape_members<T>>::value <= max_reusable_members)
            ops.finish = &reset_absent_members<T>;
    } else if constexpr (is_string_map<T>::value && is_flat_map<T>::value) {
        ops.expected = "an object (map)";
        ops.container = container_kind::map;
        ops.member = &flat_map_member<T>;
        ops.finish = &finish_flat_map<T>;
    } else if constexpr (is_string_map<T>::value) {
        ops.expected = "an object (map)";
        ops.container = container_kind::map;
        ops.member = &map_member<T>;
    } else if constexpr (is_std_vector<T>::value) {
        ops.expected = "an array";
        ops.container = container_kind::list;
        ops.element = &list_element<T>;
    } else {
        static_assert(sizeof(T) == 0, "awsml: this member type has no JSON mapping");
    }
    return ops;
}

template <class T>
const value_ops& ops_for() noexcept {
    static constexpr value_ops ops = make_ops<T>();
    return ops;
}

/// Decodes `json` into the value behind `root`; false with `failure` filled on any error.
AWSML_DECL bool decode_json(std::string_view json, value_sink root, const decode_options& options,
                            decode_failure& failure);

/// Decodes `json` into the value behind `root` with the optimistic reader; false when it
/// declines (an error, or an exponent beyond 2^30 it leaves to Boost.JSON).
AWSML_DECL bool read_optimistically(std::string_view json, value_sink root,
                                    const decode_options& options, bool reuse);

/// Decodes `json` into `out`, which must be value-initialised: first with the optimistic
/// reader; when it declines, `out` is reset and basic_parser decodes the document again and
/// explains any failure.
template <class T>
bool decode_json_fresh(std::string_view json, T& out, const decode_options& options,
                       decode_failure& failure) {
    const value_sink root{&out, &ops_for<T>(), nullptr, nullptr};
    if (read_optimistically(json, root, options, false))
        return true;
    out = T{};
    return decode_json(json, root, options, failure);
}

/// Decodes `json` into `out`, which may hold a value: what the document holds replaces it,
/// in the memory `out` already has where it can (json_decoder's reuse). When the optimistic
/// reader declines, as decode_json_fresh; on failure `out` is value-initialised.
template <class T>
bool decode_json_reusing(std::string_view json, T& out, const decode_options& options,
                         decode_failure& failure) {
    static_assert(reusable<T>(), "awsml: decoding into a reused value tracks at most 64 "
                                 "members per structure");
    const value_sink root{&out, &ops_for<T>(), nullptr, nullptr};
    try {
        if (read_optimistically(json, root, options, true))
            return true;
        out = T{};
        if (decode_json(json, root, options, failure))
            return true;
    } catch (...) {
        out = T{}; // thrown mid-document (std::bad_alloc): no half-decoded value is left
        throw;
    }
    out = T{};
    return false;
}

} // namespace detail
} // namespace awsml

#ifndef AWSML_SEPARATE_COMPILATION
#include <awsml/model/detail/impl/json_decoder.ipp>
#endif
