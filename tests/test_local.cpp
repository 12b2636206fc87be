// awsml-local, the offline emulator of GetMLModel: its pieces (request parser, responses,
// lifecycles, faults, model store, command line) and the whole server, run in-process on a free
// port and spoken to by a small blocking HTTP client, and by the real AWS CLI when it is there.
#include <awsml-local/app.hpp>

#include <awsml/auth/sigv4.hpp>
#include <awsml/model/from_json.hpp>
#include <awsml/model/timestamp.hpp>

#include "support/test_tls.hpp"
#include "support/vectors.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include <asio/read.hpp>
#include <asio/steady_timer.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace local_test {

using namespace std::chrono_literals;
namespace local = awsml::local;
using awsml::entity_status;
using awsml::get_ml_model_output;
using local::parse_state;

namespace {

// --- fixtures ----------------------------------------------------------------------------------

std::string source_dir() {
    const char* dir = std::getenv("AWSML_SOURCE_DIR");
    return dir ? dir : ".";
}

std::string bundled_models_path() {
    return source_dir() + "/examples/data/models.json";
}

const local::model_store& bundled_models() {
    static const local::model_store store =
        local::model_store::from_file(bundled_models_path()).value();
    return store;
}

awsml::timestamp now_ms() {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
}

get_ml_model_output bundled(std::string_view id) {
    return *bundled_models().find(id, now_ms());
}

awsml::credentials example_credentials() {
    awsml::credentials creds;
    creds.access_key_id = std::string(local::example_access_key_id);
    creds.secret_access_key = std::string(local::example_secret_access_key);
    return creds;
}

struct signing {
    awsml::credentials credentials = example_credentials();
    std::string region = "us-east-1";
    std::string service = "machinelearning";
    std::optional<std::chrono::system_clock::time_point> time;
};

awsml::http_request make_request(std::string body,
                                 std::string target = "AmazonML_20141212.GetMLModel") {
    awsml::http_request request;
    request.method = "POST";
    request.scheme = "http";
    request.host = "127.0.0.1";
    request.target = "/";
    request.headers = {{"Content-Type", "application/x-amz-json-1.1"}};
    if (!target.empty())
        request.headers.push_back({"X-Amz-Target", std::move(target)});
    request.body = std::move(body);
    return request;
}

awsml::http_request signed_request(awsml::http_request request, std::uint16_t port,
                                   const signing& how = {}) {
    static awsml::sigv4::signer signer;
    request.port = port;
    awsml::sigv4::signing_params params;
    params.credentials = how.credentials;
    params.region = how.region;
    params.service = how.service;
    params.time = how.time;
    signer.sign(request, params);
    return request;
}

std::string get_body(std::string_view id, std::optional<bool> verbose = std::nullopt) {
    awsml::get_ml_model_input input{.ml_model_id = std::string(id), .verbose = verbose};
    return awsml::to_json(input);
}

std::string serialize_request(const awsml::http_request& request) {
    std::string out = request.method + " " + request.target + " HTTP/1.1\r\n";
    for (const auto& h : request.headers)
        out += h.name + ": " + h.value + "\r\n";
    if (!awsml::find_header(request.headers, "content-length"))
        out += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
    return out + "\r\n" + request.body;
}

// --- a small blocking HTTP client with timeouts -------------------------------------------------

struct received {
    bool answered = false; ///< a status line and headers arrived
    bool complete = false; ///< and the whole body Content-Length promised
    bool closed = false;   ///< the server closed the connection after (or instead of) answering
    awsml::http_response response;
};

template <class Stream>
class basic_test_client {
public:
    static constexpr bool is_tls = !std::is_same_v<Stream, asio::ip::tcp::socket>;

    explicit basic_test_client(std::uint16_t port, asio::ssl::context* tls = nullptr)
        : stream_(make_stream(io_, tls))
        , port_(port) {
        socket().connect({asio::ip::make_address("127.0.0.1"), port});
        if constexpr (is_tls)
            stream_.handshake(asio::ssl::stream_base::client);
    }

    std::uint16_t port() const { return port_; }

    received send(const awsml::http_request& request) {
        return send_raw(serialize_request(request));
    }

    received send_raw(const std::string& bytes) {
        write(bytes);
        return receive();
    }

    void write(const std::string& bytes) { asio::write(stream_, asio::buffer(bytes)); }

    /// Reads a response's status line and headers only (the answer to a HEAD).
    received receive_head() {
        received out;
        std::size_t header_end;
        while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos)
            if (!read_more())
                return out.closed = true, out;
        parse_head(buffer_.substr(0, header_end), out.response);
        out.answered = true;
        buffer_.erase(0, header_end + 4);
        return out;
    }

    /// Reads one response (or what arrives of it before the server closes).
    received receive() {
        received out = receive_head();
        if (!out.answered)
            return out;
        std::size_t length = 0;
        if (auto text = out.response.header("Content-Length"))
            length = std::stoul(std::string(*text));
        while (buffer_.size() < length)
            if (!read_more()) {
                out.response.body = buffer_;
                buffer_.clear();
                out.closed = true;
                return out;
            }
        out.response.body = buffer_.substr(0, length);
        buffer_.erase(0, length);
        out.complete = true;
        if (auto c = out.response.header("Connection"); c && *c == "close")
            out.closed = !read_more();
        return out;
    }

    /// True when the server has closed the connection (within the timeout).
    bool closed_by_server(std::chrono::milliseconds timeout = 5s) { return !read_more(timeout); }

private:
    static Stream make_stream(asio::io_context& io, asio::ssl::context* tls) {
        if constexpr (is_tls)
            return Stream(io, *tls);
        else
            return Stream(io);
    }
    asio::ip::tcp::socket& socket() {
        if constexpr (is_tls)
            return stream_.next_layer();
        else
            return stream_;
    }

    /// Appends what arrives; false on EOF, error or timeout.
    bool read_more(std::chrono::milliseconds timeout = 10s) {
        std::array<char, 8192> chunk;
        std::optional<std::error_code> result;
        std::size_t n = 0;
        stream_.async_read_some(asio::buffer(chunk),
                                [&](const std::error_code& ec, std::size_t got) {
                                    result = ec;
                                    n = got;
                                });
        io_.restart();
        io_.run_for(timeout);
        if (!result) {
            std::error_code ignored;
            socket().cancel(ignored);
            io_.restart();
            io_.run();
            return false;
        }
        if (*result)
            return false;
        buffer_.append(chunk.data(), n);
        return true;
    }

    static void parse_head(const std::string& head, awsml::http_response& response) {
        std::istringstream lines(head);
        std::string line;
        std::getline(lines, line);
        response.status = std::stoi(line.substr(9, 3));
        while (std::getline(lines, line)) {
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            auto colon = line.find(':');
            response.headers.push_back({line.substr(0, colon), line.substr(colon + 2)});
        }
    }

    asio::io_context io_; // declared before the stream that uses it
    Stream stream_;
    std::uint16_t port_;
    std::string buffer_;
};

using test_client = basic_test_client<asio::ip::tcp::socket>;
using tls_test_client = basic_test_client<asio::ssl::stream<asio::ip::tcp::socket>>;

/// One signed GetMLModel over a fresh connection.
received call(std::uint16_t port, std::string body, const signing& how = {}) {
    test_client client(port);
    return client.send(signed_request(make_request(std::move(body)), port, how));
}

struct error_body {
    std::string type, message;
    std::optional<std::int64_t> code;
};

error_body parse_error(const awsml::http_response& response) {
    auto value = boost::json::parse(response.body).as_object();
    error_body out;
    out.type = std::string(value.at("__type").as_string());
    out.message = std::string(value.at("message").as_string());
    if (auto* code = value.if_contains("code"))
        out.code = code->as_int64();
    return out;
}

void check_standard_headers(const awsml::http_response& response) {
    auto id = response.header("x-amzn-RequestId");
    REQUIRE(id);
    CHECK(id->size() == 36);
    CHECK((*id)[14] == '4');
    CHECK(response.header("Content-Type") ==
          std::optional<std::string_view>("application/x-amz-json-1.1"));
    auto date = response.header("Date");
    REQUIRE(date);
    auto parsed = awsml::parse_http_date(*date);
    REQUIRE(parsed);
    CHECK(std::chrono::abs(*parsed - now_ms()) < 60s);
    auto length = response.header("Content-Length");
    REQUIRE(length);
}

void check_error(const received& got, int status, std::string_view type,
                 std::optional<int> code = std::nullopt) {
    REQUIRE(got.complete);
    CHECK(got.response.status == status);
    check_standard_headers(got.response);
    auto body = parse_error(got.response);
    CHECK(body.type == type);
    CHECK(body.code == std::optional<std::int64_t>(code.value_or(status)));
    CHECK(got.response.header("X-Amzn-ErrorType") == std::optional<std::string_view>(type));
}

} // namespace

// =============================================================================================
// The request parser

