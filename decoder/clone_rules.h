// The combinations of clone flags and arguments the kernel refuses, as data:
// one row per check of kernel/fork.c (copy_process, kernel_clone,
// clone3_args_valid, copy_clone_args_from_user).
#pragma once

#include <array>
#include <cerrno>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "decoder/clone_flags.h"

namespace ct::decoder {

// Which of the two calls a rule belongs to.
enum class CallForm : std::uint8_t { clone, clone3 };
enum class RuleCalls : std::uint8_t { both, clone_only, clone3_only };

// A condition on an argument other than the flags, checked with them.
enum class ArgCondition : std::uint8_t {
    none,
    exit_signal,             // an exit signal is given
    null_pidfd,              // the pidfd pointer is NULL
    pidfd_is_parent_tid,     // clone3's pidfd and parent_tid point at one place
    args_without_cgroup,     // struct clone_args is too small to hold cgroup (< 88 bytes)
};

struct CloneRule {
    std::string_view id;     // stable short name, for JSON and tests
    std::uint64_t present;   // every one of these flags is set ...
    std::uint64_t missing;   // ... and none of these (0: no such condition)
    RuleCalls calls;
    ArgCondition condition;
    int error;               // what the call fails with
    std::string_view until;  // the last kernel release that refuses it; empty: every release since the flags exist
    std::string_view reason;
};

inline constexpr std::array<CloneRule, 16> kCloneRules{{
    {"thread-needs-sighand", clone_flag("CLONE_THREAD"), clone_flag("CLONE_SIGHAND"), RuleCalls::both,
     ArgCondition::none, EINVAL, "",
     "CLONE_THREAD needs CLONE_SIGHAND: the threads of a group share their signal handlers"},
    {"sighand-needs-vm", clone_flag("CLONE_SIGHAND"), clone_flag("CLONE_VM"), RuleCalls::both, ArgCondition::none,
     EINVAL, "", "CLONE_SIGHAND needs CLONE_VM: shared handlers must live in shared memory"},
    {"newns-with-fs", clone_flag("CLONE_NEWNS") | clone_flag("CLONE_FS"), 0, RuleCalls::both, ArgCondition::none,
     EINVAL, "", "CLONE_NEWNS with CLONE_FS: a new mount namespace cannot share the root and working directory"},
    {"newuser-with-fs", clone_flag("CLONE_NEWUSER") | clone_flag("CLONE_FS"), 0, RuleCalls::both,
     ArgCondition::none, EINVAL, "",
     "CLONE_NEWUSER with CLONE_FS: a new user namespace cannot share filesystem information"},
    {"newuser-with-thread", clone_flag("CLONE_NEWUSER") | clone_flag("CLONE_THREAD"), 0, RuleCalls::both,
     ArgCondition::none, EINVAL, "", "CLONE_NEWUSER with CLONE_THREAD: a thread cannot have a user namespace of its own"},
    {"newpid-with-thread", clone_flag("CLONE_NEWPID") | clone_flag("CLONE_THREAD"), 0, RuleCalls::both,
     ArgCondition::none, EINVAL, "", "CLONE_NEWPID with CLONE_THREAD: a thread cannot start a PID namespace"},
    {"clear-sighand-with-sighand", clone_flag("CLONE_CLEAR_SIGHAND") | clone_flag("CLONE_SIGHAND"), 0,
     RuleCalls::clone3_only, ArgCondition::none, EINVAL, "",
     "CLONE_CLEAR_SIGHAND with CLONE_SIGHAND: shared handlers cannot be reset in the child alone"},
    {"pidfd-with-detached", clone_flag("CLONE_PIDFD") | clone_flag("CLONE_DETACHED"), 0, RuleCalls::clone_only,
     ArgCondition::none, EINVAL, "", "CLONE_PIDFD with CLONE_DETACHED: the bit is kept for later use by pidfds"},
    {"pidfd-with-thread", clone_flag("CLONE_PIDFD") | clone_flag("CLONE_THREAD"), 0, RuleCalls::both,
     ArgCondition::none, EINVAL, "6.8", "CLONE_PIDFD with CLONE_THREAD: no pidfds for threads before Linux 6.9"},
    {"pidfd-with-parent-settid", clone_flag("CLONE_PIDFD") | clone_flag("CLONE_PARENT_SETTID"), 0,
     RuleCalls::clone_only, ArgCondition::none, EINVAL, "",
     "CLONE_PIDFD with CLONE_PARENT_SETTID: clone(2) writes both through its one parent_tid argument"},
    {"pidfd-same-place-as-parent-tid", clone_flag("CLONE_PIDFD") | clone_flag("CLONE_PARENT_SETTID"), 0,
     RuleCalls::clone3_only, ArgCondition::pidfd_is_parent_tid, EINVAL, "",
     "CLONE_PIDFD with CLONE_PARENT_SETTID: pidfd and parent_tid must point at different places"},
    {"pidfd-needs-pointer", clone_flag("CLONE_PIDFD"), 0, RuleCalls::both, ArgCondition::null_pidfd, EFAULT, "",
     "CLONE_PIDFD needs a pointer to write the pidfd to"},
    {"detached-in-clone3", clone_flag("CLONE_DETACHED"), 0, RuleCalls::clone3_only, ArgCondition::none, EINVAL, "",
     "CLONE_DETACHED is refused by clone3: the bit is kept for later use"},
    {"thread-with-exit-signal", clone_flag("CLONE_THREAD"), 0, RuleCalls::clone3_only, ArgCondition::exit_signal,
     EINVAL, "", "CLONE_THREAD with an exit signal: a thread signals no one at its exit (clone(2) ignores it)"},
    {"parent-with-exit-signal", clone_flag("CLONE_PARENT"), 0, RuleCalls::clone3_only, ArgCondition::exit_signal,
     EINVAL, "", "CLONE_PARENT with an exit signal: the child signals the caller's parent with its parent's signal"},
    {"into-cgroup-needs-cgroup-field", clone_flag("CLONE_INTO_CGROUP"), 0, RuleCalls::clone3_only,
     ArgCondition::args_without_cgroup, EINVAL, "",
     "CLONE_INTO_CGROUP needs struct clone_args of 88 bytes or more, with the cgroup field"},
}};

std::span<const CloneRule> clone_rules();

bool rule_applies_to(const CloneRule& rule, CallForm form);

// The flag part of the rule holds for `flags` (its argument condition aside).
bool rule_flags_match(const CloneRule& rule, std::uint64_t flags);

// The kernel release that added the newest flag the rule names.
std::string_view rule_since(const CloneRule& rule);

// True when release `a` ("6.18.44-fc") comes before release `b` ("6.9").
bool release_before(std::string_view a, std::string_view b);

}  // namespace ct::decoder
