#include "tracer/signal_delivery.h"

#include <array>
#include <csignal>
#include <cstddef>
#include <sys/ptrace.h>

namespace ct::tracer {
namespace {

// The kernel hands the tracer its own ABI's siginfo, whatever the tracee's:
// the decoder's offsets must be this build's.
constexpr decoder::SiginfoOffsets kAt = decoder::kSiginfo64;
static_assert(sizeof(siginfo_t) == decoder::kSiginfoSize);
static_assert(offsetof(siginfo_t, si_signo) == kAt.signo && offsetof(siginfo_t, si_errno) == kAt.error &&
              offsetof(siginfo_t, si_code) == kAt.code);
static_assert(offsetof(siginfo_t, si_pid) == kAt.pid && offsetof(siginfo_t, si_uid) == kAt.uid &&
              offsetof(siginfo_t, si_value) == kAt.value);
static_assert(offsetof(siginfo_t, si_timerid) == kAt.timerid && offsetof(siginfo_t, si_overrun) == kAt.overrun);
static_assert(offsetof(siginfo_t, si_status) == kAt.status && offsetof(siginfo_t, si_utime) == kAt.utime &&
              offsetof(siginfo_t, si_stime) == kAt.stime);
static_assert(offsetof(siginfo_t, si_addr) == kAt.addr && offsetof(siginfo_t, si_band) == kAt.band &&
              offsetof(siginfo_t, si_fd) == kAt.fd);
static_assert(offsetof(siginfo_t, si_call_addr) == kAt.addr && offsetof(siginfo_t, si_syscall) == kAt.syscall &&
              offsetof(siginfo_t, si_arch) == kAt.arch);

}  // namespace

std::optional<decoder::Signal> read_signal(pid_t tid) {
    std::array<std::byte, decoder::kSiginfoSize> bytes{};
    if (::ptrace(PTRACE_GETSIGINFO, tid, nullptr, bytes.data()) != 0) return std::nullopt;
    return decoder::decode_siginfo(bytes);
}

}  // namespace ct::tracer
