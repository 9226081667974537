#include "output/diagnostics/rule.h"

#include <fmt/format.h>

namespace ct::output::diagnostics {

decoder::Event found(const decoder::Event& at, const decoder::TaskContext& task, decoder::Diagnostic diagnostic) {
    decoder::Event e;
    e.wall_ns = at.wall_ns;
    e.mono_ns = at.mono_ns;
    e.task = task;
    e.live = at.live;
    e.payload = std::move(diagnostic);
    return e;
}

std::string human_duration(std::int64_t ns) {
    if (ns < 10'000) return fmt::format("{} ns", ns);
    if (ns < 10'000'000) return fmt::format("{} us", ns / 1000);
    if (ns < 10'000'000'000) return fmt::format("{:.1f} ms", static_cast<double>(ns) / 1e6);
    return fmt::format("{:.2f} s", static_cast<double>(ns) / 1e9);
}

}  // namespace ct::output::diagnostics
