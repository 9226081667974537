// exec-from-thread over hand-made streams: the killed siblings are the
// threads whose ends came just before the exec, and those still live.
#include <gtest/gtest.h>

#include "diagnostics_stream.h"

namespace ct::test {
namespace {

TEST(ExecFromThread, NamesTheThreadTheLeaderAndTheKilledSiblings) {
    Stream s;
    s.start(100, 100).thread(100, 100, 101).thread(100, 100, 102).thread(100, 100, 103);
    s.exit(101, 100).exit(103, 100).exec(100, 102).exit(100, 100).end();
    const auto found = s.diagnose("exec-from-thread");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].rule, "exec-from-thread");
    EXPECT_EQ(found[0].finding, "exec");
    EXPECT_EQ(found[0].tasks, (std::vector<std::int32_t>{102, 100, 101, 103}));
    EXPECT_EQ(number(found[0], "killed"), 2);
}

TEST(ExecFromThread, AThreadThatEndedBeforeTheProcessDidAnythingElseIsNotKilled) {
    Stream s;
    s.start(100, 100).thread(100, 100, 101).exit(101, 100).thread(100, 100, 102).exec(100, 102).end();
    const auto found = s.diagnose("exec-from-thread");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].tasks, (std::vector<std::int32_t>{102, 100}));
    EXPECT_EQ(number(found[0], "killed"), 0);
}

TEST(ExecFromThread, SilentWhenTheLeaderExecs) {
    Stream s;
    s.start(100, 100).thread(100, 100, 101).exit(101, 100).exec(100, 100).exit(100, 100).end();
    EXPECT_TRUE(s.diagnose("exec-from-thread").empty());
}

}  // namespace
}  // namespace ct::test
