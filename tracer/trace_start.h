// How a trace begins: its first event, then the tasks it starts with, the
// launched program or every thread of the processes attached to.
#pragma once

#include <optional>
#include <string>

#include "decoder/event.h"
#include "tracer/event_emitter.h"
#include "tracer/launcher.h"
#include "tracer/task_table.h"
#include "tracer/tracer.h"

namespace ct::tracer {

// How tasks are followed: as asked, except that the filter goes only into a
// program launched with it (into a running one never).
decoder::Following actual_following(const TracerOptions& options, bool filter_installed);

// Launches the program and reports it started; a pid below 0 (with errno
// set by the launch) when it could not start.
Launch start_launched(const TracerOptions& options, unsigned long ptrace_options, TaskTable& tasks,
                      EventEmitter& emitter, decoder::TraceEnd& totals);

// Attaches to each process in `options.attach`, saying (as a warning) which
// it cannot; an error when it could attach to none.
std::optional<std::string> start_attached(const TracerOptions& options, unsigned long ptrace_options,
                                          TaskTable& tasks, EventEmitter& emitter, decoder::TraceEnd& totals);

}  // namespace ct::tracer
