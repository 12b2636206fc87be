#!/usr/bin/env python3
"""awsml-local's S3 API as a user meets it: the program started here (--port 0, a temporary
--s3-root), driven by the real AWS CLI's `aws s3` commands and by boto3's S3 client, at the same
address as the Amazon ML API. What they write must be the files under --s3-root, and what is
under --s3-root must be what they read.

Groups of small named checks, all of which run; each prints 'ok - NAME' or 'not ok - NAME: REASON'
and the script exits 1 when any failed (77, meson's skip, when boto3 is missing):

  aws-s3      mb, cp (one PUT, a 12 MiB file in 8 MiB multipart parts, and S3 to S3), ls, sync, ranged
              downloads, rm --recursive, rb, each checked against the folder itself
  data        a CSV uploaded with `aws s3 cp` is read by CreateDataSourceFromS3 (COMPLETED, its
              size), and a schema put with boto3 beside it is used
  listing     ListObjectsV2 and ListObjects pages (MaxKeys, Delimiter, StartAfter, Marker)
              against the listing computed here from the keys; keys with spaces, '+', '%' and
              non-ASCII text through encoding-type=url
  objects     GetObject ranges (first, last N, open-ended, unsatisfiable), HeadObject, CopyObject,
              DeleteObjects, a presigned GET, checksums (CRC32, SHA-1, SHA-256 from botocore,
              CRC32C and CRC-64/NVME computed here, Content-MD5; a wrong one is BadDigest), an
              aws-chunked upload over HTTPS with a test CA made here
  edges       keys no file can hold read as absent (NoSuchKey, 204), a 416's Content-Range, response-*
              values with CR LF refused, CopyObject onto itself, UploadPartCopy ranges joined (and bad
              ones refused), part numbers out of range, files being written hidden, raw DeleteObjects XML
              (character references, white space in tags), GET //bucket, ListMultipartUploads and
              ListParts (pages of one and two)
  bucket-deletion  DeleteBucket racing PutObjects (also from a second awsml-local): it deletes
              only an empty bucket, and then no write succeeds or makes the bucket again
  upload-race  AbortMultipartUpload and CompleteMultipartUpload racing UploadParts: every part
              answers 200 or NoSuchUpload, and no upload leaves a folder behind
  metadata    Content-Type, Cache-Control, Content-Disposition and x-amz-meta-* kept by PutObject,
              CopyObject (COPY and REPLACE) and multipart uploads, S3's defaults for a file put by
              hand, MetadataTooLarge, no aws-chunked Content-Encoding kept; multipart ETags are
              MD5-of-parts-N, and the MD5 again once the file is changed by hand
  large-object  a 96 MiB GET is sent from the file (the emulator's peak memory grows under 32 MiB),
              keeps its bytes when the object is replaced meanwhile, and ends early, never with
              other bytes, when the file is cut short in place or --fault truncate selects it
  errors      NoSuchBucket, NoSuchKey, a HEAD's 404, InvalidBucketName, BucketNotEmpty, keys that
              cannot be files (InvalidArgument), a wrong secret (SignatureDoesNotMatch), an
              unknown key (InvalidAccessKeyId), an unsupported subresource (NotImplemented),
              NoSuchUpload, InvalidPartOrder

Usage: test_s3_against_local.py AWSML_LOCAL"""
import hashlib
import base64
import os
import random
import socket
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.request
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from local_emulator import (ACCESS_KEY as ACCESS, SECRET_KEY as SECRET, LocalRun, csv_text,  # noqa: E402
                            make_test_certificates, schema_text)
import aws_program  # noqa: E402

local_bin = sys.argv[1]
started = time.monotonic()
harness = LocalRun(local_bin, "awsml-s3-")
import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

tmp, s3_root, check = harness.tmp, harness.s3_root, harness.check
os.makedirs(s3_root)
local = harness.emulator("--port", "0", "--s3-root", s3_root, "--processing-time", "0")


def s3_client(url, secret=SECRET, access=ACCESS, region_name="us-east-1", **config):
    return boto3.client("s3", endpoint_url=url, region_name=region_name, aws_access_key_id=access,
                        aws_secret_access_key=secret,
                        config=Config(**{"retries": {"mode": "standard", "total_max_attempts": 1}, **config}))


s3 = s3_client(local.url)


def error_of(call, **params):
    """The S3 error code (and HTTP status) a call fails with, or None when it succeeds."""
    try:
        call(**params)
        return None
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]


def keeps_extended_attributes(what):
    """Whether the file system under the S3 root keeps extended attributes, where awsml-local
    keeps metadata, checksums and buckets' regions; if not, says that `what` is skipped."""
    probe = os.path.join(s3_root, ".probe")
    open(probe, "wb").close()
    try:
        os.setxattr(probe, "user.probe", b"1")
        return True
    except OSError as e:
        print(f"# skip {what}: the file system under {s3_root} keeps no extended attributes ({e})")
        return False
    finally:
        os.remove(probe)


def file_bytes(*parts):
    with open(os.path.join(s3_root, *parts), "rb") as f:
        return f.read()


def aws(*args):
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS, AWS_SECRET_ACCESS_KEY=SECRET, AWS_DEFAULT_REGION="us-east-1")
    return aws_program.run([*args, "--endpoint-url", local.url], env=env, timeout=120)


def group(name, function):
    try:
        function()
    except Exception:
        check(f"{name}: ran to the end", False, traceback.format_exc())


def aws_s3_commands():
    made = aws("s3", "mb", "s3://cli-bucket")
    check("aws s3 mb makes the bucket's folder", made.returncode == 0 and os.path.isdir(os.path.join(s3_root, "cli-bucket")),
          made.stderr)
    small = os.path.join(tmp, "small.csv")
    with open(small, "w") as f:
        f.write("a,b\n1,2\n")
    put = aws("s3", "cp", small, "s3://cli-bucket/data/small.csv", "--only-show-errors")
    check("aws s3 cp puts the file under --s3-root", put.returncode == 0 and
          file_bytes("cli-bucket", "data", "small.csv") == b"a,b\n1,2\n", put.stderr)
    typed = s3.head_object(Bucket="cli-bucket", Key="data/small.csv")["ContentType"]
    check("aws s3 cp's Content-Type, guessed from the name, is kept", typed == "text/csv", typed)
    big = os.path.join(tmp, "big.bin")
    content = random.Random(7).randbytes(12 * 1024 * 1024 + 12345)
    with open(big, "wb") as f:
        f.write(content)
    put = aws("s3", "cp", big, "s3://cli-bucket/big.bin", "--only-show-errors")
    check("aws s3 cp of 12 MiB (multipart) stores the same bytes", put.returncode == 0 and
          file_bytes("cli-bucket", "big.bin") == content, put.stderr)
    check("no upload is left staged", not os.listdir(os.path.join(s3_root, ".awsml-local-pending", "s3-uploads")))
    back = os.path.join(tmp, "big-back.bin")
    got = aws("s3", "cp", "s3://cli-bucket/big.bin", back, "--only-show-errors")
    with open(back, "rb") as f:
        check("aws s3 cp downloads the same bytes (ranged GETs)", got.returncode == 0 and f.read() == content, got.stderr)
    listed = aws("s3", "ls", "s3://cli-bucket/")
    check("aws s3 ls shows the object and the prefix", listed.returncode == 0 and "PRE data/" in listed.stdout and
          f"{len(content)} big.bin" in listed.stdout, listed.stdout + listed.stderr)
    buckets = aws("s3", "ls")
    check("aws s3 ls lists the bucket", buckets.returncode == 0 and "cli-bucket" in buckets.stdout, buckets.stdout)
    folder = os.path.join(tmp, "sync")
    os.makedirs(os.path.join(folder, "sub"))
    for name, text in [("one.csv", "1\n"), ("sub/two.csv", "2\n")]:
        with open(os.path.join(folder, name), "w") as f:
            f.write(text)
    synced = aws("s3", "sync", folder, "s3://cli-bucket/synced/", "--only-show-errors")
    check("aws s3 sync uploads a folder", synced.returncode == 0 and
          file_bytes("cli-bucket", "synced", "sub", "two.csv") == b"2\n", synced.stderr)
    again = aws("s3", "sync", folder, "s3://cli-bucket/synced/")
    check("a second sync finds nothing to do (sizes and times agree)", again.returncode == 0 and again.stdout.strip() == "",
          again.stdout)
    copied = aws("s3", "cp", "s3://cli-bucket/big.bin", "s3://cli-bucket/copies/big.bin", "--only-show-errors")
    check("aws s3 cp from S3 to S3 of 12 MiB (UploadPartCopy) copies the same bytes", copied.returncode == 0 and
          file_bytes("cli-bucket", "copies", "big.bin") == content, copied.stderr)
    check("no upload is left staged after the copy",
          not os.listdir(os.path.join(s3_root, ".awsml-local-pending", "s3-uploads")))
    not_empty = aws("s3", "rb", "s3://cli-bucket")
    check("aws s3 rb of a full bucket fails with BucketNotEmpty", not_empty.returncode != 0 and
          "BucketNotEmpty" in not_empty.stderr, not_empty.stderr)
    removed = aws("s3", "rm", "s3://cli-bucket/", "--recursive", "--only-show-errors")
    check("aws s3 rm --recursive empties the bucket's folder", removed.returncode == 0 and
          os.listdir(os.path.join(s3_root, "cli-bucket")) == [], removed.stderr)
    gone = aws("s3", "rb", "s3://cli-bucket")
    check("aws s3 rb removes the bucket's folder", gone.returncode == 0 and
          not os.path.exists(os.path.join(s3_root, "cli-bucket")), gone.stderr)


def data_from_s3_api():
    rows = [[str(i), str(i % 3), "yes" if i % 2 else "no"] for i in range(200)]
    csv_path = os.path.join(tmp, "train.csv")
    with open(csv_path, "w") as f:
        f.write(csv_text(["x", "k", "label"], rows))
    s3.create_bucket(Bucket="ml-data")
    put = aws("s3", "cp", csv_path, "s3://ml-data/train.csv", "--only-show-errors")
    schema = schema_text("label", [("x", "NUMERIC"), ("k", "CATEGORICAL"), ("label", "BINARY")])
    s3.put_object(Bucket="ml-data", Key="train.csv.schema", Body=schema.encode())
    ml = harness.client(local.url)
    ml.create_data_source_from_s3(DataSourceId="ds-from-s3-api", DataSpec={
        "DataLocationS3": "s3://ml-data/train.csv", "DataSchemaLocationS3": "s3://ml-data/train.csv.schema"},
        ComputeStatistics=True)
    source = ml.get_data_source(DataSourceId="ds-from-s3-api")
    check("a data source reads the CSV `aws s3 cp` uploaded", put.returncode == 0 and source["Status"] == "COMPLETED" and
          int(source["DataSizeInBytes"]) == os.path.getsize(csv_path), f"{source.get('Status')} {source.get('Message')}")
    with open(os.path.join(s3_root, "ml-data", ".awsml-local-partial-1-1"), "w") as f:
        f.write("x,k,label\n")
    ml.create_data_source_from_s3(DataSourceId="ds-partial", DataSpec={
        "DataLocationS3": "s3://ml-data/.awsml-local-partial-1-1", "DataSchemaLocationS3": "s3://ml-data/train.csv.schema"})
    partial = ml.get_data_source(DataSourceId="ds-partial")
    check("a data source cannot read a file being written", partial["Status"] == "FAILED" and
          "awsml-local is writing" in partial.get("Message", ""), f"{partial.get('Status')} {partial.get('Message')}")
    # Two awsml-local over one S3 folder, each with its own entities: a second one starting (and
    # sweeping what earlier runs left staged) keeps its hands off the first one's staged results.
    slow = harness.emulator("--port", "0", "--s3-root", s3_root, "--processing-time", "2s", name="slow")
    slow_ml = harness.client(slow.url)
    slow_ml.create_data_source_from_s3(DataSourceId="ds-slow", DataSpec={
        "DataLocationS3": "s3://ml-data/train.csv", "DataSchemaLocationS3": "s3://ml-data/train.csv.schema"},
        ComputeStatistics=True)
    slow_ml.create_ml_model(MLModelId="ml-slow", MLModelType="BINARY", TrainingDataSourceId="ds-slow")
    slow_ml.create_batch_prediction(BatchPredictionId="bp-slow", MLModelId="ml-slow",
                                    BatchPredictionDataSourceId="ds-slow", OutputUri="s3://ml-data/slow-out/")
    staged = os.path.join(s3_root, ".awsml-local-pending", "batch-prediction-bp-slow")
    was_staged = os.path.isdir(staged)
    other = harness.emulator("--port", "0", "--s3-root", s3_root, name="sweeper")
    time.sleep(1)  # its first sweep runs within 200 ms of its start
    still_staged = os.path.isdir(staged)
    harness.stop(other)
    deadline = time.monotonic() + 60
    while (status := slow_ml.get_batch_prediction(BatchPredictionId="bp-slow"))["Status"] not in ("COMPLETED", "FAILED") \
            and time.monotonic() < deadline:
        time.sleep(0.25)
    written = [f for _, _, files in os.walk(os.path.join(s3_root, "ml-data", "slow-out")) for f in files]
    check("a second awsml-local over the same S3 folder leaves another's staged batch prediction results alone",
          was_staged and still_staged and status["Status"] == "COMPLETED" and written and
          not os.path.exists(staged) and not os.path.exists(staged + ".lock"),
          f"{was_staged} {still_staged} {status['Status']} {status.get('Message')} {written}")
    harness.stop(slow)


