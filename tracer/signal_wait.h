// The signals the tracer waits for rather than handles: SIGCHLD (a tracee
// stopped or ended) and the stop signals SIGINT, SIGTERM, SIGHUP and
// SIGQUIT sent to clonetrace. They stay blocked while the tracer runs, so
// none of its system calls (a write of the trace included) is ever cut
// short, and none can slip in between a last look at the tracees and a
// sleep.
#pragma once

#include <csignal>
#include <optional>

namespace ct::tracer {

struct StopRequest {
    int signal = 0;
    bool from_terminal = false;  // the terminal sent it to the whole foreground group
};

class SignalWait {
public:
    SignalWait();   // blocks them
    ~SignalWait();  // unblocks them; stop signals still pending are dropped
    SignalWait(const SignalWait&) = delete;
    SignalWait& operator=(const SignalWait&) = delete;

    // The stop signal that has arrived, if any, taken once.
    std::optional<StopRequest> take_stop();
    // Sleeps until a tracee may have changed state or a stop signal came;
    // true when a stop signal is waiting.
    bool sleep();

private:
    sigset_t stop_set_{};
    sigset_t wait_set_{};
    sigset_t saved_{};
    std::optional<StopRequest> pending_;
};

}  // namespace ct::tracer
