// The summary of hand-made runs: calls, failures, restarts, kinds,
// lifetimes, peaks, tasks left running, and the -S orders.
#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>

#include "hand_made_run.h"
#include "output/json_event_reader.h"
#include "output/summary.h"
#include "output/summary_json.h"
#include "output/summary_text.h"

namespace ct::output {
namespace {

using namespace decoder;
using testing::HandMadeRun;

Summary summarize(const HandMadeRun& run, SummarySort sort = SummarySort::time) {
    SummaryBuilder builder;
    for (const auto& e : run.events()) builder.on_event(e);
    return builder.build(sort);
}

const CallStats& call_named(const Summary& s, const std::string& name) {
    for (const CallStats& c : s.calls)
        if (c.syscall == name) return c;
    throw std::runtime_error("no row for " + name);
}

// 100 makes threads 101..104 (lifetimes 10, 20, 30, 400 us), a process 200
// after one interrupted try, and fails clone3 twice with EAGAIN.
HandMadeRun busy_run() {
    HandMadeRun run;
    for (int i = 1; i <= 4; ++i) run.at_us(i).create(100, 100 + i, ChildKind::thread, 3000);
    run.at_us(11).exit(101).at_us(22).exit(102).at_us(33).exit(103);
    run.at_us(50).fail(100, arch::SyscallKind::clone3, EAGAIN, 5000).fail(100, arch::SyscallKind::clone3, EAGAIN, 1000);
    run.at_us(60).restarted(100, 200, 513);
    run.at_us(404).exit(104).at_us(500).kill(200, SIGTERM).at_us(600).exit(100).end();
    return run;
}

TEST(Summary, CountsCallsFailuresAndRestartsOnce) {
    const Summary s = summarize(busy_run());
    const CallStats& clone3 = call_named(s, "clone3");
    EXPECT_EQ(clone3.calls, 6u);
    EXPECT_EQ(clone3.failures, 2u);
    EXPECT_EQ(clone3.errors.at(EAGAIN), 2u);
    EXPECT_EQ(clone3.total_ns, 4 * 3000 + 5000 + 1000);
    EXPECT_EQ(clone3.max_ns, 5000);
    const CallStats& clone = call_named(s, "clone");
    EXPECT_EQ(clone.calls, 1u);  // interrupted and rerun: one call
    EXPECT_EQ(clone.restarts, 1u);
    EXPECT_EQ(clone.failures, 0u);
    EXPECT_EQ(clone.total_ns, 500 + 700);
}

TEST(Summary, KindsAndLifetimesByNearestRank) {
    const Summary s = summarize(busy_run());
    ASSERT_EQ(s.kinds.size(), 2u);
    EXPECT_EQ(s.kinds[0].kind, ChildKind::thread);
    EXPECT_EQ(s.kinds[0].tasks, 4u);
    EXPECT_EQ(s.kinds[0].ended, 4u);
    EXPECT_EQ(s.kinds[0].min_ns, 10'000);
    EXPECT_EQ(s.kinds[0].median_ns, 20'000);
    EXPECT_EQ(s.kinds[0].p99_ns, 400'000);
    EXPECT_EQ(s.kinds[0].max_ns, 400'000);
    EXPECT_EQ(s.kinds[1].kind, ChildKind::process);
    EXPECT_EQ(s.kinds[1].min_ns, 440'000 - 1000);
}

TEST(Summary, PeaksAndWhenTheyWereReached) {
    HandMadeRun run;
    run.at_us(10).create(100, 101, ChildKind::thread).at_us(20).create(100, 200, ChildKind::process);
    run.at_us(30).create(200, 201, ChildKind::thread).at_us(40).exit(101).at_us(50).create(100, 300, ChildKind::process);
    run.at_us(60).exit(201).exit(200).exit(300).exit(100).end();
    const Summary s = summarize(run);
    EXPECT_EQ(s.tasks.count, 4u);
    EXPECT_EQ(s.tasks.at_ns, 30'000);
    EXPECT_EQ(s.processes.count, 3u);
    EXPECT_EQ(s.processes.at_ns, 50'000);
    EXPECT_EQ(s.duration_ns, 60'000);
    EXPECT_EQ(s.left_running, 0u);
}

TEST(Summary, TasksLeftRunningAndDetached) {
    HandMadeRun run;
    run.at_us(10).create(100, 101, ChildKind::thread).create(100, 102, ChildKind::thread);
    run.at_us(20).detach(101).end();
    const Summary s = summarize(run);
    EXPECT_EQ(s.left_running, 3u);
    EXPECT_EQ(s.detached, 1u);
    EXPECT_EQ(s.kinds[0].tasks, 2u);
    EXPECT_EQ(s.kinds[0].ended, 0u);
}

TEST(Summary, ExecByAThreadEndsTheLeaderOnly) {
    HandMadeRun run;
    run.at_us(10).create(100, 101, ChildKind::thread).at_us(20).exec_by_thread(101, 100, "/bin/sh", "sh");
    run.at_us(30).exit(100).end();
    const Summary s = summarize(run);
    EXPECT_EQ(s.kinds[0].ended, 1u);
    EXPECT_EQ(s.kinds[0].max_ns, 20'000);  // the thread lived on as the leader
    EXPECT_EQ(s.left_running, 0u);
    EXPECT_EQ(s.processes.count, 1u);
}

TEST(Summary, SortKeys) {
    const HandMadeRun run = busy_run();
    const auto order = [&](SummarySort sort) {
        std::vector<std::string> names;
        for (const CallStats& c : summarize(run, sort).calls) names.push_back(c.syscall);
        return names;
    };
    EXPECT_EQ(order(SummarySort::time), (std::vector<std::string>{"clone3", "clone"}));
    EXPECT_EQ(order(SummarySort::calls), (std::vector<std::string>{"clone3", "clone"}));
    EXPECT_EQ(order(SummarySort::name), (std::vector<std::string>{"clone", "clone3"}));
    EXPECT_EQ(order(SummarySort::nothing), (std::vector<std::string>{"clone3", "clone"}));
    EXPECT_EQ(order(SummarySort::errors), (std::vector<std::string>{"clone3", "clone"}));
}

TEST(Summary, TextInStraceColumns) {
    const std::string text = format_summary_text(summarize(busy_run()));
    EXPECT_NE(text.find("% time     seconds  usecs/call   max usecs     calls    errors  restarts syscall\n"), std::string::npos);
    EXPECT_NE(text.find(" 93.75    0.000018           3           5         6         2           clone3\n"), std::string::npos) << text;
    EXPECT_NE(text.find("  6.25    0.000001           1           0         1                   1 clone\n"), std::string::npos) << text;
    EXPECT_NE(text.find("100.00    0.000019           2           5         7         2         1 total\n"), std::string::npos) << text;
    EXPECT_NE(text.find("clone3 failed with EAGAIN 2\n"), std::string::npos);
    EXPECT_NE(text.find("thread             4         4          0.000010    0.000020    0.000400    0.000400\n"),
              std::string::npos) << text;
    EXPECT_NE(text.find("peak live tasks: 5 at 0.000004 s; peak live processes: 2 at 0.000061 s\n"), std::string::npos) << text;
}

TEST(Summary, JsonCarriesTheSameNumbers) {
    const HandMadeRun run = busy_run();
    const std::string json = format_summary_json(summarize(run), run.events().back());
    EXPECT_NE(json.find("\"event\":\"summary\""), std::string::npos);
    EXPECT_NE(json.find("{\"syscall\":\"clone3\",\"calls\":6,\"failures\":2,\"errors\":{\"EAGAIN\":2},\"restarts\":0,"
                        "\"unfinished\":0,\"total_ns\":18000,\"max_ns\":5000}"),
              std::string::npos) << json;
    EXPECT_NE(json.find("\"lifetime_ns\":{\"min\":10000,\"median\":20000,\"p99\":400000,\"max\":400000}"), std::string::npos);
}

TEST(Summary, ItsJsonLineReadsBackAsAViewNotAnEvent) {
    const HandMadeRun run = busy_run();
    const EventRead read = read_event_json(format_summary_json(summarize(run), run.events().back()));
    EXPECT_FALSE(read.event);
    EXPECT_TRUE(read.view);
    EXPECT_EQ(read.error, "");
    EXPECT_FALSE(read_event_json("{\"schema\":2,\"ts_ns\":1,\"mono_ns\":1,\"event\":\"summarised\"}").view);
}

}  // namespace
}  // namespace ct::output
