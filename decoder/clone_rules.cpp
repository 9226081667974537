#include "decoder/clone_rules.h"

#include <charconv>

namespace ct::decoder {
namespace {

// The leading dotted numbers of a release string, missing ones as 0.
std::array<unsigned, 3> release_numbers(std::string_view release) {
    std::array<unsigned, 3> out{};
    const char* p = release.data();
    const char* end = p + release.size();
    for (unsigned& n : out) {
        const auto [next, ec] = std::from_chars(p, end, n);
        if (ec != std::errc() || next == end || *next != '.') break;
        p = next + 1;
    }
    return out;
}

}  // namespace

std::span<const CloneRule> clone_rules() { return kCloneRules; }

bool rule_applies_to(const CloneRule& rule, CallForm form) {
    switch (rule.calls) {
        case RuleCalls::both: return true;
        case RuleCalls::clone_only: return form == CallForm::clone;
        case RuleCalls::clone3_only: return form == CallForm::clone3;
    }
    return false;
}

bool rule_flags_match(const CloneRule& rule, std::uint64_t flags) {
    return (flags & rule.present) == rule.present && (flags & rule.missing) == 0;
}

std::string_view rule_since(const CloneRule& rule) {
    std::string_view newest = "0";
    for (const FlagName& f : clone_flag_table())
        if ((rule.present & f.bit) != 0 && release_before(newest, f.since)) newest = f.since;
    return newest;
}

bool release_before(std::string_view a, std::string_view b) { return release_numbers(a) < release_numbers(b); }

}  // namespace ct::decoder
