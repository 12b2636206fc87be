#pragma once

// awsml-local's persistent state: one SQLite database holding each entity (a DataSource, an
// MLModel, an Evaluation, a BatchPrediction) as a JSON document keyed by its kind and id.
//
//     auto file = state_file::open("state.db").value();   // refuses a file that is not ours
//     for (const stored_entity& e : file.load()) ...         // at startup, in insertion order
//     file.put({"MLModel", "ml-1", R"({"MLModelId":"ml-1"})"}); // durable when it returns
//
// The format (user_version 1, application_id 0x41574D4C, "AWML"):
//
//     CREATE TABLE entities (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL,
//                            json TEXT NOT NULL, UNIQUE (kind, id)) STRICT
//
// seq is the rowid, named so that VACUUM keeps it: load() returns the entities in the order
// each (kind, id) was first put; a later put replaces the JSON and keeps the place.
//
// A file that is not a state file is never written to: open() checks it over a read-only
// connection (which neither rolls back a journal nor checkpoints a write-ahead log; a file in
// WAL mode with no -wal file beside it is read as immutable, so not even -wal and -shm files
// appear) and opens it for writing only once it has passed. A new file is initialised under a temporary name
// beside it and linked into place, so a crash never leaves a half-made state file behind.
//
// Thread safety: a state_file is one SQLite connection and is not safe to use from two threads
// at once; the caller serialises its calls (the entity store does, under its own mutex). So the
// connection is opened with SQLITE_OPEN_NOMUTEX: SQLite's per-connection mutex would only
// repeat the caller's lock. Distinct state_file objects may be used from distinct threads.
// Do not carry an open state_file across fork(): open the file again in the child.

#include <awsml-local/spec_error.hpp>
#include <awsml/core/error.hpp>

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace awsml::local {

/// One stored entity: its kind ("DataSource", "MLModel", "Evaluation", "BatchPrediction"), its
/// id and its JSON.
struct stored_entity {
    std::string kind, id, json;
    friend bool operator==(const stored_entity&, const stored_entity&) = default;
};

namespace detail::state {

struct connection_closer {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct statement_finalizer {
    void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};
using connection = std::unique_ptr<sqlite3, connection_closer>;
using statement = std::unique_ptr<sqlite3_stmt, statement_finalizer>;

} // namespace detail::state

class state_file {
public:
    static constexpr std::int32_t application_id = 0x41574D4C; // "AWML"
    static constexpr int format_version = 1;                   // PRAGMA user_version

    /// Opens or creates the database at `path`. A new or empty file is initialised (so is an
    /// SQLite database with nothing in it: no tables, application_id and user_version 0). A file
    /// that is not an SQLite database, a corrupt one (PRAGMA quick_check fails), or an SQLite
    /// database that is not awsml-local's (wrong PRAGMA application_id, unknown user_version, or
    /// missing/unexpected tables) is refused with spec_error{message} naming the file and why,
    /// and is never written to or overwritten.
    static spec_result<state_file> open(const std::string& path);

    state_file(state_file&&) noexcept = default;
    state_file& operator=(state_file&&) noexcept = default;
    ~state_file() = default;

    /// Every stored entity, in insertion order (the order each (kind, id) was first put).
    /// Throws awsml::error (errc::config_error) with SQLite's message if the file cannot be read.
    std::vector<stored_entity> load() const;

    /// Inserts or replaces each entity in ONE transaction, durable when it returns
    /// (journal_mode=WAL, synchronous=FULL): kill -9 after it returns loses nothing. On failure
    /// nothing is stored and it throws awsml::error (errc::config_error) with SQLite's message.
    void put(std::span<const stored_entity> entities);
    void put(const stored_entity& entity) { put(std::span<const stored_entity>(&entity, 1)); }

    const std::string& path() const noexcept { return path_; }

private:
    state_file(std::string path, detail::state::connection db);
    void prepare_connection();
    sqlite3* handle(std::string_view doing) const;
    [[noreturn]] void fail(std::string_view doing) const;

    std::string path_;
    detail::state::connection db_;    // declared first: destroyed after its statement
    detail::state::statement upsert_; // the one put() runs, prepared once
};

// ---------------------------------------------------------------------------------------------
// Implementation

namespace detail::state {

inline constexpr std::string_view table_sql = "CREATE TABLE entities (seq INTEGER PRIMARY KEY, "
                                              "kind TEXT NOT NULL, id TEXT NOT NULL, json TEXT "
                                              "NOT NULL, UNIQUE (kind, id)) STRICT";
inline constexpr std::string_view table_name = "entities";
inline constexpr std::string_view index_name = "sqlite_autoindex_entities_1"; // UNIQUE's index
inline constexpr std::string_view sqlite_magic{"SQLite format 3\0", 16};

// The name SQLite is given: a name beginning with "file:" could be read as a URI.
inline std::string sqlite_name(const std::string& path) {
    return path.starts_with("file:") ? "./" + path : path;
}

// `path` as an SQLite URI (opened with SQLITE_OPEN_URI) with the query `parameters`.
inline std::string sqlite_uri(const std::string& path, std::string_view parameters) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::error_code ec;
    std::string absolute = std::filesystem::absolute(path, ec).string();
    std::string uri = "file://";
    for (char c : ec ? path : absolute) {
        auto byte = static_cast<unsigned char>(c);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            std::string_view("/-._~").find(c) != std::string_view::npos) {
            uri += c;
        } else {
            uri += '%';
            uri += digits[byte >> 4];
            uri += digits[byte & 0xF];
        }
    }
    return uri + "?" + std::string(parameters);
}

inline std::string quote_path(std::string_view path) {
    return "'" + std::string(path) + "'";
}

inline std::string message_of(sqlite3* db) {
    return db ? sqlite3_errmsg(db) : "out of memory";
}

// Opens `name` (sqlite_name(path), or sqlite_uri(...) with SQLITE_OPEN_URI in `flags`).
inline connection open_connection(const std::string& name, int flags, std::string& error) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(name.c_str(), &raw,
                             flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nullptr);
    connection db(raw); // closed on every path, failure included
    if (rc != SQLITE_OK) {
        error = message_of(db.get());
        return nullptr;
    }
    sqlite3_extended_result_codes(db.get(), 1);
    return db;
}

