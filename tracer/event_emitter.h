// Turns what the tracer learnt at a stop into an Event and hands it to the
// sink: the task's context, the time of the stop (taken once, so every event
// of one stop carries the same time) and the count of live tasks.
#pragma once

#include <cstdint>

#include "decoder/event.h"
#include "decoder/live_tasks.h"
#include "tracer/task_table.h"

namespace ct::tracer {

class EventEmitter {
public:
    explicit EventEmitter(decoder::EventSink& sink) : sink_(sink) {}

    void stamp();  // the time of the stop being handled
    std::int64_t stop_mono_ns() const { return stop_mono_ns_; }

    void emit(const Task& task, decoder::Payload payload);
    void emit(decoder::TaskContext task, decoder::Payload payload);
    // The tracer is about to sleep.
    void flush() { sink_.flush(); }

private:
    decoder::EventSink& sink_;
    decoder::LiveTasks live_;
    std::int64_t stop_wall_ns_ = 0;
    std::int64_t stop_mono_ns_ = 0;
};

}  // namespace ct::tracer
