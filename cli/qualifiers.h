// strace's -e QUALIFIER=SET, in its syntax and with its messages:
// trace=SET (or SET alone) chooses creation calls, signal=SET the signals
// whose lines are shown. SET is a comma-separated list, `all` or `none`; a
// leading `!` takes everything but SET.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "output/event_selection.h"

namespace ct::cli {

// Applies one -e argument to `selection`; a message when it is not valid.
std::optional<std::string> apply_qualifier(std::string_view expression, output::EventSelection& selection);

}  // namespace ct::cli
