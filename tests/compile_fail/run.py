#!/usr/bin/env python3
"""Declarations that are wrong must not compile, and the compiler must say what is wrong.

Each case here starts with `// expect: TEXT`: compiling it must fail, and TEXT must be in the
compiler's output (a static_assert's message). Where g++ and clang++ word their own message
differently, TEXT lists both: `A || B`. Usage: run.py INCLUDE_DIR COMPILER...
"""
import pathlib
import subprocess
import sys


def main() -> int:
    include, compiler = sys.argv[1], sys.argv[2:]
    cases = sorted(pathlib.Path(__file__).parent.glob("*.cpp"))
    failed = 0
    for case in cases:
        expected = case.read_text().splitlines()[0].removeprefix("// expect: ").strip()
        run = subprocess.run(compiler + ["-std=c++20", "-fsyntax-only", "-I", include, str(case)],
                             capture_output=True, text=True)
        if run.returncode == 0:
            print(f"FAIL {case.name}: compiled, but must not")
            failed += 1
        elif not any(text in run.stderr for text in expected.split(" || ")):
            print(f"FAIL {case.name}: the compiler did not say \"{expected}\":\n{run.stderr[:3000]}")
            failed += 1
        else:
            print(f"ok   {case.name}: refused with \"{expected}\"")
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed or not cases else 0


if __name__ == "__main__":
    sys.exit(main())
