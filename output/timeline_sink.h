// --timeline FILE: follows the run and writes its Timeline when the trace ends.
#pragma once

#include <cstdio>

#include "decoder/event.h"
#include "output/timeline.h"

namespace ct::output {

class TimelineSink final : public decoder::EventSink {
public:
    explicit TimelineSink(std::FILE* out) : out_(out) {}
    void on_event(const decoder::Event& event) override;
    void flush() override { std::fflush(out_); }

private:
    std::FILE* out_;
    Timeline timeline_;
};

}  // namespace ct::output
