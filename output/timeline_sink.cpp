#include "output/timeline_sink.h"

namespace ct::output {

void TimelineSink::on_event(const decoder::Event& event) {
    timeline_.on_event(event);
    if (!std::holds_alternative<decoder::TraceEnd>(event.payload)) return;
    const std::string text = timeline_.render();
    std::fwrite(text.data(), 1, text.size(), out_);
}

}  // namespace ct::output
