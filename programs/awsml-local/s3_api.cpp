// awsml-local's S3 API, compiled once into the awsml-local library (see s3_api.hpp).
#include <awsml-local/s3_api.hpp>

#include <awsml-local/html_escape.hpp>
#include <awsml-local/response.hpp>
#include <awsml/auth/detail/crypto.hpp>
#include <awsml/core/detail/ascii.hpp>
#include <awsml/core/detail/hex.hpp>
#include <awsml/core/detail/trim.hpp>
#include <awsml/core/detail/uuid.hpp>
#include <awsml/http/parser.hpp>
#include <awsml/http/proxy.hpp>
#include <awsml/model/blob.hpp>
#include <awsml/model/detail/utf8.hpp>
#include <awsml/model/timestamp.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

namespace awsml::local {

namespace detail::s3 {

namespace fs = std::filesystem;
using time_point = std::chrono::system_clock::time_point;

inline constexpr std::string_view xml_namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
inline constexpr std::string_view xml_declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
inline constexpr std::size_t max_key_bytes = 1024;       // S3's limit
inline constexpr std::size_t max_segment_bytes = 255;    // a file name's, NAME_MAX
inline constexpr std::uint64_t min_part_bytes = 5 << 20; // S3's, for every part but the last
inline constexpr int max_part_number = 10000;
inline constexpr std::size_t default_max_keys = 1000;
inline constexpr std::size_t max_keys_deleted = 1000; // by one DeleteObjects

constexpr bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}
constexpr bool is_alnum(char c) noexcept {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// What refuses a request; thrown inside answer(), which turns it into S3's XML error.
struct s3_error {
    int status;
    std::string code;
    std::string message;
    http_headers headers; ///< headers the refusal carries (a 416's Content-Range)
    std::string region{}; ///< the region to sign for, when the request's is not its bucket's
};

[[noreturn]] inline void refuse(int status, std::string_view code, std::string message,
                                http_headers headers = {}) {
    throw s3_error{status, std::string(code), std::move(message), std::move(headers)};
}

/// Untrusted text quoted into a message: printable ASCII, at most 200 characters.
inline std::string shown(std::string_view text) {
    std::string out = "'";
    for (char c : text.substr(0, 200)) {
        const auto byte = static_cast<unsigned char>(c);
        out.push_back(byte >= 0x20 && byte < 0x7f ? c : '?');
    }
    return out + (text.size() > 200 ? "...'" : "'");
}

// --- the request ---------------------------------------------------------------------------

inline std::optional<std::string> percent_decoded(std::string_view text) {
    std::string out;
    if (!awsml::detail::proxies::percent_decode(text, out))
        return std::nullopt;
    return out;
}

/// S3's URL encoding of a key in a listing (encoding-type=url): all but unreserved and '/'.
inline std::string url_encoded(std::string_view text) {
    std::string out;
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (is_alnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/')
            out.push_back(c);
        else {
            out.push_back('%');
            awsml::detail::append_hex_byte(out, byte);
        }
    }
    return out;
}

struct query_parameter {
    std::string name, value;
};

struct s3_target {
    std::string bucket, key;
    std::vector<query_parameter> query;

    const std::string* parameter(std::string_view name) const {
        for (const auto& p : query)
            if (p.name == name)
                return &p.value;
        return nullptr;
    }
    bool has(std::string_view name) const { return parameter(name) != nullptr; }
    /// The parameter's value; empty when it is not given.
    std::string text(std::string_view name) const {
        const std::string* value = parameter(name);
        return value ? *value : std::string();
    }
};

inline std::vector<query_parameter> parse_query(std::string_view query) {
    std::vector<query_parameter> out;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty())
            continue;
        const std::size_t eq = pair.find('=');
        auto name = percent_decoded(pair.substr(0, eq));
        auto value = percent_decoded(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
        if (!name || !value)
            refuse(400, "InvalidURI",
                   "Couldn't parse the specified URI: a bad %-escape in the query");
        out.push_back({std::move(*name), std::move(*value)});
    }
    return out;
}

/// The bucket, key and query of a request, path-style or virtual-hosted (bucket.localhost).
inline s3_target parse_target(const http_request& request) {
    const std::string_view whole = request.target;
    const std::size_t question = whole.find('?');
    s3_target target;
    target.query = parse_query(question == std::string_view::npos ? std::string_view()
                                                                  : whole.substr(question + 1));
    auto path = percent_decoded(whole.substr(0, question));
    if (!path || !path->starts_with('/'))
        refuse(400, "InvalidURI", "Couldn't parse the specified URI.");
    std::string_view rest = std::string_view(*path).substr(1);
    constexpr std::string_view local_suffix = ".localhost";
    if (request.host.size() > local_suffix.size() && request.host.ends_with(local_suffix)) {
        target.bucket = request.host.substr(0, request.host.size() - local_suffix.size());
        target.key = std::string(rest);
        return target;
    }
    const std::size_t slash = rest.find('/');
    if (slash == 0)
        refuse(400, "InvalidURI", "Couldn't parse the specified URI: it names no bucket.");
    target.bucket = std::string(rest.substr(0, slash));
    if (slash != std::string_view::npos)
        target.key = std::string(rest.substr(slash + 1));
    return target;
}

/// The operation a request asks for; the method and its subresource when awsml-local does not
/// serve it.
inline std::string operation_of(const http_request& request, const s3_target& target) {
    const std::string& method = request.method;
    if (target.bucket.empty())
        return method == "GET" ? "ListBuckets" : method + " /";
    if (target.key.empty()) {
        if (method == "PUT" && target.query.empty())
            return "CreateBucket";
        if (method == "HEAD")
            return "HeadBucket";
        if (method == "DELETE" && target.query.empty())
            return "DeleteBucket";
        if (method == "POST" && target.has("delete"))
            return "DeleteObjects";
        if (method == "GET" && target.has("location"))
            return "GetBucketLocation";
        if (method == "GET" && target.has("uploads"))
            return "ListMultipartUploads";
        if (method == "GET" && target.parameter("list-type") &&
            *target.parameter("list-type") == "2")
            return "ListObjectsV2";
        if (method == "GET" && !target.has("list-type"))
            return "ListObjects";
    } else {
        if (method == "PUT" && target.has("uploadId") && target.has("partNumber"))
            return find_header(request.headers, "x-amz-copy-source") ? "UploadPartCopy"
                                                                     : "UploadPart";
        if (method == "PUT")
            return find_header(request.headers, "x-amz-copy-source") ? "CopyObject" : "PutObject";
        if (method == "GET" && target.has("uploadId"))
            return "ListParts";
        if (method == "GET")
            return "GetObject";
        if (method == "HEAD")
            return "HeadObject";
        if (method == "DELETE")
            return target.has("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
        if (method == "POST" && target.has("uploads"))
            return "CreateMultipartUpload";
        if (method == "POST" && target.has("uploadId"))
            return "CompleteMultipartUpload";
    }
    std::string subresource;
    for (const auto& p : target.query)
        subresource += (subresource.empty() ? "?" : "&") + p.name;
    return method + (target.key.empty() ? " bucket" : " object") + subresource;
}

/// Refuses query parameters the operation does not take (a subresource awsml-local does not
/// serve, such as ?acl or ?versionId), so that none is silently ignored.
inline void check_parameters(const s3_target& target, std::string_view operation,
                             std::initializer_list<std::string_view> allowed) {
    for (const auto& p : target.query) {
        if (p.name.starts_with("X-Amz-") || p.name == "x-id" ||
            std::find(allowed.begin(), allowed.end(), p.name) != allowed.end())
            continue;
        refuse(501, "NotImplemented",
               "awsml-local's S3 does not implement " + shown(p.name) + " for " +
                   std::string(operation) + ".");
    }
}

// --- digests and checksums -----------------------------------------------------------------

/// The digest of `data` by one of OpenSSL's algorithms (MD5, SHA-1, SHA-256), as bytes.
inline std::string digest_of(std::string_view data, const EVP_MD* algorithm) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned size = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &size, algorithm, nullptr) != 1)
        refuse(500, "InternalError", "a digest is not available");
    return std::string(reinterpret_cast<const char*>(digest.data()), size);
}

/// An ETag made of a digest's bytes: their hex, then `suffix`, quoted.
inline std::string etag_of_digest(std::string_view digest, std::string_view suffix = {}) {
    const std::span bytes(reinterpret_cast<const unsigned char*>(digest.data()), digest.size());
    return "\"" + awsml::detail::to_hex(bytes) + std::string(suffix) + "\"";
}

/// An MD5 fed block by block, for ETags of files read in blocks.
class md5_stream {
public:
    md5_stream()
        : context_(EVP_MD_CTX_new()) {
        if (!context_ || EVP_DigestInit_ex(context_, EVP_md5(), nullptr) != 1) {
            EVP_MD_CTX_free(context_); // the destructor of an object never made does not run
            refuse(500, "InternalError", "MD5 is not available");
        }
    }
    md5_stream(const md5_stream&) = delete;
    md5_stream& operator=(const md5_stream&) = delete;
    ~md5_stream() { EVP_MD_CTX_free(context_); }

    void add(std::string_view data) { EVP_DigestUpdate(context_, data.data(), data.size()); }

    /// The digest's bytes.
    std::string digest() {
        std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
        unsigned size = 0;
        EVP_DigestFinal_ex(context_, digest.data(), &size);
        return std::string(reinterpret_cast<const char*>(digest.data()), size);
    }

    /// The quoted hex digest, as an ETag.
    std::string etag() { return etag_of_digest(digest()); }

private:
    EVP_MD_CTX* context_;
};

inline std::string etag_of(std::string_view content) {
    md5_stream md5;
    md5.add(content);
    return md5.etag();
}

// --- object metadata -----------------------------------------------------------------------

/// The extended attribute of an object's file that keeps its metadata: it goes wherever the
/// file goes, and a file put under --s3-root by hand has none (binary/octet-stream, the MD5
/// ETag). Its text is "name:value" lines: the headers S3 keeps (named as S3 spells them),
/// ":etag:" for a multipart object (S3's "MD5-of-parts-N"), ":checksum-<algorithm>:" for the
/// checksum an object was put with (checksum_lines), then ":file:" for every object
/// (file_stamp).
inline constexpr const char* metadata_attribute = "user.awsml-local.metadata";

inline constexpr std::string_view user_metadata_prefix = "x-amz-meta-";
/// The standard headers S3 keeps, as S3 spells them in its answers.
inline constexpr std::array<std::string_view, 6> kept_standard_headers = {
    "Content-Type",     "Content-Encoding", "Content-Disposition",
    "Content-Language", "Cache-Control",    "Expires"};

/// How S3 spells a header it keeps in its answers (x-amz-meta-* in lower case), or nullopt for
/// one it does not keep.
inline std::optional<std::string> kept_header_name(std::string_view name) {
    const std::string lower = awsml::detail::ascii_lower(name);
    if (lower.starts_with(user_metadata_prefix))
        return lower;
    for (const std::string_view kept : kept_standard_headers)
        if (awsml::detail::iequals(kept, lower))
            return std::string(kept);
    return std::nullopt;
}

/// S3's limit on an object's user metadata: its names (past x-amz-meta-) and values.
inline constexpr std::size_t max_user_metadata_bytes = 2048;

/// A Content-Encoding without aws-chunked, which says how the request came, not the object.
inline std::string without_aws_chunked(std::string_view encodings) {
    std::string kept;
    bool removed = false;
    for (std::size_t at = 0; at <= encodings.size();) {
        const std::size_t comma = std::min(encodings.find(',', at), encodings.size());
        const std::string_view coding = awsml::detail::trim(encodings.substr(at, comma - at));
        if (awsml::detail::iequals(coding, "aws-chunked"))
            removed = true;
        else if (!coding.empty())
            kept.append(kept.empty() ? "" : ",").append(coding);
        at = comma + 1;
    }
    return removed ? kept : std::string(encodings);
}

/// The metadata lines the headers of a write ask to keep.
inline std::string requested_metadata(const http_headers& headers) {
    // A header sent twice is kept once, its values joined by commas, as S3 keeps it.
    std::vector<std::pair<std::string, std::string>> kept;
    for (const auto& header : headers) {
        auto name = kept_header_name(header.name);
        if (!name)
            continue;
        std::string value =
            *name == "Content-Encoding" ? without_aws_chunked(header.value) : header.value;
        if (value.empty() && !name->starts_with(user_metadata_prefix))
            continue;
        const auto same = std::find_if(kept.begin(), kept.end(),
                                       [&](const auto& earlier) { return earlier.first == *name; });
        if (same == kept.end())
            kept.emplace_back(std::move(*name), std::move(value));
        else
            same->second.append(",").append(value);
    }
    std::string lines;
    std::size_t user_bytes = 0;
    for (const auto& [name, value] : kept) {
        if (name.starts_with(user_metadata_prefix))
            user_bytes += name.size() - user_metadata_prefix.size() + value.size();
        lines.append(name).append(":").append(value).append("\n");
    }
    if (user_bytes > max_user_metadata_bytes)
        refuse(400, "MetadataTooLarge",
               "Your metadata headers exceed the maximum allowed metadata size: " +
                   std::to_string(user_bytes) + " bytes, and S3 keeps 2048.");
    return lines;
}

