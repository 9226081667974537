#include "tracer/syscall_reader.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <elf.h>
#include <span>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <vector>

#include "arch/abi.h"
#include "arch/register_set.h"

namespace ct::tracer {

namespace {

// Kernels before 5.3 lack PTRACE_GET_SYSCALL_INFO: there the registers of
// our own ABI tell the stop, where arch knows how to read them.
std::optional<arch::SyscallStop> stop_from_regs(pid_t tid, bool seccomp_stop) {
    const arch::Abi& abi = arch::native_abi();
    if (abi.parse_regs == nullptr) return std::nullopt;
    std::vector<std::byte> regs(abi.regs_size);
    iovec io{regs.data(), regs.size()};
    if (::ptrace(PTRACE_GETREGSET, tid, reinterpret_cast<void*>(NT_PRSTATUS), &io) != 0) return std::nullopt;
    return abi.parse_regs(std::span(regs).first(std::min(io.iov_len, regs.size())), seccomp_stop);
}

}  // namespace

std::optional<arch::SyscallStop> syscall_info(pid_t tid, bool seccomp_stop) {
    std::array<std::byte, arch::kSyscallInfoSize> buf{};
    const long n = ::ptrace(PTRACE_GET_SYSCALL_INFO, tid, reinterpret_cast<void*>(buf.size()), buf.data());
    if (n <= 0) return errno == EIO ? stop_from_regs(tid, seccomp_stop) : std::nullopt;
    return arch::parse_syscall_info(std::span(buf).first(std::min<std::size_t>(static_cast<std::size_t>(n), buf.size())));
}

std::optional<arch::RawSyscall> call_at_event_stop(pid_t tid) {
    // The info names the call's arch only (op NONE); the registers hold the
    // rest, laid out by the arch of the task and of the call.
    const auto info = syscall_info(tid);
    if (!info) return std::nullopt;
    std::vector<std::byte> regs(arch::max_register_set_size());
    iovec iov{regs.data(), regs.size()};
    if (::ptrace(PTRACE_GETREGSET, tid, reinterpret_cast<void*>(NT_PRSTATUS), &iov) != 0) return std::nullopt;
    return arch::parse_register_set(info->call.audit_arch, std::span(regs).first(std::min(iov.iov_len, regs.size())));
}

}  // namespace ct::tracer
