// The outputs one run writes: the trace (text, or JSON Lines with --json) to
// -o FILE or standard error, and with --json=FILE a JSON Lines copy beside
// it. Opens the files, builds the sinks, and tells at the end whether every
// byte reached its file.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "cli/options.h"
#include "output/fan_out_sink.h"

namespace ct::cli {

class Outputs {
public:
    ~Outputs();
    // nullopt and a message when a file cannot be opened.
    static std::optional<Outputs> open(const Config& config, std::string& error);
    Outputs(Outputs&&) noexcept;
    Outputs& operator=(Outputs&&) = delete;

    decoder::EventSink& sink() { return *sink_; }
    // Flushes and closes every file; the first that could not be written, as a message.
    std::optional<std::string> close();

private:
    Outputs() = default;
    struct File {
        std::FILE* stream = nullptr;
        std::string name;  // for messages
        bool owned = false;
    };
    std::vector<File> files_;
    std::unique_ptr<output::FanOutSink> sink_ = std::make_unique<output::FanOutSink>();
};

}  // namespace ct::cli
