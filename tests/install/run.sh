#!/usr/bin/env bash
# Installs awsml into a scratch prefix, then builds and runs two consumer projects against the
# installed copy only: one with meson + pkg-config, one with CMake find_package(awsml CONFIG);
# and a third that uses the source tree as a meson subproject.
#
#   tests/install/run.sh SOURCE_DIR SCRATCH_DIR [COMPILER COMMAND...]
#
# meson test runs it as the test 'install' (SCRATCH_DIR under the build dir, the project's own
# compiler). Exits 77 (meson's "skipped") when cmake or pkg-config is missing.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 SOURCE_DIR SCRATCH_DIR [COMPILER COMMAND...]" >&2
  exit 2
fi
source_dir=$(cd "$1" && pwd)
scratch=$2
shift 2
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
prefix=$scratch/prefix

# Runs a command quietly; on failure shows its output and what failed.
step() {
  local name=$1
  shift
  if ! "$@" >"$scratch/$name.log" 2>&1; then
    cat "$scratch/$name.log" >&2
    echo "install test: step '$name' failed: $*" >&2
    exit 1
  fi
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

# 1. Install: header-only, so nothing is compiled.
step install-setup env CXX="${compiler[*]}" meson setup "$scratch/build" "$source_dir" --prefix "$prefix" \
  -Dtests=false -Dexamples=false -Dbenchmarks=false
step install meson install -C "$scratch/build"

# Every header of the source tree, detail/ and subfolders included, and boost_json_src.cpp.
(cd "$source_dir/include" && find awsml -type f | sort) >"$scratch/source-headers.txt"
(cd "$prefix/include" && find awsml -type f | sort) >"$scratch/installed-headers.txt"
diff -u "$scratch/source-headers.txt" "$scratch/installed-headers.txt" >&2 ||
  fail "the installed headers differ from include/awsml"
[ -f "$prefix/include/awsml/model/detail/boost_json_src.cpp" ] || fail "detail/boost_json_src.cpp not installed"

pc_file=$(find "$prefix" -name awsml.pc | head -n 1)
[ -n "$pc_file" ] || fail "awsml.pc not installed"
config_file=$(find "$prefix" -name awsmlConfig.cmake | head -n 1)
[ -n "$config_file" ] || fail "awsmlConfig.cmake not installed"
[ -f "$(dirname "$config_file")/awsmlConfigVersion.cmake" ] || fail "awsmlConfigVersion.cmake not installed"
echo "installed: ${pc_file#"$prefix"/}, ${config_file#"$prefix"/}"

export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(dirname "$pc_file")
version=$(pkg-config --modversion awsml)
if pkg-config --cflags awsml | grep -q -- '-std='; then fail "awsml.pc must not choose the C++ standard"; fi
boost_json_src=$(pkg-config --variable=boost_json_src awsml)
[ -f "$boost_json_src" ] || fail "awsml.pc's boost_json_src ($boost_json_src) does not exist"

# 2. meson + pkg-config.
step meson-consumer-setup env CXX="${compiler[*]}" meson setup "$scratch/meson-consumer" \
  "$source_dir/tests/install/meson_consumer" --buildtype=debug
step meson-consumer-build ninja -C "$scratch/meson-consumer"
expect_output "$scratch/meson-consumer/consumer" "ml-installed: found by pkg-config (COMPLETED)"

# 3. CMake find_package(awsml CONFIG).
step cmake-consumer-setup cmake -S "$source_dir/tests/install/cmake_consumer" -B "$scratch/cmake-consumer" \
  -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_PREFIX_PATH="$prefix" "${cmake_compiler_args[@]}"
step cmake-consumer-build cmake --build "$scratch/cmake-consumer"
expect_output "$scratch/cmake-consumer/consumer" "ml-installed: found by CMake (COMPLETED)
client: found by CMake (awsml $version)"

# A version that is not compatible (0.x: another minor version) is refused.
if cmake -S "$source_dir/tests/install/cmake_consumer" -B "$scratch/cmake-wrong-version" -G Ninja \
  -DCMAKE_PREFIX_PATH="$prefix" -DAWSML_REQUIRED_VERSION=0.99 "${cmake_compiler_args[@]}" \
  >"$scratch/cmake-wrong-version.log" 2>&1; then
  fail "find_package(awsml 0.99) accepted version $version"
fi

# 4. meson subproject: subprojects/awsml is the source tree itself (nothing installed).
sub=$scratch/subproject-consumer-src
cp -r "$source_dir/tests/install/subproject_consumer" "$sub"
mkdir -p "$sub/subprojects"
ln -s "$source_dir" "$sub/subprojects/awsml"
step subproject-consumer-setup env CXX="${compiler[*]}" meson setup "$scratch/subproject-consumer" \
  "$sub" --buildtype=debug
step subproject-consumer-build ninja -C "$scratch/subproject-consumer" consumer
expect_output "$scratch/subproject-consumer/consumer" "ml-subproject: found as a subproject (COMPLETED)"

echo "install test: awsml $version installs, and the three consumers build and run"
