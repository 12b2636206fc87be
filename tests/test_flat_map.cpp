// awsml::flat_map, the shapes' map type: std::map's interface over a sorted vector, and the
// decoder's way of filling it (appended in one pass, sorted once, duplicates and nulls as before).
#include <awsml/model/flat_map.hpp>

#include <awsml/machinelearning/shapes.hpp>
#include <awsml/model/from_json.hpp>
#include <awsml/model/to_json.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <compare>
#include <concepts>
#include <iterator>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace flat_map_test {

using string_map = awsml::flat_map<std::string, std::string>;

namespace {

std::vector<std::string> keys_of(const string_map& map) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : map)
        keys.push_back(key);
    return keys;
}

using list_map = awsml::flat_map<std::string, std::vector<std::string>>;

AWSML_SHAPE(map_probe, (std::optional<string_map>, strings, "Strings"),
            (std::optional<list_map>, lists, "Lists"), (std::optional<std::string>, text, "Text"))

} // namespace

TEST_CASE("flat_map iterates in key order, whatever the order of insertion", "[flat_map]") {
    string_map map{{"b", "2"}, {"c", "3"}, {"a", "1"}};
    map.emplace("e", "5");
    map.insert({"d", "4"});
    map.try_emplace("0", "zero");
    CHECK(keys_of(map) == std::vector<std::string>{"0", "a", "b", "c", "d", "e"});
    CHECK(map.size() == 6);
    CHECK(std::vector<std::string>{map.rbegin()->first, map.begin()->first} ==
          std::vector<std::string>{"e", "0"});

    std::mt19937 rng(7);
    std::vector<int> numbers(200);
    for (int i = 0; i < 200; ++i)
        numbers[std::size_t(i)] = i;
    std::shuffle(numbers.begin(), numbers.end(), rng);
    awsml::flat_map<int, int> shuffled;
    for (int n : numbers)
        shuffled[n] = n * 2;
    REQUIRE(shuffled.size() == 200);
    int expected = 0;
    for (const auto& [key, value] : shuffled) {
        CHECK(key == expected);
        CHECK(value == 2 * expected);
        ++expected;
    }
}

TEST_CASE("flat_map lookups: find, at, contains, count, bounds, by string_view too", "[flat_map]") {
    const string_map map{{"alpha", "1"}, {"beta", "2"}, {"gamma", "3"}};
    CHECK(map.find("beta")->second == "2");
    CHECK(map.find(std::string_view("gamma"))->second == "3");
    CHECK(map.find(std::string("alpha"))->second == "1");
    CHECK(map.find("delta") == map.end());
    CHECK(map.find(std::string_view("alph")) == map.end());
    CHECK(map.contains(std::string_view("alpha")));
    CHECK_FALSE(map.contains("alphabet"));
    CHECK(map.count("beta") == 1);
    CHECK(map.count("zeta") == 0);
    CHECK(map.at(std::string_view("gamma")) == "3");
    CHECK_THROWS_AS(map.at("delta"), std::out_of_range);
    CHECK(map.lower_bound("b")->first == "beta");
    CHECK(map.upper_bound("beta")->first == "gamma");
    CHECK(map.upper_bound("gamma") == map.end());

    string_map mutable_map = map;
    mutable_map.at("alpha") = "one";
    CHECK(mutable_map.find("alpha")->second == "one");
    CHECK_THROWS_AS(mutable_map.at(std::string_view("")), std::out_of_range);
}

TEST_CASE("flat_map operator[] inserts a value-initialised entry, only when absent", "[flat_map]") {
    string_map map;
    CHECK(map["k"].empty());
    CHECK(map.size() == 1);
    map["k"] = "v";
    map[std::string("j")] = "w";
    CHECK(map["k"] == "v");
    CHECK(map.size() == 2);
    CHECK(keys_of(map) == std::vector<std::string>{"j", "k"});

    awsml::flat_map<std::string, float> scores;
    CHECK(scores["x"] == 0.0f); // value-initialised, not indeterminate
}

