// threads-at-exit: threads still running when another thread of their
// process called exit_group (main returned, or exit() was called): the
// kernel killed them mid-work. Likewise the threads of a process a signal
// killed: a fatal signal kills every thread of its process, and each
// thread's end says so, so those that end by it were still running then.
// Both reported when the process ends. And processes clonetrace left
// running when it stopped (it detached, or the trace ended before them),
// reported at the end.
#pragma once

#include <map>

#include "output/diagnostics/rule.h"

namespace ct::output::diagnostics {

class ThreadsAtExit final : public Rule {
public:
    explicit ThreadsAtExit(const RuleSettings&) {}
    void on_event(const decoder::Event& event, const TaskModel& tasks, std::vector<decoder::Event>& out) override;
    void at_end(const decoder::Event& end, const TaskModel& tasks, std::vector<decoder::Event>& out) override;

private:
    struct GroupExit {
        std::int32_t by = 0;                // the thread that called exit_group
        std::vector<std::int32_t> killed;  // the threads it killed, in the order of their ends
    };
    struct SignalDeath {
        std::int32_t signal = 0;
        std::vector<std::int32_t> killed;  // the threads it killed, in the order of their ends
    };
    void report_exit(std::int32_t tgid, const GroupExit& exit, const decoder::Event& at,
                     const decoder::TaskContext& leader, std::vector<decoder::Event>& out) const;
    void report_signal(std::int32_t tgid, const SignalDeath& death, const decoder::Event& at,
                       const decoder::TaskContext& leader, std::vector<decoder::Event>& out) const;

    std::map<std::int32_t, GroupExit> exits_;                     // by process, until its end
    std::map<std::int32_t, SignalDeath> signal_deaths_;           // by process, until its end
    std::map<std::int32_t, std::vector<std::int32_t>> left_;      // by process, the tasks let go
};

}  // namespace ct::output::diagnostics
