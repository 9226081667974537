// The diagnostics as one consumer of the event stream that also adds to it:
// every event goes on to the outputs, followed by the Diagnostic events the
// enabled rules found in it. Diagnostics in a replayed trace are dropped and
// found again, so a trace is diagnosed with today's rules and settings.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "decoder/event.h"
#include "output/diagnostics/settings.h"
#include "output/diagnostics/task_model.h"

namespace ct::output::diagnostics {

class Engine final : public decoder::EventSink {
public:
    Engine(const std::vector<EnabledRule>& rules, decoder::EventSink& downstream);
    void on_event(const decoder::Event& event) override;
    void flush() override { downstream_.flush(); }

    std::size_t fired() const { return fired_; }

private:
    void pass_on(std::vector<decoder::Event>& found);

    decoder::EventSink& downstream_;
    std::vector<std::unique_ptr<Rule>> rules_;
    TaskModel tasks_;
    std::size_t fired_ = 0;
};

}  // namespace ct::output::diagnostics
