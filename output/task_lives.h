// Every task's life in a run, rebuilt from the event stream by each view
// that needs it (summary, tree, timeline): when it began and ended, who made
// it and as what, what it ran. A tid the kernel reuses begins a new life.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "decoder/event.h"

namespace ct::output {

struct TaskLife {
    std::int32_t tid = 0;            // at birth; exec by a non-leader thread changes the tid it goes by
    std::int32_t tgid = 0;
    std::int32_t ppid = 0;
    std::string comm;                // the latest seen
    std::string program;             // the last program it exec'd; empty when none
    decoder::StartReason reason = decoder::StartReason::born;
    std::optional<decoder::ChildKind> kind;  // what its creator made; none when launched or attached
    std::int32_t creator = 0;
    std::optional<std::size_t> creator_life;  // index in lives()
    std::vector<decoder::StackFrame> creation_stack;
    std::int64_t start_ns = 0;                // CLOCK_MONOTONIC, when its start was reported
    // When it began: its end less the lifetime the tracer measured (from its
    // first stop, which may come before its start is reported), else start_ns.
    std::int64_t born_ns = 0;
    std::optional<std::int64_t> end_ns;
    std::optional<decoder::TaskExit> exit;    // how it ended, when it did by exit or kill or detach
    std::int32_t replaced_by = 0;             // ended when this thread of its process ran exec and took its tid

    bool ended() const { return end_ns.has_value(); }
    bool left_running() const { return !end_ns || (exit && exit->detached); }
    std::int64_t lifetime_ns() const { return end_ns ? *end_ns - born_ns : 0; }
};

// How a life ended, in words ("exited 0", "killed by SIGKILL", "still running"...).
std::string life_ending(const TaskLife& life);
// What made it: the child kind its creator's call made, else "launched" or "attached".
std::string life_kind(const TaskLife& life);

class TaskLives {
public:
    void on_event(const decoder::Event& event);

    const std::vector<TaskLife>& lives() const { return lives_; }
    // The life the tid goes by now, if one is running.
    std::optional<std::size_t> running(std::int32_t tid) const;
    std::int64_t trace_start_ns() const { return trace_start_ns_; }
    std::int64_t last_ns() const { return last_ns_; }  // the latest event's time

private:
    TaskLife* running_life(std::int32_t tid);
    void end(std::int32_t tid, std::int64_t at_ns);
    void made(TaskLife& life, std::int32_t creator, decoder::ChildKind kind, std::vector<decoder::StackFrame> stack);

    std::vector<TaskLife> lives_;
    std::unordered_map<std::int32_t, std::size_t> running_;  // tid -> life
    // Creations whose child has not started yet (its first stop may come later).
    struct Made {
        std::int32_t creator = 0;
        decoder::ChildKind kind = decoder::ChildKind::process;
        std::vector<decoder::StackFrame> stack;
    };
    std::unordered_map<std::int32_t, Made> pending_;
    std::int64_t trace_start_ns_ = 0;
    std::int64_t last_ns_ = 0;
};

}  // namespace ct::output
