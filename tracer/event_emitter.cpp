#include "tracer/event_emitter.h"

#include <utility>

#include "tracer/clock.h"

namespace ct::tracer {

void EventEmitter::stamp() {
    stop_wall_ns_ = now_ns(CLOCK_REALTIME);
    stop_mono_ns_ = now_ns(CLOCK_MONOTONIC);
}

void EventEmitter::emit(const Task& task, decoder::Payload payload) { emit(context_of(task), std::move(payload)); }

void EventEmitter::emit(decoder::TaskContext task, decoder::Payload payload) {
    decoder::Event event;
    event.wall_ns = stop_wall_ns_;
    event.mono_ns = stop_mono_ns_;
    event.task = std::move(task);
    event.payload = std::move(payload);
    event.live = live_.count(event);
    sink_.on_event(event);
}

}  // namespace ct::tracer
