#include "cli/options.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <charconv>
#include <sstream>
#include <string_view>
#include <unordered_set>

#include <fmt/format.h>

#include "cli/command_line.h"
#include "cli/qualifiers.h"
#include "cli/version.h"
#include "output/json_names.h"

namespace ct::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kUsage = "Usage: clonetrace [OPTIONS] [--] PROG [ARGS...]\n"
                               "       clonetrace [OPTIONS] -p PID[,PID...]\n"
                               "       clonetrace [OPTIONS] --replay FILE\n"
                               "       clonetrace [--json] --explain VALUE\n";

// --diagnose's help names every rule of the catalogue.
const std::string& diagnose_help() {
    static const std::string help = [] {
        std::string ids;
        for (const auto& row : output::diagnostics::rule_catalogue()) ids += fmt::format("{}{}", ids.empty() ? "" : ", ", row.id);
        return fmt::format("report threading bugs as they show; RULE is one of {} (see clonetrace(1), DIAGNOSTICS); "
                           "alone, every rule with its defaults",
                           ids);
    }();
    return help;
}

po::options_description describe() {
    po::options_description desc("Options");
    desc.add_options()
        ("help,h", "show this help and exit")
        ("version,V", "show the version and exit")
        ("follow-forks,f", "follow threads and children (always on; accepted as in strace)")
        ("attach,p", po::value<std::vector<std::string>>()->value_name("PID"),
         "attach to the running process PID (and all its threads); repeat, or separate with commas or blanks")
        ("output,o", po::value<std::string>()->value_name("FILE"),
         "write the trace to FILE instead of standard error; '|COMMAND' or '!COMMAND' pipes it to COMMAND")
        ("output-separately", "with -o FILE, write each task's lines to FILE.TID, as strace -ff does (-ff is -f "
                              "with this)")
        ("output-append-mode,A", "append to the -o FILE (or each FILE.TID) instead of truncating it")
        ("user,u", po::value<std::string>()->value_name("USER"),
         "run PROG as USER (its uid, gid and supplementary groups); clonetrace must be root")
        ("expr,e", po::value<std::vector<std::string>>()->value_name("EXPR"),
         "trace=SET: show the lines of these calls only (clone, clone3, fork, vfork, unshare, setns, execve; %process, "
         "/REGEX); signal=SET: the lines of these signals only (names with or without SIG, numbers); "
         "as in strace, SET is all, none or a list, !SET every other; the last of each counts")
        ("env,E", po::value<std::vector<std::string>>()->value_name("VAR=VAL"),
         "run PROG with VAR set to VAL in its environment, or without VAR (-E VAR); repeatable")
        ("json", po::value<std::string>()->implicit_value("")->value_name("[=FILE]"),
         "write JSON Lines, one object per event, instead of text (see clonetrace(1), JSON OUTPUT); "
         "--json=FILE writes them to FILE beside the text output")
        ("replay", po::value<std::string>()->value_name("FILE"),
         "render a trace saved with --json as the live run printed it, instead of tracing")
        ("explain", po::value<std::string>()->value_name("VALUE"),
         "explain clone flags (0x3d0f00, 4001536 or 'CLONE_VM|CLONE_FS|SIGCHLD'): each flag, the exit signal "
         "and the combinations the kernel refuses; exits 1 when it would refuse them")
        ("timestamps,t", "prefix each line with the time of day; -tt adds microseconds, -ttt prints seconds since the epoch")
        ("syscall-times,T", "show the time spent in each creation call")
        ("stack-trace,k", "show the creating thread's stack under each creation call")
        ("stack-depth", po::value<unsigned>()->value_name("N")->default_value(kDefaultStackDepth),
         "with -k, show at most N frames of each stack")
        ("summary-only,c", "count creation calls, tasks and lifetimes and print a summary instead of the trace")
        ("summary,C", "like -c, but print the summary after the trace")
        ("summary-sort-by,S", po::value<std::string>()->value_name("SORTBY"),
         "sort the summary's calls by time (default), calls, errors, name or nothing")
        ("tree", "print the task tree at the end: every process with its threads and the processes it made, "
         "alike ones folded; with -qq, the tree alone")
        ("timeline", po::value<std::string>()->value_name("FILE"),
         "write the run to FILE as a Chrome trace (JSON) for Perfetto: a track per task, a slice per life, "
         "an arrow from each creation to its child")
        ("string-limit,s", po::value<std::string>()->value_name("N"),
         "show at most N bytes of each argument of an exec (32 by default, as strace)")
        ("quiet,q", "suppress attach/detach messages; -qq also suppresses exit lines")
        ("events-only", "follow by ptrace events alone, no syscall stops: near-zero cost, failed creation calls "
                        "and restarts not seen (the default with -p)")
        ("syscall-stops", "stop at every syscall's entry and exit: failed calls seen also with -p, at strace's cost")
        ("no-seccomp", "the same as --syscall-stops")
        ("diagnose", po::value<std::vector<std::string>>()->composing()->implicit_value({""}, "")->value_name("[=RULE[:KEY=VALUE]...]"),
         diagnose_help().c_str())
        ("diagnose-exit-code", po::value<int>()->implicit_value(kDiagnosedExitStatus)->value_name("[=N]"),
         "exit with N (default 3) when a diagnostics rule fired, instead of the program's status")
        ("ns-alert", "mark every call that makes a namespace (CLONE_NEW*): [NAMESPACE] in text, "
         "\"alert\":\"namespace\" in JSON")
        ("inject", po::value<std::string>()->value_name("SET:error=ERRNO[:when=EXPR]"),
         "make creation calls fail: SET is clone, clone3, fork, vfork, unshare, setns or creation (all of them); "
         "when= is N, N+, N+STEP or N..M (counted from 1; default every call); repeatable");
    return desc;
}

