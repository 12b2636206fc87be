// awsml-local as Amazon ML: its CSV reader, splits and statistics, the recipe's features, SGD
// training, the metrics, every operation with the emulator's clock in the test's hands
// (lifecycles, dependencies, idempotency, tags, deletion, endpoints, Describe*), the state kept
// through a persistence function, and the C++ client running the whole workflow over HTTP.
#include <awsml-local/operations.hpp>

#include <awsml-local/app.hpp>
#include <awsml-local/gzip.hpp>
#include <awsml-local/metrics.hpp>
#include <awsml-local/unicode_text.hpp>
#include <awsml/machinelearning/client.hpp>
#include <awsml/model/detail/utf8.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include <support/scratch_folder.hpp>

#include <support/local_client.hpp>
#include <support/shape_samples.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <limits>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <utility>

namespace local_service_test {

namespace ml = awsml::machinelearning;
namespace local = awsml::local;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

using awsml_test::scratch_folder;

std::string schema_json(const std::string& target, const std::string& attributes,
                        bool header = true) {
    return R"({"version":"1.0","targetAttributeName":")" + target +
           R"(","dataFormat":"CSV","dataFileContainsHeader":)" + (header ? "true" : "false") +
           R"(,"attributes":[)" + attributes + "]}";
}

std::string attribute(const std::string& name, const std::string& type) {
    return R"({"attributeName":")" + name + R"(","attributeType":")" + type + R"("})";
}

// A learnable binary problem: y = 1 when 2a - b + (colour == red) > 0.5, with noise-free labels.
std::string binary_csv(int rows, unsigned seed) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> unit(0, 1);
    const char* colours[] = {"red", "green", "blue"};
    std::string csv = "a,b,colour,note,y\n";
    for (int i = 0; i < rows; ++i) {
        const double a = unit(random), b = unit(random);
        const std::string colour = colours[random() % 3];
        const bool y = 2 * a - b + (colour == "red" ? 1 : 0) > 0.5;
        csv += std::to_string(a) + "," + std::to_string(b) + "," + colour + ",\"Hello, " + colour +
               " world\"," + (y ? "1" : "0") + "\n";
    }
    return csv;
}

const std::string binary_schema =
    schema_json("y", attribute("a", "NUMERIC") + "," + attribute("b", "NUMERIC") + "," +
                         attribute("colour", "CATEGORICAL") + "," + attribute("note", "TEXT") +
                         "," + attribute("y", "BINARY"));

awsml::timestamp at(std::int64_t ms) {
    return awsml::timestamp(std::chrono::milliseconds(1'800'000'000'000 + ms));
}

local::operations make_operations(const scratch_folder& s3,
                                  std::chrono::milliseconds processing = 4000ms) {
    return local::operations(local::operations_settings{.s3 = local::s3_files(s3.path()),
                                                        .processing_time = processing});
}

ml::create_data_source_from_s3_input s3_source(const std::string& id, const std::string& location,
                                               std::optional<std::string> split = {}) {
    return {.data_source_id = id,
            .data_source_name = "source " + id,
            .data_spec = {.data_location_s3 = location,
                          .data_rearrangement = std::move(split),
                          .data_schema_location_s3 = "s3://data/train.csv.schema"},
            .compute_statistics = true};
}

std::string split(int begin, int end) {
    return R"({"splitting":{"percentBegin":)" + std::to_string(begin) + R"(,"percentEnd":)" +
           std::to_string(end) + "}}";
}

// What a command prints; it must succeed.
std::string output_of(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    REQUIRE(pipe);
    std::string out;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe.get())) > 0;)
        out.append(buffer, n);
    REQUIRE(::pclose(pipe.release()) == 0);
    return out;
}

// What gzip(1) makes of a file: another implementation than awsml-local's writer.
std::string gunzip(const fs::path& file) {
    return output_of("gzip -dc '" + file.string() + "' 2>&1");
}

} // namespace

// --- data --------------------------------------------------------------------------------------

TEST_CASE("dataset: CSV with quotes, CRLF and a header, split and counted", "[local][service]") {
    scratch_folder s3;
    s3.put("b/d.csv", "a,b,colour,note,y\r\n1,2,red,\"say \"\"hi\"\", then bye\",1\r\n"
                      "3,x,blue,\"plain plain\tand\",0\n5,6,red,,1\n");
    auto data =
        local::load_dataset(local::s3_files(s3.path()), "s3://b/d.csv", binary_schema, {}).value();
    REQUIRE(data.records.size() == 3);
    CHECK(data.records[0][3] == "say \"hi\", then bye");
    CHECK(data.files == 1);
    CHECK(data.bytes == fs::file_size(s3.path() / "b/d.csv"));
    const auto stats = local::compute_statistics(data);
    CHECK(stats.records == 3);
    CHECK(stats.attributes[1].invalid == 1); // "x" is not a number: invalid, not missing
    CHECK(stats.attributes[1].missing == 0);
    CHECK(stats.attributes[0].minimum == 1.0);
    CHECK(stats.attributes[0].median == 3.0);
    CHECK(stats.attributes[1].median == 4.0); // 2 and 6: the mean of the middle two
    CHECK(stats.attributes[0].maximum == 5.0);
    CHECK(stats.attributes[2].top_values.front().value == "red");
    CHECK(stats.attributes[2].top_values.front().count == 2);
    CHECK(stats.attributes[3].missing == 1);
    // A word counts once per record it is in, words split at any white space (a tab too).
    const auto& words = stats.attributes[3].top_values;
    const auto count_of = [&](const std::string& word) {
        const auto found = std::find_if(words.begin(), words.end(),
                                        [&](const auto& w) { return w.value == word; });
        return found == words.end() ? 0 : found->count;
    };
    CHECK(count_of("plain") == 1);
    CHECK(count_of("and") == 1);
    CHECK(count_of("bye") == 1);
}

TEST_CASE("dataset: CSV as Amazon ML reads it: no line break in a value, 100 KB, BOM, NUL, CR",
          "[local][service]") {
    scratch_folder s3;
    const local::s3_files files(s3.path());
    std::string csv = "\xEF\xBB\xBF"; // a byte order mark, then no header
    for (int i = 0; i < 100; ++i) {
        csv += std::to_string(i) + ",2,red,fine,1\n";
        if (i == 10) // a quote left open: this record is invalid, not the rest of the file
            csv += "1,2,red,\"oops,1\n";
        if (i == 20) // a quoted line break, which Amazon ML's values never hold
            csv += "1,2,red,\"two\nlines\",1\n";
        if (i == 30) // over 100 KB
            csv += "1,2,red," + std::string(100 * 1024, 'w') + ",1\n";
        if (i == 40) // exactly 100 KB: kept
            csv += "1,2,red," + std::string(100 * 1024 - 10, 'w') + ",1\n";
        if (i == 50) // a NUL, as a UTF-16 file has
            csv += std::string("1,2,r\0d,fine,1\n", 15);
    }
    s3.put("b/d.csv", csv);
    const auto no_header =
        schema_json("y",
                    attribute("a", "NUMERIC") + "," + attribute("b", "NUMERIC") + "," +
                        attribute("colour", "CATEGORICAL") + "," + attribute("note", "TEXT") + "," +
                        attribute("y", "BINARY"),
                    false);
    const auto data = local::load_dataset(files, "s3://b/d.csv", no_header, {}).value();
    CHECK(data.records.size() == 101);
    CHECK(data.records.front()[0] == "0"); // not the mark and "0"
    CHECK(data.records.back()[0] == "99");
    CHECK(data.invalid_records == 5);
    CHECK(local::compute_statistics(data).attributes[0].invalid == 0);

    std::string wide;
    for (int i = 0; i <= 1000; ++i)
        wide += (i ? "," : "") + attribute("x" + std::to_string(i), "NUMERIC");
    CHECK_THROWS_WITH(
        local::load_dataset(files, "s3://b/d.csv", schema_json("x0", wide, false), {}).value(),
        Catch::Contains("declares 1001 attributes, above Amazon ML's limit of 1000"));
    s3.put("b/mac.csv", "1,2,red,fine,1\r3,4,blue,fine,0\r");
    CHECK_THROWS_WITH(local::load_dataset(files, "s3://b/mac.csv", no_header, {}).value(),
                      Catch::Contains("carriage return alone"));
    // A folder's schema, and a file's beside it, are not data.
    s3.put("dir/part-1.csv", "1,2,red,fine,1\n");
    s3.put("dir/part-2.csv", "3,4,blue,fine,0\n");
    s3.put("dir/.schema", no_header);
    s3.put("dir/part-1.csv.schema", no_header);
    const auto folder = local::load_dataset(files, "s3://dir/", no_header, {}).value();
    CHECK(folder.files == 2);
    CHECK(folder.records.size() == 2);
    CHECK(folder.bytes == 31);
}

TEST_CASE("dataset: a random split places a record by its offset, not its values",
          "[local][service]") {
    // The API reference: "Pseudo-random numbers are assigned using both the input seed string
    // value and the byte offset as a seed". Two distinct records, 500 copies each.
    scratch_folder s3;
    std::string csv = "a,b,colour,note,y\n";
    for (int i = 0; i < 500; ++i)
        csv += "0,0,red,x,0\n1,1,blue,x,1\n";
    s3.put("b/d.csv", csv);
    const std::string rearrangement =
        R"({"splitting":{"percentBegin":0,"percentEnd":70,"strategy":"random",)"
        R"("strategyParams":{"randomSeed":"s"}}})";
    const auto kept = local::load_dataset(local::s3_files(s3.path()), "s3://b/d.csv", binary_schema,
                                          rearrangement)
                          .value();
    CHECK(kept.records.size() > 620);
    CHECK(kept.records.size() < 780);
    const auto positives = std::count_if(kept.records.begin(), kept.records.end(),
                                         [](const auto& r) { return r[4] == "1"; });
    CHECK(positives > 250);
    CHECK(positives < 450);
}

TEST_CASE("gzip: stored blocks that gzip(1) reads back, CRC-32 as gzip computes it",
          "[local][service]") {
    CHECK(local::crc32("123456789") == 0xCBF43926u); // the CRC-32 check value
    CHECK(local::crc32("") == 0);
    scratch_folder folder;
    std::mt19937 random(5);
    std::string big(200'000, '\0'); // over three 65535-byte blocks, every byte value
    for (char& c : big)
        c = static_cast<char>(random() & 0xFF);
    for (const std::string& data :
         {std::string(), std::string("bestAnswer,score\n1,0.75\n"), big}) {
        folder.put("f.gz", local::gzip_stored(data));
        CHECK(gunzip(folder.path() / "f.gz") == data);
    }
    std::string damaged = local::gzip_stored("some data");
    damaged[damaged.size() - 9] ^= 1; // the CRC-32's first byte
    folder.put("bad.gz", damaged);
    CHECK(std::system(("gzip -t '" + folder.file("bad.gz") + "' 2>/dev/null").c_str()) != 0);
}

TEST_CASE("dataset: splits partition the records", "[local][service]") {
    scratch_folder s3;
    s3.put("b/d.csv", binary_csv(200, 1));
    const local::s3_files files(s3.path());
    for (const std::string strategy : {"sequential", "random"}) {
        auto part = [&](bool complement) {
            const std::string rearrangement =
                R"({"splitting":{"percentBegin":10,"percentEnd":40,"strategy":")" + strategy +
                R"(","complement":)" + (complement ? "true" : "false") +
                R"(,"strategyParams":{"randomSeed":"s"}}})";
            return local::load_dataset(files, "s3://b/d.csv", binary_schema, rearrangement)
                .value()
                .records;
        };
        const auto inside = part(false), outside = part(true);
        CHECK(inside.size() + outside.size() == 200);
        CHECK(inside.size() > 30);
        CHECK(inside.size() < 90);
        std::set<std::vector<std::string>> all(inside.begin(), inside.end());
        all.insert(outside.begin(), outside.end());
        CHECK(all.size() == 200);
    }
    CHECK_THROWS_WITH(
        local::load_dataset(files, "s3://b/d.csv", binary_schema, split(50, 20)).value(),
        Catch::Contains("percentBegin not above percentEnd"));
    CHECK_THROWS_WITH(local::load_dataset(files, "s3://b/d.csv", binary_schema,
                                          R"({"splitting":{"strategy":"fancy"}})")
                          .value(),
                      Catch::Contains("strategy must be sequential or random"));
}

TEST_CASE("dataset: what makes a data source fail, said by name", "[local][service]") {
    scratch_folder s3;
    const local::s3_files files(s3.path());
    CHECK_THROWS_WITH(local::load_dataset(files, "s3://b/none.csv", binary_schema, {}).value(),
                      Catch::Contains("no object at s3://b/none.csv"));
    s3.put("b/narrow.csv", "a,b\n1,2\n3,4\n");
    CHECK_THROWS_WITH(local::load_dataset(files, "s3://b/narrow.csv", binary_schema, {}).value(),
                      Catch::Contains("narrow.csv line 2 has 2 values, but the schema declares 5"));
    s3.put("b/d.csv", binary_csv(5, 2));
    CHECK_THROWS_WITH(local::load_dataset(files, "s3://b/d.csv", "{not json", {}).value(),
                      Catch::Contains("The data schema is not valid"));
    CHECK_THROWS_WITH(local::load_dataset(files, "s3://b/../etc/passwd", binary_schema, {}).value(),
                      Catch::Contains("'..'"));
    CHECK_THROWS_WITH(
        local::load_dataset(local::s3_files(), "s3://b/d.csv", binary_schema, {}).value(),
        Catch::Contains("--s3-root"));
    // A folder is every file below it, in name order.
    s3.put("many/part-1.csv", "1,2,red,x,1\n");
    s3.put("many/part-2.csv", "3,4,blue,y,0\n");
    auto both = local::load_dataset(
                    files, "s3://many/",
                    schema_json("y",
                                attribute("a", "NUMERIC") + "," + attribute("b", "NUMERIC") + "," +
                                    attribute("colour", "CATEGORICAL") + "," +
                                    attribute("note", "TEXT") + "," + attribute("y", "BINARY"),
                                false),
                    {})
                    .value();
    CHECK(both.files == 2);
    CHECK(both.records.size() == 2);
    CHECK(both.records[1][2] == "blue");
}

TEST_CASE("dataset: a value that is not UTF-8 makes its record invalid", "[local][service]") {
    // Such a value would become a feature name or a label: JSON that --state could not read
    // back, and answers that are not JSON.
    scratch_folder s3;
    const local::s3_files files(s3.path());
    std::string csv = "a,b,colour,note,y\n";
    for (int i = 0; i < 20; ++i)
        csv += "1,2,red,fine,1\n";
    csv += "1,2,r\xc4"
           "ed,fine,0\n";
    s3.put("b/latin1.csv", csv);
    const auto data = local::load_dataset(files, "s3://b/latin1.csv", binary_schema, {}).value();
    CHECK(data.records.size() == 20);
    CHECK(data.invalid_records == 1);
    s3.put("b/bad.csv", "a,b,colour,note,y\n1,2,red,caf\xe9,1\n");
    CHECK_THROWS_WITH(local::load_dataset(files, "s3://b/bad.csv", binary_schema, {}).value(),
                      Catch::Contains("bad.csv line 2: value 4 is not UTF-8 (at byte 3)"));
}

TEST_CASE("dataset: moments and histograms of values near a double's limits stay finite",
          "[local][service]") {
    const auto m = local::moments_of({1e308, 1e308, -1e308});
    CHECK(m.mean == Approx(1e308 / 3));
    CHECK(m.deviation == Approx(std::sqrt(8.0) / 3 * 1e308));
    // Scaling by a power of two changes no bit where nothing overflowed.
    const auto usual = local::moments_of({3.3, 100.7, 12.1});
    const double mean = (3.3 + 100.7 + 12.1) / 3;
    CHECK(usual.mean == mean);
    CHECK(usual.deviation ==
          std::sqrt(((3.3 - mean) * (3.3 - mean) + (100.7 - mean) * (100.7 - mean) +
                     (12.1 - mean) * (12.1 - mean)) /
                    3));

    scratch_folder s3;
    s3.put("b/huge.csv", "x,y\n1.7e308,1\n-1.7e308,2\n0,-1.7e308\n");
    const auto schema =
        schema_json("y", attribute("x", "NUMERIC") + "," + attribute("y", "NUMERIC"));
    const auto data =
        local::load_dataset(local::s3_files(s3.path()), "s3://b/huge.csv", schema, {}).value();
    const auto stats = local::compute_statistics(data);
    CHECK(stats.attributes.at(0).histogram ==
          std::vector<std::int64_t>{1, 0, 0, 0, 0, 1, 0, 0, 0, 1});
    for (const auto& attribute : stats.attributes) {
        CHECK(std::isfinite(attribute.mean.value()));
        CHECK(std::isfinite(attribute.standard_deviation.value()));
        CHECK(std::accumulate(attribute.histogram.begin(), attribute.histogram.end(),
                              std::int64_t{0}) == 3);
    }
    const auto recipe_json = local::default_recipe_json(data.schema);
    const auto model = local::train(data, ml::parse_recipe(recipe_json), recipe_json,
                                    ml::ml_model_type::REGRESSION, {}, "s")
                           .value();
    CHECK(std::isfinite(model.target_mean));
    CHECK(std::isfinite(model.target_deviation));
    CHECK_FALSE(std::isnan(local::predictor(model).answer({"1e300", ""}, 0.5).value.value()));
}

// --- features, training, metrics ----------------------------------------------------------------

