"""What the command-line tests share: a JSON service on 127.0.0.1 that both CLIs call, and an
environment that keeps the user's own AWS settings out of a run."""
import http.server
import json
import os
import threading

TEST_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
TEST_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        operation = self.headers.get("X-Amz-Target", "").split(".")[-1]
        self.server.request_headers.append(self.headers)
        status, payload, *headers = self.server.answer(operation, body)
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        for name, value in (headers[0] if headers else {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def serve(answer):
    """Starts a service whose `answer(operation, body bytes)` returns (status, JSON payload) or
    (status, payload, {header: value}), a payload of bytes being sent as it is; returns its
    endpoint URL. `answer` is looked up per request,
    so a test may swap the server's `answer` attribute through the returned server. Each request's
    headers are kept in the server's `request_headers`."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.answer = answer
    server.request_headers = []  # each request's headers (http.client.HTTPMessage), in order
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d" % server.server_address[1]


def isolated_environment(folder, access=TEST_ACCESS_KEY, secret=TEST_SECRET_KEY, extra=None):
    """This process's environment without AWS_* and proxy variables (every request goes straight to
    127.0.0.1, whatever the host's settings), plus the given keys, one attempt per
    call in the standard retry mode (the AWS CLI v2's, so that both CLIs word errors alike),
    us-east-1, and config and credentials files of its own in `folder` (timestamps printed
    as the service sends them)."""
    config = os.path.join(folder, "config")
    with open(config, "w") as f:
        f.write("[default]\ncli_timestamp_format = none\n")
    credentials = os.path.join(folder, "credentials")
    open(credentials, "w").close()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_") and not k.lower().endswith("_proxy")}
    env.update(AWS_ACCESS_KEY_ID=access, AWS_SECRET_ACCESS_KEY=secret, AWS_CONFIG_FILE=config,
               AWS_SHARED_CREDENTIALS_FILE=credentials, AWS_MAX_ATTEMPTS="1", AWS_RETRY_MODE="standard",
               AWS_DEFAULT_REGION="us-east-1")
    env.update(extra or {})
    return env
