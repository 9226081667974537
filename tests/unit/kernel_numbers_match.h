// Compares one of the call table's number columns with a kernel header's numbers.
#pragma once

#include <gtest/gtest.h>

#include "arch/calls.h"
#include "kernel_numbers.h"

namespace ct::test {

inline void expect_table_matches(arch::NumberTable table, const KernelNumbers& kernel, std::int64_t flag = 0) {
    for (const arch::CallRow& row : arch::call_table()) {
        const std::int32_t nr = row.nr[static_cast<std::size_t>(table)];
        const auto found = kernel.find(row.name);
        if (found == kernel.end()) {
            EXPECT_EQ(nr, arch::kNotInTable) << row.name << " is not in this kernel table";
        } else {
            EXPECT_EQ(nr + flag, found->second) << row.name;
        }
    }
}

}  // namespace ct::test
