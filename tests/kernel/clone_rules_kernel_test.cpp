// Every rule of decoder/clone_rules.h against the running kernel: a raw call
// that breaks that rule and no other must fail with the rule's error. The
// call is made with inline syscalls and a child that could be born anyway
// (a rule that does not hold) exits at once without touching memory, so a
// wrong rule shows as a failed test, never as a stray task.
#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <ostream>
#include <cstdint>
#include <string>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "decoder/clone_rules.h"

#if !defined(__x86_64__)
#error "these checks make x86_64 syscalls inline"
#endif

namespace ct::decoder {
namespace {

struct KernelCloneArgs {  // struct clone_args through cgroup (88 bytes)
    std::uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size,
        cgroup;
};
static_assert(sizeof(KernelCloneArgs) == 88);
constexpr std::uint64_t kArgsSizeWithoutCgroup = 64;

// A raw syscall whose child, if one is born, exits at once.
long call_exit_child(long nr, long a, long b, long c, long d, long e) {
    long r;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    __asm__ volatile(
        "syscall\n\t"
        "test %%rax, %%rax\n\t"
        "jnz 1f\n\t"
        "mov $60, %%eax\n\t"  // SYS_exit
        "xor %%edi, %%edi\n\t"
        "syscall\n\t"
        "hlt\n"
        "1:"
        : "=a"(r)
        : "0"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
        : "rcx", "r11", "memory", "cc");
    return r;
}

std::string running_release() {
    utsname host{};
    return ::uname(&host) == 0 ? host.release : "";
}

bool breaks(const CloneRule& rule, CallForm form, std::uint64_t flags, bool with_signal) {
    return rule_applies_to(rule, form) && rule_flags_match(rule, flags) &&
           (rule.condition == ArgCondition::none || (rule.condition == ArgCondition::exit_signal && with_signal));
}

struct Case {
    const CloneRule* rule;
    CallForm form;
};

std::vector<Case> all_cases() {
    std::vector<Case> out;
    for (const CloneRule& rule : clone_rules())
        for (CallForm form : {CallForm::clone, CallForm::clone3})
            if (rule_applies_to(rule, form)) out.push_back({&rule, form});
    return out;
}

void PrintTo(const Case& c, std::ostream* out) {
    *out << c.rule->id << (c.form == CallForm::clone ? " in clone" : " in clone3");
}

class CloneRuleOnKernel : public testing::TestWithParam<Case> {};

TEST_P(CloneRuleOnKernel, KernelRefusesIt) {
    const CloneRule& rule = *GetParam().rule;
    const CallForm form = GetParam().form;
    const std::string release = running_release();
    if (release_before(release, rule_since(rule))) GTEST_SKIP() << "Linux " << release << " lacks the flags";
    if (!rule.until.empty() && release_before(rule.until, release))
        GTEST_SKIP() << "Linux " << release << " no longer has this rule";

    // The rule's flags, plus what every other rule asks for, so that only this one breaks.
    std::uint64_t flags = rule.present;
    for (bool grew = true; grew;) {
        grew = false;
        for (const CloneRule& other : clone_rules()) {
            if (&other == &rule || other.missing == 0 || !breaks(other, form, flags, false)) continue;
            if ((other.missing & rule.missing) != 0) continue;
            flags |= other.missing;
            grew = true;
        }
    }
    const bool thread = (flags & kCloneThread) != 0;
    const bool with_signal = rule.condition == ArgCondition::exit_signal || (form == CallForm::clone && !thread);
    for (const CloneRule& other : clone_rules())
        if (&other != &rule && breaks(other, form, flags, with_signal))
            GTEST_SKIP() << "no call breaks " << rule.id << " alone: " << other.id << " too";

    int parent_tid = 0;
    int pidfd = -1;
    long result = 0;
    if (form == CallForm::clone) {
        const std::uint64_t word = flags | (with_signal ? SIGCHLD : 0);
        const long shared_pointer = rule.condition == ArgCondition::null_pidfd ? 0 : reinterpret_cast<long>(&pidfd);
        result = call_exit_child(SYS_clone, static_cast<long>(word), 0, shared_pointer, 0, 0);
    } else {
        KernelCloneArgs args{};
        args.flags = flags;
        args.exit_signal = with_signal ? SIGCHLD : 0;
        args.parent_tid = reinterpret_cast<std::uint64_t>(&parent_tid);
        args.pidfd = rule.condition == ArgCondition::null_pidfd           ? 0
                     : rule.condition == ArgCondition::pidfd_is_parent_tid ? args.parent_tid
                                                                           : reinterpret_cast<std::uint64_t>(&pidfd);
        const std::uint64_t size =
            rule.condition == ArgCondition::args_without_cgroup ? kArgsSizeWithoutCgroup : sizeof args;
        result = call_exit_child(SYS_clone3, reinterpret_cast<long>(&args), static_cast<long>(size), 0, 0, 0);
    }
    if (result > 0) {
        if (!thread) ::waitpid(static_cast<pid_t>(result), nullptr, __WALL);
        if (pidfd >= 0) ::close(pidfd);
    }
    if (result == -EPERM && ::geteuid() != 0) GTEST_SKIP() << "needs privileges this test lacks";
    EXPECT_EQ(result, -rule.error) << rule.id << " flags " << std::hex << flags;
}

std::string case_name(const testing::TestParamInfo<Case>& info) {
    std::string name(info.param.rule->id);
    for (char& c : name)
        if (c == '-') c = '_';
    return name + (info.param.form == CallForm::clone ? "_clone" : "_clone3");
}

INSTANTIATE_TEST_SUITE_P(Rules, CloneRuleOnKernel, testing::ValuesIn(all_cases()), case_name);

}  // namespace
}  // namespace ct::decoder
