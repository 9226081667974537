#include "tracer/tracer.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <sched.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "arch/raw_syscall.h"
#include "decoder/clone_flags.h"
#include "decoder/live_tasks.h"
#include "decoder/names.h"
#include "tracer/launcher.h"
#include "tracer/procfs.h"
#include "tracer/ptrace_memory.h"
#include "tracer/signal_wait.h"
#include "tracer/task_table.h"

namespace ct::tracer {
namespace {

using namespace decoder;

constexpr unsigned long kPtraceOptions = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK |
                                         PTRACE_O_TRACEVFORK | PTRACE_O_TRACEEXEC | PTRACE_O_TRACESECCOMP;

constexpr std::int64_t kPollBeforeSleepNs = 100'000;

std::int64_t now_ns(clockid_t clock) {
    timespec ts{};
    ::clock_gettime(clock, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

bool is_group_stop_signal(int sig) { return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU; }

TaskExit exit_from_status(int status) {
    TaskExit e;
    e.signaled = WIFSIGNALED(status);
    e.code = e.signaled ? WTERMSIG(status) : WEXITSTATUS(status);
    e.core_dumped = e.signaled && WCOREDUMP(status);
    return e;
}

void read_written(PtraceMemory& memory, std::optional<WrittenInt>& written) {
    if (!written || written->address == 0) return;
    std::int32_t value = 0;
    if (memory.read(written->address, std::as_writable_bytes(std::span(&value, 1))) == sizeof value) written->value = value;
}

class Loop {
public:
    Loop(const TracerOptions& options, EventSink& sink) : options_(options), sink_(sink) {}
    RunResult run();

private:
    bool start();
    bool attach(pid_t pid);
    void detach_all();
    void on_stop(pid_t tid, int status);
    void on_gone(pid_t tid, int status);
    void on_syscall_stop(Task& task);
    void begin_call(Task& task, const arch::RawSyscall& raw);
    void end_call(Task& task, const arch::SyscallStop& stop);
    void on_creation_event(Task& parent);
    void on_exec_event(Task& task);
    void watch_own_filter(Task& task);
    Task& adopt(pid_t tid);
    void link_child(Task& parent, Task& child, const CreationCall* call);
    void release_orphans();
    void let_go(Task& task);  // resumes a held task
    void resume(Task& task, int sig = 0);
    void emit(const Task& task, Payload payload);
    void emit(TaskContext task, Payload payload);
    void stamp();  // the time of the stop being handled
    std::optional<arch::SyscallStop> syscall_info(pid_t tid);
    pid_t next_stop(int& status);
    pid_t reap(int& status);
    unsigned long ptrace_options() const {
        // A launched program keeps our filter; without its tracer every
        // creation call would fail with ENOSYS, so it must not outlive us.
        const unsigned long exitkill = options_.attach.empty() && options_.use_seccomp ? PTRACE_O_EXITKILL : 0;
        return kPtraceOptions | exitkill;
    }

    const TracerOptions& options_;
    EventSink& sink_;
    std::int64_t stop_wall_ns_ = 0;
    std::int64_t stop_mono_ns_ = 0;
    LiveTasks live_;
    TaskTable tasks_;
    RunResult result_;
    pid_t program_ = -1;
    bool filter_ = false;
    bool suppress_launch_sigcont_ = false;
    bool program_execed_ = false;
    std::size_t held_ = 0;
    // Tasks that died before their creator's event stop: reported with it.
    struct DiedUnlinked {
        Task task;
        int status = 0;
        std::int64_t died_mono_ns = 0;
    };
    std::unordered_map<pid_t, DiedUnlinked> died_unlinked_;
    Launch launched_;
    TraceEnd totals_;
    std::optional<SignalWait> signals_;  // from the first tracee on
};

std::optional<arch::SyscallStop> Loop::syscall_info(pid_t tid) {
    std::array<std::byte, arch::kSyscallInfoSize> buf{};
    const long n = ::ptrace(PTRACE_GET_SYSCALL_INFO, tid,
                            reinterpret_cast<void*>(buf.size()), buf.data());
    if (n <= 0) return std::nullopt;
    return arch::parse_syscall_info(std::span(buf).first(std::min<std::size_t>(static_cast<std::size_t>(n), buf.size())));
}

void Loop::emit(const Task& task, Payload payload) { emit(context_of(task), std::move(payload)); }

void Loop::stamp() {
    stop_wall_ns_ = now_ns(CLOCK_REALTIME);
    stop_mono_ns_ = now_ns(CLOCK_MONOTONIC);
}

void Loop::emit(TaskContext task, Payload payload) {
    Event event;
    event.wall_ns = stop_wall_ns_;
    event.mono_ns = stop_mono_ns_;
    event.task = std::move(task);
    event.payload = std::move(payload);
    event.live = live_.count(event);
    sink_.on_event(event);
}

void Loop::resume(Task& task, int sig) {
    // A creation call in flight needs its exit stop unless its event stop
    // already told everything.
    const bool syscall_stops = task.syscall_stops || (task.pending && !task.pending->reported);
    ::ptrace(syscall_stops ? PTRACE_SYSCALL : PTRACE_CONT, task.tid, nullptr, reinterpret_cast<void*>(static_cast<long>(sig)));
}

Task& Loop::adopt(pid_t tid) {
    // A new task whose first stop came before its creator's event stop.
    Task& task = tasks_.add(tid);
    task.start_mono_ns = stop_mono_ns_;
    task.syscall_stops = !filter_;
    if (const auto st = read_status(tid)) {
        task.tgid = st->tgid;
        task.ppid = st->ppid;
        task.pidns_depth = st->nspid.empty() ? 0 : static_cast<unsigned>(st->nspid.size() - 1);
        const Task* creator = tasks_.find(st->tgid != tid ? st->tgid : st->ppid);
        if (creator != nullptr) task.syscall_stops = creator->syscall_stops;
    }
    return task;
}

void Loop::link_child(Task& parent, Task& child, const CreationCall* call) {
    // Without the call (it began before we attached) /proc tells the kind.
    bool thread = call != nullptr && call->creates_thread();
    if (call == nullptr)
        if (const auto st = read_status(child.tid)) thread = st->tgid == parent.tgid;
    const bool sibling = call != nullptr && (call->flags & kCloneParent) != 0;
    child.tgid = thread ? parent.tgid : child.tid;
    child.ppid = thread || sibling ? parent.ppid : parent.tgid;
    child.comm = parent.comm;
    child.syscall_stops = parent.syscall_stops;
    if (thread) child.pidns_depth = parent.pidns_depth;
    if (child.start_mono_ns < 0) child.start_mono_ns = stop_mono_ns_;
    if (!child.linked) ++totals_.tasks_seen;
    child.linked = true;
    ++(thread ? totals_.threads_created : totals_.processes_created);
}

void Loop::on_creation_event(Task& parent) {
    unsigned long msg = 0;
    // Fails when the creator was killed in this stop (an exec in another
    // thread): its exit report follows, and the child's start links nothing.
    if (::ptrace(PTRACE_GETEVENTMSG, parent.tid, nullptr, &msg) != 0 || msg == 0) return;
    const pid_t child_tid = static_cast<pid_t>(msg);
    std::optional<int> died_status;
    if (const auto dead = died_unlinked_.find(child_tid); dead != died_unlinked_.end()) {
        // A death from before this call began was another task's with a tid now reused.
        if (!parent.pending || dead->second.died_mono_ns >= parent.pending->entry_mono_ns) {
            tasks_.add(child_tid) = dead->second.task;
            died_status = dead->second.status;
        }
        died_unlinked_.erase(dead);
    }
    Task* found = tasks_.find(child_tid);
    Task& child = found != nullptr ? *found : tasks_.add(child_tid);
    const CreationCall* call = parent.pending ? &parent.pending->creation.call : nullptr;
    const bool started = child.linked;  // let go earlier, when no creator seemed left
    link_child(parent, child, call);

    const bool thread = child.tgid == parent.tgid;
    std::optional<ProcStatus> status;
    if (!thread || parent.pidns_depth > 0) status = read_status(child_tid);
    if (!thread && status && !status->nspid.empty()) child.pidns_depth = static_cast<unsigned>(status->nspid.size() - 1);

    std::optional<Creation> created;
    if (call != nullptr) {
        Creation& c = parent.pending->creation;
        c.outcome = CallOutcome::created;
        c.result = child_tid;
        if (parent.pidns_depth > 0 && status && status->nspid.size() > parent.pidns_depth)
            c.result = status->nspid[parent.pidns_depth];
        c.child = ChildInfo{child_tid, child.tgid, call->child_kind, std::nullopt};
        if (status && status->nspid.size() > 1) c.child->ns_pid = status->nspid.back();
        PtraceMemory memory(parent.tid);
        read_written(memory, c.call.pidfd);
        read_written(memory, c.call.parent_tid_write);
        c.duration_ns = stop_mono_ns_ - parent.pending->entry_mono_ns;
        created = std::move(c);
        parent.pending->reported = true;
        if (!parent.syscall_stops) parent.pending.reset();
    }
    // The child's name is its creator's at the call, read before either runs on.
    if (options_.want_comm) parent.comm = read_comm(parent.tid), child.comm = parent.comm;
    // Both run on while the lines are written; the order of the lines is ours.
    const TaskContext parent_context = context_of(parent);
    resume(parent);
    if (!died_status && child.held) let_go(child);
    if (created) emit(parent_context, *created);
    if (!started) emit(context_of(child), TaskStart{StartReason::born, parent.tid});
    if (died_status) on_gone(child_tid, *died_status);
}

void Loop::let_go(Task& task) {
    task.held = false;
    --held_;
    resume(task);
}

void Loop::release_orphans() {
    // A creator killed before its event stop never links its child. When no
    // task that could still link a held child is inside a creation call, the
    // child is reported from what /proc said and let go; a task that died
    // unlinked is forgotten before its tid is reused.
    if (held_ == 0 && died_unlinked_.empty()) return;
    std::unordered_set<pid_t> creating_groups;
    bool creating_process = false;
    for (const auto& [tid, task] : tasks_) {
        if (!task.pending || task.pending->reported) continue;
        creating_groups.insert(task.tgid);
        creating_process |= !task.pending->creation.call.creates_thread();
    }
    // A task that died before its first stop has no known group: any
    // creation in flight may be its own.
    const auto may_be_linked = [&](const Task& task) {
        if (task.tgid == 0) return !creating_groups.empty();
        return task.tgid == task.tid ? creating_process : creating_groups.contains(task.tgid);
    };
    for (auto& [tid, task] : tasks_) {
        if (!task.held || may_be_linked(task)) continue;
        task.linked = true;
        ++totals_.tasks_seen;
        emit(task, TaskStart{StartReason::born});
        let_go(task);
    }
    std::erase_if(died_unlinked_, [&](const auto& entry) { return !may_be_linked(entry.second.task); });
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
    self->comm = read_comm(self->tid);
    emit(*self, Exec{read_exe(self->tid), static_cast<std::int32_t>(former)});
    resume(*self);
}

void Loop::watch_own_filter(Task& task) {
    // The program is installing a seccomp filter of its own: calls it denies
    // make no seccomp stop, so this process (and what it creates) is
    // followed with syscall stops from now on.
    for (auto& [tid, other] : tasks_) {
        if (other.tgid != task.tgid || other.syscall_stops) continue;
        other.syscall_stops = true;
        if (tid != task.tid) ::ptrace(PTRACE_INTERRUPT, tid, nullptr, nullptr);
    }
}

void Loop::begin_call(Task& task, const arch::RawSyscall& raw) {
    if (task.pending) return;  // already begun at this call's entry stop
    PtraceMemory memory(task.tid);
    auto call = decode_creation(raw, memory);
    if (!call) {
        const auto kind = raw.abi != nullptr ? arch::syscall_kind(*raw.abi, raw.nr) : std::nullopt;
        if (kind && arch::call_row(*kind).family == arch::CallFamily::filter_install) watch_own_filter(task);
        return;
    }
    PendingCreation& pending = task.pending.emplace();
    pending.creation.call = std::move(*call);
    pending.creation.is_restart = task.next_is_restart;
    pending.entry_mono_ns = stop_mono_ns_;
    task.next_is_restart = false;
}

void Loop::end_call(Task& task, const arch::SyscallStop& stop) {
    if (!task.pending) return;
    if (task.pending->reported) {
        task.pending.reset();
        return;
    }
    const PendingCreation pending = std::move(*task.pending);
    task.pending.reset();
    Creation c = pending.creation;
    c.duration_ns = stop_mono_ns_ - pending.entry_mono_ns;
    if (stop.is_error) {
        c.error = -stop.rval;
        c.result = -1;
        c.outcome = is_restart_errno(c.error) ? CallOutcome::restarted : CallOutcome::failed;
        task.next_is_restart = c.outcome == CallOutcome::restarted;
        if (c.outcome == CallOutcome::failed) ++totals_.failed_creations;
    } else {
        // Success without an event stop: CLONE_UNTRACED kept the child from us.
        c.outcome = CallOutcome::created;
        c.result = stop.rval;
    }
    if (options_.want_comm) task.comm = read_comm(task.tid);
    emit(task, c);
}

void Loop::on_syscall_stop(Task& task) {
    const auto stop = syscall_info(task.tid);
    if (stop && (stop->op == arch::StopOp::entry || stop->op == arch::StopOp::seccomp)) begin_call(task, stop->call);
    else if (stop && stop->op == arch::StopOp::exit) end_call(task, *stop);
    resume(task);
}

void Loop::on_gone(pid_t tid, int status) {
    Task* task = tasks_.find(tid);
    if (task == nullptr) {
        // A new task killed before its first stop: its creator's event
        // stop, still to come, reports it.
        Task unseen;
        unseen.tid = tid;
        died_unlinked_.insert_or_assign(tid, DiedUnlinked{std::move(unseen), status, stop_mono_ns_});
        release_orphans();
        return;
    }
    if (!task->linked) {
        if (task->held) --held_;
        task->held = false;
        died_unlinked_.insert_or_assign(tid, DiedUnlinked{std::move(*task), status, stop_mono_ns_});
        tasks_.erase(tid);
        return;
    }
    if (tid == program_ && !program_execed_) {
        tasks_.erase(tid);  // our own child that failed to exec: not the program
        return;
    }
    if (task->pending && !task->pending->reported) {
        task->pending->creation.outcome = CallOutcome::unfinished;
        emit(*task, task->pending->creation);
    }
    TaskExit exit = exit_from_status(status);
    if (task->start_mono_ns >= 0) exit.lifetime_ns = stop_mono_ns_ - task->start_mono_ns;
    emit(*task, exit);
    if (tid == program_) result_.program = exit;
    tasks_.erase(tid);
    release_orphans();
}

void Loop::on_stop(pid_t tid, int status) {
    const int sig = WSTOPSIG(status);
    const int event = status >> 16;
    Task* found = tasks_.find(tid);
    if (found == nullptr && event == PTRACE_EVENT_STOP) {
        died_unlinked_.erase(tid);  // a tid reused: whatever died with it was never claimed
        adopt(tid).held = true;  // a new task whose creator's event stop is still to come
        ++held_;
        release_orphans();
        return;
    }
    Task& task = found != nullptr ? *found : adopt(tid);
    switch (event) {
        case PTRACE_EVENT_CLONE:
        case PTRACE_EVENT_FORK:
        case PTRACE_EVENT_VFORK:
            return on_creation_event(task);
        case PTRACE_EVENT_EXEC:
            suppress_launch_sigcont_ = false;
            program_execed_ = true;
            return on_exec_event(task);
        case PTRACE_EVENT_SECCOMP:
            return on_syscall_stop(task);
        case PTRACE_EVENT_STOP:
            if (is_group_stop_signal(sig)) {
                ::ptrace(PTRACE_LISTEN, tid, nullptr, nullptr);
                return;
            }
            return resume(task);
        default:
            break;
    }
    if (sig == (SIGTRAP | 0x80)) return on_syscall_stop(task);
    if (sig == SIGCONT && tid == program_ && suppress_launch_sigcont_) {
        suppress_launch_sigcont_ = false;  // our own, sent to start the program
        return resume(task);
    }
    resume(task, sig);
}

bool Loop::start() {
    stamp();
    if (!options_.attach.empty()) {
        std::vector<std::int32_t> pids(options_.attach.begin(), options_.attach.end());
        emit(Task{}, TraceStart{{}, pids, std::string(arch::native_abi().name), options_.version, false});
        for (pid_t pid : options_.attach)
            if (!attach(pid)) return false;
        return true;
    }
    const Launch launched = launch(options_.program_path, options_.command, options_.use_seccomp, ptrace_options());
    if (launched.pid < 0) {
        result_.error = fmt::format("cannot start {}: {}", options_.program_path, std::strerror(errno));
        result_.error_status = 1;
        return false;
    }
    launched_ = launched;
    program_ = launched.pid;
    filter_ = launched.seccomp_filter;
    suppress_launch_sigcont_ = true;
    Task& task = tasks_.add(program_);
    task.tgid = program_;
    task.ppid = ::getpid();
    task.linked = true;
    task.syscall_stops = !filter_;
    task.start_mono_ns = stop_mono_ns_;
    task.comm = read_comm(program_);
    ++totals_.tasks_seen;
    TraceStart ts{options_.command, {}, std::string(arch::native_abi().name), options_.version, filter_};
    emit(task, ts);
    if (options_.use_seccomp && !filter_)
        emit(task, Message{MessageLevel::warning, fmt::format("seccomp filter unavailable ({}); using syscall stops",
                                                              std::strerror(launched.seccomp_errno))});
    emit(task, TaskStart{StartReason::launched});
    return true;
}

bool Loop::attach(pid_t pid) {
    const auto refuse = [&](const std::string& why) {
        result_.error = fmt::format("cannot attach to process {}: {}", pid, why);
        result_.error_status = 1;
        return false;
    };
    if (pid == ::getpid()) return refuse("it is clonetrace itself");
    const auto status = read_status(pid);
    if (!status || status->tgid != pid) return refuse("No such process");
    if (status->tracer_pid != 0) return refuse(fmt::format("already traced by process {}", status->tracer_pid));
    // Threads may appear while we seize: list again until nothing is new.
    for (bool grew = true; grew;) {
        grew = false;
        for (const pid_t tid : list_threads(pid)) {
            if (tasks_.find(tid) != nullptr) continue;
            if (::ptrace(PTRACE_SEIZE, tid, nullptr, ptrace_options()) != 0) {
                if (errno == ESRCH) continue;
                const auto st = read_status(tid);
                if (st && st->tracer_pid == ::getpid()) continue;  // born traced from a seized thread
                if (tid == pid) return refuse(std::strerror(errno));
                continue;
            }
            grew = true;
            ::ptrace(PTRACE_INTERRUPT, tid, nullptr, nullptr);  // to switch it to syscall stops
            Task& task = tasks_.add(tid);
            task.tgid = pid;
            task.ppid = status->ppid;
            task.linked = true;
            task.syscall_stops = true;
            task.comm = read_comm(tid);
            ++totals_.tasks_seen;
            emit(task, TaskStart{StartReason::attached});
        }
    }
    return true;
}

void Loop::detach_all() {
    std::unordered_set<pid_t> let_go;
    std::vector<pid_t> stopped;
    for (auto& [tid, task] : tasks_) {
        if (task.held) stopped.push_back(tid);  // already in a stop: an interrupt would not report
        else ::ptrace(PTRACE_INTERRUPT, tid, nullptr, nullptr);
    }
    for (const pid_t tid : stopped) {
        ::ptrace(PTRACE_DETACH, tid, nullptr, nullptr);
        let_go.insert(tid);
        tasks_.erase(tid);
    }
    while (!tasks_.empty()) {
        int status = 0;
        const pid_t tid = ::waitpid(-1, &status, __WALL);
        if (tid < 0) break;  // signals are blocked: only ECHILD ends it
        stamp();
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            on_gone(tid, status);
            continue;
        }
        // A signal caught in its delivery stop goes on to the tracee.
        const int event = status >> 16;
        if (event == PTRACE_EVENT_CLONE || event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK) {
            unsigned long child = 0;  // born traced: wait for its first stop to let it go too
            ::ptrace(PTRACE_GETEVENTMSG, tid, nullptr, &child);
            const auto child_tid = static_cast<pid_t>(child);
            if (tasks_.find(child_tid) == nullptr && !let_go.contains(child_tid)) tasks_.add(child_tid);
        }
        const int sig = WSTOPSIG(status);
        const int deliver = event == 0 && sig != (SIGTRAP | 0x80) ? sig : 0;
        ::ptrace(PTRACE_DETACH, tid, nullptr, reinterpret_cast<void*>(static_cast<long>(deliver)));
        let_go.insert(tid);
        if (Task* task = tasks_.find(tid)) {
            TaskExit detached;
            detached.detached = true;
            if (task->linked) emit(*task, detached);
            tasks_.erase(tid);
        }
    }
}

pid_t Loop::next_stop(int& status) {
    // A creation makes three stops within microseconds of each other. Polling
    // for a short while before sleeping spares each of them the wake-up of a
    // sleeping tracer, which costs the stopped tracee far more than the poll;
    // yielding keeps the poll from taking a CPU the tracee could use.
    const std::int64_t until = now_ns(CLOCK_MONOTONIC) + kPollBeforeSleepNs;
    do {
        const pid_t tid = reap(status);
        if (tid != 0) return tid;
        ::sched_yield();
    } while (now_ns(CLOCK_MONOTONIC) < until);
    sink_.flush();  // lines wait in the buffer only while more stops are coming
    for (;;) {
        const pid_t tid = reap(status);
        if (tid != 0) return tid;
        if (signals_->sleep()) return 0;
    }
}

pid_t Loop::reap(int& status) {
    if (!options_.want_comm) return ::waitpid(-1, &status, __WALL | WNOHANG);
    // A task's name at its end is read while it is still a zombie: an exit
    // stop for it would cost the task itself a round trip.
    for (;;) {
        siginfo_t info{};
        if (::waitid(P_ALL, 0, &info, WEXITED | __WALL | WNOWAIT | WNOHANG) != 0) return -1;
        if (info.si_pid == 0) return 0;
        const bool ended = info.si_code == CLD_EXITED || info.si_code == CLD_KILLED || info.si_code == CLD_DUMPED;
        if (ended)
            if (Task* task = tasks_.find(info.si_pid)) task->comm = read_comm(info.si_pid);
        // What was seen may have changed since (a stopped leader killed, now
        // a zombie that waits for its threads): then look again.
        const pid_t tid = ::waitpid(info.si_pid, &status, __WALL | WNOHANG);
        if (tid > 0) return tid;
    }
}

RunResult Loop::run() {
    if (!start()) return result_;
    signals_.emplace();
    while (!tasks_.empty()) {
        if (const auto stop = signals_->take_stop()) {
            if (options_.attach.empty()) {
                // Launch mode: the program gets the signal (the terminal
                // sent it one already) and we report how it ends.
                if (!stop->from_terminal) ::kill(program_, stop->signal);
            } else {
                detach_all();
                break;
            }
        }
        int status = 0;
        const pid_t tid = next_stop(status);
        if (tid == 0) continue;  // a stop signal came
        if (tid < 0) break;
        stamp();
        if (WIFSTOPPED(status)) on_stop(tid, status);
        else if (WIFEXITED(status) || WIFSIGNALED(status)) on_gone(tid, status);
    }
    if (const auto err = exec_failure(launched_)) {
        result_.error = fmt::format("cannot run '{}': {}", options_.program_path, std::strerror(*err));
        result_.error_status = 126;
    }
    totals_.program_status = result_.program;
    stamp();
    Task none;
    emit(none, totals_);
    return result_;
}

}  // namespace

RunResult run_tracer(const TracerOptions& options, EventSink& sink) {
    Loop loop(options, sink);
    return loop.run();
}

}  // namespace ct::tracer
