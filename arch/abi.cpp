#include "arch/abi.h"

#include <array>
#include <linux/audit.h>

#include "arch/aarch64_regs.h"

namespace ct::arch {
namespace {

constexpr std::uint32_t kX32Bit = 0x40000000;

constexpr std::array<Abi, 4> kAbis{{
    {"x86_64", AUDIT_ARCH_X86_64, 0, 64, CloneArgOrder::child_tid_then_tls, TlsArg::thread_pointer, NumberTable::x86_64,
     0, nullptr},
    {"x32", AUDIT_ARCH_X86_64, kX32Bit, 32, CloneArgOrder::child_tid_then_tls, TlsArg::thread_pointer,
     NumberTable::x86_64, 0, nullptr},
    {"i386", AUDIT_ARCH_I386, 0, 32, CloneArgOrder::tls_then_child_tid, TlsArg::user_desc, NumberTable::i386, 0,
     nullptr},
    {"aarch64", AUDIT_ARCH_AARCH64, 0, 64, CloneArgOrder::tls_then_child_tid, TlsArg::thread_pointer,
     NumberTable::generic, kAarch64RegsSize, parse_aarch64_regs},
}};

}  // namespace

std::span<const Abi> all_abis() { return kAbis; }

const Abi* abi_by_name(std::string_view name) {
    for (const Abi& abi : kAbis)
        if (abi.name == name) return &abi;
    return nullptr;
}

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
    for (const CallRow& row : call_table()) {
        const std::int32_t n = row.nr[static_cast<std::size_t>(abi.numbers)];
        if (n != kNotInTable && static_cast<std::uint64_t>(n) == bare) return row.kind;
    }
    return std::nullopt;
}

bool is_exit_group(const Abi& abi, std::uint64_t nr) { return syscall_kind(abi, nr) == SyscallKind::exit_group; }

std::optional<std::uint32_t> syscall_number(const Abi& abi, SyscallKind kind) {
    const std::int32_t n = call_row(kind).nr[static_cast<std::size_t>(abi.numbers)];
    if (n == kNotInTable) return std::nullopt;
    return static_cast<std::uint32_t>(n);
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
