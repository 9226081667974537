// Every diagnostics rule as one row: its stable id, what it means, its
// thresholds with their defaults, and how to make it. --diagnose, the man
// page and the tests read the rules from here.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "output/diagnostics/rule.h"

namespace ct::output::diagnostics {

enum class Unit : std::uint8_t { count, duration };  // a duration is in ns, written with a unit (10ms)

struct RuleKey {
    std::string_view name;
    Unit unit;
    std::int64_t default_value;
    std::string_view meaning;
};

struct RuleRow {
    std::string_view id;
    std::string_view meaning;
    std::span<const RuleKey> keys;
    std::unique_ptr<Rule> (*make)(const RuleSettings& settings);
    bool needs_exit_stops = false;  // the tracer must stop at each exit_group for its events
};

std::span<const RuleRow> rule_catalogue();
const RuleRow* rule_by_id(std::string_view id);

}  // namespace ct::output::diagnostics
