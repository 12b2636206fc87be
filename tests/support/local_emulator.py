"""awsml-local started as a program by the Python tests: its address read from the line it
prints once listening, stderr kept in a file (read on failures), stopped with SIGTERM, or
SIGKILL when it does not end."""

import os
import select
import signal
import subprocess


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
