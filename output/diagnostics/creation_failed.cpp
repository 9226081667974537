#include "output/diagnostics/creation_failed.h"

#include <fmt/format.h>

#include "decoder/names.h"
#include "output/diagnostics/failure_causes.h"

namespace ct::output::diagnostics {

using namespace decoder;

void CreationFailed::on_event(const Event& event, const TaskModel&, std::vector<Event>& out) {
    if (std::holds_alternative<TaskExit>(event.payload)) {
        streaks_.erase(event.task.tid);
        return;
    }
    const auto* c = std::get_if<Creation>(&event.payload);
    if (c == nullptr || c->outcome == CallOutcome::restarted) return;
    const std::int32_t tid = event.task.tid;
    if (c->outcome != CallOutcome::failed) {
        streaks_.erase(tid);
        return;
    }
    const std::int32_t tgid = tgid_of(event.task);
    const std::string call(arch::kind_name(c->call.syscall));
    if (reported_.insert({tgid, c->error}).second) {
        const std::string cause = failure_cause(c->call, c->error);
        Diagnostic d;
        d.rule = "creation-failed";
        d.finding = "failed";
        d.text = fmt::format("{} in process {} failed with {} ({}){}{}", call, tgid, errno_name(c->error),
                             errno_message(c->error), cause.empty() ? "" : ": likely ", cause);
        d.tasks = {tid};
        d.numbers = {{"errno", c->error}};
        d.stack = c->stack;
        out.push_back(found(event, event.task, std::move(d)));
    }
    // The same call again: same syscall and flags, failing once more.
    Streak& streak = streaks_[tid];
    const int syscall = static_cast<int>(c->call.syscall);
    if (streak.failures == 0 || streak.syscall != syscall || streak.flags != c->call.flags)
        streak = Streak{c->call.flags, syscall, 0, event.mono_ns};
    if (++streak.failures != retries_) return;
    Diagnostic d;
    d.rule = "creation-failed";
    d.finding = "retry-storm";
    d.text = fmt::format("task {} of process {} retried a failing {} {} times in {} (last {})", tid, tgid, call,
                         streak.failures, human_duration(event.mono_ns - streak.first_mono_ns), errno_name(c->error));
    d.tasks = {tid};
    d.numbers = {{"errno", c->error}, {"failures", streak.failures}, {"over_ns", event.mono_ns - streak.first_mono_ns}};
    d.stack = c->stack;
    out.push_back(found(event, event.task, std::move(d)));
}

}  // namespace ct::output::diagnostics
