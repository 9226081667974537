#include "decoder/elf_symbols.h"

#include <cstring>
#include <elf.h>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace ct::decoder {
namespace {

// A small ELF image: one loaded segment (file offset 0x1000 at address
// 0x401000), a symbol table with its string table, and a build-id note.
class ElfImage {
public:
    struct Sym {
        std::string name;
        std::uint64_t value, size;
        unsigned char type = STT_FUNC, bind = STB_GLOBAL, visibility = STV_DEFAULT;
        std::uint16_t section = 1;
    };
    std::vector<Sym> symbols;
    std::vector<unsigned char> build_id{0xab, 0xcd, 0x01, 0x23};
    unsigned symtab_type = SHT_SYMTAB;

    std::vector<std::byte> bytes() const {
        std::string strtab(1, '\0');
        std::vector<Elf64_Sym> syms(1);
        for (const Sym& s : symbols) {
            Elf64_Sym e{};
            e.st_name = static_cast<Elf64_Word>(strtab.size());
            strtab += s.name + '\0';
            e.st_info = static_cast<unsigned char>(ELF64_ST_INFO(s.bind, s.type));
            e.st_other = s.visibility;
            e.st_shndx = s.section;
            e.st_value = s.value;
            e.st_size = s.size;
            syms.push_back(e);
        }
        std::vector<unsigned char> note(sizeof(Elf64_Nhdr) + 4);
        Elf64_Nhdr nh{4, static_cast<Elf64_Word>(build_id.size()), NT_GNU_BUILD_ID};
        std::memcpy(note.data(), &nh, sizeof nh);
        std::memcpy(note.data() + sizeof nh, "GNU", 4);
        note.insert(note.end(), build_id.begin(), build_id.end());

        std::vector<std::byte> out(sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr));
        const auto append = [&](const void* data, std::size_t n) {
            const std::size_t at = out.size();
            out.resize(at + n);
            std::memcpy(out.data() + at, data, n);
            return at;
        };
        const std::size_t sym_at = append(syms.data(), syms.size() * sizeof(Elf64_Sym));
        const std::size_t str_at = append(strtab.data(), strtab.size());
        const std::size_t note_at = append(note.data(), note.size());
        std::vector<Elf64_Shdr> sh(4);
        sh[1] = Elf64_Shdr{0, symtab_type, 0, 0, sym_at, syms.size() * sizeof(Elf64_Sym), 2, 1, 8, sizeof(Elf64_Sym)};
        sh[2] = Elf64_Shdr{0, SHT_STRTAB, 0, 0, str_at, strtab.size(), 0, 0, 1, 0};
        sh[3] = Elf64_Shdr{0, SHT_NOTE, 0, 0, note_at, note.size(), 0, 0, 4, 0};
        const std::size_t sh_at = append(sh.data(), sh.size() * sizeof(Elf64_Shdr));

        Elf64_Ehdr eh{};
        std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
        eh.e_ident[EI_CLASS] = ELFCLASS64;
        eh.e_ident[EI_DATA] = ELFDATA2LSB;
        eh.e_phoff = sizeof(Elf64_Ehdr);
        eh.e_phnum = 1;
        eh.e_shoff = sh_at;
        eh.e_shnum = static_cast<Elf64_Half>(sh.size());
        std::memcpy(out.data(), &eh, sizeof eh);
        Elf64_Phdr ph{PT_LOAD, PF_R | PF_X, 0x1000, 0x401000, 0x401000, 0x2000, 0x2000, 0x1000};
        std::memcpy(out.data() + sizeof eh, &ph, sizeof ph);
        return out;
    }
};

ElfImage pool_image() {
    ElfImage img;
    img.symbols = {{"main", 0x401100, 0x40},
                   {"spawn_worker", 0x401200, 0x80},
                   {"_ZN2ns4Pool5spawnEi", 0x401300, 0x20},
                   {"pthread_create@@GLIBC_2.34", 0x401400, 0x10},
                   {"a_variable", 0x401500, 0x100, STT_OBJECT},
                   {"undefined", 0x401600, 0x100, STT_FUNC, STB_GLOBAL, STV_DEFAULT, SHN_UNDEF},
                   {"tiny", 0x401700, 0x4}};
    return img;
}

