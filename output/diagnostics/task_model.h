// The tasks alive at each point of the stream, by process, as every rule
// sees them: one table kept by the engine, so no rule keeps its own copy.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "decoder/event.h"

namespace ct::output::diagnostics {

class TaskModel {
public:
    // The effect of `event` on the live tasks.
    void update(const decoder::Event& event);

    // The live threads of process `tgid` (its leader included), in tid order.
    std::vector<std::int32_t> threads_of(std::int32_t tgid) const;
    std::size_t thread_count(std::int32_t tgid) const;
    // The processes with a live task, in tgid order.
    std::vector<std::int32_t> processes() const;
    // The process a live task belongs to; 0 when the task is not live.
    std::int32_t process_of(std::int32_t tid) const;

private:
    void remove(std::int32_t tid);

    std::map<std::int32_t, std::int32_t> process_;          // tid -> tgid
    std::map<std::int32_t, std::set<std::int32_t>> threads_;  // tgid -> live tids
};

// The process an event's task belongs to, its own tid when not known.
std::int32_t tgid_of(const decoder::TaskContext& task);

}  // namespace ct::output::diagnostics
