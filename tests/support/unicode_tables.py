#!/usr/bin/env python3
"""Prints the Unicode tables of the programs, as this Python's unicodedata has them (3.11:
Unicode 14.0, the AWS CLI's Python here).

  unicode_tables.py upper   programs/awsml-cli/unicode_text.cpp's python_upper: str.upper()
                            outside ASCII, then the code points that become several (ß is SS).
                            tests/test_cli_query.py checks every one against the AWS CLI.
  unicode_tables.py lower   programs/awsml-local/unicode_text.cpp's lowercase and punctuation:
                            str.lower() outside ASCII (Java's String.toLowerCase maps the same
                            code points; U+0130 is written by hand there), Unicode's
                            punctuation (P*), and the code points that decide a final sigma. tests/test_local_service.cpp
                            checks every code point against this Python.

A case mapping is printed as runs of single code points, every `stride`th from `first` to `last`
moving by `delta`."""
import sys
import unicodedata


def code_points():
    return (c for c in range(0x80, 0x110000) if not 0xD800 <= c <= 0xDFFF)


def runs_of(singles):
    runs = []
    for code, mapped in singles:
        delta = mapped - code
        if runs:
            first, last, stride, run_delta = runs[-1]
            if run_delta == delta and ((first == last and code - last in (1, 2)) or
                                       (first != last and code - last == stride)):
                runs[-1] = (first, code, code - last if first == last else stride, delta)
                continue
        runs.append((code, code, 1, delta))
    return runs


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


if sys.argv[1:] == ["upper"]:
    mapped = [(c, chr(c).upper()) for c in code_points() if chr(c).upper() != chr(c)]
    runs = runs_of([(c, ord(m)) for c, m in mapped if len(m) == 1])
    table("upper_runs", "upper_run", ["{0x%X, 0x%X, %d, %d}" % run for run in runs])
    table("upper_expansions", "upper_expansion",
          ["{0x%X, {%s}}" % (c, ", ".join("0x%X" % ord(x) for x in m)) for c, m in mapped if len(m) > 1])
elif sys.argv[1:] == ["lower"]:
    runs = runs_of([(c, ord(chr(c).lower())) for c in code_points()
                    if chr(c).lower() != chr(c) and len(chr(c).lower()) == 1])
    table("lower_runs", "case_run", ["{0x%X, 0x%X, %d, %d}" % run for run in runs])
    punctuation = []
    for c in code_points():
        if unicodedata.category(chr(c)).startswith("P"):
            if punctuation and punctuation[-1][1] == c - 1:
                punctuation[-1][1] = c
            else:
                punctuation.append([c, c])
    table("punctuation", "code_point_range", ["{0x%X, 0x%X}" % tuple(r) for r in punctuation])
    # Python's (and Java's) final-sigma context, read from str.lower() itself: a code point is
    # case-ignorable when Σ after it ("AxΣ") and before it ("AΣx") are both final, and cased
    # (among the rest) when Σ right after it is final.
    sigma, final = "\u03a3", "\u03c2"

    def ignorable(x):
        return ("A" + x + sigma).lower()[-1] == final and ("A" + sigma + x).lower()[1] == final

    def cased(x):
        return not ignorable(x) and ("A" + x + sigma).lower()[-1] == final

    for name, predicate in (("case_ignorable", ignorable), ("cased", cased)):
        ranges = []
        for c in range(0, 0x110000):
            if not 0xD800 <= c <= 0xDFFF and predicate(chr(c)):
                if ranges and ranges[-1][1] == c - 1:
                    ranges[-1][1] = c
                else:
                    ranges.append([c, c])
        table(name, "code_point_range", ["{0x%X, 0x%X}" % tuple(r) for r in ranges])
else:
    sys.exit("usage: unicode_tables.py upper|lower")
