#include "output/diagnostics/exec_from_thread.h"

#include <algorithm>

#include <fmt/format.h>

namespace ct::output::diagnostics {

using namespace decoder;

void ExecFromThread::on_event(const Event& event, const TaskModel& tasks, std::vector<Event>& out) {
    const std::int32_t tgid = tgid_of(event.task);
    const auto* x = std::get_if<Exec>(&event.payload);
    if (x == nullptr) {
        const auto* e = std::get_if<TaskExit>(&event.payload);
        if (e != nullptr && event.task.tid != tgid) trailing_ends_[tgid].push_back(event.task.tid);
        else trailing_ends_.erase(tgid);
        return;
    }
    std::vector<std::int32_t> killed = std::move(trailing_ends_[tgid]);
    trailing_ends_.erase(tgid);
    if (x->former_tid == event.task.tid) return;
    for (const std::int32_t tid : tasks.threads_of(tgid))
        if (tid != x->former_tid && tid != event.task.tid && std::find(killed.begin(), killed.end(), tid) == killed.end())
            killed.push_back(tid);
    Diagnostic d;
    d.rule = "exec-from-thread";
    d.finding = "exec";
    d.tasks = {x->former_tid, event.task.tid};
    d.tasks.insert(d.tasks.end(), killed.begin(), killed.end());
    d.text = fmt::format("thread {} of process {} ran exec; it took over the leader's tid and {} other threads were killed",
                         x->former_tid, tgid, killed.size());
    d.numbers = {{"killed", static_cast<std::int64_t>(killed.size())}};
    out.push_back(found(event, event.task, std::move(d)));
}

}  // namespace ct::output::diagnostics
