// A creation call from its entry stop (or seccomp stop) to the stop that
// ends it: its creator's event stop, which names the child, or else its exit
// stop; or, followed by events alone, from its event stop only. Hands the
// stops of a program's own seccomp filters to OwnFilters and, when asked,
// notices a process's exit_group.
#pragma once

#include <optional>

#include "arch/raw_syscall.h"
#include "decoder/event.h"
#include "tracer/event_emitter.h"
#include "tracer/injector.h"
#include "tracer/own_filters.h"
#include "tracer/procfs.h"
#include "tracer/resume.h"
#include "tracer/stack_unwinder.h"
#include "tracer/task_table.h"

namespace ct::tracer {

class CreationCalls {
public:
    CreationCalls(TaskTable& tasks, EventEmitter& emitter, decoder::TraceEnd& totals, TaskResumer& resumer,
                  OwnFilters& own_filters, bool want_comm, StackUnwinder* stacks, bool watch_exits,
                  std::vector<decoder::InjectRule> inject = {})
        : tasks_(tasks), emitter_(emitter), totals_(totals), resumer_(resumer), own_filters_(own_filters),
          want_comm_(want_comm), stacks_(stacks), watch_exits_(watch_exits), injector_(std::move(inject)) {}

    // A syscall or seccomp stop: begins or ends the task's call, and lets it run on.
    void on_syscall_stop(Task& task, bool seccomp_stop);

    // An event stop of a creation call no earlier stop began: begins it
    // from the caller's registers.
    void begin_at_event_stop(Task& task);

    // The creator's event stop named `child`: the call it ends, when its entry
    // was seen, complete. `child_status` is the child's /proc status when read.
    std::optional<decoder::Creation> complete(Task& parent, const Task& child,
                                              const std::optional<ProcStatus>& child_status);

private:
    void begin_call(Task& task, const arch::RawSyscall& raw, std::optional<std::int64_t> entry_mono_ns,
                    bool seccomp_stop, const OwnFilters::Applied& applied);
    void end_call(Task& task, const arch::SyscallStop& stop);
    void inject(Task& task, decoder::Creation& creation);

    TaskTable& tasks_;
    EventEmitter& emitter_;
    decoder::TraceEnd& totals_;
    TaskResumer& resumer_;
    OwnFilters& own_filters_;
    bool want_comm_;
    StackUnwinder* stacks_;  // null: no stacks wanted
    bool watch_exits_;
    Injector injector_;
    bool told_refused_ = false;
};

}  // namespace ct::tracer