/// The "name:value" lines of kept metadata, in order.
inline std::vector<std::pair<std::string_view, std::string_view>>
metadata_lines(std::string_view text) {
    std::vector<std::pair<std::string_view, std::string_view>> lines;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        const std::string_view line = text.substr(at, end - at);
        if (const std::size_t colon = line.find(':', 1); colon != std::string_view::npos)
            lines.emplace_back(line.substr(0, colon), line.substr(colon + 1));
        at = end + 1;
    }
    return lines;
}

/// The headers of kept metadata, as S3 spells them, leaving out what is about the bytes (a
/// multipart ETag) and what no write keeps (an attribute set by hand may hold anything).
inline std::vector<std::pair<std::string, std::string_view>>
kept_headers(std::string_view metadata) {
    std::vector<std::pair<std::string, std::string_view>> headers;
    for (const auto& [name, value] : metadata_lines(metadata))
        if (auto spelled = kept_header_name(name); spelled && awsml::detail::is_field_text(value))
            headers.emplace_back(std::move(*spelled), value);
    return headers;
}

/// The metadata lines a copy keeps when it copies the metadata: the headers alone.
inline std::string headers_of(std::string_view metadata) {
    std::string lines;
    for (const auto& [name, value] : kept_headers(metadata))
        lines.append(name).append(":").append(value).append("\n");
    return lines;
}

/// A multipart object's kept ETag, from metadata object_reader::metadata() has found still
/// the file's (kept_for).
inline std::optional<std::string> kept_etag(std::string_view metadata) {
    for (const auto& [name, value] : metadata_lines(metadata))
        if (name == ":etag")
            return std::string(value);
    return std::nullopt;
}

/// The file a write kept metadata for, as a stat sees it: its size and modification time. The
/// extended attribute stays with a file rewritten in place (an editor, cp over it), but that is
/// another object, with no metadata of its own. (A rewrite of the same size within one tick of
/// the file system's clock, a few milliseconds or on some a second, goes unseen.)
inline std::string file_stamp(const struct stat& file) {
    std::string nanoseconds = std::to_string(file.st_mtim.tv_nsec);
    nanoseconds.insert(0, 9 - std::min<std::size_t>(9, nanoseconds.size()), '0');
    return std::to_string(file.st_size) + " " + std::to_string(file.st_mtim.tv_sec) + "." +
           nanoseconds;
}

/// Whether kept metadata was kept for the file as it is now.
inline bool kept_for(std::string_view metadata, const struct stat& file) {
    for (const auto& [name, value] : metadata_lines(metadata))
        if (name == ":file")
            return value == file_stamp(file);
    return false;
}

/// Extended attribute `name` of the open file `fd`; empty where it has none (or none can be).
inline std::string attribute_of(int fd, const char* name) {
    auto unreadable = [] {
        if (errno != ENODATA && errno != ENOTSUP && errno != ENOSYS)
            refuse(500, "InternalError",
                   std::string("cannot read the object's metadata: ") + std::strerror(errno));
        return std::string();
    };
    std::string value;
    for (int attempt = 0; attempt < concurrent_change_retries; ++attempt) {
        const ::ssize_t size = ::fgetxattr(fd, name, nullptr, 0);
        if (size == 0)
            return {};
        if (size < 0)
            return unreadable();
        value.resize(static_cast<std::size_t>(size));
        const ::ssize_t got = ::fgetxattr(fd, name, value.data(), value.size());
        if (got >= 0) {
            value.resize(static_cast<std::size_t>(got));
            return value;
        }
        if (errno != ERANGE) // ERANGE: it grew meanwhile
            return unreadable();
    }
    return {};
}

/// A reflected CRC (the CRC-32, CRC-32C and CRC-64/NVME of S3's checksums), its bytes big-endian.
template <class Word, Word Polynomial>
std::string reflected_crc(std::string_view data) {
    static constexpr auto table = [] {
        std::array<Word, 256> t{};
        for (unsigned n = 0; n < 256; ++n) {
            Word c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? Polynomial ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    Word crc = ~Word(0);
    for (char c : data)
        crc = table[(crc ^ static_cast<unsigned char>(c)) & 0xff] ^ (crc >> 8);
    crc = ~crc;
    std::string out(sizeof(Word), '\0');
    for (std::size_t i = 0; i < sizeof(Word); ++i)
        out[i] = static_cast<char>(crc >> (8 * (sizeof(Word) - 1 - i)));
    return out;
}

/// The digest of `content` by one of S3's checksum algorithms, named as its header is
/// ("crc32"), or nullopt for a name S3 does not have.
inline std::optional<std::string> checksum_of(std::string_view algorithm,
                                              std::string_view content) {
    if (algorithm == "crc32")
        return reflected_crc<std::uint32_t, 0xEDB88320u>(content);
    if (algorithm == "crc32c")
        return reflected_crc<std::uint32_t, 0x82F63B78u>(content);
    if (algorithm == "crc64nvme")
        return reflected_crc<std::uint64_t, 0x9A6C9329AC4BC9B5ull>(content);
    if (algorithm == "sha1")
        return digest_of(content, EVP_sha1());
    if (algorithm == "sha256")
        return digest_of(content, EVP_sha256());
    return std::nullopt;
}

inline std::string base64_of(std::string_view bytes) {
    return awsml::base64_encode(bytes);
}

/// Checks Content-MD5 and every x-amz-checksum-* header (or aws-chunked trailer) against the
/// content; returns the checksum headers to echo.
inline http_headers check_digests(const http_headers& declared, std::string_view content) {
    http_headers echoed;
    for (const auto& header : declared) {
        std::string name = header.name;
        name = awsml::detail::ascii_lower(name);
        if (name == "content-md5") {
            // A value that is no MD5 at all is the client's mistake, which botocore does not
            // retry; a wrong one (BadDigest) may be the network's, which it does.
            const auto md5 = awsml::base64_decode(header.value);
            if (!md5 || md5->size() != 16)
                refuse(400, "InvalidDigest", "The Content-MD5 you specified is not valid.");
            if (header.value != base64_of(digest_of(content, EVP_md5())))
                refuse(400, "BadDigest",
                       "The Content-MD5 you specified did not match what we received.");
            continue;
        }
        constexpr std::string_view prefix = "x-amz-checksum-";
        if (!name.starts_with(prefix) || name == "x-amz-checksum-type" ||
            name == "x-amz-checksum-algorithm")
            continue;
        const std::string algorithm = name.substr(prefix.size());
        const auto digest = checksum_of(algorithm, content);
        if (!digest)
            refuse(400, "InvalidRequest", "Unknown checksum header " + shown(header.name) + ".");
        if (header.value != base64_of(*digest))
            refuse(400, "BadDigest",
                   "The " + algorithm + " you specified did not match the calculated checksum.");
        echoed.push_back({name, header.value});
    }
    return echoed;
}

inline constexpr std::string_view checksum_line_prefix = ":checksum-";

/// An object's checksums kept as metadata lines (":checksum-crc32:<base64>"), from the
/// x-amz-checksum-* headers a write checked (check_digests), or S3's default, the CRC-64/NVME of
/// the content, where it was sent none.
inline std::string checksum_lines(const http_headers& checked, std::string_view content) {
    constexpr std::string_view prefix = "x-amz-checksum-";
    std::string lines;
    for (const auto& header : checked)
        lines.append(checksum_line_prefix)
            .append(std::string_view(header.name).substr(prefix.size()))
            .append(":")
            .append(header.value)
            .append("\n");
    if (lines.empty())
        lines = std::string(checksum_line_prefix) +
                "crc64nvme:" + base64_of(*checksum_of("crc64nvme", content)) + "\n";
    return lines;
}

/// The checksums kept in `metadata`: (algorithm, base64 value). Only those of an algorithm S3
/// has, and of its size, are taken: an attribute set by hand may hold anything.
inline std::vector<std::pair<std::string_view, std::string_view>>
kept_checksums(std::string_view metadata) {
    std::vector<std::pair<std::string_view, std::string_view>> checksums;
    for (const auto& [name, value] : metadata_lines(metadata)) {
        if (!name.starts_with(checksum_line_prefix))
            continue;
        const std::string_view algorithm = name.substr(checksum_line_prefix.size());
        const auto empty_digest = checksum_of(algorithm, "");
        const auto digest = awsml::base64_decode(value);
        if (empty_digest && digest && digest->size() == empty_digest->size())
            checksums.emplace_back(algorithm, value);
    }
    return checksums;
}

/// The kept checksum lines of `metadata`, which a copy of the same bytes keeps.
inline std::string kept_checksum_lines(std::string_view metadata) {
    std::string lines;
    for (const auto& [algorithm, value] : kept_checksums(metadata))
        lines.append(checksum_line_prefix).append(algorithm).append(":").append(value).append("\n");
    return lines;
}

// --- bodies --------------------------------------------------------------------------------

struct decoded_body {
    std::string content;
    http_headers digests; ///< the request's headers and an aws-chunked body's trailers
};

[[noreturn]] inline void signature_does_not_match() {
    refuse(403, "SignatureDoesNotMatch", std::string(s3_signature_mismatch));
}

/// The trailer lines of an aws-chunked body, and the signature among them.
struct chunked_trailer {
    http_headers headers;
    std::string signed_text; ///< each line but the signature's, "name:value\n", as sent
    std::optional<std::string_view> signature;
};

/// Checks a signed body's next chunk against the chain: the size line must carry
/// ";chunk-signature=<hex>".
inline void check_chunk_signature(awsml::sigv4::chunk_signature_chain& chunks,
                                  std::string_view extensions, std::string_view data) {
    constexpr std::string_view name = "chunk-signature=";
    if (!extensions.starts_with(name) || !chunks.verify_chunk(data, extensions.substr(name.size())))
        signature_does_not_match();
}

/// Reads the trailer lines after the final chunk, up to the empty line that ends the body.
inline chunked_trailer read_trailer(std::string_view body, std::size_t at) {
    auto bad = [] {
        refuse(400, "MalformedTrailerError",
               "The request contained trailing data that was not well-formed or did not conform to "
               "our published schema.");
    };
    chunked_trailer trailer;
    for (;;) {
        const std::size_t eol = body.find("\r\n", at);
        if (eol == std::string_view::npos)
            bad();
        const std::string_view line = body.substr(at, eol - at);
        at = eol + 2;
        if (line.empty())
            break;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            bad();
        const std::string_view name = awsml::detail::trim(line.substr(0, colon));
        const std::string_view value = awsml::detail::trim(line.substr(colon + 1));
        if (awsml::detail::iequals(name, "x-amz-trailer-signature")) {
            if (trailer.signature)
                bad();
            trailer.signature = value;
            continue;
        }
        trailer.signed_text.append(line).push_back('\n');
        trailer.headers.push_back({std::string(name), std::string(value)});
    }
    if (at != body.size())
        bad();
    return trailer;
}

/// How an aws-chunked body's chunks and trailer are signed.
enum class chunk_signing { none, chunks, chunks_and_trailer };

/// Decodes an aws-chunked body ("hex-size[;chunk-signature=hex]\r\ndata\r\n"..., the final
/// "0...\r\n", trailer lines, "\r\n"). Signed, every chunk's signature must follow the chain
/// from the request's, and the trailer is signed too or absent.
inline decoded_body decode_aws_chunked(std::string_view body, http_headers digests,
                                       awsml::sigv4::chunk_signature_chain* chunks,
                                       chunk_signing signing) {
    decoded_body out;
    auto bad = [] { refuse(400, "IncompleteBody", "The aws-chunked request body is malformed."); };
    std::size_t at = 0;
    for (;;) {
        const std::size_t eol = body.find("\r\n", at);
        if (eol == std::string_view::npos)
            bad();
        const std::string_view line = body.substr(at, eol - at);
        const std::size_t semicolon = line.find(';');
        const std::string_view size_text = line.substr(0, semicolon);
        std::uint64_t size = 0;
        const auto [end, ec] =
            std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
        if (ec != std::errc() || end != size_text.data() + size_text.size() || size_text.empty())
            bad();
        at = eol + 2;
        if (size > body.size() - at || (size != 0 && body.substr(at + size, 2) != "\r\n"))
            bad();
        const std::string_view data = body.substr(at, size);
        if (signing != chunk_signing::none)
            check_chunk_signature(*chunks,
                                  semicolon == std::string_view::npos ? std::string_view()
                                                                      : line.substr(semicolon + 1),
                                  data);
        if (size == 0)
            break;
        out.content.append(data);
        at += size + 2;
    }
    chunked_trailer trailer = read_trailer(body, at);
    if (signing == chunk_signing::chunks_and_trailer &&
        (!trailer.signature || !chunks->verify_trailer(trailer.signed_text, *trailer.signature)))
        signature_does_not_match();
    if (signing == chunk_signing::chunks && (trailer.signature || !trailer.headers.empty()))
        refuse(400, "MalformedTrailerError",
               "The body is signed without a trailer (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), but "
               "has one.");
    digests.insert(digests.end(), std::make_move_iterator(trailer.headers.begin()),
                   std::make_move_iterator(trailer.headers.end()));
    out.digests = std::move(digests);
    return out;
}

/// How the body is sent, from x-amz-content-sha256; nullopt for a body sent whole.
inline std::optional<chunk_signing> chunked_signing(std::string_view payload) {
    if (payload == "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
        return chunk_signing::none;
    if (payload == awsml::sigv4::streaming_signed_payload)
        return chunk_signing::chunks;
    if (payload == awsml::sigv4::streaming_signed_payload_trailer)
        return chunk_signing::chunks_and_trailer;
    return std::nullopt;
}

/// The object's bytes from the request body, however it came, checked against its digests;
/// `chunks` chains from the request's signature (null when it has none to chain from).
inline decoded_body object_content(const http_request& request,
                                   awsml::sigv4::chunk_signature_chain* chunks) {
    const std::string_view payload =
        find_header(request.headers, "x-amz-content-sha256").value_or("");
    const auto signing = chunked_signing(payload);
    if (!signing) {
        if (payload.starts_with("STREAMING-"))
            refuse(501, "NotImplemented",
                   "awsml-local's S3 does not implement the payload " + shown(payload) + ".");
        return {request.body, request.headers};
    }
    if (*signing != chunk_signing::none && !chunks)
        signature_does_not_match();
    decoded_body body = decode_aws_chunked(request.body, request.headers, chunks, *signing);
    if (auto length = find_header(request.headers, "x-amz-decoded-content-length");
        length && *length != std::to_string(body.content.size()))
        refuse(400, "IncompleteBody",
               "x-amz-decoded-content-length does not match the decoded body's length.");
    return body;
}

// --- XML -----------------------------------------------------------------------------------

/// Text as XML character data: the console's HTML escaping, and the control characters XML
/// 1.0 has no literal for as character references.
inline void append_escaped(std::string& out, std::string_view text) {
    for (char c : html_escape(text)) {
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
            out += "&#x";
            awsml::detail::append_hex_byte(out, static_cast<unsigned char>(c));
            out += ';';
        } else {
            out.push_back(c);
        }
    }
}

inline void element(std::string& out, std::string_view name, std::string_view text) {
    out.append("<").append(name).append(">");
    append_escaped(out, text);
    out.append("</").append(name).append(">");
}

inline std::string document(std::string_view root, const std::string& inner) {
    return std::string(xml_declaration) + "<" + std::string(root) + " xmlns=\"" +
           std::string(xml_namespace) + "\">" + inner + "</" + std::string(root) + ">";
}

inline std::string xml_unescaped(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out.push_back(text[i]);
            continue;
        }
        const std::size_t semicolon = text.find(';', i);
        if (semicolon == std::string_view::npos)
            refuse(400, "MalformedXML", "The XML you provided was not well-formed.");
        const std::string_view entity = text.substr(i + 1, semicolon - i - 1);
        if (entity == "amp")
            out.push_back('&');
        else if (entity == "lt")
            out.push_back('<');
        else if (entity == "gt")
            out.push_back('>');
        else if (entity == "quot")
            out.push_back('"');
        else if (entity == "apos")
            out.push_back('\'');
        else if (entity.starts_with('#')) {
            const bool hex = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X');
            const std::string_view digits = entity.substr(hex ? 2 : 1);
            unsigned code = 0;
            const auto [end, ec] =
                std::from_chars(digits.data(), digits.data() + digits.size(), code, hex ? 16 : 10);
            if (ec != std::errc() || end != digits.data() + digits.size() || code == 0 ||
                code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
                refuse(400, "MalformedXML",
                       "An XML character reference names no character: " + shown(entity) + ".");
            char bytes[4];
            out.append(bytes, awsml::detail::write_utf8(bytes, code));
        } else {
            refuse(400, "MalformedXML", "The XML you provided was not well-formed.");
        }
        i = semicolon;
    }
    return out;
}

/// The text of every <name>...</name> (or <name attributes...>...</name>) in `xml`, in order:
/// enough for the flat request bodies of DeleteObjects and CompleteMultipartUpload.
inline std::vector<std::string_view> elements(std::string_view xml, std::string_view name) {
    std::vector<std::string_view> out;
    const std::string open = "<" + std::string(name), close = "</" + std::string(name) + ">";
    for (std::size_t at = xml.find(open); at != std::string_view::npos; at = xml.find(open, at)) {
        const std::size_t after_name = at + open.size();
        // '>', or white space before attributes; anything else is a longer name (or <name/>).
        if (after_name >= xml.size() ||
            std::string_view("> \t\r\n").find(xml[after_name]) == std::string_view::npos) {
            at = after_name;
            continue;
        }
        const std::size_t begin = xml.find('>', after_name);
        const std::size_t end = begin == std::string_view::npos ? begin : xml.find(close, begin);
        if (end == std::string_view::npos)
            refuse(400, "MalformedXML", "The XML you provided was not well-formed.");
        out.push_back(xml.substr(begin + 1, end - begin - 1));
        at = end + close.size();
    }
    return out;
}

// --- times ---------------------------------------------------------------------------------

/// "2026-12-05T06:52:39.000Z", as S3's listings write LastModified.
inline std::string iso8601(time_point time) {
    // S3 writes .000 (it keeps times to the second); the file's milliseconds are kept, so that
    // `aws s3 sync`, which compares a file's time with its object's, does not send again a file
    // written in the second it was uploaded.
    const auto ms = std::chrono::floor<std::chrono::milliseconds>(time).time_since_epoch().count();
    const std::int64_t seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    const std::int64_t day = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
    const auto in_day = static_cast<unsigned>(seconds - day * 86400);
    const auto date = awsml::detail::civil_from_days(day);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02u:%02u:%02u.%03uZ",
                  static_cast<int>(date.year), static_cast<unsigned>(date.month),
                  static_cast<unsigned>(date.day), in_day / 3600, in_day / 60 % 60, in_day % 60,
                  static_cast<unsigned>(ms - seconds * 1000));
    return text;
}

