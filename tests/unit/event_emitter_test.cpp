// EventEmitter: the time of the stop, the task's context and the live count
// on every event it hands to the sink.
#include <gtest/gtest.h>
#include <ctime>

#include "tracer/clock.h"
#include "tracer/event_emitter.h"
#include "tracer_fakes.h"

namespace ct::tracer {
namespace {

using namespace decoder;

Task task(pid_t tid, pid_t tgid) {
    Task t;
    t.tid = tid;
    t.tgid = tgid;
    t.ppid = 1;
    t.comm = "worker";
    return t;
}

TEST(EventEmitter, EveryEventOfAStopCarriesItsTime) {
    test::RecordingSink sink;
    EventEmitter emitter(sink);
    const std::int64_t wall_before = now_ns(CLOCK_REALTIME);
    const std::int64_t mono_before = now_ns(CLOCK_MONOTONIC);
    emitter.stamp();
    const std::int64_t wall_after = now_ns(CLOCK_REALTIME);
    const std::int64_t mono_after = now_ns(CLOCK_MONOTONIC);
    emitter.emit(task(10, 10), TaskStart{StartReason::launched});
    emitter.emit(task(10, 10), Message{MessageLevel::notice, "later in the same stop"});
    ASSERT_EQ(sink.events.size(), 2U);
    for (const Event& e : sink.events) {
        EXPECT_GE(e.wall_ns, wall_before);
        EXPECT_LE(e.wall_ns, wall_after);
        EXPECT_GE(e.mono_ns, mono_before);
        EXPECT_LE(e.mono_ns, mono_after);
    }
    EXPECT_EQ(sink.events[0].wall_ns, sink.events[1].wall_ns);
    EXPECT_EQ(sink.events[0].mono_ns, sink.events[1].mono_ns);
    EXPECT_EQ(emitter.stop_mono_ns(), sink.events[0].mono_ns);

    const std::int64_t mono_next = now_ns(CLOCK_MONOTONIC);
    emitter.stamp();
    emitter.emit(task(10, 10), Message{MessageLevel::notice, "next stop"});
    EXPECT_GE(sink.events[2].mono_ns, mono_next);
}

TEST(EventEmitter, CarriesTheTaskContext) {
    test::RecordingSink sink;
    EventEmitter emitter(sink);
    emitter.emit(task(11, 10), TaskStart{StartReason::born, 10});
    ASSERT_EQ(sink.events.size(), 1U);
    const TaskContext& c = sink.events[0].task;
    EXPECT_EQ(c.tid, 11);
    EXPECT_EQ(c.tgid, 10);
    EXPECT_EQ(c.ppid, 1);
    EXPECT_EQ(c.comm, "worker");
}

TEST(EventEmitter, CarriesTheLiveCount) {
    test::RecordingSink sink;
    EventEmitter emitter(sink);
    emitter.emit(task(10, 10), TaskStart{StartReason::launched});
    emitter.emit(task(11, 10), TaskStart{StartReason::born, 10});
    emitter.emit(task(12, 10), TaskStart{StartReason::born, 10});
    emitter.emit(task(12, 10), TaskExit{});  // an ending task still counts on its own line
    emitter.emit(task(10, 10), Exec{"/bin/true", 11, {}});  // thread 11 took over the leader's tid
    emitter.emit(Task{}, TraceEnd{});
    ASSERT_EQ(sink.events.size(), 6U);
    EXPECT_EQ(sink.events[0].live, 1U);
    EXPECT_EQ(sink.events[1].live, 2U);
    EXPECT_EQ(sink.events[2].live, 3U);
    EXPECT_EQ(sink.events[3].live, 3U);
    EXPECT_EQ(sink.events[4].live, 1U);
    EXPECT_EQ(sink.events[5].live, 1U);
}

TEST(EventEmitter, FlushReachesTheSink) {
    test::RecordingSink sink;
    EventEmitter emitter(sink);
    emitter.flush();
    EXPECT_EQ(sink.flushes, 1);
}

}  // namespace
}  // namespace ct::tracer