def expected_listing(keys, prefix="", delimiter="", after=""):
    entries = []
    for key in sorted(keys, key=lambda k: k.encode()):
        if not key.startswith(prefix) or key.encode() <= after.encode():
            continue
        at = key.find(delimiter, len(prefix)) if delimiter else -1
        entry = (key[:at + len(delimiter)], "prefix") if at >= 0 else (key, "key")
        if entry not in entries:
            entries.append(entry)
    return entries


def creation_date(bucket):
    return next(b["CreationDate"] for b in s3.list_buckets()["Buckets"] if b["Name"] == bucket)


def listing():
    s3.create_bucket(Bucket="listing")
    born = creation_date("listing")
    # The folder's birth time, where the file system records one (GNU stat prints 0 otherwise).
    birth_recorded = subprocess.run(["stat", "-c", "%W", os.path.join(s3_root, "listing")],
                                    capture_output=True, text=True).stdout.strip() not in ("", "0")
    time.sleep(1.1)
    rng = random.Random(11)
    keys = set()
    for i in range(40):
        parts = [rng.choice(["a", "b", "b c", "d+e", "f%g", "é", "z"]) for _ in range(rng.randint(1, 3))]
        keys.add("/".join(parts[:-1] + [parts[-1] + f"-{i}.csv"]))
    keys |= {"dash/a-", "dash/a-b", "dash/a-c"}  # keys that end with a delimiter other than '/'
    for key in keys:
        s3.put_object(Bucket="listing", Key=key, Body=key.encode())
    check("every key is a file of its own name", all(file_bytes("listing", *k.split("/")) == k.encode() for k in keys))
    # A write into the bucket's folder moves its modification time, not its birth.
    if birth_recorded:
        check("ListBuckets: a bucket's CreationDate stays when objects are put into it",
              creation_date("listing") == born, f"{born} then {creation_date('listing')}")
    else:
        print("# skipped: CreationDate after writes (this file system records no birth times)")
    for prefix, delimiter, size in [("", "", 7), ("", "/", 3), ("b", "/", 2), ("b c/", "", 5), ("nothing", "/", 4),
                                    ("dash/a-", "-", 1), ("dash/", "-", 1), ("", "-", 4)]:
        seen = []
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket="listing", Prefix=prefix, Delimiter=delimiter,
                                                                  PaginationConfig={"PageSize": size}):
            entries = [(c["Key"], "key") for c in page.get("Contents", [])] + \
                      [(p["Prefix"], "prefix") for p in page.get("CommonPrefixes", [])]
            check(f"v2 page ({prefix!r}, {delimiter!r}, {size}) holds at most its size", len(entries) <= size)
            seen += entries
        want = expected_listing(keys, prefix, delimiter)
        check(f"ListObjectsV2 pages ({prefix!r}, {delimiter!r}, {size}) list what the keys say",
              sorted(seen) == sorted(want), f"{sorted(seen)} != {sorted(want)}")
        seen = []
        for page in s3.get_paginator("list_objects").paginate(Bucket="listing", Prefix=prefix, Delimiter=delimiter,
                                                               PaginationConfig={"PageSize": size}):
            seen += [(c["Key"], "key") for c in page.get("Contents", [])] + \
                    [(p["Prefix"], "prefix") for p in page.get("CommonPrefixes", [])]
        check(f"ListObjects pages ({prefix!r}, {delimiter!r}, {size}) list what the keys say",
              sorted(seen) == sorted(want), f"{sorted(seen)} != {sorted(want)}")
    after = sorted(keys, key=lambda k: k.encode())[10]
    page = s3.list_objects_v2(Bucket="listing", StartAfter=after)
    check("StartAfter skips the keys up to it", [c["Key"] for c in page["Contents"]] ==
          [k for k, _ in expected_listing(keys, after=after)])
    first = s3.list_objects_v2(Bucket="listing", Prefix="é/")
    check("a listing's sizes and ETags are the objects'", all(
        c["Size"] == len(c["Key"].encode()) and c["ETag"] == '"' + hashlib.md5(c["Key"].encode()).hexdigest() + '"'
        for c in first.get("Contents", [])) and first.get("KeyCount", 0) > 0, str(first.get("Contents")))


