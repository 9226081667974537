// An aarch64 syscall stop read from the tracee's registers: the bytes of
// arm64's struct user_pt_regs (x0..x30, sp, pc, pstate) as PTRACE_GETREGSET
// with NT_PRSTATUS fills them. Kernels before 5.3 have no
// PTRACE_GET_SYSCALL_INFO; this is what a tracer reads there instead.
#pragma once

#include <cstddef>
#include <optional>
#include <span>

#include "arch/raw_syscall.h"

namespace ct::arch {

inline constexpr std::size_t kAarch64RegsSize = 34 * sizeof(std::uint64_t);

// At a syscall stop arm64's ptrace stub puts the stop's direction in x7
// (0 entry, 1 exit); a seccomp stop leaves x7 as the program set it, so the
// caller says which stop it is. At exit x0 holds the result and the first
// argument is gone: the call's arguments are the entry's. Returns nullopt
// when the bytes are too short.
std::optional<SyscallStop> parse_aarch64_regs(std::span<const std::byte> bytes, bool seccomp_stop);

}  // namespace ct::arch