inline time_point modified_at(const fs::path& file) {
    std::error_code ec;
    const auto written = fs::last_write_time(file, ec);
    if (ec)
        return {};
    return std::chrono::time_point_cast<std::chrono::system_clock::duration>(
        std::chrono::file_clock::to_sys(written));
}

/// When a bucket's folder was made: its birth time where the file system records one (ext4,
/// XFS, Btrfs), otherwise its last change, which a write into the folder moves.
inline time_point created_at(const fs::path& folder) {
    struct ::statx status {};
    if (::statx(AT_FDCWD, folder.c_str(), 0, STATX_BTIME, &status) != 0 ||
        (status.stx_mask & STATX_BTIME) == 0)
        return modified_at(folder);
    return std::chrono::time_point_cast<std::chrono::system_clock::duration>(
        std::chrono::sys_time<std::chrono::nanoseconds>(
            std::chrono::seconds(status.stx_btime.tv_sec) +
            std::chrono::nanoseconds(status.stx_btime.tv_nsec)));
}

// --- the folder ----------------------------------------------------------------------------

inline bool valid_new_bucket_name(std::string_view name) {
    if (name.size() < 3 || name.size() > 63 || name.find("..") != std::string_view::npos)
        return false;
    auto edge = [](char c) { return is_digit(c) || (c >= 'a' && c <= 'z'); };
    if (!edge(name.front()) || !edge(name.back()))
        return false;
    if (!std::all_of(name.begin(), name.end(),
                     [&](char c) { return edge(c) || c == '.' || c == '-'; }))
        return false;
    // Not an IP address, nor a prefix or suffix S3 keeps for its own names (access point
    // aliases, directory and table buckets, internationalised domain names).
    const bool dotted_digits =
        std::count(name.begin(), name.end(), '.') == 3 &&
        std::all_of(name.begin(), name.end(), [](char c) { return is_digit(c) || c == '.'; });
    constexpr std::string_view kept_prefixes[] = {"xn--", "sthree-", "amzn-s3-demo-"};
    constexpr std::string_view kept_suffixes[] = {"-s3alias", "--ol-s3", ".mrap", "--x-s3",
                                                  "--table-s3"};
    return !dotted_digits &&
           std::none_of(std::begin(kept_prefixes), std::end(kept_prefixes),
                        [&](std::string_view p) { return name.starts_with(p); }) &&
           std::none_of(std::begin(kept_suffixes), std::end(kept_suffixes),
                        [&](std::string_view s) { return name.ends_with(s); });
}

/// The bucket's folder; refuses a name that no folder under the root can be.
inline fs::path bucket_folder(const s3_files& files, std::string_view bucket) {
    if (bucket.find_first_of(std::string_view("/\0", 2)) != std::string_view::npos ||
        bucket.empty() || !is_alnum(bucket.front()) || bucket.size() > 63)
        refuse(400, "InvalidBucketName", "The specified bucket is not valid: " + shown(bucket));
    return files.root() / std::string(bucket);
}

[[noreturn]] inline void no_such_bucket(std::string_view bucket) {
    refuse(404, "NoSuchBucket", "The specified bucket does not exist: " + shown(bucket));
}

inline fs::path existing_bucket(const s3_files& files, std::string_view bucket) {
    fs::path folder = bucket_folder(files, bucket);
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        no_such_bucket(bucket);
    return folder;
}

// --- a bucket's region -----------------------------------------------------------------------

/// The bucket folder's extended attribute that keeps its location constraint ("eu-west-1",
/// "EU"; "us-east-1" for none), as CreateBucket was given it.
inline constexpr const char* region_attribute = "user.awsml-local.region";
inline constexpr std::string_view default_region = "us-east-1";

/// The location constraints S3 takes: its model's BucketLocationConstraint (botocore 1.43),
/// "EU" being eu-west-1's old name. us-east-1 is none: its buckets have no constraint.
inline constexpr std::array<std::string_view, 38> location_constraints = {
    "af-south-1",     "ap-east-1",      "ap-east-2",      "ap-northeast-1", "ap-northeast-2",
    "ap-northeast-3", "ap-south-1",     "ap-south-2",     "ap-southeast-1", "ap-southeast-2",
    "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
    "ca-central-1",   "ca-west-1",      "cn-north-1",     "cn-northwest-1", "EU",
    "eu-central-1",   "eu-central-2",   "eu-north-1",     "eu-south-1",     "eu-south-2",
    "eu-west-1",      "eu-west-2",      "eu-west-3",      "il-central-1",   "me-central-1",
    "me-south-1",     "mx-central-1",   "sa-east-1",      "us-east-2",      "us-gov-east-1",
    "us-gov-west-1",  "us-west-1",      "us-west-2"};

/// Whether a bucket can be in `constraint`: one S3 takes, or us-east-1 (kept for no constraint).
inline bool names_a_region(std::string_view constraint) {
    return constraint == default_region ||
           std::find(location_constraints.begin(), location_constraints.end(), constraint) !=
               location_constraints.end();
}

/// The region a location constraint puts a bucket in.
inline std::string_view region_of_constraint(std::string_view constraint) {
    return constraint == "EU" ? std::string_view("eu-west-1") : constraint;
}

/// The bucket's location constraint as CreateBucket kept it; for a folder made otherwise (by
/// hand, or where the file system keeps no extended attributes), `fallback`.
inline std::string location_constraint(const fs::path& bucket, std::string_view fallback) {
    char value[64];
    const ::ssize_t size = ::getxattr(bucket.c_str(), region_attribute, value, sizeof value);
    if (size <= 0 || !names_a_region(std::string_view(value, static_cast<std::size_t>(size))))
        return std::string(fallback);
    return std::string(value, static_cast<std::size_t>(size));
}

/// The region the bucket is in (location_constraint's, "EU" read as eu-west-1).
inline std::string bucket_region(const fs::path& bucket, std::string_view fallback) {
    return std::string(region_of_constraint(location_constraint(bucket, fallback)));
}

/// Makes a bucket's folder with its location constraint kept: made aside (a partial folder, which
/// no listing shows), given the attribute, then renamed into place unless a folder of that name
/// is there. So no request sees the bucket without its region, and of two creations racing one
/// makes it. False when the folder was there already.
inline bool make_bucket_folder(const s3_files& files, const fs::path& folder,
                               std::string_view constraint) {
    const fs::path aside = files.root() / (std::string(partial_file_prefix) + "bucket-" +
                                           awsml::detail::random_uuid());
    std::error_code ec;
    fs::create_directories(files.root(), ec);
    if (::mkdir(aside.c_str(), 0777) != 0)
        refuse(500, "InternalError",
               std::string("cannot create the bucket's folder: ") + std::strerror(errno));
    if (::setxattr(aside.c_str(), region_attribute, constraint.data(), constraint.size(), 0) != 0 &&
        errno != ENOTSUP && errno != ENOSYS) {
        const int error = errno;
        ::rmdir(aside.c_str());
        refuse(500, "InternalError",
               std::string("cannot keep the bucket's region: ") + std::strerror(error));
    }
    if (::renameat2(AT_FDCWD, aside.c_str(), AT_FDCWD, folder.c_str(), RENAME_NOREPLACE) == 0)
        return true;
    const int error = errno;
    ::rmdir(aside.c_str());
    if (error == EEXIST && fs::is_directory(folder, ec))
        return false;
    refuse(500, "InternalError",
           std::string("cannot create the bucket's folder: ") + std::strerror(error));
}

/// A bucket's or an upload's folder, held while a write goes into it (shared) or while it is
/// removed (exclusive): see folder_hold.
struct held_folder {
    fs::path folder;
    folder_hold hold;
};

/// S3's error for a hold not granted: one that waited in vain is S3's throttling, which the
/// SDKs retry.
[[noreturn]] inline void refuse_hold(const folder_hold::refusal& why) {
    if (why.busy)
        refuse(503, "SlowDown", "Please reduce your request rate: " + why.message);
    refuse(500, "InternalError", why.message);
}

/// `folder` held, or the S3 error `missing` raises when it is not there.
template <class Missing>
held_folder hold_folder(const s3_files& files, fs::path folder, folder_hold::mode mode,
                        Missing missing) {
    auto hold = folder_hold::take(folder, mode, files.hold_patience());
    if (!hold)
        refuse_hold(hold.error());
    if (!*hold)
        missing();
    return held_folder{std::move(folder), std::move(**hold)};
}

