// awsml-local's state file: entities stored and loaded in order, replaced in place, several in
// one transaction, durable across kill -9; files that are not state files refused by name and
// left byte for byte as they were.
#include <awsml-local/s3_files.hpp>
#include <awsml-local/state_file.hpp>

#include <catch2/catch.hpp>

#include <support/scratch_folder.hpp>

#include <sqlite3.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

namespace local_state_test {

namespace fs = std::filesystem;
using awsml::local::state_file;
using awsml::local::stored_entity;
using namespace std::string_literals;

namespace {

using awsml_test::scratch_folder;

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    REQUIRE(out.good());
}

stored_entity model(const std::string& id, const std::string& status = "COMPLETED") {
    return {"MLModel", id, R"({"MLModelId":")" + id + R"(","Status":")" + status + R"("})"};
}

// Runs statements on a database of our own making, through the SQLite API; with keep_log, the
// connection closes without checkpointing its write-ahead log into the file.
constexpr bool keep_log = true;
void make_sqlite_database(const std::string& path, const std::vector<std::string>& statements,
                          bool keep_log_on_close = false) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            nullptr) == SQLITE_OK);
    if (keep_log_on_close) {
        REQUIRE(sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr) == SQLITE_OK);
    }
    for (const std::string& sql : statements) {
        char* error = nullptr;
        int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
        INFO(sql << ": " << (error ? error : ""));
        sqlite3_free(error);
        CHECK(rc == SQLITE_OK);
    }
    REQUIRE(sqlite3_close(db) == SQLITE_OK);
}

// open() refuses `path` with a message naming it and containing `why`, and leaves the file's
// bytes, and the folder's list of files, as they were.
void require_refused(const scratch_folder& folder, const std::string& path,
                     const std::string& why) {
    const std::string before = read_bytes(path);
    const std::set<std::string> files_before = folder.names();
    auto opened = state_file::open(path);
    REQUIRE_FALSE(opened.has_value());
    const std::string& message = opened.error().message;
    INFO(message);
    CHECK(message.find("'" + path + "'") != std::string::npos);
    CHECK(message.find(why) != std::string::npos);
    CHECK(read_bytes(path) == before);
    CHECK(folder.names() == files_before);
    CHECK_THROWS_AS(state_file::open(path).value(), awsml::error);
}

} // namespace

TEST_CASE("state file: entities put are loaded after reopening, equal and in order",
          "[local][state]") {
    scratch_folder folder;
    const std::string path = folder.file("state.db");
    const std::vector<stored_entity> entities = {
        model("ml-2"),
        {"DataSource", "ds-1", R"({"DataSourceId":"ds-1"})"},
        model("ml-1"),
        {"Evaluation", "ev-1", R"({"EvaluationId":"ev-1","Name":"café \u00e9 \"quoted\""})"},
        {"BatchPrediction", "bp-1", "{\"a\":\"nul\0inside\"}"s},
    };
    {
        auto file = state_file::open(path).value();
        CHECK(file.path() == path);
        CHECK(file.load().empty());
        for (const stored_entity& entity : entities) {
            file.put(entity);
        }
        CHECK(file.load() == entities);
    }
    CHECK(folder.names() == std::set<std::string>{"state.db"}); // the temporary name is gone
    auto reopened = state_file::open(path).value();
    CHECK(reopened.load() == entities);

    state_file moved = std::move(reopened);
    CHECK(moved.load() == entities);
    CHECK_THROWS_AS(reopened.load(), awsml::error); // NOLINT(bugprone-use-after-move)
}

TEST_CASE("state file: a put of an existing (kind, id) replaces it and keeps its place",
          "[local][state]") {
    scratch_folder folder;
    const std::string path = folder.file("state.db");
    auto file = state_file::open(path).value();
    file.put(model("ml-1", "PENDING"));
    file.put(model("ml-2", "PENDING"));
    file.put(model("ml-1", "COMPLETED"));
    const std::vector<stored_entity> expected = {model("ml-1", "COMPLETED"),
                                                 model("ml-2", "PENDING")};
    CHECK(file.load() == expected);
    // The same id under another kind is another entity.
    file.put({"DataSource", "ml-1", "{}"});
    CHECK(file.load().size() == 3);

    file = state_file::open(path).value(); // move-assigned: the first connection is closed
    CHECK(file.load().size() == 3);
    CHECK(file.load().front() == model("ml-1", "COMPLETED"));
}

