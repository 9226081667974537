// --replay: a saved JSON Lines trace rendered through the same sinks as a
// live run.
#pragma once

#include <string>

#include "decoder/event.h"

namespace ct::cli {

struct ReplayResult {
    bool ok = true;
    std::string error;  // "FILE:LINE: what is wrong", when !ok
};

// Reads every line of `path` into `sink`. A bad line ends the replay with
// its line number, except a cut-off last line (a trace still being written,
// or cut short), which is reported after the rest is rendered.
ReplayResult replay_trace(const std::string& path, decoder::EventSink& sink);

}  // namespace ct::cli
