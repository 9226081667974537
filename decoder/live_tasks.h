// How many tasks are alive as each event is reported, kept by whoever makes
// the stream: a starting task counts itself, an ending one still counts on
// its own line, and an exec by a non-leader thread ends the old thread.
#pragma once

#include <cstdint>

#include "decoder/event.h"

namespace ct::decoder {

class LiveTasks {
public:
    // The value of `event.live` for the next event of the stream.
    std::uint32_t count(const Event& event) {
        if (ended_) --live_;
        ended_ = std::holds_alternative<TaskExit>(event.payload);
        if (std::holds_alternative<TaskStart>(event.payload)) ++live_;
        if (const auto* exec = std::get_if<Exec>(&event.payload); exec != nullptr && exec->former_tid != event.task.tid)
            --live_;
        return live_;
    }

private:
    std::uint32_t live_ = 0;
    bool ended_ = false;
};

}  // namespace ct::decoder
