#include "tracer/tracer.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <memory>
#include <sched.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include <fmt/format.h>

#include "tracer/attach.h"
#include "tracer/clock.h"
#include "tracer/creation_calls.h"
#include "tracer/creation_linker.h"
#include "tracer/event_emitter.h"
#include "tracer/exit_stop.h"
#include "tracer/launcher.h"
#include "tracer/own_filters.h"
#include "tracer/procfs.h"
#include "tracer/resume.h"
#include "tracer/signal_delivery.h"
#include "tracer/signal_wait.h"
#include "tracer/stack_unwinder.h"
#include "tracer/stop_kind.h"
#include "tracer/task_table.h"
#include "tracer/trace_start.h"

namespace ct::tracer {
namespace {

using namespace decoder;

constexpr unsigned long kPtraceOptions = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK |
                                         PTRACE_O_TRACEVFORK | PTRACE_O_TRACEEXEC | PTRACE_O_TRACESECCOMP;

constexpr std::int64_t kPollBeforeSleepNs = 100'000;
// A yield that comes back this soon ran nothing else on our CPU: no task
// there is about to stop. Polling on alone for longer than kLonePollNs only
// keeps the CPU from the tasks waiting elsewhere that the scheduler would
// move to it once it is idle, the stopping one among them.
constexpr std::int64_t kYieldRanOthersNs = 5'000;
constexpr std::int64_t kLonePollNs = 20'000;
constexpr std::int64_t kLongestReapDeferralNs = 2'000'000;

class Loop {
public:
    Loop(const TracerOptions& options, EventSink& sink) : options_(options), emitter_(sink) {}
    RunResult run();

private:
    bool start();
    void follow();
    RunResult finish();
    void on_stop(pid_t tid, Task* found, StopKind kind, int status);
    void on_gone(pid_t tid, int status) { on_gone(tid, tasks_.find(tid), status); }
    void on_gone(pid_t tid, Task* task, int status);
    void on_creation_event(Task& parent);
    void on_exec_event(Task& task);
    bool creates_thread(const Task& parent, pid_t child_tid) const;
    Task& adopt(pid_t tid);
    void resume(const Task& task, int sig = 0) { resumer_.resume(task, sig); }
    pid_t next_stop(int& status);
    pid_t reap(int& status);
    std::optional<pid_t> parent_stop_first(const Task& dead, int& status);
    unsigned long ptrace_options() const {
        // A launched program keeps our filter; without its tracer every
        // creation call would fail with ENOSYS, so it must not outlive us.
        // Without the filter it goes the same way, so that both modes agree.
        // Processes attached to were running before us and are left running.
        const unsigned long exitkill = options_.attach.empty() ? PTRACE_O_EXITKILL : 0;
        // Followed by events alone, a thread's exit stop stands for the
        // exit_group stop the rules that watch exits need.
        const bool exit_stops = options_.watch_exits && options_.following == Following::events;
        return kPtraceOptions | exitkill | (exit_stops ? PTRACE_O_TRACEEXIT : 0);
    }

