// thread-growth: a process whose live-thread count keeps rising (a leak, or
// a thread per task without bound). Reported when the count first reaches
// `threads`, and again each time it doubles, with the rate it grew at since
// the process's first thread.
#pragma once

#include <map>

#include "output/diagnostics/rule.h"

namespace ct::output::diagnostics {

class ThreadGrowth final : public Rule {
public:
    explicit ThreadGrowth(const RuleSettings& settings) : threads_(settings.at("threads")) {}
    void on_event(const decoder::Event& event, const TaskModel& tasks, std::vector<decoder::Event>& out) override;

private:
    struct Growth {
        std::int64_t first_mono_ns = 0;  // its first thread's start
        std::int64_t created = 0;
        std::int64_t next_report = 0;    // the live count that is reported next
    };
    std::int64_t threads_;
    std::map<std::int32_t, Growth> processes_;
};

}  // namespace ct::output::diagnostics
