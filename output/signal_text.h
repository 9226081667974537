// strace's line for a signal on its way to a task:
// `--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=42, ...} ---`.
#pragma once

#include <string>

#include "decoder/siginfo.h"

namespace ct::output {

std::string format_signal_text(const decoder::Signal& signal);

// "CLD_EXITED"; a code that names nothing in hex, as its 32 bits (0xfffffff8).
std::string format_si_code(const decoder::Signal& signal);

}  // namespace ct::output
