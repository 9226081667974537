// A signal on its way to a task, from the siginfo of its signal-delivery
// stop: the siginfo's bytes decoded, the name of its si_code (which depends
// on the signal), and which of the union's fields that code fills, all as
// strace reads them.
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ct::decoder {

// Signals by number, as strace's -e signal= takes them (0 to 255).
inline constexpr std::size_t kSignalNumbers = 256;
using SignalSet = std::bitset<kSignalNumbers>;

struct Signal {
    std::uint64_t signo = 0;
    std::int32_t code = 0;     // si_code
    std::int32_t error = 0;    // si_errno
    std::int32_t pid = 0;      // the sender, or the child of a SIGCHLD
    std::uint32_t uid = 0;
    std::int32_t status = 0;   // SIGCHLD: the exit code (CLD_EXITED), else a signal
    std::int64_t utime = 0;    // SIGCHLD: the child's times, in clock ticks
    std::int64_t stime = 0;
    std::uint64_t value = 0;   // the sigval: si_ptr; si_int is its low 32 bits
    std::int32_t timerid = 0;  // SI_TIMER
    std::int32_t overrun = 0;
    std::uint64_t addr = 0;    // a fault's si_addr, or SIGSYS's si_call_addr
    std::int64_t band = 0;     // SIGIO
    std::int32_t fd = 0;
    std::int32_t syscall = 0;  // SIGSYS: the call, and the audit arch it was made in
    std::uint32_t arch = 0;
};

// Groups of the union's fields, as bits: which a signal's code fills.
enum SiginfoFields : unsigned {
    kSiSender = 1U << 0,  // si_pid, si_uid
    kSiValue = 1U << 1,   // si_int, si_ptr
    kSiTimer = 1U << 2,   // si_timerid, si_overrun (then the value)
    kSiChild = 1U << 3,   // si_status, si_utime, si_stime (after the sender)
    kSiAddr = 1U << 4,    // si_addr
    kSiPoll = 1U << 5,    // si_band, si_fd
    kSiSys = 1U << 6,     // si_call_addr, si_syscall, si_arch
};

// Which fields strace shows. Signals outside its known cases show the sender
// and the value when they hold something, so the answer reads those too.
unsigned siginfo_fields(const Signal& s);

// The siginfo of the kernel's generic 64-bit layout (x86_64, aarch64): 128
// bytes, the union at 16. A shorter span decodes to the fields it holds.
inline constexpr std::size_t kSiginfoSize = 128;
struct SiginfoOffsets {
    std::size_t signo, error, code, pid, uid, value, timerid, overrun, status, utime, stime, addr, band, fd,
        syscall, arch;
};
inline constexpr SiginfoOffsets kSiginfo64{0, 4, 8, 16, 20, 24, 16, 20, 24, 32, 40, 16, 16, 24, 24, 28};

Signal decode_siginfo(std::span<const std::byte> bytes);

// "SI_USER", "CLD_EXITED", "SEGV_MAPERR"; nullopt when the code names nothing.
std::optional<std::string_view> si_code_name(std::uint64_t signo, std::int32_t code);
std::optional<std::int32_t> si_code_by_name(std::uint64_t signo, std::string_view name);

}  // namespace ct::decoder
