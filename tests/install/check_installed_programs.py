#!/usr/bin/env python3
"""`meson install` of the programs: awsml-local finds its bundled models where they were
installed, also when the whole prefix has moved, and not in the source tree it was built from.

    check_installed_programs.py BUILD_DIR SCRATCH_DIR SOURCE_MODELS
"""
import filecmp
import pathlib
import shutil
import subprocess
import sys


def fail(message):
    print(f"installed programs: {message}", file=sys.stderr)
    sys.exit(1)


def default_models(program):
    """The models file awsml-local's --help names as its default."""
    usage = subprocess.run([str(program), "--help"], capture_output=True, text=True, timeout=60)
    if usage.returncode != 0:
        fail(f"{program} --help exited with {usage.returncode}: {usage.stderr}")
    for line in usage.stdout.splitlines():
        if "(default: " in line and line.strip().endswith(".json)"):
            return pathlib.Path(line.split("(default: ", 1)[1][:-1])
    fail(f"{program} --help names no default models file:\n{usage.stdout}")


def expect_installed_models(program, root):
    models = default_models(program)
    if not models.is_relative_to(root):
        fail(f"{program} reads its default models from {models}, outside its prefix {root}")
    if not models.is_file():
        fail(f"{program}'s default models {models} do not exist")
    return models


def main():
    build_dir, scratch, source_models = map(pathlib.Path, sys.argv[1:4])
    shutil.rmtree(scratch, ignore_errors=True)
    destdir = scratch / "destdir"
    # Only the runtime: the programs and their data (the headers are the install tests' concern).
    installed = subprocess.run(
        ["meson", "install", "-C", str(build_dir), "--no-rebuild", "--quiet", "--tags", "runtime",
         "--destdir", str(destdir)], capture_output=True, text=True, timeout=300)
    if installed.returncode != 0:
        fail(f"meson install exited with {installed.returncode}:\n"
             f"{installed.stdout}{installed.stderr}")
    programs = sorted(destdir.rglob("awsml-local"))
    if len(programs) != 1:
        fail(f"expected one installed awsml-local under {destdir}, found {programs}")
    program = programs[0]
    models = expect_installed_models(program, destdir)
    if not filecmp.cmp(models, source_models, shallow=False):
        fail(f"the installed {models} differs from {source_models}")

    moved = scratch / "moved"
    destdir.rename(moved)
    moved_program = moved / program.relative_to(destdir)
    moved_models = expect_installed_models(moved_program, moved)
    print(f"awsml-local reads {models.relative_to(destdir)} under its prefix, moved or not "
          f"({moved_models})")


if __name__ == "__main__":
    main()
