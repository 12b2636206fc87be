// Fuzz target: awsml-local's S3 API (s3_api.hpp) over a scratch --s3-root, as a session of
// requests whose signatures have been checked. The input is a sequence of requests separated by
// NUL bytes, each:
//   "METHOD TARGET\n", header lines "Name: value\n", an empty line, then the body
// (a Host header of "bucket.localhost" addresses the bucket virtual-hosted; "{upload}" in the
// target stands for the UploadId the last CreateMultipartUpload answered, which no input could
// guess). Each input starts from a root holding a bucket "data" with a few objects, and "empty".
// A body signed chunk by chunk is checked against a chain from a fixed key and seed, which no
// input signs, so such a body ends in 403 SignatureDoesNotMatch; the framing before the first
// signature, and the same framing unsigned (STREAMING-UNSIGNED-PAYLOAD-TRAILER), are reached.
// Checks: no crash, hang or sanitizer finding; every status is one S3 answers a client's mistake
// or success with (200, 204, 206, 304, 400, 403, 404, 409, 412, 416, 501: never a 500, as no
// fault is planned and the folder is always writable); every refusal but a HEAD's is S3's XML
// error with a <Code>; a successful answer's Content-Length, when set, is its body's (a HEAD's
// excepted); nothing is written outside the root, and no partial file is left behind.
#include <awsml-local/s3_api.hpp>

#include "fuzz_support.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace {

using awsml_fuzz::require;
namespace local = awsml::local;
namespace fs = std::filesystem;

constexpr std::size_t max_requests = 16;

// The scratch folder: the root is its only entry, so anything else in it escaped the root.
const fs::path& scratch() {
    static const fs::path made = [] {
        std::string pattern = (fs::temp_directory_path() / "awsml-fuzz-s3-XXXXXX").string();
        require(mkdtemp(pattern.data()) != nullptr, "a scratch folder is made", pattern);
        return fs::path(pattern);
    }();
    return made;
}

void write_file(const fs::path& path, std::string_view content) {
    fs::create_directories(path.parent_path());
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(content.data(), static_cast<std::streamsize>(content.size()));
    require(bool(file), "a scratch file is written", path.string());
}

fs::path fresh_root() {
    const fs::path root = scratch() / "root";
    fs::remove_all(root);
    write_file(root / "data/a.csv", "x,y\n1,2\n");
    write_file(root / "data/dir/b.txt", std::string(300, 'b'));
    write_file(root / "data/dir/c-", "c");
    fs::create_directories(root / "empty");
    return root;
}

awsml::http_request request_from(std::string_view text, std::string_view upload) {
    awsml::http_request request;
    request.scheme = "http";
    request.host = "127.0.0.1";
    request.port = 80;
    const std::size_t line_end = text.find('\n');
    const std::string_view line = text.substr(0, line_end);
    const std::size_t space = line.find(' ');
    request.method = std::string(line.substr(0, space));
    request.target = space == std::string_view::npos ? "/" : std::string(line.substr(space + 1));
    if (const std::size_t at = request.target.find("{upload}"); at != std::string::npos)
        request.target.replace(at, 8, upload);
    text.remove_prefix(line_end == std::string_view::npos ? text.size() : line_end + 1);
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        const std::string_view header = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (header.empty())
            break;
        const std::size_t colon = header.find(':');
        std::string_view value = colon == std::string_view::npos ? "" : header.substr(colon + 1);
        while (value.starts_with(' '))
            value.remove_prefix(1);
        const std::string name(header.substr(0, colon));
        if (name == "Host" || name == "host")
            request.host = std::string(value);
        request.headers.push_back({name, std::string(value)});
    }
    request.body = std::string(text);
    return request;
}

bool allowed_status(int status) {
    for (const int s : {200, 204, 206, 304, 400, 403, 404, 409, 412, 416, 501})
        if (status == s)
            return true;
    return false;
}

void check_tree(const fs::path& root) {
    for (const auto& entry : fs::directory_iterator(scratch()))
        require(entry.path() == root, "nothing is written beside the root", entry.path().string());
    for (const auto& entry : fs::recursive_directory_iterator(root))
        require(!local::is_partial_file(entry.path()), "no partial file is left behind",
                entry.path().string());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fs::path root = fresh_root();
    const local::s3_files files(root);
    const local::s3_api api(files);
    awsml_fuzz::input_reader input(data, size);
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'780'000'000));
    std::string upload;
    for (std::size_t i = 0; i < max_requests && !input.empty(); ++i) {
        const awsml::http_request request = request_from(input.until('\0'), upload);
        const auto reply = api.answer(
            request, "us-east-1", now,
            awsml::sigv4::chunk_signature_chain(
                awsml::sigv4::derive_signing_key("fuzz-secret", "20260101", "us-east-1", "s3"),
                "20260101T000000Z", "20260101/us-east-1/s3/aws4_request", std::string(64, '0')));
        const auto& response = reply.response;
        // AWSML_FUZZ_TRACE=1 prints each answer, to see how far a seed gets.
        static const bool trace = std::getenv("AWSML_FUZZ_TRACE") != nullptr;
        if (trace)
            std::fprintf(stderr, "%d %s %s %s\n", response.status, request.method.c_str(),
                         request.target.c_str(), reply.error_code.c_str());
        if (const std::size_t at = response.body.find("<UploadId>"); at != std::string::npos)
            upload = response.body.substr(at + 10, 32);
        require(allowed_status(response.status), "the status is a success or a client's mistake",
                std::to_string(response.status) + " " + request.method + " " + request.target +
                    " " + response.body);
        if (response.status >= 400) {
            require(!reply.error_code.empty(), "a refusal has a code", request.target);
            if (request.method != "HEAD")
                require(response.body.find("<Code>" + reply.error_code + "</Code>") !=
                            std::string::npos,
                        "a refusal is S3's XML error with its code", response.body);
        } else if (request.method != "HEAD") {
            const auto length = response.header("Content-Length");
            require(!length || *length == std::to_string(response.body.size()),
                    "a Content-Length set by the answer is its body's", request.target);
        }
        check_tree(root);
    }
    return 0;
}