TEST_CASE("flat_map keeps one entry per key: insertion never overwrites", "[flat_map]") {
    string_map map{{"k", "first"}, {"j", "x"}, {"k", "second"}}; // as std::map: the first
    CHECK(map.size() == 2);
    CHECK(map.at("k") == "first");

    auto [it, inserted] = map.insert({"k", "third"});
    CHECK_FALSE(inserted);
    CHECK(it->second == "first");
    CHECK_FALSE(map.emplace("k", "fourth").second);
    std::string kept = "moved?";
    CHECK_FALSE(map.try_emplace("k", std::move(kept)).second);
    CHECK(kept == "moved?"); // try_emplace leaves its arguments alone when the key is present
    CHECK(map.at("k") == "first");

    CHECK_FALSE(map.insert_or_assign("k", "assigned").second);
    CHECK(map.at("k") == "assigned");
    CHECK(map.insert_or_assign("l", "new").second);

    map.insert({{"a", "1"}, {"k", "ignored"}, {"a", "2"}, {"z", "26"}});
    CHECK(keys_of(map) == std::vector<std::string>{"a", "j", "k", "l", "z"});
    CHECK(map.at("a") == "1");
    CHECK(map.at("k") == "assigned");
}

TEST_CASE("flat_map erase by key, iterator and range; clear keeps the capacity", "[flat_map]") {
    string_map map{{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}};
    CHECK(map.erase("b") == 1);
    CHECK(map.erase(std::string_view("b")) == 0);
    CHECK(keys_of(map) == std::vector<std::string>{"a", "c", "d"});
    auto next = map.erase(map.find("a"));
    CHECK(next->first == "c");
    map.erase(map.cbegin(), map.cend());
    CHECK(map.empty());

    map.reserve(16);
    CHECK(map.capacity() >= 16);
    map["x"] = "y";
    const auto capacity = map.capacity();
    map.clear();
    CHECK(map.empty());
    CHECK(map.capacity() == capacity);
}

TEST_CASE("flat_map compares as std::map does: entries in key order", "[flat_map]") {
    const string_map a{{"x", "1"}, {"y", "2"}};
    const string_map b{{"y", "2"}, {"x", "1"}};
    string_map c = a;
    c["y"] = "3";
    CHECK(a == b);
    CHECK(a != c);
    CHECK(a < c);
    CHECK(c > b);
    CHECK(string_map{} < a);
    string_map d;
    d.swap(c);
    CHECK(c.empty());
    CHECK(d.at("y") == "3");
}

TEST_CASE("the shapes' maps are flat_maps, filled by designated initialisers", "[flat_map]") {
    STATIC_REQUIRE(std::is_same_v<awsml::training_parameters, string_map>);
    STATIC_REQUIRE(std::is_same_v<awsml::machinelearning::record, string_map>);
    STATIC_REQUIRE(std::is_same_v<awsml::machinelearning::score_value_per_label_map,
                                  awsml::flat_map<std::string, float>>);
    awsml::predict_input in{.ml_model_id = "m", .record = {{"b", "2"}, {"a", "1"}}};
    CHECK(keys_of(in.record) == std::vector<std::string>{"a", "b"});
    in.record = {{"one", "1"}};
    CHECK(in.record.at("one") == "1");
    awsml::create_ml_model_input create{.parameters =
                                            awsml::training_parameters{{"sgd.maxPasses", "10"}}};
    CHECK(create.parameters->at("sgd.maxPasses") == "10");
}

