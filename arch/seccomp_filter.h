// The BPF program that makes the kernel stop a tracee only on the calls
// clonetrace watches (SECCOMP_RET_TRACE) and lets every other call run.
#pragma once

#include <linux/filter.h>
#include <span>
#include <vector>

#include "arch/abi.h"

namespace ct::arch {

// The calls the call table marks as watched.
std::vector<SyscallKind> default_watched();

// One rule per ABI in all_abis(); a call of a kind in `watched` traps (only
// for its row's arg0 when the row names one). An arch the program does not
// know traps on every call, so nothing passes unseen.
std::vector<sock_filter> build_watch_filter(std::span<const SyscallKind> watched);

}  // namespace ct::arch
