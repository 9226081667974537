// The clone flags of include/uapi/linux/sched.h, as data.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace ct::decoder {

struct FlagName {
    std::uint64_t bit;
    std::string_view name;
};

// Every CLONE_* flag, lowest bit first. CLONE_NEWTIME (0x80) overlaps the
// exit-signal byte of clone(2) and means a flag only in clone3's flags.
std::span<const FlagName> clone_flag_table();

constexpr std::uint64_t kCloneSignalMask = 0xff;  // CSIGNAL
constexpr std::uint64_t kCloneVm = 0x100;
constexpr std::uint64_t kClonePidfd = 0x1000;
constexpr std::uint64_t kCloneVfork = 0x4000;
constexpr std::uint64_t kCloneParent = 0x8000;
constexpr std::uint64_t kCloneThread = 0x10000;
constexpr std::uint64_t kCloneSetTls = 0x80000;
constexpr std::uint64_t kCloneParentSetTid = 0x100000;
constexpr std::uint64_t kCloneChildClearTid = 0x200000;
constexpr std::uint64_t kCloneChildSetTid = 0x1000000;
constexpr std::uint64_t kCloneNewPid = 0x20000000;
constexpr std::uint64_t kCloneIntoCgroup = 0x200000000ULL;

struct SplitFlags {
    std::vector<std::string_view> names;
    std::uint64_t unknown = 0;  // bits no table entry names, never dropped
};

// `value` as names, lowest bit first.
SplitFlags split_clone_flags(std::uint64_t value);

}  // namespace ct::decoder
