#include "output/diagnostics/unreaped_children.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace ct::output::diagnostics {

using namespace decoder;

void UnreapedChildren::on_event(const Event& event, const TaskModel&, std::vector<Event>& out) {
    const auto* e = std::get_if<TaskExit>(&event.payload);
    if (e == nullptr || e->unreaped.empty()) return;
    const std::int32_t pid = tgid_of(event.task);
    Diagnostic d;
    d.rule = "unreaped-children";
    d.finding = e->detached ? "detach" : "exit";
    d.tasks = {pid};
    d.tasks.insert(d.tasks.end(), e->unreaped.begin(), e->unreaped.end());
    const std::string when = e->detached ? "when clonetrace detached" : "when it ended";
    d.text = fmt::format("process {} never waited for {} of its children that had ended ({}); they were zombies {}", pid,
                         e->unreaped.size(), fmt::join(e->unreaped, " "), when);
    d.numbers = {{"unreaped", static_cast<std::int64_t>(e->unreaped.size())}};
    out.push_back(found(event, event.task, std::move(d)));
}

}  // namespace ct::output::diagnostics
