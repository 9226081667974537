// /proc/PID/maps as data: which file (and where in it) an address belongs to.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ct::decoder {

struct Mapping {
    std::uint64_t start = 0;
    std::uint64_t end = 0;          // one past the last byte
    std::uint64_t file_offset = 0;  // where `start` lies in the file
    bool executable = false;
    std::uint64_t device = 0;       // major << 32 | minor; with inode, names the file
    std::uint64_t inode = 0;
    std::string path;               // empty for anonymous memory; "[vdso]" and such for the kernel's
    bool contains(std::uint64_t address) const { return address >= start && address < end; }
    bool is_file() const { return inode != 0 && !path.empty() && path.front() == '/'; }
};

// The mappings of one maps file, in address order; malformed lines are skipped.
std::vector<Mapping> parse_proc_maps(std::string_view text);

// The mapping that holds `address`, in mappings sorted by address.
const Mapping* find_mapping(const std::vector<Mapping>& mappings, std::uint64_t address);

}  // namespace ct::decoder
