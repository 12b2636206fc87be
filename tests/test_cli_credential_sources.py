#!/usr/bin/env python3
"""The awsml CLI with each network credentials source, against awsml-local as a program: a fake
instance metadata service, container endpoint, STS, SSO portal and AWS Sign-In (one Python HTTP server on
127.0.0.1, started here) hand out the emulator's access key, and the CLI must find it through the
default chain and make a call the emulator accepts (it verifies every SigV4 signature). The real
AWS CLI (botocore) runs the same command in the same environment first: it proves the fakes speak
the protocols as AWS does, so that our CLI is held to botocore's behaviour, not to our reading of
it. Nothing but 127.0.0.1 is contacted (IMDS is disabled where it is not the source under test).
botocore reads an `aws login` session only with awscrt installed; without it, the Sign-In fake's
DPoP check (with Python's cryptography, a second ES256 implementation) stands in for botocore.
Usage: test_cli_credential_sources.py AWSML_CLI AWSML_LOCAL"""
import base64
import fcntl
import hashlib
import http.server
import importlib.util
import json
import os
import select
import shlex
import shutil
import subprocess
import sys
import tempfile
import termios
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
import checks  # noqa: E402
from checks import check  # noqa: E402
from local_emulator import LocalEmulator  # noqa: E402

cli_bin, local_bin = sys.argv[1:3]
KEY, SECRET, TOKEN = "ASIAFAKESOURCE000001", "c2VjcmV0LWZvci10aGUtZW11bGF0b3I/+0123456789", "FwoGZXIvYXdzEXAMPLE"
SOURCE_KEY, SOURCE_SECRET = "AKIASOURCEPROFILE001", "source/secret/0123456789abcdefghijklmnopq"
LOGIN_SESSION = "arn:aws:sts::123456789012:assumed-role/Admin/alice"
# The session's key, as `aws login` makes one: P-256, SEC1 PEM.
LOGIN_KEY = subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout"],
                           capture_output=True, text=True, check=True).stdout
# Everything a source or the CLI must never print.
SECRETS = [SECRET, TOKEN, SOURCE_SECRET, "imds-session-token", "container-auth-token", "oidc-web-identity-token",
           "sso-access-token", "login-refresh-token", "login-cached-secret",
           "".join(LOGIN_KEY.splitlines()[1:-1])[:40]]
HAVE_CRYPTOGRAPHY = importlib.util.find_spec("cryptography") is not None
BOTOCORE_READS_LOGIN = importlib.util.find_spec("awscrt") is not None


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def dpop_problem(proof, url):
    """Why a DPoP proof is not what AWS Sign-In accepts for the session's key, or None."""
    try:
        header_b64, payload_b64, signature_b64 = proof.split(".")
        header, payload = json.loads(b64url_decode(header_b64)), json.loads(b64url_decode(payload_b64))
        signature = b64url_decode(signature_b64)
    except ValueError as e:
        return f"not a JWT: {e}"
    if header.get("typ") != "dpop+jwt" or header.get("alg") != "ES256" or header.get("jwk", {}).get("crv") != "P-256":
        return f"header {header}"
    if payload.get("htm") != "POST" or payload.get("htu") != url or abs(payload.get("iat", 0) - time.time()) > 300:
        return f"payload {payload}"
    if not HAVE_CRYPTOGRAPHY:
        return None
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, utils
    key = serialization.load_pem_private_key(LOGIN_KEY.encode(), None).public_key()
    numbers = key.public_numbers()
    if (b64url_decode(header["jwk"]["x"]), b64url_decode(header["jwk"]["y"])) != (
            numbers.x.to_bytes(32, "big"), numbers.y.to_bytes(32, "big")):
        return "the JWK is not the session's key"
    try:
        key.verify(utils.encode_dss_signature(int.from_bytes(signature[:32], "big"),
                                              int.from_bytes(signature[32:], "big")),
                   f"{header_b64}.{payload_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return "the ES256 signature does not verify"
    return None


def iso_in(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + seconds))


