// A creation call (clone, clone3, fork, vfork) decoded at syscall entry, as
// plain values: nothing in it refers to registers or to the tracee.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "arch/raw_syscall.h"
#include "decoder/clone_args.h"
#include "decoder/memory_reader.h"
#include "decoder/user_desc.h"

namespace ct::decoder {

// What a creation makes, from the call and its flags (classify_child).
enum class ChildKind : std::uint8_t { thread, process, vfork, spawn, namespace_, raw_thread };
inline constexpr std::array<std::string_view, 6> kChildKindNames{"thread",    "process",   "vfork",
                                                                  "spawn",     "namespace", "raw-thread"};
std::string_view child_kind_name(ChildKind kind);
std::optional<ChildKind> child_kind_by_name(std::string_view name);

// An int the kernel writes back into the caller's memory on success: where,
// and what was read there after the call (nothing when unreadable).
struct WrittenInt {
    std::uint64_t address = 0;
    std::optional<std::int32_t> value;
};

struct CreationCall {
    arch::SyscallKind syscall = arch::SyscallKind::clone;
    std::string_view abi;  // a name from arch's ABI table
    // What the call asks for, whatever the syscall: the flags without the
    // exit-signal byte, and the exit signal on its own.
    std::uint64_t flags = 0;
    std::uint64_t exit_signal = 0;
    // clone(2)'s pointer arguments, in named form whatever the ABI's order.
    std::uint64_t stack = 0;
    std::uint64_t parent_tid = 0;
    std::uint64_t child_tid = 0;
    std::uint64_t tls = 0;
    // clone3(2) only.
    std::optional<CloneArgs> args;
    // i386 with CLONE_SETTLS: the struct user_desc tls points to, when readable.
    std::optional<UserDesc> tls_desc;
    // setns(2): its fd (its nstype is `flags`) and the namespace the fd
    // refers to ("net:[4026532008]"), read from /proc at entry; empty when unknown.
    std::int64_t ns_fd = -1;
    std::string ns_target;
    // The child starts on the caller's stack (none given, or the caller's
    // own stack pointer): how a vfork made with clone (arm64's glibc) differs
    // from posix_spawn's clone onto a stack of its own.
    bool on_caller_stack = false;

    // Derived from the above by derive_call(), the one place these are decided.
    ChildKind child_kind = ChildKind::process;
    std::optional<WrittenInt> pidfd;             // the kernel writes the pidfd here
    std::optional<WrittenInt> parent_tid_write;  // ... and the new tid here, in the caller

    bool creates_thread() const;  // the child joins the caller's thread group
    bool shares_memory() const;   // the child runs in the caller's memory (CLONE_VM, vfork)
    bool makes_namespaces() const;  // asks for a namespace of its own (--ns-alert)
    bool moves_caller() const;      // unshare, setns: the caller itself changes namespaces
};

ChildKind classify_child(arch::SyscallKind syscall, std::uint64_t flags, bool on_caller_stack);

// Fills the derived part of a call whose arguments are set.
void derive_call(CreationCall& call);

// nullopt when `raw` is not a creation call of a known ABI.
std::optional<CreationCall> decode_creation(const arch::RawSyscall& raw, MemoryReader& memory);

}  // namespace ct::decoder
