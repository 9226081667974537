#include "tracer/module_symbols.h"

#include <fcntl.h>
#include <span>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ct::tracer {
namespace {

using decoder::ElfSymbols;

constexpr const char* kDebugDir = "/usr/lib/debug/.build-id/";

// The file's symbols, when it is the file with this inode (a module
// replaced on disk since it was mapped would name the wrong functions).
ElfSymbols read_elf(const std::string& path, std::optional<std::uint64_t> inode) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {};
    ElfSymbols out;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && (!inode || st.st_ino == *inode)) {
        const auto size = static_cast<std::size_t>(st.st_size);
        void* image = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (image != MAP_FAILED) {
            out = ElfSymbols::parse(std::span(static_cast<const std::byte*>(image), size));
            ::munmap(image, size);
        }
    }
    ::close(fd);
    return out;
}

}  // namespace

const ModuleSymbols::Module& ModuleSymbols::module(const decoder::Mapping& mapping) {
    auto& slot = modules_[{mapping.device, mapping.inode}];
    if (slot) return *slot;
    slot = std::make_unique<Module>();
    slot->image = read_elf(mapping.path, mapping.inode);
    const std::string& id = slot->image.build_id();
    if (!slot->image.has_symtab() && id.size() > 2)
        slot->debug = read_elf(kDebugDir + id.substr(0, 2) + "/" + id.substr(2) + ".debug", std::nullopt);
    return *slot;
}

ModuleAddress ModuleSymbols::resolve(const decoder::Mapping& mapping, std::uint64_t address, bool after_call) {
    const Module& m = module(mapping);
    const std::uint64_t file_offset = address - mapping.start + mapping.file_offset;
    ModuleAddress out{m.image.address_of_offset(file_offset).value_or(file_offset), std::nullopt};
    if (!m.image.valid()) return out;
    const std::uint64_t back = after_call ? 1 : 0;
    const ElfSymbols& table = m.debug.size() > 0 ? m.debug : m.image;
    out.symbol = table.lookup(out.linked - back);
    if (out.symbol) out.symbol->offset += back;
    return out;
}

}  // namespace ct::tracer
