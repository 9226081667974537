// short-lived-threads over hand-made streams: counted per process, reported
// at its end when enough of its threads lived under the threshold.
#include <gtest/gtest.h>

#include "diagnostics_stream.h"

namespace ct::test {
namespace {

TEST(ShortLivedThreads, ReportedAtTheProcessEndWithItsCounts) {
    Stream s;
    s.start(100, 100);
    for (int i = 1; i <= 6; ++i) s.thread(100, 100, 100 + i).exit(100 + i, 100, 0, i <= 4 ? i * kMs : 50 * kMs);
    s.exit(100, 100, 0, 100 * kMs).end();
    const auto found = s.diagnose("short-lived-threads:lifetime=10ms:count=4");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].rule, "short-lived-threads");
    EXPECT_EQ(found[0].finding, "short-lived");
    EXPECT_EQ(found[0].tasks, (std::vector<std::int32_t>{100}));
    EXPECT_EQ(number(found[0], "short_lived"), 4);
    EXPECT_EQ(number(found[0], "threads"), 6);
    EXPECT_EQ(number(found[0], "mean_ns"), 2'500'000);
    EXPECT_EQ(number(found[0], "lifetime_ns"), 10 * kMs);
}

TEST(ShortLivedThreads, AProcessStillRunningIsReportedAtTheEnd) {
    Stream s;
    s.start(100, 100);
    for (int i = 1; i <= 3; ++i) s.thread(100, 100, 100 + i).exit(100 + i, 100, 0, 1000);
    s.end();
    const auto found = s.diagnose("short-lived-threads:count=3");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(number(found[0], "short_lived"), 3);
}

TEST(ShortLivedThreads, FewerThanTheCountIsSilent) {
    Stream s;
    s.start(100, 100);
    for (int i = 1; i <= 3; ++i) s.thread(100, 100, 100 + i).exit(100 + i, 100, 0, 1000);
    s.exit(100, 100).end();
    EXPECT_TRUE(s.diagnose("short-lived-threads:count=4").empty());
}

}  // namespace
}  // namespace ct::test
