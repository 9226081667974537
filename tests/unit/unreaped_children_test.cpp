// unreaped-children over hand-made streams: the zombies a process's end (or
// its detach) carries are named, once, with the process first.
#include <gtest/gtest.h>

#include "diagnostics_stream.h"

namespace ct::test {
namespace {

TEST(UnreapedChildren, NamesTheZombiesAProcessEndedWith) {
    Stream s;
    s.start(100, 100).process(100, 100, 200).process(100, 100, 201).exit(200, 200).exit(201, 201);
    s.exit(100, 100, 0, -1, {200, 201}).end();
    const auto found = s.diagnose("unreaped-children");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].rule, "unreaped-children");
    EXPECT_EQ(found[0].finding, "exit");
    EXPECT_EQ(found[0].tasks, (std::vector<std::int32_t>{100, 200, 201}));
    EXPECT_EQ(number(found[0], "unreaped"), 2);
    EXPECT_NE(found[0].text.find("(200 201)"), std::string::npos) << found[0].text;
}

TEST(UnreapedChildren, ZombiesOfAProcessDetachedFrom) {
    Stream s;
    s.start(100, 100).detach(100, 100, {300}).end();
    const auto found = s.diagnose("unreaped-children");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].finding, "detach");
    EXPECT_EQ(found[0].tasks, (std::vector<std::int32_t>{100, 300}));
}

TEST(UnreapedChildren, SilentWhenEveryChildWasWaitedFor) {
    Stream s;
    s.start(100, 100).process(100, 100, 200).exit(200, 200).exit(100, 100).end();
    EXPECT_TRUE(s.diagnose("unreaped-children").empty());
}

}  // namespace
}  // namespace ct::test
