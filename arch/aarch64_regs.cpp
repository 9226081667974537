#include "arch/aarch64_regs.h"

#include <array>
#include <cstring>
#include <linux/audit.h>

#include "arch/register_set.h"

namespace ct::arch {
namespace {

// arm64's syscall-stop marker and the result travel in x7 and x0; where the
// call itself sits is register_set's layout of struct user_pt_regs.
constexpr std::size_t kDirectionReg = 7;
constexpr std::size_t kResultReg = 0;
constexpr std::uint64_t kExitDirection = 1;
constexpr std::int64_t kMaxErrno = 4095;  // the kernel's IS_ERR_VALUE range

std::uint64_t x(std::span<const std::byte> bytes, std::size_t reg) {
    std::uint64_t w = 0;
    std::memcpy(&w, bytes.data() + reg * sizeof w, sizeof w);
    return w;
}

}  // namespace

std::optional<SyscallStop> parse_aarch64_regs(std::span<const std::byte> bytes, bool seccomp_stop) {
    if (bytes.size() < kAarch64RegsSize) return std::nullopt;
    bytes = bytes.first(kAarch64RegsSize);
    SyscallStop stop;
    if (!seccomp_stop && x(bytes, kDirectionReg) == kExitDirection) {
        stop.op = StopOp::exit;
        stop.rval = static_cast<std::int64_t>(x(bytes, kResultReg));
        stop.is_error = stop.rval < 0 && stop.rval >= -kMaxErrno;
        return stop;
    }
    const auto call = parse_register_set(AUDIT_ARCH_AARCH64, bytes);
    if (!call) return std::nullopt;
    stop.op = seccomp_stop ? StopOp::seccomp : StopOp::entry;
    stop.call = *call;
    return stop;
}

}  // namespace ct::arch
