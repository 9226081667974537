// strace's line for a signal on its way to a task:
// `--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=42, ...} ---`.
#pragma once

#include <string>

#include "decoder/event.h"
#include "decoder/siginfo.h"

namespace ct::output {

std::string format_signal_text(const decoder::Signal& signal);

// strace's line for a task entering group-stop: `--- stopped by SIGSTOP ---`.
std::string format_stop_text(const decoder::GroupStop& stop);

// "CLD_EXITED"; a code that names nothing in hex, as its 32 bits (0xfffffff8).
std::string format_si_code(const decoder::Signal& signal);

}  // namespace ct::output
