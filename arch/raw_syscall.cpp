#include "arch/raw_syscall.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <linux/ptrace.h>

namespace ct::arch {
namespace {

static_assert(sizeof(ptrace_syscall_info) == kSyscallInfoSize);
static_assert(offsetof(ptrace_syscall_info, arch) == 4);
static_assert(offsetof(ptrace_syscall_info, instruction_pointer) == 8);
static_assert(offsetof(ptrace_syscall_info, entry.nr) == 24);
static_assert(offsetof(ptrace_syscall_info, exit.is_error) == 32);
static_assert(offsetof(ptrace_syscall_info, seccomp.ret_data) == 80);

constexpr std::size_t kEntryEnd = offsetof(ptrace_syscall_info, entry.args) + sizeof(std::uint64_t) * 6;
constexpr std::size_t kExitEnd = offsetof(ptrace_syscall_info, exit.is_error) + 1;

RawSyscall call_from(const ptrace_syscall_info& info, std::uint64_t nr, const __u64 (&args)[6]) {
    std::array<std::uint64_t, 6> words{};
    std::copy(std::begin(args), std::end(args), words.begin());
    return raw_syscall(info.arch, nr, words, info.instruction_pointer, info.stack_pointer);
}

}  // namespace

RawSyscall raw_syscall(std::uint32_t audit_arch, std::uint64_t nr, const std::array<std::uint64_t, 6>& args,
                       std::uint64_t instruction_pointer, std::uint64_t stack_pointer) {
    RawSyscall call;
    call.audit_arch = audit_arch;
    call.nr = nr;
    call.abi = find_abi(audit_arch, nr);
    const bool narrow = call.abi != nullptr && call.abi->word_bits == 32;
    for (std::size_t i = 0; i < args.size(); ++i) call.args[i] = narrow ? static_cast<std::uint32_t>(args[i]) : args[i];
    call.instruction_pointer = instruction_pointer;
    call.stack_pointer = stack_pointer;
    return call;
}

std::optional<SyscallStop> parse_syscall_info(std::span<const std::byte> bytes) {
    ptrace_syscall_info info{};
    if (bytes.size() < offsetof(ptrace_syscall_info, entry)) return std::nullopt;
    std::memcpy(&info, bytes.data(), std::min(bytes.size(), sizeof info));
    SyscallStop stop;
    switch (info.op) {
        case PTRACE_SYSCALL_INFO_ENTRY:
            if (bytes.size() < kEntryEnd) return std::nullopt;
            stop.op = StopOp::entry;
            stop.call = call_from(info, info.entry.nr, info.entry.args);
            return stop;
        case PTRACE_SYSCALL_INFO_SECCOMP:
            if (bytes.size() < kEntryEnd) return std::nullopt;
            stop.op = StopOp::seccomp;
            stop.call = call_from(info, info.seccomp.nr, info.seccomp.args);
            return stop;
        case PTRACE_SYSCALL_INFO_EXIT:
            if (bytes.size() < kExitEnd) return std::nullopt;
            stop.op = StopOp::exit;
            stop.rval = info.exit.rval;
            stop.is_error = info.exit.is_error != 0;
            return stop;
        case PTRACE_SYSCALL_INFO_NONE:
            // Any other stop, an event stop inside a call too: the arch of
            // the call the task is in.
            stop.call.audit_arch = info.arch;
            stop.call.instruction_pointer = info.instruction_pointer;
            stop.call.stack_pointer = info.stack_pointer;
            return stop;
        default:
            return std::nullopt;
    }
}

}  // namespace ct::arch
