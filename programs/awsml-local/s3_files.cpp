// The S3 folder's files, compiled once into the awsml-local library (see s3_files.hpp).
#include <awsml-local/s3_files.hpp>

#include <awsml-local/fnv1a.hpp>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <random>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

namespace awsml::local {

spec_result<std::string> read_whole_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return spec_error{"cannot open " + path.string()};
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        return spec_error{"cannot read " + path.string()};
    return spec_result<std::string>(boost::system::in_place_value, text.str());
}

spec_result<std::filesystem::path> s3_files::path_of(std::string_view url) const {
    if (!configured())
        return spec_error{"awsml-local has no S3: start it with --s3-root DIR to read " +
                          std::string(url)};
    constexpr std::string_view scheme = "s3://";
    if (!url.starts_with(scheme))
        return spec_error{"'" + std::string(url) + "' is not an s3:// URL"};
    std::string_view rest = url.substr(scheme.size());
    std::filesystem::path path = root_;
    while (!rest.empty()) {
        const std::size_t slash = rest.find('/');
        const std::string_view segment = rest.substr(0, slash);
        const bool last = slash == std::string_view::npos;
        // Only a prefix's final '/' may leave a segment empty (as OutputUri's documentation
        // asks: no "//", "/./" or "/../").
        if ((segment.empty() && !last) || segment == "." || segment == "..")
            return spec_error{"'" + std::string(url) + "' has an empty, '.' or '..' segment"};
        if (segment.starts_with(partial_file_prefix))
            return spec_error{"'" + std::string(url) + "' names a file awsml-local is writing (" +
                              std::string(partial_file_prefix) + "...)"};
        // S3's bucket names begin with a letter or a digit, so no URL names awsml-local's own
        // folders under the root (.awsml-local-pending).
        if (path == root_ && !segment.empty() &&
            !std::isalnum(static_cast<unsigned char>(segment[0])))
            return spec_error{"'" + std::string(url) + "': the bucket name '" +
                              std::string(segment) + "' does not begin with a letter or a digit"};
        if (!segment.empty())
            path /= std::string(segment);
        rest = last ? std::string_view() : rest.substr(slash + 1);
    }
    if (path == root_)
        return spec_error{"'" + std::string(url) + "' names no bucket"};
    return spec_result<std::filesystem::path>(boost::system::in_place_value, std::move(path));
}

spec_result<s3_objects> s3_files::list(std::string_view url) const {
    auto path = path_of(url);
    if (!path)
        return path.error();
    namespace fs = std::filesystem;
    std::error_code ec;
    s3_objects objects;
    if (fs::is_regular_file(*path, ec)) {
        objects.files.push_back(*path);
    } else if (fs::is_directory(*path, ec)) {
        auto files = files_below(*path);
        if (!files)
            return files.error();
        // A folder's schema sits beside its data as DIR/.schema, or a file's as NAME.schema
        // (the developer guide's "Providing a Schema"): neither is data.
        std::erase_if(*files,
                      [](const fs::path& file) { return file.string().ends_with(".schema"); });
        objects.files = std::move(*files);
        std::sort(objects.files.begin(), objects.files.end());
    }
    if (objects.files.empty())
        return spec_error{"no object at " + std::string(url) + " (looked for " + path->string() +
                          ")"};
    for (const auto& file : objects.files) {
        const auto size = fs::file_size(file, ec);
        if (ec)
            return spec_error{"cannot read the size of " + file.string() + ": " + ec.message()};
        objects.total_bytes += size;
    }
    return objects;
}

spec_result<std::string> s3_files::read(std::string_view url) const {
    auto path = path_of(url);
    if (!path)
        return path.error();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(*path, ec))
        return spec_error{"no object at " + std::string(url) + " (looked for " + path->string() +
                          ")"};
    return read_whole_file(*path);
}

spec_result<std::filesystem::path> s3_files::write(std::string_view url,
                                                   std::string_view content) const {
    auto path = path_of(url);
    if (!path)
        return path.error();
    staged_file file(*path);
    file.out().write(content.data(), static_cast<std::streamsize>(content.size()));
    return file.commit();
}

spec_result<std::vector<std::filesystem::path>> files_below(const std::filesystem::path& top,
                                                            std::size_t at_most) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files, folders{top};
    auto gone = [](const std::error_code& ec) {
        return ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory ||
               ec == std::errc::permission_denied;
    };
    while (!folders.empty() && files.size() < at_most) {
        const fs::path folder = std::move(folders.back());
        folders.pop_back();
        std::error_code ec;
        for (fs::directory_iterator it(folder, ec), end; !ec && it != end && files.size() < at_most;
             it.increment(ec)) {
            std::error_code entry_error; // a dangling link or a vanished entry: not a file
            if (it->is_directory(entry_error) && !it->is_symlink(entry_error))
                folders.push_back(it->path());
            else if (it->is_regular_file(entry_error) && !is_partial_file(it->path()))
                files.push_back(it->path());
        }
        if (ec && !gone(ec))
            return spec_error{"cannot list " + folder.string() + ": " + ec.message()};
    }
    return files;
}

