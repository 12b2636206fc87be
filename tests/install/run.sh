#!/usr/bin/env bash
# Installs awsml into a scratch prefix with meson, then builds and runs consumer projects, in
# both the header-only and the compiled mode (meson -Dcompiled=true, CMake AWSML_COMPILED):
#   against the installed copy only: meson + pkg-config (awsml.pc), CMake find_package(awsml);
#   against the source tree: a meson subproject, CMake add_subdirectory and FetchContent.
# Every consumer compiles the one tiny consumer.cpp, which fails to compile unless the
# definitions every awsml build passes on reach it (AWSML_SEPARATE_COMPILATION exactly in the
# compiled mode), and prints the mode it saw; CMakeLists.txt's own install is compared with
# meson's in both modes and serves a consumer; client.cpp, which compiles the whole client, is
# built once per mode through the CMake package. In the compiled mode the subproject,
# add_subdirectory and FetchContent consumers are compiled but not linked: linking them would
# compile libawsml (~10 s each) three more times, with the same meson and CMake code that the
# meson install and CMakeLists.txt's own install (cmake_install below) build and link against.
#
#   tests/install/run.sh SOURCE_DIR SCRATCH_DIR [--mode MODE] [COMPILER COMMAND...]
#
# MODE is header-only, compiled or boost-json-header-only (awsml configured to compile Boost.JSON's
# src.hpp instead of linking libboost_json: see boost_json_header_only below). Without --mode,
# header-only then compiled. meson test runs one mode per test, 'install-header-only',
# 'install-compiled' and 'install-boost-json-header-only' (each its own SCRATCH_DIR under the build
# dir, the project's own compiler), so that they run side by side. Exits 77 (meson's "skipped") when
# cmake or pkg-config is missing.
set -euo pipefail

usage() {
  echo "usage: $0 SOURCE_DIR SCRATCH_DIR [--mode header-only|compiled|boost-json-header-only]" \
    "[COMPILER COMMAND...]" >&2
  exit 2
}
[ $# -ge 2 ] || usage
source_dir=$(cd "$1" && pwd)
scratch=$2
shift 2
modes=(header-only compiled)
if [ "${1:-}" = --mode ]; then
  case "${2:-}" in header-only | compiled | boost-json-header-only) modes=("$2") ;; *) usage ;; esac
  shift 2
fi
compiler=("$@")
[ ${#compiler[@]} -gt 0 ] || compiler=(c++)

for tool in meson ninja pkg-config cmake; do
  if ! command -v "$tool" >/dev/null; then
    echo "install test: $tool not found, skipping" >&2
    exit 77
  fi
done

rm -rf "$scratch"
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
# meson's cmake module runs `cmake --system-information` in the working directory, which leaves
# its files there: the two modes' tests, run side by side, each need their own.
cd "$scratch"

# Every build below runs one compiler at a time: the test runs beside others (meson test), and
# their bounded waits should not share two cores with four compilers.

# Runs a command quietly; on failure shows its output and what failed.
step() {
  local name=$1
  shift
  local started=$SECONDS
  if ! "$@" >"$scratch/$name.log" 2>&1; then
    cat "$scratch/$name.log" >&2
    echo "install test: step '$name' failed: $*" >&2
    exit 1
  fi
  echo "$name: $((SECONDS - started)) s" >>"$scratch/times.txt"
}

fail() {
  echo "install test: $*" >&2
  exit 1
}

# Expects the program's output to be exactly the given lines.
expect_output() {
  local program=$1 expected=$2 actual
  actual=$("$program") || fail "$program exited with $?"
  if [ "$actual" != "$expected" ]; then
    printf 'install test: %s printed:\n%s\nexpected:\n%s\n' "$program" "$actual" "$expected" >&2
    exit 1
  fi
  printf '%s\n' "$actual"
}

# The compiler for CMake: a leading ccache or sccache becomes the launcher.
cmake_compiler_args=()
case "$(basename "${compiler[0]}")" in
  ccache | sccache)
    cmake_compiler_args=(-DCMAKE_CXX_COMPILER_LAUNCHER="${compiler[0]}" -DCMAKE_CXX_COMPILER="${compiler[1]}") ;;
  *)
    cmake_compiler_args=(-DCMAKE_CXX_COMPILER="${compiler[0]}") ;;
