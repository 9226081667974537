#include "output/diagnostics/fork_with_threads.h"

#include <fmt/format.h>

namespace ct::output::diagnostics {

using namespace decoder;

ForkWithThreads::ForkWithThreads(const RuleSettings& settings) : exec_within_ns_(settings.at("exec-within")) {}

void ForkWithThreads::report(std::int32_t child, const Fork& fork, const Event& at, std::string_view finding,
                             std::vector<Event>& out) const {
    const std::int64_t ran = at.mono_ns - fork.mono_ns;
    const std::string what =
        finding == "exit" ? fmt::format("it exited after {} without exec", human_duration(ran))
                          : fmt::format("it neither exec'd nor exited within {} (a lock another thread held stays held in it)",
                                        human_duration(exec_within_ns_));
    Diagnostic d;
    d.rule = "fork-with-threads";
    d.finding = finding;
    d.text = fmt::format("process {} forked {} while {} threads ran; {}", tgid_of(fork.parent), child,
                         fork.threads.size(), what);
    d.tasks.push_back(fork.parent.tid);
    d.tasks.push_back(child);
    for (const std::int32_t tid : fork.threads)
        if (tid != fork.parent.tid) d.tasks.push_back(tid);
    d.numbers = {{"threads", static_cast<std::int64_t>(fork.threads.size())}, {"ran_ns", ran},
                 {"exec_within_ns", exec_within_ns_}};
    d.stack = fork.stack;
    out.push_back(found(at, fork.parent, std::move(d)));
}

void ForkWithThreads::on_event(const Event& event, const TaskModel& tasks, std::vector<Event>& out) {
    // A child that has run past the threshold is reported at the first event that shows it.
    for (auto it = children_.begin(); it != children_.end();) {
        if (event.mono_ns - it->second.mono_ns < exec_within_ns_) {
            ++it;
            continue;
        }
        report(it->first, it->second, event, "no-exec", out);
        it = children_.erase(it);
    }
    if (const auto* c = std::get_if<Creation>(&event.payload)) {
        if (!c->child || c->call.shares_memory() || c->call.creates_thread()) return;
        const std::int32_t tgid = tgid_of(event.task);
        if (tasks.thread_count(tgid) < 2) return;
        children_[c->child->tid] = Fork{event.task, tasks.threads_of(tgid), event.mono_ns, c->stack};
        return;
    }
    // An exec in time is the safe fork-exec pattern; the child's process
    // keeps its tid whichever of its threads ran it. A detached child is
    // past knowing.
    const auto* exit = std::get_if<TaskExit>(&event.payload);
    if (exit == nullptr && !std::holds_alternative<Exec>(event.payload)) return;
    const auto it = children_.find(event.task.tid);
    if (it == children_.end()) return;
    if (exit != nullptr && !exit->detached) report(it->first, it->second, event, "exit", out);
    children_.erase(it);
}

void ForkWithThreads::at_end(const Event& end, const TaskModel&, std::vector<Event>& out) {
    for (const auto& [child, fork] : children_)
        if (end.mono_ns - fork.mono_ns >= exec_within_ns_) report(child, fork, end, "no-exec", out);
    children_.clear();
}

}  // namespace ct::output::diagnostics
