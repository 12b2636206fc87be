#!/usr/bin/env python3
"""The headers stack in layers: no header includes one from a layer above its own.

    core < model < http < config < auth < runtime < service folders (machinelearning)

Also: nothing outside a service's folder names that service's wire identity (its target prefix,
signing name or endpoint variable), so a second service can sit beside it.
Usage: check_layers.py INCLUDE_DIR
"""
import pathlib
import re
import sys

LAYERS = ["core", "model", "http", "config", "auth", "runtime"]
SERVICES = {"machinelearning": ["AmazonML_20141212", "\"machinelearning", "MACHINE_LEARNING",
                                "machine_learning\""]}


def layer_of(path: str) -> int:
    top = path.split("/")[0]
    if top in LAYERS:
        return LAYERS.index(top)
    if top in SERVICES:
        return len(LAYERS)
    return len(LAYERS) + 1  # the umbrella and src.hpp: above everything


def main() -> int:
    root = pathlib.Path(sys.argv[1]) / "awsml"
    problems = []
    include = re.compile(r'#include <awsml/([^>]+)>')
    headers = sorted(p for p in root.rglob("*") if p.suffix in (".hpp", ".ipp"))
    for header in headers:
        own = header.relative_to(root).as_posix()
        text = header.read_text(encoding="utf-8")
        for n, line in enumerate(text.splitlines(), 1):
            m = include.search(line)
            if m and layer_of(m.group(1)) > layer_of(own):
                problems.append(f"{own}:{n}: includes <awsml/{m.group(1)}>, a layer above its own")
        top = own.split("/")[0]
        for service, marks in SERVICES.items():
            if top == service or layer_of(own) > len(LAYERS):
                continue
            for n, line in enumerate(text.splitlines(), 1):
                code = line.split("//")[0]
                for mark in marks:
                    if mark in code:
                        problems.append(f"{own}:{n}: names the service {service} ({mark})")
    for p in problems:
        print(p)
    print(f"{len(headers)} headers checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
