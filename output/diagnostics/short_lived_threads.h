// short-lived-threads: a process that made many threads which each lived
// under `lifetime`: a pool would serve it at a fraction of the cost. Reported
// when the process ends (or the trace does) if at least `count` of its
// threads were that short.
#pragma once

#include <map>

#include "output/diagnostics/rule.h"

namespace ct::output::diagnostics {

class ShortLivedThreads final : public Rule {
public:
    explicit ShortLivedThreads(const RuleSettings& settings)
        : lifetime_ns_(settings.at("lifetime")), count_(settings.at("count")) {}
    void on_event(const decoder::Event& event, const TaskModel& tasks, std::vector<decoder::Event>& out) override;
    void at_end(const decoder::Event& end, const TaskModel& tasks, std::vector<decoder::Event>& out) override;

private:
    struct Lives {
        decoder::TaskContext leader;
        std::int64_t ended = 0;        // threads whose end was seen with a lifetime
        std::int64_t short_lived = 0;
        std::int64_t short_total_ns = 0;
    };
    void report(std::int32_t tgid, const Lives& lives, const decoder::Event& at, std::vector<decoder::Event>& out) const;

    std::int64_t lifetime_ns_;
    std::int64_t count_;
    std::map<std::int32_t, Lives> processes_;
};

}  // namespace ct::output::diagnostics
