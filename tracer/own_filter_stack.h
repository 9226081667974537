// The seccomp filters a task's program installed itself, as clonetrace
// keeps them to run them in user space: newest first, shared between the
// tasks that inherited them (the kernel shares them the same way).
#pragma once

#include <cstddef>
#include <cstdint>
#include <linux/filter.h>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "arch/abi.h"

namespace ct::tracer {

struct OwnFilter {
    std::vector<sock_filter> program;  // as the program gave it; empty when it could not be read
    bool wrapped = false;              // installed behind the prefix that traps creation calls
    bool listener = false;             // installed with SECCOMP_FILTER_FLAG_NEW_LISTENER
    std::size_t kernel_insns = 0;      // its length in the kernel, prefix included
    std::shared_ptr<const OwnFilter> older;
};
using OwnFilterStack = std::shared_ptr<const OwnFilter>;

// A filter install between its first stop and its exit stop.
struct FilterInstall {
    arch::SyscallKind call = arch::SyscallKind::seccomp;
    const arch::Abi* abi = nullptr;
    std::uint64_t flags = 0;
    OwnFilter filter;
    std::string not_wrapped;  // why it is installed as it is, when it is
    // What the tracer changed in the task for the kernel to read the wrapped
    // program, put back at the exit stop.
    std::optional<std::uint64_t> program_arg;  // the address the program passed
    std::uint64_t scratch = 0;
    std::vector<std::byte> saved;
    std::vector<int> preempted;  // threads switched to syscall stops before a TSYNC install
};

// A TRAP verdict's SIGSYS, sent to the task and still to be delivered with
// the siginfo the kernel would give it.
struct PendingSigsys {
    std::uint64_t call_addr = 0;
    int syscall = 0;
    std::uint32_t arch = 0;
    int reason = 0;  // the filter's SECCOMP_RET_DATA, as si_errno
};

}  // namespace ct::tracer
