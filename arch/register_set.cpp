#include "arch/register_set.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <linux/audit.h>

namespace ct::arch {
namespace {

// Where a register set keeps a call of one arch, in words from its start.
struct RegisterLayout {
    std::uint32_t audit_arch;  // of the call
    std::size_t word_bytes;
    std::size_t words;
    std::size_t nr;
    std::array<std::size_t, 6> args;
    std::size_t instruction_pointer;
    std::size_t stack_pointer;
};

constexpr std::array<RegisterLayout, 4> kLayouts{{
    // struct user_regs_struct of x86_64 (also x32): r15 r14 r13 r12 rbp rbx
    // r11 r10 r9 r8 rax rcx rdx rsi rdi orig_rax rip cs eflags rsp ss ...
    // (27 words); the number stays in orig_rax, the arguments in rdi rsi
    // rdx r10 r8 r9.
    {AUDIT_ARCH_X86_64, 8, 27, 15, {14, 13, 12, 7, 9, 8}, 16, 19},
    // The same set in a 64-bit process making an i386 call (int $0x80): the
    // arguments in rbx rcx rdx rsi rdi rbp.
    {AUDIT_ARCH_I386, 8, 27, 15, {5, 11, 12, 13, 14, 4}, 16, 19},
    // struct user_regs_struct of i386 (user_regs_struct32 for a compat
    // tracee): ebx ecx edx esi edi ebp eax ds es fs gs orig_eax eip cs
    // eflags esp ss (17 words).
    {AUDIT_ARCH_I386, 4, 17, 11, {0, 1, 2, 3, 4, 5}, 12, 15},
    // struct user_pt_regs of aarch64: x0..x30 sp pc pstate (34 words); the
    // number in x8, the arguments in x0..x5 until the call returns.
    {AUDIT_ARCH_AARCH64, 8, 34, 8, {0, 1, 2, 3, 4, 5}, 32, 31},
}};

std::uint64_t word(std::span<const std::byte> bytes, const RegisterLayout& layout, std::size_t index) {
    const std::size_t at = index * layout.word_bytes;
    if (layout.word_bytes == 4) {
        std::uint32_t w = 0;
        std::memcpy(&w, bytes.data() + at, sizeof w);
        return w;
    }
    std::uint64_t w = 0;
    std::memcpy(&w, bytes.data() + at, sizeof w);
    return w;
}

}  // namespace

std::optional<RawSyscall> parse_register_set(std::uint32_t audit_arch, std::span<const std::byte> bytes) {
    for (const RegisterLayout& layout : kLayouts) {
        if (layout.audit_arch != audit_arch || bytes.size() != layout.words * layout.word_bytes) continue;
        std::array<std::uint64_t, 6> args{};
        for (std::size_t i = 0; i < args.size(); ++i) args[i] = word(bytes, layout, layout.args[i]);
        return raw_syscall(layout.audit_arch, word(bytes, layout, layout.nr), args,
                           word(bytes, layout, layout.instruction_pointer), word(bytes, layout, layout.stack_pointer));
    }
    return std::nullopt;
}

std::size_t max_register_set_size() {
    std::size_t most = 0;
    for (const RegisterLayout& layout : kLayouts) most = std::max(most, layout.words * layout.word_bytes);
    return most;
}

}  // namespace ct::arch
