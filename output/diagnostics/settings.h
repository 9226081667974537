// --diagnose[=RULE[:KEY=VALUE]...[,RULE...]]: which rules run, with which
// thresholds. Nothing, or "all" in the list, enables every rule with its
// defaults.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "output/diagnostics/catalogue.h"

namespace ct::output::diagnostics {

struct EnabledRule {
    const RuleRow* row = nullptr;
    RuleSettings settings;  // every key of the rule, defaults filled in
};

struct SettingsError {
    std::string message;
};

// Each element is one --diagnose value; a rule named twice takes the later settings.
std::variant<std::vector<EnabledRule>, SettingsError> parse_diagnose(const std::vector<std::string>& values);

}  // namespace ct::output::diagnostics
