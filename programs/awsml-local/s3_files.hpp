#pragma once

// awsml-local's S3: a folder on disk (--s3-root DIR) where s3://bucket/key is DIR/bucket/key.
// Data sources read their CSV files and schemas from it, models their recipes, and batch
// predictions write their results into it.
//
// A DataLocationS3 that names a file reads that file; one that ends in '/' or names a folder
// reads every file below it, in name order, as Amazon ML reads every object under a prefix.
// Keys never leave the root: "..", "." and empty segments are refused. Every write is staged
// (staged_file), and files being written are neither listed nor named by any URL.

#include <awsml-local/spec_error.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

namespace awsml::local {

/// The files behind one S3 location, and their total size.
struct s3_objects {
    std::vector<std::filesystem::path> files; ///< in name order
    std::uintmax_t total_bytes = 0;
};

/// By default, how long a folder_hold waits for holds of the other mode before it gives up: a peer
/// awsml-local stopped (SIGSTOP) while holding a folder would otherwise stop every write into
/// it. Shorter than a client's usual read timeout (60 s), so that the client learns why.
inline constexpr std::chrono::milliseconds folder_hold_patience{20000};

class s3_files {
public:
    s3_files() = default;
    /// `root` empty: no S3 at all; every location is then refused with a message saying so.
    /// `hold_patience`: how long a write waits for a folder held by another (folder_hold).
    explicit s3_files(std::filesystem::path root,
                      std::chrono::milliseconds hold_patience = folder_hold_patience)
        : root_(std::move(root))
        , hold_patience_(hold_patience) {}

    bool configured() const noexcept { return !root_.empty(); }
    const std::filesystem::path& root() const noexcept { return root_; }
    std::chrono::milliseconds hold_patience() const noexcept { return hold_patience_; }

    /// The path of s3://bucket/key, or why it has none.
    spec_result<std::filesystem::path> path_of(std::string_view url) const;

    /// The files a data location names (a file, or every file under a prefix but the schemas,
    /// whose names end with .schema).
    spec_result<s3_objects> list(std::string_view url) const;

    /// The s3:// URL of a file under the root (one that list() gave).
    std::string url_of(const std::filesystem::path& file) const {
        return "s3://" + file.lexically_relative(root_).generic_string();
    }

    /// The whole content of the object at `url`.
    spec_result<std::string> read(std::string_view url) const;

    /// Writes `content` at `url` (a staged_file), creating its folders; returns the path written.
    spec_result<std::filesystem::path> write(std::string_view url, std::string_view content) const;

private:
    std::filesystem::path root_;
    std::chrono::milliseconds hold_patience_ = folder_hold_patience;
};

/// The whole content of a file, or why it cannot be read.
spec_result<std::string> read_whole_file(const std::filesystem::path& path);

/// How the name of a file being written begins (staged_file): no listing shows such a file,
/// and no key can name one.
inline constexpr std::string_view partial_file_prefix = ".awsml-local-partial-";

inline bool is_partial_file(const std::filesystem::path& file) {
    return file.filename().string().starts_with(partial_file_prefix);
}

/// Every regular file below `folder` (symbolic links to files included, to folders not
/// followed) but those being written, in no order. What vanishes while walked (a listing beside
/// a deletion), may not be read (a mount's lost+found) or dangles holds no file; any other
/// failure says why. It stops once it has found `at_most` files.
spec_result<std::vector<std::filesystem::path>>
files_below(const std::filesystem::path& folder,
            std::size_t at_most = std::numeric_limits<std::size_t>::max());

/// How many times a write makes a folder again that a concurrent deletion pruned (it removes
/// the folders it empties), or looks again for a lock file whose claim ended meanwhile: a few,
/// not forever.
inline constexpr int concurrent_change_retries = 8;

/// A file written under a partial name beside its target, then renamed onto it: no reader (a
/// data source, a listing) sees half a file, two writers never share one, and the rename never
/// crosses file systems (a bucket may be a mount of its own). Unless committed, the partial file
/// is removed, and so are the folders made for it, which would otherwise stand for keys.
class staged_file {
public:
    enum class folders { create, must_exist };

    /// Opens the partial file, making the target's folders first if asked; out() fails if it
    /// could not.
    explicit staged_file(std::filesystem::path target, folders = folders::create);
    staged_file(const staged_file&) = delete;
    staged_file& operator=(const staged_file&) = delete;
    ~staged_file();

    std::ofstream& out() noexcept { return out_; }

    /// Whether commit() may replace a file at the target.
    enum class replace { existing, none };

    /// Flushes the file and puts it at the target, or says why it could not. With
    /// replace::none only if no file is there, even one another writer puts there meanwhile.
    spec_result<std::filesystem::path> commit(replace = replace::existing);

