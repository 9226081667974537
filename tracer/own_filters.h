// A program's own seccomp filters, kept working at seccomp speed.
//
// The watch filter stops a task only at creation calls (SECCOMP_RET_TRACE).
// A filter the program installs would outrank that TRACE with its ERRNO,
// TRAP or KILL and hide the calls it denies. So, at the stop of the
// seccomp()/prctl() that installs one (launched programs only: under
// PTRACE_O_EXITKILL our TRACE never outlives us and turns into ENOSYS):
//  - the program is read from the task, checked as the kernel checks it, and
//    a copy with a prefix that traps the watched calls (and runs the
//    program's own instructions for every other call) is written below the
//    task's stack pointer; the call's pointer argument is pointed at it. At
//    the exit stop the bytes and the argument are put back, and, when the
//    kernel took it, the filter joins the task's stack (every thread's with
//    TSYNC); children inherit it.
//  - at each seccomp stop of a task with filters of its own, their programs
//    run here on the same seccomp_data, and the stack's verdict (seccomp(2)
//    precedence) is applied as the kernel would: ERRNO skips the call with
//    its errno; TRACE (no tracer of the program's own) and USER_NOTIF (no
//    listener) skip it with ENOSYS; TRAP skips it and delivers SIGSYS with
//    the kernel's siginfo; KILL_THREAD/KILL_PROCESS let the kernel's re-run
//    of the filters end the task (the watch filter's kill addresses).
// What cannot be reproduced falls back to syscall stops for the tasks it
// concerns: a filter with a listener (NEW_LISTENER), one too long to wrap,
// one the kernel takes although our check refused it, no room on the stack,
// a host whose registers clonetrace cannot change.
#pragma once

#include "arch/raw_syscall.h"
#include "tracer/event_emitter.h"
#include "tracer/task_table.h"

namespace ct::tracer {

class OwnFilters {
public:
    // `wrapping`: the program runs under the watch filter and EXITKILL.
    OwnFilters(TaskTable& tasks, EventEmitter& emitter, bool wrapping)
        : tasks_(tasks), emitter_(emitter), wrapping_(wrapping) {}
    void set_wrapping(bool wrapping) { wrapping_ = wrapping; }

    enum class Outcome {
        runs,     // the task's filters allow the call
        skipped,  // it returns an error the filters chose; its exit stop shows it
        trapped,  // it returns to a SIGSYS handler
        killed,   // the kernel ends the thread or process at once
    };
    struct Applied {
        Outcome outcome = Outcome::runs;
        int error = 0;  // what a skipped call returns, as an errno
    };
    // A seccomp stop of a task with filters of its own.
    Applied apply_verdict(Task& task, const arch::RawSyscall& call);

    // The first stop of a seccomp() or prctl() call that its filters let run.
    void begin_install(Task& task, const arch::RawSyscall& call, bool seccomp_stop);
    // Its exit stop.
    void end_install(Task& task, const arch::SyscallStop& stop);

    // A signal-delivery stop of `sig`: true when it is a TRAP verdict's
    // SIGSYS, now carrying the kernel's siginfo.
    bool deliver_sigsys(Task& task, int sig);

private:
    Applied verdict(Task& task, const arch::RawSyscall& call);
    bool wrap(Task& task, const arch::RawSyscall& call, FilterInstall& install);
    Outcome kill(Task& task, const arch::RawSyscall& call, bool process);
    Outcome trap(Task& task, const arch::RawSyscall& call, std::uint16_t data);
    void release_preempted(const FilterInstall& install);
    void announce(const Task& task, const FilterInstall& install, bool tsync);

    TaskTable& tasks_;
    EventEmitter& emitter_;
    bool wrapping_;
};

}  // namespace ct::tracer
