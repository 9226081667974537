// struct clone_args read from untrusted memory, one case per kernel rule.
#include <gtest/gtest.h>
#include <linux/sched.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <cstdint>
#include <vector>

#include "decoder/clone_args.h"
#include "fake_memory.h"

namespace ct::decoder {
namespace {

using test::FakeMemory;

constexpr std::uint64_t kArgs = 0x7ffd'0000'1000;
constexpr std::uint64_t kTids = 0x5555'0000'2000;

// Sizes and offsets from the kernel's struct, not from the decoder.
static_assert(CLONE_ARGS_SIZE_VER0 == 64 && CLONE_ARGS_SIZE_VER1 == 80 && CLONE_ARGS_SIZE_VER2 == 88);
static_assert(sizeof(clone_args) == 88);
static_assert(offsetof(clone_args, set_tid) == 64 && offsetof(clone_args, cgroup) == 80);
static_assert(kCloneArgsSizeVer0 == CLONE_ARGS_SIZE_VER0);
static_assert(kCloneArgsSizeVer2 == CLONE_ARGS_SIZE_VER2);
static_assert(kCloneArgsMaxSize == 4096);
static_assert(kMaxSetTid == 32);

clone_args sample() {
    clone_args a{};
    a.flags = CLONE_VM | CLONE_PIDFD;
    a.pidfd = 0x1111;
    a.child_tid = 0x2222;
    a.parent_tid = 0x3333;
    a.exit_signal = 17;
    a.stack = 0x4444;
    a.stack_size = 0x5555;
    a.tls = 0x6666;
    a.set_tid = 0;
    a.set_tid_size = 0;
    a.cgroup = 7;
    return a;
}

// The struct followed by `extra` bytes of (zero) tail, `size` bytes mapped in all.
std::vector<std::uint8_t> bytes_of(const clone_args& a, std::size_t size) {
    std::vector<std::uint8_t> out(std::max(size, sizeof a));
    std::memcpy(out.data(), &a, sizeof a);
    out.resize(size);
    return out;
}

void expect_first_eight(const CloneArgs& got) {
    EXPECT_EQ(got.get(ca_flags), CLONE_VM | CLONE_PIDFD);
    EXPECT_EQ(got.get(ca_pidfd), 0x1111U);
    EXPECT_EQ(got.get(ca_child_tid), 0x2222U);
    EXPECT_EQ(got.get(ca_parent_tid), 0x3333U);
    EXPECT_EQ(got.get(ca_exit_signal), 17U);
    EXPECT_EQ(got.get(ca_stack), 0x4444U);
    EXPECT_EQ(got.get(ca_stack_size), 0x5555U);
    EXPECT_EQ(got.get(ca_tls), 0x6666U);
}

TEST(CloneArgs, FieldNamesInKernelOrder) {
    EXPECT_EQ(kCloneArgsFields[ca_flags], "flags");
    EXPECT_EQ(kCloneArgsFields[ca_exit_signal], "exit_signal");
    EXPECT_EQ(kCloneArgsFields[ca_tls], "tls");
    EXPECT_EQ(kCloneArgsFields[ca_set_tid], "set_tid");
    EXPECT_EQ(kCloneArgsFields[ca_set_tid_size], "set_tid_size");
    EXPECT_EQ(kCloneArgsFields[ca_cgroup], "cgroup");
    EXPECT_EQ(offsetof(clone_args, exit_signal), ca_exit_signal * 8);
    EXPECT_EQ(offsetof(clone_args, tls), ca_tls * 8);
    EXPECT_EQ(offsetof(clone_args, set_tid_size), ca_set_tid_size * 8);
}

struct SizeCase {
    std::uint64_t size;
    std::size_t fields;
};

TEST(CloneArgs, EachPublishedSizeCoversItsFields) {
    const SizeCase cases[] = {{64, 8}, {80, 10}, {88, 11}};
    for (const SizeCase& c : cases) {
        SCOPED_TRACE(c.size);
        clone_args a = sample();
        a.set_tid = kTids;
        a.set_tid_size = 1;
        FakeMemory memory;
        memory.map(kArgs, bytes_of(a, c.size));  // nothing mapped past the struct's size
        memory.map(kTids, {0x39, 0x05, 0, 0});
        const CloneArgs got = read_clone_args(memory, kArgs, c.size);
        ASSERT_EQ(got.status, CloneArgsStatus::ok);
        EXPECT_EQ(got.address, kArgs);
        EXPECT_EQ(got.size, c.size);
        EXPECT_EQ(got.field_count, c.fields);
        expect_first_eight(got);
        EXPECT_EQ(got.has(ca_set_tid), c.fields >= 10);
        EXPECT_EQ(got.has(ca_set_tid_size), c.fields >= 10);
        EXPECT_EQ(got.has(ca_cgroup), c.fields >= 11);
        EXPECT_EQ(got.get(ca_cgroup), c.fields >= 11 ? 7U : 0U);
        EXPECT_TRUE(got.tail.empty());
        EXPECT_FALSE(got.tail_unreadable);
        if (c.fields >= 10) {
            EXPECT_EQ(got.set_tid_status, SetTidStatus::ok);
            EXPECT_EQ(got.set_tid, std::vector<std::int32_t>{1337});
        } else {
            // A 64-byte struct has no set_tid, whatever lies beyond it.
            EXPECT_EQ(got.set_tid_status, SetTidStatus::absent);
            EXPECT_TRUE(got.set_tid.empty());
        }
    }
}

TEST(CloneArgs, LargerSizeWithZeroTailIsPlainVersion2) {
    FakeMemory memory;
    memory.map(kArgs, bytes_of(sample(), 96));
    const CloneArgs got = read_clone_args(memory, kArgs, 96);
    ASSERT_EQ(got.status, CloneArgsStatus::ok);
    EXPECT_EQ(got.field_count, 11U);
    expect_first_eight(got);
    EXPECT_EQ(got.get(ca_cgroup), 7U);
    EXPECT_TRUE(got.tail.empty());
    EXPECT_EQ(got.tail_offset, 0U);
    EXPECT_FALSE(got.tail_unreadable);
}

TEST(CloneArgs, NonzeroTailIsKeptWithItsOffset) {
    std::vector<std::uint8_t> bytes = bytes_of(sample(), 96);
    bytes[90] = 0xab;
    bytes[95] = 0x01;
    FakeMemory memory;
    memory.map(kArgs, bytes);
    const CloneArgs got = read_clone_args(memory, kArgs, 96);
    ASSERT_EQ(got.status, CloneArgsStatus::ok);
    expect_first_eight(got);
    EXPECT_EQ(got.tail_offset, 88U);
    EXPECT_EQ(got.tail, (std::vector<std::uint8_t>{0, 0, 0xab, 0, 0, 0, 0, 0x01}));
    EXPECT_FALSE(got.tail_unreadable);
}

TEST(CloneArgs, PageSizedStructKeepsWholeBoundedTail) {
    std::vector<std::uint8_t> bytes = bytes_of(sample(), 4096);
    bytes[100] = 0x5a;
    FakeMemory memory;
    memory.map(kArgs, bytes);
    const CloneArgs got = read_clone_args(memory, kArgs, 4096);
    ASSERT_EQ(got.status, CloneArgsStatus::ok);
    EXPECT_EQ(got.tail_offset, 88U);
    ASSERT_EQ(got.tail.size(), 4096U - 88U);
    EXPECT_EQ(got.tail[100 - 88], 0x5a);
    std::size_t nonzero = 0;
    for (std::uint8_t b : got.tail) nonzero += b != 0;
    EXPECT_EQ(nonzero, 1U);
}

TEST(CloneArgs, OversizedStructReadsNoMoreThanAPage) {
    // Only 4096 bytes exist: a read past them would come back short and be
    // reported as unreadable, so a good result proves the bound.
    std::vector<std::uint8_t> bytes = bytes_of(sample(), 4096);
    bytes[4095] = 0x77;
    FakeMemory memory;
    memory.map(kArgs, bytes);
    const CloneArgs got = read_clone_args(memory, kArgs, 8192);
    ASSERT_EQ(got.status, CloneArgsStatus::ok);
    EXPECT_EQ(got.size, 8192U);
    EXPECT_FALSE(got.tail_unreadable);
    EXPECT_EQ(got.tail_offset, 88U);
    ASSERT_EQ(got.tail.size(), 4096U - 88U);
    EXPECT_EQ(got.tail.back(), 0x77);
}

TEST(CloneArgs, HugeSizeIsBoundedToo) {
    FakeMemory memory;
    memory.map(kArgs, bytes_of(sample(), 4096));
    const CloneArgs got = read_clone_args(memory, kArgs, ~0ULL);
    ASSERT_EQ(got.status, CloneArgsStatus::ok);
    EXPECT_FALSE(got.tail_unreadable);
    EXPECT_TRUE(got.tail.empty());
}

TEST(CloneArgs, TailPastMappedMemoryIsUnreadable) {
    FakeMemory memory;
    memory.map(kArgs, bytes_of(sample(), 88));
    const CloneArgs got = read_clone_args(memory, kArgs, 128);
    ASSERT_EQ(got.status, CloneArgsStatus::ok);
    expect_first_eight(got);
    EXPECT_TRUE(got.tail_unreadable);
    EXPECT_TRUE(got.tail.empty());
}

TEST(CloneArgs, BelowFirstPublishedSizeIsTooSmall) {
    for (std::uint64_t size : {0ULL, 8ULL, 63ULL}) {
        SCOPED_TRACE(size);
        FakeMemory memory;
        memory.map(kArgs, bytes_of(sample(), 88));
        const CloneArgs got = read_clone_args(memory, kArgs, size);
        EXPECT_EQ(got.status, CloneArgsStatus::too_small);
        EXPECT_EQ(got.address, kArgs);
        EXPECT_EQ(got.size, size);
        EXPECT_EQ(got.field_count, 0U);
        EXPECT_FALSE(got.has(ca_flags));
        EXPECT_EQ(got.get(ca_flags), 0U);
    }
}

TEST(CloneArgs, NullAddressIsUnreadable) {
    FakeMemory memory;
    memory.map(0, bytes_of(sample(), 88));  // even if something answered at 0
    const CloneArgs got = read_clone_args(memory, 0, 88);
    EXPECT_EQ(got.status, CloneArgsStatus::unreadable);
    EXPECT_EQ(got.address, 0U);
    EXPECT_FALSE(got.has(ca_flags));
    EXPECT_EQ(got.get(ca_exit_signal), 0U);
}

TEST(CloneArgs, PartlyMappedStructIsUnreadable) {
    FakeMemory memory;
    memory.map(kArgs, bytes_of(sample(), 40));
    for (std::uint64_t size : {64ULL, 88ULL}) {
        const CloneArgs got = read_clone_args(memory, kArgs, size);
        EXPECT_EQ(got.status, CloneArgsStatus::unreadable) << size;
        EXPECT_FALSE(got.has(ca_flags));
        EXPECT_EQ(got.get(ca_flags), 0U);
        EXPECT_EQ(got.set_tid_status, SetTidStatus::absent);
    }
}

TEST(CloneArgs, UnmappedAddressIsUnreadable) {
    FakeMemory memory;
    const CloneArgs got = read_clone_args(memory, 0x1000, 88);
    EXPECT_EQ(got.status, CloneArgsStatus::unreadable);
    EXPECT_EQ(got.address, 0x1000U);
    EXPECT_EQ(got.size, 88U);
}

TEST(CloneArgs, SetTidEntriesAreRead) {
    clone_args a = sample();
    a.set_tid = kTids;
    a.set_tid_size = 3;
    FakeMemory memory;
    memory.map(kArgs, bytes_of(a, 88));
    memory.map_array(kTids, std::vector<std::int32_t>{1, 42, 100000});
    const CloneArgs got = read_clone_args(memory, kArgs, 88);
    ASSERT_EQ(got.status, CloneArgsStatus::ok);
    EXPECT_EQ(got.get(ca_set_tid), kTids);
    EXPECT_EQ(got.get(ca_set_tid_size), 3U);
    EXPECT_EQ(got.set_tid_status, SetTidStatus::ok);
    EXPECT_EQ(got.set_tid, (std::vector<std::int32_t>{1, 42, 100000}));
}

TEST(CloneArgs, SetTidAtTheNamespaceDepthLimitIsRead) {
    clone_args a = sample();
    a.set_tid = kTids;
    a.set_tid_size = 32;
    std::vector<std::int32_t> tids(32);
    for (std::size_t i = 0; i < tids.size(); ++i) tids[i] = static_cast<std::int32_t>(i + 1);
    FakeMemory memory;
    memory.map(kArgs, bytes_of(a, 88));
    memory.map_array(kTids, tids);
    const CloneArgs got = read_clone_args(memory, kArgs, 88);
    EXPECT_EQ(got.set_tid_status, SetTidStatus::ok);
    EXPECT_EQ(got.set_tid, tids);
}

TEST(CloneArgs, TooManySetTidEntriesAreNotRead) {
    for (std::uint64_t count : {33ULL, 1000ULL, ~0ULL}) {
        SCOPED_TRACE(count);
        clone_args a = sample();
        a.set_tid = kTids;
        a.set_tid_size = count;
        FakeMemory memory;
        memory.map(kArgs, bytes_of(a, 88));
        memory.map(kTids, std::vector<std::uint8_t>(4000, 1));
        const int reads_before = memory.reads();
        const CloneArgs got = read_clone_args(memory, kArgs, 88);
        ASSERT_EQ(got.status, CloneArgsStatus::ok);
        EXPECT_EQ(got.get(ca_set_tid_size), count);
        EXPECT_EQ(got.set_tid_status, SetTidStatus::too_many);
        EXPECT_TRUE(got.set_tid.empty());
        EXPECT_EQ(memory.reads() - reads_before, 1) << "only the struct itself is read";
    }
}

TEST(CloneArgs, UnmappedSetTidIsUnreadable) {
    clone_args a = sample();
    a.set_tid = kTids;
    a.set_tid_size = 2;
    FakeMemory memory;
    memory.map(kArgs, bytes_of(a, 88));
    memory.map(kTids, {1, 0, 0, 0, 2, 0});  // the second entry stops short
    const CloneArgs got = read_clone_args(memory, kArgs, 88);
    ASSERT_EQ(got.status, CloneArgsStatus::ok);
    EXPECT_EQ(got.set_tid_status, SetTidStatus::unreadable);
    EXPECT_TRUE(got.set_tid.empty());
    EXPECT_EQ(got.get(ca_set_tid), kTids);
}

TEST(CloneArgs, NoSetTidIsAbsent) {
    FakeMemory memory;
    memory.map(kArgs, bytes_of(sample(), 88));
    const CloneArgs got = read_clone_args(memory, kArgs, 88);
    ASSERT_EQ(got.status, CloneArgsStatus::ok);
    EXPECT_EQ(got.get(ca_set_tid), 0U);
    EXPECT_EQ(got.get(ca_set_tid_size), 0U);
    EXPECT_EQ(got.set_tid_status, SetTidStatus::absent);
    EXPECT_TRUE(got.set_tid.empty());
}

}  // namespace
}  // namespace ct::decoder
