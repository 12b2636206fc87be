#pragma once

// The network side of awsml-local: an asynchronous HTTP/1.1 (or, with a certificate, HTTPS)
// server on standalone Asio that reads requests, hands them to an awsml::local::emulator and
// carries out its answer. Connections are kept alive (no pipelining: one request at a time per
// connection; bytes that arrive early wait, at most one read's worth), closed after an idle
// timeout, and all closed by stop().
//
//     asio::io_context io;
//     awsml::local::emulator service(awsml::local::model_store::from_file(path).value());
//     awsml::local::server server(io, service, {.port = 0});
//     std::cout << "listening on 127.0.0.1:" << server.port() << std::endl;
//     io.run(); // until server.stop()
//
// Tests embed it with background_server, which runs one on its own thread.
//
// Requests that are not valid HTTP get a JSON error from the emulator's refuse_unreadable and
// the connection is closed: 400 BadRequestException, 413 RequestEntityTooLargeException,
// 431 RequestHeaderFieldsTooLargeException, 501 NotImplementedException (a transfer coding
// other than chunked), 505 HttpVersionNotSupportedException; and 408 RequestTimeoutException for
// a request that has not arrived in full request_timeout after its first byte (a connection that
// sent only empty lines by then is closed without an answer). An S3 request whose headers
// arrived is answered S3's way instead: 400 EntityTooLarge, 400 RequestTimeout.
//
// What a peer can cost: each connection parses incrementally (see http_request_parser: work
// linear in the bytes, memory bounded by request_limits) and holds one unfinished read at most;
// at most max_connections are open (more wait in the listen backlog until one closes); when the
// process runs out of file descriptors (EMFILE, ENFILE) accepting pauses, 100 ms doubling up to
// 1 s, instead of retrying at once. An S3 GET being sent holds its file open and one block of
// it (file_body_block_bytes), until it is sent or the connection idles out.
//
// The log (one line per request, see format_request_log) never holds a header value, a
// signature, a secret or a session token.

#include <awsml-local/http_request_parser.hpp>
#include <awsml-local/service.hpp>
#include <awsml/core/error.hpp>
#include <awsml/http/detail/asio.hpp>

#include <asio/dispatch.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/thread_pool.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <type_traits>
#include <unordered_map>

