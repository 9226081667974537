#include "decoder/clone_explain.h"

#include <array>
#include <charconv>
#include <csignal>

#include "decoder/names.h"

namespace ct::decoder {
namespace {

struct KnownSet {
    std::uint64_t flags;
    std::uint64_t exit_signal;
    std::string_view caller;
};

constexpr std::uint64_t kPthreadSet = clone_flag("CLONE_VM") | clone_flag("CLONE_FS") | clone_flag("CLONE_FILES") |
                                      clone_flag("CLONE_SIGHAND") | clone_flag("CLONE_THREAD") |
                                      clone_flag("CLONE_SYSVSEM") | clone_flag("CLONE_SETTLS") |
                                      clone_flag("CLONE_PARENT_SETTID") | clone_flag("CLONE_CHILD_CLEARTID");

// Flag sets common callers pass, to name what a value in a log comes from.
constexpr std::array<KnownSet, 5> kKnownSets{{
    {kPthreadSet, 0, "pthread_create (glibc)"},
    {kPthreadSet | clone_flag("CLONE_DETACHED"), 0, "pthread_create (musl)"},
    {clone_flag("CLONE_VM") | clone_flag("CLONE_FS") | clone_flag("CLONE_FILES") | clone_flag("CLONE_SIGHAND") |
         clone_flag("CLONE_SYSVSEM") | clone_flag("CLONE_THREAD"),
     0, "a new thread of the Go runtime"},
    {clone_flag("CLONE_CHILD_SETTID") | clone_flag("CLONE_CHILD_CLEARTID"), SIGCHLD, "fork (glibc)"},
    {clone_flag("CLONE_VM") | clone_flag("CLONE_VFORK"), SIGCHLD, "posix_spawn (glibc)"},
}};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
    return s;
}

std::optional<std::uint64_t> number(std::string_view s) {
    int base = 10;
    if (s.starts_with("0x") || s.starts_with("0X")) {
        s.remove_prefix(2);
        base = 16;
    }
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value, base);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return value;
}

const FlagName* flag_by_name(std::string_view name) {
    for (const FlagName& f : clone_flag_table())
        if (f.name == name) return &f;
    return nullptr;
}

}  // namespace

std::variant<CloneExplanation, ExplainError> explain_clone_value(std::string_view text, std::string_view release) {
    CloneExplanation e;
    e.input = std::string(text);
    e.release = std::string(release);
    std::uint64_t numbers = 0;
    std::uint64_t by_name = 0;
    std::uint64_t signal_by_name_value = 0;
    bool any = false;
    std::string_view rest = text;
    while (true) {
        const std::size_t bar = rest.find('|');
        const std::string_view token = trim(rest.substr(0, bar));
        if (token.empty()) return ExplainError{"an empty flag in '" + std::string(text) + "'"};
        if (const FlagName* f = flag_by_name(token)) {
            by_name |= f->bit;
        } else if (const auto n = number(token)) {
            numbers |= *n;
        } else if (const auto sig = token.starts_with("SIG") ? signal_by_name(token) : std::nullopt) {
            signal_by_name_value = *sig;
        } else {
            return ExplainError{"'" + std::string(token) + "' is neither a clone flag, a signal nor a number"};
        }
        any = true;
        if (bar == std::string_view::npos) break;
        rest.remove_prefix(bar + 1);
    }
    if (!any) return ExplainError{"nothing to explain"};

    const bool clone3_only_bits = ((numbers | by_name) >> 32) != 0 || (by_name & clone_flag("CLONE_NEWTIME")) != 0;
    e.form = clone3_only_bits ? CallForm::clone3 : CallForm::clone;
    if (e.form == CallForm::clone) {
        e.flags = (numbers | by_name) & ~kCloneSignalMask;
        e.exit_signal = (numbers & kCloneSignalMask) | signal_by_name_value;
    } else {
        e.flags = numbers | by_name;
        e.exit_signal = signal_by_name_value;
    }

    std::uint64_t left = e.flags;
    for (const FlagName& f : clone_flag_table()) {
        if ((left & f.bit) == 0) continue;
        e.named.push_back(&f);
        left &= ~f.bit;
    }
    e.unknown = left;
    const auto syscall = e.form == CallForm::clone ? arch::SyscallKind::clone : arch::SyscallKind::clone3;
    e.kind = classify_child(syscall, e.flags, false);  // a stack of its own, as posix_spawn gives
    for (const KnownSet& k : kKnownSets)
        if (k.flags == e.flags && k.exit_signal == e.exit_signal) e.known_as = k.caller;
    for (const FlagName* f : e.named)
        if (!release.empty() && release_before(release, f->since)) e.too_new.push_back(f);
    const auto older_only = [&](const CloneRule& rule) {
        return !rule.until.empty() && !release.empty() && release_before(rule.until, release);
    };
    std::uint64_t asked_for = 0;  // what the refusals ask to add
    for (const CloneRule& rule : clone_rules()) {
        if (!rule_applies_to(rule, e.form) || !rule_flags_match(rule, e.flags)) continue;
        switch (rule.condition) {
            case ArgCondition::none:
            case ArgCondition::exit_signal:
                if (rule.condition == ArgCondition::exit_signal && e.exit_signal == 0) break;
                (older_only(rule) ? e.refused_before : e.refused).push_back(&rule);
                if (!older_only(rule)) asked_for |= rule.missing;
                break;
            default: e.needs.push_back(&rule); break;
        }
    }
    // Adding a flag a rule asks for can break the next rule (CLONE_THREAD
    // asks for CLONE_SIGHAND, which asks for CLONE_VM): follow the chain.
    std::uint64_t fixed = e.flags;
    while ((fixed | asked_for) != fixed) {
        fixed |= asked_for;
        asked_for = 0;
        for (const CloneRule& rule : clone_rules()) {
            if (rule.missing == 0 || rule.condition != ArgCondition::none || !rule_applies_to(rule, e.form) ||
                !rule_flags_match(rule, fixed) || older_only(rule))
                continue;
            e.then.push_back(&rule);
            asked_for |= rule.missing;
        }
    }
    return e;
}

}  // namespace ct::decoder
