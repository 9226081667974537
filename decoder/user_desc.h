// struct user_desc (asm/ldt.h): what CLONE_SETTLS's tls argument points to
// for i386 programs, where it describes a GDT entry rather than being the
// thread pointer itself. Read through a MemoryReader; unreadable is nullopt.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "decoder/memory_reader.h"

namespace ct::decoder {

inline constexpr std::size_t kUserDescSize = 16;  // three u32 and a word of bit fields

struct UserDesc {
    std::int32_t entry_number = 0;  // -1 asks the kernel for a free entry
    std::uint32_t base_addr = 0;
    std::uint32_t limit = 0;
    // The bit fields, in their declaration order.
    std::uint32_t seg_32bit = 0;
    std::uint32_t contents = 0;  // two bits
    std::uint32_t read_exec_only = 0;
    std::uint32_t limit_in_pages = 0;
    std::uint32_t seg_not_present = 0;
    std::uint32_t useable = 0;

    bool operator==(const UserDesc&) const = default;
};

// From the struct's bytes in the tracee's (little-endian) layout.
UserDesc parse_user_desc(std::span<const std::byte, kUserDescSize> bytes);

std::optional<UserDesc> read_user_desc(MemoryReader& memory, std::uint64_t address);

}  // namespace ct::decoder
