// Every task clonetrace follows, by tid.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <sys/types.h>
#include <unordered_map>

#include "decoder/event.h"
#include "tracer/own_filter_stack.h"

namespace ct::tracer {

// A creation call between its entry stop and the stop that ends it.
struct PendingCreation {
    decoder::Creation creation;
    std::uint64_t nr = 0;  // the call's number, as the task made it
    std::optional<std::int64_t> entry_mono_ns;  // none when first seen at its event stop
    bool reported = false;  // emitted at the event stop; the exit stop only closes it

    // From the call's entry to `now`; 0 when its entry was not seen.
    std::int64_t duration_until(std::int64_t now) const { return now - entry_mono_ns.value_or(now); }
};

struct Task {
    pid_t tid = 0;
    pid_t tgid = 0;
    pid_t ppid = 0;
    std::string comm;
    std::int64_t start_mono_ns = -1;
    bool linked = false;         // its creator's event stop has been seen (or it was launched/attached)
    bool held = false;           // kept in its first stop until linked, so its events follow its creation
    unsigned pidns_depth = 0;    // how many pid namespaces below clonetrace's it lives
    bool syscall_stops = false;  // a seccomp filter of its own may hide calls from ours
    bool next_is_restart = false;
    pid_t killed_by = 0;         // the thread whose exit_group found this one still running
    std::vector<std::int32_t> unreaped;  // a leader's zombie children, read at its process's exit_group
    std::optional<PendingCreation> pending;
    OwnFilterStack own_filters;           // the program's own seccomp filters, newest first
    std::optional<FilterInstall> install;  // installing one now
    std::optional<PendingSigsys> sigsys;

    // Whether the task must stop at the end of its current call.
    bool needs_exit_stop() const { return syscall_stops || install || (pending && !pending->reported); }
};

class TaskTable {
public:
    Task& add(pid_t tid) {
        Task& t = tasks_[tid];
        t.tid = tid;
        return t;
    }
    Task* find(pid_t tid) {
        const auto it = tasks_.find(tid);
        return it == tasks_.end() ? nullptr : &it->second;
    }
    void erase(pid_t tid) { tasks_.erase(tid); }
    bool empty() const { return tasks_.empty(); }
    std::size_t size() const { return tasks_.size(); }
    auto begin() { return tasks_.begin(); }
    auto end() { return tasks_.end(); }

private:
    std::unordered_map<pid_t, Task> tasks_;
};

decoder::TaskContext context_of(const Task& task);

}  // namespace ct::tracer
