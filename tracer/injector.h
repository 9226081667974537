// --inject: counts the creation calls each rule matches and has the kernel
// skip the ones it picks (the number set to -1 at the entry or seccomp
// stop); the error is written at the call's exit stop.
#pragma once

#include <cstdint>
#include <optional>
#include <sys/types.h>
#include <vector>

#include "arch/calls.h"
#include "decoder/inject.h"

namespace ct::tracer {

class Injector {
public:
    explicit Injector(std::vector<decoder::InjectRule> rules)
        : rules_(std::move(rules)), counts_(rules_.size(), 0) {}

    bool active() const { return !rules_.empty(); }

    // At the entry (or seccomp) stop of a `kind` call of `tid`: every rule
    // counts it; when one picks it and the kernel skips it, the errno it is
    // to fail with.
    std::optional<std::int64_t> at_entry(pid_t tid, arch::SyscallKind kind);

    // At the skipped call's exit stop: the call returns -err.
    static bool at_exit(pid_t tid, std::int64_t err);

    // The kernel refused to change a call (PTRACE_SET_SYSCALL_INFO needs Linux 6.16).
    bool refused() const { return refused_; }

private:
    std::vector<decoder::InjectRule> rules_;
    std::vector<std::uint64_t> counts_;
    bool refused_ = false;
};

}  // namespace ct::tracer
