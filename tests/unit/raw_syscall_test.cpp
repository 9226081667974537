// parse_syscall_info over the bytes of the kernel's struct ptrace_syscall_info.
#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/ptrace.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "arch/raw_syscall.h"

namespace ct::arch {
namespace {

static_assert(kSyscallInfoSize == sizeof(ptrace_syscall_info));
static_assert(kSyscallInfoSize == 88);

// What PTRACE_GET_SYSCALL_INFO returns for each op: offsetofend of the last
// member it fills (kernel/ptrace.c).
constexpr std::size_t kEntryLen = offsetof(ptrace_syscall_info, entry.args) + 6 * sizeof(__u64);
constexpr std::size_t kSeccompLen = offsetof(ptrace_syscall_info, seccomp.ret_data) + sizeof(__u32);
constexpr std::size_t kExitLen = offsetof(ptrace_syscall_info, exit.is_error) + sizeof(__u8);
constexpr std::size_t kNoneLen = offsetof(ptrace_syscall_info, entry);
static_assert(kEntryLen == 80 && kSeccompLen == 84 && kExitLen == 33 && kNoneLen == 24);

std::vector<std::byte> bytes_of(const ptrace_syscall_info& info, std::size_t length = sizeof(ptrace_syscall_info)) {
    std::vector<std::byte> out(sizeof info);
    std::memcpy(out.data(), &info, sizeof info);
    out.resize(length);
    return out;
}

ptrace_syscall_info entry(std::uint32_t arch, std::uint64_t nr, std::array<std::uint64_t, 6> args) {
    ptrace_syscall_info info;
    std::memset(&info, 0xee, sizeof info);  // no field may be read that the op does not fill
    info.op = PTRACE_SYSCALL_INFO_ENTRY;
    info.arch = arch;
    info.instruction_pointer = 0x401000;
    info.stack_pointer = 0x7ffe'0000'0000;
    info.entry.nr = nr;
    for (std::size_t i = 0; i < 6; ++i) info.entry.args[i] = args[i];
    return info;
}

TEST(RawSyscall, EntryStopOfX86_64) {
    const auto info = entry(AUDIT_ARCH_X86_64, 56, {0x3d0f00, 0x7f00'1234'5678, 2, 3, 0xffff'ffff'ffff'fffe, 5});
    const auto stop = parse_syscall_info(bytes_of(info, kEntryLen));
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->op, StopOp::entry);
    ASSERT_NE(stop->call.abi, nullptr);
    EXPECT_EQ(stop->call.abi->name, "x86_64");
    EXPECT_EQ(stop->call.audit_arch, AUDIT_ARCH_X86_64);
    EXPECT_EQ(stop->call.nr, 56U);
    EXPECT_EQ(stop->call.args, (std::array<std::uint64_t, 6>{0x3d0f00, 0x7f00'1234'5678, 2, 3, 0xffff'ffff'ffff'fffe, 5}));
    EXPECT_EQ(stop->call.instruction_pointer, 0x401000U);
    EXPECT_EQ(stop->call.stack_pointer, 0x7ffe'0000'0000U);
}

TEST(RawSyscall, FullBufferParsesLikeTheExactLength) {
    const auto info = entry(AUDIT_ARCH_X86_64, 435, {0x1000, 88, 0, 0, 0, 0});
    const auto stop = parse_syscall_info(bytes_of(info));
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->op, StopOp::entry);
    EXPECT_EQ(stop->call.nr, 435U);
    EXPECT_EQ(stop->call.args[0], 0x1000U);
    EXPECT_EQ(stop->call.args[1], 88U);
}

TEST(RawSyscall, SeccompStop) {
    ptrace_syscall_info info;
    std::memset(&info, 0, sizeof info);
    info.op = PTRACE_SYSCALL_INFO_SECCOMP;
    info.arch = AUDIT_ARCH_AARCH64;
    info.instruction_pointer = 0xaaaa'0000'1234;
    info.stack_pointer = 0xffff'f000'0000;
    info.seccomp.nr = 220;
    for (std::size_t i = 0; i < 6; ++i) info.seccomp.args[i] = 0x1'0000'0000ULL * (i + 1) + i;
    info.seccomp.ret_data = 7;
    const auto stop = parse_syscall_info(bytes_of(info, kSeccompLen));
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->op, StopOp::seccomp);
    ASSERT_NE(stop->call.abi, nullptr);
    EXPECT_EQ(stop->call.abi->name, "aarch64");
    EXPECT_EQ(stop->call.nr, 220U);
    for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(stop->call.args[i], 0x1'0000'0000ULL * (i + 1) + i) << i;
    EXPECT_EQ(stop->call.instruction_pointer, 0xaaaa'0000'1234U);
    EXPECT_EQ(stop->call.stack_pointer, 0xffff'f000'0000U);
}

TEST(RawSyscall, ExitStops) {
    struct Case {
        std::int64_t rval;
        std::uint8_t is_error;
    };
    for (const Case& c : {Case{3284, 0}, Case{-22, 1}, Case{-513, 1}, Case{0, 0}}) {
        ptrace_syscall_info info;
        std::memset(&info, 0, sizeof info);
        info.op = PTRACE_SYSCALL_INFO_EXIT;
        info.arch = AUDIT_ARCH_X86_64;
        info.exit.rval = c.rval;
        info.exit.is_error = c.is_error;
        const auto stop = parse_syscall_info(bytes_of(info, kExitLen));
        ASSERT_TRUE(stop) << c.rval;
        EXPECT_EQ(stop->op, StopOp::exit);
        EXPECT_EQ(stop->rval, c.rval);
        EXPECT_EQ(stop->is_error, c.is_error != 0);
    }
}

TEST(RawSyscall, NoneStop) {
    ptrace_syscall_info info;
    std::memset(&info, 0, sizeof info);
    info.op = PTRACE_SYSCALL_INFO_NONE;
    info.arch = AUDIT_ARCH_I386;  // an event stop inside an int $0x80 call of a 64-bit process
    info.instruction_pointer = 0x401000;
    info.stack_pointer = 0x7ffe'0000'0000;
    const auto stop = parse_syscall_info(bytes_of(info, kNoneLen));
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->op, StopOp::none);
    EXPECT_EQ(stop->call.audit_arch, AUDIT_ARCH_I386);
    EXPECT_EQ(stop->call.abi, nullptr);
    EXPECT_EQ(stop->call.instruction_pointer, 0x401000U);
    EXPECT_EQ(stop->call.stack_pointer, 0x7ffe'0000'0000U);
}

TEST(RawSyscall, ShortBuffersAreRejected) {
    const auto e = entry(AUDIT_ARCH_X86_64, 56, {1, 2, 3, 4, 5, 6});
    EXPECT_FALSE(parse_syscall_info(bytes_of(e, kEntryLen - 1)));
    EXPECT_FALSE(parse_syscall_info(bytes_of(e, 40)));
    EXPECT_FALSE(parse_syscall_info(bytes_of(e, kNoneLen)));
    EXPECT_FALSE(parse_syscall_info(bytes_of(e, 3)));
    EXPECT_FALSE(parse_syscall_info({}));

    ptrace_syscall_info s = e;
    s.op = PTRACE_SYSCALL_INFO_SECCOMP;
    EXPECT_FALSE(parse_syscall_info(bytes_of(s, kEntryLen - 1)));

    ptrace_syscall_info x;
    std::memset(&x, 0, sizeof x);
    x.op = PTRACE_SYSCALL_INFO_EXIT;
    EXPECT_FALSE(parse_syscall_info(bytes_of(x, kExitLen - 1)));
    EXPECT_FALSE(parse_syscall_info(bytes_of(x, kNoneLen - 1)));
}

TEST(RawSyscall, UnknownOpIsRejected) {
    auto info = entry(AUDIT_ARCH_X86_64, 56, {});
    info.op = 42;
    EXPECT_FALSE(parse_syscall_info(bytes_of(info)));
}

TEST(RawSyscall, I386ArgumentsAreCutTo32Bits) {
    // The upper halves of the 64-bit registers are not the tracee's.
    const auto info = entry(AUDIT_ARCH_I386, 120,
                            {0xdead'beef'0001'1111ULL, 0xffff'ffff'ffff'ffffULL, 0x1'0000'0000ULL, 0xabcd'0000'1234ULL, 0x8000'0000'8000'0000ULL, 7});
    const auto stop = parse_syscall_info(bytes_of(info, kEntryLen));
    ASSERT_TRUE(stop);
    ASSERT_NE(stop->call.abi, nullptr);
    EXPECT_EQ(stop->call.abi->name, "i386");
    EXPECT_EQ(stop->call.nr, 120U);
    EXPECT_EQ(stop->call.args, (std::array<std::uint64_t, 6>{0x0001'1111, 0xffff'ffff, 0, 0x1234, 0x8000'0000, 7}));
}

TEST(RawSyscall, X32IsTheX86_64ArchWithTheX32Bit) {
    const auto x32 = parse_syscall_info(bytes_of(entry(AUDIT_ARCH_X86_64, 0x40000000 | 56, {0x1'0000'0011, 0, 0, 0, 0, 0}), kEntryLen));
    ASSERT_TRUE(x32);
    ASSERT_NE(x32->call.abi, nullptr);
    EXPECT_EQ(x32->call.abi->name, "x32");
    EXPECT_EQ(x32->call.nr, 0x40000000U | 56);  // the number as the kernel reported it
    EXPECT_EQ(x32->call.args[0], 0x11U);     // 32-bit words

    const auto native = parse_syscall_info(bytes_of(entry(AUDIT_ARCH_X86_64, 56, {0x1'0000'0011, 0, 0, 0, 0, 0}), kEntryLen));
    ASSERT_TRUE(native);
    ASSERT_NE(native->call.abi, nullptr);
    EXPECT_EQ(native->call.abi->name, "x86_64");
    EXPECT_EQ(native->call.args[0], 0x1'0000'0011U);
}

TEST(RawSyscall, UnknownArchKeepsFullArgumentsAndNoAbi) {
    const auto stop = parse_syscall_info(bytes_of(entry(AUDIT_ARCH_PPC64LE, 120, {0xffff'ffff'ffff'ffff, 0, 0, 0, 0, 0}), kEntryLen));
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->op, StopOp::entry);
    EXPECT_EQ(stop->call.abi, nullptr);
    EXPECT_EQ(stop->call.audit_arch, static_cast<std::uint32_t>(AUDIT_ARCH_PPC64LE));
    EXPECT_EQ(stop->call.args[0], 0xffff'ffff'ffff'ffffULL);
}

}  // namespace
}  // namespace ct::arch
