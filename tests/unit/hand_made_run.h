// A run written by hand for the views' tests: each call appends the events
// the tracer would report, with times, task context and live counts stamped
// as it stamps them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "decoder/event.h"
#include "decoder/live_tasks.h"

namespace ct::testing {

using namespace decoder;

class HandMadeRun {
public:
    static constexpr std::int64_t kStartNs = 5'000'000'000;

    explicit HandMadeRun(std::int32_t program = 100, std::string comm = "prog") {
        push(program, TraceStart{{"/bin/prog"}, {}, "x86_64", "0.1.0", Following::seccomp_filter});
        tasks_[program] = TaskContext{program, program, 1, std::move(comm)};
        push(program, TaskStart{StartReason::launched, 0});
    }

    HandMadeRun& at_us(std::int64_t us) {
        now_ns_ = kStartNs + us * 1000;
        return *this;
    }

    // A successful creation by `creator` and the child's start.
    HandMadeRun& create(std::int32_t creator, std::int32_t child, ChildKind kind, std::int64_t duration_ns = 2000,
                        std::vector<StackFrame> stack = {}) {
        const TaskContext& parent = tasks_.at(creator);
        const bool thread = kind == ChildKind::thread || kind == ChildKind::raw_thread;
        Creation c = call(kind == ChildKind::thread ? arch::SyscallKind::clone3 : arch::SyscallKind::clone, duration_ns);
        c.call.child_kind = kind;
        c.result = child;
        c.child = ChildInfo{child, thread ? parent.tgid : child, kind, std::nullopt};
        c.stack = std::move(stack);
        push(creator, c);
        tasks_[child] = TaskContext{child, thread ? parent.tgid : child, thread ? parent.ppid : parent.tgid, parent.comm};
        push(child, TaskStart{StartReason::born, creator});
        return *this;
    }

    HandMadeRun& fail(std::int32_t creator, arch::SyscallKind syscall, std::int64_t err, std::int64_t duration_ns = 1000) {
        Creation c = call(syscall, duration_ns);
        c.outcome = CallOutcome::failed;
        c.result = -err;
        c.error = err;
        push(creator, c);
        return *this;
    }

    // An interrupted call (restarted) followed by its rerun that makes `child`.
    HandMadeRun& restarted(std::int32_t creator, std::int32_t child, std::int64_t err) {
        Creation c = call(arch::SyscallKind::clone, 500);
        c.outcome = CallOutcome::restarted;
        c.result = -err;
        c.error = err;
        push(creator, c);
        now_ns_ += 1000;
        create(creator, child, ChildKind::process, 700);
        for (auto it = events_.rbegin(); it != events_.rend(); ++it)
            if (auto* rerun = std::get_if<Creation>(&it->payload)) {
                rerun->is_restart = true;
                break;
            }
        return *this;
    }

    HandMadeRun& rename(std::int32_t tid, std::string comm) {
        tasks_.at(tid).comm = std::move(comm);
        return *this;
    }

    HandMadeRun& exec(std::int32_t tid, std::string path, std::string comm) {
        tasks_.at(tid).comm = std::move(comm);
        push(tid, Exec{std::move(path), tid, {}});
        return *this;
    }

    // A thread of `leader`'s process runs exec and takes the leader's tid.
    HandMadeRun& exec_by_thread(std::int32_t thread, std::int32_t leader, std::string path, std::string comm) {
        TaskContext context = tasks_.at(thread);
        context.tid = leader;
        context.comm = std::move(comm);
        tasks_.erase(thread);
        tasks_[leader] = context;
        push(leader, Exec{std::move(path), thread, {}});
        return *this;
    }

    HandMadeRun& exit(std::int32_t tid, int code = 0) {
        TaskExit e;
        e.code = code;
        push(tid, e);
        tasks_.erase(tid);
        return *this;
    }

    HandMadeRun& kill(std::int32_t tid, int sig) {
        TaskExit e;
        e.signaled = true;
        e.code = sig;
        push(tid, e);
        tasks_.erase(tid);
        return *this;
    }

    HandMadeRun& detach(std::int32_t tid) {
        TaskExit e;
        e.detached = true;
        push(tid, e);
        tasks_.erase(tid);
        return *this;
    }

    HandMadeRun& end() {
        push(0, TraceEnd{});
        return *this;
    }

    const std::vector<Event>& events() const { return events_; }

    void feed(EventSink& sink) const {
        for (const Event& e : events_) sink.on_event(e);
    }

private:
    Creation call(arch::SyscallKind syscall, std::int64_t duration_ns) const {
        Creation c;
        c.call.syscall = syscall;
        c.call.abi = "x86_64";
        c.duration_ns = duration_ns;
        return c;
    }

    void push(std::int32_t tid, Payload payload) {
        Event e;
        e.wall_ns = 1'700'000'000'000'000'000 + now_ns_;
        e.mono_ns = now_ns_;
        if (const auto it = tasks_.find(tid); it != tasks_.end()) e.task = it->second;
        e.payload = std::move(payload);
        e.live = live_.count(e);
        events_.push_back(std::move(e));
    }

    std::int64_t now_ns_ = kStartNs;
    std::map<std::int32_t, TaskContext> tasks_;
    LiveTasks live_;
    std::vector<Event> events_;
};

}  // namespace ct::testing