inline statement prepare(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr) !=
        SQLITE_OK) {
        return nullptr;
    }
    return statement(raw);
}

// Runs `sql` (no parameters), calling `row(statement)` for each row; false on an SQLite error.
template <class Row>
bool each_row(sqlite3* db, std::string_view sql, Row row) {
    statement s = prepare(db, sql);
    if (!s) {
        return false;
    }
    int rc;
    while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
        row(s.get());
    }
    return rc == SQLITE_DONE;
}

inline bool exec(sqlite3* db, std::string_view sql) {
    return each_row(db, sql, [](sqlite3_stmt*) {});
}

inline std::string text_column(sqlite3_stmt* s, int column) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
    return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(s, column)))
                : std::string();
}

inline std::string hex(std::int64_t value) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    auto bits = static_cast<std::uint32_t>(value);
    for (int shift = 28; shift >= 0; shift -= 4) {
        out += digits[(bits >> shift) & 0xF];
    }
    return "0x" + out;
}

// What the read-only look found.
enum class contents { empty, ours };

inline constexpr std::size_t header_size = 100;

// The file's first bytes (none for an empty file): an SQLite database begins with a 100-byte
// header, its magic first.
inline spec_result<std::string> read_header(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) {
        return spec_error{"state file " + quote_path(path) + " cannot be read: " + ec.message()};
    }
    std::string header(std::min<std::uintmax_t>(size, header_size), '\0');
    std::ifstream in(path, std::ios::binary);
    if (!in.read(header.data(), static_cast<std::streamsize>(header.size()))) {
        return spec_error{"state file " + quote_path(path) + " cannot be read"};
    }
    if (size != 0 && (size < header_size || !header.starts_with(sqlite_magic))) {
        return spec_error{"state file " + quote_path(path) +
                          " is not an SQLite database (it does not begin with an SQLite header)"};
    }
    return {boost::system::in_place_value, std::move(header)}; // spec_error takes a string too
}

