// Several outputs of one run (text on the terminal, JSON Lines to a file):
// each event goes to every sink, in the order they were added.
#pragma once

#include <memory>
#include <vector>

#include "decoder/event.h"

namespace ct::output {

class FanOutSink final : public decoder::EventSink {
public:
    void add(std::unique_ptr<decoder::EventSink> sink) { sinks_.push_back(std::move(sink)); }
    void on_event(const decoder::Event& event) override {
        for (const auto& sink : sinks_) sink->on_event(event);
    }
    void flush() override {
        for (const auto& sink : sinks_) sink->flush();
    }

private:
    std::vector<std::unique_ptr<decoder::EventSink>> sinks_;
};

}  // namespace ct::output