class Fakes(http.server.BaseHTTPRequestHandler):
    """IMDS under /latest/, the container endpoint under /container/, STS at POST /, SSO under
    /federation/, Sign-In at POST /v1/token. `served_secret` lets a test hand out a wrong key."""
    seen = []
    served_secret = SECRET

    def log_message(self, *args):
        pass

    def reply(self, status, body, content_type="application/json"):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def remember(self, body=""):
        Fakes.seen.append({"method": self.command, "path": self.path, "body": body,
                           "headers": {k.lower(): v for k, v in self.headers.items()}})

    def do_PUT(self):
        self.remember()
        if self.path == "/latest/api/token" and self.headers.get("x-aws-ec2-metadata-token-ttl-seconds"):
            return self.reply(200, "imds-session-token", "text/plain")
        self.reply(400, "")

    def do_GET(self):
        self.remember()
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/latest/"):
            if self.headers.get("x-aws-ec2-metadata-token") != "imds-session-token":
                return self.reply(401, "")
            if url.path == "/latest/meta-data/iam/security-credentials/":
                return self.reply(200, "awsml-test-role", "text/plain")
            if url.path == "/latest/meta-data/iam/security-credentials/awsml-test-role":
                return self.reply(200, json.dumps({
                    "Code": "Success", "LastUpdated": iso_in(0), "Type": "AWS-HMAC",
                    "AccessKeyId": KEY, "SecretAccessKey": Fakes.served_secret, "Token": TOKEN,
                    "Expiration": iso_in(6 * 3600)}))
            return self.reply(404, "")
        if url.path == "/container/credentials":
            if self.headers.get("Authorization") != "container-auth-token":
                return self.reply(401, json.dumps({"message": "no token"}))
            return self.reply(200, json.dumps({
                "AccessKeyId": KEY, "SecretAccessKey": Fakes.served_secret, "Token": TOKEN,
                "Expiration": iso_in(6 * 3600)}))
        if url.path == "/federation/credentials":
            query = urllib.parse.parse_qs(url.query)
            if (self.headers.get("x-amz-sso_bearer_token") != "sso-access-token"
                    or query.get("role_name") != ["Developer"] or query.get("account_id") != ["123456789012"]):
                return self.reply(401, json.dumps({"message": "Session token not found or invalid"}))
            return self.reply(200, json.dumps({"roleCredentials": {
                "accessKeyId": KEY, "secretAccessKey": Fakes.served_secret, "sessionToken": TOKEN,
                "expiration": int((time.time() + 3600) * 1000)}}))
        self.reply(404, "")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
        self.remember(body)
        if self.path == "/v1/token":
            return self.sign_in(body)
        form = urllib.parse.parse_qs(body)
        action = form.get("Action", [""])[0]
        if self.path != "/" or action not in ("AssumeRole", "AssumeRoleWithWebIdentity"):
            return self.reply(400, "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>",
                              "text/xml")
        if action == "AssumeRoleWithWebIdentity" and form.get("WebIdentityToken") != ["oidc-web-identity-token"]:
            return self.reply(400, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code>"
                                   "<Message>bad token</Message></Error></ErrorResponse>", "text/xml")
        xml = (f"<{action}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><{action}Result>"
               f"<Credentials><AccessKeyId>{KEY}</AccessKeyId><SecretAccessKey>{Fakes.served_secret}</SecretAccessKey>"
               f"<SessionToken>{TOKEN}</SessionToken><Expiration>{iso_in(3600)}</Expiration></Credentials>"
               f"<AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn>"
               f"</AssumedRoleUser></{action}Result><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>"
               f"</{action}Response>")
        self.reply(200, xml, "text/xml")

    def sign_in(self, body):
        url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/token"
        problem = dpop_problem(self.headers.get("DPoP", ""), url)
        sent = json.loads(body or "{}")
        if problem or sent != {"clientId": "arn:aws:signin:::devtools/same-device",
                               "refreshToken": "login-refresh-token-1", "grantType": "refresh_token"}:
            Fakes.seen[-1]["refused"] = problem or body
            self.send_response(400)
            self.send_header("x-amzn-ErrorType", "ValidationException")
            self.send_header("Content-Length", "0")
            return self.end_headers()
        self.reply(200, json.dumps({"accessToken": {"accessKeyId": KEY, "secretAccessKey": Fakes.served_secret,
                                                    "sessionToken": TOKEN},
                                    "tokenType": "aws_sigv4", "expiresIn": 900,
                                    "refreshToken": "login-refresh-token-2"}))


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Fakes)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fakes = f"http://127.0.0.1:{server.server_address[1]}"
    tmp = tempfile.mkdtemp(prefix="awsml-cred-sources-")
    emulator = LocalEmulator(local_bin, os.path.join(tmp, "awsml-local.log"),
                             ["--port", "0", "--access-key", KEY, "--secret-key", SECRET])
    aws = shutil.which("aws")
    if not aws:
        print("SKIPPED (part): the AWS CLI is not installed; the fakes are not checked against botocore")
    try:
        run_scenarios(tmp, fakes, emulator.url, aws)
    finally:
        emulator.stop()
        server.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
    return checks.exit_status()


