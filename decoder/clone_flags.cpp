#include "decoder/clone_flags.h"

#include <array>

namespace ct::decoder {
namespace {

constexpr std::array<FlagName, 30> kCloneFlags{{
    {0x00000080, "CLONE_NEWTIME"},
    {0x00000100, "CLONE_VM"},
    {0x00000200, "CLONE_FS"},
    {0x00000400, "CLONE_FILES"},
    {0x00000800, "CLONE_SIGHAND"},
    {0x00001000, "CLONE_PIDFD"},
    {0x00002000, "CLONE_PTRACE"},
    {0x00004000, "CLONE_VFORK"},
    {0x00008000, "CLONE_PARENT"},
    {0x00010000, "CLONE_THREAD"},
    {0x00020000, "CLONE_NEWNS"},
    {0x00040000, "CLONE_SYSVSEM"},
    {0x00080000, "CLONE_SETTLS"},
    {0x00100000, "CLONE_PARENT_SETTID"},
    {0x00200000, "CLONE_CHILD_CLEARTID"},
    {0x00400000, "CLONE_DETACHED"},
    {0x00800000, "CLONE_UNTRACED"},
    {0x01000000, "CLONE_CHILD_SETTID"},
    {0x02000000, "CLONE_NEWCGROUP"},
    {0x04000000, "CLONE_NEWUTS"},
    {0x08000000, "CLONE_NEWIPC"},
    {0x10000000, "CLONE_NEWUSER"},
    {0x20000000, "CLONE_NEWPID"},
    {0x40000000, "CLONE_NEWNET"},
    {0x80000000, "CLONE_IO"},
    {1ULL << 32, "CLONE_CLEAR_SIGHAND"},
    {1ULL << 33, "CLONE_INTO_CGROUP"},
    {1ULL << 34, "CLONE_AUTOREAP"},
    {1ULL << 35, "CLONE_NNP"},
    {1ULL << 36, "CLONE_PIDFD_AUTOKILL"},
}};

}  // namespace

std::span<const FlagName> clone_flag_table() { return kCloneFlags; }

SplitFlags split_clone_flags(std::uint64_t value) {
    SplitFlags out;
    std::uint64_t left = value;
    for (const FlagName& f : clone_flag_table()) {
        if ((left & f.bit) == 0) continue;
        out.names.push_back(f.name);
        left &= ~f.bit;
    }
    out.unknown = left;
    return out;
}

}  // namespace ct::decoder
