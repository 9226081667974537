// Every system call clonetrace knows, as one table: its name, its number in
// each of the kernel's syscall tables, the decoder family it belongs to and
// whether the watch filter stops on it. The seccomp program, the classifier
// and every output derive from this table; adding a call is a row here plus
// its decoder.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace ct::arch {

enum class SyscallKind : std::uint8_t { clone, clone3, fork, vfork, seccomp, prctl, unshare, setns, exit_group };
inline constexpr std::size_t kSyscallKindCount = 9;

// How a call's arguments are decoded. Creation families make a task or move
// the caller into new namespaces (unshare, setns); the filter family is
// watched because a program's own seccomp filter can hide creation calls
// from ours; the group exit, only when diagnostics ask which threads it kills.
enum class CallFamily : std::uint8_t { clone, clone3, fork, vfork, filter_install, unshare, setns, group_exit };

// The kernel's syscall tables: x86_64 (shared by x32, which sets a flag bit),
// i386, and the generic table of include/uapi/asm-generic/unistd.h (aarch64).
enum class NumberTable : std::uint8_t { x86_64, i386, generic };
inline constexpr std::size_t kNumberTableCount = 3;
inline constexpr std::int32_t kNotInTable = -1;

struct CallRow {
    SyscallKind kind;
    std::string_view name;
    CallFamily family;
    bool watched;                      // the filter stops on it
    std::optional<std::uint32_t> arg0; // ... only when its first argument is this
    std::array<std::int32_t, kNumberTableCount> nr;  // kNotInTable where it does not exist
};

std::span<const CallRow> call_table();
const CallRow& call_row(SyscallKind kind);
std::string_view kind_name(SyscallKind kind);
std::optional<SyscallKind> kind_by_name(std::string_view name);
bool is_creation(SyscallKind kind);

}  // namespace ct::arch
