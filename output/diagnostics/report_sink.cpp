#include "output/diagnostics/report_sink.h"

#include <algorithm>

#include <fmt/format.h>

#include "output/escape.h"

namespace ct::output::diagnostics {

using namespace decoder;

namespace {

std::string frame_text(const StackFrame& f) {
    std::string out = f.function.empty() ? fmt::format("{:#x}", f.ip) : fmt::format("{}+{:#x}", f.function, f.offset);
    if (!f.module.empty()) out += fmt::format(" ({})", f.module);
    return out;
}

}  // namespace

ReportSink::ReportSink(std::FILE* out, const std::vector<EnabledRule>& rules) : out_(out) {
    for (const RuleRow& row : rule_catalogue())
        if (std::any_of(rules.begin(), rules.end(), [&](const EnabledRule& r) { return r.row == &row; }))
            rules_.push_back(&row);
}

void ReportSink::on_event(const Event& event) {
    if (const auto* d = std::get_if<Diagnostic>(&event.payload)) {
        found_.push_back(*d);
    } else if (std::holds_alternative<TraceEnd>(event.payload)) {
        const std::string text = report();
        std::fwrite(text.data(), 1, text.size(), out_);
    }
}

std::string ReportSink::report() const {
    std::string out = fmt::format("--- diagnostics: {} found ---\n", found_.size());
    for (const RuleRow* rule : rules_) {
        std::vector<const Diagnostic*> mine;
        for (const Diagnostic& d : found_)
            if (d.rule == rule->id) mine.push_back(&d);
        out += fmt::format("{:<20} {:>5}  {}\n", rule->id, mine.size(), rule->meaning);
        for (std::size_t i = 0; i < std::min(mine.size(), kShownPerRule); ++i) {
            out += fmt::format("    {}\n", escape_c(mine[i]->text));
            for (const StackFrame& f : mine[i]->stack) out += fmt::format("        at {}\n", escape_c(frame_text(f)));
        }
        if (mine.size() > kShownPerRule) out += fmt::format("    ... and {} more\n", mine.size() - kShownPerRule);
    }
    return out;
}

}  // namespace ct::output::diagnostics
