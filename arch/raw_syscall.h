// A syscall stop as architecture-neutral data, parsed from the bytes of the
// kernel's struct ptrace_syscall_info.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "arch/abi.h"

namespace ct::arch {

struct RawSyscall {
    const Abi* abi = nullptr;  // null when the kernel reports an arch we do not know
    std::uint32_t audit_arch = 0;
    std::uint64_t nr = 0;
    std::array<std::uint64_t, 6> args{};  // in the kernel's order, cut to the ABI's word size
    std::uint64_t instruction_pointer = 0;
    std::uint64_t stack_pointer = 0;
};

// A call of the ABI the kernel's audit arch and the raw number name, its
// arguments cut to the ABI's word size.
RawSyscall raw_syscall(std::uint32_t audit_arch, std::uint64_t nr, const std::array<std::uint64_t, 6>& args,
                       std::uint64_t instruction_pointer, std::uint64_t stack_pointer);

enum class StopOp : std::uint8_t { none, entry, exit, seccomp };

struct SyscallStop {
    StopOp op = StopOp::none;
    RawSyscall call;        // entry and seccomp stops; other stops: the arch and pointers alone
    std::int64_t rval = 0;  // exit stops
    bool is_error = false;
};

// The size of struct ptrace_syscall_info: the buffer PTRACE_GET_SYSCALL_INFO fills.
inline constexpr std::size_t kSyscallInfoSize = 88;

// `bytes` is what PTRACE_GET_SYSCALL_INFO wrote (its return value says how
// many). Returns nullopt when the bytes are too short for what `op` claims.
std::optional<SyscallStop> parse_syscall_info(std::span<const std::byte> bytes);

}  // namespace ct::arch
