#!/bin/sh
# cross_build.sh SOURCE_DIR BUILD_DIR TARGET...: configures an arm64 build of
# clonetrace with cmake/aarch64-linux-gnu.cmake and builds the named targets.
set -eu
src="$1"; dir="$2"; shift 2
cmake -S "$src" -B "$dir" -DCMAKE_TOOLCHAIN_FILE="$src/cmake/aarch64-linux-gnu.cmake" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_GTEST_DISCOVER_TESTS_DISCOVERY_MODE=PRE_TEST >/dev/null
cmake --build "$dir" -j "$(nproc)" --target "$@"
