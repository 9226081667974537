// -c / -C: counts the run as it goes and writes its Summary, as text or as
// one JSON line, when the trace ends.
#pragma once

#include <cstdio>

#include "decoder/event.h"
#include "output/summary.h"

namespace ct::output {

struct SummaryOptions {
    SummarySort sort = SummarySort::time;
    bool json = false;
};

class SummarySink final : public decoder::EventSink {
public:
    SummarySink(std::FILE* out, SummaryOptions options) : out_(out), options_(options) {}
    void on_event(const decoder::Event& event) override;
    void flush() override { std::fflush(out_); }

private:
    std::FILE* out_;
    SummaryOptions options_;
    SummaryBuilder builder_;
};

}  // namespace ct::output
