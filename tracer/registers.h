// The registers the tracer changes at a syscall stop (the call's number, its
// return value, an argument, the instruction pointer), read and written as
// the host's NT_PRSTATUS register set. Where the host's layout is not known
// here, nothing can be changed and the callers keep to syscall stops.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <sys/types.h>
#include <vector>

#include "arch/abi.h"

namespace ct::tracer {

class SyscallRegisters {
public:
    struct Layout;  // where the host keeps each register, for one ABI

    // Reads the stopped task's registers; nullopt when they cannot be read
    // or changed on this host for this ABI.
    static std::optional<SyscallRegisters> read(pid_t tid, const arch::Abi& abi);
    bool write() const;

    std::uint64_t arg(std::size_t index) const;
    void set_arg(std::size_t index, std::uint64_t value);
    // nr -1 makes the kernel skip the call; the task then sees `ret` as its result.
    void skip_call(std::int64_t ret);
    void set_instruction_pointer(std::uint64_t ip);

private:
    SyscallRegisters(pid_t tid, const Layout& layout) : tid_(tid), layout_(&layout) {}
    std::uint64_t get(std::size_t offset) const;
    void put(std::size_t offset, std::uint64_t value);

    pid_t tid_;
    const Layout* layout_;
    std::vector<std::byte> bytes_;
};

}  // namespace ct::tracer
