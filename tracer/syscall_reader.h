// Reading the system call a stopped task is in: PTRACE_GET_SYSCALL_INFO at
// its syscall and seccomp stops; its registers at its PTRACE_EVENT_CLONE,
// _FORK or _VFORK stop, where that reports no call (following by events
// alone, this is the first the tracer learns of the call).
#pragma once

#include <optional>
#include <sys/types.h>

#include "arch/raw_syscall.h"

namespace ct::tracer {

// seccomp_stop: the stop is a seccomp one, which only the registers'
// fallback (kernels without PTRACE_GET_SYSCALL_INFO) needs to be told.
std::optional<arch::SyscallStop> syscall_info(pid_t tid, bool seccomp_stop = false);

std::optional<arch::RawSyscall> call_at_event_stop(pid_t tid);

}  // namespace ct::tracer