TEST_CASE("a map decodes sorted, in or out of order, and round-trips", "[flat_map][decode]") {
    const auto in_order = awsml::from_json<map_probe>(R"({"Strings":{"a":"1","b":"2","c":"3"}})");
    const auto reversed = awsml::from_json<map_probe>(R"({"Strings":{"c":"3","b":"2","a":"1"}})");
    const auto mixed = awsml::from_json<map_probe>(R"({"Strings":{"b":"2","c":"3","a":"1"}})");
    REQUIRE(in_order.strings);
    CHECK(keys_of(*in_order.strings) == std::vector<std::string>{"a", "b", "c"});
    CHECK(in_order == reversed);
    CHECK(in_order == mixed);
    CHECK(reversed.strings->at("c") == "3");
    CHECK(awsml::to_json(mixed) == R"({"Strings":{"a":"1","b":"2","c":"3"}})");

    // Many keys in random order: sorted, every value with its key, both decoding paths.
    std::mt19937 rng(11);
    std::vector<int> order(300);
    for (int i = 0; i < 300; ++i)
        order[std::size_t(i)] = i;
    std::shuffle(order.begin(), order.end(), rng);
    std::string json = R"({"Lists":{)";
    for (int i : order)
        json += (json.back() == '{' ? "" : ",") + ("\"k" + std::to_string(i) + "\":[\"v") +
                std::to_string(i) + "\"]";
    json += "}}";
    const auto check_decoded = [&](const map_probe& probe, std::size_t entries,
                                   std::size_t complete) {
        REQUIRE(probe.lists);
        CHECK(probe.lists->size() == entries);
        CHECK(std::adjacent_find(probe.lists->begin(), probe.lists->end(),
                                 [](const auto& a, const auto& b) { return a.first >= b.first; }) ==
              probe.lists->end()); // sorted, each key once
        for (std::size_t n = 0; n < complete; ++n) {
            const int i = order[n];
            CHECK(probe.lists->at("k" + std::to_string(i)) ==
                  std::vector<std::string>{"v" + std::to_string(i)});
        }
    };
    map_probe whole;
    awsml::decode_failure failure;
    REQUIRE(awsml::from_json_into(json, whole, failure));
    check_decoded(whole, 300, 300);

    // Decoding stopped inside the map (from_json_into, basic_parser alone): the entries read so
    // far are left sorted, found by at().
    const std::string entry_151 = "\"k" + std::to_string(order[150]) + "\":";
    const std::size_t cut = json.find(entry_151);
    REQUIRE(cut != std::string::npos);
    map_probe truncated;
    CHECK_FALSE(awsml::from_json_into(json.substr(0, cut), truncated, failure));
    CHECK(failure.code == awsml::errc::malformed_json);
    check_decoded(truncated, 150, 150);
    map_probe bad_value; // the 151st value is a number: its entry stays, emptied
    CHECK_FALSE(awsml::from_json_into(json.substr(0, cut) + entry_151 + "5}}", bad_value, failure));
    CHECK(failure.code == awsml::errc::type_mismatch);
    check_decoded(bad_value, 151, 150);
    CHECK(bad_value.lists->at("k" + std::to_string(order[150])).empty());
    const auto fast = awsml::from_json<map_probe>(json);
    CHECK(awsml::from_json<map_probe>(awsml::to_json(fast)) == fast);
}

TEST_CASE("a map's duplicate keys: the last one wins; a null removes the key",
          "[flat_map][decode]") {
    auto decode = [](std::string_view json) {
        auto probe = awsml::from_json<map_probe>(json);
        REQUIRE(probe.strings);
        return *probe.strings;
    };
    CHECK(decode(R"({"Strings":{"k":"1","k":"2"}})") == string_map{{"k", "2"}});
    CHECK(decode(R"({"Strings":{"k":"1","a":"x","k":"2"}})") == string_map{{"a", "x"}, {"k", "2"}});
    CHECK(decode(R"({"Strings":{"b":"1","a":"x","b":"2","a":"y","b":"3"}})") ==
          string_map{{"a", "y"}, {"b", "3"}});
    CHECK(decode(R"({"Strings":{"a":"1","b":null}})") == string_map{{"a", "1"}});
    CHECK(decode(R"({"Strings":{"k":"1","k":null}})").empty());
    // Out of order, a null removes the earlier entries of its key too.
    CHECK(decode(R"({"Strings":{"b":"1","a":"x","b":null}})") == string_map{{"a", "x"}});
    CHECK(decode(R"({"Strings":{"b":"1","a":"x","b":null,"b":"again"}})") ==
          string_map{{"a", "x"}, {"b", "again"}});
    // The same through basic_parser alone (from_json_into does not try the optimistic reader).
    map_probe slow;
    awsml::decode_failure failure;
    REQUIRE(awsml::from_json_into(R"({"Strings":{"b":"1","a":"x","b":null,"c":"3","a":"z"}})", slow,
                                  failure));
    CHECK(*slow.strings == string_map{{"a", "z"}, {"c", "3"}});

    const auto lists =
        awsml::from_json<map_probe>(R"({"Lists":{"z":["1"],"a":["2"],"z":["3","4"]}})");
    CHECK(*lists.lists == list_map{{"a", {"2"}}, {"z", {"3", "4"}}});
}

