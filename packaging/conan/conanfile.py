"""Conan 2 recipe for awsml, a header-only C++20 client for Amazon Machine Learning.

From the root of an awsml checkout:

    conan create packaging/conan --build=missing -s compiler.cppstd=20

then, in a consumer: requires = "awsml/0.1.0"; with CMakeDeps, find_package(awsml CONFIG)
and target_link_libraries(app PRIVATE awsml::awsml); with PkgConfigDeps, dependency('awsml').

The recipe builds with meson (MesonToolchain + PkgConfigDeps) like every other awsml build, so
the installed headers are exactly what `meson install` installs. tests/install/check_packaging.py
checks offline that the version and the dependencies agree with meson.build.
"""

import os

from conan import ConanFile
from conan.tools.build import check_min_cppstd
from conan.tools.files import copy, rmdir
from conan.tools.gnu import PkgConfigDeps
from conan.tools.layout import basic_layout
from conan.tools.meson import Meson, MesonToolchain

required_conan_version = ">=2.0"


class AwsmlConan(ConanFile):
    name = "awsml"
    version = "0.1.0"
    description = ("Header-only C++20 client for Amazon Machine Learning (GetMLModel): typed "
                   "responses, strict decoding, SigV4, retries, pluggable transports")
    license = "Apache-2.0"
    topics = ("aws", "machine-learning", "sigv4", "header-only")
    package_type = "header-library"
    settings = "os", "arch", "compiler", "build_type"
    # awsml links Boost.JSON's library: keep it in the Boost build.
    default_options = {"boost/*:without_json": False}
    no_copy_source = True

    def export_sources(self):
        # The recipe lives in packaging/conan/ of the source tree it packages.
        root = os.path.join(self.recipe_folder, "..", "..")
        for pattern in ("meson.build", "meson_options.txt", "LICENSE", "include/*", "packaging/*"):
            copy(self, pattern, src=root, dst=self.export_sources_folder)

    def layout(self):
        basic_layout(self)

    def requirements(self):
        # Headers of all three appear in awsml's headers: consumers need them too.
        self.requires("boost/1.81.0", transitive_headers=True, transitive_libs=True)
        self.requires("asio/1.22.1", transitive_headers=True)
        self.requires("openssl/[>=3.0 <4]", transitive_headers=True, transitive_libs=True)

    def build_requirements(self):
        self.tool_requires("meson/[>=1.0.0 <2]")
        self.tool_requires("pkgconf/[>=1.9 <3]")

    def package_id(self):
        self.info.clear()  # header-only: one package for every configuration

    def validate(self):
        if self.settings.get_safe("compiler.cppstd"):
            check_min_cppstd(self, 20)

    def generate(self):
        toolchain = MesonToolchain(self)
        toolchain.project_options["tests"] = False
        toolchain.project_options["examples"] = False
        toolchain.project_options["benchmarks"] = False
        toolchain.project_options["curl"] = "disabled"
        # meson's Boost finder uses neither pkg-config nor CMake: point it at Conan's Boost.
        toolchain.properties["boost_root"] = self.dependencies["boost"].package_folder.replace("\\", "/")
        # meson.build looks for standalone Asio with has_header('asio.hpp').
        for include_dir in self.dependencies["asio"].cpp_info.includedirs:
            toolchain.extra_cxxflags.append("-I" + include_dir.replace("\\", "/"))
        toolchain.generate()
        PkgConfigDeps(self).generate()

    def build(self):
        meson = Meson(self)
        meson.configure()
        meson.build()

    def package(self):
        copy(self, "LICENSE", src=self.source_folder, dst=os.path.join(self.package_folder, "licenses"))
        meson = Meson(self)
        meson.install()
        # Conan writes its own CMake and pkg-config files for consumers from package_info().
        rmdir(self, os.path.join(self.package_folder, "lib"))
        rmdir(self, os.path.join(self.package_folder, "share"))

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        self.cpp_info.set_property("cmake_file_name", "awsml")
        self.cpp_info.set_property("cmake_target_name", "awsml::awsml")
        self.cpp_info.set_property("pkg_config_name", "awsml")
        self.cpp_info.requires = [
            "boost::headers",
            "boost::json",
            "asio::asio",
            "openssl::ssl",
            "openssl::crypto",
        ]
        if self.settings.get_safe("os") in ("Linux", "FreeBSD"):
            self.cpp_info.system_libs = ["pthread"]
        # Asio 1.22 detects coroutines only with libc++: clang with libstdc++ needs these.
        if (self.settings.get_safe("compiler") == "clang"
                and str(self.settings.get_safe("compiler.libcxx", "")).startswith("libstdc++")):
            self.cpp_info.defines = ["ASIO_HAS_CO_AWAIT=1", "ASIO_HAS_STD_COROUTINE=1"]
