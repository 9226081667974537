// The flag explainer and the table of rules it reads, without a kernel.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "decoder/clone_explain.h"
#include "decoder/clone_rules.h"

namespace ct::decoder {
namespace {

CloneExplanation explained(std::string_view text, std::string_view release = "") {
    auto result = explain_clone_value(text, release);
    EXPECT_TRUE(std::holds_alternative<CloneExplanation>(result)) << text;
    return std::get<CloneExplanation>(result);
}

std::set<std::string> ids(const std::vector<const CloneRule*>& rules) {
    std::set<std::string> out;
    for (const CloneRule* r : rules) out.emplace(r->id);
    return out;
}

TEST(CloneRules, RowsAreWellFormed) {
    std::set<std::string_view> seen;
    for (const CloneRule& rule : clone_rules()) {
        EXPECT_TRUE(seen.insert(rule.id).second) << rule.id;
        EXPECT_NE(rule.present, 0U) << rule.id;
        EXPECT_EQ(rule.present & rule.missing, 0U) << rule.id;
        EXPECT_FALSE(rule.reason.empty()) << rule.id;
        EXPECT_TRUE(rule.error == EINVAL || rule.error == EFAULT) << rule.id;
    }
}

TEST(CloneRules, ReleasesCompareByNumber) {
    EXPECT_TRUE(release_before("6.8.12", "6.9"));
    EXPECT_TRUE(release_before("6.9", "6.18.44-fc"));
    EXPECT_FALSE(release_before("6.18.44-fc", "6.9"));
    EXPECT_FALSE(release_before("6.9", "6.9"));
    EXPECT_TRUE(release_before("2.6.32", "3.0"));
}

TEST(CloneExplain, PthreadSetIsKnownAndAccepted) {
    const CloneExplanation e = explained("0x3d0f00");
    EXPECT_EQ(e.form, CallForm::clone);
    EXPECT_EQ(e.flags, 0x3d0f00U);
    EXPECT_EQ(e.exit_signal, 0U);
    EXPECT_EQ(e.kind, ChildKind::thread);
    EXPECT_EQ(e.known_as, "pthread_create (glibc)");
    EXPECT_TRUE(accepted(e));
    EXPECT_EQ(e.named.size(), 9U);
}

TEST(CloneExplain, ThreadAloneFollowsTheChain) {
    const CloneExplanation e = explained("0x10000");
    EXPECT_EQ(ids(e.refused), std::set<std::string>{"thread-needs-sighand"});
    EXPECT_EQ(ids(e.then), std::set<std::string>{"sighand-needs-vm"});
    EXPECT_FALSE(accepted(e));
}

TEST(CloneExplain, LowByteIsTheExitSignalOfClone) {
    const CloneExplanation e = explained("0x1200011");
    EXPECT_EQ(e.form, CallForm::clone);
    EXPECT_EQ(e.exit_signal, 17U);
    EXPECT_EQ(e.flags, 0x1200000U);
    EXPECT_EQ(e.known_as, "fork (glibc)");
}

TEST(CloneExplain, Clone3OnlyFlagsMakeItClone3) {
    const CloneExplanation e = explained("CLONE_NEWTIME|CLONE_PARENT|SIGCHLD");
    EXPECT_EQ(e.form, CallForm::clone3);
    EXPECT_EQ(e.flags, 0x8080U);
    EXPECT_EQ(ids(e.refused), std::set<std::string>{"parent-with-exit-signal"});
}

TEST(CloneExplain, KernelReleaseDecidesTimeBoundRules) {
    const std::string pidfd_thread = "CLONE_PIDFD|CLONE_THREAD|CLONE_SIGHAND|CLONE_VM";
    EXPECT_EQ(ids(explained(pidfd_thread, "6.1.0").refused), std::set<std::string>{"pidfd-with-thread"});
    const CloneExplanation now = explained(pidfd_thread, "6.18.44");
    EXPECT_TRUE(now.refused.empty());
    EXPECT_EQ(ids(now.refused_before), std::set<std::string>{"pidfd-with-thread"});
    EXPECT_EQ(ids(now.needs), std::set<std::string>{"pidfd-needs-pointer"});
}

TEST(CloneExplain, FlagsNewerThanTheKernelAreRefused) {
    const CloneExplanation e = explained("CLONE_NNP", "6.18");
    ASSERT_EQ(e.too_new.size(), 1U);
    EXPECT_EQ(e.too_new[0]->name, "CLONE_NNP");
    EXPECT_FALSE(accepted(e));
    EXPECT_TRUE(accepted(explained("CLONE_NNP", "7.1")));
}

TEST(CloneExplain, UnknownBitsAreKept) {
    const CloneExplanation e = explained("0x8000000000000000");
    EXPECT_EQ(e.unknown, 0x8000000000000000U);
    EXPECT_TRUE(e.named.empty());
}

TEST(CloneExplain, BadTextIsAnError) {
    for (const char* text : {"", "CLONE_NOPE", "0x", "12z", "CLONE_VM|", "|", "SIGNOPE"})
        EXPECT_TRUE(std::holds_alternative<ExplainError>(explain_clone_value(text, ""))) << text;
}

}  // namespace
}  // namespace ct::decoder