    /// Sets an extended attribute of the file (before commit: it goes with the file); 0, or the
    /// errno of the failure (ENOTSUP where the file system keeps none).
    int set_attribute(const char* name, std::string_view value);

    /// Flushes what was written so far and answers the file's status: its size and modification
    /// time stay those unless more is written (commit and its rename change neither). nullopt
    /// when the flush or the stat failed; commit then fails too, and says why.
    std::optional<struct ::stat> flushed_status();

    /// After commit(replace::none) failed: whether a file was at the target.
    bool target_existed() const noexcept { return target_existed_; }

private:
    std::filesystem::path target_, partial_;
    std::filesystem::path first_made_; ///< the outermost folder made for the target, if any
    std::string folder_error_;         ///< why the target's folder could not be made
    std::ofstream out_;
    bool committed_ = false;
    bool target_existed_ = false;
};

/// A claim on a folder that every awsml-local over the same root sees: an flock on
/// ".<folder name>.lock" beside it, held while the claim lives (the kernel drops it when a
/// process ends), so one process never sweeps away what another is still using. The lock file
/// goes with the claim.
class folder_claim {
public:
    /// The claim; nullopt while another process (or claim) holds it; an error when the lock
    /// file cannot be made or locked.
    static spec_result<std::optional<folder_claim>> take(const std::filesystem::path& folder);

    /// The folder a lock file (".<name>.lock") claims, or nullopt for another file.
    static std::optional<std::filesystem::path> claimed_by(const std::filesystem::path& file);
    folder_claim(folder_claim&& other) noexcept
        : lock_file_(std::move(other.lock_file_))
        , fd_(std::exchange(other.fd_, -1)) {}
    folder_claim& operator=(folder_claim&& other) noexcept {
        std::swap(lock_file_, other.lock_file_);
        std::swap(fd_, other.fd_);
        return *this;
    }
    ~folder_claim();

private:
    folder_claim(std::filesystem::path lock_file, int fd)
        : lock_file_(std::move(lock_file))
        , fd_(fd) {}
    std::filesystem::path lock_file_;
    int fd_ = -1;
};

/// A hold on a folder that every awsml-local over the same root on this machine sees: an flock
/// on the folder itself (network file systems lock folders within one machine, if at all).
/// Writers into a bucket or an upload hold its folder shared, and its removal holds it
/// exclusively: a removal never takes away what a writer has just put, and a writer never makes
/// a removed bucket's folder again (it finds the bucket gone instead).
class folder_hold {
public:
    enum class mode { shared, exclusive };

    /// Why a hold was not granted.
    struct refusal {
        std::string message;
        /// The wait ran out: the folder is busy, and the request may be tried again (S3's
        /// SlowDown), where the other failures are the machine's (InternalError).
        bool busy = false;
    };
    using result = boost::system::result<std::optional<folder_hold>, refusal>;

    /// The hold on the folder at `folder`, once granted (it waits for holds of the other mode,
    /// `patience` at most); nullopt when no folder is there, or it was removed while the hold
    /// waited; a refusal when the folder cannot be opened or locked, or the wait ran out (where
    /// the file system locks no folder at all, the hold holds no lock).
    static result take(const std::filesystem::path& folder, mode,
                       std::chrono::milliseconds patience);

    folder_hold(folder_hold&& other) noexcept
        : fd_(std::exchange(other.fd_, -1)) {}
    folder_hold& operator=(folder_hold&& other) noexcept {
        std::swap(fd_, other.fd_);
        return *this;
    }
    ~folder_hold();

private:
    explicit folder_hold(int fd)
        : fd_(fd) {}
    int fd_ = -1;
};

/// awsml-local's own folder under an S3 root, which no bucket name can name (see path_of).
inline std::filesystem::path pending_folder(const std::filesystem::path& root) {
    return root / ".awsml-local-pending";
}

/// How many slots the holds of objects share (hold_object).
inline constexpr std::uint64_t object_hold_slots = 64;

/// The hold that makes a write of an object one step with the check of its conditions
/// (If-Match, If-None-Match): every write of an object (S3's PutObject, CopyObject,
/// CompleteMultipartUpload, DeleteObject and DeleteObjects, and batch prediction results)
/// holds its key's slot exclusively while it checks them and puts its file in place or removes
/// it, so two writes conditional on one ETag never both succeed. A slot is a folder in
/// pending_folder/object-holds, named by a hash of the bucket and key, so every awsml-local over
/// the root agrees on it. Keys that share a slot wait for each other, mostly for a rename; an
/// If-Match may also read its object's MD5 under the hold. Where the file system locks no
/// folder, the hold holds nothing (folder_hold).
boost::system::result<folder_hold, folder_hold::refusal>
hold_object(const s3_files& files, std::string_view bucket, std::string_view key);

} // namespace awsml::local