namespace {

/// A name part no other process writing beside us has: process ids repeat across containers
/// sharing a volume (each one's first process is 1), random bits do not.
const std::string& process_token() {
    static const std::string token = [] {
        std::random_device random;
        const std::uint64_t bits = (std::uint64_t{random()} << 32U) ^ random();
        char text[16] = {};
        char* end = std::to_chars(std::begin(text), std::end(text), bits, 16).ptr;
        return std::to_string(::getpid()) + "-" + std::string(std::begin(text), end);
    }();
    return token;
}

} // namespace

staged_file::staged_file(std::filesystem::path target, folders make)
    : target_(std::move(target)) {
    static std::atomic<std::uint64_t> files{0};
    namespace fs = std::filesystem;
    const fs::path folder = target_.parent_path();
    std::error_code ec;
    partial_ = folder /
               (std::string(partial_file_prefix) + process_token() + "-" + std::to_string(++files));
    // A concurrent removal of the last object in a folder prunes the folder, between making it
    // and opening the file in it: then it is made again.
    for (int attempt = 0; attempt < concurrent_change_retries; ++attempt) {
        if (make == folders::create) {
            for (fs::path above = folder; !above.empty() && !fs::exists(above, ec);
                 above = above.parent_path())
                if (first_made_.empty() || above.native().size() < first_made_.native().size())
                    first_made_ = above; // the outermost made on any attempt
            fs::create_directories(folder, ec);
            folder_error_ =
                ec ? "cannot make the folder " + folder.string() + ": " + ec.message() : "";
        }
        out_.open(partial_, std::ios::binary | std::ios::trunc);
        // Not "if the folder is gone": another writer may have made it again since.
        if (out_.is_open() || make != folders::create)
            break;
        out_.clear();
    }
}

staged_file::~staged_file() {
    if (committed_)
        return;
    out_.close();
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::remove(partial_, ec);
    if (first_made_.empty())
        return;
    // Only folders still empty go: another writer may have put a file in one meanwhile.
    for (fs::path folder = target_.parent_path();; folder = folder.parent_path()) {
        if (!fs::remove(folder, ec) || folder == first_made_ || !folder.has_relative_path())
            break;
    }
}

int staged_file::set_attribute(const char* name, std::string_view value) {
    if (!out_.is_open())
        return EBADF;
    return ::setxattr(partial_.c_str(), name, value.data(), value.size(), 0) == 0 ? 0 : errno;
}

std::optional<struct ::stat> staged_file::flushed_status() {
    struct ::stat status {};
    if (!out_.is_open() || !out_.flush() || ::stat(partial_.c_str(), &status) != 0)
        return std::nullopt;
    return status;
}

spec_result<std::filesystem::path> staged_file::commit(replace mode) {
    out_.close();
    if (!out_)
        return spec_error{folder_error_.empty() ? "cannot write " + target_.string()
                                                : folder_error_};
    std::error_code ec;
    if (mode == replace::existing) {
        std::filesystem::rename(partial_, target_, ec);
    } else if (::link(partial_.c_str(), target_.c_str()) == 0) { // never replaces: one winner
        std::filesystem::remove(partial_, ec);
        ec.clear();
    } else {
        ec.assign(errno, std::generic_category());
        target_existed_ = errno == EEXIST;
    }
    if (ec)
        return spec_error{"cannot write " + target_.string() + ": " + ec.message()};
    committed_ = true;
    return spec_result<std::filesystem::path>(boost::system::in_place_value, target_);
}

spec_result<std::optional<folder_claim>> folder_claim::take(const std::filesystem::path& folder) {
    // A name no folder beside it can have: staged folders' names never begin with a dot.
    const std::filesystem::path lock_file =
        folder.parent_path() / ("." + folder.filename().string() + ".lock");
    auto failed = [&] {
        return spec_error{"cannot lock " + lock_file.string() + ": " + std::strerror(errno)};
    };
    // The lock file may be removed (its claim ended) between our open and our lock: a lock on a
    // file no longer at its name claims nothing, so look again.
    for (int attempt = 0; attempt < concurrent_change_retries; ++attempt) {
        const int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0)
            return failed();
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const bool held = errno == EWOULDBLOCK;
            auto problem = failed();
            ::close(fd);
            if (held)
                return std::optional<folder_claim>();
            return problem;
        }
        struct ::stat locked {};
        struct ::stat named {};
        if (::fstat(fd, &locked) == 0 && ::stat(lock_file.c_str(), &named) == 0 &&
            locked.st_dev == named.st_dev && locked.st_ino == named.st_ino)
            return std::optional<folder_claim>(folder_claim(lock_file, fd));
        ::close(fd);
    }
    return std::optional<folder_claim>();
}

