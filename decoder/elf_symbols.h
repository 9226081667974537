// What a module's ELF bytes say about its code: function symbols, the
// mapping of file offsets to the addresses the module was linked at, and its
// build id (the name of its separate debug file). 64-bit little-endian ELF.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ct::decoder {

struct ElfSymbol {
    std::uint64_t address = 0;  // as linked
    std::uint64_t size = 0;
    std::string name;           // raw (mangled) bytes
    int rank = 0;               // among aliases, the higher names the address
};

struct SymbolHit {
    std::string name;
    std::uint64_t offset = 0;  // from the symbol's start
};

class ElfSymbols {
public:
    // Nothing (not ELF, truncated, another class) gives an empty table.
    static ElfSymbols parse(std::span<const std::byte> image);

    bool valid() const { return valid_; }
    bool has_symtab() const { return has_symtab_; }  // a full table, not only the exported one
    const std::string& build_id() const { return build_id_; }  // lower-case hex, empty when none
    std::size_t size() const { return symbols_.size(); }

    // The linked address of `file_offset`, when a loaded segment holds it.
    std::optional<std::uint64_t> address_of_offset(std::uint64_t file_offset) const;
    // The function whose extent holds `address`: a symbol that does not
    // cover it (no size, or too short) names nothing rather than a neighbour.
    std::optional<SymbolHit> lookup(std::uint64_t address) const;

private:
    struct Segment {
        std::uint64_t offset, address, size;
    };
    bool valid_ = false;
    bool has_symtab_ = false;
    std::string build_id_;
    std::vector<Segment> segments_;
    std::vector<ElfSymbol> symbols_;  // by address
};

// A C++ symbol in source form ("ns::Pool::spawn(int)"); other names unchanged.
std::string demangle(const std::string& name);

}  // namespace ct::decoder