def crc_reflected(data, poly, width):
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ poly if c & 1 else c >> 1
        table.append(c)
    mask = (1 << width) - 1
    crc = mask
    for b in data:
        crc = table[(crc ^ b) & 0xff] ^ (crc >> 8)
    return base64.b64encode((crc ^ mask).to_bytes(width // 8, "big")).decode()


def objects():
    s3.create_bucket(Bucket="objects")
    body = bytes(range(256)) * 40
    s3.put_object(Bucket="objects", Key="bytes.bin", Body=body)
    for header, want in [("bytes=0-9", body[:10]), ("bytes=-7", body[-7:]), ("bytes=10000-", body[10000:]),
                         ("bytes=5-5", body[5:6])]:
        got = s3.get_object(Bucket="objects", Key="bytes.bin", Range=header)
        check(f"Range {header}: 206 with those bytes", got["ResponseMetadata"]["HTTPStatusCode"] == 206 and
              got["Body"].read() == want and got["ContentRange"].endswith(f"/{len(body)}"))
    check("a range past the end is InvalidRange (416)",
          error_of(s3.get_object, Bucket="objects", Key="bytes.bin", Range="bytes=20000-") == ("InvalidRange", 416))
    head = s3.head_object(Bucket="objects", Key="bytes.bin")
    check("HeadObject: size and ETag", head["ContentLength"] == len(body) and
          head["ETag"] == '"' + hashlib.md5(body).hexdigest() + '"', str(head))
    s3.copy_object(Bucket="objects", Key="copy/of.bin", CopySource={"Bucket": "objects", "Key": "bytes.bin"})
    check("CopyObject copies the file", file_bytes("objects", "copy", "of.bin") == body)
    deleted = s3.delete_objects(Bucket="objects", Delete={"Objects": [{"Key": "copy/of.bin"}, {"Key": "never"}]})
    check("DeleteObjects deletes, and says so for a key that was never there",
          sorted(d["Key"] for d in deleted["Deleted"]) == ["copy/of.bin", "never"] and
          not os.path.exists(os.path.join(s3_root, "objects", "copy")), str(deleted))
    presigner = s3_client(local.url, signature_version="s3v4")
    url = presigner.generate_presigned_url("get_object", Params={"Bucket": "objects", "Key": "bytes.bin"}, ExpiresIn=60)
    with urllib.request.urlopen(url, timeout=30) as answer:
        check("a presigned GET (SigV4) reads the object", answer.read() == body)
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Range": "bytes=0-9"}), timeout=30) as answer:
        check("a range's status line is 206 Partial Content", (answer.status, answer.reason) == (206, "Partial Content"),
              f"{answer.status} {answer.reason}")
    for change, name in (("X-Amz-Expires=60", "X-Amz-Expires=9999999"), ("X-Amz-Algorithm=AWS4-HMAC-SHA256&", ""),
                         ("&X-Amz-Signature=", "&X-Other=")):
        try:
            urllib.request.urlopen(url.replace(change, name), timeout=30)
            check("a presigned URL with a malformed query is refused", False, "it was answered")
        except urllib.error.HTTPError as e:
            text = e.read().decode()
            check(f"a presigned URL's malformed query ({change} -> {name!r}) is AuthorizationQueryParametersError",
                  e.code == 400 and "<Code>AuthorizationQueryParametersError</Code>" in text, text)
    legacy = s3.generate_presigned_url("get_object", Params={"Bucket": "objects", "Key": "bytes.bin"}, ExpiresIn=60)
    try:
        urllib.request.urlopen(legacy, timeout=30)
        check("a SigV2 presigned GET is refused", False, "it was answered")
    except urllib.error.HTTPError as e:
        text = e.read().decode()
        check("a SigV2 presigned GET is refused as S3 refuses it (InvalidRequest, AWS4-HMAC-SHA256)",
              e.code == 400 and "<Code>InvalidRequest</Code>" in text and "AWS4-HMAC-SHA256" in text, text)
    form = presigner.generate_presigned_post("objects", "posted.txt", ExpiresIn=60)
    boundary = "awsmlform"
    fields = dict(form["fields"], file="posted")
    payload = "".join(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                      for k, v in fields.items()) + f"--{boundary}--\r\n"
    try:
        urllib.request.urlopen(urllib.request.Request(form["url"], data=payload.encode(), method="POST", headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}"}), timeout=30)
        check("a browser form upload is NotImplemented", False, "it was answered")
    except urllib.error.HTTPError as e:
        text = e.read().decode()
        check("a browser form upload (POST Object) is NotImplemented, not refused as unsigned",
              e.code == 501 and "<Code>NotImplemented</Code>" in text and
              not os.path.exists(os.path.join(s3_root, "objects", "posted.txt")), f"{e.code} {text}")
    for algorithm in ["CRC32", "SHA1", "SHA256"]:
        put = s3.put_object(Bucket="objects", Key=f"sum-{algorithm}", Body=b"checked", ChecksumAlgorithm=algorithm)
        check(f"a {algorithm} checksum from botocore is accepted and echoed",
              put.get(f"Checksum{algorithm}") is not None and file_bytes("objects", f"sum-{algorithm}") == b"checked")
    computed = {"ChecksumCRC32C": crc_reflected(b"checked", 0x82F63B78, 32),
                "ChecksumCRC64NVME": crc_reflected(b"checked", 0x9A6C9329AC4BC9B5, 64),
                "ContentMD5": base64.b64encode(hashlib.md5(b"checked").digest()).decode()}
    for member, value in computed.items():
        check(f"{member} computed here is accepted",
              error_of(s3.put_object, Bucket="objects", Key="sum-own", Body=b"checked", **{member: value}) is None)
        check(f"a wrong {member} is BadDigest and stores nothing",
              error_of(s3.put_object, Bucket="objects", Key="sum-wrong", Body=b"checked",
                       **{member: base64.b64encode(hashlib.md5(b"other").digest()).decode() if member == "ContentMD5"
                          else crc_reflected(b"other", 0x82F63B78, 32) if member != "ChecksumCRC64NVME"
                          else crc_reflected(b"other", 0x9A6C9329AC4BC9B5, 64)}) == ("BadDigest", 400) and
              not os.path.exists(os.path.join(s3_root, "objects", "sum-wrong")))
    # A value that is no MD5 at all is InvalidDigest, which botocore does not retry (BadDigest it does).
    for value in ["notb64", "AAAA"]:
        check(f"a Content-MD5 of {value!r} is InvalidDigest",
              error_of(s3.put_object, Bucket="objects", Key="sum-bad", Body=b"checked", ContentMD5=value)
              == ("InvalidDigest", 400) and not os.path.exists(os.path.join(s3_root, "objects", "sum-bad")))
    # Each object keeps its checksum, which ChecksumMode=ENABLED answers for the whole object.
    if keeps_extended_attributes("kept checksums"):
        kept_checksums()
    check("zlib's CRC-32 agrees with the reflected CRC computed here",
          crc_reflected(b"123456789", 0xEDB88320, 32) == base64.b64encode(zlib.crc32(b"123456789").to_bytes(4, "big")).decode())


def kept_checksums():
    kept = s3.get_object(Bucket="objects", Key="sum-CRC32", ChecksumMode="ENABLED")
    check("GetObject with ChecksumMode=ENABLED answers the CRC32 the put sent, and botocore checks the body with it",
          kept["ChecksumCRC32"] == crc_reflected(b"checked", 0xEDB88320, 32) and kept["Body"].read() == b"checked" and
          kept["ResponseMetadata"]["HTTPHeaders"].get("x-amz-checksum-type") == "FULL_OBJECT",
          str(kept["ResponseMetadata"]["HTTPHeaders"]))
    # botocore checks a body against the checksum answered: one kept wrong is caught.
    path = os.path.join(s3_root, "objects", "sum-CRC32")
    attribute = os.getxattr(path, "user.awsml-local.metadata")
    os.setxattr(path, "user.awsml-local.metadata",
                attribute.replace(crc_reflected(b"checked", 0xEDB88320, 32).encode(),
                                  crc_reflected(b"other", 0xEDB88320, 32).encode()))
    try:
        s3.get_object(Bucket="objects", Key="sum-CRC32", ChecksumMode="ENABLED")["Body"].read()
        check("botocore refuses a body that does not match the checksum answered", False, "it was read")
    except Exception as e:
        check("botocore refuses a body that does not match the checksum answered",
              type(e).__name__ == "FlexibleChecksumError", repr(e))
    os.setxattr(path, "user.awsml-local.metadata", attribute)
    check("HeadObject answers the SHA-256 the put sent",
          s3.head_object(Bucket="objects", Key="sum-SHA256", ChecksumMode="ENABLED").get("ChecksumSHA256") ==
          base64.b64encode(hashlib.sha256(b"checked").digest()).decode())
    check("without ChecksumMode, no checksum is answered",
          "ChecksumCRC32" not in s3.head_object(Bucket="objects", Key="sum-CRC32"))
    check("a range is answered without the object's checksum",
          "ChecksumCRC32" not in s3.get_object(Bucket="objects", Key="sum-CRC32", Range="bytes=0-1",
                                               ChecksumMode="ENABLED"))
    status, _ = signed_request("PUT", "/objects/sum-none", b"unsummed")
    check("an object put without a checksum has S3's default, its CRC-64/NVME",
          status == 200 and s3.head_object(Bucket="objects", Key="sum-none", ChecksumMode="ENABLED").get(
              "ChecksumCRC64NVME") == crc_reflected(b"unsummed", 0x9A6C9329AC4BC9B5, 64))
    s3.copy_object(Bucket="objects", Key="sum-copied", CopySource={"Bucket": "objects", "Key": "sum-SHA1"},
                   MetadataDirective="REPLACE", ContentType="text/plain")
    s3.copy_object(Bucket="objects", Key="sum-copied-too", CopySource={"Bucket": "objects", "Key": "sum-SHA1"})
    check("a copy keeps its source's checksum, whatever its metadata directive",
          all(s3.head_object(Bucket="objects", Key=key, ChecksumMode="ENABLED").get("ChecksumSHA1") ==
              base64.b64encode(hashlib.sha1(b"checked").digest()).decode() for key in ("sum-copied", "sum-copied-too")))
    # An attribute set by hand may hold anything: only a checksum S3 has, of its size, is answered.
    path = os.path.join(s3_root, "objects", "sum-SHA1")
    attribute = os.getxattr(path, "user.awsml-local.metadata")
    os.setxattr(path, "user.awsml-local.metadata", b":checksum-bad name\rX-Evil:c\n:checksum-sha1:short\n" +
                attribute[attribute.index(b":file:"):])
    forged = s3.head_object(Bucket="objects", Key="sum-SHA1", ChecksumMode="ENABLED")["ResponseMetadata"]["HTTPHeaders"]
    check("a forged checksum line is not answered, nor its type",
          not any(name.startswith("x-amz-checksum") or name == "x-evil" for name in forged), str(forged))
    os.setxattr(path, "user.awsml-local.metadata", attribute)


def signed_request(method, path, body=b"", headers=None):
    """A request botocore signs but does not shape: (status, body bytes)."""
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    request = AWSRequest(method=method, url=local.url + path, data=body, headers=dict(headers or {}))
    S3SigV4Auth(Credentials(ACCESS, SECRET), "s3", "us-east-1").add_auth(request)
    prepared = request.prepare()
    return sent_as_is(prepared.url, method, body or None, prepared.headers)


def put_with_repeated_header(path, body, name, values):
    """A PUT whose header `name` is sent once per value, signed as SigV4 says (the values joined
    by commas): (status, body bytes). urllib sends a header once; http.client as often as asked."""
    import http.client
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    request = AWSRequest(method="PUT", url=local.url + path, data=body)
    for value in values:
        request.headers[name] = value  # HTTPHeaders adds, never replaces
    S3SigV4Auth(Credentials(ACCESS, SECRET), "s3", "us-east-1").add_auth(request)
    connection = http.client.HTTPConnection(local.address, timeout=30)
    try:
        connection.putrequest("PUT", path, skip_accept_encoding=True)
        for header, value in request.headers.items():
            connection.putheader(header, value)
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def sent_as_is(url, method, body, headers):
    """(status, body bytes) of a request sent with urllib, as given."""
    sent = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
    try:
        with urllib.request.urlopen(sent, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def edges():
    s3.create_bucket(Bucket="edges")
    for key in ["dir/", "a//b", "./x"]:
        check(f"GetObject of {key!r}, which no file can hold: NoSuchKey (404)",
              error_of(s3.get_object, Bucket="edges", Key=key) == ("NoSuchKey", 404))
        check(f"DeleteObject of {key!r}: 204, as for any absent key",
              s3.delete_object(Bucket="edges", Key=key)["ResponseMetadata"]["HTTPStatusCode"] == 204)
    deleted = s3.delete_objects(Bucket="edges", Delete={"Objects": [{"Key": "dir/"}]})
    check("DeleteObjects of 'dir/': Deleted", [d["Key"] for d in deleted.get("Deleted", [])] == ["dir/"], str(deleted))
    body = random.Random(5).randbytes(6 * 1024 * 1024 + 99)
    s3.put_object(Bucket="edges", Key="source.bin", Body=body)
    try:
        s3.get_object(Bucket="edges", Key="source.bin", Range=f"bytes={len(body)}-")
        check("a 416 says the object's size in Content-Range", False, "it was answered")
    except ClientError as e:
        check("a 416 says the object's size in Content-Range",
              e.response["ResponseMetadata"]["HTTPHeaders"].get("content-range") == f"bytes */{len(body)}",
              str(e.response["ResponseMetadata"]["HTTPHeaders"]))
    check("a response-content-type with CR LF is InvalidArgument (no header is injected)",
          error_of(s3.get_object, Bucket="edges", Key="source.bin", ResponseContentType="text/plain\r\nX-Evil: 1") ==
          ("InvalidArgument", 400))
    got = s3.get_object(Bucket="edges", Key="source.bin", ResponseContentType="text/csv", Range="bytes=100-199")
    check("response-content-type sets Content-Type, beside a range", got["ContentType"] == "text/csv" and
          got["Body"].read() == body[100:200])
    source = {"Bucket": "edges", "Key": "source.bin"}
    check("CopyObject onto itself: InvalidRequest (400)",
          error_of(s3.copy_object, Bucket="edges", Key="source.bin", CopySource=source) == ("InvalidRequest", 400))
    check("CopyObject onto itself with MetadataDirective REPLACE succeeds and keeps the bytes",
          error_of(s3.copy_object, Bucket="edges", Key="source.bin", CopySource=source,
                   MetadataDirective="REPLACE") is None and file_bytes("edges", "source.bin") == body)
    upload = s3.create_multipart_upload(Bucket="edges", Key="joined.bin")["UploadId"]
    split = 5 * 1024 * 1024
    parts = []
    for number, span in [(1, f"bytes=0-{split - 1}"), (2, f"bytes={split}-{len(body) - 1}")]:
        copied = s3.upload_part_copy(Bucket="edges", Key="joined.bin", UploadId=upload, PartNumber=number,
                                     CopySource=source, CopySourceRange=span)
        parts.append({"PartNumber": number, "ETag": copied["CopyPartResult"]["ETag"]})
    for span in ["bytes=5-2", f"bytes=0-{len(body)}", "bytes=-5", "bytes=1", "5-9"]:
        check(f"UploadPartCopy with the range {span!r}: InvalidArgument",
              error_of(s3.upload_part_copy, Bucket="edges", Key="joined.bin", UploadId=upload, PartNumber=3,
                       CopySource=source, CopySourceRange=span) == ("InvalidArgument", 400))
    check("CompleteMultipartUpload with PartNumber 123456: InvalidArgument",
          error_of(s3.complete_multipart_upload, Bucket="edges", Key="joined.bin", UploadId=upload,
                   MultipartUpload={"Parts": [{"PartNumber": 123456, "ETag": parts[0]["ETag"]}]}) ==
          ("InvalidArgument", 400))
    joined = s3.complete_multipart_upload(Bucket="edges", Key="joined.bin", UploadId=upload,
                                          MultipartUpload={"Parts": parts})
    check("UploadPartCopy ranges joined: the source's bytes, and the ETag GET gives",
          file_bytes("edges", "joined.bin") == body and
          joined["ETag"] == s3.head_object(Bucket="edges", Key="joined.bin")["ETag"], str(joined))
    deep = s3.create_multipart_upload(Bucket="edges", Key="deep/dir/obj")["UploadId"]
    small = [s3.upload_part(Bucket="edges", Key="deep/dir/obj", UploadId=deep, PartNumber=n, Body=b"p")["ETag"]
             for n in (1, 2)]
    check("a refused CompleteMultipartUpload (EntityTooSmall) leaves no folder behind",
          error_of(s3.complete_multipart_upload, Bucket="edges", Key="deep/dir/obj", UploadId=deep,
                   MultipartUpload={"Parts": [{"PartNumber": n, "ETag": small[n - 1]} for n in (1, 2)]}) ==
          ("EntityTooSmall", 400) and not os.path.exists(os.path.join(s3_root, "edges", "deep")) and
          error_of(s3.put_object, Bucket="edges", Key="deep", Body=b"x") is None)
    s3.delete_object(Bucket="edges", Key="deep")
    spaced = ("<CompleteMultipartUpload><Part>\n <PartNumber> 1 </PartNumber>\n <ETag>\n  " + small[0] +
              "\n </ETag></Part></CompleteMultipartUpload>").encode()
    status, answer = signed_request("POST", f"/edges/deep/dir/obj?uploadId={deep}", b"<CompleteMultipartUpload>"
                                    b"<Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>")
    check("a Part without its ETag: MalformedXML", status == 400 and b"<Code>MalformedXML</Code>" in answer,
          f"{status} {answer[:300]!r}")
    status, answer = signed_request("POST", f"/edges/deep/dir/obj?uploadId={deep}", spaced)
    check("white space around a PartNumber and an ETag is XML's, not part of them",
          status == 200 and file_bytes("edges", "deep", "dir", "obj") == b"p", f"{status} {answer[:300]!r}")
    with open(os.path.join(s3_root, "edges", ".awsml-local-partial-1-1"), "wb") as f:
        f.write(b"half")
    os.symlink(os.path.join(tmp, "nowhere"), os.path.join(s3_root, "edges", "dangling"))
    os.symlink(os.path.join(s3_root, "edges", "deep"), os.path.join(s3_root, "edges", "linked-folder"))
    listed = [c["Key"] for c in s3.list_objects_v2(Bucket="edges").get("Contents", [])]
    check("a file being written, a dangling link and a linked folder are in no listing",
          listed == ["deep/dir/obj", "joined.bin", "source.bin"], str(listed))
    os.remove(os.path.join(s3_root, "edges", "dangling"))
    os.remove(os.path.join(s3_root, "edges", "linked-folder"))
    check("no key can name a file being written",
          error_of(s3.put_object, Bucket="edges", Key=".awsml-local-partial-1-1", Body=b"x") == ("InvalidArgument", 400)
          and error_of(s3.get_object, Bucket="edges", Key=".awsml-local-partial-1-1") == ("NoSuchKey", 404))
    by_hand = os.path.join(s3_root, "edges", "by-hand.txt")
    with open(by_hand, "wb") as f:
        f.write(b"aaaa")
    time.sleep(2.1)  # a file unchanged for a second has its ETag remembered
    first = s3.head_object(Bucket="edges", Key="by-hand.txt")["ETag"]
    written = os.stat(by_hand)
    with open(by_hand, "r+b") as f:  # the same file, size and modification time: only its ctime moves
        f.write(b"bbbb")
    os.utime(by_hand, ns=(written.st_atime_ns, written.st_mtime_ns))
    second = s3.head_object(Bucket="edges", Key="by-hand.txt")["ETag"]
    check("an object rewritten in place by hand, its time put back, gets its new ETag",
          first == '"' + hashlib.md5(b"aaaa").hexdigest() + '"' and second == '"' + hashlib.md5(b"bbbb").hexdigest() + '"',
          f"{first} {second}")
    os.remove(by_hand)
    s3.put_object(Bucket="edges", Key="café", Body=b"x")
    s3.put_object(Bucket="edges", Key="tabbed", Body=b"x")
    xml = ("<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\n <Object>\n  <Key\n>caf&#xE9;</Key>\n </Object>"
           "<Object><Key\t>tabbed</Key></Object></Delete>").encode()
    status, answer = signed_request("POST", "/edges?delete", xml,
                                    {"Content-MD5": base64.b64encode(hashlib.md5(xml).digest()).decode()})
    check("DeleteObjects reads character references beyond ASCII and tags that end after white space",
          status == 200 and not os.path.exists(os.path.join(s3_root, "edges", "café")) and
          not os.path.exists(os.path.join(s3_root, "edges", "tabbed")), f"{status} {answer[:300]!r}")
    uploads = [(k, s3.create_multipart_upload(Bucket="edges", Key=k)["UploadId"]) for k in ["lm/b", "lm/a", "lm/a", "other"]]
    for number, body_part in [(3, b"three"), (1, b"one"), (2, b"two")]:
        s3.upload_part(Bucket="edges", Key="lm/a", UploadId=uploads[1][1], PartNumber=number, Body=body_part)
    under = [(u["Key"], u["UploadId"]) for u in s3.list_multipart_uploads(Bucket="edges", Prefix="lm/")["Uploads"]]
    check("ListMultipartUploads lists a prefix's uploads by key",
          [k for k, _ in under] == ["lm/a", "lm/a", "lm/b"] and set(under) == set(uploads[:3]), str(under))
    paged = [(u["Key"], u["UploadId"]) for page in s3.get_paginator("list_multipart_uploads").paginate(
        Bucket="edges", PaginationConfig={"PageSize": 1}) for u in page.get("Uploads", [])]
    check("ListMultipartUploads pages of one (key and upload id markers) list each upload once",
          sorted(paged) == sorted(uploads) and len(paged) == 4, str(paged))
    parts = s3.list_parts(Bucket="edges", Key="lm/a", UploadId=uploads[1][1])["Parts"]
    check("ListParts lists the parts in order, with sizes and ETags",
          [(p["PartNumber"], p["Size"], p["ETag"]) for p in parts] ==
          [(n, len(b), '"' + hashlib.md5(b).hexdigest() + '"') for n, b in [(1, b"one"), (2, b"two"), (3, b"three")]],
          str(parts))
    paged = [p["PartNumber"] for page in s3.get_paginator("list_parts").paginate(
        Bucket="edges", Key="lm/a", UploadId=uploads[1][1], PaginationConfig={"PageSize": 2}) for p in page["Parts"]]
    check("ListParts pages of two", paged == [1, 2, 3], str(paged))
    check("ListParts under another key: NoSuchUpload",
          error_of(s3.list_parts, Bucket="edges", Key="lm/b", UploadId=uploads[1][1]) == ("NoSuchUpload", 404))
    listed = aws("s3api", "list-multipart-uploads", "--bucket", "edges", "--query", "Uploads[].Key", "--output", "text")
    check("aws s3api list-multipart-uploads lists them", listed.returncode == 0 and
          listed.stdout.split() == ["lm/a", "lm/a", "lm/b", "other"], listed.stdout + listed.stderr)
    for key, upload in uploads:
        s3.abort_multipart_upload(Bucket="edges", Key=key, UploadId=upload)
    check("aborted uploads are no longer listed", "Uploads" not in s3.list_multipart_uploads(Bucket="edges"))
    status, answer = signed_request("GET", "//edges")
    check("GET //edges names no bucket: InvalidURI (400), not ListBuckets",
          status == 400 and b"<Code>InvalidURI</Code>" in answer, f"{status} {answer[:300]!r}")


def https_chunked():
    ca, certificate, key = make_test_certificates(tmp)
    secure = harness.emulator("--port", "0", "--s3-root", s3_root, "--tls-cert", certificate, "--tls-key", key,
                              name="tls")
    client = boto3.client("s3", endpoint_url="https://" + secure.address, region_name="us-east-1",
                          aws_access_key_id=ACCESS, aws_secret_access_key=SECRET, verify=ca)
    path = os.path.join(tmp, "upload.bin")
    content = random.Random(3).randbytes(300000)
    with open(path, "wb") as f:
        f.write(content)
    client.create_bucket(Bucket="secure")
    sent = []
    client.meta.events.register("before-send.s3.PutObject",
                                lambda request, **_: sent.append(request.headers.get("x-amz-content-sha256")))
    client.upload_file(path, "secure", "upload.bin")
    check("over HTTPS boto3 sends aws-chunked with a trailer, and the object is whole",
          sent and sent[0] in (b"STREAMING-UNSIGNED-PAYLOAD-TRAILER", "STREAMING-UNSIGNED-PAYLOAD-TRAILER") and
          file_bytes("secure", "upload.bin") == content, f"{sent}")


def concurrent_folders():
    """Writers and deleters in one folder: a DeleteObject prunes the folder it empties, perhaps
    while another PutObject is making it; neither may fail for it."""
    import threading
    s3.create_bucket(Bucket="racing")
    failures = []

    def churn(name):
        client = s3_client(local.url)
        for _ in range(150):
            for call, params in [(client.put_object, {"Body": b"x"}), (client.delete_object, {})]:
                problem = error_of(call, Bucket="racing", Key=f"d/sub/{name}", **params)
                if problem:
                    failures.append(problem)

    threads = [threading.Thread(target=churn, args=(name,)) for name in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check("PutObject and DeleteObject racing in one folder: 600 requests, none fails",
          not failures, f"{len(failures)} failed: {failures[:5]}")


def racing_rounds(rounds, run_round):
    """Runs `rounds` rounds of a race, each either won by the remover (run_round returns True) or
    not, the remover's head start tuned after each so that both outcomes occur on any machine;
    every other round's remover is a second awsml-local over the same folder."""
    other = harness.emulator("--port", "0", "--s3-root", s3_root, name="racer")
    delay, removed = 0.01, 0
    for number in range(rounds):
        won = run_round(number, local.url if number % 2 == 0 else other.url, random.uniform(0, delay))
        removed += won
        delay = delay * 1.4 if won else max(delay / 1.4, 0.0005)
    harness.stop(other)
    return removed


def bucket_deletion_racing_writes():
    """DeleteBucket while PutObjects go into the bucket: the deletion either finds an object and
    fails, or wins, and then no write succeeds and the bucket stays gone (a write neither lost
    nor making the bucket's folder again)."""
    import threading
    broken, failures, rounds = [], [], 40

    def body(key):
        return key.encode() * (64 * 1024 // len(key))

    def run_round(number, deleter_url, head_start):
        s3.create_bucket(Bucket="vanishing")
        start = threading.Barrier(3)
        written, refused, deleted = [], [], []

        def write(name):
            client = s3_client(local.url)
            start.wait()
            for n in range(4):
                key = f"p/q/{name}{n}"
                problem = error_of(client.put_object, Bucket="vanishing", Key=key, Body=body(key))
                (written.append(key) if problem is None else
                 refused.append(key) if problem == ("NoSuchBucket", 404) else failures.append(problem))

        def delete():
            client = s3_client(deleter_url)
            start.wait()
            time.sleep(head_start)
            for _ in range(8):
                problem = error_of(client.delete_bucket, Bucket="vanishing")
                if problem is None:
                    deleted.append(True)
                    return
                if problem != ("BucketNotEmpty", 409):
                    failures.append(problem)

        threads = [threading.Thread(target=write, args=(name,)) for name in "ab"]
        threads.append(threading.Thread(target=delete))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        exists = os.path.isdir(os.path.join(s3_root, "vanishing"))
        if deleted:
            if written or exists:
                broken.append(f"round {number}: deleted, yet {len(written)} writes succeeded "
                              f"and the folder {'is back' if exists else 'is gone'}")
            return True
        missing = [key for key in written if not os.path.isfile(os.path.join(s3_root, "vanishing", key))
                   or file_bytes("vanishing", key) != body(key)]
        if refused or missing:
            broken.append(f"round {number}: not deleted, yet {refused} refused, {missing} lost")
        for key in written:
            s3.delete_object(Bucket="vanishing", Key=key)
        s3.delete_bucket(Bucket="vanishing")
        return False

    deleted_rounds = racing_rounds(rounds, run_round)
    check("DeleteBucket racing PutObjects (in one awsml-local and from another): every round "
          "either deletes and no write succeeds, or keeps every write", not broken, "; ".join(broken[:3]))
    check("DeleteBucket racing PutObjects: no request fails otherwise", not failures, f"{failures[:5]}")
    check("DeleteBucket racing PutObjects: both outcomes occurred", 0 < deleted_rounds < rounds,
          f"{deleted_rounds} of {rounds} rounds deleted the bucket")


def upload_racing_parts():
    """AbortMultipartUpload or CompleteMultipartUpload while parts go in: each part either goes
    into the upload (200) or finds it gone (NoSuchUpload), a completed object holds what the
    completion named, and no upload leaves its folder behind."""
    import threading
    s3.create_bucket(Bucket="aborting")
    uploads = os.path.join(s3_root, ".awsml-local-pending", "s3-uploads")
    failures, broken, rounds = [], [], 40
    first_part = b"f" * (5 * 1024 * 1024)

    def run_round(number, ender_url, head_start):
        completing = number % 4 >= 2
        upload = s3.create_multipart_upload(Bucket="aborting", Key="k")["UploadId"]
        etag = s3.upload_part(Bucket="aborting", Key="k", UploadId=upload, PartNumber=1, Body=first_part)["ETag"]
        start = threading.Barrier(3)
        late = []

        def send_parts(first):
            client = s3_client(local.url)
            start.wait()
            for part in range(first, first + 6):
                problem = error_of(client.upload_part, Bucket="aborting", Key="k", UploadId=upload,
                                   PartNumber=part, Body=b"p" * 65536)
                if problem == ("NoSuchUpload", 404):
                    late.append(part)
                elif problem is not None:
                    failures.append(problem)

        def end():
            client = s3_client(ender_url)
            start.wait()
            time.sleep(head_start)
            if completing:
                problem = error_of(client.complete_multipart_upload, Bucket="aborting", Key="k", UploadId=upload,
                                   MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
            else:
                problem = error_of(client.abort_multipart_upload, Bucket="aborting", Key="k", UploadId=upload)
            if problem is not None:
                failures.append(problem)

        threads = [threading.Thread(target=send_parts, args=(first,)) for first in (2, 8)]
        threads.append(threading.Thread(target=end))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if os.path.exists(os.path.join(uploads, upload)):
            broken.append(f"round {number}: the upload's folder is left")
        if completing and file_bytes("aborting", "k") != first_part:
            broken.append(f"round {number}: the completed object is not its first part")
        return bool(late)

    ended_early = racing_rounds(rounds, run_round)
    check("AbortMultipartUpload and CompleteMultipartUpload racing UploadParts (in one awsml-local and "
          "from another): every part answers 200 or NoSuchUpload, the end 2xx", not failures,
          f"{len(failures)} failed: {failures[:5]}")
    check("...no upload leaves its folder behind, and a completed object is what the completion named",
          not broken, "; ".join(broken[:3]))
    check("...some rounds ended the upload before every part went in, some after",
          0 < ended_early < rounds, f"{ended_early} of {rounds}")


def conditions():
    import datetime
    s3.create_bucket(Bucket="conditions")
    etag = s3.put_object(Bucket="conditions", Key="k", Body=b"first")["ETag"]
    modified = s3.head_object(Bucket="conditions", Key="k")["LastModified"]
    before = modified - datetime.timedelta(seconds=1)
    get = s3.get_object
    where = {"Bucket": "conditions", "Key": "k"}
    check("GetObject If-Match with its ETag: 200", get(**where, IfMatch=etag)["Body"].read() == b"first")
    check("GetObject If-Match with another ETag: PreconditionFailed (412)",
          error_of(get, **where, IfMatch='"0123"') == ("PreconditionFailed", 412))
    check("GetObject and HeadObject If-None-Match with its ETag: 304",
          error_of(get, **where, IfNoneMatch=etag) == ("304", 304) and
          error_of(s3.head_object, **where, IfNoneMatch=etag) == ("304", 304))
    check("If-Modified-Since its time: 304; a second earlier: 200",
          error_of(get, **where, IfModifiedSince=modified) == ("304", 304) and
          error_of(get, **where, IfModifiedSince=before) is None)
    check("If-Unmodified-Since a second earlier: 412, unless an If-Match that holds overrules it",
          error_of(get, **where, IfUnmodifiedSince=before) == ("PreconditionFailed", 412) and
          error_of(get, **where, IfMatch=etag, IfUnmodifiedSince=before) is None)
    check("PutObject If-None-Match * over an object: 412, the object kept",
          error_of(s3.put_object, **where, Body=b"clobbered", IfNoneMatch="*") == ("PreconditionFailed", 412) and
          file_bytes("conditions", "k") == b"first")
    check("PutObject If-None-Match * where no object is: written",
          error_of(s3.put_object, Bucket="conditions", Key="new", Body=b"n", IfNoneMatch="*") is None and
          file_bytes("conditions", "new") == b"n")
    check("PutObject If-Match with another ETag: 412; with its ETag: written",
          error_of(s3.put_object, **where, Body=b"second", IfMatch='"0123"') == ("PreconditionFailed", 412) and
          file_bytes("conditions", "k") == b"first" and
          error_of(s3.put_object, **where, Body=b"second", IfMatch=etag) is None and
          file_bytes("conditions", "k") == b"second")
    try:
        s3.head_object(**where, IfNoneMatch=s3.head_object(**where)["ETag"])
        not_modified = {}
    except ClientError as e:
        not_modified = e.response["ResponseMetadata"]["HTTPHeaders"]
    check("a 304 carries the ETag and no Content-Length (the 200's is not 0)",
          "etag" in not_modified and "content-length" not in not_modified, str(not_modified))
    import threading
    wins = {}

    def put_if_absent(key):
        wins.setdefault(key, []).append(error_of(s3_client(local.url).put_object, Bucket="conditions", Key=key,
                                                 Body=b"mine", IfNoneMatch="*"))

    for round_number in range(30):
        racers = [threading.Thread(target=put_if_absent, args=(f"lock-{round_number}",)) for _ in range(2)]
        for racer in racers:
            racer.start()
        for racer in racers:
            racer.join()
    check("two PutObject If-None-Match * racing for a new key: one wins, the other 412 (30 rounds)",
          all(sorted(map(str, outcome)) == sorted(map(str, [None, ("PreconditionFailed", 412)]))
              for outcome in wins.values()), str([o for o in wins.values()][:5]))
    # Optimistic writes: racers that read one ETag each write If-Match it. One wins, the others
    # are 412, and the object is the winner's; half the racers go through a second awsml-local.
    other = harness.emulator("--port", "0", "--s3-root", s3_root, name="conditions-racer")
    try:
        # Made here: boto3 makes clients on one thread at a time.
        clients = [s3_client(local.url if n % 2 == 0 else other.url) for n in range(4)]
        outcomes = []
        for round_number in range(20):
            key = f"counter-{round_number}"
            etag = s3.put_object(Bucket="conditions", Key=key, Body=b"0")["ETag"]
            start, tried = threading.Barrier(len(clients)), []

            def put_if_unchanged(client, body):
                start.wait()
                tried.append((body, error_of(client.put_object, Bucket="conditions", Key=key, Body=body,
                                             IfMatch=etag)))

            racers = [threading.Thread(target=put_if_unchanged, args=(client, f"{n + 1}".encode()))
                      for n, client in enumerate(clients)]
            for racer in racers:
                racer.start()
            for racer in racers:
                racer.join()
            outcomes.append(([body for body, error in tried if error is None],
                             [error for _, error in tried if error is not None], file_bytes("conditions", key)))
    finally:
        harness.stop(other)
    check("four PutObject If-Match one ETag racing, through two awsml-local: one wins, three 412, the "
          "object the winner's (20 rounds)",
          all(len(winners) == 1 and losers == [("PreconditionFailed", 412)] * 3 and content == winners[0]
              for winners, losers, content in outcomes), str([o for o in outcomes if len(o[0]) != 1][:3]))
    upload = s3.create_multipart_upload(**where)["UploadId"]
    part = s3.upload_part(**where, UploadId=upload, PartNumber=1, Body=b"third")["ETag"]
    check("CompleteMultipartUpload If-None-Match * over an object: 412, the object kept",
          error_of(s3.complete_multipart_upload, **where, UploadId=upload, IfNoneMatch="*",
                   MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part}]}) == ("PreconditionFailed", 412) and
          file_bytes("conditions", "k") == b"second")
    s3.abort_multipart_upload(**where, UploadId=upload)
    now = s3.head_object(**where)["ETag"]
    check("CopyObject with x-amz-copy-source-if-none-match its source's ETag: 412, nothing copied",
          error_of(s3.copy_object, Bucket="conditions", Key="copy", CopySource=where, CopySourceIfNoneMatch=now) ==
          ("PreconditionFailed", 412) and not os.path.exists(os.path.join(s3_root, "conditions", "copy")))
    check("CopyObject with x-amz-copy-source-if-match its source's ETag: copied",
          error_of(s3.copy_object, Bucket="conditions", Key="copy", CopySource=where, CopySourceIfMatch=now) is None and
          file_bytes("conditions", "copy") == b"second")


def chunk_signed_put(path, content, trailer=False, tamper=None, method="PUT"):
    """A PUT of `content` as the Java and Go SDKs send it over HTTP: aws-chunked in 64 KiB chunks,
    each signed in a chain from the request's own signature (STREAMING-AWS4-HMAC-SHA256-PAYLOAD),
    with a signed CRC-32 trailer if asked. The chain is computed here from AWS's description;
    botocore signs only the headers. `tamper(frames)` rearranges the framed chunks (the last
    frame is the trailer and the body's end) after signing. Answers (status, body bytes)."""
    import hmac
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    streaming = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" + ("-TRAILER" if trailer else "")

    class StreamingAuth(S3SigV4Auth):  # botocore would put the body's own hash in x-amz-content-sha256
        def payload(self, request):
            return streaming

    headers = {"Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": str(len(content))}
    if trailer:
        headers["x-amz-trailer"] = "x-amz-checksum-crc32"
    request = AWSRequest(method=method, url=local.url + path, data=b"", headers=headers)
    StreamingAuth(Credentials(ACCESS, SECRET), "s3", "us-east-1").add_auth(request)
    amz_date = request.headers["X-Amz-Date"]
    scope = f"{amz_date[:8]}/us-east-1/s3/aws4_request"
    key = ("AWS4" + SECRET).encode()
    for part in (amz_date[:8], "us-east-1", "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    previous = request.headers["Authorization"].rsplit("Signature=", 1)[1]

    def sign(algorithm, hashes):
        text = "\n".join([algorithm, amz_date, scope, previous, hashes])
        return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()

    frames = []
    for piece in [content[i:i + 65536] for i in range(0, len(content), 65536)] + [b""]:
        previous = sign("AWS4-HMAC-SHA256-PAYLOAD", hashlib.sha256(b"").hexdigest() + "\n" +
                        hashlib.sha256(piece).hexdigest())
        frames.append(f"{len(piece):x};chunk-signature={previous}\r\n".encode() + piece + (b"\r\n" if piece else b""))
    end = b""
    if trailer:
        line = "x-amz-checksum-crc32:" + base64.b64encode(zlib.crc32(content).to_bytes(4, "big")).decode()
        end = f"{line}\r\nx-amz-trailer-signature:{sign('AWS4-HMAC-SHA256-TRAILER', hashlib.sha256((line + chr(10)).encode()).hexdigest())}\r\n".encode()
    frames.append(end + b"\r\n")
    return sent_as_is(local.url + path, method, b"".join(tamper(frames) if tamper else frames), request.headers)


def signed_chunks():
    s3.create_bucket(Bucket="chunks")
    content = random.Random(5).randbytes(150000)
    status, answer = chunk_signed_put("/chunks/whole.bin", content)
    check("a body signed chunk by chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) is stored whole",
          status == 200 and file_bytes("chunks", "whole.bin") == content and
          s3.head_object(Bucket="chunks", Key="whole.bin")["ETag"] == '"' + hashlib.md5(content).hexdigest() + '"',
          f"{status} {answer[:300]!r}")
    status, answer = chunk_signed_put("/chunks/trailed.bin", content, trailer=True)
    check("with a signed CRC-32 trailer (-TRAILER) too",
          status == 200 and file_bytes("chunks", "trailed.bin") == content, f"{status} {answer[:300]!r}")

    def flip_a_byte(frames):
        frames[1] = frames[1][:500] + bytes([frames[1][500] ^ 1]) + frames[1][501:]
        return frames

    def unsigned(frames):
        return [frames[0].split(b";", 1)[0] + b"\r\n" + frames[0].split(b"\r\n", 1)[1]] + frames[1:]

    def forged_trailer(frames):
        frames[-1] = frames[-1].replace(b"x-amz-checksum-crc32:", b"x-amz-checksum-crc32:A", 1)
        return frames

    for name, tamper, trailer in [("a byte changed in the second chunk", flip_a_byte, False),
                                  ("the second chunk dropped", lambda f: f[:1] + f[2:], False),
                                  ("two chunks swapped", lambda f: [f[1], f[0]] + f[2:], False),
                                  ("cut short: the third chunk's signature on a final chunk",
                                   lambda f: f[:2] + [b"0;chunk-signature=" + f[2].split(b"=", 1)[1][:64] + b"\r\n", f[-1]],
                                   False),
                                  ("a chunk without its signature", unsigned, False),
                                  ("the trailer changed", forged_trailer, True),
                                  ("the trailer's signature left out", lambda f: f[:-1] + [f[-1].split(b"x-amz-trailer-signature")[0] + b"\r\n"], True)]:
        status, answer = chunk_signed_put("/chunks/forged.bin", content, trailer=trailer, tamper=tamper)
        check(f"signed chunks, {name}: SignatureDoesNotMatch (403), nothing written",
              status == 403 and b"<Code>SignatureDoesNotMatch</Code>" in answer and
              not os.path.exists(os.path.join(s3_root, "chunks", "forged.bin")), f"{status} {answer[:300]!r}")
    upload = s3.create_multipart_upload(Bucket="chunks", Key="parted.bin")["UploadId"]
    status, answer = chunk_signed_put(f"/chunks/parted.bin?partNumber=1&uploadId={upload}", content)
    parts = s3.list_parts(Bucket="chunks", Key="parted.bin", UploadId=upload).get("Parts", [])
    check("UploadPart takes a body signed chunk by chunk",
          status == 200 and [(p["Size"], p["ETag"]) for p in parts] == [(len(content), '"' + hashlib.md5(content).hexdigest() + '"')],
          f"{status} {answer[:300]!r} {parts}")
    s3.abort_multipart_upload(Bucket="chunks", Key="parted.bin", UploadId=upload)
    status, answer = chunk_signed_put("/chunks?delete", b"<Delete><Object><Key>whole.bin</Key></Object></Delete>",
                                      method="POST")
    check("DeleteObjects with an aws-chunked body: NotImplemented (501), nothing deleted",
          status == 501 and b"<Code>NotImplemented</Code>" in answer and
          os.path.exists(os.path.join(s3_root, "chunks", "whole.bin")), f"{status} {answer[:300]!r}")


def rewrite_in_place(path, first_bytes):
    """Overwrites the first bytes of the file at PATH in place, as an editor would, once its
    modification time can show it: a rewrite within one tick of the file system's clock keeps
    the time it had (a few milliseconds; a second on some file systems)."""
    before = os.stat(path).st_mtime_ns
    for pause in (0, 0.05, 1.1):
        time.sleep(pause)
        with open(path, "r+b") as f:
            f.write(first_bytes)
        if os.stat(path).st_mtime_ns != before:
            return
    raise AssertionError(f"{path}: its modification time stays {before} however it is rewritten")


def metadata():
    s3.create_bucket(Bucket="meta")
    if not keeps_extended_attributes("metadata"):
        return
    s3.put_object(Bucket="meta", Key="typed.csv", Body=b"a,b\n", ContentType="text/csv", CacheControl="no-cache",
                  ContentDisposition='attachment; filename="t.csv"', Metadata={"owner": "ana", "Mixed-Case": "Yes"})
    for name, answer in [("HeadObject", s3.head_object(Bucket="meta", Key="typed.csv")),
                         ("GetObject", s3.get_object(Bucket="meta", Key="typed.csv"))]:
        check(f"{name} gives back the metadata PutObject kept (x-amz-meta-* names in lower case, as S3 gives them)",
              answer["ContentType"] == "text/csv" and answer["CacheControl"] == "no-cache" and
              answer["ContentDisposition"] == 'attachment; filename="t.csv"' and
              answer["Metadata"] == {"owner": "ana", "mixed-case": "Yes"}, str(answer))
    with open(os.path.join(s3_root, "meta", "by-hand.bin"), "wb") as f:
        f.write(b"put here by hand")
    by_hand = s3.head_object(Bucket="meta", Key="by-hand.bin")
    check("a file put by hand has S3's defaults: binary/octet-stream, no metadata",
          by_hand["ContentType"] == "binary/octet-stream" and by_hand["Metadata"] == {}, str(by_hand))
    by_hand_path = os.path.join(s3_root, "meta", "by-hand.bin")
    forged_text = b"content-length:3\nx-amz-meta-ok:1\nx-amz-meta-bad:a\rb\nServer:x\n"
    os.setxattr(by_hand_path, "user.awsml-local.metadata", forged_text)
    check("an attribute set by hand without the stamp of the file it is for is not read",
          s3.head_object(Bucket="meta", Key="by-hand.bin")["Metadata"] == {})
    seen = os.stat(by_hand_path)
    stamp = f":file:{seen.st_size} {seen.st_mtime_ns // 10**9}.{seen.st_mtime_ns % 10**9:09}\n".encode()
    os.setxattr(by_hand_path, "user.awsml-local.metadata", forged_text + stamp)
    forged = s3.head_object(Bucket="meta", Key="by-hand.bin")
    check("an attribute set by hand gives only headers S3 keeps, with values a header can hold",
          forged["ContentLength"] == len(b"put here by hand") and forged["Metadata"] == {"ok": "1"}, str(forged))
    try:
        s3.head_object(Bucket="meta", Key="typed.csv", IfNoneMatch=s3.head_object(Bucket="meta", Key="typed.csv")["ETag"])
        not_modified = {}
    except ClientError as e:
        not_modified = e.response["ResponseMetadata"]
    check("a 304 carries the metadata's Cache-Control, and no Content-Type",
          not_modified.get("HTTPStatusCode") == 304 and "content-type" not in not_modified["HTTPHeaders"] and
          not_modified["HTTPHeaders"].get("cache-control") == "no-cache", str(not_modified))

    s3.copy_object(Bucket="meta", Key="copied.csv", CopySource={"Bucket": "meta", "Key": "typed.csv"})
    copied = s3.head_object(Bucket="meta", Key="copied.csv")
    check("CopyObject copies the metadata (COPY, the default)",
          copied["ContentType"] == "text/csv" and copied["Metadata"] == {"owner": "ana", "mixed-case": "Yes"}, str(copied))
    s3.copy_object(Bucket="meta", Key="typed.csv", CopySource={"Bucket": "meta", "Key": "typed.csv"},
                   MetadataDirective="REPLACE", ContentType="application/json", Metadata={"owner": "bo"})
    replaced = s3.head_object(Bucket="meta", Key="typed.csv")
    check("CopyObject onto itself with REPLACE replaces the metadata, and only it",
          replaced["ContentType"] == "application/json" and replaced["Metadata"] == {"owner": "bo"} and
          "CacheControl" not in replaced and file_bytes("meta", "typed.csv") == b"a,b\n", str(replaced))
    check("an unknown metadata directive is InvalidArgument",
          error_of(s3.copy_object, Bucket="meta", Key="x", CopySource={"Bucket": "meta", "Key": "typed.csv"},
                   MetadataDirective="MOVE") == ("InvalidArgument", 400))
    check("user metadata over 2 KB is MetadataTooLarge, and stores nothing",
          error_of(s3.put_object, Bucket="meta", Key="big-meta", Body=b"x", Metadata={"k": "v" * 2048}) ==
          ("MetadataTooLarge", 400) and not os.path.exists(os.path.join(s3_root, "meta", "big-meta")))
    status, answer = put_with_repeated_header("/meta/twice.bin", b"x", "x-amz-meta-tag", ["a", "b"])
    twice = s3.head_object(Bucket="meta", Key="twice.bin")["Metadata"]
    check("a metadata header sent twice is kept once, its values joined by a comma, as S3 does",
          status == 200 and twice == {"tag": "a,b"}, f"{status} {answer[:200]!r} {twice}")
    status, _ = chunk_signed_put("/meta/chunked.bin", b"chunked body")
    chunked = s3.head_object(Bucket="meta", Key="chunked.bin")
    check("an aws-chunked PUT keeps no Content-Encoding: aws-chunked (it is how the body came)",
          status == 200 and "ContentEncoding" not in chunked, str(chunked))

    upload = s3.create_multipart_upload(Bucket="meta", Key="parts.csv", ContentType="text/csv",
                                        Metadata={"job": "7"})["UploadId"]
    pieces = [random.Random(11).randbytes(5 << 20), b"tail"]
    etags = [s3.upload_part(Bucket="meta", Key="parts.csv", UploadId=upload, PartNumber=n + 1, Body=piece)["ETag"]
             for n, piece in enumerate(pieces)]
    done = s3.complete_multipart_upload(
        Bucket="meta", Key="parts.csv", UploadId=upload,
        MultipartUpload={"Parts": [{"PartNumber": n + 1, "ETag": etag} for n, etag in enumerate(etags)]})
    want = '"' + hashlib.md5(b"".join(hashlib.md5(p).digest() for p in pieces)).hexdigest() + '-2"'
    head = s3.head_object(Bucket="meta", Key="parts.csv")
    listed = [o["ETag"] for o in s3.list_objects_v2(Bucket="meta", Prefix="parts.csv")["Contents"]]
    check("a multipart object's ETag is S3's MD5-of-parts-N, in the completion, HEAD and listings",
          done["ETag"] == want and head["ETag"] == want and listed == [want], f"{want} {done['ETag']} {head} {listed}")
    check("a multipart object keeps CreateMultipartUpload's metadata",
          head["ContentType"] == "text/csv" and head["Metadata"] == {"job": "7"}, str(head))
    # A file rewritten in place keeps its extended attribute, but it is another object now.
    rewrite_in_place(os.path.join(s3_root, "meta", "parts.csv"), b"X")
    rewritten = b"X" + b"".join(pieces)[1:]
    head = s3.head_object(Bucket="meta", Key="parts.csv")
    check("a multipart object rewritten by hand, its size the same, has the MD5 ETag of what it now "
          "holds, and no metadata",
          head["ETag"] == '"' + hashlib.md5(rewritten).hexdigest() + '"' and
          head["ContentType"] == "binary/octet-stream" and head["Metadata"] == {}, str(head))
    rewrite_in_place(os.path.join(s3_root, "meta", "typed.csv"), b"c,d\n")
    head = s3.head_object(Bucket="meta", Key="typed.csv")
    check("an object rewritten by hand, its size the same, has no metadata",
          head["ContentType"] == "binary/octet-stream" and head["Metadata"] == {} and
          file_bytes("meta", "typed.csv") == b"c,d\n", str(head))
    with open(os.path.join(s3_root, "meta", "parts.csv"), "ab") as f:
        f.write(b"more")
    check("a multipart object changed by hand has the MD5 ETag of what it now holds",
          s3.head_object(Bucket="meta", Key="parts.csv")["ETag"] ==
          '"' + hashlib.md5(rewritten + b"more").hexdigest() + '"')


def peak_memory_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/PID/status")


def read_to_the_end(body, received=b""):
    """What a streamed body gives until it ends, and the error that ended it early, if one did."""
    received = bytearray(received)
    try:
        while chunk := body.read(1 << 20):
            received += chunk
    except Exception as e:  # botocore's IncompleteReadError, or urllib3's ProtocolError
        return bytes(received), e
    return bytes(received), None


def large_object():
    """A 96 MiB object, put as a file under --s3-root, read through a fresh awsml-local."""
    fresh = harness.emulator("--port", "0", "--s3-root", s3_root, name="large")
    client = s3_client(fresh.url)
    os.makedirs(os.path.join(s3_root, "large"))
    path = os.path.join(s3_root, "large", "big.bin")
    block = os.urandom(1 << 20)
    size = 96 * len(block)
    with open(path, "wb") as f:
        for i in range(96):
            f.write(bytes([i]) + block[1:])
    whole = file_bytes("large", "big.bin")

    before = peak_memory_kib(fresh.proc.pid)
    got = client.get_object(Bucket="large", Key="big.bin")["Body"].read()
    grown_mib = (peak_memory_kib(fresh.proc.pid) - before) / 1024
    check("a 96 MiB GET reads the file", got == whole)
    del got
    check("a 96 MiB GET is sent from the file, never held whole (peak memory grew under 32 MiB)",
          grown_mib < 32, f"it grew by {grown_mib:.0f} MiB")

    body = client.get_object(Bucket="large", Key="big.bin")["Body"]
    start = body.read(1 << 20)
    client.put_object(Bucket="large", Key="big.bin", Body=b"replaced")
    check("a GET under way keeps reading the bytes it began with when the object is replaced",
          start + body.read() == whole and file_bytes("large", "big.bin") == b"replaced")

    with open(path, "wb") as f:
        f.write(whole)
    body = client.get_object(Bucket="large", Key="big.bin")["Body"]
    received = body.read(1 << 20)
    os.truncate(path, size // 4)  # in place, as no write of awsml-local's does
    received, failure = read_to_the_end(body, received)
    check("a file cut short in place under a GET cuts the answer short: the bytes sent are the file's, "
          "and the client sees the answer end early", failure is not None and len(received) < size and
          received == whole[:len(received)], f"{len(received)} bytes, {failure!r}")
    harness.stop(fresh)

    with open(path, "wb") as f:
        f.write(whole)
    truncating = harness.emulator("--port", "0", "--s3-root", s3_root, "--fault", "truncate=first:1", name="truncating")
    body = s3_client(truncating.url).get_object(Bucket="large", Key="big.bin")["Body"]
    received, failure = read_to_the_end(body)
    check("--fault truncate sends half an object's bytes, then closes", failure is not None and
          len(received) == size // 2 and received == whole[:size // 2], f"{len(received)} bytes, {failure!r}")
    harness.stop(truncating)


def held_folders():
    """A folder held longer than --hold-patience (a peer stopped while deleting a bucket or writing
    a key): the write answers 503 SlowDown after that long, writes nothing, and an SDK that
    retries gets through once the folder is free."""
    import fcntl
    patient = harness.emulator("--port", "0", "--s3-root", s3_root, "--hold-patience", "300ms", name="patient")
    client = s3_client(patient.url)
    client.create_bucket(Bucket="held")
    slots = os.path.join(s3_root, ".awsml-local-pending", "object-holds")
    os.makedirs(slots, exist_ok=True)
    held = {"bucket": [os.path.join(s3_root, "held")],
            "every object slot": [os.path.join(slots, str(n)) for n in range(64)]}
    for what, folders in held.items():
        descriptors = []
        for folder in folders:
            os.makedirs(folder, exist_ok=True)
            descriptors.append(os.open(folder, os.O_RDONLY | os.O_DIRECTORY))
            fcntl.flock(descriptors[-1], fcntl.LOCK_EX)
        try:
            began = time.monotonic()
            try:
                client.put_object(Bucket="held", Key="k", Body=b"never")
                answer, message = None, ""
            except ClientError as e:
                answer = e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]
                message = e.response["Error"]["Message"]
            waited = time.monotonic() - began
            check(f"a PutObject that finds the {what} held past --hold-patience 300ms: 503 SlowDown",
                  answer == ("SlowDown", 503) and "stayed held" in message and "300 ms" in message,
                  f"{answer} {message!r}")
            # The bound only proves the wait ends (generously, several times the patience).
            check(f"... after waiting the patience ({what})", 0.3 <= waited < 10, f"{waited:.2f} s")
            check(f"... and nothing is written ({what})", os.listdir(os.path.join(s3_root, "held")) == [],
                  str(os.listdir(os.path.join(s3_root, "held"))))
        finally:
            for descriptor in descriptors:
                os.close(descriptor)
    # An SDK retries SlowDown as S3's: the bucket is released once the first attempt has its 503,
    # and the retry gets through.
    retrying = s3_client(patient.url, retries={"mode": "standard", "total_max_attempts": 4})
    descriptor = os.open(os.path.join(s3_root, "held"), os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    statuses = []

    def release_after_the_first_answer(response=None, **_):
        if response is not None and not statuses:
            statuses.append(response[1]["ResponseMetadata"]["HTTPStatusCode"])
            os.close(descriptor)

    retrying.meta.events.register("needs-retry.s3.PutObject", release_after_the_first_answer)
    try:
        put = retrying.put_object(Bucket="held", Key="k", Body=b"retried")
        outcome = put["ResponseMetadata"]["RetryAttempts"], file_bytes("held", "k")
    except ClientError as e:
        outcome = e.response["Error"]["Code"], None
    finally:
        if not statuses:
            os.close(descriptor)
    check("boto3 retries the SlowDown of a held bucket and its PutObject goes in once it is free",
          statuses == [503] and outcome == (1, b"retried"), f"{statuses} {outcome}")
    client.delete_object(Bucket="held", Key="k")
    client.delete_bucket(Bucket="held")
    harness.stop(patient)


def bucket_regions():
    """CreateBucketConfiguration as S3 reads it, and each bucket's region kept and answered."""
    europe = s3_client(local.url, region_name="eu-west-1")
    if not keeps_extended_attributes("buckets' regions"):
        return
    made = aws("s3", "mb", "s3://region-cli", "--region", "eu-west-1")
    check("aws s3 mb in eu-west-1 (which sends its LocationConstraint) makes the bucket", made.returncode == 0,
          made.stderr)
    check("GetBucketLocation answers the bucket's constraint, whatever region asks",
          s3.get_bucket_location(Bucket="region-cli")["LocationConstraint"] == "eu-west-1")
    check("HeadBucket answers the bucket's region",
          s3.head_bucket(Bucket="region-cli")["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"] == "eu-west-1")
    check("CreateBucket in eu-west-1 without a constraint: IllegalLocationConstraintException, no folder",
          error_of(europe.create_bucket, Bucket="region-none") == ("IllegalLocationConstraintException", 400) and
          not os.path.exists(os.path.join(s3_root, "region-none")))
    check("a constraint other than the region's own endpoint: IllegalLocationConstraintException",
          error_of(europe.create_bucket, Bucket="region-none",
                   CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}) ==
          ("IllegalLocationConstraintException", 400))
    for constraint in ["us-east-1", "nowhere", "eu-west-", "EU-WEST-1", "us-east-99", "zz-nowhere-9"]:
        check(f"the constraint {constraint!r}: InvalidLocationConstraint",
              error_of(s3.create_bucket, Bucket="region-none",
                       CreateBucketConfiguration={"LocationConstraint": constraint}) ==
              ("InvalidLocationConstraint", 400) and not os.path.exists(os.path.join(s3_root, "region-none")))
    s3.create_bucket(Bucket="region-eu", CreateBucketConfiguration={"LocationConstraint": "EU"})
    check("us-east-1's (global) endpoint makes a bucket in any region; EU is eu-west-1",
          s3.get_bucket_location(Bucket="region-eu")["LocationConstraint"] == "EU" and
          s3.head_bucket(Bucket="region-eu")["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"] == "eu-west-1")
    check("creating it again from us-east-1: BucketAlreadyOwnedByYou, as it is in another region",
          # (a new client: s3 has learnt the bucket's region from HeadBucket's redirect)
          error_of(s3_client(local.url).create_bucket, Bucket="region-eu") == ("BucketAlreadyOwnedByYou", 409))
    s3.create_bucket(Bucket="region-us")
    check("a us-east-1 bucket: no constraint, created again from us-east-1 with success",
          s3.get_bucket_location(Bucket="region-us")["LocationConstraint"] is None and
          error_of(s3.create_bucket, Bucket="region-us") is None and
          europe.head_bucket(Bucket="region-us")["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"] ==
          "us-east-1")
    os.makedirs(os.path.join(s3_root, "region-by-hand"))
    check("a bucket made by hand is in the region the request was signed for",
          europe.get_bucket_location(Bucket="region-by-hand")["LocationConstraint"] == "eu-west-1" and
          s3.get_bucket_location(Bucket="region-by-hand")["LocationConstraint"] is None)

    # A request signed for another region than its bucket's is refused as S3 refuses it, naming the
    # bucket's region; botocore's redirector signs it again for that region.
    status, answer = signed_request("PUT", "/region-eu/redirected", b"x")
    check("a request signed for us-east-1 to an EU bucket: AuthorizationHeaderMalformed naming eu-west-1, nothing written",
          status == 400 and b"<Code>AuthorizationHeaderMalformed</Code>" in answer and
          b"<Region>eu-west-1</Region>" in answer and
          not os.path.exists(os.path.join(s3_root, "region-eu", "redirected")), answer.decode(errors="replace"))
    s3.put_object(Bucket="region-eu", Key="redirected", Body=b"there")
    check("boto3 in us-east-1 writes into an EU bucket, redirected to its region",
          file_bytes("region-eu", "redirected") == b"there" and
          s3.get_object(Bucket="region-eu", Key="redirected")["Body"].read() == b"there")
    copied = aws("s3", "cp", "s3://region-eu/redirected", "s3://region-us/copied")
    check("aws s3 cp from an EU bucket to a US one, each request in its bucket's region",
          copied.returncode == 0 and file_bytes("region-us", "copied") == b"there", copied.stderr)

    everything = s3.list_buckets()
    mine = [(b["Name"], b["BucketRegion"]) for b in everything["Buckets"] if b["Name"].startswith("region-")]
    check("ListBuckets names each bucket's region", mine == [
        ("region-by-hand", "us-east-1"), ("region-cli", "eu-west-1"), ("region-eu", "eu-west-1"),
        ("region-us", "us-east-1")], str(mine))
    check("ListBuckets without paging parameters: one page, no token, no Prefix",
          "ContinuationToken" not in everything and "Prefix" not in everything)
    pages = list(s3.get_paginator("list_buckets").paginate(Prefix="region-", PaginationConfig={"PageSize": 1}))
    check("ListBuckets in pages of one (MaxBuckets, ContinuationToken) walks the buckets with that prefix",
          [b["Name"] for p in pages for b in p["Buckets"]] == [name for name, _ in mine] and
          all(p["Prefix"] == "region-" for p in pages) and len(pages) == len(mine) and
          "ContinuationToken" not in pages[-1], str(pages))
    in_europe = s3.list_buckets(BucketRegion="eu-west-1", Prefix="region-")["Buckets"]
    check("ListBuckets' BucketRegion keeps the buckets of that region",
          [b["Name"] for b in in_europe] == ["region-cli", "region-eu"])
    check("max-buckets over 10000: InvalidArgument", error_of(s3.list_buckets, MaxBuckets=10001) == ("InvalidArgument", 400))
    check("a continuation token awsml-local did not make: InvalidArgument",
          error_of(s3.list_buckets, ContinuationToken="not-a-token") == ("InvalidArgument", 400))

    # A multipart object's Location is its URL, as the request addressed it.
    upload = s3.create_multipart_upload(Bucket="region-us", Key="a b/c")["UploadId"]
    etag = s3.upload_part(Bucket="region-us", Key="a b/c", UploadId=upload, PartNumber=1, Body=b"x")["ETag"]
    done = s3.complete_multipart_upload(Bucket="region-us", Key="a b/c", UploadId=upload,
                                        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    check("CompleteMultipartUpload's Location is the object's URL", done["Location"] == local.url + "/region-us/a%20b/c",
          done["Location"])

    s3.put_object(Bucket="region-us", Key="kept", Body=b"x")
    too_many = error_of(s3.delete_objects, Bucket="region-us",
                        Delete={"Objects": [{"Key": "kept"}] + [{"Key": f"k{i}"} for i in range(1000)]})
    check("DeleteObjects of 1001 keys: MalformedXML, nothing deleted",
          too_many == ("MalformedXML", 400) and os.path.exists(os.path.join(s3_root, "region-us", "kept")), str(too_many))


def unreadable_requests():
    """What the server refuses before the request is whole is answered S3's way to S3."""
    small = harness.emulator("--port", "0", "--s3-root", s3_root, "--max-upload-bytes", "1000",
                             "--request-timeout", "1", name="small-uploads")
    client = s3_client(small.url)
    client.create_bucket(Bucket="too-large")
    check("a body over --max-upload-bytes is S3's EntityTooLarge (400), nothing written",
          error_of(client.put_object, Bucket="too-large", Key="k", Body=b"x" * 1001) == ("EntityTooLarge", 400) and
          os.listdir(os.path.join(s3_root, "too-large")) == [])
    check("one at the limit is taken",
          error_of(client.put_object, Bucket="too-large", Key="k", Body=b"x" * 1000) is None and
          file_bytes("too-large", "k") == b"x" * 1000)
    host, port = small.address.split(":")
    with socket.create_connection((host, int(port)), timeout=20) as slow:
        # An Authorization header, which is checked once the body is whole: without one the
        # request is refused at its headers (AccessDenied), a body never read.
        slow.sendall(b"PUT /too-large/slow HTTP/1.1\r\nHost: " + small.address.encode() +
                     b"\r\nAuthorization: AWS4-HMAC-SHA256 Credential=x\r\nContent-Length: 10\r\n\r\nx")
        answer = b""
        while chunk := slow.recv(4096):  # until the server closes: a second past the first byte
            answer += chunk
    check("a body still arriving at --request-timeout is S3's 400 RequestTimeout, nothing written",
          answer.startswith(b"HTTP/1.1 400 ") and b"<Code>RequestTimeout</Code>" in answer and
          os.listdir(os.path.join(s3_root, "too-large")) == ["k"], answer.decode(errors="replace"))
    with socket.create_connection((host, int(port)), timeout=20) as console:
        console.sendall(b"POST /console/x HTTP/1.1\r\nHost: " + small.address.encode() +
                        b"\r\nContent-Length: 5000\r\n\r\n")
        answer = b""
        while chunk := console.recv(4096):
            answer += chunk
    check("a console request over the limit is not answered as S3's",
          answer.startswith(b"HTTP/1.1 413 ") and b"<Code>" not in answer, answer.decode(errors="replace"))
    harness.stop(small)


def errors():
    check("GetObject in a bucket that is not there: NoSuchBucket (404)",
          error_of(s3.get_object, Bucket="absent", Key="k") == ("NoSuchBucket", 404))
    s3.create_bucket(Bucket="errors")
    check("GetObject of a key that is not there: NoSuchKey (404)",
          error_of(s3.get_object, Bucket="errors", Key="absent") == ("NoSuchKey", 404))
    check("HeadObject of a key that is not there: 404", error_of(s3.head_object, Bucket="errors", Key="absent") == ("404", 404))
    check("an upper-case bucket name is InvalidBucketName",
          error_of(s3.create_bucket, Bucket="Upper_Case") == ("InvalidBucketName", 400) and
          not os.path.exists(os.path.join(s3_root, "Upper_Case")))
    # (botocore sends names ending --x-s3 to S3 Express's own endpoints: not tried here.)
    for name in ["192.168.5.4", "xn--abc", "sthree-data", "data-s3alias", "data.mrap"]:
        check(f"the bucket name {name!r} (an IP address, or a prefix or suffix S3 keeps) is InvalidBucketName",
              error_of(s3.create_bucket, Bucket=name) == ("InvalidBucketName", 400) and
              not os.path.exists(os.path.join(s3_root, name)))
    for key in ["a//b", "dir/", "a/../b", "./x"]:
        check(f"the key {key!r} cannot be a file: InvalidArgument, nothing written",
              error_of(s3.put_object, Bucket="errors", Key=key, Body=b"x") == ("InvalidArgument", 400))
    s3.put_object(Bucket="errors", Key="file", Body=b"x")
    check("a key below an object's file is InvalidArgument",
          error_of(s3.put_object, Bucket="errors", Key="file/below", Body=b"x") == ("InvalidArgument", 400))
    s3.put_object(Bucket="errors", Key="folder/inside", Body=b"x")
    check("a key that is a prefix of others is InvalidArgument",
          error_of(s3.put_object, Bucket="errors", Key="folder", Body=b"x") == ("InvalidArgument", 400))
    check("DeleteBucket of a full bucket: BucketNotEmpty (409)",
          error_of(s3.delete_bucket, Bucket="errors") == ("BucketNotEmpty", 409))
    check("a wrong secret: SignatureDoesNotMatch (403)",
          error_of(s3_client(local.url, secret="wrong").list_buckets) == ("SignatureDoesNotMatch", 403))
    check("an unknown access key: InvalidAccessKeyId (403)",
          error_of(s3_client(local.url, access="AKIDUNKNOWN").list_buckets) == ("InvalidAccessKeyId", 403))
    check("a subresource awsml-local does not serve: NotImplemented (501)",
          error_of(s3.get_bucket_acl, Bucket="errors") == ("NotImplemented", 501))
    check("UploadPart to an upload that is not there: NoSuchUpload (404)",
          error_of(s3.upload_part, Bucket="errors", Key="k", UploadId="0" * 32, PartNumber=1, Body=b"x") ==
          ("NoSuchUpload", 404))
    check("an upload id that is a path: NoSuchUpload (404)",
          error_of(s3.upload_part, Bucket="errors", Key="k", UploadId="../../errors", PartNumber=1, Body=b"x") ==
          ("NoSuchUpload", 404))
    upload = s3.create_multipart_upload(Bucket="errors", Key="parts")["UploadId"]
    etags = [s3.upload_part(Bucket="errors", Key="parts", UploadId=upload, PartNumber=n, Body=b"p")["ETag"]
             for n in (1, 2)]
    # A restart, or a second awsml-local over the same folder, sweeps what batch predictions left
    # staged: within 200 ms of starting, and only those.
    other = harness.emulator("--port", "0", "--s3-root", s3_root, name="second")
    time.sleep(1)
    check("a second awsml-local over the same S3 folder leaves pending uploads alone",
          [p["PartNumber"] for p in s3.list_parts(Bucket="errors", Key="parts", UploadId=upload)["Parts"]] == [1, 2])
    harness.stop(other)
    out_of_order = error_of(
        s3.complete_multipart_upload, Bucket="errors", Key="parts", UploadId=upload,
        MultipartUpload={"Parts": [{"PartNumber": 2, "ETag": etags[1]}, {"PartNumber": 1, "ETag": etags[0]}]})
    check("parts out of order: InvalidPartOrder", out_of_order == ("InvalidPartOrder", 400), str(out_of_order))
    check("a part under 5 MiB before the last: EntityTooSmall", error_of(
        s3.complete_multipart_upload, Bucket="errors", Key="parts", UploadId=upload,
        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etags[0]}, {"PartNumber": 2, "ETag": etags[1]}]}) ==
        ("EntityTooSmall", 400))
    s3.abort_multipart_upload(Bucket="errors", Key="parts", UploadId=upload)
    check("an aborted upload is gone: NoSuchUpload", error_of(
        s3.upload_part, Bucket="errors", Key="parts", UploadId=upload, PartNumber=3, Body=b"x") == ("NoSuchUpload", 404))
    ml = harness.client(local.url)
    check("the Amazon ML API still answers beside S3", "Results" in ml.describe_ml_models())



def browser_requests():
    """The example keys are public, so a page on another site can presign a request itself: what
    a browser would send on its behalf is refused, and an object shown in a browser runs no
    script in awsml-local's origin."""
    from botocore.auth import S3SigV4QueryAuth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    s3.create_bucket(Bucket="browser")
    s3.put_object(Bucket="browser", Key="victim.csv", Body=b"a,b\n")
    xml = b"<Delete><Object><Key>victim.csv</Key></Object></Delete>"
    presigned = AWSRequest(method="POST", url=local.url + "/browser?delete")  # signs no body
    S3SigV4QueryAuth(Credentials(ACCESS, SECRET), "s3", "us-east-1", expires=60).add_auth(presigned)
    url = presigned.url
    # What fetch(url, {method: "POST", mode: "no-cors", body}) on another site sends: a simple
    # request, which no CORS preflight holds back.
    page = {"Content-Type": "text/plain;charset=UTF-8", "Origin": "http://evil.example",
            "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"}
    status, answer = sent_as_is(url, "POST", xml, page)
    check("another site's presigned DeleteObjects: 403 naming Sec-Fetch-Site, nothing deleted",
          status == 403 and b"Sec-Fetch-Site" in answer and file_bytes("browser", "victim.csv") == b"a,b\n",
          f"{status} {answer[:300]!r}")
    status, answer = sent_as_is(url, "POST", xml, {"Origin": "http://evil.example"})
    check("one from a browser that sends only Origin: 403, nothing deleted",
          status == 403 and b"evil.example" in answer and file_bytes("browser", "victim.csv") == b"a,b\n",
          f"{status} {answer[:300]!r}")
    status, answer = sent_as_is(url, "POST", xml, {"Content-Type": "text/plain"})
    check("DeleteObjects without Content-MD5 or a checksum: S3's InvalidRequest, nothing deleted",
          status == 400 and b"<Code>InvalidRequest</Code>" in answer and
          b"Missing required header for this request: Content-MD5" in answer and
          file_bytes("browser", "victim.csv") == b"a,b\n", f"{status} {answer[:300]!r}")
    reader = s3_client(local.url, signature_version="s3v4")
    status, answer = sent_as_is(reader.generate_presigned_url(
        "get_object", Params={"Bucket": "browser", "Key": "victim.csv"}, ExpiresIn=60), "GET", None,
        {"Host": "attacker.example:" + local.address.split(":")[1]})
    check("a request addressed to another host name (DNS rebinding): 403", status == 403 and
          b"DNS rebinding" in answer, f"{status} {answer[:300]!r}")
    s3.put_object(Bucket="browser", Key="page.csv", Body=b"<script>alert(1)</script>")
    link = reader.generate_presigned_url(
        "get_object", Params={"Bucket": "browser", "Key": "page.csv", "ResponseContentType": "text/html"},
        ExpiresIn=60)
    with urllib.request.urlopen(link, timeout=30) as shown:
        policy = shown.headers.get("Content-Security-Policy", "")
        check("an object shown as HTML is sandboxed: no script of it runs in awsml-local's origin",
              shown.headers.get("Content-Type") == "text/html" and "sandbox" in policy and
              "default-src 'none'" in policy and shown.headers.get("X-Content-Type-Options") == "nosniff",
              str(dict(shown.headers)))
    kept = s3.delete_objects(Bucket="browser", Delete={"Objects": [{"Key": "victim.csv"}, {"Key": "page.csv"}]})
    check("boto3's DeleteObjects, which names its digest, still deletes",
          sorted(d["Key"] for d in kept.get("Deleted", [])) == ["page.csv", "victim.csv"], str(kept))


if not aws_program.available():
    check("the AWS CLI is installed", False, "no `aws` on PATH")
for name, function in [("aws-s3", aws_s3_commands), ("data", data_from_s3_api), ("listing", listing),
                       ("objects", objects), ("edges", edges), ("https", https_chunked), ("signed-chunks", signed_chunks),
                       ("concurrent-folders", concurrent_folders),
                       ("bucket-deletion", bucket_deletion_racing_writes), ("upload-race", upload_racing_parts),
                       ("conditions", conditions), ("metadata", metadata), ("large-object", large_object),
                       ("held-folders", held_folders), ("bucket-regions", bucket_regions),
                       ("unreadable", unreadable_requests), ("browser", browser_requests), ("errors", errors)]:
    group(name, function)

print(f"# {harness.checks} checks in {time.monotonic() - started:.1f} s")
if harness.failures:
    print("# failed:", ", ".join(harness.failures))
    for emulator in harness.emulators:
        print("# emulator log:", emulator.stderr())
sys.exit(1 if harness.failures else 0)
