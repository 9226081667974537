#include "cli/qualifiers.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "cli/command_line.h"
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

// An error suffix, empty when the item is found and set.
std::optional<std::string> add_signal(std::string_view item, output::SignalSet& set) {
    const auto sig = signal_number(item);
    if (!sig) return std::string();
    set.set(*sig);
    return std::nullopt;
}

struct Qualifier {
    std::array<std::string_view, 3> names;  // strace's long name and its aliases
    std::optional<std::string> (*apply)(std::string_view spec, output::EventSelection& selection);
};

const std::array kQualifiers{
    Qualifier{{"signal", "signals", "s"},
              [](std::string_view spec, output::EventSelection& s) { return parse_set(spec, s.signals, add_signal, "signal"); }},
};

}  // namespace

std::optional<std::string> apply_qualifier(std::string_view expression, output::EventSelection& selection) {
    const std::size_t eq = expression.find('=');
    const std::string_view name = eq == std::string_view::npos ? "trace" : expression.substr(0, eq);
    const std::string_view spec = eq == std::string_view::npos ? expression : expression.substr(eq + 1);
    for (const Qualifier& q : kQualifiers)
        if (std::find(q.names.begin(), q.names.end(), name) != q.names.end()) return q.apply(spec, selection);
    return fmt::format("-e {}: only -e signal=SET is supported", shown(expression));
}

}  // namespace ct::cli
