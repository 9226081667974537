// A shell command started as no child of ours: the tracer waits for every
// child it has, so a command reading the trace (-o '|cmd') must not be one.
#pragma once

#include <string>
#include <sys/types.h>

namespace ct::tracer {

// Runs `sh -c command` with `stdin_fd` as its standard input and `held_fd`
// kept open in it (end of file on its other end then says the command has
// ended), through a middle child that forks it and ends at once. Returns 0
// or the errno of the fork that failed.
int start_detached_command(const std::string& command, int stdin_fd, int held_fd);

}  // namespace ct::tracer
