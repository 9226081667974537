// A system call read from the caller's general registers (the NT_PRSTATUS
// register set) while it is stopped inside the call, where
// PTRACE_GET_SYSCALL_INFO reports nothing: at a PTRACE_EVENT_CLONE, _FORK
// or _VFORK stop the number and the six arguments are still in the
// registers the ABI passes them in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "arch/raw_syscall.h"

namespace ct::arch {

// `bytes` is what PTRACE_GETREGSET(NT_PRSTATUS) wrote, `audit_arch` the
// arch of the call the task is in (PTRACE_GET_SYSCALL_INFO reports it at
// any stop): together they tell the layout, since a 32-bit process on a
// 64-bit host gets the 32-bit register set but a 64-bit process making a
// 32-bit call (int $0x80) the 64-bit one. nullopt for a pair no layout has.
std::optional<RawSyscall> parse_register_set(std::uint32_t audit_arch, std::span<const std::byte> bytes);

// The largest register set parse_register_set reads: the buffer to offer.
std::size_t max_register_set_size();

}  // namespace ct::arch
