#include "output/diagnostics/thread_growth.h"

#include <fmt/format.h>

namespace ct::output::diagnostics {

using namespace decoder;

void ThreadGrowth::on_event(const Event& event, const TaskModel& tasks, std::vector<Event>& out) {
    const std::int32_t tgid = tgid_of(event.task);
    if (const auto* e = std::get_if<TaskExit>(&event.payload)) {
        if (event.task.tid == tgid && !e->detached) processes_.erase(tgid);
        return;
    }
    if (!std::holds_alternative<TaskStart>(event.payload) || event.task.tid == tgid) return;
    auto [it, added] = processes_.try_emplace(tgid, Growth{event.mono_ns, 0, threads_});
    Growth& g = it->second;
    ++g.created;
    const auto live = static_cast<std::int64_t>(tasks.thread_count(tgid)) + 1;  // this start included
    if (live < g.next_report) return;
    g.next_report = live * 2;
    const std::int64_t over = event.mono_ns - g.first_mono_ns;
    const std::int64_t per_second = over > 0 ? (live - 1) * 1'000'000'000 / over : 0;
    Diagnostic d;
    d.rule = "thread-growth";
    d.finding = "rising";
    d.text = fmt::format("process {} has {} live threads ({} created, {} ended) after {}: {} more a second", tgid,
                         live, g.created, g.created + 1 - live, human_duration(over), per_second);
    d.tasks = {tgid};
    d.numbers = {{"threads", live}, {"created", g.created}, {"over_ns", over}, {"per_second", per_second}};
    out.push_back(found(event, event.task, std::move(d)));
}

}  // namespace ct::output::diagnostics
