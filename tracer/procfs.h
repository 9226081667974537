// What /proc says about a task; every read may fail because the task is gone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace ct::tracer {

struct ProcStatus {
    pid_t tgid = 0;
    pid_t ppid = 0;
    std::vector<pid_t> nspid;  // from this process's namespace inward
    char state = '?';
    pid_t tracer_pid = 0;
    // Signal masks, bit N-1 for signal N: the thread's pending and blocked
    // signals, and the process's ignored and caught ones.
    std::uint64_t sig_pending = 0;
    std::uint64_t sig_blocked = 0;
    std::uint64_t sig_ignored = 0;
    std::uint64_t sig_caught = 0;
};

// One line of /proc/TID/maps.
struct MemoryMapping {
    std::uint64_t start = 0;
    std::uint64_t end = 0;
    bool writable = false;
    bool shared = false;
};

std::optional<ProcStatus> read_status(pid_t tid);

// From /proc/TID/stat: the scheduler state and the kernel's PF_* flags.
struct ProcStat {
    char state = '?';
    unsigned long flags = 0;
};
std::optional<ProcStat> read_stat(pid_t tid);
// The task runs on its own: not ended (a zombie), not in its exit already.
bool still_running(const ProcStat& stat);
// A signal is ending the task: a fatal one, or the SIGKILL another thread's
// exit_group or exec sent it.
bool ended_by_signal(const ProcStat& stat);
// The call a blocked or stopped thread is in, from /proc/TGID/task/TID/syscall;
// none when it runs or is in no call.
std::optional<std::uint64_t> blocked_in_call(pid_t tgid, pid_t tid);
std::string read_comm(pid_t tid);
std::string read_exe(pid_t tid);
std::optional<std::string> read_maps(pid_t pid);  // /proc/PID/maps as text
std::vector<std::string> read_cmdline(pid_t tid);  // the arguments exec gave it
std::vector<pid_t> list_threads(pid_t pid);
// The children of process `pid`'s threads that have ended and wait to be
// waited for (zombies), in pid order.
std::vector<std::int32_t> zombie_children(pid_t pid);
// The mapping that holds `address` in the task's address space.
std::optional<MemoryMapping> mapping_at(pid_t tid, std::uint64_t address);

}  // namespace ct::tracer
