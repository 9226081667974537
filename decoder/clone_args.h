// struct clone_args as the tracee passed it to clone3, read through a
// MemoryReader with every pointer and size treated as untrusted.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "decoder/memory_reader.h"

namespace ct::decoder {

// Field names in kernel order; a version of the struct covers a prefix.
inline constexpr std::array<std::string_view, 11> kCloneArgsFields{
    "flags", "pidfd", "child_tid", "parent_tid", "exit_signal", "stack",
    "stack_size", "tls", "set_tid", "set_tid_size", "cgroup"};

enum CloneArgsField : std::size_t {
    ca_flags, ca_pidfd, ca_child_tid, ca_parent_tid, ca_exit_signal, ca_stack,
    ca_stack_size, ca_tls, ca_set_tid, ca_set_tid_size, ca_cgroup
};

inline constexpr std::uint64_t kCloneArgsSizeVer0 = 64;
inline constexpr std::uint64_t kCloneArgsSizeVer2 = 88;
inline constexpr std::uint64_t kCloneArgsMaxSize = 4096;  // the kernel's PAGE_SIZE bound
inline constexpr std::uint64_t kMaxSetTid = 32;           // MAX_PID_NS_LEVEL

enum class CloneArgsStatus : std::uint8_t {
    ok,
    too_small,   // below the first published size: shown as the pointer
    unreadable,  // shown as the pointer
};

enum class SetTidStatus : std::uint8_t { absent, ok, too_many, unreadable };

struct CloneArgs {
    std::uint64_t address = 0;
    std::uint64_t size = 0;
    CloneArgsStatus status = CloneArgsStatus::unreadable;
    std::array<std::uint64_t, kCloneArgsFields.size()> field{};
    std::size_t field_count = 0;  // fields the size covers
    // Bytes past the last known field, when any of them is not zero (the
    // kernel then refuses the call). Bounded by the kernel's own limit.
    std::uint64_t tail_offset = 0;
    std::vector<std::uint8_t> tail;
    bool tail_unreadable = false;
    SetTidStatus set_tid_status = SetTidStatus::absent;
    std::vector<std::int32_t> set_tid;

    bool has(CloneArgsField f) const { return status == CloneArgsStatus::ok && f < field_count; }
    std::uint64_t get(CloneArgsField f) const { return has(f) ? field[f] : 0; }
};

CloneArgs read_clone_args(MemoryReader& memory, std::uint64_t address, std::uint64_t size);

}  // namespace ct::decoder
