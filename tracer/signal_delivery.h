// The signal of a signal-delivery stop, from PTRACE_GETSIGINFO (one call at a
// stop the signal makes anyway).
#pragma once

#include <optional>
#include <sys/types.h>

#include "decoder/siginfo.h"

namespace ct::tracer {

// nullopt when the task is gone.
std::optional<decoder::Signal> read_signal(pid_t tid);

}  // namespace ct::tracer
