// The numbers of <asm/unistd_32.h>; see kernel_numbers.h.
#include <asm/unistd_32.h>

#include "kernel_numbers.h"

ct::test::KernelNumbers ct::test::kernel_numbers_i386() {
#include "kernel_numbers_rows.inc"
}
