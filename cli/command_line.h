// Splits the command line into options and the command to run, the way
// strace's getopt does: options first, grouped letters (-tt, -qT), values in
// the same word or the next (-p123, -p 123, --output=F, --output F),
// unambiguous prefixes of long options, and everything from `--` or the
// first word that is not an option on as the command. One pass over the
// words, however many there are.
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace ct::cli {

struct SplitCommandLine {
    boost::program_options::parsed_options options;  // keyed by long name, in the order given
    std::vector<std::string> command;
};

// Throws boost::program_options::error with a message for the user.
SplitCommandLine split_command_line(int argc, const char* const argv[],
                                    const boost::program_options::options_description& options);

// A word the user typed, for a message: between single quotes, with control
// bytes and bytes that are not printable ASCII escaped as the trace does.
std::string shown(std::string_view word);

}  // namespace ct::cli
