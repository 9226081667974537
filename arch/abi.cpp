#include "arch/abi.h"

#include <array>
#include <linux/audit.h>

namespace ct::arch {
namespace {

using K = SyscallKind;

// Numbers from the kernel's syscall tables (arch/x86/entry/syscalls/*.tbl,
// include/uapi/asm-generic/unistd.h). aarch64 has no fork or vfork.
constexpr std::array<SyscallNumber, 6> kX86_64{{
    {K::clone, 56}, {K::fork, 57}, {K::vfork, 58}, {K::clone3, 435}, {K::seccomp, 317}, {K::prctl, 157}}};
constexpr std::array<SyscallNumber, 6> kI386{{
    {K::clone, 120}, {K::fork, 2}, {K::vfork, 190}, {K::clone3, 435}, {K::seccomp, 354}, {K::prctl, 172}}};
constexpr std::array<SyscallNumber, 4> kAarch64{{
    {K::clone, 220}, {K::clone3, 435}, {K::seccomp, 277}, {K::prctl, 167}}};

constexpr std::uint32_t kX32Bit = 0x40000000;

const std::array<Abi, 4> kAbis{{
    {"x86_64", AUDIT_ARCH_X86_64, 0, 64, CloneArgOrder::child_tid_then_tls, kX86_64},
    {"x32", AUDIT_ARCH_X86_64, kX32Bit, 32, CloneArgOrder::child_tid_then_tls, kX86_64},
    {"i386", AUDIT_ARCH_I386, 0, 32, CloneArgOrder::tls_then_child_tid, kI386},
    {"aarch64", AUDIT_ARCH_AARCH64, 0, 64, CloneArgOrder::tls_then_child_tid, kAarch64},
}};

constexpr std::array<std::string_view, 6> kKindNames{"clone", "clone3", "fork", "vfork", "seccomp", "prctl"};

}  // namespace

std::string_view kind_name(SyscallKind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }

bool is_creation(SyscallKind kind) { return kind != K::seccomp && kind != K::prctl; }

std::span<const Abi> all_abis() { return kAbis; }

const Abi* find_abi(std::uint32_t audit_arch, std::uint64_t nr) {
    const Abi* fallback = nullptr;
    for (const Abi& abi : kAbis) {
        if (abi.audit_arch != audit_arch) continue;
        if (abi.nr_flag != 0 && (nr & abi.nr_flag) == abi.nr_flag) return &abi;
        if (abi.nr_flag == 0) fallback = &abi;
    }
    return fallback;
}

std::optional<SyscallKind> syscall_kind(const Abi& abi, std::uint64_t nr) {
    const std::uint64_t bare = nr & ~static_cast<std::uint64_t>(abi.nr_flag);
    for (const SyscallNumber& s : abi.syscalls)
        if (s.nr == bare) return s.kind;
    return std::nullopt;
}

std::optional<std::uint32_t> syscall_number(const Abi& abi, SyscallKind kind) {
    for (const SyscallNumber& s : abi.syscalls)
        if (s.kind == kind) return s.nr;
    return std::nullopt;
}

const Abi& native_abi() {
#if defined(__x86_64__) && defined(__ILP32__)
    return kAbis[1];
#elif defined(__x86_64__)
    return kAbis[0];
#elif defined(__i386__)
    return kAbis[2];
#elif defined(__aarch64__)
    return kAbis[3];
#else
#error "clonetrace knows no ABI for this architecture"
#endif
}

}  // namespace ct::arch
