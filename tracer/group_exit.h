// A process's exit_group, seen at its entry stop (taken only when asked: it
// costs a stop at every process end). The process's other threads that
// still run then are killed by it mid-work: each is marked, so its end says
// which thread's exit_group ended it.
#pragma once

#include "tracer/task_table.h"

namespace ct::tracer {

void on_group_exit(const Task& caller, TaskTable& tasks);

}  // namespace ct::tracer
