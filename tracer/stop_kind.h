// What a waitpid status reports, decided from the status word alone (and
// whether its task is followed already), so that each stop goes to the code
// that handles it.
#pragma once

#include <cstdint>

#include "decoder/event.h"

namespace ct::tracer {

enum class StopKind : std::uint8_t {
    new_task,         // PTRACE_EVENT_STOP of an unknown tid: a first stop before the creator's event stop
    creation_event,   // PTRACE_EVENT_CLONE, PTRACE_EVENT_FORK or PTRACE_EVENT_VFORK
    exec_event,       // PTRACE_EVENT_EXEC
    exit_event,       // PTRACE_EVENT_EXIT, with PTRACE_O_TRACEEXIT
    seccomp_event,    // PTRACE_EVENT_SECCOMP: the filter's SECCOMP_RET_TRACE
    group_stop,       // PTRACE_EVENT_STOP for a stop signal: the task stays stopped
    interrupt_stop,   // any other PTRACE_EVENT_STOP (PTRACE_INTERRUPT, a linked task's first stop)
    syscall_stop,     // SIGTRAP | 0x80, with PTRACE_O_TRACESYSGOOD
    signal_delivery,  // a signal on its way to the task
    unasked_event,    // an event stop the ptrace options never ask for
    exited,
    killed,
    other,            // nothing to handle
};

StopKind classify_stop(int status, bool known_tid);

// How a task ended, from the status of an exited or killed kind.
decoder::TaskExit exit_from_status(int status);

}  // namespace ct::tracer
