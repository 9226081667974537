#include "cli/qualifiers.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <regex.h>
#include <vector>

#include <fmt/format.h>

#include "cli/command_line.h"
#include "arch/calls.h"
#include "decoder/names.h"

namespace ct::cli {
namespace {

constexpr int kHighestNamedSignal = 64;

bool same_letters(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// As strace reads a signal: a decimal number up to 255, or a name in any
// case, with or without SIG.
std::optional<std::size_t> signal_number(std::string_view word) {
    if (!word.empty() && std::isdigit(static_cast<unsigned char>(word.front()))) {
        std::size_t n = 0;
        const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), n);
        if (ec != std::errc() || end != word.data() + word.size() || n >= decoder::kSignalNumbers) return std::nullopt;
        return n;
    }
    if (word.size() > 3 && same_letters(word.substr(0, 3), "SIG")) word.remove_prefix(3);
    for (int sig = 1; sig <= kHighestNamedSignal; ++sig)
        if (same_letters(std::string_view(decoder::signal_name(static_cast<std::uint64_t>(sig))).substr(3), word))
            return static_cast<std::size_t>(sig);
    return std::nullopt;
}

// strace's qualify_tokens: `!`s invert, `all` and `none`, else the listed
// items (empty items are skipped, but one is needed).
template <std::size_t N, typename Lookup>
std::optional<std::string> parse_set(std::string_view spec, std::bitset<N>& set, Lookup lookup, std::string_view what) {
    set.reset();
    bool invert = false;
    for (; spec.starts_with('!'); spec.remove_prefix(1)) invert = !invert;
    if (spec == "all") {
        set.set();
    } else if (spec != "none") {
        bool any = false;
        for (std::size_t start = 0; start <= spec.size();) {
            const std::size_t end = std::min(spec.find(',', start), spec.size());
            const std::string_view item = spec.substr(start, end - start);
            start = end + 1;
            if (item.empty()) continue;
            if (auto error = lookup(item, set)) return fmt::format("invalid {} {}{}", what, shown(item), *error);
            any = true;
        }
        if (!any) return fmt::format("invalid {} {}", what, shown(spec));
    }
    if (invert) set.flip();
    return std::nullopt;
}

// Sets the item's bit; else what to add to "invalid signal 'ITEM'".
std::optional<std::string> add_signal(std::string_view item, output::SignalSet& set) {
    const auto sig = signal_number(item);
    if (!sig) return std::string();
    set.set(*sig);
    return std::nullopt;
}

// The names -e trace= knows: the creation calls of the call table, and
// execve and execveat, whose lines are the exec lines.
struct CallName {
    std::string_view name;
    std::size_t bit;
};

std::vector<CallName> call_names() {
    std::vector<CallName> out;
    for (const arch::CallRow& row : arch::call_table())
        if (arch::is_creation(row.kind)) out.push_back({row.name, static_cast<std::size_t>(row.kind)});
    out.push_back({"execve", output::kExecCall});
    out.push_back({"execveat", output::kExecCall});
    return out;
}

// strace's classes of calls, with those of them clonetrace traces (strace
// puts unshare in none of its classes, and setns among the descriptors').
struct CallClass {
    std::string_view name;
    std::string_view calls;  // separated by blanks
};

constexpr std::array kCallClasses{
    CallClass{"%process", "clone clone3 fork vfork execve execveat"}, CallClass{"%file", "execve execveat"},
    CallClass{"%desc", "setns"}, CallClass{"%network", ""}, CallClass{"%net", ""}, CallClass{"%signal", ""},
    CallClass{"%ipc", ""}, CallClass{"%memory", ""}, CallClass{"%creds", ""}, CallClass{"%clock", ""},
    CallClass{"%pure", ""}, CallClass{"%stat", ""}, CallClass{"%lstat", ""}, CallClass{"%fstat", ""},
    CallClass{"%%stat", ""}, CallClass{"%statfs", ""}, CallClass{"%fstatfs", ""}, CallClass{"%%statfs", ""},
};

bool holds(std::string_view calls, std::string_view name) {
    for (std::size_t start = 0; start < calls.size();) {
        const std::size_t end = std::min(calls.find(' ', start), calls.size());
        if (calls.substr(start, end - start) == name) return true;
        start = end + 1;
    }
    return false;
}

// As strace: a name, %class, /regex (searched in each name), and ? before
// any of them for no error when it selects nothing. Sets the bits it
// selects; else what to add to "invalid system call 'ITEM'".
std::optional<std::string> add_call(std::string_view item, output::CallSet& set) {
    const bool optional = item.starts_with('?');
    if (optional) item.remove_prefix(1);
    const std::vector<CallName> names = call_names();
    if (item.starts_with('/')) {
        // POSIX extended regular expressions, as strace's regcomp.
        regex_t pattern;
        if (::regcomp(&pattern, std::string(item.substr(1)).c_str(), REG_EXTENDED | REG_NOSUB) != 0)
            return optional ? std::nullopt : std::optional<std::string>(": not a regular expression");
        for (const CallName& c : names)
            if (::regexec(&pattern, std::string(c.name).c_str(), 0, nullptr, 0) == 0) set.set(c.bit);
        ::regfree(&pattern);
        return std::nullopt;  // a pattern that matches nothing is no error
    }
    for (const CallClass& c : kCallClasses) {
        if (c.name != item) continue;
        for (const CallName& n : names)
            if (holds(c.calls, n.name)) set.set(n.bit);
        return std::nullopt;
    }
    for (const CallName& c : names) {
        if (c.name != item) continue;
        set.set(c.bit);
        return std::nullopt;
    }
    if (optional) return std::nullopt;
    std::string known;
    for (const CallName& c : names) known += (known.empty() ? "" : ", ") + std::string(c.name);
    return ": clonetrace traces " + known;
}

struct Qualifier {
    std::array<std::string_view, 3> names;  // strace's long name and its aliases
    std::optional<std::string> (*apply)(std::string_view spec, output::EventSelection& selection);
};

const std::array kQualifiers{
    Qualifier{{"trace", "t", "t"},
              [](std::string_view spec, output::EventSelection& s) { return parse_set(spec, s.calls, add_call, "system call"); }},
    Qualifier{{"signal", "signals", "s"},
              [](std::string_view spec, output::EventSelection& s) { return parse_set(spec, s.signals, add_signal, "signal"); }},
};

// strace's other qualifiers, which clonetrace has no use for.
constexpr std::array<std::string_view, 14> kUnsupported{
    "abbrev", "a", "verbose", "v", "raw", "x", "read", "r", "write", "w", "status", "quiet", "decode-fds", "kvm"};

// strace's qualifiers that clonetrace has as an option of its own.
struct AsOption {
    std::string_view name;
    std::string_view option;
};
constexpr std::array<AsOption, 2> kAsOption{{{"inject", "--inject=SET:error=ERRNO[:when=EXPR]"},
                                             {"fault", "--inject=SET:error=ERRNO[:when=EXPR]"}}};

}  // namespace

std::optional<std::string> apply_qualifier(std::string_view expression, output::EventSelection& selection) {
    const std::size_t eq = expression.find('=');
    const std::string_view name = eq == std::string_view::npos ? "trace" : expression.substr(0, eq);
    const std::string_view spec = eq == std::string_view::npos ? expression : expression.substr(eq + 1);
    for (const Qualifier& q : kQualifiers)
        if (std::find(q.names.begin(), q.names.end(), name) != q.names.end()) return q.apply(spec, selection);
    for (const AsOption& a : kAsOption)
        if (a.name == name) return fmt::format("-e {} is not supported: use {}", shown(expression), a.option);
    if (std::find(kUnsupported.begin(), kUnsupported.end(), name) != kUnsupported.end())
        return fmt::format("-e {} is not supported: only -e trace=SET and -e signal=SET are", shown(expression));
    // As strace: an unknown qualifier is no qualifier, the whole word a set of calls.
    return kQualifiers.front().apply(expression, selection);
}

}  // namespace ct::cli
