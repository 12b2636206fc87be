#!/usr/bin/env python3
"""End to end, as a user runs it: awsml-local started as a program, our get-ml-model CLI and the
real AWS CLI (v1, botocore) against it, over HTTP and HTTPS. Both CLIs must print the same members
and values for every sample model (timestamps to 1 ms), report the same errors, and exit with the
AWS CLI v2 codes. Usage: test_cli_against_local.py AWSML_LOCAL GET_ML_MODEL MODELS_JSON"""
import json
import os
import subprocess
import sys
import socket
import tempfile
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from checks import check  # noqa: E402
import checks  # noqa: E402
import aws_program  # noqa: E402
from local_emulator import make_test_certificates  # noqa: E402
import json_service  # noqa: E402

local_bin, cli_bin, models_file = sys.argv[1:4]
ACCESS, SECRET = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def start_local(*extra):
    proc = subprocess.Popen([local_bin, "--port", "0", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("listening on "):
        proc.kill()
        raise SystemExit("awsml-local did not start: " + line + proc.stderr.read())
    return proc, line[len("listening on "):]


def env_for(tmp, secret=SECRET, extra=None):
    return json_service.isolated_environment(tmp, ACCESS, secret, extra)


def run(argv, env):
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)


def same(a, b, path="$"):
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k], path + "." + k) for k in a)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) <= 0.001
    return a == b


def both(endpoint, env, args, aws_extra=()):
    ours = run([cli_bin, "--endpoint-url", endpoint, *args], env)
    theirs = aws_program.run(["machinelearning", "get-ml-model", "--endpoint-url", endpoint, "--output", "json",
                              *aws_extra, *args], env)
    return ours, theirs


