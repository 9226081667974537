#include "arch/syscall_rewrite.h"

#include <cstring>
#include <linux/ptrace.h>

#include "arch/raw_syscall.h"

namespace ct::arch {
namespace {

constexpr std::uint64_t kSkippedNr = ~std::uint64_t{0};  // -1

std::uint8_t op_of(std::span<const std::byte> info) {
    return info.size() >= kSyscallInfoSize ? static_cast<std::uint8_t>(info[offsetof(ptrace_syscall_info, op)]) : 0;
}

}  // namespace

bool rewrite_as_skipped(std::span<std::byte> info) {
    const std::uint8_t op = op_of(info);
    if (op != PTRACE_SYSCALL_INFO_ENTRY && op != PTRACE_SYSCALL_INFO_SECCOMP) return false;
    static_assert(offsetof(ptrace_syscall_info, entry.nr) == offsetof(ptrace_syscall_info, seccomp.nr));
    std::memcpy(info.data() + offsetof(ptrace_syscall_info, entry.nr), &kSkippedNr, sizeof kSkippedNr);
    return true;
}

bool rewrite_as_failed(std::span<std::byte> info, std::int64_t err) {
    if (op_of(info) != PTRACE_SYSCALL_INFO_EXIT) return false;
    const std::int64_t rval = -err;
    const std::uint8_t is_error = 1;
    std::memcpy(info.data() + offsetof(ptrace_syscall_info, exit.rval), &rval, sizeof rval);
    std::memcpy(info.data() + offsetof(ptrace_syscall_info, exit.is_error), &is_error, sizeof is_error);
    return true;
}

}  // namespace ct::arch
