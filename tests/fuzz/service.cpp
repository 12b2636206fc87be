// Fuzz target: awsml-local's service as any client reaches it: a session of signed requests
// against one emulator, whose clock moves between them, with data and a schema in its S3 folder.
// The input is a sequence of requests separated by NUL bytes, each:
//   one byte (seconds the clock moves first) then the operation ("CreateMLModel"), a newline,
//   and the JSON body
// (an operation starting with "GET " fetches that console path instead). The first byte of the
// input chooses the processing time (0 or 2 s).
// Checks: no crash, hang or sanitizer finding; every answer is JSON (console pages excepted) with
// a status of 200 or 4xx (no 500: no fault is planned); an error has its __type and a message;
// the data under the S3 root is unchanged after every request; a 200 answer reads as the
// operation's output and meets the model's constraints (an endpoint's URL excepted: it is the
// emulator's own address).
// Not in scripts/fuzz's default list: it compiles the whole emulator (about 4 minutes with the
// sanitizers). Run it as `scripts/fuzz 600 service`.
#include <awsml-local/service.hpp>

#include <awsml/auth/sigv4.hpp>
#include <awsml/model/from_json.hpp>
#include <awsml/model/validate.hpp>

#include "fuzz_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/mp11/algorithm.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

namespace {

using awsml_fuzz::require;
namespace local = awsml::local;
namespace ml = awsml::machinelearning;
namespace json = boost::json;

constexpr std::size_t max_requests = 12;

void write_file(const std::filesystem::path& path, std::string_view content) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(content.data(), static_cast<std::streamsize>(content.size()));
    require(bool(file), "a scratch file is written", path.string());
}

// A small churn-like table: two numbers, a category, a text, a row id, a binary and a numeric
// target, so that each model type can train on it.
std::string churn_csv() {
    const char* jobs[] = {"student", "retired", "admin", "technician"};
    std::string csv = "id,age,minutes,job,note,churned,spend\n";
    unsigned state = 7;
    for (int i = 0; i < 60; ++i) {
        state = state * 1103515245 + 12345;
        const int age = 18 + int(state % 60);
        const double minutes = double(state % 3000) / 10;
        const bool churned = minutes > 150 || age < 25;
        csv += "c" + std::to_string(i) + "," + std::to_string(age) + "," + std::to_string(minutes) +
               "," + jobs[state % 4] + ",\"calls, " + std::string(churned ? "many" : "few") +
               "\"," + (churned ? "1" : "0") + "," + std::to_string(minutes * 2 + age) + "\n";
    }
    return csv;
}

std::string schema_json(std::string_view target, std::string_view target_type) {
    return R"({"version":"1.0","rowId":"id","targetAttributeName":")" + std::string(target) +
           R"(","dataFormat":"CSV","dataFileContainsHeader":true,"attributes":[)"
           R"({"attributeName":"id","attributeType":"CATEGORICAL"},)"
           R"({"attributeName":"age","attributeType":"NUMERIC"},)"
           R"({"attributeName":"minutes","attributeType":"NUMERIC"},)"
           R"({"attributeName":"job","attributeType":"CATEGORICAL"},)"
           R"({"attributeName":"note","attributeType":"TEXT"},)"
           R"({"attributeName":"churned","attributeType":")" +
           std::string(target == "churned" ? target_type : "BINARY") +
           R"("},{"attributeName":"spend","attributeType":"NUMERIC"}]})";
}

const std::string& churn_data() {
    static const std::string data = churn_csv();
    return data;
}

std::string read_whole(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

// One S3 root for the process: s3://data/churn.csv with schemas for each model type, and a
// recipe; the empty bucket s3://out/, where the seeds' batch predictions write their results.
const std::filesystem::path& s3_root() {
    static const std::filesystem::path root = [] {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "awsml-fuzz-service-XXXXXX").string();
        require(mkdtemp(pattern.data()) != nullptr, "a scratch folder is made", pattern);
        const std::filesystem::path made(pattern);
        write_file(made / "data/churn.csv", churn_data());
        write_file(made / "data/churn.csv.schema", schema_json("churned", "BINARY"));
        write_file(made / "data/job.schema", schema_json("job", "CATEGORICAL"));
        write_file(made / "data/spend.schema", schema_json("spend", "NUMERIC"));
        std::filesystem::create_directories(made / "out");
        write_file(
            made / "data/recipe.json",
            R"j({"groups":{},"assignments":{},"outputs":["ALL_INPUTS","quantile_bin(age,4)"]})j");
        return made;
    }();
    return root;
}

