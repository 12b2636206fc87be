#!/usr/bin/env python3
"""Prints the tables of programs/awsml-local/unicode_text.cpp: lower-casing outside ASCII (this
Python's str.lower(), 3.11: Unicode 14.0; Java's String.toLowerCase, which Amazon ML's recipes
run on, maps the same code points) as runs of code points, every `stride`th from `first` to
`last` moving by `delta`; then the punctuation outside ASCII (general category P*), as ranges.
U+0130 (lower: i and a combining dot) and the final sigma are written by hand in the code."""
import unicodedata

singles = []
for code in range(0x80, 0x110000):
    if 0xD800 <= code <= 0xDFFF:
        continue
    lower = chr(code).lower()
    if lower != chr(code) and len(lower) == 1:
        singles.append((code, ord(lower)))
runs = []
for code, lower in singles:
    delta = lower - code
    if runs:
        first, last, stride, run_delta = runs[-1]
        if run_delta == delta and ((first == last and code - last in (1, 2)) or
                                   (first != last and code - last == stride)):
            runs[-1] = (first, code, code - last if first == last else stride, delta)
            continue
    runs.append((code, code, 1, delta))

punctuation = []
for code in range(0x80, 0x110000):
    if unicodedata.category(chr(code)).startswith("P"):
        if punctuation and punctuation[-1][1] == code - 1:
            punctuation[-1][1] = code
        else:
            punctuation.append([code, code])


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


table("lower_runs", "case_run", ["{0x%X, 0x%X, %d, %d}" % run for run in runs])
table("punctuation", "code_point_range", ["{0x%X, 0x%X}" % tuple(r) for r in punctuation])
