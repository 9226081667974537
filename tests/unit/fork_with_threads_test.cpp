// fork-with-threads over hand-made streams: each way the child's run ends,
// the threshold, and the forks it must leave alone (an exec in time among them).
#include <gtest/gtest.h>

#include "diagnostics_stream.h"

namespace ct::test {
namespace {

// Process 100 with threads 101 and 102 forks 200 at 10 ms.
Stream threaded_fork() {
    Stream s;
    s.at(0).start(100, 100).thread(100, 100, 101).thread(100, 100, 102);
    s.at(10).process(101, 100, 200);
    return s;
}

TEST(ForkWithThreads, ChildThatExitsWithoutExecIsReportedWithItsRunTime) {
    Stream s = threaded_fork();
    s.at(12).exit(200, 200).end();
    const auto found = s.diagnose("fork-with-threads");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].rule, "fork-with-threads");
    EXPECT_EQ(found[0].finding, "exit");
    EXPECT_EQ(found[0].tasks, (std::vector<std::int32_t>{101, 200, 100, 102}));
    EXPECT_EQ(number(found[0], "threads"), 3);
    EXPECT_EQ(number(found[0], "ran_ns"), 2 * kMs);
    EXPECT_EQ(number(found[0], "exec_within_ns"), 1000 * kMs);
}

TEST(ForkWithThreads, ChildThatExecsInTimePasses) {
    Stream s = threaded_fork();
    s.at(12).exec(200, 200).at(2000).exit(200, 200).end();
    EXPECT_TRUE(s.diagnose("fork-with-threads").empty());
}

TEST(ForkWithThreads, ChildThatExecsLateIsFlagged) {
    Stream s = threaded_fork();
    s.at(30).exec(200, 200).exit(200, 200).end();
    const auto found = s.diagnose("fork-with-threads:exec-within=10ms");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].finding, "no-exec");
    EXPECT_EQ(number(found[0], "ran_ns"), 20 * kMs);
}

TEST(ForkWithThreads, ChildThatDoesNeitherIsFlaggedAtTheFirstEventPastTheThreshold) {
    Stream s = threaded_fork();
    s.at(50).exit(102, 100).at(400).exit(200, 200).end();
    const auto found = s.diagnose("fork-with-threads:exec-within=200ms");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].finding, "no-exec");
    EXPECT_EQ(number(found[0], "ran_ns"), 390 * kMs);
    EXPECT_EQ(number(found[0], "exec_within_ns"), 200 * kMs);
}

TEST(ForkWithThreads, ChildStillRunningAtTheEndPastTheThreshold) {
    Stream s = threaded_fork();
    s.at(1500).end();
    const auto found = s.diagnose("fork-with-threads");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].finding, "no-exec");
}

TEST(ForkWithThreads, ChildLeftRunningAtDetachIsFlaggedOnlyPastTheThreshold) {
    Stream early = threaded_fork();
    early.at(20).detach(200, 200).end();
    EXPECT_TRUE(early.diagnose("fork-with-threads").empty());
    Stream late = threaded_fork();
    late.at(2000).detach(200, 200).end();
    const auto found = late.diagnose("fork-with-threads");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].finding, "no-exec");
}

TEST(ForkWithThreads, TheCreatingStackComesWithTheFinding) {
    Stream s;
    s.start(100, 100).thread(100, 100, 101);
    s.create(100, 100, 200, false, {{0x401000, "spawn", 0x10, "/bin/x", 0x1000}}).start(200, 200).exit(200, 200);
    const auto found = s.diagnose("fork-with-threads");
    ASSERT_EQ(found.size(), 1u);
    ASSERT_EQ(found[0].stack.size(), 1u);
    EXPECT_EQ(found[0].stack[0].function, "spawn");
}

TEST(ForkWithThreads, SilentOnASingleThreadedForkAVforkAThreadAndAJoinedPool) {
    Stream s;
    s.start(100, 100).process(100, 100, 200).exec(200, 200).exit(200, 200);
    s.thread(100, 100, 101).vfork(100, 100, 201).start(201, 201).exec(201, 201).exit(201, 201);
    s.thread(100, 100, 102).exit(101, 100).exit(102, 100);
    s.at(5000).process(100, 100, 202).exit(202, 202).exit(100, 100).end();
    EXPECT_TRUE(s.diagnose("fork-with-threads").empty());
}

}  // namespace
}  // namespace ct::test
