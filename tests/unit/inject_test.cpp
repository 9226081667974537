// --inject's syntax and its choice of calls, and the rewriting of a stopped
// call's bytes that skips it and sets its error.
#include <gtest/gtest.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <linux/ptrace.h>
#include <vector>

#include "arch/raw_syscall.h"
#include "arch/syscall_rewrite.h"
#include "decoder/inject.h"

namespace ct::decoder {
namespace {

using arch::SyscallKind;

InjectRule parsed(std::string_view spec) {
    auto result = parse_inject(spec);
    EXPECT_TRUE(std::holds_alternative<InjectRule>(result)) << spec;
    return std::get<InjectRule>(result);
}

std::vector<std::uint64_t> picked(const InjectWhen& when, std::uint64_t up_to) {
    std::vector<std::uint64_t> out;
    for (std::uint64_t n = 1; n <= up_to; ++n)
        if (inject_fires(when, n)) out.push_back(n);
    return out;
}

TEST(Inject, SetsNameCallsOrAllOfThem) {
    EXPECT_EQ(parsed("clone3:error=EAGAIN").calls, std::vector<SyscallKind>{SyscallKind::clone3});
    EXPECT_EQ(parsed("creation:error=ENOMEM").calls,
              (std::vector<SyscallKind>{SyscallKind::clone, SyscallKind::clone3, SyscallKind::fork, SyscallKind::vfork,
                                        SyscallKind::unshare, SyscallKind::setns}));
    EXPECT_EQ(parsed("setns:error=EPERM").calls, std::vector<SyscallKind>{SyscallKind::setns});
    EXPECT_EQ(parsed("fork:error=ENOMEM").error, ENOMEM);
    EXPECT_EQ(parsed("vfork:error=12").error, 12);
}

TEST(Inject, WhenFollowsStrace) {
    EXPECT_EQ(picked(parsed("clone:error=EPERM").when, 4), (std::vector<std::uint64_t>{1, 2, 3, 4}));
    EXPECT_EQ(picked(parsed("clone:error=EPERM:when=3").when, 10), std::vector<std::uint64_t>{3});
    EXPECT_EQ(picked(parsed("clone:error=EPERM:when=8+").when, 10), (std::vector<std::uint64_t>{8, 9, 10}));
    EXPECT_EQ(picked(parsed("clone:error=EPERM:when=2+3").when, 10), (std::vector<std::uint64_t>{2, 5, 8}));
    EXPECT_EQ(picked(parsed("clone:error=EPERM:when=4..6").when, 10), (std::vector<std::uint64_t>{4, 5, 6}));
    EXPECT_EQ(picked(parsed("clone:when=1:error=EPERM").when, 3), std::vector<std::uint64_t>{1});
}

TEST(Inject, BadSpecsAreRefusedWithAReason) {
    for (const char* spec : {"", "clone", "open:error=EPERM", "seccomp:error=EPERM", "clone:error=",
                             "clone:error=ENOPE", "clone:error=0", "clone:error=5000", "clone:error=EPERM:when=0",
                             "clone:error=EPERM:when=x", "clone:error=EPERM:when=3+0", "clone:error=EPERM:when=5..2",
                             "clone:error=EPERM:when=", "clone:error=EPERM:signal=SIGKILL", "clone3:retval=0"}) {
        const auto result = parse_inject(spec);
        ASSERT_TRUE(std::holds_alternative<InjectError>(result)) << spec;
        EXPECT_FALSE(std::get<InjectError>(result).message.empty()) << spec;
    }
}

TEST(SyscallRewrite, EntryAndSeccompStopsAreSkipped) {
    for (const int op : {PTRACE_SYSCALL_INFO_ENTRY, PTRACE_SYSCALL_INFO_SECCOMP}) {
        ptrace_syscall_info info{};
        info.op = static_cast<std::uint8_t>(op);
        info.entry.nr = 435;
        info.entry.args[0] = 0x1234;
        std::array<std::byte, arch::kSyscallInfoSize> bytes{};
        std::memcpy(bytes.data(), &info, sizeof info);
        ASSERT_TRUE(arch::rewrite_as_skipped(bytes));
        std::memcpy(&info, bytes.data(), sizeof info);
        EXPECT_EQ(info.entry.nr, ~0ULL);
        EXPECT_EQ(info.entry.args[0], 0x1234U);
        EXPECT_FALSE(arch::rewrite_as_failed(bytes, EAGAIN));
    }
}

TEST(SyscallRewrite, ExitStopsGetTheError) {
    ptrace_syscall_info info{};
    info.op = PTRACE_SYSCALL_INFO_EXIT;
    info.exit.rval = -ENOSYS;
    info.exit.is_error = 1;
    std::array<std::byte, arch::kSyscallInfoSize> bytes{};
    std::memcpy(bytes.data(), &info, sizeof info);
    EXPECT_FALSE(arch::rewrite_as_skipped(bytes));
    ASSERT_TRUE(arch::rewrite_as_failed(bytes, EAGAIN));
    const auto stop = arch::parse_syscall_info(bytes);
    ASSERT_TRUE(stop);
    EXPECT_EQ(stop->rval, -EAGAIN);
    EXPECT_TRUE(stop->is_error);
}

TEST(SyscallRewrite, ShortOrEmptyBytesAreLeftAlone) {
    std::array<std::byte, 8> few{};
    EXPECT_FALSE(arch::rewrite_as_skipped(few));
    EXPECT_FALSE(arch::rewrite_as_failed(few, EPERM));
}

}  // namespace
}  // namespace ct::decoder
