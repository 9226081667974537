#include "arch/syscall_names.h"

namespace ct::arch {

std::optional<std::string_view> syscall_name(const Abi& abi, std::uint64_t nr) {
    const std::uint64_t bare = nr & ~static_cast<std::uint64_t>(abi.nr_flag);
    for (const SyscallNameRow& row : syscall_names(abi.numbers))
        if (row.nr == bare) return row.name;
    return std::nullopt;
}

}  // namespace ct::arch
