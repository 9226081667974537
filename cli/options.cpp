#include "cli/options.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <charconv>
#include <sstream>

#include <fmt/format.h>

#include "cli/version.h"

namespace ct::cli {
namespace {

namespace po = boost::program_options;

constexpr const char* kUsage = "Usage: clonetrace [OPTIONS] [--] PROG [ARGS...]\n"
                               "       clonetrace [OPTIONS] -p PID[,PID...]\n"
                               "       clonetrace [OPTIONS] --replay FILE\n";

po::options_description describe() {
    po::options_description desc("Options");
    desc.add_options()
        ("help,h", "show this help and exit")
        ("version,V", "show the version and exit")
        ("follow-forks,f", "follow threads and children (always on; accepted as in strace)")
        ("attach,p", po::value<std::vector<std::string>>()->composing(),
         "attach to the running process PID (and all its threads); repeat or separate with commas")
        ("output,o", po::value<std::string>(), "write the trace to FILE instead of standard error")
        ("json", po::value<std::string>()->implicit_value("")->value_name("[=FILE]"),
         "write JSON Lines, one object per event, instead of text (see clonetrace(1), JSON OUTPUT); "
         "--json=FILE writes them to FILE beside the text output")
        ("replay", po::value<std::string>()->value_name("FILE"),
         "render a trace saved with --json as the live run printed it, instead of tracing")
        ("timestamps,t", "prefix each line with the time of day; -tt adds microseconds, -ttt prints seconds since the epoch")
        ("syscall-times,T", "show the time spent in each creation call")
        ("quiet,q", "suppress attach/detach messages; -qq also suppresses exit lines")
        ("no-seccomp", "stop at every syscall instead of using a seccomp filter (slower)");
    return desc;
}

// Everything from the first word that is not an option belongs to PROG,
// so `clonetrace sh -c 'exit 7'` passes -c to sh.
std::vector<po::option> command_rest(std::vector<std::string>& args) {
    std::vector<po::option> out;
    if (args.empty() || (args[0].size() > 1 && args[0][0] == '-')) return out;
    po::option rest;
    rest.string_key = "command";
    rest.value = args;
    rest.original_tokens = args;
    out.push_back(rest);
    args.clear();
    return out;
}

std::vector<pid_t> parse_pids(const std::vector<std::string>& values) {
    std::vector<pid_t> out;
    for (const std::string& value : values) {
        std::stringstream parts(value);
        std::string part;
        while (std::getline(parts, part, ',')) {
            int pid = 0;
            const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), pid);
            if (ec != std::errc() || end != part.data() + part.size() || pid <= 0)
                throw po::error(fmt::format("invalid process id '{}'", part));
            if (std::find(out.begin(), out.end(), pid) == out.end()) out.push_back(pid);
        }
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
    po::options_description all;
    all.add(desc).add_options()("command", po::value<std::vector<std::string>>());
    po::positional_options_description positional;
    positional.add("command", -1);
    try {
        const po::parsed_options parsed = po::command_line_parser(argc, argv)
                                              .options(all)
                                              .positional(positional)
                                              .extra_style_parser(command_rest)
                                              .style(po::command_line_style::default_style |
                                                     po::command_line_style::allow_sticky)
                                              .run();
        // -t, -T and -q count their repeats (-tt, -qq) as strace's do.
        po::parsed_options counted(&all);
        for (const po::option& o : parsed.options)
            if (o.string_key != "timestamps" && o.string_key != "quiet") counted.options.push_back(o);
        po::variables_map vm;
        po::store(counted, vm);
        po::notify(vm);

        if (vm.count("help")) {
            std::ostringstream text;
            text << kUsage << "Trace how PROG creates and ends its threads and processes.\n\n" << desc;
            return ShowText{text.str()};
        }
        if (vm.count("version")) return ShowText{fmt::format("clonetrace {}\n", kVersion)};

        Config config;
        if (vm.count("command")) config.command = vm["command"].as<std::vector<std::string>>();
        if (vm.count("attach")) config.attach = parse_pids(vm["attach"].as<std::vector<std::string>>());
        if (vm.count("output")) config.output_file = vm["output"].as<std::string>();
        if (vm.count("json")) {
            config.json_file = vm["json"].as<std::string>();
            config.json = config.json_file.empty();
        }
        if (vm.count("replay")) config.replay_file = vm["replay"].as<std::string>();
        config.use_seccomp = vm.count("no-seccomp") == 0;
        config.text.durations = vm.count("syscall-times") > 0;
        config.text.quiet = count(parsed, "quiet");
        const int t = count(parsed, "timestamps");
        config.text.timestamps = t == 0   ? output::TimestampStyle::none
                                 : t == 1 ? output::TimestampStyle::time_of_day
                                 : t == 2 ? output::TimestampStyle::microseconds
                                          : output::TimestampStyle::epoch;
        const int sources = !config.command.empty() + !config.attach.empty() + !config.replay_file.empty();
        if (sources == 0) return UsageError{"must have PROG [ARGS], -p PID or --replay FILE"};
        if (sources > 1) return UsageError{"PROG [ARGS], -p PID and --replay FILE cannot be used together"};
        return config;
    } catch (const po::error& e) {
        return UsageError{e.what()};
    }
}

}  // namespace ct::cli
