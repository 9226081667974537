#include "output/diagnostics/failure_causes.h"

#include <array>
#include <cerrno>

#include "decoder/clone_rules.h"

namespace ct::output::diagnostics {
namespace {

struct Cause {
    std::int64_t err;
    std::string_view text;
};

constexpr std::array<Cause, 12> kCauses{{
    {EAGAIN, "a task limit: RLIMIT_NPROC (ulimit -u), the pids cgroup's pids.max, kernel.threads-max or kernel.pid_max"},
    {ENOMEM, "no memory for the new task: its stack (ulimit -s, pthread_attr_setstacksize) or kernel memory; "
             "or a pid namespace whose init has ended"},
    {ENOSPC, "a full pid namespace (or too deep a nesting), or a namespace count limit (/proc/sys/user/max_*_namespaces)"},
    {EINVAL, "a flag combination the kernel refuses (CLONE_THREAD without CLONE_SIGHAND, CLONE_SIGHAND without "
             "CLONE_VM, CLONE_THREAD with CLONE_NEWPID or CLONE_NEWUSER, CLONE_NEWNS or CLONE_NEWUSER with CLONE_FS, "
             "CLONE_PIDFD with CLONE_DETACHED, ...) or bad clone_args"},
    {EPERM, "a new namespace or set_tid without the privilege (CAP_SYS_ADMIN), or a seccomp filter denying the call"},
    {EUSERS, "too many nested user namespaces"},
    {EEXIST, "set_tid asks for a pid that is in use"},
    {EBUSY, "CLONE_INTO_CGROUP into a cgroup that cannot take tasks"},
    {EBADF, "CLONE_INTO_CGROUP with a file descriptor that is not a cgroup directory"},
    {ENOSYS, "the kernel lacks the call (clone3 before Linux 5.3), or a seccomp filter says so; callers fall back to clone"},
    {E2BIG, "clone_args larger than the kernel knows, with non-zero bytes past its end"},
    {EFAULT, "an argument points outside the caller's memory"},
}};

}  // namespace

std::string failure_cause(const decoder::CreationCall& call, std::int64_t err) {
    const auto form =
        arch::call_row(call.syscall).family == arch::CallFamily::clone3 ? decoder::CallForm::clone3 : decoder::CallForm::clone;
    for (const decoder::CloneRule& rule : decoder::clone_rules())
        if (rule.error == err && rule.condition == decoder::ArgCondition::none && rule.until.empty() &&
            decoder::rule_applies_to(rule, form) && decoder::rule_flags_match(rule, call.flags))
            return std::string(rule.id) + ": " + std::string(rule.reason);
    for (const Cause& c : kCauses)
        if (c.err == err) return std::string(c.text);
    return {};
}

}  // namespace ct::output::diagnostics
