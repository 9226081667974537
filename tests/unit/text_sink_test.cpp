// TextSink over an event stream: prefixes, exits, chatter, options.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "decoder/event.h"
#include "decoder/live_tasks.h"
#include "output/text_sink.h"

namespace ct::output {
namespace {

using namespace decoder;

// Two in-memory FILE*s: the trace and the chatter.
class Streams {
public:
    Streams() {
        trace_ = open_memstream(&trace_buf_, &trace_len_);
        chatter_ = open_memstream(&chatter_buf_, &chatter_len_);
    }
    ~Streams() {
        std::fclose(trace_);
        std::fclose(chatter_);
        std::free(trace_buf_);
        std::free(chatter_buf_);
    }
    Streams(const Streams&) = delete;
    Streams& operator=(const Streams&) = delete;

    std::FILE* trace() { return trace_; }
    std::FILE* chatter() { return chatter_; }
    std::string trace_text() {
        std::fflush(trace_);
        return {trace_buf_, trace_len_};
    }
    std::string chatter_text() {
        std::fflush(chatter_);
        return {chatter_buf_, chatter_len_};
    }

private:
    char* trace_buf_ = nullptr;
    std::size_t trace_len_ = 0;
    std::FILE* trace_ = nullptr;
    char* chatter_buf_ = nullptr;
    std::size_t chatter_len_ = 0;
    std::FILE* chatter_ = nullptr;
};

// A TextSink fed the way the tracer feeds it, with the live count stamped.
class Fed {
public:
    Fed(std::FILE* trace, std::FILE* chatter, TextOptions options) : sink_(trace, chatter, options) {}
    void on_event(Event event) {
        event.live = live_.count(event);
        sink_.on_event(event);
    }

private:
    TextSink sink_;
    LiveTasks live_;
};

constexpr std::int64_t kWall = 1'700'000'000'123'456'789;  // 2023-11-14 22:13:20.123456789 UTC

Event event(std::int32_t tid, Payload payload, std::int64_t wall_ns = kWall) {
    Event e;
    e.wall_ns = wall_ns;
    e.mono_ns = 5'000'000;
    e.task.tid = tid;
    e.task.tgid = tid;
    e.task.comm = "prog";
    e.payload = std::move(payload);
    return e;
}

TraceStart trace_start(const char* host = "x86_64") {
    TraceStart t;
    t.command = {"/bin/prog"};
    t.host_arch = host;
    t.version = "0.1.0";
    return t;
}

TaskStart task_start(StartReason reason) {
    TaskStart s;
    s.reason = reason;
    return s;
}

Creation fork_call(std::int64_t child, const char* abi = "x86_64") {
    Creation c;
    c.call.syscall = arch::SyscallKind::fork;
    c.call.abi = abi;
    c.call.exit_signal = SIGCHLD;
    c.outcome = CallOutcome::created;
    c.result = child;
    c.duration_ns = 123'456;
    return c;
}

TaskExit exited(int code) {
    TaskExit e;
    e.code = code;
    return e;
}

TaskExit killed(int sig, bool core) {
    TaskExit e;
    e.signaled = true;
    e.code = sig;
    e.core_dumped = core;
    return e;
}

TEST(TextSink, PidPrefixOnlyWhileSeveralTasksLive) {
    Streams s;
    Fed sink(s.trace(), s.chatter(), {});
    sink.on_event(event(100, trace_start()));
    sink.on_event(event(100, task_start(StartReason::launched)));
    sink.on_event(event(100, fork_call(101)));
    sink.on_event(event(101, task_start(StartReason::born)));
    sink.on_event(event(100, fork_call(102)));
    sink.on_event(event(102, task_start(StartReason::born)));
    sink.on_event(event(101, exited(3)));
    sink.on_event(event(102, killed(SIGSEGV, true)));
    sink.on_event(event(100, fork_call(103)));
    sink.on_event(event(100, exited(0)));
    EXPECT_EQ(s.trace_text(),
              "fork() = 101\n"
              "[pid   100] fork() = 102\n"
              "[pid   101] +++ exited with 3 +++\n"
              "[pid   102] +++ killed by SIGSEGV (core dumped) +++\n"
              "fork() = 103\n"
              "+++ exited with 0 +++\n");
    EXPECT_EQ(s.chatter_text(),
              "clonetrace: Process 101 attached\n"
              "clonetrace: Process 102 attached\n");
}

TEST(TextSink, KilledWithoutCore) {
    Streams s;
    Fed sink(s.trace(), s.chatter(), {});
    sink.on_event(event(7, trace_start()));
    sink.on_event(event(7, task_start(StartReason::launched)));
    sink.on_event(event(7, killed(SIGKILL, false)));
    EXPECT_EQ(s.trace_text(), "+++ killed by SIGKILL +++\n");
    EXPECT_EQ(s.chatter_text(), "");
}

TEST(TextSink, AttachedAndDetachedChatter) {
    Streams s;
    Fed sink(s.trace(), s.chatter(), {});
    sink.on_event(event(4242, trace_start()));
    sink.on_event(event(4242, task_start(StartReason::attached)));
    TaskExit detached;
    detached.detached = true;
    sink.on_event(event(4242, detached));
    EXPECT_EQ(s.chatter_text(), "clonetrace: Process 4242 attached\nclonetrace: Process 4242 detached\n");
    EXPECT_EQ(s.trace_text(), "");
}

TEST(TextSink, QuietHidesChatterButNotExits) {
    Streams s;
    TextOptions options;
    options.quiet = 1;
    Fed sink(s.trace(), s.chatter(), options);
    sink.on_event(event(100, trace_start()));
    sink.on_event(event(100, task_start(StartReason::attached)));
    sink.on_event(event(101, task_start(StartReason::born)));
    sink.on_event(event(101, exited(0)));
    sink.on_event(event(100, exited(1)));
    EXPECT_EQ(s.chatter_text(), "");
    EXPECT_EQ(s.trace_text(), "[pid   101] +++ exited with 0 +++\n+++ exited with 1 +++\n");
}

TEST(TextSink, VeryQuietHidesExitsToo) {
    Streams s;
    TextOptions options;
    options.quiet = 2;
    Fed sink(s.trace(), s.chatter(), options);
    sink.on_event(event(100, trace_start()));
    sink.on_event(event(100, task_start(StartReason::launched)));
    sink.on_event(event(101, task_start(StartReason::born)));
    sink.on_event(event(100, fork_call(101)));
    sink.on_event(event(101, killed(SIGSEGV, true)));
    sink.on_event(event(100, exited(0)));
    EXPECT_EQ(s.chatter_text(), "");
    EXPECT_EQ(s.trace_text(), "[pid   100] fork() = 101\n");
}

constexpr const char* kEventsNote =
    "clonetrace: following ptrace events only (no syscall stops); not seen: failed creation calls, restarts\n";

TraceStart following(Following how) {
    TraceStart t = trace_start();
    t.following = how;
    return t;
}

TEST(TextSink, EventsOnlySaysWhatItCannotSeeOnceATaskIsFollowed) {
    Streams s;
    Fed sink(s.trace(), s.chatter(), TextOptions{});
    sink.on_event(event(0, following(Following::events)));
    EXPECT_EQ(s.chatter_text(), "");
    sink.on_event(event(100, task_start(StartReason::attached)));
    sink.on_event(event(101, task_start(StartReason::attached)));
    EXPECT_EQ(s.chatter_text(), std::string(kEventsNote) +
                                    "clonetrace: Process 100 attached\nclonetrace: Process 101 attached\n");
}

TEST(TextSink, NoNoteWhenEverythingIsSeenOrWhenQuiet) {
    for (const Following how : {Following::seccomp_filter, Following::syscall_stops}) {
        Streams s;
        Fed sink(s.trace(), s.chatter(), TextOptions{});
        sink.on_event(event(100, following(how)));
        sink.on_event(event(100, task_start(StartReason::launched)));
        EXPECT_EQ(s.chatter_text(), "");
    }
    Streams s;
    TextOptions quiet;
    quiet.quiet = 1;
    Fed sink(s.trace(), s.chatter(), quiet);
    sink.on_event(event(0, following(Following::events)));
    sink.on_event(event(100, task_start(StartReason::attached)));
    EXPECT_EQ(s.chatter_text(), "");
}

TEST(TextSink, DurationsAndEpochTimestamps) {
    Streams s;
    TextOptions options;
    options.durations = true;
    options.timestamps = TimestampStyle::epoch;
    Fed sink(s.trace(), s.chatter(), options);
    sink.on_event(event(100, trace_start()));
    sink.on_event(event(100, task_start(StartReason::launched)));
    sink.on_event(event(100, fork_call(101)));
    Creation slow = fork_call(102);
    slow.duration_ns = 2'000'654'321;
    sink.on_event(event(100, slow, 1'700'000'001'000'001'999));
    sink.on_event(event(102, task_start(StartReason::born)));
    sink.on_event(event(102, exited(0), 1'700'000'002'000'000'000));
    EXPECT_EQ(s.trace_text(),
              "1700000000.123456 fork() = 101 <0.000123>\n"
              "1700000001.000001 fork() = 102 <2.000654>\n"
              "[pid   102] 1700000002.000000 +++ exited with 0 +++\n");
}

TEST(TextSink, TimeOfDayTimestamps) {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    for (const auto& [style, want] : {std::pair{TimestampStyle::time_of_day, "22:13:20 fork() = 9\n"},
                                      std::pair{TimestampStyle::microseconds, "22:13:20.123456 fork() = 9\n"}}) {
        Streams s;
        TextOptions options;
        options.timestamps = style;
        Fed sink(s.trace(), s.chatter(), options);
        sink.on_event(event(100, trace_start()));
        sink.on_event(event(100, task_start(StartReason::launched)));
        sink.on_event(event(100, fork_call(9)));
        EXPECT_EQ(s.trace_text(), want);
    }
}

TEST(TextSink, NonHostAbiIsNamed) {
    Streams s;
    TextOptions options;
    options.durations = true;
    Fed sink(s.trace(), s.chatter(), options);
    sink.on_event(event(100, trace_start("x86_64")));
    sink.on_event(event(100, task_start(StartReason::launched)));
    sink.on_event(event(100, fork_call(101, "i386")));
    sink.on_event(event(100, fork_call(102, "x86_64")));
    sink.on_event(event(100, fork_call(103, "x32")));
    EXPECT_EQ(s.trace_text(),
              "fork() = 101 [i386 ABI] <0.000123>\n"
              "fork() = 102 <0.000123>\n"
              "fork() = 103 [x32 ABI] <0.000123>\n");
}

TEST(TextSink, HostAbiComesFromTraceStart) {
    Streams s;
    Fed sink(s.trace(), s.chatter(), {});
    sink.on_event(event(100, trace_start("aarch64")));
    sink.on_event(event(100, task_start(StartReason::launched)));
    sink.on_event(event(100, fork_call(101, "aarch64")));
    sink.on_event(event(100, fork_call(102, "x86_64")));
    EXPECT_EQ(s.trace_text(), "fork() = 101\nfork() = 102 [x86_64 ABI]\n");
}

TEST(TextSink, ChildNotes) {
    Streams s;
    Fed sink(s.trace(), s.chatter(), {});
    sink.on_event(event(100, trace_start()));
    sink.on_event(event(100, task_start(StartReason::launched)));
    Creation process = fork_call(101);
    process.child = ChildInfo{101, 101, ChildKind::process, std::nullopt};
    sink.on_event(event(100, process));
    Creation in_namespace = fork_call(2);
    in_namespace.child = ChildInfo{4711, 4711, ChildKind::process, std::nullopt};
    sink.on_event(event(100, in_namespace));
    Creation thread = fork_call(4712);
    thread.child = ChildInfo{4712, 100, ChildKind::thread, std::nullopt};
    sink.on_event(event(100, thread));
    EXPECT_EQ(s.trace_text(),
              "fork() = 101 (process)\n"
              "fork() = 2 (process 4711 in our pid namespace)\n"
              "fork() = 4712 (thread 4712 of process 100)\n");
}

TEST(TextSink, ExecByAThreadTakesTheLeadersPid) {
    Streams s;
    Fed sink(s.trace(), s.chatter(), {});
    sink.on_event(event(100, trace_start()));
    sink.on_event(event(100, task_start(StartReason::launched)));
    sink.on_event(event(101, task_start(StartReason::born)));
    sink.on_event(event(100, exited(0)));  // the leader goes away during the exec
    Exec exec;
    exec.path = "/bin/true\n";
    exec.former_tid = 101;
    sink.on_event(event(100, exec));
    sink.on_event(event(100, exited(0)));
    EXPECT_EQ(s.trace_text(),
              "[pid   100] +++ exited with 0 +++\n"
              "--- exec \"/bin/true\\n\" by thread 101 ---\n"
              "+++ exited with 0 +++\n");
}

TEST(TextSink, StackFramesUnderTheCreationAsStraceK) {
    Streams s;
    Fed sink(s.trace(), s.chatter(), {});
    sink.on_event(event(100, trace_start()));
    sink.on_event(event(100, task_start(StartReason::launched)));
    Creation c = fork_call(101);
    c.stack = {{0x7f00'0010'98d9, "clone3", 0x19, "/usr/lib/libc.so.6", 0x1098d9},
               {0x5581'a0c0'1290, "ns::Pool::spawn(int)", 0x60, "/srv/my pool", 0x1290},
               {0x5581'a0c0'2000, "", 0, "/srv/pool\n", 0x2000},
               {0x7f00'dead'beef, "", 0, "", 0}};
    sink.on_event(event(100, c));
    EXPECT_EQ(s.trace_text(),
              "fork() = 101\n"
              " > /usr/lib/libc.so.6(clone3+0x19) [0x1098d9]\n"
              " > /srv/my pool(ns::Pool::spawn(int)+0x60) [0x1290]\n"
              " > \"/srv/pool\\n\"() [0x2000]\n"
              " > ?() [0x7f00deadbeef]\n");
}

TEST(TextSink, GroupStopLinesAsStracePrintsThemEvenWithQq) {
    Streams s;
    TextOptions options;
    options.quiet = 2;
    Fed sink(s.trace(), s.chatter(), options);
    sink.on_event(event(100, trace_start()));
    sink.on_event(event(100, task_start(StartReason::launched)));
    sink.on_event(event(100, GroupStop{SIGSTOP}));
    sink.on_event(event(101, task_start(StartReason::born)));
    sink.on_event(event(101, GroupStop{SIGTTOU}));
    EXPECT_EQ(s.trace_text(), "--- stopped by SIGSTOP ---\n[pid   101] --- stopped by SIGTTOU ---\n");
}

}  // namespace
}  // namespace ct::output
