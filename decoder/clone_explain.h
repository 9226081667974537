// What a clone flags value means, without a process: the flags it names, the
// exit signal, the combinations the kernel refuses and what the flags need
// besides (from the rules of clone_rules.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "decoder/clone_flags.h"
#include "decoder/clone_rules.h"
#include "decoder/creation.h"

namespace ct::decoder {

struct CloneExplanation {
    std::string input;
    // clone(2) carries the exit signal in the flags' low byte; a value with
    // flags only clone3(2) has (above bit 31, or CLONE_NEWTIME by name) is
    // read as clone3's flags, whose low byte holds no signal.
    CallForm form = CallForm::clone;
    std::uint64_t flags = 0;        // without the exit signal
    std::uint64_t exit_signal = 0;
    std::vector<const FlagName*> named;  // in the table's order
    std::uint64_t unknown = 0;      // bits no flag names
    ChildKind kind = ChildKind::process;
    std::string_view known_as;      // a well-known caller that passes exactly this; empty when none
    std::string release;            // the kernel judged by; empty: every kernel
    std::vector<const CloneRule*> refused;        // rules these flags break
    std::vector<const CloneRule*> refused_before; // ... that only kernels older than `release` have
    std::vector<const CloneRule*> then;           // rules the flags a refusal asks for would break next
    std::vector<const CloneRule*> needs;          // rules on other arguments, for flags that are set
    std::vector<const FlagName*> too_new;         // flags `release` does not know
};

// The kernel judged by takes the call as it is.
inline bool accepted(const CloneExplanation& e) { return e.refused.empty() && e.too_new.empty(); }

struct ExplainError {
    std::string message;
};

// `text`: a number (0x hex or decimal), or names and numbers joined by '|'
// ("CLONE_VM|CLONE_FS|SIGCHLD").
// `release` (uname's, "6.18.44") decides the rules that changed over time;
// empty: every rule counts.
std::variant<CloneExplanation, ExplainError> explain_clone_value(std::string_view text, std::string_view release);

}  // namespace ct::decoder
