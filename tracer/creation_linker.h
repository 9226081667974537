// Pairs each new task with its creator's PTRACE_EVENT_CLONE/FORK/VFORK stop.
// The kernel may report the child first: its first stop is held until the
// creator's event stop links it, so its events follow its creation, and a
// child that dies before that is kept aside and reported with it. A creator
// killed before its event stop never links its child: once no task that
// could still link it is inside a creation call, the child is reported on
// its own and let go. Following by events alone, no call is seen before its
// event stop: then a child waits while a task that could have made it lives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <sys/types.h>
#include <unordered_map>

#include "decoder/event.h"
#include "tracer/event_emitter.h"
#include "tracer/resume.h"
#include "tracer/task_table.h"

namespace ct::tracer {

class CreationLinker {
public:
    CreationLinker(TaskTable& tasks, EventEmitter& emitter, decoder::TraceEnd& totals, TaskResumer& resumer)
        : tasks_(tasks), emitter_(emitter), totals_(totals), resumer_(resumer) {}

    // The first stop of a task no creator has named yet: kept there.
    void hold(Task& task);
    // A tid never seen stop has ended: its creator's event stop reports it.
    void died_unseen(pid_t tid, int status);
    // A task not linked yet has ended: it leaves the table until its creator's event stop.
    void died_unlinked(Task& task, int status);

    struct Linked {
        Task& child;
        bool started = false;            // reported already, let go when no creator seemed left
        std::optional<int> died_status;  // it ended before this stop: its end follows its start
    };
    // The creator's event stop named `child_tid`; `thread` says whether the
    // child joined the creator's thread group.
    Linked link(Task& parent, pid_t child_tid, bool thread);

    // Creation calls are seen at their event stops alone: any live task may
    // be inside one, so a held child waits while a task that could have
    // made it lives.
    void follow_calls_unseen() { calls_unseen_ = true; }

    void release(Task& task);  // lets a held task run on
    void release_orphans();

private:
    struct DiedUnlinked {
        Task task;
        int status = 0;
        std::int64_t died_mono_ns = 0;
    };

    TaskTable& tasks_;
    EventEmitter& emitter_;
    decoder::TraceEnd& totals_;
    TaskResumer& resumer_;
    bool calls_unseen_ = false;
    std::size_t held_ = 0;
    std::unordered_map<pid_t, DiedUnlinked> died_unlinked_;
};

}  // namespace ct::tracer