inline held_folder hold_bucket(const s3_files& files, std::string_view bucket,
                               folder_hold::mode mode) {
    return hold_folder(files, bucket_folder(files, bucket), mode, [&] { no_such_bucket(bucket); });
}

/// The object's hold (see hold_object in s3_files.hpp), or the S3 error that says why not.
inline folder_hold hold_object_or_refuse(const s3_files& files, const fs::path& bucket,
                                         std::string_view key) {
    auto held = hold_object(files, bucket.filename().native(), key);
    if (!held)
        refuse_hold(held.error());
    return std::move(*held);
}

inline void check_key_length(std::string_view key) {
    if (key.size() > max_key_bytes)
        refuse(400, "KeyTooLongError", "Your key is too long (over 1024 bytes).");
}

/// Why a key cannot be a file below its bucket's folder, or nullopt when it can be.
inline std::optional<std::string_view> why_not_a_file(std::string_view key) {
    if (key.find('\0') != std::string_view::npos)
        return "it contains a NUL byte";
    for (std::size_t at = 0;;) {
        const std::size_t slash = key.find('/', at);
        const std::string_view segment = key.substr(at, slash - at);
        if (segment.empty() || segment == "." || segment == "..")
            return "it has an empty, '.' or '..' segment (a key ending in '/' is one)";
        if (segment.size() > max_segment_bytes)
            return "a segment between slashes is longer than 255 bytes";
        if (segment.starts_with(partial_file_prefix))
            return "awsml-local names its files being written so";
        if (slash == std::string_view::npos)
            return std::nullopt;
        at = slash + 1;
    }
}

/// The file of an object to write; refuses a key that cannot be a file below its bucket's
/// folder.
inline fs::path object_file(const fs::path& bucket, std::string_view key) {
    check_key_length(key);
    if (const auto why = why_not_a_file(key))
        refuse(400, "InvalidArgument",
               "awsml-local keeps each object as a file under --s3-root, so the key " + shown(key) +
                   " cannot be stored: " + std::string(*why) + ".");
    return bucket / fs::path(std::string(key));
}

/// The file of an object that is there (NoSuchKey otherwise: a key no file can have names no
/// object, as it would name none in S3).
inline fs::path existing_object(const fs::path& bucket, std::string_view key) {
    check_key_length(key);
    std::error_code ec;
    if (why_not_a_file(key) || !fs::is_regular_file(bucket / fs::path(std::string(key)), ec))
        refuse(404, "NoSuchKey", "The specified key does not exist: " + shown(key));
    return bucket / fs::path(std::string(key));
}

/// Refuses an object whose file would be a folder's name, or below another object's file.
inline void check_room_for(const fs::path& bucket, const fs::path& file, std::string_view key) {
    std::error_code ec;
    if (fs::is_directory(file, ec))
        refuse(400, "InvalidArgument",
               "awsml-local keeps each object as a file under --s3-root: the key " + shown(key) +
                   " is a prefix of other objects' keys, so it cannot be an object too.");
    for (fs::path above = file.parent_path(); above != bucket && above.has_relative_path();
         above = above.parent_path())
        if (fs::is_regular_file(above, ec))
            refuse(400, "InvalidArgument",
                   "awsml-local keeps each object as a file under --s3-root: " +
                       shown(above.lexically_relative(bucket).generic_string()) +
                       " is an object, so no key can continue it with '/', as " + shown(key) +
                       " does.");
}

[[noreturn]] inline void cannot(std::string_view what, const fs::path& file) {
    refuse(500, "InternalError", "cannot " + std::string(what) + " " + file.string());
}

/// ETags remembered by what a stat says of a file (device, inode, size, modification and
/// change times), so that listing a bucket of large objects again does not read them all again.
/// A file changed in any way a stat sees is read anew; a write through the API forgets its file.
/// Only a file unchanged for a second is remembered: file times move in clock ticks, so a file
/// rewritten in place within the tick it was read in would otherwise look the same (git's
/// "racily clean" entries).
class etag_cache {
public:
    std::optional<std::string> find(const fs::path& file, const struct stat& seen) {
        std::lock_guard lock(mutex_);
        const auto it = entries_.find(file.native());
        if (it == entries_.end() || !same_file(it->second.seen, seen))
            return std::nullopt;
        return it->second.etag;
    }

    void remember(const fs::path& file, const struct stat& seen, std::string etag) {
        ::timespec now{};
        ::clock_gettime(CLOCK_REALTIME, &now);
        if (seen.st_mtim.tv_sec >= now.tv_sec - 1 || seen.st_ctim.tv_sec >= now.tv_sec - 1)
            return;
        std::lock_guard lock(mutex_);
        if (entries_.size() >= max_entries) // a bound, not a policy: they are cheap to remake
            entries_.clear();
        entries_.insert_or_assign(file.native(), entry{seen, std::move(etag)});
    }

    void forget(const fs::path& file) {
        std::lock_guard lock(mutex_);
        entries_.erase(file.native());
    }

private:
    static constexpr std::size_t max_entries = 100000;
    struct entry {
        struct stat seen;
        std::string etag;
    };
    static bool same_file(const struct stat& a, const struct stat& b) noexcept {
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_size == b.st_size &&
               a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec &&
               a.st_ctim.tv_sec == b.st_ctim.tv_sec && a.st_ctim.tv_nsec == b.st_ctim.tv_nsec;
    }
    std::mutex mutex_;
    std::unordered_map<std::string, entry> entries_;
};

inline etag_cache& etags() {
    static etag_cache cache;
    return cache;
}

/// An object's file, opened once: its size, ETag and bytes all come from the same file even if
/// a writer renames another onto its name meanwhile. Read in blocks, never whole.
class object_reader {
public:
    explicit object_reader(fs::path file)
        : file_(std::move(file))
        , fd_(::open(file_.c_str(), O_RDONLY | O_CLOEXEC)) {
        if (fd_ < 0 || ::fstat(fd_, &seen_) != 0 || !S_ISREG(seen_.st_mode)) {
            close();
            cannot("open", file_);
        }
    }
    // Returned by value only as a prvalue (guaranteed elision): never copied or moved.
    object_reader(const object_reader&) = delete;
    object_reader& operator=(const object_reader&) = delete;
    ~object_reader() { close(); }

    std::uint64_t size() const noexcept { return static_cast<std::uint64_t>(seen_.st_size); }
    const fs::path& file() const noexcept { return file_; }

    /// Hands `count` bytes from `first` to `sink`, block by block.
    template <class Sink>
    void read(std::uint64_t first, std::uint64_t count, Sink&& sink) {
        std::string block(std::min<std::uint64_t>(count, block_bytes), '\0');
        while (count > 0) {
            const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(count, block_bytes));
            const ::ssize_t got = ::pread(fd_, block.data(), want, static_cast<::off_t>(first));
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0) // an error, or the file was cut short since it was opened
                cannot("read", file_);
            sink(std::string_view(block.data(), static_cast<std::size_t>(got)));
            first += static_cast<std::uint64_t>(got);
            count -= static_cast<std::uint64_t>(got);
        }
    }

    /// Hands the file over as the body of an answer: `count` bytes from `first`, read as they
    /// are sent. The reader reads nothing after.
    file_body hand_over(std::uint64_t first, std::uint64_t count) noexcept {
        return {std::exchange(fd_, -1), first, count};
    }

    /// The metadata kept with the file (metadata_attribute); empty for a file without, or one
    /// changed since (kept_for).
    const std::string& metadata() {
        if (!metadata_) {
            metadata_ = attribute_of(fd_, metadata_attribute);
            if (!kept_for(*metadata_, seen_))
                metadata_->clear();
        }
        return *metadata_;
    }

    /// The file's ETag, read once per reader (a conditional GET asks again for its headers): a
    /// multipart object's kept one while the file is unchanged, else the content's MD5.
    const std::string& etag() {
        if (etag_)
            return *etag_;
        if (auto kept = kept_etag(metadata()))
            return etag_.emplace(std::move(*kept));
        if (auto known = etags().find(file_, seen_))
            return etag_.emplace(std::move(*known));
        md5_stream md5;
        read(0, size(), [&](std::string_view block) { md5.add(block); });
        const std::string& etag = etag_.emplace(md5.etag());
        etags().remember(file_, seen_, etag);
        return etag;
    }

private:
    void close() noexcept {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = -1;
    }

    static constexpr std::uint64_t block_bytes = 1 << 16;
    fs::path file_;
    int fd_;
    struct stat seen_ {};
    std::optional<std::string> etag_;
    std::optional<std::string> metadata_;
};

struct file_summary {
    std::string etag;
    std::uint64_t size = 0;
};

/// A listed file's ETag and size, or nullopt when it went (or was cut short) since it was
/// listed.
inline std::optional<file_summary> summary_of(const fs::path& file) {
    try {
        object_reader reader(file);
        return file_summary{reader.etag(), reader.size()};
    } catch (const s3_error&) {
        return std::nullopt;
    }
}

/// The object at a key, opened: NoSuchKey when there is none, or it went before it was opened.
inline object_reader open_object(const fs::path& bucket, std::string_view key) {
    const fs::path file = existing_object(bucket, key);
    try {
        return object_reader(file);
    } catch (const s3_error&) {
        std::error_code ec;
        if (fs::exists(file, ec))
            throw;
        refuse(404, "NoSuchKey", "The specified key does not exist: " + shown(key));
    }
}

// --- conditional requests ------------------------------------------------------------------

/// What a request's conditions (If-Match, If-None-Match, If-Unmodified-Since and
/// If-Modified-Since, or CopyObject's x-amz-copy-source-if-* forms) make of an object.
enum class precondition { holds, not_modified, failed };

/// Whether an If-Match or If-None-Match list ("*", or ETags quoted or not, weak or strong)
/// names `etag` (quoted).
inline bool names_etag(std::string_view list, std::string_view etag) {
    const std::string_view bare = etag.substr(1, etag.size() - 2);
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        std::string_view item = awsml::detail::trim(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        if (item.starts_with("W/"))
            item.remove_prefix(2);
        if (item.size() >= 2 && item.front() == '"' && item.back() == '"')
            item = item.substr(1, item.size() - 2);
        if (item == "*" || item == bare)
            return true;
    }
    return false;
}

/// The time an If-*-Since header names; nullopt without one, or when it is not an HTTP date
/// (which S3 ignores).
inline std::optional<time_point> named_time(std::optional<std::string_view> header) {
    const auto parsed =
        header ? awsml::parse_http_date(awsml::detail::trim(*header)) : std::nullopt;
    return parsed ? awsml::to_system_clock(*parsed) : std::nullopt;
}

/// RFC 9110's order, as S3 follows it: a matching If-Match overrules If-Unmodified-Since, and
/// If-None-Match overrules If-Modified-Since. `prefix` is "" or "x-amz-copy-source-".
inline precondition check_preconditions(const http_headers& headers, std::string_view prefix,
                                        object_reader& object) {
    auto header = [&](std::string_view name) {
        return find_header(headers, std::string(prefix) + std::string(name));
    };
    // Last-Modified says whole seconds; a condition compares what it says.
    const auto modified = std::chrono::floor<std::chrono::seconds>(modified_at(object.file()));
    if (const auto if_match = header("if-match")) {
        if (!names_etag(*if_match, object.etag()))
            return precondition::failed;
    } else if (const auto since = named_time(header("if-unmodified-since"));
               since && modified > *since) {
        return precondition::failed;
    }
    if (const auto if_none_match = header("if-none-match")) {
        if (names_etag(*if_none_match, object.etag()))
            return precondition::not_modified;
    } else if (const auto since = named_time(header("if-modified-since"));
               since && modified <= *since) {
        return precondition::not_modified;
    }
    return precondition::holds;
}

[[noreturn]] inline void precondition_failed() {
    refuse(412, "PreconditionFailed",
           "At least one of the pre-conditions you specified did not hold");
}

/// Puts a staged file in place; with replace::none, a file already there (If-None-Match: *)
/// fails the precondition.
inline void commit(staged_file& file, staged_file::replace mode = staged_file::replace::existing) {
    const auto written = file.commit(mode);
    if (!written) {
        if (file.target_existed())
            precondition_failed();
        refuse(500, "InternalError", written.error().message);
    }
    etags().forget(*written);
}

/// Keeps metadata lines with a staged object once all its bytes are written, stamped with the
/// file they are for (file_stamp); whether they were kept. Where the file system keeps no
/// extended attributes, the object is kept without them, as a file put there by hand.
inline bool keep_metadata(staged_file& file, std::string_view requested) {
    if (requested.empty())
        return true;
    const auto written = file.flushed_status();
    if (!written)
        return false; // nor is the file written: commit says why
    const std::string metadata =
        std::string(requested).append(":file:").append(file_stamp(*written)).append("\n");
    const int error = file.set_attribute(metadata_attribute, metadata);
    if (error == 0)
        return true;
    if (error == ENOTSUP || error == ENOSYS)
        return false;
    if (error == E2BIG)
        refuse(400, "MetadataTooLarge",
               "Your metadata headers exceed the maximum allowed metadata size: the file system "
               "under --s3-root cannot keep " +
                   std::to_string(metadata.size()) + " bytes of them with a file.");
    refuse(500, "InternalError",
           std::string("cannot keep the object's metadata (") + std::strerror(error) +
               "): the disk may be full, or the metadata too large for the file system");
}

