#!/bin/sh
# Installs what clonetrace needs from Debian 12, builds it, and then either
#   demo: traces the bundled demo program, or
#   test: runs every test, in the normal build (with the arm64 ones when
#         Debian's arm64 packages can be installed) and in the ASan+UBSan
#         build, then each libFuzzer target of the pure layers for a bounded time.
set -eu
cd "$(dirname "$0")/.."
mode="${1:-demo}"

packages="cmake g++ make pkg-config libboost-program-options-dev libfmt-dev libunwind-dev
          googletest libgtest-dev strace python3 python3-jsonschema jq groff man-db
          clang libclang-rt-14-dev"
# i386 test programs (gcc -m32) where the host runs them.
[ "$(uname -m)" = x86_64 ] && packages="$packages gcc-multilib"
missing_of() {  # prints those of the named packages that are not installed
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || printf ' %s' "$p"
    done
}
missing="$(missing_of $packages)"
if [ -n "$missing" ]; then
    echo "clonetrace setup: installing$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# arm64 (test mode): clang cross-compiles against Debian's multiarch :arm64
# packages, qemu-user runs the unit tests, qemu-system-aarch64 boots Debian's
# arm64 kernel for the whole tracer. Without them the arm64 tests are
# left out, and the rest still runs.
arm64_packages="lld libc6-dev:arm64 libstdc++-12-dev:arm64 libfmt-dev:arm64 libgtest-dev:arm64
                libboost-program-options-dev:arm64 libunwind-dev:arm64 qemu-user qemu-system-arm"
arm64=""
if [ "$mode" = test ]; then
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        dpkg --add-architecture arm64 && apt-get update -qq || true
    fi
    missing="$(missing_of $arm64_packages)"
    if [ -n "$missing" ]; then
        echo "clonetrace setup: installing$missing"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null || true
    fi
    if [ -n "$(missing_of $arm64_packages)" ]; then
        echo "clonetrace setup: the arm64 packages cannot be installed here; the aarch64 tests are left out"
    else
        arm64="-DCLONETRACE_AARCH64=ON"
    fi
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
    build build $arm64
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
