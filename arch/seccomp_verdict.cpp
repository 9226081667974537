#include "arch/seccomp_verdict.h"

#include <array>
#include <linux/seccomp.h>

namespace ct::arch {
namespace {

constexpr int kMaxErrno = 4095;  // MAX_ERRNO

struct ActionRow {
    std::uint32_t value;  // SECCOMP_RET_ACTION_FULL bits
    SeccompAction action;
    std::string_view name;
};

// In the order of precedence.
constexpr std::array<ActionRow, 8> kActions{{
    {SECCOMP_RET_KILL_PROCESS, SeccompAction::kill_process, "KILL_PROCESS"},
    {SECCOMP_RET_KILL_THREAD, SeccompAction::kill_thread, "KILL_THREAD"},
    {SECCOMP_RET_TRAP, SeccompAction::trap, "TRAP"},
    {SECCOMP_RET_ERRNO, SeccompAction::errno_value, "ERRNO"},
    {SECCOMP_RET_USER_NOTIF, SeccompAction::user_notif, "USER_NOTIF"},
    {SECCOMP_RET_TRACE, SeccompAction::trace, "TRACE"},
    {SECCOMP_RET_LOG, SeccompAction::log, "LOG"},
    {SECCOMP_RET_ALLOW, SeccompAction::allow, "ALLOW"},
}};

// The kernel's ACTION_ONLY(): compared as signed, so KILL_PROCESS is lowest.
std::int32_t rank(std::uint32_t ret) { return static_cast<std::int32_t>(ret & SECCOMP_RET_ACTION_FULL); }

}  // namespace

SeccompAction action_of(std::uint32_t ret) {
    for (const ActionRow& row : kActions)
        if ((ret & SECCOMP_RET_ACTION_FULL) == row.value) return row.action;
    return SeccompAction::kill_process;
}

std::string_view action_name(SeccompAction action) {
    for (const ActionRow& row : kActions)
        if (row.action == action) return row.name;
    return "?";
}

Verdict pick_verdict(std::span<const std::uint32_t> returns) {
    Verdict best{SECCOMP_RET_ALLOW, 0};
    for (std::size_t i = 0; i < returns.size(); ++i)
        if (rank(returns[i]) < rank(best.ret)) best = Verdict{returns[i], i};
    return best;
}

int errno_of(std::uint16_t data) { return data > kMaxErrno ? kMaxErrno : data; }

}  // namespace ct::arch
