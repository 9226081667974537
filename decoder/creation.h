// A creation call (clone, clone3, fork, vfork) decoded at syscall entry.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "arch/raw_syscall.h"
#include "decoder/clone_args.h"
#include "decoder/memory_reader.h"

namespace ct::decoder {

enum class TaskKind : std::uint8_t { thread, process };

std::string_view task_kind_name(TaskKind kind);

struct CreationCall {
    arch::SyscallKind syscall = arch::SyscallKind::clone;
    std::string_view abi;
    arch::RawSyscall raw;
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

    // The pointer the kernel writes the pidfd through, and the one it writes
    // the new tid through in the caller, when the flags ask for them.
    std::optional<std::uint64_t> pidfd_pointer() const;
    std::optional<std::uint64_t> parent_tid_pointer() const;
    TaskKind child_kind() const;
};

// nullopt when `raw` is not a creation call of a known ABI.
std::optional<CreationCall> decode_creation(const arch::RawSyscall& raw, MemoryReader& memory);

}  // namespace ct::decoder
