#include "tracer/ptrace_memory.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/ptrace.h>
#include <sys/uio.h>

namespace ct::tracer {

std::size_t PtraceMemory::read(std::uint64_t address, std::span<std::byte> out) {
    if (out.empty()) return 0;
    iovec local{out.data(), out.size()};
    iovec remote{reinterpret_cast<void*>(address), out.size()};
    const ssize_t n = ::process_vm_readv(tid_, &local, 1, &remote, 1, 0);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EFAULT) return 0;
    return peek(address, out);
}

bool PtraceMemory::write(std::uint64_t address, std::span<const std::byte> bytes) {
    iovec local{const_cast<std::byte*>(bytes.data()), bytes.size()};
    iovec remote{reinterpret_cast<void*>(address), bytes.size()};
    return ::process_vm_writev(tid_, &local, 1, &remote, 1, 0) == static_cast<ssize_t>(bytes.size());
}

std::size_t PtraceMemory::peek(std::uint64_t address, std::span<std::byte> out) {
    constexpr std::size_t kWord = sizeof(long);
    std::size_t done = 0;
    while (done < out.size()) {
        const std::uint64_t at = address + done;
        const std::uint64_t aligned = at & ~static_cast<std::uint64_t>(kWord - 1);
        errno = 0;
        const long word = ::ptrace(PTRACE_PEEKDATA, tid_, reinterpret_cast<void*>(aligned), nullptr);
        if (errno != 0) break;
        const std::size_t skip = at - aligned;
        const std::size_t take = std::min(kWord - skip, out.size() - done);
        std::memcpy(out.data() + done, reinterpret_cast<const std::byte*>(&word) + skip, take);
        done += take;
    }
    return done;
}

}  // namespace ct::tracer
