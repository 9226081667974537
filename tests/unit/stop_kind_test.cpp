// classify_stop over status words encoded as the kernel encodes them.
#include <gtest/gtest.h>
#include <csignal>
#include <sys/ptrace.h>

#include "tracer/stop_kind.h"

namespace ct::tracer {
namespace {

constexpr int stopped(int sig) { return (sig << 8) | 0x7f; }
constexpr int event_stop(int sig, int event) { return ((sig | (event << 8)) << 8) | 0x7f; }
constexpr int exited(int code) { return code << 8; }
constexpr int killed(int sig, bool core = false) { return sig | (core ? 0x80 : 0); }
constexpr int kContinued = 0xffff;

struct Case {
    int status;
    bool known;
    StopKind kind;
};

class ClassifyStop : public testing::TestWithParam<Case> {};

TEST_P(ClassifyStop, Kind) {
    const Case c = GetParam();
    EXPECT_EQ(classify_stop(c.status, c.known), c.kind) << std::hex << "status 0x" << c.status;
}

INSTANTIATE_TEST_SUITE_P(
    Statuses, ClassifyStop,
    testing::Values(
        Case{event_stop(SIGTRAP, PTRACE_EVENT_CLONE), true, StopKind::creation_event},
        Case{event_stop(SIGTRAP, PTRACE_EVENT_FORK), true, StopKind::creation_event},
        Case{event_stop(SIGTRAP, PTRACE_EVENT_VFORK), true, StopKind::creation_event},
        Case{event_stop(SIGTRAP, PTRACE_EVENT_CLONE), false, StopKind::creation_event},
        Case{event_stop(SIGTRAP, PTRACE_EVENT_EXEC), true, StopKind::exec_event},
        Case{event_stop(SIGTRAP, PTRACE_EVENT_SECCOMP), true, StopKind::seccomp_event},
        Case{event_stop(SIGSTOP, PTRACE_EVENT_STOP), true, StopKind::group_stop},
        Case{event_stop(SIGTSTP, PTRACE_EVENT_STOP), true, StopKind::group_stop},
        Case{event_stop(SIGTTIN, PTRACE_EVENT_STOP), true, StopKind::group_stop},
        Case{event_stop(SIGTTOU, PTRACE_EVENT_STOP), true, StopKind::group_stop},
        Case{event_stop(SIGTRAP, PTRACE_EVENT_STOP), true, StopKind::interrupt_stop},
        // An unknown tid's PTRACE_EVENT_STOP is a new task's first stop, whatever its signal.
        Case{event_stop(SIGTRAP, PTRACE_EVENT_STOP), false, StopKind::new_task},
        Case{event_stop(SIGSTOP, PTRACE_EVENT_STOP), false, StopKind::new_task},
        Case{stopped(SIGTRAP | 0x80), true, StopKind::syscall_stop},
        Case{stopped(SIGTRAP | 0x80), false, StopKind::syscall_stop},
        Case{stopped(SIGTRAP), true, StopKind::signal_delivery},
        Case{stopped(SIGCHLD), true, StopKind::signal_delivery},
        Case{stopped(SIGCONT), true, StopKind::signal_delivery},
        Case{stopped(SIGSTOP), true, StopKind::signal_delivery},
        Case{event_stop(SIGTRAP, PTRACE_EVENT_EXIT), true, StopKind::exit_event},
        Case{event_stop(SIGTRAP, PTRACE_EVENT_VFORK_DONE), true, StopKind::unasked_event},
        Case{exited(0), true, StopKind::exited},
        Case{exited(42), false, StopKind::exited},
        Case{killed(SIGKILL), true, StopKind::killed},
        Case{killed(SIGSEGV, true), false, StopKind::killed},
        Case{kContinued, true, StopKind::other}));

TEST(ExitFromStatus, ExitCode) {
    const decoder::TaskExit e = exit_from_status(exited(42));
    EXPECT_FALSE(e.signaled);
    EXPECT_EQ(e.code, 42);
    EXPECT_FALSE(e.core_dumped);
}

TEST(ExitFromStatus, SignalAndCore) {
    const decoder::TaskExit plain = exit_from_status(killed(SIGKILL));
    EXPECT_TRUE(plain.signaled);
    EXPECT_EQ(plain.code, SIGKILL);
    EXPECT_FALSE(plain.core_dumped);
    const decoder::TaskExit core = exit_from_status(killed(SIGSEGV, true));
    EXPECT_TRUE(core.signaled);
    EXPECT_EQ(core.code, SIGSEGV);
    EXPECT_TRUE(core.core_dumped);
}

}  // namespace
}  // namespace ct::tracer
