// The diagnostics section at the end of a text trace: for each enabled rule,
// how often it fired and what it found, with the creating stack where the
// trace has one.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "decoder/event.h"
#include "output/diagnostics/settings.h"

namespace ct::output::diagnostics {

class ReportSink final : public decoder::EventSink {
public:
    ReportSink(std::FILE* out, const std::vector<EnabledRule>& rules);
    void on_event(const decoder::Event& event) override;
    void flush() override {}

    static constexpr std::size_t kShownPerRule = 10;

private:
    std::string report() const;

    std::FILE* out_;
    std::vector<const RuleRow*> rules_;  // in catalogue order
    std::vector<decoder::Diagnostic> found_;
};

}  // namespace ct::output::diagnostics
