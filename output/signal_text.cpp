#include "output/signal_text.h"

#include <array>
#include <csignal>
#include <cstdlib>
#include <linux/audit.h>

#include <fmt/format.h>

#include "arch/abi.h"
#include "arch/syscall_names.h"
#include "decoder/names.h"
#include "output/text_call.h"

namespace ct::output {
namespace {

using namespace decoder;

struct AuditArchName {
    std::uint32_t value;
    std::string_view name;
};

constexpr std::array kAuditArchNames{
    AuditArchName{AUDIT_ARCH_X86_64, "AUDIT_ARCH_X86_64"},
    AuditArchName{AUDIT_ARCH_I386, "AUDIT_ARCH_I386"},
    AuditArchName{AUDIT_ARCH_AARCH64, "AUDIT_ARCH_AARCH64"},
};

std::string audit_arch_text(std::uint32_t value) {
    for (const AuditArchName& a : kAuditArchNames)
        if (a.value == value) return std::string(a.name);
    return fmt::format("{:#x} /* AUDIT_ARCH_??? */", value);
}

// Clock ticks of a SIGCHLD's CPU times: the kernel counts them in USER_HZ,
// 100 a second on every ABI clonetrace knows.
constexpr std::int64_t kUserHz = 100;

// As strace prints a clock_t: the ticks, and what they are in seconds when not none.
std::string clock_text(std::int64_t ticks) {
    if (ticks == 0) return "0";
    return fmt::format("{} /* {}.{:02} s */", ticks, ticks / kUserHz, std::abs(ticks % kUserHz));
}

// Every call by its name, as strace names them; a number no table has as it is.
std::string syscall_text(std::uint32_t audit_arch, std::int32_t nr) {
    if (const auto name = arch::syscall_name(audit_arch, static_cast<std::uint32_t>(nr))) return fmt::format("__NR_{}", *name);
    return fmt::format("{}", nr);
}

// C's %#x: no 0x before a zero.
std::string hex_c(std::uint32_t value) { return value == 0 ? "0" : fmt::format("{:#x}", value); }

}  // namespace

std::string format_si_code(const Signal& s) {
    if (const auto name = si_code_name(s.signo, s.code)) return std::string(*name);
    return fmt::format("{:#x}", static_cast<std::uint32_t>(s.code));
}

std::string format_signal_text(const Signal& s) {
    const std::string name = signal_name(s.signo);
    std::string out = fmt::format("--- {} {{si_signo={}, si_code={}", name, name, format_si_code(s));
    if (s.error != 0) out += ", si_errno=" + errno_name(s.error);
    const unsigned fields = siginfo_fields(s);
    if ((fields & kSiTimer) != 0)
        out += fmt::format(", si_timerid={}, si_overrun={}", hex_c(static_cast<std::uint32_t>(s.timerid)), s.overrun);
    if ((fields & kSiSender) != 0) out += fmt::format(", si_pid={}, si_uid={}", s.pid, s.uid);
    if ((fields & kSiChild) != 0) {
        const bool exited = s.code == CLD_EXITED;  // an exit code; otherwise a signal
        const std::string status = exited ? fmt::format("{}", s.status) : signal_name(static_cast<std::uint32_t>(s.status));
        out += fmt::format(", si_status={}, si_utime={}, si_stime={}", status, clock_text(s.utime), clock_text(s.stime));
    }
    if ((fields & kSiValue) != 0)
        out += fmt::format(", si_int={}, si_ptr={}", static_cast<std::int32_t>(s.value), format_address(s.value));
    if ((fields & kSiAddr) != 0) out += ", si_addr=" + format_address(s.addr);
    if ((fields & kSiPoll) != 0) out += fmt::format(", si_band={}, si_fd={}", s.band, s.fd);
    if ((fields & kSiSys) != 0)
        out += fmt::format(", si_call_addr={}, si_syscall={}, si_arch={}", format_address(s.addr),
                           syscall_text(s.arch, s.syscall), audit_arch_text(s.arch));
    return out + "} ---";
}

std::string format_stop_text(const GroupStop& stop) { return fmt::format("--- stopped by {} ---", signal_name(stop.signo)); }

}  // namespace ct::output
