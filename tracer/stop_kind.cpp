#include "tracer/stop_kind.h"

#include <csignal>
#include <sys/ptrace.h>
#include <sys/wait.h>

namespace ct::tracer {
namespace {

bool is_group_stop_signal(int sig) { return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU; }

}  // namespace

StopKind classify_stop(int status, bool known_tid) {
    if (WIFEXITED(status)) return StopKind::exited;
    if (WIFSIGNALED(status)) return StopKind::killed;
    if (!WIFSTOPPED(status)) return StopKind::other;
    const int sig = WSTOPSIG(status);
    const int event = status >> 16;
    switch (event) {
        case PTRACE_EVENT_CLONE:
        case PTRACE_EVENT_FORK:
        case PTRACE_EVENT_VFORK:
            return StopKind::creation_event;
        case PTRACE_EVENT_EXEC:
            return StopKind::exec_event;
        case PTRACE_EVENT_EXIT:
            return StopKind::exit_event;
        case PTRACE_EVENT_SECCOMP:
            return StopKind::seccomp_event;
        case PTRACE_EVENT_STOP:
            if (!known_tid) return StopKind::new_task;
            return is_group_stop_signal(sig) ? StopKind::group_stop : StopKind::interrupt_stop;
        default:
            break;
    }
    if (event != 0) return StopKind::unasked_event;
    return sig == (SIGTRAP | 0x80) ? StopKind::syscall_stop : StopKind::signal_delivery;
}

decoder::TaskExit exit_from_status(int status) {
    decoder::TaskExit e;
    e.signaled = WIFSIGNALED(status);
    e.code = e.signaled ? WTERMSIG(status) : WEXITSTATUS(status);
    e.core_dumped = e.signaled && WCOREDUMP(status);
    return e;
}

}  // namespace ct::tracer
