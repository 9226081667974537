// The clone flags of include/uapi/linux/sched.h, as data: the one place
// each flag's value is written.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace ct::decoder {

enum class FlagRole : std::uint8_t {
    plain,
    new_namespace,  // the child gets a namespace of its own
    ignored,        // the kernel ignores it; shown as a number, as strace does
};

struct FlagName {
    std::uint64_t bit;
    std::string_view name;
    std::string_view since;    // the kernel release that added it
    std::string_view meaning;  // what it asks for, in a few words
    FlagRole role = FlagRole::plain;
    std::string_view ns = {};  // new_namespace: the kind in /proc/TID/ns/ it makes anew
};

// Every CLONE_* flag in the order names are printed, strace's: the flags of
// clone(2) by bit, then those only clone3(2) takes. CLONE_NEWTIME (0x80)
// overlaps the exit-signal byte of clone(2), so it is clone3's alone.
inline constexpr std::array<FlagName, 31> kCloneFlagTable{{
    {0x00000100, "CLONE_VM", "2.0", "share the caller's memory"},
    {0x00000200, "CLONE_FS", "2.0", "share the root, working directory and umask"},
    {0x00000400, "CLONE_FILES", "2.0", "share the table of open files"},
    {0x00000800, "CLONE_SIGHAND", "2.0", "share the signal handlers"},
    {0x00001000, "CLONE_PIDFD", "5.2", "write a pidfd of the child for the caller"},
    {0x00002000, "CLONE_PTRACE", "2.2", "trace the child too if the caller is traced"},
    {0x00004000, "CLONE_VFORK", "2.2", "suspend the caller until the child execs or exits"},
    {0x00008000, "CLONE_PARENT", "2.3.12", "give the child the caller's parent"},
    {0x00010000, "CLONE_THREAD", "2.4.0", "put the child in the caller's thread group"},
    {0x00020000, "CLONE_NEWNS", "2.4.19", "new mount namespace", FlagRole::new_namespace, "mnt"},
    {0x00040000, "CLONE_SYSVSEM", "2.5.10", "share System V semaphore undo values"},
    {0x00080000, "CLONE_SETTLS", "2.5.32", "set the child's thread-local storage"},
    {0x00100000, "CLONE_PARENT_SETTID", "2.5.49", "write the child's tid into the caller's memory"},
    {0x00200000, "CLONE_CHILD_CLEARTID", "2.5.49", "clear the tid in the child's memory and wake a futex at its exit"},
    {0x00400000, "CLONE_DETACHED", "2.5.32", "ignored since Linux 2.6.2", FlagRole::ignored},
    {0x00800000, "CLONE_UNTRACED", "2.5.46", "a tracer cannot force CLONE_PTRACE on the child"},
    {0x01000000, "CLONE_CHILD_SETTID", "2.5.49", "write the child's tid into the child's memory"},
    {0x02000000, "CLONE_NEWCGROUP", "4.6", "new cgroup namespace", FlagRole::new_namespace, "cgroup"},
    {0x04000000, "CLONE_NEWUTS", "2.6.19", "new UTS namespace (hostname, domain name)", FlagRole::new_namespace, "uts"},
    {0x08000000, "CLONE_NEWIPC", "2.6.19", "new IPC namespace", FlagRole::new_namespace, "ipc"},
    {0x10000000, "CLONE_NEWUSER", "2.6.23", "new user namespace", FlagRole::new_namespace, "user"},
    {0x20000000, "CLONE_NEWPID", "2.6.24", "new PID namespace", FlagRole::new_namespace, "pid"},
    {0x40000000, "CLONE_NEWNET", "2.6.24", "new network namespace", FlagRole::new_namespace, "net"},
    {0x80000000, "CLONE_IO", "2.6.25", "share the I/O context"},
    {0x00000080, "CLONE_NEWTIME", "5.6", "new time namespace", FlagRole::new_namespace, "time"},
    {1ULL << 32, "CLONE_CLEAR_SIGHAND", "5.5", "reset every signal handler to the default in the child"},
    {1ULL << 33, "CLONE_INTO_CGROUP", "5.7", "start the child in the cgroup given by clone_args.cgroup"},
    {1ULL << 34, "CLONE_AUTOREAP", "7.1", "reap the child automatically at its exit"},
    {1ULL << 35, "CLONE_NNP", "7.1", "set no_new_privs on the child"},
    {1ULL << 36, "CLONE_PIDFD_AUTOKILL", "7.1", "kill the child when its pidfd is closed"},
    {1ULL << 37, "CLONE_EMPTY_MNTNS", "7.1", "new, empty mount namespace", FlagRole::new_namespace, "mnt"},
}};

std::span<const FlagName> clone_flag_table();

// The value of a flag by its name; naming a flag the table lacks does not compile.
consteval std::uint64_t clone_flag(std::string_view name) {
    for (const FlagName& f : kCloneFlagTable)
        if (f.name == name) return f.bit;
    throw "no such clone flag";
}

inline constexpr std::uint64_t kCloneSignalMask = 0xff;  // CSIGNAL: the exit signal of clone(2)
inline constexpr std::uint64_t kCloneVm = clone_flag("CLONE_VM");
inline constexpr std::uint64_t kClonePidfd = clone_flag("CLONE_PIDFD");
inline constexpr std::uint64_t kCloneVfork = clone_flag("CLONE_VFORK");
inline constexpr std::uint64_t kCloneParent = clone_flag("CLONE_PARENT");
inline constexpr std::uint64_t kCloneThread = clone_flag("CLONE_THREAD");
inline constexpr std::uint64_t kCloneSetTls = clone_flag("CLONE_SETTLS");
inline constexpr std::uint64_t kCloneParentSetTid = clone_flag("CLONE_PARENT_SETTID");
inline constexpr std::uint64_t kCloneChildClearTid = clone_flag("CLONE_CHILD_CLEARTID");
inline constexpr std::uint64_t kCloneChildSetTid = clone_flag("CLONE_CHILD_SETTID");
inline constexpr std::uint64_t kCloneNewPid = clone_flag("CLONE_NEWPID");
inline constexpr std::uint64_t kCloneIntoCgroup = clone_flag("CLONE_INTO_CGROUP");

// Every flag that gives the child a new namespace.
consteval std::uint64_t new_namespace_flags() {
    std::uint64_t out = 0;
    for (const FlagName& f : kCloneFlagTable)
        if (f.role == FlagRole::new_namespace) out |= f.bit;
    return out;
}
inline constexpr std::uint64_t kCloneNewNamespaces = new_namespace_flags();

struct SplitFlags {
    std::vector<std::string_view> names;
    std::uint64_t unknown = 0;  // bits no table entry names, never dropped
};

// `value` as names, in the table's order.
SplitFlags split_clone_flags(std::uint64_t value);

}  // namespace ct::decoder