TEST_CASE("features: each transformation of the recipe language", "[local][service]") {
    const auto schema = ml::parse_data_schema(
        schema_json("y", attribute("age", "NUMERIC") + "," + attribute("text", "TEXT") + "," +
                             attribute("colour", "CATEGORICAL") + "," + attribute("y", "BINARY")));
    const auto recipe = ml::parse_recipe(R"j({"groups":{},"assignments":{"n":"normalize(age)"},
        "outputs":["ngram(lowercase(no_punct(text)),2)","osb(text,3)","quantile_bin(age,5)","n",
                   "cartesian(colour,lowercase(text))","ALL_CATEGORICAL"]})j");
    local::feature_extractor extractor(recipe, schema);
    std::vector<local::data_record> training;
    for (int age = 0; age < 100; ++age)
        training.push_back({std::to_string(age), "The quick, brown fox!", "red", "1"});
    extractor.fit(training);
    std::map<std::string, double> features;
    for (const auto& [name, value] : extractor.extract({"99", "Hello, World!", "Blue", "0"}))
        features[name] = value;
    CHECK(features.count("ngram(text,2)=hello"));
    CHECK(features.count("ngram(text,2)=hello world"));
    CHECK(features.count("ngram(text,2)=world"));
    CHECK(features.count("osb(text,3)=Hello,_World!"));
    CHECK_FALSE(features.count("osb(text,3)=Hello,")); // pairs only
    CHECK(features.count("quantile_bin(age,5)=bin4")); // the top fifth
    // Two bins of one variable stay apart (they shared "quantile_bin(age)=bin4"), unless the
    // extractor reads a model trained before sizes were named.
    const auto two_bins = ml::parse_recipe(
        R"j({"groups":{},"assignments":{},"outputs":["quantile_bin(age,5)","quantile_bin(age,50)"]})j");
    local::feature_extractor binner(two_bins, schema);
    binner.fit(training);
    std::set<std::string> bins;
    for (const auto& [name, value] : binner.extract({"99", "", "", "0"}))
        bins.insert(name);
    CHECK(bins == std::set<std::string>{"quantile_bin(age,5)=bin4", "quantile_bin(age,50)=bin49"});
    binner.use_unsized_names();
    bins.clear();
    for (const auto& [name, value] : binner.extract({"99", "", "", "0"}))
        bins.insert(name);
    CHECK(bins == std::set<std::string>{"quantile_bin(age)=bin4", "quantile_bin(age)=bin49"});
    CHECK(features.at("n") == Approx((99 - 49.5) / std::sqrt((100.0 * 100 - 1) / 12)));
    CHECK(features.count("cartesian(colour,text)=Blue,hello,"));
    CHECK(features.count("colour=Blue"));
    for (const auto& [name, value] : features)
        CHECK(name.find("y") != 0); // the target is never a feature
}

TEST_CASE("features: a function over an ngram's, osb's or cartesian's terms reads those terms",
          "[local][service]") {
    const auto schema = ml::parse_data_schema(schema_json(
        "y", attribute("text", "TEXT") + "," + attribute("colour", "CATEGORICAL") + "," +
                 attribute("shape", "CATEGORICAL") + "," + attribute("y", "BINARY")));
    const auto recipe = ml::parse_recipe(R"j({"groups":{},"assignments":{},
        "outputs":["lowercase(ngram(text,2))","no_punct(osb(text,2))","ngram(ngram(text,2),2)",
                   "cartesian(ngram(text,2),colour)","cartesian(cartesian(colour,shape),text)"]})j");
    for (const auto& problem : ml::check(recipe, schema))
        FAIL_CHECK(problem.path << ": " << problem.message);
    local::feature_extractor extractor(recipe, schema);
    std::map<std::string, double> features;
    for (const auto& [name, value] : extractor.extract({"Big! Cat!", "Red", "round", "0"}))
        features[name] = value;
    // Each was silently empty, or the function left its input as it was.
    // (The functions keep their input's name.)
    CHECK(features.count("ngram(text,2)=big! cat!"));
    CHECK_FALSE(features.count("ngram(text,2)=Big! Cat!"));
    CHECK(features.count("osb(text,2)=Big!_Cat")); // the term's ends, as a word's
    CHECK(features.count("ngram(ngram(text,2),2)=Big! Big! Cat!"));
    CHECK(features.count("cartesian(ngram(text,2),colour)=Big! Cat!,Red"));
    CHECK(features.count("cartesian(cartesian(colour,shape),text)=Red,round,Big!"));

    // Grams of grams multiply the terms as a cartesian does: one record's terms are bounded
    // across every call (here the third level would pass 1,000,000).
    const auto nested = ml::parse_recipe(
        R"j({"groups":{},"assignments":{},"outputs":["ngram(ngram(ngram(text,10),10),10)"]})j");
    const local::feature_extractor nesting(nested, schema);
    std::string long_text;
    for (int w = 0; w < 1000; ++w)
        long_text += "w" + std::to_string(w) + " ";
    CHECK_THROWS_WITH(nesting.extract({long_text, "Red", "round", "0"}),
                      Catch::StartsWith("ngram(ngram(ngram(text,10),10),10) (") &&
                          Catch::Contains("takes the record's terms past 1000000"));
    CHECK_NOTHROW(nesting.extract({"a few words", "Red", "round", "0"}));
}

TEST_CASE("features: lowercase and no_punct beyond ASCII, as Java's String does",
          "[local][service]") {
    CHECK(local::lowercase("The QUICK Fox") == "the quick fox");
    CHECK(local::lowercase("\u00dcBER \u00c4RGER") == "\u00fcber \u00e4rger"); // Latin-1
    CHECK(local::lowercase("\u0416\u0423\u041a") == "\u0436\u0443\u043a");     // Cyrillic
    CHECK(local::lowercase("\u0100\u0102\u0130") == "\u0101\u0103i\u0307");    // strides, İ
    CHECK(local::lowercase("\u1e9e\uff21") == "\u00df\uff41");                 // ẞ, fullwidth
    CHECK(local::lowercase("\U00010400") == "\U00010428");                     // 4 bytes
    // Σ is ς at a word's end, σ elsewhere and alone.
    CHECK(local::lowercase("\u039f\u0394\u039f\u03a3") == "\u03bf\u03b4\u03bf\u03c2");
    CHECK(local::lowercase("\u03a3\u039f\u03a3 \u03a3") == "\u03c3\u03bf\u03c2 \u03c3");
    // Case ignores accents and some marks on the way to the word's end; ΐ and ª are cased.
    CHECK(local::lowercase("\u039f\u0394\u039f\u0301\u03a3") == "\u03bf\u03b4\u03bf\u0301\u03c2");
    CHECK(local::lowercase("\u0391.\u03a3") == "\u03b1.\u03c2");
    CHECK(local::lowercase("\u0391'\u03a3'\u0391") == "\u03b1'\u03c3'\u03b1");
    CHECK(local::lowercase("\u0390\u03a3") == "\u0390\u03c2");
    CHECK(local::lowercase("\u00aa\u03a3") == "\u00aa\u03c2");
    // Bytes that are not UTF-8 pass through as they are.
    CHECK(local::lowercase("A\xC3(\xFF\xC0Z") == "a\xC3(\xFF\xC0z");

    CHECK(local::strip_punctuation("seat-belts!") == "seat-belts");
    CHECK(local::strip_punctuation("\u00abHola\u00bb") == "Hola");
    CHECK(local::strip_punctuation("\u201cquoted,\u201d") == "quoted");
    CHECK(local::strip_punctuation("\u00a1Qu\u00e9?") == "Qu\u00e9");
    CHECK(local::strip_punctuation("$5") == "5");
    CHECK(local::strip_punctuation("--").empty());
    CHECK(local::strip_punctuation("\xC0!") == "\xC0"); // a stray byte is kept

    // Through the recipe: the same word in any case is one feature.
    const auto schema = ml::parse_data_schema(
        schema_json("y", attribute("text", "TEXT") + "," + attribute("y", "BINARY")));
    const auto recipe = ml::parse_recipe(R"j({"outputs":["lowercase(no_punct(text))"]})j");
    local::feature_extractor extractor(recipe, schema);
    extractor.fit({{"x", "1"}});
    std::set<std::string> names;
    for (const auto& [name, value] : extractor.extract({"\u00abSTRA\u00dfE\u00bb \u00dcber", "0"}))
        names.insert(name);
    CHECK(names == std::set<std::string>{"text=stra\u00dfe", "text=\u00fcber"});
}

