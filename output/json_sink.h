// JSON Lines: one object per event, flushed whenever the tracer waits for
// the program, so `tail -f | jq` works live. The schema is
// man/clonetrace-events.schema.json and clonetrace(1).
#pragma once

#include <cstdio>

#include "decoder/event.h"
#include "output/json_names.h"

namespace ct::output {

class JsonSink final : public decoder::EventSink {
public:
    explicit JsonSink(std::FILE* out, bool ns_alert = false) : out_(out), ns_alert_(ns_alert) {}
    void on_event(const decoder::Event& event) override;
    void flush() override { std::fflush(out_); }

private:
    std::FILE* out_;
    bool ns_alert_;  // --ns-alert: "alert":"namespace" on calls that make namespaces
};

// The object for one event, without the newline.
std::string format_event_json(const decoder::Event& event, bool ns_alert = false);

}  // namespace ct::output
