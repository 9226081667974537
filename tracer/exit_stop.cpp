#include "tracer/exit_stop.h"

#include <sched.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "arch/abi.h"
#include "tracer/clock.h"
#include "tracer/group_exit.h"
#include "tracer/procfs.h"
#include "tracer/syscall_reader.h"

namespace ct::tracer {
namespace {

// A killer reaches its own stop within microseconds of killing; a thread
// killed by an exec has no killer in exit_group and waits this long for none.
constexpr std::int64_t kLongestKillerWaitNs = 2'000'000;

// The sibling of `victim` that is in exit_group, blocked or stopped there.
pid_t group_exit_caller(const Task& victim, const arch::Abi& abi, TaskTable& tasks) {
    const std::int64_t until = now_ns(CLOCK_MONOTONIC) + kLongestKillerWaitNs;
    do {
        for (const auto& [tid, task] : tasks) {
            if (task.tgid != victim.tgid || tid == victim.tid) continue;
            const auto nr = blocked_in_call(victim.tgid, tid);
            if (nr && arch::is_exit_group(abi, *nr)) return tid;
        }
        ::sched_yield();
    } while (now_ns(CLOCK_MONOTONIC) < until);
    return 0;
}

}  // namespace

void on_exit_stop(Task& task, TaskTable& tasks) {
    const auto stat = read_stat(task.tid);
    const auto call = call_at_event_stop(task.tid);
    if (!stat || !call || call->abi == nullptr) return;
    if (!ended_by_signal(*stat)) {
        task.killed_by = 0;
        if (arch::is_exit_group(*call->abi, call->nr)) on_group_exit(task, tasks);
        return;
    }
    unsigned long status = 0;
    if (task.killed_by != 0 || ::ptrace(PTRACE_GETEVENTMSG, task.tid, nullptr, &status) != 0) return;
    // A fatal signal's end carries the signal; a group exit's, its exit status.
    if (WIFEXITED(static_cast<int>(status))) task.killed_by = group_exit_caller(task, *call->abi, tasks);
}

}  // namespace ct::tracer
