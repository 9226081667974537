// Starting the program under trace from its first instruction: fork, stop,
// PTRACE_SEIZE, exec (never PTRACE_TRACEME).
#pragma once

#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

#include "tracer/tracer.h"

namespace ct::tracer {

// Where PROG resolves to, the way execvp would find it; or why it cannot run.
struct ResolvedProgram {
    std::string path;
    std::string error;   // empty when path is usable
    int exit_status = 0; // 127 not found, 126 found but not runnable
};
ResolvedProgram resolve_program(const std::string& name);

struct Launch {
    pid_t pid = -1;
    bool seccomp_filter = false;
    int seccomp_errno = 0;  // why the filter could not be installed
    int exec_status_fd = -1; // reports an exec failure: errno as an int, or EOF on success
};

// What to run, and how the program is to find its process.
struct LaunchSpec {
    std::string path;
    std::vector<std::string> argv;
    bool want_seccomp = true;
    bool watch_exits = false;      // the filter stops at exit_group too
    bool sigpipe_ignored = false;  // SIGPIPE as clonetrace was given it (it ignores it itself)
    std::vector<std::string> env;  // VAR=VAL sets, VAR removes, in order
    std::optional<RunAs> user;     // who the program runs as
};

// Forks, installs the watch filter in the child when asked, stops it, seizes
// it with `ptrace_options`, and lets it exec the program. The child is left
// in a stop the tracer's loop handles like any other.
Launch launch(const LaunchSpec& spec, unsigned long ptrace_options);

// An exec failure the child reported, if any (call after the child is gone).
std::optional<int> exec_failure(const Launch& launch);

}  // namespace ct::tracer