TEST_CASE("parser: a request with Content-Length, split anywhere", "[local][parser]") {
    const std::string bytes = "POST / HTTP/1.1\r\nHost: 127.0.0.1:8686\r\nX-Amz-Target: A.B\r\n"
                              "Content-Length: 5\r\n\r\nhello";
    for (std::size_t cut = 0; cut < bytes.size(); ++cut)
        CHECK(local::parse_http_request(std::string_view(bytes).substr(0, cut)).state ==
              parse_state::incomplete);
    auto parsed = local::parse_http_request(bytes + "GET");
    REQUIRE(parsed.state == parse_state::complete);
    CHECK(parsed.consumed == bytes.size());
    CHECK(parsed.request.method == "POST");
    CHECK(parsed.request.target == "/");
    CHECK(parsed.request.host == "127.0.0.1");
    CHECK(parsed.request.port == 8686);
    CHECK(parsed.request.body == "hello");
    CHECK(awsml::find_header(parsed.request.headers, "x-amz-target") ==
          std::optional<std::string_view>("A.B"));
    CHECK(parsed.keep_alive);
}

TEST_CASE("parser: keep-alive follows the HTTP version and Connection", "[local][parser]") {
    CHECK_FALSE(
        local::parse_http_request("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").keep_alive);
    CHECK_FALSE(local::parse_http_request("GET / HTTP/1.0\r\n\r\n").keep_alive);
    CHECK(local::parse_http_request("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keep_alive);
    CHECK(local::parse_http_request("\r\nGET / HTTP/1.1\r\n\r\n").state == parse_state::complete);
}

TEST_CASE("parser: an absolute-form target is taken as its path, its authority as the Host",
          "[local][parser]") {
    auto parsed = local::parse_http_request(
        "GET HTTP://attacker.example:81/bucket/key?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    REQUIRE(parsed.state == parse_state::complete);
    CHECK(parsed.request.target == "/bucket/key?x=1");
    CHECK(parsed.request.host == "attacker.example"); // what the Host guard then reads
    CHECK(parsed.request.port == 81);
    auto bare = local::parse_http_request("GET http://[::1]?a HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(bare.state == parse_state::complete);
    CHECK(bare.request.target == "/?a");
    CHECK(bare.request.host == "::1");
    CHECK(local::parse_http_request("GET http://[::1/ HTTP/1.1\r\nHost: x\r\n\r\n").error_status ==
          400);
    // Not a scheme it serves: an origin-form path that happens to hold "://".
    CHECK(local::parse_http_request("GET /a://b HTTP/1.1\r\nHost: x\r\n\r\n").request.target ==
          "/a://b");
}

TEST_CASE("parser: chunked bodies are decoded, trailers dropped", "[local][parser]") {
    const std::string bytes = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: 1\r\n\r\n";
    for (std::size_t cut = 0; cut < bytes.size(); ++cut)
        CHECK(local::parse_http_request(std::string_view(bytes).substr(0, cut)).state ==
              parse_state::incomplete);
    auto parsed = local::parse_http_request(bytes);
    REQUIRE(parsed.state == parse_state::complete);
    CHECK(parsed.request.body == "Wikipedia");
    CHECK(parsed.consumed == bytes.size());
}

TEST_CASE("parser: Expect: 100-continue is reported once the headers are in", "[local][parser]") {
    auto parsed = local::parse_http_request(
        "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
    CHECK(parsed.state == parse_state::incomplete);
    CHECK(parsed.headers_complete);
    CHECK(parsed.expects_continue);
}

TEST_CASE("parser: what cannot be taken safely fails with the status to answer",
          "[local][parser]") {
    auto status_of = [](const std::string& bytes, local::request_limits limits = {}) {
        auto parsed = local::parse_http_request(bytes, limits);
        INFO(parsed.error_reason);
        return parsed.state == parse_state::failed ? parsed.error_status : 0;
    };
    CHECK(status_of("garbage\r\n\r\n") == 400);
    CHECK(status_of("GET  HTTP/1.1\r\n\r\n") == 400);
    CHECK(status_of("GET / HTTP/2.0\r\n\r\n") == 505);
    CHECK(status_of("GET / HTTX/1.1\r\n\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.1\r\nBad Header: x\r\n\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n") == 400);
    CHECK(status_of("GET / HTTP/1.1\r\nHost: a\r\n\r\n") == 0);
    for (const char* host : {"[::1", "[::1]x", "a:b", "a:65536", "[::1]:-1"}) {
        CAPTURE(host);
        CHECK(status_of("GET / HTTP/1.1\r\nHost: " + std::string(host) + "\r\n\r\n") == 400);
    }
    CHECK(status_of("GET / HTTP/1.1\r\nHost: [::1]:8686\r\n\r\n") == 0);
    CHECK(status_of("GET / HTTP/1.1\r\nHost: a:\r\n\r\n") == 0); // an empty port is a URI's
    // RFC 9112 6.1: HTTP/1.0 has no transfer codings; one that names one frames faultily.
    CHECK(status_of("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == 400);
    CHECK(status_of("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") == 400);
    CHECK(status_of("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") == 400);
    CHECK(status_of("POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n") ==
          400);
    CHECK(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") == 501);
    CHECK(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") == 400);
    CHECK(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n") == 400);
    CHECK(status_of("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", {.max_body_bytes = 10}) ==
          413);
    CHECK(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nb\r\n",
                    {.max_body_bytes = 10}) == 413);
    // Any other path (S3's objects) has a cap of its own, whichever way the body is framed.
    const local::request_limits upload_limits{.max_body_bytes = 10, .max_upload_bytes = 20};
    CHECK(status_of("PUT /b/k HTTP/1.1\r\nContent-Length: 20\r\n\r\n", upload_limits) == 0);
    CHECK(status_of("PUT /b/k HTTP/1.1\r\nContent-Length: 21\r\n\r\n", upload_limits) == 413);
    CHECK(status_of("PUT /b/k HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n15\r\n",
                    upload_limits) == 413);
    CHECK(status_of("POST /?x=1 HTTP/1.1\r\nContent-Length: 11\r\n\r\n", upload_limits) == 413);
    CHECK(status_of("GET / HTTP/1.1\r\nX: " + std::string(200, 'x'), {.max_header_bytes = 100}) ==
          431);
    CHECK(status_of("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n", {.max_header_count = 1}) == 431);
}

// =============================================================================================
// Responses, lifecycles, faults

TEST_CASE("responses: IMF-fixdate, UUIDs, JSON error bodies", "[local][response]") {
    using std::chrono::system_clock;
    CHECK(local::format_http_date(system_clock::time_point(784111777s)) ==
          "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(local::format_http_date(system_clock::time_point(0s)) == "Thu, 01 Jan 1970 00:00:00 GMT");
    CHECK(local::format_http_date(system_clock::time_point(951782400s + 500ms)) ==
          "Tue, 29 Feb 2000 00:00:00 GMT");
    const auto now = system_clock::now();
    CHECK(std::chrono::abs(*awsml::parse_http_date(local::format_http_date(now)) - now) < 1s);

    local::request_id_generator ids(42);
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        std::string id = ids.next();
        REQUIRE(id.size() == 36);
        CHECK(id[8] == '-');
        CHECK(id[14] == '4');
        CHECK(std::string_view("89ab").find(id[19]) != std::string_view::npos);
        seen.insert(id);
    }
    CHECK(seen.size() == 100);

    auto response = local::json_error_response(400, "InvalidInputException", "bad \"id\"", 400);
    CHECK(response.body ==
          R"({"__type":"InvalidInputException","message":"bad \"id\"","code":400})");
    local::finish_response(response, "id-1", now);
    CHECK(response.header("Content-Length") ==
          std::optional<std::string_view>(std::to_string(response.body.size())));
    auto bytes = local::serialize_response(response, false);
    CHECK(bytes.rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0);
    CHECK(bytes.find("\r\nConnection: close\r\n") != std::string::npos);
}

TEST_CASE("lifecycle: durations and specs", "[local][lifecycle]") {
    CHECK(local::parse_duration("250ms").value() == 250ms);
    CHECK(local::parse_duration("2s").value() == 2s);
    CHECK(local::parse_duration("1.5s").value() == 1500ms);
    CHECK(local::parse_duration("3").value() == 3s);
    CHECK(local::parse_duration("1m").value() == 60s);
    CHECK_FALSE(local::parse_duration("s").has_value());
    CHECK_FALSE(local::parse_duration("2h").has_value());
    CHECK_FALSE(local::parse_duration("-1s").has_value());
    CHECK_FALSE(local::parse_duration("2000m").has_value());

    auto plan = local::parse_lifecycle("ml-abc=PENDING:2s,INPROGRESS:3s,COMPLETED").value();
    CHECK(plan.model_id == "ml-abc");
    REQUIRE(plan.stages.size() == 2);
    CHECK(plan.stages[0].status == entity_status::PENDING);
    CHECK(plan.stages[1].duration == 3s);
    CHECK(plan.final_status == entity_status::COMPLETED);
    CHECK(local::parse_lifecycle("ml-abc=FAILED").value().stages.empty());

    CHECK_THROWS_WITH(local::parse_lifecycle("ml-abc").value(),
                      Catch::Contains("expected ID=STATUS:DURATION"));
    CHECK_THROWS_WITH(local::parse_lifecycle("ml-abc=PENDING,COMPLETED").value(),
                      Catch::Contains("needs a duration"));
    CHECK_THROWS_WITH(local::parse_lifecycle("ml-abc=PENDING:1s,DONE").value(),
                      Catch::Contains("unknown status \"DONE\""));
    CHECK_THROWS_WITH(local::parse_lifecycle("ml-abc=PENDING:1s,COMPLETED:1s").value(),
                      Catch::Contains("takes no duration"));
    CHECK_THROWS_WITH(local::parse_lifecycle("ml-abc=PENDING:soon,COMPLETED").value(),
                      Catch::Contains("invalid duration"));
}

TEST_CASE("lifecycle: statuses and timestamps at each moment", "[local][lifecycle]") {
    const auto model = bundled("ml-tGvRzy5Dr8Q");
    const auto plan = local::parse_lifecycle("x=PENDING:2s,INPROGRESS:3s,COMPLETED").value();
    const awsml::timestamp start(1'700'000'000'000ms);

    auto pending = local::apply_lifecycle(model, plan, start, start + 1s);
    CHECK(pending.status == entity_status::PENDING);
    CHECK(pending.created_at == start);
    CHECK(pending.last_updated_at == start);
    CHECK_FALSE(pending.started_at);
    CHECK_FALSE(pending.finished_at);
    CHECK_FALSE(pending.compute_time);
    CHECK_FALSE(pending.message);
    CHECK(pending.endpoint_info->endpoint_status == awsml::realtime_endpoint_status::NONE);
    CHECK_FALSE(pending.endpoint_info->endpoint_url);

    auto training = local::apply_lifecycle(model, plan, start, start + 2s);
    CHECK(training.status == entity_status::INPROGRESS);
    CHECK(training.started_at == start + 2s);
    CHECK(training.last_updated_at == start + 2s);
    CHECK_FALSE(training.finished_at);

    auto done = local::apply_lifecycle(model, plan, start, start + 1h);
    CHECK(done.status == entity_status::COMPLETED);
    CHECK(done.started_at == start + 2s);
    CHECK(done.finished_at == start + 5s);
    CHECK(done.last_updated_at == start + 5s);
    CHECK(done.compute_time == 3000);
    CHECK(done.message == model.message);
    CHECK(done.endpoint_info == model.endpoint_info);
    CHECK(done.recipe == model.recipe);

    auto failing = local::parse_lifecycle("x=PENDING:1s,INPROGRESS:1s,FAILED").value();
    auto failed = local::apply_lifecycle(model, failing, start, start + 10s);
    CHECK(failed.status == entity_status::FAILED);
    CHECK(failed.message == std::string(local::default_failure_message));
    CHECK(failed.finished_at == start + 2s);
    auto own_failure = bundled("ml-DemandFailed03");
    CHECK(local::apply_lifecycle(own_failure, failing, start, start + 10s).message ==
          own_failure.message);
}

TEST_CASE("faults: schedules and their precedence", "[local][faults]") {
    CHECK(local::parse_fault_schedule("every:3").value().how == local::fault_schedule::mode::every);
    CHECK(local::parse_fault_schedule("first:0").value().n == 0);
    CHECK(local::parse_fault_schedule("0.25").value().probability == Approx(0.25));
    CHECK(local::parse_fault_schedule("1").value().probability == 1.0);
    CHECK_FALSE(local::parse_fault_schedule("every:0").has_value());
    CHECK_FALSE(local::parse_fault_schedule("1.5").has_value());
    CHECK_FALSE(local::parse_fault_schedule("sometimes").has_value());

    local::fault_plan plan;
    REQUIRE(plan.add_fault("throttle=every:2").has_value());
    REQUIRE(plan.add_fault("internal=every:3").has_value());
    REQUIRE(plan.add_fault("drop=first:1").has_value());
    std::vector<std::optional<local::fault_kind>> got;
    for (std::uint64_t n = 1; n <= 6; ++n)
        got.push_back(plan.fault_for(n));
    using K = local::fault_kind;
    CHECK(got == std::vector<std::optional<K>>{K::drop, K::throttle, K::internal_error, K::throttle,
                                               std::nullopt, K::internal_error});
    CHECK_THROWS_WITH(plan.add_fault("slow=0.1").value(),
                      Catch::Contains("unknown fault \"slow\""));
    CHECK_THROWS_WITH(plan.add_fault("drop").value(), Catch::Contains("expected KIND=WHEN"));
    CHECK_THROWS_WITH(plan.add_fault("drop=2").value(), Catch::Contains("not a schedule"));

    REQUIRE(plan.set_latency("250@every:2").has_value());
    CHECK(plan.delay_for(1) == 0ms);
    CHECK(plan.delay_for(2) == 250ms);
    REQUIRE(plan.set_latency("40").has_value());
    CHECK(plan.delay_for(1) == 40ms);
    CHECK_FALSE(plan.set_latency("fast").has_value());
}

TEST_CASE("faults: probabilities are deterministic for a seed", "[local][faults]") {
    auto sequence = [](std::uint64_t seed) {
        local::fault_plan plan;
        plan.seed = seed;
        REQUIRE(plan.add_fault("unavailable=0.3").has_value());
        std::vector<bool> hits;
        for (std::uint64_t n = 1; n <= 1000; ++n)
            hits.push_back(plan.fault_for(n).has_value());
        return hits;
    };
    const auto a = sequence(7), b = sequence(7), c = sequence(8);
    CHECK(a == b);
    CHECK(a != c);
    const auto rate = double(std::count(a.begin(), a.end(), true)) / a.size();
    CHECK(rate == Approx(0.3).margin(0.06));
}

// =============================================================================================
// The model store

TEST_CASE("store: the bundled models cover every status and model type", "[local][store]") {
    const auto& store = bundled_models();
    REQUIRE(store.size() >= 7);
    std::set<std::string> statuses, types;
    for (const auto& id : store.ids()) {
        auto model = *store.find(id, now_ms());
        CHECK(awsml::validate(model).empty());
        statuses.insert(std::string(model.status->wire()));
        types.insert(std::string(model.ml_model_type->wire()));
        if (model.status == entity_status::FAILED)
            CHECK(model.message);
    }
    CHECK(statuses ==
          std::set<std::string>{"PENDING", "INPROGRESS", "FAILED", "COMPLETED", "DELETED"});
    CHECK(types == std::set<std::string>{"BINARY", "REGRESSION", "MULTICLASS"});
    auto verbose = bundled("ml-HousingRegr01");
    CHECK(verbose.recipe);
    CHECK(verbose.schema);
    CHECK(boost::json::parse(*verbose.schema).at("targetAttributeName") == "price");
    CHECK(boost::json::parse(*verbose.recipe).at("outputs").as_array().size() > 2);
    CHECK_FALSE(store.find("ml-none", now_ms()));
}

TEST_CASE("store: a bad models file is reported with name, line, column and path",
          "[local][store]") {
    auto message_of = [](std::string_view json) {
        auto store = local::model_store::from_json(json, "models.json");
        REQUIRE_FALSE(store.has_value());
        return store.error().message;
    };
    CHECK(message_of("[\n  {\"MLModelId\": \"a\"},\n  {\"MLModelId\": \"b\", \"Status\": 3}\n]") ==
          "models.json:3:33: $[1].Status: expected a string (enum), got a number");
    CHECK(message_of("{}") == "models.json:1:1: $: expected an array, got an object");
    CHECK(message_of("[{\"MLModelId\": \"a\"}, {\"MLModelId\": \"a\"}]") ==
          "models.json: $[1]: MLModelId \"a\" is used by an earlier model");
    CHECK(message_of("[{\"Name\": \"x\"}]") == "models.json: $[0]: the model has no MLModelId");
    CHECK_THAT(
        message_of("[{\"MLModelId\": \"a b\"}]"),
        Catch::Contains("$[0]: the model breaks the service model's constraints: MLModelId does "
                        "not match the pattern"));
    CHECK_THAT(message_of("[{\"MLModelId\": \"a\""), Catch::StartsWith("models.json:1:"));
    CHECK_THROWS_WITH(local::model_store::from_file("/nonexistent/models.json").value(),
                      "cannot open the models file /nonexistent/models.json");

    auto store = local::model_store::from_json(R"([{"MLModelId": "a"}])", "m").value();
    CHECK_THROWS_WITH(
        store.add_lifecycle(local::parse_lifecycle("b=PENDING").value(), now_ms()).value(),
        Catch::Contains("no model with MLModelId \"b\""));
}

// =============================================================================================
// The command line

TEST_CASE("command line: every flag, both forms", "[local][options]") {
    std::vector<std::string_view> args = {"--port=0",
                                          "--models",
                                          "m.json",
                                          "--access-key",
                                          "AKID",
                                          "--secret-key=SECRET",
                                          "--region",
                                          "eu-west-1",
                                          "--tls-cert",
                                          "c.pem",
                                          "--tls-key",
                                          "k.pem",
                                          "--lifecycle",
                                          "ml-a=PENDING:1s,COMPLETED",
                                          "--fault",
                                          "throttle=0.5",
                                          "--fault=drop=every:4",
                                          "--latency",
                                          "100@first:2",
                                          "--seed",
                                          "99",
                                          "--max-body-bytes",
                                          "2048",
                                          "--idle-timeout",
                                          "5",
                                          "--hold-patience",
                                          "1.5s",
                                          "--quiet"};
    auto options = local::parse_command_line(args, "default.json").value();
    CHECK(options.port == 0);
    CHECK(options.models_file == "m.json");
    CHECK(options.access_key_id == "AKID");
    CHECK(options.secret_access_key == "SECRET");
    CHECK(options.region == "eu-west-1");
    CHECK(options.tls_cert_file == "c.pem");
    CHECK(options.tls_key_file == "k.pem");
    REQUIRE(options.lifecycles.size() == 1);
    CHECK(options.lifecycles[0].model_id == "ml-a");
    CHECK(options.faults.seed == 99);
    CHECK(options.faults.schedule(local::fault_kind::throttle).probability == 0.5);
    CHECK(options.faults.fault_for(4) == local::fault_kind::drop);
    CHECK(options.faults.delay_for(2) == 100ms);
    CHECK(options.faults.delay_for(3) == 0ms);
    CHECK(options.limits.max_body_bytes == 2048);
    CHECK(options.idle_timeout == 5s);
    CHECK(options.hold_patience == 1500ms);
    CHECK(options.quiet);

    auto defaults = local::parse_command_line({}, "default.json").value();
    CHECK(defaults.port == local::default_port);
    CHECK(defaults.models_file == "default.json");
    CHECK(defaults.access_key_id == "AKIAIOSFODNN7EXAMPLE");
    CHECK(defaults.secret_access_key == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    CHECK(defaults.region.empty());
    CHECK(defaults.hold_patience == local::folder_hold_patience);
}

TEST_CASE("command line: bad flags are named", "[local][options]") {
    auto error_of = [](std::vector<std::string_view> args) {
        auto options = local::parse_command_line(args, "d.json");
        REQUIRE_FALSE(options.has_value());
        return options.error().message;
    };
    CHECK(error_of({"--bogus"}) == "unknown option --bogus (see --help)");
    CHECK(error_of({"--port"}) == "--port needs a value");
    CHECK(error_of({"--port", "70000"}) == "--port 70000: expected a whole number from 0 to 65535");
    CHECK(error_of({"--port", "-1"}) == "--port -1: expected a whole number from 0 to 65535");
    CHECK(error_of({"--quiet=yes"}) == "--quiet takes no value");
    CHECK(error_of({"--tls-cert", "c.pem"}) ==
          "--tls-cert and --tls-key go together: give both or neither");
    CHECK_THAT(error_of({"--fault", "drop=often"}), Catch::Contains("--fault drop:"));
    CHECK_THAT(error_of({"--lifecycle", "x=PENDING:1s,COMPLETED", "--lifecycle", "x=FAILED"}),
               Catch::Contains("given twice"));
    CHECK(error_of({"--models", ""}) == "--models needs a non-empty value");
    CHECK_THAT(error_of({"--hold-patience", "0"}),
               Catch::StartsWith("--hold-patience must be from 1ms to 60s"));
    CHECK_THAT(error_of({"--hold-patience", "61s"}),
               Catch::StartsWith("--hold-patience must be from 1ms to 60s"));
    CHECK_THAT(error_of({"--hold-patience", "soon"}),
               Catch::StartsWith("--hold-patience: invalid duration \"soon\""));
}

TEST_CASE("command line: --help exits 0, bad flags 2, a bad models file 1", "[local][options]") {
    std::ostringstream out, err;
    const char* help[] = {"awsml-local", "--help"};
    CHECK(local::emulator_main(2, help, "bundled.json", out, err) == 0);
    CHECK_THAT(out.str(), Catch::StartsWith("usage: awsml-local"));
    for (std::string_view flag : {"--port", "--models", "--access-key", "--secret-key", "--region",
                                  "--tls-cert", "--tls-key", "--lifecycle", "--fault", "--latency",
                                  "--seed", "--hold-patience", "--help"})
        CHECK_THAT(out.str(), Catch::Contains(std::string(flag)));
    CHECK_THAT(out.str(), Catch::Contains("bundled.json"));

    std::ostringstream out2, err2;
    const char* bad[] = {"awsml-local", "--port", "x"};
    CHECK(local::emulator_main(3, bad, "bundled.json", out2, err2) == 2);
    CHECK(out2.str().empty());
    CHECK_THAT(err2.str(), Catch::Contains("--port x"));

    std::ostringstream out3, err3;
    const char* missing[] = {"awsml-local", "--port", "0", "--models", "/nonexistent.json"};
    CHECK(local::emulator_main(5, missing, "bundled.json", out3, err3) == 1);
    CHECK(out3.str().empty());
    CHECK_THAT(err3.str(), Catch::Contains("cannot open the models file /nonexistent.json"));

    std::ostringstream out4, err4;
    const std::string models = bundled_models_path();
    const char* unknown_lifecycle[] = {"awsml-local", "--models", models.c_str(), "--lifecycle",
                                       "ml-x=FAILED"};
    CHECK(local::emulator_main(5, unknown_lifecycle, "bundled.json", out4, err4) == 1);
    CHECK_THAT(err4.str(), Catch::Contains("no model with MLModelId \"ml-x\""));
}

namespace {

/// A thread-safe stream buffer, to read what the program prints while it runs.
class shared_text : public std::streambuf {
public:
    std::string text() {
        std::lock_guard lock(mutex_);
        return text_;
    }

protected:
    int_type overflow(int_type c) override {
        if (c != traits_type::eof()) {
            std::lock_guard lock(mutex_);
            text_.push_back(traits_type::to_char_type(c));
        }
        return c;
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        std::lock_guard lock(mutex_);
        text_.append(s, static_cast<std::size_t>(n));
        return n;
    }

private:
    std::mutex mutex_;
    std::string text_;
};

} // namespace

TEST_CASE("the program: first line 'listening on', serves, exits 0 on SIGTERM",
          "[local][program]") {
    shared_text out_text, err_text;
    std::ostream out(&out_text), err(&err_text);
    const std::string models = bundled_models_path();
    const char* argv[] = {"awsml-local", "--port", "0", "--models", models.c_str()};
    std::atomic<int> status{-1};
    std::thread program([&] { status = local::emulator_main(5, argv, "unused.json", out, err); });

    std::uint16_t port = 0;
    for (int i = 0; i < 200 && port == 0; ++i) {
        std::this_thread::sleep_for(20ms);
        const std::string text = out_text.text();
        const std::string prefix = "listening on 127.0.0.1:";
        if (auto eol = text.find('\n'); eol != std::string::npos) {
            REQUIRE(text.rfind(prefix, 0) == 0);
            port = static_cast<std::uint16_t>(
                std::stoi(text.substr(prefix.size(), eol - prefix.size())));
        }
    }
    REQUIRE(port != 0);
    auto got = call(port, get_body("ml-IrisMulti0001"));
    CHECK(got.response.status == 200);

    ::kill(::getpid(), SIGTERM);
    program.join();
    CHECK(status == 0);
    const std::string log = err_text.text();
    CHECK_THAT(log, Catch::Contains("#1 GetMLModel ml-IrisMulti0001 200"));
    CHECK_THAT(log, Catch::Contains("stopped after 1 requests"));
}

// =============================================================================================
// The server, over the network

TEST_CASE("server: GetMLModel answers with the model; Recipe and Schema only when verbose",
          "[local][server]") {
    local::background_server server(bundled_models());
    for (std::string id :
         {"ml-tGvRzy5Dr8Q", "ml-HousingRegr01", "ml-IrisMulti0001", "ml-DemandFailed03",
          "ml-OldBankDeleted", "ml-ChurnPending01", "ml-ChurnTraining2"}) {
        INFO(id);
        auto expected = bundled(id);
        auto verbose = call(server.port(), get_body(id, true));
        REQUIRE(verbose.response.status == 200);
        check_standard_headers(verbose.response);
        auto model = awsml::from_json<get_ml_model_output>(verbose.response.body);
        CHECK(model == expected);

        expected.recipe.reset();
        expected.schema.reset();
        for (auto flag : {std::optional<bool>(false), std::optional<bool>()}) {
            auto terse = call(server.port(), get_body(id, flag));
            REQUIRE(terse.response.status == 200);
            CHECK(awsml::from_json<get_ml_model_output>(terse.response.body) == expected);
            CHECK(terse.response.body.find("\"Recipe\"") == std::string::npos);
            CHECK(terse.response.body.find("\"Schema\"") == std::string::npos);
        }
    }
}

TEST_CASE("server: each response has its own request id", "[local][server]") {
    local::background_server server(bundled_models());
    test_client client(server.port());
    std::set<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        auto got = client.send(signed_request(make_request(get_body("ml-nope")), server.port()));
        check_error(got, 400, "ResourceNotFoundException", 404);
        ids.insert(std::string(*got.response.header("x-amzn-RequestId")));
    }
    CHECK(ids.size() == 5);
}

TEST_CASE("server: authentication errors, as the service words them", "[local][server][auth]") {
    local::background_server server(bundled_models());
    const auto port = server.port();
    const std::string body = get_body("ml-tGvRzy5Dr8Q");

    SECTION("no Authorization header") {
        test_client client(port);
        auto request = make_request(body);
        request.headers.push_back({"Host", "127.0.0.1:" + std::to_string(port)});
        auto got = client.send(request);
        check_error(got, 403, "MissingAuthenticationTokenException");
        CHECK(parse_error(got.response).message == "Missing Authentication Token");
    }
    SECTION("an unknown access key id") {
        signing how;
        how.credentials.access_key_id = "AKIDUNKNOWNEXAMPLE";
        auto got = call(port, body, how);
        check_error(got, 403, "UnrecognizedClientException");
        CHECK(parse_error(got.response).message ==
              "The security token included in the request is invalid.");
    }
    SECTION("a wrong secret") {
        signing how;
        how.credentials.secret_access_key = "not-the-secret";
        auto got = call(port, body, how);
        check_error(got, 400, "InvalidSignatureException");
        CHECK_THAT(
            parse_error(got.response).message,
            Catch::StartsWith("The request signature we calculated does not match the signature "
                              "you provided."));
    }
    SECTION("a body changed after signing") {
        test_client client(port);
        auto request = signed_request(make_request(body), port);
        request.body = get_body("ml-IrisMulti0001");
        check_error(client.send(request), 400, "InvalidSignatureException");
    }
    SECTION("signed 20 minutes ago") {
        signing how;
        how.time = std::chrono::system_clock::now() - 20min;
        auto got = call(port, body, how);
        check_error(got, 400, "InvalidSignatureException");
        auto message = parse_error(got.response).message;
        CHECK_THAT(message, Catch::StartsWith("Signature expired: " +
                                              awsml::sigv4::format_amz_date(*how.time)));
        CHECK_THAT(message, Catch::Contains(" is now earlier than "));
        CHECK_THAT(message, Catch::EndsWith(" - 15 min.)"));
        CHECK(got.response.header("Date")); // so the client can correct its clock
    }
    SECTION("signed 20 minutes ahead") {
        signing how;
        how.time = std::chrono::system_clock::now() + 20min;
        auto message = parse_error(call(port, body, how).response).message;
        CHECK_THAT(message, Catch::StartsWith("Signature not yet current: "));
        CHECK_THAT(message, Catch::EndsWith(" + 15 min.)"));
    }
    SECTION("10 minutes off is within the allowed skew") {
        signing how;
        how.time = std::chrono::system_clock::now() - 10min;
        CHECK(call(port, body, how).response.status == 200);
    }
    SECTION("signed for another service") {
        signing how;
        how.service = "dynamodb";
        auto got = call(port, body, how);
        check_error(got, 400, "InvalidSignatureException");
        CHECK(parse_error(got.response).message ==
              "Credential should be scoped to correct service: 'machinelearning'. ");
    }
    SECTION("any region and any session token are accepted") {
        signing how;
        how.region = "ap-southeast-2";
        how.credentials.session_token = "FwoGZXIvYXdzEXAMPLETOKEN";
        CHECK(call(port, body, how).response.status == 200);
    }
    SECTION("a malformed Authorization header") {
        test_client client(port);
        auto request = signed_request(make_request(body), port);
        for (auto& h : request.headers)
            if (h.name == "Authorization")
                h.value = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE";
        check_error(client.send(request), 400, "IncompleteSignatureException");
    }
}

TEST_CASE("server: --region restricts the signing region", "[local][server][auth]") {
    local::service_settings settings;
    settings.region = "us-west-2";
    local::background_server server(bundled_models(), settings);
    auto got = call(server.port(), get_body("ml-tGvRzy5Dr8Q"));
    check_error(got, 400, "InvalidSignatureException");
    CHECK(parse_error(got.response).message == "Credential should be scoped to a valid region. ");
    signing west;
    west.region = "us-west-2";
    CHECK(call(server.port(), get_body("ml-tGvRzy5Dr8Q"), west).response.status == 200);
}

TEST_CASE("server: routing by method, path and X-Amz-Target", "[local][server]") {
    local::background_server server(bundled_models());
    const auto port = server.port();
    const std::string body = get_body("ml-tGvRzy5Dr8Q");
    auto send = [&](awsml::http_request request) {
        test_client client(port);
        return client.send(signed_request(std::move(request), port));
    };
    // Every operation is served: another operation's body is checked as that operation's input.
    auto other = make_request(body, "AmazonML_20141212.CreateMLModel");
    auto got = send(other);
    check_error(got, 400, "InvalidInputException");
    CHECK_THAT(parse_error(got.response).message,
               Catch::Contains("Value null at 'MLModelType' failed to satisfy constraint: Member "
                               "must not be null"));
    auto unknown = send(make_request(body, "AmazonML_20141212.TrainEverything"));
    check_error(unknown, 400, "UnknownOperationException");
    CHECK_THAT(parse_error(unknown.response).message, Catch::Contains("TrainEverything"));
    check_error(send(make_request(body, "")), 400, "UnknownOperationException");
    check_error(send(make_request(body, "DynamoDB_20120810.GetItem")), 400,
                "UnknownOperationException");
    auto get = make_request("");
    get.method = "GET";
    check_error(send(get), 404, "UnknownOperationException");
    auto path = make_request(body);
    path.target = "/v1/models";
    check_error(send(path), 404, "UnknownOperationException");
}

TEST_CASE("server: the reads are answered on the I/O thread, the rest by a worker",
          "[local][server]") {
    local::emulator service(bundled_models());
    auto quickly = [&](std::string target) {
        return service.answers_quickly(make_request("{}", std::move(target)));
    };
    // Every operation of the model is one or the other: the reads (Get*, Describe*, Predict)
    // touch no file and train nothing.
    std::size_t reads = 0;
    boost::mp11::mp_for_each<boost::mp11::mp_transform<
        boost::mp11::mp_identity, awsml::machinelearning::service::operations>>([&](auto identity) {
        const std::string name(decltype(identity)::type::name);
        const bool read =
            name.starts_with("Get") || name.starts_with("Describe") || name == "Predict";
        reads += read ? 1 : 0;
        INFO(name);
        CHECK(quickly("AmazonML_20141212." + name) == read);
    });
    CHECK(reads == 10);
    // What is not one of the service's reads goes to a worker, as it did before.
    CHECK_FALSE(quickly(""));
    CHECK_FALSE(quickly("AmazonML_20141212.TrainEverything"));
    CHECK_FALSE(quickly("AmazonML_20141212GetMLModel"));
    CHECK_FALSE(quickly("DynamoDB_20120810.GetItem"));
    auto console = make_request("", ""); // the web console's page
    console.method = "GET";
    CHECK_FALSE(service.answers_quickly(console));
    // With a state file, a change holds the state's lock while it writes: every request goes
    // to a worker, so that a read waiting for that lock holds up no other connection.
    CHECK(quickly("AmazonML_20141212.GetMLModel"));
    service.operations().store().set_persistence(
        [](std::string_view, std::string_view, const std::string&) {});
    CHECK_FALSE(quickly("AmazonML_20141212.GetMLModel"));
    CHECK_FALSE(quickly("AmazonML_20141212.Predict"));
}

TEST_CASE("server: bodies that are not a GetMLModel input", "[local][server]") {
    local::background_server server(bundled_models());
    const auto port = server.port();
    auto message_for = [&](std::string body, int status, std::string_view type,
                           std::optional<int> code = std::nullopt) {
        auto got = call(port, std::move(body));
        check_error(got, status, type, code);
        return got.complete ? parse_error(got.response).message : std::string();
    };
    CHECK_THAT(message_for("not json", 400, "SerializationException"),
               Catch::Contains("malformed JSON"));
    CHECK_THAT(message_for("", 400, "SerializationException"), Catch::Contains("empty"));
    CHECK_THAT(message_for("[]", 400, "SerializationException"),
               Catch::Contains("expected an object"));
    CHECK_THAT(message_for(R"({"MLModelId": 5})", 400, "SerializationException"),
               Catch::Contains("$.MLModelId: expected a string"));
    CHECK_THAT(message_for(R"({"MLModelId": "ml-tGvRzy5Dr8Q", "Verbose": "yes"})", 400,
                           "SerializationException"),
               Catch::Contains("$.Verbose: expected a boolean"));
    CHECK(
        message_for(R"({"MLModelId": "bad id!"})", 400, "InvalidInputException", 400) ==
        "1 validation error detected: Value 'bad id!' at 'MLModelId' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    // A missing member breaks "must not be null" alone, as the service counts; an empty one is
    // only measured ("required" means "not null" to the service).
    CHECK(message_for("{}", 400, "InvalidInputException", 400) ==
          "1 validation error detected: Value null at 'MLModelId' failed to satisfy constraint: "
          "Member must not be null");
    CHECK(message_for(R"({"MLModelId": null})", 400, "InvalidInputException", 400) ==
          "1 validation error detected: Value null at 'MLModelId' failed to satisfy constraint: "
          "Member must not be null");
    // "" breaks each constraint that wants text, as the service reports it: the length and the
    // pattern.
    CHECK(message_for(R"({"MLModelId": ""})", 400, "InvalidInputException", 400) ==
          "2 validation errors detected: Value '' at 'MLModelId' failed to satisfy constraint: "
          "Member must have length greater than or equal to 1; Value '' at 'MLModelId' failed to "
          "satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    // A list element's member is quoted with its value, as the service quotes it.
    test_client client(port);
    auto tags = client.send(signed_request(
        make_request(R"({"Tags":[{"Key":"ok"},{"Key":"bad#key"}],"ResourceId":"ml-tGvRzy5Dr8Q",)"
                     R"("ResourceType":"MLModel"})",
                     "AmazonML_20141212.AddTags"),
        port));
    check_error(tags, 400, "InvalidTagException");
    CHECK_THAT(
        parse_error(tags.response).message,
        Catch::StartsWith("1 validation error detected: Value 'bad#key' at 'Tags[1].Key' "
                          "failed to satisfy constraint: Member must satisfy regular expression "
                          "pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$"));
    // DeleteTags' keys too: the operation lists InvalidTagException for them.
    auto untagged = client.send(
        signed_request(make_request(R"({"TagKeys":["ok","bad#key"],"ResourceId":"ml-tGvRzy5Dr8Q",)"
                                    R"("ResourceType":"MLModel"})",
                                    "AmazonML_20141212.DeleteTags"),
                       port));
    check_error(untagged, 400, "InvalidTagException");
    CHECK_THAT(parse_error(untagged.response).message,
               Catch::StartsWith("1 validation error detected: Value 'bad#key' at 'TagKeys[1]'"));
    // "aws:" is reserved in any case, as AWS's tagging rules say, for both operations.
    for (const auto& [body, target] :
         {std::pair{R"({"Tags":[{"Key":"AWS:x"}],"ResourceId":"ml-tGvRzy5Dr8Q",)"
                    R"("ResourceType":"MLModel"})",
                    "AmazonML_20141212.AddTags"},
          std::pair{R"({"TagKeys":["aWs:x"],"ResourceId":"ml-tGvRzy5Dr8Q",)"
                    R"("ResourceType":"MLModel"})",
                    "AmazonML_20141212.DeleteTags"}}) {
        auto reserved = client.send(signed_request(make_request(body, target), port));
        check_error(reserved, 400, "InvalidTagException");
        CHECK_THAT(parse_error(reserved.response).message,
                   Catch::StartsWith("Tag keys starting with 'aws:' (in any case) are reserved"));
    }
    // A required member that decodes empty (a map, a list, a name that admits "") is refused
    // when left out, as any other; sent empty, it is measured.
    const auto refusal = [&](std::string body, std::string target) {
        auto got =
            client.send(signed_request(make_request(std::move(body), std::move(target)), port));
        check_error(got, 400, "InvalidInputException");
        return got.complete ? parse_error(got.response).message : std::string();
    };
    const auto absent = [](std::string_view member) {
        return "Value null at '" + std::string(member) +
               "' failed to satisfy constraint: Member must not be null";
    };
    CHECK(refusal(R"({"MLModelId":"ml-tGvRzy5Dr8Q"})", "AmazonML_20141212.Predict") ==
          "2 validation errors detected: " + absent("Record") + "; " + absent("PredictEndpoint"));
    CHECK(refusal(R"({"DataSourceId":"ds-1"})", "AmazonML_20141212.UpdateDataSource") ==
          "1 validation error detected: " + absent("DataSourceName"));
    CHECK(refusal(R"({"EvaluationId":"ev-1","EvaluationName":null})",
                  "AmazonML_20141212.UpdateEvaluation") ==
          "1 validation error detected: " + absent("EvaluationName"));
    CHECK(refusal(R"({"BatchPredictionId":"bp-1"})", "AmazonML_20141212.UpdateBatchPrediction") ==
          "1 validation error detected: " + absent("BatchPredictionName"));
    CHECK(refusal(R"({"ResourceId":"ml-1","ResourceType":"MLModel"})",
                  "AmazonML_20141212.AddTags") == "1 validation error detected: " + absent("Tags"));
    CHECK(refusal(R"({"ResourceId":"ml-1","ResourceType":"MLModel"})",
                  "AmazonML_20141212.DeleteTags") ==
          "1 validation error detected: " + absent("TagKeys"));
    // A member whose only constraint is its pattern (an S3 URL), sent as "", required or not.
    const auto not_s3 = [](std::string_view member) {
        return "Value '' at '" + std::string(member) +
               "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
               "s3://([^/]+)(/.*)?";
    };
    CHECK(refusal(R"({"DataSourceId":"ds-e","DataSpec":{"DataLocationS3":""}})",
                  "AmazonML_20141212.CreateDataSourceFromS3") ==
          "1 validation error detected: " + not_s3("DataSpec.DataLocationS3"));
    CHECK(refusal(R"({"DataSourceId":"ds-e","DataSpec":{"DataLocationS3":"s3://b/k",)"
                  R"("DataSchemaLocationS3":""}})",
                  "AmazonML_20141212.CreateDataSourceFromS3") ==
          "1 validation error detected: " + not_s3("DataSpec.DataSchemaLocationS3"));
    CHECK(refusal(R"({"BatchPredictionId":"bp-e","MLModelId":"ml-1",)"
                  R"("BatchPredictionDataSourceId":"ds-1","OutputUri":""})",
                  "AmazonML_20141212.CreateBatchPrediction") ==
          "1 validation error detected: " + not_s3("OutputUri"));
    // The body is read again as deep as the decoder read it (64), not Boost.JSON's default 32:
    // a valid request with a deep unknown member is answered, never a 500.
    std::string deep = "1";
    for (int level = 0; level < 40; ++level)
        deep = "[" + deep + "]";
    auto deeply = client.send(signed_request(
        make_request(R"({"ResourceId":"ml-none","ResourceType":"MLModel","Tags":[],"Extra":)" +
                         deep + "}",
                     "AmazonML_20141212.AddTags"),
        port));
    REQUIRE(deeply.complete);
    CHECK(deeply.response.status == 400);
    CHECK(parse_error(deeply.response).type == "ResourceNotFoundException");
    // A structure left out is absent itself; what it would hold is not measured.
    CHECK(refusal(R"({"DataSourceId":"ds-1"})", "AmazonML_20141212.CreateDataSourceFromS3") ==
          "1 validation error detected: " + absent("DataSpec"));
    // Nested: a required member of a structure that is sent.
    CHECK(refusal(R"({"DataSourceId":"ds-1","DataSpec":{"DataSchema":"{}"}})",
                  "AmazonML_20141212.CreateDataSourceFromS3") ==
          "1 validation error detected: " + absent("DataSpec.DataLocationS3"));
    // An enum value outside the model is refused, as the service refuses it; the client had
    // passed it on.
    auto sorted = client.send(signed_request(
        make_request(R"({"SortOrder":"up"})", "AmazonML_20141212.DescribeMLModels"), port));
    check_error(sorted, 400, "InvalidInputException");
    CHECK(parse_error(sorted.response).message ==
          "1 validation error detected: Value 'up' at 'SortOrder' failed to satisfy constraint: "
          "Member must satisfy enum value set: [asc, dsc]");
    auto empty_order = client.send(signed_request(
        make_request(R"({"SortOrder":""})", "AmazonML_20141212.DescribeMLModels"), port));
    check_error(empty_order, 400, "InvalidInputException");
    CHECK(parse_error(empty_order.response).message ==
          "1 validation error detected: Value '' at 'SortOrder' failed to satisfy constraint: "
          "Member must satisfy enum value set: [asc, dsc]");
    CHECK_THAT(message_for(get_body(std::string(65, 'x')), 400, "InvalidInputException", 400),
               Catch::EndsWith("Member must have length less than or equal to 64"));
    CHECK(message_for(get_body("ml-unknown"), 400, "ResourceNotFoundException", 404) ==
          "No MLModel with id ml-unknown exists.");
    // Unknown members are ignored, as the service's deserializer does.
    CHECK(
        call(port, R"({"MLModelId": "ml-tGvRzy5Dr8Q", "Extra": [1, {"a": 2}]})").response.status ==
        200);
}

TEST_CASE("server: HTTP/1.1 keep-alive, chunked bodies, 100-continue, Connection: close",
          "[local][server][http]") {
    local::background_server server(bundled_models());
    const auto port = server.port();
    test_client client(port);
    for (int i = 0; i < 3; ++i) {
        auto got = client.send(signed_request(make_request(get_body("ml-IrisMulti0001")), port));
        CHECK(got.response.status == 200);
        CHECK_FALSE(got.closed);
    }
    auto chunked = signed_request(make_request(get_body("ml-IrisMulti0001")), port);
    chunked.headers.push_back({"Transfer-Encoding", "chunked"});
    std::string bytes = serialize_request(chunked);
    bytes = bytes.substr(0, bytes.find("Content-Length:")) + "\r\n";
    const std::string& body = chunked.body;
    char size[16];
    std::snprintf(size, sizeof size, "%zx", body.size() - 5);
    bytes += std::string(size) + "\r\n" + body.substr(0, body.size() - 5) + "\r\n5\r\n" +
             body.substr(body.size() - 5) + "\r\n0\r\n\r\n";
    CHECK(client.send_raw(bytes).response.status == 200);

    auto expecting = signed_request(make_request(get_body("ml-IrisMulti0001")), port);
    expecting.headers.push_back({"Expect", "100-continue"});
    std::string head = serialize_request(expecting);
    head.resize(head.size() - expecting.body.size());
    client.write(head);
    auto interim = client.receive();
    CHECK(interim.response.status == 100);
    client.write(expecting.body);
    CHECK(client.receive().response.status == 200);

    auto last = signed_request(make_request(get_body("ml-IrisMulti0001")), port);
    last.headers.push_back({"Connection", "close"});
    auto got = client.send(last);
    CHECK(got.response.status == 200);
    CHECK(got.response.header("Connection") == std::optional<std::string_view>("close"));
    CHECK(got.closed);
}

TEST_CASE("server: many concurrent keep-alive connections", "[local][server][http]") {
    local::background_server server(bundled_models());
    const auto port = server.port();
    std::vector<std::unique_ptr<test_client>> clients;
    for (int i = 0; i < 32; ++i)
        clients.push_back(std::make_unique<test_client>(port));
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int round = 0; round < 3; ++round)
                for (std::size_t i = std::size_t(t); i < clients.size(); i += 4) {
                    auto got = clients[i]->send(
                        signed_request(make_request(get_body("ml-HousingRegr01")), port));
                    if (got.response.status == 200 && got.complete)
                        ++ok;
                }
        });
    for (auto& thread : threads)
        thread.join();
    CHECK(ok == 32 * 3);
}

TEST_CASE("server: malformed and oversized requests get an error and the connection closes",
          "[local][server][http]") {
    local::server_config config;
    config.limits.max_body_bytes = 1000;
    local::background_server server(bundled_models(), {}, config);
    const auto port = server.port();
    {
        test_client client(port);
        auto got = client.send_raw("NOT HTTP\r\n\r\n");
        check_error(got, 400, "BadRequestException");
        CHECK(got.closed);
    }
    {
        test_client client(port);
        auto got = client.send_raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" +
                                   std::string(5000, 'x'));
        check_error(got, 413, "RequestEntityTooLargeException");
        CHECK(got.closed);
    }
    {
        test_client client(port);
        auto got = client.send_raw("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n");
        check_error(got, 501, "NotImplementedException");
    }
}

TEST_CASE("server: a HEAD is answered with a GET's headers and no body; the connection goes on",
          "[local][server][http]") {
    local::background_server server(bundled_models());
    test_client client(server.port());
    // The console's page, and the API (which refuses an unsigned request, with a body).
    for (const char* extra : {"", "X-Amz-Target: AmazonML_20141212.GetMLModel\r\n"}) {
        INFO(extra);
        client.write(std::string("HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n") + extra + "\r\n");
        auto head = client.receive_head();
        REQUIRE(head.answered);
        CHECK(std::stoul(std::string(head.response.header("Content-Length").value_or("0"))) > 0);
        // Body bytes after the headers would be read as the next answer's beginning.
        auto next =
            client.send(signed_request(make_request(get_body("ml-IrisMulti0001")), server.port()));
        CHECK(next.response.status == 200);
        CHECK(next.complete);
    }
}

TEST_CASE("server: idle connections are closed, and stop() closes the rest",
          "[local][server][http]") {
    local::server_config config;
    config.idle_timeout = 200ms;
    local::background_server server(bundled_models(), {}, config);
    test_client idle(server.port());
    CHECK(idle.closed_by_server(5s));

    // Each request moves the deadline: a connection used more often than idle_timeout stays
    // open for as long as it is used, and closes once it is not.
    local::server_config busy_config;
    busy_config.idle_timeout = 1s;
    local::background_server busy_server(bundled_models(), {}, busy_config);
    test_client busy(busy_server.port());
    const auto first = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - first < 2500ms) {
        REQUIRE(busy.send(signed_request(make_request(get_body("ml-IrisMulti0001")),
                                         busy_server.port()))
                    .response.status == 200);
        std::this_thread::sleep_for(150ms);
    }
    CHECK(busy.closed_by_server(5s));

    local::background_server other(bundled_models());
    test_client open(other.port());
    CHECK(open.send(signed_request(make_request(get_body("ml-IrisMulti0001")), other.port()))
              .response.status == 200);
    other.stop();
    CHECK(open.closed_by_server(5s));
}

TEST_CASE("server: HTTPS with --tls-cert and --tls-key", "[local][server][tls]") {
    const auto& certs = awsml_test::test_tls_certificates();
    local::server_config config;
    config.tls = local::tls_files{certs.server_cert.string(), certs.server_key.string()};
    local::background_server server(bundled_models(), {}, config);
    CHECK(server.endpoint_url() == "https://127.0.0.1:" + std::to_string(server.port()));

    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.load_verify_file(certs.ca_cert.string());
    tls.set_verify_mode(asio::ssl::verify_peer);
    tls_test_client client(server.port(), &tls);
    auto request = make_request(get_body("ml-tGvRzy5Dr8Q", true));
    request.scheme = "https";
    for (int i = 0; i < 2; ++i) {
        auto got = client.send(signed_request(request, server.port()));
        REQUIRE(got.response.status == 200);
        CHECK(awsml::from_json<get_ml_model_output>(got.response.body) ==
              bundled("ml-tGvRzy5Dr8Q"));
    }

    local::server_config bad;
    bad.tls = local::tls_files{"/nonexistent/cert.pem", certs.server_key.string()};
    CHECK_THROWS_WITH(
        local::background_server(bundled_models(), {}, bad),
        Catch::StartsWith("cannot load the TLS certificate chain /nonexistent/cert.pem"));
}

TEST_CASE("server: a port in use is reported", "[local][server]") {
    local::background_server first(bundled_models());
    local::server_config config;
    config.port = first.port();
    CHECK_THROWS_WITH(
        local::background_server(bundled_models(), {}, config),
        Catch::StartsWith("cannot listen on 127.0.0.1:" + std::to_string(first.port())));
}

// =============================================================================================
// Faults and lifecycles, over the network

namespace {

local::service_settings with_faults(std::initializer_list<std::string_view> faults,
                                    std::string_view latency = {}) {
    local::service_settings settings;
    for (auto fault : faults)
        settings.faults.add_fault(fault).value();
    if (!latency.empty())
        settings.faults.set_latency(latency).value();
    return settings;
}

} // namespace

TEST_CASE("faults: throttling, 500 and 503 on schedule", "[local][server][faults]") {
    local::background_server server(
        bundled_models(),
        with_faults({"throttle=every:2", "internal=every:3", "unavailable=every:5"}));
    test_client client(server.port());
    std::vector<int> statuses;
    for (int i = 1; i <= 6; ++i) {
        auto got =
            client.send(signed_request(make_request(get_body("ml-IrisMulti0001")), server.port()));
        statuses.push_back(got.response.status);
        if (i == 2)
            check_error(got, 400, "ThrottlingException");
        if (i == 3)
            check_error(got, 500, "InternalServerException");
        if (i == 5)
            check_error(got, 503, "ServiceUnavailableException");
    }
    CHECK(statuses ==
          std::vector<int>{200, 400, 500, 400, 503, 500}); // internal wins over throttle
}

TEST_CASE("faults: dropped connections and truncated bodies", "[local][server][faults]") {
    local::background_server server(bundled_models(),
                                    with_faults({"drop=first:1", "truncate=every:3"}));
    const auto port = server.port();
    const std::string body = get_body("ml-tGvRzy5Dr8Q", true);
    {
        test_client client(port);
        auto dropped = client.send(signed_request(make_request(body), port));
        CHECK_FALSE(dropped.answered);
        CHECK(dropped.closed);
    }
    test_client client(port);
    auto whole = client.send(signed_request(make_request(body), port));
    CHECK(whole.response.status == 200);
    CHECK(whole.complete);
    auto cut = client.send(signed_request(make_request(body), port));
    CHECK(cut.answered);
    CHECK(cut.response.status == 200);
    CHECK_FALSE(cut.complete);
    CHECK(cut.closed);
    CHECK(cut.response.body.size() <
          std::stoul(std::string(*cut.response.header("Content-Length"))));
    CHECK(cut.response.body.size() > 0);
}

TEST_CASE("faults: added latency", "[local][server][faults]") {
    local::background_server server(bundled_models(), with_faults({}, "300@first:1"));
    test_client client(server.port());
    auto timed = [&] {
        const auto start = std::chrono::steady_clock::now();
        auto got =
            client.send(signed_request(make_request(get_body("ml-IrisMulti0001")), server.port()));
        CHECK(got.response.status == 200);
        return std::chrono::steady_clock::now() - start;
    };
    CHECK(timed() >= 290ms);
    CHECK(timed() < 5s);
}

TEST_CASE("lifecycle: a model moves PENDING -> INPROGRESS -> COMPLETED over time",
          "[local][server][lifecycle]") {
    auto store = bundled_models();
    const auto start = now_ms();
    store
        .add_lifecycle(
            local::parse_lifecycle("ml-ChurnPending01=PENDING:700ms,INPROGRESS:700ms,COMPLETED")
                .value(),
            start)
        .value();
    local::background_server server(std::move(store));
    auto expected_at = [&](awsml::timestamp t) {
        return t < start + 700ms    ? entity_status::PENDING
               : t < start + 1400ms ? entity_status::INPROGRESS
                                    : entity_status::COMPLETED;
    };
    std::vector<std::string> seen;
    for (auto deadline = std::chrono::steady_clock::now() + 20s;
         std::chrono::steady_clock::now() < deadline;) {
        const auto before = now_ms();
        auto got = call(server.port(), get_body("ml-ChurnPending01"));
        const auto after = now_ms();
        REQUIRE(got.response.status == 200);
        auto model = awsml::from_json<get_ml_model_output>(got.response.body);
        REQUIRE(model.status);
        if (expected_at(before) == expected_at(after))
            CHECK(*model.status == expected_at(before));
        if (seen.empty() || seen.back() != model.status->wire())
            seen.emplace_back(model.status->wire());
        CHECK(model.created_at == start);
        if (*model.status == entity_status::INPROGRESS)
            CHECK(model.started_at == start + 700ms);
        if (*model.status == entity_status::COMPLETED) {
            CHECK(model.started_at == start + 700ms);
            CHECK(model.finished_at == start + 1400ms);
            CHECK(model.last_updated_at == start + 1400ms);
            CHECK(model.compute_time == 700);
            break;
        }
        std::this_thread::sleep_for(100ms);
    }
    CHECK(seen == std::vector<std::string>{"PENDING", "INPROGRESS", "COMPLETED"});
}

TEST_CASE("the log: one line per request, never a secret", "[local][server][log]") {
    std::ostringstream log;
    std::vector<local::request_record> records;
    local::server_config config;
    config.log = &log;
    config.on_request = [&](const local::request_record& r) { records.push_back(r); };
    local::background_server server(bundled_models(), with_faults({"drop=every:4"}), config);
    signing with_token;
    with_token.credentials.session_token = "SESSIONTOKENEXAMPLE";
    const auto request =
        signed_request(make_request(get_body("ml-IrisMulti0001")), server.port(), with_token);
    call(server.port(), get_body("ml-IrisMulti0001"), with_token);
    call(server.port(), get_body("ml-nope"));
    {
        test_client client(server.port());
        client.send_raw("BROKEN\r\n\r\n");
    }
    call(server.port(), get_body("ml-IrisMulti0001"));
    call(server.port(), get_body("ml-IrisMulti0001"));
    server.stop();

    const std::string text = log.str();
    INFO(text);
    REQUIRE(records.size() == 5);
    CHECK(records[0].status == 200);
    CHECK(records[0].operation == "GetMLModel");
    CHECK(records[0].model_id == "ml-IrisMulti0001");
    CHECK(records[1].error_code == "ResourceNotFoundException");
    CHECK(records[2].number == 0);
    CHECK(records[2].status == 400);
    CHECK(records[4].status == 0);
    CHECK(records[4].fault == local::fault_kind::drop);
    CHECK_THAT(text, Catch::Contains("awsml-local: #1 GetMLModel ml-IrisMulti0001 200 "));
    CHECK_THAT(
        text, Catch::Contains("awsml-local: #2 GetMLModel ml-nope 400 ResourceNotFoundException "));
    CHECK_THAT(text, Catch::Contains("awsml-local: #- - - 400 BadRequestException "));
    CHECK_THAT(text, Catch::Contains("awsml-local: #4 GetMLModel ml-IrisMulti0001 dropped "));
    CHECK_THAT(text, Catch::Contains(" fault=drop"));
    CHECK(std::count(text.begin(), text.end(), '\n') == 5);
    const std::string signature =
        std::string(*awsml::find_header(request.headers, "Authorization"));
    for (std::string secret :
         {std::string(local::example_secret_access_key), std::string("SESSIONTOKENEXAMPLE"),
          signature.substr(signature.size() - 64), std::string("Authorization"),
          std::string("AWS4-HMAC-SHA256")})
        CHECK(text.find(secret) == std::string::npos);
}

// =============================================================================================
// The real AWS CLI against the emulator

namespace {

struct cli_result {
    int exit_code = -1;
    std::string out, err;
};

class temp_directory {
public:
    temp_directory() {
        std::string pattern = "/tmp/awsml-local-cli-XXXXXX";
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~temp_directory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

bool aws_cli_available() {
    return std::system("command -v aws > /dev/null 2>&1") == 0;
}

cli_result run_aws_cli(const temp_directory& dir, std::uint16_t port, const std::string& arguments,
                       std::string_view secret = local::example_secret_access_key) {
    const std::string config = dir.path() + "/config", credentials = dir.path() + "/credentials";
    std::ofstream(config) << "[default]\ncli_timestamp_format = none\n";
    std::ofstream{credentials};
    const std::string out = dir.path() + "/out", err = dir.path() + "/err";
    std::string command = "env";
    for (const char* unset :
         {"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
          "AWS_CA_BUNDLE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_MACHINELEARNING",
          "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_DEFAULT_OUTPUT", "HTTP_PROXY", "HTTPS_PROXY",
          "http_proxy", "https_proxy"})
        command += std::string(" -u ") + unset;
    command += " AWS_ACCESS_KEY_ID=" + std::string(local::example_access_key_id) +
               " AWS_SECRET_ACCESS_KEY='" + std::string(secret) + "'" +
               " AWS_MAX_ATTEMPTS=1 AWS_RETRY_MODE=standard AWS_EC2_METADATA_DISABLED=true"
               " NO_PROXY=127.0.0.1 AWS_PAGER=" +
               " AWS_CONFIG_FILE='" + config + "' AWS_SHARED_CREDENTIALS_FILE='" + credentials +
               "'" + " aws machinelearning get-ml-model " + arguments +
               " --endpoint-url http://127.0.0.1:" + std::to_string(port) +
               " --region us-east-1 --output json > '" + out + "' 2> '" + err + "'";
    cli_result result;
    const int status = std::system(command.c_str());
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = awsml_test::read_file(out);
    result.err = awsml_test::read_file(err);
    return result;
}

} // namespace

TEST_CASE("the AWS CLI (v1) gets models and errors from the emulator", "[local][aws-cli]") {
    if (!aws_cli_available()) {
        if (awsml_test::vectors_required())
            FAIL("the AWS CLI (aws) is not on PATH");
        WARN("SKIPPED: the AWS CLI (aws) is not on PATH");
        return;
    }
    local::background_server server(bundled_models());
    temp_directory dir;

    auto terse = run_aws_cli(dir, server.port(), "--ml-model-id ml-tGvRzy5Dr8Q");
    INFO(terse.err);
    REQUIRE(terse.exit_code == 0);
    auto expected = bundled("ml-tGvRzy5Dr8Q");
    auto verbose_expected = expected;
    expected.recipe.reset();
    expected.schema.reset();
    CHECK(awsml::from_json<get_ml_model_output>(terse.out) == expected);

    auto verbose = run_aws_cli(dir, server.port(), "--ml-model-id ml-tGvRzy5Dr8Q --verbose");
    REQUIRE(verbose.exit_code == 0);
    CHECK(awsml::from_json<get_ml_model_output>(verbose.out) == verbose_expected);

    auto wrong_secret =
        run_aws_cli(dir, server.port(), "--ml-model-id ml-tGvRzy5Dr8Q", "not-the-secret");
    CHECK((wrong_secret.exit_code == 254 || wrong_secret.exit_code == 255));
    CHECK_THAT(wrong_secret.err, Catch::Contains("InvalidSignatureException"));

    auto unknown = run_aws_cli(dir, server.port(), "--ml-model-id ml-doesNotExist");
    CHECK((unknown.exit_code == 254 || unknown.exit_code == 255));
    CHECK_THAT(unknown.err, Catch::Contains("ResourceNotFoundException"));
    CHECK_THAT(unknown.err, Catch::Contains("ml-doesNotExist"));
}

} // namespace local_test
