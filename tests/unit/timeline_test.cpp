// The timeline of hand-made runs, line by line: a slice per life (two for a
// reused tid), creation slices with flows to their children's lives,
// instants for failures, execs and exits, timestamps in order.
#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <sstream>

#include "hand_made_run.h"
#include "output/timeline.h"

namespace ct::output {
namespace {

using namespace decoder;
using testing::HandMadeRun;

std::vector<std::string> timeline_lines(const HandMadeRun& run) {
    Timeline timeline;
    for (const Event& e : run.events()) timeline.on_event(e);
    std::vector<std::string> out;
    std::istringstream in(timeline.render());
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::vector<std::string> matching(const std::vector<std::string>& lines, const std::string& needle) {
    std::vector<std::string> out;
    for (const std::string& l : lines)
        if (l.find(needle) != std::string::npos) out.push_back(l);
    return out;
}

// The value of `"key":` in a line, as written: a string with its quotes, a number, true.
std::string field(const std::string& line, const std::string& key) {
    const std::string start = "\"" + key + "\":";
    const std::size_t at = line.find(start);
    if (at == std::string::npos) return "";
    const std::size_t from = at + start.size();
    const std::size_t to = line[from] == '"' ? line.find('"', from + 1) + 1 : line.find_first_of(",}", from);
    return line.substr(from, to - from);
}

HandMadeRun reusing_run() {
    HandMadeRun run(100, "main");
    run.at_us(10).create(100, 101, ChildKind::thread).at_us(20).exit(101);
    run.at_us(30).create(100, 101, ChildKind::process).at_us(40).exec(101, "/bin/true", "true").at_us(50).exit(101);
    run.at_us(60).fail(100, arch::SyscallKind::clone3, EAGAIN).at_us(70).exit(100).end();
    return run;
}

TEST(Timeline, FileFrameAndTrackNames) {
    const auto lines = timeline_lines(reusing_run());
    EXPECT_EQ(lines.front(), "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[");
    EXPECT_EQ(lines.back(), "]}");
    EXPECT_EQ(matching(lines, "\"process_name\"").size(), 2u);  // 100, and 101 as a process
    EXPECT_NE(std::find(lines.begin(), lines.end(),
                        "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":101,\"tid\":101,\"args\":{\"name\":\"true\"}},"),
              lines.end());
}

TEST(Timeline, AReusedTidGetsASliceForEachLife) {
    const auto lives = matching(timeline_lines(reusing_run()), "\"name\":\"101 ");
    ASSERT_EQ(lives.size(), 2u);
    EXPECT_EQ(field(lives[0], "ts"), "10.000");
    EXPECT_EQ(field(lives[0], "dur"), "10.000");
    EXPECT_EQ(field(lives[0], "pid"), "100");
    EXPECT_EQ(field(lives[0], "kind"), "\"thread\"");
    EXPECT_EQ(field(lives[1], "ts"), "30.000");
    EXPECT_EQ(field(lives[1], "pid"), "101");
    EXPECT_EQ(field(lives[1], "program"), "\"/bin/true\"");
    EXPECT_NE(field(lives[0], "bind_id"), field(lives[1], "bind_id"));
}

TEST(Timeline, EachCreationFlowsFromTheCreatorsTrackToTheChildsLife) {
    const auto lines = timeline_lines(reusing_run());
    const auto creations = matching(lines, "\"flow_out\":true");
    ASSERT_EQ(creations.size(), 2u);
    for (const std::string& creation : creations) {
        EXPECT_EQ(field(creation, "pid"), "100");
        EXPECT_EQ(field(creation, "tid"), "100");
        const auto ends = matching(lines, "\"bind_id\":" + field(creation, "bind_id") + ",\"flow_in\":true");
        ASSERT_EQ(ends.size(), 1u) << creation;
        EXPECT_EQ(field(ends[0], "tid"), "101");
        EXPECT_GE(std::stod(field(ends[0], "ts")), std::stod(field(creation, "ts")));
    }
    EXPECT_EQ(field(creations[0], "dur"), "2.000");  // the call's duration
    EXPECT_EQ(field(creations[0], "ts"), "8.000");
    EXPECT_EQ(field(creations[1], "result"), "\"process 101\"");
}

TEST(Timeline, FailuresExecsAndExitsAreInstants) {
    const auto lines = timeline_lines(reusing_run());
    const auto failed = matching(lines, "\"name\":\"clone3 failed\"");
    ASSERT_EQ(failed.size(), 1u);
    EXPECT_EQ(field(failed[0], "ph"), "\"i\"");
    EXPECT_EQ(field(failed[0], "error"), "\"EAGAIN (Resource temporarily unavailable)\"");
    const auto execs = matching(lines, "\"name\":\"exec\"");
    ASSERT_EQ(execs.size(), 1u);
    EXPECT_EQ(field(execs[0], "tid"), "101");
    EXPECT_EQ(field(execs[0], "ts"), "40.000");
    EXPECT_EQ(matching(lines, "\"name\":\"exit\"").size(), 3u);
}

TEST(Timeline, TimestampsInOrderAndInsideTheRun) {
    HandMadeRun run(100, "main");
    for (int i = 1; i <= 20; ++i) run.at_us(100 - i).create(100, 100 + i, ChildKind::thread);  // reported out of order
    run.at_us(200).exit(100).end();
    double last = 0;
    for (const std::string& line : timeline_lines(run)) {
        const std::string ts = field(line, "ts");
        if (ts.empty()) continue;
        EXPECT_GE(std::stod(ts), last) << line;
        last = std::stod(ts);
        EXPECT_LE(last + (field(line, "dur").empty() ? 0 : std::stod(field(line, "dur"))), 200.0) << line;
    }
}

TEST(Timeline, ALifeContinuedByExecInAThreadStaysOnItsTrack) {
    HandMadeRun run(100, "main");
    run.at_us(10).create(100, 101, ChildKind::thread).at_us(20).exec_by_thread(101, 100, "/bin/sh", "sh");
    run.at_us(30).exit(100).end();
    const auto lines = timeline_lines(run);
    const auto thread = matching(lines, "\"name\":\"101 ");
    ASSERT_EQ(thread.size(), 1u);
    EXPECT_EQ(field(thread[0], "dur"), "20.000");
    EXPECT_EQ(field(thread[0], "ended"), "\"exited 0\"");
    EXPECT_EQ(field(matching(lines, "\"name\":\"exec\"")[0], "tid"), "101");
    EXPECT_EQ(field(matching(lines, "\"name\":\"100 ")[0], "ended"), "\"ended by exec in thread 101\"");
}

}  // namespace
}  // namespace ct::output
