// One line of clonetrace's JSON Lines back into the event it was written
// from: the inverse of format_event_json, so a saved trace renders as it was
// printed live. Lines come from files of unknown origin: anything that is
// not an event this version writes is an error message, never a crash.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "decoder/event.h"

namespace ct::output {

struct EventRead {
    std::optional<decoder::Event> event;
    std::string error;  // when event is empty and the line is not a view's
    bool view = false;  // a view's line (summary): recomputed from the events, not read
};

EventRead read_event_json(std::string_view line);

}  // namespace ct::output
