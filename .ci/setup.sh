#!/bin/sh
# Installs what clonetrace needs from Debian 12, builds it, and then either
#   demo: traces the bundled demo program, or
#   test: runs every test, in the normal build and in the ASan+UBSan build,
#         then each libFuzzer target of the pure layers for a bounded time.
set -eu
cd "$(dirname "$0")/.."
mode="${1:-demo}"

packages="cmake g++ make pkg-config libboost-program-options-dev libfmt-dev libunwind-dev
          googletest libgtest-dev strace python3 python3-jsonschema jq groff man-db
          clang libclang-rt-14-dev"
# i386 test programs (gcc -m32) where the host runs them.
[ "$(uname -m)" = x86_64 ] && packages="$packages gcc-multilib"
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "clonetrace setup: installing$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

jobs="$(nproc)"
build() {  # build DIR [cmake options...]
    dir="$1"; shift
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j "$jobs"
}

case "$mode" in
demo)
    build build
    echo "== clonetrace -- build/fixtures/fx_demo"
    ./build/clonetrace -- ./build/fixtures/fx_demo
    ;;
test)
    build build
    (cd build && ctest --output-on-failure -j "$jobs")
    build build-asan -DCLONETRACE_SANITIZE=ON
    (cd build-asan && ctest --output-on-failure -j "$jobs")
    CC=clang CXX=clang++ build build-fuzz -DCLONETRACE_FUZZ=ON
    (cd build-fuzz && ctest --output-on-failure -j "$jobs")
    ;;
*)
    echo "usage: $0 [demo|test]" >&2
    exit 2
    ;;
esac
