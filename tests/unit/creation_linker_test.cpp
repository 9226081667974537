// CreationLinker's decisions, on a task table with no process behind it:
// when a held child runs on, which recorded death is a child's, what a link
// sets.
#include <gtest/gtest.h>
#include <csignal>
#include <cstdint>
#include <linux/sched.h>

#include "tracer/creation_linker.h"
#include "tracer_fakes.h"

namespace ct::tracer {
namespace {

using namespace decoder;

constexpr int kExitedWith3 = 3 << 8;

class CreationLinkerTest : public testing::Test {
protected:
    Task& task(pid_t tid, pid_t tgid, pid_t ppid = 1) {
        Task& t = tasks.add(tid);
        t.tgid = tgid;
        t.ppid = ppid;
        return t;
    }
    Task& creator(pid_t tid, pid_t tgid) {
        Task& t = task(tid, tgid);
        t.linked = true;
        t.comm = "creator";
        return t;
    }
    // A creation call between its entry stop and the stop that ends it.
    static void begin_call(Task& t, std::uint64_t flags, std::int64_t entry_mono_ns = 0) {
        t.pending.emplace();
        t.pending->creation.call.flags = flags;
        t.pending->entry_mono_ns = entry_mono_ns;
    }
    std::size_t births() const {
        std::size_t n = 0;
        for (const Event& e : sink.events) n += std::holds_alternative<TaskStart>(e.payload);
        return n;
    }

