#include "tracer/procfs.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <string_view>
#include <unistd.h>

#include <fmt/format.h>

namespace ct::tracer {
namespace {

std::optional<std::string> slurp(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::string out;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return out;
}

std::vector<pid_t> parse_pids(std::string_view text) {
    std::vector<pid_t> out;
    std::string s(text);
    const char* p = s.c_str();
    char* end = nullptr;
    for (long v = std::strtol(p, &end, 10); end != p; v = std::strtol(p, &end, 10)) {
        out.push_back(static_cast<pid_t>(v));
        p = end;
    }
    return out;
}

std::uint64_t parse_mask(std::string_view text) {
    const std::string s(text);
    return std::strtoull(s.c_str(), nullptr, 16);
}

pid_t first(const std::vector<pid_t>& pids) { return pids.empty() ? 0 : pids.front(); }

// include/linux/sched.h: set at the start of do_exit(), before the task
// releases its memory and wakes a pthread_join.
constexpr unsigned long kPfExiting = 0x4;
// include/linux/sched.h: set by get_signal() on the way to a death by signal.
constexpr unsigned long kPfSignaled = 0x400;

}  // namespace

std::optional<ProcStatus> read_status(pid_t tid) {
    const auto text = slurp(fmt::format("/proc/{}/status", tid));
    if (!text) return std::nullopt;
    ProcStatus st;
    std::string_view rest = *text;
    while (!rest.empty()) {
        const std::size_t nl = rest.find('\n');
        const std::string_view line = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        const std::string_view key = line.substr(0, colon);
        const std::string_view value = line.substr(colon + 1);
        if (key == "Tgid") st.tgid = first(parse_pids(value));
        else if (key == "PPid") st.ppid = first(parse_pids(value));
        else if (key == "TracerPid") st.tracer_pid = first(parse_pids(value));
        else if (key == "NSpid") st.nspid = parse_pids(value);
        else if (key == "SigPnd") st.sig_pending = parse_mask(value);
        else if (key == "SigBlk") st.sig_blocked = parse_mask(value);
        else if (key == "SigIgn") st.sig_ignored = parse_mask(value);
        else if (key == "SigCgt") st.sig_caught = parse_mask(value);
        else if (key == "State") {
            const std::size_t at = value.find_first_not_of(" \t");
            if (at != std::string_view::npos) st.state = value[at];
        }
    }
    return st;
}

std::optional<ProcStat> read_stat(pid_t tid) {
    const auto text = slurp(fmt::format("/proc/{}/stat", tid));
    if (!text) return std::nullopt;
    // "pid (comm) state ppid pgrp session tty_nr tpgid flags ...": comm may hold anything but the last ')'.
    const std::size_t paren = text->rfind(')');
    if (paren == std::string::npos || paren + 2 >= text->size()) return std::nullopt;
    ProcStat st;
    st.state = (*text)[paren + 2];
    const char* p = text->c_str() + paren + 3;
    char* end = nullptr;
    for (int field = 4; field < 9; ++field) {
        std::strtol(p, &end, 10);
        if (end == p) return std::nullopt;
        p = end;
    }
    st.flags = std::strtoul(p, &end, 10);
    if (end == p) return std::nullopt;
    return st;
}

bool still_running(const ProcStat& stat) {
    return stat.state != 'Z' && stat.state != 'X' && (stat.flags & kPfExiting) == 0;
}

bool ended_by_signal(const ProcStat& stat) { return (stat.flags & kPfSignaled) != 0; }

std::optional<std::uint64_t> blocked_in_call(pid_t tgid, pid_t tid) {
    const auto text = slurp(fmt::format("/proc/{}/task/{}/syscall", tgid, tid));
    // "running", or "-1 sp pc" outside any call, or "nr args... sp pc".
    if (!text || text->empty() || (*text)[0] < '0' || (*text)[0] > '9') return std::nullopt;
    return std::strtoull(text->c_str(), nullptr, 10);
}

std::string read_comm(pid_t tid) {
    // Read at every creation and end when names are shown: the path is put
    // together by hand and the name read in one call, as a format string
    // and a growing buffer cost more than the read itself.
    constexpr std::string_view kProc = "/proc/", kComm = "/comm";
    const fmt::format_int digits(tid);
    std::array<char, 32> path{};
    char* p = std::copy(kProc.begin(), kProc.end(), path.data());
    p = std::copy(digits.data(), digits.data() + digits.size(), p);
    std::copy(kComm.begin(), kComm.end(), p);
    const int fd = ::open(path.data(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {};
    std::array<char, 64> name;  // TASK_COMM_LEN is 16, with the newline
    const ssize_t n = ::read(fd, name.data(), name.size());
    ::close(fd);
    if (n <= 0) return {};
    std::size_t len = static_cast<std::size_t>(n);
    if (name[len - 1] == '\n') --len;
    return std::string(name.data(), len);
}

std::string read_exe(pid_t tid) {
    char buf[PATH_MAX];
    const ssize_t n = ::readlink(fmt::format("/proc/{}/exe", tid).c_str(), buf, sizeof buf);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

std::optional<std::string> read_maps(pid_t pid) {
    return slurp(fmt::format("/proc/{}/maps", pid));
}

std::vector<std::string> read_cmdline(pid_t tid) {
    std::vector<std::string> out;
    const std::optional<std::string> bytes = slurp(fmt::format("/proc/{}/cmdline", tid));
    if (!bytes) return out;
    // Each argument ends with a NUL.
    for (std::size_t start = 0; start < bytes->size();) {
        const std::size_t end = std::min(bytes->find('\0', start), bytes->size());
        out.push_back(bytes->substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::vector<pid_t> list_threads(pid_t pid) {
    std::vector<pid_t> out;
    DIR* dir = ::opendir(fmt::format("/proc/{}/task", pid).c_str());
    if (dir == nullptr) return out;
    while (const dirent* entry = ::readdir(dir)) {
        char* end = nullptr;
        const long tid = std::strtol(entry->d_name, &end, 10);
        if (end != entry->d_name && *end == '\0') out.push_back(static_cast<pid_t>(tid));
    }
    ::closedir(dir);
    return out;
}

std::optional<MemoryMapping> mapping_at(pid_t tid, std::uint64_t address) {
    const auto text = slurp(fmt::format("/proc/{}/maps", tid));
    if (!text) return std::nullopt;
    const char* p = text->c_str();
    while (*p != '\0') {
        char* end = nullptr;
        MemoryMapping m;
        m.start = std::strtoull(p, &end, 16);
        if (*end != '-') break;
        m.end = std::strtoull(end + 1, &end, 16);
        if (*end != ' ' || end[1] == '\0' || end[2] == '\0' || end[3] == '\0' || end[4] == '\0') break;
        m.writable = end[2] == 'w';
        m.shared = end[4] == 's';
        if (m.start <= address && address < m.end) return m;
        const char* nl = std::strchr(end, '\n');
        if (nl == nullptr) break;
        p = nl + 1;
    }
    return std::nullopt;
}

std::vector<std::int32_t> zombie_children(pid_t pid) {
    std::vector<std::int32_t> out;
    for (const pid_t tid : list_threads(pid)) {
        const auto children = slurp(fmt::format("/proc/{}/task/{}/children", pid, tid));
        if (!children) continue;
        for (const pid_t child : parse_pids(*children)) {
            const auto stat = read_stat(child);
            if (stat && stat->state == 'Z') out.push_back(child);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace ct::tracer
