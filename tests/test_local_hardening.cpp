// awsml-local under hostile or unlucky clients: what a peer can make the server buffer, how much
// work a request split into tiny pieces costs, an accept loop out of file descriptors or at its
// connection limit, and requests that arrive too slowly. Parser cases feed bytes directly; server
// cases run a real server on 127.0.0.1 and speak to it over plain POSIX sockets (one thread may
// write while another reads), parsing answers with awsml's own response parser.
#include <awsml-local/server.hpp>

#include <awsml/auth/sigv4.hpp>
#include <awsml/http/parser.hpp>

#include "support/local_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace local_hardening_test {

using namespace std::chrono_literals;
namespace local = awsml::local;

namespace {

// --- requests and a raw connection ---------------------------------------------------------

/// The bytes of a signed GetMLModel for a bundled model, for a server on `port`.
std::string get_ml_model_bytes(std::uint16_t port) {
    awsml::http_request request;
    request.method = "POST";
    request.scheme = "http";
    request.host = "127.0.0.1";
    request.port = port;
    request.target = "/";
    request.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                       {"X-Amz-Target", "AmazonML_20141212.GetMLModel"}};
    request.body = R"({"MLModelId":"ml-IrisMulti0001"})";
    static awsml::sigv4::signer signer;
    awsml::sigv4::signing_params params;
    params.credentials.access_key_id = std::string(local::example_access_key_id);
    params.credentials.secret_access_key = std::string(local::example_secret_access_key);
    params.region = "us-east-1";
    params.service = "machinelearning";
    signer.sign(request, params);
    std::string out = request.method + " " + request.target + " HTTP/1.1\r\n";
    for (const auto& h : request.headers)
        out += h.name + ": " + h.value + "\r\n";
    return out + "Content-Length: " + std::to_string(request.body.size()) + "\r\n\r\n" +
           request.body;
}

/// A blocking TCP connection to 127.0.0.1 through the POSIX API. Never throws: a failure shows
/// as send() returning false or receive() returning nothing, so forked children can use it too.
class raw_connection {
public:
    /// A socket not yet connected (connect() takes no new descriptor; the socket does).
    raw_connection()
        : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {}
    explicit raw_connection(std::uint16_t port)
        : raw_connection() {
        connect(port);
    }
    ~raw_connection() { close(); }
    raw_connection(const raw_connection&) = delete;
    raw_connection& operator=(const raw_connection&) = delete;

    bool connect(std::uint16_t port) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return fd_ >= 0 &&
               ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    }

    void close() {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = -1;
    }

    /// Writes all of `bytes`; false once the peer is gone.
    bool send(std::string_view bytes) {
        while (!bytes.empty()) {
            const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            bytes.remove_prefix(std::size_t(n));
        }
        return true;
    }

    /// The next response, whole; nothing when it did not arrive in full within `within`.
    std::optional<awsml::http_response> receive(std::chrono::milliseconds within = 10s) {
        awsml::http_response_parser parser;
        std::error_code ec;
        const std::size_t used = parser.feed(buffer_, ec);
        buffer_.erase(0, used);
        const auto deadline = std::chrono::steady_clock::now() + within;
        while (!parser.done() && !ec) {
            std::string piece;
            if (!read_some(piece, deadline))
                return std::nullopt;
            if (piece.empty()) {
                parser.feed_eof(ec);
                break;
            }
            const std::size_t n = parser.feed(piece, ec);
            buffer_.append(piece, n);
        }
        if (!parser.done())
            return std::nullopt;
        return parser.take();
    }

    /// True when the server closes the connection within `within`; what arrives is dropped.
    bool closed_by_server(std::chrono::milliseconds within = 10s) {
        const auto deadline = std::chrono::steady_clock::now() + within;
        for (std::string piece;;) {
            if (!read_some(piece, deadline))
                return closed_;
            if (piece.empty())
                return true;
        }
    }