esac


# Every consumer reads its sources from a copy of tests/install (the subproject consumer gets
# subprojects/awsml, a link to the source tree, without touching the source tree).
consumers=$scratch/consumers
cp -r "$source_dir/tests/install" "$consumers"
mkdir -p "$consumers/subproject_consumer/subprojects"
ln -s "$source_dir" "$consumers/subproject_consumer/subprojects/awsml"

# The ninja target of consumer.cpp's object file in a build directory.
object_target() {
  local target
  target=$(ninja -C "$1" -t targets all | sed -n 's/^\([^:]*consumer\.cpp\.o\): .*/\1/p' | head -n 1)
  [ -n "$target" ] || fail "no object file of consumer.cpp in $1"
  printf '%s\n' "$target"
}

# One mode: install with meson, then the five consumers.
#   run_mode header-only|compiled
run_mode() {
  local mode=$1 compiled=false cmake_compiled=OFF
  if [ "$mode" = compiled ]; then compiled=true cmake_compiled=ON; fi
  local prefix=$scratch/prefix-$mode out=$scratch/$mode
  local expected="awsml $version, $mode" expect_flags=""
  if [ "$mode" = compiled ]; then expect_flags=-DAWSML_CONSUMER_EXPECTS_COMPILED; fi
  mkdir -p "$out"

  # 1. Install (header-only: nothing is compiled; compiled: libawsml, without optimisation or
  # debug information to keep the test short).
  step "install-setup-$mode" env CXX="${compiler[*]}" meson setup "$out/build" "$source_dir" \
    --prefix "$prefix" --buildtype=plain -Dtests=false -Dexamples=false -Dbenchmarks=false \
    -Dcurl=disabled -Dcompiled=$compiled
  step "install-build-$mode" meson compile -C "$out/build" -j 1
  step "install-$mode" meson install -C "$out/build"

  # Every header of the source tree, detail/ and subfolders included, and boost_json_src.cpp.
  (cd "$prefix/include" && find awsml -type f | sort) >"$out/installed-headers.txt"
  diff -u "$scratch/source-headers.txt" "$out/installed-headers.txt" >&2 ||
    fail "$mode: the installed headers differ from include/awsml"

  local pc_file config_file
  pc_file=$(find "$prefix" -name awsml.pc | head -n 1)
  [ -n "$pc_file" ] || fail "$mode: awsml.pc not installed"
  config_file=$(find "$prefix" -name awsmlConfig.cmake | head -n 1)
  [ -n "$config_file" ] || fail "$mode: awsmlConfig.cmake not installed"
  for file in awsmlConfigVersion.cmake awsmlDependencies.cmake; do
    [ -f "$(dirname "$config_file")/$file" ] || fail "$mode: $file not installed"
  done
  if [ "$mode" = compiled ]; then
    [ -n "$(find "$prefix" -name libawsml.a)" ] || fail "compiled: libawsml.a not installed"
  fi
  echo "$mode: installed ${pc_file#"$prefix"/}, ${config_file#"$prefix"/}"

  # 2. meson + pkg-config.
  local cflags
  cflags=$(PKG_CONFIG_PATH=$(dirname "$pc_file") pkg-config --cflags awsml)
  case "$cflags" in *-std=*) fail "$mode: awsml.pc must not choose the C++ standard ($cflags)" ;; esac
  local boost_json_src
  boost_json_src=$(PKG_CONFIG_PATH=$(dirname "$pc_file") pkg-config --variable=boost_json_src awsml)
  [ -f "$boost_json_src" ] || fail "$mode: awsml.pc's boost_json_src ($boost_json_src) does not exist"
  step "meson-consumer-setup-$mode" env CXX="${compiler[*]}" CXXFLAGS="$expect_flags" PKG_CONFIG_PATH="$(dirname "$pc_file")" \
    meson setup "$out/meson-consumer" "$consumers/meson_consumer" --buildtype=debug
  step "meson-consumer-build-$mode" ninja -j 1 -C "$out/meson-consumer"
  expect_output "$out/meson-consumer/consumer" "$expected"

  # 3. meson subproject: subprojects/awsml is the source tree itself (nothing installed).
  step "subproject-consumer-setup-$mode" env CXX="${compiler[*]}" CXXFLAGS="$expect_flags" meson setup \
    "$out/subproject-consumer" "$consumers/subproject_consumer" --buildtype=debug \
    -Dawsml:compiled=$compiled -Dawsml:curl=disabled
  if [ "$mode" = compiled ]; then
    step "subproject-consumer-build-$mode" ninja -j 1 -C "$out/subproject-consumer" \
      "$(object_target "$out/subproject-consumer")"
  else
    step "subproject-consumer-build-$mode" ninja -j 1 -C "$out/subproject-consumer" consumer
    expect_output "$out/subproject-consumer/consumer" "$expected"
  fi

  # 4. CMake: the installed package (with the client), add_subdirectory, FetchContent.
  # The libcurl transport's target is looked for (and required when libcurl is installed) once.
  local way curl
  for way in package subdirectory fetchcontent; do
    curl=OFF
    if [ $way = subdirectory ] && [ "$mode" = header-only ] && pkg-config --exists libcurl; then curl=ON; fi
    step "cmake-$way-setup-$mode" env CXXFLAGS="$expect_flags" cmake -S "$consumers/cmake_consumer" -B "$out/cmake-$way" -G Ninja \
      -DCMAKE_BUILD_TYPE=Debug "${cmake_compiler_args[@]}" -DAWSML_CONSUME=$way \
      -DCMAKE_PREFIX_PATH="$prefix" -DAWSML_SOURCE_DIR="$source_dir" \
      -DFETCHCONTENT_SOURCE_DIR_AWSML="$source_dir" -DFETCHCONTENT_FULLY_DISCONNECTED=ON \
      -DAWSML_COMPILED=$cmake_compiled -DAWSML_CURL="$curl" -DAWSML_CONSUMER_CURL="$curl" \
      -DAWSML_CONSUMER_CLIENT=$([ $way = package ] && echo ON || echo OFF)
    if [ "$mode" = compiled ] && [ $way != package ]; then
      step "cmake-$way-build-$mode" ninja -j 1 -C "$out/cmake-$way" "$(object_target "$out/cmake-$way")"
    else
      step "cmake-$way-build-$mode" cmake --build "$out/cmake-$way" --parallel 1
      expect_output "$out/cmake-$way/consumer" "$expected"
    fi
  done
  expect_output "$out/cmake-package/client" "client: awsml $version"
}