TEST_CASE("features: lowercase and no_punct agree with Python's Unicode 14.0 on every code point",
          "[local][service]") {
    // Python 3.11's str.lower() maps each code point as Java's toLowerCase does. Each line: a
    // code point x, its lower case's UTF-8 in hex, whether it is punctuation (P*), and whether
    // Python ends a word with the sigma of "ΑxΣ" and of "ΑΣx" (what x is to a final sigma).
    const std::string table = output_of(R"(python3 -c 'import unicodedata as u, sys
if u.unidata_version != "14.0.0": sys.exit("Unicode " + u.unidata_version)
for c in range(0, 0x110000):
    if not 0xD800 <= c <= 0xDFFF:
        x = chr(c)
        print("%X %s %d %d %d" % (c, x.lower().encode().hex(), u.category(x)[0] == "P",
              ("\u0391" + x + "\u03a3").lower()[-1] == "\u03c2",
              ("\u0391\u03a3" + x).lower()[1] == "\u03c2"))')");
    const std::string alpha = "\u0391", sigma = "\u03a3", final_sigma = "\u03c2";
    std::istringstream lines(table);
    std::size_t checked = 0, lowered = 0, punctuation = 0;
    for (std::string code, lower_hex; lines >> code >> lower_hex;) {
        int is_punctuation = 0, final_after = 0, final_before = 0;
        lines >> is_punctuation >> final_after >> final_before;
        const auto value = static_cast<std::uint32_t>(std::stoul(code, nullptr, 16));
        char encoded[4];
        const std::string text(encoded, awsml::detail::write_utf8(encoded, value));
        std::string lower;
        for (std::size_t i = 0; i + 1 < lower_hex.size(); i += 2)
            lower += static_cast<char>(std::stoi(lower_hex.substr(i, 2), nullptr, 16));
        if (local::lowercase(text) != lower)
            FAIL_CHECK("U+" << code << " lower-cases to " << local::lowercase(text)
                            << ", Python to " << lower);
        if (value >= 0x80 && local::strip_punctuation(text).empty() != (is_punctuation == 1))
            FAIL_CHECK("U+" << code << ": punctuation is " << is_punctuation);
        if (local::lowercase(alpha + text + sigma).ends_with(final_sigma) != (final_after == 1))
            FAIL_CHECK("U+" << code << " before a sigma: final is " << final_after);
        const bool ours_final = local::lowercase(alpha + sigma + text).substr(2, 2) == final_sigma;
        if (ours_final != (final_before == 1))
            FAIL_CHECK("U+" << code << " after a sigma: final is " << final_before);
        ++checked;
        lowered += lower != text;
        punctuation += is_punctuation;
    }
    CHECK(checked == 0x110000 - 0x800);
    CHECK(lowered > 1000);
    CHECK(punctuation > 500);
}

TEST_CASE("features: groups are sets, assignments of several values, learned inside learned",
          "[local][service]") {
    const auto schema = ml::parse_data_schema(
        schema_json("t", attribute("x", "NUMERIC") + "," + attribute("y", "NUMERIC") + "," +
                             attribute("w", "BINARY") + "," + attribute("t", "BINARY")));
    std::vector<local::data_record> training;
    for (int i = 0; i < 100; ++i)
        training.push_back({std::to_string(i), std::to_string(100 - i), "1", "0"});
    // The names of the features of `outputs` for the record x=99, y=1.
    const auto names_of = [&](const std::string& groups, const std::string& assignments,
                              const std::string& outputs,
                              const local::data_record& record = {"99", "1", "1", "0"}) {
        const auto recipe = ml::parse_recipe(R"({"groups":{)" + groups + R"(},"assignments":{)" +
                                             assignments + R"(},"outputs":[)" + outputs + "]}");
        REQUIRE(ml::check(recipe, schema).empty());
        local::feature_extractor extractor(recipe, schema);
        extractor.fit(training);
        std::multiset<std::string> names;
        for (const auto& [name, value] : extractor.extract(record))
            names.insert(name);
        return names;
    };
    using names = std::multiset<std::string>;
    CHECK(names_of(R"j("NUMS":"group(x)","REST":"group_remove(ALL_NUMERIC, NUMS)")j", "",
                   R"j("REST")j") == names{"y"});
    CHECK(names_of(R"j("BOTH":"group(ALL_NUMERIC, x)")j", "", R"j("BOTH")j") == names{"x", "y"});
    // Two attributes binned under one name keep two sets of features.
    const auto binned = names_of("", R"j("nb":"quantile_bin(ALL_NUMERIC,5)")j", R"j("nb")j");
    CHECK(binned == names{"nb/quantile_bin(x,5)=bin4", "nb/quantile_bin(y,5)=bin0"});
    // The same names when a value is missing (one value left is not named as the assignment).
    CHECK(names_of("", R"j("nb":"quantile_bin(ALL_NUMERIC,5)")j", R"j("nb")j",
                   {"", "1", "1", "0"}) == names{"nb/quantile_bin(y,5)=bin0"});
    CHECK(names_of("", R"j("one":"quantile_bin(x,5)")j", R"j("one")j") == names{"one=bin4"});
    // A learned transformation of a learned one is fitted too, not left without features.
    CHECK(names_of("", "", R"j("quantile_bin(normalize(x),5)")j") ==
          names{"quantile_bin(normalize(x),5)=bin4"});
    CHECK(names_of("", R"j("n":"normalize(x)")j", R"j("quantile_bin(n,5)")j") ==
          names{"quantile_bin(n,5)=bin4"});
}

TEST_CASE("features: the default recipe leaves out what is not an input", "[local][service]") {
    auto schema = ml::parse_data_schema(schema_json("t", attribute("x", "NUMERIC") + "," +
                                                             attribute("w", "BINARY") + "," +
                                                             attribute("t", "BINARY")));
    CHECK(local::default_recipe_json(schema).find("ALL_BINARY") != std::string::npos);
    schema.excluded_attribute_names = std::vector<std::string>{"w"};
    CHECK(local::default_recipe_json(schema).find("ALL_BINARY") == std::string::npos);
}

TEST_CASE("training: subnormal and huge values give finite models and answers",
          "[local][service]") {
    scratch_folder s3;
    std::string csv = "a,b,v\n";
    for (int i = 0; i < 200; ++i)
        csv += std::to_string(i * 5e-6) + "," + (i == 7 ? "1e-310" : "0") + "," +
               std::to_string(i % 2) + "\n";
    s3.put("b/tiny.csv", csv);
    const auto schema =
        schema_json("v", attribute("a", "NUMERIC") + "," + attribute("b", "NUMERIC") + "," +
                             attribute("v", "NUMERIC"));
    const auto data =
        local::load_dataset(local::s3_files(s3.path()), "s3://b/tiny.csv", schema, {}).value();
    const std::string recipe_json = R"({"outputs":["ALL_NUMERIC"]})";
    const auto recipe = ml::parse_recipe(recipe_json);
    for (const auto type : {ml::ml_model_type::REGRESSION, ml::ml_model_type::BINARY}) {
        auto binary_data = data;
        if (type == ml::ml_model_type::BINARY) // the same records with a BINARY target
            binary_data.schema.attributes[2].type = ml::attribute_type::BINARY;
        auto model =
            local::train(binary_data, recipe, recipe_json, type, local::sgd_parameters{}, "s")
                .value();
        for (double w : model.weights)
            CHECK(std::isfinite(w));
        const local::predictor predictor(model);
        for (const auto* value : {"0.0001", "1e308", "-1e308", "1e-310"}) {
            INFO(value);
            const auto answer = predictor.answer(local::data_record{value, value, ""}, 0.5);
            if (answer.value)
                CHECK(std::isfinite(*answer.value));
            for (const auto& [label, score] : answer.scores)
                CHECK(std::isfinite(score));
        }
    }
}

TEST_CASE("training: the three model types learn, deterministically", "[local][service]") {
    scratch_folder s3;
    s3.put("b/d.csv", binary_csv(400, 7));
    const local::s3_files files(s3.path());
    auto data = local::load_dataset(files, "s3://b/d.csv", binary_schema, {}).value();
    const auto recipe_json = local::default_recipe_json(data.schema);
    const auto recipe = ml::parse_recipe(recipe_json);
    REQUIRE(ml::check(recipe, data.schema).empty());
    const local::sgd_parameters parameters;
    auto model =
        local::train(data, recipe, recipe_json, ml::ml_model_type::BINARY, parameters, "seed")
            .value();
    const local::predictor binary(model);
    int right = 0;
    for (const auto& record : data.records)
        right += binary.answer(record, 0.5).label == record[4];
    CHECK(right >= 360); // 90% of a separable problem
    auto again =
        local::train(data, recipe, recipe_json, ml::ml_model_type::BINARY, parameters, "seed")
            .value();
    CHECK(again.weights == model.weights);
    // A model kept from before feature names held their size answers as it was trained.
    auto kept = model;
    kept.feature_naming.reset();
    const auto unsized = [](std::string name) {
        if (const auto at = name.find(",10)"); at != std::string::npos)
            name.erase(at, 3);
        return name;
    };
    for (auto& name : kept.features)
        name = unsized(name);
    kept.scales.clear();
    for (const auto& [name, scale] : model.scales)
        kept.scales[unsized(name)] = scale;
    REQUIRE(std::count_if(kept.features.begin(), kept.features.end(), [](const auto& name) {
                return name.starts_with("quantile_bin(a)=");
            }) > 0);
    const local::predictor old(kept);
    for (const auto& record : data.records)
        CHECK(old.answer(record, 0.5).scores == binary.answer(record, 0.5).scores);

    CHECK_THROWS_WITH(
        local::train(data, recipe, recipe_json, ml::ml_model_type::REGRESSION, parameters, "s")
            .value(),
        Catch::Contains("a REGRESSION model needs a NUMERIC target, but 'y' is BINARY"));

    // The size limit drops the weakest features.
    local::sgd_parameters small = parameters;
    small.max_model_bytes = 100000;
    std::string wide = "a,b,colour,note,y\n";
    for (int i = 0; i < 3000; ++i)
        wide += "1,2,red,word" + std::to_string(i) + " other" + std::to_string(i) + "," +
                std::to_string(i % 2) + "\n";
    s3.put("b/wide.csv", wide);
    auto wide_data = local::load_dataset(files, "s3://b/wide.csv", binary_schema, {}).value();
    auto big =
        local::train(wide_data, recipe, recipe_json, ml::ml_model_type::BINARY, parameters, "s")
            .value();
    auto capped =
        local::train(wide_data, recipe, recipe_json, ml::ml_model_type::BINARY, small, "s").value();
    CHECK(big.size_in_bytes > 100000);
    CHECK(capped.size_in_bytes <= 100000);
    CHECK(capped.features.size() < big.features.size());

    // L1 drives weights to zero.
    local::sgd_parameters sparse = parameters;
    sparse.l1 = 0.5;
    auto lasso =
        local::train(data, recipe, recipe_json, ml::ml_model_type::BINARY, sparse, "s").value();
    const auto zeros = std::count(lasso.weights.begin(), lasso.weights.end(), 0.0);
    CHECK(zeros > std::count(model.weights.begin(), model.weights.end(), 0.0));

    // L2 shrinks the weights the more the larger its amount, up to a double's largest (whose
    // square once made AdaGrad's steps zero and froze the weights after one update).
    double before = std::numeric_limits<double>::infinity();
    for (const double amount :
         {0.0, 1e-3, 1.0, 1e4, 1e100, 1e300, std::numeric_limits<double>::max()}) {
        INFO("sgd.l2RegularizationAmount " << amount);
        local::sgd_parameters ridge = parameters;
        ridge.l2 = amount;
        auto shrunk =
            local::train(data, recipe, recipe_json, ml::ml_model_type::BINARY, ridge, "s").value();
        double norm = 0;
        for (const double w : shrunk.weights) {
            REQUIRE(std::isfinite(w));
            norm += w * w;
        }
        CHECK(norm <= before);
        before = norm;
    }
    CHECK(before < 1e-12); // the largest amount leaves no weight: only the bias answers
}

TEST_CASE("training: weights are bounded before they are allocated", "[local][service]") {
    // 100 classes and 500,100 distinct words: 50,010,000 weights, over the bound (each with its
    // AdaGrad history, 800 MB); it once allocated whatever the recipe asked.
    local::dataset data;
    data.schema = ml::parse_data_schema(
        schema_json("c", attribute("t", "TEXT") + "," + attribute("c", "CATEGORICAL")));
    std::string words;
    for (int i = 0; i < 5001; ++i) {
        words.clear();
        for (int w = 0; w < 100; ++w)
            words += "w" + std::to_string(i * 100 + w) + " ";
        data.records.push_back({words, "class" + std::to_string(i % 100)});
    }
    const std::string recipe_json = R"({"outputs":["ALL_TEXT"]})";
    CHECK_THROWS_WITH(local::train(data, ml::parse_recipe(recipe_json), recipe_json,
                                   ml::ml_model_type::MULTICLASS, local::sgd_parameters{}, "s")
                          .value(),
                      Catch::Contains("500100 distinct features for 100 outputs"));
}

TEST_CASE("training: parameters checked by name", "[local][service]") {
    CHECK(local::parse_sgd_parameters({{"sgd.maxPasses", "3"}, {"sgd.shuffleType", "auto"}})
              .value()
              .max_passes == 3);
    CHECK_THROWS_WITH(local::parse_sgd_parameters({{"sgd.maxPasses", "0"}}).value(),
                      Catch::Contains("sgd.maxPasses is '0', expected a whole number from 1"));
    CHECK(local::parse_sgd_parameters({{"sgd.maxPasses", "10000"}}).value().max_passes == 10000);
    CHECK_THROWS_WITH(local::parse_sgd_parameters({{"sgd.maxPasses", "10001"}}).value(),
                      Catch::Contains("from 1 to 10000"));
    CHECK(local::parse_sgd_parameters({{"sgd.l2RegularizationAmount", "2"}}).value().l2 == 2);
    CHECK(local::parse_sgd_parameters({}).value().l2 == 0); // no L2 unless asked
    for (const char* bad : {"nan", "inf", "-1", "x"})
        CHECK_THROWS_WITH(
            local::parse_sgd_parameters({{"sgd.l2RegularizationAmount", bad}}).value(),
            Catch::Contains("expected a number from 0 up"));
    CHECK_THROWS_WITH(local::parse_sgd_parameters({{"sgd.l1RegularizationAmount", "1e-8"},
                                                   {"sgd.l2RegularizationAmount", "1e-8"}})
                          .value(),
                      Catch::Contains("cannot be used together"));
    // What GetMLModel reports goes back into CreateMLModel: "algorithm", and both amounts at 0.
    CHECK(local::parse_sgd_parameters({{"algorithm", "sgd"},
                                       {"sgd.l1RegularizationAmount", "0.0"},
                                       {"sgd.l2RegularizationAmount", "0.0"}})
              .has_value());
    CHECK(local::parse_sgd_parameters(
              {{"sgd.l1RegularizationAmount", "0.5"}, {"sgd.l2RegularizationAmount", "0"}})
              .value()
              .l1 == 0.5);
    CHECK_THROWS_WITH(local::parse_sgd_parameters({{"algorithm", "xgboost"}}).value(),
                      Catch::Contains("algorithm is 'xgboost', expected sgd"));
    CHECK_THROWS_WITH(local::parse_sgd_parameters({{"sgd.maxMLModelSizeInBytes", "99999"}}).value(),
                      Catch::Contains("from 100000 to 2147483648"));
    CHECK_THROWS_WITH(local::parse_sgd_parameters({{"sgd.learningRate", "1"}}).value(),
                      Catch::Contains("unknown training parameter 'sgd.learningRate'"));
}

TEST_CASE("metrics: AUC, macro F1 and RMSE on known cases", "[local][service]") {
    CHECK(local::binary_auc({{0.1, false}, {0.4, false}, {0.35, true}, {0.8, true}}) == 0.75);
    CHECK(local::binary_auc({{0.1, false}, {0.9, true}}) == 1.0);
    CHECK(local::binary_auc({{0.9, false}, {0.1, true}}) == 0.0);
    CHECK(local::binary_auc({{0.5, false}, {0.5, true}}) == 0.5);
    // A NaN score is the lowest (it answers 1 at no threshold); it once looped without end.
    const double nan = std::nan("");
    CHECK(local::binary_auc({{nan, true}, {0.5, false}, {nan, false}, {0.9, true}}) == 0.625);
    CHECK(local::macro_f1({{"a", "a"}, {"a", "b"}, {"b", "b"}, {"b", "b"}}) ==
          Approx((2.0 / 3 + 0.8) / 2));
    CHECK(local::rmse({{1, 2}, {3, 3}}) == Approx(std::sqrt(0.5)));
    // Scaled by powers of two: the same bits as the plain formula where it does not overflow,
    // and finite where only the plain formula's squares would not be.
    CHECK(local::rmse({{1, 2}, {3, 5.5}, {0.1, -7}}) == std::sqrt((1 + 2.5 * 2.5 + 7.1 * 7.1) / 3));
    CHECK(local::rmse({{1e308, -0.5e308}}) == 1.5e308);
    CHECK(std::isinf(local::rmse({{1e308, -1e308}, {-1e308, 1e308}}))); // 2e308: beyond a double
}

// --- the operations, on the test's clock ----------------------------------------------------------

TEST_CASE("operations: a data source's lifecycle, and a model that waits for it",
          "[local][service]") {
    scratch_folder s3;
    s3.put("data/train.csv", binary_csv(300, 3));
    s3.put("data/train.csv.schema", binary_schema);
    auto ops = make_operations(s3);
    REQUIRE(ops.answer(s3_source("ds-a", "s3://data/train.csv", split(0, 70)), at(0)));

    auto pending = ops.answer(ml::get_data_source_input{.data_source_id = "ds-a"}, at(500)).value();
    CHECK(pending.status == ml::entity_status::PENDING);
    CHECK_FALSE(pending.data_size_in_bytes);
    CHECK_FALSE(pending.started_at);
    auto working =
        ops.answer(ml::get_data_source_input{.data_source_id = "ds-a"}, at(1500)).value();
    CHECK(working.status == ml::entity_status::INPROGRESS);
    CHECK(working.started_at == at(1000));
    auto done =
        ops.answer(ml::get_data_source_input{.data_source_id = "ds-a", .verbose = true}, at(5000))
            .value();
    CHECK(done.status == ml::entity_status::COMPLETED);
    CHECK(done.finished_at == at(4000));
    CHECK(done.compute_time == 3000);
    CHECK(done.data_size_in_bytes ==
          static_cast<std::int64_t>(fs::file_size(s3.path() / "data/train.csv")));
    CHECK(done.data_source_schema == binary_schema);
    CHECK(done.created_at == at(0));
    CHECK_FALSE(ops.answer(ml::get_data_source_input{.data_source_id = "ds-a"}, at(5000))
                    .value()
                    .data_source_schema); // only verbose

    // Created while its data source is still PENDING, the model starts once that is done.
    REQUIRE(ops.answer(ml::create_ml_model_input{.ml_model_id = "ml-a",
                                                 .ml_model_type = ml::ml_model_type::BINARY,
                                                 .training_data_source_id = "ds-a"},
                       at(200)));
    auto model =
        ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-a", .verbose = true}, at(9000))
            .value();
    CHECK(model.status == ml::entity_status::COMPLETED);
    CHECK(model.started_at == at(4000));
    CHECK(model.finished_at == at(7000));
    CHECK(model.size_in_bytes > 0);
    CHECK(model.score_threshold == 0.5f);
    CHECK(model.recipe == local::default_recipe_json(ml::parse_data_schema(binary_schema)));
    CHECK(model.training_parameters->at("sgd.maxPasses") == "10");
    CHECK(ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-a"}, at(3000)).value().status ==
          ml::entity_status::PENDING);

    // A missing file: the data source ends FAILED and says which; a model on it fails too.
    REQUIRE(ops.answer(s3_source("ds-missing", "s3://data/nothing.csv"), at(0)));
    auto failed =
        ops.answer(ml::get_data_source_input{.data_source_id = "ds-missing"}, at(9000)).value();
    CHECK(failed.status == ml::entity_status::FAILED);
    CHECK_THAT(failed.message.value(), Catch::Contains("s3://data/nothing.csv"));
    REQUIRE(ops.answer(ml::create_ml_model_input{.ml_model_id = "ml-b",
                                                 .ml_model_type = ml::ml_model_type::BINARY,
                                                 .training_data_source_id = "ds-missing"},
                       at(0)));
    auto orphan = ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-b"}, at(9000)).value();
    CHECK(orphan.status == ml::entity_status::FAILED);
    CHECK_THAT(orphan.message.value(), Catch::Contains("ds-missing is FAILED"));
    // The data arriving later does not make the FAILED data source usable for scoring either.
    s3.put("data/nothing.csv", binary_csv(300, 3));
    REQUIRE(ops.answer(ml::create_evaluation_input{.evaluation_id = "ev-on-failed",
                                                   .ml_model_id = "ml-a",
                                                   .evaluation_data_source_id = "ds-missing"},
                       at(9000)));
    REQUIRE(ops.answer(
        ml::create_batch_prediction_input{.batch_prediction_id = "bp-on-failed",
                                          .ml_model_id = "ml-a",
                                          .batch_prediction_data_source_id = "ds-missing",
                                          .output_uri = "s3://out/on-failed/"},
        at(9000)));
    const auto unscored_evaluation =
        ops.answer(ml::get_evaluation_input{.evaluation_id = "ev-on-failed"}, at(20000)).value();
    CHECK(unscored_evaluation.status == ml::entity_status::FAILED);
    CHECK_THAT(unscored_evaluation.message.value(),
               Catch::StartsWith("The DataSource ds-missing is FAILED: "));
    CHECK_FALSE(unscored_evaluation.performance_metrics);
    const auto unscored_batch =
        ops.answer(ml::get_batch_prediction_input{.batch_prediction_id = "bp-on-failed"}, at(20000))
            .value();
    CHECK(unscored_batch.status == ml::entity_status::FAILED);
    CHECK_THAT(unscored_batch.message.value(),
               Catch::StartsWith("The DataSource ds-missing is FAILED: "));
    CHECK_FALSE(std::filesystem::exists(s3.path() / "out/on-failed/batch-prediction"));

    // A schema that is not valid is said to be the schema's fault, not the data's.
    auto bad_schema = s3_source("ds-bad-schema", "s3://data/train.csv");
    bad_schema.data_spec.data_schema_location_s3.reset();
    bad_schema.data_spec.data_schema = R"({"version":"1.0","attributes":[]})";
    REQUIRE(ops.answer(bad_schema, at(0)));
    const auto refused =
        ops.answer(ml::get_data_source_input{.data_source_id = "ds-bad-schema"}, at(9000)).value();
    CHECK(refused.status == ml::entity_status::FAILED);
    CHECK(refused.message.value().starts_with("The data schema"));
    CHECK_THAT(refused.message.value(), !Catch::Contains("Cannot read the data"));
}

// At s3://data/train.csv, `rows` binary records; the data source "ds-all" over them, and the
// model "ml-b" trained on it; the empty bucket "out" for results.
void add_binary_model(local::operations& ops, const scratch_folder& s3, int rows) {
    s3.make_folder("out");
    s3.put("data/train.csv", binary_csv(rows, 4));
    s3.put("data/train.csv.schema", binary_schema);
    REQUIRE(ops.answer(s3_source("ds-all", "s3://data/train.csv"), at(0)));
    REQUIRE(ops.answer(ml::create_ml_model_input{.ml_model_id = "ml-b",
                                                 .ml_model_type = ml::ml_model_type::BINARY,
                                                 .training_data_source_id = "ds-all"},
                       at(0)));
}

TEST_CASE("operations: a batch prediction's results appear when it completes, not before",
          "[local][service]") {
    scratch_folder s3;
    std::optional<local::operations> running; // ends before a restart, as its process would
    running.emplace(
        local::operations_settings{.s3 = local::s3_files(s3.path()), .processing_time = 4000ms});
    auto& ops = *running;
    add_binary_model(ops, s3, 200);
    REQUIRE(
        ops.answer(ml::create_batch_prediction_input{.batch_prediction_id = "bp-late",
                                                     .ml_model_id = "ml-b",
                                                     .batch_prediction_data_source_id = "ds-all",
                                                     .output_uri = "s3://out/late/"},
                   at(0)));
    const auto manifest = s3.path() / "out/late/batch-prediction/bp-late.manifest";
    const auto result = s3.path() / "out/late/batch-prediction/result/bp-late-train.csv.gz";
    const auto staging = s3.path() / ".awsml-local-pending/batch-prediction-bp-late";
    CHECK(std::filesystem::exists(staging));
    CHECK(ops.results_pending());

    // At every moment, the results exist exactly when GetBatchPrediction says COMPLETED.
    std::optional<std::int64_t> completed_at;
    for (std::int64_t ms = 0; ms <= 60'000 && !completed_at; ms += 250) {
        ops.publish_due_results(at(ms));
        const auto status =
            ops.answer(ml::get_batch_prediction_input{.batch_prediction_id = "bp-late"}, at(ms))
                .value()
                .status;
        INFO("at " << ms << " ms the batch prediction is " << *status);
        const bool completed = status == ml::entity_status::COMPLETED;
        CHECK(std::filesystem::exists(manifest) == completed);
        CHECK(std::filesystem::exists(result) == completed);
        if (completed)
            completed_at = ms;
    }
    REQUIRE(completed_at);
    CHECK(*completed_at > 4000); // after the model it waits for
    CHECK_FALSE(std::filesystem::exists(staging));
    CHECK_FALSE(ops.results_pending());
    CHECK(gunzip(result).starts_with("trueLabel,bestAnswer,score\n"));

    // Results still staged when the emulator stopped appear after a restart (a state file keeps
    // the entity; the staging folder keeps the files).
    REQUIRE(
        ops.answer(ml::create_batch_prediction_input{.batch_prediction_id = "bp-restart",
                                                     .ml_model_id = "ml-b",
                                                     .batch_prediction_data_source_id = "ds-all",
                                                     .output_uri = "s3://out/restart/"},
                   at(*completed_at)));
    const auto entry = *ops.store().find<local::batch_prediction_entry>("bp-restart");
    running.reset(); // the emulator stops: its claims on staged results end with it
    auto restarted = make_operations(s3, 4000ms);
    restarted.store().put(entry);
    const auto later = s3.path() / "out/restart/batch-prediction/bp-restart.manifest";
    restarted.publish_due_results(at(*completed_at));
    CHECK_FALSE(std::filesystem::exists(later));
    restarted.publish_due_results(at(*completed_at + 60'000));
    CHECK(std::filesystem::exists(later));
    CHECK_FALSE(
        std::filesystem::exists(s3.path() / ".awsml-local-pending/batch-prediction-bp-restart"));
}

TEST_CASE("operations: staged results stay apart from the S3 data, and end with their batch "
          "prediction",
          "[local][service]") {
    scratch_folder s3;
    std::optional<local::operations> running; // ends before a restart, as its process would
    running.emplace(
        local::operations_settings{.s3 = local::s3_files(s3.path()), .processing_time = 4000ms});
    auto& ops = *running;
    add_binary_model(ops, s3, 120);
    auto batch = [&](const std::string& id, const std::string& output, std::int64_t ms) {
        return ops.answer(
            ml::create_batch_prediction_input{.batch_prediction_id = id,
                                              .ml_model_id = "ml-b",
                                              .batch_prediction_data_source_id = "ds-all",
                                              .output_uri = output},
            at(ms));
    };
    auto status_of = [&](const std::string& id, std::int64_t ms) {
        ops.publish_due_results(at(ms)); // as the emulator does before each answer
        return *ops.answer(ml::get_batch_prediction_input{.batch_prediction_id = id}, at(ms))
                    .value()
                    .status;
    };
    const auto manifest_of = [&](const std::string& output, const std::string& id) {
        return s3.path() / output / "batch-prediction" / (id + ".manifest");
    };

    // ".." and "." are ids the model's pattern admits: they name no folder but their own.
    for (const std::string id : {"..", "."}) {
        REQUIRE(batch(id, "s3://out/dots/", 0));
        CHECK(status_of(id, 60'000) == ml::entity_status::COMPLETED);
        CHECK(std::filesystem::exists(manifest_of("out/dots", id)));
        CHECK(std::filesystem::exists(s3.path() / "data/train.csv"));
    }

    // Ids may hold dots: staged at once, "bp-x" and "bp-x.lock" each complete, the claim on
    // one being no folder of the other, and leave no lock file behind.
    REQUIRE(batch("bp-x.lock", "s3://out/x-lock/", 0));
    REQUIRE(batch("bp-x", "s3://out/x/", 0));
    CHECK(status_of("bp-x.lock", 60'000) == ml::entity_status::COMPLETED);
    CHECK(status_of("bp-x", 60'000) == ml::entity_status::COMPLETED);
    CHECK(std::filesystem::exists(manifest_of("out/x-lock", "bp-x.lock")));
    CHECK(std::filesystem::exists(manifest_of("out/x", "bp-x")));
    // Nothing staged or claimed is left: only the objects' hold slots, which stay.
    std::set<std::string> left;
    for (const auto& entry :
         std::filesystem::directory_iterator(s3.path() / ".awsml-local-pending"))
        left.insert(entry.path().filename().string());
    CHECK(left == std::set<std::string>{"object-holds"});

    // Deleted while it works: it never completes, and its results never appear.
    REQUIRE(batch("bp-deleted", "s3://out/deleted/", 60'000));
    REQUIRE(ops.answer(ml::delete_batch_prediction_input{.batch_prediction_id = "bp-deleted"},
                       at(60'100)));
    CHECK(status_of("bp-deleted", 120'000) == ml::entity_status::DELETED);
    CHECK_FALSE(std::filesystem::exists(s3.path() / "out/deleted"));
    CHECK_FALSE(
        std::filesystem::exists(s3.path() / ".awsml-local-pending/batch-prediction-bp-deleted"));

    // Results that cannot be moved into place make it FAILED, and leave no manifest behind.
    s3.put("out/blocked/batch-prediction/result", "a file where the results' folder goes");
    REQUIRE(batch("bp-blocked", "s3://out/blocked/", 120'000));
    CHECK(status_of("bp-blocked", 120'100) == ml::entity_status::PENDING);
    CHECK(status_of("bp-blocked", 180'000) == ml::entity_status::FAILED);
    const auto failed =
        ops.answer(ml::get_batch_prediction_input{.batch_prediction_id = "bp-blocked"}, at(180'000))
            .value();
    CHECK_THAT(failed.message.value(), Catch::StartsWith("Cannot write the result: cannot move"));
    CHECK_FALSE(std::filesystem::exists(manifest_of("out/blocked", "bp-blocked")));
    CHECK_FALSE(ops.results_pending());

    // S3 writes into no missing bucket. The bucket is looked for when the results go in: one
    // made before then takes them; into one not there, or deleted, the prediction fails, and
    // no bucket is made.
    const auto failure_of = [&](const std::string& id, std::int64_t ms) {
        return ops.answer(ml::get_batch_prediction_input{.batch_prediction_id = id}, at(ms))
            .value()
            .message.value_or("");
    };
    REQUIRE(batch("bp-nowhere", "s3://nowhere/x/", 180'000));
    REQUIRE(batch("bp-made-later", "s3://later/x/", 180'000));
    s3.make_folder("later");
    s3.make_folder("gone");
    REQUIRE(batch("bp-gone", "s3://gone/x/", 180'000));
    CHECK(status_of("bp-gone", 180'100) == ml::entity_status::PENDING);
    std::filesystem::remove(s3.path() / "gone");
    for (const std::string bucket : {"nowhere", "gone"}) {
        CHECK(status_of("bp-" + bucket, 240'000) == ml::entity_status::FAILED);
        CHECK(failure_of("bp-" + bucket, 240'000) ==
              "Cannot write the result: the output bucket '" + bucket +
                  "' does not exist (NoSuchBucket)");
        CHECK_FALSE(std::filesystem::exists(s3.path() / bucket));
        CHECK_FALSE(std::filesystem::exists(s3.path() / ".awsml-local-pending" /
                                            ("batch-prediction-bp-" + bucket)));
    }
    CHECK(status_of("bp-made-later", 240'000) == ml::entity_status::COMPLETED);
    CHECK(std::filesystem::exists(manifest_of("later/x", "bp-made-later")));
    CHECK_FALSE(ops.results_pending());

    // No S3 URL names the staging folder: a bucket's name begins with a letter or a digit.
    REQUIRE(batch("bp-peek", "s3://out/peek/", 180'000));
    auto peek = ops.answer(s3_source("ds-peek", "s3://.awsml-local-pending/"), at(180'000));
    REQUIRE(peek);
    const auto peeked =
        ops.answer(ml::get_data_source_input{.data_source_id = "ds-peek"}, at(240'000)).value();
    CHECK(peeked.status == ml::entity_status::FAILED);
    CHECK_THAT(peeked.message.value(), Catch::Contains("does not begin with a letter or a digit"));
    CHECK_FALSE(batch("bp-hidden", "s3://.awsml-local-pending/x/", 180'000));

    // A restart without the state file: staged results no batch prediction will complete are
    // removed, not left under the S3 root for ever.
    REQUIRE(std::filesystem::exists(s3.path() / ".awsml-local-pending/batch-prediction-bp-peek"));
    {
        // While the emulator that staged them runs, another over the same folder leaves them.
        auto other = make_operations(s3, 4000ms);
        other.publish_due_results(at(180'000));
        CHECK(std::filesystem::exists(s3.path() / ".awsml-local-pending/batch-prediction-bp-peek"));
    }
    running.reset(); // the emulator stops: its claims on staged results end with it
    auto restarted = make_operations(s3, 4000ms);
    restarted.publish_due_results(at(180'000));
    CHECK_FALSE(
        std::filesystem::exists(s3.path() / ".awsml-local-pending/batch-prediction-bp-peek"));
    CHECK_FALSE(restarted.results_pending());
}

TEST_CASE("operations: no answer says COMPLETED before the batch prediction's results are in "
          "place",
          "[local][service][threads]") {
    scratch_folder s3;
    auto ops = make_operations(s3, 0ms); // each is COMPLETED as soon as it is stored
    add_binary_model(ops, s3, 60);
    constexpr int count = 40;
    std::atomic<bool> done{false};
    std::atomic<int> early{0};
    std::atomic<int> seen_completed{0};
    std::thread reader([&] {
        while (!done) {
            for (int i = 0; i < count; ++i) {
                const std::string id = "bp-" + std::to_string(i);
                ops.publish_due_results(at(10)); // as the emulator does before each answer
                auto got =
                    ops.answer(ml::get_batch_prediction_input{.batch_prediction_id = id}, at(10));
                if (!got || got->status != ml::entity_status::COMPLETED)
                    continue;
                ++seen_completed;
                if (!std::filesystem::exists(s3.path() / "out/race/batch-prediction" /
                                             (id + ".manifest")))
                    ++early;
            }
        }
    });
    for (int i = 0; i < count; ++i)
        CHECK(ops.answer(
            ml::create_batch_prediction_input{.batch_prediction_id = "bp-" + std::to_string(i),
                                              .ml_model_id = "ml-b",
                                              .batch_prediction_data_source_id = "ds-all",
                                              .output_uri = "s3://out/race/"},
            at(10)));
    done = true;
    reader.join();
    CHECK(seen_completed > 0);
    CHECK(early == 0);
}

TEST_CASE("operations: evaluation, batch prediction, endpoint and Predict", "[local][service]") {
    scratch_folder s3;
    s3.make_folder("out");
    s3.put("data/train.csv", binary_csv(400, 4));
    s3.put("data/train.csv.schema", binary_schema);
    auto ops = make_operations(s3, 0ms);
    REQUIRE(ops.answer(s3_source("ds-train", "s3://data/train.csv", split(0, 70)), at(0)));
    REQUIRE(ops.answer(s3_source("ds-test", "s3://data/train.csv", split(70, 100)), at(0)));
    REQUIRE(ops.answer(ml::create_ml_model_input{.ml_model_id = "ml-a",
                                                 .ml_model_type = ml::ml_model_type::BINARY,
                                                 .training_data_source_id = "ds-train"},
                       at(0)));
    REQUIRE(ops.answer(ml::create_evaluation_input{.evaluation_id = "ev-a",
                                                   .ml_model_id = "ml-a",
                                                   .evaluation_data_source_id = "ds-test"},
                       at(0)));
    auto evaluation = ops.answer(ml::get_evaluation_input{.evaluation_id = "ev-a"}, at(1)).value();
    REQUIRE(evaluation.status == ml::entity_status::COMPLETED);
    const double auc = std::stod(evaluation.performance_metrics->properties->at("BinaryAUC"));
    CHECK(auc > 0.9);
    CHECK(auc <= 1.0);

    REQUIRE(
        ops.answer(ml::create_batch_prediction_input{.batch_prediction_id = "bp-a",
                                                     .ml_model_id = "ml-a",
                                                     .batch_prediction_data_source_id = "ds-test",
                                                     .output_uri = "s3://out/run"},
                   at(0)));
    auto batch =
        ops.answer(ml::get_batch_prediction_input{.batch_prediction_id = "bp-a"}, at(1)).value();
    CHECK(batch.status == ml::entity_status::COMPLETED);
    CHECK(batch.total_record_count == 120);
    // The developer guide's layout: the manifest maps the input object to its gzipped result.
    const auto manifest =
        boost::json::parse(s3.content("out/run/batch-prediction/bp-a.manifest")).as_object();
    REQUIRE(manifest.size() == 1);
    CHECK(manifest.begin()->key() == "s3://data/train.csv");
    CHECK(manifest.begin()->value() == "s3://out/run/batch-prediction/result/bp-a-train.csv.gz");
    std::istringstream result(
        gunzip(s3.path() / "out/run/batch-prediction/result/bp-a-train.csv.gz"));
    std::string line;
    std::getline(result, line);
    CHECK(line == "trueLabel,bestAnswer,score"); // the data holds the target
    int rows = 0;
    // Scores as the developer guide shows them: 7.899012E-1, 1.3E-4.
    const std::regex guide_score(R"([01],([01]),(\d\.\d{1,6})E(-?[1-9]\d*|0))");
    while (std::getline(result, line)) {
        ++rows;
        std::smatch parts;
        REQUIRE(std::regex_match(line, parts, guide_score));
        const double score = std::stod(parts[2]) * std::pow(10.0, std::stoi(parts[3]));
        CHECK((score >= 0 && score <= 1));
        CHECK((parts[1] == "1") == (score >= 0.5));
        CHECK((parts[2].str().size() == 3 || !parts[2].str().ends_with('0'))); // zeros dropped
    }
    CHECK(rows == 120);

    const ml::predict_input question{.ml_model_id = "ml-a",
                                     .record = {{"a", "0.9"}, {"b", "0.1"}, {"colour", "red"}},
                                     .predict_endpoint = "http://127.0.0.1:1"};
    auto not_mounted = ops.answer(question, at(1));
    REQUIRE_FALSE(not_mounted);
    CHECK(not_mounted.error().code == "PredictorNotMountedException");
    ops.set_endpoint_url("http://127.0.0.1:1");
    auto endpoint =
        ops.answer(ml::create_realtime_endpoint_input{.ml_model_id = "ml-a"}, at(2)).value();
    CHECK(endpoint.realtime_endpoint_info->endpoint_url == "http://127.0.0.1:1");
    // At the caller's Host while its request is answered; a Host that is no host[:port] is not
    // echoed.
    for (const auto& [host, url] :
         {std::pair{"localhost:1", "http://localhost:1"}, std::pair{"[::1]:1", "http://[::1]:1"},
          std::pair{"evil\"/x", "http://127.0.0.1:1"}, std::pair{"a b", "http://127.0.0.1:1"},
          std::pair{"a:b:c", "http://127.0.0.1:1"}, std::pair{"]]", "http://127.0.0.1:1"},
          std::pair{"[::1", "http://127.0.0.1:1"}, std::pair{"h:", "http://127.0.0.1:1"}}) {
        const local::operations::caller_origin_scope origin(host);
        CHECK(ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-a"}, at(2))
                  .value()
                  .endpoint_info->endpoint_url == url);
    }
    CHECK(ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-a"}, at(2))
              .value()
              .endpoint_info->endpoint_url == "http://127.0.0.1:1");
    auto answer = ops.answer(question, at(3)).value();
    CHECK(answer.prediction->predicted_label == "1");
    CHECK(answer.prediction->predicted_scores->at("1") > 0.5f);
    CHECK(answer.prediction->details->at("PredictiveModelType") == "BINARY");
    auto low = question;
    low.record = {{"a", "0.0"}, {"b", "1.0"}, {"colour", "blue"}};
    auto no = ops.answer(low, at(3)).value();
    CHECK(no.prediction->predicted_label == "0");
    CHECK(no.prediction->predicted_scores->at("0") < 0.5f);
    // The threshold moves the label, not the score.
    REQUIRE(ops.answer(ml::update_ml_model_input{.ml_model_id = "ml-a", .score_threshold = 0.0f},
                       at(4)));
    CHECK(ops.answer(low, at(5)).value().prediction->predicted_label == "1");
    auto model = ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-a"}, at(6)).value();
    CHECK(model.score_threshold_last_updated_at == at(4));
    CHECK(model.last_updated_at == at(4));
    // An UpdateMLModel that names nothing to change edits nothing: LastUpdatedAt stays.
    REQUIRE(ops.answer(ml::update_ml_model_input{.ml_model_id = "ml-a"}, at(6)));
    CHECK(
        ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-a"}, at(6)).value().last_updated_at ==
        at(4));
    // PeakRequestsPerSecond: one second holds at most that many predictions.
    int admitted = 0;
    for (int i = 0; i < local::peak_requests_per_second + 5; ++i)
        admitted += ops.answer(question, at(1000)).has_value();
    CHECK(admitted == local::peak_requests_per_second - 3); // three were made at 3, 3 and 5 ms
    CHECK(ops.answer(question, at(1000)).error().code == "LimitExceededException");
    CHECK(ops.answer(question, at(2001)));
    // A score equal to the threshold, as the answer shows both (floats), is positive: "Output
    // values greater than or equal to the ScoreThreshold receive a positive result".
    const float shown = no.prediction->predicted_scores->at("0");
    for (const float threshold : {shown, std::nextafter(shown, 1.0f)}) {
        REQUIRE(ops.answer(
            ml::update_ml_model_input{.ml_model_id = "ml-a", .score_threshold = threshold},
            at(5000)));
        const auto at_threshold = ops.answer(low, at(5000)).value().prediction;
        const std::string label = threshold == shown ? "1" : "0";
        CHECK(at_threshold->predicted_label == label);
        CHECK(at_threshold->predicted_scores->at(label) == shown);
    }
    REQUIRE(ops.answer(ml::delete_realtime_endpoint_input{.ml_model_id = "ml-a"}, at(7)));
    CHECK(ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-a"}, at(8))
              .value()
              .endpoint_info->endpoint_status == ml::realtime_endpoint_status::NONE);
    CHECK_FALSE(ops.answer(question, at(9)));
    // A listed model names its algorithm, which GetMLModel's output has no member for.
    auto listed = ops.answer(ml::describe_ml_models_input{}, at(10)).value();
    REQUIRE(listed.results->size() == 1);
    CHECK(listed.results->front().algorithm == ml::algorithm::sgd);
}

TEST_CASE("operations: a real-time endpoint the models file gave goes as one awsml-local made",
          "[local][service]") {
    scratch_folder s3;
    auto ops = make_operations(s3, 0ms);
    const std::string ready =
        R"("Status": "COMPLETED", "EndpointInfo": {"PeakRequestsPerSecond": 200,
        "EndpointUrl": "https://realtime.machinelearning.us-east-1.amazonaws.com",
        "EndpointStatus": "READY"})";
    ops.import_models(local::model_store::from_json(R"([{"MLModelId": "ml-unmounted", )" + ready +
                                                        R"(}, {"MLModelId": "ml-deleted", )" +
                                                        ready + "}]",
                                                    "models.json")
                          .value());
    auto endpoint_of = [&](const std::string& id) {
        return *ops.answer(ml::get_ml_model_input{.ml_model_id = id}, at(2)).value().endpoint_info;
    };
    REQUIRE(endpoint_of("ml-unmounted").endpoint_status == ml::realtime_endpoint_status::READY);
    auto unmounted =
        ops.answer(ml::delete_realtime_endpoint_input{.ml_model_id = "ml-unmounted"}, at(1))
            .value();
    CHECK(unmounted.realtime_endpoint_info->endpoint_status == ml::realtime_endpoint_status::NONE);
    CHECK(endpoint_of("ml-unmounted").endpoint_status == ml::realtime_endpoint_status::NONE);
    CHECK_FALSE(endpoint_of("ml-unmounted").endpoint_url);
    CHECK(endpoint_of("ml-unmounted").peak_requests_per_second == 0);

    REQUIRE(ops.answer(ml::delete_ml_model_input{.ml_model_id = "ml-deleted"}, at(1)));
    CHECK(endpoint_of("ml-deleted").endpoint_status == ml::realtime_endpoint_status::NONE);
    // Predict on it says why, without advice (CreateRealtimeEndpoint is refused for it).
    auto on_deleted = ops.answer(ml::predict_input{.ml_model_id = "ml-deleted",
                                                   .record = {{"a", "1"}},
                                                   .predict_endpoint = "http://127.0.0.1:1"},
                                 at(2));
    REQUIRE_FALSE(on_deleted);
    CHECK(on_deleted.error().code == "PredictorNotMountedException");
    CHECK(on_deleted.error().message ==
          "MLModel ml-deleted is DELETED: it has no real-time endpoint.");
    auto still_ready =
        ops.answer(
               ml::describe_ml_models_input{
                   .filter_variable = ml::ml_model_filter_variable::RealtimeEndpointStatus,
                   .eq = "READY"},
               at(2))
            .value();
    CHECK(still_ready.results->empty());
}

TEST_CASE("operations: a cartesian's size is bounded for every use of a recipe, with the reason",
          "[local][service]") {
    scratch_folder s3;
    s3.make_folder("out");
    // Words t1..tN: a cartesian of the text with itself makes N x N values.
    const auto csv = [](int rows, int words) {
        std::string text = "t,c,y\n";
        for (int i = 0; i < rows; ++i) {
            for (int w = 0; w < words; ++w)
                text += (w ? " t" : "t") + std::to_string((i + w) % 97);
            text += std::string(",") + (i % 2 ? "red" : "blue") + "," + (i % 2 ? "1" : "0") + "\n";
        }
        return text;
    };
    const std::string schema =
        schema_json("y", attribute("t", "TEXT") + "," + attribute("c", "CATEGORICAL") + "," +
                             attribute("y", "BINARY"));
    s3.put("data/short.csv", csv(40, 3));
    s3.put("data/long.csv", csv(2, 1001)); // 1001 x 1001 values: just past the bound
    auto ops = make_operations(s3, 0ms);
    for (const char* name : {"short", "long"})
        REQUIRE(ops.answer(
            ml::create_data_source_from_s3_input{
                .data_source_id = std::string("ds-") + name,
                .data_spec = {.data_location_s3 = std::string("s3://data/") + name + ".csv",
                              .data_schema = schema},
                .compute_statistics = true},
            at(0)));
    const std::string recipe = R"j({"outputs":["cartesian(t,t)","c"]})j";
    const auto train = [&](const std::string& id, const std::string& source) {
        REQUIRE(ops.answer(ml::create_ml_model_input{.ml_model_id = id,
                                                     .ml_model_type = ml::ml_model_type::BINARY,
                                                     .training_data_source_id = source,
                                                     .recipe = recipe},
                           at(0)));
        return ops.answer(ml::get_ml_model_input{.ml_model_id = id}, at(1)).value();
    };
    const std::string why = "cartesian(t,t) (1001 x 1001) takes the record's terms past 1000000 "
                            "(awsml-local's bound for one record)";
    const auto refused = train("ml-long", "ds-long");
    CHECK(refused.status == ml::entity_status::FAILED);
    CHECK(refused.message == "Training failed: " + why);
    REQUIRE(train("ml-short", "ds-short").status == ml::entity_status::COMPLETED);

    REQUIRE(ops.answer(ml::create_evaluation_input{.evaluation_id = "ev-long",
                                                   .ml_model_id = "ml-short",
                                                   .evaluation_data_source_id = "ds-long"},
                       at(0)));
    const auto evaluation =
        ops.answer(ml::get_evaluation_input{.evaluation_id = "ev-long"}, at(1)).value();
    CHECK(evaluation.status == ml::entity_status::FAILED);
    CHECK(evaluation.message == "Cannot score the evaluation data: " + why);
    REQUIRE(
        ops.answer(ml::create_batch_prediction_input{.batch_prediction_id = "bp-long",
                                                     .ml_model_id = "ml-short",
                                                     .batch_prediction_data_source_id = "ds-long",
                                                     .output_uri = "s3://out/long/"},
                   at(0)));
    const auto batch =
        ops.answer(ml::get_batch_prediction_input{.batch_prediction_id = "bp-long"}, at(1)).value();
    CHECK(batch.status == ml::entity_status::FAILED);
    CHECK(batch.message == "Cannot score the data: " + why);
    CHECK_FALSE(fs::exists(s3.path() / "out/long/batch-prediction"));

    ops.set_endpoint_url("http://127.0.0.1:1");
    REQUIRE(ops.answer(ml::create_realtime_endpoint_input{.ml_model_id = "ml-short"}, at(1)));
    std::string words;
    for (int w = 0; w < 1001; ++w)
        words += (w ? " w" : "w") + std::to_string(w);
    ml::predict_input question{.ml_model_id = "ml-short",
                               .record = {{"t", words}, {"c", "red"}},
                               .predict_endpoint = "http://127.0.0.1:1"};
    const auto predicted = ops.answer(question, at(5));
    REQUIRE_FALSE(predicted);
    CHECK(predicted.error().code == "InvalidInputException");
    CHECK(predicted.error().message == "Record: " + why);
    question.record["t"] = words.substr(0, words.rfind(' ')); // 1000 x 1000: answered
    CHECK(ops.answer(question, at(5)).has_value());

    // An evaluation's data without the model's target says so.
    s3.put("data/untargeted.csv", "t,c\nhello world,red\n");
    REQUIRE(ops.answer(
        ml::create_data_source_from_s3_input{
            .data_source_id = "ds-untargeted",
            .data_spec = {.data_location_s3 = "s3://data/untargeted.csv",
                          .data_schema = R"({"version":"1.0","dataFormat":"CSV",)"
                                         R"("dataFileContainsHeader":true,"attributes":[)" +
                                         attribute("t", "TEXT") + "," +
                                         attribute("c", "CATEGORICAL") + "]}"}},
        at(0)));
    REQUIRE(ops.answer(ml::create_evaluation_input{.evaluation_id = "ev-untargeted",
                                                   .ml_model_id = "ml-short",
                                                   .evaluation_data_source_id = "ds-untargeted"},
                       at(0)));
    CHECK(ops.answer(ml::get_evaluation_input{.evaluation_id = "ev-untargeted"}, at(1))
              .value()
              .message == "The DataSource has no attribute y, the MLModel's target.");
}

namespace {

// Operations whose CreateDataSourceFromS3 of `id` says `begun` inside its work, then holds there
// until `go_on` is set: what other requests are answered meanwhile.
struct held_work {
    held_work(std::string id, std::chrono::milliseconds patience)
        : id(id)
        , ops(local::operations_settings{
              .s3 = local::s3_files(s3.path()),
              .processing_time = 4000ms,
              .on_work_begun =
                  [this, id = std::move(id)](std::string_view kind, std::string_view held) {
                      if (kind == "DataSource" && held == id) {
                          begun.set_value();
                          let_go.wait();
                      }
                  },
              .creation_patience = patience}) {
        s3.put("data/train.csv", binary_csv(50, 5));
        s3.put("data/train.csv.schema", binary_schema);
    }

    /// Starts the Create* on a thread of its own, and waits until its work holds.
    auto start() {
        auto creating = std::async(std::launch::async, [this] {
            return ops.answer(s3_source(id, "s3://data/train.csv"), at(0));
        });
        REQUIRE(begun.get_future().wait_for(60s) == std::future_status::ready);
        return creating;
    }

    std::string id;
    scratch_folder s3;
    std::promise<void> begun;
    std::promise<void> go_on;
    std::shared_future<void> let_go = go_on.get_future().share();
    local::operations ops;
};

} // namespace

TEST_CASE("operations: what a Create* at work makes is answered PENDING once it is recorded, "
          "not as missing",
          "[local][service]") {
    held_work held("ds-held", 10s);
    auto& ops = held.ops;
    auto& go_on = held.go_on;
    auto creating = held.start();
    // However this test ends, the work is let go (the futures below end within the patience).
    bool let_go_already = false;
    const std::unique_ptr<void, std::function<void(void*)>> let_go_at_exit(
        &let_go_already, [&](void*) {
            if (!std::exchange(let_go_already, true))
                go_on.set_value();
        });
    CHECK(ops.at_work());
    {
        // The server's I/O thread: the state as it stands, without waiting.
        const local::operations::never_waiting_scope at_once;
        CHECK_FALSE(ops.answer(ml::get_data_source_input{.data_source_id = "ds-held"}, at(100)));
    }
    auto reading = std::async(std::launch::async, [&] {
        return ops.answer(ml::get_data_source_input{.data_source_id = "ds-held"}, at(100));
    });
    auto listing = std::async(
        std::launch::async, [&] { return ops.answer(ml::describe_data_sources_input{}, at(100)); });
    auto tagging = std::async(std::launch::async, [&] {
        return ops.answer(
            ml::add_tags_input{.tags = {{.key = "team", .value = "fraud"}},
                               .resource_id = "ds-held",
                               .resource_type = ml::taggable_resource_type::DataSource},
            at(100));
    });
    // Given the time to answer "not found" and an empty page (had they not waited), none has.
    CHECK(reading.wait_for(300ms) == std::future_status::timeout);
    CHECK(listing.wait_for(0ms) == std::future_status::timeout);
    CHECK(tagging.wait_for(0ms) == std::future_status::timeout);
    let_go_already = true;
    go_on.set_value();
    REQUIRE(creating.get());
    CHECK_FALSE(ops.at_work());
    const auto record = reading.get();
    REQUIRE(record);
    CHECK(record->status == ml::entity_status::PENDING);
    CHECK(record->created_at == at(0));
    const auto page = listing.get();
    REQUIRE(page);
    REQUIRE(page->results);
    REQUIRE(page->results->size() == 1);
    CHECK(page->results->front().data_source_id == "ds-held");
    CHECK(tagging.get());
    const auto tags =
        ops.answer(ml::describe_tags_input{.resource_id = "ds-held",
                                           .resource_type = ml::taggable_resource_type::DataSource},
                   at(200))
            .value();
    REQUIRE(tags.tags);
    REQUIRE(tags.tags->size() == 1);
    CHECK(tags.tags->front().value == "fraud");
}

TEST_CASE("operations: a request waits for a Create* at work no longer than its patience",
          "[local][service]") {
    held_work held("ds-slow", 100ms);
    auto& ops = held.ops;
    auto creating = held.start();
    // The work goes on past the patience: the request answers the state as it stands.
    const auto answer = ops.answer(ml::get_data_source_input{.data_source_id = "ds-slow"}, at(100));
    held.go_on.set_value();
    REQUIRE_FALSE(answer);
    CHECK(answer.error().code == "ResourceNotFoundException");
    CHECK(creating.get());
}

TEST_CASE("operations: an entity deleted before it finishes never finishes", "[local][service]") {
    scratch_folder s3;
    s3.put("data/train.csv", binary_csv(50, 5));
    s3.put("data/train.csv.schema", binary_schema);
    auto ops = make_operations(s3); // 4 s of work: PENDING, INPROGRESS, then COMPLETED
    REQUIRE(ops.answer(s3_source("ds-pending", "s3://data/train.csv"), at(0)));
    REQUIRE(ops.answer(s3_source("ds-working", "s3://data/train.csv"), at(0)));
    REQUIRE(ops.answer(ml::delete_data_source_input{.data_source_id = "ds-pending"}, at(500)));
    REQUIRE(ops.answer(ml::delete_data_source_input{.data_source_id = "ds-working"}, at(1500)));
    for (const char* id : {"ds-pending", "ds-working"}) {
        INFO(id);
        auto later = ops.answer(ml::get_data_source_input{.data_source_id = id}, at(60000)).value();
        CHECK(later.status == ml::entity_status::DELETED);
        CHECK_FALSE(later.finished_at);
        CHECK_FALSE(later.data_size_in_bytes);
        CHECK_FALSE(later.number_of_files);
        CHECK(later.last_updated_at == (std::string_view(id) == "ds-pending" ? at(500) : at(1500)));
    }
    CHECK_FALSE(ops.answer(ml::get_data_source_input{.data_source_id = "ds-pending"}, at(60000))
                    .value()
                    .started_at);
    CHECK(ops.answer(ml::get_data_source_input{.data_source_id = "ds-working"}, at(60000))
              .value()
              .started_at == at(1000));
    // Deleted once COMPLETED: FinishedAt and ComputeTime go, as in any state but COMPLETED.
    REQUIRE(ops.answer(s3_source("ds-done", "s3://data/train.csv"), at(0)));
    const auto done = ops.answer(ml::get_data_source_input{.data_source_id = "ds-done"}, at(5000));
    REQUIRE(done->finished_at == at(4000));
    REQUIRE(done->compute_time);
    REQUIRE(ops.answer(ml::delete_data_source_input{.data_source_id = "ds-done"}, at(6000)));
    const auto deleted =
        ops.answer(ml::get_data_source_input{.data_source_id = "ds-done"}, at(7000)).value();
    CHECK(deleted.status == ml::entity_status::DELETED);
    CHECK_FALSE(deleted.finished_at);
    CHECK_FALSE(deleted.compute_time);
    CHECK(deleted.started_at == at(1000));
}

TEST_CASE("operations: work that reads a data source or model deleted before it finishes ends "
          "FAILED",
          "[local][service]") {
    scratch_folder s3;
    s3.make_folder("out");
    s3.put("data/train.csv", binary_csv(60, 5));
    s3.put("data/train.csv.schema", binary_schema);
    auto ops = make_operations(s3); // 4 s of work: PENDING, INPROGRESS, then COMPLETED
    for (const char* id : {"ds-train", "ds-eval", "ds-late"})
        REQUIRE(ops.answer(s3_source(id, "s3://data/train.csv"), at(0)));
    const auto model = [&](const std::string& id, std::int64_t ms) {
        REQUIRE(ops.answer(ml::create_ml_model_input{.ml_model_id = id,
                                                     .ml_model_type = ml::ml_model_type::BINARY,
                                                     .training_data_source_id = "ds-train"},
                           at(ms)));
    };
    const auto evaluation = [&](const std::string& id, const std::string& model_id,
                                const std::string& source, std::int64_t ms) {
        REQUIRE(ops.answer(ml::create_evaluation_input{.evaluation_id = id,
                                                       .ml_model_id = model_id,
                                                       .evaluation_data_source_id = source},
                           at(ms)));
    };
    const auto evaluation_at = [&](const std::string& id, std::int64_t ms) {
        return ops.answer(ml::get_evaluation_input{.evaluation_id = id}, at(ms)).value();
    };
    model("ml-done", 0);
    evaluation("ev-done", "ml-done", "ds-eval", 0); // finishes at 10 s, before any deletion
    model("ml-pending", 12000);                     // finishes at 16 s
    evaluation("ev-chained", "ml-pending", "ds-eval", 12000);
    REQUIRE(
        ops.answer(ml::create_batch_prediction_input{.batch_prediction_id = "bp-chained",
                                                     .ml_model_id = "ml-pending",
                                                     .batch_prediction_data_source_id = "ds-eval",
                                                     .output_uri = "s3://out/chained/"},
                   at(12000)));
    evaluation("ev-late", "ml-done", "ds-late", 12000);
    REQUIRE(evaluation_at("ev-done", 11000).status == ml::entity_status::COMPLETED);

    // The training data goes while ml-pending trains: it fails, and so does what waits for it.
    REQUIRE(ops.answer(ml::delete_data_source_input{.data_source_id = "ds-train"}, at(13000)));
    // The evaluation data goes while ev-late reads it.
    REQUIRE(ops.answer(ml::delete_data_source_input{.data_source_id = "ds-late"}, at(14000)));
    ops.publish_due_results(at(60000));

    const auto failed =
        ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-pending"}, at(60000)).value();
    CHECK(failed.status == ml::entity_status::FAILED);
    CHECK(failed.message == "The DataSource ds-train was deleted before the MLModel finished.");
    CHECK_FALSE(failed.size_in_bytes);
    CHECK(failed.finished_at == at(13000)); // its work stopped with the deletion
    CHECK(
        ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-pending"}, at(13000)).value().status ==
        ml::entity_status::FAILED);
    CHECK(ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-done"}, at(60000)).value().status ==
          ml::entity_status::COMPLETED);
    const auto chained = evaluation_at("ev-chained", 60000);
    CHECK(chained.status == ml::entity_status::FAILED);
    CHECK(chained.finished_at == at(13000));
    CHECK(chained.message ==
          "The MLModel ml-pending it uses ended FAILED before the Evaluation finished.");
    CHECK_FALSE(chained.performance_metrics);
    const auto batch =
        ops.answer(ml::get_batch_prediction_input{.batch_prediction_id = "bp-chained"}, at(60000))
            .value();
    CHECK(batch.status == ml::entity_status::FAILED);
    CHECK(batch.message ==
          "The MLModel ml-pending it uses ended FAILED before the BatchPrediction finished.");
    CHECK_FALSE(batch.total_record_count);
    CHECK_FALSE(fs::exists(s3.path() / "out/chained/batch-prediction"));
    CHECK_FALSE(ops.results_pending());
    const auto late = evaluation_at("ev-late", 60000);
    CHECK(late.status == ml::entity_status::FAILED);
    CHECK(late.message == "The DataSource ds-late was deleted before the Evaluation finished.");
    // Work that finished before the deletion keeps its outcome.
    const auto done = evaluation_at("ev-done", 60000);
    CHECK(done.status == ml::entity_status::COMPLETED);
    CHECK(done.performance_metrics);
    // A model deleted itself: what reads it fails, naming it.
    REQUIRE(ops.answer(ml::create_ml_model_input{.ml_model_id = "ml-doomed",
                                                 .ml_model_type = ml::ml_model_type::BINARY,
                                                 .training_data_source_id = "ds-eval"},
                       at(20000)));
    evaluation("ev-doomed", "ml-doomed", "ds-eval", 20000);
    REQUIRE(ops.answer(ml::delete_ml_model_input{.ml_model_id = "ml-doomed"}, at(21000)));
    CHECK(evaluation_at("ev-doomed", 60000).message ==
          "The MLModel ml-doomed was deleted before the Evaluation finished.");
    // Creating work on a deleted input stays refused at once.
    CHECK_FALSE(ops.answer(ml::create_evaluation_input{.evaluation_id = "ev-after",
                                                       .ml_model_id = "ml-done",
                                                       .evaluation_data_source_id = "ds-late"},
                           at(15000)));
}

TEST_CASE("operations: scoring data is read by attribute name, with the model's types; a batch "
          "prediction's needs no target",
          "[local][service]") {
    scratch_folder s3;
    s3.make_folder("out");
    const std::string train = binary_csv(300, 11);
    s3.put("data/train.csv", train);
    s3.put("data/train.csv.schema", binary_schema);
    // The first 60 records again: as trained, reordered without the target, and with note read
    // as CATEGORICAL.
    std::istringstream lines(train);
    std::string line, same = "a,b,colour,note,y\n", reordered = "colour,note,b,a\n";
    std::getline(lines, line);
    for (int i = 0; i < 60 && std::getline(lines, line); ++i) {
        same += line + "\n";
        const auto first = line.find(','), second = line.find(',', first + 1);
        const auto third = line.find(',', second + 1), last = line.rfind(',');
        reordered += line.substr(second + 1, third - second - 1) + "," +
                     line.substr(third + 1, last - third - 1) + "," +
                     line.substr(first + 1, second - first - 1) + "," + line.substr(0, first) +
                     "\n";
    }
    s3.put("score/same.csv", same);
    s3.put("score/reordered.csv", reordered);
    const auto no_target = R"({"version":"1.0","dataFormat":"CSV","dataFileContainsHeader":true,)"
                           R"("attributes":[)" +
                           attribute("colour", "CATEGORICAL") + "," + attribute("note", "TEXT") +
                           "," + attribute("b", "NUMERIC") + "," + attribute("a", "NUMERIC") + "]}";
    const auto note_categorical =
        schema_json("y", attribute("a", "NUMERIC") + "," + attribute("b", "NUMERIC") + "," +
                             attribute("colour", "CATEGORICAL") + "," +
                             attribute("note", "CATEGORICAL") + "," + attribute("y", "BINARY"));
    const auto missing_b = R"({"version":"1.0","dataFormat":"CSV","dataFileContainsHeader":true,)"
                           R"("attributes":[)" +
                           attribute("colour", "CATEGORICAL") + "," + attribute("note", "TEXT") +
                           "," + attribute("b2", "NUMERIC") + "," + attribute("a", "NUMERIC") +
                           "]}";
    auto ops = make_operations(s3, 0ms);
    REQUIRE(ops.answer(s3_source("ds-train", "s3://data/train.csv"), at(0)));
    const auto source = [&](const std::string& id, const std::string& location,
                            const std::string& schema) {
        REQUIRE(
            ops.answer(ml::create_data_source_from_s3_input{.data_source_id = id,
                                                            .data_spec =
                                                                {
                                                                    .data_location_s3 = location,
                                                                    .data_schema = schema,
                                                                }},
                       at(0)));
    };
    source("ds-same", "s3://score/same.csv", binary_schema);
    source("ds-reordered", "s3://score/reordered.csv", no_target);
    source("ds-typed", "s3://score/same.csv", note_categorical);
    source("ds-missing", "s3://score/reordered.csv", missing_b);
    REQUIRE(ops.answer(ml::create_ml_model_input{.ml_model_id = "ml-a",
                                                 .ml_model_type = ml::ml_model_type::BINARY,
                                                 .training_data_source_id = "ds-train"},
                       at(0)));
    const auto predict = [&](const std::string& id, const std::string& source_id) {
        REQUIRE(ops.answer(
            ml::create_batch_prediction_input{.batch_prediction_id = id,
                                              .ml_model_id = "ml-a",
                                              .batch_prediction_data_source_id = source_id,
                                              .output_uri = "s3://out/" + id},
            at(0)));
        return ops.answer(ml::get_batch_prediction_input{.batch_prediction_id = id}, at(1)).value();
    };
    const auto result_of = [&](const std::string& id, const std::string& name) {
        return gunzip(s3.path() / ("out/" + id + "/batch-prediction/result/" + id + "-" + name));
    };
    REQUIRE(predict("bp-same", "ds-same").status == ml::entity_status::COMPLETED);
    const auto reordered_run = predict("bp-reordered", "ds-reordered");
    INFO(reordered_run.message.value_or(""));
    REQUIRE(reordered_run.status == ml::entity_status::COMPLETED);
    // The same answers; the data without the target has no trueLabel, the other's is y as given.
    std::istringstream same_result(result_of("bp-same", "same.csv.gz"));
    std::string expected, true_labels;
    int rows = 0;
    for (std::string row; std::getline(same_result, row); ++rows) {
        const auto comma = row.find(',');
        if (rows)
            true_labels += row.substr(0, comma) + ",";
        expected += row.substr(comma + 1) + "\n";
    }
    CHECK(rows == 61);
    CHECK(expected.starts_with("bestAnswer,score\n"));
    CHECK(result_of("bp-reordered", "reordered.csv.gz") == expected);
    std::string given_labels;
    std::istringstream same_rows(same);
    std::getline(same_rows, line);
    while (std::getline(same_rows, line))
        given_labels += line.substr(line.rfind(',') + 1) + ",";
    CHECK(true_labels == given_labels);
    const auto missing = predict("bp-missing", "ds-missing");
    CHECK(missing.status == ml::entity_status::FAILED);
    CHECK_THAT(missing.message.value_or(""),
               Catch::Contains("The DataSource has no attribute b, which the MLModel"));

    // An evaluation on note typed otherwise reads it as the model does, and one whose schema
    // names no target evaluates the model's: the same answers.
    source("ds-untargeted", "s3://score/same.csv",
           R"({"version":"1.0","dataFormat":"CSV","dataFileContainsHeader":true,"attributes":[)" +
               attribute("a", "NUMERIC") + "," + attribute("b", "NUMERIC") + "," +
               attribute("colour", "CATEGORICAL") + "," + attribute("note", "TEXT") + "," +
               attribute("y", "BINARY") + "]}");
    for (const std::string id : {"same", "typed", "untargeted"})
        REQUIRE(ops.answer(ml::create_evaluation_input{.evaluation_id = "ev-" + id,
                                                       .ml_model_id = "ml-a",
                                                       .evaluation_data_source_id = "ds-" + id},
                           at(0)));
    const auto auc = [&](const std::string& id) {
        const auto got = ops.answer(ml::get_evaluation_input{.evaluation_id = id}, at(1)).value();
        INFO(got.message.value_or(""));
        REQUIRE(got.status == ml::entity_status::COMPLETED);
        return got.performance_metrics->properties->at("BinaryAUC");
    };
    CHECK(auc("ev-typed") == auc("ev-same"));
    CHECK(auc("ev-untargeted") == auc("ev-same"));
}

TEST_CASE("operations: Predict answers a value beyond a float's range as its largest",
          "[local][service]") {
    scratch_folder s3;
    std::string csv = "a,v\n";
    for (int i = 0; i < 100; ++i)
        csv += std::to_string(i) + "," + std::to_string(i + 1) + "e300\n";
    s3.put("data/train.csv", csv);
    s3.put("data/train.csv.schema",
           schema_json("v", attribute("a", "NUMERIC") + "," + attribute("v", "NUMERIC")));
    auto ops = make_operations(s3, 0ms);
    REQUIRE(ops.answer(s3_source("ds-big", "s3://data/train.csv"), at(0)));
    REQUIRE(ops.answer(ml::create_ml_model_input{.ml_model_id = "ml-big",
                                                 .ml_model_type = ml::ml_model_type::REGRESSION,
                                                 .training_data_source_id = "ds-big"},
                       at(0)));
    ops.set_endpoint_url("http://127.0.0.1:1");
    REQUIRE(ops.answer(ml::create_realtime_endpoint_input{.ml_model_id = "ml-big"}, at(1)));
    const auto answer = ops.answer(ml::predict_input{.ml_model_id = "ml-big",
                                                     .record = {{"a", "50"}},
                                                     .predict_endpoint = "http://127.0.0.1:1"},
                                   at(2))
                            .value();
    CHECK(*answer.prediction->predicted_value == std::numeric_limits<float>::max());
}

TEST_CASE("operations: idempotent creation, updates, deletion, tags", "[local][service]") {
    scratch_folder s3;
    s3.put("data/train.csv", binary_csv(50, 5));
    s3.put("data/train.csv.schema", binary_schema);
    auto ops = make_operations(s3, 0ms);
    const auto request = s3_source("ds-x", "s3://data/train.csv");
    REQUIRE(ops.answer(request, at(0)).value().data_source_id == "ds-x");
    CHECK(ops.answer(request, at(10)).value().data_source_id == "ds-x");
    auto other = request;
    other.data_source_name = "another name";
    CHECK(ops.answer(other, at(10)).error().code == "IdempotentParameterMismatchException");
    CHECK(ops.answer(ml::get_data_source_input{.data_source_id = "ds-x"}, at(20))
              .value()
              .created_at == at(0));

    REQUIRE(ops.answer(
        ml::update_data_source_input{.data_source_id = "ds-x", .data_source_name = "renamed"},
        at(30)));
    auto renamed = ops.answer(ml::get_data_source_input{.data_source_id = "ds-x"}, at(40)).value();
    CHECK(renamed.name == "renamed");
    CHECK(renamed.last_updated_at == at(30));
    CHECK(
        ops.answer(ml::update_data_source_input{.data_source_id = "nope", .data_source_name = "x"},
                   at(30))
            .error()
            .code == "ResourceNotFoundException");

    const auto type = ml::taggable_resource_type::DataSource;
    REQUIRE(ops.answer(ml::add_tags_input{.tags = {{"team", "a"}, {"env", "dev"}},
                                          .resource_id = "ds-x",
                                          .resource_type = type},
                       at(0)));
    REQUIRE(ops.answer(
        ml::add_tags_input{.tags = {{"team", "b"}}, .resource_id = "ds-x", .resource_type = type},
        at(0)));
    auto tags =
        ops.answer(ml::describe_tags_input{.resource_id = "ds-x", .resource_type = type}, at(0))
            .value();
    CHECK(tags.tags == ml::tag_list{{"team", "b"}, {"env", "dev"}});
    ml::tag_list many; // with the 2 tags there: 11, one over the limit of 10 an object
    for (int i = 0; i < 9; ++i)
        many.push_back({"k" + std::to_string(i), "v"});
    CHECK(ops.answer(ml::add_tags_input{.tags = many, .resource_id = "ds-x", .resource_type = type},
                     at(0))
              .error()
              .code == "TagLimitExceededException");

    CHECK(ops.answer(ml::add_tags_input{.tags = {{"aws:x", "v"}},
                                        .resource_id = "ds-x",
                                        .resource_type = type},
                     at(0))
              .error()
              .code == "InvalidTagException");
    CHECK(ops.answer(ml::describe_tags_input{.resource_id = "ds-x",
                                             .resource_type = ml::taggable_resource_type::MLModel},
                     at(0))
              .error()
              .code == "ResourceNotFoundException");
    REQUIRE(ops.answer(
        ml::delete_tags_input{.tag_keys = {"team"}, .resource_id = "ds-x", .resource_type = type},
        at(0)));
    CHECK(ops.answer(ml::describe_tags_input{.resource_id = "ds-x", .resource_type = type}, at(0))
              .value()
              .tags == ml::tag_list{{"env", "dev"}});

    REQUIRE(ops.answer(ml::delete_data_source_input{.data_source_id = "ds-x"}, at(50)));
    auto deleted = ops.answer(ml::get_data_source_input{.data_source_id = "ds-x"}, at(60)).value();
    CHECK(deleted.status == ml::entity_status::DELETED);
    CHECK(deleted.last_updated_at == at(50));
    // An update after the deletion is the last one.
    REQUIRE(ops.answer(
        ml::update_data_source_input{.data_source_id = "ds-x", .data_source_name = "late name"},
        at(70)));
    auto renamed_after =
        ops.answer(ml::get_data_source_input{.data_source_id = "ds-x"}, at(80)).value();
    CHECK(renamed_after.status == ml::entity_status::DELETED);
    CHECK(renamed_after.name == "late name");
    CHECK(renamed_after.last_updated_at == at(70));
    CHECK(ops.answer(ml::delete_data_source_input{.data_source_id = "nope"}, at(0)).error().code ==
          "ResourceNotFoundException");
}

TEST_CASE("operations: a new object takes the tags of the objects it was created from",
          "[local][service]") {
    scratch_folder s3;
    s3.put("data/train.csv", binary_csv(50, 5));
    s3.put("data/train.csv.schema", binary_schema);
    s3.make_folder("out");
    auto ops = make_operations(s3, 0ms);
    using type = ml::taggable_resource_type;
    const auto tag = [&](const std::string& id, type kind, ml::tag_list tags) {
        REQUIRE(ops.answer(
            ml::add_tags_input{.tags = std::move(tags), .resource_id = id, .resource_type = kind},
            at(0)));
    };
    const auto tags_of = [&](const std::string& id, type kind) {
        return ops.answer(ml::describe_tags_input{.resource_id = id, .resource_type = kind}, at(0))
            .value()
            .tags.value_or(ml::tag_list{});
    };
    REQUIRE(ops.answer(s3_source("ds-train", "s3://data/train.csv"), at(0)));
    REQUIRE(ops.answer(s3_source("ds-test", "s3://data/train.csv"), at(0)));
    tag("ds-train", type::DataSource, {{"team", "a"}, {"env", "dev"}});
    tag("ds-test", type::DataSource, {{"env", "prod"}, {"cost", std::nullopt}});

    REQUIRE(ops.answer(ml::create_ml_model_input{.ml_model_id = "ml-t",
                                                 .ml_model_type = ml::ml_model_type::BINARY,
                                                 .training_data_source_id = "ds-train"},
                       at(0)));
    CHECK(tags_of("ml-t", type::MLModel) == ml::tag_list{{"team", "a"}, {"env", "dev"}});
    // Copied when created: later changes to the data source's tags stay its own.
    tag("ds-train", type::DataSource, {{"later", "x"}});
    tag("ml-t", type::MLModel, {{"owner", "m"}});
    CHECK(tags_of("ml-t", type::MLModel) ==
          ml::tag_list{{"team", "a"}, {"env", "dev"}, {"owner", "m"}});

    // From both inputs; a key both give keeps the data source's value.
    REQUIRE(ops.answer(ml::create_evaluation_input{.evaluation_id = "ev-t",
                                                   .ml_model_id = "ml-t",
                                                   .evaluation_data_source_id = "ds-test"},
                       at(0)));
    CHECK(tags_of("ev-t", type::Evaluation) ==
          ml::tag_list{{"env", "prod"}, {"cost", std::nullopt}, {"team", "a"}, {"owner", "m"}});

    // No more than an object may hold: the data source's 10 fill it.
    ml::tag_list ten;
    for (int i = 0; i < 10; ++i)
        ten.push_back({"k" + std::to_string(i), "v"});
    REQUIRE(ops.answer(s3_source("ds-full", "s3://data/train.csv"), at(0)));
    tag("ds-full", type::DataSource, ten);
    REQUIRE(
        ops.answer(ml::create_batch_prediction_input{.batch_prediction_id = "bp-t",
                                                     .ml_model_id = "ml-t",
                                                     .batch_prediction_data_source_id = "ds-full",
                                                     .output_uri = "s3://out/t/"},
                   at(0)));
    CHECK(tags_of("bp-t", type::BatchPrediction) == ten);
}

TEST_CASE("operations: Describe* filters, sorts and pages each kind", "[local][service]") {
    scratch_folder s3;
    s3.put("data/train.csv", binary_csv(20, 6));
    s3.put("data/train.csv.schema", binary_schema);
    auto ops = make_operations(s3, 0ms);
    for (int i = 0; i < 5; ++i)
        REQUIRE(
            ops.answer(s3_source("ds-" + std::to_string(i), "s3://data/train.csv"), at(i * 1000)));
    REQUIRE(ops.answer(s3_source("ds-bad", "s3://data/missing.csv"), at(9000)));
    auto ids = [](const auto& page) {
        std::vector<std::string> out;
        for (const auto& r : *page.results)
            out.push_back(*r.data_source_id);
        return out;
    };
    using filter = ml::data_source_filter_variable;
    CHECK(ids(ops.answer(ml::describe_data_sources_input{.filter_variable = filter::Status,
                                                         .eq = "FAILED"},
                         at(10000))
                  .value()) == std::vector<std::string>{"ds-bad"});
    CHECK(ids(ops.answer(ml::describe_data_sources_input{.filter_variable = filter::CreatedAt,
                                                         .gt = "1800000002",
                                                         .sort_order = ml::sort_order::dsc},
                         at(10000))
                  .value()) == std::vector<std::string>{"ds-bad", "ds-4", "ds-3"});
    CHECK(ids(ops.answer(ml::describe_data_sources_input{.filter_variable = filter::Name,
                                                         .prefix = "source ds-1"},
                         at(10000))
                  .value()) == std::vector<std::string>{"ds-1"});
    auto first = ops.answer(ml::describe_data_sources_input{.limit = 4}, at(10000)).value();
    CHECK(first.results->size() == 4);
    REQUIRE(first.next_token);
    auto second =
        ops.answer(ml::describe_data_sources_input{.next_token = first.next_token, .limit = 4},
                   at(10000))
            .value();
    CHECK(second.results->size() == 2);
    CHECK_FALSE(second.next_token);
    CHECK(ops.answer(ml::describe_ml_models_input{.next_token = first.next_token}, at(10000))
              .error()
              .code == "InvalidInputException");
    CHECK(ops.answer(ml::describe_data_sources_input{.next_token = "4-12345"}, at(10000))
              .error()
              .code == "InvalidInputException");

    // A page goes on after the last result the page before had: a data source created between
    // pages (first, newest first) neither repeats nor hides one.
    auto newest =
        ops.answer(ml::describe_data_sources_input{.sort_order = ml::sort_order::dsc, .limit = 2},
                   at(10000))
            .value();
    CHECK(ids(newest) == std::vector<std::string>{"ds-bad", "ds-4"});
    REQUIRE(ops.answer(s3_source("ds-new", "s3://data/train.csv"), at(11000)));
    auto older = ops.answer(ml::describe_data_sources_input{.sort_order = ml::sort_order::dsc,
                                                            .next_token = newest.next_token,
                                                            .limit = 2},
                            at(12000))
                     .value();
    CHECK(ids(older) == std::vector<std::string>{"ds-3", "ds-2"});
    // A result whose sort key changes between pages moves alone: renamed to sort last, the
    // page's last result leaves the others where they were.
    auto by_name = [&](std::optional<std::string> token, int limit) {
        return ops
            .answer(ml::describe_data_sources_input{.filter_variable = filter::Name,
                                                    .prefix = "source ds-",
                                                    .next_token = std::move(token),
                                                    .limit = limit},
                    at(14000))
            .value();
    };
    auto named = by_name(std::nullopt, 2);
    CHECK(ids(named) == std::vector<std::string>{"ds-0", "ds-1"});
    REQUIRE(named.next_token);
    REQUIRE(ops.answer(
        ml::update_data_source_input{.data_source_id = "ds-1", .data_source_name = "source ds-z"},
        at(13000)));
    auto after_rename = by_name(named.next_token, 4);
    CHECK(ids(after_rename) == std::vector<std::string>{"ds-2", "ds-3", "ds-4", "ds-bad"});
    CHECK(ids(by_name(after_rename.next_token, 4)) == std::vector<std::string>{"ds-new", "ds-1"});
    // The emulator's own token is never refused: when no result sorts after its place any more,
    // the next page is empty.
    for (const char* id : {"ds-0", "ds-1", "ds-2", "ds-3", "ds-4", "ds-bad", "ds-new"})
        REQUIRE(ops.answer(
            ml::update_data_source_input{.data_source_id = id, .data_source_name = "renamed"},
            at(13000)));
    auto rest = ops.answer(ml::describe_data_sources_input{.filter_variable = filter::Name,
                                                           .prefix = "source ds-",
                                                           .next_token = named.next_token,
                                                           .limit = 4},
                           at(14000));
    REQUIRE(rest.has_value());
    CHECK(rest.value().results->empty());
    CHECK_FALSE(rest.value().next_token);
    // A token's place is sealed: another seal, or another place under the same seal, is refused.
    std::string resealed = *named.next_token;
    resealed.back() = resealed.back() == '1' ? '2' : '1';
    std::string moved = *named.next_token;
    moved[1] = moved[1] == 'A' ? 'B' : 'A';
    for (const auto& forged : {resealed, moved})
        CHECK(ops.answer(ml::describe_data_sources_input{.filter_variable = filter::Name,
                                                         .prefix = "source ds-",
                                                         .next_token = forged},
                         at(14000))
                  .error()
                  .code == "InvalidInputException");
    CHECK(ops.answer(ml::describe_evaluations_input{}, at(0)).value().results->empty());
}

TEST_CASE("operations: Create* refuses what the service refuses at once", "[local][service]") {
    scratch_folder s3;
    s3.put("data/train.csv", binary_csv(20, 6));
    s3.put("data/train.csv.schema", binary_schema);
    auto ops = make_operations(s3, 0ms);
    REQUIRE(ops.answer(s3_source("ds-a", "s3://data/train.csv"), at(0)));
    auto refused = [&](ml::create_ml_model_input in) {
        in.ml_model_id = "ml-x";
        in.ml_model_type = ml::ml_model_type::BINARY;
        auto out = ops.answer(in, at(0));
        REQUIRE_FALSE(out);
        CHECK(out.error().code == "InvalidInputException");
        return out.error().message;
    };
    CHECK_THAT(refused({.training_data_source_id = "ds-none"}),
               Catch::Contains("No DataSource with id ds-none"));
    CHECK_THAT(refused({.training_data_source_id = "ds-a", .recipe = R"({"outputs":["nope"]})"}),
               Catch::StartsWith("Recipe: outputs[0]: ") &&
                   Catch::Contains("unknown attribute or group 'nope'"));
    // A recipe from S3 is named by its URI; one that is not JSON has no path to name.
    s3.put("recipes/cut.json", R"({"outputs":[)");
    CHECK_THAT(refused({.training_data_source_id = "ds-a", .recipe_uri = "s3://recipes/cut.json"}),
               Catch::StartsWith("The recipe at RecipeUri s3://recipes/cut.json: ") &&
                   !Catch::Contains(": : "));
    // A schema that leaves nothing to learn from has no default recipe, and says so.
    s3.put("data/target-only.csv", "y\n1\n0\n");
    REQUIRE(ops.answer(
        ml::create_data_source_from_s3_input{
            .data_source_id = "ds-target-only",
            .data_spec = {.data_location_s3 = "s3://data/target-only.csv",
                          .data_schema = schema_json("y", attribute("y", "BINARY"))},
            .compute_statistics = true},
        at(0)));
    CHECK(refused({.training_data_source_id = "ds-target-only"}) ==
          "The schema leaves no attribute to learn from (each is the target, the row id, the "
          "weight or excluded), so there is no default recipe.");
    CHECK_THAT(refused({.parameters = ml::training_parameters{{"sgd.maxPasses", "0"}},
                        .training_data_source_id = "ds-a"}),
               Catch::Contains("sgd.maxPasses"));
    auto no_schema = s3_source("ds-b", "s3://data/train.csv");
    no_schema.data_spec.data_schema_location_s3.reset();
    CHECK_THAT(ops.answer(no_schema, at(0)).error().message,
               Catch::Contains("DataSchema or a DataSchemaLocationS3"));
    // A failed Create* leaves nothing behind.
    CHECK(ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-x"}, at(0)).error().code ==
          "ResourceNotFoundException");
}

// Each rule below is a sentence of service-2.json's documentation, quoted beside its check.
TEST_CASE("operations: as the API reference documents them", "[local][service]") {
    scratch_folder s3;
    s3.put("data/train.csv", binary_csv(60, 7));
    s3.put("data/train.csv.schema", binary_schema);
    auto ops = make_operations(s3, 0ms);
    auto no_statistics = s3_source("ds-plain", "s3://data/train.csv");
    no_statistics.compute_statistics = false;
    REQUIRE(ops.answer(s3_source("ds-a", "s3://data/train.csv"), at(0)));
    REQUIRE(ops.answer(no_statistics, at(0)));
    REQUIRE(ops.answer(ml::create_ml_model_input{.ml_model_id = "ml-a",
                                                 .ml_model_type = ml::ml_model_type::BINARY,
                                                 .training_data_source_id = "ds-a"},
                       at(0)));
    auto data_source = [&](const std::string& id, bool verbose = false) {
        return ops
            .answer(ml::get_data_source_input{.data_source_id = id, .verbose = verbose}, at(10))
            .value();
    };

    // "ComputeTime is only available if the DataSource is in the COMPLETED state and the
    // ComputeStatistics is set to true"; for the others, "in the COMPLETED state".
    CHECK(data_source("ds-a").compute_time);
    CHECK_FALSE(data_source("ds-plain").compute_time);
    CHECK(ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-a"}, at(10)).value().compute_time);
    s3.put("data/bad.csv", "not,a,match\n");
    REQUIRE(ops.answer(s3_source("ds-bad", "s3://data/bad.csv"), at(0)));
    REQUIRE(data_source("ds-bad").status == ml::entity_status::FAILED);
    CHECK_FALSE(data_source("ds-bad").compute_time);

    // TrainingParameters report what training used: read back, they train the same way
    // ("The default is to not use L2 normalization").
    for (const std::optional<ml::training_parameters>& given :
         {std::optional<ml::training_parameters>(),
          std::optional<ml::training_parameters>({{"sgd.l1RegularizationAmount", "1e-8"}})}) {
        const std::string id = given ? "ml-l1" : "ml-defaults";
        REQUIRE(ops.answer(ml::create_ml_model_input{.ml_model_id = id,
                                                     .ml_model_type = ml::ml_model_type::BINARY,
                                                     .parameters = given,
                                                     .training_data_source_id = "ds-a"},
                           at(0)));
        auto reported = ops.answer(ml::get_ml_model_input{.ml_model_id = id}, at(10))
                            .value()
                            .training_parameters.value();
        const auto used = local::parse_sgd_parameters(given.value_or(ml::training_parameters{}));
        REQUIRE(used.has_value());
        CHECK(reported.at("algorithm") == "sgd");
        CHECK(std::stod(reported.at("sgd.l1RegularizationAmount")) == used->l1);
        CHECK(std::stod(reported.at("sgd.l2RegularizationAmount")) == used->l2);
        // The rest, given back as parameters, trains the same way.
        for (const char* key :
             {"algorithm", "sgd.l1RegularizationAmount", "sgd.l2RegularizationAmount"})
            reported.erase(key);
        const auto read_back = local::parse_sgd_parameters(reported);
        REQUIRE(read_back.has_value());
        CHECK(read_back->max_passes == used->max_passes);
        CHECK(read_back->shuffle == used->shuffle);
        CHECK(read_back->max_model_bytes == used->max_model_bytes);
    }

    // "CreateMLModel requires a DataSource with computed statistics": a model on one without
    // ends FAILED, and says why.
    REQUIRE(ops.answer(ml::create_ml_model_input{.ml_model_id = "ml-no-statistics",
                                                 .ml_model_type = ml::ml_model_type::BINARY,
                                                 .training_data_source_id = "ds-plain"},
                       at(0)));
    const auto unstatistical =
        ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-no-statistics"}, at(10)).value();
    CHECK(unstatistical.status == ml::entity_status::FAILED);
    CHECK_THAT(unstatistical.message.value_or(""),
               Catch::Contains("ds-plain has no computed statistics"));

    // DeleteDataSource "assigns the DELETED status to a DataSource, rendering it unusable": no
    // model trains on it (as no evaluation scores it), and its ComputeTime goes.
    REQUIRE(ops.answer(ml::delete_data_source_input{.data_source_id = "ds-a"}, at(5)));
    CHECK_FALSE(data_source("ds-a").compute_time);
    auto trained_on_deleted =
        ops.answer(ml::create_ml_model_input{.ml_model_id = "ml-b",
                                             .ml_model_type = ml::ml_model_type::BINARY,
                                             .training_data_source_id = "ds-a"},
                   at(10));
    REQUIRE_FALSE(trained_on_deleted);
    CHECK(trained_on_deleted.error().code == "InvalidInputException");
    CHECK(trained_on_deleted.error().message == "DataSource ds-a is DELETED.");

    // SelectSqlQuery: "Returns only if Verbose is true in GetDataSourceInput" (never listed).
    auto rds = awsml_test::sample_shape<ml::create_data_source_from_rds_input>();
    rds.data_source_id = "ds-rds";
    REQUIRE(ops.answer(rds, at(0)));
    REQUIRE(data_source("ds-rds", true).rds_metadata);
    CHECK(data_source("ds-rds", true).rds_metadata->select_sql_query ==
          rds.rds_data.select_sql_query);
    REQUIRE(data_source("ds-rds").rds_metadata);
    CHECK_FALSE(data_source("ds-rds").rds_metadata->select_sql_query);
    const auto listed = ops.answer(ml::describe_data_sources_input{}, at(10)).value().results;
    REQUIRE(listed);
    bool any_query = false;
    for (const auto& source : *listed)
        any_query = any_query || (source.rds_metadata && source.rds_metadata->select_sql_query);
    CHECK_FALSE(any_query);

    // OutputUri: "The following substrings are not allowed in the s3 key portion of the
    // outputURI field: ':', '//', '/./', '/../'."
    for (const std::string uri : {"s3://out/a:b/", "s3://out/a//b/", "s3://out/./b/"}) {
        auto refused = ops.answer(
            ml::create_batch_prediction_input{.batch_prediction_id = "bp-x",
                                              .ml_model_id = "ml-a",
                                              .batch_prediction_data_source_id = "ds-plain",
                                              .output_uri = uri},
            at(10));
        REQUIRE_FALSE(refused);
        CHECK_THAT(refused.error().message, Catch::StartsWith("OutputUri: '" + uri + "'"));
    }
    CHECK(
        ops.answer(ml::create_batch_prediction_input{.batch_prediction_id = "bp-ok",
                                                     .ml_model_id = "ml-a",
                                                     .batch_prediction_data_source_id = "ds-plain",
                                                     .output_uri = "s3:out/x"},
                   at(10))
            .error()
            .message.starts_with("OutputUri:"));
}

TEST_CASE("operations: a batch prediction answers each input object in a result of its own",
          "[local][service]") {
    scratch_folder s3;
    const std::string train = binary_csv(80, 11);
    s3.put("data/train.csv", train);
    s3.put("data/train.csv.schema", binary_schema);
    // A prefix of two objects: the header and 30 records, the header and 50.
    const auto header_end = train.find('\n') + 1;
    std::vector<std::string> lines;
    for (std::size_t at = header_end; at < train.size();) {
        const auto end = train.find('\n', at) + 1;
        lines.push_back(train.substr(at, end - at));
        at = end;
    }
    auto part = [&](std::size_t from, std::size_t to) {
        std::string csv = train.substr(0, header_end);
        for (std::size_t i = from; i < to; ++i)
            csv += lines[i];
        return csv;
    };
    s3.put("in/parts/a.csv", part(0, 30));
    s3.put("in/parts/b.csv", part(30, 80));
    s3.put("in/parts/more/a.csv", part(0, 10)); // the same name in a folder below
    s3.make_folder("out");
    auto ops = make_operations(s3, 0ms);
    REQUIRE(ops.answer(s3_source("ds-train", "s3://data/train.csv"), at(0)));
    REQUIRE(ops.answer(s3_source("ds-parts", "s3://in/parts/"), at(0)));
    REQUIRE(ops.answer(ml::create_ml_model_input{.ml_model_id = "ml-a",
                                                 .ml_model_type = ml::ml_model_type::BINARY,
                                                 .training_data_source_id = "ds-train"},
                       at(0)));
    REQUIRE(
        ops.answer(ml::create_batch_prediction_input{.batch_prediction_id = "bp-parts",
                                                     .ml_model_id = "ml-a",
                                                     .batch_prediction_data_source_id = "ds-parts",
                                                     .output_uri = "s3://out/"},
                   at(0)));
    const auto manifest =
        boost::json::parse(s3.content("out/batch-prediction/bp-parts.manifest")).as_object();
    CHECK(
        manifest ==
        boost::json::object{
            {"s3://in/parts/a.csv", "s3://out/batch-prediction/result/bp-parts-a.csv.gz"},
            {"s3://in/parts/b.csv", "s3://out/batch-prediction/result/bp-parts-b.csv.gz"},
            {"s3://in/parts/more/a.csv", "s3://out/batch-prediction/result/bp-parts-a.csv-2.gz"}});
    for (const auto& [name, rows] :
         {std::pair{"a.csv", 30}, std::pair{"b.csv", 50}, std::pair{"a.csv-2", 10}}) {
        const std::string result = gunzip(
            s3.path() / ("out/batch-prediction/result/bp-parts-" + std::string(name) + ".gz"));
        CHECK(result.starts_with("trueLabel,bestAnswer,score\n"));
        CHECK(std::count(result.begin(), result.end(), '\n') == rows + 1);
    }
}

TEST_CASE("operations: a batch prediction's results line up with its input: tag, trueLabel, a "
          "blank line for each invalid record",
          "[local][service]") {
    scratch_folder s3;
    s3.make_folder("out");
    s3.put("data/train.csv", binary_csv(300, 11));
    s3.put("data/train.csv.schema", binary_schema);
    // 80 records with a row id and a target spelled every way the guide allows (one invalid,
    // one missing), in two objects, with invalid records first, in pairs and last.
    std::istringstream generated(binary_csv(80, 5));
    std::string line;
    std::getline(generated, line);
    const char* spellings[] = {"yes", " No ", "", "t", "FALSE", "1", "maybe"};
    const char* true_labels[] = {"1", "0", "", "1", "0", "1", ""};
    const std::string header = "id,a,b,colour,note,y\n";
    std::string with_invalid[2] = {header, header}, clean[2] = {header, header};
    std::vector<std::string> expected_lines[2]; // each input record's tag and trueLabel, or ""
    const auto add_invalid = [&](int file, const std::string& record) {
        with_invalid[file] += record + "\n";
        expected_lines[file].push_back("");
    };
    add_invalid(0, "too,few");
    for (int k = 0; k < 80 && std::getline(generated, line); ++k) {
        const int file = k < 45 ? 0 : 1;
        const std::string id = "r" + std::to_string(k);
        const std::string record =
            id + "," + line.substr(0, line.rfind(',') + 1) + "\"" + spellings[k % 7] + "\"";
        with_invalid[file] += record + "\n";
        clean[file] += record + "\n";
        expected_lines[file].push_back(id + "," + true_labels[k % 7]);
        if (k == 0 || k == 50)
            add_invalid(file, id + ",\"a quote left open");
        if (k == 20) {
            add_invalid(file, "one,too,many,values,in,this,record");
            add_invalid(file, "x");
        }
    }
    add_invalid(0, "last,of,the,first");
    add_invalid(1, "last");
    const std::string row_schema =
        R"({"version":"1.0","rowId":"id","targetAttributeName":"y","dataFormat":"CSV",)"
        R"("dataFileContainsHeader":true,"attributes":[)" +
        attribute("id", "CATEGORICAL") + "," + attribute("a", "NUMERIC") + "," +
        attribute("b", "NUMERIC") + "," + attribute("colour", "CATEGORICAL") + "," +
        attribute("note", "TEXT") + "," + attribute("y", "BINARY") + "]}";
    for (int file = 0; file < 2; ++file) {
        s3.put("in/rows/" + std::to_string(file) + ".csv", with_invalid[file]);
        s3.put("in/clean/" + std::to_string(file) + ".csv", clean[file]);
    }
    auto ops = make_operations(s3, 0ms);
    REQUIRE(ops.answer(s3_source("ds-train", "s3://data/train.csv"), at(0)));
    REQUIRE(ops.answer(ml::create_ml_model_input{.ml_model_id = "ml-a",
                                                 .ml_model_type = ml::ml_model_type::BINARY,
                                                 .training_data_source_id = "ds-train"},
                       at(0)));
    const auto predict = [&](const std::string& id, const std::string& location,
                             std::optional<std::string> rearrangement = {}) {
        REQUIRE(ops.answer(
            ml::create_data_source_from_s3_input{
                .data_source_id = "ds-" + id,
                .data_spec = {.data_location_s3 = location,
                              .data_rearrangement = std::move(rearrangement),
                              .data_schema = row_schema}},
            at(0)));
        REQUIRE(ops.answer(
            ml::create_batch_prediction_input{.batch_prediction_id = id,
                                              .ml_model_id = "ml-a",
                                              .batch_prediction_data_source_id = "ds-" + id,
                                              .output_uri = "s3://out/" + id + "/"},
            at(0)));
        auto run = ops.answer(ml::get_batch_prediction_input{.batch_prediction_id = id}, at(1));
        REQUIRE(run.value().status == ml::entity_status::COMPLETED);
        return run.value();
    };
    const auto result_lines = [&](const std::string& id, int file) {
        std::istringstream result(
            gunzip(s3.path() / ("out/" + id + "/batch-prediction/result/" + id + "-" +
                                std::to_string(file) + ".csv.gz")));
        std::vector<std::string> lines;
        for (std::string row; std::getline(result, row);)
            lines.push_back(row);
        return lines;
    };

    const auto run = predict("bp-rows", "s3://in/rows/");
    CHECK(run.invalid_record_count == 7);
    CHECK(run.total_record_count == 87);
    predict("bp-clean", "s3://in/clean/");
    for (int file = 0; file < 2; ++file) {
        INFO("object " << file);
        const auto lines = result_lines("bp-rows", file);
        const auto clean_lines = result_lines("bp-clean", file);
        REQUIRE(lines.size() == expected_lines[file].size() + 1);
        CHECK(lines.front() == "tag,trueLabel,bestAnswer,score");
        CHECK(clean_lines.front() == lines.front());
        // Each input record's line in its place: blank for an invalid one, else its tag and
        // trueLabel, then the answer the same records get without the invalid ones between them.
        std::size_t valid = 1;
        for (std::size_t i = 0; i < expected_lines[file].size(); ++i) {
            INFO("record " << i);
            const std::string& expected = expected_lines[file][i];
            const std::string& answered = lines[i + 1];
            if (expected.empty()) {
                CHECK(answered.empty());
                continue;
            }
            CHECK(answered.starts_with(expected + ","));
            REQUIRE(valid < clean_lines.size());
            CHECK(answered == clean_lines[valid++]);
        }
        CHECK(valid == clean_lines.size());
    }

    // A split keeps records that line up with no file: no blank lines then.
    predict("bp-split", "s3://in/rows/", split(0, 100));
    for (int file = 0; file < 2; ++file)
        CHECK(result_lines("bp-split", file) == result_lines("bp-clean", file));

    // The counts are the split's: the first half of the 80 valid records (r0 to r39) and the
    // invalid records among them (before r0, after r0, two after r20); not the 3 after r44, r50
    // and r79.
    const auto half = predict("bp-half", "s3://in/rows/", split(0, 50));
    CHECK(half.invalid_record_count == 4);
    CHECK(half.total_record_count == 44);
    const auto rest = predict("bp-rest", "s3://in/rows/", split(50, 100));
    CHECK(rest.invalid_record_count == 3);
    CHECK(rest.total_record_count == 43);
    // A random split places each record, an invalid one too, by its own offset: a part and its
    // complement share out the 7 invalid records and the 87 in all, and 7 records in the middle
    // of 87 do not all land on one side.
    const std::string random =
        R"({"splitting":{"percentBegin":0,"percentEnd":50,"strategy":"random","randomSeed":"s"}})";
    const auto part = predict("bp-random", "s3://in/rows/", random);
    const auto complement = predict(
        "bp-complement", "s3://in/rows/",
        R"({"splitting":{"percentBegin":0,"percentEnd":50,"strategy":"random","randomSeed":"s",)"
        R"("complement":true}})");
    CHECK(*part.invalid_record_count + *complement.invalid_record_count == 7);
    CHECK(*part.total_record_count + *complement.total_record_count == 87);
    CHECK(*part.invalid_record_count > 0);
    CHECK(*complement.invalid_record_count > 0);
}

TEST_CASE("dataset: DataRearrangement as the API reference's examples spell it",
          "[local][service]") {
    scratch_folder s3;
    s3.put("b/d.csv", binary_csv(200, 3));
    const local::s3_files files(s3.path());
    auto records = [&](const std::string& rearrangement) {
        auto data = local::load_dataset(files, "s3://b/d.csv", binary_schema, rearrangement);
        REQUIRE(data.has_value());
        return data->records;
    };
    // S3DataSpec's example: "complement":"true", a string; the guide's is a boolean.
    CHECK(records(R"({"splitting":{"percentBegin":0,"percentEnd":25,"complement":"true"}})") ==
          records(R"({"splitting":{"percentBegin":0,"percentEnd":25,"complement":true}})"));
    CHECK(records(R"({"splitting":{"percentBegin":0,"percentEnd":25,"complement":"false"}})")
              .size() == 50);
    // The random split's example puts randomSeed beside strategy; the guide, in strategyParams.
    const auto beside = records(
        R"({"splitting":{"percentBegin":0,"percentEnd":50,"strategy":"random","randomSeed":"s1"}})");
    CHECK(beside == records(R"({"splitting":{"percentBegin":0,"percentEnd":50,"strategy":"random",)"
                            R"("strategyParams":{"randomSeed":"s1"}}})"));
    CHECK(beside != records(R"({"splitting":{"percentBegin":0,"percentEnd":50,"strategy":"random",)"
                            R"("strategyParams":{"randomSeed":"s2"}}})"));
    auto refused = local::parse_rearrangement(R"({"splitting":{"complement":"yes"}})");
    REQUIRE(refused.has_error());
    CHECK_THAT(refused.error().message, Catch::Contains("$.splitting.complement"));
}

TEST_CASE("operations: the state goes through persistence before it changes", "[local][service]") {
    scratch_folder s3;
    s3.put("data/train.csv", binary_csv(100, 8));
    s3.put("data/train.csv.schema", binary_schema);
    auto ops = make_operations(s3, 0ms);
    std::vector<std::tuple<std::string, std::string, std::string>> stored;
    ops.store().set_persistence(
        [&](std::string_view kind, std::string_view id, const std::string& json) {
            stored.emplace_back(kind, id, json);
        });
    REQUIRE(ops.answer(s3_source("ds-a", "s3://data/train.csv"), at(0)));
    REQUIRE(ops.answer(ml::create_ml_model_input{.ml_model_id = "ml-a",
                                                 .ml_model_type = ml::ml_model_type::BINARY,
                                                 .training_data_source_id = "ds-a"},
                       at(0)));
    REQUIRE(ops.answer(ml::add_tags_input{.tags = {{"k", "v"}},
                                          .resource_id = "ml-a",
                                          .resource_type = ml::taggable_resource_type::MLModel},
                       at(1)));
    REQUIRE(stored.size() == 3);

    // What was stored restores the same entities, trained model included.
    auto restored = make_operations(s3, 0ms);
    for (const auto& [kind, id, json] : stored)
        REQUIRE(restored.store().restore(kind, id, json));
    CHECK(
        restored.answer(ml::get_ml_model_input{.ml_model_id = "ml-a", .verbose = true}, at(5))
            .value() ==
        ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-a", .verbose = true}, at(5)).value());
    // The trained model too: its features exactly, its weights to the last digits (the JSON
    // decoder's double conversion may differ by an ulp; see the performance issue).
    const auto& before = *ops.store().all<local::ml_model_entry>().at("ml-a").predictor;
    const auto& after = *restored.store().all<local::ml_model_entry>().at("ml-a").predictor;
    CHECK(after.features == before.features);
    REQUIRE(after.weights.size() == before.weights.size());
    for (std::size_t i = 0; i < before.weights.size(); ++i)
        CHECK(after.weights[i] == Approx(before.weights[i]).epsilon(1e-14));
    CHECK(restored.store().restore("Robot", "r", "{}").error().message ==
          "unknown kind of entity 'Robot'");
    CHECK_THAT(restored.store().restore("MLModel", "ml-b", std::get<2>(stored[1])).error().message,
               Catch::Contains("another id"));
    CHECK_THAT(restored.store().restore("MLModel", "ml-a", "{\"record\": 5}").error().message,
               Catch::Contains("not valid"));

    // A change that cannot be stored is not made.
    ops.store().set_persistence([](std::string_view, std::string_view, const std::string&) {
        throw std::runtime_error("disk full");
    });
    CHECK_THROWS(ops.answer(
        ml::update_ml_model_input{.ml_model_id = "ml-a", .ml_model_name = "new"}, at(9)));
    CHECK_FALSE(ops.answer(ml::get_ml_model_input{.ml_model_id = "ml-a"}, at(10)).value().name);
}

// --- the whole workflow through the C++ client ---------------------------------------------------

TEST_CASE("client: the whole Amazon ML workflow against awsml-local", "[local][service][client]") {
    scratch_folder s3;
    s3.put("data/train.csv", binary_csv(300, 9));
    s3.put("data/train.csv.schema", binary_schema);
    local::service_settings settings;
    settings.operations.s3 = local::s3_files(s3.path());
    settings.operations.processing_time = 200ms;
    // Faults and latency apply to every operation: the client's retries carry the workflow.
    REQUIRE(settings.faults.add_fault("internal=every:4"));
    REQUIRE(settings.faults.set_latency("5@every:3"));
    std::atomic<int> internal_errors{0};
    std::set<std::string> operations_seen;
    std::mutex seen;
    local::server_config server_settings;
    server_settings.on_request = [&](const local::request_record& record) {
        if (record.error_code == "InternalServerException")
            ++internal_errors;
        std::lock_guard lock(seen);
        operations_seen.insert(record.operation);
    };
    local::background_server server(local::model_store(), settings, server_settings);
    awsml::client c(awsml_test::local_client_config(server.endpoint_url()));
    const awsml::waiter_options quick{.delay = 50ms, .max_attempts = 100};

    c.create_data_source_from_s3(s3_source("ds-train", "s3://data/train.csv", split(0, 70)));
    c.create_data_source_from_s3(s3_source("ds-test", "s3://data/train.csv", split(70, 100)));
    const auto created = std::chrono::steady_clock::now();
    c.create_ml_model({.ml_model_id = "ml-w",
                       .ml_model_type = ml::ml_model_type::BINARY,
                       .parameters = ml::training_parameters{{"sgd.shuffleType", "auto"}},
                       .training_data_source_id = "ds-train"});
    const auto first_status = c.get_ml_model({.ml_model_id = "ml-w"}).status;
    // The model is PENDING for a quarter of the processing time, then INPROGRESS until it ends.
    // The emulator's clock for it starts after `created`, so the client's elapsed time bounds
    // the model's age; a slow run (sanitizers) may ask too late to see either state.
    const auto asked_after = std::chrono::steady_clock::now() - created;
    if (asked_after < settings.operations.processing_time / 4)
        CHECK(first_status == ml::entity_status::PENDING);
    else if (asked_after < settings.operations.processing_time)
        CHECK((first_status == ml::entity_status::PENDING ||
               first_status == ml::entity_status::INPROGRESS));
    auto model = c.wait<ml::ml_model_completed>({.ml_model_id = "ml-w"}, quick);
    CHECK(model.status == ml::entity_status::COMPLETED);

    c.create_evaluation(
        {.evaluation_id = "ev-w", .ml_model_id = "ml-w", .evaluation_data_source_id = "ds-test"});
    auto evaluation = c.wait<ml::evaluation_completed>({.evaluation_id = "ev-w"}, quick);
    CHECK(std::stod(evaluation.performance_metrics->properties->at("BinaryAUC")) > 0.9);

    auto endpoint = c.create_realtime_endpoint({.ml_model_id = "ml-w"});
    const std::string url = *endpoint.realtime_endpoint_info->endpoint_url;
    CHECK(url == server.endpoint_url());
    c.wait<ml::realtime_endpoint_ready>({.ml_model_id = "ml-w"}, quick);
    auto answer = c.predict({.ml_model_id = "ml-w",
                             .record = {{"a", "0.95"}, {"b", "0.05"}, {"colour", "red"}},
                             .predict_endpoint = url});
    CHECK(answer.prediction->predicted_label == "1");

    std::set<std::string> listed;
    for (const ml::data_source& source : c.paginate_describe_data_sources({}, {.page_size = 1}))
        listed.insert(*source.data_source_id);
    CHECK(listed == std::set<std::string>{"ds-test", "ds-train"});
    server.stop();
    CHECK(internal_errors > 5);
    CHECK(operations_seen.count("CreateMLModel"));
    CHECK(operations_seen.count("Predict"));
}

TEST_CASE("operations: concurrent creates, tags and renames lose nothing", "[local][service]") {
    scratch_folder s3;
    s3.put("data/train.csv", binary_csv(60, 10));
    s3.put("data/train.csv.schema", binary_schema);
    auto ops = make_operations(s3, 0ms);
    REQUIRE(ops.answer(s3_source("ds-shared", "s3://data/train.csv"), at(0)));
    constexpr int threads = 4, rounds = 10;
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&ops, t] {
            for (int r = 0; r < rounds; ++r) {
                const std::string n = std::to_string(t) + "-" + std::to_string(r);
                (void)ops.answer(s3_source("ds-" + n, "s3://data/train.csv"), at(r));
                (void)ops.answer(s3_source("ds-same", "s3://data/train.csv"), at(r));
                // One key a thread (an object holds at most 10 tags), rewritten each round.
                (void)ops.answer(
                    ml::add_tags_input{.tags = {{"k" + std::to_string(t), n}},
                                       .resource_id = "ds-shared",
                                       .resource_type = ml::taggable_resource_type::DataSource},
                    at(r));
                (void)ops.answer(ml::update_data_source_input{.data_source_id = "ds-shared",
                                                              .data_source_name = n},
                                 at(r));
            }
        });
    for (auto& w : workers)
        w.join();
    CHECK(ops.answer(ml::describe_data_sources_input{}, at(100)).value().results->size() ==
          threads * rounds + 2);
    const auto tags =
        ops.answer(ml::describe_tags_input{.resource_id = "ds-shared",
                                           .resource_type = ml::taggable_resource_type::DataSource},
                   at(100))
            .value()
            .tags.value();
    REQUIRE(tags.size() == threads);
    for (const auto& tag : tags)
        CHECK(tag.value == tag.key->substr(1) + "-" + std::to_string(rounds - 1));
}

TEST_CASE("operations: MULTICLASS evaluation counts classes training never saw; deleted inputs "
          "are refused",
          "[local][service]") {
    scratch_folder s3;
    const std::string schema =
        schema_json("label", attribute("x", "NUMERIC") + "," + attribute("label", "CATEGORICAL"));
    std::string train = "x,label\n", test = "x,label\n";
    for (int i = 0; i < 60; ++i) {
        train +=
            std::to_string(i % 2 ? 10 + i % 5 : -10 - i % 5) + "," + (i % 2 ? "b" : "a") + "\n";
        test += std::to_string(i % 2 ? 12 : -12) + "," + (i % 3 ? (i % 2 ? "b" : "a") : "c") + "\n";
    }
    s3.put("data/train.csv", train);
    s3.put("data/test.csv", test);
    s3.put("data/train.csv.schema", schema);
    auto ops = make_operations(s3, 0ms);
    REQUIRE(ops.answer(s3_source("ds-train", "s3://data/train.csv"), at(0)));
    REQUIRE(ops.answer(s3_source("ds-test", "s3://data/test.csv"), at(0)));
    REQUIRE(ops.answer(ml::create_ml_model_input{.ml_model_id = "ml-m",
                                                 .ml_model_type = ml::ml_model_type::MULTICLASS,
                                                 .training_data_source_id = "ds-train"},
                       at(0)));
    REQUIRE(ops.answer(ml::create_evaluation_input{.evaluation_id = "ev-m",
                                                   .ml_model_id = "ml-m",
                                                   .evaluation_data_source_id = "ds-test"},
                       at(0)));
    auto evaluation = ops.answer(ml::get_evaluation_input{.evaluation_id = "ev-m"}, at(1)).value();
    REQUIRE(evaluation.status == ml::entity_status::COMPLETED);
    const double f1 =
        std::stod(evaluation.performance_metrics->properties->at("MulticlassAvgFScore"));
    // a and b are always right on their rows; c (a third of the rows) is never: F1 over a, b, c.
    CHECK(f1 < 0.7);
    CHECK(f1 > 0.4);

    // A label of white space alone is missing, as the statistics count it: never a class.
    s3.put("data/blank.csv", train + "5,   \n-5,\t\n");
    const auto blank =
        local::load_dataset(local::s3_files(s3.path()), "s3://data/blank.csv", schema, {}).value();
    CHECK(local::compute_statistics(blank).attributes.at(1).missing == 2);
    const auto recipe_json = local::default_recipe_json(blank.schema);
    const auto recipe = ml::parse_recipe(recipe_json);
    const auto trained = local::train(blank, recipe, recipe_json, ml::ml_model_type::MULTICLASS,
                                      local::sgd_parameters{}, "s")
                             .value();
    CHECK(trained.classes == std::vector<std::string>{"a", "b"});

    REQUIRE(ops.answer(ml::delete_data_source_input{.data_source_id = "ds-test"}, at(2)));
    auto refused = ops.answer(ml::create_evaluation_input{.evaluation_id = "ev-late",
                                                          .ml_model_id = "ml-m",
                                                          .evaluation_data_source_id = "ds-test"},
                              at(3));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == "DataSource ds-test is DELETED.");
}

} // namespace local_service_test