// Over a read-only connection: is this an SQLite database, sound, and awsml-local's?
inline spec_result<contents> check_database(const std::string& path) {
    auto header = read_header(path);
    if (!header) {
        return header.error();
    }
    if (header->empty()) {
        return contents::empty;
    }
    const std::string name = "state file " + quote_path(path);
    std::string error;
    // A read-only connection to a file in WAL mode (byte 18 is 2) makes its -wal and -shm files
    // if they are not there, and cannot remove them. Without a -wal file, the database is all in
    // the file: read it as immutable, which makes nothing. With one, read through it.
    std::error_code ec;
    const bool immutable = (*header)[18] == 2 && !std::filesystem::exists(path + "-wal", ec);
    connection db = immutable ? open_connection(sqlite_uri(path, "immutable=1"),
                                                SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, error)
                              : open_connection(sqlite_name(path), SQLITE_OPEN_READONLY, error);
    if (!db) {
        return spec_error{name + " cannot be opened: " + error};
    }
    auto sqlite_failure = [&](std::string_view doing) -> spec_error {
        int code = sqlite3_extended_errcode(db.get());
        std::string why = message_of(db.get());
        switch (code & 0xFF) {
        case SQLITE_NOTADB:
            return spec_error{name + " is not an SQLite database (" + why + ")"};
        case SQLITE_CORRUPT:
            return spec_error{name + " is corrupt (" + why + ")"};
        default:
            return spec_error{name + ": cannot " + std::string(doing) + ": " + why};
        }
    };

    std::vector<std::string> problems;
    if (!each_row(db.get(), "PRAGMA quick_check",
                  [&](sqlite3_stmt* s) { problems.push_back(text_column(s, 0)); })) {
        return sqlite_failure("check it");
    }
    if (problems.size() != 1 || problems.front() != "ok") {
        return spec_error{name + " is corrupt (PRAGMA quick_check: " +
                          (problems.empty() ? std::string("no answer") : problems.front()) + ")"};
    }

    std::int64_t app_id = 0, version = 0;
    if (!each_row(db.get(), "PRAGMA application_id",
                  [&](sqlite3_stmt* s) { app_id = sqlite3_column_int64(s, 0); }) ||
        !each_row(db.get(), "PRAGMA user_version",
                  [&](sqlite3_stmt* s) { version = sqlite3_column_int64(s, 0); })) {
        return sqlite_failure("read its header");
    }
    struct schema_object {
        std::string type, name, sql;
        bool null_sql;
    };
    std::vector<schema_object> objects;
    if (!each_row(db.get(), "SELECT type, name, sql FROM sqlite_schema ORDER BY name",
                  [&](sqlite3_stmt* s) {
                      objects.push_back({text_column(s, 0), text_column(s, 1), text_column(s, 2),
                                         sqlite3_column_type(s, 2) == SQLITE_NULL});
                  })) {
        return sqlite_failure("read its schema");
    }

    if (app_id == 0 && version == 0 && objects.empty()) {
        return contents::empty; // an SQLite database with nothing in it
    }
    if (app_id != state_file::application_id) {
        return spec_error{name + " is an SQLite database but not awsml-local's (its " +
                          "application_id is " + hex(app_id) + ", not " +
                          hex(state_file::application_id) + ")"};
    }
    if (version != state_file::format_version) {
        return spec_error{name + " is an awsml-local state file of an unknown format version (" +
                          "user_version " + std::to_string(version) + "; this awsml-local " +
                          "reads version " + std::to_string(state_file::format_version) + ")"};
    }
    bool has_table = false;
    for (const schema_object& object : objects) {
        if (object.type == "table" && object.name == table_name) {
            if (object.sql != table_sql) {
                return spec_error{name + " is not a valid awsml-local state file (its table '" +
                                  object.name + "' has other columns: " + object.sql + ")"};
            }
            has_table = true;
        } else if (!(object.type == "index" && object.name == index_name && object.null_sql)) {
            return spec_error{name + " is not a valid awsml-local state file (unexpected " +
                              object.type + " '" + object.name + "')"};
        }
    }
    if (!has_table) {
        return spec_error{name + " is not a valid awsml-local state file (it has no table '" +
                          std::string(table_name) + "')"};
    }
    return contents::ours;
}

