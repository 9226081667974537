#include "arch/syscall_names.h"

namespace ct::arch {

std::optional<std::string_view> syscall_name(const Abi& abi, std::uint64_t nr) {
    const std::uint64_t bare = nr & ~static_cast<std::uint64_t>(abi.nr_flag);
    for (const SyscallNameRow& row : syscall_names(abi.numbers))
        if (row.nr == bare) return row.name;
    return std::nullopt;
}

std::optional<std::string_view> syscall_name(std::uint32_t audit_arch, std::uint64_t nr) {
    const Abi* abi = find_abi(audit_arch, nr);
    return abi != nullptr ? syscall_name(*abi, nr) : std::nullopt;
}

}  // namespace ct::arch
