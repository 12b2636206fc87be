"""The AWS CLI for the command-line tests, each command run as the `aws` program runs it, without
paying its start-up every time.

Starting `aws` costs about a second (Python, botocore, the service model and the partitions
file); the tests run it about ninety times per build. `run` hands each command to a helper process that has
imported the installed `awscli` once and loaded the machinelearning model; the helper forks a child
that calls the entry point `aws` calls (`awscli.clidriver`'s driver `main`) with the command's own
argument list, environment, working folder and standard streams, and the child's exit status is
the command's. Each command therefore starts from the same warmed state and leaves nothing behind
for the next.

The helper is used only when this Python imports the same awscli version as `aws --version`
reports; otherwise (or with AWSML_AWS_CLI_FORK=0) every command runs the `aws` program itself.
"""
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import time
import traceback

_helper = None  # the helper process, started by the first command
_use_helper = None  # decided once: True, or the reason it is not used


def available():
    """Whether an `aws` program is on PATH."""
    return shutil.which("aws") is not None


def run(args, env=None, timeout=120, cwd=None):
    """Runs `aws ARGS...` and returns a subprocess.CompletedProcess with text stdout and stderr."""
    env = dict(os.environ if env is None else env)
    if _helper_usable():
        return _run_in_helper(list(args), env, timeout, cwd)
    return subprocess.run(["aws", *args], env=env, capture_output=True, text=True, timeout=timeout, cwd=cwd)


def _helper_usable():
    global _use_helper
    if _use_helper is None:
        _use_helper = _same_awscli_here()
        if _use_helper is not True:
            print(f"aws_program: running the aws program for each command ({_use_helper})", flush=True)
    return _use_helper is True


def _same_awscli_here():
    if os.environ.get("AWSML_AWS_CLI_FORK") == "0":
        return "AWSML_AWS_CLI_FORK=0"
    # Not imported here: importing awscli changes this process's AWS_DATA_PATH.
    import importlib.metadata
    try:
        expected = "aws-cli/" + importlib.metadata.version("awscli")
    except importlib.metadata.PackageNotFoundError:
        return f"{sys.executable} has no awscli"
    version = subprocess.run(["aws", "--version"], capture_output=True, text=True, timeout=60)
    reported = (version.stdout + version.stderr).split()
    if not reported or reported[0] != expected:
        return f"aws --version says {reported[:1]}, this Python imports {expected}"
    return True


def _run_in_helper(args, env, timeout, cwd):
    global _helper
    if _helper is None or _helper.poll() is not None:
        _helper = subprocess.Popen([sys.executable, os.path.abspath(__file__)], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True, encoding="utf-8")
    request = {"args": args, "env": env, "cwd": os.path.abspath(cwd or os.getcwd()), "timeout": timeout}
    _helper.stdin.write(json.dumps(request) + "\n")
    _helper.stdin.flush()
    line = _helper.stdout.readline()
    if not line:
        raise RuntimeError(f"aws_program: the helper ended (exit {_helper.wait()}) running aws {' '.join(args)}")
    answer = json.loads(line)
    if answer.get("timed_out"):
        raise subprocess.TimeoutExpired(["aws", *args], timeout, answer["stdout"], answer["stderr"])
    return subprocess.CompletedProcess(["aws", *args], answer["returncode"], answer["stdout"], answer["stderr"])


# --- The helper process ---------------------------------------------------------------------------

def _files_read_at_start(env):
    """What a driver reads when it is created: the environment and the shared config files."""
    home = env.get("HOME", "~")
    paths = [env.get("AWS_CONFIG_FILE", os.path.join(home, ".aws", "config")),
             env.get("AWS_SHARED_CREDENTIALS_FILE", os.path.join(home, ".aws", "credentials"))]
    stamps = []
    for path in paths:
        try:
            info = os.stat(os.path.expanduser(path))
            stamps.append((path, info.st_mtime_ns, info.st_size))
        except OSError:
            stamps.append((path, None, None))
    return json.dumps([sorted(env.items()), stamps])


