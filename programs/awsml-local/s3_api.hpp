#pragma once

// awsml-local's S3 API: the part of Amazon S3's REST API that moving data in and out of
// --s3-root takes, so that `aws s3 cp`, `aws s3 ls`, `aws s3 sync` and boto3's upload_file and
// download_file work offline against the same address as the Amazon ML API. Objects are the
// files of the folder that stands for S3 (s3_files.hpp), so what the API writes is what data
// sources read and what batch predictions write is what the API reads.
//
// Served, path-style (http://127.0.0.1:PORT/bucket/key) or virtual-hosted for a Host
// bucket.localhost:
//   buckets   ListBuckets (prefix, bucket-region, max-buckets, continuation-token),
//             CreateBucket (a LocationConstraint checked as S3 checks it, kept with the
//             bucket's folder), HeadBucket, DeleteBucket, GetBucketLocation
//   listing   ListObjectsV2, ListObjects (prefix, delimiter, max-keys, start-after, marker,
//             continuation-token, encoding-type=url)
//   objects   PutObject, GetObject (one byte range), HeadObject, CopyObject, DeleteObject,
//             DeleteObjects
//   multipart CreateMultipartUpload, UploadPart, UploadPartCopy (x-amz-copy-source-range),
//             CompleteMultipartUpload, AbortMultipartUpload, ListMultipartUploads, ListParts
// A body may be aws-chunked: with an unsigned trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER, what
// botocore sends over HTTPS), or signed chunk by chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD and
// its -TRAILER form, what the Java, Go and other SDKs send over HTTP; every chunk's signature is
// checked, 403 SignatureDoesNotMatch). Content-MD5 and x-amz-checksum-{crc32,crc32c,crc64nvme,
// sha1,sha256} are checked (400 BadDigest), and an object's kept with it (S3's default
// CRC-64/NVME where none was sent) for x-amz-checksum-mode: ENABLED. Conditions (If-Match,
// If-None-Match, If-Modified-Since, If-Unmodified-Since; x-amz-copy-source-if-* on copies)
// answer 304 or 412 as S3 does. Anything else S3 has (versions, ACLs, tagging...) is 501 NotImplemented, naming
// it. Errors are S3's XML bodies with S3's codes: NoSuchBucket, NoSuchKey, NoSuchUpload,
// BucketNotEmpty, InvalidBucketName, InvalidRange, InvalidPart, EntityTooSmall...
//
// Where a folder cannot be S3, a write is refused with 400 InvalidArgument saying why, never
// stored elsewhere: a key with an empty, "." or ".." segment (so none ending in "/"), with a
// segment over 255 bytes or a NUL, or one that would make a file and a folder of one name
// ("a" and "a/b"); read or deleted, such a key names no object (NoSuchKey, 204). Objects are
// written as .awsml-local-partial-* files beside their place and renamed into it (s3_files.hpp's
// staged_file), and read in blocks: a range reads only its bytes, and a GET sends the file as
// it reads it (file_body), never holding it whole. Metadata (Content-Type, x-amz-meta-*...) is
// kept in an extended attribute of the object's file, with a multipart object's ETag (S3's
// "MD5-of-parts-N"); other ETags are the MD5 of the content.

#include <awsml-local/file_body.hpp>
#include <awsml-local/s3_files.hpp>
#include <awsml/auth/sigv4_chunks.hpp>
#include <awsml/http/message.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace awsml::local {

/// The S3 operation a request is and what it is about, for the log line; set even for a
/// request that is then refused.
struct s3_request_summary {
    std::string operation; ///< "PutObject"; the method and subresource when not served
    std::string resource;  ///< "bucket/key", "bucket" or empty
};

/// S3's words for a signature that does not match (a request's, or a chunk's).
inline constexpr std::string_view s3_signature_mismatch =
    "The request signature we calculated does not match the signature you provided. Check your "
    "key and signing method.";

class s3_api {
public:
    /// `files` must outlive the API.
    explicit s3_api(const s3_files& files)
        : files_(&files) {}

    /// Whether `request` is S3's, not the Amazon ML API's: it has no X-Amz-Target, and is
    /// signed for the service "s3" or is not a POST to "/".
    static bool claims(const http_request& request);

    static s3_request_summary summarize(const http_request& request);

    struct reply {
        http_response response;
        std::string error_code; ///< empty on success
        /// An object's bytes, to send from its file after `response`, whose body is then empty
        /// and whose Content-Length counts them.
        std::optional<file_body> streamed_body;
    };

    /// Answers a request whose signature has been checked; `signed_region` is its scope's.
    /// `chunks` chains from that signature, for a body signed chunk by chunk. Never throws.
    reply answer(const http_request& request, std::string_view signed_region,
                 std::chrono::system_clock::time_point now,
                 std::optional<awsml::sigv4::chunk_signature_chain> chunks = std::nullopt) const;

    /// An S3 error: the XML body (none for a HEAD), status and code.
    static reply refusal(const http_request& request, int status, std::string_view code,
                         std::string_view message);

    /// Adds the headers every S3 response carries (x-amz-request-id, Date, Content-Length
    /// unless a HEAD's is set, Server).
    static void finish(http_response& response, std::string_view request_id,
                       std::chrono::system_clock::time_point now);

private:
    const s3_files* files_;
};

} // namespace awsml::local
