#include "tracer/registers.h"

#include <array>
#include <cstring>
#include <elf.h>
#include <string_view>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>

namespace ct::tracer {

struct SyscallRegisters::Layout {
    std::string_view abi;
    std::size_t size;                  // of the register set
    std::size_t nr, ret, ip;           // byte offsets in it
    std::array<std::size_t, 6> args;
};

namespace {

#if defined(__x86_64__)
#define CT_REG(name) offsetof(user_regs_struct, name)
// An i386 or x32 task traced from x86_64 has x86_64's register set; i386
// passes arguments in ebx, ecx, edx, esi, edi, ebp.
constexpr std::array<SyscallRegisters::Layout, 3> kLayouts{{
    {"x86_64", sizeof(user_regs_struct), CT_REG(orig_rax), CT_REG(rax), CT_REG(rip),
     {CT_REG(rdi), CT_REG(rsi), CT_REG(rdx), CT_REG(r10), CT_REG(r8), CT_REG(r9)}},
    {"x32", sizeof(user_regs_struct), CT_REG(orig_rax), CT_REG(rax), CT_REG(rip),
     {CT_REG(rdi), CT_REG(rsi), CT_REG(rdx), CT_REG(r10), CT_REG(r8), CT_REG(r9)}},
    {"i386", sizeof(user_regs_struct), CT_REG(orig_rax), CT_REG(rax), CT_REG(rip),
     {CT_REG(rbx), CT_REG(rcx), CT_REG(rdx), CT_REG(rsi), CT_REG(rdi), CT_REG(rbp)}},
}};
#undef CT_REG
#else
constexpr std::array<SyscallRegisters::Layout, 0> kLayouts{};
#endif

}  // namespace

std::optional<SyscallRegisters> SyscallRegisters::read(pid_t tid, const arch::Abi& abi) {
    for (const Layout& layout : kLayouts) {
        if (layout.abi != abi.name) continue;
        SyscallRegisters regs(tid, layout);
        regs.bytes_.resize(layout.size);
        iovec io{regs.bytes_.data(), regs.bytes_.size()};
        if (::ptrace(PTRACE_GETREGSET, tid, reinterpret_cast<void*>(NT_PRSTATUS), &io) != 0 || io.iov_len != layout.size)
            return std::nullopt;
        return regs;
    }
    return std::nullopt;
}

bool SyscallRegisters::write() const {
    iovec io{const_cast<std::byte*>(bytes_.data()), bytes_.size()};
    return ::ptrace(PTRACE_SETREGSET, tid_, reinterpret_cast<void*>(NT_PRSTATUS), &io) == 0;
}

std::uint64_t SyscallRegisters::get(std::size_t offset) const {
    std::uint64_t v = 0;
    std::memcpy(&v, bytes_.data() + offset, sizeof v);
    return v;
}

void SyscallRegisters::put(std::size_t offset, std::uint64_t value) { std::memcpy(bytes_.data() + offset, &value, sizeof value); }

std::uint64_t SyscallRegisters::arg(std::size_t index) const { return get(layout_->args.at(index)); }

void SyscallRegisters::set_arg(std::size_t index, std::uint64_t value) { put(layout_->args.at(index), value); }

void SyscallRegisters::skip_call(std::int64_t ret) {
    put(layout_->nr, static_cast<std::uint64_t>(-1));
    put(layout_->ret, static_cast<std::uint64_t>(ret));
}

void SyscallRegisters::set_instruction_pointer(std::uint64_t ip) { put(layout_->ip, ip); }

}  // namespace ct::tracer
