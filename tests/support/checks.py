"""Counting checks for the command-line tests: each failure is printed when it happens, and the
summary line and exit status come from one place."""
import sys

failures = []
count = 0


def check(condition, what):
    """Counts one check; prints and remembers `what` when `condition` is false."""
    global count
    count += 1
    if not condition:
        failures.append(what)
        print("FAILED:", what, flush=True)
    return bool(condition)


def exit_status():
    """Prints "N checks, M failed"; 1 when any check failed, else 0."""
    print(f"{count} checks, {len(failures)} failed")
    return 1 if failures else 0


def finish():
    """Prints the summary and exits with exit_status()."""
    sys.exit(exit_status())