/// Writes a whole file of awsml-local's own (an upload's part or record); see staged_file.
inline void write_file(const fs::path& file, std::string_view content,
                       staged_file::folders folders = staged_file::folders::create) {
    staged_file staged(file, folders);
    staged.out().write(content.data(), static_cast<std::streamsize>(content.size()));
    commit(staged);
}

[[noreturn]] inline void no_such_upload() {
    refuse(404, "NoSuchUpload",
           "The specified upload does not exist. The upload ID may be invalid, or the upload may "
           "have been aborted or completed.");
}

/// Removes the folders an object's removal left empty, up to its bucket's.
inline void prune_empty_folders(const fs::path& bucket, fs::path folder) {
    std::error_code ec;
    while (folder != bucket && folder.has_relative_path() && fs::is_empty(folder, ec) && !ec) {
        fs::remove(folder, ec);
        folder = folder.parent_path();
    }
}

/// Every key of a bucket, in S3's order (bytewise); a folder that cannot be read for any reason
/// but those files_below passes over fails the request rather than shortening the listing.
inline std::vector<std::string> keys_of(const fs::path& bucket) {
    auto files = files_below(bucket);
    if (!files)
        refuse(500, "InternalError", files.error().message);
    std::vector<std::string> keys;
    keys.reserve(files->size());
    for (const auto& file : *files)
        keys.push_back(file.lexically_relative(bucket).generic_string());
    std::sort(keys.begin(), keys.end());
    return keys;
}

// --- answers -------------------------------------------------------------------------------

inline http_response xml_response(int status, std::string body) {
    http_response response;
    response.status = status;
    response.body = std::move(body);
    response.headers.push_back({"Content-Type", "application/xml"});
    return response;
}

inline http_response empty_response(int status) {
    http_response response;
    response.status = status;
    return response;
}

struct context {
    const s3_files& files;
    const http_request& request;
    const s3_target& target;
    std::string_view region;
    time_point now;
    awsml::sigv4::chunk_signature_chain* chunks; ///< for a body signed chunk by chunk
};

/// A listing's continuation token: the last name listed, in hex.
inline std::string hex_token(std::string_view text) {
    std::string out;
    for (char c : text)
        awsml::detail::append_hex_byte(out, static_cast<unsigned char>(c));
    return out;
}

inline std::string from_hex_token(std::string_view token) {
    std::string out;
    if (token.size() % 2)
        refuse(400, "InvalidArgument", "The continuation token provided is incorrect");
    for (std::size_t i = 0; i < token.size(); i += 2) {
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(token.data() + i, token.data() + i + 2, value, 16);
        if (ec != std::errc() || end != token.data() + i + 2)
            refuse(400, "InvalidArgument", "The continuation token provided is incorrect");
        out.push_back(static_cast<char>(value));
    }
    return out;
}

/// ListBuckets' page size: max-buckets, from 1 to 10000; 10000 when another of its paging
/// parameters is given without it, and every bucket in one page when none is given.
inline std::size_t bucket_page_size(const s3_target& target) {
    constexpr std::size_t max_buckets = 10000;
    const std::string* text = target.parameter("max-buckets");
    if (!text)
        return target.has("prefix") || target.has("continuation-token") ||
                       target.has("bucket-region")
                   ? max_buckets
                   : std::numeric_limits<std::size_t>::max();
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (ec != std::errc() || end != text->data() + text->size() || n < 1 || n > max_buckets)
        refuse(400, "InvalidArgument",
               "max-buckets must be an integer from 1 to 10000, not " + shown(*text) + ".");
    return n;
}

struct listed_bucket {
    std::string name;
    time_point created;
    std::string region;
};

