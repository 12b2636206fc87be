# awsml's dependencies and the definitions its headers need, found once for both ways CMake
# meets awsml: the source tree (CMakeLists.txt: add_subdirectory, FetchContent) and the installed
# package (awsmlConfig.cmake). meson.build finds the same with the same minimum versions.
#
# In:  AWSML_BOOST_MIN_VERSION, AWSML_OPENSSL_MIN_VERSION, AWSML_BOOST_JSON_LINKED (bool),
#      AWSML_COMPILED (bool).
# Out: AWSML_DEPENDENCIES_MISSING (what was not found; empty when all was), and, when all was
#      found, AWSML_LINK_LIBRARIES, AWSML_DEPENDENCY_INCLUDE_DIRS, AWSML_COMPILE_DEFINITIONS.
# Standalone Asio: a package manager's CMake target (vcpkg, Conan: asio::asio), else its
# pkg-config file (asio.pc: Conan's PkgConfigDeps, meson's WrapDB), else the directory holding
# asio.hpp (Debian's libasio-dev ships neither), which -DAWSML_ASIO_INCLUDE_DIR=... can force.

set(AWSML_DEPENDENCIES_MISSING)
set(AWSML_LINK_LIBRARIES)
set(AWSML_DEPENDENCY_INCLUDE_DIRS)

# Boost's own CMake package first (Boost >= 1.70 ships one; on Debian, libboost-dev), then
# whatever find_package(Boost) finds otherwise (CMake's FindBoost, vcpkg's wrapper).
if(AWSML_BOOST_JSON_LINKED)
  set(_awsml_boost_components COMPONENTS json)
  set(_awsml_boost_target Boost::json)
else()
  set(_awsml_boost_components)
  set(_awsml_boost_target Boost::headers)
endif()
find_package(Boost ${AWSML_BOOST_MIN_VERSION} QUIET CONFIG ${_awsml_boost_components})
if(NOT Boost_FOUND)
  find_package(Boost ${AWSML_BOOST_MIN_VERSION} QUIET ${_awsml_boost_components})
endif()
if(NOT Boost_FOUND OR NOT TARGET ${_awsml_boost_target})
  list(APPEND AWSML_DEPENDENCIES_MISSING "Boost ${AWSML_BOOST_MIN_VERSION} (${_awsml_boost_target})")
endif()

find_package(OpenSSL ${AWSML_OPENSSL_MIN_VERSION} QUIET)
if(NOT OpenSSL_FOUND)
  list(APPEND AWSML_DEPENDENCIES_MISSING "OpenSSL ${AWSML_OPENSSL_MIN_VERSION}")
endif()

# expat reads STS's XML answers (auth/detail/sts_response.hpp); CMake's FindEXPAT gives EXPAT::EXPAT.
find_package(EXPAT QUIET)
if(NOT TARGET EXPAT::EXPAT)
  list(APPEND AWSML_DEPENDENCIES_MISSING "expat (libexpat1-dev on Debian, the expat package of vcpkg or Conan)")
endif()

set(THREADS_PREFER_PTHREAD_FLAG ON)
find_package(Threads QUIET)
if(NOT Threads_FOUND)
  list(APPEND AWSML_DEPENDENCIES_MISSING "Threads")
endif()

set(_awsml_asio)
find_package(asio CONFIG QUIET)
if(TARGET asio::asio)
  set(_awsml_asio asio::asio)
elseif(NOT AWSML_ASIO_INCLUDE_DIR)
  find_package(PkgConfig QUIET)
  if(PKG_CONFIG_FOUND)
    pkg_check_modules(AWSML_ASIO_PC QUIET IMPORTED_TARGET GLOBAL asio)
    if(AWSML_ASIO_PC_FOUND)
      set(_awsml_asio PkgConfig::AWSML_ASIO_PC)
    endif()
  endif()
endif()
if(NOT _awsml_asio)
  find_path(AWSML_ASIO_INCLUDE_DIR asio.hpp DOC "Directory holding standalone Asio's asio.hpp")
  if(AWSML_ASIO_INCLUDE_DIR)
    list(APPEND AWSML_DEPENDENCY_INCLUDE_DIRS "${AWSML_ASIO_INCLUDE_DIR}")
  else()
    list(APPEND AWSML_DEPENDENCIES_MISSING
         "standalone Asio 1.22 or newer (asio.hpp: libasio-dev on Debian, the asio package of vcpkg or Conan, or set AWSML_ASIO_INCLUDE_DIR)")
  endif()
endif()

if(NOT AWSML_DEPENDENCIES_MISSING)
  set(AWSML_LINK_LIBRARIES ${_awsml_boost_target} OpenSSL::SSL OpenSSL::Crypto EXPAT::EXPAT Threads::Threads ${_awsml_asio})
endif()

# The same definitions as meson.build's awsml_compile_args: the headers are written for
# ASIO_NO_DEPRECATED; Asio 1.22 detects coroutines only with libc++, so clang with libstdc++ is
# told; the separate compilation mode declares the client's call path extern.
set(AWSML_COMPILE_DEFINITIONS
    ASIO_NO_DEPRECATED
    "$<$<CXX_COMPILER_ID:Clang>:ASIO_HAS_CO_AWAIT=1>"
    "$<$<CXX_COMPILER_ID:Clang>:ASIO_HAS_STD_COROUTINE=1>")
if(AWSML_COMPILED)
  list(APPEND AWSML_COMPILE_DEFINITIONS AWSML_SEPARATE_COMPILATION)
endif()

unset(_awsml_boost_components)
unset(_awsml_boost_target)
unset(_awsml_asio)
