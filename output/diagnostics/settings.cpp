#include "output/diagnostics/settings.h"

#include <algorithm>
#include <array>
#include <charconv>

#include <fmt/format.h>

namespace ct::output::diagnostics {
namespace {

struct Bad {
    std::string message;
};

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> out;
    for (std::size_t at = 0;;) {
        const std::size_t next = text.find(separator, at);
        out.push_back(text.substr(at, next - at));
        if (next == std::string_view::npos) return out;
        at = next + 1;
    }
}

struct UnitSuffix {
    std::string_view suffix;
    std::int64_t ns;
};
constexpr std::array<UnitSuffix, 4> kDurationUnits{{{"ns", 1}, {"us", 1'000}, {"ms", 1'000'000}, {"s", 1'000'000'000}}};

std::int64_t parse_value(const RuleRow& rule, const RuleKey& key, std::string_view text) {
    std::int64_t number = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    const std::string_view suffix(end, static_cast<std::size_t>(text.data() + text.size() - end));
    const auto wrong = [&](std::string_view want) {
        return Bad{fmt::format("{}:{}={}: expected {}", rule.id, key.name, text, want)};
    };
    if (key.unit == Unit::count) {
        if (ec != std::errc() || !suffix.empty() || number < 1) throw wrong("a whole number of at least 1");
        return number;
    }
    const auto unit = std::find_if(kDurationUnits.begin(), kDurationUnits.end(),
                                   [&](const UnitSuffix& u) { return u.suffix == suffix; });
    if (ec != std::errc() || number < 0 || unit == kDurationUnits.end() || number > INT64_MAX / unit->ns)
        throw wrong("a duration with a unit: 500us, 10ms, 2s");
    return number * unit->ns;
}

EnabledRule parse_rule(std::string_view item) {
    const std::vector<std::string_view> parts = split(item, ':');
    const RuleRow* row = rule_by_id(parts.front());
    if (row == nullptr) {
        std::string known;
        for (const RuleRow& r : rule_catalogue()) known += fmt::format("{}{}", known.empty() ? "" : ", ", r.id);
        throw Bad{fmt::format("unknown diagnostics rule '{}' (rules: {})", parts.front(), known)};
    }
    EnabledRule enabled{row, {}};
    for (const RuleKey& key : row->keys) enabled.settings[std::string(key.name)] = key.default_value;
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const std::size_t eq = parts[i].find('=');
        const std::string_view name = parts[i].substr(0, eq);
        const auto key = std::find_if(row->keys.begin(), row->keys.end(), [&](const RuleKey& k) { return k.name == name; });
        if (eq == std::string_view::npos || key == row->keys.end()) {
            std::string known;
            for (const RuleKey& k : row->keys) known += fmt::format("{}{}", known.empty() ? "" : ", ", k.name);
            throw Bad{fmt::format("{}: unknown setting '{}' (settings: {})", row->id, name,
                                  known.empty() ? "none" : known)};
        }
        enabled.settings[std::string(name)] = parse_value(*row, *key, parts[i].substr(eq + 1));
    }
    return enabled;
}

}  // namespace

std::variant<std::vector<EnabledRule>, SettingsError> parse_diagnose(const std::vector<std::string>& values) {
    std::vector<EnabledRule> out;
    const auto enable = [&](EnabledRule rule) {
        const auto same = std::find_if(out.begin(), out.end(), [&](const EnabledRule& r) { return r.row == rule.row; });
        if (same != out.end()) *same = std::move(rule);
        else out.push_back(std::move(rule));
    };
    try {
        for (const std::string& value : values) {
            for (const std::string_view item : split(value, ',')) {
                if (item == "all" || value.empty()) {
                    for (const RuleRow& row : rule_catalogue()) enable(parse_rule(row.id));
                } else {
                    enable(parse_rule(item));
                }
            }
        }
    } catch (const Bad& bad) {
        return SettingsError{bad.message};
    }
    return out;
}

}  // namespace ct::output::diagnostics