/// The buckets under the root whose names sort after `after`, by name.
inline std::vector<listed_bucket> buckets_after(const context& c, std::string_view after,
                                                std::string_view prefix) {
    std::vector<listed_bucket> found;
    std::error_code ec;
    for (fs::directory_iterator it(c.files.root(), ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (it->is_directory(ec) && !name.empty() && is_alnum(name.front()) && name > after &&
            name.starts_with(prefix))
            found.push_back(
                {std::move(name), created_at(it->path()), bucket_region(it->path(), c.region)});
    }
    std::sort(found.begin(), found.end(),
              [](const listed_bucket& a, const listed_bucket& b) { return a.name < b.name; });
    return found;
}

inline http_response list_buckets(const context& c) {
    const s3_target& t = c.target;
    check_parameters(t, "ListBuckets",
                     {"max-buckets", "continuation-token", "prefix", "bucket-region"});
    const std::size_t page_size = bucket_page_size(t);
    const std::string prefix = t.text("prefix"), region = t.text("bucket-region");
    std::string buckets, last;
    std::size_t listed = 0;
    bool truncated = false;
    for (const auto& bucket :
         buckets_after(c, from_hex_token(t.text("continuation-token")), prefix)) {
        if (!region.empty() && bucket.region != region)
            continue;
        if (listed == page_size) {
            truncated = true;
            break;
        }
        buckets += "<Bucket>";
        element(buckets, "Name", bucket.name);
        element(buckets, "CreationDate", iso8601(bucket.created));
        element(buckets, "BucketRegion", bucket.region);
        buckets += "</Bucket>";
        last = bucket.name;
        ++listed;
    }
    std::string inner = "<Owner><ID>awsml-local</ID><DisplayName>awsml-local</DisplayName></Owner>"
                        "<Buckets>" +
                        buckets + "</Buckets>";
    if (truncated)
        element(inner, "ContinuationToken", hex_token(last));
    if (t.has("prefix"))
        element(inner, "Prefix", prefix);
    return xml_response(200, document("ListAllMyBucketsResult", inner));
}

/// CreateBucket's location constraint, checked as S3 checks it: us-east-1's endpoint (the
/// global one) makes a bucket in any region, any other only in its own. None is us-east-1.
inline std::optional<std::string> requested_location_constraint(const context& c) {
    const std::string_view body = awsml::detail::trim(c.request.body);
    std::optional<std::string> constraint;
    if (!body.empty()) {
        const auto configuration = elements(body, "CreateBucketConfiguration");
        if (configuration.size() != 1)
            refuse(400, "MalformedXML",
                   "The XML you provided was not well-formed or did not validate against our "
                   "published schema");
        for (const std::string_view unserved : {"Location", "Bucket", "Tags"})
            if (!elements(configuration.front(), unserved).empty())
                refuse(501, "NotImplemented",
                       "awsml-local's S3 does not implement " + std::string(unserved) +
                           " in CreateBucketConfiguration.");
        const auto constraints = elements(configuration.front(), "LocationConstraint");
        if (constraints.size() > 1)
            refuse(400, "MalformedXML",
                   "CreateBucketConfiguration has more than one LocationConstraint.");
        if (!constraints.empty() && !awsml::detail::trim(constraints.front()).empty())
            constraint = xml_unescaped(awsml::detail::trim(constraints.front()));
    }
    if (constraint && (!names_a_region(*constraint) || *constraint == default_region))
        refuse(400, "InvalidLocationConstraint", "The specified location-constraint is not valid");
    if (c.region != default_region &&
        (!constraint || region_of_constraint(*constraint) != c.region))
        refuse(400, "IllegalLocationConstraintException",
               "The " + (constraint ? *constraint : std::string("unspecified")) +
                   " location constraint is incompatible for the region specific endpoint this "
                   "request was sent to.");
    return constraint;
}

inline http_response create_bucket(const context& c) {
    if (!valid_new_bucket_name(c.target.bucket))
        refuse(400, "InvalidBucketName",
               "The specified bucket is not valid: " + shown(c.target.bucket) +
                   " (3 to 63 lowercase letters, digits, '.' and '-', beginning and ending with a "
                   "letter or a digit; not an IP address, nor one of S3's own prefixes and "
                   "suffixes such as xn-- and -s3alias)");
    const std::optional<std::string> constraint = requested_location_constraint(c);
    const fs::path folder = bucket_folder(c.files, c.target.bucket);
    // As S3 in us-east-1 answers its owner creating a bucket there again; elsewhere it is an
    // error.
    if (!make_bucket_folder(c.files, folder, constraint.value_or(std::string(default_region))) &&
        (c.region != default_region || constraint ||
         location_constraint(folder, c.region) != default_region))
        refuse(409, "BucketAlreadyOwnedByYou",
               "Your previous request to create the named bucket succeeded and you already own "
               "it.");
    http_response response = empty_response(200);
    response.headers.push_back({"Location", "/" + c.target.bucket});
    return response;
}

/// Whether any object is below `bucket`: the first file found answers.
inline bool holds_objects(const fs::path& bucket) {
    auto files = files_below(bucket, 1);
    if (!files)
        refuse(500, "InternalError", files.error().message);
    return !files->empty();
}

inline http_response delete_bucket(const context& c) {
    auto not_empty = [] {
        refuse(409, "BucketNotEmpty", "The bucket you tried to delete is not empty.");
    };
    // Looked at first without the hold, which stops every write into the bucket meanwhile,
    // then again under it, where one file found is enough.
    if (holds_objects(existing_bucket(c.files, c.target.bucket)))
        not_empty();
    const auto [folder, hold] = hold_bucket(c.files, c.target.bucket, folder_hold::mode::exclusive);
    if (holds_objects(folder))
        not_empty();
    std::error_code ec;
    fs::remove_all(folder, ec);
    if (ec)
        refuse(500, "InternalError", "cannot remove the bucket's folder: " + ec.message());
    return empty_response(204);
}

/// A page's size: max-keys, max-uploads or max-parts, at most 1000.
inline std::size_t page_size_of(const s3_target& target, std::string_view name) {
    const std::string* text = target.parameter(name);
    if (!text)
        return default_max_keys;
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (ec != std::errc() || end != text->data() + text->size())
        refuse(400, "InvalidArgument",
               "Provided " + std::string(name) + " not an integer or within integer range");
    return std::min(n, default_max_keys);
}

struct listing {
    std::vector<std::string> keys, prefixes;
    bool truncated = false;
    std::string last; ///< the last key or common prefix listed
};

/// The keys after `after` under `prefix`, those with `delimiter` past the prefix rolled up
/// into common prefixes, at most `max` entries of either.
inline listing list_keys(const std::vector<std::string>& keys, std::string_view prefix,
                         std::string_view delimiter, std::string_view after, std::size_t max) {
    listing out;
    // Resuming after a common prefix of this listing (a page's last entry, a marker) skips
    // every key it rolled up; any other `after` is only a key to list past.
    const bool after_prefix =
        !delimiter.empty() && after.starts_with(prefix) &&
        after.size() >= prefix.size() + delimiter.size() &&
        after.find(delimiter, prefix.size()) == after.size() - delimiter.size();
    for (auto it = std::upper_bound(keys.begin(), keys.end(), after,
                                    [](std::string_view a, const std::string&b) { return a < b; });
         it != keys.end(); ++it) {
        const std::string& key = *it;
        if (!key.starts_with(prefix) || (after_prefix && key.starts_with(after)))
            continue;
        std::string entry = key;
        bool rolled_up = false;
        if (!delimiter.empty()) {
            const std::size_t at = key.find(delimiter, prefix.size());
            if (at != std::string::npos) {
                entry = key.substr(0, at + delimiter.size());
                rolled_up = true;
                if (!out.prefixes.empty() && out.prefixes.back() == entry)
                    continue;
            }
        }
        // Nothing more fits; with max-keys=0 nothing is listed and nothing is left for a next
        // page to resume from.
        if (out.keys.size() + out.prefixes.size() == max) {
            out.truncated = max != 0;
            break;
        }
        (rolled_up ? out.prefixes : out.keys).push_back(entry);
        out.last = std::move(entry);
    }
    return out;
}

inline http_response list_objects(const context& c, bool v2) {
    const s3_target& t = c.target;
    check_parameters(t, v2 ? "ListObjectsV2" : "ListObjects",
                     {"list-type", "prefix", "delimiter", "max-keys", "marker", "start-after",
                      "continuation-token", "encoding-type", "fetch-owner"});
    const fs::path folder = existing_bucket(c.files, t.bucket);
    const std::string prefix = t.text("prefix"), delimiter = t.text("delimiter");
    const bool url = t.text("encoding-type") == "url";
    if (t.has("encoding-type") && !url)
        refuse(400, "InvalidArgument", "Invalid Encoding Method specified in Request");
    std::string after = v2 ? t.text("start-after") : t.text("marker");
    if (v2 && t.has("continuation-token"))
        after = std::max(after, from_hex_token(t.text("continuation-token")));
    const std::size_t max = page_size_of(t, "max-keys");
    const listing found = list_keys(keys_of(folder), prefix, delimiter, after, max);

    auto encoded = [&](std::string_view s) { return url ? url_encoded(s) : std::string(s); };
    std::string entries;
    std::size_t listed = found.prefixes.size();
    for (const auto& key : found.keys) {
        const fs::path file = folder / key;
        const auto summary = summary_of(file);
        if (!summary) // deleted (or cut short) since the folder was walked
            continue;
        ++listed;
        entries += "<Contents>";
        element(entries, "Key", encoded(key));
        element(entries, "LastModified", iso8601(modified_at(file)));
        element(entries, "ETag", summary->etag);
        element(entries, "Size", std::to_string(summary->size));
        element(entries, "StorageClass", "STANDARD");
        entries += "</Contents>";
    }
    for (const auto& common : found.prefixes) {
        entries += "<CommonPrefixes>";
        element(entries, "Prefix", encoded(common));
        entries += "</CommonPrefixes>";
    }
    std::string inner;
    element(inner, "Name", t.bucket);
    element(inner, "Prefix", encoded(prefix));
    if (!delimiter.empty())
        element(inner, "Delimiter", encoded(delimiter));
    element(inner, "MaxKeys", std::to_string(max));
    if (url)
        element(inner, "EncodingType", "url");
    element(inner, "IsTruncated", found.truncated ? "true" : "false");
    if (v2) {
        element(inner, "KeyCount", std::to_string(listed));
        if (t.has("continuation-token"))
            element(inner, "ContinuationToken", t.text("continuation-token"));
        if (t.has("start-after"))
            element(inner, "StartAfter", encoded(t.text("start-after")));
        if (found.truncated)
            element(inner, "NextContinuationToken", hex_token(found.last));
    } else {
        element(inner, "Marker", encoded(t.text("marker")));
        if (found.truncated && !delimiter.empty())
            element(inner, "NextMarker", encoded(found.last));
    }
    inner += entries;
    return xml_response(200, document("ListBucketResult", inner));
}

inline void add_object_headers(http_response& response, object_reader& object) {
    response.headers.push_back({"ETag", object.etag()});
    response.headers.push_back({"Last-Modified", format_http_date(modified_at(object.file()))});
    response.headers.push_back({"Accept-Ranges", "bytes"});
    // A 304 stands for the 200 the client has: RFC 9110 lets it say only how long that is good.
    const bool not_modified = response.status == 304;
    bool typed = false;
    for (auto& [name, value] : kept_headers(object.metadata())) {
        if (not_modified && name != "Cache-Control" && name != "Expires")
            continue;
        typed = typed || name == "Content-Type";
        response.headers.push_back({std::move(name), std::string(value)});
    }
    if (!typed && !not_modified)
        response.headers.push_back({"Content-Type", "binary/octet-stream"});
}

/// The whole of `text` as a decimal number, or nullopt (empty, a sign, anything else, too big).
inline std::optional<std::uint64_t> decimal(std::string_view text) {
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return n;
}

/// The one byte range a Range header asks for in an object of `size` bytes: nullopt for the
/// whole object (no header, or one S3 ignores); refuses a range outside the object.
inline std::optional<std::pair<std::uint64_t, std::uint64_t>>
byte_range(std::optional<std::string_view> header, std::uint64_t size) {
    if (!header || !header->starts_with("bytes=") || header->find(',') != std::string_view::npos)
        return std::nullopt;
    const std::string_view spec = header->substr(6);
    const std::size_t dash = spec.find('-');
    if (dash == std::string_view::npos)
        return std::nullopt;
    const auto first = decimal(spec.substr(0, dash)), last = decimal(spec.substr(dash + 1));
    auto unsatisfiable = [size] {
        refuse(416, "InvalidRange", "The requested range is not satisfiable",
               {{"Content-Range", "bytes */" + std::to_string(size)}});
    };
    if (!first) { // bytes=-N: the last N bytes
        if (!last || dash != 0)
            return std::nullopt;
        if (*last == 0 || size == 0)
            unsatisfiable();
        return std::pair{size - std::min(*last, size), size - 1};
    }
    if (dash + 1 != spec.size() && (!last || *last < *first))
        return std::nullopt;
    if (*first >= size)
        unsatisfiable();
    return std::pair{*first, last ? std::min(*last, size - 1) : size - 1};
}

inline s3_api::reply get_object(const context& c, bool head) {
    check_parameters(c.target, head ? "HeadObject" : "GetObject",
                     {"response-content-type", "response-content-disposition",
                      "response-content-encoding", "response-content-language",
                      "response-cache-control", "response-expires"});
    object_reader object = open_object(existing_bucket(c.files, c.target.bucket), c.target.key);
    const precondition condition = check_preconditions(c.request.headers, "", object);
    if (condition == precondition::failed)
        precondition_failed();
    s3_api::reply out;
    http_response& response = out.response;
    response = empty_response(condition == precondition::holds ? 200 : 304);
    add_object_headers(response, object);
    if (condition == precondition::not_modified)
        return out;
    std::uint64_t first = 0, count = object.size();
    if (const auto range = byte_range(find_header(c.request.headers, "range"), object.size())) {
        response.status = 206;
        response.headers.push_back({"Content-Range", "bytes " + std::to_string(range->first) + "-" +
                                                         std::to_string(range->second) + "/" +
                                                         std::to_string(object.size())});
        first = range->first;
        count = range->second - range->first + 1;
    }
    constexpr std::array<std::pair<std::string_view, std::string_view>, 6> overrides = {{
        {"response-content-type", "Content-Type"},
        {"response-content-disposition", "Content-Disposition"},
        {"response-content-encoding", "Content-Encoding"},
        {"response-content-language", "Content-Language"},
        {"response-cache-control", "Cache-Control"},
        {"response-expires", "Expires"},
    }};
    // Not a structured binding: clang 14 cannot capture one in the lambda below.
    for (const auto& override_header : overrides)
        if (const std::string* value = c.target.parameter(override_header.first)) {
            if (!awsml::detail::is_field_text(*value))
                refuse(400, "InvalidArgument",
                       std::string(override_header.first) +
                           " holds a control character, which no header value can.");
            std::erase_if(response.headers, [&](const http_header& h) {
                return awsml::detail::iequals(h.name, override_header.second);
            });
            response.headers.push_back({std::string(override_header.second), *value});
        }
    // An object is the user's data, not a page of this origin, where the APIs and the console
    // answer: shown as HTML (its own type, or response-content-type's), it runs no script.
    response.headers.push_back({"Content-Security-Policy", "sandbox; default-src 'none'"});
    response.headers.push_back({"X-Content-Type-Options", "nosniff"});
    // The checksums kept with the object, for the whole of it (S3 gives none for a range).
    if (awsml::detail::iequals(find_header(c.request.headers, "x-amz-checksum-mode").value_or(""),
                               "ENABLED") &&
        response.status == 200) {
        const auto checksums = kept_checksums(object.metadata());
        for (const auto& [algorithm, value] : checksums)
            response.headers.push_back(
                {"x-amz-checksum-" + std::string(algorithm), std::string(value)});
        if (!checksums.empty())
            response.headers.push_back({"x-amz-checksum-type", "FULL_OBJECT"});
    }
    response.headers.push_back({"Content-Length", std::to_string(count)});
    if (head)
        return out;
    // The first block is read here, on a worker, as is all of a small object; the server reads
    // the rest as it sends it.
    const std::uint64_t first_block = std::min<std::uint64_t>(count, file_body_block_bytes);
    object.read(first, first_block, [&](std::string_view block) { response.body += block; });
    if (count > first_block)
        out.streamed_body = object.hand_over(first + first_block, count - first_block);
    return out;
}

/// A conditional write: If-None-Match "*" (only where no object is: the answer says whether
/// the write may replace a file, and the write itself keeps to it, so of two racing writers one
/// wins) or If-Match (only over the object with that ETag). Called by commit_object under the
/// object's hold, where the answer holds; a multipart completion also calls it before it joins
/// the parts, to refuse before that work.
inline staged_file::replace check_write_conditions(const context& c, const fs::path& bucket,
                                                   const fs::path& file) {
    const auto if_none_match = find_header(c.request.headers, "if-none-match");
    if (if_none_match) {
        if (awsml::detail::trim(*if_none_match) != "*")
            refuse(501, "NotImplemented",
                   "A header you provided implies functionality that is not implemented: "
                   "If-None-Match takes only * on a write.");
        std::error_code ec;
        if (fs::is_regular_file(file, ec))
            precondition_failed();
    }
    if (const auto if_match = find_header(c.request.headers, "if-match")) {
        object_reader current = open_object(bucket, c.target.key);
        if (!names_etag(*if_match, current.etag()))
            precondition_failed();
    }
    return if_none_match ? staged_file::replace::none : staged_file::replace::existing;
}

/// Whether a write of an object checks the request's write conditions.
enum class write_conditions { check, skip };

/// Puts an object's staged file in place under its hold (hold_object), after checking the
/// request's write conditions under the same hold if asked.
inline void commit_object(const context& c, const fs::path& bucket, const fs::path& file,
                          staged_file& staged, write_conditions conditions) {
    const folder_hold held = hold_object_or_refuse(c.files, bucket, c.target.key);
    commit(staged, conditions == write_conditions::check ? check_write_conditions(c, bucket, file)
                                                         : staged_file::replace::existing);
}

inline http_response put_object(const context& c) {
    check_parameters(c.target, "PutObject", {});
    const std::string metadata = requested_metadata(c.request.headers);
    const auto [bucket, hold] = hold_bucket(c.files, c.target.bucket, folder_hold::mode::shared);
    const fs::path file = object_file(bucket, c.target.key);
    check_room_for(bucket, file, c.target.key);
    const decoded_body body = object_content(c.request, c.chunks);
    http_response response = empty_response(200);
    response.headers = check_digests(body.digests, body.content);
    // The conditions are checked once, under the object's hold: the staged file a refused write
    // made is removed, and an If-Match reads the object's ETag (maybe its whole MD5) only once.
    staged_file staged(file);
    staged.out().write(body.content.data(), static_cast<std::streamsize>(body.content.size()));
    keep_metadata(staged, metadata + checksum_lines(response.headers, body.content));
    commit_object(c, bucket, file, staged, write_conditions::check);
    response.headers.push_back({"ETag", etag_of(body.content)});
    return response;
}

/// x-amz-copy-source, "bucket/key" or "/bucket/key", URL-encoded.
inline std::pair<std::string, std::string> copy_source(const http_request& request) {
    const std::string_view header = find_header(request.headers, "x-amz-copy-source").value_or("");
    if (header.find("?versionId=") != std::string_view::npos)
        refuse(501, "NotImplemented", "awsml-local's S3 keeps no versions.");
    auto decoded = percent_decoded(header.starts_with('/') ? header.substr(1) : header);
    const std::size_t slash = decoded ? decoded->find('/') : std::string::npos;
    if (slash == std::string::npos || slash + 1 == decoded->size())
        refuse(400, "InvalidArgument",
               "Copy Source must mention the source bucket and key: "
               "sourcebucket/sourcekey");
    return {decoded->substr(0, slash), decoded->substr(slash + 1)};
}

/// The object x-amz-copy-source names, opened.
inline object_reader copy_source_object(const context& c) {
    const auto source = copy_source(c.request);
    return open_object(existing_bucket(c.files, source.first), source.second);
}

/// x-amz-copy-source-if-*: a copy whose source is not modified has nothing to give, so S3
/// answers 412 to that too.
inline void check_copy_conditions(const context& c, object_reader& source) {
    if (check_preconditions(c.request.headers, "x-amz-copy-source-", source) != precondition::holds)
        precondition_failed();
}

/// Copies `count` bytes of `source` from `first` into the staged file `copy`; returns their
/// ETag.
inline std::string copy_bytes(object_reader& source, std::uint64_t first, std::uint64_t count,
                              staged_file& copy) {
    md5_stream md5;
    source.read(first, count, [&](std::string_view block) {
        md5.add(block);
        copy.out().write(block.data(), static_cast<std::streamsize>(block.size()));
    });
    return md5.etag();
}

inline http_response copy_result(std::string_view root, const fs::path& file,
                                 const std::string& etag) {
    std::string inner;
    element(inner, "LastModified", iso8601(modified_at(file)));
    element(inner, "ETag", etag);
    return xml_response(200, document(root, inner));
}

inline http_response copy_object(const context& c) {
    check_parameters(c.target, "CopyObject", {});
    const std::string_view directive =
        find_header(c.request.headers, "x-amz-metadata-directive").value_or("COPY");
    if (directive != "COPY" && directive != "REPLACE")
        refuse(400, "InvalidArgument", "Unknown metadata directive " + shown(directive) + ".");
    const bool replacing = directive == "REPLACE";
    const std::string requested = replacing ? requested_metadata(c.request.headers) : "";
    object_reader source = copy_source_object(c);
    check_copy_conditions(c, source);
    const auto [bucket, hold] = hold_bucket(c.files, c.target.bucket, folder_hold::mode::shared);
    const fs::path file = object_file(bucket, c.target.key);
    // A copy onto itself must change something: here only the metadata can.
    std::error_code ec;
    if (fs::equivalent(file, source.file(), ec) && !replacing)
        refuse(400, "InvalidRequest",
               "This copy request is illegal because it is trying to copy an object to itself "
               "without changing the object's metadata, storage class, website redirect location "
               "or encryption attributes.");
    check_room_for(bucket, file, c.target.key);
    const std::string metadata = (replacing ? requested : headers_of(source.metadata())) +
                                 kept_checksum_lines(source.metadata());
    staged_file copy(file);
    const std::string etag = copy_bytes(source, 0, source.size(), copy);
    keep_metadata(copy, metadata);
    commit_object(c, bucket, file, copy, write_conditions::skip);
    return copy_result("CopyObjectResult", file, etag);
}

/// Deletes an object's file if there is one (a key no file can have names none).
inline void delete_object_file(const s3_files& files, const fs::path& bucket,
                               std::string_view key) {
    check_key_length(key);
    if (why_not_a_file(key))
        return;
    const fs::path file = bucket / fs::path(std::string(key));
    const folder_hold held = hold_object_or_refuse(files, bucket, key);
    std::error_code ec;
    if (fs::is_regular_file(file, ec)) {
        etags().forget(file);
        fs::remove(file, ec);
        if (ec)
            refuse(500, "InternalError", "cannot remove the object: " + ec.message());
        prune_empty_folders(bucket, file.parent_path());
    }
}

inline http_response delete_object(const context& c) {
    check_parameters(c.target, "DeleteObject", {});
    const fs::path bucket = existing_bucket(c.files, c.target.bucket);
    delete_object_file(c.files, bucket, c.target.key);
    return empty_response(204); // as S3: deleting what is not there succeeds
}

/// Whether the request declares its body's digest: Content-MD5 or an x-amz-checksum-* value
/// (check_digests compares them with the body).
inline bool declares_digest(const http_headers& headers) {
    return std::any_of(headers.begin(), headers.end(), [](const http_header& h) {
        const std::string name = awsml::detail::ascii_lower(h.name);
        return name == "content-md5" ||
               (name.starts_with("x-amz-checksum-") && name != "x-amz-checksum-type" &&
                name != "x-amz-checksum-algorithm");
    });
}

inline http_response delete_objects(const context& c) {
    check_parameters(c.target, "DeleteObjects", {"delete"});
    const fs::path bucket = existing_bucket(c.files, c.target.bucket);
    // As S3: a Multi-Object Delete names its body's digest (which no browser's simple POST from
    // another site can).
    if (!declares_digest(c.request.headers))
        refuse(400, "InvalidRequest", "Missing required header for this request: Content-MD5");
    const std::string_view body = c.request.body;
    if (elements(body, "Delete").size() != 1)
        refuse(400, "MalformedXML",
               "The XML you provided was not well-formed or did not "
               "validate against our published schema");
    const auto quiet = elements(body, "Quiet");
    const bool silent = !quiet.empty() && quiet.front() == "true";
    const auto objects = elements(body, "Object");
    if (objects.empty() || objects.size() > max_keys_deleted)
        refuse(400, "MalformedXML",
               "The XML you provided was not well-formed or did not validate against our "
               "published schema (Delete takes 1 to 1000 Objects, not " +
                   std::to_string(objects.size()) + ")");
    std::string inner;
    for (const std::string_view object : objects) {
        const auto keys = elements(object, "Key");
        if (keys.size() != 1)
            refuse(400, "MalformedXML", "Each Object must have one Key.");
        const std::string key = xml_unescaped(keys.front());
        try {
            delete_object_file(c.files, bucket, key);
            if (silent)
                continue;
            inner += "<Deleted>";
            element(inner, "Key", key);
            inner += "</Deleted>";
        } catch (const s3_error& e) {
            inner += "<Error>";
            element(inner, "Key", key);
            element(inner, "Code", e.code);
            element(inner, "Message", e.message);
            inner += "</Error>";
        }
    }
    return xml_response(200, document("DeleteResult", inner));
}

// --- multipart uploads ---------------------------------------------------------------------

/// An upload's folder: its id is 32 lowercase hex digits, which keeps it inside the folder.
inline fs::path upload_folder(const s3_files& files, std::string_view id) {
    return pending_folder(files.root()) / "s3-uploads" / std::string(id);
}

inline std::string new_upload_id() {
    static std::mutex mutex;
    static std::mt19937_64 engine{std::random_device{}()};
    std::lock_guard lock(mutex);
    std::string id;
    for (int i = 0; i < 2; ++i) {
        const std::uint64_t word = engine();
        for (int b = 7; b >= 0; --b)
            awsml::detail::append_hex_byte(id, static_cast<unsigned char>(word >> (8 * b)));
    }
    return id;
}

/// The folder of the upload the request's uploadId names, if it could be one.
inline fs::path named_upload_folder(const context& c) {
    const std::string id = *c.target.parameter("uploadId");
    if (id.size() != 32 || !std::all_of(id.begin(), id.end(), [](char ch) {
            return is_digit(ch) || (ch >= 'a' && ch <= 'f');
        }))
        no_such_upload();
    return upload_folder(c.files, id);
}

/// An upload is the request's only if it began for the request's bucket and key.
inline void check_upload_object(const context& c, const fs::path& folder) {
    auto target = read_whole_file(folder / "object");
    if (!target || *target != c.target.bucket + '\0' + c.target.key)
        no_such_upload();
}

/// The folder of the upload the request names, which must be for its bucket and key.
inline fs::path existing_upload(const context& c) {
    fs::path folder = named_upload_folder(c);
    check_upload_object(c, folder);
    return folder;
}

/// The request's upload, held while a part goes in (shared) or while it completes or is aborted
/// (exclusive): a part that answers 200 is in the upload, and an abort leaves nothing behind.
inline held_folder hold_upload(const context& c, folder_hold::mode mode) {
    held_folder upload =
        hold_folder(c.files, named_upload_folder(c), mode, [] { no_such_upload(); });
    check_upload_object(c, upload.folder);
    return upload;
}

inline http_response create_multipart_upload(const context& c) {
    check_parameters(c.target, "CreateMultipartUpload", {"uploads"});
    // Held, so that no upload begins for a bucket being deleted.
    const auto [bucket, hold] = hold_bucket(c.files, c.target.bucket, folder_hold::mode::shared);
    check_room_for(bucket, object_file(bucket, c.target.key), c.target.key);
    const std::string metadata = requested_metadata(c.request.headers);
    const std::string id = new_upload_id();
    const fs::path folder = upload_folder(c.files, id);
    // Before "object", which makes the upload exist.
    write_file(folder / "metadata", metadata);
    write_file(folder / "object", c.target.bucket + '\0' + c.target.key);
    std::string inner;
    element(inner, "Bucket", c.target.bucket);
    element(inner, "Key", c.target.key);
    element(inner, "UploadId", id);
    return xml_response(200, document("InitiateMultipartUploadResult", inner));
}

/// A part's number, from the query or a CompleteMultipartUpload's <PartNumber>.
inline int part_number(std::string_view text) {
    int n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < 1 || n > max_part_number)
        refuse(400, "InvalidArgument",
               "Part number must be an integer between 1 and 10000, inclusive");
    return n;
}