def silent_server(close_at_once, answer=b""):
    """A server on 127.0.0.1 that reads each request and then writes `answer` and closes the
    connection (close_at_once), or answers nothing at all; returns its URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held = []

    def serve():
        while True:
            connection, _ = listener.accept()
            connection.recv(65536)
            if close_at_once:
                connection.sendall(answer)
                connection.close()
            else:
                held.append(connection)
    threading.Thread(target=serve, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}"


def check_transport_failures(env, have_aws):
    """A call that fails in the exchange itself is reported in botocore's words, chosen by how
    far it got (call_failure::stage), with exit 255, as the AWS CLI reports it."""
    refused = socket.socket()
    refused.bind(("127.0.0.1", 0))
    closed_port = refused.getsockname()[1]
    refused.close()
    closing, hanging = silent_server(True), silent_server(False)
    not_http = silent_server(True, b"SMTP ready\r\n\r\n")
    forbidding = silent_server(True, b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
    forbidding_cut = silent_server(True, b"HTTP/1.1 403 Forbidden\r\nVia: pro")  # then closes

    def through(proxy, scheme):
        """The environment that sends scheme:// requests through `proxy`, with a password."""
        return {scheme.upper() + "_PROXY": "http://user:secret@" + proxy[len("http://"):], "NO_PROXY": ""}

    def masked(proxy):
        return f'Failed to connect to proxy URL: "http://***:***@{proxy[len("http://"):]}"'
    unused = f"127.0.0.1:{closed_port}/"  # the proxies below never reach it
    closed_words = "Connection was closed before we received a valid response from endpoint URL: "
    cases = [
        ("refused", f"http://127.0.0.1:{closed_port}", [], {},
         f'Could not connect to the endpoint URL: "http://127.0.0.1:{closed_port}/"'),
        ("closed", closing, [], {},
         f'Connection was closed before we received a valid response from endpoint URL: "{closing}/".'),
        ("read timeout", hanging, ["--cli-read-timeout", "1"], {},
         f'Read timeout on endpoint URL: "{hanging}/"'),
        ("not HTTP", not_http, [], {},
         f'Connection was closed before we received a valid response from endpoint URL: "{not_http}/".'),
        ("proxy", f"http://127.0.0.1:{closed_port}", [],
         {"HTTP_PROXY": f"http://user:secret@127.0.0.1:{closed_port}", "NO_PROXY": ""},
         f'Failed to connect to proxy URL: "http://***:***@127.0.0.1:{closed_port}"'),
        # urlparse splits the user information at the last '@': all of the password is hidden.
        ("proxy password with @", f"http://127.0.0.1:{closed_port}", [],
         {"http_proxy": f"user:se@cret@127.0.0.1:{closed_port}"},
         f'Failed to connect to proxy URL: "http://***:***@127.0.0.1:{closed_port}"'),
        ("TLS", "https" + closing[4:], [], {}, f"SSL validation failed for https{closing[4:]}/ "),
        # urllib3 waits for the handshake's answer under its read timeout.
        ("TLS handshake timeout", "https" + hanging[4:], ["--cli-connect-timeout", "1", "--cli-read-timeout", "1"],
         {}, f'Read timeout on endpoint URL: "https{hanging[4:]}/"'),
        # urllib3 names the proxy while its connection is not, or no longer, connected to it:
        # http.client closes it when the answer's first read finds it closed.
        ("forwarding proxy closes", f"http://{unused}", [], through(closing, "http"), masked(closing)),
        ("forwarding proxy is not HTTP", f"http://{unused}", [], through(not_http, "http"),
         f'{closed_words}"http://{unused}".'),
        ("CONNECT refused", f"https://{unused}", [], through(forbidding, "https"), masked(forbidding)),
        # http.client decides a tunnel by its status line alone.
        ("CONNECT refused, cut short", f"https://{unused}", [], through(forbidding_cut, "https"),
         masked(forbidding_cut)),
        ("CONNECT closed", f"https://{unused}", [], through(closing, "https"),
         f'{closed_words}"https://{unused}".'),
        ("CONNECT not HTTP", f"https://{unused}", [], through(not_http, "https"),
         f'{closed_words}"https://{unused}".'),
        ("CONNECT never answered", f"https://{unused}", ["--cli-connect-timeout", "1", "--cli-read-timeout", "1"],
         through(hanging, "https"), f'Read timeout on endpoint URL: "https://{unused}"'),
    ]
    for label, url, extra, proxy_env, expected in cases:
        case_env = dict(env, **proxy_env)
        ours, theirs = both(url, case_env, ["--ml-model-id", "x", *extra])
        check(ours.returncode == 255 and ours.stdout == "" and ours.stderr.startswith("\n" + expected),
              f"{label}: exit {ours.returncode} {ours.stderr!r}")
        check("secret" not in ours.stderr and "cret" not in ours.stderr,
              f"{label}: the proxy's password is not printed")
        if have_aws:
            check(theirs.returncode == 255 and theirs.stderr.startswith("\n" + expected),
                  f"aws: {label}: exit {theirs.returncode} {theirs.stderr!r}")
            if label != "TLS":  # botocore quotes urllib3's reason, awsml its own
                check(ours.stderr == theirs.stderr, f"{label}: {ours.stderr!r} vs {theirs.stderr!r}")


def check_every_model(endpoint, env, label, extra=()):
    """Every sample model, verbose and not: our CLI prints it as models.json has it (Recipe and
    Schema only when verbose), and the same as the AWS CLI."""
    for model in models:
        mid = model["MLModelId"]
        for verbose in (False, True):
            args = ["--ml-model-id", mid] + (["--verbose"] if verbose else []) + list(extra)
            ours = run([cli_bin, "--endpoint-url", endpoint, *args], env)
            check(ours.returncode == 0, f"{label} {mid} verbose={verbose}: exit {ours.returncode} {ours.stderr}")
            if ours.returncode != 0:
                continue
            check(ours.stderr == "", f"{label} {mid} verbose={verbose}: nothing on stderr: {ours.stderr!r}")
            printed = json.loads(ours.stdout)
            check(("Recipe" in printed) == (verbose and "Recipe" in model), f"{label} {mid}: Recipe only when verbose")
            expected = {k: v for k, v in model.items() if verbose or k not in ("Recipe", "Schema")}
            check(same(printed, expected), f"{label} {mid} verbose={verbose}: our CLI prints the model")
            if have_aws:
                theirs = aws_program.run(["machinelearning", "get-ml-model", "--endpoint-url", endpoint,
                                          "--output", "json", *args], env)
                check(theirs.returncode == 0, f"{label} aws {mid}: exit {theirs.returncode} {theirs.stderr}")
                if theirs.returncode == 0:
                    check(same(printed, json.loads(theirs.stdout)),
                          f"{label} {mid} verbose={verbose}: same as the AWS CLI")