private:
    /// Reads what arrives (empty on EOF or a reset); false when nothing did before `deadline`.
    bool read_some(std::string& piece, std::chrono::steady_clock::time_point deadline) {
        piece.clear();
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0 || fd_ < 0)
                return false;
            pollfd p{fd_, POLLIN, 0};
            const int ready = ::poll(&p, 1, int(left.count()));
            if (ready < 0 && errno == EINTR)
                continue;
            if (ready <= 0)
                return false;
            char chunk[16 * 1024];
            const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                closed_ = true;
                return true;
            }
            piece.assign(chunk, std::size_t(n));
            return true;
        }
    }

    int fd_ = -1;
    bool closed_ = false;
    std::string buffer_; ///< bytes after the last response
};

std::chrono::nanoseconds process_cpu_time() {
    timespec t{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return std::chrono::seconds(t.tv_sec) + std::chrono::nanoseconds(t.tv_nsec);
}

/// The process's CPU time (every thread) as a share of the wall time `interval` takes.
template <class F>
double cpu_share_during(F&& interval) {
    const auto cpu = process_cpu_time();
    const auto wall = std::chrono::steady_clock::now();
    interval();
    const std::chrono::duration<double> used = process_cpu_time() - cpu;
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - wall;
    return used.count() / took.count();
}

// --- running out of file descriptors, in a child process ----------------------------------------

struct out_of_descriptors_report {
    int step = 0;          ///< how far the child got; 5 when everything ran
    double cpu_share = -1; ///< CPU time / wall time while a connection waited in the backlog
    int status_before = 0; ///< a request answered before the descriptors ran out
    int status_after = 0;  ///< the waiting connection's answer once descriptors were free
};

/// Runs in a forked child: a server that cannot accept because the process has no descriptor
/// left, with a client waiting in the backlog for two seconds; then descriptors are freed.
out_of_descriptors_report run_out_of_descriptors(local::server_config config) {
    out_of_descriptors_report report;
    local::background_server server(awsml_test::bundled_models(), {}, config);
    {
        raw_connection first(server.port());
        first.send(get_ml_model_bytes(server.port()));
        auto answer = first.receive();
        report.status_before = answer ? answer->status : -1;
    }
    report.step = 1;
    raw_connection waiting; // its descriptor now; it connects once none is left
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    int highest = 0;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
        highest = std::max(highest, std::stoi(entry.path().filename().string()));
    limit.rlim_cur = rlim_t(highest) + 64;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0)
        return report;
    report.step = 2;
    std::vector<int> filler;
    for (int fd; (fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;)
        filler.push_back(fd);
    if (errno != EMFILE)
        return report;
    report.step = 3;
    const std::string request = get_ml_model_bytes(server.port());
    if (!waiting.connect(server.port()) || !waiting.send(request))
        return report;
    report.step = 4;
    report.cpu_share = cpu_share_during([] { std::this_thread::sleep_for(2s); });
    for (int fd : filler)
        ::close(fd);
    auto answer = waiting.receive(10s);
    report.status_after = answer ? answer->status : -1;
    report.step = 5;
    return report;
}

out_of_descriptors_report in_child(local::server_config config) {
    int channel[2];
    REQUIRE(::pipe(channel) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::close(channel[0]);
        out_of_descriptors_report report;
        try {
            report = run_out_of_descriptors(config);
        } catch (...) {
        }
        [[maybe_unused]] auto written = ::write(channel[1], &report, sizeof report);
        ::_exit(0);
    }
    ::close(channel[1]);
    out_of_descriptors_report report;
    pollfd p{channel[0], POLLIN, 0};
    if (::poll(&p, 1, 60'000) == 1) // generous: only proves the child ends
        CHECK(::read(channel[0], &report, sizeof report) == ssize_t(sizeof report));
    else
        ::kill(child, SIGKILL);
    ::close(channel[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    return report;
}

// --- feeding the parser ----------------------------------------------------------------------

/// Feeds `wire` in pieces of `piece` bytes; the bytes the parser took.
std::size_t feed_in_pieces(local::http_request_parser& parser, std::string_view wire,
                           std::size_t piece) {
    std::size_t used = 0;
    for (std::size_t at = 0; at < wire.size() && parser.state() == local::parse_state::incomplete;
         at += piece)
        used += parser.feed(wire.substr(at, piece));
    return used;
}

struct flood_outcome {
    local::parse_state state = local::parse_state::incomplete;
    int status = 0;
    std::string reason;
    std::size_t fed = 0;           ///< bytes offered before the parser stopped taking them
    std::size_t most_buffered = 0; ///< the parser's largest buffered_bytes() meanwhile
};

/// Feeds `head`, then `unit` over and over in pieces of about 4 KiB, until the parser stops
/// (or 24 MiB went in).
flood_outcome flood(std::string_view head, std::string_view unit,
                    local::request_limits limits = {}) {
    local::http_request_parser parser(limits);
    flood_outcome out;
    std::string block;
    while (block.size() < 4096)
        block += unit;
    parser.feed(head);
    out.fed = head.size();
    while (parser.state() == local::parse_state::incomplete && out.fed < 24 * 1024 * 1024) {
        parser.feed(block);
        out.fed += block.size();
        out.most_buffered = std::max(out.most_buffered, parser.buffered_bytes());
    }
    out.state = parser.state();
    out.status = parser.error_status();
    out.reason = parser.error_reason();
    return out;
}

// Local and with an Authorization header: the server reads such a body (whose signature is
// checked once it is whole) rather than refusing the request at its headers.
const std::string chunked_head =
    "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: AWS4-HMAC-SHA256 "
    "x\r\nTransfer-Encoding: chunked\r\n\r\n";

// --- servers -----------------------------------------------------------------------------------

/// Sends `bytes` from a thread of its own (ignoring a peer that stops reading) while the caller
/// waits for the answer.
class background_sender {
public:
    background_sender(raw_connection& connection, std::string bytes)
        : thread_([&connection, bytes = std::move(bytes)] {
            std::string_view rest = bytes;
            while (!rest.empty() && connection.send(rest.substr(0, 64 * 1024)))
                rest.remove_prefix(std::min<std::size_t>(rest.size(), 64 * 1024));
        }) {}
    ~background_sender() { thread_.join(); }
    background_sender(const background_sender&) = delete;
    background_sender& operator=(const background_sender&) = delete;

private:
    std::thread thread_;
};

/// Sends `bytes` one byte every `interval` from a thread of its own until stop() or the end.
class trickle {
public:
    trickle(raw_connection& connection, std::string bytes, std::chrono::milliseconds interval)
        : thread_([this, &connection, bytes = std::move(bytes), interval] {
            for (char c : bytes) {
                if (stop_ || !connection.send(std::string_view(&c, 1)))
                    return;
                std::this_thread::sleep_for(interval);
            }
        }) {}
    ~trickle() { stop(); }
    trickle(const trickle&) = delete;
    trickle& operator=(const trickle&) = delete;

    void stop() {
        stop_ = true;
        if (thread_.joinable())
            thread_.join();
    }

private:
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

std::string error_type(const awsml::http_response& response) {
    auto body = boost::json::parse(response.body).as_object();
    return std::string(body.at("__type").as_string());
}

} // namespace

// =============================================================================================
// The accept loop

TEST_CASE("server: out of file descriptors, the accept loop waits instead of spinning",
          "[local][server][hardening]") {
    const auto report = in_child({});
    INFO("the child got to step " << report.step);
    REQUIRE(report.step == 5);
    CHECK(report.status_before == 200);
    INFO("CPU share while a connection waited for a descriptor: " << report.cpu_share);
    CHECK(report.cpu_share < 0.3);
    CHECK(report.status_after == 200);
}

TEST_CASE("server: at max_connections, new connections wait in the backlog until one closes",
          "[local][server][hardening]") {
    local::server_config config;
    config.max_connections = 2;
    local::background_server server(awsml_test::bundled_models(), {}, config);
    const auto port = server.port();
    const std::string request = get_ml_model_bytes(port);
    auto first = std::make_unique<raw_connection>(port);
    raw_connection second(port);
    for (auto* open : {first.get(), &second}) {
        REQUIRE(open->send(request));
        auto answer = open->receive();
        REQUIRE(answer);
        CHECK(answer->status == 200);
    }
    raw_connection third(port); // the kernel completes the handshake; the server does not accept
    REQUIRE(third.send(request));
    std::optional<awsml::http_response> early;
    const double cpu = cpu_share_during([&] { early = third.receive(1s); });
    INFO("CPU share while a connection waited at the limit: " << cpu);
    CHECK_FALSE(early);
    CHECK(cpu < 0.3);

    first.reset(); // closing one lets the waiting one in
    auto answer = third.receive(10s);
    REQUIRE(answer);
    CHECK(answer->status == 200);
    REQUIRE(second.send(request));
    auto again = second.receive();
    REQUIRE(again);
    CHECK(again->status == 200);
}

// =============================================================================================
// Work and memory per request

TEST_CASE("parser: the work is linear in the bytes, however finely they are split",
          "[local][parser][hardening]") {
    local::request_limits limits;
    limits.max_body_bytes = 8 * 1024 * 1024;
    SECTION("a 5 MB body with Content-Length, one byte at a time") {
        for (std::size_t size : {1'000'000u, 5'000'000u}) {
            const std::string body(size, 'b');
            const std::string wire =
                "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(size) +
                "\r\n\r\n" + body;
            local::http_request_parser parser(limits);
            CHECK(feed_in_pieces(parser, wire, 1) == wire.size());
            REQUIRE(parser.state() == local::parse_state::complete);
            CHECK(parser.request().body == body);
            INFO(size << " body bytes, " << parser.bytes_scanned() << " bytes scanned");
            CHECK(parser.bytes_scanned() <= 2 * wire.size());
        }
    }
    SECTION("a chunked 1 MiB body in 100-byte chunks, one byte at a time") {
        std::string wire = chunked_head, body;
        for (int i = 0; body.size() < 1024 * 1024; ++i) {
            const std::string chunk(100, char('a' + i % 26));
            wire += "64;n=" + std::to_string(i) + "\r\n" + chunk + "\r\n";
            body += chunk;
        }
        wire += "0\r\nX-Checksum: 1\r\n\r\n";
        limits.max_chunk_extension_bytes = 1024 * 1024;
        local::http_request_parser parser(limits);
        CHECK(feed_in_pieces(parser, wire, 1) == wire.size());
        REQUIRE(parser.state() == local::parse_state::complete);
        CHECK(parser.request().body == body);
        INFO(parser.bytes_scanned() << " bytes scanned of " << wire.size());
        CHECK(parser.bytes_scanned() <= 2 * wire.size());
    }
    SECTION("a 16 KiB header section, one byte at a time") {
        std::string wire = "POST / HTTP/1.1\r\n";
        for (int i = 0; i < 90; ++i)
            wire += "X-Header-" + std::to_string(i) + ": " + std::string(150, 'v') + "\r\n";
        wire += "\r\n";
        REQUIRE(wire.size() <= limits.max_header_bytes);
        local::http_request_parser parser(limits);
        CHECK(feed_in_pieces(parser, wire, 1) == wire.size());
        REQUIRE(parser.state() == local::parse_state::complete);
        CHECK(parser.request().headers.size() == 90);
        CHECK(parser.bytes_scanned() <= 2 * wire.size());
    }
}

TEST_CASE("parser: requests split anywhere parse as whole ones, and follow one another",
          "[local][parser][hardening]") {
    const std::string first = chunked_head + "4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nT: 1\r\n\r\n";
    const std::string second = "\r\nGET /next HTTP/1.1\r\nConnection: close\r\n\r\n";
    const std::string wire = first + second;
    for (std::size_t piece : {1u, 2u, 3u, 7u, 64u}) {
        local::http_request_parser parser;
        std::size_t at = 0;
        std::vector<awsml::http_request> requests;
        std::vector<bool> keep_alive;
        while (at < wire.size()) {
            const std::string_view bytes = std::string_view(wire).substr(at, piece);
            const std::size_t used = parser.feed(bytes);
            at += used;
            REQUIRE(parser.state() != local::parse_state::failed);
            if (parser.state() == local::parse_state::complete) {
                keep_alive.push_back(parser.keep_alive());
                requests.push_back(parser.take());
                parser.reset();
            } else {
                REQUIRE(used == bytes.size());
            }
        }
        REQUIRE(requests.size() == 2);
        CHECK(requests[0].body == "Wikipedia");
        CHECK(keep_alive[0]);
        CHECK(requests[1].target == "/next");
        CHECK_FALSE(keep_alive[1]);
    }
}

TEST_CASE("parser: what may come before, between and after the parts is bounded",
          "[local][parser][hardening]") {
    const local::request_limits limits;
    SECTION("empty lines before the request line") {
        auto out = flood("", "\r\n");
        CHECK(out.state == local::parse_state::failed);
        CHECK(out.status == 400);
        CHECK(out.fed <= limits.max_header_bytes + 8192);
        CHECK(out.most_buffered == 0);
    }
    SECTION("a header line that never ends") {
        auto out = flood("GET / HTTP/1.1\r\nX-Long: ", "a");
        CHECK(out.status == 431);
        CHECK(out.fed <= limits.max_header_bytes + 8192);
        CHECK(out.most_buffered <= limits.max_header_bytes);
    }
    SECTION("chunk extensions") {
        auto out = flood(chunked_head, "1;" + std::string(1000, 'e') + "\r\nx\r\n");
        INFO(out.reason);
        CHECK(out.status == 413);
        CHECK(out.fed <= limits.max_chunk_extension_bytes + 8192);
        CHECK(out.most_buffered <= limits.max_chunk_line_bytes);
    }
    SECTION("whitespace padding chunk sizes counts as extensions") {
        auto out = flood(chunked_head, "1" + std::string(1000, ' ') + "\r\nx\r\n");
        CHECK(out.status == 413);
        CHECK(out.fed <= limits.max_chunk_extension_bytes + 8192);
    }
    SECTION("a chunk-size line that never ends") {
        auto out = flood(chunked_head + "1;", "e");
        CHECK(out.status == 400);
        CHECK(out.most_buffered <= limits.max_chunk_line_bytes);
    }
    SECTION("many small chunks") {
        auto out = flood(chunked_head, "1\r\nx\r\n");
        CHECK(out.status == 413);
        CHECK(out.fed <= 6 * limits.max_body_bytes + 8192);
        CHECK(out.most_buffered <= limits.max_chunk_line_bytes);
    }
    SECTION("trailers") {
        auto out = flood(chunked_head + "0\r\n", "X-Trailer: value\r\n");
        CHECK(out.status == 431);
        CHECK(out.fed <= limits.max_header_bytes + 8192);
    }
    SECTION("bare LF and bare CR") {
        CHECK(local::parse_http_request("GET / HTTP/1.1\nHost: x\r\n\r\n").error_status == 400);
        CHECK(local::parse_http_request("GET / HTTP/1.1\r\nHost: x\n\r\n").error_status == 400);
        CHECK(local::parse_http_request("\rGET / HTTP/1.1\r\n\r\n").error_status == 400);
        CHECK(local::parse_http_request(chunked_head + "1\n").error_status == 400);
        CHECK(local::parse_http_request(chunked_head + "1;a\rb\r\n").error_status == 400);
        CHECK(local::parse_http_request(chunked_head + "0\r\nT: 1\n").error_status == 400);
    }
}

TEST_CASE("server: floods of empty lines, chunk extensions or trailers are refused, not buffered",
          "[local][server][hardening]") {
    local::background_server server(awsml_test::bundled_models());
    const auto port = server.port();
    auto refused = [&](std::string bytes) {
        raw_connection connection(port);
        std::optional<awsml::http_response> answer;
        {
            background_sender sender(connection, std::move(bytes));
            answer = connection.receive(10s);
            CHECK(connection.closed_by_server(10s));
        }
        REQUIRE(answer);
        return *answer;
    };
    auto repeated = [](std::string_view unit, std::size_t bytes) {
        std::string out;
        while (out.size() < bytes)
            out += unit;
        return out;
    };
    const std::size_t mib = 1024 * 1024;

    auto crlf = refused(repeated("\r\n", mib));
    CHECK(crlf.status == 400);
    CHECK(error_type(crlf) == "BadRequestException");

    auto extensions =
        refused(chunked_head + repeated("1;" + std::string(1000, 'e') + "\r\nx\r\n", mib));
    CHECK(extensions.status == 413);
    CHECK(error_type(extensions) == "RequestEntityTooLargeException");

    auto trailers = refused(chunked_head + "0\r\n" + repeated("X-Trailer: value\r\n", mib));
    CHECK(trailers.status == 431);
    CHECK(error_type(trailers) == "RequestHeaderFieldsTooLargeException");
}

// =============================================================================================
// Slow requests

TEST_CASE("server: a request still arriving at request_timeout is answered 408 and closed",
          "[local][server][hardening]") {
    local::server_config config;
    config.request_timeout = 1s;
    local::background_server server(awsml_test::bundled_models(), {}, config);
    const auto port = server.port();
    const std::string request = get_ml_model_bytes(port);

    SECTION("headers one byte per 100 ms, while another client is served") {
        raw_connection slow(port);
        const auto began = std::chrono::steady_clock::now();
        trickle sender(slow, request, 100ms); // would take over a minute
        for (int i = 0; i < 3; ++i) {
            raw_connection normal(port);
            REQUIRE(normal.send(request));
            auto answer = normal.receive();
            REQUIRE(answer);
            CHECK(answer->status == 200);
        }
        auto answer = slow.receive(20s); // generous: only proves the request is cut off
        const auto took = std::chrono::steady_clock::now() - began;
        sender.stop();
        REQUIRE(answer);
        CHECK(answer->status == 408);
        CHECK(error_type(*answer) == "RequestTimeoutException");
        CHECK(answer->header("X-Amzn-ErrorType") ==
              std::optional<std::string_view>("RequestTimeoutException"));
        CHECK(took >= config.request_timeout);
        CHECK(slow.closed_by_server());
    }
    SECTION("a body one byte per 100 ms") {
        raw_connection slow(port);
        const std::size_t head = request.find("\r\n\r\n") + 4;
        REQUIRE(slow.send(request.substr(0, head)));
        trickle sender(slow, request.substr(head), 100ms);
        auto answer = slow.receive(20s);
        sender.stop();
        REQUIRE(answer);
        CHECK(answer->status == 408);
        CHECK(slow.closed_by_server());
    }
    SECTION("empty lines alone are no request: the connection closes without an answer") {
        raw_connection idle(port);
        REQUIRE(idle.send("\r\n"));
        CHECK_FALSE(idle.receive(20s));
        CHECK(idle.closed_by_server(1s));
    }
    SECTION("a kept-alive connection may stay quiet between requests") {
        raw_connection client(port);
        for (int i = 0; i < 2; ++i) {
            REQUIRE(client.send(request));
            auto answer = client.receive();
            REQUIRE(answer);
            CHECK(answer->status == 200);
            std::this_thread::sleep_for(1500ms);
        }
    }
}

// =============================================================================================
// What a browser may ask

TEST_CASE("server: a foreign Host, another site's browser request and an unsigned body are "
          "refused at their headers",
          "[local][server][hardening]") {
    std::mutex records_mutex;
    std::vector<local::request_record> records;
    local::server_config config;
    config.on_request = [&](const local::request_record& record) {
        const std::lock_guard lock(records_mutex);
        records.push_back(record);
    };
    local::background_server server(awsml_test::bundled_models(), {}, config);
    const auto port = server.port();
    const std::string local_host = "127.0.0.1:" + std::to_string(port);
    // The answer to a request's head alone (a body may be announced but is never sent).
    auto answer_to = [&](const std::string& head) {
        raw_connection connection(port);
        REQUIRE(connection.send(head + "\r\n"));
        auto answer = connection.receive(10s);
        REQUIRE(answer);
        return *answer;
    };
    auto api = [](const std::string& host, const std::string& more) {
        return "POST / HTTP/1.1\r\nHost: " + host +
               "\r\nX-Amz-Target: AmazonML_20141212.GetMLModel\r\nContent-Length: 100\r\n" + more;
    };
    auto s3_put = [](const std::string& host, const std::string& more) {
        return "PUT /bucket/key HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 1000000\r\n" +
               more;
    };
    const std::string signed_header = "Authorization: AWS4-HMAC-SHA256 Credential=x\r\n";

    SECTION("a Host that is not local: a page that rebound its own name to 127.0.0.1") {
        const auto ml = answer_to(api("attacker.example:" + std::to_string(port), signed_header));
        CHECK(ml.status == 403);
        CHECK(error_type(ml) == "AccessDeniedException");
        CHECK_THAT(ml.body, Catch::Contains("not \\\"attacker.example\\\"") &&
                                Catch::Contains("DNS rebinding"));
        // Logged as any request is: numbered, with the operation its headers name (the record
        // may follow the answer by a moment).
        std::optional<local::request_record> logged;
        for (int i = 0; i < 100 && !logged; ++i) {
            {
                const std::lock_guard lock(records_mutex);
                if (!records.empty())
                    logged = records.front();
            }
            std::this_thread::sleep_for(50ms);
        }
        REQUIRE(logged);
        CHECK(logged->number > 0);
        CHECK(logged->operation == "GetMLModel");
        CHECK(logged->status == 403);
        CHECK(logged->error_code == "AccessDeniedException");
        const auto s3 = answer_to(s3_put("attacker.example", signed_header));
        CHECK(s3.status == 403);
        CHECK_THAT(s3.body, Catch::Contains("<Code>AccessDenied</Code>") &&
                                Catch::Contains("DNS rebinding"));
    }
    SECTION("local names get past the Host check: localhost, under .localhost, IP literals") {
        for (const std::string host :
             {"localhost", "LOCALHOST.", "bucket.localhost", "[::1]", "127.0.0.1"}) {
            CAPTURE(host);
            // Unsigned, with a body: refused as unsigned (the API's or, for a bucket's name, S3's
            // words), which comes after the Host check.
            const auto answer = answer_to(api(host + ":" + std::to_string(port), ""));
            CHECK(answer.status == 403);
            CHECK_THAT(answer.body, !Catch::Contains("rebinding"));
        }
    }
    SECTION("a browser's request on another site's behalf") {
        const auto cross =
            answer_to(s3_put(local_host, signed_header + "Sec-Fetch-Site: cross-site\r\n"));
        CHECK(cross.status == 403);
        CHECK_THAT(cross.body, Catch::Contains("Sec-Fetch-Site"));
        const auto same_site =
            answer_to(api(local_host, signed_header + "Sec-Fetch-Site: same-site\r\n"));
        CHECK(same_site.status == 403);
        CHECK(error_type(same_site) == "AccessDeniedException");
        const auto origin =
            answer_to(api(local_host, signed_header + "Origin: http://evil.example\r\n"));
        CHECK(origin.status == 403);
        CHECK_THAT(origin.body, Catch::Contains("evil.example"));
        // Reads may come from any page, as a presigned link on it would: past the guard, S3
        // finds this presigned query malformed.
        for (const std::string site : {"cross-site", "same-site"}) {
            CAPTURE(site);
            const auto navigation =
                answer_to("GET /bucket/key?X-Amz-Signature=0 HTTP/1.1\r\nHost: " + local_host +
                          "\r\nSec-Fetch-Site: " + site + "\r\nOrigin: http://evil.example\r\n");
            CHECK(navigation.status == 400);
            CHECK_THAT(navigation.body,
                       Catch::Contains("<Code>AuthorizationQueryParametersError</Code>"));
        }
        // The server's own origin passes the guard, on to the signature's check.
        raw_connection connection(port);
        REQUIRE(connection.send("POST / HTTP/1.1\r\nHost: " + local_host + "\r\n" + signed_header +
                                "Origin: http://" + local_host +
                                "\r\nSec-Fetch-Site: same-origin\r\nContent-Length: 2\r\n\r\n{}"));
        const auto own = connection.receive(10s);
        REQUIRE(own);
        CHECK(own->status == 400);
        CHECK(error_type(*own) == "IncompleteSignatureException");
    }
    SECTION("a body without a signature is refused before it is read") {
        const auto ml = answer_to(api(local_host, ""));
        CHECK(ml.status == 403);
        CHECK(error_type(ml) == "MissingAuthenticationTokenException");
        const auto s3 = answer_to(s3_put(local_host, ""));
        CHECK(s3.status == 403);
        CHECK_THAT(s3.body, Catch::Contains("<Code>AccessDenied</Code>"));
        // A client still sending its body gets the whole answer, then the close: no reset.
        raw_connection uploading(port);
        std::optional<awsml::http_response> answer;
        {
            background_sender sender(uploading,
                                     s3_put(local_host, "") + "\r\n" + std::string(1000000, 'x'));
            answer = uploading.receive(10s);
            CHECK(uploading.closed_by_server(10s));
        }
        REQUIRE(answer);
        CHECK(answer->status == 403);
        CHECK_THAT(answer->body, Catch::Contains("<Code>AccessDenied</Code>"));
    }
}

} // namespace local_hardening_test
