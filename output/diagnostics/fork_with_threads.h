// fork-with-threads: a process with more than one live thread makes a child
// with a copy of its memory (fork, clone without CLONE_VM). Only
// async-signal-safe functions are safe in that child until it execs: a lock
// another thread held at the fork stays locked there for ever. A child that
// execs within `exec-within` is the safe fork-exec pattern and passes; one
// that exits without exec, or does neither in time (the shape of the
// malloc/lock deadlock), is reported with how long it ran.
#pragma once

#include <map>
#include <string_view>

#include "output/diagnostics/rule.h"

namespace ct::output::diagnostics {

class ForkWithThreads final : public Rule {
public:
    explicit ForkWithThreads(const RuleSettings& settings);
    void on_event(const decoder::Event& event, const TaskModel& tasks, std::vector<decoder::Event>& out) override;
    void at_end(const decoder::Event& end, const TaskModel& tasks, std::vector<decoder::Event>& out) override;

private:
    struct Fork {
        decoder::TaskContext parent;
        std::vector<std::int32_t> threads;  // the parent's live threads at the fork
        std::int64_t mono_ns = 0;
        std::vector<decoder::StackFrame> stack;
    };
    // "exit" (without exec) or "no-exec" (neither within the threshold).
    void report(std::int32_t child, const Fork& fork, const decoder::Event& at, std::string_view finding,
                std::vector<decoder::Event>& out) const;

    std::int64_t exec_within_ns_;
    std::map<std::int32_t, Fork> children_;  // by child tid, until reported
};

}  // namespace ct::output::diagnostics
