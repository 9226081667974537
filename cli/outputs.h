// The outputs one run writes: the trace (text, or JSON Lines with --json) to
// -o FILE or standard error (with -ff -o PREFIX, each task's text lines to
// PREFIX.TID and the views to standard error), and with --json=FILE a JSON
// Lines copy beside it; with --diagnose, the rules' findings in both and a section at the end
// of a text trace. Opens the files, builds the sinks, and tells at the end
// whether every byte reached its file. A file that cannot be written ends
// there (see OutputFile); the others, and the run, go on.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/options.h"
#include "cli/output_file.h"
#include "output/diagnostics/engine.h"
#include "output/fan_out_sink.h"
#include "output/file_per_task.h"

namespace ct::cli {

class Outputs {
public:
    // nullopt and a message when a file cannot be opened.
    static std::optional<Outputs> open(const Config& config, std::string& error);

    // Where the events go: the diagnostics first when they are on, then every output.
    decoder::EventSink& sink() { return engine_ ? static_cast<decoder::EventSink&>(*engine_) : *sink_; }
    // How many diagnostics the rules found so far.
    std::size_t diagnostics_found() const { return engine_ ? engine_->fired() : 0; }
    // Flushes and closes every file; false when one could not be written
    // (said on standard error when it failed).
    bool close();

private:
    Outputs() = default;
    std::vector<std::unique_ptr<OutputFile>> files_;
    std::unique_ptr<output::FilePerTask> task_files_;  // -ff -o PREFIX
    std::unique_ptr<output::FanOutSink> sink_ = std::make_unique<output::FanOutSink>();
    std::unique_ptr<output::diagnostics::Engine> engine_;  // feeds sink_
};

}  // namespace ct::cli
