"""What the Python tests of awsml-local as a program share (tests/test_local_workflow.py,
tests/test_console.py): LocalEmulator, the program started, its address read from the line it
prints once listening, stderr kept in a file (read on failures), stopped with SIGTERM, or SIGKILL
when it does not end; LocalRun, a script's temporary folder, emulators, boto3 clients and named
checks; and the helpers that make their data."""

import atexit
import csv
import gzip
import io
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile


class LocalEmulator:
    def __init__(self, program, log_path, args):
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen([program, "--quiet", *args], stdout=subprocess.PIPE,
                                     stderr=self.log, text=True)
        ready, _, _ = select.select([self.proc.stdout], [], [], 20)
        line = self.proc.stdout.readline().strip() if ready else ""
        if not line.startswith("listening on "):
            self.stop()
            raise RuntimeError(f"awsml-local did not start ({args}): {line!r} {self.stderr()}")
        self.address = line[len("listening on "):]
        self.port = int(self.address.rsplit(":", 1)[1])
        self.url = "http://" + self.address

    def stderr(self):
        if not self.log.closed:
            self.log.flush()
        with open(self.log_path, errors="replace") as f:
            return f.read()[-2000:]

    def kill9(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self.proc.stdout.close()
        self.log.close()


# --- what the Python tests of awsml-local share ---------------------------------------------------

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"  # the emulator's default keys, the AWS documentation's example
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def import_boto3():
    """boto3 and botocore's Config, or the test skipped (exit 77, meson's skip) with a message;
    a failure instead when AWSML_REQUIRE_VECTORS=1 asks for every test to run."""
    try:
        import boto3
        from botocore.config import Config
    except ImportError as e:
        skip(f"boto3 is not installed: {e}")
    return boto3, Config


def skip(reason):
    """Ends the test as skipped (77), or failed when AWSML_REQUIRE_VECTORS=1."""
    if os.environ.get("AWSML_REQUIRE_VECTORS") == "1":
        print("not ok - this test needs", reason, "(AWSML_REQUIRE_VECTORS=1)", flush=True)
        sys.exit(1)
    print("SKIPPED:", reason, flush=True)
    sys.exit(77)


class LocalRun:
    """One test script's setting: a temporary folder with an S3 root (`s3_root`), awsml-local
    programs started there without the bundled sample models (emulator()), boto3 clients with the
    example keys (client()) that read none of the user's files (no AWS_* variable, empty config
    files of our own), and named checks (check()). Everything is stopped and removed at the latest
    at exit; SIGTERM (meson's timeout) and SIGINT become an exit."""

    def __init__(self, program, prefix):
        self.program = program
        self.tmp = tempfile.mkdtemp(prefix=prefix)
        self.s3_root = os.path.join(self.tmp, "s3")
        self.emulators = []
        self.failures = []
        self.checks = 0
        self._cleanups = []
        self.no_models = os.path.join(self.tmp, "no-models.json")
        with open(self.no_models, "w") as f:
            f.write("[]\n")
        atexit.register(self.cleanup)
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, _exit_on_signal)
        for key in [k for k in os.environ if k.startswith("AWS_")]:
            del os.environ[key]
        for variable, name in [("AWS_CONFIG_FILE", "aws-config"),
                               ("AWS_SHARED_CREDENTIALS_FILE", "aws-credentials")]:
            os.environ[variable] = os.path.join(self.tmp, name)
            open(os.environ[variable], "w").close()
        os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
        self._boto3, self._config = import_boto3()

    def check(self, name, condition, reason=""):
        """One named check: prints 'ok - name' or 'not ok - name: reason'; answers condition."""
        self.checks += 1
        if condition:
            print("ok -", name, flush=True)
        else:
            self.failures.append(name)
            print(f"not ok - {name}: {reason}", flush=True)
        return bool(condition)

    def emulator(self, *extra, name="local"):
        """awsml-local started with `extra` arguments, its stderr in the temporary folder."""
        emulator = LocalEmulator(self.program, os.path.join(self.tmp, f"{name}-{len(self.emulators)}.log"),
                                 ["--models", self.no_models, *extra])
        self.emulators.append(emulator)
        return emulator

    def stop(self, emulator):
        emulator.stop()
        self.emulators.remove(emulator)

    def client(self, url):
        """A boto3 machinelearning client of `url`: one attempt per call, 60 s to read."""
        config = self._config(retries={"mode": "standard", "total_max_attempts": 1}, connect_timeout=5,
                              read_timeout=60, max_pool_connections=4)
        return self._boto3.client("machinelearning", endpoint_url=url, region_name="us-east-1",
                                  aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                                  config=config)

    def put_object(self, key, text):
        """Writes s3://KEY below the S3 root; answers its URI."""
        path = os.path.join(self.s3_root, key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", newline="") as f:
            f.write(text)
        return "s3://" + key

    def make_bucket(self, name):
        """Makes the empty bucket NAME below the S3 root (batch predictions write into no
        missing bucket, as in S3)."""
        os.makedirs(os.path.join(self.s3_root, name), exist_ok=True)

    def at_cleanup(self, function):
        """Calls function() at cleanup, before the emulators stop (browsers, servers)."""
        self._cleanups.append(function)

    def cleanup(self):
        """Runs the cleanups, stops every emulator and removes the temporary folder; once."""
        while self._cleanups:
            try:
                self._cleanups.pop()()
            except Exception as e:  # keep cleaning up
                print("# cleanup:", e)
        while self.emulators:
            try:
                self.emulators.pop().stop()
            except Exception as e:
                print("# cleanup:", e)
        shutil.rmtree(self.tmp, ignore_errors=True)


def _exit_on_signal(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")


# --- data --------------------------------------------------------------------------------------

def make_test_certificates(folder):
    """A test CA and a server certificate for 127.0.0.1 and localhost signed by it, made in
    `folder` with openssl: answers the paths (ca.pem, server.pem, server.key)."""
    def openssl(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=folder)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=awsml test CA")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1")
    with open(os.path.join(folder, "san.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.pem", "-days", "2", "-extfile", "san.ext")
    return tuple(os.path.join(folder, name) for name in ("ca.pem", "server.pem", "server.key"))


def csv_text(header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def schema_text(target, attributes, row_id=None):
    """An Amazon ML data schema of a CSV file with a header: (name, type) attributes."""
    schema = {"version": "1.0", "targetAttributeName": target, "dataFormat": "CSV",
              "dataFileContainsHeader": True,
              "attributes": [{"attributeName": n, "attributeType": t} for n, t in attributes]}
    if row_id:
        schema["rowId"] = row_id
    return json.dumps(schema, indent=2)


def split(begin, end, strategy=None):
    """A DataRearrangement keeping percentBegin to percentEnd."""
    splitting = {"percentBegin": begin, "percentEnd": end}
    if strategy:
        splitting["strategy"] = strategy
    return json.dumps({"splitting": splitting})


def sequential_part(rows, begin, end):
    """The rows a sequential DataRearrangement keeps, as the developer guide defines it."""
    n = len(rows)
    return [row for i, row in enumerate(rows) if begin <= i * 100 // n < end]


def batch_result_rows(s3_root, output_uri, batch_prediction_id):
    """(the manifest, the CSV rows) of a batch prediction's results, found as Amazon ML's
    developer guide says to: <OutputUri>/batch-prediction/<id>.manifest maps each input object to
    its result, <OutputUri>/batch-prediction/result/<id>-<object's name>.gz, gzipped (read with
    Python's gzip, which checks the CRC). The rows of every result, the header once."""
    def local(url):
        assert url.startswith("s3://"), url
        return os.path.join(s3_root, url[len("s3://"):])
    prefix = output_uri.rstrip("/") + "/"
    with open(local(f"{prefix}batch-prediction/{batch_prediction_id}.manifest")) as f:
        manifest = json.load(f)
    rows = []
    for source, result in manifest.items():
        name = source.rsplit("/", 1)[-1]
        assert result == f"{prefix}batch-prediction/result/{batch_prediction_id}-{name}.gz", (source, result)
        with gzip.open(local(result), "rt", newline="") as f:
            part = list(csv.reader(f))
        rows += part if not rows else part[1:]
    return manifest, rows


def auc_of(scored):
    """Area under the ROC curve of (score, is_positive) pairs: the Mann-Whitney U, ties half."""
    positives = [sc for sc, p in scored if p]
    negatives = [sc for sc, p in scored if not p]
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))