namespace awsml::local {

struct tls_files {
    std::string certificate_chain_file; ///< PEM, the server's certificate first
    std::string private_key_file;       ///< PEM
};

/// What the log says about one request.
struct request_record {
    std::uint64_t number = 0; ///< the emulator's request number; 0 when the HTTP was invalid
    std::string operation;    ///< "GetMLModel", the X-Amz-Target as sent, or empty
    std::string model_id;     ///< the entity the body names (see exchange); empty if none
    int status = 0;           ///< 0 when nothing was answered (a dropped connection)
    std::string error_code;   ///< the error's __type; empty on success
    std::optional<fault_kind> fault;
    std::chrono::microseconds latency{0}; ///< from the request's last byte to the answer's
};

/// "#12 GetMLModel ml-abc 400 ResourceNotFoundException 0.4ms" (with " fault=KIND" when one
/// was injected; "-" for what is unknown, "dropped" for no answer).
inline std::string format_request_log(const request_record& record);

struct server_config {
    std::string address = "127.0.0.1";
    std::uint16_t port = 0; ///< 0 picks a free port; see server::port()
    std::optional<tls_files> tls;
    request_limits limits;
    /// A connection with nothing to read or write for this long is closed.
    std::chrono::milliseconds idle_timeout{60'000};
    /// Threads answering requests: this many requests are worked on at once.
    std::size_t workers = 4;
    /// From a request's first byte to its last: a request slower than this is answered 408 and
    /// the connection closed (without an answer when only empty lines came). Zero: no limit.
    std::chrono::milliseconds request_timeout{30'000};
    /// Connections open at once; beyond it new ones wait in the listen backlog until one closes.
    /// Zero: no limit.
    std::size_t max_connections = 256;
    std::ostream* log = nullptr;                           ///< one line per request
    std::function<void(const request_record&)> on_request; ///< called for every request
};

namespace detail::server {
struct listener_state;
} // namespace detail::server

class server {
public:
    /// Listens at once (so port() is known); serves once `io` runs. Throws awsml::error:
    /// errc::config_error for an unusable certificate or key, errc::transport_error when the
    /// address cannot be bound. `service` must outlive `io`'s handlers.
    server(asio::io_context& io, emulator& service, server_config config);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    std::uint16_t port() const noexcept { return port_; }
    const std::string& address() const noexcept { return address_; }
    bool uses_tls() const noexcept { return tls_; }
    /// "http://127.0.0.1:PORT" or "https://...".
    std::string endpoint_url() const;

    /// Stops accepting and closes every connection; `io.run()` then returns once nothing else
    /// keeps it busy. Safe to call from any thread, more than once.
    void stop();

private:
    std::unique_ptr<asio::thread_pool> workers_;
    std::shared_ptr<detail::server::listener_state> state_;
    std::string address_;
    std::uint16_t port_ = 0;
    bool tls_ = false;
};

/// An emulator and its server running on their own thread, for tests and embedding.
class background_server {
public:
    explicit background_server(const model_store& models, service_settings settings = {},
                               server_config config = {});
    ~background_server() { stop(); }
    background_server(const background_server&) = delete;
    background_server& operator=(const background_server&) = delete;

    std::uint16_t port() const noexcept { return server_.port(); }
    std::string endpoint_url() const { return server_.endpoint_url(); }
    /// Stops the server and joins its thread; idempotent.
    void stop();

private:
    emulator service_;
    asio::io_context io_;
    server server_;
    std::thread thread_;
};

// =============================================================================================
// Implementation

inline std::string format_request_log(const request_record& record) {
    auto or_dash = [](const std::string& text) { return text.empty() ? std::string("-") : text; };
    std::string line = "#" + (record.number ? std::to_string(record.number) : std::string("-"));
    line += " " + or_dash(record.operation) + " " + or_dash(record.model_id) + " ";
    line += record.status ? std::to_string(record.status) : std::string("dropped");
    if (!record.error_code.empty())
        line += " " + record.error_code;
    const auto tenths_of_ms = (record.latency.count() + 50) / 100;
    line +=
        " " + std::to_string(tenths_of_ms / 10) + "." + std::to_string(tenths_of_ms % 10) + "ms";
    if (record.fault)
        line += " fault=" + std::string(fault_name(*record.fault));
    return line;
}

namespace detail::server {

using tcp = asio::ip::tcp;

class connection_base {
public:
    virtual ~connection_base() = default;
    virtual void close() = 0;
};

struct listener_state {
    listener_state(asio::io_context& io, emulator& service, server_config config)
        : service(&service)
        , config(std::move(config))
        , acceptor(io)
        , accept_timer(io)
        , publish_timer(io) {}

    emulator* service;
    asio::thread_pool* workers = nullptr; ///< where requests are answered
    server_config config;
    std::optional<asio::ssl::context> tls;
    asio::ip::tcp::acceptor acceptor;
    asio::steady_timer accept_timer;  ///< the pause after an accept error
    asio::steady_timer publish_timer; ///< when staged batch prediction results are looked at
    /// A publishing task waits for a worker: no second one is queued behind it (the workers may
    /// all be training for minutes).
    std::atomic<bool> publish_queued{false};
    std::chrono::milliseconds accept_backoff{0};
    bool accepting = false; ///< an accept, or the pause before one, is under way
    bool stopping = false;
    /// The open connections (closing ones leave at close()).
    std::unordered_map<connection_base*, std::weak_ptr<connection_base>> connections;

    bool at_connection_limit() const noexcept {
        return config.max_connections != 0 && connections.size() >= config.max_connections;
    }

    void report(const request_record& record) {
        if (config.log)
            *config.log << "awsml-local: " << format_request_log(record) << std::endl;
        if (config.on_request)
            config.on_request(record);
    }
};

/// Accepts the next connection unless stopping, already accepting, or at max_connections.
inline void accept_next(const std::shared_ptr<listener_state>& state);

inline std::string_view parse_error_code(int status) {
    switch (status) {
    case 408:
        return "RequestTimeoutException";
    case 413:
        return "RequestEntityTooLargeException";
    case 431:
        return "RequestHeaderFieldsTooLargeException";
    case 501:
        return "NotImplementedException";
    case 505:
        return "HttpVersionNotSupportedException";
    default:
        return "BadRequestException";
    }
}

template <class Stream>
class connection final : public connection_base,
                         public std::enable_shared_from_this<connection<Stream>> {
public:
    static constexpr bool is_tls = !std::is_same_v<Stream, tcp::socket>;

    connection(Stream stream, std::shared_ptr<listener_state> state)
        : stream_(std::move(stream))
        , idle_{asio::steady_timer(stream_.get_executor())}
        , request_{asio::steady_timer(stream_.get_executor())}
        , delay_timer_(stream_.get_executor())
        , state_(std::move(state))
        , parser_(state_->config.limits) {}

    ~connection() override { state_->connections.erase(this); }

    void start() {
        state_->connections[this] = this->shared_from_this();
        if constexpr (is_tls) {
            arm_idle_timer();
            stream_.async_handshake(asio::ssl::stream_base::server,
                                    [self = this->shared_from_this()](const std::error_code& ec) {
                                        if (ec || self->closed_)
                                            return self->close();
                                        self->read_some();
                                    });
        } else {
            read_some();
        }
    }

    void close() override {
        if (closed_)
            return;
        closed_ = true;
        idle_.timer.cancel();
        request_.timer.cancel();
        delay_timer_.cancel();
        std::error_code ignored;
        socket().close(ignored);
        // Its descriptor is free: a connection waiting in the backlog may take its place.
        state_->connections.erase(this);
        accept_next(state_);
    }

private:
    enum class then { read_next, close_gracefully };

    // The idle and request deadlines move at each read, write and request, and seldom pass: a
    // deadline moves without touching its timer, which is armed only when none is waiting or
    // the deadline moves earlier, and a wait that ends before the deadline waits again for the
    // rest. A busy connection so arms each about once per timeout rather than at each request
    // (each arming is a system call, as many as the request's own reads and writes).
    using clock = std::chrono::steady_clock;
    struct moving_deadline {
        asio::steady_timer timer;
        clock::time_point at = clock::time_point::max(); ///< max: none (working, or no request)
        std::uint64_t step = 0;                          ///< which wait is current
        bool waiting = false;
    };
    using deadline_member = moving_deadline connection::*;

    void move_deadline(deadline_member which, clock::time_point at) {
        moving_deadline& deadline = this->*which;
        deadline.at = at;
        if (!deadline.waiting || deadline.timer.expiry() > at)
            wait_for_deadline(which);
    }

    void wait_for_deadline(deadline_member which) {
        moving_deadline& deadline = this->*which;
        const std::uint64_t step = ++deadline.step;
        deadline.waiting = true;
        deadline.timer.expires_at(deadline.at);
        deadline.timer.async_wait(
            [weak = this->weak_from_this(), which, step](const std::error_code& ec) {
                auto self = weak.lock();
                if (!self || step != ((*self).*which).step)
                    return; // superseded by an earlier deadline
                moving_deadline& passed = (*self).*which;
                passed.waiting = false;
                if (ec || self->closed_ || passed.at == clock::time_point::max())
                    return;
                if (clock::now() < passed.at)
                    return self->wait_for_deadline(which);
                passed.at = clock::time_point::max();
                which == &connection::idle_ ? self->close() : self->request_timed_out();
            });
    }

    void arm_idle_timer(std::chrono::milliseconds timeout) {
        move_deadline(&connection::idle_, clock::now() + timeout);
    }
    void arm_idle_timer() { arm_idle_timer(state_->config.idle_timeout); }

    /// Starts the request's deadline (its first byte, if only of an empty line, has arrived).
    void arm_request_timer() {
        if (state_->config.request_timeout.count() > 0)
            move_deadline(&connection::request_, clock::now() + state_->config.request_timeout);
    }

    void request_timed_out() {
        timed_out_ = true;
        std::error_code ignored;
        if (reading_) // its handler answers 408; otherwise the next read_some() does
            socket().cancel(ignored);
    }

    void read_some() {
        if (closed_)
            return;
        if (timed_out_ && !parser_.started())
            return close(); // only empty lines: no request to answer
        if (timed_out_)
            return refuse(408, "the request did not arrive in full within " +
                                   std::to_string(state_->config.request_timeout.count()) + " ms");
        arm_idle_timer();
        reading_ = true;
        stream_.async_read_some(
            asio::buffer(read_buffer_),
            [self = this->shared_from_this()](const std::error_code& ec, std::size_t n) {
                self->reading_ = false;
                if (self->timed_out_ && !self->closed_)
                    return self->read_some();
                if (ec || self->closed_)
                    return self->close();
                self->consume(std::string_view(self->read_buffer_.data(), n));
            });
    }

    /// After an answer: the bytes that arrived early, then the socket.
    void process_pending() {
        const std::string early = std::move(pending_);
        pending_.clear();
        consume(early);
    }

    /// Feeds `input` to the parser; what follows a complete request waits in pending_.
    void consume(std::string_view input) {
        const bool received_any = parser_.received_any();
        input.remove_prefix(parser_.feed(input));
        if (!received_any && parser_.received_any())
            arm_request_timer();
        if (parser_.headers_complete() && !screened_ && parser_.state() != parse_state::failed) {
            screened_ = true;
            if (auto refused = state_->service->screen(parser_.request()))
                return refuse(std::move(*refused));
        }
        switch (parser_.state()) {
        case parse_state::complete: {
            request_.at = clock::time_point::max();
            pending_.assign(input.data(), input.size());
            continue_sent_ = false;
            screened_ = false;
            const bool keep_alive = parser_.keep_alive();
            http_request request = parser_.take();
            parser_.reset();
            return handle(std::move(request), keep_alive);
        }
        case parse_state::failed:
            request_.at = clock::time_point::max();
            return refuse(parser_.error_status(), parser_.error_reason());
        case parse_state::incomplete:
            if (parser_.headers_complete() && parser_.expects_continue() && !continue_sent_) {
                continue_sent_ = true;
                return write("HTTP/1.1 100 Continue\r\n\r\n", then::read_next, std::nullopt);
            }
            return read_some();
        }
    }

    void refuse(int status, const std::string& reason) {
        const http_request* headers_read =
            parser_.headers_complete() ? &parser_.request() : nullptr;
        refuse(state_->service->refuse_unreadable(status, parse_error_code(status), reason,
                                                  headers_read));
    }

    /// Answers `refused` and closes: the rest of the request is not read.
    void refuse(emulator::refused_request refused) {
        request_.at = clock::time_point::max();
        received_at_ = std::chrono::steady_clock::now();
        request_record record;
        record.number = refused.number;
        record.operation = std::move(refused.operation);
        record.model_id = std::move(refused.model_id);
        record.status = refused.response.status;
        record.error_code = std::move(refused.error_code);
        write(serialize_response(refused.response, false), then::close_gracefully,
              std::move(record));
    }

    /// The emulator answers on a worker thread (training a model may take a while), so other
    /// connections are served meanwhile; the answer comes back to this connection's executor.
    /// A request that only reads the state is answered here, on the I/O thread, at once.
    void handle(http_request request, bool keep_alive_requested) {
        received_at_ = std::chrono::steady_clock::now();
        request.scheme = is_tls ? "https" : "http";
        answering_head_ = request.method == "HEAD";
        idle_.at = clock::time_point::max(); // not idle: working; write() moves it again
        if (state_->service->answers_quickly(request))
            return answered(state_->service->handle_at_once(request), keep_alive_requested);
        asio::post(*state_->workers, [self = this->shared_from_this(), request = std::move(request),
                                      keep_alive_requested]() mutable {
            exchange answer = self->state_->service->handle(request);
            // The connection goes back with the answer: it is only ever released (and so
            // destroyed) on the io thread, never here.
            auto executor = self->stream_.get_executor();
            asio::post(executor, [self = std::move(self), answer = std::move(answer),
                                  keep_alive_requested]() mutable {
                if (!self->closed_)
                    self->answered(std::move(answer), keep_alive_requested);
            });
        });
    }

    void answered(exchange answer, bool keep_alive_requested) {
        const bool keep_alive = keep_alive_requested && !state_->stopping;
        if (answer.delay.count() <= 0)
            return act(answer, keep_alive);
        delay_timer_.expires_after(answer.delay);
        delay_timer_.async_wait([self = this->shared_from_this(), answer = std::move(answer),
                                 keep_alive](const std::error_code& ec) mutable {
            if (ec || self->closed_)
                return self->close();
            self->act(answer, keep_alive);
        });
    }

    void act(exchange& answer, bool keep_alive) {
        request_record record;
        record.number = answer.number;
        record.operation = answer.operation;
        record.model_id = answer.model_id;
        record.error_code = answer.error_code;
        record.fault = answer.fault;
        if (answer.action == reply_action::drop) {
            record.latency = elapsed();
            state_->report(record);
            return close();
        }
        record.status = answer.response.status;
        const bool truncated = answer.action == reply_action::truncate;
        keep_alive = keep_alive && !truncated;
        std::string head = serialize_head(answer.response, keep_alive);
        // A HEAD is answered with the headers a GET would have, Content-Length included, and
        // no body: a client reads none, and any would be taken for the next answer.
        std::string body = answering_head_ ? std::string() : std::move(answer.response.body);
        std::optional<file_body> file;
        if (answer.streamed_body && !answering_head_)
            file = std::move(answer.streamed_body);
        if (truncated) { // Content-Length still promises the whole body; send half of it.
            const std::uint64_t whole = body.size() + (file ? file->left() : 0);
            const std::uint64_t half = whole / 2;
            body.resize(static_cast<std::size_t>(std::min<std::uint64_t>(half, body.size())));
            if (file)
                file->keep_first(half - body.size());
        }
        write(std::move(head), std::move(body),
              keep_alive ? then::read_next : then::close_gracefully, std::move(record),
              std::move(file));
    }

    void write(std::string bytes, then next, std::optional<request_record> record) {
        write(std::move(bytes), std::string(), next, std::move(record));
    }

    /// Sends `head` and `body`, then what `file` holds, one block at a time. Each block is read
    /// when the one before is sent, on the I/O thread, not on a worker: the workers may all be
    /// training for minutes, while a block of a file under --s3-root comes from the page cache
    /// or a local disk. (On a slow network file system, a read would hold up the other
    /// connections.)
    void write(std::string head, std::string body, then next, std::optional<request_record> record,
               std::optional<file_body> file = {}) {
        output_head_ = std::move(head);
        output_body_ = std::move(body);
        output_file_ = std::move(file);
        send_output(next, std::move(record));
    }

    void send_output(then next, std::optional<request_record> record) {
        arm_idle_timer();
        const std::array<asio::const_buffer, 2> output{asio::buffer(output_head_),
                                                       asio::buffer(output_body_)};
        asio::async_write(
            stream_, output,
            [self = this->shared_from_this(), next,
             record = std::move(record)](const std::error_code& ec, std::size_t) mutable {
                if (!ec && !self->closed_ && self->output_file_ && self->output_file_->left() > 0) {
                    self->output_head_.clear();
                    if (!self->read_file_block())
                        return self->file_unreadable(std::move(record));
                    return self->send_output(next, std::move(record));
                }
                self->output_file_.reset();
                if (record) {
                    record->latency = self->elapsed();
                    if (ec)
                        record->status = 0;
                    self->state_->report(*record);
                }
                if (ec || self->closed_)
                    return self->close();
                if (next == then::read_next)
                    return self->process_pending();
                self->linger_close();
            });
    }

    /// Reads the file's next block into output_body_; false if it cannot be read.
    bool read_file_block() {
        output_body_.resize(static_cast<std::size_t>(
            std::min<std::uint64_t>(output_file_->left(), file_body_block_bytes)));
        return output_file_->read_next(output_body_.data(), output_body_.size());
    }

    /// The file went short or unreadable after its length was promised: the connection is
    /// closed, so that the client sees a body cut short, never another's bytes.
    void file_unreadable(std::optional<request_record> record) {
        output_file_.reset();
        if (record) {
            record->latency = elapsed();
            record->status = 0;
            state_->report(*record);
        }
        close();
    }

    /// Half-closes, then reads and discards until the peer closes (briefly), so that unread
    /// request bytes cannot turn the close into a reset that destroys the answer in flight.
    void linger_close() {
        std::error_code ignored;
        socket().shutdown(tcp::socket::shutdown_send, ignored);
        drain();
    }

    void drain() {
        if (closed_)
            return;
        arm_idle_timer(std::min<std::chrono::milliseconds>(state_->config.idle_timeout,
                                                           std::chrono::seconds(2)));
        socket().async_read_some(
            asio::buffer(read_buffer_),
            [self = this->shared_from_this()](const std::error_code& ec, std::size_t) {
                if (ec || self->closed_)
                    return self->close();
                self->drain();
            });
    }

    tcp::socket& socket() {
        if constexpr (is_tls)
            return stream_.next_layer();
        else
            return stream_;
    }

    std::chrono::microseconds elapsed() const {
        return std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - received_at_);
    }

    Stream stream_;
    moving_deadline idle_;    ///< then close()
    moving_deadline request_; ///< then request_timed_out()
    asio::steady_timer delay_timer_;
    std::shared_ptr<listener_state> state_;
    http_request_parser parser_;
    std::array<char, 16 * 1024> read_buffer_{};
    std::string pending_; ///< bytes after a complete request: at most one read's worth
    std::string output_head_, output_body_; ///< being written
    std::optional<file_body> output_file_;  ///< the rest of the body, to send after them
    bool continue_sent_ = false;
    bool screened_ = false;  ///< the request's headers were shown to emulator::screen
    bool reading_ = false;   ///< an async_read_some is under way
    bool timed_out_ = false; ///< request_timeout expired: answer 408 instead of reading on
    bool closed_ = false;
    bool answering_head_ = false; ///< the request in hand is a HEAD: its answer has no body
    std::chrono::steady_clock::time_point received_at_{};
};

inline asio::ssl::context make_tls_context(const tls_files& files) {
    asio::ssl::context context(asio::ssl::context::tls_server);
    context.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                        asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                        asio::ssl::context::no_tlsv1_1);
    std::error_code ec;
    context.use_certificate_chain_file(files.certificate_chain_file, ec);
    if (ec)
        throw awsml::error(make_error_code(errc::config_error),
                           "cannot load the TLS certificate chain " + files.certificate_chain_file +
                               ": " + ec.message());
    context.use_private_key_file(files.private_key_file, asio::ssl::context::pem, ec);
    if (ec)
        throw awsml::error(make_error_code(errc::config_error), "cannot load the TLS private key " +
                                                                    files.private_key_file + ": " +
                                                                    ec.message());
    return context;
}

/// After a failed accept: at once when only that connection failed, else (out of descriptors or
/// memory: the connection stays in the backlog and would fail again) after a pause, 100 ms
/// doubling up to 1 s, so that the loop does not spin.
inline void accept_after_error(const std::shared_ptr<listener_state>& state,
                               const std::error_code& ec) {
    if (ec == asio::error::connection_aborted)
        return accept_next(state);
    using std::chrono::milliseconds;
    state->accept_backoff =
        std::clamp(state->accept_backoff * 2, milliseconds(100), milliseconds(1000));
    state->accepting = true;
    state->accept_timer.expires_after(state->accept_backoff);
    state->accept_timer.async_wait([state](const std::error_code& wait_error) {
        state->accepting = false;
        if (!wait_error)
            accept_next(state);
    });
}

inline void accept_next(const std::shared_ptr<listener_state>& state) {
    if (state->stopping || state->accepting || state->at_connection_limit())
        return; // a connection's close() resumes
    state->accepting = true;
    state->acceptor.async_accept([state](const std::error_code& ec, tcp::socket socket) {
        state->accepting = false;
        if (state->stopping || ec == asio::error::operation_aborted)
            return;
        if (ec)
            return accept_after_error(state, ec);
        state->accept_backoff = std::chrono::milliseconds(0);
        std::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        if (state->tls)
            std::make_shared<connection<asio::ssl::stream<tcp::socket>>>(
                asio::ssl::stream<tcp::socket>(std::move(socket), *state->tls), state)
                ->start();
        else
            std::make_shared<connection<tcp::socket>>(std::move(socket), state)->start();
        accept_next(state);
    });
}

// A batch prediction's results appear when it completes, whether or not a request comes then:
// five times a second, a worker moves the due ones into place (operations::publish_due_results).
inline void publish_results_when_due(const std::shared_ptr<listener_state>& state) {
    state->publish_timer.expires_after(std::chrono::milliseconds(200));
    state->publish_timer.async_wait([state](std::error_code ec) {
        if (ec || state->stopping)
            return;
        if (state->service->operations().results_pending() && !state->publish_queued.exchange(true))
            asio::post(*state->workers, [state] {
                state->publish_queued = false;
                state->service->operations().publish_due_results(
                    std::chrono::time_point_cast<std::chrono::milliseconds>(state->service->now()));
            });
        publish_results_when_due(state);
    });
}

} // namespace detail::server

inline server::server(asio::io_context& io, emulator& service, server_config config)
    : workers_(std::make_unique<asio::thread_pool>(std::max<std::size_t>(1, config.workers)))
    , state_(std::make_shared<detail::server::listener_state>(io, service, std::move(config))) {
    state_->workers = workers_.get();
    if (state_->config.tls) {
        state_->tls.emplace(detail::server::make_tls_context(*state_->config.tls));
        tls_ = true;
    }
    const std::string where = state_->config.address + ":" + std::to_string(state_->config.port);
    try {
        const asio::ip::tcp::endpoint endpoint(asio::ip::make_address(state_->config.address),
                                               state_->config.port);
        auto& acceptor = state_->acceptor;
        acceptor.open(endpoint.protocol());
        acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen(asio::socket_base::max_listen_connections);
        port_ = acceptor.local_endpoint().port();
        address_ = acceptor.local_endpoint().address().to_string();
    } catch (const std::system_error& e) {
        throw awsml::error(make_error_code(errc::transport_error),
                           "cannot listen on " + where + ": " + e.code().message());
    }
    detail::server::accept_next(state_);
    detail::server::publish_results_when_due(state_);
}

inline server::~server() {
    // Handlers still queued on the io_context keep the state (and their connections) alive.
    stop();
    workers_->join(); // no answer is being computed once the server is gone
}

inline std::string server::endpoint_url() const {
    const bool v6 = address_.find(':') != std::string::npos;
    return std::string(tls_ ? "https://" : "http://") + (v6 ? "[" + address_ + "]" : address_) +
           ":" + std::to_string(port_);
}

inline void server::stop() {
    asio::dispatch(state_->acceptor.get_executor(), [state = state_] {
        if (state->stopping)
            return;
        state->stopping = true;
        std::error_code ignored;
        state->acceptor.close(ignored);
        state->accept_timer.cancel();
        state->publish_timer.cancel();
        auto connections = state->connections; // close() may erase from the map
        for (auto& [raw, weak] : connections)
            if (auto connection = weak.lock())
                connection->close();
    });
}

inline background_server::background_server(const model_store& models, service_settings settings,
                                            server_config config)
    : service_(models, std::move(settings))
    , server_(io_, service_, std::move(config))
    , thread_([this] { io_.run(); }) {
    service_.operations().set_endpoint_url(server_.endpoint_url());
}

inline void background_server::stop() {
    if (!thread_.joinable())
        return;
    server_.stop();
    thread_.join();
}

} // namespace awsml::local
