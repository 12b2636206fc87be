#!/usr/bin/env python3
"""Prints the tables of programs/awsml-cli/unicode_text.cpp's python_upper: Python's str.upper()
outside ASCII, as this Python's unicodedata has it (3.11: Unicode 14.0, the AWS CLI's Python).
Runs of single code points, every `stride`th from `first` to `last` moving by `delta`, then the
code points that become several. tests/test_cli_query.py checks the result on every one of them
against the AWS CLI's text output."""
singles, expansions = [], []
for code in range(0x80, 0x110000):
    if 0xD800 <= code <= 0xDFFF:
        continue
    upper = chr(code).upper()
    if upper != chr(code):
        (singles if len(upper) == 1 else expansions).append((code, upper))
runs = []
for code, upper in singles:
    delta = ord(upper) - code
    if runs:
        first, last, stride, run_delta = runs[-1]
        if run_delta == delta and ((first == last and code - last in (1, 2)) or
                                   (first != last and code - last == stride)):
            runs[-1] = (first, code, code - last if first == last else stride, delta)
            continue
    runs.append((code, code, 1, delta))


def table(name, kind, items):
    print(f"constexpr {kind} {name}[] = {{")
    line = "   "
    for item in items:
        if len(line) + len(item) + 2 > 100:
            print(line)
            line = "   "
        line += " " + item + ","
    print(line)
    print("};")


table("upper_runs", "upper_run", ["{0x%X, 0x%X, %d, %d}" % run for run in runs])
table("upper_expansions", "upper_expansion",
      ["{0x%X, {%s}}" % (code, ", ".join("0x%X" % ord(c) for c in upper)) for code, upper in expansions])
