// The call table against the kernel's own headers: a wrong number fails here.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "arch/abi.h"
#include "arch/calls.h"
#include "kernel_numbers.h"

namespace ct::arch {
namespace {

void expect_table_matches(NumberTable table, const test::KernelNumbers& kernel, std::int64_t flag = 0) {
    for (const CallRow& row : call_table()) {
        const std::int32_t nr = row.nr[static_cast<std::size_t>(table)];
        const auto found = kernel.find(row.name);
        if (found == kernel.end()) {
            EXPECT_EQ(nr, kNotInTable) << row.name << " is not in this kernel table";
        } else {
            EXPECT_EQ(nr + flag, found->second) << row.name;
        }
    }
}

TEST(CallTable, X86_64NumbersAreTheKernels) { expect_table_matches(NumberTable::x86_64, test::kernel_numbers_x86_64()); }

TEST(CallTable, X32NumbersAreTheKernelsWithTheX32Bit) {
    const Abi* x32 = abi_by_name("x32");
    ASSERT_NE(x32, nullptr);
    expect_table_matches(x32->numbers, test::kernel_numbers_x32(), x32->nr_flag);
}

TEST(CallTable, I386NumbersAreTheKernels) { expect_table_matches(NumberTable::i386, test::kernel_numbers_i386()); }

TEST(CallTable, GenericNumbersAreTheKernels) {
    expect_table_matches(NumberTable::generic, test::kernel_numbers_generic());
}

TEST(CallTable, EveryCallHasARowInEnumOrderWithAUniqueName) {
    ASSERT_EQ(call_table().size(), kSyscallKindCount);
    std::set<std::string_view> names;
    for (std::size_t i = 0; i < call_table().size(); ++i) {
        const CallRow& row = call_table()[i];
        EXPECT_EQ(static_cast<std::size_t>(row.kind), i);
        EXPECT_TRUE(names.insert(row.name).second) << row.name;
        EXPECT_EQ(kind_by_name(row.name), row.kind);
        EXPECT_EQ(kind_name(row.kind), row.name);
    }
    EXPECT_EQ(kind_by_name("execve"), std::nullopt);
}

TEST(CallTable, EachAbiFindsEachOfItsCallsByNumber) {
    for (const Abi& abi : all_abis()) {
        for (const CallRow& row : call_table()) {
            const auto nr = syscall_number(abi, row.kind);
            if (!nr) continue;
            EXPECT_EQ(syscall_kind(abi, *nr | abi.nr_flag), row.kind) << abi.name << " " << row.name;
        }
    }
}

TEST(CallTable, CreationCallsAreTheCreationFamilies) {
    std::set<std::string_view> creations;
    for (const CallRow& row : call_table())
        if (is_creation(row.kind)) creations.insert(row.name);
    EXPECT_EQ(creations, (std::set<std::string_view>{"clone", "clone3", "fork", "vfork"}));
}

}  // namespace
}  // namespace ct::arch
