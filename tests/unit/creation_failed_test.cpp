// creation-failed over hand-made streams: one finding per errno and
// process, with its likely cause; a retry storm once per storm.
#include <gtest/gtest.h>

#include <cerrno>

#include "diagnostics_stream.h"

namespace ct::test {
namespace {

TEST(CreationFailed, EachErrnoOncePerProcessWithItsCause) {
    Stream s;
    s.start(100, 100).fail(100, 100, EAGAIN).fail(100, 100, EAGAIN).fail(100, 100, ENOMEM);
    s.start(200, 200).fail(200, 200, EAGAIN).end();
    const auto found = s.diagnose("creation-failed");
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(found[0].rule, "creation-failed");
    EXPECT_EQ(found[0].finding, "failed");
    EXPECT_EQ(found[0].tasks, (std::vector<std::int32_t>{100}));
    EXPECT_EQ(number(found[0], "errno"), EAGAIN);
    EXPECT_NE(found[0].text.find("clone3 in process 100 failed with EAGAIN (Resource temporarily unavailable): likely "
                                 "a task limit: RLIMIT_NPROC"),
              std::string::npos)
        << found[0].text;
    EXPECT_EQ(number(found[1], "errno"), ENOMEM);
    EXPECT_NE(found[1].text.find("stack"), std::string::npos);
    EXPECT_EQ(found[2].tasks, (std::vector<std::int32_t>{200}));
}

TEST(CreationFailed, TheSameCallFailingAgainAndAgainIsARetryStorm) {
    Stream s;
    s.start(100, 100);
    for (int i = 0; i < 25; ++i) s.at(i).fail(100, 100, EAGAIN);
    s.end();
    const auto found = s.diagnose("creation-failed:retries=10");
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[1].finding, "retry-storm");
    EXPECT_EQ(number(found[1], "failures"), 10);
    EXPECT_EQ(number(found[1], "over_ns"), 9 * kMs);
    EXPECT_EQ(number(found[1], "errno"), EAGAIN);
}

TEST(CreationFailed, ASuccessOrAnotherCallEndsTheStreak) {
    Stream s;
    s.start(100, 100);
    for (int i = 0; i < 9; ++i) s.fail(100, 100, EAGAIN);
    s.thread(100, 100, 101);
    for (int i = 0; i < 9; ++i) s.fail(100, 100, EAGAIN);
    s.fail(100, 100, EAGAIN, false);
    s.end();
    const auto found = s.diagnose("creation-failed:retries=10");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].finding, "failed");
}

TEST(CreationFailed, SilentWithoutFailures) {
    Stream s;
    s.start(100, 100).thread(100, 100, 101).exit(101, 100).exit(100, 100).end();
    EXPECT_TRUE(s.diagnose("creation-failed").empty());
}

}  // namespace
}  // namespace ct::test
