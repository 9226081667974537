// creation-failed: creation calls the kernel refused. Each errno is reported
// once per process, at its first failure, with its likely causes; a retry
// storm (one task's same call failing `retries` times in a row) once per
// storm.
#pragma once

#include <map>
#include <set>
#include <utility>

#include "output/diagnostics/rule.h"

namespace ct::output::diagnostics {

class CreationFailed final : public Rule {
public:
    explicit CreationFailed(const RuleSettings& settings) : retries_(settings.at("retries")) {}
    void on_event(const decoder::Event& event, const TaskModel& tasks, std::vector<decoder::Event>& out) override;

private:
    struct Streak {
        std::uint64_t flags = 0;
        int syscall = -1;
        std::int64_t failures = 0;
        std::int64_t first_mono_ns = 0;
    };
    std::int64_t retries_;
    std::set<std::pair<std::int32_t, std::int64_t>> reported_;  // (process, errno)
    std::map<std::int32_t, Streak> streaks_;                     // by task
};

}  // namespace ct::output::diagnostics