def scenario_env(home, fakes, config="", extra=None, imds=False):
    os.makedirs(os.path.join(home, ".aws"), exist_ok=True)
    with open(os.path.join(home, ".aws", "config"), "w") as f:
        f.write("[default]\nregion = us-east-1\n" + config)
    # No AWS_* setting of the host, and no proxy: every fake is on 127.0.0.1.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_") and not k.lower().endswith("_proxy")}
    env["NO_PROXY"] = "127.0.0.1,localhost"
    env.update(HOME=home, AWS_CONFIG_FILE=os.path.join(home, ".aws", "config"),
               AWS_SHARED_CREDENTIALS_FILE=os.path.join(home, ".aws", "credentials"),
               AWS_MAX_ATTEMPTS="1", AWS_ENDPOINT_URL_STS=fakes, AWS_ENDPOINT_URL_SSO=fakes,
               AWS_ENDPOINT_URL_SIGNIN=fakes)
    if imds:
        env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = fakes + "/"
    else:
        env["AWS_EC2_METADATA_DISABLED"] = "true"
    env.update(extra or {})
    return env


def run(argv, env):
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)


def run_in_terminal(argv, env, prompt, typed, timeout=120):
    """Runs argv on a new terminal (a pty, its controlling one) and types `typed` once `prompt`
    shows: (exit status as subprocess gives it, all the terminal showed, whether the terminal
    echoes once it has ended). None where this system has no pseudo-terminals."""
    try:
        master, slave = os.openpty()
    except OSError:
        return None
    pid = os.fork()
    if pid == 0:
        try:
            os.close(master)
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    shown, answered, status, deadline = b"", False, None, time.monotonic() + timeout
    while time.monotonic() < deadline:
        if select.select([master], [], [], 0.2)[0]:
            shown += os.read(master, 4096)
            if not answered and prompt.encode() in shown:
                os.write(master, typed.encode())
                answered = True
        elif status is not None:
            break  # ended, and all it wrote is read
        if status is None:
            done, wait_status = os.waitpid(pid, os.WNOHANG)
            status = os.waitstatus_to_exitcode(wait_status) if done else None
    if status is None:
        os.kill(pid, 9)
        status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    echoes = bool(termios.tcgetattr(slave)[3] & termios.ECHO)
    os.close(master)
    os.close(slave)
    return status, shown.decode(errors="replace"), echoes


def scenarios(tmp, fakes):
    token_file = os.path.join(tmp, "web-identity-token")
    with open(token_file, "w") as f:
        f.write("oidc-web-identity-token")
    return [
        ("instance metadata (IMDSv2)", {}, "", True,
         lambda seen: any(r["method"] == "PUT" and r["path"] == "/latest/api/token" for r in seen)
         and all(r["headers"].get("x-aws-ec2-metadata-token") == "imds-session-token"
                 for r in seen if r["method"] == "GET")),
        ("container endpoint", {"AWS_CONTAINER_CREDENTIALS_FULL_URI": fakes + "/container/credentials",
                                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "container-auth-token"}, "", False,
         lambda seen: any(r["path"] == "/container/credentials" for r in seen)),
        ("web identity from the environment", {"AWS_WEB_IDENTITY_TOKEN_FILE": token_file,
                                               "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/web",
                                               "AWS_ROLE_SESSION_NAME": "cli-test"}, "", False,
         lambda seen: any("Action=AssumeRoleWithWebIdentity" in r["body"] and "RoleSessionName=cli-test" in r["body"]
                          for r in seen)),
        ("assume role from a source profile", {"AWS_PROFILE": "deploy"},
         "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/deploy\nsource_profile = base\n"
         "external_id = ext-42\n[profile base]\nregion = us-east-1\n", False,
         lambda seen: any("Action=AssumeRole&" in r["body"] + "&" and "ExternalId=ext-42" in r["body"]
                          and f"Credential={SOURCE_KEY}/" in r["headers"].get("authorization", "")
                          for r in seen)),
        ("IAM Identity Center (sso-session)", {"AWS_PROFILE": "dev"},
         "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Developer\n"
         "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n", False,
         lambda seen: any(r["path"].startswith("/federation/credentials") for r in seen)),
        # Within 5 minutes of expiry: refreshed at Sign-In with a DPoP proof.
        ("console credentials (aws login)", {"AWS_PROFILE": "console"},
         f"[profile console]\nlogin_session = {LOGIN_SESSION}\n", False,
         lambda seen: any(r["path"] == "/v1/token" and "refused" not in r and "dpop" in r["headers"]
                          for r in seen)),
    ]