// The options whose every occurrence counts, read in order with values_of().
const std::unordered_set<std::string> kEveryOccurrence{"attach", "env", "inject", "expr"};

std::vector<std::string> values_of(const po::parsed_options& parsed, const std::string& key) {
    std::vector<std::string> out;
    for (const po::option& o : parsed.options)
        if (o.string_key == key) out.push_back(o.value.empty() ? std::string() : o.value.front());
    return out;
}

// The ids of every -p, in order, each once. As strace does, one argument may
// hold several, separated by commas or white space (`-p "$(pidof a b)"`).
std::vector<pid_t> parse_pids(const std::vector<std::string>& values) {
    constexpr std::string_view kSeparators = ", \t\n";
    std::vector<pid_t> out;
    std::unordered_set<pid_t> seen;
    for (const std::string_view value : values) {
        if (value.find_first_not_of(kSeparators) == std::string_view::npos)
            throw po::error(fmt::format("invalid process id {}", shown(value)));
        for (std::size_t start = value.find_first_not_of(kSeparators); start != std::string_view::npos;) {
            const std::size_t end = std::min(value.find_first_of(kSeparators, start), value.size());
            const std::string_view part = value.substr(start, end - start);
            int pid = 0;
            const auto [stop, ec] = std::from_chars(part.data(), part.data() + part.size(), pid);
            if (ec != std::errc() || stop != part.data() + part.size() || pid <= 0)
                throw po::error(fmt::format("invalid process id {}", shown(part)));
            if (seen.insert(pid).second) out.push_back(pid);
            start = value.find_first_not_of(kSeparators, end);
        }
    }
    return out;
}

// As getopt's users do, a repeated option is no error: letters count their
// repeats (-tt, -qq, read with count()), the last value of an option wins,
// and every -p and -E is read in order.
po::parsed_options last_of_each(const po::parsed_options& parsed) {
    po::parsed_options out(parsed.description);
    std::unordered_set<std::string> seen;
    for (auto it = parsed.options.rbegin(); it != parsed.options.rend(); ++it)
        if (!kEveryOccurrence.contains(it->string_key) && seen.insert(it->string_key).second)
            out.options.push_back(*it);
    return out;
}

std::vector<decoder::InjectRule> parse_injections(const std::vector<std::string>& specs) {
    std::vector<decoder::InjectRule> out;
    for (const std::string& spec : specs) {
        auto parsed = decoder::parse_inject(spec);
        if (const auto* error = std::get_if<decoder::InjectError>(&parsed))
            throw po::error(fmt::format("--inject={}: {}", spec, error->message));
        out.push_back(std::move(std::get<decoder::InjectRule>(parsed)));
    }
    return out;
}

int count(const po::parsed_options& parsed, const std::string& key) {
    int n = 0;
    for (const po::option& o : parsed.options) n += o.string_key == key;
    return n;
}

}  // namespace