TEST_CASE("state file: a put of several entities is one transaction", "[local][state]") {
    scratch_folder folder;
    const std::string path = folder.file("state.db");
    auto file = state_file::open(path).value();
    file.put(model("ml-0"));

    std::vector<stored_entity> batch;
    batch.reserve(100);
    for (int i = 1; i <= 100; ++i) {
        batch.push_back(model("ml-" + std::to_string(i)));
    }
    file.put(batch);
    auto loaded = file.load();
    REQUIRE(loaded.size() == 101);
    CHECK(std::vector<stored_entity>(loaded.begin() + 1, loaded.end()) == batch);

    // A batch that cannot be stored as a whole stores nothing: a trigger (made by another
    // connection) refuses the batch's last entity, and the two before it are not there either.
    make_sqlite_database(path,
                         {"CREATE TRIGGER refuse BEFORE INSERT ON entities "
                          "WHEN NEW.id = 'ml-bad' BEGIN SELECT RAISE(ABORT, 'refused'); END"});
    const std::vector<stored_entity> doomed = {model("ml-new-1"), model("ml-new-2"),
                                               model("ml-bad")};
    try {
        file.put(doomed);
        FAIL("a put the trigger refuses succeeded");
    } catch (const awsml::error& e) {
        INFO(e.what());
        CHECK(e.code() == awsml::errc::config_error);
        CHECK(std::string(e.what()).find("'" + path + "'") != std::string::npos);
        CHECK(std::string(e.what()).find("cannot store 3 entities: refused") != std::string::npos);
    }
    make_sqlite_database(path, {"DROP TRIGGER refuse"});
    CHECK(file.load().size() == 101);
    file.put(model("ml-after")); // the connection is usable after the failure
    CHECK(state_file::open(path).value().load().size() == 102);
    file.put(std::span<const stored_entity>()); // nothing to store: nothing happens
}

TEST_CASE("state file: an empty file, or an empty SQLite database, is initialised",
          "[local][state]") {
    scratch_folder folder;
    const std::string empty = folder.file("empty.db");
    write_bytes(empty, "");
    auto file = state_file::open(empty).value();
    file.put(model("ml-1"));
    CHECK(state_file::open(empty).value().load() == std::vector{model("ml-1")});

    const std::string blank = folder.file("blank.db");
    make_sqlite_database(blank, {"PRAGMA journal_mode = WAL", "VACUUM"});
    auto blank_file = state_file::open(blank).value();
    blank_file.put(model("ml-1"));
    CHECK(blank_file.load() == std::vector{model("ml-1")});
}

TEST_CASE("state file: what is not awsml-local's state file is refused and left untouched",
          "[local][state]") {
    scratch_folder folder;

    SECTION("a text file") {
        const std::string path = folder.file("notes.txt");
        write_bytes(path, "These are my notes, not a database.\n");
        require_refused(folder, path, "is not an SQLite database");
    }
    SECTION("random bytes") {
        const std::string path = folder.file("random.bin");
        std::mt19937 generator(7);
        std::string bytes(64 * 1024, '\0');
        for (char& c : bytes) {
            c = static_cast<char>(generator() & 0xFF);
        }
        write_bytes(path, bytes);
        require_refused(folder, path, "is not an SQLite database");
    }
    SECTION("a truncated copy of a real state file") {
        const std::string real = folder.file("real.db");
        {
            auto file = state_file::open(real).value();
            std::vector<stored_entity> batch;
            batch.reserve(200);
            for (int i = 0; i < 200; ++i) {
                batch.push_back({"MLModel", "ml-" + std::to_string(i), std::string(500, 'j')});
            }
            file.put(batch);
        } // closed: everything checkpointed into real.db
        const std::string bytes = read_bytes(real);
        REQUIRE(bytes.size() > 16 * 4096);
        const std::string path = folder.file("truncated.db");
        write_bytes(path, bytes.substr(0, bytes.size() / 2 + 100));
        require_refused(folder, path, "is corrupt");
        write_bytes(path, bytes.substr(0, 50)); // less than the header
        require_refused(folder, path, "is not an SQLite database");
    }
    SECTION("a foreign SQLite database") {
        const std::string path = folder.file("foreign.db");
        make_sqlite_database(path, {"CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)",
                                    "INSERT INTO customers (name) VALUES ('Ada'), ('Grace')"});
        require_refused(folder, path, "not awsml-local's (its application_id is 0x00000000");
    }
    SECTION("a foreign SQLite database in WAL mode, with a log not yet checkpointed") {
        const std::string path = folder.file("foreign-wal.db");
        // Its table is only in the log: read without the log, it would look empty.
        make_sqlite_database(path,
                             {"PRAGMA journal_mode = WAL",
                              "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)"},
                             keep_log);
        REQUIRE(fs::file_size(path + "-wal") > 0);
        const std::string log = read_bytes(path + "-wal");
        require_refused(folder, path, "not awsml-local's (its application_id is 0x00000000");
        CHECK(read_bytes(path + "-wal") == log);
    }
    SECTION("awsml-local's application_id with an unknown user_version") {
        const std::string path = folder.file("future.db");
        make_sqlite_database(path, {"PRAGMA application_id = 1096240460", "PRAGMA user_version = 2",
                                    "CREATE TABLE entities (x)"});
        require_refused(folder, path, "unknown format version (user_version 2");
    }
    SECTION("awsml-local's header without the entities table") {
        const std::string path = folder.file("tableless.db");
        make_sqlite_database(path, {"PRAGMA application_id = 1096240460", "PRAGMA user_version = 1",
                                    "CREATE TABLE other (x)"});
        require_refused(folder, path, "unexpected table 'other'");
        make_sqlite_database(path, {"DROP TABLE other"});
        require_refused(folder, path, "it has no table 'entities'");
    }
    SECTION("a state file with a table more, or a changed table") {
        const std::string path = folder.file("extra.db");
        state_file::open(path).value().put(model("ml-1"));
        make_sqlite_database(path, {"CREATE TABLE extra (x)"});
        require_refused(folder, path, "unexpected table 'extra'");

        const std::string changed = folder.file("changed.db");
        state_file::open(changed).value();
        make_sqlite_database(changed, {"ALTER TABLE entities ADD COLUMN y TEXT"});
        require_refused(folder, changed, "its table 'entities' has other columns");
    }
}