(cd "$source_dir/include" && find awsml -type f | sort) >"$scratch/source-headers.txt"
[ -f "$source_dir/include/awsml/model/detail/boost_json_src.cpp" ] || fail "detail/boost_json_src.cpp missing"
version=$(sed -n 's/^#define AWSML_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)$/\2/p' \
  "$source_dir/include/awsml/core/version.hpp" | paste -sd.)

# A path read on stdin without its `..` (CMake's awsml.pc names ${pcfiledir}/../..), symbolic links
# kept, so that it still starts with the scratch folder's path; a word that is no path is kept.
normalized_path() {
  local line
  while IFS= read -r line; do
    case "$line" in
      /*) realpath -ms -- "$line" ;;
      *) printf '%s\n' "$line" ;;
    esac
  done
}

# CMakeLists.txt installs the same files (the headers, awsml.pc, the CMake package; libawsml.a
# in the compiled mode) as meson, and a consumer finds awsml in its prefix.
#   cmake_install header-only|compiled
cmake_install() {
  local mode=$1 cmake_compiled=OFF expect_flags=""
  if [ "$mode" = compiled ]; then cmake_compiled=ON expect_flags=-DAWSML_CONSUMER_EXPECTS_COMPILED; fi
  local prefix=$scratch/prefix-cmake-$mode meson_prefix=$scratch/prefix-$mode out=$scratch/$mode
  step "cmake-install-setup-$mode" cmake -S "$source_dir" -B "$out/cmake-install" -G Ninja \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib \
    -DAWSML_CURL=OFF -DAWSML_COMPILED=$cmake_compiled "${cmake_compiler_args[@]}"
  step "cmake-install-build-$mode" cmake --build "$out/cmake-install" --parallel 1
  step "cmake-install-$mode" cmake --install "$out/cmake-install"
  (cd "$meson_prefix" && find . -type f | sed 's|^./lib/[^/]*-linux-gnu/|./lib/|' | sort) >"$out/meson-installed.txt"
  (cd "$prefix" && find . -type f | sort) >"$out/cmake-installed.txt"
  diff -u "$out/meson-installed.txt" "$out/cmake-installed.txt" >&2 ||
    fail "$mode: CMakeLists.txt installs other files than meson"
  local variable prefix_pc
  for variable in boost_json_linked boost_json_src; do
    for prefix_pc in "$meson_prefix" "$prefix"; do
      PKG_CONFIG_PATH=$(dirname "$(find "$prefix_pc" -name awsml.pc)") \
        pkg-config --variable=$variable awsml | normalized_path | sed "s|$prefix_pc||"
    done | uniq | [ "$(wc -l)" = 1 ] || fail "$mode: awsml.pc's $variable differs between meson's and CMake's install"
  done
  step "cmake-installed-consumer-setup-$mode" env CXXFLAGS="$expect_flags" cmake -S "$consumers/cmake_consumer" \
    -B "$out/cmake-installed-consumer" -G Ninja -DCMAKE_BUILD_TYPE=Debug "${cmake_compiler_args[@]}" \
    -DCMAKE_PREFIX_PATH="$prefix"
  step "cmake-installed-consumer-build-$mode" cmake --build "$out/cmake-installed-consumer" --parallel 1
  expect_output "$out/cmake-installed-consumer/consumer" "awsml $version, $mode"
  cmake_install_elsewhere "$mode" "$out"
  [ "$mode" != compiled ] || link_into_shared_library "$prefix/lib/libawsml.a" "$out"
}

# awsml.pc finds its prefix from its own place: installed with `cmake --install --prefix`
# elsewhere than the configured prefix, it names the headers where they are.
#   cmake_install_elsewhere MODE OUT
cmake_install_elsewhere() {
  local moved=$scratch/prefix-cmake-moved-$1 includedir
  step "cmake-install-elsewhere-$1" cmake --install "$2/cmake-install" --prefix "$moved"
  includedir=$(PKG_CONFIG_PATH=$moved/lib/pkgconfig pkg-config --variable=includedir awsml |
    normalized_path)
  [ "$includedir" = "$moved/include" ] ||
    fail "$1: awsml.pc installed under $moved names the headers in $includedir"
  [ -f "$includedir/awsml/awsml.hpp" ] || fail "$1: $includedir/awsml/awsml.hpp missing"
}

# CMake's libawsml.a is position-independent, as meson's, so that a consumer's shared library can
# take it (every object, not only those a test program would pull in).
#   link_into_shared_library LIBRARY OUT
link_into_shared_library() {
  step "cmake-libawsml-into-shared-library" "${compiler[@]}" -shared -o "$2/libconsumer.so" \
    -Wl,--whole-archive "$1" -Wl,--no-whole-archive
}

# A version that is not compatible (0.x: another minor version) is refused.
#   refuse_wrong_version MODE
refuse_wrong_version() {
  if cmake -S "$consumers/cmake_consumer" -B "$scratch/cmake-wrong-version" -G Ninja \
    -DCMAKE_PREFIX_PATH="$scratch/prefix-$1" -DAWSML_REQUIRED_VERSION=0.99 \
    "${cmake_compiler_args[@]}" >"$scratch/cmake-wrong-version.log" 2>&1; then
    fail "find_package(awsml 0.99) accepted version $version"
  fi
}

# Without libboost_json (meson -Dboost_json_header_only=true, CMake AWSML_BOOST_JSON_HEADER_ONLY):
# json_consumer.cpp, which needs Boost.JSON's compiled code, links and runs without libboost_json
# in the four ways that option serves: against an installed awsml through pkg-config (the consumer
# compiles awsml.pc's boost_json_src) and the CMake package (AWSML_BOOST_JSON_SOURCE), and from
# the source tree as a meson subproject and with add_subdirectory (awsml compiles it).
boost_json_header_only() {
  local mode=boost-json-header-only
  local prefix=$scratch/prefix-$mode out=$scratch/$mode expected="json: ml-1 9223372036854775807"
  mkdir -p "$out"
  step "install-setup-$mode" env CXX="${compiler[*]}" meson setup "$out/build" "$source_dir" \
    --prefix "$prefix" --buildtype=plain -Dtests=false -Dexamples=false -Dbenchmarks=false \
    -Dcurl=disabled -Dboost_json_header_only=true
  step "install-$mode" meson install -C "$out/build"

  # pkg-config: no -lboost_json, and without boost_json_src the consumer does not link.
  local pc_dir linked source cflags libs
  pc_dir=$(dirname "$(find "$prefix" -name awsml.pc | head -n 1)")
  linked=$(PKG_CONFIG_PATH=$pc_dir pkg-config --variable=boost_json_linked awsml)
  [ "$linked" = false ] || fail "$mode: awsml.pc's boost_json_linked is '$linked'"
  source=$(PKG_CONFIG_PATH=$pc_dir pkg-config --variable=boost_json_src awsml)
  read -ra cflags <<<"$(PKG_CONFIG_PATH=$pc_dir pkg-config --cflags awsml)"
  read -ra libs <<<"$(PKG_CONFIG_PATH=$pc_dir pkg-config --libs awsml)"
  case " ${libs[*]} " in *boost_json*) fail "$mode: awsml.pc links Boost.JSON (${libs[*]})" ;; esac
  step "pkg-config-json-consumer-object-$mode" "${compiler[@]}" -std=c++20 "${cflags[@]}" \
    -c "$consumers/json_consumer.cpp" -o "$out/json_consumer.o"
  if "${compiler[@]}" "$out/json_consumer.o" "${libs[@]}" -o "$out/unlinked" >"$out/unlinked.log" 2>&1; then
    fail "$mode: json_consumer.cpp links without Boost.JSON's code, so it cannot test the option"
  fi
  step "pkg-config-boost-json-src-$mode" "${compiler[@]}" -std=c++20 "${cflags[@]}" -c "$source" \
    -o "$out/boost_json_src.o"
  step "pkg-config-json-consumer-$mode" "${compiler[@]}" "$out/json_consumer.o" \
    "$out/boost_json_src.o" "${libs[@]}" -o "$out/json-consumer-pkg-config"

  # meson subproject.
  step "subproject-setup-$mode" env CXX="${compiler[*]}" meson setup "$out/subproject-consumer" \
    "$consumers/subproject_consumer" --buildtype=plain -Dawsml:boost_json_header_only=true \
    -Dawsml:curl=disabled
  step "subproject-build-$mode" ninja -j 1 -C "$out/subproject-consumer" json_consumer

  # CMake: the package meson installed, and add_subdirectory.
  local way
  for way in package subdirectory; do
    step "cmake-$way-setup-$mode" cmake -S "$consumers/cmake_consumer" -B "$out/cmake-$way" -G Ninja \
      -DCMAKE_BUILD_TYPE=None "${cmake_compiler_args[@]}" -DAWSML_CONSUME=$way \
      -DCMAKE_PREFIX_PATH="$prefix" -DAWSML_SOURCE_DIR="$source_dir" -DAWSML_CURL=OFF \
      -DAWSML_BOOST_JSON_HEADER_ONLY=ON -DAWSML_CONSUMER_JSON=ON
    step "cmake-$way-build-$mode" cmake --build "$out/cmake-$way" --parallel 1 --target json_consumer
  done

  # (readelf's output is kept whole: `readelf | grep -q` under pipefail can fail on SIGPIPE.)
  local program needed
  for program in "$out/json-consumer-pkg-config" "$out/subproject-consumer/json_consumer" \
    "$out/cmake-package/json_consumer" "$out/cmake-subdirectory/json_consumer"; do
    needed=$(readelf -d "$program")
    case "$needed" in *libboost_json*) fail "$mode: $program needs libboost_json" ;; esac
    expect_output "$program" "$expected"
  done
}

for mode in "${modes[@]}"; do
  if [ "$mode" = boost-json-header-only ]; then
    boost_json_header_only
    continue
  fi
  run_mode "$mode"
  [ "$mode" != header-only ] || refuse_wrong_version "$mode"
  cmake_install "$mode"
done

echo "install test: awsml $version installs, and its consumers build and run (${modes[*]})"
