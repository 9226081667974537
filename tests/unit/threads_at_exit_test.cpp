// threads-at-exit over hand-made streams: the threads an exit_group killed,
// named at their process's end, and the processes left running at the end.
#include <gtest/gtest.h>

#include "diagnostics_stream.h"

namespace ct::test {
namespace {

TEST(ThreadsAtExit, NamesTheCallerAndTheThreadsItKilledAtTheProcessEnd) {
    Stream s;
    s.start(100, 100).thread(100, 100, 101).thread(100, 100, 102).thread(100, 100, 103);
    s.exit(103, 100).killed(102, 100, 100).killed(101, 100, 100).exit(100, 100).end();
    const auto found = s.diagnose("threads-at-exit");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].rule, "threads-at-exit");
    EXPECT_EQ(found[0].finding, "exit");
    EXPECT_EQ(found[0].tasks, (std::vector<std::int32_t>{100, 102, 101}));
    EXPECT_EQ(number(found[0], "killed"), 2);
}

TEST(ThreadsAtExit, ALeaderKilledByAnotherThreadsExit) {
    Stream s;
    s.start(100, 100).thread(100, 100, 101).thread(100, 100, 102);
    s.killed(101, 100, 102, 3).exit(102, 100, 3).killed(100, 100, 102, 3).end();
    const auto found = s.diagnose("threads-at-exit");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].tasks, (std::vector<std::int32_t>{102, 101, 100}));
    EXPECT_EQ(number(found[0], "killed"), 2);
}

TEST(ThreadsAtExit, SilentWhenEveryThreadEndedBeforeTheProcess) {
    Stream s;
    s.start(100, 100).thread(100, 100, 101).thread(100, 100, 102);
    s.exit(101, 100).exit(102, 100).exit(100, 100).end();
    EXPECT_TRUE(s.diagnose("threads-at-exit").empty());
}

TEST(ThreadsAtExit, TheThreadsOfAProcessASignalKilled) {
    Stream s;
    s.start(100, 100).thread(100, 100, 101).thread(100, 100, 102).thread(100, 100, 103);
    s.exit(103, 100).signaled(102, 100, SIGSEGV).signaled(101, 100, SIGSEGV).signaled(100, 100, SIGSEGV).end();
    const auto found = s.diagnose("threads-at-exit");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].finding, "signal");
    EXPECT_EQ(found[0].tasks, (std::vector<std::int32_t>{100, 102, 101}));
    EXPECT_EQ(number(found[0], "killed"), 3);
    EXPECT_EQ(number(found[0], "signal"), SIGSEGV);
    EXPECT_EQ(found[0].text, "process 100 was killed by SIGSEGV while 3 of its threads still ran; they were killed mid-work");
}

TEST(ThreadsAtExit, SilentWhenASignalKillsAProcessOfOneThread) {
    Stream s;
    s.start(100, 100).thread(100, 100, 101).exit(101, 100).signaled(100, 100, SIGKILL);
    s.start(200, 200).signaled(200, 200, SIGPIPE).end();
    EXPECT_TRUE(s.diagnose("threads-at-exit").empty());
}

TEST(ThreadsAtExit, ASignalDeathWhoseLeaderEndNeverCameIsReportedAtTheEnd) {
    Stream s;
    s.start(100, 100).thread(100, 100, 101).thread(100, 100, 102);
    s.signaled(101, 100, SIGKILL).signaled(102, 100, SIGKILL).end();
    const auto found = s.diagnose("threads-at-exit");
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].finding, "signal");
    EXPECT_EQ(found[0].tasks, (std::vector<std::int32_t>{100, 101, 102}));
    EXPECT_EQ(number(found[0], "killed"), 2);
    EXPECT_EQ(found[1].finding, "left-running");
}

TEST(ThreadsAtExit, ProcessesLeftRunningAtTheEnd) {
    Stream s;
    s.start(100, 100).thread(100, 100, 101).process(100, 100, 200).start(300, 300);
    s.exit(300, 300).detach(101, 100).detach(100, 100).end();
    const auto found = s.diagnose("threads-at-exit");
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].finding, "left-running");
    EXPECT_EQ(found[0].tasks, (std::vector<std::int32_t>{100, 101}));
    EXPECT_EQ(number(found[0], "threads"), 2);
    EXPECT_EQ(found[1].finding, "left-running");  // its end never came
    EXPECT_EQ(found[1].tasks, (std::vector<std::int32_t>{200}));
    EXPECT_EQ(number(found[1], "threads"), 1);
}

TEST(ThreadsAtExit, KilledThreadsOfAProcessWhoseEndNeverCameAreReportedAtTheEnd) {
    Stream s;
    s.start(100, 100).thread(100, 100, 101).killed(101, 100, 100).end();
    const auto found = s.diagnose("threads-at-exit");
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].finding, "exit");
    EXPECT_EQ(found[0].tasks, (std::vector<std::int32_t>{100, 101}));
    EXPECT_EQ(found[1].finding, "left-running");
    EXPECT_EQ(found[1].tasks, (std::vector<std::int32_t>{100}));
}

}  // namespace
}  // namespace ct::test
