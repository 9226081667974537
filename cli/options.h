// The command line, strace's letters where they fit, as a Config.
#pragma once

#include <optional>
#include <string>
#include <sys/types.h>
#include <variant>
#include <vector>

#include "decoder/inject.h"
#include "output/summary.h"
#include "output/diagnostics/settings.h"
#include "output/event_selection.h"
#include "output/text_sink.h"

namespace ct::cli {

struct Config {
    std::vector<std::string> command;
    std::vector<pid_t> attach;
    std::string output_file;    // '|COMMAND' or '!COMMAND': a pipe to COMMAND
    bool append = false;        // -A: append to output_file
    bool output_separately = false;  // -ff: each task's lines to output_file.TID
    std::optional<std::string> user;  // -u: run PROG as this user
    std::vector<std::string> env;     // -E: VAR=VAL sets, VAR removes, in order
    bool json = false;          // the trace output is JSON Lines, not text
    std::string json_file;      // JSON Lines here too, beside the text output
    std::string replay_file;    // render this saved trace instead of tracing
    std::string explain;        // explain these clone flags instead of tracing
    // Launching: the seccomp filter; attaching: events alone (no filter can
    // go into a running program).
    decoder::Following following = decoder::Following::seccomp_filter;
    unsigned stack_depth = 0;   // -k: frames of the creating stack to show; 0 shows none
    std::vector<decoder::InjectRule> inject;  // creation calls to fail on purpose
    output::TextOptions text;
    output::EventSelection selection;  // -e trace=, -e signal=
    bool summary = false;       // -c, -C
    bool tree = false;          // --tree
    std::string timeline_file;  // --timeline FILE
    output::SummarySort summary_sort = output::SummarySort::time;
    std::vector<output::diagnostics::EnabledRule> diagnose;  // empty: no diagnostics
    std::optional<int> diagnose_exit_status;  // exit with this when a rule fired
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
inline constexpr unsigned kDefaultStackDepth = 16;
inline constexpr unsigned kMaxStackDepth = 256;
inline constexpr int kDiagnosedExitStatus = 3;  // --diagnose-exit-code without a value

}  // namespace ct::cli
