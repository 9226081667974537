// Every system call's name by its number, in each of the kernel's syscall
// tables (the generated arch/syscall_names_table.h), as strace names them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "arch/abi.h"
#include "arch/calls.h"
#include "arch/syscall_names_table.h"

namespace ct::arch {

constexpr std::span<const SyscallNameRow> syscall_names(NumberTable table) {
    switch (table) {
        case NumberTable::x86_64: return kX86_64Names;
        case NumberTable::i386: return kI386Names;
        case NumberTable::generic: return kGenericNames;
    }
    return {};
}

// The number of the call `name` in `table`, kNotInTable where it has none.
constexpr std::int32_t number_in(NumberTable table, std::string_view name) {
    for (const SyscallNameRow& row : syscall_names(table))
        if (row.name == name) return static_cast<std::int32_t>(row.nr);
    return kNotInTable;
}

// The name of call `nr` (with the ABI's nr_flag, if any) of `abi`; nullopt
// for a number the table does not have.
std::optional<std::string_view> syscall_name(const Abi& abi, std::uint64_t nr);
// The same, of a call made in the ABI of `audit_arch` (AUDIT_ARCH_*), as a
// SIGSYS of a seccomp filter reports it.
std::optional<std::string_view> syscall_name(std::uint32_t audit_arch, std::uint64_t nr);

}  // namespace ct::arch
