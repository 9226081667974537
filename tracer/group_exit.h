// A process's exit_group, seen at its entry stop (taken only when asked: it
// costs a stop at every process end). The process's other threads that
// still run then are killed by it mid-work: each is marked, so its end says
// which thread's exit_group ended it. Its children still zombies then were
// never waited for: its leader keeps them for its end.
#pragma once

#include "tracer/task_table.h"

namespace ct::tracer {

void on_group_exit(const Task& caller, TaskTable& tasks);

// The ended children process `pid` has not waited for. Under ptrace a
// child's end goes to clonetrace first and the parent can wait for it only
// after, so a zombie is one the parent has not waited for, either way. A
// parent that ignores SIGCHLD never waits: its children are freed without.
std::vector<std::int32_t> unreaped_children(pid_t pid);

}  // namespace ct::tracer
