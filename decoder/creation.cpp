#include "decoder/creation.h"

#include <csignal>

#include "decoder/clone_flags.h"

namespace ct::decoder {

std::string_view task_kind_name(TaskKind kind) { return kind == TaskKind::thread ? "thread" : "process"; }

std::optional<std::uint64_t> CreationCall::pidfd_pointer() const {
    if ((flags & kClonePidfd) == 0) return std::nullopt;
    if (syscall == arch::SyscallKind::clone3) {
        if (!args || !args->has(ca_pidfd)) return std::nullopt;
        return args->get(ca_pidfd);
    }
    // clone(2) returns the pidfd through its parent_tid argument.
    if (syscall == arch::SyscallKind::clone) return parent_tid;
    return std::nullopt;
}

std::optional<std::uint64_t> CreationCall::parent_tid_pointer() const {
    if ((flags & kCloneParentSetTid) == 0) return std::nullopt;
    if (syscall == arch::SyscallKind::clone3) {
        if (!args || !args->has(ca_parent_tid)) return std::nullopt;
        return args->get(ca_parent_tid);
    }
    if (syscall == arch::SyscallKind::clone) return parent_tid;
    return std::nullopt;
}

TaskKind CreationCall::child_kind() const { return (flags & kCloneThread) != 0 ? TaskKind::thread : TaskKind::process; }

std::optional<CreationCall> decode_creation(const arch::RawSyscall& raw, MemoryReader& memory) {
    if (raw.abi == nullptr) return std::nullopt;
    const auto kind = arch::syscall_kind(*raw.abi, raw.nr);
    if (!kind || !arch::is_creation(*kind)) return std::nullopt;

    CreationCall call;
    call.syscall = *kind;
    call.abi = raw.abi->name;
    call.raw = raw;
    const auto& a = raw.args;
    switch (*kind) {
        case arch::SyscallKind::clone: {
            const bool tls_first = raw.abi->clone_order == arch::CloneArgOrder::tls_then_child_tid;
            call.flags = a[0] & ~kCloneSignalMask;
            call.exit_signal = a[0] & kCloneSignalMask;
            call.stack = a[1];
            call.parent_tid = a[2];
            call.child_tid = tls_first ? a[4] : a[3];
            call.tls = tls_first ? a[3] : a[4];
            break;
        }
        case arch::SyscallKind::clone3:
            call.args = read_clone_args(memory, a[0], a[1]);
            call.flags = call.args->get(ca_flags);
            call.exit_signal = call.args->get(ca_exit_signal);
            break;
        case arch::SyscallKind::fork:
            call.exit_signal = SIGCHLD;
            break;
        case arch::SyscallKind::vfork:
            call.flags = kCloneVm | kCloneVfork;
            call.exit_signal = SIGCHLD;
            break;
        default:
            return std::nullopt;
    }
    return call;
}

}  // namespace ct::decoder