def _environment_of_aws(env):
    """`env` as a process running `aws` sees it once awscli is imported: awscli's __init__ appends
    its data folder to AWS_DATA_PATH (which this helper's own import did to its environment)."""
    import awscli
    paths = [os.path.expanduser(os.path.expandvars(p)) for p in env["AWS_DATA_PATH"].split(os.pathsep)] \
        if "AWS_DATA_PATH" in env else []
    paths.append(os.path.join(os.path.dirname(os.path.abspath(awscli.__file__)), "data"))
    return {**env, "AWS_DATA_PATH": os.pathsep.join(paths)}


def _warmed_driver(env):
    """A CLI driver created under `env`, with the machinelearning commands and model loaded. Its
    session's credentials are left unresolved: each command resolves its own."""
    import awscli.clidriver
    os.environ.clear()
    os.environ.update(_environment_of_aws(env))
    driver = awscli.clidriver.create_clidriver()
    driver._get_command_table()
    region = env.get("AWS_DEFAULT_REGION") or env.get("AWS_REGION") or "us-east-1"
    driver.session.create_client("machinelearning", region_name=region, aws_access_key_id="warm-up",
                                 aws_secret_access_key="warm-up")
    return driver


def _child(driver, request, out_path, err_path):
    """Runs in the forked child: the command, as `aws` would run it; never returns. SIGALRM ends
    it at the request's timeout (nothing in the CLI handles that signal)."""
    status = 255
    try:
        signal.alarm(max(1, math.ceil(request["timeout"])))
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(_environment_of_aws(request["env"]))
        time.tzset()  # the command's TZ, as a process started with it reads it at start-up
        if os.environ.get("LC_CTYPE", "") == "UTF-8":  # as the aws script does
            os.environ["LC_CTYPE"] = "en_US.UTF-8"
        sys.stdout = sys.__stdout__  # the helper points sys.stdout away from its reply pipe
        stdin = os.open(os.devnull, os.O_RDONLY)
        out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        for source, target in ((stdin, 0), (out, 1), (err, 2)):
            os.dup2(source, target)
            os.close(source)
        try:
            import awscli.clidriver
            status = driver.main(request["args"])
            awscli.clidriver.HISTORY_RECORDER.record("CLI_RC", status, "CLI")
        except SystemExit as stop:
            status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        except BaseException:  # noqa: B036 - whatever the CLI raises is the command's failure
            traceback.print_exc()
            status = 255
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(status if isinstance(status, int) else 255)


def _serve():
    import tempfile
    import awscli.clidriver  # noqa: F401 - imported once, before any fork
    original_env = dict(os.environ)
    replies = sys.stdout
    sys.stdout = sys.stderr  # nothing but replies on the pipe
    warmed_for, driver = None, None  # what the driver read at its creation, and the driver
    scratch = tempfile.mkdtemp(prefix="aws-cli-")
    out_path, err_path = os.path.join(scratch, "stdout"), os.path.join(scratch, "stderr")
    try:
        for line in sys.stdin:
            request = json.loads(line)
            read_at_start = _files_read_at_start(request["env"])
            if read_at_start != warmed_for:
                warmed_for, driver = read_at_start, _warmed_driver(request["env"])
                os.environ.clear()
                os.environ.update(original_env)
            pid = os.fork()
            if pid == 0:
                _child(driver, request, out_path, err_path)
            _, status = os.waitpid(pid, 0)
            timed_out = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGALRM
            with open(out_path, encoding="utf-8", errors="replace") as f:
                stdout = f.read()
            with open(err_path, encoding="utf-8", errors="replace") as f:
                stderr = f.read()
            answer = {"returncode": os.waitstatus_to_exitcode(status), "stdout": stdout, "stderr": stderr,
                      "timed_out": timed_out}
            replies.write(json.dumps(answer) + "\n")
            replies.flush()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    _serve()
