// Event streams for the diagnostics tests, written as the tracer would
// report them, and the diagnostics an engine finds in them.
#pragma once

#include <linux/sched.h>

#include <csignal>
#include <string>
#include <vector>

#include "decoder/event.h"
#include "decoder/live_tasks.h"
#include "output/diagnostics/engine.h"
#include "output/diagnostics/settings.h"

namespace ct::test {

using namespace decoder;

constexpr std::int64_t kMs = 1'000'000;

struct Collect final : EventSink {
    std::vector<Event> events;
    void on_event(const Event& e) override { events.push_back(e); }
    void flush() override {}
    std::vector<Diagnostic> diagnostics() const {
        std::vector<Diagnostic> out;
        for (const Event& e : events)
            if (const auto* d = std::get_if<Diagnostic>(&e.payload)) out.push_back(*d);
        return out;
    }
};

class Stream {
public:
    Stream& at(std::int64_t ms) {
        now_ = ms * kMs;
        return *this;
    }
    Stream& start(std::int32_t tid, std::int32_t tgid) { return add({tid, tgid, 1, "p"}, TaskStart{StartReason::born, 0}); }
    // A creation by `tid`; a thread (pthread's flags) or a process (fork's).
    Stream& create(std::int32_t tid, std::int32_t tgid, std::int32_t child, bool thread,
                   std::vector<StackFrame> stack = {}) {
        Creation c;
        c.call.syscall = thread ? arch::SyscallKind::clone3 : arch::SyscallKind::clone;
        c.call.flags = thread ? (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SETTLS)
                              : (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID);
        c.call.exit_signal = thread ? 0 : SIGCHLD;
        c.call.abi = "x86_64";
        derive_call(c.call);
        c.outcome = CallOutcome::created;
        c.result = child;
        c.child = ChildInfo{child, thread ? tgid : child, c.call.child_kind, std::nullopt};
        c.stack = std::move(stack);
        return add({tid, tgid, 1, "p"}, c);
    }
    // A creation call by `tid` that failed with `err`.
    Stream& fail(std::int32_t tid, std::int32_t tgid, std::int64_t err, bool thread = true) {
        Creation c;
        c.call.syscall = thread ? arch::SyscallKind::clone3 : arch::SyscallKind::clone;
        c.call.flags = thread ? (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SETTLS) : 0;
        c.call.abi = "x86_64";
        derive_call(c.call);
        c.outcome = CallOutcome::failed;
        c.result = -1;
        c.error = err;
        return add({tid, tgid, 1, "p"}, c);
    }
    Stream& vfork(std::int32_t tid, std::int32_t tgid, std::int32_t child) {
        Creation c;
        c.call.syscall = arch::SyscallKind::vfork;
        c.call.abi = "x86_64";
        derive_call(c.call);
        c.result = child;
        c.child = ChildInfo{child, child, c.call.child_kind, std::nullopt};
        return add({tid, tgid, 1, "p"}, c);
    }
    // A thread, created and started.
    Stream& thread(std::int32_t creator, std::int32_t tgid, std::int32_t tid) {
        return create(creator, tgid, tid, true).start(tid, tgid);
    }
    Stream& process(std::int32_t creator, std::int32_t tgid, std::int32_t pid) {
        return create(creator, tgid, pid, false).start(pid, pid);
    }
    Stream& exit(std::int32_t tid, std::int32_t tgid, int code = 0, std::int64_t lifetime_ns = -1,
                 std::vector<std::int32_t> unreaped = {}) {
        return add({tid, tgid, 1, "p"}, TaskExit{false, code, false, lifetime_ns, false, 0, std::move(unreaped)});
    }
    // An end the exit_group of thread `by` caused while the task still ran.
    Stream& killed(std::int32_t tid, std::int32_t tgid, std::int32_t by, int code = 0) {
        return add({tid, tgid, 1, "p"}, TaskExit{false, code, false, -1, false, by, {}});
    }
    // An end by a fatal signal.
    Stream& signaled(std::int32_t tid, std::int32_t tgid, int sig) {
        return add({tid, tgid, 1, "p"}, TaskExit{true, sig, false, -1, false, 0, {}});
    }
    Stream& detach(std::int32_t tid, std::int32_t tgid, std::vector<std::int32_t> unreaped = {}) {
        return add({tid, tgid, 1, "p"}, TaskExit{false, 0, false, -1, true, 0, std::move(unreaped)});
    }
    Stream& exec(std::int32_t tgid, std::int32_t former) { return add({tgid, tgid, 1, "p"}, Exec{"/bin/true", former, {}}); }
    Stream& end() { return add({}, TraceEnd{}); }

    const std::vector<Event>& events() const { return events_; }

    // What the rules of `spec` (a --diagnose value) find in the stream.
    std::vector<Diagnostic> diagnose(const std::string& spec) const {
        const auto rules = output::diagnostics::parse_diagnose({spec});
        Collect out;
        output::diagnostics::Engine engine(std::get<std::vector<output::diagnostics::EnabledRule>>(rules), out);
        for (const Event& e : events_) engine.on_event(e);
        return out.diagnostics();
    }

private:
    Stream& add(TaskContext task, Payload payload) {
        Event e;
        e.mono_ns = now_;
        e.wall_ns = now_;
        e.task = std::move(task);
        e.payload = std::move(payload);
        e.live = live_.count(e);
        events_.push_back(std::move(e));
        return *this;
    }

    std::int64_t now_ = 0;
    LiveTasks live_;
    std::vector<Event> events_;
};

inline std::int64_t number(const Diagnostic& d, const std::string& name) {
    for (const auto& [key, value] : d.numbers)
        if (key == name) return value;
    return -1;
}

}  // namespace ct::test