    test::RecordingSink sink;
    EventEmitter emitter{sink};
    TaskTable tasks;
    TraceEnd totals;
    test::RecordingResumer resumer;
    CreationLinker linker{tasks, emitter, totals, resumer};
};

constexpr std::uint64_t kThreadFlags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD;

TEST_F(CreationLinkerTest, HeldThreadWaitsWhileACallInItsGroupIsInFlight) {
    Task& parent = creator(100, 100);
    begin_call(parent, kThreadFlags);
    linker.hold(task(101, 100));
    EXPECT_TRUE(tasks.find(101)->held);
    EXPECT_TRUE(resumer.resumed.empty());
    EXPECT_TRUE(sink.events.empty());

    // The creator was killed before its event stop: nothing left to link it.
    tasks.erase(100);
    linker.release_orphans();
    const Task& child = *tasks.find(101);
    EXPECT_FALSE(child.held);
    EXPECT_TRUE(child.linked);
    EXPECT_EQ(resumer.resumed, std::vector<pid_t>{101});
    ASSERT_EQ(sink.events.size(), 1U);
    EXPECT_EQ(sink.events[0].task.tid, 101);
    EXPECT_EQ(std::get<TaskStart>(sink.events[0].payload).reason, StartReason::born);
    EXPECT_EQ(totals.tasks_seen, 1U);
}

TEST_F(CreationLinkerTest, HeldChildRunsOnAtOnceWhenNoCallIsInFlight) {
    creator(100, 100);
    linker.hold(task(101, 100));
    EXPECT_FALSE(tasks.find(101)->held);
    EXPECT_EQ(resumer.resumed, std::vector<pid_t>{101});
    EXPECT_EQ(births(), 1U);
}

TEST_F(CreationLinkerTest, ACallInAnotherGroupDoesNotHoldAThread) {
    Task& other = creator(200, 200);
    begin_call(other, kThreadFlags);
    creator(100, 100);
    linker.hold(task(101, 100));
    EXPECT_EQ(resumer.resumed, std::vector<pid_t>{101});
}

TEST_F(CreationLinkerTest, HeldProcessWaitsWhileAnyProcessCreationIsInFlight) {
    Task& other = creator(200, 200);
    begin_call(other, SIGCHLD);
    linker.hold(task(300, 300, 150));
    EXPECT_TRUE(tasks.find(300)->held);
    EXPECT_TRUE(resumer.resumed.empty());

    // The call ended at its event stop: it no longer creates anything unlinked.
    other.pending->reported = true;
    linker.release_orphans();
    EXPECT_EQ(resumer.resumed, std::vector<pid_t>{300});
}

TEST_F(CreationLinkerTest, ThreadCreationDoesNotHoldAProcess) {
    Task& parent = creator(100, 100);
    begin_call(parent, kThreadFlags);
    linker.hold(task(300, 300, 150));
    EXPECT_EQ(resumer.resumed, std::vector<pid_t>{300});
}

TEST_F(CreationLinkerTest, LinkSetsTheThreadFromItsCreator) {
    Task& parent = creator(100, 100);
    parent.ppid = 50;
    parent.syscall_stops = true;
    parent.pidns_depth = 1;
    begin_call(parent, kThreadFlags);
    Task& held = task(101, 100);
    linker.hold(held);
    emitter.stamp();

    const CreationLinker::Linked linked = linker.link(parent, 101, true);
    EXPECT_EQ(&linked.child, &held);
    EXPECT_FALSE(linked.started);
    EXPECT_FALSE(linked.died_status);
    EXPECT_TRUE(held.linked);
    EXPECT_TRUE(held.held);  // it runs on when the loop releases it, after its creator
    EXPECT_EQ(held.tgid, 100);
    EXPECT_EQ(held.ppid, 50);
    EXPECT_EQ(held.comm, "creator");
    EXPECT_TRUE(held.syscall_stops);
    EXPECT_EQ(held.pidns_depth, 1U);
    EXPECT_EQ(held.start_mono_ns, emitter.stop_mono_ns());
    EXPECT_EQ(totals.tasks_seen, 1U);

    linker.release(held);
    EXPECT_FALSE(held.held);
    EXPECT_EQ(resumer.resumed, std::vector<pid_t>{101});
}

TEST_F(CreationLinkerTest, LinkSetsTheProcessParent) {
    Task& parent = creator(100, 100);
    parent.ppid = 50;
    begin_call(parent, SIGCHLD);
    const Task& child = linker.link(parent, 300, false).child;
    EXPECT_EQ(child.tgid, 300);
    EXPECT_EQ(child.ppid, 100);

    begin_call(parent, CLONE_PARENT | SIGCHLD);
    const Task& sibling = linker.link(parent, 301, false).child;
    EXPECT_EQ(sibling.ppid, 50);  // CLONE_PARENT: its creator's parent is its own
}

TEST_F(CreationLinkerTest, AChildReportedOnItsOwnIsNotCountedTwice) {
    Task& parent = creator(100, 100);
    linker.hold(task(101, 100));  // no call in flight: reported and let go
    ASSERT_EQ(totals.tasks_seen, 1U);
    const CreationLinker::Linked linked = linker.link(parent, 101, true);
    EXPECT_TRUE(linked.started);
    EXPECT_EQ(totals.tasks_seen, 1U);
}

TEST_F(CreationLinkerTest, DeathDuringTheCallIsTheChilds) {
    Task& parent = creator(100, 100);
    emitter.stamp();
    begin_call(parent, SIGCHLD, emitter.stop_mono_ns());
    linker.died_unseen(300, kExitedWith3);
    EXPECT_EQ(tasks.find(300), nullptr);

    const CreationLinker::Linked linked = linker.link(parent, 300, false);
    ASSERT_TRUE(linked.died_status);
    EXPECT_EQ(*linked.died_status, kExitedWith3);
    EXPECT_EQ(linked.child.tid, 300);
    EXPECT_TRUE(linked.child.linked);
    EXPECT_EQ(tasks.find(300), &linked.child);
}

TEST_F(CreationLinkerTest, DeathOlderThanTheCallEntryIsNotTheChilds) {
    Task& parent = creator(100, 100);
    Task& other = creator(200, 200);
    begin_call(other, SIGCHLD);  // keeps the death from being forgotten
    emitter.stamp();
    linker.died_unseen(300, kExitedWith3);
    begin_call(parent, SIGCHLD, emitter.stop_mono_ns() + 1);

    const CreationLinker::Linked linked = linker.link(parent, 300, false);
    EXPECT_FALSE(linked.died_status);
    EXPECT_TRUE(linked.child.linked);

    // The stale record is gone: a later link of that tid finds no death either.
    begin_call(other, SIGCHLD, 0);
    EXPECT_FALSE(linker.link(other, 300, false).died_status);
}

TEST_F(CreationLinkerTest, AReusedTidForgetsTheStaleDeath) {
    Task& parent = creator(100, 100);
    begin_call(parent, SIGCHLD, 0);
    linker.died_unseen(300, kExitedWith3);
    linker.hold(task(300, 300, 100));  // a new task with that tid
    EXPECT_TRUE(tasks.find(300)->held);

    const CreationLinker::Linked linked = linker.link(parent, 300, false);
    EXPECT_FALSE(linked.died_status);
    EXPECT_TRUE(linked.child.held);
}

TEST_F(CreationLinkerTest, UnseenDeathIsForgottenWhenNoCallIsInFlight) {
    Task& parent = creator(100, 100);
    linker.died_unseen(300, kExitedWith3);
    begin_call(parent, SIGCHLD, 0);
    EXPECT_FALSE(linker.link(parent, 300, false).died_status);
}

TEST_F(CreationLinkerTest, HeldTaskThatDiesIsReportedAtItsLink) {
    Task& parent = creator(100, 100);
    begin_call(parent, kThreadFlags, 0);
    Task& held = task(101, 100);
    held.comm = "held";
    linker.hold(held);
    emitter.stamp();
    linker.died_unlinked(held, kExitedWith3);
    EXPECT_EQ(tasks.find(101), nullptr);

    const CreationLinker::Linked linked = linker.link(parent, 101, true);
    ASSERT_TRUE(linked.died_status);
    EXPECT_EQ(*linked.died_status, kExitedWith3);
    EXPECT_FALSE(linked.child.held);
    EXPECT_FALSE(linked.started);
    EXPECT_TRUE(resumer.resumed.empty());

    // No longer held: with no call in flight, nothing is left to release.
    parent.pending.reset();
    linker.release_orphans();
    EXPECT_TRUE(resumer.resumed.empty());
    EXPECT_EQ(births(), 0U);
}

}  // namespace
}  // namespace ct::tracer
