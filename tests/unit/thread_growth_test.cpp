// thread-growth over hand-made streams: reported at the threshold and at
// each doubling, with the rate; a pool that stays below it is not.
#include <gtest/gtest.h>

#include "diagnostics_stream.h"

namespace ct::test {
namespace {

TEST(ThreadGrowth, ReportedAtTheThresholdAndAtEachDoubling) {
    Stream s;
    s.at(0).start(100, 100);
    for (int i = 1; i <= 20; ++i) s.at(i * 10).thread(100, 100, 100 + i);
    s.end();
    const auto found = s.diagnose("thread-growth:threads=5");
    ASSERT_EQ(found.size(), 3u);  // 5, 10, 20 live threads
    EXPECT_EQ(found[0].rule, "thread-growth");
    EXPECT_EQ(found[0].finding, "rising");
    EXPECT_EQ(found[0].tasks, (std::vector<std::int32_t>{100}));
    EXPECT_EQ(number(found[0], "threads"), 5);
    EXPECT_EQ(number(found[0], "created"), 4);
    EXPECT_EQ(number(found[0], "over_ns"), 30 * kMs);
    EXPECT_EQ(number(found[0], "per_second"), 133);
    EXPECT_EQ(number(found[1], "threads"), 10);
    EXPECT_EQ(number(found[2], "threads"), 20);
}

TEST(ThreadGrowth, ThreadsThatEndDoNotCount) {
    Stream s;
    s.start(100, 100);
    for (int i = 1; i <= 50; ++i) s.thread(100, 100, 100 + i).exit(100 + i, 100);
    s.exit(100, 100).end();
    EXPECT_TRUE(s.diagnose("thread-growth:threads=5").empty());
}

}  // namespace
}  // namespace ct::test
