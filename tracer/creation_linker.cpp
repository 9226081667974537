#include "tracer/creation_linker.h"

#include <unordered_set>
#include <utility>

#include "decoder/clone_flags.h"

namespace ct::tracer {

void CreationLinker::hold(Task& task) {
    died_unlinked_.erase(task.tid);  // a tid reused: whatever died with it was never claimed
    task.held = true;
    ++held_;
    release_orphans();
}

void CreationLinker::died_unseen(pid_t tid, int status) {
    Task unseen;
    unseen.tid = tid;
    died_unlinked_.insert_or_assign(tid, DiedUnlinked{std::move(unseen), status, emitter_.stop_mono_ns()});
    release_orphans();
}

void CreationLinker::died_unlinked(Task& task, int status) {
    const pid_t tid = task.tid;
    if (task.held) --held_;
    task.held = false;
    died_unlinked_.insert_or_assign(tid, DiedUnlinked{std::move(task), status, emitter_.stop_mono_ns()});
    tasks_.erase(tid);
}

CreationLinker::Linked CreationLinker::link(Task& parent, pid_t child_tid, bool thread) {
    std::optional<int> died_status;
    if (const auto dead = died_unlinked_.find(child_tid); dead != died_unlinked_.end()) {
        // A death from before this call began was another task's with a tid now reused.
        // Unknown when the call was first seen at this stop.
        const auto entry = parent.pending ? parent.pending->entry_mono_ns : std::nullopt;
        if (!entry || dead->second.died_mono_ns >= *entry) {
            tasks_.add(child_tid) = dead->second.task;
            died_status = dead->second.status;
        }
        died_unlinked_.erase(dead);
    }
    Task* found = tasks_.find(child_tid);
    Task& child = found != nullptr ? *found : tasks_.add(child_tid);
    const bool started = child.linked;
    const bool sibling = parent.pending && (parent.pending->creation.call.flags & decoder::kCloneParent) != 0;
    child.tgid = thread ? parent.tgid : child.tid;
    child.ppid = thread || sibling ? parent.ppid : parent.tgid;
    child.comm = parent.comm;
    child.syscall_stops = parent.syscall_stops;
    child.own_filters = parent.own_filters;
    if (thread) child.pidns_depth = parent.pidns_depth;
    if (child.start_mono_ns < 0) child.start_mono_ns = emitter_.stop_mono_ns();
    if (!child.linked) ++totals_.tasks_seen;
    child.linked = true;
    return {child, started, died_status};
}

void CreationLinker::release(Task& task) {
    task.held = false;
    --held_;
    resumer_.resume(task, 0);
}

void CreationLinker::release_orphans() {
    // A task that died unlinked is forgotten here too, before its tid is reused.
    if (held_ == 0 && died_unlinked_.empty()) return;
    std::unordered_set<pid_t> creating_groups;
    std::unordered_set<pid_t> parents;  // with calls unseen: of a process a live task may be creating
    bool creating_process = false;
    for (const auto& [tid, task] : tasks_) {
        if (calls_unseen_) {
            if (!task.linked || task.held) continue;
            creating_groups.insert(task.tgid);
            parents.insert(task.tgid);
            parents.insert(task.ppid);  // CLONE_PARENT: the creator's parent
            continue;
        }
        if (!task.pending || task.pending->reported) continue;
        creating_groups.insert(task.tgid);
        creating_process |= !task.pending->creation.call.creates_thread();
    }
    // A task that died before its first stop has no known group: any
    // creation in flight may be its own.
    const auto may_be_linked = [&](const Task& task) {
        if (task.tgid == 0) return !creating_groups.empty();
        if (task.tgid != task.tid) return creating_groups.contains(task.tgid);
        return calls_unseen_ ? parents.contains(task.ppid) : creating_process;
    };
    for (auto& [tid, task] : tasks_) {
        if (!task.held || may_be_linked(task)) continue;
        task.linked = true;
        ++totals_.tasks_seen;
        emitter_.emit(task, decoder::TaskStart{decoder::StartReason::born});
        release(task);
    }
    std::erase_if(died_unlinked_, [&](const auto& entry) { return !may_be_linked(entry.second.task); });
}

}  // namespace ct::tracer

