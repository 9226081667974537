// One description per system-call ABI a tracee may use: its audit arch,
// which of the kernel's syscall tables it numbers calls by, and its raw
// clone argument order. Decoding code is written once over these
// descriptions and the call table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "arch/calls.h"

namespace ct::arch {

// x86_64: (flags, stack, parent_tid, child_tid, tls).
// CLONE_BACKWARDS (i386, aarch64): (flags, stack, parent_tid, tls, child_tid).
enum class CloneArgOrder : std::uint8_t { child_tid_then_tls, tls_then_child_tid };

// What CLONE_SETTLS's tls argument is: the new thread pointer itself, or
// (i386) the address of a struct user_desc describing a GDT entry.
enum class TlsArg : std::uint8_t { thread_pointer, user_desc };

struct SyscallStop;
// Reads a stop from the bytes PTRACE_GETREGSET NT_PRSTATUS fills, for kernels
// without PTRACE_GET_SYSCALL_INFO; `seccomp_stop` says which stop it is.
using RegsParser = std::optional<SyscallStop> (*)(std::span<const std::byte> regs, bool seccomp_stop);

struct Abi {
    std::string_view name;
    std::uint32_t audit_arch;
    std::uint32_t nr_flag;  // a bit the ABI sets in every syscall number (x32)
    unsigned word_bits;
    CloneArgOrder clone_order;
    TlsArg tls;
    NumberTable numbers;
    std::size_t regs_size;  // of the NT_PRSTATUS register set, when parse_regs reads it
    RegsParser parse_regs;  // null where clonetrace needs PTRACE_GET_SYSCALL_INFO
};

std::span<const Abi> all_abis();
const Abi* abi_by_name(std::string_view name);

// The ABI of a stop, from the arch the kernel reports and the raw number.
const Abi* find_abi(std::uint32_t audit_arch, std::uint64_t nr);

std::optional<SyscallKind> syscall_kind(const Abi& abi, std::uint64_t nr);
bool is_exit_group(const Abi& abi, std::uint64_t nr);

// The number of `kind` in `abi`, without the ABI's nr_flag.
std::optional<std::uint32_t> syscall_number(const Abi& abi, SyscallKind kind);

// The ABI this program itself was built for.
const Abi& native_abi();

}  // namespace ct::arch
