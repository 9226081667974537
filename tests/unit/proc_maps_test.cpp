#include "decoder/proc_maps.h"

#include <gtest/gtest.h>

namespace ct::decoder {
namespace {

constexpr const char* kMaps =
    "5581a0c00000-5581a0c01000 r--p 00000000 fd:01 1234567                    /usr/bin/pool prog\n"
    "5581a0c01000-5581a0c02000 r-xp 00001000 fd:01 1234567                    /usr/bin/pool prog\n"
    "7f6d2c000000-7f6d2c021000 rw-p 00000000 00:00 0 \n"
    "this line is not a mapping\n"
    "7f6d2d228000-7f6d2d24e000 r--p 00000000 103:02 42                        /usr/lib/x86_64-linux-gnu/libc.so.6\n"
    "7f6d2d24e000-7f6d2d3a3000 r-xp 00026000 103:02 42                        /usr/lib/x86_64-linux-gnu/libc.so.6\n"
    "7ffc9a5e1000-7ffc9a5e3000 r-xp 00000000 00:00 0                          [vdso]\n"
    "7ffc9a5e4000-7ffc9a5e3000 r-xp 00000000 00:00 0                          [backwards]";

TEST(ProcMaps, ParsesEveryWellFormedLine) {
    const auto maps = parse_proc_maps(kMaps);
    ASSERT_EQ(maps.size(), 6U);
    const Mapping& code = maps[1];
    EXPECT_EQ(code.start, 0x5581a0c01000U);
    EXPECT_EQ(code.end, 0x5581a0c02000U);
    EXPECT_EQ(code.file_offset, 0x1000U);
    EXPECT_TRUE(code.executable);
    EXPECT_EQ(code.device, 0xfdULL << 32 | 1);
    EXPECT_EQ(code.inode, 1234567U);
    EXPECT_EQ(code.path, "/usr/bin/pool prog");  // a path may hold blanks
    EXPECT_TRUE(code.is_file());
    EXPECT_FALSE(maps[0].executable);
    EXPECT_EQ(maps[2].path, "");
    EXPECT_FALSE(maps[2].is_file());
    EXPECT_EQ(maps[4].device, 0x103ULL << 32 | 2);
    EXPECT_EQ(maps[5].path, "[vdso]");
    EXPECT_FALSE(maps[5].is_file());
}

TEST(ProcMaps, FindsTheMappingOfAnAddress) {
    const auto maps = parse_proc_maps(kMaps);
    EXPECT_EQ(find_mapping(maps, 0x5581a0c01000)->file_offset, 0x1000U);
    EXPECT_EQ(find_mapping(maps, 0x5581a0c01fff)->file_offset, 0x1000U);
    EXPECT_EQ(find_mapping(maps, 0x7f6d2d24e123)->path, "/usr/lib/x86_64-linux-gnu/libc.so.6");
    EXPECT_EQ(find_mapping(maps, 0x1000), nullptr);
    EXPECT_EQ(find_mapping(maps, 0x7f6d2c021000), nullptr);  // one past the end
    EXPECT_EQ(find_mapping(maps, ~0ULL), nullptr);
}

TEST(ProcMaps, GarbageGivesNothing) {
    EXPECT_TRUE(parse_proc_maps("").empty());
    EXPECT_TRUE(parse_proc_maps("\n\n-\nzz-yy r-xp 0 0:0 0 /x\n1-2\n1-2 r\n1-2 r-xp 0 0:0\n").empty());
}

}  // namespace
}  // namespace ct::decoder
