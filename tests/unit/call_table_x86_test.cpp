// The call table's x86 columns against the x86 kernel headers, which only an
// x86 toolchain ships.
#include <gtest/gtest.h>

#include "arch/abi.h"
#include "kernel_numbers_match.h"

namespace ct::arch {
namespace {

using test::expect_table_matches;

TEST(CallTable, X86_64NumbersAreTheKernels) { expect_table_matches(NumberTable::x86_64, test::kernel_numbers_x86_64()); }

TEST(CallTable, X32NumbersAreTheKernelsWithTheX32Bit) {
    const Abi* x32 = abi_by_name("x32");
    ASSERT_NE(x32, nullptr);
    expect_table_matches(x32->numbers, test::kernel_numbers_x32(), x32->nr_flag);
}

TEST(CallTable, I386NumbersAreTheKernels) { expect_table_matches(NumberTable::i386, test::kernel_numbers_i386()); }

}  // namespace
}  // namespace ct::arch
