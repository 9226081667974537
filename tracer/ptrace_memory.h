// Reads a stopped tracee's memory: process_vm_readv, then PTRACE_PEEKDATA
// where that is not allowed. Writes only with process_vm_writev, which
// honours the task's own page protections.
#pragma once

#include <sys/types.h>

#include "decoder/memory_reader.h"

namespace ct::tracer {

class PtraceMemory final : public decoder::MemoryReader {
public:
    explicit PtraceMemory(pid_t tid) : tid_(tid) {}
    std::size_t read(std::uint64_t address, std::span<std::byte> out) override;
    // Writes all of `bytes` at `address` (memory the task may write itself), or fails.
    bool write(std::uint64_t address, std::span<const std::byte> bytes);

private:
    std::size_t peek(std::uint64_t address, std::span<std::byte> out);
    pid_t tid_;
};

}  // namespace ct::tracer
