"""Conan 2 recipe for awsml, a C++20 client for Amazon Machine Learning.

From the root of an awsml checkout (test_package/ builds and runs a consumer):

    conan create packaging/conan --build=missing -s compiler.cppstd=20
    conan create packaging/conan --build=missing -s compiler.cppstd=20 -o "awsml/*:compiled=True"

then, in a consumer: requires = "awsml/0.1.0"; with CMakeDeps, find_package(awsml CONFIG) and
target_link_libraries(app PRIVATE awsml::awsml) (awsml::curl_transport with -o curl=True); with
PkgConfigDeps, dependency('awsml').

Options (the meson options of the same names, meson_options.txt):
  compiled                the client's call path compiled once into libawsml
                          (AWSML_SEPARATE_COMPILATION); otherwise header-only
  curl                    require libcurl for <awsml/http/curl_transport.hpp>
  boost_json_header_only  do not link libboost_json: the consumer compiles
                          <awsml/model/detail/boost_json_src.cpp> into one translation unit

The recipe builds with meson (MesonToolchain + PkgConfigDeps) like every other awsml build, so
the installed headers are exactly what `meson install` installs, and package_info() passes on
the same definitions as meson.build's awsml dependency. It uses nothing newer than Conan 2.0
(in particular not MesonToolchain.extra_cxxflags, 2.4: meson finds Asio through the asio.pc
that PkgConfigDeps writes). tests/install/check_packaging.py checks the recipe offline.
"""

import os

from conan import ConanFile
from conan.errors import ConanInvalidConfiguration
from conan.tools.build import check_min_cppstd
from conan.tools.files import copy, rmdir
from conan.tools.gnu import PkgConfigDeps
from conan.tools.layout import basic_layout
from conan.tools.meson import Meson, MesonToolchain

required_conan_version = ">=2.0"


class AwsmlConan(ConanFile):
    name = "awsml"
    version = "0.1.0"
    description = ("C++20 client for Amazon Machine Learning: typed responses, strict decoding, "
                   "SigV4, retries, pluggable transports; header-only or compiled")
    license = "Apache-2.0"
    url = "https://github.com/conan-io/conan-center-index"
    homepage = "https://github.com/awsml/awsml"
    topics = ("aws", "machine-learning", "sigv4", "header-only")
    package_type = "static-library"
    settings = "os", "arch", "compiler", "build_type"
    options = {
        "compiled": [True, False],
        "curl": [True, False],
        "boost_json_header_only": [True, False],
        "fPIC": [True, False],
    }
    default_options = {
        "compiled": False,
        "curl": False,
        "boost_json_header_only": False,
        "fPIC": True,
    }
    no_copy_source = True

    def export_sources(self):
        # The recipe lives in packaging/conan/ of the source tree it packages.
        root = os.path.join(self.recipe_folder, "..", "..")
        for pattern in ("meson.build", "meson_options.txt", "LICENSE", "include/*", "packaging/*"):
            copy(self, pattern, src=root, dst=self.export_sources_folder)

    def configure(self):
        if not self.options.compiled:
            self.package_type = "header-library"
            self.options.rm_safe("fPIC")

    def layout(self):
        basic_layout(self)

    def requirements(self):
        # Headers of all four appear in awsml's headers: consumers need them too.
        self.requires("boost/[>=1.81 <2]", transitive_headers=True, transitive_libs=True)
        self.requires("asio/[>=1.22 <2]", transitive_headers=True)
        self.requires("openssl/[>=3.0 <4]", transitive_headers=True, transitive_libs=True)
        self.requires("expat/[>=2.4 <3]", transitive_headers=True, transitive_libs=True)
        if self.options.curl:
            self.requires("libcurl/[>=7.78 <9]", transitive_headers=True, transitive_libs=True)

    def build_requirements(self):
        self.tool_requires("meson/[>=1.0.0 <2]")
        self.tool_requires("pkgconf/[>=1.9 <3]")

    def package_id(self):
        if not self.info.options.compiled:
            self.info.clear()  # header-only: one package for every configuration

    def validate(self):
        if self.settings.os in ("Windows", "WindowsStore"):
            raise ConanInvalidConfiguration(
                f"{self.ref} needs POSIX (posix_spawn for credential_process): Windows is not supported")
        if self.settings.get_safe("compiler.cppstd"):
            check_min_cppstd(self, 20)
        boost = self.dependencies["boost"].options
        if not self.options.boost_json_header_only and (boost.get_safe("without_json") or boost.get_safe("header_only")):
            raise ConanInvalidConfiguration(
                f"{self.ref} links Boost.JSON: build boost with without_json=False and header_only=False, "
                "or set awsml/*:boost_json_header_only=True")

    def generate(self):
        toolchain = MesonToolchain(self)
        toolchain.project_options["tests"] = False
        toolchain.project_options["examples"] = False
        toolchain.project_options["benchmarks"] = False
        toolchain.project_options["curl"] = "disabled"  # only awsml's own test uses it
        toolchain.project_options["compiled"] = bool(self.options.compiled)
        toolchain.project_options["boost_json_header_only"] = bool(self.options.boost_json_header_only)
        # meson's Boost finder uses neither pkg-config nor CMake: point it at Conan's Boost.
        # Asio is found through the asio.pc that PkgConfigDeps writes.
        toolchain.properties["boost_root"] = self.dependencies["boost"].package_folder.replace("\\", "/")
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
        rmdir(self, os.path.join(self.package_folder, "lib", "pkgconfig"))
        rmdir(self, os.path.join(self.package_folder, "share"))
        if not self.options.compiled:
            rmdir(self, os.path.join(self.package_folder, "lib"))

    def package_info(self):
        # awsml::awsml (awsml.pc) gathers the components, as the CMake package's awsml::awsml
        # does; with curl=True that includes awsml::curl_transport.
        self.cpp_info.set_property("cmake_file_name", "awsml")
        self.cpp_info.set_property("cmake_target_name", "awsml::awsml")
        self.cpp_info.set_property("pkg_config_name", "awsml")

        core = self.cpp_info.components["core"]
        core.set_property("cmake_target_name", "awsml::core")
        core.set_property("pkg_config_name", "awsml-core")
        core.bindirs = []
        core.requires = ["boost::headers", "asio::asio", "openssl::ssl", "openssl::crypto", "expat::expat"]
        if not self.options.boost_json_header_only:
            core.requires.append("boost::json")
        # The definitions of meson.build's awsml dependency (awsml_compile_args, compiled_args).
        core.defines = ["ASIO_NO_DEPRECATED"]
        if self.options.compiled:
            core.libs = ["awsml"]
            core.defines.append("AWSML_SEPARATE_COMPILATION")
        else:
            core.libdirs = []
        # Asio 1.22 detects coroutines only with libc++: clang with libstdc++ needs these.
        if (self.settings.get_safe("compiler") == "clang"
                and str(self.settings.get_safe("compiler.libcxx", "")).startswith("libstdc++")):
            core.defines += ["ASIO_HAS_CO_AWAIT=1", "ASIO_HAS_STD_COROUTINE=1"]
        if self.settings.get_safe("os") in ("Linux", "FreeBSD"):
            core.system_libs = ["pthread"]

        if self.options.curl:
            curl = self.cpp_info.components["curl_transport"]
            curl.set_property("cmake_target_name", "awsml::curl_transport")
            curl.set_property("pkg_config_name", "awsml-curl")
            curl.bindirs = []
            curl.libdirs = []
            curl.requires = ["core", "libcurl::libcurl"]
