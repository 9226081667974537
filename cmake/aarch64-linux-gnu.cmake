# Cross-compiles for arm64 with clang and Debian's multiarch :arm64 packages
# (libc6-dev:arm64, libstdc++-12-dev:arm64, the -dev packages clonetrace
# needs). Debian's g++-aarch64-linux-gnu conflicts with gcc-multilib, which
# the 32-bit fixtures need; clang targets arm64 beside it.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_C_COMPILER clang)
set(CMAKE_C_COMPILER_TARGET aarch64-linux-gnu)
set(CMAKE_CXX_COMPILER clang++)
set(CMAKE_CXX_COMPILER_TARGET aarch64-linux-gnu)
# lld does not follow the libraries libunwind loads through the multiarch dirs;
# the loader finds them at run time.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-fuse-ld=lld -Wl,--allow-shlib-undefined")
# The arm64 loader and libraries live in the host's multiarch directories.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64)
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