TEST_CASE("state file: a path in a folder that does not exist is a clear error", "[local][state]") {
    scratch_folder folder;
    const std::string path = folder.file("missing/deeper/state.db");
    auto opened = state_file::open(path);
    REQUIRE_FALSE(opened.has_value());
    INFO(opened.error().message);
    CHECK(opened.error().message.find("'" + path + "'") != std::string::npos);
    CHECK(opened.error().message.find("does not exist") != std::string::npos);
    CHECK_FALSE(fs::exists(folder.file("missing")));
}

TEST_CASE("state file: an entity put survives kill -9 right after put returns", "[local][state]") {
    scratch_folder folder;
    const std::string path = folder.file("state.db");
    state_file::open(path).value().put(model("ml-before")); // no connection open at the fork

    int pipe_ends[2];
    REQUIRE(::pipe(pipe_ends) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::close(pipe_ends[0]);
        try {
            auto file = state_file::open(path).value();
            file.put(
                std::vector<stored_entity>{model("ml-killed"), {"DataSource", "ds-killed", "{}"}});
            const char done = 'x';
            if (::write(pipe_ends[1], &done, 1) != 1) {
                ::_exit(2);
            }
            for (;;) {
                ::pause(); // killed here, with the connection open and nothing checkpointed
            }
        } catch (...) {
            ::_exit(1);
        }
    }
    ::close(pipe_ends[1]);
    char done = 0;
    const auto got = ::read(pipe_ends[0], &done, 1);
    ::close(pipe_ends[0]);
    REQUIRE(::kill(child, SIGKILL) == 0);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(got == 1); // the child's put returned
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
    // The entities are in the write-ahead log, which no one checkpointed.
    CHECK(fs::exists(path + "-wal"));
    CHECK(fs::file_size(path + "-wal") > 0);

    auto reopened = state_file::open(path).value();
    const std::vector<stored_entity> expected = {
        model("ml-before"), model("ml-killed"), {"DataSource", "ds-killed", "{}"}};
    CHECK(reopened.load() == expected);
}

// S3's bucket folders: a write into a bucket holds its folder shared, DeleteBucket exclusively.

using awsml::local::folder_hold;

namespace {

/// A bucket's folder in a scratch folder, held in `mode` by the test.
struct held_bucket {
    explicit held_bucket(folder_hold::mode mode) {
        fs::create_directory(folder);
        auto taken = folder_hold::take(folder, mode, awsml::local::folder_hold_patience);
        REQUIRE((taken && taken->has_value()));
        hold = std::move(*taken);
    }
    awsml_test::scratch_folder scratch;
    fs::path folder = scratch.path() / "bucket";
    std::optional<folder_hold> hold;
};

/// A hold of `mode` on `folder` taken on another thread: whether it was granted.
std::future<bool> hold_elsewhere(const fs::path& folder, folder_hold::mode mode) {
    return std::async(std::launch::async, [folder, mode] {
        auto hold = folder_hold::take(folder, mode, awsml::local::folder_hold_patience);
        return hold && hold->has_value();
    });
}

/// Whether `future` is still waiting after a while (its hold not granted).
template <class T>
bool still_waiting(const std::future<T>& future) {
    return future.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout;
}

} // namespace

