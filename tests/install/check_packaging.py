#!/usr/bin/env python3
"""Offline checks of awsml's vcpkg port and Conan recipe against the meson build.

    tests/install/check_packaging.py SOURCE_DIR

Neither vcpkg nor Conan is needed (nor the network): the port's vcpkg.json must parse, the
recipe must parse as Python, and both must agree with meson.build (project version, Boost with
Boost.JSON, OpenSSL 3, standalone Asio, expat, the definitions awsml passes on), with
include/awsml/core/version.hpp (its AWSML_VERSION_* macros), with the Boost libraries the
headers include, and with meson_options.txt (every option they set exists). Beyond agreement,
what a ConanCenter or vcpkg review asks: a required_conan_version that covers the Conan features
used, version ranges that admit current ConanCenter versions, a test_package/, options for the
compiled mode, the curl transport and header-only Boost.JSON, a validate() that refuses Windows
and a Boost without Boost.JSON; an honest vcpkg "supports", a homepage, a usage file, features.
meson test runs it as the test 'packaging'.
"""

import ast
import fnmatch
import json
import re
import shutil
import subprocess
import sys
import tempfile
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
        # Asio by its pkg-config file first, by header otherwise.
        "asio": "dependency('asio'" in text and "has_header('asio.hpp')" in text,
        "expat": "dependency('expat')" in text,
        "options": options,
        "definitions": meson_list(text, "awsml_definitions"),
        "compiled_definitions": meson_list(text, "compiled_args"),
    }


def meson_list(text, variable):
    """The -D definitions of a `variable = ['-DX', ...]` line of meson.build, without -D."""
    match = re.search(rf"^{variable}\s*=\s*\[([^\]]*)\]", text, re.M)
    return re.findall(r"'-D([^']+)'", match.group(1)) if match else []


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
    c.check(meson["asio"], "meson.build: dependency('asio') with a has_header('asio.hpp') fallback not found")
    c.check(meson["expat"], "meson.build: dependency('expat') not found")
    c.check("ASIO_NO_DEPRECATED" in meson["definitions"], "meson.build: awsml_definitions lacks -DASIO_NO_DEPRECATED")
    c.check(meson["compiled_definitions"] == ["AWSML_SEPARATE_COMPILATION"],
            "meson.build: compiled_args is not ['-DAWSML_SEPARATE_COMPILATION']")


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
    for needed in ("boost-json", "boost-describe", "asio", "openssl", "expat"):
        c.check(needed in names, f"vcpkg.json: dependency {needed} missing")
    for library in sorted(headers["boost_libraries"]):
        c.check(f"boost-{library.replace('_', '-')}" in names,
                f"vcpkg.json: the headers include <boost/{library}/...> but boost-{library} is not a dependency")
    c.check("vcpkg-tool-meson" in host, "vcpkg.json: vcpkg-tool-meson is not a host dependency")
    c.check("vcpkg-cmake-config" in host, "vcpkg.json: vcpkg-cmake-config is not a host dependency")

    c.check(str(manifest.get("homepage", "")).startswith("https://"), "vcpkg.json: homepage (https://...) missing")
    # posix_spawn: no Windows, desktop or UWP. The expression must AND-in !windows.
    supports = manifest.get("supports", "")
    terms = [term.strip() for term in supports.split("&")]
    c.check("|" not in supports and "!windows" in terms,
            f"vcpkg.json: supports {supports!r} does not exclude windows (the code uses posix_spawn)")
    features = manifest.get("features", {})
    c.check("compiled" in features, "vcpkg.json: feature 'compiled' missing")
    curl_feature = features.get("curl", {})
    c.check(any((d if isinstance(d, str) else d.get("name")) == "curl" for d in curl_feature.get("dependencies", [])),
            "vcpkg.json: feature 'curl' does not depend on curl")
    usage = port / "usage"
    usage_text = usage.read_text() if usage.is_file() else ""
    c.check(usage_text, "packaging/vcpkg/awsml/usage missing")
    for needed in ("find_package(awsml CONFIG REQUIRED)", "awsml::awsml", "awsml::curl_transport"):
        c.check(needed in usage_text, f"usage: does not show {needed}")

    portfile = (port / "portfile.cmake").read_text()
    c.check(re.search(r'file\(INSTALL "\$\{CMAKE_CURRENT_LIST_DIR\}/usage" DESTINATION "\$\{CURRENT_PACKAGES_DIR\}/share/\$\{PORT\}"\)',
                      portfile), "portfile.cmake: the usage file is not installed to share/${PORT}")
    c.check('"compiled" IN_LIST FEATURES' in portfile and "-Dcompiled=${AWSML_COMPILED}" in portfile,
            "portfile.cmake: the 'compiled' feature does not set -Dcompiled")
    c.check("--no-binarycaching" in portfile,
            "portfile.cmake: does not document that the binary cache reuses stale builds of an overlay port")
    for call in ("vcpkg_configure_meson", "vcpkg_install_meson", "vcpkg_fixup_pkgconfig",
                 "vcpkg_cmake_config_fixup", "vcpkg_install_copyright"):
        c.check(re.search(rf"^\s*{call}\(", portfile, re.M), f"portfile.cmake: {call}() not called")
    c.check(re.search(r'if\(NOT "compiled" IN_LIST FEATURES\)\s*set\(VCPKG_BUILD_TYPE release\)', portfile),
            "portfile.cmake: not release-only when header-only")
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


