// The event loop: every ptrace stop of every followed task, classified,
// decoded and handed to the sink as events.
#pragma once

#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

#include "decoder/event.h"
#include "decoder/inject.h"

namespace ct::tracer {

// The user a launched program runs as (-u).
struct RunAs {
    std::string name;
    uid_t uid = 0;
    gid_t gid = 0;
};

struct TracerOptions {
    std::vector<std::string> command;  // launch this ...
    std::string program_path;          // ... resolved to this
    std::vector<pid_t> attach;         // or attach to these
    decoder::Following following = decoder::Following::seccomp_filter;
    bool watch_exits = false;  // stop at exit_group: which threads it kills, which children it leaves unreaped
    bool program_ignores_sigpipe = false;  // clonetrace ignores it; the program gets it as given
    std::vector<std::string> env;          // VAR=VAL sets, VAR removes, in order, in the program's environment
    std::optional<RunAs> user;             // run the program as this user
    bool want_comm = false;            // read each task's name at each creation and at its end
    unsigned stack_depth = 0;          // unwind the creating thread's stack, this many frames at most
    std::vector<decoder::InjectRule> inject;  // creation calls to fail on purpose
    decoder::SignalSet signals = decoder::SignalSet().set();  // the signals reported at their delivery
    std::string version;
};

struct RunResult {
    std::optional<decoder::TaskExit> program;  // how the launched program ended
    std::string error;                         // clonetrace could not do its job
    int error_status = 0;
};

// Runs until every followed task is gone (or detached).
RunResult run_tracer(const TracerOptions& options, decoder::EventSink& sink);

}  // namespace ct::tracer