    const TracerOptions& options_;
    EventEmitter emitter_;
    TaskTable tasks_;
    TraceEnd totals_;
    PtraceResumer resumer_;
    CreationLinker linker_{tasks_, emitter_, totals_, resumer_};
    std::unique_ptr<StackUnwinder> stacks_ =
        options_.stack_depth > 0 ? std::make_unique<StackUnwinder>(options_.stack_depth) : nullptr;
    OwnFilters own_filters_{tasks_, emitter_, false};
    CreationCalls calls_{tasks_, emitter_, totals_, resumer_, own_filters_, options_.want_comm, stacks_.get(),
                         options_.watch_exits, options_.inject};
    RunResult result_;
    pid_t program_ = -1;
    Following following_ = Following::syscall_stops;
    bool suppress_launch_sigcont_ = false;
    bool program_execed_ = false;
    struct ReapDeferral {
        pid_t tid = 0;
        std::int64_t until_ns = 0;
    } reap_deferred_;  // a dead task left unreaped while its parent passes a creation
    Launch launched_;
    std::optional<SignalWait> signals_;  // from the first tracee on
};

Task& Loop::adopt(pid_t tid) {
    // A new task whose first stop came before its creator's event stop.
    Task& task = tasks_.add(tid);
    task.start_mono_ns = emitter_.stop_mono_ns();
    task.syscall_stops = following_ == Following::syscall_stops;
    if (const auto st = read_status(tid)) {
        task.tgid = st->tgid;
        task.ppid = st->ppid;
        task.pidns_depth = st->nspid.empty() ? 0 : static_cast<unsigned>(st->nspid.size() - 1);
        const Task* creator = tasks_.find(st->tgid != tid ? st->tgid : st->ppid);
        if (creator != nullptr) task.syscall_stops = creator->syscall_stops;
    }
    return task;
}

bool Loop::creates_thread(const Task& parent, pid_t child_tid) const {
    if (parent.pending) return parent.pending->creation.call.creates_thread();
    // Without the call (it began before we attached) /proc tells the kind.
    const auto st = read_status(child_tid);
    return st && st->tgid == parent.tgid;
}

void Loop::on_creation_event(Task& parent) {
    unsigned long msg = 0;
    // Fails when the creator was killed in this stop (an exec in another
    // thread): its exit report follows, and the child's start links nothing.
    if (::ptrace(PTRACE_GETEVENTMSG, parent.tid, nullptr, &msg) != 0 || msg == 0) return;
    const pid_t child_tid = static_cast<pid_t>(msg);
    // Followed by events alone (or attached within the call), the call's first stop.
    calls_.begin_at_event_stop(parent);
    const bool thread = creates_thread(parent, child_tid);
    const CreationLinker::Linked linked = linker_.link(parent, child_tid, thread);
    Task& child = linked.child;
    if (!thread && stacks_) stacks_->forget(child_tid);  // a pid used before names a new address space

    std::optional<ProcStatus> status;
    if (!thread || parent.pidns_depth > 0) status = read_status(child_tid);
    if (!thread && status && !status->nspid.empty()) child.pidns_depth = static_cast<unsigned>(status->nspid.size() - 1);
    const std::optional<Creation> created = calls_.complete(parent, child, status);
    // The child's name is its creator's at the call, read before either runs on.
    if (options_.want_comm) parent.comm = read_comm(parent.tid), child.comm = parent.comm;
    // Both run on while the lines are written; the order of the lines is ours.
    const TaskContext parent_context = context_of(parent);
    resume(parent);
    if (!linked.died_status && child.held) linker_.release(child);
    if (created) emitter_.emit(parent_context, *created);
    if (!linked.started) emitter_.emit(context_of(child), TaskStart{StartReason::born, parent.tid});
    if (linked.died_status) on_gone(child_tid, *linked.died_status);
}

void Loop::on_exec_event(Task& task) {
    unsigned long former = 0;
    ::ptrace(PTRACE_GETEVENTMSG, task.tid, nullptr, &former);
    Task* self = &task;
    if (static_cast<pid_t>(former) != task.tid) {
        // A non-leader thread ran exec and took over the leader's tid.
        if (Task* old = tasks_.find(static_cast<pid_t>(former))) {
            Task moved = std::move(*old);
            tasks_.erase(static_cast<pid_t>(former));
            moved.tid = task.tid;
            self = tasks_.find(moved.tid);
            *self = std::move(moved);
        }
    }
    self->pending.reset();
    if (stacks_) stacks_->forget(self->tgid != 0 ? self->tgid : self->tid);
    self->comm = read_comm(self->tid);
    emitter_.emit(*self, Exec{read_exe(self->tid), static_cast<std::int32_t>(former), read_cmdline(self->tid)});
    resume(*self);
}

void Loop::on_gone(pid_t tid, Task* task, int status) {
    if (task == nullptr) return linker_.died_unseen(tid, status);
    if (!task->linked) return linker_.died_unlinked(*task, status);
    if (tid == program_ && !program_execed_) {
        tasks_.erase(tid);  // our own child that failed to exec: not the program
        return;
    }
    if (task->pending && !task->pending->reported) {
        task->pending->creation.outcome = CallOutcome::unfinished;
        emitter_.emit(*task, task->pending->creation);
    }
    TaskExit exit = exit_from_status(status);
    if (task->start_mono_ns >= 0) exit.lifetime_ns = emitter_.stop_mono_ns() - task->start_mono_ns;
    exit.killed_by = task->killed_by;
    exit.unreaped = std::move(task->unreaped);
    emitter_.emit(*task, exit);
    if (tid == program_) result_.program = exit;
    if (stacks_ && tid == task->tgid) stacks_->forget(tid);
    tasks_.erase(tid);
    linker_.release_orphans();
}

void Loop::on_stop(pid_t tid, Task* found, StopKind kind, int status) {
    if (kind == StopKind::new_task) return linker_.hold(adopt(tid));
    Task& task = found != nullptr ? *found : adopt(tid);
    const int sig = WSTOPSIG(status);
    switch (kind) {
        case StopKind::creation_event:
            return on_creation_event(task);
        case StopKind::exec_event:
            suppress_launch_sigcont_ = false;
            program_execed_ = true;
            return on_exec_event(task);
        case StopKind::exit_event:
            on_exit_stop(task, tasks_);
            return resume(task);
        case StopKind::seccomp_event:
        case StopKind::syscall_stop:
            return calls_.on_syscall_stop(task, kind == StopKind::seccomp_event);
        case StopKind::group_stop:
            ::ptrace(PTRACE_LISTEN, tid, nullptr, nullptr);
            // The program's stop before its exec is ours, made to seize it.
            if (task.linked && options_.signals[static_cast<std::size_t>(sig)] &&
                !(tid == program_ && suppress_launch_sigcont_))
                emitter_.emit(task, GroupStop{static_cast<std::uint64_t>(sig)});
            return;
        case StopKind::interrupt_stop:
            return resume(task);
        default:
            break;
    }
    if (kind == StopKind::signal_delivery) own_filters_.deliver_sigsys(task, sig);
    if (sig == SIGCONT && tid == program_ && suppress_launch_sigcont_) {
        suppress_launch_sigcont_ = false;  // our own, sent to start the program
        return resume(task);
    }
    // The program's own signal, at the stop it makes anyway: its siginfo is
    // one more call, made only for the signals someone asked to see.
    if (kind == StopKind::signal_delivery && task.linked && options_.signals[static_cast<std::size_t>(sig)])
        if (const auto signal = read_signal(tid)) emitter_.emit(task, *signal);
    resume(task, sig);
}

bool Loop::start() {
    emitter_.stamp();
    if (!options_.attach.empty()) {
        following_ = actual_following(options_, false);
        if (following_ == Following::events) linker_.follow_calls_unseen();
        auto error = start_attached(options_, ptrace_options(), tasks_, emitter_, totals_);
        if (!error) return true;
        result_.error = std::move(*error);
        result_.error_status = 1;
        return false;
    }
    launched_ = start_launched(options_, ptrace_options(), tasks_, emitter_, totals_);
    if (launched_.pid < 0) {
        result_.error = fmt::format("cannot start {}: {}", options_.program_path, std::strerror(errno));
        result_.error_status = 1;
        return false;
    }
    program_ = launched_.pid;
    own_filters_.set_wrapping(launched_.seccomp_filter);  // launched under the watch filter and EXITKILL
    following_ = actual_following(options_, launched_.seccomp_filter);
    if (following_ == Following::events) linker_.follow_calls_unseen();
    suppress_launch_sigcont_ = true;
    return true;
}

pid_t Loop::next_stop(int& status) {
    // A creation makes three stops within microseconds of each other. Polling
    // for a short while before sleeping spares each of them the wake-up of a
    // sleeping tracer, which costs the stopped tracee far more than the poll;
    // yielding keeps the poll from taking a CPU the tracee could use.
    std::int64_t now = now_ns(CLOCK_MONOTONIC);
    const std::int64_t until = now + kPollBeforeSleepNs;
    std::int64_t lone_until = now + kLonePollNs;
    while (now < until && now < lone_until) {
        const pid_t tid = reap(status);
        if (tid != 0) return tid;
        const std::int64_t yielded_at = now_ns(CLOCK_MONOTONIC);
        ::sched_yield();
        now = now_ns(CLOCK_MONOTONIC);
        if (now - yielded_at > kYieldRanOthersNs) lone_until = now + kLonePollNs;
    }
    emitter_.flush();  // lines wait in the buffer only while more stops are coming
    for (;;) {
        const pid_t tid = reap(status);
        if (tid != 0) return tid;
        if (signals_->sleep()) return 0;
    }
}

pid_t Loop::reap(int& status) {
    for (;;) {
        siginfo_t info{};
        if (::waitid(P_ALL, 0, &info, WEXITED | __WALL | WNOWAIT | WNOHANG) != 0) return -1;
        if (info.si_pid == 0) return 0;
        const bool ended = info.si_code == CLD_EXITED || info.si_code == CLD_KILLED || info.si_code == CLD_DUMPED;
        if (ended) {
            Task* task = tasks_.find(info.si_pid);
            // A task's name at its end is read while it is still a zombie: an
            // exit stop for it would cost the task itself a round trip.
            if (task != nullptr && options_.want_comm) task->comm = read_comm(info.si_pid);
            if (task != nullptr)
                if (const auto first = parent_stop_first(*task, status)) return *first;
        }
        // What was seen may have changed since (a stopped leader killed, now
        // a zombie that waits for its threads): then look again.
        const pid_t tid = ::waitpid(info.si_pid, &status, __WALL | WNOHANG);
        if (tid > 0) return tid;
    }
}

std::optional<pid_t> Loop::parent_stop_first(const Task& dead, int& status) {
    // Reaping a traced process is what sends its parent SIGCHLD. A parent
    // held at the entry of its next fork would meet that signal inside the
    // call and have to restart it (ERESTARTNOINTR), which untraced it would
    // almost never do. So the parent's own stops come first, until it is
    // past the creation it is in, or for a short while at most (it may
    // never stop again: killed, its end waiting for threads we must reap).
    if (dead.tgid != dead.tid || dead.ppid <= 0) return std::nullopt;
    const Task* parent = tasks_.find(dead.ppid);
    if (parent == nullptr) return std::nullopt;
    const std::int64_t now = now_ns(CLOCK_MONOTONIC);
    if (reap_deferred_.tid != dead.tid) reap_deferred_ = {dead.tid, now + kLongestReapDeferralNs};
    if (now > reap_deferred_.until_ns) return std::nullopt;
    const pid_t tid = ::waitpid(parent->tid, &status, __WALL | WNOHANG);
    if (tid > 0) return tid;
    if (parent->pending && !parent->pending->reported) return 0;  // nothing to do until it stops
    return std::nullopt;
}

RunResult Loop::run() {
    if (!start()) {
        // A launch that failed began no trace; attaching began one, which is closed.
        if (options_.attach.empty()) return result_;
        return finish();
    }
    follow();
    // The loop may end before the tasks do (waitpid failed): let them go.
    detach_all(tasks_, emitter_, options_.watch_exits, [this](pid_t tid, int status) { on_gone(tid, status); });
    if (const auto err = exec_failure(launched_)) {
        result_.error = fmt::format("cannot run '{}': {}", options_.program_path, std::strerror(*err));
        result_.error_status = 126;
    }
    return finish();
}

RunResult Loop::finish() {
    totals_.program_status = result_.program;
    emitter_.stamp();
    Task none;
    emitter_.emit(none, totals_);
    return result_;
}

void Loop::follow() {
    signals_.emplace();
    while (!tasks_.empty()) {
        if (const auto stop = signals_->take_stop()) {
            if (options_.attach.empty()) {
                // Launch mode: the program gets the signal (the terminal
                // sent it one already) and we report how it ends.
                if (!stop->from_terminal) ::kill(program_, stop->signal);
            } else {
                detach_all(tasks_, emitter_, options_.watch_exits, [this](pid_t tid, int status) { on_gone(tid, status); });
                break;
            }
        }
        int status = 0;
        const pid_t tid = next_stop(status);
        if (tid == 0) continue;  // a stop signal came
        if (tid < 0) break;
        emitter_.stamp();
        Task* task = tasks_.find(tid);
        const StopKind kind = classify_stop(status, task != nullptr);
        if (kind == StopKind::exited || kind == StopKind::killed) on_gone(tid, task, status);
        else if (kind != StopKind::other) on_stop(tid, task, kind, status);
    }
}

}  // namespace

RunResult run_tracer(const TracerOptions& options, EventSink& sink) {
    Loop loop(options, sink);
    return loop.run();
}

}  // namespace ct::tracer
