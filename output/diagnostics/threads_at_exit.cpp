#include "output/diagnostics/threads_at_exit.h"

#include <algorithm>

#include <fmt/format.h>

#include "decoder/names.h"

namespace ct::output::diagnostics {

using namespace decoder;

void ThreadsAtExit::report_exit(std::int32_t tgid, const GroupExit& exit, const Event& at, const TaskContext& leader,
                                std::vector<Event>& out) const {
    Diagnostic d;
    d.rule = "threads-at-exit";
    d.finding = "exit";
    d.tasks = {exit.by};
    d.tasks.insert(d.tasks.end(), exit.killed.begin(), exit.killed.end());
    d.text = fmt::format("thread {} ended process {} (exit_group) while {} other threads still ran; they were killed "
                         "mid-work",
                         exit.by, tgid, exit.killed.size());
    d.numbers = {{"killed", static_cast<std::int64_t>(exit.killed.size())}};
    out.push_back(found(at, leader, std::move(d)));
}

void ThreadsAtExit::report_signal(std::int32_t tgid, const SignalDeath& death, const Event& at,
                                  const TaskContext& leader, std::vector<Event>& out) const {
    // One thread ending by the signal is a process that had no other to kill.
    if (death.killed.size() < 2) return;
    Diagnostic d;
    d.rule = "threads-at-exit";
    d.finding = "signal";
    d.tasks = {tgid};
    for (const std::int32_t tid : death.killed)
        if (tid != tgid) d.tasks.push_back(tid);
    d.text = fmt::format("process {} was killed by {} while {} of its threads still ran; they were killed mid-work", tgid,
                         signal_name(static_cast<std::uint64_t>(death.signal)), death.killed.size());
    d.numbers = {{"killed", static_cast<std::int64_t>(death.killed.size())}, {"signal", death.signal}};
    out.push_back(found(at, leader, std::move(d)));
}

void ThreadsAtExit::on_event(const Event& event, const TaskModel&, std::vector<Event>& out) {
    const auto* e = std::get_if<TaskExit>(&event.payload);
    if (e == nullptr) return;
    const std::int32_t tgid = tgid_of(event.task);
    if (e->detached) {
        left_[tgid].push_back(event.task.tid);
        return;
    }
    if (e->killed_by != 0) {
        GroupExit& exit = exits_[tgid];
        exit.by = e->killed_by;
        exit.killed.push_back(event.task.tid);
    }
    if (e->signaled) {
        SignalDeath& death = signal_deaths_[tgid];
        death.signal = e->code;
        death.killed.push_back(event.task.tid);
    }
    if (event.task.tid != tgid) return;
    if (const auto it = exits_.find(tgid); it != exits_.end()) {
        report_exit(tgid, it->second, event, event.task, out);
        exits_.erase(it);
    }
    if (const auto it = signal_deaths_.find(tgid); it != signal_deaths_.end()) {
        report_signal(tgid, it->second, event, event.task, out);
        signal_deaths_.erase(it);
    }
}

void ThreadsAtExit::at_end(const Event& end, const TaskModel& tasks, std::vector<Event>& out) {
    for (const auto& [tgid, exit] : exits_) report_exit(tgid, exit, end, {tgid, tgid, 0, {}}, out);
    exits_.clear();
    for (const auto& [tgid, death] : signal_deaths_) report_signal(tgid, death, end, {tgid, tgid, 0, {}}, out);
    signal_deaths_.clear();
    // Tasks whose end the trace never showed were left running as well.
    for (const std::int32_t tgid : tasks.processes())
        for (const std::int32_t tid : tasks.threads_of(tgid)) left_[tgid].push_back(tid);
    for (auto& [tgid, tids] : left_) {
        std::sort(tids.begin(), tids.end());
        Diagnostic d;
        d.rule = "threads-at-exit";
        d.finding = "left-running";
        d.tasks = {tgid};
        for (const std::int32_t tid : tids)
            if (tid != tgid) d.tasks.push_back(tid);
        d.text = fmt::format("process {} was left running with {} threads when clonetrace stopped", tgid, tids.size());
        d.numbers = {{"threads", static_cast<std::int64_t>(tids.size())}};
        out.push_back(found(end, {tgid, tgid, 0, {}}, std::move(d)));
    }
    left_.clear();
}

}  // namespace ct::output::diagnostics
