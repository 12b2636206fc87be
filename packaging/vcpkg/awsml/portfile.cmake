# vcpkg port of awsml, built with meson. Header-only by default: the install step only copies
# the headers and writes awsml.pc and the CMake package (awsml::awsml). Features: "compiled"
# (meson -Dcompiled=true: libawsml and AWSML_SEPARATE_COMPILATION), "curl" (libcurl, for the
# awsml::curl_transport target). POSIX only ("supports": "!windows & !uwp": credential_process
# runs through posix_spawn).
#
# As an overlay port this builds the source tree it sits in (packaging/vcpkg/awsml is three
# levels below the root), or the tree named by AWSML_SOURCE_DIR (pass the variable through with
# VCPKG_KEEP_ENV_VARS). A port for a registry fetches a release instead:
#   vcpkg_from_github(OUT_SOURCE_PATH SOURCE_PATH REPO <owner>/awsml REF "v${VERSION}" SHA512 <sha512>)
#
# Binary caching: vcpkg keys a package on the port's files, not on the sources an overlay port
# reads from outside its folder, so after a change to the awsml sources it reuses the stale
# build. Install with --no-binarycaching (or bump "port-version") while developing awsml
# through this overlay; the registry port above is keyed on its SHA512 and has no such problem.

if(NOT "compiled" IN_LIST FEATURES)
    set(VCPKG_BUILD_TYPE release) # header-only: one configuration is enough
endif()

if(DEFINED ENV{AWSML_SOURCE_DIR})
    set(SOURCE_PATH "$ENV{AWSML_SOURCE_DIR}")
else()
    get_filename_component(SOURCE_PATH "${CURRENT_PORT_DIR}/../../.." ABSOLUTE)
endif()
if(NOT EXISTS "${SOURCE_PATH}/meson.build" OR NOT EXISTS "${SOURCE_PATH}/include/awsml/core/version.hpp")
    message(FATAL_ERROR "awsml sources not found at ${SOURCE_PATH}: set AWSML_SOURCE_DIR")
endif()

if("compiled" IN_LIST FEATURES)
    set(AWSML_COMPILED true)
else()
    set(AWSML_COMPILED false)
endif()

vcpkg_configure_meson(
    SOURCE_PATH "${SOURCE_PATH}"
    OPTIONS
        -Dtests=false
        -Dexamples=false
        -Dbenchmarks=false
        -Dcurl=disabled
        -Dcompiled=${AWSML_COMPILED}
    ADDITIONAL_PROPERTIES
        # meson's Boost finder does not use pkg-config or CMake: tell it where vcpkg put Boost.
        # Asio is found through vcpkg's asio.pc.
        "boost_root = '${CURRENT_INSTALLED_DIR}'"
)
vcpkg_install_meson()
vcpkg_fixup_pkgconfig()
# meson installs the CMake package in share/cmake/awsml; vcpkg wants it in share/awsml (the
# fixup moves it, corrects PACKAGE_PREFIX_DIR for the new depth and removes share/cmake).
vcpkg_cmake_config_fixup(PACKAGE_NAME awsml CONFIG_PATH share/cmake/awsml)

file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug/include" "${CURRENT_PACKAGES_DIR}/debug/share")
if(NOT "compiled" IN_LIST FEATURES)
    # Nothing is compiled: drop what would stay empty (the pkg-config file stays in lib/pkgconfig).
    file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug")
    file(GLOB _awsml_lib_entries "${CURRENT_PACKAGES_DIR}/lib/*")
    if(NOT _awsml_lib_entries)
        file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/lib")
    endif()
endif()

file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
