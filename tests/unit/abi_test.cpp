#include <gtest/gtest.h>
#include <linux/audit.h>

#include "arch/abi.h"

namespace ct::arch {
namespace {

struct AbiCase {
    std::uint32_t audit_arch;
    std::uint64_t nr;
    std::string_view abi;
    std::optional<SyscallKind> kind;
};

// Numbers from the kernel's syscall tables, one row per call and ABI.
const AbiCase kCases[] = {
    {AUDIT_ARCH_X86_64, 56, "x86_64", SyscallKind::clone},
    {AUDIT_ARCH_X86_64, 57, "x86_64", SyscallKind::fork},
    {AUDIT_ARCH_X86_64, 58, "x86_64", SyscallKind::vfork},
    {AUDIT_ARCH_X86_64, 435, "x86_64", SyscallKind::clone3},
    {AUDIT_ARCH_X86_64, 39, "x86_64", std::nullopt},
    {AUDIT_ARCH_X86_64, 0x40000000 | 56, "x32", SyscallKind::clone},
    {AUDIT_ARCH_X86_64, 0x40000000 | 435, "x32", SyscallKind::clone3},
    {AUDIT_ARCH_I386, 120, "i386", SyscallKind::clone},
    {AUDIT_ARCH_I386, 2, "i386", SyscallKind::fork},
    {AUDIT_ARCH_I386, 190, "i386", SyscallKind::vfork},
    {AUDIT_ARCH_I386, 435, "i386", SyscallKind::clone3},
    {AUDIT_ARCH_I386, 56, "i386", std::nullopt},
    {AUDIT_ARCH_AARCH64, 220, "aarch64", SyscallKind::clone},
    {AUDIT_ARCH_AARCH64, 435, "aarch64", SyscallKind::clone3},
    {AUDIT_ARCH_AARCH64, 57, "aarch64", std::nullopt},
};

TEST(Abi, ClassifiesEachCreationCallOfEachAbi) {
    for (const AbiCase& c : kCases) {
        const Abi* abi = find_abi(c.audit_arch, c.nr);
        ASSERT_NE(abi, nullptr) << c.nr;
        EXPECT_EQ(abi->name, c.abi) << c.nr;
        EXPECT_EQ(syscall_kind(*abi, c.nr), c.kind) << c.abi << " " << c.nr;
    }
}

TEST(Abi, UnknownArchHasNoAbi) { EXPECT_EQ(find_abi(0x1234, 56), nullptr); }

TEST(Abi, BackwardsCloneOrderWhereTheKernelUsesIt) {
    EXPECT_EQ(find_abi(AUDIT_ARCH_X86_64, 56)->clone_order, CloneArgOrder::child_tid_then_tls);
    EXPECT_EQ(find_abi(AUDIT_ARCH_I386, 120)->clone_order, CloneArgOrder::tls_then_child_tid);
    EXPECT_EQ(find_abi(AUDIT_ARCH_AARCH64, 220)->clone_order, CloneArgOrder::tls_then_child_tid);
}

}  // namespace
}  // namespace ct::arch
