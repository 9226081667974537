#include "tracer/group_exit.h"

#include "tracer/procfs.h"

namespace ct::tracer {

void on_group_exit(const Task& caller, TaskTable& tasks) {
    for (auto& [tid, task] : tasks) {
        if (task.tgid != caller.tgid || tid == caller.tid) continue;
        // A thread already in its own exit (a joined one) is not killed by this.
        const auto stat = read_stat(tid);
        if (stat && still_running(*stat)) task.killed_by = caller.tid;
    }
}

}  // namespace ct::tracer
