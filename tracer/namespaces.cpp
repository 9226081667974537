#include "tracer/namespaces.h"

#include <array>
#include <charconv>
#include <string>
#include <unistd.h>


#include <fmt/format.h>

#include "arch/calls.h"
#include "decoder/clone_flags.h"

namespace ct::tracer {
namespace {

// Every link of /proc/TID/ns/: the namespaces a task is in, and those its
// children will be born in (unshare(CLONE_NEWPID) changes only pid_for_children).
constexpr std::array<std::string_view, 10> kCallerKinds{
    "cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "time_for_children", "user", "uts"};

}  // namespace

std::optional<std::uint64_t> read_namespace_id(pid_t tid, std::string_view kind) {
    const std::string path = fmt::format("/proc/{}/ns/{}", tid, kind);
    std::array<char, 64> link{};
    const ssize_t n = ::readlink(path.c_str(), link.data(), link.size());
    if (n <= 0 || static_cast<std::size_t>(n) >= link.size()) return std::nullopt;
    const std::string_view text(link.data(), static_cast<std::size_t>(n));
    const std::size_t open = text.find(":[");
    if (open == std::string_view::npos || text.back() != ']') return std::nullopt;
    std::uint64_t id = 0;
    const char* first = text.data() + open + 2;
    const char* last = text.data() + text.size() - 1;
    const auto [end, ec] = std::from_chars(first, last, id);
    if (ec != std::errc() || end != last) return std::nullopt;
    return id;
}

void add_new_namespaces(decoder::Creation& creation, pid_t creator, pid_t child) {
    for (const decoder::FlagName& f : decoder::clone_flag_table()) {
        if (f.role != decoder::FlagRole::new_namespace || (creation.call.flags & f.bit) == 0) continue;
        if (const auto id = read_namespace_id(child, f.ns)) creation.new_namespaces[std::string(f.ns)] = *id;
        if (const auto id = read_namespace_id(creator, f.ns)) creation.parent_namespaces[std::string(f.ns)] = *id;
    }
}

void note_namespaces_before(decoder::Creation& creation, pid_t tid) {
    for (const std::string_view kind : kCallerKinds)
        if (const auto id = read_namespace_id(tid, kind)) creation.parent_namespaces[std::string(kind)] = *id;
    if (arch::call_row(creation.call.syscall).family != arch::CallFamily::setns || creation.call.ns_fd < 0) return;
    const std::string path = fmt::format("/proc/{}/fd/{}", tid, creation.call.ns_fd);
    std::array<char, 256> link{};
    const ssize_t n = ::readlink(path.c_str(), link.data(), link.size());
    if (n > 0 && static_cast<std::size_t>(n) < link.size())
        creation.call.ns_target.assign(link.data(), static_cast<std::size_t>(n));
}

void note_namespaces_after(decoder::Creation& creation, pid_t tid) {
    decoder::NamespaceIds& before = creation.parent_namespaces;
    decoder::NamespaceIds& after = creation.new_namespaces;
    for (const std::string_view kind : kCallerKinds)
        if (const auto id = read_namespace_id(tid, kind)) after[std::string(kind)] = *id;
    std::erase_if(before, [&](const auto& entry) {
        const auto it = after.find(entry.first);
        return it != after.end() && it->second == entry.second;
    });
    std::erase_if(after, [&](const auto& entry) { return !before.contains(entry.first); });
}

}  // namespace ct::tracer
