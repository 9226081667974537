// The call table against the kernel's own headers: a wrong number fails here.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "arch/abi.h"
#include "arch/calls.h"
#include "kernel_numbers.h"
#include "kernel_numbers_match.h"

namespace ct::arch {
namespace {

using test::expect_table_matches;

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
    EXPECT_EQ(creations, (std::set<std::string_view>{"clone", "clone3", "fork", "vfork", "unshare", "setns"}));
}

}  // namespace
}  // namespace ct::arch
