#include "decoder/elf_symbols.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <cxxabi.h>
#include <elf.h>
#include <memory>

namespace ct::decoder {
namespace {

// Reads a T at `offset` when the whole of it lies inside `bytes`.
template <typename T>
std::optional<T> read_at(std::span<const std::byte> bytes, std::uint64_t offset) {
    if (offset > bytes.size() || bytes.size() - offset < sizeof(T)) return std::nullopt;
    T value;
    std::memcpy(&value, bytes.data() + offset, sizeof(T));
    return value;
}

std::span<const std::byte> section_bytes(std::span<const std::byte> image, const Elf64_Shdr& s) {
    if (s.sh_type == SHT_NOBITS || s.sh_offset > image.size() || image.size() - s.sh_offset < s.sh_size) return {};
    return image.subspan(s.sh_offset, s.sh_size);
}

std::string string_at(std::span<const std::byte> strtab, std::uint64_t offset) {
    if (offset >= strtab.size()) return {};
    const auto* start = reinterpret_cast<const char*>(strtab.data() + offset);
    return std::string(start, strnlen(start, strtab.size() - offset));
}

constexpr char kHex[] = "0123456789abcdef";

// The NT_GNU_BUILD_ID note among the notes of one SHT_NOTE section.
std::string build_id_in(std::span<const std::byte> notes) {
    std::uint64_t at = 0;
    while (const auto n = read_at<Elf64_Nhdr>(notes, at)) {
        const std::uint64_t name_at = at + sizeof(Elf64_Nhdr);
        const std::uint64_t desc_at = name_at + ((n->n_namesz + 3U) & ~3ULL);
        const std::uint64_t next = desc_at + ((n->n_descsz + 3ULL) & ~3ULL);
        if (desc_at > notes.size() || notes.size() - desc_at < n->n_descsz) break;
        if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 && std::memcmp(notes.data() + name_at, "GNU", 4) == 0) {
            std::string out;
            for (std::size_t i = 0; i < n->n_descsz; ++i) {
                const auto b = static_cast<unsigned>(notes[desc_at + i]);
                out += kHex[b >> 4];
                out += kHex[b & 15];
            }
            return out;
        }
        at = next;
    }
    return {};
}

std::vector<ElfSymbol> functions_in(std::span<const std::byte> table, std::span<const std::byte> strtab) {
    std::vector<ElfSymbol> out;
    for (std::uint64_t at = 0; const auto sym = read_at<Elf64_Sym>(table, at); at += sizeof(Elf64_Sym)) {
        const unsigned type = ELF64_ST_TYPE(sym->st_info);
        if ((type != STT_FUNC && type != STT_GNU_IFUNC) || sym->st_shndx == SHN_UNDEF || sym->st_value == 0) continue;
        std::string name = string_at(strtab, sym->st_name);
        name.resize(std::min(name.size(), name.find('@')));  // "pthread_create@@GLIBC_2.34": the version is no part of the name
        // The public name of a function before its internal aliases
        // (__clone3, not __GI___clone3; fork, not __libc_fork).
        const int rank = (ELF64_ST_VISIBILITY(sym->st_other) == STV_DEFAULT ? 4 : 0) +
                         (ELF64_ST_BIND(sym->st_info) != STB_LOCAL ? 2 : 0) + (name.front() != '_' ? 1 : 0);
        if (!name.empty()) out.push_back({sym->st_value, sym->st_size, std::move(name), rank});
    }
    return out;
}

}  // namespace

ElfSymbols ElfSymbols::parse(std::span<const std::byte> image) {
    ElfSymbols out;
    const auto eh = read_at<Elf64_Ehdr>(image, 0);
    if (!eh || std::memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
        eh->e_ident[EI_DATA] != ELFDATA2LSB)
        return out;
    out.valid_ = true;
    for (std::uint64_t i = 0; i < eh->e_phnum; ++i) {
        const auto ph = read_at<Elf64_Phdr>(image, eh->e_phoff + i * sizeof(Elf64_Phdr));
        if (!ph) break;
        if (ph->p_type == PT_LOAD) out.segments_.push_back({ph->p_offset, ph->p_vaddr, ph->p_filesz});
    }
    std::vector<Elf64_Shdr> sections;
    for (std::uint64_t i = 0; i < eh->e_shnum; ++i) {
        const auto sh = read_at<Elf64_Shdr>(image, eh->e_shoff + i * sizeof(Elf64_Shdr));
        if (!sh) break;
        sections.push_back(*sh);
    }
    std::vector<ElfSymbol> dynamic;
    for (const Elf64_Shdr& s : sections) {
        if (s.sh_type == SHT_NOTE && out.build_id_.empty()) out.build_id_ = build_id_in(section_bytes(image, s));
        if ((s.sh_type != SHT_SYMTAB && s.sh_type != SHT_DYNSYM) || s.sh_link >= sections.size()) continue;
        auto found = functions_in(section_bytes(image, s), section_bytes(image, sections[s.sh_link]));
        if (s.sh_type == SHT_SYMTAB && !found.empty()) {
            out.has_symtab_ = true;
            out.symbols_ = std::move(found);
        } else if (s.sh_type == SHT_DYNSYM) {
            dynamic = std::move(found);
        }
    }
    // The full table holds the exported functions too.
    if (!out.has_symtab_) out.symbols_ = std::move(dynamic);
    std::stable_sort(out.symbols_.begin(), out.symbols_.end(),
                     [](const ElfSymbol& a, const ElfSymbol& b) {
                         return a.address != b.address ? a.address < b.address : a.rank < b.rank;
                     });
    return out;
}

std::optional<std::uint64_t> ElfSymbols::address_of_offset(std::uint64_t file_offset) const {
    for (const Segment& s : segments_)
        if (file_offset >= s.offset && file_offset - s.offset < s.size) return file_offset - s.offset + s.address;
    return std::nullopt;
}

std::optional<SymbolHit> ElfSymbols::lookup(std::uint64_t address) const {
    auto it = std::upper_bound(symbols_.begin(), symbols_.end(), address,
                               [](std::uint64_t a, const ElfSymbol& s) { return a < s.address; });
    // A few symbols back: an alias or a label inside a function may sit
    // between the address and the function that holds it.
    constexpr int kLookBack = 8;
    for (int i = 0; i < kLookBack && it != symbols_.begin(); ++i) {
        --it;
        if (address - it->address < it->size) return SymbolHit{it->name, address - it->address};
    }
    return std::nullopt;
}

std::string demangle(const std::string& name) {
    if (name.rfind("_Z", 0) != 0) return name;
    int status = 0;
    const std::unique_ptr<char, decltype(&std::free)> out(abi::__cxa_demangle(name.c_str(), nullptr, nullptr, &status),
                                                         &std::free);
    return status == 0 && out ? std::string(out.get()) : name;
}

}  // namespace ct::decoder
