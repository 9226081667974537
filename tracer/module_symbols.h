// The symbols of every module a traced program runs, read once per file:
// the module's own table, or the full one of its separate debug file
// (/usr/lib/debug/.build-id/xx/yyyy.debug) when one is installed.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "decoder/elf_symbols.h"
#include "decoder/proc_maps.h"

namespace ct::tracer {

struct ModuleAddress {
    std::uint64_t linked = 0;  // the address as the module was linked (what addr2line takes)
    std::optional<decoder::SymbolHit> symbol;
};

class ModuleSymbols {
public:
    // `address` lies in `mapping`, a mapped file. `after_call`: it is a
    // return address, so the call before it names the function.
    ModuleAddress resolve(const decoder::Mapping& mapping, std::uint64_t address, bool after_call);

private:
    struct Module {
        decoder::ElfSymbols image;
        decoder::ElfSymbols debug;  // empty when no debug file was found
    };
    const Module& module(const decoder::Mapping& mapping);

    std::map<std::pair<std::uint64_t, std::uint64_t>, std::unique_ptr<Module>> modules_;  // by device and inode
};

}  // namespace ct::tracer
