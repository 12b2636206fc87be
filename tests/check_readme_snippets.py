#!/usr/bin/env python3
"""README snippets compile: every ```cpp block of README.md that starts with an awsml include is
compiled (warnings are errors); a block without main() has its statements wrapped in one."""
import re
import subprocess
import sys
import tempfile

readme, include_dir, *compiler = sys.argv[1:]
blocks = re.findall(r"```cpp\n(.*?)```", open(readme, encoding="utf-8").read(), re.S)
checked = 0
for block in blocks:
    if not block.startswith("#include <awsml/"):
        continue
    lines = block.splitlines()
    includes = [l for l in lines if l.startswith("#include")]
    body = [l for l in lines if not l.startswith("#include")]
    source = "\n".join(includes + ["#include <iostream>"])
    source += "\n" + ("\n".join(body) if "int main" in block else "int main() {\n" + "\n".join(body) + "\n}") + "\n"
    with tempfile.NamedTemporaryFile("w", suffix=".cpp", delete=False) as f:
        f.write(source)
    result = subprocess.run(compiler + ["-std=c++20", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-fsyntax-only",
                                        "-DASIO_NO_DEPRECATED", "-I" + include_dir, f.name], capture_output=True, text=True)
    if result.returncode != 0:
        print("README snippet does not compile:\n" + source + "\n" + result.stderr)
        sys.exit(1)
    checked += 1
if checked == 0:
    print("no README snippet found to check")
    sys.exit(1)
print(f"{checked} README snippet(s) compile")
