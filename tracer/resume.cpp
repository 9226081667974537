#include "tracer/resume.h"

#include <sys/ptrace.h>

namespace ct::tracer {

void PtraceResumer::resume(const Task& task, int sig) {
    // A creation call in flight needs its exit stop unless its event stop
    // already told everything.
    const bool syscall_stops = task.syscall_stops || (task.pending && !task.pending->reported);
    ::ptrace(syscall_stops ? PTRACE_SYSCALL : PTRACE_CONT, task.tid, nullptr, reinterpret_cast<void*>(static_cast<long>(sig)));
}

}  // namespace ct::tracer
