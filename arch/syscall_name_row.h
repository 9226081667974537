// One row of the generated syscall-name tables (arch/syscall_names_table.h).
#pragma once

#include <cstdint>
#include <string_view>

namespace ct::arch {

struct SyscallNameRow {
    std::uint32_t nr;
    std::string_view name;
};

}  // namespace ct::arch