TEST(ElfSymbols, NamesTheFunctionThatCoversAnAddress) {
    const auto bytes = pool_image().bytes();
    const ElfSymbols elf = ElfSymbols::parse(bytes);
    ASSERT_TRUE(elf.valid());
    EXPECT_TRUE(elf.has_symtab());
    EXPECT_EQ(elf.size(), 5U);  // functions only, defined ones only
    const auto hit = elf.lookup(0x401260);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->name, "spawn_worker");
    EXPECT_EQ(hit->offset, 0x60U);
    EXPECT_EQ(elf.lookup(0x401100)->name, "main");
    EXPECT_EQ(elf.lookup(0x40140f)->name, "pthread_create");  // no symbol version
}

TEST(ElfSymbols, AnAddressNoSymbolCoversHasNoName) {
    const auto bytes = pool_image().bytes();
    const ElfSymbols elf = ElfSymbols::parse(bytes);
    EXPECT_FALSE(elf.lookup(0x401140));  // past main's end: not main+0x40
    EXPECT_FALSE(elf.lookup(0x401704 + 0x229));
    EXPECT_FALSE(elf.lookup(0x401550));  // a variable is no function
    EXPECT_FALSE(elf.lookup(0x401650));  // an undefined symbol names nothing
    EXPECT_FALSE(elf.lookup(0x10));
}

TEST(ElfSymbols, PrefersThePublicAlias) {
    ElfImage img;
    img.symbols = {{"__GI___clone3", 0x401100, 0x30, STT_FUNC, STB_GLOBAL, STV_HIDDEN},
                   {"__libc_fork", 0x401200, 0x30},
                   {"fork", 0x401200, 0x30, STT_FUNC, STB_WEAK},
                   {"__clone3", 0x401100, 0x30, STT_FUNC, STB_WEAK}};
    const auto bytes = img.bytes();
    const ElfSymbols elf = ElfSymbols::parse(bytes);
    EXPECT_EQ(elf.lookup(0x401110)->name, "__clone3");
    EXPECT_EQ(elf.lookup(0x401210)->name, "fork");
}

TEST(ElfSymbols, FileOffsetsToLinkedAddresses) {
    const auto bytes = pool_image().bytes();
    const ElfSymbols elf = ElfSymbols::parse(bytes);
    EXPECT_EQ(elf.address_of_offset(0x1260), 0x401260U);
    EXPECT_FALSE(elf.address_of_offset(0x10));
    EXPECT_FALSE(elf.address_of_offset(0x3000));
}

TEST(ElfSymbols, BuildIdAndTableKind) {
    ElfImage img = pool_image();
    img.symtab_type = SHT_DYNSYM;
    const auto bytes = img.bytes();
    const ElfSymbols elf = ElfSymbols::parse(bytes);
    EXPECT_EQ(elf.build_id(), "abcd0123");
    EXPECT_FALSE(elf.has_symtab());  // only the exported table
    EXPECT_EQ(elf.lookup(0x401210)->name, "spawn_worker");
}

TEST(ElfSymbols, CutOffOrForeignBytesGiveNothing) {
    const auto bytes = pool_image().bytes();
    // Every prefix: read without reading past its end (the sanitizers
    // check that), and never a wrong name.
    for (std::size_t n = 0; n < bytes.size(); n += 7) {
        const auto hit = ElfSymbols::parse(std::span(bytes).first(n)).lookup(0x401260);
        EXPECT_TRUE(!hit || hit->name == "spawn_worker") << n;
    }
    std::vector<std::byte> not_elf(256, std::byte{0x7f});
    EXPECT_FALSE(ElfSymbols::parse(not_elf).valid());
    auto elf32 = bytes;
    elf32[EI_CLASS] = std::byte{ELFCLASS32};
    EXPECT_FALSE(ElfSymbols::parse(elf32).valid());
}

TEST(Demangle, CxxNamesInSourceForm) {
    EXPECT_EQ(demangle("_ZN2ns4Pool5spawnEi"), "ns::Pool::spawn(int)");
    EXPECT_EQ(demangle("main"), "main");
    EXPECT_EQ(demangle("_Znot a name"), "_Znot a name");
    EXPECT_EQ(demangle(""), "");
}

}  // namespace
}  // namespace ct::decoder