namespace {

struct unordered_value {
    bool operator==(const unordered_value&) const = default;
};

// Reads entries once, throwing at one of them, as a stream that fails part-way would.
struct failing_input {
    using iterator_concept = std::input_iterator_tag;
    using iterator_category = std::input_iterator_tag;
    using value_type = std::pair<std::string, std::string>;
    using difference_type = std::ptrdiff_t;
    using reference = const value_type&;

    const std::vector<value_type>* entries = nullptr;
    std::size_t index = 0;
    std::size_t fails_at = 0;

    reference operator*() const {
        if (index == fails_at)
            throw std::runtime_error("the source failed");
        return (*entries)[index];
    }
    failing_input& operator++() {
        ++index;
        return *this;
    }
    void operator++(int) { ++index; }
    bool operator==(const failing_input& other) const { return index == other.index; }
};

} // namespace

static_assert(std::three_way_comparable<string_map>);
static_assert(std::equality_comparable<awsml::flat_map<std::string, unordered_value>>);
static_assert(!std::three_way_comparable<awsml::flat_map<std::string, unordered_value>>);
static_assert(std::input_iterator<failing_input>);

TEST_CASE("flat_map::insert(first, last) from a source that throws leaves the map as it was",
          "[flat_map]") {
    const std::vector<std::pair<std::string, std::string>> source{
        {"d", "4"}, {"a", "new"}, {"e", "5"}, {"0", "zero"}};
    string_map map{{"a", "1"}, {"c", "3"}};
    const string_map before = map;
    CHECK_THROWS_AS(map.insert(failing_input{&source, 0, 3}, failing_input{&source, 4, 3}),
                    std::runtime_error);
    CHECK(map == before);
    CHECK(keys_of(map) == std::vector<std::string>{"a", "c"});
    map.insert(failing_input{&source, 0, 99}, failing_input{&source, 4, 99});
    CHECK(map == string_map{{"0", "zero"}, {"a", "1"}, {"c", "3"}, {"d", "4"}, {"e", "5"}});
}

TEST_CASE("flat_map has std::map's hinted insertion, equal_range and erase_if", "[flat_map]") {
    string_map map;
    const std::map<std::string, std::string, std::greater<>> source{
        {"a", "1"}, {"b", "2"}, {"c", "3"}};
    std::copy(source.begin(), source.end(), std::inserter(map, map.end())); // c, b, a
    CHECK(map == string_map{{"a", "1"}, {"b", "2"}, {"c", "3"}});

    const std::pair<std::string, std::string> entry{"bb", "22"};
    auto at = map.insert(map.begin(), entry); // a wrong hint is harmless
    CHECK(at->first == "bb");
    CHECK(std::prev(at)->first == "b");
    CHECK(map.insert(map.end(), {"a", "other"}) == map.begin()); // present: not replaced
    CHECK(map.at("a") == "1");

    auto hinted = map.emplace_hint(map.begin(), "d", "4");
    CHECK(hinted->second == "4");
    CHECK(std::next(hinted) == map.end());
    CHECK(map.emplace_hint(map.end(), "b", "x")->second == "2");
    CHECK(keys_of(map) == std::vector<std::string>{"a", "b", "bb", "c", "d"});

    auto [first, last] = map.equal_range("bb");
    CHECK(std::distance(first, last) == 1);
    CHECK(first->second == "22");
    CHECK(last->first == "c");
    const string_map& read_only = map;
    auto [none, none_end] = read_only.equal_range(std::string_view("ba"));
    CHECK(none == none_end);
    CHECK(none->first == "bb");
    auto [past, past_end] = read_only.equal_range("z");
    CHECK(past == read_only.end());
    CHECK(past_end == read_only.end());

    CHECK(erase_if(map, [](const auto& e) { return e.first.size() == 1 && e.first < "c"; }) == 2);
    CHECK(map == string_map{{"bb", "22"}, {"c", "3"}, {"d", "4"}});
    CHECK(erase_if(map, [](const auto&) { return false; }) == 0);
    CHECK(map.find("c")->second == "3");
}

TEST_CASE("a map member's failure still names its key", "[flat_map][decode]") {
    auto result = awsml::try_from_json<map_probe>(R"({"Strings":{"b":"1","a":5}})");
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message() == "$.Strings.a: expected a string, got a number");
}

} // namespace flat_map_test
