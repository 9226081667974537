#include "cli/command_line.h"

#include <fmt/format.h>

#include "output/escape.h"

namespace ct::cli {
namespace {

namespace po = boost::program_options;

bool takes_value(const po::option_description& d) { return d.semantic()->min_tokens() > 0; }
bool may_take_value(const po::option_description& d) { return d.semantic()->max_tokens() > 0; }

po::option make_option(const po::option_description& d, std::vector<std::string> value, std::string token) {
    po::option o;
    o.string_key = d.long_name();
    o.value = std::move(value);
    o.original_tokens.push_back(std::move(token));
    return o;
}

}  // namespace

std::string shown(std::string_view word) {
    const std::string quoted = output::quote_c(word);
    return "'" + quoted.substr(1, quoted.size() - 2) + "'";
}

SplitCommandLine split_command_line(int argc, const char* const argv[], const po::options_description& options) {
    SplitCommandLine out{po::parsed_options(&options), {}};
    const auto next_value = [&](int& i, const std::string& name) -> std::string {
        if (i + 1 >= argc) throw po::error(fmt::format("option {} needs an argument", name));
        return argv[++i];
    };
    int i = 1;
    for (; i < argc; ++i) {
        const std::string_view word = argv[i];
        if (word == "--") {
            ++i;
            break;
        }
        if (word.size() < 2 || word[0] != '-') break;
        if (word.starts_with("--")) {
            const std::string_view body = word.substr(2);
            const std::size_t eq = body.find('=');
            const std::string name(body.substr(0, eq));
            const po::option_description* d = options.find_nothrow(name, true);
            if (d == nullptr) throw po::error(fmt::format("unknown option {}", shown(word)));
            const std::string shown_name = "'--" + d->long_name() + "'";
            std::vector<std::string> value;
            if (eq != std::string_view::npos) {
                if (!may_take_value(*d)) throw po::error(fmt::format("option {} takes no argument", shown_name));
                value.emplace_back(body.substr(eq + 1));
            } else if (takes_value(*d)) {
                value.push_back(next_value(i, shown_name));
            }
            out.options.options.push_back(make_option(*d, std::move(value), std::string(word)));
            continue;
        }
        for (std::size_t j = 1; j < word.size(); ++j) {
            const std::string letter = {'-', word[j]};
            const po::option_description* d = options.find_nothrow(letter, false);
            if (d == nullptr) throw po::error(fmt::format("unknown option {}", shown(letter)));
            if (!takes_value(*d)) {
                out.options.options.push_back(make_option(*d, {}, letter));
                continue;
            }
            const std::string rest(word.substr(j + 1));
            std::vector<std::string> value{rest.empty() ? next_value(i, "'" + letter + "'") : rest};
            out.options.options.push_back(make_option(*d, std::move(value), letter));
            break;
        }
    }
    for (; i < argc; ++i) out.command.emplace_back(argv[i]);
    return out;
}

}  // namespace ct::cli
