#!/usr/bin/env python3
"""README snippets compile: every ```cpp block of README.md that starts with an awsml include is
compiled (warnings are errors), header-only.

All of them go into one translation unit, compiled once: each snippet costs the parse of awsml's
headers, so compiling them apart took several times as long. The includes are hoisted to the top;
each snippet goes into a namespace of its own (readme_snippet_N), a block without main() with
its statements wrapped in a function there, a block with main() with it renamed main_. #line
directives point every snippet line (and include) back to README.md, so the compiler's messages
name README.md's lines, and the failing snippets are named by number and line.

A block that is a fragment (it uses a `config` or an `io` the text around it implies) is checked
too when an HTML comment, invisible on the rendered page, gives its context right before it:

    <!-- readme_snippets context:
    #include <awsml/awsml.hpp>
    awsml::client_config config;
    -->

The context's lines go before the block's, in the same function; "context, namespace scope:"
puts both at namespace scope, for a block that declares rather than runs.

What one translation unit cannot see: a snippet that uses a header only another snippet
includes compiles here, though it would not alone."""
import os
import re
import subprocess
import sys
import tempfile

# curl or no-curl: whether libcurl's headers are there (without them, the snippets that include
# the libcurl transport are left out, and say so). The compiler's command may end with awsml's
# definitions (meson's awsml_compile_args).
readme, include_dir, curl, *compiler = sys.argv[1:]
text = open(readme, encoding="utf-8").read()


def quoted(path):
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Snippet:
    def __init__(self, number, first_line, lines, context=None, namespace_scope=False):
        self.number = number
        self.first_line = first_line  # README.md's line of the block's first line
        self.lines = lines
        self.context = context  # (README line of its first line, lines) or None
        self.namespace_scope = namespace_scope

    def parts(self):
        """(README line, lines) of the context, if any, then of the block."""
        return ([self.context] if self.context else []) + [(self.first_line, self.lines)]

    def describe(self):
        code = [l for l in self.lines if l.strip() and not l.startswith("#include")]
        head = "\n".join("    " + l for l in code[:3])
        return f"{readme}:{self.first_line}: README snippet {self.number} does not compile:\n{head}\n    ..."


def renamed_main(line):
    """`int main(` as `int main_(`."""
    return re.sub(r"\bint(\s+)main(\s*)\(", r"int\1main_\2(", line)


def line_of(offset):
    return text.count("\n", 0, offset) + 1


snippets = []
# A context holds no "-->", so that it never reaches past its own comment.
block_pattern = (r"(?:<!-- readme_snippets context(, namespace scope)?:\n((?:(?!-->).)*)-->\n\n?)?"
                 r"```cpp\n(.*?)```")
contexts = 0
left_out = []
for match in re.finditer(block_pattern, text, re.S):
    namespace_scope, context, block = match.groups()
    if context is None and not block.startswith("#include <awsml/"):
        continue
    if context is not None:
        contexts += 1
        if not context.startswith("#include <awsml/"):
            print(f"{readme}:{line_of(match.start(2))}: a snippet's context must start with "
                  "#include <awsml/...>")
            sys.exit(1)
    if curl == "no-curl" and "<awsml/http/curl_transport.hpp>" in (context or "") + block:
        left_out.append(line_of(match.start(3)))
        continue
    snippets.append(Snippet(len(snippets) + 1, line_of(match.start(3)), block.splitlines(),
                            context and (line_of(match.start(2)), context.splitlines()),
                            namespace_scope is not None))
if contexts != text.count("<!-- readme_snippets context"):
    print(f"{readme}: a readme_snippets context comment is not right before a ```cpp block")
    sys.exit(1)
for line in left_out:
    print(f"{readme}:{line}: left out: libcurl's headers were not found")
if not snippets:
    print("no README snippet found to check")
    sys.exit(1)


def generate(unit_path):
    """The translation unit: README lines under #line directives naming README.md, the lines
    this script adds under directives naming the unit itself."""
    out = []

    def ours(line):
        out.append(f"#line {len(out) + 2} {quoted(unit_path)}")
        out.append(line)

    def readmes(first_line, lines):
        out.append(f"#line {first_line} {quoted(readme)}")
        out.extend(lines)

    seen = set()
    for s in snippets:
        for first_line, lines in s.parts():
            for offset, line in enumerate(lines):
                if line.startswith("#include") and line not in seen:
                    seen.add(line)
                    readmes(first_line + offset, [line])
    ours("#include <iostream>")
    for s in snippets:
        # The includes stay as blank lines, so that each line keeps its README line number.
        parts = [(first_line, ["" if l.startswith("#include") else l for l in lines])
                 for first_line, lines in s.parts()]
        ours(f"namespace readme_snippet_{s.number} {{")
        if any(re.search(r"\bint\s+main\s*\(", l) for _, body in parts for l in body):
            parts = [(first_line, [renamed_main(l) for l in body]) for first_line, body in parts]
            # Only main may end without a return: main_ is checked as if it were main.
            ours("#pragma GCC diagnostic push")
            ours('#pragma GCC diagnostic ignored "-Wreturn-type"')
            for first_line, body in parts:
                readmes(first_line, body)
            ours("#pragma GCC diagnostic pop")
        elif s.namespace_scope:
            for first_line, body in parts:
                readmes(first_line, body)
        else:
            # Not static: a function with external linkage is never an unused one.
            ours("void snippet() {")
            for first_line, body in parts:
                readmes(first_line, body)
            ours("}")
        ours(f"}} // namespace readme_snippet_{s.number}")
    return "\n".join(out) + "\n"


def failing_snippets(messages):
    """The snippets the compiler's messages name: by a README line with a column (an error's, a
    note's, "required from here"; not "In file included from", which names a hoisted include), or
    by their namespace (an unclosed brace ends in the lines this script adds)."""
    lines = {int(n) for n in re.findall(re.escape(readme) + r":(\d+):\d+:", messages)}
    numbers = {int(n) for n in re.findall(r"readme_snippet_(\d+)", messages)}
    return [s for s in snippets
            if s.number in numbers
            or any(first <= n < first + len(part) for first, part in s.parts() for n in lines)]


with tempfile.TemporaryDirectory() as scratch:
    unit = os.path.join(scratch, "readme_snippets.cpp")
    with open(unit, "w", encoding="utf-8") as f:
        f.write(generate(unit))
    result = subprocess.run(compiler + ["-std=c++20", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-fsyntax-only",
                                        "-DASIO_NO_DEPRECATED", "-I" + include_dir, unit],
                            capture_output=True, text=True)
    if result.returncode != 0:
        failing = failing_snippets(result.stderr)
        for s in failing:
            print(s.describe())
        if not failing:  # the lines this script adds: show them
            print("README snippets do not compile (" + unit + "):\n" + open(unit, encoding="utf-8").read())
        print("\n" + result.stderr)
        sys.exit(1)
print(f"{len(snippets)} README snippet(s) compile")
