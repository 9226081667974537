// exec-from-thread: a thread other than its process's leader ran execve.
// The kernel kills every other thread of the process, mid-work, and the
// thread that exec'd takes over the leader's tid.
#pragma once

#include <map>

#include "output/diagnostics/rule.h"

namespace ct::output::diagnostics {

class ExecFromThread final : public Rule {
public:
    explicit ExecFromThread(const RuleSettings&) {}
    void on_event(const decoder::Event& event, const TaskModel& tasks, std::vector<decoder::Event>& out) override;

private:
    // The exec completes only once the tracer has reaped every thread it
    // killed, so their ends come just before it: per process, the threads
    // whose end came since the process's last other event.
    std::map<std::int32_t, std::vector<std::int32_t>> trailing_ends_;
};

}  // namespace ct::output::diagnostics