// The output shape of the operation named `name`, checked: it reads back and breaks no
// constraint of the model.
void check_output(std::string_view name, const std::string& body) {
    bool known = false;
    boost::mp11::mp_for_each<
        boost::mp11::mp_transform<boost::mp11::mp_identity, ml::service::operations>>([&](auto id) {
        using op = typename decltype(id)::type;
        if (op::name != name)
            return;
        known = true;
        auto output = awsml::try_from_json<typename op::output>(body);
        require(bool(output), "a 200 answer reads as the operation's output", body);
        for (const auto& violation : awsml::validate(*output))
            // An endpoint is the emulator's own address, not *.amazonaws.com, on purpose: so that
            // every SDK sends Predict back to it.
            require(violation.path.ends_with("EndpointUrl"),
                    "a 200 answer meets the model's constraints",
                    violation.path + ": " + violation.message + " in " + body);
    });
    require(known, "a 200 answer comes from a known operation", name);
}

void check_error(const std::string& body) {
    json::error_code ec;
    const auto parsed = json::parse(body, ec);
    require(!ec && parsed.is_object(), "an error answer is a JSON object", body);
    const auto* type = parsed.as_object().if_contains("__type");
    require(type && type->is_string() && !type->as_string().empty(), "an error has its __type",
            body);
    const auto* message = parsed.as_object().if_contains("message");
    require(message && message->is_string() && !message->as_string().empty(),
            "an error has a message", body);
}

awsml::http_request api_request(std::string_view operation, std::string_view body,
                                std::chrono::system_clock::time_point now) {
    static awsml::sigv4::signer signer;
    awsml::http_request request{
        .method = "POST",
        .scheme = "http",
        .host = "127.0.0.1",
        .port = 8686,
        .target = "/",
        .headers = {{"Content-Type", "application/x-amz-json-1.1"},
                    {"X-Amz-Target", "AmazonML_20141212." + std::string(operation)}},
        .body = std::string(body)};
    awsml::sigv4::signing_params params;
    params.credentials.access_key_id = local::example_access_key_id;
    params.credentials.secret_access_key = local::example_secret_access_key;
    params.region = "us-east-1";
    params.service = "machinelearning";
    params.time = now;
    signer.sign(request, params);
    return request;
}

awsml::http_request console_request(std::string_view path) {
    return {.method = "GET",
            .scheme = "http",
            .host = "127.0.0.1",
            .port = 8686,
            .target = std::string(path),
            .headers = {{"Host", "127.0.0.1:8686"}},
            .body = {}};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    awsml_fuzz::input_reader in(data, size);
    auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
    local::service_settings settings;
    settings.operations.s3 = local::s3_files(s3_root());
    settings.operations.processing_time =
        in.flag() ? std::chrono::milliseconds(2000) : std::chrono::milliseconds(0);
    settings.clock = [&now] { return now; };
    local::emulator service(local::model_store(), std::move(settings));

    for (std::size_t i = 0; i < max_requests && !in.empty(); ++i) {
        now += std::chrono::seconds(in.byte());
        const std::string_view item = in.until('\0');
        const std::size_t newline = item.find('\n');
        const std::string_view operation = item.substr(0, newline);
        const std::string_view body =
            newline == std::string_view::npos ? std::string_view() : item.substr(newline + 1);
        if (operation.substr(0, 4) == "GET ") {
            const auto page = service.handle(console_request(operation.substr(4))).response;
            require(page.status != 500, "a console page is never a 500", item);
            continue;
        }
        const auto answer = service.handle(api_request(operation, body, now)).response;
        const std::string context = std::string(item) + " -> " + answer.body;
        require(answer.status == 200 || (answer.status >= 400 && answer.status < 500),
                "an answer is 200 or 4xx", context);
        if (answer.status == 200)
            check_output(operation, answer.body);
        else
            check_error(answer.body);
        // No request removes or rewrites the client's data (an id once named the S3 root).
        require(read_whole(s3_root() / "data/churn.csv") == churn_data(),
                "the data under the S3 root is left as it was", context);
    }
    return 0;
}
