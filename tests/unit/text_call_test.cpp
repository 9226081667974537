// strace-style text of single creation calls, against lines strace prints.
#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/sched.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "arch/abi.h"
#include "decoder/creation.h"
#include "decoder/event.h"
#include "fake_memory.h"
#include "output/text_call.h"

namespace ct::output {
namespace {

using decoder::CallOutcome;
using decoder::Creation;
using test::FakeMemory;

constexpr std::uint32_t kX86_64 = AUDIT_ARCH_X86_64;
constexpr std::uint32_t kI386 = AUDIT_ARCH_I386;
constexpr std::uint64_t kArgs = 0x7ffc'1234'5000;

// The call as the decoder makes it from registers and memory.
decoder::CreationCall decode(std::uint32_t audit_arch, std::uint64_t nr, std::array<std::uint64_t, 6> args,
                             FakeMemory& memory) {
    arch::RawSyscall raw;
    raw.audit_arch = audit_arch;
    raw.nr = nr;
    raw.abi = arch::find_abi(audit_arch, nr);
    raw.args = args;
    auto call = decoder::decode_creation(raw, memory);
    EXPECT_TRUE(call);
    return call ? *call : decoder::CreationCall{};
}

Creation created(decoder::CreationCall call, std::int64_t pid) {
    Creation c;
    c.call = std::move(call);
    c.outcome = CallOutcome::created;
    c.result = pid;
    return c;
}

Creation failed(decoder::CreationCall call, std::int64_t err, CallOutcome outcome = CallOutcome::failed) {
    Creation c;
    c.call = std::move(call);
    c.outcome = outcome;
    c.result = -err;
    c.error = err;
    return c;
}

decoder::CreationCall clone3_call(const clone_args& a, std::uint64_t size = sizeof(clone_args)) {
    FakeMemory memory;
    memory.map_object(kArgs, a, size);
    return decode(kX86_64, 435, {kArgs, size, 0, 0, 0, 0}, memory);
}

TEST(TextCall, GlibcPthreadClone3) {
    clone_args a{};
    a.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |
              CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
    a.child_tid = 0x7f49de8f6990;
    a.parent_tid = 0x7f49de8f6990;
    a.exit_signal = 0;
    a.stack = 0x7f49de0f6000;
    a.stack_size = 0x7fff80;
    a.tls = 0x7f49de8f66c0;
    Creation c = created(clone3_call(a), 3284);
    c.call.parent_tid_write->value = 3284;
    EXPECT_EQ(format_creation_text(c),
              "clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|"
              "CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f49de8f6990, parent_tid=0x7f49de8f6990, "
              "exit_signal=0, stack=0x7f49de0f6000, stack_size=0x7fff80, tls=0x7f49de8f66c0} => {parent_tid=[3284]}, "
              "88) = 3284");
}

TEST(TextCall, GlibcForkIsClone) {
    FakeMemory memory;
    const auto call = decode(kX86_64, 56,
                             {CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | SIGCHLD, 0, 0, 0x7f49de8f7a10, 0, 0}, memory);
    EXPECT_EQ(format_creation_text(created(call, 3285)),
              "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
              "child_tidptr=0x7f49de8f7a10) = 3285");
}

TEST(TextCall, OldGlibcPthreadClone) {
    FakeMemory memory;
    const std::uint64_t flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
                                CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
    const auto call = decode(kX86_64, 56, {flags, 0x7f1a2b3c4ff0, 0x7f1a2b3c59d0, 0x7f1a2b3c59d0, 0x7f1a2b3c5700, 0},
                             memory);
    Creation c = created(call, 3290);
    c.call.parent_tid_write->value = 3290;
    EXPECT_EQ(format_creation_text(c),
              "clone(child_stack=0x7f1a2b3c4ff0, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|"
              "CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, parent_tid=[3290], "
              "tls=0x7f1a2b3c5700, child_tidptr=0x7f1a2b3c59d0) = 3290");
    // Unread (the caller died first): the pointer instead of the value.
    c.call.parent_tid_write->value.reset();
    EXPECT_NE(format_creation_text(c).find("parent_tid=0x7f1a2b3c59d0, "), std::string::npos);
}

TEST(TextCall, I386CloneNamesItsArgumentsInTheBackwardsOrder) {
    FakeMemory memory;
    const std::uint64_t flags = CLONE_VM | CLONE_SETTLS | CLONE_CHILD_SETTID | SIGCHLD;
    // i386: (flags, stack, parent_tid, tls, child_tid)
    const auto call = decode(kI386, 120, {flags, 0xf7000000, 0xf7100000, 0xf7200000, 0xf7300000, 0}, memory);
    EXPECT_EQ(format_creation_text(created(call, 77)),
              "clone(child_stack=0xf7000000, flags=CLONE_VM|CLONE_SETTLS|CLONE_CHILD_SETTID|SIGCHLD, "
              "tls=0xf7200000, child_tidptr=0xf7300000) = 77");
}

// A struct user_desc as glibc passes it for a new i386 thread: entry 12,
// 32-bit segment, limit in pages, useable.
std::vector<std::uint8_t> user_desc_bytes(std::uint32_t entry, std::uint32_t base, std::uint32_t limit,
                                          std::uint8_t bits) {
    std::vector<std::uint8_t> out;
    for (const std::uint32_t v : {entry, base, limit, static_cast<std::uint32_t>(bits)})
        for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    return out;
}

TEST(TextCall, I386TlsIsTheUserDescItPointsTo) {
    FakeMemory memory;
    memory.map(0xf7200000, user_desc_bytes(12, 0xf7d59b40, 0xfffff, 0x51));
    const std::uint64_t flags = CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | SIGCHLD;
    const auto call = decode(kI386, 120, {flags, 0, 0xf7100000, 0xf7200000, 0xf7300000, 0}, memory);
    ASSERT_TRUE(call.tls_desc);
    EXPECT_EQ(format_creation_text(created(call, 77)),
              "clone(child_stack=NULL, flags=CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_SETTID|SIGCHLD, "
              "parent_tid=0xf7100000, tls={entry_number=12, base_addr=0xf7d59b40, limit=0x0fffff, seg_32bit=1, "
              "contents=0, read_exec_only=0, limit_in_pages=1, seg_not_present=0, useable=1}, "
              "child_tidptr=0xf7300000) = 77");

    // C's %#08x, as strace prints them: zero has no "0x"; -1 asks for any entry.
    memory.map(0xf7200000, user_desc_bytes(0xffffffff, 0, 0, 0x7f));
    const auto any = decode(kI386, 120, {flags, 0, 0xf7100000, 0xf7200000, 0xf7300000, 0}, memory);
    EXPECT_NE(format_creation_text(created(any, 77))
                  .find("tls={entry_number=-1, base_addr=00000000, limit=00000000, seg_32bit=1, contents=3, "
                        "read_exec_only=1, limit_in_pages=1, seg_not_present=1, useable=1}"),
              std::string::npos);
}

TEST(TextCall, I386Clone3TlsIsTheUserDescToo) {
    clone_args a{};
    a.flags = CLONE_VM | CLONE_SETTLS;
    a.tls = 0xf7200000;
    FakeMemory memory;
    memory.map_object(kArgs, a, 88);
    memory.map(0xf7200000, user_desc_bytes(12, 0xf7d59b40, 0xfffff, 0x51));
    const auto call = decode(kI386, 435, {kArgs, 88, 0, 0, 0, 0}, memory);
    EXPECT_NE(format_creation_text(created(call, 77)).find("tls={entry_number=12, base_addr=0xf7d59b40, "),
              std::string::npos);
}

TEST(TextCall, TlsElsewhereIsTheThreadPointerItself) {
    FakeMemory memory;
    memory.map(0x7f0000001000, user_desc_bytes(12, 0xf7d59b40, 0xfffff, 0x51));
    const std::uint64_t flags = CLONE_VM | CLONE_SETTLS | SIGCHLD;
    const auto call = decode(kX86_64, 56, {flags, 0, 0, 0, 0x7f0000001000, 0}, memory);
    EXPECT_FALSE(call.tls_desc);
    EXPECT_NE(format_creation_text(created(call, 77)).find("tls=0x7f0000001000"), std::string::npos);

    // i386, unreadable: the address, as strace prints it.
    const auto unread = decode(kI386, 120, {flags, 0, 0, 0xf7200000, 0, 0}, memory);
    EXPECT_FALSE(unread.tls_desc);
    EXPECT_NE(format_creation_text(created(unread, 77)).find("tls=0xf7200000"), std::string::npos);
}

TEST(TextCall, ForkAndVfork) {
    FakeMemory memory;
    EXPECT_EQ(format_creation_text(created(decode(kX86_64, 58, {}, memory), 3286)), "vfork() = 3286");
    EXPECT_EQ(format_creation_text(created(decode(kX86_64, 57, {}, memory), 3287)), "fork() = 3287");
    EXPECT_EQ(format_creation_text(failed(decode(kI386, 2, {}, memory), EAGAIN)),
              "fork() = -1 EAGAIN (Resource temporarily unavailable)");
}

TEST(TextCall, FailedClone3) {
    clone_args a{};
    a.flags = CLONE_THREAD;  // without CLONE_SIGHAND: EINVAL
    a.exit_signal = SIGCHLD;
    EXPECT_EQ(format_creation_text(failed(clone3_call(a), EINVAL)),
              "clone3({flags=CLONE_THREAD, exit_signal=SIGCHLD, stack=NULL, stack_size=0}, 88) = -1 EINVAL "
              "(Invalid argument)");
}

TEST(TextCall, RestartedCall) {
    clone_args a{};
    a.exit_signal = SIGCHLD;
    EXPECT_EQ(format_creation_text(failed(clone3_call(a, 64), 513, CallOutcome::restarted)),
              "clone3({flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0}, 64) = ? ERESTARTNOINTR "
              "(To be restarted)");
    FakeMemory memory;
    EXPECT_EQ(format_creation_text(failed(decode(kX86_64, 56, {SIGCHLD, 0, 0, 0, 0, 0}, memory), 513,
                                          CallOutcome::restarted)),
              "clone(child_stack=NULL, flags=SIGCHLD) = ? ERESTARTNOINTR (To be restarted)");
}

TEST(TextCall, UnreadableAndNullClone3ShowThePointer) {
    FakeMemory memory;
    EXPECT_EQ(format_creation_text(failed(decode(kX86_64, 435, {0x1000, 88, 0, 0, 0, 0}, memory), EFAULT)),
              "clone3(0x1000, 88) = -1 EFAULT (Bad address)");
    EXPECT_EQ(format_creation_text(failed(decode(kX86_64, 435, {0, 88, 0, 0, 0, 0}, memory), EFAULT)),
              "clone3(NULL, 88) = -1 EFAULT (Bad address)");
    // Too small for any version: the pointer too, even when readable.
    memory.map(0x2000, std::vector<std::uint8_t>(88, 0));
    EXPECT_EQ(format_creation_text(failed(decode(kX86_64, 435, {0x2000, 32, 0, 0, 0, 0}, memory), EINVAL)),
              "clone3(0x2000, 32) = -1 EINVAL (Invalid argument)");
}

TEST(TextCall, UnknownFlagBitsInHex) {
    clone_args a{};
    a.flags = CLONE_VM | (1ULL << 40) | (1ULL << 63);
    a.exit_signal = SIGCHLD;
    EXPECT_EQ(format_creation_text(failed(clone3_call(a), EINVAL)),
              "clone3({flags=CLONE_VM|0x8000010000000000, exit_signal=SIGCHLD, stack=NULL, stack_size=0}, 88) = -1 "
              "EINVAL (Invalid argument)");
}

TEST(TextCall, Clone3OnlyFlagsAndNamespaces) {
    clone_args a{};
    a.flags = CLONE_NEWTIME | CLONE_NEWPID | CLONE_NEWUSER | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP;
    a.exit_signal = SIGCHLD;
    a.cgroup = 5;
    EXPECT_EQ(format_creation_text(created(clone3_call(a), 1)),
              "clone3({flags=CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWTIME|CLONE_CLEAR_SIGHAND|CLONE_INTO_CGROUP, "
              "exit_signal=SIGCHLD, stack=NULL, stack_size=0, cgroup=5}, 88) = 1");
}

TEST(TextCall, Clone3PidfdAndSetTid) {
    clone_args a{};
    a.flags = CLONE_PIDFD;
    a.pidfd = 0x7ffc00000010;
    a.exit_signal = SIGCHLD;
    a.set_tid = 0x7ffc00000100;
    a.set_tid_size = 2;
    FakeMemory memory;
    memory.map_object(kArgs, a);
    memory.map_array(0x7ffc00000100, std::vector<std::int32_t>{300, 7});
    Creation c = created(decode(kX86_64, 435, {kArgs, 88, 0, 0, 0, 0}, memory), 300);
    c.call.pidfd->value = 3;
    EXPECT_EQ(format_creation_text(c),
              "clone3({flags=CLONE_PIDFD, pidfd=0x7ffc00000010, exit_signal=SIGCHLD, stack=NULL, stack_size=0, "
              "set_tid=[300, 7], set_tid_size=2} => {pidfd=[3]}, 88) = 300");
}

TEST(TextCall, Clone3AbsurdSetTidShowsThePointer) {
    clone_args a{};
    a.exit_signal = SIGCHLD;
    a.set_tid = 0x7ffc00000100;
    a.set_tid_size = 1000;
    EXPECT_EQ(format_creation_text(failed(clone3_call(a), EINVAL)),
              "clone3({flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0, set_tid=0x7ffc00000100, "
              "set_tid_size=1000}, 88) = -1 EINVAL (Invalid argument)");
}

TEST(TextCall, Clone3SetTidTheKernelRefuses) {
    // strace 6.1 prints the pointer whenever there is no entry to show.
    const std::uint64_t tids = 0x7fff06c61b0c;
    struct Case {
        std::uint64_t set_tid;
        std::uint64_t set_tid_size;
        int error;
        const char* text;
    };
    const Case cases[] = {
        {tids, 0, EINVAL, "set_tid=0x7fff06c61b0c, set_tid_size=0}, 88) = -1 EINVAL (Invalid argument)"},
        {0, 2, EINVAL, "set_tid=NULL, set_tid_size=2}, 88) = -1 EINVAL (Invalid argument)"},
        {0x10, 2, EFAULT, "set_tid=0x10, set_tid_size=2}, 88) = -1 EFAULT (Bad address)"},
    };
    for (const Case& c : cases) {
        clone_args a{};
        a.exit_signal = SIGCHLD;
        a.set_tid = c.set_tid;
        a.set_tid_size = c.set_tid_size;
        FakeMemory memory;
        memory.map_object(kArgs, a);
        memory.map_array(tids, std::vector<std::int32_t>{5});
        EXPECT_EQ(format_creation_text(failed(decode(kX86_64, 435, {kArgs, 88, 0, 0, 0, 0}, memory), c.error)),
                  std::string("clone3({flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0, ") + c.text);
    }
}

TEST(TextCall, CloneFlagsAbove32BitsAreNumbers) {
    // The kernel ignores them for clone(2); strace 6.1 on the same calls.
    FakeMemory memory;
    const auto call = decode(kX86_64, 56, {CLONE_VM | CLONE_CLEAR_SIGHAND | (1ULL << 40) | SIGCHLD, 0x1000, 0, 0, 0, 0},
                             memory);
    EXPECT_EQ(format_creation_text(created(call, 10785)),
              "clone(child_stack=0x1000, flags=CLONE_VM|0x10100000000|SIGCHLD) = 10785");
    const auto high_only = decode(kX86_64, 56, {CLONE_INTO_CGROUP, 0, 0, 0, 0, 0}, memory);
    EXPECT_EQ(format_creation_text(created(high_only, 1)),
              "clone(child_stack=NULL, flags=0x200000000 /* CLONE_??? */) = 1");
    const auto detached = decode(kX86_64, 56, {CLONE_DETACHED | SIGCHLD, 0, 0, 0, 0, 0}, memory);
    EXPECT_EQ(format_creation_text(created(detached, 1)),
              "clone(child_stack=NULL, flags=0x400000 /* CLONE_??? */|SIGCHLD) = 1");
    const auto none = decode(kX86_64, 56, {0, 0, 0, 0, 0, 0}, memory);
    EXPECT_EQ(format_creation_text(created(none, 1)), "clone(child_stack=NULL, flags=0) = 1");
}

TEST(TextCall, Clone3NonzeroTail) {
    clone_args a{};
    a.exit_signal = SIGCHLD;
    FakeMemory memory;
    std::vector<std::uint8_t> bytes(96, 0);
    std::memcpy(bytes.data(), &a, sizeof a);
    bytes[88] = 0xab;
    bytes[95] = 0x01;
    memory.map(kArgs, bytes);
    EXPECT_EQ(format_creation_text(failed(decode(kX86_64, 435, {kArgs, 96, 0, 0, 0, 0}, memory), E2BIG)),
              "clone3({flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0, /* bytes 88..95 */ "
              "\"\\xab\\x00\\x00\\x00\\x00\\x00\\x00\\x01\"}, 96) = -1 E2BIG (Argument list too long)");
}

TEST(TextCall, LongTailIsCutAt32Bytes) {
    // strace 6.1 on the same call, at both sizes (the read stops at the page).
    clone_args a{};
    a.exit_signal = SIGCHLD;
    std::vector<std::uint8_t> bytes(4096, 0);
    std::memcpy(bytes.data(), &a, sizeof a);
    bytes[100] = 0x5a;
    FakeMemory memory;
    memory.map(kArgs, bytes);
    const std::string args =
        "{flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0, /* bytes 88..4095 */ "
        "\"\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x5a\\x00\\x00\\x00"
        "\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\"...}";
    for (const std::uint64_t size : {4096ULL, 8192ULL}) {
        EXPECT_EQ(format_creation_text(failed(decode(kX86_64, 435, {kArgs, size, 0, 0, 0, 0}, memory), E2BIG)),
                  "clone3(" + args + ", " + std::to_string(size) + ") = -1 E2BIG (Argument list too long)");
    }
}

TEST(TextCall, StackSizeInHex) {
    clone_args a{};
    a.flags = CLONE_VM | CLONE_VFORK;
    a.exit_signal = SIGCHLD;
    a.stack = 0x7f0000000000;
    a.stack_size = 0x10000;
    EXPECT_EQ(format_creation_text(created(clone3_call(a, 64), 55)),
              "clone3({flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD, stack=0x7f0000000000, stack_size=0x10000}, "
              "64) = 55");
}

TEST(TextCall, UnfinishedCall) {
    FakeMemory memory;
    Creation c;
    c.call = decode(kX86_64, 57, {}, memory);
    c.outcome = CallOutcome::unfinished;
    EXPECT_EQ(format_creation_text(c), "fork() = ?");
}

// The lines strace's tests/clone3.c expects for the same calls.
TEST(TextCall, StracesClone3Lines) {
    clone_args a{};
    FakeMemory memory;
    // Past the known fields, into memory that cannot be read.
    memory.map_object(kArgs, a);
    EXPECT_EQ(format_creation_text(failed(decode(kX86_64, 435, {kArgs, sizeof a + 8, 0, 0, 0, 0}, memory), EFAULT)),
              "clone3({flags=0, exit_signal=0, stack=NULL, stack_size=0, ???}, 96) = -1 EFAULT (Bad address)");
    // A cgroup without CLONE_INTO_CGROUP is shown all the same.
    a.cgroup = 0xfacefeedbadc0ded;
    memory.map_object(kArgs, a);
    EXPECT_EQ(format_creation_text(failed(decode(kX86_64, 435, {kArgs, sizeof a, 0, 0, 0, 0}, memory), E2BIG)),
              fmt::format("clone3({{flags=0, exit_signal=0, stack=NULL, stack_size=0, cgroup={}}}, 88) = "
                          "-1 E2BIG (Argument list too long)", static_cast<std::uint64_t>(a.cgroup)));
    // Nothing but unknown bits.
    a = {};
    a.flags = 0xdec0deac0040007fULL & ~(CLONE_NEWTIME | (1ULL << 34) | (1ULL << 35) | (1ULL << 37));
    a.exit_signal = 250;
    memory.map_object(kArgs, a, 64);
    EXPECT_EQ(format_creation_text(failed(decode(kX86_64, 435, {kArgs, 64, 0, 0, 0, 0}, memory), EINVAL)),
              fmt::format("clone3({{flags={:#x} /* CLONE_??? */, exit_signal=250, stack=NULL, stack_size=0}}, 64) = "
                          "-1 EINVAL (Invalid argument)", a.flags));
    // The kernel was asked to write the tid through NULL.
    a = {};
    a.flags = CLONE_PARENT_SETTID;
    memory.map_object(kArgs, a, 64);
    EXPECT_EQ(format_creation_text(created(decode(kX86_64, 435, {kArgs, 64, 0, 0, 0, 0}, memory), 77)),
              "clone3({flags=CLONE_PARENT_SETTID, parent_tid=NULL, exit_signal=0, stack=NULL, stack_size=0}"
              " => {parent_tid=NULL}, 64) = 77");
}

TEST(TextCall, FlagsAndAddresses) {
    EXPECT_EQ(format_clone_flags(0, 0), "0");
    EXPECT_EQ(format_clone_flags(0, SIGCHLD), "SIGCHLD");
    EXPECT_EQ(format_clone_flags(CLONE_VM | CLONE_VFORK, SIGCHLD), "CLONE_VM|CLONE_VFORK|SIGCHLD");
    EXPECT_EQ(format_clone_flags(CLONE_VM | (1ULL << 40), 0), "CLONE_VM|0x10000000000");
    EXPECT_EQ(format_clone_flags(1ULL << 38, SIGUSR1), "0x4000000000 /* CLONE_??? */|SIGUSR1");
    EXPECT_EQ(format_clone_flags(CLONE_NEWTIME, 0), "CLONE_NEWTIME");
    EXPECT_EQ(format_address(0), "NULL");
    EXPECT_EQ(format_address(0x1000), "0x1000");
    EXPECT_EQ(format_address(0xffff'ffff'ffff'ffff), "0xffffffffffffffff");
}

}  // namespace
}  // namespace ct::output