inline std::string part_name(int number) {
    std::string digits = std::to_string(number);
    return "part-" + std::string(5 - digits.size(), '0') + digits;
}

inline http_response upload_part(const context& c) {
    check_parameters(c.target, "UploadPart", {"uploadId", "partNumber"});
    existing_bucket(c.files, c.target.bucket);
    const auto [folder, hold] = hold_upload(c, folder_hold::mode::shared);
    const int number = part_number(*c.target.parameter("partNumber"));
    const decoded_body body = object_content(c.request, c.chunks);
    http_response response = empty_response(200);
    response.headers = check_digests(body.digests, body.content);
    write_file(folder / part_name(number), body.content, staged_file::folders::must_exist);
    response.headers.push_back({"ETag", etag_of(body.content)});
    return response;
}

/// x-amz-copy-source-range ("bytes=first-last", both within the source) as first and count;
/// the whole source without one.
inline std::pair<std::uint64_t, std::uint64_t> copy_source_range(const http_request& request,
                                                                 std::uint64_t size) {
    const auto header = find_header(request.headers, "x-amz-copy-source-range");
    if (!header)
        return {0, size};
    const std::string_view spec = header->starts_with("bytes=") ? header->substr(6) : "";
    const std::size_t dash = spec.find('-');
    const auto first = decimal(spec.substr(0, dash));
    const auto last =
        dash == std::string_view::npos ? std::nullopt : decimal(spec.substr(dash + 1));
    if (!first || !last || *last < *first || *last >= size)
        refuse(400, "InvalidArgument",
               "Range specified is not valid for source object of size: " + std::to_string(size));
    return {*first, *last - *first + 1};
}

inline http_response upload_part_copy(const context& c) {
    check_parameters(c.target, "UploadPartCopy", {"uploadId", "partNumber"});
    existing_bucket(c.files, c.target.bucket);
    const auto [folder, hold] = hold_upload(c, folder_hold::mode::shared);
    const int number = part_number(*c.target.parameter("partNumber"));
    object_reader source = copy_source_object(c);
    check_copy_conditions(c, source);
    const auto range = copy_source_range(c.request, source.size());
    const fs::path part = folder / part_name(number);
    staged_file copy(part, staged_file::folders::must_exist);
    const std::string etag = copy_bytes(source, range.first, range.second, copy);
    commit(copy);
    return copy_result("CopyPartResult", part, etag);
}

/// The metadata lines CreateMultipartUpload kept for an upload (none in an older awsml-local's).
inline std::string upload_metadata(const fs::path& folder) {
    const fs::path file = folder / "metadata";
    std::error_code ec;
    if (!fs::exists(file, ec) && !ec)
        return {};
    auto kept = read_whole_file(file);
    if (!kept)
        refuse(500, "InternalError", kept.error().message);
    return std::move(*kept);
}

/// The URL of the object a request is about, as the request addressed it: S3's Location.
inline std::string object_url(const http_request& request) {
    const std::string_view target = request.target;
    return request.scheme + "://" + std::string(find_header(request.headers, "host").value_or("")) +
           std::string(target.substr(0, target.find('?')));
}

inline http_response complete_multipart_upload(const context& c) {
    check_parameters(c.target, "CompleteMultipartUpload", {"uploadId"});
    // The bucket first, then the upload, in every request that holds both.
    const auto [bucket, bucket_hold] =
        hold_bucket(c.files, c.target.bucket, folder_hold::mode::shared);
    const auto [folder, upload_hold] = hold_upload(c, folder_hold::mode::exclusive);
    const auto parts = elements(c.request.body, "Part");
    if (parts.empty())
        refuse(400, "MalformedXML",
               "The XML you provided was not well-formed or did not "
               "validate against our published schema");
    std::vector<int> numbers;
    std::vector<std::string> etags;
    for (const std::string_view part : parts) {
        const auto number_text = elements(part, "PartNumber");
        const auto etag_text = elements(part, "ETag");
        if (number_text.size() != 1 || etag_text.size() != 1)
            refuse(400, "MalformedXML", "Each Part must have one PartNumber and one ETag.");
        const int number = part_number(awsml::detail::trim(number_text[0]));
        // With or without its quotes, as S3 takes it.
        std::string etag = xml_unescaped(awsml::detail::trim(etag_text[0]));
        etags.push_back(etag.starts_with('"') ? etag : "\"" + etag + "\"");
        if (!numbers.empty() && number <= numbers.back())
            refuse(400, "InvalidPartOrder",
                   "The list of parts was not in ascending order. The parts list must be "
                   "specified in order by part number.");
        numbers.push_back(number);
    }
    const fs::path file = object_file(bucket, c.target.key);
    check_room_for(bucket, file, c.target.key);
    check_write_conditions(c, bucket, file); // early, so that a refused write joins no parts
    // The parts are appended block by block into the object's staged file, never held whole.
    staged_file object(file);
    md5_stream part_digests; // S3's ETag: the MD5 of the parts' MD5s, and how many parts
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const int number = numbers[i];
        std::error_code ec;
        const fs::path part_file = folder / part_name(number);
        if (!fs::is_regular_file(part_file, ec))
            refuse(400, "InvalidPart",
                   "One or more of the specified parts could not be found: part " +
                       std::to_string(number) + ".");
        object_reader part(part_file);
        if (i + 1 < parts.size() && part.size() < min_part_bytes)
            refuse(400, "EntityTooSmall",
                   "Your proposed upload is smaller than the minimum allowed object size: part " +
                       std::to_string(number) + " has " + std::to_string(part.size()) +
                       " bytes, and every part but the last needs 5 MiB.");
        md5_stream md5;
        part.read(0, part.size(), [&](std::string_view block) {
            md5.add(block);
            object.out().write(block.data(), static_cast<std::streamsize>(block.size()));
        });
        const std::string digest = md5.digest();
        if (etags[i] != etag_of_digest(digest))
            refuse(400, "InvalidPart",
                   "One or more of the specified parts could not be found or the specified "
                   "entity tag might not have matched the part's entity tag: part " +
                       std::to_string(number) + ".");
        part_digests.add(digest);
    }
    std::string etag = etag_of_digest(part_digests.digest(), "-" + std::to_string(parts.size()));
    const bool kept = keep_metadata(object, upload_metadata(folder) + ":etag:" + etag + "\n");
    commit_object(c, bucket, file, object, write_conditions::check);
    // Not kept, the multipart ETag would be forgotten at once: answer the one every later
    // request will see.
    if (!kept)
        etag = object_reader(file).etag();
    std::error_code ec;
    fs::remove_all(folder, ec);
    std::string inner;
    element(inner, "Location", object_url(c.request));
    element(inner, "Bucket", c.target.bucket);
    element(inner, "Key", c.target.key);
    element(inner, "ETag", etag);
    return xml_response(200, document("CompleteMultipartUploadResult", inner));
}

inline constexpr std::string_view owner_elements =
    "<Initiator><ID>awsml-local</ID><DisplayName>awsml-local</DisplayName></Initiator>"
    "<Owner><ID>awsml-local</ID><DisplayName>awsml-local</DisplayName></Owner>";

struct pending_upload {
    std::string key, id;
    time_point initiated;
};

/// A bucket's uploads in S3's order: by key, then by when each began.
inline std::vector<pending_upload> uploads_of(const context& c) {
    std::vector<pending_upload> uploads;
    std::error_code ec;
    for (fs::directory_iterator it(pending_folder(c.files.root()) / "s3-uploads", ec), end;
         !ec && it != end; it.increment(ec)) {
        const auto object = read_whole_file(it->path() / "object");
        if (!object || !object->starts_with(c.target.bucket + '\0'))
            continue; // another bucket's, or one being aborted
        uploads.push_back({object->substr(c.target.bucket.size() + 1),
                           it->path().filename().string(), modified_at(it->path() / "object")});
    }
    std::sort(uploads.begin(), uploads.end(), [](const auto& a, const auto& b) {
        return std::tie(a.key, a.initiated, a.id) < std::tie(b.key, b.initiated, b.id);
    });
    return uploads;
}

