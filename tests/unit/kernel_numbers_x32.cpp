// The numbers of <asm/unistd_x32.h>; see kernel_numbers.h.
// <asm/unistd.h> defines this (and would pull in the 64-bit numbers too).
#define __X32_SYSCALL_BIT 0x40000000
#include <asm/unistd_x32.h>

#include "kernel_numbers.h"

ct::test::KernelNumbers ct::test::kernel_numbers_x32() {
#include "kernel_numbers_rows.inc"
}