def range_allows(reference, version):
    """Whether a Conan reference's version (exact or a [range] of space-separated conditions)
    admits `version`."""
    wanted = version_tuple(version)
    text = reference.split("/", 1)[1]
    if not text.startswith("["):
        return version_tuple(text) == wanted
    for op, bound in re.findall(r"(>=|<=|>|<|=)?\s*(\d[\w.]*)", text.strip("[]").split(",")[0]):
        limit = version_tuple(bound)
        width = len(limit)
        ok = {">=": wanted >= limit, ">": wanted > limit, "<=": wanted[:width] <= limit,
              "<": wanted < limit, "=": wanted[:width] == limit, "": wanted[:width] == limit}[op]
        if not ok:
            return False
    return True


def conan_version_floor(text):
    match = re.fullmatch(r"\s*>=\s*([\d.]+)\s*", text or "")
    return version_tuple(match.group(1)) if match else None


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
    # required_conan_version must cover what the recipe uses.
    floor = None
    for statement in tree.body:
        if (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                and getattr(statement.targets[0], "id", None) == "required_conan_version"):
            floor = conan_version_floor(string_value(statement.value))
    if c.check(floor, "conanfile.py: required_conan_version = \">=X.Y\" missing"):
        used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        # MesonToolchain's extra_cxxflags & co. exist from Conan 2.4.
        for feature, since in (("extra_cxxflags", (2, 4)), ("extra_cflags", (2, 4)), ("extra_ldflags", (2, 4)),
                               ("extra_defines", (2, 4))):
            if feature in used:
                c.check(floor >= since, f"conanfile.py: uses {feature} (Conan {since[0]}.{since[1]}) but "
                        f"required_conan_version is >={'.'.join(map(str, floor))}")
    # Header-only unless compiled: package_type follows the option.
    c.check(string_value(attributes.get("package_type")) == "static-library",
            "conanfile.py: package_type is not 'static-library' (the compiled mode)")
    c.check(string_value(attributes.get("license")) == "Apache-2.0", "conanfile.py: license is not Apache-2.0")
    methods = {n.name: n for n in recipe.body if isinstance(n, ast.FunctionDef)}
    for method in ("configure", "requirements", "build_requirements", "validate", "generate", "build", "package",
                   "package_id", "package_info"):
        c.check(method in methods, f"conanfile.py: method {method}() missing")
    body = {name: ast.unparse(node) for name, node in methods.items()}
    c.check("self.package_type = 'header-library'" in body.get("configure", ""),
            "conanfile.py: configure() does not make the package a header-library when not compiled")

    # Options: the compiled mode, the curl transport, header-only Boost.JSON, booleans, off by default.
    options = attributes.get("options")
    option_values = {string_value(k): v for k, v in zip(options.keys, options.values)} if isinstance(options, ast.Dict) else {}
    defaults = attributes.get("default_options")
    default_values = ({string_value(k): getattr(v, "value", None) for k, v in zip(defaults.keys, defaults.values)}
                      if isinstance(defaults, ast.Dict) else {})
    for option in ("compiled", "curl", "boost_json_header_only"):
        values = option_values.get(option)
        c.check(isinstance(values, ast.List) and {getattr(v, "value", None) for v in values.elts} == {True, False},
                f"conanfile.py: option {option} is not [True, False]")
        c.check(default_values.get(option) is False, f"conanfile.py: option {option} is not False by default")
    generate = body.get("generate", "")
    for option in ("compiled", "boost_json_header_only"):
        c.check(re.search(rf"project_options\['{option}'\]\s*=\s*bool\(self\.options\.{option}\)", generate),
                f"conanfile.py: option {option} is not passed to meson's -D{option}")
    c.check("libcurl/" in body.get("requirements", "") and "if self.options.curl" in body.get("requirements", ""),
            "conanfile.py: option curl does not require libcurl")

    # validate(): POSIX only, and Boost's json component unless Boost.JSON is header-only.
    validate = body.get("validate", "")
    c.check("'Windows'" in validate and "ConanInvalidConfiguration" in validate,
            "conanfile.py: validate() does not refuse Windows (posix_spawn)")
    c.check("without_json" in validate and "boost_json_header_only" in validate,
            "conanfile.py: validate() does not check that Boost was built with Boost.JSON")

    # The definitions awsml passes on (meson.build's awsml_definitions, compiled_args).
    info = body.get("package_info", "")
    for definition in meson["definitions"] + meson["compiled_definitions"]:
        c.check(f"'{definition}'" in info, f"conanfile.py: package_info() does not define {definition}")

    # test_package/: a consumer `conan create` builds and runs.
    test_package = path.parent / "test_package"
    try:
        test_recipe = ast.unparse(ast.parse((test_package / "conanfile.py").read_text()))
    except (OSError, SyntaxError) as e:
        c.check(False, f"packaging/conan/test_package/conanfile.py missing or does not parse: {e}")
        test_recipe = ""
    c.check("self.tested_reference_str" in test_recipe and "def test(" in test_recipe,
            "test_package/conanfile.py: does not require tested_reference_str and run a test()")
    test_cmake = test_package / "CMakeLists.txt"
    test_cmake_text = test_cmake.read_text() if test_cmake.is_file() else ""
    c.check("find_package(awsml CONFIG REQUIRED)" in test_cmake_text and "awsml::awsml" in test_cmake_text,
            "test_package/CMakeLists.txt: does not find_package(awsml) and link awsml::awsml")
    c.check(any(test_package.glob("*.cpp")), "test_package/: no C++ source")

    requires = {ref.split("/")[0]: ref for ref in call_strings(tree, "requires")}
    boost = requires.get("boost")
    if c.check(boost, "conanfile.py: boost is not required"):
        c.check(not range_allows(boost, "1.80.0"), f"conanfile.py: {boost} admits Boost older than {meson['boost_min']}")
        # A range, not a pin: any other package's Boost must be able to satisfy it.
        c.check(range_allows(boost, meson["boost_min"] + ".0") and range_allows(boost, "1.86.0"),
                f"conanfile.py: {boost} is not a range admitting Boost {meson['boost_min']} and current versions (1.86)")
    asio = requires.get("asio")
    if c.check(asio, "conanfile.py: asio is not required"):
        oldest = ".".join(map(str, headers["asio_min"]))
        # ConanCenter's Asio versions run 1.27 to 1.38 today; Debian bookworm has 1.22.
        for version in (oldest, "1.27.0", "1.38.0"):
            c.check(range_allows(asio, version), f"conanfile.py: {asio} does not admit Asio {version}")
        c.check(not range_allows(asio, ".".join(map(str, headers["asio_min"][:1] + (headers["asio_min"][1] - 1, 0)))),
                f"conanfile.py: {asio} admits an Asio older than the {oldest} that detail/asio.hpp requires")
    openssl = requires.get("openssl")
    if c.check(openssl, "conanfile.py: openssl is not required"):
        c.check(range_allows_major(openssl, version_tuple(meson["openssl_min"])[0]),
                f"conanfile.py: {openssl} does not allow OpenSSL {meson['openssl_min']}")
    c.check("expat" in requires, "conanfile.py: expat is not required")
    c.check(any(ref.startswith("meson/") for ref in call_strings(tree, "tool_requires")),
            "conanfile.py: meson is not a tool requirement")

    source = ast.unparse(recipe)
    c.check("MesonToolchain(" in source and "Meson(" in source, "conanfile.py: does not build with MesonToolchain and Meson")
    c.check(re.search(r"if not self\.info\.options\.compiled:\s*self\.info\.clear\(\)", body.get("package_id", "")),
            "conanfile.py: package_id() does not clear the settings when header-only")
    for option in re.findall(r"project_options\[['\"](\w+)['\"]\]", source):
        c.check(option in meson["options"], f"conanfile.py: project option {option} is not in meson_options.txt")
    for component in ("boost::json", "asio::asio", "openssl::ssl", "openssl::crypto", "expat::expat", "libcurl::libcurl",
                      "awsml::awsml", "awsml::curl_transport"):
        c.check(component in info, f"conanfile.py: package_info() does not require {component}")