std::optional<std::filesystem::path> folder_claim::claimed_by(const std::filesystem::path& file) {
    const std::string name = file.filename().string();
    constexpr std::string_view suffix = ".lock";
    if (name.size() <= suffix.size() + 1 || name.front() != '.' || !name.ends_with(suffix))
        return std::nullopt;
    return file.parent_path() / name.substr(1, name.size() - suffix.size() - 1);
}

folder_claim::~folder_claim() {
    if (fd_ < 0)
        return;
    std::error_code ignored;
    std::filesystem::remove(lock_file_, ignored);
    ::close(fd_);
}

namespace {

/// Whether a failed flock says the file system locks no folder at all.
bool cannot_lock_folders(int error) {
    return error == ENOLCK || error == EOPNOTSUPP || error == ENOSYS || error == EINVAL;
}

/// flock without blocking, tried again until `deadline` while another holds the lock: 0, or -1
/// with errno set (EWOULDBLOCK when the deadline passed).
int lock_before(int fd, int operation, std::chrono::steady_clock::time_point deadline) {
    // Short pauses: a waiter that polls takes only the gaps it happens to see between holds of
    // the other mode, where a blocked one was woken at each.
    auto pause = std::chrono::milliseconds(1);
    for (;;) {
        if (::flock(fd, operation | LOCK_NB) == 0)
            return 0;
        const int error = errno;
        if (error == EINTR)
            continue;
        const auto now = std::chrono::steady_clock::now();
        if (error != EWOULDBLOCK || now >= deadline) {
            errno = error;
            return -1;
        }
        std::this_thread::sleep_for(
            std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
        pause = std::min(pause * 2, std::chrono::milliseconds(8));
    }
}

} // namespace

folder_hold::result folder_hold::take(const std::filesystem::path& folder, mode wanted,
                                      std::chrono::milliseconds patience) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    auto failed = [&] {
        if (errno == EWOULDBLOCK)
            return refusal{.message = "the folder " + folder.string() +
                                      " stayed held by another request or awsml-local for " +
                                      std::to_string(patience.count()) + " ms; try again",
                           .busy = true};
        return refusal{"cannot lock the folder " + folder.string() + ": " + std::strerror(errno)};
    };
    // While the hold waited, the folder may have been removed, or removed and made again: a
    // hold on a folder no longer at its name holds nothing, so look again.
    for (int attempt = 0; attempt < concurrent_change_retries; ++attempt) {
        const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
            if (errno == ENOENT || errno == ENOTDIR)
                return std::optional<folder_hold>();
            return refusal{"cannot open the folder " + folder.string() + ": " +
                           std::strerror(errno)};
        }
        const int status = lock_before(fd, wanted == mode::shared ? LOCK_SH : LOCK_EX, deadline);
        // A file system that locks no folder (some network and FUSE ones): held as before holds
        // existed, rather than refusing every write.
        if (status != 0 && !cannot_lock_folders(errno)) {
            auto problem = failed();
            ::close(fd);
            return problem;
        }
        struct ::stat held {};
        struct ::stat named {};
        if (::fstat(fd, &held) == 0 && held.st_nlink > 0 && ::stat(folder.c_str(), &named) == 0 &&
            held.st_dev == named.st_dev && held.st_ino == named.st_ino)
            return std::optional<folder_hold>(folder_hold(fd));
        ::close(fd);
    }
    return std::optional<folder_hold>();
}

boost::system::result<folder_hold, folder_hold::refusal>
hold_object(const s3_files& files, std::string_view bucket, std::string_view key) {
    const std::uint64_t hash = fnv1a(key, fnv1a("/", fnv1a(bucket)));
    const std::filesystem::path slot =
        pending_folder(files.root()) / "object-holds" / std::to_string(hash % object_hold_slots);
    auto held = folder_hold::take(slot, folder_hold::mode::exclusive, files.hold_patience());
    // Made once, by the first write of a key of this slot, rather than looked for at every write.
    if (held && !*held) {
        std::error_code ec;
        std::filesystem::create_directories(slot, ec);
        if (ec)
            return folder_hold::refusal{"cannot make the folder " + slot.string() + ": " +
                                        ec.message()};
        held = folder_hold::take(slot, folder_hold::mode::exclusive, files.hold_patience());
    }
    if (!held)
        return held.error();
    if (!*held)
        return folder_hold::refusal{"the folder " + slot.string() + " went while it was held"};
    return std::move(**held);
}

folder_hold::~folder_hold() {
    if (fd_ >= 0)
        ::close(fd_);
}

} // namespace awsml::local
