#include "output/diagnostics/short_lived_threads.h"

#include <fmt/format.h>

namespace ct::output::diagnostics {

using namespace decoder;

void ShortLivedThreads::report(std::int32_t tgid, const Lives& lives, const Event& at, std::vector<Event>& out) const {
    if (lives.short_lived < count_) return;
    const std::int64_t mean = lives.short_total_ns / lives.short_lived;
    Diagnostic d;
    d.rule = "short-lived-threads";
    d.finding = "short-lived";
    d.text = fmt::format("process {}: {} of its {} threads lived under {} (on average {}); a pool would serve", tgid,
                         lives.short_lived, lives.ended, human_duration(lifetime_ns_), human_duration(mean));
    d.tasks = {tgid};
    d.numbers = {{"short_lived", lives.short_lived}, {"threads", lives.ended}, {"mean_ns", mean},
                 {"lifetime_ns", lifetime_ns_}};
    TaskContext leader = lives.leader;
    if (leader.tid == 0) leader = {tgid, tgid, 0, {}};
    out.push_back(found(at, leader, std::move(d)));
}

void ShortLivedThreads::on_event(const Event& event, const TaskModel&, std::vector<Event>& out) {
    const auto* e = std::get_if<TaskExit>(&event.payload);
    if (e == nullptr) return;
    const std::int32_t tgid = tgid_of(event.task);
    if (event.task.tid == tgid) {
        const auto it = processes_.find(tgid);
        if (it == processes_.end()) return;
        it->second.leader = event.task;
        report(tgid, it->second, event, out);
        processes_.erase(it);
        return;
    }
    if (e->lifetime_ns < 0) return;
    Lives& lives = processes_[tgid];
    ++lives.ended;
    if (e->lifetime_ns >= lifetime_ns_) return;
    ++lives.short_lived;
    lives.short_total_ns += e->lifetime_ns;
}

void ShortLivedThreads::at_end(const Event& end, const TaskModel&, std::vector<Event>& out) {
    for (const auto& [tgid, lives] : processes_) report(tgid, lives, end, out);
    processes_.clear();
}

}  // namespace ct::output::diagnostics
