#include "decoder/creation.h"

#include <csignal>

#include "decoder/clone_flags.h"

namespace ct::decoder {
namespace {

std::optional<WrittenInt> written_at(bool asked, std::optional<std::uint64_t> address) {
    if (!asked || !address) return std::nullopt;
    return WrittenInt{*address, std::nullopt};
}

// The clone3 field a pointer lives in, when the size covers it.
std::optional<std::uint64_t> clone3_field(const CreationCall& call, CloneArgsField field) {
    if (!call.args || !call.args->has(field)) return std::nullopt;
    return call.args->get(field);
}

}  // namespace

std::string_view child_kind_name(ChildKind kind) { return kChildKindNames[static_cast<std::size_t>(kind)]; }

std::optional<ChildKind> child_kind_by_name(std::string_view name) {
    for (std::size_t i = 0; i < kChildKindNames.size(); ++i)
        if (kChildKindNames[i] == name) return static_cast<ChildKind>(i);
    return std::nullopt;
}

bool CreationCall::creates_thread() const { return (flags & kCloneThread) != 0; }

bool CreationCall::shares_memory() const {
    return arch::call_row(syscall).family == arch::CallFamily::vfork || (flags & kCloneVm) != 0;
}

bool CreationCall::moves_caller() const {
    const arch::CallFamily family = arch::call_row(syscall).family;
    return family == arch::CallFamily::unshare || family == arch::CallFamily::setns;
}

bool CreationCall::makes_namespaces() const {
    return arch::call_row(syscall).family == arch::CallFamily::setns || (flags & kCloneNewNamespaces) != 0;
}

ChildKind classify_child(arch::SyscallKind syscall, std::uint64_t flags, bool on_caller_stack) {
    if (arch::call_row(syscall).family == arch::CallFamily::vfork) return ChildKind::vfork;
    // A libc thread always has TLS of its own; a thread without is hand-made.
    if ((flags & kCloneThread) != 0) return (flags & kCloneSetTls) != 0 ? ChildKind::thread : ChildKind::raw_thread;
    if ((flags & kCloneNewNamespaces) != 0) return ChildKind::namespace_;
    // posix_spawn's clone shares the memory and waits for the exec, on a
    // stack of its own; vfork's child borrows the caller's.
    if ((flags & kCloneVfork) != 0)
        return (flags & kCloneVm) != 0 && !on_caller_stack ? ChildKind::spawn : ChildKind::vfork;
    if ((flags & kCloneVm) != 0) return ChildKind::raw_thread;
    return ChildKind::process;
}

void derive_call(CreationCall& call) {
    call.child_kind = classify_child(call.syscall, call.flags, call.on_caller_stack);
    const bool pidfd = (call.flags & kClonePidfd) != 0;
    const bool parent_settid = (call.flags & kCloneParentSetTid) != 0;
    switch (arch::call_row(call.syscall).family) {
        case arch::CallFamily::clone:
            // clone(2) writes the pidfd through its parent_tid argument.
            call.pidfd = written_at(pidfd, call.parent_tid);
            call.parent_tid_write = written_at(parent_settid, call.parent_tid);
            break;
        case arch::CallFamily::clone3:
            call.pidfd = written_at(pidfd, clone3_field(call, ca_pidfd));
            call.parent_tid_write = written_at(parent_settid, clone3_field(call, ca_parent_tid));
            break;
        default:
            break;
    }
}

std::optional<CreationCall> decode_creation(const arch::RawSyscall& raw, MemoryReader& memory) {
    if (raw.abi == nullptr) return std::nullopt;
    const auto kind = arch::syscall_kind(*raw.abi, raw.nr);
    if (!kind) return std::nullopt;

    CreationCall call;
    call.syscall = *kind;
    call.abi = raw.abi->name;
    const auto& a = raw.args;
    switch (arch::call_row(*kind).family) {
        case arch::CallFamily::clone: {
            const bool tls_first = raw.abi->clone_order == arch::CloneArgOrder::tls_then_child_tid;
            call.flags = a[0] & ~kCloneSignalMask;
            call.exit_signal = a[0] & kCloneSignalMask;
            call.stack = a[1];
            call.parent_tid = a[2];
            call.child_tid = tls_first ? a[4] : a[3];
            call.tls = tls_first ? a[3] : a[4];
            break;
        }
        case arch::CallFamily::clone3:
            call.args = read_clone_args(memory, a[0], a[1]);
            call.flags = call.args->get(ca_flags);
            call.exit_signal = call.args->get(ca_exit_signal);
            break;
        case arch::CallFamily::fork:
            call.exit_signal = SIGCHLD;
            break;
        case arch::CallFamily::vfork:
            call.flags = kCloneVm | kCloneVfork;
            call.exit_signal = SIGCHLD;
            break;
        case arch::CallFamily::unshare:
            call.flags = a[0];  // no exit signal: CLONE_NEWTIME's bit is a flag here
            break;
        case arch::CallFamily::setns:
            call.ns_fd = static_cast<std::int32_t>(a[0]);
            call.flags = a[1];
            break;
        case arch::CallFamily::filter_install:
        case arch::CallFamily::group_exit:
            return std::nullopt;
    }
    const std::uint64_t tls = call.args ? call.args->get(ca_tls) : call.tls;
    const std::uint64_t stack = call.args ? call.args->get(ca_stack) : call.stack;
    call.on_caller_stack = stack == 0 || stack == raw.stack_pointer;
    if (raw.abi->tls == arch::TlsArg::user_desc && (call.flags & kCloneSetTls) != 0)
        call.tls_desc = read_user_desc(memory, tls);
    derive_call(call);
    return call;
}

}  // namespace ct::decoder
