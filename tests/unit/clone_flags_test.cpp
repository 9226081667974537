// The clone flag table against include/uapi/linux/sched.h.
#include <gtest/gtest.h>
#include <linux/sched.h>

#include <bit>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "decoder/clone_flags.h"

namespace ct::decoder {
namespace {

struct FlagRow {
    std::uint64_t bit;
    std::string_view name;
};

// Every CLONE_* flag of the kernel's uapi, written from the header (the ones
// newer than this machine's header by their documented values).
const FlagRow kUapiFlags[] = {
    {CLONE_NEWTIME, "CLONE_NEWTIME"},
    {CLONE_VM, "CLONE_VM"},
    {CLONE_FS, "CLONE_FS"},
    {CLONE_FILES, "CLONE_FILES"},
    {CLONE_SIGHAND, "CLONE_SIGHAND"},
    {CLONE_PIDFD, "CLONE_PIDFD"},
    {CLONE_PTRACE, "CLONE_PTRACE"},
    {CLONE_VFORK, "CLONE_VFORK"},
    {CLONE_PARENT, "CLONE_PARENT"},
    {CLONE_THREAD, "CLONE_THREAD"},
    {CLONE_NEWNS, "CLONE_NEWNS"},
    {CLONE_SYSVSEM, "CLONE_SYSVSEM"},
    {CLONE_SETTLS, "CLONE_SETTLS"},
    {CLONE_PARENT_SETTID, "CLONE_PARENT_SETTID"},
    {CLONE_CHILD_CLEARTID, "CLONE_CHILD_CLEARTID"},
    {CLONE_DETACHED, "CLONE_DETACHED"},
    {CLONE_UNTRACED, "CLONE_UNTRACED"},
    {CLONE_CHILD_SETTID, "CLONE_CHILD_SETTID"},
    {CLONE_NEWCGROUP, "CLONE_NEWCGROUP"},
    {CLONE_NEWUTS, "CLONE_NEWUTS"},
    {CLONE_NEWIPC, "CLONE_NEWIPC"},
    {CLONE_NEWUSER, "CLONE_NEWUSER"},
    {CLONE_NEWPID, "CLONE_NEWPID"},
    {CLONE_NEWNET, "CLONE_NEWNET"},
    {CLONE_IO, "CLONE_IO"},
    {CLONE_CLEAR_SIGHAND, "CLONE_CLEAR_SIGHAND"},
    {CLONE_INTO_CGROUP, "CLONE_INTO_CGROUP"},
    // Newer than this machine's header: the values of include/uapi/linux/sched.h.
    {1ULL << 34, "CLONE_AUTOREAP"},
    {1ULL << 35, "CLONE_NNP"},
    {1ULL << 36, "CLONE_PIDFD_AUTOKILL"},
    {1ULL << 37, "CLONE_EMPTY_MNTNS"},
};

// The literal values, so a wrong macro in an old header cannot hide a mistake.
static_assert(CLONE_NEWTIME == 0x80);
static_assert(CLONE_VM == 0x100);
static_assert(CLONE_PIDFD == 0x1000);
static_assert(CLONE_IO == 0x80000000U);
static_assert(CLONE_CLEAR_SIGHAND == 1ULL << 32);
static_assert(CLONE_INTO_CGROUP == 1ULL << 33);

static_assert(kCloneSignalMask == 0xff);
static_assert(kCloneVm == CLONE_VM);
static_assert(kClonePidfd == CLONE_PIDFD);
static_assert(kCloneVfork == CLONE_VFORK);
static_assert(kCloneParent == CLONE_PARENT);
static_assert(kCloneThread == CLONE_THREAD);
static_assert(kCloneSetTls == CLONE_SETTLS);
static_assert(kCloneParentSetTid == CLONE_PARENT_SETTID);
static_assert(kCloneChildClearTid == CLONE_CHILD_CLEARTID);
static_assert(kCloneChildSetTid == CLONE_CHILD_SETTID);
static_assert(kCloneNewPid == CLONE_NEWPID);
static_assert(kCloneIntoCgroup == CLONE_INTO_CGROUP);

TEST(CloneFlags, TableHasEveryUapiFlagAndNothingElse) {
    const auto table = clone_flag_table();
    EXPECT_EQ(table.size(), std::size(kUapiFlags));
    for (const FlagRow& want : kUapiFlags) {
        int found = 0;
        for (const FlagName& f : table) {
            if (f.name != want.name) continue;
            ++found;
            EXPECT_EQ(f.bit, want.bit) << want.name;
        }
        EXPECT_EQ(found, 1) << want.name;
    }
}

TEST(CloneFlags, EachFlagAloneSplitsToItsName) {
    for (const FlagRow& want : kUapiFlags) {
        const SplitFlags split = split_clone_flags(want.bit);
        if (want.bit == CLONE_DETACHED) {
            // The kernel ignores it, and strace shows it as a number.
            EXPECT_TRUE(split.names.empty());
            EXPECT_EQ(split.unknown, want.bit);
            continue;
        }
        ASSERT_EQ(split.names.size(), 1U) << want.name;
        EXPECT_EQ(split.names[0], want.name);
        EXPECT_EQ(split.unknown, 0U) << want.name;
    }
}

// strace's order: clone(2)'s flags by bit, then the ones only clone3 takes.
bool clone3_only(std::uint64_t bit) { return bit == CLONE_NEWTIME || bit > 0xffff'ffffULL; }

TEST(CloneFlags, TableIsSingleDistinctBitsInStracesOrder) {
    std::set<std::uint64_t> bits;
    std::set<std::string_view> names;
    std::uint64_t previous = 0;
    bool in_clone3_part = false;
    for (const FlagName& f : clone_flag_table()) {
        EXPECT_EQ(std::popcount(f.bit), 1) << f.name;
        EXPECT_TRUE(f.name.starts_with("CLONE_")) << f.name;
        EXPECT_TRUE(bits.insert(f.bit).second) << "duplicate bit of " << f.name;
        EXPECT_TRUE(names.insert(f.name).second) << "duplicate name " << f.name;
        if (clone3_only(f.bit) && !in_clone3_part) {
            in_clone3_part = true;
            EXPECT_EQ(f.name, "CLONE_NEWTIME");
        } else {
            EXPECT_GT(f.bit, previous) << f.name;
        }
        EXPECT_EQ(clone3_only(f.bit), in_clone3_part) << f.name;
        previous = f.bit;
    }
    // CSIGNAL (0x7f of the exit signal byte) is no flag; only NEWTIME sits in that byte.
    for (const FlagName& f : clone_flag_table()) {
        if ((f.bit & 0xff) != 0) {
            EXPECT_EQ(f.name, "CLONE_NEWTIME");
        }
    }
}

TEST(CloneFlags, EveryFlagTogetherLeavesNothingUnknown) {
    std::uint64_t all = 0;
    for (const FlagRow& f : kUapiFlags) all |= f.bit;
    const SplitFlags split = split_clone_flags(all);
    std::vector<std::string_view> in_order;
    for (const FlagName& f : clone_flag_table())
        if (f.bit != CLONE_DETACHED) in_order.push_back(f.name);
    EXPECT_EQ(split.names, in_order);
    EXPECT_EQ(split.unknown, static_cast<std::uint64_t>(CLONE_DETACHED));
}

TEST(CloneFlags, UnknownBitsArePreserved) {
    const SplitFlags split = split_clone_flags((1ULL << 40) | CLONE_VM);
    EXPECT_EQ(split.names, std::vector<std::string_view>{"CLONE_VM"});
    EXPECT_EQ(split.unknown, 1ULL << 40);

    const SplitFlags high = split_clone_flags(0xffff'ffc0'0000'0000ULL | CLONE_THREAD | 0x11);
    EXPECT_EQ(high.names, std::vector<std::string_view>{"CLONE_THREAD"});
    EXPECT_EQ(high.unknown, 0xffff'ffc0'0000'0011ULL);
}

TEST(CloneFlags, EachFlagSaysWhichKernelAddedIt) {
    for (const FlagName& f : clone_flag_table()) EXPECT_FALSE(f.since.empty()) << f.name;
}

TEST(CloneFlags, NewNamespaceFlags) {
    EXPECT_EQ(kCloneNewNamespaces, CLONE_NEWTIME | CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC |
                                       CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | (1ULL << 37));
}

TEST(CloneFlags, Clone3OnlyNamesComeAfterTheOthers) {
    const SplitFlags split = split_clone_flags(CLONE_THREAD | CLONE_VM | CLONE_SIGHAND | CLONE_NEWTIME);
    EXPECT_EQ(split.names,
              (std::vector<std::string_view>{"CLONE_VM", "CLONE_SIGHAND", "CLONE_THREAD", "CLONE_NEWTIME"}));
    EXPECT_EQ(split.unknown, 0U);
}

TEST(CloneFlags, ZeroHasNoNames) {
    const SplitFlags split = split_clone_flags(0);
    EXPECT_TRUE(split.names.empty());
    EXPECT_EQ(split.unknown, 0U);
}

}  // namespace
}  // namespace ct::decoder
