#!/usr/bin/env python3
"""Offline checks of awsml's vcpkg port and Conan recipe against the meson build.

    tests/install/check_packaging.py SOURCE_DIR

Neither vcpkg nor Conan is needed (nor the network): the port's vcpkg.json must parse, the
recipe must parse as Python, and both must agree with meson.build (project version, Boost with
Boost.JSON, OpenSSL 3, standalone Asio), with include/awsml/core/version.hpp, with the Boost
libraries the headers include, and with meson_options.txt (every option they set exists).
meson test runs it as the test 'packaging'.
"""

import ast
import json
import re
import sys
from pathlib import Path


class Checker:
    def __init__(self):
        self.failures = []
        self.passed = 0

    def check(self, condition, what):
        if condition:
            self.passed += 1
        else:
            self.failures.append(what)
        return condition


def version_tuple(text):
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def meson_facts(root):
    text = (root / "meson.build").read_text()
    project = re.search(r"project\(\s*'awsml'.*?version:\s*'([^']+)'", text, re.S)
    boost = re.search(r"dependency\(\s*'boost'\s*,\s*version:\s*'>=\s*([\d.]+)'(.*?)\)\n", text, re.S)
    openssl = re.search(r"dependency\(\s*'openssl'\s*,\s*version:\s*'>=\s*([\d.]+)'", text)
    options = set(re.findall(r"option\(\s*'([^']+)'", (root / "meson_options.txt").read_text()))
    return {
        "version": project.group(1) if project else None,
        "boost_min": boost.group(1) if boost else None,
        "boost_json": bool(boost and "'json'" in boost.group(2)),
        "openssl_min": openssl.group(1) if openssl else None,
        "asio": "has_header('asio.hpp')" in text,
        "options": options,
    }


