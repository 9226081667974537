#include "tracer/trace_start.h"

#include <cstdint>
#include <cstring>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>

#include "arch/abi.h"
#include "tracer/attach.h"
#include "tracer/procfs.h"

namespace ct::tracer {

using namespace decoder;

Following actual_following(const TracerOptions& options, bool filter_installed) {
    if (options.following == Following::seccomp_filter && !filter_installed) return Following::syscall_stops;
    return options.following;
}

Launch start_launched(const TracerOptions& options, unsigned long ptrace_options, TaskTable& tasks,
                      EventEmitter& emitter, TraceEnd& totals) {
    const bool want_filter = options.following == Following::seccomp_filter;
    const LaunchSpec spec{options.program_path, options.command, want_filter, options.watch_exits,
                          options.program_ignores_sigpipe, options.env, options.user};
    const Launch launched = launch(spec, ptrace_options);
    if (launched.pid < 0) return launched;
    const Following following = actual_following(options, launched.seccomp_filter);
    Task& task = tasks.add(launched.pid);
    task.tgid = launched.pid;
    task.ppid = ::getpid();
    task.linked = true;
    task.syscall_stops = following == Following::syscall_stops;
    task.start_mono_ns = emitter.stop_mono_ns();
    task.comm = read_comm(launched.pid);
    ++totals.tasks_seen;
    TraceStart ts{options.command, {}, std::string(arch::native_abi().name), options.version, following};
    emitter.emit(task, ts);
    if (want_filter && !launched.seccomp_filter)
        emitter.emit(task, Message{MessageLevel::warning, fmt::format("seccomp filter unavailable ({}); using syscall stops",
                                                                      std::strerror(launched.seccomp_errno))});
    emitter.emit(task, TaskStart{StartReason::launched});
    return launched;
}

std::optional<std::string> start_attached(const TracerOptions& options, unsigned long ptrace_options,
                                          TaskTable& tasks, EventEmitter& emitter, TraceEnd& totals) {
    std::vector<std::int32_t> pids(options.attach.begin(), options.attach.end());
    const Following following = actual_following(options, false);
    emitter.emit(Task{}, TraceStart{{}, pids, std::string(arch::native_abi().name), options.version, following});
    const bool syscall_stops = following == Following::syscall_stops;
    // As strace does: a process that cannot be traced is said, and the others are traced.
    // When none could be, the last reason is clonetrace's error.
    for (std::size_t i = 0; i < options.attach.size(); ++i) {
        pid_t pid = options.attach[i];
        // The id of a thread that is not its process's leader: the user means its process.
        if (const auto status = read_status(pid); status && status->tgid != pid && status->tgid > 0) {
            emitter.emit(Task{}, Message{MessageLevel::notice, fmt::format("{} is a thread of process {}: attaching to "
                                                                           "the process", pid, status->tgid)});
            pid = status->tgid;
        }
        if (tasks.find(pid) != nullptr) continue;  // given twice
        auto error = attach(pid, ptrace_options, syscall_stops, tasks, emitter, totals);
        if (!error) continue;
        if (i + 1 == options.attach.size() && tasks.empty()) return error;
        emitter.emit(Task{}, Message{MessageLevel::warning, std::move(*error)});
    }
    return std::nullopt;
}

}  // namespace ct::tracer
