// The task tree of hand-made runs: its shape, its glyphs, folding, and
// runs too big or too deep to print unfolded.
#include <gtest/gtest.h>

#include <csignal>
#include <sstream>

#include "hand_made_run.h"
#include "output/task_lives.h"
#include "output/task_tree.h"
#include "output/tree_text.h"

namespace ct::output {
namespace {

using namespace decoder;
using testing::HandMadeRun;

std::string tree_of(const HandMadeRun& run, TreeStyle style = {}) {
    TaskLives lives;
    for (const Event& e : run.events()) lives.on_event(e);
    return format_tree_text(lives.lives(), build_task_tree(lives.lives()), lives.last_ns(), style);
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::size_t columns(const std::string& line) {
    std::size_t n = 0;
    for (char c : line) n += (c & 0xc0) != 0x80;
    return n;
}

// Process 100 forks 200 and 300; each of the three makes threads t0..t1, named after it.
HandMadeRun three_processes() {
    HandMadeRun run(100, "main");
    run.at_us(10).create(100, 200, ChildKind::process).at_us(20).create(100, 300, ChildKind::process);
    run.rename(200, "second").rename(300, "third");
    std::int64_t us = 30;
    for (const std::int32_t p : {100, 200, 300})
        for (int t = 1; t <= 2; ++t) run.at_us(us++).create(p, p + t, ChildKind::thread).rename(p + t, "w" + std::to_string(p + t));
    run.at_us(100);
    for (const std::int32_t p : {100, 200, 300})
        for (int t = 1; t <= 2; ++t) run.exit(p + t);
    run.at_us(1500).exit(300, 1).at_us(2500).kill(200, SIGKILL).at_us(4000).exit(100).end();
    return run;
}

TEST(Tree, ProcessesWithTheirThreadsInBirthOrder) {
    EXPECT_EQ(tree_of(three_processes()),
              "100 main (launched) 4.0 ms, exited 0\n"
              "├─ 200 second (process) 2.5 ms, killed by SIGKILL\n"
              "│  ├─ 201 w201 (thread) 68 µs, exited 0\n"
              "│  └─ 202 w202 (thread) 67 µs, exited 0\n"
              "├─ 300 third (process) 1.5 ms, exited 1\n"
              "│  ├─ 301 w301 (thread) 66 µs, exited 0\n"
              "│  └─ 302 w302 (thread) 65 µs, exited 0\n"
              "├─ 101 w101 (thread) 70 µs, exited 0\n"
              "└─ 102 w102 (thread) 69 µs, exited 0\n");
}

TEST(Tree, AsciiWhenTheOutputIsNotUtf8) {
    const std::string text = tree_of(three_processes(), TreeStyle{false});
    EXPECT_EQ(lines_of(text)[2], "|  |- 201 w201 (thread) 68 us, exited 0");
    EXPECT_EQ(lines_of(text)[8], "`- 102 w102 (thread) 69 us, exited 0");
    for (char c : text) EXPECT_EQ(c & 0x80, 0);
}

TEST(Tree, HowEachTaskEnded) {
    HandMadeRun run(100, "main");
    run.at_us(10).create(100, 101, ChildKind::thread).create(100, 102, ChildKind::thread).create(100, 200, ChildKind::vfork);
    run.rename(102, "other").at_us(20).kill(200, SIGSEGV).detach(101).exec_by_thread(102, 100, "/bin/sh", "sh");
    run.at_us(30).end();
    EXPECT_EQ(tree_of(run),
              "100 main (launched) 20 µs, ended by exec in thread 102\n"
              "├─ 101 main (thread) 10 µs, detached\n"
              "├─ 102 sh (thread, ran /bin/sh) 20 µs, still running\n"
              "└─ 200 main (vfork) 10 µs, killed by SIGSEGV\n");
}

TEST(Tree, ThreadsAlikeInNameFoldWithTheirLifetimesAndEndings) {
    HandMadeRun run(100, "pool");
    for (int i = 1; i <= 64; ++i) run.at_us(i).create(100, 100 + i, ChildKind::thread).rename(100 + i, "worker");
    for (int i = 1; i <= 64; ++i) run.at_us(1000 + i * 100).exit(100 + i);
    run.at_us(9000).create(100, 900, ChildKind::thread).rename(900, "logger").at_us(9500).kill(900, SIGTERM);
    run.at_us(10'000).exit(100).end();
    EXPECT_EQ(tree_of(run),
              "100 pool (launched) 10.0 ms, exited 0\n"
              "├─ 64 × worker (thread) 1.1 ms–7.3 ms, exited 0\n"
              "└─ 900 logger (thread) 500 µs, killed by SIGTERM\n");
}

TEST(Tree, FoldedEndingsAreCountedWhenTheyDiffer) {
    HandMadeRun run(100, "pool");
    for (int i = 1; i <= 3; ++i) run.at_us(i).create(100, 100 + i, ChildKind::thread);
    run.at_us(10).exit(101).exit(102, 2).exit(103).exit(100).end();
    EXPECT_EQ(lines_of(tree_of(run))[1], "└─ 3 × pool (thread) 7 µs–9 µs, 2 exited 0, 1 exited 2");
}

TEST(Tree, CreationStacksDecideTheFoldWhenThereAreStacks) {
    const std::vector<StackFrame> pool{{0x401000, "pool_start", 0x10, "/bin/app", 0x1000}};
    const std::vector<StackFrame> timer{{0x402000, "timer_start", 0x20, "/bin/app", 0x2000}};
    HandMadeRun run(100, "app");
    run.at_us(1).create(100, 101, ChildKind::thread, 2000, pool).create(100, 102, ChildKind::thread, 2000, pool);
    run.create(100, 103, ChildKind::thread, 2000, timer).rename(101, "a").rename(102, "b");
    run.at_us(10).exit(101).exit(102).exit(103).exit(100).end();
    const auto lines = lines_of(tree_of(run));
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[1], "├─ 2 × a (thread) 9 µs–9 µs, exited 0");
    EXPECT_EQ(lines[2], "└─ 103 app (thread) 9 µs, exited 0");
}

TEST(Tree, LeafProcessesRunningOneProgramFold) {
    HandMadeRun run(100, "make");
    for (int i = 1; i <= 20; ++i)
        run.at_us(i * 10).create(100, 200 + i, ChildKind::spawn).exec(200 + i, "/usr/bin/cc", "cc");
    for (int i = 1; i <= 20; ++i) run.at_us(1000 + i).exit(200 + i);
    run.at_us(2000).exit(100).end();
    EXPECT_EQ(lines_of(tree_of(run))[1], "└─ 20 × cc (spawn, ran /usr/bin/cc) 820 µs–991 µs, exited 0");
}

TEST(Tree, TenThousandThreadsFitAnEightyColumnScreen) {
    HandMadeRun run(4000000, "churn-with-a-long-name");
    run.exec(4000000, "/home/someone/projects/a/rather/deeply/nested/build/directory/bin/churn", "churn");
    std::int32_t tid = 4000001;
    for (int spawner = 0; spawner < 4; ++spawner) {
        const std::int32_t s = tid++;
        run.at_us(spawner).create(4000000, s, ChildKind::thread).rename(s, "spawner");
        for (int i = 0; i < 2500; ++i, ++tid) run.at_us(10 + i).create(s, tid, ChildKind::thread).rename(tid, "worker").exit(tid);
        run.exit(s);
    }
    for (int i = 0; i < 50; ++i, ++tid) run.create(4000000, tid, ChildKind::process).exec(tid, "/usr/bin/true", "true").exit(tid);
    run.at_us(1'000'000).exit(4000000).end();
    const auto lines = lines_of(tree_of(run));
    EXPECT_EQ(lines.size(), 4u);
    for (const std::string& line : lines) EXPECT_LE(columns(line), 80u) << line;
    EXPECT_EQ(lines[0], "4000000 churn (launched, ran …/nested/build/directory/bin/churn) 1.0 s, exited 0");
    EXPECT_EQ(lines[1].rfind("├─ 4 × spawner (thread)", 0), 0u) << lines[1];
    EXPECT_EQ(lines[2].rfind("├─ 10000 × worker (thread)", 0), 0u) << lines[2];
    EXPECT_EQ(lines[3].rfind("└─ 50 × true (process, ran /usr/bin/true)", 0), 0u) << lines[3];
}

TEST(Tree, AChainTooDeepForRecursion) {
    HandMadeRun run(1, "chain");
    for (std::int32_t p = 1; p < 2'000; ++p) run.create(p, p + 1, ChildKind::process);
    run.end();
    const auto lines = lines_of(tree_of(run, TreeStyle{false}));
    ASSERT_EQ(lines.size(), 2'000u);
    EXPECT_EQ(lines.back().rfind(std::string(3 * 1'998, ' ') + "`- 2000 chain (process)", 0), 0u);
}

}  // namespace
}  // namespace ct::output
