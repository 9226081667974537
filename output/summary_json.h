// A run's Summary as one `summary` JSON object (see the schema).
#pragma once

#include <string>

#include "decoder/event.h"
#include "output/summary.h"

namespace ct::output {

// `end` is the trace_end event the summary follows: its times are the summary's.
std::string format_summary_json(const Summary& summary, const decoder::Event& end);

}  // namespace ct::output
