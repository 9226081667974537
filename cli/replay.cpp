#include "cli/replay.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "output/json_event_reader.h"

namespace ct::cli {

ReplayResult replay_trace(const std::string& path, decoder::EventSink& sink) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {false, fmt::format("cannot read '{}': {}", path, std::strerror(errno))};
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        const bool last_without_newline = in.eof();
        const output::EventRead read = output::read_event_json(line);
        if (read.view) continue;
        if (!read.event) {
            if (last_without_newline)
                return {false, fmt::format("{}:{}: the last line is cut off ({})", path, number, read.error)};
            return {false, fmt::format("{}:{}: {}", path, number, read.error)};
        }
        sink.on_event(*read.event);
    }
    if (in.bad()) return {false, fmt::format("cannot read '{}': {}", path, std::strerror(errno))};
    if (number == 0) return {false, fmt::format("{}: empty, not a clonetrace JSON trace", path)};
    return {};
}

}  // namespace ct::cli
