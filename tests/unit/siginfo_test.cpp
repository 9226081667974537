// Signals from their siginfo bytes to strace's line: the code's name per
// signal, the fields each code fills, and the union read at the right offsets.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <linux/audit.h>
#include <string>

#include "decoder/siginfo.h"
#include "output/signal_text.h"

namespace ct::decoder {
namespace {

// A siginfo as the kernel lays it out on a 64-bit host, field by field.
class Bytes {
public:
    template <typename T>
    Bytes& at(std::size_t offset, T value) {
        std::memcpy(bytes_.data() + offset, &value, sizeof value);
        return *this;
    }
    Bytes& head(int signo, int code) { return at<std::int32_t>(kSiginfo64.signo, signo).at<std::int32_t>(kSiginfo64.code, code); }
    std::string line() const { return output::format_signal_text(decode_siginfo(bytes_)); }
    const std::array<std::byte, kSiginfoSize>& raw() const { return bytes_; }

private:
    std::array<std::byte, kSiginfoSize> bytes_{};
};

constexpr SiginfoOffsets at = kSiginfo64;

TEST(Siginfo, KillFromUserSpaceShowsTheSender) {
    Bytes b;
    b.head(SIGUSR1, 0).at<std::int32_t>(at.pid, 1234).at<std::uint32_t>(at.uid, 1000).at<std::uint64_t>(at.value, 99);
    EXPECT_EQ(b.line(), "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=1234, si_uid=1000} ---");
    b.head(SIGUSR2, -6);
    EXPECT_EQ(b.line(), "--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_TKILL, si_pid=1234, si_uid=1000} ---");
}

TEST(Siginfo, QueuedSignalShowsItsValueOnlyWhenSet) {
    Bytes b;
    b.head(SIGUSR1, -1).at<std::int32_t>(at.pid, 7).at<std::uint64_t>(at.value, 0x1234567890);
    EXPECT_EQ(b.line(),
              "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=7, si_uid=0, si_int=878082192, si_ptr=0x1234567890} ---");
    b.at<std::uint64_t>(at.value, 0);
    EXPECT_EQ(b.line(), "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=7, si_uid=0} ---");
}

TEST(Siginfo, UnknownCodeInHexAndErrnoByName) {
    Bytes b;
    b.head(SIGWINCH, -8).at<std::int32_t>(at.error, 2).at<std::int32_t>(at.pid, 5).at<std::uint32_t>(at.uid, 6);
    EXPECT_EQ(b.line(), "--- SIGWINCH {si_signo=SIGWINCH, si_code=0xfffffff8, si_errno=ENOENT, si_pid=5, si_uid=6} ---");
}

TEST(Siginfo, TimerShowsItsIdOverrunAndValue) {
    Bytes b;
    b.head(SIGALRM, -2).at<std::int32_t>(at.timerid, 0).at<std::int32_t>(at.overrun, 3).at<std::uint64_t>(at.value, 7);
    EXPECT_EQ(b.line(), "--- SIGALRM {si_signo=SIGALRM, si_code=SI_TIMER, si_timerid=0, si_overrun=3, si_int=7, si_ptr=0x7} ---");
    b.at<std::int32_t>(at.timerid, 0x1f);
    EXPECT_EQ(b.line(), "--- SIGALRM {si_signo=SIGALRM, si_code=SI_TIMER, si_timerid=0x1f, si_overrun=3, si_int=7, si_ptr=0x7} ---");
}

TEST(Siginfo, ChildStatusIsACodeWhenExitedAndASignalOtherwise) {
    Bytes b;
    b.head(SIGCHLD, 1).at<std::int32_t>(at.pid, 42).at<std::int32_t>(at.status, 3).at<std::int64_t>(at.utime, 5).at<std::int64_t>(at.stime, 6);
    EXPECT_EQ(b.line(),
              "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=42, si_uid=0, si_status=3, si_utime=5 /* 0.05 s */, si_stime=6 /* 0.06 s */} ---");
    b.head(SIGCHLD, 2).at<std::int32_t>(at.status, SIGTERM);
    EXPECT_EQ(b.line(),
              "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=42, si_uid=0, si_status=SIGTERM, si_utime=5 /* 0.05 s */, si_stime=6 /* 0.06 s */} ---");
    b.head(SIGCHLD, 5).at<std::int32_t>(at.status, SIGSTOP);
    EXPECT_EQ(b.line(),
              "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_STOPPED, si_pid=42, si_uid=0, si_status=SIGSTOP, si_utime=5 /* 0.05 s */, si_stime=6 /* 0.06 s */} ---");
    // As strace prints a clock_t: the ticks, then seconds (USER_HZ is 100); none is a bare 0.
    b.at<std::int64_t>(at.utime, 150).at<std::int64_t>(at.stime, 0);
    EXPECT_NE(b.line().find("si_utime=150 /* 1.50 s */, si_stime=0} ---"), std::string::npos) << b.line();
}

TEST(Siginfo, FaultsShowTheAddress) {
    Bytes b;
    b.head(SIGSEGV, 1).at<std::uint64_t>(at.addr, 0x10);
    EXPECT_EQ(b.line(), "--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---");
    b.head(SIGBUS, 2).at<std::uint64_t>(at.addr, 0);
    EXPECT_EQ(b.line(), "--- SIGBUS {si_signo=SIGBUS, si_code=BUS_ADRERR, si_addr=NULL} ---");
    b.head(SIGFPE, 1);
    EXPECT_EQ(b.line(), "--- SIGFPE {si_signo=SIGFPE, si_code=FPE_INTDIV, si_addr=NULL} ---");
    b.head(SIGTRAP, 1);
    EXPECT_EQ(b.line(), "--- SIGTRAP {si_signo=SIGTRAP, si_code=TRAP_BRKPT, si_addr=NULL} ---");
    b.head(SIGSEGV, 0x80).at<std::uint64_t>(at.addr, 0);  // the kernel's own, as on a bad sigreturn
    EXPECT_EQ(b.line(), "--- SIGSEGV {si_signo=SIGSEGV, si_code=SI_KERNEL, si_addr=NULL} ---");
}

TEST(Siginfo, PollAndSeccompSignals) {
    Bytes b;
    b.head(SIGIO, 1).at<std::int64_t>(at.band, 65).at<std::int32_t>(at.fd, 4);
    EXPECT_EQ(b.line(), "--- SIGIO {si_signo=SIGIO, si_code=POLL_IN, si_band=65, si_fd=4} ---");
    b.head(SIGIO, 6);
    EXPECT_EQ(b.line(), "--- SIGIO {si_signo=SIGIO, si_code=POLL_HUP} ---");
    Bytes s;
    s.head(SIGSYS, 1).at<std::uint64_t>(at.addr, 0x401000).at<std::int32_t>(at.syscall, 435).at<std::uint32_t>(at.arch, AUDIT_ARCH_X86_64);
    EXPECT_EQ(s.line(),
              "--- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=0x401000, si_syscall=__NR_clone3, si_arch=AUDIT_ARCH_X86_64} ---");
    s.at<std::int32_t>(at.syscall, 39).at<std::uint32_t>(at.arch, 0x1234);
    EXPECT_EQ(s.line(),
              "--- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=0x401000, si_syscall=39, si_arch=0x1234 /* AUDIT_ARCH_??? */} ---");
}

TEST(Siginfo, KernelSignalsShowTheSenderAndValueWhenSet) {
    Bytes b;
    b.head(SIGKILL, 0x80);
    EXPECT_EQ(b.line(), "--- SIGKILL {si_signo=SIGKILL, si_code=SI_KERNEL} ---");
    b.at<std::uint32_t>(at.uid, 3);
    EXPECT_EQ(b.line(), "--- SIGKILL {si_signo=SIGKILL, si_code=SI_KERNEL, si_pid=0, si_uid=3} ---");
    b.head(SIGPROF, 1);
    EXPECT_EQ(b.line(), "--- SIGPROF {si_signo=SIGPROF, si_code=PROF_SIG, si_pid=0, si_uid=3} ---");
}

TEST(Siginfo, DecodingKeepsOnlyTheFieldsOfTheCode) {
    Bytes b;
    b.head(SIGUSR1, 0).at<std::int32_t>(at.pid, 9).at<std::int32_t>(at.status, 77).at<std::uint64_t>(at.addr + 16, 1);
    const Signal s = decode_siginfo(b.raw());
    EXPECT_EQ(s.pid, 9);
    EXPECT_EQ(s.value, 0U);  // not SI_USER's: dropped, so the event holds what is shown
    EXPECT_EQ(s.status, 0);
    EXPECT_EQ(s.addr, 0U);
}

TEST(Siginfo, ShortBytesDecodeToWhatTheyHold) {
    Bytes b;
    b.head(SIGCHLD, 1).at<std::int32_t>(at.pid, 42).at<std::int64_t>(at.stime, 6);
    const Signal s = decode_siginfo(std::span(b.raw()).first(at.stime));
    EXPECT_EQ(s.pid, 42);
    EXPECT_EQ(s.stime, 0);
    EXPECT_EQ(decode_siginfo({}).signo, 0U);
}

TEST(Siginfo, CodeNamesPerSignalAndBack) {
    EXPECT_EQ(si_code_name(SIGCHLD, 1), "CLD_EXITED");
    EXPECT_EQ(si_code_name(SIGSEGV, 1), "SEGV_MAPERR");
    EXPECT_EQ(si_code_name(SIGUSR1, 1), std::nullopt);
    EXPECT_EQ(si_code_name(SIGSEGV, 0x80), "SI_KERNEL");
    EXPECT_EQ(si_code_by_name(SIGCHLD, "CLD_DUMPED"), 3);
    EXPECT_EQ(si_code_by_name(SIGSEGV, "CLD_DUMPED"), std::nullopt);
    EXPECT_EQ(si_code_by_name(SIGUSR1, "SI_QUEUE"), -1);
}

}  // namespace
}  // namespace ct::decoder
