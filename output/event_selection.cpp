#include "output/event_selection.h"

namespace ct::output {

bool EventSelection::shows(const decoder::Event& event) const {
    if (const auto* c = std::get_if<decoder::Creation>(&event.payload))
        return calls[static_cast<std::size_t>(c->call.syscall)];
    if (std::holds_alternative<decoder::Exec>(event.payload)) return calls[kExecCall];
    if (const auto* s = std::get_if<decoder::Signal>(&event.payload)) return shows_signal(s->signo);
    if (const auto* s = std::get_if<decoder::GroupStop>(&event.payload)) return shows_signal(s->signo);
    return true;
}

}  // namespace ct::output
