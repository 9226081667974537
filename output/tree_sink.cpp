#include "output/tree_sink.h"

#include "output/task_tree.h"

namespace ct::output {

void TreeSink::on_event(const decoder::Event& event) {
    lives_.on_event(event);
    if (!std::holds_alternative<decoder::TraceEnd>(event.payload)) return;
    const std::string text =
        format_tree_text(lives_.lives(), build_task_tree(lives_.lives()), lives_.last_ns(), style_);
    if (after_other_output_) std::fputc('\n', out_);
    std::fwrite(text.data(), 1, text.size(), out_);
}

}  // namespace ct::output
