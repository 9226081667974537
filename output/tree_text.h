// The task tree as text, pstree-style: one line per process or thread, or
// per fold of alike ones ("64 × worker (thread) 2.1 ms–4.0 s, exited 0"):
// threads of one process with the same creation stack (or, without
// stacks, the same name), and childless single-threaded processes of one
// parent that ran the same program. Folding keeps a run of ten thousand
// threads within a screen.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "output/task_lives.h"
#include "output/task_tree.h"

namespace ct::output {

struct TreeStyle {
    bool utf8 = true;          // box-drawing glyphs, ×, –, µ; ASCII otherwise
    std::size_t width = 80;    // a long program path is shortened from the left to fit
};

// `now_ns`: the trace's end, for the tasks still running.
std::string format_tree_text(const std::vector<TaskLife>& lives, const TaskTree& tree, std::int64_t now_ns,
                             TreeStyle style);

}  // namespace ct::output