// fsync()s the folder holding `path`, so that a link made in it survives a crash.
inline void sync_folder_of(const std::string& path) {
    std::filesystem::path folder = std::filesystem::path(path).parent_path();
    int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace detail::state

inline state_file::state_file(std::string path, detail::state::connection db)
    : path_(std::move(path))
    , db_(std::move(db)) {}

inline spec_result<state_file> state_file::open(const std::string& path) {
    using namespace detail::state;
    namespace fs = std::filesystem;
    const std::string name = "state file " + quote_path(path);
    std::error_code ec;

    if (!fs::exists(fs::symlink_status(path, ec))) {
        // A new file: made and initialised under a temporary name, then linked into place (a
        // link, unlike rename, never replaces a file that appeared meanwhile).
        fs::path folder = fs::path(path).parent_path();
        if (!folder.empty() && !fs::is_directory(folder, ec)) {
            return spec_error{"cannot create " + name + ": the folder " +
                              quote_path(folder.string()) + " does not exist"};
        }
        std::string temporary = path + ".new-XXXXXX";
        int fd = ::mkstemp(temporary.data()); // mode 0600: the emulator's state is private
        if (fd < 0) {
            return spec_error{"cannot create " + name + ": " + std::strerror(errno)};
        }
        ::close(fd);
        struct remover {
            const std::string& path;
            ~remover() {
                std::error_code ignored;
                fs::remove(path, ignored);
            }
        } remove_temporary{temporary};
        std::string error;
        connection db = open_connection(sqlite_name(temporary), SQLITE_OPEN_READWRITE, error);
        if (!db) {
            return spec_error{"cannot create " + name + ": " + error};
        }
        try {
            state_file(temporary, std::move(db)).prepare_connection();
        } catch (const awsml::error& e) {
            return spec_error{"cannot create " + name + ": " + e.what()};
        } // closed: the log is checkpointed into the file and removed
        if (::link(temporary.c_str(), path.c_str()) != 0 && errno != EEXIST) {
            return spec_error{"cannot create " + name + ": " + std::strerror(errno)};
        }
        sync_folder_of(path);
    }

    auto checked = check_database(path);
    if (!checked) {
        return checked.error();
    }
    std::string error;
    connection db = open_connection(sqlite_name(path), SQLITE_OPEN_READWRITE, error);
    if (!db) {
        return spec_error{name + " cannot be opened for writing: " + error};
    }
    state_file file(path, std::move(db));
    try {
        file.prepare_connection();
        file.upsert_ =
            prepare(file.db_.get(), "INSERT INTO entities (kind, id, json) VALUES (?1, ?2, ?3) "
                                    "ON CONFLICT (kind, id) DO UPDATE SET json = excluded.json");
        if (!file.upsert_) {
            file.fail("prepare its statements");
        }
    } catch (const awsml::error& e) {
        return spec_error{e.what()};
    }
    return file;
}

// Write-ahead logging with a sync at every commit; the table, if the file has none yet. The
// initialisation checks again, inside its transaction, that there is nothing it would overwrite.
inline void state_file::prepare_connection() {
    using namespace detail::state;
    sqlite3* db = handle("open it");
    sqlite3_busy_timeout(db, 5000);
    std::string mode;
    if (!each_row(db, "PRAGMA journal_mode = WAL",
                  [&](sqlite3_stmt* s) { mode = text_column(s, 0); })) {
        fail("turn on write-ahead logging");
    }
    if (mode != "wal") {
        throw awsml::error(make_error_code(errc::config_error),
                           "state file " + quote_path(path_) +
                               ": cannot turn on write-ahead logging (journal_mode is " + mode +
                               ")");
    }
    if (!exec(db, "PRAGMA synchronous = FULL")) {
        fail("set synchronous = FULL");
    }

    if (!exec(db, "BEGIN IMMEDIATE")) {
        fail("begin a transaction");
    }
    struct rollback_unless_committed {
        sqlite3* db;
        ~rollback_unless_committed() {
            if (!sqlite3_get_autocommit(db)) {
                sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            }
        }
    } guard{db};
    std::int64_t objects = -1, app_id = -1, version = -1;
    if (!each_row(db, "SELECT count(*) FROM sqlite_schema",
                  [&](sqlite3_stmt* s) { objects = sqlite3_column_int64(s, 0); }) ||
        !each_row(db, "PRAGMA application_id",
                  [&](sqlite3_stmt* s) { app_id = sqlite3_column_int64(s, 0); }) ||
        !each_row(db, "PRAGMA user_version",
                  [&](sqlite3_stmt* s) { version = sqlite3_column_int64(s, 0); })) {
        fail("read its schema");
    }
    if (objects == 0 && app_id == 0 && version == 0) {
        // PRAGMA takes no bound parameters; these two are the format's constants, not data.
        const std::string set_id = "PRAGMA application_id = " + std::to_string(application_id);
        const std::string set_version = "PRAGMA user_version = " + std::to_string(format_version);
        if (!exec(db, set_id) || !exec(db, set_version) || !exec(db, table_sql)) {
            fail("initialise it");
        }
    }
    if (!exec(db, "COMMIT")) {
        fail("initialise it");
    }
}

inline std::vector<stored_entity> state_file::load() const {
    sqlite3* db = handle("load from it");
    std::vector<stored_entity> entities;
    if (!detail::state::each_row(
            db, "SELECT kind, id, json FROM entities ORDER BY seq", [&](sqlite3_stmt* s) {
                using detail::state::text_column;
                entities.push_back({text_column(s, 0), text_column(s, 1), text_column(s, 2)});
            })) {
        fail("load from it");
    }
    return entities;
}

inline void state_file::put(std::span<const stored_entity> entities) {
    if (entities.empty()) {
        return;
    }
    sqlite3* db = handle("store into it");
    sqlite3_stmt* upsert = upsert_.get();
    const std::string doing = "store " + std::to_string(entities.size()) +
                              (entities.size() == 1 ? " entity" : " entities");
    if (!detail::state::exec(db, "BEGIN IMMEDIATE")) {
        fail(doing);
    }
    struct cleanup {
        sqlite3* db;
        sqlite3_stmt* upsert;
        ~cleanup() {
            sqlite3_reset(upsert);
            sqlite3_clear_bindings(upsert); // the bindings point into the caller's strings
            if (!sqlite3_get_autocommit(db)) {
                sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            }
        }
    } guard{db, upsert};
    for (const stored_entity& entity : entities) {
        sqlite3_reset(upsert);
        int column = 0;
        for (const std::string* text : {&entity.kind, &entity.id, &entity.json}) {
            if (sqlite3_bind_text64(upsert, ++column, text->data(), text->size(), SQLITE_STATIC,
                                    SQLITE_UTF8) != SQLITE_OK) {
                fail(doing);
            }
        }
        if (sqlite3_step(upsert) != SQLITE_DONE) {
            fail(doing);
        }
    }
    if (!detail::state::exec(db, "COMMIT")) {
        fail(doing);
    }
}

inline sqlite3* state_file::handle(std::string_view doing) const {
    if (!db_) {
        throw awsml::error(make_error_code(errc::config_error),
                           "cannot " + std::string(doing) + ": the state file was moved from");
    }
    return db_.get();
}

inline void state_file::fail(std::string_view doing) const {
    throw awsml::error(make_error_code(errc::config_error),
                       "state file " + detail::state::quote_path(path_) + ": cannot " +
                           std::string(doing) + ": " + detail::state::message_of(db_.get()));
}

} // namespace awsml::local
