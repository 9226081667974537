#include "output/task_lives.h"

#include <fmt/format.h>

#include "decoder/names.h"

namespace ct::output {

using namespace decoder;

std::string life_ending(const TaskLife& life) {
    if (life.replaced_by != 0) return fmt::format("ended by exec in thread {}", life.replaced_by);
    if (!life.exit) return "still running";
    if (life.exit->detached) return "detached";
    if (!life.exit->signaled) return fmt::format("exited {}", life.exit->code);
    return fmt::format("killed by {}{}", signal_name(static_cast<std::uint64_t>(life.exit->code)),
                       life.exit->core_dumped ? " (core dumped)" : "");
}

std::string life_kind(const TaskLife& life) {
    if (life.kind) return std::string(child_kind_name(*life.kind));
    return life.reason == StartReason::attached ? "attached" : "launched";
}

std::optional<std::size_t> TaskLives::running(std::int32_t tid) const {
    const auto it = running_.find(tid);
    if (it == running_.end()) return std::nullopt;
    return it->second;
}

TaskLife* TaskLives::running_life(std::int32_t tid) {
    const auto it = running_.find(tid);
    return it == running_.end() ? nullptr : &lives_[it->second];
}

void TaskLives::end(std::int32_t tid, std::int64_t at_ns) {
    const auto it = running_.find(tid);
    if (it == running_.end()) return;
    lives_[it->second].end_ns = at_ns;
    running_.erase(it);
}

void TaskLives::made(TaskLife& life, std::int32_t creator, ChildKind kind, std::vector<StackFrame> stack) {
    life.kind = kind;
    life.creator = creator;
    life.creation_stack = std::move(stack);
    if (const auto c = running(creator)) life.creator_life = *c;
}

void TaskLives::on_event(const Event& event) {
    last_ns_ = event.mono_ns;
    const std::int32_t tid = event.task.tid;
    if (std::holds_alternative<TraceStart>(event.payload)) {
        trace_start_ns_ = event.mono_ns;
        return;
    }
    TaskLife* life = running_life(tid);
    const auto* exec = std::get_if<Exec>(&event.payload);
    // An exec by another thread reports that thread's context, not the leader's.
    if (life != nullptr && (exec == nullptr || exec->former_tid == tid)) {
        if (!event.task.comm.empty()) life->comm = event.task.comm;
        if (event.task.tgid != 0) life->tgid = event.task.tgid;
        if (event.task.ppid != 0) life->ppid = event.task.ppid;
    }
    if (const auto* start = std::get_if<TaskStart>(&event.payload)) {
        end(tid, event.mono_ns);  // a start for a running tid: its end went unseen
        TaskLife fresh;
        fresh.tid = tid;
        fresh.tgid = event.task.tgid;
        fresh.ppid = event.task.ppid;
        fresh.comm = event.task.comm;
        fresh.reason = start->reason;
        fresh.creator = start->creator;
        fresh.start_ns = event.mono_ns;
        fresh.born_ns = event.mono_ns;
        if (const auto it = pending_.find(tid); it != pending_.end()) {
            made(fresh, it->second.creator, it->second.kind, std::move(it->second.stack));
            pending_.erase(it);
        } else if (const auto c = running(start->creator)) {
            fresh.creator_life = *c;
        }
        running_[tid] = lives_.size();
        lives_.push_back(std::move(fresh));
    } else if (const auto* c = std::get_if<Creation>(&event.payload)) {
        if (!c->child) return;
        // The child is reported after its creation, unless its creator seemed gone.
        if (TaskLife* child = running_life(c->child->tid); child != nullptr && !child->kind)
            made(*child, tid, c->child->kind, c->stack);
        else
            pending_[c->child->tid] = Made{tid, c->child->kind, c->stack};
    } else if (const auto* x = exec) {
        if (x->former_tid != tid) {
            // The thread that ran exec takes the leader's tid; the leader's life ends here.
            if (life != nullptr) life->replaced_by = x->former_tid;
            end(tid, event.mono_ns);
            if (const auto it = running_.find(x->former_tid); it != running_.end()) {
                const std::size_t moved = it->second;
                running_.erase(it);
                running_[tid] = moved;
            }
            life = running_life(tid);
            if (life != nullptr && !event.task.comm.empty()) life->comm = event.task.comm;
        }
        if (life != nullptr) life->program = x->path;
    } else if (const auto* e = std::get_if<TaskExit>(&event.payload)) {
        if (life != nullptr) {
            life->exit = *e;
            if (e->lifetime_ns >= 0) life->born_ns = event.mono_ns - e->lifetime_ns;
        }
        end(tid, event.mono_ns);
    }
}

}  // namespace ct::output
