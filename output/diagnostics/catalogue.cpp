#include "output/diagnostics/catalogue.h"

#include <array>

#include "output/diagnostics/exec_from_thread.h"
#include "output/diagnostics/fork_with_threads.h"

namespace ct::output::diagnostics {
namespace {

constexpr std::int64_t kMs = 1'000'000;

template <typename R>
std::unique_ptr<Rule> make(const RuleSettings& settings) {
    return std::make_unique<R>(settings);
}

constexpr std::array<RuleKey, 1> kForkKeys{{
    {"exec-within", Unit::duration, 1000 * kMs, "a child that neither execs nor exits within this is flagged"},
}};

constexpr std::array<RuleRow, 2> kRules{{
    {"fork-with-threads", "a process with several live threads forked a child with a copy of its memory",
     kForkKeys, make<ForkWithThreads>},
    {"exec-from-thread", "a thread other than the leader ran exec, killing its sibling threads", {},
     make<ExecFromThread>},
}};

}  // namespace

std::span<const RuleRow> rule_catalogue() { return kRules; }

const RuleRow* rule_by_id(std::string_view id) {
    for (const RuleRow& row : kRules)
        if (row.id == id) return &row;
    return nullptr;
}

}  // namespace ct::output::diagnostics