inline http_response list_multipart_uploads(const context& c) {
    const s3_target& t = c.target;
    check_parameters(
        t, "ListMultipartUploads",
        {"uploads", "prefix", "key-marker", "upload-id-marker", "max-uploads", "encoding-type"});
    existing_bucket(c.files, t.bucket);
    const bool url = t.text("encoding-type") == "url";
    if (t.has("encoding-type") && !url)
        refuse(400, "InvalidArgument", "Invalid Encoding Method specified in Request");
    auto encoded = [&](std::string_view s) { return url ? url_encoded(s) : std::string(s); };
    const std::string prefix = t.text("prefix"), key_marker = t.text("key-marker"),
                      id_marker = t.text("upload-id-marker");
    const std::size_t max = page_size_of(t, "max-uploads");
    const auto uploads = uploads_of(c);
    // After the marker: keys past key-marker, and with upload-id-marker, that key's uploads
    // past that one too.
    auto it = uploads.begin();
    if (!key_marker.empty()) {
        it = std::find_if(uploads.begin(), uploads.end(),
                          [&](const pending_upload& u) { return u.key > key_marker; });
        if (!id_marker.empty()) {
            const auto marked = std::find_if(uploads.begin(), it, [&](const pending_upload& u) {
                return u.key == key_marker && u.id == id_marker;
            });
            if (marked != it)
                it = marked + 1;
        }
    }
    std::string entries;
    std::size_t listed = 0;
    bool truncated = false;
    const pending_upload* last = nullptr;
    for (; it != uploads.end(); ++it) {
        if (!it->key.starts_with(prefix))
            continue;
        if (listed == max) {
            truncated = max != 0;
            break;
        }
        entries += "<Upload>";
        element(entries, "Key", encoded(it->key));
        element(entries, "UploadId", it->id);
        entries += owner_elements;
        element(entries, "StorageClass", "STANDARD");
        element(entries, "Initiated", iso8601(it->initiated));
        entries += "</Upload>";
        last = &*it;
        ++listed;
    }
    std::string inner;
    element(inner, "Bucket", t.bucket);
    element(inner, "KeyMarker", encoded(key_marker));
    element(inner, "UploadIdMarker", id_marker);
    if (truncated && last) {
        element(inner, "NextKeyMarker", encoded(last->key));
        element(inner, "NextUploadIdMarker", last->id);
    }
    if (!prefix.empty())
        element(inner, "Prefix", encoded(prefix));
    if (url)
        element(inner, "EncodingType", "url");
    element(inner, "MaxUploads", std::to_string(max));
    element(inner, "IsTruncated", truncated ? "true" : "false");
    return xml_response(200, document("ListMultipartUploadsResult", inner + entries));
}

inline http_response list_parts(const context& c) {
    check_parameters(c.target, "ListParts", {"uploadId", "max-parts", "part-number-marker"});
    existing_bucket(c.files, c.target.bucket);
    const fs::path folder = existing_upload(c);
    const std::size_t max = page_size_of(c.target, "max-parts");
    int marker = 0;
    if (const std::string* text = c.target.parameter("part-number-marker");
        text && !text->empty() && *text != "0")
        marker = part_number(*text);
    std::vector<int> numbers;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        int number = 0;
        if (name.size() == part_name(1).size() && name.starts_with("part-") &&
            std::from_chars(name.data() + 5, name.data() + name.size(), number).ptr ==
                name.data() + name.size() &&
            number > marker)
            numbers.push_back(number);
    }
    std::sort(numbers.begin(), numbers.end());
    std::string entries;
    std::size_t listed = 0;
    int last = marker;
    for (const int number : numbers) {
        if (listed == max)
            break;
        const fs::path part = folder / part_name(number);
        const auto summary = summary_of(part);
        if (!summary) // the upload was completed or aborted meanwhile
            no_such_upload();
        entries += "<Part>";
        element(entries, "PartNumber", std::to_string(number));
        element(entries, "LastModified", iso8601(modified_at(part)));
        element(entries, "ETag", summary->etag);
        element(entries, "Size", std::to_string(summary->size));
        entries += "</Part>";
        last = number;
        ++listed;
    }
    const bool truncated = listed < numbers.size() && max != 0;
    std::string inner;
    element(inner, "Bucket", c.target.bucket);
    element(inner, "Key", c.target.key);
    element(inner, "UploadId", *c.target.parameter("uploadId"));
    element(inner, "PartNumberMarker", std::to_string(marker));
    if (truncated)
        element(inner, "NextPartNumberMarker", std::to_string(last));
    element(inner, "MaxParts", std::to_string(max));
    element(inner, "IsTruncated", truncated ? "true" : "false");
    inner += owner_elements;
    element(inner, "StorageClass", "STANDARD");
    return xml_response(200, document("ListPartsResult", inner + entries));
}

inline http_response abort_multipart_upload(const context& c) {
    check_parameters(c.target, "AbortMultipartUpload", {"uploadId"});
    existing_bucket(c.files, c.target.bucket);
    const auto [folder, hold] = hold_upload(c, folder_hold::mode::exclusive);
    std::error_code ec;
    fs::remove_all(folder, ec);
    if (ec)
        refuse(500, "InternalError", "cannot remove the upload's folder: " + ec.message());
    return empty_response(204);
}

inline http_response bucket_location(const context& c) {
    check_parameters(c.target, "GetBucketLocation", {"location"});
    std::string constraint =
        location_constraint(existing_bucket(c.files, c.target.bucket), c.region);
    if (constraint == default_region) // us-east-1's buckets have no location constraint
        constraint.clear();
    return xml_response(200, std::string(xml_declaration) + "<LocationConstraint xmlns=\"" +
                                 std::string(xml_namespace) + "\">" + constraint +
                                 "</LocationConstraint>");
}

/// Every answer but GetObject's and HeadObject's (get_object's, which sends the object's bytes
/// from its file).
inline http_response answer_whole(const context& c, std::string_view operation) {
    if (operation == "ListBuckets")
        return list_buckets(c);
    if (operation == "CreateBucket")
        return create_bucket(c);
    if (operation == "HeadBucket") {
        const fs::path bucket = existing_bucket(c.files, c.target.bucket);
        http_response response = empty_response(200);
        response.headers.push_back({"x-amz-bucket-region", bucket_region(bucket, c.region)});
        return response;
    }
    if (operation == "DeleteBucket")
        return delete_bucket(c);
    if (operation == "GetBucketLocation")
        return bucket_location(c);
    if (operation == "ListObjectsV2" || operation == "ListObjects")
        return list_objects(c, operation == "ListObjectsV2");
    if (operation == "PutObject")
        return put_object(c);
    if (operation == "CopyObject")
        return copy_object(c);
    if (operation == "DeleteObject")
        return delete_object(c);
    if (operation == "DeleteObjects")
        return delete_objects(c);
    if (operation == "CreateMultipartUpload")
        return create_multipart_upload(c);
    if (operation == "UploadPart")
        return upload_part(c);
    if (operation == "UploadPartCopy")
        return upload_part_copy(c);
    if (operation == "CompleteMultipartUpload")
        return complete_multipart_upload(c);
    if (operation == "AbortMultipartUpload")
        return abort_multipart_upload(c);
    if (operation == "ListMultipartUploads")
        return list_multipart_uploads(c);
    if (operation == "ListParts")
        return list_parts(c);
    refuse(501, "NotImplemented", "awsml-local's S3 does not implement " + shown(operation) + ".");
}

/// A request signed for another region than its bucket's is refused as S3 refuses it, naming
/// the bucket's region: the SDKs (botocore's redirector) sign it again for that region. A
/// bucket's location is asked from anywhere, and CreateBucket says what it says.
inline void check_bucket_region(const context& c, std::string_view operation) {
    if (c.target.bucket.empty() || operation == "CreateBucket" || operation == "GetBucketLocation")
        return;
    const fs::path folder = bucket_folder(c.files, c.target.bucket);
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        return;
    const std::string region = bucket_region(folder, c.region);
    if (region == c.region)
        return;
    const std::string wrong =
        "the region " + shown(c.region) + " is wrong; expecting " + shown(region);
    if (find_header(c.request.headers, "authorization"))
        throw s3_error{400,
                       "AuthorizationHeaderMalformed",
                       "The authorization header is malformed; " + wrong,
                       {{"x-amz-bucket-region", region}},
                       region};
    throw s3_error{400,
                   "AuthorizationQueryParametersError",
                   "Error parsing the X-Amz-Credential parameter; " + wrong,
                   {{"x-amz-bucket-region", region}},
                   region};
}

inline s3_api::reply dispatch(const context& c, std::string_view operation) {
    check_bucket_region(c, operation);
    // Only an object's bytes come aws-chunked: any other body so sent would go unchecked.
    if (find_header(c.request.headers, "x-amz-content-sha256")
            .value_or("")
            .starts_with("STREAMING-") &&
        operation != "PutObject" && operation != "UploadPart")
        refuse(501, "NotImplemented",
               "awsml-local's S3 takes an aws-chunked body (x-amz-content-sha256: STREAMING-...) "
               "only for PutObject and UploadPart, not for " +
                   std::string(operation) + ".");
    if (operation == "GetObject" || operation == "HeadObject")
        return get_object(c, operation == "HeadObject");
    s3_api::reply out;
    out.response = answer_whole(c, operation);
    return out;
}

inline std::string resource_of(const s3_target& target) {
    return target.key.empty() ? target.bucket : target.bucket + "/" + target.key;
}

} // namespace detail::s3

bool s3_api::claims(const http_request& request) {
    if (find_header(request.headers, "x-amz-target"))
        return false;
    const std::string_view target = request.target;
    if (request.method != "POST" || target.substr(0, target.find('?')) != "/")
        return true;
    const std::string_view authorization =
        find_header(request.headers, "authorization").value_or("");
    return authorization.find("/s3/aws4_request") != std::string_view::npos;
}

s3_request_summary s3_api::summarize(const http_request& request) {
    try {
        const auto target = detail::s3::parse_target(request);
        return {detail::s3::operation_of(request, target), detail::s3::resource_of(target)};
    } catch (const detail::s3::s3_error&) {
        return {request.method + " (bad URI)", {}};
    }
}

s3_api::reply s3_api::answer(const http_request& request, std::string_view signed_region,
                             std::chrono::system_clock::time_point now,
                             std::optional<awsml::sigv4::chunk_signature_chain> chunks) const {
    try {
        if (!files_->configured())
            return refusal(request, 501, "NotImplemented",
                           "awsml-local has no S3: start it with --s3-root DIR.");
        const auto target = detail::s3::parse_target(request);
        const detail::s3::context context{*files_,       request, target,
                                          signed_region, now,     chunks ? &*chunks : nullptr};
        return detail::s3::dispatch(context, detail::s3::operation_of(request, target));
    } catch (const detail::s3::s3_error& e) {
        reply out = refusal(request, e.status, e.code, e.message);
        out.response.headers.insert(out.response.headers.end(), e.headers.begin(), e.headers.end());
        if (!e.region.empty() && !out.response.body.empty()) {
            std::string element;
            detail::s3::element(element, "Region", e.region);
            out.response.body.insert(out.response.body.rfind("</Error>"), element);
        }
        return out;
    } catch (const std::exception&) {
        return refusal(request, 500, "InternalError",
                       "We encountered an internal error. Please try again.");
    }
}

s3_api::reply s3_api::refusal(const http_request& request, int status, std::string_view code,
                              std::string_view message) {
    reply out;
    out.error_code = std::string(code);
    out.response.status = status;
    if (request.method == "HEAD") // a HEAD's answer has no body: its status says it all
        return out;
    std::string inner;
    detail::s3::element(inner, "Code", code);
    detail::s3::element(inner, "Message", message);
    try {
        const auto target = detail::s3::parse_target(request);
        if (!target.bucket.empty())
            detail::s3::element(inner, "BucketName", target.bucket);
        if (!target.key.empty())
            detail::s3::element(inner, "Key", target.key);
    } catch (const detail::s3::s3_error&) {
    }
    out.response.body = std::string(detail::s3::xml_declaration) + "<Error>" + inner + "</Error>";
    out.response.headers.push_back({"Content-Type", "application/xml"});
    return out;
}

void s3_api::finish(http_response& response, std::string_view request_id,
                    std::chrono::system_clock::time_point now) {
    auto set = [&](std::string_view name, std::string value) {
        std::erase_if(response.headers,
                      [&](const http_header& h) { return awsml::detail::iequals(h.name, name); });
        response.headers.push_back({std::string(name), std::move(value)});
    };
    std::string id;
    for (char c : request_id.substr(0, 16))
        id.push_back(c == '-' ? '0' : c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    set("x-amz-request-id", id);
    set("x-amz-id-2", std::string(request_id));
    set("Date", format_http_date(now));
    set("Server", "AmazonS3");
    // A 304 says no length: RFC 9110 allows only the 200's, which it does not know.
    if (!find_header(response.headers, "content-length") && response.status != 304)
        set("Content-Length", std::to_string(response.body.size()));
}

} // namespace awsml::local
