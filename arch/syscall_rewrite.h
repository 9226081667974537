// Changing a stopped call through PTRACE_SET_SYSCALL_INFO (Linux 6.16): the
// bytes PTRACE_GET_SYSCALL_INFO wrote, edited and handed back, so no
// architecture's registers are named.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace ct::arch {

inline constexpr long kPtraceSetSyscallInfo = 0x4212;  // PTRACE_SET_SYSCALL_INFO

// At an entry or seccomp stop: the call is skipped (its number becomes -1).
// False when the bytes are not of such a stop.
bool rewrite_as_skipped(std::span<std::byte> info);

// At an exit stop: the call returns -err.
bool rewrite_as_failed(std::span<std::byte> info, std::int64_t err);

}  // namespace ct::arch