ParseResult parse_command_line(int argc, const char* const argv[]) {
    const po::options_description desc = describe();
    try {
        SplitCommandLine split = split_command_line(argc, argv, desc);
        const po::parsed_options& parsed = split.options;
        po::variables_map vm;
        po::store(last_of_each(parsed), vm);
        po::notify(vm);

        if (vm.count("help")) {
            std::ostringstream text;
            text << kUsage << "Trace how PROG creates and ends its threads and processes.\n\n" << desc;
            return ShowText{text.str()};
        }
        if (vm.count("version")) return ShowText{fmt::format("clonetrace {}\n", kVersion)};

        Config config;
        config.command = std::move(split.command);
        config.attach = parse_pids(values_of(parsed, "attach"));
        config.env = values_of(parsed, "env");
        for (const std::string& expression : values_of(parsed, "expr"))
            if (auto error = apply_qualifier(expression, config.selection)) return UsageError{*error};
        for (const std::string& change : config.env)
            if (change.empty() || change.front() == '=') return UsageError{fmt::format("invalid -E {}", shown(change))};
        if (vm.count("user")) {
            config.user = vm["user"].as<std::string>();
            if (config.user->empty()) return UsageError{"empty user name"};
        }
        config.append = vm.count("output-append-mode") > 0;
        if (vm.count("output")) {
            config.output_file = vm["output"].as<std::string>();
            if (config.output_file.empty()) return UsageError{"empty output file name"};
        }
        if (vm.count("json")) {
            config.json_file = vm["json"].as<std::string>();
            config.json = config.json_file.empty();
        }
        if (vm.count("replay")) config.replay_file = vm["replay"].as<std::string>();
        if (vm.count("explain")) config.explain = vm["explain"].as<std::string>();
        const bool syscall_stops = vm.count("syscall-stops") + vm.count("no-seccomp") > 0;
        if (syscall_stops && vm.count("events-only")) return UsageError{"--events-only and --syscall-stops cannot be used together"};
        if (!config.attach.empty()) config.following = decoder::Following::events;
        if (vm.count("events-only")) config.following = decoder::Following::events;
        if (syscall_stops) config.following = decoder::Following::syscall_stops;
        config.summary = vm.count("summary-only") + vm.count("summary") > 0;
        config.tree = vm.count("tree") > 0;
        if (vm.count("timeline")) config.timeline_file = vm["timeline"].as<std::string>();
        if (vm.count("summary-sort-by")) {
            const std::string& key = vm["summary-sort-by"].as<std::string>();
            const auto sort = output::value_of<output::SummarySort>(output::kSummarySortNames, key);
            if (!sort) return UsageError{fmt::format("invalid sort key '{}' for -S (time, calls, errors, name, nothing)", key)};
            config.summary_sort = *sort;
        }
        config.inject = parse_injections(values_of(parsed, "inject"));
        // A call is skipped at its entry: following by events sees it only once it has run.
        if (!config.inject.empty() && vm.count("events-only"))
            return UsageError{"--inject needs the calls' entry stops, which --events-only does not make"};
        if (!config.inject.empty() && config.following == decoder::Following::events)
            config.following = decoder::Following::syscall_stops;
        config.text.durations = vm.count("syscall-times") > 0;
        const unsigned depth = vm["stack-depth"].as<unsigned>();
        if (depth < 1 || depth > kMaxStackDepth)
            return UsageError{fmt::format("--stack-depth must be between 1 and {}", kMaxStackDepth)};
        if (vm.count("stack-trace")) config.stack_depth = depth;
        config.text.ns_alert = vm.count("ns-alert") > 0;
        config.text.quiet = count(parsed, "quiet");
        if (vm.count("string-limit")) {
            const std::string& n = vm["string-limit"].as<std::string>();
            const auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), config.text.string_limit);
            if (n.empty() || ec != std::errc() || end != n.data() + n.size())
                return UsageError{fmt::format("invalid string limit {}", shown(n))};
        }
        // As in strace, -ff matters with -o only.
        config.output_separately = (count(parsed, "follow-forks") > 1 || vm.count("output-separately") > 0) &&
                                   !config.output_file.empty();
        if (config.output_separately) {
            const char first = config.output_file.front();
            if (first == '|' || first == '!') return UsageError{"-ff writes a file per task; it cannot pipe the trace to a command"};
            if (config.summary) return UsageError{"-c and -C sum up the whole run; they cannot be used with -ff -o"};
            if (config.json) return UsageError{"--json writes one stream; with -ff -o, keep it beside the files with --json=FILE"};
        }
        // The views print the run; -c, or --tree with -qq, leave out the lines.
        config.text.lines = vm.count("summary-only") == 0 && !(config.tree && config.text.quiet >= 2);
        if (config.tree && config.json) return UsageError{"--tree prints text; use --json=FILE to keep JSON beside it"};
        const int t = count(parsed, "timestamps");
        config.text.timestamps = t == 0   ? output::TimestampStyle::none
                                 : t == 1 ? output::TimestampStyle::time_of_day
                                 : t == 2 ? output::TimestampStyle::microseconds
                                          : output::TimestampStyle::epoch;
        if (vm.count("diagnose")) {
            auto rules = output::diagnostics::parse_diagnose(vm["diagnose"].as<std::vector<std::string>>());
            if (const auto* error = std::get_if<output::diagnostics::SettingsError>(&rules))
                return UsageError{"--diagnose: " + error->message};
            config.diagnose = std::move(std::get<std::vector<output::diagnostics::EnabledRule>>(rules));
        }
        if (vm.count("diagnose-exit-code")) {
            const int status = vm["diagnose-exit-code"].as<int>();
            if (status < 1 || status > 255) return UsageError{"--diagnose-exit-code: N must be from 1 to 255"};
            if (config.diagnose.empty()) return UsageError{"--diagnose-exit-code needs --diagnose"};
            config.diagnose_exit_status = status;
        }
        const int sources = !config.command.empty() + !config.attach.empty() + !config.replay_file.empty() +
                            !config.explain.empty();
        if (sources == 0) return UsageError{"must have PROG [ARGS], -p PID, --replay FILE or --explain VALUE"};
        if (sources > 1)
            return UsageError{"PROG [ARGS], -p PID, --replay FILE and --explain VALUE cannot be used together"};
        if (config.command.empty() && (config.user || !config.env.empty()))
            return UsageError{"-u and -E apply to PROG only"};
        if (!config.inject.empty() && config.command.empty() && config.attach.empty())
            return UsageError{"--inject needs PROG [ARGS] or -p PID"};
        return config;
    } catch (const po::error& e) {
        return UsageError{e.what()};
    }
}

}  // namespace ct::cli
