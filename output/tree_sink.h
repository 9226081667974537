// --tree: follows the lives of the run and prints its task tree when the
// trace ends.
#pragma once

#include <cstdio>

#include "decoder/event.h"
#include "output/task_lives.h"
#include "output/tree_text.h"

namespace ct::output {

class TreeSink final : public decoder::EventSink {
public:
    // `after_other_output`: a blank line first, to set the tree apart.
    TreeSink(std::FILE* out, TreeStyle style, bool after_other_output)
        : out_(out), style_(style), after_other_output_(after_other_output) {}
    void on_event(const decoder::Event& event) override;
    void flush() override { std::fflush(out_); }

private:
    std::FILE* out_;
    TreeStyle style_;
    bool after_other_output_;
    TaskLives lives_;
};

}  // namespace ct::output