def prepare_home(home):
    os.makedirs(os.path.join(home, ".aws", "sso", "cache"), exist_ok=True)
    with open(os.path.join(home, ".aws", "credentials"), "w") as f:
        f.write(f"[base]\naws_access_key_id = {SOURCE_KEY}\naws_secret_access_key = {SOURCE_SECRET}\n")
    cache = os.path.join(home, ".aws", "sso", "cache", hashlib.sha1(b"corp").hexdigest() + ".json")
    with open(cache, "w") as f:
        json.dump({"startUrl": "https://corp.awsapps.com/start", "region": "us-east-1",
                   "accessToken": "sso-access-token", "expiresAt": iso_in(3600)}, f)
    login_cache = os.path.join(home, ".aws", "login", "cache")
    os.makedirs(login_cache, exist_ok=True)
    with open(os.path.join(login_cache, hashlib.sha256(LOGIN_SESSION.encode()).hexdigest() + ".json"), "w") as f:
        json.dump({"accessToken": {"accessKeyId": "ASIALOGINCACHED", "secretAccessKey": "login-cached-secret",
                                   "sessionToken": "t", "accountId": "123456789012", "expiresAt": iso_in(120)},
                   "tokenType": "aws_sigv4", "refreshToken": "login-refresh-token-1",
                   "clientId": "arn:aws:signin:::devtools/same-device", "dpopKey": LOGIN_KEY}, f)


