#include "output/summary_sink.h"

#include "output/summary_json.h"
#include "output/summary_text.h"

namespace ct::output {

void SummarySink::on_event(const decoder::Event& event) {
    builder_.on_event(event);
    if (!std::holds_alternative<decoder::TraceEnd>(event.payload)) return;
    const Summary summary = builder_.build(options_.sort);
    const std::string text =
        options_.json ? format_summary_json(summary, event) + "\n" : format_summary_text(summary);
    std::fwrite(text.data(), 1, text.size(), out_);
}

}  // namespace ct::output