TEST_CASE("folder hold: a shared hold waits for an exclusive one, then finds its folder gone",
          "[local][state][s3]") {
    held_bucket deletion(folder_hold::mode::exclusive);
    std::future<bool> writer = hold_elsewhere(deletion.folder, folder_hold::mode::shared);
    CHECK(still_waiting(writer));
    fs::remove(deletion.folder);
    deletion.hold.reset();
    CHECK_FALSE(writer.get()); // the folder it waited for is gone: no bucket to write into
}

TEST_CASE("folder hold: a folder removed and made again while a hold waits is held anew",
          "[local][state][s3]") {
    held_bucket deletion(folder_hold::mode::exclusive);
    std::future<bool> writer = hold_elsewhere(deletion.folder, folder_hold::mode::shared);
    CHECK(still_waiting(writer));
    fs::remove(deletion.folder);
    fs::create_directory(deletion.folder); // CreateBucket again, before the writer looked
    deletion.hold.reset();
    CHECK(writer.get());
}

TEST_CASE("folder hold: an exclusive hold waits for a shared one", "[local][state][s3]") {
    held_bucket writer(folder_hold::mode::shared);
    std::future<bool> deletion = hold_elsewhere(writer.folder, folder_hold::mode::exclusive);
    CHECK(still_waiting(deletion));
    writer.hold.reset();
    CHECK(deletion.get());
}

TEST_CASE("folder hold: a folder renamed away while a hold waits is not the one held",
          "[local][state][s3]") {
    held_bucket deletion(folder_hold::mode::exclusive);
    const fs::path bucket = deletion.folder;
    const fs::path moved = deletion.scratch.path() / "moved";
    std::future<std::optional<folder_hold>> writer = std::async(std::launch::async, [&] {
        auto hold = folder_hold::take(bucket, folder_hold::mode::shared,
                                      awsml::local::folder_hold_patience);
        return hold ? std::move(*hold) : std::nullopt;
    });
    CHECK(still_waiting(writer));
    fs::rename(bucket, moved); // alive (nlink 1) but no longer at the name
    fs::create_directory(bucket);
    deletion.hold.reset();
    const std::optional<folder_hold> held = writer.get();
    REQUIRE(held.has_value());
    // The hold is on the folder now at the name: an exclusive lock there is refused, while the
    // folder renamed away is free.
    auto try_exclusive = [](const fs::path& folder) {
        const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        REQUIRE(fd >= 0);
        const bool locked = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
        ::close(fd);
        return locked;
    };
    CHECK_FALSE(try_exclusive(bucket));
    CHECK(try_exclusive(moved));
}

TEST_CASE("folder hold: a hold kept longer than the waiter's patience ends the wait with an error",
          "[local][state][s3]") {
    held_bucket stopped_peer(folder_hold::mode::exclusive);
    std::future<folder_hold::refusal> writer = std::async(std::launch::async, [&] {
        auto hold = folder_hold::take(stopped_peer.folder, folder_hold::mode::shared,
                                      std::chrono::milliseconds(200));
        return hold ? folder_hold::refusal{"granted"} : hold.error();
    });
    // Generous: only to prove that the wait ends.
    REQUIRE(writer.wait_for(std::chrono::seconds(20)) == std::future_status::ready);
    const auto [why, busy] = writer.get();
    CHECK(busy); // S3's SlowDown: the client may try again
    CHECK_THAT(why, Catch::Matchers::Contains(stopped_peer.folder.string()));
    CHECK_THAT(why, Catch::Matchers::Contains("stayed held by another request or awsml-local "
                                              "for 200 ms"));
    stopped_peer.hold.reset();
    auto after = folder_hold::take(stopped_peer.folder, folder_hold::mode::shared,
                                   std::chrono::milliseconds(200));
    CHECK((after && after->has_value()));
}

TEST_CASE("folder hold: shared holds coexist; no folder, or a file, is no hold",
          "[local][state][s3]") {
    held_bucket first(folder_hold::mode::shared);
    auto second = folder_hold::take(first.folder, folder_hold::mode::shared,
                                    awsml::local::folder_hold_patience);
    CHECK((second && second->has_value()));

    const awsml_test::scratch_folder& scratch = first.scratch;
    auto missing = folder_hold::take(scratch.path() / "missing", folder_hold::mode::shared,
                                     awsml::local::folder_hold_patience);
    REQUIRE(missing.has_value());
    CHECK_FALSE(missing->has_value());
    std::ofstream(scratch.file("file")) << "x";
    auto file = folder_hold::take(scratch.path() / "file", folder_hold::mode::exclusive,
                                  awsml::local::folder_hold_patience);
    REQUIRE(file.has_value());
    CHECK_FALSE(file->has_value());
}

} // namespace local_state_test
