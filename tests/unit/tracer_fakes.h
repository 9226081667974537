// Stand-ins for what the tracer's units hand their results to: a sink that
// keeps every event, and a resumer that records which task would run on.
#pragma once

#include <sys/types.h>
#include <vector>

#include "decoder/event.h"
#include "tracer/resume.h"

namespace ct::test {

class RecordingSink final : public decoder::EventSink {
public:
    void on_event(const decoder::Event& event) override { events.push_back(event); }
    void flush() override { ++flushes; }

    std::vector<decoder::Event> events;
    int flushes = 0;
};

class RecordingResumer final : public tracer::TaskResumer {
public:
    void resume(const tracer::Task& task, int sig) override {
        resumed.push_back(task.tid);
        signals.push_back(sig);
    }

    std::vector<pid_t> resumed;
    std::vector<int> signals;
};

}  // namespace ct::test
