#include "tracer/creation_calls.h"

#include <csignal>
#include <span>
#include <sys/ptrace.h>
#include <utility>

#include "arch/abi.h"
#include "arch/raw_syscall.h"
#include "decoder/names.h"
#include "tracer/group_exit.h"
#include "tracer/namespaces.h"
#include "tracer/ptrace_memory.h"
#include "tracer/syscall_reader.h"

namespace ct::tracer {
namespace {

using namespace decoder;

void read_written(PtraceMemory& memory, std::optional<WrittenInt>& written) {
    if (!written || written->address == 0) return;
    std::int32_t value = 0;
    if (memory.read(written->address, std::as_writable_bytes(std::span(&value, 1))) == sizeof value) written->value = value;
}

// A call a seccomp filter answered with TRAP or KILL, seen at its exit stop
// (the task stops at every call): the kernel skipped it, left its number as
// the result and queued a SIGSYS. It never returns to the caller.
bool trapped_by_filter(pid_t tid, std::uint64_t nr, std::int64_t rval) {
    if (static_cast<std::uint64_t>(rval) != nr) return false;
    const auto status = read_status(tid);
    return status && (status->sig_pending & (std::uint64_t{1} << (SIGSYS - 1))) != 0;
}

// -k's stack of the caller. The unwinder reads the host's own frames only,
// so a compat-ABI task (i386 on x86_64) gets the reason instead of frames.
void record_stack(StackUnwinder& stacks, const Task& task, const arch::Abi* abi, Creation& c) {
    if (abi != nullptr && abi->audit_arch != arch::native_abi().audit_arch) {
        c.stack_gap = StackGap::other_abi;
        return;
    }
    c.stack = stacks.unwind(task.tid, task.tgid != 0 ? task.tgid : task.tid);
    if (c.stack.empty()) c.stack_gap = StackGap::unreadable;
}

}  // namespace

void CreationCalls::on_syscall_stop(Task& task, bool seccomp_stop) {
    const auto stop = syscall_info(task.tid, seccomp_stop);
    if (stop && (stop->op == arch::StopOp::entry || stop->op == arch::StopOp::seccomp)) {
        const bool at_seccomp = stop->op == arch::StopOp::seccomp;
        // The filters have run by the seccomp stop: the program's own decide there.
        const auto applied = at_seccomp && task.own_filters ? own_filters_.apply_verdict(task, stop->call)
                                                            : OwnFilters::Applied{};
        begin_call(task, stop->call, emitter_.stop_mono_ns(), at_seccomp, applied);
    } else if (stop && stop->op == arch::StopOp::exit) {
        own_filters_.end_install(task, *stop);
        end_call(task, *stop);
    }
    resumer_.resume(task, 0);
}

void CreationCalls::begin_call(Task& task, const arch::RawSyscall& raw, std::optional<std::int64_t> entry_mono_ns,
                               bool seccomp_stop, const OwnFilters::Applied& applied) {
    const OwnFilters::Outcome outcome = applied.outcome;
    if (!task.pending) {  // else begun at this call's entry stop already
        PtraceMemory memory(task.tid);
        auto call = decode_creation(raw, memory);
        if (!call) {
            if (outcome != OwnFilters::Outcome::runs) return;
            own_filters_.begin_install(task, raw, seccomp_stop);
            if (watch_exits_ && raw.abi != nullptr && arch::is_exit_group(*raw.abi, raw.nr)) on_group_exit(task, tasks_);
            return;
        }
        PendingCreation& pending = task.pending.emplace();
        pending.creation.call = std::move(*call);
        if (pending.creation.call.moves_caller()) note_namespaces_before(pending.creation, task.tid);
        pending.nr = raw.nr;
        pending.creation.is_restart = task.next_is_restart;
        pending.entry_mono_ns = entry_mono_ns;
        if (stacks_ != nullptr) record_stack(*stacks_, task, raw.abi, pending.creation);
        task.next_is_restart = false;
        if (injector_.active() && outcome == OwnFilters::Outcome::runs) inject(task, pending.creation);
    }
    if (outcome == OwnFilters::Outcome::runs) return;
    // Its filters decided: the call fails as they chose, without an exit
    // stop; or it never returns (a SIGSYS handler runs instead, or the task ends).
    Creation c = std::move(task.pending->creation);
    c.duration_ns = task.pending->duration_until(emitter_.stop_mono_ns());
    task.pending.reset();
    if (want_comm_) task.comm = read_comm(task.tid);
    if (outcome == OwnFilters::Outcome::skipped) {
        c.outcome = CallOutcome::failed;
        c.error = applied.error;
        c.result = -1;
        ++totals_.failed_creations;
    } else {
        c.outcome = CallOutcome::unfinished;
    }
    emitter_.emit(task, c);
}

void CreationCalls::inject(Task& task, Creation& creation) {
    const auto error = injector_.at_entry(task.tid, creation.call.syscall);
    if (error) {
        creation.injected = true;
        creation.error = *error;
    } else if (injector_.refused() && !told_refused_) {
        told_refused_ = true;
        emitter_.emit(task, Message{MessageLevel::warning,
                                    "--inject: this kernel cannot skip a call (PTRACE_SET_SYSCALL_INFO needs Linux 6.16)"});
    }
}

void CreationCalls::begin_at_event_stop(Task& task) {
    if (task.pending) return;
    if (const auto raw = call_at_event_stop(task.tid)) begin_call(task, *raw, std::nullopt, false, {});
}

void CreationCalls::end_call(Task& task, const arch::SyscallStop& stop) {
    if (!task.pending) return;
    if (task.pending->reported) {
        task.pending.reset();
        return;
    }
    const PendingCreation pending = std::move(*task.pending);
    task.pending.reset();
    Creation c = pending.creation;
    c.duration_ns = pending.duration_until(emitter_.stop_mono_ns());
    if (c.injected && Injector::at_exit(task.tid, c.error)) {
        c.result = -1;
        c.outcome = CallOutcome::failed;
        ++totals_.failed_creations;
    } else if (stop.is_error) {
        c.error = -stop.rval;
        c.result = -1;
        c.outcome = is_restart_errno(c.error) ? CallOutcome::restarted : CallOutcome::failed;
        task.next_is_restart = c.outcome == CallOutcome::restarted;
        if (c.outcome == CallOutcome::failed) ++totals_.failed_creations;
    } else if (trapped_by_filter(task.tid, pending.nr, stop.rval)) {
        c.outcome = CallOutcome::unfinished;
    } else {
        // Success without an event stop: unshare or setns, or CLONE_UNTRACED kept the child from us.
        c.outcome = CallOutcome::created;
        c.result = stop.rval;
    }
    if (c.call.moves_caller()) note_namespaces_after(c, task.tid);
    if (want_comm_) task.comm = read_comm(task.tid);
    emitter_.emit(task, c);
}

std::optional<Creation> CreationCalls::complete(Task& parent, const Task& child,
                                                const std::optional<ProcStatus>& child_status) {
    if (!parent.pending) return std::nullopt;
    Creation& c = parent.pending->creation;
    c.outcome = CallOutcome::created;
    c.result = child.tid;
    // In a pid namespace of its own, the caller gets the child's pid there.
    if (parent.pidns_depth > 0 && child_status && child_status->nspid.size() > parent.pidns_depth)
        c.result = child_status->nspid[parent.pidns_depth];
    c.child = ChildInfo{child.tid, child.tgid, c.call.child_kind, std::nullopt};
    if (child_status && child_status->nspid.size() > 1) c.child->ns_pid = child_status->nspid.back();
    add_new_namespaces(c, parent.tid, child.tid);
    PtraceMemory memory(parent.tid);
    read_written(memory, c.call.pidfd);
    read_written(memory, c.call.parent_tid_write);
    c.duration_ns = parent.pending->duration_until(emitter_.stop_mono_ns());
    // Counted with the create event it makes: a call under way when -p
    // attached has none, and its child only a start.
    ++(c.call.creates_thread() ? totals_.threads_created : totals_.processes_created);
    std::optional<Creation> created = std::move(c);
    parent.pending->reported = true;
    if (!parent.syscall_stops) parent.pending.reset();
    return created;
}

}  // namespace ct::tracer