def header_facts(root):
    version_hpp = (root / "include/awsml/core/version.hpp").read_text()
    macros = {p: re.search(rf"#define AWSML_VERSION_{p.upper()} (\d+)\n", version_hpp) for p in ("major", "minor", "patch")}
    combined = re.search(r"#define AWSML_VERSION\s*\\?\s*\(AWSML_VERSION_MAJOR \* 10000 \+ AWSML_VERSION_MINOR \* 100 "
                         r"\+ AWSML_VERSION_PATCH\)", version_hpp)
    # The constexpr values come from the macros: the version is written once.
    derived = all(re.search(rf"version_{p}\s*=\s*AWSML_VERSION_{p.upper()};", version_hpp) for p in macros)
    asio_hpp = (root / "include/awsml/http/detail/asio.hpp").read_text()
    asio_min = re.search(r"ASIO_VERSION\s*>=\s*(\d+)", asio_hpp)
    boost_libraries = set()
    for header in (root / "include/awsml").rglob("*.hpp"):
        boost_libraries |= set(re.findall(r"#include\s*<boost/(\w+)/", header.read_text()))
    asio_number = int(asio_min.group(1)) if asio_min else None
    return {
        "version_macros": ".".join(m.group(1) for m in macros.values()) if all(macros.values()) else None,
        "version_macro_combined": bool(combined),
        "version_constants_derived": derived,
        # ASIO_VERSION is XXYYZZ: 102200 is 1.22.0.
        "asio_min": (asio_number // 100000, asio_number // 100 % 1000, asio_number % 100) if asio_number else None,
        "boost_libraries": boost_libraries,
    }


def check_versions(c, meson, headers):
    c.check(meson["version"], "meson.build: project('awsml', version: ...) not found")
    c.check(headers["version_macros"] == meson["version"],
            f"version.hpp's AWSML_VERSION_MAJOR/MINOR/PATCH {headers['version_macros']!r} are not meson's {meson['version']!r}")
    c.check(headers["version_macro_combined"],
            "version.hpp: AWSML_VERSION is not AWSML_VERSION_MAJOR * 10000 + AWSML_VERSION_MINOR * 100 + AWSML_VERSION_PATCH")
    c.check(headers["version_constants_derived"],
            "version.hpp: version_major/minor/patch are not taken from the AWSML_VERSION_* macros")
    c.check(meson["boost_min"] and meson["boost_json"], "meson.build: dependency('boost', modules: ['json']) not found")
    c.check(meson["openssl_min"], "meson.build: dependency('openssl', version: '>=...') not found")
    c.check(meson["asio"], "meson.build: has_header('asio.hpp') not found")


def check_vcpkg(c, root, meson, headers):
    port = root / "packaging/vcpkg/awsml"
    try:
        manifest = json.loads((port / "vcpkg.json").read_text())
    except (OSError, json.JSONDecodeError) as e:
        c.check(False, f"packaging/vcpkg/awsml/vcpkg.json: {e}")
        return
    c.check(manifest.get("name") == "awsml", "vcpkg.json: name is not 'awsml'")
    c.check(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", manifest.get("name", "")), "vcpkg.json: name is not a valid port name")
    c.check(manifest.get("version") == meson["version"],
            f"vcpkg.json: version {manifest.get('version')!r} is not meson's {meson['version']!r}")
    c.check(manifest.get("license") == "Apache-2.0", "vcpkg.json: license is not Apache-2.0")
    names, host = set(), set()
    for dependency in manifest.get("dependencies", []):
        if isinstance(dependency, str):
            names.add(dependency)
        else:
            (host if dependency.get("host") else names).add(dependency.get("name"))
    for needed in ("boost-json", "boost-describe", "asio", "openssl"):
        c.check(needed in names, f"vcpkg.json: dependency {needed} missing")
    for library in sorted(headers["boost_libraries"]):
        c.check(f"boost-{library.replace('_', '-')}" in names,
                f"vcpkg.json: the headers include <boost/{library}/...> but boost-{library} is not a dependency")
    c.check("vcpkg-tool-meson" in host, "vcpkg.json: vcpkg-tool-meson is not a host dependency")
    c.check("vcpkg-cmake-config" in host, "vcpkg.json: vcpkg-cmake-config is not a host dependency")

    portfile = (port / "portfile.cmake").read_text()
    for call in ("vcpkg_configure_meson", "vcpkg_install_meson", "vcpkg_fixup_pkgconfig",
                 "vcpkg_cmake_config_fixup", "vcpkg_install_copyright"):
        c.check(re.search(rf"^\s*{call}\(", portfile, re.M), f"portfile.cmake: {call}() not called")
    c.check(re.search(r"set\(VCPKG_BUILD_TYPE release\)", portfile), "portfile.cmake: not release-only (header-only)")
    for option in ("tests", "examples", "benchmarks"):
        c.check(f"-D{option}=false" in portfile, f"portfile.cmake: -D{option}=false missing")
    for option in re.findall(r"-D(\w+)=", portfile):
        c.check(option in meson["options"], f"portfile.cmake: -D{option} is not an option of meson_options.txt")


def string_value(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def call_strings(tree, method):
    """First arguments of every self.<method>("...") call."""
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == method
                and node.args and string_value(node.args[0])):
            found.append(string_value(node.args[0]))
    return found


def range_allows_major(reference, major):
    """Whether a Conan reference's version (exact or [range]) admits some version of `major`."""
    version = reference.split("/", 1)[1]
    if not version.startswith("["):
        return version_tuple(version)[0] == major
    bounds = re.findall(r"(>=|<=|>|<|~|\^)?\s*(\d[\w.]*)", version.strip("[]"))
    low_ok = all(version_tuple(v)[0] <= major for op, v in bounds if op in (">=", ">", "~", "^", ""))
    high_ok = all(version_tuple(v)[0] > major or (op == "<=" and version_tuple(v)[0] == major)
                  for op, v in bounds if op in ("<", "<="))
    return low_ok and high_ok


def check_conan(c, root, meson, headers):
    path = root / "packaging/conan/conanfile.py"
    try:
        tree = ast.parse(path.read_text(), filename=str(path))
    except (OSError, SyntaxError) as e:
        c.check(False, f"packaging/conan/conanfile.py does not parse: {e}")
        return
    recipes = [n for n in tree.body if isinstance(n, ast.ClassDef)
               and any(getattr(b, "id", None) == "ConanFile" for b in n.bases)]
    if not c.check(len(recipes) == 1, "conanfile.py: expected one class deriving from ConanFile"):
        return
    recipe = recipes[0]
    attributes = {}
    for statement in recipe.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            attributes[statement.targets[0].id] = statement.value
    c.check(string_value(attributes.get("name")) == "awsml", "conanfile.py: name is not 'awsml'")
    c.check(string_value(attributes.get("version")) == meson["version"],
            f"conanfile.py: version {string_value(attributes.get('version'))!r} is not meson's {meson['version']!r}")
    c.check(string_value(attributes.get("package_type")) == "header-library",
            "conanfile.py: package_type is not 'header-library'")
    c.check(string_value(attributes.get("license")) == "Apache-2.0", "conanfile.py: license is not Apache-2.0")
    methods = {n.name: n for n in recipe.body if isinstance(n, ast.FunctionDef)}
    for method in ("requirements", "build_requirements", "generate", "build", "package", "package_id", "package_info"):
        c.check(method in methods, f"conanfile.py: method {method}() missing")

    requires = {ref.split("/")[0]: ref for ref in call_strings(tree, "requires")}
    boost = requires.get("boost")
    if c.check(boost, "conanfile.py: boost is not required"):
        c.check(version_tuple(boost.split("/")[1])[:2] >= version_tuple(meson["boost_min"])[:2],
                f"conanfile.py: {boost} is older than meson.build's Boost >= {meson['boost_min']}")
    if meson["boost_json"]:
        defaults = attributes.get("default_options")
        without_json = defaults and any(string_value(k) == "boost/*:without_json" and getattr(v, "value", None) is False
                                        for k, v in zip(defaults.keys, defaults.values))
        c.check(without_json, "conanfile.py: default_options must keep Boost.JSON (boost/*:without_json: False)")
    asio = requires.get("asio")
    if c.check(asio, "conanfile.py: asio is not required"):
        c.check(version_tuple(asio.split("/")[1]) >= headers["asio_min"],
                f"conanfile.py: {asio} is older than the Asio {'.'.join(map(str, headers['asio_min']))} that detail/asio.hpp requires")
    openssl = requires.get("openssl")
    if c.check(openssl, "conanfile.py: openssl is not required"):
        c.check(range_allows_major(openssl, version_tuple(meson["openssl_min"])[0]),
                f"conanfile.py: {openssl} does not allow OpenSSL {meson['openssl_min']}")
    c.check(any(ref.startswith("meson/") for ref in call_strings(tree, "tool_requires")),
            "conanfile.py: meson is not a tool requirement")

    source = ast.unparse(recipe)
    c.check("MesonToolchain(" in source and "Meson(" in source, "conanfile.py: does not build with MesonToolchain and Meson")
    c.check("self.info.clear()" in ast.unparse(methods.get("package_id", recipe)),
            "conanfile.py: package_id() does not clear the settings (header-only)")
    for option in re.findall(r"project_options\[['\"](\w+)['\"]\]", source):
        c.check(option in meson["options"], f"conanfile.py: project option {option} is not in meson_options.txt")
    info = ast.unparse(methods["package_info"]) if "package_info" in methods else ""
    for component in ("boost::json", "asio::asio", "openssl::ssl", "openssl::crypto"):
        c.check(component in info, f"conanfile.py: package_info() does not require {component}")


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    root = Path(argv[1])
    c = Checker()
    meson = meson_facts(root)
    headers = header_facts(root)
    check_versions(c, meson, headers)
    if not c.failures:
        check_vcpkg(c, root, meson, headers)
        check_conan(c, root, meson, headers)
    for failure in c.failures:
        print(f"packaging: {failure}", file=sys.stderr)
    print(f"packaging: {c.passed} checks passed, {len(c.failures)} failed "
          f"(awsml {meson['version']}, Boost >= {meson['boost_min']}, OpenSSL >= {meson['openssl_min']}, "
          f"Boost libraries in headers: {', '.join(sorted(headers['boost_libraries']))})")
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
