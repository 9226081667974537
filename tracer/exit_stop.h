// A thread's PTRACE_EVENT_EXIT stop: asked for (PTRACE_O_TRACEEXIT) only when
// following by events and a rule needs what an exit_group stop would tell,
// for it costs a stop at every thread's end. The kernel makes it at the top
// of do_exit(), before the thread lets anything go, so that:
// - the thread that called exit_group (its call is still exit_group) has
//   already sent each other thread of its process SIGKILL
//   (zap_other_threads); those not yet ended are the threads it kills;
// - a thread that ends on its own (exit, or exit_group) is not ending by a
//   signal (PF_SIGNALED clear): whatever a caller's stop said of it, its
//   own end is no killing;
// - a thread killed by a sibling's exit_group ends by that SIGKILL, with the
//   group's exit status; its stop may come before its killer's, which then
//   is the sibling still in exit_group.
// A process killed by a signal ends every thread by it: their ends say so.
#pragma once

#include "tracer/task_table.h"

namespace ct::tracer {

void on_exit_stop(Task& task, TaskTable& tasks);

}  // namespace ct::tracer
