// decode_creation over each ABI's raw clone-family calls.
#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/sched.h>

#include <csignal>
#include <cstdint>
#include <cstring>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "arch/abi.h"
#include "decoder/creation.h"
#include "fake_memory.h"

namespace ct::decoder {
namespace {

using arch::RawSyscall;
using arch::SyscallKind;
using test::FakeMemory;

constexpr std::uint32_t kX86_64 = AUDIT_ARCH_X86_64;
constexpr std::uint32_t kI386 = AUDIT_ARCH_I386;
constexpr std::uint32_t kAarch64 = AUDIT_ARCH_AARCH64;

RawSyscall raw(std::uint32_t audit_arch, std::uint64_t nr, std::array<std::uint64_t, 6> args) {
    RawSyscall r;
    r.audit_arch = audit_arch;
    r.nr = nr;
    r.abi = arch::find_abi(audit_arch, nr);
    r.args = args;
    return r;
}

std::optional<std::uint64_t> address(const std::optional<WrittenInt>& written) {
    if (!written) return std::nullopt;
    return written->address;
}

constexpr std::uint64_t kStack = 0x7f00'0000'1000;
constexpr std::uint64_t kParentTid = 0x7f00'0000'2000;
constexpr std::uint64_t kChildTid = 0x7f00'0000'3000;
constexpr std::uint64_t kTls = 0x7f00'0000'4000;

TEST(Creation, X86_64CloneTakesChildTidBeforeTls) {
    FakeMemory memory;
    const std::uint64_t flags = CLONE_VM | CLONE_THREAD | CLONE_SIGHAND | CLONE_SETTLS | CLONE_PARENT_SETTID;
    const auto call = decode_creation(raw(kX86_64, 56, {flags, kStack, kParentTid, kChildTid, kTls, 0}), memory);
    ASSERT_TRUE(call);
    EXPECT_EQ(call->syscall, SyscallKind::clone);
    EXPECT_EQ(call->abi, "x86_64");
    EXPECT_EQ(call->flags, flags);
    EXPECT_EQ(call->exit_signal, 0U);
    EXPECT_EQ(call->stack, kStack);
    EXPECT_EQ(call->parent_tid, kParentTid);
    EXPECT_EQ(call->child_tid, kChildTid);
    EXPECT_EQ(call->tls, kTls);
    EXPECT_FALSE(call->args);
    EXPECT_EQ(call->child_kind, ChildKind::thread);
    EXPECT_EQ(memory.reads(), 0);
}

TEST(Creation, I386CloneIsBackwardsTlsBeforeChildTid) {
    FakeMemory memory;
    const std::uint64_t flags = CLONE_VM | CLONE_SETTLS | CLONE_CHILD_SETTID | SIGCHLD;
    const auto call = decode_creation(raw(kI386, 120, {flags, 0x1000, 0x2000, 0x3000, 0x4000, 0}), memory);
    ASSERT_TRUE(call);
    EXPECT_EQ(call->syscall, SyscallKind::clone);
    EXPECT_EQ(call->abi, "i386");
    EXPECT_EQ(call->flags, CLONE_VM | CLONE_SETTLS | CLONE_CHILD_SETTID);
    EXPECT_EQ(call->exit_signal, static_cast<std::uint64_t>(SIGCHLD));
    EXPECT_EQ(call->stack, 0x1000U);
    EXPECT_EQ(call->parent_tid, 0x2000U);
    EXPECT_EQ(call->tls, 0x3000U);
    EXPECT_EQ(call->child_tid, 0x4000U);
    EXPECT_EQ(call->child_kind, ChildKind::raw_thread);  // shares memory, not a thread group
}

TEST(Creation, Aarch64CloneIsBackwardsToo) {
    FakeMemory memory;
    const auto call = decode_creation(raw(kAarch64, 220, {SIGCHLD, 0, 1, 2, 3, 0}), memory);
    ASSERT_TRUE(call);
    EXPECT_EQ(call->abi, "aarch64");
    EXPECT_EQ(call->parent_tid, 1U);
    EXPECT_EQ(call->tls, 2U);
    EXPECT_EQ(call->child_tid, 3U);
}

// arm64's glibc makes vfork() as clone(CLONE_VM | CLONE_VFORK | SIGCHLD, sp):
// the child borrows the caller's stack, where posix_spawn's gets its own.
TEST(Creation, VforkByCloneIsToldFromSpawnByItsStack) {
    FakeMemory memory;
    constexpr std::uint64_t kSp = 0x7ffc0000;
    auto vfork = raw(kAarch64, 220, {CLONE_VM | CLONE_VFORK | SIGCHLD, kSp, 0, 0, 0, 0});
    vfork.stack_pointer = kSp;
    auto spawn = raw(kAarch64, 220, {CLONE_VM | CLONE_VFORK | SIGCHLD, 0x7f0000100000, 0, 0, 0, 0});
    spawn.stack_pointer = kSp;
    const auto no_stack = raw(kX86_64, 56, {CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0, 0});
    EXPECT_EQ(decode_creation(vfork, memory)->child_kind, ChildKind::vfork);
    EXPECT_EQ(decode_creation(spawn, memory)->child_kind, ChildKind::spawn);
    EXPECT_EQ(decode_creation(no_stack, memory)->child_kind, ChildKind::vfork);
}

TEST(Creation, CloneExitSignalIsTheLowByteOnly) {
    FakeMemory memory;
    // 0x80 inside the low byte is part of the signal for clone(2), not CLONE_NEWTIME.
    const std::uint64_t word = CLONE_NEWPID | CLONE_VFORK | 0x8a;
    const auto call = decode_creation(raw(kX86_64, 56, {word, 0, 0, 0, 0, 0}), memory);
    ASSERT_TRUE(call);
    EXPECT_EQ(call->flags, CLONE_NEWPID | CLONE_VFORK);
    EXPECT_EQ(call->exit_signal, 0x8aU);

    const auto plain = decode_creation(raw(kX86_64, 56, {CLONE_FS | SIGUSR1, 0, 0, 0, 0, 0}), memory);
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->flags, static_cast<std::uint64_t>(CLONE_FS));
    EXPECT_EQ(plain->exit_signal, static_cast<std::uint64_t>(SIGUSR1));
}

TEST(Creation, Clone3ReadsItsArguments) {
    clone_args a{};
    a.flags = CLONE_VM | CLONE_PIDFD | CLONE_NEWTIME | CLONE_PARENT_SETTID | CLONE_INTO_CGROUP;
    a.pidfd = 0x5000;
    a.parent_tid = 0x6000;
    a.exit_signal = SIGCHLD;
    a.cgroup = 3;
    FakeMemory memory;
    memory.map_object(0x9000, a);
    const auto call = decode_creation(raw(kX86_64, 435, {0x9000, sizeof a, 0, 0, 0, 0}), memory);
    ASSERT_TRUE(call);
    EXPECT_EQ(call->syscall, SyscallKind::clone3);
    ASSERT_TRUE(call->args);
    EXPECT_EQ(call->args->status, CloneArgsStatus::ok);
    EXPECT_EQ(call->args->address, 0x9000U);
    EXPECT_EQ(call->args->size, 88U);
    EXPECT_EQ(call->flags, a.flags);  // 0x80 is CLONE_NEWTIME here
    EXPECT_EQ(call->exit_signal, static_cast<std::uint64_t>(SIGCHLD));
    EXPECT_EQ(call->args->get(ca_cgroup), 3U);
    EXPECT_EQ(address(call->pidfd), std::optional<std::uint64_t>(0x5000));
    EXPECT_EQ(address(call->parent_tid_write), std::optional<std::uint64_t>(0x6000));
    EXPECT_EQ(call->child_kind, ChildKind::namespace_);  // CLONE_NEWTIME
}

TEST(Creation, Clone3OfI386AndX32) {
    clone_args a{};
    a.flags = CLONE_THREAD | CLONE_VM | CLONE_SIGHAND;
    FakeMemory memory;
    memory.map_object(0x9000, a, 64);
    for (const auto& [audit, nr, name] : {std::tuple{kI386, 435ULL, std::string_view("i386")},
                                        std::tuple{kX86_64, 0x40000000ULL | 435, std::string_view("x32")},
                                        std::tuple{kAarch64, 435ULL, std::string_view("aarch64")}}) {
        const auto call = decode_creation(raw(audit, nr, {0x9000, 64, 0, 0, 0, 0}), memory);
        ASSERT_TRUE(call) << name;
        EXPECT_EQ(call->abi, name);
        EXPECT_EQ(call->syscall, SyscallKind::clone3);
        ASSERT_TRUE(call->args);
        EXPECT_EQ(call->args->field_count, 8U);
        EXPECT_EQ(call->flags, a.flags);
        EXPECT_EQ(call->child_kind, ChildKind::raw_thread);  // no TLS of its own
    }
}

TEST(Creation, UnreadableClone3HasNoFlags) {
    FakeMemory memory;
    const auto call = decode_creation(raw(kX86_64, 435, {0x1000, 88, 0, 0, 0, 0}), memory);
    ASSERT_TRUE(call);
    ASSERT_TRUE(call->args);
    EXPECT_EQ(call->args->status, CloneArgsStatus::unreadable);
    EXPECT_EQ(call->flags, 0U);
    EXPECT_EQ(call->exit_signal, 0U);
    EXPECT_EQ(address(call->pidfd), std::nullopt);
    EXPECT_EQ(address(call->parent_tid_write), std::nullopt);
}

TEST(Creation, ForkAsksForNothingButSigchld) {
    FakeMemory memory;
    for (const auto& [audit, nr] : {std::pair{kX86_64, 57ULL}, std::pair{kI386, 2ULL}}) {
        // Whatever garbage the argument registers hold.
        const auto call = decode_creation(raw(audit, nr, {CLONE_THREAD | CLONE_VM, 1, 2, 3, 4, 5}), memory);
        ASSERT_TRUE(call) << nr;
        EXPECT_EQ(call->syscall, SyscallKind::fork);
        EXPECT_EQ(call->flags, 0U);
        EXPECT_EQ(call->exit_signal, static_cast<std::uint64_t>(SIGCHLD));
        EXPECT_EQ(call->stack, 0U);
        EXPECT_EQ(call->parent_tid, 0U);
        EXPECT_FALSE(call->args);
        EXPECT_EQ(call->child_kind, ChildKind::process);
        EXPECT_EQ(address(call->pidfd), std::nullopt);
        EXPECT_EQ(address(call->parent_tid_write), std::nullopt);
    }
}

TEST(Creation, VforkIsCloneVmVfork) {
    FakeMemory memory;
    for (const auto& [audit, nr] : {std::pair{kX86_64, 58ULL}, std::pair{kI386, 190ULL}}) {
        const auto call = decode_creation(raw(audit, nr, {0, 0, 0, 0, 0, 0}), memory);
        ASSERT_TRUE(call) << nr;
        EXPECT_EQ(call->syscall, SyscallKind::vfork);
        EXPECT_EQ(call->flags, static_cast<std::uint64_t>(CLONE_VM | CLONE_VFORK));
        EXPECT_EQ(call->exit_signal, static_cast<std::uint64_t>(SIGCHLD));
        EXPECT_EQ(call->child_kind, ChildKind::vfork);
    }
}

TEST(Creation, OtherCallsAreNotCreations) {
    FakeMemory memory;
    EXPECT_EQ(decode_creation(raw(kX86_64, 110, {}), memory), std::nullopt);   // getppid
    EXPECT_EQ(decode_creation(raw(kX86_64, 317, {}), memory), std::nullopt);   // seccomp
    EXPECT_EQ(decode_creation(raw(kX86_64, 157, {}), memory), std::nullopt);   // prctl
    EXPECT_EQ(decode_creation(raw(kI386, 56, {}), memory), std::nullopt);      // not clone on i386
    EXPECT_EQ(decode_creation(raw(kAarch64, 57, {}), memory), std::nullopt);   // no fork on aarch64
}

TEST(Creation, UnknownAbiIsNotDecoded) {
    FakeMemory memory;
    RawSyscall r;
    r.abi = nullptr;
    r.audit_arch = kX86_64;
    r.nr = 56;
    r.args = {SIGCHLD, 0, 0, 0, 0, 0};
    EXPECT_EQ(decode_creation(r, memory), std::nullopt);
    EXPECT_EQ(decode_creation(raw(AUDIT_ARCH_PPC64LE, 120, {}), memory), std::nullopt);
}

TEST(Creation, ClonePidfdAndParentTidShareTheParentTidArgument) {
    FakeMemory memory;
    const auto both = decode_creation(
        raw(kX86_64, 56, {CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, kParentTid, kChildTid, 0, 0}), memory);
    ASSERT_TRUE(both);
    EXPECT_EQ(address(both->pidfd), std::optional<std::uint64_t>(kParentTid));
    EXPECT_EQ(address(both->parent_tid_write), std::optional<std::uint64_t>(kParentTid));

    const auto pidfd = decode_creation(raw(kI386, 120, {CLONE_PIDFD | SIGCHLD, 0, 0x2000, 0x3000, 0x4000, 0}), memory);
    ASSERT_TRUE(pidfd);
    EXPECT_EQ(address(pidfd->pidfd), std::optional<std::uint64_t>(0x2000));
    EXPECT_EQ(address(pidfd->parent_tid_write), std::nullopt);

    const auto neither = decode_creation(raw(kX86_64, 56, {SIGCHLD, 0, kParentTid, kChildTid, 0, 0}), memory);
    ASSERT_TRUE(neither);
    EXPECT_EQ(address(neither->pidfd), std::nullopt);
    EXPECT_EQ(address(neither->parent_tid_write), std::nullopt);
}

TEST(Creation, Clone3PointersComeFromTheirOwnFields) {
    clone_args a{};
    a.flags = CLONE_PIDFD | CLONE_PARENT_SETTID;
    a.pidfd = 0xa000;
    a.parent_tid = 0xb000;
    FakeMemory memory;
    memory.map_object(0x9000, a, 64);
    const auto call = decode_creation(raw(kX86_64, 435, {0x9000, 64, 0, 0, 0, 0}), memory);
    ASSERT_TRUE(call);
    EXPECT_EQ(address(call->pidfd), std::optional<std::uint64_t>(0xa000));
    EXPECT_EQ(address(call->parent_tid_write), std::optional<std::uint64_t>(0xb000));

    clone_args none{};
    none.pidfd = 0xa000;
    none.parent_tid = 0xb000;
    memory.map_object(0x9000, none, 64);
    const auto unasked = decode_creation(raw(kX86_64, 435, {0x9000, 64, 0, 0, 0, 0}), memory);
    ASSERT_TRUE(unasked);
    EXPECT_EQ(address(unasked->pidfd), std::nullopt);
    EXPECT_EQ(address(unasked->parent_tid_write), std::nullopt);
}

// One row per fingerprint: how the kind of a child is told from its call.
struct KindCase {
    const char* what;
    SyscallKind syscall;
    std::uint64_t flags;
    ChildKind kind;
    bool on_caller_stack = false;
};
const KindCase kKindCases[] = {
    {"pthread_create", SyscallKind::clone3,
     CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |
         CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID, ChildKind::thread},
    {"thread by hand", SyscallKind::clone, CLONE_VM | CLONE_SIGHAND | CLONE_THREAD, ChildKind::raw_thread},
    {"shared memory, own group", SyscallKind::clone, CLONE_VM | CLONE_FS | CLONE_FILES, ChildKind::raw_thread},
    {"glibc fork", SyscallKind::clone, CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID, ChildKind::process},
    {"fork(2)", SyscallKind::fork, 0, ChildKind::process},
    {"vfork(2)", SyscallKind::vfork, CLONE_VM | CLONE_VFORK, ChildKind::vfork},
    {"posix_spawn", SyscallKind::clone3, CLONE_VM | CLONE_VFORK, ChildKind::spawn},
    {"clone vfork without VM", SyscallKind::clone, CLONE_VFORK, ChildKind::vfork},
    {"arm64 glibc vfork", SyscallKind::clone, CLONE_VM | CLONE_VFORK, ChildKind::vfork, true},
    {"unshare -p style", SyscallKind::clone, CLONE_NEWPID, ChildKind::namespace_},
    {"container", SyscallKind::clone3, CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_PIDFD, ChildKind::namespace_},
    {"spawn into a namespace", SyscallKind::clone3, CLONE_VM | CLONE_VFORK | CLONE_NEWUTS, ChildKind::namespace_},
    {"clone3 time namespace", SyscallKind::clone3, CLONE_NEWTIME, ChildKind::namespace_},
};

TEST(Creation, ChildKindOfEachFingerprint) {
    for (const KindCase& c : kKindCases) EXPECT_EQ(classify_child(c.syscall, c.flags, c.on_caller_stack), c.kind) << c.what;
}

TEST(Creation, ChildKindNamesRoundTrip) {
    for (const std::string_view name : kChildKindNames) {
        const auto kind = child_kind_by_name(name);
        ASSERT_TRUE(kind) << name;
        EXPECT_EQ(child_kind_name(*kind), name);
    }
    EXPECT_EQ(child_kind_name(ChildKind::raw_thread), "raw-thread");
    EXPECT_EQ(child_kind_by_name("thread "), std::nullopt);
}

}  // namespace
}  // namespace ct::decoder
