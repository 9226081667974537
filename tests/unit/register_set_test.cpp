// parse_register_set over the bytes of NT_PRSTATUS register sets, as a task
// stopped inside a creation call (at its PTRACE_EVENT_* stop) has them.
#include <gtest/gtest.h>
#include <linux/audit.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>
#if defined(__x86_64__)
#include <sys/user.h>
#endif

#include "arch/register_set.h"

namespace ct::arch {
namespace {

// A register set of `words` words of `Word`, each word its own index + 0x100
// unless set.
template <typename Word>
struct Regs {
    explicit Regs(std::size_t words) : w(words) {
        for (std::size_t i = 0; i < words; ++i) w[i] = static_cast<Word>(0x100 + i);
    }
    std::vector<std::byte> bytes() const {
        std::vector<std::byte> out(w.size() * sizeof(Word));
        std::memcpy(out.data(), w.data(), out.size());
        return out;
    }
    std::vector<Word> w;
};

TEST(RegisterSet, X86_64CallFromOrigRaxAndTheArgumentRegisters) {
    Regs<std::uint64_t> r(27);
    r.w[15] = 56;                      // orig_rax: clone
    r.w[10] = static_cast<std::uint64_t>(-38);  // rax: -ENOSYS while inside the call
    r.w[14] = 0x3d0f00;                // rdi
    r.w[13] = 0x7f00'1234'5678;        // rsi
    r.w[12] = 0x7f00'0000'1000;        // rdx
    r.w[7] = 0x7f00'0000'2000;         // r10
    r.w[9] = 0x7f00'0000'3000;         // r8
    r.w[8] = 0;                        // r9
    r.w[16] = 0x401000;                // rip
    r.w[19] = 0x7ffe'0000'0000;        // rsp
    const auto call = parse_register_set(AUDIT_ARCH_X86_64, r.bytes());
    ASSERT_TRUE(call);
    ASSERT_NE(call->abi, nullptr);
    EXPECT_EQ(call->abi->name, "x86_64");
    EXPECT_EQ(call->nr, 56U);
    EXPECT_EQ(call->args, (std::array<std::uint64_t, 6>{0x3d0f00, 0x7f00'1234'5678, 0x7f00'0000'1000,
                                                        0x7f00'0000'2000, 0x7f00'0000'3000, 0}));
    EXPECT_EQ(call->instruction_pointer, 0x401000U);
    EXPECT_EQ(call->stack_pointer, 0x7ffe'0000'0000U);
}

TEST(RegisterSet, X32CallIsNamedByItsNumberAndCutToThirtyTwoBits) {
    Regs<std::uint64_t> r(27);
    r.w[15] = 0x40000000 | 435;  // clone3 with __X32_SYSCALL_BIT
    r.w[14] = 0xffff'ffff'0040'1000;
    const auto call = parse_register_set(AUDIT_ARCH_X86_64, r.bytes());
    ASSERT_TRUE(call && call->abi);
    EXPECT_EQ(call->abi->name, "x32");
    EXPECT_EQ(call->args[0], 0x0040'1000U);
}

TEST(RegisterSet, I386CallOfA64BitProcessUsesTheLegacyRegisters) {
    Regs<std::uint64_t> r(27);
    r.w[15] = 120;  // orig_rax: i386 clone
    const std::array<std::size_t, 6> legacy{5, 11, 12, 13, 14, 4};  // rbx rcx rdx rsi rdi rbp
    for (std::size_t i = 0; i < legacy.size(); ++i) r.w[legacy[i]] = 0xffff'ffff'0000'0010 + i;
    const auto call = parse_register_set(AUDIT_ARCH_I386, r.bytes());
    ASSERT_TRUE(call && call->abi);
    EXPECT_EQ(call->abi->name, "i386");
    EXPECT_EQ(call->nr, 120U);
    EXPECT_EQ(call->args, (std::array<std::uint64_t, 6>{0x10, 0x11, 0x12, 0x13, 0x14, 0x15}));
}

TEST(RegisterSet, I386ProcessHasThe32BitSet) {
    Regs<std::uint32_t> r(17);
    r.w[11] = 190;  // orig_eax: vfork
    for (std::size_t i = 0; i < 6; ++i) r.w[i] = static_cast<std::uint32_t>(0xa0 + i);  // ebx ecx edx esi edi ebp
    r.w[12] = 0x8048000;  // eip
    r.w[15] = 0xbfff0000;  // esp
    const auto call = parse_register_set(AUDIT_ARCH_I386, r.bytes());
    ASSERT_TRUE(call && call->abi);
    EXPECT_EQ(call->abi->name, "i386");
    EXPECT_EQ(call->nr, 190U);
    EXPECT_EQ(call->args, (std::array<std::uint64_t, 6>{0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5}));
    EXPECT_EQ(call->instruction_pointer, 0x8048000U);
    EXPECT_EQ(call->stack_pointer, 0xbfff0000U);
}

TEST(RegisterSet, Aarch64CallFromX8AndX0ToX5) {
    Regs<std::uint64_t> r(34);
    r.w[8] = 220;
    for (std::size_t i = 0; i < 6; ++i) r.w[i] = 0x7000 + i;
    const auto call = parse_register_set(AUDIT_ARCH_AARCH64, r.bytes());
    ASSERT_TRUE(call && call->abi);
    EXPECT_EQ(call->abi->name, "aarch64");
    EXPECT_EQ(call->nr, 220U);
    EXPECT_EQ(call->args, (std::array<std::uint64_t, 6>{0x7000, 0x7001, 0x7002, 0x7003, 0x7004, 0x7005}));
    EXPECT_EQ(call->instruction_pointer, 0x100U + 32);
    EXPECT_EQ(call->stack_pointer, 0x100U + 31);
}

TEST(RegisterSet, SizeAndArchThatNoLayoutHasGiveNothing) {
    EXPECT_FALSE(parse_register_set(AUDIT_ARCH_X86_64, Regs<std::uint32_t>(17).bytes()));
    EXPECT_FALSE(parse_register_set(AUDIT_ARCH_AARCH64, Regs<std::uint64_t>(27).bytes()));
    EXPECT_FALSE(parse_register_set(AUDIT_ARCH_X86_64, Regs<std::uint64_t>(26).bytes()));
    EXPECT_FALSE(parse_register_set(AUDIT_ARCH_X86_64, {}));
    EXPECT_FALSE(parse_register_set(0, Regs<std::uint64_t>(27).bytes()));
}

TEST(RegisterSet, BufferFitsEveryLayout) { EXPECT_EQ(max_register_set_size(), 34U * 8); }

#if defined(__x86_64__)
// The word indices above against the C library's own struct.
TEST(RegisterSet, X86_64IndicesMatchUserRegsStruct) {
    user_regs_struct u{};
    u.orig_rax = 57;
    u.rdi = 1, u.rsi = 2, u.rdx = 3, u.r10 = 4, u.r8 = 5, u.r9 = 6, u.rip = 7, u.rsp = 8;
    std::vector<std::byte> bytes(sizeof u);
    std::memcpy(bytes.data(), &u, sizeof u);
    const auto call = parse_register_set(AUDIT_ARCH_X86_64, bytes);
    ASSERT_TRUE(call);
    EXPECT_EQ(call->nr, 57U);
    EXPECT_EQ(call->args, (std::array<std::uint64_t, 6>{1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(call->instruction_pointer, 7U);
    EXPECT_EQ(call->stack_pointer, 8U);
    u.rbx = 11, u.rcx = 12, u.rdx = 13, u.rsi = 14, u.rdi = 15, u.rbp = 16;
    std::memcpy(bytes.data(), &u, sizeof u);
    EXPECT_EQ(parse_register_set(AUDIT_ARCH_I386, bytes)->args, (std::array<std::uint64_t, 6>{11, 12, 13, 14, 15, 16}));
}
#endif

}  // namespace
}  // namespace ct::arch
