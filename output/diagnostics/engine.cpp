#include "output/diagnostics/engine.h"

namespace ct::output::diagnostics {

using namespace decoder;

Engine::Engine(const std::vector<EnabledRule>& rules, EventSink& downstream) : downstream_(downstream) {
    for (const EnabledRule& rule : rules) rules_.push_back(rule.row->make(rule.settings));
}

void Engine::pass_on(std::vector<Event>& found) {
    fired_ += found.size();
    for (const Event& e : found) downstream_.on_event(e);
    found.clear();
}

void Engine::on_event(const Event& event) {
    if (std::holds_alternative<Diagnostic>(event.payload)) return;
    std::vector<Event> found;
    if (std::holds_alternative<TraceEnd>(event.payload)) {
        // Before the end, so every output has them when it sums up.
        for (const auto& rule : rules_) rule->at_end(event, tasks_, found);
        pass_on(found);
        downstream_.on_event(event);
        return;
    }
    for (const auto& rule : rules_) rule->on_event(event, tasks_, found);
    downstream_.on_event(event);
    tasks_.update(event);
    pass_on(found);
}

}  // namespace ct::output::diagnostics
