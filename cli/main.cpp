// clonetrace: wires the command line, the tracer and the chosen output.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <pwd.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fmt/format.h>

#include "cli/command_line.h"
#include "cli/explain.h"
#include "cli/options.h"
#include "cli/outputs.h"
#include "cli/replay.h"
#include "cli/version.h"
#include "tracer/launcher.h"
#include "tracer/tracer.h"

namespace {

using namespace ct;

// Ends clonetrace the way the traced program ended: its exit code, or the
// same signal (without a core file of our own), as strace does.
[[noreturn]] void end_like(const decoder::TaskExit& exit) {
    if (!exit.signaled) std::exit(exit.code);
    const rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    std::signal(exit.code, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, exit.code);
    ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
    ::raise(exit.code);
    std::exit(128 + exit.code);
}

// A standard descriptor we were started without is held on /dev/null (closed
// again at the program's exec), so no file we open takes its place and our
// messages never land in a trace file or a pipe of ours.
void hold_closed_standard_fds() {
    for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd)
        if (::fcntl(fd, F_GETFD) < 0 && ::open("/dev/null", O_RDWR | O_CLOEXEC) < 0) return;
}

// A reader that goes away must not end clonetrace, and the program with it:
// writes then fail with EPIPE, which ends that output only. Returns whether
// SIGPIPE was ignored already, as the program is to get it.
bool ignore_sigpipe() {
    struct sigaction ignore{};
    struct sigaction given{};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &given);
    return given.sa_handler == SIG_IGN;
}

// --diagnose-exit-code is on and a rule fired.
bool diagnosed(const cli::Config& config, const cli::Outputs& outputs) {
    return config.diagnose_exit_status && outputs.diagnostics_found() > 0;
}

int fail(const std::string& message, int status) {
    std::fprintf(stderr, "clonetrace: %s\n", message.c_str());
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    hold_closed_standard_fds();
    const bool sigpipe_ignored = ignore_sigpipe();
    const cli::ParseResult parsed = cli::parse_command_line(argc, argv);
    if (const auto* text = std::get_if<cli::ShowText>(&parsed)) {
        std::fputs(text->text.c_str(), stdout);
        return 0;
    }
    if (const auto* usage = std::get_if<cli::UsageError>(&parsed))
        return fail(usage->message + "\nTry 'clonetrace --help' for more information.", cli::kUsageExitStatus);
    const cli::Config& config = std::get<cli::Config>(parsed);
    if (!config.explain.empty()) return cli::explain_command(config.explain, config.json);

    std::string open_error;
    std::optional<cli::Outputs> outputs = cli::Outputs::open(config, open_error);
    if (!outputs) return fail(open_error, 1);

    if (!config.replay_file.empty()) {
        const cli::ReplayResult replayed = cli::replay_trace(config.replay_file, outputs->sink());
        const bool written = outputs->close();
        if (!replayed.ok) return fail(replayed.error, 1);
        if (!written) return 1;
        return diagnosed(config, *outputs) ? *config.diagnose_exit_status : 0;
    }

    tracer::TracerOptions options;
    options.command = config.command;
    options.attach = config.attach;
    options.following = config.following;
    for (const auto& rule : config.diagnose) options.watch_exits = options.watch_exits || rule.row->needs_exit_stops;
    options.program_ignores_sigpipe = sigpipe_ignored;
    options.env = config.env;
    if (config.user) {
        const passwd* user = ::getpwnam(config.user->c_str());
        if (user == nullptr) return fail(fmt::format("cannot find user {}", cli::shown(*config.user)), 1);
        options.user = tracer::RunAs{user->pw_name, user->pw_uid, user->pw_gid};
    }
    options.inject = config.inject;
    options.stack_depth = config.stack_depth;
    options.signals = config.selection.signals;
    options.want_comm = config.json || !config.json_file.empty() || config.tree || !config.timeline_file.empty();
    options.version = cli::kVersion;
    if (!config.command.empty()) {
        const tracer::ResolvedProgram program = tracer::resolve_program(config.command.front());
        if (!program.error.empty())
            return fail(fmt::format("cannot run '{}': {}", config.command.front(), program.error), program.exit_status);
        options.program_path = program.path;
    }
    const tracer::RunResult result = tracer::run_tracer(options, outputs->sink());
    const bool written = outputs->close();
    if (!result.error.empty()) return fail(result.error, result.error_status);
    if (diagnosed(config, *outputs)) return *config.diagnose_exit_status;
    // A trace that could not be written was said already; the program's own
    // end is what clonetrace reports.
    if (result.program) end_like(*result.program);
    return written ? 0 : 1;
}
