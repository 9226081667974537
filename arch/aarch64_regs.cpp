#include "arch/aarch64_regs.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <linux/audit.h>

namespace ct::arch {
namespace {

// struct user_pt_regs in <asm/ptrace.h> for arm64.
struct UserPtRegs {
    std::array<std::uint64_t, 31> x;
    std::uint64_t sp;
    std::uint64_t pc;
    std::uint64_t pstate;
};
static_assert(sizeof(UserPtRegs) == kAarch64RegsSize);

constexpr std::size_t kNrReg = 8;         // the syscall number travels in x8
constexpr std::size_t kDirectionReg = 7;  // arm64's syscall-stop marker
constexpr std::uint64_t kExitDirection = 1;
constexpr std::int64_t kMaxErrno = 4095;  // the kernel's IS_ERR_VALUE range

}  // namespace

std::optional<SyscallStop> parse_aarch64_regs(std::span<const std::byte> bytes, bool seccomp_stop) {
    if (bytes.size() < kAarch64RegsSize) return std::nullopt;
    UserPtRegs regs;
    std::memcpy(&regs, bytes.data(), sizeof regs);
    SyscallStop stop;
    if (!seccomp_stop && regs.x[kDirectionReg] == kExitDirection) {
        stop.op = StopOp::exit;
        stop.rval = static_cast<std::int64_t>(regs.x[0]);
        stop.is_error = stop.rval < 0 && stop.rval >= -kMaxErrno;
        return stop;
    }
    stop.op = seccomp_stop ? StopOp::seccomp : StopOp::entry;
    stop.call.audit_arch = AUDIT_ARCH_AARCH64;
    stop.call.nr = regs.x[kNrReg];
    stop.call.abi = find_abi(AUDIT_ARCH_AARCH64, stop.call.nr);
    std::copy_n(regs.x.begin(), stop.call.args.size(), stop.call.args.begin());
    stop.call.instruction_pointer = regs.pc;
    stop.call.stack_pointer = regs.sp;
    return stop;
}

}  // namespace ct::arch
