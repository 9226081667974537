// The BPF program that makes the kernel stop a tracee only on the calls
// clonetrace watches (SECCOMP_RET_TRACE) and lets every other call run.
#pragma once

#include <cstdint>
#include <linux/filter.h>
#include <optional>
#include <span>
#include <vector>

#include "arch/abi.h"

namespace ct::arch {

// The calls the call table marks as watched.
std::vector<SyscallKind> default_watched();

// Instruction addresses no user-space call can come from (kernel half,
// outside the vsyscall page). At a stop of a watched call the tracer sets
// one of them and lets the call go on: the kernel re-runs the filters and the
// watch filter then ends the thread or the process exactly as a program's
// own KILL_THREAD or KILL_PROCESS would have.
inline constexpr std::uint64_t kKillThreadIp = 0xffff'ffff'ffff'f0c1;
inline constexpr std::uint64_t kKillProcessIp = 0xffff'ffff'ffff'f0c2;

// One rule per ABI in all_abis(); a call of a kind in `watched` traps (only
// for its row's arg0 when the row names one). An arch the program does not
// know traps on every call, so nothing passes unseen.
std::vector<sock_filter> build_watch_filter(std::span<const SyscallKind> watched);

// A program's own filter with a prefix: a call of a kind in `watched` traps
// (SECCOMP_RET_TRACE, as in build_watch_filter) without running the program;
// every other call runs the program's own instructions, unchanged (jumps are
// relative, and the prefix hands over with A and X zero, as the kernel
// starts). Valid exactly when `program` is. Nullopt when the result would be
// longer than the kernel allows.
std::optional<std::vector<sock_filter>> wrap_program(std::span<const sock_filter> program,
                                                     std::span<const SyscallKind> watched);

}  // namespace ct::arch