def run_scenarios(tmp, fakes, endpoint, aws):
    command = ["machinelearning", "describe-ml-models", "--endpoint-url", endpoint, "--region", "us-east-1"]
    for name, extra, config, imds, saw_protocol in scenarios(tmp, fakes):
        home = os.path.join(tmp, "home-" + str(abs(hash(name))))
        env = scenario_env(home, fakes, config, extra, imds)
        prepare_home(home)
        if aws and name.startswith("console") and not BOTOCORE_READS_LOGIN:
            print(f"SKIPPED (part): {name}: botocore reads login sessions only with awscrt, which is not installed; "
                  "the Sign-In fake checks the proof " + ("with Python's cryptography" if HAVE_CRYPTOGRAPHY
                                                          else "by its form only (no Python cryptography)"))
        elif aws:
            Fakes.seen = []
            theirs = run([aws, *command], env)
            check(theirs.returncode == 0, f"{name}: the AWS CLI succeeds against the fakes "
                                          f"(exit {theirs.returncode}: {theirs.stderr[-400:]})")
        Fakes.seen = []
        ours = run([cli_bin, *command], env)
        check(ours.returncode == 0, f"{name}: the awsml CLI succeeds (exit {ours.returncode}: {ours.stderr[-400:]})")
        check(ours.returncode != 0 or "MLModels" in ours.stdout or "Results" in ours.stdout,
              f"{name}: the awsml CLI prints the answer ({ours.stdout[:200]!r})")
        check(saw_protocol(Fakes.seen), f"{name}: the awsml CLI asked the source as AWS does "
                                        f"({[(r['method'], r['path']) for r in Fakes.seen]})")
        for output in (ours.stdout, ours.stderr):
            check(not any(secret in output for secret in SECRETS), f"{name}: no secret in the CLI's output")
        # The key the source hands out is what signs the call: a wrong secret is refused.
        prepare_home(home)  # a login session due for refresh again
        Fakes.served_secret = "wrong" + SECRET[5:]
        refused = run([cli_bin, *command], env)
        Fakes.served_secret = SECRET
        check(refused.returncode != 0 and "Signature" in refused.stderr,
              f"{name}: a wrong secret from the source is refused by the emulator "
              f"(exit {refused.returncode}: {refused.stderr[-300:]})")
        check("wrong" + SECRET[5:] not in refused.stderr and not any(secret in refused.stderr for secret in SECRETS),
              f"{name}: the wrong secret, and every token, is not printed")

    # An SSO token past its expiry, with nothing to refresh it: the message says what to run.
    home = os.path.join(tmp, "home-expired-sso")
    env = scenario_env(home, fakes, "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\n"
                       "sso_role_name = Developer\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
                       "sso_region = us-east-1\n", {"AWS_PROFILE": "dev"})
    prepare_home(home)
    cache = os.path.join(home, ".aws", "sso", "cache", hashlib.sha1(b"corp").hexdigest() + ".json")
    with open(cache, "w") as f:
        json.dump({"startUrl": "https://corp.awsapps.com/start", "region": "us-east-1",
                   "accessToken": "sso-access-token", "expiresAt": iso_in(-60)}, f)
    expired = run([cli_bin, *command], env)
    check(expired.returncode != 0 and "aws sso login" in expired.stderr,
          f"expired SSO token: a clear error naming `aws sso login` ({expired.stderr[-300:]})")
    check("sso-access-token" not in expired.stderr, "expired SSO token: the token is not printed")

    # A role behind an MFA device: asked on the terminal as botocore asks (getpass: echo off), and
    # the code goes to STS with the device's serial.
    serial = "arn:aws:iam::123456789012:mfa/alice"
    home = os.path.join(tmp, "home-mfa")
    env = scenario_env(home, fakes, f"[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/guarded\n"
                       f"source_profile = base\nmfa_serial = {serial}\n", {"AWS_PROFILE": "mfa"})
    prepare_home(home)
    prompt = f"Enter MFA code for {serial}: "
    have_terminals = run_in_terminal(["true"], env, "-", "") is not None
    if not have_terminals:
        print("SKIPPED (part): no pseudo-terminals here; the MFA prompt on a terminal is not run")
    for program in (([aws] if aws else []) + [cli_bin]) if have_terminals else []:
        name = os.path.basename(program)
        Fakes.seen = []
        code, shown, echoes = run_in_terminal([program, *command], env, prompt, "654321\n")
        check(code == 0 and prompt in shown and "Results" in shown,
              f"{name}: an MFA-guarded role is asked for its code on the terminal (exit {code}: {shown[-400:]!r})")
        check("654321" not in shown and echoes, f"{name}: the code typed is not echoed, and echo is back after")
        check(any("Action=AssumeRole&" in r["body"] + "&" and "TokenCode=654321" in r["body"]
                  and "SerialNumber=" + urllib.parse.quote(serial, safe="") in r["body"] for r in Fakes.seen),
              f"{name}: AssumeRole carries the serial and the code ({[r['body'] for r in Fakes.seen]})")
        shutil.rmtree(os.path.join(home, ".aws", "cli"), ignore_errors=True)  # botocore's role cache
        # Ctrl-C at the prompt: the program ends, and the terminal echoes again (getpass's finally).
        code, shown, echoes = run_in_terminal([program, *command], env, prompt, "\x03")
        check(code != 0 and echoes, f"{name}: Ctrl-C at the MFA prompt leaves the terminal echoing (exit {code})")
    # Without a terminal, ours asks on standard error and reads standard input, as getpass falls
    # back; with nothing to read, the call fails saying so.
    for typed, ok in (("654321\n", True), ("", False)):
        ours = subprocess.run([cli_bin, *command], env=env, input=typed, capture_output=True, text=True,
                              timeout=120, start_new_session=True)
        check((ours.returncode == 0) == ok and prompt in ours.stderr and (ok or "no MFA code" in ours.stderr),
              f"MFA code without a terminal, input {typed!r}: exit {ours.returncode} {ours.stderr[-300:]!r}")

    # A credential_process that asks for an MFA code on the terminal, as botocore lets it: in a
    # terminal (script(1) makes one), the helper reads the code typed there, and the call is signed
    # with what it prints. Run in a process group of its own, it would be stopped (SIGTTIN).
    script_bin = shutil.which("script")
    if not script_bin or not have_terminals:
        print("SKIPPED (part): script(1) or pseudo-terminals are missing; no terminal for the prompting helper")
        return
    home = os.path.join(tmp, "home-prompting-process")
    helper = os.path.join(tmp, "mfa-helper.sh")
    with open(helper, "w") as f:
        f.write('#!/bin/sh\nprintf "MFA code: " >/dev/tty\nread code </dev/tty\n[ "$code" = 123456 ] || exit 3\n'
                f"printf '{{\"Version\": 1, \"AccessKeyId\": \"{KEY}\", \"SecretAccessKey\": \"{SECRET}\"}}'\n")
    os.chmod(helper, 0o755)
    env = scenario_env(home, fakes, f"[profile mfa]\ncredential_process = {helper}\n", {"AWS_PROFILE": "mfa"})
    prepare_home(home)
    for program in ([aws] if aws else []) + [cli_bin]:
        typed = subprocess.run([script_bin, "-qec", shlex.join([program, *command]), "/dev/null"], input="123456\n",
                               env=env, capture_output=True, text=True, timeout=120)
        name = os.path.basename(program)
        check(typed.returncode == 0 and "MFA code: " in typed.stdout and "Results" in typed.stdout,
              f"{name}: a credential_process prompting on the terminal gets the code typed there "
              f"(exit {typed.returncode}: {typed.stdout[-400:]!r} {typed.stderr[-200:]!r})")
        check(SECRET not in typed.stdout + typed.stderr, f"{name}: the helper's secret is not printed")


if __name__ == "__main__":
    sys.exit(main())
