// Following processes that are already running, and leaving every followed
// task running untraced.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <sys/types.h>

#include "decoder/event.h"
#include "tracer/event_emitter.h"
#include "tracer/task_table.h"

namespace ct::tracer {

// Seizes every thread of process `pid` (to be followed with syscall stops,
// or by events alone) and reports each as attached; the reason it cannot,
// otherwise.
std::optional<std::string> attach(pid_t pid, unsigned long ptrace_options, bool syscall_stops, TaskTable& tasks,
                                  EventEmitter& emitter, decoder::TraceEnd& totals);

// Detaches from every task in the table, each as soon as it stops, and
// reports it detached; a task that ends meanwhile goes to `on_gone`.
void detach_all(TaskTable& tasks, EventEmitter& emitter, bool read_unreaped, const std::function<void(pid_t tid, int status)>& on_gone);

}  // namespace ct::tracer
