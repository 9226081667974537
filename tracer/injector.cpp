#include "tracer/injector.h"

#include <algorithm>
#include <array>
#include <sys/ptrace.h>

#include "arch/raw_syscall.h"
#include "arch/syscall_rewrite.h"

namespace ct::tracer {
namespace {

using InfoBytes = std::array<std::byte, arch::kSyscallInfoSize>;

// The kernel fills only the part of the buffer the stop's op uses and says how much.
bool read_info(pid_t tid, InfoBytes& info) {
    return ::ptrace(PTRACE_GET_SYSCALL_INFO, tid, reinterpret_cast<void*>(info.size()), info.data()) > 0;
}

bool write_info(pid_t tid, InfoBytes& info) {
    return ::ptrace(static_cast<__ptrace_request>(arch::kPtraceSetSyscallInfo), tid,
                    reinterpret_cast<void*>(info.size()), info.data()) == 0;
}

}  // namespace

std::optional<std::int64_t> Injector::at_entry(pid_t tid, arch::SyscallKind kind) {
    std::optional<std::int64_t> error;
    for (std::size_t i = 0; i < rules_.size(); ++i) {
        const auto& calls = rules_[i].calls;
        if (std::find(calls.begin(), calls.end(), kind) == calls.end()) continue;
        // Each rule counts every call it matches, as strace's do.
        if (decoder::inject_fires(rules_[i].when, ++counts_[i]) && !error) error = rules_[i].error;
    }
    if (!error) return std::nullopt;
    InfoBytes info{};
    if (!read_info(tid, info) || !arch::rewrite_as_skipped(info) || !write_info(tid, info)) {
        refused_ = true;
        return std::nullopt;
    }
    return error;
}

bool Injector::at_exit(pid_t tid, std::int64_t err) {
    InfoBytes info{};
    return read_info(tid, info) && arch::rewrite_as_failed(info, err) && write_info(tid, info);
}

}  // namespace ct::tracer
