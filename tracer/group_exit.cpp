#include "tracer/group_exit.h"

#include <csignal>

#include "tracer/procfs.h"

namespace ct::tracer {

void on_group_exit(const Task& caller, TaskTable& tasks) {
    for (auto& [tid, task] : tasks) {
        if (task.tgid != caller.tgid || tid == caller.tid) continue;
        // A thread already in its own exit (a joined one) is not killed by this.
        const auto stat = read_stat(tid);
        if (stat && still_running(*stat)) task.killed_by = caller.tid;
    }
    if (Task* leader = tasks.find(caller.tgid)) leader->unreaped = unreaped_children(caller.tgid);
}

std::vector<std::int32_t> unreaped_children(pid_t pid) {
    const auto status = read_status(pid);
    if (!status || (status->sig_ignored & (std::uint64_t{1} << (SIGCHLD - 1))) != 0) return {};
    return zombie_children(pid);
}

}  // namespace ct::tracer
