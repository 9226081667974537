#include "decoder/user_desc.h"

#include <array>

namespace ct::decoder {
namespace {

std::uint32_t u32_at(std::span<const std::byte, kUserDescSize> bytes, std::size_t offset) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(bytes[offset + i]) << (8 * i);
    return v;
}

}  // namespace

UserDesc parse_user_desc(std::span<const std::byte, kUserDescSize> bytes) {
    const std::uint32_t bits = u32_at(bytes, 12);
    const auto field = [bits](unsigned shift, unsigned width) { return (bits >> shift) & ((1U << width) - 1); };
    UserDesc d;
    d.entry_number = static_cast<std::int32_t>(u32_at(bytes, 0));
    d.base_addr = u32_at(bytes, 4);
    d.limit = u32_at(bytes, 8);
    d.seg_32bit = field(0, 1);
    d.contents = field(1, 2);
    d.read_exec_only = field(3, 1);
    d.limit_in_pages = field(4, 1);
    d.seg_not_present = field(5, 1);
    d.useable = field(6, 1);
    return d;
}

std::optional<UserDesc> read_user_desc(MemoryReader& memory, std::uint64_t address) {
    std::array<std::byte, kUserDescSize> bytes{};
    if (address == 0 || memory.read(address, bytes) != bytes.size()) return std::nullopt;
    return parse_user_desc(bytes);
}

}  // namespace ct::decoder
