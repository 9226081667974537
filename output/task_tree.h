// Which process made which: every process with its threads and the
// processes it created, from the lives of a run. A process hangs under the
// process of the task that created it; one whose creator was not seen is a root.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "output/task_lives.h"

namespace ct::output {

struct ProcessNode {
    std::optional<std::size_t> leader;  // the life that began the process, when seen
    std::vector<std::size_t> threads;   // the other lives of its thread group, in birth order
    std::vector<std::size_t> children;  // process nodes it created, in birth order
};

struct TaskTree {
    std::vector<ProcessNode> processes;
    std::vector<std::size_t> roots;  // in birth order
};

TaskTree build_task_tree(const std::vector<TaskLife>& lives);

}  // namespace ct::output
