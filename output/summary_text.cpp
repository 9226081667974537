#include "output/summary_text.h"

#include <fmt/format.h>

#include "decoder/names.h"

namespace ct::output {
namespace {

using namespace decoder;

std::string seconds(std::int64_t ns) { return fmt::format("{}.{:06}", ns / 1'000'000'000, ns % 1'000'000'000 / 1000); }

std::string blank_if_zero(std::uint64_t n) { return n == 0 ? std::string() : std::to_string(n); }

constexpr const char* kCallRule = "------ ----------- ----------- ----------- --------- --------- --------- ----------------\n";

std::string call_row(const std::string& pct, const CallStats& c) {
    const std::int64_t per_call = c.calls == 0 ? 0 : c.total_ns / static_cast<std::int64_t>(c.calls) / 1000;
    return fmt::format("{:>6} {:>11} {:>11} {:>11} {:>9} {:>9} {:>9} {}\n", pct, seconds(c.total_ns), per_call,
                       c.max_ns / 1000, c.calls, blank_if_zero(c.failures), blank_if_zero(c.restarts), c.syscall);
}

std::string calls_table(const std::vector<CallStats>& calls) {
    CallStats total;
    total.syscall = "total";
    for (const CallStats& c : calls) {
        total.calls += c.calls;
        total.failures += c.failures;
        total.restarts += c.restarts;
        total.total_ns += c.total_ns;
        total.max_ns = std::max(total.max_ns, c.max_ns);
    }
    std::string out = "% time     seconds  usecs/call   max usecs     calls    errors  restarts syscall\n";
    out += kCallRule;
    for (const CallStats& c : calls) {
        const double pct = total.total_ns == 0 ? 0.0 : 100.0 * static_cast<double>(c.total_ns) / static_cast<double>(total.total_ns);
        out += call_row(fmt::format("{:.2f}", pct), c);
    }
    out += kCallRule;
    out += call_row("100.00", total);
    for (const CallStats& c : calls) {
        if (c.errors.empty()) continue;
        std::string line = fmt::format("{} failed with", c.syscall);
        for (const auto& [err, n] : c.errors) line += fmt::format(" {} {}", errno_name(err), n);
        out += line + "\n";
    }
    return out;
}

std::string kinds_table(const std::vector<KindStats>& kinds) {
    std::string out = "kind           tasks     ended  lifetime: min (s)  median (s)     p99 (s)     max (s)\n";
    out += "---------- --------- --------- ----------------- ----------- ----------- -----------\n";
    for (const KindStats& k : kinds) {
        out += fmt::format("{:<10} {:>9} {:>9}", child_kind_name(k.kind), k.tasks, k.ended);
        if (k.ended > 0)
            out += fmt::format(" {:>17} {:>11} {:>11} {:>11}", seconds(k.min_ns), seconds(k.median_ns), seconds(k.p99_ns),
                               seconds(k.max_ns));
        out += "\n";
    }
    return out;
}

}  // namespace

std::string format_summary_text(const Summary& s) {
    std::string out = calls_table(s.calls) + "\n";
    if (!s.kinds.empty()) out += kinds_table(s.kinds) + "\n";
    out += fmt::format("peak live tasks: {} at {} s; peak live processes: {} at {} s\n", s.tasks.count,
                       seconds(s.tasks.at_ns), s.processes.count, seconds(s.processes.at_ns));
    out += fmt::format("left running at the end: {} ({} detached); run time: {} s\n", s.left_running, s.detached,
                       seconds(s.duration_ns));
    return out;
}

}  // namespace ct::output
