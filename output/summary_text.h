// A run's Summary as aligned columns in the style of strace -c.
#pragma once

#include <string>

#include "output/summary.h"

namespace ct::output {

std::string format_summary_text(const Summary& summary);

}  // namespace ct::output
