// The command line, strace's letters where they fit, as a Config.
#pragma once

#include <string>
#include <sys/types.h>
#include <variant>
#include <vector>

#include "output/text_sink.h"

namespace ct::cli {

struct Config {
    std::vector<std::string> command;
    std::vector<pid_t> attach;
    std::string output_file;
    bool json = false;          // the trace output is JSON Lines, not text
    std::string json_file;      // JSON Lines here too, beside the text output
    std::string replay_file;    // render this saved trace instead of tracing
    bool use_seccomp = true;
    output::TextOptions text;
};

struct ShowText {
    std::string text;  // --help, --version: print and exit 0
};

struct UsageError {
    std::string message;
};

using ParseResult = std::variant<Config, ShowText, UsageError>;

ParseResult parse_command_line(int argc, const char* const argv[]);

inline constexpr int kUsageExitStatus = 2;

}  // namespace ct::cli
