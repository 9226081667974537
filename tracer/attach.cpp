#include "tracer/attach.h"

#include <cerrno>
#include <cstring>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "tracer/group_exit.h"
#include "tracer/procfs.h"
#include "tracer/stop_kind.h"

namespace ct::tracer {

std::optional<std::string> attach(pid_t pid, unsigned long ptrace_options, bool syscall_stops, TaskTable& tasks,
                                  EventEmitter& emitter, decoder::TraceEnd& totals) {
    const auto refuse = [&](const std::string& why) {
        return fmt::format("cannot attach to process {}: {}", pid, why);
    };
    if (pid == ::getpid()) return refuse("it is clonetrace itself");
    const auto status = read_status(pid);
    if (!status || status->tgid != pid) return refuse("No such process");
    if (status->tracer_pid != 0) return refuse(fmt::format("already traced by process {}", status->tracer_pid));
    // Threads may appear while we seize: list again until nothing is new.
    for (bool grew = true; grew;) {
        grew = false;
        for (const pid_t tid : list_threads(pid)) {
            if (tasks.find(tid) != nullptr) continue;
            if (::ptrace(PTRACE_SEIZE, tid, nullptr, ptrace_options) != 0) {
                if (errno == ESRCH) continue;
                const auto st = read_status(tid);
                if (st && st->tracer_pid == ::getpid()) continue;  // born traced from a seized thread
                if (tid == pid) return refuse(std::strerror(errno));
                continue;
            }
            grew = true;
            // A seized task runs on; only syscall stops need a stop to begin.
            if (syscall_stops) ::ptrace(PTRACE_INTERRUPT, tid, nullptr, nullptr);
            Task& task = tasks.add(tid);
            task.tgid = pid;
            task.ppid = status->ppid;
            task.linked = true;
            task.syscall_stops = syscall_stops;
            task.comm = read_comm(tid);
            ++totals.tasks_seen;
            emitter.emit(task, decoder::TaskStart{decoder::StartReason::attached});
        }
    }
    return std::nullopt;
}

void detach_all(TaskTable& tasks, EventEmitter& emitter, bool read_unreaped, const std::function<void(pid_t tid, int status)>& on_gone) {
    std::unordered_set<pid_t> let_go;
    std::vector<pid_t> stopped;
    for (auto& [tid, task] : tasks) {
        if (task.held) stopped.push_back(tid);  // already in a stop: an interrupt would not report
        else ::ptrace(PTRACE_INTERRUPT, tid, nullptr, nullptr);
    }
    for (const pid_t tid : stopped) {
        ::ptrace(PTRACE_DETACH, tid, nullptr, nullptr);
        let_go.insert(tid);
        tasks.erase(tid);
    }
    while (!tasks.empty()) {
        int status = 0;
        const pid_t tid = ::waitpid(-1, &status, __WALL);
        if (tid < 0) break;  // signals are blocked: only ECHILD ends it
        emitter.stamp();
        const StopKind kind = classify_stop(status, tasks.find(tid) != nullptr);
        if (kind == StopKind::exited || kind == StopKind::killed) {
            on_gone(tid, status);
            continue;
        }
        if (kind == StopKind::creation_event) {
            unsigned long child = 0;  // born traced: wait for its first stop to let it go too
            ::ptrace(PTRACE_GETEVENTMSG, tid, nullptr, &child);
            const auto child_tid = static_cast<pid_t>(child);
            if (tasks.find(child_tid) == nullptr && !let_go.contains(child_tid)) tasks.add(child_tid);
        }
        // A signal caught in its delivery stop goes on to the tracee.
        const int deliver = kind == StopKind::signal_delivery ? WSTOPSIG(status) : 0;
        ::ptrace(PTRACE_DETACH, tid, nullptr, reinterpret_cast<void*>(static_cast<long>(deliver)));
        let_go.insert(tid);
        if (Task* task = tasks.find(tid)) {
            decoder::TaskExit detached;
            detached.detached = true;
            if (read_unreaped && tid == task->tgid) detached.unreaped = unreaped_children(tid);
            if (task->linked) emitter.emit(*task, detached);
            tasks.erase(tid);
        }
    }
}

}  // namespace ct::tracer