models = json.load(open(models_file))
have_aws = aws_program.available()
if not have_aws:
    msg = "the AWS CLI (aws) is not on PATH"
    if os.environ.get("AWSML_REQUIRE_VECTORS") == "1":
        raise SystemExit(msg)
    print("SKIPPED the AWS CLI comparisons:", msg)

with tempfile.TemporaryDirectory() as tmp:
    proc, address = start_local()
    endpoint = "http://" + address
    env = env_for(tmp)
    try:
        check_every_model(endpoint, env, "http")

        # Errors: the same message on stderr, nothing on stdout, the AWS CLI v2 exit codes.
        ours, theirs = both(endpoint, env, ["--ml-model-id", "ml-DoesNotExist"])
        check(ours.returncode == 254 and ours.stdout == "", f"unknown model: exit {ours.returncode}")
        check("An error occurred (ResourceNotFoundException) when calling the GetMLModel operation "
              "(reached max retries: 0):" in ours.stderr,
              "unknown model: message " + ours.stderr)
        if have_aws:
            check("ResourceNotFoundException" in theirs.stderr, "aws: unknown model: " + theirs.stderr)
            check(ours.stderr.strip() == theirs.stderr.strip(), f"same error text: {ours.stderr!r} vs {theirs.stderr!r}")

        ours, theirs = both(endpoint, env_for(tmp, secret="wrong-secret"), ["--ml-model-id", models[0]["MLModelId"]])
        check(ours.returncode == 254 and "(InvalidSignatureException)" in ours.stderr, "wrong secret: " + ours.stderr)
        check("wrong-secret" not in ours.stderr + ours.stdout, "the secret is never printed")
        if have_aws:
            check("InvalidSignatureException" in theirs.stderr, "aws: wrong secret: " + theirs.stderr)

        # --no-sign-request: awsml-local, as AWS, refuses an unsigned call; both CLIs print its error.
        ours, theirs = both(endpoint, env, ["--ml-model-id", models[0]["MLModelId"], "--no-sign-request"])
        check(ours.returncode == 254 and ours.stdout == "" and "(MissingAuthenticationTokenException)" in ours.stderr,
              f"--no-sign-request: exit {ours.returncode} {ours.stderr!r}")
        if have_aws:
            check(ours.stderr.strip() == theirs.stderr.strip(), f"--no-sign-request: {ours.stderr!r} vs {theirs.stderr!r}")

        ours = run([cli_bin, "--endpoint-url", endpoint, "--ml-model-id", "bad id!"], env)
        check(ours.returncode == 252 and "MLModelId" in ours.stderr, f"invalid id: exit {ours.returncode} {ours.stderr}")
        ours = run([cli_bin, "--ml-model-id", "x", "--endpoint-url", endpoint], env_for(tmp, extra={"AWS_DEFAULT_REGION": ""}))
        check(ours.returncode == 253 and "region" in ours.stderr, f"no region: exit {ours.returncode} {ours.stderr}")
        # A region that is not one DNS label is refused, with a custom endpoint too (as botocore).
        ours = run([cli_bin, "--ml-model-id", "x", "--endpoint-url", endpoint, "--region", "us_east 1"], env)
        check(ours.returncode == 253 and 'invalid region "us_east 1"' in ours.stderr and ours.stdout == "",
              f"bad region: exit {ours.returncode} {ours.stderr}")
        ours = run([cli_bin, "--endpoint-url", endpoint], env)
        check(ours.returncode == 252, f"missing --ml-model-id: exit {ours.returncode}")
        check_transport_failures(env, have_aws)

        # --debug: the wire exchange on stderr, the secret never.
        ours = run([cli_bin, "--endpoint-url", endpoint, "--ml-model-id", models[0]["MLModelId"], "--debug"], env)
        check(ours.returncode == 0 and "X-Amz-Target: AmazonML_20141212.GetMLModel" in ours.stderr, "--debug logs")
        check(SECRET not in ours.stderr and "Signature=<redacted>" in ours.stderr, "--debug redacts")

        # --help: usage on stdout, exit 0, whatever else is on the command line.
        ours = run([cli_bin, "--help"], env)
        check(ours.returncode == 0 and ours.stdout.startswith("usage: get-ml-model") and "--ml-model-id" in ours.stdout
              and ours.stderr == "", f"--help: exit {ours.returncode} {ours.stdout[:80]!r} {ours.stderr!r}")

        # No credentials anywhere: an empty environment and empty shared files -> 253, stderr only.
        empty_config, empty_credentials = os.path.join(tmp, "empty-config"), os.path.join(tmp, "empty-credentials")
        open(empty_config, "w").close()
        open(empty_credentials, "w").close()
        bare_env = {"AWS_CONFIG_FILE": empty_config, "AWS_SHARED_CREDENTIALS_FILE": empty_credentials,
                    "AWS_EC2_METADATA_DISABLED": "true"}  # never 169.254.169.254 from a test
        ours = run([cli_bin, "--endpoint-url", endpoint, "--region", "us-east-1", "--ml-model-id", models[0]["MLModelId"]],
                   bare_env)
        check(ours.returncode == 253 and ours.stdout == "", f"no credentials: exit {ours.returncode} {ours.stdout!r}")
        check("no credentials found" in ours.stderr, "no credentials: message " + ours.stderr)

        # --profile NAME: that profile's keys (credentials file) and region (config file), nothing else.
        profile_config, profile_credentials = os.path.join(tmp, "profile-config"), os.path.join(tmp, "profile-credentials")
        with open(profile_config, "w") as f:
            f.write("[profile emulator]\nregion = eu-west-1\n")
        with open(profile_credentials, "w") as f:
            f.write(f"[emulator]\naws_access_key_id = {ACCESS}\naws_secret_access_key = {SECRET}\n")
        profile_env = {"AWS_CONFIG_FILE": profile_config, "AWS_SHARED_CREDENTIALS_FILE": profile_credentials}
        ours = run([cli_bin, "--endpoint-url", endpoint, "--profile", "emulator", "--ml-model-id", models[0]["MLModelId"]],
                   profile_env)
        check(ours.returncode == 0, f"--profile: exit {ours.returncode} {ours.stderr}")
        if ours.returncode == 0:
            check(json.loads(ours.stdout)["MLModelId"] == models[0]["MLModelId"], "--profile: prints the model")
        ours = run([cli_bin, "--endpoint-url", endpoint, "--ml-model-id", models[0]["MLModelId"]], profile_env)
        check(ours.returncode == 253 and ours.stdout == "", f"without --profile (no default profile): exit {ours.returncode}")

        # --cli-connect-timeout: accepted, the call goes through.
        ours = run([cli_bin, "--endpoint-url", endpoint, "--ml-model-id", models[0]["MLModelId"],
                    "--cli-connect-timeout", "5"], env)
        check(ours.returncode == 0 and json.loads(ours.stdout or "{}").get("MLModelId") == models[0]["MLModelId"],
              f"--cli-connect-timeout 5: exit {ours.returncode} {ours.stderr}")
        ours = run([cli_bin, "--endpoint-url", endpoint, "--ml-model-id", models[0]["MLModelId"],
                    "--cli-connect-timeout", "soon"], env)
        check(ours.returncode == 252 and "--cli-connect-timeout" in ours.stderr, f"--cli-connect-timeout soon: exit {ours.returncode}")
        # Beyond what milliseconds hold, or not a number of seconds at all (a fuzz finding).
        for value in ("5e36", "nan", "inf"):
            ours = run([cli_bin, "--endpoint-url", endpoint, "--ml-model-id", models[0]["MLModelId"],
                        "--cli-read-timeout", value], env)
            check(ours.returncode == 252 and "--cli-read-timeout" in ours.stderr, f"--cli-read-timeout {value}: exit {ours.returncode}")
    finally:
        proc.terminate()
        check(proc.wait(timeout=30) == 0, "awsml-local exits 0 on SIGTERM")

    # Faults: transient ones twice, then success, through our CLI's standard retries.
    retry_env = env_for(tmp, extra={"AWS_MAX_ATTEMPTS": "3"})
    for fault in ("throttle=first:2", "unavailable=first:2"):
        proc, address = start_local("--fault", fault)
        try:
            ours = run([cli_bin, "--endpoint-url", "http://" + address, "--ml-model-id", models[0]["MLModelId"]], retry_env)
            check(ours.returncode == 0 and ours.stdout != "", f"{fault}, then served: exit {ours.returncode} {ours.stderr}")
        finally:
            proc.terminate()
            proc.wait(timeout=30)

    # Faults on every request: service errors exit 254 with the AWS CLI's line, a dropped connection
    # 255; the retries are spent (2 attempts, so 2 requests reach the emulator) and stdout stays empty.
    two_env = env_for(tmp, extra={"AWS_MAX_ATTEMPTS": "2"})
    for fault, code, expected in (("internal=1", 254, "An error occurred (InternalServerException) when calling "
                                   "the GetMLModel operation (reached max retries: 1): "),
                                  ("unavailable=1", 254, "An error occurred (ServiceUnavailableException) when "
                                   "calling the GetMLModel operation (reached max retries: 1): "),
                                  ("drop=1", 255, "Connection was closed before we received a valid response "
                                   "from endpoint URL: ")):
        proc, address = start_local("--fault", fault)
        try:
            ours = run([cli_bin, "--endpoint-url", "http://" + address, "--ml-model-id", models[0]["MLModelId"]], two_env)
            check(ours.returncode == code and ours.stdout == "", f"{fault}: exit {ours.returncode} {ours.stdout!r}")
            check(expected in ours.stderr, f"{fault}: message {ours.stderr!r}")
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        log = proc.stderr.read()
        kind = fault.split("=")[0]
        check(log.count(f"fault={kind}") == 2, f"{fault}: 2 attempts reached awsml-local: {log!r}")

    # HTTPS: a test CA and a server certificate for 127.0.0.1, made here; both CLIs trust the CA.
    ca, certificate, key = make_test_certificates(tmp)
    proc, address = start_local("--tls-cert", certificate, "--tls-key", key)
    try:
        endpoint = "https://" + address
        check_every_model(endpoint, env, "https", ["--ca-bundle", ca])
        untrusted = run([cli_bin, "--endpoint-url", endpoint, "--ml-model-id", models[1]["MLModelId"]], env)
        check(untrusted.returncode == 255 and "certificate" in untrusted.stderr
              and untrusted.stderr.startswith(f"\nSSL validation failed for {endpoint}/ "),
              f"https without the CA: exit {untrusted.returncode} {untrusted.stderr}")
        # --no-verify-ssl: both CLIs accept the untrusted certificate, print the same model, and warn.
        args = ["--ml-model-id", models[1]["MLModelId"], "--no-verify-ssl"]
        ours, theirs = both(endpoint, env, args)
        check(ours.returncode == 0 and theirs.returncode == 0
              and same(json.loads(ours.stdout or "{}"), json.loads(theirs.stdout or "[]")),
              f"https --no-verify-ssl: exit {ours.returncode} vs {theirs.returncode} {ours.stderr} {theirs.stderr}")
        check("--no-verify-ssl" in ours.stderr and "not verified" in ours.stderr,
              f"https --no-verify-ssl: a warning on stderr: {ours.stderr!r}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)

checks.finish()
