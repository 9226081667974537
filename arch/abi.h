// One description per system-call ABI a tracee may use: its audit arch, its
// syscall numbers for the calls clonetrace watches, and its raw clone
// argument order. Decoding code is written once over these descriptions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace ct::arch {

// The calls clonetrace stops on. Creation calls are decoded; the seccomp
// family is watched because a program's own filter can hide creations.
enum class SyscallKind : std::uint8_t { clone, clone3, fork, vfork, seccomp, prctl };

std::string_view kind_name(SyscallKind kind);
bool is_creation(SyscallKind kind);

// x86_64: (flags, stack, parent_tid, child_tid, tls).
// CLONE_BACKWARDS (i386, aarch64): (flags, stack, parent_tid, tls, child_tid).
enum class CloneArgOrder : std::uint8_t { child_tid_then_tls, tls_then_child_tid };

struct SyscallNumber {
    SyscallKind kind;
    std::uint32_t nr;
};

struct Abi {
    std::string_view name;
    std::uint32_t audit_arch;
    std::uint32_t nr_flag;  // a bit the ABI sets in every syscall number (x32)
    unsigned word_bits;
    CloneArgOrder clone_order;
    std::span<const SyscallNumber> syscalls;
};

std::span<const Abi> all_abis();

// The ABI of a stop, from the arch the kernel reports and the raw number.
const Abi* find_abi(std::uint32_t audit_arch, std::uint64_t nr);

std::optional<SyscallKind> syscall_kind(const Abi& abi, std::uint64_t nr);

// The number of `kind` in `abi`, without the ABI's nr_flag.
std::optional<std::uint32_t> syscall_number(const Abi& abi, SyscallKind kind);

// The ABI this program itself was built for.
const Abi& native_abi();

}  // namespace ct::arch
