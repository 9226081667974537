#include "tracer/resume.h"

#include <sys/ptrace.h>

namespace ct::tracer {

void PtraceResumer::resume(const Task& task, int sig) {
    // A creation call in flight needs its exit stop unless its event stop
    // already told everything; so does a filter install.
    ::ptrace(task.needs_exit_stop() ? PTRACE_SYSCALL : PTRACE_CONT, task.tid, nullptr, reinterpret_cast<void*>(static_cast<long>(sig)));
}

}  // namespace ct::tracer
