// The syscall numbers of the calls clonetrace knows, as the kernel headers
// Debian ships define them: one translation unit per header, since each
// defines the same __NR_ names. A call a header lacks is absent from its map.
#pragma once

#include <cstdint>
#include <map>
#include <string_view>

namespace ct::test {

using KernelNumbers = std::map<std::string_view, std::int64_t>;

KernelNumbers kernel_numbers_x86_64();   // <asm/unistd_64.h>
KernelNumbers kernel_numbers_x32();      // <asm/unistd_x32.h>, with __X32_SYSCALL_BIT
KernelNumbers kernel_numbers_i386();     // <asm/unistd_32.h>
KernelNumbers kernel_numbers_generic();  // <asm-generic/unistd.h> (aarch64)

}  // namespace ct::test
