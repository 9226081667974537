// aarch64 stops as the kernel hands them over: the bytes of arm64's
// struct user_pt_regs (NT_PRSTATUS) and of struct ptrace_syscall_info, laid
// out by hand in little-endian order so the fixtures mean the same on any host.
#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/ptrace.h>
#include <linux/sched.h>

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <utility>
#include <vector>

#include "arch/aarch64_regs.h"
#include "arch/raw_syscall.h"
#include "decoder/clone_args.h"
#include "decoder/creation.h"
#include "fake_memory.h"

namespace ct::arch {
namespace {

using decoder::decode_creation;
using test::FakeMemory;

constexpr std::uint64_t kClone = 220;
constexpr std::uint64_t kClone3 = 435;
constexpr std::uint64_t kPc = 0xffff'8a2b'1c44;
constexpr std::uint64_t kSp = 0xffff'e3a0'0b70;
constexpr std::uint64_t kStack = 0xffff'8100'0000;
constexpr std::uint64_t kParentTid = 0xffff'8200'0010;
constexpr std::uint64_t kTls = 0xffff'8300'0020;
constexpr std::uint64_t kChildTid = 0xffff'8400'0030;

void put_u64(std::vector<std::byte>& bytes, std::size_t offset, std::uint64_t value) {
    for (std::size_t i = 0; i < 8; ++i) bytes[offset + i] = static_cast<std::byte>(value >> (8 * i));
}

// user_pt_regs: x0..x30 at 8 * n, then sp (248), pc (256), pstate (264).
std::vector<std::byte> regs(std::initializer_list<std::pair<std::size_t, std::uint64_t>> xs) {
    std::vector<std::byte> bytes(272, std::byte{0x5a});  // garbage in every register not named
    for (const auto& [n, value] : xs) put_u64(bytes, 8 * n, value);
    put_u64(bytes, 248, kSp);
    put_u64(bytes, 256, kPc);
    put_u64(bytes, 264, 0x8000'0000);  // pstate: EL0t, N set
    return bytes;
}

constexpr std::uint64_t kEntry = 0;
constexpr std::uint64_t kExit = 1;

std::vector<std::byte> syscall_entry(std::uint64_t nr, std::initializer_list<std::uint64_t> args) {
    return regs({{0, std::data(args)[0]}, {1, std::data(args)[1]}, {2, std::data(args)[2]},
                 {3, std::data(args)[3]}, {4, std::data(args)[4]}, {5, std::data(args)[5]},
                 {7, kEntry}, {8, nr}});
}

std::vector<std::byte> syscall_exit(std::uint64_t nr, std::uint64_t x0) { return regs({{0, x0}, {7, kExit}, {8, nr}}); }

constexpr std::uint64_t kThreadFlags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
                                       CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;

TEST(Aarch64Regs, CloneEntryReadsTheNumberFromX8AndArgumentsFromX0ToX5) {
    const auto stop = parse_aarch64_regs(syscall_entry(kClone, {kThreadFlags, kStack, kParentTid, kTls, kChildTid, 0}), false);
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->op, StopOp::entry);
    ASSERT_NE(stop->call.abi, nullptr);
    EXPECT_EQ(stop->call.abi->name, "aarch64");
    EXPECT_EQ(stop->call.audit_arch, static_cast<std::uint32_t>(AUDIT_ARCH_AARCH64));
    EXPECT_EQ(stop->call.nr, kClone);
    EXPECT_EQ(stop->call.args, (std::array<std::uint64_t, 6>{kThreadFlags, kStack, kParentTid, kTls, kChildTid, 0}));
    EXPECT_EQ(stop->call.instruction_pointer, kPc);
    EXPECT_EQ(stop->call.stack_pointer, kSp);
}

TEST(Aarch64Regs, CloneIsBackwardsTlsBeforeChildTid) {
    const auto stop = parse_aarch64_regs(syscall_entry(kClone, {kThreadFlags, kStack, kParentTid, kTls, kChildTid, 0}), false);
    ASSERT_TRUE(stop);
    FakeMemory memory;
    const auto call = decode_creation(stop->call, memory);
    ASSERT_TRUE(call);
    EXPECT_EQ(call->syscall, SyscallKind::clone);
    EXPECT_EQ(call->abi, "aarch64");
    EXPECT_EQ(call->flags, kThreadFlags);
    EXPECT_EQ(call->exit_signal, 0U);
    EXPECT_EQ(call->stack, kStack);
    EXPECT_EQ(call->parent_tid, kParentTid);
    EXPECT_EQ(call->tls, kTls);
    EXPECT_EQ(call->child_tid, kChildTid);
    EXPECT_EQ(call->child_kind, decoder::ChildKind::thread);
}

TEST(Aarch64Regs, ExitTakesTheResultFromX0AndTheCallStaysTheEntrys) {
    const auto entry = parse_aarch64_regs(syscall_entry(kClone, {CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD, 0, 0, 0, kChildTid, 0}), false);
    ASSERT_TRUE(entry);
    FakeMemory memory;
    const auto call = decode_creation(entry->call, memory);
    ASSERT_TRUE(call);

    // x0 was the flags at entry; at exit it is the child's pid.
    const auto exit = parse_aarch64_regs(syscall_exit(kClone, 4242), false);
    ASSERT_TRUE(exit);
    EXPECT_EQ(exit->op, StopOp::exit);
    EXPECT_EQ(exit->rval, 4242);
    EXPECT_FALSE(exit->is_error);
    EXPECT_EQ(call->flags, static_cast<std::uint64_t>(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID));
    EXPECT_EQ(call->exit_signal, static_cast<std::uint64_t>(SIGCHLD));
    EXPECT_EQ(call->child_tid, kChildTid);
    EXPECT_EQ(call->child_kind, decoder::ChildKind::process);
}

TEST(Aarch64Regs, FailedCallIsANegativeErrnoInX0) {
    const auto einval = parse_aarch64_regs(syscall_exit(kClone, static_cast<std::uint64_t>(-EINVAL)), false);
    ASSERT_TRUE(einval);
    EXPECT_EQ(einval->op, StopOp::exit);
    EXPECT_TRUE(einval->is_error);
    EXPECT_EQ(einval->rval, -EINVAL);

    const auto restart = parse_aarch64_regs(syscall_exit(kClone3, static_cast<std::uint64_t>(-513)), false);
    ASSERT_TRUE(restart);
    EXPECT_TRUE(restart->is_error);
    EXPECT_EQ(restart->rval, -513);

    // Past the kernel's errno range a negative value is a result, as mmap's can be.
    const auto high = parse_aarch64_regs(syscall_exit(222, 0xffff'ffff'ffff'e000), false);
    ASSERT_TRUE(high);
    EXPECT_FALSE(high->is_error);
}

TEST(Aarch64Regs, Clone3ReadsItsArgsStructThroughX0) {
    constexpr std::uint64_t kArgsAt = 0xffff'e3a0'0c00;
    clone_args args{};
    args.flags = kThreadFlags & ~static_cast<std::uint64_t>(CLONE_SETTLS);
    args.parent_tid = kParentTid;
    args.child_tid = kChildTid;
    args.stack = kStack;
    args.stack_size = 0x80'0000;
    args.tls = kTls;
    FakeMemory memory;
    memory.map_object(kArgsAt, args);

    const auto stop = parse_aarch64_regs(syscall_entry(kClone3, {kArgsAt, sizeof args, 0, 0, 0, 0}), false);
    ASSERT_TRUE(stop);
    const auto call = decode_creation(stop->call, memory);
    ASSERT_TRUE(call);
    EXPECT_EQ(call->syscall, SyscallKind::clone3);
    EXPECT_EQ(call->abi, "aarch64");
    EXPECT_EQ(call->flags, args.flags);
    ASSERT_TRUE(call->args);
    EXPECT_EQ(call->args->get(decoder::ca_stack_size), 0x80'0000U);
    EXPECT_EQ(call->args->get(decoder::ca_tls), kTls);
    EXPECT_EQ(call->args->get(decoder::ca_child_tid), kChildTid);
    EXPECT_EQ(call->child_kind, decoder::ChildKind::raw_thread);  // a thread without tls of its own
}

TEST(Aarch64Regs, SeccompStopIsAnEntryWhateverX7Holds) {
    auto bytes = syscall_entry(kClone3, {0x1000, 88, 0, 0, 0, 0});
    put_u64(bytes, 8 * 7, kExit);  // the program's own x7
    const auto stop = parse_aarch64_regs(bytes, true);
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->op, StopOp::seccomp);
    EXPECT_EQ(stop->call.nr, kClone3);
    EXPECT_EQ(stop->call.args[0], 0x1000U);
    EXPECT_EQ(stop->call.args[1], 88U);
}

TEST(Aarch64Regs, ShortBuffersAreRejected) {
    auto bytes = syscall_entry(kClone, {0, 0, 0, 0, 0, 0});
    bytes.resize(kAarch64RegsSize - 1);
    EXPECT_FALSE(parse_aarch64_regs(bytes, false));
    EXPECT_FALSE(parse_aarch64_regs({}, true));
}

TEST(Aarch64Regs, TheAarch64AbiReadsItsStopsFromRegisters) {
    const Abi* abi = abi_by_name("aarch64");
    ASSERT_NE(abi, nullptr);
    EXPECT_EQ(abi->regs_size, kAarch64RegsSize);
    EXPECT_EQ(abi->parse_regs, &parse_aarch64_regs);
}

// struct ptrace_syscall_info for a 64-bit tracee: op (0), arch (4),
// instruction_pointer (8), stack_pointer (16), then entry/seccomp nr (24) and
// args (32..79), or exit rval (24) and is_error (32).
std::vector<std::byte> info(std::uint8_t op, std::size_t length) {
    std::vector<std::byte> bytes(length, std::byte{0});
    bytes[0] = std::byte{op};
    const std::uint32_t arch = AUDIT_ARCH_AARCH64;
    for (std::size_t i = 0; i < 4; ++i) bytes[4 + i] = static_cast<std::byte>(arch >> (8 * i));
    put_u64(bytes, 8, kPc);
    put_u64(bytes, 16, kSp);
    return bytes;
}

TEST(Aarch64SyscallInfo, CloneEntryAndItsExit) {
    auto entry = info(PTRACE_SYSCALL_INFO_ENTRY, 80);
    put_u64(entry, 24, kClone);
    const std::uint64_t args[6] = {kThreadFlags, kStack, kParentTid, kTls, kChildTid, 0};
    for (std::size_t i = 0; i < 6; ++i) put_u64(entry, 32 + 8 * i, args[i]);
    const auto begun = parse_syscall_info(entry);
    ASSERT_TRUE(begun);
    ASSERT_NE(begun->call.abi, nullptr);
    EXPECT_EQ(begun->call.abi->name, "aarch64");
    FakeMemory memory;
    const auto call = decode_creation(begun->call, memory);
    ASSERT_TRUE(call);
    EXPECT_EQ(call->tls, kTls);
    EXPECT_EQ(call->child_tid, kChildTid);

    auto exit = info(PTRACE_SYSCALL_INFO_EXIT, 33);
    put_u64(exit, 24, static_cast<std::uint64_t>(-EAGAIN));
    exit[32] = std::byte{1};
    const auto ended = parse_syscall_info(exit);
    ASSERT_TRUE(ended);
    EXPECT_EQ(ended->op, StopOp::exit);
    EXPECT_TRUE(ended->is_error);
    EXPECT_EQ(ended->rval, -EAGAIN);
}

TEST(Aarch64SyscallInfo, Clone3SeccompStop) {
    auto bytes = info(PTRACE_SYSCALL_INFO_SECCOMP, 84);
    put_u64(bytes, 24, kClone3);
    put_u64(bytes, 32, 0xffff'e3a0'0c00);
    put_u64(bytes, 40, 88);
    const auto stop = parse_syscall_info(bytes);
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->op, StopOp::seccomp);
    ASSERT_NE(stop->call.abi, nullptr);
    EXPECT_EQ(syscall_kind(*stop->call.abi, stop->call.nr), SyscallKind::clone3);
    EXPECT_EQ(stop->call.args[0], 0xffff'e3a0'0c00U);
    EXPECT_EQ(stop->call.args[1], 88U);
    EXPECT_EQ(stop->call.instruction_pointer, kPc);
}

}  // namespace
}  // namespace ct::arch
