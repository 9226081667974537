#include "output/diagnostics/catalogue.h"

#include <array>

#include "output/diagnostics/creation_failed.h"
#include "output/diagnostics/exec_from_thread.h"
#include "output/diagnostics/fork_with_threads.h"
#include "output/diagnostics/short_lived_threads.h"
#include "output/diagnostics/thread_growth.h"
#include "output/diagnostics/threads_at_exit.h"
#include "output/diagnostics/unreaped_children.h"

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

constexpr std::array<RuleKey, 1> kFailedKeys{{
    {"retries", Unit::count, 10, "one task's same call failing this many times in a row is a retry storm"},
}};

constexpr std::array<RuleKey, 1> kGrowthKeys{{
    {"threads", Unit::count, 100, "a process reaching this many live threads is reported, and at each doubling"},
}};

constexpr std::array<RuleKey, 2> kShortKeys{{
    {"lifetime", Unit::duration, 10 * kMs, "a thread living less than this is short-lived"},
    {"count", Unit::count, 100, "a process is reported when this many of its threads were short-lived"},
}};

constexpr std::array<RuleRow, 7> kRules{{
    {"fork-with-threads", "a process with several live threads forked a child with a copy of its memory",
     kForkKeys, make<ForkWithThreads>},
    {"creation-failed", "creation calls failed (likely causes by errno), or were retried in a storm", kFailedKeys,
     make<CreationFailed>},
    {"thread-growth", "a process whose live-thread count keeps rising", kGrowthKeys, make<ThreadGrowth>},
    {"short-lived-threads", "many threads that each lived only briefly: a pool would serve", kShortKeys,
     make<ShortLivedThreads>},
    {"exec-from-thread", "a thread other than the leader ran exec, killing its sibling threads", {},
     make<ExecFromThread>},
    {"threads-at-exit",
     "threads still running when their process exited or a signal killed it (killed mid-work), processes left running "
     "at the end",
     {}, make<ThreadsAtExit>, true},
    {"unreaped-children", "children that ended and that their parent never waited for (zombies at its end or detach)",
     {}, make<UnreapedChildren>, true},
}};

}  // namespace

std::span<const RuleRow> rule_catalogue() { return kRules; }

const RuleRow* rule_by_id(std::string_view id) {
    for (const RuleRow& row : kRules)
        if (row.id == id) return &row;
    return nullptr;
}

}  // namespace ct::output::diagnostics