def exported_files(root, patterns):
    """The files Conan's copy() takes for `patterns` (fnmatch on the path: '*' spans folders)."""
    for pattern in patterns:
        top = root / pattern.split("/")[0]
        candidates = [top] if top.is_file() else (p for p in top.rglob("*") if p.is_file())
        for path in candidates:
            if fnmatch.fnmatch(path.relative_to(root).as_posix(), pattern):
                yield path


def check_conan_sources_configure(c, root):
    """The recipe's exported sources alone configure as the recipe builds them (library only)."""
    recipe = (root / "packaging/conan/conanfile.py").read_text()
    found = re.search(r"for pattern in \(([^)]*)\):\s*copy\(", recipe)
    if not c.check(found, "conanfile.py: export_sources() has no `for pattern in (...): copy(` loop"):
        return
    patterns = ast.literal_eval("(" + found.group(1) + ")")
    if not shutil.which("meson"):
        print("packaging: SKIPPED the exported sources' meson setup: no meson here")
        return
    with tempfile.TemporaryDirectory(prefix="awsml-conan-export-") as scratch:
        exported = Path(scratch) / "src"
        for path in exported_files(root, patterns):
            target = exported / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        setup = subprocess.run(["meson", "setup", str(Path(scratch) / "build"), "-Dtests=false",
                                "-Dexamples=false", "-Dbenchmarks=false"],
                               cwd=exported, capture_output=True, text=True)
        errors = [line for line in setup.stdout.splitlines() if "ERROR" in line]
        c.check(setup.returncode == 0,
                "the Conan recipe's exported sources do not configure: "
                + ("; ".join(errors) or setup.stderr.strip()[-300:]))


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
        check_conan_sources_configure(c, root)
    for failure in c.failures:
        print(f"packaging: {failure}", file=sys.stderr)
    print(f"packaging: {c.passed} checks passed, {len(c.failures)} failed "
          f"(awsml {meson['version']}, Boost >= {meson['boost_min']}, OpenSSL >= {meson['openssl_min']}, "
          f"Boost libraries in headers: {', '.join(sorted(headers['boost_libraries']))})")
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
